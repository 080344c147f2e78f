//! Writers: GeoJSON, GeoJSON text sequences, CSV, GeoPackage and QGIS style sidecars.
