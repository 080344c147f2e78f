//! `frontline timeline CLAIMS... --at DATE [-o FILE]` and
//! `frontline timeline CLAIMS... --from D1 --to D2 [--step month] [-o FILE | --out-dir DIR]`:
//! the state of control of every place on a day, or as a series. Also the helpers that `diff`
//! and `zones` share: reading claim files, date arguments, writing features.

use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::Context;
use frontline::feature::{write_collection, write_sequence, Feature};
use frontline::timeline::{self, parse_day, series_dates, Step, Timeline};
use jiff::civil::Date;

use super::{exit, CliResult, Failure};

#[derive(clap::Args, Debug)]
pub struct Args {
    /// Claim files: GeoJSON FeatureCollections or .geojsons text sequences (- for stdin).
    #[arg(required = true, value_name = "CLAIMS")]
    inputs: Vec<PathBuf>,
    /// The day of the state (YYYY-MM-DD).
    #[arg(long, value_parser = date_arg, conflicts_with_all = ["from", "to"])]
    at: Option<Date>,
    /// First day of a series (YYYY-MM-DD); needs --to.
    #[arg(long, value_parser = date_arg, requires = "to")]
    from: Option<Date>,
    /// Last day of a series (YYYY-MM-DD); needs --from.
    #[arg(long, value_parser = date_arg, requires = "from")]
    to: Option<Date>,
    /// Length of a series step.
    #[arg(long, value_enum, default_value = "month")]
    step: Step,
    /// Write to this file (.geojsons for a text sequence) instead of stdout.
    #[arg(short = 'o', long = "output", conflicts_with = "out_dir")]
    output: Option<PathBuf>,
    /// For a series, write one file per step into this directory (states-YYYY-MM-DD.geojson).
    #[arg(long, requires = "from")]
    out_dir: Option<PathBuf>,
}

/// Parses a `YYYY-MM-DD` argument (clap turns the error into exit code 2).
pub(super) fn date_arg(s: &str) -> Result<Date, String> {
    parse_day(s).ok_or_else(|| format!("`{s}` is not a valid date (expected YYYY-MM-DD)"))
}

/// Reads claim files, printing skipped records and warnings on stderr. Returns the claims and
/// whether a record was skipped. Every file must be readable: one that cannot be read (missing,
/// not GeoJSON, empty) stops the run with exit 3, since the states, changes and zones of a
/// corpus with a file left out would be wrong everywhere, not just for one record.
pub(super) fn load(inputs: &[PathBuf]) -> Result<(Vec<Feature>, bool), Failure> {
    let report = timeline::read_claims_report(inputs)
        .map_err(|e| Failure::input(anyhow::anyhow!("{}", chain(&e))))?;
    report_skipped(&report);
    nothing_read(&report)?;
    Ok((report.claims, !report.skipped.is_empty()))
}

/// Exit 3 when not one claim was read and records were skipped (as `extract` does when no
/// article could be read): an empty result would look like a corpus without claims.
fn nothing_read(report: &timeline::ReadReport) -> Result<(), Failure> {
    if report.claims.is_empty() && !report.skipped.is_empty() {
        return Err(Failure::input(anyhow::anyhow!(
            "no claim could be read ({} bad record(s))",
            report.skipped.len()
        )));
    }
    Ok(())
}

/// An error and its causes on one line (`file: cannot read: No such file or directory`).
fn chain(e: &dyn std::error::Error) -> String {
    let mut s = e.to_string();
    let mut cause = e.source();
    while let Some(c) = cause {
        s.push_str(": ");
        s.push_str(&c.to_string());
        cause = c.source();
    }
    s
}

fn report_skipped(report: &timeline::ReadReport) {
    const SHOWN: usize = 20;
    for w in report.warnings.iter().take(SHOWN) {
        eprintln!("frontline: warning: {w}");
    }
    if report.warnings.len() > SHOWN {
        eprintln!(
            "frontline: warning: {} more lines with invalid UTF-8",
            report.warnings.len() - SHOWN
        );
    }
    for s in report.skipped.iter().take(SHOWN) {
        eprintln!("frontline: skipped: {s}");
    }
    if report.skipped.len() > SHOWN {
        eprintln!(
            "frontline: skipped {} more records",
            report.skipped.len() - SHOWN
        );
    }
}

/// Writes features to a file (a text sequence when it ends in .geojsons) or stdout.
pub(super) fn write_features(path: Option<&Path>, features: &[Feature]) -> Result<(), Failure> {
    let seq = path.is_some_and(|p| p.extension().is_some_and(|e| e == "geojsons"));
    let write = |w: &mut dyn Write| -> std::io::Result<()> {
        let mut w = std::io::BufWriter::new(w);
        if seq {
            write_sequence(&mut w, features)?;
        } else {
            write_collection(&mut w, features)?;
        }
        w.flush()
    };
    match path {
        Some(p) => write_atomically(p, write),
        None => {
            let stdout = std::io::stdout();
            let mut lock = stdout.lock();
            write(&mut lock)
                .context("writing stdout")
                .map_err(Failure::output)
        }
    }
}

/// Writes `p` through a temporary file in its directory, fsynced and renamed over `p` only when
/// complete: an error or a signal leaves the previous file as it was.
fn write_atomically(
    p: &Path,
    write: impl Fn(&mut dyn Write) -> std::io::Result<()>,
) -> Result<(), Failure> {
    if !super::is_regular_or_missing(p) {
        // a device or a pipe (/dev/stdout, a FIFO): written in place, never replaced
        let mut f = std::fs::OpenOptions::new()
            .write(true)
            .open(p)
            .with_context(|| format!("{}: cannot open", p.display()))
            .map_err(Failure::output)?;
        return write(&mut f)
            .with_context(|| format!("{}: cannot write", p.display()))
            .map_err(Failure::output);
    }
    let dir = match p.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    let name = p.file_name().map(|n| n.to_string_lossy().into_owned());
    let mut tmp = tempfile::Builder::new()
        .prefix(&format!(".{}.", name.as_deref().unwrap_or("frontline")))
        .suffix(".tmp")
        .tempfile_in(dir)
        .map_err(frontline::output::without_temp_path)
        .with_context(|| format!("{}: cannot create", p.display()))
        .map_err(Failure::output)?;
    super::interrupt::register(tmp.path().to_path_buf());
    let written = write(tmp.as_file_mut())
        .and_then(|()| tmp.as_file().sync_all())
        .with_context(|| format!("{}: cannot write", p.display()))
        .map_err(Failure::output);
    let result = written.and_then(|()| {
        let _commit = super::interrupt::commit();
        tmp.persist(p)
            .map(|_| ())
            .map_err(|e| frontline::output::without_temp_path(e.error))
            .with_context(|| format!("{}: cannot write", p.display()))
            .map_err(Failure::output)
    });
    super::interrupt::clear();
    #[cfg(unix)]
    if result.is_ok() {
        // temporary files are 0600; an output is a data file like any other
        use std::os::unix::fs::PermissionsExt as _;
        let _ = std::fs::set_permissions(p, std::fs::Permissions::from_mode(0o644));
    }
    result
}

/// The exit code for a run that wrote its output.
pub(super) fn done(skipped: bool) -> CliResult {
    Ok(if skipped { exit::SOME_FAILED } else { exit::OK })
}

pub fn run(args: Args) -> CliResult {
    let (claims, skipped) = load(&args.inputs)?;
    let tl = Timeline::new(&claims);
    if let Some(at) = args.at {
        write_features(args.output.as_deref(), &tl.state_at(at))?;
        return done(skipped);
    }
    let (Some(from), Some(to)) = (args.from, args.to) else {
        return Err(Failure::usage(anyhow::anyhow!(
            "give --at DATE, or --from DATE --to DATE"
        )));
    };
    if from > to {
        return Err(Failure::usage(anyhow::anyhow!(
            "--from {from} is after --to {to}"
        )));
    }
    let steps = series_dates(from, to, args.step);
    match &args.out_dir {
        Some(dir) => {
            std::fs::create_dir_all(dir)
                .with_context(|| format!("{}: cannot create directory", dir.display()))
                .map_err(Failure::output)?;
            for &(start, end) in &steps {
                let states = tl.series(&[(start, end)]);
                write_features(Some(&dir.join(format!("states-{start}.geojson"))), &states)?;
            }
        }
        None => write_features(args.output.as_deref(), &tl.series(&steps))?,
    }
    done(skipped)
}
