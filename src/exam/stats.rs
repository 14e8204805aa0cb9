//! Item statistics from attempt records, as pure functions: difficulty (the p-value, the mean
//! item score) and discrimination (the point-biserial correlation between the item score and
//! the rest of the attempt), each with its n and a "too few attempts" flag below a threshold.
//! Drill attempts are left out: drills pick what a trainee gets wrong, which would skew both.

use std::collections::BTreeMap;

use serde::Serialize;

use super::session::SessionMode;
use super::store::AttemptRecord;

/// Below this many attempts an item's figures are flagged as too few to trust.
pub const DEFAULT_MIN_ATTEMPTS: usize = 30;

/// One item's statistics.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ItemStats {
    /// Question id.
    pub question_id: String,
    /// Domain id.
    pub domain: String,
    /// Attempts that included the item.
    pub n: usize,
    /// Difficulty: the mean item score, 0 (nobody right) to 1 (everybody right).
    pub p_value: Option<f64>,
    /// Discrimination: point-biserial correlation of the item score with the percent on the
    /// attempt's other items, -1 to 1; `None` when either has no spread (or n < 2).
    pub discrimination: Option<f64>,
    /// Whether n is below the threshold, so the figures are shown as provisional.
    pub too_few: bool,
}

/// The p-value of some item scores: their mean, or `None` with no scores.
pub fn p_value(scores: &[f64]) -> Option<f64> {
    (!scores.is_empty()).then(|| scores.iter().sum::<f64>() / scores.len() as f64)
}

/// The point-biserial correlation of item scores with criterion scores (the Pearson
/// correlation, which is the point-biserial when item scores are 0 or 1). `None` when the
/// lengths differ, n < 2, or either side has no variance.
pub fn point_biserial(item: &[f64], criterion: &[f64]) -> Option<f64> {
    let n = item.len();
    if n < 2 || criterion.len() != n {
        return None;
    }
    let mean = |v: &[f64]| v.iter().sum::<f64>() / n as f64;
    let (mx, my) = (mean(item), mean(criterion));
    let (mut sxy, mut sxx, mut syy) = (0.0, 0.0, 0.0);
    for (x, y) in item.iter().zip(criterion) {
        sxy += (x - mx) * (y - my);
        sxx += (x - mx) * (x - mx);
        syy += (y - my) * (y - my);
    }
    if sxx <= f64::EPSILON || syy <= f64::EPSILON {
        return None;
    }
    Some((sxy / (sxx * syy).sqrt()).clamp(-1.0, 1.0))
}

/// Statistics for every item in the (exam and practice) attempts, sorted by question id. The
/// criterion for discrimination is the attempt's percent on its *other* items (the corrected
/// item-total correlation), so an item does not correlate with itself.
pub fn item_statistics(attempts: &[AttemptRecord], min_attempts: usize) -> Vec<ItemStats> {
    let mut by_item: BTreeMap<&str, (&str, Vec<f64>, Vec<f64>)> = BTreeMap::new();
    for a in attempts.iter().filter(|a| a.mode != SessionMode::Drill) {
        let total: f64 = a.items.iter().map(|i| i.score).sum();
        let others = a.items.len().saturating_sub(1);
        for it in &a.items {
            let rest = if others > 0 {
                (total - it.score) * 100.0 / others as f64
            } else {
                0.0
            };
            let e = by_item
                .entry(it.question_id.as_str())
                .or_insert_with(|| (it.domain.as_str(), Vec::new(), Vec::new()));
            e.1.push(it.score);
            e.2.push(rest);
        }
    }
    by_item
        .into_iter()
        .map(|(id, (domain, scores, rest))| ItemStats {
            question_id: id.to_string(),
            domain: domain.to_string(),
            n: scores.len(),
            p_value: p_value(&scores),
            discrimination: point_biserial(&scores, &rest),
            too_few: scores.len() < min_attempts,
        })
        .collect()
}
