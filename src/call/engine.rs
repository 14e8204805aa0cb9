//! The call's state machine, shared by the runner (one seeded call) and the explorer (every
//! reachable state): a compiled scenario, the compact state that matters (node, flags,
//! agitation, who is on the line, compliance facts, the negotiation approach) and the two
//! transitions, arriving at a node and making a choice.

use std::collections::HashMap;
use std::sync::Arc;

use serde::{Deserialize, Serialize};

use super::compliance::{self, Facts, Finding, Packs};
use super::context;
use super::negotiation::{self, Approach, Response};
use crate::model::{
    Act, Condition, Effects, FileFlag, Node, Outcome, Party, Scenario, Severity, Tone,
};

/// Why a scenario cannot be run.
#[derive(Debug, thiserror::Error)]
pub enum CallError {
    /// The scenario refers to something that does not exist (validate it first).
    #[error("scenario `{scenario}` cannot be run: {reason}")]
    Broken {
        /// The scenario id.
        scenario: String,
        /// What is wrong.
        reason: String,
    },
    /// The action does not fit the call's current step.
    #[error("{0}")]
    BadAction(String),
    /// Saved state does not fit this scenario.
    #[error("saved call does not fit scenario `{scenario}`: {reason}")]
    BadState {
        /// The scenario id.
        scenario: String,
        /// What does not fit.
        reason: String,
    },
}

/// Most flags a scenario may use (the state keeps them as bits).
pub const MAX_FLAGS: usize = 256;
/// Most diverts followed on one arrival before the call is reported as stuck in a loop.
pub const MAX_DIVERTS: usize = 64;

/// Flags as bits, indexed by the compiled scenario's flag table.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct FlagBits([u64; MAX_FLAGS / 64]);

impl FlagBits {
    fn get(&self, i: u16) -> bool {
        self.0[i as usize / 64] & (1 << (i % 64)) != 0
    }
    fn set(&mut self, i: u16, on: bool) {
        let w = &mut self.0[i as usize / 64];
        if on {
            *w |= 1 << (i % 64);
        } else {
            *w &= !(1 << (i % 64));
        }
    }
}

/// Everything about a call in progress that decides what can happen next.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Core {
    /// The current node (index into `scenario.nodes`).
    pub node: u32,
    /// Flags that are set.
    pub flags: FlagBits,
    /// The other person's agitation, 0 to 10.
    pub agitation: u8,
    /// Who is on the line.
    pub party: Party,
    /// Compliance facts.
    pub facts: Facts,
    /// What the collector has done toward negotiation.
    pub approach: Approach,
}

/// Decides `Chance(p)` conditions.
pub trait Chance {
    /// Whether a `Chance(percent)` condition holds; `salt` identifies where it is asked.
    fn roll(&mut self, percent: u8, salt: u64) -> bool;
}

/// The on-file flags, each of which is also a flag conditions can test.
const FILE_FLAGS: [FileFlag; 6] = FileFlag::ALL;

use compliance::file_fact;

/// Points on the three axes, before clamping to 0..=100.
#[derive(
    Debug, Clone, Copy, Default, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize,
)]
pub struct Points {
    /// Negotiation.
    pub negotiation: i32,
    /// Composure.
    pub composure: i32,
    /// Compliance (added to the starting 100).
    pub compliance: i32,
}

impl std::ops::AddAssign for Points {
    fn add_assign(&mut self, o: Points) {
        self.negotiation += o.negotiation;
        self.composure += o.composure;
        self.compliance += o.compliance;
    }
}

/// The sum of some point items.
pub fn total(items: &[PointItem]) -> Points {
    let mut p = Points::default();
    for i in items {
        p += i.points;
    }
    p
}

/// Where a point came from, for the debrief: every point is traceable.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PointItem {
    /// Why.
    pub reason: String,
    /// The points.
    pub points: Points,
}

/// Who found a violation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FoundBy {
    /// Marked by the scenario's author.
    Author,
    /// Found by the rule engine.
    Engine,
    /// Both.
    Both,
}

/// A violation at a turn.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Violation {
    /// Rule id.
    pub rule: String,
    /// Severity.
    pub severity: Severity,
    /// Citation.
    pub citation: String,
    /// The decision it happened at (1-based), or the last turn for end-of-call findings.
    pub turn: u32,
    /// Who found it.
    pub found_by: FoundBy,
    /// What the engine saw (empty when only the author marked it).
    pub reason: String,
}

/// Compliance points lost for one violation of a severity.
pub fn deduction(severity: Severity) -> i32 {
    match severity {
        Severity::Minor => 10,
        Severity::Major => 25,
        Severity::Critical => 50,
    }
}

/// A line said by the other person.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Line {
    /// The node it belongs to.
    pub node: String,
    /// Who says it.
    pub speaker: Party,
    /// Its tone.
    pub tone: Tone,
    /// What is said.
    pub text: String,
}

/// What happened on arriving somewhere.
#[derive(Debug, Clone, PartialEq)]
pub struct Arrival {
    /// Nodes diverted away from on the way (the node arrived at is `core.node`).
    pub passed: Vec<u32>,
    /// Lines said on the way (one per node where no divert was taken; usually one).
    pub lines: Vec<Line>,
    /// What the call waits for now.
    pub next: Waiting,
}

/// What the call waits for after arriving.
#[derive(Debug, Clone, PartialEq)]
pub enum Waiting {
    /// A decision: the choices shown, as indices into the node's `choices`.
    Decision(Vec<usize>),
    /// The call ended.
    Ended(Outcome),
}

/// What a choice did.
#[derive(Debug, Clone, PartialEq)]
pub struct ChoiceResult {
    /// Points from the choice's effects, the offer and the composure multiplier, each with its
    /// reason (empty when made without detail).
    pub items: Vec<PointItem>,
    /// The sum of those points (always).
    pub total: Points,
    /// Violations at this turn, author-marked and engine-found merged (each rule once).
    pub violations: Vec<Violation>,
    /// Points where the law is unsettled ("depends"), with their reasons: shown, never scored.
    pub cautions: Vec<Violation>,
    /// The debtor's answer to an offer, with its points.
    pub offer: Option<(Response, Option<f64>)>,
    /// The node the call goes to.
    pub next_node: u32,
}

/// What is settled when the call ends ([`Compiled::finish`]).
#[derive(Debug, Clone, PartialEq)]
pub struct Finished {
    /// Points from the outcome and the agitation, and a deduction for each violation.
    pub items: Vec<PointItem>,
    /// Violations found at the end, with what follows the call.
    pub violations: Vec<Violation>,
    /// Findings at the end where the law is unsettled: shown, never scored.
    pub cautions: Vec<Violation>,
}

/// A condition with flag names resolved to bits and facts to constants.
#[derive(Debug)]
enum Cond {
    Flag(u16),
    NotFlag(u16),
    Const(bool),
    AtLeast(u8),
    AtMost(u8),
    Chance(u8),
    All(Vec<Cond>),
    Any(Vec<Cond>),
    Not(Box<Cond>),
}

/// A node with its targets resolved to indices and its flags to bits, and the fields that
/// running it reads copied next to them (the explorer runs every node many times, and reading
/// the scenario's larger structs is what it would otherwise wait on).
#[derive(Debug)]
struct CNode {
    set: FlagBits,
    diverts: Vec<(Option<Cond>, u32)>,
    variants: Vec<Cond>,
    choices: Vec<CChoice>,
    timeout: Option<u32>,
    speaker: Option<Party>,
    agitation: i8,
    reveals: bool,
    ending: Option<Outcome>,
    /// Facts from what the scenario says follows this ending ([`context::after_call_facts`]).
    after: u64,
    /// Negotiation points an ending that meets objectives without arranging money is credited
    /// ([`right_result_credit`]).
    credit: i32,
}

/// A choice with its targets resolved to indices and its flags to bits, and the fields that
/// scoring it reads (see [`CNode`]); the author's marked violations and the offer are read
/// from the scenario, only for choices that have them.
#[derive(Debug)]
struct CChoice {
    when: Option<Cond>,
    next: u32,
    on_counter: u32,
    on_refuse: u32,
    set: FlagBits,
    clear: FlagBits,
    effects: Effects,
    agitation: i8,
    acts: Acts,
    marked: bool,
    offer: bool,
    /// What the choice says that the rules judge (bits of [`compliance::SAID`]).
    said: u64,
}

/// A choice's acts ([`crate::model::Choice::all_acts`]: its own and its message's), inline when
/// there are few, as there nearly always are.
#[derive(Debug, Clone)]
enum Acts {
    Inline(u8, [Act; INLINE_ACTS]),
    Heap(Box<[Act]>),
}

const INLINE_ACTS: usize = 6;

impl Acts {
    fn of(acts: &[Act]) -> Self {
        if acts.len() > INLINE_ACTS {
            return Acts::Heap(acts.into());
        }
        let mut inline = [Act::Greet; INLINE_ACTS];
        inline[..acts.len()].copy_from_slice(acts);
        Acts::Inline(acts.len() as u8, inline)
    }

    fn get(&self) -> &[Act] {
        match self {
            Acts::Inline(n, inline) => &inline[..*n as usize],
            Acts::Heap(acts) => acts,
        }
    }
}

/// Adds up points, keeping each with its reason only when asked to (the explorer needs only the
/// sum, and building reasons for every state would dominate its cost).
struct Tally {
    detail: bool,
    items: Vec<PointItem>,
    total: Points,
}

impl Tally {
    fn new(detail: bool) -> Self {
        Tally {
            detail,
            items: Vec::new(),
            total: Points::default(),
        }
    }

    fn add(&mut self, reason: impl FnOnce() -> String, points: Points) {
        self.total += points;
        if self.detail {
            self.items.push(PointItem {
                reason: reason(),
                points,
            });
        }
    }
}

/// A scenario prepared for running: ids resolved to indices, flags to bits.
#[derive(Debug)]
pub struct Compiled {
    /// The scenario.
    pub scenario: Arc<Scenario>,
    node_ix: HashMap<String, u32>,
    flag_ix: HashMap<String, u16>,
    flag_names: Vec<String>,
    /// The rule packs that apply.
    pub packs: Packs,
    balance: f64,
    start: u32,
    /// Per node: the flags some condition at this node or after it may test (variants only
    /// change wording and do not count). Other flags cannot change the future.
    live: Vec<FlagBits>,
    /// The nodes with ids and flag names resolved.
    cnodes: Vec<CNode>,
    /// The kinds of third party earlier calls asked for location information
    /// ([`context::contacted_parties`]).
    contacted: u16,
}

impl Compiled {
    /// Prepares a scenario; fails if it refers to nodes that do not exist or uses too many flags
    /// (the validator reports these; run only scenarios without errors).
    pub fn new(scenario: Arc<Scenario>) -> Result<Self, CallError> {
        let broken = |reason: String| CallError::Broken {
            scenario: scenario.id.clone(),
            reason,
        };
        let mut node_ix = HashMap::new();
        for (i, n) in scenario.nodes.iter().enumerate() {
            node_ix.entry(n.id.clone()).or_insert(i as u32);
        }
        let mut names: Vec<String> = Vec::new();
        let mut add = |f: &str| {
            if !names.iter().any(|n| n == f) {
                names.push(f.to_string());
            }
        };
        for f in FILE_FLAGS {
            add(f.flag_name());
        }
        scenario.initial_flags.iter().for_each(|f| add(f));
        for n in &scenario.nodes {
            n.set_flags.iter().for_each(|f| add(f));
            let mut conds: Vec<&Condition> = n.variants.iter().map(|v| &v.when).collect();
            conds.extend(n.diverts.iter().filter_map(|d| d.when.as_ref()));
            for c in &n.choices {
                c.set_flags
                    .iter()
                    .chain(&c.clear_flags)
                    .for_each(|f| add(f));
                conds.extend(c.when.as_ref());
            }
            for c in conds {
                c.visit(&mut |c| {
                    if let Condition::Flag(f) | Condition::NotFlag(f) = c {
                        add(f);
                    }
                });
            }
        }
        if names.len() > MAX_FLAGS {
            return Err(broken(format!(
                "it uses {} flags; the most is {MAX_FLAGS}",
                names.len()
            )));
        }
        let flag_ix = names
            .iter()
            .enumerate()
            .map(|(i, n)| (n.clone(), i as u16))
            .collect();
        let check = |id: &str| {
            node_ix
                .get(id)
                .copied()
                .ok_or_else(|| broken(format!("node `{id}` does not exist")))
        };
        let start = check(&scenario.start)?;
        for n in &scenario.nodes {
            for t in crate::content::validate::scenario::successors(n) {
                check(t)?;
            }
        }
        let live = live_flags(&scenario, &node_ix, &flag_ix);
        let cnodes = compile_nodes(&scenario, &node_ix, &flag_ix);
        Ok(Compiled {
            contacted: context::contacted_parties(&scenario),
            live,
            cnodes,
            packs: Packs::of(&scenario),
            balance: scenario.account.balance.total(),
            flag_names: names,
            flag_ix,
            node_ix,
            start,
            scenario,
        })
    }

    /// The state with the flags no later condition can test cleared: two states that differ
    /// only there have the same future (the explorer memoises on this).
    pub fn canonical(&self, mut core: Core) -> Core {
        let live = &self.live[core.node as usize];
        for (w, l) in core.flags.0.iter_mut().zip(live.0) {
            *w &= l;
        }
        core
    }

    /// What the explorer needs to know of choice `index` at `node` to shift agitation (see
    /// `explore::Band`): whether its composure effect is positive, whether it makes an offer,
    /// and how it moves agitation.
    pub fn choice_shape(&self, node: u32, index: usize) -> (bool, bool, i8) {
        let cc = &self.cnodes[node as usize].choices[index];
        (cc.effects.composure > 0, cc.offer, cc.agitation)
    }

    /// The acts a choice performs, as compiled ([`crate::model::Choice::all_acts`]).
    pub fn choice_acts(&self, node: u32, index: usize) -> &[Act] {
        self.cnodes[node as usize].choices[index].acts.get()
    }

    /// How arriving at `node` moves agitation.
    pub fn node_agitation(&self, node: u32) -> i8 {
        self.cnodes[node as usize].agitation
    }

    /// Whether `node` has a time limit.
    pub fn timed(&self, node: u32) -> bool {
        self.cnodes[node as usize].timeout.is_some()
    }

    /// The node at an index.
    pub fn node(&self, i: u32) -> &Node {
        &self.scenario.nodes[i as usize]
    }

    /// The index of a node id.
    pub fn node_index(&self, id: &str) -> Option<u32> {
        self.node_ix.get(id).copied()
    }

    /// The flags that are set, by name, sorted.
    pub fn flag_names(&self, flags: FlagBits) -> Vec<String> {
        let mut v: Vec<String> = self
            .flag_names
            .iter()
            .enumerate()
            .filter(|(i, _)| flags.get(*i as u16))
            .map(|(_, n)| n.clone())
            .collect();
        v.sort();
        v
    }

    /// Flag bits from names; unknown names are an error.
    pub fn flags_from_names<'a>(
        &self,
        names: impl IntoIterator<Item = &'a String>,
    ) -> Result<FlagBits, String> {
        let mut bits = FlagBits::default();
        for n in names {
            let i = self
                .flag_ix
                .get(n)
                .ok_or_else(|| format!("unknown flag `{n}`"))?;
            bits.set(*i, true);
        }
        Ok(bits)
    }

    /// Every flag the scenario uses (its starting flags, the flags nodes and choices set or
    /// clear, the flags conditions test, and the four on-file flags), in table order.
    pub fn flag_table(&self) -> &[String] {
        &self.flag_names
    }

    /// [`Compiled::initial`] with `extra` flags set on top of the scenario's own (an author's
    /// preview). Naming an on-file flag (`on_file_attorney`, ...) also sets its compliance
    /// fact, as if the account had it on file. Unknown names are an error.
    pub fn initial_with_flags<'a>(
        &self,
        from: Option<u32>,
        extra: impl IntoIterator<Item = &'a String>,
    ) -> Result<Core, String> {
        let mut core = self.initial(from);
        for name in extra {
            let i = self
                .flag_ix
                .get(name)
                .ok_or_else(|| format!("unknown flag `{name}`"))?;
            core.flags.set(*i, true);
            if let Some(f) = FILE_FLAGS.iter().find(|f| f.flag_name() == name) {
                core.facts.set(file_fact(*f));
            }
        }
        Ok(core)
    }

    fn set_flag(&self, flags: &mut FlagBits, name: &str, on: bool) {
        if let Some(&i) = self.flag_ix.get(name) {
            flags.set(i, on);
        }
    }

    /// The state before anything is said, at the start node (or at `from` for authors).
    pub fn initial(&self, from: Option<u32>) -> Core {
        let s = &self.scenario;
        let a = &s.account;
        let mut flags = FlagBits::default();
        for f in &s.initial_flags {
            self.set_flag(&mut flags, f, true);
        }
        for f in context::file_flags(a) {
            self.set_flag(&mut flags, f.flag_name(), true);
        }
        let (opens, closes) = match &self.packs.hours {
            Some((opens, closes, _)) => (*opens, *closes),
            None => (8 * 60, 21 * 60),
        };
        let mut facts = context::initial_facts(a, opens, closes);
        if self.contacted & context::party_bit(s.debtor.hidden.on_the_line) != 0 {
            facts.set(Facts::CONTACTED_BEFORE);
        }
        Core {
            node: from.unwrap_or(self.start),
            flags,
            agitation: s.debtor.starting_agitation.min(10),
            party: s.debtor.hidden.on_the_line,
            facts,
            approach: Approach::default(),
        }
    }

    fn eval(&self, c: &Cond, core: &Core, chance: &mut dyn Chance, salt: u64) -> bool {
        let sub = |i: usize| salt.wrapping_mul(31).wrapping_add(i as u64 + 1);
        match c {
            Cond::Flag(i) => core.flags.get(*i),
            Cond::NotFlag(i) => !core.flags.get(*i),
            Cond::Const(b) => *b,
            Cond::AtLeast(n) => core.agitation >= *n,
            Cond::AtMost(n) => core.agitation <= *n,
            Cond::Chance(p) => chance.roll(*p, salt),
            Cond::All(cs) => cs
                .iter()
                .enumerate()
                .all(|(i, c)| self.eval(c, core, chance, sub(i))),
            Cond::Any(cs) => cs
                .iter()
                .enumerate()
                .any(|(i, c)| self.eval(c, core, chance, sub(i))),
            Cond::Not(c) => !self.eval(c, core, chance, salt.wrapping_mul(31).wrapping_add(7)),
        }
    }

    /// Arrives at `core.node`: applies the node, follows diverts, says the line, and reports
    /// what the call waits for next.
    pub fn arrive(
        &self,
        core: &mut Core,
        chance: &mut dyn Chance,
        turn: u32,
    ) -> Result<Arrival, CallError> {
        self.arrive_with(core, chance, turn, true)
    }

    /// [`Compiled::arrive`], optionally without building the line.
    pub fn arrive_with(
        &self,
        core: &mut Core,
        chance: &mut dyn Chance,
        turn: u32,
        say: bool,
    ) -> Result<Arrival, CallError> {
        let (mut lines, mut passed, mut shown) = (Vec::new(), Vec::new(), Vec::new());
        let lines_to = say.then_some(&mut lines);
        let ended = self.arrive_into(core, chance, turn, lines_to, &mut passed, &mut shown)?;
        Ok(Arrival {
            passed,
            lines,
            next: match ended {
                Some(outcome) => Waiting::Ended(outcome),
                None => Waiting::Decision(shown),
            },
        })
    }

    /// [`Compiled::arrive_with`] into buffers the caller keeps (the explorer arrives at every
    /// state and reuses them): the nodes diverted away from go to `passed`, the lines to
    /// `lines` when it is given, the choices shown to `shown` (each cleared first). Returns
    /// how the call ended, or `None` when it waits for a decision.
    pub fn arrive_into(
        &self,
        core: &mut Core,
        chance: &mut dyn Chance,
        turn: u32,
        mut lines: Option<&mut Vec<Line>>,
        passed: &mut Vec<u32>,
        shown: &mut Vec<usize>,
    ) -> Result<Option<Outcome>, CallError> {
        if let Some(lines) = lines.as_deref_mut() {
            lines.clear();
        }
        passed.clear();
        shown.clear();
        for hop in 0..=MAX_DIVERTS {
            let cn = &self.cnodes[core.node as usize];
            let salt = salt(turn, core.node, hop as u32);
            if let Some(p) = cn.speaker {
                if p != core.party {
                    compliance::party_changed(&mut core.facts, core.party);
                    if self.contacted & context::party_bit(p) != 0 {
                        core.facts.set(Facts::CONTACTED_BEFORE);
                    }
                }
                core.party = p;
            }
            core.agitation = add_agitation(core.agitation, cn.agitation);
            for (w, s) in core.flags.0.iter_mut().zip(cn.set.0) {
                *w |= s;
            }
            let divert = cn.diverts.iter().enumerate().find(|(i, (when, _))| {
                when.as_ref()
                    .is_none_or(|w| self.eval(w, core, chance, salt ^ (0xD1 + *i as u64)))
            });
            if let Some((_, (_, target))) = divert {
                passed.push(core.node);
                core.node = *target;
                continue;
            }
            if cn.reveals {
                for r in &self.node(core.node).reveals {
                    compliance::reveal(&mut core.facts, *r);
                }
            }
            if let Some(lines) = lines.as_deref_mut() {
                let node = self.node(core.node);
                let (text, tone) = cn
                    .variants
                    .iter()
                    .enumerate()
                    .find(|(i, w)| self.eval(w, core, chance, salt ^ (0xA1 + *i as u64)))
                    .map_or((&node.says, node.tone), |(i, _)| {
                        (&node.variants[i].says, node.variants[i].tone)
                    });
                lines.push(Line {
                    node: node.id.clone(),
                    speaker: core.party,
                    tone,
                    text: text.clone(),
                });
            }
            if let Some(outcome) = cn.ending {
                return Ok(Some(outcome));
            }
            shown.extend(
                cn.choices
                    .iter()
                    .enumerate()
                    .filter(|(i, c)| {
                        c.when
                            .as_ref()
                            .is_none_or(|w| self.eval(w, core, chance, salt ^ (0xC1 + *i as u64)))
                    })
                    .map(|(i, _)| i),
            );
            return Ok(None);
        }
        Err(CallError::Broken {
            scenario: self.scenario.id.clone(),
            reason: format!(
                "more than {MAX_DIVERTS} diverts in a row from node `{}`",
                self.node(core.node).id
            ),
        })
    }

    /// Makes choice `index` (into the current node's `choices`) at decision `turn`.
    pub fn choose(&self, core: &mut Core, index: usize, turn: u32) -> ChoiceResult {
        self.choose_with(core, index, turn, true)
    }

    /// [`Compiled::choose`], optionally without the readable reasons (the explorer needs only
    /// the points).
    pub fn choose_with(
        &self,
        core: &mut Core,
        index: usize,
        turn: u32,
        detail: bool,
    ) -> ChoiceResult {
        let at = core.node;
        // The scenario's choice, read only for what `cc` does not hold.
        let c = || &self.node(at).choices[index];
        let cc = &self.cnodes[at as usize].choices[index];
        let mut tally = Tally::new(detail);
        let agitation_before = core.agitation;
        // Compliance: what the engine finds and what the author marked, each rule once.
        let acts = cc.acts.get();
        let found = compliance::apply_acts(&mut core.facts, core.party, &self.packs, acts, cc.said);
        let mut violations: Vec<Violation> = Vec::new();
        let mut merge =
            |rule: &str, severity: Severity, citation: &str, reason: &str, by: FoundBy| {
                if let Some(v) = violations.iter_mut().find(|v| v.rule == rule) {
                    v.severity = v.severity.max(severity);
                    if v.found_by != by {
                        v.found_by = FoundBy::Both;
                    }
                    if v.reason.is_empty() {
                        v.reason = reason.to_string();
                    }
                } else {
                    violations.push(Violation {
                        rule: rule.to_string(),
                        severity,
                        citation: citation.to_string(),
                        turn,
                        found_by: by,
                        reason: reason.to_string(),
                    });
                }
            };
        for m in cc.marked.then(|| &c().violations).into_iter().flatten() {
            let citation = self.packs.citation(&m.rule).unwrap_or_default();
            merge(&m.rule, m.severity, &citation, "", FoundBy::Author);
        }
        let mut cautions = Vec::new();
        for Finding {
            rule,
            severity,
            citation,
            reason,
            uncertain,
        } in &found
        {
            if *uncertain {
                cautions.push(Violation {
                    rule: rule.clone(),
                    severity: *severity,
                    citation: citation.clone(),
                    turn,
                    found_by: FoundBy::Engine,
                    reason: reason.clone(),
                });
            } else {
                merge(rule, *severity, citation, reason, FoundBy::Engine);
            }
        }
        // The choice's own effects. At a turn with violations each costs its severity's
        // deduction, so nothing counts twice; an author's compliance penalty larger than those
        // deductions keeps the difference (it is never replaced by a smaller one).
        let deducted: i32 = violations.iter().map(|v| deduction(v.severity)).sum();
        let effects = Points {
            negotiation: cc.effects.negotiation,
            composure: cc.effects.composure,
            compliance: if violations.is_empty() {
                cc.effects.compliance
            } else {
                (cc.effects.compliance + deducted).min(0)
            },
        };
        if effects != Points::default() {
            tally.add(|| format!("choice: {}", short(&c().text)), effects);
        }
        // Composure is worth more when the other person is upset.
        if cc.effects.composure > 0 && agitation_before >= CALMING_BONUS_AT {
            let bonus = cc.effects.composure / 2;
            tally.add(|| format!(
                    "stayed calm with an upset person (agitation {agitation_before}): half again"
                ), Points {
                    composure: bonus,
                    ..Points::default()
                });
        }
        for v in &violations {
            tally.add(
                || {
                    format!("{:?} violation {} ({})", v.severity, v.rule, v.citation)
                        .to_lowercase_first()
                },
                Points {
                    compliance: -deduction(v.severity),
                    ..Points::default()
                },
            );
        }
        // Negotiation: the approach so far, then the offer.
        core.approach.note(acts);
        let mut offer = None;
        let mut next = cc.next;
        if let Some(o) = cc.offer.then(|| c().offer.as_ref()).flatten() {
            let e = negotiation::evaluate(
                o,
                &self.scenario.debtor.hidden,
                self.balance,
                &self.scenario.account.invoices,
                core.agitation,
                core.approach,
            );
            if e.points != 0 {
                tally.add(
                    || format!("offer {}", e.response.label()),
                    Points {
                        negotiation: e.points,
                        ..Points::default()
                    },
                );
            }
            next = match e.response {
                Response::Countered => cc.on_counter,
                Response::Refused => cc.on_refuse,
                Response::Accepted | Response::AcceptedUnkeepable => cc.next,
            };
            offer = Some((e.response, e.counter_amount));
        }
        core.agitation = add_agitation(core.agitation, cc.agitation);
        for ((w, s), c) in core.flags.0.iter_mut().zip(cc.set.0).zip(cc.clear.0) {
            *w = (*w | s) & !c;
        }
        let next_node = next;
        core.node = next_node;
        ChoiceResult {
            total: tally.total,
            items: tally.items,
            violations,
            cautions,
            offer,
            next_node,
        }
    }

    /// Hesitation past a decision's deadline: dead air costs composure and raises agitation,
    /// and the call goes to the `on_timeout` node. `None` if the node has no time limit.
    pub fn time_out(&self, core: &mut Core) -> Option<Vec<PointItem>> {
        let target = self.cnodes[core.node as usize].timeout?;
        core.agitation = add_agitation(core.agitation, TIMEOUT_AGITATION);
        core.node = target;
        Some(vec![PointItem {
            reason: "dead air: no answer before the deadline".into(),
            points: Points {
                composure: TIMEOUT_COMPOSURE,
                ..Points::default()
            },
        }])
    }

    /// Points, violations and cautions ("depends" findings, never scored) settled when the call
    /// ends at an ending with `outcome`, with what the scenario says follows it.
    pub fn finish(&self, core: &Core, outcome: Outcome, last_turn: u32) -> Finished {
        let mut items = Vec::new();
        let out = outcome_points(outcome);
        if out != 0 {
            items.push(PointItem {
                reason: format!("outcome: {}", outcome.label()),
                points: Points {
                    negotiation: out,
                    ..Points::default()
                },
            });
        }
        let credit = self.cnodes[core.node as usize].credit;
        if credit != 0 {
            let met = self
                .node(core.node)
                .ending
                .as_ref()
                .map(|e| self.scenario.objectives_met(e))
                .unwrap_or_default();
            items.push(PointItem {
                reason: format!(
                    "the right result for this call without a payment ({}); this ending achieves: {}",
                    outcome.label(),
                    met.join("; ")
                ),
                points: Points {
                    negotiation: credit,
                    ..Points::default()
                },
            });
        }
        let start = self.scenario.debtor.starting_agitation.min(10) as i32;
        let calmed = (start - core.agitation as i32) * AGITATION_POINTS;
        if calmed != 0 {
            items.push(PointItem {
                reason: format!("agitation went from {start} to {}", core.agitation),
                points: Points {
                    composure: calmed,
                    ..Points::default()
                },
            });
        }
        let facts = compliance::Facts(core.facts.0 | self.cnodes[core.node as usize].after);
        let (mut violations, mut cautions) = (Vec::new(), Vec::new());
        for f in compliance::at_end(facts, &self.packs, core.party) {
            let v = Violation {
                rule: f.rule,
                severity: f.severity,
                citation: f.citation,
                turn: last_turn,
                found_by: FoundBy::Engine,
                reason: f.reason,
            };
            if f.uncertain {
                cautions.push(v);
            } else {
                violations.push(v);
            }
        }
        for v in &violations {
            items.push(PointItem {
                reason: format!("{:?} violation {} ({})", v.severity, v.rule, v.citation)
                    .to_lowercase_first(),
                points: Points {
                    compliance: -deduction(v.severity),
                    ..Points::default()
                },
            });
        }
        Finished {
            items,
            violations,
            cautions,
        }
    }
}

/// Resolves every node's targets to indices, its flags to bits and its conditions to `Cond`.
/// Call only after every target was checked to exist.
fn compile_nodes(
    s: &Scenario,
    node_ix: &HashMap<String, u32>,
    flag_ix: &HashMap<String, u16>,
) -> Vec<CNode> {
    let bits = |names: &[String]| {
        let mut b = FlagBits::default();
        for n in names {
            if let Some(&i) = flag_ix.get(n) {
                b.set(i, true);
            }
        }
        b
    };
    fn cond(c: &Condition, s: &Scenario, flag_ix: &HashMap<String, u16>) -> Cond {
        let flag = |f: &String, on: bool| match flag_ix.get(f) {
            Some(&i) if on => Cond::Flag(i),
            Some(&i) => Cond::NotFlag(i),
            None => Cond::Const(!on),
        };
        match c {
            Condition::Flag(f) => flag(f, true),
            Condition::NotFlag(f) => flag(f, false),
            Condition::Fact(f) => {
                Cond::Const(s.debtor.hidden.facts.get(f).copied().unwrap_or(false))
            }
            Condition::AgitationAtLeast(n) => Cond::AtLeast(*n),
            Condition::AgitationAtMost(n) => Cond::AtMost(*n),
            Condition::Chance(p) => Cond::Chance(*p),
            Condition::All(cs) => Cond::All(cs.iter().map(|c| cond(c, s, flag_ix)).collect()),
            Condition::Any(cs) => Cond::Any(cs.iter().map(|c| cond(c, s, flag_ix)).collect()),
            Condition::Not(c) => Cond::Not(Box::new(cond(c, s, flag_ix))),
        }
    }
    let ix = |id: &str| node_ix[id];
    s.nodes
        .iter()
        .map(|n| CNode {
            set: bits(&n.set_flags),
            diverts: n
                .diverts
                .iter()
                .map(|d| (d.when.as_ref().map(|w| cond(w, s, flag_ix)), ix(&d.next)))
                .collect(),
            variants: n
                .variants
                .iter()
                .map(|v| cond(&v.when, s, flag_ix))
                .collect(),
            choices: n
                .choices
                .iter()
                .map(|c| CChoice {
                    when: c.when.as_ref().map(|w| cond(w, s, flag_ix)),
                    next: ix(&c.next),
                    on_counter: ix(c.on_counter.as_deref().unwrap_or(&c.next)),
                    on_refuse: ix(c.on_refuse.as_deref().unwrap_or(&c.next)),
                    set: bits(&c.set_flags),
                    clear: bits(&c.clear_flags),
                    effects: c.effects,
                    agitation: c.agitation,
                    acts: Acts::of(&c.all_acts()),
                    marked: !c.violations.is_empty(),
                    offer: c.offer.is_some(),
                    said: context::said(&s.account, c),
                })
                .collect(),
            timeout: n.time_limit.as_ref().map(|t| ix(&t.on_timeout)),
            speaker: n.speaker,
            agitation: n.agitation,
            reveals: !n.reveals.is_empty(),
            ending: n.ending.as_ref().map(|e| e.outcome),
            after: n.ending.as_ref().map_or(0, |e| {
                context::after_call_facts(e, s.account.call_local_time.date())
            }),
            credit: n
                .ending
                .as_ref()
                .map_or(0, |e| right_result_credit(e, &s.rubric)),
        })
        .collect()
}

/// Which flags each node's future may test: the flags in its diverts' and choices' conditions,
/// and those of every node it can lead to (a fixpoint over the graph, loops included).
fn live_flags(
    s: &Scenario,
    node_ix: &HashMap<String, u32>,
    flag_ix: &HashMap<String, u16>,
) -> Vec<FlagBits> {
    let n = s.nodes.len();
    let mut live = vec![FlagBits::default(); n];
    let mut preds: Vec<Vec<usize>> = vec![Vec::new(); n];
    for (i, node) in s.nodes.iter().enumerate() {
        let mut conds: Vec<&Condition> = node
            .diverts
            .iter()
            .filter_map(|d| d.when.as_ref())
            .collect();
        conds.extend(node.choices.iter().filter_map(|c| c.when.as_ref()));
        for c in conds {
            c.visit(&mut |c| {
                if let Condition::Flag(f) | Condition::NotFlag(f) = c
                    && let Some(&b) = flag_ix.get(f)
                {
                    live[i].set(b, true);
                }
            });
        }
        for t in crate::content::validate::scenario::successors(node) {
            if let Some(&j) = node_ix.get(t) {
                preds[j as usize].push(i);
            }
        }
    }
    let mut work: Vec<usize> = (0..n).collect();
    while let Some(j) = work.pop() {
        let lj = live[j];
        for &p in &preds[j] {
            let mut merged = live[p];
            for (w, l) in merged.0.iter_mut().zip(lj.0) {
                *w |= l;
            }
            if merged != live[p] {
                live[p] = merged;
                work.push(p);
            }
        }
    }
    live
}

/// At this agitation or above, positive composure effects count half again.
pub const CALMING_BONUS_AT: u8 = 7;
/// Agitation added by dead air.
pub const TIMEOUT_AGITATION: i8 = 2;
/// Composure lost to dead air.
pub const TIMEOUT_COMPOSURE: i32 = -5;
/// Composure points per point of agitation the call ends below (or above) where it started.
pub const AGITATION_POINTS: i32 = 2;

/// The negotiation points an ending is credited for being the right result of a call that
/// rightly arranges no money: the rubric's negotiation pass mark, when the ending meets some of
/// the scenario's objectives and its outcome neither collects nor is a hang-up; 0 otherwise.
pub fn right_result_credit(e: &crate::model::Ending, rubric: &crate::model::Rubric) -> i32 {
    if e.meets.is_empty() || e.outcome.collects() || e.outcome == Outcome::DebtorHungUp {
        return 0;
    }
    rubric.negotiation.clamp(0.0, 100.0).ceil() as i32
}

/// Negotiation points for how the call ended.
pub fn outcome_points(outcome: Outcome) -> i32 {
    match outcome {
        Outcome::PaymentTaken => 10,
        Outcome::PlanSetUp => 10,
        Outcome::PromiseToPay => 5,
        Outcome::DebtorHungUp => -10,
        Outcome::DisputeLogged
        | Outcome::CeaseHonored
        | Outcome::Escalated
        | Outcome::WrongParty
        | Outcome::CallbackScheduled
        | Outcome::MessageLeft
        | Outcome::ApplicationPending
        | Outcome::ReferredToProvider => 0,
    }
}

fn add_agitation(a: u8, delta: i8) -> u8 {
    (a as i16 + delta as i16).clamp(0, 10) as u8
}

fn salt(turn: u32, node: u32, hop: u32) -> u64 {
    ((turn as u64) << 40) ^ ((node as u64) << 8) ^ hop as u64
}

fn short(text: &str) -> String {
    let t: String = text.chars().take(60).collect();
    if t.len() < text.len() {
        format!("{t}…")
    } else {
        t
    }
}

trait LowerFirst {
    fn to_lowercase_first(self) -> String;
}

impl LowerFirst for String {
    fn to_lowercase_first(self) -> String {
        let mut c = self.chars();
        match c.next() {
            Some(f) => f.to_lowercase().chain(c).collect(),
            None => self,
        }
    }
}
