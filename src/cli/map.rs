//! `frontline map CLAIMS... -o map.html`: one self-contained HTML map of claims over time.
//!
//! Reads claim files (with the timeline's reader, as `timeline`, `diff` and `zones` do), renders
//! the page with `frontline::map` and writes it atomically. Exit codes: 1 when some records were
//! skipped, 3 when a claim file cannot be read or is not GeoJSON, 4 when the page cannot be
//! written.

use std::io::Write as _;
use std::path::PathBuf;

use super::{exit, CliResult, Failure};
use frontline::map::{self, MapError, MapOptions};

#[derive(clap::Args, Debug)]
pub struct Args {
    /// Claim files (GeoJSON FeatureCollections or .geojsons text sequences from `frontline extract`).
    #[arg(required = true, value_name = "CLAIMS")]
    inputs: Vec<PathBuf>,
    /// Where to write the HTML page (`-` for standard output).
    #[arg(short, long, value_name = "HTML")]
    output: PathBuf,
    /// The page title.
    #[arg(long, value_name = "TEXT")]
    title: Option<String>,
    /// Add an online tile layer from this XYZ URL template (https://…/{z}/{x}/{y}.png). Off by
    /// default: the page needs no network.
    #[arg(long, value_name = "URL")]
    tiles: Option<String>,
    /// Attribution text for --tiles (shown as plain text).
    #[arg(long, value_name = "TEXT", requires = "tiles")]
    tiles_attribution: Option<String>,
    /// Leave out the estimated zones of control (smaller page, faster).
    #[arg(long)]
    no_zones: bool,
}

fn failure(e: MapError) -> Failure {
    match e {
        MapError::Write { .. } => Failure::output(e),
        MapError::Claims(_) => Failure::input(e),
    }
}

pub fn run(args: Args) -> CliResult {
    let (claims, some_skipped) = super::timeline::load(&args.inputs)?;
    let gazetteer = frontline::gazetteer::Gazetteer::bundled();
    let opts = MapOptions {
        title: args.title,
        tiles: args.tiles,
        tiles_attribution: args.tiles_attribution,
        no_zones: args.no_zones,
    };
    let page = map::render(&claims, gazetteer, &opts);
    if !super::is_regular_or_missing(&args.output) {
        // a device or a pipe: written in place, never replaced by a renamed file
        std::fs::OpenOptions::new()
            .write(true)
            .open(&args.output)
            .and_then(|mut f| f.write_all(page.html.as_bytes()).and_then(|()| f.flush()))
            .map_err(|e| {
                Failure::output(
                    anyhow::Error::new(e)
                        .context(format!("{}: cannot write", args.output.display())),
                )
            })?;
    } else if args.output.as_os_str() == "-" {
        let mut out = std::io::stdout().lock();
        out.write_all(page.html.as_bytes())
            .and_then(|()| out.flush())
            .map_err(|e| Failure::output(anyhow::Error::new(e).context("writing the map")))?;
    } else {
        // a signal waits for the write (its temporary file is not ours to remove)
        let _commit = super::interrupt::commit();
        map::write_atomically(&args.output, &page.html).map_err(failure)?;
    }
    if page.without_point > 0 {
        eprintln!(
            "frontline: warning: {} claim(s) without a point geometry left off the map",
            page.without_point
        );
    }
    if page.undated > 0 {
        eprintln!(
            "frontline: warning: {} claim(s) without a readable date are shown on every day",
            page.undated
        );
    }
    if args.output.as_os_str() != "-" {
        eprintln!(
            "frontline: wrote {} ({} claims over {} days)",
            args.output.display(),
            page.claims,
            page.dates
        );
    }
    Ok(if some_skipped {
        exit::SOME_FAILED
    } else {
        exit::OK
    })
}
