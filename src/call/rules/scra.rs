//! The Servicemembers Civil Relief Act: the 6% cap on interest for debts incurred before
//! military service (50 USC 3937), and the protection against default judgments (50 USC 3931).
//! It binds every creditor and collector.

use super::{Ctx, EVERY_SETTING, Hit, Pack, Rule, Stage, Trigger, hit, rule_of};
use crate::call::compliance::Facts;
use crate::model::Act::*;
use crate::model::Severity::*;

fn interest_cap(c: &Ctx) -> Option<Hit> {
    let capped = c.has(Facts::SCRA_NOTICE | Facts::PRE_SERVICE | Facts::RATE_ABOVE_CAP);
    if !capped || c.has(Facts::SCRA_APPLIED) {
        return None;
    }
    hit(
        "the balance or payments still carried interest above 6% after the servicemember's written request and orders: interest above 6% is forgiven and payments are reduced",
    )
}

fn default_judgment(c: &Ctx) -> Option<Hit> {
    if !c.has(Facts::SERVICEMEMBER) {
        return None;
    }
    hit(
        "a default judgment was threatened against a servicemember: a court may not enter one without an affidavit of military status, and for a servicemember it first appoints an attorney",
    )
}

fn request_unanswered(c: &Ctx) -> Option<Hit> {
    if !c.has(Facts::SCRA_REQUESTED) || c.has(Facts::SCRA_EXPLAINED) || c.has(Facts::SCRA_APPLIED) {
        return None;
    }
    hit(
        "the servicemember asked for the SCRA rate cap and was not told how to invoke it (written notice with a copy of the orders)",
    )
}

/// The pack's rules.
pub const RULES: &[Rule] = &[
    Rule {
        reads: Facts::SCRA_NOTICE | Facts::PRE_SERVICE | Facts::RATE_ABOVE_CAP,
        ..rule_of(
            "scra.interest_cap",
            "Collecting interest above 6% on a pre-service debt after the servicemember's written request and orders",
            Major,
            Pack::Scra,
            EVERY_SETTING,
            "50 USC 3937(a)(1)-(3), (b)(1)",
            &[Trigger::Acts(&[
                StateBalance,
                AskForFullBalance,
                AskForPayment,
                OfferPlan,
                OfferSettlement,
                TakePayment,
                RecordPromise,
                AskToPayPersonally,
            ])],
            Stage::Collecting,
            interest_cap,
        )
    },
    Rule {
        reads: Facts::SERVICEMEMBER,
        citation_with_fdcpa: Some("15 USC 1692e(10); 50 USC 3931(b)(1)-(2)"),
        ..rule_of(
            "scra.default_judgment",
            "Telling a servicemember a default judgment will simply be taken",
            Major,
            Pack::Scra,
            EVERY_SETTING,
            "practice standard; misstating 50 USC 3931(b)(1)-(2) (a default judgment needs an affidavit of military status and, for a servicemember, an appointed attorney)",
            &[Trigger::Acts(&[WarnOfDefaultJudgment])],
            Stage::Act,
            default_judgment,
        )
    },
    Rule {
        reads: Facts::SCRA_REQUESTED,
        ..rule_of(
            "scra.request_not_explained",
            "Leaving a servicemember's request for the rate cap unanswered",
            Minor,
            Pack::Scra,
            EVERY_SETTING,
            "50 USC 3937(b)(1) (practice standard: tell them how to invoke it)",
            &[Trigger::End],
            Stage::Collecting,
            request_unanswered,
        )
    },
];
