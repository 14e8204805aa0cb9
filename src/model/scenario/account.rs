//! The account screen: balance, times, what is on file, and the account's history.

use serde::{Deserialize, Serialize};

use super::Party;
use crate::model::Date;

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
    /// The fictional number called, e.g. `"(614) 555-0142"`: the engine works out the phone's
    /// time zone from its area code when `phone_time_zone` is left out.
    #[serde(default)]
    pub phone_number: Option<String>,
    /// Time zone of the phone (may differ from the address). Leave it out and the engine takes
    /// it from `phone_number`'s area code, or, without a number, the address's zone.
    #[serde(default)]
    pub phone_time_zone: Option<TimeZone>,
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
    /// debt-collector disclosure is due; later calls need only the short form). Leave it out
    /// and the engine works it out from the history: a later communication when an earlier
    /// call reached a conversation or a letter was delivered ([`Account::is_initial`]).
    #[serde(default)]
    pub initial_communication: Option<bool>,
    /// Whether the creditor has authorized, and the collector intends, legal action; a threat of
    /// suit is false when it has not (15 USC 1692e(5)).
    #[serde(default)]
    pub legal_action_intended: bool,
    /// Whether an attorney is meaningfully involved in collecting the account (has reviewed it
    /// and exercised professional judgment on it); saying that an attorney is handling the
    /// account is false otherwise (15 USC 1692e(3)), and saying a legal department is, misleading
    /// (15 USC 1692e(10)).
    #[serde(default)]
    pub attorney_involved: bool,
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
    /// Earlier contacts with people other than the account holder, oldest first (a third
    /// party may be asked for location information only once, 15 USC 1692b(3)).
    #[serde(default)]
    pub third_party_contacts: Vec<ThirdPartyContact>,
    /// Requests on file about when, where or how to be contacted (15 USC 1692c(a)(1); 12 CFR
    /// 1006.14(h)).
    #[serde(default)]
    pub requests_on_file: Vec<ContactRequest>,
    /// Letters sent on the account, oldest first (the validation period is worked out from
    /// the validation notice, 12 CFR 1006.34(b)(5)).
    #[serde(default)]
    pub letters: Vec<Letter>,
    /// Disputes received, oldest first (a written one inside the validation period pauses
    /// collection until verification is sent, 15 USC 1692g(b)).
    #[serde(default)]
    pub disputes: Vec<DisputeOnFile>,
    /// The consumer's attorney on this debt, when one is known (15 USC 1692c(a)(2)).
    #[serde(default)]
    pub attorney: Option<AttorneyOnFile>,
    /// Whose line the number on screen is (a workplace line matters when the consumer asked
    /// not to be called at work).
    #[serde(default)]
    pub phone_line: Option<Line>,
    /// Fees the agreement creating the debt or the law allows; a fee a choice adds is checked
    /// against them (15 USC 1692f(1)).
    #[serde(default)]
    pub fees_allowed: Vec<AllowedFee>,
    /// A business debtor's open invoices (commercial accounts); an offer may pay some of them.
    #[serde(default)]
    pub invoices: Vec<Invoice>,
}

/// An earlier contact with someone other than the account holder.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ThirdPartyContact {
    /// When, local time at the debtor's address.
    #[serde(deserialize_with = "local_date_time")]
    pub at: chrono::NaiveDateTime,
    /// Who they are to the account holder; a call that reaches the same kind of person again is
    /// treated as reaching them, unless both this contact and the scenario's `cast` name the
    /// person and the names differ.
    pub party: Party,
    /// Their fictional name, if known (matched against the scenario's `cast`).
    #[serde(default)]
    pub name: Option<String>,
    /// What was asked and said, for the account screen.
    pub said: String,
    /// Whether they asked to be called again (15 USC 1692b(3) allows it then).
    #[serde(default)]
    pub asked_to_be_called_again: bool,
    /// Whether the collector reasonably believes their earlier answer was wrong or incomplete
    /// and that they now have correct or complete location information (15 USC 1692b(3) allows
    /// another contact then; say why in `said`).
    #[serde(default)]
    pub now_has_better_information: bool,
}

/// Minutes after midnight of a time of day (seconds dropped), as calling windows and requests
/// count them.
pub fn minute_of_day(t: impl chrono::Timelike) -> u32 {
    t.hour() * 60 + t.minute()
}

/// A request about contact on file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ContactRequest {
    /// When it was made.
    pub made: Date,
    /// What it asks.
    pub asks: RequestKind,
}

/// What a contact request asks.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum RequestKind {
    /// No calls between two local times at the consumer's address, `"HH:MM"` each (e.g.
    /// `NoCallsBetween("07:00", "10:00")` for a night-shift worker); a time known to be
    /// inconvenient (15 USC 1692c(a)(1)).
    NoCallsBetween(String, String),
    /// No calls at work: a place known to be inconvenient (15 USC 1692c(a)(1)).
    NoCallsAtWork,
    /// No telephone calls at all: a request not to use a medium (12 CFR 1006.14(h)).
    NoPhoneCalls,
}

impl RequestKind {
    /// The hours as minutes after midnight, when this is a time request and both parse.
    pub fn minutes(&self) -> Option<(u32, u32)> {
        let RequestKind::NoCallsBetween(a, b) = self else {
            return None;
        };
        let m = |s: &str| {
            chrono::NaiveTime::parse_from_str(s, "%H:%M")
                .ok()
                .map(minute_of_day)
        };
        Some((m(a)?, m(b)?))
    }

    /// How the account screen shows it.
    pub fn label(&self) -> String {
        match self {
            RequestKind::NoCallsBetween(a, b) => format!("no calls between {a} and {b}"),
            RequestKind::NoCallsAtWork => "no calls at work".into(),
            RequestKind::NoPhoneCalls => "no telephone calls".into(),
        }
    }
}

/// A letter sent on the account.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Letter {
    /// What it was.
    pub kind: LetterKind,
    /// The day it was sent.
    pub sent: Date,
    /// Whether it came back undelivered (a returned letter reached nobody: it is not a
    /// communication and starts no validation period).
    #[serde(default)]
    pub returned: bool,
}

/// What a letter was.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum LetterKind {
    /// The validation notice (15 USC 1692g(a); 12 CFR 1006.34).
    ValidationNotice,
    /// Another collection letter.
    Collection,
    /// Verification of a disputed debt, mailed in answer to a dispute (15 USC 1692g(b)).
    Verification,
}

/// A dispute received.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DisputeOnFile {
    /// The day it was received.
    pub received: Date,
    /// Whether it came in writing (only a written dispute inside the validation period pauses
    /// collection, 15 USC 1692g(b)).
    pub written: bool,
}

/// The consumer's attorney.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AttorneyOnFile {
    /// The attorney's fictional name.
    pub name: String,
    /// Their number.
    pub phone: String,
    /// When the collector last wrote or called the attorney, if it has.
    #[serde(default)]
    pub contacted: Option<Date>,
    /// Whether the attorney has answered.
    #[serde(default)]
    pub responded: bool,
    /// Whether the attorney consents to the collector contacting the consumer directly.
    #[serde(default)]
    pub consents_to_direct_contact: bool,
}

/// Whose line a phone number or a voicemail box is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Line {
    /// The account holder's own (a mobile, or a voicemail greeting in their name only).
    Own,
    /// A household line others share (a greeting for the family).
    Shared,
    /// A workplace line.
    Workplace,
}

impl Line {
    /// A readable name.
    pub fn label(self) -> &'static str {
        match self {
            Line::Own => "the account holder's own line",
            Line::Shared => "a shared household line",
            Line::Workplace => "a workplace line",
        }
    }
}

/// A fee the agreement or the law allows.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AllowedFee {
    /// Its name, as a choice's `fee` names it, e.g. `"returned payment fee"`.
    pub name: String,
    /// The most it may be, in dollars.
    pub up_to: f64,
    /// What allows it, e.g. `"membership agreement section 7"`.
    pub authority: String,
}

/// An open invoice of a business debtor.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Invoice {
    /// Its number, e.g. `"INV-20418"`.
    pub number: String,
    /// When it was due.
    pub due: Date,
    /// The amount open, in dollars.
    pub amount: f64,
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

/// Reads `"YYYY-MM-DDTHH:MM"` or `"YYYY-MM-DDTHH:MM:SS"`.
fn local_date_time<'de, D: serde::Deserializer<'de>>(
    d: D,
) -> Result<chrono::NaiveDateTime, D::Error> {
    use chrono::Timelike;
    let s = String::deserialize(d)?;
    chrono::NaiveDateTime::parse_from_str(&s, "%Y-%m-%dT%H:%M:%S")
        .or_else(|_| chrono::NaiveDateTime::parse_from_str(&s, "%Y-%m-%dT%H:%M"))
        // chrono reads `:60` as a leap second; no call time is one.
        .ok()
        .filter(|t| t.nanosecond() < 1_000_000_000)
        .ok_or(())
        .map_err(|_| {
            serde::de::Error::custom(format!(
                "`{s}` is not a local date and time: write \"YYYY-MM-DDTHH:MM\", e.g. \"2026-11-23T18:40\""
            ))
        })
}

/// Where the phone's time zone comes from.
#[derive(Debug, Clone, PartialEq)]
pub enum PhoneZone<'a> {
    /// The file gives it (`phone_time_zone`).
    Given(&'a TimeZone),
    /// The number's area code, with the zones its numbers are in (more than one where the
    /// area code spans a zone boundary, e.g. 850 in the Florida panhandle).
    AreaCode(u16, &'static [&'static str]),
    /// Neither a zone nor a number the table knows: the address's zone.
    SameAsAddress,
}

impl Account {
    /// The area code of `phone_number`: its first three digits once a leading country code 1
    /// is dropped, when the number has ten digits (eleven with the 1).
    pub fn area_code(&self) -> Option<u16> {
        let digits: Vec<u32> = self
            .phone_number
            .as_deref()?
            .chars()
            .filter_map(|c| c.to_digit(10))
            .collect();
        let d = match digits.as_slice() {
            [1, rest @ ..] if rest.len() == 10 => rest,
            all if all.len() == 10 => all,
            _ => return None,
        };
        Some((d[0] * 100 + d[1] * 10 + d[2]) as u16)
    }

    /// Where the phone's zone comes from: the file's `phone_time_zone`, else the area code of
    /// `phone_number` (when the table knows it), else the address.
    pub fn phone_zone(&self) -> PhoneZone<'_> {
        if let Some(z) = &self.phone_time_zone {
            return PhoneZone::Given(z);
        }
        match self
            .area_code()
            .and_then(|c| Some((c, crate::model::area_codes::zones(c)?)))
        {
            Some((code, zones)) => PhoneZone::AreaCode(code, zones),
            None => PhoneZone::SameAsAddress,
        }
    }

    /// The call's local times at the phone, one for each zone the phone may be in (one when the
    /// zone is known; an area code across a zone boundary may give two), each with the zone's
    /// name for the account screen. Times that agree are given once.
    pub fn call_times_at_phone(&self) -> Vec<(chrono::NaiveDateTime, String)> {
        use chrono::TimeZone as _;
        let utc = self.address_time_zone.to_utc(self.call_local_time);
        let mut out: Vec<(chrono::NaiveDateTime, String)> = Vec::new();
        match self.phone_zone() {
            PhoneZone::Given(z) => out.push((z.to_local(utc), z.name.clone())),
            PhoneZone::SameAsAddress => {
                out.push((self.call_local_time, self.address_time_zone.name.clone()))
            }
            PhoneZone::AreaCode(code, zones) => {
                for name in zones {
                    let Ok(tz) = name.parse::<chrono_tz::Tz>() else {
                        continue;
                    };
                    let local = tz.from_utc_datetime(&utc);
                    let t = local.naive_local();
                    match out.iter_mut().find(|(seen, _)| *seen == t) {
                        Some((_, label)) => label.push_str(&format!(", {name}")),
                        None => out.push((
                            t,
                            format!("{} (area code {code}: {name}", local.format("%Z")),
                        )),
                    }
                }
                for (_, label) in &mut out {
                    label.push(')');
                }
            }
        }
        out
    }

    /// Whether this call is the initial communication: as the file says, else worked out from
    /// the history (no earlier conversation and no delivered letter before the call).
    pub fn is_initial(&self) -> bool {
        self.initial_communication
            .unwrap_or_else(|| self.history_says_initial())
    }

    /// Whether the history shows no earlier communication: no conversation on an earlier call
    /// and no letter delivered before the call's day.
    pub fn history_says_initial(&self) -> bool {
        let day = self.call_local_time.date();
        !self
            .call_history
            .iter()
            .any(|h| h.at < self.call_local_time && h.result == AttemptResult::Conversation)
            && !self.letters.iter().any(|l| !l.returned && l.sent < day)
    }

    /// The call's local time at the address, and at the phone when it differs, as the account
    /// screen shows them (e.g. "Mon Nov 23, 2026, 6:40 PM Eastern (EST)"); an area code that
    /// spans two zones shows both times.
    pub fn local_times(&self) -> (String, Option<String>) {
        let address = format!(
            "{} {}",
            self.call_local_time.format("%a %b %-d, %Y, %-I:%M %p"),
            self.address_time_zone.name
        );
        let at_phone = self.call_times_at_phone();
        let same = match self.phone_zone() {
            PhoneZone::SameAsAddress => true,
            PhoneZone::Given(z) => *z == self.address_time_zone,
            PhoneZone::AreaCode(_, zones) => {
                at_phone.len() == 1
                    && at_phone[0].0 == self.call_local_time
                    && (self.address_time_zone.iana.as_deref()).is_some_and(|a| zones.contains(&a))
            }
        };
        let phone = (!same).then(|| {
            at_phone
                .iter()
                .map(|(t, zone)| format!("{} {zone}", t.format("%-I:%M %p")))
                .collect::<Vec<_>>()
                .join(" or ")
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
