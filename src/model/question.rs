//! The `QuestionBank(...)` format: exam questions with keys, explanations and citations.

use serde::{Deserialize, Serialize};

use super::{Date, Difficulty};

/// A bank of questions for one track.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct QuestionBank {
    /// Unique across banks, e.g. `"pcs-core"`.
    pub id: String,
    /// Shown to trainers.
    pub title: String,
    /// The practice track, e.g. `"pcs"`, `"chc"`, `"commercial"`.
    pub track: String,
    /// The domains this bank's questions belong to.
    pub domains: Vec<Domain>,
    /// When a person last checked the content against the law.
    pub reviewed: Date,
    /// Where the facts come from.
    pub sources: Vec<String>,
    /// The questions.
    pub questions: Vec<Question>,
}

/// A knowledge domain. Scenario choices name the same ids, so one report joins exams and calls.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Domain {
    /// Short id, e.g. `"communications"`.
    pub id: String,
    /// Readable name.
    pub name: String,
}

/// One exam question.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Question {
    /// Unique across all banks.
    pub id: String,
    /// One of the bank's domain ids.
    pub domain: String,
    /// Free-form tags.
    #[serde(default)]
    pub tags: Vec<String>,
    /// The question type.
    pub kind: QuestionKind,
    /// For `NextLine` questions: the call so far.
    #[serde(default)]
    pub excerpt: Vec<ExcerptLine>,
    /// The question itself.
    pub stem: String,
    /// The options, shown as A, B, C, ... (empty for `TrueFalse`).
    #[serde(default)]
    pub options: Vec<String>,
    /// Positions (from 0) of options that never move when options are shuffled, e.g. "All of
    /// the above".
    #[serde(default)]
    pub pinned: Vec<usize>,
    /// Whether the options may be shuffled when the blueprint shuffles (default true); `false`
    /// keeps them in the authored order, for an explanation that must name them by letter.
    #[serde(default = "yes", skip_serializing_if = "is_true")]
    pub shuffle: bool,
    /// The right answer: option letters (`"B"`, `"AC"`), or `"T"`/`"F"` for true/false.
    pub key: String,
    /// Why the key is right (and the others wrong).
    #[serde(default)]
    pub explanation: Option<String>,
    /// The legal or professional source.
    #[serde(default)]
    pub citation: Option<String>,
    /// How hard it is.
    pub difficulty: Difficulty,
}

fn yes() -> bool {
    true
}

fn is_true(b: &bool) -> bool {
    *b
}

impl Question {
    /// The option positions the key names, or `None` if a letter is not an option.
    /// For true/false, `T` is 0 and `F` is 1.
    pub fn key_indices(&self) -> Option<Vec<usize>> {
        if self.kind == QuestionKind::TrueFalse {
            return match self.key.trim() {
                "T" | "t" => Some(vec![0]),
                "F" | "f" => Some(vec![1]),
                _ => None,
            };
        }
        let mut out = Vec::new();
        for c in self.key.trim().chars() {
            let c = c.to_ascii_uppercase();
            if !c.is_ascii_uppercase() {
                return None;
            }
            let i = (c as u8 - b'A') as usize;
            if i >= self.options.len() || out.contains(&i) {
                return None;
            }
            out.push(i);
        }
        out.sort_unstable();
        Some(out)
    }

    /// The options as shown: the given ones, or True and False.
    pub fn display_options(&self) -> Vec<String> {
        if self.kind == QuestionKind::TrueFalse {
            vec!["True".into(), "False".into()]
        } else {
            self.options.clone()
        }
    }
}

/// The question types.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum QuestionKind {
    /// Exactly one right option.
    Single,
    /// Two or more right options.
    Multiple,
    /// True or false.
    TrueFalse,
    /// "What should the collector say next?" after a short call excerpt.
    NextLine,
}

/// One line of a call excerpt.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ExcerptLine {
    /// Who speaks.
    pub speaker: Speaker,
    /// What they say.
    pub text: String,
}

/// A speaker in a call excerpt.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Speaker {
    /// The collector.
    Collector,
    /// The consumer.
    Consumer,
    /// Someone else on the line.
    ThirdParty,
}
