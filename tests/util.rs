//! Shared helpers: fixture paths and a fixed "today" so staleness warnings never drift.

use std::path::PathBuf;

use rightparty::content::{CheckOptions, ContentSet, load_paths};

/// The date the fixtures are checked against.
pub const TODAY: &str = "2026-12-07";

pub fn options() -> CheckOptions {
    CheckOptions {
        today: TODAY.parse().unwrap(),
    }
}

/// A path under `tests/data`, relative to the package root (the tests' working directory), so
/// diagnostics show short, stable paths.
pub fn data(rel: &str) -> PathBuf {
    PathBuf::from("tests/data").join(rel)
}

pub fn load(paths: &[PathBuf]) -> ContentSet {
    load_paths(paths, &options())
}

/// Every diagnostic rendered as text (no color), then the summary line: what `validate` prints.
pub fn render(set: &ContentSet) -> String {
    let r = rightparty::content::render::TextRenderer::new(false);
    let mut out = String::new();
    for d in &set.diagnostics {
        out.push_str(&r.render(d));
        out.push('\n');
    }
    out.push_str(&set.summary().to_string());
    out.push('\n');
    out
}

/// The shipped 20-question PCS-style practice blueprint, drawing from the core pcs bank alone
/// (the shipped one draws from every pcs bank), and that bank (checked error-free). The
/// shipped draw over all banks is tested in `bank_checks`.
pub fn shipped_exam() -> (
    rightparty::model::ExamBlueprint,
    rightparty::model::QuestionBank,
) {
    let set = load_paths(&[PathBuf::from("question_banks")], &options());
    assert!(!set.has_errors(), "shipped content has errors");
    let find_bp = |id: &str| {
        set.blueprints
            .iter()
            .find(|b| b.item.id == id)
            .unwrap()
            .item
            .clone()
    };
    let find_bank = |id: &str| {
        set.banks
            .iter()
            .find(|b| b.item.id == id)
            .unwrap()
            .item
            .clone()
    };
    let mut bp = find_bp("pcs-practice-20");
    bp.banks = vec!["pcs-core".into()];
    (bp, find_bank("pcs-core"))
}

/// An exam session environment on a manual clock, saving to and reading history from `store`.
pub fn exam_env<S>(
    clock: &rightparty::clock::ManualClock,
    store: &S,
) -> rightparty::exam::session::Env
where
    S: rightparty::exam::store::SessionSaver + rightparty::exam::store::History + Clone + 'static,
{
    rightparty::exam::session::Env {
        clock: Box::new(clock.clone()),
        saver: Box::new(store.clone()),
        history: Box::new(store.clone()),
    }
}

/// The standard output of a finished command, parsed as one JSON document.
pub fn json_stdout(done: assert_cmd::assert::Assert) -> serde_json::Value {
    serde_json::from_slice(&done.get_output().stdout)
        .expect("the command printed one JSON document")
}
