//! Reading claim files: GeoJSON FeatureCollections, single Features, and RFC 8142 text
//! sequences (`.geojsons`, also newline-delimited `.geojsonl` / `.ndjson`). Only `kind` = `claim`
//! features are kept; a claim that does not check out (bad date, wrong property type) is reported
//! as [`Skipped`] and the rest is read. A file that cannot be read at all is an error.
//!
//! Untrusted bytes: invalid UTF-8 is replaced with U+FFFD and reported as a warning naming the
//! file and line; a text-sequence record larger than [`MAX_RECORD_BYTES`] is skipped without
//! being kept in memory; an empty file is an error ([`TimelineError::Empty`]).

use std::fmt;
use std::io::{BufRead, BufReader, Read};
use std::path::Path;

use serde_json::Value;

use super::claim::Claim;
use super::TimelineError;
use crate::feature::{prop_from_json, Feature, Geometry};

/// A record that was left out, and why.
#[derive(Debug, Clone, PartialEq)]
pub struct Skipped {
    pub path: String,
    /// The line (text sequences, 1-based) or feature number (collections, 1-based).
    pub line: Option<usize>,
    /// `true` when `line` is a line number, `false` when it is a feature number.
    pub is_line: bool,
    pub reason: String,
}

impl fmt::Display for Skipped {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (self.line, self.is_line) {
            (Some(n), true) => write!(f, "{}:{}: {}", self.path, n, self.reason),
            (Some(n), false) => write!(f, "{}: feature {}: {}", self.path, n, self.reason),
            (None, _) => write!(f, "{}: {}", self.path, self.reason),
        }
    }
}

/// The largest text-sequence record read, in bytes; a longer line is skipped (a claim is a
/// few kB; a line this long is a broken or hostile file).
pub const MAX_RECORD_BYTES: u64 = 16 * 1024 * 1024;

/// The claims read from a set of files, and what was skipped.
#[derive(Debug, Clone, Default)]
pub struct ReadReport {
    pub claims: Vec<Feature>,
    pub skipped: Vec<Skipped>,
    /// Problems that did not cost a record (invalid UTF-8 replaced), each naming file and line.
    pub warnings: Vec<String>,
}

/// Reads the claim features of every file (`-` is standard input). Claims that do not check
/// out are dropped silently; use [`read_claims_report`] to learn about them.
pub fn read_claims<P: AsRef<Path>>(paths: &[P]) -> Result<Vec<Feature>, TimelineError> {
    read_claims_report(paths).map(|r| r.claims)
}

/// Reads the claim features of every file, reporting the records that were skipped.
pub fn read_claims_report<P: AsRef<Path>>(paths: &[P]) -> Result<ReadReport, TimelineError> {
    let mut report = ReadReport::default();
    for p in paths {
        read_one(p.as_ref(), &mut report)?;
    }
    Ok(report)
}

fn is_sequence_name(path: &Path) -> bool {
    matches!(
        path.extension().and_then(|e| e.to_str()),
        Some("geojsons" | "geojsonl" | "geojsonseq" | "ndjson" | "jsonl" | "jsonseq")
    )
}

fn read_one(path: &Path, report: &mut ReadReport) -> Result<(), TimelineError> {
    let name = path.display().to_string();
    let io = |source| TimelineError::Io {
        path: name.clone(),
        source,
    };
    let mut reader: Box<dyn BufRead> = if name == "-" {
        Box::new(BufReader::new(std::io::stdin()))
    } else {
        if path.is_dir() {
            return Err(io(std::io::Error::other("is a directory")));
        }
        Box::new(BufReader::new(std::fs::File::open(path).map_err(io)?))
    };
    // Peek at the first non-blank byte: RS starts a text sequence.
    let first = loop {
        let buf = reader.fill_buf().map_err(io)?;
        match buf.iter().position(|b| !b.is_ascii_whitespace()) {
            Some(i) => break Some(buf[i]),
            None if buf.is_empty() => break None,
            None => {
                let n = buf.len();
                reader.consume(n);
            }
        }
    };
    if first.is_none() {
        return Err(TimelineError::Empty { path: name });
    }
    if first == Some(0x1e) || is_sequence_name(path) {
        return read_sequence(reader, &name, report);
    }
    let mut bytes = Vec::new();
    reader.read_to_end(&mut bytes).map_err(io)?;
    let text = match std::str::from_utf8(&bytes) {
        Ok(s) => std::borrow::Cow::Borrowed(s),
        Err(e) => {
            let line = 1 + bytes[..e.valid_up_to()]
                .iter()
                .filter(|&&b| b == b'\n')
                .count();
            report.warnings.push(format!(
                "{name}:{line}: invalid UTF-8 (replaced with U+FFFD)"
            ));
            String::from_utf8_lossy(&bytes)
        }
    };
    let v: Value = serde_json::from_str(&text).map_err(|source| TimelineError::Json {
        path: name.clone(),
        source,
    })?;
    drop(text);
    drop(bytes);
    match v.get("type").and_then(Value::as_str) {
        Some("FeatureCollection") => {
            let Some(fs) = v.get("features").and_then(Value::as_array) else {
                return Err(TimelineError::NotGeoJson { path: name });
            };
            for (i, f) in fs.iter().enumerate() {
                take(f, &name, Some(i + 1), false, report);
            }
            Ok(())
        }
        Some("Feature") => {
            take(&v, &name, None, false, report);
            Ok(())
        }
        _ => Err(TimelineError::NotGeoJson { path: name }),
    }
}

fn read_sequence(
    mut reader: Box<dyn BufRead>,
    name: &str,
    report: &mut ReadReport,
) -> Result<(), TimelineError> {
    let mut buf = Vec::new();
    let mut line_no = 0usize;
    loop {
        line_no += 1;
        let skip = |report: &mut ReadReport, reason: String| {
            report.skipped.push(Skipped {
                path: name.to_string(),
                line: Some(line_no),
                is_line: true,
                reason,
            })
        };
        buf.clear();
        match crate::article::read_line_capped(reader.as_mut(), &mut buf, MAX_RECORD_BYTES) {
            Ok(Some(0)) => return Ok(()),
            Ok(None) => {
                skip(
                    report,
                    format!("larger than {} MiB, skipped", MAX_RECORD_BYTES >> 20),
                );
                continue;
            }
            Ok(Some(_)) => {}
            Err(source) => {
                return Err(TimelineError::Io {
                    path: name.to_string(),
                    source,
                })
            }
        }
        let text = match std::str::from_utf8(&buf) {
            Ok(s) => std::borrow::Cow::Borrowed(s),
            Err(_) => {
                report.warnings.push(format!(
                    "{name}:{line_no}: invalid UTF-8 (replaced with U+FFFD)"
                ));
                String::from_utf8_lossy(&buf)
            }
        };
        let text = text.trim_matches(|c: char| c == '\u{1e}' || c.is_whitespace());
        if text.is_empty() {
            continue;
        }
        match serde_json::from_str::<Value>(text) {
            Ok(v) => take(&v, name, Some(line_no), true, report),
            Err(e) => skip(report, format!("not valid JSON: {e}")),
        }
    }
}

/// Converts a GeoJSON feature object into a [`Feature`] (points only; other geometries are
/// dropped, which claims never have).
pub(crate) fn feature_from_json(v: &Value) -> Result<Feature, String> {
    if v.get("type").and_then(Value::as_str) != Some("Feature") {
        return Err("not a GeoJSON Feature".into());
    }
    let id = match v.get("id") {
        Some(Value::String(s)) => Some(s.clone()),
        Some(Value::Number(n)) => Some(n.to_string()),
        _ => None,
    };
    let geometry = v.get("geometry").and_then(|g| {
        if g.get("type")?.as_str()? != "Point" {
            return None;
        }
        let c = g.get("coordinates")?.as_array()?;
        Some(Geometry::Point([c.first()?.as_f64()?, c.get(1)?.as_f64()?]))
    });
    let properties = match v.get("properties") {
        Some(Value::Object(m)) => m
            .iter()
            .map(|(k, v)| (k.clone().into(), prop_from_json(v)))
            .collect(),
        Some(Value::Null) | None => Vec::new(),
        Some(_) => return Err("`properties` is not an object".into()),
    };
    Ok(Feature {
        id,
        geometry,
        properties,
    })
}

fn take(v: &Value, name: &str, line: Option<usize>, is_line: bool, report: &mut ReadReport) {
    let skip = |report: &mut ReadReport, reason: String| {
        report.skipped.push(Skipped {
            path: name.to_string(),
            line,
            is_line,
            reason,
        })
    };
    let f = match feature_from_json(v) {
        Ok(f) => f,
        Err(e) => return skip(report, e),
    };
    if f.get_str("kind") != Some("claim") {
        return; // mentions, states, ...: not ours
    }
    match Claim::from_feature(&f) {
        Ok(_) => report.claims.push(f),
        Err(e) => skip(report, e),
    }
}
