//! Frame time of the two heaviest screens: egui's CPU time per frame (layout and tessellation,
//! no rasterization) for the call player with a 200-line transcript and the exam room with a
//! 150-question navigator (question screen with accessibility off, as without a screen reader,
//! and on, as under a screen reader or kittest; review screen). Prints the means after the
//! criterion run (target: under 2 ms per frame in release).
//!
//! Run: `cargo bench --bench ui` (add `-- --quick` for a faster, rougher run).

mod support;
use support::print_means;

use std::path::PathBuf;
use std::time::Duration;

use criterion::Criterion;
use eframe::egui;
use rightparty::call::{CallRun, Compiled, Phase};
use rightparty::clock::ManualClock;
use rightparty::content::synth;
use rightparty::content::{CheckOptions, load_paths};
use rightparty::exam::{Action, Env, MemoryStore, RecentItems, Session, StartOptions, assemble};
use rightparty::ui::exam_room::ExamRoom;
use rightparty::ui::player::{PlayMode, PlayerView};
use std::sync::Arc;

const TARGET_MS: f64 = 2.0;
const GROUP: &str = "ui_frame";
/// Transcript lines in the player case.
const LINES: usize = 200;

/// A 150-question exam (the shipped questions repeated), begun, with every third item answered,
/// every tenth flagged, and question 41 on screen.
fn room(review: bool) -> ExamRoom {
    let set = load_paths(&[PathBuf::from("question_banks")], &CheckOptions::default());
    let bp = &set
        .blueprints
        .iter()
        .find(|b| b.item.id == "pcs-practice-20")
        .expect("shipped blueprint")
        .item;
    let bank = &set
        .banks
        .iter()
        .find(|b| b.item.id == "pcs-core")
        .expect("shipped bank")
        .item;
    let mut exam = assemble(bp, &[bank], 7, &RecentItems::none()).expect("draws");
    let items = exam.items.clone();
    exam.items = (0..150).map(|i| items[i % items.len()].clone()).collect();
    let store = MemoryStore::new();
    let env = Env {
        clock: Box::new(ManualClock::new()),
        saver: Box::new(store.clone()),
        history: Box::new(store),
    };
    let mut s = Session::start(exam, StartOptions::exam("bench"), env).expect("starts");
    s.apply(Action::Begin).expect("begins");
    for i in (0..150).step_by(3) {
        s.apply(Action::GoTo(i)).expect("moves");
        s.apply(Action::Answer(vec![0])).expect("answers");
        if i % 10 == 0 {
            s.apply(Action::Flag).expect("flags");
        }
    }
    s.apply(Action::GoTo(40)).expect("moves");
    if review {
        s.apply(Action::Review).expect("reviews");
    }
    ExamRoom::new(s)
}

/// The player, coached, in a call whose transcript has [`LINES`] lines: a generated scenario
/// played by its first choices, its lines repeated up to 200 (layout cost is per line).
fn player() -> PlayerView {
    let text = synth::scenario(1_200, 3, 2);
    let set = rightparty::content::load_texts(
        [("generated.ron", text.as_str())],
        &CheckOptions::default(),
    );
    let compiled =
        Arc::new(Compiled::new(Arc::new(set.scenarios[0].item.clone())).expect("compiles"));
    let mut run = CallRun::start(compiled.clone(), 1, None).expect("starts");
    for _ in 0..10 {
        if matches!(run.phase(), Phase::Deciding { .. }) {
            run.act(rightparty::call::Action::Choose(1))
                .expect("chooses");
        }
    }
    let mut state = run.save().clone();
    let lines = state.transcript.clone();
    while state.transcript.len() < LINES {
        let next = lines[state.transcript.len() % lines.len()].clone();
        state.transcript.push(next);
    }
    let clock: Arc<dyn rightparty::clock::Clock> = Arc::new(ManualClock::new());
    PlayerView::restore(compiled, state, PlayMode::Coached, clock).expect("restores")
}

/// One frame of any screen: layout and tessellation.
fn frame_of(ctx: &egui::Context, mut show: impl FnMut(&mut egui::Ui)) -> usize {
    let input = egui::RawInput {
        screen_rect: Some(egui::Rect::from_min_size(
            egui::Pos2::ZERO,
            egui::vec2(1280.0, 800.0),
        )),
        ..Default::default()
    };
    let out = ctx.run_ui(input, |ui| show(ui));
    ctx.tessellate(out.shapes, out.pixels_per_point).len()
}

/// One frame: layout and tessellation.
fn frame(ctx: &egui::Context, room: &mut ExamRoom) -> usize {
    let input = egui::RawInput {
        screen_rect: Some(egui::Rect::from_min_size(
            egui::Pos2::ZERO,
            egui::vec2(1280.0, 800.0),
        )),
        ..Default::default()
    };
    let out = ctx.run_ui(input, |ui| {
        egui::CentralPanel::default().show(ui, |ui| {
            let _ = room.show(ui);
        });
    });
    ctx.tessellate(out.shapes, out.pixels_per_point).len()
}

fn main() {
    let mut c = Criterion::default().configure_from_args();
    let mut g = c.benchmark_group(GROUP);
    g.sample_size(50).measurement_time(Duration::from_secs(5));
    for (name, review, accesskit) in [
        ("question_screen", false, false),
        ("question_screen_accesskit", false, true),
        ("review_screen", true, false),
    ] {
        let ctx = egui::Context::default();
        if accesskit {
            ctx.enable_accesskit();
        }
        let mut room = room(review);
        for _ in 0..3 {
            frame(&ctx, &mut room); // fonts and galleys warm, as in a running app
        }
        g.bench_function(name, |b| b.iter(|| frame(&ctx, &mut room)));
    }
    {
        let ctx = egui::Context::default();
        let mut view = player();
        for _ in 0..3 {
            frame_of(&ctx, |ui| {
                let _ = view.show(ui);
            });
        }
        g.bench_function("player_200_lines", |b| {
            b.iter(|| {
                frame_of(&ctx, |ui| {
                    let _ = view.show(ui);
                })
            })
        });
    }
    g.finish();
    c.final_summary();

    println!(
        "\nframe time: player with a {LINES}-line transcript, exam room with a 150-question navigator (target: under {TARGET_MS:.1} ms)"
    );
    print_means(
        GROUP,
        &[
            "player_200_lines",
            "question_screen",
            "question_screen_accesskit",
            "review_screen",
        ],
        TARGET_MS,
    );
}
