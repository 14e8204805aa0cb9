//! Report benchmark (issue 6, Performance): with 100,000 stored call attempts and 10,000 exam
//! attempts spread over 200 trainees in 10 cohorts, one trainee's progress query (target under
//! 50 ms) and one cohort's report (target under 1 s), on the disk under the target folder.
//!
//! The store is filled in one transaction straight through SQL (recording 110,000 attempts one
//! by one, each with its own synced commit, would take many minutes). The rows hold real call
//! results and exam records, played and taken on the shipped content with varied choices; the
//! chain hashes are placeholders, since `--verify` is not what is measured.
//!
//! Run: `cargo bench --bench report` (add `-- --quick` for a faster, rougher run).

mod support;
use support::mean_ns;

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use criterion::Criterion;
use rightparty::call::{Action as CallAction, CallResult, CallRun, Phase as CallPhase};
use rightparty::clock::ManualClock;
use rightparty::content::{CheckOptions, load_paths};
use rightparty::exam::{
    Action, AttemptRecord, Env, History, MemoryStore, RecentItems, Session, StartOptions, assemble,
};
use rightparty::store::Store;
use rightparty::store::report::ContentIndex;

const CALLS: usize = 100_000;
const EXAMS: usize = 10_000;
const TRAINEES: usize = 200;
const COHORTS: usize = 10;
const PROGRESS_TARGET_MS: f64 = 50.0;
const COHORT_TARGET_MS: f64 = 1000.0;

fn options() -> CheckOptions {
    CheckOptions {
        today: "2026-11-23".parse().expect("a date"),
    }
}

/// Distinct call results: each shipped scenario played choosing shown option 1, 2, 3 or a
/// mix, under a few seeds.
fn call_results() -> Vec<CallResult> {
    let mut out = Vec::new();
    for file in [
        "scenarios/first-contact-verification.ron",
        "scenarios/dispute-in-validation-period.ron",
    ] {
        let c = rightparty::cli::play::load_scenario(Path::new(file), &mut Vec::new())
            .expect("a shipped scenario");
        for pattern in 0..6usize {
            let mut run = CallRun::start(c.clone(), pattern as u64, None).expect("starts");
            for turn in 0..200usize {
                let action = match run.phase() {
                    CallPhase::Deciding { shown } => {
                        CallAction::Choose((pattern + turn * (pattern % 3)) % shown.len() + 1)
                    }
                    CallPhase::WrappingUp { .. } => CallAction::WrapUp(1 + pattern % 2),
                    CallPhase::Finished { .. } => break,
                };
                run.act(action).expect("a valid choice");
            }
            out.push(run.result().expect("the call finished"));
        }
    }
    out
}

/// Distinct exam records: the shipped blueprint drawn under several seeds, answered with a
/// different pattern each.
fn exam_records() -> Vec<AttemptRecord> {
    let set = load_paths(&[PathBuf::from("question_banks")], &options());
    let bp = &set.blueprints.first().expect("a shipped blueprint").item;
    let banks: Vec<_> = set.banks.iter().map(|b| &b.item).collect();
    let store = MemoryStore::new();
    for seed in 0..12u64 {
        let exam = assemble(bp, &banks, seed, &RecentItems::none()).expect("draws");
        let clock = ManualClock::new();
        let env = Env {
            clock: Box::new(clock.clone()),
            saver: Box::new(store.clone()),
            history: Box::new(store.clone()),
        };
        let mut s = Session::start(exam, StartOptions::exam("bench"), env).expect("starts");
        s.apply(Action::Begin).expect("begins");
        for i in 0..s.state().items.len() {
            let pick = (i as u64 * (seed + 1) + seed) % 2;
            s.apply(Action::Answer(vec![pick as usize]))
                .expect("answers");
            let _ = s.apply(Action::Next);
        }
        s.apply(Action::ConfirmSubmit).expect("submits");
    }
    store.attempts(None).expect("records")
}

/// The outcome as the store writes it (its serde name).
fn outcome(r: &CallResult) -> String {
    let v = serde_json::to_value(r.outcome).expect("json");
    v.as_str().map_or_else(|| v.to_string(), str::to_string)
}

/// Fills `store`'s file with the trainees and attempts, in one transaction.
fn fill(store: &Store) {
    let calls = call_results();
    let exams = exam_records();
    let mut conn = rusqlite::Connection::open(store.path()).expect("opens");
    conn.pragma_update(None, "synchronous", "OFF")
        .expect("pragma");
    let tx = conn.transaction().expect("begins");
    for t in 0..TRAINEES {
        tx.execute(
            "INSERT INTO trainees (id, name, cohort, created_at) VALUES (?1, ?2, ?3, ?4)",
            rusqlite::params![
                t as i64 + 1,
                format!("trainee-{t:03}"),
                format!("cohort-{:02}", t % COHORTS),
                "2026-01-01T00:00:00.000Z"
            ],
        )
        .expect("a trainee");
    }
    let call_json: Vec<String> = calls
        .iter()
        .map(|c| serde_json::to_string(c).expect("json"))
        .collect();
    let mut call_stmt = tx
        .prepare(
            "INSERT INTO call_attempts (seq, trainee_id, scenario_id, content_hash, seed,
                 negotiation, composure, compliance, passed, outcome, finished_at, json,
                 prev_hash, hash)
             VALUES (?1, ?2, ?3, 'h', ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, 'p', 'h')",
        )
        .expect("prepares");
    let mut exam_stmt = tx
        .prepare(
            "INSERT INTO exam_attempts (seq, attempt_id, trainee_id, blueprint_id, score_percent,
                 passed, finished_at, json, prev_hash, hash)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, 'p', 'h')",
        )
        .expect("prepares");
    let every = (CALLS + EXAMS) / EXAMS; // one exam in every 11 attempts
    let (mut c, mut e) = (0usize, 0usize);
    for seq in 1..=(CALLS + EXAMS) as i64 {
        let trainee = (seq as usize * 7919) % TRAINEES; // spread, not in runs
        let at = chrono::DateTime::from_timestamp(1_767_225_600 + seq * 60, 0)
            .expect("a time")
            .to_rfc3339_opts(chrono::SecondsFormat::Millis, true);
        if ((seq as usize).is_multiple_of(every) && e < EXAMS) || c >= CALLS {
            let mut rec = exams[e % exams.len()].clone();
            rec.attempt_id = format!("bench-{e}");
            rec.trainee = format!("trainee-{trainee:03}");
            exam_stmt
                .execute(rusqlite::params![
                    seq,
                    rec.attempt_id,
                    trainee as i64 + 1,
                    rec.blueprint_id,
                    rec.score_percent,
                    rec.passed,
                    at,
                    rec.to_json().expect("json"),
                ])
                .expect("an exam");
            e += 1;
        } else {
            let k = c % calls.len();
            let r = &calls[k];
            call_stmt
                .execute(rusqlite::params![
                    seq,
                    trainee as i64 + 1,
                    r.scenario,
                    r.seed as i64,
                    r.scores.negotiation,
                    r.scores.composure,
                    r.scores.compliance,
                    r.passed,
                    outcome(r),
                    at,
                    call_json[k],
                ])
                .expect("a call");
            c += 1;
        }
    }
    drop(call_stmt);
    drop(exam_stmt);
    tx.commit().expect("commits");
    assert_eq!((c, e), (CALLS, EXAMS));
}

fn main() {
    let target = std::env::var("CARGO_TARGET_DIR").unwrap_or_else(|_| "target".into());
    std::fs::create_dir_all(&target).expect("target folder");
    let dir = tempfile::tempdir_in(&target).expect("a temp folder on disk");
    let store = Store::open(dir.path()).expect("opens");
    let started = Instant::now();
    fill(&store);
    let size = std::fs::metadata(store.path())
        .map(|m| m.len())
        .unwrap_or(0);
    println!(
        "filled {CALLS} calls and {EXAMS} exams for {TRAINEES} trainees in {COHORTS} cohorts \
         in {:.1} s ({} MB)",
        started.elapsed().as_secs_f64(),
        size / 1_000_000
    );
    let set = load_paths(
        &[PathBuf::from("scenarios"), PathBuf::from("question_banks")],
        &options(),
    );
    let index = ContentIndex::from_content(&set);

    let one = store.progress("trainee-017", &index).expect("a report");
    let cohort = store
        .cohort_report(Some("cohort-03"), &index)
        .expect("a report");
    println!(
        "trainee-017: {} attempts ({} calls); cohort-03: {} trainees, {} calls, {} exams",
        one.attempts.len(),
        one.call_series.len(),
        cohort.trainees.len(),
        cohort.calls.attempts,
        cohort.exams.attempts
    );

    // Beside criterion's wall-clock mean: the fastest of ten runs, and the CPU time the
    // query's thread used (Linux), which other builds sharing the machine do not inflate.
    let measure = |f: &dyn Fn()| {
        let mut fastest = f64::INFINITY;
        let mut cpu = Some(0.0);
        for _ in 0..10 {
            let (t, c) = (Instant::now(), cpu_ms());
            f();
            fastest = fastest.min(t.elapsed().as_secs_f64() * 1e3);
            cpu = match (cpu, c, cpu_ms()) {
                (Some(sum), Some(a), Some(b)) => Some(sum + (b - a) / 10.0),
                _ => None,
            };
        }
        (fastest, cpu)
    };
    let progress_figures = measure(&|| {
        store.progress("trainee-017", &index).expect("a report");
    });
    let cohort_figures = measure(&|| {
        store
            .cohort_report(Some("cohort-03"), &index)
            .expect("a report");
    });

    let mut c = Criterion::default().configure_from_args();
    let mut g = c.benchmark_group("report");
    g.sample_size(20).measurement_time(Duration::from_secs(5));
    g.bench_function("progress_one_trainee", |b| {
        b.iter(|| store.progress("trainee-017", &index).expect("a report"))
    });
    g.sample_size(10).measurement_time(Duration::from_secs(10));
    g.bench_function("cohort_report", |b| {
        b.iter(|| {
            store
                .cohort_report(Some("cohort-03"), &index)
                .expect("a report")
        })
    });
    g.finish();
    c.final_summary();

    println!("\nreports on {CALLS} calls and {EXAMS} exams");
    for (name, target, (fastest, cpu)) in [
        ("progress_one_trainee", PROGRESS_TARGET_MS, progress_figures),
        ("cohort_report", COHORT_TARGET_MS, cohort_figures),
    ] {
        let cpu = cpu.map_or("n/a".to_string(), |c| format!("{c:.1} ms"));
        match mean_ns("report", name) {
            Some(ns) => println!(
                "  {name:<22} mean {:>8.1} ms, fastest {fastest:>8.1} ms, CPU {cpu:>9}  \
                 (target {target:.0} ms)  {}",
                ns / 1e6,
                if ns / 1e6 < target {
                    "ok"
                } else {
                    "OVER TARGET"
                }
            ),
            None => println!("  {name:<22} no estimates (run without --test / filters)"),
        }
    }
}

/// CPU time this thread has used, in milliseconds (Linux: `/proc/thread-self/schedstat`).
fn cpu_ms() -> Option<f64> {
    let text = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    let ns: f64 = text.split_whitespace().next()?.parse().ok()?;
    Some(ns / 1e6)
}
