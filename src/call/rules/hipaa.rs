//! The HIPAA Privacy Rule, 45 CFR parts 160 and 164, for a provider billing its patients and
//! for a collection agency working the provider's accounts as its business associate (45 CFR
//! 164.502(a)(3), (e)). A patient's account is protected health information: it says that care
//! was received and what is owed for it (45 CFR 160.103 "health information" covers payment for
//! care). Payment is a permitted purpose (164.506), so the patient, once verified, may hear
//! everything about the bill, clinical details included (the minimum-necessary standard does
//! not apply to disclosures to the patient, 164.502(b)(2)(ii)); anyone else is judged by who
//! they are.

use super::{Ctx, HEALTHCARE, Hit, Pack, Rule, Stage, Trigger, hit, rule_of};
use crate::call::compliance::Facts;
use crate::model::Act::*;
use crate::model::Severity::*;

/// Whether the person on the line is the patient or a personal representative: a guardian,
/// the parent of a minor, and for a deceased patient the executor, administrator or anyone
/// with authority to act for the estate (45 CFR 164.502(g)(4)).
fn is_patient(c: &Ctx) -> bool {
    let deceased = c.has(Facts::DECEASED);
    c.party.counts_as_patient(deceased) || (deceased && c.has(Facts::ESTATE_AUTHORITY))
}

fn before_verification(c: &Ctx) -> Option<Hit> {
    if !is_patient(c) || c.has(Facts::VERIFIED) {
        return None;
    }
    hit("the patient's account was discussed before the caller's identity was verified")
}

fn family(c: &Ctx) -> Option<Hit> {
    if !c.party.is_family_or_friend() || is_patient(c) {
        return None;
    }
    if c.has(Facts::OBJECTED) {
        return hit(format!(
            "the patient objected, and the account was still discussed with the {}",
            c.party.noun()
        ));
    }
    // The patient agreed, or was asked and did not object (164.510(b)(2)(i)-(ii)); or the
    // person is involved in paying (164.510(b)(1), (b)(3); after death (b)(5)).
    if c.has(Facts::CONSENTED) || c.has(Facts::ASKED_AGREEMENT) || c.has(Facts::INVOLVED_IN_PAYMENT)
    {
        return None;
    }
    hit(format!(
        "the account was discussed with the {} without the patient's agreement and with nothing to show they are involved in paying the bill",
        c.party.noun()
    ))
}

fn stranger(c: &Ctx) -> Option<Hit> {
    if is_patient(c) || c.party.is_family_or_friend() {
        return None;
    }
    if c.has(Facts::CONSENTED) {
        return None;
    }
    hit(format!(
        "the patient's account was disclosed to someone ({}) who is neither the patient, a personal representative, nor family or a friend involved in paying",
        c.party.noun()
    ))
}

fn minimum_necessary(c: &Ctx) -> Option<Hit> {
    if !c.party.is_family_or_friend() || is_patient(c) {
        return None;
    }
    hit(format!(
        "clinical details were given to the {}: only what bears on their part in paying may be shared, and a diagnosis or procedure is not needed to collect",
        c.party.noun()
    ))
}

/// The pack's rules.
pub const RULES: &[Rule] = &[
    Rule {
        ground: "phi_disclosure",
        reads: Facts::OBJECTED
            | Facts::CONSENTED
            | Facts::INVOLVED_IN_PAYMENT
            | Facts::ESTATE_AUTHORITY,
        ..rule_of(
            "hipaa.family_disclosure",
            "Discussing a patient's account with family or a friend without the patient's agreement or a role in paying",
            Major,
            Pack::Hipaa,
            HEALTHCARE,
            "45 CFR 164.510(b)(1)-(3), (5)",
            &[Trigger::Reveals],
            Stage::Party,
            family,
        )
    },
    Rule {
        ground: "phi_disclosure",
        reads: Facts::CONSENTED,
        ..rule_of(
            "hipaa.impermissible_disclosure",
            "Disclosing a patient's account to someone HIPAA gives no role (a neighbour, an employer, a wrong number)",
            Critical,
            Pack::Hipaa,
            HEALTHCARE,
            "45 CFR 164.502(a); 45 CFR 164.510(b)",
            &[Trigger::Reveals],
            Stage::Party,
            stranger,
        )
    },
    Rule {
        ground: "verification",
        reads: Facts::DECEASED,
        ..rule_of(
            "hipaa.verify_before_disclosure",
            "Disclosing protected health information before verifying the caller is the patient or their personal representative",
            Major,
            Pack::Hipaa,
            HEALTHCARE,
            "45 CFR 164.514(h)(1); 45 CFR 164.502(g)",
            &[Trigger::Reveals],
            Stage::Verification,
            before_verification,
        )
    },
    Rule {
        ground: "minimum_necessary",
        ..rule_of(
            "hipaa.minimum_necessary",
            "Giving clinical details (diagnosis, procedure, treatment) to anyone but the patient in collection talk",
            Major,
            Pack::Hipaa,
            HEALTHCARE,
            "45 CFR 164.502(b); 45 CFR 164.510(b)(1)(i)",
            &[Trigger::Acts(&[DiscloseClinicalDetails])],
            Stage::Act,
            minimum_necessary,
        )
    },
];
