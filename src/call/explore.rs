//! Exploration of every reachable state of a call, for the debrief's best alternatives and for
//! `analyze`. A state is what decides the future (node, flags, agitation, who is on the line,
//! compliance facts, negotiation approach); results are memoised per state, so the cost grows
//! with states, not with paths. Seeded chance is explored both ways.
//!
//! For each state the explorer keeps the Pareto frontier of the points still to come (three
//! axes and whether a critical violation happens): a dominated future can never rank higher.
//! "Best" and "worst" rank a finished call by (passes, sum of the three axes); see
//! `docs/scoring.md`. A path never returns to a state it has already been in (that loop could
//! be repeated forever). Beyond [`MAX_STATES`] states or [`MAX_FRONTIER`] futures in one state
//! the answer is marked inexact instead of being reported as if it were exact.

use std::collections::{BTreeSet, HashMap};
use std::hash::{BuildHasherDefault, Hasher};

use serde::Serialize;

use super::engine::{
    AGITATION_POINTS, CALMING_BONUS_AT, Chance, Compiled, Core, Finished, Points,
    TIMEOUT_AGITATION, Violation, total,
};
use super::runner::Decision;
use super::score::Scores;
use crate::model::{Condition, Outcome, Rubric, Severity};

/// Most states explored before giving up on an exact answer.
pub const MAX_STATES: usize = 2_000_000;
/// Most distinct futures kept for one state before the answer is marked inexact.
pub const MAX_FRONTIER: usize = 256;

/// States per node and kept futures per state to reserve room for (see [`Explorer::new`]).
const STATES_PER_NODE: usize = 8;
const FUTURES_PER_STATE: usize = 16;

/// How many futures an arena reserves room for: a typical exploration's worth, at most
/// 4,194,304 (64 MiB; beyond that the arena grows as needed).
fn reserved_futures(c: &Compiled) -> usize {
    (c.scenario.nodes.len() * STATES_PER_NODE * FUTURES_PER_STATE).min(1 << 22)
}

/// A fast hash for states (the keys are small, fixed-size and not attacker-chosen).
#[derive(Default)]
struct FxHasher(u64);

impl Hasher for FxHasher {
    fn write(&mut self, bytes: &[u8]) {
        for chunk in bytes.chunks(8) {
            let mut w = [0u8; 8];
            w[..chunk.len()].copy_from_slice(chunk);
            self.write_u64(u64::from_le_bytes(w));
        }
    }
    fn write_u64(&mut self, n: u64) {
        self.0 = (self.0.rotate_left(5) ^ n).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }
    fn write_u32(&mut self, n: u32) {
        self.write_u64(u64::from(n));
    }
    fn write_u8(&mut self, n: u8) {
        self.write_u64(u64::from(n));
    }
    fn write_usize(&mut self, n: usize) {
        self.write_u64(n as u64);
    }
    fn finish(&self) -> u64 {
        self.0
    }
}

type FastMap<K, V> = HashMap<K, V, BuildHasherDefault<FxHasher>>;

/// Points still to come on a path, and whether it holds a critical violation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
struct Value {
    p: Points,
    critical: bool,
}

impl Value {
    fn add(self, p: Points, critical: bool) -> Value {
        let mut q = self.p;
        q += p;
        Value {
            p: q,
            critical: self.critical || critical,
        }
    }
}

/// A state's index in the explorer's table.
type Id = u32;

/// Marks a future that ends where it is (no first step).
const NO_STEP: u32 = u32::MAX;

/// One way forward from a state: its value and how the path ends, in 16 bytes (pruning reads
/// the children's fronts, so their size is what exploration mostly waits on). Its first step is
/// kept apart, at the same index, in a [`Step`].
#[derive(Debug, Clone, Copy)]
struct Future {
    p: Points,
    critical: bool,
    outcome: Outcome,
}

impl Future {
    fn value(&self) -> Value {
        Value {
            p: self.p,
            critical: self.critical,
        }
    }
}

/// A future's first step, read only to spell out a path: the decision's node ([`NO_STEP`] when
/// the call ends here), its shown number (0 for a timeout), the state it leads to and the
/// index of the future it continues with in that state's front.
#[derive(Debug, Clone, Copy)]
struct Step {
    node: u32,
    number: u32,
    next: Id,
    idx: u32,
}

/// Where a state's candidate futures come from: an ending (one future) or an option leading
/// to an explored state, whose every kept future is continued with the option's points.
#[derive(Debug, Clone, Copy)]
struct Source {
    /// The points and criticality the option adds (for an ending: the ending's value).
    add: Value,
    /// How an ending ends (`None` for an option).
    outcome: Option<Outcome>,
    /// The option's decision node and shown number (unused for an ending).
    node: u32,
    number: u32,
    /// The state the option leads to ([`NO_STEP`] for an ending).
    child: Id,
    /// Where the front being merged sits in its arena: the child's best front (the worst side
    /// puts its own worst one here), or `(0, 1)` for an ending's one future.
    range: (u32, u32),
}

/// The heads of a merge and the order they are taken in, kept between merges for their memory.
#[derive(Debug, Default)]
struct Heads {
    list: Vec<Head>,
    /// (key, position in `list`), smallest first.
    queue: std::collections::BinaryHeap<std::cmp::Reverse<(u64, u32)>>,
}

/// One source's next candidate while the candidates are merged in rank order.
#[derive(Debug, Clone, Copy)]
struct Head {
    key: u64,
    lanes: [i32; 3],
    future: Future,
    /// The source's index (from the state's first source), and the next and end positions in
    /// the arena.
    src: u32,
    pos: u32,
    end: u32,
}

/// An explored state: where its fronts sit in the explorer's arenas (the worst one once the
/// worst side is finished), and whether it is still on the current path.
#[derive(Debug, Clone, Copy)]
struct Slot {
    best: (u32, u32),
    worst: (u32, u32),
    /// The stack depth while the state is on the current path; [`DONE`] once its fronts are
    /// known.
    depth: u32,
}

/// A slot whose fronts are known.
const DONE: u32 = u32::MAX;

/// What [`Explorer::futures`] found for a state.
#[derive(Debug, Clone, Copy)]
struct Reach {
    /// The explored state whose fronts answer for it (`None` when there are no futures to
    /// offer: cut by a loop or beyond the bound).
    id: Option<Id>,
    /// The smallest stack depth of a state on the current path the answer depended on.
    low: usize,
    /// This state's agitation minus the explored state's: its futures are that state's with
    /// composure lowered by `AGITATION_POINTS` per point of shift.
    shift: i32,
    /// The agitation shifts of this state the answer also holds for.
    lo: i32,
    hi: i32,
    /// Where the explored state's best front sits (empty for `None`).
    best: (u32, u32),
}

/// Agitation shifts.
///
/// Two states that differ only in agitation, by `d`, have the same futures with composure
/// moved by `AGITATION_POINTS * d` (the end-of-call agitation term), as long as along every
/// path the agitation stays in 0..=10 without being clamped, every condition on agitation and
/// the calming bonus come out the same, and no offer is made (the debtor's answer depends on
/// agitation). Each state collects the range of shifts for which that holds along its whole
/// future. A shift moves every future by the same amount, so the fronts keep their order and
/// ties break the same way: answers reused this way are identical to exploring the state.
/// Used only when the call graph has no loop (a path can then never meet a state on itself).
#[derive(Debug, Clone, Copy)]
struct Band {
    agitation: u8,
    lo: i32,
    hi: i32,
    id: Id,
    best: (u32, u32),
}

/// A range of agitation shifts, narrowed as a state's future is explored.
#[derive(Debug, Clone, Copy)]
struct Span {
    lo: i32,
    hi: i32,
}

impl Span {
    /// Agitation `v` must stay on the same side of `agitation >= t`.
    fn keep(&mut self, v: i32, t: i32) {
        if v >= t {
            self.lo = self.lo.max(t - v);
        } else {
            self.hi = self.hi.min(t - 1 - v);
        }
    }

    /// Agitation `v` moves by `d` (clamped to 0..=10, as the engine does); the shifted value
    /// must move the same without clamping. Returns the new agitation.
    fn moved(&mut self, v: i32, d: i32) -> i32 {
        let r = v + d;
        if (0..=10).contains(&r) {
            self.lo = self.lo.max(-r);
            self.hi = self.hi.min(10 - r);
            r
        } else {
            self.only_this();
            r.clamp(0, 10)
        }
    }

    /// Only this very agitation.
    fn only_this(&mut self) {
        self.lo = self.lo.max(0);
        self.hi = self.hi.min(0);
    }
}

/// Per node, the thresholds `t` that conditions on its diverts and choices compare agitation
/// with (as `agitation >= t`); `None` when the call graph has a loop.
type Cuts = Vec<i32>;

fn agitation_cuts(c: &Compiled) -> Option<Vec<Cuts>> {
    let nodes = &c.scenario.nodes;
    // Kahn's algorithm: the graph has no loop when every node can be ordered.
    let succ: Vec<Vec<usize>> = nodes
        .iter()
        .map(|n| {
            crate::content::validate::scenario::successors(n)
                .filter_map(|t| c.node_index(t))
                .map(|i| i as usize)
                .collect()
        })
        .collect();
    let mut indegree = vec![0usize; nodes.len()];
    succ.iter().flatten().for_each(|&j| indegree[j] += 1);
    let mut ready: Vec<usize> = (0..nodes.len()).filter(|&i| indegree[i] == 0).collect();
    let mut ordered = 0;
    while let Some(i) = ready.pop() {
        ordered += 1;
        for &j in &succ[i] {
            indegree[j] -= 1;
            if indegree[j] == 0 {
                ready.push(j);
            }
        }
    }
    if ordered < nodes.len() {
        return None;
    }
    Some(
        nodes
            .iter()
            .map(|n| {
                let mut cuts = Vec::new();
                let conds = n
                    .diverts
                    .iter()
                    .filter_map(|d| d.when.as_ref())
                    .chain(n.choices.iter().filter_map(|c| c.when.as_ref()));
                for cond in conds {
                    cond.visit(&mut |c| match c {
                        Condition::AgitationAtLeast(k) => cuts.push(i32::from(*k)),
                        Condition::AgitationAtMost(k) => cuts.push(i32::from(*k) + 1),
                        _ => {}
                    });
                }
                cuts.sort_unstable();
                cuts.dedup();
                cuts
            })
            .collect(),
    )
}

/// Which end of the ranking a frontier keeps.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Goal {
    Best,
    Worst,
}

/// A chance oracle that follows a script of answers and records where it ran out.
struct Scripted {
    script: Vec<bool>,
    pos: usize,
}

impl Chance for Scripted {
    fn roll(&mut self, _percent: u8, _salt: u64) -> bool {
        if self.pos == self.script.len() {
            self.script.push(false);
        }
        let r = self.script[self.pos];
        self.pos += 1;
        r
    }
}

/// A finished call's result as the explorer sees it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Reachable {
    /// The three axes.
    pub scores: Scores,
    /// Every axis at its pass mark and no critical violation.
    pub passed: bool,
    /// How the call ends.
    pub outcome: Outcome,
    /// The decisions on the way, as `node:number` (number 0 for letting a timer run out).
    pub path: Vec<String>,
}

/// The rank of a finished call: passing first, then the sum of the axes.
fn rank(v: &Value, rubric: &Rubric) -> (bool, u32, Scores) {
    let s = Scores::from_points(v.p);
    (s.passes(rubric) && !v.critical, s.total(), s)
}

/// The options at a decision: each shown choice by its number (1-based) and index, and
/// letting a timed decision run out (number 0, no index).
fn options<'s>(
    c: &Compiled,
    node: u32,
    shown: &'s [usize],
) -> impl Iterator<Item = (usize, Option<usize>)> + 's {
    let numbered = shown.iter().enumerate().map(|(k, &i)| (k + 1, Some(i)));
    numbered.chain(c.timed(node).then_some((0, None)))
}

/// Takes one option from a decision state: the state after it, its points, whether it holds a
/// critical violation, and the violations (for the rules it breaks).
fn take(
    c: &Compiled,
    core: Core,
    choice: Option<usize>,
    turn: u32,
) -> (Core, Points, bool, Vec<Violation>) {
    let mut next = core;
    match choice {
        Some(i) => {
            let r = c.choose_with(&mut next, i, turn, false);
            let critical = r
                .violations
                .iter()
                .any(|v| v.severity == Severity::Critical);
            (next, r.total, critical, r.violations)
        }
        None => {
            let items = c.time_out(&mut next).unwrap_or_default();
            (next, total(&items), false, Vec::new())
        }
    }
}

/// States whose worst fronts are sent to the worst side's thread at a time.
const BATCH: usize = 256;

/// Worst fronts to prune: each state's id, its clock (see [`Explorer::clock`]) and how many
/// sources it has, and the sources back to back.
#[derive(Debug, Default)]
struct Batch {
    jobs: Vec<(Id, u64, u32)>,
    sources: Vec<Source>,
}

/// Where an explorer's worst fronts are pruned.
enum WorstSink {
    /// Nowhere: only the best fronts are wanted.
    Off,
    /// On the exploring thread.
    Here(WorstSide),
    /// On a thread of their own, fed in batches (states come in the order their fronts are
    /// finished, so a state's children are always pruned before it).
    There(Batch, std::sync::mpsc::Sender<Batch>),
}

/// The worst fronts of every explored state, pruned from the same sources as the best ones.
#[derive(Default)]
struct WorstSide {
    arena: Vec<Future>,
    steps: Vec<Step>,
    /// Where each state's worst front sits in `arena`, by state id.
    ranges: Vec<(u32, u32)>,
    scratch: Vec<Source>,
    heads: Heads,
    kept: Kept,
    /// The clock of the first state whose front was cut at [`MAX_FRONTIER`].
    truncated_at: Option<u64>,
}

impl WorstSide {
    fn with_capacity(futures: usize) -> Self {
        WorstSide {
            arena: Vec::with_capacity(futures),
            steps: Vec::with_capacity(futures),
            ..WorstSide::default()
        }
    }

    /// Prunes the worst front of state `id` from its sources.
    fn prune(&mut self, id: Id, clock: u64, sources: &[Source]) {
        self.scratch.clear();
        self.scratch.extend(sources.iter().map(|s| {
            let mut s = *s;
            if s.outcome.is_none() {
                s.range = self.ranges[s.child as usize];
            }
            s
        }));
        let start = self.arena.len() as u32;
        let truncated = merge::<true>(
            &self.scratch,
            &mut self.arena,
            &mut self.steps,
            &mut self.heads,
            &mut self.kept,
        );
        if truncated && self.truncated_at.is_none() {
            self.truncated_at = Some(clock);
        }
        let id = id as usize;
        if self.ranges.len() <= id {
            self.ranges.resize(id + 1, (0, 0));
        }
        self.ranges[id] = (start, self.arena.len() as u32);
    }

    /// Prunes every batch it is sent until the sender is dropped.
    fn serve(mut self, rx: std::sync::mpsc::Receiver<Batch>) -> Self {
        for batch in rx {
            let mut at = 0;
            for (id, clock, n) in batch.jobs {
                let n = n as usize;
                self.prune(id, clock, &batch.sources[at..at + n]);
                at += n;
            }
        }
        self
    }
}

fn too_many_futures() -> String {
    format!("a state has more than {MAX_FRONTIER} distinct futures")
}

struct Explorer<'a> {
    c: &'a Compiled,
    /// Where the worst fronts are kept, if at all (analyze wants both; the debrief only the
    /// best).
    worst_side: WorstSink,
    /// Every state met (canonical), by its index in `slots`.
    ids: FastMap<Core, Id>,
    /// Agitation shifts, when the call graph has no loop: per node, the thresholds `t` its
    /// diverts' and choices' conditions compare agitation with (as `agitation >= t`).
    cuts: Option<Vec<Cuts>>,
    /// Explored states by everything but agitation: each one's agitation, the range of
    /// agitation shifts its answer holds for, and its index.
    shifted: FastMap<Core, Vec<Band>>,
    slots: Vec<Slot>,
    /// The kept fronts of every explored state, back to back.
    best: Vec<Future>,
    worst: Vec<Future>,
    /// Their first steps, at the same indices.
    best_steps: Vec<Step>,
    worst_steps: Vec<Step>,
    /// Where the candidate futures of the states on the current path come from, as a stack.
    sources: Vec<Source>,
    /// Scratch space for pruning.
    heads: Heads,
    kept: Kept,
    /// Nodes of the states on the current path, for naming loops.
    path_nodes: Vec<u32>,
    /// Per depth on the current path, buffers for the nodes an arrival passed and the choices
    /// it shows.
    buffers: Vec<(Vec<u32>, Vec<usize>)>,
    states: usize,
    exact: bool,
    /// The first reason the answer is not exact, by when it happened (see [`Explorer::clock`]).
    why_inexact: Option<(u64, String)>,
    /// States whose fronts are known so far.
    finalized: u64,
    visited_nodes: Vec<bool>,
    endings: BTreeSet<u32>,
    rules: BTreeSet<String>,
    loops: bool,
}

impl<'a> Explorer<'a> {
    fn new(c: &'a Compiled, worst_side: WorstSink) -> Self {
        // Room for a typical exploration up front (states per node and futures per state as
        // measured on generated scenarios), so the tables are not copied as they grow. Memory
        // that is reserved and never written costs no page.
        let states = c.scenario.nodes.len() * STATES_PER_NODE;
        let futures = reserved_futures(c);
        Explorer {
            c,
            worst_side,
            ids: FastMap::default(),
            cuts: agitation_cuts(c),
            shifted: FastMap::default(),
            slots: Vec::with_capacity(states),
            best: Vec::with_capacity(futures),
            worst: Vec::new(),
            best_steps: Vec::with_capacity(futures),
            worst_steps: Vec::new(),
            sources: Vec::new(),
            heads: Heads::default(),
            kept: Kept::default(),
            path_nodes: Vec::new(),
            buffers: Vec::new(),
            states: 0,
            exact: true,
            why_inexact: None,
            finalized: 0,
            visited_nodes: vec![false; c.scenario.nodes.len()],
            endings: BTreeSet::new(),
            rules: BTreeSet::new(),
            loops: false,
        }
    }

    /// Where the kept futures of an explored state sit in the goal's arena (empty for `None`).
    fn front(&self, id: Option<Id>, goal: Goal) -> std::ops::Range<usize> {
        let Some(id) = id else { return 0..0 };
        let (a, b) = front_range(&self.slots[id as usize], goal);
        a as usize..b as usize
    }

    /// The goal's arena of futures.
    fn arena(&self, goal: Goal) -> &[Future] {
        match goal {
            Goal::Best => &self.best,
            Goal::Worst => &self.worst,
        }
    }

    /// When an event happens, for naming the first reason an answer is inexact the same way
    /// whether the worst fronts are pruned here or on their own thread: events while exploring
    /// come before the next state's fronts are pruned, and a state's best front before its
    /// worst one (`phase` 0, 1 and 2).
    fn clock(&self, phase: u64) -> u64 {
        self.finalized * 3 + phase
    }

    fn inexact(&mut self, why: String) {
        let at = self.clock(0);
        self.inexact_at(at, why);
    }

    fn inexact_at(&mut self, at: u64, why: String) {
        self.exact = false;
        if self.why_inexact.as_ref().is_none_or(|(t, _)| at < *t) {
            self.why_inexact = Some((at, why));
        }
    }

    /// Prunes the best front from the sources above `base` into the best arena (see [`merge`]);
    /// returns where it sits. The sources are not popped (the worst side reads them too).
    fn prune_best(&mut self, base: usize) -> (u32, u32) {
        let (arena, steps) = (&mut self.best, &mut self.best_steps);
        let start = arena.len() as u32;
        let sources = &self.sources[base..];
        let (heads, kept) = (&mut self.heads, &mut self.kept);
        let truncated = merge::<false>(sources, arena, steps, heads, kept);
        let end = arena.len() as u32;
        if truncated {
            let at = self.clock(1);
            self.inexact_at(at, too_many_futures());
        }
        (start, end)
    }

    /// Has the worst front of state `id` pruned from the sources above `base`: here, or by
    /// the worst side's thread.
    fn prune_worst(&mut self, id: Id, base: usize) {
        let clock = self.clock(2);
        match &mut self.worst_side {
            WorstSink::Off => {}
            WorstSink::Here(side) => side.prune(id, clock, &self.sources[base..]),
            WorstSink::There(batch, tx) => {
                batch
                    .jobs
                    .push((id, clock, (self.sources.len() - base) as u32));
                batch.sources.extend_from_slice(&self.sources[base..]);
                if batch.jobs.len() == BATCH {
                    // A send fails only when the worst side has stopped (it panicked); the
                    // join reports that.
                    let _ = tx.send(std::mem::take(batch));
                }
            }
        }
    }

    /// Finishes the worst side: its fronts and steps come into this explorer's worst arena
    /// (and every slot learns where its worst front sits), and a reason it was inexact joins
    /// the others.
    fn take_worst(&mut self, side: WorstSide) {
        for (slot, range) in self.slots.iter_mut().zip(&side.ranges) {
            slot.worst = *range;
        }
        self.worst = side.arena;
        self.worst_steps = side.steps;
        if let Some(at) = side.truncated_at {
            self.inexact_at(at, too_many_futures());
        }
    }

    /// The futures from a state that is about to arrive at `core.node`.
    fn futures(&mut self, core: Core, depth: usize) -> Reach {
        let core = self.c.canonical(core);
        let a = i32::from(core.agitation);
        // Without loops, a state explored at another agitation may hold for this one too.
        let key = self.cuts.is_some().then_some(Core {
            agitation: 0,
            ..core
        });
        if let Some(key) = &key
            && let Some(bands) = self.shifted.get(key)
        {
            for b in bands {
                let d = a - i32::from(b.agitation);
                if b.lo <= d && d <= b.hi {
                    return Reach {
                        id: Some(b.id),
                        low: usize::MAX,
                        shift: d,
                        lo: b.lo - d,
                        hi: b.hi - d,
                        best: b.best,
                    };
                }
            }
        }
        let cut = |low: usize| Reach {
            id: None,
            low,
            shift: 0,
            lo: 0,
            hi: 0,
            best: (0, 0),
        };
        if key.is_none()
            && let Some(&id) = self.ids.get(&core)
        {
            let slot = self.slots[id as usize];
            let d = slot.depth;
            if d == DONE {
                return Reach {
                    id: Some(id),
                    best: slot.best,
                    ..cut(usize::MAX)
                };
            }
            let d = d as usize;
            self.loops = true;
            if self.exact {
                let cycle: Vec<&str> = self.path_nodes[d..]
                    .iter()
                    .chain(std::iter::once(&core.node))
                    .map(|&n| self.c.node(n).id.as_str())
                    .collect();
                let why = format!(
                    "the call can come back to a state it was already in ({}); paths are cut where a loop \
                     closes, so a path through the loop may be missed",
                    cycle.join(" -> ")
                );
                self.inexact(why);
            }
            return cut(d);
        }
        self.states += 1;
        if self.states > MAX_STATES {
            self.inexact(format!("more than {MAX_STATES} states"));
            return cut(usize::MAX);
        }
        let id = self.slots.len() as Id;
        self.slots.push(Slot {
            best: (0, 0),
            worst: (0, 0),
            depth: depth as u32,
        });
        if key.is_none() {
            self.ids.insert(core, id);
        }
        self.path_nodes.push(core.node);
        let mut low = usize::MAX;
        // The agitation shifts this state's answer holds for (see `Band`).
        let mut band = Span { lo: -a, hi: 10 - a };
        let base = self.sources.len();
        // Every way chance can go on arrival, with this depth's buffers for where it goes (the
        // options are gone through while deeper states use theirs).
        let (mut passed, mut shown) = self
            .buffers
            .get_mut(depth)
            .map(std::mem::take)
            .unwrap_or_default();
        let mut script: Vec<bool> = Vec::new();
        loop {
            let mut chance = Scripted {
                script: std::mem::take(&mut script),
                pos: 0,
            };
            let mut arrived = core;
            let ended =
                self.c
                    .arrive_into(&mut arrived, &mut chance, 0, None, &mut passed, &mut shown);
            let Ok(ended) = ended else {
                self.inexact("a divert loop".into());
                break;
            };
            let used = chance.pos;
            script = chance.script;
            script.truncate(used);
            for &n in passed.iter().chain(std::iter::once(&arrived.node)) {
                self.visited_nodes[n as usize] = true;
            }
            if let Some(cuts) = &self.cuts {
                // Replay the arrival's agitation: each hop's change, then its conditions.
                let mut v = a;
                for &n in passed.iter().chain(std::iter::once(&arrived.node)) {
                    v = band.moved(v, i32::from(self.c.node_agitation(n)));
                    cuts[n as usize].iter().for_each(|&t| band.keep(v, t));
                }
                debug_assert_eq!(v, i32::from(arrived.agitation));
            }
            match ended {
                Some(outcome) => {
                    self.endings.insert(arrived.node);
                    let Finished {
                        items, violations, ..
                    } = self.c.finish(&arrived, outcome, 0);
                    let p = total(&items);
                    self.rules.extend(violations.iter().map(|v| v.rule.clone()));
                    self.sources.push(Source {
                        add: Value {
                            p,
                            critical: violations.iter().any(|v| v.severity == Severity::Critical),
                        },
                        outcome: Some(outcome),
                        node: NO_STEP,
                        number: 0,
                        child: NO_STEP,
                        range: (0, 1),
                    });
                }
                None => {
                    let node = arrived.node;
                    let v = i32::from(arrived.agitation);
                    for (number, choice) in options(self.c, node, &shown) {
                        if self.cuts.is_some() {
                            match choice {
                                Some(i) => {
                                    let (calming, offer, agitation) = self.c.choice_shape(node, i);
                                    if calming {
                                        band.keep(v, i32::from(CALMING_BONUS_AT));
                                    }
                                    if offer {
                                        // The debtor's answer depends on agitation.
                                        band.only_this();
                                    }
                                    band.moved(v, i32::from(agitation));
                                }
                                None => {
                                    band.moved(v, i32::from(TIMEOUT_AGITATION));
                                }
                            }
                        }
                        let (next, p, critical, broken) = take(self.c, arrived, choice, 0);
                        if !broken.is_empty() {
                            self.rules.extend(broken.into_iter().map(|v| v.rule));
                        }
                        let r = self.futures(next, depth + 1);
                        low = low.min(r.low);
                        band.lo = band.lo.max(r.lo);
                        band.hi = band.hi.min(r.hi);
                        let Some(child) = r.id else { continue };
                        let mut p = p;
                        p.composure -= AGITATION_POINTS * r.shift;
                        self.sources.push(Source {
                            add: Value { p, critical },
                            outcome: None,
                            node,
                            number: number as u32,
                            child,
                            range: r.best,
                        });
                    }
                }
            }
            // Next chance script: flip the last `false` to `true`, drop what follows.
            match script.iter().rposition(|&b| !b) {
                Some(i) => {
                    script.truncate(i);
                    script.push(true);
                }
                None => break,
            }
        }
        if self.buffers.len() <= depth {
            self.buffers.resize_with(depth + 1, Default::default);
        }
        self.buffers[depth] = (passed, shown);
        self.path_nodes.pop();
        let best = self.prune_best(base);
        self.prune_worst(id, base);
        self.finalized += 1;
        self.sources.truncate(base);
        // An answer that depended on a state still on the path was cut where the loop closed;
        // it is kept all the same (or exploration would grow with paths), and the analysis
        // says it may be inexact. Where the worst front sits is known when the worst side is
        // finished.
        self.slots[id as usize] = Slot {
            best,
            worst: (0, 0),
            depth: DONE,
        };
        if let Some(key) = key {
            self.shifted.entry(key).or_default().push(Band {
                agitation: core.agitation,
                lo: band.lo,
                hi: band.hi,
                id,
                best,
            });
        } else {
            band = Span { lo: 0, hi: 0 };
        }
        Reach {
            id: Some(id),
            low,
            shift: 0,
            lo: band.lo,
            hi: band.hi,
            best,
        }
    }

    /// Follows the steps of the future at arena index `i` (in the best or worst fronts) to
    /// spell out its path.
    fn path(&self, i: usize, goal: Goal) -> Vec<String> {
        let steps = match goal {
            Goal::Best => &self.best_steps,
            Goal::Worst => &self.worst_steps,
        };
        let mut out = Vec::new();
        let mut step = steps[i];
        while step.node != NO_STEP {
            out.push(format!("{}:{}", self.c.node(step.node).id, step.number));
            let front = self.front(Some(step.next), goal);
            match front.clone().nth(step.idx as usize) {
                Some(j) => step = steps[j],
                None => break,
            }
        }
        out
    }
}

/// A future's axes as lanes where "at least as good for the goal" is "every lane at least as
/// high" (negated for the worst), and its rank key, smallest first: the criticality that
/// ranks later (critical for the best, not critical for the worst), then the sum of the axes,
/// best first.
#[inline(always)]
fn norm<const WORST: bool>(f: &Future) -> ([i32; 3], u64) {
    let Points {
        negotiation: n,
        composure: c,
        compliance: l,
    } = f.p;
    let lanes = if WORST { [-n, -c, -l] } else { [n, c, l] };
    let late = f.critical != WORST;
    let s = (lanes[0] + lanes[1] + lanes[2]).wrapping_neg();
    (
        lanes,
        (u64::from(late) << 32) | u64::from((s as u32) ^ 0x8000_0000),
    )
}

/// Merges the candidates of `sources` for the best (or, with `WORST`, the worst) front into
/// `arena` and `steps`. Each source's candidates are already in rank order (a child's front is
/// kept in that order, and adding the same points to all of them keeps it), so they are merged
/// rather than sorted: in the order of (criticality, then the sum of the axes, best first,
/// then source, then position), the candidates no other candidate dominates are kept, the
/// first of equal ones, at most [`MAX_FRONTIER`]. Returns whether some were cut by that bound.
fn merge<const WORST: bool>(
    sources: &[Source],
    arena: &mut Vec<Future>,
    steps: &mut Vec<Step>,
    heads: &mut Heads,
    kept: &mut Kept,
) -> bool {
    let candidate = |arena: &[Future], s: &Source, pos: u32| -> Future {
        match s.outcome {
            Some(outcome) => Future {
                p: s.add.p,
                critical: s.add.critical,
                outcome,
            },
            None => {
                let f = &arena[pos as usize];
                let mut p = f.p;
                p += s.add.p;
                Future {
                    p,
                    critical: f.critical || s.add.critical,
                    outcome: f.outcome,
                }
            }
        }
    };
    let Heads { list, queue } = heads;
    list.clear();
    queue.clear();
    for (k, s) in sources.iter().enumerate() {
        let (pos, end) = s.range;
        if pos < end {
            let future = candidate(arena, s, pos);
            let (lanes, key) = norm::<WORST>(&future);
            queue.push(std::cmp::Reverse((key, list.len() as u32)));
            list.push(Head {
                key,
                lanes,
                future,
                src: k as u32,
                pos,
                end,
            });
        }
    }
    kept.clear();
    // The smallest key next, the first source among equal ones (heads are listed in source
    // order): a heap, so a decision with thousands of choices merges in n log n.
    while let Some(std::cmp::Reverse((_, m))) = queue.pop() {
        let h = &mut list[m as usize];
        // In this order no candidate dominates one before it unless they are equal, so a
        // candidate is kept exactly when nothing kept so far is at least as good.
        if !kept.covers(h.lanes) {
            if kept.len() == MAX_FRONTIER {
                return true;
            }
            kept.push(h.lanes);
            arena.push(h.future);
            let s = &sources[h.src as usize];
            steps.push(Step {
                node: s.node,
                number: s.number,
                next: s.child,
                idx: h.pos - s.range.0,
            });
        }
        h.pos += 1;
        if h.pos < h.end {
            h.future = candidate(arena, &sources[h.src as usize], h.pos);
            (h.lanes, h.key) = norm::<WORST>(&h.future);
            queue.push(std::cmp::Reverse((h.key, m)));
        }
    }
    false
}

/// The axes of the futures kept so far while pruning, in blocks of eight lane by lane, so that
/// checking a candidate against all of them is a few vector instructions rather than a branch
/// per future. Unused places hold `i32::MIN`, which covers nothing.
///
/// The criticality lane needs no check: candidates come in rank order, and the ones whose
/// criticality ranks later come last, so when a candidate is checked every kept future is at
/// least as good on that lane (for a candidate whose criticality ranks first, every kept one
/// has it too; for a later one, anything is at least as good).
#[derive(Debug, Default)]
struct Kept {
    blocks: Vec<[[i32; 8]; 3]>,
    len: usize,
}

impl Kept {
    fn clear(&mut self) {
        self.blocks.clear();
        self.len = 0;
    }

    fn len(&self) -> usize {
        self.len
    }

    fn push(&mut self, v: [i32; 3]) {
        let at = self.len % 8;
        if at == 0 {
            self.blocks.push([[i32::MIN; 8]; 3]);
        }
        let block = self.blocks.last_mut().expect("a block was just pushed");
        for (lane, x) in block.iter_mut().zip(v) {
            lane[at] = x;
        }
        self.len += 1;
    }

    /// Whether some kept future is at least as good as `v` on every lane (the candidates
    /// coming in rank order: see above).
    #[inline]
    fn covers(&self, v: [i32; 3]) -> bool {
        // No early exit: whether a candidate is covered, and by which block, is unpredictable,
        // and a mispredicted branch costs more than checking a block or two.
        let mut any = 0u8;
        for [a, b, c] in &self.blocks {
            for j in 0..8 {
                any |= u8::from(a[j] >= v[0]) & u8::from(b[j] >= v[1]) & u8::from(c[j] >= v[2]);
            }
        }
        any != 0
    }
}

/// Where a state's front sits in one goal's arena.
fn front_range(s: &Slot, goal: Goal) -> (u32, u32) {
    match goal {
        Goal::Best => s.best,
        Goal::Worst => s.worst,
    }
}

/// Runs `f` on a thread with a deep stack (exploration recurses once per decision on a path).
fn with_deep_stack<T: Send>(f: impl FnOnce() -> T + Send) -> T {
    std::thread::scope(|s| {
        std::thread::Builder::new()
            .stack_size(512 << 20)
            .spawn_scoped(s, f)
            .expect("spawn the exploration thread")
            .join()
            .expect("exploration thread")
    })
}

/// What `analyze` reports for one scenario.
#[derive(Debug, Clone, Serialize)]
pub struct Analysis {
    /// Scenario id.
    pub id: String,
    /// Nodes in the scenario.
    pub nodes: usize,
    /// Choices in the scenario.
    pub choices: usize,
    /// States explored (each once; the best and worst results come from the same pass; a
    /// state that differs from an explored one only by an agitation shift the answer provably
    /// holds for is not explored again: see `docs/scoring.md`).
    pub states_explored: usize,
    /// The best achievable result.
    pub best: Option<Reachable>,
    /// The worst achievable result.
    pub worst: Option<Reachable>,
    /// Every ending and whether some path reaches it.
    pub endings: Vec<EndingReach>,
    /// Every compliance rule some path can break.
    pub rules: Vec<String>,
    /// The same rules by the pack they are reported under (a state law that extends an FDCPA
    /// section counts as its own).
    pub rules_by_pack: std::collections::BTreeMap<String, Vec<String>>,
    /// The state law the scenario is judged on, one sentence each.
    pub state_law: Vec<String>,
    /// Nodes no path reaches.
    pub unreachable: Vec<String>,
    /// Whether the answer is exact for the definitions in `docs/scoring.md`.
    pub exact: bool,
    /// Why not, when it is not.
    pub note: Option<String>,
    /// Whether some path returns to a state it was in (such loops are not repeated).
    pub loops: bool,
}

/// An ending and whether it is reachable.
#[derive(Debug, Clone, Serialize)]
pub struct EndingReach {
    /// Node id.
    pub node: String,
    /// Its outcome.
    pub outcome: Outcome,
    /// Whether some path reaches it.
    pub reachable: bool,
}

/// The arena index of the best (or worst) future among those at `range`.
fn pick(e: &Explorer, range: std::ops::Range<usize>, rubric: &Rubric, goal: Goal) -> Option<usize> {
    let arena = e.arena(goal);
    let key = |i: &usize| {
        let (passed, total, _) = rank(&arena[*i].value(), rubric);
        (passed, total)
    };
    match goal {
        Goal::Best => range.max_by_key(key),
        Goal::Worst => range.min_by_key(key),
    }
}

fn reachable(e: &Explorer, i: usize, rubric: &Rubric, goal: Goal) -> Reachable {
    let f = &e.arena(goal)[i];
    let (passed, _, scores) = rank(&f.value(), rubric);
    Reachable {
        scores,
        passed,
        outcome: f.outcome,
        path: e.path(i, goal),
    }
}

/// Explores a scenario from its start: best and worst results, endings, rules, coverage.
///
/// With two or more cores, the worst fronts are pruned on a thread of their own while the
/// exploring thread prunes the best ones; the answer is the same either way.
pub fn analyze(c: &Compiled) -> Analysis {
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    analyze_with(c, cores >= 2)
}

/// [`analyze`], with the worst fronts pruned on a thread of their own (`worst_thread`) or on
/// the exploring thread. Public for tests that check both give the same answer.
#[doc(hidden)]
pub fn analyze_with(c: &Compiled, worst_thread: bool) -> Analysis {
    with_deep_stack(|| {
        let rubric = c.scenario.rubric;
        let start = c.initial(None);
        let futures = reserved_futures(c);
        let (e, root) = if worst_thread {
            std::thread::scope(|s| {
                let (tx, rx) = std::sync::mpsc::channel();
                let side = s.spawn(move || WorstSide::with_capacity(futures).serve(rx));
                let mut e = Explorer::new(c, WorstSink::There(Batch::default(), tx));
                let root = e.futures(start, 0);
                // Send what is left and hang up, so that the worst side finishes.
                if let WorstSink::There(batch, tx) =
                    std::mem::replace(&mut e.worst_side, WorstSink::Off)
                {
                    let _ = tx.send(batch);
                }
                e.take_worst(side.join().expect("the worst side's thread"));
                (e, root)
            })
        } else {
            let side = WorstSide::with_capacity(futures);
            let mut e = Explorer::new(c, WorstSink::Here(side));
            let root = e.futures(start, 0);
            if let WorstSink::Here(side) = std::mem::replace(&mut e.worst_side, WorstSink::Off) {
                e.take_worst(side);
            }
            (e, root)
        };
        debug_assert_eq!(root.shift, 0);
        let root = root.id;
        let endings = c
            .scenario
            .nodes
            .iter()
            .enumerate()
            .filter_map(|(i, n)| {
                n.ending.as_ref().map(|end| EndingReach {
                    node: n.id.clone(),
                    outcome: end.outcome,
                    reachable: e.endings.contains(&(i as u32)),
                })
            })
            .collect();
        let unreachable = c
            .scenario
            .nodes
            .iter()
            .enumerate()
            .filter(|(i, _)| !e.visited_nodes[*i])
            .map(|(_, n)| n.id.clone())
            .collect();
        Analysis {
            id: c.scenario.id.clone(),
            nodes: c.scenario.nodes.len(),
            choices: c.scenario.nodes.iter().map(|n| n.choices.len()).sum(),
            states_explored: e.states,
            best: pick(&e, e.front(root, Goal::Best), &rubric, Goal::Best)
                .map(|i| reachable(&e, i, &rubric, Goal::Best)),
            worst: pick(&e, e.front(root, Goal::Worst), &rubric, Goal::Worst)
                .map(|i| reachable(&e, i, &rubric, Goal::Worst)),
            endings,
            rules: e.rules.iter().cloned().collect(),
            rules_by_pack: e.rules.iter().fold(Default::default(), |mut m, id| {
                m.entry(c.packs.pack_label(id))
                    .or_insert_with(Vec::new)
                    .push(id.clone());
                m
            }),
            state_law: c.packs.state_law.iter().map(|l| l.describe()).collect(),
            unreachable,
            exact: e.exact,
            note: e.why_inexact.as_ref().map(|(_, why)| why.clone()),
            loops: e.loops,
        }
    })
}

/// The better choice at one decision of a played call.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Alternative {
    /// Decision number.
    pub turn: u32,
    /// The shown number of the better choice (0: letting the timer run out).
    pub number: usize,
    /// Its text.
    pub text: String,
    /// The best final result reachable after it, given what came before.
    pub best: Reachable,
}

/// One option at a decision: its rank, shown number, choice index and best reachable result.
type Scored = ((bool, u32), usize, Option<usize>, Option<Reachable>);

/// For each decision of a played call, the choice leading to the highest reachable final
/// result, when that is not the one taken (`None` where the trainee's choice was as good).
pub fn best_alternatives(c: &Compiled, decisions: &[Decision]) -> Vec<Option<Alternative>> {
    with_deep_stack(|| {
        let rubric = c.scenario.rubric;
        let mut e = Explorer::new(c, WorstSink::Off);
        let mut prior_critical = false;
        let mut out = Vec::new();
        for d in decisions {
            let Ok(core) = super::runner::core_of(c, &d.before) else {
                out.push(None);
                continue;
            };
            let prefix = Value {
                p: d.points_before,
                critical: prior_critical,
            };
            let mut scored: Vec<Scored> = Vec::new();
            for (number, choice) in options(c, core.node, &d.shown) {
                let (next, p, critical, _) = take(c, core, choice, d.turn);
                let r = e.futures(next, 1);
                let child = r.id;
                let mut here = prefix.add(p, critical);
                here.p.composure -= AGITATION_POINTS * r.shift;
                let best = e
                    .front(child, Goal::Best)
                    .map(|i| {
                        let f = &e.best[i];
                        let v = here.add(f.p, f.critical);
                        let (passed, total, scores) = rank(&v, &rubric);
                        (
                            (passed, total),
                            Reachable {
                                scores,
                                passed,
                                outcome: f.outcome,
                                path: e.path(i, Goal::Best),
                            },
                        )
                    })
                    .max_by_key(|(k, _)| *k);
                match best {
                    Some((k, r)) => scored.push((k, number, choice, Some(r))),
                    None => scored.push(((false, 0), number, choice, None)),
                }
            }
            let taken = scored.iter().find(|s| s.2 == d.chosen).map(|s| s.0);
            let top = scored.iter().max_by_key(|s| s.0).cloned();
            out.push(match (taken, top) {
                (Some(t), Some((k, number, choice, Some(best)))) if k > t => Some(Alternative {
                    turn: d.turn,
                    number,
                    text: match choice {
                        Some(i) => c.node(core.node).choices[i].text.clone(),
                        None => "(let the silence run: wait)".into(),
                    },
                    best,
                }),
                _ => None,
            });
            prior_critical |= d
                .violations
                .iter()
                .any(|v| v.severity == Severity::Critical);
        }
        out
    })
}
