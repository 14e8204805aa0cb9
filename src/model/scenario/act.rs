//! Conversation acts: what a choice does, as the compliance engine and the QA scorecard see it.

use serde::{Deserialize, Serialize};

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
    /// Misstates the amount or legal status of the debt (15 USC 1692e(2)(A)). Deprecated: it
    /// names its own verdict; give the choice's `amount` (checked against the balance) instead.
    MisstateDebt,
    /// Uses obscene, profane or abusive language (15 USC 1692d(2)).
    AbusiveLanguage,
    /// Tells the consumer they cannot dispute the debt.
    DenyDisputeRights,
    /// Pressures for payment in a way that overshadows dispute rights (15 USC 1692g(b)).
    /// Deprecated: it names its own verdict; give a payment ask a `deadline_days` (judged
    /// against the validation period) instead.
    PressureDuringDispute,
    /// Adds a fee or charge not authorised by the agreement or by law (15 USC 1692f(1)).
    /// Deprecated: it names its own verdict; use `AddFee` with the choice's `fee` (checked
    /// against `account.fees_allowed`) instead.
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
    /// Adds the fee or charge the choice's `fee` names; the engine checks it against the fees
    /// the agreement or the law allows (`account.fees_allowed`, 15 USC 1692f(1)).
    AddFee,
    /// Says an attorney, a law firm or a legal department is handling or reviewing the account;
    /// the engine checks it against `account.attorney_involved` (15 USC 1692e(3), (10)).
    MentionAttorney,
}

impl Act {
    /// Every act, in declaration order (`act as usize` indexes it).
    pub const ALL: [Act; 49] = [
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
        Act::AddFee,
        Act::MentionAttorney,
    ];
}

impl Act {
    /// The debt-collector disclosure, full or short: it says there is a debt, so to a third
    /// party it reveals one like naming the debt would.
    pub const COLLECTOR_DISCLOSURE: &'static [Act] = &[Act::DisclosureFull, Act::DisclosureShort];

    /// For an act that names its own verdict: what to write instead (the validator warns).
    pub fn replacement(self) -> Option<&'static str> {
        Some(match self {
            Act::MisstateDebt => {
                "state the amount with the choice's `amount: Some(...)` (and `StateBalance`): the engine compares it with the balance"
            }
            Act::AddUnauthorizedFee => {
                "use `AddFee` with `fee: Some(ChargedFee(name: \"...\", amount: ...))`: the engine checks it against `account.fees_allowed`"
            }
            Act::PressureDuringDispute => {
                "give the payment ask a `deadline_days: Some(n)`: the engine judges the deadline against the validation period"
            }
            _ => return None,
        })
    }
}
