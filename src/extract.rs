//! The main job for one article: geoparse, claims, and the features of both, in a stable order.
//!
//! This module turns the stages' results into [`Feature`]s with the properties of
//! `../shared/spec/OUTPUT.md`; it does not read files or write outputs.

use crate::article::Article;
use crate::claims::{self, Claim};
use crate::feature::{Feature, Geometry, Prop, CLAIM_FIELDS, MENTION_FIELDS};
use crate::gazetteer::Gazetteer;
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

fn round(x: f64, digits: i32) -> f64 {
    let f = 10f64.powi(digits);
    (x * f).round() / f
}

/// The properties every feature carries: article, place, relation, precision, evidence.
#[allow(clippy::too_many_arguments)]
pub(crate) fn base_props(
    f: &mut Feature,
    kind: &str,
    article: &Article,
    geo: &Geoparse,
    m: &Mention,
    rel: Option<&Relative>,
    gaz: &Gazetteer,
    evidence: (usize, usize),
) {
    let place = m.place.or(m.part_of).map(|p| gaz.place(p));
    let _ = kind;
    f.push("article_id", article.id.as_str());
    f.push("source", article.source.clone());
    f.push("published", article.published.map(|d| d.to_string()));
    f.push("place_text", m.text.as_str());
    f.push("place_name", place.map(|p| p.name.clone()));
    f.push("place_id", place.map(|p| p.id.clone()));
    let kind_of = if m.part_of.is_some() {
        m.kind_hint.map(|k| k.as_str()).or(Some("other"))
    } else {
        place.map(|p| p.kind.as_str())
    };
    f.push("place_kind", kind_of);
    f.push("country", place.and_then(|p| p.country.clone()));
    f.push("admin1", place.and_then(|p| p.admin1.clone()));
    let relation = rel.map(|r| r.relation.as_str()).unwrap_or("at");
    f.push("relation", relation);
    f.push("distance_km", rel.and_then(|r| r.distance_km));
    let precision = rel.map(|r| r.precision_km).unwrap_or(m.precision_km);
    f.push(
        "precision_km",
        if m.point.is_some() {
            Prop::Num(round(precision, 1))
        } else {
            Prop::Null
        },
    );
    let gp = match (rel, place) {
        (Some(r), _) if r.precision_km > 40.0 => 3,
        (Some(_), _) => 2,
        (None, _) if m.part_of.is_some() => 2,
        (None, Some(p)) => p.kind.geo_precision(),
        (None, None) => 3,
    };
    f.push(
        "geo_precision",
        if m.point.is_some() {
            Prop::Int(gp)
        } else {
            Prop::Null
        },
    );
    let _ = geo;
    let _ = evidence;
}

fn evidence_props(f: &mut Feature, article: &Article, span: (usize, usize)) {
    f.push("char_start", span.0 as i64);
    f.push("char_end", span.1 as i64);
    f.push("evidence", article.text[span.0..span.1].trim());
}

fn sentence_span(geo: &Geoparse, s: usize) -> (usize, usize) {
    let sent = &geo.tokens.sentences[s];
    (sent.start, sent.end)
}

/// One mention feature per toponym, and one per relative location (with the computed point and
/// a confidence below the toponym's own, so that the toponym stays its name's best reading).
pub fn mention_features(article: &Article, geo: &Geoparse, gaz: &Gazetteer) -> Vec<Feature> {
    let mut out = Vec::new();
    for (i, m) in geo.mentions.iter().enumerate() {
        let ev = sentence_span(geo, m.sentence);
        let mut f = Feature {
            id: Some(format!("{}:m{}-{}", article.id, m.start, m.end)),
            geometry: m.point.map(|(lat, lon)| Geometry::Point([lon, lat])),
            properties: Vec::with_capacity(MENTION_FIELDS.len()),
        };
        f.push("kind", "mention");
        base_props(&mut f, "mention", article, geo, m, None, gaz, ev);
        f.push("resolution", m.resolution.as_str());
        f.push("confidence", round(m.confidence, 3));
        f.push("place_start", m.start as i64);
        f.push("place_end", m.end as i64);
        evidence_props(&mut f, article, ev);
        out.push(f);
        for r in geo.relatives.iter().filter(|r| r.anchor == i) {
            // an anaphoric relative ("the northern outskirts") is in a sentence of its own
            let ev = sentence_span(geo, r.sentence);
            let mut f = Feature {
                id: Some(format!("{}:r{}-{}", article.id, r.start, r.end)),
                geometry: Some(Geometry::Point([r.lon, r.lat])),
                properties: Vec::with_capacity(MENTION_FIELDS.len()),
            };
            f.push("kind", "mention");
            base_props(&mut f, "mention", article, geo, m, Some(r), gaz, ev);
            f.push("resolution", format!("relative:{}", r.relation.as_str()));
            f.push("confidence", round(m.confidence * 0.8, 3));
            f.push("place_start", r.start as i64);
            f.push("place_end", r.end as i64);
            evidence_props(&mut f, article, ev);
            out.push(f);
        }
    }
    out
}

/// One claim feature per claim, at its place or relative location, in text order.
pub fn claim_features(
    article: &Article,
    geo: &Geoparse,
    claims: &[Claim],
    gaz: &Gazetteer,
) -> Vec<Feature> {
    let mut out: Vec<(usize, usize, Feature)> = Vec::new();
    for c in claims {
        let m = &geo.mentions[c.mention];
        let rel = c.relative.map(|r| &geo.relatives[r]);
        let (lat, lon) = match (rel, m.point) {
            (Some(r), _) => (r.lat, r.lon),
            (None, Some(p)) => p,
            (None, None) => continue,
        };
        let (pstart, pend) = rel.map(|r| (r.start, r.end)).unwrap_or((m.start, m.end));
        let id = claims::claim_id(&article.id, c, pstart);
        let ev = sentence_span(geo, c.sentence);
        let mut f = Feature {
            id: Some(id.clone()),
            geometry: Some(Geometry::Point([lon, lat])),
            properties: Vec::with_capacity(CLAIM_FIELDS.len()),
        };
        f.push("kind", "claim");
        f.push("claim_id", id);
        base_props(&mut f, "claim", article, geo, m, rel, gaz, ev);
        f.push("claim_type", c.claim_type.as_str());
        f.push("actor", c.actor.as_str());
        f.push("actor_text", c.actor_text.as_str());
        f.push("from_actor", c.from_actor.clone());
        let controller = matches!(
            c.claim_type,
            claims::ClaimType::Captured | claims::ClaimType::Held
        ) && matches!(
            c.certainty,
            claims::Certainty::Reported | claims::Certainty::Claimed
        );
        f.push("controller", controller.then(|| c.actor.clone()));
        f.push("claimed_by", c.claimed_by.as_str());
        f.push("certainty", c.certainty.as_str());
        f.push("date", c.date.iso());
        f.push("date_precision", c.date.precision.as_str());
        f.push("date_text", c.date.text.clone());
        f.push("time_start", c.date.time_start());
        f.push("time_end", c.date.time_end());
        f.push("event", c.event.as_str());
        f.push("confidence", round(c.confidence, 3));
        f.push("place_start", pstart as i64);
        f.push("place_end", pend as i64);
        evidence_props(&mut f, article, ev);
        out.push((ev.0, pstart, f));
    }
    out.sort_by(|a, b| {
        (a.0, a.1)
            .cmp(&(b.0, b.1))
            .then_with(|| a.2.id.cmp(&b.2.id))
    });
    out.into_iter().map(|(_, _, f)| f).collect()
}
