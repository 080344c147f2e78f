//! Golden GeoJSON of the fixture articles (our own news-style texts): every claim and mention,
//! reviewed on change with `cargo insta review` (or `INSTA_UPDATE=always cargo test --test golden`).

use std::path::Path;

use frontline::article::Article;
use frontline::extract::extract_article;
use frontline::feature::write_collection;
use frontline::gazetteer::Gazetteer;

fn golden(name: &str) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/articles")
        .join(format!("{name}.txt"));
    let bytes = std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let a = Article::from_bytes(name, bytes, &path.display().to_string());
    let x = extract_article(&a, Gazetteer::bundled());
    let mut feats = x.claims.clone();
    feats.extend(x.mentions.iter().cloned());
    let mut out = Vec::new();
    write_collection(&mut out, &feats).expect("writing to memory");
    String::from_utf8(out).expect("GeoJSON is UTF-8")
}

macro_rules! golden_tests {
    ($($test:ident => $name:literal),* $(,)?) => {
        $(
            #[test]
            fn $test() {
                insta::assert_snapshot!($name, golden($name));
            }
        )*
    };
}

golden_tests! {
    pmu_baaj => "iq-pmu-baaj-2017-06-05",
    peshmerga_rabia => "iq-peshmerga-rabia-2014-10-01",
    army_boukamal => "sy-army-boukamal-2017-11-09",
    sdf_euphrates => "sy-sdf-euphrates-villages-2017-10-02",
    rebels_tanf => "sy-rebels-tanf-2016-03-05",
}

#[test]
fn extraction_is_deterministic() {
    for name in ["iq-pmu-baaj-2017-06-05", "sy-army-boukamal-2017-11-09"] {
        assert_eq!(golden(name), golden(name));
    }
}
