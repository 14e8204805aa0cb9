//! The call's context, judged by the engine from the account: who placed the call, the cease
//! exceptions, time zones, the call history, and the history on file (letters and the validation
//! period, disputes, an attorney, requests about contact, earlier third-party contacts).

use rightparty::model::{
    Act, AttorneyOnFile, ContactRequest, DisputeOnFile, FileFlag, Letter, LetterKind, Line, Party,
    RequestKind, Scenario, Setting, Severity, ThirdPartyContact,
};

use crate::callkit::*;
use Act::*;

// ---- Call direction and the cease exceptions ---------------------------------------------

#[test]
fn the_hours_rule_is_for_calls_the_collector_places() {
    let mut late = base();
    late.account.call_local_time = "2026-11-23T21:30:00".parse().unwrap();
    let opening = with(clean_opening(), &[step(&[AskForPayment])]);
    assert_eq!(
        rules(call(late.clone(), Party::Debtor, &opening)),
        ["fdcpa.inconvenient_time"]
    );
    late.account.direction = rightparty::model::CallDirection::Inbound;
    assert!(rules(call(late, Party::Debtor, &opening)).is_empty());
}

#[test]
fn after_a_written_cease_only_the_three_notices_are_allowed() {
    let mut s = base();
    s.account.flags_on_file = vec![FileFlag::CeaseRequest];
    s.account.initial_communication = Some(false);
    let open = || {
        vec![
            step(&[Greet, AskForDebtor]),
            step(&[VerifyIdentity, DisclosureShort]),
        ]
    };
    for inbound in [false, true] {
        let mut s = s.clone();
        if inbound {
            s.account.direction = rightparty::model::CallDirection::Inbound;
        }
        // (c)(1) efforts ended, (c)(2) remedies that may be invoked: allowed.
        let allowed = with(
            open(),
            &[step(&[CeaseCollection, NotifyMayInvokeRemedy, CloseCall])],
        );
        assert!(rules(call(s.clone(), Party::Debtor, &allowed)).is_empty());
        // (c)(3) a specified remedy that will be invoked: allowed only when true.
        let will = with(open(), &[step(&[NotifyWillInvokeRemedy])]);
        assert_eq!(
            rules(call(s.clone(), Party::Debtor, &will)),
            ["fdcpa.false_threat"]
        );
        let mut suing = s.clone();
        suing.account.legal_action_intended = true;
        assert!(rules(call(suing, Party::Debtor, &will)).is_empty());
        // Anything else about the debt is not.
        for act in [AskAboutSituation, AskForPayment, ScheduleCallback] {
            let r = play(call(
                s.clone(),
                Party::Debtor,
                &with(open(), &[step(&[act])]),
            ));
            assert_eq!(
                found(&r),
                [("fdcpa.cease_communication", Severity::Critical)],
                "{act:?}"
            );
            assert_eq!(r.violations[0].reason.contains("called in"), inbound);
        }
    }
}

// ---- Time zones from the database --------------------------------------------------------

fn zones(local: &str, address: &str, phone: &str) -> Scenario {
    let mut s = base();
    s.account.call_local_time = local.parse().unwrap();
    s.account.address_time_zone = rightparty::model::TimeZone {
        name: address.into(),
        iana: Some(address.into()),
        utc_offset_minutes: None,
    };
    s.account.phone_time_zone = Some(rightparty::model::TimeZone {
        name: phone.into(),
        iana: Some(phone.into()),
        utc_offset_minutes: None,
    });
    s
}

/// The call's one local time at the phone.
fn at_phone(s: &Scenario) -> chrono::NaiveDateTime {
    let times = s.account.call_times_at_phone();
    assert_eq!(times.len(), 1, "{times:?}");
    times[0].0
}

#[test]
fn daylight_saving_is_worked_out_from_the_time_zone_database() {
    // Arizona keeps standard time; Denver springs forward at 2 a.m. on 8 March 2026. At 8:30 p.m.
    // in Phoenix the night before, Denver is 8:30 p.m. too; on the night clocks changed it is
    // 9:30 p.m. there: the locations disagree.
    let before = zones("2026-03-07T20:30:00", "America/Phoenix", "America/Denver");
    assert_eq!(at_phone(&before), "2026-03-07T20:30:00".parse().unwrap());
    let opening = clean_opening();
    assert!(
        play(call(before, Party::Debtor, &opening))
            .cautions
            .is_empty()
    );
    let after = zones("2026-03-08T20:30:00", "America/Phoenix", "America/Denver");
    assert_eq!(at_phone(&after), "2026-03-08T21:30:00".parse().unwrap());
    let r = play(call(after, Party::Debtor, &opening));
    assert_eq!(r.cautions.len(), 1, "{:?}", r.cautions);
    // Falling back on 1 November: New York 8:30 p.m. is Chicago 7:30 p.m. either side.
    let fall = zones("2026-11-01T20:30:00", "America/New_York", "America/Chicago");
    assert_eq!(at_phone(&fall), "2026-11-01T19:30:00".parse().unwrap());
    // A local time that happens twice (1:30 a.m. on 1 November) is taken at its first
    // occurrence; one that never happens (2:30 a.m. on 8 March) at the offset before it.
    let twice = zones("2026-11-01T01:30:00", "America/New_York", "America/Phoenix");
    assert_eq!(at_phone(&twice), "2026-10-31T22:30:00".parse().unwrap());
    // (07:30 UTC: Chicago, which changes an hour later, is still on standard time.)
    let never = zones("2026-03-08T02:30:00", "America/New_York", "America/Chicago");
    assert_eq!(at_phone(&never), "2026-03-08T01:30:00".parse().unwrap());
}

#[test]
fn time_zones_are_validated() {
    let mut s = zones("2026-11-23T10:00:00", "America/New_York", "Mars/Olympus");
    let f = check(&s);
    assert!(
        f.0.iter()
            .any(|f| f.code == "unknown-time-zone" && f.path == "account.phone_time_zone.iana")
    );
    s.account.phone_time_zone.as_mut().unwrap().iana = Some("America/Chicago".into());
    s.account
        .phone_time_zone
        .as_mut()
        .unwrap()
        .utc_offset_minutes = Some(-300);
    let f = check(&s);
    assert!(f.0.iter().any(|f| f.code == "offset-mismatch"), "{:?}", f.0);
    s.account.phone_time_zone.as_mut().unwrap().iana = None;
    s.account
        .phone_time_zone
        .as_mut()
        .unwrap()
        .utc_offset_minutes = None;
    assert!(check(&s).0.iter().any(|f| f.code == "missing-time-zone"));
}

// ---- Account history ---------------------------------------------------------------------

fn with_history(history: &[(&str, rightparty::model::AttemptResult)]) -> Scenario {
    let mut s = base();
    s.account.call_local_time = "2026-11-23T10:30:00".parse().unwrap();
    s.account.call_history = history
        .iter()
        .map(|(at, result)| rightparty::model::CallAttempt {
            at: at.parse().unwrap(),
            result: *result,
            direction: rightparty::model::CallDirection::Outbound,
        })
        .collect();
    s
}

#[test]
fn seven_calls_in_seven_days_and_the_wait_after_a_conversation() {
    use rightparty::model::AttemptResult::*;
    let opening = with(clean_opening(), &[step(&[AskForPayment])]);
    // Seven earlier placed calls from 17 to 23 November: this one is the eighth.
    let seven: Vec<(String, _)> = (17..=23)
        .map(|d| (format!("2026-11-{d}T09:00:00"), NoAnswer))
        .collect();
    let refs: Vec<(&str, _)> = seven.iter().map(|(a, r)| (a.as_str(), *r)).collect();
    let r = play(call(with_history(&refs), Party::Debtor, &opening));
    assert_eq!(found(&r), [("regf.call_frequency", Severity::Major)]);
    assert!(r.violations[0].citation.contains("1006.14(b)(2)"));
    // A call on 16 November is outside the seven days; one that never connected is not counted.
    let mut six = refs.clone();
    six[0] = ("2026-11-16T09:00:00", NoAnswer);
    assert!(rules(call(with_history(&six), Party::Debtor, &opening)).is_empty());
    let mut busy = refs.clone();
    busy[3].1 = DidNotConnect;
    assert!(rules(call(with_history(&busy), Party::Debtor, &opening)).is_empty());
    // A conversation three days ago: calling again is presumed harassment; seven days ago is not.
    let talked = with_history(&[("2026-11-20T15:00:00", Conversation)]);
    assert_eq!(
        rules(call(talked.clone(), Party::Debtor, &opening)),
        ["regf.call_frequency"]
    );
    let week = with_history(&[("2026-11-16T15:00:00", Conversation)]);
    assert!(rules(call(week, Party::Debtor, &opening)).is_empty());
    // The consumer calling in is not a call the collector placed.
    let mut inbound = talked;
    inbound.account.direction = rightparty::model::CallDirection::Inbound;
    assert!(rules(call(inbound, Party::Debtor, &opening)).is_empty());
    // Agencies only: a creditor is not bound by Regulation F.
    let mut creditor = with_history(&refs);
    creditor.setting = Setting::FirstPartyCreditor;
    assert!(rules(call(creditor, Party::Debtor, &opening)).is_empty());
}

// ---- History on file ---------------------------------------------------------------------

fn d(s: &str) -> rightparty::model::Date {
    s.parse().unwrap()
}

fn letter(kind: LetterKind, sent: &str) -> Letter {
    Letter {
        kind,
        sent: d(sent),
        returned: false,
    }
}

/// A follow-up call on 2026-12-07 on an account whose validation notice went out on
/// 2026-11-10 (assumed received 11-18, Veterans Day skipped; the period ends 12-18).
fn with_notice() -> Scenario {
    let mut s = base();
    s.account.call_local_time = "2026-12-07T10:30:00".parse().unwrap();
    s.account.letters = vec![letter(LetterKind::ValidationNotice, "2026-11-10")];
    s
}

fn pay_after_opening() -> Vec<Step> {
    vec![
        step(&[Greet, AskForDebtor]),
        step(&[VerifyIdentity, DisclosureShort, DiscloseDebt]),
        step(&[AskForPayment]),
    ]
}

#[test]
fn a_delivered_letter_or_an_earlier_conversation_makes_the_call_a_later_communication() {
    let short = pay_after_opening();
    // Nothing in the history: the initial communication, the full disclosure is due.
    let mut s = base();
    assert!(s.account.is_initial());
    assert_eq!(
        rules(call(s.clone(), Party::Debtor, &short)),
        ["fdcpa.collector_disclosure"]
    );
    // A delivered notice: the short form is enough. A returned one reached nobody.
    let s2 = with_notice();
    assert!(!s2.account.is_initial());
    assert!(rules(call(s2.clone(), Party::Debtor, &short)).is_empty());
    let mut returned = s2.clone();
    returned.account.letters[0].returned = true;
    assert!(returned.account.is_initial());
    // An earlier call that reached a conversation.
    s.account.call_history = vec![rightparty::model::CallAttempt {
        at: "2026-11-02T10:00:00".parse().unwrap(),
        result: rightparty::model::AttemptResult::Conversation,
        direction: rightparty::model::CallDirection::Outbound,
    }];
    assert!(!s.account.is_initial());
    // What the file says wins (the validator warns when it contradicts the history).
    s.account.initial_communication = Some(true);
    assert!(s.account.is_initial());
    let f = check(&s);
    assert!(
        f.0.iter().any(|f| f.code == "initial-contradicts-history"),
        "{:?}",
        f.0
    );
}

#[test]
fn a_written_dispute_inside_the_validation_period_pauses_collection_until_verification() {
    let disputed = |received: &str| {
        let mut s = with_notice();
        s.account.disputes = vec![DisputeOnFile {
            received: d(received),
            written: true,
        }];
        s
    };
    let r = play(call(
        disputed("2026-11-30"),
        Party::Debtor,
        &pay_after_opening(),
    ));
    assert_eq!(
        found(&r),
        [
            ("fdcpa.collection_during_verification", Severity::Critical),
            ("fdcpa.collection_during_verification", Severity::Critical),
        ]
    );
    // Verification mailed after it: collection may resume.
    let mut verified = disputed("2026-11-30");
    verified
        .account
        .letters
        .push(letter(LetterKind::Verification, "2026-12-03"));
    assert!(rules(call(verified, Party::Debtor, &pay_after_opening())).is_empty());
    // An oral dispute on file, or a written one that came after the period, pauses nothing.
    let mut oral = disputed("2026-11-30");
    oral.account.disputes[0].written = false;
    assert!(rules(call(oral, Party::Debtor, &pay_after_opening())).is_empty());
    let mut late = disputed("2026-12-21");
    late.account.call_local_time = "2026-12-22T10:30:00".parse().unwrap();
    assert!(rules(call(late, Party::Debtor, &pay_after_opening())).is_empty());
    // The last day of the period (Dec 18) still counts.
    let mut last = disputed("2026-12-18");
    last.account.call_local_time = "2026-12-21T10:30:00".parse().unwrap();
    assert!(!rules(call(last, Party::Debtor, &pay_after_opening())).is_empty());
}

fn attorney(contacted: Option<&str>, responded: bool, consents: bool) -> Scenario {
    let mut s = with_notice();
    s.account.attorney = Some(AttorneyOnFile {
        name: "Dana Whitcomb".into(),
        phone: "555-0142".into(),
        contacted: contacted.map(d),
        responded,
        consents_to_direct_contact: consents,
    });
    s
}

#[test]
fn an_attorney_on_file_and_one_who_has_not_answered() {
    let r = play(call(
        attorney(None, false, false),
        Party::Debtor,
        &pay_after_opening(),
    ));
    assert_eq!(
        found(&r)[0],
        ("fdcpa.attorney_represented", Severity::Critical)
    );
    // The attorney consents to direct contact: nothing.
    assert!(
        rules(call(
            attorney(None, false, true),
            Party::Debtor,
            &pay_after_opening()
        ))
        .is_empty()
    );
    // Written to three weeks ago with no answer: a caution, never scored.
    let r = play(call(
        attorney(Some("2026-11-16"), false, false),
        Party::Debtor,
        &pay_after_opening(),
    ));
    assert!(r.violations.is_empty(), "{:?}", r.violations);
    assert_eq!(r.cautions[0].rule, "fdcpa.attorney_represented");
    assert!(r.cautions[0].reason.starts_with("depends: "));
    // The attorney answered (and did not consent): collecting from the consumer is a violation.
    assert_eq!(
        found(&play(call(
            attorney(Some("2026-11-16"), true, false),
            Party::Debtor,
            &pay_after_opening()
        )))[0]
            .0,
        "fdcpa.attorney_represented"
    );
}

fn requesting(asks: RequestKind, made: &str) -> Scenario {
    let mut s = with_notice();
    s.account.requests_on_file = vec![ContactRequest {
        made: d(made),
        asks,
    }];
    s
}

#[test]
fn requests_on_file_about_hours_place_and_the_phone() {
    let open = pay_after_opening();
    // A night-shift worker asked for no calls from 7:00 to 15:00; the call is at 10:30.
    let hours = requesting(
        RequestKind::NoCallsBetween("07:00".into(), "15:00".into()),
        "2026-11-20",
    );
    let r = play(call(hours.clone(), Party::Debtor, &open));
    assert_eq!(found(&r), [("fdcpa.inconvenient_time", Severity::Major)]);
    assert!(r.violations[0].reason.contains("request on file"));
    assert_eq!(r.violations[0].turn, 1);
    // Made after the call's day, or hours that do not include the call: nothing.
    let mut later = hours.clone();
    later.account.requests_on_file[0].made = d("2026-12-08");
    assert!(rules(call(later, Party::Debtor, &open)).is_empty());
    let evening = requesting(
        RequestKind::NoCallsBetween("17:00".into(), "20:00".into()),
        "2026-11-20",
    );
    assert!(rules(call(evening, Party::Debtor, &open)).is_empty());
    // Hours across midnight (22:00 to 11:00) include 10:30.
    let overnight = requesting(
        RequestKind::NoCallsBetween("22:00".into(), "11:00".into()),
        "2026-11-20",
    );
    assert_eq!(
        rules(call(overnight, Party::Debtor, &open)),
        ["fdcpa.inconvenient_time"]
    );
    // No calls at work: only a workplace line goes against it.
    let mut work = requesting(RequestKind::NoCallsAtWork, "2026-11-20");
    assert!(rules(call(work.clone(), Party::Debtor, &open)).is_empty());
    work.account.phone_line = Some(Line::Workplace);
    let r = play(call(work, Party::Debtor, &open));
    assert!(r.violations[0].reason.contains("workplace line"), "{r:?}");
    // No telephone calls: calling at all is the violation; answering their call is not.
    let mut phone = requesting(RequestKind::NoPhoneCalls, "2026-11-20");
    let r = play(call(phone.clone(), Party::Debtor, &open));
    assert_eq!(found(&r), [("regf.medium_request", Severity::Minor)]);
    assert!(r.violations[0].citation.contains("1006.14(h)"));
    phone.account.direction = rightparty::model::CallDirection::Inbound;
    assert!(rules(call(phone.clone(), Party::Debtor, &open)).is_empty());
    // ... but offering to phone them back is.
    let callback = with(open.clone(), &[step(&[ScheduleCallback])]);
    assert_eq!(
        rules(call(phone, Party::Debtor, &callback)),
        ["regf.medium_request"]
    );
}

fn contacted(party: Party, asked_again: bool) -> Scenario {
    let mut s = with_notice();
    s.account.third_party_contacts = vec![ThirdPartyContact {
        at: "2026-11-25T12:00:00".parse().unwrap(),
        party,
        name: Some("Gloria Tate".into()),
        said: "Asked where Marcus lives now; she said she did not know.".into(),
        asked_to_be_called_again: asked_again,
        now_has_better_information: false,
    }];
    s
}

#[test]
fn a_third_party_is_asked_for_location_information_only_once() {
    let ask = vec![
        step(&[Greet, AskForDebtor]),
        step(&[AskLocationInfo, CloseCall]),
    ];
    let r = play(call(
        contacted(Party::Neighbor, false),
        Party::Neighbor,
        &ask,
    ));
    assert_eq!(
        found(&r),
        [("fdcpa.repeat_location_contact", Severity::Major)]
    );
    assert_eq!(r.violations[0].citation, "15 USC 1692b(3)");
    // She asked to be called back, or this is someone else: allowed.
    assert!(
        rules(call(
            contacted(Party::Neighbor, true),
            Party::Neighbor,
            &ask
        ))
        .is_empty()
    );
    assert!(
        rules(call(
            contacted(Party::Neighbor, false),
            Party::Coworker,
            &ask
        ))
        .is_empty()
    );
    let mut better = contacted(Party::Neighbor, false);
    better.account.third_party_contacts[0].now_has_better_information = true;
    assert!(rules(call(better, Party::Neighbor, &ask)).is_empty());
    // The account holder answers and hands the phone to the neighbour: the fact comes with her,
    // and goes when the account holder is back.
    let handed = vec![
        step(&[Greet, AskForDebtor]),
        Step {
            speaker: Some(Party::Neighbor),
            acts: vec![AskLocationInfo],
            ..Step::default()
        },
        Step {
            speaker: Some(Party::Debtor),
            acts: vec![AskLocationInfo],
            ..Step::default()
        },
    ];
    let r = play(call(
        contacted(Party::Neighbor, false),
        Party::Debtor,
        &handed,
    ));
    assert_eq!(
        found(&r),
        [("fdcpa.repeat_location_contact", Severity::Major)]
    );
    assert_eq!(r.violations[0].turn, 2);
    // Not the FDCPA's in a creditor's own call (no state file extends it here).
    let mut creditor = contacted(Party::Neighbor, false);
    creditor.setting = Setting::FirstPartyCreditor;
    assert!(rules(call(creditor, Party::Neighbor, &ask)).is_empty());
}

// ---- Voicemail ---------------------------------------------------------------------------

#[test]
fn a_message_on_a_shared_voicemail_tells_the_household_and_a_recording_cannot_be_verified() {
    let message = vec![
        step(&[Greet]),
        step(&[LeaveMessage, DiscloseDebt, CloseCall]),
    ];
    // A family greeting: whoever plays it back hears about the debt, but only if someone
    // does, and courts differ on whether leaving it is a disclosure: "depends".
    let r = play(call(base(), Party::Voicemail(Line::Shared), &message));
    assert!(found(&r).is_empty(), "{:?}", r.violations);
    assert_eq!(r.cautions.len(), 1, "{:?}", r.cautions);
    assert_eq!(r.cautions[0].rule, "fdcpa.third_party_disclosure");
    assert!(r.cautions[0].reason.starts_with("depends: "));
    // A creditor's own call: the house standard keeps the account confidential, certain.
    let mut creditor = base();
    creditor.setting = Setting::FirstPartyCreditor;
    let r = play(call(creditor, Party::Voicemail(Line::Shared), &message));
    assert_eq!(
        found(&r),
        [("practice.third_party_disclosure", Severity::Major)]
    );
    // The account holder's own greeting: the message is a communication with them, so the
    // debt-collector disclosure is owed in it.
    let r = play(call(base(), Party::Voicemail(Line::Own), &message));
    assert!(
        found(&r).contains(&("fdcpa.collector_disclosure", Severity::Major)),
        "{:?}",
        r.violations
    );
    // "Verifying" a recording verifies nobody.
    let verified = vec![
        step(&[Greet, VerifyIdentity]),
        step(&[LeaveMessage, DisclosureFull, DiscloseDebt]),
    ];
    let r = play(call(base(), Party::Voicemail(Line::Own), &verified));
    assert!(
        r.violations
            .iter()
            .any(|v| v.rule == "practice.disclosure_before_verification"),
        "{:?}",
        r.violations
    );
}
