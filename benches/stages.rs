//! Stage benchmarks over the fixture articles (`tests/fixtures/articles`): start-up (the bundled
//! gazetteer and its key trie), reading (JSONL record + header parse), recognition and resolution
//! (geoparse: tokens, gazetteer names, resolution, relative locations), claims, feature building
//! and writing (GeoJSON serialisation, every output format).
//!
//! Run with `cargo bench --bench stages`; the figures are in docs/performance.md. The allocator
//! is the binary's (mimalloc), so that the figures are those of `frontline extract`.

use std::path::Path;

use divan::{black_box, Bencher};
use frontline::article::{parse_record, Article};
use frontline::claims;
use frontline::extract::{claim_features, extract_article, mention_features};
use frontline::feature::feature_json;
use frontline::gazetteer::trie::KeyTrie;
use frontline::gazetteer::{bundled, geo::GeoData, parse_places, Gazetteer};
use frontline::geoparse;
use frontline::output::{Format, Options, OutputSet};

#[global_allocator]
static GLOBAL: frontline::alloc::Mimalloc = frontline::alloc::Mimalloc;

fn main() {
    divan::main();
}

/// The fixture articles, as files: (id, text).
fn fixtures() -> Vec<(String, String)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/articles");
    let mut paths: Vec<_> = std::fs::read_dir(&dir)
        .expect("fixture dir")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .collect();
    paths.sort();
    paths
        .into_iter()
        .map(|p| {
            let id = p.file_stem().unwrap().to_string_lossy().into_owned();
            (id, std::fs::read_to_string(&p).expect("fixture"))
        })
        .collect()
}

fn articles() -> Vec<Article> {
    fixtures()
        .into_iter()
        .map(|(id, text)| Article::from_text(&id, text))
        .collect()
}

fn bytes() -> u64 {
    fixtures().iter().map(|(_, t)| t.len() as u64).sum()
}

// ---- start-up ------------------------------------------------------------------------------

#[divan::bench(sample_count = 20)]
fn startup_parse_places() -> usize {
    parse_places(black_box(bundled::PLACES), "places.tsv")
        .unwrap()
        .len()
}

#[divan::bench(sample_count = 20)]
fn startup_gazetteer_new(b: Bencher) {
    b.with_inputs(|| {
        (
            parse_places(bundled::PLACES, "places.tsv").unwrap(),
            GeoData::parse(bundled::BORDER, bundled::ADMIN1, bundled::COUNTRIES).unwrap(),
        )
    })
    .bench_values(|(places, geo)| Gazetteer::new(places, geo));
}

/// What `frontline extract` does before its first article: the bundled gazetteer with the
/// build script's name keys.
#[divan::bench(sample_count = 20)]
fn startup_total() -> usize {
    Gazetteer::load_bundled().len()
}

/// The same, computing every name's keys at run time (as for a `--gazetteer` directory).
#[divan::bench(sample_count = 20)]
fn startup_total_without_build_keys() -> usize {
    let places = parse_places(bundled::PLACES, "places.tsv").unwrap();
    let geo = GeoData::parse(bundled::BORDER, bundled::ADMIN1, bundled::COUNTRIES).unwrap();
    Gazetteer::new(places, geo).len()
}

#[divan::bench(sample_count = 20)]
fn startup_key_trie(b: Bencher) {
    let k = keys();
    b.bench(|| KeyTrie::new(&k).nodes());
}

// ---- per-stage, over the five fixture articles ---------------------------------------------

#[divan::bench]
fn read_jsonl_record(b: Bencher) {
    let lines: Vec<String> = fixtures()
        .into_iter()
        .map(|(id, text)| serde_json::json!({"id": id, "text": text}).to_string())
        .collect();
    b.counter(divan::counter::BytesCount::new(bytes()))
        .bench(|| {
            for l in &lines {
                black_box(parse_record(black_box(l), "x").unwrap());
            }
        });
}

#[divan::bench]
fn read_header(b: Bencher) {
    let fx = fixtures();
    b.counter(divan::counter::BytesCount::new(bytes()))
        .bench(|| {
            for (id, text) in &fx {
                black_box(Article::from_text(id, text.clone()));
            }
        });
}

#[divan::bench]
fn recognition_tokenize(b: Bencher) {
    let arts = articles();
    b.counter(divan::counter::BytesCount::new(bytes()))
        .bench(|| {
            for a in &arts {
                black_box(geoparse::text::tokenize(&a.text, a.body));
            }
        });
}

#[divan::bench]
fn recognition_geoparse(b: Bencher) {
    let gaz = Gazetteer::bundled();
    let arts = articles();
    b.counter(divan::counter::BytesCount::new(bytes()))
        .bench(|| {
            for a in &arts {
                black_box(geoparse::geoparse(a, gaz));
            }
        });
}

#[divan::bench]
fn claims_extract(b: Bencher) {
    let gaz = Gazetteer::bundled();
    let arts = articles();
    let geos: Vec<_> = arts.iter().map(|a| geoparse::geoparse(a, gaz)).collect();
    b.counter(divan::counter::BytesCount::new(bytes()))
        .bench(|| {
            for (a, g) in arts.iter().zip(&geos) {
                black_box(claims::extract(a, g, gaz));
            }
        });
}

#[divan::bench]
fn features_build(b: Bencher) {
    let gaz = Gazetteer::bundled();
    let arts = articles();
    let geos: Vec<_> = arts.iter().map(|a| geoparse::geoparse(a, gaz)).collect();
    let cls: Vec<_> = arts
        .iter()
        .zip(&geos)
        .map(|(a, g)| claims::extract(a, g, gaz))
        .collect();
    b.counter(divan::counter::BytesCount::new(bytes()))
        .bench(|| {
            for ((a, g), c) in arts.iter().zip(&geos).zip(&cls) {
                black_box(claim_features(a, g, c, gaz));
                black_box(mention_features(a, g, gaz));
            }
        });
}

#[divan::bench]
fn features_to_json(b: Bencher) {
    let gaz = Gazetteer::bundled();
    let feats: Vec<_> = articles()
        .iter()
        .flat_map(|a| {
            let e = extract_article(a, gaz);
            e.claims.into_iter().chain(e.mentions)
        })
        .collect();
    b.counter(divan::counter::BytesCount::new(bytes()))
        .bench(|| {
            for f in &feats {
                black_box(feature_json(f));
            }
        });
}

/// Writing the features of the five articles 20 times into every output format (GeoJSON,
/// GeoJSONSeq, CSV, GeoPackage), without the final fsync and rename.
#[divan::bench(sample_count = 20)]
fn write_all_formats(b: Bencher) {
    let gaz = Gazetteer::bundled();
    let exts: Vec<_> = articles().iter().map(|a| extract_article(a, gaz)).collect();
    let tmp = tempfile::tempdir().unwrap();
    let options = Options {
        formats: vec![
            Format::GeoJson,
            Format::GeoJsonSeq,
            Format::Csv,
            Format::Gpkg,
        ],
        mentions: true,
    };
    b.counter(divan::counter::BytesCount::new(bytes() * 20))
        .bench(|| {
            let mut set = OutputSet::create(tmp.path(), &options).unwrap();
            for _ in 0..20 {
                for e in &exts {
                    set.add(&e.claims, &e.mentions).unwrap();
                }
            }
            drop(set);
        });
}

#[divan::bench]
fn whole_article(b: Bencher) {
    let gaz = Gazetteer::bundled();
    let arts = articles();
    b.counter(divan::counter::BytesCount::new(bytes()))
        .bench(|| {
            for a in &arts {
                black_box(extract_article(a, gaz));
            }
        });
}

fn keys() -> Vec<String> {
    let g = Gazetteer::bundled();
    (0..g.keys_len()).map(|i| g.key(i).to_string()).collect()
}
