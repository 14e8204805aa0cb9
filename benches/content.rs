//! Content loading benchmark: load + validate of generated content (a 10,000-node scenario and a
//! 20,000-question bank) against plain `ron::from_str` of the same bytes into the same model
//! types. Prints the ratio after the criterion run (target: within 3x).
//!
//! Run: `cargo bench --bench content` (add `-- --quick` for a faster, rougher run).

mod support;
use support::mean_ns;

use std::hint::black_box;
use std::time::Duration;

use criterion::Criterion;
use rightparty::content::{CheckOptions, load_texts, parse::ron_options, synth};
use rightparty::model::{QuestionBank, Scenario};

fn benches(c: &mut Criterion, scenario: &str, bank: &str) {
    let opts = CheckOptions::default();
    let mut g = c.benchmark_group("scenario_10k_nodes");
    g.sample_size(10).measurement_time(Duration::from_secs(8));
    g.bench_function("ron_from_str", |b| {
        b.iter(|| {
            ron_options()
                .from_str::<Scenario>(black_box(scenario))
                .unwrap()
        })
    });
    g.bench_function("load_validate", |b| {
        b.iter(|| {
            let set = load_texts([("s.ron", black_box(scenario))], &opts);
            assert!(!set.has_errors());
            set
        })
    });
    g.finish();
    let mut g = c.benchmark_group("bank_20k_questions");
    g.sample_size(10).measurement_time(Duration::from_secs(8));
    g.bench_function("ron_from_str", |b| {
        b.iter(|| {
            ron_options()
                .from_str::<QuestionBank>(black_box(bank))
                .unwrap()
        })
    });
    g.bench_function("load_validate", |b| {
        b.iter(|| {
            let set = load_texts([("b.ron", black_box(bank))], &opts);
            assert!(!set.has_errors());
            set
        })
    });
    g.finish();
}

fn main() {
    let scenario = synth::scenario(10_000, 3, 1);
    let bank = synth::question_bank(20_000, 1);
    println!(
        "generated content: scenario {:.1} MiB (10,000 nodes, 30,000 choices), bank {:.1} MiB (20,000 questions)",
        scenario.len() as f64 / 1048576.0,
        bank.len() as f64 / 1048576.0
    );
    let mut c = Criterion::default().configure_from_args();
    benches(&mut c, &scenario, &bank);
    c.final_summary();
    println!("\nload + validate vs plain ron::from_str (target: within 3.00x)");
    for group in ["scenario_10k_nodes", "bank_20k_questions"] {
        match (
            mean_ns(group, "load_validate"),
            mean_ns(group, "ron_from_str"),
        ) {
            (Some(full), Some(plain)) => println!(
                "  {group:<20} load+validate {:>8.1} ms  ron::from_str {:>8.1} ms  ratio {:.2}x",
                full / 1e6,
                plain / 1e6,
                full / plain
            ),
            _ => println!("  {group:<20} no estimates (run without --test / filters)"),
        }
    }
}
