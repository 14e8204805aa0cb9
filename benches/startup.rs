//! Time from start to first frame: the app against a minimal eframe window built with the same
//! features and options (both from the same binary, `--probe-startup app|minimal`), alternating
//! runs, medians and their ratio (issue 7's target: under 1.5x). Needs a display (run it under
//! `xvfb-run -a`); without one it says so and exits.

use std::process::Command;
use std::time::{Duration, Instant};

fn time_one(kind: &str, data: &std::path::Path) -> Option<Duration> {
    let start = Instant::now();
    let status = Command::new(env!("CARGO_BIN_EXE_rightparty"))
        .args(["--data-dir"])
        .arg(data)
        .args(["--probe-startup", kind])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .status()
        .ok()?;
    status.success().then(|| start.elapsed())
}

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

fn main() {
    if std::env::var_os("DISPLAY").is_none() && std::env::var_os("WAYLAND_DISPLAY").is_none() {
        println!("startup: no display; run `xvfb-run -a cargo bench --bench startup`");
        return;
    }
    let data = tempfile::tempdir().expect("temp dir");
    let runs: usize = std::env::var("STARTUP_RUNS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(9);
    let (mut app, mut minimal) = (Vec::new(), Vec::new());
    // One untimed run of each warms the file cache.
    let _ = time_one("app", data.path());
    let _ = time_one("minimal", data.path());
    for _ in 0..runs {
        match (
            time_one("minimal", data.path()),
            time_one("app", data.path()),
        ) {
            (Some(m), Some(a)) => {
                minimal.push(m);
                app.push(a);
            }
            _ => {
                println!("startup: a probe window failed to open; is the display usable?");
                return;
            }
        }
    }
    let (a, m) = (median(app), median(minimal));
    println!(
        "startup to first frame (median of {runs}): app {:.1} ms, minimal eframe window {:.1} ms, ratio {:.2}x (target < 1.5x)",
        a.as_secs_f64() * 1e3,
        m.as_secs_f64() * 1e3,
        a.as_secs_f64() / m.as_secs_f64()
    );
}
