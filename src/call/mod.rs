//! The call simulator: a branching practice call as a plain state machine (no UI), the
//! compliance rule engine, the debtor's side of a negotiation, three-axis scoring, and the
//! exploration of every reachable state behind the debrief's best alternatives and `analyze`.

pub mod calendar;
pub mod compliance;
pub mod context;
pub mod engine;
pub mod explore;
pub mod negotiation;
pub mod rules;
pub mod runner;
pub mod score;

pub use engine::{CallError, Compiled, Points, Violation};
pub use runner::{Action, CallRun, Event, Phase, RunState};
pub use score::{CallResult, Scores};
