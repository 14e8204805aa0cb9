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
    // 2: calls in progress, spaced-repetition cards, certifications, and deletion entries in the
    // chain. (The cards of existing attempts are filled in by `super::after_migration`.)
    r#"
    CREATE TABLE calls_in_progress (
        trainee_id    INTEGER PRIMARY KEY REFERENCES trainees (id),
        scenario_id   TEXT NOT NULL,
        content_hash  TEXT NOT NULL,
        mode          TEXT NOT NULL,
        state_json    TEXT NOT NULL,
        updated_at    TEXT NOT NULL
    );
    CREATE TABLE sr_cards (
        trainee_id    INTEGER NOT NULL REFERENCES trainees (id),
        question_id   TEXT NOT NULL,
        due           TEXT NOT NULL,
        stability     REAL NOT NULL,
        difficulty    REAL NOT NULL,
        elapsed_days  INTEGER NOT NULL,
        scheduled_days INTEGER NOT NULL,
        reps          INTEGER NOT NULL,
        lapses        INTEGER NOT NULL,
        state         TEXT NOT NULL,
        last_review   TEXT NOT NULL,
        PRIMARY KEY (trainee_id, question_id)
    );
    CREATE INDEX sr_cards_due ON sr_cards (trainee_id, due);
    CREATE TABLE certifications (
        id               INTEGER PRIMARY KEY,
        trainee_id       INTEGER NOT NULL REFERENCES trainees (id),
        credential_id    TEXT NOT NULL,
        credential_name  TEXT NOT NULL,
        earned_on        TEXT NOT NULL,
        renewal_years    INTEGER,
        renewal_source   TEXT,
        renewal_due      TEXT,
        added_at         TEXT NOT NULL,
        UNIQUE (trainee_id, credential_id, earned_on)
    );
    CREATE INDEX certifications_due ON certifications (renewal_due);
    CREATE TABLE deletions (
        seq            INTEGER NOT NULL UNIQUE,
        trainee        TEXT NOT NULL,
        requested_by   TEXT NOT NULL,
        deleted_at     TEXT NOT NULL,
        removed_hash   TEXT NOT NULL,
        removed_rows   TEXT NOT NULL,
        summary        TEXT NOT NULL,
        prev_hash      TEXT NOT NULL,
        hash           TEXT NOT NULL
    );
    "#,
];

/// The schema version this build writes and reads.
pub const SCHEMA_VERSION: u32 = MIGRATIONS.len() as u32;
