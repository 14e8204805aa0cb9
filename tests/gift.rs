//! GIFT import: the fixtures under tests/data/gift (valid, CRLF, unsupported types, syntax
//! errors), Moodle's rules for escapes, categories, titles and formats, and `import gift`.

use std::path::Path;

use rightparty::content::{Level, load_texts};
use rightparty::exam::gift::{GiftImport, GiftOptions, Severity, import, to_ron};
use rightparty::model::{Date, QuestionBank, QuestionKind};

use crate::util::{TODAY, options};

fn opts(stem: &str) -> GiftOptions {
    GiftOptions {
        file_name: format!("{stem}.gift"),
        file_stem: stem.into(),
        bank_id: stem.into(),
        domain: None,
        track: None,
        today: TODAY.parse().unwrap(),
    }
}

fn fixture(name: &str) -> String {
    let bytes = std::fs::read(Path::new("tests/data/gift").join(name)).unwrap();
    String::from_utf8(bytes).unwrap()
}

fn convert(name: &str) -> GiftImport {
    import(&fixture(name), &opts(name.trim_end_matches(".gift")))
}

/// Writes the bank as RON and loads it with the validator: no errors allowed.
fn validates(bank: &QuestionBank) -> usize {
    let ron = to_ron(bank, "test").unwrap();
    let set = load_texts([("out.ron", ron.as_str())], &options());
    let errors: Vec<String> = set
        .diagnostics
        .iter()
        .filter(|d| d.level == Level::Error)
        .map(|d| d.header())
        .collect();
    assert!(errors.is_empty(), "{errors:#?}\n{ron}");
    assert_eq!(
        &set.banks[0].item, bank,
        "the written RON reads back as the same bank"
    );
    set.diagnostics.len()
}

#[test]
fn a_valid_file_converts_every_supported_question() {
    let r = convert("collections.gift");
    assert!(r.problems.is_empty(), "{:?}", r.problems);
    assert_eq!(r.skipped, 0);
    let b = &r.bank;
    assert_eq!(b.id, "collections");
    assert_eq!(b.track, "imported");
    assert_eq!(b.reviewed, TODAY.parse::<Date>().unwrap());
    assert!(b.sources[0].contains("collections.gift"));
    // $CATEGORY lines become domains: the last part of the category path.
    let domains: Vec<(&str, &str)> = b
        .domains
        .iter()
        .map(|d| (d.id.as_str(), d.name.as_str()))
        .collect();
    assert_eq!(
        domains,
        [
            ("communications", "Communications"),
            ("prohibited-practices", "Prohibited practices")
        ]
    );
    let ids: Vec<&str> = b.questions.iter().map(|q| q.id.as_str()).collect();
    assert_eq!(
        ids,
        [
            "calling-window",
            "texts",
            "escapes",
            "prohibited",
            "titled-twice",
            "titled-twice-2",  // a repeated title gets a suffix
            "collections-007", // no title: the file stem and the position
            "collections-008",
        ]
    );
    let q = |id: &str| b.questions.iter().find(|q| q.id == id).unwrap();

    let window = q("calling-window");
    assert_eq!(window.kind, QuestionKind::Single);
    assert_eq!(window.domain, "communications");
    assert_eq!(window.key, "B");
    assert_eq!(window.options.len(), 3);
    assert_eq!(window.tags, ["time-of-day", "1692c"]);
    let why = window.explanation.as_deref().unwrap();
    assert!(
        why.starts_with("The presumption uses the consumer's local time."),
        "{why}"
    );
    assert!(why.contains("The collector's time zone does not matter."));
    assert_eq!(window.citation, None);

    let texts = q("texts");
    assert_eq!(
        (texts.kind, texts.key.as_str()),
        (QuestionKind::TrueFalse, "F")
    );
    assert!(texts.options.is_empty());
    assert_eq!(
        texts.explanation.as_deref(),
        Some(
            "True: Only a voicemail can be a limited-content message.\nFalse: Right: texts never are."
        )
    );

    let esc = q("escapes");
    assert_eq!(esc.stem, "Which ratio is written 1:2 in the notes {ratio}?");
    assert_eq!(esc.options[0], "One part to two parts = 1/3 and 2/3");
    assert_eq!(esc.options[1], "About half ~ roughly");
    assert_eq!(esc.key, "A");
    assert!(
        esc.explanation
            .as_deref()
            .unwrap()
            .contains("Not the #1 choice.")
    );

    let multi = q("prohibited");
    assert_eq!(multi.kind, QuestionKind::Multiple);
    assert_eq!(multi.key, "AB");
    assert_eq!(multi.domain, "prohibited-practices");

    assert_eq!(
        q("titled-twice-2").stem,
        "A collector may call a consumer's employer to tell them about the debt."
    );
    let missing_word = q("collections-007");
    assert_eq!(
        missing_word.stem,
        "The consumer says a time is inconvenient. The collector must _____ from then on."
    );
    assert_eq!(missing_word.key, "A");
    assert_eq!(
        q("collections-008").stem,
        "**Who** may the collector discuss the debt with?"
    );

    // Missing citations (and explanations) are warnings, never errors.
    assert!(validates(b) > 0);
}

#[test]
fn crlf_old_mac_and_bom_files_read_like_lf_ones() {
    let crlf = fixture("crlf.gift");
    assert!(
        crlf.contains("\r\n"),
        "the fixture lost its CRLF line endings"
    );
    let from_crlf = import(&crlf, &opts("crlf"));
    let from_lf = import(&crlf.replace("\r\n", "\n"), &opts("crlf"));
    let from_cr = import(&crlf.replace("\r\n", "\r"), &opts("crlf"));
    let from_bom = import(&format!("\u{feff}{crlf}"), &opts("crlf"));
    assert!(from_crlf.problems.is_empty(), "{:?}", from_crlf.problems);
    assert_eq!(from_crlf.bank.questions.len(), 2);
    assert!(
        from_crlf
            .bank
            .questions
            .iter()
            .all(|q| !q.stem.contains('\r'))
    );
    assert!(
        from_crlf.bank.questions[1]
            .options
            .iter()
            .all(|o| !o.contains('\r'))
    );
    assert_eq!(from_crlf, from_lf);
    assert_eq!(from_crlf, from_cr);
    assert_eq!(from_crlf, from_bom);
    assert_eq!(from_crlf.bank.questions[0].key, "T");
    assert_eq!(from_crlf.bank.questions[1].key, "B");
    // A question over several lines keeps its line break, without the carriage return.
    assert_eq!(
        from_crlf.bank.questions[1].stem,
        "Which of these\nis a communication?"
    );
    validates(&from_crlf.bank);
}

#[test]
fn unsupported_types_are_reported_with_their_lines() {
    let r = convert("unsupported.gift");
    let got: Vec<(usize, Severity, &str)> = r
        .problems
        .iter()
        .map(|p| {
            (
                p.line,
                p.severity,
                p.message.split(' ').nth(2).unwrap_or(""),
            )
        })
        .collect();
    assert_eq!(
        got,
        [
            (3, Severity::Error, "is"),
            (5, Severity::Error, "is"),
            (7, Severity::Error, "is"),
            (12, Severity::Error, "is"),
            (14, Severity::Error, "is"),
        ]
    );
    let kinds = [
        "short answer",
        "numerical",
        "matching",
        "essay",
        "description",
    ];
    for (p, kind) in r.problems.iter().zip(kinds) {
        assert!(p.message.contains(kind), "{p}");
    }
    assert_eq!(r.skipped, 5);
    assert_eq!(r.bank.questions.len(), 1);
    assert_eq!(r.bank.questions[0].id, "kept");
    assert_eq!(
        r.bank.domains[0].id, "unsupported",
        "no $CATEGORY: the file stem"
    );
    validates(&r.bank);
}

#[test]
fn syntax_errors_are_reported_and_the_rest_converts() {
    let r = convert("broken.gift");
    let lines: Vec<usize> = r.problems.iter().map(|p| p.line).collect();
    assert_eq!(lines, [3, 7, 9, 11, 13, 15, 17, 19]);
    assert!(r.problems.iter().all(|p| p.severity == Severity::Error));
    let has = |line: usize, text: &str| {
        let p = r.problems.iter().find(|p| p.line == line).unwrap();
        assert!(p.message.contains(text), "line {line}: {}", p.message);
    };
    has(3, "no closing `}`");
    has(7, "never closed");
    has(9, "more than one `{` or `}`");
    has(11, "comes before");
    has(13, "`stray` comes before the first answer");
    has(15, "no right answer");
    has(17, "marks 2 answers right");
    has(19, "twice");
    assert_eq!(r.skipped, 8);
    assert_eq!(r.bank.questions.len(), 1);
    assert_eq!(r.bank.questions[0].id, "good");
    validates(&r.bank);
}

#[test]
fn moodle_rules_for_weights_formats_and_types() {
    let gift = "\
// [tag:a]
::Partial single::Pick one.{=right ~%50%half right ~wrong}

::One weight::Multiple answer with one positive weight.{~%100%only ~%-50%no ~%-50%nope}

::Two options::Both right.{~%50%a ~%50%b}

::Html::[html]<p>What&nbsp;is <i>right</i>?</p>{=[html]<b>This</b> ~[plain]<that>}

::Unknown tag::[latex]x?{=y ~z}

::lower tf::is this true?{true}
";
    let r = import(gift, &opts("rules"));
    let q = |id: &str| r.bank.questions.iter().find(|q| q.id == id);
    let partial = q("partial-single").unwrap();
    assert_eq!(
        (partial.kind, partial.key.as_str()),
        (QuestionKind::Single, "A")
    );
    assert_eq!(partial.tags, ["a"]);
    let one = q("one-weight").unwrap();
    assert_eq!((one.kind, one.key.as_str()), (QuestionKind::Single, "A"));
    assert!(
        q("two-options").is_none(),
        "multiple response needs three options"
    );
    let html = q("html").unwrap();
    assert_eq!(html.stem, "What is right?");
    assert_eq!(html.options, ["This", "<that>"]);
    // An unknown [tag] is part of the text, as in Moodle.
    assert_eq!(q("unknown-tag").unwrap().stem, "[latex]x?");
    // Moodle's true/false answers are upper case: `{true}` is a short answer.
    assert!(q("lower-tf").is_none());
    let messages: Vec<String> = r.problems.iter().map(|p| p.to_string()).collect();
    assert_eq!(messages.len(), 4, "{messages:#?}");
    assert!(
        messages[0].starts_with("2: warning: ") && messages[0].contains("partial credit (50%)")
    );
    assert!(messages[1].starts_with("4: warning: ") && messages[1].contains("single-answer"));
    assert!(messages[2].starts_with("6: error: ") && messages[2].contains("three answers"));
    assert!(messages[3].starts_with("12: error: ") && messages[3].contains("short answer"));
    validates(&r.bank);
}

#[test]
fn domain_and_track_options_override_categories() {
    let mut o = opts("collections");
    o.domain = Some("Validation disputes".into());
    o.track = Some("pcs".into());
    let r = import(&fixture("collections.gift"), &o);
    assert_eq!(r.bank.track, "pcs");
    assert_eq!(r.bank.domains.len(), 1);
    assert_eq!(r.bank.domains[0].id, "validation-disputes");
    assert_eq!(r.bank.domains[0].name, "Validation disputes");
    assert!(
        r.bank
            .questions
            .iter()
            .all(|q| q.domain == "validation-disputes")
    );
}

// ------------------------------------------------------------------------------------ CLI

fn rightparty() -> assert_cmd::Command {
    let mut cmd = assert_cmd::Command::cargo_bin("rightparty").unwrap();
    cmd.env("NO_COLOR", "1");
    cmd
}

#[test]
fn import_gift_writes_a_bank_that_validates() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("my-bank.ron");
    let assert = rightparty()
        .args(["import", "gift", "tests/data/gift/collections.gift", "-o"])
        .arg(&out)
        .args(["--track", "pcs", "--today", TODAY])
        .assert()
        .code(0);
    let stdout = String::from_utf8(assert.get_output().stdout.clone()).unwrap();
    assert!(stdout.starts_with("converted 8 of 8 questions"), "{stdout}");
    assert!(stdout.contains("0 errors"));
    let written = std::fs::read_to_string(&out).unwrap();
    assert!(written.starts_with("// Imported from collections.gift"));
    assert!(written.contains("id: \"my-bank\""));
    assert!(written.contains("track: \"pcs\""));
    rightparty()
        .args(["validate", "--today", TODAY])
        .arg(&out)
        .assert()
        .code(0)
        .stdout(predicates::str::contains("0 errors"));
}

#[test]
fn import_gift_exit_codes() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("b.ron");
    // Some questions skipped: exit 1, problems by line on stderr, the rest written.
    let assert = rightparty()
        .args(["import", "gift", "tests/data/gift/broken.gift", "-o"])
        .arg(&out)
        .args(["--today", TODAY])
        .assert()
        .code(1);
    let stderr = String::from_utf8(assert.get_output().stderr.clone()).unwrap();
    assert!(
        stderr.contains("tests/data/gift/broken.gift:3: error: "),
        "{stderr}"
    );
    assert!(stderr.contains("tests/data/gift/broken.gift:19: error: "));
    assert!(out.exists());
    // Nothing convertible: exit 1 and nothing written.
    let none = dir.path().join("none.gift");
    std::fs::write(&none, "::Essay::Say something.{}\n").unwrap();
    let out2 = dir.path().join("none.ron");
    rightparty()
        .args(["import", "gift"])
        .arg(&none)
        .arg("-o")
        .arg(&out2)
        .assert()
        .code(1);
    assert!(!out2.exists());
    // Not UTF-8: a content error.
    let latin1 = dir.path().join("latin1.gift");
    std::fs::write(&latin1, b"::Q::Caf\xe9?{=T ~F}\n").unwrap();
    rightparty()
        .args(["import", "gift"])
        .arg(&latin1)
        .arg("-o")
        .arg(dir.path().join("l.ron"))
        .assert()
        .code(1)
        .stderr(predicates::str::contains("not UTF-8"));
    // Usage: a missing file, a missing -o, an unknown format.
    rightparty()
        .args(["import", "gift", "tests/data/gift/nope.gift", "-o"])
        .arg(dir.path().join("x.ron"))
        .assert()
        .code(2);
    rightparty()
        .args(["import", "gift", "tests/data/gift/collections.gift"])
        .assert()
        .code(2);
    rightparty()
        .args(["import", "xml", "a.xml", "-o", "b.ron"])
        .assert()
        .code(2);
}

#[test]
fn an_imported_bank_can_be_drawn_from() {
    // Import into a content folder, add a blueprint for the imported domains, take the exam.
    let dir = tempfile::tempdir().unwrap();
    let qb = dir.path().join("question_banks");
    std::fs::create_dir(&qb).unwrap();
    rightparty()
        .args(["import", "gift", "tests/data/gift/collections.gift", "-o"])
        .arg(qb.join("collections.ron"))
        .args(["--today", TODAY])
        .assert()
        .code(0);
    let blueprint = format!(
        r#"ExamBlueprint(
    id: "imported-practice",
    name: "Imported practice exam",
    track: "imported",
    modeled_on: Credential(name: "Nothing in particular", body: "Nobody", pass_mark_source: "practice assumption"),
    question_count: 4,
    time_limit_minutes: 5,
    pass_mark: 75.0,
    domain_weights: {{"communications": 50, "prohibited-practices": 50}},
    banks: ["collections"],
    mode: Exam,
    reviewed: "{TODAY}",
    sources: ["test"],
)"#
    );
    std::fs::write(qb.join("bp.ron"), blueprint).unwrap();
    let v = crate::util::json_stdout(
        rightparty()
            .arg("--content")
            .arg(dir.path())
            .args([
                "exam",
                "imported-practice",
                "--seed",
                "1",
                "--answers",
                "-",
                "--format",
                "json",
            ])
            .assert()
            .code(0),
    );
    assert_eq!(v["items"].as_array().unwrap().len(), 4);
    assert_eq!(v["domains"]["communications"], 0.0);
}
