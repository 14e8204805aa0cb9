//! Certifications a trainee has earned, with the renewal interval kept as data next to its
//! source (taken from the content's blueprint for that credential, never made up here), the
//! renewal date it gives, and reminders: the certifications whose renewal falls due within a
//! number of days (or is overdue).

use chrono::{Months, NaiveDate};
use rusqlite::params;
use serde::{Deserialize, Serialize};

use super::{Error, Store, now, trainee_id};

/// A certification to add.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewCertification {
    /// The credential's id, e.g. `pcs` (the practice track it is prepared by).
    pub credential_id: String,
    /// The credential's name, e.g. "Professional Collection Specialist (PCS)".
    pub credential_name: String,
    /// When it was earned.
    pub earned_on: NaiveDate,
    /// Years between renewals; `None` when no source states an interval (no reminder then).
    pub renewal_years: Option<u32>,
    /// Where the interval comes from (needed whenever `renewal_years` is given).
    pub renewal_source: Option<String>,
}

/// A stored certification.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Certification {
    /// Row id.
    pub id: i64,
    /// Who earned it.
    pub trainee: String,
    /// The credential's id.
    pub credential_id: String,
    /// The credential's name.
    pub credential_name: String,
    /// When it was earned.
    pub earned_on: NaiveDate,
    /// Years between renewals, if a source states one.
    pub renewal_years: Option<u32>,
    /// Where the interval comes from.
    pub renewal_source: Option<String>,
    /// When renewal is due: `earned_on` plus the interval.
    pub renewal_due: Option<NaiveDate>,
    /// When it was added to the records.
    pub added_at: String,
}

impl Certification {
    /// Days from `today` until renewal is due (negative when overdue); `None` without an
    /// interval.
    pub fn days_until_due(&self, today: NaiveDate) -> Option<i64> {
        self.renewal_due.map(|d| (d - today).num_days())
    }
}

/// The renewal date: the same day `years` later (28 February for 29 February in a common year).
pub fn renewal_due(earned_on: NaiveDate, years: u32) -> Option<NaiveDate> {
    earned_on.checked_add_months(Months::new(years.checked_mul(12)?))
}

const SELECT: &str = "SELECT c.id, t.name, c.credential_id, c.credential_name, c.earned_on,
        c.renewal_years, c.renewal_source, c.renewal_due, c.added_at
    FROM certifications c JOIN trainees t ON t.id = c.trainee_id";

fn date(text: String) -> rusqlite::Result<NaiveDate> {
    text.parse().map_err(|e: chrono::ParseError| {
        rusqlite::Error::FromSqlConversionFailure(0, rusqlite::types::Type::Text, e.into())
    })
}

fn row(r: &rusqlite::Row<'_>) -> rusqlite::Result<Certification> {
    Ok(Certification {
        id: r.get(0)?,
        trainee: r.get(1)?,
        credential_id: r.get(2)?,
        credential_name: r.get(3)?,
        earned_on: date(r.get(4)?)?,
        renewal_years: r.get(5)?,
        renewal_source: r.get(6)?,
        renewal_due: r.get::<_, Option<String>>(7)?.map(date).transpose()?,
        added_at: r.get(8)?,
    })
}

/// [`Store::certifications`] on a connection.
pub(crate) fn certs_on(
    conn: &rusqlite::Connection,
    trainee: Option<&str>,
) -> rusqlite::Result<Vec<Certification>> {
    let mut stmt = conn.prepare(&format!(
        "{SELECT} WHERE ?1 IS NULL OR t.name = ?1
         ORDER BY t.name, c.earned_on, c.credential_id"
    ))?;
    stmt.query_map([trainee], row)
        .and_then(|rows| rows.collect())
}

impl Store {
    /// Adds a certification the trainee earned (creating the trainee on first use). Adding the
    /// same credential with the same date again replaces it. An interval without its source,
    /// or an empty id or name, is refused.
    pub fn add_certification(
        &self,
        trainee: &str,
        cert: &NewCertification,
    ) -> Result<Certification, Error> {
        if cert.credential_id.trim().is_empty() || cert.credential_name.trim().is_empty() {
            return Err(Error::Invalid(
                "a certification needs a credential id and name".into(),
            ));
        }
        let source = cert
            .renewal_source
            .as_deref()
            .filter(|s| !s.trim().is_empty());
        let due = match cert.renewal_years {
            Some(_) if source.is_none() => {
                return Err(Error::Invalid(format!(
                    "the renewal interval of {} has no source; give where it comes from",
                    cert.credential_id
                )));
            }
            Some(0) => {
                return Err(Error::Invalid("a renewal interval of 0 years".into()));
            }
            Some(y) => Some(renewal_due(cert.earned_on, y).ok_or_else(|| {
                Error::Invalid(format!("a renewal interval of {y} years is out of range"))
            })?),
            None => None,
        };
        let conn = self.lock()?;
        let id = trainee_id(&conn, trainee).map_err(self.sql())?;
        conn.execute(
            "INSERT INTO certifications (trainee_id, credential_id, credential_name, earned_on,
                 renewal_years, renewal_source, renewal_due, added_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)
             ON CONFLICT (trainee_id, credential_id, earned_on) DO UPDATE SET
                 credential_name = excluded.credential_name,
                 renewal_years = excluded.renewal_years,
                 renewal_source = excluded.renewal_source,
                 renewal_due = excluded.renewal_due, added_at = excluded.added_at",
            params![
                id,
                cert.credential_id,
                cert.credential_name,
                cert.earned_on.to_string(),
                cert.renewal_years,
                cert.renewal_source
                    .as_ref()
                    .filter(|_| cert.renewal_years.is_some()),
                due.map(|d| d.to_string()),
                now()
            ],
        )
        .map_err(self.sql())?;
        conn.query_row(
            &format!(
                "{SELECT} WHERE c.trainee_id = ?1 AND c.credential_id = ?2 AND c.earned_on = ?3"
            ),
            params![id, cert.credential_id, cert.earned_on.to_string()],
            row,
        )
        .map_err(self.sql())
    }

    /// Certifications, of one trainee or of everyone, by trainee then earned date.
    pub fn certifications(&self, trainee: Option<&str>) -> Result<Vec<Certification>, Error> {
        certs_on(&*self.lock()?, trainee).map_err(self.sql())
    }

    /// Reminders: the latest certification of each trainee and credential whose renewal is due
    /// by `today + within_days` (overdue ones included), soonest first. Certifications without
    /// an interval never appear.
    pub fn renewals_due(
        &self,
        today: NaiveDate,
        within_days: u32,
    ) -> Result<Vec<Certification>, Error> {
        let until = today
            .checked_add_days(chrono::Days::new(u64::from(within_days)))
            .unwrap_or(NaiveDate::MAX)
            // Dates are compared as text, which holds for four-digit years.
            .min(NaiveDate::from_ymd_opt(9999, 12, 31).unwrap_or(NaiveDate::MAX));
        let conn = self.lock()?;
        let mut stmt = conn
            .prepare(&format!(
                "{SELECT} WHERE c.renewal_due IS NOT NULL AND c.renewal_due <= ?1
                   AND NOT EXISTS (SELECT 1 FROM certifications n
                       WHERE n.trainee_id = c.trainee_id AND n.credential_id = c.credential_id
                         AND n.earned_on > c.earned_on)
                 ORDER BY c.renewal_due, t.name"
            ))
            .map_err(self.sql())?;
        stmt.query_map([until.to_string()], row)
            .and_then(|rows| rows.collect())
            .map_err(self.sql())
    }
}
