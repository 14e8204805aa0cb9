//! The desktop app (default `gui` feature; the only module that imports egui): the shell in
//! [`app`], one file per screen, and [`run`], which opens the window.

pub mod app;
pub mod catalogue;
pub mod glossary;
pub mod home;
mod library;
pub mod settings;
pub mod shot;

pub use app::{AppAction, AppOptions, Prefs, RightpartyApp, ScreenName};
pub use library::{LibraryApp, LoadState};
pub use shot::{ShotOutcome, ShotPlan};

use eframe::egui;

/// The window's title and app id.
pub const APP_NAME: &str = "rightparty";

/// Opens the window and runs until it is closed.
pub fn run(opts: AppOptions) -> eframe::Result {
    let mut viewport = egui::ViewportBuilder::default()
        .with_title("rightparty — collections training")
        .with_app_id(APP_NAME)
        .with_inner_size([1100.0, 720.0])
        .with_min_inner_size([640.0, 420.0]);
    if let Ok(icon) = eframe::icon_data::from_png_bytes(include_bytes!("../../assets/icon.png")) {
        viewport = viewport.with_icon(icon);
    }
    let options = eframe::NativeOptions {
        viewport,
        ..Default::default()
    };
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
