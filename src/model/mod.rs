//! The content model: plain serde types for the three RON formats (scenarios, question banks and
//! exam blueprints). No I/O and no validation here; `crate::content` loads and checks these.
//!
//! Every type denies unknown fields so that a misspelt field is reported instead of ignored.

pub mod area_codes;
pub mod blueprint;
pub mod question;
pub mod scenario;
pub mod state;

pub use blueprint::*;
pub use question::*;
pub use scenario::*;
pub use state::*;

use serde::{Deserialize, Serialize};

/// A calendar date written as `"YYYY-MM-DD"` in the files.
pub type Date = chrono::NaiveDate;

/// How hard an item or a scenario is meant to be.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Difficulty {
    /// Orientation level: one concept at a time.
    Beginner,
    /// Needs the trainee to combine rules or handle pushback.
    Intermediate,
    /// Traps, overlapping rules, hostile or evasive people.
    Advanced,
}

impl Difficulty {
    /// A short word for lists and tables.
    pub fn label(self) -> &'static str {
        match self {
            Difficulty::Beginner => "beginner",
            Difficulty::Intermediate => "intermediate",
            Difficulty::Advanced => "advanced",
        }
    }
}

/// What kind of content a file holds, taken from its top-level struct name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ContentKind {
    /// `Scenario(...)`: one branching call.
    Scenario,
    /// `QuestionBank(...)`: exam questions.
    QuestionBank,
    /// `ExamBlueprint(...)`: how to assemble a practice exam.
    ExamBlueprint,
    /// `StateRules(...)`: one state's collection law.
    StateRules,
}

impl ContentKind {
    /// Every kind, in the order the docs list them.
    pub const ALL: [ContentKind; 4] = [
        ContentKind::Scenario,
        ContentKind::QuestionBank,
        ContentKind::ExamBlueprint,
        ContentKind::StateRules,
    ];

    /// The top-level struct name that marks a file as this kind.
    pub fn struct_name(self) -> &'static str {
        match self {
            ContentKind::Scenario => "Scenario",
            ContentKind::QuestionBank => "QuestionBank",
            ContentKind::ExamBlueprint => "ExamBlueprint",
            ContentKind::StateRules => "StateRules",
        }
    }

    /// The kind named by a top-level struct name, if any.
    pub fn from_struct_name(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.struct_name() == name)
    }
}
