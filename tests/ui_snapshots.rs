//! Image snapshots of key screens, rendered by egui_kittest with wgpu on a software renderer
//! (Mesa's llvmpipe or lavapipe). They add to the state tests, never replace them. Where no
//! software renderer is installed they skip with a message, unless RIGHTPARTY_REQUIRE_SNAPSHOTS
//! is set (CI sets it, so there they always run). Update with `UPDATE_SNAPSHOTS=1 cargo test`.

use egui_kittest::wgpu::WgpuTestRenderer;
use egui_kittest::{Harness, SnapshotOptions, kittest::Queryable};
use rightparty::ui::{RightpartyApp, ScreenName};

use crate::ui::{app_on, shipped};

/// The software renderer, or `None` (with a message) where there is none.
pub fn renderer() -> Option<WgpuTestRenderer> {
    let made = std::panic::catch_unwind(WgpuTestRenderer::new);
    match made {
        Ok(r) => Some(r),
        Err(_) if std::env::var_os("RIGHTPARTY_REQUIRE_SNAPSHOTS").is_some() => {
            panic!("RIGHTPARTY_REQUIRE_SNAPSHOTS is set but no wgpu adapter could be created")
        }
        Err(_) => {
            eprintln!(
                "skipping image snapshot: no wgpu adapter. Install Mesa's software drivers \
                 (Debian: libegl-mesa0 libgl1-mesa-dri, or mesa-vulkan-drivers) to run it."
            );
            None
        }
    }
}

/// A 1100×720 harness around the app, rendering with `renderer`, in the light theme.
pub fn snapshot_harness(
    app: RightpartyApp,
    renderer: WgpuTestRenderer,
) -> Harness<'static, RightpartyApp> {
    let mut app = app;
    app.prefs.theme = eframe::egui::ThemePreference::Light;
    Harness::builder()
        .with_size([1100.0, 720.0])
        .renderer(renderer)
        .build_ui_state(|ui, app: &mut RightpartyApp| app.show(ui), app)
}

/// Strict comparison: the software renderers are pixel-identical run to run (egui's default
/// per-pixel colour tolerance, and no pixel past it).
pub fn strict() -> SnapshotOptions {
    SnapshotOptions::new().max_failed_pixels(0)
}

#[test]
fn library_snapshot() {
    let Some(r) = renderer() else { return };
    let dir = tempfile::tempdir().unwrap();
    let mut app = app_on(shipped(), dir.path());
    app.screen = ScreenName::Library;
    let mut h = snapshot_harness(app, r);
    h.run();
    // State first: the cards are there.
    h.get_by_label_contains("Play coached: First contact");
    h.snapshot_options("library", &strict());
}

/// The app opened on `screen` as `--screenshot` shows it (the first scenario played by its
/// first choices, the first practice exam begun).
fn app_opened_on(screen: ScreenName, dir: &std::path::Path) -> RightpartyApp {
    let mut app = app_on(shipped(), dir);
    app.open_sample(screen).expect("the sample opens");
    app
}

/// A picture of `screen` as `--screen` opens it, after checking that it shows what it should.
fn screen_snapshot(screen: ScreenName, name: &str) {
    if renderer().is_none() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let mut h = snapshot_harness(app_opened_on(screen, dir.path()), WgpuTestRenderer::new());
    h.run();
    // State first: the screen the picture is meant to show is the one open.
    assert_eq!(h.state().screen, screen, "{name}");
    match screen {
        ScreenName::Player => {
            let call = h.state().call.as_ref().expect("a call is open");
            assert_eq!(call.view.state().decisions.len(), 2);
            h.get_by_label("Coach");
        }
        ScreenName::Debrief => {
            h.get_by_label_contains("Result:");
        }
        _ => {
            let room = h.state().exam_room.as_ref().expect("an exam is open");
            assert_eq!(room.session().state().position, 2);
            h.get_by_label("Question 3 of 20");
        }
    }
    h.snapshot_options(name, &strict());
}

#[test]
fn player_snapshot() {
    screen_snapshot(ScreenName::Player, "player");
}

#[test]
fn debrief_snapshot() {
    screen_snapshot(ScreenName::Debrief, "debrief");
}

#[test]
fn exam_room_snapshot() {
    screen_snapshot(ScreenName::Exam, "exam_room");
}
