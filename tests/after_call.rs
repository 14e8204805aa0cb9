//! Events after the call (issue 14, item 5): a postdated check deposited early or without its
//! notice (15 USC 1692f(2), (4); days counted as 12 CFR 1006.22(c)(1) counts them), and an
//! arrangement left unconfirmed. The base call is on Monday 2026-11-23, the week of
//! Thanksgiving (Thursday 2026-11-26, a legal public holiday of 5 USC 6103(a)).

use rightparty::call::Event;
use rightparty::model::{AfterCall, Date, Outcome, Party, Scenario, Setting};

use crate::callkit::{base, call, check, clean_opening, found, play, rules, step, with};

fn d(s: &str) -> Date {
    s.parse().unwrap()
}

/// A clean call that takes a payment and ends with `outcome` and `after`.
fn after(s: Scenario, outcome: Outcome, events: Vec<AfterCall>) -> Scenario {
    use rightparty::model::Act::*;
    let mut s = call(
        s,
        Party::Debtor,
        &with(
            clean_opening(),
            &[step(&[OfferPlan, RecordPromise, CloseCall])],
        ),
    );
    let e = s.nodes.last_mut().unwrap().ending.as_mut().unwrap();
    e.outcome = outcome;
    e.after = events;
    s
}

fn check_deposit(dated: &str, deposited: &str, notice: Option<&str>) -> AfterCall {
    AfterCall::PostdatedCheck {
        dated: d(dated),
        deposited: Some(d(deposited)),
        notice_sent: notice.map(d),
    }
}

fn confirmed() -> AfterCall {
    AfterCall::ConfirmationSent {
        on: d("2026-11-24"),
    }
}

/// The rules broken by a promise-to-pay call whose check is handled as given (confirmed, so
/// only the check is judged).
fn judged(s: Scenario, check: AfterCall) -> Vec<String> {
    rules(after(s, Outcome::PromiseToPay, vec![check, confirmed()]))
}

#[test]
fn a_check_postdated_five_days_needs_no_notice_and_six_days_does() {
    // Dated Saturday 11-28, five days after the call: no notice is needed.
    assert!(judged(base(), check_deposit("2026-11-28", "2026-11-30", None)).is_empty());
    // Dated Sunday 11-29, six days after: deposited with no notice at all.
    assert_eq!(
        judged(base(), check_deposit("2026-11-29", "2026-11-30", None)),
        ["fdcpa.postdated_check_notice"]
    );
}

#[test]
fn the_notice_goes_out_three_to_ten_business_days_before_the_deposit() {
    let dep = |notice: &str| {
        judged(
            base(),
            check_deposit("2026-12-14", "2026-12-14", Some(notice)),
        )
    };
    // Deposit Monday 12-14. Sent Monday 11-30: Dec 1-4 and 7-11 and the 14th are ten days.
    assert!(dep("2026-11-30").is_empty());
    // Sent Friday 11-27: eleven.
    assert_eq!(dep("2026-11-27"), ["fdcpa.postdated_check_notice"]);
    // Sent Wednesday 12-09: 10, 11, 14 are three; Thursday 12-10: two.
    assert!(dep("2026-12-09").is_empty());
    assert_eq!(dep("2026-12-10"), ["fdcpa.postdated_check_notice"]);
    // A notice after the deposit is no notice.
    assert_eq!(dep("2026-12-15"), ["fdcpa.postdated_check_notice"]);
}

#[test]
fn thanksgiving_does_not_count_as_a_business_day_before_the_deposit() {
    // Dated and deposited Monday 11-30; notice sent Wednesday 11-25. Counting Thursday the
    // 26th would make three days (26, 27, 30); it is a legal public holiday, so only two.
    let r = judged(
        base(),
        check_deposit("2026-11-30", "2026-11-30", Some("2026-11-25")),
    );
    assert_eq!(r, ["fdcpa.postdated_check_notice"]);
    // Sent Tuesday 11-24: 25, 27 and 30 are three.
    assert!(
        judged(
            base(),
            check_deposit("2026-11-30", "2026-11-30", Some("2026-11-24"))
        )
        .is_empty()
    );
}

#[test]
fn depositing_before_the_date_on_the_check() {
    let s = after(
        base(),
        Outcome::PromiseToPay,
        vec![
            check_deposit("2026-12-04", "2026-12-01", Some("2026-11-24")),
            confirmed(),
        ],
    );
    let r = play(s);
    assert_eq!(
        found(&r),
        [(
            "fdcpa.postdated_check_deposited_early",
            rightparty::model::Severity::Major
        )]
    );
    let v = &r.violations[0];
    assert_eq!(v.citation, "15 USC 1692f(4); 12 CFR 1006.22(c)(3)");
    assert!(v.reason.contains("before the date on it"), "{}", v.reason);
    // A check not deposited yet is judged on nothing but its notice.
    let waiting = AfterCall::PostdatedCheck {
        dated: d("2026-12-14"),
        deposited: None,
        notice_sent: None,
    };
    assert!(judged(base(), waiting).is_empty());
}

#[test]
fn a_creditor_is_held_to_the_house_standard_on_the_date_but_not_to_the_notice() {
    let mut creditor = base();
    creditor.setting = Setting::FirstPartyCreditor;
    creditor.rule_packs = None;
    assert_eq!(
        judged(
            creditor.clone(),
            check_deposit("2026-12-04", "2026-12-01", None)
        ),
        ["practice.postdated_check_deposited_early"]
    );
    // The 3-to-10-day notice is the FDCPA's own requirement.
    assert!(judged(creditor, check_deposit("2026-12-04", "2026-12-04", None)).is_empty());
}

#[test]
fn an_arrangement_is_confirmed_in_writing() {
    let ok = check_deposit("2026-11-27", "2026-11-27", None);
    // A plan with what follows scripted and no confirmation among it.
    let r = play(after(base(), Outcome::PlanSetUp, vec![ok.clone()]));
    assert_eq!(
        found(&r),
        [(
            "practice.arrangement_unconfirmed",
            rightparty::model::Severity::Minor
        )]
    );
    assert_eq!(
        r.violations[0].citation,
        "practice standard: confirm the arrangement in writing"
    );
    // Confirmed: clean.
    assert!(
        rules(after(
            base(),
            Outcome::PlanSetUp,
            vec![ok.clone(), confirmed()]
        ))
        .is_empty()
    );
    // No `after` at all says nothing of what follows: not judged.
    assert!(rules(after(base(), Outcome::PlanSetUp, vec![])).is_empty());
    // No arrangement to confirm.
    assert!(rules(after(base(), Outcome::DisputeLogged, vec![ok])).is_empty());
}

#[test]
fn the_debrief_and_the_terminal_list_what_follows_with_its_dates() {
    use rightparty::call::{Action, CallRun, Compiled};
    use std::sync::Arc;
    let s = after(
        base(),
        Outcome::PromiseToPay,
        vec![check_deposit(
            "2026-12-04",
            "2026-12-01",
            Some("2026-11-24"),
        )],
    );
    let c = Arc::new(Compiled::new(Arc::new(s)).unwrap());
    let mut run = CallRun::start(c, 1, None).unwrap();
    let mut events = Vec::new();
    for _ in 0..10 {
        match run.act(Action::Choose(1)) {
            Ok(e) => events.extend(e),
            Err(_) => break,
        }
    }
    let after = events.iter().find_map(|e| match e {
        Event::Ended { after, .. } => Some(after.clone()),
        _ => None,
    });
    assert_eq!(
        after.expect("the call ended"),
        [
            "A check dated Fri Dec 4, 2026: notice of the deposit sent Tue Nov 24, 2026, deposited Tue Dec 1, 2026."
        ]
    );
}

#[test]
fn dates_that_cannot_be_right_are_located_warnings() {
    let s = after(
        base(),
        Outcome::PromiseToPay,
        vec![
            AfterCall::PostdatedCheck {
                dated: d("2026-11-23"),
                deposited: Some(d("2026-11-20")),
                notice_sent: Some(d("2026-11-25")),
            },
            AfterCall::ConfirmationSent {
                on: d("2026-11-22"),
            },
        ],
    );
    let f = check(&s);
    let end = s.nodes.len() - 1;
    let at: Vec<(&str, String)> = f.0.iter().map(|f| (f.code, f.path.clone())).collect();
    for field in ["0.dated", "0.deposited", "0.notice_sent", "1.on"] {
        let path = format!("nodes.{end}.ending.after.{field}");
        assert!(
            at.contains(&("after-call-dates", path.clone())),
            "{path}: {at:?}"
        );
    }
    // Sensible dates: no warning.
    let s = after(
        base(),
        Outcome::PromiseToPay,
        vec![
            check_deposit("2026-12-04", "2026-12-04", Some("2026-11-30")),
            confirmed(),
        ],
    );
    assert!(!check(&s).0.iter().any(|f| f.code == "after-call-dates"));
}

#[test]
fn after_call_events_load_from_ron_and_warnings_point_at_the_line() {
    let text = std::fs::read_to_string("tests/data/valid/call.ron").unwrap();
    let text = text.replacen(
        "                outcome: PlanSetUp,\n",
        "                outcome: PlanSetUp,\n                after: [\n                    PostdatedCheck(dated: \"2026-11-20\", deposited: \"2026-12-01\"),\n                ],\n",
        1,
    );
    let set =
        rightparty::content::load_texts([("call.ron", text.as_str())], &crate::util::options());
    let line = text
        .lines()
        .position(|l| l.contains("PostdatedCheck("))
        .unwrap()
        + 1;
    let w: Vec<_> = set
        .diagnostics
        .iter()
        .filter(|d| d.code == "after-call-dates")
        .collect();
    assert_eq!(w.len(), 1, "{:?}", set.diagnostics);
    assert_eq!(w[0].line, line);
    assert!(w[0].message.contains("not postdated"), "{}", w[0].message);
    let e = set.scenarios[0]
        .item
        .nodes
        .iter()
        .find_map(|n| n.ending.as_ref().filter(|e| !e.after.is_empty()))
        .unwrap();
    assert_eq!(
        e.after,
        [AfterCall::PostdatedCheck {
            dated: d("2026-11-20"),
            deposited: Some(d("2026-12-01")),
            notice_sent: None,
        }]
    );
}
