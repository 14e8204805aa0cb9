//! The exam room (issue 7, screen 5): one self-contained view over an exam [`Session`], laid
//! out like a test center's: the untimed rules screen and a ready confirmation, one question at
//! a time with flagging, a navigator of every item, the timer (hideable until five minutes are
//! left) with the engine's warnings, the review screen, submit with a warning naming unanswered
//! items, and the results with per-domain bars and a review of every item. Practice and drill
//! show feedback after each answer. All rules live in the engine; this view only sends
//! [`Action`]s, reads [`Event`]s and draws the state.
//!
//! The host builds the session (its [`crate::exam::Env`] owns the clock, the saver and the
//! history, e.g. a [`crate::store::Store`] for both), hands it to [`ExamRoom::new`], calls
//! [`ExamRoom::show`] every frame (it ticks the session and asks for a repaint about once a
//! second while a timer runs) and acts on the [`ExamRoomEvent`] it returns:
//!
//! ```ignore
//! let env = Env { clock: Box::new(SystemClock::new()), saver: Box::new(store.clone()), history: Box::new(store) };
//! let room = ExamRoom::new(Session::start(exam, StartOptions::exam(trainee), env)?); // or Session::resume(id, env)?
//! // each frame:
//! match room.show(ui) {
//!     Some(ExamRoomEvent::Finished(result)) => { /* recorded already; the room shows the results */ }
//!     Some(ExamRoomEvent::Left) => { /* saved; offer "resume" on the home screen */ }
//!     Some(ExamRoomEvent::Closed) => { /* results closed: go home */ }
//!     None => {}
//! }
//! ```

use std::time::Duration;

use eframe::egui::{
    self, Align, Align2, Color32, CornerRadius, FontId, Key, Layout, Modifiers, RichText, Role,
    Sense, Stroke, StrokeKind, Vec2, WidgetInfo,
};

use crate::exam::assemble::letter;
use crate::exam::scoring::{format_percent, format_points};
use crate::exam::session::ItemState;
use crate::exam::{
    Action, Event, ExamResult, ItemFeedback, ItemOutcome, Phase, Session, SessionMode,
    SessionState, SubmitReason, format_duration, result_notice,
};
use crate::model::{QuestionKind, Speaker};

/// A hidden timer comes back (and can no longer be hidden) when this much time is left.
pub const TIMER_RETURNS_AT: Duration = Duration::from_secs(5 * 60);

/// Side of one navigator cell, in points.
const CELL: f32 = 32.0;

/// Semantic green for a pass and right answers (reads on dark and light themes).
const GREEN: Color32 = Color32::from_rgb(0x2e, 0x9e, 0x44);
/// Semantic amber for flags and time warnings.
const AMBER: Color32 = Color32::from_rgb(0xe0, 0x9a, 0x1a);

/// What the exam room tells its host.
#[derive(Debug, Clone, PartialEq)]
pub enum ExamRoomEvent {
    /// Submitted (by the trainee or because time ran out); the result is final and already
    /// recorded in the session's history. Reported once per view, on the first frame the view
    /// sees the session submitted (also when [`ExamRoom::new`] was given a submitted session).
    /// The view keeps showing the results and the item review afterwards.
    Finished(ExamResult),
    /// The trainee left; the session is saved through its saver and can be resumed with
    /// [`Session::resume`].
    Left,
    /// The trainee closed the results screen ("Done").
    Closed,
}

/// Which items the results' review lists.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
enum ReviewFilter {
    /// Every item.
    #[default]
    All,
    /// Wrong, partly right and unanswered items.
    Missed,
    /// Items the trainee flagged.
    Flagged,
}

/// One keyboard command.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Command {
    Choose(usize),
    Next,
    Previous,
    Flag,
    Enter,
    Escape,
}

/// What the question on screen needs each frame, built once when it changes (no per-frame
/// formatting of its texts).
struct QuestionCache {
    position: usize,
    heading: String,
    excerpt: Vec<String>,
    /// `A. text` per shown option (`True` / `False` for true/false).
    options: Vec<String>,
    feedback: Option<ItemFeedback>,
    key_text: String,
}

/// The review screen's lists, built when it opens.
struct ReviewLists {
    counts: String,
    unanswered: String,
    flagged: String,
    unseen: String,
}

/// The exam room: the view's state around a running [`Session`].
pub struct ExamRoom {
    session: Session,
    rules: Vec<String>,
    /// The ready confirmation is open (rules screen).
    ready: bool,
    timer_hidden: bool,
    /// The latest time warning, until dismissed or replaced.
    warning: Option<String>,
    /// Submit was asked with unanswered items: the warning naming them.
    confirm: Option<String>,
    /// Practice and drill, multiple response: options ticked but not yet checked.
    pending: Vec<usize>,
    /// A note shown until the next action (e.g. "resumed").
    notice: Option<String>,
    /// The last failed action or save.
    error: Option<String>,
    result: Option<ExamResult>,
    finished_reported: bool,
    filter: ReviewFilter,
    /// "1", "2", ... for the navigator cells.
    numbers: Vec<String>,
    question: Option<QuestionCache>,
    review: Option<ReviewLists>,
    /// Whole seconds left and their text.
    timer_text: Option<(u64, String)>,
    /// Scroll the navigator to the current item (it moved).
    nav_scroll: bool,
}

impl ExamRoom {
    /// A room for a freshly started ([`Session::start`]) or resumed ([`Session::resume`])
    /// session, in whatever phase it is.
    pub fn new(session: Session) -> Self {
        let st = session.state();
        let numbers = (1..=st.items.len()).map(|n| n.to_string()).collect();
        let notice = matches!(st.phase, Phase::InProgress | Phase::Review).then(|| {
            let time = match st.remaining() {
                Some(r) => format!(" and the time left ({})", format_duration(r)),
                None => String::new(),
            };
            format!(
                "Resumed where you left off: your answers, flags{time} are as they were at the last save."
            )
        });
        let result = session.result();
        ExamRoom {
            rules: session.rules(),
            session,
            ready: false,
            timer_hidden: false,
            warning: None,
            confirm: None,
            pending: Vec::new(),
            notice,
            error: None,
            result,
            finished_reported: false,
            filter: ReviewFilter::All,
            numbers,
            question: None,
            review: None,
            timer_text: None,
            nav_scroll: true,
        }
    }

    /// The session the room drives.
    pub fn session(&self) -> &Session {
        &self.session
    }

    /// The session back, e.g. to keep it when the view closes.
    pub fn into_session(self) -> Session {
        self.session
    }

    /// Saves the session now (the app does this when the window closes).
    pub fn save(&mut self) -> Result<(), crate::exam::StoreError> {
        self.session.save()
    }

    /// Drops the "resumed where you left off" line (for a session the host moved on itself,
    /// such as the `--screenshot` picture of a question).
    pub fn clear_notice(&mut self) {
        self.notice = None;
    }

    /// The results, once submitted.
    pub fn result(&self) -> Option<&ExamResult> {
        self.result.as_ref()
    }

    /// Whether the timer is shown now (it may be hidden until [`TIMER_RETURNS_AT`] is left).
    pub fn timer_visible(&self) -> bool {
        self.session.state().remaining().is_some() && !self.timer_hidden
    }

    /// The current time warning, if one is shown.
    pub fn warning(&self) -> Option<&str> {
        self.warning.as_deref()
    }

    /// Draws the room into `ui` and lets time pass (call it every frame). Returns what the
    /// host must act on.
    pub fn show(&mut self, ui: &mut egui::Ui) -> Option<ExamRoomEvent> {
        let mut out = None;
        if matches!(
            self.session.state().phase,
            Phase::InProgress | Phase::Review
        ) {
            self.act(Action::Tick);
        }
        self.keys(ui);
        self.update_timer();
        match self.session.state().phase {
            Phase::Rules => self.rules_screen(ui, &mut out),
            Phase::InProgress => self.question_screen(ui, &mut out),
            Phase::Review => self.review_screen(ui, &mut out),
            Phase::Submitted => self.results_screen(ui, &mut out),
        }
        if self.session.state().phase == Phase::Submitted && !self.finished_reported {
            self.finished_reported = true;
            if self.result.is_none() {
                self.result = self.session.result();
            }
            if let Some(r) = &self.result {
                out = Some(ExamRoomEvent::Finished(r.clone()));
            }
        }
        let st = self.session.state();
        if let (Some(left), Phase::InProgress | Phase::Review) = (st.timer.remaining_ms, st.phase) {
            // Wake up when the shown second changes.
            let ms = match left % 1000 {
                0 => 1000,
                r => r,
            };
            ui.ctx()
                .request_repaint_after(Duration::from_millis(ms.saturating_add(5)));
        }
        out
    }

    // ------------------------------------------------------------------------------ actions

    /// Applies an action and takes in its events; a refused action shows why.
    fn act(&mut self, action: Action) {
        let is_tick = action == Action::Tick;
        match self.session.apply(action) {
            Ok(events) => {
                if !is_tick {
                    self.error = None;
                    self.notice = None;
                    self.question = None;
                }
                for ev in events {
                    self.take(ev);
                }
            }
            Err(e) => self.error = Some(e.to_string()),
        }
    }

    fn take(&mut self, ev: Event) {
        match ev {
            Event::TimeWarning { mark, .. } => {
                self.warning = Some(format!(
                    "{} left. At zero the exam is submitted with the answers given.",
                    time_phrase(mark)
                ));
            }
            Event::ConfirmSubmit { unanswered, .. } => {
                let st = self.session.state();
                let numbers = list(st.items.iter().enumerate(), |s| s.answer.is_none());
                self.confirm = Some(format!(
                    "{unanswered} {} unanswered: {numbers}. Unanswered questions score zero. Submit anyway?",
                    if unanswered == 1 {
                        "question is"
                    } else {
                        "questions are"
                    }
                ));
            }
            Event::Moved { .. } => {
                self.nav_scroll = true;
                self.pending.clear();
                self.confirm = None;
                self.review = None;
            }
            Event::ReviewOpened { .. } => self.review = None,
            Event::Submitted { .. } => {
                self.result = self.session.result();
                self.confirm = None;
            }
            _ => {}
        }
    }

    fn update_timer(&mut self) {
        let Some(left) = self.session.state().remaining() else {
            self.timer_text = None;
            return;
        };
        if left <= TIMER_RETURNS_AT {
            self.timer_hidden = false;
        }
        // Whole seconds rounded up, as a countdown shows them: the full limit at the start,
        // 0m 01s in the last second.
        let secs = u64::try_from(left.as_millis().div_ceil(1000)).unwrap_or(u64::MAX);
        if self.timer_text.as_ref().is_none_or(|(s, _)| *s != secs) {
            let shown = Duration::from_secs(secs);
            self.timer_text = Some((secs, format!("Time left {}", format_duration(shown))));
        }
    }

    fn leave(&mut self, out: &mut Option<ExamRoomEvent>) {
        match self.session.save() {
            Ok(()) => *out = Some(ExamRoomEvent::Left),
            Err(e) => self.error = Some(format!("Could not save the attempt: {e}")),
        }
    }

    /// Next question, or the review screen from the last one.
    fn next(&mut self) {
        let st = self.session.state();
        if st.position + 1 < st.items.len() {
            self.act(Action::Next);
        } else {
            self.act(Action::Review);
        }
    }

    fn previous(&mut self) {
        if self.session.state().position > 0 {
            self.act(Action::Previous);
        }
    }

    fn toggle_flag(&mut self) {
        let st = self.session.state();
        let flagged = st.items[st.position].flagged;
        self.act(if flagged {
            Action::Unflag
        } else {
            Action::Flag
        });
    }

    /// Option `p` chosen (click or key): answers a single-answer item; toggles an option of a
    /// multiple-response item (at once in an exam, pending a check in practice and drill).
    fn choose(&mut self, p: usize) {
        let st = self.session.state();
        let i = st.position;
        let item = st.current();
        if p >= item.order.len() || st.items[i].locked {
            return;
        }
        if !item.is_multiple() {
            self.act(Action::Answer(vec![p]));
            return;
        }
        if st.mode.immediate_feedback() {
            toggle(&mut self.pending, p);
            return;
        }
        let mut now = st.items[i].answer.clone().unwrap_or_default();
        toggle(&mut now, p);
        if now.is_empty() {
            self.act(Action::Clear);
        } else {
            self.act(Action::Answer(now));
        }
    }

    /// Practice and drill: marks the ticked options of a multiple-response item.
    fn check_pending(&mut self) {
        if !self.pending.is_empty() {
            let choice = std::mem::take(&mut self.pending);
            self.act(Action::Answer(choice));
        }
    }

    // ------------------------------------------------------------------------------ keys

    /// Applies this frame's keys to the screen on show; a key that changes the screen (Enter
    /// on the last question opens the review) is drawn in the same frame.
    fn keys(&mut self, ui: &egui::Ui) {
        if self.session.state().phase == Phase::Submitted {
            return; // the results screen leaves the keys to the host
        }
        for cmd in Self::read_keys(ui) {
            match (self.session.state().phase, cmd) {
                (Phase::Rules, Command::Enter) if self.ready => self.act(Action::Begin),
                (Phase::Rules, Command::Enter) => self.ready = true,
                (Phase::Rules, Command::Escape) => self.ready = false,
                (Phase::InProgress, Command::Choose(p)) => self.choose(p),
                (Phase::InProgress, Command::Next) => self.next(),
                (Phase::InProgress, Command::Previous) => self.previous(),
                (Phase::InProgress, Command::Flag) => self.toggle_flag(),
                (Phase::InProgress, Command::Enter) if !self.pending.is_empty() => {
                    self.check_pending()
                }
                (Phase::InProgress, Command::Enter) => self.next(),
                (Phase::Review, Command::Escape) => self.confirm = None,
                _ => {}
            }
        }
    }

    fn read_keys(ui: &egui::Ui) -> Vec<Command> {
        const KEYS: [(Key, Command); 20] = [
            (Key::Num1, Command::Choose(0)),
            (Key::Num2, Command::Choose(1)),
            (Key::Num3, Command::Choose(2)),
            (Key::Num4, Command::Choose(3)),
            (Key::Num5, Command::Choose(4)),
            (Key::Num6, Command::Choose(5)),
            (Key::Num7, Command::Choose(6)),
            (Key::Num8, Command::Choose(7)),
            (Key::Num9, Command::Choose(8)),
            (Key::A, Command::Choose(0)),
            (Key::B, Command::Choose(1)),
            (Key::C, Command::Choose(2)),
            (Key::D, Command::Choose(3)),
            (Key::E, Command::Choose(4)),
            (Key::ArrowRight, Command::Next),
            (Key::N, Command::Next),
            (Key::ArrowLeft, Command::Previous),
            (Key::P, Command::Previous),
            (Key::F, Command::Flag),
            (Key::Escape, Command::Escape),
        ];
        let mut out = Vec::new();
        if ui.ctx().egui_wants_keyboard_input() {
            return out;
        }
        // Enter belongs to a focused button (it clicks it); otherwise it is ours.
        let free = ui.memory(|m| m.focused().is_none());
        ui.input_mut(|i| {
            for (key, cmd) in KEYS {
                if i.consume_key(Modifiers::NONE, key) {
                    out.push(cmd);
                }
            }
            if free && i.consume_key(Modifiers::NONE, Key::Enter) {
                out.push(Command::Enter);
            }
        });
        out
    }

    // ------------------------------------------------------------------------------ rules

    fn rules_screen(&mut self, ui: &mut egui::Ui, out: &mut Option<ExamRoomEvent>) {
        egui::CentralPanel::default().show(ui, |ui| {
            egui::ScrollArea::vertical()
                .id_salt("exam_room_rules")
                .auto_shrink(false)
                .show(ui, |ui| {
                    ui.set_max_width(ui.available_width().min(760.0));
                    if let Some((name, rest)) = self.rules.split_first() {
                        ui.heading(name);
                        ui.add_space(6.0);
                        for line in rest {
                            ui.label(line);
                            ui.add_space(2.0);
                        }
                    }
                    ui.add_space(6.0);
                    ui.label(
                        RichText::new(
                            "Keys: 1–9 or A–E choose an option · N or Right arrow next · P or Left arrow previous · F flag · Enter next.",
                        )
                        .weak(),
                    );
                    ui.add_space(12.0);
                    error_line(ui, self.error.as_deref());
                    if self.ready {
                        egui::Frame::group(ui.style()).show(ui, |ui| {
                            let clock = match self.session.state().time_limit() {
                                Some(t) => format!(
                                    "The clock starts at {} as soon as you press Start exam.",
                                    format_duration(t)
                                ),
                                None => "This attempt is untimed.".to_string(),
                            };
                            ui.label(RichText::new("Ready to begin?").strong());
                            ui.label(clock);
                            ui.horizontal(|ui| {
                                if ui.button("Start exam").clicked() {
                                    self.act(Action::Begin);
                                }
                                if ui.button("Back to the rules").clicked() {
                                    self.ready = false;
                                }
                            });
                        });
                    } else {
                        ui.horizontal(|ui| {
                            if ui.button("I have read the rules").clicked() {
                                self.ready = true;
                            }
                            if ui.button("Leave (resume later)").clicked() {
                                self.leave(out);
                            }
                        });
                    }
                });
        });
    }

    // ------------------------------------------------------------------------------ top bar

    /// Name, position, mode, the timer and its hide/show control, Leave; then the warning, a
    /// note and an error if any.
    fn top_bar(&mut self, ui: &mut egui::Ui, out: &mut Option<ExamRoomEvent>, title: &str) {
        egui::Panel::top("exam_room_bar").show(ui, |ui| {
            ui.horizontal(|ui| {
                let st = self.session.state();
                ui.label(RichText::new(&st.exam.blueprint.name).strong());
                ui.separator();
                ui.label(title);
                if st.mode != SessionMode::Exam {
                    ui.separator();
                    ui.label(mode_label(st.mode));
                }
                ui.with_layout(Layout::right_to_left(Align::Center), |ui| {
                    if ui.button("Leave (resume later)").clicked() {
                        self.leave(out);
                    }
                    ui.separator();
                    self.timer(ui);
                });
            });
            if let Some(w) = self.warning.clone() {
                egui::Frame::new()
                    .stroke(Stroke::new(1.5, AMBER))
                    .corner_radius(CornerRadius::same(4))
                    .inner_margin(6.0)
                    .show(ui, |ui| {
                        ui.horizontal(|ui| {
                            ui.label(RichText::new(w).color(AMBER).strong());
                            if ui.small_button("Dismiss warning").clicked() {
                                self.warning = None;
                            }
                        });
                    });
            }
            if let Some(n) = &self.notice {
                ui.label(RichText::new(n).weak());
            }
            error_line(ui, self.error.as_deref());
        });
    }

    fn timer(&mut self, ui: &mut egui::Ui) {
        let Some(left) = self.session.state().remaining() else {
            ui.label("Untimed");
            return;
        };
        if self.timer_hidden {
            if ui.button("Show timer").clicked() {
                self.timer_hidden = false;
            }
            ui.label(RichText::new("Timer hidden").weak());
            return;
        }
        if left > TIMER_RETURNS_AT && ui.button("Hide timer").clicked() {
            self.timer_hidden = true;
        }
        if let Some((_, text)) = &self.timer_text {
            let mut rt = RichText::new(text.as_str()).strong().monospace();
            if left <= TIMER_RETURNS_AT {
                rt = rt.color(AMBER);
            }
            ui.label(rt);
        }
    }

    // ------------------------------------------------------------------------------ question

    fn question_screen(&mut self, ui: &mut egui::Ui, out: &mut Option<ExamRoomEvent>) {
        self.ensure_question();
        let (pos, n) = {
            let st = self.session.state();
            (st.position, st.items.len())
        };
        let title = self
            .question
            .as_ref()
            .map(|q| q.heading.clone())
            .unwrap_or_default();
        self.top_bar(ui, out, &title);

        egui::Panel::right("exam_room_nav")
            .resizable(false)
            .exact_size(7.0 * (CELL + 4.0) + 16.0)
            .show(ui, |ui| {
                ui.add_space(4.0);
                ui.horizontal(|ui| {
                    ui.label(RichText::new("Questions").strong());
                    ui.with_layout(Layout::right_to_left(Align::Center), |ui| {
                        if ui.button("Review all").clicked() {
                            self.act(Action::Review);
                        }
                    });
                });
                legend(ui, self.session.state());
                ui.add_space(6.0);
                let scroll = std::mem::take(&mut self.nav_scroll);
                let picked = egui::ScrollArea::vertical()
                    .id_salt("exam_room_nav_scroll")
                    .auto_shrink(false)
                    .show(ui, |ui| {
                        navigator(ui, self.session.state(), &self.numbers, scroll)
                    })
                    .inner;
                if let Some(to) = picked {
                    self.act(Action::GoTo(to));
                }
            });

        egui::Panel::bottom("exam_room_controls").show(ui, |ui| {
            ui.add_space(4.0);
            ui.horizontal(|ui| {
                let st = self.session.state();
                let flagged = st.items[pos].flagged;
                let can_clear = st.items[pos].answer.is_some()
                    && !st.items[pos].locked
                    && !st.mode.immediate_feedback();
                if ui.add_enabled(pos > 0, egui::Button::new("Previous")).clicked() {
                    self.previous();
                }
                let flag_text = if flagged {
                    "Remove flag"
                } else {
                    "Flag for review"
                };
                if ui.button(flag_text).clicked() {
                    self.toggle_flag();
                }
                if can_clear && ui.button("Clear answer").clicked() {
                    self.act(Action::Clear);
                }
                if ui
                    .add_enabled(pos + 1 < n, egui::Button::new("Next"))
                    .clicked()
                {
                    self.next();
                }
                ui.separator();
                if ui.button("Review and submit").clicked() {
                    self.act(Action::Review);
                }
            });
            ui.label(
                RichText::new(
                    "Keys: 1–9 or A–E choose · N or Right arrow next · P or Left arrow previous · F flag · Enter next",
                )
                .weak()
                .small(),
            );
            ui.add_space(2.0);
        });

        egui::CentralPanel::default().show(ui, |ui| {
            egui::ScrollArea::vertical()
                .id_salt("exam_room_question")
                .auto_shrink(false)
                .show(ui, |ui| self.question_body(ui));
        });
    }

    fn ensure_question(&mut self) {
        let st = self.session.state();
        if self
            .question
            .as_ref()
            .is_some_and(|q| q.position == st.position)
        {
            return;
        }
        let i = st.position;
        let item = st.current();
        let q = &item.question;
        let options = if q.kind == QuestionKind::TrueFalse {
            item.options()
        } else {
            item.options()
                .iter()
                .enumerate()
                .map(|(p, o)| format!("{}. {o}", letter(p)))
                .collect()
        };
        let feedback = st.feedback(i);
        let key_text = feedback
            .as_ref()
            .map(|f| {
                format!(
                    "{} The key is {}{}.",
                    if f.correct {
                        "Right."
                    } else if f.score > 0.0 {
                        "Partly right."
                    } else {
                        "Wrong."
                    },
                    f.key,
                    st.items[i]
                        .answer
                        .as_deref()
                        .map(|a| format!("; you answered {}", item.letters(a)))
                        .unwrap_or_default()
                )
            })
            .unwrap_or_default();
        self.question = Some(QuestionCache {
            position: i,
            heading: format!("Question {} of {}", i + 1, st.items.len()),
            excerpt: q
                .excerpt
                .iter()
                .map(|l| format!("{}: {}", speaker(l.speaker), l.text))
                .collect(),
            options,
            feedback,
            key_text,
        });
    }

    fn question_body(&mut self, ui: &mut egui::Ui) {
        let Some(q) = self.question.take() else {
            return;
        };
        let st = self.session.state();
        let i = st.position;
        let item = st.current();
        let state = &st.items[i];
        let multiple = item.is_multiple();
        let mode = st.mode;
        ui.set_max_width(ui.available_width().min(820.0));
        if state.flagged {
            ui.label(RichText::new("Flagged for review").color(AMBER).strong());
            ui.add_space(4.0);
        }
        if !q.excerpt.is_empty() {
            egui::Frame::group(ui.style()).show(ui, |ui| {
                ui.label(RichText::new("The call so far").weak());
                for line in &q.excerpt {
                    ui.label(line.as_str());
                }
            });
            ui.add_space(6.0);
        }
        ui.label(
            RichText::new(&item.question.stem)
                .size(17.0)
                .color(ui.visuals().strong_text_color()),
        );
        ui.add_space(4.0);
        if multiple {
            ui.label(RichText::new("Choose all that apply.").italics());
        }
        ui.add_space(4.0);
        let locked = state.locked;
        let answer: &[usize] = state.answer.as_deref().unwrap_or(&[]);
        let mut chosen = None;
        for (p, label) in q.options.iter().enumerate() {
            let on = if multiple && mode.immediate_feedback() && !locked {
                self.pending.contains(&p)
            } else {
                answer.contains(&p)
            };
            let text = RichText::new(label.as_str()).size(14.5);
            let resp = if multiple {
                let mut on = on;
                ui.add_enabled(!locked, egui::Checkbox::new(&mut on, text))
            } else {
                ui.add_enabled(!locked, egui::RadioButton::new(on, text))
            };
            if resp.clicked() {
                chosen = Some(p);
            }
            ui.add_space(2.0);
        }
        let immediate = mode.immediate_feedback();
        if multiple && immediate && !locked {
            ui.add_space(4.0);
            if ui
                .add_enabled(!self.pending.is_empty(), egui::Button::new("Check answer"))
                .clicked()
            {
                self.question = Some(q);
                self.check_pending();
                return;
            }
        }
        if let Some(f) = &q.feedback {
            ui.add_space(8.0);
            let color = if f.correct {
                GREEN
            } else {
                ui.visuals().error_fg_color
            };
            egui::Frame::group(ui.style())
                .stroke(Stroke::new(1.5, color))
                .show(ui, |ui| {
                    ui.label(RichText::new(&q.key_text).color(color).strong());
                    if let Some(x) = &f.explanation {
                        ui.label(x.as_str());
                    }
                    if let Some(c) = &f.citation {
                        ui.label(RichText::new(format!("Source: {c}")).weak());
                    }
                });
        }
        self.question = Some(q);
        if let Some(p) = chosen {
            self.choose(p);
        }
    }

    // ------------------------------------------------------------------------------ review

    fn review_screen(&mut self, ui: &mut egui::Ui, out: &mut Option<ExamRoomEvent>) {
        if self.review.is_none() {
            self.review = Some(review_lists(self.session.state()));
        }
        self.top_bar(ui, out, "Review");
        egui::CentralPanel::default().show(ui, |ui| {
            egui::ScrollArea::vertical()
                .id_salt("exam_room_review")
                .auto_shrink(false)
                .show(ui, |ui| {
                    ui.set_max_width(ui.available_width().min(820.0));
                    ui.heading("Review your answers");
                    if let Some(r) = &self.review {
                        ui.label(RichText::new(&r.counts).strong());
                        ui.add_space(4.0);
                        ui.label(&r.unanswered);
                        ui.label(&r.flagged);
                        ui.label(&r.unseen);
                    }
                    ui.add_space(8.0);
                    ui.label("Choose a question to go back to it:");
                    if let Some(to) = navigator(ui, self.session.state(), &self.numbers, false) {
                        self.act(Action::GoTo(to));
                        return;
                    }
                    legend(ui, self.session.state());
                    ui.add_space(12.0);
                    if let Some(c) = self.confirm.clone() {
                        egui::Frame::group(ui.style())
                            .stroke(Stroke::new(1.5, AMBER))
                            .show(ui, |ui| {
                                ui.label(RichText::new(c).strong());
                                ui.horizontal(|ui| {
                                    if ui.button("Submit anyway").clicked() {
                                        self.act(Action::ConfirmSubmit);
                                    }
                                    if ui.button("Cancel").clicked() {
                                        self.confirm = None;
                                    }
                                });
                            });
                    } else {
                        ui.horizontal(|ui| {
                            let back = self.session.state().position;
                            if ui
                                .button(format!("Return to question {}", back + 1))
                                .clicked()
                            {
                                self.act(Action::GoTo(back));
                            }
                            if ui.button("Submit exam").clicked() {
                                self.act(Action::Submit);
                            }
                        });
                    }
                });
        });
    }

    // ------------------------------------------------------------------------------ results

    fn results_screen(&mut self, ui: &mut egui::Ui, out: &mut Option<ExamRoomEvent>) {
        if self.result.is_none() {
            self.result = self.session.result();
        }
        let Some(r) = &self.result else {
            return;
        };
        let st = self.session.state();
        egui::Panel::top("exam_room_results_bar").show(ui, |ui| {
            ui.horizontal(|ui| {
                ui.label(RichText::new(&st.exam.blueprint.name).strong());
                ui.separator();
                ui.label("Results");
                ui.with_layout(Layout::right_to_left(Align::Center), |ui| {
                    if ui.button("Done").clicked() {
                        *out = Some(ExamRoomEvent::Closed);
                    }
                });
            });
        });
        egui::CentralPanel::default().show(ui, |ui| {
            egui::ScrollArea::vertical()
                .id_salt("exam_room_results")
                .auto_shrink(false)
                .show(ui, |ui| {
                    ui.set_max_width(ui.available_width().min(860.0));
                    let (verdict, color) = if r.passed {
                        ("Result: PASS", GREEN)
                    } else {
                        ("Result: FAIL", ui.visuals().error_fg_color)
                    };
                    ui.label(RichText::new(verdict).color(color).strong().size(22.0));
                    let right = r.items.iter().filter(|i| i.correct).count();
                    ui.label(format!(
                        "Score {}% ({right} of {} right); pass mark {}%.",
                        format_percent(r.percent),
                        r.items.len(),
                        format_percent(r.pass_mark)
                    ));
                    ui.label(match st.submit_reason {
                        Some(SubmitReason::TimeUp) => {
                            "Time ran out: the exam was submitted automatically with the answers given."
                        }
                        _ => "Submitted by you.",
                    });
                    ui.label(format!(
                        "Answered {}, unanswered {}. Time used {}.",
                        r.answered,
                        r.unanswered,
                        format_duration(r.time_used)
                    ));
                    ui.label(RichText::new(result_notice(&st.exam.blueprint)).weak());
                    ui.add_space(10.0);
                    ui.label(RichText::new("By domain, weakest first").strong());
                    egui::Grid::new("exam_room_domains")
                        .num_columns(3)
                        .spacing([12.0, 6.0])
                        .show(ui, |ui| {
                            for d in &r.domains {
                                ui.label(&d.name);
                                domain_bar(ui, d, r.pass_mark);
                                ui.label(format!(
                                    "{}% ({} of {})",
                                    format_percent(d.percent),
                                    format_points(d.points),
                                    d.items
                                ));
                                ui.end_row();
                            }
                        });
                    ui.label(
                        RichText::new(format!(
                            "The line across each bar marks the pass mark, {}%.",
                            format_percent(r.pass_mark)
                        ))
                        .weak(),
                    );
                    ui.add_space(10.0);
                    ui.horizontal(|ui| {
                        ui.label(RichText::new("Review every item").strong());
                        ui.selectable_value(&mut self.filter, ReviewFilter::All, "All items");
                        ui.selectable_value(
                            &mut self.filter,
                            ReviewFilter::Missed,
                            "Wrong or unanswered",
                        );
                        ui.selectable_value(&mut self.filter, ReviewFilter::Flagged, "Flagged");
                    });
                    for item in &r.items {
                        let outcome = item.outcome();
                        let show = match self.filter {
                            ReviewFilter::All => true,
                            ReviewFilter::Missed => outcome != ItemOutcome::Right,
                            ReviewFilter::Flagged => item.flagged,
                        };
                        if !show {
                            continue;
                        }
                        let color = match outcome {
                            ItemOutcome::Right => GREEN,
                            ItemOutcome::PartlyRight => AMBER,
                            ItemOutcome::Wrong => ui.visuals().error_fg_color,
                            ItemOutcome::Unanswered => ui.visuals().text_color(),
                        };
                        let header = RichText::new(format!(
                            "Question {}: {}{}",
                            item.number,
                            outcome.label(),
                            if item.flagged { " (flagged)" } else { "" }
                        ))
                        .color(color);
                        egui::CollapsingHeader::new(header)
                            .id_salt(("exam_room_item", item.number))
                            .show(ui, |ui| {
                                for line in &item.excerpt {
                                    ui.label(RichText::new(line).weak());
                                }
                                ui.label(RichText::new(&item.stem).strong());
                                let tf = st.exam.items[item.number - 1].question.kind
                                    == QuestionKind::TrueFalse;
                                if !tf {
                                    for (p, o) in item.options.iter().enumerate() {
                                        let l = letter(p);
                                        let key = item.key.contains(l);
                                        let mine = item.answer.contains(l);
                                        let mark = match (key, mine) {
                                            (true, true) => "  (key, your answer)",
                                            (true, false) => "  (key)",
                                            (false, true) => "  (your answer)",
                                            (false, false) => "",
                                        };
                                        let text = RichText::new(format!("{l}. {o}{mark}"));
                                        ui.label(if key { text.color(GREEN) } else { text });
                                    }
                                }
                                ui.label(item.answer_line());
                                if let Some(x) = &item.explanation {
                                    ui.label(format!("Why: {x}"));
                                }
                                if let Some(c) = &item.citation {
                                    ui.label(RichText::new(format!("Source: {c}")).weak());
                                }
                            });
                    }
                    ui.add_space(10.0);
                    ui.label(RichText::new(crate::DISCLAIMER).weak());
                });
        });
    }
}

// ---------------------------------------------------------------------------------- helpers

/// The navigator: one cell per item, painted directly (no per-cell widget text layout beyond
/// the cached number), with its status in the accessible label. Returns a clicked item.
fn navigator(
    ui: &mut egui::Ui,
    st: &SessionState,
    numbers: &[String],
    scroll_to_current: bool,
) -> Option<usize> {
    let mut clicked = None;
    let font = FontId::proportional(12.5);
    let v = ui.visuals().clone();
    ui.horizontal_wrapped(|ui| {
        ui.spacing_mut().item_spacing = Vec2::splat(4.0);
        for (i, (s, number)) in st.items.iter().zip(numbers).enumerate() {
            let current = i == st.position && st.phase == Phase::InProgress;
            let (rect, resp) = ui.allocate_exact_size(Vec2::splat(CELL), Sense::click());
            resp.widget_info(|| {
                WidgetInfo::selected(Role::Button, true, current, nav_label(i + 1, s))
            });
            if resp.clicked() {
                clicked = Some(i);
            }
            let resp = if resp.hovered() {
                resp.on_hover_text(nav_label(i + 1, s))
            } else {
                resp
            };
            if current && scroll_to_current {
                resp.scroll_to_me(None);
            }
            if !ui.is_rect_visible(rect) {
                continue;
            }
            let p = ui.painter();
            let (fill, text) = if s.answer.is_some() {
                (v.selection.bg_fill, v.selection.stroke.color)
            } else if s.seen {
                (v.extreme_bg_color, v.text_color())
            } else {
                (Color32::TRANSPARENT, v.weak_text_color())
            };
            p.rect_filled(rect, 3, fill);
            let stroke = if current {
                Stroke::new(2.5, v.strong_text_color())
            } else if resp.hovered() || resp.has_focus() {
                v.widgets.hovered.fg_stroke
            } else {
                v.widgets.noninteractive.bg_stroke
            };
            p.rect_stroke(rect, 3, stroke, StrokeKind::Inside);
            p.text(
                rect.center(),
                Align2::CENTER_CENTER,
                number,
                font.clone(),
                text,
            );
            if s.flagged {
                let c = rect.right_top();
                p.add(egui::Shape::convex_polygon(
                    vec![c, c + Vec2::new(-10.0, 0.0), c + Vec2::new(0.0, 10.0)],
                    AMBER,
                    Stroke::NONE,
                ));
            }
            if !s.seen {
                // A dot marks items never shown.
                p.circle_filled(rect.left_bottom() + Vec2::new(5.0, -5.0), 2.0, text);
            }
        }
    });
    clicked
}

/// One domain's bar: the share right, green at or above the pass mark and amber below, with a
/// line at the pass mark. Its accessible label is `name: 75.0% (3 of 4)`.
fn domain_bar(ui: &mut egui::Ui, d: &crate::exam::DomainScore, pass_mark: f64) {
    let (rect, resp) = ui.allocate_exact_size(Vec2::new(280.0, 14.0), Sense::hover());
    resp.widget_info(|| {
        let mut info = WidgetInfo::labeled(
            Role::ProgressIndicator,
            true,
            format!(
                "{}: {}% ({} of {})",
                d.name,
                format_percent(d.percent),
                format_points(d.points),
                d.items
            ),
        );
        info.value = Some(d.percent);
        info
    });
    if !ui.is_rect_visible(rect) {
        return;
    }
    let v = ui.visuals();
    let p = ui.painter();
    p.rect_filled(rect, 3, v.extreme_bg_color);
    let frac = (d.percent / 100.0).clamp(0.0, 1.0) as f32;
    if frac > 0.0 {
        let mut bar = rect;
        bar.set_width(rect.width() * frac);
        let fill = if crate::exam::scoring::passes(d.percent, pass_mark) {
            GREEN
        } else {
            AMBER
        };
        p.rect_filled(bar, 3, fill);
    }
    p.rect_stroke(
        rect,
        3,
        v.widgets.noninteractive.bg_stroke,
        StrokeKind::Inside,
    );
    let x = rect.left() + rect.width() * (pass_mark / 100.0).clamp(0.0, 1.0) as f32;
    p.line_segment(
        [
            egui::pos2(x, rect.top() - 2.0),
            egui::pos2(x, rect.bottom() + 2.0),
        ],
        Stroke::new(2.0, v.strong_text_color()),
    );
}

/// `Question 3: answered, flagged` / `unanswered` / `unseen`.
fn nav_label(number: usize, s: &ItemState) -> String {
    let status = if s.answer.is_some() {
        "answered"
    } else if s.seen {
        "unanswered"
    } else {
        "unseen"
    };
    format!(
        "Question {number}: {status}{}",
        if s.flagged { ", flagged" } else { "" }
    )
}

/// The key to the navigator's marks, with the counts.
fn legend(ui: &mut egui::Ui, st: &SessionState) {
    let (mut answered, mut flagged, mut unseen) = (0, 0, 0);
    for s in &st.items {
        answered += usize::from(s.answer.is_some());
        flagged += usize::from(s.flagged);
        unseen += usize::from(!s.seen);
    }
    let v = ui.visuals().clone();
    let swatch = |ui: &mut egui::Ui, fill: Color32, flag: bool| {
        let (rect, _) = ui.allocate_exact_size(Vec2::splat(12.0), Sense::hover());
        ui.painter().rect_filled(rect, 2, fill);
        ui.painter().rect_stroke(
            rect,
            2,
            v.widgets.noninteractive.bg_stroke,
            StrokeKind::Inside,
        );
        if flag {
            let c = rect.right_top();
            ui.painter().add(egui::Shape::convex_polygon(
                vec![c, c + Vec2::new(-7.0, 0.0), c + Vec2::new(0.0, 7.0)],
                AMBER,
                Stroke::NONE,
            ));
        }
    };
    let n = st.items.len();
    ui.horizontal(|ui| {
        swatch(ui, v.selection.bg_fill, false);
        ui.label(format!("Answered {answered}"));
    });
    ui.horizontal(|ui| {
        swatch(ui, v.extreme_bg_color, false);
        ui.label(format!("Unanswered {}", n - answered));
    });
    ui.horizontal(|ui| {
        swatch(ui, v.extreme_bg_color, true);
        ui.label(format!("Flagged {flagged}"));
    });
    ui.horizontal(|ui| {
        swatch(ui, Color32::TRANSPARENT, false);
        ui.label(format!("Unseen {unseen}"));
    });
}

fn review_lists(st: &SessionState) -> ReviewLists {
    let s = st.review();
    let line = |name: &str, count: usize, numbers: Vec<usize>| {
        if numbers.is_empty() {
            format!("{name} ({count}): none")
        } else {
            let text: Vec<String> = numbers.iter().map(usize::to_string).collect();
            format!("{name} ({count}): {}", text.join(", "))
        }
    };
    ReviewLists {
        counts: format!(
            "Answered {} of {} · unanswered {} · flagged {} · unseen {}",
            s.answered,
            s.items.len(),
            s.unanswered,
            s.flagged,
            s.unseen
        ),
        unanswered: line("Unanswered", s.unanswered, s.numbers(|i| !i.answered)),
        flagged: line("Flagged", s.flagged, s.numbers(|i| i.flagged)),
        unseen: line("Unseen", s.unseen, s.numbers(|i| !i.seen)),
    }
}

/// Item numbers (from 1) that match, as `4, 9, 17`.
fn list<'a>(
    items: impl Iterator<Item = (usize, &'a ItemState)>,
    pick: impl Fn(&ItemState) -> bool,
) -> String {
    let numbers: Vec<String> = items
        .filter(|(_, s)| pick(s))
        .map(|(i, _)| (i + 1).to_string())
        .collect();
    numbers.join(", ")
}

fn toggle(set: &mut Vec<usize>, p: usize) {
    if let Some(k) = set.iter().position(|&x| x == p) {
        set.remove(k);
    } else {
        set.push(p);
        set.sort_unstable();
    }
}

fn error_line(ui: &mut egui::Ui, error: Option<&str>) {
    if let Some(e) = error {
        ui.colored_label(ui.visuals().error_fg_color, e);
    }
}

fn mode_label(mode: SessionMode) -> &'static str {
    match mode {
        SessionMode::Exam => "Exam",
        SessionMode::Practice => "Practice: feedback after each answer",
        SessionMode::Drill => "Drill: feedback after each answer",
    }
}

fn speaker(s: Speaker) -> &'static str {
    match s {
        Speaker::Collector => "Collector",
        Speaker::Consumer => "Consumer",
        Speaker::ThirdParty => "Third party",
    }
}

/// `5 minutes`, `1 minute`, `30 seconds`, `1m 30s`.
fn time_phrase(d: Duration) -> String {
    let s = d.as_secs();
    match (s / 60, s % 60) {
        (1, 0) => "1 minute".to_string(),
        (m, 0) => format!("{m} minutes"),
        (0, s) => format!("{s} seconds"),
        _ => format_duration(d),
    }
}
