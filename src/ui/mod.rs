//! The desktop window (default `gui` feature; the only module that imports egui). For now a
//! content browser: the loaded scenarios, banks and blueprints, and the diagnostics of broken
//! files. Loading runs on a worker thread so the window never waits on disk.

mod library;
pub mod trainer;
pub mod watch;

pub use library::{LibraryApp, LoadState};

use std::path::PathBuf;

use eframe::egui;

/// The window's title and app id.
pub const APP_NAME: &str = "rightparty";

/// Opens the window and runs until it is closed.
pub fn run(content_paths: Vec<PathBuf>) -> eframe::Result {
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
            Ok(Box::new(LibraryApp::start_loading(
                &cc.egui_ctx,
                content_paths,
            )))
        }),
    )
}
