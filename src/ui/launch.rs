//! Builds what the screens run on from the loaded content and the records: exam sessions
//! (fresh, drill or resumed) with the store as saver and history, and the progress report,
//! which is read on a worker thread.

use std::sync::Arc;
use std::sync::mpsc::Receiver;

use crate::clock::Clock;
use crate::content::{ContentSet, Loaded};
use crate::exam::assemble::DEFAULT_RECENT_WINDOW;
use crate::exam::{
    AttemptRecord, Env, MemoryStore, RecentItems, Session, StartOptions, assemble, drill,
};
use crate::model::{ExamBlueprint, QuestionBank};
use crate::store::report::{ContentIndex, ProgressReport};
use crate::store::{Store, Trainee};

/// The session's environment: the store as saver and history when it is open, else memory
/// (nothing survives the app then, and the shell says so).
pub fn env(clock: Arc<dyn Clock>, store: Option<&Store>) -> Env {
    match store {
        Some(store) => Env {
            clock: Box::new(clock),
            saver: Box::new(store.clone()),
            history: Box::new(store.clone()),
        },
        None => {
            let mem = MemoryStore::new();
            Env {
                clock: Box::new(clock),
                saver: Box::new(mem.clone()),
                history: Box::new(mem),
            }
        }
    }
}

/// The item with this id among `items`, if it loaded without errors; `what` names the kind
/// in the messages ("scenario", "practice exam").
pub fn usable_by_id<'a, T>(
    items: &'a [Loaded<T>],
    id: &str,
    id_of: impl Fn(&T) -> &str,
    what: &str,
) -> Result<&'a Loaded<T>, String> {
    let found = items
        .iter()
        .find(|l| id_of(&l.item) == id)
        .ok_or_else(|| format!("there is no {what} `{id}`"))?;
    if !found.usable() {
        return Err(format!(
            "{what} `{id}` has errors; fix them first (see the library's problem list)"
        ));
    }
    Ok(found)
}

/// The blueprint with this id and the banks it draws from, if all of them are usable.
pub fn blueprint<'a>(
    set: &'a ContentSet,
    id: &str,
) -> Result<(&'a ExamBlueprint, Vec<&'a QuestionBank>), String> {
    let bp = usable_by_id(&set.blueprints, id, |b| &b.id, "practice exam")?;
    let banks: Vec<_> = set
        .banks
        .iter()
        .filter(|b| bp.item.banks.contains(&b.item.id))
        .collect();
    if let Some(bad) = banks.iter().find(|b| !b.usable()) {
        return Err(format!(
            "question bank `{}` has errors; see the library's problem list",
            bad.item.id
        ));
    }
    Ok((&bp.item, banks.into_iter().map(|b| &b.item).collect()))
}

/// A fresh exam (or practice) session for `trainee`, avoiding questions they saw recently,
/// with their extra time applied.
pub fn start_exam(
    set: &ContentSet,
    blueprint_id: &str,
    practice: bool,
    trainee: &Trainee,
    history: &[AttemptRecord],
    seed: u64,
    env: Env,
) -> Result<Session, String> {
    let (bp, banks) = blueprint(set, blueprint_id)?;
    let recent = RecentItems::from_attempts(
        history.iter().filter(|a| a.blueprint_id == bp.id),
        DEFAULT_RECENT_WINDOW,
    );
    let exam = assemble(bp, &banks, seed, &recent).map_err(|e| e.to_string())?;
    let mut opts = if practice {
        StartOptions::practice(trainee.name.clone())
    } else {
        StartOptions::exam(trainee.name.clone())
    };
    opts.extra_time = trainee.extra_time;
    Session::start(exam, opts, env).map_err(|e| e.to_string())
}

/// Questions in a drill started from the progress screen.
pub const DRILL_SIZE: usize = 10;

/// A drill on `domain` from the practice exam that covers it: the trainee's missed and due
/// questions in it first, then its questions they have not seen.
pub fn start_drill(
    set: &ContentSet,
    domain: &str,
    trainee: &Trainee,
    history: &[AttemptRecord],
    now: chrono::DateTime<chrono::Utc>,
    seed: u64,
    env: Env,
) -> Result<Session, String> {
    let bp_id = set
        .blueprints
        .iter()
        .filter(|b| b.usable())
        .find(|b| b.item.domain_weights.contains_key(domain))
        .map(|b| b.item.id.clone())
        .ok_or_else(|| format!("no practice exam covers the domain `{domain}`"))?;
    let (bp, banks) = blueprint(set, &bp_id)?;
    let mine: Vec<AttemptRecord> = history
        .iter()
        .filter(|a| a.blueprint_id == bp.id)
        .cloned()
        .collect();
    let plan = drill::plan_domain(bp, &banks, &mine, now, domain, DRILL_SIZE, seed)
        .map_err(|e| e.to_string())?;
    let exam = drill::assemble_drill(bp, &banks, &plan, seed).map_err(|e| e.to_string())?;
    Session::start(exam, StartOptions::drill(trainee.name.clone()), env).map_err(|e| e.to_string())
}

/// Reads a trainee's progress report on a worker thread; the receiver gets one answer.
pub fn progress_in_background(
    store: Store,
    trainee: String,
    set: &ContentSet,
    repaint: Option<eframe::egui::Context>,
) -> Receiver<Result<ProgressReport, String>> {
    let index = ContentIndex::from_content(set);
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let report = store.progress(&trainee, &index).map_err(|e| e.to_string());
        let _ = tx.send(report);
        if let Some(ctx) = repaint {
            ctx.request_repaint();
        }
    });
    rx
}
