//! Verdict-neutral acts: what a choice says (an amount, a fee, a payment deadline, that an
//! attorney is handling the account) judged by the engine against the account, and the old acts
//! that named their own verdict still working with a deprecation warning.

use rightparty::model::{
    Act, AllowedFee, ChargedFee, Choice, Letter, LetterKind, Party, Scenario, Setting, Severity,
};

use crate::callkit::*;
use Act::*;

fn codes(s: &Scenario) -> Vec<String> {
    check(s).0.into_iter().map(|f| f.code.to_string()).collect()
}

/// A verified, disclosed call whose third choice is `last` with `fill` applied to it (the base
/// account's balance is $900.00: principal $840 and interest $60).
fn saying(setting: Setting, last: &[Act], fill: impl FnOnce(&mut Choice)) -> Scenario {
    let mut s = base();
    s.setting = setting;
    if setting == Setting::CommercialB2B {
        s.rule_packs = None;
    }
    let party = if setting == Setting::CommercialB2B {
        Party::BusinessEmployee
    } else {
        Party::Debtor
    };
    let mut s = call(s, party, &with(clean_opening(), &[step(last)]));
    fill(&mut s.nodes[2].choices[0]);
    s
}

#[test]
fn an_amount_stated_is_checked_against_the_balance() {
    let right = saying(Setting::ThirdPartyAgency, &[StateBalance], |c| {
        c.amount = Some(900.0)
    });
    assert!(rules(right).is_empty());
    let wrong = saying(Setting::ThirdPartyAgency, &[StateBalance], |c| {
        c.amount = Some(1150.0)
    });
    let r = play(wrong);
    assert_eq!(
        found(&r),
        [("fdcpa.false_representation", Severity::Critical)]
    );
    assert_eq!(r.violations[0].turn, 3);
    assert!(r.violations[0].reason.contains("not the balance"));
    // Where the FDCPA does not bind, the practice standard judges it the same way.
    let commercial = saying(Setting::CommercialB2B, &[AskForPayment], |c| {
        c.amount = Some(1150.0)
    });
    assert_eq!(rules(commercial), ["practice.false_statement"]);
    // The fact lasts only for its choice: a later balance without an amount is fine.
    let mut later = saying(Setting::ThirdPartyAgency, &[StateBalance], |c| {
        c.amount = Some(1150.0)
    });
    let n = later.nodes.len();
    later.nodes[n - 2].choices[0].next = "again".into();
    let mut again = later.nodes[2].clone();
    again.id = "again".into();
    again.choices[0].amount = None;
    again.choices[0].next = "end".into();
    later.nodes.insert(n - 1, again);
    let r = play(later);
    assert_eq!(r.violations.len(), 1, "{:?}", r.violations);
    // An amount with no act that states it is a warning.
    let idle = saying(Setting::ThirdPartyAgency, &[Empathize], |c| {
        c.amount = Some(900.0)
    });
    assert!(codes(&idle).contains(&"amount-without-act".to_string()));
}

fn with_fees(mut s: Scenario) -> Scenario {
    s.account.fees_allowed = vec![AllowedFee {
        name: "Returned payment fee".into(),
        up_to: 25.0,
        authority: "card agreement section 9".into(),
    }];
    s
}

#[test]
fn a_fee_is_checked_against_the_fees_the_account_allows() {
    let fee = |name: &str, amount: f64| {
        let name = name.to_string();
        move |c: &mut Choice| c.fee = Some(ChargedFee { name, amount })
    };
    let allowed = with_fees(saying(
        Setting::ThirdPartyAgency,
        &[AddFee],
        fee("returned payment fee ", 25.0),
    ));
    assert!(rules(allowed).is_empty());
    let more = with_fees(saying(
        Setting::ThirdPartyAgency,
        &[AddFee],
        fee("returned payment fee", 35.0),
    ));
    let r = play(more);
    assert_eq!(found(&r), [("fdcpa.unauthorized_amount", Severity::Major)]);
    assert!(r.violations[0].citation.contains("1692f(1)"));
    let other = with_fees(saying(
        Setting::ThirdPartyAgency,
        &[AddFee],
        fee("convenience fee", 4.95),
    ));
    assert_eq!(rules(other), ["fdcpa.unauthorized_amount"]);
    let creditor = saying(
        Setting::FirstPartyCreditor,
        &[AddFee],
        fee("late fee", 15.0),
    );
    assert_eq!(rules(creditor), ["practice.unauthorized_fee"]);
    // `AddFee` needs its fee; a fee needs `AddFee`.
    let bare = saying(Setting::ThirdPartyAgency, &[AddFee], |_| {});
    assert!(codes(&bare).contains(&"missing-fee".to_string()));
    let loose = saying(
        Setting::ThirdPartyAgency,
        &[StateBalance],
        fee("late fee", 15.0),
    );
    assert!(codes(&loose).contains(&"fee-without-act".to_string()));
}

/// The base call on Monday 2026-11-23, with a validation notice mailed on `sent`.
fn noticed(s: &mut Scenario, sent: &str) {
    s.account.letters = vec![Letter {
        kind: LetterKind::ValidationNotice,
        sent: sent.parse().unwrap(),
        returned: false,
    }];
}

#[test]
fn a_payment_deadline_inside_the_validation_period_overshadows_the_dispute_rights() {
    // Mailed Nov 10: the period ends Dec 18. "Pay by Friday" (4 days) comes before it.
    let mut friday = saying(Setting::ThirdPartyAgency, &[AskForPayment], |c| {
        c.deadline_days = Some(4)
    });
    noticed(&mut friday, "2026-11-10");
    let r = play(friday.clone());
    assert_eq!(
        found(&r),
        [("fdcpa.dispute_overshadowing", Severity::Major)]
    );
    assert!(
        r.violations[0]
            .reason
            .contains("before the validation period ends")
    );
    // A deadline after the period ends, no notice on file, or a call after the period: nothing.
    let mut january = friday.clone();
    january.nodes[2].choices[0].deadline_days = Some(30);
    assert!(rules(january).is_empty());
    let mut no_notice = friday.clone();
    no_notice.account.letters.clear();
    assert!(rules(no_notice).is_empty());
    let mut old = friday.clone();
    noticed(&mut old, "2026-09-01");
    assert!(rules(old).is_empty());
    // Explaining the dispute rights in the same breath: a caution, never scored.
    let mut explained = friday;
    explained.nodes[2].choices[0]
        .acts
        .push(ExplainDisputeRights);
    let r = play(explained);
    assert!(r.violations.is_empty(), "{:?}", r.violations);
    assert_eq!(r.cautions[0].rule, "fdcpa.dispute_overshadowing");
    assert!(r.cautions[0].reason.starts_with("depends: "));
    // A deadline with no payment ask is a warning.
    let idle = saying(Setting::ThirdPartyAgency, &[Empathize], |c| {
        c.deadline_days = Some(4)
    });
    assert!(codes(&idle).contains(&"deadline-without-ask".to_string()));
}

#[test]
fn saying_an_attorney_is_handling_the_account_is_judged_against_the_file() {
    let r = play(saying(
        Setting::ThirdPartyAgency,
        &[MentionAttorney],
        |_| {},
    ));
    // The FDCPA's rule; the practice standard stands down.
    assert_eq!(
        found(&r),
        [("fdcpa.false_attorney_involvement", Severity::Critical)]
    );
    assert!(r.violations[0].citation.contains("1692e(3)"));
    let mut involved = saying(Setting::ThirdPartyAgency, &[MentionAttorney], |_| {});
    involved.account.attorney_involved = true;
    assert!(rules(involved).is_empty());
    let commercial = saying(Setting::CommercialB2B, &[MentionAttorney], |_| {});
    assert_eq!(rules(commercial), ["practice.false_statement"]);
}

#[test]
fn the_acts_that_name_their_verdict_still_work_with_a_warning() {
    for (act, rule) in [
        (MisstateDebt, "fdcpa.false_representation"),
        (AddUnauthorizedFee, "fdcpa.unauthorized_amount"),
        (PressureDuringDispute, "fdcpa.dispute_overshadowing"),
    ] {
        let s = saying(Setting::ThirdPartyAgency, &[act], |_| {});
        assert_eq!(rules(s.clone()), [rule], "{act:?}");
        let f = check(&s);
        let w =
            f.0.iter()
                .find(|f| f.code == "deprecated-act")
                .unwrap_or_else(|| panic!("no warning for {act:?}"));
        assert_eq!(w.path, "nodes.2.choices.0.acts.0");
        assert!(w.hint.as_deref().is_some_and(|h| h.contains('`')), "{w:?}");
    }
}
