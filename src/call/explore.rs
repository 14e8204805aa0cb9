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
use std::rc::Rc;

use serde::Serialize;

use super::engine::{Chance, Compiled, Core, Points, Waiting, total};
use super::runner::Decision;
use super::score::Scores;
use crate::model::{Outcome, Rubric, Severity};

/// Most states explored before giving up on an exact answer.
pub const MAX_STATES: usize = 2_000_000;
/// Most distinct futures kept for one state before the answer is marked inexact.
pub const MAX_FRONTIER: usize = 256;

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

    /// Whether `self` is at least as good as `o` on every count.
    fn covers(&self, o: &Value) -> bool {
        self.p.negotiation >= o.p.negotiation
            && self.p.composure >= o.p.composure
            && self.p.compliance >= o.p.compliance
            && (!self.critical || o.critical)
    }
}

/// One way forward from a state: its value, how the path ends, and its first step.
#[derive(Debug, Clone)]
struct Future {
    value: Value,
    outcome: Outcome,
    /// The decision taken first: node, shown number (0 for a timeout), and the next state's
    /// future it continues with.
    step: Option<(u32, usize, Core, usize)>,
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
fn options(c: &Compiled, node: u32, shown: &[usize]) -> Vec<(usize, Option<usize>)> {
    let mut options: Vec<(usize, Option<usize>)> = shown
        .iter()
        .enumerate()
        .map(|(k, &i)| (k + 1, Some(i)))
        .collect();
    if c.node(node).time_limit.is_some() {
        options.push((0, None));
    }
    options
}

/// Takes one option from a decision state: the state after it, its points, whether it holds a
/// critical violation, and the rules it breaks.
fn take(
    c: &Compiled,
    core: Core,
    choice: Option<usize>,
    turn: u32,
) -> (Core, Points, bool, Vec<String>) {
    let mut next = core;
    match choice {
        Some(i) => {
            let r = c.choose_with(&mut next, i, turn, false);
            let critical = r
                .violations
                .iter()
                .any(|v| v.severity == Severity::Critical);
            (
                next,
                r.total,
                critical,
                r.violations.into_iter().map(|v| v.rule).collect(),
            )
        }
        None => {
            let items = c.time_out(&mut next).unwrap_or_default();
            (next, total(&items), false, Vec::new())
        }
    }
}

/// The futures kept for one state: the best ones, and (when asked for) the worst ones.
#[derive(Debug, Default)]
struct Fronts {
    best: Vec<Future>,
    worst: Vec<Future>,
}

impl Fronts {
    fn get(&self, goal: Goal) -> &[Future] {
        match goal {
            Goal::Best => &self.best,
            Goal::Worst => &self.worst,
        }
    }
}

struct Explorer<'a> {
    c: &'a Compiled,
    /// Whether to keep the worst futures too (analyze wants both; the debrief only the best).
    want_worst: bool,
    memo: FastMap<Core, Rc<Fronts>>,
    on_stack: FastMap<Core, usize>,
    /// Nodes of the states on the current path, for naming loops.
    path_nodes: Vec<u32>,
    states: usize,
    exact: bool,
    why_inexact: Option<String>,
    visited_nodes: Vec<bool>,
    endings: BTreeSet<u32>,
    rules: BTreeSet<String>,
    loops: bool,
}

impl<'a> Explorer<'a> {
    fn new(c: &'a Compiled, want_worst: bool) -> Self {
        Explorer {
            c,
            want_worst,
            memo: FastMap::default(),
            on_stack: FastMap::default(),
            path_nodes: Vec::new(),
            states: 0,
            exact: true,
            why_inexact: None,
            visited_nodes: vec![false; c.scenario.nodes.len()],
            endings: BTreeSet::new(),
            rules: BTreeSet::new(),
            loops: false,
        }
    }

    fn inexact(&mut self, why: String) {
        self.exact = false;
        self.why_inexact.get_or_insert(why);
    }

    fn prune(&mut self, fs: Vec<Future>, goal: Goal) -> Vec<Future> {
        let better = |a: &Value, b: &Value, goal: Goal| match goal {
            Goal::Best => a.covers(b),
            Goal::Worst => b.covers(a),
        };
        if fs.len() <= 1 {
            return fs;
        }
        // Visit likely-dominating futures first (sorting small keys, not the futures), then
        // keep the undominated ones.
        let mut order: Vec<(bool, i32, u32)> = fs
            .iter()
            .enumerate()
            .map(|(i, f)| {
                let s = f.value.p.negotiation + f.value.p.composure + f.value.p.compliance;
                match goal {
                    Goal::Best => (f.value.critical, -s, i as u32),
                    Goal::Worst => (!f.value.critical, s, i as u32),
                }
            })
            .collect();
        order.sort_unstable();
        let mut kept: Vec<usize> = Vec::with_capacity(fs.len());
        for &(_, _, i) in &order {
            let f = &fs[i as usize].value;
            if !kept.iter().any(|&k| better(&fs[k].value, f, goal)) {
                kept.retain(|&k| !better(f, &fs[k].value, goal));
                kept.push(i as usize);
            }
        }
        let mut fs: Vec<Option<Future>> = fs.into_iter().map(Some).collect();
        let mut kept: Vec<Future> = kept.into_iter().filter_map(|k| fs[k].take()).collect();
        if kept.len() > MAX_FRONTIER {
            self.inexact(format!(
                "a state has more than {MAX_FRONTIER} distinct futures"
            ));
            kept.truncate(MAX_FRONTIER);
        }
        kept
    }

    /// The futures from a state that is about to arrive at `core.node`. Returns them and the
    /// smallest stack depth of a state on the current path that the answer depended on.
    fn futures(&mut self, core: Core, depth: usize) -> (Rc<Fronts>, usize) {
        let core = self.c.canonical(core);
        if let Some(f) = self.memo.get(&core) {
            return (Rc::clone(f), usize::MAX);
        }
        if let Some(&d) = self.on_stack.get(&core) {
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
            return (Rc::default(), d);
        }
        self.states += 1;
        if self.states > MAX_STATES {
            self.inexact(format!("more than {MAX_STATES} states"));
            return (Rc::default(), usize::MAX);
        }
        self.on_stack.insert(core, depth);
        self.path_nodes.push(core.node);
        let mut low = usize::MAX;
        let (mut best, mut worst) = (Vec::new(), Vec::new());
        // Every way chance can go on arrival.
        let mut script: Vec<bool> = Vec::new();
        loop {
            let mut chance = Scripted {
                script: std::mem::take(&mut script),
                pos: 0,
            };
            let mut arrived = core;
            let Ok(arrival) = self.c.arrive_with(&mut arrived, &mut chance, 0, false) else {
                self.inexact("a divert loop".into());
                break;
            };
            let used = chance.pos;
            script = chance.script;
            script.truncate(used);
            for &n in arrival.passed.iter().chain(std::iter::once(&arrived.node)) {
                self.visited_nodes[n as usize] = true;
            }
            match arrival.next {
                Waiting::Ended(outcome) => {
                    self.endings.insert(arrived.node);
                    let (items, violations) = self.c.finish(&arrived, outcome, 0);
                    let p = total(&items);
                    self.rules.extend(violations.iter().map(|v| v.rule.clone()));
                    let end = Future {
                        value: Value {
                            p,
                            critical: violations.iter().any(|v| v.severity == Severity::Critical),
                        },
                        outcome,
                        step: None,
                    };
                    if self.want_worst {
                        worst.push(end.clone());
                    }
                    best.push(end);
                }
                Waiting::Decision(shown) => {
                    let node = arrived.node;
                    for (number, choice) in options(self.c, node, &shown) {
                        let (next, p, critical, rules) = take(self.c, arrived, choice, 0);
                        self.rules.extend(rules);
                        let (fs, l) = self.futures(next, depth + 1);
                        low = low.min(l);
                        let next = self.c.canonical(next);
                        let shift = |(idx, f): (usize, &Future)| Future {
                            value: f.value.add(p, critical),
                            outcome: f.outcome,
                            step: Some((node, number, next, idx)),
                        };
                        best.extend(fs.best.iter().enumerate().map(shift));
                        worst.extend(fs.worst.iter().enumerate().map(shift));
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
        self.on_stack.remove(&core);
        self.path_nodes.pop();
        let out = Rc::new(Fronts {
            best: self.prune(best, Goal::Best),
            worst: self.prune(worst, Goal::Worst),
        });
        // An answer that depended on a state still on the path was cut where the loop closed;
        // it is kept all the same (or exploration would grow with paths), and the analysis
        // says it may be inexact.
        self.memo.insert(core, Rc::clone(&out));
        (out, low)
    }

    /// Follows a future's steps (in the best or worst fronts) to spell out its path.
    fn path(&self, f: &Future, goal: Goal) -> Vec<String> {
        let mut out = Vec::new();
        let mut step = f.step;
        while let Some((node, number, next, idx)) = step {
            out.push(format!("{}:{}", self.c.node(node).id, number));
            step = self
                .memo
                .get(&next)
                .and_then(|fs| fs.get(goal).get(idx))
                .and_then(|f| f.step);
        }
        out
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
    /// States explored (each once; the best and worst results come from the same pass).
    pub states_explored: usize,
    /// The best achievable result.
    pub best: Option<Reachable>,
    /// The worst achievable result.
    pub worst: Option<Reachable>,
    /// Every ending and whether some path reaches it.
    pub endings: Vec<EndingReach>,
    /// Every compliance rule some path can break.
    pub rules: Vec<String>,
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

fn pick<'f>(fs: &'f [Future], rubric: &Rubric, goal: Goal) -> Option<&'f Future> {
    let key = |f: &&Future| rank(&f.value, rubric);
    match goal {
        Goal::Best => fs.iter().max_by_key(|f| (key(f).0, key(f).1)),
        Goal::Worst => fs.iter().min_by_key(|f| (key(f).0, key(f).1)),
    }
}

fn reachable(e: &Explorer, f: &Future, rubric: &Rubric, goal: Goal) -> Reachable {
    let (passed, _, scores) = rank(&f.value, rubric);
    Reachable {
        scores,
        passed,
        outcome: f.outcome,
        path: e.path(f, goal),
    }
}

/// Explores a scenario from its start: best and worst results, endings, rules, coverage.
pub fn analyze(c: &Compiled) -> Analysis {
    with_deep_stack(|| {
        let rubric = c.scenario.rubric;
        let start = c.initial(None);
        let mut e = Explorer::new(c, true);
        let (fronts, _) = e.futures(start, 0);
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
            best: pick(&fronts.best, &rubric, Goal::Best)
                .map(|f| reachable(&e, f, &rubric, Goal::Best)),
            worst: pick(&fronts.worst, &rubric, Goal::Worst)
                .map(|f| reachable(&e, f, &rubric, Goal::Worst)),
            endings,
            rules: e.rules.iter().cloned().collect(),
            unreachable,
            exact: e.exact,
            note: e.why_inexact.clone(),
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
        let mut e = Explorer::new(c, false);
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
                let (fs, _) = e.futures(next, 1);
                let here = prefix.add(p, critical);
                let best = fs
                    .best
                    .iter()
                    .map(|f| {
                        let v = here.add(f.value.p, f.value.critical);
                        let (passed, total, scores) = rank(&v, &rubric);
                        (
                            (passed, total),
                            Reachable {
                                scores,
                                passed,
                                outcome: f.outcome,
                                path: e.path(f, Goal::Best),
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
