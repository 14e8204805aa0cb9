//! The practice-exam engine: seeded assembly from a blueprint ([`assemble`]), the session state
//! machine with its timer ([`session`]), scoring and results ([`scoring`]), the storage traits
//! and attempt records ([`store`]), spaced-repetition drills ([`drill`]), item statistics
//! ([`stats`]) and Moodle GIFT import ([`gift`]). No egui here: a UI sends [`Action`]s and reads
//! [`Event`]s and state. How exams are assembled, timed and scored is in `docs/exams.md`.
//!
//! Practice exams are modeled on a credential, never presented as it or as endorsed by its body;
//! [`rules_screen`] and the results say so.

pub mod assemble;
pub mod drill;
pub mod gift;
pub mod rng;
pub mod scoring;
pub mod session;
pub mod stats;
pub mod store;

pub use assemble::{AssembleError, AssembledExam, ExamItem, ExamPool, RecentItems, assemble};
pub use scoring::{DomainScore, ExamResult, ItemOutcome, ItemReview};
pub use session::{
    Action, Env, Event, ItemFeedback, ItemStatus, Phase, ReviewSummary, Session, SessionError,
    SessionMode, SessionState, StartOptions, SubmitReason, TimeLimit,
};
pub use store::{AttemptRecord, History, ItemResult, MemoryStore, SessionSaver, StoreError};

use crate::model::ExamBlueprint;

/// The lines a trainee reads before an attempt starts (the untimed rules screen): what the exam
/// is, what it is modeled on and that it is not that credential's exam, how it runs, and the
/// training-material notice.
pub fn rules_screen(
    bp: &ExamBlueprint,
    mode: SessionMode,
    time_limit: Option<std::time::Duration>,
) -> Vec<String> {
    let mut lines = vec![
        bp.name.clone(),
        modeled_on_notice(bp),
        format!(
            "{} questions. Pass mark {}%.",
            bp.question_count,
            scoring::format_percent(bp.pass_mark)
        ),
    ];
    lines.push(match time_limit {
        Some(t) => format!(
            "Time limit {}. The clock starts when you begin; warnings come as time runs low, and at zero the exam is submitted with what you have answered.",
            format_duration(t)
        ),
        None => "Untimed.".to_string(),
    });
    lines.push(match mode {
        SessionMode::Exam => "Exam mode: answer, change answers, flag questions and move freely; the score, the key and the explanations come after you submit.".to_string(),
        SessionMode::Practice => "Practice mode: after each answer you see whether it was right, the key, the explanation and the citation; an answered question is then locked.".to_string(),
        SessionMode::Drill => "Drill: questions you missed and questions from your weakest domains, scheduled by spaced repetition; feedback after each answer.".to_string(),
    });
    if bp.multiple_response == crate::model::MultipleResponseScoring::Partial {
        lines.push("Multiple-response questions earn partial credit.".to_string());
    } else {
        lines.push(
            "Multiple-response questions count only when exactly the right options are chosen."
                .to_string(),
        );
    }
    lines.push(crate::DISCLAIMER.to_string());
    lines
}

/// "Modeled on X (awarded by Y); not that exam and not endorsed by Y."
pub fn modeled_on_notice(bp: &ExamBlueprint) -> String {
    format!(
        "A practice exam modeled on the {} ({}). It is not that exam, and it is not endorsed by {}.",
        bp.modeled_on.name, bp.modeled_on.body, bp.modeled_on.body
    )
}

/// The line under a result: it is a practice result modeled on the credential, not a result of
/// that exam, and not endorsed by its body.
pub fn result_notice(bp: &ExamBlueprint) -> String {
    format!(
        "This is a practice result, modeled on the {}; it is not a result of that exam and is not endorsed by {}.",
        bp.modeled_on.name, bp.modeled_on.body
    )
}

/// `1h 05m 00s`, `25m 00s`, `0m 59s`: whole seconds, no wall-clock times.
pub fn format_duration(d: std::time::Duration) -> String {
    let s = d.as_secs();
    let (h, m, s) = (s / 3600, (s / 60) % 60, s % 60);
    if h > 0 {
        format!("{h}h {m:02}m {s:02}s")
    } else {
        format!("{m}m {s:02}s")
    }
}
