//! Scoring: one item (all-or-nothing, or partial credit for multiple response when the
//! blueprint says so), the percent, pass or fail against the pass mark, per-domain percentages
//! weakest first, time per question, and the review of every item. Pure functions of the
//! session state.

use std::collections::BTreeMap;
use std::time::Duration;

use serde::Serialize;

use super::assemble::ExamItem;
use super::session::SessionState;
use crate::model::MultipleResponseScoring;

/// Slack for comparing a percentage with the pass mark, so that floating-point noise never fails
/// a trainee who met the mark exactly (17 of 20 is 85.0%, and passes an 85% mark).
pub const PASS_EPSILON: f64 = 1e-9;

/// The score of one item, from 0 to 1.
///
/// Unanswered: 0. Single, next-line and true/false: 1 when the chosen option is the key.
/// Multiple response, all-or-nothing: 1 when exactly the keyed options are chosen. Multiple
/// response, partial: the fraction of options classified correctly (chosen and keyed, or not
/// chosen and not keyed).
pub fn item_score(item: &ExamItem, answer: Option<&[usize]>, rule: MultipleResponseScoring) -> f64 {
    let Some(answer) = answer else {
        return 0.0;
    };
    if answer.is_empty() {
        return 0.0;
    }
    let key = item.key();
    let mut chosen = answer.to_vec();
    chosen.sort_unstable();
    chosen.dedup();
    if item.is_multiple() && rule == MultipleResponseScoring::Partial {
        let n = item.order.len();
        if n == 0 {
            return 0.0;
        }
        let right = (0..n)
            .filter(|p| chosen.contains(p) == key.contains(p))
            .count();
        return right as f64 / n as f64;
    }
    if chosen == key { 1.0 } else { 0.0 }
}

/// `points` out of `max` as a percentage (0 when there is nothing to score).
pub fn percent(points: f64, max: f64) -> f64 {
    if max > 0.0 { points * 100.0 / max } else { 0.0 }
}

/// Whether a percentage meets the pass mark (at or above it).
pub fn passes(percent: f64, pass_mark: f64) -> bool {
    percent + PASS_EPSILON >= pass_mark
}

/// A percentage to one decimal, rounded down, so a shown figure never claims more than was
/// scored (84.96% shows as 84.9%, and fails an 85% mark).
pub fn format_percent(p: f64) -> String {
    let tenths = (p * 10.0 + PASS_EPSILON).floor() / 10.0;
    format!("{tenths:.1}")
}

/// Points as a whole number when they are one (`3`), else to two decimals (`2.50`).
pub fn format_points(p: f64) -> String {
    if (p - p.round()).abs() < 1e-9 {
        format!("{}", p.round() as i64)
    } else {
        format!("{p:.2}")
    }
}

/// The results of a submitted (or any) attempt.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ExamResult {
    /// Percent correct, 0 to 100 (not rounded).
    pub percent: f64,
    /// Points scored (one per item; partial credit gives fractions).
    pub points: f64,
    /// Points possible: the number of items.
    pub max_points: f64,
    /// The blueprint's pass mark.
    pub pass_mark: f64,
    /// Whether `percent` meets `pass_mark`.
    pub passed: bool,
    /// Items answered.
    pub answered: usize,
    /// Items not answered.
    pub unanswered: usize,
    /// Per domain, weakest first (ties by domain id).
    pub domains: Vec<DomainScore>,
    /// Every item, in the order shown.
    pub items: Vec<ItemReview>,
    /// Exam time used.
    pub time_used: Duration,
}

/// One domain's share of the result.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DomainScore {
    /// Domain id.
    pub id: String,
    /// Readable name.
    pub name: String,
    /// Points scored in it.
    pub points: f64,
    /// Items in it.
    pub items: usize,
    /// Percent correct in it.
    pub percent: f64,
}

/// One item in the review.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ItemReview {
    /// Position in the exam, from 1.
    pub number: usize,
    /// Question id.
    pub question_id: String,
    /// Domain id.
    pub domain: String,
    /// The call excerpt, for next-line questions (speaker: text).
    pub excerpt: Vec<String>,
    /// The stem.
    pub stem: String,
    /// The options in shown order.
    pub options: Vec<String>,
    /// The trainee's answer as shown letters (`""` when unanswered).
    pub answer: String,
    /// The key as shown letters.
    pub key: String,
    /// Whether the item scored in full.
    pub correct: bool,
    /// The item's score, 0 to 1.
    pub score: f64,
    /// Whether the trainee flagged it.
    pub flagged: bool,
    /// Time spent on it.
    pub time: Duration,
    /// Why the key is right.
    pub explanation: Option<String>,
    /// The source.
    pub citation: Option<String>,
}

/// How an item came out, for the review.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ItemOutcome {
    /// No answer was given.
    Unanswered,
    /// Scored in full.
    Right,
    /// Some partial credit (multiple response under the partial rule).
    PartlyRight,
    /// No credit.
    Wrong,
}

impl ItemOutcome {
    /// `Unanswered`, `Right`, `Partly right`, `Wrong`.
    pub fn label(self) -> &'static str {
        match self {
            ItemOutcome::Unanswered => "Unanswered",
            ItemOutcome::Right => "Right",
            ItemOutcome::PartlyRight => "Partly right",
            ItemOutcome::Wrong => "Wrong",
        }
    }
}

impl ItemReview {
    /// "Your answer: B. Key: C. Time: 0m 41s." as the terminal and the exam room print it.
    pub fn answer_line(&self) -> String {
        format!(
            "Your answer: {}. Key: {}. Time: {}.",
            if self.answer.is_empty() {
                "none"
            } else {
                &self.answer
            },
            self.key,
            super::format_duration(self.time)
        )
    }

    /// Unanswered, right, partly right or wrong.
    pub fn outcome(&self) -> ItemOutcome {
        if self.answer.is_empty() {
            ItemOutcome::Unanswered
        } else if self.correct {
            ItemOutcome::Right
        } else if self.score > 0.0 {
            ItemOutcome::PartlyRight
        } else {
            ItemOutcome::Wrong
        }
    }
}

/// Scores the attempt as it stands.
pub fn score(state: &SessionState) -> ExamResult {
    let rule = state.exam.blueprint.multiple_response;
    let mut items = Vec::with_capacity(state.exam.items.len());
    let mut domains: BTreeMap<&str, (f64, usize)> = BTreeMap::new();
    let mut points = 0.0;
    let mut answered = 0;
    for (i, (item, st)) in state.exam.items.iter().zip(&state.items).enumerate() {
        let s = item_score(item, st.answer.as_deref(), rule);
        points += s;
        answered += usize::from(st.answer.is_some());
        let d = domains.entry(item.question.domain.as_str()).or_default();
        d.0 += s;
        d.1 += 1;
        let q = &item.question;
        items.push(ItemReview {
            number: i + 1,
            question_id: q.id.clone(),
            domain: q.domain.clone(),
            excerpt: q
                .excerpt
                .iter()
                .map(|l| format!("{:?}: {}", l.speaker, l.text))
                .collect(),
            stem: q.stem.clone(),
            options: item.options(),
            answer: st
                .answer
                .as_deref()
                .map(|a| item.letters(a))
                .unwrap_or_default(),
            key: item.letters(&item.key()),
            correct: s >= 1.0 - PASS_EPSILON,
            score: s,
            flagged: st.flagged,
            time: Duration::from_millis(st.time_ms),
            explanation: item.explanation(),
            citation: q.citation.clone(),
        });
    }
    let max_points = items.len() as f64;
    let pct = percent(points, max_points);
    let mut domains: Vec<DomainScore> = domains
        .into_iter()
        .map(|(id, (p, n))| DomainScore {
            id: id.to_string(),
            name: state
                .exam
                .domain_names
                .get(id)
                .cloned()
                .unwrap_or_else(|| id.to_string()),
            points: p,
            items: n,
            percent: percent(p, n as f64),
        })
        .collect();
    domains.sort_by(|a, b| a.percent.total_cmp(&b.percent).then(a.id.cmp(&b.id)));
    ExamResult {
        percent: pct,
        points,
        max_points,
        pass_mark: state.exam.blueprint.pass_mark,
        passed: passes(pct, state.exam.blueprint.pass_mark),
        answered,
        unanswered: items.len() - answered,
        domains,
        items,
        time_used: Duration::from_millis(state.time_used_ms),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pass_mark_is_inclusive_and_robust_to_float_noise() {
        assert!(passes(percent(17.0, 20.0), 85.0));
        assert!(passes(0.85 * 100.0, 85.0)); // 85.00000000000001 or 84.99999999999999
        assert!(!passes(percent(16.0, 20.0), 85.0));
        assert!(!passes(84.99, 85.0));
        assert!(passes(0.0, 0.0));
        assert_eq!(format_percent(84.96), "84.9");
        assert_eq!(format_percent(percent(17.0, 20.0)), "85.0");
        assert_eq!(format_percent(percent(2.0, 3.0)), "66.6");
        assert_eq!(format_percent(100.0), "100.0");
    }
}
