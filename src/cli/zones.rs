//! `frontline zones CLAIMS... --at DATE [-o FILE] [--points FILE]`: estimated areas of control
//! on a day, one MultiPolygon per controller, in a file of their own.

use std::path::PathBuf;

use frontline::timeline::{self, Timeline, ZoneOptions};
use jiff::civil::Date;

use super::timeline::{date_arg, done, load, write_features};
use super::{load_gazetteer, CliResult, Failure};

#[derive(clap::Args, Debug)]
pub struct Args {
    /// Claim files: GeoJSON FeatureCollections or .geojsons text sequences (- for stdin).
    #[arg(required = true, value_name = "CLAIMS")]
    inputs: Vec<PathBuf>,
    /// The day of the zones (YYYY-MM-DD).
    #[arg(long, value_parser = date_arg)]
    at: Date,
    /// Write the zones to this file instead of stdout.
    #[arg(short = 'o', long = "output")]
    output: Option<PathBuf>,
    /// Also write the state points the zones are drawn around to this file.
    #[arg(long)]
    points: Option<PathBuf>,
    /// No place claims land farther than this many km.
    #[arg(long, default_value_t = 30.0)]
    radius_km: f64,
    /// Leave out places whose state is stale (nothing reported for 180 days).
    #[arg(long)]
    exclude_stale: bool,
    /// Use this gazetteer directory (for its country polygons) instead of the bundled one.
    #[arg(long)]
    gazetteer: Option<PathBuf>,
}

pub fn run(args: Args) -> CliResult {
    if !(args.radius_km.is_finite() && args.radius_km > 0.0 && args.radius_km <= 500.0) {
        return Err(Failure::usage(anyhow::anyhow!(
            "--radius-km must be more than 0 and at most 500"
        )));
    }
    let gaz = load_gazetteer(args.gazetteer.as_deref())?;
    let (claims, skipped) = load(&args.inputs)?;
    let states = Timeline::new(&claims).state_at(args.at);
    let opts = ZoneOptions {
        radius_km: args.radius_km,
        include_stale: !args.exclude_stale,
        ..ZoneOptions::default()
    };
    let zones = timeline::zones_with(&states, gaz, &opts);
    if let Some(p) = &args.points {
        write_features(Some(p), &states)?;
    }
    write_features(args.output.as_deref(), &zones)?;
    done(skipped)
}
