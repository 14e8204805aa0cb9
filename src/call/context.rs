//! What the account says about this call before anything is said: its time against the calling
//! window, how many calls came before it, the validation period, disputes, an attorney, requests
//! and earlier third-party contacts on file. The engine turns these into the facts the rule
//! packs read ([`initial_facts`]), so an author writes the history and the engine judges it.

use super::calendar;
use super::compliance::Facts;
use crate::model::{
    Account, AfterCall, AttemptResult, CallDirection, Date, Ending, FileFlag, LetterKind, Line,
    Outcome, Party, RequestKind, Scenario, minute_of_day,
};

/// The validation period of the account's validation notice (12 CFR 1006.34(b)(5)).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ValidationPeriod {
    /// The day the notice was sent.
    pub sent: Date,
    /// The day the consumer is assumed to have received it (five days later, not counting
    /// Saturdays, Sundays and legal public holidays).
    pub received: Date,
    /// The last day of the period (30 days after receipt).
    pub ends: Date,
}

impl ValidationPeriod {
    /// Whether `day` is inside the period.
    pub fn contains(&self, day: Date) -> bool {
        (self.sent..=self.ends).contains(&day)
    }
}

/// The validation period of the first validation notice that was not returned, if any.
pub fn validation_period(a: &Account) -> Option<ValidationPeriod> {
    let l = a
        .letters
        .iter()
        .find(|l| l.kind == LetterKind::ValidationNotice && !l.returned)?;
    let (received, ends) = calendar::validation_period(l.sent);
    Some(ValidationPeriod {
        sent: l.sent,
        received,
        ends,
    })
}

/// The written dispute that pauses collection on this call's day, if any: received inside the
/// validation period, on or before the call, with no verification mailed since (15 USC 1692g(b);
/// 12 CFR 1006.38(d)(2)).
pub fn pausing_dispute(a: &Account) -> Option<&crate::model::DisputeOnFile> {
    let period = validation_period(a)?;
    let day = a.call_local_time.date();
    a.disputes.iter().find(|d| {
        d.written
            && d.received <= day
            && period.contains(d.received)
            && !a
                .letters
                .iter()
                .any(|l| l.kind == LetterKind::Verification && !l.returned && l.sent >= d.received)
    })
}

/// The on-file flags, with those the history implies: a pausing written dispute and an attorney
/// who has not consented to direct contact.
pub fn file_flags(a: &Account) -> Vec<FileFlag> {
    let mut flags = a.flags_on_file.clone();
    let mut add = |f| {
        if !flags.contains(&f) {
            flags.push(f);
        }
    };
    if pausing_dispute(a).is_some() {
        add(FileFlag::WrittenDispute);
    }
    if a.attorney
        .as_ref()
        .is_some_and(|x| !x.consents_to_direct_contact)
    {
        add(FileFlag::Attorney);
    }
    flags
}

/// The time or place request on file this call goes against, if any: no calls in hours that
/// include the call's local time, or no calls at work when the number is a workplace line (15 USC
/// 1692c(a)(1)). Only calls the collector places go against them.
pub fn broken_request(a: &Account) -> Option<&RequestKind> {
    if a.direction == CallDirection::Inbound {
        return None;
    }
    let day = a.call_local_time.date();
    let t = minute_of_day(a.call_local_time);
    a.requests_on_file
        .iter()
        .filter(|r| r.made <= day)
        .map(|r| &r.asks)
        .find(|asks| match asks {
            RequestKind::NoPhoneCalls => false,
            RequestKind::NoCallsAtWork => a.phone_line == Some(Line::Workplace),
            RequestKind::NoCallsBetween(..) => asks.minutes().is_some_and(|(from, to)| {
                if from <= to {
                    (from..to).contains(&t)
                } else {
                    // Across midnight, e.g. 22:00 to 06:00.
                    t >= from || t < to
                }
            }),
        })
}

/// Bit `p.index()` set for each third party an earlier call asked for location information,
/// who did not ask to be called again and of whom nothing suggests a better answer now (15 USC
/// 1692b(3)). The contact reaches the person on this call when both are named and the names
/// agree; when either is unnamed, a later call that reaches the same kind of person is taken to
/// reach them.
pub fn contacted_parties(s: &Scenario) -> u16 {
    let a = &s.account;
    a.third_party_contacts
        .iter()
        .filter(|c| {
            c.at < a.call_local_time && !c.asked_to_be_called_again && !c.now_has_better_information
        })
        .filter(|c| match (&c.name, s.name_of(c.party)) {
            (Some(then), Some(now)) => same_name(then, now),
            _ => true,
        })
        .fold(0, |m, c| m | party_bit(c.party))
}

/// Whether two names are the same person's, ignoring case and spacing.
fn same_name(a: &str, b: &str) -> bool {
    let words = |s: &str| {
        s.split_whitespace()
            .map(str::to_lowercase)
            .collect::<Vec<_>>()
    };
    words(a) == words(b)
}

/// A party's bit in [`contacted_parties`].
pub fn party_bit(p: Party) -> u16 {
    1 << p.index()
}

/// The facts the account sets before the call: on-file flags and what the history implies,
/// whether this is the initial communication, the call's time against the window from `opens` to
/// `closes` (minutes after midnight) at the address and the phone, and its frequency.
pub fn initial_facts(a: &Account, opens: u32, closes: u32) -> Facts {
    let mut facts = Facts::default();
    for f in file_flags(a) {
        facts.set(super::compliance::file_fact(f));
    }
    if a.is_initial() {
        facts.set(Facts::INITIAL);
    }
    if a.legal_action_intended {
        facts.set(Facts::SUIT_INTENDED);
    }
    if a.time_barred {
        facts.set(Facts::TIME_BARRED);
    }
    if a.attorney_involved {
        facts.set(Facts::ATTORNEY_INVOLVED);
    }
    if a.direction == CallDirection::Inbound {
        facts.set(Facts::INBOUND);
    } else {
        let (placed, after_conversation) = call_frequency(a);
        if placed > 7 {
            facts.set(Facts::CALLS_OVER_SEVEN);
        }
        if after_conversation {
            facts.set(Facts::CALL_AFTER_CONVERSATION);
        }
    }
    if a.incurred_before_service {
        facts.set(Facts::PRE_SERVICE);
    }
    if a.annual_interest_percent.is_some_and(|p| p > 6.0) {
        facts.set(Facts::RATE_ABOVE_CAP);
    }
    let at: Vec<Window> = std::iter::once(a.call_local_time)
        .chain(a.call_times_at_phone().into_iter().map(|(t, _)| t))
        .map(|t| call_window(t, opens, closes))
        .collect();
    let outside = at.iter().filter(|w| **w == Window::Outside).count();
    if outside == at.len() {
        facts.set(Facts::CALL_TIME_BAD);
    } else if outside > 0 {
        facts.set(Facts::CALL_ZONES_DIFFER);
    } else if at.contains(&Window::AtTheEnd) {
        facts.set(Facts::CALL_AT_NINE);
    }
    if let Some(x) = &a.attorney
        && !x.consents_to_direct_contact
        && x.contacted.is_some()
        && !x.responded
    {
        facts.set(Facts::ATTORNEY_SILENT);
    }
    match broken_request(a) {
        Some(RequestKind::NoCallsAtWork) => facts.set(Facts::PLACE_REFUSED),
        Some(RequestKind::NoCallsBetween(..)) => facts.set(Facts::HOURS_REFUSED),
        _ => {}
    }
    let day = a.call_local_time.date();
    if a.requests_on_file
        .iter()
        .any(|r| r.made <= day && r.asks == RequestKind::NoPhoneCalls)
    {
        facts.set(Facts::PHONE_REFUSED);
    }
    facts
}

/// Facts about what the scenario says happens after the call ends at `ending`, the call taking
/// place on `call_day`: a postdated check deposited before its date (15 USC 1692f(4)), or,
/// postdated by more than five days, deposited without written notice 3 to 10 business days
/// before (15 USC 1692f(2); days counted as 12 CFR 1006.22(c)(1) counts them), and an arrangement
/// with no written confirmation (a practice standard). An ending with no `after` events says
/// nothing of what follows, so nothing is judged.
pub fn after_call_facts(ending: &Ending, call_day: Date) -> u64 {
    let mut facts = 0;
    for e in &ending.after {
        if let AfterCall::PostdatedCheck {
            dated,
            deposited: Some(deposited),
            notice_sent,
        } = e
        {
            if deposited < dated {
                facts |= Facts::CHECK_DEPOSITED_EARLY;
            }
            let postdated_days = (*dated - call_day).num_days();
            let notice_in_time = notice_sent.is_some_and(|n| {
                (3..=10).contains(&calendar::business_days_between(n, *deposited))
            });
            if postdated_days > 5 && !notice_in_time {
                facts |= Facts::CHECK_NOTICE_MISSING;
            }
        }
    }
    let arrangement = matches!(ending.outcome, Outcome::PlanSetUp | Outcome::PromiseToPay);
    let confirmed = ending
        .after
        .iter()
        .any(|e| matches!(e, AfterCall::ConfirmationSent { .. }));
    if arrangement && !ending.after.is_empty() && !confirmed {
        facts |= Facts::ARRANGEMENT_UNCONFIRMED;
    }
    facts
}

/// What a choice says that the rules judge, as bits of [`super::compliance::SAID`]: an amount
/// owed that is not the balance, a fee the account does not allow, a payment deadline before the
/// validation period ends (with or without the dispute rights explained alongside), and a
/// message that says nothing of the debt, limited-content or not.
pub fn said(a: &Account, c: &crate::model::Choice) -> u64 {
    use crate::model::Act;
    let mut bits = 0;
    if c.amount
        .is_some_and(|x| (x - a.balance.total()).abs() >= 0.005)
    {
        bits |= Facts::WRONG_AMOUNT;
    }
    if let Some(fee) = &c.fee
        && !fee_allowed(a, fee)
    {
        bits |= Facts::FEE_NOT_ALLOWED;
    }
    // The period is worked out only for a choice that sets a deadline.
    if let Some(days) = c.deadline_days
        && let Some(period) = validation_period(a)
    {
        let day = a.call_local_time.date();
        let deadline = day + chrono::Duration::days(i64::from(days));
        if period.contains(day) && deadline < period.ends {
            bits |= if c.all_acts().contains(&Act::ExplainDisputeRights) {
                Facts::DEADLINE_WITH_RIGHTS
            } else {
                Facts::DEADLINE_IN_PERIOD
            };
        }
    }
    match c.message.as_deref().map(crate::model::message_kind) {
        Some(crate::model::MessageKind::LimitedContent) => bits |= Facts::MESSAGE_LIMITED,
        Some(crate::model::MessageKind::NotLimited) => bits |= Facts::MESSAGE_NOT_LIMITED,
        Some(crate::model::MessageKind::Reveals) | None => {}
    }
    bits
}

/// Whether the account allows this fee: one of `fees_allowed` with the same name (case and
/// surrounding spaces aside) and an amount no more than it allows.
pub fn fee_allowed(a: &Account, fee: &crate::model::ChargedFee) -> bool {
    a.fees_allowed.iter().any(|f| {
        f.name.trim().eq_ignore_ascii_case(fee.name.trim()) && fee.amount <= f.up_to + 0.005
    })
}

/// How this call stands against the call-frequency presumptions of 12 CFR 1006.14(b)(2): the
/// calls the collector has placed in the seven consecutive days ending on the call's date, this
/// one included (calls that never connected are not counted, 1006.14(b)(3)), and whether it
/// comes within seven consecutive days after a telephone conversation (the conversation's day
/// is the first of the seven).
pub fn call_frequency(a: &Account) -> (usize, bool) {
    let day = a.call_local_time.date();
    let earlier = a.call_history.iter().filter(|h| h.at < a.call_local_time);
    let mut placed = 1;
    let mut after_conversation = false;
    for h in earlier {
        let days = (day - h.at.date()).num_days();
        if h.direction == CallDirection::Outbound
            && h.result != AttemptResult::DidNotConnect
            && (0..7).contains(&days)
        {
            placed += 1;
        }
        if h.result == AttemptResult::Conversation && (0..7).contains(&days) {
            after_conversation = true;
        }
    }
    (placed, after_conversation)
}

/// Where a local time falls against a calling window (minutes after midnight).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Window {
    /// Inside: at or after the start and before the end.
    Inside,
    /// In the minute the window ends (9:00 p.m.): the rule presumes calls *after* it
    /// inconvenient, so this is a "depends".
    AtTheEnd,
    /// Before the start or after the end's minute.
    Outside,
}

/// Where `t` falls against the window from `from` to `to` (minutes after midnight). 8:00 a.m.
/// itself is inside the presumed convenient window (15 USC 1692c(a)(1); 12 CFR
/// 1006.6(b)(1)(i)); 9:00 p.m. is its end.
pub fn call_window(t: chrono::NaiveDateTime, from: u32, to: u32) -> Window {
    let minutes = minute_of_day(t);
    if (from..to).contains(&minutes) {
        Window::Inside
    } else if minutes == to {
        Window::AtTheEnd
    } else {
        Window::Outside
    }
}

/// The history on file as the account screen lists it, oldest first within each kind: (label,
/// text). The player and `rightparty play` both show these.
pub fn history_lines(a: &Account) -> Vec<(&'static str, String)> {
    let mut out = Vec::new();
    let day = a.call_local_time.date();
    let period = validation_period(a);
    for l in &a.letters {
        let what = match l.kind {
            LetterKind::ValidationNotice => "Validation notice",
            LetterKind::Collection => "Collection letter",
            LetterKind::Verification => "Verification",
        };
        let mut v = format!("sent {}", l.sent);
        if l.returned {
            v.push_str(", returned undelivered");
        } else if let Some(p) =
            period.filter(|p| p.sent == l.sent && l.kind == LetterKind::ValidationNotice)
        {
            v.push_str(&format!(
                "; assumed received {}; validation period ends {} ({})",
                p.received,
                p.ends,
                if p.contains(day) {
                    "this call is inside it"
                } else {
                    "over"
                }
            ));
        }
        out.push((what, v));
    }
    let pausing = pausing_dispute(a);
    for x in &a.disputes {
        let mut v = format!(
            "{} dispute received {}",
            if x.written { "written" } else { "oral" },
            x.received
        );
        if pausing.is_some_and(|p| std::ptr::eq(p, x)) {
            v.push_str("; collection paused until verification is mailed");
        }
        out.push(("Dispute", v));
    }
    if let Some(x) = &a.attorney {
        let mut v = format!("{}, {}", x.name, x.phone);
        if x.consents_to_direct_contact {
            v.push_str("; consents to direct contact with the consumer");
        } else if let Some(c) = x.contacted {
            v.push_str(&format!(
                "; contacted {c}, {}",
                if x.responded {
                    "answered"
                } else {
                    "no answer yet"
                }
            ));
        }
        out.push(("Attorney", v));
    }
    for r in &a.requests_on_file {
        out.push(("Request", format!("{} (since {})", r.asks.label(), r.made)));
    }
    if let Some(l) = a.phone_line {
        out.push(("Number", l.label().to_string()));
    }
    for c in &a.third_party_contacts {
        let who = match &c.name {
            Some(n) => format!("{n} ({})", c.party.noun()),
            None => c.party.noun().to_string(),
        };
        let mut v = format!("{} {who}: {}", c.at.format("%Y-%m-%d %-I:%M %p"), c.said);
        if c.asked_to_be_called_again {
            v.push_str(" (asked to be called again)");
        }
        out.push(("Third party", v));
    }
    for f in &a.fees_allowed {
        out.push((
            "Fee allowed",
            format!("{} up to ${:.2} ({})", f.name, f.up_to, f.authority),
        ));
    }
    for i in &a.invoices {
        out.push((
            "Invoice",
            format!("{} ${:.2}, due {}", i.number, i.amount, i.due),
        ));
    }
    out
}
