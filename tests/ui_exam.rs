//! The exam room, driven headless with egui_kittest on the shipped PCS-style practice exam and a
//! manual clock: rules and ready, answering, flagging, the navigator, review, submit with the
//! unanswered warning, results; time running out; the hideable timer; practice feedback;
//! resuming after the view is dropped; keyboard only.

use eframe::egui::Key;
use egui_kittest::{Harness, kittest::Queryable};
use rightparty::clock::ManualClock;
use rightparty::exam::assemble::letter;
use rightparty::exam::format_duration;
use rightparty::exam::scoring::{format_percent, format_points};
use rightparty::exam::{
    History, MemoryStore, Phase, RecentItems, Session, SessionSaver, StartOptions, SubmitReason,
    assemble,
};
use rightparty::model::QuestionKind;
use rightparty::ui::exam_room::{ExamRoom, ExamRoomEvent};

use crate::util::{exam_env, shipped_exam};

/// The room and what it reported.
struct Room {
    room: ExamRoom,
    events: Vec<ExamRoomEvent>,
}

fn harness(session: Session) -> Harness<'static, Room> {
    let room = Room {
        room: ExamRoom::new(session),
        events: Vec::new(),
    };
    Harness::builder()
        .with_size([1200.0, 800.0])
        .build_ui_state(
            |ui, r: &mut Room| {
                if let Some(e) = r.room.show(ui) {
                    r.events.push(e);
                }
            },
            room,
        )
}

fn session<S>(clock: &ManualClock, store: &S, opts: StartOptions, seed: u64) -> Session
where
    S: SessionSaver + History + Clone + 'static,
{
    let (bp, bank) = shipped_exam();
    let exam = assemble(&bp, &[&bank], seed, &RecentItems::none()).unwrap();
    Session::start(exam, opts, exam_env(clock, store)).unwrap()
}

fn state<'a>(h: &'a Harness<'_, Room>) -> &'a rightparty::exam::SessionState {
    h.state().room.session().state()
}

/// The accessible label of shown option `p` of the question on screen.
fn option_label(h: &Harness<'_, Room>, p: usize) -> String {
    let item = state(h).current();
    let o = &item.options()[p];
    if item.question.kind == QuestionKind::TrueFalse {
        o.clone()
    } else {
        format!("{}. {o}", letter(p))
    }
}

/// Rules screen, ready confirmation, start.
fn begin(h: &mut Harness<'_, Room>) {
    h.run();
    h.get_by_label("I have read the rules").click();
    h.run();
    h.get_by_label("Ready to begin?");
    h.get_by_label("Start exam").click();
    h.run();
    assert_eq!(state(h).phase, Phase::InProgress);
}

#[test]
fn ui_exam_full_attempt_by_mouse() {
    let clock = ManualClock::new();
    let store = MemoryStore::new();
    let mut h = harness(session(&clock, &store, StartOptions::exam("ana"), 7));
    h.run();
    // The rules screen is untimed and says what the exam is modeled on, and what it is not.
    h.get_by_label_contains("It is not that exam, and it is not endorsed by");
    h.get_by_label(rightparty::DISCLAIMER);
    assert_eq!(state(&h).phase, Phase::Rules);
    clock.advance_mins(3);
    begin(&mut h);
    assert_eq!(state(&h).remaining(), state(&h).time_limit());
    h.get_by_label("Question 1 of 20");

    // Answer question 1 and flag it.
    h.get_by_label(&option_label(&h, 0)).click();
    h.run();
    assert_eq!(state(&h).items[0].answer, Some(vec![0]));
    h.get_by_label("Flag for review").click();
    h.run();
    assert!(state(&h).items[0].flagged);
    h.get_by_label("Remove flag");
    h.get_by_label("Question 1: answered, flagged");

    // Next, answer question 2.
    h.get_by_label("Next").click();
    h.run();
    assert_eq!(state(&h).position, 1);
    h.get_by_label(&option_label(&h, 1)).click();
    h.run();
    assert_eq!(state(&h).items[1].answer, Some(vec![1]));

    // The navigator shows every item's status and jumps.
    h.get_by_label("Question 2: answered");
    h.get_by_label("Question 3: unseen");
    h.get_by_label("Question 5: unseen").click();
    h.run();
    assert_eq!(state(&h).position, 4);
    h.get_by_label("Question 5 of 20");
    h.get_by_label("Question 3: unseen");
    h.get_by_label(&option_label(&h, 0)).click();
    h.run();
    h.get_by_label("Question 5: answered");
    h.get_by_label("Question 1: answered, flagged").click();
    h.run();
    assert_eq!(state(&h).position, 0);
    h.get_by_label("Next").click();
    h.run();
    h.get_by_label("Next").click();
    h.run();
    h.get_by_label("Question 3: unanswered"); // seen now, still unanswered

    // Review lists answered, unanswered, flagged and unseen items.
    h.get_by_label("Review all").click();
    h.run();
    assert_eq!(state(&h).phase, Phase::Review);
    h.get_by_label("Answered 3 of 20 · unanswered 17 · flagged 1 · unseen 16");
    let unanswered: Vec<String> = (1..=20)
        .filter(|n| ![1, 2, 5].contains(n))
        .map(|n| n.to_string())
        .collect();
    h.get_by_label(&format!("Unanswered (17): {}", unanswered.join(", ")));
    h.get_by_label("Flagged (1): 1");
    h.get_by_label_contains("Unseen (16): 4, 6, 7");

    // Submit warns and names the unanswered items; Cancel keeps the attempt open.
    h.get_by_label("Submit exam").click();
    h.run();
    let warning = format!(
        "17 questions are unanswered: {}. Unanswered questions score zero. Submit anyway?",
        unanswered.join(", ")
    );
    h.get_by_label(&warning);
    assert_eq!(state(&h).phase, Phase::Review);
    h.get_by_label("Cancel").click();
    h.run();
    assert!(h.query_by_label(&warning).is_none());
    h.get_by_label("Submit exam").click();
    h.run();
    h.get_by_label("Submit anyway").click();
    h.run();

    // Results: pass or fail, the reason, per-domain bars, and the review of every item.
    assert_eq!(state(&h).phase, Phase::Submitted);
    assert_eq!(state(&h).submit_reason, Some(SubmitReason::Trainee));
    let result = h.state().room.result().unwrap().clone();
    assert!(!result.passed, "3 answers of 20 cannot pass an 85% mark");
    h.get_by_label("Result: FAIL");
    h.get_by_label("Submitted by you.");
    h.get_by_label_contains("This is a practice result, modeled on the");
    assert!(result.domains.len() >= 2);
    for d in &result.domains {
        h.get_by_label(&format!(
            "{}: {}% ({} of {})",
            d.name,
            format_percent(d.percent),
            format_points(d.points),
            d.items
        ));
    }
    assert_eq!(
        h.state().events,
        vec![ExamRoomEvent::Finished(result.clone())]
    );
    let first = &result.items[0];
    let header = format!("Question 1: {} (flagged)", first.outcome().label());
    h.get_by_label(&header).click();
    h.run();
    h.get_by_label(&format!("Why: {}", first.explanation.as_deref().unwrap()));
    h.get_by_label(&format!("Source: {}", first.citation.as_deref().unwrap()));
    // The first option was chosen: A, or T for a true/false question.
    h.get_by_label_contains(&format!("Your answer: {}. Key:", first.answer));
    assert!(
        ["A", "T"].contains(&first.answer.as_str()),
        "{}",
        first.answer
    );
    if first.answer == "A" {
        let mark = if first.key.contains('A') {
            "(key, your answer)"
        } else {
            "(your answer)"
        };
        h.get_by_label(&format!("A. {}  {mark}", first.options[0]));
    }
    // The attempt is in the history.
    assert_eq!(store.attempts(Some("ana")).unwrap().len(), 1);
    h.get_by_label("Done").click();
    h.run();
    assert_eq!(h.state().events.last(), Some(&ExamRoomEvent::Closed));
}

#[test]
fn ui_exam_time_up_submits_and_shows_results() {
    let clock = ManualClock::new();
    let store = MemoryStore::new();
    let mut h = harness(session(&clock, &store, StartOptions::exam("bo"), 11));
    begin(&mut h);
    h.get_by_label(&option_label(&h, 0)).click();
    h.run();
    clock.advance_mins(26); // the limit is 25 minutes
    h.step();
    h.run();
    assert_eq!(state(&h).phase, Phase::Submitted);
    assert_eq!(state(&h).submit_reason, Some(SubmitReason::TimeUp));
    h.get_by_label("Time ran out: the exam was submitted automatically with the answers given.");
    h.get_by_label("Result: FAIL");
    h.get_by_label("Answered 1, unanswered 19. Time used 25m 00s.");
    assert!(matches!(
        h.state().events.as_slice(),
        [ExamRoomEvent::Finished(r)] if r.answered == 1
    ));
    assert_eq!(store.attempts(Some("bo")).unwrap().len(), 1);
}

#[test]
fn ui_exam_timer_hides_and_returns_at_five_minutes() {
    let clock = ManualClock::new();
    let store = MemoryStore::new();
    let mut h = harness(session(&clock, &store, StartOptions::exam("cy"), 3));
    begin(&mut h);
    h.get_by_label("Time left 25m 00s");
    clock.advance_secs(61);
    h.run();
    h.get_by_label("Time left 23m 59s");
    h.get_by_label("Hide timer").click();
    h.run();
    assert!(!h.state().room.timer_visible());
    assert!(h.query_by_label_contains("Time left").is_none());
    h.get_by_label("Timer hidden");
    clock.advance_mins(18); // 5m 59s left: still hidden
    h.run();
    assert!(h.query_by_label_contains("Time left").is_none());
    assert!(
        h.state().room.warning().is_none(),
        "the 30-minute mark is above the limit"
    );
    clock.advance_secs(59); // 5m 00s left
    h.run();
    assert!(h.state().room.timer_visible());
    h.get_by_label("Time left 5m 00s");
    h.get_by_label("5 minutes left. At zero the exam is submitted with the answers given.");
    assert!(
        h.query_by_label("Hide timer").is_none(),
        "the timer stays visible from 5 minutes"
    );
    h.get_by_label("Dismiss warning").click();
    h.run();
    assert!(h.state().room.warning().is_none());
    clock.advance_mins(4);
    h.run();
    h.get_by_label("1 minute left. At zero the exam is submitted with the answers given.");
    h.get_by_label("Time left 1m 00s");
    clock.advance(std::time::Duration::from_millis(59_500)); // 0.5 s left: counts down to 1
    h.run();
    h.get_by_label("Time left 0m 01s");
}

#[test]
fn ui_exam_practice_shows_feedback_after_each_answer() {
    let clock = ManualClock::new();
    let store = MemoryStore::new();
    let mut h = harness(session(&clock, &store, StartOptions::practice("di"), 5));
    h.run();
    h.get_by_label_contains("Practice mode: after each answer");
    begin(&mut h);
    h.get_by_label("Untimed");
    let mut saw_right = false;
    let mut saw_wrong = false;
    for i in 0..4 {
        let item = state(&h).current().clone();
        let key = item.key();
        // Alternate right and wrong answers.
        let answer: Vec<usize> = if i % 2 == 0 {
            key.clone()
        } else {
            vec![(0..item.order.len()).find(|p| !key.contains(p)).unwrap()]
        };
        for &p in &answer {
            h.get_by_label(&option_label(&h, p)).click();
            h.run();
        }
        if item.is_multiple() {
            assert!(
                state(&h).items[i].answer.is_none(),
                "ticks wait for Check answer"
            );
            h.get_by_label("Check answer").click();
            h.run();
        }
        let st = state(&h);
        assert!(st.items[i].locked);
        let f = st.feedback(i).unwrap();
        let verdict = if f.correct { "Right." } else { "Wrong." };
        saw_right |= f.correct;
        saw_wrong |= !f.correct;
        h.get_by_label(&format!(
            "{verdict} The key is {}; you answered {}.",
            f.key,
            item.letters(&answer)
        ));
        h.get_by_label(f.explanation.as_deref().unwrap());
        h.get_by_label(&format!("Source: {}", f.citation.as_deref().unwrap()));
        // A marked answer cannot change.
        let before = state(&h).items[i].answer.clone();
        h.get_by_label(&option_label(&h, (answer[0] + 1) % item.order.len()))
            .click();
        h.run();
        assert_eq!(state(&h).items[i].answer, before);
        h.get_by_label("Next").click();
        h.run();
    }
    assert!(saw_right && saw_wrong);
}

/// Answers, flags and moves, drops the view, resumes the session from `store` in a new view:
/// same answers, flags, position and time left.
fn resume_through<S>(store: S)
where
    S: SessionSaver + History + Clone + 'static,
{
    let clock = ManualClock::new();
    let s = session(&clock, &store, StartOptions::exam("ed"), 21);
    let id = s.state().attempt_id.clone();
    let mut h = harness(s);
    begin(&mut h);
    h.get_by_label(&option_label(&h, 1)).click();
    h.run();
    h.get_by_label("Flag for review").click();
    h.run();
    h.get_by_label("Question 3: unseen").click();
    h.run();
    h.get_by_label(&option_label(&h, 0)).click();
    h.run();
    clock.advance_secs(100);
    h.run();
    let before = state(&h).clone();
    assert_eq!(
        before.remaining(),
        Some(std::time::Duration::from_secs(25 * 60 - 100))
    );
    drop(h); // the app closes (or crashes) mid-exam

    clock.advance_mins(30); // time does not run while the app is closed
    let resumed = Session::resume(&id, exam_env(&clock, &store)).unwrap();
    assert_eq!(resumed.state(), &before);
    let mut h = harness(resumed);
    h.run();
    h.get_by_label_contains("Resumed where you left off");
    h.get_by_label("Question 3 of 20");
    h.get_by_label("Question 1: answered, flagged");
    h.get_by_label("Question 2: unseen");
    h.get_by_label("Question 3: answered");
    h.get_by_label(&format!(
        "Time left {}",
        format_duration(before.remaining().unwrap())
    ));
    assert_eq!(state(&h).items[0].answer, Some(vec![1]));
    assert_eq!(state(&h).items[2].answer, Some(vec![0]));
    assert_eq!(state(&h).remaining(), before.remaining());
    // The resumed attempt goes on where it was.
    h.get_by_label("Next").click();
    h.run();
    assert_eq!(state(&h).position, 3);
}

#[test]
fn ui_exam_resume_after_the_view_is_dropped_memory_store() {
    resume_through(MemoryStore::new());
}

#[test]
fn ui_exam_resume_after_the_view_is_dropped_sqlite_store() {
    let tmp = tempfile::tempdir().unwrap();
    let store = rightparty::store::Store::open(tmp.path()).unwrap();
    resume_through(store);
}

#[test]
fn ui_exam_keyboard_only() {
    let clock = ManualClock::new();
    let store = MemoryStore::new();
    let mut h = harness(session(&clock, &store, StartOptions::exam("fa"), 9));
    h.run();
    h.key_press(Key::Enter);
    h.run();
    h.get_by_label("Ready to begin?");
    h.key_press(Key::Enter);
    h.run();
    assert_eq!(state(&h).phase, Phase::InProgress);

    h.key_press(Key::Num2);
    h.run();
    assert_eq!(state(&h).items[0].answer, Some(vec![1]));
    h.key_press(Key::N);
    h.run();
    assert_eq!(state(&h).position, 1);
    h.key_press(Key::A);
    h.run();
    assert_eq!(state(&h).items[1].answer, Some(vec![0]));
    h.key_press(Key::F);
    h.run();
    assert!(state(&h).items[1].flagged);
    h.key_press(Key::P);
    h.run();
    assert_eq!(state(&h).position, 0);
    h.key_press(Key::ArrowRight);
    h.run();
    assert_eq!(state(&h).position, 1);
    h.key_press(Key::F);
    h.run();
    assert!(!state(&h).items[1].flagged);
    h.key_press(Key::Enter);
    h.run();
    assert_eq!(state(&h).position, 2);
    h.key_press(Key::ArrowLeft);
    h.run();
    assert_eq!(state(&h).position, 1);
    // A letter past the options does nothing; a single-answer question takes the last key.
    let n = state(&h).current().order.len();
    if n < 5 && !state(&h).current().is_multiple() {
        h.key_press(Key::E);
        h.run();
        assert_eq!(state(&h).items[1].answer, Some(vec![0]));
    }
    // Enter on the last question opens the review.
    for _ in 0..25 {
        h.key_press(Key::Enter);
        h.run();
        if state(&h).phase == Phase::Review {
            break;
        }
    }
    assert_eq!(state(&h).phase, Phase::Review);
    h.get_by_label_contains("Answered 2 of 20");
}

/// The first multiple-response item of the session, by index.
fn first_multiple(h: &Harness<'_, Room>) -> usize {
    state(h)
        .exam
        .items
        .iter()
        .position(|i| i.is_multiple())
        .expect("the shipped exam has a multiple-response question")
}

#[test]
fn ui_exam_multiple_response_checkboxes_in_an_exam() {
    let clock = ManualClock::new();
    let store = MemoryStore::new();
    let mut h = harness(session(&clock, &store, StartOptions::exam("gi"), 7));
    begin(&mut h);
    let m = first_multiple(&h);
    h.get_by_label(&format!("Question {}: unseen", m + 1))
        .click();
    h.run();
    assert_eq!(state(&h).position, m);
    h.get_by_label("Choose all that apply.");
    h.get_by_label(&option_label(&h, 2)).click();
    h.run();
    h.get_by_label(&option_label(&h, 0)).click();
    h.run();
    assert_eq!(state(&h).items[m].answer, Some(vec![0, 2]));
    h.key_press(Key::Num3); // unticks C
    h.run();
    assert_eq!(state(&h).items[m].answer, Some(vec![0]));
    h.get_by_label(&option_label(&h, 0)).click(); // nothing ticked: unanswered
    h.run();
    assert_eq!(state(&h).items[m].answer, None);
    h.get_by_label(&format!("Question {}: unanswered", m + 1));
    h.key_press(Key::B);
    h.run();
    h.get_by_label("Clear answer").click();
    h.run();
    assert_eq!(state(&h).items[m].answer, None);
}

#[test]
fn ui_exam_practice_multiple_response_waits_for_check_answer() {
    let clock = ManualClock::new();
    let store = MemoryStore::new();
    let mut h = harness(session(&clock, &store, StartOptions::practice("ha"), 7));
    begin(&mut h);
    let m = first_multiple(&h);
    h.get_by_label(&format!("Question {}: unseen", m + 1))
        .click();
    h.run();
    let key = state(&h).current().key();
    for &p in &key {
        h.get_by_label(&option_label(&h, p)).click();
        h.run();
    }
    assert_eq!(
        state(&h).items[m].answer,
        None,
        "ticks are not an answer yet"
    );
    h.key_press(Key::Enter); // Enter checks the ticked options
    h.run();
    assert_eq!(state(&h).items[m].answer, Some(key.clone()));
    assert!(state(&h).items[m].locked);
    let letters = state(&h).current().letters(&key);
    h.get_by_label(&format!(
        "Right. The key is {letters}; you answered {letters}."
    ));
    assert!(h.query_by_label("Check answer").is_none());
}

#[test]
fn ui_exam_leave_saves_and_reports_left() {
    let clock = ManualClock::new();
    let store = MemoryStore::new();
    let s = session(&clock, &store, StartOptions::exam("io"), 4);
    let id = s.state().attempt_id.clone();
    let mut h = harness(s);
    begin(&mut h);
    h.get_by_label(&option_label(&h, 0)).click();
    h.run();
    clock.advance(std::time::Duration::from_millis(400)); // less than a tick's save interval
    h.get_by_label("Leave (resume later)").click();
    h.run();
    assert_eq!(h.state().events, vec![ExamRoomEvent::Left]);
    let saved = store.load(&id).unwrap().unwrap();
    assert!(&saved == state(&h), "leaving saves the latest state");
    assert_eq!(
        saved.remaining(),
        Some(std::time::Duration::from_millis(25 * 60 * 1000 - 400))
    );
}
