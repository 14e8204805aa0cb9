//! The progress screen, driven headless with egui_kittest on reports read from a temporary
//! records folder: the weakest domain shows, the practice buttons give their events, and a
//! trainee with no attempts sees the empty state.

use egui_kittest::{Harness, kittest::Queryable};
use rightparty::store::report::{Practice, ProgressReport};
use rightparty::ui::progress::{EMPTY_MESSAGE, ProgressEvent, ProgressView};

use crate::report::{populated, shipped_index};

/// The view and the last event it gave.
type State = (ProgressView, Option<ProgressEvent>);

fn harness(report: ProgressReport) -> Harness<'static, State> {
    Harness::builder()
        .with_size([1000.0, 1600.0])
        .build_ui_state(
            |ui, s: &mut State| {
                if let Some(e) = s.0.show(ui) {
                    s.1 = Some(e);
                }
            },
            (ProgressView::new(report), None),
        )
}

fn report(trainee: &str) -> ProgressReport {
    let (_tmp, store) = populated();
    store.progress(trainee, &shipped_index()).unwrap()
}

#[test]
fn progress_shows_the_weakest_domain_and_practice_buttons_give_events() {
    let r = report("ana");
    let weakest = r.weakest().next().unwrap().clone();
    let scenario = r
        .practice
        .iter()
        .find_map(|p| match p {
            Practice::Scenario { id, title, .. } => Some((id.clone(), title.clone())),
            _ => None,
        })
        .expect("a scenario to practice");
    let mut h = harness(r);
    h.run();
    h.get_by_label("Progress: ana");
    h.get_by_label("Weakest domains (calls and exams)");
    // The weakest domain is listed first.
    h.get_by_label(&format!("1. {}", weakest.name));
    assert!(h.query_by_label(EMPTY_MESSAGE).is_none());
    assert_eq!(h.state().1, None);

    h.get_by_label(&format!("Drill domain: {}", weakest.name))
        .click();
    h.run();
    assert_eq!(h.state().1, Some(ProgressEvent::DrillDomain(weakest.id)));

    h.get_by_label(&format!("Practice call: {}", scenario.1))
        .click();
    h.run();
    assert_eq!(
        h.state().1,
        Some(ProgressEvent::PracticeScenario(scenario.0))
    );
}

#[test]
fn progress_with_no_attempts_shows_the_empty_state() {
    let r = report("cy");
    assert!(r.is_empty());
    let mut h = harness(r);
    h.run();
    h.get_by_label(EMPTY_MESSAGE);
    assert!(
        h.query_by_label("Weakest domains (calls and exams)")
            .is_none()
    );
    assert!(h.query_by_label("Call scores over attempts").is_none());
}
