//! The compliance rules, as declared data: one file per rule pack (FDCPA, Regulation F, the
//! bankruptcy stay, HIPAA, hospital financial assistance, SCRA, deceased consumers, practice
//! standards), each rule with its id, summary, severity, citation, the settings and facts it
//! applies to, when it is checked and a predicate over the act and the call's facts. State law
//! is content: `rules/states/XX.ron` files say which FDCPA sections a state extends to which
//! settings ([`state`]). The driver that runs the rules is [`super::compliance`].
//!
//! Citations are to the statute or regulation section; this is training, not legal advice.

use std::borrow::Cow;

use super::compliance::Facts;
use crate::model::{Act, Party, RulePack, Setting, Severity};

pub mod bankruptcy;
pub mod deceased;
pub mod fap;
pub mod fdcpa;
pub mod hipaa;
pub mod practice;
pub mod regf;
pub mod scra;
pub mod state;

/// The law (or standard) a rule comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Pack {
    /// Fair Debt Collection Practices Act, 15 USC 1692-1692p.
    Fdcpa,
    /// Regulation F, 12 CFR part 1006.
    RegulationF,
    /// The bankruptcy automatic stay, 11 USC 362.
    BankruptcyStay,
    /// HIPAA Privacy Rule, 45 CFR parts 160 and 164.
    Hipaa,
    /// Tax-exempt hospitals' financial assistance, 26 USC 501(r).
    FinancialAssistance,
    /// Servicemembers Civil Relief Act, 50 USC 3901 and following.
    Scra,
    /// Practice and ethics standards that bind every setting.
    Practice,
}

impl Pack {
    /// Every pack, in catalogue order.
    pub const ALL: [Pack; 7] = [
        Pack::Fdcpa,
        Pack::RegulationF,
        Pack::BankruptcyStay,
        Pack::Hipaa,
        Pack::FinancialAssistance,
        Pack::Scra,
        Pack::Practice,
    ];

    /// The name a scenario's `rule_packs` uses (`Practice` is never named: it always applies).
    pub fn label(self) -> &'static str {
        match self {
            Pack::Fdcpa => "Fdcpa",
            Pack::RegulationF => "RegulationF",
            Pack::BankruptcyStay => "BankruptcyStay",
            Pack::Hipaa => "Hipaa",
            Pack::FinancialAssistance => "FinancialAssistance",
            Pack::Scra => "Scra",
            Pack::Practice => "Practice",
        }
    }

    /// The pack a scenario's `rule_packs` entry names (`None` for TCPA, which has no scored
    /// rules yet, and for state files, which are not packs of their own).
    pub fn of(p: &RulePack) -> Option<Pack> {
        Some(match p {
            RulePack::Fdcpa => Pack::Fdcpa,
            RulePack::RegulationF => Pack::RegulationF,
            RulePack::BankruptcyStay => Pack::BankruptcyStay,
            RulePack::Hipaa => Pack::Hipaa,
            RulePack::FinancialAssistance => Pack::FinancialAssistance,
            RulePack::Scra => Pack::Scra,
            RulePack::Tcpa | RulePack::State(_) => return None,
        })
    }

    /// The rules this pack carries.
    pub fn rules(self) -> impl Iterator<Item = &'static Rule> {
        all().filter(move |r| r.pack == self)
    }
}

/// When a rule is checked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Trigger {
    /// On each of these acts.
    Acts(&'static [Act]),
    /// On any act that says the debt exists, to whoever hears it ([`reveals_debt`]).
    Reveals,
    /// On any act that collects or discusses the debt ([`is_collecting`]).
    Collecting,
    /// On the collector's first words of the call.
    FirstWords,
    /// When the call ends.
    End,
    /// Never by the engine: only authors mark it (the rule says why the engine cannot judge).
    Marked,
}

impl Trigger {
    /// Whether `act` triggers a rule checked on acts.
    pub fn on(self, act: Act) -> bool {
        match self {
            Trigger::Acts(acts) => acts.contains(&act),
            Trigger::Reveals => reveals_debt(act),
            Trigger::Collecting => is_collecting(act),
            Trigger::FirstWords | Trigger::End | Trigger::Marked => false,
        }
    }
}

/// Where a rule's findings come in a turn: the act's own wrong, then what it revealed to whom,
/// then collecting when collection must stop. Findings of one turn are listed in this order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Stage {
    /// What the act itself is (a threat, abuse, a misstatement).
    Act,
    /// Who heard about the debt.
    Party,
    /// Whether the right party was confirmed first.
    Verification,
    /// What they were told first (the debt-collector disclosure).
    Disclosure,
    /// Collecting when something on file or said on the call forbids it.
    Collecting,
}

/// What a rule's predicate sees: the act being judged, the facts so far and who is on the line.
#[derive(Debug, Clone, Copy)]
pub struct Ctx {
    /// The act (`None` for first-words and end-of-call checks).
    pub act: Option<Act>,
    /// The call's compliance facts before this act's findings.
    pub facts: Facts,
    /// Who is on the line.
    pub party: Party,
    /// Who is collecting.
    pub setting: Setting,
}

impl Ctx {
    /// Whether a fact is set.
    pub fn has(&self, bit: u64) -> bool {
        self.facts.has(bit)
    }

    /// Whether the person on the line may hear about the debt: the account holder, or whoever
    /// the law of this setting treats as them. Consumer debts: the consumer, spouse, parent of a
    /// minor, guardian, executor or administrator (15 USC 1692c(d); used as the practice standard
    /// where the FDCPA does not bind), and for a deceased account holder a person authorized to
    /// act for the estate (12 CFR 1006.6(a)(4)). Business debts: the owner or an employee who
    /// speaks for the business.
    pub fn speaks_for_debtor(&self) -> bool {
        speaks_for_debtor(self.setting, self.party, self.facts)
    }

    /// The word for the person who owes ("consumer", "patient", "customer", ...).
    pub fn debtor_word(&self) -> &'static str {
        self.setting.debtor_word()
    }
}

/// See [`Ctx::speaks_for_debtor`].
pub fn speaks_for_debtor(setting: Setting, party: Party, facts: Facts) -> bool {
    if setting == Setting::CommercialB2B {
        return matches!(party, Party::Debtor | Party::BusinessEmployee);
    }
    party.counts_as_consumer() || (facts.has(Facts::DECEASED) && facts.has(Facts::ESTATE_AUTHORITY))
}

/// A rule's verdict on one act or at the end: why it was broken, and facts to set (a rule
/// reported once per call marks itself here).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hit {
    /// What the engine saw.
    pub reason: Cow<'static, str>,
    /// Facts to set once it is reported.
    pub mark: u64,
    /// Whether the point is unsettled (a boundary, a court split, locations that disagree):
    /// reported as a caution with the reason, never scored.
    pub uncertain: bool,
}

/// A hit with a reason.
pub fn hit(reason: impl Into<Cow<'static, str>>) -> Option<Hit> {
    Some(Hit {
        reason: reason.into(),
        mark: 0,
        uncertain: false,
    })
}

/// A rule's predicate.
pub type Check = fn(&Ctx) -> Option<Hit>;

/// The predicate of the rules on misstating the debt (FDCPA and practice alike): the old act
/// that says so itself, or an amount stated that is not the balance.
pub fn misstated(c: &Ctx) -> Option<Hit> {
    match c.act {
        Some(Act::MisstateDebt) => hit("the amount or status of the debt was misstated"),
        Some(Act::MentionAttorney) => None,
        _ if c.has(Facts::WRONG_AMOUNT) => {
            hit("the amount stated as owed is not the balance on the account")
        }
        _ => None,
    }
}

/// The predicate of the rules on fees (FDCPA and practice alike): the old act that says so
/// itself, or a fee the account does not allow.
pub fn unallowed_fee(c: &Ctx) -> Option<Hit> {
    match c.act {
        Some(Act::AddUnauthorizedFee) => {
            hit("a fee not authorized by the agreement or by law was added")
        }
        Some(Act::AddFee) if c.has(Facts::FEE_NOT_ALLOWED) => hit(
            "the fee added is not one the agreement or the law allows, or is more than it allows",
        ),
        _ => None,
    }
}

/// The acts a stated amount goes with (the choice's `amount`).
pub const STATES_AMOUNT: &[Act] = &[
    Act::MisstateDebt,
    Act::StateBalance,
    Act::DiscloseDebt,
    Act::AskForFullBalance,
    Act::AskForPayment,
];

/// The acts a payment deadline goes with (the choice's `deadline_days`).
pub const ASKS_FOR_PAYMENT: &[Act] = &[
    Act::AskForPayment,
    Act::AskForFullBalance,
    Act::OfferPlan,
    Act::OfferSettlement,
    Act::TakePayment,
];

/// The predicate of the rules on abusive language (FDCPA and practice alike).
pub fn abusive(_: &Ctx) -> Option<Hit> {
    hit("abusive or profane language")
}

/// One compliance rule.
#[derive(Debug, Clone, Copy)]
pub struct Rule {
    /// Stable id, e.g. `"fdcpa.third_party_disclosure"`.
    pub id: &'static str,
    /// What it forbids or requires, in a sentence.
    pub summary: &'static str,
    /// Severity (see `docs/scoring.md` for the scale and why each rule has its level).
    pub severity: Severity,
    /// The pack that carries it.
    pub pack: Pack,
    /// The settings it applies in (where its pack applies).
    pub settings: &'static [Setting],
    /// Where it comes from.
    pub citation: &'static str,
    /// For a practice standard, the citation to show where the FDCPA binds the call (the
    /// standard mirrors a section of it); elsewhere no FDCPA citation is ever shown.
    pub citation_with_fdcpa: Option<&'static str>,
    /// For FDCPA rules, the section a state law may extend to other settings (e.g.
    /// `"1692c(a)(1)"`).
    pub section: Option<&'static str>,
    /// Rules on the same ground: only the first found in a turn is reported (a specific law's
    /// rule before the practice standard that mirrors it).
    pub ground: &'static str,
    /// Other grounds that, found in the same turn, make this rule stand down (a practice
    /// standard yields to the specific law that covers the same wrong).
    pub yields: &'static [&'static str],
    /// The facts it reads, for the validator's "a fact no rule reads" warning.
    pub reads: u64,
    /// When it is checked.
    pub trigger: &'static [Trigger],
    /// Where its findings come in a turn.
    pub stage: Stage,
    /// The predicate.
    pub check: Check,
}

/// Every setting.
pub const EVERY_SETTING: &[Setting] = &Setting::ALL;
/// The consumer-debt settings.
pub const CONSUMER: &[Setting] = &[
    Setting::ThirdPartyAgency,
    Setting::FirstPartyCreditor,
    Setting::HealthcareProvider,
    Setting::MedicalDebtAgency,
];
/// The healthcare settings.
pub const HEALTHCARE: &[Setting] = &[Setting::HealthcareProvider, Setting::MedicalDebtAgency];

/// Every rule, pack by pack, in the order `docs/authoring.md` lists them.
pub fn all() -> impl Iterator<Item = &'static Rule> + Clone {
    [
        deceased::RULES,
        regf::RULES,
        fdcpa::RULES,
        bankruptcy::RULES,
        hipaa::RULES,
        fap::RULES,
        scra::RULES,
        practice::RULES,
    ]
    .into_iter()
    .flatten()
}

/// The rule with this id.
pub fn rule(id: &str) -> Option<&'static Rule> {
    all().find(|r| r.id == id)
}

/// Acts that collect or discuss the debt (what attorney, cease, bankruptcy and dispute rules
/// forbid, and what needs verification and the disclosure first).
pub fn is_collecting(act: Act) -> bool {
    use Act::*;
    matches!(
        act,
        DiscloseDebt
            | StateBalance
            | AskForFullBalance
            | AskForPayment
            | OfferPlan
            | OfferSettlement
            | TakePayment
            | RecordPromise
            | ThreatenSuit
            | MisstateDebt
            | AddUnauthorizedFee
            | AddFee
            | PressureDuringDispute
            | StateServiceDetails
            | WarnOfDefaultJudgment
            | AskToPayPersonally
    )
}

/// Acts that say the debt exists (to whoever listens).
pub fn reveals_debt(act: Act) -> bool {
    is_collecting(act)
        || matches!(
            act,
            Act::TellThirdPartyAboutDebt | Act::CreditReport | Act::DiscloseClinicalDetails
        )
}

/// Acts that, in a healthcare setting, disclose protected health information (the account
/// itself says care was received: 45 CFR 160.103 "health information" includes payment for care).
pub fn reveals_phi(act: Act) -> bool {
    reveals_debt(act)
}

/// A rule with no section, ground or facts read: the packs' files fill those in with struct
/// update syntax (`Rule { ground: "...", ..rule(...) }`).
#[allow(clippy::too_many_arguments)]
pub const fn rule_of(
    id: &'static str,
    summary: &'static str,
    severity: Severity,
    pack: Pack,
    settings: &'static [Setting],
    citation: &'static str,
    trigger: &'static [Trigger],
    stage: Stage,
    check: Check,
) -> Rule {
    Rule {
        id,
        summary,
        severity,
        pack,
        settings,
        citation,
        citation_with_fdcpa: None,
        section: None,
        ground: "",
        yields: &[],
        reads: 0,
        trigger,
        stage,
        check,
    }
}
