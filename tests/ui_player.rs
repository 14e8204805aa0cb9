//! The call player and the debrief, driven headless with egui_kittest on the first shipped
//! scenario: played to the end by clicks and by number keys, coached against assessment, a
//! timed decision running out on a manual clock, resuming a saved call, and replaying from a
//! decision in the debrief.

use std::path::PathBuf;
use std::sync::Arc;

use egui_kittest::{Harness, kittest::Queryable};
use rightparty::call::{CallResult, Compiled, RunState};
use rightparty::clock::{Clock, ManualClock};
use rightparty::ui::debrief::{DebriefEvent, DebriefView};
use rightparty::ui::player::{PlayMode, PlayerEvent, PlayerView};

use crate::util::load;

const SEED: u64 = 11;

/// The first shipped scenario, loaded with the content loader and checked usable.
fn first_scenario() -> Arc<Compiled> {
    let set = load(&[PathBuf::from("scenarios/first-contact-verification.ron")]);
    let s = set
        .scenarios
        .into_iter()
        .next()
        .expect("the shipped scenario");
    assert!(s.usable(), "the shipped scenario has errors");
    Arc::new(Compiled::new(Arc::new(s.item)).expect("it compiles"))
}

/// The player plus every event it reported.
struct Screen {
    player: PlayerView,
    events: Vec<PlayerEvent>,
}

fn player_harness(player: PlayerView) -> Harness<'static, Screen> {
    Harness::builder()
        .with_size([1280.0, 900.0])
        // The side panels take a couple of frames to settle their width on the first show.
        .with_max_steps(8)
        .build_ui_state(
            |ui, s: &mut Screen| {
                if let Some(e) = s.player.show(ui) {
                    s.events.push(e);
                }
            },
            Screen {
                player,
                events: Vec::new(),
            },
        )
}

fn start(mode: PlayMode, clock: &ManualClock) -> Harness<'static, Screen> {
    let clock: Arc<dyn Clock> = Arc::new(clock.clone());
    player_harness(PlayerView::new(first_scenario(), SEED, mode, clock).unwrap())
}

/// Clicks the button of shown option `n`.
fn click(h: &mut Harness<'static, Screen>, n: usize) {
    let label = h.state().player.option_labels()[n - 1].clone();
    h.get_by_label(&label).click();
    h.run();
}

/// Presses the number key for option `n` (1..=9).
fn press(h: &mut Harness<'static, Screen>, n: usize) {
    h.key_press(rightparty::ui::DIGIT_KEYS[n - 1]);
    h.run();
}

fn finished(h: &Harness<'static, Screen>) -> (CallResult, RunState) {
    match h.state().events.last() {
        Some(PlayerEvent::Finished { result, state }) => ((**result).clone(), state.clone()),
        other => panic!("the call did not finish: {other:?}"),
    }
}

/// The debrief and the last thing it reported.
type Debrief = (DebriefView, Option<DebriefEvent>);

fn debrief_harness(result: CallResult, state: RunState) -> Harness<'static, Debrief> {
    let mut view = DebriefView::new(first_scenario(), result, state);
    view.wait_for_alternatives();
    let mut h = Harness::builder()
        .with_size([1280.0, 900.0])
        .build_ui_state(
            |ui, s: &mut Debrief| {
                if let Some(e) = s.0.show(ui) {
                    s.1 = Some(e);
                }
            },
            (view, None),
        );
    h.run();
    h
}

/// A path that gives details before verifying (two violations at decision 4), then recovers
/// and sets up a plan: roommate 1, 2, 1; Dana 2; verify 1; disclose 2; ask 2; budget 2;
/// plan 1; recap 1; the right note 2.
const SLIP_PATH: [usize; 11] = [1, 2, 1, 2, 1, 2, 2, 2, 1, 1, 2];
/// The best path (`analyze` shows it passing).
const BEST_PATH: [usize; 10] = [1, 2, 1, 1, 2, 2, 2, 1, 1, 2];

#[test]
fn a_call_played_by_clicks_ends_in_a_debrief_with_scores_and_citations() {
    let clock = ManualClock::new();
    let mut h = start(PlayMode::Coached, &clock);
    h.run();
    // The account screen as a collector sees it.
    h.get_by_label("Dana Pruitt");
    h.get_by_label("$2,326.40");
    h.get_by_label("Mon Nov 23, 2026, 6:40 PM Eastern (EST)");
    h.get_by_label("5:40 PM Central (CST)");
    h.get_by_label_contains("2026-11-18: Placed by Brightwater Bank");
    h.get_by_label("Roommate (neutral):");
    for (k, &n) in SLIP_PATH.iter().enumerate() {
        click(&mut h, n);
        let events = &h.state().events;
        assert_eq!(events.len(), k + 1, "one event per pick");
    }
    for e in &h.state().events[..SLIP_PATH.len() - 1] {
        assert!(matches!(e, PlayerEvent::Decided(_)), "{e:?}");
    }
    let (result, state) = finished(&h);
    assert!(!result.passed);
    assert_eq!(state.decisions.len(), SLIP_PATH.len() - 1);
    h.get_by_label("The call is over and scored.");

    let d = debrief_harness(result.clone(), state);
    d.get_by_label("Result: FAIL");
    d.get_by_label("Outcome: plan set up");
    d.get_by_label_contains("Training material, not legal advice");
    let s = result.scores;
    d.get_by_label(&format!(
        "Negotiation: {} (pass mark 60, met)",
        s.negotiation
    ));
    d.get_by_label(&format!("Composure: {} (pass mark 60, met)", s.composure));
    assert!(s.compliance < 80);
    d.get_by_label(&format!(
        "Compliance: {} (pass mark 80, below)",
        s.compliance
    ));
    d.get_by_label(
        "Decision 4: practice.disclosure_before_verification (minor) - 15 USC 1692c(b) (practice standard)",
    );
    d.get_by_label(
        "Decision 4: fdcpa.collector_disclosure (major) - 15 USC 1692e(11); 12 CFR 1006.18(e)",
    );
    // The checklist, and the better choice at the slip.
    d.get_by_label("Disclosure checklist");
    d.get_by_label_contains("Full debt-collector disclosure (initial communication)");
    let alts = d.state().0.alternatives().unwrap();
    let better = alts[3].as_ref().expect("a better choice at decision 4");
    assert_eq!(better.number, 1);
    d.get_by_label(&format!("Better: 1. {}", better.text));
    assert!(alts[0].is_none(), "decision 1 was already the best");
    assert_eq!(
        d.get_all_by_label("No better choice here.").count(),
        alts.iter().filter(|a| a.is_none()).count()
    );
    d.get_by_label("Replay from decision 10");
}

#[test]
fn a_call_played_by_number_keys_alone_reaches_the_debrief() {
    let clock = ManualClock::new();
    let mut h = start(PlayMode::Assessment, &clock);
    h.run();
    for &n in &BEST_PATH {
        press(&mut h, n);
    }
    let (result, state) = finished(&h);
    assert!(result.passed, "{:?}", result.scores);
    assert!(result.violations.is_empty());
    assert!(result.wrap_up_correct);
    let mut d = debrief_harness(result, state);
    d.get_by_label("Result: PASS");
    d.get_by_label("No violations");
    assert_eq!(
        d.state().0.alternatives().unwrap().iter().flatten().count(),
        0
    );
    assert!(d.state().1.is_none());
    // Done leaves the debrief.
    d.get_by_label("Done").click();
    d.run();
    assert!(matches!(d.state().1, Some(DebriefEvent::Done)));
}

#[test]
fn keys_that_are_not_shown_do_nothing_and_arrows_then_enter_pick() {
    let clock = ManualClock::new();
    let mut h = start(PlayMode::Coached, &clock);
    h.run();
    // Two choices at the first decision: 9 is not one of them.
    press(&mut h, 9);
    assert!(h.state().events.is_empty());
    h.key_press(eframe::egui::Key::ArrowDown);
    h.run();
    h.key_press(eframe::egui::Key::ArrowDown);
    h.run();
    h.key_press(eframe::egui::Key::Enter);
    h.run();
    let Some(PlayerEvent::Decided(state)) = h.state().events.last() else {
        panic!("Enter picked nothing");
    };
    assert_eq!(state.decisions[0].chosen_number(), Some(2));
    assert_eq!(h.state().events.len(), 1);
    // Enter alone at the next decision picks nothing until a choice is highlighted.
    h.key_press(eframe::egui::Key::Enter);
    h.run();
    assert_eq!(
        h.state().events.len(),
        1,
        "Enter picked a choice nobody highlighted"
    );
    h.key_press(eframe::egui::Key::ArrowDown);
    h.run();
    h.key_press(eframe::egui::Key::Enter);
    h.run();
    let Some(PlayerEvent::Decided(state)) = h.state().events.last() else {
        panic!("Enter picked nothing");
    };
    assert_eq!(state.decisions[1].chosen_number(), Some(1));
}

#[test]
fn coached_shows_the_meters_checklist_and_feedback_and_assessment_does_not() {
    let clock = ManualClock::new();
    let mut coached = start(PlayMode::Coached, &clock);
    coached.run();
    coached.get_by_label("Debtor agitation: 3 of 10");
    coached.get_by_label("Disclosure checklist");
    coached.get_by_label("Negotiation: 0 (pass mark 60, below)");
    click(&mut coached, 1);
    coached.get_by_label("Negotiation +0, composure +5, compliance +0");
    coached.get_by_label_contains("Your own name and a request for Dana");

    let mut assessed = start(PlayMode::Assessment, &clock);
    assessed.run();
    click(&mut assessed, 1);
    assert!(
        assessed
            .query_by_label_contains("Debtor agitation")
            .is_none()
    );
    assert!(assessed.query_by_label("Disclosure checklist").is_none());
    assert!(assessed.query_by_label_contains("pass mark").is_none());
    assert!(
        assessed
            .query_by_label_contains("Your own name and a request for Dana")
            .is_none()
    );
    // The call itself is the same.
    assessed.get_by_label("Roommate (guarded):");
}

#[test]
fn a_timed_decision_runs_out_on_the_clock() {
    let clock = ManualClock::new();
    let mut h = start(PlayMode::Coached, &clock);
    h.run();
    // To the hardship node, which gives 20 seconds.
    for n in [1, 2, 1, 1, 2, 2] {
        click(&mut h, n);
    }
    assert_eq!(h.state().player.state().now.node, "hardship");
    h.get_by_label("Time to answer: 20 s");
    clock.advance_secs(12);
    h.run_steps(2);
    h.get_by_label("Time to answer: 8 s");
    assert_eq!(
        h.state().events.len(),
        6,
        "nothing happens before the deadline"
    );
    clock.advance_secs(9);
    h.run_steps(2);
    let Some(PlayerEvent::Decided(state)) = h.state().events.last() else {
        panic!("the deadline did not fire");
    };
    assert_eq!(h.state().events.len(), 7);
    assert_eq!(state.decisions.last().unwrap().chosen, None);
    assert_eq!(state.now.node, "dead_air");
    h.get_by_label("(silence)");
    h.get_by_label("Dead air: the deadline passed.");
    assert!(h.query_by_label_contains("Time to answer").is_none());
    assert!(h.state().player.seconds_left().is_none());
}

#[test]
fn a_saved_call_resumes_where_it_stood() {
    let clock = ManualClock::new();
    let mut h = start(PlayMode::Coached, &clock);
    h.run();
    for &n in &BEST_PATH[..4] {
        click(&mut h, n);
    }
    let Some(PlayerEvent::Decided(saved)) = h.state().events.last().cloned() else {
        panic!("no saved state");
    };
    // Through JSON, as the shell stores it.
    let saved: RunState = serde_json::from_str(&serde_json::to_string(&saved).unwrap()).unwrap();
    drop(h);
    let clock_arc: Arc<dyn Clock> = Arc::new(clock.clone());
    let mut h = player_harness(
        PlayerView::restore(
            first_scenario(),
            saved.clone(),
            PlayMode::Coached,
            clock_arc,
        )
        .unwrap(),
    );
    h.run();
    h.get_by_label("Decision 5");
    // The earlier conversation is there.
    h.get_by_label_contains("May I speak with Dana Pruitt");
    for &n in &BEST_PATH[4..] {
        click(&mut h, n);
    }
    let (resumed, _) = finished(&h);
    // Same as playing it in one go.
    let mut one_go = start(PlayMode::Assessment, &clock);
    one_go.run();
    for &n in &BEST_PATH {
        click(&mut one_go, n);
    }
    let (whole, _) = finished(&one_go);
    assert_eq!(resumed.transcript, whole.transcript);
    assert_eq!(resumed.scores, whole.scores);
}

#[test]
fn esc_asks_before_leaving_and_leaving_keeps_the_state() {
    let clock = ManualClock::new();
    let mut h = start(PlayMode::Assessment, &clock);
    h.run();
    click(&mut h, 1);
    h.key_press(eframe::egui::Key::Escape);
    h.run();
    assert!(h.state().player.confirming_leave());
    h.get_by_label("Stay on the call").click();
    h.run();
    assert!(!h.state().player.confirming_leave());
    h.key_press(eframe::egui::Key::Escape);
    h.run();
    h.get_by_label("Leave the call").click();
    h.run();
    let Some(PlayerEvent::Left(state)) = h.state().events.last() else {
        panic!("leaving reported nothing");
    };
    assert_eq!(state.decisions.len(), 1);
}

#[test]
fn replay_from_a_decision_gives_the_call_as_it_stood_there() {
    let clock = ManualClock::new();
    let mut h = start(PlayMode::Coached, &clock);
    h.run();
    for &n in &SLIP_PATH {
        click(&mut h, n);
    }
    let (result, state) = finished(&h);
    let mut dh = debrief_harness(result, state.clone());
    dh.run();
    // It is below the fold: scroll to it first, as a trainee would.
    dh.get_by_label("Replay from decision 4").scroll_to_me();
    dh.run();
    dh.get_by_label("Replay from decision 4").click();
    dh.run();
    let Some(DebriefEvent::ReplayFrom { state: replayed }) = dh.state().1.clone() else {
        panic!("the debrief did not ask for a replay");
    };
    let before: Vec<_> = state
        .transcript
        .iter()
        .filter(|t| t.turn < 4)
        .cloned()
        .collect();
    assert_eq!(replayed.transcript, before);
    assert_eq!(replayed.decisions[..], state.decisions[..3]);
    // The player opens it at decision 4 and choosing better this time changes the call.
    let clock_arc: Arc<dyn Clock> = Arc::new(clock.clone());
    let mut p = player_harness(
        PlayerView::restore(first_scenario(), *replayed, PlayMode::Coached, clock_arc).unwrap(),
    );
    p.run();
    p.get_by_label("Decision 4");
    click(&mut p, 1);
    let Some(PlayerEvent::Decided(after)) = p.state().events.last() else {
        panic!("no decision");
    };
    assert_eq!(after.now.node, "verify_reply");
    assert!(after.violations.is_empty());
}

/// A call whose transcript has grown to `lines` lines (the saved transcript repeated), at its
/// first decision.
fn long_call(lines: usize) -> RunState {
    let c = first_scenario();
    let mut run = rightparty::call::CallRun::start(Arc::clone(&c), SEED, None).unwrap();
    for n in [1, 2, 1] {
        run.act(rightparty::call::Action::Choose(n)).unwrap();
    }
    let mut state = run.save().clone();
    let base = state.transcript.clone();
    state.transcript = base.iter().cycle().take(lines).cloned().collect();
    state
}

#[test]
fn a_long_transcript_shows_its_end_and_lays_out_only_what_is_near_the_screen() {
    let clock: Arc<dyn Clock> = Arc::new(ManualClock::new());
    let state = long_call(200);
    let last = state.transcript.last().unwrap().text.clone();
    let openings = state
        .transcript
        .iter()
        .filter(|t| t.text == "(TV in the background) Yeah, hello?")
        .count();
    assert!(openings > 20);
    let view = PlayerView::restore(first_scenario(), state, PlayMode::Coached, clock).unwrap();
    let mut h = player_harness(view);
    h.run();
    h.run_steps(3);
    // Stuck to the bottom: the latest line and the open decision are on screen ...
    assert!(h.get_all_by_label(&last).count() >= 1);
    h.get_by_label("Decision 4");
    let shown = h
        .get_all_by_label("(TV in the background) Yeah, hello?")
        .count();
    // ... and only the rows near the screen are laid out, not all 200.
    assert!(
        (1..openings).contains(&shown),
        "{shown} of {openings} openings laid out"
    );
}

#[test]
fn an_author_preview_starts_at_a_node() {
    let clock = ManualClock::new();
    let run = rightparty::call::CallRun::start(first_scenario(), SEED, Some("hardship")).unwrap();
    let clock_arc: Arc<dyn Clock> = Arc::new(clock.clone());
    let mut h = player_harness(PlayerView::from_run(run, PlayMode::Coached, clock_arc));
    h.run();
    h.get_by_label("Decision 1");
    h.get_by_label("Time to answer: 20 s");
    h.get_by_label_contains("They cut my hours at the warehouse");
}

#[test]
#[ignore = "timing; run with --ignored --nocapture to print the figures"]
fn frame_time_with_a_200_line_transcript() {
    for lines in [10, 200, 1000] {
        let clock: Arc<dyn Clock> = Arc::new(ManualClock::new());
        let view =
            PlayerView::restore(first_scenario(), long_call(lines), PlayMode::Coached, clock)
                .unwrap();
        let mut h = player_harness(view);
        h.run();
        let frames = 100;
        let t = std::time::Instant::now();
        h.run_steps(frames);
        let per = t.elapsed() / frames as u32;
        println!("player, {lines}-line transcript: {per:?} per frame (harness step, no rendering)");
    }
    // The debrief of a call with 200 decisions (one played call's decisions repeated).
    let clock = ManualClock::new();
    let mut h = start(PlayMode::Assessment, &clock);
    h.run();
    for &n in &BEST_PATH {
        press(&mut h, n);
    }
    let (mut result, state) = finished(&h);
    result.decisions = result.decisions.iter().cycle().take(200).cloned().collect();
    let mut d = debrief_harness(result, state);
    let frames = 50;
    let t = std::time::Instant::now();
    d.run_steps(frames);
    let per = t.elapsed() / frames as u32;
    println!("debrief, 200 decisions: {per:?} per frame (harness step, no rendering)");
}
