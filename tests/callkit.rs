//! Small calls built in code for the rule tests: a base scenario, one node per step (who speaks,
//! what they reveal, the acts of the one choice), played with choice 1 at every decision.

use std::sync::Arc;

use rightparty::call::runner::Phase;
use rightparty::call::{Action, CallResult, CallRun, Compiled};
use rightparty::model::{
    Act, Choice, Effects, Ending, Node, Outcome, Party, Revelation, Scenario, WrapUp,
};

use crate::util::{data, load};

/// The valid test scenario, as a base to build small calls on.
pub fn base() -> Scenario {
    load(&[data("valid/call.ron")]).scenarios.remove(0).item
}

/// One step of a small call: who speaks, what they reveal, and the one choice the collector
/// makes (its acts).
#[derive(Debug, Clone, Default)]
pub struct Step {
    pub speaker: Option<Party>,
    pub reveals: Vec<Revelation>,
    pub acts: Vec<Act>,
}

pub fn step(acts: &[Act]) -> Step {
    Step {
        acts: acts.to_vec(),
        ..Step::default()
    }
}

pub fn says(reveals: &[Revelation], acts: &[Act]) -> Step {
    Step {
        reveals: reveals.to_vec(),
        acts: acts.to_vec(),
        ..Step::default()
    }
}

pub fn choice(text: &str, acts: Vec<Act>, next: &str) -> Choice {
    Choice {
        text: text.into(),
        when: None,
        acts,
        domains: vec![],
        effects: Effects::default(),
        violations: vec![],
        offer: None,
        agitation: 0,
        set_flags: vec![],
        clear_flags: vec![],
        feedback: None,
        citation: None,
        next: next.into(),
        on_counter: None,
        on_refuse: None,
        amount: None,
        fee: None,
        deadline_days: None,
        message: None,
    }
}

pub fn node(id: &str, choices: Vec<Choice>) -> Node {
    Node {
        id: id.into(),
        speaker: None,
        tone: rightparty::model::Tone::Neutral,
        says: format!("line at {id}"),
        variants: vec![],
        reveals: vec![],
        set_flags: vec![],
        agitation: 0,
        diverts: vec![],
        choices,
        time_limit: None,
        ending: None,
    }
}

pub fn ending(id: &str) -> Node {
    let mut n = node(id, vec![]);
    n.ending = Some(Ending {
        outcome: Outcome::PromiseToPay,
        summary: None,
        wrap_up: WrapUp {
            prompt: "note?".into(),
            options: vec!["right".into(), "wrong".into()],
            correct: 0,
            feedback: None,
        },
        after: vec![],
        meets: vec![],
    });
    n
}

/// A straight call: one node per step, then an ending.
pub fn call(mut s: Scenario, party: Party, steps: &[Step]) -> Scenario {
    s.debtor.hidden.on_the_line = party;
    s.nodes = steps
        .iter()
        .enumerate()
        .map(|(i, st)| {
            let next = if i + 1 == steps.len() {
                "end".to_string()
            } else {
                format!("s{}", i + 1)
            };
            let mut n = node(
                &format!("s{i}"),
                vec![choice("say it", st.acts.clone(), &next)],
            );
            n.speaker = st.speaker;
            n.reveals = st.reveals.clone();
            n
        })
        .collect();
    s.nodes.push(ending("end"));
    s.start = "s0".into();
    s
}

/// Plays choice 1 at every decision and the right wrap-up note.
pub fn play(s: Scenario) -> CallResult {
    let c = Arc::new(Compiled::new(Arc::new(s)).unwrap());
    let mut run = CallRun::start(c, 1, None).unwrap();
    for _ in 0..100 {
        let action = match run.phase() {
            Phase::Deciding { .. } => Action::Choose(1),
            Phase::WrappingUp { .. } => Action::WrapUp(1),
            Phase::Finished { .. } => break,
        };
        run.act(action).unwrap();
    }
    run.result().expect("the call finished")
}

pub fn rules(s: Scenario) -> Vec<String> {
    play(s).violations.into_iter().map(|v| v.rule).collect()
}

/// Verified, disclosed, then the debt: a clean opening to build on.
pub fn clean_opening() -> Vec<Step> {
    use Act::*;
    vec![
        step(&[Greet, AskForDebtor]),
        step(&[VerifyIdentity, DisclosureFull, DiscloseDebt]),
    ]
}

pub fn with(mut steps: Vec<Step>, more: &[Step]) -> Vec<Step> {
    steps.extend_from_slice(more);
    steps
}

/// The rules a call broke, with their severities, in order.
pub fn found(r: &CallResult) -> Vec<(&str, rightparty::model::Severity)> {
    r.violations
        .iter()
        .map(|v| (v.rule.as_str(), v.severity))
        .collect()
}

/// The validator's findings on one scenario.
pub fn check(s: &Scenario) -> rightparty::content::diagnostic::Findings {
    let mut f = rightparty::content::diagnostic::Findings::default();
    rightparty::content::validate::scenario::check(s, &crate::util::options(), &mut f);
    f
}
