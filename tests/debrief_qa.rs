//! The debrief and the QA scorecard agree with the findings: an author's larger penalty stands,
//! the opening needs more than a greeting, a payment demand is a payment discussion, and a
//! threat is missed objection handling even when nobody objected.

use rightparty::call::score::QaStatus;
use rightparty::model::{Act, MarkedViolation, Party, Severity};

use crate::callkit::*;
use Act::*;

fn status(r: &rightparty::call::CallResult, section: &str) -> (QaStatus, String) {
    let q = r.qa.iter().find(|q| q.section == section).unwrap();
    (q.status, q.note.clone())
}

#[test]
fn an_authors_larger_penalty_is_never_replaced_by_the_deduction() {
    let steps = [step(&[Greet, TellThirdPartyAboutDebt])];
    let mut s = call(base(), Party::Roommate, &steps);
    s.nodes[0].choices[0].effects.compliance = -80;
    let r = play(s.clone());
    assert_eq!(r.scores.compliance, 20, "{:?}", r.items);
    // A smaller penalty is absorbed by the critical deduction (50), not added to it.
    s.nodes[0].choices[0].effects.compliance = -20;
    s.nodes[0].choices[0].violations = vec![MarkedViolation {
        rule: "fdcpa.third_party_disclosure".into(),
        severity: Severity::Critical,
    }];
    assert_eq!(play(s).scores.compliance, 50);
}

#[test]
fn the_opening_needs_more_than_a_greeting() {
    let r = play(call(
        base(),
        Party::Debtor,
        &[step(&[Greet]), step(&[CloseCall])],
    ));
    assert_eq!(status(&r, "Opening").0, QaStatus::Missed);
    let r = play(call(
        base(),
        Party::Debtor,
        &[step(&[Greet, AskForDebtor, CloseCall])],
    ));
    assert_eq!(status(&r, "Opening").0, QaStatus::Met);
}

#[test]
fn a_payment_demand_is_a_payment_discussion() {
    let r = play(call(
        base(),
        Party::Debtor,
        &with(clean_opening(), &[step(&[AskForFullBalance])]),
    ));
    let (st, note) = status(&r, "Negotiation");
    assert_eq!(st, QaStatus::Missed, "{note}");
    assert_ne!(note, "no payment was discussed");
}

#[test]
fn a_threat_is_missed_objection_handling_even_without_an_objection() {
    for setting in rightparty::model::Setting::ALL {
        let mut s = base();
        s.setting = setting;
        let r = play(call(
            s,
            Party::Debtor,
            &with(clean_opening(), &[step(&[ThreatenSuit])]),
        ));
        assert_eq!(
            status(&r, "Objection handling").0,
            QaStatus::Missed,
            "{setting:?}"
        );
    }
}
