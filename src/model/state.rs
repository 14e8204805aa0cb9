//! The `StateRules(...)` format: one state's collection law as content, in `rules/states/XX.ron`.
//! A file says which FDCPA sections the state extends to which settings (California's Rosenthal
//! Act extends 15 USC 1692b-1692j to creditors collecting their own debts) and any different
//! calling hours, each with its citation and source. Only sourced rules belong here.

use serde::{Deserialize, Serialize};

use super::{Date, Setting};

/// One state's rules.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StateRules {
    /// The two-letter code, e.g. `"CA"`; the file is `rules/states/CA.ron` and applies to a
    /// scenario whose `account.debtor_state` is this code or that names `State("CA")`.
    pub state: String,
    /// The law's name, for the debrief.
    pub name: String,
    /// When a person last checked the file against the law.
    pub reviewed: Date,
    /// Where the rules come from (code sections, official text).
    pub sources: Vec<String>,
    /// What the file leaves out, or what varies, in a sentence or two.
    #[serde(default)]
    pub notes: Option<String>,
    /// FDCPA sections the state makes binding in settings the FDCPA itself does not reach.
    #[serde(default)]
    pub extends: Vec<Extension>,
    /// Calling hours that differ from 8:00 a.m. to 9:00 p.m.
    #[serde(default)]
    pub call_hours: Option<CallHours>,
}

/// FDCPA sections a state law extends.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Extension {
    /// The first section extended, e.g. `"1692b"`.
    pub from: String,
    /// The last section extended, inclusive, e.g. `"1692j"`.
    pub to: String,
    /// Sections inside the range that are not extended, e.g. `["1692e(11)", "1692g"]` (a
    /// section excludes its subsections).
    #[serde(default)]
    pub except: Vec<String>,
    /// The settings it reaches.
    pub settings: Vec<Setting>,
    /// The state law that extends them, e.g. `"Cal. Civ. Code 1788.17"`.
    pub citation: String,
}

/// Calling hours in the debtor's local time.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CallHours {
    /// The earliest convenient time, `"HH:MM"` (calls at it are allowed).
    pub earliest: String,
    /// The end of the convenient window, `"HH:MM"` (calls at it are not allowed).
    pub latest: String,
    /// The settings the hours bind.
    pub settings: Vec<Setting>,
    /// The state law that sets them.
    pub citation: String,
}
