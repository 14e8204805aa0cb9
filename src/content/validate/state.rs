//! Checks on one state rule file: a two-letter code that matches the file name, provenance,
//! FDCPA section ranges that parse and mean something, settings the FDCPA does not already
//! reach, a citation on every rule, and calling hours that parse.

use std::path::Path;

use super::{CheckOptions, check_provenance};
use crate::content::diagnostic::Findings;
use crate::model::{Setting, StateRules};

fn is_section(s: &str) -> bool {
    s.strip_prefix("1692")
        .and_then(|r| r.chars().next())
        .is_some_and(|c| ('a'..='p').contains(&c))
}

/// Runs every check that needs only the file.
pub fn check(st: &StateRules, path: &Path, opts: &CheckOptions, out: &mut Findings) {
    let code = st.state.trim();
    if code.len() != 2 || !code.chars().all(|c| c.is_ascii_uppercase()) {
        out.error(
            "bad-value",
            "state",
            format!("`{}` is not a two-letter state code", st.state),
            Some("write the postal code in capitals, e.g. `state: \"CA\"`".to_string()),
        );
    } else if let Some(stem) = path.file_stem().and_then(|s| s.to_str())
        && stem != code
    {
        out.warning(
            "state-file-name",
            "state",
            format!("the file is named `{stem}` but holds the rules for `{code}`"),
            Some(format!("name the file `{code}.ron` so scenarios find it")),
        );
    }
    check_provenance(st.reviewed, &st.sources, opts, out);
    if st.extends.is_empty() && st.call_hours.is_none() {
        out.warning(
            "empty-state-file",
            "extends",
            "the file extends no rule and sets no hours, so it changes nothing",
            Some("add an `Extension(...)` or `call_hours`, each with its citation".to_string()),
        );
    }
    for (i, e) in st.extends.iter().enumerate() {
        let at = format!("extends.{i}");
        for (field, s) in [("from", &e.from), ("to", &e.to)] {
            if !is_section(s) {
                out.error(
                    "bad-section",
                    format!("{at}.{field}"),
                    format!("`{s}` is not an FDCPA section"),
                    Some("write a section of 15 USC 1692a-1692p, e.g. `\"1692b\"`".to_string()),
                );
            }
        }
        if is_section(&e.from) && is_section(&e.to) && e.from[4..5] > e.to[4..5] {
            out.error(
                "bad-section",
                format!("{at}.to"),
                format!("the range runs backwards: {} to {}", e.from, e.to),
                None,
            );
        }
        for (j, x) in e.except.iter().enumerate() {
            if !is_section(x) {
                out.error(
                    "bad-section",
                    format!("{at}.except.{j}"),
                    format!("`{x}` is not an FDCPA section"),
                    None,
                );
            }
        }
        if e.settings.is_empty() {
            out.error(
                "bad-value",
                format!("{at}.settings"),
                "the extension reaches no setting",
                Some("list the settings, e.g. `settings: [FirstPartyCreditor]`".to_string()),
            );
        }
        for (j, s) in e.settings.iter().enumerate() {
            if matches!(s, Setting::ThirdPartyAgency | Setting::MedicalDebtAgency) {
                out.warning(
                    "redundant-extension",
                    format!("{at}.settings.{j}"),
                    format!(
                        "the FDCPA already binds the {} setting; extending it there changes nothing",
                        s.label()
                    ),
                    None,
                );
            }
        }
        if e.citation.trim().is_empty() {
            out.error(
                "missing-citation",
                format!("{at}.citation"),
                "the extension cites no state law",
                Some(
                    "cite the section that extends the FDCPA, e.g. `\"Cal. Civ. Code 1788.17\"`"
                        .to_string(),
                ),
            );
        }
    }
    if let Some(h) = &st.call_hours {
        let (a, b) = (
            crate::call::rules::state::parse_hhmm(&h.earliest),
            crate::call::rules::state::parse_hhmm(&h.latest),
        );
        for (field, v, raw) in [("earliest", a, &h.earliest), ("latest", b, &h.latest)] {
            if v.is_none() {
                out.error(
                    "bad-value",
                    format!("call_hours.{field}"),
                    format!("`{raw}` is not a time"),
                    Some("write \"HH:MM\" in 24-hour time, e.g. \"08:00\"".to_string()),
                );
            }
        }
        if let (Some(a), Some(b)) = (a, b)
            && a >= b
        {
            out.error(
                "bad-value",
                "call_hours.latest",
                "the calling window ends before it starts",
                None,
            );
        }
        if h.citation.trim().is_empty() {
            out.error(
                "missing-citation",
                "call_hours.citation",
                "the calling hours cite no state law",
                None,
            );
        }
    }
}
