//! One integration test binary (as ripgrep does): content fixtures and shipped content, property
//! tests of the loader, the CLI, the exam engine and GIFT import, and the window.

mod after_call;
mod bank_checks;
mod call;
mod call_context;
mod call_pins;
mod callkit;
mod cli;
mod content;
mod crash;
mod debrief_qa;
mod endings;
mod exam;
mod gift;
mod hardening;
mod messages;
mod neutral_acts;
mod phones;
mod props;
mod records;
mod report;
mod rule_packs;
mod store;
#[cfg(feature = "gui")]
mod ui;
#[cfg(feature = "gui")]
mod ui_exam;
#[cfg(feature = "gui")]
mod ui_player;
#[cfg(feature = "gui")]
mod ui_progress;
#[cfg(feature = "gui")]
mod ui_snapshots;
#[cfg(feature = "gui")]
mod ui_trainer;
mod util;
