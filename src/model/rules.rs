//! The catalogue of compliance rules: the ids authors mark on choices and the call engine
//! reports, each with its default severity, the rule pack it belongs to and its citation.
//! Citations are to the statute or regulation section; this is training, not legal advice.

use super::{RulePack, Severity};

/// One compliance rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rule {
    /// Stable id, e.g. `"fdcpa.third_party_disclosure"`.
    pub id: &'static str,
    /// What it forbids or requires, in a sentence.
    pub summary: &'static str,
    /// Default severity.
    pub severity: Severity,
    /// The pack that carries it (`None` for practice standards that bind every setting).
    pub pack: Option<RulePackKind>,
    /// Where it comes from.
    pub citation: &'static str,
}

/// The pack a catalogue rule belongs to (the unit-variant part of [`RulePack`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RulePackKind {
    /// FDCPA.
    Fdcpa,
    /// Regulation F.
    RegulationF,
    /// Bankruptcy stay.
    BankruptcyStay,
    /// HIPAA.
    Hipaa,
}

impl RulePackKind {
    /// Whether a scenario's pack list includes this pack.
    pub fn in_packs(self, packs: &[RulePack]) -> bool {
        packs.iter().any(|p| {
            matches!(
                (self, p),
                (RulePackKind::Fdcpa, RulePack::Fdcpa)
                    | (RulePackKind::RegulationF, RulePack::RegulationF)
                    | (RulePackKind::BankruptcyStay, RulePack::BankruptcyStay)
                    | (RulePackKind::Hipaa, RulePack::Hipaa)
            )
        })
    }
}

use RulePackKind::*;
use Severity::*;

/// Every rule, in the order `docs/authoring.md` lists them.
pub const RULES: &[Rule] = &[
    Rule {
        id: "fdcpa.third_party_disclosure",
        summary: "Telling a third party about the debt, or more than location information",
        severity: Critical,
        pack: Some(Fdcpa),
        citation: "15 USC 1692b; 15 USC 1692c(b)",
    },
    Rule {
        id: "practice.disclosure_before_verification",
        summary: "Discussing the debt before confirming the right party",
        severity: Minor,
        pack: None,
        citation: "15 USC 1692c(b) (practice standard)",
    },
    Rule {
        id: "fdcpa.collector_disclosure",
        summary: "Discussing the debt without saying the caller is a debt collector",
        severity: Major,
        pack: Some(Fdcpa),
        citation: "15 USC 1692e(11); 12 CFR 1006.18(e)",
    },
    Rule {
        id: "fdcpa.inconvenient_time",
        summary: "Calling before 8:00 a.m. or from 9:00 p.m. local time, or at a time the consumer said is inconvenient",
        severity: Major,
        pack: Some(Fdcpa),
        citation: "15 USC 1692c(a)(1); 12 CFR 1006.6(b)(1)(i)",
    },
    Rule {
        id: "fdcpa.attorney_represented",
        summary: "Collecting from a consumer known to be represented by an attorney on the debt",
        severity: Major,
        pack: Some(Fdcpa),
        citation: "15 USC 1692c(a)(2)",
    },
    Rule {
        id: "fdcpa.cease_communication",
        summary: "Collecting after a written refusal to pay or request to stop communicating",
        severity: Major,
        pack: Some(Fdcpa),
        citation: "15 USC 1692c(c)",
    },
    Rule {
        id: "regf.medium_request",
        summary: "Ignoring an oral request not to be called at a time or by a medium",
        severity: Minor,
        pack: Some(RegulationF),
        citation: "12 CFR 1006.14(h)",
    },
    Rule {
        id: "bankruptcy.automatic_stay",
        summary: "Collecting after being told a bankruptcy petition has been filed",
        severity: Critical,
        pack: Some(BankruptcyStay),
        citation: "11 USC 362(a)",
    },
    Rule {
        id: "fdcpa.false_threat",
        summary: "Threatening arrest, or a suit or action that is not intended or not allowed",
        severity: Critical,
        pack: Some(Fdcpa),
        citation: "15 USC 1692e(4); 15 USC 1692e(5)",
    },
    Rule {
        id: "fdcpa.false_representation",
        summary: "Misstating the amount or legal status of the debt",
        severity: Major,
        pack: Some(Fdcpa),
        citation: "15 USC 1692e(2)(A)",
    },
    Rule {
        id: "regf.time_barred_suit",
        summary: "Suing or threatening to sue on a time-barred debt",
        severity: Critical,
        pack: Some(RegulationF),
        citation: "12 CFR 1006.26(b)",
    },
    Rule {
        id: "fdcpa.harassment",
        summary: "Obscene, profane or abusive language, or conduct meant to harass",
        severity: Major,
        pack: Some(Fdcpa),
        citation: "15 USC 1692d",
    },
    Rule {
        id: "fdcpa.dispute_overshadowing",
        summary: "Saying the consumer cannot dispute, or pressing for payment so as to overshadow dispute rights",
        severity: Major,
        pack: Some(Fdcpa),
        citation: "15 USC 1692g(b); 15 USC 1692e",
    },
    Rule {
        id: "fdcpa.collection_during_verification",
        summary: "Collecting after a written dispute in the validation period before verification is sent",
        severity: Major,
        pack: Some(Fdcpa),
        citation: "15 USC 1692g(b)",
    },
    Rule {
        id: "fdcpa.disputed_credit_reporting",
        summary: "Reporting a debt to a credit bureau without noting a known dispute",
        severity: Major,
        pack: Some(Fdcpa),
        citation: "15 USC 1692e(8)",
    },
    Rule {
        id: "practice.dispute_not_recorded",
        summary: "Not recording an oral dispute on the account",
        severity: Minor,
        pack: None,
        citation: "15 USC 1692e(8) (practice standard)",
    },
    Rule {
        id: "fdcpa.unauthorized_amount",
        summary: "Collecting a fee or amount not authorized by the agreement or by law",
        severity: Major,
        pack: Some(Fdcpa),
        citation: "15 USC 1692f(1)",
    },
];

/// The rule with this id.
pub fn rule(id: &str) -> Option<&'static Rule> {
    RULES.iter().find(|r| r.id == id)
}
