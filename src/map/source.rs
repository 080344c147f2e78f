//! Where the map's data comes from: claim files, the state of control on a day, and zones.
//!
//! The one adapter between the map and the timeline stage (`crate::timeline`): reading claim
//! files, the day a claim counts from, who held what on a day and the estimated zones of control
//! all come from there, so the map shows exactly what `frontline timeline` and `frontline zones`
//! write. When the timeline API changes, only this file changes.

use jiff::civil::Date;

use crate::feature::Feature;
use crate::gazetteer::Gazetteer;
use crate::timeline::{self, ReadReport, Timeline, TimelineError};

/// Reads claim features (`kind` = `claim`) from GeoJSON FeatureCollections, single Features or
/// text sequences; records that do not check out are listed in the report's `skipped`.
pub fn read_claims<P: AsRef<std::path::Path>>(paths: &[P]) -> Result<ReadReport, TimelineError> {
    timeline::read_claims_report(paths)
}

/// The first day a claim's `date` covers (`2017-05` counts from 1 May, `2017-W22` from its
/// Monday), falling back to `time_start`; the slider's key.
pub fn claim_day(f: &Feature) -> Option<Date> {
    f.get_str("date")
        .and_then(timeline::parse_claim_date)
        .or_else(|| f.get_str("time_start").and_then(timeline::parse_claim_date))
}

/// The state of control on each of `days` (timeline rules, see `docs/timeline.md`), and the
/// zones of control from those states when `with_zones` is set.
pub fn states_and_zones(
    claims: &[Feature],
    days: &[Date],
    gazetteer: &Gazetteer,
    with_zones: bool,
) -> Vec<(Date, Vec<Feature>, Vec<Feature>)> {
    let tl = Timeline::new(claims);
    days.iter()
        .map(|&d| {
            let states = tl.state_at(d);
            let zones = if with_zones {
                timeline::zones(&states, gazetteer)
            } else {
                Vec::new()
            };
            (d, states, zones)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn days_from_reduced_precision_dates() {
        let mut f = Feature::default();
        f.push("date", "2017-05");
        assert_eq!(claim_day(&f), Some(jiff::civil::date(2017, 5, 1)));
        f.set("date", "2017-W22");
        assert_eq!(claim_day(&f), Some(jiff::civil::date(2017, 5, 29)));
        f.set("date", "soon");
        f.set("time_start", "2017-06-02T00:00:00Z");
        assert_eq!(claim_day(&f), Some(jiff::civil::date(2017, 6, 2)));
        f.set("time_start", "nonsense");
        assert_eq!(claim_day(&f), None);
    }
}
