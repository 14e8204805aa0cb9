//! The debtor's side of a negotiation: whether a payment offer is accepted, countered or
//! refused, decided from the hidden ability to pay, agitation and what the collector did first,
//! and the negotiation points the offer earns. The rules are written up in `docs/scoring.md`.

use serde::{Deserialize, Serialize};

use crate::model::{Act, HiddenFacts, Invoice, Offer};

/// What the collector has done that changes how the debtor takes an offer.
#[derive(
    Debug, Clone, Copy, Default, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize,
)]
pub struct Approach {
    /// The collector asked about the debtor's situation before offering.
    pub asked_situation: bool,
    /// The collector asked for the full balance before stepping down to an offer.
    pub asked_full_first: bool,
}

impl Approach {
    /// Notes the acts of a choice (before its offer is evaluated).
    pub fn note(&mut self, acts: &[Act]) {
        for a in acts {
            match a {
                Act::AskAboutSituation => self.asked_situation = true,
                Act::AskForFullBalance => self.asked_full_first = true,
                _ => {}
            }
        }
    }
}

/// The debtor's answer to an offer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Response {
    /// Agreed, and can keep it.
    Accepted,
    /// Agreed to end the call, but cannot keep it: a promise that will break.
    AcceptedUnkeepable,
    /// Said what they could do instead.
    Countered,
    /// Said no.
    Refused,
}

impl Response {
    /// A readable phrase.
    pub fn label(self) -> &'static str {
        match self {
            Response::Accepted => "accepted (affordable)",
            Response::AcceptedUnkeepable => {
                "accepted, but more than the debtor can pay: the promise will break"
            }
            Response::Countered => "countered with what the debtor can afford",
            Response::Refused => "refused",
        }
    }
}

/// At this agitation or above, the debtor refuses every offer.
pub const REFUSE_AT_AGITATION: u8 = 8;
/// At this agitation or below, a debtor who was not asked about their situation agrees to an
/// unaffordable plan just to end the call.
pub const GIVES_IN_AT_AGITATION: u8 = 4;

/// Points for an offer, by response (see `docs/scoring.md`).
pub const VALUE_POINTS: f64 = 25.0;
/// Bonus for an accepted, affordable offer made after asking about the situation.
pub const ASKED_FIRST_POINTS: i32 = 5;
/// Points for a promise the debtor cannot keep.
pub const UNKEEPABLE_POINTS: i32 = -15;
/// Points for a refused offer.
pub const REFUSED_POINTS: i32 = -5;

/// The outcome of one offer.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Evaluation {
    /// What the debtor said.
    pub response: Response,
    /// Negotiation points earned.
    pub points: i32,
    /// What the debtor can afford, said when they counter (monthly for plans, lump sum
    /// otherwise).
    pub counter_amount: Option<f64>,
}

/// The dollars the invoices `numbers` of `invoices` come to (numbers not found count nothing:
/// the validator rejects them).
pub fn invoices_total(numbers: &[String], invoices: &[Invoice]) -> f64 {
    invoices
        .iter()
        .filter(|i| numbers.contains(&i.number))
        .map(|i| i.amount)
        .sum()
}

/// Decides how the debtor answers `offer`, on an account with `balance` and open `invoices`.
pub fn evaluate(
    offer: &Offer,
    hidden: &HiddenFacts,
    balance: f64,
    invoices: &[Invoice],
    agitation: u8,
    approach: Approach,
) -> Evaluation {
    let (affordable, ratio, counter) = match offer {
        Offer::PayInFull => (
            hidden.lump_sum_capacity + 0.005 >= balance,
            1.0,
            hidden.lump_sum_capacity,
        ),
        Offer::Settlement { amount, .. } => (
            *amount <= hidden.lump_sum_capacity + 0.005,
            amount / hidden.lump_sum_capacity.max(0.01),
            hidden.lump_sum_capacity,
        ),
        Offer::PayInvoices { invoices: numbers } => {
            let amount = invoices_total(numbers, invoices);
            (
                amount <= hidden.lump_sum_capacity + 0.005,
                amount / hidden.lump_sum_capacity.max(0.01),
                hidden.lump_sum_capacity,
            )
        }
        Offer::Plan {
            monthly,
            down_payment,
            ..
        } => (
            *monthly <= hidden.monthly_capacity + 0.005
                && *down_payment <= hidden.lump_sum_capacity + 0.005,
            monthly / hidden.monthly_capacity.max(0.01),
            hidden.monthly_capacity,
        ),
    };
    let (response, points) = if agitation >= REFUSE_AT_AGITATION {
        (Response::Refused, REFUSED_POINTS)
    } else if affordable {
        let value = (VALUE_POINTS * ratio.clamp(0.0, 1.0)).round() as i32;
        let asked = if approach.asked_situation {
            ASKED_FIRST_POINTS
        } else {
            0
        };
        (Response::Accepted, value + asked)
    } else if approach.asked_situation {
        (Response::Countered, 0)
    } else if agitation <= GIVES_IN_AT_AGITATION {
        (Response::AcceptedUnkeepable, UNKEEPABLE_POINTS)
    } else {
        (Response::Refused, REFUSED_POINTS)
    };
    Evaluation {
        response,
        points,
        counter_amount: (response == Response::Countered).then_some(counter),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Party;

    fn hidden(monthly: f64, lump: f64) -> HiddenFacts {
        HiddenFacts {
            on_the_line: Party::Debtor,
            monthly_capacity: monthly,
            lump_sum_capacity: lump,
            hardship: None,
            facts: Default::default(),
        }
    }

    fn plan(monthly: f64) -> Offer {
        Offer::Plan {
            monthly,
            months: 12,
            down_payment: 0.0,
        }
    }

    #[test]
    fn low_ability_refuses_high_plan_and_takes_a_realistic_one() {
        let h = hidden(80.0, 100.0);
        let calm_unasked = Approach::default();
        // Agitated and not asked: a $300 plan is refused.
        assert_eq!(
            evaluate(&plan(300.0), &h, 2000.0, &[], 6, calm_unasked).response,
            Response::Refused
        );
        // A realistic plan is accepted and scores by how close it is to what they can pay.
        let e = evaluate(&plan(80.0), &h, 2000.0, &[], 6, calm_unasked);
        assert_eq!((e.response, e.points), (Response::Accepted, 25));
        let low = evaluate(&plan(20.0), &h, 2000.0, &[], 6, calm_unasked);
        assert_eq!((low.response, low.points), (Response::Accepted, 6));
    }

    #[test]
    fn asking_first_changes_the_outcome() {
        let h = hidden(80.0, 100.0);
        // Not asked, calm: agrees to $300 to end the call, a promise that breaks.
        let e = evaluate(&plan(300.0), &h, 2000.0, &[], 3, Approach::default());
        assert_eq!(
            (e.response, e.points),
            (Response::AcceptedUnkeepable, UNKEEPABLE_POINTS)
        );
        // Asked first: counters with what they can really pay.
        let asked = Approach {
            asked_situation: true,
            asked_full_first: false,
        };
        let e = evaluate(&plan(300.0), &h, 2000.0, &[], 3, asked);
        assert_eq!(
            (e.response, e.counter_amount),
            (Response::Countered, Some(80.0))
        );
        // And an affordable offer after asking earns the bonus.
        assert_eq!(evaluate(&plan(80.0), &h, 2000.0, &[], 3, asked).points, 30);
    }

    #[test]
    fn paying_some_invoices_is_weighed_against_what_the_business_can_pay_now() {
        let h = hidden(0.0, 5200.0);
        let inv = |number: &str, amount: f64| Invoice {
            number: number.into(),
            due: "2026-09-18".parse().unwrap(),
            amount,
        };
        let invoices = [
            inv("4468", 3100.0),
            inv("4471", 3200.0),
            inv("4475", 2100.0),
        ];
        let pay = |numbers: &[&str]| Offer::PayInvoices {
            invoices: numbers.iter().map(|n| n.to_string()).collect(),
        };
        let e = |o: &Offer| evaluate(o, &h, 8400.0, &invoices, 3, Approach::default());
        // The two undisputed invoices are exactly what it can pay: accepted, full value.
        let both = e(&pay(&["4468", "4475"]));
        assert_eq!((both.response, both.points), (Response::Accepted, 25));
        // One of them: accepted, worth its share (2100 / 5200 of 25).
        let one = e(&pay(&["4475"]));
        assert_eq!((one.response, one.points), (Response::Accepted, 10));
        // All three come to $8,400: more than it can pay, pushed on a calm clerk unasked.
        assert_eq!(
            e(&pay(&["4468", "4471", "4475"])).response,
            Response::AcceptedUnkeepable
        );
        assert_eq!(
            invoices_total(&["4471".into(), "none".into()], &invoices),
            3200.0
        );
    }

    #[test]
    fn furious_debtor_refuses_everything() {
        let h = hidden(500.0, 5000.0);
        let e = evaluate(
            &Offer::PayInFull,
            &h,
            100.0,
            &[],
            REFUSE_AT_AGITATION,
            Approach::default(),
        );
        assert_eq!(e.response, Response::Refused);
    }
}
