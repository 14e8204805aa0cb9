//! The bankruptcy automatic stay, 11 USC 362: binds every creditor and collector, consumer or
//! business, once a petition is filed. 362(a)(6) stays collecting claims that arose before the
//! case began; the engine takes a scenario's account to be such a claim (a debt incurred after
//! the filing is not modelled).

use super::{Ctx, EVERY_SETTING, Hit, Pack, Rule, Stage, Trigger, hit, rule_of};
use crate::call::compliance::Facts;
use crate::model::Severity::*;

fn stay(c: &Ctx) -> Option<Hit> {
    if c.has(Facts::BANKRUPTCY) {
        hit("collection continued after a bankruptcy filing was disclosed")
    } else {
        None
    }
}

/// The pack's rules.
pub const RULES: &[Rule] = &[Rule {
    reads: Facts::BANKRUPTCY,
    ..rule_of(
        "bankruptcy.automatic_stay",
        "Collecting after being told a bankruptcy petition has been filed",
        Critical,
        Pack::BankruptcyStay,
        EVERY_SETTING,
        "11 USC 362(a)(6)",
        &[Trigger::Collecting],
        Stage::Collecting,
        stay,
    )
}];
