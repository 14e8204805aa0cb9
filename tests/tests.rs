//! One integration test binary (as ripgrep does): content fixtures and shipped content, property
//! tests of the loader, the CLI, and the window.

mod call;
mod cli;
mod content;
mod props;
#[cfg(feature = "gui")]
mod ui;
mod util;
