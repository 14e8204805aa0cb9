//! Diagnostics at scale (issue 15): load + validate + render of a scenario with 1,000, 4,000
//! and 16,000 problems (each node goes to a node that does not exist), in the JSON and the text
//! form `validate` prints. Prints the growth ratio per 4x more problems (target: at most 5x).
//!
//! Run: `cargo bench --bench diagnostics` (add `-- --quick` for a faster, rougher run).

mod support;
use support::mean_ns;

use std::hint::black_box;
use std::time::Duration;

use criterion::Criterion;
use rightparty::content::render::{JsonReport, TextRenderer};
use rightparty::content::{CheckOptions, load_texts};

const SIZES: [usize; 3] = [1_000, 4_000, 16_000];

/// A valid call with `n` extra nodes, each with a choice to a node that does not exist. Ids
/// have the same width at every size, so only the count changes.
fn broken(n: usize) -> String {
    let base = include_str!("../tests/data/valid/call.ron");
    let mut nodes = String::new();
    for i in 0..n {
        nodes.push_str(&format!(
            "        Node(id: \"n{i:05}\", says: \"Hi.\", choices: [Choice(text: \"Go\", acts: [Greet], next: \"missing_{i:05}\")]),\n"
        ));
    }
    base.replacen("    nodes: [\n", &format!("    nodes: [\n{nodes}"), 1)
}

fn run(text: &str, json: bool) -> usize {
    let set = load_texts([("b.ron", text)], &CheckOptions::default());
    if json {
        serde_json::to_string(&JsonReport::of(&set)).unwrap().len()
    } else {
        let r = TextRenderer::new(false);
        set.diagnostics.iter().map(|d| r.render(d).len()).sum()
    }
}

fn main() {
    let texts: Vec<String> = SIZES.iter().map(|&n| broken(n)).collect();
    let mut c = Criterion::default().configure_from_args();
    for (form, json) in [("json", true), ("text", false)] {
        let mut g = c.benchmark_group(format!("diagnostics_{form}"));
        g.sample_size(10).measurement_time(Duration::from_secs(5));
        for (n, text) in SIZES.iter().zip(&texts) {
            g.bench_function(n.to_string(), |b| b.iter(|| run(black_box(text), json)));
        }
        g.finish();
    }
    c.final_summary();
    println!("\ngrowth per 4x more problems (target: at most 5.00x)");
    for form in ["json", "text"] {
        let group = format!("diagnostics_{form}");
        let means: Vec<Option<f64>> = SIZES
            .iter()
            .map(|n| mean_ns(&group, &n.to_string()))
            .collect();
        for w in SIZES.iter().zip(&means).collect::<Vec<_>>().windows(2) {
            match (w[0].1, w[1].1) {
                (Some(a), Some(b)) => println!(
                    "  {form:<4} {:>6} -> {:>6}: {:>8.1} ms -> {:>8.1} ms  ratio {:.2}x {}",
                    w[0].0,
                    w[1].0,
                    a / 1e6,
                    b / 1e6,
                    b / a,
                    if b / a <= 5.0 { "ok" } else { "OVER TARGET" }
                ),
                _ => println!("  {form:<4} no estimates (run without --test / filters)"),
            }
        }
    }
}
