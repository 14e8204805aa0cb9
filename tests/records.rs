//! Trainee records beyond the first slice: fixture databases of every earlier schema version
//! migrated to the newest, calls in progress, spaced-repetition state, certifications and
//! renewal reminders, export and deletion, a kill-at-random-moments crash test, and writes
//! that fail (read-only folder, full disk). Every test works in its own temporary folder.

use std::path::{Path, PathBuf};

use rightparty::call::{Action as CallAction, CallResult, CallRun, Phase as CallPhase};
use rightparty::clock::ManualClock;
use rightparty::exam::{Action, RecentItems, Session, SessionSaver, StartOptions, assemble};
use rightparty::store::{Certification, Error, NewCertification, SCHEMA_VERSION, Store};

// ---------------------------------------------------------------------------------- helpers

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/store")
}

/// Plays the shipped first-contact call choosing `pick` at every decision.
fn call_result(seed: u64, pick: usize) -> CallResult {
    let file = Path::new("scenarios/first-contact-verification.ron");
    let c = rightparty::cli::play::load_scenario(file, &mut Vec::new()).unwrap();
    let mut run = CallRun::start(c, seed, None).unwrap();
    for _ in 0..200 {
        let action = match run.phase() {
            CallPhase::Deciding { shown } => CallAction::Choose(pick.min(shown.len()).max(1)),
            CallPhase::WrappingUp { .. } => CallAction::WrapUp(1),
            CallPhase::Finished { .. } => break,
        };
        run.act(action).unwrap();
    }
    run.result().expect("the call finished")
}

/// Takes and submits an exam for `trainee`, answering the first `answered` questions.
fn take_exam(store: &Store, clock: &ManualClock, trainee: &str, seed: u64, answered: usize) {
    let (bp, bank) = crate::util::shipped_exam();
    let history = store.exam_attempts(Some(trainee)).unwrap();
    let recent = RecentItems::from_attempts(&history, 5);
    let exam = assemble(&bp, &[&bank], seed, &recent).unwrap();
    let env = crate::util::exam_env(clock, store);
    let mut s = Session::start(exam, StartOptions::exam(trainee), env).unwrap();
    s.apply(Action::Begin).unwrap();
    for i in 0..answered {
        s.apply(Action::GoTo(i)).unwrap();
        s.apply(Action::Answer(vec![(i + seed as usize) % 2]))
            .unwrap();
    }
    s.apply(Action::ConfirmSubmit).unwrap();
    clock.advance_mins(60);
}

/// Fills a store with what each schema version keeps: trainees with and without a cohort and
/// extra time, finished exams (one recorded twice with other content), an unfinished exam and
/// recorded calls.
fn fill(store: &Store) {
    let clock = ManualClock::new();
    store
        .set_trainee("ana", Some("2027-01 orientation"), 1.5)
        .unwrap();
    take_exam(store, &clock, "ana", 1, 5);
    take_exam(store, &clock, "bo", 2, 20);
    store
        .record_call("ana", &call_result(3, 1), "hash-a")
        .unwrap();
    store
        .record_call("bo", &call_result(4, 2), "hash-b")
        .unwrap();
    let mut rec = store.exam_attempts(Some("bo")).unwrap().remove(0);
    rec.blueprint_name = "renamed".into();
    store.record_exam(&rec).unwrap();
    // An exam left unfinished.
    let (bp, bank) = crate::util::shipped_exam();
    let exam = assemble(&bp, &[&bank], 9, &RecentItems::none()).unwrap();
    let env = crate::util::exam_env(&clock, store);
    let mut s = Session::start(exam, StartOptions::exam("cy"), env).unwrap();
    s.apply(Action::Begin).unwrap();
    s.apply(Action::Answer(vec![0])).unwrap();
}

/// Writes `tests/data/store/v{SCHEMA_VERSION}.sqlite3` from this build. Run it (with
/// `--ignored`) before adding a migration, so the version being left behind has a fixture.
#[test]
#[ignore = "writes a fixture; run by hand before a schema change"]
fn records_make_fixture_of_this_schema_version() {
    let tmp = tempfile::tempdir().unwrap();
    let store = Store::open(tmp.path()).unwrap();
    fill(&store);
    let out = fixtures().join(format!("v{SCHEMA_VERSION}.sqlite3"));
    let _ = std::fs::remove_file(&out);
    rusqlite::Connection::open(store.path())
        .unwrap()
        .execute("VACUUM INTO ?1", [out.to_string_lossy()])
        .unwrap();
}

fn rows(conn: &rusqlite::Connection, sql: &str) -> Vec<Vec<String>> {
    let mut stmt = conn.prepare(sql).unwrap();
    let n = stmt.column_count();
    stmt.query_map([], |r| {
        (0..n)
            .map(|i| {
                r.get::<_, rusqlite::types::Value>(i)
                    .map(|v| format!("{v:?}"))
            })
            .collect()
    })
    .unwrap()
    .collect::<Result<_, _>>()
    .unwrap()
}

/// What every schema version keeps, row for row.
const KEPT: &[&str] = &[
    "SELECT id, name, cohort, extra_time, created_at FROM trainees ORDER BY id",
    "SELECT * FROM exam_sessions ORDER BY attempt_id",
    "SELECT * FROM exam_attempts ORDER BY seq",
    "SELECT * FROM call_attempts ORDER BY seq",
];

// ------------------------------------------------------------------------------ migrations

#[test]
fn records_every_earlier_schema_fixture_migrates_keeping_every_record() {
    let mut found = Vec::new();
    for entry in std::fs::read_dir(fixtures()).unwrap() {
        let path = entry.unwrap().path();
        let Some(v) = path
            .file_name()
            .and_then(|n| n.to_str())
            .and_then(|n| n.strip_prefix('v')?.strip_suffix(".sqlite3"))
            .and_then(|v| v.parse::<u32>().ok())
        else {
            continue;
        };
        found.push(v);
        let tmp = tempfile::tempdir().unwrap();
        let file = tmp.path().join(rightparty::store::FILE_NAME);
        std::fs::copy(&path, &file).unwrap();
        let before: Vec<_> = {
            let conn = rusqlite::Connection::open(&file).unwrap();
            let at: u32 = conn
                .query_row("PRAGMA user_version", [], |r| r.get(0))
                .unwrap();
            assert_eq!(at, v, "{} holds schema version {at}", path.display());
            KEPT.iter().map(|q| rows(&conn, q)).collect()
        };
        assert!(before.iter().all(|t| !t.is_empty()), "v{v}: {before:?}");

        let store = Store::open(tmp.path()).unwrap();
        assert_eq!(store.schema_version().unwrap(), SCHEMA_VERSION, "v{v}");
        assert!(
            rightparty::store::latest_backup(tmp.path()).is_some(),
            "v{v}: no backup"
        );
        let conn = rusqlite::Connection::open(&file).unwrap();
        for (q, was) in KEPT.iter().zip(&before) {
            assert_eq!(&rows(&conn, q), was, "v{v}: {q}");
        }
        let verified = store.verify().unwrap();
        assert!(verified.ok(), "v{v}: {:?}", verified.problems);
        let attempts = before[2].len() + before[3].len();
        assert_eq!(verified.checked, attempts, "v{v}");
        // Everything reads back through the store, and the drill cards were built.
        assert_eq!(store.exam_attempts(None).unwrap().len(), 2, "v{v}");
        assert_eq!(store.call_attempts(None).unwrap().len(), 2, "v{v}");
        let cards = store.sr_cards("bo", None).unwrap();
        assert_eq!(cards.len(), 20, "v{v}: {cards:?}");
        assert_eq!(store.unfinished("cy").unwrap().len(), 1, "v{v}");
        // And the migrated file takes new records on the same chain.
        store.record_call("ana", &call_result(5, 1), "h").unwrap();
        assert!(store.verify().unwrap().ok(), "v{v}");
    }
    // Every version before this one has a fixture.
    found.sort();
    assert_eq!(found, (1..SCHEMA_VERSION).collect::<Vec<_>>());
}

// -------------------------------------------------------------------------- calls in progress

fn started_call(seed: u64, decisions: usize) -> CallRun {
    let file = Path::new("scenarios/first-contact-verification.ron");
    let c = rightparty::cli::play::load_scenario(file, &mut Vec::new()).unwrap();
    let mut run = CallRun::start(c, seed, None).unwrap();
    for _ in 0..decisions {
        run.act(CallAction::Choose(1)).unwrap();
    }
    run
}

#[test]
fn records_a_call_in_progress_survives_reopening_and_clears_when_recorded() {
    let tmp = tempfile::tempdir().unwrap();
    let run = started_call(11, 2);
    {
        let store = Store::open(tmp.path()).unwrap();
        assert_eq!(store.call_in_progress("ana").unwrap(), None);
        store
            .save_call_in_progress("ana", "h1", "practice", run.save())
            .unwrap();
        // Saving again replaces: one call per trainee.
        store
            .save_call_in_progress("ana", "h1", "practice", run.save())
            .unwrap();
        store
            .save_call_in_progress("bo", "h2", "assessment", started_call(12, 0).save())
            .unwrap();
    }
    let store = Store::open(tmp.path()).unwrap();
    let saved = store.call_in_progress("ana").unwrap().expect("saved");
    assert_eq!(
        (
            saved.trainee.as_str(),
            saved.content_hash.as_str(),
            saved.mode.as_str()
        ),
        ("ana", "h1", "practice")
    );
    assert_eq!(&saved.state, run.save());
    assert_eq!(saved.scenario_id, run.save().scenario);
    let mut all: Vec<_> = store
        .calls_in_progress()
        .unwrap()
        .into_iter()
        .map(|c| c.trainee)
        .collect();
    all.sort();
    assert_eq!(all, ["ana", "bo"]);
    // It resumes where it was.
    let resumed = CallRun::restore(run.compiled().clone(), saved.state).unwrap();
    assert_eq!(resumed.save().turn, 2);
    // Recording the finished call clears it; clearing by hand clears the other.
    store.record_call("ana", &call_result(11, 1), "h1").unwrap();
    assert_eq!(store.call_in_progress("ana").unwrap(), None);
    store.clear_call_in_progress("bo").unwrap();
    store.clear_call_in_progress("nobody").unwrap();
    assert!(store.calls_in_progress().unwrap().is_empty());
}

// ------------------------------------------------------------------ spaced-repetition cards

#[test]
fn records_sr_cards_follow_the_recorded_exams() {
    let tmp = tempfile::tempdir().unwrap();
    let store = Store::open(tmp.path()).unwrap();
    let clock = ManualClock::new();
    take_exam(&store, &clock, "ana", 1, 20);
    let cards = store.sr_cards("ana", None).unwrap();
    let rec = store.exam_attempts(Some("ana")).unwrap().remove(0);
    assert_eq!(cards.len(), rec.items.len());
    for it in &rec.items {
        let card = cards
            .iter()
            .find(|c| c.question_id == it.question_id)
            .unwrap();
        let expected = rightparty::exam::drill::card_for(&[(rec.finished_at, it.correct)]);
        assert_eq!(card.due, expected.due, "{}", it.question_id);
        assert_eq!(card.reps, 1);
        assert_eq!(card.last_review, rec.finished_at);
    }
    // Due-by filters: a missed question falls due before a right one.
    let missed = rec.items.iter().find(|i| !i.correct).expect("a miss");
    let right = rec
        .items
        .iter()
        .find(|i| i.correct)
        .expect("a right answer");
    let due_at = |q: &str| cards.iter().find(|c| c.question_id == q).unwrap().due;
    let by = due_at(&missed.question_id);
    assert!(by < due_at(&right.question_id));
    let due = store.sr_cards("ana", Some(by)).unwrap();
    assert!(due.iter().any(|c| c.question_id == missed.question_id));
    assert!(due.iter().all(|c| c.due <= by));
    assert!(store.sr_cards("bo", None).unwrap().is_empty());
}

// ----------------------------------------------------------------------------- certifications

fn date(s: &str) -> chrono::NaiveDate {
    s.parse().unwrap()
}

fn pcs(earned: &str) -> NewCertification {
    NewCertification {
        credential_id: "pcs".into(),
        credential_name: "Professional Collection Specialist (PCS)".into(),
        earned_on: date(earned),
        renewal_years: Some(2),
        renewal_source: Some("ACA International designations page".into()),
    }
}

#[test]
fn records_certifications_keep_their_interval_and_source_and_remind_before_renewal() {
    let tmp = tempfile::tempdir().unwrap();
    let store = Store::open(tmp.path()).unwrap();
    let c = store.add_certification("ana", &pcs("2025-03-10")).unwrap();
    assert_eq!(c.renewal_due, Some(date("2027-03-10")));
    assert_eq!(
        c.renewal_source.as_deref(),
        Some("ACA International designations page")
    );
    assert_eq!(c.days_until_due(date("2027-03-01")), Some(9));
    // Leap day: the renewal falls on 28 February.
    let leap = store.add_certification("bo", &pcs("2024-02-29")).unwrap();
    assert_eq!(leap.renewal_due, Some(date("2026-02-28")));
    // No stated interval: kept without one, and never reminded.
    let none = NewCertification {
        credential_id: "commercial".into(),
        credential_name: "Commercial collections practice".into(),
        earned_on: date("2020-01-01"),
        renewal_years: None,
        renewal_source: None,
    };
    let kept = store.add_certification("ana", &none).unwrap();
    assert_eq!((kept.renewal_due, kept.renewal_years), (None, None));
    // An interval without its source is refused.
    let unsourced = NewCertification {
        renewal_source: None,
        ..pcs("2025-01-01")
    };
    let e = store.add_certification("ana", &unsourced).unwrap_err();
    assert!(e.to_string().contains("no source"), "{e}");

    let names = |v: Vec<Certification>| -> Vec<(String, String)> {
        v.into_iter()
            .map(|c| (c.trainee, c.renewal_due.unwrap().to_string()))
            .collect()
    };
    // On 2026-01-15: bo's renewal (2026-02-28) is 44 days away, ana's over a year.
    assert!(
        store
            .renewals_due(date("2026-01-15"), 30)
            .unwrap()
            .is_empty()
    );
    assert_eq!(
        names(store.renewals_due(date("2026-01-15"), 44).unwrap()),
        [("bo".to_string(), "2026-02-28".to_string())]
    );
    // Overdue ones stay on the list, soonest first.
    assert_eq!(
        names(store.renewals_due(date("2027-03-01"), 30).unwrap()),
        [
            ("bo".to_string(), "2026-02-28".to_string()),
            ("ana".to_string(), "2027-03-10".to_string())
        ]
    );
    // Renewed: the newer certification replaces the older in the reminders.
    store.add_certification("bo", &pcs("2026-02-20")).unwrap();
    assert_eq!(
        names(store.renewals_due(date("2027-03-01"), 30).unwrap()),
        [("ana".to_string(), "2027-03-10".to_string())]
    );
    assert_eq!(store.certifications(Some("ana")).unwrap().len(), 2);
    assert_eq!(store.certifications(None).unwrap().len(), 4);
}

// ---------------------------------------------------------------------------- config file

#[test]
fn records_the_data_folder_is_written_into_the_config_file_and_read_back() {
    use rightparty::store::location::{
        DataDirSource, data_dir_from, read_config, write_config_data_dir_at,
    };
    let tmp = tempfile::tempdir().unwrap();
    let config = tmp
        .path()
        .join("config")
        .join("rightparty")
        .join("config.ron");
    let data = tmp.path().join("records");
    write_config_data_dir_at(&config, &data).unwrap();
    assert_eq!(read_config(&config).unwrap().data_dir, Some(data.clone()));
    let (dir, source) = data_dir_from(None, None, Some(&config), None).unwrap();
    assert_eq!(
        (dir, source),
        (data.clone(), DataDirSource::Config(config.clone()))
    );
    // Written again: replaced, and no temporary file left behind.
    let other = tmp.path().join("elsewhere");
    write_config_data_dir_at(&config, &other).unwrap();
    assert_eq!(read_config(&config).unwrap().data_dir, Some(other));
    let left: Vec<_> = std::fs::read_dir(config.parent().unwrap())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(left, ["config.ron"]);
    // An empty folder is refused, and a config file that is not one is reported with its path.
    assert!(write_config_data_dir_at(&config, Path::new("")).is_err());
    std::fs::write(&config, "not ron (").unwrap();
    let e = write_config_data_dir_at(&config, &data).unwrap_err();
    assert!(e.to_string().contains("config.ron"), "{e}");
}

// ----------------------------------------------------------------------- export and delete

#[test]
fn records_deleting_a_trainee_leaves_a_deletion_entry_and_the_chain_verifies() {
    let tmp = tempfile::tempdir().unwrap();
    let store = Store::open(tmp.path()).unwrap();
    let clock = ManualClock::new();
    // Interleaved: ana, bo, ana, bo in the chain.
    take_exam(&store, &clock, "ana", 1, 5);
    store.record_call("bo", &call_result(2, 1), "hb").unwrap();
    store.record_call("ana", &call_result(3, 2), "ha").unwrap();
    take_exam(&store, &clock, "bo", 4, 5);
    store.add_certification("ana", &pcs("2025-03-10")).unwrap();
    store
        .save_call_in_progress("ana", "ha", "practice", started_call(5, 1).save())
        .unwrap();
    let bo_before = store.export_trainee("bo").unwrap().unwrap().data;

    let export = store.export_trainee("ana").unwrap().expect("ana's data");
    let data = &export.data;
    assert_eq!(data.name, "ana");
    assert_eq!((data.exam_attempts.len(), data.call_attempts.len()), (1, 1));
    assert_eq!(data.exam_sessions.len(), 1);
    assert_eq!(data.calls_in_progress.len(), 1);
    assert_eq!(data.certifications.len(), 1);
    assert_eq!(data.sr_cards.len(), 20);
    assert_eq!(data.exam_attempts[0].record["trainee"], "ana");
    assert_eq!(data.call_attempts[0].content_hash.as_deref(), Some("ha"));

    let d = store
        .delete_trainee("ana", "trainer kim")
        .unwrap()
        .expect("deleted");
    assert_eq!(d.seq, 5);
    assert_eq!(d.trainee, "ana");
    assert_eq!(d.requested_by, "trainer kim");
    assert_eq!(
        d.removed_rows.iter().map(|r| r.0).collect::<Vec<_>>(),
        [1, 3]
    );
    assert_eq!(
        d.removed_hash,
        rightparty::store::erase::removed_hash(data).unwrap()
    );
    assert_eq!(
        (
            d.summary.exam_attempts,
            d.summary.call_attempts,
            d.summary.certifications
        ),
        (1, 1, 1)
    );
    // Nothing of ana is left; bo is untouched.
    assert_eq!(store.export_trainee("ana").unwrap(), None);
    assert_eq!(store.find_trainee("ana").unwrap(), None);
    assert!(store.unfinished("ana").unwrap().is_empty());
    assert!(store.certifications(Some("ana")).unwrap().is_empty());
    assert_eq!(store.export_trainee("bo").unwrap().unwrap().data, bo_before);
    assert_eq!(store.delete_trainee("ana", "x").unwrap(), None);

    let v = store.verify().unwrap();
    assert!(v.ok(), "{:?}", v.problems);
    assert_eq!(v.checked, 3);
    assert_eq!(v.deletions, vec![d.clone()]);
    // The chain goes on after it, and deleting the last rows works too.
    store.record_call("bo", &call_result(6, 1), "hb").unwrap();
    let d2 = store.delete_trainee("bo", "bo").unwrap().unwrap();
    assert_eq!(
        d2.removed_rows.iter().map(|r| r.0).collect::<Vec<_>>(),
        [2, 4, 6]
    );
    assert_eq!(d2.seq, 7);
    store.record_call("cy", &call_result(7, 1), "hc").unwrap();
    let v = store.verify().unwrap();
    assert!(v.ok(), "{:?}", v.problems);
    assert_eq!(v.deletions.len(), 2);

    // An edited deletion entry is caught, and so is a row removed outside the app.
    let conn = rusqlite::Connection::open(store.path()).unwrap();
    conn.execute(
        "UPDATE deletions SET requested_by = 'someone else' WHERE seq = 5",
        [],
    )
    .unwrap();
    let v = store.verify().unwrap();
    assert_eq!(v.problems.len(), 1, "{:?}", v.problems);
    assert_eq!(v.problems[0].seq, 5);
    assert!(
        v.problems[0].row.contains("deletion entry"),
        "{:?}",
        v.problems
    );
    conn.execute(
        "UPDATE deletions SET requested_by = 'trainer kim' WHERE seq = 5",
        [],
    )
    .unwrap();
    assert!(store.verify().unwrap().ok());
    conn.execute("DELETE FROM deletions WHERE seq = 7", [])
        .unwrap();
    let v = store.verify().unwrap();
    assert!(!v.ok());
    assert!(v.problems.iter().any(|p| p.seq == 8), "{:?}", v.problems);
}

fn rightparty() -> assert_cmd::Command {
    let mut cmd = assert_cmd::Command::cargo_bin("rightparty").unwrap();
    cmd.env("NO_COLOR", "1")
        .env_remove(rightparty::store::DATA_DIR_ENV);
    cmd
}

fn stdout(cmd: &mut assert_cmd::Command, code: i32) -> String {
    let out = cmd.assert().code(code).get_output().clone();
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn records_trainee_set_export_delete_and_cert_from_the_command_line() {
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("records");
    let d = data.to_str().unwrap();
    let text = stdout(
        rightparty().args([
            "--data-dir",
            d,
            "trainee",
            "set",
            "ana",
            "--extra-time",
            "1.5",
        ]),
        0,
    );
    assert_eq!(text, "ana: cohort (none), extra exam time x1.5\n");
    // Only what is given changes.
    let text = stdout(
        rightparty().args([
            "--data-dir",
            d,
            "trainee",
            "set",
            "ana",
            "--cohort",
            "2027-01",
        ]),
        0,
    );
    assert_eq!(text, "ana: cohort 2027-01, extra exam time x1.5\n");
    rightparty()
        .args([
            "--data-dir",
            d,
            "trainee",
            "set",
            "ana",
            "--extra-time",
            "0.5",
        ])
        .assert()
        .code(2)
        .stderr(predicates::str::contains("extra time must be a factor"));
    rightparty()
        .args([
            "--data-dir",
            d,
            "play",
            "scenarios/first-contact-verification.ron",
        ])
        .args(["--seed", "5", "--trainee", "ana"])
        .args(["--choices", "1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1"])
        .assert()
        .code(0);

    // Certifications: the interval and its source come from the shipped pcs blueprint.
    let text = stdout(
        rightparty()
            .args(["--data-dir", d, "cert", "add", "ana", "--credential", "pcs"])
            .args(["--earned", "2025-03-10"]),
        0,
    );
    assert!(
        text.contains("renewal due 2027-03-10 (every 2 year(s); source: ACA"),
        "{text}"
    );
    let text = stdout(
        rightparty()
            .args(["--data-dir", d, "cert", "add", "ana", "--credential", "cbx"])
            .args(["--earned", "2025-01-01"]),
        0,
    );
    assert!(text.contains("no renewal interval stored"), "{text}");
    let text = stdout(
        rightparty()
            .args(["--data-dir", d, "cert", "list", "--due-within", "30"])
            .args(["--today", "2027-02-20"]),
        0,
    );
    assert!(
        text.contains("renewal due 2027-03-10 (in 18 days)"),
        "{text}"
    );
    assert!(text.ends_with("1 certification(s)\n"), "{text}");
    let text = stdout(
        rightparty()
            .args(["--data-dir", d, "cert", "list", "--due-within", "10"])
            .args(["--today", "2027-02-20"]),
        0,
    );
    assert_eq!(text, "0 certification(s)\n");

    // Export to a file: everything about ana.
    let file = tmp.path().join("ana.json");
    rightparty()
        .args(["--data-dir", d, "trainee", "export", "ana", "--out"])
        .arg(&file)
        .assert()
        .code(0);
    let doc: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&file).unwrap()).unwrap();
    assert_eq!(doc["data"]["name"], "ana");
    assert_eq!(doc["data"]["extra_time"], 1.5);
    assert_eq!(doc["data"]["call_attempts"].as_array().unwrap().len(), 1);
    assert_eq!(doc["data"]["certifications"].as_array().unwrap().len(), 2);

    // Delete needs --yes; then the chain still verifies and shows the deletion.
    rightparty()
        .args(["--data-dir", d, "trainee", "delete", "ana"])
        .assert()
        .code(2)
        .stderr(predicates::str::contains("--yes"));
    assert!(
        Store::open(&data)
            .unwrap()
            .find_trainee("ana")
            .unwrap()
            .is_some()
    );
    let text = stdout(
        rightparty().args([
            "--data-dir",
            d,
            "trainee",
            "delete",
            "ana",
            "--yes",
            "--by",
            "kim",
        ]),
        0,
    );
    assert!(text.contains("1 call attempt(s)"), "{text}");
    assert!(text.contains("deletion entry #2"), "{text}");
    let text = stdout(
        rightparty().args(["--data-dir", d, "report", "--verify"]),
        0,
    );
    assert!(
        text.contains("#2 deletion: ana's data removed on") && text.contains("request of kim"),
        "{text}"
    );
    assert!(text.contains("the chain is intact"), "{text}");
    rightparty()
        .args(["--data-dir", d, "trainee", "export", "ana"])
        .assert()
        .code(2)
        .stderr(predicates::str::contains(
            "no records of a trainee named ana",
        ));
}

// ------------------------------------------------------------- writes that fail stay in memory

#[test]
fn records_a_full_disk_keeps_attempts_in_memory_until_they_can_be_written() {
    let tmp = tempfile::tempdir().unwrap();
    let store = Store::open(tmp.path()).unwrap();
    let clock = ManualClock::new();
    take_exam(&store, &clock, "ana", 1, 5);
    // No free pages left inside the file to write into.
    let raw = rusqlite::Connection::open(store.path()).unwrap();
    raw.execute_batch("VACUUM").unwrap();
    let pages: i64 = raw
        .query_row("PRAGMA page_count", [], |r| r.get(0))
        .unwrap();
    // The disk is "full": the file may not grow.
    store.set_pragma_for_tests("max_page_count", pages).unwrap();
    let call = call_result(2, 1);
    let e = store.record_call("ana", &call, "h").unwrap_err();
    let msg = e.to_string();
    assert!(matches!(e, Error::Unsaved { waiting: 1, .. }), "{e:?}");
    assert!(msg.contains("the disk is full"), "{msg}");
    assert!(msg.contains(&store.path().display().to_string()), "{msg}");
    assert!(msg.contains("kept in memory"), "{msg}");
    let mut rec = store.exam_attempts(Some("ana")).unwrap().remove(0);
    rec.attempt_id = "second".into();
    let e = store.record_exam(&rec).unwrap_err();
    assert!(matches!(e, Error::Unsaved { waiting: 2, .. }), "{e:?}");
    assert_eq!(store.pending(), 2);
    // Still full: nothing is written, nothing is lost.
    assert!(matches!(
        store.retry_pending(),
        Err(Error::Unsaved { waiting: 2, .. })
    ));
    assert_eq!(store.call_attempts(None).unwrap().len(), 0);
    // Space again: both are written, in the order they were recorded.
    store
        .set_pragma_for_tests("max_page_count", 1 << 30)
        .unwrap();
    assert_eq!(store.retry_pending().unwrap(), 2);
    assert_eq!(store.pending(), 0);
    let calls = store.call_attempts(None).unwrap();
    assert_eq!((calls.len(), calls[0].seq), (1, 2));
    assert_eq!(calls[0].result, call);
    assert_eq!(store.exam_attempts(None).unwrap()[1].attempt_id, "second");
    assert!(store.verify().unwrap().ok());
}

#[test]
fn records_a_read_only_file_keeps_the_attempt_and_writes_it_once_writable() {
    let tmp = tempfile::tempdir().unwrap();
    let store = Store::open(tmp.path()).unwrap();
    store.set_pragma_for_tests("query_only", 1).unwrap();
    let e = store
        .record_call("ana", &call_result(2, 1), "h")
        .unwrap_err();
    assert!(matches!(e, Error::Unsaved { waiting: 1, .. }), "{e:?}");
    assert!(e.to_string().contains("read-only"), "{e}");
    // The next record writes the waiting one first (on a fresh connection), then itself.
    let seq = store.record_call("ana", &call_result(3, 1), "h").unwrap();
    assert_eq!(seq, 2);
    assert_eq!(store.pending(), 0);
    let seeds: Vec<u64> = store
        .call_attempts(None)
        .unwrap()
        .iter()
        .map(|c| c.result.seed)
        .collect();
    assert_eq!(seeds, [2, 3]);
}

/// A folder made read-only with chmod; skipped (saying so) where permissions do not bind, as
/// for root.
#[cfg(unix)]
#[test]
fn records_a_read_only_data_folder_is_reported_with_its_path_and_cause() {
    use std::os::unix::fs::PermissionsExt;
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("records");
    let store = Store::open(&dir).unwrap();
    store.record_call("ana", &call_result(2, 1), "h").unwrap();
    drop(store);
    let file = dir.join(rightparty::store::FILE_NAME);
    let set = |p: &Path, mode| std::fs::set_permissions(p, std::fs::Permissions::from_mode(mode));
    set(&file, 0o444).unwrap();
    set(&dir, 0o555).unwrap();
    if std::fs::write(dir.join("probe"), b"").is_ok() {
        set(&dir, 0o755).unwrap();
        eprintln!(
            "SKIPPED records_a_read_only_data_folder...: chmod does not bind this user (root?)"
        );
        return;
    }
    let outcome = Store::open(&dir).map(|store| {
        let e = store
            .record_call("ana", &call_result(3, 1), "h")
            .unwrap_err();
        (store, e)
    });
    let msg = match &outcome {
        Ok((_, e)) => e.to_string(),
        Err(e) => e.to_string(),
    };
    eprintln!("read-only folder: {msg}");
    assert!(msg.contains(&dir.display().to_string()), "{msg}");
    assert!(msg.contains("read-only"), "{msg}");
    set(&dir, 0o755).unwrap();
    set(&file, 0o644).unwrap();
    if let Ok((store, _)) = outcome {
        assert_eq!(store.pending(), 1);
        assert_eq!(store.retry_pending().unwrap(), 1);
        assert_eq!(store.call_attempts(None).unwrap().len(), 2);
    }
}

// ------------------------------------------------------------ exam and play resume from the CLI

const ALL_ONES: &str = "1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1";

#[test]
fn records_play_saves_each_decision_and_resumes_to_the_same_call() {
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("records");
    let d = data.to_str().unwrap();
    let file = "scenarios/first-contact-verification.ron";
    // The same call played straight through, without records, for comparison.
    let whole = stdout(
        rightparty().args([
            "play",
            file,
            "--seed",
            "8",
            "--format",
            "json",
            "--choices",
            ALL_ONES,
        ]),
        0,
    );
    // Two decisions, then the terminal "closes".
    let out = rightparty()
        .args([
            "--data-dir",
            d,
            "play",
            file,
            "--seed",
            "8",
            "--trainee",
            "ana",
        ])
        .args(["--choices", "1,1"])
        .assert()
        .code(0)
        .get_output()
        .clone();
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(stderr.contains("--resume"), "{stderr}");
    {
        let store = Store::open(&data).unwrap();
        let saved = store.call_in_progress("ana").unwrap().expect("saved");
        assert_eq!(saved.state.turn, 2);
        assert_eq!(saved.state.seed, 8);
        assert!(store.call_attempts(None).unwrap().is_empty());
    }
    // Resumed (no seed given: the saved one is used) and finished.
    let resumed = stdout(
        rightparty()
            .args([
                "--data-dir",
                d,
                "play",
                file,
                "--trainee",
                "ana",
                "--resume",
            ])
            .args(["--format", "json", "--choices", &ALL_ONES[4..]]),
        0,
    );
    let strip = |s: &str| {
        let mut v: serde_json::Value = serde_json::from_str(s).unwrap();
        v.as_object_mut().unwrap().remove("alternatives");
        v
    };
    assert_eq!(strip(&resumed), strip(&whole));
    let store = Store::open(&data).unwrap();
    assert_eq!(store.call_in_progress("ana").unwrap(), None);
    let calls = store.call_attempts(Some("ana")).unwrap();
    assert_eq!(calls.len(), 1);
    assert_eq!(
        serde_json::to_value(&calls[0].result).unwrap()["transcript"],
        strip(&whole)["transcript"]
    );
    drop(store);

    // Interactive: asked, and resumed at the decision where it stopped.
    rightparty()
        .args([
            "--data-dir",
            d,
            "play",
            file,
            "--seed",
            "9",
            "--trainee",
            "bo",
        ])
        .args(["--choices", "1"])
        .assert()
        .code(0);
    let text = stdout(
        rightparty()
            .args(["--data-dir", d, "play", file, "--trainee", "bo"])
            .write_stdin(format!("y\n{}\n", ALL_ONES.replace(',', "\n"))),
        0,
    );
    assert!(text.contains("bo has an unfinished call of"), "{text}");
    assert!(text.contains("Resumed at decision 2."), "{text}");
    assert!(text.contains("=== Debrief ==="), "{text}");
}

#[test]
fn records_exam_resumes_applies_stored_extra_time_and_avoids_recent_questions() {
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("records");
    let d = data.to_str().unwrap();
    rightparty()
        .args([
            "--data-dir",
            d,
            "trainee",
            "set",
            "ana",
            "--extra-time",
            "1.5",
        ])
        .assert()
        .code(0);
    let exam = |seed: &str, extra: &[&str]| {
        rightparty()
            .args(["--data-dir", d, "exam", "pcs-practice-20", "--seed", seed])
            .args(["--answers", "-,-", "--trainee", "ana"])
            .args(extra)
            .assert()
            .code(0);
    };
    exam("1", &[]);
    exam("1", &["--extra-time", "2"]);
    let store = Store::open(&data).unwrap();
    let done = store.exam_attempts(Some("ana")).unwrap();
    assert_eq!(done.len(), 2);
    // The stored accommodation applies; an explicit one wins.
    assert_eq!((done[0].extra_time, done[1].extra_time), (1.5, 2.0));
    let limit = |i: usize| done[i].time_limit_ms.unwrap();
    assert_eq!(limit(0) * 4, limit(1) * 3);
    // The same seed drew different questions the second time: the first were recent.
    let ids = |i: usize| -> Vec<String> {
        done[i]
            .items
            .iter()
            .map(|q| q.question_id.clone())
            .collect()
    };
    assert!(
        ids(1).iter().all(|q| !ids(0).contains(q)),
        "{:?} {:?}",
        ids(0),
        ids(1)
    );
    drop(store);

    // An exam left unfinished ...
    let id = unfinished_exam(&data, 5, &[Action::Begin, Action::Answer(vec![1])]);
    // ... is left alone by a scripted run without --resume (which says how to resume) ...
    let out = rightparty()
        .args(["--data-dir", d, "exam", "pcs-practice-20", "--seed", "6"])
        .args(["--answers", "A", "--trainee", "ana"])
        .assert()
        .code(0)
        .get_output()
        .clone();
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(
        stderr.contains("unfinished") && stderr.contains("--resume"),
        "{stderr}"
    );
    let waiting = Store::open(&data).unwrap().unfinished("ana").unwrap();
    assert_eq!(waiting, vec![id.clone()]);
    // ... and finished with --resume: the same attempt, its first answer kept.
    rightparty()
        .args(["--data-dir", d, "exam", "pcs-practice-20", "--resume"])
        .args(["--answers", "-,C", "--trainee", "ana", "--format", "json"])
        .assert()
        .code(0);
    let store = Store::open(&data).unwrap();
    assert!(store.unfinished("ana").unwrap().is_empty());
    let rec = store
        .exam_attempts(Some("ana"))
        .unwrap()
        .into_iter()
        .find(|a| a.attempt_id == id)
        .expect("the resumed attempt was recorded");
    assert!(rec.items[0].response.is_some());
    assert!(rec.items[1].response.is_some());
    assert!(rec.items[2].response.is_none());
    drop(store);

    // Interactive: asked, and resumed.
    let id2 = unfinished_exam(&data, 7, &[Action::Begin]);
    let text = stdout(
        rightparty()
            .args([
                "--data-dir",
                d,
                "exam",
                "pcs-practice-20",
                "--trainee",
                "ana",
            ])
            .write_stdin("y\nsubmit\nsubmit\n"),
        0,
    );
    assert!(text.contains("Resume it? [Y/n]"), "{text}");
    assert!(text.contains("Resumed where it was left."), "{text}");
    assert!(text.contains("Result:"), "{text}");
    let store = Store::open(&data).unwrap();
    assert!(store.unfinished("ana").unwrap().is_empty());
    assert!(
        store
            .exam_attempts(None)
            .unwrap()
            .iter()
            .any(|a| a.attempt_id == id2)
    );
}

/// The stored cards equal a replay of the recorded history, question by question.
fn assert_cards_match_history(store: &Store, trainee: &str) {
    let mut results: std::collections::BTreeMap<String, Vec<_>> = Default::default();
    for a in store.exam_attempts(Some(trainee)).unwrap() {
        for it in &a.items {
            results
                .entry(it.question_id.clone())
                .or_default()
                .push((a.finished_at, it.correct));
        }
    }
    let cards = store.sr_cards(trainee, None).unwrap();
    assert_eq!(cards.len(), results.len());
    for c in cards {
        let replay = rightparty::exam::drill::card_for(&results[&c.question_id]);
        assert_eq!(
            (c.due, c.reps, c.lapses, c.last_review),
            (replay.due, replay.reps, replay.lapses, replay.last_review),
            "{}",
            c.question_id
        );
        assert!((c.stability - replay.stability).abs() < 1e-9);
        assert!((c.difficulty - replay.difficulty).abs() < 1e-9);
    }
}

#[test]
fn records_sr_cards_moved_on_attempt_by_attempt_equal_the_replay() {
    let tmp = tempfile::tempdir().unwrap();
    let store = Store::open(tmp.path()).unwrap();
    let clock = ManualClock::new();
    // Three exams of 20 from 48 questions: the third repeats some questions.
    for (seed, answered) in [(1, 20), (2, 10), (3, 20)] {
        take_exam(&store, &clock, "ana", seed, answered);
        clock.advance_mins(60 * 24 * 3);
    }
    let cards = store.sr_cards("ana", None).unwrap();
    assert!(cards.iter().any(|c| c.reps > 1), "no question repeated");
    assert_cards_match_history(&store, "ana");
    // A revised attempt, and one recorded late (finished before the others): replayed.
    let mut recs = store.exam_attempts(Some("ana")).unwrap();
    let mut late = recs[0].clone();
    late.attempt_id = "late".into();
    late.finished_at -= chrono::Duration::days(30);
    for it in &mut late.items {
        it.correct = !it.correct;
    }
    store.record_exam(&late).unwrap();
    assert_cards_match_history(&store, "ana");
    recs[2].items[0].correct = !recs[2].items[0].correct;
    store.record_exam(&recs[2]).unwrap();
    assert_cards_match_history(&store, "ana");
}

/// Starts ana's exam (drawn with `seed`) in the store at `data`, applies `actions`, and leaves
/// it unfinished; returns its attempt id.
fn unfinished_exam(data: &std::path::Path, seed: u64, actions: &[Action]) -> String {
    let store = Store::open(data).unwrap();
    let (bp, bank) = crate::util::shipped_exam();
    let exam = assemble(&bp, &[&bank], seed, &RecentItems::none()).unwrap();
    let clock = ManualClock::new();
    let mut s = Session::start(
        exam,
        StartOptions::exam("ana"),
        crate::util::exam_env(&clock, &store),
    )
    .unwrap();
    for a in actions {
        s.apply(a.clone()).unwrap();
    }
    s.state().attempt_id.clone()
}
