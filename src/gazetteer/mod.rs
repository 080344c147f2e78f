//! The bundled gazetteer: places of the Iraq–Syria border region (and the world's countries and
//! capitals), their names under every spelling, and an index to look them up.
//!
//! The data files in `gazetteer/` are embedded in the binary; [`Gazetteer::bundled`] parses them
//! once per process. [`Gazetteer::from_dir`] loads a replacement directory of the same layout.
//! Matching uses the keys of [`normalize`]; this module never reads article text.

pub mod fxhash;
pub mod geo;
pub mod normalize;
pub mod trie;

use std::fmt;
use std::path::Path;
use std::sync::OnceLock;

use fxhash::FxHashMap as HashMap;
use normalize::{exact_key, loose_key, skeleton, SimilarTo};
use trie::KeyTrie;

/// The embedded data files.
pub mod bundled {
    pub const PLACES: &str = include_str!("../../gazetteer/places.tsv");
    pub const BORDER: &str = include_str!("../../gazetteer/border.geojson");
    pub const ADMIN1: &str = include_str!("../../gazetteer/admin1.geojson");
    pub const COUNTRIES: &str = include_str!("../../gazetteer/countries.geojson");
    /// The keys of every name in `PLACES`, computed by the build script with
    /// [`super::normalize`]: `name \t exact key \t loose key \t skeleton` per line.
    pub const NAME_KEYS: &str = include_str!(concat!(env!("OUT_DIR"), "/name_keys.tsv"));

    /// [`NAME_KEYS`] as a map from the name.
    pub(super) fn name_keys() -> super::NameKeys {
        let mut keys = super::NameKeys::with_capacity_and_hasher(
            NAME_KEYS.bytes().filter(|&b| b == b'\n').count(),
            Default::default(),
        );
        keys.extend(NAME_KEYS.lines().filter_map(|l| {
            let mut f = l.split('\t');
            Some((f.next()?, (f.next()?, f.next()?, f.next()?)))
        }));
        keys
    }
}

/// Names with their exact key, loose key and skeleton, computed beforehand.
type NameKeys = HashMap<&'static str, (&'static str, &'static str, &'static str)>;

/// Errors of loading a gazetteer.
#[derive(Debug, thiserror::Error)]
pub enum GazetteerError {
    #[error("{path}: cannot read: {source}")]
    Io {
        path: String,
        source: std::io::Error,
    },
    #[error("{path}:{line}: {msg}")]
    Parse {
        path: String,
        line: usize,
        msg: String,
    },
}

/// What sort of place an entry is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Kind {
    Country,
    Governorate,
    District,
    City,
    Town,
    Village,
    BorderCrossing,
    Region,
    River,
    Mountain,
    Other,
}

impl Kind {
    pub fn parse(s: &str) -> Option<Kind> {
        Some(match s {
            "country" => Kind::Country,
            "governorate" => Kind::Governorate,
            "district" => Kind::District,
            "city" => Kind::City,
            "town" => Kind::Town,
            "village" => Kind::Village,
            "border_crossing" => Kind::BorderCrossing,
            "region" => Kind::Region,
            "river" => Kind::River,
            "mountain" => Kind::Mountain,
            "other" => Kind::Other,
            _ => return None,
        })
    }
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Country => "country",
            Kind::Governorate => "governorate",
            Kind::District => "district",
            Kind::City => "city",
            Kind::Town => "town",
            Kind::Village => "village",
            Kind::BorderCrossing => "border_crossing",
            Kind::Region => "region",
            Kind::River => "river",
            Kind::Mountain => "mountain",
            Kind::Other => "other",
        }
    }
    /// A prior of how likely a bare name means a place of this kind.
    pub fn weight(self) -> f64 {
        match self {
            Kind::Country => 1.0,
            Kind::Governorate => 0.8,
            Kind::City => 0.75,
            Kind::Town => 0.55,
            Kind::District => 0.4,
            Kind::BorderCrossing => 0.45,
            Kind::River => 0.5,
            Kind::Mountain => 0.4,
            Kind::Region => 0.4,
            Kind::Village => 0.3,
            Kind::Other => 0.3,
        }
    }
    /// ACLED geo-precision of the place itself (1 town, 2 small area, 3 region).
    pub fn geo_precision(self) -> i64 {
        match self {
            Kind::City | Kind::Town | Kind::Village | Kind::BorderCrossing | Kind::Other => 1,
            Kind::District | Kind::Mountain => 2,
            _ => 3,
        }
    }
    /// A radius in km within which the place's extent lies.
    pub fn extent_km(self) -> f64 {
        match self {
            Kind::Country => 300.0,
            Kind::Governorate => 80.0,
            Kind::Region => 60.0,
            Kind::River => 50.0,
            Kind::District => 25.0,
            Kind::Mountain => 20.0,
            Kind::City => 8.0,
            Kind::Town => 3.0,
            Kind::Village | Kind::BorderCrossing | Kind::Other => 1.5,
        }
    }
    /// True for places that a map shows as a point (the scorer's "point-like").
    pub fn is_pointlike(self) -> bool {
        matches!(
            self,
            Kind::City
                | Kind::Town
                | Kind::Village
                | Kind::BorderCrossing
                | Kind::District
                | Kind::Other
        )
    }
}

impl fmt::Display for Kind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One real place, merged from every source that knows it.
#[derive(Debug, Clone)]
pub struct Place {
    pub id: String,
    pub name: String,
    pub kind: Kind,
    pub country: Option<String>,
    pub admin1: Option<String>,
    pub population: Option<u64>,
    pub lat: f64,
    pub lon: f64,
    pub names: Vec<String>,
    pub ids: Vec<String>,
    pub sources: Vec<String>,
    pub note: String,
}

impl Place {
    /// A prior importance in 0..~1.5: kind, population, number of sources.
    pub fn importance(&self) -> f64 {
        let pop = self.population.unwrap_or(0) as f64;
        self.kind.weight() + (pop + 1.0).log10() / 14.0 + 0.04 * (self.sources.len() as f64 - 1.0)
    }
    /// True when the place lies in Iraq or Syria.
    pub fn in_iraq_or_syria(&self) -> bool {
        matches!(self.country.as_deref(), Some("IQ" | "SY"))
    }
}

/// How a name matched a place.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum MatchQuality {
    /// The folded name equals one of the place's names.
    Exact,
    /// Equal under the transliteration-tolerant loose key.
    Alias,
    /// Equal consonant skeletons only.
    Fuzzy,
}

impl MatchQuality {
    pub fn as_str(self) -> &'static str {
        match self {
            MatchQuality::Exact => "exact",
            MatchQuality::Alias => "alias",
            MatchQuality::Fuzzy => "fuzzy",
        }
    }
    pub fn factor(self) -> f64 {
        match self {
            MatchQuality::Exact => 1.0,
            MatchQuality::Alias => 0.9,
            MatchQuality::Fuzzy => 0.6,
        }
    }
}

/// A lookup result.
#[derive(Debug, Clone)]
pub struct Candidate<'g> {
    pub place: &'g Place,
    pub index: u32,
    pub quality: MatchQuality,
    pub score: f64,
}

/// The gazetteer with its indexes.
pub struct Gazetteer {
    places: Vec<Place>,
    /// Distinct loose keys (the trie's patterns), each with the places that bear it.
    keys: Vec<String>,
    key_places: Vec<Vec<u32>>,
    by_loose: HashMap<String, u32>,
    by_exact: HashMap<String, Vec<u32>>,
    by_skeleton: HashMap<String, Vec<u32>>,
    trie: KeyTrie,
    /// Exact keys of every place's names, for the spelling-similarity guard.
    exact_names: Vec<Vec<String>>,
    /// For each of those names: its length in characters without spaces, and how many of them
    /// are not ASCII (for the bounds of [`Gazetteer::name_similar`]).
    name_lengths: Vec<Vec<(u32, u32)>>,
    pub geo: geo::GeoData,
    /// A number no other gazetteer of the process has (see [`Gazetteer::uid`]).
    uid: u64,
}

static BUNDLED: OnceLock<Gazetteer> = OnceLock::new();

/// The length in characters of an exact key without its spaces, and how many of those are not
/// ASCII.
fn name_length(s: &str) -> (u32, u32) {
    if s.is_ascii() {
        return (s.bytes().filter(|&b| b != b' ').count() as u32, 0);
    }
    let mut n = 0;
    let mut non_ascii = 0;
    for c in s.chars().filter(|&c| c != ' ') {
        n += 1;
        non_ascii += u32::from(!c.is_ascii());
    }
    (n, non_ascii)
}

fn parse_f64(s: &str, path: &str, line: usize, what: &str) -> Result<f64, GazetteerError> {
    s.parse::<f64>()
        .ok()
        .filter(|x| x.is_finite())
        .ok_or_else(|| GazetteerError::Parse {
            path: path.to_string(),
            line,
            msg: format!("{what} is not a number: {s:?}"),
        })
}

/// Parses `places.tsv` text.
pub fn parse_places(text: &str, path: &str) -> Result<Vec<Place>, GazetteerError> {
    let mut places = Vec::new();
    let mut lines = text.lines().enumerate();
    let header = lines.next().map(|(_, l)| l).unwrap_or("");
    let cols: Vec<&str> = header.split('\t').collect();
    let col = |name: &str| cols.iter().position(|c| *c == name);
    let need = [
        "id",
        "name",
        "kind",
        "country",
        "admin1",
        "population",
        "lat",
        "lon",
        "names",
        "ids",
        "sources",
    ];
    let mut idx = [0usize; 11];
    for (i, n) in need.iter().enumerate() {
        idx[i] = col(n).ok_or_else(|| GazetteerError::Parse {
            path: path.to_string(),
            line: 1,
            msg: format!("missing column {n:?}"),
        })?;
    }
    let note_col = col("note");
    for (ln, line) in lines {
        let line_no = ln + 1;
        if line.trim().is_empty() {
            continue;
        }
        let f: Vec<&str> = line.split('\t').collect();
        let get = |i: usize| f.get(idx[i]).copied().unwrap_or("");
        let kind = Kind::parse(get(2)).ok_or_else(|| GazetteerError::Parse {
            path: path.to_string(),
            line: line_no,
            msg: format!("unknown kind {:?}", get(2)),
        })?;
        let opt = |s: &str| (!s.is_empty()).then(|| s.to_string());
        let list = |s: &str| -> Vec<String> {
            s.split('|')
                .filter(|x| !x.is_empty())
                .map(str::to_string)
                .collect()
        };
        let mut names = list(get(8));
        let name = get(1).to_string();
        if !names.contains(&name) {
            names.insert(0, name.clone());
        }
        places.push(Place {
            id: get(0).to_string(),
            name,
            kind,
            country: opt(get(3)),
            admin1: opt(get(4)),
            population: get(5).parse().ok(),
            lat: parse_f64(get(6), path, line_no, "lat")?,
            lon: parse_f64(get(7), path, line_no, "lon")?,
            names,
            ids: list(get(9)),
            sources: list(get(10)),
            note: note_col
                .and_then(|c| f.get(c))
                .map(|s| s.to_string())
                .unwrap_or_default(),
        });
    }
    Ok(places)
}

impl Gazetteer {
    /// The gazetteer embedded in the binary, parsed on first use.
    pub fn bundled() -> &'static Gazetteer {
        BUNDLED.get_or_init(Gazetteer::load_bundled)
    }

    /// A new copy of the embedded gazetteer (what [`Gazetteer::bundled`] builds once): the
    /// data files parsed, the names' keys taken from the build script's table.
    pub fn load_bundled() -> Gazetteer {
        // The bundled data is compiled in and parsed by the tests: it cannot fail at run time.
        #[allow(clippy::expect_used)]
        let places = parse_places(bundled::PLACES, "gazetteer/places.tsv")
            .expect("the bundled gazetteer parses (checked by tests)");
        #[allow(clippy::expect_used)]
        let geo = geo::GeoData::parse(bundled::BORDER, bundled::ADMIN1, bundled::COUNTRIES)
            .expect("the bundled geometry parses (checked by tests)");
        Gazetteer::with_keys(places, geo, &bundled::name_keys())
    }

    /// Loads a gazetteer directory of the bundled layout (`places.tsv`, and optionally
    /// `border.geojson`, `admin1.geojson`, `countries.geojson`; missing geometry files fall back to the
    /// bundled ones).
    pub fn from_dir(dir: &Path) -> Result<Gazetteer, GazetteerError> {
        let read = |name: &str, fallback: Option<&'static str>| -> Result<String, GazetteerError> {
            let p = dir.join(name);
            match std::fs::read_to_string(&p) {
                Ok(s) => Ok(s),
                Err(e) if e.kind() == std::io::ErrorKind::NotFound && fallback.is_some() => {
                    Ok(fallback.unwrap_or_default().to_string())
                }
                Err(e) => Err(GazetteerError::Io {
                    path: p.display().to_string(),
                    source: e,
                }),
            }
        };
        let places_path = dir.join("places.tsv").display().to_string();
        let places = parse_places(&read("places.tsv", None)?, &places_path)?;
        let geo = geo::GeoData::parse(
            &read("border.geojson", Some(bundled::BORDER))?,
            &read("admin1.geojson", Some(bundled::ADMIN1))?,
            &read("countries.geojson", Some(bundled::COUNTRIES))?,
        )
        .map_err(|msg| GazetteerError::Parse {
            path: dir.display().to_string(),
            line: 0,
            msg,
        })?;
        Ok(Gazetteer::new(places, geo))
    }

    /// Builds the indexes over `places`.
    pub fn new(places: Vec<Place>, geo: geo::GeoData) -> Gazetteer {
        Gazetteer::with_keys(places, geo, &HashMap::default())
    }

    /// Builds the indexes over `places`, taking the keys of a name from `known` (name → exact
    /// key, loose key, skeleton) when it is there and computing them otherwise.
    fn with_keys(places: Vec<Place>, geo: geo::GeoData, known: &NameKeys) -> Gazetteer {
        // sized for every name at once: no rehashing while they go in
        let names = places.iter().map(|p| p.names.len()).sum::<usize>();
        let mut keys: Vec<String> = Vec::with_capacity(names);
        let mut key_places: Vec<Vec<u32>> = Vec::with_capacity(names);
        let mut by_loose: HashMap<String, u32> =
            HashMap::with_capacity_and_hasher(names, Default::default());
        let mut by_exact: HashMap<String, Vec<u32>> =
            HashMap::with_capacity_and_hasher(names, Default::default());
        let mut by_skeleton: HashMap<String, Vec<u32>> =
            HashMap::with_capacity_and_hasher(names, Default::default());
        let mut exact_names: Vec<Vec<String>> = Vec::with_capacity(places.len());
        let mut name_lengths: Vec<Vec<(u32, u32)>> = Vec::with_capacity(places.len());
        for (i, p) in places.iter().enumerate() {
            let i = i as u32;
            let name_keys: Vec<(String, String, Option<&str>)> = p
                .names
                .iter()
                .map(|n| match known.get(n.as_str()) {
                    Some(&(e, l, sk)) => (e.to_string(), l.to_string(), Some(sk)),
                    None => {
                        let (e, l) = normalize::exact_and_loose_key(n);
                        (e, l, None)
                    }
                })
                .collect();
            let mut ex: Vec<String> = name_keys.iter().map(|(e, _, _)| e.clone()).collect();
            ex.sort();
            ex.dedup();
            name_lengths.push(ex.iter().map(|n| name_length(n)).collect());
            exact_names.push(ex);
            for (ek, lk, sk) in name_keys {
                if lk.is_empty() {
                    continue;
                }
                let slot = *by_loose.entry(lk.clone()).or_insert_with(|| {
                    keys.push(lk.clone());
                    key_places.push(Vec::new());
                    (keys.len() - 1) as u32
                });
                let v = &mut key_places[slot as usize];
                if v.last() != Some(&i) && !v.contains(&i) {
                    v.push(i);
                }
                let e = by_exact.entry(ek).or_default();
                if !e.contains(&i) {
                    e.push(i);
                }
                let sk = sk.map_or_else(|| skeleton(&lk), str::to_string);
                if sk.chars().count() >= 4 {
                    let s = by_skeleton.entry(sk).or_default();
                    if !s.contains(&i) {
                        s.push(i);
                    }
                }
            }
        }
        let trie = KeyTrie::new(&keys);
        Gazetteer {
            places,
            keys,
            key_places,
            by_loose,
            by_exact,
            by_skeleton,
            trie,
            exact_names,
            name_lengths,
            geo,
            uid: {
                static NEXT: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
                NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed)
            },
        }
    }

    /// A number that tells this gazetteer from every other of the process, for caches of
    /// look-ups that outlive an article.
    pub fn uid(&self) -> u64 {
        self.uid
    }

    /// The best spelling similarity (see [`normalize::similarity`]) of `exact` to any name of
    /// place `i`: 1.0 when a name has this exact key.
    pub fn name_similarity(&self, i: u32, exact: &str) -> f64 {
        self.exact_names[i as usize]
            .iter()
            .map(|n| {
                if n == exact {
                    1.0
                } else {
                    normalize::similarity(n, exact)
                }
            })
            .fold(0.0, f64::max)
    }

    /// `name_similarity(i, exact) >= min`, faster: an exact name first, then only the names
    /// whose lengths allow the similarity.
    pub fn name_similar(&self, i: u32, exact: &str, min: f64) -> bool {
        let names = &self.exact_names[i as usize];
        if names.binary_search_by(|n| n.as_str().cmp(exact)).is_ok() {
            return 1.0 >= min;
        }
        self.similar_by_edits(i, &SimilarTo::new(exact), name_length(exact), min)
    }

    /// `places` filtered by `name_similar(i, exact, min)`, with the side of `exact` in the
    /// edit distances computed once.
    pub fn places_similar(&self, places: &[u32], exact: &str, min: f64) -> Vec<u32> {
        let mut to: Option<(SimilarTo, (u32, u32))> = None;
        places
            .iter()
            .copied()
            .filter(|&i| {
                let names = &self.exact_names[i as usize];
                if names.binary_search_by(|n| n.as_str().cmp(exact)).is_ok() {
                    return 1.0 >= min;
                }
                let (to, len) =
                    to.get_or_insert_with(|| (SimilarTo::new(exact), name_length(exact)));
                self.similar_by_edits(i, to, *len, min)
            })
            .collect()
    }

    /// `places.iter().any(|&i| self.name_similar(i, exact, min))`, with the exact names of all
    /// the places tried before any edit distance is computed.
    pub fn any_name_similar(&self, places: &[u32], exact: &str, min: f64) -> bool {
        if places.iter().any(|&i| {
            self.exact_names[i as usize]
                .binary_search_by(|n| n.as_str().cmp(exact))
                .is_ok()
        }) {
            return 1.0 >= min;
        }
        let len = name_length(exact);
        let to = SimilarTo::new(exact);
        places
            .iter()
            .any(|&i| self.similar_by_edits(i, &to, len, min))
    }

    /// Whether a name of place `i` has a similarity of at least `min` to `exact`, whose
    /// [`name_length`] is `len`; names that the lengths alone rule out are skipped.
    fn similar_by_edits(&self, i: u32, exact: &SimilarTo, len: (u32, u32), min: f64) -> bool {
        let (la, na) = len;
        self.exact_names[i as usize]
            .iter()
            .zip(&self.name_lengths[i as usize])
            .any(|(n, &(lb, nb))| {
                // the edit distance is at least the difference of the lengths, and when one side
                // is all ASCII, at least the other side's count of non-ASCII characters
                let longer = la.max(lb);
                let mut d = la.abs_diff(lb);
                if na == 0 {
                    d = d.max(nb);
                }
                if nb == 0 {
                    d = d.max(na);
                }
                let bound = if longer == 0 {
                    1.0
                } else {
                    1.0 - f64::from(d) / f64::from(longer)
                };
                bound >= min && exact.of(n) >= min
            })
    }

    pub fn places(&self) -> &[Place] {
        &self.places
    }
    pub fn place(&self, i: u32) -> &Place {
        &self.places[i as usize]
    }
    pub fn len(&self) -> usize {
        self.places.len()
    }
    pub fn is_empty(&self) -> bool {
        self.places.is_empty()
    }
    /// The trie over all loose keys; pattern ids index [`Gazetteer::key_places`].
    pub fn key_trie(&self) -> &KeyTrie {
        &self.trie
    }
    /// The number of distinct loose keys.
    pub fn keys_len(&self) -> usize {
        self.keys.len()
    }
    pub fn key_places(&self, pattern: usize) -> &[u32] {
        &self.key_places[pattern]
    }
    pub fn key(&self, pattern: usize) -> &str {
        &self.keys[pattern]
    }
    /// Places whose names have exactly this exact key.
    pub fn exact(&self, exact: &str) -> &[u32] {
        self.by_exact.get(exact).map(Vec::as_slice).unwrap_or(&[])
    }
    /// Places whose names have this loose key.
    pub fn loose(&self, loose: &str) -> &[u32] {
        self.by_loose
            .get(loose)
            .map(|&s| self.key_places[s as usize].as_slice())
            .unwrap_or(&[])
    }
    /// Places whose names have this consonant skeleton (at least 4 consonants).
    pub fn fuzzy(&self, skel: &str) -> &[u32] {
        self.by_skeleton.get(skel).map(Vec::as_slice).unwrap_or(&[])
    }

    /// Finds the places a name may mean, best first: exact matches, then loose, then fuzzy;
    /// within each, by importance (kind, population, sources), then by id for stability.
    pub fn lookup(&self, name: &str) -> Vec<Candidate<'_>> {
        let ek = exact_key(name);
        let lk = loose_key(name);
        let mut seen: HashMap<u32, MatchQuality> = HashMap::default();
        for &i in self.exact(&ek) {
            seen.insert(i, MatchQuality::Exact);
        }
        for &i in self.loose(&lk) {
            seen.entry(i).or_insert(MatchQuality::Alias);
        }
        let sk = skeleton(&lk);
        if sk.chars().count() >= 4 {
            for &i in self.fuzzy(&sk) {
                seen.entry(i).or_insert(MatchQuality::Fuzzy);
            }
        }
        let mut out: Vec<Candidate<'_>> = seen
            .into_iter()
            .map(|(i, q)| {
                let p = self.place(i);
                Candidate {
                    place: p,
                    index: i,
                    quality: q,
                    score: p.importance() * q.factor(),
                }
            })
            .collect();
        out.sort_by(|a, b| {
            a.quality
                .cmp(&b.quality)
                .then(b.score.total_cmp(&a.score))
                .then_with(|| a.place.id.cmp(&b.place.id))
        });
        out
    }

    /// The place with this id (primary or merged).
    pub fn by_id(&self, id: &str) -> Option<&Place> {
        self.places
            .iter()
            .find(|p| p.id == id || p.ids.iter().any(|x| x == id))
    }

    /// The country entry for an ISO code.
    pub fn country(&self, iso2: &str) -> Option<&Place> {
        self.by_id(&format!("country:{iso2}"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bundled_parses_and_is_large() {
        let g = Gazetteer::bundled();
        assert!(g.len() > 3000, "{} places", g.len());
        for p in g.places() {
            assert!((-90.0..=90.0).contains(&p.lat) && (-180.0..=180.0).contains(&p.lon));
            assert!(!p.names.is_empty());
        }
    }

    /// name as outlets write it → (expected country, expected kind family, expected coords ±km)
    const LOOKUPS: &[(&str, &str, f64, f64)] = &[
        ("Baaj", "IQ", 36.04, 41.72),
        ("Ba'aj", "IQ", 36.04, 41.72),
        ("al-Baaj", "IQ", 36.04, 41.72),
        ("Deir ez-Zor", "SY", 35.33, 40.14),
        ("Deir al-Zour", "SY", 35.33, 40.14),
        ("Deir Ezzor", "SY", 35.33, 40.14),
        ("Hasakah", "SY", 36.5, 40.75),
        ("Hassakeh", "SY", 36.5, 40.75),
        ("Albu Kamal", "SY", 34.45, 40.92),
        ("Boukamal", "SY", 34.45, 40.92),
        ("Abu Kamal", "SY", 34.45, 40.92),
        ("Tal Afar", "IQ", 36.37, 42.45),
        ("Tall Afar", "IQ", 36.37, 42.45),
        ("Mosul", "IQ", 36.34, 43.12),
        ("al-Qaim", "IQ", 34.37, 41.09),
        ("Rutba", "IQ", 33.04, 40.28),
        ("Sinjar", "IQ", 36.32, 41.87),
        ("Raqqa", "SY", 35.95, 39.01),
    ];

    #[test]
    fn lookup_finds_common_spellings() {
        let g = Gazetteer::bundled();
        for (name, cc, lat, lon) in LOOKUPS {
            let c = g.lookup(name);
            assert!(!c.is_empty(), "{name}: nothing");
            let best = c[0].place;
            assert_eq!(best.country.as_deref(), Some(*cc), "{name}: {best:?}");
            let d = geo::haversine_km(best.lat, best.lon, *lat, *lon);
            assert!(d < 15.0, "{name}: {} at {d:.1} km", best.id);
        }
    }

    #[test]
    fn countries_resolve_outside_the_region() {
        let g = Gazetteer::bundled();
        for (name, cc) in [
            ("Iran", "IR"),
            ("Lebanon", "LB"),
            ("Jordan", "JO"),
            ("Britain", "GB"),
        ] {
            let c = g.lookup(name);
            assert!(
                c.iter().any(
                    |c| c.place.kind == Kind::Country && c.place.country.as_deref() == Some(cc)
                ),
                "{name}"
            );
        }
        let w = g.lookup("Washington");
        assert!(w.iter().any(|c| c.place.country.as_deref() == Some("US")));
    }

    #[test]
    fn build_time_keys_are_the_run_time_keys() {
        let keys = bundled::name_keys();
        let places = parse_places(bundled::PLACES, "places.tsv").unwrap();
        let names = places.iter().flat_map(|p| &p.names).count();
        let found = places
            .iter()
            .flat_map(|p| &p.names)
            .filter(|n| keys.contains_key(n.as_str()))
            .count();
        assert_eq!(found, names, "names without build-time keys");
        for (name, (exact, loose, skel)) in &keys {
            let (e, l) = normalize::exact_and_loose_key(name);
            assert_eq!((e.as_str(), l.as_str()), (*exact, *loose), "{name}");
            assert_eq!(skeleton(&l), *skel, "{name}");
        }
        // and the indexes built both ways agree
        let geo =
            geo::GeoData::parse(bundled::BORDER, bundled::ADMIN1, bundled::COUNTRIES).unwrap();
        let fresh = Gazetteer::new(places, geo);
        let g = Gazetteer::bundled();
        assert_eq!(fresh.keys, g.keys);
        assert_eq!(fresh.key_places, g.key_places);
        assert_eq!(fresh.exact_names, g.exact_names);
        assert_eq!(fresh.by_exact, g.by_exact);
        assert_eq!(fresh.by_skeleton, g.by_skeleton);
    }

    #[test]
    fn similarity_shortcuts_agree_with_the_definition() {
        let g = Gazetteer::bundled();
        let words = [
            "baaj",
            "al baaj",
            "bai",
            "mosul",
            "mousul",
            "deir zor",
            "dayr az zawr",
            "hasakah",
            "sao paulo",
            "موصل",
            "الموصل",
            "sunni",
            "qaim",
            "tal afar",
            "x",
            "",
        ];
        for w in words {
            let places: Vec<u32> = g.lookup(w).iter().map(|c| c.index).chain(0..40).collect();
            for min in [0.6, 0.7] {
                for &p in &places {
                    assert_eq!(
                        g.name_similar(p, w, min),
                        g.name_similarity(p, w) >= min,
                        "{w} {}",
                        g.place(p).id
                    );
                }
                assert_eq!(
                    g.any_name_similar(&places, w, min),
                    places.iter().any(|&p| g.name_similarity(p, w) >= min),
                    "{w}"
                );
                let similar: Vec<u32> = places
                    .iter()
                    .copied()
                    .filter(|&p| g.name_similarity(p, w) >= min)
                    .collect();
                assert_eq!(g.places_similar(&places, w, min), similar, "{w}");
            }
        }
    }

    #[test]
    fn parse_errors_name_the_line() {
        let text = "id\tname\tkind\tcountry\tadmin1\tpopulation\tlat\tlon\tnames\tids\tsources\nx:1\tX\ttown\tIQ\t\t\tnorth\t41\tX\tx:1\tcurated\n";
        let e = parse_places(text, "p.tsv").unwrap_err().to_string();
        assert!(e.starts_with("p.tsv:2:"), "{e}");
        let bad_kind = "id\tname\tkind\tcountry\tadmin1\tpopulation\tlat\tlon\tnames\tids\tsources\nx:1\tX\tplanet\tIQ\t\t\t1\t41\tX\tx:1\tcurated\n";
        assert!(parse_places(bad_kind, "p.tsv").is_err());
    }
}
