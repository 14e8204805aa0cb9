//! The trainer's screen: the content folder, every problem in it (click one for its file,
//! line and source), a scenario's map with its best (and the trainee's) path, its best and
//! worst results, a preview that starts the player at any node with chosen flags, and a cohort
//! view of the local records. The screen draws and reports [`TrainerEvent`]s; the app shell
//! owns the watcher, the player and the records.

mod analysis;
mod map;

use std::collections::{BTreeSet, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use eframe::egui::{self, RichText};

pub use analysis::{AnalysisCache, AnalysisState};
pub use map::{
    BEST_COLOR, EdgeKind, MapEdge, MapLayout, MapNode, NodeKind, TRAINEE_COLOR, outcome_color,
};

use crate::call::engine::Compiled;
use crate::call::explore::{Analysis, Reachable};
use crate::call::runner::RunState;
use crate::content::render::TextRenderer;
use crate::content::{ContentSet, Diagnostic, Level, Loaded};
use crate::model::{Outcome, Scenario};

/// What the trainer asked the app to do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TrainerEvent {
    /// Open the player on `scenario` at node `from` with these flags set (preview).
    Preview {
        /// The scenario id.
        scenario_id: String,
        /// The node to start at (`None`: the scenario's start).
        from: Option<String>,
        /// Flags set on top of the scenario's own starting flags, sorted.
        flags: Vec<String>,
    },
    /// The trainer picked another content folder.
    ChangeFolder(PathBuf),
}

/// The local records summarised per trainee, filled by the app from the records store.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct CohortData {
    /// One row per trainee.
    pub rows: Vec<CohortRow>,
}

/// One trainee's results.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct CohortRow {
    /// The trainee's name.
    pub name: String,
    /// Practice calls finished.
    pub call_attempts: usize,
    /// Share of those calls passed, 0.0 to 1.0 (`None` without attempts).
    pub call_pass_rate: Option<f64>,
    /// Exams finished.
    pub exam_attempts: usize,
    /// Share of those exams passed, 0.0 to 1.0 (`None` without attempts).
    pub exam_pass_rate: Option<f64>,
    /// The weakest domains, weakest first.
    pub weakest_domains: Vec<String>,
}

/// The parts of the screen beside the problems list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TrainerTab {
    /// One scenario: results, preview, map.
    Scenario,
    /// Best and worst results of every scenario.
    Results,
    /// The cohort's records.
    Cohort,
}

/// A diagnostic's identity across reloads (its index changes when others come or go).
#[derive(Debug, Clone, PartialEq, Eq)]
struct DiagKey {
    file: PathBuf,
    line: usize,
    column: usize,
    code: &'static str,
    message: String,
}

impl DiagKey {
    fn of(d: &Diagnostic) -> Self {
        DiagKey {
            file: d.file.clone(),
            line: d.line,
            column: d.column,
            code: d.code,
            message: d.message.clone(),
        }
    }

    fn matches(&self, d: &Diagnostic) -> bool {
        self.file == d.file
            && self.line == d.line
            && self.column == d.column
            && self.code == d.code
            && self.message == d.message
    }
}

/// The trainer's screen state.
pub struct TrainerView {
    /// The folder field's text.
    pub folder: String,
    /// The tab shown.
    pub tab: TrainerTab,
    /// The id of the scenario shown.
    pub scenario: Option<String>,
    /// The preview's start node (`None`: the scenario's start).
    pub preview_from: Option<String>,
    /// The flags the preview sets.
    pub preview_flags: BTreeSet<String>,
    selected: Option<DiagKey>,
    analyses: AnalysisCache,
    compiled: Option<(Scenario, Result<Arc<Compiled>, String>)>,
    layout: Option<(Scenario, MapLayout)>,
    renderer: TextRenderer,
}

impl Default for TrainerView {
    fn default() -> Self {
        Self::new()
    }
}

impl TrainerView {
    /// An empty screen (no folder typed, the first scenario shown once content is there).
    pub fn new() -> Self {
        TrainerView {
            folder: String::new(),
            tab: TrainerTab::Scenario,
            scenario: None,
            preview_from: None,
            preview_flags: BTreeSet::new(),
            selected: None,
            analyses: AnalysisCache::default(),
            compiled: None,
            layout: None,
            renderer: TextRenderer::new(false),
        }
    }

    /// Puts `path` in the folder field (the app does this for the folder it loaded).
    pub fn set_folder(&mut self, path: &Path) {
        self.folder = path.display().to_string();
    }

    /// The diagnostic whose source is open, if it is still in `content`.
    pub fn selected_diagnostic<'a>(&self, content: &'a ContentSet) -> Option<&'a Diagnostic> {
        let key = self.selected.as_ref()?;
        content.diagnostics.iter().find(|d| key.matches(d))
    }

    /// The finished best/worst analysis of a scenario id, if it has arrived.
    pub fn analysis(&self, scenario_id: &str) -> Option<&Analysis> {
        self.analyses.finished(scenario_id)
    }

    /// Draws the screen into `ui`; returns what the trainer asked for, if anything.
    pub fn show(
        &mut self,
        ui: &mut egui::Ui,
        content: &ContentSet,
        cohort: Option<&CohortData>,
    ) -> Option<TrainerEvent> {
        self.show_with_run(ui, content, cohort, None)
    }

    /// [`TrainerView::show`], also drawing the trainee's path on the map when `run` is a call
    /// of the scenario shown.
    pub fn show_with_run(
        &mut self,
        ui: &mut egui::Ui,
        content: &ContentSet,
        cohort: Option<&CohortData>,
        run: Option<&RunState>,
    ) -> Option<TrainerEvent> {
        self.analyses.poll();
        let mut event = None;
        egui::Panel::top("trainer-folder").show(ui, |ui| {
            event = self.folder_bar(ui);
            if !content.kept.is_empty() {
                ui.colored_label(
                    ui.visuals().warn_fg_color,
                    format!(
                        "{} broken: the last good version stays in use until it is fixed",
                        plural(content.kept.len(), "file")
                    ),
                );
            }
        });
        egui::Panel::left("trainer-problems")
            .resizable(true)
            .default_size(420.0)
            .show(ui, |ui| {
                ui.heading("Problems");
                let mut idx = self.selected_index(content);
                diagnostics_panel(ui, content, &mut idx, &self.renderer);
                self.selected = idx
                    .and_then(|i| content.diagnostics.get(i))
                    .map(DiagKey::of);
            });
        egui::CentralPanel::default().show(ui, |ui| {
            ui.horizontal(|ui| {
                ui.selectable_value(&mut self.tab, TrainerTab::Scenario, "Scenario");
                ui.selectable_value(&mut self.tab, TrainerTab::Results, "All results");
                ui.selectable_value(&mut self.tab, TrainerTab::Cohort, "Cohort");
            });
            ui.separator();
            match self.tab {
                TrainerTab::Scenario => {
                    if let Some(e) = self.scenario_tab(ui, content, run) {
                        event = Some(e);
                    }
                }
                TrainerTab::Results => self.results_tab(ui, content),
                TrainerTab::Cohort => cohort_table(ui, cohort),
            }
        });
        event
    }

    fn selected_index(&self, content: &ContentSet) -> Option<usize> {
        let key = self.selected.as_ref()?;
        content.diagnostics.iter().position(|d| key.matches(d))
    }

    fn folder_bar(&mut self, ui: &mut egui::Ui) -> Option<TrainerEvent> {
        let mut event = None;
        ui.horizontal(|ui| {
            let label = ui.label("Content folder");
            let field = ui.add(
                egui::TextEdit::singleline(&mut self.folder)
                    .hint_text("path to a folder of scenarios and question banks")
                    .desired_width(ui.available_width() - 80.0),
            );
            let field = field.labelled_by(label.id);
            let entered = field.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
            let open = ui.button("Open").clicked();
            if (entered || open) && !self.folder.trim().is_empty() {
                event = Some(TrainerEvent::ChangeFolder(PathBuf::from(
                    self.folder.trim(),
                )));
            }
        });
        event
    }

    fn scenario_tab(
        &mut self,
        ui: &mut egui::Ui,
        content: &ContentSet,
        run: Option<&RunState>,
    ) -> Option<TrainerEvent> {
        if content.scenarios.is_empty() {
            ui.label("No scenarios loaded.");
            return None;
        }
        // Keep the chosen scenario if it is still there, else the first.
        let pos = self
            .scenario
            .as_ref()
            .and_then(|id| content.scenarios.iter().position(|s| &s.item.id == id))
            .unwrap_or(0);
        let mut pick = pos;
        egui::ComboBox::from_label("Scenario")
            .selected_text(&content.scenarios[pos].item.title)
            .width(320.0)
            .show_ui(ui, |ui| {
                for (i, s) in content.scenarios.iter().enumerate() {
                    ui.selectable_value(&mut pick, i, format!("{} ({})", s.item.title, s.item.id));
                }
            });
        let loaded = &content.scenarios[pick];
        let s = &loaded.item;
        if self.scenario.as_deref() != Some(s.id.as_str()) {
            self.scenario = Some(s.id.clone());
            self.preview_from = None;
            self.preview_flags.clear();
        }
        status(ui, content, loaded);
        if !loaded.usable() {
            return None;
        }
        ui.separator();
        let event = self.preview_controls(ui, s);
        ui.separator();
        // Best and worst results.
        let state = self.analyses.get(s, ui.ctx());
        let analysis = match &state {
            AnalysisState::Running => {
                // No spinner (it would repaint every frame): the worker asks for a repaint
                // when it is done.
                ui.label("Exploring every path for the best and worst results…");
                None
            }
            AnalysisState::Failed(e) => {
                ui.colored_label(ui.visuals().error_fg_color, format!("Cannot analyse: {e}"));
                None
            }
            AnalysisState::Done(a) => {
                result_line(ui, "Best result", a.best.as_ref());
                result_line(ui, "Worst result", a.worst.as_ref());
                if let Some(note) = &a.note {
                    ui.label(RichText::new(format!("Not exact: {note}")).small().weak());
                }
                Some(Arc::clone(a))
            }
        };
        ui.separator();
        // The map.
        if self.layout.as_ref().is_none_or(|(old, _)| old != s) {
            self.layout = Some((s.clone(), MapLayout::new(s)));
        }
        let Some((_, layout)) = &self.layout else {
            return event;
        };
        let best: Vec<usize> = analysis
            .as_ref()
            .and_then(|a| a.best.as_ref())
            .map(|b| layout.analysis_path(s, &b.path, b.outcome))
            .unwrap_or_default();
        let trainee: Vec<usize> = run
            .filter(|r| r.scenario == s.id)
            .map(|r| {
                let mut stops: Vec<&str> = r.decisions.iter().map(|d| d.node.as_str()).collect();
                stops.push(r.now.node.as_str());
                stops.dedup();
                layout.connect(s, &stops)
            })
            .unwrap_or_default();
        let unreached: HashSet<String> = analysis
            .as_ref()
            .map(|a| a.unreachable.iter().cloned().collect())
            .unwrap_or_default();
        legend(ui, run.is_some_and(|r| r.scenario == s.id));
        let unreachable: Vec<&str> = layout
            .nodes
            .iter()
            .filter(|n| !n.reachable || unreached.contains(&n.id))
            .map(|n| n.id.as_str())
            .collect();
        if !unreachable.is_empty() {
            ui.colored_label(
                ui.visuals().error_fg_color,
                format!("Unreachable nodes: {}", unreachable.join(", ")),
            );
        }
        let overlay = map::Overlay {
            best: &best,
            trainee: &trainee,
            unreached: &unreached,
            selected: self.preview_from.as_deref(),
        };
        let clicked = egui::ScrollArea::both()
            .id_salt("scenario-map")
            .auto_shrink([false, false])
            .show(ui, |ui| map::paint(ui, layout, s, &overlay))
            .inner;
        if let Some(id) = clicked {
            self.preview_from = if id == s.start { None } else { Some(id) };
        }
        event
    }

    fn preview_controls(&mut self, ui: &mut egui::Ui, s: &Scenario) -> Option<TrainerEvent> {
        if self.compiled.as_ref().is_none_or(|(old, _)| old != s) {
            let c = Compiled::new(Arc::new(s.clone()))
                .map(Arc::new)
                .map_err(|e| e.to_string());
            self.compiled = Some((s.clone(), c));
        }
        let compiled = match &self.compiled {
            Some((_, Ok(c))) => Arc::clone(c),
            Some((_, Err(e))) => {
                ui.colored_label(ui.visuals().error_fg_color, e.clone());
                return None;
            }
            None => return None,
        };
        ui.heading("Preview from any node");
        let start_text = self
            .preview_from
            .clone()
            .unwrap_or_else(|| format!("{} (start)", s.start));
        let mut from = self.preview_from.clone();
        egui::ComboBox::from_label("Start node")
            .selected_text(start_text)
            .width(260.0)
            .show_ui(ui, |ui| {
                ui.selectable_value(&mut from, None, format!("{} (start)", s.start));
                for n in &s.nodes {
                    if n.id != s.start {
                        ui.selectable_value(&mut from, Some(n.id.clone()), n.id.as_str());
                    }
                }
            });
        self.preview_from = from;
        let initial: BTreeSet<&str> = s
            .initial_flags
            .iter()
            .map(String::as_str)
            .chain(s.account.flags_on_file.iter().map(|f| f.flag_name()))
            .collect();
        if !initial.is_empty() {
            ui.label(format!(
                "Set at the start anyway: {}",
                initial.iter().copied().collect::<Vec<_>>().join(", ")
            ));
        }
        ui.label("Flags to set:");
        ui.horizontal_wrapped(|ui| {
            for name in compiled.flag_table() {
                if initial.contains(name.as_str()) {
                    continue;
                }
                let mut on = self.preview_flags.contains(name);
                if ui.checkbox(&mut on, name.as_str()).changed() {
                    if on {
                        self.preview_flags.insert(name.clone());
                    } else {
                        self.preview_flags.remove(name);
                    }
                }
            }
        });
        // Flags of another version of the scenario that no longer exist are dropped.
        self.preview_flags
            .retain(|f| compiled.flag_table().iter().any(|n| n == f));
        if self
            .preview_from
            .as_ref()
            .is_some_and(|id| compiled.node_index(id).is_none())
        {
            self.preview_from = None;
        }
        if ui.button("Preview").clicked() {
            return Some(TrainerEvent::Preview {
                scenario_id: s.id.clone(),
                from: self.preview_from.clone(),
                flags: self.preview_flags.iter().cloned().collect(),
            });
        }
        None
    }

    fn results_tab(&mut self, ui: &mut egui::Ui, content: &ContentSet) {
        ui.heading("Best and worst results");
        ui.label(
            RichText::new(
                "Found by exploring every path: passing ranks first, then the sum of the three axes.",
            )
            .weak(),
        );
        egui::ScrollArea::vertical().show(ui, |ui| {
            egui::Grid::new("results-grid")
                .striped(true)
                .num_columns(3)
                .show(ui, |ui| {
                    ui.strong("Scenario");
                    ui.strong("Best");
                    ui.strong("Worst");
                    ui.end_row();
                    for loaded in &content.scenarios {
                        let s = &loaded.item;
                        ui.label(&s.title);
                        if !loaded.usable() {
                            ui.label("not usable until fixed");
                            ui.label("");
                            ui.end_row();
                            continue;
                        }
                        match self.analyses.get(s, ui.ctx()) {
                            AnalysisState::Running => {
                                ui.label("exploring…");
                                ui.label("");
                            }
                            AnalysisState::Failed(e) => {
                                ui.label(e);
                                ui.label("");
                            }
                            AnalysisState::Done(a) => {
                                ui.label(short_result(a.best.as_ref()));
                                ui.label(short_result(a.worst.as_ref()));
                            }
                        }
                        ui.end_row();
                    }
                });
        });
    }
}

/// Lists every problem in `set` (unreadable paths first) with the summary line; clicking one
/// opens its file, line, column and source snippet. `selected` is the open diagnostic's index
/// in `set.diagnostics`. Shared by the trainer and the library.
pub fn diagnostics_panel(
    ui: &mut egui::Ui,
    set: &ContentSet,
    selected: &mut Option<usize>,
    renderer: &TextRenderer,
) {
    ui.label(set.summary().to_string());
    for e in &set.io_errors {
        ui.colored_label(ui.visuals().error_fg_color, e.to_string());
    }
    if set.diagnostics.is_empty() {
        ui.label("No problems found.");
    }
    if selected.is_some_and(|i| i >= set.diagnostics.len()) {
        *selected = None;
    }
    ui.separator();
    egui::ScrollArea::vertical()
        .id_salt("diagnostics")
        .show(ui, |ui| {
            for (i, d) in set.diagnostics.iter().enumerate() {
                let color = match d.level {
                    Level::Error => ui.visuals().error_fg_color,
                    Level::Warning => ui.visuals().warn_fg_color,
                };
                let open = *selected == Some(i);
                let resp =
                    ui.selectable_label(open, RichText::new(d.header()).color(color).monospace());
                if resp.clicked() {
                    *selected = if open { None } else { Some(i) };
                }
                if *selected == Some(i) {
                    egui::Frame::group(ui.style()).show(ui, |ui| {
                        ui.label(format!(
                            "File {}, line {}, column {}",
                            d.file.display(),
                            d.line,
                            d.column
                        ));
                        ui.label(RichText::new(renderer.render(d)).monospace());
                    });
                }
            }
        });
}

/// The scenario's state: usable, kept last good version, or broken.
fn status(ui: &mut egui::Ui, content: &ContentSet, loaded: &Loaded<Scenario>) {
    let s = &loaded.item;
    ui.label(RichText::new(&s.summary).weak());
    ui.label(format!(
        "{} · {}",
        loaded.path.display(),
        plural(s.nodes.len(), "node")
    ));
    if content.is_kept(&loaded.path) {
        ui.colored_label(
            ui.visuals().warn_fg_color,
            "The file has errors now: this is its last good version (see Problems).",
        );
    } else if !loaded.usable() {
        ui.colored_label(
            ui.visuals().error_fg_color,
            format!(
                "{}: not usable until fixed (see Problems).",
                plural(loaded.errors, "error")
            ),
        );
    }
}

fn result_line(ui: &mut egui::Ui, what: &str, r: Option<&Reachable>) {
    match r {
        None => {
            ui.label(format!("{what}: no path reaches an ending"));
        }
        Some(r) => {
            ui.horizontal_wrapped(|ui| {
                ui.strong(format!("{what}:"));
                let (text, color) = if r.passed {
                    ("passes", outcome_color(Outcome::PaymentTaken))
                } else {
                    ("fails", outcome_color(Outcome::DebtorHungUp))
                };
                ui.colored_label(color, text);
                ui.label(format!(
                    "· {} · negotiation {}, composure {}, compliance {}",
                    r.outcome.label(),
                    r.scores.negotiation,
                    r.scores.composure,
                    r.scores.compliance
                ));
            });
            ui.label(
                RichText::new(format!("{what} path: {}", r.path.join(" -> ")))
                    .small()
                    .weak(),
            );
        }
    }
}

fn short_result(r: Option<&Reachable>) -> String {
    match r {
        None => "no ending reachable".into(),
        Some(r) => format!(
            "{} · {} · {}/{}/{}",
            if r.passed { "passes" } else { "fails" },
            r.outcome.label(),
            r.scores.negotiation,
            r.scores.composure,
            r.scores.compliance
        ),
    }
}

fn legend(ui: &mut egui::Ui, trainee: bool) {
    ui.horizontal_wrapped(|ui| {
        ui.label("Map:");
        ui.colored_label(outcome_color(Outcome::PaymentTaken), "collected");
        ui.colored_label(
            outcome_color(Outcome::DisputeLogged),
            "closed without payment",
        );
        ui.colored_label(outcome_color(Outcome::DebtorHungUp), "lost");
        ui.colored_label(BEST_COLOR, "best path");
        if trainee {
            ui.colored_label(TRAINEE_COLOR, "trainee's path");
        }
        ui.colored_label(ui.visuals().error_fg_color, "unreachable (dashed)");
        ui.label(RichText::new("Click a node to preview from it.").weak());
    });
}

fn cohort_table(ui: &mut egui::Ui, cohort: Option<&CohortData>) {
    ui.heading("Cohort");
    let Some(cohort) = cohort else {
        ui.label("No records loaded.");
        return;
    };
    if cohort.rows.is_empty() {
        ui.label("No trainees yet.");
        return;
    }
    let rate = |r: Option<f64>| r.map_or("–".to_string(), |r| format!("{:.0}%", r * 100.0));
    egui::ScrollArea::vertical().show(ui, |ui| {
        egui::Grid::new("cohort-grid")
            .striped(true)
            .num_columns(6)
            .show(ui, |ui| {
                for h in [
                    "Trainee",
                    "Calls",
                    "Calls passed",
                    "Exams",
                    "Exams passed",
                    "Weakest domains",
                ] {
                    ui.strong(h);
                }
                ui.end_row();
                for row in &cohort.rows {
                    ui.label(&row.name);
                    ui.label(row.call_attempts.to_string());
                    ui.label(rate(row.call_pass_rate));
                    ui.label(row.exam_attempts.to_string());
                    ui.label(rate(row.exam_pass_rate));
                    ui.label(if row.weakest_domains.is_empty() {
                        "–".to_string()
                    } else {
                        row.weakest_domains.join(", ")
                    });
                    ui.end_row();
                }
            });
    });
}

fn plural(n: usize, what: &str) -> String {
    if n == 1 {
        format!("1 {what}")
    } else {
        format!("{n} {what}s")
    }
}
