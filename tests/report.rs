//! Progress and cohort reports (issue 6 item 5): the shared queries of `store::report` on a
//! temporary records folder filled through the library, and `rightparty report --trainee |
//! --cohort --format table|csv|json` on the same folder.

use std::path::{Path, PathBuf};

use rightparty::call::{Action as CallAction, CallResult, CallRun, Phase as CallPhase};
use rightparty::clock::ManualClock;
use rightparty::content::load_paths;
use rightparty::exam::{Action, AttemptRecord, RecentItems, Session, StartOptions, assemble};
use rightparty::store::report::{AttemptKind, Axis, ContentIndex, Practice, ReportError};
use rightparty::store::{self, Store};

// ---------------------------------------------------------------------------------- helpers

/// The shipped scenarios and banks, as the CLI finds them from the package root.
pub(crate) fn shipped_index() -> ContentIndex {
    let set = load_paths(
        &[PathBuf::from("scenarios"), PathBuf::from("question_banks")],
        &crate::util::options(),
    );
    ContentIndex::from_content(&set)
}

/// Plays a shipped scenario choosing shown option `pick` at every decision (the first when
/// there are fewer).
fn call(file: &str, pick: usize, seed: u64) -> CallResult {
    let c = rightparty::cli::play::load_scenario(Path::new(file), &mut Vec::new()).unwrap();
    let mut run = CallRun::start(c, seed, None).unwrap();
    for _ in 0..200 {
        let action = match run.phase() {
            CallPhase::Deciding { shown } => {
                CallAction::Choose(if pick <= shown.len() { pick } else { 1 })
            }
            CallPhase::WrappingUp { .. } => CallAction::WrapUp(1),
            CallPhase::Finished { .. } => break,
        };
        run.act(action).unwrap();
    }
    run.result().expect("the call finished")
}

/// Takes and submits the shipped exam for `trainee`, answering A throughout.
fn take_exam(store: &Store, clock: &ManualClock, trainee: &str, seed: u64) -> AttemptRecord {
    let (bp, bank) = crate::util::shipped_exam();
    let exam = assemble(&bp, &[&bank], seed, &RecentItems::none()).unwrap();
    let env = crate::util::exam_env(clock, store);
    let mut s = Session::start(exam, StartOptions::exam(trainee), env).unwrap();
    s.apply(Action::Begin).unwrap();
    for _ in 0..s.state().items.len() {
        s.apply(Action::Answer(vec![0])).unwrap();
        let _ = s.apply(Action::Next);
    }
    s.apply(Action::ConfirmSubmit).unwrap();
    clock.advance_mins(60);
    let id = s.state().attempt_id.clone();
    store
        .exam_attempts(Some(trainee))
        .unwrap()
        .into_iter()
        .find(|a| a.attempt_id == id)
        .unwrap()
}

/// Re-records an attempt with every item in `domain` wrong and every other item right, so
/// that domain is certainly the weakest on exams.
fn rescore(store: &Store, mut rec: AttemptRecord, attempt_id: &str, wrong: &str) {
    rec.attempt_id = attempt_id.to_string();
    for it in &mut rec.items {
        let right = it.domain != wrong;
        it.score = if right { 1.0 } else { 0.0 };
        it.correct = right;
    }
    for d in &mut rec.domains {
        d.percent = if d.id == wrong { 0.0 } else { 100.0 };
        d.points = if d.id == wrong { 0.0 } else { d.items as f64 };
    }
    let points: f64 = rec.items.iter().map(|i| i.score).sum();
    rec.points = points;
    rec.score_percent = points * 100.0 / rec.items.len() as f64;
    rec.passed = rec.score_percent >= rec.pass_mark;
    store.record_exam(&rec).unwrap();
}

/// ana: two exams (negotiation all wrong, the rest right) and two calls; bo: one call; both in
/// cohort "2027-01 orientation"; cy: another cohort, no attempts.
pub(crate) fn populated() -> (tempfile::TempDir, Store) {
    let tmp = tempfile::tempdir().unwrap();
    let store = Store::open(tmp.path()).unwrap();
    let clock = ManualClock::new();
    let first = take_exam(&store, &clock, "ana", 1);
    let second = take_exam(&store, &clock, "ana", 2);
    rescore(&store, first.clone(), &first.attempt_id, "negotiation");
    rescore(&store, second.clone(), &second.attempt_id, "negotiation");
    store
        .record_call(
            "ana",
            &call("scenarios/first-contact-verification.ron", 1, 1),
            "h1",
        )
        .unwrap();
    store
        .record_call(
            "ana",
            &call("scenarios/first-contact-verification.ron", 2, 2),
            "h1",
        )
        .unwrap();
    store
        .record_call(
            "bo",
            &call("scenarios/dispute-in-validation-period.ron", 1, 3),
            "h2",
        )
        .unwrap();
    store
        .set_trainee("ana", Some("2027-01 orientation"), 1.0)
        .unwrap();
    store
        .set_trainee("bo", Some("2027-01 orientation"), 1.0)
        .unwrap();
    store.set_trainee("cy", Some("2027-02"), 1.5).unwrap();
    (tmp, store)
}

fn rightparty(data: &Path) -> assert_cmd::Command {
    let mut cmd = assert_cmd::Command::cargo_bin("rightparty").unwrap();
    cmd.env("NO_COLOR", "1")
        .env_remove(store::DATA_DIR_ENV)
        .arg("--data-dir")
        .arg(data);
    cmd
}

fn stdout(done: assert_cmd::assert::Assert) -> String {
    String::from_utf8(done.get_output().stdout.clone()).unwrap()
}

// ------------------------------------------------------------------------------ the queries

#[test]
fn report_progress_has_attempts_scores_rates_and_series() {
    let (_tmp, store) = populated();
    let calls = store.call_attempts(Some("ana")).unwrap();
    let r = store.progress("ana", &shipped_index()).unwrap();
    assert_eq!(r.trainee, "ana");
    assert_eq!(r.cohort.as_deref(), Some("2027-01 orientation"));
    // Two exams (their revisions replace them in place) and two calls, in chain order.
    assert_eq!(r.attempts.len(), 4);
    let kinds: Vec<AttemptKind> = r.attempts.iter().map(|a| a.kind).collect();
    assert_eq!(
        kinds,
        [
            AttemptKind::Exam,
            AttemptKind::Exam,
            AttemptKind::Call,
            AttemptKind::Call
        ]
    );
    assert!(r.attempts.windows(2).all(|w| w[0].seq < w[1].seq));
    assert_eq!(r.attempts[2].title, "First contact: the roommate picks up");
    // Call axes: best, latest and mean from the recorded scores.
    assert_eq!(r.calls.pass_rate.attempts, 2);
    let passed = calls.iter().filter(|c| c.result.passed).count();
    assert_eq!(r.calls.pass_rate.passed, passed);
    for (axis, s) in r.calls.axes.iter().zip(Axis::ALL) {
        assert_eq!(axis.axis, s);
        let values: Vec<u32> = calls.iter().map(|c| s.of(&c.result.scores)).collect();
        assert_eq!(axis.best, *values.iter().max().unwrap());
        assert_eq!(axis.latest, values[1]);
        assert_eq!(axis.mean, f64::from(values[0] + values[1]) / 2.0);
        assert_eq!(axis.n, 2);
    }
    assert_eq!(r.call_series.len(), 2);
    assert_eq!(r.call_series[1].attempt, 2);
    assert_eq!(r.call_series[1].scores, calls[1].result.scores);
    // Exams: the rescored attempts (negotiation wrong) are what counts.
    assert_eq!(r.exams.pass_rate.attempts, 2);
    let neg = r
        .exams
        .domains
        .iter()
        .find(|d| d.id == "negotiation")
        .unwrap();
    assert_eq!((neg.best, neg.latest, neg.n), (0.0, 0.0, 2));
    assert_eq!(neg.name, "Negotiation, payment arrangements and payments");
    assert_eq!(r.exam_series.len(), 2);
    assert_eq!(r.exam_series[0].domains["negotiation"], 0.0);
    assert_eq!(r.exam_series[0].domains["communications"], 100.0);
    // Item statistics come with their n: each item once per attempt that drew it.
    let drawn: usize = r.exam_series.len() * 20;
    assert_eq!(r.items.iter().map(|i| i.n).sum::<usize>(), drawn);
    assert!(r.items.iter().all(|i| i.too_few));
}

#[test]
fn report_violations_are_counted_with_their_citations() {
    let (_tmp, store) = populated();
    let calls = store.call_attempts(Some("ana")).unwrap();
    let r = store.progress("ana", &ContentIndex::default()).unwrap();
    let total: usize = calls.iter().map(|c| c.result.violations.len()).sum();
    assert!(total > 0, "the scripted calls break at least one rule");
    assert_eq!(r.violations.iter().map(|v| v.count).sum::<usize>(), total);
    assert!(r.violations.windows(2).all(|w| w[0].count >= w[1].count));
    for v in &r.violations {
        let found = calls
            .iter()
            .flat_map(|c| &c.result.violations)
            .find(|x| x.rule == v.rule)
            .unwrap();
        assert_eq!(v.citation, found.citation);
        assert!(v.calls >= 1 && v.calls <= 2 && v.calls <= v.count);
    }
    let per_attempt: usize = r.attempts.iter().map(|a| a.violations).sum();
    assert_eq!(per_attempt, total);
}

#[test]
fn report_weakest_domains_join_calls_and_exams_and_lead_practice() {
    let (_tmp, store) = populated();
    let r = store.progress("ana", &shipped_index()).unwrap();
    // Every item in negotiation was wrong and every other exam item right: negotiation is the
    // weakest, unless a call decision made another domain weaker still.
    let weakest: Vec<&str> = r.weakest().map(|d| d.id.as_str()).collect();
    assert!(!weakest.is_empty());
    assert!(weakest.contains(&"negotiation"), "{weakest:?}");
    for d in &r.domains {
        if d.n() > 0 {
            let expect = (d.exam_points + d.call_sound as f64) * 100.0 / d.n() as f64;
            assert!((d.percent.unwrap() - expect).abs() < 1e-9, "{d:?}");
        } else {
            assert_eq!(d.percent, None);
        }
        assert!(d.call_sound <= d.call_decisions);
    }
    let with_evidence: Vec<f64> = r.domains.iter().filter_map(|d| d.percent).collect();
    assert!(with_evidence.windows(2).all(|w| w[0] <= w[1]));
    // The shipped scenario tags its choices, so the calls counted toward some domain.
    assert!(r.domains.iter().any(|d| d.call_decisions > 0));
    // The weakest domain is the first thing to practice, with a scenario that exercises it.
    match &r.practice[0] {
        Practice::Domain { id, .. } => assert_eq!(id, weakest[0]),
        other => panic!("expected a domain first, got {other:?}"),
    }
    assert!(matches!(r.practice[1], Practice::Scenario { .. }));
    // Without content, calls give no domains: only the exam evidence is left.
    let bare = store.progress("ana", &ContentIndex::default()).unwrap();
    assert!(bare.domains.iter().all(|d| d.call_decisions == 0));
    assert_eq!(bare.weakest().next().unwrap().id, "negotiation");
    assert_eq!(bare.weakest().next().unwrap().percent, Some(0.0));
}

#[test]
fn report_a_trainee_with_no_attempts_gets_an_empty_report_and_an_unknown_one_an_error() {
    let (_tmp, store) = populated();
    let r = store.progress("cy", &shipped_index()).unwrap();
    assert!(r.is_empty());
    assert_eq!(r.weakest().count(), 0);
    assert_eq!(r.calls.pass_rate.percent, None);
    // Something to start with: the scenarios not played yet.
    assert!(
        r.practice
            .iter()
            .any(|p| matches!(p, Practice::Scenario { reason, .. } if reason == "not played yet"))
    );
    let e = store.progress("nobody", &shipped_index()).unwrap_err();
    assert!(
        matches!(e, ReportError::NoTrainee(ref n) if n == "nobody"),
        "{e}"
    );
}

#[test]
fn report_cohort_has_a_row_per_trainee_and_pooled_figures() {
    let (_tmp, store) = populated();
    let index = shipped_index();
    let c = store
        .cohort_report(Some("2027-01 orientation"), &index)
        .unwrap();
    let names: Vec<&str> = c.trainees.iter().map(|t| t.trainee.as_str()).collect();
    assert_eq!(names, ["ana", "bo"]);
    assert_eq!(c.trainees[0].attempts, 4);
    assert_eq!(c.trainees[1].attempts, 1);
    assert_eq!(c.trainees[1].exams.attempts, 0);
    assert_eq!(c.calls.attempts, 3);
    assert_eq!(c.exams.attempts, 2);
    let ana = store.progress("ana", &index).unwrap();
    let weakest: Vec<_> = ana.weakest().cloned().collect();
    assert_eq!(c.trainees[0].weakest, weakest);
    // Pooled domain evidence is the sum of the members'.
    let bo = store.progress("bo", &index).unwrap();
    for d in &c.domains {
        let of = |r: &rightparty::store::report::ProgressReport| {
            r.domains
                .iter()
                .find(|x| x.id == d.id)
                .map_or(0, |x| x.call_decisions)
        };
        assert_eq!(d.call_decisions, of(&ana) + of(&bo), "{}", d.id);
    }
    assert_eq!(c.axes.len(), 3);
    let calls = store.call_attempts(None).unwrap();
    let mean = calls
        .iter()
        .map(|x| f64::from(x.result.scores.compliance))
        .sum::<f64>()
        / 3.0;
    assert!((c.axes[2].mean - mean).abs() < 1e-9);
    assert_eq!(c.items.iter().map(|i| i.n).sum::<usize>(), 40);
    // Every trainee, and cohorts by name.
    let all = store.cohort_report(None, &index).unwrap();
    assert_eq!(all.trainees.len(), 3);
    assert_eq!(store.cohorts().unwrap(), ["2027-01 orientation", "2027-02"]);
    let e = store.cohort_report(Some("1999"), &index).unwrap_err();
    assert!(matches!(e, ReportError::NoCohort(_)), "{e}");
}

// ---------------------------------------------------------------------------------- the CLI

#[test]
fn report_cli_trainee_table_csv_and_json() {
    let (tmp, store) = populated();
    drop(store);
    let table = stdout(
        rightparty(tmp.path())
            .args(["report", "--trainee", "ana"])
            .assert()
            .code(0),
    );
    assert!(
        table.contains("Progress of ana (cohort 2027-01 orientation)"),
        "{table}"
    );
    assert!(table.contains("Weakest domains"), "{table}");
    assert!(
        table.contains("Negotiation, payment arrangements and payments"),
        "{table}"
    );
    assert!(table.contains("Item statistics"), "{table}");
    assert!(table.contains("Practice next"), "{table}");
    assert!(table.contains("4 attempt(s)"), "{table}");

    let csv = stdout(
        rightparty(tmp.path())
            .args(["report", "--trainee", "ana", "--format", "csv"])
            .assert()
            .code(0),
    );
    let lines: Vec<&str> = csv.lines().collect();
    assert_eq!(lines.len(), 5, "{csv}");
    assert!(lines[0].starts_with("trainee,seq,kind,"), "{csv}");
    assert!(
        lines[1].starts_with("ana,1,exam,exam,pcs-practice-20,"),
        "{csv}"
    );
    // No shipped title holds a comma, so every row splits into the header's fields.
    let fields = |l: &str| l.split(',').count();
    assert!(lines.iter().all(|l| fields(l) == 14), "{csv}");
    assert!(
        lines[3].contains(",call,,first-contact-verification,"),
        "{csv}"
    );

    let doc = crate::util::json_stdout(
        rightparty(tmp.path())
            .args(["report", "--trainee", "ana", "--format", "json"])
            .assert()
            .code(0),
    );
    assert_eq!(doc["trainee"], "ana");
    assert_eq!(doc["attempts"].as_array().unwrap().len(), 4);
    assert_eq!(doc["calls"]["axes"][0]["axis"], "negotiation");
    assert!(doc["items"][0]["n"].as_u64().unwrap() >= 1);
    assert!(doc["practice"][0]["kind"] == "domain");
}

#[test]
fn report_cli_cohort_and_bad_selections() {
    let (tmp, store) = populated();
    drop(store);
    let table = stdout(
        rightparty(tmp.path())
            .args(["report", "--cohort", "2027-01 orientation"])
            .assert()
            .code(0),
    );
    assert!(
        table.contains("Cohort 2027-01 orientation: 2 trainee(s)"),
        "{table}"
    );
    assert!(table.contains("ana") && table.contains("bo"), "{table}");
    let csv = stdout(
        rightparty(tmp.path())
            .args([
                "report",
                "--cohort",
                "2027-01 orientation",
                "--format",
                "csv",
            ])
            .assert()
            .code(0),
    );
    let lines: Vec<&str> = csv.lines().collect();
    assert_eq!(lines.len(), 3, "{csv}");
    assert!(
        lines[1].starts_with("2027-01 orientation,ana,4,2,"),
        "{csv}"
    );
    let doc = crate::util::json_stdout(
        rightparty(tmp.path())
            .args([
                "report",
                "--cohort",
                "2027-01 orientation",
                "--format",
                "json",
            ])
            .assert()
            .code(0),
    );
    assert_eq!(doc["trainees"].as_array().unwrap().len(), 2);
    assert_eq!(doc["calls"]["attempts"], 3);

    rightparty(tmp.path())
        .args(["report", "--cohort", "1999"])
        .assert()
        .code(2)
        .stderr(predicates::str::contains(
            "no trainee in the records is in cohort \"1999\"",
        ));
    rightparty(tmp.path())
        .args(["report", "--trainee", "nobody"])
        .assert()
        .code(2)
        .stderr(predicates::str::contains("no trainee named \"nobody\""));
    rightparty(tmp.path())
        .args(["report", "--trainee", "ana", "--cohort", "2027-02"])
        .assert()
        .code(2);
    // --verify still works, in every format.
    let csv = stdout(
        rightparty(tmp.path())
            .args(["report", "--verify", "--format", "csv"])
            .assert()
            .code(0),
    );
    assert_eq!(csv, "seq,row,reason\n");
    rightparty(tmp.path())
        .args(["report", "--verify"])
        .assert()
        .code(0)
        .stdout(predicates::str::contains(
            "7 attempt(s) checked, the chain is intact",
        ));
}

#[test]
fn report_weakest_domains_weigh_only_the_latest_calls_and_drills_are_left_out() {
    let tmp = tempfile::tempdir().unwrap();
    let store = Store::open(tmp.path()).unwrap();
    let index = shipped_index();
    let file = "scenarios/first-contact-verification.ron";
    let (bad, good) = (call(file, 1, 1), call(file, 2, 1));
    // A call's domain tallies alone, to be sure the two calls differ in them.
    let tallies = |who: &str| {
        let r = store.progress(who, &index).unwrap();
        r.domains
            .iter()
            .map(|d| (d.id.clone(), d.call_sound, d.call_decisions))
            .collect::<Vec<_>>()
    };
    store.record_call("bad-once", &bad, "h").unwrap();
    store.record_call("good-once", &good, "h").unwrap();
    assert_ne!(tallies("bad-once"), tallies("good-once"));
    assert!(
        tallies("bad-once").iter().any(|t| t.2 > 0),
        "the bad call has tagged decisions"
    );
    // One bad call, then RECENT_WINDOW good ones: only the good ones count toward domains.
    store.record_call("moved-on", &bad, "h").unwrap();
    for _ in 0..rightparty::store::report::RECENT_WINDOW {
        store.record_call("moved-on", &good, "h").unwrap();
        store.record_call("always-good", &good, "h").unwrap();
    }
    assert_eq!(tallies("moved-on"), tallies("always-good"));
    let r = store.progress("moved-on", &index).unwrap();
    assert_eq!(
        r.calls.pass_rate.attempts, 21,
        "every call still counts to the rate"
    );

    // A drill is listed, but counts toward no exam figure.
    let clock = ManualClock::new();
    let exam = take_exam(&store, &clock, "dee", 1);
    let mut drill = exam.clone();
    drill.attempt_id = "drill-1".into();
    drill.mode = rightparty::exam::session::SessionMode::Drill;
    store.record_exam(&drill).unwrap();
    let r = store.progress("dee", &index).unwrap();
    assert_eq!(r.attempts.len(), 2);
    assert_eq!(
        r.attempts[1].mode,
        Some(rightparty::exam::session::SessionMode::Drill)
    );
    assert_eq!(r.exams.pass_rate.attempts, 1);
    assert_eq!(r.exam_series.len(), 1);
    assert_eq!(r.items.iter().map(|i| i.n).sum::<usize>(), exam.items.len());
    let exam_items: usize = r.domains.iter().map(|d| d.exam_items).sum();
    assert_eq!(exam_items, exam.items.len());
}
