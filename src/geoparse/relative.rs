//! Relative locations: '15 km west of X', 'north of X', 'near X', 'on the outskirts of X',
//! 'between X and Y', 'across the border from X', 'villages on the border north of X'.
//!
//! Each becomes a computed point with a relation, the distance the text gives and an honest
//! precision radius. Offsets are geodesic; 'on the border' uses the bundled border line.

use super::text::Tokens;
use super::Mention;
use crate::gazetteer::geo::{bearing_deg, destination, haversine_km};
use crate::gazetteer::{Gazetteer, Kind};

/// How a location relates to the place named.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Relation {
    At,
    NorthOf,
    NorthEastOf,
    EastOf,
    SouthEastOf,
    SouthOf,
    SouthWestOf,
    WestOf,
    NorthWestOf,
    Near,
    OutskirtsOf,
    Between,
    AcrossBorderFrom,
    AlongBorderNear,
}

impl Relation {
    pub fn as_str(self) -> &'static str {
        match self {
            Relation::At => "at",
            Relation::NorthOf => "north_of",
            Relation::NorthEastOf => "north_east_of",
            Relation::EastOf => "east_of",
            Relation::SouthEastOf => "south_east_of",
            Relation::SouthOf => "south_of",
            Relation::SouthWestOf => "south_west_of",
            Relation::WestOf => "west_of",
            Relation::NorthWestOf => "north_west_of",
            Relation::Near => "near",
            Relation::OutskirtsOf => "outskirts_of",
            Relation::Between => "between",
            Relation::AcrossBorderFrom => "across_border_from",
            Relation::AlongBorderNear => "along_border_near",
        }
    }
    fn bearing(self) -> Option<f64> {
        Some(match self {
            Relation::NorthOf => 0.0,
            Relation::NorthEastOf => 45.0,
            Relation::EastOf => 90.0,
            Relation::SouthEastOf => 135.0,
            Relation::SouthOf => 180.0,
            Relation::SouthWestOf => 225.0,
            Relation::WestOf => 270.0,
            Relation::NorthWestOf => 315.0,
            _ => return None,
        })
    }
}

/// A relative location found in the text.
#[derive(Debug, Clone)]
pub struct Relative {
    /// The mention the location is relative to.
    pub anchor: usize,
    /// The second place of 'between X and Y'.
    pub other: Option<usize>,
    pub relation: Relation,
    pub distance_km: Option<f64>,
    pub lat: f64,
    pub lon: f64,
    pub precision_km: f64,
    /// Byte span of the relative phrase (through the anchor).
    pub start: usize,
    pub end: usize,
    pub sentence: usize,
    /// The phrase speaks of a part of the anchor (in the north of the city).
    pub inside: bool,
    /// The anchor is not named in the phrase but referred back to ("the northern outskirts",
    /// "the city's edge", "on its fringes"): it is the place named before.
    pub anaphoric: bool,
}

fn direction(w: &str) -> Option<Relation> {
    Some(match w {
        "north" | "northern" | "northward" | "northwards" => Relation::NorthOf,
        "south" | "southern" | "southward" | "southwards" => Relation::SouthOf,
        "east" | "eastern" | "eastward" | "eastwards" => Relation::EastOf,
        "west" | "western" | "westward" | "westwards" => Relation::WestOf,
        "northeast" | "northeastern" => Relation::NorthEastOf,
        "northwest" | "northwestern" => Relation::NorthWestOf,
        "southeast" | "southeastern" => Relation::SouthEastOf,
        "southwest" | "southwestern" => Relation::SouthWestOf,
        _ => return None,
    })
}

fn compound(a: Relation, b: Relation) -> Option<Relation> {
    use Relation::*;
    Some(match (a, b) {
        (NorthOf, EastOf) => NorthEastOf,
        (NorthOf, WestOf) => NorthWestOf,
        (SouthOf, EastOf) => SouthEastOf,
        (SouthOf, WestOf) => SouthWestOf,
        _ => return None,
    })
}

fn number(w: &str) -> Option<f64> {
    if w.contains(',') {
        return number(&w.replace(',', ""));
    }
    // (f64 parses a word that starts with a letter only when it is inf, infinity or nan in any
    // case: the words of the text seldom go to the parser)
    let may_parse = !w
        .as_bytes()
        .first()
        .is_some_and(|&b| b.is_ascii_alphabetic() && !matches!(b, b'i' | b'I' | b'n' | b'N'));
    if may_parse {
        if let Ok(x) = w.parse::<f64>() {
            return Some(x);
        }
    }
    Some(match w {
        "one" => 1.0,
        "two" => 2.0,
        "three" => 3.0,
        "four" => 4.0,
        "five" => 5.0,
        "six" => 6.0,
        "seven" => 7.0,
        "eight" => 8.0,
        "nine" => 9.0,
        "ten" => 10.0,
        "twenty" => 20.0,
        "thirty" => 30.0,
        "forty" => 40.0,
        "fifty" => 50.0,
        "hundred" => 100.0,
        _ => return None,
    })
}

fn unit_km(w: &str) -> Option<f64> {
    Some(match w {
        "km" | "kms" | "kilometres" | "kilometers" | "kilometre" | "kilometer" => 1.0,
        "mi" | "miles" | "mile" => 1.609_344,
        "m" | "metres" | "meters" => 0.001,
        _ => return None,
    })
}

/// Distances in the tokens [from, to): the first figure with a km unit, else with miles.
/// Number and unit may be written together (360km).
fn distance_in(toks: &Tokens, from: usize, to: usize) -> Option<f64> {
    let mut km: Option<f64> = None;
    let mut other: Option<f64> = None;
    for k in from..to {
        let w = toks.word(k);
        let (num, unit) = match (number(w), unit_km(toks.word(k + 1))) {
            (Some(n), Some(u)) if k + 1 < to + 1 => (n, u),
            _ => {
                // 360km
                let split = w.find(|c: char| c.is_ascii_alphabetic());
                match split {
                    Some(i) if i > 0 => match (number(&w[..i]), unit_km(&w[i..])) {
                        (Some(n), Some(u)) => (n, u),
                        _ => continue,
                    },
                    _ => continue,
                }
            }
        };
        if (unit - 1.0).abs() < 1e-9 {
            km.get_or_insert(num);
        } else {
            other.get_or_insert(num * unit);
        }
    }
    km.or(other)
}

/// Finds the relative phrases anchored on resolved mentions.
pub fn find(text: &str, toks: &Tokens, mentions: &[Mention], gaz: &Gazetteer) -> Vec<Relative> {
    let _ = text;
    let mut out = Vec::new();
    for (i, m) in mentions.iter().enumerate() {
        let Some((alat, alon)) = m.point else {
            continue;
        };
        let kind = m.place.map(|p| gaz.place(p).kind).unwrap_or(Kind::Other);
        let extent = kind.extent_km();
        let s = &toks.sentences[m.sentence];
        let w = |k: usize| {
            if k >= s.tok_start && k < s.tok_end {
                toks.word(k)
            } else {
                ""
            }
        };
        // "east of the Euphrates": the article before a name belongs to the name
        let t0 = if m.tok_start > s.tok_start && toks.word(m.tok_start - 1) == "the" {
            m.tok_start - 1
        } else {
            m.tok_start
        };
        let back = |n: usize| if t0 >= s.tok_start + n { w(t0 - n) } else { "" };
        let mut rel: Option<(Relation, usize, Option<f64>, bool)> = None; // relation, phrase start token, km, inside

        // DIR of X / N km DIR of X / in the north of X
        if back(1) == "of" {
            let d1 = direction(back(2));
            let (dir, dstart) = match (direction(back(3)), d1) {
                (Some(a), Some(b)) if compound(a, b).is_some() => (compound(a, b), t0 - 3),
                _ => (d1, t0.saturating_sub(2)),
            };
            if let Some(dir) = dir {
                let inside = matches!(w(dstart.wrapping_sub(1)), "the")
                    && matches!(w(dstart.wrapping_sub(2)), "in" | "of");
                let from = dstart.saturating_sub(7).max(s.tok_start);
                let km = distance_in(toks, from, dstart);
                // the phrase starts at the first number of the distance ("15 km north of")
                let num_start = (from..dstart)
                    .find(|&k| {
                        toks.word(k).starts_with(|c: char| c.is_ascii_digit())
                            || number(toks.word(k)).is_some()
                    })
                    .unwrap_or(dstart);
                let num_start = if matches!(
                    toks.word(num_start.wrapping_sub(1)),
                    "about" | "some" | "around" | "roughly" | "nearly" | "approximately"
                ) {
                    num_start - 1
                } else {
                    num_start
                };
                rel = Some((
                    dir,
                    if km.is_some() { num_start } else { dstart },
                    km,
                    inside,
                ));
            } else if matches!(
                back(2),
                "bank" | "banks" | "side" | "shore" | "part" | "parts" | "countryside"
            ) && direction(back(3)).is_some()
            {
                // 'the eastern bank of the Euphrates', 'the western side of the city'
                if let Some(d) = direction(back(3)) {
                    rel = Some((d, t0 - 3, None, true));
                }
            } else if matches!(
                back(2),
                "outskirts" | "edge" | "fringes" | "edges" | "periphery"
            ) {
                rel = Some((Relation::OutskirtsOf, t0 - 2, None, false));
            } else if matches!(back(2), "vicinity" | "area")
                && back(3) == "the"
                && matches!(back(4), "in" | "near")
            {
                rel = Some((Relation::Near, t0 - 4, None, false));
            }
        }
        if rel.is_none() {
            match back(1) {
                // "in and around Hajin" is Hajin itself
                "around" if back(2) == "and" && back(3) == "in" => {}
                "near" | "outside" | "around" | "approaching" => {
                    rel = Some((Relation::Near, t0 - 1, None, false));
                }
                "to" if back(2) == "close" || back(2) == "approaches" => {
                    rel = Some((Relation::Near, t0 - 2, None, false));
                }
                "from" if back(2) == "border" && back(3) == "the" && back(4) == "across" => {
                    rel = Some((Relation::AcrossBorderFrom, t0 - 4, None, false));
                }
                "from" if back(2) == "frontier" && back(3) == "the" && back(4) == "across" => {
                    rel = Some((Relation::AcrossBorderFrom, t0 - 4, None, false));
                }
                "between" => {
                    rel = Some((Relation::Between, t0 - 1, None, false));
                }
                _ => {}
            }
        }
        if rel.is_none() {
            // 'eastern Syria', 'northern Iraq'
            let adj = back(1);
            if adj.ends_with("ern") {
                if let Some(d) = direction(adj) {
                    rel = Some((d, t0 - 1, None, true));
                }
            }
        }
        let Some((mut relation, pstart, km, inside)) = rel else {
            continue;
        };
        let mut other = None;
        let mut end = m.end;
        let (mut lat, mut lon, mut precision) = (alat, alon, extent.max(1.0));
        let mut distance = km;
        match relation {
            Relation::Between => {
                // the next mention after "and"
                let j = mentions.iter().position(|o| {
                    o.sentence == m.sentence
                        && o.tok_start > m.tok_end
                        && o.tok_start <= m.tok_end + 3
                        && o.point.is_some()
                });
                let Some(j) = j else { continue };
                if !(m.tok_end..mentions[j].tok_start).any(|k| matches!(toks.word(k), "and" | "to"))
                {
                    continue;
                }
                let Some((blat, blon)) = mentions[j].point else {
                    continue;
                };
                let d = haversine_km(alat, alon, blat, blon);
                let b = bearing_deg(alat, alon, blat, blon);
                let (mlat, mlon) = destination(alat, alon, b, d / 2.0);
                lat = mlat;
                lon = mlon;
                precision = (d / 2.0).max(extent);
                other = Some(j);
                end = mentions[j].end;
            }
            Relation::Near => {
                precision = extent + 10.0;
            }
            Relation::OutskirtsOf => {
                precision = extent + 3.0;
            }
            Relation::AcrossBorderFrom => {
                if let Some((blat, blon, d)) = gaz.geo.nearest_border_point(alat, alon, None) {
                    let b = bearing_deg(alat, alon, blat, blon);
                    let (plat, plon) = destination(alat, alon, b, d + 8.0);
                    lat = plat;
                    lon = plon;
                    precision = 15.0;
                    let _ = (blat, blon);
                }
            }
            _ => {
                let bearing = relation.bearing().unwrap_or(0.0);
                // 'on the border ... north of X': the border point in that direction
                // the border word belongs to the phrase: a few words before it, same clause
                let lo = s.tok_start.max(pstart.saturating_sub(8));
                let border_word = (lo..pstart).any(|k| {
                    matches!(toks.word(k), "border" | "frontier")
                        && !(k..pstart).any(|j| matches!(toks.tokens[j].next_char, ',' | ';'))
                });
                if border_word && km.is_none() && !matches!(kind, Kind::Country | Kind::Governorate)
                {
                    if let Some((blat, blon, d)) =
                        gaz.geo
                            .nearest_border_point(alat, alon, Some((bearing, 60.0)))
                    {
                        if d < 150.0 {
                            let b = bearing_deg(alat, alon, blat, blon);
                            let step = d.min(30.0);
                            let (plat, plon) = destination(alat, alon, b, step);
                            lat = plat;
                            lon = plon;
                            precision = (d - step + 10.0).max(10.0);
                            relation = Relation::AlongBorderNear;
                            distance = None;
                        }
                    }
                }
                if relation != Relation::AlongBorderNear {
                    if matches!(
                        kind,
                        Kind::Country | Kind::Governorate | Kind::Region | Kind::River
                    ) {
                        // 'eastern Syria': the anchor's own point, with its whole extent as precision
                        precision = extent;
                        if let Some(d) = km {
                            let (plat, plon) = destination(alat, alon, bearing, d);
                            lat = plat;
                            lon = plon;
                        }
                    } else {
                        let off = match (km, inside) {
                            (Some(d), _) => d,
                            (None, true) => extent / 2.0,
                            (None, false) => 10.0_f64.max(extent),
                        };
                        let (plat, plon) = destination(alat, alon, bearing, off);
                        lat = plat;
                        lon = plon;
                        precision = match (km, inside) {
                            (Some(d), _) => (0.25 * d).max(2.0) + extent,
                            (None, true) => extent,
                            (None, false) => 10.0 + extent,
                        };
                    }
                }
            }
        }
        out.push(Relative {
            anchor: i,
            other,
            relation,
            distance_km: distance.map(|d| (d * 100.0).round() / 100.0),
            lat,
            lon,
            precision_km: (precision * 10.0).round() / 10.0,
            start: toks.tokens[pstart].start,
            end,
            sentence: m.sentence,
            inside,
            anaphoric: false,
        });
    }
    out
}

/// Parts of a place a relative phrase names.
const PARTS: &[&str] = &[
    "outskirts",
    "edge",
    "edges",
    "fringes",
    "fringe",
    "suburbs",
    "periphery",
    "side",
    "bank",
    // parts inside a place, only with a direction ("its southern districts")
    "districts",
    "neighbourhoods",
    "neighborhoods",
    "quarters",
    "parts",
    "half",
];

/// What an unnamed anchor must be.
#[derive(Clone, Copy, PartialEq)]
enum Refers {
    /// "the city", "the town", "the village", or no noun ("the northern outskirts")
    Settlement,
    River,
    /// "it", "its": the latest place
    Latest,
}

/// Relative locations whose anchor is referred back to rather than named: "the northern
/// outskirts", "the city's edge", "the western side of the city", "the eastern side of the
/// river", "around the town", "on its fringes", "beside it". The anchor is the place the article
/// has named in the last few sentences: for a noun, the one of that kind it has named most (its
/// subject), for "it" the latest. `named` are the relatives found on named anchors; a phrase they
/// cover is left to them.
pub fn find_anaphoric(
    toks: &Tokens,
    mentions: &[Mention],
    gaz: &Gazetteer,
    named: &[Relative],
) -> Vec<Relative> {
    let mut out = Vec::new();
    for (s, sent) in toks.sentences.iter().enumerate() {
        let w = |j: usize| {
            if j >= sent.tok_start && j < sent.tok_end {
                toks.word(j)
            } else {
                ""
            }
        };
        let mut k = sent.tok_start;
        while let Some(start) = next_may_start_anaphoric(toks, k, sent.tok_end) {
            k = start;
            if !starts_anaphoric(toks.word(k)) {
                k += 1;
                continue;
            }
            let Some((relation, inside, end, refers)) = anaphoric_phrase(toks, k, &w) else {
                k += 1;
                continue;
            };
            let (start_b, end_b) = (toks.tokens[k].start, toks.tokens[end - 1].end);
            // a named place right after or inside it: the phrase is about that place
            let named_here = mentions
                .iter()
                .any(|m| m.sentence == s && m.tok_start >= k && m.tok_start <= end + 1)
                || named.iter().any(|r| r.start < end_b && r.end > start_b);
            if named_here {
                k = end;
                continue;
            }
            if let Some(a) = antecedent(mentions, gaz, named, s, start_b, refers) {
                let m = &mentions[a];
                if let Some((alat, alon)) = m.point {
                    let kind = m
                        .place
                        .or(m.part_of)
                        .map(|p| gaz.place(p).kind)
                        .unwrap_or(Kind::Other);
                    let extent = kind.extent_km();
                    let (lat, lon, precision) = match relation.bearing() {
                        Some(b) if !matches!(kind, Kind::River | Kind::Region) => {
                            let (plat, plon) = destination(alat, alon, b, extent / 2.0);
                            (plat, plon, extent)
                        }
                        Some(_) => (alat, alon, extent),
                        None if relation == Relation::OutskirtsOf => (alat, alon, extent + 3.0),
                        None => (alat, alon, extent + 10.0),
                    };
                    out.push(Relative {
                        anchor: a,
                        other: None,
                        relation,
                        distance_km: None,
                        lat,
                        lon,
                        precision_km: (precision * 10.0).round() / 10.0,
                        start: start_b,
                        end: end_b,
                        sentence: s,
                        inside,
                        anaphoric: true,
                    });
                }
            }
            k = end;
        }
    }
    out
}

/// For each byte, the lengths of the words [`starts_anaphoric`] knows that start with it: bit
/// `n` for `n` bytes.
static ANAPHORIC_LENGTHS: [u16; 256] = {
    let mut t = [0u16; 256];
    t[b't' as usize] = 1 << 3;
    t[b'i' as usize] = 1 << 3;
    t[b'a' as usize] = 1 << 6;
    t[b'b' as usize] = 1 << 6;
    t[b'o' as usize] = 1 << 7;
    t[b'n' as usize] = 1 << 4 | 1 << 6 | 1 << 11 | 1 << 12;
    t[b's' as usize] = 1 << 11;
    t
};

/// The first token in [`k`, `end`) whose first letter and length are those of a word
/// [`starts_anaphoric`] knows (a look at one byte, not at the word; a scan of its own, which
/// keeps what it needs in registers).
fn next_may_start_anaphoric(toks: &Tokens, k: usize, end: usize) -> Option<usize> {
    let folded = toks.folded.as_bytes();
    let p = toks.tokens.get(k..end)?.iter().position(|t| {
        let len = t.fold_end.wrapping_sub(t.fold_start);
        len < 16
            && folded
                .get(t.fold_start as usize)
                .is_some_and(|&b| ANAPHORIC_LENGTHS[usize::from(b)] >> len & 1 != 0)
    })?;
    Some(k + p)
}

/// True for the words an anaphoric phrase starts with.
fn starts_anaphoric(w: &str) -> bool {
    matches!(
        w,
        "the"
            | "its"
            | "around"
            | "outside"
            | "beside"
            | "near"
            | "nearby"
            | "surrounding"
            | "neighbouring"
            | "neighboring"
    )
}

/// The phrase at token `k`: (relation, inside, end token, what the anchor must be).
fn anaphoric_phrase<'t>(
    toks: &'t Tokens,
    k: usize,
    w: &dyn Fn(usize) -> &'t str,
) -> Option<(Relation, bool, usize, Refers)> {
    let noun_refers = |n: &str| match n {
        "city" | "town" | "village" => Some(Refers::Settlement),
        "river" => Some(Refers::River),
        _ => None,
    };
    let first = w(k);
    if !starts_anaphoric(first) {
        return None;
    }
    // "nearby villages", "the surrounding villages": near the place the article is about
    if matches!(
        first,
        "nearby" | "surrounding" | "neighbouring" | "neighboring"
    ) && matches!(
        w(k + 1),
        "villages" | "towns" | "hamlets" | "areas" | "farmland" | "countryside"
    ) {
        return Some((Relation::Near, false, k + 2, Refers::Settlement));
    }
    // "around the town", "outside the city", "beside it"
    if matches!(first, "around" | "outside" | "beside" | "near") {
        if w(k + 1) == "it" {
            return Some((Relation::Near, false, k + 2, Refers::Latest));
        }
        if w(k + 1) == "the"
            && w(k + 3) != "of"
            && !toks.tokens.get(k + 2).is_some_and(|t| t.possessive)
        {
            if let Some(r @ Refers::Settlement) = noun_refers(w(k + 2)) {
                return Some((Relation::Near, false, k + 3, r));
            }
        }
        return None;
    }
    // who: "the" (bare or "the city's"), or "its"
    let (mut j, mut refers) = match first {
        // "its southern districts", "its fringes": the place the article is about
        "its" => (k + 1, Some(Refers::Settlement)),
        "the" => {
            if toks.tokens.get(k + 1).is_some_and(|t| t.possessive) {
                (k + 2, Some(noun_refers(w(k + 1))?))
            } else {
                (k + 1, None)
            }
        }
        _ => return None,
    };
    let dir = direction(w(j)).filter(|_| w(j).ends_with("ern"));
    if dir.is_some() {
        j += 1;
    }
    let part = w(j);
    if !PARTS.contains(&part) {
        return None;
    }
    let mut end = j + 1;
    // "of the city", "of the river"; "of X" with a name is a named relative, not this
    if w(end) == "of" {
        if w(end + 1) == "the" && !toks.tokens.get(end + 2).is_some_and(|t| t.possessive) {
            if let Some(r) = noun_refers(w(end + 2)) {
                if refers.is_some() || w(end + 3) == "of" {
                    return None;
                }
                refers = Some(r);
                end += 3;
            } else {
                return None;
            }
        } else {
            return None;
        }
    }
    let side = matches!(
        part,
        "side"
            | "bank"
            | "districts"
            | "neighbourhoods"
            | "neighborhoods"
            | "quarters"
            | "parts"
            | "half"
    );
    let refers = match refers {
        Some(r) => r,
        // "the east bank": of the river
        None if part == "bank" => Refers::River,
        // "the western side": too loose without saying of what
        None if side => return None,
        None => Refers::Settlement,
    };
    match dir {
        Some(d) => Some((d, true, end, refers)),
        // a side or bank needs its direction
        None if side => None,
        None => Some((Relation::OutskirtsOf, false, end, refers)),
    }
}

/// The place an unnamed anchor refers back to: among the places named before `before` (a byte
/// offset) in sentence `s` or the four before it, of the kind `refers` asks for, the one named
/// most so far (the article's subject), then the latest; for "it", the latest.
fn antecedent(
    mentions: &[Mention],
    gaz: &Gazetteer,
    named: &[Relative],
    s: usize,
    before: usize,
    refers: Refers,
) -> Option<usize> {
    let kind_of = |m: &Mention| m.place.or(m.part_of).map(|p| gaz.place(p).kind);
    let fits = |k: Kind| match refers {
        Refers::Settlement => matches!(k, Kind::City | Kind::Town | Kind::Village),
        Refers::River => k == Kind::River,
        Refers::Latest => !matches!(k, Kind::Country | Kind::Governorate | Kind::Region),
    };
    let cands: Vec<usize> = mentions
        .iter()
        .enumerate()
        .filter(|(_, m)| {
            m.end <= before
                // a noun may reach back to the article's subject, "it" is local
                && (refers != Refers::Latest || m.sentence + 4 >= s)
                && m.point.is_some()
                && kind_of(m).is_some_and(fits)
        })
        .map(|(i, _)| i)
        .collect();
    if refers == Refers::Latest {
        // "X, a village 50 km east of Hasaka, with the lake beside it": an anchor of a named
        // relative phrase describes X, "it" is X
        return cands
            .iter()
            .rev()
            .find(|&&i| !named.iter().any(|r| r.anchor == i && r.sentence == s))
            .or(cands.last())
            .copied();
    }
    // the first place of its kind the article names is what it is about: it counts once more
    let subject = mentions
        .iter()
        .find(|m| m.point.is_some() && kind_of(m).is_some_and(fits))
        .and_then(|m| m.place);
    let salience = |i: usize| {
        let p = mentions[i].place;
        let in_lede = p.is_some() && p == subject;
        mentions
            .iter()
            .filter(|m| m.end <= before && p.is_some() && m.place == p)
            .count()
            + usize::from(in_lede)
    };
    cands
        .iter()
        .enumerate()
        .max_by_key(|(n, i)| (salience(**i), *n))
        .map(|(_, i)| *i)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn number_parses_what_f64_parses() {
        // the words f64 parses get its value; the others are left to the word table
        const PIECES: &[&str] = &[
            "inf", "Infinity", "NaN", "nan", "INF", "e", "E", "5", "0", ".", "-", "+", "x", "km",
            "é", "1e3", "n", "i", "a", "Z",
        ];
        let mut next = crate::testutil::xorshift();
        let mut parsed = 0;
        for _ in 0..50_000 {
            let mut w = String::new();
            for _ in 0..(next() % 4) {
                w.push_str(PIECES[(next() % PIECES.len() as u64) as usize]);
            }
            if let Ok(x) = w.parse::<f64>() {
                parsed += 1;
                assert_eq!(number(&w).map(f64::to_bits), Some(x.to_bits()), "{w:?}");
            } else {
                assert_eq!(number(&w), None, "{w:?}");
            }
        }
        assert!(parsed > 1000);
        assert_eq!(number("twenty"), Some(20.0));
    }

    #[test]
    fn every_anaphoric_start_passes_the_letter_and_length_test() {
        let words = [
            "the",
            "its",
            "around",
            "outside",
            "beside",
            "near",
            "nearby",
            "surrounding",
            "neighbouring",
            "neighboring",
        ];
        let text = words.join(" ");
        let toks = crate::geoparse::text::tokenize(&text, (0, text.len()));
        assert_eq!(toks.tokens.len(), words.len());
        for (k, w) in words.iter().enumerate() {
            assert!(starts_anaphoric(w), "{w}");
            assert_eq!(next_may_start_anaphoric(&toks, k, k + 1), Some(k), "{w}");
        }
    }

    /// The first-letter and length test as a match, as it was: the oracle of
    /// `anaphoric_lengths_are_the_match`.
    fn may_start_anaphoric_reference(first: u8, len: usize) -> bool {
        matches!(
            (first, len),
            (b't' | b'i', 3) | (b'a' | b'b', 6) | (b'o', 7) | (b'n', 4 | 6 | 11 | 12) | (b's', 11)
        )
    }

    #[test]
    fn anaphoric_lengths_are_the_match() {
        for first in 0..=255u8 {
            for len in 1..40usize {
                let text = format!("{} ", String::from(char::from(first)).repeat(len));
                let toks = crate::geoparse::text::tokenize(&text, (0, text.len()));
                for k in 0..toks.tokens.len() {
                    let t = &toks.tokens[k];
                    let f = toks.folded.as_bytes();
                    let want = f.get(t.fold_start as usize).is_some_and(|&b| {
                        may_start_anaphoric_reference(b, (t.fold_end - t.fold_start) as usize)
                    });
                    let got = next_may_start_anaphoric(&toks, k, k + 1) == Some(k);
                    assert_eq!(got, want, "{text:?}");
                }
            }
        }
    }
}
