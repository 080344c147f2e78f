//! `frontline diff A B [--at DATE]` (two claim files, each's state on the same day: DATE, or
//! the latest claim of either) and `frontline diff CLAIMS... --at D1 --vs D2` (one corpus,
//! two days): what changed, as `kind` = `change` features.

use std::path::PathBuf;

use frontline::timeline::{self, Timeline};
use jiff::civil::Date;

use super::timeline::{date_arg, done, load, write_features};
use super::{CliResult, Failure};

#[derive(clap::Args, Debug)]
pub struct Args {
    /// Two claim files A and B, or with --vs any number of claim files.
    #[arg(required = true, value_name = "CLAIMS")]
    inputs: Vec<PathBuf>,
    /// The day of the states compared (with --vs: the earlier day).
    #[arg(long, value_parser = date_arg)]
    at: Option<Date>,
    /// Compare the corpus at --at with the corpus on this day.
    #[arg(long, value_parser = date_arg, requires = "at")]
    vs: Option<Date>,
    /// Write to this file (.geojsons for a text sequence) instead of stdout.
    #[arg(short = 'o', long = "output")]
    output: Option<PathBuf>,
}

pub fn run(args: Args) -> CliResult {
    if let (Some(at), Some(vs)) = (args.at, args.vs) {
        let (claims, skipped) = load(&args.inputs)?;
        let tl = Timeline::new(&claims);
        let changes = timeline::diff(&tl.state_at(at), &tl.state_at(vs));
        write_features(args.output.as_deref(), &changes)?;
        return done(skipped);
    }
    let [a, b] = args.inputs.as_slice() else {
        return Err(Failure::usage(anyhow::anyhow!(
            "give two claim files A B, or claim files with --at DATE --vs DATE"
        )));
    };
    let (ca, skipped_a) = load(std::slice::from_ref(a))?;
    let (cb, skipped_b) = load(std::slice::from_ref(b))?;
    let (ta, tb) = (Timeline::new(&ca), Timeline::new(&cb));
    let day = args.at.or_else(|| {
        [ta.span(), tb.span()]
            .into_iter()
            .flatten()
            .map(|s| s.1)
            .max()
    });
    let changes = match day {
        Some(d) => timeline::diff(&ta.state_at(d), &tb.state_at(d)),
        None => Vec::new(),
    };
    write_features(args.output.as_deref(), &changes)?;
    done(skipped_a || skipped_b)
}
