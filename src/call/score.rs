//! Scores for a finished call: the three axes (0 to 100) from traceable points, pass or fail
//! against the rubric, and the QA scorecard. The rules are written up in `docs/scoring.md`.

use serde::{Deserialize, Serialize};

use super::compliance::{DisclosureItem, Facts};
use super::engine::{Compiled, PointItem, Points, Violation};
use super::runner::{Decision, RunState, TranscriptEntry};
use crate::model::{Act, Outcome, Rubric};

/// The three axes, each 0 to 100.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Scores {
    /// Reaching a payment the debtor can keep.
    pub negotiation: u32,
    /// Staying calm and professional.
    pub composure: u32,
    /// Following the law.
    pub compliance: u32,
}

impl Scores {
    /// Negotiation and composure are the points earned, compliance is 100 plus its points
    /// (deductions are negative); each clamped to 0..=100.
    pub fn from_points(p: Points) -> Self {
        let clamp = |v: i32| v.clamp(0, 100) as u32;
        Scores {
            negotiation: clamp(p.negotiation),
            composure: clamp(p.composure),
            compliance: clamp(100 + p.compliance),
        }
    }

    /// Whether every axis meets its pass mark.
    pub fn passes(&self, r: &Rubric) -> bool {
        f64::from(self.negotiation) >= r.negotiation
            && f64::from(self.composure) >= r.composure
            && f64::from(self.compliance) >= r.compliance
    }

    /// The sum of the axes.
    pub fn total(&self) -> u32 {
        self.negotiation + self.composure + self.compliance
    }
}

/// A QA scorecard line.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct QaItem {
    /// The scorecard section.
    pub section: String,
    /// Met, missed, or not applicable.
    pub status: QaStatus,
    /// Why.
    pub note: String,
}

/// How a QA section went.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum QaStatus {
    /// Done as expected.
    Met,
    /// Not done, or done wrong.
    Missed,
    /// Did not come up on this call.
    NotApplicable,
}

/// A scored call.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CallResult {
    /// Scenario id.
    pub scenario: String,
    /// The seed.
    pub seed: u64,
    /// How the call ended.
    pub outcome: Outcome,
    /// Every axis at its pass mark and no critical violation.
    pub passed: bool,
    /// The axes.
    pub scores: Scores,
    /// Raw points behind the axes.
    pub points: Points,
    /// Pass marks.
    pub rubric: Rubric,
    /// Every violation.
    pub violations: Vec<Violation>,
    /// Points where the law is unsettled ("depends"), each with its reason: never scored.
    #[serde(default)]
    pub cautions: Vec<Violation>,
    /// The disclosure tracker at the end.
    pub disclosures: Vec<DisclosureItem>,
    /// The QA scorecard.
    pub qa: Vec<QaItem>,
    /// The scenario's objectives the ending says it meets, in the scenario's order.
    #[serde(default)]
    pub objectives_met: Vec<String>,
    /// Whether the right wrap-up note was picked.
    pub wrap_up_correct: bool,
    /// Every point with its reason.
    pub items: Vec<PointItem>,
    /// The transcript.
    pub transcript: Vec<TranscriptEntry>,
    /// Every decision.
    pub decisions: Vec<Decision>,
}

fn chosen_acts<'a>(c: &'a Compiled, decisions: &'a [Decision]) -> impl Iterator<Item = Act> + 'a {
    decisions
        .iter()
        .filter_map(|d| {
            let node = c.node_index(&d.node)?;
            d.chosen.map(|i| c.choice_acts(node, i))
        })
        .flatten()
        .copied()
}

/// The QA scorecard: opening, verification, disclosures, negotiation, objection handling,
/// close and documentation, each met, missed or not applicable, from the acts and facts.
pub fn qa_scorecard(
    c: &Compiled,
    s: &RunState,
    facts: Facts,
    wrap_up_correct: bool,
) -> Vec<QaItem> {
    let acts: Vec<Act> = chosen_acts(c, &s.decisions).collect();
    let did = |a: Act| acts.contains(&a);
    let item = |section: &str, status: QaStatus, note: &str| QaItem {
        section: section.into(),
        status,
        note: note.into(),
    };
    let rule_hit = |ids: &[&str]| {
        s.violations
            .iter()
            .any(|v| ids.iter().any(|p| v.rule == *p))
    };
    // Findings by what they are about, in every setting (a pack's rule or the practice
    // standard that mirrors it).
    let ground_hit = |grounds: &[&str]| {
        s.violations
            .iter()
            .any(|v| crate::call::rules::rule(&v.rule).is_some_and(|r| grounds.contains(&r.ground)))
    };
    let revealed = facts.has(Facts::DEBT_REVEALED) || facts.has(Facts::DEBT_DISCUSSED);
    let mut out = Vec::new();
    // The opening is more than a greeting: the collector also asks for the right person (or,
    // on a call the account holder placed, confirms who they are).
    out.push(
        if did(Act::Greet) && (did(Act::AskForDebtor) || did(Act::VerifyIdentity)) {
            item(
                "Opening",
                QaStatus::Met,
                "greeted and asked for the right person",
            )
        } else if did(Act::Greet) {
            item(
                "Opening",
                QaStatus::Missed,
                "greeted, but did not ask for the account holder or confirm who answered",
            )
        } else {
            item(
                "Opening",
                QaStatus::Missed,
                "no greeting or request for the account holder",
            )
        },
    );
    out.push(
        if ground_hit(&["third_party", "phi_disclosure", "verification"]) {
            item(
                "Verification",
                QaStatus::Missed,
                "the account was discussed before verification, or with someone who may not hear it",
            )
        } else if facts.has(Facts::VERIFIED) {
            item(
                "Verification",
                QaStatus::Met,
                "right party verified before the debt was discussed",
            )
        } else if revealed {
            item(
                "Verification",
                QaStatus::Missed,
                "the debt was discussed without verification",
            )
        } else {
            item(
                "Verification",
                QaStatus::NotApplicable,
                "the debt was not discussed",
            )
        },
    );
    out.push(if rule_hit(&["fdcpa.collector_disclosure"]) {
        item(
            "Disclosures",
            QaStatus::Missed,
            "the debt-collector disclosure was missing when the debt was discussed",
        )
    } else if !c.packs.fdcpa && revealed {
        item(
            "Disclosures",
            QaStatus::NotApplicable,
            "no debt-collector disclosure is required in this setting",
        )
    } else if facts.has(Facts::DEBT_DISCUSSED) {
        item("Disclosures", QaStatus::Met, "required disclosures given")
    } else if revealed {
        item(
            "Disclosures",
            QaStatus::NotApplicable,
            "the debt was revealed only to someone other than the account holder",
        )
    } else {
        item(
            "Disclosures",
            QaStatus::NotApplicable,
            "the debt was not discussed",
        )
    });
    let offers = [
        Act::OfferPlan,
        Act::OfferSettlement,
        Act::AskForPayment,
        Act::AskForFullBalance,
        Act::TakePayment,
        Act::RecordPromise,
        Act::AskToPayPersonally,
    ]
    .into_iter()
    .any(did);
    out.push(if !offers {
        item(
            "Negotiation",
            QaStatus::NotApplicable,
            "no payment was discussed",
        )
    } else if did(Act::AskAboutSituation) {
        item(
            "Negotiation",
            QaStatus::Met,
            "asked about the situation before proposing terms",
        )
    } else {
        item(
            "Negotiation",
            QaStatus::Missed,
            "proposed terms without asking about the situation",
        )
    });
    let objections = facts.has(Facts::ORAL_DISPUTE)
        || facts.has(Facts::STOP_CALLING)
        || facts.has(Facts::HARDSHIP)
        || facts.has(Facts::SCRA_REQUESTED)
        || facts.has(Facts::OBJECTED)
        || s.transcript.iter().any(|t| {
            matches!(
                t.tone,
                Some(
                    crate::model::Tone::Angry
                        | crate::model::Tone::Shouting
                        | crate::model::Tone::Tearful
                )
            )
        });
    let handled_badly = ground_hit(&["abuse", "false_threat", "false_statement"])
        || rule_hit(&[
            "fdcpa.dispute_overshadowing",
            "scra.default_judgment",
            "fap.eca_while_pending",
        ]);
    out.push(if handled_badly {
        item(
            "Objection handling",
            QaStatus::Missed,
            "used pressure, threats, false statements or abuse",
        )
    } else if !objections {
        item(
            "Objection handling",
            QaStatus::NotApplicable,
            "no objection or strong emotion came up",
        )
    } else {
        item(
            "Objection handling",
            QaStatus::Met,
            "handled objections without pressure",
        )
    });
    let ended_well = !matches!(
        s.phase,
        super::runner::Phase::Finished {
            outcome: Outcome::DebtorHungUp,
            ..
        }
    );
    out.push(if did(Act::CloseCall) || did(Act::CeaseCollection) {
        item("Close", QaStatus::Met, "closed the call with a summary")
    } else if ended_well {
        item("Close", QaStatus::Missed, "no closing summary")
    } else {
        item("Close", QaStatus::Missed, "the debtor hung up")
    });
    out.push(if wrap_up_correct {
        item(
            "Documentation",
            QaStatus::Met,
            "recorded the right account note",
        )
    } else {
        item(
            "Documentation",
            QaStatus::Missed,
            "recorded the wrong account note",
        )
    });
    out
}
