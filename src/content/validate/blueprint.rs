//! Checks on one exam blueprint alone: pass mark range, counts, weights that sum to 100, and a
//! name that says "practice". Checks against the banks it draws from are in `content::cross`.

use super::{CheckOptions, check_provenance};
use crate::content::diagnostic::Findings;
use crate::model::ExamBlueprint;

/// Runs every check that needs only the blueprint.
pub fn check(bp: &ExamBlueprint, opts: &CheckOptions, out: &mut Findings) {
    if bp.id.trim().is_empty() {
        out.error(
            "empty-id",
            "id",
            "blueprint id is empty",
            Some("give the blueprint a unique id".to_string()),
        );
    }
    check_provenance(bp.reviewed, &bp.sources, opts, out);
    if !(0.0..=100.0).contains(&bp.pass_mark) {
        out.error(
            "pass-mark-range",
            "pass_mark",
            format!("pass mark {} is outside 0 to 100", bp.pass_mark),
            Some("write the percentage, e.g. `pass_mark: 85.0`".to_string()),
        );
    }
    if bp.question_count == 0 {
        out.error(
            "bad-value",
            "question_count",
            "an exam needs at least one question",
            None,
        );
    }
    if bp.time_limit_minutes == Some(0) {
        out.error(
            "bad-value",
            "time_limit_minutes",
            "a time limit of 0 minutes leaves no time",
            Some("leave `time_limit_minutes` out for an untimed exam".to_string()),
        );
    }
    let sum: u64 = bp.domain_weights.values().map(|&w| u64::from(w)).sum();
    if sum != 100 {
        out.error(
            "weights-sum",
            "domain_weights",
            format!("domain weights sum to {sum}, not 100"),
            Some("weights are percentages of the questions; make them add up to 100".to_string()),
        );
    }
    if bp.banks.is_empty() {
        out.error(
            "no-banks",
            "banks",
            "the blueprint draws from no banks",
            None,
        );
    }
    if !bp.name.to_lowercase().contains("practice") {
        out.warning(
            "credential-claim",
            "name",
            format!("the name \"{}\" does not say it is a practice exam", bp.name),
            Some(format!(
                "practice exams are modeled on a credential, never presented as it: e.g. \"{}-style practice exam\"",
                bp.track.to_uppercase()
            )),
        );
    }
    if bp.modeled_on.pass_mark_source.trim().is_empty() {
        out.warning(
            "no-sources",
            "modeled_on.pass_mark_source",
            "the pass mark has no source",
            None,
        );
    }
    if bp.modeled_on.renewal_years.is_some()
        && bp
            .modeled_on
            .renewal_source
            .as_deref()
            .is_none_or(|s| s.trim().is_empty())
    {
        out.warning(
            "no-sources",
            "modeled_on.renewal_years",
            "the renewal interval has no source",
            Some("add `renewal_source`".to_string()),
        );
    }
}
