//! Storage as two small traits: a [`SessionSaver`] that keeps the running attempt (saved after
//! every action, loaded to resume after a crash) and a [`History`] of finished attempts with
//! their item results (for "avoid recent", drills and item statistics). Records are complete
//! and versioned so a later store (SQLite) and a Learning Record Store can take them as they
//! are. [`MemoryStore`] implements both in memory, through JSON, as a real store would.

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::scoring::{DomainScore, ExamResult};
use super::session::{Phase, SessionMode, SessionState, SubmitReason};
use crate::model::{Difficulty, QuestionKind};

/// The version of [`AttemptRecord`]'s serialized form.
pub const RECORD_SCHEMA_VERSION: u32 = 1;

/// A store failed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum StoreError {
    /// The data could not be written as JSON.
    #[error("cannot encode: {0}")]
    Encode(String),
    /// Saved data could not be read.
    #[error("cannot read saved data: {0}")]
    Decode(String),
    /// Saved data is from a newer version of the app.
    #[error("saved {what} has schema version {found}; this version reads up to {supported}")]
    UnsupportedVersion {
        /// Session or attempt.
        what: &'static str,
        /// The version found.
        found: u32,
        /// The newest version this build reads.
        supported: u32,
    },
    /// The storage itself failed.
    #[error("storage failed: {0}")]
    Backend(String),
}

/// Keeps running attempts so they survive a crash.
pub trait SessionSaver: Send {
    /// Saves (replaces) the attempt's state.
    fn save(&mut self, state: &SessionState) -> Result<(), StoreError>;
    /// The saved state of an attempt, if any.
    fn load(&self, attempt_id: &str) -> Result<Option<SessionState>, StoreError>;
    /// Ids of the trainee's saved attempts that were not submitted, oldest first.
    fn unfinished(&self, trainee: &str) -> Result<Vec<String>, StoreError>;
}

/// Finished attempts and their item results.
pub trait History: Send {
    /// Records a finished attempt (recording the same attempt id again replaces it).
    fn record(&mut self, attempt: &AttemptRecord) -> Result<(), StoreError>;
    /// Finished attempts, of one trainee or of everyone, oldest first.
    fn attempts(&self, trainee: Option<&str>) -> Result<Vec<AttemptRecord>, StoreError>;
}

/// One finished attempt, complete enough for history, drills, item statistics and an xAPI
/// statement (actor = trainee, object = blueprint, result = score and items).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AttemptRecord {
    /// [`RECORD_SCHEMA_VERSION`] when written.
    pub schema_version: u32,
    /// Unique id of the attempt.
    pub attempt_id: String,
    /// Who took it.
    pub trainee: String,
    /// The blueprint's id.
    pub blueprint_id: String,
    /// The blueprint's name as shown.
    pub blueprint_name: String,
    /// The practice track.
    pub track: String,
    /// The credential the blueprint is modeled on (not that credential's exam).
    pub modeled_on: String,
    /// The body awarding that credential (which does not endorse this practice exam).
    pub modeled_on_body: String,
    /// Exam, practice or drill.
    pub mode: SessionMode,
    /// The draw's seed.
    pub seed: u64,
    /// The draw algorithm's version.
    pub assembly_version: u32,
    /// When the trainee began.
    pub started_at: Option<DateTime<Utc>>,
    /// When it was submitted.
    pub finished_at: DateTime<Utc>,
    /// Why it was submitted.
    pub submit_reason: SubmitReason,
    /// The limit after extra time, in milliseconds; `None` when untimed.
    pub time_limit_ms: Option<u64>,
    /// The extra-time factor applied.
    pub extra_time: f64,
    /// Exam time used, in milliseconds.
    pub time_used_ms: u64,
    /// Percent correct, 0 to 100.
    pub score_percent: f64,
    /// Points scored.
    pub points: f64,
    /// Points possible.
    pub max_points: f64,
    /// The pass mark.
    pub pass_mark: f64,
    /// Whether it passed.
    pub passed: bool,
    /// Per domain, weakest first.
    pub domains: Vec<DomainRecord>,
    /// Every item, in exam order.
    pub items: Vec<ItemResult>,
}

/// One domain's result in a record.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DomainRecord {
    /// Domain id.
    pub id: String,
    /// Readable name.
    pub name: String,
    /// Points scored.
    pub points: f64,
    /// Items.
    pub items: usize,
    /// Percent correct.
    pub percent: f64,
}

impl From<&DomainScore> for DomainRecord {
    fn from(d: &DomainScore) -> Self {
        DomainRecord {
            id: d.id.clone(),
            name: d.name.clone(),
            points: d.points,
            items: d.items,
            percent: d.percent,
        }
    }
}

/// One item's result.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ItemResult {
    /// Question id.
    pub question_id: String,
    /// Domain id.
    pub domain: String,
    /// Question kind.
    pub kind: QuestionKind,
    /// Authored difficulty.
    pub difficulty: Difficulty,
    /// Chosen options as authored positions (independent of the shuffle); `None` when
    /// unanswered.
    pub response: Option<Vec<usize>>,
    /// The answer as the trainee saw it (shown letters; empty when unanswered).
    pub response_letters: String,
    /// Keyed options as authored positions.
    pub key: Vec<usize>,
    /// Whether it scored in full.
    pub correct: bool,
    /// Its score, 0 to 1.
    pub score: f64,
    /// Time on its screen, in milliseconds.
    pub time_ms: u64,
    /// Whether it was flagged.
    pub flagged: bool,
}

impl AttemptRecord {
    /// The record of a submitted session and its result.
    pub fn from_session(state: &SessionState, result: &ExamResult) -> Self {
        let bp = &state.exam.blueprint;
        let items = state
            .exam
            .items
            .iter()
            .zip(&state.items)
            .zip(&result.items)
            .map(|((item, st), review)| ItemResult {
                question_id: item.question.id.clone(),
                domain: item.question.domain.clone(),
                kind: item.question.kind,
                difficulty: item.question.difficulty,
                response: st.answer.as_deref().map(|a| item.to_authored(a)),
                response_letters: review.answer.clone(),
                key: item.question.key_indices().unwrap_or_default(),
                correct: review.correct,
                score: review.score,
                time_ms: st.time_ms,
                flagged: st.flagged,
            })
            .collect();
        AttemptRecord {
            schema_version: RECORD_SCHEMA_VERSION,
            attempt_id: state.attempt_id.clone(),
            trainee: state.trainee.clone(),
            blueprint_id: bp.id.clone(),
            blueprint_name: bp.name.clone(),
            track: bp.track.clone(),
            modeled_on: bp.modeled_on.name.clone(),
            modeled_on_body: bp.modeled_on.body.clone(),
            mode: state.mode,
            seed: state.exam.seed,
            assembly_version: state.exam.assembly_version,
            started_at: state.started_at,
            finished_at: state
                .submitted_at
                .or(state.started_at)
                .unwrap_or(state.created_at),
            submit_reason: state.submit_reason.unwrap_or(SubmitReason::Trainee),
            time_limit_ms: state.timer.limit_ms,
            extra_time: state.extra_time,
            time_used_ms: state.time_used_ms,
            score_percent: result.percent,
            points: result.points,
            max_points: result.max_points,
            pass_mark: result.pass_mark,
            passed: result.passed,
            domains: result.domains.iter().map(DomainRecord::from).collect(),
            items,
        }
    }

    /// The record as JSON.
    pub fn to_json(&self) -> Result<String, StoreError> {
        to_json(self)
    }

    /// A record from JSON, refusing versions this build does not know.
    pub fn from_json(text: &str) -> Result<Self, StoreError> {
        from_versioned_json(text, "attempt", RECORD_SCHEMA_VERSION)
    }
}

/// Sessions and history in memory, kept as JSON text exactly as a database would keep them.
/// Clones share the same data: hand one to a session and keep one to look at, or to resume
/// from after the session is dropped (a simulated crash).
#[derive(Debug, Clone, Default)]
pub struct MemoryStore {
    inner: Arc<Mutex<Inner>>,
}

#[derive(Debug, Default)]
struct Inner {
    /// Attempt id to (trainee, submitted, JSON), with the order saved first.
    sessions: BTreeMap<String, SavedSession>,
    next: u64,
    /// Recorded attempts as JSON, in recording order.
    attempts: Vec<(String, String)>,
}

#[derive(Debug)]
struct SavedSession {
    order: u64,
    trainee: String,
    submitted: bool,
    json: String,
}

impl MemoryStore {
    /// An empty store.
    pub fn new() -> Self {
        Self::default()
    }

    fn lock(&self) -> Result<std::sync::MutexGuard<'_, Inner>, StoreError> {
        self.inner
            .lock()
            .map_err(|_| StoreError::Backend("the store's lock was poisoned".to_string()))
    }

    /// The JSON saved for an attempt, as a database would hold it.
    pub fn saved_json(&self, attempt_id: &str) -> Option<String> {
        self.lock()
            .ok()?
            .sessions
            .get(attempt_id)
            .map(|s| s.json.clone())
    }
}

impl SessionSaver for MemoryStore {
    fn save(&mut self, state: &SessionState) -> Result<(), StoreError> {
        let json = state.to_json()?;
        let mut inner = self.lock()?;
        let next = inner.next;
        let order = inner
            .sessions
            .get(&state.attempt_id)
            .map(|s| s.order)
            .unwrap_or(next);
        inner.next += 1;
        inner.sessions.insert(
            state.attempt_id.clone(),
            SavedSession {
                order,
                trainee: state.trainee.clone(),
                submitted: state.phase == Phase::Submitted,
                json,
            },
        );
        Ok(())
    }

    fn load(&self, attempt_id: &str) -> Result<Option<SessionState>, StoreError> {
        let json = match self.lock()?.sessions.get(attempt_id) {
            Some(s) => s.json.clone(),
            None => return Ok(None),
        };
        SessionState::from_json(&json).map(Some)
    }

    fn unfinished(&self, trainee: &str) -> Result<Vec<String>, StoreError> {
        let inner = self.lock()?;
        let mut ids: Vec<(u64, String)> = inner
            .sessions
            .iter()
            .filter(|(_, s)| s.trainee == trainee && !s.submitted)
            .map(|(id, s)| (s.order, id.clone()))
            .collect();
        ids.sort();
        Ok(ids.into_iter().map(|(_, id)| id).collect())
    }
}

impl History for MemoryStore {
    fn record(&mut self, attempt: &AttemptRecord) -> Result<(), StoreError> {
        let json = attempt.to_json()?;
        let mut inner = self.lock()?;
        match inner
            .attempts
            .iter_mut()
            .find(|(id, _)| *id == attempt.attempt_id)
        {
            Some(slot) => slot.1 = json,
            None => inner.attempts.push((attempt.attempt_id.clone(), json)),
        }
        Ok(())
    }

    fn attempts(&self, trainee: Option<&str>) -> Result<Vec<AttemptRecord>, StoreError> {
        let texts: Vec<String> = self
            .lock()?
            .attempts
            .iter()
            .map(|(_, j)| j.clone())
            .collect();
        let mut out = Vec::new();
        for t in texts {
            let a = AttemptRecord::from_json(&t)?;
            if trainee.is_none_or(|who| a.trainee == who) {
                out.push(a);
            }
        }
        Ok(out)
    }
}

/// A value as JSON.
pub(crate) fn to_json<T: serde::Serialize>(value: &T) -> Result<String, StoreError> {
    serde_json::to_string(value).map_err(|e| StoreError::Encode(e.to_string()))
}

/// A value from JSON that carries a `schema_version`, refusing versions newer than
/// `supported` (older ones are read as they are; serde defaults fill added fields).
pub(crate) fn from_versioned_json<T: serde::de::DeserializeOwned>(
    text: &str,
    what: &'static str,
    supported: u32,
) -> Result<T, StoreError> {
    #[derive(Deserialize)]
    struct Version {
        schema_version: u32,
    }
    let v: Version = serde_json::from_str(text).map_err(|e| StoreError::Decode(e.to_string()))?;
    if v.schema_version > supported {
        return Err(StoreError::UnsupportedVersion {
            what,
            found: v.schema_version,
            supported,
        });
    }
    serde_json::from_str(text).map_err(|e| StoreError::Decode(e.to_string()))
}
