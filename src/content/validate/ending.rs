//! Checks on an ending beyond its wrap-up: the objectives it says it meets, and what it says
//! happens after the call (dates that cannot be right for a postdated check, its deposit
//! notice or a confirmation letter).

use crate::content::diagnostic::Findings;
use crate::model::{AfterCall, Date, Ending, Scenario};

/// Checks one ending, at `at` (the ending's path).
pub fn check(s: &Scenario, ending: &Ending, at: &str, out: &mut Findings) {
    check_meets(s, ending, at, out);
    check_after(ending, s.account.call_local_time.date(), at, out);
}

fn check_meets(s: &Scenario, ending: &Ending, at: &str, out: &mut Findings) {
    if !ending.meets.is_empty() && ending.outcome == crate::model::Outcome::DebtorHungUp {
        out.warning(
            "bad-value",
            format!("{at}.meets"),
            "a call the debtor hung up on is not credited as the right result, whatever it meets",
            Some(
                "leave `meets` out here, or end the call with the outcome it really has"
                    .to_string(),
            ),
        );
    }
    for (k, &i) in ending.meets.iter().enumerate() {
        let path = format!("{at}.meets.{k}");
        if i >= s.objectives.len() {
            out.error(
                "bad-value",
                path,
                format!(
                    "`{i}` is not an objective (the scenario lists {}, counted from 0)",
                    s.objectives.len()
                ),
                Some(
                    "`meets` lists objectives by position in `objectives`, the first is 0"
                        .to_string(),
                ),
            );
        } else if ending.meets[..k].contains(&i) {
            out.warning(
                "bad-value",
                path,
                format!("objective {i} is listed twice"),
                None,
            );
        }
    }
}

/// Checks one ending's `after` events against the call's day.
fn check_after(ending: &Ending, call_day: Date, at: &str, out: &mut Findings) {
    let mut warn = |path: String, message: String, hint: &str| {
        out.warning("after-call-dates", path, message, Some(hint.to_string()));
    };
    for (i, e) in ending.after.iter().enumerate() {
        let path = format!("{at}.after.{i}");
        match e {
            AfterCall::PostdatedCheck {
                dated,
                deposited,
                notice_sent,
            } => {
                if *dated <= call_day {
                    warn(
                        format!("{path}.dated"),
                        format!(
                            "the check is dated {dated}, not after the call's day ({call_day}): it is not postdated"
                        ),
                        "give the date written on the check, later than the call",
                    );
                }
                if let Some(d) = deposited
                    && *d < call_day
                {
                    warn(
                        format!("{path}.deposited"),
                        format!(
                            "the check is deposited on {d}, before the call ({call_day}) that took it"
                        ),
                        "a deposit comes on or after the call's day",
                    );
                }
                if let Some(n) = notice_sent {
                    if *n < call_day {
                        warn(
                            format!("{path}.notice_sent"),
                            format!(
                                "the notice goes out on {n}, before the call ({call_day}) that took the check"
                            ),
                            "the notice of the deposit comes after the call",
                        );
                    }
                    if let Some(d) = deposited
                        && n > d
                    {
                        warn(
                            format!("{path}.notice_sent"),
                            format!(
                                "the notice of the deposit goes out on {n}, after the deposit on {d}"
                            ),
                            "a notice after the deposit is no notice: leave it out, or date it before `deposited`",
                        );
                    }
                }
            }
            AfterCall::ConfirmationSent { on } => {
                if *on < call_day {
                    warn(
                        format!("{path}.on"),
                        format!("the confirmation goes out on {on}, before the call ({call_day})"),
                        "a confirmation of what the call arranged comes after it",
                    );
                }
            }
        }
    }
}
