//! `rightparty play`: a practice call in the terminal, interactive (type the number) or scripted
//! with `--choices`, then the debrief. Scripted output holds no wall-clock times, so the same
//! seed and choices print the same bytes.

use std::io::{BufRead, Write};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use clap::Parser;

use super::{Args, Exit, Format};
use crate::call::explore::{Alternative, best_alternatives};
use crate::call::runner::{Event, Phase};
use crate::call::{Action, CallResult, CallRun, Compiled};
use crate::content::render::TextRenderer;
use crate::content::{CheckOptions, Level, load_paths};
use crate::store::{CallInProgress, content_hash};

/// Arguments of `play`.
#[derive(Debug, Parser)]
pub struct PlayArgs {
    /// The scenario file.
    pub file: PathBuf,
    /// Seed for the call's chance events (default: a random seed, printed).
    #[arg(long)]
    pub seed: Option<u64>,
    /// Scripted choices, e.g. `2,1,t,3`: the numbers shown at each decision, `t` to let a timed
    /// decision run out; the number after the last decision picks the wrap-up note.
    #[arg(long, value_delimiter = ',')]
    pub choices: Option<Vec<String>>,
    /// Start at this node (for authors).
    #[arg(long, value_name = "NODE")]
    pub from: Option<String>,
    /// Output format.
    #[arg(long, value_enum, default_value = "text")]
    pub format: Format,
    /// Record the finished call for this trainee (created on first use) in the data folder;
    /// the call is saved after every decision, and an unfinished one can be resumed.
    #[arg(long, value_name = "NAME", value_parser = super::trainee_name)]
    pub trainee: Option<String>,
    /// Resume the trainee's unfinished call of this scenario without asking.
    #[arg(long, requires = "trainee", conflicts_with = "new")]
    pub resume: bool,
    /// Start a new call without asking (it replaces the saved unfinished one).
    #[arg(long, requires = "trainee")]
    pub new: bool,
}

/// What `play` saves a call in progress as.
pub const PLAY_MODE: &str = "practice";

/// Whether to resume the saved call: `--resume` yes, `--new` or a scripted run no (saying so),
/// otherwise the trainee is asked.
fn ask_resume(
    p: &PlayArgs,
    saved: &CallInProgress,
    input: &mut dyn BufRead,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> bool {
    if p.resume {
        return true;
    }
    let what = format!(
        "{} has an unfinished call of `{}` (saved {}, {} decision(s) made)",
        saved.trainee, saved.scenario_id, saved.updated_at, saved.state.turn
    );
    if p.new {
        return false;
    }
    if p.choices.is_some() {
        let _ = writeln!(
            err,
            "rightparty: note: {what}; this new call replaces it (add --resume to continue it)"
        );
        return false;
    }
    let _ = write!(out, "{what}. Resume it? [Y/n] ");
    let _ = out.flush();
    let mut line = String::new();
    let _ = input.read_line(&mut line);
    !matches!(line.trim().to_ascii_lowercase().as_str(), "n" | "no")
}

/// Loads one scenario file and prepares it for running, printing its diagnostics on failure.
pub fn load_scenario(file: &Path, err: &mut dyn Write) -> Result<Arc<Compiled>, Exit> {
    let set = load_paths(&[file.to_path_buf()], &CheckOptions::default());
    for e in &set.io_errors {
        let _ = writeln!(err, "rightparty: error: {e}");
    }
    if !set.io_errors.is_empty() {
        return Err(Exit::Usage);
    }
    let renderer = TextRenderer::new(false);
    for d in set.diagnostics.iter().filter(|d| d.level == Level::Error) {
        let _ = writeln!(err, "{}", renderer.render(d));
    }
    let Some(s) = set.scenarios.into_iter().next().filter(|s| s.usable()) else {
        let _ = writeln!(
            err,
            "rightparty: error: {} is not a usable scenario",
            file.display()
        );
        return Err(Exit::ContentErrors);
    };
    Compiled::new(Arc::new(s.item)).map(Arc::new).map_err(|e| {
        let _ = writeln!(err, "rightparty: error: {e}");
        Exit::ContentErrors
    })
}

/// Runs `play`.
pub fn run(
    args: &Args,
    p: &PlayArgs,
    out: &mut dyn Write,
    err: &mut dyn Write,
    input: &mut dyn BufRead,
) -> Exit {
    let compiled = match load_scenario(&p.file, err) {
        Ok(c) => c,
        Err(code) => return code,
    };
    // Open the records first, so a bad data folder is reported before the call is played.
    let records = match &p.trainee {
        Some(name) => match super::open_store(args, err) {
            Ok(store) => Some((store, name.as_str())),
            Err(code) => return code,
        },
        None => None,
    };
    // The version played is the file as it was when the call began.
    let hash = match crate::content::read_file(&p.file) {
        Ok(bytes) => content_hash(&bytes),
        Err(e) => {
            let _ = writeln!(err, "rightparty: error: {}: {e}", p.file.display());
            return Exit::Usage;
        }
    };
    // An unfinished call of this scenario, resumed when the trainee wants it.
    let mut resumed = None;
    if let Some((store, trainee)) = &records {
        match store.call_in_progress(trainee) {
            Ok(Some(saved)) if saved.scenario_id == compiled.scenario.id => {
                if ask_resume(p, &saved, input, out, err) {
                    if saved.content_hash != hash {
                        let _ = writeln!(
                            err,
                            "rightparty: note: {} changed since the call was saved",
                            p.file.display()
                        );
                    }
                    match CallRun::restore(compiled.clone(), saved.state) {
                        Ok(run) => resumed = Some(run),
                        Err(e) => {
                            let _ = writeln!(
                                err,
                                "rightparty: error: the saved call cannot be resumed: {e}; \
                                 starting a new one"
                            );
                        }
                    }
                }
            }
            Ok(Some(saved)) if p.choices.is_none() && !p.new => {
                let _ = writeln!(
                    err,
                    "rightparty: note: {trainee}'s unfinished call of `{}` will be replaced by \
                     this one",
                    saved.scenario_id
                );
            }
            Ok(_) => {}
            Err(e) => {
                let _ = writeln!(err, "rightparty: error: {e}");
                return Exit::Usage;
            }
        }
        if p.resume && resumed.is_none() {
            let _ = writeln!(
                err,
                "rightparty: note: no call of `{}` to resume for {trainee}; starting a new one",
                compiled.scenario.id
            );
        }
    }
    let was_resumed = resumed.is_some();
    let mut run = match resumed {
        Some(run) => run,
        None => {
            match CallRun::start(
                compiled.clone(),
                p.seed.unwrap_or_else(crate::clock::random_seed),
                p.from.as_deref(),
            ) {
                Ok(r) => r,
                Err(e) => {
                    let _ = writeln!(err, "rightparty: error: {e}");
                    return Exit::Usage;
                }
            }
        }
    };
    let seed = run.save().seed;
    let text = p.format == Format::Text;
    let mut script = p.choices.clone().map(|c| c.into_iter());
    let mut o = String::new();
    if text {
        o.push_str(&format!("{} (seed {seed})\n", compiled.scenario.title));
        o.push_str(&format!("{}\n\n", crate::DISCLAIMER));
        if !was_resumed {
            o.push_str(&account_screen(&compiled));
        }
    }
    let mut events = if was_resumed {
        if text {
            o.push_str(&format!("Resumed at decision {}.\n", run.save().turn + 1));
        }
        run.current_prompt()
    } else {
        run.take_events()
    };
    // Saved after every decision, so the call survives a closed terminal.
    let save = |run: &CallRun, err: &mut dyn Write| {
        if let Some((store, trainee)) = &records
            && !matches!(run.phase(), Phase::Finished { .. })
            && let Err(e) = store.save_call_in_progress(trainee, &hash, PLAY_MODE, run.save())
        {
            let _ = writeln!(
                err,
                "rightparty: warning: the call in progress was not saved: {e}"
            );
        }
    };
    save(&run, err);
    let finished = loop {
        if text {
            for e in &events {
                print_event(&mut o, &compiled.scenario, e);
            }
        }
        let _ = out.write_all(o.as_bytes());
        o.clear();
        if matches!(run.phase(), Phase::Finished { .. }) {
            break true;
        }
        let token = match &mut script {
            Some(s) => match s.next() {
                Some(t) => t,
                None => break false,
            },
            None => {
                let _ = write!(out, "> ");
                let _ = out.flush();
                let mut line = String::new();
                match input.read_line(&mut line) {
                    Ok(0) | Err(_) => break false,
                    Ok(_) => line.trim().to_string(),
                }
            }
        };
        let action = match (run.phase(), token.trim()) {
            (Phase::Deciding { .. }, "t" | "T") => Action::TimeOut,
            (phase, n) => match n.parse().ok().and_then(|k| phase.pick(k)) {
                Some(action) => action,
                None => {
                    let what = if matches!(phase, Phase::WrappingUp { .. }) {
                        "is not a wrap-up option number"
                    } else {
                        "is not a choice number or `t`"
                    };
                    let _ = writeln!(err, "rightparty: error: `{n}` {what}");
                    if script.is_some() {
                        return Exit::Usage;
                    }
                    continue;
                }
            },
        };
        match run.act(action) {
            Ok(ev) => {
                events = ev;
                save(&run, err);
            }
            Err(e) => {
                let _ = writeln!(err, "rightparty: error: {e}");
                if script.is_some() {
                    return Exit::Usage;
                }
                events = run.current_prompt();
            }
        }
    };
    let result = run.result();
    // A call that could not be recorded is still debriefed, then exits 2.
    let mut unrecorded = false;
    if let (Some((store, trainee)), Some(r)) = (&records, &result)
        && let Err(e) = store.record_call(trainee, r, &hash)
    {
        let _ = writeln!(err, "rightparty: error: the call was not recorded: {e}");
        // Kept in memory: tried again below, before the command ends.
        unrecorded = store.pending() == 0;
    }
    if let (Some((_, trainee)), None) = (&records, &result) {
        let _ = writeln!(
            err,
            "rightparty: the call is saved; continue it with `rightparty play {} --trainee \
             {trainee} --resume`",
            p.file.display()
        );
    }
    let alternatives = result
        .as_ref()
        .map(|r| best_alternatives(&compiled, &r.decisions))
        .unwrap_or_default();
    match p.format {
        Format::Json => {
            let mut doc = match &result {
                Some(r) => serde_json::to_value(r).unwrap_or_default(),
                None => serde_json::json!({ "transcript": run.save().transcript }),
            };
            if let Some(obj) = doc.as_object_mut() {
                obj.insert("seed".into(), seed.into());
                obj.insert("finished".into(), finished.into());
                obj.insert(
                    "alternatives".into(),
                    serde_json::to_value(&alternatives).unwrap_or_default(),
                );
            }
            let _ = serde_json::to_writer_pretty(&mut *out, &doc);
            let _ = writeln!(out);
        }
        Format::Text => {
            let mut o = String::new();
            match &result {
                Some(r) => print_debrief(&mut o, &compiled, r, &alternatives),
                None => o.push_str(&format!(
                    "\nUnfinished: the call stopped at decision {} (node `{}`).\n",
                    run.save().turn + 1,
                    run.save().now.node
                )),
            }
            let _ = out.write_all(o.as_bytes());
        }
    }
    let exit = if unrecorded { Exit::Usage } else { Exit::Ok };
    match &records {
        Some((store, _)) => super::flush_pending(store, p.choices.is_none(), input, err, exit),
        None => exit,
    }
}

fn print_event(o: &mut String, s: &crate::model::Scenario, e: &Event) {
    match e {
        Event::Line(l) => o.push_str(&format!(
            "{} ({}): {}\n",
            s.speaker_label(l.speaker),
            l.tone.label(),
            l.text
        )),
        Event::Choices {
            turn,
            choices,
            deadline_seconds,
            ..
        } => {
            match deadline_seconds {
                Some(s) => o.push_str(&format!(
                    "\nDecision {turn} ({s} seconds; `t` lets it run out):\n"
                )),
                None => o.push_str(&format!("\nDecision {turn}:\n")),
            }
            for c in choices {
                o.push_str(&format!("  {}. {}\n", c.number, c.text));
            }
        }
        Event::Feedback {
            said,
            text,
            citation,
            points,
            violations,
            offer,
            ..
        } => {
            o.push_str(&format!("\nCollector: {said}\n"));
            if let Some(r) = offer {
                o.push_str(&format!("  [offer {}]\n", r.label()));
            }
            for v in violations {
                o.push_str(&format!(
                    "  [violation: {} ({:?}), {}]\n",
                    v.rule, v.severity, v.citation
                ));
            }
            o.push_str(&format!(
                "  [negotiation {:+}, composure {:+}, compliance {:+}]\n",
                points.negotiation, points.composure, points.compliance
            ));
            if let Some(t) = text {
                o.push_str(&format!("  {t}\n"));
            }
            if let Some(c) = citation {
                o.push_str(&format!("  ({c})\n"));
            }
            o.push('\n');
        }
        Event::DeadAir { .. } => o.push_str("  [dead air: the deadline passed]\n\n"),
        Event::Ended {
            outcome,
            summary,
            after,
        } => {
            o.push_str(&format!("\nCall ended: {}.\n", outcome.label()));
            if let Some(s) = summary {
                o.push_str(&format!("{s}\n"));
            }
            if !after.is_empty() {
                o.push_str("After the call:\n");
                for a in after {
                    o.push_str(&format!("  - {a}\n"));
                }
            }
        }
        Event::WrapUp { prompt, options } => {
            o.push_str(&format!("\nWrap-up: {prompt}\n"));
            for (i, opt) in options.iter().enumerate() {
                o.push_str(&format!("  {}. {opt}\n", i + 1));
            }
        }
        Event::Finished(_) => {}
    }
}

fn print_debrief(
    o: &mut String,
    c: &Compiled,
    r: &CallResult,
    alternatives: &[Option<Alternative>],
) {
    let mark = |s: u32, m: f64| if f64::from(s) >= m { "met" } else { "below" };
    o.push_str("\n=== Debrief ===\n");
    o.push_str(&format!(
        "Result: {} ({})\n",
        if r.passed { "PASS" } else { "FAIL" },
        r.outcome.label()
    ));
    o.push_str(&format!(
        "Negotiation {:>3} (pass mark {}, {})\nComposure   {:>3} (pass mark {}, {})\nCompliance  {:>3} (pass mark {}, {})\n",
        r.scores.negotiation,
        r.rubric.negotiation,
        mark(r.scores.negotiation, r.rubric.negotiation),
        r.scores.composure,
        r.rubric.composure,
        mark(r.scores.composure, r.rubric.composure),
        r.scores.compliance,
        r.rubric.compliance,
        mark(r.scores.compliance, r.rubric.compliance),
    ));
    o.push_str(&format!(
        "Wrap-up note: {}\n",
        if r.wrap_up_correct { "right" } else { "wrong" }
    ));
    if !r.objectives_met.is_empty() {
        o.push_str("Objectives this ending meets:\n");
        for m in &r.objectives_met {
            o.push_str(&format!("  - {m}\n"));
        }
    }
    o.push_str(&format!("Judged as a {} call.", c.packs.setting.label()));
    for l in &c.packs.state_law {
        o.push(' ');
        o.push_str(&l.describe());
    }
    o.push('\n');
    if r.violations.is_empty() {
        o.push_str("Violations: none\n");
    } else {
        o.push_str("Violations:\n");
        for v in &r.violations {
            o.push_str(&format!(
                "  decision {}: {} ({:?}) - {}{}\n",
                v.turn,
                v.rule,
                v.severity,
                v.citation,
                if v.reason.is_empty() {
                    String::new()
                } else {
                    format!(": {}", v.reason)
                }
            ));
        }
    }
    if !r.cautions.is_empty() {
        o.push_str("Cautions (the law is unsettled here; not scored):\n");
        for v in &r.cautions {
            o.push_str(&format!(
                "  decision {}: {} - {}: {}\n",
                v.turn, v.rule, v.citation, v.reason
            ));
        }
    }
    o.push_str("Disclosures:\n");
    for d in &r.disclosures {
        let status = match (d.required, d.given) {
            (_, true) => "given",
            (true, false) => "OWED",
            (false, false) => "not needed",
        };
        o.push_str(&format!("  {status:<10} {} ({})\n", d.name, d.citation));
    }
    o.push_str("QA scorecard:\n");
    for q in &r.qa {
        o.push_str(&format!(
            "  {:<18} {:<14} {}\n",
            q.section,
            format!("{:?}", q.status),
            q.note
        ));
    }
    o.push_str("Decisions:\n");
    for (d, alt) in r.decisions.iter().zip(alternatives) {
        let node = c.node_index(&d.node).map(|i| c.node(i));
        let chosen = match (d.chosen, node) {
            (Some(i), Some(n)) => {
                format!("{}. {}", d.chosen_number().unwrap_or(0), n.choices[i].text)
            }
            _ => "(let the time run out)".to_string(),
        };
        o.push_str(&format!(
            "  {}. {chosen}\n     [negotiation {:+}, composure {:+}, compliance {:+}]\n",
            d.turn, d.points.negotiation, d.points.composure, d.points.compliance
        ));
        if let (Some(i), Some(n)) = (d.chosen, node) {
            let ch = &n.choices[i];
            if let Some(f) = &ch.feedback {
                o.push_str(&format!("     why: {f}\n"));
            }
            if let Some(cit) = &ch.citation {
                o.push_str(&format!("     see: {cit}\n"));
            }
        }
        if let Some(a) = alt {
            o.push_str(&format!(
                "     better: {}. {} (best reachable: {} {}/{}/{})\n",
                a.number,
                a.text,
                if a.best.passed { "pass" } else { "fail" },
                a.best.scores.negotiation,
                a.best.scores.composure,
                a.best.scores.compliance
            ));
        }
    }
    o.push_str("Points:\n");
    for i in &r.items {
        o.push_str(&format!(
            "  {:+4} {:+4} {:+4}  {}\n",
            i.points.negotiation, i.points.composure, i.points.compliance, i.reason
        ));
    }
    o.push_str(&format!("\n{}\n", crate::DISCLAIMER));
}

/// The account screen a collector sees before dialling, as text (never the hidden facts).
pub fn account_screen(c: &Compiled) -> String {
    let s = &c.scenario;
    let a = &s.account;
    let dollars = |v: f64| format!("${v:.2}");
    let mut o = String::from("=== Account ===\n");
    let mut row = |k: &str, v: String| o.push_str(&format!("  {k:<18} {v}\n"));
    row("Account holder", s.debtor.name.clone());
    row("Creditor", a.creditor.clone());
    if let Some(orig) = &a.original_creditor {
        row("Original creditor", orig.clone());
    }
    row("Account number", a.account_number.clone());
    row(
        "Balance",
        format!(
            "{} (principal {}, interest {}, fees {})",
            dollars(a.balance.total()),
            dollars(a.balance.principal),
            dollars(a.balance.interest),
            dollars(a.balance.fees)
        ),
    );
    row("Days delinquent", a.days_delinquent.to_string());
    if let Some(p) = &a.last_payment {
        row(
            "Last payment",
            format!("{} on {}", dollars(p.amount), p.date),
        );
    }
    row("Setting", s.setting.label().to_string());
    row("Call", a.direction.label().to_string());
    row("State", a.debtor_state.clone());
    let (address, phone) = a.local_times();
    row("Local time", format!("{address} at the address"));
    if let Some(phone) = phone {
        row("", format!("{phone} at the phone"));
    }
    if !a.call_history.is_empty() {
        let (placed, after) = crate::call::context::call_frequency(a);
        row(
            "Calls placed",
            format!(
                "{placed} in the last 7 days, this one included{}",
                if after {
                    "; a conversation in the last 7 days"
                } else {
                    ""
                }
            ),
        );
    }
    let on_file: Vec<&str> = a.flags_on_file.iter().map(|f| f.label()).collect();
    row(
        "On file",
        if on_file.is_empty() {
            "nothing".to_string()
        } else {
            on_file.join("; ")
        },
    );
    for (k, v) in crate::call::context::history_lines(a) {
        row(k, v);
    }
    if !a.prior_notes.is_empty() {
        o.push_str("  Prior notes:\n");
        for n in &a.prior_notes {
            o.push_str(&format!("    {n}\n"));
        }
    }
    o.push('\n');
    o
}
