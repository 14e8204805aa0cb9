//! Deceased account holders. Under Regulation F the "consumer" a collector may discuss the debt
//! with includes the executor or administrator (12 CFR 1006.6(a)(4)), and the official
//! interpretation reads that as anyone authorized to act for the estate (comment 6(a)(4)-1);
//! the spouse counts as before (1006.6(a)(1), 15 USC 1692c(d)). Relatives
//! do not owe a dead person's debt unless they are jointly liable: implying otherwise misstates
//! the debt's character (15 USC 1692e(2)(A), 1692e(10)), and misleads in any setting.

use super::{CONSUMER, Ctx, EVERY_SETTING, Hit, Pack, Rule, Stage, Trigger, hit, rule_of};
use crate::call::compliance::Facts;
use crate::model::Act::*;
use crate::model::Severity::*;

fn estate_contact(c: &Ctx) -> Option<Hit> {
    if !c.has(Facts::DECEASED) || c.speaks_for_debtor() || c.has(Facts::CONSENTED) {
        return None;
    }
    hit(format!(
        "the deceased consumer's debt was discussed with someone ({}) not shown to be the spouse, executor, administrator or a person authorized to act for the estate",
        c.party.noun()
    ))
}

fn personal_liability(c: &Ctx) -> Option<Hit> {
    if !c.has(Facts::DECEASED) || c.has(Facts::JOINTLY_LIABLE) {
        return None;
    }
    hit(format!(
        "the {} was asked to pay a deceased account holder's debt from their own money: the estate owes it, not the family, unless they are jointly liable",
        c.party.noun()
    ))
}

/// The rules on deceased account holders.
pub const RULES: &[Rule] = &[
    Rule {
        ground: "third_party",
        reads: Facts::DECEASED | Facts::ESTATE_AUTHORITY,
        ..rule_of(
            "regf.deceased_estate_contact",
            "Discussing a deceased consumer's debt with someone not authorized to act for the estate",
            Critical,
            Pack::RegulationF,
            CONSUMER,
            "12 CFR 1006.6(a)(4) and comment 6(a)(4)-1; 15 USC 1692c(b)",
            &[
                Trigger::Reveals,
                Trigger::Acts(crate::model::Act::COLLECTOR_DISCLOSURE),
            ],
            Stage::Party,
            estate_contact,
        )
    },
    Rule {
        ground: "personal_liability",
        section: Some("1692e(2)(A)"),
        reads: Facts::DECEASED | Facts::JOINTLY_LIABLE,
        ..rule_of(
            "fdcpa.deceased_personal_liability",
            "Implying that a relative or the executor must pay a deceased consumer's debt personally",
            Critical,
            Pack::Fdcpa,
            CONSUMER,
            "15 USC 1692e(2)(A); 15 USC 1692e(10)",
            &[Trigger::Acts(&[AskToPayPersonally])],
            Stage::Act,
            personal_liability,
        )
    },
    Rule {
        ground: "personal_liability",
        reads: Facts::DECEASED | Facts::JOINTLY_LIABLE,
        ..rule_of(
            "practice.deceased_personal_liability",
            "Implying that someone must pay a dead account holder's debt personally",
            Critical,
            Pack::Practice,
            EVERY_SETTING,
            "practice standard; common-law misrepresentation",
            &[Trigger::Acts(&[AskToPayPersonally])],
            Stage::Act,
            personal_liability,
        )
    },
];
