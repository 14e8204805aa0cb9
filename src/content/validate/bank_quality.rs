//! Checks that keep a bank right when it is drawn and shuffled: explanations that name options
//! by bare letter, citations of authorities the bank's own `sources` mark withdrawn, stems that
//! nearly repeat another question of the track, and keys bunched on one letter.

use std::collections::{BTreeMap, HashSet};

use crate::content::diagnostic::Findings;
use crate::model::{Question, QuestionBank, QuestionKind};

/// Words before a capital letter that make it a name, not an option: Medicare Part B, Schedule
/// C, Plan B, Form A.
const NAMES_A_LETTER: &[&str] = &[
    "part",
    "parts",
    "schedule",
    "form",
    "plan",
    "title",
    "appendix",
    "exhibit",
    "model",
    "tier",
    "type",
    "class",
    "grade",
    "vitamin",
    "article",
    "chapter",
    "subpart",
    "section",
    "step",
    "regulation",
    "reg",
    "rule",
];

/// Letters in `text` that name an option without following a shuffle: a capital letter standing
/// alone ("A and C are wrong", "option B") among the first `n` letters. Letters in parentheses
/// (`(B)`, `(A, C)`, which the exam relabels, and `1692e(2)(A)` in citations), abbreviations
/// (`U.S.`, `D.C.`), `A/R`, names such as `Part B`, and a sentence's opening article
/// ("A collector may ...") are not counted.
pub fn bare_letters(text: &str, n: usize) -> Vec<char> {
    let chars: Vec<char> = text.chars().collect();
    let mut found = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let boundary = |j: Option<usize>| {
            j.and_then(|j| chars.get(j))
                .is_none_or(|c| !c.is_alphanumeric())
        };
        let is_token =
            c.is_ascii_uppercase() && boundary(i.checked_sub(1)) && boundary(Some(i + 1));
        if !is_token || (c as usize - 'A' as usize) >= n {
            i += 1;
            continue;
        }
        let before = i.checked_sub(1).map(|j| chars[j]);
        let after = chars.get(i + 1).copied();
        let after2 = chars.get(i + 2).copied();
        let in_parens = before == Some('(')
            || after == Some(')')
            || (before == Some(' ') && i >= 2 && chars[i - 2] == ',' && inside_parens(&chars, i));
        let abbreviation = (after == Some('.') && after2.is_some_and(|c| c.is_alphabetic()))
            || (before == Some('.') && i >= 2 && chars[i - 2].is_alphabetic());
        let joined = matches!(before, Some('/' | '-' | '&' | '\'' | '’'))
            || matches!(after, Some('/' | '-' | '&' | '\'' | '’'));
        let prev = previous_word(&chars, i).to_lowercase();
        let named = NAMES_A_LETTER.contains(&prev.as_str());
        let article = c == 'A' && sentence_start(&chars, i) && next_word_is_lowercase(&chars, i);
        if !(in_parens || abbreviation || joined || named || article) {
            found.push(c);
        }
        i += 1;
    }
    found.sort_unstable();
    found.dedup();
    found
}

/// Whether position `i` sits inside an unclosed `(` on its line of text (for `(A, C)` groups).
fn inside_parens(chars: &[char], i: usize) -> bool {
    let mut depth = 0i32;
    for &c in chars[..i].iter().rev() {
        match c {
            ')' => depth += 1,
            '(' if depth == 0 => return true,
            '(' => depth -= 1,
            '.' | '!' | '?' => return false,
            _ => {}
        }
    }
    false
}

fn previous_word(chars: &[char], i: usize) -> String {
    let mut j = i;
    while j > 0 && !chars[j - 1].is_alphanumeric() {
        if !chars[j - 1].is_whitespace() {
            return String::new();
        }
        j -= 1;
    }
    let end = j;
    while j > 0 && chars[j - 1].is_alphanumeric() {
        j -= 1;
    }
    chars[j..end].iter().collect()
}

fn sentence_start(chars: &[char], i: usize) -> bool {
    let mut j = i;
    while j > 0 && matches!(chars[j - 1], ' ' | '"' | '“' | '\'' | '‘' | '(') {
        j -= 1;
    }
    j == 0 || matches!(chars[j - 1], '.' | '!' | '?' | ':' | ';' | '\n')
}

/// Words that follow an option letter ("A and C", "B is wrong"), never the article "A".
const AFTER_A_LETTER: &[&str] = &[
    "and",
    "or",
    "nor",
    "is",
    "are",
    "was",
    "were",
    "would",
    "will",
    "can",
    "could",
    "might",
    "may",
    "also",
    "only",
    "too",
    "fails",
    "misstates",
    "overstates",
    "confuses",
    "ignores",
];

/// Whether a word that is not one of [`AFTER_A_LETTER`] follows position `i` (the article "A"
/// before a noun, a number or a quotation: "A collector", "A $25 fee", "A 'final' offer").
fn next_word_is_lowercase(chars: &[char], i: usize) -> bool {
    if chars.get(i + 1) != Some(&' ') {
        return false;
    }
    let word: String = chars[i + 2..]
        .iter()
        .take_while(|c| c.is_alphabetic())
        .collect();
    let single_letter = word.chars().count() == 1 && word.chars().all(|c| c.is_uppercase());
    !single_letter && !AFTER_A_LETTER.contains(&word.to_lowercase().as_str())
}

/// Bare letters in the stem or explanation of a question whose options may be shuffled.
pub fn check_letters(q: &Question, at: &str, out: &mut Findings) {
    if !q.shuffle || q.kind == QuestionKind::TrueFalse {
        return;
    }
    let n = q.options.len();
    for (field, text) in [
        ("stem", Some(&q.stem)),
        ("explanation", q.explanation.as_ref()),
    ] {
        let Some(text) = text else { continue };
        let letters = bare_letters(text, n);
        if letters.is_empty() {
            continue;
        }
        let list: Vec<String> = letters.iter().map(char::to_string).collect();
        out.error(
            "letter-reference",
            format!("{at}.{field}"),
            format!(
                "question `{}` names options by letter ({}), but its options are shuffled when shown, so the letters would point at other options",
                q.id,
                list.join(", ")
            ),
            Some(
                "refer to each option by its words, write the letter in parentheses, `(B)`, which follows the shuffle, or mark the question `shuffle: false`"
                    .to_string(),
            ),
        );
    }
}

/// What a `sources` entry marked withdrawn or superseded is known by: its text before the mark,
/// and each Federal Register citation in it (`87 FR 39733`).
fn withdrawn_authorities(sources: &[String]) -> Vec<(String, Vec<String>)> {
    let mut out = Vec::new();
    for s in sources {
        let lower = s.to_lowercase();
        let Some(at) = ["withdrawn", "superseded", "rescinded", "vacated"]
            .iter()
            .filter_map(|w| lower.find(w))
            .min()
        else {
            continue;
        };
        let head = s[..at]
            .trim_end_matches(|c: char| c == '(' || c == ',' || c == ';' || c.is_whitespace());
        let mut names = Vec::new();
        let words: Vec<&str> = head.split_whitespace().collect();
        for w in words.windows(3) {
            if w[1] == "FR" && w[0].chars().all(|c| c.is_ascii_digit()) {
                let page: String = w[2].chars().take_while(char::is_ascii_digit).collect();
                if !page.is_empty() {
                    names.push(format!("{} FR {page}", w[0]));
                }
            }
        }
        out.push((head.to_string(), names));
    }
    out
}

/// Citations of an authority the bank's `sources` mark withdrawn or superseded.
pub fn check_withdrawn(bank: &QuestionBank, out: &mut Findings) {
    let withdrawn = withdrawn_authorities(&bank.sources);
    if withdrawn.is_empty() {
        return;
    }
    for (i, q) in bank.questions.iter().enumerate() {
        let Some(citation) = &q.citation else {
            continue;
        };
        let lower = citation.to_lowercase();
        for (head, frs) in &withdrawn {
            let hit = frs
                .iter()
                .find(|f| citation.contains(f.as_str()))
                .cloned()
                .or_else(|| {
                    (!head.is_empty() && lower.contains(&head.to_lowercase())).then(|| head.clone())
                });
            if let Some(name) = hit {
                out.error(
                    "withdrawn-citation",
                    format!("questions.{i}.citation"),
                    format!(
                        "question `{}` cites {name}, which the bank's sources mark withdrawn or superseded",
                        q.id
                    ),
                    Some("cite the authority in force (the statute or regulation itself)".to_string()),
                );
            }
        }
    }
}

/// Word pairs of a question's stem (and, for "say next" items, its excerpt), lowercased, for
/// comparing stems.
fn shingles(q: &Question) -> HashSet<(String, String)> {
    let mut text = q.stem.clone();
    for l in &q.excerpt {
        text.push(' ');
        text.push_str(&l.text);
    }
    let words: Vec<String> = text
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect();
    words
        .windows(2)
        .map(|w| (w[0].clone(), w[1].clone()))
        .collect()
}

/// Two stems are near-duplicates when the word pairs they share are at least this share of the
/// word pairs either has (Jaccard similarity of word bigrams).
pub const NEAR_DUPLICATE: f64 = 0.6;

/// One question of a track, where it is: (bank slot, index in the bank, the question).
pub type Located<'a> = (usize, usize, &'a Question);

/// Near-duplicate stems among one track's questions (a warning on the later one, naming both),
/// and a key letter that holds more than 35% of the track's single-answer keys (a warning on
/// the bank that holds most of them). `report(slot, code, path, message, hint)` records a
/// warning in the file at `slot`.
pub fn check_track(
    track: &str,
    questions: &[Located<'_>],
    mut report: impl FnMut(usize, &'static str, String, String, Option<String>),
) {
    let sets: Vec<HashSet<(String, String)>> =
        questions.iter().map(|(_, _, q)| shingles(q)).collect();
    for (j, (slot, i, q)) in questions.iter().enumerate() {
        for (k, (_, _, other)) in questions[..j].iter().enumerate() {
            let (x, y) = (&sets[j], &sets[k]);
            // The same id twice is a duplicate id, reported as such.
            if x.is_empty() || y.is_empty() || q.id == other.id {
                continue;
            }
            let shared = x.intersection(y).count();
            let sim = shared as f64 / (x.len() + y.len() - shared) as f64;
            if sim >= NEAR_DUPLICATE {
                report(
                    *slot,
                    "near-duplicate",
                    format!("questions.{i}.stem"),
                    format!(
                        "question `{}` nearly repeats `{}` ({:.0}% of their wording is shared)",
                        q.id,
                        other.id,
                        sim * 100.0
                    ),
                    Some("test a different point, or drop one of them".to_string()),
                );
                break;
            }
        }
    }
    let mut by_letter: BTreeMap<char, Vec<usize>> = BTreeMap::new();
    let mut counted = 0;
    for (slot, _, q) in questions {
        if matches!(q.kind, QuestionKind::Single | QuestionKind::NextLine)
            && let Some(c) = q.key.trim().chars().next()
            && q.key.trim().len() == 1
        {
            by_letter
                .entry(c.to_ascii_uppercase())
                .or_default()
                .push(*slot);
            counted += 1;
        }
    }
    if counted < 8 {
        return;
    }
    for (letter, slots) in &by_letter {
        let share = slots.len() as f64 / counted as f64;
        if share > 0.35 {
            let mut per: BTreeMap<usize, usize> = BTreeMap::new();
            for s in slots {
                *per.entry(*s).or_default() += 1;
            }
            let slot = per.iter().max_by_key(|(_, n)| **n).map_or(0, |(s, _)| *s);
            report(
                slot,
                "key-spread",
                "questions".to_string(),
                format!(
                    "{} of the {counted} single-answer keys in track `{track}` are {letter} ({:.0}%, more than 35%)",
                    slots.len(),
                    share * 100.0
                ),
                Some("move some keys to other letters by reordering their options".to_string()),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bare_letters_are_found_and_the_rest_left_alone() {
        assert_eq!(
            bare_letters("A and C are wrong because the law says so.", 4),
            ['A', 'C']
        );
        assert_eq!(
            bare_letters("Option B overstates it; D is a trap.", 4),
            ['B', 'D']
        );
        assert!(
            bare_letters(
                "A collector may not do that (B). See 15 USC 1692e(2)(A).",
                4
            )
            .is_empty()
        );
        assert!(
            bare_letters(
                "Not (A, C): Medicare Part B pays, in Washington, D.C., and A/R.",
                4
            )
            .is_empty()
        );
        assert!(
            bare_letters("Calling at 7:30 a.m. is too early. A letter is better.", 4).is_empty()
        );
        // A letter beyond the options is a word, not an option.
        assert!(bare_letters("Plan E is not an option here, nor is E.", 4).is_empty());
        assert_eq!(bare_letters("Choose C.", 3), ['C']);
        assert!(
            bare_letters(
                "A $25 fee is wrong. A 'final' offer too. A 10-day notice.",
                4
            )
            .is_empty()
        );
        assert!(bare_letters("Under Regulation B, is that allowed?", 4).is_empty());
        assert_eq!(
            bare_letters("A, B and C are wrong. A is right.", 4),
            ['A', 'B', 'C']
        );
    }

    #[test]
    fn withdrawn_sources_are_known_by_their_name_and_federal_register_cite() {
        let w = withdrawn_authorities(&[
            "15 USC 1692f(1)".to_string(),
            "CFPB Advisory Opinion on pay-to-pay fees, 87 FR 39733 (withdrawn May 2025, 90 FR 20084)".to_string(),
        ]);
        assert_eq!(w.len(), 1);
        assert_eq!(
            w[0].0,
            "CFPB Advisory Opinion on pay-to-pay fees, 87 FR 39733"
        );
        assert_eq!(w[0].1, ["87 FR 39733"]);
    }
}
