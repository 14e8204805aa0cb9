//! The compliance rule engine: reads the sequence of conversation acts, what the other person
//! has revealed and the account facts, and finds violations independently of what the author
//! marked. Also keeps the disclosure tracker. Rules and citations come from
//! [`crate::model::rules`]; which rules apply depends on the scenario's rule packs.

use serde::{Deserialize, Serialize};

use crate::model::rules::{self, RulePackKind};
use crate::model::{Act, Party, Revelation, RulePack, Severity};

/// Compact compliance facts for one call, as bits (cheap to copy and hash for exploration).
#[derive(
    Debug, Clone, Copy, Default, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize,
)]
pub struct Facts(pub u32);

macro_rules! bits {
    ($($name:ident = $bit:expr, $doc:literal;)*) => {
        impl Facts {
            $(#[doc = $doc] pub const $name: u32 = 1 << $bit;)*
            /// Every bit with its name, for saved state and debugging.
            pub const NAMES: &'static [(u32, &'static str)] = &[$((1 << $bit, stringify!($name)),)*];
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
    CALL_TIME_BAD = 12, "The call is outside 8 a.m. to 9 p.m. at the address or the phone.";
    CALL_TIME_FLAGGED = 13, "The call-time violation was already reported.";
    DISCLOSURE_FLAGGED = 14, "The missing-disclosure violation was already reported.";
    COMMUNICATED = 15, "The collector has said something.";
    INITIAL = 16, "This is the initial communication.";
    SUIT_INTENDED = 17, "Legal action is authorized and intended.";
    TIME_BARRED = 18, "The debt is time-barred.";
    DECEASED = 19, "The account holder has died.";
    SERVICEMEMBER = 20, "The consumer is on active military duty.";
}

impl Facts {
    /// Whether every bit in `mask` is set.
    pub fn has(self, mask: u32) -> bool {
        self.0 & mask == mask
    }

    /// Sets the bits in `mask`.
    pub fn set(&mut self, mask: u32) {
        self.0 |= mask;
    }
}

/// Which rule packs apply, as flags.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Packs {
    fdcpa: bool,
    regf: bool,
    bankruptcy: bool,
    hipaa: bool,
}

impl Packs {
    /// The packs of a scenario.
    pub fn of(packs: &[RulePack]) -> Self {
        Packs {
            fdcpa: RulePackKind::Fdcpa.in_packs(packs),
            regf: RulePackKind::RegulationF.in_packs(packs),
            bankruptcy: RulePackKind::BankruptcyStay.in_packs(packs),
            hipaa: RulePackKind::Hipaa.in_packs(packs),
        }
    }

    fn applies(self, rule: &rules::Rule) -> bool {
        match rule.pack {
            None => true,
            Some(RulePackKind::Fdcpa) => self.fdcpa,
            Some(RulePackKind::RegulationF) => self.regf,
            Some(RulePackKind::BankruptcyStay) => self.bankruptcy,
            Some(RulePackKind::Hipaa) => self.hipaa,
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
            | PressureDuringDispute
    )
}

/// Acts that say the debt exists (to whoever listens).
fn reveals_debt(act: Act) -> bool {
    is_collecting(act) || act == Act::TellThirdPartyAboutDebt || act == Act::CreditReport
}

/// Acts that are silence or closing rather than communication.
fn is_communicative(act: Act) -> bool {
    !matches!(act, Act::HangUp)
}

/// Updates the facts with what the other person states on arrival at a node.
pub fn reveal(facts: &mut Facts, what: Revelation) {
    match what {
        Revelation::BankruptcyFiled => facts.set(Facts::BANKRUPTCY),
        Revelation::AttorneyRepresents => facts.set(Facts::ATTORNEY),
        Revelation::DisputesOrally => facts.set(Facts::ORAL_DISPUTE),
        Revelation::InconvenientTime => facts.set(Facts::INCONVENIENT),
        Revelation::AsksToStopCalling => facts.set(Facts::STOP_CALLING),
        Revelation::ActiveDutyServicemember => facts.set(Facts::SERVICEMEMBER),
        Revelation::DebtorDeceased => facts.set(Facts::DECEASED),
        // Considering bankruptcy is not a filing; a mailed dispute is not on file until it
        // arrives; refusing to pay orally is not a written refusal; a wrong party is handled by
        // who is on the line.
        Revelation::BankruptcyConsidered
        | Revelation::DisputesInWriting
        | Revelation::RefusesToPay
        | Revelation::WrongParty => {}
    }
}

fn find(packs: Packs, id: &str, reason: String, out: &mut Vec<Finding>) {
    let rule = rules::rule(id).expect("engine rules are in the catalogue");
    if packs.applies(rule) && !out.iter().any(|f| f.rule == id) {
        out.push(Finding {
            rule: id.to_string(),
            severity: rule.severity,
            citation: rule.citation.to_string(),
            reason,
        });
    }
}

/// Applies one choice's acts, in order, and returns the violations they commit.
pub fn apply_acts(facts: &mut Facts, party: Party, packs: Packs, acts: &[Act]) -> Vec<Finding> {
    let mut out = Vec::new();
    let consumer = party.counts_as_consumer();
    for &act in acts {
        if is_communicative(act) && !facts.has(Facts::COMMUNICATED) {
            facts.set(Facts::COMMUNICATED);
            if facts.has(Facts::CALL_TIME_BAD) && !facts.has(Facts::CALL_TIME_FLAGGED) {
                facts.set(Facts::CALL_TIME_FLAGGED);
                find(
                    packs,
                    "fdcpa.inconvenient_time",
                    "the call was placed before 8:00 a.m. or at or after 9:00 p.m. local time at the consumer's address or phone".into(),
                    &mut out,
                );
            }
        }
        match act {
            Act::VerifyIdentity if consumer => facts.set(Facts::VERIFIED),
            Act::DisclosureFull => facts.set(Facts::DISCLOSED_FULL | Facts::DISCLOSED_SHORT),
            Act::DisclosureShort => facts.set(Facts::DISCLOSED_SHORT),
            Act::RecordDispute => facts.set(Facts::DISPUTE_RECORDED),
            Act::ThreatenArrest => find(packs, "fdcpa.false_threat", "arrest or jail was threatened".into(), &mut out),
            Act::ThreatenSuit if facts.has(Facts::TIME_BARRED) => {
                find(packs, "regf.time_barred_suit", "suit was threatened on a time-barred debt".into(), &mut out)
            }
            Act::ThreatenSuit if !facts.has(Facts::SUIT_INTENDED) => find(
                packs,
                "fdcpa.false_threat",
                "suit was threatened but legal action is not intended or authorized".into(),
                &mut out,
            ),
            Act::MisstateDebt => find(packs, "fdcpa.false_representation", "the amount or status of the debt was misstated".into(), &mut out),
            Act::AbusiveLanguage => find(packs, "fdcpa.harassment", "abusive or profane language".into(), &mut out),
            Act::DenyDisputeRights => find(packs, "fdcpa.dispute_overshadowing", "the consumer was told they cannot dispute".into(), &mut out),
            Act::PressureDuringDispute => find(
                packs,
                "fdcpa.dispute_overshadowing",
                "pressure for payment overshadowed the consumer's dispute rights".into(),
                &mut out,
            ),
            Act::AddUnauthorizedFee => find(packs, "fdcpa.unauthorized_amount", "a fee not authorized by the agreement or by law was added".into(), &mut out),
            Act::CreditReport
                if (facts.has(Facts::ORAL_DISPUTE) || facts.has(Facts::WRITTEN_DISPUTE))
                    && !facts.has(Facts::DISPUTE_RECORDED) =>
            {
                find(
                    packs,
                    "fdcpa.disputed_credit_reporting",
                    "credit reporting on a debt known to be disputed, with the dispute not recorded".into(),
                    &mut out,
                )
            }
            Act::ScheduleCallback if facts.has(Facts::STOP_CALLING) => find(
                packs,
                "regf.medium_request",
                "a phone callback was set after the consumer asked not to be called".into(),
                &mut out,
            ),
            _ => {}
        }
        if reveals_debt(act) {
            if !consumer {
                find(
                    packs,
                    "fdcpa.third_party_disclosure",
                    format!("the debt was disclosed to a third party ({party:?})"),
                    &mut out,
                );
                continue;
            }
            if !facts.has(Facts::VERIFIED) {
                find(
                    packs,
                    "practice.disclosure_before_verification",
                    "the debt was discussed before the right party was confirmed".into(),
                    &mut out,
                );
            }
            let disclosed = if facts.has(Facts::INITIAL) {
                facts.has(Facts::DISCLOSED_FULL)
            } else {
                facts.has(Facts::DISCLOSED_SHORT)
            };
            if !disclosed && !facts.has(Facts::DISCLOSURE_FLAGGED) {
                facts.set(Facts::DISCLOSURE_FLAGGED);
                find(
                    packs,
                    "fdcpa.collector_disclosure",
                    if facts.has(Facts::INITIAL) {
                        "the debt was discussed in the initial communication without the full debt-collector disclosure".into()
                    } else {
                        "the debt was discussed without saying the call is from a debt collector"
                            .into()
                    },
                    &mut out,
                );
            }
            facts.set(Facts::DEBT_DISCUSSED);
        }
        if is_collecting(act) {
            if facts.has(Facts::BANKRUPTCY) {
                find(
                    packs,
                    "bankruptcy.automatic_stay",
                    "collection continued after a bankruptcy filing was disclosed".into(),
                    &mut out,
                );
            }
            if facts.has(Facts::ATTORNEY) {
                find(
                    packs,
                    "fdcpa.attorney_represented",
                    "collection continued with a consumer known to be represented by an attorney"
                        .into(),
                    &mut out,
                );
            }
            if facts.has(Facts::CEASE) {
                find(
                    packs,
                    "fdcpa.cease_communication",
                    "collection continued after a written cease request".into(),
                    &mut out,
                );
            }
            if facts.has(Facts::WRITTEN_DISPUTE) {
                find(
                    packs,
                    "fdcpa.collection_during_verification",
                    "collection continued after a written dispute, before verification was sent"
                        .into(),
                    &mut out,
                );
            }
            if facts.has(Facts::INCONVENIENT) {
                find(
                    packs,
                    "fdcpa.inconvenient_time",
                    "collection continued after the consumer said the time was inconvenient".into(),
                    &mut out,
                );
            }
        }
    }
    out
}

/// Violations that are only known when the call ends.
pub fn at_end(facts: Facts, packs: Packs) -> Vec<Finding> {
    let mut out = Vec::new();
    if facts.has(Facts::ORAL_DISPUTE) && !facts.has(Facts::DISPUTE_RECORDED) {
        find(
            packs,
            "practice.dispute_not_recorded",
            "the consumer disputed the debt and the dispute was not recorded".into(),
            &mut out,
        );
    }
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
pub fn disclosure_tracker(facts: Facts, packs: Packs) -> Vec<DisclosureItem> {
    let discussed = facts.has(Facts::DEBT_DISCUSSED);
    let mut items = vec![DisclosureItem {
        name: "Right-party verification before discussing the debt".into(),
        citation: "15 USC 1692c(b)".into(),
        required: discussed,
        given: facts.has(Facts::VERIFIED),
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
            citation: "15 USC 1692e(8)".into(),
            required: true,
            given: facts.has(Facts::DISPUTE_RECORDED),
        });
    }
    items
}
