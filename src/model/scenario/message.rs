//! A message the collector leaves (on a voicemail, or with a person to pass on), part by part,
//! so the engine can judge it against the limited-content message of 12 CFR 1006.2(j) and the
//! third-party rules of 15 USC 1692b and 1692c(b).

use std::borrow::Cow;

use serde::{Deserialize, Serialize};

use super::{Act, Choice};

/// One part of a message the collector leaves.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum MessagePart {
    /// A greeting ("Hi, good afternoon"): allowed in a limited-content message.
    Salutation,
    /// The business name, when the name does not say the business collects debts: required.
    NeutralBusinessName,
    /// Asks the consumer to call back: required.
    RequestReply,
    /// The name of a person the consumer can ask for: required.
    CallerName,
    /// A telephone number to call back: required.
    CallbackNumber,
    /// The date and time of the message: allowed.
    DateAndTime,
    /// Suggested days and times to call back: allowed.
    SuggestedReplyTimes,
    /// That the consumer may speak to any of the business's representatives: allowed.
    AnyRepresentative,
    /// A business name that says it collects debts ("... Collection Services"): reveals the debt.
    CollectionBusinessName,
    /// Says the call is about a debt, a bill, money owed or names the creditor: reveals the
    /// debt. A bare "about your account" is not this: write it as `Other`, since whether it
    /// reveals a debt depends on who hears it, and it is beyond a limited-content message.
    MentionsDebt,
    /// Gives the balance: reveals the debt (the choice's `amount` is checked against it).
    Balance,
    /// The full debt-collector disclosure (15 USC 1692e(11), initial communication).
    FullDisclosure,
    /// The short debt-collector disclosure (15 USC 1692e(11), later communications).
    ShortDisclosure,
    /// Anything else, in the collector's words (a limited-content message allows nothing else).
    Other(String),
}

impl MessagePart {
    /// The parts a limited-content message must have (12 CFR 1006.2(j)(1)).
    pub const REQUIRED: [MessagePart; 4] = [
        MessagePart::NeutralBusinessName,
        MessagePart::RequestReply,
        MessagePart::CallerName,
        MessagePart::CallbackNumber,
    ];

    /// The act the part performs, for the parts that say something the rules judge.
    pub fn act(&self) -> Option<Act> {
        Some(match self {
            MessagePart::CollectionBusinessName | MessagePart::MentionsDebt => Act::DiscloseDebt,
            MessagePart::Balance => Act::StateBalance,
            MessagePart::FullDisclosure => Act::DisclosureFull,
            MessagePart::ShortDisclosure => Act::DisclosureShort,
            _ => return None,
        })
    }
}

/// How a message stands against the limited-content message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MessageKind {
    /// Says something about the debt (or is the debt-collector disclosure): its acts are judged
    /// like anything said to whoever hears it.
    Reveals,
    /// Every required part and nothing beyond the allowed ones.
    LimitedContent,
    /// Says nothing about the debt but is not a limited-content message: a required part is
    /// missing, or it adds words of its own (`Other`).
    NotLimited,
}

/// Sorts a message's parts.
pub fn message_kind(parts: &[MessagePart]) -> MessageKind {
    if parts.iter().any(|p| p.act().is_some()) {
        return MessageKind::Reveals;
    }
    // Every part that neither reveals the debt nor is `Other` is one the limited-content
    // message allows (12 CFR 1006.2(j)(1)-(2)).
    let complete = MessagePart::REQUIRED.iter().all(|r| parts.contains(r));
    let adds_words = parts.iter().any(|p| matches!(p, MessagePart::Other(_)));
    if complete && !adds_words {
        MessageKind::LimitedContent
    } else {
        MessageKind::NotLimited
    }
}

impl Choice {
    /// The acts the choice performs: its `acts`, and for a structured `message` the
    /// `LeaveMessage` act and what its parts say (the company's collection name or the debt
    /// reveal it, a balance states it, the disclosure is given, the disclosure before the rest),
    /// each once.
    pub fn all_acts(&self) -> Cow<'_, [Act]> {
        let Some(parts) = &self.message else {
            return Cow::Borrowed(&self.acts);
        };
        let mut acts = self.acts.clone();
        // The disclosure first: a message that gives it and names the debt gives it before
        // naming the debt, as a collector would say it.
        let is_disclosure = |a: &Act| Act::COLLECTOR_DISCLOSURE.contains(a);
        let said = parts.iter().filter_map(MessagePart::act);
        let implied = std::iter::once(Act::LeaveMessage)
            .chain(said.clone().filter(is_disclosure))
            .chain(said.filter(|a| !is_disclosure(a)));
        for act in implied {
            if !acts.contains(&act) {
                acts.push(act);
            }
        }
        Cow::Owned(acts)
    }
}
