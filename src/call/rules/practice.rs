//! Practice and ethics standards that bind every setting, first-party and commercial calls
//! included, where no statute does: honesty about what will happen and what is owed, civil
//! language, and keeping the account between the collector and the person who owes it. Each
//! cites itself as a practice standard (and the common-law wrong it guards against); none
//! shows an FDCPA citation or "consumer" wording where the FDCPA does not bind the call. Where
//! a specific law covers the same wrong in the same turn, the standard stands down (`yields`).

use super::{Ctx, EVERY_SETTING, Hit, Pack, Rule, Stage, Trigger, hit, rule_of};
use crate::call::compliance::Facts;
use crate::model::Act::*;
use crate::model::Setting;
use crate::model::Severity::*;

/// The settings where no privacy statute covers who may hear about the account (HIPAA does in
/// healthcare).
const NOT_HEALTHCARE: &[Setting] = &[
    Setting::ThirdPartyAgency,
    Setting::FirstPartyCreditor,
    Setting::CommercialB2B,
];

fn third_party(c: &Ctx) -> Option<Hit> {
    if c.speaks_for_debtor() || c.has(Facts::CONSENTED) {
        return None;
    }
    hit(format!(
        "the account was discussed with someone ({}) who is not the {} or its authorized representative",
        c.party.noun(),
        c.debtor_word()
    ))
}

fn before_verification(c: &Ctx) -> Option<Hit> {
    if !c.speaks_for_debtor() || c.has(Facts::VERIFIED) {
        return None;
    }
    if c.setting == Setting::CommercialB2B {
        return hit(
            "the invoice was discussed before confirming the person's authority to act for the debtor business",
        );
    }
    hit("the debt was discussed before the right party was confirmed")
}

fn dispute_not_recorded(c: &Ctx) -> Option<Hit> {
    if c.has(Facts::ORAL_DISPUTE) && !c.has(Facts::DISPUTE_RECORDED) {
        hit(format!(
            "the {} disputed the debt and the dispute was not recorded",
            c.debtor_word()
        ))
    } else {
        None
    }
}

fn false_threat(c: &Ctx) -> Option<Hit> {
    match c.act {
        Some(ThreatenArrest) => {
            hit("arrest or jail was threatened: not paying a debt is not a crime")
        }
        Some(ThreatenSuit | NotifyWillInvokeRemedy) if c.has(Facts::TIME_BARRED) => {
            hit("suit was threatened on a debt past its limitations period")
        }
        Some(ThreatenSuit) if !c.has(Facts::SUIT_INTENDED) => {
            hit("suit was threatened but legal action is not intended or authorized")
        }
        Some(NotifyWillInvokeRemedy) if !c.has(Facts::SUIT_INTENDED) => {
            hit("a remedy was announced that is not intended or authorized")
        }
        _ => None,
    }
}

fn false_statement(c: &Ctx) -> Option<Hit> {
    if c.act == Some(MentionAttorney) && !c.has(Facts::ATTORNEY_INVOLVED) {
        return hit(
            "an attorney or legal department was said to be handling the account, but none is involved",
        );
    }
    super::misstated(c)
}

fn unconfirmed(c: &Ctx) -> Option<Hit> {
    if c.has(Facts::ARRANGEMENT_UNCONFIRMED) {
        hit(
            "a payment arrangement was made and no written confirmation of it (amounts, dates, what happens next) went out after the call",
        )
    } else {
        None
    }
}

/// The practice rules.
pub const RULES: &[Rule] = &[
    Rule {
        ground: "third_party",
        yields: &["phi_disclosure"],
        reads: Facts::CONSENTED,
        ..rule_of(
            "practice.third_party_disclosure",
            "Discussing the account with someone other than the debtor or its authorized representative",
            Major,
            Pack::Practice,
            NOT_HEALTHCARE,
            "practice standard; confidentiality of the account and the customer relationship",
            &[Trigger::Reveals],
            Stage::Party,
            third_party,
        )
    },
    Rule {
        ground: "verification",
        citation_with_fdcpa: Some("15 USC 1692c(b) (practice standard)"),
        ..rule_of(
            "practice.disclosure_before_verification",
            "Discussing the debt before confirming the right party (in commercial calls: the person's authority)",
            Minor,
            Pack::Practice,
            EVERY_SETTING,
            "practice standard: right-party verification",
            &[Trigger::Reveals],
            Stage::Verification,
            before_verification,
        )
    },
    Rule {
        citation_with_fdcpa: Some("practice standard (see 15 USC 1692e(8))"),
        reads: Facts::ORAL_DISPUTE,
        ..rule_of(
            "practice.dispute_not_recorded",
            "Not recording an oral dispute on the account",
            Minor,
            Pack::Practice,
            EVERY_SETTING,
            "practice standard: record every dispute",
            &[Trigger::End],
            Stage::Collecting,
            dispute_not_recorded,
        )
    },
    Rule {
        ground: "false_threat",
        reads: Facts::SUIT_INTENDED | Facts::TIME_BARRED,
        ..rule_of(
            "practice.false_threat",
            "Threatening arrest, or a suit or action that is not intended or not authorized",
            Critical,
            Pack::Practice,
            EVERY_SETTING,
            "practice standard; common-law misrepresentation",
            &[Trigger::Acts(&[
                ThreatenArrest,
                ThreatenSuit,
                NotifyWillInvokeRemedy,
            ])],
            Stage::Act,
            false_threat,
        )
    },
    Rule {
        ground: "false_statement",
        yields: &["attorney_claim"],
        reads: Facts::ATTORNEY_INVOLVED,
        ..rule_of(
            "practice.false_statement",
            "Misstating the amount or status of the debt, or who is handling it",
            Critical,
            Pack::Practice,
            EVERY_SETTING,
            "practice standard; common-law misrepresentation",
            &[
                Trigger::Acts(super::STATES_AMOUNT),
                Trigger::Acts(&[MentionAttorney]),
            ],
            Stage::Act,
            false_statement,
        )
    },
    Rule {
        ground: "abuse",
        ..rule_of(
            "practice.abusive_language",
            "Obscene, profane or abusive language",
            Critical,
            Pack::Practice,
            EVERY_SETTING,
            "practice standard; professional conduct",
            &[Trigger::Acts(&[AbusiveLanguage])],
            Stage::Act,
            super::abusive,
        )
    },
    Rule {
        ground: "fee",
        reads: Facts::FEE_NOT_ALLOWED,
        ..rule_of(
            "practice.unauthorized_fee",
            "Adding a fee or charge the agreement does not allow",
            Major,
            Pack::Practice,
            EVERY_SETTING,
            "practice standard; the agreement's terms (common-law misrepresentation)",
            &[Trigger::Acts(&[AddUnauthorizedFee, AddFee])],
            Stage::Act,
            super::unallowed_fee,
        )
    },
    Rule {
        ground: "postdated_early",
        reads: Facts::CHECK_DEPOSITED_EARLY,
        ..rule_of(
            "practice.postdated_check_deposited_early",
            "Depositing a postdated check before the date the customer wrote on it",
            Major,
            Pack::Practice,
            EVERY_SETTING,
            "practice standard: honor the date on a postdated payment",
            &[Trigger::End],
            Stage::Act,
            super::fdcpa::deposited_early,
        )
    },
    Rule {
        reads: Facts::ARRANGEMENT_UNCONFIRMED,
        ..rule_of(
            "practice.arrangement_unconfirmed",
            "Not confirming a payment plan or promise in writing after the call",
            Minor,
            Pack::Practice,
            EVERY_SETTING,
            "practice standard: confirm the arrangement in writing",
            &[Trigger::End],
            Stage::Collecting,
            unconfirmed,
        )
    },
];
