//! One practice call: a pulled runner. Create it from a scenario and a seed, take the events
//! (lines, the choices now open, feedback, the ending), answer with an action (a choice number,
//! a timeout, a wrap-up pick). Same scenario + seed + actions = same transcript, always. The
//! whole run saves to JSON and restores mid-call.

use std::sync::Arc;

use serde::{Deserialize, Serialize};

use super::compliance::{self, DisclosureItem, Facts};
use super::engine::{
    Arrival, CallError, Chance, Compiled, Core, Line, PointItem, Points, Violation, Waiting,
};
use super::negotiation::{Approach, Response};
use super::score::{CallResult, QaItem, Scores};
use crate::model::{Outcome, Party, Tone};

/// Version of the saved-run format.
pub const RUN_STATE_VERSION: u32 = 1;

/// What the trainee does.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Action {
    /// Pick a shown choice by its number (1-based, in display order).
    Choose(usize),
    /// Let the decision's deadline pass.
    TimeOut,
    /// Pick a wrap-up option by its number (1-based).
    WrapUp(usize),
}

/// A choice as shown to the trainee.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ShownChoice {
    /// 1..k in display order.
    pub number: usize,
    /// What the collector would say.
    pub text: String,
}

/// What the runner tells the UI.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "event", rename_all = "snake_case")]
pub enum Event {
    /// The other person speaks.
    Line(Line),
    /// A decision: the choices now open.
    Choices {
        /// Decision number (1-based).
        turn: u32,
        /// The node id.
        node: String,
        /// The choices, numbered 1..k.
        choices: Vec<ShownChoice>,
        /// Seconds to decide, if the decision is timed.
        deadline_seconds: Option<u32>,
    },
    /// What the trainee's choice did.
    Feedback {
        /// Decision number.
        turn: u32,
        /// What the collector said.
        said: String,
        /// The author's explanation.
        text: Option<String>,
        /// Its citation.
        citation: Option<String>,
        /// Points this choice earned.
        points: Points,
        /// Violations at this turn.
        violations: Vec<Violation>,
        /// The debtor's answer to an offer.
        offer: Option<Response>,
    },
    /// The decision timed out.
    DeadAir {
        /// Decision number.
        turn: u32,
    },
    /// The call is over; the wrap-up step follows.
    Ended {
        /// How it ended.
        outcome: Outcome,
        /// The author's summary.
        summary: Option<String>,
        /// What the scenario says happens after the call, a line each with its dates.
        after: Vec<String>,
    },
    /// The after-call documentation step.
    WrapUp {
        /// The question.
        prompt: String,
        /// Options, numbered from 1.
        options: Vec<String>,
    },
    /// Everything is scored.
    Finished(Box<CallResult>),
}

/// What the call waits for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "phase", rename_all = "snake_case")]
pub enum Phase {
    /// A decision among the shown choices (indices into the node's `choices`).
    Deciding {
        /// Shown choices, in display order.
        shown: Vec<usize>,
    },
    /// The wrap-up step after the ending.
    WrappingUp {
        /// How the call ended.
        outcome: Outcome,
    },
    /// Done.
    Finished {
        /// How the call ended.
        outcome: Outcome,
        /// Whether the right wrap-up option was picked.
        wrap_up_correct: bool,
    },
}

/// The compact state in a saveable form (flags by name).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Snapshot {
    /// Node id.
    pub node: String,
    /// Flags that are set.
    pub flags: Vec<String>,
    /// Agitation 0..=10.
    pub agitation: u8,
    /// Who is on the line.
    pub party: Party,
    /// Compliance facts (bits; see `compliance::Facts`).
    pub facts: Facts,
    /// Negotiation approach.
    pub approach: Approach,
}

/// One line of the transcript.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TranscriptEntry {
    /// Decision number it belongs to (0 before the first decision).
    pub turn: u32,
    /// "Collector", or the other person's role.
    pub speaker: String,
    /// Tone (for the other person).
    pub tone: Option<Tone>,
    /// What was said.
    pub text: String,
}

/// One decision, for the debrief.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Decision {
    /// Decision number (1-based).
    pub turn: u32,
    /// The node id.
    pub node: String,
    /// State just before deciding.
    pub before: Snapshot,
    /// Points earned before this decision.
    pub points_before: Points,
    /// Choice indices shown, in display order.
    pub shown: Vec<usize>,
    /// The chosen index into the node's `choices`, or `None` for a timeout.
    pub chosen: Option<usize>,
    /// Points this decision earned.
    pub points: Points,
    /// Violations at this decision.
    pub violations: Vec<Violation>,
    /// The debtor's answer to an offer.
    pub offer: Option<Response>,
}

impl Decision {
    /// The shown number (1-based) of the choice taken; `None` for a timeout, or when the choice
    /// taken is not among those shown (a damaged saved state).
    pub fn chosen_number(&self) -> Option<usize> {
        let i = self.chosen?;
        self.shown.iter().position(|&s| s == i).map(|p| p + 1)
    }

    /// The action that made this decision (`None` for a damaged saved state).
    pub fn action(&self) -> Option<Action> {
        match self.chosen {
            None => Some(Action::TimeOut),
            Some(_) => self.chosen_number().map(Action::Choose),
        }
    }
}

impl Phase {
    /// The action that picking number `n` (1-based, as shown) means now: a choice while
    /// deciding, a wrap-up option while wrapping up, nothing once finished. The terminal and
    /// the window both map a typed or pressed number through this.
    pub fn pick(&self, n: usize) -> Option<Action> {
        match self {
            Phase::Deciding { .. } => Some(Action::Choose(n)),
            Phase::WrappingUp { .. } => Some(Action::WrapUp(n)),
            Phase::Finished { .. } => None,
        }
    }
}

/// Everything about a call in progress; saves to JSON.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RunState {
    /// Format version.
    pub version: u32,
    /// The scenario id.
    pub scenario: String,
    /// The seed for `Chance` conditions.
    pub seed: u64,
    /// Decisions made so far.
    pub turn: u32,
    /// The current state.
    pub now: Snapshot,
    /// What the call waits for.
    pub phase: Phase,
    /// The transcript.
    pub transcript: Vec<TranscriptEntry>,
    /// Every decision.
    pub decisions: Vec<Decision>,
    /// Every point with its reason, in order.
    pub items: Vec<PointItem>,
    /// Every violation.
    pub violations: Vec<Violation>,
    /// Points where the law is unsettled, with their reasons (shown, never scored).
    #[serde(default)]
    pub cautions: Vec<Violation>,
}

/// Seeded chance: a hash of the seed and where it is asked, so a restored run rolls the same.
pub struct SeededChance(pub u64);

impl Chance for SeededChance {
    fn roll(&mut self, percent: u8, salt: u64) -> bool {
        let mut z = self.0 ^ salt.wrapping_mul(0x9E37_79B9_7F4A_7C15);
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^= z >> 31;
        (z % 100) < u64::from(percent)
    }
}

/// A call in progress.
#[derive(Debug)]
pub struct CallRun {
    compiled: Arc<Compiled>,
    core: Core,
    state: RunState,
    pending: Vec<Event>,
}

impl CallRun {
    /// Starts a call at the scenario's start (or at node `from`, for authors).
    pub fn start(
        compiled: Arc<Compiled>,
        seed: u64,
        from: Option<&str>,
    ) -> Result<Self, CallError> {
        Self::start_with_flags(compiled, seed, from, &[])
    }

    /// [`CallRun::start`] with `flags` set on top of the scenario's starting flags: an author's
    /// preview of a node in a given situation (see [`Compiled::initial_with_flags`]). Fails on
    /// an unknown node or flag.
    pub fn start_with_flags(
        compiled: Arc<Compiled>,
        seed: u64,
        from: Option<&str>,
        flags: &[String],
    ) -> Result<Self, CallError> {
        let from = match from {
            Some(id) => Some(
                compiled
                    .node_index(id)
                    .ok_or_else(|| CallError::BadAction(format!("there is no node `{id}`")))?,
            ),
            None => None,
        };
        let core = compiled
            .initial_with_flags(from, flags)
            .map_err(CallError::BadAction)?;
        let state = RunState {
            version: RUN_STATE_VERSION,
            scenario: compiled.scenario.id.clone(),
            seed,
            turn: 0,
            now: snapshot(&compiled, &core),
            phase: Phase::Deciding { shown: vec![] },
            transcript: Vec::new(),
            decisions: Vec::new(),
            items: Vec::new(),
            violations: Vec::new(),
            cautions: Vec::new(),
        };
        let mut run = CallRun {
            compiled,
            core,
            state,
            pending: Vec::new(),
        };
        run.arrive()?;
        Ok(run)
    }

    /// Restores a saved call. Fails if the state does not fit the scenario (a node or flag it
    /// names is gone).
    pub fn restore(compiled: Arc<Compiled>, state: RunState) -> Result<Self, CallError> {
        let bad = |reason: String| CallError::BadState {
            scenario: compiled.scenario.id.clone(),
            reason,
        };
        if state.version != RUN_STATE_VERSION {
            return Err(bad(format!(
                "saved format {} is not {RUN_STATE_VERSION}",
                state.version
            )));
        }
        if state.scenario != compiled.scenario.id {
            return Err(bad(format!(
                "it was saved for scenario `{}`",
                state.scenario
            )));
        }
        let core = core_of(&compiled, &state.now).map_err(bad)?;
        let node = compiled.node(core.node);
        match &state.phase {
            Phase::Deciding { shown }
                if node.ending.is_some() || shown.iter().any(|&i| i >= node.choices.len()) =>
            {
                return Err(bad(format!(
                    "node `{}` no longer has the choices that were shown",
                    node.id
                )));
            }
            Phase::WrappingUp { .. } | Phase::Finished { .. } if node.ending.is_none() => {
                return Err(bad(format!("node `{}` is no longer an ending", node.id)));
            }
            _ => {}
        }
        Ok(CallRun {
            compiled,
            core,
            state,
            pending: Vec::new(),
        })
    }

    /// The same call replayed up to decision `turn` (1-based), which is left open: a new run
    /// from the saved seed, answered with the saved call's earlier actions, so its transcript,
    /// points and violations up to that decision are the original's. For "replay from here" in
    /// the debrief. Fails when `turn` is not one of the saved decisions, or when the replay
    /// does not retrace the saved call (the scenario changed, or the call was started at
    /// another node with `from`).
    pub fn replay_to(
        compiled: Arc<Compiled>,
        saved: &RunState,
        turn: u32,
    ) -> Result<Self, CallError> {
        let bad = |reason: String| CallError::BadState {
            scenario: compiled.scenario.id.clone(),
            reason,
        };
        if saved.scenario != compiled.scenario.id {
            return Err(bad(format!(
                "it was saved for scenario `{}`",
                saved.scenario
            )));
        }
        let Some(target) = turn
            .checked_sub(1)
            .and_then(|i| saved.decisions.get(i as usize))
        else {
            return Err(bad(format!(
                "there is no decision {turn} to replay from (the call has {})",
                saved.decisions.len()
            )));
        };
        let mut run = CallRun::start(Arc::clone(&compiled), saved.seed, None)?;
        for d in saved.decisions.iter().take_while(|d| d.turn < turn) {
            run.expect_decision(d)?;
            let action = d
                .action()
                .ok_or_else(|| bad(format!("decision {} names a choice not shown", d.turn)))?;
            run.act(action)?;
        }
        run.expect_decision(target)?;
        run.pending.clear();
        Ok(run)
    }

    /// Checks that the call waits at the decision `d` was made at.
    fn expect_decision(&self, d: &Decision) -> Result<(), CallError> {
        let here = match &self.state.phase {
            Phase::Deciding { shown } => {
                self.state.turn + 1 == d.turn && self.state.now.node == d.node && *shown == d.shown
            }
            _ => false,
        };
        if here {
            Ok(())
        } else {
            Err(CallError::BadState {
                scenario: self.compiled.scenario.id.clone(),
                reason: format!(
                    "replaying does not reach decision {} at node `{}` (it reached node `{}`)",
                    d.turn, d.node, self.state.now.node
                ),
            })
        }
    }

    /// The state to save.
    pub fn save(&self) -> &RunState {
        &self.state
    }

    /// The scenario being played.
    pub fn compiled(&self) -> &Arc<Compiled> {
        &self.compiled
    }

    /// Events since the last call (lines, choices, feedback, ...).
    pub fn take_events(&mut self) -> Vec<Event> {
        std::mem::take(&mut self.pending)
    }

    /// The events that describe where the call stands now (the open decision or wrap-up), for
    /// a UI that resumes a saved call.
    pub fn current_prompt(&self) -> Vec<Event> {
        match &self.state.phase {
            Phase::Deciding { shown } => vec![self.choices_event(shown)],
            Phase::WrappingUp { .. } => vec![self.wrap_up_event()],
            Phase::Finished { .. } => vec![],
        }
    }

    /// What the call waits for.
    pub fn phase(&self) -> &Phase {
        &self.state.phase
    }

    /// The current debtor agitation.
    pub fn agitation(&self) -> u8 {
        self.core.agitation
    }

    /// Points so far, unclamped.
    pub fn points(&self) -> Points {
        super::engine::total(&self.state.items)
    }

    /// The disclosure tracker as it stands.
    pub fn disclosures(&self) -> Vec<DisclosureItem> {
        compliance::disclosure_tracker(self.core.facts, &self.compiled.packs)
    }

    /// Does what the trainee chose and returns the events it caused.
    pub fn act(&mut self, action: Action) -> Result<Vec<Event>, CallError> {
        match (&self.state.phase, action) {
            (Phase::Deciding { shown }, Action::Choose(n)) => {
                let shown = shown.clone();
                let Some(&index) = n.checked_sub(1).and_then(|i| shown.get(i)) else {
                    return Err(CallError::BadAction(format!(
                        "choice {n} is not shown at decision {} (node `{}`): pick 1 to {}",
                        self.state.turn + 1,
                        self.compiled.node(self.core.node).id,
                        shown.len()
                    )));
                };
                self.decide(shown, Some(index))?;
            }
            (Phase::Deciding { shown }, Action::TimeOut) => {
                if self.compiled.node(self.core.node).time_limit.is_none() {
                    return Err(CallError::BadAction(format!(
                        "decision {} (node `{}`) has no time limit",
                        self.state.turn + 1,
                        self.compiled.node(self.core.node).id
                    )));
                }
                let shown = shown.clone();
                self.decide(shown, None)?;
            }
            (Phase::WrappingUp { outcome }, Action::WrapUp(n)) => {
                let outcome = *outcome;
                let w = &self
                    .compiled
                    .node(self.core.node)
                    .ending
                    .as_ref()
                    .expect("wrapping up at an ending")
                    .wrap_up;
                if n == 0 || n > w.options.len() {
                    return Err(CallError::BadAction(format!(
                        "wrap-up option {n} does not exist: pick 1 to {}",
                        w.options.len()
                    )));
                }
                let correct = n - 1 == w.correct;
                self.state.phase = Phase::Finished {
                    outcome,
                    wrap_up_correct: correct,
                };
                let result = self.result().expect("finished");
                self.pending.push(Event::Finished(Box::new(result)));
            }
            (phase, action) => {
                return Err(CallError::BadAction(format!(
                    "{action:?} does not fit now ({phase:?})"
                )));
            }
        }
        Ok(self.take_events())
    }

    fn decide(&mut self, shown: Vec<usize>, index: Option<usize>) -> Result<(), CallError> {
        self.state.turn += 1;
        let turn = self.state.turn;
        let before = snapshot(&self.compiled, &self.core);
        let points_before = self.points();
        let node_id = self.compiled.node(self.core.node).id.clone();
        let mut cautions = Vec::new();
        let (items, violations, offer) = match index {
            Some(i) => {
                let text = self.compiled.node(self.core.node).choices[i].text.clone();
                self.state.transcript.push(TranscriptEntry {
                    turn,
                    speaker: "Collector".into(),
                    tone: None,
                    text,
                });
                let r = self.compiled.choose(&mut self.core, i, turn);
                cautions = r.cautions;
                (r.items, r.violations, r.offer.map(|o| o.0))
            }
            None => {
                self.state.transcript.push(TranscriptEntry {
                    turn,
                    speaker: "Collector".into(),
                    tone: None,
                    text: "(silence)".into(),
                });
                self.pending.push(Event::DeadAir { turn });
                (
                    self.compiled.time_out(&mut self.core).unwrap_or_default(),
                    Vec::new(),
                    None,
                )
            }
        };
        let points = super::engine::total(&items);
        if let Some(i) = index {
            let c = &self
                .compiled
                .node(before_node(&self.compiled, &before))
                .choices[i];
            self.pending.push(Event::Feedback {
                turn,
                said: c.text.clone(),
                text: c.feedback.clone(),
                citation: c.citation.clone(),
                points,
                violations: violations.clone(),
                offer,
            });
        }
        self.state.items.extend(items);
        self.state.violations.extend(violations.iter().cloned());
        self.state.cautions.extend(cautions);
        self.state.decisions.push(Decision {
            turn,
            node: node_id,
            before,
            points_before,
            shown,
            chosen: index,
            points,
            violations,
            offer,
        });
        self.arrive()
    }

    fn arrive(&mut self) -> Result<(), CallError> {
        let mut chance = SeededChance(self.state.seed);
        let Arrival { lines, next, .. } =
            self.compiled
                .arrive(&mut self.core, &mut chance, self.state.turn)?;
        for l in lines {
            self.state.transcript.push(TranscriptEntry {
                turn: self.state.turn,
                speaker: self.compiled.scenario.speaker_label(l.speaker),
                tone: Some(l.tone),
                text: l.text.clone(),
            });
            self.pending.push(Event::Line(l));
        }
        match next {
            Waiting::Decision(shown) => {
                self.pending.push(self.choices_event(&shown));
                self.state.phase = Phase::Deciding { shown };
            }
            Waiting::Ended(outcome) => {
                let end = self.compiled.finish(&self.core, outcome, self.state.turn);
                self.state.items.extend(end.items);
                self.state.violations.extend(end.violations);
                self.state.cautions.extend(end.cautions);
                let ending = self
                    .compiled
                    .node(self.core.node)
                    .ending
                    .as_ref()
                    .expect("an ending");
                self.pending.push(Event::Ended {
                    outcome,
                    summary: ending.summary.clone(),
                    after: ending.after_lines(),
                });
                self.pending.push(self.wrap_up_event());
                self.state.phase = Phase::WrappingUp { outcome };
            }
        }
        self.state.now = snapshot(&self.compiled, &self.core);
        Ok(())
    }

    fn choices_event(&self, shown: &[usize]) -> Event {
        let node = self.compiled.node(self.core.node);
        Event::Choices {
            turn: self.state.turn + 1,
            node: node.id.clone(),
            choices: shown
                .iter()
                .enumerate()
                .map(|(k, &i)| ShownChoice {
                    number: k + 1,
                    text: node.choices[i].text.clone(),
                })
                .collect(),
            deadline_seconds: node.time_limit.as_ref().map(|t| t.seconds),
        }
    }

    fn wrap_up_event(&self) -> Event {
        let w = &self
            .compiled
            .node(self.core.node)
            .ending
            .as_ref()
            .expect("an ending")
            .wrap_up;
        Event::WrapUp {
            prompt: w.prompt.clone(),
            options: w.options.clone(),
        }
    }

    /// The scored result, once the wrap-up is done.
    pub fn result(&self) -> Option<CallResult> {
        let Phase::Finished {
            outcome,
            wrap_up_correct,
        } = self.state.phase
        else {
            return None;
        };
        let points = self.points();
        let scores = Scores::from_points(points);
        let rubric = self.compiled.scenario.rubric;
        let critical = self
            .state
            .violations
            .iter()
            .any(|v| v.severity == crate::model::Severity::Critical);
        let qa = super::score::qa_scorecard(
            &self.compiled,
            &self.state,
            self.core.facts,
            wrap_up_correct,
        );
        Some(CallResult {
            scenario: self.compiled.scenario.id.clone(),
            seed: self.state.seed,
            outcome,
            passed: scores.passes(&rubric) && !critical,
            scores,
            points,
            rubric,
            violations: self.state.violations.clone(),
            cautions: self.state.cautions.clone(),
            disclosures: self.disclosures(),
            qa,
            objectives_met: self.objectives_met(),
            wrap_up_correct,
            items: self.state.items.clone(),
            transcript: self.state.transcript.clone(),
            decisions: self.state.decisions.clone(),
        })
    }

    /// The objectives the ending reached says it meets, in the scenario's order.
    fn objectives_met(&self) -> Vec<String> {
        let s = &self.compiled.scenario;
        self.compiled
            .node(self.core.node)
            .ending
            .as_ref()
            .map_or_else(Vec::new, |e| {
                s.objectives_met(e).into_iter().map(String::from).collect()
            })
    }

    /// The QA scorecard items as they stand (the result has the final ones).
    pub fn qa_preview(&self) -> Vec<QaItem> {
        super::score::qa_scorecard(&self.compiled, &self.state, self.core.facts, false)
    }
}

fn before_node(c: &Compiled, s: &Snapshot) -> u32 {
    c.node_index(&s.node).expect("snapshot of a known node")
}

/// The saveable form of a state.
pub fn snapshot(c: &Compiled, core: &Core) -> Snapshot {
    Snapshot {
        node: c.node(core.node).id.clone(),
        flags: c.flag_names(core.flags),
        agitation: core.agitation,
        party: core.party,
        facts: core.facts,
        approach: core.approach,
    }
}

/// The state a snapshot names.
pub fn core_of(c: &Compiled, s: &Snapshot) -> Result<Core, String> {
    Ok(Core {
        node: c
            .node_index(&s.node)
            .ok_or_else(|| format!("node `{}` is gone", s.node))?,
        flags: c.flags_from_names(&s.flags)?,
        agitation: s.agitation.min(10),
        party: s.party,
        facts: s.facts,
        approach: s.approach,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::{CheckOptions, load_paths};

    fn shipped() -> Arc<Compiled> {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("scenarios/first-contact-verification.ron");
        let set = load_paths(&[path], &CheckOptions::default());
        let s = set
            .scenarios
            .into_iter()
            .next()
            .expect("the shipped scenario");
        Arc::new(Compiled::new(Arc::new(s.item)).expect("compiles"))
    }

    /// Plays shown numbers (and `0` for a timeout) to the wrap-up.
    fn play(c: &Arc<Compiled>, seed: u64, picks: &[usize]) -> CallRun {
        let mut run = CallRun::start(Arc::clone(c), seed, None).unwrap();
        for &n in picks {
            let a = if n == 0 {
                Action::TimeOut
            } else {
                run.phase().pick(n).unwrap()
            };
            run.act(a).unwrap();
        }
        run
    }

    #[test]
    fn replay_to_a_decision_retraces_the_call_up_to_it() {
        let c = shipped();
        // A path with a violation, a timeout and a finished wrap-up.
        let done = play(&c, 7, &[1, 2, 1, 2, 1, 2, 2, 0, 1, 1, 1, 2]);
        let saved = done.save().clone();
        assert!(matches!(saved.phase, Phase::Finished { .. }));
        assert!(saved.decisions.iter().any(|d| d.chosen.is_none()));
        for d in &saved.decisions {
            let run = CallRun::replay_to(Arc::clone(&c), &saved, d.turn).unwrap();
            let s = run.save();
            assert_eq!(s.turn + 1, d.turn);
            assert_eq!(s.now.node, d.node);
            assert_eq!(
                s.phase,
                Phase::Deciding {
                    shown: d.shown.clone()
                }
            );
            let upto: Vec<_> = saved
                .transcript
                .iter()
                .filter(|t| t.turn < d.turn)
                .cloned()
                .collect();
            assert_eq!(s.transcript, upto, "transcript before decision {}", d.turn);
            assert_eq!(s.decisions[..], saved.decisions[..d.turn as usize - 1]);
            assert_eq!(run.points(), d.points_before);
            // Answering as before gets the same call.
            let mut again = run;
            for later in &saved.decisions[d.turn as usize - 1..] {
                again.act(later.action().unwrap()).unwrap();
            }
            assert_eq!(again.save().transcript, saved.transcript);
        }
    }

    #[test]
    fn replay_to_a_missing_decision_or_another_scenario_is_an_error() {
        let c = shipped();
        let saved = play(&c, 1, &[1, 2]).save().clone();
        assert!(CallRun::replay_to(Arc::clone(&c), &saved, 0).is_err());
        assert!(CallRun::replay_to(Arc::clone(&c), &saved, 3).is_err());
        assert!(CallRun::replay_to(Arc::clone(&c), &saved, 2).is_ok());
        let mut other = saved.clone();
        other.scenario = "another".into();
        assert!(CallRun::replay_to(Arc::clone(&c), &other, 1).is_err());
        // A call that does not retrace (its decision names another node) is refused.
        let mut moved = saved;
        moved.decisions[1].node = "budget".into();
        assert!(CallRun::replay_to(c, &moved, 2).is_err());
    }

    #[test]
    fn a_decision_knows_its_shown_number_and_action() {
        let c = shipped();
        let run = play(&c, 1, &[1, 2]);
        let d = &run.save().decisions;
        assert_eq!(d[0].chosen_number(), Some(1));
        assert_eq!(d[1].action(), Some(Action::Choose(2)));
        let mut broken = d[1].clone();
        broken.chosen = Some(99);
        assert_eq!(broken.action(), None);
        assert_eq!(run.phase().pick(3), Some(Action::Choose(3)));
    }
}
