//! The call simulator: every compliance rule broken and kept (with the traps: spouse vs
//! roommate, oral vs written dispute, "thinking about" vs filed bankruptcy, two time zones,
//! 8:59 pm vs 9:00 pm), scoring and dedup, golden playthroughs from test plans, determinism
//! and save/restore, the explorer and the debrief's better choice.

use std::sync::Arc;

use proptest::prelude::*;
use rightparty::call::compliance::Facts;
use rightparty::call::explore::{analyze, best_alternatives};
use rightparty::call::runner::{Event, Phase};
use rightparty::call::{Action, CallRun, Compiled, RunState};
use rightparty::model::{
    Act, FileFlag, MarkedViolation, Outcome, Party, Revelation, Scenario, Setting, Severity,
};

use crate::util::{data, load};

use crate::callkit::*;
use Act::*;

#[test]
fn a_clean_call_breaks_no_rule() {
    let r = play(call(
        base(),
        Party::Debtor,
        &with(clean_opening(), &[step(&[AskForPayment, CloseCall])]),
    ));
    assert!(r.violations.is_empty(), "{:?}", r.violations);
    assert_eq!(r.scores.compliance, 100);
    assert!(
        r.disclosures.iter().all(|d| !d.required || d.given),
        "{:?}",
        r.disclosures
    );
}

#[test]
fn third_party_disclosure_roommate_vs_spouse() {
    // Telling a roommate about the debt is a critical 1692c(b) violation.
    let r = play(call(
        base(),
        Party::Roommate,
        &[step(&[Greet, TellThirdPartyAboutDebt])],
    ));
    assert_eq!(r.violations[0].rule, "fdcpa.third_party_disclosure");
    assert_eq!(r.violations[0].severity, Severity::Critical);
    assert!(!r.passed, "a critical violation fails the call");
    // Asking a roommate only for location information is allowed.
    assert!(
        rules(call(
            base(),
            Party::Roommate,
            &[step(&[Greet, AskLocationInfo])]
        ))
        .is_empty()
    );
    // A spouse counts as the consumer (1692c(d)): verified and disclosed, no violation.
    assert!(rules(call(base(), Party::Spouse, &clean_opening())).is_empty());
    // An executor too.
    assert!(rules(call(base(), Party::Executor, &clean_opening())).is_empty());
    // The roommate hands the phone to the debtor, who is then the one on the line.
    let steps = [
        step(&[Greet, AskForDebtor]),
        Step {
            speaker: Some(Party::Debtor),
            acts: vec![VerifyIdentity, DisclosureFull, DiscloseDebt],
            ..Step::default()
        },
    ];
    assert!(rules(call(base(), Party::Roommate, &steps)).is_empty());
}

#[test]
fn discussing_the_debt_before_verification_is_a_practice_failure() {
    let r = play(call(
        base(),
        Party::Debtor,
        &[step(&[Greet, DisclosureFull, DiscloseDebt, VerifyIdentity])],
    ));
    let v: Vec<_> = r
        .violations
        .iter()
        .map(|v| (v.rule.as_str(), v.severity))
        .collect();
    assert_eq!(
        v,
        [("practice.disclosure_before_verification", Severity::Minor)]
    );
    // Acts count in order: verifying first is clean.
    assert!(
        rules(call(
            base(),
            Party::Debtor,
            &[step(&[Greet, VerifyIdentity, DisclosureFull, DiscloseDebt])]
        ))
        .is_empty()
    );
}

#[test]
fn the_debt_collector_disclosure_full_then_short() {
    // Initial communication: the debt discussed with no disclosure.
    let no_disclosure = [step(&[VerifyIdentity, DiscloseDebt])];
    assert_eq!(
        rules(call(base(), Party::Debtor, &no_disclosure)),
        ["fdcpa.collector_disclosure"]
    );
    // Initial communication: the short form is not enough.
    let short = [step(&[VerifyIdentity, DisclosureShort, DiscloseDebt])];
    assert_eq!(
        rules(call(base(), Party::Debtor, &short)),
        ["fdcpa.collector_disclosure"]
    );
    // A later communication: the short form is enough.
    let mut later = base();
    later.account.initial_communication = Some(false);
    assert!(rules(call(later.clone(), Party::Debtor, &short)).is_empty());
    assert_eq!(
        rules(call(later, Party::Debtor, &no_disclosure)),
        ["fdcpa.collector_disclosure"]
    );
    // Reported once per call, not at every later mention.
    let twice = [step(&[VerifyIdentity, DiscloseDebt]), step(&[StateBalance])];
    assert_eq!(
        rules(call(base(), Party::Debtor, &twice)),
        ["fdcpa.collector_disclosure"]
    );
}

fn at_time(address: &str, address_offset: i32, phone_offset: i32) -> Scenario {
    let mut s = base();
    s.account.call_local_time =
        chrono::NaiveDateTime::parse_from_str(address, "%Y-%m-%dT%H:%M").unwrap();
    s.account.address_time_zone.iana = None;
    s.account.address_time_zone.utc_offset_minutes = Some(address_offset);
    s.account.phone_time_zone = Some(rightparty::model::TimeZone {
        name: "phone".into(),
        iana: None,
        utc_offset_minutes: Some(phone_offset),
    });
    s
}

/// The "depends" cautions of a call: rule and reason.
fn cautions(s: Scenario) -> Vec<String> {
    play(s).cautions.into_iter().map(|v| v.rule).collect()
}

#[test]
fn calling_hours_in_both_time_zones() {
    let opening = clean_opening();
    let at = |t: &str, address: i32, phone: i32| {
        call(at_time(t, address, phone), Party::Debtor, &opening)
    };
    // 8:59 p.m. is inside the window; 9:01 p.m. is not.
    assert!(rules(at("2026-11-23T20:59", -300, -300)).is_empty());
    assert_eq!(
        rules(at("2026-11-23T21:01", -300, -300)),
        ["fdcpa.inconvenient_time"]
    );
    // 9:00 p.m. itself "depends": the rule presumes calls after 9:00 inconvenient. A caution
    // with its reason, neither a breach nor silently compliant.
    let nine = play(at("2026-11-23T21:00", -300, -300));
    assert!(nine.violations.is_empty());
    assert_eq!(nine.cautions.len(), 1);
    assert_eq!(nine.cautions[0].rule, "fdcpa.inconvenient_time");
    assert!(
        nine.cautions[0].reason.starts_with("depends: "),
        "{:?}",
        nine.cautions
    );
    assert_eq!(nine.scores.compliance, 100);
    // 8:00 a.m. is inside; 7:59 a.m. is not.
    assert!(rules(at("2026-11-23T08:00", -300, -300)).is_empty());
    assert_eq!(
        rules(at("2026-11-23T07:59", -300, -300)),
        ["fdcpa.inconvenient_time"]
    );
    // 8:30 p.m. Central at the address, but the phone's area code is Eastern (9:30 p.m.): the
    // two locations disagree, which depends (the time should be convenient in both).
    let split = at("2026-11-23T20:30", -360, -300);
    assert!(rules(split.clone()).is_empty());
    assert_eq!(cautions(split), ["fdcpa.inconvenient_time"]);
    // 8:30 a.m. Eastern at the address, 5:30 a.m. at a Pacific phone: the same.
    assert_eq!(
        cautions(at("2026-11-23T08:30", -300, -480)),
        ["fdcpa.inconvenient_time"]
    );
    // Outside in both: a breach.
    assert_eq!(
        rules(at("2026-11-23T22:30", -360, -300)),
        ["fdcpa.inconvenient_time"]
    );
    // Inside in both zones.
    let fine = at("2026-11-23T12:00", -300, -480);
    assert!(rules(fine.clone()).is_empty() && cautions(fine).is_empty());
}

#[test]
fn a_time_the_consumer_says_is_inconvenient() {
    let bad = with(
        clean_opening(),
        &[says(&[Revelation::InconvenientTime], &[AskForPayment])],
    );
    assert_eq!(
        rules(call(base(), Party::Debtor, &bad)),
        ["fdcpa.inconvenient_time"]
    );
    let good = with(
        clean_opening(),
        &[says(
            &[Revelation::InconvenientTime],
            &[NoteInconvenientTime, CloseCall],
        )],
    );
    assert!(rules(call(base(), Party::Debtor, &good)).is_empty());
}

#[test]
fn attorney_representation() {
    let bad = with(
        clean_opening(),
        &[says(&[Revelation::AttorneyRepresents], &[AskForPayment])],
    );
    assert_eq!(
        rules(call(base(), Party::Debtor, &bad)),
        ["fdcpa.attorney_represented"]
    );
    let good = with(
        clean_opening(),
        &[says(
            &[Revelation::AttorneyRepresents],
            &[TakeAttorneyDetails, CloseCall],
        )],
    );
    assert!(rules(call(base(), Party::Debtor, &good)).is_empty());
}

#[test]
fn written_cease_vs_oral_stop_calling() {
    let mut ceased = base();
    ceased.account.flags_on_file.push(FileFlag::CeaseRequest);
    let collect = with(clean_opening(), &[step(&[AskForPayment])]);
    assert!(
        rules(call(ceased.clone(), Party::Debtor, &collect))
            .contains(&"fdcpa.cease_communication".to_string())
    );
    // Telling the consumer collection is ending is one of the messages still allowed.
    assert!(
        rules(call(
            ceased,
            Party::Debtor,
            &[step(&[Greet, VerifyIdentity, CeaseCollection, CloseCall])]
        ))
        .is_empty()
    );
    // An oral "stop calling" is not a written cease: collecting on this call is not 1692c(c)...
    let oral = with(
        clean_opening(),
        &[says(&[Revelation::AsksToStopCalling], &[AskForPayment])],
    );
    assert!(rules(call(base(), Party::Debtor, &oral)).is_empty());
    // ...but setting up another phone call after it ignores the request (12 CFR 1006.14(h)).
    let callback = with(
        clean_opening(),
        &[says(&[Revelation::AsksToStopCalling], &[ScheduleCallback])],
    );
    assert_eq!(
        rules(call(base(), Party::Debtor, &callback)),
        ["regf.medium_request"]
    );
}

#[test]
fn bankruptcy_filed_vs_thinking_about_it() {
    let filed = with(
        clean_opening(),
        &[says(&[Revelation::BankruptcyFiled], &[AskForPayment])],
    );
    let r = play(call(base(), Party::Debtor, &filed));
    assert_eq!(
        (r.violations[0].rule.as_str(), r.violations[0].severity),
        ("bankruptcy.automatic_stay", Severity::Critical)
    );
    let considering = with(
        clean_opening(),
        &[says(&[Revelation::BankruptcyConsidered], &[AskForPayment])],
    );
    assert!(rules(call(base(), Party::Debtor, &considering)).is_empty());
    let details = with(
        clean_opening(),
        &[says(
            &[Revelation::BankruptcyFiled],
            &[TakeBankruptcyDetails, CloseCall],
        )],
    );
    assert!(rules(call(base(), Party::Debtor, &details)).is_empty());
    // A filing on file binds from the start.
    let mut on_file = base();
    on_file.account.flags_on_file.push(FileFlag::Bankruptcy);
    assert!(
        rules(call(on_file, Party::Debtor, &clean_opening()))
            .contains(&"bankruptcy.automatic_stay".to_string())
    );
}

#[test]
fn threats_and_false_statements() {
    let threat = |acts: &[Act]| with(clean_opening(), &[step(acts)]);
    assert_eq!(
        rules(call(base(), Party::Debtor, &threat(&[ThreatenArrest]))),
        ["fdcpa.false_threat"]
    );
    // A suit not intended is a false threat; one intended and allowed is not.
    assert_eq!(
        rules(call(base(), Party::Debtor, &threat(&[ThreatenSuit]))),
        ["fdcpa.false_threat"]
    );
    let mut intended = base();
    intended.account.legal_action_intended = true;
    assert!(
        rules(call(
            intended.clone(),
            Party::Debtor,
            &threat(&[ThreatenSuit])
        ))
        .is_empty()
    );
    // On a time-barred debt, no suit may be threatened even if the creditor wants one.
    intended.account.time_barred = true;
    assert_eq!(
        rules(call(intended, Party::Debtor, &threat(&[ThreatenSuit]))),
        ["regf.time_barred_suit"]
    );
    assert_eq!(
        rules(call(base(), Party::Debtor, &threat(&[MisstateDebt]))),
        ["fdcpa.false_representation"]
    );
    assert_eq!(
        rules(call(base(), Party::Debtor, &threat(&[AbusiveLanguage]))),
        ["fdcpa.harassment"]
    );
    assert_eq!(
        rules(call(base(), Party::Debtor, &threat(&[AddUnauthorizedFee]))),
        ["fdcpa.unauthorized_amount"]
    );
    assert!(
        rules(call(
            base(),
            Party::Debtor,
            &threat(&[Empathize, AskForPayment])
        ))
        .is_empty()
    );
}

#[test]
fn disputes_oral_vs_written() {
    // A written dispute on file: collecting before verification is sent violates 1692g(b).
    let mut written = base();
    written.account.flags_on_file.push(FileFlag::WrittenDispute);
    let collect = with(clean_opening(), &[step(&[AskForPayment])]);
    assert!(
        rules(call(written, Party::Debtor, &collect))
            .contains(&"fdcpa.collection_during_verification".to_string())
    );
    // An oral dispute does not trigger that stop; recording it keeps the call clean.
    let oral = with(
        clean_opening(),
        &[says(
            &[Revelation::DisputesOrally],
            &[RecordDispute, ExplainDisputeRights, AskForPayment],
        )],
    );
    assert!(rules(call(base(), Party::Debtor, &oral)).is_empty());
    // Not recording an oral dispute is a practice failure, found when the call ends.
    let unrecorded = with(
        clean_opening(),
        &[says(&[Revelation::DisputesOrally], &[AskForPayment])],
    );
    let r = play(call(base(), Party::Debtor, &unrecorded));
    assert_eq!(
        (r.violations[0].rule.as_str(), r.violations[0].severity),
        ("practice.dispute_not_recorded", Severity::Minor)
    );
    // Saying they cannot dispute, or pressing so as to overshadow the right, violates the law.
    for act in [DenyDisputeRights, PressureDuringDispute] {
        let s = with(
            clean_opening(),
            &[says(&[Revelation::DisputesOrally], &[RecordDispute, act])],
        );
        assert_eq!(
            rules(call(base(), Party::Debtor, &s)),
            ["fdcpa.dispute_overshadowing"],
            "{act:?}"
        );
    }
    // Credit reporting on a known dispute that was not recorded violates 1692e(8).
    let report = with(
        clean_opening(),
        &[
            says(&[Revelation::DisputesOrally], &[CreditReport]),
            step(&[RecordDispute]),
        ],
    );
    assert_eq!(
        rules(call(base(), Party::Debtor, &report)),
        ["fdcpa.disputed_credit_reporting"]
    );
    let noted = with(
        clean_opening(),
        &[says(
            &[Revelation::DisputesOrally],
            &[RecordDispute, CreditReport],
        )],
    );
    assert!(rules(call(base(), Party::Debtor, &noted)).is_empty());
}

#[test]
fn rule_packs_follow_the_setting() {
    // A first-party creditor is not a debt collector under the FDCPA: telling a roommate about
    // the debt breaks the practice standard, cited as such, not 1692c(b)...
    let mut creditor = base();
    creditor.setting = Setting::FirstPartyCreditor;
    let told = play(call(
        creditor.clone(),
        Party::Roommate,
        &[step(&[TellThirdPartyAboutDebt])],
    ));
    let v: Vec<_> = told
        .violations
        .iter()
        .map(|v| (v.rule.as_str(), v.severity))
        .collect();
    assert_eq!(v, [("practice.third_party_disclosure", Severity::Major)]);
    assert!(!told.violations[0].citation.contains("USC"));
    // ...but the bankruptcy stay binds every creditor.
    let filed = [says(&[Revelation::BankruptcyFiled], &[AskForPayment])];
    assert_eq!(
        rules(call(creditor, Party::Debtor, &filed)),
        [
            "practice.disclosure_before_verification",
            "bankruptcy.automatic_stay"
        ]
    );
}

#[test]
fn author_and_engine_findings_count_once() {
    let mut s = call(base(), Party::Roommate, &[step(&[TellThirdPartyAboutDebt])]);
    s.nodes[0].choices[0].violations = vec![MarkedViolation {
        rule: "fdcpa.third_party_disclosure".into(),
        severity: Severity::Critical,
    }];
    s.nodes[0].choices[0].effects.compliance = -50;
    let r = play(s);
    assert_eq!(r.violations.len(), 1);
    assert_eq!(
        r.violations[0].found_by,
        rightparty::call::engine::FoundBy::Both
    );
    // 50 off for the critical violation, once; the choice's own -50 does not count again.
    assert_eq!(r.scores.compliance, 50);
}

#[test]
fn scores_are_traceable_and_pass_needs_every_mark() {
    let r = play(call(
        base(),
        Party::Debtor,
        &with(clean_opening(), &[step(&[AskForPayment, CloseCall])]),
    ));
    let mut sum = rightparty::call::Points::default();
    r.items.iter().for_each(|i| sum += i.points);
    assert_eq!(sum, r.points, "every point has an item");
    assert_eq!(r.scores, rightparty::call::Scores::from_points(r.points));
    // Composure 0 is under the base rubric's 50: the call fails though compliance is perfect.
    assert_eq!(r.scores.compliance, 100);
    assert!(!r.passed);
}

fn plan_file(path: &std::path::Path) -> Vec<(usize, String)> {
    std::fs::read_to_string(path)
        .unwrap()
        .lines()
        .enumerate()
        .map(|(i, l)| (i + 1, l.trim().to_string()))
        .filter(|(_, l)| !l.is_empty() && !l.starts_with('#'))
        .collect()
}

/// Golden playthroughs: each `tests/data/plans/*.plan` names a scenario and a seed, then
/// alternates actions with what must happen (lines, choices shown, violations, scores,
/// outcome, pass or fail), in the style of Yarn Spinner's test plans.
#[test]
fn golden_playthroughs_follow_their_test_plans() {
    let mut plans: Vec<_> = std::fs::read_dir(data("plans"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    plans.sort();
    assert!(plans.len() >= 4, "expected the plan fixtures");
    for plan in plans {
        let steps = plan_file(&plan);
        let at = |n: usize| format!("{}:{n}", plan.display());
        let (_, first) = &steps[0];
        let scenario_path = first
            .strip_prefix("scenario ")
            .expect("plans start with `scenario PATH`");
        let seed: u64 = steps[1]
            .1
            .strip_prefix("seed ")
            .expect("then `seed N`")
            .parse()
            .unwrap();
        let set = load(&[std::path::PathBuf::from(scenario_path)]);
        let c = Arc::new(Compiled::new(Arc::new(set.scenarios[0].item.clone())).unwrap());
        let mut run = CallRun::start(c, seed, None).unwrap();
        let mut events: Vec<Event> = run.take_events();
        for (n, line) in &steps[2..] {
            let (cmd, arg) = line.split_once(' ').unwrap_or((line, ""));
            match cmd {
                "choose" => events = run.act(Action::Choose(arg.parse().unwrap())).unwrap(),
                "timeout" => events = run.act(Action::TimeOut).unwrap(),
                "wrapup" => events = run.act(Action::WrapUp(arg.parse().unwrap())).unwrap(),
                "line" => assert!(
                    events.iter().any(|e| matches!(e, Event::Line(l) if l.text == arg)),
                    "{}: no line {arg:?} in {events:#?}",
                    at(*n)
                ),
                "choices" => {
                    let shown = events.iter().find_map(|e| match e {
                        Event::Choices { choices, .. } => Some(choices.len()),
                        _ => None,
                    });
                    assert_eq!(shown, Some(arg.parse().unwrap()), "{}", at(*n));
                }
                "violation" => assert!(
                    events.iter().any(|e| matches!(e, Event::Feedback { violations, .. } if violations.iter().any(|v| v.rule == arg))),
                    "{}: no violation {arg} in {events:#?}",
                    at(*n)
                ),
                "clean" => assert!(
                    events.iter().all(|e| !matches!(e, Event::Feedback { violations, .. } if !violations.is_empty())),
                    "{}: unexpected violation in {events:#?}",
                    at(*n)
                ),
                "outcome" => assert!(
                    events.iter().any(|e| matches!(e, Event::Ended { outcome, .. } if format!("{outcome:?}") == arg)),
                    "{}: outcome is not {arg}",
                    at(*n)
                ),
                "scores" => {
                    let r = run.result().expect("scores come after the wrap-up");
                    let want: Vec<u32> = arg.split_whitespace().map(|x| x.parse().unwrap()).collect();
                    assert_eq!(vec![r.scores.negotiation, r.scores.composure, r.scores.compliance], want, "{}", at(*n));
                }
                "passed" => assert_eq!(run.result().unwrap().passed.to_string(), arg, "{}", at(*n)),
                "wrap_up_correct" => assert_eq!(run.result().unwrap().wrap_up_correct.to_string(), arg, "{}", at(*n)),
                other => panic!("{}: unknown plan command {other}", at(*n)),
            }
        }
        assert!(
            matches!(run.phase(), Phase::Finished { .. }),
            "{}: the plan must finish the call",
            plan.display()
        );
    }
}

fn shipped() -> Vec<Arc<Compiled>> {
    let set = load(&[
        data("valid/call.ron"),
        std::path::PathBuf::from("scenarios"),
    ]);
    set.scenarios
        .into_iter()
        .map(|s| Arc::new(Compiled::new(Arc::new(s.item)).unwrap()))
        .collect()
}

/// Plays a call with picks taken from `picks` (each reduced modulo the options open), letting
/// timed decisions run out when the pick says so. Returns the actions taken.
fn random_actions(c: &Arc<Compiled>, seed: u64, picks: &[usize]) -> Vec<Action> {
    let mut run = CallRun::start(c.clone(), seed, None).unwrap();
    let mut actions = Vec::new();
    for &p in picks.iter().cycle().take(200) {
        let a = match run.phase() {
            Phase::Deciding { shown } => {
                let timed = c
                    .node(c.node_index(&run.save().now.node).unwrap())
                    .time_limit
                    .is_some();
                if timed && p % 7 == 0 {
                    Action::TimeOut
                } else {
                    Action::Choose(1 + p % shown.len())
                }
            }
            Phase::WrappingUp { .. } => Action::WrapUp(1 + p % 2),
            Phase::Finished { .. } => break,
        };
        run.act(a).unwrap();
        actions.push(a);
    }
    actions
}

fn replay(c: &Arc<Compiled>, seed: u64, actions: &[Action]) -> (RunState, Vec<Event>) {
    let mut run = CallRun::start(c.clone(), seed, None).unwrap();
    let mut events = run.take_events();
    for a in actions {
        events.extend(run.act(*a).unwrap());
    }
    (run.save().clone(), events)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    /// Same scenario + seed + actions = same transcript and state, and saving at any point then
    /// restoring from JSON ends exactly where the uninterrupted call ends.
    #[test]
    fn deterministic_and_resumable(which in 0usize..3, seed in any::<u64>(), picks in prop::collection::vec(0usize..50, 1..30), cut in any::<prop::sample::Index>()) {
        let cs = shipped();
        let c = &cs[which % cs.len()];
        let actions = random_actions(c, seed, &picks);
        let (a, ea) = replay(c, seed, &actions);
        let (b, eb) = replay(c, seed, &actions);
        prop_assert_eq!(&a, &b);
        prop_assert_eq!(ea, eb);
        let k = cut.index(actions.len() + 1);
        let mut run = CallRun::start(c.clone(), seed, None).unwrap();
        for act in &actions[..k] {
            run.act(*act).unwrap();
        }
        let json = serde_json::to_string(run.save()).unwrap();
        drop(run);
        let saved: RunState = serde_json::from_str(&json).unwrap();
        let mut resumed = CallRun::restore(c.clone(), saved).unwrap();
        for act in &actions[k..] {
            resumed.act(*act).unwrap();
        }
        prop_assert_eq!(resumed.save(), &a);
    }
}

#[test]
fn a_choice_that_is_not_shown_is_an_error_naming_the_decision() {
    let c = &shipped()[0];
    let mut run = CallRun::start(c.clone(), 1, None).unwrap();
    let err = run.act(Action::Choose(9)).unwrap_err().to_string();
    assert!(err.contains("decision 1") && err.contains("hello"), "{err}");
    assert!(run.act(Action::WrapUp(1)).is_err());
}

#[test]
fn shipped_scenarios_have_a_passing_best_a_failing_worst_and_full_coverage() {
    for c in shipped().iter().skip(1) {
        let a = analyze(c);
        assert!(a.exact, "{}: {:?}", a.id, a.note);
        assert!(a.best.as_ref().unwrap().passed, "{}: best path fails", a.id);
        assert!(
            !a.worst.as_ref().unwrap().passed,
            "{}: worst path passes",
            a.id
        );
        assert!(
            a.unreachable.is_empty(),
            "{}: unreachable {:?}",
            a.id,
            a.unreachable
        );
        assert!(a.endings.iter().all(|e| e.reachable), "{}", a.id);
    }
}

/// The best path `analyze` reports, played for real, scores what it said.
#[test]
fn the_best_path_is_playable_and_scores_as_reported() {
    for c in shipped() {
        let a = analyze(&c);
        let best = a.best.unwrap();
        let mut run = CallRun::start(c.clone(), 0, None).unwrap();
        for step in &best.path {
            let n: usize = step.rsplit(':').next().unwrap().parse().unwrap();
            run.act(if n == 0 {
                Action::TimeOut
            } else {
                Action::Choose(n)
            })
            .unwrap();
        }
        let w = c
            .node(c.node_index(&run.save().now.node).unwrap())
            .ending
            .as_ref()
            .unwrap()
            .wrap_up
            .correct;
        run.act(Action::WrapUp(w + 1)).unwrap();
        let r = run.result().unwrap();
        assert_eq!(
            (r.scores, r.passed, r.outcome),
            (best.scores, best.passed, best.outcome),
            "{}",
            a.id
        );
    }
}

#[test]
fn the_debrief_names_a_better_choice_where_there_was_one() {
    // The test call: telling the roommate ends the call; asking for Jordan is better.
    let c = &shipped()[0];
    let mut run = CallRun::start(c.clone(), 1, None).unwrap();
    run.act(Action::Choose(2)).unwrap();
    run.act(Action::WrapUp(1)).unwrap();
    let r = run.result().unwrap();
    let alts = best_alternatives(c, &r.decisions);
    let alt = alts[0].as_ref().expect("a better choice at decision 1");
    assert_eq!(alt.number, 1);
    assert!(alt.text.starts_with("Hi, this is Alex"));
    assert_eq!(alt.best.outcome, Outcome::PlanSetUp);
    // Taking the best choice leaves nothing better to suggest.
    let mut run = CallRun::start(c.clone(), 1, None).unwrap();
    for a in [
        Action::Choose(1),
        Action::Choose(1),
        Action::Choose(1),
        Action::WrapUp(1),
    ] {
        run.act(a).unwrap();
    }
    let r = run.result().unwrap();
    assert!(
        best_alternatives(c, &r.decisions)
            .iter()
            .all(Option::is_none)
    );
}

#[test]
fn hesitation_costs_composure_and_raises_agitation() {
    let c = &shipped()[0];
    let mut run = CallRun::start(c.clone(), 1, None).unwrap();
    let before = run.agitation();
    let ev = run.act(Action::TimeOut).unwrap();
    assert!(ev.iter().any(|e| matches!(e, Event::DeadAir { .. })));
    assert_eq!(run.agitation(), before + 2);
    assert_eq!(run.points().composure, -5);
    assert_eq!(run.save().now.node, "silence");
}

#[test]
fn facts_start_from_the_account() {
    let mut s = base();
    s.account.flags_on_file = vec![FileFlag::Attorney];
    s.account.initial_communication = Some(false);
    let c = Compiled::new(Arc::new(s)).unwrap();
    let core = c.initial(None);
    assert!(core.facts.has(Facts::ATTORNEY));
    assert!(!core.facts.has(Facts::INITIAL));
}

#[test]
fn restoring_into_a_changed_scenario_is_an_error_not_a_panic() {
    let c = &shipped()[0];
    let mut run = CallRun::start(c.clone(), 1, None).unwrap();
    run.act(Action::Choose(2)).unwrap(); // to the `hung_up` ending
    let saved = run.save().clone();
    // The author turns the ending into a decision...
    let mut s = base();
    let i = s.nodes.iter().position(|n| n.id == "hung_up").unwrap();
    s.nodes[i].ending = None;
    s.nodes[i].choices = vec![choice("again", vec![], "hello")];
    let changed = Arc::new(Compiled::new(Arc::new(s)).unwrap());
    let err = CallRun::restore(changed, saved.clone())
        .unwrap_err()
        .to_string();
    assert!(err.contains("no longer an ending"), "{err}");
    // ...or removes the node the save names.
    let text = std::fs::read_to_string(data("valid/call.ron"))
        .unwrap()
        .replace("\"hung_up\"", "\"hang_up\"");
    let gone =
        rightparty::content::load_texts([("renamed.ron", text.as_str())], &crate::util::options())
            .scenarios
            .remove(0)
            .item;
    let gone = Arc::new(Compiled::new(Arc::new(gone)).unwrap());
    let err = CallRun::restore(gone, saved).unwrap_err().to_string();
    assert!(err.contains("`hung_up` is gone"), "{err}");
}
