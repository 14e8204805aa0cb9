//! Semantic checks, one pass per format (like blade-ink's validator passes) plus the checks that
//! span files. Each pass records every problem it finds as a [`Finding`] located by path.

pub mod account;
pub mod bank;
pub mod bank_quality;
pub mod blueprint;
pub mod ending;
pub mod rules;
pub mod said;
pub mod scenario;
pub mod state;

use chrono::NaiveDate;

use super::diagnostic::Findings;
use crate::model::Date;

/// What the checks need from outside the file.
#[derive(Debug, Clone, Copy)]
pub struct CheckOptions {
    /// Today's date, for the `reviewed` staleness warning (tests fix it).
    pub today: NaiveDate,
}

impl Default for CheckOptions {
    fn default() -> Self {
        CheckOptions {
            today: chrono::Local::now().date_naive(),
        }
    }
}

/// Days after which `reviewed` is stale.
pub const REVIEW_MAX_AGE_DAYS: i64 = 365;

/// Checks the `reviewed` date and `sources` list every file carries.
pub(crate) fn check_provenance(
    reviewed: Date,
    sources: &[String],
    opts: &CheckOptions,
    out: &mut Findings,
) {
    let age = (opts.today - reviewed).num_days();
    if age > REVIEW_MAX_AGE_DAYS {
        out.warning(
            "stale-review",
            "reviewed",
            format!("content was last reviewed on {reviewed}, {age} days ago; the law changes"),
            Some(
                "check the content against current law and sources, then update `reviewed`"
                    .to_string(),
            ),
        );
    } else if age < 0 {
        out.warning(
            "future-review",
            "reviewed",
            format!("`reviewed` is {reviewed}, which is in the future"),
            Some("use the date the content was actually checked".to_string()),
        );
    }
    if sources.iter().all(|s| s.trim().is_empty()) {
        out.warning(
            "no-sources",
            "sources",
            "the file names no sources",
            Some(
                "list the statute, regulation or guidance sections the content relies on"
                    .to_string(),
            ),
        );
    }
}

/// Reports ids that appear more than once among `(path, id)` pairs; the first one wins.
pub(crate) fn check_unique<'a>(
    items: impl IntoIterator<Item = (String, &'a str)>,
    what: &str,
    out: &mut Findings,
) -> std::collections::HashMap<&'a str, String> {
    let mut seen: std::collections::HashMap<&'a str, String> = std::collections::HashMap::new();
    for (path, id) in items {
        if id.trim().is_empty() {
            out.error(
                "empty-id",
                path,
                format!("{what} id is empty"),
                Some(format!("give every {what} a unique id")),
            );
        } else if let Some(first) = seen.get(id) {
            out.error(
                "duplicate-id",
                path,
                format!("{what} id `{id}` is used more than once"),
                Some(format!(
                    "ids must be unique; the first `{id}` is at `{first}`"
                )),
            );
        } else {
            seen.insert(id, path);
        }
    }
    seen
}

/// A list of names for hints, shortened when long.
pub(crate) fn name_list<'a>(names: impl IntoIterator<Item = &'a str>) -> String {
    // The first twelve in order, found in linear time (a hint is built for each unknown name).
    let distinct: std::collections::HashSet<&str> = names.into_iter().collect();
    let total = distinct.len();
    let mut names: Vec<&str> = distinct.into_iter().collect();
    if names.len() > 12 {
        names.select_nth_unstable(12);
        names.truncate(12);
    }
    names.sort_unstable();
    let shown: Vec<_> = names.iter().map(|n| format!("`{n}`")).collect();
    let more = total.saturating_sub(12);
    if more > 0 {
        format!("{} and {more} more", shown.join(", "))
    } else {
        shown.join(", ")
    }
}

impl Findings {
    /// The hint for a name that is not defined: a close spelling, searched for the first
    /// [`SPELLING_SEARCHES`] unknown names in the file, else the defined names of the kind
    /// (`what`), listed once per file and reused; so thousands of broken names take linear time.
    ///
    /// [`SPELLING_SEARCHES`]: crate::content::diagnostic::SPELLING_SEARCHES
    pub(crate) fn unknown_name_hint<'a>(
        &self,
        name: &str,
        known: impl IntoIterator<Item = &'a str> + Clone,
        what: &str,
    ) -> String {
        let left = self.1.searches_left.get();
        if left > 0 {
            self.1.searches_left.set(left - 1);
            if let Some(s) = super::suggest(name, known.clone()) {
                return format!("did you mean `{s}`?");
            }
        }
        self.1
            .lists
            .borrow_mut()
            .entry(what.to_string())
            .or_insert_with(|| defined_names_hint(known, what))
            .clone()
    }
}

/// "defined nodes: `a`, `b` and 3 more", or "no node is defined".
fn defined_names_hint<'a>(known: impl IntoIterator<Item = &'a str>, what: &str) -> String {
    let list = name_list(known);
    if list.is_empty() {
        format!("no {what} is defined")
    } else {
        format!("defined {what}s: {list}")
    }
}

/// The hint for a name that is not defined: a close spelling if there is one, else the list.
pub(crate) fn unknown_name_hint<'a>(
    name: &str,
    known: impl IntoIterator<Item = &'a str> + Clone,
    what: &str,
) -> String {
    match super::suggest(name, known.clone()) {
        Some(s) => format!("did you mean `{s}`?"),
        None => defined_names_hint(known, what),
    }
}
