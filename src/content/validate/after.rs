//! Checks on what an ending says happens after the call: dates that cannot be right for a
//! postdated check, its deposit notice or a confirmation letter.

use crate::content::diagnostic::Findings;
use crate::model::{AfterCall, Date, Ending};

/// Checks one ending's `after` events, at `at` (the ending's path), against the call's day.
pub fn check(ending: &Ending, call_day: Date, at: &str, out: &mut Findings) {
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
