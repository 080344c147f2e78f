//! Our own RFC 7946 checks of a written file, for tests and for anyone who wants to validate a
//! file before sharing it (there is no maintained GeoJSON validator to install): the structure,
//! positions in range with at most 6 decimals, closed rings with counter-clockwise exteriors and
//! clockwise holes, no `crs` member, scalar properties, and one geometry type per file (as the
//! output contract requires).

use serde_json::Value;

/// Problems found in a FeatureCollection text (empty when it conforms).
pub fn check_collection(text: &str) -> Vec<String> {
    let v: Value = match serde_json::from_str(text) {
        Ok(v) => v,
        Err(e) => return vec![format!("not JSON: {e}")],
    };
    let mut problems = Vec::new();
    if v.get("type").and_then(Value::as_str) != Some("FeatureCollection") {
        problems.push("top level is not a FeatureCollection".into());
    }
    if v.get("crs").is_some() {
        problems.push("top-level crs member (RFC 7946 removed it)".into());
    }
    let Some(features) = v.get("features").and_then(Value::as_array) else {
        problems.push("no features array".into());
        return problems;
    };
    check_features(features.iter(), &mut problems);
    problems
}

/// Problems found in an RFC 8142 GeoJSON text sequence (RS + JSON + LF per record).
pub fn check_sequence(text: &str) -> Vec<String> {
    let mut problems = Vec::new();
    if !text.is_empty() && !text.starts_with('\x1e') {
        problems.push("does not start with RS (0x1E)".into());
    }
    let mut features = Vec::new();
    for (i, rec) in text.split('\x1e').skip(1).enumerate() {
        if !rec.ends_with('\n') {
            problems.push(format!("record {i} does not end with LF"));
        }
        match serde_json::from_str::<Value>(rec) {
            Ok(v) => features.push(v),
            Err(e) => problems.push(format!("record {i} is not JSON: {e}")),
        }
    }
    check_features(features.iter(), &mut problems);
    problems
}

fn check_features<'a>(features: impl Iterator<Item = &'a Value>, problems: &mut Vec<String>) {
    let mut geometry_type: Option<String> = None;
    for (i, f) in features.enumerate() {
        let name = match f.get("id").and_then(Value::as_str) {
            Some(id) => format!("feature {i} ({id})"),
            None => format!("feature {i}"),
        };
        if f.get("type").and_then(Value::as_str) != Some("Feature") {
            problems.push(format!("{name}: type is not Feature"));
        }
        if f.get("crs").is_some() {
            problems.push(format!("{name}: crs member"));
        }
        if let Some(id) = f.get("id") {
            if !(id.is_string() || id.is_number()) {
                problems.push(format!("{name}: id is neither a string nor a number"));
            }
        }
        match f.get("properties") {
            Some(Value::Object(props)) => {
                for (k, v) in props {
                    if v.is_array() || v.is_object() {
                        problems.push(format!("{name}: property {k} is not a scalar"));
                    }
                }
            }
            Some(Value::Null) => {}
            _ => problems.push(format!("{name}: no properties member")),
        }
        match f.get("geometry") {
            None => problems.push(format!("{name}: no geometry member")),
            Some(Value::Null) => {}
            Some(g) => {
                let t = g.get("type").and_then(Value::as_str).unwrap_or("");
                match &geometry_type {
                    None => geometry_type = Some(t.to_string()),
                    Some(first) if first != t => problems.push(format!(
                        "{name}: geometry type {t} in a file of {first} (one type per file)"
                    )),
                    _ => {}
                }
                if g.get("crs").is_some() {
                    problems.push(format!("{name}: crs member in geometry"));
                }
                check_geometry(&name, t, g.get("coordinates"), problems);
            }
        }
    }
}

fn position(name: &str, v: &Value, problems: &mut Vec<String>) -> Option<[f64; 2]> {
    let Some(a) = v.as_array() else {
        problems.push(format!("{name}: a position is not an array"));
        return None;
    };
    if !(2..=3).contains(&a.len()) {
        problems.push(format!("{name}: a position has {} numbers", a.len()));
        return None;
    }
    let nums: Vec<f64> = a.iter().filter_map(Value::as_f64).collect();
    if nums.len() != a.len() {
        problems.push(format!("{name}: a position holds a non-number"));
        return None;
    }
    let (lon, lat) = (nums[0], nums[1]);
    if !(-180.0..=180.0).contains(&lon) || !(-90.0..=90.0).contains(&lat) {
        problems.push(format!("{name}: position [{lon}, {lat}] out of range"));
    }
    for x in [lon, lat] {
        let s = format!("{x}");
        if s.split_once('.').is_some_and(|(_, d)| d.len() > 6) {
            problems.push(format!("{name}: coordinate {s} has more than 6 decimals"));
        }
    }
    Some([lon, lat])
}

fn positions(name: &str, v: Option<&Value>, problems: &mut Vec<String>) -> Vec<[f64; 2]> {
    match v.and_then(Value::as_array) {
        Some(a) => a
            .iter()
            .filter_map(|p| position(name, p, problems))
            .collect(),
        None => {
            problems.push(format!("{name}: coordinates are not an array of positions"));
            Vec::new()
        }
    }
}

/// Twice the signed area (shoelace): positive for a counter-clockwise ring.
pub fn signed_area2(ring: &[[f64; 2]]) -> f64 {
    ring.windows(2)
        .map(|w| w[0][0] * w[1][1] - w[1][0] * w[0][1])
        .sum()
}

fn check_polygon(name: &str, rings: Option<&Value>, problems: &mut Vec<String>) {
    let Some(rings) = rings.and_then(Value::as_array) else {
        problems.push(format!(
            "{name}: polygon coordinates are not an array of rings"
        ));
        return;
    };
    for (k, r) in rings.iter().enumerate() {
        let ring = positions(name, Some(r), problems);
        if ring.len() < 4 {
            problems.push(format!("{name}: ring {k} has fewer than 4 positions"));
            continue;
        }
        if ring.first() != ring.last() {
            problems.push(format!("{name}: ring {k} is not closed"));
        }
        let a = signed_area2(&ring);
        if k == 0 && a < 0.0 {
            problems.push(format!(
                "{name}: exterior ring is clockwise (RFC 7946: counter-clockwise)"
            ));
        }
        if k > 0 && a > 0.0 {
            problems.push(format!(
                "{name}: hole {k} is counter-clockwise (RFC 7946: clockwise)"
            ));
        }
    }
}

fn check_geometry(name: &str, t: &str, coords: Option<&Value>, problems: &mut Vec<String>) {
    match t {
        "Point" => {
            if let Some(c) = coords {
                position(name, c, problems);
            } else {
                problems.push(format!("{name}: Point without coordinates"));
            }
        }
        "MultiPoint" => {
            positions(name, coords, problems);
        }
        "LineString" => {
            if positions(name, coords, problems).len() < 2 {
                problems.push(format!("{name}: LineString with fewer than 2 positions"));
            }
        }
        "MultiLineString" => match coords.and_then(Value::as_array) {
            Some(ls) => {
                for l in ls {
                    positions(name, Some(l), problems);
                }
            }
            None => problems.push(format!("{name}: MultiLineString coordinates")),
        },
        "Polygon" => check_polygon(name, coords, problems),
        "MultiPolygon" => match coords.and_then(Value::as_array) {
            Some(ps) => {
                for p in ps {
                    check_polygon(name, Some(p), problems);
                }
            }
            None => problems.push(format!("{name}: MultiPolygon coordinates")),
        },
        other => problems.push(format!("{name}: unknown geometry type {other:?}")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_what_rfc_7946_forbids() {
        let ok = r#"{"type":"FeatureCollection","features":[
{"type":"Feature","id":"a","geometry":{"type":"Point","coordinates":[41.716321,36.0426]},"properties":{"k":1}},
{"type":"Feature","geometry":null,"properties":{"k":null}}]}"#;
        assert!(
            check_collection(ok).is_empty(),
            "{:?}",
            check_collection(ok)
        );
        let bad = r#"{"type":"FeatureCollection","crs":{},"features":[
{"type":"Feature","geometry":{"type":"Point","coordinates":[191.7163219,36.0]},"properties":{"k":[1]}},
{"type":"Feature","geometry":{"type":"Polygon","coordinates":[[[0,0],[0,1],[1,1],[1,0],[0,0]]]},"properties":{}}]}"#;
        let p = check_collection(bad);
        assert!(p.iter().any(|m| m.contains("crs")), "{p:?}");
        assert!(p.iter().any(|m| m.contains("out of range")), "{p:?}");
        assert!(
            p.iter().any(|m| m.contains("more than 6 decimals")),
            "{p:?}"
        );
        assert!(p.iter().any(|m| m.contains("not a scalar")), "{p:?}");
        assert!(p.iter().any(|m| m.contains("clockwise")), "{p:?}");
        assert!(p.iter().any(|m| m.contains("one type per file")), "{p:?}");
    }

    #[test]
    fn sequences() {
        let s = "\x1e{\"type\":\"Feature\",\"geometry\":null,\"properties\":{}}\n";
        assert!(check_sequence(s).is_empty());
        assert!(!check_sequence("{\"type\":\"Feature\"}\n").is_empty());
    }
}
