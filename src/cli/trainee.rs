//! `rightparty trainee`: a trainee's settings (`set`: cohort, extra exam time), and their data
//! on request (`export` as JSON, `delete` with a deletion entry left in the attempt chain).

use std::io::Write;
use std::path::PathBuf;

use clap::{Parser, Subcommand};

use super::{Args, Exit};
use crate::store::Store;

/// Arguments of `trainee`.
#[derive(Debug, Parser)]
pub struct TraineeArgs {
    /// What to do.
    #[command(subcommand)]
    pub action: TraineeAction,
}

/// The `trainee` subcommands.
#[derive(Debug, Subcommand)]
pub enum TraineeAction {
    /// Set a trainee's cohort or extra exam time (creating the trainee if needed).
    Set {
        /// The trainee's name.
        #[arg(value_parser = super::trainee_name)]
        name: String,
        /// Cohort, such as "2027-01 orientation" (an empty value removes it).
        #[arg(long, value_name = "COHORT")]
        cohort: Option<String>,
        /// Extra exam time as a factor, an accommodation such as 1.5 (1.0 for none).
        #[arg(long, value_name = "FACTOR")]
        extra_time: Option<f64>,
    },
    /// Write everything kept about a trainee as one JSON document.
    Export {
        /// The trainee's name.
        name: String,
        /// Write to this file instead of standard output.
        #[arg(long, value_name = "FILE")]
        out: Option<PathBuf>,
    },
    /// Delete everything kept about a trainee; a deletion entry stays in the attempt chain.
    Delete {
        /// The trainee's name.
        name: String,
        /// Confirm the deletion (nothing is deleted without it).
        #[arg(long)]
        yes: bool,
        /// Who asked for the deletion (default: the logged-in user).
        #[arg(long, value_name = "WHO")]
        by: Option<String>,
    },
}

/// Who is running this, for a deletion entry.
fn os_user() -> String {
    ["USER", "USERNAME", "LOGNAME"]
        .iter()
        .find_map(|v| std::env::var(v).ok().filter(|s| !s.trim().is_empty()))
        .unwrap_or_else(|| "unknown".to_string())
}

/// Runs `trainee`.
pub fn run(args: &Args, t: &TraineeArgs, out: &mut dyn Write, err: &mut dyn Write) -> Exit {
    if let TraineeAction::Delete {
        name, yes: false, ..
    } = &t.action
    {
        let _ = writeln!(
            err,
            "rightparty: error: this deletes every record of {name} (attempts, sessions, \
             certifications); nothing was deleted. Run it again with --yes to confirm \
             (consider `rightparty trainee export {name}` first)"
        );
        return Exit::Usage;
    }
    let store = match super::open_store(args, err) {
        Ok(s) => s,
        Err(code) => return code,
    };
    let written = match &t.action {
        TraineeAction::Set {
            name,
            cohort,
            extra_time,
        } => set(&store, name, cohort.as_deref(), *extra_time, out, err),
        TraineeAction::Export { name, out: file } => export(&store, name, file.as_ref(), out, err),
        TraineeAction::Delete { name, by, .. } => {
            delete(&store, name, &by.clone().unwrap_or_else(os_user), out, err)
        }
    };
    super::exit_after_output(written, err)
}

fn fail(err: &mut dyn Write, e: impl std::fmt::Display) -> std::io::Result<Exit> {
    writeln!(err, "rightparty: error: {e}")?;
    Ok(Exit::Usage)
}

fn set(
    store: &Store,
    name: &str,
    cohort: Option<&str>,
    extra_time: Option<f64>,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> std::io::Result<Exit> {
    let current = match store.find_trainee(name) {
        Ok(t) => t,
        Err(e) => return fail(err, e),
    };
    let cohort = match cohort {
        Some(c) if c.trim().is_empty() => None,
        Some(c) => Some(c.to_string()),
        None => current.as_ref().and_then(|t| t.cohort.clone()),
    };
    let extra = extra_time.unwrap_or_else(|| current.as_ref().map_or(1.0, |t| t.extra_time));
    match store.set_trainee(name, cohort.as_deref(), extra) {
        Ok(t) => {
            writeln!(
                out,
                "{}: cohort {}, extra exam time x{}",
                t.name,
                t.cohort.as_deref().unwrap_or("(none)"),
                t.extra_time
            )?;
            Ok(Exit::Ok)
        }
        Err(e) => fail(err, e),
    }
}

fn export(
    store: &Store,
    name: &str,
    file: Option<&PathBuf>,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> std::io::Result<Exit> {
    let doc = match store.export_trainee(name) {
        Ok(Some(doc)) => doc,
        Ok(None) => return fail(err, format!("no records of a trainee named {name}")),
        Err(e) => return fail(err, e),
    };
    let text = match serde_json::to_string_pretty(&doc) {
        Ok(t) => t + "\n",
        Err(e) => return fail(err, e),
    };
    match file {
        None => out.write_all(text.as_bytes())?,
        Some(path) => {
            if let Err(e) = std::fs::write(path, &text) {
                return fail(err, format!("cannot write {}: {e}", path.display()));
            }
            writeln!(err, "wrote {name}'s records to {}", path.display())?;
        }
    }
    Ok(Exit::Ok)
}

fn delete(
    store: &Store,
    name: &str,
    by: &str,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> std::io::Result<Exit> {
    match store.delete_trainee(name, by) {
        Ok(Some(d)) => {
            let s = &d.summary;
            writeln!(
                out,
                "deleted {name}'s records: {} exam attempt row(s), {} call attempt(s), {} exam \
                 session(s), {} call(s) in progress, {} drill card(s), {} certification(s)",
                s.exam_attempts,
                s.call_attempts,
                s.exam_sessions,
                s.calls_in_progress,
                s.sr_cards,
                s.certifications
            )?;
            writeln!(
                out,
                "deletion entry #{} added to the attempt chain (requested by {}; hash of what \
                 was removed {})",
                d.seq, d.requested_by, d.removed_hash
            )?;
            Ok(Exit::Ok)
        }
        Ok(None) => fail(err, format!("no records of a trainee named {name}")),
        Err(e) => fail(err, e),
    }
}
