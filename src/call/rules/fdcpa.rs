//! The Fair Debt Collection Practices Act, 15 USC 1692-1692p: binds third-party collectors of
//! consumer debts (15 USC 1692a(5)-(6)); a state file may extend its sections to creditors
//! collecting their own debts (see [`super::state`]).

use super::{CONSUMER, Ctx, Hit, Pack, Rule, Stage, Trigger, hit, rule_of};
use crate::call::compliance::Facts;
use crate::model::Act::*;
use crate::model::Severity::*;
use crate::model::{Line, Party};

fn third_party(c: &Ctx) -> Option<Hit> {
    if c.speaks_for_debtor() || c.has(Facts::CONSENTED) {
        return None;
    }
    if let Party::Voicemail(Line::Shared | Line::Workplace) = c.party {
        // A recording tells a third party only when one plays it; courts have read a message
        // on a line others share both as a disclosure and as none without proof that someone
        // heard it.
        return Some(Hit {
            reason: format!(
                "depends: the debt was named in a message left on the {}; it reaches a third party only if someone other than the {} plays it back, and courts differ on whether leaving it is a disclosure without proof that someone did, so leave a limited-content message instead",
                c.party.noun(),
                c.debtor_word()
            )
            .into(),
            mark: 0,
            uncertain: true,
        });
    }
    hit(format!(
        "the debt was disclosed to a third party ({})",
        c.party.noun()
    ))
}

fn collector_disclosure(c: &Ctx) -> Option<Hit> {
    if !c.speaks_for_debtor() || c.has(Facts::DISCLOSURE_FLAGGED) {
        return None;
    }
    let initial = c.has(Facts::INITIAL);
    let given = if initial {
        c.has(Facts::DISCLOSED_FULL)
    } else {
        c.has(Facts::DISCLOSED_SHORT)
    };
    if given {
        return None;
    }
    Some(Hit {
        reason: if initial {
            "the debt was discussed in the initial communication without the full debt-collector disclosure".into()
        } else {
            "the debt was discussed without saying the call is from a debt collector".into()
        },
        mark: Facts::DISCLOSURE_FLAGGED,
        uncertain: false,
    })
}

fn inconvenient_time(c: &Ctx) -> Option<Hit> {
    match c.act {
        // The hours rule is about calls the collector places; answering the consumer's own
        // call is not (comment 6(b)(1)-2 lets the collector reply).
        None if c.has(Facts::CALL_TIME_FLAGGED) || c.has(Facts::INBOUND) => None,
        None if c.has(Facts::CALL_TIME_BAD) => Some(Hit {
            reason: format!(
                "the call was placed before 8:00 a.m. or after 9:00 p.m. local time at the {}'s address and phone",
                c.debtor_word()
            )
            .into(),
            mark: Facts::CALL_TIME_FLAGGED,
            uncertain: false,
        }),
        None if c.has(Facts::HOURS_REFUSED) => Some(Hit {
            reason: format!(
                "the call was placed in hours the {} asked, in a request on file, not to be called: a time known to be inconvenient",
                c.debtor_word()
            )
            .into(),
            mark: Facts::CALL_TIME_FLAGGED,
            uncertain: false,
        }),
        None if c.has(Facts::PLACE_REFUSED) => Some(Hit {
            reason: format!(
                "the call was placed to a workplace line after the {} asked, in a request on file, not to be called at work: a place known to be inconvenient",
                c.debtor_word()
            )
            .into(),
            mark: Facts::CALL_TIME_FLAGGED,
            uncertain: false,
        }),
        None if c.has(Facts::CALL_ZONES_DIFFER) => Some(Hit {
            reason: format!(
                "depends: the call is inside 8:00 a.m. to 9:00 p.m. at one of the {}'s locations (address or phone) and outside at the other; a collector that knows of both should treat the call as inconvenient unless it is convenient in each",
                c.debtor_word()
            )
            .into(),
            mark: Facts::CALL_TIME_FLAGGED,
            uncertain: true,
        }),
        None if c.has(Facts::CALL_AT_NINE) => Some(Hit {
            reason: "depends: the call was placed at exactly 9:00 p.m.; the rule presumes calls after 9:00 p.m. inconvenient, and whether 9:00 itself is after it is read both ways, so place calls before 9:00 p.m.".into(),
            mark: Facts::CALL_TIME_FLAGGED,
            uncertain: true,
        }),
        Some(_) if c.has(Facts::INCONVENIENT) => hit(format!(
            "collection continued after the {} said the time was inconvenient",
            c.debtor_word()
        )),
        _ => None,
    }
}

fn attorney(c: &Ctx) -> Option<Hit> {
    if !c.has(Facts::ATTORNEY) {
        return None;
    }
    if c.has(Facts::ATTORNEY_SILENT) {
        return Some(Hit {
            reason: "depends: the consumer's attorney was contacted and has not answered; direct contact is allowed once the attorney fails to respond within a reasonable period of time, which the statute does not define, so confirm the wait with compliance before collecting".into(),
            mark: 0,
            uncertain: true,
        });
    }
    hit(format!(
        "collection continued with a {} known to be represented by an attorney",
        c.debtor_word()
    ))
}

fn repeat_location(c: &Ctx) -> Option<Hit> {
    if c.speaks_for_debtor() || !c.has(Facts::CONTACTED_BEFORE) {
        return None;
    }
    hit(format!(
        "this person ({}) was asked for the {}'s location on an earlier call, did not ask to be called again, and nothing on file says their earlier answer was wrong or incomplete and that they now have better information",
        c.party.noun(),
        c.debtor_word()
    ))
}

fn cease(c: &Ctx) -> Option<Hit> {
    if !c.has(Facts::CEASE) {
        return None;
    }
    hit(if c.has(Facts::INBOUND) {
        "the consumer called in after a written cease request, and the reply went beyond saying collection has ended or which remedies may or will be invoked"
    } else {
        "collection continued after a written cease request"
    })
}

fn false_threat(c: &Ctx) -> Option<Hit> {
    match c.act {
        Some(ThreatenArrest) => hit("arrest or jail was threatened"),
        Some(ThreatenSuit) if !c.has(Facts::SUIT_INTENDED) => {
            hit("suit was threatened but legal action is not intended or authorized")
        }
        Some(NotifyWillInvokeRemedy) if !c.has(Facts::SUIT_INTENDED) => {
            hit("the consumer was told a remedy will be invoked that is not intended or authorized")
        }
        _ => None,
    }
}

fn overshadowing(c: &Ctx) -> Option<Hit> {
    match c.act {
        Some(DenyDisputeRights) => hit(format!(
            "the {} was told they cannot dispute",
            c.debtor_word()
        )),
        Some(PressureDuringDispute) => hit(format!(
            "pressure for payment overshadowed the {}'s dispute rights",
            c.debtor_word()
        )),
        _ if c.has(Facts::DEADLINE_IN_PERIOD) => hit(format!(
            "a payment deadline that comes before the validation period ends overshadows the {}'s right to dispute within it",
            c.debtor_word()
        )),
        _ if c.has(Facts::DEADLINE_WITH_RIGHTS) => Some(Hit {
            reason: format!(
                "depends: the payment deadline comes before the validation period ends, but the dispute rights were explained with it; whether the explanation makes clear the deadline does not cut the {} off from disputing is judged on the whole call",
                c.debtor_word()
            )
            .into(),
            mark: 0,
            uncertain: true,
        }),
        _ => None,
    }
}

fn attorney_claim(c: &Ctx) -> Option<Hit> {
    if c.has(Facts::ATTORNEY_INVOLVED) {
        return None;
    }
    hit(
        "an attorney or legal department was said to be handling the account, but no attorney is meaningfully involved in collecting it: a false claim of an attorney's involvement (15 USC 1692e(3)) or a misleading one about a legal department (15 USC 1692e(10))",
    )
}

fn during_verification(c: &Ctx) -> Option<Hit> {
    if c.has(Facts::WRITTEN_DISPUTE) {
        hit("collection continued after a written dispute, before verification was sent")
    } else {
        None
    }
}

fn disputed_reporting(c: &Ctx) -> Option<Hit> {
    if (c.has(Facts::ORAL_DISPUTE) || c.has(Facts::WRITTEN_DISPUTE))
        && !c.has(Facts::DISPUTE_RECORDED)
    {
        hit("credit reporting on a debt known to be disputed, with the dispute not recorded")
    } else {
        None
    }
}

/// The predicate of the rules on a postdated check deposited before its date (FDCPA and
/// practice alike), read from what the scenario says follows the call.
pub fn deposited_early(c: &Ctx) -> Option<Hit> {
    if c.has(Facts::CHECK_DEPOSITED_EARLY) {
        hit("after the call, the postdated check taken on it was deposited before the date on it")
    } else {
        None
    }
}

fn deposit_notice(c: &Ctx) -> Option<Hit> {
    if c.has(Facts::CHECK_NOTICE_MISSING) {
        hit(
            "the check was postdated by more than five days, and no written notice of the intent to deposit it went out 3 to 10 business days before the deposit (Saturdays, Sundays and the legal public holidays of 5 USC 6103(a) not counted)",
        )
    } else {
        None
    }
}

#[allow(clippy::too_many_arguments)]
const fn fdcpa(
    id: &'static str,
    summary: &'static str,
    severity: crate::model::Severity,
    citation: &'static str,
    section: &'static str,
    trigger: &'static [Trigger],
    stage: Stage,
    check: super::Check,
) -> Rule {
    Rule {
        section: Some(section),
        ..rule_of(
            id,
            summary,
            severity,
            Pack::Fdcpa,
            CONSUMER,
            citation,
            trigger,
            stage,
            check,
        )
    }
}

/// The pack's rules.
pub const RULES: &[Rule] = &[
    Rule {
        ground: "third_party",
        reads: Facts::CONSENTED | Facts::ESTATE_AUTHORITY,
        ..fdcpa(
            "fdcpa.third_party_disclosure",
            "Telling a third party about the debt, or more than location information",
            Critical,
            "15 USC 1692b(1)-(3); 15 USC 1692c(b), (d); 12 CFR 1006.6(d)(1); 12 CFR 1006.10(b)",
            "1692c(b)",
            // The debt-collector disclosure says there is a debt, to whoever hears it.
            &[
                Trigger::Reveals,
                Trigger::Acts(crate::model::Act::COLLECTOR_DISCLOSURE),
            ],
            Stage::Party,
            third_party,
        )
    },
    Rule {
        reads: Facts::INITIAL,
        ..fdcpa(
            "fdcpa.collector_disclosure",
            "Discussing the debt without saying the caller is a debt collector",
            Major,
            "15 USC 1692e(11); 12 CFR 1006.18(e)",
            "1692e(11)",
            &[Trigger::Reveals],
            Stage::Disclosure,
            collector_disclosure,
        )
    },
    Rule {
        reads: Facts::CONTACTED_BEFORE,
        ..fdcpa(
            "fdcpa.repeat_location_contact",
            "Asking a third party for location information again, when they did not ask to be called back",
            Major,
            "15 USC 1692b(3)",
            "1692b",
            &[Trigger::Acts(&[AskLocationInfo])],
            Stage::Party,
            repeat_location,
        )
    },
    Rule {
        reads: Facts::INCONVENIENT | Facts::HOURS_REFUSED | Facts::PLACE_REFUSED,
        ..fdcpa(
            "fdcpa.inconvenient_time",
            "Calling before 8:00 a.m. or from 9:00 p.m. local time, or at a time or place the consumer said is inconvenient",
            Major,
            "15 USC 1692c(a)(1); 12 CFR 1006.6(b)(1)(i)",
            "1692c(a)(1)",
            &[Trigger::FirstWords, Trigger::Collecting],
            Stage::Collecting,
            inconvenient_time,
        )
    },
    Rule {
        reads: Facts::ATTORNEY | Facts::ATTORNEY_SILENT,
        ..fdcpa(
            "fdcpa.attorney_represented",
            "Collecting from a consumer known to be represented by an attorney on the debt",
            Critical,
            "15 USC 1692c(a)(2)",
            "1692c(a)(2)",
            &[Trigger::Collecting],
            Stage::Collecting,
            attorney,
        )
    },
    Rule {
        reads: Facts::CEASE,
        ..fdcpa(
            "fdcpa.cease_communication",
            "Collecting after a written refusal to pay or request to stop communicating",
            Critical,
            "15 USC 1692c(c)",
            "1692c(c)",
            &[
                Trigger::Collecting,
                Trigger::Acts(&[
                    AskAboutSituation,
                    ScheduleCallback,
                    LeaveMessage,
                    CreditReport,
                ]),
            ],
            Stage::Collecting,
            cease,
        )
    },
    Rule {
        ground: "false_threat",
        reads: Facts::SUIT_INTENDED,
        ..fdcpa(
            "fdcpa.false_threat",
            "Threatening arrest, or a suit or action that is not intended or not allowed",
            Critical,
            "15 USC 1692e(4); 15 USC 1692e(5)",
            "1692e(5)",
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
        reads: Facts::WRONG_AMOUNT,
        ..fdcpa(
            "fdcpa.false_representation",
            "Misstating the amount or legal status of the debt",
            Critical,
            "15 USC 1692e(2)(A)",
            "1692e(2)(A)",
            &[Trigger::Acts(super::STATES_AMOUNT)],
            Stage::Act,
            super::misstated,
        )
    },
    Rule {
        ground: "abuse",
        ..fdcpa(
            "fdcpa.harassment",
            "Obscene, profane or abusive language, or conduct meant to harass",
            Critical,
            "15 USC 1692d; 15 USC 1692d(2)",
            "1692d",
            &[Trigger::Acts(&[AbusiveLanguage])],
            Stage::Act,
            super::abusive,
        )
    },
    Rule {
        reads: Facts::DEADLINE_IN_PERIOD | Facts::DEADLINE_WITH_RIGHTS,
        ..fdcpa(
            "fdcpa.dispute_overshadowing",
            "Saying the consumer cannot dispute, or pressing for payment (a deadline inside the validation period) so as to overshadow dispute rights",
            Major,
            "15 USC 1692g(b); 15 USC 1692e",
            "1692g(b)",
            &[
                Trigger::Acts(&[DenyDisputeRights, PressureDuringDispute]),
                Trigger::Acts(super::ASKS_FOR_PAYMENT),
            ],
            Stage::Act,
            overshadowing,
        )
    },
    Rule {
        ground: "attorney_claim",
        reads: Facts::ATTORNEY_INVOLVED,
        ..fdcpa(
            "fdcpa.false_attorney_involvement",
            "Saying an attorney or legal department is handling the account when none is",
            Critical,
            "15 USC 1692e(3); 15 USC 1692e(10)",
            "1692e(3)",
            &[Trigger::Acts(&[MentionAttorney])],
            Stage::Act,
            attorney_claim,
        )
    },
    Rule {
        reads: Facts::WRITTEN_DISPUTE,
        ..fdcpa(
            "fdcpa.collection_during_verification",
            "Collecting after a written dispute in the validation period before verification is sent",
            Critical,
            "15 USC 1692g(b)",
            "1692g(b)",
            &[Trigger::Collecting],
            Stage::Collecting,
            during_verification,
        )
    },
    Rule {
        reads: Facts::ORAL_DISPUTE,
        ..fdcpa(
            "fdcpa.disputed_credit_reporting",
            "Reporting a debt to a credit bureau without noting a known dispute",
            Major,
            "15 USC 1692e(8)",
            "1692e(8)",
            &[Trigger::Acts(&[CreditReport])],
            Stage::Act,
            disputed_reporting,
        )
    },
    Rule {
        ground: "fee",
        reads: Facts::FEE_NOT_ALLOWED,
        ..fdcpa(
            "fdcpa.unauthorized_amount",
            "Collecting a fee or amount not authorized by the agreement or by law",
            Major,
            "15 USC 1692f(1)",
            "1692f(1)",
            &[Trigger::Acts(&[AddUnauthorizedFee, AddFee])],
            Stage::Act,
            super::unallowed_fee,
        )
    },
    Rule {
        ground: "postdated_early",
        reads: Facts::CHECK_DEPOSITED_EARLY,
        ..fdcpa(
            "fdcpa.postdated_check_deposited_early",
            "Depositing a postdated check or other postdated payment instrument before its date",
            Major,
            "15 USC 1692f(4); 12 CFR 1006.22(c)(3)",
            "1692f(4)",
            &[Trigger::End],
            Stage::Act,
            deposited_early,
        )
    },
    Rule {
        reads: Facts::CHECK_NOTICE_MISSING,
        ..fdcpa(
            "fdcpa.postdated_check_notice",
            "Taking a check postdated by more than five days without written notice 3 to 10 business days before depositing it",
            Major,
            "15 USC 1692f(2); 12 CFR 1006.22(c)(1)",
            "1692f(2)",
            &[Trigger::End],
            Stage::Act,
            deposit_notice,
        )
    },
];
