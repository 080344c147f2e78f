//! A self-contained offline web map of claims over time (`frontline map`).
//!
//! [`render`] turns claim features into one HTML file: Leaflet (vendored under `vendor/`, pinned
//! by version and checksum) and our own script and style are inlined, the data travels as JSON in
//! a `<script type="application/json">` element, and the base layer (the Iraq–Syria border,
//! governorate and country outlines) comes from the gazetteer's bundled geometry, so the page
//! needs no network. Online tiles are added only when asked for.
//!
//! The state of control on each distinct claim date is computed here, in Rust, through the
//! adapter in [`source`] (the timeline stage's rules), and shipped precomputed; the page only
//! picks the list for the chosen day. Article text is untrusted: the page shows every string with
//! `textContent`, the JSON is escaped so that no `</script>` can close its element, and a
//! Content-Security-Policy allows only our own two scripts (by hash) to run.
//!
//! This module reads claim features and gazetteer geometry; it never reaches into article
//! reading, geoparsing or claim extraction.

pub mod sha256;
pub mod source;

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::io::Write as _;
use std::path::{Path, PathBuf};

use jiff::civil::Date;

use crate::feature::{feature_json, write_json_str, Feature, Geometry, Position, CLAIM_FIELDS};
use crate::gazetteer::geo::Area;
use crate::gazetteer::Gazetteer;

/// Leaflet's version, as vendored (see `vendor/README.md`).
pub const LEAFLET_VERSION: &str = "1.9.4";
/// The vendored files, byte for byte as in the npm package.
pub const LEAFLET_JS: &str = include_str!("vendor/leaflet.js");
pub const LEAFLET_CSS: &str = include_str!("vendor/leaflet.css");
pub const LEAFLET_LICENSE: &str = include_str!("vendor/LICENSE");
/// The vendor directory's README with the recorded checksums.
pub const VENDOR_README: &str = include_str!("vendor/README.md");
/// Our page script and style.
pub const MAP_JS: &str = include_str!("map.js");
pub const MAP_CSS: &str = include_str!("map.css");

/// Errors of the map stage.
#[derive(Debug, thiserror::Error)]
pub enum MapError {
    /// A claim file that cannot be read or is not GeoJSON (the message names the file).
    #[error(transparent)]
    Claims(#[from] crate::timeline::TimelineError),
    #[error("cannot write {path}: {source}")]
    Write {
        path: PathBuf,
        source: std::io::Error,
    },
}

/// What the page should look like beyond its data.
#[derive(Debug, Clone, Default)]
pub struct MapOptions {
    /// The page title; "frontline map" when None.
    pub title: Option<String>,
    /// An XYZ tile URL template (`https://…/{z}/{x}/{y}.png`); no tiles when None.
    pub tiles: Option<String>,
    /// Attribution text shown for the tiles (plain text).
    pub tiles_attribution: Option<String>,
    /// Leave out the zones of control (they take the longest to compute).
    pub no_zones: bool,
}

/// The page and a summary of what went into it.
#[derive(Debug, Clone)]
pub struct Rendered {
    pub html: String,
    /// Claims drawn on the map.
    pub claims: usize,
    /// Claims left out because they have no point geometry.
    pub without_point: usize,
    /// Claims without a readable date (always shown).
    pub undated: usize,
    /// Distinct claim days (slider steps).
    pub dates: usize,
}

/// Colours of the canonical actors (../shared/spec/OUTPUT.md); others get one from [`EXTRA`].
const ACTOR_COLOURS: &[(&str, &str)] = &[
    ("islamic_state", "#1a1a1a"),
    ("iraqi_forces", "#1f77b4"),
    ("pmf", "#2ca02c"),
    ("peshmerga", "#e6b800"),
    ("kurdistan_region", "#b8860b"),
    ("sdf", "#ff7f0e"),
    ("ybs", "#fdae6b"),
    ("pkk", "#a63603"),
    ("syrian_government", "#d62728"),
    ("syrian_rebels", "#9acd32"),
    ("hts", "#636363"),
    ("us_coalition", "#17becf"),
    ("iran", "#8c564b"),
    ("iran_backed_foreign", "#bc80bd"),
    ("russia", "#9467bd"),
    ("turkey", "#e377c2"),
    ("unknown", "#9e9e9e"),
];
const EXTRA: &[&str] = &[
    "#393b79", "#637939", "#8c6d31", "#843c39", "#7b4173", "#3182bd", "#31a354", "#756bb1",
];
/// The colour of "controller unknown".
const NO_CONTROLLER: &str = "#bdbdbd";

/// A stable colour for an actor id.
pub fn actor_colour(actor: &str) -> &'static str {
    if let Some((_, c)) = ACTOR_COLOURS.iter().find(|(a, _)| *a == actor) {
        return c;
    }
    // FNV-1a: the same id gets the same colour on every run and machine
    let mut h: u32 = 0x811c_9dc5;
    for b in actor.bytes() {
        h = (h ^ u32::from(b)).wrapping_mul(0x0100_0193);
    }
    EXTRA[(h as usize) % EXTRA.len()]
}

const CERTAINTIES: &[&str] = &["reported", "claimed", "hedged", "denied"];

/// The state properties the page shows (the rest, such as the lists of supporting claims, stays
/// in `frontline timeline` output).
const STATE_PROPS: &[&str] = &[
    "kind",
    "place_key",
    "place_id",
    "place_name",
    "place_text",
    "relation",
    "controller",
    "since",
    "last_reported",
    "status",
    "n_sources",
    "n_claims",
];
/// The zone properties the page uses.
const ZONE_PROPS: &[&str] = &["kind", "controller", "n_places", "area_km2"];

/// A copy of `f` with only the properties named in `keep`, in that order.
fn slim(f: &Feature, keep: &[&'static str]) -> Feature {
    let mut out = Feature {
        id: f.id.clone(),
        geometry: f.geometry.clone(),
        properties: Vec::with_capacity(keep.len()),
    };
    for k in keep {
        if let Some(v) = f.get(k) {
            out.push(k, v.clone());
        }
    }
    out
}

/// Escapes JSON text for a `<script>` element: `<`, `>`, `&`, U+2028 and U+2029 become `\u…`
/// escapes. These characters only occur inside JSON strings, where the escapes mean the same.
pub fn script_safe_json(json: &str) -> String {
    let mut out = String::with_capacity(json.len() + json.len() / 16);
    for c in json.chars() {
        match c {
            '<' => out.push_str("\\u003c"),
            '>' => out.push_str("\\u003e"),
            '&' => out.push_str("\\u0026"),
            '\u{2028}' => out.push_str("\\u2028"),
            '\u{2029}' => out.push_str("\\u2029"),
            c => out.push(c),
        }
    }
    out
}

/// Escapes text for HTML element content and attribute values.
pub fn html_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// Leaflet's script without its trailing `//# sourceMappingURL=` comment (the map file is not
/// shipped, and a page opened from disk should ask for nothing).
pub fn leaflet_script() -> &'static str {
    match LEAFLET_JS.rsplit_once("\n//# sourceMappingURL=") {
        Some((code, _)) => code,
        None => LEAFLET_JS,
    }
}

/// The claim as the page needs it: the contract's claim properties in their order, plus `day`
/// (the first day its date covers, the slider's key).
fn page_claim(f: &Feature, day: Option<Date>) -> Feature {
    let mut out = Feature {
        id: f
            .id
            .clone()
            .or_else(|| f.get_str("claim_id").map(str::to_string)),
        geometry: f.geometry.clone(),
        properties: Vec::with_capacity(CLAIM_FIELDS.len() + 1),
    };
    for (name, _) in CLAIM_FIELDS {
        if let Some(v) = f.get(name) {
            out.push(name, v.clone());
        }
    }
    out.push("day", day.map(|d| d.to_string()));
    out
}

fn area_feature(a: &Area) -> Feature {
    let polys = a
        .shape
        .0
        .iter()
        .map(|p| {
            std::iter::once(p.exterior())
                .chain(p.interiors())
                .map(|ring| ring.coords().map(|c| [c.x, c.y]).collect::<Vec<Position>>())
                .collect::<Vec<_>>()
        })
        .collect();
    let mut f = Feature {
        id: Some(a.id.clone()),
        geometry: Some(Geometry::MultiPolygon(polys)),
        properties: Vec::new(),
    };
    f.push("name", a.name.as_str());
    f.push("country", a.country.as_str());
    f
}

fn push_features(out: &mut String, features: &[Feature]) {
    out.push('[');
    for (i, f) in features.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        out.push('\n');
        out.push_str(&feature_json(f));
    }
    out.push(']');
}

fn push_str_list<'a>(out: &mut String, items: impl IntoIterator<Item = &'a str>) {
    out.push('[');
    for (i, s) in items.into_iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        write_json_str(out, s);
    }
    out.push(']');
}

fn push_opt_str(out: &mut String, s: Option<&str>) {
    match s {
        Some(s) => write_json_str(out, s),
        None => out.push_str("null"),
    }
}

/// Builds the map page from claim features and the gazetteer's geometry. Deterministic: the
/// same claims (in any order) give the same bytes.
pub fn render(claims: &[Feature], gazetteer: &Gazetteer, opts: &MapOptions) -> Rendered {
    let geo = &gazetteer.geo;
    // the claims the page shows, sorted by day (undated last), then claim id; exact duplicates
    // (the same claim read from two files) once
    let mut keyed: Vec<(Option<Date>, String, Feature)> = Vec::new();
    let mut without_point = 0;
    for f in claims {
        if f.point().is_none() {
            without_point += 1;
            continue;
        }
        let day = source::claim_day(f);
        let pf = page_claim(f, day);
        keyed.push((day, feature_json(&pf), pf));
    }
    keyed.sort_by(|a, b| {
        (a.0.is_none(), a.0, a.2.get_str("claim_id"), &a.1).cmp(&(
            b.0.is_none(),
            b.0,
            b.2.get_str("claim_id"),
            &b.1,
        ))
    });
    keyed.dedup_by(|a, b| a.1 == b.1);
    let shown: Vec<Feature> = keyed.iter().map(|(_, _, f)| f.clone()).collect();
    let undated = keyed.iter().filter(|k| k.0.is_none()).count();
    let dates: Vec<Date> = keyed
        .iter()
        .filter_map(|k| k.0)
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();

    let mut states: Vec<(Date, Vec<Feature>)> = Vec::new();
    let mut zones: Vec<(Date, Vec<Feature>)> = Vec::new();
    for (d, s, z) in source::states_and_zones(claims, &dates, gazetteer, !opts.no_zones) {
        states.push((d, s));
        if !opts.no_zones {
            zones.push((d, z));
        }
    }

    // actors for the legend and filters: everyone who acts, loses or controls
    let mut actors: BTreeSet<String> = BTreeSet::new();
    for f in &shown {
        for key in ["actor", "controller", "from_actor"] {
            if let Some(a) = f.get_str(key) {
                actors.insert(a.to_string());
            }
        }
    }
    for (_, list) in states.iter().chain(zones.iter()) {
        for f in list {
            if let Some(a) = f.get_str("controller") {
                actors.insert(a.to_string());
            }
        }
    }
    let mut certainties: Vec<String> = CERTAINTIES.iter().map(|s| s.to_string()).collect();
    let others: BTreeSet<String> = shown
        .iter()
        .filter_map(|f| f.get_str("certainty"))
        .filter(|c| !CERTAINTIES.contains(c))
        .map(str::to_string)
        .collect();
    certainties.extend(others);

    let mut data = String::with_capacity(256 * 1024);
    data.push_str("{\"title\":");
    write_json_str(&mut data, opts.title.as_deref().unwrap_or("frontline map"));
    data.push_str(",\n\"leaflet_version\":");
    write_json_str(&mut data, LEAFLET_VERSION);
    data.push_str(",\n\"tiles\":");
    push_opt_str(&mut data, opts.tiles.as_deref());
    data.push_str(",\n\"tiles_attribution\":");
    push_opt_str(&mut data, opts.tiles_attribution.as_deref());
    data.push_str(",\n\"no_controller_colour\":");
    write_json_str(&mut data, NO_CONTROLLER);
    data.push_str(",\n\"colours\":{");
    for (i, a) in actors.iter().enumerate() {
        if i > 0 {
            data.push(',');
        }
        write_json_str(&mut data, a);
        data.push(':');
        write_json_str(&mut data, actor_colour(a));
    }
    data.push_str("},\n\"actors\":");
    push_str_list(&mut data, actors.iter().map(String::as_str));
    data.push_str(",\n\"certainties\":");
    push_str_list(&mut data, certainties.iter().map(String::as_str));
    data.push_str(",\n\"dates\":");
    let date_strings: Vec<String> = dates.iter().map(Date::to_string).collect();
    push_str_list(&mut data, date_strings.iter().map(String::as_str));
    data.push_str(",\n\"claims\":");
    push_features(&mut data, &shown);
    // States and zones rarely change from one day to the next: each distinct feature is written
    // once, in a table, and each day lists the indexes of its features.
    for (name, per_day, keep) in [
        ("states", &states, STATE_PROPS),
        ("zones", &zones, ZONE_PROPS),
    ] {
        let mut table: Vec<String> = Vec::new();
        let mut seen: HashMap<String, usize> = HashMap::new();
        let mut days: Vec<(String, Vec<usize>)> = Vec::new();
        for (d, list) in per_day.iter() {
            let mut idx = Vec::with_capacity(list.len());
            for f in list {
                let json = feature_json(&slim(f, keep));
                let i = match seen.get(&json) {
                    Some(&i) => i,
                    None => {
                        table.push(json.clone());
                        seen.insert(json, table.len() - 1);
                        table.len() - 1
                    }
                };
                idx.push(i);
            }
            days.push((d.to_string(), idx));
        }
        data.push_str(",\n\"");
        data.push_str(name);
        data.push_str("_table\":[");
        for (i, json) in table.iter().enumerate() {
            if i > 0 {
                data.push(',');
            }
            data.push('\n');
            data.push_str(json);
        }
        data.push_str("],\n\"");
        data.push_str(name);
        data.push_str("\":{");
        for (i, (d, idx)) in days.iter().enumerate() {
            if i > 0 {
                data.push(',');
            }
            data.push('\n');
            write_json_str(&mut data, d);
            data.push_str(":[");
            for (k, n) in idx.iter().enumerate() {
                if k > 0 {
                    data.push(',');
                }
                data.push_str(&n.to_string());
            }
            data.push(']');
        }
        data.push('}');
    }
    let base: BTreeMap<&str, Vec<Feature>> = BTreeMap::from([
        (
            "countries",
            geo.countries.iter().map(area_feature).collect(),
        ),
        ("admin1", geo.admin1.iter().map(area_feature).collect()),
        (
            "border",
            vec![Feature {
                id: Some("border:IQ-SY".into()),
                geometry: Some(Geometry::MultiLineString(geo.border.clone())),
                properties: vec![("name".into(), "Iraq–Syria border".into())],
            }],
        ),
    ]);
    data.push_str(",\n\"base\":{");
    for (i, (name, list)) in base.iter().enumerate() {
        if i > 0 {
            data.push(',');
        }
        data.push('\n');
        write_json_str(&mut data, name);
        data.push(':');
        push_features(&mut data, list);
    }
    data.push_str("}}");

    let html = page(&script_safe_json(&data), opts);
    Rendered {
        html,
        claims: shown.len(),
        without_point,
        undated,
        dates: dates.len(),
    }
}

/// The CSP hash source of an inline script.
fn csp_hash(script: &str) -> String {
    format!(
        "'sha256-{}'",
        sha256::base64(&sha256::sha256(script.as_bytes()))
    )
}

fn page(data_json: &str, opts: &MapOptions) -> String {
    let leaflet = leaflet_script();
    let title = opts.title.as_deref().unwrap_or("frontline map");
    let img_src = if opts.tiles.is_some() {
        "data: https: http:"
    } else {
        "data:"
    };
    let csp = format!(
        "default-src 'none'; script-src {} {}; style-src 'unsafe-inline'; img-src {img_src}; \
         base-uri 'none'; form-action 'none'",
        csp_hash(leaflet),
        csp_hash(MAP_JS)
    );
    let mut html = String::with_capacity(
        data_json.len() + leaflet.len() + LEAFLET_CSS.len() + MAP_JS.len() + 4096,
    );
    html.push_str("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
    html.push_str("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
    html.push_str("<meta http-equiv=\"Content-Security-Policy\" content=\"");
    html.push_str(&html_escape(&csp));
    html.push_str("\">\n<meta name=\"generator\" content=\"frontline ");
    html.push_str(env!("CARGO_PKG_VERSION"));
    html.push_str("\">\n<title>");
    html.push_str(&html_escape(title));
    html.push_str("</title>\n<!-- Leaflet ");
    html.push_str(LEAFLET_VERSION);
    html.push_str(
        " (c) 2010-2023 Vladimir Agafonkin, (c) 2010-2011 CloudMade; BSD 2-Clause License -->\n",
    );
    html.push_str("<style>\n");
    html.push_str(LEAFLET_CSS);
    html.push_str("\n</style>\n<style>\n");
    html.push_str(MAP_CSS);
    html.push_str("</style>\n</head>\n<body>\n<div id=\"map\" role=\"application\" aria-label=\"");
    html.push_str(&html_escape(title));
    html.push_str("\"></div>\n<script type=\"application/json\" id=\"frontline-data\">");
    html.push_str(data_json);
    html.push_str("</script>\n<script>");
    html.push_str(leaflet);
    html.push_str("</script>\n<script>");
    html.push_str(MAP_JS);
    html.push_str("</script>\n</body>\n</html>\n");
    html
}

/// Writes `html` to `path` atomically: a temporary file in the same directory, then a rename, so
/// a reader never sees half a page and a failed run leaves an existing map as it was.
pub fn write_atomically(path: &Path, html: &str) -> Result<(), MapError> {
    let err = |source: std::io::Error| MapError::Write {
        path: path.to_path_buf(),
        source,
    };
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    let mut builder = tempfile::Builder::new();
    builder.prefix(".frontline-map-").suffix(".tmp");
    #[cfg(unix)]
    {
        // a page is for reading: rw-r--r-- (less what the umask takes), not tempfile's 0600
        use std::os::unix::fs::PermissionsExt as _;
        builder.permissions(std::fs::Permissions::from_mode(0o644));
    }
    let mut tmp = builder
        .tempfile_in(dir)
        .map_err(|e| err(crate::output::without_temp_path(e)))?;
    tmp.write_all(html.as_bytes()).map_err(err)?;
    tmp.as_file().sync_all().map_err(err)?;
    tmp.persist(path)
        .map_err(|e| err(crate::output::without_temp_path(e.error)))?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_cannot_close_its_script_element() {
        let s = script_safe_json("{\"e\":\"</script><!-- & \u{2028}\u{2029}\"}");
        assert_eq!(
            s,
            "{\"e\":\"\\u003c/script\\u003e\\u003c!-- \\u0026 \\u2028\\u2029\"}"
        );
        let v: serde_json::Value = serde_json::from_str(&s).unwrap_or_default();
        assert_eq!(v["e"], "</script><!-- & \u{2028}\u{2029}");
    }

    #[test]
    fn inlined_scripts_are_safe_to_inline() {
        for (name, s) in [("leaflet.js", leaflet_script()), ("map.js", MAP_JS)] {
            let lower = s.to_ascii_lowercase();
            assert!(!lower.contains("</script"), "{name} contains </script");
            assert!(!lower.contains("<script"), "{name} contains <script");
            assert!(!lower.contains("<!--"), "{name} contains <!--");
            assert!(!lower.contains("sourcemappingurl"), "{name} asks for a map");
        }
        assert!(!MAP_CSS.to_ascii_lowercase().contains("</style"));
    }

    #[test]
    fn vendored_files_match_recorded_checksums() {
        for (name, body) in [
            ("leaflet.js", LEAFLET_JS),
            ("leaflet.css", LEAFLET_CSS),
            ("LICENSE", LEAFLET_LICENSE),
        ] {
            let sum = sha256::hex(&sha256::sha256(body.as_bytes()));
            let recorded = VENDOR_README
                .lines()
                .any(|l| l.contains(&sum) && l.contains(&format!("`{name}`")));
            assert!(
                recorded,
                "{name}: sha256 {sum} not recorded in vendor/README.md"
            );
        }
        assert!(VENDOR_README.contains(&format!("leaflet@{LEAFLET_VERSION}")));
        assert!(LEAFLET_JS.contains(&format!("Leaflet {LEAFLET_VERSION}")));
    }

    #[test]
    fn colours_are_stable() {
        assert_eq!(actor_colour("islamic_state"), "#1a1a1a");
        assert_eq!(actor_colour("someone_new"), actor_colour("someone_new"));
    }
}
