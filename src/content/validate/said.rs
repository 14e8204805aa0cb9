//! Checks on what a choice says that the engine judges: deprecated acts that name their own
//! verdict, and the `amount`, `fee` and `deadline_days` fields with the acts they go with.

use crate::call::rules::{ASKS_FOR_PAYMENT, STATES_AMOUNT};
use crate::content::diagnostic::Findings;
use crate::model::{Act, Choice};

/// Runs the checks on one choice at path `cp`.
pub fn check(choice: &Choice, cp: &str, out: &mut Findings) {
    for (i, act) in choice.acts.iter().enumerate() {
        if let Some(instead) = act.replacement() {
            out.warning(
                "deprecated-act",
                format!("{cp}.acts.{i}"),
                format!("`{act:?}` names its own verdict, so the engine finds exactly what the author chose; it still works, but will be removed"),
                Some(instead.to_string()),
            );
        }
    }
    let has = |acts: &[Act]| choice.acts.iter().any(|a| acts.contains(a));
    if let Some(x) = choice.amount {
        if !x.is_finite() || x < 0.0 {
            out.error(
                "bad-value",
                format!("{cp}.amount"),
                format!("{x} is not a dollar amount of 0 or more"),
                None,
            );
        }
        if !has(STATES_AMOUNT) {
            out.warning(
                "amount-without-act",
                format!("{cp}.amount"),
                "the choice gives an `amount` but no act that states what is owed, so nothing judges it",
                Some("add `StateBalance` (or `AskForPayment`, `AskForFullBalance`, `DiscloseDebt`)".to_string()),
            );
        }
    }
    match (&choice.fee, choice.acts.contains(&Act::AddFee)) {
        (Some(f), _) if !f.amount.is_finite() || f.amount < 0.0 || f.name.trim().is_empty() => out
            .error(
                "bad-value",
                format!("{cp}.fee"),
                "a fee needs a name and a dollar amount of 0 or more",
                None,
            ),
        (Some(_), false) => out.warning(
            "fee-without-act",
            format!("{cp}.fee"),
            "the choice names a `fee` but has no `AddFee` act, so nothing judges it",
            Some("add `AddFee` to the acts".to_string()),
        ),
        (None, true) => out.error(
            "missing-fee",
            format!("{cp}.acts"),
            "`AddFee` needs the fee it adds",
            Some(
                "add `fee: Some(ChargedFee(name: \"returned payment fee\", amount: 25.0))`"
                    .to_string(),
            ),
        ),
        _ => {}
    }
    if choice.deadline_days.is_some() && !has(ASKS_FOR_PAYMENT) {
        out.warning(
            "deadline-without-ask",
            format!("{cp}.deadline_days"),
            "the choice gives a `deadline_days` but asks for no payment, so nothing judges it",
            Some("add `AskForPayment` (or the offer's act)".to_string()),
        );
    }
}
