//! Content loading: fixtures with their expected diagnostics, shipped content, the authoring
//! guide's examples, and the loader's limits.

use std::path::PathBuf;

use rightparty::content::{Level, MAX_FILE_BYTES, load_texts};

use crate::util::{data, load, options, render};

/// Every entry in `tests/data/invalid` (a file, or a folder loaded as one set) renders exactly
/// its snapshot, and reports at least one problem.
#[test]
fn invalid_fixtures_match_their_snapshots() {
    let mut entries: Vec<PathBuf> = std::fs::read_dir(data("invalid"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    entries.sort();
    assert!(
        entries.len() >= 30,
        "expected the full fixture set, found {}",
        entries.len()
    );
    let mut settings = insta::Settings::clone_current();
    settings.set_prepend_module_to_snapshot(false);
    settings.set_snapshot_path("snapshots/invalid");
    settings.bind(|| {
        for entry in entries {
            let name = entry.file_stem().unwrap().to_string_lossy().into_owned();
            let set = load(std::slice::from_ref(&entry));
            assert!(!set.diagnostics.is_empty(), "{name}: no diagnostics");
            insta::assert_snapshot!(name.clone(), render(&set));
        }
    });
}

#[test]
fn valid_fixtures_have_no_problems() {
    let set = load(&[data("valid")]);
    assert_eq!(
        render(&set),
        "checked 3 files: 1 scenarios, 4 questions, 1 blueprints; 0 errors, 0 warnings\n"
    );
    assert!(set.scenarios.iter().all(|s| s.usable()));
}

#[test]
fn shipped_content_has_no_errors() {
    let set = load(&[PathBuf::from("scenarios"), PathBuf::from("question_banks")]);
    let errors: Vec<_> = set
        .diagnostics
        .iter()
        .filter(|d| d.level == Level::Error)
        .map(|d| d.header())
        .collect();
    assert!(
        errors.is_empty(),
        "shipped content has errors:\n{}",
        errors.join("\n")
    );
    assert!(set.io_errors.is_empty());
    let summary = set.summary();
    assert!(summary.scenarios >= 2, "{summary}");
    assert!(summary.questions >= 40, "{summary}");
    assert!(summary.blueprints >= 1, "{summary}");
}

/// The annotated examples in `docs/examples` are complete, valid content, and the authoring
/// guide shows each of them verbatim.
#[test]
fn authoring_examples_are_valid_and_in_the_guide() {
    let set = load(&[PathBuf::from("docs/examples")]);
    assert_eq!(
        set.summary().to_string(),
        "checked 5 files: 3 scenarios, 4 questions, 1 blueprints; 0 errors, 0 warnings",
        "{}",
        render(&set)
    );
    let guide = std::fs::read_to_string("docs/authoring.md").unwrap();
    for f in &set.files {
        let text = std::fs::read_to_string(f).unwrap();
        assert!(
            guide.contains(text.trim_end()),
            "docs/authoring.md does not include {} verbatim",
            f.display()
        );
    }
}

/// A broken file never stops the others: the good ones load and are usable.
#[test]
fn broken_files_do_not_stop_good_ones() {
    let set = load(&[
        data("valid"),
        data("invalid/syntax_truncated.ron"),
        data("invalid/unknown_node.ron"),
    ]);
    assert_eq!(set.files.len(), 5);
    assert_eq!(set.banks.len(), 1);
    assert!(set.banks[0].usable());
    let usable: Vec<_> = set
        .scenarios
        .iter()
        .filter(|s| s.usable())
        .map(|s| s.path.clone())
        .collect();
    assert_eq!(usable, vec![data("valid/call.ron")]);
    // The scenario with a bad reference parsed but is not usable.
    assert!(
        set.scenarios
            .iter()
            .any(|s| !s.usable() && s.path.ends_with("unknown_node.ron"))
    );
}

#[test]
fn oversize_file_is_refused_before_reading() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("huge.ron");
    let f = std::fs::File::create(&path).unwrap();
    f.set_len(MAX_FILE_BYTES + 1).unwrap(); // sparse: no real disk use
    let set = load(&[path]);
    assert_eq!(set.diagnostics.len(), 1);
    let d = &set.diagnostics[0];
    assert_eq!(
        (d.code, d.line, d.column, d.level),
        ("file-too-large", 1, 1, Level::Error)
    );
}

#[test]
fn extreme_nesting_is_a_diagnostic_not_a_crash() {
    // 100,000 open brackets in places the model nests (conditions) and places it does not.
    for text in [
        format!("Scenario(nodes: {})", "[".repeat(100_000)),
        format!("QuestionBank(domains: {})", "(".repeat(100_000)),
        format!("ExamBlueprint(domain_weights: {})", "{".repeat(100_000)),
        std::fs::read_to_string(data("valid/call.ron"))
            .unwrap()
            .replace(
                "when: Fact(\"reduced_hours\")",
                &format!("when: {}", "Not(".repeat(100_000)),
            ),
    ] {
        let set = load_texts([("deep.ron", text.as_str())], &options());
        assert_eq!(set.diagnostics.len(), 1, "{}", render(&set));
        assert_eq!(set.diagnostics[0].level, Level::Error);
    }
    let set = load(&[data("invalid/too_deep.ron")]);
    assert_eq!(set.diagnostics[0].code, "too-deep");
}

#[test]
fn missing_path_is_an_io_error_not_content() {
    let set = load(&[data("no-such-folder")]);
    assert_eq!(set.io_errors.len(), 1);
    assert!(set.diagnostics.is_empty());
}

/// The stale-review warning depends on the date the check runs.
#[test]
fn reviewed_dates_go_stale_after_a_year() {
    let text = std::fs::read_to_string(data("valid/call.ron")).unwrap();
    let mut opts = options();
    opts.today = "2027-10-01".parse().unwrap(); // reviewed 2026-10-01: exactly 365 days
    assert!(
        load_texts([("c.ron", text.as_str())], &opts)
            .diagnostics
            .is_empty()
    );
    opts.today = "2027-10-02".parse().unwrap();
    let set = load_texts([("c.ron", text.as_str())], &opts);
    assert_eq!(
        set.diagnostics.iter().map(|d| d.code).collect::<Vec<_>>(),
        ["stale-review"]
    );
    assert_eq!(set.diagnostics[0].line, 11);
}
