//! `rightparty records-writer` (hidden): records the same finished call over and over, printing
//! `saved <position>` after each commit. It exists for the crash-safety test, which kills it
//! at random moments and then checks that every attempt it reported saved is in the file.

use std::io::Write;
use std::path::PathBuf;

use clap::Parser;

use super::{Args, Exit};
use crate::call::{Action, CallRun, Phase};
use crate::store::content_hash;

/// Arguments of `records-writer`.
#[derive(Debug, Parser)]
pub struct WriterArgs {
    /// The scenario to play (once, choosing 1 at every decision) and record.
    pub scenario: PathBuf,
    /// The trainee to record it for.
    #[arg(long, default_value = "writer", value_parser = super::trainee_name)]
    pub trainee: String,
    /// Stop after this many records (default: never).
    #[arg(long)]
    pub count: Option<u64>,
}

/// Runs `records-writer`.
pub fn run(args: &Args, w: &WriterArgs, out: &mut dyn Write, err: &mut dyn Write) -> Exit {
    let store = match super::open_store(args, err) {
        Ok(s) => s,
        Err(code) => return code,
    };
    let compiled = match super::play::load_scenario(&w.scenario, err) {
        Ok(c) => c,
        Err(code) => return code,
    };
    let hash = match crate::content::read_file(&w.scenario) {
        Ok(bytes) => content_hash(&bytes),
        Err(e) => {
            let _ = writeln!(err, "rightparty: error: {}: {e}", w.scenario.display());
            return Exit::Usage;
        }
    };
    let mut run = match CallRun::start(compiled, 1, None) {
        Ok(r) => r,
        Err(e) => {
            let _ = writeln!(err, "rightparty: error: {e}");
            return Exit::Usage;
        }
    };
    let mut in_progress = Vec::new();
    for _ in 0..1000 {
        let action = match run.phase() {
            Phase::Deciding { .. } => Action::Choose(1),
            Phase::WrappingUp { .. } => Action::WrapUp(1),
            Phase::Finished { .. } => break,
        };
        in_progress.push(run.save().clone());
        if let Err(e) = run.act(action) {
            let _ = writeln!(err, "rightparty: error: {e}");
            return Exit::Usage;
        }
    }
    let Some(mut result) = run.result() else {
        let _ = writeln!(err, "rightparty: error: the call did not finish");
        return Exit::Usage;
    };
    for i in 0..w.count.unwrap_or(u64::MAX) {
        // A decision saved mid-call, then the finished call recorded, as `play` does.
        if let Some(state) = in_progress.get(i as usize % in_progress.len().max(1))
            && let Err(e) = store.save_call_in_progress(&w.trainee, &hash, "practice", state)
        {
            let _ = writeln!(err, "rightparty: error: {e}");
            return Exit::Usage;
        }
        result.seed = i;
        match store.record_call(&w.trainee, &result, &hash) {
            Ok(seq) => {
                if writeln!(out, "saved {seq}")
                    .and_then(|()| out.flush())
                    .is_err()
                {
                    return Exit::Usage;
                }
            }
            Err(e) => {
                let _ = writeln!(err, "rightparty: error: {e}");
                return Exit::Usage;
            }
        }
    }
    Exit::Ok
}
