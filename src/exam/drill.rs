//! Drills: the questions a trainee missed and the questions of their weakest domains, scheduled
//! by spaced repetition (FSRS through the light `rs-fsrs` scheduler). Each question's card is
//! rebuilt by replaying its results from the history (right = Good, wrong or unanswered =
//! Again), so no scheduler state is stored: the history of item results is the source of truth.

use std::collections::{BTreeMap, HashMap};

use chrono::{DateTime, Utc};
use rs_fsrs::{Card, FSRS, Parameters, Rating};
use serde::Serialize;

use super::assemble::{
    ASSEMBLY_VERSION, AssembleError, AssembledExam, ExamItem, drawable, exam_items,
};
use super::rng::SeededRng;
use super::store::AttemptRecord;
use crate::model::{ExamBlueprint, Question, QuestionBank};

/// Questions in a drill unless asked otherwise.
pub const DEFAULT_DRILL_SIZE: usize = 10;

/// The scheduler: FSRS with its published default weights, day-level intervals (no same-day
/// learning steps, which suit flash cards more than exam items) and no fuzz, so the same history
/// always gives the same schedule.
pub fn scheduler() -> FSRS {
    FSRS::new(Parameters {
        enable_short_term: false,
        enable_fuzz: false,
        ..Parameters::default()
    })
}

/// A question's card after replaying its results (time, right?) in time order.
pub fn card_for(results: &[(DateTime<Utc>, bool)]) -> Card {
    let fsrs = scheduler();
    let mut sorted = results.to_vec();
    sorted.sort_by_key(|r| r.0);
    let mut card = Card::default();
    for (at, right) in sorted {
        let rating = if right { Rating::Good } else { Rating::Again };
        card = fsrs.next(card, at, rating).card;
    }
    card
}

/// Why a question is in a drill.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum DrillReason {
    /// The trainee got it wrong before, and it is due again.
    Missed,
    /// It is from a weak domain and due (or never seen).
    WeakDomain {
        /// The trainee's percent in the domain.
        percent: f64,
    },
    /// The trainee asked to drill its domain and has not seen it yet.
    Requested,
}

/// One question picked for a drill.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DrillPick {
    /// Question id.
    pub question_id: String,
    /// Domain id.
    pub domain: String,
    /// Why it was picked.
    pub reason: DrillReason,
    /// When it fell due; `None` for a question never seen.
    pub due: Option<DateTime<Utc>>,
}

/// What a drill would hold now.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DrillPlan {
    /// The picks, most pressing first.
    pub picks: Vec<DrillPick>,
    /// Domains below the mark, weakest first, with the trainee's percent.
    pub weak_domains: Vec<(String, f64)>,
    /// The earliest due date among candidates not yet due (when to come back).
    pub next_due: Option<DateTime<Utc>>,
}

/// Why a drill could not be built.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DrillError {
    /// Nothing is due: no missed question and no weak domain needs practice now.
    #[error("nothing to drill now{}", next_due.map(|d| format!("; the next question falls due {}", d.format("%Y-%m-%d %H:%M UTC"))).unwrap_or_default())]
    NothingDue {
        /// When something falls due next.
        next_due: Option<DateTime<Utc>>,
    },
    /// The blueprint's banks are not all loaded.
    #[error(transparent)]
    Assemble(#[from] AssembleError),
}

/// Plans a drill for `bp`'s domains from a trainee's `attempts`: due questions they missed
/// (longest overdue first), then due questions from domains below `weak_below` percent (the
/// blueprint's pass mark by default), then unseen questions from those domains, weakest domain
/// first. At most `size` picks; `seed` orders unseen questions.
pub fn plan(
    bp: &ExamBlueprint,
    banks: &[&QuestionBank],
    attempts: &[AttemptRecord],
    now: DateTime<Utc>,
    size: usize,
    weak_below: Option<f64>,
    seed: u64,
) -> Result<DrillPlan, DrillError> {
    let questions = blueprint_questions(bp, banks)?;
    let mark = weak_below.unwrap_or(bp.pass_mark);

    // Every result per question, and per-domain totals, over the attempts.
    let mut results: HashMap<&str, Vec<(DateTime<Utc>, bool)>> = HashMap::new();
    let mut domains: BTreeMap<&str, (f64, usize)> = BTreeMap::new();
    for a in attempts {
        for it in &a.items {
            results
                .entry(it.question_id.as_str())
                .or_default()
                .push((a.finished_at, it.correct));
            if bp.domain_weights.contains_key(&it.domain) {
                let d = domains.entry(it.domain.as_str()).or_default();
                d.0 += it.score;
                d.1 += 1;
            }
        }
    }
    let mut weak: Vec<(String, f64)> = domains
        .iter()
        .filter(|(_, (_, n))| *n > 0)
        .map(|(d, (p, n))| (d.to_string(), p * 100.0 / *n as f64))
        .filter(|(_, pct)| *pct + super::scoring::PASS_EPSILON < mark)
        .collect();
    weak.sort_by(|a, b| a.1.total_cmp(&b.1).then(a.0.cmp(&b.0)));
    let weak_rank: HashMap<&str, (usize, f64)> = weak
        .iter()
        .enumerate()
        .map(|(i, (d, p))| (d.as_str(), (i, *p)))
        .collect();

    let mut missed = Vec::new();
    let mut weak_due = Vec::new();
    let mut unseen: Vec<(usize, &Question)> = Vec::new();
    let mut next_due: Option<DateTime<Utc>> = None;
    for q in questions {
        let history = results.get(q.id.as_str());
        let ever_missed = history.is_some_and(|h| h.iter().any(|r| !r.1));
        let weak_domain = weak_rank.get(q.domain.as_str()).copied();
        if !ever_missed && weak_domain.is_none() {
            continue;
        }
        let Some(history) = history else {
            if let Some((rank, _)) = weak_domain {
                unseen.push((rank, q));
            }
            continue;
        };
        let due = card_for(history).due;
        if due > now {
            next_due = Some(next_due.map_or(due, |n| n.min(due)));
            continue;
        }
        let pick = DrillPick {
            question_id: q.id.clone(),
            domain: q.domain.clone(),
            reason: match (ever_missed, weak_domain) {
                (true, _) | (false, None) => DrillReason::Missed,
                (false, Some((_, percent))) => DrillReason::WeakDomain { percent },
            },
            due: Some(due),
        };
        if ever_missed {
            missed.push(pick);
        } else {
            weak_due.push(pick);
        }
    }
    missed.sort_by(|a, b| a.due.cmp(&b.due).then(a.question_id.cmp(&b.question_id)));
    weak_due.sort_by(|a, b| a.due.cmp(&b.due).then(a.question_id.cmp(&b.question_id)));
    let mut rng = SeededRng::new(seed);
    rng.shuffle(&mut unseen);
    unseen.sort_by_key(|(rank, _)| *rank); // stable: random within a domain

    let mut picks: Vec<DrillPick> = missed.into_iter().chain(weak_due).collect();
    picks.extend(unseen.into_iter().map(|(rank, q)| DrillPick {
        question_id: q.id.clone(),
        domain: q.domain.clone(),
        reason: DrillReason::WeakDomain {
            percent: weak[rank].1,
        },
        due: None,
    }));
    picks.truncate(size);
    Ok(DrillPlan {
        picks,
        weak_domains: weak,
        next_due,
    })
}

/// A drill on one domain (the app's "drill this domain"): the general plan's picks in that
/// domain (missed and due first), then the domain's questions the trainee has never answered,
/// in a seeded order; at most `size`. Unlike [`plan`], a domain with no exam history still gets
/// questions, since its weakness may show only in calls.
pub fn plan_domain(
    bp: &ExamBlueprint,
    banks: &[&QuestionBank],
    attempts: &[AttemptRecord],
    now: DateTime<Utc>,
    domain: &str,
    size: usize,
    seed: u64,
) -> Result<DrillPlan, DrillError> {
    let questions = blueprint_questions(bp, banks)?;
    let mut plan = plan(
        bp,
        banks,
        attempts,
        now,
        questions.len(),
        Some(f64::INFINITY),
        seed,
    )?;
    plan.picks.retain(|p| p.domain == domain);
    plan.weak_domains.retain(|(d, _)| d == domain);
    let seen: std::collections::HashSet<&str> = attempts
        .iter()
        .flat_map(|a| a.items.iter().map(|i| i.question_id.as_str()))
        .collect();
    let mut fresh: Vec<&Question> = questions
        .into_iter()
        .filter(|q| q.domain == domain && !seen.contains(q.id.as_str()))
        .filter(|q| !plan.picks.iter().any(|p| p.question_id == q.id))
        .collect();
    SeededRng::new(seed).shuffle(&mut fresh);
    plan.picks.extend(fresh.into_iter().map(|q| DrillPick {
        question_id: q.id.clone(),
        domain: q.domain.clone(),
        reason: DrillReason::Requested,
        due: None,
    }));
    plan.picks.truncate(size);
    Ok(plan)
}

/// The drill as an exam to run in a session (mode drill): the planned questions in a seeded
/// order with shuffled options, under the blueprint's rules and a "Drill:" name.
pub fn assemble_drill(
    bp: &ExamBlueprint,
    banks: &[&QuestionBank],
    plan: &DrillPlan,
    seed: u64,
) -> Result<AssembledExam, DrillError> {
    if plan.picks.is_empty() {
        return Err(DrillError::NothingDue {
            next_due: plan.next_due,
        });
    }
    let questions = blueprint_questions(bp, banks)?;
    let by_id: HashMap<&str, &Question> = questions.iter().map(|q| (q.id.as_str(), *q)).collect();
    let mut picked: Vec<&Question> = plan
        .picks
        .iter()
        .filter_map(|p| by_id.get(p.question_id.as_str()).copied())
        .collect();
    let mut rng = SeededRng::new(seed);
    rng.shuffle(&mut picked);
    let items: Vec<ExamItem> = exam_items(picked, bp, &mut rng);
    let mut blueprint = bp.clone();
    blueprint.name = format!("Drill: {}", bp.name);
    blueprint.question_count = items.len() as u32;
    blueprint.time_limit_minutes = None;
    let mut domain_names = BTreeMap::new();
    for bank in banks.iter().filter(|b| bp.banks.contains(&b.id)) {
        for d in &bank.domains {
            domain_names
                .entry(d.id.clone())
                .or_insert_with(|| d.name.clone());
        }
    }
    Ok(AssembledExam {
        assembly_version: ASSEMBLY_VERSION,
        blueprint,
        domain_names,
        seed,
        items,
    })
}

/// The drawable questions of the blueprint's banks in its domains, in bank order.
fn blueprint_questions<'a>(
    bp: &ExamBlueprint,
    banks: &[&'a QuestionBank],
) -> Result<Vec<&'a Question>, AssembleError> {
    let mut out = Vec::new();
    let mut seen_banks = std::collections::HashSet::new();
    for id in &bp.banks {
        if !seen_banks.insert(id.as_str()) {
            continue;
        }
        let bank =
            banks
                .iter()
                .find(|b| &b.id == id)
                .ok_or_else(|| AssembleError::UnknownBank {
                    blueprint: bp.id.clone(),
                    bank: id.clone(),
                })?;
        out.extend(
            bank.questions
                .iter()
                .filter(|q| bp.domain_weights.contains_key(&q.domain) && drawable(q)),
        );
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(days: i64) -> DateTime<Utc> {
        DateTime::<Utc>::from_timestamp(1_767_225_600, 0).unwrap() + chrono::Duration::days(days)
    }

    #[test]
    fn a_domain_drill_without_history_draws_only_that_domain() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("question_banks");
        let set = crate::content::load_paths(&[dir], &crate::content::CheckOptions::default());
        let bp = set
            .blueprints
            .iter()
            .find(|b| b.item.id == "pcs-practice-20")
            .unwrap()
            .item
            .clone();
        let banks: Vec<&QuestionBank> = set.banks.iter().map(|b| &b.item).collect();
        // With no attempts the general plan has nothing; the domain drill has questions.
        let general = plan(&bp, &banks, &[], at(0), 10, None, 1).unwrap();
        assert!(general.picks.is_empty());
        let d = "ethics";
        let p = plan_domain(&bp, &banks, &[], at(0), d, 4, 1).unwrap();
        assert_eq!(p.picks.len(), 4);
        assert!(p.picks.iter().all(|x| x.domain == d));
        assert!(p.picks.iter().all(|x| x.reason == DrillReason::Requested));
        // The same seed draws the same questions.
        assert_eq!(p, plan_domain(&bp, &banks, &[], at(0), d, 4, 1).unwrap());
    }

    #[test]
    fn a_miss_falls_due_sooner_than_a_right_answer() {
        let missed = card_for(&[(at(0), false)]);
        let right = card_for(&[(at(0), true)]);
        assert!(missed.due > at(0));
        assert!(
            missed.due < right.due,
            "{:?} vs {:?}",
            missed.due,
            right.due
        );
        // Two right answers in a row push the next review further out than one.
        let twice = card_for(&[(at(0), true), (right.due, true)]);
        assert!(twice.due - right.due > right.due - at(0));
    }
}
