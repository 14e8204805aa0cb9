//! State law as content: the shipped `rules/states/*.ron` files (read at build time, so the
//! engine judges the same way wherever it runs), which FDCPA rules each extends to which
//! settings, and the calling hours a state sets. A scenario is judged by the file of its
//! debtor's state, or of a state it names with `State("XX")`; with no file, on federal law
//! alone, and the debrief says so. Adding a state: write its file, list it in [`SHIPPED`].

use std::sync::OnceLock;

use crate::model::{CallHours, Extension, RulePack, Scenario, Setting, StateRules};

/// The shipped state files, by code, with their text.
pub const SHIPPED: &[(&str, &str)] = &[("CA", include_str!("../../../rules/states/CA.ron"))];

/// The shipped state files, parsed (a file that does not parse is left out; `validate` and a
/// test report it).
pub fn shipped() -> &'static [StateRules] {
    static PARSED: OnceLock<Vec<StateRules>> = OnceLock::new();
    PARSED.get_or_init(|| {
        SHIPPED
            .iter()
            .filter_map(|(_, text)| crate::content::parse::ron_options().from_str(text).ok())
            .collect()
    })
}

/// The state file with this code.
pub fn file(code: &str) -> Option<&'static StateRules> {
    shipped()
        .iter()
        .find(|s| s.state.eq_ignore_ascii_case(code))
}

/// Which state law a scenario is judged under.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StateLaw {
    /// The state's file applies.
    Applied {
        /// The code.
        state: String,
        /// The law's name.
        name: String,
    },
    /// No file for the state: federal law only.
    NoFile {
        /// The code.
        state: String,
    },
}

impl StateLaw {
    /// A sentence for the debrief.
    pub fn describe(&self) -> String {
        match self {
            StateLaw::Applied { state, name } => format!("State law: {state}, {name}."),
            StateLaw::NoFile { state } => format!(
                "State law: no rule file for {state}; judged on federal law and practice standards only."
            ),
        }
    }
}

/// The state files that apply to a scenario: its debtor's state and any it names.
pub fn for_scenario(s: &Scenario) -> (Vec<&'static StateRules>, Vec<StateLaw>) {
    let mut codes: Vec<String> = vec![s.account.debtor_state.trim().to_ascii_uppercase()];
    for p in s.effective_rule_packs() {
        if let RulePack::State(code) = p {
            let code = code.trim().to_ascii_uppercase();
            if !codes.contains(&code) {
                codes.push(code);
            }
        }
    }
    let mut files = Vec::new();
    let mut law = Vec::new();
    for code in codes.into_iter().filter(|c| !c.is_empty()) {
        match file(&code) {
            Some(f) => {
                law.push(StateLaw::Applied {
                    state: f.state.clone(),
                    name: f.name.clone(),
                });
                files.push(f);
            }
            None => law.push(StateLaw::NoFile { state: code }),
        }
    }
    (files, law)
}

/// The letter of an FDCPA section, e.g. `c` for `"1692c(a)(1)"`.
fn letter(section: &str) -> Option<char> {
    section.strip_prefix("1692")?.chars().next()
}

/// Whether `section` falls inside the extension (in its range and not excepted).
pub fn covers(e: &Extension, section: &str) -> bool {
    let (Some(s), Some(from), Some(to)) = (letter(section), letter(&e.from), letter(&e.to)) else {
        return false;
    };
    let excepted = e.except.iter().any(|x| {
        section == x
            || section
                .strip_prefix(x.as_str())
                .is_some_and(|rest| rest.starts_with('('))
    });
    (from..=to).contains(&s) && !excepted
}

/// The extension of a state file that makes `section` binding in `setting`, if any.
pub fn extension<'a>(
    files: &[&'a StateRules],
    section: &str,
    setting: Setting,
) -> Option<(&'a StateRules, &'a Extension)> {
    files.iter().find_map(|f| {
        f.extends
            .iter()
            .find(|e| e.settings.contains(&setting) && covers(e, section))
            .map(|e| (*f, e))
    })
}

/// The calling hours a state file sets for `setting`: minutes after midnight of the earliest
/// allowed time and of the end of the window, and the citation.
pub fn hours<'a>(files: &[&'a StateRules], setting: Setting) -> Option<(u32, u32, &'a str)> {
    files.iter().find_map(|f| {
        let CallHours {
            earliest,
            latest,
            settings,
            citation,
        } = f.call_hours.as_ref()?;
        if !settings.contains(&setting) {
            return None;
        }
        Some((
            parse_hhmm(earliest)?,
            parse_hhmm(latest)?,
            citation.as_str(),
        ))
    })
}

/// Parses `"HH:MM"` into minutes after midnight.
pub fn parse_hhmm(t: &str) -> Option<u32> {
    let (h, m) = t.split_once(':')?;
    if h.len() != 2 || m.len() != 2 {
        return None;
    }
    let (h, m): (u32, u32) = (h.parse().ok()?, m.parse().ok()?);
    (h < 24 && m < 60).then_some(h * 60 + m)
}
