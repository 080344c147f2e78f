//! Tests of `frontline timeline`, `diff` and `zones`: table tests of the merge and dispute rules
//! on claims written here, property tests of the invariants, the commands on the fixture claims
//! in tests/fixtures/claims/, and GDAL and QGIS opening what they write.

use std::path::{Path, PathBuf};
use std::process::Command;

use assert_cmd::cargo::CommandCargoExt;
use frontline::feature::{feature_json, Feature, Geometry};
use frontline::gazetteer::Gazetteer;
use frontline::timeline::{self, Timeline};
use jiff::civil::{date, Date};
use proptest::prelude::*;

// ---------------------------------------------------------------- claims written by hand

/// A claim at a place: `(id, place, claim_type, actor, claimed_by, certainty, date)`; the
/// article is the id before `-`, the outlet is `source` (default: the article).
#[derive(Clone, Debug)]
struct C {
    id: &'static str,
    place: &'static str,
    claim_type: &'static str,
    actor: &'static str,
    claimed_by: &'static str,
    certainty: &'static str,
    date: &'static str,
    from_actor: Option<&'static str>,
    source: Option<&'static str>,
    relation: &'static str,
    point: Option<[f64; 2]>,
}

fn c(
    id: &'static str,
    place: &'static str,
    claim_type: &'static str,
    actor: &'static str,
    claimed_by: &'static str,
    date: &'static str,
) -> C {
    C {
        id,
        place,
        claim_type,
        actor,
        claimed_by,
        certainty: if claimed_by == "reporter" {
            "reported"
        } else {
            "claimed"
        },
        date,
        from_actor: None,
        source: None,
        relation: "at",
        point: None,
    }
}

impl C {
    fn certainty(mut self, c: &'static str) -> C {
        self.certainty = c;
        self
    }
    fn from(mut self, a: &'static str) -> C {
        self.from_actor = Some(a);
        self
    }
    fn source(mut self, s: &'static str) -> C {
        self.source = Some(s);
        self
    }
    fn rel(mut self, r: &'static str, lon: f64, lat: f64) -> C {
        self.relation = r;
        self.point = Some([lon, lat]);
        self
    }
    fn feature(&self) -> Feature {
        // places: a town at a fixed point per name, in the Iraqi desert west of Mosul
        let base = match self.place {
            "p1" => [41.7, 36.0],
            "p2" => [41.0, 34.4],
            "p3" => [42.4, 36.4],
            _ => [40.9, 34.45],
        };
        let mut f = Feature {
            id: Some(self.id.to_string()),
            geometry: Some(Geometry::Point(self.point.unwrap_or(base))),
            properties: Vec::new(),
        };
        let article = self.id.split('-').next().unwrap_or(self.id);
        f.push("kind", "claim");
        f.push("claim_id", self.id);
        f.push("article_id", article);
        f.push("source", self.source.unwrap_or(article));
        f.push("place_text", self.place);
        f.push("place_name", self.place);
        f.push("place_id", format!("test:{}", self.place));
        f.push("country", "IQ");
        f.push("relation", self.relation);
        f.push("claim_type", self.claim_type);
        f.push("actor", self.actor);
        f.push("from_actor", self.from_actor);
        f.push(
            "controller",
            matches!(self.claim_type, "captured" | "held").then_some(self.actor),
        );
        f.push("claimed_by", self.claimed_by);
        f.push("certainty", self.certainty);
        f.push("date", self.date);
        f
    }
}

fn features(cs: &[C]) -> Vec<Feature> {
    cs.iter().map(C::feature).collect()
}

fn day(s: &str) -> Date {
    timeline::parse_day(s).expect("test date")
}

/// (controller, status, supporting, conflicting) of the one state of `place`.
fn state(cs: &[C], at: &str, place: &str) -> Option<(Option<String>, String, String, String)> {
    let states = timeline::states_at(&features(cs), day(at));
    let f = states
        .iter()
        .find(|f| f.get_str("place_id") == Some(&format!("test:{place}")))?;
    let s = |k: &str| f.get_str(k).unwrap_or("").to_string();
    Some((
        f.get_str("controller").map(str::to_string),
        s("status"),
        s("supporting_claims"),
        s("conflicting_claims"),
    ))
}

#[test]
fn merge_and_dispute_rules() {
    type Row = (
        &'static str,
        Vec<C>,
        &'static str,
        Option<&'static str>,
        &'static str,
        &'static str,
        &'static str,
    );
    let rows: Vec<Row> = vec![
        (
            "one report sets control",
            vec![c("a-1", "p1", "captured", "pmf", "reporter", "2017-05-29")],
            "2017-06-01",
            Some("pmf"),
            "single_source",
            "a-1",
            "",
        ),
        (
            "own claim then outlet: corroborated",
            vec![
                c("a-1", "p1", "captured", "pmf", "pmf", "2017-05-29"),
                c("b-1", "p1", "captured", "pmf", "reporter", "2017-06-02"),
            ],
            "2017-06-05",
            Some("pmf"),
            "corroborated",
            "a-1;b-1",
            "",
        ),
        (
            "two own claims do not corroborate",
            vec![
                c("a-1", "p1", "captured", "pmf", "pmf", "2017-05-29"),
                c("b-1", "p1", "held", "pmf", "pmf", "2017-06-02"),
            ],
            "2017-06-05",
            Some("pmf"),
            "single_source",
            "a-1;b-1",
            "",
        ),
        (
            "same outlet twice is one source",
            vec![
                c("a-1", "p1", "captured", "pmf", "reporter", "2017-05-29").source("Reuters"),
                c("b-1", "p1", "held", "pmf", "reporter", "2017-06-02").source("reuters"),
            ],
            "2017-06-05",
            Some("pmf"),
            "single_source",
            "a-1;b-1",
            "",
        ),
        (
            "hedged does not change control",
            vec![c("a-1", "p1", "captured", "sdf", "reporter", "2017-05-29").certainty("hedged")],
            "2017-06-01",
            None,
            "unconfirmed",
            "",
            "",
        ),
        (
            "denied does not change control",
            vec![
                c(
                    "a-1",
                    "p1",
                    "held",
                    "islamic_state",
                    "reporter",
                    "2017-05-01",
                ),
                c(
                    "b-1",
                    "p1",
                    "captured",
                    "iraqi_forces",
                    "islamic_state",
                    "2017-05-03",
                )
                .certainty("denied"),
            ],
            "2017-05-04",
            Some("islamic_state"),
            "single_source",
            "a-1",
            "",
        ),
        (
            "lost without successor clears",
            vec![
                c(
                    "a-1",
                    "p1",
                    "held",
                    "islamic_state",
                    "reporter",
                    "2017-01-01",
                ),
                c(
                    "b-1",
                    "p1",
                    "lost",
                    "islamic_state",
                    "reporter",
                    "2017-03-01",
                ),
            ],
            "2017-03-02",
            None,
            "single_source",
            "b-1",
            "",
        ),
        (
            "lost to a named side",
            vec![
                c(
                    "a-1",
                    "p1",
                    "held",
                    "islamic_state",
                    "reporter",
                    "2017-01-01",
                ),
                c(
                    "b-1",
                    "p1",
                    "lost",
                    "islamic_state",
                    "reporter",
                    "2017-03-01",
                )
                .from("sdf"),
            ],
            "2017-03-02",
            Some("sdf"),
            "single_source",
            "b-1",
            "",
        ),
        (
            "lost by a side that did not hold it changes nothing",
            vec![
                c("a-1", "p1", "held", "sdf", "reporter", "2017-01-01"),
                c(
                    "b-1",
                    "p1",
                    "lost",
                    "islamic_state",
                    "reporter",
                    "2017-03-01",
                ),
            ],
            "2017-03-02",
            Some("sdf"),
            "single_source",
            "a-1",
            "",
        ),
        (
            "contested keeps the controller, disputed",
            vec![
                c(
                    "a-1",
                    "p1",
                    "held",
                    "islamic_state",
                    "reporter",
                    "2017-05-01",
                ),
                c(
                    "b-1",
                    "p1",
                    "contested",
                    "iraqi_forces",
                    "reporter",
                    "2017-05-04",
                ),
            ],
            "2017-05-05",
            Some("islamic_state"),
            "disputed",
            "a-1",
            "b-1",
        ),
        (
            "outlet outweighs a later own claim within days",
            vec![
                c(
                    "a-1",
                    "p2",
                    "captured",
                    "iraqi_forces",
                    "reporter",
                    "2017-11-03",
                ),
                c(
                    "b-1",
                    "p2",
                    "held",
                    "islamic_state",
                    "islamic_state",
                    "2017-11-05",
                ),
            ],
            "2017-11-06",
            Some("iraqi_forces"),
            "disputed",
            "a-1",
            "b-1",
        ),
        (
            "equal weight within days: the newer news wins",
            vec![
                c(
                    "a-1",
                    "p2",
                    "captured",
                    "syrian_government",
                    "reporter",
                    "2017-11-09",
                ),
                c(
                    "b-1",
                    "p2",
                    "captured",
                    "islamic_state",
                    "reporter",
                    "2017-11-11",
                ),
            ],
            "2017-11-12",
            Some("islamic_state"),
            "disputed",
            "b-1",
            "a-1",
        ),
        (
            "the other side's word counts in full",
            vec![
                c(
                    "a-1",
                    "p2",
                    "captured",
                    "syrian_government",
                    "syrian_government",
                    "2017-11-09",
                ),
                c(
                    "b-1",
                    "p2",
                    "captured",
                    "syrian_government",
                    "islamic_state",
                    "2017-11-10",
                ),
                c(
                    "c-1",
                    "p2",
                    "held",
                    "islamic_state",
                    "islamic_state",
                    "2017-11-11",
                ),
            ],
            "2017-11-12",
            Some("syrian_government"),
            "disputed",
            "a-1;b-1",
            "c-1",
        ),
        (
            "recapture after months is not a dispute",
            vec![
                c(
                    "a-1",
                    "p2",
                    "captured",
                    "islamic_state",
                    "reporter",
                    "2017-01-01",
                ),
                c(
                    "b-1",
                    "p2",
                    "captured",
                    "iraqi_forces",
                    "reporter",
                    "2017-06-01",
                ),
            ],
            "2017-06-02",
            Some("iraqi_forces"),
            "single_source",
            "b-1",
            "",
        ),
        (
            "a dispute fades when the window has passed",
            vec![
                c(
                    "a-1",
                    "p2",
                    "captured",
                    "syrian_government",
                    "reporter",
                    "2017-11-09",
                ),
                c(
                    "b-1",
                    "p2",
                    "captured",
                    "islamic_state",
                    "reporter",
                    "2017-11-11",
                ),
                c(
                    "c-1",
                    "p2",
                    "captured",
                    "syrian_government",
                    "reporter",
                    "2017-11-19",
                ),
            ],
            "2017-11-20",
            Some("syrian_government"),
            "single_source",
            "c-1",
            "",
        ),
        (
            "nothing for 181 days is stale",
            vec![c(
                "a-1",
                "p3",
                "held",
                "peshmerga",
                "reporter",
                "2017-01-01",
            )],
            "2017-07-01",
            Some("peshmerga"),
            "stale",
            "a-1",
            "",
        ),
        (
            "180 days is not stale yet",
            vec![c(
                "a-1",
                "p3",
                "held",
                "peshmerga",
                "reporter",
                "2017-01-01",
            )],
            "2017-06-30",
            Some("peshmerga"),
            "single_source",
            "a-1",
            "",
        ),
        (
            "a month date counts from its first day",
            vec![c("a-1", "p3", "held", "peshmerga", "reporter", "2017-05")],
            "2017-05-01",
            Some("peshmerga"),
            "single_source",
            "a-1",
            "",
        ),
        (
            "a week date counts from its Monday",
            vec![c("a-1", "p3", "held", "peshmerga", "reporter", "2017-W22")],
            "2017-05-29",
            Some("peshmerga"),
            "single_source",
            "a-1",
            "",
        ),
        (
            "claims after the day do not count",
            vec![
                c("a-1", "p3", "held", "peshmerga", "reporter", "2017-05-01"),
                c("b-1", "p3", "captured", "pmf", "reporter", "2017-10-16"),
            ],
            "2017-10-15",
            Some("peshmerga"),
            "single_source",
            "a-1",
            "",
        ),
    ];
    for (what, claims, at, controller, status, supporting, conflicting) in rows {
        let got = state(&claims, at, claims[0].place).unwrap_or_else(|| panic!("{what}: no state"));
        assert_eq!(
            got,
            (
                controller.map(str::to_string),
                status.to_string(),
                supporting.to_string(),
                conflicting.to_string()
            ),
            "{what}"
        );
    }
}

#[test]
fn states_before_the_first_claim_or_of_week_dates_are_absent() {
    let cs = [c("a-1", "p3", "held", "peshmerga", "reporter", "2017-W22")];
    assert_eq!(state(&cs, "2017-05-28", "p3"), None);
    let cs = [c("a-1", "p3", "held", "peshmerga", "reporter", "2017-05")];
    assert_eq!(state(&cs, "2017-04-30", "p3"), None);
}

#[test]
fn places_merge_by_id_and_relative_locations_by_distance() {
    let cs = [
        // the same place id from three articles: one place
        c("a-1", "p1", "held", "pmf", "reporter", "2017-05-01"),
        c("b-1", "p1", "held", "pmf", "reporter", "2017-05-02"),
        c("c-1", "p1", "held", "pmf", "pmf", "2017-05-03"),
        // north of p2, 5 km apart: one place
        c("d-1", "p2", "contested", "sdf", "reporter", "2017-05-01").rel("north_of", 40.84, 34.68),
        c("e-1", "p2", "contested", "sdf", "reporter", "2017-05-02").rel("north_of", 40.85, 34.72),
        // north of p2 too, 25 km from the first: another place
        c("f-1", "p2", "contested", "sdf", "reporter", "2017-05-02").rel("north_of", 40.84, 34.9),
        // near, not north_of, at the first point: another place
        c("g-1", "p2", "contested", "sdf", "reporter", "2017-05-02").rel("near", 40.84, 34.68),
    ];
    let states = timeline::states_at(&features(&cs), day("2017-05-05"));
    assert_eq!(states.len(), 4, "{states:#?}");
    let n = |k: &str| -> Vec<i64> {
        states
            .iter()
            .filter(|f| f.get_str("relation") == Some(k))
            .filter_map(|f| f.get_f64("n_claims").map(|x| x as i64))
            .collect()
    };
    assert_eq!(n("at"), [3]);
    let mut north = n("north_of");
    north.sort();
    assert_eq!(north, [1, 2]);
    assert_eq!(n("near"), [1]);
    let p1 = &states[0];
    assert_eq!(p1.get_str("place_id"), Some("test:p1"));
    assert_eq!(p1.get_f64("n_sources"), Some(3.0));
    assert_eq!(p1.get_str("status"), Some("corroborated"));
}

#[test]
fn duplicate_claims_count_once() {
    let cs = [
        c("a-1", "p1", "held", "pmf", "reporter", "2017-05-01"),
        c("a-1", "p1", "held", "pmf", "reporter", "2017-05-01"),
    ];
    assert_eq!(
        state(&cs, "2017-05-02", "p1").map(|s| s.2),
        Some("a-1".to_string())
    );
}

/// (place_id, change, from_controller, to_controller, claims)
type ChangeRow = (String, String, Option<String>, Option<String>, String);

#[test]
fn diff_names_the_change() {
    let cs = vec![
        c(
            "a-1",
            "p1",
            "held",
            "islamic_state",
            "reporter",
            "2017-05-01",
        ),
        c(
            "a-2",
            "p2",
            "held",
            "islamic_state",
            "reporter",
            "2017-05-01",
        ),
        c("a-3", "p3", "held", "peshmerga", "reporter", "2017-05-01"),
        c("b-1", "p1", "captured", "pmf", "reporter", "2017-06-01"),
        c(
            "b-2",
            "p2",
            "lost",
            "islamic_state",
            "reporter",
            "2017-06-01",
        ),
        c("b-3", "p3", "contested", "pmf", "reporter", "2017-06-01"),
        c("b-4", "p4", "held", "sdf", "reporter", "2017-06-01"),
    ];
    let tl = Timeline::new(&features(&cs));
    let changes = timeline::diff(
        &tl.state_at(day("2017-05-15")),
        &tl.state_at(day("2017-06-02")),
    );
    let got: Vec<ChangeRow> = changes
        .iter()
        .map(|f| {
            let s = |k: &str| f.get_str(k).map(str::to_string);
            (
                s("place_id").unwrap_or_default(),
                s("change").unwrap_or_default(),
                s("from_controller"),
                s("to_controller"),
                s("claims").unwrap_or_default(),
            )
        })
        .collect();
    let o = |x: &str| Some(x.to_string());
    assert_eq!(
        got,
        vec![
            (
                "test:p1".into(),
                "gained".into(),
                o("islamic_state"),
                o("pmf"),
                "b-1".into()
            ),
            (
                "test:p2".into(),
                "lost".into(),
                o("islamic_state"),
                None,
                "b-2".into()
            ),
            (
                "test:p3".into(),
                "newly_contested".into(),
                o("peshmerga"),
                o("peshmerga"),
                "b-3".into()
            ),
            (
                "test:p4".into(),
                "newly_reported".into(),
                None,
                o("sdf"),
                "b-4".into()
            ),
        ]
    );
    // and back: the place that appeared is no longer reported
    let back = timeline::diff(
        &tl.state_at(day("2017-06-02")),
        &tl.state_at(day("2017-05-15")),
    );
    assert!(back
        .iter()
        .any(|f| f.get_str("change") == Some("no_longer_reported")
            && f.get_str("place_id") == Some("test:p4")));
}

// ---------------------------------------------------------------- properties

const PLACES: [&str; 4] = ["p1", "p2", "p3", "p4"];
const ACTORS: [&str; 4] = ["islamic_state", "iraqi_forces", "sdf", "pmf"];
const TYPES: [&str; 4] = ["captured", "lost", "held", "contested"];
const CERTAINTY: [&str; 4] = ["reported", "claimed", "hedged", "denied"];

fn arb_claim() -> impl Strategy<Value = Feature> {
    (
        0..4usize,
        0..4usize,
        0..4usize,
        0..5usize,
        0..4usize,
        0..400i64,
        0..6usize,
        0..3usize,
    )
        .prop_map(|(p, a, t, by, cert, d, art, rel)| {
            let date =
                timeline::series_dates(date(2017, 1, 1), date(2018, 12, 31), timeline::Step::Day)
                    .get(d as usize)
                    .map_or(date(2017, 1, 1), |s| s.0);
            let mut f = c(
                "x",
                PLACES[p],
                TYPES[t],
                ACTORS[a],
                "reporter",
                "2017-01-01",
            )
            .feature();
            let claimed_by = if by == 4 {
                "reporter".to_string()
            } else {
                ACTORS[by].to_string()
            };
            let id = format!("art{art}-{p}{a}{t}{by}{cert}{d}{rel}");
            f.id = Some(id.clone());
            f.set("claim_id", id);
            f.set("article_id", format!("art{art}"));
            f.set("source", format!("outlet{}", art % 3));
            f.set("claimed_by", claimed_by);
            f.set("certainty", CERTAINTY[cert]);
            f.set("date", date.to_string());
            if rel > 0 {
                f.set("relation", "near");
                let base = f.point().unwrap_or([41.0, 35.0]);
                f.geometry = Some(Geometry::Point([base[0] + 0.05 * rel as f64, base[1]]));
            }
            f
        })
}

fn bytes(fs: &[Feature]) -> String {
    fs.iter().map(feature_json).collect::<Vec<_>>().join("\n")
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn diff_of_a_state_with_itself_is_empty(claims in proptest::collection::vec(arb_claim(), 0..40), d in 0..700i64) {
        let at = timeline::series_dates(date(2017, 1, 1), date(2019, 1, 1), timeline::Step::Day)[d as usize].0;
        let s = timeline::states_at(&claims, at);
        prop_assert!(timeline::diff(&s, &s).is_empty());
    }

    #[test]
    fn nothing_is_known_before_the_first_claim(claims in proptest::collection::vec(arb_claim(), 1..40)) {
        prop_assert!(timeline::states_at(&claims, date(2016, 12, 31)).is_empty());
    }

    #[test]
    fn input_order_does_not_matter(
        claims in proptest::collection::vec(arb_claim(), 0..40),
        seed in any::<u64>(),
        d in 0..700i64,
    ) {
        let at = timeline::series_dates(date(2017, 1, 1), date(2019, 1, 1), timeline::Step::Day)[d as usize].0;
        let mut shuffled = claims.clone();
        // a deterministic shuffle from the seed
        let mut x = seed | 1;
        for i in (1..shuffled.len()).rev() {
            x ^= x << 13; x ^= x >> 7; x ^= x << 17;
            shuffled.swap(i, (x % (i as u64 + 1)) as usize);
        }
        let (a, b) = (timeline::states_at(&claims, at), timeline::states_at(&shuffled, at));
        prop_assert_eq!(bytes(&a), bytes(&b));
        let gaz = Gazetteer::bundled();
        prop_assert_eq!(bytes(&timeline::zones(&a, gaz)), bytes(&timeline::zones(&b, gaz)));
    }
}

// ---------------------------------------------------------------- the commands

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/claims")
}

fn frontline(args: &[&str]) -> std::process::Output {
    let mut cmd = Command::cargo_bin("frontline").expect("binary");
    cmd.current_dir(fixtures()).args(args);
    cmd.output().expect("run frontline")
}

fn stdout_of(args: &[&str]) -> String {
    let out = frontline(args);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("utf-8")
}

fn collection(text: &str) -> Vec<serde_json::Value> {
    let v: serde_json::Value = serde_json::from_str(text).expect("JSON");
    assert_eq!(v["type"], "FeatureCollection");
    v["features"].as_array().cloned().unwrap_or_default()
}

#[test]
fn timeline_at_a_day_of_the_fixture_corpus() {
    let text = stdout_of(&[
        "timeline",
        "corpus-a.geojson",
        "corpus-b.geojsons",
        "--at",
        "2017-11-12",
    ]);
    let fs = collection(&text);
    let by_name = |n: &str| {
        fs.iter()
            .find(|f| f["properties"]["place_name"] == n)
            .unwrap_or_else(|| panic!("no state of {n}"))["properties"]
            .clone()
    };
    let abu_kamal = by_name("Abu Kamal");
    assert_eq!(abu_kamal["controller"], "islamic_state");
    assert_eq!(abu_kamal["status"], "disputed");
    assert_eq!(abu_kamal["conflicting_claims"], "b10-c0");
    let qaim = by_name("Al-Qa'im border crossing");
    assert_eq!(qaim["controller"], "iraqi_forces");
    assert_eq!(qaim["status"], "disputed");
    assert_eq!(by_name("Al-Ba'aj District")["status"], "corroborated");
    assert_eq!(by_name("Al-Ba'aj District")["since"], "2017-05-29");
    assert_eq!(by_name("Rabia")["status"], "stale");
    assert!(fs.iter().all(|f| f["properties"]["kind"] == "state"));
    assert!(fs.iter().all(|f| f["geometry"]["type"] == "Point"));
    // mentions are ignored, and nothing after the day is known
    assert!(!fs
        .iter()
        .any(|f| f["properties"]["place_name"] == "Al-Baghuz Fawqani"));
    assert_eq!(by_name("Hajin")["controller"], "islamic_state");
}

#[test]
fn output_does_not_depend_on_the_order_of_files() {
    for cmd in ["timeline", "zones"] {
        let a = stdout_of(&[
            cmd,
            "corpus-a.geojson",
            "corpus-b.geojsons",
            "--at",
            "2017-12-10",
        ]);
        let b = stdout_of(&[
            cmd,
            "corpus-b.geojsons",
            "corpus-a.geojson",
            "--at",
            "2017-12-10",
        ]);
        assert_eq!(a, b, "{cmd}");
        assert!(a.len() > 100);
    }
}

#[test]
fn diff_of_a_file_with_itself_is_empty() {
    let text = stdout_of(&["diff", "corpus-a.geojson", "corpus-a.geojson"]);
    assert!(collection(&text).is_empty());
    let text = stdout_of(&[
        "diff",
        "corpus-a.geojson",
        "corpus-b.geojsons",
        "--at",
        "2017-12-10",
        "--vs",
        "2017-12-10",
    ]);
    assert!(collection(&text).is_empty());
}

#[test]
fn diff_between_two_days_of_the_corpus() {
    let text = stdout_of(&[
        "diff",
        "corpus-a.geojson",
        "corpus-b.geojsons",
        "--at",
        "2017-06-10",
        "--vs",
        "2017-12-10",
    ]);
    let fs = collection(&text);
    let change = |n: &str| {
        fs.iter()
            .find(|f| f["properties"]["place_name"] == n)
            .map(|f| f["properties"]["change"].as_str().unwrap_or("").to_string())
    };
    assert_eq!(change("Mosul").as_deref(), Some("gained"));
    assert_eq!(change("Rawa District").as_deref(), Some("newly_reported"));
    assert_eq!(change("Sinjar").as_deref(), Some("no_longer_reported"));
    assert_eq!(change("Deir ez-Zor District"), None);
    let mosul = fs
        .iter()
        .find(|f| f["properties"]["place_name"] == "Mosul")
        .map(|f| f["properties"].clone());
    let mosul = mosul.unwrap_or_default();
    assert_eq!(mosul["from_controller"], "islamic_state");
    assert_eq!(mosul["to_controller"], "iraqi_forces");
    assert_eq!(mosul["claims"], "b01-c0");
    assert!(fs.iter().all(|f| f["properties"]["kind"] == "change"));
}

#[test]
fn series_has_full_utc_datetimes_and_files_per_step() {
    let text = stdout_of(&[
        "timeline",
        "corpus-a.geojson",
        "corpus-b.geojsons",
        "--from",
        "2017-05-01",
        "--to",
        "2017-12-01",
        "--step",
        "month",
    ]);
    let fs = collection(&text);
    let mosul: Vec<_> = fs
        .iter()
        .filter(|f| f["properties"]["place_name"] == "Mosul")
        .map(|f| {
            (
                f["properties"]["valid_from"]
                    .as_str()
                    .unwrap_or("")
                    .to_string(),
                f["properties"]["valid_to"]
                    .as_str()
                    .unwrap_or("")
                    .to_string(),
                f["properties"]["controller"]
                    .as_str()
                    .unwrap_or("")
                    .to_string(),
            )
        })
        .collect();
    // Mosul's first claim is on 2017-05-20: first in the June step
    assert_eq!(mosul.len(), 7, "{mosul:?}");
    assert_eq!(
        mosul[0],
        (
            "2017-06-01T00:00:00Z".into(),
            "2017-06-30T23:59:59Z".into(),
            "islamic_state".into()
        )
    );
    assert_eq!(mosul[2].2, "iraqi_forces");
    let ids: std::collections::BTreeSet<_> = fs.iter().map(|f| f["id"].to_string()).collect();
    assert_eq!(ids.len(), fs.len(), "feature ids are unique");

    let dir = tempfile::tempdir().expect("tempdir");
    let d = dir.path().to_string_lossy().to_string();
    stdout_of(&[
        "timeline",
        "corpus-a.geojson",
        "corpus-b.geojsons",
        "--from",
        "2017-05-01",
        "--to",
        "2017-07-01",
        "--step",
        "month",
        "--out-dir",
        &d,
    ]);
    let mut names: Vec<_> = std::fs::read_dir(dir.path())
        .expect("read dir")
        .filter_map(|e| e.ok().map(|e| e.file_name().to_string_lossy().to_string()))
        .collect();
    names.sort();
    assert_eq!(
        names,
        [
            "states-2017-05-01.geojson",
            "states-2017-06-01.geojson",
            "states-2017-07-01.geojson"
        ]
    );
}

#[test]
fn bad_inputs_give_clear_errors_and_exit_codes() {
    let out = frontline(&["timeline", "corpus-a.geojson", "--at", "2017-13-45"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("2017-13-45"));

    let out = frontline(&["timeline", "not-json.geojson", "--at", "2017-06-01"]);
    assert_eq!(out.status.code(), Some(3));
    assert!(String::from_utf8_lossy(&out.stderr).contains("not-json.geojson: not valid JSON"));

    let out = frontline(&["zones", "missing.geojson", "--at", "2017-06-01"]);
    assert_eq!(out.status.code(), Some(3));
    assert!(String::from_utf8_lossy(&out.stderr).contains("missing.geojson: cannot read"));

    let out = frontline(&["timeline", "bad-records.geojsons", "--at", "2017-06-01"]);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("bad-records.geojsons:2: not valid JSON"),
        "{err}"
    );
    assert!(
        err.contains("bad-records.geojsons:3: claim x02-c0: unparseable date `2017-13-45`"),
        "{err}"
    );
    assert!(
        err.contains("bad-records.geojsons:4: claim x03-c0: property `actor` is a number"),
        "{err}"
    );
    let fs = collection(&String::from_utf8_lossy(&out.stdout));
    assert_eq!(fs.len(), 1);
    assert_eq!(fs[0]["properties"]["supporting_claims"], "x01-c0");

    let out = frontline(&["diff", "corpus-a.geojson"]);
    assert_eq!(out.status.code(), Some(2));
    let out = frontline(&["timeline", "corpus-a.geojson"]);
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn read_claims_names_file_and_line() {
    let r =
        timeline::read_claims_report(&[fixtures().join("bad-records.geojsons")]).expect("readable");
    assert_eq!(r.claims.len(), 1);
    let lines: Vec<_> = r.skipped.iter().map(|s| s.line).collect();
    assert_eq!(lines, [Some(2), Some(3), Some(4)]);
    let e = timeline::read_claims(&[fixtures().join("not-json.geojson")]).expect_err("not JSON");
    assert!(e.to_string().contains("not-json.geojson"));
    // a FeatureCollection with a mention: the mention is ignored
    let claims = timeline::read_claims(&[fixtures().join("corpus-a.geojson")]).expect("readable");
    assert!(claims.iter().all(|f| f.get_str("kind") == Some("claim")));
    assert_eq!(claims.len(), 18);
}

// ---------------------------------------------------------------- geometry and GIS

#[test]
fn zones_are_valid_counter_clockwise_and_inside_iraq_and_syria() {
    use geo::{Contains, Validation, Winding};
    let claims = timeline::read_claims(&[
        fixtures().join("corpus-a.geojson"),
        fixtures().join("corpus-b.geojsons"),
    ])
    .expect("fixtures");
    let gaz = Gazetteer::bundled();
    for at in ["2017-06-10", "2017-12-10"] {
        let states = timeline::states_at(&claims, day(at));
        let zones = timeline::zones(&states, gaz);
        assert!(zones.len() >= 4, "{at}");
        let mut controllers = Vec::new();
        for z in &zones {
            controllers.push(z.get_str("controller").unwrap_or("").to_string());
            let Some(Geometry::MultiPolygon(polys)) = &z.geometry else {
                panic!("zone without a MultiPolygon")
            };
            let mp = geo::MultiPolygon::new(
                polys
                    .iter()
                    .map(|rings| {
                        let ls = |r: &Vec<[f64; 2]>| {
                            geo::LineString::from(
                                r.iter().map(|p| (p[0], p[1])).collect::<Vec<_>>(),
                            )
                        };
                        geo::Polygon::new(ls(&rings[0]), rings[1..].iter().map(ls).collect())
                    })
                    .collect(),
            );
            assert!(
                mp.is_valid(),
                "{at} {:?}: {:?}",
                z.get_str("controller"),
                mp.check_validation()
            );
            for p in &mp.0 {
                assert!(p.exterior().is_ccw(), "exterior counter-clockwise");
                for c in &p.exterior().0 {
                    assert_eq!(c.x, (c.x * 1e6).round() / 1e6);
                    let inside = gaz
                        .geo
                        .countries
                        .iter()
                        .filter(|a| a.id == "IQ" || a.id == "SY")
                        .any(|a| {
                            a.shape.contains(&geo::Point::new(c.x, c.y))
                                || geo::Distance::distance(
                                    &geo::Euclidean,
                                    &a.shape,
                                    &geo::Point::new(c.x, c.y),
                                ) < 1e-5
                        });
                    assert!(inside, "{at}: ({}, {}) outside Iraq and Syria", c.x, c.y);
                }
            }
            let area = z.get_f64("area_km2").unwrap_or(0.0);
            let n = z.get_f64("n_places").unwrap_or(0.0);
            assert!(
                area > 0.0 && area <= n * std::f64::consts::PI * 30.0 * 30.0 * 1.01,
                "{area} km² for {n}"
            );
        }
        let mut sorted = controllers.clone();
        sorted.sort();
        assert_eq!(controllers, sorted, "one zone per controller, sorted");
        sorted.dedup();
        assert_eq!(controllers.len(), sorted.len());
    }
}

fn write_layers(dir: &Path) -> (String, String) {
    let states = dir.join("states.geojson").to_string_lossy().to_string();
    let zones = dir.join("zones.geojson").to_string_lossy().to_string();
    stdout_of(&[
        "zones",
        "corpus-a.geojson",
        "corpus-b.geojsons",
        "--at",
        "2017-12-10",
        "-o",
        &zones,
        "--points",
        &states,
    ]);
    (states, zones)
}

fn have(cmd: &str, arg: &str) -> bool {
    Command::new(cmd)
        .arg(arg)
        .output()
        .is_ok_and(|o| o.status.success())
}

#[test]
fn gdal_opens_the_state_and_zone_layers() {
    if !have("ogrinfo", "--version") {
        eprintln!("SKIP: gdal_opens_the_state_and_zone_layers: ogrinfo not found");
        return;
    }
    let dir = tempfile::tempdir().expect("tempdir");
    let (states, zones) = write_layers(dir.path());
    for (path, geom, n) in [
        (&states, "Geometry: Point", 20),
        (&zones, "Geometry: Multi Polygon", 6),
    ] {
        let out = Command::new("ogrinfo")
            .args(["-ro", "-al", "-so", path])
            .output()
            .expect("ogrinfo");
        let text = String::from_utf8_lossy(&out.stdout);
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(text.contains(geom), "{text}");
        assert!(text.contains(&format!("Feature Count: {n}")), "{text}");
    }
}

#[test]
fn qgis_loads_the_state_and_zone_layers() {
    let py = "/usr/bin/python3";
    let probe = Command::new(py)
        .args(["-c", "import qgis.core"])
        .env("QT_QPA_PLATFORM", "offscreen")
        .output();
    if !probe.is_ok_and(|o| o.status.success()) {
        eprintln!("SKIP: qgis_loads_the_state_and_zone_layers: PyQGIS not found");
        return;
    }
    let dir = tempfile::tempdir().expect("tempdir");
    let (states, zones) = write_layers(dir.path());
    let script = r#"
import sys
from qgis.core import QgsApplication, QgsVectorLayer
app = QgsApplication([], False)
app.initQgis()
out = []
for path in sys.argv[1:]:
    layer = QgsVectorLayer(path, "layer", "ogr")
    valid = all(f.geometry().isGeosValid() for f in layer.getFeatures())
    out.append("%s %d %s %s" % (layer.isValid(), layer.featureCount(), layer.geometryType(), valid))
    del layer
print("\n".join(out))
app.exitQgis()
"#;
    let out = Command::new(py)
        .args(["-c", script, &states, &zones])
        .env("QT_QPA_PLATFORM", "offscreen")
        .output()
        .expect("python3");
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{text}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let lines: Vec<&str> = text
        .lines()
        .filter(|l| l.starts_with("True") || l.starts_with("False"))
        .collect();
    assert_eq!(lines.len(), 2, "{text}");
    assert!(
        lines[0].starts_with("True 20 ") && lines[0].ends_with(" True"),
        "{text}"
    );
    assert!(
        lines[1].starts_with("True 6 ") && lines[1].ends_with(" True"),
        "{text}"
    );
}
