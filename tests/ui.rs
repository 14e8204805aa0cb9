//! The app shell, driven headless with egui_kittest: home and trainees, the library's cards,
//! search and problems list, the walkthrough, glossary and settings; loading off the UI thread.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use egui_kittest::{Harness, kittest::Queryable};
use rightparty::clock::ManualClock;
use rightparty::ui::{AppOptions, Prefs, RightpartyApp, ScreenName};

use crate::util::data;

/// The app on `paths` with records in `dir`, content loaded, walkthrough already seen.
pub fn app_on(paths: Vec<PathBuf>, dir: &Path) -> RightpartyApp {
    let prefs = Prefs {
        walkthrough_done: true,
        ..Prefs::default()
    };
    let mut app = RightpartyApp::new(options(paths, dir), None, prefs);
    app.wait_for_content();
    app
}

pub fn options(paths: Vec<PathBuf>, dir: &Path) -> AppOptions {
    AppOptions {
        content_paths: paths,
        data_dir: Ok(dir.to_path_buf()),
        clock: Arc::new(ManualClock::new()),
        screen: None,
        shot: None,
    }
}

/// The shipped content.
pub fn shipped() -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    vec![root.join("scenarios"), root.join("question_banks")]
}

/// A window-sized harness around the whole app.
pub fn harness(app: RightpartyApp) -> Harness<'static, RightpartyApp> {
    Harness::builder()
        .with_size([1100.0, 720.0])
        .build_ui_state(|ui, app: &mut RightpartyApp| app.show(ui), app)
}

#[test]
fn a_trainee_name_that_is_too_long_is_refused_with_the_reason() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = harness(app_on(shipped(), dir.path()));
    h.run();
    h.get_by_label("New trainee:").focus();
    h.get_by_label("New trainee:").type_text(&"x".repeat(101));
    h.run();
    h.get_by_label("Start").click();
    h.run();
    assert!(h.state().trainee.is_none());
    h.get_by_label("a trainee name can be at most 100 characters, not 101");
    // Shortened, it is taken and the reason goes.
    h.get_by_label("New trainee:").focus();
    h.key_press(eframe::egui::Key::Backspace);
    h.run();
    h.get_by_label("Start").click();
    h.run();
    assert_eq!(
        h.state()
            .trainee
            .as_ref()
            .map(|t| t.trainee.name.chars().count()),
        Some(100)
    );
    assert!(
        h.query_by_label_contains("at most 100 characters")
            .is_none()
    );
}

#[test]
fn a_new_trainee_is_created_and_remembered() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = harness(app_on(shipped(), dir.path()));
    h.run();
    h.get_by_label("No trainee chosen");
    h.get_by_label("New trainee:").focus();
    h.get_by_label("New trainee:").type_text("Dana Reyes");
    h.run();
    h.get_by_label("Start").click();
    h.run();
    assert_eq!(
        h.state().trainee.as_ref().map(|t| t.trainee.name.as_str()),
        Some("Dana Reyes")
    );
    h.get_by_label("Trainee: Dana Reyes");
    h.get_by_label_contains("No attempts yet");
    drop(h);
    // A second start lists them to continue as.
    let mut h = harness(app_on(shipped(), dir.path()));
    h.run();
    h.get_by_label("Dana Reyes").click();
    h.run();
    assert!(h.state().trainee.is_some());
}

#[test]
fn library_cards_search_and_filters() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = app_on(shipped(), dir.path());
    app.screen = ScreenName::Library;
    let mut h = harness(app);
    h.run();
    let first = "Play coached: First contact: the roommate picks up";
    let second_title = {
        let set = h.state().content().unwrap().clone();
        assert_eq!(set.scenarios.len(), 2);
        set.scenarios
            .iter()
            .map(|s| s.item.title.clone())
            .find(|t| !t.starts_with("First contact"))
            .unwrap()
    };
    h.get_by_label(first);
    h.get_by_label(&format!("Play assessment: {second_title}"));
    h.get_by_label("Start exam: PCS-style practice exam (20 questions)");
    // Every practice exam says what it is not.
    let notices = h
        .get_all_by_label_contains("It is not that exam, and it is not endorsed by")
        .count();
    assert_eq!(notices, 6);
    // Searching narrows the cards; words must all match.
    h.get_by_label("Search:").focus();
    h.get_by_label("Search:").type_text("ROOMMATE");
    h.run();
    h.get_by_label(first);
    let second = format!("Play coached: {second_title}");
    assert!(h.query_by_label(&second).is_none());
    h.get_by_label("Clear filters").click();
    h.run();
    h.get_by_label(&second);
    h.get_by_label("Search:").focus();
    h.get_by_label("Search:").type_text("no such words");
    h.run();
    h.get_by_label("No scenario matches the search and filters.");
}

#[test]
fn broken_content_shows_problems_and_keeps_the_rest() {
    let dir = tempfile::tempdir().unwrap();
    let paths = vec![data("valid"), data("invalid/unknown_node.ron")];
    let mut app = app_on(paths, dir.path());
    app.screen = ScreenName::Library;
    let mut h = harness(app);
    h.run();
    // The good scenario can be played, the broken one says why not.
    assert_eq!(h.get_all_by_label("Play coached: Test call").count(), 1);
    h.get_by_label("2 errors: not usable until fixed");
    h.get_by_label("Start exam: Test practice exam");
    h.get_by_label("Content problems (3)");
    let header = "tests/data/invalid/unknown_node.ron:101:27: error[unknown-node]: goes to node `plan_sett`, which does not exist";
    h.get_by_label(header).click();
    h.run();
    assert_eq!(h.state().catalogue.open_problem, Some(1));
    h.get_by_label_contains("next: \"plan_sett\"");
}

#[test]
fn content_loads_on_a_worker_thread() {
    let dir = tempfile::tempdir().unwrap();
    let app = RightpartyApp::new(
        options(vec![data("valid")], dir.path()),
        None,
        Prefs::default(),
    );
    assert!(
        app.content().is_none(),
        "loading must not block the constructor"
    );
    let mut h = Harness::builder()
        .with_size([1100.0, 720.0])
        .build_ui_state(|ui, app: &mut RightpartyApp| app.show(ui), app);
    h.step();
    // Frames keep coming while the worker reads; bounded wait for its answer.
    for _ in 0..500 {
        h.step();
        if h.state().content().is_some() {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(10));
    }
    assert!(h.state().content().is_some(), "content never arrived");
}

#[test]
fn first_run_walkthrough_then_glossary_by_f1() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = RightpartyApp::new(options(shipped(), dir.path()), None, Prefs::default());
    app.wait_for_content();
    let mut h = harness(app);
    h.run();
    h.get_by_label("1. Pick a trainee");
    h.get_by_label("Next").click();
    h.run();
    h.get_by_label("2. Play a practice call");
    h.get_by_label("Skip").click();
    h.run();
    assert!(h.state().walkthrough.is_none());
    assert!(h.state().prefs.walkthrough_done);
    h.key_press(eframe::egui::Key::F1);
    h.run();
    assert!(h.state().glossary_open);
    h.get_by_label("Mini-Miranda");
    h.get_by_label("15 USC 1692e(11); 12 CFR 1006.18(e)");
}

#[test]
fn settings_change_theme_and_text_size() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = app_on(shipped(), dir.path());
    app.screen = ScreenName::Settings;
    let mut h = harness(app);
    h.run();
    h.get_by_label("Dark").click();
    h.run();
    assert_eq!(h.state().prefs.theme, eframe::egui::ThemePreference::Dark);
    assert!(h.ctx.theme() == eframe::egui::Theme::Dark);
    h.get_by_label("Light").click();
    h.run();
    assert!(h.ctx.theme() == eframe::egui::Theme::Light);
    h.get_by_label_contains("rightparty.sqlite3");
    // Esc goes home from a browsing screen.
    h.key_press(eframe::egui::Key::Escape);
    h.run();
    assert_eq!(h.state().screen, ScreenName::Home);
}

#[test]
fn a_store_that_cannot_open_is_reported_not_replaced() {
    let dir = tempfile::tempdir().unwrap();
    // A folder where the data file should be: opening fails.
    std::fs::create_dir(dir.path().join(rightparty::store::FILE_NAME)).unwrap();
    let mut h = harness(app_on(shipped(), dir.path()));
    h.run();
    h.get_by_label_contains("Records are not being saved:");
    h.get_by_label_contains("The records store could not be opened:");
    assert!(h.state().store().is_none());
}

#[test]
fn an_exam_started_from_the_library_can_be_left_and_resumed_from_home() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = app_on(shipped(), dir.path());
    app.screen = ScreenName::Library;
    let mut h = harness(app);
    h.run();
    let start = "Start exam: PCS-style practice exam (20 questions)";
    // No trainee yet: the app asks for one instead of starting an unrecorded exam.
    click_in_view(&mut h, start);
    h.run();
    assert_eq!(h.state().screen, ScreenName::Home);
    assert!(h.state().exam_room.is_none());
    h.get_by_label_contains("Choose a trainee first");
    h.get_by_label("New trainee:").focus();
    h.get_by_label("New trainee:").type_text("Sam Ortiz");
    h.key_press(eframe::egui::Key::Enter);
    h.run();
    assert!(h.state().trainee.is_some());
    h.get_by_label("Library").click();
    h.run();
    click_in_view(&mut h, start);
    h.run();
    assert_eq!(h.state().screen, ScreenName::Exam);
    begin_exam(&mut h);
    h.key_press(eframe::egui::Key::Num2);
    h.run();
    let answered = exam_state(&h).items[0].answer.clone();
    assert_eq!(answered, Some(vec![1]));
    h.get_by_label("Leave (resume later)").click();
    h.run();
    assert_eq!(h.state().screen, ScreenName::Home);
    assert!(h.state().exam_room.is_none());
    let id = h.state().trainee.as_ref().unwrap().unfinished_exams[0].clone();
    drop(h);

    // A new start of the app: Home offers the unfinished exam; it resumes with the answer.
    let mut h = harness(app_on(shipped(), dir.path()));
    h.run();
    h.get_by_label("Sam Ortiz").click();
    h.run();
    h.get_by_label(&format!("Resume exam {id}")).click();
    h.run();
    assert_eq!(h.state().screen, ScreenName::Exam);
    let room = h.state().exam_room.as_ref().unwrap();
    assert_eq!(room.session().state().items[0].answer, Some(vec![1]));
    h.get_by_label_contains("Resumed where you left off");
}

/// Scrolls the widget labelled `label` into view (the library lists more exams than fit), then
/// clicks it.
fn click_in_view(h: &mut Harness<'static, RightpartyApp>, label: &str) {
    h.get_by_label(label).scroll_to_me();
    h.run();
    h.get_by_label(label).click();
}

/// From the exam room's rules screen to the first question.
fn begin_exam(h: &mut Harness<'static, RightpartyApp>) {
    h.get_by_label("I have read the rules").click();
    h.run();
    h.get_by_label("Start exam").click();
    h.run();
}

/// The open exam's state.
fn exam_state(h: &Harness<'static, RightpartyApp>) -> rightparty::exam::SessionState {
    h.state()
        .exam_room
        .as_ref()
        .expect("an exam is open")
        .session()
        .state()
        .clone()
}

/// Presses 1 until the call ends (at most 200 decisions).
fn first_choices_to_the_end(h: &mut Harness<'static, RightpartyApp>) {
    for _ in 0..200 {
        if h.state().screen != ScreenName::Player {
            break;
        }
        h.key_press(eframe::egui::Key::Num1);
        h.run();
    }
}

/// The app with a trainee chosen, on the library.
fn app_with_trainee(dir: &Path, name: &str) -> RightpartyApp {
    let mut app = app_on(shipped(), dir);
    app.push(rightparty::ui::AppAction::SelectTrainee(name.into()));
    app.apply_actions();
    assert!(app.trainee.is_some());
    app.screen = ScreenName::Library;
    app
}

#[test]
fn a_call_played_by_keys_ends_in_a_recorded_debrief() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = harness(app_with_trainee(dir.path(), "Lee Park"));
    h.run();
    h.get_by_label("Play coached: First contact: the roommate picks up")
        .click();
    h.run();
    assert_eq!(h.state().screen, ScreenName::Player);
    // Always the first choice, by the 1 key, until the debrief opens.
    first_choices_to_the_end(&mut h);
    assert_eq!(h.state().screen, ScreenName::Debrief);
    h.get_by_label_contains("Result:");
    let store = h.state().store().unwrap().clone();
    let calls = store.call_attempts(Some("Lee Park")).unwrap();
    assert_eq!(calls.len(), 1);
    assert_eq!(calls[0].result.scenario, "first-contact-verification");
    // The call in progress was cleared by recording it.
    assert!(store.call_in_progress("Lee Park").unwrap().is_none());
    assert_eq!(h.state().trainee.as_ref().unwrap().calls.len(), 1);
}

#[test]
fn a_call_left_mid_way_resumes_after_a_restart() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = harness(app_with_trainee(dir.path(), "Ada Cole"));
    h.run();
    h.get_by_label("Play assessment: First contact: the roommate picks up")
        .click();
    h.run();
    h.key_press(eframe::egui::Key::Num1);
    h.run();
    let state = h.state().call.as_ref().unwrap().view.state().clone();
    assert_eq!(state.decisions.len(), 1);
    // The window closes without leaving the call: nothing is lost.
    h.state_mut().save_open_work();
    drop(h);

    let mut h = harness(app_on(shipped(), dir.path()));
    h.run();
    h.get_by_label("Ada Cole").click();
    h.run();
    h.get_by_label_contains("Resume call: First contact: the roommate picks up")
        .click();
    h.run();
    assert_eq!(h.state().screen, ScreenName::Player);
    let resumed = h.state().call.as_ref().unwrap().view.state().clone();
    assert_eq!(resumed.decisions, state.decisions);
    assert_eq!(resumed.transcript, state.transcript);
    assert_eq!(
        h.state().call.as_ref().unwrap().view.mode(),
        rightparty::ui::player::PlayMode::Assessment
    );
}

#[test]
fn a_call_needs_a_trainee() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = app_on(shipped(), dir.path());
    app.screen = ScreenName::Library;
    let mut h = harness(app);
    h.run();
    h.get_by_label("Play coached: First contact: the roommate picks up")
        .click();
    h.run();
    assert!(h.state().call.is_none());
    assert_eq!(h.state().screen, ScreenName::Home);
    h.get_by_label_contains("Choose a trainee first");
}

#[test]
fn a_call_that_cannot_be_written_is_kept_until_it_can() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = harness(app_with_trainee(dir.path(), "Kim Vo"));
    h.run();
    let store = h.state().store().unwrap().clone();
    // The file turns read-only under the app (as a full disk or a changed folder would).
    store.set_pragma_for_tests("query_only", 1).unwrap();
    h.get_by_label("Play coached: First contact: the roommate picks up")
        .click();
    h.run();
    first_choices_to_the_end(&mut h);
    // The debrief still opens; the attempt waits in memory and the app says so.
    assert_eq!(h.state().screen, ScreenName::Debrief);
    assert_eq!(store.pending(), 1);
    h.get_by_label_contains("kept in memory because");
    store.set_pragma_for_tests("query_only", 0).unwrap();
    h.get_by_label("Write them now").click();
    h.run();
    assert_eq!(store.pending(), 0);
    assert_eq!(store.call_attempts(Some("Kim Vo")).unwrap().len(), 1);
    assert!(store.verify().unwrap().ok());
    assert_eq!(h.state().trainee.as_ref().unwrap().calls.len(), 1);
}

#[test]
fn with_a_broken_file_the_good_scenario_still_plays() {
    let dir = tempfile::tempdir().unwrap();
    let paths = vec![data("valid"), data("invalid/unknown_node.ron")];
    let mut app = app_on(paths, dir.path());
    app.push(rightparty::ui::AppAction::SelectTrainee("Noa".into()));
    app.apply_actions();
    app.screen = ScreenName::Library;
    let mut h = harness(app);
    h.run();
    h.get_by_label("Play coached: Test call").click();
    h.run();
    assert_eq!(h.state().screen, ScreenName::Player);
    first_choices_to_the_end(&mut h);
    assert_eq!(h.state().screen, ScreenName::Debrief);
    let store = h.state().store().unwrap().clone();
    assert_eq!(store.call_attempts(Some("Noa")).unwrap().len(), 1);
}

#[test]
fn an_exam_survives_the_app_being_dropped_mid_question() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = harness(app_with_trainee(dir.path(), "Ravi"));
    h.run();
    click_in_view(&mut h, "Start exam: PCS-style practice exam (20 questions)");
    h.run();
    begin_exam(&mut h);
    // The second option: the first question is drawn at random and may be true/false.
    h.key_press(eframe::egui::Key::Num2);
    h.run();
    h.key_press(eframe::egui::Key::F);
    h.run();
    let before = exam_state(&h);
    assert_eq!(before.items[0].answer, Some(vec![1]));
    assert!(before.items[0].flagged);
    // No "leave": the app simply goes away.
    drop(h);

    let mut h = harness(app_with_trainee(dir.path(), "Ravi"));
    h.run();
    h.get_by_label("Home").click();
    h.run();
    h.get_by_label_contains("Resume exam").click();
    h.run();
    let after = exam_state(&h);
    assert_eq!(after.attempt_id, before.attempt_id);
    assert_eq!(after.items[0].answer, Some(vec![1]));
    assert!(after.items[0].flagged);
    assert_eq!(after.remaining(), before.remaining());
}

/// Steps the app until `done` holds, for up to 15 s (the watcher reloads on its own thread).
fn step_until(
    h: &mut Harness<'static, RightpartyApp>,
    mut done: impl FnMut(&RightpartyApp) -> bool,
) -> bool {
    let until = std::time::Instant::now() + std::time::Duration::from_secs(15);
    while std::time::Instant::now() < until {
        h.step();
        if done(h.state()) {
            return true;
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    false
}

#[test]
fn an_edited_scenario_reloads_and_the_open_call_keeps_its_place() {
    let dir = tempfile::tempdir().unwrap();
    let content = dir.path().join("content");
    std::fs::create_dir(&content).unwrap();
    let file = content.join("scenario.ron");
    std::fs::copy(data("valid/call.ron"), &file).unwrap();
    let mut app = app_on(vec![content.clone()], &dir.path().join("data"));
    app.push(rightparty::ui::AppAction::SelectTrainee("Eli".into()));
    app.apply_actions();
    app.screen = ScreenName::Library;
    let mut h = harness(app);
    h.run();
    h.get_by_label("Play coached: Test call").click();
    h.run();
    h.key_press(eframe::egui::Key::Num1);
    h.run();
    let before = h.state().call.as_ref().unwrap().view.state().clone();
    assert_eq!(before.decisions.len(), 1);

    // The author rewords the summary: the call moves to the new version at the same place.
    let text = std::fs::read_to_string(&file).unwrap();
    let edited = text.replacen("summary: \"", "summary: \"Edited. ", 1);
    assert_ne!(text, edited);
    std::fs::write(&file, &edited).unwrap();
    assert!(
        step_until(&mut h, |app| app.call.as_ref().is_some_and(|c| c
            .compiled
            .scenario
            .summary
            .starts_with("Edited."))),
        "the edit was not picked up"
    );
    let after = h.state().call.as_ref().unwrap().view.state().clone();
    assert_eq!(after.decisions, before.decisions);
    assert_eq!(after.transcript, before.transcript);
    h.get_by_label_contains("the call goes on from the same place");

    // The author breaks the file: the problems show, the last good version stays playable.
    std::fs::write(&file, "Scenario(id: ").unwrap();
    assert!(
        step_until(&mut h, |app| app
            .content()
            .is_some_and(|c| !c.diagnostics.is_empty())),
        "the broken file was not picked up"
    );
    let set = h.state().content().unwrap().clone();
    assert!(set.is_kept(&file));
    assert!(set.scenarios.iter().any(|s| s.item.id == "test-call"));
    assert!(h.state().call.is_some());
}

#[test]
fn a_trainer_preview_opens_the_player_and_is_not_recorded() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = app_on(vec![data("valid")], dir.path());
    app.push(rightparty::ui::AppAction::Preview {
        scenario: "test-call".into(),
        from: Some("plan".into()),
        flags: vec!["verified".into()],
    });
    let mut h = harness(app);
    h.run();
    assert_eq!(h.state().screen, ScreenName::Player);
    let call = h.state().call.as_ref().unwrap();
    assert!(call.preview);
    assert_eq!(call.view.state().now.node, "plan");
    assert!(
        call.view
            .state()
            .now
            .flags
            .contains(&"verified".to_string())
    );
    h.get_by_label_contains("Preview: this call is not recorded");
    first_choices_to_the_end(&mut h);
    assert_eq!(h.state().screen, ScreenName::Debrief);
    let store = h.state().store().unwrap().clone();
    assert!(store.call_attempts(None).unwrap().is_empty());
    assert!(store.calls_in_progress().unwrap().is_empty());
}

#[test]
fn the_trainer_screen_lists_problems_and_the_cohort() {
    let dir = tempfile::tempdir().unwrap();
    let paths = vec![data("valid"), data("invalid/unknown_node.ron")];
    let mut app = app_on(paths, dir.path());
    app.push(rightparty::ui::AppAction::SelectTrainee("Bo".into()));
    app.apply_actions();
    app.push(rightparty::ui::AppAction::Go(ScreenName::Trainer));
    let mut h = harness(app);
    // The cohort is read on a worker thread.
    assert!(step_until(&mut h, |app| app.cohort.is_some()));
    let cohort = h.state().cohort.clone().unwrap();
    assert!(cohort.rows.iter().any(|r| r.name == "Bo"));
    assert_eq!(h.state().screen, ScreenName::Trainer);
}

#[test]
fn progress_after_a_call_shows_the_trainee_and_offers_practice() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = harness(app_with_trainee(dir.path(), "Pat Lee"));
    h.run();
    h.get_by_label("Play coached: First contact: the roommate picks up")
        .click();
    h.run();
    first_choices_to_the_end(&mut h);
    assert_eq!(h.state().screen, ScreenName::Debrief);
    h.get_by_label("Progress").click();
    // The report is read on a worker thread.
    assert!(step_until(&mut h, |app| matches!(
        app.progress,
        rightparty::ui::app::ProgressState::Ready(_)
    )));
    h.run();
    h.get_by_label("Progress: Pat Lee");
    h.get_by_label("Call scores over attempts");
    // "What to practice next" offers the call; clicking it starts it.
    h.get_by_label("Practice call: First contact: the roommate picks up")
        .click();
    h.run();
    assert_eq!(h.state().screen, ScreenName::Player);
}

#[test]
fn a_trainees_extra_time_is_kept_on_their_profile_and_applied_to_exams() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = app_with_trainee(dir.path(), "Mo");
    app.screen = ScreenName::Home;
    let mut h = harness(app);
    h.run();
    h.get_by_label("Profile of Mo").click();
    h.run();
    h.get_by_label("Cohort:").focus();
    h.get_by_label("Cohort:").type_text("2027-01 orientation");
    h.run();
    h.state_mut().home.profile.as_mut().unwrap().2 = 1.5;
    h.get_by_label("Save profile").click();
    h.run();
    let store = h.state().store().unwrap().clone();
    let t = store.find_trainee("Mo").unwrap().unwrap();
    assert_eq!(t.cohort.as_deref(), Some("2027-01 orientation"));
    assert_eq!(t.extra_time, 1.5);
    // A timed exam started now gets 1.5 times the blueprint's 25 minutes.
    h.get_by_label("Library").click();
    h.run();
    click_in_view(&mut h, "Start exam: PCS-style practice exam (20 questions)");
    h.run();
    let room = h.state().exam_room.as_ref().unwrap();
    assert_eq!(
        room.session().state().time_limit(),
        Some(std::time::Duration::from_secs(25 * 60 * 3 / 2))
    );
}

#[test]
fn drilling_a_domain_from_progress_opens_a_drill_of_that_domain() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = app_with_trainee(dir.path(), "Ines");
    app.push(rightparty::ui::AppAction::StartDrill("ethics".into()));
    let mut h = harness(app);
    h.run();
    assert_eq!(h.state().screen, ScreenName::Exam);
    let st = exam_state(&h);
    assert_eq!(st.mode, rightparty::exam::SessionMode::Drill);
    assert!(!st.exam.items.is_empty());
    assert!(st.exam.items.iter().all(|i| i.question.domain == "ethics"));
}
