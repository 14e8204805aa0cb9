//! The validator rules that keep a bank right when it is drawn and shuffled (issue 17): option
//! letters in explanations, withdrawn authorities, near-duplicate stems and bunched keys.

use rightparty::content::diagnostic::Level;
use rightparty::content::{ContentSet, load_texts};

use crate::util::options;

fn question(id: &str, stem: &str, key: &str, explanation: &str, citation: &str) -> String {
    format!(
        r#"        Question(
            id: "{id}",
            domain: "communications",
            kind: Single,
            stem: "{stem}",
            options: ["Calling at 7:30 a.m.", "Calling at 8:30 a.m.", "Calling at 9:30 p.m.", "Calling at 10 p.m."],
            key: "{key}",
            explanation: "{explanation}",
            citation: "{citation}",
            difficulty: Beginner,
        ),
"#
    )
}

fn bank(sources: &[&str], questions: &[String]) -> String {
    let sources: Vec<String> = sources.iter().map(|s| format!("{s:?}")).collect();
    format!(
        r#"QuestionBank(
    id: "b",
    title: "B",
    track: "pcs",
    domains: [Domain(id: "communications", name: "Communications")],
    reviewed: "2026-12-01",
    sources: [{}],
    questions: [
{}    ],
)
"#,
        sources.join(", "),
        questions.concat()
    )
}

fn load(text: &str) -> ContentSet {
    load_texts([("b.ron", text)], &options())
}

fn found(set: &ContentSet) -> Vec<(&'static str, Level, usize, String)> {
    set.diagnostics
        .iter()
        .map(|d| (d.code, d.level, d.line, d.message.clone()))
        .collect()
}

/// Distinct stems, so only the rule under test fires.
fn stem(i: usize) -> String {
    let topics = [
        "Which call time is inside the presumed convenient hours",
        "A consumer in Denver works nights; when may a collector call",
        "The collector knows nothing of the consumer's schedule; which time is safe",
        "Which of these calls is presumed inconvenient at the consumer's location",
        "Pick the time a collector may place a first call",
        "Which time breaks the calling-hours presumption",
        "Where the consumer lives in Ohio, which call time is allowed",
        "For a consumer with no stated preferences, which call is allowed",
        "Which call would a compliance officer allow",
        "Which time would a dialer rule block",
    ];
    topics[i % topics.len()].to_string()
}

#[test]
fn an_explanation_naming_options_by_letter_is_an_error_unless_they_stay_put() {
    let q = question(
        "q1",
        &stem(0),
        "B",
        "B is inside the window; A is before 8 a.m. and C and D are after 9 p.m.",
        "15 USC 1692c(a)(1)",
    );
    let text = bank(&["15 USC 1692c"], std::slice::from_ref(&q));
    let f = found(&load(&text));
    let line = text
        .lines()
        .position(|l| l.contains("explanation:"))
        .unwrap()
        + 1;
    assert_eq!(f.len(), 1, "{f:?}");
    assert_eq!(
        (f[0].0, f[0].1, f[0].2),
        ("letter-reference", Level::Error, line)
    );
    assert!(f[0].3.contains("(A, B, C, D)"), "{}", f[0].3);
    // Parenthesised letters follow the shuffle; words are always fine.
    let ok = question(
        "q1",
        &stem(0),
        "B",
        "Calling at 8:30 a.m. is inside the window (B); calling at 7:30 a.m. (A) is too early. A call after 9 p.m. is too late.",
        "15 USC 1692c(a)(1)",
    );
    assert!(found(&load(&bank(&["15 USC 1692c"], &[ok]))).is_empty());
    // Kept in order, the letters are right.
    let fixed = q.replace(
        "difficulty: Beginner,",
        "difficulty: Beginner,\n            shuffle: false,",
    );
    assert!(found(&load(&bank(&["15 USC 1692c"], &[fixed]))).is_empty());
}

#[test]
fn a_question_marked_shuffle_false_keeps_its_order_in_every_draw() {
    use rightparty::exam::assemble::{RecentItems, assemble};
    let set = crate::util::load(&[crate::util::data("valid")]);
    let bp = &set.blueprints[0].item;
    assert!(bp.shuffle_options);
    let mut bank = set.banks[0].item.clone();
    let orders = |bank: &rightparty::model::QuestionBank| -> Vec<Vec<usize>> {
        (0..40)
            .filter_map(|seed| {
                let exam = assemble(bp, &[bank], seed, &RecentItems::none()).unwrap();
                exam.items
                    .into_iter()
                    .find(|i| i.question.id == "t-001")
                    .map(|i| i.order)
            })
            .collect()
    };
    let moved = orders(&bank);
    assert!(
        moved.iter().any(|o| o != &[0, 1, 2]),
        "t-001 was never shuffled"
    );
    bank.questions
        .iter_mut()
        .find(|q| q.id == "t-001")
        .unwrap()
        .shuffle = false;
    let kept = orders(&bank);
    assert!(!kept.is_empty());
    assert!(kept.iter().all(|o| o == &[0, 1, 2]), "{kept:?}");
}

#[test]
fn citing_an_authority_the_sources_mark_withdrawn_is_an_error() {
    let sources = [
        "15 USC 1692f(1)",
        "CFPB Advisory Opinion on pay-to-pay fees, 87 FR 39733 (withdrawn May 2025, 90 FR 20084)",
    ];
    let q = question(
        "q1",
        &stem(0),
        "B",
        "Calling at 8:30 a.m. is fine.",
        "15 USC 1692f(1); 87 FR 39733",
    );
    let f = found(&load(&bank(&sources, &[q])));
    assert_eq!(f.len(), 1, "{f:?}");
    assert_eq!(f[0].0, "withdrawn-citation");
    assert!(f[0].3.contains("87 FR 39733"), "{}", f[0].3);
    // The statute itself is fine.
    let q = question(
        "q1",
        &stem(0),
        "B",
        "Calling at 8:30 a.m. is fine.",
        "15 USC 1692f(1)",
    );
    assert!(found(&load(&bank(&sources, &[q]))).is_empty());
}

#[test]
fn near_duplicate_stems_are_a_warning_naming_both() {
    let a = question(
        "q1",
        "A consumer in Ohio has said nothing about her schedule. Which call is presumed convenient?",
        "B",
        "Calling at 8:30 a.m. is fine.",
        "15 USC 1692c(a)(1)",
    );
    let b = question(
        "q2",
        "A consumer in Texas has said nothing about her schedule. Which call is presumed convenient?",
        "B",
        "Calling at 8:30 a.m. is fine.",
        "15 USC 1692c(a)(1)",
    );
    let text = bank(&["15 USC 1692c"], &[a.clone(), b]);
    let f = found(&load(&text));
    assert_eq!(f.len(), 1, "{f:?}");
    assert_eq!((f[0].0, f[0].1), ("near-duplicate", Level::Warning));
    assert!(f[0].3.contains("`q2` nearly repeats `q1`"), "{}", f[0].3);
    let line = text.lines().position(|l| l.contains("Texas")).unwrap() + 1;
    assert_eq!(f[0].2, line);
    // Across banks of the same track too.
    let other = bank(&["15 USC 1692c"], &[a.replace("\"q1\"", "\"q9\"")])
        .replace("id: \"b\"", "id: \"b2\"");
    let set = load_texts(
        [("b.ron", text.as_str()), ("b2.ron", other.as_str())],
        &options(),
    );
    assert_eq!(
        set.diagnostics
            .iter()
            .filter(|d| d.code == "near-duplicate")
            .count(),
        2,
        "{:?}",
        set.diagnostics
    );
}

/// A bank of ten distinct questions keyed `keys`.
fn keyed(keys: [&str; 10]) -> String {
    let qs: Vec<String> = keys
        .iter()
        .enumerate()
        .map(|(i, k)| {
            question(
                &format!("q{i}"),
                &stem(i),
                k,
                "Calling at 8:30 a.m. is fine.",
                "15 USC 1692c(a)(1)",
            )
        })
        .collect();
    bank(&["15 USC 1692c"], &qs)
}

#[test]
fn keys_bunched_on_one_letter_are_a_warning() {
    let f = found(&load(&keyed([
        "B", "B", "B", "B", "A", "C", "D", "A", "C", "D",
    ])));
    assert_eq!(f.len(), 1, "{f:?}");
    assert_eq!(f[0].0, "key-spread");
    assert!(
        f[0].3
            .contains("4 of the 10 single-answer keys in track `pcs` are B (40%"),
        "{}",
        f[0].3
    );
    // 3 of 10 is fine.
    assert!(
        found(&load(&keyed([
            "B", "B", "B", "A", "A", "C", "D", "A", "C", "D"
        ])))
        .is_empty()
    );
}

// ---- The shipped banks and blueprints ----------------------------------------------------

#[test]
fn every_shipped_blueprint_draws_its_count_by_domain_with_many_seeds() {
    use rightparty::exam::assemble::{ExamPool, RecentItems};
    let set = crate::util::load(&[std::path::PathBuf::from("question_banks")]);
    assert!(!set.has_errors(), "{}", crate::util::render(&set));
    let banks: Vec<&rightparty::model::QuestionBank> = set.banks.iter().map(|b| &b.item).collect();
    let ids: Vec<&str> = set.blueprints.iter().map(|b| b.item.id.as_str()).collect();
    for id in [
        "pcs-practice-20",
        "pcs-practice-100",
        "chc-practice-20",
        "chc-practice-75",
    ] {
        assert!(ids.contains(&id), "{id} is not shipped: {ids:?}");
    }
    assert!(ids.contains(&"commercial-practice-20") && ids.contains(&"commercial-practice-60"));
    for bp in set.blueprints.iter().map(|b| &b.item) {
        let pool = ExamPool::new(bp, &banks).unwrap();
        let want = bp.allocate();
        for seed in 0..60 {
            let exam = pool.draw(seed, &RecentItems::none());
            assert_eq!(exam.items.len(), bp.question_count as usize, "{}", bp.id);
            let mut seen = std::collections::HashSet::new();
            let mut per: std::collections::BTreeMap<String, u32> = Default::default();
            for i in &exam.items {
                assert!(
                    seen.insert(i.question.id.clone()),
                    "{} repeats {}",
                    bp.id,
                    i.question.id
                );
                *per.entry(i.question.domain.clone()).or_default() += 1;
            }
            per.retain(|_, n| *n > 0);
            let mut want = want.clone();
            want.retain(|_, n| *n > 0);
            assert_eq!(per, want, "{} seed {seed}", bp.id);
        }
    }
}

#[test]
fn three_full_length_exams_per_track_differ_and_the_pcs_ones_do_not_repeat_at_first() {
    use rightparty::exam::assemble::{ExamPool, RecentItems};
    let set = crate::util::load(&[std::path::PathBuf::from("question_banks")]);
    let banks: Vec<&rightparty::model::QuestionBank> = set.banks.iter().map(|b| &b.item).collect();
    for id in [
        "pcs-practice-100",
        "chc-practice-75",
        "commercial-practice-60",
    ] {
        let bp = &set
            .blueprints
            .iter()
            .find(|b| b.item.id == id)
            .unwrap()
            .item;
        let pool = ExamPool::new(bp, &banks).unwrap();
        // Three attempts in a row, each avoiding what the earlier ones showed.
        let mut recent = RecentItems::none();
        let mut exams: Vec<std::collections::BTreeSet<String>> = Vec::new();
        for seed in [11, 12, 13] {
            let exam = pool.draw(seed, &recent);
            let drawn: std::collections::BTreeSet<String> =
                exam.items.iter().map(|i| i.question.id.clone()).collect();
            assert_eq!(
                drawn.len(),
                bp.question_count as usize,
                "{id}: a repeat within one exam"
            );
            for e in &exams {
                assert_ne!(e, &drawn, "{id}: the same exam twice");
            }
            for q in &drawn {
                recent.insert(q.clone(), 0);
            }
            exams.push(drawn);
        }
        if id == "pcs-practice-100" {
            // The pcs banks hold two full exams' worth in every domain: the second attempt
            // shares nothing with the first.
            assert!(exams[0].is_disjoint(&exams[1]));
        }
    }
}
