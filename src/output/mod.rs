//! Writers: GeoJSON, GeoJSON text sequences, CSV, GeoPackage and QGIS style sidecars.
//!
//! [`OutputSet`] writes, into one directory, every file that `frontline extract -o DIR` produces:
//!
//! | file | format | content |
//! |---|---|---|
//! | `claims.geojson` | RFC 7946 FeatureCollection | claim points |
//! | `mentions.geojson` | RFC 7946 FeatureCollection | mention points (null geometry when unresolved) |
//! | `claims.geojsons` | RFC 8142 GeoJSON text sequence | claim points, one per record |
//! | `claims.csv` + `claims.csvt` | CSV with a GDAL/QGIS type sidecar | one row per claim |
//! | `frontline.gpkg` | OGC GeoPackage | layers `claims`, `mentions`, their styles in `layer_styles` |
//! | `claims.qml` | QGIS style | colours by controller/actor, temporal properties |
//!
//! Features are streamed: [`OutputSet::add`] writes an article's features as they come and keeps
//! none of them. Writes are atomic per file: everything goes to hidden temporary files in the
//! target directory, which [`OutputSet::finish`] fsyncs and renames over the final names only
//! when all of them have been written. On an error, or when the set is dropped without `finish`,
//! the temporary files are removed and whatever was in the directory before stays as it was.
//!
//! This module writes what it is given in the order it is given; it does not extract, sort or
//! look anything up.

mod atomic;
pub mod check;
mod csv;
mod geojson;
mod gpkg;
pub mod style;

use std::fmt;
use std::path::{Path, PathBuf};
use std::str::FromStr;

use crate::feature::{feature_json, Feature, Geometry};

pub use self::csv::CSV_EXTRA_FIELDS;

/// One output format (a file or a pair of files).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Format {
    /// `claims.geojson` and `mentions.geojson`.
    GeoJson,
    /// `claims.geojsons` (RFC 8142).
    GeoJsonSeq,
    /// `claims.csv` and its `claims.csvt` type sidecar.
    Csv,
    /// `frontline.gpkg`.
    Gpkg,
    /// `claims.qml`.
    Qml,
}

impl Format {
    /// Every format, in the order files are written.
    pub const ALL: [Format; 5] = [
        Format::GeoJson,
        Format::GeoJsonSeq,
        Format::Csv,
        Format::Gpkg,
        Format::Qml,
    ];

    /// The name used on the command line.
    pub fn name(self) -> &'static str {
        match self {
            Format::GeoJson => "geojson",
            Format::GeoJsonSeq => "geojsons",
            Format::Csv => "csv",
            Format::Gpkg => "gpkg",
            Format::Qml => "qml",
        }
    }
}

impl fmt::Display for Format {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for Format {
    type Err = String;
    fn from_str(s: &str) -> Result<Format, String> {
        let s = s.trim().to_ascii_lowercase();
        match s.as_str() {
            "geojson" | "json" => Ok(Format::GeoJson),
            "geojsons" | "geojsonseq" | "geojsonl" | "seq" => Ok(Format::GeoJsonSeq),
            "csv" => Ok(Format::Csv),
            "gpkg" | "geopackage" => Ok(Format::Gpkg),
            "qml" | "style" => Ok(Format::Qml),
            _ => Err(format!(
                "unknown format {s:?} (expected geojson, geojsons, csv, gpkg or qml)"
            )),
        }
    }
}

/// File names, relative to the output directory.
pub const CLAIMS_GEOJSON: &str = "claims.geojson";
pub const MENTIONS_GEOJSON: &str = "mentions.geojson";
pub const CLAIMS_GEOJSONS: &str = "claims.geojsons";
pub const CLAIMS_CSV: &str = "claims.csv";
pub const CLAIMS_CSVT: &str = "claims.csvt";
pub const GPKG: &str = "frontline.gpkg";
pub const CLAIMS_QML: &str = "claims.qml";

/// An output failure, naming the file it concerns.
#[derive(Debug, thiserror::Error)]
pub enum OutputError {
    #[error("cannot create output directory {}: {source}", path.display())]
    CreateDir {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("cannot write {}: {source}", path.display())]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("cannot write {}: {source}", path.display())]
    Csv { path: PathBuf, source: ::csv::Error },
    #[error("cannot write GeoPackage {}: {source}", path.display())]
    Gpkg {
        path: PathBuf,
        source: Box<geopackage::Error>,
    },
    #[error("cannot write {}: feature {id} has {what}", path.display())]
    Geometry {
        path: PathBuf,
        id: String,
        what: String,
    },
    #[error("no output format selected")]
    NoFormat,
}

impl OutputError {
    pub(crate) fn io(path: &Path, source: std::io::Error) -> OutputError {
        OutputError::Io {
            path: path.to_path_buf(),
            source,
        }
    }
    /// The file the error concerns (the directory for [`OutputError::CreateDir`]).
    pub fn path(&self) -> Option<&Path> {
        match self {
            OutputError::CreateDir { path, .. }
            | OutputError::Io { path, .. }
            | OutputError::Csv { path, .. }
            | OutputError::Gpkg { path, .. }
            | OutputError::Geometry { path, .. } => Some(path),
            OutputError::NoFormat => None,
        }
    }
}

/// The operating-system error inside an error of the `tempfile` crate, without the random
/// temporary path it appends (`... at path "/out/.claims.geojson.x8Fq2a.tmp"`): the message
/// should name the output the user asked for, not a file that never existed for them.
pub fn without_temp_path(e: std::io::Error) -> std::io::Error {
    if e.raw_os_error().is_some() {
        return e;
    }
    let text = e.to_string();
    match text.rfind(" at path \"") {
        Some(i) => std::io::Error::new(e.kind(), &text[..i]),
        None => e,
    }
}

/// What to write.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Options {
    /// The formats, in any order; duplicates are ignored.
    pub formats: Vec<Format>,
    /// Whether mention features are written (`mentions.geojson`, the `mentions` layer).
    pub mentions: bool,
}

impl Default for Options {
    fn default() -> Options {
        Options {
            formats: Format::ALL.to_vec(),
            mentions: true,
        }
    }
}

/// What [`OutputSet::finish`] wrote.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Summary {
    pub claims: u64,
    pub mentions: u64,
    /// Claims without a geometry (written with a null geometry, empty lon/lat).
    pub claims_without_geometry: u64,
    /// Mentions without a geometry (unresolved toponyms).
    pub mentions_without_geometry: u64,
    /// The files written, in the order they were put in place.
    pub files: Vec<PathBuf>,
}

/// A set of output files being written into one directory.
pub struct OutputSet {
    dir: PathBuf,
    mentions_on: bool,
    claims_geojson: Option<geojson::CollectionWriter>,
    mentions_geojson: Option<geojson::CollectionWriter>,
    claims_seq: Option<geojson::SequenceWriter>,
    csv: Option<csv::ClaimCsvWriter>,
    gpkg: Option<gpkg::GpkgWriter>,
    qml: Option<atomic::Staged>,
    summary: Summary,
}

impl fmt::Debug for OutputSet {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("OutputSet")
            .field("dir", &self.dir)
            .field("summary", &self.summary)
            .finish_non_exhaustive()
    }
}

/// Which features' GeoJSON text an [`OutputSet`] takes (see [`OutputSet::json_needs`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct JsonNeeds {
    pub claims: bool,
    pub mentions: bool,
}

/// Features together with the GeoJSON text the output files take of them, for
/// [`OutputSet::add_batch`]. Made where the features are made (a worker thread of a parallel
/// run), so that the thread writing the files does not also serialise every feature.
#[derive(Debug, Default)]
pub struct FeatureBatch {
    pub claims: Vec<Feature>,
    pub mentions: Vec<Feature>,
    needs: JsonNeeds,
    /// [`feature_json`] of each claim, when the files take it (else empty).
    claims_json: Vec<String>,
    /// [`feature_json`] of each mention, when the files take it (else empty).
    mentions_json: Vec<String>,
}

impl FeatureBatch {
    /// A batch of these features, with the text `needs` asks for.
    pub fn new(claims: Vec<Feature>, mentions: Vec<Feature>, needs: JsonNeeds) -> FeatureBatch {
        let text = |fs: &[Feature], on: bool| -> Vec<String> {
            if on {
                fs.iter().map(feature_json).collect()
            } else {
                Vec::new()
            }
        };
        FeatureBatch {
            claims_json: text(&claims, needs.claims),
            mentions_json: text(&mentions, needs.mentions),
            claims,
            mentions,
            needs,
        }
    }

    /// Appends the features (and texts) of `other`, made for the same set.
    pub fn append(&mut self, mut other: FeatureBatch) {
        debug_assert_eq!(self.needs, other.needs);
        self.claims.append(&mut other.claims);
        self.mentions.append(&mut other.mentions);
        self.claims_json.append(&mut other.claims_json);
        self.mentions_json.append(&mut other.mentions_json);
    }

    /// Empties the batch, keeping its buffers.
    pub fn clear(&mut self) {
        self.claims.clear();
        self.mentions.clear();
        self.claims_json.clear();
        self.mentions_json.clear();
    }
}

impl OutputSet {
    /// Starts writing the given formats into `dir`, creating it if missing. Nothing in `dir` is
    /// replaced until [`OutputSet::finish`].
    pub fn create(dir: &Path, options: &Options) -> Result<OutputSet, OutputError> {
        if options.formats.is_empty() {
            return Err(OutputError::NoFormat);
        }
        std::fs::create_dir_all(dir).map_err(|source| OutputError::CreateDir {
            path: dir.to_path_buf(),
            source,
        })?;
        let has = |f: Format| options.formats.contains(&f);
        let m = options.mentions;
        let mut set = OutputSet {
            dir: dir.to_path_buf(),
            mentions_on: m,
            claims_geojson: None,
            mentions_geojson: None,
            claims_seq: None,
            csv: None,
            gpkg: None,
            qml: None,
            summary: Summary::default(),
        };
        if has(Format::GeoJson) {
            set.claims_geojson = Some(geojson::CollectionWriter::create(dir, CLAIMS_GEOJSON)?);
            if m {
                set.mentions_geojson =
                    Some(geojson::CollectionWriter::create(dir, MENTIONS_GEOJSON)?);
            }
        }
        if has(Format::GeoJsonSeq) {
            set.claims_seq = Some(geojson::SequenceWriter::create(dir, CLAIMS_GEOJSONS)?);
        }
        if has(Format::Csv) {
            set.csv = Some(csv::ClaimCsvWriter::create(dir)?);
        }
        if has(Format::Gpkg) {
            set.gpkg = Some(gpkg::GpkgWriter::create(dir, m)?);
        }
        if has(Format::Qml) {
            let mut staged = atomic::Staged::create(dir, CLAIMS_QML)?;
            staged.write_all(style::claims_qml().as_bytes())?;
            set.qml = Some(staged);
        }
        Ok(set)
    }

    /// The output directory.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// What GeoJSON text the set's files take, for [`FeatureBatch::new`].
    pub fn json_needs(&self) -> JsonNeeds {
        JsonNeeds {
            claims: self.claims_geojson.is_some() || self.claims_seq.is_some(),
            mentions: self.mentions_geojson.is_some(),
        }
    }

    /// Writes one article's features (call once per article, in order). Mentions are ignored
    /// when the set was created without them.
    pub fn add(&mut self, claims: &[Feature], mentions: &[Feature]) -> Result<(), OutputError> {
        self.write(claims, mentions, None)
    }

    /// Writes the features of a [`FeatureBatch`] (of one article or of several, in order), with the
    /// GeoJSON text it carries.
    pub fn add_batch(&mut self, batch: &FeatureBatch) -> Result<(), OutputError> {
        if batch.needs != self.json_needs() {
            return Err(OutputError::io(
                &self.dir,
                std::io::Error::other("internal: a batch made for other formats"),
            ));
        }
        let texts = (&batch.claims_json[..], &batch.mentions_json[..]);
        self.write(&batch.claims, &batch.mentions, Some(texts))
    }

    /// Writes features; their GeoJSON text is `texts` (of the claims, of the mentions) when
    /// given, else made here.
    fn write(
        &mut self,
        claims: &[Feature],
        mentions: &[Feature],
        texts: Option<(&[String], &[String])>,
    ) -> Result<(), OutputError> {
        for f in claims {
            check_point(&self.dir, CLAIMS_GEOJSON, f)?;
        }
        let mentions = if self.mentions_on { mentions } else { &[] };
        for f in mentions {
            check_point(&self.dir, MENTIONS_GEOJSON, f)?;
        }
        // a claim's text is the same in the collection and in the sequence: made once
        if self.json_needs().claims {
            for (k, f) in claims.iter().enumerate() {
                let made;
                let json = match texts {
                    Some((claims_json, _)) => &claims_json[k],
                    None => {
                        made = feature_json(f);
                        &made
                    }
                };
                if let Some(w) = &mut self.claims_geojson {
                    w.add_json(json)?;
                }
                if let Some(w) = &mut self.claims_seq {
                    w.add_json(json)?;
                }
            }
        }
        if let Some(w) = &mut self.mentions_geojson {
            match texts {
                Some((_, mentions_json)) => mentions_json.iter().try_for_each(|j| w.add_json(j))?,
                None => mentions
                    .iter()
                    .try_for_each(|f| w.add_json(&feature_json(f)))?,
            }
        }
        if let Some(w) = &mut self.csv {
            w.add(claims)?;
        }
        if let Some(w) = &mut self.gpkg {
            w.add(claims, mentions)?;
        }
        let s = &mut self.summary;
        s.claims += claims.len() as u64;
        s.mentions += mentions.len() as u64;
        s.claims_without_geometry += claims.iter().filter(|f| f.geometry.is_none()).count() as u64;
        s.mentions_without_geometry +=
            mentions.iter().filter(|f| f.geometry.is_none()).count() as u64;
        Ok(())
    }

    /// Completes every file, fsyncs it and moves it into place. On error the files not yet in
    /// place are removed.
    pub fn finish(mut self) -> Result<Summary, OutputError> {
        let mut staged = Vec::new();
        if let Some(w) = self.claims_geojson.take() {
            staged.push(w.finish()?);
        }
        if let Some(w) = self.mentions_geojson.take() {
            staged.push(w.finish()?);
        }
        if let Some(w) = self.claims_seq.take() {
            staged.push(w.finish()?);
        }
        if let Some(w) = self.csv.take() {
            staged.extend(w.finish()?);
        }
        if let Some(w) = self.gpkg.take() {
            staged.push(w.finish()?);
        }
        if let Some(w) = self.qml.take() {
            staged.push(w.finish()?);
        }
        // every file is complete and on disk: now put them in place
        let mut files = Vec::with_capacity(staged.len());
        for s in staged {
            files.push(s.persist()?);
        }
        atomic::sync_dir(&self.dir)?;
        let mut summary = std::mem::take(&mut self.summary);
        summary.files = files;
        Ok(summary)
    }
}

/// Claims and mentions are points (or null): one geometry type per file, in range.
fn check_point(dir: &Path, file: &str, f: &Feature) -> Result<(), OutputError> {
    let bad = |what: String| OutputError::Geometry {
        path: dir.join(file),
        id: f.id.clone().unwrap_or_else(|| "(no id)".into()),
        what,
    };
    match &f.geometry {
        None => Ok(()),
        Some(Geometry::Point([lon, lat])) => {
            if lon.is_finite()
                && lat.is_finite()
                && (-180.0..=180.0).contains(lon)
                && (-90.0..=90.0).contains(lat)
            {
                Ok(())
            } else {
                Err(bad(format!("a position out of range: [{lon}, {lat}]")))
            }
        }
        Some(_) => Err(bad("a geometry other than a Point".into())),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_parse() {
        assert_eq!("GeoJSON".parse::<Format>(), Ok(Format::GeoJson));
        assert_eq!("geojsons".parse::<Format>(), Ok(Format::GeoJsonSeq));
        assert_eq!(" gpkg".parse::<Format>(), Ok(Format::Gpkg));
        assert!("shp".parse::<Format>().is_err());
        for f in Format::ALL {
            assert_eq!(f.name().parse::<Format>(), Ok(f));
        }
    }
}
