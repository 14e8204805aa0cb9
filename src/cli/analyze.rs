//! `rightparty analyze`: per scenario, the node and choice counts, states explored, the best
//! and worst achievable results, which endings and rules a path can reach, and the nodes no
//! path reaches. The trainer's coverage check.

use std::io::Write;
use std::path::PathBuf;

use clap::Parser;

use super::play::load_scenario;
use super::{Exit, Format};
use crate::call::explore::{Analysis, Reachable, analyze};

/// Arguments of `analyze`.
#[derive(Debug, Parser)]
pub struct AnalyzeArgs {
    /// Scenario files.
    #[arg(required = true)]
    pub files: Vec<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value = "text")]
    pub format: Format,
}

/// Runs `analyze`.
pub fn run(a: &AnalyzeArgs, out: &mut dyn Write, err: &mut dyn Write) -> Exit {
    let mut results: Vec<Analysis> = Vec::new();
    let mut code = Exit::Ok;
    for f in &a.files {
        match load_scenario(f, err) {
            Ok(c) => results.push(analyze(&c)),
            Err(e) => {
                if code == Exit::Ok || e == Exit::Usage {
                    code = e;
                }
            }
        }
    }
    match a.format {
        Format::Json => {
            let _ = serde_json::to_writer_pretty(&mut *out, &results);
            let _ = writeln!(out);
        }
        Format::Text => {
            let mut o = String::new();
            for r in &results {
                text(&mut o, r);
            }
            let _ = out.write_all(o.as_bytes());
        }
    }
    code
}

fn reach(o: &mut String, label: &str, r: &Option<Reachable>) {
    match r {
        Some(r) => o.push_str(&format!(
            "  {label}: {} - negotiation {}, composure {}, compliance {} - {}\n    path: {}\n",
            if r.passed { "pass" } else { "fail" },
            r.scores.negotiation,
            r.scores.composure,
            r.scores.compliance,
            r.outcome.label(),
            r.path.join(" ")
        )),
        None => o.push_str(&format!("  {label}: no complete call is possible\n")),
    }
}

fn text(o: &mut String, r: &Analysis) {
    o.push_str(&format!(
        "{}: {} nodes, {} choices, {} states explored{}\n",
        r.id,
        r.nodes,
        r.choices,
        r.states_explored,
        if r.exact {
            String::new()
        } else {
            format!(" (NOT EXACT: {})", r.note.as_deref().unwrap_or(""))
        }
    ));
    reach(o, "best ", &r.best);
    reach(o, "worst", &r.worst);
    o.push_str("  endings:\n");
    for e in &r.endings {
        o.push_str(&format!(
            "    {:<28} {:<16} {}\n",
            e.node,
            e.outcome.label(),
            if e.reachable {
                "reachable"
            } else {
                "NOT REACHABLE"
            }
        ));
    }
    if r.rules.is_empty() {
        o.push_str("  rules a path can break: none\n");
    } else {
        o.push_str("  rules a path can break, by pack:\n");
        for (pack, ids) in &r.rules_by_pack {
            o.push_str(&format!("    {pack}: {}\n", ids.join(", ")));
        }
    }
    for l in &r.state_law {
        o.push_str(&format!("  {l}\n"));
    }
    o.push_str(&format!(
        "  unreachable nodes: {}\n",
        if r.unreachable.is_empty() {
            "none".to_string()
        } else {
            r.unreachable.join(", ")
        }
    ));
    if r.loops {
        o.push_str("  note: some path returns to a state it was in; such loops are not repeated\n");
    }
    o.push('\n');
}
