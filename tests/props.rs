//! Property tests of the loader: random and mutated inputs never panic, and every input that
//! fails to load gets at least one diagnostic located inside the file (1:1 for an empty file).

use proptest::prelude::*;
use rightparty::content::{ContentSet, Level, load_bytes};

use crate::util::options;

const CALL: &str = include_str!("data/valid/call.ron");
const BANK: &str = include_str!("data/valid/bank.ron");
const BLUEPRINT: &str = include_str!("data/valid/blueprint.ron");

/// Checks the two properties for one input.
fn check(bytes: &[u8]) -> Result<(), TestCaseError> {
    let set: ContentSet = load_bytes([("input.ron", bytes)], &options());
    let loaded = set.scenarios.len() + set.banks.len() + set.blueprints.len();
    if loaded == 0 {
        prop_assert!(
            set.diagnostics.iter().any(|d| d.level == Level::Error),
            "nothing loaded and no error"
        );
    }
    let text = String::from_utf8_lossy(bytes);
    let lines: Vec<&str> = text.split('\n').collect();
    for d in &set.diagnostics {
        prop_assert!(
            d.line >= 1 && d.line <= lines.len(),
            "{} outside {} lines",
            d.header(),
            lines.len()
        );
        let width = lines[d.line - 1].chars().count();
        prop_assert!(
            d.column >= 1 && d.column <= width + 1,
            "{} outside a line of {width} chars",
            d.header()
        );
        if bytes.iter().all(|b| b.is_ascii_whitespace()) {
            prop_assert_eq!((d.line, d.column), (1, 1));
        }
    }
    Ok(())
}

#[derive(Debug, Clone)]
enum Mutation {
    Delete { at: usize, len: usize },
    Insert { at: usize, text: String },
    Truncate { at: usize },
    Duplicate { at: usize, len: usize },
}

fn mutation() -> impl Strategy<Value = Mutation> {
    let significant = prop::sample::select(vec![
        "(", ")", "[", "]", "{", "}", ":", ",", "\"", "'", "/", "//", "/*", "*/", "#", "r#\"",
        "\\", "-", ".", "0", "1e999", "Some(", "None", "é", "\u{0}", "\n", " ", "x:", "id", "🙂",
    ]);
    prop_oneof![
        (any::<prop::sample::Index>(), 1usize..40).prop_map(|(i, len)| Mutation::Delete {
            at: i.index(usize::MAX),
            len
        }),
        (any::<prop::sample::Index>(), significant).prop_map(|(i, t)| Mutation::Insert {
            at: i.index(usize::MAX),
            text: t.to_string()
        }),
        (any::<prop::sample::Index>(), "\\PC{1,8}").prop_map(|(i, text)| Mutation::Insert {
            at: i.index(usize::MAX),
            text
        }),
        any::<prop::sample::Index>().prop_map(|i| Mutation::Truncate {
            at: i.index(usize::MAX)
        }),
        (any::<prop::sample::Index>(), 1usize..200).prop_map(|(i, len)| Mutation::Duplicate {
            at: i.index(usize::MAX),
            len
        }),
    ]
}

fn apply(base: &str, muts: &[Mutation]) -> Vec<u8> {
    let mut b = base.as_bytes().to_vec();
    for m in muts {
        let n = b.len().max(1);
        match m {
            Mutation::Delete { at, len } => {
                let at = at % n;
                let end = (at + len).min(b.len());
                b.drain(at.min(end)..end);
            }
            Mutation::Insert { at, text } => {
                let at = at % (b.len() + 1);
                b.splice(at..at, text.bytes());
            }
            Mutation::Truncate { at } => b.truncate(at % n),
            Mutation::Duplicate { at, len } => {
                let at = at % n;
                let end = (at + len).min(b.len());
                let chunk = b[at.min(end)..end].to_vec();
                b.splice(end..end, chunk);
            }
        }
    }
    b
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]

    #[test]
    fn random_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..2048)) {
        check(&bytes)?;
    }

    #[test]
    fn random_text_never_panics(text in "\\PC{0,400}") {
        check(text.as_bytes())?;
    }

    #[test]
    fn mutated_content_never_panics(
        base in prop::sample::select(vec![CALL, BANK, BLUEPRINT]),
        muts in prop::collection::vec(mutation(), 1..5),
    ) {
        check(&apply(base, &muts))?;
    }
}

#[test]
fn empty_and_blank_files_report_at_1_1() {
    for input in ["", "   \n\n  ", "\n"] {
        let set = load_bytes([("e.ron", input.as_bytes())], &options());
        assert_eq!(set.diagnostics.len(), 1);
        let d = &set.diagnostics[0];
        assert_eq!(
            (d.code, d.line, d.column),
            ("empty-file", 1, 1),
            "{input:?}"
        );
    }
}
