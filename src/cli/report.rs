//! `rightparty report`: what the trainee records hold. `--trainee NAME` gives one trainee's
//! progress report and `--cohort NAME` a cohort's (the queries of [`crate::store::report`],
//! which the app's progress screen reads too); with neither, every recorded attempt is listed.
//! `--verify` walks the tamper-evident attempt chain and names every row edited, removed or
//! re-linked outside the app (exit 1 when any is found).
//!
//! Formats: `table` (readable text), `json` (the whole report as one document) and `csv` (one
//! table a spreadsheet can open: a trainee's attempts, a cohort's trainees, or the listing; the
//! JSON holds everything else).

use std::io::Write;

use clap::{Parser, ValueEnum};
use serde::Serialize;

use super::{Args, Exit};
use crate::content::{CheckOptions, load_paths};
use crate::exam::scoring::format_percent;
use crate::store::Store;
use crate::store::report::{
    AttemptKind, CohortReport, ContentIndex, DomainStanding, PassRate, Practice, ProgressReport,
    ViolationCount,
};

/// Arguments of `report`.
#[derive(Debug, Parser)]
pub struct ReportArgs {
    /// Check that no recorded attempt was changed outside the app.
    #[arg(long, conflicts_with_all = ["trainee", "cohort"])]
    pub verify: bool,
    /// One trainee's progress: attempts, best and latest scores, pass rates, violations, item
    /// statistics, weakest domains and what to practice next.
    #[arg(long, value_name = "NAME", conflicts_with = "cohort")]
    pub trainee: Option<String>,
    /// A cohort's report: a row per trainee and the cohort's pooled figures.
    #[arg(long, value_name = "NAME")]
    pub cohort: Option<String>,
    /// Output format.
    #[arg(long, value_enum, default_value = "table")]
    pub format: ReportFormat,
}

/// Output formats of `report`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ReportFormat {
    /// Readable text.
    #[value(alias = "text")]
    Table,
    /// One table of comma-separated values.
    Csv,
    /// One JSON document.
    Json,
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
    } else if let Some(name) = &r.trainee {
        progress(args, &store, name, r.format, out, err)
    } else if let Some(name) = &r.cohort {
        cohort(args, &store, name, r.format, out, err)
    } else {
        list(&store, r, out, err)
    };
    super::exit_after_output(written, err)
}

/// The content index the reports read domain tags and titles from: the default content
/// folders, as `play` and `exam` find them. Without content the exam figures still show.
fn index(args: &Args) -> ContentIndex {
    let set = load_paths(&args.default_content_paths(), &CheckOptions::default());
    ContentIndex::from_content(&set)
}

/// A value for CSV: quoted when it holds a comma, a quote or a line break.
fn csv_field(s: &str) -> String {
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

fn csv_line(out: &mut dyn Write, fields: &[String]) -> std::io::Result<()> {
    let line: Vec<String> = fields.iter().map(|f| csv_field(f)).collect();
    writeln!(out, "{}", line.join(","))
}

fn opt_percent(p: Option<f64>) -> String {
    p.map(format_percent).unwrap_or_default()
}

fn domain_line(d: &DomainStanding) -> String {
    format!(
        "{} ({}%: {} exam item(s), {} call decision(s))",
        d.name,
        opt_percent(d.percent),
        d.exam_items,
        d.call_decisions
    )
}

fn violations_table(out: &mut dyn Write, v: &[ViolationCount]) -> std::io::Result<()> {
    writeln!(out, "\nMost frequent violations")?;
    if v.is_empty() {
        return writeln!(out, "  none");
    }
    writeln!(
        out,
        "  {:>5}  {:>5}  {:<8}  {:<40}  citation",
        "count", "calls", "severity", "rule"
    )?;
    for x in v {
        writeln!(
            out,
            "  {:>5}  {:>5}  {:<8}  {:<40}  {}",
            x.count,
            x.calls,
            format!("{:?}", x.severity),
            x.rule,
            x.citation
        )?;
    }
    Ok(())
}

fn items_table(
    out: &mut dyn Write,
    items: &[crate::exam::stats::ItemStats],
) -> std::io::Result<()> {
    writeln!(
        out,
        "\nItem statistics (exams and practice exams; figures on fewer than {} attempts are \
         provisional)",
        crate::exam::stats::DEFAULT_MIN_ATTEMPTS
    )?;
    if items.is_empty() {
        return writeln!(out, "  none");
    }
    writeln!(
        out,
        "  {:<12}  {:<22}  {:>5}  {:>7}  {:>14}",
        "question", "domain", "n", "p-value", "discrimination"
    )?;
    let f = |x: Option<f64>| x.map_or("-".to_string(), |v| format!("{v:.2}"));
    for i in items {
        writeln!(
            out,
            "  {:<12}  {:<22}  {:>5}  {:>7}  {:>14}{}",
            i.question_id,
            i.domain,
            i.n,
            f(i.p_value),
            f(i.discrimination),
            if i.too_few { "  (too few)" } else { "" }
        )?;
    }
    Ok(())
}

fn progress(
    args: &Args,
    store: &Store,
    name: &str,
    format: ReportFormat,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> std::io::Result<Exit> {
    let report = store.progress(name, &index(args));
    write_report(report, format, progress_csv, progress_table, out, err)
}

/// Writes a report in the chosen format, or its error (exit 2).
fn write_report<R: serde::Serialize, E: std::fmt::Display>(
    report: Result<R, E>,
    format: ReportFormat,
    csv: fn(&R, &mut dyn Write) -> std::io::Result<()>,
    table: fn(&R, &mut dyn Write) -> std::io::Result<()>,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> std::io::Result<Exit> {
    let report = match report {
        Ok(r) => r,
        Err(e) => {
            writeln!(err, "rightparty: error: {e}")?;
            return Ok(Exit::Usage);
        }
    };
    match format {
        ReportFormat::Json => {
            serde_json::to_writer_pretty(&mut *out, &report)?;
            writeln!(out)?;
        }
        ReportFormat::Csv => csv(&report, out)?,
        ReportFormat::Table => table(&report, out)?,
    }
    Ok(Exit::Ok)
}

fn progress_csv(r: &ProgressReport, out: &mut dyn Write) -> std::io::Result<()> {
    csv_line(
        out,
        &[
            "trainee",
            "seq",
            "kind",
            "mode",
            "what",
            "title",
            "finished_at",
            "passed",
            "percent",
            "negotiation",
            "composure",
            "compliance",
            "outcome",
            "violations",
        ]
        .map(String::from),
    )?;
    for a in &r.attempts {
        let axis = |f: fn(&crate::call::Scores) -> u32| a.scores.as_ref().map(f);
        csv_line(
            out,
            &[
                r.trainee.clone(),
                a.seq.to_string(),
                match a.kind {
                    AttemptKind::Call => "call",
                    AttemptKind::Exam => "exam",
                }
                .to_string(),
                a.mode
                    .map(|m| format!("{m:?}").to_lowercase())
                    .unwrap_or_default(),
                a.what.clone(),
                a.title.clone(),
                a.finished_at.clone(),
                a.passed.to_string(),
                a.percent.map(|p| format!("{p:.2}")).unwrap_or_default(),
                axis(|s| s.negotiation).map_or(String::new(), |v| v.to_string()),
                axis(|s| s.composure).map_or(String::new(), |v| v.to_string()),
                axis(|s| s.compliance).map_or(String::new(), |v| v.to_string()),
                a.outcome.clone().unwrap_or_default(),
                a.violations.to_string(),
            ],
        )?;
    }
    Ok(())
}

fn progress_table(r: &ProgressReport, out: &mut dyn Write) -> std::io::Result<()> {
    match &r.cohort {
        Some(c) => writeln!(out, "Progress of {} (cohort {c})", r.trainee)?,
        None => writeln!(out, "Progress of {}", r.trainee)?,
    }
    if r.is_empty() {
        writeln!(
            out,
            "No attempts yet — play a call or take a practice exam (with --trainee {}).",
            r.trainee
        )?;
    }
    writeln!(out, "\nCalls: {}", r.calls.pass_rate)?;
    if !r.calls.axes.is_empty() {
        writeln!(
            out,
            "  {:<12}  {:>4}  {:>6}  {:>6}",
            "axis", "best", "latest", "mean"
        )?;
        for a in &r.calls.axes {
            writeln!(
                out,
                "  {:<12}  {:>4}  {:>6}  {:>6.1}",
                a.axis.label(),
                a.best,
                a.latest,
                a.mean
            )?;
        }
    }
    for s in &r.calls.scenarios {
        writeln!(
            out,
            "  {}: {}; best {}/{}/{}, latest {}/{}/{}",
            s.title,
            s.pass_rate,
            s.best.negotiation,
            s.best.composure,
            s.best.compliance,
            s.latest.negotiation,
            s.latest.composure,
            s.latest.compliance
        )?;
    }
    writeln!(out, "\nExams (drills left out): {}", r.exams.pass_rate)?;
    if let (Some(best), Some(latest)) = (r.exams.best_percent, r.exams.latest_percent) {
        writeln!(
            out,
            "  best {}%, latest {}%",
            format_percent(best),
            format_percent(latest)
        )?;
        writeln!(
            out,
            "  {:<74}  {:>6}  {:>6}  {:>6}  {:>3}",
            "domain", "best", "latest", "mean", "n"
        )?;
        for d in &r.exams.domains {
            writeln!(
                out,
                "  {:<74}  {:>6}  {:>6}  {:>6}  {:>3}",
                d.name,
                format_percent(d.best),
                format_percent(d.latest),
                format_percent(d.mean),
                d.n
            )?;
        }
    }
    writeln!(
        out,
        "\nWeakest domains (calls and exams, the latest {} of each)",
        crate::store::report::RECENT_WINDOW
    )?;
    let mut any = false;
    for (i, d) in r.weakest().enumerate() {
        any = true;
        writeln!(out, "  {}. {}", i + 1, domain_line(d))?;
    }
    if !any {
        writeln!(out, "  none yet")?;
    }
    violations_table(out, &r.violations)?;
    items_table(out, &r.items)?;
    writeln!(out, "\nPractice next")?;
    if r.practice.is_empty() {
        writeln!(out, "  nothing to suggest")?;
    }
    for p in &r.practice {
        match p {
            Practice::Scenario { title, reason, .. } => {
                writeln!(out, "  - play the call {title}: {reason}")?
            }
            Practice::Domain { name, reason, .. } => writeln!(out, "  - drill {name}: {reason}")?,
        }
    }
    writeln!(out, "\nAttempts")?;
    for a in &r.attempts {
        let score = match (a.percent, a.scores) {
            (Some(p), _) => format!("{}%", format_percent(p)),
            (None, Some(s)) => format!("{}/{}/{}", s.negotiation, s.composure, s.compliance),
            _ => String::new(),
        };
        writeln!(
            out,
            "  #{:<5} {:<29}  {:<4}  {:<40}  {:<11}  {}",
            a.seq,
            a.finished_at,
            match a.kind {
                AttemptKind::Call => "call",
                AttemptKind::Exam => "exam",
            },
            a.title,
            score,
            if a.passed { "passed" } else { "not passed" }
        )?;
    }
    writeln!(
        out,
        "{} attempt(s); call scores are negotiation/composure/compliance",
        r.attempts.len()
    )
}

fn cohort(
    args: &Args,
    store: &Store,
    name: &str,
    format: ReportFormat,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> std::io::Result<Exit> {
    let report = store.cohort_report(Some(name), &index(args));
    write_report(report, format, cohort_csv, cohort_table, out, err)
}

fn cohort_csv(r: &CohortReport, out: &mut dyn Write) -> std::io::Result<()> {
    csv_line(
        out,
        &[
            "cohort",
            "trainee",
            "attempts",
            "calls",
            "calls_passed",
            "call_pass_percent",
            "exams",
            "exams_passed",
            "exam_pass_percent",
            "best_exam_percent",
            "latest_exam_percent",
            "weakest_domains",
            "last_activity",
        ]
        .map(String::from),
    )?;
    let p = |x: Option<f64>| x.map(|v| format!("{v:.2}")).unwrap_or_default();
    for t in &r.trainees {
        csv_line(
            out,
            &[
                r.cohort.clone().unwrap_or_default(),
                t.trainee.clone(),
                t.attempts.to_string(),
                t.calls.attempts.to_string(),
                t.calls.passed.to_string(),
                p(t.calls.percent),
                t.exams.attempts.to_string(),
                t.exams.passed.to_string(),
                p(t.exams.percent),
                p(t.best_exam_percent),
                p(t.latest_exam_percent),
                t.weakest
                    .iter()
                    .map(|d| d.id.as_str())
                    .collect::<Vec<_>>()
                    .join(";"),
                t.last_activity.clone().unwrap_or_default(),
            ],
        )?;
    }
    Ok(())
}

fn cohort_table(r: &CohortReport, out: &mut dyn Write) -> std::io::Result<()> {
    writeln!(
        out,
        "Cohort {}: {} trainee(s)",
        r.cohort.as_deref().unwrap_or("(all trainees)"),
        r.trainees.len()
    )?;
    writeln!(
        out,
        "\n  {:<20}  {:>8}  {:>14}  {:>14}  {:>11}  weakest domains",
        "trainee", "attempts", "calls passed", "exams passed", "latest exam"
    )?;
    for t in &r.trainees {
        let frac = |p: &PassRate| format!("{}/{}", p.passed, p.attempts);
        writeln!(
            out,
            "  {:<20}  {:>8}  {:>14}  {:>14}  {:>11}  {}",
            t.trainee,
            t.attempts,
            frac(&t.calls),
            frac(&t.exams),
            t.latest_exam_percent
                .map(|p| format!("{}%", format_percent(p)))
                .unwrap_or_else(|| "-".into()),
            t.weakest
                .iter()
                .map(|d| format!("{} {}%", d.id, opt_percent(d.percent)))
                .collect::<Vec<_>>()
                .join(", ")
        )?;
    }
    writeln!(out, "\nCalls: {}", r.calls)?;
    for a in &r.axes {
        writeln!(out, "  mean {:<12} {:>6.1}", a.axis.label(), a.mean)?;
    }
    writeln!(out, "Exams (drills left out): {}", r.exams)?;
    writeln!(out, "\nWeakest domains across the cohort")?;
    for (i, d) in r.domains.iter().filter(|d| d.n() > 0).enumerate() {
        writeln!(out, "  {}. {}", i + 1, domain_line(d))?;
    }
    violations_table(out, &r.violations)?;
    items_table(out, &r.items)
}

fn verify(
    store: &Store,
    format: ReportFormat,
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
        ReportFormat::Json => {
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
        ReportFormat::Csv => {
            csv_line(out, &["seq", "row", "reason"].map(String::from))?;
            for p in &v.problems {
                csv_line(out, &[p.seq.to_string(), p.row.clone(), p.reason.clone()])?;
            }
        }
        ReportFormat::Table => {
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
    let (exams, calls) = match store
        .exam_attempts(None)
        .and_then(|e| Ok((e, store.call_attempts(None)?)))
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
            score: format!("{}%", format_percent(a.score_percent)),
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
        ReportFormat::Json => {
            serde_json::to_writer_pretty(&mut *out, &rows)?;
            writeln!(out)?;
        }
        ReportFormat::Csv => {
            csv_line(
                out,
                &["finished_at", "kind", "trainee", "what", "score", "passed"].map(String::from),
            )?;
            for row in &rows {
                csv_line(
                    out,
                    &[
                        row.finished_at.clone(),
                        row.kind.to_string(),
                        row.trainee.clone(),
                        row.what.clone(),
                        row.score.clone(),
                        row.passed.to_string(),
                    ],
                )?;
            }
        }
        ReportFormat::Table => {
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

#[cfg(test)]
mod tests {
    use super::csv_field;

    #[test]
    fn csv_fields_are_quoted_only_when_they_must_be() {
        assert_eq!(csv_field("plain text"), "plain text");
        assert_eq!(csv_field("a, b"), "\"a, b\"");
        assert_eq!(csv_field("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(csv_field("two\nlines"), "\"two\nlines\"");
    }
}
