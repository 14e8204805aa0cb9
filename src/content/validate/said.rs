//! Checks on what a choice says that the engine judges: deprecated acts that name their own
//! verdict, the `amount`, `fee` and `deadline_days` fields with the acts they go with, and a
//! structured `message`, and the offer.

use crate::call::rules::{ASKS_FOR_PAYMENT, STATES_AMOUNT};
use crate::content::diagnostic::Findings;
use crate::model::{Act, Choice, MessagePart, Offer, Scenario};

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
    let all = choice.all_acts();
    let has = |acts: &[Act]| all.iter().any(|a| acts.contains(a));
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
    if let Some(parts) = &choice.message {
        message(parts, &format!("{cp}.message"), out);
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

/// A message needs parts, each once, and words in every `Other`.
fn message(parts: &[MessagePart], mp: &str, out: &mut Findings) {
    if parts.is_empty() {
        out.error(
            "empty-message",
            mp.to_string(),
            "the message has no parts, so there is nothing to judge",
            Some("list what it says, e.g. `[NeutralBusinessName, CallerName, RequestReply, CallbackNumber]`, or drop `message`".to_string()),
        );
    }
    for (i, p) in parts.iter().enumerate() {
        match p {
            MessagePart::Other(words) if words.trim().is_empty() => out.error(
                "bad-value",
                format!("{mp}.{i}"),
                "`Other` needs the words the message adds",
                None,
            ),
            MessagePart::Other(_) => {}
            _ if parts[..i].contains(p) => out.warning(
                "repeated-message-part",
                format!("{mp}.{i}"),
                format!("`{p:?}` is listed twice"),
                Some("list each part once".to_string()),
            ),
            _ => {}
        }
    }
}

/// Checks a choice's offer at path `at`: positive amounts, a settlement no larger than the
/// balance, and invoices the account lists.
pub fn check_offer(s: &Scenario, offer: &Offer, at: &str, out: &mut Findings) {
    let bad = match offer {
        Offer::PayInFull => false,
        Offer::Plan {
            monthly,
            months,
            down_payment,
        } => {
            !(monthly.is_finite() && *monthly > 0.0)
                || *months == 0
                || !(down_payment.is_finite() && *down_payment >= 0.0)
        }
        Offer::Settlement { amount, .. } => {
            !(amount.is_finite() && *amount > 0.0) || *amount > s.account.balance.total() + 0.005
        }
        Offer::PayInvoices { invoices } => {
            if invoices.is_empty() {
                out.error(
                    "bad-offer",
                    format!("{at}.invoices"),
                    "the offer names no invoices",
                    Some("list invoice numbers from `account.invoices`".to_string()),
                );
            }
            for (k, n) in invoices.iter().enumerate() {
                if !s.account.invoices.iter().any(|i| &i.number == n) {
                    let listed: Vec<&str> = s
                        .account
                        .invoices
                        .iter()
                        .map(|i| i.number.as_str())
                        .collect();
                    out.error(
                        "bad-offer",
                        format!("{at}.invoices.{k}"),
                        format!("`{n}` is not an invoice on the account"),
                        Some(if listed.is_empty() {
                            "the account lists no `invoices`".to_string()
                        } else {
                            format!("the account's invoices: {}", listed.join(", "))
                        }),
                    );
                } else if invoices[..k].contains(n) {
                    out.warning(
                        "bad-offer",
                        format!("{at}.invoices.{k}"),
                        format!("`{n}` is listed twice"),
                        None,
                    );
                }
            }
            false
        }
    };
    if bad {
        out.error(
            "bad-offer",
            at.to_string(),
            "the offer needs a positive amount (and a settlement no larger than the balance)",
            None,
        );
    }
}
