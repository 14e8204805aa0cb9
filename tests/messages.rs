//! Messages the collector leaves: a structured `message` on each kind of voicemail and with a
//! live person, judged against the limited-content message (12 CFR 1006.2(j)) and the
//! third-party rules (15 USC 1692b, 1692c(b)); the debt-collector disclosure to a third party.

use rightparty::call::CallResult;
use rightparty::model::{Act, Line, MessagePart, Party, Scenario, Setting, Severity};

use crate::callkit::*;
use Act::*;
use MessagePart::*;

/// "Hi, this is Robin Smith calling from ABC, Inc. Please call me back at 1-800-555-1212."
fn limited() -> Vec<MessagePart> {
    vec![
        Salutation,
        CallerName,
        NeutralBusinessName,
        RequestReply,
        CallbackNumber,
    ]
}

/// A call to `party` whose second choice leaves `parts` (and performs `acts`).
fn leave(party: Party, acts: &[Act], parts: Vec<MessagePart>) -> Scenario {
    let mut s = call(base(), party, &[step(&[Greet]), step(acts)]);
    s.nodes[1].choices[0].message = Some(parts);
    s
}

fn caution_reasons(r: &CallResult) -> Vec<(&str, &str)> {
    r.cautions
        .iter()
        .map(|v| (v.rule.as_str(), v.reason.as_str()))
        .collect()
}

#[test]
fn a_limited_content_message_on_any_voicemail_is_not_judged() {
    for line in [Line::Own, Line::Shared, Line::Workplace] {
        let r = play(leave(Party::Voicemail(line), &[CloseCall], limited()));
        assert!(r.violations.is_empty(), "{line:?}: {:?}", r.violations);
        assert!(r.cautions.is_empty(), "{line:?}: {:?}", r.cautions);
    }
    // Every allowed optional part still leaves a limited-content message.
    let mut all = limited();
    all.extend([DateAndTime, SuggestedReplyTimes, AnyRepresentative]);
    let r = play(leave(Party::Voicemail(Line::Shared), &[], all));
    assert!(r.violations.is_empty() && r.cautions.is_empty());
}

#[test]
fn a_message_that_says_nothing_of_the_debt_but_is_not_limited_content_depends() {
    // Words beyond the allowed parts, on a household's machine.
    let mut extra = limited();
    extra.push(Other(
        "it's about an important personal business matter".into(),
    ));
    let r = play(leave(Party::Voicemail(Line::Shared), &[CloseCall], extra));
    assert!(r.violations.is_empty(), "{:?}", r.violations);
    let c = caution_reasons(&r);
    assert_eq!(c.len(), 1, "{c:?}");
    assert_eq!(c[0].0, "regf.limited_content_message");
    assert!(c[0].1.starts_with("depends:") && c[0].1.contains("others may play back"));
    // A required part missing (no person's name to ask for), on the account holder's own box.
    let no_name = vec![NeutralBusinessName, RequestReply, CallbackNumber];
    let r = play(leave(Party::Voicemail(Line::Own), &[], no_name));
    let c = caution_reasons(&r);
    assert_eq!(c.len(), 1, "{c:?}");
    assert!(c[0].1.contains("own voicemail"), "{}", c[0].1);
    assert!(r.violations.is_empty());
}

#[test]
fn a_message_left_with_a_person_is_not_a_limited_content_message() {
    // "Could you ask him to call Robin at ABC?" to the roommate: allowed parts only, but a
    // message knowingly left with someone else is not a limited-content message.
    let r = play(leave(Party::Roommate, &[], limited()));
    let c = caution_reasons(&r);
    assert_eq!(c.len(), 1, "{c:?}");
    assert!(
        c[0].1.contains("someone other than the consumer"),
        "{}",
        c[0].1
    );
    assert!(r.violations.is_empty(), "{:?}", r.violations);
    // The account holder, live on the line, is simply talked to.
    let r = play(leave(Party::Debtor, &[], limited()));
    assert!(r.cautions.is_empty() && r.violations.is_empty());
}

#[test]
fn a_message_that_names_the_debt_is_judged_by_who_hears_it() {
    // "ABC Collection Services": the name alone says there is a debt.
    let named = vec![
        CollectionBusinessName,
        CallerName,
        RequestReply,
        CallbackNumber,
    ];
    // On a line others share it tells them only if one plays it back, which courts read both
    // ways: a caution with its reason, not a scored breach, and no limited-content caution
    // beside it (the message reveals the debt).
    for line in [Line::Shared, Line::Workplace] {
        let r = play(leave(Party::Voicemail(line), &[], named.clone()));
        assert!(found(&r).is_empty(), "{:?}", r.violations);
        let rules: Vec<_> = r.cautions.iter().map(|c| c.rule.as_str()).collect();
        assert_eq!(rules, ["fdcpa.third_party_disclosure"], "{line:?}");
        assert!(r.cautions[0].reason.contains(Party::Voicemail(line).noun()));
    }
    // Told to a live roommate it is a disclosure, certain.
    let r = play(leave(Party::Roommate, &[], named.clone()));
    assert_eq!(
        found(&r)[0],
        ("fdcpa.third_party_disclosure", Severity::Critical)
    );
    // On the account holder's own box it is a communication with them: the disclosure is owed.
    let r = play(leave(Party::Voicemail(Line::Own), &[], named));
    assert!(
        found(&r).contains(&("fdcpa.collector_disclosure", Severity::Major)),
        "{:?}",
        r.violations
    );
    // With the disclosure, given before the debt as a collector says it, it is not missing.
    let disclosed = vec![
        CallerName,
        FullDisclosure,
        MentionsDebt,
        Balance,
        CallbackNumber,
    ];
    let r = play(leave(Party::Voicemail(Line::Own), &[], disclosed));
    assert!(
        !r.violations
            .iter()
            .any(|v| v.rule == "fdcpa.collector_disclosure"
                || v.rule == "fdcpa.third_party_disclosure"),
        "{:?}",
        r.violations
    );
}

#[test]
fn the_debt_collector_disclosure_to_a_third_party_reveals_the_debt() {
    for party in [Party::Roommate, Party::Neighbor] {
        for disclosure in [DisclosureFull, DisclosureShort] {
            let r = play(call(
                base(),
                party,
                &[step(&[Greet]), step(&[disclosure, CloseCall])],
            ));
            assert_eq!(
                found(&r),
                [("fdcpa.third_party_disclosure", Severity::Critical)],
                "{party:?} {disclosure:?}"
            );
            let qa = r.qa.iter().find(|q| q.section == "Disclosures").unwrap();
            assert_ne!(qa.note, "the debt was not discussed", "{party:?}");
        }
        // As a message part too.
        let r = play(leave(party, &[], vec![ShortDisclosure, CallbackNumber]));
        assert_eq!(found(&r)[0].0, "fdcpa.third_party_disclosure");
    }
    // To the account holder (or the spouse, who counts as the consumer) it is owed, not a breach.
    for party in [Party::Debtor, Party::Spouse] {
        let r = play(call(base(), party, &clean_opening()));
        assert!(
            !r.violations
                .iter()
                .any(|v| v.rule == "fdcpa.third_party_disclosure"),
            "{party:?}"
        );
    }
    // On a shared machine it depends on who plays it back.
    let r = play(leave(
        Party::Voicemail(Line::Shared),
        &[],
        vec![ShortDisclosure, CallbackNumber],
    ));
    assert!(found(&r).is_empty(), "{:?}", r.violations);
    assert_eq!(r.cautions[0].rule, "fdcpa.third_party_disclosure");
}

#[test]
fn a_message_expands_into_acts_the_engine_and_the_scorecard_both_read() {
    // Seven acts in all (past what the engine keeps inline): the same findings as writing them.
    let acts = [
        Greet,
        Empathize,
        ScheduleCallback,
        CloseCall,
        AskLocationInfo,
    ];
    let parts = vec![CollectionBusinessName, Balance, CallerName];
    let with_message = play(leave(Party::Neighbor, &acts, parts));
    let mut written = acts.to_vec();
    written.extend([LeaveMessage, DiscloseDebt, StateBalance]);
    let written = play(call(
        base(),
        Party::Neighbor,
        &[step(&[Greet]), step(&written)],
    ));
    assert_eq!(found(&with_message), found(&written));
    assert_eq!(with_message.qa, written.qa);
    assert_eq!(found(&with_message)[0].0, "fdcpa.third_party_disclosure");
}

#[test]
fn the_limited_content_rule_is_regulation_f_and_not_for_business_debts() {
    let mut extra = limited();
    extra.push(Other("call us today".into()));
    let mut b2b = leave(Party::Voicemail(Line::Shared), &[], extra);
    b2b.setting = Setting::CommercialB2B;
    b2b.rule_packs = None;
    let r = play(b2b);
    assert!(
        r.cautions.is_empty() && r.violations.is_empty(),
        "{:?}",
        r.cautions
    );
}

#[test]
fn the_validator_checks_a_message() {
    let codes = |s: &Scenario| -> Vec<(String, String)> {
        check(s)
            .0
            .iter()
            .map(|d| (d.code.to_string(), d.path.clone()))
            .collect()
    };
    let empty = leave(Party::Voicemail(Line::Own), &[], vec![]);
    assert!(
        codes(&empty).contains(&("empty-message".into(), "nodes.1.choices.0.message".into())),
        "{:?}",
        codes(&empty)
    );
    let twice = leave(
        Party::Voicemail(Line::Own),
        &[],
        vec![CallerName, CallerName, Other("  ".into())],
    );
    let c = codes(&twice);
    assert!(
        c.contains(&(
            "repeated-message-part".into(),
            "nodes.1.choices.0.message.1".into()
        )),
        "{c:?}"
    );
    assert!(
        c.contains(&("bad-value".into(), "nodes.1.choices.0.message.2".into())),
        "{c:?}"
    );
    // A `Balance` part states the amount, so an `amount` has an act to go with.
    let mut balance = leave(Party::Voicemail(Line::Own), &[], vec![Balance]);
    balance.nodes[1].choices[0].amount = Some(10.0);
    assert!(
        !codes(&balance)
            .iter()
            .any(|(c, _)| c == "amount-without-act")
    );
}
