//! Regulation F, 12 CFR part 1006: the CFPB's rule under the FDCPA, binding the same
//! collectors. The deceased-consumer rule is in [`super::deceased`].

use super::{CONSUMER, Ctx, Hit, Pack, Rule, Stage, Trigger, hit, rule_of};
use crate::call::compliance::Facts;
use crate::model::Act::*;
use crate::model::Severity::*;

fn medium_request(c: &Ctx) -> Option<Hit> {
    if c.has(Facts::STOP_CALLING) {
        hit(format!(
            "a phone callback was set after the {} asked not to be called",
            c.debtor_word()
        ))
    } else {
        None
    }
}

fn time_barred_suit(c: &Ctx) -> Option<Hit> {
    if c.has(Facts::TIME_BARRED) {
        hit("suit was threatened on a time-barred debt")
    } else {
        None
    }
}

/// The pack's rules.
pub const RULES: &[Rule] = &[
    Rule {
        reads: Facts::STOP_CALLING,
        ..rule_of(
            "regf.medium_request",
            "Ignoring an oral request not to be called at a time or by a medium",
            Minor,
            Pack::RegulationF,
            CONSUMER,
            "12 CFR 1006.14(h)",
            &[Trigger::Acts(&[ScheduleCallback])],
            Stage::Act,
            medium_request,
        )
    },
    Rule {
        ground: "false_threat",
        reads: Facts::TIME_BARRED,
        ..rule_of(
            "regf.time_barred_suit",
            "Suing or threatening to sue on a time-barred debt",
            Critical,
            Pack::RegulationF,
            CONSUMER,
            "12 CFR 1006.26(b)",
            &[Trigger::Acts(&[ThreatenSuit, NotifyWillInvokeRemedy])],
            Stage::Act,
            time_barred_suit,
        )
    },
];
