//! One integration test binary (as ripgrep does): content fixtures and shipped content, property
//! tests of the loader, the CLI, the exam engine and GIFT import, and the window.

mod call;
mod cli;
mod content;
mod exam;
mod gift;
mod props;
mod store;
#[cfg(feature = "gui")]
mod ui;
#[cfg(feature = "gui")]
mod ui_trainer;
mod util;
