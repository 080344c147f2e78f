//! `claims.csv`: one row per claim, for spreadsheets and for GDAL/QGIS, with `claims.csvt`, the
//! type sidecar that GDAL's CSV driver and QGIS's delimited-text provider read.
//!
//! Columns: `lon`, `lat` (WGS 84, 6 decimals, empty for a claim without geometry), then every
//! [`CLAIM_FIELDS`] property in its order, then the ACLED-like columns of [`CSV_EXTRA_FIELDS`].
//! Properties outside [`CLAIM_FIELDS`] are not written (GeoJSON and GeoPackage keep them where
//! they can).

use std::path::Path;

use crate::feature::{round6, Feature, FieldType, Prop, CLAIM_FIELDS};

use super::atomic::{Ready, Staged};
use super::{OutputError, CLAIMS_CSV, CLAIMS_CSVT};

/// The extra columns after the claim properties, with their meaning:
/// - `event_date`: the first day of the claim's date (`YYYY-MM-DD`, from `time_start`);
/// - `year`: its year;
/// - `time_precision`: ACLED's code: 1 = day, 2 = week, 3 = month or coarser;
/// - `actor1`, `actor2`: `actor` and `from_actor`;
/// - `location`: `place_name`, or `place_text` when unresolved;
/// - `latitude`, `longitude`: the point again, under ACLED's names;
/// - `notes`: a one-line summary (`sdf captured Khasham (claimed by sdf, claimed)`).
pub const CSV_EXTRA_FIELDS: &[(&str, FieldType)] = &[
    ("event_date", FieldType::Text),
    ("year", FieldType::Integer),
    ("time_precision", FieldType::Integer),
    ("actor1", FieldType::Text),
    ("actor2", FieldType::Text),
    ("location", FieldType::Text),
    ("latitude", FieldType::Real),
    ("longitude", FieldType::Real),
    ("notes", FieldType::Text),
];

/// GDAL's name for a column type in a `.csvt` file.
fn csvt_type(name: &str, t: FieldType) -> &'static str {
    match (name, t) {
        ("event_date", _) => "Date",
        (_, FieldType::Text) => "String",
        (_, FieldType::Integer) => "Integer",
        (_, FieldType::Real) => "Real",
        (_, FieldType::Boolean) => "Integer(Boolean)",
        (_, FieldType::DateTime) => "DateTime",
    }
}

/// The header row.
pub(crate) fn header() -> Vec<&'static str> {
    let mut h = vec!["lon", "lat"];
    h.extend(CLAIM_FIELDS.iter().map(|(n, _)| *n));
    h.extend(CSV_EXTRA_FIELDS.iter().map(|(n, _)| *n));
    h
}

fn csvt_line() -> String {
    let mut types = vec!["CoordX", "CoordY"];
    types.extend(CLAIM_FIELDS.iter().map(|(n, t)| csvt_type(n, *t)));
    types.extend(CSV_EXTRA_FIELDS.iter().map(|(n, t)| csvt_type(n, *t)));
    let quoted: Vec<String> = types.iter().map(|t| format!("\"{t}\"")).collect();
    format!("{}\n", quoted.join(","))
}

fn num(x: f64) -> String {
    if x.is_finite() {
        format!("{x}")
    } else {
        String::new()
    }
}

fn cell(p: Option<&Prop>) -> String {
    match p {
        None | Some(Prop::Null) => String::new(),
        Some(Prop::Bool(b)) => b.to_string(),
        Some(Prop::Int(i)) => i.to_string(),
        Some(Prop::Num(x)) => num(*x),
        Some(Prop::Str(s)) => s.clone(),
    }
}

/// The row of one claim, in [`header`] order.
pub(crate) fn row(f: &Feature) -> Vec<String> {
    let (lon, lat) = match f.point() {
        Some([lon, lat]) => (num(round6(lon)), num(round6(lat))),
        None => (String::new(), String::new()),
    };
    let mut r = Vec::with_capacity(2 + CLAIM_FIELDS.len() + CSV_EXTRA_FIELDS.len());
    r.push(lon.clone());
    r.push(lat.clone());
    let mut at = 0;
    r.extend(CLAIM_FIELDS.iter().map(|(n, _)| cell(f.get_at(n, &mut at))));
    // ACLED-like
    let day = f
        .get_str("time_start")
        .and_then(|t| t.get(..10))
        .or_else(|| f.get_str("date").filter(|d| d.len() == 10))
        .unwrap_or("");
    r.push(day.to_string());
    let year = f
        .get_str("time_start")
        .or_else(|| f.get_str("date"))
        .and_then(|d| d.get(..4))
        .filter(|y| y.bytes().all(|b| b.is_ascii_digit()))
        .unwrap_or("");
    r.push(year.to_string());
    let precision = match f.get_str("date_precision") {
        Some("day") => "1",
        Some("week") => "2",
        Some("month") | Some("year") => "3",
        _ => "",
    };
    r.push(precision.to_string());
    r.push(cell(f.get("actor")));
    r.push(cell(f.get("from_actor")));
    let location = f
        .get_str("place_name")
        .or_else(|| f.get_str("place_text"))
        .unwrap_or("");
    r.push(location.to_string());
    r.push(lat);
    r.push(lon);
    r.push(notes(f));
    r
}

fn notes(f: &Feature) -> String {
    let actor = f.get_str("actor").unwrap_or("unknown");
    let what = f.get_str("claim_type").unwrap_or("claim");
    let place = f
        .get_str("place_name")
        .or_else(|| f.get_str("place_text"))
        .unwrap_or("?");
    let mut s = format!("{actor} {what} {place}");
    if let Some(rel) = f.get_str("relation").filter(|r| *r != "at") {
        s = format!("{actor} {what} ({rel} {place})");
    }
    let by = f.get_str("claimed_by");
    let certainty = f.get_str("certainty");
    match (by, certainty) {
        (Some("reporter"), Some(c)) => s.push_str(&format!(" ({c}, in the outlet's voice)")),
        (Some(b), Some(c)) => s.push_str(&format!(" ({c} by {b})")),
        (None, Some(c)) => s.push_str(&format!(" ({c})")),
        _ => {}
    }
    s
}

/// The CSV file and its sidecar.
pub(crate) struct ClaimCsvWriter {
    csv: ::csv::Writer<Staged>,
    csvt: Staged,
}

impl std::io::Write for Staged {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.writer().write(buf)
    }
    fn flush(&mut self) -> std::io::Result<()> {
        self.writer().flush()
    }
}

impl ClaimCsvWriter {
    pub fn create(dir: &Path) -> Result<ClaimCsvWriter, OutputError> {
        let file = Staged::create(dir, CLAIMS_CSV)?;
        let path = file.path().to_path_buf();
        let mut csv = ::csv::WriterBuilder::new()
            .terminator(::csv::Terminator::Any(b'\n'))
            .from_writer(file);
        csv.write_record(header())
            .map_err(|source| OutputError::Csv { path, source })?;
        let mut csvt = Staged::create(dir, CLAIMS_CSVT)?;
        csvt.write_all(csvt_line().as_bytes())?;
        Ok(ClaimCsvWriter { csv, csvt })
    }

    fn path(&self) -> std::path::PathBuf {
        self.csv.get_ref().path().to_path_buf()
    }

    pub fn add(&mut self, claims: &[Feature]) -> Result<(), OutputError> {
        for f in claims {
            self.csv
                .write_record(row(f))
                .map_err(|source| OutputError::Csv {
                    path: self.path(),
                    source,
                })?;
        }
        Ok(())
    }

    pub fn finish(self) -> Result<Vec<Ready>, OutputError> {
        let path = self.path();
        let file = self
            .csv
            .into_inner()
            .map_err(|e| OutputError::io(&path, e.into_error()))?;
        Ok(vec![file.finish()?, self.csvt.finish()?])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn header_and_types_line_up() {
        let h = header();
        let t = csvt_line();
        assert_eq!(t.trim_end().split(',').count(), h.len());
        assert_eq!(h[0], "lon");
        assert!(t.contains("\"DateTime\""));
    }
}
