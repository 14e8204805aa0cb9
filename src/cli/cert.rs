//! `rightparty cert`: certifications trainees have earned and renewal reminders. The renewal
//! interval and its source come from the content's blueprint for the credential (its
//! `modeled_on`), or are given with their source; without a stated interval none is stored and
//! no reminder is given.

use std::io::Write;

use chrono::NaiveDate;
use clap::{Parser, Subcommand};

use super::{Args, Exit, Format};
use crate::content::{CheckOptions, load_paths};
use crate::store::{Certification, NewCertification};

/// Arguments of `cert`.
#[derive(Debug, Parser)]
pub struct CertArgs {
    /// What to do.
    #[command(subcommand)]
    pub action: CertAction,
}

/// The `cert` subcommands.
#[derive(Debug, Subcommand)]
pub enum CertAction {
    /// Record a certification a trainee earned.
    Add {
        /// The trainee's name.
        name: String,
        /// The credential: a practice track such as `pcs` (or a blueprint id) whose blueprint
        /// names the credential and its renewal interval, or any id with --renewal-years.
        #[arg(long, value_name = "ID")]
        credential: String,
        /// When it was earned (YYYY-MM-DD).
        #[arg(long, value_name = "DATE")]
        earned: NaiveDate,
        /// The credential's name, when no blueprint names it.
        #[arg(long, value_name = "NAME")]
        credential_name: Option<String>,
        /// Years between renewals, instead of the blueprint's (needs --renewal-source).
        #[arg(long, value_name = "YEARS", requires = "renewal_source")]
        renewal_years: Option<u32>,
        /// Where that interval comes from.
        #[arg(long, value_name = "SOURCE", requires = "renewal_years")]
        renewal_source: Option<String>,
    },
    /// List certifications; with --due-within, only renewals due within that many days
    /// (overdue ones included).
    List {
        /// Only this trainee's.
        #[arg(long, value_name = "NAME")]
        trainee: Option<String>,
        /// Reminders: renewals due within this many days.
        #[arg(long, value_name = "DAYS")]
        due_within: Option<u32>,
        /// Count days from this date (default: today).
        #[arg(long, value_name = "DATE")]
        today: Option<NaiveDate>,
        /// Output format.
        #[arg(long, value_enum, default_value = "text")]
        format: Format,
    },
}

/// Runs `cert`.
pub fn run(args: &Args, c: &CertArgs, out: &mut dyn Write, err: &mut dyn Write) -> Exit {
    let store = match super::open_store(args, err) {
        Ok(s) => s,
        Err(code) => return code,
    };
    let written = match &c.action {
        CertAction::Add {
            name,
            credential,
            earned,
            credential_name,
            renewal_years,
            renewal_source,
        } => {
            let mut cert = NewCertification {
                credential_id: credential.clone(),
                credential_name: credential_name
                    .clone()
                    .unwrap_or_else(|| credential.clone()),
                earned_on: *earned,
                renewal_years: *renewal_years,
                renewal_source: renewal_source.clone(),
            };
            let from = from_content(args, &mut cert);
            add(&store, name, &cert, from, out, err)
        }
        CertAction::List {
            trainee,
            due_within,
            today,
            format,
        } => {
            let today = today.unwrap_or_else(|| chrono::Local::now().date_naive());
            let found = match due_within {
                Some(days) => store.renewals_due(today, *days).map(|v| {
                    v.into_iter()
                        .filter(|c| trainee.as_ref().is_none_or(|t| &c.trainee == t))
                        .collect()
                }),
                None => store.certifications(trainee.as_deref()),
            };
            match found {
                Ok(certs) => list(&certs, today, *format, out),
                Err(e) => {
                    let _ = writeln!(err, "rightparty: error: {e}");
                    Ok(Exit::Usage)
                }
            }
        }
    };
    super::exit_after_output(written, err)
}

/// Fills in the credential's name and, unless given, its renewal interval and source from the
/// blueprint for it in the content (matched by track, then by blueprint id). Returns the
/// blueprint file used.
fn from_content(args: &Args, cert: &mut NewCertification) -> Option<std::path::PathBuf> {
    let base = args.content.clone().unwrap_or_default();
    let set = load_paths(&[base.join("question_banks")], &CheckOptions::default());
    let bp = set
        .blueprints
        .iter()
        .filter(|b| b.usable())
        .find(|b| b.item.track == cert.credential_id)
        .or_else(|| {
            set.blueprints
                .iter()
                .filter(|b| b.usable())
                .find(|b| b.item.id == cert.credential_id)
        })?;
    let m = &bp.item.modeled_on;
    if cert.credential_name == cert.credential_id {
        cert.credential_name = m.name.clone();
    }
    if cert.renewal_years.is_none() {
        cert.renewal_years = m.renewal_years;
        cert.renewal_source = m.renewal_source.clone();
    }
    Some(bp.path.clone())
}

fn add(
    store: &crate::store::Store,
    name: &str,
    cert: &NewCertification,
    from: Option<std::path::PathBuf>,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> std::io::Result<Exit> {
    let c = match store.add_certification(name, cert) {
        Ok(c) => c,
        Err(e) => {
            writeln!(err, "rightparty: error: {e}")?;
            return Ok(Exit::Usage);
        }
    };
    writeln!(
        out,
        "{}: {} earned {}",
        c.trainee, c.credential_name, c.earned_on
    )?;
    match (c.renewal_due, &c.renewal_source) {
        (Some(due), Some(source)) => writeln!(
            out,
            "renewal due {due} (every {} year(s); source: {source})",
            c.renewal_years.unwrap_or_default()
        )?,
        _ => writeln!(
            out,
            "no renewal interval stored: {}; no renewal reminder will be given",
            match &from {
                Some(path) => format!("{} states none", path.display()),
                None => format!(
                    "no blueprint in the content is for `{}` and no --renewal-years was given",
                    c.credential_id
                ),
            }
        )?,
    }
    Ok(Exit::Ok)
}

fn list(
    certs: &[Certification],
    today: NaiveDate,
    format: Format,
    out: &mut dyn Write,
) -> std::io::Result<Exit> {
    match format {
        Format::Json => {
            let doc: Vec<_> = certs
                .iter()
                .map(|c| {
                    let mut v = serde_json::to_value(c).unwrap_or_default();
                    if let Some(o) = v.as_object_mut() {
                        o.insert("days_until_due".into(), c.days_until_due(today).into());
                    }
                    v
                })
                .collect();
            serde_json::to_writer_pretty(&mut *out, &doc)?;
            writeln!(out)?;
        }
        Format::Text => {
            for c in certs {
                let due = match (c.renewal_due, c.days_until_due(today)) {
                    (Some(d), Some(n)) if n < 0 => {
                        format!("renewal OVERDUE since {d} ({} days)", -n)
                    }
                    (Some(d), Some(n)) => format!("renewal due {d} (in {n} days)"),
                    _ => "no renewal interval".to_string(),
                };
                writeln!(
                    out,
                    "{:<16}  {:<44}  earned {}  {due}",
                    c.trainee, c.credential_name, c.earned_on
                )?;
            }
            writeln!(out, "{} certification(s)", certs.len())?;
        }
    }
    Ok(Exit::Ok)
}
