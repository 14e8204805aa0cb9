//! Records store benchmark: how long saving a running exam (after every answer) and recording
//! a finished attempt take in the SQLite store, with WAL and SQLite's default full sync, on the
//! disk under the target folder (not a RAM disk). The budget for a save on the UI
//! thread is a couple of milliseconds; above that, saves move to a writer thread.
//!
//! Run: `cargo bench --bench store` (add `-- --quick` for a faster, rougher run).

mod support;
use support::print_means;

use std::path::PathBuf;
use std::time::Duration;

use criterion::Criterion;
use rightparty::clock::ManualClock;
use rightparty::content::{CheckOptions, load_paths};
use rightparty::exam::{
    Action, AttemptRecord, Env, History, RecentItems, Session, SessionSaver, StartOptions, assemble,
};
use rightparty::store::Store;

const TARGET_MS: f64 = 2.0;

fn main() {
    let set = load_paths(
        &[PathBuf::from("question_banks")],
        &CheckOptions {
            today: "2026-11-23".parse().expect("a date"),
        },
    );
    let bp = &set.blueprints.first().expect("a shipped blueprint").item;
    let banks: Vec<_> = set.banks.iter().map(|b| &b.item).collect();
    let exam = assemble(bp, &banks, 1, &RecentItems::none()).expect("draws");

    let target = std::env::var("CARGO_TARGET_DIR").unwrap_or_else(|_| "target".into());
    std::fs::create_dir_all(&target).expect("target folder");
    let dir = tempfile::tempdir_in(&target).expect("a temp folder on disk");
    let store = Store::open(dir.path()).expect("opens");
    let clock = ManualClock::new();
    let env = Env {
        clock: Box::new(clock.clone()),
        saver: Box::new(store.clone()),
        history: Box::new(store.clone()),
    };
    let mut session = Session::start(exam, StartOptions::exam("bench"), env).expect("starts");
    session.apply(Action::Begin).expect("begins");
    session.apply(Action::Answer(vec![0])).expect("answers");
    let state = session.state().clone();

    let mut c = Criterion::default().configure_from_args();
    let mut g = c.benchmark_group("store");
    g.sample_size(50).measurement_time(Duration::from_secs(5));
    let mut saver = store.clone();
    g.bench_function("save_session", |b| {
        b.iter(|| saver.save(&state).expect("saves"))
    });
    session.apply(Action::ConfirmSubmit).expect("submits");
    let mut record: AttemptRecord = store.exam_attempts(None).expect("reads").remove(0);
    let mut history = store.clone();
    let mut n = 0u64;
    g.bench_function("record_exam_attempt", |b| {
        b.iter(|| {
            n += 1;
            record.attempt_id = format!("bench-{n}");
            history.record(&record).expect("records")
        })
    });
    // A call in progress saved after a decision, and a finished call recorded.
    let file = PathBuf::from("scenarios/first-contact-verification.ron");
    let compiled = rightparty::cli::play::load_scenario(&file, &mut Vec::new()).expect("loads");
    let mut run = rightparty::call::CallRun::start(compiled, 1, None).expect("starts");
    run.act(rightparty::call::Action::Choose(1))
        .expect("decides");
    let call_state = run.save().clone();
    g.bench_function("save_call_in_progress", |b| {
        b.iter(|| {
            store
                .save_call_in_progress("bench", "hash", "practice", &call_state)
                .expect("saves")
        })
    });
    while !matches!(run.phase(), rightparty::call::Phase::Finished { .. }) {
        let action = match run.phase() {
            rightparty::call::Phase::WrappingUp { .. } => rightparty::call::Action::WrapUp(1),
            _ => rightparty::call::Action::Choose(1),
        };
        run.act(action).expect("plays");
    }
    let result = run.result().expect("finished");
    g.bench_function("record_call_attempt", |b| {
        b.iter(|| {
            store
                .record_call("bench", &result, "hash")
                .expect("records")
        })
    });
    g.finish();
    c.final_summary();

    println!("\nstore writes (target for the UI thread: under {TARGET_MS:.1} ms)");
    print_means(
        "store",
        &[
            "save_session",
            "record_exam_attempt",
            "save_call_in_progress",
            "record_call_attempt",
        ],
        TARGET_MS,
    );
}
