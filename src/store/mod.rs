//! Trainee records in one embedded SQLite file, `rightparty.sqlite3`, in the data folder.
//!
//! [`Store::open`] creates the folder and the file, turns on WAL and a busy timeout (so the app
//! and the CLI can use it at once), and brings the schema up to [`SCHEMA_VERSION`] by applying
//! [`schema`]'s migrations in order, after copying a non-empty older database to a backup file.
//! A database from a newer build is refused with its path; it is never replaced by an empty one.
//!
//! Exam and call attempts form one tamper-evident chain: each row keeps the hash (BLAKE3) of its
//! content and of the previous row's hash, and [`Store::verify`] names any row edited, removed
//! or inserted outside the app. Deleting a trainee's data on request ([`Store::delete_trainee`])
//! appends a deletion entry that keeps the hashes of the rows it removed, so the chain still
//! verifies and shows the deletion. This does not prove the records are genuine: anyone with the
//! file can recompute the whole chain (docs/records.md). The authoritative copy for sign-off is
//! the one sent to a Learning Record Store.
//!
//! Besides the chain it keeps calls in progress ([`calls`]), spaced-repetition cards ([`sr`]),
//! certifications with renewal reminders ([`certs`]) and exports a trainee's data ([`erase`]).

pub mod calls;
pub mod certs;
pub mod erase;
pub mod location;
mod pending;
pub mod report;
mod schema;
pub mod sr;

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

use chrono::{SecondsFormat, Utc};
use rusqlite::{Connection, OptionalExtension, TransactionBehavior, params};

use crate::call::CallResult;
use crate::exam::session::{Phase, SessionState};
use crate::exam::{AttemptRecord, History, SessionSaver, StoreError};

pub use calls::CallInProgress;
pub use certs::{Certification, NewCertification};
pub use erase::{Deletion, TraineeData, TraineeExport};
pub use location::{DATA_DIR_ENV, DataDirSource, LocateError, data_dir, write_config_data_dir};
pub use schema::SCHEMA_VERSION;
pub use sr::SrCard;

/// The database file's name inside the data folder.
pub const FILE_NAME: &str = "rightparty.sqlite3";

/// How long a write waits for another process's write to finish before failing.
pub const BUSY_TIMEOUT: Duration = Duration::from_secs(5);

/// The hash before the first attempt in the chain.
const GENESIS: &str = "";

/// The store failed.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The data folder could not be created.
    #[error("cannot create the data folder {}: {source}", path.display())]
    CreateDir {
        /// The folder.
        path: PathBuf,
        /// Why.
        source: std::io::Error,
    },
    /// The file could not be opened, or is not a readable SQLite database.
    #[error("cannot open {}: {source}{}{}", path.display(),
        cause.as_ref().map(|c| format!(" ({c})")).unwrap_or_default(),
        restore_hint(backup.as_deref()))]
    Open {
        /// The database file.
        path: PathBuf,
        /// Why, in plain words, when it can be told (a read-only folder or file).
        cause: Option<String>,
        /// Why.
        source: Box<rusqlite::Error>,
        /// The newest backup copy next to it, if any.
        backup: Option<PathBuf>,
    },
    /// The file was written by a newer build of rightparty.
    #[error(
        "{} has schema version {found}, newer than this build knows ({known}); \
         use a newer rightparty (nothing was changed){}",
        path.display(),
        restore_hint(backup.as_deref())
    )]
    NewerSchema {
        /// The database file.
        path: PathBuf,
        /// Its schema version.
        found: u32,
        /// The newest this build knows.
        known: u32,
        /// The newest backup copy next to it, if any.
        backup: Option<PathBuf>,
    },
    /// The backup copy before a migration could not be made (nothing was migrated).
    #[error("cannot back up {} to {} before migrating it: {source}", path.display(), backup.display())]
    Backup {
        /// The database file.
        path: PathBuf,
        /// The backup it was copying to.
        backup: PathBuf,
        /// Why.
        source: rusqlite::Error,
    },
    /// A migration failed (it was rolled back; the backup copy is kept).
    #[error("cannot migrate {} to schema version {version}: {source}", path.display())]
    Migrate {
        /// The database file.
        path: PathBuf,
        /// The version it was migrating to.
        version: u32,
        /// Why.
        source: rusqlite::Error,
    },
    /// A query failed.
    #[error("database {}: {source}", path.display())]
    Sql {
        /// The database file.
        path: PathBuf,
        /// Why.
        source: rusqlite::Error,
    },
    /// A record could not be written or read as JSON.
    #[error("record in {}: {source}", path.display())]
    Json {
        /// The database file.
        path: PathBuf,
        /// Why.
        source: serde_json::Error,
    },
    /// A stored exam record or session could not be read by the exam engine.
    #[error(transparent)]
    Exam(#[from] StoreError),
    /// A value given to the store is not acceptable (nothing was written).
    #[error("{0}")]
    Invalid(String),
    /// The file could not be written; the attempt is kept in memory, with any others waiting,
    /// until [`Store::retry_pending`] (or the next record) can write them.
    #[error(
        "cannot write to {}: {cause}; the attempt is kept in memory ({waiting} waiting) and \
         will be written when the file can be written again",
        path.display()
    )]
    Unsaved {
        /// The database file.
        path: PathBuf,
        /// Why, in plain words.
        cause: String,
        /// Attempts waiting in memory.
        waiting: usize,
    },
    /// Another thread panicked while holding the connection.
    #[error("the database connection's lock was poisoned")]
    Poisoned,
}

fn restore_hint(backup: Option<&Path>) -> String {
    match backup {
        Some(b) => format!("; the newest backup copy to restore is {}", b.display()),
        None => String::new(),
    }
}

/// The newest backup copy of the database in `dir` (backup names sort by version, then time).
pub fn latest_backup(dir: &Path) -> Option<PathBuf> {
    let prefix = format!("{FILE_NAME}.v");
    std::fs::read_dir(dir)
        .ok()?
        .filter_map(|e| e.ok())
        .map(|e| e.path())
        .filter(|p| {
            p.file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| n.starts_with(&prefix) && n.ends_with(".bak"))
        })
        .max_by_key(|p| std::fs::metadata(p).and_then(|m| m.modified()).ok())
}

/// A trainee.
#[derive(Debug, Clone, PartialEq)]
pub struct Trainee {
    /// Row id.
    pub id: i64,
    /// Unique name.
    pub name: String,
    /// Cohort, such as "2027-01 orientation".
    pub cohort: Option<String>,
    /// Extra exam time as a factor (1.0 when none).
    pub extra_time: f64,
}

/// A stored call attempt.
#[derive(Debug, Clone, PartialEq)]
pub struct CallAttempt {
    /// Position in the attempt chain.
    pub seq: i64,
    /// Who played it.
    pub trainee: String,
    /// The scenario's content hash (see [`content_hash`]).
    pub content_hash: String,
    /// When it was recorded.
    pub finished_at: String,
    /// The call engine's full result.
    pub result: CallResult,
}

/// One row of the chain that does not check out.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChainProblem {
    /// Its position in the chain.
    pub seq: i64,
    /// The row, e.g. `exam attempt a-17` or `call attempt 4 (scenario-id)`.
    pub row: String,
    /// What is wrong.
    pub reason: String,
}

impl std::fmt::Display for ChainProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "#{} {}: {}", self.seq, self.row, self.reason)
    }
}

/// The result of walking the chain.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Verification {
    /// Rows checked (attempts and deletion entries).
    pub checked: usize,
    /// Rows that do not check out, in chain order.
    pub problems: Vec<ChainProblem>,
    /// The deletion entries found, in chain order (rows they removed are not problems).
    pub deletions: Vec<Deletion>,
}

impl Verification {
    /// Whether every row checked out.
    pub fn ok(&self) -> bool {
        self.problems.is_empty()
    }
}

/// A scenario's content hash: BLAKE3 of the scenario file's bytes, hex. It names the exact
/// version played; any edit to the file gives a different hash.
pub fn content_hash(bytes: &[u8]) -> String {
    blake3::hash(bytes).to_hex().to_string()
}

/// The chain hash of a row: BLAKE3 over the previous hash and each field, each prefixed by its
/// length so fields cannot run into each other.
pub(crate) fn chain_hash(prev: &str, fields: &[&str]) -> String {
    let mut h = blake3::Hasher::new();
    for f in std::iter::once(&prev).chain(fields) {
        h.update(&(f.len() as u64).to_le_bytes());
        h.update(f.as_bytes());
    }
    h.finalize().to_hex().to_string()
}

pub(crate) fn now() -> String {
    Utc::now().to_rfc3339_opts(SecondsFormat::Millis, true)
}

/// The records store. Clones share one connection and one queue of attempts waiting to be
/// written (see [`Store::retry_pending`]).
#[derive(Debug, Clone)]
pub struct Store {
    path: PathBuf,
    conn: Arc<Mutex<Connection>>,
    pending: Arc<Mutex<pending::Pending>>,
}

impl Store {
    /// Opens (creating if missing) `dir/rightparty.sqlite3` and migrates it to
    /// [`SCHEMA_VERSION`].
    pub fn open(dir: &Path) -> Result<Store, Error> {
        std::fs::create_dir_all(dir).map_err(|source| Error::CreateDir {
            path: dir.to_path_buf(),
            source,
        })?;
        let path = dir.join(FILE_NAME);
        let open_err = |source: rusqlite::Error| Error::Open {
            cause: pending::open_cause(&path, &source),
            path: path.clone(),
            source: Box::new(source),
            backup: latest_backup(dir),
        };
        let mut conn = Connection::open(&path).map_err(open_err)?;
        conn.busy_timeout(BUSY_TIMEOUT).map_err(open_err)?;
        // The first read of a file that is not a database fails here, with its path.
        let found: u32 = conn
            .query_row("PRAGMA user_version", [], |r| r.get(0))
            .map_err(open_err)?;
        if found > SCHEMA_VERSION {
            return Err(Error::NewerSchema {
                path,
                found,
                known: SCHEMA_VERSION,
                backup: latest_backup(dir),
            });
        }
        wal(&conn).map_err(open_err)?;
        conn.pragma_update(None, "foreign_keys", true)
            .map_err(open_err)?;
        migrate(&mut conn, &path, found)?;
        Ok(Store {
            path,
            conn: Arc::new(Mutex::new(conn)),
            pending: Arc::default(),
        })
    }

    /// The database file.
    pub fn path(&self) -> &Path {
        &self.path
    }

    pub(crate) fn lock(&self) -> Result<MutexGuard<'_, Connection>, Error> {
        self.conn.lock().map_err(|_| Error::Poisoned)
    }

    pub(crate) fn sql(&self) -> impl Fn(rusqlite::Error) -> Error + '_ {
        |source| Error::Sql {
            path: self.path.clone(),
            source,
        }
    }

    pub(crate) fn json(&self) -> impl Fn(serde_json::Error) -> Error + '_ {
        |source| Error::Json {
            path: self.path.clone(),
            source,
        }
    }

    /// The file's schema version.
    pub fn schema_version(&self) -> Result<u32, Error> {
        self.lock()?
            .query_row("PRAGMA user_version", [], |r| r.get(0))
            .map_err(self.sql())
    }

    /// The trainee of that name, created on first use (the name is checked first:
    /// [`check_trainee_name`]).
    pub fn trainee(&self, name: &str) -> Result<Trainee, Error> {
        check_trainee_name(name).map_err(Error::Invalid)?;
        let conn = self.lock()?;
        trainee_id(&conn, name).map_err(self.sql())?;
        find_trainee(&conn, name)
            .map_err(self.sql())?
            .ok_or_else(|| Error::Sql {
                path: self.path.clone(),
                source: rusqlite::Error::QueryReturnedNoRows,
            })
    }

    /// The trainee of that name, if there is one.
    pub fn find_trainee(&self, name: &str) -> Result<Option<Trainee>, Error> {
        find_trainee(&*self.lock()?, name).map_err(self.sql())
    }

    /// Every trainee, by name.
    pub fn trainees(&self) -> Result<Vec<Trainee>, Error> {
        let conn = self.lock()?;
        let mut stmt = conn
            .prepare("SELECT id, name, cohort, extra_time FROM trainees ORDER BY name")
            .map_err(self.sql())?;
        let rows = stmt
            .query_map([], |r| {
                Ok(Trainee {
                    id: r.get(0)?,
                    name: r.get(1)?,
                    cohort: r.get(2)?,
                    extra_time: r.get(3)?,
                })
            })
            .map_err(self.sql())?;
        rows.collect::<rusqlite::Result<Vec<_>>>()
            .map_err(self.sql())
    }

    /// Sets a trainee's cohort and extra-time factor (creating the trainee if needed).
    pub fn set_trainee(
        &self,
        name: &str,
        cohort: Option<&str>,
        extra_time: f64,
    ) -> Result<Trainee, Error> {
        check_trainee_name(name).map_err(Error::Invalid)?;
        let max = crate::exam::session::MAX_EXTRA_TIME;
        if !extra_time.is_finite() || !(1.0..=max).contains(&extra_time) {
            return Err(Error::Invalid(format!(
                "extra time must be a factor from 1.0 to {max} (e.g. 1.5), not {extra_time}"
            )));
        }
        {
            let conn = self.lock()?;
            let id = trainee_id(&conn, name).map_err(self.sql())?;
            conn.execute(
                "UPDATE trainees SET cohort = ?1, extra_time = ?2 WHERE id = ?3",
                params![cohort, extra_time, id],
            )
            .map_err(self.sql())?;
        }
        self.trainee(name)
    }

    /// Records a finished exam attempt at the end of the chain. Recording the same attempt
    /// again with the same content changes nothing; with other content it appends a revision,
    /// which then replaces the earlier one in [`Store::exam_attempts`] (the chain keeps both).
    ///
    /// When the file cannot be written (read-only, disk full, I/O error) the attempt is kept in
    /// memory and [`Error::Unsaved`] says where and why; see [`Store::retry_pending`].
    pub fn record_exam(&self, rec: &AttemptRecord) -> Result<(), Error> {
        self.write_or_queue(pending::Write::Exam(Box::new(rec.clone())))
            .map(|_| ())
    }

    fn write_exam(&self, rec: &AttemptRecord) -> Result<(), Error> {
        let json = rec.to_json()?;
        let mut conn = self.lock()?;
        let tx = conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(self.sql())?;
        let latest: Option<String> = tx
            .query_row(
                "SELECT json FROM exam_attempts WHERE attempt_id = ?1 ORDER BY seq DESC LIMIT 1",
                [&rec.attempt_id],
                |r| r.get(0),
            )
            .optional()
            .map_err(self.sql())?;
        if latest.as_deref() == Some(json.as_str()) {
            return Ok(());
        }
        let trainee = trainee_id(&tx, &rec.trainee).map_err(self.sql())?;
        let (seq, prev) = chain_head(&tx).map_err(self.sql())?;
        let row = ExamRow {
            seq,
            attempt_id: rec.attempt_id.clone(),
            trainee_id: trainee,
            blueprint_id: rec.blueprint_id.clone(),
            score_percent: rec.score_percent,
            passed: rec.passed,
            finished_at: rec.finished_at.to_rfc3339_opts(SecondsFormat::Millis, true),
            json,
            prev_hash: prev,
            hash: String::new(),
        };
        let hash = row.compute_hash();
        tx.execute(
            "INSERT INTO exam_attempts (seq, attempt_id, trainee_id, blueprint_id, score_percent,
                 passed, finished_at, json, prev_hash, hash)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
            params![
                row.seq,
                row.attempt_id,
                row.trainee_id,
                row.blueprint_id,
                row.score_percent,
                row.passed,
                row.finished_at,
                row.json,
                row.prev_hash,
                hash
            ],
        )
        .map_err(self.sql())?;
        // A first record moves the cards on; a revision replays the trainee's history.
        if latest.is_some() || !sr::apply(&tx, &self.path, trainee, rec)? {
            sr::rebuild(&tx, &self.path, trainee)?;
        }
        tx.commit().map_err(self.sql())
    }

    /// Finished exam attempts (the latest revision of each), of one trainee or of everyone,
    /// in the order they were first recorded.
    pub fn exam_attempts(&self, trainee: Option<&str>) -> Result<Vec<AttemptRecord>, Error> {
        let texts: Vec<(String, String)> = {
            let conn = self.lock()?;
            let mut stmt = conn
                .prepare(
                    "SELECT e.attempt_id, e.json FROM exam_attempts e
                     JOIN trainees t ON t.id = e.trainee_id
                     WHERE ?1 IS NULL OR t.name = ?1
                     ORDER BY e.seq",
                )
                .map_err(self.sql())?;
            stmt.query_map([trainee], |r| Ok((r.get(0)?, r.get(1)?)))
                .map_err(self.sql())?
                .collect::<Result<_, _>>()
                .map_err(self.sql())?
        };
        let mut order: Vec<String> = Vec::new();
        let mut latest = std::collections::HashMap::new();
        for (id, json) in texts {
            if latest.insert(id.clone(), json).is_none() {
                order.push(id);
            }
        }
        order
            .iter()
            .map(|id| Ok(AttemptRecord::from_json(&latest[id])?))
            .collect()
    }

    /// Records a finished call at the end of the chain, for `trainee` (created on first use).
    /// `content_hash` names the scenario version played (see [`content_hash`]). Returns the
    /// row's position in the chain.
    ///
    /// When the file cannot be written (read-only, disk full, I/O error) the call is kept in
    /// memory and [`Error::Unsaved`] says where and why; see [`Store::retry_pending`].
    pub fn record_call(
        &self,
        trainee: &str,
        result: &CallResult,
        content_hash: &str,
    ) -> Result<i64, Error> {
        let write = pending::Write::Call {
            trainee: trainee.to_string(),
            result: Box::new(result.clone()),
            content_hash: content_hash.to_string(),
        };
        self.write_or_queue(write)
            .map(|seq| seq.unwrap_or_default())
    }

    fn write_call(
        &self,
        trainee: &str,
        result: &CallResult,
        content_hash: &str,
    ) -> Result<i64, Error> {
        let json = serde_json::to_string(result).map_err(self.json())?;
        let outcome = serde_json::to_value(result.outcome).map_err(self.json())?;
        let outcome = outcome
            .as_str()
            .map_or_else(|| outcome.to_string(), str::to_string);
        let mut conn = self.lock()?;
        let tx = conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(self.sql())?;
        let trainee_id = trainee_id(&tx, trainee).map_err(self.sql())?;
        let (seq, prev) = chain_head(&tx).map_err(self.sql())?;
        let row = CallRow {
            seq,
            trainee_id,
            scenario_id: result.scenario.clone(),
            content_hash: content_hash.to_string(),
            // SQLite integers are signed: the seed's bits are kept as they are.
            seed: result.seed as i64,
            negotiation: result.scores.negotiation,
            composure: result.scores.composure,
            compliance: result.scores.compliance,
            passed: result.passed,
            outcome,
            finished_at: now(),
            json,
            prev_hash: prev,
            hash: String::new(),
        };
        let hash = row.compute_hash();
        tx.execute(
            "INSERT INTO call_attempts (seq, trainee_id, scenario_id, content_hash, seed,
                 negotiation, composure, compliance, passed, outcome, finished_at, json,
                 prev_hash, hash)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)",
            params![
                row.seq,
                row.trainee_id,
                row.scenario_id,
                row.content_hash,
                row.seed,
                row.negotiation,
                row.composure,
                row.compliance,
                row.passed,
                row.outcome,
                row.finished_at,
                row.json,
                row.prev_hash,
                hash
            ],
        )
        .map_err(self.sql())?;
        // The call is over: it is no longer in progress.
        tx.execute(
            "DELETE FROM calls_in_progress WHERE trainee_id = ?1 AND scenario_id = ?2",
            params![trainee_id, result.scenario],
        )
        .map_err(self.sql())?;
        tx.commit().map_err(self.sql())?;
        Ok(seq)
    }

    /// Recorded calls, of one trainee or of everyone, oldest first.
    pub fn call_attempts(&self, trainee: Option<&str>) -> Result<Vec<CallAttempt>, Error> {
        let rows: Vec<(i64, String, String, String, String)> = {
            let conn = self.lock()?;
            let mut stmt = conn
                .prepare(
                    "SELECT c.seq, t.name, c.content_hash, c.finished_at, c.json
                     FROM call_attempts c JOIN trainees t ON t.id = c.trainee_id
                     WHERE ?1 IS NULL OR t.name = ?1
                     ORDER BY c.seq",
                )
                .map_err(self.sql())?;
            stmt.query_map([trainee], |r| {
                Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?))
            })
            .map_err(self.sql())?
            .collect::<Result<_, _>>()
            .map_err(self.sql())?
        };
        rows.into_iter()
            .map(|(seq, trainee, content_hash, finished_at, json)| {
                Ok(CallAttempt {
                    seq,
                    trainee,
                    content_hash,
                    finished_at,
                    result: serde_json::from_str(&json).map_err(self.json())?,
                })
            })
            .collect()
    }

    /// Walks the attempt chain and names every row whose content no longer matches its hash,
    /// whose link to the previous row is broken, or that is missing from the sequence.
    pub fn verify(&self) -> Result<Verification, Error> {
        let conn = self.lock()?;
        // (seq, row name, its link, its stored hash, whether its content matches the hash)
        let mut rows: Vec<(i64, String, String, String, bool)> = Vec::new();
        let mut problems_pre = Vec::new();
        {
            let mut stmt = conn
                .prepare(
                    "SELECT seq, attempt_id, trainee_id, blueprint_id, score_percent, passed,
                            finished_at, json, prev_hash, hash FROM exam_attempts",
                )
                .map_err(self.sql())?;
            let exam = stmt
                .query_map([], |r| {
                    Ok(ExamRow {
                        seq: r.get(0)?,
                        attempt_id: r.get(1)?,
                        trainee_id: r.get(2)?,
                        blueprint_id: r.get(3)?,
                        score_percent: r.get(4)?,
                        passed: r.get(5)?,
                        finished_at: r.get(6)?,
                        json: r.get(7)?,
                        prev_hash: r.get(8)?,
                        hash: r.get(9)?,
                    })
                })
                .map_err(self.sql())?;
            for row in exam {
                let row = row.map_err(self.sql())?;
                let name = format!("exam attempt {}", row.attempt_id);
                let ok = row.compute_hash() == row.hash;
                rows.push((row.seq, name, row.prev_hash, row.hash, ok));
            }
            let mut stmt = conn
                .prepare(
                    "SELECT seq, trainee_id, scenario_id, content_hash, seed, negotiation,
                            composure, compliance, passed, outcome, finished_at, json,
                            prev_hash, hash FROM call_attempts",
                )
                .map_err(self.sql())?;
            let calls = stmt
                .query_map([], |r| {
                    Ok(CallRow {
                        seq: r.get(0)?,
                        trainee_id: r.get(1)?,
                        scenario_id: r.get(2)?,
                        content_hash: r.get(3)?,
                        seed: r.get(4)?,
                        negotiation: r.get(5)?,
                        composure: r.get(6)?,
                        compliance: r.get(7)?,
                        passed: r.get(8)?,
                        outcome: r.get(9)?,
                        finished_at: r.get(10)?,
                        json: r.get(11)?,
                        prev_hash: r.get(12)?,
                        hash: r.get(13)?,
                    })
                })
                .map_err(self.sql())?;
            for row in calls {
                let row = row.map_err(self.sql())?;
                let name = format!("call attempt #{} ({})", row.seq, row.scenario_id);
                let ok = row.compute_hash() == row.hash;
                rows.push((row.seq, name, row.prev_hash, row.hash, ok));
            }
        }
        let deletion_rows = erase::deletion_rows(&conn).map_err(self.sql())?;
        // Rows removed by a recorded deletion: their hashes stand in for them in the chain.
        let mut removed = std::collections::HashMap::new();
        let mut deletions = Vec::new();
        for d in deletion_rows {
            let name = format!("deletion entry #{} ({})", d.seq, d.trainee);
            let ok = d.compute_hash() == d.hash;
            let entry = d.entry();
            match &entry {
                Ok(e) => {
                    removed.extend(e.removed_rows.iter().map(|(s, h)| (*s, h.clone())));
                    deletions.push(e.clone());
                }
                Err(reason) => problems_pre.push(ChainProblem {
                    seq: d.seq,
                    row: name.clone(),
                    reason: reason.clone(),
                }),
            }
            rows.push((d.seq, name, d.prev_hash, d.hash, ok));
        }
        rows.sort_by_key(|r| r.0);
        let mut problems = problems_pre;
        let mut expected_seq = 1;
        let mut prev_hash = GENESIS.to_string();
        for (seq, row, prev, hash, matches) in &rows {
            // Skip over rows a deletion entry accounts for.
            while *seq > expected_seq
                && let Some(h) = removed.get(&expected_seq)
            {
                prev_hash = h.clone();
                expected_seq += 1;
            }
            if *seq != expected_seq {
                problems.push(ChainProblem {
                    seq: *seq,
                    row: row.clone(),
                    reason: if seq - 1 == expected_seq {
                        format!(
                            "row #{expected_seq} before it is missing (deleted outside the app)"
                        )
                    } else {
                        format!(
                            "rows #{expected_seq} to #{} before it are missing (deleted outside \
                             the app)",
                            seq - 1
                        )
                    },
                });
            } else if *prev != prev_hash {
                problems.push(ChainProblem {
                    seq: *seq,
                    row: row.clone(),
                    reason: "does not follow the previous row (a row before it was replaced \
                             or inserted outside the app)"
                        .to_string(),
                });
            }
            if !matches {
                problems.push(ChainProblem {
                    seq: *seq,
                    row: row.clone(),
                    reason: "edited after it was recorded: its content does not match its hash"
                        .to_string(),
                });
            }
            prev_hash = hash.clone();
            expected_seq = seq + 1;
        }
        problems.sort_by_key(|p| p.seq);
        Ok(Verification {
            checked: rows.len(),
            problems,
            deletions,
        })
    }
}

/// Turns on WAL (it stays on in the file). Switching needs a moment alone with the file and
/// SQLite does not wait for that through the busy timeout, so a busy switch is retried, up to
/// the busy timeout, when another process is opening the same new file.
fn wal(conn: &Connection) -> rusqlite::Result<()> {
    let start = std::time::Instant::now();
    loop {
        let mode = conn.query_row("PRAGMA journal_mode = WAL", [], |r| r.get::<_, String>(0));
        match mode {
            Ok(_) => return Ok(()),
            Err(rusqlite::Error::SqliteFailure(e, _))
                if e.code == rusqlite::ErrorCode::DatabaseBusy
                    && start.elapsed() < BUSY_TIMEOUT =>
            {
                std::thread::sleep(Duration::from_millis(5));
            }
            Err(e) => return Err(e),
        }
    }
}

/// Applies the migrations after `found`, in order, each in its own transaction, after a backup
/// copy of a non-empty database.
fn migrate(conn: &mut Connection, path: &Path, found: u32) -> Result<(), Error> {
    if found == SCHEMA_VERSION {
        return Ok(());
    }
    let sql = |source| Error::Sql {
        path: path.to_path_buf(),
        source,
    };
    let objects: i64 = conn
        .query_row("SELECT count(*) FROM sqlite_master", [], |r| r.get(0))
        .map_err(sql)?;
    if objects > 0 {
        let stamp = Utc::now().format("%Y%m%dT%H%M%S%.3fZ");
        let backup = path.with_file_name(format!("{FILE_NAME}.v{found}.{stamp}.bak"));
        conn.execute("VACUUM INTO ?1", [backup.to_string_lossy()])
            .map_err(|source| Error::Backup {
                path: path.to_path_buf(),
                backup: backup.clone(),
                source,
            })?;
    }
    for (i, step) in schema::MIGRATIONS.iter().enumerate().skip(found as usize) {
        let version = i as u32 + 1;
        let fail = |source| Error::Migrate {
            path: path.to_path_buf(),
            version,
            source,
        };
        let tx = conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(fail)?;
        // Another process opening the same new file may have applied it while this one waited.
        let now_at: u32 = tx
            .query_row("PRAGMA user_version", [], |r| r.get(0))
            .map_err(fail)?;
        if now_at >= version {
            continue;
        }
        tx.execute_batch(step).map_err(fail)?;
        after_migration(&tx, path, version)?;
        tx.pragma_update(None, "user_version", version)
            .map_err(fail)?;
        tx.commit().map_err(fail)?;
    }
    Ok(())
}

/// Work a migration needs beyond its SQL, in the same transaction: version 2 builds the
/// spaced-repetition cards of the attempts already recorded.
fn after_migration(conn: &Connection, path: &Path, version: u32) -> Result<(), Error> {
    if version == 2 {
        let ids: Vec<i64> = {
            let mut stmt = conn
                .prepare("SELECT id FROM trainees ORDER BY id")
                .map_err(|source| Error::Migrate {
                    path: path.to_path_buf(),
                    version,
                    source,
                })?;
            stmt.query_map([], |r| r.get(0))
                .and_then(|rows| rows.collect::<Result<_, _>>())
                .map_err(|source| Error::Migrate {
                    path: path.to_path_buf(),
                    version,
                    source,
                })?
        };
        for id in ids {
            sr::rebuild(conn, path, id)?;
        }
    }
    Ok(())
}

pub(crate) fn find_trainee(conn: &Connection, name: &str) -> rusqlite::Result<Option<Trainee>> {
    conn.query_row(
        "SELECT id, name, cohort, extra_time FROM trainees WHERE name = ?1",
        [name],
        |r| {
            Ok(Trainee {
                id: r.get(0)?,
                name: r.get(1)?,
                cohort: r.get(2)?,
                extra_time: r.get(3)?,
            })
        },
    )
    .optional()
}

/// The trainee's row id, creating the trainee on first use.
/// The longest trainee name, in characters.
pub const MAX_TRAINEE_NAME: usize = 100;

/// Why `name` cannot be a new trainee's name, if it cannot: names are shown in reports and
/// certificates and sent to a learning record store, so an empty or blank name, one with
/// spaces around it, control characters (tabs, line breaks, escape codes) or more than
/// [`MAX_TRAINEE_NAME`] characters is refused.
pub fn check_trainee_name(name: &str) -> Result<(), String> {
    if name.trim().is_empty() {
        return Err("a trainee name cannot be empty or only spaces".into());
    }
    if name.trim() != name {
        return Err(format!(
            "a trainee name cannot start or end with spaces: did you mean `{}`?",
            name.trim()
        ));
    }
    if name.chars().any(char::is_control) {
        return Err(
            "a trainee name cannot contain control characters (tabs, line breaks, escape codes)"
                .into(),
        );
    }
    let n = name.chars().count();
    if n > MAX_TRAINEE_NAME {
        return Err(format!(
            "a trainee name can be at most {MAX_TRAINEE_NAME} characters, not {n}"
        ));
    }
    Ok(())
}

pub(crate) fn trainee_id(conn: &Connection, name: &str) -> rusqlite::Result<i64> {
    conn.execute(
        "INSERT OR IGNORE INTO trainees (name, created_at) VALUES (?1, ?2)",
        params![name, now()],
    )?;
    conn.query_row("SELECT id FROM trainees WHERE name = ?1", [name], |r| {
        r.get(0)
    })
}

/// The next position in the chain and the hash it links to.
pub(crate) fn chain_head(conn: &Connection) -> rusqlite::Result<(i64, String)> {
    let last: Option<(i64, String)> = conn
        .query_row(
            "SELECT seq, hash FROM (
                 SELECT seq, hash FROM exam_attempts
                 UNION ALL SELECT seq, hash FROM call_attempts
                 UNION ALL SELECT seq, hash FROM deletions)
             ORDER BY seq DESC LIMIT 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?;
    Ok(match last {
        Some((seq, hash)) => (seq + 1, hash),
        None => (1, GENESIS.to_string()),
    })
}

struct ExamRow {
    seq: i64,
    attempt_id: String,
    trainee_id: i64,
    blueprint_id: String,
    score_percent: f64,
    passed: bool,
    finished_at: String,
    json: String,
    prev_hash: String,
    hash: String,
}

impl ExamRow {
    fn compute_hash(&self) -> String {
        chain_hash(
            &self.prev_hash,
            &[
                "exam",
                &self.seq.to_string(),
                &self.attempt_id,
                &self.trainee_id.to_string(),
                &self.blueprint_id,
                &self.score_percent.to_string(),
                &self.passed.to_string(),
                &self.finished_at,
                &self.json,
            ],
        )
    }
}

struct CallRow {
    seq: i64,
    trainee_id: i64,
    scenario_id: String,
    content_hash: String,
    seed: i64,
    negotiation: u32,
    composure: u32,
    compliance: u32,
    passed: bool,
    outcome: String,
    finished_at: String,
    json: String,
    prev_hash: String,
    hash: String,
}

impl CallRow {
    fn compute_hash(&self) -> String {
        chain_hash(
            &self.prev_hash,
            &[
                "call",
                &self.seq.to_string(),
                &self.trainee_id.to_string(),
                &self.scenario_id,
                &self.content_hash,
                &self.seed.to_string(),
                &self.negotiation.to_string(),
                &self.composure.to_string(),
                &self.compliance.to_string(),
                &self.passed.to_string(),
                &self.outcome,
                &self.finished_at,
                &self.json,
            ],
        )
    }
}

fn backend(e: Error) -> StoreError {
    match e {
        Error::Exam(e) => e,
        e => StoreError::Backend(e.to_string()),
    }
}

impl SessionSaver for Store {
    fn save(&mut self, state: &SessionState) -> Result<(), StoreError> {
        let json = state.to_json()?;
        let conn = self.lock().map_err(backend)?;
        conn.execute(
            "INSERT INTO exam_sessions (attempt_id, trainee, submitted, json, saved_at)
             VALUES (?1, ?2, ?3, ?4, ?5)
             ON CONFLICT (attempt_id) DO UPDATE SET
                 trainee = excluded.trainee, submitted = excluded.submitted,
                 json = excluded.json, saved_at = excluded.saved_at",
            params![
                state.attempt_id,
                state.trainee,
                state.phase == Phase::Submitted,
                json,
                now()
            ],
        )
        .map_err(|e| backend(self.sql()(e)))?;
        Ok(())
    }

    fn load(&self, attempt_id: &str) -> Result<Option<SessionState>, StoreError> {
        let json: Option<String> = self
            .lock()
            .map_err(backend)?
            .query_row(
                "SELECT json FROM exam_sessions WHERE attempt_id = ?1",
                [attempt_id],
                |r| r.get(0),
            )
            .optional()
            .map_err(|e| backend(self.sql()(e)))?;
        json.map(|j| SessionState::from_json(&j)).transpose()
    }

    fn unfinished(&self, trainee: &str) -> Result<Vec<String>, StoreError> {
        let conn = self.lock().map_err(backend)?;
        let sql = |e| backend(self.sql()(e));
        let mut stmt = conn
            .prepare(
                "SELECT attempt_id FROM exam_sessions WHERE trainee = ?1 AND NOT submitted
                 ORDER BY rowid",
            )
            .map_err(sql)?;
        stmt.query_map([trainee], |r| r.get(0))
            .map_err(sql)?
            .collect::<Result<_, _>>()
            .map_err(sql)
    }
}

impl History for Store {
    fn record(&mut self, attempt: &AttemptRecord) -> Result<(), StoreError> {
        self.record_exam(attempt).map_err(backend)
    }

    fn attempts(&self, trainee: Option<&str>) -> Result<Vec<AttemptRecord>, StoreError> {
        self.exam_attempts(trainee).map_err(backend)
    }
}
