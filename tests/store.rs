//! The SQLite records store: opening, schema versions and migrations with a backup, trainees,
//! the exam engine's saver and history across restarts, call attempts, and the tamper-evident
//! attempt chain. Every test works in its own temporary folder.

use std::path::{Path, PathBuf};

use predicates::prelude::*;
use rightparty::call::{Action as CallAction, CallResult, CallRun, Phase as CallPhase};
use rightparty::clock::ManualClock;
use rightparty::exam::{
    Action, Env, History, RecentItems, Session, SessionSaver, StartOptions, assemble,
};
use rightparty::model::{ExamBlueprint, QuestionBank};
use rightparty::store::{self, Error, FILE_NAME, SCHEMA_VERSION, Store};
use rusqlite::Connection;

// ---------------------------------------------------------------------------------- helpers

fn shipped() -> (ExamBlueprint, QuestionBank) {
    crate::util::shipped_exam()
}

fn env(clock: &ManualClock, store: &Store) -> Env {
    crate::util::exam_env(clock, store)
}

/// Takes and submits an exam for `trainee`, avoiding what their history in `store` showed.
fn take_exam(store: &Store, clock: &ManualClock, trainee: &str, seed: u64) -> String {
    let (bp, bank) = shipped();
    let history = store.exam_attempts(Some(trainee)).unwrap();
    let recent = RecentItems::from_attempts(&history, 5);
    let exam = assemble(&bp, &[&bank], seed, &recent).unwrap();
    let mut s = Session::start(exam, StartOptions::exam(trainee), env(clock, store)).unwrap();
    s.apply(Action::Begin).unwrap();
    s.apply(Action::Answer(vec![0])).unwrap();
    s.apply(Action::ConfirmSubmit).unwrap();
    clock.advance_mins(60);
    s.state().attempt_id.clone()
}

/// Plays the shipped first-contact call choosing 1 at every decision.
fn call_result(seed: u64) -> CallResult {
    let file = Path::new("scenarios/first-contact-verification.ron");
    let c = rightparty::cli::play::load_scenario(file, &mut Vec::new()).unwrap();
    let mut run = CallRun::start(c, seed, None).unwrap();
    for _ in 0..200 {
        let action = match run.phase() {
            CallPhase::Deciding { .. } => CallAction::Choose(1),
            CallPhase::WrappingUp { .. } => CallAction::WrapUp(1),
            CallPhase::Finished { .. } => break,
        };
        run.act(action).unwrap();
    }
    run.result().expect("the call finished")
}

fn raw(dir: &Path) -> Connection {
    Connection::open(dir.join(FILE_NAME)).unwrap()
}

fn backups(dir: &Path) -> Vec<String> {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".bak"))
        .collect()
}

// ---------------------------------------------------------------------- opening and schema

#[test]
fn store_open_creates_the_folder_and_the_file_at_the_current_schema() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("nested").join("data");
    let store = Store::open(&dir).unwrap();
    assert_eq!(store.path(), dir.join(FILE_NAME));
    assert!(store.path().is_file());
    assert_eq!(store.schema_version().unwrap(), SCHEMA_VERSION);
    let mode: String = raw(&dir)
        .query_row("PRAGMA journal_mode", [], |r| r.get(0))
        .unwrap();
    assert_eq!(mode, "wal");
    // A new file needs no backup; reopening migrates nothing.
    drop(store);
    Store::open(&dir).unwrap();
    assert!(backups(&dir).is_empty());
}

#[test]
fn store_a_newer_schema_is_refused_with_its_path_and_left_alone() {
    let tmp = tempfile::tempdir().unwrap();
    Store::open(tmp.path()).unwrap().trainee("ana").unwrap();
    raw(tmp.path())
        .pragma_update(None, "user_version", SCHEMA_VERSION + 1)
        .unwrap();
    let e = Store::open(tmp.path()).unwrap_err();
    assert!(matches!(e, Error::NewerSchema { found, .. } if found == SCHEMA_VERSION + 1));
    let msg = e.to_string();
    assert!(
        msg.contains(&tmp.path().join(FILE_NAME).display().to_string()),
        "{msg}"
    );
    assert!(msg.contains("newer"), "{msg}");
    // Still there, untouched.
    let n: i64 = raw(tmp.path())
        .query_row("SELECT count(*) FROM trainees", [], |r| r.get(0))
        .unwrap();
    assert_eq!(n, 1);
}

#[test]
fn store_a_damaged_file_names_the_backup_to_restore() {
    let tmp = tempfile::tempdir().unwrap();
    raw(tmp.path())
        .execute_batch("CREATE TABLE notes (t TEXT);")
        .unwrap();
    Store::open(tmp.path()).unwrap(); // migrates, after a backup
    let backup = store::latest_backup(tmp.path()).expect("a backup");
    std::fs::write(tmp.path().join(FILE_NAME), vec![b'x'; 4096]).unwrap();
    let _ = std::fs::remove_file(tmp.path().join(format!("{FILE_NAME}-wal")));
    let e = Store::open(tmp.path()).unwrap_err().to_string();
    assert!(e.contains(&backup.display().to_string()), "{e}");
    assert!(e.contains("restore"), "{e}");
}

#[test]
fn store_a_file_that_is_not_a_database_is_reported_with_its_path() {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::write(tmp.path().join(FILE_NAME), vec![b'x'; 4096]).unwrap();
    let e = Store::open(tmp.path()).unwrap_err();
    assert!(matches!(e, Error::Open { .. }), "{e:?}");
    assert!(e.to_string().contains(FILE_NAME), "{e}");
    assert_eq!(
        std::fs::read(tmp.path().join(FILE_NAME)).unwrap(),
        vec![b'x'; 4096]
    );
}

#[test]
fn store_an_older_non_empty_database_is_backed_up_before_migrating() {
    let tmp = tempfile::tempdir().unwrap();
    // A version-0 file with something in it (what an interrupted first run could leave).
    raw(tmp.path())
        .execute_batch("CREATE TABLE notes (t TEXT); INSERT INTO notes VALUES ('keep me');")
        .unwrap();
    let store = Store::open(tmp.path()).unwrap();
    assert_eq!(store.schema_version().unwrap(), SCHEMA_VERSION);
    let found = backups(tmp.path());
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(
        found[0].starts_with(&format!("{FILE_NAME}.v0.")),
        "{found:?}"
    );
    let kept: String = Connection::open(tmp.path().join(&found[0]))
        .unwrap()
        .query_row("SELECT t FROM notes", [], |r| r.get(0))
        .unwrap();
    assert_eq!(kept, "keep me");
}

// -------------------------------------------------------------------------------- trainees

#[test]
fn store_trainees_are_created_on_first_use_and_keep_cohort_and_extra_time() {
    let tmp = tempfile::tempdir().unwrap();
    let store = Store::open(tmp.path()).unwrap();
    assert_eq!(store.find_trainee("ana").unwrap(), None);
    let a = store.trainee("ana").unwrap();
    assert_eq!(store.trainee("ana").unwrap(), a);
    assert_eq!((a.cohort.clone(), a.extra_time), (None, 1.0));
    store
        .set_trainee("ana", Some("2027-01 orientation"), 1.5)
        .unwrap();
    drop(store);
    let a2 = Store::open(tmp.path())
        .unwrap()
        .find_trainee("ana")
        .unwrap()
        .unwrap();
    assert_eq!(a2.id, a.id);
    assert_eq!(a2.cohort.as_deref(), Some("2027-01 orientation"));
    assert_eq!(a2.extra_time, 1.5);
}

// ------------------------------------------------------------------- exam saver and history

#[test]
fn store_exam_session_round_trips_and_resumes_after_reopening() {
    let tmp = tempfile::tempdir().unwrap();
    let (bp, bank) = shipped();
    let exam = assemble(&bp, &[&bank], 12, &RecentItems::none()).unwrap();
    let clock = ManualClock::new();
    let id;
    let at_close;
    {
        let store = Store::open(tmp.path()).unwrap();
        let mut s = Session::start(exam, StartOptions::exam("ana"), env(&clock, &store)).unwrap();
        id = s.state().attempt_id.clone();
        s.apply(Action::Begin).unwrap();
        clock.advance_secs(100);
        s.apply(Action::Answer(vec![0])).unwrap();
        s.apply(Action::Flag).unwrap();
        s.apply(Action::GoTo(6)).unwrap();
        clock.advance_secs(200);
        s.apply(Action::Answer(vec![1])).unwrap();
        assert_eq!(store.load(&id).unwrap().as_ref(), Some(s.state()));
        at_close = s.state().clone();
    } // the app closes (or crashes): only the file is left

    let store = Store::open(tmp.path()).unwrap();
    assert_eq!(store.unfinished("ana").unwrap(), vec![id.clone()]);
    assert!(store.unfinished("bo").unwrap().is_empty());
    let mut s = Session::resume(&id, env(&clock, &store)).unwrap();
    assert_eq!(s.state(), &at_close);
    assert_eq!(s.state().position, 6);
    assert_eq!(s.state().items[0].answer, Some(vec![0]));
    s.apply(Action::ConfirmSubmit).unwrap();
    assert!(store.unfinished("ana").unwrap().is_empty());

    drop(s);
    let store = Store::open(tmp.path()).unwrap();
    let history = store.attempts(Some("ana")).unwrap();
    assert_eq!(history.len(), 1);
    assert_eq!(history[0].attempt_id, id);
    assert!(history[0].items[0].response.is_some());
    assert!(history[0].items[0].flagged);
    assert!(store.find_trainee("ana").unwrap().is_some());
}

#[test]
fn store_recording_the_same_attempt_twice_keeps_one() {
    let tmp = tempfile::tempdir().unwrap();
    let mut store = Store::open(tmp.path()).unwrap();
    let clock = ManualClock::new();
    take_exam(&store, &clock, "ana", 1);
    let mut rec = store.attempts(None).unwrap().remove(0);
    store.record(&rec).unwrap();
    assert_eq!(store.attempts(None).unwrap(), vec![rec.clone()]);
    rec.blueprint_name = "renamed".into();
    store.record(&rec).unwrap();
    assert_eq!(store.attempts(None).unwrap(), vec![rec]);
    assert!(store.verify().unwrap().ok());
}

#[test]
fn store_avoid_recent_reads_back_what_was_saved() {
    let tmp = tempfile::tempdir().unwrap();
    let clock = ManualClock::new();
    let mut first_ids = Vec::new();
    for seed in [1, 2] {
        // A restart between attempts: each opens the store afresh.
        let store = Store::open(tmp.path()).unwrap();
        first_ids.push(take_exam(&store, &clock, "ana", seed));
    }
    let store = Store::open(tmp.path()).unwrap();
    take_exam(&store, &clock, "bo", 3);
    let history = store.attempts(Some("ana")).unwrap();
    assert_eq!(
        history
            .iter()
            .map(|a| a.attempt_id.clone())
            .collect::<Vec<_>>(),
        first_ids
    );
    assert_eq!(store.attempts(None).unwrap().len(), 3);
    // The two attempts drew disjoint questions, and both count as recent.
    let recent = RecentItems::from_attempts(&history, 5);
    assert_eq!(recent.age(&history[1].items[0].question_id), Some(0));
    assert_eq!(recent.age(&history[0].items[0].question_id), Some(1));
    let a: Vec<_> = history[0].items.iter().map(|i| &i.question_id).collect();
    assert!(
        history[1]
            .items
            .iter()
            .all(|i| !a.contains(&&i.question_id))
    );
}

// ---------------------------------------------------------------------------- call attempts

#[test]
fn store_call_attempts_keep_the_full_result_and_the_content_hash() {
    let tmp = tempfile::tempdir().unwrap();
    let store = Store::open(tmp.path()).unwrap();
    let result = call_result(7);
    let hash = store::content_hash(b"scenario bytes");
    assert_eq!(hash.len(), 64);
    assert_ne!(hash, store::content_hash(b"scenario bytes!"));
    let seq = store.record_call("ana", &result, &hash).unwrap();
    assert_eq!(seq, 1);
    drop(store);
    let store = Store::open(tmp.path()).unwrap();
    let calls = store.call_attempts(Some("ana")).unwrap();
    assert_eq!(calls.len(), 1);
    assert_eq!(calls[0].result, result);
    assert_eq!(calls[0].content_hash, hash);
    assert_eq!(calls[0].trainee, "ana");
    assert!(store.call_attempts(Some("bo")).unwrap().is_empty());
    let (scenario, seed): (String, i64) = raw(tmp.path())
        .query_row("SELECT scenario_id, seed FROM call_attempts", [], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })
        .unwrap();
    assert_eq!((scenario, seed), (result.scenario.clone(), 7));
}

// -------------------------------------------------------------------------------- the chain

#[test]
fn store_verify_names_an_edited_row() {
    let tmp = tempfile::tempdir().unwrap();
    let store = Store::open(tmp.path()).unwrap();
    let clock = ManualClock::new();
    take_exam(&store, &clock, "ana", 1);
    store.record_call("ana", &call_result(1), "h").unwrap();
    let edited = take_exam(&store, &clock, "ana", 2);
    store.record_call("bo", &call_result(2), "h").unwrap();
    let v = store.verify().unwrap();
    assert_eq!(v.checked, 4);
    assert!(v.ok(), "{:?}", v.problems);

    // Someone raises a score outside the app.
    raw(tmp.path())
        .execute(
            "UPDATE exam_attempts SET score_percent = 100, passed = 1 WHERE attempt_id = ?1",
            [&edited],
        )
        .unwrap();
    let v = store.verify().unwrap();
    assert_eq!(v.problems.len(), 1, "{:?}", v.problems);
    assert_eq!(v.problems[0].seq, 3);
    assert!(v.problems[0].row.contains(&edited), "{}", v.problems[0]);
    assert!(v.problems[0].reason.contains("edited"));

    // A second edit, to a call, is named too, in chain order.
    raw(tmp.path())
        .execute(
            "UPDATE call_attempts SET passed = 1 - passed WHERE seq = 2",
            [],
        )
        .unwrap();
    let v = store.verify().unwrap();
    assert_eq!(
        v.problems.iter().map(|p| p.seq).collect::<Vec<_>>(),
        vec![2, 3]
    );
}

#[test]
fn store_verify_notices_a_deleted_row() {
    let tmp = tempfile::tempdir().unwrap();
    let store = Store::open(tmp.path()).unwrap();
    for seed in 1..=3 {
        store.record_call("ana", &call_result(seed), "h").unwrap();
    }
    raw(tmp.path())
        .execute("DELETE FROM call_attempts WHERE seq = 2", [])
        .unwrap();
    let v = store.verify().unwrap();
    assert_eq!(v.checked, 2);
    assert_eq!(v.problems.len(), 1, "{:?}", v.problems);
    assert_eq!(v.problems[0].seq, 3);
    assert!(
        v.problems[0]
            .reason
            .starts_with("row #2 before it is missing"),
        "{}",
        v.problems[0]
    );
}

// ------------------------------------------------------------------------ the data folder

#[test]
fn store_data_dir_comes_from_the_option_then_env_then_config_then_os() {
    use rightparty::store::location::{DataDirSource, data_dir_from};
    let tmp = tempfile::tempdir().unwrap();
    let config = tmp.path().join("config.ron");
    let os = Some(PathBuf::from("/os/data"));
    let opt = Path::new("/from/option");
    let env = Some(PathBuf::from("/from/env"));
    assert_eq!(
        data_dir_from(Some(opt), env.clone(), Some(&config), os.clone()).unwrap(),
        (opt.to_path_buf(), DataDirSource::Option)
    );
    assert_eq!(
        data_dir_from(None, env.clone(), Some(&config), os.clone()).unwrap(),
        (PathBuf::from("/from/env"), DataDirSource::Env)
    );
    // No config file yet: the OS data folder.
    assert_eq!(
        data_dir_from(None, None, Some(&config), os.clone()).unwrap(),
        (PathBuf::from("/os/data"), DataDirSource::Os)
    );
    std::fs::write(&config, r#"(data_dir: Some("/from/config"))"#).unwrap();
    assert_eq!(
        data_dir_from(None, Some(PathBuf::new()), Some(&config), os.clone()).unwrap(),
        (
            PathBuf::from("/from/config"),
            DataDirSource::Config(config.clone())
        )
    );
    std::fs::write(&config, "(data_dir: 7)").unwrap();
    let e = data_dir_from(None, None, Some(&config), os).unwrap_err();
    assert!(e.to_string().contains("config.ron"), "{e}");
    assert!(data_dir_from(None, None, None, None).is_err());
}

fn rightparty() -> assert_cmd::Command {
    let mut cmd = assert_cmd::Command::cargo_bin("rightparty").unwrap();
    cmd.env("NO_COLOR", "1").env_remove(store::DATA_DIR_ENV);
    cmd
}

#[test]
fn store_exam_and_play_record_attempts_with_trainee() {
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("records");
    let data_arg = data.to_str().unwrap();
    for seed in ["1", "2"] {
        rightparty()
            .args([
                "--data-dir",
                data_arg,
                "exam",
                "pcs-practice-20",
                "--seed",
                seed,
            ])
            .args(["--answers", "-,-", "--trainee", "ana"])
            .assert()
            .code(0);
    }
    // The variable works as well as the option.
    rightparty()
        .env(store::DATA_DIR_ENV, &data)
        .args([
            "play",
            "scenarios/first-contact-verification.ron",
            "--seed",
            "5",
        ])
        .args(["--choices", "1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1"])
        .args(["--trainee", "bo"])
        .assert()
        .code(0);
    // Without --trainee nothing is recorded.
    rightparty()
        .args([
            "--data-dir",
            data_arg,
            "exam",
            "pcs-practice-20",
            "--seed",
            "3",
        ])
        .args(["--answers", "A"])
        .assert()
        .code(0);

    let store = Store::open(&data).unwrap();
    let exams = store.attempts(None).unwrap();
    assert_eq!(exams.len(), 2);
    assert!(exams.iter().all(|a| a.trainee == "ana"));
    assert_eq!((exams[0].seed, exams[1].seed), (1, 2));
    // Scripted runs print no times, but what they record has real dates.
    let age = chrono::Utc::now() - exams[0].finished_at;
    assert!(age.num_minutes().abs() < 10, "{}", exams[0].finished_at);
    assert!(store.unfinished("ana").unwrap().is_empty());
    let calls = store.call_attempts(None).unwrap();
    assert_eq!(calls.len(), 1);
    assert_eq!(calls[0].trainee, "bo");
    assert_eq!(calls[0].result.seed, 5);
    let bytes = std::fs::read("scenarios/first-contact-verification.ron").unwrap();
    assert_eq!(calls[0].content_hash, store::content_hash(&bytes));
    assert!(store.verify().unwrap().ok());
}

#[test]
fn store_a_newer_data_file_stops_the_exam_before_it_starts() {
    let tmp = tempfile::tempdir().unwrap();
    Store::open(tmp.path()).unwrap();
    raw(tmp.path())
        .pragma_update(None, "user_version", SCHEMA_VERSION + 1)
        .unwrap();
    rightparty()
        .arg("--data-dir")
        .arg(tmp.path())
        .args(["exam", "pcs-practice-20", "--seed", "1", "--answers", "A"])
        .args(["--trainee", "ana"])
        .assert()
        .code(2)
        .stdout("")
        .stderr(predicates::str::contains(FILE_NAME).and(predicates::str::contains("newer")));
}

#[test]
fn store_report_verify_names_a_row_edited_outside_the_app() {
    let tmp = tempfile::tempdir().unwrap();
    let store = Store::open(tmp.path()).unwrap();
    let clock = ManualClock::new();
    take_exam(&store, &clock, "ana", 1);
    let edited = take_exam(&store, &clock, "ana", 2);
    store.record_call("bo", &call_result(3), "h").unwrap();
    drop(store);
    let verify = |format: &str| {
        rightparty()
            .arg("--data-dir")
            .arg(tmp.path())
            .args(["report", "--verify", "--format", format])
            .assert()
    };
    verify("text").code(0).stdout(predicates::str::contains(
        "3 attempt(s) checked, the chain is intact",
    ));

    raw(tmp.path())
        .execute(
            "UPDATE exam_attempts SET passed = 1 - passed WHERE attempt_id = ?1",
            [&edited],
        )
        .unwrap();
    let out = verify("text").code(1).get_output().stdout.clone();
    let out = String::from_utf8(out).unwrap();
    assert!(
        out.contains(&format!("#2 exam attempt {edited}: edited")),
        "{out}"
    );
    assert!(out.contains("1 problem(s) found"), "{out}");
    let out = verify("json").code(1).get_output().stdout.clone();
    let doc: serde_json::Value = serde_json::from_slice(&out).unwrap();
    assert_eq!(doc["ok"], false);
    assert_eq!(doc["problems"][0]["seq"], 2);
    assert!(
        doc["problems"][0]["row"]
            .as_str()
            .unwrap()
            .contains(&edited)
    );
}

#[test]
fn store_report_lists_the_recorded_attempts() {
    let tmp = tempfile::tempdir().unwrap();
    let store = Store::open(tmp.path()).unwrap();
    let clock = ManualClock::new();
    take_exam(&store, &clock, "ana", 1);
    store.record_call("bo", &call_result(3), "h").unwrap();
    drop(store);
    let run = |extra: &[&str]| {
        let out = rightparty()
            .arg("--data-dir")
            .arg(tmp.path())
            .arg("report")
            .args(extra)
            .assert()
            .code(0)
            .get_output()
            .stdout
            .clone();
        String::from_utf8(out).unwrap()
    };
    let all = run(&[]);
    assert!(
        all.contains("pcs-practice-20") && all.contains("first-contact"),
        "{all}"
    );
    assert!(all.contains("2 attempt(s)"), "{all}");
    // One trainee's attempts are in their progress report.
    let ana = run(&["--trainee", "ana", "--format", "json"]);
    let doc: serde_json::Value = serde_json::from_str(&ana).unwrap();
    assert_eq!(doc["attempts"].as_array().unwrap().len(), 1);
    assert_eq!(doc["attempts"][0]["kind"], "exam");
}

#[test]
fn store_two_writers_at_once_lose_nothing_and_keep_the_chain() {
    let tmp = tempfile::tempdir().unwrap();
    // Both open a file that does not exist yet: one creates the schema, neither fails.
    let result = call_result(1);
    let writers: Vec<_> = ["ana", "bo"]
        .into_iter()
        .map(|who| {
            // Each writer has its own connection, as two processes would.
            let dir = tmp.path().to_path_buf();
            let result = result.clone();
            std::thread::spawn(move || {
                let store = Store::open(&dir).unwrap();
                for _ in 0..40 {
                    store.record_call(who, &result, "h").unwrap();
                }
            })
        })
        .collect();
    for w in writers {
        w.join().unwrap();
    }
    let store = Store::open(tmp.path()).unwrap();
    assert_eq!(store.call_attempts(Some("ana")).unwrap().len(), 40);
    assert_eq!(store.call_attempts(Some("bo")).unwrap().len(), 40);
    let v = store.verify().unwrap();
    assert_eq!(v.checked, 80);
    assert!(v.ok(), "{:?}", v.problems);
}
