//! The `Scenario(...)` format: one practice call with a fictional debtor, its account screen, the
//! debtor persona, the branching conversation and the scoring rubric.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::{Date, Difficulty};

mod account;
mod act;
mod message;
mod node;

pub use account::*;
pub use act::*;
pub use message::*;
pub use node::*;

/// One branching practice call.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Scenario {
    /// Unique across all scenarios, e.g. `"first-contact-verification"`.
    pub id: String,
    /// Shown on the library card.
    pub title: String,
    /// One or two sentences for the library card.
    pub summary: String,
    /// How hard the call is.
    pub difficulty: Difficulty,
    /// About how long a trainee needs.
    pub estimated_minutes: u32,
    /// Free-form tags for search and filters.
    #[serde(default)]
    pub tags: Vec<String>,
    /// Who is collecting, which decides the rule packs that apply by default.
    pub setting: Setting,
    /// Overrides the rule packs the setting chooses (see [`Setting::default_rule_packs`]).
    #[serde(default)]
    pub rule_packs: Option<Vec<RulePack>>,
    /// What the trainee should be able to do after the call.
    pub objectives: Vec<String>,
    /// When a person last checked the content against the law.
    pub reviewed: Date,
    /// Where the facts come from (statute and regulation sections, official guidance).
    pub sources: Vec<String>,
    /// What the collector sees on screen before and during the call.
    pub account: Account,
    /// The person on the other end.
    pub debtor: Persona,
    /// The fictional names of the other people who may come to the phone (a spouse, a
    /// neighbour, a receptionist), shown in transcripts instead of their role; an earlier
    /// third-party contact with a name reaches only the person of that name.
    #[serde(default)]
    pub cast: Vec<CastMember>,
    /// Flags set when the call starts (beside those implied by `account.flags_on_file`).
    #[serde(default)]
    pub initial_flags: Vec<String>,
    /// The node the call starts at.
    pub start: String,
    /// The conversation.
    pub nodes: Vec<Node>,
    /// Pass marks per axis.
    pub rubric: Rubric,
}

impl Scenario {
    /// The objectives `ending` says it meets, in the scenario's order.
    pub fn objectives_met(&self, ending: &Ending) -> Vec<&str> {
        self.objectives
            .iter()
            .enumerate()
            .filter(|(i, _)| ending.meets.contains(i))
            .map(|(_, o)| o.as_str())
            .collect()
    }

    /// The rule packs that apply: the explicit override, or the setting's defaults.
    pub fn effective_rule_packs(&self) -> Vec<RulePack> {
        match &self.rule_packs {
            Some(packs) => packs.clone(),
            None => {
                let mut packs = self.setting.default_rule_packs();
                if self.account.tax_exempt_hospital && self.setting.is_healthcare() {
                    packs.push(RulePack::FinancialAssistance);
                }
                packs
            }
        }
    }

    /// The node with this id, if any.
    pub fn node(&self, id: &str) -> Option<&Node> {
        self.nodes.iter().find(|n| n.id == id)
    }

    /// The fictional name of whoever this party is: the persona's for the account holder, the
    /// cast's for the others (none for a voicemail).
    pub fn name_of(&self, party: Party) -> Option<&str> {
        match party {
            Party::Debtor => Some(&self.debtor.name),
            Party::Voicemail(_) => None,
            p => self
                .cast
                .iter()
                .find(|c| c.party == p)
                .map(|c| c.name.as_str()),
        }
    }

    /// How transcripts name the speaker: the person's name when the scenario gives one, else
    /// their role.
    pub fn speaker_label(&self, party: Party) -> String {
        match self.name_of(party) {
            Some(name) if !name.trim().is_empty() => name.to_string(),
            _ => party.role().to_string(),
        }
    }
}

/// A named person in the call besides the account holder.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CastMember {
    /// Who they are to the account holder.
    pub party: Party,
    /// Their fictional name, e.g. `"Walt Brenner"`.
    pub name: String,
}

/// Who is collecting and from whom.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Setting {
    /// A collection agency collecting consumer debt for a creditor.
    ThirdPartyAgency,
    /// The creditor collecting its own consumer debt.
    FirstPartyCreditor,
    /// A hospital or practice billing its own patients.
    HealthcareProvider,
    /// A collection agency collecting consumer medical debt.
    MedicalDebtAgency,
    /// A business collecting a business-to-business invoice.
    CommercialB2B,
}

impl Setting {
    /// A readable name.
    pub fn label(self) -> &'static str {
        match self {
            Setting::ThirdPartyAgency => "third-party agency",
            Setting::FirstPartyCreditor => "first-party creditor",
            Setting::HealthcareProvider => "healthcare provider billing",
            Setting::MedicalDebtAgency => "agency collecting medical debt",
            Setting::CommercialB2B => "commercial B2B",
        }
    }

    /// Every setting, in the order the docs list them.
    pub const ALL: [Setting; 5] = [
        Setting::ThirdPartyAgency,
        Setting::FirstPartyCreditor,
        Setting::HealthcareProvider,
        Setting::MedicalDebtAgency,
        Setting::CommercialB2B,
    ];

    /// Whether the debt is a consumer's (every setting but commercial; 15 USC 1692a(5)).
    pub fn is_consumer(self) -> bool {
        self != Setting::CommercialB2B
    }

    /// Whether the account is a patient's (HIPAA covers it).
    pub fn is_healthcare(self) -> bool {
        matches!(
            self,
            Setting::HealthcareProvider | Setting::MedicalDebtAgency
        )
    }

    /// The word for the person who owes, in findings and the debrief: "consumer" only where
    /// the consumer-protection wording fits.
    pub fn debtor_word(self) -> &'static str {
        match self {
            Setting::ThirdPartyAgency | Setting::MedicalDebtAgency => "consumer",
            Setting::FirstPartyCreditor => "customer",
            Setting::HealthcareProvider => "patient",
            Setting::CommercialB2B => "debtor business",
        }
    }

    /// The rule packs a scenario in this setting gets unless it names its own. The bankruptcy
    /// stay, TCPA and SCRA bind every creditor; FDCPA and Regulation F bind third-party
    /// collectors of consumer debt; HIPAA applies in healthcare.
    pub fn default_rule_packs(self) -> Vec<RulePack> {
        let mut packs = Vec::new();
        if matches!(self, Setting::ThirdPartyAgency | Setting::MedicalDebtAgency) {
            packs.extend([RulePack::Fdcpa, RulePack::RegulationF]);
        }
        if matches!(
            self,
            Setting::HealthcareProvider | Setting::MedicalDebtAgency
        ) {
            packs.push(RulePack::Hipaa);
        }
        packs.extend([RulePack::BankruptcyStay, RulePack::Tcpa, RulePack::Scra]);
        packs
    }
}

/// A set of compliance rules the engine applies.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum RulePack {
    /// Fair Debt Collection Practices Act, 15 USC 1692–1692p.
    Fdcpa,
    /// Regulation F, 12 CFR part 1006.
    RegulationF,
    /// The automatic stay, 11 USC 362.
    BankruptcyStay,
    /// Telephone Consumer Protection Act, 47 USC 227.
    Tcpa,
    /// Servicemembers Civil Relief Act, 50 USC 3901 and following.
    Scra,
    /// HIPAA Privacy Rule, 45 CFR parts 160 and 164.
    Hipaa,
    /// Financial assistance at tax-exempt hospitals, 26 USC 501(r)(4)-(6) and 26 CFR
    /// 1.501(r)-6 (added by default when `account.tax_exempt_hospital` is true).
    FinancialAssistance,
    /// A state's rule file by its two-letter code, e.g. `State("CA")` for
    /// `rules/states/CA.ron` (the debtor's state's file applies without naming it).
    State(String),
}

/// The fictional person on the other end of the call.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Persona {
    /// The account holder's fictional name.
    pub name: String,
    /// Their manner at the start.
    pub temperament: Temperament,
    /// Agitation when the call starts, 0 (calm) to 10 (furious).
    pub starting_agitation: u8,
    /// What the collector does not know at the start.
    pub hidden: HiddenFacts,
}

/// How a person tends to act on the phone.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Temperament {
    /// Willing to talk things through.
    Cooperative,
    /// Careful about what they say to a stranger.
    Guarded,
    /// Angry, may swear.
    Hostile,
    /// Worried, upset, may cry.
    Distressed,
    /// Avoids answering.
    Evasive,
    /// Does not follow what the call is about.
    Confused,
}

/// Facts about the person on the line that the trainee has to find out.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HiddenFacts {
    /// Who actually answers the phone.
    pub on_the_line: Party,
    /// What they could really pay each month, in dollars.
    pub monthly_capacity: f64,
    /// The largest single payment they could make now, in dollars.
    pub lump_sum_capacity: f64,
    /// A hardship behind the delinquency, if any (job loss, illness, ...).
    #[serde(default)]
    pub hardship: Option<String>,
    /// Named true/false facts that conditions can test with `Fact("name")`.
    #[serde(default)]
    pub facts: BTreeMap<String, bool>,
}

/// Who is on the line. A spouse, the parent of a minor, a guardian, an executor or administrator
/// counts as the consumer under 15 USC 1692c(d); the others are third parties.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Party {
    /// The account holder.
    Debtor,
    /// The account holder's spouse.
    Spouse,
    /// The parent of a minor account holder.
    ParentOfMinor,
    /// A legal guardian.
    Guardian,
    /// The executor of a deceased account holder's estate.
    Executor,
    /// The administrator of a deceased account holder's estate.
    Administrator,
    /// Someone who lives with the account holder.
    Roommate,
    /// A relative who is not a spouse (adult child, sibling, parent of an adult).
    Relative,
    /// A coworker or receptionist.
    Coworker,
    /// The account holder's employer.
    Employer,
    /// A neighbour.
    Neighbor,
    /// An accounts-payable clerk or other employee of a business debtor.
    BusinessEmployee,
    /// Someone who has the number now and does not know the account holder.
    WrongNumber,
    /// A voicemail box or answering machine; its greeting says whose line it is. A recording
    /// cannot be verified, and on a shared or workplace line others may hear the message.
    Voicemail(Line),
}

impl Party {
    /// Whether HIPAA treats this person as the patient: the patient, or a personal
    /// representative (45 CFR 164.502(g): a guardian, the parent of a minor, and for a deceased
    /// patient the executor or administrator).
    pub fn counts_as_patient(self, deceased: bool) -> bool {
        match self {
            Party::Debtor | Party::Guardian | Party::ParentOfMinor => true,
            Party::Voicemail(Line::Own) => true,
            Party::Executor | Party::Administrator => deceased,
            _ => false,
        }
    }

    /// Whether the person is family or a household member, whom 45 CFR 164.510(b) lets hear
    /// what bears on their involvement in paying for the patient's care.
    pub fn is_family_or_friend(self) -> bool {
        matches!(self, Party::Spouse | Party::Relative | Party::Roommate)
    }

    /// Whether 15 USC 1692c(d) treats this person as the consumer (a voicemail in the account
    /// holder's name only is theirs; a shared or workplace one is heard by others).
    pub fn counts_as_consumer(self) -> bool {
        matches!(
            self,
            Party::Voicemail(Line::Own)
                | Party::Debtor
                | Party::Spouse
                | Party::ParentOfMinor
                | Party::Guardian
                | Party::Executor
                | Party::Administrator
        )
    }

    /// Whether a person is on the line (not a recording).
    pub fn is_live(self) -> bool {
        !matches!(self, Party::Voicemail(_))
    }

    /// A lower-case noun for the debrief's reasons ("the debt was disclosed to a third party
    /// (neighbor)").
    pub fn noun(self) -> &'static str {
        match self {
            Party::Debtor => "account holder",
            Party::Spouse => "spouse",
            Party::ParentOfMinor => "parent",
            Party::Guardian => "guardian",
            Party::Executor => "executor",
            Party::Administrator => "administrator",
            Party::Roommate => "roommate",
            Party::Relative => "relative",
            Party::Coworker => "coworker",
            Party::Employer => "employer",
            Party::Neighbor => "neighbor",
            Party::BusinessEmployee => "employee",
            Party::WrongNumber => "person at a wrong number",
            Party::Voicemail(Line::Own) => "account holder's own voicemail",
            Party::Voicemail(Line::Shared) => "voicemail on a shared line",
            Party::Voicemail(Line::Workplace) => "voicemail at a workplace",
        }
    }

    /// The role shown for the person in transcripts when the scenario does not name them.
    pub fn role(self) -> &'static str {
        match self {
            Party::Debtor => "Account holder",
            Party::Spouse => "Spouse",
            Party::ParentOfMinor => "Parent",
            Party::Guardian => "Guardian",
            Party::Executor => "Executor",
            Party::Administrator => "Administrator",
            Party::Roommate => "Roommate",
            Party::Relative => "Relative",
            Party::Coworker => "Coworker",
            Party::Employer => "Employer",
            Party::Neighbor => "Neighbor",
            Party::BusinessEmployee => "Employee",
            Party::WrongNumber => "Wrong number",
            Party::Voicemail(_) => "Voicemail",
        }
    }

    /// A small number for each party, for bit sets (below 16).
    pub fn index(self) -> u16 {
        match self {
            Party::Debtor => 0,
            Party::Spouse => 1,
            Party::ParentOfMinor => 2,
            Party::Guardian => 3,
            Party::Executor => 4,
            Party::Administrator => 5,
            Party::Roommate => 6,
            Party::Relative => 7,
            Party::Coworker => 8,
            Party::Employer => 9,
            Party::Neighbor => 10,
            Party::BusinessEmployee => 11,
            Party::WrongNumber => 12,
            Party::Voicemail(Line::Own) => 13,
            Party::Voicemail(Line::Shared) => 14,
            Party::Voicemail(Line::Workplace) => 15,
        }
    }
}
