//! Helpers shared by the benchmarks.

/// Mean time of a finished criterion benchmark in nanoseconds, read from criterion's own
/// estimates file (so a bench can print ratios after its run).
pub fn mean_ns(group: &str, name: &str) -> Option<f64> {
    let dir = std::env::var("CARGO_TARGET_DIR").unwrap_or_else(|_| "target".into());
    let path = format!("{dir}/criterion/{group}/{name}/new/estimates.json");
    let text = std::fs::read_to_string(path).ok()?;
    let v: serde_json::Value = serde_json::from_str(&text).ok()?;
    v["mean"]["point_estimate"].as_f64()
}

/// Prints each benchmark's mean in milliseconds with "ok" or "OVER TARGET" against
/// `target_ms`, after the criterion run.
// Each bench compiles this module on its own; not every bench prints means.
#[allow(dead_code)]
pub fn print_means(group: &str, names: &[&str], target_ms: f64) {
    for name in names {
        match mean_ns(group, name) {
            Some(ns) => println!(
                "  {name:<28} {:>8.3} ms  {}",
                ns / 1e6,
                if ns / 1e6 < target_ms {
                    "ok"
                } else {
                    "OVER TARGET"
                }
            ),
            None => println!("  {name:<28} no estimates (run without --test / filters)"),
        }
    }
}
