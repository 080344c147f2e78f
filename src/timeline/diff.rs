//! What changed between two sets of states (`kind` = `state` features, as [`super::states_at`]
//! makes them): `kind` = `change` point features, one per place whose control, dispute or
//! reporting changed. `diff(x, x)` is empty.

use std::collections::{BTreeMap, BTreeSet};

use crate::feature::{Feature, FieldType, Prop};

/// The properties of `kind` = `change` features, in the order they are written.
pub const CHANGE_FIELDS: &[(&str, FieldType)] = &[
    ("kind", FieldType::Text),
    ("place_key", FieldType::Text),
    ("place_id", FieldType::Text),
    ("place_name", FieldType::Text),
    ("place_text", FieldType::Text),
    ("country", FieldType::Text),
    ("admin1", FieldType::Text),
    ("relation", FieldType::Text),
    ("change", FieldType::Text),
    ("from_controller", FieldType::Text),
    ("to_controller", FieldType::Text),
    ("from_status", FieldType::Text),
    ("to_status", FieldType::Text),
    ("from_date", FieldType::Text),
    ("to_date", FieldType::Text),
    ("since", FieldType::Text),
    ("last_reported", FieldType::Text),
    ("claims", FieldType::Text),
];

fn key(f: &Feature) -> Option<String> {
    f.get_str("place_key")
        .map(str::to_string)
        .or_else(|| f.id.clone())
}

fn claim_set(f: &Feature) -> BTreeSet<&str> {
    ["supporting_claims", "conflicting_claims"]
        .iter()
        .filter_map(|k| f.get_str(k))
        .flat_map(|s| s.split(';'))
        .filter(|s| !s.is_empty())
        .collect()
}

fn prop(f: Option<&Feature>, k: &str) -> Prop {
    f.and_then(|f| f.get(k)).cloned().unwrap_or(Prop::Null)
}

/// The change at one place from state `a` to state `b` (either may be missing), if any:
/// `gained` (a new controller), `lost` (a controller, and no new one known),
/// `newly_contested` (same controller, now disputed), `newly_reported` (no state before),
/// `no_longer_reported` (no state after, or the state became stale).
fn change(a: Option<&Feature>, b: Option<&Feature>) -> Option<&'static str> {
    let ctl = |f: &Feature| f.get_str("controller").map(str::to_string);
    let status = |f: &Feature| f.get_str("status").map(str::to_string);
    match (a, b) {
        (None, None) => None,
        (None, Some(_)) => Some("newly_reported"),
        (Some(_), None) => Some("no_longer_reported"),
        (Some(a), Some(b)) => {
            let (ca, cb) = (ctl(a), ctl(b));
            let (sa, sb) = (status(a), status(b));
            if ca != cb {
                Some(if cb.is_some() { "gained" } else { "lost" })
            } else if sb.as_deref() == Some("disputed") && sa.as_deref() != Some("disputed") {
                Some("newly_contested")
            } else if sb.as_deref() == Some("stale") && sa.as_deref() != Some("stale") {
                Some("no_longer_reported")
            } else {
                None
            }
        }
    }
}

fn index(fs: &[Feature]) -> BTreeMap<String, &Feature> {
    fs.iter()
        .filter(|f| f.get_str("kind").is_none_or(|k| k == "state"))
        .filter_map(|f| key(f).map(|k| (k, f)))
        .collect()
}

/// The changes from states `a` to states `b`, sorted by place id, then place key.
/// `claims` holds the ids behind the change: those in `b` that were not in `a` (for
/// `no_longer_reported`, those of `a`).
pub fn diff(a: &[Feature], b: &[Feature]) -> Vec<Feature> {
    let (ia, ib) = (index(a), index(b));
    let keys: BTreeSet<&String> = ia.keys().chain(ib.keys()).collect();
    let mut out = Vec::new();
    for k in keys {
        let (fa, fb) = (ia.get(k).copied(), ib.get(k).copied());
        let Some(what) = change(fa, fb) else {
            continue;
        };
        let Some(base) = fb.or(fa) else {
            continue;
        };
        let claims: Vec<&str> = match (fa, fb) {
            (Some(fa), Some(fb)) => {
                let old = claim_set(fa);
                let new: Vec<&str> = claim_set(fb).difference(&old).copied().collect();
                if new.is_empty() {
                    claim_set(fb).into_iter().collect()
                } else {
                    new
                }
            }
            (None, Some(f)) | (Some(f), None) => claim_set(f).into_iter().collect(),
            (None, None) => Vec::new(),
        };
        let mut f = Feature {
            id: Some(k.clone()),
            geometry: base.geometry.clone(),
            properties: Vec::with_capacity(CHANGE_FIELDS.len()),
        };
        f.push("kind", "change");
        f.push("place_key", k.as_str());
        for p in [
            "place_id",
            "place_name",
            "place_text",
            "country",
            "admin1",
            "relation",
        ] {
            f.push(p, prop(Some(base), p));
        }
        f.push("change", what);
        f.push("from_controller", prop(fa, "controller"));
        f.push("to_controller", prop(fb, "controller"));
        f.push("from_status", prop(fa, "status"));
        f.push("to_status", prop(fb, "status"));
        f.push("from_date", prop(fa, "date"));
        f.push("to_date", prop(fb, "date"));
        f.push("since", prop(fb, "since"));
        f.push("last_reported", prop(Some(base), "last_reported"));
        f.push("claims", claims.join(";"));
        out.push(f);
    }
    out.sort_by(|x, y| {
        let px = x.get_str("place_id").unwrap_or("");
        let py = y.get_str("place_id").unwrap_or("");
        (px, &x.id).cmp(&(py, &y.id))
    });
    out
}
