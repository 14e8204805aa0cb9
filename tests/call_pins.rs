//! Pins what `analyze` and the debrief's best alternatives report (best and worst paths and
//! scores, endings, rules, coverage, exactness) on the shipped scenarios and on generated ones of
//! several sizes and seeds, including the 10,000-node benchmark scenario through the CLI's JSON
//! output. The explorer is performance-tuned; any change that moves a result fails here. The
//! number of states explored is left out: it is a cost, not a result.

use std::sync::Arc;

use assert_cmd::Command;
use rightparty::call::explore::{analyze, analyze_with, best_alternatives};
use rightparty::call::{Action, CallRun, Compiled, Phase};
use rightparty::content::{CheckOptions, load_texts, synth};

use crate::util::{data, load};

/// The analysis as pretty JSON, without the count of states explored.
fn pinned(mut v: serde_json::Value) -> String {
    let drop = |a: &mut serde_json::Value| {
        a.as_object_mut()
            .expect("an analysis is an object")
            .remove("states_explored")
            .expect("the analysis reports states explored");
    };
    match &mut v {
        serde_json::Value::Array(items) => items.iter_mut().for_each(drop),
        other => drop(other),
    }
    serde_json::to_string_pretty(&v).unwrap()
}

fn snapshot(name: &str, text: String) {
    let mut settings = insta::Settings::clone_current();
    settings.set_prepend_module_to_snapshot(false);
    settings.set_snapshot_path("snapshots/call_pins");
    settings.bind(|| insta::assert_snapshot!(name.to_string(), text));
}

fn generated(nodes: usize, choices: usize, seed: u64) -> Arc<Compiled> {
    let text = synth::scenario(nodes, choices, seed);
    let set = load_texts([("g.ron", text.as_str())], &CheckOptions::default());
    assert!(!set.has_errors());
    Arc::new(Compiled::new(Arc::new(set.scenarios[0].item.clone())).unwrap())
}

fn shipped() -> Vec<Arc<Compiled>> {
    let set = load(&[
        data("valid/call.ron"),
        std::path::PathBuf::from("scenarios"),
    ]);
    assert!(!set.has_errors());
    set.scenarios
        .into_iter()
        .map(|s| Arc::new(Compiled::new(Arc::new(s.item)).unwrap()))
        .collect()
}

/// The scenarios pinned in-process: shipped ones and generated ones of several shapes.
fn cases() -> Vec<(String, Arc<Compiled>)> {
    let mut out: Vec<(String, Arc<Compiled>)> = shipped()
        .into_iter()
        .map(|c| (c.scenario.id.clone(), c))
        .collect();
    for (nodes, choices, seed) in [(40, 2, 3), (200, 3, 7), (1_000, 3, 11), (2_500, 4, 5)] {
        out.push((
            format!("generated-{nodes}-{choices}-{seed}"),
            generated(nodes, choices, seed),
        ));
    }
    out
}

#[test]
fn analyze_results_are_pinned() {
    for (name, c) in cases() {
        let a = analyze(&c);
        assert!(a.states_explored > 0, "{name}");
        snapshot(
            &format!("analyze-{name}"),
            pinned(serde_json::to_value(&a).unwrap()),
        );
    }
}

/// Plays a call picking the `k`-th shown choice at each decision from a cycling pattern (0 lets
/// a timer run out where there is one), then pins the debrief's best alternatives.
#[test]
fn best_alternatives_are_pinned() {
    let pattern = [2usize, 1, 3, 0, 2, 2, 1];
    for (name, c) in cases() {
        let mut run = CallRun::start(c.clone(), 5, None).unwrap();
        let mut turn = 0;
        loop {
            match run.phase().clone() {
                Phase::Deciding { shown } => {
                    let shown = shown.len();
                    let p = pattern[turn % pattern.len()];
                    turn += 1;
                    let a = if p == 0 {
                        Action::TimeOut
                    } else {
                        Action::Choose((p - 1) % shown.max(1) + 1)
                    };
                    if run.act(a).is_err() {
                        run.act(Action::Choose(1)).unwrap();
                    }
                }
                Phase::WrappingUp { .. } => {
                    run.act(Action::WrapUp(1)).unwrap();
                }
                Phase::Finished { .. } => break,
            }
        }
        let r = run.result().unwrap();
        let alts = best_alternatives(&c, &r.decisions);
        assert_eq!(alts.len(), r.decisions.len(), "{name}");
        snapshot(
            &format!("alternatives-{name}"),
            serde_json::to_string_pretty(&alts).unwrap(),
        );
    }
}

/// The benchmark's 10,000-node / 30,000-choice scenario, analysed by the binary. The file is
/// left in cargo's test scratch folder (`target/tmp/generated-10000.ron`) for timing
/// `rightparty analyze` by hand.
#[test]
fn analyze_json_of_the_benchmark_scenario_is_pinned() {
    let file = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("generated-10000.ron");
    std::fs::write(&file, synth::scenario(10_000, 3, 1)).unwrap();
    let done = Command::cargo_bin("rightparty")
        .unwrap()
        .env("NO_COLOR", "1")
        .args(["analyze", "--format", "json"])
        .arg(&file)
        .assert()
        .code(0);
    let v = crate::util::json_stdout(done);
    assert_eq!(v[0]["nodes"], 10_000);
    assert_eq!(v[0]["choices"], 29_991);
    snapshot("analyze-cli-generated-10000-3-1", pinned(v));
}

/// A generated scenario with one choice turned back to an earlier node, so the call can loop
/// and the analysis says it may be inexact.
fn looping() -> Arc<Compiled> {
    let text = synth::scenario(200, 3, 7);
    let at = text.rfind("next: \"n1").expect("a choice into n1x");
    let text = format!(
        "{}next: \"n1\",{}",
        &text[..at],
        &text[at..].split_once(',').unwrap().1
    );
    let set = load_texts([("loop.ron", text.as_str())], &CheckOptions::default());
    assert!(!set.has_errors(), "{:?}", set.diagnostics);
    Arc::new(Compiled::new(Arc::new(set.scenarios[0].item.clone())).unwrap())
}

/// Pruning the worst fronts on a thread of their own gives the same analysis as on the
/// exploring thread, inexact ones included (the first reason named is the same).
#[test]
fn analyze_is_the_same_on_one_thread_or_two() {
    let mut all = cases();
    all.push(("generated-10000-3-1".into(), generated(10_000, 3, 1)));
    all.push(("looping".into(), looping()));
    for (name, c) in all {
        let one = serde_json::to_value(analyze_with(&c, false)).unwrap();
        let two = serde_json::to_value(analyze_with(&c, true)).unwrap();
        assert_eq!(one, two, "{name}");
        if name == "looping" {
            assert_eq!(one["exact"], false, "{one:#}");
            assert!(
                one["note"].as_str().unwrap().contains("come back"),
                "{one:#}"
            );
        }
    }
}
