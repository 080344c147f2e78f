//! frontline: geoparse news about the war along the Iraq–Syria border (2014–2019), extract
//! control claims (who captured, lost, holds or fights over which place, when, according to
//! whom), and write them as GeoJSON that web maps and QGIS open as they are.
//!
//! Data flows one way: article → text → toponyms → places → claims → features → writers; over a
//! corpus, claims → timeline → diff / zones. Each stage is a module with one job.

// Untrusted input never panics the library: no unwrap/expect outside tests (docs/robustness.md).
#![cfg_attr(not(test), deny(clippy::unwrap_used, clippy::expect_used))]

pub mod alloc;
pub mod article;
pub mod claims;
pub mod extract;
pub mod feature;
pub mod gazetteer;
pub mod geoparse;
pub mod map;
pub mod output;
pub mod timeline;

#[cfg(test)]
mod testutil;
