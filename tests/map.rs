//! Tests of `frontline map`: the page it writes from the fixture claims in tests/fixtures/map/
//! (escaping, determinism, exit codes, atomic writing) and, in a real browser, what the page does
//! (tests/web/map.test.js through playwright-core and Debian's Chromium; skipped with a "SKIP:"
//! line when node, tests/web/node_modules or /usr/bin/chromium is missing).

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const CHROMIUM: &str = "/usr/bin/chromium";

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn fixture() -> PathBuf {
    root().join("tests/fixtures/map/claims.geojson")
}

fn frontline(args: &[&std::ffi::OsStr]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_frontline"))
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("cannot run frontline: {e}"))
}

fn map(inputs: &[&Path], out: &Path, extra: &[&str]) -> Output {
    let mut args: Vec<&std::ffi::OsStr> = vec!["map".as_ref()];
    args.extend(inputs.iter().map(|p| p.as_os_str()));
    args.push("-o".as_ref());
    args.push(out.as_os_str());
    args.extend(extra.iter().map(|s| std::ffi::OsStr::new(*s)));
    frontline(&args)
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn write_map(dir: &Path) -> PathBuf {
    let out = dir.join("map.html");
    let o = map(&[&fixture()], &out, &[]);
    assert!(o.status.success(), "frontline map failed: {}", stderr(&o));
    out
}

/// The JSON text inside `<script type="application/json" id="frontline-data">`.
fn data_json(html: &str) -> &str {
    let start_tag = "<script type=\"application/json\" id=\"frontline-data\">";
    let start = html.find(start_tag).map(|i| i + start_tag.len());
    let start = start.unwrap_or_else(|| panic!("no data element"));
    let len = html[start..]
        .find("</script>")
        .unwrap_or_else(|| panic!("data not closed"));
    &html[start..start + len]
}

#[test]
fn page_is_self_contained_and_escapes_article_text() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let html = std::fs::read_to_string(write_map(dir.path())).unwrap_or_default();
    // the three scripts (data, Leaflet, ours) and nothing else can close a script element
    assert_eq!(html.matches("</script").count(), 3);
    assert_eq!(html.to_ascii_lowercase().matches("<script").count(), 3);
    assert!(
        !html.contains("<img"),
        "markup from evidence reached the page"
    );
    // nothing to load from elsewhere (Leaflet's attribution links to its site, which is fine)
    for remote in ["src=\"http", "src=\"//", "url(http", "url(//", "@import"] {
        assert!(
            !html.contains(remote),
            "page refers to a remote resource: {remote}"
        );
    }
    assert!(!html.contains("sourceMappingURL"));
    assert!(html.contains("Content-Security-Policy"));
    assert!(html.contains("Leaflet 1.9.4"));
    let json = data_json(&html);
    for c in ['<', '>', '&', '\u{2028}', '\u{2029}'] {
        assert!(!json.contains(c), "unescaped {c:?} in the data");
    }
    let data: serde_json::Value = serde_json::from_str(json).unwrap_or_default();
    let claims = data["claims"].as_array().cloned().unwrap_or_default();
    assert_eq!(claims.len(), 8);
    assert_eq!(data["dates"].as_array().map(Vec::len), Some(4));
    let evidence: Vec<&str> = claims
        .iter()
        .filter_map(|c| c["properties"]["evidence"].as_str())
        .collect();
    assert!(evidence
        .iter()
        .any(|e| e.contains("<img src=x onerror=\"window.__xss=1\">")));
    assert!(evidence
        .iter()
        .any(|e| e.contains("<script>window.__xss=2</script>")));
    assert!(evidence.iter().any(|e| e.contains('\u{2028}')));
    // states for every date, the border and outlines from the gazetteer
    assert_eq!(data["states"].as_object().map(|m| m.len()), Some(4));
    assert!(data["base"]["border"][0]["geometry"]["coordinates"][0]
        .as_array()
        .is_some_and(|l| l.len() > 10));
    assert!(data["base"]["admin1"]
        .as_array()
        .is_some_and(|a| a.len() > 10));
}

#[test]
fn same_claims_give_the_same_bytes() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let a = std::fs::read(write_map(dir.path())).unwrap_or_default();
    // the same claims split over two files, in the other order
    let text = std::fs::read_to_string(fixture()).unwrap_or_default();
    let v: serde_json::Value = serde_json::from_str(&text).unwrap_or_default();
    let features = v["features"].as_array().cloned().unwrap_or_default();
    let (first, second) = features.split_at(features.len() / 2);
    let write = |name: &str, fs: &[serde_json::Value]| {
        let mut fs = fs.to_vec();
        fs.reverse();
        let p = dir.path().join(name);
        let fc = serde_json::json!({"type": "FeatureCollection", "features": fs});
        std::fs::write(&p, fc.to_string()).unwrap_or_else(|e| panic!("{e}"));
        p
    };
    let p1 = write("one.geojson", first);
    let p2 = write("two.geojson", second);
    let out = dir.path().join("split.html");
    let o = map(&[&p2, &p1], &out, &[]);
    assert!(o.status.success(), "{}", stderr(&o));
    let b = std::fs::read(&out).unwrap_or_default();
    assert!(a == b, "the page depends on input order");
    let o = map(&[&fixture()], &out, &[]);
    assert!(o.status.success());
    assert!(std::fs::read(&out).unwrap_or_default() == a);
}

#[test]
fn unreadable_claims_exit_3_naming_the_file() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let out = dir.path().join("map.html");
    let missing = dir.path().join("no-such-claims.geojson");
    let o = map(&[&missing], &out, &[]);
    assert_eq!(o.status.code(), Some(3), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("no-such-claims.geojson"),
        "{}",
        stderr(&o)
    );

    let broken = dir.path().join("broken.geojson");
    std::fs::write(&broken, "{\"type\":\"FeatureCollection\",\"features\":[\n")
        .unwrap_or_else(|e| panic!("{e}"));
    let o = map(&[&fixture(), &broken], &out, &[]);
    assert_eq!(o.status.code(), Some(3), "{}", stderr(&o));
    assert!(stderr(&o).contains("broken.geojson"), "{}", stderr(&o));
    assert!(!out.exists(), "a page was written despite the error");
}

#[test]
fn unwritable_output_exits_4_and_leaves_nothing_behind() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let o = map(&[&fixture()], &dir.path().join("missing/dir/map.html"), &[]);
    assert_eq!(o.status.code(), Some(4), "{}", stderr(&o));
    assert!(stderr(&o).contains("map.html"), "{}", stderr(&o));

    // a directory where the page should go: the rename fails, the temporary file goes away
    let target = dir.path().join("taken");
    std::fs::create_dir(&target).unwrap_or_else(|e| panic!("{e}"));
    std::fs::write(target.join("keep"), "x").unwrap_or_else(|e| panic!("{e}"));
    let o = map(&[&fixture()], &target, &[]);
    assert_eq!(o.status.code(), Some(4), "{}", stderr(&o));
    let left: Vec<_> = std::fs::read_dir(dir.path())
        .map(|d| d.filter_map(Result::ok).map(|e| e.file_name()).collect())
        .unwrap_or_default();
    assert_eq!(left, vec![std::ffi::OsString::from("taken")], "{left:?}");
}

#[test]
fn tiles_only_when_asked_for() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let plain = std::fs::read_to_string(write_map(dir.path())).unwrap_or_default();
    let data: serde_json::Value = serde_json::from_str(data_json(&plain)).unwrap_or_default();
    assert!(data["tiles"].is_null());
    let out = dir.path().join("tiles.html");
    let url = "https://tile.example.org/{z}/{x}/{y}.png";
    let o = map(
        &[&fixture()],
        &out,
        &["--tiles", url, "--tiles-attribution", "<b>Example</b> & co"],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let html = std::fs::read_to_string(&out).unwrap_or_default();
    let data: serde_json::Value = serde_json::from_str(data_json(&html)).unwrap_or_default();
    assert_eq!(data["tiles"], url);
    assert_eq!(data["tiles_attribution"], "<b>Example</b> & co");
    assert!(!html.contains("<b>Example"));
}

fn missing_browser_tools() -> Option<String> {
    let node = Command::new("node").arg("--version").output();
    if !node.is_ok_and(|o| o.status.success()) {
        return Some("node is not installed".into());
    }
    if !root()
        .join("tests/web/node_modules/playwright-core")
        .is_dir()
    {
        return Some("tests/web/node_modules is missing (run `npm ci` in tests/web)".into());
    }
    if !Path::new(CHROMIUM).exists() {
        return Some(format!("{CHROMIUM} is not installed"));
    }
    None
}

#[test]
fn page_works_in_chromium() {
    if let Some(why) = missing_browser_tools() {
        println!("SKIP: browser test of the map: {why}");
        return;
    }
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let page = write_map(dir.path());
    let o = Command::new("node")
        .arg(root().join("tests/web/map.test.js"))
        .arg(&page)
        .output()
        .unwrap_or_else(|e| panic!("cannot run node: {e}"));
    let out = String::from_utf8_lossy(&o.stdout);
    println!("{out}");
    eprintln!("{}", stderr(&o));
    assert!(
        o.status.success(),
        "browser test failed:\n{out}\n{}",
        stderr(&o)
    );
    assert!(out.contains("ok - window.__xss is undefined"));
    assert!(out.contains("ok - popup shows the literal <img text"));
    assert!(out.contains("ok - slider to the first day shows fewer markers"));
}
