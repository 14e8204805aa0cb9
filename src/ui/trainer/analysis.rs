//! Best and worst results per scenario, computed by the explorer on one worker thread (it can
//! take about half a second on a large scenario) and cached until the scenario changes.

use std::collections::HashMap;
use std::sync::Arc;
use std::sync::mpsc::{self, Receiver, Sender};

use eframe::egui;

use crate::call::engine::Compiled;
use crate::call::explore::{Analysis, analyze};
use crate::model::Scenario;

/// Where one scenario's analysis is.
#[derive(Debug, Clone)]
pub enum AnalysisState {
    /// Queued or running.
    Running,
    /// Done.
    Done(Arc<Analysis>),
    /// The scenario could not be compiled.
    Failed(String),
}

struct Entry {
    scenario: Scenario,
    state: AnalysisState,
}

struct Job {
    scenario: Scenario,
    repaint: egui::Context,
}

struct Done {
    scenario: Scenario,
    state: AnalysisState,
}

/// The analyses, by scenario id.
pub struct AnalysisCache {
    entries: HashMap<String, Entry>,
    jobs: Option<Sender<Job>>,
    done_tx: Sender<Done>,
    done_rx: Receiver<Done>,
}

impl Default for AnalysisCache {
    fn default() -> Self {
        let (done_tx, done_rx) = mpsc::channel();
        AnalysisCache {
            entries: HashMap::new(),
            jobs: None,
            done_tx,
            done_rx,
        }
    }
}

impl AnalysisCache {
    /// Takes in finished analyses (never blocks).
    pub fn poll(&mut self) {
        for d in self.done_rx.try_iter() {
            // Only if it is still the version asked for.
            if let Some(e) = self.entries.get_mut(&d.scenario.id)
                && e.scenario == d.scenario
            {
                e.state = d.state;
            }
        }
    }

    /// The analysis of `scenario` as it is now, starting it when it is new or changed.
    pub fn get(&mut self, scenario: &Scenario, ctx: &egui::Context) -> AnalysisState {
        if let Some(e) = self.entries.get(&scenario.id)
            && e.scenario == *scenario
        {
            return e.state.clone();
        }
        self.entries.insert(
            scenario.id.clone(),
            Entry {
                scenario: scenario.clone(),
                state: AnalysisState::Running,
            },
        );
        let job = Job {
            scenario: scenario.clone(),
            repaint: ctx.clone(),
        };
        let job = match &self.jobs {
            Some(tx) => tx.send(job).err().map(|e| e.0),
            None => Some(job),
        };
        if let Some(job) = job {
            // No worker yet (or it is gone): start one.
            let (tx, rx) = mpsc::channel::<Job>();
            let done = self.done_tx.clone();
            let spawned = std::thread::Builder::new()
                .name("scenario-analysis".into())
                .spawn(move || {
                    for job in rx {
                        let state = match Compiled::new(Arc::new(job.scenario.clone())) {
                            Ok(c) => AnalysisState::Done(Arc::new(analyze(&c))),
                            Err(e) => AnalysisState::Failed(e.to_string()),
                        };
                        if done
                            .send(Done {
                                scenario: job.scenario,
                                state,
                            })
                            .is_err()
                        {
                            return;
                        }
                        job.repaint.request_repaint();
                    }
                });
            match spawned {
                Ok(_) => {
                    let _ = tx.send(job);
                    self.jobs = Some(tx);
                }
                Err(e) => {
                    if let Some(entry) = self.entries.get_mut(&scenario.id) {
                        entry.state =
                            AnalysisState::Failed(format!("cannot start the analysis: {e}"));
                    }
                }
            }
        }
        AnalysisState::Running
    }

    /// The finished analysis of a scenario id, if any (whatever version it was for).
    pub fn finished(&self, id: &str) -> Option<&Analysis> {
        match &self.entries.get(id)?.state {
            AnalysisState::Done(a) => Some(a),
            _ => None,
        }
    }
}
