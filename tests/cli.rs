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
    let out = validate(&["--format", "json", "tests/data/invalid/blueprint_weights"])
        .code(1)
        .get_output()
        .stdout
        .clone();
    let v: serde_json::Value = serde_json::from_slice(&out).unwrap();
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
    let out = validate(&["--format", "json", "tests/data/valid"])
        .code(0)
        .get_output()
        .stdout
        .clone();
    let v: serde_json::Value = serde_json::from_slice(&out).unwrap();
    assert_eq!(v["diagnostics"], serde_json::json!([]));
    assert_eq!(v["summary"]["scenarios"], 1);
}
