//! Spaced-repetition cards per trainee and question. The exam engine's drills rebuild a card by
//! replaying the question's results from the history (`exam::drill::card_for`), so the history
//! stays the source of truth; this table keeps the replayed cards so "what is due" is one
//! query. Recording an exam attempt moves the cards of its questions on by its results, in the
//! same transaction; a revised attempt, or one older than a card's last review, rebuilds the
//! trainee's cards from the history instead (as does the migration to schema version 2), so
//! the cards always equal the replay.

use std::collections::{BTreeMap, HashMap};
use std::path::Path;

use chrono::{DateTime, SecondsFormat, Utc};
use rs_fsrs::{Card, Rating, State};
use rusqlite::{Connection, OptionalExtension, params};
use serde::{Deserialize, Serialize};

use super::{Error, Store};
use crate::exam::AttemptRecord;
use crate::exam::drill::{card_for, scheduler};

/// One question's spaced-repetition card for one trainee.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SrCard {
    /// The question's id.
    pub question_id: String,
    /// When it is next due.
    pub due: DateTime<Utc>,
    /// FSRS stability (days).
    pub stability: f64,
    /// FSRS difficulty.
    pub difficulty: f64,
    /// Times answered.
    pub reps: i32,
    /// Times forgotten after being learned.
    pub lapses: i32,
    /// FSRS state: New, Learning, Review or Relearning.
    pub state: String,
    /// When it was last answered.
    pub last_review: DateTime<Utc>,
}

fn time(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Millis, true)
}

/// Replaces the trainee's cards with those replayed from their recorded exam attempts (the
/// latest revision of each).
pub(crate) fn rebuild(conn: &Connection, path: &Path, trainee_id: i64) -> Result<(), Error> {
    let sql = |source| Error::Sql {
        path: path.to_path_buf(),
        source,
    };
    let texts: Vec<(String, String)> = {
        let mut stmt = conn
            .prepare(
                "SELECT attempt_id, json FROM exam_attempts WHERE trainee_id = ?1 ORDER BY seq",
            )
            .map_err(sql)?;
        stmt.query_map([trainee_id], |r| Ok((r.get(0)?, r.get(1)?)))
            .and_then(|rows| rows.collect::<Result<_, _>>())
            .map_err(sql)?
    };
    let latest: HashMap<String, String> = texts.into_iter().collect();
    let mut results: BTreeMap<String, Vec<(DateTime<Utc>, bool)>> = BTreeMap::new();
    for json in latest.values() {
        let rec = AttemptRecord::from_json(json)?;
        for it in &rec.items {
            results
                .entry(it.question_id.clone())
                .or_default()
                .push((rec.finished_at, it.correct));
        }
    }
    conn.execute("DELETE FROM sr_cards WHERE trainee_id = ?1", [trainee_id])
        .map_err(sql)?;
    for (question, history) in &results {
        put(conn, trainee_id, question, &card_for(history)).map_err(sql)?;
    }
    Ok(())
}

/// Writes (replaces) one card.
fn put(conn: &Connection, trainee_id: i64, question: &str, card: &Card) -> rusqlite::Result<()> {
    conn.prepare_cached(
        "INSERT OR REPLACE INTO sr_cards (trainee_id, question_id, due, stability, difficulty,
             elapsed_days, scheduled_days, reps, lapses, state, last_review)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
    )?
    .execute(params![
        trainee_id,
        question,
        time(card.due),
        card.stability,
        card.difficulty,
        card.elapsed_days,
        card.scheduled_days,
        card.reps,
        card.lapses,
        format!("{:?}", card.state),
        time(card.last_review),
    ])?;
    Ok(())
}

/// One stored card as the scheduler's card.
fn get(conn: &Connection, trainee_id: i64, question: &str) -> rusqlite::Result<Option<Card>> {
    conn.prepare_cached(
        "SELECT due, stability, difficulty, elapsed_days, scheduled_days, reps, lapses, state,
                last_review
         FROM sr_cards WHERE trainee_id = ?1 AND question_id = ?2",
    )?
    .query_row(params![trainee_id, question], |r| {
        let state = match r.get::<_, String>(7)?.as_str() {
            "Learning" => State::Learning,
            "Review" => State::Review,
            "Relearning" => State::Relearning,
            _ => State::New,
        };
        Ok(Card {
            due: parse_time(&r.get::<_, String>(0)?)?,
            stability: r.get(1)?,
            difficulty: r.get(2)?,
            elapsed_days: r.get(3)?,
            scheduled_days: r.get(4)?,
            reps: r.get(5)?,
            lapses: r.get(6)?,
            state,
            last_review: parse_time(&r.get::<_, String>(8)?)?,
        })
    })
    .optional()
}

/// Moves the trainee's cards on by a newly recorded attempt's results. Returns `false`, having
/// changed nothing, when a card was last reviewed after the attempt finished (the caller then
/// rebuilds, so the order of results is kept).
pub(crate) fn apply(
    conn: &Connection,
    path: &Path,
    trainee_id: i64,
    rec: &AttemptRecord,
) -> Result<bool, Error> {
    let sql = |source| Error::Sql {
        path: path.to_path_buf(),
        source,
    };
    let fsrs = scheduler();
    let mut next = Vec::with_capacity(rec.items.len());
    for it in &rec.items {
        let card = get(conn, trainee_id, &it.question_id).map_err(sql)?;
        if card
            .as_ref()
            .is_some_and(|c| c.last_review > rec.finished_at)
        {
            return Ok(false);
        }
        let rating = if it.correct {
            Rating::Good
        } else {
            Rating::Again
        };
        let card = fsrs
            .next(card.unwrap_or_default(), rec.finished_at, rating)
            .card;
        next.push((it.question_id.as_str(), card));
    }
    for (question, card) in &next {
        put(conn, trainee_id, question, card).map_err(sql)?;
    }
    Ok(true)
}

fn parse_time(text: &str) -> rusqlite::Result<DateTime<Utc>> {
    DateTime::parse_from_rfc3339(text)
        .map(|t| t.with_timezone(&Utc))
        .map_err(|e| {
            rusqlite::Error::FromSqlConversionFailure(0, rusqlite::types::Type::Text, e.into())
        })
}

/// [`Store::sr_cards`] on a connection.
pub(crate) fn cards_on(
    conn: &Connection,
    trainee: &str,
    due_by: Option<DateTime<Utc>>,
) -> rusqlite::Result<Vec<SrCard>> {
    let mut stmt = conn.prepare(
        "SELECT s.question_id, s.due, s.stability, s.difficulty, s.reps, s.lapses,
                        s.state, s.last_review
                 FROM sr_cards s JOIN trainees t ON t.id = s.trainee_id
                 WHERE t.name = ?1 AND (?2 IS NULL OR s.due <= ?2)
                 ORDER BY s.due, s.question_id",
    )?;
    stmt.query_map(params![trainee, due_by.map(time)], |r| {
        Ok(SrCard {
            question_id: r.get(0)?,
            due: parse_time(&r.get::<_, String>(1)?)?,
            stability: r.get(2)?,
            difficulty: r.get(3)?,
            reps: r.get(4)?,
            lapses: r.get(5)?,
            state: r.get(6)?,
            last_review: parse_time(&r.get::<_, String>(7)?)?,
        })
    })
    .and_then(|rows| rows.collect())
}

impl Store {
    /// The trainee's spaced-repetition cards, soonest due first; with `due_by`, only those due
    /// by then.
    pub fn sr_cards(
        &self,
        trainee: &str,
        due_by: Option<DateTime<Utc>>,
    ) -> Result<Vec<SrCard>, Error> {
        cards_on(&*self.lock()?, trainee, due_by).map_err(self.sql())
    }
}
