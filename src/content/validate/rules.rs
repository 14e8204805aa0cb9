//! Checks on what a scenario asks of the rule engine: rule packs that carry no rule for its
//! setting, facts it sets that no rule of its packs reads, marked rules that do not exist or do
//! not apply (with the rules that do exist for the setting), and the state law it is judged on.

use crate::call::compliance::{Packs, file_fact, revelation_fact};
use crate::call::rules::{self, Pack};
use crate::content::diagnostic::Findings;
use crate::model::{RulePack, Scenario};

/// The rules that apply to a scenario (its setting, packs and state), pack by pack, for hints.
pub fn rules_for(packs: &Packs) -> String {
    let mut groups: Vec<(String, Vec<&str>)> = Vec::new();
    for a in &packs.active {
        let label = packs.pack_label(a.rule.id);
        match groups.iter_mut().find(|(l, _)| *l == label) {
            Some((_, ids)) => ids.push(a.rule.id),
            None => groups.push((label, vec![a.rule.id])),
        }
    }
    groups
        .iter()
        .map(|(l, ids)| format!("{l}: {}", ids.join(", ")))
        .collect::<Vec<_>>()
        .join("; ")
}

/// Scenario-level checks.
pub fn check(s: &Scenario, packs: &Packs, out: &mut Findings) {
    if let Some(named) = &s.rule_packs {
        for (i, p) in named.iter().enumerate() {
            let at = format!("rule_packs.{i}");
            match (p, Pack::of(p)) {
                (RulePack::Fdcpa | RulePack::RegulationF, _) if !s.setting.is_consumer() => {
                    out.warning(
                        "empty-pack",
                        at,
                        format!(
                            "the {p:?} pack has no rules for a commercial call: the FDCPA covers only consumer debts, obligations primarily for personal, family or household purposes (15 USC 1692a(5))"
                        ),
                        Some("commercial calls are judged on the practice standards, the bankruptcy stay and SCRA; leave the pack out".to_string()),
                    );
                }
                (RulePack::State(code), _) if rules::state::file(code).is_none() => {
                    out.warning(
                        "no-state-file",
                        at,
                        format!("there is no rule file for the state `{code}`, so the call is judged on federal law only"),
                        Some(format!(
                            "shipped state files: {}",
                            rules::state::SHIPPED.iter().map(|(c, _)| *c).collect::<Vec<_>>().join(", ")
                        )),
                    );
                }
                (RulePack::State(_), _) => {}
                (_, None) => out.warning(
                    "empty-pack",
                    at,
                    format!(
                        "the {p:?} pack carries no scored rules yet, so naming it changes nothing"
                    ),
                    None,
                ),
                (_, Some(pack)) if !pack.rules().any(|r| r.settings.contains(&s.setting)) => {
                    out.warning(
                        "empty-pack",
                        at,
                        format!(
                            "the {} pack has no rules for the {} setting",
                            pack.label(),
                            s.setting.label()
                        ),
                        Some(format!(
                            "rules that apply to this scenario: {}",
                            rules_for(packs)
                        )),
                    );
                }
                _ => {}
            }
        }
    }
    let read: u64 = packs.active.iter().fold(0, |m, a| m | a.rule.reads);
    let unread = |fact: u64| fact != 0 && fact & read == 0;
    for (i, f) in s.account.flags_on_file.iter().enumerate() {
        if unread(file_fact(*f)) {
            out.warning(
                "unread-fact",
                format!("account.flags_on_file.{i}"),
                format!(
                    "no rule that applies to this {} call reads `{f:?}`, so having it on file changes no finding",
                    s.setting.label()
                ),
                Some(format!(
                    "it still works as the condition flag `{}`; rules that apply here: {}",
                    f.flag_name(),
                    rules_for(packs)
                )),
            );
        }
    }
    for (i, n) in s.nodes.iter().enumerate() {
        for (j, r) in n.reveals.iter().enumerate() {
            if unread(revelation_fact(*r)) {
                out.warning(
                    "unread-fact",
                    format!("nodes.{i}.reveals.{j}"),
                    format!(
                        "no rule that applies to this {} call reads `{r:?}`, so revealing it changes no finding",
                        s.setting.label()
                    ),
                    Some(format!(
                        "add the pack that covers it to `rule_packs`, or leave it out; rules that apply here: {}",
                        rules_for(packs)
                    )),
                );
            }
        }
    }
}

/// A rule an author marks on a choice: it must exist, and should apply to the scenario.
pub fn check_marked(id: &str, at: &str, packs: &Packs, out: &mut Findings) {
    match rules::rule(id) {
        Some(rule) if !packs.applies(id) => out.warning(
            "rule-pack-mismatch",
            at,
            format!(
                "rule `{id}` belongs to the {} pack, which does not apply to this {} scenario",
                rule.pack.label(),
                packs.setting.label()
            ),
            Some(format!(
                "mark a rule that applies, or list its pack in `rule_packs`; rules that apply here: {}",
                rules_for(packs)
            )),
        ),
        Some(_) => {}
        None => {
            let near = crate::content::suggest(id, rules::all().map(|r| r.id))
                .map(|s| format!("did you mean `{s}`? "))
                .unwrap_or_default();
            out.error(
                "unknown-rule",
                at,
                format!("`{id}` is not a rule in the catalogue"),
                Some(format!(
                    "{near}rules that apply to this {} scenario, by pack: {}",
                    packs.setting.label(),
                    rules_for(packs)
                )),
            );
        }
    }
}
