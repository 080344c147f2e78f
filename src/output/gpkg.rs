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

use std::path::{Path, PathBuf};

use geopackage::core::datetime::DateTime;
use geopackage::core::types::{ColumnType, GeometryType};
use geopackage::{ColumnSpec, GeoPackage, GeometrySpec, TableSchemaBuilder, ValueRef};
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
        .spatial_index(true)
}

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
        if self.mentions {
            write_layer(gpkg, MENTIONS_LAYER, MENTION_FIELDS, mentions).map_err(|e| self.err(e))?;
        }
        Ok(())
    }

    pub fn finish(mut self) -> Result<Ready, OutputError> {
        if let Some(gpkg) = self.gpkg.take() {
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
    let mut texts: Vec<Option<String>> = vec![None; fields.len() + 1];
    for f in features {
        for t in texts.iter_mut() {
            *t = None;
        }
        let (id_text, rest) = texts.split_at_mut(1);
        let mut values = Vec::with_capacity(fields.len() + 1);
        values.push(f.id.as_deref().map_or(ValueRef::Null, ValueRef::Text));
        let _ = id_text;
        for ((n, t), slot) in fields.iter().zip(rest.iter_mut()) {
            values.push(cell(f.get(n), *t, slot));
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
