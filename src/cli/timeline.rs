//! `frontline timeline` (being built).

use super::{CliResult, Failure};

#[derive(clap::Args, Debug)]
pub struct Args {
    /// Claim files.
    inputs: Vec<String>,
}

pub fn run(args: Args) -> CliResult {
    let _ = args.inputs;
    Err(Failure::usage(anyhow::anyhow!(
        "`frontline timeline` is not built yet"
    )))
}
