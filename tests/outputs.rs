//! Tests of the output writers (`frontline extract -o DIR`): the files, their atomic
//! replacement, our own RFC 7946 checks, the committed `output/` folder, and the real clients:
//! GDAL's `ogrinfo` and headless PyQGIS (skipped with a visible "SKIP:" message only when they
//! are not installed).
//!
//! Refresh `output/` after an intended change with
//! `FRONTLINE_BLESS=1 cargo test --test outputs committed -- --test-threads=1`.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use assert_cmd::cargo::CommandCargoExt;
use frontline::feature::{Feature, Geometry, Prop, CLAIM_FIELDS, MENTION_FIELDS};
use frontline::output::{
    check, FeatureBatch, Format, JsonNeeds, Options, OutputSet, CLAIMS_CSV, CLAIMS_CSVT,
    CLAIMS_GEOJSON, CLAIMS_GEOJSONS, CLAIMS_QML, GPKG, MENTIONS_GEOJSON,
};

// ---------------------------------------------------------------- features written by hand

/// A claim with every CLAIM_FIELDS property: `(id, place, lon, lat, claim_type, actor,
/// controller, day)`.
#[allow(clippy::too_many_arguments)]
fn claim(
    id: &str,
    place: &str,
    lon: f64,
    lat: f64,
    claim_type: &str,
    actor: &str,
    controller: Option<&str>,
    day: &str,
) -> Feature {
    let mut f = Feature {
        id: Some(id.to_string()),
        geometry: Some(Geometry::Point([lon, lat])),
        ..Default::default()
    };
    for (name, _) in CLAIM_FIELDS {
        let v: Prop = match *name {
            "kind" => "claim".into(),
            "claim_id" => id.into(),
            "article_id" => "iq-pmu-baaj-2017-06-05".into(),
            "source" => "Rudaw".into(),
            "published" => "2017-06-05".into(),
            "place_text" => place.into(),
            "place_name" => place.into(),
            "place_id" => format!("curated:{}", place.to_lowercase()).into(),
            "place_kind" => "town".into(),
            "country" => "IQ".into(),
            "admin1" => "Nineveh".into(),
            "relation" => if place == "Qahtaniya" {
                "west_of"
            } else {
                "at"
            }
            .into(),
            "distance_km" => {
                if place == "Qahtaniya" {
                    15.0.into()
                } else {
                    Prop::Null
                }
            }
            "precision_km" => 2.5.into(),
            "geo_precision" => 1i64.into(),
            "claim_type" => claim_type.into(),
            "actor" => actor.into(),
            "actor_text" => "Hashd al-Shaabi".into(),
            "from_actor" => "islamic_state".into(),
            "controller" => controller.into(),
            "claimed_by" => actor.into(),
            "certainty" => "claimed".into(),
            "date" => day.into(),
            "date_precision" => "day".into(),
            "date_text" => "on Sunday".into(),
            "time_start" => format!("{day}T00:00:00Z").into(),
            "time_end" => format!("{day}T23:59:59Z").into(),
            "event" => "take_control".into(),
            "confidence" => 0.8.into(),
            "place_start" => 10i64.into(),
            "place_end" => 14i64.into(),
            "char_start" => 0i64.into(),
            "char_end" => 60i64.into(),
            "evidence" => {
                format!("The PMU said it had taken \"{place}\", a town,\nin a statement.").into()
            }
            other => panic!("unexpected field {other}"),
        };
        f.push(name, v);
    }
    f
}

/// Three claims on two days: two on 2017-06-04, one on 2017-06-05 (one with no controller).
fn sample_claims() -> Vec<Vec<Feature>> {
    vec![
        vec![
            claim(
                "c-baaj",
                "Baaj",
                41.716_321_9,
                36.042_600_4,
                "captured",
                "pmf",
                Some("pmf"),
                "2017-06-04",
            ),
            claim(
                "c-qahtaniya",
                "Qahtaniya",
                41.55,
                36.0,
                "captured",
                "pmf",
                Some("pmf"),
                "2017-06-04",
            ),
        ],
        vec![claim(
            "c-sinjar",
            "Sinjar",
            41.876_56,
            36.320_9,
            "contested",
            "islamic_state",
            None,
            "2017-06-05",
        )],
    ]
}

fn mention(id: &str, place: &str, point: Option<[f64; 2]>) -> Feature {
    let mut f = Feature {
        id: Some(id.to_string()),
        geometry: point.map(Geometry::Point),
        ..Default::default()
    };
    for (name, _) in MENTION_FIELDS {
        let v: Prop = match *name {
            "kind" => "mention".into(),
            "place_text" => place.into(),
            "resolution" => if point.is_some() {
                "exact"
            } else {
                "unresolved"
            }
            .into(),
            "confidence" => 0.9.into(),
            "geo_precision" => point.map(|_| 1i64).into(),
            "place_start" | "char_start" => 0i64.into(),
            "place_end" | "char_end" => 5i64.into(),
            "article_id" => "a1".into(),
            _ => Prop::Null,
        };
        f.push(name, v);
    }
    f
}

fn sample_mentions() -> Vec<Vec<Feature>> {
    vec![
        vec![
            mention("a1:m0-4", "Baaj", Some([41.71632, 36.0426])),
            mention("a1:m9-18", "Umm Jaris", None),
        ],
        vec![mention("a2:m0-6", "Sinjar", Some([41.87656, 36.3209]))],
    ]
}

fn write_sample(dir: &Path, options: &Options) -> frontline::output::Summary {
    let mut set = OutputSet::create(dir, options).expect("create");
    for (c, m) in sample_claims().iter().zip(sample_mentions()) {
        set.add(c, &m).expect("add");
    }
    set.finish().expect("finish")
}

fn read(p: &Path) -> String {
    std::fs::read_to_string(p).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
}

fn dir_names(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(dir)
        .expect("read_dir")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    v.sort();
    v
}

const ALL_FILES: [&str; 7] = [
    CLAIMS_CSV,
    CLAIMS_CSVT,
    CLAIMS_GEOJSON,
    CLAIMS_GEOJSONS,
    CLAIMS_QML,
    GPKG,
    MENTIONS_GEOJSON,
];

// ---------------------------------------------------------------- the writers

#[test]
fn writes_every_file_and_they_pass_our_rfc_7946_checks() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let dir = tmp.path().join("new/out");
    let s = write_sample(&dir, &Options::default());
    assert_eq!(
        (s.claims, s.mentions, s.mentions_without_geometry),
        (3, 3, 1)
    );
    assert_eq!(dir_names(&dir), ALL_FILES.to_vec());

    for f in [CLAIMS_GEOJSON, MENTIONS_GEOJSON] {
        let text = read(&dir.join(f));
        let problems = check::check_collection(&text);
        assert!(problems.is_empty(), "{f}: {problems:?}");
        assert!(!text.contains("\"crs\""));
    }
    let seq = read(&dir.join(CLAIMS_GEOJSONS));
    assert!(check::check_sequence(&seq).is_empty());
    assert_eq!(seq.matches('\x1e').count(), 3);
    assert_eq!(seq.lines().count(), 3);
    // the same bytes per feature as the collection
    let coll = read(&dir.join(CLAIMS_GEOJSON));
    for rec in seq.split('\x1e').skip(1) {
        assert!(coll.contains(rec.trim_end()), "{rec}");
    }
    // rounded to 6 decimals
    assert!(coll.contains("[41.716322,36.0426]"), "{coll}");

    // CSV: header, one row per claim, lon/lat first, ACLED-like columns
    let mut r = csv::Reader::from_path(dir.join(CLAIMS_CSV)).expect("csv");
    let header: Vec<String> = r.headers().expect("h").iter().map(String::from).collect();
    assert_eq!(&header[..3], ["lon", "lat", "kind"]);
    for (n, _) in CLAIM_FIELDS {
        assert!(header.iter().any(|h| h == n), "{n}");
    }
    for n in [
        "event_date",
        "actor1",
        "actor2",
        "location",
        "latitude",
        "longitude",
        "notes",
    ] {
        assert!(header.iter().any(|h| h == n), "{n}");
    }
    let rows: Vec<csv::StringRecord> = r.records().map(|x| x.expect("row")).collect();
    assert_eq!(rows.len(), 3);
    let col = |name: &str| header.iter().position(|h| h == name).expect("col");
    assert_eq!(&rows[0][col("lon")], "41.716322");
    assert_eq!(&rows[0][col("event_date")], "2017-06-04");
    assert_eq!(&rows[0][col("actor1")], "pmf");
    assert_eq!(&rows[0][col("notes")], "pmf captured Baaj (claimed by pmf)");
    assert_eq!(&rows[2][col("controller")], "");
    assert!(rows[0][col("evidence")].contains('\n'));
    let csvt = read(&dir.join(CLAIMS_CSVT));
    assert_eq!(csvt.trim_end().split(',').count(), header.len());

    // QML
    let qml = read(&dir.join(CLAIMS_QML));
    assert!(qml.contains("categorizedSymbol") && qml.contains("startField=\"time_start\""));
}

#[test]
fn output_is_deterministic() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let (a, b) = (tmp.path().join("a"), tmp.path().join("b"));
    write_sample(&a, &Options::default());
    write_sample(&b, &Options::default());
    for f in ALL_FILES.iter().filter(|f| **f != GPKG) {
        assert_eq!(
            std::fs::read(a.join(f)).expect("a"),
            std::fs::read(b.join(f)).expect("b"),
            "{f}"
        );
    }
    assert_eq!(gpkg_dump(&a.join(GPKG)), gpkg_dump(&b.join(GPKG)));
}

/// `frontline extract -o` makes each article's features and their GeoJSON text on a worker
/// thread ([`FeatureBatch`]) and writes many articles at once: the same files as one article at
/// a time with the text made by the writer.
#[test]
fn batches_made_apart_write_the_same_files() {
    let subsets = [
        Options::default(),
        Options {
            formats: vec![Format::GeoJsonSeq, Format::Csv],
            mentions: false,
        },
        Options {
            formats: vec![Format::GeoJson, Format::Gpkg],
            mentions: false,
        },
    ];
    for options in subsets {
        let tmp = tempfile::tempdir().expect("tempdir");
        let (a, b) = (tmp.path().join("a"), tmp.path().join("b"));
        write_sample(&a, &options);
        let mut set = OutputSet::create(&b, &options).expect("create");
        let needs = set.json_needs();
        let mut pending = FeatureBatch::new(Vec::new(), Vec::new(), needs);
        for (c, m) in sample_claims().into_iter().zip(sample_mentions()) {
            pending.append(FeatureBatch::new(c, m, needs));
        }
        set.add_batch(&pending).expect("add_batch");
        set.finish().expect("finish");
        let names = dir_names(&a);
        assert_eq!(names, dir_names(&b));
        for f in &names {
            if f == GPKG {
                assert_eq!(gpkg_dump(&a.join(f)), gpkg_dump(&b.join(f)));
            } else {
                assert_eq!(read(&a.join(f)), read(&b.join(f)), "{f}");
            }
        }
    }
}

#[test]
fn a_batch_made_for_other_formats_is_an_error_not_a_panic() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let mut set = OutputSet::create(tmp.path(), &Options::default()).expect("create");
    let batch = FeatureBatch::new(sample_claims().remove(0), Vec::new(), JsonNeeds::default());
    let err = set.add_batch(&batch).expect_err("texts missing");
    assert!(err.to_string().contains("other formats"), "{err}");
}

#[test]
fn format_subset_writes_only_those_files() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let opts = Options {
        formats: vec![Format::Csv, Format::GeoJson],
        mentions: false,
    };
    write_sample(tmp.path(), &opts);
    assert_eq!(
        dir_names(tmp.path()),
        vec![CLAIMS_CSV, CLAIMS_CSVT, CLAIMS_GEOJSON]
    );
    let opts = Options {
        formats: vec![Format::Gpkg],
        mentions: false,
    };
    let tmp = tempfile::tempdir().expect("tempdir");
    write_sample(tmp.path(), &opts);
    assert_eq!(dir_names(tmp.path()), vec![GPKG]);
    let dump = gpkg_dump(&tmp.path().join(GPKG));
    assert!(dump.contains("layer claims: 3 rows"), "{dump}");
    assert!(!dump.contains("layer mentions"), "{dump}");
}

#[test]
fn a_dropped_set_leaves_previous_outputs_intact_and_no_temporary_files() {
    let tmp = tempfile::tempdir().expect("tempdir");
    write_sample(tmp.path(), &Options::default());
    let before: BTreeMap<String, Vec<u8>> = dir_names(tmp.path())
        .into_iter()
        .map(|n| {
            let b = std::fs::read(tmp.path().join(&n)).expect("read");
            (n, b)
        })
        .collect();
    {
        let mut set = OutputSet::create(tmp.path(), &Options::default()).expect("create");
        set.add(&sample_claims()[0], &[]).expect("add");
        // dropped without finish
    }
    // and one that fails: a claim that is not a point
    {
        let mut set = OutputSet::create(tmp.path(), &Options::default()).expect("create");
        let mut bad = sample_claims()[0][0].clone();
        bad.geometry = Some(Geometry::LineString(vec![[0.0, 0.0], [1.0, 1.0]]));
        let err = set
            .add(&[bad], &[])
            .expect_err("a line is not a claim point");
        assert!(err.to_string().contains("claims.geojson"), "{err}");
        assert!(err.to_string().contains("c-baaj"), "{err}");
        let mut out_of_range = sample_claims()[0][0].clone();
        out_of_range.geometry = Some(Geometry::Point([200.0, 36.0]));
        assert!(set.add(&[out_of_range], &[]).is_err());
    }
    let after: BTreeMap<String, Vec<u8>> = dir_names(tmp.path())
        .into_iter()
        .map(|n| {
            let b = std::fs::read(tmp.path().join(&n)).expect("read");
            (n, b)
        })
        .collect();
    assert_eq!(
        before.keys().collect::<Vec<_>>(),
        after.keys().collect::<Vec<_>>()
    );
    assert!(before == after, "previous outputs changed");
}

#[test]
fn finish_replaces_previous_outputs() {
    let tmp = tempfile::tempdir().expect("tempdir");
    write_sample(tmp.path(), &Options::default());
    let set = OutputSet::create(tmp.path(), &Options::default()).expect("create");
    let s = set.finish().expect("finish");
    assert_eq!(s.claims, 0);
    assert_eq!(
        read(&tmp.path().join(CLAIMS_GEOJSON)),
        "{\"type\":\"FeatureCollection\",\"features\":[\n]}\n"
    );
    assert_eq!(dir_names(tmp.path()), ALL_FILES.to_vec());
}

#[test]
fn unwritable_directory_is_a_typed_error_naming_the_path() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let file = tmp.path().join("a-file");
    std::fs::write(&file, "x").expect("write");
    let err = OutputSet::create(&file.join("sub"), &Options::default()).expect_err("not a dir");
    assert!(err.to_string().contains("a-file"), "{err}");
    assert!(matches!(
        OutputSet::create(
            tmp.path(),
            &Options {
                formats: vec![],
                mentions: true
            }
        ),
        Err(frontline::output::OutputError::NoFormat)
    ));
}

// ---------------------------------------------------------------- the command line

fn frontline() -> Command {
    Command::cargo_bin("frontline").expect("binary")
}

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

#[test]
fn cli_exit_codes() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let articles = repo().join("tests/fixtures/articles");
    // -o into a path under a file: output failed
    let file = tmp.path().join("f");
    std::fs::write(&file, "x").expect("write");
    let out = frontline()
        .arg("extract")
        .arg(&articles)
        .arg("-o")
        .arg(file.join("out"))
        .output()
        .expect("run");
    assert_eq!(
        out.status.code(),
        Some(4),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stderr).contains("out"));
    // --format without -o, and an unknown format: usage
    for args in [vec!["--format", "csv"], vec!["-o", "x", "--format", "shp"]] {
        let out = frontline()
            .arg("extract")
            .arg(&articles)
            .args(&args)
            .current_dir(tmp.path())
            .output()
            .expect("run");
        assert_eq!(out.status.code(), Some(2), "{args:?}");
    }
    // a subset
    let dir = tmp.path().join("sub");
    let out = frontline()
        .arg("extract")
        .arg(&articles)
        .args(["--format", "geojsons,qml", "-o"])
        .arg(&dir)
        .output()
        .expect("run");
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(dir_names(&dir), vec![CLAIMS_GEOJSONS, CLAIMS_QML]);
}

/// A dump of a GeoPackage's layer contents and styles, for comparing files whose bytes differ
/// (`gpkg_contents.last_change` and `layer_styles.update_time` record when they were written).
fn gpkg_dump(path: &Path) -> String {
    let g = geopackage::GeoPackage::open_read_only(path).expect("open gpkg");
    let mut out = String::new();
    let mut names: Vec<String> = g
        .layers()
        .expect("layers")
        .iter()
        .map(|l| l.table_name().to_string())
        .collect();
    names.sort();
    for name in names {
        let layer = g.layer(&name).expect("layer");
        let cols: Vec<String> = layer
            .schema()
            .columns
            .iter()
            .map(|c| format!("{}:{:?}", c.name, c.column_type))
            .collect();
        out.push_str(&format!(
            "layer {name}: {} rows, index {}\ncolumns {}\n",
            layer.count().expect("count"),
            layer.has_spatial_index().expect("index"),
            cols.join(",")
        ));
        for f in layer.features().expect("features") {
            let f = f.expect("feature");
            out.push_str(&format!("{} {:?}", f.fid(), f.geometry_bytes()));
            for (k, v) in f.iter() {
                out.push_str(&format!(" {k}={v:?}"));
            }
            out.push('\n');
        }
    }
    let conn = g.connection();
    let mut st = conn
        .prepare("SELECT f_table_name, f_geometry_column, styleName, styleQML, useAsDefault FROM layer_styles ORDER BY id")
        .expect("layer_styles");
    let rows = st
        .query_map([], |r| {
            Ok(format!(
                "style {} {} {} default={} qml={}\n",
                r.get::<usize, String>(0)?,
                r.get::<usize, String>(1)?,
                r.get::<usize, String>(2)?,
                r.get::<usize, i64>(4)?,
                r.get::<usize, String>(3)?
            ))
        })
        .expect("query");
    for r in rows {
        out.push_str(&r.expect("row"));
    }
    out
}

/// `output/` holds what `frontline extract tests/fixtures/articles --mentions -o output` writes.
/// Every file but the GeoPackage is compared byte for byte; the GeoPackage by its layer
/// contents and styles (see [`gpkg_dump`]). `FRONTLINE_BLESS=1` rewrites `output/`.
#[test]
fn committed_output_is_current() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let fresh = tmp.path().join("output");
    let out = frontline()
        .current_dir(repo())
        .args(["extract", "tests/fixtures/articles", "--mentions", "-o"])
        .arg(&fresh)
        .output()
        .expect("run");
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let committed = repo().join("output");
    if std::env::var_os("FRONTLINE_BLESS").is_some() {
        std::fs::create_dir_all(&committed).expect("mkdir output");
        for f in ALL_FILES {
            std::fs::copy(fresh.join(f), committed.join(f)).expect("copy");
        }
        eprintln!("BLESSED: output/ rewritten");
        return;
    }
    let mut stale = Vec::new();
    for f in ALL_FILES {
        let p = committed.join(f);
        if !p.exists() {
            stale.push(format!("{f} (missing)"));
            continue;
        }
        let same = if f == GPKG {
            gpkg_dump(&p) == gpkg_dump(&fresh.join(f))
        } else {
            std::fs::read(&p).ok() == std::fs::read(fresh.join(f)).ok()
        };
        if !same {
            stale.push(f.to_string());
        }
    }
    assert!(
        stale.is_empty(),
        "output/ is stale: {stale:?}; run FRONTLINE_BLESS=1 cargo test --test outputs committed -- --test-threads=1"
    );
    // and the committed GeoJSON passes our checks
    assert!(check::check_collection(&read(&committed.join(CLAIMS_GEOJSON))).is_empty());
    assert!(check::check_collection(&read(&committed.join(MENTIONS_GEOJSON))).is_empty());
}

// ---------------------------------------------------------------- GDAL

fn have(cmd: &str, arg: &str) -> bool {
    Command::new(cmd)
        .arg(arg)
        .output()
        .map(|o| o.status.success())
        .unwrap_or(false)
}

/// `ogrinfo -ro -al -so` of a data source: layer name → (feature count, field → type).
fn ogrinfo(args: &[&str], path: &Path) -> BTreeMap<String, (u64, BTreeMap<String, String>)> {
    let out = Command::new("ogrinfo")
        .args(["-ro", "-al", "-so"])
        .args(args)
        .arg(path)
        .output()
        .expect("ogrinfo");
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "ogrinfo {}: {}",
        path.display(),
        String::from_utf8_lossy(&out.stderr)
    );
    let mut layers = BTreeMap::new();
    let mut current: Option<String> = None;
    for line in text.lines() {
        if let Some(name) = line.strip_prefix("Layer name: ") {
            current = Some(name.trim().to_string());
            layers.insert(name.trim().to_string(), (0, BTreeMap::new()));
            continue;
        }
        let Some(name) = &current else { continue };
        let Some(entry) = layers.get_mut(name) else {
            continue;
        };
        if let Some(n) = line.strip_prefix("Feature Count: ") {
            entry.0 = n.trim().parse().expect("count");
        } else if let Some((field, ty)) = line.split_once(": ") {
            // "time_start: DateTime (0.0)"
            if !field.contains(' ') && ty.ends_with(')') {
                let ty = ty.split(" (").next().unwrap_or(ty).to_string();
                entry.1.insert(field.to_string(), ty);
            }
        }
    }
    layers
}

/// The type ogrinfo should report for a schema field.
fn ogr_type(t: frontline::feature::FieldType) -> &'static str {
    use frontline::feature::FieldType::*;
    match t {
        Text => "String",
        Integer => "Integer",
        Real => "Real",
        Boolean => "Integer(Boolean)",
        DateTime => "DateTime",
    }
}

#[test]
fn ogrinfo_reads_every_file_with_the_intended_types() {
    if !have("ogrinfo", "--version") {
        eprintln!("SKIP: ogrinfo not installed (apt-get install gdal-bin)");
        return;
    }
    let tmp = tempfile::tempdir().expect("tempdir");
    let dir = tmp.path();
    write_sample(dir, &Options::default());
    let claims_expect = |fields: &BTreeMap<String, String>, what: &str| {
        for (n, t) in CLAIM_FIELDS {
            let want = match (*n, what) {
                // GDAL's GeoJSON driver reads ISO dates in a string property as Date
                ("published" | "date", "geojson") => "Date",
                _ => ogr_type(*t),
            };
            assert_eq!(
                fields.get(*n).map(String::as_str),
                Some(want),
                "{what}: {n}"
            );
        }
        assert_eq!(
            fields.get("time_start").map(String::as_str),
            Some("DateTime")
        );
        assert_eq!(fields.get("time_end").map(String::as_str), Some("DateTime"));
    };

    // GeoJSON
    let l = ogrinfo(&[], &dir.join(CLAIMS_GEOJSON));
    let (count, fields) = &l["claims"];
    assert_eq!(*count, 3);
    claims_expect(fields, "geojson");
    let l = ogrinfo(&[], &dir.join(MENTIONS_GEOJSON));
    assert_eq!(l["mentions"].0, 3);
    assert_eq!(
        l["mentions"].1.get("confidence").map(String::as_str),
        Some("Real")
    );
    assert_eq!(
        l["mentions"].1.get("geo_precision").map(String::as_str),
        Some("Integer")
    );

    // GeoJSON text sequence (GDAL's GeoJSONSeq driver)
    let l = ogrinfo(&[], &dir.join(CLAIMS_GEOJSONS));
    let (count, fields) = l.values().next().expect("one layer");
    assert_eq!(*count, 3);
    claims_expect(fields, "geojson");

    // CSV with its .csvt
    let l = ogrinfo(&[], &dir.join(CLAIMS_CSV));
    let (count, fields) = &l["claims"];
    assert_eq!(*count, 3);
    claims_expect(fields, "csv");
    assert_eq!(fields.get("lon").map(String::as_str), Some("Real"));
    assert_eq!(fields.get("event_date").map(String::as_str), Some("Date"));

    // GeoPackage
    let l = ogrinfo(&[], &dir.join(GPKG));
    let (count, fields) = &l["claims"];
    assert_eq!(*count, 3);
    claims_expect(fields, "gpkg");
    let (count, fields) = &l["mentions"];
    assert_eq!(*count, 3);
    for (n, t) in MENTION_FIELDS {
        assert_eq!(
            fields.get(*n).map(String::as_str),
            Some(ogr_type(*t)),
            "gpkg mentions: {n}"
        );
    }
    assert!(l.contains_key("layer_styles"));
}

// ---------------------------------------------------------------- QGIS

const PYTHON: &str = "/usr/bin/python3";

fn have_pyqgis() -> bool {
    Command::new(PYTHON)
        .args(["-c", "import qgis.core"])
        .env("QT_QPA_PLATFORM", "offscreen")
        .output()
        .map(|o| o.status.success())
        .unwrap_or(false)
}

/// Runs tests/qgis/check_layers.py on a spec; returns its report per layer name.
fn pyqgis(spec: serde_json::Value, work: &Path) -> BTreeMap<String, serde_json::Value> {
    let spec_path = work.join("spec.json");
    std::fs::write(&spec_path, spec.to_string()).expect("spec");
    let out = Command::new(PYTHON)
        .arg(repo().join("tests/qgis/check_layers.py"))
        .arg(&spec_path)
        .env("QT_QPA_PLATFORM", "offscreen")
        .env("TZ", "UTC")
        .env("XDG_RUNTIME_DIR", work)
        .env("HOME", work)
        .output()
        .expect("python3");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "PyQGIS failed ({:?}): {stdout}\n{}",
        out.status,
        String::from_utf8_lossy(&out.stderr)
    );
    let line = stdout
        .lines()
        .rev()
        .find(|l| l.starts_with('{'))
        .expect("a JSON report");
    let report: serde_json::Value = serde_json::from_str(line).expect("JSON");
    report["layers"]
        .as_array()
        .expect("layers")
        .iter()
        .map(|l| (l["name"].as_str().expect("name").to_string(), l.clone()))
        .collect()
}

#[test]
fn qgis_loads_styles_filters_by_day_and_renders() {
    if !have_pyqgis() {
        eprintln!("SKIP: PyQGIS not available at /usr/bin/python3 (apt-get install python3-qgis qgis-providers)");
        return;
    }
    let tmp = tempfile::tempdir().expect("tempdir");
    let dir = tmp.path().join("out");
    write_sample(&dir, &Options::default());
    let gpkg = dir.join(GPKG);
    let p = |f: &str| dir.join(f).to_string_lossy().into_owned();
    let png = |n: &str| tmp.path().join(n).to_string_lossy().into_owned();
    let spec = serde_json::json!({"layers": [
        {"name": "geojson_claims", "uri": p(CLAIMS_GEOJSON), "style": p(CLAIMS_QML),
         "day": "2017-06-04", "png": png("geojson.png")},
        {"name": "geojson_mentions", "uri": p(MENTIONS_GEOJSON)},
        {"name": "gpkg_claims", "uri": format!("{}|layername=claims", gpkg.display()),
         "default_style": true, "day": "2017-06-05", "png": png("gpkg.png")},
        {"name": "gpkg_mentions", "uri": format!("{}|layername=mentions", gpkg.display())},
        {"name": "csv_claims", "uri": p(CLAIMS_CSV), "style": p(CLAIMS_QML), "day": "2017-06-04"},
    ]});
    let r = pyqgis(spec, tmp.path());
    for (name, l) in &r {
        eprintln!(
            "QGIS {name}: valid={} count={} renderer_on_load={} temporal_on_load={} renderer={} temporal={} filter={}",
            l["valid"], l["count"], l["renderer_on_load"], l["temporal_active_on_load"],
            l["renderer"], l["temporal_active"], l["day_filter"]
        );
    }
    let expr = "coalesce(\"controller\", \"actor\")";
    for name in ["geojson_claims", "gpkg_claims", "csv_claims"] {
        let l = &r[name];
        assert_eq!(l["valid"], true, "{name}: {l}");
        assert_eq!(l["count"], 3, "{name}");
        assert_eq!(l["renderer"], "categorizedSymbol", "{name}: {l}");
        assert_eq!(l["class_attribute"], expr, "{name}");
        assert_eq!(l["temporal_active"], true, "{name}: {l}");
        assert_eq!(l["temporal_mode"], 2, "{name}: start and end from fields");
        assert_eq!(l["start_field"], "time_start");
        assert_eq!(l["end_field"], "time_end");
        let cats = l["categories"].as_array().expect("categories");
        assert!(cats.iter().any(|c| c == "islamic_state") && cats.iter().any(|c| c == "pmf"));
        assert_eq!(
            l["field_types"]["time_start"], 16,
            "{name}: QVariant::DateTime"
        );
    }
    // the GeoPackage applies its layer_styles default on load, with no loadNamedStyle
    assert_eq!(r["gpkg_claims"]["renderer_on_load"], "categorizedSymbol");
    assert_eq!(r["gpkg_mentions"]["renderer_on_load"], "singleSymbol");
    // a sidecar .qml is applied on load too (its temporal block needs loadNamedStyle)
    assert_eq!(r["geojson_claims"]["renderer_on_load"], "categorizedSymbol");
    // a Temporal Controller frame of one day shows exactly that day's claims
    assert_eq!(
        r["geojson_claims"]["day_ids"],
        serde_json::json!(["c-baaj", "c-qahtaniya"]),
        "{}",
        r["geojson_claims"]
    );
    assert_eq!(
        r["csv_claims"]["day_ids"],
        serde_json::json!(["c-baaj", "c-qahtaniya"])
    );
    assert_eq!(
        r["gpkg_claims"]["day_ids"],
        serde_json::json!(["c-sinjar"]),
        "{}",
        r["gpkg_claims"]
    );
    for name in ["geojson_mentions", "gpkg_mentions"] {
        assert_eq!(r[name]["valid"], true, "{name}");
        assert_eq!(r[name]["count"], 3, "{name}");
    }
    for name in ["geojson_claims", "gpkg_claims"] {
        assert_eq!(r[name]["png_saved"], true);
        assert!(
            r[name]["png_painted_pixels"].as_u64().unwrap_or(0) > 50,
            "{name}: {}",
            r[name]
        );
        // pmf orange, islamic_state black, outlines: more than one colour
        assert!(
            r[name]["png_colours"].as_u64().unwrap_or(0) >= 3,
            "{name}: {}",
            r[name]
        );
    }
}

/// Renders the committed output/ in QGIS and keeps the image at docs/qgis-claims.png when
/// `FRONTLINE_BLESS=1` (the README shows it).
#[test]
fn qgis_renders_the_committed_output() {
    if !have_pyqgis() {
        eprintln!("SKIP: PyQGIS not available at /usr/bin/python3");
        return;
    }
    let committed = repo().join("output");
    if !committed.join(GPKG).exists() {
        eprintln!("SKIP: output/ not written yet");
        return;
    }
    let tmp = tempfile::tempdir().expect("tempdir");
    let png = tmp.path().join("qgis-claims.png");
    let gpkg = committed.join(GPKG);
    let claims = geopackage::GeoPackage::open_read_only(&gpkg)
        .and_then(|g| g.layer("claims").and_then(|l| l.count()))
        .expect("claims count");
    let mentions = geopackage::GeoPackage::open_read_only(&gpkg)
        .and_then(|g| g.layer("mentions").and_then(|l| l.count()))
        .expect("mentions count");
    // claims over the mentions, on the Iraq–Syria border
    let spec = serde_json::json!({
        "layers": [
            {"name": "claims", "uri": format!("{}|layername=claims", gpkg.display()),
             "label": "place_name"},
            {"name": "mentions", "uri": format!("{}|layername=mentions", gpkg.display()),
             "label": "place_name"},
            {"name": "countries", "uri": repo().join("gazetteer/countries.geojson").to_string_lossy(),
             "backdrop": "fill"},
            {"name": "border", "uri": repo().join("gazetteer/border.geojson").to_string_lossy(),
             "backdrop": "line"},
        ],
        "renders": [{"png": png.to_string_lossy(),
                     "layers": ["claims", "mentions", "border", "countries"],
                     "extent": [37.0, 32.0, 45.5, 37.8]}],
    });
    let r = pyqgis(spec, tmp.path());
    assert_eq!(r["claims"]["valid"], true);
    assert_eq!(r["claims"]["count"], claims);
    assert_eq!(r["mentions"]["count"], mentions);
    let render = &r[&format!("render:{}", png.display())];
    assert_eq!(render["png_saved"], true, "{render}");
    assert!(
        render["png_painted_pixels"].as_u64().unwrap_or(0) > 50,
        "{render}"
    );
    if std::env::var_os("FRONTLINE_BLESS").is_some() {
        std::fs::create_dir_all(repo().join("docs")).expect("docs");
        std::fs::copy(&png, repo().join("docs/qgis-claims.png")).expect("copy png");
        eprintln!("BLESSED: docs/qgis-claims.png rewritten");
    }
}
