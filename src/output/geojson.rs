//! `claims.geojson` / `mentions.geojson` (RFC 7946 FeatureCollections, one feature per line) and
//! `claims.geojsons` (RFC 8142 text sequence), written as features arrive. The bytes are those of
//! [`crate::feature::feature_json`] (made by the caller), so these files match the stdout output
//! feature for feature.

use std::path::Path;

use super::atomic::{Ready, Staged};
use super::OutputError;

/// A FeatureCollection written one feature at a time.
pub(crate) struct CollectionWriter {
    file: Staged,
    first: bool,
}

impl CollectionWriter {
    pub fn create(dir: &Path, name: &str) -> Result<CollectionWriter, OutputError> {
        let mut file = Staged::create(dir, name)?;
        file.write_all(b"{\"type\":\"FeatureCollection\",\"features\":[")?;
        Ok(CollectionWriter { file, first: true })
    }

    /// Adds one feature given as its [`crate::feature::feature_json`] text.
    pub fn add_json(&mut self, json: &str) -> Result<(), OutputError> {
        let sep: &[u8] = if self.first { b"\n" } else { b",\n" };
        self.first = false;
        self.file.write_all(sep)?;
        self.file.write_all(json.as_bytes())
    }

    pub fn finish(mut self) -> Result<Ready, OutputError> {
        self.file.write_all(b"\n]}\n")?;
        self.file.finish()
    }
}

/// An RFC 8142 GeoJSON text sequence: RS, feature, LF per feature.
pub(crate) struct SequenceWriter {
    file: Staged,
}

impl SequenceWriter {
    pub fn create(dir: &Path, name: &str) -> Result<SequenceWriter, OutputError> {
        Ok(SequenceWriter {
            file: Staged::create(dir, name)?,
        })
    }

    /// Adds one feature given as its [`crate::feature::feature_json`] text.
    pub fn add_json(&mut self, json: &str) -> Result<(), OutputError> {
        self.file.write_all(b"\x1e")?;
        self.file.write_all(json.as_bytes())?;
        self.file.write_all(b"\n")
    }

    pub fn finish(self) -> Result<Ready, OutputError> {
        self.file.finish()
    }
}
