//! A trainee's data on request: [`Store::export_trainee`] gathers everything kept about them
//! into one JSON document, and [`Store::delete_trainee`] removes it and appends a deletion
//! entry to the attempt chain: who was removed, who asked, when, the hash of what was removed
//! (BLAKE3 of the compact JSON of the export's `data`) and each removed row's chain hash, which
//! stands in for the row so the rest of the chain still verifies.

use rusqlite::{Connection, OptionalExtension, TransactionBehavior, params};
use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::certs::{Certification, certs_on};
use super::sr::{SrCard, cards_on};
use super::{Error, Store, chain_hash, chain_head, find_trainee, now};

/// The version of [`TraineeExport`]'s form.
pub const EXPORT_FORMAT: u32 = 1;

/// Everything kept about one trainee, as `rightparty trainee export` writes it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TraineeExport {
    /// [`EXPORT_FORMAT`].
    pub format: u32,
    /// When it was exported.
    pub exported_at: String,
    /// What is kept.
    pub data: TraineeData,
}

/// What is kept about a trainee.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TraineeData {
    /// The trainee's name.
    pub name: String,
    /// Cohort.
    pub cohort: Option<String>,
    /// Extra exam time factor (`None` when only an exam session names them).
    pub extra_time: Option<f64>,
    /// When the trainee was first recorded.
    pub created_at: Option<String>,
    /// Every exam attempt row in the chain (revisions included), in chain order.
    pub exam_attempts: Vec<ChainRecord>,
    /// Every call attempt row in the chain, in chain order.
    pub call_attempts: Vec<ChainRecord>,
    /// Saved exam sessions, finished or not.
    pub exam_sessions: Vec<SavedSession>,
    /// The call in progress, if any (as saved).
    pub calls_in_progress: Vec<Value>,
    /// Spaced-repetition cards.
    pub sr_cards: Vec<SrCard>,
    /// Certifications.
    pub certifications: Vec<Certification>,
}

/// One attempt row of the chain.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ChainRecord {
    /// Position in the chain.
    pub seq: i64,
    /// The row's chain hash.
    pub hash: String,
    /// When it was finished or recorded.
    pub finished_at: String,
    /// For calls, the scenario's content hash.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub content_hash: Option<String>,
    /// The attempt record or call result as stored.
    pub record: Value,
}

/// A saved exam session.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SavedSession {
    /// The attempt's id.
    pub attempt_id: String,
    /// Whether it was submitted.
    pub submitted: bool,
    /// When it was last saved.
    pub saved_at: String,
    /// The session state as stored.
    pub state: Value,
}

/// What a deletion removed, counted.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeletionSummary {
    /// Exam attempt rows.
    pub exam_attempts: usize,
    /// Call attempt rows.
    pub call_attempts: usize,
    /// Saved exam sessions.
    pub exam_sessions: usize,
    /// Calls in progress.
    pub calls_in_progress: usize,
    /// Spaced-repetition cards.
    pub sr_cards: usize,
    /// Certifications.
    pub certifications: usize,
}

/// A deletion entry in the chain.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Deletion {
    /// Its position in the chain.
    pub seq: i64,
    /// Whose data was removed.
    pub trainee: String,
    /// Who asked for it.
    pub requested_by: String,
    /// When.
    pub deleted_at: String,
    /// BLAKE3 (hex) of the compact JSON of the [`TraineeData`] removed.
    pub removed_hash: String,
    /// The removed chain rows: position and chain hash.
    pub removed_rows: Vec<(i64, String)>,
    /// What was removed, counted.
    pub summary: DeletionSummary,
}

/// A deletion row as stored.
pub(crate) struct DeletionRow {
    pub(crate) seq: i64,
    pub(crate) trainee: String,
    requested_by: String,
    deleted_at: String,
    removed_hash: String,
    removed_rows: String,
    summary: String,
    pub(crate) prev_hash: String,
    pub(crate) hash: String,
}

impl DeletionRow {
    pub(crate) fn compute_hash(&self) -> String {
        chain_hash(
            &self.prev_hash,
            &[
                "deletion",
                &self.seq.to_string(),
                &self.trainee,
                &self.requested_by,
                &self.deleted_at,
                &self.removed_hash,
                &self.removed_rows,
                &self.summary,
            ],
        )
    }

    /// The entry, or why its stored lists cannot be read.
    pub(crate) fn entry(&self) -> Result<Deletion, String> {
        let bad = |e: serde_json::Error| format!("its list of removed rows cannot be read: {e}");
        Ok(Deletion {
            seq: self.seq,
            trainee: self.trainee.clone(),
            requested_by: self.requested_by.clone(),
            deleted_at: self.deleted_at.clone(),
            removed_hash: self.removed_hash.clone(),
            removed_rows: serde_json::from_str(&self.removed_rows).map_err(bad)?,
            summary: serde_json::from_str(&self.summary).map_err(bad)?,
        })
    }
}

/// Every deletion row, in chain order.
pub(crate) fn deletion_rows(conn: &Connection) -> rusqlite::Result<Vec<DeletionRow>> {
    let mut stmt = conn.prepare(
        "SELECT seq, trainee, requested_by, deleted_at, removed_hash, removed_rows, summary,
                prev_hash, hash FROM deletions ORDER BY seq",
    )?;
    stmt.query_map([], |r| {
        Ok(DeletionRow {
            seq: r.get(0)?,
            trainee: r.get(1)?,
            requested_by: r.get(2)?,
            deleted_at: r.get(3)?,
            removed_hash: r.get(4)?,
            removed_rows: r.get(5)?,
            summary: r.get(6)?,
            prev_hash: r.get(7)?,
            hash: r.get(8)?,
        })
    })?
    .collect()
}

fn json_value(text: String) -> Value {
    serde_json::from_str(&text).unwrap_or(Value::String(text))
}

/// Everything about `name`, or `None` when nothing names them.
fn collect(conn: &Connection, name: &str) -> rusqlite::Result<Option<TraineeData>> {
    let trainee = find_trainee(conn, name)?;
    let created_at: Option<String> = conn
        .query_row(
            "SELECT created_at FROM trainees WHERE name = ?1",
            [name],
            |r| r.get(0),
        )
        .optional()?;
    let chain = |sql: &str| -> rusqlite::Result<Vec<ChainRecord>> {
        let mut stmt = conn.prepare(sql)?;
        stmt.query_map([name], |r| {
            Ok(ChainRecord {
                seq: r.get(0)?,
                hash: r.get(1)?,
                finished_at: r.get(2)?,
                content_hash: r.get(3)?,
                record: json_value(r.get(4)?),
            })
        })?
        .collect()
    };
    let exam_attempts = chain(
        "SELECT e.seq, e.hash, e.finished_at, NULL, e.json FROM exam_attempts e
         JOIN trainees t ON t.id = e.trainee_id WHERE t.name = ?1 ORDER BY e.seq",
    )?;
    let call_attempts = chain(
        "SELECT c.seq, c.hash, c.finished_at, c.content_hash, c.json FROM call_attempts c
         JOIN trainees t ON t.id = c.trainee_id WHERE t.name = ?1 ORDER BY c.seq",
    )?;
    let exam_sessions: Vec<SavedSession> = {
        let mut stmt = conn.prepare(
            "SELECT attempt_id, submitted, saved_at, json FROM exam_sessions
             WHERE trainee = ?1 ORDER BY rowid",
        )?;
        stmt.query_map([name], |r| {
            Ok(SavedSession {
                attempt_id: r.get(0)?,
                submitted: r.get(1)?,
                saved_at: r.get(2)?,
                state: json_value(r.get(3)?),
            })
        })?
        .collect::<Result<_, _>>()?
    };
    let calls_in_progress: Vec<Value> = {
        let mut stmt = conn.prepare(
            "SELECT c.scenario_id, c.content_hash, c.mode, c.state_json, c.updated_at
             FROM calls_in_progress c JOIN trainees t ON t.id = c.trainee_id WHERE t.name = ?1",
        )?;
        stmt.query_map([name], |r| {
            Ok(serde_json::json!({
                "scenario_id": r.get::<_, String>(0)?,
                "content_hash": r.get::<_, String>(1)?,
                "mode": r.get::<_, String>(2)?,
                "state": json_value(r.get(3)?),
                "updated_at": r.get::<_, String>(4)?,
            }))
        })?
        .collect::<Result<_, _>>()?
    };
    if trainee.is_none() && exam_sessions.is_empty() {
        return Ok(None);
    }
    Ok(Some(TraineeData {
        name: name.to_string(),
        cohort: trainee.as_ref().and_then(|t| t.cohort.clone()),
        extra_time: trainee.as_ref().map(|t| t.extra_time),
        created_at,
        exam_attempts,
        call_attempts,
        exam_sessions,
        calls_in_progress,
        sr_cards: cards_on(conn, name, None)?,
        certifications: certs_on(conn, Some(name))?,
    }))
}

/// BLAKE3 (hex) of the compact JSON of `data`: what a deletion entry keeps of what it removed.
pub fn removed_hash(data: &TraineeData) -> Result<String, serde_json::Error> {
    Ok(blake3::hash(&serde_json::to_vec(data)?)
        .to_hex()
        .to_string())
}

impl Store {
    /// Everything kept about the trainee, or `None` when nothing names them.
    pub fn export_trainee(&self, name: &str) -> Result<Option<TraineeExport>, Error> {
        let data = collect(&*self.lock()?, name).map_err(self.sql())?;
        Ok(data.map(|data| TraineeExport {
            format: EXPORT_FORMAT,
            exported_at: now(),
            data,
        }))
    }

    /// Deletes everything kept about the trainee and appends a deletion entry to the chain, in
    /// one transaction. `requested_by` names who asked. `None` when nothing names them.
    pub fn delete_trainee(
        &self,
        name: &str,
        requested_by: &str,
    ) -> Result<Option<Deletion>, Error> {
        let mut conn = self.lock()?;
        let tx = conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(self.sql())?;
        let Some(data) = collect(&tx, name).map_err(self.sql())? else {
            return Ok(None);
        };
        // Taken before anything is removed, so the entry never reuses a removed position.
        let (seq, prev) = chain_head(&tx).map_err(self.sql())?;
        let mut removed_rows: Vec<(i64, String)> = data
            .exam_attempts
            .iter()
            .chain(&data.call_attempts)
            .map(|r| (r.seq, r.hash.clone()))
            .collect();
        removed_rows.sort();
        let summary = DeletionSummary {
            exam_attempts: data.exam_attempts.len(),
            call_attempts: data.call_attempts.len(),
            exam_sessions: data.exam_sessions.len(),
            calls_in_progress: data.calls_in_progress.len(),
            sr_cards: data.sr_cards.len(),
            certifications: data.certifications.len(),
        };
        let sql = self.sql();
        let by_id = "(SELECT id FROM trainees WHERE name = ?1)";
        for table in [
            "calls_in_progress",
            "sr_cards",
            "certifications",
            "exam_attempts",
            "call_attempts",
        ] {
            tx.execute(
                &format!("DELETE FROM {table} WHERE trainee_id = {by_id}"),
                [name],
            )
            .map_err(&sql)?;
        }
        tx.execute("DELETE FROM exam_sessions WHERE trainee = ?1", [name])
            .map_err(&sql)?;
        tx.execute("DELETE FROM trainees WHERE name = ?1", [name])
            .map_err(&sql)?;
        let mut row = DeletionRow {
            seq,
            trainee: name.to_string(),
            requested_by: requested_by.to_string(),
            deleted_at: now(),
            removed_hash: removed_hash(&data).map_err(self.json())?,
            removed_rows: serde_json::to_string(&removed_rows).map_err(self.json())?,
            summary: serde_json::to_string(&summary).map_err(self.json())?,
            prev_hash: prev,
            hash: String::new(),
        };
        row.hash = row.compute_hash();
        tx.execute(
            "INSERT INTO deletions (seq, trainee, requested_by, deleted_at, removed_hash,
                 removed_rows, summary, prev_hash, hash)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
            params![
                row.seq,
                row.trainee,
                row.requested_by,
                row.deleted_at,
                row.removed_hash,
                row.removed_rows,
                row.summary,
                row.prev_hash,
                row.hash
            ],
        )
        .map_err(&sql)?;
        tx.commit().map_err(&sql)?;
        row.entry().map(Some).map_err(Error::Invalid)
    }
}
