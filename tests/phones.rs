//! The phone's time zone from its area code, the deprecation of fixed offsets, and the cast:
//! names in transcripts and the same person reached again.

use rightparty::model::{
    Act, CastMember, Party, PhoneZone, Scenario, Severity, ThirdPartyContact, TimeZone,
};

use crate::callkit::*;
use Act::*;

/// The base call at `local` (address in New York) to `number`, with no phone zone given.
fn dialled(local: &str, number: &str) -> Scenario {
    let mut s = base();
    s.account.call_local_time = local.parse().unwrap();
    s.account.phone_time_zone = None;
    s.account.phone_number = Some(number.into());
    s
}

fn caution_rules(s: Scenario) -> Vec<String> {
    play(s).cautions.into_iter().map(|c| c.rule).collect()
}

#[test]
fn the_phone_zone_comes_from_the_area_code() {
    // 312 is Chicago: 8:30 p.m. in New York is 7:30 p.m. there.
    let s = dialled("2026-11-23T20:30:00", "(312) 555-0142");
    assert_eq!(s.account.area_code(), Some(312));
    assert!(matches!(
        s.account.phone_zone(),
        PhoneZone::AreaCode(312, ["America/Chicago"])
    ));
    let times = s.account.call_times_at_phone();
    assert_eq!(times.len(), 1);
    assert_eq!(times[0].0, "2026-11-23T19:30:00".parse().unwrap());
    assert!(times[0].1.contains("area code 312"), "{}", times[0].1);
    assert!(caution_rules(s.clone()).is_empty());
    let (_, phone) = s.account.local_times();
    assert!(phone.unwrap().starts_with("7:30 PM CST"));
    // A leading 1 and any punctuation are fine.
    assert_eq!(
        dialled("2026-11-23T20:30:00", "+1 312.555.0142")
            .account
            .area_code(),
        Some(312)
    );
    // 7:30 a.m. in New York calling Los Angeles (4:30 a.m.): outside at both, a breach.
    assert_eq!(
        rules(dialled("2026-11-23T07:30:00", "213-555-0100")),
        ["fdcpa.inconvenient_time"]
    );
    // 8:30 a.m. in New York is 5:30 a.m. in Los Angeles: the locations disagree.
    assert_eq!(
        caution_rules(dialled("2026-11-23T08:30:00", "213-555-0100")),
        ["fdcpa.inconvenient_time"]
    );
}

#[test]
fn an_area_code_across_a_zone_line_gives_both_times() {
    // 850 covers the Florida panhandle: Central west of the Apalachicola, Eastern east of it.
    // 8:30 p.m. Central at an address in Pensacola is 8:30 or 9:30 p.m. at the phone.
    let mut s = dialled("2026-11-23T20:30:00", "(850) 555-0199");
    s.account.address_time_zone = TimeZone {
        name: "Central (CST)".into(),
        iana: Some("America/Chicago".into()),
        utc_offset_minutes: None,
    };
    let times = s.account.call_times_at_phone();
    assert_eq!(times.len(), 2, "{times:?}");
    let (_, phone) = s.account.local_times();
    let phone = phone.unwrap();
    assert!(
        phone.contains("8:30 PM") && phone.contains("9:30 PM"),
        "{phone}"
    );
    let r = play(s.clone());
    assert!(r.violations.is_empty(), "{:?}", r.violations);
    assert_eq!(r.cautions.len(), 1);
    assert!(r.cautions[0].reason.starts_with("depends: "));
    // Zones that agree on the instant are one time: 208 lists Boise and Denver (both
    // Mountain) and Los Angeles, so two times, not three.
    let idaho = dialled("2026-11-23T12:00:00", "(208) 555-0111");
    assert_eq!(idaho.account.call_times_at_phone().len(), 2);
}

#[test]
fn phone_numbers_and_fixed_offsets_are_validated() {
    let codes =
        |s: &Scenario| -> Vec<String> { check(s).0.iter().map(|f| f.code.to_string()).collect() };
    let clean = dialled("2026-11-23T10:00:00", "(614) 555-0142");
    assert!(codes(&clean).is_empty(), "{:?}", codes(&clean));
    assert!(codes(&dialled("2026-11-23T10:00:00", "555-0142")).contains(&"bad-value".into()));
    // 416 is Toronto: not in the US table.
    assert!(
        codes(&dialled("2026-11-23T10:00:00", "(416) 555-0142"))
            .contains(&"unknown-area-code".into())
    );
    // A Chicago number said to be in the Pacific zone.
    let mut wrong = dialled("2026-11-23T10:00:00", "(312) 555-0142");
    wrong.account.phone_time_zone = Some(TimeZone {
        name: "Pacific".into(),
        iana: Some("America/Los_Angeles".into()),
        utc_offset_minutes: None,
    });
    assert!(codes(&wrong).contains(&"phone-zone-mismatch".into()));
    // A fixed offset alone still works, with a deprecation warning and a hint.
    let mut fixed = base();
    fixed.account.address_time_zone.iana = None;
    fixed.account.address_time_zone.utc_offset_minutes = Some(-300);
    let f = check(&fixed);
    let w = f.0.iter().find(|f| f.code == "fixed-utc-offset").unwrap();
    assert_eq!(w.path, "account.address_time_zone.utc_offset_minutes");
    assert!(w.hint.as_deref().unwrap().contains("iana"));
    assert!(rules(call(fixed, Party::Debtor, &clean_opening())).is_empty());
}

// ---- Cast ------------------------------------------------------------------------------------

fn with_cast(cast: &[(Party, &str)]) -> Scenario {
    let mut s = base();
    s.cast = cast
        .iter()
        .map(|(party, name)| CastMember {
            party: *party,
            name: (*name).into(),
        })
        .collect();
    s
}

#[test]
fn transcripts_name_the_people_instead_of_their_roles() {
    let mut s = call(
        with_cast(&[(Party::Spouse, "Dana Reyes")]),
        Party::Spouse,
        &[step(&[Greet, AskForDebtor]), step(&[CloseCall])],
    );
    s.nodes[1].speaker = Some(Party::Debtor);
    let r = play(s.clone());
    let speakers: Vec<&str> = r.transcript.iter().map(|t| t.speaker.as_str()).collect();
    assert!(speakers.contains(&"Dana Reyes"), "{speakers:?}");
    assert!(speakers.contains(&s.debtor.name.as_str()), "{speakers:?}");
    assert!(!speakers.contains(&"Debtor") && !speakers.contains(&"Spouse"));
    // Someone the cast does not name keeps their role.
    assert_eq!(s.speaker_label(Party::Neighbor), "Neighbor");
    assert_eq!(
        s.speaker_label(Party::Voicemail(rightparty::model::Line::Own)),
        "Voicemail"
    );
}

#[test]
fn the_cast_is_validated() {
    let s = with_cast(&[
        (Party::Debtor, "Someone"),
        (Party::Neighbor, "Walt Brenner"),
        (Party::Neighbor, "Walter Brenner"),
        (Party::Spouse, " "),
    ]);
    let f = check(&s);
    let at: Vec<(&str, &str)> = f.0.iter().map(|f| (f.code, f.path.as_str())).collect();
    assert!(at.contains(&("bad-value", "cast.0.party")), "{at:?}");
    assert!(at.contains(&("duplicate-cast", "cast.2.party")), "{at:?}");
    assert!(at.contains(&("bad-value", "cast.3.name")), "{at:?}");
}

#[test]
fn a_named_contact_is_reached_again_only_by_the_same_person() {
    let ask = vec![
        step(&[Greet, AskForDebtor]),
        step(&[AskLocationInfo, CloseCall]),
    ];
    let contacted = |cast: &[(Party, &str)]| {
        let mut s = with_cast(cast);
        s.account.third_party_contacts = vec![ThirdPartyContact {
            at: "2026-11-20T12:00:00".parse().unwrap(),
            party: Party::Neighbor,
            name: Some("Gloria Tate".into()),
            said: "Asked where the account holder lives now; she did not know.".into(),
            asked_to_be_called_again: false,
            now_has_better_information: false,
        }];
        call(s, Party::Neighbor, &ask)
    };
    // The same neighbour (names compared without case or extra spaces): a second ask.
    let r = play(contacted(&[(Party::Neighbor, "gloria  TATE")]));
    assert_eq!(
        found(&r),
        [("fdcpa.repeat_location_contact", Severity::Major)]
    );
    assert!(r.violations[0].reason.contains("wrong or incomplete"));
    // A different neighbour is a first ask.
    assert!(rules(contacted(&[(Party::Neighbor, "Walt Brenner")])).is_empty());
    // Unnamed on this call: taken to be the same kind of person, so the same neighbour.
    assert_eq!(rules(contacted(&[])), ["fdcpa.repeat_location_contact"]);
}
