//! One claim feature, checked and typed: what it says about control of a place, on which day,
//! with which weight. The only place where claim properties are interpreted.

use jiff::civil::Date;

use super::dates::{day_number, parse_claim_date};
use crate::feature::{Feature, Position, Prop};

/// What a claim says happened (`claim_type`): the extraction's type.
pub use crate::claims::ClaimType;

/// What a claim proposes about who controls the place.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Proposal {
    /// The place is held by this actor (captured, held, or lost to a named side).
    Holds(String),
    /// This actor no longer holds it; the new holder is not stated.
    Clears(String),
    /// Nothing about control: contested, hedged or denied.
    Nothing,
}

/// A claim feature with its properties checked.
#[derive(Debug, Clone)]
pub struct Claim {
    pub id: String,
    pub article_id: Option<String>,
    pub source: Option<String>,
    pub place_id: Option<String>,
    pub place_name: Option<String>,
    pub place_text: Option<String>,
    pub place_kind: Option<String>,
    pub country: Option<String>,
    pub admin1: Option<String>,
    /// `at` when the place itself is meant (also when the property is missing).
    pub relation: String,
    pub point: Position,
    pub claim_type: ClaimType,
    pub actor: Option<String>,
    pub from_actor: Option<String>,
    pub controller: Option<String>,
    pub claimed_by: Option<String>,
    pub certainty: Option<String>,
    /// The first day of the claim's `date` (or of `time_start`).
    pub date: Date,
    pub(crate) day: i64,
}

fn opt_str(f: &Feature, key: &str) -> Result<Option<String>, String> {
    match f.get(key) {
        None | Some(Prop::Null) => Ok(None),
        Some(Prop::Str(s)) if s.is_empty() => Ok(None),
        Some(Prop::Str(s)) => Ok(Some(s.clone())),
        Some(other) => Err(format!(
            "property `{key}` is {}, expected a string",
            match other {
                Prop::Bool(_) => "a boolean",
                Prop::Int(_) | Prop::Num(_) => "a number",
                _ => "not a string",
            }
        )),
    }
}

impl Claim {
    /// Checks a claim feature. The error is a short reason for the skip report.
    pub fn from_feature(f: &Feature) -> Result<Claim, String> {
        let id = match (opt_str(f, "claim_id")?, &f.id) {
            (Some(id), _) => id,
            (None, Some(id)) if !id.is_empty() => id.clone(),
            _ => return Err("claim without `claim_id` or feature id".into()),
        };
        let e = |m: String| format!("claim {id}: {m}");
        let s = |k: &str| opt_str(f, k).map_err(e);
        let claim_type = match s("claim_type")? {
            Some(t) => {
                ClaimType::parse(&t).ok_or_else(|| e(format!("unknown claim_type `{t}`")))?
            }
            None => return Err(e("no claim_type".into())),
        };
        let date_s = s("date")?;
        let date = match &date_s {
            Some(d) => parse_claim_date(d).ok_or_else(|| e(format!("unparseable date `{d}`")))?,
            None => match s("time_start")? {
                Some(t) => parse_claim_date(&t)
                    .ok_or_else(|| e(format!("unparseable time_start `{t}`")))?,
                None => return Err(e("no date and no time_start".into())),
            },
        };
        let point = f
            .point()
            .filter(|p| p[0].is_finite() && p[1].is_finite())
            .ok_or_else(|| e("no point geometry".into()))?;
        // RFC 7946 ranges: anything else would be written back out as invalid GeoJSON (and
        // turns into NaN in the zone geometry)
        if !(-180.0..=180.0).contains(&point[0]) || !(-90.0..=90.0).contains(&point[1]) {
            return Err(e(format!(
                "position out of range: [{}, {}]",
                point[0], point[1]
            )));
        }
        let certainty = s("certainty")?;
        if let Some(c) = &certainty {
            if !matches!(c.as_str(), "reported" | "claimed" | "hedged" | "denied") {
                return Err(e(format!("unknown certainty `{c}`")));
            }
        }
        let actor = s("actor")?;
        if matches!(
            claim_type,
            ClaimType::Captured | ClaimType::Held | ClaimType::Lost
        ) && actor.is_none()
            && s("controller")?.is_none()
        {
            return Err(e("no actor".into()));
        }
        Ok(Claim {
            article_id: s("article_id")?,
            source: s("source")?,
            place_id: s("place_id")?,
            place_name: s("place_name")?,
            place_text: s("place_text")?,
            place_kind: s("place_kind")?,
            country: s("country")?,
            admin1: s("admin1")?,
            relation: s("relation")?.unwrap_or_else(|| "at".to_string()),
            point,
            claim_type,
            actor,
            from_actor: s("from_actor")?,
            controller: s("controller")?,
            claimed_by: s("claimed_by")?,
            certainty,
            day: day_number(date),
            date,
            id,
        })
    }

    /// Hedged and denied claims never change control nor make a place disputed.
    pub fn is_effective(&self) -> bool {
        !matches!(self.certainty.as_deref(), Some("hedged" | "denied"))
    }

    /// What the claim says about control.
    pub fn proposal(&self) -> Proposal {
        if !self.is_effective() {
            return Proposal::Nothing;
        }
        let actor = self.actor.clone();
        match self.claim_type {
            ClaimType::Captured | ClaimType::Held => match self.controller.clone().or(actor) {
                Some(c) => Proposal::Holds(c),
                None => Proposal::Nothing,
            },
            ClaimType::Lost => {
                let Some(loser) = actor else {
                    return Proposal::Nothing;
                };
                let successor = [&self.from_actor, &self.controller]
                    .into_iter()
                    .flatten()
                    .find(|c| **c != loser && c.as_str() != "unknown");
                match successor {
                    Some(s) => Proposal::Holds(s.clone()),
                    None => Proposal::Clears(loser),
                }
            }
            ClaimType::Contested => Proposal::Nothing,
        }
    }

    /// How much the claim counts when opposing claims are weighed: 0.5 when the party that
    /// gains the place says so itself (`claimed_by` is the new holder), else 1.0 (the outlet's
    /// own voice, the losing side, or a third party).
    pub fn weight(&self) -> f64 {
        match (self.proposal(), &self.claimed_by) {
            (Proposal::Holds(h), Some(by)) if *by == h => 0.5,
            _ => 1.0,
        }
    }

    /// Whether the claim is a party's claim about its own gain.
    pub fn is_self_claim(&self) -> bool {
        self.weight() < 1.0
    }

    /// The source a claim counts as for `n_sources`: its outlet, or its article when the
    /// outlet is unknown (or, lacking both, the claim itself).
    pub fn source_key(&self) -> String {
        match (&self.source, &self.article_id) {
            (Some(s), _) => format!("outlet:{}", s.to_lowercase()),
            (None, Some(a)) => format!("article:{a}"),
            (None, None) => format!("claim:{}", self.id),
        }
    }
}
