//! The state of control of every place on a day, from claims: merging claims into places, and
//! the rules that decide `controller`, `since` and `status` (documented in `docs/timeline.md`).
//!
//! A [`Timeline`] checks, deduplicates, sorts and groups the claims once; each
//! [`Timeline::state_at`] then folds over the claims of each place up to the day. Nothing depends
//! on the order in which claims were given.

use std::collections::{BTreeSet, HashMap};

use jiff::civil::Date;

use super::claim::{Claim, ClaimType, Proposal};
use super::dates::{day_number, utc_end, utc_start};
use super::{DISPUTE_DAYS, MERGE_KM, STALE_DAYS};
use crate::feature::{feature_json, Feature, FieldType, Geometry, Prop};
use crate::gazetteer::geo::haversine_km;

/// The properties of `kind` = `state` features, in the order they are written.
/// `valid_from` and `valid_to` are present in series only.
pub const STATE_FIELDS: &[(&str, FieldType)] = &[
    ("kind", FieldType::Text),
    ("place_key", FieldType::Text),
    ("place_id", FieldType::Text),
    ("place_name", FieldType::Text),
    ("place_text", FieldType::Text),
    ("place_kind", FieldType::Text),
    ("country", FieldType::Text),
    ("admin1", FieldType::Text),
    ("relation", FieldType::Text),
    ("controller", FieldType::Text),
    ("since", FieldType::Text),
    ("last_reported", FieldType::Text),
    ("status", FieldType::Text),
    ("n_sources", FieldType::Integer),
    ("n_claims", FieldType::Integer),
    ("support_weight", FieldType::Real),
    ("supporting_claims", FieldType::Text),
    ("conflicting_claims", FieldType::Text),
    ("date", FieldType::Text),
    ("valid_from", FieldType::DateTime),
    ("valid_to", FieldType::DateTime),
];

/// The claims about one place (an `at` place id, or a group of nearby relative locations).
#[derive(Debug, Clone)]
struct PlaceClaims {
    key: String,
    /// Sorted by (day, claim id); the first one names and locates the place.
    claims: Vec<Claim>,
}

/// Claims grouped by place, ready to be asked about any day.
#[derive(Debug, Clone, Default)]
pub struct Timeline {
    places: Vec<PlaceClaims>,
}

/// The states of every place with claims on or before `date` (see [`Timeline::state_at`]).
pub fn states_at(claims: &[Feature], date: Date) -> Vec<Feature> {
    Timeline::new(claims).state_at(date)
}

/// A relation and a 0.1° grid cell, where the seeds of relative-location groups are kept.
type SeedCell = (String, (i64, i64));

fn grid_cell(p: [f64; 2]) -> (i64, i64) {
    ((p[0] * 10.0).floor() as i64, (p[1] * 10.0).floor() as i64)
}

impl Timeline {
    /// Checks and groups claim features; features that are not valid claims are left out
    /// (read them with [`super::read_claims_report`] to learn which).
    pub fn new(features: &[Feature]) -> Timeline {
        // Deduplicate by claim id, keeping the smallest serialisation so that the choice does
        // not depend on input order.
        let mut parsed: Vec<(Claim, String)> = features
            .iter()
            .filter(|f| f.get_str("kind").is_none_or(|k| k == "claim"))
            .filter_map(|f| Claim::from_feature(f).ok().map(|c| (c, feature_json(f))))
            .collect();
        parsed.sort_by(|a, b| a.0.id.cmp(&b.0.id).then_with(|| a.1.cmp(&b.1)));
        parsed.dedup_by(|a, b| a.0.id == b.0.id);
        Timeline::from_claims(parsed.into_iter().map(|(c, _)| c).collect())
    }

    /// Groups checked claims: `at` claims by place id; every other claim (relative locations,
    /// or no place id) with the earliest earlier claim of the same relation whose location lies
    /// within [`MERGE_KM`] (the group's first claim is its seed; the nearest seed wins).
    pub fn from_claims(mut claims: Vec<Claim>) -> Timeline {
        claims.sort_by(|a, b| {
            (a.day, &a.relation, &a.place_id, &a.id).cmp(&(b.day, &b.relation, &b.place_id, &b.id))
        });
        let mut by_key: HashMap<String, usize> = HashMap::new();
        let mut places: Vec<PlaceClaims> = Vec::new();
        // seeds of relative groups: (relation, grid cell) -> [(place index, seed point)]
        let mut seeds: HashMap<SeedCell, Vec<(usize, [f64; 2])>> = HashMap::new();
        for c in claims {
            let idx = match (&c.place_id, c.relation.as_str()) {
                (Some(pid), "at") => match by_key.get(pid) {
                    Some(&i) => i,
                    None => {
                        by_key.insert(pid.clone(), places.len());
                        places.push(PlaceClaims {
                            key: pid.clone(),
                            claims: Vec::new(),
                        });
                        places.len() - 1
                    }
                },
                _ => {
                    let (cx, cy) = grid_cell(c.point);
                    let mut best: Option<(f64, usize)> = None;
                    for dx in -2..=2 {
                        for dy in -2..=2 {
                            let Some(list) = seeds.get(&(c.relation.clone(), (cx + dx, cy + dy)))
                            else {
                                continue;
                            };
                            for &(i, p) in list {
                                let d = haversine_km(c.point[1], c.point[0], p[1], p[0]);
                                if d <= MERGE_KM && best.is_none_or(|(bd, bi)| (d, i) < (bd, bi)) {
                                    best = Some((d, i));
                                }
                            }
                        }
                    }
                    match best {
                        Some((_, i)) => i,
                        None => {
                            let key = format!(
                                "{}|{}@{:.4},{:.4}",
                                c.place_id.as_deref().unwrap_or("-"),
                                c.relation,
                                c.point[0],
                                c.point[1]
                            );
                            let i = places.len();
                            seeds
                                .entry((c.relation.clone(), (cx, cy)))
                                .or_default()
                                .push((i, c.point));
                            places.push(PlaceClaims {
                                key,
                                claims: Vec::new(),
                            });
                            i
                        }
                    }
                }
            };
            places[idx].claims.push(c);
        }
        for p in &mut places {
            p.claims.sort_by(|a, b| (a.day, &a.id).cmp(&(b.day, &b.id)));
        }
        places.sort_by(|a, b| {
            let pa = a.claims.first().and_then(|c| c.place_id.as_deref());
            let pb = b.claims.first().and_then(|c| c.place_id.as_deref());
            (pa, &a.key).cmp(&(pb, &b.key))
        });
        Timeline { places }
    }

    /// The number of places (merged groups of claims).
    pub fn len(&self) -> usize {
        self.places.len()
    }

    pub fn is_empty(&self) -> bool {
        self.places.is_empty()
    }

    /// The day of the earliest and of the latest claim.
    pub fn span(&self) -> Option<(Date, Date)> {
        let first = self
            .places
            .iter()
            .filter_map(|p| p.claims.first())
            .min_by_key(|c| c.day)?;
        let last = self
            .places
            .iter()
            .filter_map(|p| p.claims.last())
            .max_by_key(|c| c.day)?;
        Some((first.date, last.date))
    }

    /// One `kind` = `state` point feature for every place with claims on or before `date`,
    /// sorted by place id, then place key.
    pub fn state_at(&self, date: Date) -> Vec<Feature> {
        let day = day_number(date);
        self.places
            .iter()
            .filter_map(|p| state_of(p, day).map(|s| s.feature(p, date)))
            .collect()
    }

    /// The states at the start of every step, each with `valid_from` (its first second) and
    /// `valid_to` (the last second of `end`), for the QGIS Temporal Controller. Sorted by place,
    /// then date.
    pub fn series(&self, steps: &[(Date, Date)]) -> Vec<Feature> {
        let mut out = Vec::new();
        for p in &self.places {
            for &(start, end) in steps {
                if let Some(s) = state_of(p, day_number(start)) {
                    let mut f = s.feature(p, start);
                    f.id = Some(format!("{}@{}", p.key, start));
                    f.push("valid_from", utc_start(start));
                    f.push("valid_to", utc_end(end));
                    out.push(f);
                }
            }
        }
        out
    }
}

/// The outcome of folding a place's claims up to a day.
struct State<'a> {
    controller: Option<String>,
    since: Option<Date>,
    last_reported: Date,
    status: &'static str,
    n_sources: usize,
    n_claims: usize,
    support_weight: f64,
    supporting: Vec<&'a Claim>,
    conflicting: Vec<&'a Claim>,
}

fn ids(claims: &[&Claim]) -> String {
    let mut v: Vec<&Claim> = claims.to_vec();
    v.sort_by(|a, b| (a.day, &a.id).cmp(&(b.day, &b.id)));
    v.dedup_by(|a, b| a.id == b.id);
    v.iter()
        .map(|c| c.id.as_str())
        .collect::<Vec<_>>()
        .join(";")
}

impl State<'_> {
    fn feature(&self, p: &PlaceClaims, date: Date) -> Feature {
        let rep = &p.claims[0];
        let mut f = Feature {
            id: Some(p.key.clone()),
            geometry: Some(Geometry::Point(rep.point)),
            properties: Vec::with_capacity(STATE_FIELDS.len()),
        };
        f.push("kind", "state");
        f.push("place_key", p.key.as_str());
        f.push("place_id", rep.place_id.clone());
        f.push("place_name", rep.place_name.clone());
        f.push("place_text", rep.place_text.clone());
        f.push("place_kind", rep.place_kind.clone());
        f.push("country", rep.country.clone());
        f.push("admin1", rep.admin1.clone());
        f.push("relation", rep.relation.as_str());
        f.push("controller", self.controller.clone());
        f.push("since", self.since.map(|d| d.to_string()));
        f.push("last_reported", self.last_reported.to_string());
        f.push("status", self.status);
        f.push("n_sources", self.n_sources);
        f.push("n_claims", self.n_claims);
        f.push("support_weight", Prop::Num(self.support_weight));
        f.push("supporting_claims", ids(&self.supporting));
        f.push("conflicting_claims", ids(&self.conflicting));
        f.push("date", date.to_string());
        f
    }
}

/// Folds the claims of one place up to `day` (inclusive). `None` when there are none yet.
fn state_of(p: &PlaceClaims, day: i64) -> Option<State<'_>> {
    let n = p.claims.partition_point(|c| c.day <= day);
    let claims = &p.claims[..n];
    let last_any = claims.last()?;

    // The current holder and the claims that support it since it took over.
    let mut has_cur = false;
    let mut cur: Option<String> = None;
    let mut since = 0i64;
    let mut support: Vec<&Claim> = Vec::new();
    // Opposing control claims during the current tenure, with the holder they propose.
    let mut conflicts: Vec<(&Claim, Option<String>)> = Vec::new();
    let mut contested: Vec<&Claim> = Vec::new();
    let mut last_effective: Option<i64> = None;

    for c in claims {
        if !c.is_effective() {
            continue;
        }
        last_effective = Some(c.day);
        let proposed = match c.proposal() {
            Proposal::Holds(h) => Some(h),
            Proposal::Clears(x) => {
                if has_cur && cur.as_deref() == Some(x.as_str()) {
                    None
                } else {
                    continue; // says nothing against the current holder
                }
            }
            Proposal::Nothing => {
                if c.claim_type == ClaimType::Contested {
                    contested.push(c);
                }
                continue;
            }
        };
        if !has_cur {
            has_cur = true;
            cur = proposed;
            since = c.day;
            support.push(c);
            continue;
        }
        if proposed == cur {
            support.push(c);
            continue;
        }
        // Opposing claims within DISPUTE_DAYS are weighed; ties go to the newer news. Both
        // lists are in date order, so only the window at their end is looked at.
        let from = c.day - DISPUTE_DAYS;
        let recent_support = || support.iter().rev().take_while(|s| s.day >= from);
        let recent_conflicts = || conflicts.iter().rev().take_while(|(o, _)| o.day >= from);
        let w_cur: f64 = recent_support().map(|s| s.weight()).sum();
        let w_new: f64 = c.weight()
            + recent_conflicts()
                .filter(|(_, h)| *h == proposed)
                .map(|(o, _)| o.weight())
                .sum::<f64>();
        if w_new >= w_cur {
            let mut new_support: Vec<&Claim> = recent_conflicts()
                .filter(|(_, h)| *h == proposed)
                .map(|(o, _)| *o)
                .collect();
            new_support.reverse();
            new_support.push(c);
            let mut new_conflicts: Vec<(&Claim, Option<String>)> = recent_support()
                .map(|s| (*s, cur.clone()))
                .chain(recent_conflicts().filter(|(_, h)| *h != proposed).cloned())
                .collect();
            new_conflicts.sort_by(|a, b| (a.0.day, &a.0.id).cmp(&(b.0.day, &b.0.id)));
            since = new_support.iter().map(|s| s.day).min().unwrap_or(c.day);
            cur = proposed;
            support = new_support;
            conflicts = new_conflicts;
        } else {
            conflicts.push((c, proposed));
        }
    }

    let last_day = last_effective.unwrap_or(last_any.day);
    let tenure_from = since - DISPUTE_DAYS;
    let opposing_contest = |c: &&Claim| -> bool {
        c.actor.is_none() || !has_cur || c.actor.as_deref() != cur.as_deref()
    };
    let mut conflicting: Vec<&Claim> = conflicts.iter().map(|(c, _)| *c).collect();
    conflicting.extend(
        contested
            .iter()
            .filter(|c| (!has_cur || c.day >= tenure_from) && opposing_contest(c)),
    );
    let recent = last_day - DISPUTE_DAYS;
    let disputed = conflicts.iter().any(|(c, _)| c.day >= recent)
        || contested
            .iter()
            .any(|c| c.day >= recent && opposing_contest(c));
    let sources: BTreeSet<String> = support.iter().map(|c| c.source_key()).collect();
    let status = if day - last_day > STALE_DAYS {
        "stale"
    } else if disputed {
        "disputed"
    } else if !has_cur && contested.is_empty() {
        "unconfirmed"
    } else if sources.len() >= 2 && support.iter().any(|c| !c.is_self_claim()) {
        "corroborated"
    } else {
        "single_source"
    };
    let last_reported = claims
        .iter()
        .rev()
        .find(|c| c.day == last_day)
        .map_or(last_any.date, |c| c.date);
    Some(State {
        controller: cur,
        since: has_cur
            .then(|| support.iter().find(|c| c.day == since).map(|c| c.date))
            .flatten(),
        last_reported,
        status,
        n_sources: sources.len(),
        n_claims: claims.len(),
        support_weight: support.iter().map(|c| c.weight()).sum(),
        supporting: support,
        conflicting,
    })
}
