//! Calls in progress: one per trainee, the call engine's saved run state with the scenario's
//! id and content hash, so a call can be resumed after the app or the terminal closes.
//! Recording the finished call ([`Store::record_call`]) clears it.

use rusqlite::{OptionalExtension, params};
use serde::{Deserialize, Serialize};

use super::{Error, Store, now, trainee_id};
use crate::call::runner::RunState;

/// A call saved mid-way.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CallInProgress {
    /// Who is playing it.
    pub trainee: String,
    /// The scenario's id.
    pub scenario_id: String,
    /// The content hash of the scenario version being played (see [`super::content_hash`]).
    pub content_hash: String,
    /// How it is being played, as the caller names it (e.g. `practice`).
    pub mode: String,
    /// The call engine's state.
    pub state: RunState,
    /// When it was last saved.
    pub updated_at: String,
}

type Row = (String, String, String, String, String, String);

/// The six selected columns of a call in progress, as read.
fn raw_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<Row> {
    Ok((
        r.get(0)?,
        r.get(1)?,
        r.get(2)?,
        r.get(3)?,
        r.get(4)?,
        r.get(5)?,
    ))
}

impl Store {
    /// Saves (replaces) the trainee's call in progress, creating the trainee on first use.
    pub fn save_call_in_progress(
        &self,
        trainee: &str,
        content_hash: &str,
        mode: &str,
        state: &RunState,
    ) -> Result<(), Error> {
        let json = serde_json::to_string(state).map_err(self.json())?;
        let conn = self.lock()?;
        let id = trainee_id(&conn, trainee).map_err(self.sql())?;
        conn.execute(
            "INSERT INTO calls_in_progress (trainee_id, scenario_id, content_hash, mode,
                 state_json, updated_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)
             ON CONFLICT (trainee_id) DO UPDATE SET
                 scenario_id = excluded.scenario_id, content_hash = excluded.content_hash,
                 mode = excluded.mode, state_json = excluded.state_json,
                 updated_at = excluded.updated_at",
            params![id, state.scenario, content_hash, mode, json, now()],
        )
        .map_err(self.sql())?;
        Ok(())
    }

    /// The trainee's call in progress, if any.
    pub fn call_in_progress(&self, trainee: &str) -> Result<Option<CallInProgress>, Error> {
        let row: Option<Row> = self
            .lock()?
            .query_row(
                "SELECT t.name, c.scenario_id, c.content_hash, c.mode, c.state_json, c.updated_at
                 FROM calls_in_progress c JOIN trainees t ON t.id = c.trainee_id
                 WHERE t.name = ?1",
                [trainee],
                raw_row,
            )
            .optional()
            .map_err(self.sql())?;
        row.map(|r| self.call_row(r)).transpose()
    }

    /// Every trainee's call in progress, most recently saved first.
    pub fn calls_in_progress(&self) -> Result<Vec<CallInProgress>, Error> {
        let rows: Vec<Row> = {
            let conn = self.lock()?;
            let mut stmt = conn
                .prepare(
                    "SELECT t.name, c.scenario_id, c.content_hash, c.mode, c.state_json,
                            c.updated_at
                     FROM calls_in_progress c JOIN trainees t ON t.id = c.trainee_id
                     ORDER BY c.updated_at DESC, t.name",
                )
                .map_err(self.sql())?;
            stmt.query_map([], raw_row)
                .and_then(|rows| rows.collect::<Result<_, _>>())
                .map_err(self.sql())?
        };
        rows.into_iter().map(|r| self.call_row(r)).collect()
    }

    /// Forgets the trainee's call in progress (nothing happens when there is none).
    pub fn clear_call_in_progress(&self, trainee: &str) -> Result<(), Error> {
        self.lock()?
            .execute(
                "DELETE FROM calls_in_progress
                 WHERE trainee_id = (SELECT id FROM trainees WHERE name = ?1)",
                [trainee],
            )
            .map_err(self.sql())?;
        Ok(())
    }

    fn call_row(&self, r: Row) -> Result<CallInProgress, Error> {
        Ok(CallInProgress {
            trainee: r.0,
            scenario_id: r.1,
            content_hash: r.2,
            mode: r.3,
            state: serde_json::from_str(&r.4).map_err(self.json())?,
            updated_at: r.5,
        })
    }
}
