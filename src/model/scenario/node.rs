//! The conversation: nodes, lines, choices, offers, conditions, endings and the rubric.

use serde::{Deserialize, Serialize};

use super::{Act, MessagePart, Party};

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
    /// The amount, in dollars, the choice says is owed, when it states one (with `StateBalance`,
    /// `DiscloseDebt`, `AskForFullBalance` or `AskForPayment`); the engine compares it with the
    /// account's balance (15 USC 1692e(2)(A)).
    #[serde(default)]
    pub amount: Option<f64>,
    /// The fee or charge the choice adds (with `AddFee`); the engine checks it against
    /// `account.fees_allowed` (15 USC 1692f(1)).
    #[serde(default)]
    pub fee: Option<ChargedFee>,
    /// The days the choice gives the person to pay, when a payment ask sets a deadline; inside
    /// the validation period a deadline before it ends overshadows the dispute rights (15 USC
    /// 1692g(b)).
    #[serde(default)]
    pub deadline_days: Option<u32>,
    /// The message the choice leaves, part by part (on a voicemail, or with a person to pass
    /// on): the engine adds `LeaveMessage` and what the parts say to the choice's acts, and
    /// judges a message that says nothing of the debt against the limited-content message
    /// (12 CFR 1006.2(j)).
    #[serde(default)]
    pub message: Option<Vec<MessagePart>>,
}

/// A fee or charge a choice adds.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ChargedFee {
    /// Its name, as `account.fees_allowed` would name it, e.g. `"returned payment fee"`.
    pub name: String,
    /// How much, in dollars.
    pub amount: f64,
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
    /// Some of a business debtor's open invoices paid in full (now or on a date agreed), by
    /// number (from `account.invoices`).
    PayInvoices {
        /// The invoice numbers.
        invoices: Vec<String>,
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
    /// A time to call back was agreed (the person could not talk, or asked to be called later).
    CallbackScheduled,
    /// A message was left (on a voicemail, or with someone who takes messages).
    MessageLeft,
    /// Collection waits on an application the person made (financial assistance, an insurance
    /// claim, a hardship program) until it is decided.
    ApplicationPending,
    /// The person was sent to the provider or creditor for what only they can answer (an
    /// itemised bill, an insurance question, a billing error).
    ReferredToProvider,
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
            Outcome::CallbackScheduled => "callback scheduled",
            Outcome::MessageLeft => "message left",
            Outcome::ApplicationPending => "application pending",
            Outcome::ReferredToProvider => "referred to the provider",
        }
    }

    /// Whether the call ends with money arranged (a payment, a promise or a plan).
    pub fn collects(self) -> bool {
        matches!(
            self,
            Outcome::PaymentTaken | Outcome::PromiseToPay | Outcome::PlanSetUp
        )
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
    /// What the scenario says happens after this call (a postdated check deposited, a notice or a
    /// confirmation letter sent), judged by the rules like what was said on it.
    #[serde(default)]
    pub after: Vec<AfterCall>,
    /// The scenario's objectives this ending meets, by position in `objectives` counted from 0.
    /// An ending that meets objectives and arranges no money (a callback, an application left
    /// to be decided, a referral) is the right result for its situation: it is credited the
    /// rubric's negotiation pass mark, so a correct call that rightly collects nothing can pass.
    #[serde(default)]
    pub meets: Vec<usize>,
}

/// Something that happens after the call, on a date.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum AfterCall {
    /// A check (or other payment instrument) dated later than the day it was taken on this call.
    PostdatedCheck {
        /// The date written on it.
        dated: crate::model::Date,
        /// The day it is deposited (`None`: not yet).
        #[serde(default)]
        deposited: Option<crate::model::Date>,
        /// The day the written notice of the intent to deposit it goes out (`None`: none is
        /// sent). Due 3 to 10 business days before the deposit when the check is postdated by
        /// more than five days (15 USC 1692f(2); 12 CFR 1006.22(c)(1)).
        #[serde(default)]
        notice_sent: Option<crate::model::Date>,
    },
    /// The written confirmation of the arrangement made on the call (amounts, dates, what
    /// happens next) goes out on this day.
    ConfirmationSent {
        /// The day it is sent.
        on: crate::model::Date,
    },
}

impl Ending {
    /// What follows the call, a line each with its dates ([`AfterCall::describe`]).
    pub fn after_lines(&self) -> Vec<String> {
        self.after.iter().map(AfterCall::describe).collect()
    }
}

impl AfterCall {
    /// A line for the debrief and the terminal, with the dates.
    pub fn describe(&self) -> String {
        let day = |d: &crate::model::Date| d.format("%a %b %-d, %Y").to_string();
        match self {
            AfterCall::PostdatedCheck {
                dated,
                deposited,
                notice_sent,
            } => {
                let mut s = format!("A check dated {}", day(dated));
                match notice_sent {
                    Some(n) => s.push_str(&format!(": notice of the deposit sent {}", day(n))),
                    None => s.push_str(": no notice of the deposit sent"),
                }
                match deposited {
                    Some(d) => s.push_str(&format!(", deposited {}.", day(d))),
                    None => s.push_str(", not deposited yet."),
                }
                s
            }
            AfterCall::ConfirmationSent { on } => {
                format!("Written confirmation of the arrangement sent {}.", day(on))
            }
        }
    }
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
