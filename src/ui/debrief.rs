//! The debrief (issue 7, screen 4): pass or fail, the outcome, the three axis scores against
//! their pass marks, violations with citations, the disclosure checklist, the QA scorecard and
//! the transcript annotated decision by decision with the better alternative where there was
//! one, each decision with a "replay from here". The better alternatives come from
//! [`best_alternatives`], computed once on a worker thread so no frame waits for them.

use std::sync::Arc;
use std::sync::mpsc::{Receiver, TryRecvError};
use std::time::Duration;

use eframe::egui::{self, Color32, RichText};

use super::player::{axis_meters, disclosure_checklist};
use crate::call::explore::{Alternative, best_alternatives};
use crate::call::score::QaStatus;
use crate::call::{CallResult, CallRun, Compiled, RunState};
use crate::model::Severity;

/// What the debrief tells the app shell.
#[derive(Debug, Clone)]
pub enum DebriefEvent {
    /// Play the call again from a decision: the state is the same call, restored at it (open
    /// it with [`super::player::PlayerView::restore`]).
    ReplayFrom {
        /// The call as it stood just before that decision (boxed: it is large beside `Done`).
        state: Box<RunState>,
    },
    /// The trainee is done with the debrief.
    Done,
}

/// The better alternatives, while they are being found and once they are.
enum Alternatives {
    Pending(Receiver<Vec<Option<Alternative>>>),
    Ready(Vec<Option<Alternative>>),
    Failed,
}

/// One decision as the debrief shows it (text built once).
struct DecisionRow {
    turn: u32,
    /// `n. text`, or the timeout.
    said: String,
    points: String,
    violations: Vec<String>,
    offer: Option<&'static str>,
    feedback: Option<String>,
    citation: Option<String>,
    /// What the other person said after it.
    replies: Vec<String>,
}

/// The debrief of one finished call.
pub struct DebriefView {
    compiled: Arc<Compiled>,
    result: CallResult,
    state: RunState,
    alternatives: Alternatives,
    opening: Vec<String>,
    decisions: Vec<DecisionRow>,
    summary: Option<String>,
    after: Vec<String>,
    wrap_up_feedback: Option<String>,
    error: Option<String>,
}

impl DebriefView {
    /// A debrief for a finished call; `state` is the call's final saved state (for replays).
    /// Starts finding the better alternatives on a worker thread.
    pub fn new(compiled: Arc<Compiled>, result: CallResult, state: RunState) -> Self {
        let (tx, rx) = std::sync::mpsc::channel();
        let worker = Arc::clone(&compiled);
        let decisions = result.decisions.clone();
        std::thread::spawn(move || {
            let _ = tx.send(best_alternatives(&worker, &decisions));
        });
        let (opening, decisions) = rows(&compiled, &result);
        let ending = compiled
            .node_index(&state.now.node)
            .and_then(|i| compiled.node(i).ending.as_ref());
        DebriefView {
            summary: ending.and_then(|e| e.summary.clone()),
            after: ending.map_or_else(Vec::new, |e| e.after_lines()),
            wrap_up_feedback: ending.and_then(|e| e.wrap_up.feedback.clone()),
            compiled,
            result,
            state,
            alternatives: Alternatives::Pending(rx),
            opening,
            decisions,
            error: None,
        }
    }

    /// The scored call.
    pub fn result(&self) -> &CallResult {
        &self.result
    }

    /// The better alternative at each decision (`None` where the choice made was as good),
    /// once found.
    pub fn alternatives(&self) -> Option<&[Option<Alternative>]> {
        match &self.alternatives {
            Alternatives::Ready(a) => Some(a),
            _ => None,
        }
    }

    fn poll(&mut self, block: bool) {
        if let Alternatives::Pending(rx) = &self.alternatives {
            let got = if block {
                rx.recv().map_err(|_| TryRecvError::Disconnected)
            } else {
                rx.try_recv()
            };
            match got {
                Ok(a) => self.alternatives = Alternatives::Ready(a),
                Err(TryRecvError::Empty) => {}
                Err(TryRecvError::Disconnected) => self.alternatives = Alternatives::Failed,
            }
        }
    }

    /// Waits for the better alternatives (tests and screenshots; the window never waits).
    pub fn wait_for_alternatives(&mut self) {
        self.poll(true);
    }

    /// The state for replaying the call from decision `turn` (1-based).
    pub fn replay_from(&self, turn: u32) -> Result<RunState, crate::call::CallError> {
        CallRun::replay_to(Arc::clone(&self.compiled), &self.state, turn).map(|r| r.save().clone())
    }

    /// Draws the debrief inside `ui`.
    pub fn show(&mut self, ui: &mut egui::Ui) -> Option<DebriefEvent> {
        self.poll(false);
        if matches!(self.alternatives, Alternatives::Pending(_)) {
            ui.ctx().request_repaint_after(Duration::from_millis(50));
        }
        let mut out = None;
        egui::Panel::top("rightparty_debrief_top").show(ui, |ui| {
            ui.add_space(4.0);
            ui.horizontal_wrapped(|ui| {
                ui.heading(format!("Debrief: {}", self.compiled.scenario.title));
                if ui.button("Done").clicked() {
                    out = Some(DebriefEvent::Done);
                }
            });
            ui.label(RichText::new(crate::DISCLAIMER).small().weak());
            ui.add_space(4.0);
        });
        egui::CentralPanel::default().show(ui, |ui| {
            egui::ScrollArea::vertical()
                .id_salt("debrief_scroll")
                .auto_shrink(false)
                .show(ui, |ui| {
                    self.summary_section(ui);
                    ui.separator();
                    if let Some(e) = self.decisions_section(ui) {
                        out = Some(e);
                    }
                });
        });
        if out.is_some() {
            ui.ctx().request_repaint();
        }
        out
    }

    fn summary_section(&self, ui: &mut egui::Ui) {
        let r = &self.result;
        let (word, color) = if r.passed {
            ("PASS", Color32::from_rgb(0x2e, 0x9e, 0x4f))
        } else {
            ("FAIL", Color32::from_rgb(0xd0, 0x3a, 0x2f))
        };
        ui.label(
            RichText::new(format!("Result: {word}"))
                .heading()
                .color(color),
        );
        ui.label(format!("Outcome: {}", r.outcome.label()));
        if let Some(s) = &self.summary {
            ui.label(s);
        }
        if !self.after.is_empty() {
            ui.label(RichText::new("After the call").strong());
            for a in &self.after {
                ui.label(format!("• {a}"));
            }
        }
        if r.violations
            .iter()
            .any(|v| v.severity == Severity::Critical)
        {
            ui.colored_label(
                color,
                "A critical violation fails the call whatever the scores.",
            );
        }
        let packs = &self.compiled.packs;
        let mut law = format!("Judged as a {} call.", packs.setting.label());
        for l in &packs.state_law {
            law.push(' ');
            law.push_str(&l.describe());
        }
        ui.label(RichText::new(law).weak());
        ui.add_space(6.0);
        ui.label(RichText::new("Scores").strong());
        axis_meters(ui, &r.scores, &r.rubric);
        ui.add_space(6.0);
        if !r.objectives_met.is_empty() {
            ui.label(RichText::new("Objectives this ending meets").strong());
            for m in &r.objectives_met {
                ui.label(format!("• {m}"));
            }
            ui.add_space(6.0);
        }
        ui.label(RichText::new("Violations").strong());
        if r.violations.is_empty() {
            ui.label("No violations");
        }
        for v in &r.violations {
            let line = format!(
                "Decision {}: {} ({}) - {}",
                v.turn,
                v.rule,
                v.severity.label(),
                v.citation
            );
            ui.colored_label(Color32::from_rgb(0xd0, 0x3a, 0x2f), line);
            if !v.reason.is_empty() {
                ui.label(RichText::new(&v.reason).weak());
            }
        }
        if !r.cautions.is_empty() {
            ui.add_space(6.0);
            ui.label(RichText::new("Cautions (the law is unsettled here; not scored)").strong());
            for v in &r.cautions {
                ui.colored_label(
                    Color32::from_rgb(0xc0, 0x7a, 0x10),
                    format!("Decision {}: {} - {}", v.turn, v.rule, v.citation),
                );
                ui.label(RichText::new(&v.reason).weak());
            }
        }
        ui.add_space(6.0);
        ui.label(RichText::new("Disclosure checklist").strong());
        disclosure_checklist(ui, &r.disclosures);
        ui.add_space(6.0);
        ui.label(RichText::new("QA scorecard").strong());
        egui::Grid::new("debrief_qa_grid")
            .num_columns(3)
            .striped(true)
            .show(ui, |ui| {
                for q in &r.qa {
                    ui.label(&q.section);
                    let (s, c) = match q.status {
                        QaStatus::Met => ("met", Color32::from_rgb(0x2e, 0x9e, 0x4f)),
                        QaStatus::Missed => ("missed", Color32::from_rgb(0xd0, 0x3a, 0x2f)),
                        QaStatus::NotApplicable => ("n/a", ui.visuals().weak_text_color()),
                    };
                    ui.colored_label(c, s);
                    ui.label(&q.note);
                    ui.end_row();
                }
            });
        ui.add_space(6.0);
        ui.label(format!(
            "Wrap-up note: {}",
            if r.wrap_up_correct { "right" } else { "wrong" }
        ));
        if let Some(f) = &self.wrap_up_feedback {
            ui.label(f);
        }
    }

    fn decisions_section(&mut self, ui: &mut egui::Ui) -> Option<DebriefEvent> {
        let mut replay = None;
        ui.label(RichText::new("The call, decision by decision").strong());
        for line in &self.opening {
            ui.label(line);
        }
        let alternatives = match &self.alternatives {
            Alternatives::Ready(a) => Some(a.as_slice()),
            _ => None,
        };
        if alternatives.is_none() {
            ui.label(RichText::new("Finding the better alternatives...").weak());
        }
        for (i, d) in self.decisions.iter().enumerate() {
            egui::Frame::group(ui.style()).show(ui, |ui| {
                ui.set_width(ui.available_width());
                ui.horizontal_wrapped(|ui| {
                    ui.label(RichText::new(format!("Decision {}", d.turn)).strong());
                    if ui.button(format!("Replay from decision {}", d.turn)).clicked() {
                        replay = Some(d.turn);
                    }
                });
                ui.label(format!("You: {}", d.said));
                ui.label(RichText::new(&d.points).weak());
                if let Some(o) = d.offer {
                    ui.label(format!("Offer {o}"));
                }
                for v in &d.violations {
                    ui.colored_label(Color32::from_rgb(0xd0, 0x3a, 0x2f), v);
                }
                if let Some(f) = &d.feedback {
                    ui.label(f);
                }
                if let Some(c) = &d.citation {
                    ui.label(RichText::new(format!("See {c}")).weak());
                }
                match alternatives.map(|a| a.get(i).and_then(Option::as_ref)) {
                    Some(Some(a)) => {
                        ui.colored_label(
                            Color32::from_rgb(0xd9, 0x8e, 0x04),
                            format!("Better: {}. {}", a.number, a.text),
                        );
                        ui.label(
                            RichText::new(format!(
                                "Best reachable after it: {} - negotiation {}, composure {}, compliance {} ({})",
                                if a.best.passed { "pass" } else { "fail" },
                                a.best.scores.negotiation,
                                a.best.scores.composure,
                                a.best.scores.compliance,
                                a.best.outcome.label()
                            ))
                            .weak(),
                        );
                    }
                    Some(None) => {
                        ui.label(RichText::new("No better choice here.").weak());
                    }
                    None => {}
                }
                for reply in &d.replies {
                    ui.label(reply);
                }
            });
        }
        if let Alternatives::Failed = self.alternatives {
            ui.label("The better alternatives could not be found.");
        }
        if let Some(e) = &self.error {
            ui.colored_label(Color32::from_rgb(0xd0, 0x3a, 0x2f), e);
        }
        let turn = replay?;
        match self.replay_from(turn) {
            Ok(state) => Some(DebriefEvent::ReplayFrom {
                state: Box::new(state),
            }),
            Err(e) => {
                self.error = Some(format!("Cannot replay from decision {turn}: {e}"));
                None
            }
        }
    }
}

/// The opening lines and one row per decision, built once.
fn rows(c: &Compiled, r: &CallResult) -> (Vec<String>, Vec<DecisionRow>) {
    let line = |t: &crate::call::runner::TranscriptEntry| match t.tone {
        Some(tone) => format!("{} ({}): {}", t.speaker, tone.label(), t.text),
        None => format!("{}: {}", t.speaker, t.text),
    };
    let opening = r
        .transcript
        .iter()
        .filter(|t| t.turn == 0)
        .map(line)
        .collect();
    let decisions = r
        .decisions
        .iter()
        .map(|d| {
            let choice = d
                .chosen
                .and_then(|i| c.node_index(&d.node).and_then(|n| c.node(n).choices.get(i)));
            let said = match (choice, d.chosen_number()) {
                (Some(ch), Some(n)) => format!("{n}. {}", ch.text),
                _ => "(let the time run out: dead air)".to_string(),
            };
            DecisionRow {
                turn: d.turn,
                said,
                points: format!(
                    "Negotiation {:+}, composure {:+}, compliance {:+}",
                    d.points.negotiation, d.points.composure, d.points.compliance
                ),
                violations: d
                    .violations
                    .iter()
                    .map(|v| {
                        format!(
                            "Violation: {} ({}) - {}",
                            v.rule,
                            v.severity.label(),
                            v.citation
                        )
                    })
                    .collect(),
                offer: d.offer.map(|o| o.label()),
                feedback: choice.and_then(|ch| ch.feedback.clone()),
                citation: choice.and_then(|ch| ch.citation.clone()),
                // The first line of the turn is the collector's; the rest are the replies.
                replies: r
                    .transcript
                    .iter()
                    .filter(|t| t.turn == d.turn)
                    .skip(1)
                    .map(line)
                    .collect(),
            }
        })
        .collect();
    (opening, decisions)
}
