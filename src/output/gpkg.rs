//! `frontline.gpkg`: an OGC GeoPackage with a `claims` and a `mentions` point layer (EPSG:4326,
//! RTree spatial index), columns typed from [`CLAIM_FIELDS`] / [`MENTION_FIELDS`], and each
//! layer's default QGIS style in `layer_styles` (the table QGIS itself reads and writes), so that
//! QGIS applies it on load.
//!
//! Column types: Text → `TEXT`, Integer → `MEDIUMINT` (GDAL and QGIS read it as a 32-bit
//! integer; `INTEGER` would read as Integer64), Real → `DOUBLE`, Boolean → `BOOLEAN`, DateTime →
//! `DATETIME` (stored in the strict GeoPackage 1.4 form `2017-06-04T00:00:00.000Z`). Each layer
//! starts with an `id` text column holding the GeoJSON Feature `id`, like the field GDAL makes
//! from it when it reads the GeoJSON files. Properties outside the schema are not written.
//!
//! All rows go in through one SQLite transaction that [`GpkgWriter::finish`] commits; a dropped
//! writer rolls back and its temporary file is removed.
//!
//! The spatial index of a layer is built by `finish`, once its rows are in, not by the
//! GeoPackage's triggers row by row as they go in: SQLite's RTree module descends the tree,
//! splits nodes and rewrites whole node blobs for every row, which took half the time of a run
//! with `-o` (docs/performance.md). Up to [`PACKED_INDEX_ROWS`] rows the tree is packed in memory
//! from the spatially sorted envelopes and its node tables are written directly (the
//! `geopackage` crate's bulk build); a larger layer is indexed by the standard
//! `INSERT INTO rtree SELECT`, so that memory stays bounded whatever the corpus. Either way the
//! file ends with the standard index, the GeoPackage 1.4 triggers and the `gpkg_extensions` row.

use std::path::{Path, PathBuf};

use geopackage::core::datetime::DateTime;
use geopackage::core::types::{ColumnType, GeometryType};
use geopackage::{
    BulkIndexOptions, ColumnSpec, GeoPackage, GeometrySpec, TableSchemaBuilder, ValueRef,
};
use tempfile::TempPath;

use crate::feature::{round6, Feature, FieldType, Prop, CLAIM_FIELDS, MENTION_FIELDS};

use super::atomic::{temp_in, Ready};
use super::{style, OutputError, GPKG};

pub const CLAIMS_LAYER: &str = "claims";
pub const MENTIONS_LAYER: &str = "mentions";
const GEOMETRY_COLUMN: &str = "geom";

fn column_type(t: FieldType) -> ColumnType {
    match t {
        FieldType::Text => ColumnType::Text(None),
        FieldType::Integer => ColumnType::MediumInt,
        FieldType::Real => ColumnType::Double,
        FieldType::Boolean => ColumnType::Boolean,
        FieldType::DateTime => ColumnType::DateTime,
    }
}

fn layer_schema(name: &str, description: &str, fields: &[(&str, FieldType)]) -> TableSchemaBuilder {
    let mut b = TableSchemaBuilder::new(name)
        .identifier(name)
        .description(description)
        .column(ColumnSpec::new("id", ColumnType::Text(None)));
    for (n, t) in fields {
        b = b.column(ColumnSpec::new(*n, column_type(*t)));
    }
    b.geometry(GeometrySpec::new(GeometryType::Point, 4326).column_name(GEOMETRY_COLUMN))
        // built by `GpkgWriter::finish` (see the module documentation)
        .spatial_index(false)
}

/// The most rows of a layer whose spatial index is packed in memory. The packing holds about
/// 75 bytes a row (envelopes and sort keys): 150 MB at this many rows. Measured on a 200 MB
/// corpus whose 2.01 M mention rows were packed, the run peaked at 225 MB on one thread and
/// 254 MB on two (the extraction's memory mostly given back by then), so that this bound keeps
/// a run under the 300 MB memory target whatever the corpus (docs/performance.md); a larger
/// layer takes the row-by-row path, slower (about 8 CPU seconds more a million rows) but in
/// bounded memory.
const PACKED_INDEX_ROWS: usize = 2_000_000;

const LAYER_STYLES_DDL: &str = r#"CREATE TABLE "layer_styles" (
  "id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
  "f_table_catalog" TEXT(256),
  "f_table_schema" TEXT(256),
  "f_table_name" TEXT(256),
  "f_geometry_column" TEXT(256),
  "styleName" TEXT(30),
  "styleQML" TEXT,
  "styleSLD" TEXT,
  "useAsDefault" BOOLEAN,
  "description" TEXT,
  "owner" TEXT(30),
  "ui" TEXT(30),
  "update_time" DATETIME DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now'))
);
INSERT INTO gpkg_contents (table_name, data_type, identifier, description, last_change)
  VALUES ('layer_styles', 'attributes', 'layer_styles', 'QGIS layer styles',
          strftime('%Y-%m-%dT%H:%M:%fZ','now'));"#;

const INSERT_STYLE: &str = "INSERT INTO layer_styles (f_table_catalog, f_table_schema, \
    f_table_name, f_geometry_column, styleName, styleQML, styleSLD, useAsDefault, description, \
    owner, ui) VALUES ('', '', ?1, ?2, ?3, ?4, '', 1, ?5, '', NULL)";

/// The GeoPackage being written.
pub(crate) struct GpkgWriter {
    path: PathBuf,
    // declared before `tmp`: the connection closes before the file is removed
    gpkg: Option<GeoPackage>,
    tmp: Option<TempPath>,
    mentions: bool,
    /// Rows written to the claims and the mentions layer.
    rows: [usize; 2],
    /// [`PACKED_INDEX_ROWS`] (lower in tests, to take the other path).
    packed_index_rows: usize,
}

impl GpkgWriter {
    pub fn create(dir: &Path, mentions: bool) -> Result<GpkgWriter, OutputError> {
        let path = dir.join(GPKG);
        let tmp = temp_in(dir, GPKG)?.into_temp_path();
        let err = |source| OutputError::Gpkg {
            path: path.clone(),
            source: Box::new(source),
        };
        let gpkg = GeoPackage::create(&tmp).map_err(err)?;
        // secure_delete: replaced cells (the creation timestamps that `finish` overwrites) are
        // zeroed, not left in free space, so the same input gives the same bytes. No rollback
        // journal and no syncs while writing: the file is a temporary that `finish` fsyncs and
        // renames into place, and that is removed if the run stops (speed: docs/performance.md)
        gpkg.connection()
            .execute_batch(
                "PRAGMA secure_delete = ON; PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF",
            )
            .map_err(|e| err(e.into()))?;
        let mut w = GpkgWriter {
            path: path.clone(),
            gpkg: None,
            tmp: Some(tmp),
            mentions,
            rows: [0; 2],
            packed_index_rows: PACKED_INDEX_ROWS,
        };
        gpkg.create_layer(&layer_schema(
            CLAIMS_LAYER,
            "frontline control claims",
            CLAIM_FIELDS,
        ))
        .map_err(err)?;
        if mentions {
            gpkg.create_layer(&layer_schema(
                MENTIONS_LAYER,
                "frontline toponym mentions",
                MENTION_FIELDS,
            ))
            .map_err(err)?;
        }
        let conn = gpkg.connection();
        let sql = |e| err(geopackage::Error::from(e));
        conn.execute_batch(LAYER_STYLES_DDL).map_err(sql)?;
        conn.execute(
            INSERT_STYLE,
            [
                CLAIMS_LAYER,
                GEOMETRY_COLUMN,
                "frontline claims",
                style::claims_qml().as_str(),
                "Claims coloured by controller (else actor); temporal from time_start/time_end",
            ],
        )
        .map_err(sql)?;
        if mentions {
            conn.execute(
                INSERT_STYLE,
                [
                    MENTIONS_LAYER,
                    GEOMETRY_COLUMN,
                    "frontline mentions",
                    style::mentions_qml().as_str(),
                    "Toponym mentions",
                ],
            )
            .map_err(sql)?;
        }
        conn.execute_batch("BEGIN").map_err(sql)?;
        w.gpkg = Some(gpkg);
        Ok(w)
    }

    fn err(&self, source: geopackage::Error) -> OutputError {
        OutputError::Gpkg {
            path: self.path.clone(),
            source: Box::new(source),
        }
    }

    pub fn add(&mut self, claims: &[Feature], mentions: &[Feature]) -> Result<(), OutputError> {
        let Some(gpkg) = &self.gpkg else {
            return Ok(());
        };
        write_layer(gpkg, CLAIMS_LAYER, CLAIM_FIELDS, claims).map_err(|e| self.err(e))?;
        self.rows[0] += claims.len();
        if self.mentions {
            write_layer(gpkg, MENTIONS_LAYER, MENTION_FIELDS, mentions).map_err(|e| self.err(e))?;
            self.rows[1] += mentions.len();
        }
        Ok(())
    }

    pub fn finish(mut self) -> Result<Ready, OutputError> {
        if let Some(gpkg) = self.gpkg.take() {
            let layers = [CLAIMS_LAYER, MENTIONS_LAYER];
            for (name, rows) in layers
                .into_iter()
                .zip(self.rows)
                .take(1 + usize::from(self.mentions))
            {
                let options = if rows <= self.packed_index_rows {
                    BulkIndexOptions::always_bulk()
                } else {
                    BulkIndexOptions::never_bulk()
                };
                gpkg.layer(name)
                    .and_then(|layer| layer.create_spatial_index_with(options))
                    .map_err(|e| self.err(e))?;
            }
            // the same input gives the same bytes: no wall-clock time in the file
            let when = content_timestamp();
            gpkg.connection()
                .execute("UPDATE gpkg_contents SET last_change = ?1", [&when])
                .and_then(|_| {
                    gpkg.connection()
                        .execute("UPDATE layer_styles SET update_time = ?1", [&when])
                })
                .and_then(|_| gpkg.connection().execute_batch("COMMIT"))
                .map_err(|e| self.err(e.into()))?;
            gpkg.close().map_err(|e| self.err(e))?;
        }
        let tmp = self.tmp.take().ok_or_else(|| {
            OutputError::io(&self.path, std::io::Error::other("already finished"))
        })?;
        Ready::from_closed(self.path.clone(), tmp)
    }
}

/// The time recorded in `gpkg_contents.last_change` and `layer_styles.update_time`:
/// `SOURCE_DATE_EPOCH` (seconds, the reproducible-builds convention) when set, else the Unix
/// epoch. Never the wall clock, so that the same input writes a byte-identical GeoPackage.
fn content_timestamp() -> String {
    let secs = std::env::var("SOURCE_DATE_EPOCH")
        .ok()
        .and_then(|s| s.trim().parse::<i64>().ok())
        .unwrap_or(0);
    let ts = jiff::Timestamp::from_second(secs).unwrap_or(jiff::Timestamp::UNIX_EPOCH);
    ts.strftime("%Y-%m-%dT%H:%M:%S.000Z").to_string()
}

impl Drop for GpkgWriter {
    fn drop(&mut self) {
        // an unfinished file: close (rolling back), then remove any journal SQLite left
        drop(self.gpkg.take());
        if let Some(tmp) = &self.tmp {
            let mut journal = tmp.as_os_str().to_os_string();
            journal.push("-journal");
            let _ = std::fs::remove_file(journal);
        }
    }
}

/// One value, typed by the schema; a value of the wrong type becomes NULL (or text, for a text
/// column).
fn cell<'a>(p: Option<&'a Prop>, t: FieldType, text: &'a mut Option<String>) -> ValueRef<'a> {
    let Some(p) = p else {
        return ValueRef::Null;
    };
    match (t, p) {
        (_, Prop::Null) => ValueRef::Null,
        (FieldType::Text, Prop::Str(s)) => ValueRef::Text(s),
        (FieldType::Text, other) => {
            let s = match other {
                Prop::Bool(b) => b.to_string(),
                Prop::Int(i) => i.to_string(),
                Prop::Num(x) => x.to_string(),
                _ => String::new(),
            };
            ValueRef::Text(text.insert(s).as_str())
        }
        (FieldType::Integer, Prop::Int(i)) => ValueRef::Integer(*i),
        (FieldType::Integer, Prop::Num(x)) if x.fract() == 0.0 && x.abs() < 9.0e15 => {
            ValueRef::Integer(*x as i64)
        }
        (FieldType::Integer, Prop::Bool(b)) => ValueRef::Integer(i64::from(*b)),
        (FieldType::Real, p) => p
            .as_f64()
            .filter(|x| x.is_finite())
            .map_or(ValueRef::Null, ValueRef::Float),
        (FieldType::Boolean, Prop::Bool(b)) => ValueRef::Boolean(*b),
        (FieldType::Boolean, Prop::Int(i)) => ValueRef::Boolean(*i != 0),
        (FieldType::DateTime, Prop::Str(s)) => DateTime::parse_lenient(s)
            .ok()
            .map_or(ValueRef::Null, ValueRef::DateTime),
        _ => ValueRef::Null,
    }
}

fn write_layer(
    gpkg: &GeoPackage,
    name: &str,
    fields: &[(&str, FieldType)],
    features: &[Feature],
) -> Result<(), geopackage::Error> {
    if features.is_empty() {
        return Ok(());
    }
    let layer = gpkg.layer(name)?;
    let mut w = layer.writer()?;
    // a field's value converted to text (see `cell`) lives here while the row is inserted
    let mut texts: Vec<Option<String>> = vec![None; fields.len()];
    for f in features {
        for t in texts.iter_mut() {
            *t = None;
        }
        let mut values = Vec::with_capacity(fields.len() + 1);
        values.push(f.id.as_deref().map_or(ValueRef::Null, ValueRef::Text));
        let mut at = 0;
        for ((n, t), slot) in fields.iter().zip(texts.iter_mut()) {
            values.push(cell(f.get_at(n, &mut at), *t, slot));
        }
        match f.point() {
            Some([lon, lat]) => {
                let p = geo::Point::new(round6(lon), round6(lat));
                w.insert(None, &p, &values)?;
            }
            None => {
                w.insert_row(None, &values)?;
            }
        }
    }
    w.commit()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::feature::{Geometry, Prop};
    use std::collections::BTreeSet;

    /// Claims at pseudo-random points of the region (many at the same point, as a corpus
    /// names the same towns again and again), one in ten without a point.
    fn claims(n: usize, seed: u64) -> Vec<Feature> {
        let mut x = seed;
        let mut next = move || {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            x
        };
        (0..n)
            .map(|i| {
                let r = next();
                let point = (r % 10 != 0).then(|| {
                    let (a, b) = if r % 3 == 0 {
                        (r % 7, r % 5)
                    } else {
                        (r >> 8, r >> 32)
                    };
                    let lon = 38.0 + (a % 60_000) as f64 / 10_000.0;
                    let lat = 32.0 + (b % 50_000) as f64 / 10_000.0;
                    [lon, lat]
                });
                let mut f = Feature {
                    id: Some(format!("a:c{i}")),
                    geometry: point.map(Geometry::Point),
                    ..Default::default()
                };
                f.push("kind", Prop::Str("claim".into()));
                f
            })
            .collect()
    }

    /// The index's entries (bounds as bits, to compare), and what SQLite's own checker says.
    fn index_of(path: &Path, table: &str) -> (BTreeSet<(i64, [u64; 4])>, String) {
        let g = GeoPackage::open_read_only(path).unwrap();
        let conn = g.connection();
        let check: String = conn
            .query_row(
                &format!("SELECT rtreecheck('rtree_{table}_geom')"),
                [],
                |r| r.get(0),
            )
            .unwrap();
        let mut st = conn
            .prepare(&format!(
                "SELECT id, minx, maxx, miny, maxy FROM rtree_{table}_geom"
            ))
            .unwrap();
        let rows = st
            .query_map([], |r| {
                let b = |k: usize| r.get::<_, f64>(k).map(f64::to_bits);
                Ok((r.get(0)?, [b(1)?, b(2)?, b(3)?, b(4)?]))
            })
            .unwrap()
            .map(Result::unwrap)
            .collect();
        (rows, check)
    }

    fn write(dir: &Path, batches: &[Vec<Feature>], packed_index_rows: usize) -> PathBuf {
        let mut w = GpkgWriter::create(dir, false).unwrap();
        w.packed_index_rows = packed_index_rows;
        for b in batches {
            w.add(b, &[]).unwrap();
        }
        w.finish().unwrap().persist().unwrap()
    }

    #[test]
    fn packed_and_row_by_row_index_hold_every_point_and_pass_rtreecheck() {
        for (n, seed) in [(0, 1), (1, 2), (37, 3), (5_000, 4)] {
            let all = claims(n, seed);
            let batches: Vec<Vec<Feature>> = all.chunks(700).map(<[Feature]>::to_vec).collect();
            let packed = tempfile::tempdir().unwrap();
            let by_row = tempfile::tempdir().unwrap();
            let (a, check_a) = index_of(&write(packed.path(), &batches, usize::MAX), CLAIMS_LAYER);
            let (b, check_b) = index_of(&write(by_row.path(), &batches, 0), CLAIMS_LAYER);
            assert_eq!(check_a, "ok", "{n} packed");
            assert_eq!(check_b, "ok", "{n} row by row");
            // fids count from 1 in the order written; the RTree keeps a box of f32 bounds
            // rounded outward, which holds the point and is a few metres across at most
            let want: Vec<(i64, [f64; 2])> = all
                .iter()
                .enumerate()
                .filter_map(|(i, f)| {
                    let [lon, lat] = f.point()?;
                    Some((i as i64 + 1, [round6(lon), round6(lat)]))
                })
                .collect();
            assert_eq!(a.len(), want.len(), "{n}");
            for ((fid, bits), (want_fid, [x, y])) in a.iter().zip(&want) {
                assert_eq!(fid, want_fid, "{n}");
                let [x0, x1, y0, y1] = bits.map(f64::from_bits);
                assert!(
                    x0 <= *x && *x <= x1 && x1 - x0 < 1e-5,
                    "{n} fid {fid}: x {x}"
                );
                assert!(
                    y0 <= *y && *y <= y1 && y1 - y0 < 1e-5,
                    "{n} fid {fid}: y {y}"
                );
            }
            assert_eq!(a, b, "{n}: the two paths store the same boxes");
        }
    }
}
