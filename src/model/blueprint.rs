//! The `ExamBlueprint(...)` format: how to assemble a practice exam modeled on a credential.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::Date;

/// How to draw and run one practice exam.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ExamBlueprint {
    /// Unique across blueprints, e.g. `"pcs-practice-20"`.
    pub id: String,
    /// Shown to trainees. Says "practice" and "-style"; never the credential's own name alone.
    pub name: String,
    /// The practice track, e.g. `"pcs"`.
    pub track: String,
    /// The credential this practice exam is modeled on (not endorsed by its body).
    pub modeled_on: Credential,
    /// How many questions an attempt has.
    pub question_count: u32,
    /// Minutes allowed, or none for untimed.
    #[serde(default)]
    pub time_limit_minutes: Option<u32>,
    /// Percent needed to pass, 0 to 100 (85.0 passes at exactly 85.0%).
    pub pass_mark: f64,
    /// Percent of questions per domain id; must sum to 100.
    pub domain_weights: BTreeMap<String, u32>,
    /// Ids of the banks to draw from.
    pub banks: Vec<String>,
    /// Shuffle option order per attempt (pinned options stay in place).
    #[serde(default = "yes")]
    pub shuffle_options: bool,
    /// Exam (feedback at the end) or practice (feedback after each answer).
    pub mode: ExamMode,
    /// How multiple-response items are scored.
    #[serde(default)]
    pub multiple_response: MultipleResponseScoring,
    /// When a person last checked the content.
    pub reviewed: Date,
    /// Where the facts (pass mark, interval, weights) come from.
    pub sources: Vec<String>,
}

fn yes() -> bool {
    true
}

/// The credential a practice exam is modeled on, with where its facts come from.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Credential {
    /// The credential's name, e.g. "Professional Collection Specialist (PCS)".
    pub name: String,
    /// The body that awards it.
    pub body: String,
    /// Years between renewals, if it renews.
    #[serde(default)]
    pub renewal_years: Option<u32>,
    /// Where the pass mark comes from (or that it is a practice assumption).
    pub pass_mark_source: String,
    /// Where the renewal interval comes from.
    #[serde(default)]
    pub renewal_source: Option<String>,
}

/// How the exam gives feedback.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum ExamMode {
    /// Timed; feedback at the end.
    Exam,
    /// Feedback and explanation after each answer.
    Practice,
}

/// Scoring of multiple-response items.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum MultipleResponseScoring {
    /// Right only when exactly the keyed options are chosen.
    #[default]
    AllOrNothing,
    /// Fraction of options classified correctly.
    Partial,
}

impl ExamBlueprint {
    /// Questions per domain: the weights applied to `question_count` with largest-remainder
    /// rounding, so the counts always add up to `question_count`. Weights are taken relative to
    /// their sum; ties in the remainder go to the domain that sorts first.
    pub fn allocate(&self) -> BTreeMap<String, u32> {
        let total: u64 = self.domain_weights.values().map(|&w| u64::from(w)).sum();
        let count = u64::from(self.question_count);
        if total == 0 {
            return self.domain_weights.keys().map(|d| (d.clone(), 0)).collect();
        }
        let mut parts: Vec<(&String, u64, u64)> = self
            .domain_weights
            .iter()
            .map(|(d, &w)| {
                let exact = count * u64::from(w);
                (d, exact / total, exact % total)
            })
            .collect();
        let assigned: u64 = parts.iter().map(|p| p.1).sum();
        let mut order: Vec<usize> = (0..parts.len()).collect();
        order.sort_by(|&a, &b| parts[b].2.cmp(&parts[a].2).then(a.cmp(&b)));
        for &i in order.iter().take((count - assigned) as usize) {
            parts[i].1 += 1;
        }
        parts
            .into_iter()
            .map(|(d, n, _)| (d.clone(), n as u32))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bp(count: u32, weights: &[(&str, u32)]) -> ExamBlueprint {
        ExamBlueprint {
            id: "t".into(),
            name: "t practice".into(),
            track: "pcs".into(),
            modeled_on: Credential {
                name: "x".into(),
                body: "y".into(),
                renewal_years: None,
                pass_mark_source: "z".into(),
                renewal_source: None,
            },
            question_count: count,
            time_limit_minutes: None,
            pass_mark: 85.0,
            domain_weights: weights.iter().map(|(d, w)| (d.to_string(), *w)).collect(),
            banks: vec![],
            shuffle_options: true,
            mode: ExamMode::Exam,
            multiple_response: MultipleResponseScoring::AllOrNothing,
            reviewed: Date::from_ymd_opt(2026, 1, 1).unwrap(),
            sources: vec![],
        }
    }

    /// The PCS-style weights from the project's domain notes.
    const PCS: [(&str, u32); 6] = [
        ("a", 25),
        ("b", 15),
        ("c", 15),
        ("d", 15),
        ("e", 20),
        ("f", 10),
    ];

    #[test]
    fn largest_remainder_adds_up() {
        // 20 x (25, 15, 15, 15, 20, 10) = 5, 3, 3, 3, 4, 2 exactly.
        let a = bp(20, &PCS).allocate();
        assert_eq!(
            a.values().copied().collect::<Vec<_>>(),
            vec![5, 3, 3, 3, 4, 2]
        );
        // 10 x (25, 15, 15, 15, 20, 10) = 2.5, 1.5, 1.5, 1.5, 2, 1: floors 8, two extra to the
        // largest remainders (.5 each), first in order: a and b.
        let a = bp(10, &PCS).allocate();
        assert_eq!(
            a.values().copied().collect::<Vec<_>>(),
            vec![3, 2, 1, 1, 2, 1]
        );
        assert_eq!(a.values().sum::<u32>(), 10);
    }
}
