//! The database schema as an ordered list of migrations; `PRAGMA user_version` holds how many
//! have been applied. Append new migrations; never edit a released one.

/// Migration `i` (0-based) takes the schema from version `i` to version `i + 1`.
pub(crate) const MIGRATIONS: &[&str] = &[
    // 1: trainees, exam sessions in progress, exam and call attempts in one hash chain.
    r#"
    CREATE TABLE trainees (
        id          INTEGER PRIMARY KEY,
        name        TEXT NOT NULL UNIQUE,
        cohort      TEXT,
        extra_time  REAL NOT NULL DEFAULT 1.0,
        created_at  TEXT NOT NULL
    );
    CREATE TABLE exam_sessions (
        attempt_id  TEXT PRIMARY KEY,
        trainee     TEXT NOT NULL,
        submitted   INTEGER NOT NULL,
        json        TEXT NOT NULL,
        saved_at    TEXT NOT NULL
    );
    CREATE INDEX exam_sessions_trainee ON exam_sessions (trainee, submitted);
    CREATE TABLE exam_attempts (
        seq            INTEGER NOT NULL UNIQUE,
        attempt_id     TEXT NOT NULL,
        trainee_id     INTEGER NOT NULL REFERENCES trainees (id),
        blueprint_id   TEXT NOT NULL,
        score_percent  REAL NOT NULL,
        passed         INTEGER NOT NULL,
        finished_at    TEXT NOT NULL,
        json           TEXT NOT NULL,
        prev_hash      TEXT NOT NULL,
        hash           TEXT NOT NULL
    );
    CREATE INDEX exam_attempts_trainee ON exam_attempts (trainee_id, finished_at);
    CREATE INDEX exam_attempts_id ON exam_attempts (attempt_id);
    CREATE TABLE call_attempts (
        seq           INTEGER NOT NULL UNIQUE,
        trainee_id    INTEGER NOT NULL REFERENCES trainees (id),
        scenario_id   TEXT NOT NULL,
        content_hash  TEXT NOT NULL,
        seed          INTEGER NOT NULL,
        negotiation   INTEGER NOT NULL,
        composure     INTEGER NOT NULL,
        compliance    INTEGER NOT NULL,
        passed        INTEGER NOT NULL,
        outcome       TEXT NOT NULL,
        finished_at   TEXT NOT NULL,
        json          TEXT NOT NULL,
        prev_hash     TEXT NOT NULL,
        hash          TEXT NOT NULL
    );
    CREATE INDEX call_attempts_trainee ON call_attempts (trainee_id, finished_at);
    "#,
];

/// The schema version this build writes and reads.
pub const SCHEMA_VERSION: u32 = MIGRATIONS.len() as u32;
