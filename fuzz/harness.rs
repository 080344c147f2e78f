// The checks the fuzz targets run on each input, shared with `tests/fuzz_regressions.rs`
// (which `include!`s this file), so that every committed corpus input is replayed by a plain
// `cargo test` through exactly the same code. Panics are the failures: a panic in the library,
// or an `assert!` here on an invariant of its output.

use frontline::article::{parse_record, Article};
use frontline::extract::extract_article;
use frontline::feature::{feature_json, write_collection, Feature};
use frontline::gazetteer::Gazetteer;
use frontline::timeline::{self, Timeline};

/// Every feature serialises to one JSON object that parses back as a GeoJSON Feature.
fn check_features(what: &str, features: &[Feature]) {
    for f in features {
        let s = feature_json(f);
        let v: serde_json::Value = match serde_json::from_str(&s) {
            Ok(v) => v,
            Err(e) => panic!("{what}: feature JSON does not parse ({e}): {s}"),
        };
        assert_eq!(v["type"], "Feature", "{what}: {s}");
        assert!(!s.contains('\n'), "{what}: a feature spans lines: {s}");
    }
}

/// An article from raw bytes (as a .txt file), and the same bytes as a JSONL line, through
/// the whole extraction pipeline.
pub fn article_extract(data: &[u8]) {
    let gaz = Gazetteer::bundled();
    let a = Article::from_bytes("fuzz", data.to_vec(), "fuzz.txt");
    assert!(a.body.0 <= a.body.1 && a.body.1 <= a.text.len());
    let _ = a.body_text();
    let x = extract_article(&a, gaz);
    check_features("article", &x.claims);
    check_features("article", &x.mentions);
    let line = String::from_utf8_lossy(data);
    if let Ok(r) = parse_record(line.trim(), "fuzz-1") {
        let x = extract_article(&r, gaz);
        check_features("record", &x.claims);
        check_features("record", &x.mentions);
    }
}

/// A claim file (as a FeatureCollection and as a text sequence), then the timeline over what
/// was read: states, a series, a diff and, for small inputs, zones.
pub fn claims_read(data: &[u8], dir: &std::path::Path) {
    for name in ["claims.geojson", "claims.geojsons"] {
        let path = dir.join(name);
        if std::fs::write(&path, data).is_err() {
            return;
        }
        let Ok(report) = timeline::read_claims_report(&[&path]) else {
            continue;
        };
        for s in &report.skipped {
            assert!(s.to_string().starts_with(&path.display().to_string()));
        }
        let tl = Timeline::new(&report.claims);
        let Some((first, last)) = tl.span() else {
            continue;
        };
        let a = tl.state_at(first);
        let b = tl.state_at(last);
        check_features("state", &a);
        check_features("state", &b);
        let changes = timeline::diff(&a, &b);
        check_features("change", &changes);
        assert!(timeline::diff(&b, &b).is_empty(), "diff(a, a) is not empty");
        let steps = timeline::series_dates(first, last.min(first.saturating_add(jiff::Span::new().days(62))), timeline::Step::Month);
        check_features("series", &tl.series(&steps));
        if report.claims.len() <= 32 {
            let zones = timeline::zones(&b, Gazetteer::bundled());
            check_features("zone", &zones);
        }
        let mut out = Vec::new();
        assert!(write_collection(&mut out, &b).is_ok());
    }
}
