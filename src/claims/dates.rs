//! The day a claim is about, resolved from the publication date: 'on Monday' (the Monday on or
//! before it), 'yesterday', 'overnight', 'last week', 'last month', 'on May 23', 'in 2015',
//! 'since June 2014', 'two years ago', 'the previous day', 'a day after'.

use std::fmt::Write as _;

use jiff::civil::{Date, Weekday};
use jiff::ToSpan;

use crate::article::header::month_number;
use crate::feature::digits4;

/// How precise a claim's date is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Precision {
    Day,
    Week,
    Month,
    Year,
}

impl Precision {
    pub fn as_str(self) -> &'static str {
        match self {
            Precision::Day => "day",
            Precision::Week => "week",
            Precision::Month => "month",
            Precision::Year => "year",
        }
    }
}

/// A resolved date expression.
#[derive(Debug, Clone, PartialEq)]
pub struct ClaimDate {
    /// First and last day covered.
    pub first: Date,
    pub last: Date,
    pub precision: Precision,
    /// The words that gave it (None when it is the publication date by default).
    pub text: Option<String>,
    /// Token range of the expression in the sentence's word list.
    pub at: Option<(usize, usize)>,
}

impl ClaimDate {
    pub fn day(d: Date, text: Option<String>, at: Option<(usize, usize)>) -> ClaimDate {
        ClaimDate {
            first: d,
            last: d,
            precision: Precision::Day,
            text,
            at,
        }
    }
    /// The month `d` falls in, at month precision.
    pub fn month_of(
        d: Date,
        text: Option<String>,
        at: Option<(usize, usize)>,
    ) -> Option<ClaimDate> {
        let (first, last) = month_span(d.year(), d.month())?;
        Some(ClaimDate {
            first,
            last,
            precision: Precision::Month,
            text,
            at,
        })
    }
    /// The year `y`, at year precision.
    pub fn year_of(y: i16, text: Option<String>) -> Option<ClaimDate> {
        Some(ClaimDate {
            first: Date::new(y, 1, 1).ok()?,
            last: Date::new(y, 12, 31).ok()?,
            precision: Precision::Year,
            text,
            at: None,
        })
    }
    /// ISO 8601 at the claim's precision: 2017-05-29, 2017-W22, 2017-05, 2017.
    pub fn iso(&self) -> String {
        match self.precision {
            Precision::Day => self.first.to_string(),
            Precision::Week => {
                let w = self.first.iso_week_date();
                format!("{:04}-W{:02}", w.year(), w.week())
            }
            Precision::Month => format!("{:04}-{:02}", self.first.year(), self.first.month()),
            Precision::Year => format!("{:04}", self.first.year()),
        }
    }
    pub fn time_start(&self) -> String {
        format!("{}T00:00:00Z", self.first)
    }
    pub fn time_end(&self) -> String {
        format!("{}T23:59:59Z", self.last)
    }
    /// Appends [`ClaimDate::iso`].
    pub fn write_iso(&self, out: &mut String) {
        match self.precision {
            Precision::Day => write_date(out, self.first),
            _ => out.push_str(&self.iso()),
        }
    }
    /// Appends [`ClaimDate::time_start`].
    pub fn write_time_start(&self, out: &mut String) {
        write_date(out, self.first);
        out.push_str("T00:00:00Z");
    }
    /// Appends [`ClaimDate::time_end`].
    pub fn write_time_end(&self, out: &mut String) {
        write_date(out, self.last);
        out.push_str("T23:59:59Z");
    }
}

/// Appends `d` as `write!(out, "{d}")` writes it: `YYYY-MM-DD` for the years 0 to 9999.
pub fn write_date(out: &mut String, d: Date) {
    match u16::try_from(d.year()) {
        Ok(y) if y <= 9999 => {
            out.push_str(digits4(u64::from(y)));
            out.push('-');
            out.push_str(&digits4(u64::from(d.month().unsigned_abs()))[2..]);
            out.push('-');
            out.push_str(&digits4(u64::from(d.day().unsigned_abs()))[2..]);
        }
        _ => {
            let _ = write!(out, "{d}");
        }
    }
}

fn weekday(w: &str) -> Option<Weekday> {
    // (most words are told at once: the names all end in "day")
    if !w.ends_with("day") {
        return None;
    }
    Some(match w {
        "monday" => Weekday::Monday,
        "tuesday" => Weekday::Tuesday,
        "wednesday" => Weekday::Wednesday,
        "thursday" => Weekday::Thursday,
        "friday" => Weekday::Friday,
        "saturday" => Weekday::Saturday,
        "sunday" => Weekday::Sunday,
        _ => return None,
    })
}

fn small_number(w: &str) -> Option<i64> {
    Some(match w {
        "a" | "an" | "one" => 1,
        "two" | "couple" => 2,
        "three" => 3,
        "four" => 4,
        "five" => 5,
        "six" => 6,
        "seven" => 7,
        "eight" => 8,
        "nine" => 9,
        "ten" => 10,
        w => w.parse().ok().filter(|n| (1..=60).contains(n))?,
    })
}

fn year_of(w: &str) -> Option<i16> {
    (w.len() == 4)
        .then(|| w.parse::<i16>().ok())
        .flatten()
        .filter(|y| (1990..=2100).contains(y))
}

fn day_num(w: &str) -> Option<i8> {
    let w = w.trim_end_matches(|c: char| c.is_ascii_alphabetic());
    (!w.is_empty() && w.len() <= 2)
        .then(|| w.parse::<i8>().ok())
        .flatten()
        .filter(|d| (1..=31).contains(d))
}

/// The Saturday and Sunday on or before `pubd`.
fn weekend_before(pubd: Date) -> (Date, Date) {
    let mut d = pubd;
    while d.weekday() != Weekday::Saturday {
        d = d.yesterday().unwrap_or(d);
    }
    (d, d.tomorrow().unwrap_or(d))
}

fn month_span(y: i16, m: i8) -> Option<(Date, Date)> {
    let first = Date::new(y, m, 1).ok()?;
    Some((first, first.last_of_month()))
}

fn week_span(d: Date) -> (Date, Date) {
    let back = d.weekday().to_monday_zero_offset() as i64;
    let first = d.checked_sub(back.days()).unwrap_or(d);
    (first, first.checked_add(6.days()).unwrap_or(first))
}

/// Finds the date expressions in `words` (folded tokens of one sentence), resolved against the
/// publication date.
pub fn find_dates(words: &[&str], published: Option<Date>) -> Vec<ClaimDate> {
    find_dates_at(words, published, may_start_date)
}

/// The words an expression of [`find_dates`] is found at (the word `i` its loop looks at):
/// the weekdays, the month names [`month_number`] knows, the words its `match` looks for;
/// one space between two.
const DATE_WORDS: &str = "monday tuesday wednesday thursday friday saturday sunday \
    jan january feb february mar march apr april may jun june jul july aug august \
    sep sept september oct october nov november dec december \
    same yesterday today overnight previous before month week weekend day last this earlier ago";

/// The lengths (bit `1 << len`) of the words a date is found at, by their first and last bytes
/// (each `& 31`: a letter in either case is the same key), the years ("1990" to "2100") among
/// them.
static DATE_KEYS: [[u16; 32]; 32] = {
    let mut t = [[0u16; 32]; 32];
    let w = DATE_WORDS.as_bytes();
    let (mut i, mut start) = (0, 0);
    while i <= w.len() {
        if i == w.len() || w[i] == b' ' {
            t[(w[start] & 31) as usize][(w[i - 1] & 31) as usize] |= 1 << (i - start);
            start = i + 1;
        }
        i += 1;
    }
    let mut last = b'0';
    while last <= b'9' {
        t[(b'1' & 31) as usize][(last & 31) as usize] |= 1 << 4;
        t[(b'2' & 31) as usize][(last & 31) as usize] |= 1 << 4;
        last += 1;
    }
    t
};

/// False for a word no date expression is found at, told by its length and first and last
/// bytes (most words: `find_dates` goes on to the next at once).
#[inline(always)]
fn may_start_date(w: &str) -> bool {
    let b = w.as_bytes();
    match (b.first(), b.last()) {
        // month_number trims dots: "Jan."
        (_, Some(b'.')) => true,
        (Some(&first), Some(&last)) if b.len() < 16 => {
            DATE_KEYS[(first & 31) as usize][(last & 31) as usize] & (1 << b.len()) != 0
        }
        _ => false,
    }
}

/// [`find_dates`], looking only at the words `may_start` lets through (all of them in tests).
#[inline(always)]
fn find_dates_at(
    words: &[&str],
    published: Option<Date>,
    may_start: impl Fn(&str) -> bool,
) -> Vec<ClaimDate> {
    let Some(pubd) = published else {
        return Vec::new();
    };
    let mut out = Vec::new();
    let n = words.len();
    let w = |i: usize| words.get(i).copied().unwrap_or("");
    let text_of = |a: usize, b: usize| words[a..b.min(n)].join(" ");
    let mut i = 0;
    while i < n {
        let word = w(i);
        if !may_start(word) {
            i += 1;
            continue;
        }
        // weekdays: on Monday, last Sunday, early on Saturday
        if let Some(wd) = weekday(word) {
            let strict = w(i.wrapping_sub(1)) == "last";
            let mut d = pubd;
            let mut steps = 0;
            while (d.weekday() != wd || (strict && steps == 0)) && steps < 8 {
                d = d.yesterday().unwrap_or(d);
                steps += 1;
            }
            let start = if matches!(
                w(i.wrapping_sub(1)),
                "on" | "last" | "early" | "late" | "earlier"
            ) {
                i - 1
            } else {
                i
            };
            // "Saturday, March 23": the explicit date wins below; skip the weekday then
            let explicit_next = month_number(w(i + 1)).is_some() && day_num(w(i + 2)).is_some();
            if !explicit_next {
                out.push(ClaimDate::day(
                    d,
                    Some(text_of(start, i + 1)),
                    Some((start, i + 1)),
                ));
            }
            i += 1;
            continue;
        }
        // month names: May 23 / 23 May / June 2014 / in February / since early June
        if let Some(m) = month_number(word) {
            // "may" is a modal verb far more often than a month
            if word == "may"
                && !(day_num(w(i + 1)).is_some()
                    || year_of(w(i + 1)).is_some()
                    || day_num(w(i.wrapping_sub(1))).is_some()
                    || matches!(
                        w(i.wrapping_sub(1)),
                        "in" | "since" | "early" | "late" | "mid"
                    ))
            {
                i += 1;
                continue;
            }
            let mut start = i;
            if matches!(w(i.wrapping_sub(1)), "early" | "late" | "mid") {
                start = i - 1;
            }
            if matches!(
                w(start.wrapping_sub(1)),
                "in" | "since" | "on" | "until" | "by"
            ) {
                start -= 1;
            }
            if let Some(d) = day_num(w(i + 1)).filter(|_| year_of(w(i + 1)).is_none()) {
                let y = year_of(w(i + 2)).unwrap_or(pubd.year());
                if let Ok(mut date) = Date::new(y, m, d) {
                    if year_of(w(i + 2)).is_none() && date > pubd {
                        date = Date::new(y - 1, m, d).unwrap_or(date);
                    }
                    let end = if year_of(w(i + 2)).is_some() {
                        i + 3
                    } else {
                        i + 2
                    };
                    out.push(ClaimDate::day(
                        date,
                        Some(text_of(start, end)),
                        Some((start, end)),
                    ));
                    i = end;
                    continue;
                }
            }
            if let Some(d) = day_num(w(i.wrapping_sub(1))) {
                let y = year_of(w(i + 1)).unwrap_or(pubd.year());
                if let Ok(mut date) = Date::new(y, m, d) {
                    if year_of(w(i + 1)).is_none() && date > pubd {
                        date = Date::new(y - 1, m, d).unwrap_or(date);
                    }
                    let s = if matches!(w(i.wrapping_sub(2)), "on") {
                        i - 2
                    } else {
                        i - 1
                    };
                    let end = if year_of(w(i + 1)).is_some() {
                        i + 2
                    } else {
                        i + 1
                    };
                    out.push(ClaimDate::day(date, Some(text_of(s, end)), Some((s, end))));
                    i = end;
                    continue;
                }
            }
            let (y, end) = match year_of(w(i + 1)) {
                Some(y) => (y, i + 2),
                None => {
                    let y = pubd.year();
                    // a month later in the year than publication means last year's
                    (if m > pubd.month() { y - 1 } else { y }, i + 1)
                }
            };
            if let Some(d) = Date::new(y, m, 1)
                .ok()
                .and_then(|d| ClaimDate::month_of(d, Some(text_of(start, end)), Some((start, end))))
            {
                out.push(d);
            }
            i = end;
            continue;
        }
        // years: in 2015, since 2014
        if let Some(y) = year_of(word) {
            let prev = w(i.wrapping_sub(1));
            if matches!(
                prev,
                "in" | "since" | "of" | "during" | "until" | "early" | "late" | "mid"
            ) {
                // "in early 2015", "since mid-2016"
                let mut start = i - 1;
                if matches!(prev, "early" | "late" | "mid")
                    && matches!(w(i.wrapping_sub(2)), "in" | "since" | "until" | "by")
                {
                    start = i - 2;
                }
                if let (Ok(first), Ok(last)) = (Date::new(y, 1, 1), Date::new(y, 12, 31)) {
                    out.push(ClaimDate {
                        first,
                        last,
                        precision: Precision::Year,
                        text: Some(text_of(start, i + 1)),
                        at: Some((start, i + 1)),
                    });
                }
            }
            i += 1;
            continue;
        }
        let one_day_back = || pubd.yesterday().unwrap_or(pubd);
        match word {
            "same" if w(i + 1) == "day" => {
                let s = if w(i.wrapping_sub(1)) == "the" {
                    i - 1
                } else {
                    i
                };
                out.push(ClaimDate::day(
                    pubd,
                    Some(text_of(s, i + 2)),
                    Some((s, i + 2)),
                ));
            }
            "yesterday" => out.push(ClaimDate::day(
                one_day_back(),
                Some("yesterday".into()),
                Some((i, i + 1)),
            )),
            "today" => out.push(ClaimDate::day(pubd, Some("today".into()), Some((i, i + 1)))),
            "overnight" => out.push(ClaimDate::day(
                one_day_back(),
                Some("overnight".into()),
                Some((i, i + 1)),
            )),
            "previous" | "before"
                if w(i + 1) == "day" || (word == "before" && w(i.wrapping_sub(1)) == "day") =>
            {
                let s = i.saturating_sub(2);
                out.push(ClaimDate::day(
                    one_day_back(),
                    Some(text_of(s, i + 2)),
                    Some((s, i + 2)),
                ));
            }
            "month" | "week" if w(i.wrapping_sub(1)) == "a" && w(i + 1) == "after" => {
                // "a month after declaring victory in Mosul": that event was a month earlier
                let d = if word == "month" {
                    pubd.checked_sub(1.month())
                } else {
                    pubd.checked_sub(7.days())
                }
                .unwrap_or(pubd);
                let text = Some(text_of(i - 1, i + 2));
                if word == "month" {
                    out.extend(ClaimDate::month_of(d, text, Some((i - 1, i + 2))));
                } else {
                    let (f, l) = week_span(d);
                    out.push(ClaimDate {
                        first: f,
                        last: l,
                        precision: Precision::Week,
                        text,
                        at: Some((i - 1, i + 2)),
                    });
                }
            }
            "weekend"
                if w(i.wrapping_sub(1)) == "the"
                    && matches!(w(i.wrapping_sub(2)), "over" | "at" | "during") =>
            {
                let (first, last) = weekend_before(pubd);
                out.push(ClaimDate {
                    first,
                    last,
                    precision: Precision::Day,
                    text: Some(text_of(i - 2, i + 1)),
                    at: Some((i - 2, i + 1)),
                });
            }
            "day" if w(i.wrapping_sub(1)) == "a" && matches!(w(i + 1), "after" | "earlier") => {
                out.push(ClaimDate::day(
                    one_day_back(),
                    Some(text_of(i - 1, i + 2)),
                    Some((i - 1, i + 2)),
                ));
            }
            "last" | "this" | "earlier" => {
                let (unit_at, base) = if word == "earlier" && w(i + 1) == "this" {
                    (i + 2, "this")
                } else {
                    (i + 1, word)
                };
                let unit = w(unit_at);
                let r = match (base, unit) {
                    ("last", "week") => {
                        let (f, l) = week_span(pubd.checked_sub(7.days()).unwrap_or(pubd));
                        Some((f, l, Precision::Week))
                    }
                    ("this", "week") => {
                        let (f, l) = week_span(pubd);
                        Some((f, l.min(pubd), Precision::Week))
                    }
                    ("last", "month") => {
                        let d = pubd.checked_sub(1.month()).unwrap_or(pubd);
                        month_span(d.year(), d.month()).map(|(f, l)| (f, l, Precision::Month))
                    }
                    ("this", "month") => month_span(pubd.year(), pubd.month())
                        .map(|(f, _)| (f, pubd, Precision::Month)),
                    ("last", "year") => Date::new(pubd.year() - 1, 1, 1)
                        .ok()
                        .zip(Date::new(pubd.year() - 1, 12, 31).ok())
                        .map(|(f, l)| (f, l, Precision::Year)),
                    ("this", "year") => Date::new(pubd.year(), 1, 1)
                        .ok()
                        .map(|f| (f, pubd, Precision::Year)),
                    ("last", "weekend") | ("this", "weekend") => {
                        let (f, l) = weekend_before(pubd);
                        Some((f, l, Precision::Day))
                    }
                    _ => None,
                };
                if let Some((first, last, precision)) = r {
                    out.push(ClaimDate {
                        first,
                        last,
                        precision,
                        text: Some(text_of(i, unit_at + 1)),
                        at: Some((i, unit_at + 1)),
                    });
                    i = unit_at + 1;
                    continue;
                }
            }
            "ago" => {
                // two years ago, about two weeks ago, three days ago
                let unit = w(i.wrapping_sub(1));
                let num = small_number(w(i.wrapping_sub(2)));
                if let Some(k) = num {
                    let s =
                        if matches!(w(i.wrapping_sub(3)), "about" | "some" | "nearly" | "almost") {
                            i - 3
                        } else {
                            i - 2
                        };
                    let text = Some(text_of(s, i + 1));
                    let at = Some((s, i + 1));
                    match unit {
                        "days" | "day" => out.push(ClaimDate::day(
                            pubd.checked_sub(k.days()).unwrap_or(pubd),
                            text,
                            at,
                        )),
                        "weeks" | "week" => out.push(ClaimDate::day(
                            pubd.checked_sub((7 * k).days()).unwrap_or(pubd),
                            text,
                            at,
                        )),
                        "months" | "month" => {
                            let d = pubd.checked_sub(k.months()).unwrap_or(pubd);
                            out.extend(ClaimDate::month_of(d, text, at));
                        }
                        "years" | "year" => {
                            let y = pubd.year() - k as i16;
                            if let (Ok(f), Ok(l)) = (Date::new(y, 1, 1), Date::new(y, 12, 31)) {
                                out.push(ClaimDate {
                                    first: f,
                                    last: l,
                                    precision: Precision::Year,
                                    text,
                                    at,
                                });
                            }
                        }
                        _ => {}
                    }
                }
            }
            _ => {}
        }
        i += 1;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    fn one(s: &str, pubd: Date) -> ClaimDate {
        // split as the tokenizer does: at spaces and hyphens
        let words: Vec<String> = s
            .split(|c: char| c.is_whitespace() || c == '-')
            .filter(|w| !w.is_empty())
            .map(|w| {
                w.trim_matches(|c: char| !c.is_alphanumeric())
                    .to_lowercase()
            })
            .collect();
        let w: Vec<&str> = words.iter().map(String::as_str).collect();
        let d = find_dates(&w, Some(pubd));
        assert_eq!(d.len(), 1, "{s}: {d:?}");
        d[0].clone()
    }

    #[test]
    fn relative_dates_resolve_from_publication() {
        let p = date(2017, 5, 29); // a Monday
        for (s, iso, prec) in [
            ("fighters took it on Monday", "2017-05-29", "day"),
            ("advisers died on Sunday", "2017-05-28", "day"),
            ("the offensive began last Monday", "2017-05-22", "day"),
            ("it fell yesterday", "2017-05-28", "day"),
            ("troops pushed in overnight", "2017-05-28", "day"),
            ("an adviser died last week", "2017-W21", "week"),
            ("Hit fell last month", "2017-04", "month"),
            ("they said on May 23 that", "2017-05-23", "day"),
            ("on 12 May the push began", "2017-05-12", "day"),
            ("held since June 2014", "2014-06", "month"),
            ("retaken in early 2015", "2015", "year"),
            ("lost in mid-2016", "2016", "year"),
            ("taken over the weekend", "2017-05-27", "day"),
            ("held since early June", "2016-06", "month"),
            ("retaken in November 2015", "2015-11", "month"),
            ("captured in 2015", "2015", "year"),
            ("it fell two years ago", "2015", "year"),
            ("it began about two weeks ago", "2017-05-15", "day"),
            ("declared on Saturday, March 23, 2019", "2019-03-23", "day"),
        ] {
            let d = one(s, p);
            assert_eq!((d.iso().as_str(), d.precision.as_str()), (iso, prec), "{s}");
        }
    }

    #[test]
    fn modal_may_is_not_a_month() {
        let w = ["it", "may", "fall", "soon"];
        assert!(find_dates(&w, Some(date(2017, 6, 1))).is_empty());
    }

    #[test]
    fn spans_cover_the_period() {
        let d = one("in August 2014", date(2017, 10, 17));
        assert_eq!(d.time_start(), "2014-08-01T00:00:00Z");
        assert_eq!(d.time_end(), "2014-08-31T23:59:59Z");
    }

    /// The dates written without the formatter are the formatter's text, for every year.
    #[test]
    fn dates_write_as_formatted() {
        let mut next = crate::testutil::xorshift();
        let mut days = vec![
            Date::MIN,
            Date::MAX,
            date(0, 1, 1),
            date(-1, 12, 31),
            date(9, 2, 3),
            date(999, 10, 31),
            date(9999, 12, 31),
            date(2017, 5, 29),
        ];
        for _ in 0..5000 {
            let r = next();
            let y = (r % 20_000) as i16 - 10_000;
            days.push(date(
                y.clamp(-9999, 9999),
                ((r >> 20) % 12) as i8 + 1,
                ((r >> 30) % 28) as i8 + 1,
            ));
        }
        for d in days {
            // (the other precisions write [`ClaimDate::iso`] itself)
            for precision in [Precision::Day, Precision::Month] {
                let c = ClaimDate {
                    precision,
                    ..ClaimDate::day(d, None, None)
                };
                let mut s = String::new();
                c.write_iso(&mut s);
                s.push(' ');
                c.write_time_start(&mut s);
                s.push(' ');
                c.write_time_end(&mut s);
                assert_eq!(
                    s,
                    format!("{} {} {}", c.iso(), c.time_start(), c.time_end())
                );
            }
        }
    }

    /// Looking only at the words [`may_start_date`] lets through finds the dates found
    /// looking at every word, in sentences of date words, their neighbours, numbers and
    /// generated words (cased, dotted, digits).
    #[test]
    fn date_words_prefilter_finds_every_date() {
        let mut pool: Vec<String> = DATE_WORDS.split(' ').map(String::from).collect();
        for w in DATE_WORDS.split(' ') {
            pool.push(w.to_uppercase());
            pool.push(format!("{w}."));
            pool.push(format!("{w}s"));
        }
        pool.extend(
            [
                "on", "last", "early", "late", "mid", "in", "since", "until", "by", "the", "a",
                "after", "earlier", "day", "days", "weeks", "months", "years", "two", "about",
                "over", "at", "during", "of", "1", "23", "23rd", "2014", "2015", "1990", "2100",
                "2101", "1989", "+201", "0023", "said", "state", "",
            ]
            .map(String::from),
        );
        let mut next = crate::testutil::xorshift();
        let alphabet = b"abdeijlmnorstuwyADJMS0129.+-";
        for _ in 0..2000 {
            let len = (next() % 10) as usize;
            let w: Vec<u8> = (0..len)
                .map(|_| alphabet[(next() % alphabet.len() as u64) as usize])
                .collect();
            pool.push(String::from_utf8(w).unwrap());
        }
        for w in &pool {
            if !may_start_date(w) {
                assert!(
                    weekday(w).is_none() && month_number(w).is_none() && year_of(w).is_none(),
                    "{w}"
                );
            }
        }
        let pubd = date(2017, 5, 29);
        let mut found = 0;
        for _ in 0..20_000 {
            let n = (next() % 12) as usize;
            let words: Vec<&str> = (0..n)
                .map(|_| pool[(next() % pool.len() as u64) as usize].as_str())
                .collect();
            let all = find_dates_at(&words, Some(pubd), |_| true);
            assert_eq!(find_dates(&words, Some(pubd)), all, "{words:?}");
            found += all.len();
        }
        assert!(found > 2000, "{found}");
    }
}
