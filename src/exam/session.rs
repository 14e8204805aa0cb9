//! One attempt as a state machine. The UI sends [`Action`]s (begin, answer, change, clear, flag,
//! go to, review, submit, tick); the session answers with [`Event`]s and exposes its
//! [`SessionState`]. Time comes only from a [`Clock`]; every change is saved at once through a
//! [`SessionSaver`], and a submitted attempt goes to the [`History`].
//!
//! Phases: the untimed rules screen, then the attempt (question screens and the review screen,
//! both timed), then submitted. Time runs only while the session is in memory and in progress:
//! a resumed session gets back the remaining time it had at its last save.

use std::time::Duration;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::assemble::{AssembledExam, ExamItem};
use super::scoring::{self, ExamResult};
use super::store::{AttemptRecord, History, SessionSaver, StoreError};
use crate::clock::Clock;
use crate::model::QuestionKind;

/// The version of [`SessionState`]'s serialized form. A saved state with a newer version is
/// refused rather than misread.
pub const SESSION_SCHEMA_VERSION: u32 = 1;

/// Default time warnings: 30, 5 and 1 minutes left.
pub const DEFAULT_WARNINGS: [Duration; 3] = [
    Duration::from_secs(30 * 60),
    Duration::from_secs(5 * 60),
    Duration::from_secs(60),
];

/// While time merely passes (ticks with nothing else happening), the state is saved at least
/// this often; every action is saved at once.
pub const SAVE_EVERY: Duration = Duration::from_secs(1);

/// The largest extra-time factor accepted.
pub const MAX_EXTRA_TIME: f64 = 4.0;

/// How the attempt gives feedback.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SessionMode {
    /// Timed; feedback at the end.
    Exam,
    /// Untimed or custom time; feedback, key and explanation after each answer.
    Practice,
    /// Spaced-repetition drill of missed and weak-domain items; feedback after each answer.
    Drill,
}

impl SessionMode {
    /// Whether each answer is marked as soon as it is given.
    pub fn immediate_feedback(self) -> bool {
        self != SessionMode::Exam
    }

    /// `exam`, `practice` or `drill`.
    pub fn label(self) -> &'static str {
        match self {
            SessionMode::Exam => "exam",
            SessionMode::Practice => "practice",
            SessionMode::Drill => "drill",
        }
    }
}

/// The time allowed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TimeLimit {
    /// The blueprint's `time_limit_minutes` (untimed if it has none).
    Blueprint,
    /// No limit.
    Untimed,
    /// A custom limit in minutes (practice with a clock).
    Minutes(u32),
}

/// How to start an attempt.
#[derive(Debug, Clone, PartialEq)]
pub struct StartOptions {
    /// Who takes it.
    pub trainee: String,
    /// Exam, practice or drill.
    pub mode: SessionMode,
    /// The time allowed before extra time.
    pub time_limit: TimeLimit,
    /// Extra time as a factor of the limit (1.0 for none, 1.5 for time and a half), an
    /// accommodation kept on the trainee's profile.
    pub extra_time: f64,
    /// Remaining times at which to warn.
    pub warnings: Vec<Duration>,
    /// The attempt's id; by default `<blueprint>-<seed in hex>-<start in ms>`.
    pub attempt_id: Option<String>,
}

impl StartOptions {
    /// A timed exam with the blueprint's limit and the default warnings.
    pub fn exam(trainee: impl Into<String>) -> Self {
        StartOptions {
            trainee: trainee.into(),
            mode: SessionMode::Exam,
            time_limit: TimeLimit::Blueprint,
            extra_time: 1.0,
            warnings: DEFAULT_WARNINGS.to_vec(),
            attempt_id: None,
        }
    }

    /// An untimed practice attempt.
    pub fn practice(trainee: impl Into<String>) -> Self {
        StartOptions {
            mode: SessionMode::Practice,
            time_limit: TimeLimit::Untimed,
            ..Self::exam(trainee)
        }
    }

    /// An untimed drill.
    pub fn drill(trainee: impl Into<String>) -> Self {
        StartOptions {
            mode: SessionMode::Drill,
            time_limit: TimeLimit::Untimed,
            ..Self::exam(trainee)
        }
    }
}

/// Where the attempt is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Phase {
    /// The rules screen; untimed.
    Rules,
    /// On a question screen.
    InProgress,
    /// On the review screen (still timed).
    Review,
    /// Submitted; nothing changes any more.
    Submitted,
}

impl Phase {
    fn describe(self) -> &'static str {
        match self {
            Phase::Rules => "on the rules screen (begin the exam first)",
            Phase::InProgress => "during the exam",
            Phase::Review => "on the review screen (go to a question first)",
            Phase::Submitted => "after the exam was submitted",
        }
    }
}

/// Why the attempt was submitted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SubmitReason {
    /// The trainee submitted.
    Trainee,
    /// Time ran out.
    TimeUp,
}

/// The trainee's state on one item.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ItemState {
    /// The chosen options as shown positions, ascending; `None` when unanswered.
    pub answer: Option<Vec<usize>>,
    /// Flagged for review.
    pub flagged: bool,
    /// Shown at least once.
    pub seen: bool,
    /// Marked already (practice and drill), so the answer can no longer change.
    pub locked: bool,
    /// Exam time spent on its screen, in milliseconds.
    pub time_ms: u64,
}

/// The clock's part of the state.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct TimerState {
    /// The limit after extra time, in milliseconds; `None` when untimed.
    pub limit_ms: Option<u64>,
    /// What is left, in milliseconds; `None` when untimed.
    pub remaining_ms: Option<u64>,
    /// Remaining times at which to warn, in milliseconds, largest first.
    pub warnings_ms: Vec<u64>,
    /// Warnings already given (or skipped because the limit was below them).
    pub warned_ms: Vec<u64>,
}

/// Everything about an attempt, as saved after every action. Plain data; round-trips through
/// JSON ([`SessionState::to_json`], [`SessionState::from_json`]).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SessionState {
    /// [`SESSION_SCHEMA_VERSION`] when written.
    pub schema_version: u32,
    /// Unique id of the attempt.
    pub attempt_id: String,
    /// Who takes it.
    pub trainee: String,
    /// Exam, practice or drill.
    pub mode: SessionMode,
    /// The questions and the blueprint.
    pub exam: AssembledExam,
    /// Where the attempt is.
    pub phase: Phase,
    /// The question on screen (index from 0).
    pub position: usize,
    /// One per item, in exam order.
    pub items: Vec<ItemState>,
    /// The clock.
    pub timer: TimerState,
    /// The extra-time factor applied.
    pub extra_time: f64,
    /// When the session was created (rules screen shown).
    pub created_at: DateTime<Utc>,
    /// When the trainee began.
    pub started_at: Option<DateTime<Utc>>,
    /// When it was submitted.
    pub submitted_at: Option<DateTime<Utc>>,
    /// Why it was submitted.
    pub submit_reason: Option<SubmitReason>,
    /// Exam time used so far, in milliseconds.
    pub time_used_ms: u64,
}

impl SessionState {
    /// The state as JSON.
    pub fn to_json(&self) -> Result<String, StoreError> {
        super::store::to_json(self)
    }

    /// A state from JSON, refusing versions this build does not know.
    pub fn from_json(text: &str) -> Result<Self, StoreError> {
        super::store::from_versioned_json(text, "session", SESSION_SCHEMA_VERSION)
    }

    /// The item on screen.
    pub fn current(&self) -> &ExamItem {
        &self.exam.items[self.position.min(self.exam.items.len().saturating_sub(1))]
    }

    /// Time left, if timed.
    pub fn remaining(&self) -> Option<Duration> {
        self.timer.remaining_ms.map(Duration::from_millis)
    }

    /// The time limit after extra time, if timed.
    pub fn time_limit(&self) -> Option<Duration> {
        self.timer.limit_ms.map(Duration::from_millis)
    }

    /// The marking of item `i` (from 0) once it is answered and locked (practice and drill
    /// mark each answer as it is given): `None` while it is open or unanswered, or if there is
    /// no such item. What [`Event::Feedback`] carries, so a screen can show it again later
    /// (after a resume, or when the trainee goes back to the item).
    pub fn feedback(&self, i: usize) -> Option<ItemFeedback> {
        let st = self.items.get(i)?;
        let item = self.exam.items.get(i)?;
        if !st.locked {
            return None;
        }
        let answer = st.answer.as_deref()?;
        let score = scoring::item_score(item, Some(answer), self.exam.blueprint.multiple_response);
        Some(ItemFeedback {
            correct: score >= 1.0 - scoring::PASS_EPSILON,
            score,
            key: item.letters(&item.key()),
            explanation: item.explanation(),
            citation: item.question.citation.clone(),
        })
    }

    /// Answered, unanswered, flagged and unseen items.
    pub fn review(&self) -> ReviewSummary {
        let items: Vec<ItemStatus> = self
            .items
            .iter()
            .enumerate()
            .map(|(i, s)| ItemStatus {
                number: i + 1,
                answered: s.answer.is_some(),
                flagged: s.flagged,
                seen: s.seen,
            })
            .collect();
        ReviewSummary {
            answered: items.iter().filter(|s| s.answered).count(),
            unanswered: items.iter().filter(|s| !s.answered).count(),
            flagged: items.iter().filter(|s| s.flagged).count(),
            unseen: items.iter().filter(|s| !s.seen).count(),
            items,
        }
    }
}

/// How one marked answer fared (practice and drill feedback).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ItemFeedback {
    /// Whether it scored in full.
    pub correct: bool,
    /// Its score, 0 to 1.
    pub score: f64,
    /// The key as shown letters.
    pub key: String,
    /// Why, with option letters as shown in this attempt.
    pub explanation: Option<String>,
    /// The source.
    pub citation: Option<String>,
}

/// The review screen's lists.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ReviewSummary {
    /// Every item's status, in exam order.
    pub items: Vec<ItemStatus>,
    /// How many are answered.
    pub answered: usize,
    /// How many are not.
    pub unanswered: usize,
    /// How many are flagged.
    pub flagged: usize,
    /// How many were never shown.
    pub unseen: usize,
}

impl ReviewSummary {
    /// Numbers (from 1) of the items that match.
    pub fn numbers(&self, pick: impl Fn(&ItemStatus) -> bool) -> Vec<usize> {
        self.items
            .iter()
            .filter(|s| pick(s))
            .map(|s| s.number)
            .collect()
    }
}

/// One item on the review screen.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct ItemStatus {
    /// Position from 1.
    pub number: usize,
    /// Has an answer.
    pub answered: bool,
    /// Flagged.
    pub flagged: bool,
    /// Shown at least once.
    pub seen: bool,
}

/// What the trainee (or the UI's timer) does.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Action {
    /// Leave the rules screen and start the clock.
    Begin,
    /// Answer, or change the answer to, the question on screen: shown positions (0 is A; for
    /// true/false 0 is True). One for single-answer kinds, one or more for multiple response.
    Answer(Vec<usize>),
    /// Remove the answer to the question on screen.
    Clear,
    /// Flag the question on screen for review.
    Flag,
    /// Remove its flag.
    Unflag,
    /// Show question `n` (from 0); from the review screen too.
    GoTo(usize),
    /// Show the next question.
    Next,
    /// Show the previous question.
    Previous,
    /// Open the review screen.
    Review,
    /// Submit; when questions are unanswered this only warns ([`Event::ConfirmSubmit`]).
    Submit,
    /// Submit even with unanswered questions.
    ConfirmSubmit,
    /// Let time pass (the UI sends this every second or so).
    Tick,
}

impl Action {
    fn name(&self) -> &'static str {
        match self {
            Action::Begin => "begin",
            Action::Answer(_) => "answer",
            Action::Clear => "clear an answer",
            Action::Flag => "flag",
            Action::Unflag => "unflag",
            Action::GoTo(_) => "go to a question",
            Action::Next => "next",
            Action::Previous => "previous",
            Action::Review => "review",
            Action::Submit => "submit",
            Action::ConfirmSubmit => "submit",
            Action::Tick => "tick",
        }
    }
}

/// What happened, for the UI to show.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "event", rename_all = "snake_case")]
pub enum Event {
    /// The attempt began; the clock runs from now.
    Started {
        /// The limit after extra time, if timed.
        time_limit: Option<Duration>,
    },
    /// Another question is on screen.
    Moved {
        /// Its index from 0.
        position: usize,
    },
    /// An answer was recorded.
    Answered {
        /// The item's index.
        item: usize,
        /// Whether it replaced a different answer.
        changed: bool,
    },
    /// An answer was removed.
    Cleared {
        /// The item's index.
        item: usize,
    },
    /// Practice and drill: the answer is marked.
    Feedback {
        /// The item's index.
        item: usize,
        /// Whether it scored in full.
        correct: bool,
        /// Its score, 0 to 1.
        score: f64,
        /// The key as shown letters.
        key: String,
        /// Why.
        explanation: Option<String>,
        /// The source.
        citation: Option<String>,
    },
    /// A flag was set or removed.
    Flagged {
        /// The item's index.
        item: usize,
        /// Whether it is flagged now.
        flagged: bool,
    },
    /// The review screen is open.
    ReviewOpened {
        /// Answered, unanswered, flagged, unseen.
        summary: ReviewSummary,
    },
    /// Submit was asked with questions unanswered: confirm with [`Action::ConfirmSubmit`].
    ConfirmSubmit {
        /// How many are unanswered.
        unanswered: usize,
        /// How many are flagged.
        flagged: usize,
    },
    /// Time is running low.
    TimeWarning {
        /// The warning mark reached.
        mark: Duration,
        /// Time left.
        remaining: Duration,
    },
    /// The attempt was submitted and recorded.
    Submitted {
        /// Why.
        reason: SubmitReason,
    },
}

/// Why an action or a resume failed. An action that fails changes nothing.
#[derive(Debug, thiserror::Error)]
pub enum SessionError {
    /// The action does not fit the phase.
    #[error("cannot {action} {}", phase.describe())]
    NotAllowed {
        /// The action.
        action: &'static str,
        /// The phase.
        phase: Phase,
    },
    /// No question with that number.
    #[error("there is no question {number} (the exam has {count})")]
    NoSuchQuestion {
        /// The number asked for, from 1 (0 when going back from the first).
        number: usize,
        /// Questions in the exam.
        count: usize,
    },
    /// The answer does not fit the question.
    #[error("question {}: {reason}", item + 1)]
    BadAnswer {
        /// The item's index.
        item: usize,
        /// What is wrong.
        reason: String,
    },
    /// Practice and drill: an answer already marked cannot change.
    #[error("question {} was already marked; its answer cannot change", item + 1)]
    Locked {
        /// The item's index.
        item: usize,
    },
    /// The start options are unusable.
    #[error("{0}")]
    BadOptions(String),
    /// No saved session with that id.
    #[error("no saved attempt `{0}`")]
    NotFound(String),
    /// Saving, loading or recording failed.
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// What a session needs from outside: time, a saver and a history.
pub struct Env {
    /// The clock.
    pub clock: Box<dyn Clock>,
    /// Where each change is saved.
    pub saver: Box<dyn SessionSaver>,
    /// Where submitted attempts go.
    pub history: Box<dyn History>,
}

/// A running attempt.
pub struct Session {
    state: SessionState,
    env: Env,
    /// The clock reading that time has been counted up to.
    last_tick: Duration,
    /// Exam time counted since the last save.
    unsaved_ms: u64,
}

impl std::fmt::Debug for Session {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Session")
            .field("attempt_id", &self.state.attempt_id)
            .field("phase", &self.state.phase)
            .field("position", &self.state.position)
            .finish_non_exhaustive()
    }
}

impl Session {
    /// Creates an attempt on its rules screen and saves it.
    pub fn start(exam: AssembledExam, opts: StartOptions, env: Env) -> Result<Self, SessionError> {
        if exam.items.is_empty() {
            return Err(SessionError::BadOptions(
                "the exam has no questions".to_string(),
            ));
        }
        if !opts.extra_time.is_finite() || !(1.0..=MAX_EXTRA_TIME).contains(&opts.extra_time) {
            return Err(SessionError::BadOptions(format!(
                "extra time must be a factor from 1.0 to {MAX_EXTRA_TIME} (e.g. 1.5), not {}",
                opts.extra_time
            )));
        }
        let base_minutes = match opts.time_limit {
            TimeLimit::Blueprint => exam.blueprint.time_limit_minutes,
            TimeLimit::Untimed => None,
            TimeLimit::Minutes(0) => {
                return Err(SessionError::BadOptions(
                    "a time limit of 0 minutes leaves no time".to_string(),
                ));
            }
            TimeLimit::Minutes(m) => Some(m),
        }
        .filter(|&m| m > 0);
        let limit_ms =
            base_minutes.map(|m| (f64::from(m) * 60.0 * opts.extra_time).round() as u64 * 1000);
        let mut warnings_ms: Vec<u64> = opts
            .warnings
            .iter()
            .map(|w| u64::try_from(w.as_millis()).unwrap_or(u64::MAX))
            .filter(|&w| w > 0)
            .collect();
        warnings_ms.sort_unstable_by(|a, b| b.cmp(a));
        warnings_ms.dedup();
        let created_at = env.clock.wall();
        let attempt_id = opts.attempt_id.unwrap_or_else(|| {
            format!(
                "{}-{:016x}-{}",
                exam.blueprint.id,
                exam.seed,
                created_at.timestamp_millis()
            )
        });
        let n = exam.items.len();
        let state = SessionState {
            schema_version: SESSION_SCHEMA_VERSION,
            attempt_id,
            trainee: opts.trainee,
            mode: opts.mode,
            exam,
            phase: Phase::Rules,
            position: 0,
            items: vec![ItemState::default(); n],
            timer: TimerState {
                limit_ms,
                remaining_ms: limit_ms,
                warnings_ms: if limit_ms.is_some() {
                    warnings_ms
                } else {
                    vec![]
                },
                warned_ms: vec![],
            },
            extra_time: opts.extra_time,
            created_at,
            started_at: None,
            submitted_at: None,
            submit_reason: None,
            time_used_ms: 0,
        };
        let last_tick = env.clock.elapsed();
        let mut s = Session {
            state,
            env,
            last_tick,
            unsaved_ms: 0,
        };
        s.save()?;
        Ok(s)
    }

    /// Picks up a saved attempt where its last save left it: answers, flags, position and
    /// remaining time. Time while it was not running is not counted.
    pub fn resume(attempt_id: &str, env: Env) -> Result<Self, SessionError> {
        let state = env
            .saver
            .load(attempt_id)?
            .ok_or_else(|| SessionError::NotFound(attempt_id.to_string()))?;
        let last_tick = env.clock.elapsed();
        Ok(Session {
            state,
            env,
            last_tick,
            unsaved_ms: 0,
        })
    }

    /// The state as of the last action or tick.
    pub fn state(&self) -> &SessionState {
        &self.state
    }

    /// The rules screen's lines.
    pub fn rules(&self) -> Vec<String> {
        super::rules_screen(
            &self.state.exam.blueprint,
            self.state.mode,
            self.state.time_limit(),
        )
    }

    /// The results, once submitted.
    pub fn result(&self) -> Option<ExamResult> {
        (self.state.phase == Phase::Submitted).then(|| scoring::score(&self.state))
    }

    /// Saves the state now.
    pub fn save(&mut self) -> Result<(), StoreError> {
        self.env.saver.save(&self.state)?;
        self.unsaved_ms = 0;
        Ok(())
    }

    /// Lets time pass: may warn, and at zero submits. Same as `apply(Action::Tick)`.
    pub fn tick(&mut self) -> Result<Vec<Event>, SessionError> {
        self.apply(Action::Tick)
    }

    /// Applies an action. Time is counted first: if it has run out, the attempt is submitted
    /// and the action is not applied (the events say so). A refused action changes nothing.
    pub fn apply(&mut self, action: Action) -> Result<Vec<Event>, SessionError> {
        self.check(&action)?;
        let mut events = self.advance_time()?;
        if self.state.phase == Phase::Submitted {
            self.save()?;
            return Ok(events);
        }
        let changed = self.perform(action, &mut events)?;
        if changed || !events.is_empty() || self.unsaved_ms >= SAVE_EVERY.as_millis() as u64 {
            self.save()?;
        }
        Ok(events)
    }

    /// Refuses actions that do not fit the phase or the exam, before any time is counted.
    fn check(&self, action: &Action) -> Result<(), SessionError> {
        let phase = self.state.phase;
        let not_allowed = || SessionError::NotAllowed {
            action: action.name(),
            phase,
        };
        let count = self.state.items.len();
        match (phase, action) {
            (_, Action::Tick) => Ok(()),
            (Phase::Submitted, _) => Err(not_allowed()),
            (Phase::Rules, Action::Begin) => Ok(()),
            (Phase::Rules, _) | (_, Action::Begin) => Err(not_allowed()),
            (_, Action::GoTo(i)) if *i >= count => Err(SessionError::NoSuchQuestion {
                number: i.saturating_add(1),
                count,
            }),
            (_, Action::GoTo(_) | Action::Review | Action::Submit | Action::ConfirmSubmit) => {
                Ok(())
            }
            (Phase::Review, _) => Err(not_allowed()),
            (_, Action::Next) if self.state.position + 1 >= count => {
                Err(SessionError::NoSuchQuestion {
                    number: count + 1,
                    count,
                })
            }
            (_, Action::Previous) if self.state.position == 0 => {
                Err(SessionError::NoSuchQuestion { number: 0, count })
            }
            (_, Action::Answer(choice)) => {
                self.check_unlocked()?;
                check_answer(self.state.current(), self.state.position, choice)
            }
            (_, Action::Clear) => self.check_unlocked(),
            _ => Ok(()),
        }
    }

    fn check_unlocked(&self) -> Result<(), SessionError> {
        let i = self.state.position;
        if self.state.items[i].locked {
            Err(SessionError::Locked { item: i })
        } else {
            Ok(())
        }
    }

    /// Counts the time since the last reading: the clock, the item on screen, warnings, and
    /// submission at zero.
    fn advance_time(&mut self) -> Result<Vec<Event>, SessionError> {
        let now = self.env.clock.elapsed();
        let delta = now.saturating_sub(self.last_tick);
        self.last_tick = now;
        if !matches!(self.state.phase, Phase::InProgress | Phase::Review) {
            return Ok(vec![]);
        }
        let mut ms = u64::try_from(delta.as_millis()).unwrap_or(u64::MAX);
        let mut events = Vec::new();
        let Some(remaining) = self.state.timer.remaining_ms else {
            self.count_time(ms);
            return Ok(events);
        };
        ms = ms.min(remaining);
        let left = remaining - ms;
        self.state.timer.remaining_ms = Some(left);
        self.count_time(ms);
        if left == 0 {
            events.push(self.submit(SubmitReason::TimeUp)?);
            return Ok(events);
        }
        let timer = &mut self.state.timer;
        let crossed: Vec<u64> = timer
            .warnings_ms
            .iter()
            .copied()
            .filter(|&m| left <= m && !timer.warned_ms.contains(&m))
            .collect();
        if let Some(&mark) = crossed.iter().min() {
            timer.warned_ms.extend(crossed);
            events.push(Event::TimeWarning {
                mark: Duration::from_millis(mark),
                remaining: Duration::from_millis(left),
            });
        }
        Ok(events)
    }

    fn count_time(&mut self, ms: u64) {
        self.state.time_used_ms = self.state.time_used_ms.saturating_add(ms);
        self.unsaved_ms = self.unsaved_ms.saturating_add(ms);
        if self.state.phase == Phase::InProgress {
            let i = self.state.position;
            self.state.items[i].time_ms = self.state.items[i].time_ms.saturating_add(ms);
        }
    }

    /// Applies a checked action; returns whether the state changed.
    fn perform(&mut self, action: Action, events: &mut Vec<Event>) -> Result<bool, SessionError> {
        let st = &mut self.state;
        let i = st.position;
        Ok(match action {
            Action::Tick => false,
            Action::Begin => {
                st.phase = Phase::InProgress;
                st.started_at = Some(self.env.clock.wall());
                st.items[0].seen = true;
                st.position = 0;
                // Marks at or above the whole limit would fire at once: skip them.
                if let Some(limit) = st.timer.limit_ms {
                    let skipped: Vec<u64> = st
                        .timer
                        .warnings_ms
                        .iter()
                        .copied()
                        .filter(|&m| m >= limit)
                        .collect();
                    st.timer.warned_ms.extend(skipped);
                }
                events.push(Event::Started {
                    time_limit: st.time_limit(),
                });
                true
            }
            Action::Answer(mut choice) => {
                choice.sort_unstable();
                choice.dedup();
                let before = st.items[i].answer.replace(choice.clone());
                events.push(Event::Answered {
                    item: i,
                    changed: before.as_ref().is_some_and(|b| *b != choice),
                });
                if st.mode.immediate_feedback() {
                    st.items[i].locked = true;
                    if let Some(f) = st.feedback(i) {
                        events.push(Event::Feedback {
                            item: i,
                            correct: f.correct,
                            score: f.score,
                            key: f.key,
                            explanation: f.explanation,
                            citation: f.citation,
                        });
                    }
                }
                true
            }
            Action::Clear => {
                let had = st.items[i].answer.take().is_some();
                if had {
                    events.push(Event::Cleared { item: i });
                }
                had
            }
            Action::Flag | Action::Unflag => {
                let flagged = action == Action::Flag;
                let changed = st.items[i].flagged != flagged;
                st.items[i].flagged = flagged;
                events.push(Event::Flagged { item: i, flagged });
                changed
            }
            Action::GoTo(to) => {
                self.move_to(to, events);
                true
            }
            Action::Next => {
                self.move_to(i + 1, events);
                true
            }
            Action::Previous => {
                self.move_to(i - 1, events);
                true
            }
            Action::Review => {
                let changed = st.phase != Phase::Review;
                st.phase = Phase::Review;
                events.push(Event::ReviewOpened {
                    summary: st.review(),
                });
                changed
            }
            Action::Submit => {
                let summary = st.review();
                if summary.unanswered > 0 {
                    events.push(Event::ConfirmSubmit {
                        unanswered: summary.unanswered,
                        flagged: summary.flagged,
                    });
                    false
                } else {
                    events.push(self.submit(SubmitReason::Trainee)?);
                    true
                }
            }
            Action::ConfirmSubmit => {
                events.push(self.submit(SubmitReason::Trainee)?);
                true
            }
        })
    }

    fn move_to(&mut self, to: usize, events: &mut Vec<Event>) {
        let st = &mut self.state;
        st.position = to;
        st.phase = Phase::InProgress;
        st.items[to].seen = true;
        events.push(Event::Moved { position: to });
    }

    /// Submits: marks the state, records the attempt in the history, and saves.
    fn submit(&mut self, reason: SubmitReason) -> Result<Event, SessionError> {
        self.state.phase = Phase::Submitted;
        self.state.submitted_at = Some(self.env.clock.wall());
        self.state.submit_reason = Some(reason);
        let result = scoring::score(&self.state);
        let record = AttemptRecord::from_session(&self.state, &result);
        self.env.history.record(&record)?;
        self.save()?;
        Ok(Event::Submitted { reason })
    }
}

/// Checks an answer against the item: positions among the options, one for single-answer kinds.
fn check_answer(item: &ExamItem, index: usize, choice: &[usize]) -> Result<(), SessionError> {
    match answer_problem(item, choice) {
        Some(reason) => Err(SessionError::BadAnswer {
            item: index,
            reason,
        }),
        None => Ok(()),
    }
}

/// What is wrong with an answer (shown positions) to an item, if anything: no option chosen,
/// a position that is not an option, or several options for a single-answer question.
pub fn answer_problem(item: &ExamItem, choice: &[usize]) -> Option<String> {
    let n = item.order.len();
    if choice.is_empty() {
        return Some("choose at least one option (or clear the answer)".to_string());
    }
    if let Some(&p) = choice.iter().find(|&&p| p >= n) {
        return Some(if item.question.kind == QuestionKind::TrueFalse {
            "answer T or F".to_string()
        } else {
            format!(
                "option {} is not among its {n} options (A to {})",
                super::assemble::letter(p),
                super::assemble::letter(n.saturating_sub(1))
            )
        });
    }
    let mut distinct = choice.to_vec();
    distinct.sort_unstable();
    distinct.dedup();
    if !item.is_multiple() && distinct.len() > 1 {
        return Some("it takes exactly one answer".to_string());
    }
    None
}
