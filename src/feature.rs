//! The feature model every stage produces and every writer consumes.
//!
//! A [`Feature`] is a geometry (or none) with an ordered list of scalar properties, the shape that
//! `../shared/spec/OUTPUT.md` demands: every property value is a string, number, boolean or null so
//! that QGIS and spreadsheets read them as columns. Serialisation here is deterministic: properties
//! keep their insertion order, coordinates are rounded to 6 decimals, and the same features always
//! give the same bytes. This module knows nothing of articles, claims or gazetteers.

use std::borrow::Cow;
use std::fmt::Write as _;
use std::io::{self, Write};

/// One scalar property value.
#[derive(Debug, Clone, PartialEq)]
pub enum Prop {
    Null,
    Bool(bool),
    Int(i64),
    Num(f64),
    Str(String),
}

impl Prop {
    /// The string inside, if this is a string.
    pub fn as_str(&self) -> Option<&str> {
        match self {
            Prop::Str(s) => Some(s),
            _ => None,
        }
    }
    /// The number inside (integers widened), if this is a number.
    pub fn as_f64(&self) -> Option<f64> {
        match self {
            Prop::Num(x) => Some(*x),
            Prop::Int(i) => Some(*i as f64),
            _ => None,
        }
    }
    pub fn is_null(&self) -> bool {
        matches!(self, Prop::Null)
    }
}

impl From<&str> for Prop {
    fn from(s: &str) -> Self {
        Prop::Str(s.to_string())
    }
}
impl From<String> for Prop {
    fn from(s: String) -> Self {
        Prop::Str(s)
    }
}
impl From<f64> for Prop {
    fn from(x: f64) -> Self {
        Prop::Num(x)
    }
}
impl From<i64> for Prop {
    fn from(x: i64) -> Self {
        Prop::Int(x)
    }
}
impl From<usize> for Prop {
    fn from(x: usize) -> Self {
        Prop::Int(x as i64)
    }
}
impl From<bool> for Prop {
    fn from(x: bool) -> Self {
        Prop::Bool(x)
    }
}
impl<T: Into<Prop>> From<Option<T>> for Prop {
    fn from(x: Option<T>) -> Self {
        match x {
            Some(v) => v.into(),
            None => Prop::Null,
        }
    }
}

/// A `[lon, lat]` position in WGS 84.
pub type Position = [f64; 2];

/// The geometries frontline writes. Rings are closed (first == last position).
#[derive(Debug, Clone, PartialEq)]
pub enum Geometry {
    Point(Position),
    LineString(Vec<Position>),
    MultiLineString(Vec<Vec<Position>>),
    Polygon(Vec<Vec<Position>>),
    MultiPolygon(Vec<Vec<Vec<Position>>>),
}

/// A property name: the program's own names are static strings (no allocation per feature);
/// names read from files are owned.
pub type Key = Cow<'static, str>;

/// One GeoJSON feature with ordered scalar properties.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Feature {
    /// The Feature `id` member, if any.
    pub id: Option<String>,
    pub geometry: Option<Geometry>,
    pub properties: Vec<(Key, Prop)>,
}

impl Feature {
    /// Appends a property (names are expected to be unique; use [`Feature::set`] to overwrite).
    pub fn push(&mut self, key: &'static str, value: impl Into<Prop>) {
        self.properties.push((Cow::Borrowed(key), value.into()));
    }
    /// Sets a property, replacing an existing one of the same name.
    pub fn set(&mut self, key: &'static str, value: impl Into<Prop>) {
        let value = value.into();
        match self.properties.iter_mut().find(|(k, _)| k == key) {
            Some(slot) => slot.1 = value,
            None => self.properties.push((Cow::Borrowed(key), value)),
        }
    }
    pub fn get(&self, key: &str) -> Option<&Prop> {
        self.properties
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v)
    }
    /// [`Feature::get`] looking first at property `*at`, and setting `*at` past the property
    /// found: asking for the keys in the order of the properties (a schema's fields, for a
    /// feature made by this crate) finds each at once instead of by a search from the start.
    pub fn get_at(&self, key: &str, at: &mut usize) -> Option<&Prop> {
        let k = match self.properties.get(*at) {
            Some((k, _)) if k == key => *at,
            _ => self.properties.iter().position(|(k, _)| k == key)?,
        };
        *at = k + 1;
        Some(&self.properties[k].1)
    }
    pub fn get_str(&self, key: &str) -> Option<&str> {
        self.get(key).and_then(Prop::as_str)
    }
    pub fn get_f64(&self, key: &str) -> Option<f64> {
        self.get(key).and_then(Prop::as_f64)
    }
    /// The point of a point feature.
    pub fn point(&self) -> Option<Position> {
        match &self.geometry {
            Some(Geometry::Point(p)) => Some(*p),
            _ => None,
        }
    }
}

/// `y.round()`: the nearest integer, halves away from zero, with `y`'s sign (NaN and infinities
/// as they are). `f64::round` is a library call on the baseline x86-64 target (no SSE4.1); this
/// is a few instructions, exact: below 2^52 in magnitude the integer part `t` of `|y|` is exact
/// as a double, and so is the fraction `|y| - t` (it needs no more bits than `|y|` has below the
/// point); from 2^52 every double is an integer.
#[inline]
pub(crate) fn round_half_away(y: f64) -> f64 {
    const TWO_52: f64 = 4_503_599_627_370_496.0;
    let a = y.abs();
    if a >= TWO_52 || a.is_nan() {
        return y; // an integer already, or not finite
    }
    let t = (a as u64) as f64;
    let r = if a - t >= 0.5 { t + 1.0 } else { t };
    r.copysign(y)
}

/// Rounds a coordinate to 6 decimals (about 0.1 m), as the output contract requires.
pub fn round6(x: f64) -> f64 {
    let r = round_half_away(x * 1e6) / 1e6;
    if r == 0.0 {
        0.0 // no negative zero
    } else {
        r
    }
}

/// Appends ASCII bytes (digits and signs put together in a buffer).
#[inline]
fn push_ascii(out: &mut String, b: &[u8]) {
    out.reserve(b.len());
    for &c in b {
        out.push(char::from(c));
    }
}

/// Puts the decimal digits of `n` at the end of `buf`; returns where they start.
#[inline]
pub(crate) fn digits_into(buf: &mut [u8], mut n: u64) -> usize {
    let mut k = buf.len();
    loop {
        k -= 1;
        buf[k] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            return k;
        }
    }
}

/// The four-digit decimals 0000 to 9999, one after the other.
static DIGITS4_BYTES: [u8; 40000] = {
    let mut t = [0u8; 40000];
    let mut i = 0;
    while i < 10000 {
        t[4 * i] = b'0' + (i / 1000) as u8;
        t[4 * i + 1] = b'0' + (i / 100 % 10) as u8;
        t[4 * i + 2] = b'0' + (i / 10 % 10) as u8;
        t[4 * i + 3] = b'0' + (i % 10) as u8;
        i += 1;
    }
    t
};
static DIGITS4: &str = match std::str::from_utf8(&DIGITS4_BYTES) {
    Ok(s) => s,
    Err(_) => panic!("digits are ASCII"),
};

/// The four digits of `n` (below 10000), with leading zeros.
#[inline]
pub(crate) fn digits4(n: u64) -> &'static str {
    let k = 4 * n as usize;
    &DIGITS4[k..k + 4]
}

/// Appends the decimal digits of `n`, below 10000, without leading zeros.
#[inline]
fn push_small(out: &mut String, n: u64) {
    let skip = if n >= 1000 {
        0
    } else if n >= 100 {
        1
    } else if n >= 10 {
        2
    } else {
        3
    };
    out.push_str(&digits4(n)[skip..]);
}

/// Appends the decimal digits of `i`, as `write!(out, "{i}")` would, without the formatter.
pub fn write_int(out: &mut String, i: i64) {
    let u = i.unsigned_abs();
    if u < 100_000_000 {
        // a sign and at most two groups of four digits, copied from the table
        if i < 0 {
            out.push('-');
        }
        if u < 10000 {
            push_small(out, u);
        } else {
            push_small(out, u / 10000);
            out.push_str(digits4(u % 10000));
        }
        return;
    }
    // 19 digits and a sign at most
    let mut buf = [0u8; 20];
    let mut k = digits_into(&mut buf, i.unsigned_abs());
    if i < 0 {
        k -= 1;
        buf[k] = b'-';
    }
    push_ascii(out, &buf[k..]);
}

/// Appends a number as JSON: `null` when not finite, else as `write!(out, "{x}")` would (the
/// shortest decimal that reads back as `x`), with `.0` after whole numbers but zero.
pub fn write_num(out: &mut String, x: f64) {
    if !x.is_finite() {
        out.push_str("null");
        return;
    }
    // a whole number: below 1e15 in magnitude, `x as i64` is exact for those (and truncates
    // the others, which then differ from it)
    if x.abs() < 1e15 && (x as i64) as f64 == x {
        write_int(out, x as i64);
        if x == 0.0 {
            return;
        }
        out.push_str(".0");
        return;
    }
    if !write_short_decimal(out, x) {
        let _ = write!(out, "{x}");
    }
}

/// Writes `x` (not a whole number) without the formatter when it is a decimal of at most six
/// fraction digits below 1e9 in magnitude (coordinates, distances, confidences), the text
/// `write!(out, "{x}")` gives; returns false, writing nothing, for any other number.
///
/// Why the text is the same: with `n` the integer nearest `|x|·10^6`, `n / 10^6 == |x|` (both
/// correctly rounded) means that the decimal n·10^-6 reads back as `x`. Below 1e9 the doubles
/// are closer together than 10^-6, so no other decimal of at most six fraction digits does, and
/// the formatter prints the fewest digits that read back: n·10^-6 without its trailing zeros.
/// (A decimal of k < 6 fraction digits that reads back as `x` is m·10^-k with m·10^(6-k) = n,
/// since |x|·10^6 is then within far less than 0.5 of that integer below 2^51.)
fn write_short_decimal(out: &mut String, x: f64) -> bool {
    let a = x.abs();
    if a >= 1e9 {
        return false; // x is finite here
    }
    let n = round_half_away(a * 1e6);
    if n / 1e6 != a {
        return false;
    }
    write_micros(out, x < 0.0, n as u64);
    true
}

/// Appends `n`·10^-6 (`n` below 10^15), negative when `neg`: the integer digits, the point and
/// the fraction's digits without trailing zeros (one at least).
fn write_micros(out: &mut String, neg: bool, n: u64) {
    let (int, mut frac) = (n / 1_000_000, n % 1_000_000);
    if int < 10000 {
        // the digits copied from the table: the integer part, the point, and the six fraction
        // digits (two, then four) up to the last that is not zero
        if neg {
            out.push('-');
        }
        push_small(out, int);
        out.push('.');
        let (hi, lo) = (digits4(frac / 10000), digits4(frac % 10000));
        let mut k = 6;
        while k > 1 && frac % 10 == 0 {
            frac /= 10;
            k -= 1;
        }
        if k <= 2 {
            out.push_str(&hi[2..2 + k]);
        } else {
            out.push_str(&hi[2..]);
            out.push_str(&lo[..k - 2]);
        }
        return;
    }
    let mut k = 6;
    while k > 1 && frac % 10 == 0 {
        frac /= 10;
        k -= 1;
    }
    // sign, up to 9 integer digits, the point and up to 6 fraction digits, put together from
    // the end
    let mut buf = [0u8; 17];
    let end = 11 + k;
    for d in buf[11..end].iter_mut().rev() {
        *d = b'0' + (frac % 10) as u8;
        frac /= 10;
    }
    let point = 10;
    buf[point] = b'.';
    let mut start = digits_into(&mut buf[..point], int);
    if neg {
        start -= 1;
        buf[start] = b'-';
    }
    push_ascii(out, &buf[start..end]);
}

/// Appends a coordinate as `write_num(out, round6(x))` does, rounding once: below 10^9 in
/// magnitude, `round6(x)` is n·10^-6 for the integer n nearest x·10^6, and its text that of n.
fn write_coord(out: &mut String, x: f64) {
    let n = round_half_away(x * 1e6);
    if n.is_nan() || n.abs() >= 1e15 {
        // large, or not finite
        write_num(out, round6(x));
    } else if n == 0.0 {
        out.push('0');
    } else {
        write_micros(out, n < 0.0, n.abs() as u64);
    }
}

/// What [`write_json_str`] does with each byte: 0 copy, 1 escape, 2 look further (the first byte
/// of U+2028 and U+2029).
static JSON_BYTE: [u8; 256] = {
    let mut t = [0u8; 256];
    let mut c = 0;
    while c < 0x20 {
        t[c] = 1;
        c += 1;
    }
    t[b'"' as usize] = 1;
    t[b'\\' as usize] = 1;
    t[0xe2] = 2;
    t
};

/// True when one of the 8 bytes of `w` may need [`write_json_str`]'s attention: a control
/// character, `"`, `\\` or 0xE2. (Bit tricks of "Bit Twiddling Hacks": a byte below n, a zero
/// byte after an XOR; exact for whether any byte matches.)
#[inline]
fn word_needs_care(w: u64) -> bool {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let zero_byte = |x: u64| x.wrapping_sub(ONES) & !x & HIGH;
    let below_space = w.wrapping_sub(ONES * 0x20) & !w & HIGH;
    (below_space
        | zero_byte(w ^ (ONES * u64::from(b'"')))
        | zero_byte(w ^ (ONES * u64::from(b'\\')))
        | zero_byte(w ^ (ONES * 0xe2)))
        != 0
}

/// The length of a start of `b` that needs no escape: all of `b` when no byte needs
/// [`write_json_str`]'s attention, else at most the offset of the first that does.
#[inline]
fn plain_prefix(b: &[u8]) -> usize {
    if b.len() < 8 {
        if b.len() >= 4 {
            // the first four bytes and the last four (overlapping) in one word: the whole
            // string checked at once, a byte at a time only when some byte needs attention
            let half = |i: usize| {
                let mut w = [0u8; 4];
                w.copy_from_slice(&b[i..i + 4]);
                u64::from(u32::from_le_bytes(w))
            };
            if !word_needs_care(half(0) | half(b.len() - 4) << 32) {
                return b.len();
            }
        }
        return b
            .iter()
            .position(|&c| JSON_BYTE[c as usize] != 0)
            .unwrap_or(b.len());
    }
    let word = |i: usize| {
        let mut w = [0u8; 8];
        w.copy_from_slice(&b[i..i + 8]);
        u64::from_le_bytes(w)
    };
    // the whole words from the start, then the last eight bytes (overlapping the last word)
    if let Some(k) = (0..b.len() / 8).find(|&k| word_needs_care(word(8 * k))) {
        return 8 * k;
    }
    let last = b.len() - 8;
    if word_needs_care(word(last)) {
        last
    } else {
        b.len()
    }
}

/// Writes a JSON string literal with the escapes RFC 8259 requires.
pub fn write_json_str(out: &mut String, s: &str) {
    out.reserve(s.len() + 2);
    out.push('"');
    // most strings need no escape: copied at once
    let b = s.as_bytes();
    let mut i = plain_prefix(b);
    if i == b.len() {
        out.push_str(s);
        out.push('"');
        return;
    }
    // copy the runs that need no escape in one go
    let mut run = 0;
    while i < b.len() {
        // eight plain bytes at a time
        while let Some(w) = b.get(i..i + 8) {
            let mut word = [0u8; 8];
            word.copy_from_slice(w);
            if word_needs_care(u64::from_le_bytes(word)) {
                break;
            }
            i += 8;
        }
        let Some(&c) = b.get(i) else { break };
        match JSON_BYTE[c as usize] {
            0 => {
                i += 1;
                continue;
            }
            // U+2028 and U+2029 are E2 80 A8 and E2 80 A9
            2 if !(b.get(i + 1) == Some(&0x80) && matches!(b.get(i + 2), Some(0xa8 | 0xa9))) => {
                i += 1;
                continue;
            }
            _ => {}
        }
        out.push_str(&s[run..i]);
        match c {
            b'"' => out.push_str("\\\""),
            b'\\' => out.push_str("\\\\"),
            b'\n' => out.push_str("\\n"),
            b'\r' => out.push_str("\\r"),
            b'\t' => out.push_str("\\t"),
            0xe2 => {
                out.push_str(if b[i + 2] == 0xa8 {
                    "\\u2028"
                } else {
                    "\\u2029"
                });
                i += 2;
            }
            _ => {
                out.push_str("\\u00");
                out.push(char::from(b"0123456789abcdef"[(c >> 4) as usize]));
                out.push(char::from(b"0123456789abcdef"[(c & 15) as usize]));
            }
        }
        i += 1;
        run = i;
    }
    out.push_str(&s[run..]);
    out.push('"');
}

fn write_prop(out: &mut String, p: &Prop) {
    match p {
        Prop::Null => out.push_str("null"),
        Prop::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Prop::Int(i) => write_int(out, *i),
        Prop::Num(x) => write_num(out, *x),
        Prop::Str(s) => write_json_str(out, s),
    }
}

fn write_pos(out: &mut String, p: &Position) {
    out.push('[');
    write_coord(out, p[0]);
    out.push(',');
    write_coord(out, p[1]);
    out.push(']');
}

fn write_ring(out: &mut String, ring: &[Position]) {
    out.push('[');
    for (i, p) in ring.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        write_pos(out, p);
    }
    out.push(']');
}

fn write_rings(out: &mut String, rings: &[Vec<Position>]) {
    out.push('[');
    for (i, r) in rings.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        write_ring(out, r);
    }
    out.push(']');
}

/// Serialises a point as a GeoJSON object, as [`write_geometry`] writes `Geometry::Point(p)`.
pub fn write_point(out: &mut String, p: &Position) {
    out.push_str("{\"type\":\"Point\",\"coordinates\":");
    write_pos(out, p);
    out.push('}');
}

/// Serialises a geometry as a GeoJSON object.
pub fn write_geometry(out: &mut String, g: &Geometry) {
    match g {
        Geometry::Point(p) => return write_point(out, p),
        Geometry::LineString(l) => {
            out.push_str("{\"type\":\"LineString\",\"coordinates\":");
            write_ring(out, l);
        }
        Geometry::MultiLineString(ls) => {
            out.push_str("{\"type\":\"MultiLineString\",\"coordinates\":");
            write_rings(out, ls);
        }
        Geometry::Polygon(rings) => {
            out.push_str("{\"type\":\"Polygon\",\"coordinates\":");
            write_rings(out, rings);
        }
        Geometry::MultiPolygon(polys) => {
            out.push_str("{\"type\":\"MultiPolygon\",\"coordinates\":[");
            for (i, p) in polys.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write_rings(out, p);
            }
            out.push(']');
        }
    }
    out.push('}');
}

/// About the length of [`feature_json`]'s text (a little more for ordinary text), to size the
/// buffer it is written into.
pub fn json_size_hint(f: &Feature) -> usize {
    160 + f.id.as_ref().map_or(0, String::len)
        + f.properties
            .iter()
            .map(|(k, v)| k.len() + 8 + v.as_str().map_or(16, |s| s.len() + s.len() / 16))
            .sum::<usize>()
}

/// Serialises one feature as a single-line GeoJSON object (no trailing newline).
pub fn feature_json(f: &Feature) -> String {
    // room for the members and the properties' names and values, so that the string is not
    // regrown while it is written
    let mut out = String::with_capacity(json_size_hint(f));
    write_feature(&mut out, f);
    out
}

/// Appends one feature as a single-line GeoJSON object (no trailing newline) to `out`.
pub fn write_feature(out: &mut String, f: &Feature) {
    out.push_str("{\"type\":\"Feature\"");
    if let Some(id) = &f.id {
        out.push_str(",\"id\":");
        write_json_str(out, id);
    }
    out.push_str(",\"geometry\":");
    match &f.geometry {
        Some(g) => write_geometry(out, g),
        None => out.push_str("null"),
    }
    out.push_str(",\"properties\":{");
    for (i, (k, v)) in f.properties.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        write_json_str(out, k);
        out.push(':');
        write_prop(out, v);
    }
    out.push_str("}}");
}

/// Writes a FeatureCollection, one feature per line, to `w`.
pub fn write_collection<W: Write>(w: &mut W, features: &[Feature]) -> io::Result<()> {
    w.write_all(b"{\"type\":\"FeatureCollection\",\"features\":[")?;
    for (i, f) in features.iter().enumerate() {
        w.write_all(if i == 0 { b"\n" } else { b",\n" })?;
        w.write_all(feature_json(f).as_bytes())?;
    }
    w.write_all(b"\n]}\n")?;
    Ok(())
}

/// Writes an RFC 8142 GeoJSON text sequence: RS, feature, LF for each feature.
pub fn write_sequence<W: Write>(w: &mut W, features: &[Feature]) -> io::Result<()> {
    for f in features {
        w.write_all(b"\x1e")?;
        w.write_all(feature_json(f).as_bytes())?;
        w.write_all(b"\n")?;
    }
    Ok(())
}

/// Converts a JSON value read from a file into a scalar property; arrays and objects become
/// their JSON text (the contract allows only scalars, but older or foreign files may hold them).
pub fn prop_from_json(v: &serde_json::Value) -> Prop {
    match v {
        serde_json::Value::Null => Prop::Null,
        serde_json::Value::Bool(b) => Prop::Bool(*b),
        serde_json::Value::Number(n) => match n.as_i64() {
            Some(i) => Prop::Int(i),
            None => Prop::Num(n.as_f64().unwrap_or(f64::NAN)),
        },
        serde_json::Value::String(s) => Prop::Str(s.clone()),
        other => Prop::Str(other.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_strings_escape_as_rfc_8259_requires() {
        let cases = [
            ("plain", r#""plain""#),
            ("a\"b\\c", r#""a\"b\\c""#),
            ("l1\nl2\r\t", r#""l1\nl2\r\t""#),
            ("\u{1}x\u{1f}", r#""\u0001x\u001f""#),
            (
                "Ba\u{2bf}aj \u{2028}\u{2029}é",
                "\"Ba\u{2bf}aj \\u2028\\u2029é\"",
            ),
            ("دير الزور", "\"دير الزور\""),
            ("", r#""""#),
        ];
        for (s, want) in cases {
            let mut out = String::new();
            write_json_str(&mut out, s);
            assert_eq!(out, want);
            assert_eq!(serde_json::from_str::<String>(&out).unwrap(), s);
        }
    }

    /// The escaping, one character at a time, as RFC 8259 (and JavaScript, for U+2028/9) wants.
    fn escaped_slowly(s: &str) -> String {
        let mut out = String::from("\"");
        for c in s.chars() {
            match c {
                '"' => out.push_str("\\\""),
                '\\' => out.push_str("\\\\"),
                '\n' => out.push_str("\\n"),
                '\r' => out.push_str("\\r"),
                '\t' => out.push_str("\\t"),
                '\u{2028}' | '\u{2029}' => out.push_str(&format!("\\u{:04x}", c as u32)),
                c if (c as u32) < 0x20 => out.push_str(&format!("\\u{:04x}", c as u32)),
                c => out.push(c),
            }
        }
        out.push('"');
        out
    }

    #[test]
    fn word_at_a_time_escaping_agrees_with_char_at_a_time() {
        // pieces around the word boundaries: plain ASCII, every escape, the separators and
        // other characters whose UTF-8 starts with E2 (’ €), other multi-byte text
        let pieces = [
            "a",
            "plain text",
            "\"",
            "\\",
            "\n",
            "\r",
            "\t",
            "\u{1}",
            "\u{1f}",
            " ",
            "\u{2028}",
            "\u{2029}",
            "’",
            "€",
            "é",
            "دير",
            "\u{7f}",
            "~",
        ];
        let mut state: u64 = 0x2545_f491_4f6c_dd1d;
        for _ in 0..3000 {
            let mut s = String::new();
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            let n = (state % 24) as usize;
            let mut x = state;
            for _ in 0..n {
                x = x
                    .wrapping_mul(6364136223846793005)
                    .wrapping_add(1442695040888963407);
                s.push_str(pieces[(x >> 33) as usize % pieces.len()]);
            }
            let mut out = String::new();
            write_json_str(&mut out, &s);
            assert_eq!(out, escaped_slowly(&s), "{s:?}");
            assert_eq!(serde_json::from_str::<String>(&out).unwrap(), s);
        }
    }

    #[test]
    fn integers_print_as_the_formatter_prints_them() {
        for i in [
            0i64,
            1,
            -1,
            9,
            10,
            99,
            100,
            12345,
            -98765,
            999,
            1000,
            -1000,
            999_999_999_999_999_999,
            1_000_000_000_000_000_000,
            -1_000_000_000_000_000_000,
            i64::MAX,
            i64::MIN,
        ] {
            let mut s = String::new();
            write_int(&mut s, i);
            assert_eq!(s, i.to_string());
        }
    }

    #[test]
    fn rounds_and_orders() {
        let mut f = Feature {
            id: Some("c1".into()),
            geometry: Some(Geometry::Point([41.716_321_9, 36.042_600_4])),
            ..Default::default()
        };
        f.push("kind", "claim");
        f.push("confidence", 0.85);
        f.push("n", 3i64);
        f.push("date_text", Prop::Null);
        f.push("evidence", "He said \"yes\"\n");
        assert_eq!(
            feature_json(&f),
            "{\"type\":\"Feature\",\"id\":\"c1\",\"geometry\":{\"type\":\"Point\",\"coordinates\":[41.716322,36.0426]},\"properties\":{\"kind\":\"claim\",\"confidence\":0.85,\"n\":3,\"date_text\":null,\"evidence\":\"He said \\\"yes\\\"\\n\"}}"
        );
    }

    #[test]
    fn numbers_print_as_the_formatter_prints_them() {
        let mut next = crate::testutil::xorshift();
        let mut xs = vec![
            0.1,
            0.5,
            -0.5,
            0.85,
            0.722,
            1.5,
            36.0426,
            41.716322,
            -41.716322,
            1e-6,
            1.5e-6,
            999_999_999.5,
            1e9 + 0.5,
            123_456_789.123_456,
            0.000_001,
            0.000_012_3,
            1e-7,
        ];
        for _ in 0..200_000 {
            let r = next();
            let x = match r % 5 {
                // coordinates and distances rounded to 6, 3 or 1 decimals
                0 => round6((r >> 8) as f64 / 1e12 * 360.0 - 180.0),
                1 => (((r >> 8) % 1_000_000) as f64 / 1e3).round() / 1e3,
                2 => ((r >> 8) % 100_000) as f64 / 10.0,
                // any double
                3 => f64::from_bits(r),
                _ => ((r >> 11) as f64 / (1u64 << 53) as f64) * 10f64.powi((r % 20) as i32 - 8),
            };
            xs.push(x);
        }
        for x in xs {
            let mut s = String::new();
            write_num(&mut s, x);
            let want = if !x.is_finite() {
                "null".to_string()
            } else if x == x.trunc() && x.abs() < 1e15 {
                if x == 0.0 {
                    "0".to_string()
                } else {
                    format!("{}.0", x as i64)
                }
            } else {
                format!("{x}")
            };
            assert_eq!(s, want, "{x:e}");
        }
    }

    /// A coordinate is written as its rounded number is.
    #[test]
    fn coordinates_print_as_rounded_numbers() {
        let mut next = crate::testutil::xorshift();
        let mut xs = vec![
            0.0,
            -0.0,
            4e-7,
            -4e-7,
            5e-7,
            -5e-7,
            36.0,
            -36.0,
            179.999_999_5,
            999_999_999.999_999,
            1e9,
            -1e9 - 0.5,
            1e15,
            f64::NAN,
            f64::INFINITY,
            f64::NEG_INFINITY,
        ];
        for _ in 0..200_000 {
            let r = next();
            xs.push(match r % 4 {
                0 => (r >> 8) as f64 / 1e12 * 360.0 - 180.0,
                1 => ((r >> 8) % 100_000_000) as f64 / 1e5 - 500.0,
                2 => f64::from_bits(r),
                _ => ((r >> 11) as f64 / (1u64 << 53) as f64) * 10f64.powi((r % 24) as i32 - 8),
            });
        }
        for x in xs {
            let (mut got, mut want) = (String::new(), String::new());
            write_coord(&mut got, x);
            write_num(&mut want, round6(x));
            assert_eq!(got, want, "{x:e}");
        }
    }

    #[test]
    fn points_print_as_point_geometries() {
        for p in [
            [41.716_321_9, 36.042_600_4],
            [-0.0, 1e15],
            [f64::NAN, -179.999_999_5],
        ] {
            let (mut got, mut want) = (String::new(), String::new());
            write_point(&mut got, &p);
            write_geometry(&mut want, &Geometry::Point(p));
            assert_eq!(got, want);
        }
    }

    /// `round_half_away` is `f64::round`, bit for bit.
    #[test]
    fn rounding_agrees_with_the_library() {
        let mut next = crate::testutil::xorshift();
        let mut ys = vec![
            0.0,
            -0.0,
            0.5,
            -0.5,
            1.5,
            2.5,
            -2.5,
            0.499_999_999_999_999_94,
            -0.499_999_999_999_999_94,
            4_503_599_627_370_495.5,
            -4_503_599_627_370_495.5,
            4_503_599_627_370_496.0,
            9_007_199_254_740_993.0,
            1e300,
            f64::MIN_POSITIVE,
            f64::INFINITY,
            f64::NEG_INFINITY,
            f64::NAN,
        ];
        for _ in 0..300_000 {
            let r = next();
            ys.push(match r % 3 {
                0 => f64::from_bits(r),
                // halves and their neighbours
                1 => {
                    let h = ((r >> 12) % 1_000_000) as f64 + 0.5;
                    let h = if r & 2048 != 0 { -h } else { h };
                    match (r >> 8) % 3 {
                        0 => h,
                        1 => f64::from_bits(h.to_bits() + 1),
                        _ => f64::from_bits(h.to_bits() - 1),
                    }
                }
                _ => ((r >> 11) as f64 / (1u64 << 53) as f64 - 0.5) * 10f64.powi((r % 20) as i32),
            });
        }
        for y in ys {
            let (got, want) = (round_half_away(y), y.round());
            assert!(
                got.to_bits() == want.to_bits() || (got.is_nan() && want.is_nan()),
                "{y:e}: {got:e} != {want:e}"
            );
        }
    }

    #[test]
    fn whole_numbers_keep_a_decimal_point() {
        let mut s = String::new();
        write_num(&mut s, 36.0);
        assert_eq!(s, "36.0");
        s.clear();
        write_num(&mut s, -0.0);
        assert_eq!(s, "0");
    }
}

/// The type of a property column, for writers that need a schema (CSV, GeoPackage).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FieldType {
    Text,
    Integer,
    Real,
    Boolean,
    /// A full UTC datetime `YYYY-MM-DDTHH:MM:SSZ` (QGIS Temporal Controller fields).
    DateTime,
}

/// The properties of claim features, in the order they are written (../shared/spec/OUTPUT.md
/// plus extras: `event`, `place_start`, `place_end`).
pub const CLAIM_FIELDS: &[(&str, FieldType)] = &[
    ("kind", FieldType::Text),
    ("claim_id", FieldType::Text),
    ("article_id", FieldType::Text),
    ("source", FieldType::Text),
    ("published", FieldType::Text),
    ("place_text", FieldType::Text),
    ("place_name", FieldType::Text),
    ("place_id", FieldType::Text),
    ("place_kind", FieldType::Text),
    ("country", FieldType::Text),
    ("admin1", FieldType::Text),
    ("relation", FieldType::Text),
    ("distance_km", FieldType::Real),
    ("precision_km", FieldType::Real),
    ("geo_precision", FieldType::Integer),
    ("claim_type", FieldType::Text),
    ("actor", FieldType::Text),
    ("actor_text", FieldType::Text),
    ("from_actor", FieldType::Text),
    ("controller", FieldType::Text),
    ("claimed_by", FieldType::Text),
    ("certainty", FieldType::Text),
    ("date", FieldType::Text),
    ("date_precision", FieldType::Text),
    ("date_text", FieldType::Text),
    ("time_start", FieldType::DateTime),
    ("time_end", FieldType::DateTime),
    ("event", FieldType::Text),
    ("confidence", FieldType::Real),
    ("place_start", FieldType::Integer),
    ("place_end", FieldType::Integer),
    ("char_start", FieldType::Integer),
    ("char_end", FieldType::Integer),
    ("evidence", FieldType::Text),
];

/// The properties of mention features, in the order they are written.
pub const MENTION_FIELDS: &[(&str, FieldType)] = &[
    ("kind", FieldType::Text),
    ("article_id", FieldType::Text),
    ("source", FieldType::Text),
    ("published", FieldType::Text),
    ("place_text", FieldType::Text),
    ("place_name", FieldType::Text),
    ("place_id", FieldType::Text),
    ("place_kind", FieldType::Text),
    ("country", FieldType::Text),
    ("admin1", FieldType::Text),
    ("relation", FieldType::Text),
    ("distance_km", FieldType::Real),
    ("precision_km", FieldType::Real),
    ("geo_precision", FieldType::Integer),
    ("resolution", FieldType::Text),
    ("confidence", FieldType::Real),
    ("place_start", FieldType::Integer),
    ("place_end", FieldType::Integer),
    ("char_start", FieldType::Integer),
    ("char_end", FieldType::Integer),
    ("evidence", FieldType::Text),
];
