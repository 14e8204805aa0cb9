//! rightparty: a training simulator and certification-prep tool for debt-collection specialists.
//!
//! The library holds the domain core: the content model ([`model`]), loading and checking the
//! authored RON files ([`content`]), the practice-exam engine ([`exam`]) with its [`clock`], and
//! the terminal commands ([`cli`]). The desktop window ([`ui`]) is behind the default `gui`
//! feature; nothing outside `ui` imports egui.
//!
//! All content is training material, not legal advice; every person and company in it is
//! fictional.

#![warn(missing_docs)]

pub mod call;
pub mod cli;
pub mod clock;
pub mod content;
pub mod exam;
pub mod model;
pub mod store;
#[cfg(feature = "gui")]
pub mod ui;

/// Shown wherever content is shown: what this is and what it is not.
pub const DISCLAIMER: &str =
    "Training material, not legal advice. All people, companies and accounts are fictional.";
