//! The progress screen: a trainee's call axes over attempts and exam scores by domain as
//! charts (egui_plot), the weakest domains across calls and exams, and what to practice next,
//! each with a button that asks the app to start it. It draws a [`ProgressReport`] that the
//! app has already loaded (off the UI thread); the chart series are built once, in
//! [`ProgressView::new`], so a frame only draws.

use eframe::egui::{self, RichText};
use egui_plot::{Legend, Line, Plot, PlotPoint, PlotPoints};

use crate::exam::scoring::format_percent;
use crate::store::report::{Axis, DomainStanding, Practice, ProgressReport};

/// Shown when the trainee has no attempts.
pub const EMPTY_MESSAGE: &str = "No attempts yet — play a call or take a practice exam";

/// What the trainee asked for on the progress screen.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ProgressEvent {
    /// Play the scenario with this id.
    PracticeScenario(String),
    /// Drill the exam domain with this id.
    DrillDomain(String),
}

/// The progress screen's state.
pub struct ProgressView {
    report: ProgressReport,
    /// Per axis, (attempt number, score).
    axis_series: Vec<(Axis, Vec<PlotPoint>)>,
    /// Per exam domain, its name and (exam number, percent).
    domain_series: Vec<(String, Vec<PlotPoint>)>,
}

impl ProgressView {
    /// A view of this report.
    pub fn new(report: ProgressReport) -> Self {
        let axis_series = Axis::ALL
            .iter()
            .map(|&axis| {
                let points = report
                    .call_series
                    .iter()
                    .map(|c| PlotPoint::new(c.attempt as f64, f64::from(axis.of(&c.scores))))
                    .collect();
                (axis, points)
            })
            .collect();
        let domain_series = report
            .exams
            .domains
            .iter()
            .map(|d| {
                let points = report
                    .exam_series
                    .iter()
                    .filter_map(|e| {
                        let p = e.domains.get(&d.id)?;
                        Some(PlotPoint::new(e.attempt as f64, *p))
                    })
                    .collect();
                (d.name.clone(), points)
            })
            .collect();
        ProgressView {
            report,
            axis_series,
            domain_series,
        }
    }

    /// The report shown.
    pub fn report(&self) -> &ProgressReport {
        &self.report
    }

    /// Draws the screen; returns what the trainee chose to practice, if they did.
    pub fn show(&mut self, ui: &mut egui::Ui) -> Option<ProgressEvent> {
        let mut event = None;
        egui::ScrollArea::vertical()
            .auto_shrink([false, false])
            .show(ui, |ui| {
                let r = &self.report;
                ui.heading(format!("Progress: {}", r.trainee));
                if let Some(c) = &r.cohort {
                    ui.label(RichText::new(format!("Cohort {c}")).weak());
                }
                ui.add_space(6.0);
                if r.is_empty() {
                    ui.label(RichText::new(EMPTY_MESSAGE).size(16.0));
                } else {
                    ui.label(format!(
                        "Calls: {}   ·   Exams and practice exams: {}",
                        r.calls.pass_rate, r.exams.pass_rate
                    ));
                    self.charts(ui);
                    ui.add_space(8.0);
                    weakest(ui, r);
                }
                ui.add_space(8.0);
                event = practice(ui, r);
            });
        event
    }

    fn charts(&self, ui: &mut egui::Ui) {
        let r = &self.report;
        let width = ui.available_width();
        if !r.call_series.is_empty() {
            ui.label(RichText::new("Call scores over attempts").strong());
            for a in &r.calls.axes {
                ui.label(format!(
                    "{}: best {}, latest {}, mean {:.1}",
                    a.axis.label(),
                    a.best,
                    a.latest,
                    a.mean
                ));
            }
            chart("progress_calls", width, "call", ui, |plot_ui| {
                for (axis, points) in &self.axis_series {
                    plot_ui.line(Line::new(axis.label(), PlotPoints::Borrowed(points)));
                }
            });
        }
        if !r.exam_series.is_empty() {
            ui.add_space(6.0);
            ui.label(RichText::new("Exam scores by domain").strong());
            if let (Some(best), Some(latest)) = (r.exams.best_percent, r.exams.latest_percent) {
                ui.label(format!(
                    "Overall: best {}%, latest {}%",
                    format_percent(best),
                    format_percent(latest)
                ));
            }
            chart("progress_exams", width, "exam", ui, |plot_ui| {
                for (name, points) in &self.domain_series {
                    plot_ui.line(Line::new(name.as_str(), PlotPoints::Borrowed(points)));
                }
            });
        }
    }
}

/// A 0–100 chart over attempt numbers, not zoomable (the page scrolls instead).
fn chart<'a>(
    id: &str,
    width: f32,
    x_label: &str,
    ui: &mut egui::Ui,
    add: impl FnOnce(&mut egui_plot::PlotUi<'a>) + 'a,
) {
    Plot::new(id)
        .height(200.0)
        .width(width.min(900.0))
        .legend(Legend::default())
        .include_y(0.0)
        .include_y(100.0)
        .include_x(1.0)
        .allow_zoom(false)
        .allow_scroll(false)
        .allow_drag(false)
        .allow_boxed_zoom(false)
        .x_axis_label(format!("{x_label} attempt"))
        // Attempts are whole numbers: no labels between them.
        .x_axis_formatter(|mark, _| {
            if mark.value.fract().abs() < 1e-9 {
                format!("{}", mark.value as i64)
            } else {
                String::new()
            }
        })
        .y_axis_label("score")
        .show(ui, add);
}

fn weakest(ui: &mut egui::Ui, r: &ProgressReport) {
    ui.label(RichText::new("Weakest domains (calls and exams)").strong());
    let mut any = false;
    for (i, d) in r.weakest().enumerate() {
        any = true;
        ui.horizontal(|ui| {
            let color = standing_color(ui, d);
            ui.label(RichText::new(format!("{}. {}", i + 1, d.name)).color(color));
            ui.label(RichText::new(evidence(d)).weak());
        });
    }
    if !any {
        ui.label("Not enough attempts to tell yet.");
    }
}

/// Semantic colours that read on dark and light backgrounds.
fn standing_color(ui: &egui::Ui, d: &DomainStanding) -> egui::Color32 {
    match d.percent {
        Some(p) if p < 60.0 => ui.visuals().error_fg_color,
        Some(p) if p < 85.0 => ui.visuals().warn_fg_color,
        _ => ui.visuals().text_color(),
    }
}

fn evidence(d: &DomainStanding) -> String {
    format!(
        "{}% over {} exam item(s) and {} call decision(s)",
        d.percent.map(format_percent).unwrap_or_default(),
        d.exam_items,
        d.call_decisions
    )
}

fn practice(ui: &mut egui::Ui, r: &ProgressReport) -> Option<ProgressEvent> {
    ui.label(RichText::new("What to practice next").strong());
    if r.practice.is_empty() {
        ui.label("Nothing to suggest: the content has no scenarios or domains loaded.");
    }
    let mut event = None;
    for p in &r.practice {
        ui.horizontal(|ui| match p {
            Practice::Scenario { id, title, reason } => {
                if ui.button(format!("Practice call: {title}")).clicked() {
                    event = Some(ProgressEvent::PracticeScenario(id.clone()));
                }
                ui.label(RichText::new(reason).weak());
            }
            Practice::Domain { id, name, reason } => {
                if ui.button(format!("Drill domain: {name}")).clicked() {
                    event = Some(ProgressEvent::DrillDomain(id.clone()));
                }
                ui.label(RichText::new(reason).weak());
            }
        });
    }
    event
}
