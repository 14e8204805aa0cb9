//! Generated content of any size, for benchmarks and stress tests: a valid scenario with many
//! nodes and a valid question bank with many questions, as RON text. Deterministic for a seed.

use std::fmt::Write;

/// A tiny deterministic generator (SplitMix64), so generated content needs no extra crates.
struct Mix(u64);

impl Mix {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }
}

/// The PCS-style domain ids the generated content uses.
pub const DOMAINS: [&str; 6] = [
    "communications",
    "validation_disputes",
    "prohibited_practices",
    "ethics",
    "negotiation",
    "related_law",
];

/// A valid scenario with `nodes` nodes (at least 4), each decision offering `choices` choices
/// into the next of about 20 layers, a handful of flags set and tested, and endings at the end.
pub fn scenario(nodes: usize, choices: usize, seed: u64) -> String {
    let nodes = nodes.max(4);
    let choices = choices.max(1);
    let endings = 3.min(nodes / 2);
    let decisions = nodes - endings;
    let mut rng = Mix(seed);
    let mut s = String::with_capacity(nodes * (120 + choices * 260));
    s.push_str(
        r#"Scenario(
    id: "generated",
    title: "Generated scenario",
    summary: "Generated for benchmarks.",
    difficulty: Advanced,
    estimated_minutes: 30,
    tags: ["generated"],
    setting: ThirdPartyAgency,
    objectives: ["Exercise the engine."],
    reviewed: "2026-11-01",
    sources: ["15 USC 1692c(b)"],
    account: Account(
        creditor: "Example Bank",
        account_number: "GEN-0001",
        balance: Balance(principal: 1000.0, interest: 50.0, fees: 0.0),
        days_delinquent: 120,
        debtor_state: "OH",
        address_time_zone: TimeZone(name: "Eastern (EST)", iana: "America/New_York"),
        phone_time_zone: TimeZone(name: "Eastern (EST)", iana: "America/New_York"),
        call_local_time: "2026-11-23T10:00:00",
    ),
    debtor: Persona(
        name: "Sam Example",
        temperament: Guarded,
        starting_agitation: 3,
        hidden: HiddenFacts(on_the_line: Debtor, monthly_capacity: 100.0, lump_sum_capacity: 300.0, facts: {"hardship": true}),
    ),
    start: "n0",
    nodes: [
"#,
    );
    // Shaped like authored calls: about 20 decisions from start to end. The nodes form layers
    // that fan out from the start (1, 3, 9, ... nodes) up to a fixed width; every choice leads
    // into the next layer, spread so that every node is reached. Effects are sparse (most
    // choices move one axis or none), agitation moves on a few choices, and a handful of flags
    // are set early and tested soon after.
    let flags = ["f0", "f1", "f2", "f3", "f4"];
    let mut starts = vec![0usize];
    let mut width = 1usize;
    let cap = (decisions / 20).max(1);
    while *starts.last().unwrap() + width < decisions {
        let next = starts.last().unwrap() + width;
        starts.push(next);
        width = (width * choices).min(cap).max(1);
    }
    starts.push(decisions);
    let layer_of = |i: usize| starts.partition_point(|&st| st <= i) - 1;
    for i in 0..decisions {
        let _ = writeln!(
            s,
            "        Node(\n            id: \"n{i}\",\n            tone: Guarded,\n            says: \"Line {i}: what do you want?\",\n            choices: ["
        );
        let layer = layer_of(i);
        let (lo, hi) = (
            starts[layer + 1],
            starts.get(layer + 2).copied().unwrap_or(decisions),
        );
        for c in 0..choices {
            // Into the next layer (covering it), or to an ending from the last one; the first
            // choice never has a condition, so every node can reach an ending.
            let next = if lo >= decisions {
                decisions + (i + c) % endings
            } else {
                lo + ((i - starts[layer]) * choices + c) % (hi - lo)
            };
            // A handful of flags, set early in the call and tested soon after (as authored
            // calls do with "verified", "asked_budget" and the like).
            let when = if c > 0 && (2..=8).contains(&layer) && rng.below(10) == 0 {
                format!(
                    "\n                    when: Flag(\"{}\"),",
                    flags[rng.below(flags.len() as u64) as usize]
                )
            } else {
                String::new()
            };
            let domain = DOMAINS[rng.below(DOMAINS.len() as u64) as usize];
            // Each choice is good, neutral or bad, and its effects agree with that (as in
            // authored content: the good move is good on more than one axis).
            let (neg, comp, compliance, calm) = match rng.below(10) {
                0..=3 => (5 * rng.below(3) as i64, 5 * rng.below(3) as i64, 0, -1),
                4..=6 => (0, 0, 0, 0),
                _ => (
                    -5 * rng.below(3) as i64,
                    -5 * rng.below(3) as i64,
                    if rng.below(4) == 0 { -10 } else { 0 },
                    1,
                ),
            };
            let citation = if compliance != 0 {
                "\n                    citation: \"15 USC 1692c(b)\","
            } else {
                ""
            };
            let agitation = if rng.below(10) == 0 { calm } else { 0 };
            let set = if (1..=5).contains(&layer) && rng.below(10) == 0 {
                format!(
                    "\n                    set_flags: [\"{}\"],",
                    flags[rng.below(flags.len() as u64) as usize]
                )
            } else {
                String::new()
            };
            let _ = write!(
                s,
                "                Choice(\n                    text: \"Option {c} at {i}\",{when}\n                    acts: [AskAboutSituation],\n                    domains: [\"{domain}\"],\n                    effects: Effects(negotiation: {neg}, composure: {comp}, compliance: {compliance}),\n                    agitation: {agitation},{set}\n                    feedback: \"Feedback for option {c}.\",{citation}\n                    next: \"n{next}\",\n                ),\n",
            );
        }
        s.push_str("            ],\n        ),\n");
    }
    let outcomes = ["PromiseToPay", "PlanSetUp", "DebtorHungUp"];
    for e in 0..endings {
        let i = decisions + e;
        let _ = writeln!(
            s,
            "        Node(\n            id: \"n{i}\",\n            says: \"Goodbye.\",\n            ending: Ending(\n                outcome: {},\n                wrap_up: WrapUp(prompt: \"Result code?\", options: [\"PTP\", \"RPC\"], correct: 0),\n            ),\n        ),",
            outcomes[e % outcomes.len()]
        );
    }
    s.push_str(
        "    ],\n    rubric: Rubric(negotiation: 60.0, composure: 60.0, compliance: 80.0),\n)\n",
    );
    s
}

/// A valid question bank with `questions` questions spread over [`DOMAINS`].
pub fn question_bank(questions: usize, seed: u64) -> String {
    let mut rng = Mix(seed);
    let mut s = String::with_capacity(questions * 700);
    s.push_str("QuestionBank(\n    id: \"generated-bank\",\n    title: \"Generated bank\",\n    track: \"pcs\",\n    domains: [\n");
    for d in DOMAINS {
        let _ = writeln!(s, "        Domain(id: \"{d}\", name: \"Domain {d}\"),");
    }
    s.push_str("    ],\n    reviewed: \"2026-11-01\",\n    sources: [\"15 USC 1692\"],\n    questions: [\n");
    for q in 0..questions {
        let domain = DOMAINS[q % DOMAINS.len()];
        let (kind, options, key) = match rng.below(4) {
            0 => (
                "TrueFalse",
                String::new(),
                ["T", "F"][rng.below(2) as usize].to_string(),
            ),
            1 => (
                "Multiple",
                format!(
                    "\n            options: [\"First {q}\", \"Second {q}\", \"Third {q}\", \"Fourth {q}\"],"
                ),
                "AC".to_string(),
            ),
            _ => (
                "Single",
                format!(
                    "\n            options: [\"Alpha {q}\", \"Bravo {q}\", \"Charlie {q}\", \"Delta {q}\"],"
                ),
                ["A", "B", "C", "D"][rng.below(4) as usize].to_string(),
            ),
        };
        let _ = write!(
            s,
            "        Question(\n            id: \"g{q:05}\",\n            domain: \"{domain}\",\n            tags: [\"generated\"],\n            kind: {kind},\n            stem: \"Generated question number {q}: which statement is right?\",{options}\n            key: \"{key}\",\n            explanation: \"Because the rule says so, for question {q}.\",\n            citation: \"15 USC 1692c(b)\",\n            difficulty: Intermediate,\n        ),\n"
        );
    }
    s.push_str("    ],\n)\n");
    s
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::{CheckOptions, load_texts};

    #[test]
    fn generated_content_is_valid() {
        let sc = scenario(200, 3, 7);
        let bank = question_bank(120, 7);
        let set = load_texts(
            [("s.ron", sc.as_str()), ("b.ron", bank.as_str())],
            &CheckOptions::default(),
        );
        let problems: Vec<_> = set.diagnostics.iter().map(|d| d.header()).collect();
        assert!(problems.is_empty(), "{problems:#?}");
        assert_eq!(set.scenarios[0].item.nodes.len(), 200);
        assert_eq!(set.scenarios[0].item.nodes[0].choices.len(), 3);
        assert_eq!(set.banks[0].item.questions.len(), 120);
    }
}
