//! Crash safety of the records: a writer process is killed (SIGKILL on Unix) at random moments
//! while it records attempts, 50 times over one data folder; afterwards the file passes
//! SQLite's integrity check, every attempt the writer reported saved is there, and the chain
//! verifies.

use std::collections::BTreeSet;
use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use rightparty::exam::rng::SeededRng;
use rightparty::store::{FILE_NAME, Store};

const ROUNDS: usize = 50;

#[test]
fn crash_killing_a_writer_at_random_moments_loses_no_saved_attempt() {
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("records");
    let bin = assert_cmd::cargo::cargo_bin("rightparty");
    let mut rng = SeededRng::new(20261123);
    let mut saved: BTreeSet<i64> = BTreeSet::new();
    let started = Instant::now();
    let mut killed_mid_run = 0;
    for round in 0..ROUNDS {
        let mut child = Command::new(&bin)
            .arg("--data-dir")
            .arg(&data)
            .args(["records-writer", "scenarios/first-contact-verification.ron"])
            .env_remove(rightparty::store::DATA_DIR_ENV)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let stdout = child.stdout.take().unwrap();
        let (tx, rx) = mpsc::channel();
        let reader = std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines() {
                let Ok(line) = line else { break };
                if tx.send(line).is_err() {
                    break;
                }
            }
        });
        // Most rounds die after the first save, at a random point in the loop; a few die while
        // the store is still opening.
        let early = rng.below(10) == 0;
        if !early {
            match rx.recv_timeout(Duration::from_secs(20)) {
                Ok(first) => record(&mut saved, &first),
                Err(_) => {
                    let _ = child.kill();
                    let out = child.wait_with_output().unwrap();
                    panic!(
                        "round {round}: the writer saved nothing: {}",
                        String::from_utf8_lossy(&out.stderr)
                    )
                }
            }
        }
        std::thread::sleep(Duration::from_micros(rng.below(40_000) as u64));
        child.kill().unwrap();
        let status = child.wait().unwrap();
        assert!(
            !status.success(),
            "round {round}: the writer ended by itself"
        );
        reader.join().unwrap();
        for line in rx.try_iter() {
            record(&mut saved, &line);
        }
        if !early {
            killed_mid_run += 1;
        }
    }
    assert!(killed_mid_run >= ROUNDS / 2, "{killed_mid_run}");
    assert!(saved.len() >= ROUNDS, "only {} attempts saved", saved.len());

    let file = data.join(FILE_NAME);
    let check: String = rusqlite::Connection::open(&file)
        .unwrap()
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap();
    assert_eq!(check, "ok");
    let store = Store::open(&data).unwrap();
    let present: BTreeSet<i64> = store
        .call_attempts(None)
        .unwrap()
        .into_iter()
        .map(|c| c.seq)
        .collect();
    let lost: Vec<_> = saved.difference(&present).collect();
    assert!(lost.is_empty(), "reported saved but missing: {lost:?}");
    let v = store.verify().unwrap();
    assert!(v.ok(), "{:?}", v.problems);
    assert_eq!(v.checked, present.len());
    eprintln!(
        "crash test: {ROUNDS} kills, {} attempts reported saved, {} in the file, {:.1} s",
        saved.len(),
        present.len(),
        started.elapsed().as_secs_f64()
    );
}

fn record(saved: &mut BTreeSet<i64>, line: &str) {
    let seq = line
        .strip_prefix("saved ")
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("unexpected writer output: {line:?}"));
    saved.insert(seq);
}
