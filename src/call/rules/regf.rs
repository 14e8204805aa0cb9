//! Regulation F, 12 CFR part 1006: the CFPB's rule under the FDCPA, binding the same
//! collectors. The deceased-consumer rule is in [`super::deceased`].

use super::{CONSUMER, Ctx, Hit, Pack, Rule, Stage, Trigger, hit, rule_of};

use crate::call::compliance::Facts;
use crate::model::Act::*;
use crate::model::Severity::*;
use crate::model::{Line, Party};

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

fn limited_content(c: &Ctx) -> Option<Hit> {
    let limited = c.has(Facts::MESSAGE_LIMITED);
    if !limited && !c.has(Facts::MESSAGE_NOT_LIMITED) {
        return None;
    }
    let debtor = c.debtor_word();
    const NOT_LIMITED: &str = "it lacks one of the business name, a request to call back, a person's name and a callback number, or adds words beyond a greeting, the date and time, suggested times to call back and that any representative can help";
    let reason = match c.party {
        Party::Voicemail(_) if limited => return None,
        Party::Voicemail(Line::Own) => format!(
            "depends: the message on the {debtor}'s own voicemail says nothing of the debt but is not a limited-content message ({NOT_LIMITED}); whether such a message is a communication, which would need the debt-collector disclosure, is read both ways, so leave only the limited-content message"
        ),
        Party::Voicemail(_) => format!(
            "depends: the message on a line others may play back says nothing of the debt but is not a limited-content message ({NOT_LIMITED}); whether such a message tells whoever hears it about the debt is read both ways, so leave only the limited-content message"
        ),
        _ if c.speaks_for_debtor() => return None,
        _ => format!(
            "depends: a message knowingly left with someone other than the {debtor} is not a limited-content message even with only the allowed parts; whether a request to call back that names no debt is a communication about it is read both ways, so ask only for location information or call again later"
        ),
    };
    Some(Hit {
        reason: reason.into(),
        mark: 0,
        uncertain: true,
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
        reads: Facts::MESSAGE_LIMITED | Facts::MESSAGE_NOT_LIMITED,
        ..rule_of(
            "regf.limited_content_message",
            "Leaving a message that is not a limited-content message (only a business name that does not say it collects debts, a request to call back, a person's name and a number, with a greeting, the date and time, suggested times and that any representative can help allowed)",
            Major,
            Pack::RegulationF,
            CONSUMER,
            "12 CFR 1006.2(j); 15 USC 1692a(2)",
            &[Trigger::Acts(&[LeaveMessage])],
            Stage::Party,
            limited_content,
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
