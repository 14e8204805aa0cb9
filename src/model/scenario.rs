//! The `Scenario(...)` format: one practice call with a fictional debtor, its account screen, the
//! debtor persona, the branching conversation and the scoring rubric.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::{Date, Difficulty};

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

/// The account screen a collector sees.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Account {
    /// The creditor the debt is owed to now.
    pub creditor: String,
    /// The creditor the debt started with, if it was sold or placed.
    #[serde(default)]
    pub original_creditor: Option<String>,
    /// A fictional account number.
    pub account_number: String,
    /// The balance, itemised.
    pub balance: Balance,
    /// The last payment on the account, if any.
    #[serde(default)]
    pub last_payment: Option<Payment>,
    /// Days past due.
    pub days_delinquent: u32,
    /// Two-letter state of the debtor's address, e.g. `"OH"`.
    pub debtor_state: String,
    /// Time zone of the debtor's address.
    pub address_time_zone: TimeZone,
    /// Time zone of the phone number's area code (may differ from the address).
    pub phone_time_zone: TimeZone,
    /// Date and local time of the call at the debtor's address, `"YYYY-MM-DDTHH:MM"` (seconds
    /// may be added: `"YYYY-MM-DDTHH:MM:SS"`).
    #[serde(deserialize_with = "local_date_time")]
    pub call_local_time: chrono::NaiveDateTime,
    /// Notes from earlier contacts, oldest first.
    #[serde(default)]
    pub prior_notes: Vec<String>,
    /// What is on file before the call.
    #[serde(default)]
    pub flags_on_file: Vec<FileFlag>,
    /// Whether this call is the collector's initial communication with the consumer (the full
    /// debt-collector disclosure is due; later calls need only the short form).
    #[serde(default = "yes")]
    pub initial_communication: bool,
    /// Whether the creditor has authorized, and the collector intends, legal action; a threat of
    /// suit is false when it has not (15 USC 1692e(5)).
    #[serde(default)]
    pub legal_action_intended: bool,
    /// Whether the statute of limitations has run (12 CFR 1006.26(b) bars suits and threats).
    #[serde(default)]
    pub time_barred: bool,
    /// Whether the provider is a tax-exempt hospital bound by 26 USC 501(r) (adds the
    /// `FinancialAssistance` pack in healthcare settings).
    #[serde(default)]
    pub tax_exempt_hospital: bool,
    /// The account's annual interest rate in percent, where it bears interest (the SCRA cap
    /// is 6%, 50 USC 3937(a)(1)).
    #[serde(default)]
    pub annual_interest_percent: Option<f64>,
    /// Whether the debt was incurred before the account holder entered military service (the
    /// SCRA rate cap covers only such debts, 50 USC 3937(a)(1)).
    #[serde(default)]
    pub incurred_before_service: bool,
    /// Who placed the call: the collector (`Outbound`, the default) or the account holder
    /// (`Inbound`). The calling-hours rule applies to calls the collector places.
    #[serde(default)]
    pub direction: CallDirection,
    /// Earlier telephone calls on this account with the account holder's numbers, oldest first
    /// (the call-frequency rule counts them, 12 CFR 1006.14(b)).
    #[serde(default)]
    pub call_history: Vec<CallAttempt>,
}

/// An earlier telephone call on the account.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CallAttempt {
    /// When, local time at the debtor's address, `"YYYY-MM-DDTHH:MM"` (or with `:SS`).
    #[serde(deserialize_with = "local_date_time")]
    pub at: chrono::NaiveDateTime,
    /// What happened.
    pub result: AttemptResult,
    /// Who placed it (the consumer's own calls are not counted as placed calls, but a
    /// conversation on one still starts the seven-day wait).
    #[serde(default)]
    pub direction: CallDirection,
}

/// What an earlier call came to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum AttemptResult {
    /// It never connected to the number (busy signal, network error, number not in service):
    /// not counted (12 CFR 1006.14(b)(3)).
    DidNotConnect,
    /// It rang with no answer.
    NoAnswer,
    /// A message was left.
    MessageLeft,
    /// A telephone conversation with the account holder about the debt.
    Conversation,
}

/// Who placed the call.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum CallDirection {
    /// The collector called.
    #[default]
    Outbound,
    /// The account holder (or someone for them) called the collector.
    Inbound,
}

impl CallDirection {
    /// A readable name.
    pub fn label(self) -> &'static str {
        match self {
            CallDirection::Outbound => "outbound (the collector called)",
            CallDirection::Inbound => "inbound (they called in)",
        }
    }
}

fn yes() -> bool {
    true
}

/// Reads `"YYYY-MM-DDTHH:MM"` or `"YYYY-MM-DDTHH:MM:SS"`.
fn local_date_time<'de, D: serde::Deserializer<'de>>(
    d: D,
) -> Result<chrono::NaiveDateTime, D::Error> {
    let s = String::deserialize(d)?;
    chrono::NaiveDateTime::parse_from_str(&s, "%Y-%m-%dT%H:%M:%S")
        .or_else(|_| chrono::NaiveDateTime::parse_from_str(&s, "%Y-%m-%dT%H:%M"))
        .map_err(|_| {
            serde::de::Error::custom(format!(
                "`{s}` is not a local date and time: write \"YYYY-MM-DDTHH:MM\", e.g. \"2026-11-23T18:40\""
            ))
        })
}

impl Account {
    /// The local time of the call at the phone's area code, worked out from the call's local
    /// time at the address through UTC (with the time-zone database where the zones name an
    /// IANA zone, so daylight-saving changes are handled).
    pub fn call_time_at_phone(&self) -> chrono::NaiveDateTime {
        let utc = self.address_time_zone.to_utc(self.call_local_time);
        self.phone_time_zone.to_local(utc)
    }

    /// The call's local time at the address, and at the phone when its zone differs, as the
    /// account screen shows them (e.g. "Mon Nov 23, 2026, 6:40 PM Eastern (EST)").
    pub fn local_times(&self) -> (String, Option<String>) {
        let address = format!(
            "{} {}",
            self.call_local_time.format("%a %b %-d, %Y, %-I:%M %p"),
            self.address_time_zone.name
        );
        let phone = (self.phone_time_zone != self.address_time_zone).then(|| {
            format!(
                "{} {}",
                self.call_time_at_phone().format("%-I:%M %p"),
                self.phone_time_zone.name
            )
        });
        (address, phone)
    }
}

impl TimeZone {
    /// The IANA zone, if `iana` names one the database knows.
    pub fn tz(&self) -> Option<chrono_tz::Tz> {
        self.iana.as_deref()?.parse().ok()
    }

    /// The offset from UTC in minutes at a UTC instant: from the database for an IANA zone,
    /// else the fixed `utc_offset_minutes` (0 when neither is given; the validator reports it).
    pub fn offset_at(&self, utc: chrono::NaiveDateTime) -> i32 {
        use chrono::{Offset, TimeZone as _};
        match self.tz() {
            Some(tz) => tz.offset_from_utc_datetime(&utc).fix().local_minus_utc() / 60,
            None => self.utc_offset_minutes.unwrap_or(0),
        }
    }

    /// A local time here as UTC. A local time that happens twice (clocks going back) is taken
    /// at its first occurrence; one that never happens (clocks going forward) at the offset in
    /// force just before the change.
    pub fn to_utc(&self, local: chrono::NaiveDateTime) -> chrono::NaiveDateTime {
        use chrono::{Offset, TimeZone as _};
        match self.tz() {
            Some(tz) => match tz.from_local_datetime(&local) {
                chrono::LocalResult::Single(t) | chrono::LocalResult::Ambiguous(t, _) => {
                    t.naive_utc()
                }
                chrono::LocalResult::None => {
                    let before = local - chrono::Duration::hours(3);
                    let off = tz
                        .offset_from_local_datetime(&before)
                        .earliest()
                        .map_or(0, |o| o.fix().local_minus_utc());
                    local - chrono::Duration::seconds(i64::from(off))
                }
            },
            None => {
                local - chrono::Duration::minutes(i64::from(self.utc_offset_minutes.unwrap_or(0)))
            }
        }
    }

    /// A UTC instant as local time here.
    pub fn to_local(&self, utc: chrono::NaiveDateTime) -> chrono::NaiveDateTime {
        utc + chrono::Duration::minutes(i64::from(self.offset_at(utc)))
    }
}

/// Money owed, broken down.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Balance {
    /// Principal in dollars.
    pub principal: f64,
    /// Interest in dollars.
    #[serde(default)]
    pub interest: f64,
    /// Fees in dollars (only those the contract or law allows; see 15 USC 1692f(1)).
    #[serde(default)]
    pub fees: f64,
}

impl Balance {
    /// Principal plus interest plus fees.
    pub fn total(&self) -> f64 {
        self.principal + self.interest + self.fees
    }
}

/// A payment on the account.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Payment {
    /// When it was made.
    pub date: Date,
    /// How much, in dollars.
    pub amount: f64,
}

/// A time zone: its name for the account screen, and the IANA zone the engine works local
/// times out with (or, in older files, a fixed offset on the day of the call).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TimeZone {
    /// Shown to the collector, e.g. `"Eastern (EST)"`.
    pub name: String,
    /// The IANA zone, e.g. `"America/New_York"`: daylight-saving changes are handled.
    #[serde(default)]
    pub iana: Option<String>,
    /// A fixed offset from UTC in minutes on the day of the call, e.g. `-300` for EST; used
    /// only without `iana` (older files).
    #[serde(default)]
    pub utc_offset_minutes: Option<i32>,
}

/// Something on file before the call.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum FileFlag {
    /// The consumer disputed the debt in writing.
    WrittenDispute,
    /// The consumer asked in writing that communication stop or refused to pay.
    CeaseRequest,
    /// An attorney represents the consumer on this debt.
    Attorney,
    /// A bankruptcy petition is on file.
    Bankruptcy,
    /// The servicemember's written request for the SCRA rate cap, with a copy of the
    /// military orders or another indicator of service, is on file (50 USC 3937(b)(1)).
    ScraRateCapRequest,
    /// The patient's application for financial assistance is pending (26 CFR 1.501(r)-6).
    FinancialAssistanceApplication,
}

impl FileFlag {
    /// Every on-file flag.
    pub const ALL: [FileFlag; 6] = [
        FileFlag::WrittenDispute,
        FileFlag::CeaseRequest,
        FileFlag::Attorney,
        FileFlag::Bankruptcy,
        FileFlag::ScraRateCapRequest,
        FileFlag::FinancialAssistanceApplication,
    ];

    /// How the account screen shows it.
    pub fn label(self) -> &'static str {
        match self {
            FileFlag::WrittenDispute => "Written dispute on file",
            FileFlag::CeaseRequest => "Written cease or refusal to pay on file",
            FileFlag::Attorney => "Represented by an attorney",
            FileFlag::Bankruptcy => "Bankruptcy petition on file",
            FileFlag::ScraRateCapRequest => "SCRA rate-cap request and orders on file",
            FileFlag::FinancialAssistanceApplication => "Financial-assistance application pending",
        }
    }

    /// The flag name conditions use for this, e.g. `"on_file_written_dispute"`.
    pub fn flag_name(self) -> &'static str {
        match self {
            FileFlag::WrittenDispute => "on_file_written_dispute",
            FileFlag::CeaseRequest => "on_file_cease_request",
            FileFlag::Attorney => "on_file_attorney",
            FileFlag::Bankruptcy => "on_file_bankruptcy",
            FileFlag::ScraRateCapRequest => "on_file_scra_rate_cap_request",
            FileFlag::FinancialAssistanceApplication => "on_file_financial_assistance_application",
        }
    }
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
}

impl Party {
    /// Whether HIPAA treats this person as the patient: the patient, or a personal
    /// representative (45 CFR 164.502(g): a guardian, the parent of a minor, and for a deceased
    /// patient the executor or administrator).
    pub fn counts_as_patient(self, deceased: bool) -> bool {
        match self {
            Party::Debtor | Party::Guardian | Party::ParentOfMinor => true,
            Party::Executor | Party::Administrator => deceased,
            _ => false,
        }
    }

    /// Whether the person is family or a household member, whom 45 CFR 164.510(b) lets hear
    /// what bears on their involvement in paying for the patient's care.
    pub fn is_family_or_friend(self) -> bool {
        matches!(self, Party::Spouse | Party::Relative | Party::Roommate)
    }

    /// Whether 15 USC 1692c(d) treats this person as the consumer.
    pub fn counts_as_consumer(self) -> bool {
        matches!(
            self,
            Party::Debtor
                | Party::Spouse
                | Party::ParentOfMinor
                | Party::Guardian
                | Party::Executor
                | Party::Administrator
        )
    }
}

/// One point in the call: what the other person says, then the trainee's decision (or an ending).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Node {
    /// Unique within the scenario.
    pub id: String,
    /// Who speaks from this node on, when it changes (e.g. the debtor comes to the phone).
    #[serde(default)]
    pub speaker: Option<Party>,
    /// The line's tone.
    #[serde(default = "Tone::default_tone")]
    pub tone: Tone,
    /// What the other person says.
    pub says: String,
    /// Alternative lines; the first whose condition holds replaces `says` and `tone`.
    #[serde(default)]
    pub variants: Vec<LineVariant>,
    /// Facts with legal weight that the other person states in this line.
    #[serde(default)]
    pub reveals: Vec<Revelation>,
    /// Flags set on arriving here.
    #[serde(default)]
    pub set_flags: Vec<String>,
    /// Change to the debtor's agitation on arriving here (-10..=10), e.g. after dead air.
    #[serde(default)]
    pub agitation: i8,
    /// Checked on arrival, in order: the first whose condition holds sends the call on at once.
    #[serde(default)]
    pub diverts: Vec<Divert>,
    /// The trainee's options. Empty only on an ending.
    #[serde(default)]
    pub choices: Vec<Choice>,
    /// A decision deadline and where hesitation leads.
    #[serde(default)]
    pub time_limit: Option<TimeLimit>,
    /// Makes this node an ending.
    #[serde(default)]
    pub ending: Option<Ending>,
}

/// The tone of a line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Tone {
    /// Plain.
    Neutral,
    /// Warm, open.
    Friendly,
    /// Careful, suspicious.
    Guarded,
    /// Annoyed.
    Irritated,
    /// Angry.
    Angry,
    /// Shouting, possibly swearing.
    Shouting,
    /// Upset, crying.
    Tearful,
    /// Worried.
    Anxious,
    /// Unsure what is going on.
    Confused,
    /// Dodging.
    Evasive,
    /// Calmer than before.
    Relieved,
}

impl Tone {
    fn default_tone() -> Tone {
        Tone::Neutral
    }

    /// A lower-case word for transcripts.
    pub fn label(self) -> &'static str {
        match self {
            Tone::Neutral => "neutral",
            Tone::Friendly => "friendly",
            Tone::Guarded => "guarded",
            Tone::Irritated => "irritated",
            Tone::Angry => "angry",
            Tone::Shouting => "shouting",
            Tone::Tearful => "tearful",
            Tone::Anxious => "anxious",
            Tone::Confused => "confused",
            Tone::Evasive => "evasive",
            Tone::Relieved => "relieved",
        }
    }
}

/// A line said instead of the node's own when its condition holds.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LineVariant {
    /// When to say this instead.
    pub when: Condition,
    /// The line.
    pub says: String,
    /// Its tone.
    #[serde(default = "Tone::default_tone")]
    pub tone: Tone,
}

/// A conditional jump taken on arriving at a node.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Divert {
    /// When to jump; without a condition the divert is always taken.
    #[serde(default)]
    pub when: Option<Condition>,
    /// Where to.
    pub next: String,
}

/// A decision deadline.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TimeLimit {
    /// Seconds the trainee has to choose.
    pub seconds: u32,
    /// The node hesitation leads to (dead air; the debtor reacts).
    pub on_timeout: String,
}

/// Something the other person states that changes what the law allows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Revelation {
    /// A bankruptcy petition has been filed (11 USC 362 stay).
    BankruptcyFiled,
    /// Only thinking about bankruptcy; no petition (no stay).
    BankruptcyConsidered,
    /// An attorney represents them on this debt and the attorney's name and number are given
    /// (15 USC 1692c(a)(2)).
    AttorneyRepresents,
    /// They dispute the debt orally.
    DisputesOrally,
    /// They say they have sent a written dispute.
    DisputesInWriting,
    /// They say this time or place is inconvenient (15 USC 1692c(a)(1)).
    InconvenientTime,
    /// They ask orally that calls stop (a medium or time request, 12 CFR 1006.14(h); not a
    /// written cease under 15 USC 1692c(c)).
    AsksToStopCalling,
    /// They refuse to pay.
    RefusesToPay,
    /// They are on active military duty (SCRA).
    ActiveDutyServicemember,
    /// The account holder has died.
    DebtorDeceased,
    /// They are not the account holder and do not know them.
    WrongParty,
    /// They describe a hardship behind the balance (job loss, illness, ...).
    DescribesHardship,
    /// They say they have applied for the hospital's financial assistance and are waiting.
    FinancialAssistancePending,
    /// The servicemember asks for the SCRA 6% interest cap (orally, on this call).
    RequestsScraRateCap,
    /// The patient, on the line, agrees that the family member may hear about the bill
    /// (45 CFR 164.510(b)(2)(i)).
    PatientAgrees,
    /// The patient objects to the family member hearing about the bill (45 CFR
    /// 164.510(b)(2)).
    PatientObjects,
    /// The family member says they handle or pay the patient's bills (45 CFR 164.510(b)(1)).
    InvolvedInPayment,
    /// The person on the line says they are authorized to act for the deceased account
    /// holder's estate (e.g. a small-estate affidavit; 12 CFR 1006.6(a)(4), comment 6(a)(4)-1).
    AuthorizedForEstate,
    /// The person on the line says they are jointly liable for the debt (a co-signer or joint
    /// account holder).
    JointlyLiable,
}

/// A trainee option at a decision.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Choice {
    /// What the collector says or does.
    pub text: String,
    /// Shown only when this holds.
    #[serde(default)]
    pub when: Option<Condition>,
    /// The conversation acts the choice performs (the compliance engine reads these).
    #[serde(default)]
    pub acts: Vec<Act>,
    /// Knowledge domains, from the same list as the questions' `domain`.
    #[serde(default)]
    pub domains: Vec<String>,
    /// Points on each axis.
    #[serde(default)]
    pub effects: Effects,
    /// Violations the author marks for this choice.
    #[serde(default)]
    pub violations: Vec<MarkedViolation>,
    /// The payment offer this choice makes, if any.
    #[serde(default)]
    pub offer: Option<Offer>,
    /// Change to the debtor's agitation (-10..=10).
    #[serde(default)]
    pub agitation: i8,
    /// Flags this choice sets.
    #[serde(default)]
    pub set_flags: Vec<String>,
    /// Flags this choice clears.
    #[serde(default)]
    pub clear_flags: Vec<String>,
    /// Why the choice is scored as it is, for the debrief.
    #[serde(default)]
    pub feedback: Option<String>,
    /// The legal citation behind the feedback.
    #[serde(default)]
    pub citation: Option<String>,
    /// The node the call goes to (for an offer: when the debtor accepts it).
    pub next: String,
    /// For an offer: where the call goes when the debtor counters (default: `next`).
    #[serde(default)]
    pub on_counter: Option<String>,
    /// For an offer: where the call goes when the debtor refuses (default: `next`).
    #[serde(default)]
    pub on_refuse: Option<String>,
}

/// Points a choice adds to (or takes from) each axis.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Effects {
    /// Toward a payment the debtor can keep.
    #[serde(default)]
    pub negotiation: i32,
    /// Staying calm and professional.
    #[serde(default)]
    pub composure: i32,
    /// Following the law; negative for a violation.
    #[serde(default)]
    pub compliance: i32,
}

impl Effects {
    /// Whether the choice touches the compliance axis.
    pub fn scores_compliance(&self) -> bool {
        self.compliance != 0
    }
}

/// A violation the author marks on a choice.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MarkedViolation {
    /// The rule id, e.g. `"fdcpa.third_party_disclosure"`.
    pub rule: String,
    /// How serious it is.
    pub severity: Severity,
}

/// How serious a compliance violation is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Severity {
    /// A practice failure that leads to violations.
    Minor,
    /// A violation of the law.
    Major,
    /// A violation that fails the call outright.
    Critical,
}

impl Severity {
    /// A lower-case word for the debrief.
    pub fn label(self) -> &'static str {
        match self {
            Severity::Minor => "minor",
            Severity::Major => "major",
            Severity::Critical => "critical",
        }
    }
}

/// A conversation act, as the compliance engine and the QA scorecard see it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[repr(u8)]
pub enum Act {
    /// Greets and gives the collector's name.
    Greet,
    /// Asks for the account holder by name without saying why.
    AskForDebtor,
    /// Confirms the right party (e.g. name plus date of birth or address).
    VerifyIdentity,
    /// States that the caller is a debt collector attempting to collect a debt, and that
    /// information will be used for that purpose (15 USC 1692e(11), initial communication).
    DisclosureFull,
    /// States that the caller is a debt collector (15 USC 1692e(11), later communications).
    DisclosureShort,
    /// Mentions the debt, the creditor or the balance.
    DiscloseDebt,
    /// Gives the itemised balance.
    StateBalance,
    /// Asks about the person's situation and what they can do.
    AskAboutSituation,
    /// Asks for the balance in full.
    AskForFullBalance,
    /// Asks for a payment.
    AskForPayment,
    /// Offers a payment plan.
    OfferPlan,
    /// Offers a settlement for less than the balance.
    OfferSettlement,
    /// Takes a payment now.
    TakePayment,
    /// Records a promise to pay.
    RecordPromise,
    /// Shows empathy or de-escalates.
    Empathize,
    /// Explains the right to dispute and to request verification.
    ExplainDisputeRights,
    /// Records a dispute on the account.
    RecordDispute,
    /// Takes the attorney's name and contact.
    TakeAttorneyDetails,
    /// Takes the bankruptcy case details.
    TakeBankruptcyDetails,
    /// Notes the time or medium the person said is inconvenient.
    NoteInconvenientTime,
    /// Ends collection on the account and says so.
    CeaseCollection,
    /// Asks a third party only for the consumer's location information (15 USC 1692b).
    AskLocationInfo,
    /// Tells a third party the consumer owes a debt (15 USC 1692b(2), 1692c(b)).
    TellThirdPartyAboutDebt,
    /// Leaves a message or callback number.
    LeaveMessage,
    /// Schedules a callback at a convenient time.
    ScheduleCallback,
    /// Transfers to a supervisor or escalates.
    Escalate,
    /// Closes the call politely with a summary.
    CloseCall,
    /// Threatens arrest or jail (15 USC 1692e(4)).
    ThreatenArrest,
    /// Threatens a lawsuit (a violation when not intended or not allowed, 15 USC 1692e(5)).
    ThreatenSuit,
    /// Misstates the amount or legal status of the debt (15 USC 1692e(2)(A)).
    MisstateDebt,
    /// Uses obscene, profane or abusive language (15 USC 1692d(2)).
    AbusiveLanguage,
    /// Tells the consumer they cannot dispute the debt.
    DenyDisputeRights,
    /// Pressures for payment in a way that overshadows dispute rights (15 USC 1692g(b)).
    PressureDuringDispute,
    /// Adds a fee or charge not authorised by the agreement or by law (15 USC 1692f(1)).
    AddUnauthorizedFee,
    /// Reports or threatens to report to a credit bureau.
    CreditReport,
    /// Hangs up on the person.
    HangUp,
    /// Gives the date of service and the provider or department billed.
    StateServiceDetails,
    /// Names the diagnosis, procedure, test or treatment behind a medical bill.
    DiscloseClinicalDetails,
    /// Asks the patient, who is on the line, whether the family member may hear about the
    /// bill (45 CFR 164.510(b)(2)).
    AskPatientAgreement,
    /// Tells the patient about the hospital's financial assistance policy and how to apply.
    ExplainFinancialAssistance,
    /// Explains how to invoke the SCRA rate cap (written notice with a copy of the orders).
    ExplainScraRateCap,
    /// Applies the SCRA rate cap: interest above 6% forgiven, payments reduced.
    ApplyScraRateCap,
    /// Says a default judgment will be taken if they do not answer a suit.
    WarnOfDefaultJudgment,
    /// Asks the person on the line to pay the balance from their own money.
    AskToPayPersonally,
    /// Asks the person for the executor or administrator of the estate, or who is handling it.
    AskForEstateRepresentative,
    /// Tells the consumer the collector or creditor may invoke remedies it ordinarily invokes
    /// (allowed after a written cease, 15 USC 1692c(c)(2)).
    NotifyMayInvokeRemedy,
    /// Tells the consumer the collector or creditor intends to invoke a specified remedy, such
    /// as a suit (allowed after a written cease where it is true, 15 USC 1692c(c)(3)).
    NotifyWillInvokeRemedy,
}

impl Act {
    /// Every act, in declaration order (`act as usize` indexes it).
    pub const ALL: [Act; 47] = [
        Act::Greet,
        Act::AskForDebtor,
        Act::VerifyIdentity,
        Act::DisclosureFull,
        Act::DisclosureShort,
        Act::DiscloseDebt,
        Act::StateBalance,
        Act::AskAboutSituation,
        Act::AskForFullBalance,
        Act::AskForPayment,
        Act::OfferPlan,
        Act::OfferSettlement,
        Act::TakePayment,
        Act::RecordPromise,
        Act::Empathize,
        Act::ExplainDisputeRights,
        Act::RecordDispute,
        Act::TakeAttorneyDetails,
        Act::TakeBankruptcyDetails,
        Act::NoteInconvenientTime,
        Act::CeaseCollection,
        Act::AskLocationInfo,
        Act::TellThirdPartyAboutDebt,
        Act::LeaveMessage,
        Act::ScheduleCallback,
        Act::Escalate,
        Act::CloseCall,
        Act::ThreatenArrest,
        Act::ThreatenSuit,
        Act::MisstateDebt,
        Act::AbusiveLanguage,
        Act::DenyDisputeRights,
        Act::PressureDuringDispute,
        Act::AddUnauthorizedFee,
        Act::CreditReport,
        Act::HangUp,
        Act::StateServiceDetails,
        Act::DiscloseClinicalDetails,
        Act::AskPatientAgreement,
        Act::ExplainFinancialAssistance,
        Act::ExplainScraRateCap,
        Act::ApplyScraRateCap,
        Act::WarnOfDefaultJudgment,
        Act::AskToPayPersonally,
        Act::AskForEstateRepresentative,
        Act::NotifyMayInvokeRemedy,
        Act::NotifyWillInvokeRemedy,
    ];
}

/// A payment offer made by a choice.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Offer {
    /// The full balance now.
    PayInFull,
    /// Monthly payments.
    Plan {
        /// Dollars each month.
        monthly: f64,
        /// How many months.
        months: u32,
        /// Dollars paid now, before the monthly payments.
        #[serde(default)]
        down_payment: f64,
    },
    /// A lump sum that settles the account for less than the balance.
    Settlement {
        /// Dollars.
        amount: f64,
        /// Days the debtor has to pay it.
        due_in_days: u32,
    },
}

/// A test on the call state.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Condition {
    /// The flag is set.
    Flag(String),
    /// The flag is not set.
    NotFlag(String),
    /// A hidden fact from `debtor.hidden.facts` is true.
    Fact(String),
    /// Debtor agitation is at least this (0..=10).
    AgitationAtLeast(u8),
    /// Debtor agitation is at most this (0..=10).
    AgitationAtMost(u8),
    /// Seeded chance, in percent (1..=99).
    Chance(u8),
    /// Every condition holds.
    All(Vec<Condition>),
    /// At least one condition holds.
    Any(Vec<Condition>),
    /// The condition does not hold.
    Not(Box<Condition>),
}

impl Condition {
    /// Calls `f` on this condition and every condition inside it.
    pub fn visit<'a>(&'a self, f: &mut dyn FnMut(&'a Condition)) {
        f(self);
        match self {
            Condition::All(cs) | Condition::Any(cs) => cs.iter().for_each(|c| c.visit(f)),
            Condition::Not(c) => c.visit(f),
            _ => {}
        }
    }
}

/// How a call can end.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Outcome {
    /// A payment was taken on the call.
    PaymentTaken,
    /// The debtor promised a payment on a date.
    PromiseToPay,
    /// A payment plan was set up.
    PlanSetUp,
    /// A dispute was recorded.
    DisputeLogged,
    /// A cease request (or attorney or bankruptcy notice) was honored.
    CeaseHonored,
    /// The call went to a supervisor or another team.
    Escalated,
    /// The debtor hung up.
    DebtorHungUp,
    /// The person was not the debtor.
    WrongParty,
}

impl Outcome {
    /// A readable name.
    pub fn label(self) -> &'static str {
        match self {
            Outcome::PaymentTaken => "payment taken",
            Outcome::PromiseToPay => "promise to pay",
            Outcome::PlanSetUp => "plan set up",
            Outcome::DisputeLogged => "dispute logged",
            Outcome::CeaseHonored => "cease honored",
            Outcome::Escalated => "call escalated",
            Outcome::DebtorHungUp => "debtor hung up",
            Outcome::WrongParty => "wrong party",
        }
    }
}

/// What makes a node an ending.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Ending {
    /// How the call ended.
    pub outcome: Outcome,
    /// A sentence for the debrief.
    #[serde(default)]
    pub summary: Option<String>,
    /// The after-call documentation step.
    pub wrap_up: WrapUp,
}

/// The after-call step: pick the right account note or result code.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WrapUp {
    /// The question, e.g. "Which result code do you record?".
    pub prompt: String,
    /// The notes or codes to choose from.
    pub options: Vec<String>,
    /// The right option, by position from 0.
    pub correct: usize,
    /// Why it is right.
    #[serde(default)]
    pub feedback: Option<String>,
}

/// Pass marks, 0 to 100 per axis.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Rubric {
    /// Pass mark for negotiation.
    pub negotiation: f64,
    /// Pass mark for composure.
    pub composure: f64,
    /// Pass mark for compliance.
    pub compliance: f64,
}
