//! `rightparty report`: what the trainee records hold. `--verify` walks the tamper-evident
//! attempt chain and names every row edited, removed or re-linked outside the app (exit 1 when
//! any is found). Without `--verify`, lists the recorded attempts.

use std::io::Write;

use clap::Parser;
use serde::Serialize;

use super::{Args, Exit, Format};
use crate::store::Store;

/// Arguments of `report`.
#[derive(Debug, Parser)]
pub struct ReportArgs {
    /// Check that no recorded attempt was changed outside the app.
    #[arg(long)]
    pub verify: bool,
    /// Only this trainee's attempts (for the listing).
    #[arg(long, value_name = "NAME")]
    pub trainee: Option<String>,
    /// Output format.
    #[arg(long, value_enum, default_value = "text")]
    pub format: Format,
}

/// One attempt in the listing.
#[derive(Debug, Serialize)]
struct Row {
    kind: &'static str,
    trainee: String,
    what: String,
    score: String,
    passed: bool,
    finished_at: String,
}

/// Runs `report`.
pub fn run(args: &Args, r: &ReportArgs, out: &mut dyn Write, err: &mut dyn Write) -> Exit {
    let store = match super::open_store(args, err) {
        Ok(s) => s,
        Err(code) => return code,
    };
    let written = if r.verify {
        verify(&store, r.format, out, err)
    } else {
        list(&store, r, out, err)
    };
    super::exit_after_output(written, err)
}

fn verify(
    store: &Store,
    format: Format,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> std::io::Result<Exit> {
    let v = match store.verify() {
        Ok(v) => v,
        Err(e) => {
            writeln!(err, "rightparty: error: {e}")?;
            return Ok(Exit::Usage);
        }
    };
    match format {
        Format::Json => {
            let problems: Vec<_> = v
                .problems
                .iter()
                .map(|p| serde_json::json!({ "seq": p.seq, "row": p.row, "reason": p.reason }))
                .collect();
            let doc = serde_json::json!({
                "file": store.path(),
                "checked": v.checked,
                "ok": v.ok(),
                "problems": problems,
                "deletions": v.deletions,
            });
            serde_json::to_writer_pretty(&mut *out, &doc)?;
            writeln!(out)?;
        }
        Format::Text => {
            for p in &v.problems {
                writeln!(out, "{p}")?;
            }
            for d in &v.deletions {
                writeln!(
                    out,
                    "#{} deletion: {}'s data removed on {} at the request of {} ({} chain \
                     row(s); hash of what was removed {})",
                    d.seq,
                    d.trainee,
                    d.deleted_at,
                    d.requested_by,
                    d.removed_rows.len(),
                    d.removed_hash
                )?;
            }
            let verdict = if v.ok() {
                "the chain is intact".to_string()
            } else {
                format!("{} problem(s) found", v.problems.len())
            };
            writeln!(
                out,
                "{}: {} attempt(s) checked, {verdict}",
                store.path().display(),
                v.checked
            )?;
            writeln!(
                out,
                "(This shows edits made without recomputing the chain; it cannot prove the \
                 records genuine, since anyone with the file can recompute it.)"
            )?;
        }
    }
    Ok(if v.ok() {
        Exit::Ok
    } else {
        Exit::ContentErrors
    })
}

fn list(
    store: &Store,
    r: &ReportArgs,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> std::io::Result<Exit> {
    let who = r.trainee.as_deref();
    let (exams, calls) = match store
        .exam_attempts(who)
        .and_then(|e| Ok((e, store.call_attempts(who)?)))
    {
        Ok(found) => found,
        Err(e) => {
            writeln!(err, "rightparty: error: {e}")?;
            return Ok(Exit::Usage);
        }
    };
    let mut rows: Vec<Row> = exams
        .iter()
        .map(|a| Row {
            kind: "exam",
            trainee: a.trainee.clone(),
            what: a.blueprint_id.clone(),
            score: format!("{:.1}%", a.score_percent),
            passed: a.passed,
            finished_at: a.finished_at.to_rfc3339(),
        })
        .chain(calls.iter().map(|c| Row {
            kind: "call",
            trainee: c.trainee.clone(),
            what: c.result.scenario.clone(),
            score: format!(
                "{}/{}/{}",
                c.result.scores.negotiation, c.result.scores.composure, c.result.scores.compliance
            ),
            passed: c.result.passed,
            finished_at: c.finished_at.clone(),
        }))
        .collect();
    rows.sort_by(|a, b| a.finished_at.cmp(&b.finished_at));
    match r.format {
        Format::Json => {
            serde_json::to_writer_pretty(&mut *out, &rows)?;
            writeln!(out)?;
        }
        Format::Text => {
            writeln!(
                out,
                "{:<29}  {:<4}  {:<16}  {:<32}  {:<14}  result",
                "finished", "kind", "trainee", "exam or scenario", "score"
            )?;
            for row in &rows {
                writeln!(
                    out,
                    "{:<29}  {:<4}  {:<16}  {:<32}  {:<14}  {}",
                    row.finished_at,
                    row.kind,
                    row.trainee,
                    row.what,
                    row.score,
                    if row.passed { "passed" } else { "not passed" }
                )?;
            }
            writeln!(
                out,
                "{} attempt(s); call scores are negotiation/composure/compliance",
                rows.len()
            )?;
        }
    }
    Ok(Exit::Ok)
}
