//! The library screen: scenario cards (title, setting, difficulty, tags, minutes, the trainee's
//! best result) with search and filters, the practice exams, and the content's problems.

use eframe::egui::{self, RichText};

use crate::content::ContentSet;
use crate::content::render::TextRenderer;
use crate::model::{Difficulty, Scenario};

use super::app::{AppAction, ContentState, RightpartyApp};
use super::home::pass_label;

/// Search and filter state.
#[derive(Default)]
pub struct Catalogue {
    /// Words to find in the title, summary or tags.
    pub search: String,
    /// Only this difficulty.
    pub difficulty: Option<Difficulty>,
    /// Only this setting (its label).
    pub setting: Option<&'static str>,
    /// Only scenarios with this tag.
    pub tag: Option<String>,
    /// The diagnostic whose source snippet is open.
    pub open_problem: Option<usize>,
    renderer: Option<TextRenderer>,
}

impl Catalogue {
    /// Whether a scenario passes the search and filters.
    pub fn matches(&self, s: &Scenario) -> bool {
        let words = self.search.to_lowercase();
        let text_ok = words.split_whitespace().all(|w| {
            s.title.to_lowercase().contains(w)
                || s.summary.to_lowercase().contains(w)
                || s.tags.iter().any(|t| t.to_lowercase().contains(w))
        });
        text_ok
            && self.difficulty.is_none_or(|d| d == s.difficulty)
            && self.setting.is_none_or(|l| l == s.setting.label())
            && self.tag.as_ref().is_none_or(|t| s.tags.contains(t))
    }
}

/// Draws the library.
pub fn show(app: &mut RightpartyApp, ui: &mut egui::Ui) {
    let set = match &app.content {
        ContentState::Ready(set) => set.clone(),
        ContentState::Loading => {
            ui.horizontal(|ui| {
                ui.spinner();
                ui.label("Loading content…");
            });
            return;
        }
        ContentState::Failed(msg) => {
            ui.colored_label(
                ui.visuals().error_fg_color,
                format!("Loading failed: {msg}"),
            );
            if ui.button("Reload content").clicked() {
                app.push(AppAction::Reload);
            }
            return;
        }
    };
    let best = app
        .trainee
        .as_ref()
        .map(|t| t.best_calls())
        .unwrap_or_default();
    let mut actions = Vec::new();
    let cat = &mut app.catalogue;
    egui::ScrollArea::vertical().show(ui, |ui| {
        ui.horizontal(|ui| {
            ui.heading("Scenarios");
            if ui.button("Reload content").clicked() {
                actions.push(AppAction::Reload);
            }
        });
        filters(cat, &set, ui);
        let shown: Vec<_> = set
            .scenarios
            .iter()
            .filter(|s| cat.matches(&s.item))
            .collect();
        if set.scenarios.is_empty() {
            ui.label("No scenarios loaded.");
        } else if shown.is_empty() {
            ui.label("No scenario matches the search and filters.");
        }
        for s in shown {
            let sc = &s.item;
            card(ui, |ui| {
                ui.label(RichText::new(&sc.title).strong().size(16.0));
                ui.label(format!(
                    "{} · {} · about {} min",
                    sc.setting.label(),
                    sc.difficulty.label(),
                    sc.estimated_minutes
                ));
                if !sc.tags.is_empty() {
                    ui.label(RichText::new(format!("tags: {}", sc.tags.join(", "))).weak());
                }
                ui.label(&sc.summary);
                if set.is_kept(&s.path) {
                    ui.colored_label(
                        ui.visuals().warn_fg_color,
                        "Its file has errors since it was last loaded; this is the last good version.",
                    );
                }
                if let Some(b) = best.get(sc.id.as_str()) {
                    ui.horizontal(|ui| {
                        ui.label(format!(
                            "Your best: negotiation {} · composure {} · compliance {}",
                            b.scores.negotiation, b.scores.composure, b.scores.compliance
                        ));
                        pass_label(ui, b.passed);
                    });
                }
                if s.usable() {
                    ui.horizontal(|ui| {
                        if ui
                            .button(format!("Play coached: {}", sc.title))
                            .on_hover_text("Meters, checklist and feedback after each choice")
                            .clicked()
                        {
                            actions.push(AppAction::StartCall {
                                scenario: sc.id.clone(),
                                assessment: false,
                            });
                        }
                        if ui
                            .button(format!("Play assessment: {}", sc.title))
                            .on_hover_text("Nothing shown until the debrief")
                            .clicked()
                        {
                            actions.push(AppAction::StartCall {
                                scenario: sc.id.clone(),
                                assessment: true,
                            });
                        }
                    });
                } else {
                    status_line(ui, s.errors, s.warnings);
                }
            });
        }
        ui.add_space(12.0);
        ui.heading("Practice exams");
        if set.blueprints.is_empty() {
            ui.label("No practice exams loaded.");
        }
        for b in &set.blueprints {
            let bp = &b.item;
            card(ui, |ui| {
                ui.label(RichText::new(&bp.name).strong().size(16.0));
                let time = bp
                    .time_limit_minutes
                    .map_or("untimed".to_string(), |m| format!("{m} min"));
                ui.label(format!(
                    "{} questions · {time} · pass mark {}%",
                    bp.question_count, bp.pass_mark
                ));
                ui.label(RichText::new(crate::exam::modeled_on_notice(bp)).weak());
                let banks_ok = bp.banks.iter().all(|id| {
                    set.banks
                        .iter()
                        .any(|bank| &bank.item.id == id && bank.usable())
                });
                if b.usable() && banks_ok {
                    ui.horizontal(|ui| {
                        if ui.button(format!("Start exam: {}", bp.name)).clicked() {
                            actions.push(AppAction::StartExam {
                                blueprint: bp.id.clone(),
                                practice: false,
                            });
                        }
                        if ui
                            .button(format!("Practice with feedback: {}", bp.name))
                            .clicked()
                        {
                            actions.push(AppAction::StartExam {
                                blueprint: bp.id.clone(),
                                practice: true,
                            });
                        }
                    });
                } else if !b.usable() {
                    status_line(ui, b.errors, b.warnings);
                } else {
                    ui.colored_label(
                        ui.visuals().error_fg_color,
                        "A question bank it draws from has errors; see the problems below.",
                    );
                }
            });
        }
        ui.add_space(12.0);
        problems(cat, &set, ui);
    });
    for a in actions {
        app.push(a);
    }
}

fn filters(cat: &mut Catalogue, set: &ContentSet, ui: &mut egui::Ui) {
    ui.horizontal_wrapped(|ui| {
        let l = ui.label("Search:");
        ui.add(egui::TextEdit::singleline(&mut cat.search).desired_width(180.0))
            .labelled_by(l.id);
        let diff_text = cat.difficulty.map_or("any", |d| d.label());
        egui::ComboBox::from_label("Difficulty")
            .selected_text(diff_text)
            .show_ui(ui, |ui| {
                ui.selectable_value(&mut cat.difficulty, None, "any");
                for d in [
                    Difficulty::Beginner,
                    Difficulty::Intermediate,
                    Difficulty::Advanced,
                ] {
                    ui.selectable_value(&mut cat.difficulty, Some(d), d.label());
                }
            });
        let mut settings: Vec<&'static str> = set
            .scenarios
            .iter()
            .map(|s| s.item.setting.label())
            .collect();
        settings.sort_unstable();
        settings.dedup();
        egui::ComboBox::from_label("Setting")
            .selected_text(cat.setting.unwrap_or("any"))
            .show_ui(ui, |ui| {
                ui.selectable_value(&mut cat.setting, None, "any");
                for s in settings {
                    ui.selectable_value(&mut cat.setting, Some(s), s);
                }
            });
        let mut tags: Vec<&String> = set.scenarios.iter().flat_map(|s| &s.item.tags).collect();
        tags.sort_unstable();
        tags.dedup();
        egui::ComboBox::from_label("Tag")
            .selected_text(cat.tag.as_deref().unwrap_or("any"))
            .show_ui(ui, |ui| {
                ui.selectable_value(&mut cat.tag, None, "any");
                for t in tags {
                    ui.selectable_value(&mut cat.tag, Some(t.clone()), t.as_str());
                }
            });
        if ui.button("Clear filters").clicked() {
            cat.search.clear();
            cat.difficulty = None;
            cat.setting = None;
            cat.tag = None;
        }
    });
}

fn problems(cat: &mut Catalogue, set: &ContentSet, ui: &mut egui::Ui) {
    let n = set.diagnostics.len() + set.io_errors.len();
    ui.heading(format!("Content problems ({n})"));
    let renderer = cat.renderer.get_or_insert_with(|| TextRenderer::new(false));
    super::trainer::diagnostics_panel(ui, set, &mut cat.open_problem, renderer);
}

/// A full-width framed card.
pub fn card(ui: &mut egui::Ui, add: impl FnOnce(&mut egui::Ui)) {
    egui::Frame::group(ui.style()).show(ui, |ui| {
        ui.set_width(ui.available_width());
        add(ui);
    });
    ui.add_space(4.0);
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
    }
}
