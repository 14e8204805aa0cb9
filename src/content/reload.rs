//! Live reload's "last good version": when a file whose items loaded cleanly becomes broken,
//! its previous items stay usable (a trainer keeps playing them) while the new diagnostics show.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use super::{ContentSet, Level, LoadError, Loaded};

/// Merges a fresh load (`next`) with the set it replaces (`prev`): for every file that still
/// exists but no longer yields a usable item, the items `prev` had from it stay in, and the
/// file is listed in [`ContentSet::kept`]. `next`'s diagnostics are left as they are, so the
/// problems still show. A deleted file drops its items; a fixed file brings its new version; an
/// item whose id is now used by a usable item of another file is not kept (no duplicate ids).
/// Chains: a set that is itself merged keeps its kept items as long as the file stays broken.
pub fn merge_last_good(prev: &ContentSet, mut next: ContentSet) -> ContentSet {
    // A file still "there" is one that was listed, or that exists but could not be read this
    // time (an editor may be half-way through writing it).
    let mut present: Vec<PathBuf> = next.files.clone();
    for e in &next.io_errors {
        if let LoadError::Io { path, .. } = e {
            present.push(path.clone());
        }
    }
    let usable_now: Vec<PathBuf> = next
        .scenarios
        .iter()
        .filter(|s| s.usable())
        .map(|s| s.path.clone())
        .chain(
            next.banks
                .iter()
                .filter(|b| b.usable())
                .map(|b| b.path.clone()),
        )
        .chain(
            next.blueprints
                .iter()
                .filter(|b| b.usable())
                .map(|b| b.path.clone()),
        )
        .collect();
    let broken =
        |path: &Path| present.iter().any(|p| p == path) && !usable_now.iter().any(|p| p == path);
    let mut kept: Vec<PathBuf> = Vec::new();
    keep(
        &prev.scenarios,
        &mut next.scenarios,
        &broken,
        |s| &s.id,
        &mut kept,
    );
    keep(&prev.banks, &mut next.banks, &broken, |b| &b.id, &mut kept);
    keep(
        &prev.blueprints,
        &mut next.blueprints,
        &broken,
        |b| &b.id,
        &mut kept,
    );
    // Load order, as a plain load would give.
    let order: HashMap<PathBuf, usize> = next
        .files
        .iter()
        .enumerate()
        .map(|(i, f)| (f.clone(), i))
        .collect();
    let pos = |p: &PathBuf| order.get(p).copied().unwrap_or(usize::MAX);
    next.scenarios.sort_by_key(|s| pos(&s.path));
    next.banks.sort_by_key(|b| pos(&b.path));
    next.blueprints.sort_by_key(|b| pos(&b.path));
    kept.sort_by_key(&pos);
    kept.dedup();
    next.kept = kept;
    next
}

/// Puts back the usable items of `prev` whose file is broken now, replacing what the broken
/// file yields this time.
fn keep<T: Clone>(
    prev: &[Loaded<T>],
    next: &mut Vec<Loaded<T>>,
    broken: &dyn Fn(&Path) -> bool,
    id: impl Fn(&T) -> &String,
    kept: &mut Vec<PathBuf>,
) {
    for old in prev.iter().filter(|o| o.usable() && broken(&o.path)) {
        let taken = next
            .iter()
            .any(|n| n.usable() && n.path != old.path && id(&n.item) == id(&old.item));
        if taken {
            continue;
        }
        next.retain(|n| n.path != old.path);
        kept.push(old.path.clone());
        next.push(old.clone());
    }
}

/// Whether `set` has an error in `path` (what makes a kept file "broken").
pub fn has_errors_in(set: &ContentSet, path: &Path) -> bool {
    set.diagnostics_for(path).any(|d| d.level == Level::Error)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::{CheckOptions, load_texts};

    fn opts() -> CheckOptions {
        CheckOptions {
            today: "2026-11-23".parse().unwrap(),
        }
    }

    const GOOD: &str = include_str!("../../tests/data/valid/call.ron");
    const BANK: &str = include_str!("../../tests/data/valid/bank.ron");

    fn good_v2() -> String {
        GOOD.replace("title: \"Test call\"", "title: \"Test call v2\"")
    }

    /// The same scenario with a choice pointing at a node that does not exist (parses, fails
    /// the checks).
    fn semantic_error() -> String {
        GOOD.replacen("next: \"plan_set\"", "next: \"plan_sett\"", 1)
    }

    fn titles(set: &ContentSet) -> Vec<(String, bool)> {
        set.scenarios
            .iter()
            .map(|s| (s.item.title.clone(), s.usable()))
            .collect()
    }

    #[test]
    fn a_file_that_stops_parsing_keeps_its_last_good_items() {
        let prev = load_texts([("a.ron", GOOD), ("bank.ron", BANK)], &opts());
        assert!(!prev.has_errors());
        let next = load_texts([("a.ron", "Scenario(id: "), ("bank.ron", BANK)], &opts());
        assert!(next.scenarios.is_empty());
        let merged = merge_last_good(&prev, next);
        assert_eq!(titles(&merged), vec![("Test call".to_string(), true)]);
        assert_eq!(merged.kept, vec![PathBuf::from("a.ron")]);
        assert!(merged.is_kept(Path::new("a.ron")));
        assert!(
            has_errors_in(&merged, Path::new("a.ron")),
            "the problem still shows"
        );
        assert_eq!(merged.banks.len(), 1);
    }

    #[test]
    fn a_file_with_a_semantic_error_is_replaced_by_its_last_good_version() {
        let prev = load_texts([("a.ron", GOOD)], &opts());
        let next = load_texts([("a.ron", semantic_error().as_str())], &opts());
        assert!(!next.scenarios[0].usable());
        let merged = merge_last_good(&prev, next);
        // One scenario, the usable old one, not the broken new one next to it.
        assert_eq!(titles(&merged), vec![("Test call".to_string(), true)]);
        assert!(merged.has_errors());
        assert!(merged.is_kept(Path::new("a.ron")));
    }

    #[test]
    fn still_broken_keeps_it_and_fixed_brings_the_new_version() {
        let good = load_texts([("a.ron", GOOD)], &opts());
        let broken = merge_last_good(&good, load_texts([("a.ron", "oops")], &opts()));
        let still = merge_last_good(&broken, load_texts([("a.ron", "oops again")], &opts()));
        assert_eq!(titles(&still), vec![("Test call".to_string(), true)]);
        assert!(still.is_kept(Path::new("a.ron")));
        let v2 = good_v2();
        let fixed = merge_last_good(&still, load_texts([("a.ron", v2.as_str())], &opts()));
        assert_eq!(titles(&fixed), vec![("Test call v2".to_string(), true)]);
        assert!(fixed.kept.is_empty());
        assert!(!fixed.has_errors());
    }

    #[test]
    fn a_deleted_file_drops_its_items_and_a_never_good_file_keeps_nothing() {
        let prev = load_texts([("a.ron", GOOD), ("b.ron", "broken")], &opts());
        let next = load_texts([("b.ron", "still broken")], &opts());
        let merged = merge_last_good(&prev, next);
        assert!(merged.scenarios.is_empty());
        assert!(merged.kept.is_empty());
    }

    #[test]
    fn an_id_taken_by_another_usable_file_is_not_kept_twice() {
        let prev = load_texts([("a.ron", GOOD)], &opts());
        // a.ron breaks and its scenario moves to b.ron, same id.
        let next = load_texts([("a.ron", "broken"), ("b.ron", GOOD)], &opts());
        let merged = merge_last_good(&prev, next);
        assert_eq!(merged.scenarios.len(), 1);
        assert_eq!(merged.scenarios[0].path, PathBuf::from("b.ron"));
        assert!(merged.kept.is_empty());
    }

    #[test]
    fn banks_are_kept_too_and_order_follows_the_files() {
        let prev = load_texts(
            [
                ("a.ron", GOOD),
                ("bank.ron", BANK),
                ("z.ron", GOOD.replace("test-call", "other").as_str()),
            ],
            &opts(),
        );
        assert_eq!(prev.scenarios.len(), 2);
        let next = load_texts(
            [
                ("a.ron", "broken"),
                ("bank.ron", "broken too"),
                ("z.ron", GOOD.replace("test-call", "other").as_str()),
            ],
            &opts(),
        );
        let merged = merge_last_good(&prev, next);
        assert_eq!(merged.banks.len(), 1);
        let paths: Vec<_> = merged.scenarios.iter().map(|s| s.path.clone()).collect();
        assert_eq!(paths, vec![PathBuf::from("a.ron"), PathBuf::from("z.ron")]);
        assert_eq!(
            merged.kept,
            vec![PathBuf::from("a.ron"), PathBuf::from("bank.ron")]
        );
    }
}
