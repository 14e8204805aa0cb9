//! Financial assistance at tax-exempt hospitals, 26 USC 501(r)(4)-(6) and 26 CFR 1.501(r)-6: a
//! hospital (and an agency it refers accounts to, whose actions count as the hospital's,
//! 1.501(r)-6(a)(2)) may not take extraordinary collection actions (selling the debt, credit
//! reporting, suits and other legal process, 1.501(r)-6(b)(1)) before reasonable efforts to find
//! out whether the patient qualifies for its financial assistance policy, which include a
//! reasonable effort to tell the patient about the policy orally (1.501(r)-6(c)(4)(i)(C)); an
//! application made in the application period suspends them (1.501(r)-6(c)(5)(i)(A),
//! (c)(6)(i)(A)); primary text read in an eCFR copy of 1.501(r)-6 and 1.501(r)-1(b)(3). What is
//! scored is conduct on the call: not mentioning the policy to a patient who describes a hardship
//! is a practice finding (no single call breaks 501(r)), and threatening an action that is
//! suspended misleads (the action itself is what 501(r)(6) forbids). A call cannot know where the account stands in the 120-day, 240-day and
//! 30-day periods of 1.501(r)-6(c) and 1.501(r)-1(b)(3), so no day count is scored: feedback
//! says to check the hospital's policy.

use super::{Ctx, HEALTHCARE, Hit, Pack, Rule, Stage, Trigger, hit, rule_of};
use crate::call::compliance::Facts;
use crate::model::Act::*;
use crate::model::Severity::*;

/// What feedback says about the periods the rule does not score.
pub const CHECK_POLICY: &str = "the notice and application periods come from the hospital's policy: check your hospital's policy";

fn not_offered(c: &Ctx) -> Option<Hit> {
    if !c.has(Facts::HARDSHIP) || c.has(Facts::FAP_EXPLAINED) || c.has(Facts::FAP_PENDING) {
        return None;
    }
    hit(format!(
        "the patient described a hardship and was not told about the hospital's financial assistance policy or how to apply ({CHECK_POLICY})"
    ))
}

fn eca_while_pending(c: &Ctx) -> Option<Hit> {
    if !c.has(Facts::FAP_PENDING) {
        return None;
    }
    let what = match c.act {
        Some(CreditReport) => "credit reporting",
        _ => "a lawsuit",
    };
    hit(format!(
        "{what} was threatened while the patient's financial-assistance application is pending: it is an extraordinary collection action, suspended until the application is decided, so the threat is of something that cannot be done now ({CHECK_POLICY})"
    ))
}

/// The pack's rules.
pub const RULES: &[Rule] = &[
    Rule {
        reads: Facts::HARDSHIP | Facts::FAP_PENDING,
        ..rule_of(
            "fap.assistance_not_offered",
            "Not telling a patient who describes a hardship about the hospital's financial assistance policy and how to apply",
            Minor,
            Pack::FinancialAssistance,
            HEALTHCARE,
            "practice standard: offer financial assistance (26 USC 501(r)(4), (r)(6); 26 CFR 1.501(r)-6(c)(4)(i)(C) asks for a reasonable effort to tell the patient orally before any extraordinary collection action)",
            &[Trigger::End],
            Stage::Collecting,
            not_offered,
        )
    },
    Rule {
        reads: Facts::FAP_PENDING,
        citation_with_fdcpa: Some(
            "15 USC 1692e(5); 26 CFR 1.501(r)-6(c)(5)(i)(A), (c)(6)(i)(A) (the action is suspended)",
        ),
        ..rule_of(
            "fap.eca_while_pending",
            "Threatening credit reporting or a suit, which cannot be taken while a financial-assistance application is pending",
            Major,
            Pack::FinancialAssistance,
            HEALTHCARE,
            "practice standard; misrepresentation of an action suspended by 26 CFR 1.501(r)-6(c)(5)(i)(A), (c)(6)(i)(A)",
            &[Trigger::Acts(&[
                CreditReport,
                ThreatenSuit,
                WarnOfDefaultJudgment,
            ])],
            Stage::Act,
            eca_while_pending,
        )
    },
];
