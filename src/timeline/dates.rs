//! Dates of claims and of timeline steps: parsing full and reduced-precision ISO 8601 dates
//! (a reduced-precision date counts from its first day), day arithmetic, and series of steps.

use jiff::civil::{Date, ISOWeekDate, Weekday};

/// Parses a full calendar day `YYYY-MM-DD` (what `--at`, `--from`, `--to` take).
pub fn parse_day(s: &str) -> Option<Date> {
    let s = s.trim();
    if s.len() != 10 {
        return None;
    }
    s.parse::<Date>().ok()
}

fn num<T: std::str::FromStr>(s: &str) -> Option<T> {
    if s.is_empty() || !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    s.parse().ok()
}

/// Parses the date of a claim: `2017-05-29`, `2017-05`, `2017-W22`, `2017`, or a datetime
/// `2017-05-29T00:00:00Z` (its day). Reduced precision gives the first day of the period.
pub fn parse_claim_date(s: &str) -> Option<Date> {
    let s = s.trim();
    if s.len() > 10 && s.as_bytes().get(10) == Some(&b'T') {
        return parse_day(&s[..10]);
    }
    if let Some(d) = parse_day(s) {
        return Some(d);
    }
    let year: i16 = num(s.get(..4)?)?;
    let rest = &s[4..];
    if rest.is_empty() {
        return Date::new(year, 1, 1).ok();
    }
    let rest = rest.strip_prefix('-')?;
    if let Some(w) = rest.strip_prefix('W') {
        let week: i8 = num(w.get(..2)?)?;
        // `2017-W22` or `2017-W22-1`
        if w.len() != 2 && !(w.len() == 4 && w.as_bytes()[2] == b'-') {
            return None;
        }
        return ISOWeekDate::new(year, week, Weekday::Monday)
            .ok()
            .map(ISOWeekDate::date);
    }
    if rest.len() == 2 {
        let month: i8 = num(rest)?;
        return Date::new(year, month, 1).ok();
    }
    None
}

/// Days since 1970-01-01 (proleptic Gregorian), for cheap comparisons and differences.
pub(crate) fn day_number(d: Date) -> i64 {
    let (y, m, dd) = (d.year() as i64, d.month() as i64, d.day() as i64);
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + dd - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The inverse of [`day_number`]; `None` outside jiff's range.
pub(crate) fn from_day_number(z: i64) -> Option<Date> {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + if m <= 2 { 1 } else { 0 };
    Date::new(
        i16::try_from(y).ok()?,
        i8::try_from(m).ok()?,
        i8::try_from(d).ok()?,
    )
    .ok()
}

/// `2017-05-01T00:00:00Z`: the first second of the day, as the QGIS Temporal Controller wants.
pub fn utc_start(d: Date) -> String {
    format!("{d}T00:00:00Z")
}

/// `2017-05-31T23:59:59Z`: the last second of the day.
pub fn utc_end(d: Date) -> String {
    format!("{d}T23:59:59Z")
}

/// The length of one step of a timeline series.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Step {
    Day,
    Week,
    Month,
}

impl Step {
    /// The `i`-th step date counted from `from` (months keep the day of month, clamped).
    fn nth(self, from: Date, i: i64) -> Option<Date> {
        match self {
            Step::Day => from_day_number(day_number(from) + i),
            Step::Week => from_day_number(day_number(from) + 7 * i),
            Step::Month => {
                let m0 = from.year() as i64 * 12 + (from.month() as i64 - 1) + i;
                let (y, m) = (m0.div_euclid(12), m0.rem_euclid(12) + 1);
                let y = i16::try_from(y).ok()?;
                let m = i8::try_from(m).ok()?;
                let first = Date::new(y, m, 1).ok()?;
                let day = from.day().min(first.days_in_month());
                Date::new(y, m, day).ok()
            }
        }
    }
}

/// The steps of a series: `(start, end)` day pairs, `start` from `from` on by `step` while
/// `start <= to`; `end` is the day before the next start.
pub fn series_dates(from: Date, to: Date, step: Step) -> Vec<(Date, Date)> {
    let mut out = Vec::new();
    let mut i = 0;
    while let Some(start) = step.nth(from, i) {
        if start > to {
            break;
        }
        let Some(next) = step.nth(from, i + 1) else {
            break;
        };
        let end = from_day_number(day_number(next) - 1).unwrap_or(start);
        out.push((start, end));
        i += 1;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    #[test]
    fn claim_dates_of_every_precision() {
        let rows = [
            ("2017-05-29", Some(date(2017, 5, 29))),
            ("2017-05", Some(date(2017, 5, 1))),
            ("2017-W22", Some(date(2017, 5, 29))),
            ("2017-W01", Some(date(2017, 1, 2))),
            ("2017", Some(date(2017, 1, 1))),
            ("2017-05-29T00:00:00Z", Some(date(2017, 5, 29))),
            ("2017-13-45", None),
            ("2017-02-30", None),
            ("May 2017", None),
            ("", None),
            ("2017-W54", None),
        ];
        for (s, want) in rows {
            assert_eq!(parse_claim_date(s), want, "{s}");
        }
    }

    #[test]
    fn day_numbers_round_trip() {
        for d in [
            date(1970, 1, 1),
            date(2000, 2, 29),
            date(2017, 12, 31),
            date(1900, 3, 1),
        ] {
            assert_eq!(from_day_number(day_number(d)), Some(d));
        }
        assert_eq!(day_number(date(1970, 1, 2)), 1);
        assert_eq!(
            day_number(date(2017, 6, 1)) - day_number(date(2017, 5, 1)),
            31
        );
    }

    #[test]
    fn monthly_series() {
        let s = series_dates(date(2017, 1, 31), date(2017, 4, 30), Step::Month);
        let starts: Vec<_> = s.iter().map(|p| p.0).collect();
        assert_eq!(
            starts,
            [
                date(2017, 1, 31),
                date(2017, 2, 28),
                date(2017, 3, 31),
                date(2017, 4, 30)
            ]
        );
        assert_eq!(s[0].1, date(2017, 2, 27));
        let w = series_dates(date(2017, 5, 1), date(2017, 5, 20), Step::Week);
        assert_eq!(w.len(), 3);
        assert_eq!(w[0].1, date(2017, 5, 7));
    }
}
