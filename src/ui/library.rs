//! The content browser: what loaded, what is broken and why (every diagnostic with its
//! file:line:col and the rendered source snippet).

use std::path::PathBuf;
use std::sync::mpsc::{Receiver, TryRecvError};

use eframe::egui::{self, RichText};

use crate::content::render::TextRenderer;
use crate::content::{CheckOptions, ContentSet, load_paths};

/// Where loading is.
pub enum LoadState {
    /// The worker thread is reading the folders.
    Loading(Receiver<ContentSet>),
    /// Done.
    Ready(ContentSet),
    /// The worker went away without an answer.
    Failed(String),
}

/// The window's state.
pub struct LibraryApp {
    /// The folders being shown.
    pub paths: Vec<PathBuf>,
    /// Loading progress or the loaded content.
    pub state: LoadState,
    /// The diagnostic whose source snippet is open.
    pub selected: Option<usize>,
    renderer: TextRenderer,
}

impl LibraryApp {
    /// Starts loading `paths` on a worker thread; the window shows progress until it is done.
    pub fn start_loading(ctx: &egui::Context, paths: Vec<PathBuf>) -> Self {
        let (tx, rx) = std::sync::mpsc::channel();
        let ctx = ctx.clone();
        let worker_paths = paths.clone();
        std::thread::spawn(move || {
            let set = load_paths(&worker_paths, &CheckOptions::default());
            let _ = tx.send(set);
            ctx.request_repaint();
        });
        Self::with_state(paths, LoadState::Loading(rx))
    }

    /// A window showing content that is already loaded (tests use this).
    pub fn with_content(paths: Vec<PathBuf>, set: ContentSet) -> Self {
        Self::with_state(paths, LoadState::Ready(set))
    }

    fn with_state(paths: Vec<PathBuf>, state: LoadState) -> Self {
        LibraryApp {
            paths,
            state,
            selected: None,
            renderer: TextRenderer::new(false),
        }
    }

    /// The loaded content, once ready.
    pub fn content(&self) -> Option<&ContentSet> {
        match &self.state {
            LoadState::Ready(set) => Some(set),
            _ => None,
        }
    }

    fn poll(&mut self) {
        if let LoadState::Loading(rx) = &self.state {
            match rx.try_recv() {
                Ok(set) => self.state = LoadState::Ready(set),
                Err(TryRecvError::Empty) => {}
                Err(TryRecvError::Disconnected) => {
                    self.state =
                        LoadState::Failed("the loading thread stopped without an answer".into());
                }
            }
        }
    }

    /// Draws the whole window into `ui`.
    pub fn show(&mut self, ui: &mut egui::Ui) {
        self.poll();
        egui::Panel::top("header").show(ui, |ui| {
            ui.horizontal(|ui| {
                ui.heading("rightparty");
                ui.label("collections training");
                ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                    theme_buttons(ui);
                });
            });
            ui.label(RichText::new(crate::DISCLAIMER).weak());
        });
        match &self.state {
            LoadState::Loading(_) => {
                egui::CentralPanel::default().show(ui, |ui| {
                    ui.horizontal(|ui| {
                        ui.spinner();
                        ui.label(format!("Loading content from {} …", self.path_list()));
                    });
                });
            }
            LoadState::Failed(msg) => {
                let msg = msg.clone();
                egui::CentralPanel::default().show(ui, |ui| {
                    ui.colored_label(
                        ui.visuals().error_fg_color,
                        format!("Loading failed: {msg}"),
                    );
                });
            }
            LoadState::Ready(_) => self.show_content(ui),
        }
    }

    fn path_list(&self) -> String {
        self.paths
            .iter()
            .map(|p| p.display().to_string())
            .collect::<Vec<_>>()
            .join(", ")
    }

    fn show_content(&mut self, ui: &mut egui::Ui) {
        let LoadState::Ready(set) = &self.state else {
            return;
        };
        let selected = &mut self.selected;
        let renderer = &self.renderer;
        egui::Panel::left("catalogue")
            .resizable(true)
            .default_size(380.0)
            .show(ui, |ui| {
                egui::ScrollArea::vertical().show(ui, |ui| {
                    ui.heading("Scenarios");
                    if set.scenarios.is_empty() {
                        ui.label("No scenarios loaded.");
                    }
                    for s in &set.scenarios {
                        let sc = &s.item;
                        card(ui, |ui| {
                            ui.label(RichText::new(&sc.title).strong());
                            ui.label(format!(
                                "{} · {} · about {} min",
                                sc.setting.label(),
                                sc.difficulty.label(),
                                sc.estimated_minutes
                            ));
                            ui.label(RichText::new(&sc.summary).weak());
                            status_line(ui, s.errors, s.warnings);
                        });
                    }
                    ui.add_space(8.0);
                    ui.heading("Question banks");
                    for b in &set.banks {
                        card(ui, |ui| {
                            ui.label(RichText::new(&b.item.title).strong());
                            ui.label(format!(
                                "track {} · {} questions",
                                b.item.track,
                                b.item.questions.len()
                            ));
                            status_line(ui, b.errors, b.warnings);
                        });
                    }
                    ui.add_space(8.0);
                    ui.heading("Practice exams");
                    for b in &set.blueprints {
                        card(ui, |ui| {
                            ui.label(RichText::new(&b.item.name).strong());
                            let time = b
                                .item
                                .time_limit_minutes
                                .map_or("untimed".to_string(), |m| format!("{m} min"));
                            ui.label(format!(
                                "{} questions · {time} · pass mark {}%",
                                b.item.question_count, b.item.pass_mark
                            ));
                            ui.label(
                                RichText::new(format!(
                                    "Modeled on {} ({}); not endorsed by it.",
                                    b.item.modeled_on.name, b.item.modeled_on.body
                                ))
                                .small()
                                .weak(),
                            );
                            status_line(ui, b.errors, b.warnings);
                        });
                    }
                });
            });
        egui::CentralPanel::default().show(ui, |ui| {
            ui.heading("Content check");
            super::trainer::diagnostics_panel(ui, set, selected, renderer);
        });
    }
}

/// Light / Dark / System, in words (the built-in switch uses emoji the bundled fonts lack).
fn theme_buttons(ui: &mut egui::Ui) {
    use egui::ThemePreference as T;
    let mut pref = ui.options(|o| o.theme_preference);
    // Right-to-left layout: add in reverse reading order.
    for (value, label) in [
        (T::System, "System"),
        (T::Dark, "Dark"),
        (T::Light, "Light"),
    ] {
        ui.selectable_value(&mut pref, value, label);
    }
    ui.label("Theme:");
    ui.ctx().set_theme(pref);
}

/// A full-width framed card for one item in the catalogue.
fn card(ui: &mut egui::Ui, add: impl FnOnce(&mut egui::Ui)) {
    egui::Frame::group(ui.style()).show(ui, |ui| {
        ui.set_width(ui.available_width());
        add(ui);
    });
}

fn count(n: usize, what: &str) -> String {
    if n == 1 {
        format!("1 {what}")
    } else {
        format!("{n} {what}s")
    }
}

fn status_line(ui: &mut egui::Ui, errors: usize, warnings: usize) {
    if errors > 0 {
        ui.colored_label(
            ui.visuals().error_fg_color,
            format!("{}: not usable until fixed", count(errors, "error")),
        );
    } else if warnings > 0 {
        ui.colored_label(ui.visuals().warn_fg_color, count(warnings, "warning"));
    } else {
        ui.label("ready");
    }
}

impl eframe::App for LibraryApp {
    fn ui(&mut self, ui: &mut egui::Ui, _frame: &mut eframe::Frame) {
        self.show(ui);
    }
}
