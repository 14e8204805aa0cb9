//! Checks on a scenario's account screen and debtor: amounts, the state, time zones, the
//! debtor's capacities, and the history on file.

use crate::content::diagnostic::Findings;
use crate::model::{Account, Date, Party, RequestKind, Scenario};

/// Runs the account and debtor checks.
pub fn check(s: &Scenario, out: &mut Findings) {
    let a = &s.account;
    for (field, v) in [
        ("principal", a.balance.principal),
        ("interest", a.balance.interest),
        ("fees", a.balance.fees),
    ] {
        if !v.is_finite() || v < 0.0 {
            out.error(
                "bad-value",
                format!("account.balance.{field}"),
                format!("{field} must be a dollar amount of 0 or more, not {v}"),
                None,
            );
        }
    }
    if let Some(p) = &a.last_payment
        && (!p.amount.is_finite() || p.amount <= 0.0)
    {
        out.error(
            "bad-value",
            "account.last_payment.amount",
            "a last payment must be more than $0",
            None,
        );
    }
    if a.debtor_state.len() != 2 || !a.debtor_state.chars().all(|c| c.is_ascii_uppercase()) {
        out.warning(
            "bad-value",
            "account.debtor_state",
            format!("`{}` is not a two-letter state code", a.debtor_state),
            Some("use the postal code, e.g. \"OH\"".to_string()),
        );
    }
    check_phone(a, out);
    for (field, tz) in std::iter::once(("address_time_zone", &a.address_time_zone))
        .chain(a.phone_time_zone.as_ref().map(|z| ("phone_time_zone", z)))
    {
        if let Some(name) = &tz.iana {
            if tz.tz().is_none() {
                out.error(
                    "unknown-time-zone",
                    format!("account.{field}.iana"),
                    format!("`{name}` is not a zone in the IANA time-zone database"),
                    Some("write the zone's IANA name, e.g. \"America/New_York\" or \"America/Phoenix\"".to_string()),
                );
            } else if let Some(off) = tz.utc_offset_minutes {
                let utc = a.address_time_zone.to_utc(a.call_local_time);
                let real = tz.offset_at(utc);
                if off != real {
                    out.warning(
                        "offset-mismatch",
                        format!("account.{field}.utc_offset_minutes"),
                        format!("`{name}` is {real} minutes from UTC at the time of the call, not {off}; the zone's offset is used"),
                        Some("leave `utc_offset_minutes` out: the time-zone database works it out".to_string()),
                    );
                }
            }
        } else {
            match tz.utc_offset_minutes {
                None => out.error(
                    "missing-time-zone",
                    format!("account.{field}"),
                    "the time zone gives neither an IANA zone nor an offset",
                    Some("add `iana: \"America/New_York\"` (or the debtor's zone)".to_string()),
                ),
                Some(off) if !(-720..=840).contains(&off) => out.error(
                    "bad-value",
                    format!("account.{field}.utc_offset_minutes"),
                    format!("UTC offset {off} minutes is outside -720..=840"),
                    Some("US Eastern Standard Time is -300; better, give `iana: \"America/New_York\"`".to_string()),
                ),
                Some(_) => out.warning(
                    "fixed-utc-offset",
                    format!("account.{field}.utc_offset_minutes"),
                    "a fixed UTC offset does not follow daylight-saving changes, so the call's local time may be an hour off",
                    Some("give the IANA zone instead, e.g. `iana: \"America/New_York\"`; for the phone, a `phone_number` lets the engine take the zone from its area code".to_string()),
                ),
            }
        }
    }
    let d = &s.debtor;
    if d.starting_agitation > 10 {
        out.error(
            "bad-value",
            "debtor.starting_agitation",
            format!("agitation runs from 0 to 10, not {}", d.starting_agitation),
            None,
        );
    }
    for (field, v) in [
        ("monthly_capacity", d.hidden.monthly_capacity),
        ("lump_sum_capacity", d.hidden.lump_sum_capacity),
    ] {
        if !v.is_finite() || v < 0.0 {
            out.error(
                "bad-value",
                format!("debtor.hidden.{field}"),
                format!("{field} must be 0 or more, not {v}"),
                None,
            );
        }
    }
    check_cast(s, out);
    check_history(&s.account, out);
}

/// The cast: each a person other than the account holder, named once.
fn check_cast(s: &Scenario, out: &mut Findings) {
    for (i, c) in s.cast.iter().enumerate() {
        let path = format!("cast.{i}");
        if matches!(c.party, Party::Debtor | Party::Voicemail(_)) {
            out.error(
                "bad-value",
                format!("{path}.party"),
                format!(
                    "the cast names the people besides the account holder, not `{:?}`",
                    c.party
                ),
                Some(
                    "the account holder's name is `debtor.name`; a voicemail has none".to_string(),
                ),
            );
        }
        if c.name.trim().is_empty() {
            out.error(
                "bad-value",
                format!("{path}.name"),
                "a cast member needs a name",
                None,
            );
        }
        if s.cast[..i].iter().any(|o| o.party == c.party) {
            out.error(
                "duplicate-cast",
                format!("{path}.party"),
                format!("`{:?}` is named twice in the cast", c.party),
                Some("give each party one name".to_string()),
            );
        }
    }
}

/// The phone number: one whose area code gives the zone, and a given zone its area code
/// contradicts.
fn check_phone(a: &Account, out: &mut Findings) {
    let Some(number) = &a.phone_number else {
        return;
    };
    let Some(code) = a.area_code() else {
        out.warning(
            "bad-value",
            "account.phone_number",
            format!("`{number}` is not a ten-digit North American number"),
            Some("write it as \"(614) 555-0142\"; use a 555-01xx number, which is reserved for fiction".to_string()),
        );
        return;
    };
    let Some(zones) = crate::model::area_codes::zones(code) else {
        if a.phone_time_zone.is_none() {
            out.warning(
                "unknown-area-code",
                "account.phone_number",
                format!("area code {code} is not a US area code the engine knows, so the phone is taken to be in the address's zone"),
                Some("give `phone_time_zone` as well, or use a US area code".to_string()),
            );
        }
        return;
    };
    if let Some(given) = a.phone_time_zone.as_ref().and_then(|z| z.iana.as_deref())
        && !zones.contains(&given)
    {
        out.warning(
            "phone-zone-mismatch",
            "account.phone_time_zone.iana",
            format!("`{given}` is not a zone of area code {code} ({}); the given zone is used", zones.join(", ")),
            Some("leave `phone_time_zone` out to take the zone from the area code, or fix the number".to_string()),
        );
    }
}

/// The history on file: dates not after the call, hours that parse, amounts, and an explicit
/// `initial_communication` that the history contradicts.
fn check_history(a: &Account, out: &mut Findings) {
    let day = a.call_local_time.date();
    if let Some(said) = a.initial_communication
        && said != a.history_says_initial()
    {
        out.warning(
            "initial-contradicts-history",
            "account.initial_communication",
            if said {
                "the call is marked as the initial communication, but the history shows an earlier conversation or a delivered letter"
            } else {
                "the call is marked as a later communication, but the history shows no earlier conversation and no delivered letter"
            },
            Some("leave `initial_communication` out and the engine works it out from `call_history` and `letters`".to_string()),
        );
    }
    let mut after = |path: String, when: Date| {
        if when > day {
            out.warning(
                "history-after-call",
                path,
                format!("{when} is after the call ({day}); the engine ignores it"),
                Some("history is what happened before the call: date it on or before `call_local_time`".to_string()),
            );
        }
    };
    for (i, l) in a.letters.iter().enumerate() {
        after(format!("account.letters.{i}.sent"), l.sent);
    }
    for (i, x) in a.disputes.iter().enumerate() {
        after(format!("account.disputes.{i}.received"), x.received);
    }
    for (i, r) in a.requests_on_file.iter().enumerate() {
        after(format!("account.requests_on_file.{i}.made"), r.made);
    }
    for (i, c) in a.third_party_contacts.iter().enumerate() {
        after(format!("account.third_party_contacts.{i}.at"), c.at.date());
    }
    for (i, r) in a.requests_on_file.iter().enumerate() {
        if let RequestKind::NoCallsBetween(from, to) = &r.asks
            && r.asks.minutes().is_none()
        {
            out.error(
                "bad-value",
                format!("account.requests_on_file.{i}.asks"),
                format!("`NoCallsBetween(\"{from}\", \"{to}\")` needs two 24-hour times"),
                Some("write `NoCallsBetween(\"07:00\", \"15:00\")`".to_string()),
            );
        }
    }
    let amounts = a
        .fees_allowed
        .iter()
        .enumerate()
        .map(|(i, f)| (format!("account.fees_allowed.{i}.up_to"), f.up_to))
        .chain(
            a.invoices
                .iter()
                .enumerate()
                .map(|(i, v)| (format!("account.invoices.{i}.amount"), v.amount)),
        );
    for (path, v) in amounts {
        if !v.is_finite() || v < 0.0 {
            out.error(
                "bad-value",
                path,
                format!("{v} is not a dollar amount of 0 or more"),
                None,
            );
        }
    }
    if a.attorney
        .as_ref()
        .is_some_and(|x| x.responded && x.contacted.is_none())
    {
        out.warning(
            "bad-value",
            "account.attorney.responded",
            "the attorney is said to have responded, but `contacted` gives no date the collector reached them",
            Some("add `contacted: Some(\"YYYY-MM-DD\")`".to_string()),
        );
    }
}
