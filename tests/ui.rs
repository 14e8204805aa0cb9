//! The window, driven headless with egui_kittest: loaded content is listed, a broken file's
//! diagnostics are shown and can be opened to their source line.

use egui_kittest::{Harness, kittest::Queryable};
use rightparty::ui::LibraryApp;

use crate::util::{data, load};

fn harness(paths: Vec<std::path::PathBuf>) -> Harness<'static, LibraryApp> {
    let set = load(&paths);
    let app = LibraryApp::with_content(paths, set);
    Harness::builder()
        .with_size([1100.0, 720.0])
        .build_ui_state(|ui, app: &mut LibraryApp| app.show(ui), app)
}

#[test]
fn lists_good_content_and_shows_broken_files() {
    let mut h = harness(vec![data("valid"), data("invalid/unknown_node.ron")]);
    h.run();
    // Both scenarios are listed (they share a title and an id, which is itself an error); the
    // broken one says it is not usable.
    assert_eq!(h.get_all_by_label("Test call").count(), 2);
    h.get_by_label("Test bank");
    h.get_by_label("Test practice exam");
    h.get_by_label("2 errors: not usable until fixed");
    h.get_by_label("checked 4 files: 2 scenarios, 4 questions, 1 blueprints; 2 errors, 1 warnings");
    let header = "tests/data/invalid/unknown_node.ron:101:27: error[unknown-node]: goes to node `plan_sett`, which does not exist";
    h.get_by_label(header).click();
    h.run();
    assert_eq!(h.state().selected, Some(1));
    // The opened diagnostic shows the offending source line.
    h.get_by_label_contains("next: \"plan_sett\"");
}

#[test]
fn content_loads_on_a_worker_thread() {
    let ctx = eframe::egui::Context::default();
    let app = LibraryApp::start_loading(&ctx, vec![data("valid")]);
    assert!(
        app.content().is_none(),
        "loading must not block the constructor"
    );
    let mut h = Harness::builder().build_ui_state(|ui, app: &mut LibraryApp| app.show(ui), app);
    // Frames keep coming while the worker reads; bounded wait for its answer.
    for _ in 0..500 {
        h.step();
        if h.state().content().is_some() {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(10));
    }
    assert!(h.state().content().is_some(), "content never arrived");
    h.run();
    h.get_by_label("Test call");
}
