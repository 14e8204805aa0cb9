//! Exam assembly benchmark: drawing a 100-question exam (PCS-style weights) from a generated
//! 50,000-question bank. Measures the one-shot `assemble` (group the bank, then draw), building
//! an `ExamPool` alone, and drawing from a built pool with no history and with five recent
//! attempts to avoid. Prints the means after the criterion run (target: under 5 ms).
//!
//! Run: `cargo bench --bench exam` (add `-- --quick` for a faster, rougher run).

mod support;
use support::print_means;

use std::hint::black_box;
use std::time::Duration;

use criterion::Criterion;
use rightparty::content::{parse::ron_options, synth};
use rightparty::exam::{ExamPool, RecentItems, assemble};
use rightparty::model::{
    Credential, Date, ExamBlueprint, ExamMode, MultipleResponseScoring, QuestionBank,
};

const TARGET_MS: f64 = 5.0;

fn blueprint() -> ExamBlueprint {
    let weights = [25, 15, 15, 15, 20, 10];
    ExamBlueprint {
        id: "bench-100".into(),
        name: "PCS-style practice exam (100 questions)".into(),
        track: "pcs".into(),
        modeled_on: Credential {
            name: "Professional Collection Specialist (PCS)".into(),
            body: "ACA International".into(),
            renewal_years: None,
            pass_mark_source: "bench".into(),
            renewal_source: None,
        },
        question_count: 100,
        time_limit_minutes: Some(120),
        pass_mark: 85.0,
        domain_weights: synth::DOMAINS
            .iter()
            .zip(weights)
            .map(|(d, w)| (d.to_string(), w))
            .collect(),
        banks: vec!["generated-bank".into()],
        shuffle_options: true,
        mode: ExamMode::Exam,
        multiple_response: MultipleResponseScoring::AllOrNothing,
        reviewed: Date::from_ymd_opt(2026, 11, 1).unwrap_or_default(),
        sources: vec!["bench".into()],
    }
}

fn main() {
    let text = synth::question_bank(50_000, 1);
    let bank: QuestionBank = ron_options()
        .from_str(&text)
        .expect("the generated bank parses");
    let bp = blueprint();
    // Five earlier attempts of 100 questions each to avoid.
    let mut recent = RecentItems::none();
    for age in 0..5u64 {
        let exam = assemble(&bp, &[&bank], 1000 + age, &RecentItems::none()).expect("draws");
        for item in &exam.items {
            recent.insert(item.question.id.clone(), age as usize);
        }
    }
    println!(
        "generated bank: {} questions ({:.1} MiB of RON)",
        bank.questions.len(),
        text.len() as f64 / 1048576.0
    );

    let mut c = Criterion::default().configure_from_args();
    let mut g = c.benchmark_group("assemble_100_of_50k");
    g.sample_size(50).measurement_time(Duration::from_secs(5));
    let mut seed = 0u64;
    g.bench_function("assemble_one_shot", |b| {
        b.iter(|| {
            seed = seed.wrapping_add(1);
            let exam = assemble(&bp, &[&bank], black_box(seed), &RecentItems::none()).unwrap();
            assert_eq!(exam.items.len(), 100);
            exam
        })
    });
    g.bench_function("pool_build", |b| {
        b.iter(|| ExamPool::new(&bp, &[black_box(&bank)]).unwrap())
    });
    let pool = ExamPool::new(&bp, &[&bank]).unwrap();
    pool.draw(0, &recent); // builds the pool's id index once, as the app's first draw would
    g.bench_function("pool_draw_no_history", |b| {
        b.iter(|| {
            seed = seed.wrapping_add(1);
            let exam = pool.draw(black_box(seed), &RecentItems::none());
            assert_eq!(exam.items.len(), 100);
            exam
        })
    });
    g.bench_function("pool_draw_avoiding_5_recent", |b| {
        b.iter(|| {
            seed = seed.wrapping_add(1);
            let exam = pool.draw(black_box(seed), &recent);
            assert_eq!(exam.items.len(), 100);
            exam
        })
    });
    g.finish();
    c.final_summary();

    println!("\nassembling 100 questions from 50,000 (target: under {TARGET_MS:.1} ms)");
    print_means(
        "assemble_100_of_50k",
        &[
            "assemble_one_shot",
            "pool_build",
            "pool_draw_no_history",
            "pool_draw_avoiding_5_recent",
        ],
        TARGET_MS,
    );
}
