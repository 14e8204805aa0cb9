//! The trainer's screen and live reload: the watcher reloads a folder as files change and keeps
//! a broken file's last good version; the screen lists problems and opens them to their source,
//! draws the scenario map (unreachable nodes marked), and asks for a preview at a chosen node
//! with chosen flags, which the engine can start.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use eframe::egui;
use egui_kittest::{
    Harness,
    kittest::{NodeT, Queryable},
};
use rightparty::call::engine::{Compiled, Waiting};
use rightparty::call::runner::{Action, CallRun, Event, Phase, RunState};
use rightparty::content::ContentSet;
use rightparty::model::Outcome;
use rightparty::ui::trainer::{CohortData, CohortRow, MapLayout, TrainerEvent, TrainerView};
use rightparty::ui::watch::{ContentWatcher, Reload};

use crate::util::{data, load, options};

const CALL: &str = include_str!("data/valid/call.ron");

/// Polls the watcher until a reload satisfies `pred` (up to 10 s); panics with what arrived.
fn wait_for(w: &mut ContentWatcher, what: &str, pred: impl Fn(&Reload) -> bool) -> Reload {
    let deadline = Instant::now() + Duration::from_secs(10);
    let mut seen = Vec::new();
    while Instant::now() < deadline {
        if let Some(r) = w.poll() {
            if pred(&r) {
                return r;
            }
            seen.push(format!(
                "generation {}: {}",
                r.generation,
                r.content.summary()
            ));
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    panic!("no reload with {what} within 10 s; seen: {seen:#?}");
}

fn titles(set: &ContentSet) -> Vec<(String, bool)> {
    set.scenarios
        .iter()
        .map(|s| (s.item.title.clone(), s.usable()))
        .collect()
}

#[test]
fn watcher_reloads_keeps_the_last_good_version_and_takes_the_fix() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("call.ron");
    std::fs::write(&file, CALL).unwrap();
    let started = Instant::now();
    let mut w = ContentWatcher::start_with_options(vec![dir.path().to_path_buf()], options(), None);
    assert!(
        started.elapsed() < Duration::from_millis(500),
        "start must not wait for the load"
    );
    let first = wait_for(&mut w, "the first load", |r| r.generation == 1);
    assert_eq!(first.watch_error, None);
    assert_eq!(
        titles(&first.content),
        vec![("Test call".to_string(), true)]
    );
    assert!(!first.content.has_errors());

    // Break it: the diagnostics show, the last good scenario stays usable.
    std::fs::write(&file, CALL.replace("start: \"hello\",", "start: \"hello\"")).unwrap();
    let broken = wait_for(&mut w, "the syntax error", |r| r.content.has_errors());
    assert_eq!(
        titles(&broken.content),
        vec![("Test call".to_string(), true)]
    );
    assert_eq!(broken.content.kept, vec![file.clone()]);
    assert!(
        broken
            .content
            .diagnostics_for(&file)
            .any(|d| d.level == rightparty::content::Level::Error),
        "{:?}",
        broken.content.diagnostics
    );
    assert!(broken.generation > first.generation);

    // Fix it with a new title: the new version replaces the kept one.
    std::fs::write(
        &file,
        CALL.replace("title: \"Test call\"", "title: \"Test call, fixed\""),
    )
    .unwrap();
    let fixed = wait_for(&mut w, "the fixed file", |r| !r.content.has_errors());
    assert_eq!(
        titles(&fixed.content),
        vec![("Test call, fixed".to_string(), true)]
    );
    assert!(fixed.content.kept.is_empty());
}

#[test]
fn watcher_picks_up_a_folder_created_after_it_started() {
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().join("later");
    let mut w = ContentWatcher::start_with_options(vec![folder.clone()], options(), None);
    let first = wait_for(&mut w, "the first load", |r| r.generation == 1);
    assert_eq!(
        first.content.io_errors.len(),
        1,
        "{:?}",
        first.content.io_errors
    );
    assert_eq!(first.watch_error, None, "the parent folder is watched");
    std::fs::create_dir(&folder).unwrap();
    std::fs::write(folder.join("call.ron"), CALL).unwrap();
    let created = wait_for(&mut w, "the new folder's scenario", |r| {
        r.content.scenarios.len() == 1
    });
    assert!(created.content.io_errors.is_empty());
    // The folder itself is watched now: a change inside it reloads.
    std::fs::write(
        folder.join("call.ron"),
        CALL.replace("title: \"Test call\"", "title: \"Edited\""),
    )
    .unwrap();
    wait_for(&mut w, "the edit inside the new folder", |r| {
        titles(&r.content) == vec![("Edited".to_string(), true)]
    });
}

#[test]
fn watcher_on_a_path_that_cannot_be_watched_still_loads_and_says_why() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("no/such/place");
    let mut w = ContentWatcher::start_with_options(vec![missing], options(), None);
    let r = wait_for(&mut w, "the first load", |r| r.generation == 1);
    assert_eq!(r.content.io_errors.len(), 1);
    assert!(
        r.watch_error
            .as_deref()
            .is_some_and(|e| e.contains("no/such/place")),
        "{:?}",
        r.watch_error
    );
    assert!(!w.loading());
}

/// The screen's state in a harness: the view, the content it shows, the events it gave.
struct Screen {
    view: TrainerView,
    content: ContentSet,
    cohort: Option<CohortData>,
    run: Option<RunState>,
    events: Vec<TrainerEvent>,
}

fn screen(paths: &[PathBuf]) -> Harness<'static, Screen> {
    let state = Screen {
        view: TrainerView::new(),
        content: load(paths),
        cohort: None,
        run: None,
        events: Vec::new(),
    };
    Harness::builder()
        .with_size([1500.0, 1000.0])
        // The explorer's answer arrives from its thread at any frame and asks for one more.
        .with_max_steps(16)
        .build_ui_state(
            |ui, s: &mut Screen| {
                // Inside a shell's own panels, as the app shows it.
                egui::Panel::top("shell-nav").show(ui, |ui| {
                    ui.label("shell navigation");
                });
                egui::CentralPanel::default().show(ui, |ui| {
                    let e = match &s.run {
                        None => s.view.show(ui, &s.content, s.cohort.as_ref()),
                        Some(run) => {
                            s.view
                                .show_with_run(ui, &s.content, s.cohort.as_ref(), Some(run))
                        }
                    };
                    if let Some(e) = e {
                        s.events.push(e);
                    }
                });
            },
            state,
        )
}

#[test]
fn broken_folder_lists_problems_and_opens_one_to_its_source() {
    let mut h = screen(&[data("valid"), data("invalid/unknown_node.ron")]);
    h.run();
    h.get_by_label("checked 4 files: 2 scenarios, 4 questions, 1 blueprints; 2 errors, 1 warnings");
    let header = "tests/data/invalid/unknown_node.ron:101:27: error[unknown-node]: goes to node `plan_sett`, which does not exist";
    assert!(h.query_by_label_contains("line 101, column 27").is_none());
    h.get_by_label(header).click();
    h.run();
    h.get_by_label("File tests/data/invalid/unknown_node.ron, line 101, column 27");
    h.get_by_label_contains("next: \"plan_sett\"");
    let open = h
        .state()
        .view
        .selected_diagnostic(&h.state().content)
        .unwrap();
    assert_eq!((open.line, open.column), (101, 27));
    // Clicking it again closes it.
    h.get_by_label(header).click();
    h.run();
    assert!(h.query_by_label_contains("line 101, column 27").is_none());
}

#[test]
fn the_selected_problem_stays_open_across_a_reload() {
    let mut h = screen(&[data("invalid/unknown_node.ron")]);
    h.run();
    h.get_by_label_contains("error[unknown-node]").click();
    h.run();
    h.get_by_label_contains("line 101, column 27");
    // A reload that adds problems before it (another file first) moves its index.
    h.state_mut().content = load(&[
        data("invalid/missing_start.ron"),
        data("invalid/unknown_node.ron"),
    ]);
    h.run();
    h.get_by_label_contains("line 101, column 27");
}

#[test]
fn map_draws_every_node_of_the_shipped_scenarios() {
    let mut h = screen(&[PathBuf::from("scenarios")]);
    h.run();
    let scenarios: Vec<_> = h
        .state()
        .content
        .scenarios
        .iter()
        .map(|s| s.item.clone())
        .collect();
    assert!(scenarios.len() >= 2);
    for s in &scenarios {
        h.state_mut().view.scenario = Some(s.id.clone());
        h.run();
        for n in &s.nodes {
            let label = format!("Node {}:", n.id);
            h.get_by_label_contains(&label);
        }
        h.get_by_label_contains(&format!("Node {}: start", s.start));
        // Endings say their outcome.
        for n in s.nodes.iter().filter(|n| n.ending.is_some()) {
            let outcome = n.ending.as_ref().unwrap().outcome.label();
            h.get_by_label_contains(&format!("Node {}: ending: {outcome}", n.id));
        }
        let layout = MapLayout::new(s);
        assert_eq!(layout.nodes.len(), s.nodes.len());
        assert!(layout.nodes.iter().all(|n| n.reachable), "{}", s.id);
        assert!(h.query_by_label_contains("Unreachable nodes").is_none());
    }
}

#[test]
fn map_marks_an_unreachable_node() {
    let mut h = screen(&[data("trainer/orphan.ron")]);
    h.run();
    h.get_by_label("Node orphan: 1 choice, unreachable");
    h.get_by_label("Unreachable nodes: orphan");
    // (Once the explorer answers, it also says it is on the best path.)
    h.get_by_label_contains("Node hello: start, 2 choices");
    let s = &h.state().content.scenarios[0].item;
    let layout = MapLayout::new(s);
    let orphan = &layout.nodes[layout.index("orphan").unwrap()];
    assert!(!orphan.reachable);
    // It sits in a column of its own, after every reachable node.
    assert!(
        layout
            .nodes
            .iter()
            .filter(|n| n.reachable)
            .all(|n| n.pos.x < orphan.pos.x)
    );
}

/// Steps the harness until the explorer's answer for `id` arrives (bounded).
fn wait_for_analysis(h: &mut Harness<'static, Screen>, id: &str) {
    for _ in 0..1000 {
        h.step();
        if h.state().view.analysis(id).is_some() {
            h.run();
            return;
        }
        std::thread::sleep(Duration::from_millis(10));
    }
    panic!("the analysis of {id} never arrived");
}

#[test]
fn best_and_worst_results_and_the_best_path_show() {
    let mut h = screen(&[data("valid/call.ron")]);
    h.run();
    wait_for_analysis(&mut h, "test-call");
    h.get_by_label("Best result path: hello:1 -> debtor:1 -> plan:1");
    h.get_by_label("Worst result path: hello:2");
    h.get_by_label("· plan set up · negotiation 55, composure 10, compliance 100");
    h.get_by_label("Node plan_set: ending: plan set up, on the best path");
    h.get_by_label_contains("Node hello: start, 2 choices, on the best path");
    // The overview lists the same results.
    h.get_by_label("All results").click();
    h.run();
    h.get_by_label("fails · plan set up · 55/10/100");
    h.get_by_label("fails · debtor hung up · 0/0/50");
}

#[test]
fn preview_at_a_node_with_a_flag_gives_the_event() {
    let mut h = screen(&[data("valid/call.ron")]);
    // Once the results are in, nothing moves under the pointer.
    wait_for_analysis(&mut h, "test-call");
    // Pick the node on the map and a flag, then preview.
    h.get_by_label_contains("Node plan:").click();
    h.run();
    assert_eq!(h.state().view.preview_from.as_deref(), Some("plan"));
    h.get_by_label("verified").click();
    h.run();
    h.get_by_label("Preview").click();
    h.run();
    assert_eq!(
        h.state().events,
        vec![TrainerEvent::Preview {
            scenario_id: "test-call".into(),
            from: Some("plan".into()),
            flags: vec!["verified".into()],
        }]
    );
    // Clicking the start node goes back to "from the start".
    h.get_by_label_contains("Node hello:").click();
    h.run();
    assert_eq!(h.state().view.preview_from, None);
}

#[test]
fn folder_field_asks_for_another_folder() {
    let mut h = screen(&[data("valid")]);
    h.run();
    h.get_by_label("Content folder").click();
    h.run();
    h.get_by_label("Content folder").type_text("some/where");
    h.run();
    h.get_by_label("Open").click();
    h.run();
    assert_eq!(
        h.state().events,
        vec![TrainerEvent::ChangeFolder(PathBuf::from("some/where"))]
    );
}

#[test]
fn cohort_table_shows_each_trainee() {
    let mut h = screen(&[data("valid")]);
    h.state_mut().cohort = Some(CohortData {
        rows: vec![
            CohortRow {
                name: "Robin Example".into(),
                call_attempts: 4,
                call_pass_rate: Some(0.75),
                exam_attempts: 2,
                exam_pass_rate: Some(0.5),
                weakest_domains: vec!["validation".into(), "communications".into()],
            },
            CohortRow {
                name: "Sam Sample".into(),
                ..Default::default()
            },
        ],
    });
    h.run();
    h.get_by_label("Cohort").click();
    h.run();
    h.get_by_label("Robin Example");
    h.get_by_label("75%");
    h.get_by_label("50%");
    h.get_by_label("validation, communications");
    h.get_by_label("Sam Sample");
    h.state_mut().cohort = None;
    h.run();
    h.get_by_label("No records loaded.");
}

fn compiled(path: &Path) -> Arc<Compiled> {
    let set = load(&[path.to_path_buf()]);
    Arc::new(Compiled::new(Arc::new(set.scenarios[0].item.clone())).unwrap())
}

#[test]
fn the_engine_starts_at_a_node_with_chosen_flags() {
    let c = compiled(&data("valid/call.ron"));
    // At `plan` without `verified`, the call diverts to the hang-up at once.
    let mut plain = CallRun::start(Arc::clone(&c), 7, Some("plan")).unwrap();
    assert!(matches!(
        plain.phase(),
        Phase::WrappingUp {
            outcome: Outcome::DebtorHungUp
        }
    ));
    assert!(plain.take_events().iter().any(|e| matches!(
        e,
        Event::Ended {
            outcome: Outcome::DebtorHungUp,
            ..
        }
    )));
    // With it, the decision at `plan` is open.
    let mut run =
        CallRun::start_with_flags(Arc::clone(&c), 7, Some("plan"), &["verified".to_string()])
            .unwrap();
    assert!(matches!(run.phase(), Phase::Deciding { .. }));
    assert_eq!(run.save().now.node, "plan");
    assert!(run.save().now.flags.contains(&"verified".to_string()));
    assert!(
        run.take_events()
            .iter()
            .any(|e| matches!(e, Event::Choices { node, .. } if node == "plan"))
    );
    // Unknown flags and nodes are errors, not panics.
    assert!(CallRun::start_with_flags(Arc::clone(&c), 7, None, &["nope".to_string()]).is_err());
    assert!(CallRun::start_with_flags(Arc::clone(&c), 7, Some("nowhere"), &[]).is_err());
    // An on-file flag also sets its compliance fact.
    let core = c
        .initial_with_flags(None, &["on_file_attorney".to_string()])
        .unwrap();
    assert!(
        core.facts
            .has(rightparty::call::compliance::Facts::ATTORNEY)
    );
    assert!(
        !c.initial(None)
            .facts
            .has(rightparty::call::compliance::Facts::ATTORNEY)
    );
    assert!(c.flag_table().iter().any(|f| f == "verified"));
    // The engine's arrival agrees: from `plan` with the flag it waits for a decision.
    let mut core = c
        .initial_with_flags(c.node_index("plan"), &["verified".to_string()])
        .unwrap();
    let arrival = c
        .arrive(&mut core, &mut rightparty::call::runner::SeededChance(7), 0)
        .unwrap();
    assert!(matches!(arrival.next, Waiting::Decision(_)));
}

#[test]
fn map_draws_the_trainees_path() {
    let mut h = screen(&[data("valid/call.ron")]);
    wait_for_analysis(&mut h, "test-call");
    assert!(h.query_by_label_contains("on the trainee's path").is_none());
    // A call that let the first timer run out (through `silence`), then verified: now at `plan`.
    let c = compiled(&data("valid/call.ron"));
    let mut run = CallRun::start(c, 3, None).unwrap();
    run.act(Action::TimeOut).unwrap();
    run.act(Action::Choose(1)).unwrap();
    run.act(Action::Choose(1)).unwrap();
    h.state_mut().run = Some(run.save().clone());
    h.run();
    for id in ["hello", "silence", "debtor", "plan"] {
        let label = h
            .get_by_label_contains(&format!("Node {id}:"))
            .accesskit_node()
            .label()
            .unwrap_or_default();
        assert!(label.contains("on the trainee's path"), "{label}");
    }
    let plan_set = h
        .get_by_label_contains("Node plan_set:")
        .accesskit_node()
        .label()
        .unwrap_or_default();
    assert!(!plan_set.contains("trainee"), "{plan_set}");
    // A run of another scenario is not drawn.
    h.state_mut().run.as_mut().unwrap().scenario = "other".into();
    h.run();
    assert!(h.query_by_label_contains("on the trainee's path").is_none());
}

#[test]
fn map_nodes_work_by_keyboard() {
    let mut h = screen(&[data("valid/call.ron")]);
    wait_for_analysis(&mut h, "test-call");
    h.get_by_label_contains("Node debtor:").focus();
    h.run();
    h.key_press(egui::Key::Enter);
    h.run();
    assert_eq!(h.state().view.preview_from.as_deref(), Some("debtor"));
}
