//! The main job for one article: geoparse, claims, and the features of both, in a stable order.
//!
//! This module turns the stages' results into [`Feature`]s with the properties of
//! `../shared/spec/OUTPUT.md`; it does not read files or write outputs.

use crate::article::Article;
use crate::claims::{self, Claim};
use crate::feature::{
    round_half_away, write_int, write_json_str, write_num, write_point, Feature, Geometry,
    Position, Prop, CLAIM_FIELDS, MENTION_FIELDS,
};
use crate::gazetteer::{Gazetteer, Kind};
use crate::geoparse::{self, Geoparse, Mention, Relative};

/// Everything extracted from one article.
#[derive(Debug, Clone)]
pub struct Extraction {
    pub claims: Vec<Feature>,
    pub mentions: Vec<Feature>,
    pub warnings: Vec<String>,
}

/// Runs the whole pipeline over one article.
pub fn extract_article(article: &Article, gaz: &Gazetteer) -> Extraction {
    let geo = geoparse::geoparse(article, gaz);
    let claims = claims::extract(article, &geo, gaz);
    Extraction {
        claims: claim_features(article, &geo, &claims, gaz),
        mentions: mention_features(article, &geo, gaz),
        warnings: article.warnings.clone(),
    }
}

/// Runs the whole pipeline over one article and appends its claim features (and, with
/// `mentions`, its mention features) to `out` as GeoJSON, one feature per line joined by `,\n`:
/// the text [`crate::feature::write_feature`] gives for the features of [`extract_article`],
/// written without building them. Returns the numbers of claims and mentions written.
pub fn extract_article_json(
    article: &Article,
    gaz: &Gazetteer,
    mentions: bool,
    out: &mut String,
) -> (usize, usize) {
    let geo = geoparse::geoparse(article, gaz);
    let claims = claims::extract(article, &geo, gaz);
    out.reserve(json_size_hint(&geo, &claims, mentions));
    let features = claims.len()
        + if mentions {
            geo.mentions.len() + geo.relatives.len()
        } else {
            0
        };
    let mut w = JsonFeatures::new(out, features);
    write_claims(article, &geo, &claims, gaz, &mut w);
    let n_claims = w.count;
    if mentions {
        write_mentions(article, &geo, gaz, &mut w);
    }
    (n_claims, w.count - n_claims)
}

/// A property name, kept with the JSON text that introduces its value after another property,
/// `,"name":` (made by [`key!`] from the name).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Key(&'static str);

impl Key {
    /// The property name.
    pub fn name(self) -> &'static str {
        &self.0[2..self.0.len() - 2]
    }
}

/// The [`Key`] of a property name, a literal (the program's own names need no escaping:
/// checked in the tests).
macro_rules! key {
    ($name:literal) => {
        Key(concat!(",\"", $name, "\":"))
    };
}

/// A little more than the length of the GeoJSON text of an article's features, so that the
/// text is not regrown while it is written: each feature's properties and evidence sentence.
fn json_size_hint(geo: &Geoparse, claims: &[Claim], mentions: bool) -> usize {
    let sentence = |s: usize| {
        let (a, b) = sentence_span(geo, s);
        // a few escapes, and the place names and ids beside
        (b - a) + (b - a) / 8
    };
    let mut n: usize = claims.iter().map(|c| 1024 + sentence(c.sentence)).sum();
    if mentions {
        n += geo
            .mentions
            .iter()
            .map(|m| 768 + sentence(m.sentence))
            .sum::<usize>();
        n += geo
            .relatives
            .iter()
            .map(|r| 768 + sentence(r.sentence))
            .sum::<usize>();
    }
    n
}

/// A property value as the extraction hands it over: borrowed, written or copied by the sink.
#[derive(Debug, Clone, Copy)]
pub enum Val<'a> {
    Null,
    Int(i64),
    Num(f64),
    Str(&'a str),
    /// Text that needs no escaping by construction, so that the JSON sink copies it without
    /// looking: the program's own names, an enum's `as_str` (checked in the tests), and the
    /// dates of [`crate::claims::dates::ClaimDate`] (digits, signs, `W`, `T`, `:` and `Z`).
    Plain(&'a str),
}

impl<'a> From<&'a str> for Val<'a> {
    fn from(s: &'a str) -> Self {
        Val::Str(s)
    }
}
impl<'a> From<&'a String> for Val<'a> {
    fn from(s: &'a String) -> Self {
        Val::Str(s)
    }
}
impl From<i64> for Val<'_> {
    fn from(i: i64) -> Self {
        Val::Int(i)
    }
}
impl From<f64> for Val<'_> {
    fn from(x: f64) -> Self {
        Val::Num(x)
    }
}
impl<'a, T: Into<Val<'a>>> From<Option<T>> for Val<'a> {
    fn from(x: Option<T>) -> Self {
        x.map_or(Val::Null, Into::into)
    }
}

/// Where the extraction puts its features, one at a time: `begin`, the properties in order,
/// `end`. The order and values of the properties are decided once, by [`write_claims`] and
/// [`write_mentions`]; a sink only stores ([`FeatureList`]) or serialises ([`JsonFeatures`]).
pub trait FeatureSink {
    /// Begins a feature: its id, point and `kind`, the first property.
    fn begin(&mut self, id: &str, point: Option<Position>, kind: &'static str);
    /// [`FeatureSink::begin`] with the id of a span of the article's text,
    /// `{article id}:{tag}{start}-{end}`.
    fn begin_span(
        &mut self,
        article_id: &str,
        tag: char,
        (start, end): (usize, usize),
        point: Option<Position>,
        kind: &'static str,
    ) {
        let mut id = String::with_capacity(article_id.len() + 24);
        id.push_str(article_id);
        id.push(':');
        id.push(tag);
        write_int(&mut id, start as i64);
        id.push('-');
        write_int(&mut id, end as i64);
        self.begin(&id, point, kind);
    }
    fn prop(&mut self, key: Key, value: Val<'_>);
    /// The feature's id, `id` (as given to [`FeatureSink::begin`]), as a property too.
    fn id_prop(&mut self, key: Key, id: &str) {
        self.prop(key, Val::Str(id));
    }
    /// The evidence sentence `text[span]` (trimmed), with its span: the last three properties.
    fn evidence(&mut self, text: &str, span: (usize, usize)) {
        self.prop(key!("char_start"), Val::Int(span.0 as i64));
        self.prop(key!("char_end"), Val::Int(span.1 as i64));
        self.prop(key!("evidence"), Val::Str(text[span.0..span.1].trim()));
    }
    /// The article's properties, the same for every feature of the article: `article_id`,
    /// `source`, `published`.
    fn article_props(&mut self, id: &str, source: Val<'_>, published: Val<'_>) {
        self.prop(key!("article_id"), Val::Str(id));
        self.prop(key!("source"), source);
        self.prop(key!("published"), published);
    }
    /// Writes the place properties of mention `place` (a toponym and, if any, its relative
    /// location) by `write`, the same text each time for the same `place` within an article;
    /// `keep` when they may be asked for again.
    fn place_props(
        &mut self,
        _place: (usize, Option<usize>),
        _keep: bool,
        write: impl FnOnce(&mut Self),
    ) where
        Self: Sized,
    {
        write(self)
    }
    /// Writes the properties of gazetteer place `place` shown as a place of kind `kind`,
    /// `place_name` to `admin1`, by `write`: the same text each time for the same pair within
    /// an article.
    fn gaz_place_props(&mut self, _place: u32, _kind: Kind, write: impl FnOnce(&mut Self))
    where
        Self: Sized,
    {
        write(self)
    }
    fn end(&mut self);
}

/// A sink that builds [`Feature`]s.
#[derive(Debug, Default)]
pub struct FeatureList {
    pub features: Vec<Feature>,
}

impl FeatureSink for FeatureList {
    fn begin(&mut self, id: &str, point: Option<Position>, kind: &'static str) {
        let mut properties = Vec::with_capacity(CLAIM_FIELDS.len().max(MENTION_FIELDS.len()));
        properties.push((
            std::borrow::Cow::Borrowed("kind"),
            Prop::Str(kind.to_string()),
        ));
        self.features.push(Feature {
            id: Some(id.to_string()),
            geometry: point.map(Geometry::Point),
            properties,
        });
    }
    fn prop(&mut self, key: Key, value: Val<'_>) {
        let v = match value {
            Val::Null => Prop::Null,
            Val::Int(i) => Prop::Int(i),
            Val::Num(x) => Prop::Num(x),
            Val::Str(s) | Val::Plain(s) => Prop::Str(s.to_string()),
        };
        if let Some(f) = self.features.last_mut() {
            f.push(key.name(), v);
        }
    }
    fn end(&mut self) {}
}

/// A sink that appends each feature as GeoJSON text (as [`crate::feature::write_feature`]
/// writes it), features joined by `,\n`. The escaped evidence sentence is kept while the
/// following features quote the same sentence.
pub struct JsonFeatures<'o> {
    out: &'o mut String,
    /// Features written.
    pub count: usize,
    /// The span of the last evidence sentence and its JSON string literal.
    evidence_span: Option<(usize, usize)>,
    evidence_json: String,
    /// The evidence sentences written before the last, by span, with their literals.
    evidence_kept: Vec<((usize, usize), String)>,
    /// The text of [`FeatureSink::article_props`] after another property, once written.
    article_json: String,
    /// The article id's JSON string literal without its closing quote, once written.
    article_id_json: String,
    /// The literal of the id given to the last [`FeatureSink::begin`] (empty after
    /// [`FeatureSink::begin_span`]), for [`FeatureSink::id_prop`].
    id_json: String,
    /// The points written (a coordinate's bits each: equal bits, the same text), with their
    /// geometries' text, one after the other in `point_text`: the features of a place share
    /// its point.
    points: Vec<([u64; 2], std::ops::Range<usize>)>,
    point_text: String,
    /// The texts of [`FeatureSink::place_props`] kept, by place.
    place_json: Vec<((usize, Option<usize>), String)>,
    /// The texts of [`FeatureSink::gaz_place_props`] written, by gazetteer place and kind
    /// (keys of two small integers, cheap to compare, unlike the texts): an article names many
    /// of its places again. A cache, not a map: place `p`'s slot is `p % GAZ_SLOTS`, a place
    /// evicts another of its slot (found in one look, where a search through all of an
    /// article's places cost more than it saved). Each text is at first only where it was
    /// written in `out`, and is copied into `gaz_place_text` (`true`) when asked for again (a
    /// `String` cannot copy a part of itself without `unsafe` before Rust 1.87), so that the
    /// many places named once cost no copy.
    gaz_places: [Option<PlaceText>; GAZ_SLOTS],
    gaz_place_text: String,
    /// The texts of the numbers written (a number's bits each: equal bits, the same text), one
    /// after the other in `num_text`: an article's confidences and precisions take few values,
    /// and copying a text costs a fraction of formatting the number again. A cache, not a map:
    /// a number's slot is [`num_slot`] of its bits, a number evicts another of its slot.
    nums: [Option<(u64, std::ops::Range<usize>)>; NUM_SLOTS],
    num_text: String,
}

/// A place text of [`JsonFeatures`]'s cache: its gazetteer place and kind, where it is, and
/// whether that is in the cache's own copy.
type PlaceText = ((u32, Kind), std::ops::Range<usize>, bool);

/// The slots of [`JsonFeatures`]'s cache of place texts: more than most articles have places.
const GAZ_SLOTS: usize = 64;

/// The slots of [`JsonFeatures`]'s cache of number texts (a power of two).
const NUM_SLOTS: usize = 16;

/// The slot of [`JsonFeatures`]'s cache of number texts for a number of bits `bits`: the top
/// bits of a multiplicative hash, as the low bits of a double's are often all zero.
fn num_slot(bits: u64) -> usize {
    (bits.wrapping_mul(0x9e37_79b9_7f4a_7c15) >> (64 - NUM_SLOTS.trailing_zeros())) as usize
}

/// About the length of a point geometry's text, `{"type":"Point","coordinates":[lon,lat]}`
/// with coordinates of a few integer and six fraction digits.
const POINT_TEXT_LEN: usize = 56;

impl<'o> JsonFeatures<'o> {
    /// A sink appending to `out`; its features are those of one article (the evidence kept from
    /// one feature to the next is known by its span in the article's text), about `features`
    /// of them at most (room is made for their points at once, not grown point by point).
    pub fn new(out: &'o mut String, features: usize) -> Self {
        JsonFeatures {
            out,
            count: 0,
            evidence_span: None,
            evidence_json: String::new(),
            evidence_kept: Vec::new(),
            article_json: String::new(),
            article_id_json: String::new(),
            id_json: String::new(),
            points: Vec::with_capacity(features),
            point_text: String::with_capacity(features * POINT_TEXT_LEN),
            place_json: Vec::new(),
            gaz_places: [const { None }; GAZ_SLOTS],
            gaz_place_text: String::new(),
            nums: [const { None }; NUM_SLOTS],
            num_text: String::new(),
        }
    }

    /// Writes `,"name":` (every property but the first, `kind`, which
    /// [`FeatureSink::begin`] writes, comes after another).
    #[inline(always)]
    fn key(&mut self, key: Key) {
        self.out.push_str(key.0);
    }
}

impl JsonFeatures<'_> {
    /// Writes the literal of a [`Val::Plain`].
    #[inline(always)]
    fn plain(&mut self, s: &str) {
        debug_assert!(needs_no_escape(s), "{s:?}");
        self.out.push('"');
        self.out.push_str(s);
        self.out.push('"');
    }
    /// Writes a number as [`write_num`] does, its text copied when its slot of the cache holds
    /// it.
    fn num(&mut self, x: f64) {
        let bits = x.to_bits();
        let slot = &mut self.nums[num_slot(bits)];
        if let Some((b, r)) = slot {
            if *b == bits {
                self.out.push_str(&self.num_text[r.clone()]);
                return;
            }
        }
        let start = self.out.len();
        write_num(self.out, x);
        let from = self.num_text.len();
        self.num_text.push_str(&self.out[start..]);
        *slot = Some((bits, from..self.num_text.len()));
    }
    /// Writes a feature's text up to its id.
    fn open(&mut self) {
        if self.count > 0 {
            self.out.push_str(",\n");
        }
        self.count += 1;
        self.out.push_str("{\"type\":\"Feature\",\"id\":");
    }
    /// Writes a feature's text after its id up to its second property.
    fn after_id(&mut self, point: Option<Position>, kind: &'static str) {
        self.out.push_str(",\"geometry\":");
        match point {
            Some(p) => {
                let bits = p.map(f64::to_bits);
                match self.points.iter().find(|(b, _)| *b == bits) {
                    Some((_, r)) => self.out.push_str(&self.point_text[r.clone()]),
                    None => {
                        let start = self.out.len();
                        write_point(self.out, &p);
                        let from = self.point_text.len();
                        self.point_text.push_str(&self.out[start..]);
                        self.points.push((bits, from..self.point_text.len()));
                    }
                }
            }
            None => self.out.push_str("null"),
        }
        self.out.push_str(",\"properties\":{\"kind\":");
        self.plain(kind);
    }
}

impl FeatureSink for JsonFeatures<'_> {
    fn begin(&mut self, id: &str, point: Option<Position>, kind: &'static str) {
        self.open();
        self.id_json.clear();
        write_json_str(&mut self.id_json, id);
        self.out.push_str(&self.id_json);
        self.after_id(point, kind);
    }
    fn begin_span(
        &mut self,
        article_id: &str,
        tag: char,
        (start, end): (usize, usize),
        point: Option<Position>,
        kind: &'static str,
    ) {
        self.open();
        self.id_json.clear();
        // the literal of the id is the article id's, then the rest as it is (a tag letter,
        // digits, ':' and '-' need no escape): the article id's is escaped once
        if self.article_id_json.is_empty() {
            write_json_str(&mut self.article_id_json, article_id);
            self.article_id_json.pop();
        }
        self.out.push_str(&self.article_id_json);
        self.out.push(':');
        self.out.push(tag);
        write_int(self.out, start as i64);
        self.out.push('-');
        write_int(self.out, end as i64);
        self.out.push('"');
        self.after_id(point, kind);
    }
    #[inline(always)]
    fn prop(&mut self, key: Key, value: Val<'_>) {
        self.key(key);
        match value {
            Val::Null => self.out.push_str("null"),
            Val::Int(i) => write_int(self.out, i),
            Val::Num(x) => self.num(x),
            Val::Str(s) => write_json_str(self.out, s),
            Val::Plain(s) => self.plain(s),
        }
    }
    fn id_prop(&mut self, key: Key, id: &str) {
        if self.id_json.is_empty() {
            return self.prop(key, Val::Str(id));
        }
        // the literal written by begin, not escaped again
        self.key(key);
        self.out.push_str(&self.id_json);
    }
    fn evidence(&mut self, text: &str, span: (usize, usize)) {
        self.prop(key!("char_start"), Val::Int(span.0 as i64));
        self.prop(key!("char_end"), Val::Int(span.1 as i64));
        self.key(key!("evidence"));
        if self.evidence_span != Some(span) {
            // the sentence's literal, if written before (a sentence with claims is quoted again
            // by its mentions), else written now
            let json = match self.evidence_kept.iter().position(|(s, _)| *s == span) {
                Some(k) => self.evidence_kept.swap_remove(k).1,
                None => {
                    let mut json = String::new();
                    write_json_str(&mut json, text[span.0..span.1].trim());
                    json
                }
            };
            let old = std::mem::replace(&mut self.evidence_json, json);
            if let Some(old_span) = self.evidence_span {
                self.evidence_kept.push((old_span, old));
            }
            self.evidence_span = Some(span);
        }
        self.out.push_str(&self.evidence_json);
    }
    fn article_props(&mut self, id: &str, source: Val<'_>, published: Val<'_>) {
        // the sink's features are those of one article: the same text every time
        if !self.article_json.is_empty() {
            self.out.push_str(&self.article_json);
            return;
        }
        let start = self.out.len();
        self.prop(key!("article_id"), Val::Str(id));
        self.prop(key!("source"), source);
        self.prop(key!("published"), published);
        self.article_json = self.out[start..].to_string();
    }
    fn place_props(
        &mut self,
        place: (usize, Option<usize>),
        keep: bool,
        write: impl FnOnce(&mut Self),
    ) {
        // the same text every time for the same place
        if let Some((_, text)) = self.place_json.iter().find(|(p, _)| *p == place) {
            self.out.push_str(text);
            return;
        }
        let start = self.out.len();
        write(self);
        if keep {
            self.place_json.push((place, self.out[start..].to_string()));
        }
    }
    fn gaz_place_props(&mut self, place: u32, kind: Kind, write: impl FnOnce(&mut Self)) {
        let key = (place, kind);
        let slot = &mut self.gaz_places[place as usize % GAZ_SLOTS];
        if let Some((_, r, copied)) = slot.as_mut().filter(|(k, ..)| *k == key) {
            if !*copied {
                let from = self.gaz_place_text.len();
                self.gaz_place_text.push_str(&self.out[r.clone()]);
                *r = from..self.gaz_place_text.len();
                *copied = true;
            }
            self.out.push_str(&self.gaz_place_text[r.clone()]);
            return;
        }
        let start = self.out.len();
        write(self);
        self.gaz_places[place as usize % GAZ_SLOTS] = Some((key, start..self.out.len(), false));
    }
    fn end(&mut self) {
        self.out.push_str("}}");
    }
}

/// `x` rounded to the decimals of `scale`, a power of ten: 10.0 for one decimal, 1000.0 for
/// three.
fn round(x: f64, scale: f64) -> f64 {
    round_half_away(x * scale) / scale
}

/// What every feature of an article shares.
struct Shared<'a> {
    article: &'a Article,
    gaz: &'a Gazetteer,
    /// The publication date as written in the output.
    published: Option<String>,
}

impl<'a> Shared<'a> {
    fn new(article: &'a Article, gaz: &'a Gazetteer) -> Self {
        Shared {
            article,
            gaz,
            published: article.published.map(|d| d.to_string()),
        }
    }
}

/// The properties every feature carries: article, place, relation, precision.
fn base_props<S: FeatureSink>(sh: &Shared<'_>, m: &Mention, rel: Option<&Relative>, sink: &mut S) {
    let gaz = sh.gaz;
    let place_index = m.place.or(m.part_of);
    let place = place_index.map(|i| gaz.place(i));
    sink.article_props(
        &sh.article.id,
        sh.article.source.as_ref().into(),
        sh.published.as_ref().into(),
    );
    sink.prop(key!("place_text"), Val::Str(&m.text));
    match place_index.zip(place) {
        Some((i, p)) => {
            // a part of a place ("the outskirts of ...") has the kind its words tell
            let kind = if m.part_of.is_some() {
                m.kind_hint.unwrap_or(Kind::Other)
            } else {
                p.kind
            };
            sink.gaz_place_props(i, kind, |sink| {
                sink.prop(key!("place_name"), Val::Str(&p.name));
                sink.prop(key!("place_id"), Val::Str(&p.id));
                sink.prop(key!("place_kind"), Val::Plain(kind.as_str()));
                sink.prop(key!("country"), p.country.as_ref().into());
                sink.prop(key!("admin1"), p.admin1.as_ref().into());
            });
        }
        None => {
            for key in [
                key!("place_name"),
                key!("place_id"),
                key!("place_kind"),
                key!("country"),
                key!("admin1"),
            ] {
                sink.prop(key, Val::Null);
            }
        }
    }
    let relation = rel.map(|r| r.relation.as_str()).unwrap_or("at");
    sink.prop(key!("relation"), Val::Plain(relation));
    sink.prop(key!("distance_km"), rel.and_then(|r| r.distance_km).into());
    let precision = rel.map(|r| r.precision_km).unwrap_or(m.precision_km);
    sink.prop(
        key!("precision_km"),
        if m.point.is_some() {
            Val::Num(round(precision, 10.0))
        } else {
            Val::Null
        },
    );
    let gp = match (rel, place) {
        (Some(r), _) if r.precision_km > 40.0 => 3,
        (Some(_), _) => 2,
        (None, _) if m.part_of.is_some() => 2,
        (None, Some(p)) => p.kind.geo_precision(),
        (None, None) => 3,
    };
    sink.prop(
        key!("geo_precision"),
        if m.point.is_some() {
            Val::Int(gp)
        } else {
            Val::Null
        },
    );
}

/// True when `s`'s JSON literal is `s` in quotes.
fn needs_no_escape(s: &str) -> bool {
    let mut json = String::with_capacity(s.len() + 2);
    write_json_str(&mut json, s);
    json.len() == s.len() + 2
}

fn sentence_span(geo: &Geoparse, s: usize) -> (usize, usize) {
    let sent = &geo.tokens.sentences[s];
    (sent.start, sent.end)
}

/// One mention feature per toponym, and one per relative location (with the computed point and
/// a confidence below the toponym's own, so that the toponym stays its name's best reading).
pub fn mention_features(article: &Article, geo: &Geoparse, gaz: &Gazetteer) -> Vec<Feature> {
    let mut list = FeatureList::default();
    write_mentions(article, geo, gaz, &mut list);
    list.features
}

/// The mention features of [`mention_features`], into any sink.
pub fn write_mentions<S: FeatureSink>(
    article: &Article,
    geo: &Geoparse,
    gaz: &Gazetteer,
    sink: &mut S,
) {
    let sh = Shared::new(article, gaz);
    // the resolution of a relative location
    let mut resolution = String::new();
    for (i, m) in geo.mentions.iter().enumerate() {
        let ev = sentence_span(geo, m.sentence);
        sink.begin_span(
            &article.id,
            'm',
            (m.start, m.end),
            m.point.map(|(lat, lon)| [lon, lat]),
            "mention",
        );
        sink.place_props((i, None), false, |sink| base_props(&sh, m, None, sink));
        sink.prop(key!("resolution"), Val::Str(&m.resolution));
        sink.prop(key!("confidence"), Val::Num(round(m.confidence, 1000.0)));
        sink.prop(key!("place_start"), Val::Int(m.start as i64));
        sink.prop(key!("place_end"), Val::Int(m.end as i64));
        sink.evidence(&article.text, ev);
        sink.end();
        for (j, r) in geo
            .relatives
            .iter()
            .enumerate()
            .filter(|(_, r)| r.anchor == i)
        {
            // an anaphoric relative ("the northern outskirts") is in a sentence of its own
            let ev = sentence_span(geo, r.sentence);
            sink.begin_span(
                &article.id,
                'r',
                (r.start, r.end),
                Some([r.lon, r.lat]),
                "mention",
            );
            sink.place_props((i, Some(j)), false, |sink| {
                base_props(&sh, m, Some(r), sink)
            });
            resolution.clear();
            resolution.push_str("relative:");
            resolution.push_str(r.relation.as_str());
            sink.prop(key!("resolution"), Val::Str(&resolution));
            sink.prop(
                key!("confidence"),
                Val::Num(round(m.confidence * 0.8, 1000.0)),
            );
            sink.prop(key!("place_start"), Val::Int(r.start as i64));
            sink.prop(key!("place_end"), Val::Int(r.end as i64));
            sink.evidence(&article.text, ev);
            sink.end();
        }
    }
}

/// One claim feature per claim, at its place or relative location, in text order.
pub fn claim_features(
    article: &Article,
    geo: &Geoparse,
    claims: &[Claim],
    gaz: &Gazetteer,
) -> Vec<Feature> {
    let mut list = FeatureList::default();
    write_claims(article, geo, claims, gaz, &mut list);
    list.features
}

/// A claim with its evidence span, place start, id and point, to be written in text order.
type ClaimAt<'c> = ((usize, usize), usize, String, &'c Claim, Position);

/// The claim features of [`claim_features`], into any sink.
pub fn write_claims<S: FeatureSink>(
    article: &Article,
    geo: &Geoparse,
    claims: &[Claim],
    gaz: &Gazetteer,
    sink: &mut S,
) {
    let mut order: Vec<ClaimAt<'_>> = Vec::with_capacity(claims.len());
    for c in claims {
        let m = &geo.mentions[c.mention];
        let rel = c.relative.map(|r| &geo.relatives[r]);
        let (lat, lon) = match (rel, m.point) {
            (Some(r), _) => (r.lat, r.lon),
            (None, Some(p)) => p,
            (None, None) => continue,
        };
        let pstart = rel.map(|r| r.start).unwrap_or(m.start);
        let id = claims::claim_id(&article.id, c, pstart);
        order.push((sentence_span(geo, c.sentence), pstart, id, c, [lon, lat]));
    }
    order.sort_by(|a, b| {
        (a.0 .0, a.1)
            .cmp(&(b.0 .0, b.1))
            .then_with(|| a.2.cmp(&b.2))
    });
    let sh = Shared::new(article, gaz);
    // the text of a date property
    let mut date = String::new();
    for (ev, pstart, id, c, point) in &order {
        let m = &geo.mentions[c.mention];
        let rel = c.relative.map(|r| &geo.relatives[r]);
        let pend = rel.map(|r| r.end).unwrap_or(m.end);
        sink.begin(id, Some(*point), "claim");
        sink.id_prop(key!("claim_id"), id);
        sink.place_props((c.mention, c.relative), true, |sink| {
            base_props(&sh, m, rel, sink)
        });
        sink.prop(key!("claim_type"), Val::Plain(c.claim_type.as_str()));
        sink.prop(key!("actor"), Val::Str(&c.actor));
        sink.prop(key!("actor_text"), Val::Str(&c.actor_text));
        sink.prop(key!("from_actor"), c.from_actor.as_ref().into());
        let controller = matches!(
            c.claim_type,
            claims::ClaimType::Captured | claims::ClaimType::Held
        ) && matches!(
            c.certainty,
            claims::Certainty::Reported | claims::Certainty::Claimed
        );
        sink.prop(key!("controller"), controller.then_some(&c.actor).into());
        sink.prop(key!("claimed_by"), Val::Str(&c.claimed_by));
        sink.prop(key!("certainty"), Val::Plain(c.certainty.as_str()));
        date.clear();
        c.date.write_iso(&mut date);
        sink.prop(key!("date"), Val::Plain(&date));
        sink.prop(
            key!("date_precision"),
            Val::Plain(c.date.precision.as_str()),
        );
        sink.prop(key!("date_text"), c.date.text.as_ref().into());
        date.clear();
        c.date.write_time_start(&mut date);
        sink.prop(key!("time_start"), Val::Plain(&date));
        date.clear();
        c.date.write_time_end(&mut date);
        sink.prop(key!("time_end"), Val::Plain(&date));
        sink.prop(key!("event"), Val::Str(&c.event));
        sink.prop(key!("confidence"), Val::Num(round(c.confidence, 1000.0)));
        sink.prop(key!("place_start"), Val::Int(*pstart as i64));
        sink.prop(key!("place_end"), Val::Int(pend as i64));
        sink.evidence(&article.text, *ev);
        sink.end();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::feature::write_feature;

    /// The names written as [`Val::Plain`] need no escaping.
    #[test]
    fn names_need_no_escape() {
        use crate::claims::dates::Precision;
        use crate::claims::{Certainty, ClaimType};
        use crate::gazetteer::Kind;
        use crate::geoparse::Relation;
        let mut names = vec!["claim", "mention", "at"];
        names.extend(
            [
                Relation::At,
                Relation::NorthOf,
                Relation::NorthEastOf,
                Relation::EastOf,
                Relation::SouthEastOf,
                Relation::SouthOf,
                Relation::SouthWestOf,
                Relation::WestOf,
                Relation::NorthWestOf,
                Relation::Near,
                Relation::OutskirtsOf,
                Relation::Between,
                Relation::AcrossBorderFrom,
                Relation::AlongBorderNear,
            ]
            .map(Relation::as_str),
        );
        names.extend(
            [
                Kind::Country,
                Kind::Governorate,
                Kind::District,
                Kind::City,
                Kind::Town,
                Kind::Village,
                Kind::BorderCrossing,
                Kind::Region,
                Kind::River,
                Kind::Mountain,
                Kind::Other,
            ]
            .map(Kind::as_str),
        );
        names.extend(
            [
                ClaimType::Captured,
                ClaimType::Lost,
                ClaimType::Held,
                ClaimType::Contested,
            ]
            .map(ClaimType::as_str),
        );
        names.extend(
            [
                Certainty::Reported,
                Certainty::Claimed,
                Certainty::Hedged,
                Certainty::Denied,
            ]
            .map(Certainty::as_str),
        );
        names.extend(
            [
                Precision::Day,
                Precision::Week,
                Precision::Month,
                Precision::Year,
            ]
            .map(Precision::as_str),
        );
        for n in names {
            assert!(needs_no_escape(n), "{n:?}");
        }
    }

    /// The JSON sink's cache of place texts: places of one slot evict each other, a place
    /// shown with another kind is another text, and each is written as the first time.
    #[test]
    fn place_texts_are_the_same_after_eviction() {
        let other = 1 + GAZ_SLOTS as u32;
        let places = [
            (1, Kind::City),
            (1, Kind::City),
            (other, Kind::City),
            (1, Kind::City),
            (1, Kind::Other),
            (1, Kind::City),
            (1, Kind::City),
            (other, Kind::City),
        ];
        let mut out = String::new();
        let mut w = JsonFeatures::new(&mut out, 0);
        let mut want = String::new();
        for (p, k) in places {
            let id = format!("{p}\"{}", k.as_str());
            w.gaz_place_props(p, k, |w| w.prop(key!("place_id"), Val::Str(&id)));
            want.push_str(",\"place_id\":");
            write_json_str(&mut want, &id);
        }
        assert_eq!(out, want);
    }

    /// The cache of number texts writes what `write_num` writes, for numbers met again, in the
    /// same slot as others, and the odd ones (zeros, infinities, not a number).
    #[test]
    fn cached_numbers_are_written_as_write_num_writes() {
        use proptest::prelude::*;
        proptest!(|(xs in prop::collection::vec(
            prop_oneof![
                (0u32..40).prop_map(|i| f64::from(i) / 8.0),
                prop::num::f64::ANY,
                prop::sample::select(vec![
                    0.0, -0.0, f64::INFINITY, f64::NEG_INFINITY, f64::NAN, 1e300, 0.001,
                ]),
            ],
            0..200,
        ))| {
            let mut out = String::new();
            let mut w = JsonFeatures::new(&mut out, 0);
            let mut want = String::new();
            for &x in &xs {
                w.prop(key!("confidence"), Val::Num(x));
                want.push_str(",\"confidence\":");
                write_num(&mut want, x);
            }
            prop_assert_eq!(out, want);
        });
    }

    /// The JSON sink writes what serialising the built features writes, and the program's
    /// property names need no escaping.
    #[test]
    fn json_sink_writes_the_features_text() {
        for (name, _) in CLAIM_FIELDS.iter().chain(MENTION_FIELDS) {
            let mut s = String::new();
            write_json_str(&mut s, name);
            assert_eq!(s, format!("\"{name}\""));
        }
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/articles");
        let mut paths: Vec<_> = std::fs::read_dir(&dir)
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|x| x == "txt"))
            .collect();
        paths.sort();
        assert!(!paths.is_empty());
        let gaz = Gazetteer::bundled();
        for p in paths {
            let text = std::fs::read_to_string(&p).unwrap();
            let mut a = Article::from_text("a\"\\id", text);
            a.source = Some("So\"urce".into());
            for mentions in [false, true] {
                let x = extract_article(&a, gaz);
                let mut want = String::new();
                let ms: &[Feature] = if mentions { &x.mentions } else { &[] };
                for (i, f) in x.claims.iter().chain(ms).enumerate() {
                    if i > 0 {
                        want.push_str(",\n");
                    }
                    write_feature(&mut want, f);
                }
                let mut got = String::new();
                let (nc, nm) = extract_article_json(&a, gaz, mentions, &mut got);
                assert_eq!(got, want, "{}", p.display());
                assert_eq!((nc, nm), (x.claims.len(), ms.len()));
            }
        }
    }
}
