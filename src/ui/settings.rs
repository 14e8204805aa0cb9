//! The settings screen: theme, text size and the data folder (written to the config file that
//! the command line reads too). Trainee data never lives here.

use eframe::egui::{self, RichText};

use super::app::{AppAction, RightpartyApp};

/// What the settings screen keeps between frames.
#[derive(Debug, Default)]
pub struct SettingsState {
    /// The data folder being edited.
    pub data_dir_text: String,
}

/// Draws the settings screen.
pub fn show(app: &mut RightpartyApp, ui: &mut egui::Ui) {
    ui.heading("Settings");
    ui.add_space(6.0);
    ui.horizontal(|ui| {
        ui.label("Theme:");
        use egui::ThemePreference as T;
        for (value, label) in [
            (T::Light, "Light"),
            (T::Dark, "Dark"),
            (T::System, "System"),
        ] {
            ui.selectable_value(&mut app.prefs.theme, value, label);
        }
    });
    ui.horizontal(|ui| {
        let l = ui.label("Text size:");
        ui.add(
            egui::Slider::new(&mut app.prefs.zoom, 0.75..=2.0)
                .step_by(0.05)
                .custom_formatter(|v, _| format!("{:.0}%", v * 100.0)),
        )
        .labelled_by(l.id);
        if ui.button("Reset text size").clicked() {
            app.prefs.zoom = 1.0;
        }
    });
    ui.add_space(10.0);
    ui.label(RichText::new("Trainee records").strong());
    match &app.data_dir {
        Ok(dir) => ui.label(format!(
            "Records are kept in {}",
            dir.join(crate::store::FILE_NAME).display()
        )),
        Err(e) => ui.colored_label(ui.visuals().error_fg_color, e),
    };
    ui.horizontal(|ui| {
        let l = ui.label("Data folder:");
        ui.add(egui::TextEdit::singleline(&mut app.settings.data_dir_text).desired_width(360.0))
            .labelled_by(l.id);
        if ui.button("Save data folder").clicked() {
            app.push(AppAction::SaveDataDir(app.settings.data_dir_text.clone()));
        }
    });
    ui.label(
        RichText::new(
            "The folder is saved in the config file, which the command line reads too. The app \
             uses it from its next start; a --data-dir option or RIGHTPARTY_DATA_DIR still wins.",
        )
        .weak(),
    );
    ui.add_space(10.0);
    ui.label(RichText::new("Content").strong());
    for p in &app.content_paths {
        ui.label(p.display().to_string());
    }
    if ui.button("Reload content").clicked() {
        app.push(AppAction::Reload);
    }
}
