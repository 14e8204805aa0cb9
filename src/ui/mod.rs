//! The desktop app (default `gui` feature; the only module that imports egui): the shell in
//! [`app`], one file per screen, and [`run`], which opens the window.

pub mod account_screen;
pub mod app;
pub mod catalogue;
pub mod debrief;
pub mod exam_room;
pub mod glossary;
pub mod home;
pub mod launch;
pub mod player;
pub mod progress;
pub mod settings;
pub mod shot;
pub mod trainer;
pub mod watch;

pub use app::{AppAction, AppOptions, Prefs, RightpartyApp, ScreenName};
pub use shot::{ShotOutcome, ShotPlan};

use eframe::egui;

/// The number keys 1 to 9, in order: choice `n` is `DIGIT_KEYS[n - 1]` (player, exam room).
pub const DIGIT_KEYS: [egui::Key; 9] = [
    egui::Key::Num1,
    egui::Key::Num2,
    egui::Key::Num3,
    egui::Key::Num4,
    egui::Key::Num5,
    egui::Key::Num6,
    egui::Key::Num7,
    egui::Key::Num8,
    egui::Key::Num9,
];

/// The window's title and app id.
pub const APP_NAME: &str = "rightparty";

fn native_options() -> eframe::NativeOptions {
    let mut viewport = egui::ViewportBuilder::default()
        .with_title("rightparty — collections training")
        .with_app_id(APP_NAME)
        .with_inner_size([1100.0, 720.0])
        .with_min_inner_size([640.0, 420.0]);
    if let Ok(icon) = eframe::icon_data::from_png_bytes(include_bytes!("../../assets/icon.png")) {
        viewport = viewport.with_icon(icon);
    }
    eframe::NativeOptions {
        viewport,
        // glow on purpose: small, and renders on Mesa's software GL (test builds also switch on
        // eframe's wgpu feature through egui_kittest, which would otherwise become the default).
        renderer: eframe::Renderer::Glow,
        ..Default::default()
    }
}

/// Opens the window and runs until it is closed.
pub fn run(opts: AppOptions) -> eframe::Result {
    let options = native_options();
    eframe::run_native(
        APP_NAME,
        options,
        Box::new(move |cc| {
            // Pictures always use the same look, whatever was saved.
            let prefs = if opts.shot.is_some() {
                Prefs {
                    theme: egui::ThemePreference::Light,
                    walkthrough_done: true,
                    ..Prefs::default()
                }
            } else {
                cc.storage
                    .and_then(|s| eframe::get_value::<Prefs>(s, app::PREFS_KEY))
                    .unwrap_or_default()
            };
            Ok(Box::new(RightpartyApp::new(
                opts,
                Some(&cc.egui_ctx),
                prefs,
            )))
        }),
    )
}

/// Opens a window, closes it once its first frame is drawn, and returns: the app (content
/// loading started, home screen) or, with `minimal`, a bare eframe window with the same
/// features and options. `cargo bench --bench startup` times both and prints the ratio.
pub fn probe_startup(minimal: bool, opts: AppOptions) -> eframe::Result {
    struct CloseAfterFirst<A>(A, bool);
    impl<A: FnMut(&mut egui::Ui)> eframe::App for CloseAfterFirst<A> {
        fn ui(&mut self, ui: &mut egui::Ui, _frame: &mut eframe::Frame) {
            (self.0)(ui);
            if !self.1 {
                self.1 = true;
                // Closing is handled after this frame is painted.
                ui.ctx().send_viewport_cmd(egui::ViewportCommand::Close);
            }
        }
    }
    let options = native_options();
    eframe::run_native(
        APP_NAME,
        options,
        Box::new(move |cc| {
            if minimal {
                Ok(Box::new(CloseAfterFirst(
                    |ui: &mut egui::Ui| {
                        egui::CentralPanel::default().show(ui, |ui| ui.label("minimal"));
                    },
                    false,
                )))
            } else {
                let prefs = Prefs {
                    walkthrough_done: true,
                    ..Prefs::default()
                };
                let mut app = RightpartyApp::new(opts, Some(&cc.egui_ctx), prefs);
                Ok(Box::new(CloseAfterFirst(
                    move |ui: &mut egui::Ui| app.show(ui),
                    false,
                )))
            }
        }),
    )
}
