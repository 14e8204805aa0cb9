//! Progress and cohort reports over the trainee records: the read-only queries that
//! `rightparty report` and the app's progress and trainer screens share.
//!
//! A [`ProgressReport`] is one trainee's record: every attempt, best and latest scores by call
//! axis and by exam domain, pass rates, the most frequent violations, item statistics (the exam
//! engine's [`item_statistics`], each with its n), a per-attempt series for charts, the weakest
//! domains across calls and exams, and what to practice next. A [`CohortReport`] gives a row per
//! trainee of a cohort and the cohort's pooled figures.
//!
//! Calls and exams share domain ids: a scenario's choices name the domains of the question
//! banks. A call decision counts toward the domains its chosen option is tagged with, as
//! *sound* when it broke no rule and lost no points on any axis. The tags are read from the
//! current content ([`ContentIndex`]); decisions at nodes or choices the content no longer has
//! (the scenario was edited since) are left out, and so is a decision the timer made.
//!
//! Drill attempts are listed but left out of every score, rate and domain figure: a drill picks
//! what the trainee got wrong, so it would make every figure look worse than it is (the exam
//! engine's item statistics leave them out for the same reason).

use std::collections::{BTreeMap, HashMap};

use chrono::SecondsFormat;
use serde::de::IgnoredAny;
use serde::{Deserialize, Serialize};

use super::{Error, Store};
use crate::call::{Points, Scores};
use crate::content::ContentSet;
use crate::exam::session::SessionMode;
use crate::exam::stats::{DEFAULT_MIN_ATTEMPTS, ItemStats, item_statistics};
use crate::exam::{AttemptRecord, StoreError};
use crate::model::{QuestionBank, Scenario, Severity};

/// Weakest domains are judged on this many of the latest calls and of the latest exams, so
/// that old mistakes stop counting once a trainee has moved on.
pub const RECENT_WINDOW: usize = 20;

/// How many weakest domains a cohort row and the practice list name.
pub const WEAKEST_SHOWN: usize = 3;

/// The most entries in "what to practice next".
pub const PRACTICE_MAX: usize = 6;

/// How many violations a cohort report lists.
pub const COHORT_VIOLATIONS_SHOWN: usize = 10;

/// A report could not be made.
#[derive(Debug, thiserror::Error)]
pub enum ReportError {
    /// No trainee of that name is in the records.
    #[error("no trainee named {0:?} in the records")]
    NoTrainee(String),
    /// No trainee in the records belongs to that cohort.
    #[error("no trainee in the records is in cohort {0:?}")]
    NoCohort(String),
    /// The store failed.
    #[error(transparent)]
    Store(#[from] Error),
}

// ------------------------------------------------------------------------------ the content

/// What the reports need from the content: domain names, scenario titles, and the domains each
/// scenario choice is tagged with. Build it from the loaded content; an empty one still gives
/// every exam figure, but no call domains, scenario titles or scenarios to practice.
#[derive(Debug, Clone, Default)]
pub struct ContentIndex {
    domain_names: BTreeMap<String, String>,
    scenarios: BTreeMap<String, ScenarioInfo>,
}

#[derive(Debug, Clone)]
struct ScenarioInfo {
    title: String,
    /// Node id to the domains of each of its choices, in authored order.
    nodes: HashMap<String, Vec<Vec<String>>>,
    /// Domain id to how many choices are tagged with it.
    domains: BTreeMap<String, usize>,
}

impl ContentIndex {
    /// An index of these scenarios and banks.
    pub fn new<'a>(
        scenarios: impl IntoIterator<Item = &'a Scenario>,
        banks: impl IntoIterator<Item = &'a QuestionBank>,
    ) -> Self {
        let mut index = ContentIndex::default();
        for bank in banks {
            for d in &bank.domains {
                index
                    .domain_names
                    .entry(d.id.clone())
                    .or_insert_with(|| d.name.clone());
            }
        }
        for s in scenarios {
            let mut domains: BTreeMap<String, usize> = BTreeMap::new();
            let nodes = s
                .nodes
                .iter()
                .map(|n| {
                    let choices = n
                        .choices
                        .iter()
                        .map(|c| {
                            for d in &c.domains {
                                *domains.entry(d.clone()).or_default() += 1;
                            }
                            c.domains.clone()
                        })
                        .collect();
                    (n.id.clone(), choices)
                })
                .collect();
            index.scenarios.insert(
                s.id.clone(),
                ScenarioInfo {
                    title: s.title.clone(),
                    nodes,
                    domains,
                },
            );
        }
        index
    }

    /// An index of the usable scenarios and banks of a loaded content set.
    pub fn from_content(set: &ContentSet) -> Self {
        ContentIndex::new(
            set.scenarios.iter().filter(|s| s.usable()).map(|s| &s.item),
            set.banks.iter().filter(|b| b.usable()).map(|b| &b.item),
        )
    }

    /// A domain's readable name, if a bank names it.
    pub fn domain_name(&self, id: &str) -> Option<&str> {
        self.domain_names.get(id).map(String::as_str)
    }

    /// A scenario's title, if the content has it.
    pub fn scenario_title(&self, id: &str) -> Option<&str> {
        self.scenarios.get(id).map(|s| s.title.as_str())
    }

    fn choice_domains(&self, scenario: &str, node: &str, choice: usize) -> &[String] {
        self.scenarios
            .get(scenario)
            .and_then(|s| s.nodes.get(node))
            .and_then(|choices| choices.get(choice))
            .map_or(&[], Vec::as_slice)
    }
}

// --------------------------------------------------------------------------- the results

/// One trainee's progress: everything the progress screen and `report --trainee` show.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ProgressReport {
    /// The trainee.
    pub trainee: String,
    /// Their cohort, if any.
    pub cohort: Option<String>,
    /// Every attempt (drills included), in the order recorded.
    pub attempts: Vec<AttemptSummary>,
    /// Calls: pass rate, axes and scenarios.
    pub calls: CallSummary,
    /// Exams and practice exams (not drills): pass rate, scores and domains.
    pub exams: ExamSummary,
    /// Violations on the trainee's calls, most frequent first.
    pub violations: Vec<ViolationCount>,
    /// Item statistics over the trainee's exam and practice attempts, each with its n.
    pub items: Vec<ItemStats>,
    /// Each call's axes, in order (for charts).
    pub call_series: Vec<CallPoint>,
    /// Each exam's score and domain scores, in order (for charts).
    pub exam_series: Vec<ExamPoint>,
    /// Every domain across calls and exams, weakest first; domains with no evidence last.
    pub domains: Vec<DomainStanding>,
    /// What to practice next, most useful first.
    pub practice: Vec<Practice>,
}

impl ProgressReport {
    /// Whether the trainee has no attempts at all.
    pub fn is_empty(&self) -> bool {
        self.attempts.is_empty()
    }

    /// The weakest domains with evidence, weakest first (at most [`WEAKEST_SHOWN`]).
    pub fn weakest(&self) -> impl Iterator<Item = &DomainStanding> {
        self.domains
            .iter()
            .filter(|d| d.n() > 0)
            .take(WEAKEST_SHOWN)
    }
}

/// A call or an exam.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum AttemptKind {
    /// A practice call.
    Call,
    /// An exam, practice exam or drill.
    Exam,
}

/// One attempt in a report.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AttemptSummary {
    /// Position in the attempt chain (the order recorded).
    pub seq: i64,
    /// Call or exam.
    pub kind: AttemptKind,
    /// The scenario or blueprint id.
    pub what: String,
    /// The scenario's title or the blueprint's name (the id when the content lacks it).
    pub title: String,
    /// For exams: exam, practice or drill.
    pub mode: Option<SessionMode>,
    /// When it was recorded (RFC 3339).
    pub finished_at: String,
    /// Whether it passed.
    pub passed: bool,
    /// For exams: percent correct.
    pub percent: Option<f64>,
    /// For calls: the three axes.
    pub scores: Option<Scores>,
    /// For calls: how the call ended.
    pub outcome: Option<String>,
    /// For calls: violations found.
    pub violations: usize,
}

/// How many attempts passed.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
pub struct PassRate {
    /// Attempts counted.
    pub attempts: usize,
    /// Attempts that passed.
    pub passed: usize,
    /// `passed` as a percentage of `attempts`; `None` with no attempts.
    pub percent: Option<f64>,
}

/// "3 of 4 passed (75%)", or "none yet" with no attempts (the CLI and the progress screen).
impl std::fmt::Display for PassRate {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.percent {
            Some(pct) => write!(
                f,
                "{} of {} passed ({}%)",
                self.passed,
                self.attempts,
                crate::exam::scoring::format_percent(pct)
            ),
            None => f.write_str("none yet"),
        }
    }
}

impl PassRate {
    fn add(&mut self, passed: bool) {
        self.attempts += 1;
        self.passed += usize::from(passed);
        self.percent = Some(self.passed as f64 * 100.0 / self.attempts as f64);
    }

    fn merge(&mut self, o: PassRate) {
        self.attempts += o.attempts;
        self.passed += o.passed;
        self.percent =
            (self.attempts > 0).then(|| self.passed as f64 * 100.0 / self.attempts as f64);
    }
}

/// A call scoring axis.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Axis {
    /// Reaching a payment the debtor can keep.
    Negotiation,
    /// Staying calm and professional.
    Composure,
    /// Following the law.
    Compliance,
}

impl Axis {
    /// The three axes in display order.
    pub const ALL: [Axis; 3] = [Axis::Negotiation, Axis::Composure, Axis::Compliance];

    /// A readable name.
    pub fn label(self) -> &'static str {
        match self {
            Axis::Negotiation => "negotiation",
            Axis::Composure => "composure",
            Axis::Compliance => "compliance",
        }
    }

    /// This axis of some scores.
    pub fn of(self, s: &Scores) -> u32 {
        match self {
            Axis::Negotiation => s.negotiation,
            Axis::Composure => s.composure,
            Axis::Compliance => s.compliance,
        }
    }
}

/// One axis over a trainee's calls.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AxisSummary {
    /// The axis.
    pub axis: Axis,
    /// The best score, 0 to 100.
    pub best: u32,
    /// The latest call's score.
    pub latest: u32,
    /// The mean.
    pub mean: f64,
    /// Calls counted.
    pub n: usize,
}

/// A trainee's calls.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct CallSummary {
    /// How many calls passed (every axis at its pass mark and no critical violation).
    pub pass_rate: PassRate,
    /// Each axis (empty with no calls).
    pub axes: Vec<AxisSummary>,
    /// Each scenario played, by id.
    pub scenarios: Vec<ScenarioSummary>,
}

/// A trainee's attempts at one scenario.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ScenarioSummary {
    /// Scenario id.
    pub id: String,
    /// Its title (the id when the content lacks it).
    pub title: String,
    /// How many of its calls passed.
    pub pass_rate: PassRate,
    /// The best call's axes (the highest total, the earliest on a tie).
    pub best: Scores,
    /// The latest call's axes.
    pub latest: Scores,
    /// Whether the latest call passed.
    pub latest_passed: bool,
}

/// A trainee's exams and practice exams (drills left out).
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct ExamSummary {
    /// How many passed.
    pub pass_rate: PassRate,
    /// The best percent.
    pub best_percent: Option<f64>,
    /// The latest percent.
    pub latest_percent: Option<f64>,
    /// Each exam domain, by id.
    pub domains: Vec<ExamDomainSummary>,
}

/// One exam domain over a trainee's exams.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ExamDomainSummary {
    /// Domain id.
    pub id: String,
    /// Readable name.
    pub name: String,
    /// Best percent.
    pub best: f64,
    /// Latest percent.
    pub latest: f64,
    /// Mean percent.
    pub mean: f64,
    /// Exams that had items in it.
    pub n: usize,
}

/// A rule broken on calls.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ViolationCount {
    /// Rule id.
    pub rule: String,
    /// The citation.
    pub citation: String,
    /// The most serious severity seen.
    pub severity: Severity,
    /// How many times.
    pub count: usize,
    /// On how many calls.
    pub calls: usize,
}

/// One call, for charts.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CallPoint {
    /// The call's number among the trainee's calls, from 1.
    pub attempt: usize,
    /// Position in the attempt chain.
    pub seq: i64,
    /// When.
    pub finished_at: String,
    /// Scenario id.
    pub scenario: String,
    /// The axes.
    pub scores: Scores,
    /// Whether it passed.
    pub passed: bool,
}

/// One exam, for charts.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ExamPoint {
    /// The exam's number among the trainee's exams (drills left out), from 1.
    pub attempt: usize,
    /// Position in the attempt chain.
    pub seq: i64,
    /// When.
    pub finished_at: String,
    /// Blueprint id.
    pub blueprint: String,
    /// Percent correct.
    pub percent: f64,
    /// Whether it passed.
    pub passed: bool,
    /// Percent correct by domain id.
    pub domains: BTreeMap<String, f64>,
}

/// One domain across calls and exams.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DomainStanding {
    /// Domain id.
    pub id: String,
    /// Readable name.
    pub name: String,
    /// Exam points and call decisions judged sound, as a percentage of exam items and call
    /// decisions; `None` with no evidence.
    pub percent: Option<f64>,
    /// Exam points scored in it (partial credit gives fractions).
    pub exam_points: f64,
    /// Exam items in it.
    pub exam_items: usize,
    /// Call decisions in it judged sound.
    pub call_sound: usize,
    /// Call decisions in it.
    pub call_decisions: usize,
}

impl DomainStanding {
    /// The evidence behind `percent`: exam items plus call decisions.
    pub fn n(&self) -> usize {
        self.exam_items + self.call_decisions
    }
}

/// Something to practice.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Practice {
    /// Play this scenario.
    Scenario {
        /// Scenario id.
        id: String,
        /// Its title.
        title: String,
        /// Why.
        reason: String,
    },
    /// Drill this exam domain.
    Domain {
        /// Domain id.
        id: String,
        /// Readable name.
        name: String,
        /// Why.
        reason: String,
    },
}

/// A cohort: a row per trainee and the pooled figures.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CohortReport {
    /// The cohort's name; `None` for every trainee in the records.
    pub cohort: Option<String>,
    /// A row per trainee, by name.
    pub trainees: Vec<CohortRow>,
    /// Every trainee's calls.
    pub calls: PassRate,
    /// Every trainee's exams (drills left out).
    pub exams: PassRate,
    /// Mean of each axis over every call.
    pub axes: Vec<AxisMean>,
    /// Every domain, pooled over the trainees' recent attempts, weakest first.
    pub domains: Vec<DomainStanding>,
    /// The most frequent violations (at most [`COHORT_VIOLATIONS_SHOWN`]).
    pub violations: Vec<ViolationCount>,
    /// Item statistics over every trainee's exam and practice attempts, each with its n.
    pub items: Vec<ItemStats>,
}

/// One trainee in a cohort report.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CohortRow {
    /// The trainee.
    pub trainee: String,
    /// Attempts of any kind.
    pub attempts: usize,
    /// Calls.
    pub calls: PassRate,
    /// Exams (drills left out).
    pub exams: PassRate,
    /// The best exam percent.
    pub best_exam_percent: Option<f64>,
    /// The latest exam percent.
    pub latest_exam_percent: Option<f64>,
    /// The weakest domains with evidence (at most [`WEAKEST_SHOWN`]).
    pub weakest: Vec<DomainStanding>,
    /// When the latest attempt was recorded.
    pub last_activity: Option<String>,
}

/// The mean of one axis.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AxisMean {
    /// The axis.
    pub axis: Axis,
    /// Mean score.
    pub mean: f64,
    /// Calls counted.
    pub n: usize,
}

// ------------------------------------------------------------------------------ the queries

/// A trainee's calls, and the chain positions and records of their exams.
type AttemptsRead = (Vec<CallRead>, Vec<i64>, Vec<AttemptRecord>);

/// A call row as read, before its JSON is looked at.
struct CallRead {
    seq: i64,
    scenario: String,
    scores: Scores,
    passed: bool,
    outcome: String,
    finished_at: String,
    json: String,
}

/// The parts of a stored call result the reports read (serde skips the rest).
#[derive(Deserialize)]
struct CallDetail {
    #[serde(default)]
    violations: Vec<ViolationSeen>,
    #[serde(default)]
    decisions: Vec<DecisionSeen>,
}

#[derive(Deserialize)]
struct ViolationSeen {
    rule: String,
    severity: Severity,
    citation: String,
}

#[derive(Deserialize)]
struct DecisionSeen {
    node: String,
    chosen: Option<usize>,
    points: Points,
    #[serde(default)]
    violations: Vec<IgnoredAny>,
}

impl Store {
    /// One trainee's progress report. The trainee must be in the records (a trainee with no
    /// attempts gets an empty report).
    pub fn progress(
        &self,
        trainee: &str,
        index: &ContentIndex,
    ) -> Result<ProgressReport, ReportError> {
        let t = self
            .find_trainee(trainee)?
            .ok_or_else(|| ReportError::NoTrainee(trainee.to_string()))?;
        let (calls, seqs, exams) = self.read_attempts(t.id)?;
        build_progress(&t.name, t.cohort, calls, &seqs, &exams, index)
            .map_err(|e| self.json()(e).into())
    }

    /// The names of the cohorts in the records, sorted.
    pub fn cohorts(&self) -> Result<Vec<String>, Error> {
        let conn = self.lock()?;
        let mut stmt = conn
            .prepare("SELECT DISTINCT cohort FROM trainees WHERE cohort IS NOT NULL ORDER BY 1")
            .map_err(self.sql())?;
        stmt.query_map([], |r| r.get(0))
            .map_err(self.sql())?
            .collect::<Result<_, _>>()
            .map_err(self.sql())
    }

    /// A cohort's report, or with `None` a report over every trainee in the records.
    pub fn cohort_report(
        &self,
        cohort: Option<&str>,
        index: &ContentIndex,
    ) -> Result<CohortReport, ReportError> {
        let members: Vec<(i64, String, Option<String>)> = {
            let conn = self.lock()?;
            let mut stmt = conn
                .prepare(
                    "SELECT id, name, cohort FROM trainees
                     WHERE ?1 IS NULL OR cohort = ?1 ORDER BY name",
                )
                .map_err(self.sql())?;
            stmt.query_map([cohort], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
                .map_err(self.sql())?
                .collect::<Result<_, _>>()
                .map_err(self.sql())?
        };
        if let (Some(name), true) = (cohort, members.is_empty()) {
            return Err(ReportError::NoCohort(name.to_string()));
        }
        let mut report = CohortReport {
            cohort: cohort.map(str::to_string),
            trainees: Vec::with_capacity(members.len()),
            calls: PassRate::default(),
            exams: PassRate::default(),
            axes: Vec::new(),
            domains: Vec::new(),
            violations: Vec::new(),
            items: Vec::new(),
        };
        let mut axis_sums = [0u64; 3];
        let mut domains: BTreeMap<String, DomainStanding> = BTreeMap::new();
        let mut violations: BTreeMap<String, ViolationCount> = BTreeMap::new();
        let mut all_exams: Vec<AttemptRecord> = Vec::new();
        for (id, name, cohort) in members {
            // The lock is taken per trainee, so the app's saves are never held up for long.
            let (calls, seqs, exams) = self.read_attempts(id)?;
            let p = build_progress(&name, cohort, calls, &seqs, &exams, index)
                .map_err(|e| ReportError::from(self.json()(e)))?;
            report.calls.merge(p.calls.pass_rate);
            report.exams.merge(p.exams.pass_rate);
            for c in &p.call_series {
                for (sum, axis) in axis_sums.iter_mut().zip(Axis::ALL) {
                    *sum += u64::from(axis.of(&c.scores));
                }
            }
            for d in &p.domains {
                let e = domains
                    .entry(d.id.clone())
                    .or_insert_with(|| DomainStanding {
                        exam_points: 0.0,
                        exam_items: 0,
                        call_sound: 0,
                        call_decisions: 0,
                        ..d.clone()
                    });
                e.exam_points += d.exam_points;
                e.exam_items += d.exam_items;
                e.call_sound += d.call_sound;
                e.call_decisions += d.call_decisions;
            }
            for v in &p.violations {
                let e = violations
                    .entry(v.rule.clone())
                    .or_insert_with(|| ViolationCount {
                        count: 0,
                        calls: 0,
                        ..v.clone()
                    });
                e.count += v.count;
                e.calls += v.calls;
                e.severity = e.severity.max(v.severity);
            }
            all_exams.extend(exams);
            report.trainees.push(CohortRow {
                trainee: p.trainee.clone(),
                attempts: p.attempts.len(),
                calls: p.calls.pass_rate,
                exams: p.exams.pass_rate,
                best_exam_percent: p.exams.best_percent,
                latest_exam_percent: p.exams.latest_percent,
                weakest: p.weakest().cloned().collect(),
                last_activity: p.attempts.last().map(|a| a.finished_at.clone()),
            });
        }
        let n = report.calls.attempts;
        if n > 0 {
            report.axes = Axis::ALL
                .iter()
                .zip(axis_sums)
                .map(|(&axis, sum)| AxisMean {
                    axis,
                    mean: sum as f64 / n as f64,
                    n,
                })
                .collect();
        }
        report.domains = domains
            .into_values()
            .map(|mut d| {
                d.percent = standing_percent(&d);
                d
            })
            .collect();
        sort_weakest_first(&mut report.domains);
        report.violations = sorted_violations(violations);
        report.violations.truncate(COHORT_VIOLATIONS_SHOWN);
        // Drills are left out by the exam engine's function itself.
        report.items = item_statistics(&all_exams, DEFAULT_MIN_ATTEMPTS);
        Ok(report)
    }

    /// A trainee's calls and exams (the latest revision of each exam, at its first position in
    /// the chain), in chain order. The rows are read under the lock and parsed after it.
    fn read_attempts(&self, trainee_id: i64) -> Result<AttemptsRead, Error> {
        let (calls, exam_texts) = {
            let conn = self.lock()?;
            let mut stmt = conn
                .prepare_cached(
                    "SELECT seq, scenario_id, negotiation, composure, compliance, passed, outcome,
                            finished_at, json
                     FROM call_attempts WHERE trainee_id = ?1",
                )
                .map_err(self.sql())?;
            // No ORDER BY: SQLite would copy every row, JSON and all, through a temporary
            // b-tree to sort it (ten times slower on 500 calls); sorting here is cheap.
            let mut calls: Vec<CallRead> = stmt
                .query_map([trainee_id], |r| {
                    Ok(CallRead {
                        seq: r.get(0)?,
                        scenario: r.get(1)?,
                        scores: Scores {
                            negotiation: r.get(2)?,
                            composure: r.get(3)?,
                            compliance: r.get(4)?,
                        },
                        passed: r.get(5)?,
                        outcome: r.get(6)?,
                        finished_at: r.get(7)?,
                        json: r.get(8)?,
                    })
                })
                .map_err(self.sql())?
                .collect::<Result<_, _>>()
                .map_err(self.sql())?;
            let mut stmt = conn
                .prepare_cached(
                    "SELECT seq, attempt_id, json FROM exam_attempts WHERE trainee_id = ?1",
                )
                .map_err(self.sql())?;
            let mut exams: Vec<(i64, String, String)> = stmt
                .query_map([trainee_id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
                .map_err(self.sql())?
                .collect::<Result<_, _>>()
                .map_err(self.sql())?;
            drop(stmt);
            calls.sort_by_key(|c| c.seq);
            exams.sort_by_key(|e| e.0);
            (calls, exams)
        };
        // A revision replaces the earlier record but keeps its place.
        let mut order: Vec<(i64, String)> = Vec::new();
        let mut latest: HashMap<String, String> = HashMap::new();
        for (seq, id, json) in exam_texts {
            if latest.insert(id.clone(), json).is_none() {
                order.push((seq, id));
            }
        }
        let seqs = order.iter().map(|(seq, _)| *seq).collect();
        let exams = order
            .iter()
            .map(|(_, id)| AttemptRecord::from_json(&latest[id]))
            .collect::<Result<Vec<_>, StoreError>>()?;
        Ok((calls, seqs, exams))
    }
}

// ------------------------------------------------------------------------- the arithmetic

#[derive(Default)]
struct DomainTally {
    exam_points: f64,
    exam_items: usize,
    call_sound: usize,
    call_decisions: usize,
}

fn build_progress(
    trainee: &str,
    cohort: Option<String>,
    calls: Vec<CallRead>,
    exam_seqs: &[i64],
    exams: &[AttemptRecord],
    index: &ContentIndex,
) -> Result<ProgressReport, serde_json::Error> {
    let mut attempts: Vec<AttemptSummary> = Vec::with_capacity(calls.len() + exams.len());
    let mut call_summary = CallSummary::default();
    let mut call_series: Vec<CallPoint> = Vec::with_capacity(calls.len());
    let mut violations: BTreeMap<String, ViolationCount> = BTreeMap::new();
    let mut tallies: BTreeMap<String, DomainTally> = BTreeMap::new();
    let mut scenarios: BTreeMap<String, ScenarioSummary> = BTreeMap::new();
    let recent_calls_from = calls.len().saturating_sub(RECENT_WINDOW);

    for (i, c) in calls.into_iter().enumerate() {
        let detail: CallDetail = serde_json::from_str(&c.json)?;
        let title = index
            .scenario_title(&c.scenario)
            .unwrap_or(&c.scenario)
            .to_string();
        let mut seen_here: Vec<&str> = Vec::new();
        for v in &detail.violations {
            let e = violations
                .entry(v.rule.clone())
                .or_insert_with(|| ViolationCount {
                    rule: v.rule.clone(),
                    citation: v.citation.clone(),
                    severity: v.severity,
                    count: 0,
                    calls: 0,
                });
            e.count += 1;
            e.severity = e.severity.max(v.severity);
            if !seen_here.contains(&v.rule.as_str()) {
                seen_here.push(&v.rule);
                e.calls += 1;
            }
        }
        if i >= recent_calls_from {
            for d in &detail.decisions {
                let Some(chosen) = d.chosen else { continue };
                let sound = d.violations.is_empty()
                    && d.points.negotiation >= 0
                    && d.points.composure >= 0
                    && d.points.compliance >= 0;
                for domain in index.choice_domains(&c.scenario, &d.node, chosen) {
                    let t = tallies.entry(domain.clone()).or_default();
                    t.call_decisions += 1;
                    t.call_sound += usize::from(sound);
                }
            }
        }
        call_summary.pass_rate.add(c.passed);
        scenarios
            .entry(c.scenario.clone())
            .and_modify(|s| {
                s.pass_rate.add(c.passed);
                if c.scores.total() > s.best.total() {
                    s.best = c.scores;
                }
                s.latest = c.scores;
                s.latest_passed = c.passed;
            })
            .or_insert_with(|| {
                let mut pass_rate = PassRate::default();
                pass_rate.add(c.passed);
                ScenarioSummary {
                    id: c.scenario.clone(),
                    title: title.clone(),
                    pass_rate,
                    best: c.scores,
                    latest: c.scores,
                    latest_passed: c.passed,
                }
            });
        call_series.push(CallPoint {
            attempt: call_series.len() + 1,
            seq: c.seq,
            finished_at: c.finished_at.clone(),
            scenario: c.scenario.clone(),
            scores: c.scores,
            passed: c.passed,
        });
        attempts.push(AttemptSummary {
            seq: c.seq,
            kind: AttemptKind::Call,
            what: c.scenario,
            title,
            mode: None,
            finished_at: c.finished_at,
            passed: c.passed,
            percent: None,
            scores: Some(c.scores),
            outcome: Some(c.outcome),
            violations: detail.violations.len(),
        });
    }
    if let Some(last) = call_series.last() {
        let n = call_series.len();
        call_summary.axes = Axis::ALL
            .iter()
            .map(|&axis| AxisSummary {
                axis,
                best: call_series
                    .iter()
                    .map(|c| axis.of(&c.scores))
                    .max()
                    .unwrap_or(0),
                latest: axis.of(&last.scores),
                mean: call_series
                    .iter()
                    .map(|c| f64::from(axis.of(&c.scores)))
                    .sum::<f64>()
                    / n as f64,
                n,
            })
            .collect();
    }
    call_summary.scenarios = scenarios.into_values().collect();

    // Exams.
    let mut exam_summary = ExamSummary::default();
    let mut exam_series: Vec<ExamPoint> = Vec::new();
    let mut exam_domains: BTreeMap<String, (String, Vec<f64>)> = BTreeMap::new();
    let n_scored = exams
        .iter()
        .filter(|a| a.mode != SessionMode::Drill)
        .count();
    let recent_exams_from = n_scored.saturating_sub(RECENT_WINDOW);
    for (seq, a) in exam_seqs.iter().zip(exams) {
        let finished_at = a.finished_at.to_rfc3339_opts(SecondsFormat::Millis, true);
        attempts.push(AttemptSummary {
            seq: *seq,
            kind: AttemptKind::Exam,
            what: a.blueprint_id.clone(),
            title: a.blueprint_name.clone(),
            mode: Some(a.mode),
            finished_at: finished_at.clone(),
            passed: a.passed,
            percent: Some(a.score_percent),
            scores: None,
            outcome: None,
            violations: 0,
        });
        if a.mode == SessionMode::Drill {
            continue;
        }
        exam_summary.pass_rate.add(a.passed);
        exam_summary.best_percent = Some(
            exam_summary
                .best_percent
                .map_or(a.score_percent, |b| b.max(a.score_percent)),
        );
        exam_summary.latest_percent = Some(a.score_percent);
        for d in &a.domains {
            exam_domains
                .entry(d.id.clone())
                .or_insert_with(|| (d.name.clone(), Vec::new()))
                .1
                .push(d.percent);
        }
        if exam_series.len() >= recent_exams_from {
            for it in &a.items {
                let t = tallies.entry(it.domain.clone()).or_default();
                t.exam_points += it.score;
                t.exam_items += 1;
            }
        }
        exam_series.push(ExamPoint {
            attempt: exam_series.len() + 1,
            seq: *seq,
            finished_at,
            blueprint: a.blueprint_id.clone(),
            percent: a.score_percent,
            passed: a.passed,
            domains: a
                .domains
                .iter()
                .map(|d| (d.id.clone(), d.percent))
                .collect(),
        });
    }
    exam_summary.domains = exam_domains
        .into_iter()
        .map(|(id, (name, percents))| ExamDomainSummary {
            name: index.domain_name(&id).map_or(name, str::to_string),
            best: percents.iter().copied().fold(f64::MIN, f64::max),
            latest: *percents.last().unwrap_or(&0.0),
            mean: percents.iter().sum::<f64>() / percents.len() as f64,
            n: percents.len(),
            id,
        })
        .collect();
    attempts.sort_by_key(|a| a.seq);

    // Domains across both, with every domain the content knows (no evidence: last).
    for id in index.domain_names.keys() {
        tallies.entry(id.clone()).or_default();
    }
    let mut domains: Vec<DomainStanding> = tallies
        .into_iter()
        .map(|(id, t)| {
            let mut d = DomainStanding {
                name: index.domain_name(&id).unwrap_or(&id).to_string(),
                id,
                percent: None,
                exam_points: t.exam_points,
                exam_items: t.exam_items,
                call_sound: t.call_sound,
                call_decisions: t.call_decisions,
            };
            d.percent = standing_percent(&d);
            d
        })
        .collect();
    sort_weakest_first(&mut domains);
    let practice = practice_next(&domains, &call_summary.scenarios, index);

    Ok(ProgressReport {
        trainee: trainee.to_string(),
        cohort,
        attempts,
        calls: call_summary,
        exams: exam_summary,
        violations: sorted_violations(violations),
        items: item_statistics(exams, DEFAULT_MIN_ATTEMPTS),
        call_series,
        exam_series,
        domains,
        practice,
    })
}

fn standing_percent(d: &DomainStanding) -> Option<f64> {
    let n = d.n();
    (n > 0).then(|| (d.exam_points + d.call_sound as f64) * 100.0 / n as f64)
}

/// Weakest first; with equal percentages the one with more evidence first; domains with no
/// evidence last, by id.
fn sort_weakest_first(domains: &mut [DomainStanding]) {
    domains.sort_by(|a, b| match (a.percent, b.percent) {
        (Some(x), Some(y)) => x
            .total_cmp(&y)
            .then(b.n().cmp(&a.n()))
            .then(a.id.cmp(&b.id)),
        (Some(_), None) => std::cmp::Ordering::Less,
        (None, Some(_)) => std::cmp::Ordering::Greater,
        (None, None) => a.id.cmp(&b.id),
    });
}

fn sorted_violations(v: BTreeMap<String, ViolationCount>) -> Vec<ViolationCount> {
    let mut v: Vec<ViolationCount> = v.into_values().collect();
    v.sort_by(|a, b| b.count.cmp(&a.count).then(a.rule.cmp(&b.rule)));
    v
}

/// What to practice next: for each of the weakest domains, a drill of it and the scenario that
/// exercises it most (not yet passed on its latest call first); then scenarios never played;
/// then domains with no evidence yet.
fn practice_next(
    domains: &[DomainStanding],
    played: &[ScenarioSummary],
    index: &ContentIndex,
) -> Vec<Practice> {
    let mut out: Vec<Practice> = Vec::new();
    let scenario_named = |out: &mut Vec<Practice>, id: &str, reason: String| {
        let already = out
            .iter()
            .any(|p| matches!(p, Practice::Scenario { id: x, .. } if x == id));
        if !already {
            out.push(Practice::Scenario {
                id: id.to_string(),
                title: index.scenario_title(id).unwrap_or(id).to_string(),
                reason,
            });
        }
    };
    let latest_passed = |id: &str| {
        played
            .iter()
            .find(|s| s.id == id)
            .is_some_and(|s| s.latest_passed)
    };
    for d in domains
        .iter()
        .filter(|d| d.percent.is_some_and(|p| p < 100.0))
        .take(WEAKEST_SHOWN)
    {
        let pct = d.percent.unwrap_or_default();
        out.push(Practice::Domain {
            id: d.id.clone(),
            name: d.name.clone(),
            reason: format!(
                "one of your weakest domains: {pct:.0}% over {} exam item(s) and {} call \
                 decision(s)",
                d.exam_items, d.call_decisions
            ),
        });
        // The scenario with the most choices in this domain, preferring one not passed lately.
        let best = index
            .scenarios
            .iter()
            .filter_map(|(id, s)| s.domains.get(&d.id).map(|&k| (id, k)))
            .max_by(|(a_id, a_k), (b_id, b_k)| {
                (!latest_passed(a_id), a_k, std::cmp::Reverse(*a_id)).cmp(&(
                    !latest_passed(b_id),
                    b_k,
                    std::cmp::Reverse(*b_id),
                ))
            });
        if let Some((id, _)) = best {
            scenario_named(&mut out, id, format!("practices {} on a call", d.name));
        }
    }
    for id in index.scenarios.keys() {
        if !played.iter().any(|s| &s.id == id) {
            scenario_named(&mut out, id, "not played yet".to_string());
        }
    }
    for d in domains.iter().filter(|d| d.n() == 0) {
        out.push(Practice::Domain {
            id: d.id.clone(),
            name: d.name.clone(),
            reason: "no exam items or call decisions in it yet".to_string(),
        });
    }
    out.truncate(PRACTICE_MAX);
    out
}
