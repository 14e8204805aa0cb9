//! One integration test binary (as ripgrep does): content fixtures and shipped content, property
//! tests of the loader, the CLI, the exam engine and GIFT import, and the window.

mod call;
mod cli;
mod content;
mod crash;
mod exam;
mod gift;
mod props;
mod records;
mod store;
#[cfg(feature = "gui")]
mod ui;
mod util;
