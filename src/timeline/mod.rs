//! Over a corpus of claims: who held what on a day ([`states_at`], [`Timeline`]), what changed
//! between two states ([`diff`]), and estimated zones of control ([`zones`]).
//!
//! Input is claim features as `../shared/spec/OUTPUT.md` defines them (read with [`read_claims`]);
//! output is `kind` = `state`, `change` and `zone` features for [`crate::feature::write_collection`].
//! Everything here is deterministic: the result never depends on the order of input files or of
//! claims within them. This module reads claim files and the gazetteer's geometry; it never
//! reaches into extraction. The rules are documented in `docs/timeline.md`.
//!
//! ```no_run
//! use frontline::timeline;
//! let claims = timeline::read_claims(&["claims.geojson"]).unwrap();
//! let day = jiff::civil::date(2017, 6, 1);
//! let states = timeline::states_at(&claims, day);
//! let gaz = frontline::gazetteer::Gazetteer::bundled();
//! let zones = timeline::zones(&states, gaz);
//! ```

mod claim;
mod dates;
mod diff;
mod read;
mod state;
mod zones;

pub use claim::{Claim, ClaimType, Proposal};
pub use dates::{parse_claim_date, parse_day, series_dates, utc_end, utc_start, Step};
pub use diff::{diff, CHANGE_FIELDS};
pub use read::{read_claims, read_claims_report, ReadReport, Skipped, MAX_RECORD_BYTES};
pub use state::{states_at, Timeline, STATE_FIELDS};
pub use zones::{zones, zones_with, ZoneOptions, ZONE_FIELDS};

/// Days within which opposing claims about one place make it `disputed` and are weighed
/// against each other instead of the later one simply winning.
pub const DISPUTE_DAYS: i64 = 7;
/// A state is `stale` when nothing was reported about the place for more than this many days.
pub const STALE_DAYS: i64 = 180;
/// Relative locations (relation other than `at`) with the same relation merge into one place
/// when they lie within this distance of the first (by sort order) location of the group.
pub const MERGE_KM: f64 = 10.0;

/// Errors that stop reading claims: a file that cannot be read or is not GeoJSON at all.
/// Bad single records are not errors; they are [`Skipped`].
#[derive(Debug, thiserror::Error)]
pub enum TimelineError {
    #[error("{path}: cannot read")]
    Io {
        path: String,
        #[source]
        source: std::io::Error,
    },
    #[error("{path}: not valid JSON")]
    Json {
        path: String,
        #[source]
        source: serde_json::Error,
    },
    #[error("{path}: not a GeoJSON FeatureCollection, Feature or text sequence")]
    NotGeoJson { path: String },
    #[error("{path}: empty file, no claims")]
    Empty { path: String },
}
