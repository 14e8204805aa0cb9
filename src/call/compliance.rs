//! The compliance driver: reads the sequence of conversation acts, what the other person has
//! revealed and the account facts, keeps the facts up to date, and runs the rule packs of
//! [`super::rules`] on them, independently of what the author marked. Also keeps the
//! disclosure tracker. Which rules run depends on the scenario's setting, its rule packs and
//! its state's rule file, settled once when the scenario is compiled ([`Packs::of`]).

use serde::{Deserialize, Serialize};

use super::rules::{self, Ctx, Pack, Rule, Trigger, speaks_for_debtor, state::StateLaw};
pub use super::rules::{is_collecting, reveals_debt};
use crate::model::{Act, FileFlag, Party, Revelation, Scenario, Setting, Severity};
/// Compact compliance facts for one call, as bits (cheap to copy and hash for exploration).
#[derive(
    Debug, Clone, Copy, Default, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize,
)]
pub struct Facts(pub u64);

macro_rules! bits {
    ($($name:ident = $bit:expr, $doc:literal;)*) => {
        impl Facts {
            $(#[doc = $doc] pub const $name: u64 = 1 << $bit;)*
            /// Every bit with its name, for saved state and debugging.
            pub const NAMES: &'static [(u64, &'static str)] = &[$((1 << $bit, stringify!($name)),)*];
        }
    };
}

bits! {
    VERIFIED = 0, "The right party was confirmed.";
    DISCLOSED_FULL = 1, "The full debt-collector disclosure was given.";
    DISCLOSED_SHORT = 2, "The short debt-collector disclosure was given.";
    DEBT_DISCUSSED = 3, "The debt was discussed with the consumer.";
    ATTORNEY = 4, "An attorney represents the consumer and their details are known.";
    BANKRUPTCY = 5, "A bankruptcy petition has been filed.";
    CEASE = 6, "A written cease request or refusal is on file.";
    WRITTEN_DISPUTE = 7, "A written dispute is on file, verification not yet sent.";
    ORAL_DISPUTE = 8, "The consumer disputed orally on this call.";
    DISPUTE_RECORDED = 9, "The dispute was recorded.";
    INCONVENIENT = 10, "The consumer said this time is inconvenient.";
    STOP_CALLING = 11, "The consumer asked orally not to be called.";
    CALL_TIME_BAD = 12, "The call is outside 8 a.m. to 9 p.m. at the address and at the phone.";
    CALL_TIME_FLAGGED = 13, "The call-time violation was already reported.";
    DISCLOSURE_FLAGGED = 14, "The missing-disclosure violation was already reported.";
    COMMUNICATED = 15, "The collector has said something.";
    INITIAL = 16, "This is the initial communication.";
    SUIT_INTENDED = 17, "Legal action is authorized and intended.";
    TIME_BARRED = 18, "The debt is time-barred.";
    DECEASED = 19, "The account holder has died.";
    SERVICEMEMBER = 20, "The consumer is on active military duty.";
    DEBT_REVEALED = 21, "The debt was revealed to someone, whoever heard it.";
    CONSENTED = 22, "The account holder, on the line, agreed that the person may hear about the account.";
    OBJECTED = 23, "The patient objected to the family member hearing about the bill.";
    INVOLVED_IN_PAYMENT = 24, "The family member on the line handles or pays the patient's bills.";
    HARDSHIP = 25, "The person described a hardship behind the balance.";
    FAP_EXPLAINED = 26, "The hospital's financial assistance policy and how to apply were explained.";
    FAP_PENDING = 27, "A financial-assistance application is pending.";
    SCRA_REQUESTED = 28, "The servicemember asked for the SCRA rate cap on this call.";
    SCRA_NOTICE = 29, "The written SCRA rate-cap request and orders are on file.";
    SCRA_APPLIED = 30, "The SCRA rate cap was applied.";
    SCRA_EXPLAINED = 31, "How to invoke the SCRA rate cap was explained.";
    PRE_SERVICE = 32, "The debt was incurred before military service.";
    RATE_ABOVE_CAP = 33, "The account bears interest above 6% a year.";
    ESTATE_AUTHORITY = 34, "The person on the line is authorized to act for the deceased account holder's estate.";
    JOINTLY_LIABLE = 35, "The person on the line is jointly liable for the debt.";
    ASKED_AGREEMENT = 36, "The collector asked the patient whether the family member may hear about the bill.";
    INBOUND = 37, "The account holder placed the call.";
    CALL_AT_NINE = 38, "The call was placed at exactly 9:00 p.m. (or the state's end of the window) and nowhere outside it.";
    CALLS_OVER_SEVEN = 40, "This call is the eighth or later placed in seven consecutive days.";
    CALL_AFTER_CONVERSATION = 41, "This call comes within seven days of a telephone conversation about the debt.";
    FREQUENCY_FLAGGED = 42, "The call-frequency violation was already reported.";
    DISCUSSED_UNVERIFIED = 43, "The debt was discussed with the account holder's side before verification.";
    ATTORNEY_SILENT = 45, "The collector has written or called the consumer's attorney, who has not answered.";
    PHONE_REFUSED = 46, "A request on file asks for no telephone calls.";
    HOURS_REFUSED = 47, "A request on file asks for no calls in hours that include this call's time.";
    PLACE_REFUSED = 48, "A request on file asks for no calls at work, and the number is a workplace line.";
    CONTACTED_BEFORE = 49, "The person on the line was asked for location information on an earlier call and did not ask to be called again.";
    WRONG_AMOUNT = 50, "This choice states an amount owed that is not the account's balance.";
    FEE_NOT_ALLOWED = 51, "The fee this choice adds is not one the agreement or the law allows, or is more than it allows.";
    DEADLINE_IN_PERIOD = 52, "This choice sets a payment deadline before the validation period ends.";
    DEADLINE_WITH_RIGHTS = 53, "This choice sets a deadline before the validation period ends and explains the dispute rights with it.";
    ATTORNEY_INVOLVED = 54, "An attorney has reviewed the account and takes part in collecting it.";
    MESSAGE_LIMITED = 44, "This choice leaves a limited-content message (the required parts and nothing beyond the allowed ones).";
    MESSAGE_NOT_LIMITED = 55, "This choice leaves a message that says nothing of the debt but is not a limited-content message.";
    CALL_ZONES_DIFFER = 39, "The call is inside the window at one of the consumer's locations and outside at the other.";
    CHECK_DEPOSITED_EARLY = 56, "After the call, a postdated check taken on it is deposited before the date on it.";
    CHECK_NOTICE_MISSING = 57, "After the call, a check postdated by more than five days is deposited without written notice 3 to 10 business days before.";
    ARRANGEMENT_UNCONFIRMED = 58, "The call set up a payment arrangement and, of what the scenario says follows, no written confirmation goes out.";
}

impl Facts {
    /// Whether every bit in `mask` is set.
    pub fn has(self, mask: u64) -> bool {
        self.0 & mask == mask
    }

    /// Sets the bits in `mask`.
    pub fn set(&mut self, mask: u64) {
        self.0 |= mask;
    }
}

/// A rule that applies to a scenario, with the citation it is reported under (a state law
/// that extends an FDCPA section cites itself and the section).
#[derive(Debug, Clone)]
pub struct Active {
    /// The rule.
    pub rule: &'static Rule,
    /// The citation findings carry.
    pub citation: String,
}

/// The rules that apply to one scenario, indexed by what triggers them.
#[derive(Debug, Clone)]
pub struct Packs {
    /// Who is collecting.
    pub setting: Setting,
    /// Every rule that applies, in catalogue order.
    pub active: Vec<Active>,
    by_act: Vec<Vec<u16>>,
    first_words: Vec<u16>,
    at_end: Vec<u16>,
    /// Whether the FDCPA pack itself applies (its disclosures are due).
    pub fdcpa: bool,
    /// Whether the HIPAA pack applies.
    pub hipaa: bool,
    /// Whether the financial-assistance pack applies.
    pub fap: bool,
    /// The state law the scenario is judged under, for the debrief.
    pub state_law: Vec<StateLaw>,
    /// Calling hours a state file sets (minutes after midnight, earliest and end) and its
    /// citation; `None` for 8:00 a.m. to 9:00 p.m.
    pub hours: Option<(u32, u32, String)>,
}

impl Packs {
    /// The rules for a scenario: those of its rule packs for its setting, practice standards,
    /// and FDCPA rules a state file extends to its setting.
    pub fn of(s: &Scenario) -> Self {
        let packs = s.effective_rule_packs();
        let named: Vec<Pack> = packs.iter().filter_map(Pack::of).collect();
        let setting = s.setting;
        let (files, state_law) = rules::state::for_scenario(s);
        let mut active = Vec::new();
        for r in rules::all() {
            if !r.settings.contains(&setting) && r.pack != Pack::Fdcpa {
                continue;
            }
            let by_pack = (r.pack == Pack::Practice || named.contains(&r.pack))
                && r.settings.contains(&setting);
            if by_pack {
                let citation = match r.citation_with_fdcpa {
                    Some(c) if named.contains(&Pack::Fdcpa) => c,
                    _ => r.citation,
                };
                active.push(Active {
                    rule: r,
                    citation: citation.to_string(),
                });
            } else if r.pack == Pack::Fdcpa
                && let Some(section) = r.section
                && let Some((_, e)) = rules::state::extension(&files, section, setting)
            {
                active.push(Active {
                    rule: r,
                    citation: format!("{} (applying 15 USC {section})", e.citation),
                });
            }
        }
        let mut by_act = vec![Vec::new(); Act::ALL.len()];
        let (mut first_words, mut at_end) = (Vec::new(), Vec::new());
        for (i, a) in active.iter().enumerate() {
            for t in a.rule.trigger {
                match t {
                    Trigger::FirstWords => first_words.push(i as u16),
                    Trigger::End => at_end.push(i as u16),
                    _ => {}
                }
            }
            for act in Act::ALL {
                if a.rule.trigger.iter().any(|t| t.on(act)) {
                    by_act[act as usize].push(i as u16);
                }
            }
        }
        for list in &mut by_act {
            list.sort_by_key(|&i| (active[i as usize].rule.stage, i));
        }
        let hours = rules::state::hours(&files, setting).map(|(a, b, c)| (a, b, c.to_string()));
        Packs {
            setting,
            fdcpa: named.contains(&Pack::Fdcpa),
            hipaa: named.contains(&Pack::Hipaa) && setting.is_healthcare(),
            fap: named.contains(&Pack::FinancialAssistance) && setting.is_healthcare(),
            active,
            by_act,
            first_words,
            at_end,
            state_law,
            hours,
        }
    }

    /// Whether a rule applies.
    pub fn applies(&self, id: &str) -> bool {
        self.active.iter().any(|a| a.rule.id == id)
    }

    /// The citation a rule is reported under here (its catalogue citation if it does not apply).
    pub fn citation(&self, id: &str) -> Option<String> {
        self.active
            .iter()
            .find(|a| a.rule.id == id)
            .map(|a| a.citation.clone())
            .or_else(|| rules::rule(id).map(|r| r.citation.to_string()))
    }

    /// The pack each rule is reported under, for `analyze`: the pack's name, or the state law
    /// that extends it.
    pub fn pack_label(&self, id: &str) -> String {
        match self.active.iter().find(|a| a.rule.id == id) {
            Some(a) if a.rule.pack == Pack::Fdcpa && a.citation != a.rule.citation => {
                format!("State ({})", a.citation.split(" (").next().unwrap_or(""))
            }
            Some(a) => a.rule.pack.label().to_string(),
            None => rules::rule(id)
                .map_or("unknown", |r| r.pack.label())
                .to_string(),
        }
    }
}

/// A violation found by the engine or marked by the author.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Finding {
    /// Rule id from the catalogue.
    pub rule: String,
    /// Severity.
    pub severity: Severity,
    /// Citation from the catalogue.
    pub citation: String,
    /// Why the engine flagged it (empty for author-marked ones).
    pub reason: String,
    /// Whether the law is unsettled here ("depends"): shown as a caution with its reason, never
    /// scored as a breach or as compliant.
    pub uncertain: bool,
}

/// Acts that are silence or closing rather than communication.
fn is_communicative(act: Act) -> bool {
    !matches!(act, Act::HangUp)
}

/// The compliance fact an on-file flag sets.
pub fn file_fact(f: FileFlag) -> u64 {
    match f {
        FileFlag::WrittenDispute => Facts::WRITTEN_DISPUTE,
        FileFlag::CeaseRequest => Facts::CEASE,
        FileFlag::Attorney => Facts::ATTORNEY,
        FileFlag::Bankruptcy => Facts::BANKRUPTCY,
        FileFlag::ScraRateCapRequest => Facts::SCRA_NOTICE | Facts::SERVICEMEMBER,
        FileFlag::FinancialAssistanceApplication => Facts::FAP_PENDING,
    }
}

/// The compliance fact a revelation sets (0 for those that set none).
pub fn revelation_fact(what: Revelation) -> u64 {
    match what {
        Revelation::BankruptcyFiled => Facts::BANKRUPTCY,
        Revelation::AttorneyRepresents => Facts::ATTORNEY,
        Revelation::DisputesOrally => Facts::ORAL_DISPUTE,
        Revelation::InconvenientTime => Facts::INCONVENIENT,
        Revelation::AsksToStopCalling => Facts::STOP_CALLING,
        Revelation::ActiveDutyServicemember => Facts::SERVICEMEMBER,
        Revelation::DebtorDeceased => Facts::DECEASED,
        Revelation::DescribesHardship => Facts::HARDSHIP,
        Revelation::FinancialAssistancePending => Facts::FAP_PENDING,
        Revelation::RequestsScraRateCap => Facts::SCRA_REQUESTED | Facts::SERVICEMEMBER,
        Revelation::PatientAgrees => Facts::CONSENTED,
        Revelation::PatientObjects => Facts::OBJECTED,
        Revelation::InvolvedInPayment => Facts::INVOLVED_IN_PAYMENT,
        Revelation::AuthorizedForEstate => Facts::ESTATE_AUTHORITY,
        Revelation::JointlyLiable => Facts::JOINTLY_LIABLE,
        // Considering bankruptcy is not a filing; a mailed dispute is not on file until it
        // arrives; refusing to pay orally is not a written refusal; a wrong party is handled by
        // who is on the line.
        Revelation::BankruptcyConsidered
        | Revelation::DisputesInWriting
        | Revelation::RefusesToPay
        | Revelation::WrongParty => 0,
    }
}

/// Facts about what one choice says (an amount, a fee, a deadline, a message): set while its acts are
/// judged and cleared after, so they never outlive the choice.
pub const SAID: u64 = Facts::WRONG_AMOUNT
    | Facts::MESSAGE_LIMITED
    | Facts::MESSAGE_NOT_LIMITED
    | Facts::FEE_NOT_ALLOWED
    | Facts::DEADLINE_IN_PERIOD
    | Facts::DEADLINE_WITH_RIGHTS;

/// Facts about the person on the line, not the account: what a third party said of themselves
/// (involved in paying, authorized for the estate, jointly liable) and the account holder's
/// agreement that they may hear about it. They go when that person hands the phone on, so the
/// next one starts from nothing (an agreement given for a sister does not cover a neighbour).
pub const PERSONAL: u64 = Facts::CONSENTED
    | Facts::ASKED_AGREEMENT
    | Facts::INVOLVED_IN_PAYMENT
    | Facts::ESTATE_AUTHORITY
    | Facts::JOINTLY_LIABLE
    | Facts::CONTACTED_BEFORE;

/// The person on the line changes from `from`: a third party's personal facts go with them
/// (when the account holder hands the phone to someone, the agreement they gave stays for that
/// person).
pub fn party_changed(facts: &mut Facts, from: Party) {
    if !from.counts_as_consumer() && from != Party::BusinessEmployee {
        facts.0 &= !PERSONAL;
    }
}

/// Updates the facts with what the other person states on arrival at a node.
pub fn reveal(facts: &mut Facts, what: Revelation) {
    if what == Revelation::PatientObjects {
        // An objection withdraws an earlier agreement.
        facts.0 &= !Facts::CONSENTED;
    }
    facts.set(revelation_fact(what));
}

/// Runs the rules at `list` on one event, adding what they find to `out` (each rule once a
/// turn; one finding per ground).
fn run(
    packs: &Packs,
    list: &[u16],
    act: Option<Act>,
    facts: &mut Facts,
    party: Party,
    out: &mut Vec<Finding>,
    grounds: &mut Vec<&'static str>,
) {
    for &i in list {
        let a = &packs.active[i as usize];
        let r = a.rule;
        if out.iter().any(|f| f.rule == r.id)
            || (!r.ground.is_empty() && grounds.contains(&r.ground))
            || r.yields.iter().any(|g| grounds.contains(g))
        {
            continue;
        }
        let ctx = Ctx {
            act,
            facts: *facts,
            party,
            setting: packs.setting,
        };
        if let Some(hit) = (r.check)(&ctx) {
            facts.set(hit.mark);
            if !r.ground.is_empty() {
                grounds.push(r.ground);
            }
            out.push(Finding {
                rule: r.id.to_string(),
                severity: r.severity,
                citation: a.citation.clone(),
                reason: hit.reason.into_owned(),
                uncertain: hit.uncertain,
            });
        }
    }
}

/// Applies one choice's acts, in order, with what the choice says (`said`, bits of [`SAID`]),
/// and returns the violations they commit.
pub fn apply_acts(
    facts: &mut Facts,
    party: Party,
    packs: &Packs,
    acts: &[Act],
    said: u64,
) -> Vec<Finding> {
    facts.set(said & SAID);
    let out = judge_acts(facts, party, packs, acts);
    facts.0 &= !SAID;
    out
}

fn judge_acts(facts: &mut Facts, party: Party, packs: &Packs, acts: &[Act]) -> Vec<Finding> {
    let mut out = Vec::new();
    let mut grounds = Vec::new();
    for &act in acts {
        if is_communicative(act) && !facts.has(Facts::COMMUNICATED) {
            facts.set(Facts::COMMUNICATED);
            run(
                packs,
                &packs.first_words,
                None,
                facts,
                party,
                &mut out,
                &mut grounds,
            );
        }
        let speaks = speaks_for_debtor(packs.setting, party, *facts);
        match act {
            // A recording cannot be verified.
            Act::VerifyIdentity
                if party.is_live()
                    && (speaks || party.counts_as_patient(facts.has(Facts::DECEASED))) =>
            {
                facts.set(Facts::VERIFIED)
            }
            _ if reveals_debt(act) && speaks && party.is_live() && !facts.has(Facts::VERIFIED) => {
                facts.set(Facts::DISCUSSED_UNVERIFIED)
            }
            Act::DisclosureFull => facts.set(Facts::DISCLOSED_FULL | Facts::DISCLOSED_SHORT),
            Act::DisclosureShort => facts.set(Facts::DISCLOSED_SHORT),
            Act::RecordDispute => facts.set(Facts::DISPUTE_RECORDED),
            Act::ExplainFinancialAssistance => facts.set(Facts::FAP_EXPLAINED),
            Act::ExplainScraRateCap => facts.set(Facts::SCRA_EXPLAINED),
            Act::ApplyScraRateCap => facts.set(Facts::SCRA_APPLIED),
            Act::AskPatientAgreement => facts.set(Facts::ASKED_AGREEMENT),
            _ => {}
        }
        run(
            packs,
            &packs.by_act[act as usize],
            Some(act),
            facts,
            party,
            &mut out,
            &mut grounds,
        );
        let told_third_party = !speaks && Act::COLLECTOR_DISCLOSURE.contains(&act);
        if reveals_debt(act) || told_third_party {
            facts.set(Facts::DEBT_REVEALED);
            if speaks {
                facts.set(Facts::DEBT_DISCUSSED);
            }
        }
    }
    out
}

/// Violations that are only known when the call ends.
pub fn at_end(facts: Facts, packs: &Packs, party: Party) -> Vec<Finding> {
    let mut out = Vec::new();
    let mut facts = facts;
    run(
        packs,
        &packs.at_end,
        None,
        &mut facts,
        party,
        &mut out,
        &mut Vec::new(),
    );
    out
}

/// One line of the disclosure tracker.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DisclosureItem {
    /// What was required.
    pub name: String,
    /// The law that requires it.
    pub citation: String,
    /// Whether it was required on this call.
    pub required: bool,
    /// Whether it was given.
    pub given: bool,
}

/// What was required and given, and what was still owed when the call ended.
pub fn disclosure_tracker(facts: Facts, packs: &Packs) -> Vec<DisclosureItem> {
    let discussed = facts.has(Facts::DEBT_DISCUSSED);
    let (name, citation) = if packs.setting == Setting::CommercialB2B {
        (
            "The person's authority for the debtor business confirmed before discussing the invoice",
            "practice standard: right-party verification",
        )
    } else if packs.hipaa {
        (
            "Identity verified before discussing the patient's account",
            "45 CFR 164.514(h)(1)",
        )
    } else if packs.fdcpa {
        (
            "Right-party verification before discussing the debt",
            "15 USC 1692c(b)",
        )
    } else {
        (
            "Right-party verification before discussing the debt",
            "practice standard: right-party verification",
        )
    };
    let mut items = vec![DisclosureItem {
        name: name.into(),
        citation: citation.into(),
        required: discussed,
        given: facts.has(Facts::VERIFIED) && !facts.has(Facts::DISCUSSED_UNVERIFIED),
    }];
    if packs.fdcpa {
        let (name, given) = if facts.has(Facts::INITIAL) {
            (
                "Full debt-collector disclosure (initial communication)",
                facts.has(Facts::DISCLOSED_FULL),
            )
        } else {
            (
                "Debt-collector disclosure (later communication)",
                facts.has(Facts::DISCLOSED_SHORT),
            )
        };
        items.push(DisclosureItem {
            name: name.into(),
            citation: "15 USC 1692e(11); 12 CFR 1006.18(e)".into(),
            required: discussed,
            given,
        });
    }
    if facts.has(Facts::ORAL_DISPUTE) {
        items.push(DisclosureItem {
            name: "Dispute recorded on the account".into(),
            citation: if packs.fdcpa {
                "practice standard (see 15 USC 1692e(8))"
            } else {
                "practice standard: record every dispute"
            }
            .into(),
            required: true,
            given: facts.has(Facts::DISPUTE_RECORDED),
        });
    }
    if packs.fap && facts.has(Facts::HARDSHIP) {
        items.push(DisclosureItem {
            name: "Financial assistance policy and how to apply explained".into(),
            citation: "practice standard (26 USC 501(r)(4); 26 CFR 1.501(r)-6(c)(4)(i)(C))".into(),
            required: true,
            given: facts.has(Facts::FAP_EXPLAINED) || facts.has(Facts::FAP_PENDING),
        });
    }
    if packs.applies("scra.request_not_explained") && facts.has(Facts::SCRA_REQUESTED) {
        items.push(DisclosureItem {
            name: "How to invoke the SCRA rate cap explained".into(),
            citation: "50 USC 3937(b)(1)".into(),
            required: true,
            given: facts.has(Facts::SCRA_EXPLAINED) || facts.has(Facts::SCRA_APPLIED),
        });
    }
    items
}
