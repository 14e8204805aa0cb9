//! Checks on one scenario: ids, references to nodes, flags and facts, the shape of decisions and
//! endings, ranges, and the graph (a start node, nodes reachable from it, every reachable node
//! able to reach an ending).

use std::collections::{HashMap, HashSet, VecDeque};

use super::{CheckOptions, check_provenance, check_unique};
use crate::content::diagnostic::Findings;
use crate::model::{Condition, FileFlag, Node, Scenario};

/// Runs every scenario check.
pub fn check(s: &Scenario, opts: &CheckOptions, out: &mut Findings) {
    if s.id.trim().is_empty() {
        out.error(
            "empty-id",
            "id",
            "scenario id is empty",
            Some("give the scenario a unique id".to_string()),
        );
    }
    if s.objectives.is_empty() {
        out.warning(
            "no-objectives",
            "objectives",
            "the scenario lists no learning objectives",
            Some("say what the trainee should be able to do after the call".to_string()),
        );
    }
    if s.estimated_minutes == 0 {
        out.warning(
            "bad-value",
            "estimated_minutes",
            "estimated minutes is 0",
            None,
        );
    }
    if matches!(&s.rule_packs, Some(p) if p.is_empty()) {
        out.warning(
            "no-rule-packs",
            "rule_packs",
            "no rule packs apply, so the compliance engine checks nothing",
            Some("leave `rule_packs` out to use the setting's defaults".to_string()),
        );
    }
    check_provenance(s.reviewed, &s.sources, opts, out);
    super::account::check(s, out);
    check_rubric(s, out);

    let ids = check_unique(
        s.nodes
            .iter()
            .enumerate()
            .map(|(i, n)| (format!("nodes.{i}.id"), n.id.as_str())),
        "node",
        out,
    );
    // Node id to position; with duplicate ids, the first node wins (as in `check_unique`).
    let mut index: HashMap<&str, usize> = HashMap::with_capacity(ids.len());
    for (i, n) in s.nodes.iter().enumerate() {
        index.entry(n.id.as_str()).or_insert(i);
    }
    let known = Names::of(s);

    if !index.contains_key(s.start.as_str()) {
        out.error(
            "missing-start",
            "start",
            format!("the start node `{}` does not exist", s.start),
            Some(out.unknown_name_hint(&s.start, ids.keys().copied(), "node")),
        );
    }
    if !s.nodes.iter().any(|n| n.ending.is_some()) {
        out.error(
            "no-ending",
            "nodes",
            "the scenario has no ending",
            Some(
                "give at least one node an `ending: Ending(outcome: ..., wrap_up: ...)`"
                    .to_string(),
            ),
        );
    }
    let packs = crate::call::compliance::Packs::of(s);
    super::rules::check(s, &packs, out);
    for (i, node) in s.nodes.iter().enumerate() {
        check_node(s, i, node, &index, &known, &packs, out);
    }
    check_graph(s, &index, out);
}

/// The flags and facts a scenario defines, for reference checks.
struct Names<'a> {
    flags: HashSet<&'a str>,
    facts: HashSet<&'a str>,
}

impl<'a> Names<'a> {
    fn of(s: &'a Scenario) -> Self {
        let mut flags: HashSet<&str> = s.initial_flags.iter().map(String::as_str).collect();
        flags.extend(FileFlag::ALL.map(FileFlag::flag_name));
        for n in &s.nodes {
            flags.extend(n.set_flags.iter().map(String::as_str));
            for c in &n.choices {
                flags.extend(c.set_flags.iter().map(String::as_str));
            }
        }
        let facts = s.debtor.hidden.facts.keys().map(String::as_str).collect();
        Names { flags, facts }
    }

    fn check_condition(&self, cond: &Condition, path: &str, out: &mut Findings) {
        cond.visit(&mut |c| match c {
            Condition::Flag(f) | Condition::NotFlag(f) => self.check_flag(f, path, out),
            Condition::Fact(f) if !self.facts.contains(f.as_str()) => out.error(
                "unknown-fact",
                path,
                format!(
                    "condition tests the fact `{f}`, which `debtor.hidden.facts` does not define"
                ),
                Some(out.unknown_name_hint(f, self.facts.iter().copied(), "fact")),
            ),
            Condition::AgitationAtLeast(n) | Condition::AgitationAtMost(n) if *n > 10 => out.error(
                "bad-value",
                path,
                format!("agitation runs from 0 to 10; the condition tests {n}"),
                None,
            ),
            Condition::Chance(p) if !(1..=99).contains(p) => out.error(
                "bad-value",
                path,
                format!("`Chance({p})` is not a chance: use a percentage from 1 to 99"),
                Some(
                    "for always or never, leave the condition out or remove the branch".to_string(),
                ),
            ),
            Condition::All(cs) | Condition::Any(cs) if cs.is_empty() => out.error(
                "bad-value",
                path,
                "`All([])` and `Any([])` test nothing",
                Some("list at least one condition".to_string()),
            ),
            _ => {}
        });
    }

    fn check_flag(&self, flag: &str, path: &str, out: &mut Findings) {
        if !self.flags.contains(flag) {
            out.error(
                "unknown-flag",
                path,
                format!("flag `{flag}` is never set: not by a node, a choice, `initial_flags` or a flag on file"),
                Some(out.unknown_name_hint(flag, self.flags.iter().copied(), "flag")),
            );
        }
    }
}

fn check_rubric(s: &Scenario, out: &mut Findings) {
    let r = &s.rubric;
    for (axis, mark) in [
        ("negotiation", r.negotiation),
        ("composure", r.composure),
        ("compliance", r.compliance),
    ] {
        if !(0.0..=100.0).contains(&mark) {
            out.error(
                "pass-mark-range",
                format!("rubric.{axis}"),
                format!("the {axis} pass mark {mark} is outside 0 to 100"),
                None,
            );
        }
    }
}

fn check_target(next: &str, path: String, index: &HashMap<&str, usize>, out: &mut Findings) {
    if !index.contains_key(next) {
        out.error(
            "unknown-node",
            path,
            format!("goes to node `{next}`, which does not exist"),
            Some(out.unknown_name_hint(next, index.keys().copied(), "node")),
        );
    }
}

fn check_node(
    s: &Scenario,
    i: usize,
    node: &Node,
    index: &HashMap<&str, usize>,
    known: &Names,
    packs: &crate::call::compliance::Packs,
    out: &mut Findings,
) {
    let at = format!("nodes.{i}");
    if !(-10..=10).contains(&node.agitation) {
        out.error(
            "bad-value",
            format!("{at}.agitation"),
            format!(
                "an agitation change of {} is outside -10..=10",
                node.agitation
            ),
            None,
        );
    }
    if node.says.trim().is_empty() {
        out.warning(
            "empty-line",
            format!("{at}.says"),
            format!("node `{}` has an empty line", node.id),
            None,
        );
    }
    for (v, variant) in node.variants.iter().enumerate() {
        known.check_condition(&variant.when, &format!("{at}.variants.{v}.when"), out);
    }
    for (d, divert) in node.diverts.iter().enumerate() {
        if let Some(w) = &divert.when {
            known.check_condition(w, &format!("{at}.diverts.{d}.when"), out);
        }
        check_target(&divert.next, format!("{at}.diverts.{d}.next"), index, out);
    }
    if let Some(t) = &node.time_limit {
        check_target(
            &t.on_timeout,
            format!("{at}.time_limit.on_timeout"),
            index,
            out,
        );
        if t.seconds == 0 {
            out.error(
                "bad-value",
                format!("{at}.time_limit.seconds"),
                "a time limit of 0 seconds cannot be met",
                None,
            );
        }
    }
    if let Some(ending) = &node.ending {
        if !node.choices.is_empty() || node.time_limit.is_some() || !node.diverts.is_empty() {
            out.error(
                "ending-with-choices",
                format!("{at}.ending"),
                format!(
                    "node `{}` is an ending but also has choices, diverts or a time limit",
                    node.id
                ),
                Some("an ending closes the call: move the choices to another node".to_string()),
            );
        }
        let w = &ending.wrap_up;
        if w.options.len() < 2 {
            out.error(
                "bad-wrap-up",
                format!("{at}.ending.wrap_up.options"),
                "the wrap-up step needs at least two notes or result codes to choose from",
                None,
            );
        } else if w.correct >= w.options.len() {
            out.error(
                "bad-wrap-up",
                format!("{at}.ending.wrap_up.correct"),
                format!(
                    "`correct: {}` is not an option (there are {}, counted from 0)",
                    w.correct,
                    w.options.len()
                ),
                None,
            );
        }
        check_duplicates(
            &w.options,
            &format!("{at}.ending.wrap_up.options"),
            "wrap-up option",
            out,
        );
        super::ending::check(s, ending, &format!("{at}.ending"), out);
        return;
    }
    if node.choices.is_empty() {
        if node.diverts.is_empty() {
            out.error(
                "no-choices",
                at.clone(),
                format!(
                    "node `{}` is a decision with no choices and is not an ending",
                    node.id
                ),
                Some("add choices, or make it an ending with `ending: Ending(...)`".to_string()),
            );
        } else if node.diverts.iter().all(|d| d.when.is_some()) {
            out.error(
                "no-way-out",
                format!("{at}.diverts"),
                format!("node `{}` has no choices and only conditional diverts: when none holds the call is stuck", node.id),
                Some("add choices, or a last divert with no `when`".to_string()),
            );
        }
    } else if node.choices.iter().all(|c| c.when.is_some())
        && node.time_limit.is_none()
        && node.diverts.is_empty()
    {
        out.warning(
            "may-stall",
            format!("{at}.choices"),
            format!(
                "every choice at node `{}` has a condition; if none holds the call is stuck",
                node.id
            ),
            Some("give one choice no condition, or add a time limit".to_string()),
        );
    }
    for (c, choice) in node.choices.iter().enumerate() {
        let cp = format!("{at}.choices.{c}");
        if choice.text.trim().is_empty() {
            out.error(
                "empty-text",
                format!("{cp}.text"),
                "a choice has no text",
                None,
            );
        }
        check_target(&choice.next, format!("{cp}.next"), index, out);
        super::said::check(choice, &cp, out);
        for (field, target) in [
            ("on_counter", &choice.on_counter),
            ("on_refuse", &choice.on_refuse),
        ] {
            if let Some(t) = target {
                check_target(t, format!("{cp}.{field}"), index, out);
                if choice.offer.is_none() {
                    out.warning(
                        "unused-branch",
                        format!("{cp}.{field}"),
                        format!("`{field}` is only followed when the choice makes an `offer`"),
                        Some("add the offer, or remove the branch".to_string()),
                    );
                }
            }
        }
        if let Some(w) = &choice.when {
            known.check_condition(w, &format!("{cp}.when"), out);
        }
        for f in &choice.clear_flags {
            known.check_flag(f, &format!("{cp}.clear_flags"), out);
        }
        if !(-10..=10).contains(&choice.agitation) {
            out.error(
                "bad-value",
                format!("{cp}.agitation"),
                format!(
                    "an agitation change of {} is outside -10..=10",
                    choice.agitation
                ),
                None,
            );
        }
        for (v, violation) in choice.violations.iter().enumerate() {
            super::rules::check_marked(
                &violation.rule,
                &format!("{cp}.violations.{v}.rule"),
                packs,
                out,
            );
        }
        let scored = choice.effects.scores_compliance() || !choice.violations.is_empty();
        if scored
            && choice
                .citation
                .as_deref()
                .is_none_or(|c| c.trim().is_empty())
        {
            out.warning(
                "missing-citation",
                cp.clone(),
                "this choice is scored for compliance but cites no law",
                Some("add `citation: \"15 USC 1692...\"` so the debrief can say why".to_string()),
            );
        }
        if let Some(offer) = &choice.offer {
            super::said::check_offer(s, offer, &format!("{cp}.offer"), out);
        }
    }
}

fn check_duplicates(items: &[String], path: &str, what: &str, out: &mut Findings) {
    let mut seen = HashMap::new();
    for (i, item) in items.iter().enumerate() {
        let key = normalize(item);
        if let Some(first) = seen.insert(key, i) {
            out.error(
                "duplicate-option",
                format!("{path}.{i}"),
                format!("{what} {} repeats {what} {}", i + 1, first + 1),
                Some("each option must be different".to_string()),
            );
        }
    }
}

/// Text compared case- and space-insensitively, for duplicate checks.
pub(crate) fn normalize(s: &str) -> String {
    s.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// Every node id a node can lead to, ignoring conditions.
pub fn successors(node: &Node) -> impl Iterator<Item = &str> {
    node.choices
        .iter()
        .flat_map(|c| {
            std::iter::once(c.next.as_str())
                .chain(c.on_counter.as_deref())
                .chain(c.on_refuse.as_deref())
        })
        .chain(node.diverts.iter().map(|d| d.next.as_str()))
        .chain(node.time_limit.iter().map(|t| t.on_timeout.as_str()))
}

fn check_graph(s: &Scenario, index: &HashMap<&str, usize>, out: &mut Findings) {
    let n = s.nodes.len();
    let Some(&start) = index.get(s.start.as_str()) else {
        return;
    };
    // Forward: what the start reaches. Edges to unknown nodes are already errors.
    let edges: Vec<Vec<usize>> = s
        .nodes
        .iter()
        .map(|node| {
            successors(node)
                .filter_map(|t| index.get(t).copied())
                .collect()
        })
        .collect();
    let mut reached = vec![false; n];
    let mut queue = VecDeque::from([start]);
    reached[start] = true;
    while let Some(i) = queue.pop_front() {
        for &j in &edges[i] {
            if !reached[j] {
                reached[j] = true;
                queue.push_back(j);
            }
        }
    }
    // Backward: what can reach an ending.
    let mut preds: Vec<Vec<usize>> = vec![Vec::new(); n];
    for (i, targets) in edges.iter().enumerate() {
        for &j in targets {
            preds[j].push(i);
        }
    }
    let mut ends = vec![false; n];
    let mut queue: VecDeque<usize> = (0..n)
        .filter(|&i| s.nodes[i].ending.is_some() && index.get(s.nodes[i].id.as_str()) == Some(&i))
        .collect();
    for &i in &queue {
        ends[i] = true;
    }
    while let Some(i) = queue.pop_front() {
        for &p in &preds[i] {
            if !ends[p] {
                ends[p] = true;
                queue.push_back(p);
            }
        }
    }
    let any_ending = ends.iter().any(|&e| e);
    for (i, node) in s.nodes.iter().enumerate() {
        if index.get(node.id.as_str()) != Some(&i) {
            continue; // a duplicate id, reported already
        }
        if !reached[i] {
            out.warning(
                "unreachable-node",
                format!("nodes.{i}.id"),
                format!(
                    "node `{}` cannot be reached from the start node `{}`",
                    node.id, s.start
                ),
                Some("point a choice, divert or time limit at it, or remove it".to_string()),
            );
        } else if any_ending && !ends[i] && node.ending.is_none() && !edges[i].is_empty() {
            // (A node with no way on at all is already reported as `no-choices`.)
            out.error(
                "no-ending-reachable",
                format!("nodes.{i}.id"),
                format!(
                    "no path from node `{}` ever reaches an ending: the call would loop forever",
                    node.id
                ),
                Some("give the loop a choice that leads toward an ending".to_string()),
            );
        }
    }
}
