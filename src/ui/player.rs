//! The call player (issue 7, screen 3): the account screen on the left as a collector sees it,
//! the conversation in the middle, numbered choices below (keys 1–9, arrows and Enter, Esc to
//! leave), a countdown for timed decisions read from a [`Clock`], and in coached mode the
//! agitation meter, live axis meters, disclosure checklist and feedback after each choice. The
//! call itself is a [`CallRun`]; this view only draws it and turns keys and clicks into actions.

use std::sync::Arc;
use std::time::Duration;

use eframe::egui::{self, Color32, Key, Modifiers, RichText};

use crate::call::compliance::DisclosureItem;
use crate::call::runner::{Event, Phase, ShownChoice};
use crate::call::{Action, CallError, CallResult, CallRun, Compiled, Points, RunState, Scores};
use crate::clock::Clock;
use crate::model::{Outcome, Rubric, Tone};

/// How much the player shows while the call is on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PlayMode {
    /// Agitation meter, live axis meters, disclosure checklist and feedback after each choice.
    Coached,
    /// Nothing but the call until the debrief.
    Assessment,
}

/// What the player tells the app shell.
#[derive(Debug, Clone)]
pub enum PlayerEvent {
    /// A decision was made; the shell saves this state so the call resumes after a restart.
    Decided(RunState),
    /// The call ended (the wrap-up note is picked and everything is scored).
    Finished {
        /// The scored call.
        result: Box<CallResult>,
        /// The final state (for the debrief's replay).
        state: RunState,
    },
    /// The trainee left the call (Esc, then confirm); the state is kept for resume.
    Left(RunState),
}

/// What the call asks for now.
#[derive(Debug, Clone)]
enum Prompt {
    /// A decision among the shown choices.
    Decide {
        turn: u32,
        choices: Vec<ShownChoice>,
    },
    /// The after-call note.
    WrapUp {
        outcome: Outcome,
        summary: Option<String>,
        prompt: String,
        options: Vec<String>,
    },
    /// Scored.
    Done,
}

impl Prompt {
    /// The option texts, in shown order.
    fn options(&self) -> Vec<&str> {
        match self {
            Prompt::Decide { choices, .. } => choices.iter().map(|c| c.text.as_str()).collect(),
            Prompt::WrapUp { options, .. } => options.iter().map(String::as_str).collect(),
            Prompt::Done => Vec::new(),
        }
    }
}

/// A running countdown for a timed decision.
#[derive(Debug, Clone, Copy)]
struct Deadline {
    /// Clock time at which the decision times out.
    at: Duration,
    /// Seconds the decision allows.
    seconds: u32,
}

/// One row of the transcript as drawn (built once per change, not per frame).
#[derive(Debug, Clone)]
enum Row {
    /// Someone speaks.
    Line {
        speaker: String,
        tone: Option<Tone>,
        text: String,
        collector: bool,
    },
    /// Coached feedback on a decision.
    Feedback(Note),
}

/// Coached feedback on one decision.
#[derive(Debug, Clone)]
struct Note {
    timed_out: bool,
    points: Points,
    /// `rule (severity): citation` for each violation.
    violations: Vec<String>,
    offer: Option<&'static str>,
    text: Option<String>,
    citation: Option<String>,
}

/// What the coached panel shows, taken from the call when it moves (not every frame).
#[derive(Debug, Clone)]
struct Coach {
    agitation: u8,
    scores: Scores,
    disclosures: Vec<DisclosureItem>,
}

impl Coach {
    fn of(run: &CallRun) -> Self {
        Coach {
            agitation: run.agitation(),
            scores: Scores::from_points(run.points()),
            disclosures: run.disclosures(),
        }
    }
}

/// The call player.
pub struct PlayerView {
    run: CallRun,
    mode: PlayMode,
    clock: Arc<dyn Clock>,
    prompt: Prompt,
    deadline: Option<Deadline>,
    /// The highlighted option (0-based), moved with the arrow keys; Enter picks it.
    highlight: Option<usize>,
    /// The highlight moved this frame: give its button keyboard focus.
    focus_highlight: bool,
    confirm_leave: bool,
    result: Option<CallResult>,
    rows: Vec<Row>,
    coach: Coach,
    /// Each row's drawn height at `heights_width` (rows only grow at the end).
    heights: Vec<f32>,
    heights_width: f32,
    error: Option<String>,
}

impl PlayerView {
    /// Starts a new call at the scenario's start.
    pub fn new(
        compiled: Arc<Compiled>,
        seed: u64,
        mode: PlayMode,
        clock: Arc<dyn Clock>,
    ) -> Result<Self, CallError> {
        let run = CallRun::start(compiled, seed, None)?;
        Ok(Self::from_run(run, mode, clock))
    }

    /// Continues a saved call (after a restart, or from the debrief's "replay from here"). A
    /// timed decision gets its full time again.
    pub fn restore(
        compiled: Arc<Compiled>,
        state: RunState,
        mode: PlayMode,
        clock: Arc<dyn Clock>,
    ) -> Result<Self, CallError> {
        let run = CallRun::restore(compiled, state)?;
        Ok(Self::from_run(run, mode, clock))
    }

    /// Plays a call that is already under way, e.g. one an author started at a node with
    /// [`CallRun::start`]'s `from` (the trainer's preview). Its pending events are dropped:
    /// the view draws from the call's state.
    pub fn from_run(mut run: CallRun, mode: PlayMode, clock: Arc<dyn Clock>) -> Self {
        run.take_events();
        let coach = Coach::of(&run);
        let mut view = PlayerView {
            run,
            mode,
            clock,
            prompt: Prompt::Done,
            deadline: None,
            highlight: None,
            focus_highlight: false,
            confirm_leave: false,
            result: None,
            rows: Vec::new(),
            coach,
            heights: Vec::new(),
            heights_width: 0.0,
            error: None,
        };
        view.result = view.run.result();
        view.refresh();
        view
    }

    /// The call's state as it stands (what the shell saves).
    pub fn state(&self) -> &RunState {
        self.run.save()
    }

    /// The mode the call is played in.
    pub fn mode(&self) -> PlayMode {
        self.mode
    }

    /// The scored call, once the wrap-up is done.
    pub fn result(&self) -> Option<&CallResult> {
        self.result.as_ref()
    }

    /// Seconds left on the open timed decision, if there is one.
    pub fn seconds_left(&self) -> Option<f64> {
        self.deadline
            .map(|d| d.at.saturating_sub(self.clock.elapsed()).as_secs_f64())
    }

    /// The options open now as their buttons are labelled, `"1. <text>"` and so on.
    pub fn option_labels(&self) -> Vec<String> {
        self.prompt
            .options()
            .iter()
            .enumerate()
            .map(|(i, t)| format!("{}. {t}", i + 1))
            .collect()
    }

    /// Whether the "leave the call?" question is open.
    pub fn confirming_leave(&self) -> bool {
        self.confirm_leave
    }

    /// Picks option `n` (1-based, as shown) of the open decision or wrap-up, as a click or a
    /// number key does. Returns what the shell should know; `None` when `n` is not shown.
    pub fn pick(&mut self, n: usize) -> Option<PlayerEvent> {
        if n == 0 || n > self.prompt.options().len() {
            return None;
        }
        let action = self.run.phase().pick(n)?;
        self.act(action)
    }

    fn act(&mut self, action: Action) -> Option<PlayerEvent> {
        match self.run.act(action) {
            Ok(events) => {
                self.error = None;
                let finished = events.into_iter().find_map(|e| match e {
                    Event::Finished(r) => Some(r),
                    _ => None,
                });
                self.refresh();
                let state = self.run.save().clone();
                Some(match finished {
                    Some(result) => {
                        self.result = Some((*result).clone());
                        PlayerEvent::Finished { result, state }
                    }
                    None => PlayerEvent::Decided(state),
                })
            }
            Err(e) => {
                self.error = Some(e.to_string());
                None
            }
        }
    }

    /// Rebuilds what is asked and the transcript rows after the call moved.
    fn refresh(&mut self) {
        self.highlight = None;
        self.deadline = None;
        self.prompt = Prompt::Done;
        let outcome = match self.run.phase() {
            Phase::WrappingUp { outcome } => Some(*outcome),
            _ => None,
        };
        for e in self.run.current_prompt() {
            match e {
                Event::Choices {
                    turn,
                    choices,
                    deadline_seconds,
                    ..
                } => {
                    self.deadline = deadline_seconds.map(|s| Deadline {
                        at: self.clock.elapsed() + Duration::from_secs(u64::from(s)),
                        seconds: s,
                    });
                    self.prompt = Prompt::Decide { turn, choices };
                }
                Event::WrapUp { prompt, options } => {
                    let c = self.run.compiled();
                    let summary = c
                        .node_index(&self.run.save().now.node)
                        .and_then(|i| c.node(i).ending.as_ref())
                        .and_then(|e| e.summary.clone());
                    self.prompt = Prompt::WrapUp {
                        outcome: outcome.unwrap_or(Outcome::DebtorHungUp),
                        summary,
                        prompt,
                        options,
                    };
                }
                _ => {}
            }
        }
        self.rows = build_rows(self.run.compiled(), self.run.save(), self.mode);
        self.coach = Coach::of(&self.run);
        self.heights.truncate(self.rows.len());
    }

    /// Draws the player inside `ui` (the shell gives it the central area) and handles keys.
    pub fn show(&mut self, ui: &mut egui::Ui) -> Option<PlayerEvent> {
        let mut out = None;
        if self.confirm_leave {
            out = self.leave_dialog(ui);
        } else {
            out = out.or_else(|| self.keys(ui));
            out = out.or_else(|| self.tick(ui));
        }
        let compiled = Arc::clone(self.run.compiled());
        egui::Panel::left("rightparty_player_account")
            .resizable(true)
            .default_size(300.0)
            .min_size(200.0)
            .show(ui, |ui| {
                egui::ScrollArea::vertical()
                    .id_salt("player_account_scroll")
                    .show(ui, |ui| super::account_screen::show(ui, &compiled));
            });
        if self.mode == PlayMode::Coached {
            egui::Panel::right("rightparty_player_coach")
                .resizable(true)
                .default_size(260.0)
                .min_size(180.0)
                .show(ui, |ui| {
                    egui::ScrollArea::vertical()
                        .id_salt("player_coach_scroll")
                        .show(ui, |ui| self.coach_panel(ui));
                });
        }
        egui::Panel::bottom("rightparty_player_choices").show(ui, |ui| {
            if let Some(e) = self.choices_panel(ui) {
                out = out.take().or(Some(e));
            }
        });
        egui::CentralPanel::default().show(ui, |ui| self.transcript(ui, &compiled));
        if out.is_some() {
            // A new decision: the button that had focus now holds another choice, so Enter
            // must not pick it unseen.
            ui.ctx().memory_mut(|m| {
                if let Some(id) = m.focused() {
                    m.surrender_focus(id);
                }
            });
            // Panels drawn before a click in this frame showed the old state.
            ui.ctx().request_repaint();
        }
        out
    }

    /// Number keys pick, arrows move the highlight, Enter picks it, Esc asks to leave.
    fn keys(&mut self, ui: &mut egui::Ui) -> Option<PlayerEvent> {
        if ui.input_mut(|i| i.consume_key(Modifiers::NONE, Key::Escape)) {
            self.confirm_leave = true;
            ui.ctx().request_repaint();
            return None;
        }
        let count = self.prompt.options().len();
        if count == 0 {
            return None;
        }
        let digit = ui.input_mut(|i| {
            super::DIGIT_KEYS
                .iter()
                .position(|&k| i.consume_key(Modifiers::NONE, k))
        });
        if let Some(d) = digit {
            return self.pick(d + 1);
        }
        let (down, up) = ui.input_mut(|i| {
            (
                i.consume_key(Modifiers::NONE, Key::ArrowDown),
                i.consume_key(Modifiers::NONE, Key::ArrowUp),
            )
        });
        if down {
            self.highlight = Some(self.highlight.map_or(0, |h| (h + 1).min(count - 1)));
        }
        if up {
            self.highlight = Some(self.highlight.map_or(0, |h| h.saturating_sub(1)));
        }
        // Keyboard focus follows the highlight, so a screen reader reads the choice out.
        self.focus_highlight |= down || up;
        // Enter on a focused button is that button's click; Enter otherwise picks the highlight.
        let focused = ui.ctx().memory(|m| m.focused().is_some());
        if let Some(h) = self.highlight
            && !focused
            && ui.input_mut(|i| i.consume_key(Modifiers::NONE, Key::Enter))
        {
            return self.pick(h + 1);
        }
        None
    }

    /// Runs the countdown: times the decision out at zero, asks for repaints while counting.
    fn tick(&mut self, ui: &egui::Ui) -> Option<PlayerEvent> {
        let d = self.deadline?;
        let now = self.clock.elapsed();
        if now >= d.at {
            return self.act(Action::TimeOut);
        }
        let left = d.at - now;
        ui.ctx()
            .request_repaint_after(left.min(Duration::from_millis(250)));
        None
    }

    fn leave_dialog(&mut self, ui: &mut egui::Ui) -> Option<PlayerEvent> {
        let mut choice = None;
        let modal =
            egui::Modal::new(egui::Id::unique("rightparty_player_leave")).show(ui.ctx(), |ui| {
                ui.heading("Leave this call?");
                ui.label("The call is saved where it stands; you can resume it from Home.");
                ui.horizontal(|ui| {
                    if ui.button("Leave the call").clicked() {
                        choice = Some(true);
                    }
                    if ui.button("Stay on the call").clicked() {
                        choice = Some(false);
                    }
                });
                let focused = ui.ctx().memory(|m| m.focused().is_some());
                if !focused && ui.input_mut(|i| i.consume_key(Modifiers::NONE, Key::Enter)) {
                    choice = Some(true);
                }
            });
        if choice.is_none() && modal.should_close() {
            choice = Some(false);
        }
        match choice {
            Some(true) => {
                self.confirm_leave = false;
                Some(PlayerEvent::Left(self.run.save().clone()))
            }
            Some(false) => {
                self.confirm_leave = false;
                ui.ctx().request_repaint();
                None
            }
            None => None,
        }
    }

    fn coach_panel(&self, ui: &mut egui::Ui) {
        ui.heading("Coach");
        let c = &self.coach;
        ui.label(format!("Debtor agitation: {} of 10", c.agitation));
        ui.add(
            egui::ProgressBar::new(f32::from(c.agitation) / 10.0)
                .fill(agitation_color(c.agitation))
                .desired_height(10.0),
        );
        ui.add_space(8.0);
        ui.label(RichText::new("Scores so far").strong());
        axis_meters(ui, &c.scores, &self.run.compiled().scenario.rubric);
        ui.add_space(8.0);
        ui.label(RichText::new("Disclosure checklist").strong());
        disclosure_checklist(ui, &c.disclosures);
    }

    fn choices_panel(&mut self, ui: &mut egui::Ui) -> Option<PlayerEvent> {
        let mut picked = None;
        ui.add_space(4.0);
        match &self.prompt {
            Prompt::Decide { turn, .. } => {
                ui.horizontal(|ui| {
                    ui.label(RichText::new(format!("Decision {turn}")).strong());
                    ui.label(
                        RichText::new("Press 1 to 9, or the arrow keys then Enter; Esc to leave")
                            .small()
                            .weak(),
                    );
                });
            }
            Prompt::WrapUp {
                outcome,
                summary,
                prompt,
                ..
            } => {
                ui.label(RichText::new(format!("Call ended: {}", outcome.label())).strong());
                if let Some(s) = summary
                    && self.mode == PlayMode::Coached
                {
                    ui.label(s);
                }
                ui.label(format!("Wrap-up: {prompt}"));
            }
            Prompt::Done => {
                ui.label(RichText::new("The call is over and scored.").strong());
            }
        }
        if let Some(d) = self.deadline {
            let left = d.at.saturating_sub(self.clock.elapsed());
            let secs = left.as_secs() + u64::from(left.subsec_nanos() > 0);
            let frac = left.as_secs_f32() / d.seconds.max(1) as f32;
            let color = if frac > 0.5 {
                Color32::from_rgb(0x2e, 0x9e, 0x4f)
            } else if frac > 0.2 {
                Color32::from_rgb(0xd9, 0x8e, 0x04)
            } else {
                Color32::from_rgb(0xd0, 0x3a, 0x2f)
            };
            ui.label(RichText::new(format!("Time to answer: {secs} s")).color(color));
            ui.add(
                egui::ProgressBar::new(frac.clamp(0.0, 1.0))
                    .fill(color)
                    .desired_height(6.0),
            );
        }
        let options = self.option_labels();
        let focus_highlight = std::mem::take(&mut self.focus_highlight);
        egui::ScrollArea::vertical()
            .id_salt("player_choices_scroll")
            .max_height(300.0)
            .auto_shrink([false, true])
            .show(ui, |ui| {
                for (i, text) in options.iter().enumerate() {
                    let button = egui::Button::new(text.as_str())
                        .wrap()
                        .selected(self.highlight == Some(i))
                        .min_size(egui::vec2(ui.available_width(), 0.0));
                    let response = ui.add(button);
                    if focus_highlight && self.highlight == Some(i) {
                        response.request_focus();
                        response.scroll_to_me(None);
                    }
                    if response.clicked() {
                        picked = Some(i + 1);
                    }
                }
            });
        if let Some(e) = &self.error {
            ui.colored_label(Color32::from_rgb(0xd0, 0x3a, 0x2f), e);
        }
        ui.add_space(4.0);
        picked.and_then(|n| self.pick(n))
    }

    fn transcript(&mut self, ui: &mut egui::Ui, compiled: &Compiled) {
        ui.horizontal_wrapped(|ui| {
            ui.heading(&compiled.scenario.title);
            ui.label(
                RichText::new(match self.mode {
                    PlayMode::Coached => "coached",
                    PlayMode::Assessment => "assessment",
                })
                .small()
                .weak(),
            );
        });
        ui.label(RichText::new(crate::DISCLAIMER).small().weak());
        ui.separator();
        egui::ScrollArea::vertical()
            .id_salt("player_transcript_scroll")
            .stick_to_bottom(true)
            .auto_shrink(false)
            .show_viewport(ui, |ui, viewport| {
                // Only rows near the visible part are laid out; the others take the height they
                // had when last drawn, so a long call costs what the screen shows. A new width
                // re-measures every row once.
                let width = ui.available_width();
                if (width - self.heights_width).abs() > 0.5 {
                    self.heights.clear();
                    self.heights_width = width;
                }
                let origin = ui.min_rect().top();
                let near = viewport.expand2(egui::vec2(0.0, 200.0));
                for (i, row) in self.rows.iter().enumerate() {
                    let top = ui.cursor().top();
                    if let Some(&h) = self.heights.get(i) {
                        let y = top - origin;
                        if y + h < near.min.y || y > near.max.y {
                            ui.add_space(h);
                            continue;
                        }
                    }
                    draw_row(ui, row);
                    let h = ui.cursor().top() - top;
                    if let Some(old) = self.heights.get_mut(i) {
                        *old = h;
                    } else if self.heights.len() == i {
                        self.heights.push(h);
                    }
                }
            });
    }
}

/// The transcript rows for a state: every line, and in coached mode the feedback on each
/// decision right after the collector's words.
fn build_rows(c: &Compiled, s: &RunState, mode: PlayMode) -> Vec<Row> {
    let mut rows = Vec::with_capacity(s.transcript.len() * 2);
    let mut last_turn = 0;
    for t in &s.transcript {
        // The first entry of each decision's turn is what the collector said (or the silence).
        let opens_turn = t.turn > last_turn;
        last_turn = t.turn;
        rows.push(Row::Line {
            speaker: t.speaker.clone(),
            tone: t.tone,
            text: t.text.clone(),
            collector: opens_turn,
        });
        if opens_turn
            && mode == PlayMode::Coached
            && let Some(d) = s.decisions.get(t.turn as usize - 1)
        {
            let choice = d
                .chosen
                .and_then(|i| c.node_index(&d.node).and_then(|n| c.node(n).choices.get(i)));
            rows.push(Row::Feedback(Note {
                timed_out: d.chosen.is_none(),
                points: d.points,
                violations: d
                    .violations
                    .iter()
                    .map(|v| format!("{} ({}): {}", v.rule, v.severity.label(), v.citation))
                    .collect(),
                offer: d.offer.map(|o| o.label()),
                text: choice.and_then(|ch| ch.feedback.clone()),
                citation: choice.and_then(|ch| ch.citation.clone()),
            }));
        }
    }
    rows
}

fn draw_row(ui: &mut egui::Ui, row: &Row) {
    match row {
        Row::Line {
            speaker,
            tone,
            text,
            collector,
        } => {
            let who = match tone {
                Some(t) => format!("{speaker} ({}):", t.label()),
                None => format!("{speaker}:"),
            };
            ui.horizontal_wrapped(|ui| {
                let mut head = RichText::new(who).strong();
                if *collector {
                    head = head.color(ui.visuals().hyperlink_color);
                } else if let Some(t) = tone {
                    head = head.color(tone_color(ui, *t));
                }
                ui.label(head);
                ui.label(text);
            });
            ui.add_space(4.0);
        }
        Row::Feedback(n) => {
            egui::Frame::group(ui.style())
                .fill(ui.visuals().faint_bg_color)
                .show(ui, |ui| {
                    ui.set_width(ui.available_width());
                    if n.timed_out {
                        ui.label(
                            RichText::new("Dead air: the deadline passed.")
                                .color(Color32::from_rgb(0xd9, 0x8e, 0x04)),
                        );
                    }
                    ui.label(
                        RichText::new(format!(
                            "Negotiation {:+}, composure {:+}, compliance {:+}",
                            n.points.negotiation, n.points.composure, n.points.compliance
                        ))
                        .weak(),
                    );
                    if let Some(o) = n.offer {
                        ui.label(format!("Offer {o}"));
                    }
                    for v in &n.violations {
                        ui.colored_label(
                            Color32::from_rgb(0xd0, 0x3a, 0x2f),
                            format!("Violation: {v}"),
                        );
                    }
                    if let Some(t) = &n.text {
                        ui.label(t);
                    }
                    if let Some(c) = &n.citation {
                        ui.label(RichText::new(format!("See {c}")).weak());
                    }
                });
            ui.add_space(6.0);
        }
    }
}

/// A tone's colour: warm for anger and distress, the normal text colour otherwise.
fn tone_color(ui: &egui::Ui, t: Tone) -> Color32 {
    match t {
        Tone::Angry | Tone::Shouting => Color32::from_rgb(0xd0, 0x3a, 0x2f),
        Tone::Irritated | Tone::Tearful | Tone::Anxious => Color32::from_rgb(0xd9, 0x8e, 0x04),
        Tone::Friendly | Tone::Relieved => Color32::from_rgb(0x2e, 0x9e, 0x4f),
        _ => ui.visuals().strong_text_color(),
    }
}

fn agitation_color(a: u8) -> Color32 {
    match a {
        0..=3 => Color32::from_rgb(0x2e, 0x9e, 0x4f),
        4..=6 => Color32::from_rgb(0xd9, 0x8e, 0x04),
        _ => Color32::from_rgb(0xd0, 0x3a, 0x2f),
    }
}

/// The three axes as bars, each with its pass mark (also used by the debrief).
pub(crate) fn axis_meters(ui: &mut egui::Ui, scores: &Scores, rubric: &Rubric) {
    for (name, value, mark) in [
        ("Negotiation", scores.negotiation, rubric.negotiation),
        ("Composure", scores.composure, rubric.composure),
        ("Compliance", scores.compliance, rubric.compliance),
    ] {
        let met = f64::from(value) >= mark;
        ui.label(format!(
            "{name}: {value} (pass mark {mark}, {})",
            if met { "met" } else { "below" }
        ));
        let color = if met {
            Color32::from_rgb(0x2e, 0x9e, 0x4f)
        } else {
            Color32::from_rgb(0xd0, 0x3a, 0x2f)
        };
        ui.add(
            egui::ProgressBar::new(value as f32 / 100.0)
                .fill(color)
                .desired_width(ui.available_width().min(420.0))
                .desired_height(8.0),
        );
    }
}

/// The disclosure tracker as a checklist (also used by the debrief).
pub(crate) fn disclosure_checklist(ui: &mut egui::Ui, items: &[DisclosureItem]) {
    for d in items {
        let (mark, color) = match (d.required, d.given) {
            (_, true) => ("given", Color32::from_rgb(0x2e, 0x9e, 0x4f)),
            (true, false) => ("owed", Color32::from_rgb(0xd0, 0x3a, 0x2f)),
            (false, false) => ("not yet needed", ui.visuals().weak_text_color()),
        };
        ui.horizontal_wrapped(|ui| {
            ui.label(RichText::new(format!("[{mark}]")).color(color));
            ui.label(&d.name);
        });
        ui.label(RichText::new(&d.citation).weak());
    }
}
