//! Checks on one question bank: domains, ids, question shape by kind, keys among the options,
//! duplicate options, and explanations and citations.

use std::collections::HashSet;

use super::scenario::normalize;
use super::{CheckOptions, check_provenance, check_unique};
use crate::content::diagnostic::Findings;
use crate::model::{QuestionBank, QuestionKind};

/// Runs every bank check (question ids across banks are checked by the caller).
pub fn check(bank: &QuestionBank, opts: &CheckOptions, out: &mut Findings) {
    if bank.id.trim().is_empty() {
        out.error(
            "empty-id",
            "id",
            "bank id is empty",
            Some("give the bank a unique id".to_string()),
        );
    }
    check_provenance(bank.reviewed, &bank.sources, opts, out);
    super::bank_quality::check_withdrawn(bank, out);
    if bank.domains.is_empty() {
        out.error(
            "no-domains",
            "domains",
            "the bank declares no domains",
            Some("list `Domain(id: ..., name: ...)` entries".to_string()),
        );
    }
    check_unique(
        bank.domains
            .iter()
            .enumerate()
            .map(|(i, d)| (format!("domains.{i}.id"), d.id.as_str())),
        "domain",
        out,
    );
    let domains: HashSet<&str> = bank.domains.iter().map(|d| d.id.as_str()).collect();
    if bank.questions.is_empty() {
        out.warning(
            "no-questions",
            "questions",
            "the bank has no questions",
            None,
        );
    }
    check_unique(
        bank.questions
            .iter()
            .enumerate()
            .map(|(i, q)| (format!("questions.{i}.id"), q.id.as_str())),
        "question",
        out,
    );
    for (i, q) in bank.questions.iter().enumerate() {
        let at = format!("questions.{i}");
        if !domains.contains(q.domain.as_str()) {
            out.error(
                "unknown-domain",
                format!("{at}.domain"),
                format!(
                    "question `{}` is in domain `{}`, which the bank does not declare",
                    q.id, q.domain
                ),
                Some(out.unknown_name_hint(&q.domain, domains.iter().copied(), "domain")),
            );
        }
        if q.stem.trim().is_empty() {
            out.error(
                "empty-text",
                format!("{at}.stem"),
                format!("question `{}` has no stem", q.id),
                None,
            );
        }
        let n = q.options.len();
        match q.kind {
            QuestionKind::TrueFalse => {
                if n != 0 {
                    out.error(
                        "bad-options",
                        format!("{at}.options"),
                        format!("true/false question `{}` lists options", q.id),
                        Some("leave `options` out: True and False are implied".to_string()),
                    );
                }
            }
            QuestionKind::Single | QuestionKind::NextLine | QuestionKind::Multiple => {
                let min = if q.kind == QuestionKind::Multiple {
                    3
                } else {
                    2
                };
                if n < min {
                    out.error(
                        "bad-options",
                        format!("{at}.options"),
                        format!(
                            "question `{}` has {n} options; this kind needs at least {min}",
                            q.id
                        ),
                        None,
                    );
                } else if n > 26 {
                    out.error(
                        "bad-options",
                        format!("{at}.options"),
                        "more than 26 options cannot be lettered",
                        None,
                    );
                }
            }
        }
        if q.kind == QuestionKind::NextLine && q.excerpt.is_empty() {
            out.error(
                "missing-excerpt",
                format!("{at}.excerpt"),
                format!(
                    "\"what should the collector say next?\" question `{}` has no call excerpt",
                    q.id
                ),
                Some("add `excerpt: [ExcerptLine(speaker: Consumer, text: \"...\")]`".to_string()),
            );
        }
        let mut seen = std::collections::HashMap::new();
        for (o, text) in q.options.iter().enumerate() {
            if text.trim().is_empty() {
                out.error(
                    "empty-text",
                    format!("{at}.options.{o}"),
                    format!("option {} is empty", letter(o)),
                    None,
                );
            } else if let Some(first) = seen.insert(normalize(text), o) {
                out.error(
                    "duplicate-option",
                    format!("{at}.options.{o}"),
                    format!(
                        "option {} repeats option {} in question `{}`",
                        letter(o),
                        letter(first),
                        q.id
                    ),
                    Some("each option must be different".to_string()),
                );
            }
        }
        for (p, &pin) in q.pinned.iter().enumerate() {
            if pin >= n {
                out.error(
                    "bad-pinned",
                    format!("{at}.pinned.{p}"),
                    format!(
                        "pinned position {pin} is not an option (there are {n}, counted from 0)"
                    ),
                    None,
                );
            }
        }
        check_key(q, &at, out);
        super::bank_quality::check_letters(q, &at, out);
        if q.explanation.as_deref().is_none_or(|e| e.trim().is_empty()) {
            out.warning(
                "missing-explanation",
                at.clone(),
                format!("question `{}` has no explanation", q.id),
                Some("say why the key is right; trainees see it in the review".to_string()),
            );
        }
        if q.citation.as_deref().is_none_or(|c| c.trim().is_empty()) {
            out.warning(
                "missing-citation",
                at.clone(),
                format!("question `{}` has no citation", q.id),
                Some(
                    "cite the statute, regulation or source, e.g. \"15 USC 1692c(b)\"".to_string(),
                ),
            );
        }
    }
}

fn check_key(q: &crate::model::Question, at: &str, out: &mut Findings) {
    let path = format!("{at}.key");
    let key = q.key.trim();
    if q.kind == QuestionKind::TrueFalse {
        if !["T", "F", "t", "f"].contains(&key) {
            out.error(
                "bad-key",
                path,
                format!("true/false key must be \"T\" or \"F\", not \"{key}\""),
                None,
            );
        }
        return;
    }
    let n = q.options.len();
    let last = letter(n.saturating_sub(1).min(25));
    if key.is_empty() {
        out.error(
            "bad-key",
            path,
            format!("question `{}` has no key", q.id),
            Some(format!("give the right option's letter, A to {last}")),
        );
        return;
    }
    let mut letters = HashSet::new();
    for c in key.chars() {
        let up = c.to_ascii_uppercase();
        if !up.is_ascii_uppercase() || (up as u8 - b'A') as usize >= n {
            out.error(
                "bad-key",
                path.clone(),
                format!(
                    "key `{c}` is not among the {n} options of question `{}`",
                    q.id
                ),
                Some(format!("use letters A to {last}")),
            );
            return;
        }
        if !letters.insert(up) {
            out.error(
                "bad-key",
                path.clone(),
                format!("key letter `{up}` is repeated"),
                None,
            );
            return;
        }
    }
    match q.kind {
        QuestionKind::Multiple if letters.len() < 2 => out.error(
            "bad-key",
            path,
            format!("multiple-response question `{}` has a single key", q.id),
            Some("key two or more options, or make it `kind: Single`".to_string()),
        ),
        QuestionKind::Single | QuestionKind::NextLine if letters.len() != 1 => out.error(
            "bad-key",
            path,
            format!(
                "single-answer question `{}` keys {} options",
                q.id,
                letters.len()
            ),
            Some("key one option, or make it `kind: Multiple`".to_string()),
        ),
        _ => {}
    }
}

/// The letter shown for an option position (A for 0).
pub fn letter(i: usize) -> char {
    (b'A' + (i.min(25) as u8)) as char
}
