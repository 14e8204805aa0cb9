//! The `rightparty` binary: exit codes, the summary line and `--format json`.

use assert_cmd::Command;
use predicates::prelude::*;

use crate::util::TODAY;

fn rightparty() -> Command {
    let mut cmd = Command::cargo_bin("rightparty").unwrap();
    cmd.env("NO_COLOR", "1");
    cmd
}

fn validate(args: &[&str]) -> assert_cmd::assert::Assert {
    rightparty()
        .arg("validate")
        .arg("--today")
        .arg(TODAY)
        .args(args)
        .assert()
}

#[test]
fn valid_content_exits_0_with_summary_last() {
    let out = validate(&["tests/data/valid"])
        .code(0)
        .get_output()
        .stdout
        .clone();
    let out = String::from_utf8(out).unwrap();
    assert_eq!(
        out,
        "checked 3 files: 1 scenarios, 4 questions, 1 blueprints; 0 errors, 0 warnings\n"
    );
}

#[test]
fn default_paths_are_the_shipped_content() {
    validate(&[])
        .code(0)
        .stdout(predicate::str::is_match(r"(?m)^checked \d+ files: \d+ scenarios, \d+ questions, \d+ blueprints; 0 errors, \d+ warnings\n\z").unwrap());
}

#[test]
fn content_errors_exit_1_and_every_problem_is_reported() {
    let out = validate(&[
        "tests/data/invalid/unknown_flag_and_fact.ron",
        "tests/data/invalid/bank_bad_keys.ron",
    ])
    .code(1)
    .get_output()
    .stdout
    .clone();
    let out = String::from_utf8(out).unwrap();
    let headers: Vec<&str> = out.lines().filter(|l| l.starts_with("tests/")).collect();
    assert_eq!(
        headers,
        [
            "tests/data/invalid/unknown_flag_and_fact.ron:91:36: error[unknown-flag]: flag `verifed` is never set: not by a node, a choice, `initial_flags` or a flag on file",
            "tests/data/invalid/unknown_flag_and_fact.ron:95:27: error[unknown-fact]: condition tests the fact `reduced_hour`, which `debtor.hidden.facts` does not define",
            "tests/data/invalid/bank_bad_keys.ron:19:18: error[bad-key]: key `E` is not among the 3 options of question `t-001`",
            "tests/data/invalid/bank_bad_keys.ron:41:18: error[bad-key]: multiple-response question `t-003` has a single key",
        ]
    );
    assert!(out.ends_with(
        "checked 2 files: 1 scenarios, 4 questions, 0 blueprints; 4 errors, 0 warnings\n"
    ));
}

#[test]
fn warnings_alone_exit_0() {
    validate(&["tests/data/invalid/stale_and_uncited.ron"])
        .code(0)
        .stdout(predicate::str::ends_with("0 errors, 2 warnings\n"));
}

#[test]
fn unreadable_inputs_are_content_errors() {
    for f in [
        "empty.ron",
        "not_utf8.ron",
        "no_name.ron",
        "unknown_kind.ron",
    ] {
        validate(&[&format!("tests/data/invalid/{f}")]).code(1);
    }
}

#[test]
fn missing_path_exits_2_and_still_checks_the_rest() {
    validate(&["tests/data/valid", "tests/data/nowhere"])
        .code(2)
        .stderr(predicate::str::contains(
            "tests/data/nowhere: no such file or folder",
        ))
        .stdout(predicate::str::ends_with(
            "checked 3 files: 1 scenarios, 4 questions, 1 blueprints; 0 errors, 0 warnings\n",
        ));
}

#[test]
fn usage_errors_exit_2() {
    rightparty()
        .args(["validate", "--format", "yaml"])
        .assert()
        .code(2);
    rightparty().args(["no-such-command"]).assert().code(2);
}

#[test]
fn json_format_has_diagnostics_and_summary() {
    let v = crate::util::json_stdout(
        validate(&["--format", "json", "tests/data/invalid/blueprint_weights"]).code(1),
    );
    assert_eq!(
        v["summary"],
        serde_json::json!({"files": 2, "scenarios": 0, "questions": 4, "blueprints": 1, "errors": 2, "warnings": 0})
    );
    let diags = v["diagnostics"].as_array().unwrap();
    assert_eq!(diags.len(), 2);
    assert_eq!(diags[0]["code"], "pass-mark-range");
    assert_eq!(diags[0]["level"], "error");
    assert_eq!(
        diags[0]["file"],
        "tests/data/invalid/blueprint_weights/blueprint.ron"
    );
    assert_eq!(
        (diags[0]["line"].as_u64(), diags[0]["column"].as_u64()),
        (Some(14), Some(16))
    );
    assert!(diags[1]["hint"].as_str().unwrap().contains("100"));
}

#[test]
fn json_for_valid_content_is_one_document() {
    let v = crate::util::json_stdout(validate(&["--format", "json", "tests/data/valid"]).code(0));
    assert_eq!(v["diagnostics"], serde_json::json!([]));
    assert_eq!(v["summary"]["scenarios"], 1);
}

fn play(args: &[&str]) -> assert_cmd::assert::Assert {
    rightparty().arg("play").args(args).write_stdin("").assert()
}

#[test]
fn scripted_play_is_byte_identical_for_the_same_seed() {
    let args = [
        "scenarios/first-contact-verification.ron",
        "--seed",
        "42",
        "--choices",
        "1,2,1,1,2,2,2,1,1,2",
    ];
    let a = play(&args).code(0).get_output().stdout.clone();
    let b = play(&args).code(0).get_output().stdout.clone();
    assert_eq!(a, b);
    let text = String::from_utf8(a).unwrap();
    assert!(text.contains("Result: PASS (plan set up)"), "{text}");
    assert!(text.contains("Training material, not legal advice."));
}

#[test]
fn play_shows_the_account_screen_before_the_first_decision_and_the_law_in_the_debrief() {
    let args = [
        "scenarios/first-contact-verification.ron",
        "--seed",
        "42",
        "--choices",
        "1,2,1,1,2,2,2,1,1,2",
    ];
    let out = play(&args).code(0).get_output().stdout.clone();
    let text = String::from_utf8(out).unwrap();
    let account = text.find("=== Account ===").expect("account screen");
    let first = text.find("Decision 1:").unwrap();
    assert!(account < first, "{text}");
    let screen = &text[account..first];
    for want in [
        "Dana Pruitt",
        "Brightwater Bank",
        "$2326.40",
        "at the address",
        "at the phone",
    ] {
        assert!(screen.contains(want), "{want} missing from {screen}");
    }
    // Never the hidden facts (what the debtor could pay).
    assert!(!screen.to_lowercase().contains("capacity"), "{screen}");
    assert!(text.contains("Judged as a third-party agency call. State law: no rule file for OH"));
}

#[test]
fn play_json_has_the_promised_fields() {
    let v = crate::util::json_stdout(
        play(&[
            "tests/data/valid/call.ron",
            "--seed",
            "7",
            "--choices",
            "2,1",
            "--format",
            "json",
        ])
        .code(0),
    );
    assert_eq!(v["seed"], 7);
    assert_eq!(v["finished"], true);
    assert_eq!(v["passed"], false);
    assert_eq!(v["outcome"], "DebtorHungUp");
    assert_eq!(v["scores"]["compliance"], 50);
    assert!(v["scores"]["negotiation"].is_u64() && v["scores"]["composure"].is_u64());
    let viol = &v["violations"][0];
    assert_eq!(viol["rule"], "fdcpa.third_party_disclosure");
    assert_eq!(viol["severity"], "Critical");
    assert_eq!(
        viol["citation"],
        "15 USC 1692b(1)-(3); 15 USC 1692c(b), (d); 12 CFR 1006.6(d)(1); 12 CFR 1006.10(b)"
    );
    assert_eq!(viol["turn"], 1);
    assert!(v["transcript"].as_array().unwrap().len() >= 3);
}

#[test]
fn play_reports_an_unfinished_call_when_the_choices_run_out() {
    play(&["tests/data/valid/call.ron", "--seed", "1", "--choices", "1"])
        .code(0)
        .stdout(predicate::str::contains(
            "Unfinished: the call stopped at decision 2 (node `debtor`)",
        ));
    let v = crate::util::json_stdout(
        play(&[
            "tests/data/valid/call.ron",
            "--seed",
            "1",
            "--choices",
            "1",
            "--format",
            "json",
        ])
        .code(0),
    );
    assert_eq!(v["finished"], false);
}

#[test]
fn play_ignores_leftover_choices_and_rejects_unshown_ones() {
    play(&[
        "tests/data/valid/call.ron",
        "--seed",
        "1",
        "--choices",
        "2,1,5,5,5",
    ])
    .code(0)
    .stdout(predicate::str::contains("Result: FAIL (debtor hung up)"));
    play(&[
        "tests/data/valid/call.ron",
        "--seed",
        "1",
        "--choices",
        "1,3",
    ])
    .code(2)
    .stderr(predicate::str::contains(
        "choice 3 is not shown at decision 2 (node `debtor`)",
    ));
}

#[test]
fn play_without_a_seed_prints_the_one_it_used() {
    let out = play(&["tests/data/valid/call.ron", "--choices", "2,1"])
        .code(0)
        .get_output()
        .stdout
        .clone();
    let first = String::from_utf8(out)
        .unwrap()
        .lines()
        .next()
        .unwrap()
        .to_string();
    assert!(
        first.starts_with("Test call (seed ") && first.ends_with(')'),
        "{first}"
    );
}

#[test]
fn play_from_a_node_and_content_errors() {
    // Starting at `plan` unverified, its divert hangs up at once; at `debtor` the call goes on.
    play(&[
        "tests/data/valid/call.ron",
        "--seed",
        "1",
        "--from",
        "plan",
        "--choices",
        "1",
    ])
    .code(0)
    .stdout(predicate::str::contains("I'm done with this call."));
    play(&[
        "tests/data/valid/call.ron",
        "--seed",
        "1",
        "--from",
        "debtor",
        "--choices",
        "1,1",
    ])
    .code(0)
    .stdout(
        predicate::str::contains("This is Jordan.")
            .and(predicate::str::contains("My hours got cut.")),
    );
    play(&[
        "tests/data/valid/call.ron",
        "--from",
        "nowhere",
        "--choices",
        "1",
    ])
    .code(2);
    play(&["tests/data/invalid/unknown_node.ron", "--choices", "1"])
        .code(1)
        .stderr(predicate::str::contains("error[unknown-node]"));
}

#[test]
fn interactive_play_reads_numbers_from_the_terminal() {
    rightparty()
        .args(["play", "tests/data/valid/call.ron", "--seed", "1"])
        .write_stdin("1\n1\nnope\n1\n1\n")
        .assert()
        .code(0)
        .stderr(predicate::str::contains("`nope` is not a choice number"))
        .stdout(predicate::str::contains("Result: FAIL (plan set up)"));
}

#[test]
fn analyze_json_reports_best_worst_and_coverage() {
    let v = crate::util::json_stdout(
        rightparty()
            .args([
                "analyze",
                "--format",
                "json",
                "scenarios/first-contact-verification.ron",
                "scenarios/dispute-in-validation-period.ron",
            ])
            .assert()
            .code(0),
    );
    let arr = v.as_array().unwrap();
    assert_eq!(arr.len(), 2);
    for a in arr {
        assert_eq!(a["best"]["passed"], true, "{}", a["id"]);
        assert_eq!(a["worst"]["passed"], false, "{}", a["id"]);
        assert_eq!(a["unreachable"], serde_json::json!([]));
        assert!(a["best"]["scores"]["negotiation"].is_u64());
        assert_eq!(a["exact"], true);
    }
    assert_eq!(arr[0]["id"], "first-contact-verification");
}

#[test]
fn analyze_lists_unreachable_nodes() {
    let dir = tempfile::tempdir().unwrap();
    let text = std::fs::read_to_string("tests/data/valid/call.ron").unwrap();
    // An orphan node (a warning, not an error) that nothing leads to.
    let text = text.replacen(
        "        Node(\n            id: \"plan_set\",",
        "        Node(id: \"orphan\", says: \"Nobody gets here.\", choices: [Choice(text: \"Bye.\", next: \"hung_up\")]),\n        Node(\n            id: \"plan_set\",",
        1,
    );
    assert!(text.contains("orphan"));
    let path = dir.path().join("orphan.ron");
    std::fs::write(&path, text).unwrap();
    let v = crate::util::json_stdout(
        rightparty()
            .arg("analyze")
            .arg("--format")
            .arg("json")
            .arg(&path)
            .assert()
            .code(0),
    );
    assert_eq!(v[0]["unreachable"], serde_json::json!(["orphan"]));
    rightparty()
        .arg("analyze")
        .arg(&path)
        .assert()
        .code(0)
        .stdout(predicate::str::contains("unreachable nodes: orphan"));
    // A file with errors is not analyzed.
    rightparty()
        .args(["analyze", "tests/data/invalid/loop_and_unreachable.ron"])
        .assert()
        .code(1);
}
