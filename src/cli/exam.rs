//! `rightparty exam`: draw a practice exam from a blueprint and run it, interactively in a
//! terminal or scripted with `--answers`, then print the results (text or JSON). Scripted runs
//! never read standard input and print the same bytes for the same seed.

use std::collections::{BTreeMap, HashSet};
use std::io::{BufRead, Write};
use std::path::{Path, PathBuf};

use clap::Parser;
use serde::Serialize;

use super::{Args, Exit, Format};
use crate::clock::{Clock, ManualClock, SystemClock};
use crate::content::render::TextRenderer;
use crate::content::{CheckOptions, ContentSet, Level, collect_files, load_paths};
use crate::exam::assemble::DEFAULT_RECENT_WINDOW;
use crate::exam::scoring::{format_percent, format_points};
use crate::exam::session::answer_problem;
use crate::exam::{
    Action, AssembledExam, Env, Event, ExamItem, ExamResult, MemoryStore, Phase, RecentItems,
    Session, SessionMode, StartOptions, SubmitReason, TimeLimit, assemble, format_duration,
    modeled_on_notice, result_notice,
};
use crate::exam::{SessionSaver, SessionState};
use crate::model::{ExamBlueprint, ExamMode, QuestionBank, QuestionKind};
use crate::store::Store;

/// Arguments of `exam`.
#[derive(Debug, Parser)]
pub struct ExamArgs {
    /// A blueprint file, or the id of a blueprint under `question_banks/`.
    #[arg(value_name = "BLUEPRINT")]
    pub blueprint: String,
    /// Seed for the draw: the same seed gives the same exam (default: a random seed, printed).
    #[arg(long)]
    pub seed: Option<u64>,
    /// Practice mode: feedback after each answer; untimed unless `--minutes` is given.
    #[arg(long)]
    pub practice: bool,
    /// Scripted answers in shown order, comma-separated: letters (`B`, `AC` for multiple
    /// response), `T`/`F` for true/false, `-` for unanswered. Fewer answers than questions
    /// leaves the rest unanswered. Never reads standard input.
    #[arg(long, value_name = "B,AC,T,-,...", allow_hyphen_values = true)]
    pub answers: Option<String>,
    /// Output format of the results.
    #[arg(long, value_enum, default_value = "text")]
    pub format: Format,
    /// A custom time limit in minutes (instead of the blueprint's, or of untimed practice).
    #[arg(long, value_name = "MINUTES")]
    pub minutes: Option<u32>,
    /// Extra time as a factor of the limit, an accommodation such as 1.5 (default: the
    /// trainee's stored extra time with --trainee, else none).
    #[arg(long, value_name = "FACTOR")]
    pub extra_time: Option<f64>,
    /// Save the running exam after every answer and record the finished attempt for this
    /// trainee (created on first use) in the data folder. Questions the trainee saw in their
    /// recent attempts are avoided, and an unfinished exam of this blueprint can be resumed.
    #[arg(long, value_name = "NAME", value_parser = super::trainee_name)]
    pub trainee: Option<String>,
    /// Resume the trainee's unfinished exam of this blueprint without asking.
    #[arg(long, requires = "trainee", conflicts_with = "new")]
    pub resume: bool,
    /// Start a new exam without asking, leaving an unfinished one saved.
    #[arg(long, requires = "trainee")]
    pub new: bool,
}

/// How the session begins: a new draw, or a saved attempt resumed.
pub enum Start {
    /// A new attempt.
    New(Box<(AssembledExam, StartOptions)>),
    /// The saved attempt of this id.
    Resume(String),
}

/// The trainee's latest unfinished attempt of this blueprint, if any. A saved attempt that
/// cannot be read (damaged, or written by a newer build) is an error naming it: it may be the
/// one the trainee means to resume, so it is never passed over in silence, and it is kept.
fn unfinished_attempt(
    store: &Store,
    trainee: &str,
    blueprint: &str,
) -> Result<Option<SessionState>, String> {
    let ids = SessionSaver::unfinished(store, trainee).map_err(|e| e.to_string())?;
    for id in ids.iter().rev() {
        match store.load(id) {
            Ok(Some(s)) if s.exam.blueprint.id == blueprint => return Ok(Some(s)),
            Ok(_) => {}
            Err(e) => {
                return Err(format!(
                    "{trainee}'s unfinished exam {id} cannot be read ({e}); it was left as it is. \
                     Use a build that can read it, or start a new exam with --new (the saved one is kept)"
                ));
            }
        }
    }
    Ok(None)
}

/// Whether to resume `saved`: `--resume` yes, `--new` or a scripted run no (saying how to
/// resume), otherwise the trainee is asked.
fn ask_resume(
    e: &ExamArgs,
    saved: &SessionState,
    input: &mut dyn BufRead,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> std::io::Result<bool> {
    if e.resume {
        return Ok(true);
    }
    let answered = saved.items.iter().filter(|i| i.answer.is_some()).count();
    let what = format!(
        "{} has an unfinished {} exam (started {}, {answered} of {} answered)",
        saved.trainee,
        saved.exam.blueprint.name,
        saved.created_at.format("%Y-%m-%d %H:%M UTC"),
        saved.items.len()
    );
    if e.new {
        return Ok(false);
    }
    if e.answers.is_some() {
        writeln!(
            err,
            "rightparty: note: {what}; it stays saved (add --resume to continue it)"
        )?;
        return Ok(false);
    }
    write!(out, "{what}. Resume it? [Y/n] ")?;
    out.flush()?;
    let mut line = String::new();
    input.read_line(&mut line)?;
    Ok(!matches!(
        line.trim().to_ascii_lowercase().as_str(),
        "n" | "no"
    ))
}

/// Runs `exam`.
pub fn run(
    args: &Args,
    e: &ExamArgs,
    out: &mut dyn Write,
    err: &mut dyn Write,
    input: &mut dyn BufRead,
) -> Exit {
    let (bp, banks) = match load(args, e, err) {
        Ok(found) => found,
        Err(exit) => return exit,
    };
    let records = match &e.trainee {
        Some(_) => match super::open_store(args, err) {
            Ok(store) => Some(store),
            Err(code) => return code,
        },
        None => None,
    };
    // With a trainee: their stored extra time, their recent questions avoided, and an
    // unfinished attempt of this blueprint offered for resuming.
    let mut stored_extra = None;
    let mut recent = RecentItems::none();
    if let (Some(store), Some(name)) = (&records, e.trainee.as_deref()) {
        let found = store
            .find_trainee(name)
            .and_then(|t| Ok((t, store.exam_attempts(Some(name))?)));
        match found {
            Ok((t, history)) => {
                stored_extra = t.map(|t| t.extra_time);
                recent = RecentItems::from_attempts(&history, DEFAULT_RECENT_WINDOW);
            }
            Err(x) => {
                let _ = writeln!(err, "rightparty: error: {x}");
                return Exit::Usage;
            }
        }
        let saved = match unfinished_attempt(store, name, &bp.id) {
            Ok(saved) => saved,
            Err(why) if !e.new => {
                let _ = writeln!(err, "rightparty: error: {why}");
                return Exit::Usage;
            }
            Err(_) => None,
        };
        if let Some(saved) = saved {
            match ask_resume(e, &saved, input, out, err) {
                Ok(true) => {
                    let start = Start::Resume(saved.attempt_id);
                    return run_session(e, start, records, input, out, err);
                }
                Ok(false) => {}
                Err(x) => return super::exit_after_output(Err(x), err),
            }
        } else if e.resume {
            let _ = writeln!(
                err,
                "rightparty: note: {name} has no unfinished {} exam; starting a new one",
                bp.id
            );
        }
    } else if e.resume {
        let _ = writeln!(err, "rightparty: error: --resume needs --trainee");
        return Exit::Usage;
    }
    let seed = e.seed.unwrap_or_else(crate::clock::random_seed);
    let bank_refs: Vec<&QuestionBank> = banks.iter().collect();
    let exam = match assemble(&bp, &bank_refs, seed, &recent) {
        Ok(exam) => exam,
        Err(x) => {
            let _ = writeln!(err, "rightparty: error: {x}");
            return Exit::ContentErrors;
        }
    };
    let mode = if e.practice || bp.mode == ExamMode::Practice {
        SessionMode::Practice
    } else {
        SessionMode::Exam
    };
    let who = e.trainee.as_deref().unwrap_or("cli");
    let mut opts = match mode {
        SessionMode::Exam => StartOptions::exam(who),
        _ => StartOptions::practice(who),
    };
    if let Some(m) = e.minutes {
        opts.time_limit = TimeLimit::Minutes(m);
    }
    opts.extra_time = e.extra_time.or(stored_extra).unwrap_or(1.0);
    run_session(
        e,
        Start::New(Box::new((exam, opts))),
        records,
        input,
        out,
        err,
    )
}

/// Runs the session scripted or interactively, then makes sure the attempt was written.
fn run_session(
    e: &ExamArgs,
    start: Start,
    records: Option<Store>,
    input: &mut dyn BufRead,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Exit {
    let written = match &e.answers {
        Some(spec) => scripted(start, records.clone(), spec, e.format, out, err),
        None => {
            let clock = SystemClock::new();
            let clock = Box::new(clock);
            interactive(start, records.clone(), clock, input, e.format, out, err)
        }
    };
    let exit = super::exit_after_output(written, err);
    match records {
        Some(store) => super::flush_pending(&store, e.answers.is_none(), input, err, exit),
        None => exit,
    }
}

/// Finds the blueprint (a file, or an id under `question_banks/`) and the banks it draws from.
/// Content errors in them exit 1; a blueprint that cannot be found exits 2.
fn load(
    args: &Args,
    e: &ExamArgs,
    err: &mut dyn Write,
) -> Result<(ExamBlueprint, Vec<QuestionBank>), Exit> {
    let base = args.content.clone().unwrap_or_default();
    let banks_dir = base.join("question_banks");
    let as_file = Path::new(&e.blueprint);
    let (set, wanted) = if as_file.is_file() {
        // The file, the content files beside it, and the banks folder (each file once).
        let mut files = vec![as_file.to_path_buf()];
        if let Some(dir) = as_file.parent() {
            let dir = if dir.as_os_str().is_empty() {
                Path::new(".")
            } else {
                dir
            };
            if let Ok(rd) = std::fs::read_dir(dir) {
                let mut siblings: Vec<PathBuf> = rd
                    .filter_map(|d| d.ok().map(|d| d.path()))
                    .filter(|p| p.is_file() && p.extension().is_some_and(|x| x == "ron"))
                    .collect();
                siblings.sort();
                files.extend(siblings);
            }
        }
        if banks_dir.is_dir() {
            files.extend(collect_files(std::slice::from_ref(&banks_dir)).0);
        }
        let mut seen = HashSet::new();
        files.retain(|f| seen.insert(std::fs::canonicalize(f).unwrap_or_else(|_| f.clone())));
        let set = load_paths(&files, &CheckOptions::default());
        let target = std::fs::canonicalize(as_file).ok();
        let found = set
            .blueprints
            .iter()
            .position(|b| std::fs::canonicalize(&b.path).ok() == target);
        if found.is_none()
            && !set
                .diagnostics_for(as_file)
                .any(|d| d.level == Level::Error)
        {
            let _ = writeln!(
                err,
                "rightparty: error: {} is not an exam blueprint (it must start with `ExamBlueprint(`)",
                as_file.display()
            );
            return Err(Exit::Usage);
        }
        (set, found)
    } else {
        if !banks_dir.is_dir() {
            let _ = writeln!(
                err,
                "rightparty: error: `{}` is neither a blueprint file nor a blueprint id: there is no folder {} to look in",
                e.blueprint,
                banks_dir.display()
            );
            return Err(Exit::Usage);
        }
        let set = load_paths(std::slice::from_ref(&banks_dir), &CheckOptions::default());
        let found = set.blueprints.iter().position(|b| b.item.id == e.blueprint);
        if found.is_none() {
            let mut known: Vec<&str> = set.blueprints.iter().map(|b| b.item.id.as_str()).collect();
            known.sort_unstable();
            let _ = writeln!(
                err,
                "rightparty: error: `{}` is neither a blueprint file nor the id of a blueprint under {} (known: {})",
                e.blueprint,
                banks_dir.display(),
                if known.is_empty() {
                    "none".to_string()
                } else {
                    known.join(", ")
                }
            );
            return Err(Exit::Usage);
        }
        (set, found)
    };
    for x in &set.io_errors {
        let _ = writeln!(err, "rightparty: error: {x}");
    }
    if !set.io_errors.is_empty() {
        return Err(Exit::Usage);
    }
    let Some(found) = wanted else {
        // The blueprint file itself did not load.
        report_errors(&set, &[PathBuf::from(&e.blueprint)], err);
        return Err(Exit::ContentErrors);
    };
    let bp = &set.blueprints[found];
    let banks: Vec<_> = set
        .banks
        .iter()
        .filter(|b| bp.item.banks.contains(&b.item.id))
        .collect();
    let mut files = vec![bp.path.clone()];
    files.extend(banks.iter().map(|b| b.path.clone()));
    if !bp.usable() || banks.iter().any(|b| !b.usable()) {
        report_errors(&set, &files, err);
        return Err(Exit::ContentErrors);
    }
    Ok((
        bp.item.clone(),
        banks.into_iter().map(|b| b.item.clone()).collect(),
    ))
}

/// Prints the errors found in these files.
fn report_errors(set: &ContentSet, files: &[PathBuf], err: &mut dyn Write) {
    let renderer = TextRenderer::new(false);
    let mut n = 0;
    for f in files {
        for d in set.diagnostics_for(f).filter(|d| d.level == Level::Error) {
            let _ = writeln!(err, "{}", renderer.render(d));
            n += 1;
        }
    }
    let _ = writeln!(
        err,
        "rightparty: error: the blueprint or its banks have {n} content errors; fix them (see `rightparty validate`) before taking this exam"
    );
}

/// Parses `--answers` against the exam: one entry per question, `None` when unanswered.
pub fn parse_answers(spec: &str, items: &[ExamItem]) -> Result<Vec<Option<Vec<usize>>>, String> {
    if spec.trim().is_empty() {
        return Ok(vec![]);
    }
    let tokens: Vec<&str> = spec.split(',').map(str::trim).collect();
    if tokens.len() > items.len() {
        return Err(format!(
            "{} answers given, but the exam has {} questions",
            tokens.len(),
            items.len()
        ));
    }
    tokens
        .iter()
        .zip(items)
        .enumerate()
        .map(|(i, (tok, item))| {
            if tok.is_empty() || *tok == "-" {
                return Ok(None);
            }
            let choice = parse_choice(tok, item).map_err(|m| format!("question {}: {m}", i + 1))?;
            match answer_problem(item, &choice) {
                Some(p) => Err(format!("question {}: `{tok}`: {p}", i + 1)),
                None => Ok(Some(choice)),
            }
        })
        .collect()
}

/// Letters (or T/F) to shown positions.
fn parse_choice(tok: &str, item: &ExamItem) -> Result<Vec<usize>, String> {
    let up = tok.to_ascii_uppercase();
    if item.question.kind == QuestionKind::TrueFalse {
        return match up.as_str() {
            "T" | "TRUE" => Ok(vec![0]),
            "F" | "FALSE" => Ok(vec![1]),
            _ => Err(format!("`{tok}`: a true/false question takes T or F")),
        };
    }
    up.chars()
        .map(|c| {
            if c.is_ascii_uppercase() {
                Ok((c as u8 - b'A') as usize)
            } else {
                Err(format!("`{tok}` is not option letters (such as B or AC)"))
            }
        })
        .collect()
}

/// A session saved to `records` when given, else kept in memory only.
fn new_session(
    start: Start,
    records: Option<Store>,
    clock: Box<dyn Clock>,
) -> Result<Session, crate::exam::SessionError> {
    let env = match records {
        Some(store) => Env {
            clock,
            saver: Box::new(store.clone()),
            history: Box::new(store),
        },
        None => {
            let store = MemoryStore::new();
            Env {
                clock,
                saver: Box::new(store.clone()),
                history: Box::new(store),
            }
        }
    };
    match start {
        Start::New(new) => Session::start(new.0, new.1, env),
        Start::Resume(id) => Session::resume(&id, env),
    }
}

/// A scripted run: answers every question from `spec`, submits, prints the results.
fn scripted(
    start: Start,
    records: Option<Store>,
    spec: &str,
    format: Format,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> std::io::Result<Exit> {
    let items = match (&start, &records) {
        (Start::New(new), _) => new.0.items.clone(),
        (Start::Resume(id), Some(store)) => match store.load(id) {
            Ok(Some(s)) => s.exam.items,
            _ => {
                writeln!(err, "rightparty: error: the saved exam {id} cannot be read")?;
                return Ok(Exit::Usage);
            }
        },
        (Start::Resume(_), None) => Vec::new(),
    };
    let answers = match parse_answers(spec, &items) {
        Ok(a) => a,
        Err(m) => {
            writeln!(err, "rightparty: error: --answers: {m}")?;
            return Ok(Exit::Usage);
        }
    };
    // A clock that never moves: no wall-clock time reaches the output. A recorded attempt's
    // calendar starts now, so its dates are real (the printed output holds no dates).
    let clock = match records {
        Some(_) => ManualClock::starting_at(chrono::Utc::now()),
        None => ManualClock::new(),
    };
    let mut session = match new_session(start, records, Box::new(clock)) {
        Ok(s) => s,
        Err(x) => {
            writeln!(err, "rightparty: error: {x}")?;
            return Ok(Exit::Usage);
        }
    };
    let mut text = String::new();
    if format == Format::Text {
        header(&session, &mut text);
    }
    let n = session.state().items.len();
    // A resumed attempt has begun already.
    let begin = (session.state().phase == Phase::Rules).then_some(Action::Begin);
    let steps = begin.into_iter().chain((0..n).flat_map(|i| {
        let go = (i > 0).then_some(Action::GoTo(i));
        let answer = answers.get(i).cloned().flatten().map(Action::Answer);
        go.into_iter().chain(answer)
    }));
    for action in steps.chain(std::iter::once(Action::ConfirmSubmit)) {
        match session.apply(action) {
            Ok(events) => {
                if format == Format::Text {
                    for ev in &events {
                        describe_event(&session, ev, &mut text);
                    }
                }
            }
            Err(x) => {
                writeln!(err, "rightparty: error: {x}")?;
                return Ok(Exit::Usage);
            }
        }
    }
    finish(&session, format, &mut text);
    out.write_all(text.as_bytes())?;
    Ok(Exit::Ok)
}

/// The exam's header: the rules screen (name, the modeled-on notice, count, pass mark, time,
/// mode, the training-material notice) and the seed.
fn header(session: &Session, text: &mut String) {
    for line in session.rules() {
        text.push_str(&line);
        text.push('\n');
    }
    text.push_str(&format!(
        "Seed {} (the same seed draws the same exam).\n\n",
        session.state().exam.seed
    ));
}

/// What an event means to the trainee, as text (nothing for routine moves).
fn describe_event(session: &Session, ev: &Event, text: &mut String) {
    let st = session.state();
    match ev {
        Event::Feedback {
            item,
            correct,
            key,
            explanation,
            citation,
            ..
        } => {
            let q = &st.exam.items[*item].question;
            text.push_str(&format!(
                "Question {} [{}]: {}. Key: {key}.\n",
                item + 1,
                q.id,
                if *correct { "right" } else { "wrong" }
            ));
            if let Some(x) = explanation {
                text.push_str(&format!("  Why: {}\n", one_line(x)));
            }
            if let Some(c) = citation {
                text.push_str(&format!("  Source: {c}\n"));
            }
        }
        Event::TimeWarning { remaining, .. } => {
            text.push_str(&format!("** {} left **\n", format_duration(*remaining)));
        }
        Event::ConfirmSubmit {
            unanswered,
            flagged,
        } => {
            text.push_str(&format!(
                "{unanswered} questions are unanswered and {flagged} flagged. Type `submit` again to submit anyway, or go back to them.\n"
            ));
        }
        Event::Submitted {
            reason: SubmitReason::TimeUp,
        } => {
            text.push_str("Time is up: the exam was submitted with the answers given.\n");
        }
        _ => {}
    }
}

fn one_line(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The results in the chosen format.
fn finish(session: &Session, format: Format, text: &mut String) {
    let Some(result) = session.result() else {
        return;
    };
    match format {
        Format::Text => results_text(session, &result, text),
        Format::Json => {
            let report = JsonResult::new(session, &result);
            if let Ok(s) = serde_json::to_string_pretty(&report) {
                text.push_str(&s);
                text.push('\n');
            }
        }
    }
}

fn results_text(session: &Session, r: &ExamResult, text: &mut String) {
    let st = session.state();
    let bp = &st.exam.blueprint;
    let correct = r.items.iter().filter(|i| i.correct).count();
    text.push_str(&format!(
        "\nResult: {}% ({} of {} right{}): {} (pass mark {}%)\n",
        format_percent(r.percent),
        correct,
        r.items.len(),
        if (r.points - correct as f64).abs() > 1e-9 {
            format!(", {:.2} points with partial credit", r.points)
        } else {
            String::new()
        },
        if r.passed { "PASS" } else { "FAIL" },
        format_percent(r.pass_mark),
    ));
    text.push_str(&format!(
        "Answered {}, unanswered {}. Time used {}.\n",
        r.answered,
        r.unanswered,
        format_duration(r.time_used)
    ));
    text.push_str(&result_notice(bp));
    text.push('\n');
    text.push_str("\nBy domain, weakest first:\n");
    for d in &r.domains {
        text.push_str(&format!(
            "  {:>6}%  {} of {}  {} ({})\n",
            format_percent(d.percent),
            format_points(d.points),
            d.items,
            d.name,
            d.id
        ));
    }
    text.push_str("\nReview:\n");
    for item in &r.items {
        let status = item.outcome().label().to_ascii_uppercase();
        text.push_str(&format!(
            "\n{}. [{}] {}{}  {}\n",
            item.number,
            item.question_id,
            status,
            if item.flagged { " (flagged)" } else { "" },
            item.domain
        ));
        for line in &item.excerpt {
            text.push_str(&format!("   {line}\n"));
        }
        text.push_str(&format!("   {}\n", one_line(&item.stem)));
        let kind = st.exam.items[item.number - 1].question.kind;
        if kind != QuestionKind::TrueFalse {
            for (i, o) in item.options.iter().enumerate() {
                text.push_str(&format!(
                    "   {}. {}\n",
                    crate::exam::assemble::letter(i),
                    one_line(o)
                ));
            }
        }
        text.push_str(&format!("   {}\n", item.answer_line()));
        if let Some(x) = &item.explanation {
            text.push_str(&format!("   Why: {}\n", one_line(x)));
        }
        if let Some(c) = &item.citation {
            text.push_str(&format!("   Source: {c}\n"));
        }
    }
    text.push_str(&format!("\n{}\n", crate::DISCLAIMER));
}

/// `--format json`.
#[derive(Serialize)]
struct JsonResult<'a> {
    blueprint: &'a str,
    name: &'a str,
    modeled_on: String,
    mode: SessionMode,
    seed: u64,
    score: f64,
    pass_mark: f64,
    passed: bool,
    points: f64,
    max_points: f64,
    answered: usize,
    unanswered: usize,
    time_limit_seconds: Option<u64>,
    time_used_seconds: u64,
    /// Domain id to percent.
    domains: BTreeMap<&'a str, f64>,
    /// Weakest first, with names and counts.
    domain_results: &'a [crate::exam::DomainScore],
    items: Vec<JsonItem<'a>>,
    notice: &'static str,
}

#[derive(Serialize)]
struct JsonItem<'a> {
    number: usize,
    question_id: &'a str,
    domain: &'a str,
    answer: Option<&'a str>,
    key: &'a str,
    correct: bool,
    score: f64,
    flagged: bool,
    time_seconds: u64,
    explanation: Option<&'a str>,
    citation: Option<&'a str>,
}

impl<'a> JsonResult<'a> {
    fn new(session: &'a Session, r: &'a ExamResult) -> Self {
        let st = session.state();
        let bp = &st.exam.blueprint;
        JsonResult {
            blueprint: &bp.id,
            name: &bp.name,
            modeled_on: modeled_on_notice(bp),
            mode: st.mode,
            seed: st.exam.seed,
            score: r.percent,
            pass_mark: r.pass_mark,
            passed: r.passed,
            points: r.points,
            max_points: r.max_points,
            answered: r.answered,
            unanswered: r.unanswered,
            time_limit_seconds: st.time_limit().map(|t| t.as_secs()),
            time_used_seconds: r.time_used.as_secs(),
            domains: r
                .domains
                .iter()
                .map(|d| (d.id.as_str(), d.percent))
                .collect(),
            domain_results: &r.domains,
            items: r
                .items
                .iter()
                .map(|i| JsonItem {
                    number: i.number,
                    question_id: &i.question_id,
                    domain: &i.domain,
                    answer: (!i.answer.is_empty()).then_some(i.answer.as_str()),
                    key: &i.key,
                    correct: i.correct,
                    score: i.score,
                    flagged: i.flagged,
                    time_seconds: i.time.as_secs(),
                    explanation: i.explanation.as_deref(),
                    citation: i.citation.as_deref(),
                })
                .collect(),
            notice: crate::DISCLAIMER,
        }
    }
}

const HELP: &str = "Commands: a letter to answer (B; AC for several; T or F), Enter or `next`, `back`, `go N`, `flag`, `unflag`, `clear`, `review`, `submit`, `help`, `quit`.";

/// An interactive run: the rules screen, then one question screen per prompt, reading commands
/// line by line until the exam is submitted (by the trainee or the clock).
#[allow(clippy::too_many_arguments)]
pub fn interactive(
    start: Start,
    records: Option<Store>,
    clock: Box<dyn Clock>,
    input: &mut dyn BufRead,
    format: Format,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> std::io::Result<Exit> {
    let mut session = match new_session(start, records, clock) {
        Ok(s) => s,
        Err(x) => {
            writeln!(err, "rightparty: error: {x}")?;
            return Ok(Exit::Usage);
        }
    };
    let mut text = String::new();
    header(&session, &mut text);
    if session.state().phase == Phase::Rules {
        text.push_str("Press Enter to begin (or type `quit`).\n");
    } else {
        text.push_str("Resumed where it was left.\n");
        question_screen(&session, &mut text);
    }
    out.write_all(text.as_bytes())?;
    out.flush()?;
    let mut pending_confirm = false;
    loop {
        let mut line = String::new();
        if input.read_line(&mut line)? == 0 {
            writeln!(
                err,
                "rightparty: input ended before the exam was submitted; nothing was scored"
            )?;
            return Ok(Exit::Usage);
        }
        let cmd = line.trim();
        let mut text = String::new();
        let phase = session.state().phase;
        let action = if cmd.eq_ignore_ascii_case("quit") {
            writeln!(out, "Attempt abandoned; nothing was scored.")?;
            return Ok(Exit::Ok);
        } else if phase == Phase::Rules {
            Some(Action::Begin)
        } else {
            match parse_command(cmd, &session) {
                Ok(Command::Help) => {
                    text.push_str(HELP);
                    text.push('\n');
                    None
                }
                Ok(Command::Act(Action::Submit)) if pending_confirm => Some(Action::ConfirmSubmit),
                Ok(Command::Act(a)) => Some(a),
                Err(m) => {
                    text.push_str(&format!("{m}\n{HELP}\n"));
                    None
                }
            }
        };
        let action = action.unwrap_or(Action::Tick);
        pending_confirm = false;
        match session.apply(action) {
            Ok(events) => {
                for ev in &events {
                    if let Event::ConfirmSubmit { .. } = ev {
                        pending_confirm = true;
                    }
                    if let Event::ReviewOpened { summary } = ev {
                        text.push_str(&format!(
                            "Review: {} answered, {} unanswered {:?}, {} flagged {:?}, {} unseen {:?}. `go N` to return to a question, `submit` to finish.\n",
                            summary.answered,
                            summary.unanswered,
                            summary.numbers(|s| !s.answered),
                            summary.flagged,
                            summary.numbers(|s| s.flagged),
                            summary.unseen,
                            summary.numbers(|s| !s.seen),
                        ));
                    }
                    describe_event(&session, ev, &mut text);
                }
            }
            Err(x) => text.push_str(&format!("{x}\n")),
        }
        match session.state().phase {
            Phase::Submitted => {
                finish(&session, format, &mut text);
                out.write_all(text.as_bytes())?;
                return Ok(Exit::Ok);
            }
            Phase::InProgress => question_screen(&session, &mut text),
            _ => text.push_str("> "),
        }
        out.write_all(text.as_bytes())?;
        out.flush()?;
    }
}

enum Command {
    Act(Action),
    Help,
}

fn parse_command(cmd: &str, session: &Session) -> Result<Command, String> {
    let lower = cmd.to_ascii_lowercase();
    let words: Vec<&str> = lower.split_whitespace().collect();
    let act = |a| Ok(Command::Act(a));
    match words.as_slice() {
        [] | ["next"] => act(Action::Next),
        ["back"] | ["previous"] | ["prev"] => act(Action::Previous),
        ["go", n] | ["goto", n] => match n.parse::<usize>() {
            Ok(n) if n >= 1 => act(Action::GoTo(n - 1)),
            _ => Err(format!("`{cmd}`: give a question number from 1")),
        },
        ["flag"] => act(Action::Flag),
        ["unflag"] => act(Action::Unflag),
        ["clear"] => act(Action::Clear),
        ["review"] => act(Action::Review),
        ["submit"] => act(Action::Submit),
        ["help"] | ["?"] => Ok(Command::Help),
        [word] => {
            let item = session.state().current();
            parse_choice(word, item).map(|c| Command::Act(Action::Answer(c)))
        }
        _ => Err(format!("`{cmd}` is not a command")),
    }
}

/// The question on screen: number, flag, time left, excerpt, stem, options, current answer.
fn question_screen(session: &Session, text: &mut String) {
    let st = session.state();
    let i = st.position;
    let item = st.current();
    let state = &st.items[i];
    text.push_str(&format!(
        "\nQuestion {} of {}{}{}\n",
        i + 1,
        st.items.len(),
        if state.flagged { " (flagged)" } else { "" },
        match st.remaining() {
            Some(r) => format!(" | {} left", format_duration(r)),
            None => String::new(),
        }
    ));
    for l in &item.question.excerpt {
        text.push_str(&format!("  {:?}: {}\n", l.speaker, l.text));
    }
    text.push_str(&format!("{}\n", item.question.stem));
    if item.question.kind == QuestionKind::TrueFalse {
        text.push_str("  T. True\n  F. False\n");
    } else {
        for (p, o) in item.options().iter().enumerate() {
            text.push_str(&format!("  {}. {o}\n", crate::exam::assemble::letter(p)));
        }
        if item.is_multiple() {
            text.push_str("  (Choose all that apply, e.g. AC.)\n");
        }
    }
    if let Some(a) = &state.answer {
        text.push_str(&format!("Your answer: {}\n", item.letters(a)));
    }
    text.push_str("> ");
}
