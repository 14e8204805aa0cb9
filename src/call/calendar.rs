//! Business days for the dates the law counts: the legal public holidays of 5 USC 6103(a),
//! Saturdays and Sundays excluded (the assumed receipt of a validation notice, 12 CFR
//! 1006.34(b)(5); the notice before a postdated check is deposited, 15 USC 1692f(2)).
//!
//! Written here rather than taken from a holiday crate: the rule is ten lines of fixed dates
//! and "nth weekday" dates fixed by statute, the crates we looked at carry every country's
//! calendar and observed-day conventions we must not apply (6103(b) moves a weekend holiday for
//! federal employees' pay and leave; 6103(a) names the dates themselves), and the tests below
//! check every year the scenarios use.

use chrono::{Datelike, Duration, NaiveDate, Weekday};

/// The `n`th `weekday` of `month` (n from 1), or the last one when `n` is 0.
fn nth_weekday(year: i32, month: u32, weekday: Weekday, n: u32) -> Option<NaiveDate> {
    if n == 0 {
        let next = if month == 12 {
            NaiveDate::from_ymd_opt(year + 1, 1, 1)?
        } else {
            NaiveDate::from_ymd_opt(year, month + 1, 1)?
        };
        let mut d = next - Duration::days(1);
        while d.weekday() != weekday {
            d -= Duration::days(1);
        }
        return Some(d);
    }
    NaiveDate::from_weekday_of_month_opt(year, month, weekday, n as u8)
}

/// The legal public holidays of 5 USC 6103(a) in `year`, in date order: New Year's Day,
/// Birthday of Martin Luther King, Jr. (third Monday in January), Washington's Birthday (third
/// Monday in February), Memorial Day (last Monday in May), Juneteenth National Independence Day
/// (June 19, from 2021), Independence Day, Labor Day (first Monday in September), Columbus Day
/// (second Monday in October), Veterans Day (November 11), Thanksgiving Day (fourth Thursday in
/// November) and Christmas Day.
pub fn legal_public_holidays(year: i32) -> Vec<NaiveDate> {
    let fixed = |m, d| NaiveDate::from_ymd_opt(year, m, d);
    let mut days = vec![
        fixed(1, 1),
        nth_weekday(year, 1, Weekday::Mon, 3),
        nth_weekday(year, 2, Weekday::Mon, 3),
        nth_weekday(year, 5, Weekday::Mon, 0),
        (year >= 2021).then(|| fixed(6, 19)).flatten(),
        fixed(7, 4),
        nth_weekday(year, 9, Weekday::Mon, 1),
        nth_weekday(year, 10, Weekday::Mon, 2),
        fixed(11, 11),
        nth_weekday(year, 11, Weekday::Thu, 4),
        fixed(12, 25),
    ];
    days.retain(Option::is_some);
    let mut days: Vec<NaiveDate> = days.into_iter().flatten().collect();
    days.sort();
    days
}

/// Whether `d` is a legal public holiday of 5 USC 6103(a).
pub fn is_legal_public_holiday(d: NaiveDate) -> bool {
    legal_public_holidays(d.year()).contains(&d)
}

/// Whether `d` counts: not a Saturday, a Sunday or a legal public holiday.
pub fn is_business_day(d: NaiveDate) -> bool {
    !matches!(d.weekday(), Weekday::Sat | Weekday::Sun) && !is_legal_public_holiday(d)
}

/// The date `n` counted days after `from` (`from` itself not counted).
pub fn add_business_days(from: NaiveDate, n: u32) -> NaiveDate {
    let mut d = from;
    let mut left = n;
    while left > 0 {
        d += Duration::days(1);
        if is_business_day(d) {
            left -= 1;
        }
    }
    d
}

/// The counted days after `from` up to and including `to` (0 when `to` is not after `from`).
pub fn business_days_between(from: NaiveDate, to: NaiveDate) -> u32 {
    let mut n = 0;
    let mut d = from;
    while d < to {
        d += Duration::days(1);
        if is_business_day(d) {
            n += 1;
        }
    }
    n
}

/// The validation period of a notice provided on `sent`: the consumer is assumed to receive it
/// five counted days later, and the period ends 30 days after that (12 CFR 1006.34(b)(5)).
/// Returns (assumed receipt, last day of the period).
pub fn validation_period(sent: NaiveDate) -> (NaiveDate, NaiveDate) {
    let received = add_business_days(sent, 5);
    (received, received + Duration::days(30))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn holidays_of_2026_follow_the_statute() {
        assert_eq!(
            legal_public_holidays(2026),
            [
                d(2026, 1, 1),
                d(2026, 1, 19),
                d(2026, 2, 16),
                d(2026, 5, 25),
                d(2026, 6, 19),
                d(2026, 7, 4),
                d(2026, 9, 7),
                d(2026, 10, 12),
                d(2026, 11, 11),
                d(2026, 11, 26),
                d(2026, 12, 25),
            ]
        );
        assert!(!legal_public_holidays(2020).contains(&d(2020, 6, 19)));
        assert_eq!(legal_public_holidays(2027)[3], d(2027, 5, 31));
    }

    #[test]
    fn a_weekend_holiday_is_not_moved() {
        // July 4, 2026 is a Saturday: 6103(a) names the date; Friday July 3 counts.
        assert!(is_business_day(d(2026, 7, 3)));
        assert!(!is_business_day(d(2026, 7, 4)));
    }

    #[test]
    fn the_dispute_scenario_notice_period_skips_veterans_day() {
        // Mailed Tuesday Nov 10, 2026: Wed 11 is Veterans Day, so receipt is Wed 18, and the
        // period runs to Friday Dec 18.
        assert_eq!(
            validation_period(d(2026, 11, 10)),
            (d(2026, 11, 18), d(2026, 12, 18))
        );
        // Thanksgiving week: mailed Mon Nov 23 → 24, 25, (26 holiday), 27, 30, Dec 1.
        assert_eq!(validation_period(d(2026, 11, 23)).0, d(2026, 12, 1));
    }

    #[test]
    fn counting_days() {
        assert_eq!(add_business_days(d(2026, 12, 4), 1), d(2026, 12, 7));
        assert_eq!(business_days_between(d(2026, 12, 4), d(2026, 12, 7)), 1);
        assert_eq!(business_days_between(d(2026, 12, 7), d(2026, 12, 4)), 0);
        assert_eq!(business_days_between(d(2026, 12, 21), d(2026, 12, 31)), 7);
    }
}
