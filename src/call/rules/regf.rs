//! Regulation F, 12 CFR part 1006: the CFPB's rule under the FDCPA, binding the same
//! collectors. The deceased-consumer rule is in [`super::deceased`].

use super::{CONSUMER, Ctx, Hit, Pack, Rule, Stage, Trigger, hit, rule_of};

use crate::call::compliance::Facts;
use crate::model::Act::*;
use crate::model::Severity::*;

fn medium_request(c: &Ctx) -> Option<Hit> {
    if c.act.is_none() {
        // The collector placed a call against a request on file (a reply to the consumer's
        // own call is allowed once, 1006.14(h)(2), and sets no fact).
        return (c.has(Facts::PHONE_REFUSED) && !c.has(Facts::INBOUND)).then(|| Hit {
            reason: format!(
                "the collector phoned after the {} asked, in a request on file, not to be contacted by telephone",
                c.debtor_word()
            )
            .into(),
            mark: 0,
            uncertain: false,
        });
    }
    if c.has(Facts::STOP_CALLING) || c.has(Facts::PHONE_REFUSED) {
        hit(format!(
            "a phone callback was set after the {} asked not to be called",
            c.debtor_word()
        ))
    } else {
        None
    }
}

fn frequency(c: &Ctx) -> Option<Hit> {
    if c.has(Facts::FREQUENCY_FLAGGED) || c.has(Facts::INBOUND) {
        return None;
    }
    let reason = if c.has(Facts::CALLS_OVER_SEVEN) {
        "this is more than the seventh call placed about the debt in seven consecutive days: presumed to be harassment"
    } else if c.has(Facts::CALL_AFTER_CONVERSATION) {
        "this call was placed within seven days after a telephone conversation about the debt: presumed to be harassment"
    } else {
        return None;
    };
    Some(Hit {
        reason: reason.into(),
        mark: Facts::FREQUENCY_FLAGGED,
        uncertain: false,
    })
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
        reads: Facts::STOP_CALLING | Facts::PHONE_REFUSED,
        ..rule_of(
            "regf.medium_request",
            "Calling again after the consumer asked not to be contacted by phone (a medium request)",
            Minor,
            Pack::RegulationF,
            CONSUMER,
            "12 CFR 1006.14(h)",
            &[Trigger::FirstWords, Trigger::Acts(&[ScheduleCallback])],
            Stage::Act,
            medium_request,
        )
    },
    Rule {
        reads: Facts::CALLS_OVER_SEVEN | Facts::CALL_AFTER_CONVERSATION,
        ..rule_of(
            "regf.call_frequency",
            "Calling more than seven times in seven days, or within seven days after a conversation",
            Major,
            Pack::RegulationF,
            CONSUMER,
            "12 CFR 1006.14(b)(2)(ii); 15 USC 1692d(5)",
            &[Trigger::FirstWords],
            Stage::Collecting,
            frequency,
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
