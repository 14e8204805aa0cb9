//! The home screen: pick or create a trainee, continue where they left off, recent results.

use eframe::egui::{self, RichText};

use super::app::{AppAction, RightpartyApp, ScreenName, StoreState};

/// What the home screen keeps between frames.
#[derive(Debug, Default)]
pub struct HomeState {
    /// The name typed into "New or existing trainee".
    pub name: String,
    /// Why the name typed last could not be used, until a good one is given.
    pub name_problem: Option<String>,
    /// The profile being edited: whose, their cohort, their extra-time factor.
    pub profile: Option<(String, String, f64)>,
}

/// Draws the home screen.
pub fn show(app: &mut RightpartyApp, ui: &mut egui::Ui) {
    let mut actions = Vec::new();
    egui::ScrollArea::vertical().show(ui, |ui| {
        ui.heading("Welcome to rightparty");
        ui.label(
            "Practice collection calls with fictional debtors and take practice exams modeled on \
             collections credentials. Every decision is scored on negotiation, composure and \
             compliance, and explained afterwards with its legal citation.",
        );
        ui.label(RichText::new(crate::DISCLAIMER).strong());
        ui.add_space(8.0);
        trainee_picker(app, ui, &mut actions);
        ui.add_space(8.0);
        if app.trainee.is_some() {
            profile(app, ui, &mut actions);
            ui.add_space(8.0);
        }
        if let Some(t) = &app.trainee {
            continue_box(t, app.content().map(|c| &**c), ui, &mut actions);
            ui.add_space(8.0);
            recent(t, ui);
        }
        ui.add_space(8.0);
        ui.horizontal(|ui| {
            if ui.button("Browse scenarios and exams").clicked() {
                actions.push(AppAction::Go(ScreenName::Library));
            }
            if ui.button("Glossary").clicked() {
                actions.push(AppAction::ToggleGlossary);
            }
            if ui.button("Show the walkthrough").clicked() {
                actions.push(AppAction::ShowWalkthrough);
            }
        });
    });
    for a in actions {
        app.push(a);
    }
}

fn trainee_picker(app: &mut RightpartyApp, ui: &mut egui::Ui, actions: &mut Vec<AppAction>) {
    egui::Frame::group(ui.style()).show(ui, |ui| {
        ui.set_width(ui.available_width());
        ui.label(RichText::new("Trainee").strong());
        let known = match &app.store {
            StoreState::Open(_) => app.known_trainees.clone(),
            StoreState::Failed(msg) => {
                ui.colored_label(
                    ui.visuals().error_fg_color,
                    format!("The records store could not be opened: {msg}"),
                );
                return;
            }
        };
        if !known.is_empty() {
            ui.horizontal_wrapped(|ui| {
                ui.label("Continue as:");
                for t in &known {
                    let current = app
                        .trainee
                        .as_ref()
                        .is_some_and(|c| c.trainee.name == t.name);
                    let label = match &t.cohort {
                        Some(c) => format!("{} ({c})", t.name),
                        None => t.name.clone(),
                    };
                    if ui.selectable_label(current, label).clicked() {
                        actions.push(AppAction::SelectTrainee(t.name.clone()));
                    }
                }
            });
        }
        ui.horizontal(|ui| {
            let label = ui.label("New trainee:");
            let edit = ui
                .text_edit_singleline(&mut app.home.name)
                .labelled_by(label.id);
            let enter = edit.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
            if (ui.button("Start").clicked() || enter) && !app.home.name.trim().is_empty() {
                let name = app.home.name.trim().to_string();
                match crate::store::check_trainee_name(&name) {
                    Ok(()) => {
                        app.home.name.clear();
                        app.home.name_problem = None;
                        actions.push(AppAction::SelectTrainee(name));
                    }
                    Err(why) => app.home.name_problem = Some(why),
                }
            }
        });
        if let Some(why) = &app.home.name_problem {
            ui.colored_label(ui.visuals().error_fg_color, why);
        }
    });
}

/// The trainee's profile: cohort and the extra exam time they are granted (an accommodation,
/// kept with their records, applied to every timed exam they start).
fn profile(app: &mut RightpartyApp, ui: &mut egui::Ui, actions: &mut Vec<AppAction>) {
    let Some(t) = &app.trainee else { return };
    let t = &t.trainee;
    let fresh = app
        .home
        .profile
        .as_ref()
        .is_none_or(|(n, _, _)| *n != t.name);
    if fresh {
        app.home.profile = Some((
            t.name.clone(),
            t.cohort.clone().unwrap_or_default(),
            t.extra_time,
        ));
    }
    let Some((name, cohort, extra)) = &mut app.home.profile else {
        return;
    };
    egui::CollapsingHeader::new(format!("Profile of {name}"))
        .id_salt("trainee-profile")
        .show(ui, |ui| {
            ui.horizontal(|ui| {
                let l = ui.label("Cohort:");
                ui.add(egui::TextEdit::singleline(cohort).desired_width(220.0))
                    .labelled_by(l.id);
            });
            ui.horizontal(|ui| {
                let l = ui.label("Extra exam time:");
                ui.add(
                    egui::Slider::new(extra, 1.0..=4.0)
                        .step_by(0.25)
                        .custom_formatter(|v, _| format!("{v:.2}x")),
                )
                .labelled_by(l.id);
            });
            if ui.button("Save profile").clicked() {
                let cohort = cohort.trim();
                actions.push(AppAction::SaveProfile {
                    cohort: (!cohort.is_empty()).then(|| cohort.to_string()),
                    extra_time: *extra,
                });
            }
        });
}

fn continue_box(
    t: &super::app::TraineeData,
    content: Option<&crate::content::ContentSet>,
    ui: &mut egui::Ui,
    actions: &mut Vec<AppAction>,
) {
    if !t.renewals.is_empty() {
        egui::Frame::group(ui.style()).show(ui, |ui| {
            ui.set_width(ui.available_width());
            ui.label(RichText::new("Certification renewals").strong());
            for c in &t.renewals {
                let due = c
                    .renewal_due
                    .map_or_else(String::new, |d| d.format("%Y-%m-%d").to_string());
                ui.colored_label(
                    ui.visuals().warn_fg_color,
                    format!("{}: renewal due {due}", c.credential_name),
                );
                if let Some(src) = &c.renewal_source {
                    ui.label(RichText::new(format!("Interval source: {src}")).weak());
                }
            }
        });
        ui.add_space(8.0);
    }
    if t.unfinished_exams.is_empty() && t.call_in_progress.is_none() {
        return;
    }
    egui::Frame::group(ui.style()).show(ui, |ui| {
        ui.set_width(ui.available_width());
        ui.label(RichText::new("Continue where you left off").strong());
        if let Some(c) = &t.call_in_progress {
            let turn = c.state.turn;
            let title = content
                .and_then(|set| set.scenarios.iter().find(|s| s.item.id == c.scenario_id))
                .map_or(&c.scenario_id, |s| &s.item.title);
            if ui
                .button(format!("Resume call: {title} (decision {turn})"))
                .clicked()
            {
                actions.push(AppAction::ResumeCall);
            }
        }
        for id in &t.unfinished_exams {
            if ui.button(format!("Resume exam {id}")).clicked() {
                actions.push(AppAction::ResumeExam(id.clone()));
            }
        }
    });
}

fn recent(t: &super::app::TraineeData, ui: &mut egui::Ui) {
    egui::Frame::group(ui.style()).show(ui, |ui| {
        ui.set_width(ui.available_width());
        ui.label(RichText::new("Recent results").strong());
        if t.calls.is_empty() && t.exams.is_empty() {
            ui.label("No attempts yet — play a call or take a practice exam from the library.");
            return;
        }
        // The five newest of each, newest first.
        egui::Grid::new("recent-results")
            .striped(true)
            .show(ui, |ui| {
                for a in t.calls.iter().rev().take(5) {
                    let r = &a.result;
                    ui.label(short_date(&a.finished_at));
                    ui.label(format!("Call: {}", r.scenario));
                    ui.label(format!(
                        "negotiation {} · composure {} · compliance {}",
                        r.scores.negotiation, r.scores.composure, r.scores.compliance
                    ));
                    pass_label(ui, r.passed);
                    ui.end_row();
                }
                for e in t.exams.iter().rev().take(5) {
                    ui.label(e.finished_at.format("%Y-%m-%d").to_string());
                    ui.label(format!("Exam: {}", e.blueprint_name));
                    ui.label(format!(
                        "{:.0}% (pass mark {:.0}%)",
                        e.score_percent, e.pass_mark
                    ));
                    pass_label(ui, e.passed);
                    ui.end_row();
                }
            });
    });
}

fn short_date(rfc3339: &str) -> &str {
    rfc3339.get(..10).unwrap_or(rfc3339)
}

/// "passed" in green or "not passed" in red.
pub fn pass_label(ui: &mut egui::Ui, passed: bool) {
    if passed {
        ui.colored_label(egui::Color32::from_rgb(0x2e, 0x9e, 0x44), "passed");
    } else {
        ui.colored_label(ui.visuals().error_fg_color, "not passed");
    }
}
