//! Endings that are neither win nor loss (issue 14, item 8): the new outcomes, the objectives an
//! ending meets, and a correct call that rightly collects nothing passing.

use std::sync::Arc;

use rightparty::call::Compiled;
use rightparty::call::explore::analyze;
use rightparty::model::{Outcome, Party, Rubric, Scenario};

use crate::callkit::{base, call, check, clean_opening, play, step, with};

/// A clean call that ends at `outcome` meeting `meets`, with a rubric a call that arranges no
/// money can pass only through the ending's credit (negotiation 50; composure 0, since the test
/// calls earn none).
fn ends(outcome: Outcome, meets: &[usize]) -> Scenario {
    use rightparty::model::Act::*;
    let mut s = base();
    s.objectives = vec![
        "Tell the patient about financial assistance and how to apply.".into(),
        "Hold collection while the application is decided.".into(),
        "Collect the balance.".into(),
    ];
    s.rubric = Rubric {
        negotiation: 50.0,
        composure: 0.0,
        compliance: 80.0,
    };
    let mut s = call(
        s,
        Party::Debtor,
        &with(clean_opening(), &[step(&[ScheduleCallback, CloseCall])]),
    );
    let e = s.nodes.last_mut().unwrap().ending.as_mut().unwrap();
    e.outcome = outcome;
    e.meets = meets.to_vec();
    s
}

#[test]
fn a_right_result_without_a_payment_can_pass() {
    let r = play(ends(Outcome::ApplicationPending, &[0, 1]));
    assert!(r.passed, "{:?} {:?}", r.scores, r.items);
    assert_eq!(r.scores.negotiation, 50);
    assert_eq!(
        r.objectives_met,
        [
            "Tell the patient about financial assistance and how to apply.",
            "Hold collection while the application is decided."
        ]
    );
    let credit = r
        .items
        .iter()
        .find(|i| i.points.negotiation == 50)
        .expect("a credited item");
    assert!(
        credit.reason.contains("application pending")
            && credit.reason.contains(
                "achieves: Tell the patient about financial assistance and how to apply.; Hold collection"
            ),
        "{}",
        credit.reason
    );
    // The same ending that says it meets nothing is judged on negotiation as before.
    let r = play(ends(Outcome::ApplicationPending, &[]));
    assert!(!r.passed);
    assert_eq!(r.scores.negotiation, 0);
    assert!(r.objectives_met.is_empty());
}

#[test]
fn a_hang_up_is_never_credited_and_the_validator_says_so() {
    let s = ends(Outcome::DebtorHungUp, &[0]);
    let r = play(s.clone());
    assert!(
        r.items.iter().all(|i| !i.reason.contains("right result")),
        "{:?}",
        r.items
    );
    assert!(!r.passed);
    assert!(
        check(&s)
            .0
            .iter()
            .any(|f| f.code == "bad-value" && f.path.ends_with(".ending.meets"))
    );
}

#[test]
fn an_ending_that_collects_earns_its_points_from_the_offer_not_the_credit() {
    let r = play(ends(Outcome::PromiseToPay, &[2]));
    // Only the promise's outcome points (5): no credit for an ending that arranges money.
    assert_eq!(r.scores.negotiation, 5);
    assert!(!r.passed);
    assert_eq!(r.objectives_met, ["Collect the balance."]);
}

#[test]
fn a_violation_still_fails_a_right_result() {
    use rightparty::model::Act::*;
    let mut s = ends(Outcome::CallbackScheduled, &[1]);
    // Discussing the debt with no disclosure: a Major finding costs 25 of compliance.
    s = call(
        s,
        Party::Debtor,
        &[
            step(&[Greet, AskForDebtor]),
            step(&[VerifyIdentity, DiscloseDebt, ScheduleCallback]),
        ],
    );
    let e = s.nodes.last_mut().unwrap().ending.as_mut().unwrap();
    e.outcome = Outcome::CallbackScheduled;
    e.meets = vec![1];
    let r = play(s);
    assert_eq!(r.scores.negotiation, 50);
    assert!(!r.violations.is_empty());
    assert!(!r.passed, "{:?}", r.scores);
}

#[test]
fn analyze_counts_the_credit_in_the_best_result() {
    let best = |s: Scenario| {
        let c = Compiled::new(Arc::new(s)).unwrap();
        analyze(&c).best.expect("a best result")
    };
    let b = best(ends(Outcome::ReferredToProvider, &[0]));
    assert!(b.passed);
    assert_eq!(b.outcome, Outcome::ReferredToProvider);
    assert_eq!(b.scores.negotiation, 50);
    assert!(!best(ends(Outcome::ReferredToProvider, &[])).passed);
}

#[test]
fn the_new_outcomes_and_meets_load_from_ron_and_are_checked() {
    let text = std::fs::read_to_string("tests/data/valid/call.ron").unwrap();
    let text = text.replacen(
        "                outcome: DebtorHungUp,\n",
        "                outcome: MessageLeft,\n                meets: [0, 0, 3],\n",
        1,
    );
    let set =
        rightparty::content::load_texts([("call.ron", text.as_str())], &crate::util::options());
    let at: Vec<(&str, rightparty::content::diagnostic::Level, usize)> = set
        .diagnostics
        .iter()
        .map(|d| (d.code, d.level, d.line))
        .collect();
    let line = text
        .lines()
        .position(|l| l.contains("meets: [0, 0, 3]"))
        .unwrap()
        + 1;
    use rightparty::content::diagnostic::Level::*;
    assert!(at.contains(&("bad-value", Error, line)), "{at:?}");
    assert!(at.contains(&("bad-value", Warning, line)), "{at:?}");
    // Fixed, it loads clean with the outcome's label.
    let fixed = text.replace("meets: [0, 0, 3]", "meets: [0]");
    let set =
        rightparty::content::load_texts([("call.ron", fixed.as_str())], &crate::util::options());
    assert!(
        set.diagnostics.iter().all(|d| d.level != Error),
        "{:?}",
        set.diagnostics
    );
    let s = &set.scenarios[0].item;
    let e = s
        .nodes
        .iter()
        .find_map(|n| {
            n.ending
                .as_ref()
                .filter(|e| e.outcome == Outcome::MessageLeft)
        })
        .unwrap();
    assert_eq!(e.meets, [0]);
    assert_eq!(Outcome::MessageLeft.label(), "message left");
    assert!(!check(s).0.iter().any(|f| f.code == "bad-value"));
}

#[test]
fn an_offer_to_pay_invoices_names_invoices_the_account_lists() {
    let text = std::fs::read_to_string("docs/examples/commercial.ron").unwrap();
    let bad = text.replace(
        r#"offer: PayInvoices(invoices: ["4468", "4475"])"#,
        r#"offer: PayInvoices(invoices: ["4468", "4499", "4468"])"#,
    );
    assert_ne!(bad, text, "the example's offer moved");
    let set = rightparty::content::load_texts(
        [("commercial.ron", bad.as_str())],
        &crate::util::options(),
    );
    let found: Vec<(&str, &str)> = set
        .diagnostics
        .iter()
        .map(|d| (d.code, d.message.as_str()))
        .collect();
    assert!(
        found.contains(&("bad-offer", "`4499` is not an invoice on the account")),
        "{found:?}"
    );
    assert!(
        found.contains(&("bad-offer", "`4468` is listed twice")),
        "{found:?}"
    );
    let hint = set
        .diagnostics
        .iter()
        .find(|d| d.message.contains("4499"))
        .and_then(|d| d.hint.clone())
        .unwrap();
    assert_eq!(hint, "the account's invoices: 4468, 4471, 4475");
    // As shipped, the offer is accepted and earns its points.
    let set = rightparty::content::load_texts(
        [("commercial.ron", text.as_str())],
        &crate::util::options(),
    );
    assert!(set.diagnostics.is_empty(), "{:?}", set.diagnostics);
    let r = play(set.scenarios[0].item.clone());
    assert!(
        r.items
            .iter()
            .any(|i| i.reason == "offer accepted (affordable)" && i.points.negotiation == 25),
        "{:?}",
        r.items
    );
    // The cast names the AP manager in the transcript.
    assert!(r.transcript.iter().any(|t| t.speaker == "Marcus Webb"));
}
