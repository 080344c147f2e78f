//! Header metadata of a scraped news page: outlet, title, publication date; where the body starts
//! and where the footer begins.
//!
//! Scraped pages put the outlet, a publication date in the outlet's own format, perhaps a later
//! "Last Update" date, view counters and a headline above the body, and comment policies, share
//! widgets, related-story lists and copyright lines below it. This module finds those parts by
//! line shape; it does not look for places or claims.

use jiff::civil::Date;

/// Outlets and agencies as they appear in bylines (longest first where one contains another).
const OUTLETS: &[&str] = &[
    "Agence France-Presse",
    "The Associated Press",
    "Associated Press",
    "Middle East Eye",
    "Ahram Online",
    "Al Jazeera",
    "Al-Monitor",
    "Arab News",
    "ARAB NEWS",
    "AP NEWS",
    "BBC NEWS",
    "BBC News",
    "RFE/RL",
    "Rudaw",
    "Kurdistan 24",
    "Kurdistan24",
    "Anadolu Agency",
    "Anadolu",
    "Xinhua",
    "Daily Sabah",
    "The National",
    "Iraqi News",
    "Al-Masdar News",
    "Asharq Al-Awsat",
    "Voice of America",
    "VOA",
    "Deutsche Welle",
    "France 24",
    "The Guardian",
    "The New York Times",
    "The Washington Post",
    "Daily Mail",
    "Reuters",
    "AFP",
    "AP",
    "BBC",
    "CNN",
    "SANA",
];

/// Lines that end the body: comment policies, share widgets, related lists, copyright.
const FOOTER_MARKERS: &[&str] = &[
    "short link:",
    "share or comment",
    "most watched",
    "related topics",
    "more on this story",
    "related content",
    "related articles",
    "related stories",
    "related:",
    "next in ",
    "others also read",
    "share this story",
    "share this article",
    "search keywords:",
    "welcomes readers' comments",
    "welcomes readers’ comments",
    "all rights reserved",
    "read more:",
    "subscribe to our newsletter",
    "follow us on",
    "comments policy",
    "comment policy",
];

/// Month names and abbreviations (what [`month_number`] matches).
#[cfg(test)]
const MONTHS: &[(&str, i8)] = &[
    ("january", 1),
    ("february", 2),
    ("march", 3),
    ("april", 4),
    ("may", 5),
    ("june", 6),
    ("july", 7),
    ("august", 8),
    ("september", 9),
    ("sept", 9),
    ("october", 10),
    ("november", 11),
    ("december", 12),
    ("jan", 1),
    ("feb", 2),
    ("mar", 3),
    ("apr", 4),
    ("jun", 6),
    ("jul", 7),
    ("aug", 8),
    ("sep", 9),
    ("oct", 10),
    ("nov", 11),
    ("dec", 12),
];

/// The month number of a month name or abbreviation (with or without a full stop).
#[inline]
pub fn month_number(word: &str) -> Option<i8> {
    let w = word.trim_end_matches('.').as_bytes();
    // the names are ASCII of 3 to 9 letters starting ja, ju, fe, ma, ap, au, se, oc, no or de:
    // most words are told by their length and first two bytes (setting the 0x20 bit lower-cases
    // a letter and makes no other byte one)
    if !(3..=9).contains(&w.len())
        || !matches!(
            [w[0] | 0x20, w[1] | 0x20],
            [b'j', b'a' | b'u']
                | [b'f', b'e']
                | [b'm', b'a']
                | [b'a', b'p' | b'u']
                | [b's', b'e']
                | [b'o', b'c']
                | [b'n', b'o']
                | [b'd', b'e']
        )
    {
        return None;
    }
    // compared as a lower-cased copy on the stack
    let mut buf = [0u8; 9];
    for (d, &b) in buf.iter_mut().zip(w) {
        *d = b.to_ascii_lowercase();
    }
    Some(match &buf[..w.len()] {
        b"jan" | b"january" => 1,
        b"feb" | b"february" => 2,
        b"mar" | b"march" => 3,
        b"apr" | b"april" => 4,
        b"may" => 5,
        b"jun" | b"june" => 6,
        b"jul" | b"july" => 7,
        b"aug" | b"august" => 8,
        b"sep" | b"sept" | b"september" => 9,
        b"oct" | b"october" => 10,
        b"nov" | b"november" => 11,
        b"dec" | b"december" => 12,
        _ => return None,
    })
}

fn tokens(s: &str) -> Vec<&str> {
    s.split(|c: char| !(c.is_alphanumeric() || c == '.'))
        .map(|t| t.trim_end_matches('.'))
        .filter(|t| !t.is_empty())
        .collect()
}

fn year_of(t: &str) -> Option<i16> {
    (t.len() == 4 && t.bytes().all(|b| b.is_ascii_digit()))
        .then(|| t.parse::<i16>().ok())
        .flatten()
        .filter(|y| (1990..=2100).contains(y))
}

fn day_of(t: &str) -> Option<i8> {
    let t = t.trim_end_matches(|c: char| c.is_ascii_alphabetic()); // 1st, 2nd, 23rd
    (t.len() <= 2 && !t.is_empty() && t.bytes().all(|b| b.is_ascii_digit()))
        .then(|| t.parse::<i8>().ok())
        .flatten()
        .filter(|d| (1..=31).contains(d))
}

/// True when `b` has `n` ASCII digits in a row.
fn has_digit_run(b: &[u8], n: usize) -> bool {
    let mut run = 0;
    for &c in b {
        if c.is_ascii_digit() {
            run += 1;
            if run == n {
                return true;
            }
        } else {
            run = 0;
        }
    }
    false
}

/// Finds the first full date in a line of text, in the formats outlets use:
/// `29 May 2017`, `May 29, 2017`, `October 17,2017`, `2017-06-05`, `05/06/2017` (day first unless
/// the second number cannot be a month... then month first), `Sunday, 04 Jun 2017`.
pub fn find_date(line: &str) -> Option<Date> {
    let b = line.as_bytes();
    // every format has a year of four digits: most lines have none
    if !has_digit_run(b, 4) {
        return None;
    }
    // ISO 2017-06-05
    for i in 0..b.len().saturating_sub(9) {
        let w = &b[i..i + 10];
        if w[4] == b'-'
            && w[7] == b'-'
            && w[..4].iter().all(u8::is_ascii_digit)
            && w[5..7].iter().all(u8::is_ascii_digit)
            && w[8..10].iter().all(u8::is_ascii_digit)
            && (i == 0 || !b[i - 1].is_ascii_digit())
        {
            let s = std::str::from_utf8(w).ok()?;
            if let (Ok(y), Ok(m), Ok(d)) = (s[..4].parse(), s[5..7].parse(), s[8..].parse()) {
                if let Ok(date) = Date::new(y, m, d) {
                    return Some(date);
                }
            }
        }
    }
    // numeric 05/06/2017 or 05.06.2017
    for part in line.split_whitespace() {
        let mut pieces = part
            .trim_matches(|c: char| !c.is_ascii_digit())
            .split(['/', '.']);
        let p = [pieces.next(), pieces.next(), pieces.next(), pieces.next()];
        // exactly three pieces
        if let [Some(p0), Some(p1), Some(p2), None] = p {
            if let (Some(a), Some(bm), Some(y)) = (day_of(p0), day_of(p1), year_of(p2)) {
                let (d, m) = if bm > 12 { (bm, a) } else { (a, bm) };
                if let Ok(date) = Date::new(y, m, d) {
                    return Some(date);
                }
            }
        }
    }
    let toks = tokens(line);
    for i in 0..toks.len() {
        if let Some(m) = month_number(toks[i]) {
            // May 29, 2017 / October 17,2017
            if let (Some(d), Some(y)) = (
                toks.get(i + 1).and_then(|t| day_of(t)),
                toks.get(i + 2).and_then(|t| year_of(t)),
            ) {
                if let Ok(date) = Date::new(y, m, d) {
                    return Some(date);
                }
            }
            // 29 May 2017
            if i > 0 {
                if let (Some(d), Some(y)) = (
                    day_of(toks[i - 1]),
                    toks.get(i + 1).and_then(|t| year_of(t)),
                ) {
                    if let Ok(date) = Date::new(y, m, d) {
                        return Some(date);
                    }
                }
            }
        }
    }
    None
}

/// What the header says.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Header {
    pub source: Option<String>,
    pub title: Option<(usize, usize)>,
    pub published: Option<Date>,
    /// Byte range of the body (after the header, before the footer).
    pub body: (usize, usize),
}

struct Line<'a> {
    start: usize,
    text: &'a str,
}

/// The lines of `text` as [`str::split_inclusive`] on `'\n'` cuts them (a last line without a
/// newline if it is not empty), each without its line end; the newlines are found with the
/// `memchr` crate's vectorised search (the standard library's takes a few times as long).
fn lines_of(text: &str) -> Vec<Line<'_>> {
    let mut out = Vec::new();
    let mut start = 0;
    let ends = memchr::memchr_iter(b'\n', text.as_bytes()).map(|nl| nl + 1);
    for end in ends.chain((!text.is_empty()).then_some(text.len())) {
        if end <= start {
            break; // (the text ends with a newline: no last line after it)
        }
        out.push(Line {
            start,
            text: text[start..end].trim_end_matches(['\n', '\r']),
        });
        start = end;
    }
    out
}

/// True when `s` has `n` words at least, as [`str::split_whitespace`] splits it (`n` > 0):
/// counted up to the `n`th, a byte at a time where the text is ASCII (a character at a time
/// where it is not).
fn has_words(s: &str, n: usize) -> bool {
    let b = s.as_bytes();
    let mut words = 0;
    let mut in_word = false;
    let mut i = 0;
    while i < b.len() {
        let (space, len) = if b[i] < 0x80 {
            // the ASCII white space of `char::is_whitespace`: tab, LF, VT, FF, CR and space
            (matches!(b[i], b'\t'..=b'\r' | b' '), 1)
        } else {
            match s[i..].chars().next() {
                Some(c) => (c.is_whitespace(), c.len_utf8()),
                None => break,
            }
        };
        if !space && !in_word {
            words += 1;
            if words == n {
                return true;
            }
        }
        in_word = !space;
        i += len;
    }
    false
}

/// True for a line that is body prose: long, with a sentence end.
fn is_prose(s: &str) -> bool {
    let t = s.trim();
    // 14 words at least (counted up to the 14th)
    has_words(t, 14)
        && (t.contains(". ") || t.ends_with('.') || t.ends_with('"') || t.ends_with('”'))
}

fn is_update_line(lower: &str) -> bool {
    // (both have "update" in them: most lines are ruled out by one search)
    lower.contains("update") && (lower.contains("last update") || lower.contains("updated"))
}

/// The first outlet of [`OUTLETS`] (in list order) that `line` names as a whole word.
///
/// One scan for all of them ([`find_outlet_each`] by the definition, one search per outlet):
/// every occurrence of every outlet, with the occurrences of one outlet taken as the search
/// for it takes them (each from the end of the one before).
fn find_outlet(line: &str) -> Option<&'static str> {
    static AC: std::sync::OnceLock<Option<aho_corasick::AhoCorasick>> = std::sync::OnceLock::new();
    let Some(ac) = AC
        .get_or_init(|| {
            aho_corasick::AhoCorasick::builder()
                .kind(Some(aho_corasick::AhoCorasickKind::DFA))
                .build(OUTLETS)
                .ok()
        })
        .as_ref()
    else {
        return find_outlet_each(line);
    };
    let mut from = [0usize; OUTLETS.len()];
    let mut best: Option<usize> = None;
    for m in ac.find_overlapping_iter(line) {
        let p = m.pattern().as_usize();
        let (s, e) = (m.start(), m.end());
        if s < from[p] || best.is_some_and(|b| b <= p) {
            continue;
        }
        from[p] = e;
        if outlet_bounded(line, s, e) {
            best = Some(p);
        }
    }
    best.map(|p| OUTLETS[p])
}

/// `line[s..e]` is not inside a longer word.
fn outlet_bounded(line: &str, s: usize, e: usize) -> bool {
    let before_ok = s == 0
        || !line[..s]
            .chars()
            .next_back()
            .is_some_and(char::is_alphanumeric);
    let after_ok = e == line.len() || !line[e..].chars().next().is_some_and(char::is_alphanumeric);
    before_ok && after_ok
}

/// [`find_outlet`] by the definition: a search per outlet, in list order.
fn find_outlet_each(line: &str) -> Option<&'static str> {
    for o in OUTLETS {
        let mut from = 0;
        while let Some(pos) = line[from..].find(o) {
            let s = from + pos;
            let e = s + o.len();
            let before_ok = s == 0
                || !line[..s]
                    .chars()
                    .next_back()
                    .is_some_and(char::is_alphanumeric);
            let after_ok =
                e == line.len() || !line[e..].chars().next().is_some_and(char::is_alphanumeric);
            if before_ok && after_ok {
                return Some(o);
            }
            from = e;
        }
    }
    None
}

fn canonical_outlet(o: &str) -> String {
    match o {
        "ARAB NEWS" => "Arab News".into(),
        "AP NEWS" | "The Associated Press" | "Associated Press" => "AP".into(),
        "BBC NEWS" | "BBC News" => "BBC".into(),
        "Agence France-Presse" => "AFP".into(),
        o => o.to_string(),
    }
}

/// The characters that lower-case to ASCII: KELVIN SIGN (to k) and CAPITAL I WITH DOT ABOVE
/// (to i and a combining dot). Every other character lower-cases to ASCII if it is ASCII and to
/// non-ASCII characters if not.
const LOWER_TO_ASCII: [&str; 2] = ["\u{212a}", "\u{130}"];

/// A search for the footer markers that count anywhere in a line (those longer than 12 bytes),
/// ASCII case insensitive, that reads few of the line's bytes (Wu and Manber's multi-pattern
/// search): a window as long as the shortest marker slides along the line, and moves past a
/// pair of bytes at its end as far as no marker's beginning can hold that pair there.
struct FooterSearch {
    /// The markers (at most 64).
    markers: Vec<&'static [u8]>,
    /// The length of the shortest marker: the window's.
    window: usize,
    /// How far the window moves when its last two bytes are `a` and `b`, at `a`·256 + `b`: the
    /// bytes as written, each case of a letter set alike (so that the loop need not lower-case
    /// them, nor hash them into fewer slots that would share the smallest shift).
    shift: Box<[u8; 1 << 16]>,
    /// The markers whose first `window` bytes end with two bytes of [`FooterSearch::pair`]'s
    /// hash (a bit each): looked at only where the shift is 0.
    ends: [u64; 1024],
}

impl FooterSearch {
    /// The hash of two bytes, ASCII lower-cased.
    #[inline]
    fn pair(a: u8, b: u8) -> usize {
        ((usize::from(a.to_ascii_lowercase()) << 5) ^ usize::from(b.to_ascii_lowercase())) & 1023
    }

    fn new() -> FooterSearch {
        let markers: Vec<&'static [u8]> = FOOTER_MARKERS
            .iter()
            .filter(|m| m.len() > 12)
            .map(|m| m.as_bytes())
            .collect();
        assert!(markers.len() <= 64);
        let window = markers.iter().map(|m| m.len()).min().unwrap_or(0);
        let mut shift = Box::new([u8::try_from(window - 1).unwrap_or(u8::MAX); 1 << 16]);
        let mut ends = [0u64; 1024];
        // the bytes that lower-case to the lower case of `c`: `c` in either case
        let cases = |c: u8| [c.to_ascii_lowercase(), c.to_ascii_uppercase()];
        for (k, m) in markers.iter().enumerate() {
            for j in 1..window {
                let s = u8::try_from(window - 1 - j).unwrap_or(u8::MAX);
                for a in cases(m[j - 1]) {
                    for b in cases(m[j]) {
                        let slot = &mut shift[usize::from(a) << 8 | usize::from(b)];
                        *slot = (*slot).min(s);
                    }
                }
                if s == 0 {
                    ends[Self::pair(m[j - 1], m[j])] |= 1 << k;
                }
            }
        }
        FooterSearch {
            markers,
            window,
            shift,
            ends,
        }
    }

    /// True when one of the markers is in `t`, ASCII case insensitive.
    fn found_in(&self, t: &[u8]) -> bool {
        let m = self.window;
        // the index of the window's last byte
        let mut e = m - 1;
        while e < t.len() {
            let (a, b) = (t[e - 1], t[e]);
            let s = self.shift[usize::from(a) << 8 | usize::from(b)];
            if s != 0 {
                e += usize::from(s);
                continue;
            }
            let start = e + 1 - m;
            let mut bits = self.ends[Self::pair(a, b)];
            while bits != 0 {
                let marker = self.markers[bits.trailing_zeros() as usize];
                bits &= bits - 1;
                if t.len() - start >= marker.len()
                    && t[start..start + marker.len()].eq_ignore_ascii_case(marker)
                {
                    return true;
                }
            }
            e += 1;
        }
        false
    }
}

fn footer_search() -> &'static FooterSearch {
    static SEARCH: std::sync::OnceLock<FooterSearch> = std::sync::OnceLock::new();
    SEARCH.get_or_init(FooterSearch::new)
}

/// The first bytes of the [`FOOTER_MARKERS`].
static MARKER_FIRST_BYTES: [bool; 256] = {
    let mut t = [false; 256];
    let mut i = 0;
    while i < FOOTER_MARKERS.len() {
        t[FOOTER_MARKERS[i].as_bytes()[0] as usize] = true;
        i += 1;
    }
    t
};

/// True when the line ends the body (a footer marker, or a copyright line).
///
/// That is [`is_footer_line_lowercased`], the tests on the lower-cased line; without a
/// character of [`LOWER_TO_ASCII`] the ASCII case-insensitive tests on the line as written say
/// the same without the copy (and when they find a marker, the copy has it too).
pub fn is_footer_line(line: &str) -> bool {
    let t = line.trim();
    let starts =
        |m: &str| t.len() >= m.len() && t.as_bytes()[..m.len()].eq_ignore_ascii_case(m.as_bytes());
    if t.starts_with('©') || starts("copyright") || starts("(c) ") {
        return true;
    }
    // (a marker the line starts with has its first letter: most lines start with none of them)
    let first = t.as_bytes().first().map(u8::to_ascii_lowercase);
    if first.is_some_and(|f| MARKER_FIRST_BYTES[usize::from(f)])
        && FOOTER_MARKERS
            .iter()
            .any(|m| m.as_bytes().first() == first.as_ref() && starts(m))
    {
        return true;
    }
    if footer_search().found_in(t.as_bytes()) {
        return true;
    }
    if !t.is_ascii() && LOWER_TO_ASCII.iter().any(|c| t.contains(c)) {
        return is_footer_line_lowercased(t);
    }
    t.eq_ignore_ascii_case("related") || t.eq_ignore_ascii_case("share")
}

/// [`is_footer_line`] by the definition: on the lower-cased line.
fn is_footer_line_lowercased(line: &str) -> bool {
    let l = line.trim().to_lowercase();
    if l.starts_with('©') || l.starts_with("copyright") || l.starts_with("(c) ") {
        return true;
    }
    FOOTER_MARKERS
        .iter()
        .any(|m| l.starts_with(m) || (m.len() > 12 && l.contains(m)))
        || l == "related"
        || l == "share"
}

/// Reads the header of an article's text.
///
/// One pass over the header lines ranks their dates, finds the outlet and picks the title (what
/// the plain definition in the tests does in three), so that each line is lower-cased, and searched
/// for a date and an outlet, once.
pub fn parse_header(text: &str) -> Header {
    let lines = lines_of(text);
    // the body starts at the first prose line
    let body_line = lines.iter().position(|l| is_prose(l.text)).unwrap_or(0);
    let header = &lines[..body_line];

    // publication date: rank the header's dates
    let mut best: Option<(i32, Date)> = None;
    let mut after_update = false;
    // the outlet of the first header line that names one
    let mut outlet: Option<&'static str> = None;
    // title: the header line that reads like a headline
    let mut title = None;
    let mut best_len = 0;
    for l in header {
        let lower = l.text.to_lowercase();
        // (every marker has "update" in it: most lines have none)
        let cut = if lower.contains("update") {
            [
                "| updated",
                "| last update",
                "|updated",
                " updated ",
                "last updated",
            ]
            .iter()
            .filter_map(|m| lower.find(m))
            .min()
        } else {
            None
        };
        let head = match cut {
            Some(c) if c > 0 => &l.text[..c],
            _ => l.text,
        };
        let whole = head.len() == l.text.len();
        // (the whole line's lower case when the head is the whole line)
        let cut_lower;
        let head_lower: &str = if whole {
            &lower
        } else {
            cut_lower = head.to_lowercase();
            &cut_lower
        };
        // the line's outlet, looked for while no line before has named one
        let line_outlet = outlet.is_none().then(|| find_outlet(l.text));
        if let Some(Some(o)) = line_outlet {
            outlet = Some(o);
        }
        let head_date = find_date(head);
        // the date of the whole line, found once when asked for
        let mut line_date = whole.then_some(head_date);
        let mut date_of_line = || *line_date.get_or_insert_with(|| find_date(l.text));

        let update_only =
            cut == Some(0) || (is_update_line(head_lower) && !head_lower.contains("published"));
        if let Some(d) = head_date {
            let mut rank = 10;
            if head_lower.contains("published") {
                rank = 40;
            } else if match line_outlet {
                Some(o) if whole => o.is_some(),
                _ => find_outlet(head).is_some(),
            } {
                rank = 30;
            } else if after_update {
                rank = 2;
            }
            if update_only {
                rank = 1;
            }
            if best.is_none_or(|(r, _)| rank > r) {
                best = Some((rank, d));
            }
        } else if update_only {
            // an update date in the rest of the line counts low
            if let Some(d) = date_of_line() {
                if best.is_none() {
                    best = Some((1, d));
                }
            }
        }
        after_update = is_update_line(&lower) && date_of_line().is_none();

        // a title candidate: the trimmed line (whose lower case is the trimmed lower case, and
        // whose date is the line's: trimming white space changes neither)
        let t = l.text.trim();
        let t_lower = lower.trim();
        if !has_words(t, 4)
            || t_lower.starts_with("views")
            || t_lower.starts_with("by ")
            || t_lower.starts_with("published")
            || is_update_line(t_lower)
            || date_of_line().is_some()
        {
            continue;
        }
        if t.len() > best_len {
            best_len = t.len();
            let off = l.text.len() - l.text.trim_start().len();
            title = Some((l.start + off, l.start + off + t.len()));
        }
    }
    // no header date: a date in the first body lines (a dateline) is better than none
    if best.is_none() {
        for l in lines.iter().skip(body_line).take(2) {
            if let Some(d) = find_date(l.text) {
                best = Some((0, d));
                break;
            }
        }
    }

    // outlet
    let mut source = outlet.map(canonical_outlet);
    if source.is_none() {
        for l in header {
            let t = l.text.trim();
            if let Some(rest) = t.strip_prefix("By ") {
                let name = rest.split([',', '|']).next().unwrap_or("").trim();
                // at most four words
                if !name.is_empty() && !has_words(name, 5) {
                    source = Some(name.to_string());
                    break;
                }
            }
        }
    }
    // a dateline agency: "BEIRUT (Reuters) -"
    if source.is_none() {
        if let Some(l) = lines.get(body_line) {
            if let (Some(a), Some(b)) = (l.text.find('('), l.text.find(')')) {
                if a < b && b < 40 {
                    if let Some(o) = find_outlet(&l.text[a + 1..b]) {
                        source = Some(canonical_outlet(o));
                    }
                }
            }
        }
    }

    // body end: the first footer line after the body starts
    let body_start = lines.get(body_line).map(|l| l.start).unwrap_or(0);
    let mut body_end = text.len();
    for l in lines.iter().skip(body_line + 1) {
        if is_footer_line(l.text) {
            body_end = l.start;
            break;
        }
    }
    Header {
        source,
        title,
        published: best.map(|(_, d)| d),
        body: (body_start, body_end.max(body_start)),
    }
}

#[cfg(test)]
mod tests {

    /// `lines_of` cuts and trims as `split_inclusive` does, on texts of newlines, carriage
    /// returns, letters and a two-byte character in every order.
    #[test]
    fn lines_are_those_of_split_inclusive() {
        fn plain(text: &str) -> Vec<(usize, &str)> {
            let mut out = Vec::new();
            let mut start = 0;
            for l in text.split_inclusive('\n') {
                out.push((start, l.trim_end_matches(['\n', '\r'])));
                start += l.len();
            }
            out
        }
        let alphabet = ['\n', '\r', 'a', ' ', 'é'];
        for len in 0..=6u32 {
            for n in 0..alphabet.len().pow(len) {
                let mut text = String::new();
                let mut k = n;
                for _ in 0..len {
                    text.push(alphabet[k % alphabet.len()]);
                    k /= alphabet.len();
                }
                let got: Vec<(usize, &str)> =
                    lines_of(&text).iter().map(|l| (l.start, l.text)).collect();
                assert_eq!(got, plain(&text), "{text:?}");
            }
        }
    }
    use super::*;
    use jiff::civil::date;

    fn word_count(s: &str) -> usize {
        s.split_whitespace().count()
    }

    /// [`parse_header`] as first written: three passes over the header lines, each line
    /// lower-cased twice and searched for a date up to three times.
    pub(super) fn parse_header_plain(text: &str) -> Header {
        let lines = lines_of(text);
        // the body starts at the first prose line
        let body_line = lines.iter().position(|l| is_prose(l.text)).unwrap_or(0);
        let header = &lines[..body_line];

        // publication date: rank the header's dates
        let mut best: Option<(i32, Date)> = None;
        let mut after_update = false;
        for l in header {
            let lower = l.text.to_lowercase();
            // (every marker has "update" in it: most lines have none)
            let cut = if lower.contains("update") {
                [
                    "| updated",
                    "| last update",
                    "|updated",
                    " updated ",
                    "last updated",
                ]
                .iter()
                .filter_map(|m| lower.find(m))
                .min()
            } else {
                None
            };
            let head = match cut {
                Some(c) if c > 0 => &l.text[..c],
                _ => l.text,
            };
            // (the whole line's lower case when the head is the whole line)
            let cut_lower;
            let head_lower: &str = if head.len() == l.text.len() {
                &lower
            } else {
                cut_lower = head.to_lowercase();
                &cut_lower
            };
            let update_only =
                cut == Some(0) || (is_update_line(head_lower) && !head_lower.contains("published"));
            if let Some(d) = find_date(head) {
                let mut rank = 10;
                if head_lower.contains("published") {
                    rank = 40;
                } else if find_outlet(head).is_some() {
                    rank = 30;
                } else if after_update {
                    rank = 2;
                }
                if update_only {
                    rank = 1;
                }
                if best.is_none_or(|(r, _)| rank > r) {
                    best = Some((rank, d));
                }
            } else if update_only {
                // an update date in the rest of the line counts low
                if let Some(d) = find_date(l.text) {
                    if best.is_none() {
                        best = Some((1, d));
                    }
                }
            }
            after_update = is_update_line(&lower) && find_date(l.text).is_none();
        }
        // no header date: a date in the first body lines (a dateline) is better than none
        if best.is_none() {
            for l in lines.iter().skip(body_line).take(2) {
                if let Some(d) = find_date(l.text) {
                    best = Some((0, d));
                    break;
                }
            }
        }

        // outlet
        let mut source = None;
        for l in header {
            if let Some(o) = find_outlet(l.text) {
                source = Some(canonical_outlet(o));
                break;
            }
        }
        if source.is_none() {
            for l in header {
                let t = l.text.trim();
                if let Some(rest) = t.strip_prefix("By ") {
                    let name = rest.split([',', '|']).next().unwrap_or("").trim();
                    if !name.is_empty() && word_count(name) <= 4 {
                        source = Some(name.to_string());
                        break;
                    }
                }
            }
        }
        // a dateline agency: "BEIRUT (Reuters) -"
        if source.is_none() {
            if let Some(l) = lines.get(body_line) {
                if let (Some(a), Some(b)) = (l.text.find('('), l.text.find(')')) {
                    if a < b && b < 40 {
                        if let Some(o) = find_outlet(&l.text[a + 1..b]) {
                            source = Some(canonical_outlet(o));
                        }
                    }
                }
            }
        }

        // title: the header line that reads like a headline
        let mut title = None;
        let mut best_len = 0;
        for l in header {
            let t = l.text.trim();
            let lower = t.to_lowercase();
            let wc = word_count(t);
            if wc < 4
                || find_date(t).is_some()
                || lower.starts_with("views")
                || lower.starts_with("by ")
                || lower.starts_with("published")
                || is_update_line(&lower)
            {
                continue;
            }
            if t.len() > best_len {
                best_len = t.len();
                let off = l.text.len() - l.text.trim_start().len();
                title = Some((l.start + off, l.start + off + t.len()));
            }
        }

        // body end: the first footer line after the body starts
        let body_start = lines.get(body_line).map(|l| l.start).unwrap_or(0);
        let mut body_end = text.len();
        for l in lines.iter().skip(body_line + 1) {
            if is_footer_line(l.text) {
                body_end = l.start;
                break;
            }
        }
        Header {
            source,
            title,
            published: best.map(|(_, d)| d),
            body: (body_start, body_end.max(body_start)),
        }
    }

    #[test]
    fn dates_in_outlet_formats() {
        for (s, want) in [
            ("Reuters , Monday 29 May 2017", date(2017, 5, 29)),
            ("Published: 2017-06-05", date(2017, 6, 5)),
            ("June 5, 2017 at 14:22", date(2017, 6, 5)),
            ("05/06/2017", date(2017, 6, 5)),
            ("Published October 17,2017", date(2017, 10, 17)),
            ("Sunday, 04 Jun 2017", date(2017, 6, 4)),
            ("March 05, 2016 13:48 GMT", date(2016, 3, 5)),
            ("on Sept. 10, 2018", date(2018, 9, 10)),
        ] {
            assert_eq!(find_date(s), Some(want), "{s}");
        }
        assert_eq!(find_date("2017-13-45"), None);
        assert_eq!(find_date("Views: 1869"), None);
    }

    /// The one-pass [`parse_header`] reads what the three passes of [`parse_header_plain`] read,
    /// on texts put together at random from header, prose and footer lines.
    #[test]
    fn parse_header_in_one_pass_agrees_with_the_plain_passes() {
        // header fragments: outlets, dates in the outlets' formats, update and view lines,
        // bylines, headline words, white space and characters whose lower case differs in
        // length (not with "update" in the line: the plain cut would not be at a character
        // boundary)
        let fragments = [
            "Reuters",
            "Anadolu Agency",
            "AP NEWS",
            "(AFP)",
            "ARAB NEWS",
            "Kurdistan24",
            "Monday 29 May 2017",
            "2017-06-05",
            "05/06/2017",
            "01.10.2014",
            "June 5, 2017",
            "October 17,2017",
            "Sunday, 04 Jun 2017",
            "at 14:22",
            "Published:",
            "Published",
            "| Updated:",
            "|Updated 2 May 2018",
            " updated ",
            "Last Update:",
            "Last updated",
            "Updated",
            "Views: 1869",
            "By ",
            "John Smith, AFP",
            "Forces take the border town",
            "from the militants",
            "Iraq",
            "Syria",
            "  ",
            "\t",
            "\u{3000}",
            "ΟΔΟΣ",
            "é",
            "’",
        ];
        let odd = ["İstanbul fighters", "\u{212a}urdish forces", "ΣΑΣ news"];
        let prose = [
            "The Iraqi forces said on Monday that they had taken the town of Baaj from the militants.",
            "BEIRUT (Reuters) - Syrian forces and their allies captured the border town of Albu Kamal on Wednesday, a commander said.",
            "Fighters said on Saturday they had captured the gas field in the east of the country from the militants",
            "Published 3 June 2017: officials said the militants were driven out of the district near the border.",
        ];
        let footers = [
            "Short link:",
            "Related",
            "© 2017 Reuters",
            "Read more: here",
            "x",
        ];
        let mut next = crate::testutil::xorshift();
        let mut pick = |n: usize| (next() % n as u64) as usize;
        for _ in 0..20_000 {
            let mut text = String::new();
            let n_head = pick(7);
            for _ in 0..n_head {
                let mut line = String::new();
                if pick(8) == 0 {
                    line.push_str(odd[pick(odd.len())]);
                } else {
                    for _ in 0..1 + pick(4) {
                        if !line.is_empty() && pick(2) == 0 {
                            line.push(' ');
                        }
                        line.push_str(fragments[pick(fragments.len())]);
                    }
                }
                text.push_str(&line);
                text.push_str(["\n", "\r\n", "\n\n"][pick(3)]);
            }
            for _ in 0..pick(4) {
                text.push_str(prose[pick(prose.len())]);
                text.push_str(["\n", "\n\n"][pick(2)]);
            }
            for _ in 0..pick(3) {
                text.push_str(footers[pick(footers.len())]);
                text.push('\n');
            }
            assert_eq!(parse_header(&text), parse_header_plain(&text), "{text:?}");
            for l in text.lines() {
                assert_eq!(
                    is_prose(l),
                    word_count(l) >= 14
                        && (l.trim().contains(". ")
                            || l.trim().ends_with('.')
                            || l.trim().ends_with('"')
                            || l.trim().ends_with('”')),
                    "{l:?}"
                );
            }
        }
    }

    /// [`has_words`] counts the words [`str::split_whitespace`] gives.
    #[test]
    fn word_counts_agree_with_split_whitespace() {
        let pieces = [
            "a", "word", " ", "  ", "\t", "\n", "\u{b}", "\u{c}", "\r", "\u{85}", "\u{a0}",
            "\u{1680}", "\u{2009}", "\u{2028}", "\u{3000}", "\u{200b}", "é", "’", "دير", "\u{1c}",
            ".", "x\u{a0}y",
        ];
        let mut next = crate::testutil::xorshift();
        for _ in 0..50_000 {
            let len = (next() % 12) as usize;
            let s: String = (0..len)
                .map(|_| pieces[(next() % pieces.len() as u64) as usize])
                .collect();
            let count = s.split_whitespace().count();
            for n in 1..16 {
                assert_eq!(has_words(&s, n), count >= n, "{s:?} {n}");
            }
        }
    }

    /// Trimming white space changes neither a line's lower case nor its date (what
    /// [`parse_header`] relies on for its title test).
    #[test]
    fn trimming_keeps_lower_case_and_date() {
        for s in [
            "  ΟΔΟΣ  ",
            "\u{3000}ΣΑΣ\u{3000}",
            " Σ ",
            "\t29 May 2017 ",
            " 2017-06-05",
            "\u{a0}05/06/2017\u{a0}",
            " \u{212a}elvin İ ",
        ] {
            assert_eq!(s.trim().to_lowercase(), s.to_lowercase().trim());
            assert_eq!(find_date(s.trim()), find_date(s));
        }
    }

    #[test]
    fn footer_test_without_a_copy_agrees_with_the_lower_cased_copy() {
        let mut lines = vec![
            "Short link:".to_string(),
            "SHORT LINK: x".into(),
            "  © 2010 Ahram Online.".into(),
            "Copyright 2017".into(),
            "(C) Reuters".into(),
            "(c)Reuters".into(),
            "Related".into(),
            "RELATED ".into(),
            "related stories".into(),
            "Share".into(),
            "shares".into(),
            "He said all rights reserved were his.".into(),
            "He said All Rights Reserved were his.".into(),
            "Al Jazeera welcomes readers’ comments".into(),
            "AL JAZEERA WELCOMES READERS’ COMMENTS".into(),
            "Al Jazeera welcomes readers' Comments".into(),
            "Follow us on Twitter".into(),
            "folLow us on".into(),
            "Next in Middle East".into(),
            "The militants, who follow us on the map, said".into(),
            "İslamic state said".into(),
            "\u{212a}urdish fighters said all rights reserved".into(),
            "Read more: \u{212a}".into(),
            "rEAD MORE: ".into(),
            "Ünits said more on this story".into(),
            "Some text with ’ quotes and more on this Story".into(),
            "".into(),
            "   ".into(),
        ];
        for m in FOOTER_MARKERS {
            lines.push(m.to_string());
            lines.push(m.to_uppercase());
            lines.push(format!("x {m} y"));
            lines.push(format!("É {} y", m.to_uppercase()));
        }
        for l in &lines {
            assert_eq!(is_footer_line(l), is_footer_line_lowercased(l), "{l:?}");
        }
    }

    #[test]
    fn footer_markers_start_with_a_lower_case_letter() {
        // (is_footer_line compares their first bytes with the line's lower-cased)
        assert!(FOOTER_MARKERS
            .iter()
            .all(|m| m.as_bytes()[0].is_ascii_lowercase()));
    }

    #[test]
    fn footer_search_finds_what_a_search_per_marker_finds() {
        let pieces = [
            "related",
            "Related ",
            " topics",
            "RELATED CONTENT",
            "share",
            " this ",
            "story",
            "Share Or Comment",
            "all rights",
            " reserved",
            "ALL RIGHTS RESERVED",
            "comment",
            "s policy",
            " policy",
            "welcomes readers",
            "’ comments",
            "' comments",
            "x",
            " ",
            "é",
            "more on",
            " this story",
            "subscribe to our newsletter",
            "search keywords:",
            "mm",
        ];
        let markers: Vec<&str> = FOOTER_MARKERS
            .iter()
            .copied()
            .filter(|m| m.len() > 12)
            .collect();
        let mut next = crate::testutil::xorshift();
        for _ in 0..20_000 {
            let n = (next() % 8) as usize;
            let line: String = (0..n)
                .map(|_| pieces[(next() % pieces.len() as u64) as usize])
                .collect();
            let lower = line.to_ascii_lowercase();
            let want = markers.iter().any(|m| lower.contains(m));
            assert_eq!(footer_search().found_in(line.as_bytes()), want, "{line:?}");
        }
    }

    #[test]
    fn outlets_in_one_scan() {
        let mut lines: Vec<String> = [
            "BEIRUT (Reuters) - Syrian",
            "APNEWS AP NEWS",
            "TAP AP",
            "The Associated Press, Associated Press",
            "Anadolu Agency | AFP",
            "ÉAP Xinhua",
            "SANAA SANA",
            "Kurdistan 24Kurdistan24 Rudaw",
            "BBC NEWSBBC News",
            "",
            "no outlet here",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        for (i, o) in OUTLETS.iter().enumerate() {
            let p = OUTLETS[(i * 7) % OUTLETS.len()];
            lines.push(format!("x{o} {p}"));
            lines.push(format!("{o}s, by {p}"));
            lines.push(format!("{p}{o} {o}"));
            lines.push(format!("({o})"));
        }
        for l in &lines {
            assert_eq!(find_outlet(l), find_outlet_each(l), "{l:?}");
        }
    }

    /// [`month_number`] answers as a look-up of the lower-cased word in [`MONTHS`] does.
    #[test]
    fn month_number_is_the_list() {
        let mut words: Vec<String> = [
            "january",
            "jan",
            "february",
            "feb",
            "march",
            "mar",
            "april",
            "apr",
            "may",
            "june",
            "jun",
            "july",
            "jul",
            "august",
            "aug",
            "september",
            "sept",
            "sep",
            "october",
            "oct",
            "november",
            "nov",
            "december",
            "dec",
        ]
        .iter()
        .flat_map(|m| {
            [
                m.to_string(),
                m.to_uppercase(),
                format!("{m}."),
                format!("{m}.."),
            ]
        })
        .collect();
        words.extend(
            [
                "",
                "m",
                "ma",
                "ma.",
                "j.",
                "mayor",
                "decided",
                "Ñov",
                "ja\u{301}n",
            ]
            .map(String::from),
        );
        let mut next = crate::testutil::xorshift();
        for _ in 0..100_000 {
            let r = next();
            let len = (r % 10) as usize;
            let w: String = (0..len)
                .map(|k| {
                    let c = (r >> (6 + 5 * k)) as u8 & 63;
                    char::from(
                        b"abcdefghijklmnopqrstuvwxyzJFMASONDEPUC.-'0123456789\x00\xe9"
                            [c as usize % 52],
                    )
                })
                .collect();
            words.push(w);
        }
        for w in &words {
            let slow = w.trim_end_matches('.').to_ascii_lowercase();
            let want = MONTHS.iter().find(|(m, _)| *m == slow).map(|(_, n)| *n);
            assert_eq!(month_number(w), want, "{w:?}");
        }
    }

    #[test]
    fn month_numbers() {
        for &(m, n) in MONTHS {
            assert_eq!(month_number(m), Some(n), "{m}");
            assert_eq!(month_number(&m.to_uppercase()), Some(n), "{m}");
        }
        for (w, want) in [
            ("May", Some(5)),
            ("SEPT.", Some(9)),
            ("sept", Some(9)),
            ("Dec...", Some(12)),
            ("December", Some(12)),
            ("Decembers", None),
            ("ma", None),
            ("", None),
            ("Mäy", None),
            ("septembers", None),
            ("septembe", None),
            ("septembex", None),
            ("SEPTEMBER", Some(9)),
            ("Jan.", Some(1)),
            ("ja", None),
            ("jann", None),
            ("decembe", None),
            ("jan\0", None),
            ("ja\0", None),
        ] {
            assert_eq!(month_number(w), want, "{w}");
            let slow = w.trim_end_matches('.').to_ascii_lowercase();
            assert_eq!(
                MONTHS.iter().find(|(m, _)| *m == slow).map(|(_, n)| *n),
                want
            );
        }
    }

    #[test]
    fn last_update_is_not_publication() {
        let text = "Last Update 16:47\nSunday, 21 July 2019\n\nForce says it takes villages on the border\n\nReuters , Monday 29 May 2017\nViews: 1869\n\nAn Iraqi force said it pushed the militants out of a group of villages on the border on Monday, officials said.\n\nShort link:\n\n© 2010 Ahram Online.";
        let h = parse_header(text);
        assert_eq!(h.published, Some(date(2017, 5, 29)));
        assert_eq!(h.source.as_deref(), Some("Reuters"));
        let (s, e) = h.title.unwrap();
        assert_eq!(&text[s..e], "Force says it takes villages on the border");
        assert!(text[h.body.0..h.body.1].starts_with("An Iraqi force"));
        assert!(!text[h.body.0..h.body.1].contains("Short link"));
    }

    #[test]
    fn published_beats_updated_on_one_line() {
        let text = "Forces take the border town from militants\n\nBy AFP\nPublished: 10:41 EDT, 3 November 2017 | Updated: 13:02 EDT, 4 November 2017\n\nThe prime minister said on Friday that the forces had captured the town, the largest left under militant control.\n";
        let h = parse_header(text);
        assert_eq!(h.published, Some(date(2017, 11, 3)));
        assert_eq!(h.source.as_deref(), Some("AFP"));
    }

    #[test]
    fn only_an_updated_date_is_used_when_it_is_all_there_is() {
        let text = "ARAB NEWS\nUpdated 23 September 2017\n\nFighters said on Saturday they had captured the gas field in the east of the country from the militants.\n";
        assert_eq!(parse_header(text).published, Some(date(2017, 9, 23)));
    }
}
