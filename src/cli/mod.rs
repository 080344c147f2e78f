//! Command-line glue: argument parsing, exit codes and error reporting. One file per subcommand.
//!
//! Exit codes (documented in README.md):
//! 0 success · 1 some records or inputs failed, the rest was processed · 2 bad usage ·
//! 3 input unreadable (nothing could be processed) · 4 output could not be written ·
//! 130 interrupted by a signal (see `interrupt.rs`; previous outputs left as they were).
//! The table of bad inputs and what each command does with them: `docs/robustness.md`.

mod diff;
mod extract;
mod gazetteer;
mod interrupt;
mod map;
mod timeline;
mod zones;

use std::process::ExitCode;

use clap::{Parser, Subcommand};

/// The documented exit codes.
pub mod exit {
    pub const OK: u8 = 0;
    pub const SOME_FAILED: u8 = 1;
    pub const USAGE: u8 = 2;
    pub const INPUT: u8 = 3;
    pub const OUTPUT: u8 = 4;
}

/// An error with the exit code it should end the process with.
#[derive(Debug)]
pub struct Failure {
    pub code: u8,
    pub error: anyhow::Error,
}

impl Failure {
    pub fn new(code: u8, error: impl Into<anyhow::Error>) -> Failure {
        Failure {
            code,
            error: error.into(),
        }
    }
    pub fn input(error: impl Into<anyhow::Error>) -> Failure {
        Failure::new(exit::INPUT, error)
    }
    pub fn output(error: impl Into<anyhow::Error>) -> Failure {
        Failure::new(exit::OUTPUT, error)
    }
    pub fn usage(error: impl Into<anyhow::Error>) -> Failure {
        Failure::new(exit::USAGE, error)
    }
}

pub type CliResult = Result<u8, Failure>;

#[derive(Parser, Debug)]
#[command(
    name = "frontline",
    version,
    about = "Geoparse news about the Iraq–Syria border war and extract who controls which place, when, according to whom, as GeoJSON."
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Extract control claims (and with --mentions every toponym) from articles as GeoJSON.
    Extract(extract::Args),
    /// Look up places in the bundled gazetteer.
    Gazetteer(gazetteer::Args),
    /// State of control of every place on a date (or a series of dates) from claim files.
    Timeline(timeline::Args),
    /// What changed between two claim files, or between two dates of one corpus.
    Diff(diff::Args),
    /// Estimated areas of control on a date, as polygons.
    Zones(zones::Args),
    /// A self-contained HTML map of claims over time.
    Map(map::Args),
}

fn is_broken_pipe(e: &anyhow::Error) -> bool {
    e.chain().any(|c| {
        c.downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
    })
}

pub fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(c) => c,
        Err(e) => {
            let code = if e.use_stderr() {
                exit::USAGE
            } else {
                exit::OK
            };
            let _ = e.print();
            return ExitCode::from(code);
        }
    };
    interrupt::install();
    let result = match cli.command {
        Command::Extract(a) => extract::run(a),
        Command::Gazetteer(a) => gazetteer::run(a),
        Command::Timeline(a) => timeline::run(a),
        Command::Diff(a) => diff::run(a),
        Command::Zones(a) => zones::run(a),
        Command::Map(a) => map::run(a),
    };
    match result {
        Ok(code) => ExitCode::from(code),
        Err(f) if is_broken_pipe(&f.error) => ExitCode::from(exit::OK),
        Err(f) => {
            eprintln!("frontline: error: {}", message(&f.error));
            ExitCode::from(f.code)
        }
    }
}

/// An error and its causes on one line, leaving out a cause whose text the message already
/// contains (errors that print their source in their own message).
pub fn message(e: &anyhow::Error) -> String {
    let mut s = String::new();
    for c in e.chain() {
        let text = c.to_string();
        if s.is_empty() {
            s = text;
        } else if !s.contains(&text) {
            s.push_str(": ");
            s.push_str(&text);
        }
    }
    s
}

/// Loads the gazetteer: the bundled one, or a directory given with --gazetteer (checked first:
/// see [`check_gazetteer_dir`]).
pub fn load_gazetteer(
    dir: Option<&std::path::Path>,
) -> Result<&'static frontline::gazetteer::Gazetteer, Failure> {
    match dir {
        None => Ok(frontline::gazetteer::Gazetteer::bundled()),
        Some(d) => {
            check_gazetteer_dir(d).map_err(|e| Failure::input(anyhow::anyhow!("{e}")))?;
            // the message already names the file and the cause: no second copy of the cause
            let g = frontline::gazetteer::Gazetteer::from_dir(d).map_err(|e| {
                Failure::input(match e {
                    // the geometry files' errors name the file in the message, not the path
                    frontline::gazetteer::GazetteerError::Parse { line: 0, msg, .. } => {
                        anyhow::anyhow!("{}", d.join(msg).display())
                    }
                    e => anyhow::anyhow!("{e}"),
                })
            })?;
            Ok(Box::leak(Box::new(g)))
        }
    }
}

/// Checks a gazetteer directory before it is loaded, for what the loader does not report with
/// a file and line: not a directory, invalid UTF-8 (the line of the first bad byte), and
/// coordinates out of range in `places.tsv` (which would make invalid GeoJSON downstream).
fn check_gazetteer_dir(dir: &std::path::Path) -> Result<(), String> {
    let shown = dir.display();
    match std::fs::metadata(dir) {
        Ok(m) if m.is_dir() => {}
        Ok(_) => return Err(format!("{shown}: not a directory")),
        Err(e) => return Err(format!("{shown}: cannot read: {e}")),
    }
    for name in [
        "places.tsv",
        "border.geojson",
        "admin1.geojson",
        "countries.geojson",
    ] {
        let p = dir.join(name);
        let bytes = match std::fs::read(&p) {
            Ok(b) => b,
            // a missing geometry file falls back to the bundled one; places.tsv: the loader says
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => continue,
            Err(e) => return Err(format!("{}: cannot read: {e}", p.display())),
        };
        let text = std::str::from_utf8(&bytes).map_err(|e| {
            let line = 1 + bytes[..e.valid_up_to()]
                .iter()
                .filter(|&&b| b == b'\n')
                .count();
            format!("{}:{line}: invalid UTF-8", p.display())
        })?;
        if name == "places.tsv" {
            check_places(text, &p.display().to_string())?;
        }
    }
    Ok(())
}

/// Latitudes and longitudes of `places.tsv` within range (other problems: the loader's).
fn check_places(text: &str, path: &str) -> Result<(), String> {
    let mut lines = text.lines();
    let header: Vec<&str> = lines.next().unwrap_or("").split('\t').collect();
    let col = |n: &str| header.iter().position(|c| *c == n);
    let (Some(lat), Some(lon)) = (col("lat"), col("lon")) else {
        return Ok(());
    };
    for (i, line) in lines.enumerate() {
        let f: Vec<&str> = line.split('\t').collect();
        for (c, what, max) in [(lat, "lat", 90.0), (lon, "lon", 180.0)] {
            let v = f.get(c).and_then(|s| s.trim().parse::<f64>().ok());
            if let Some(v) = v.filter(|v| !(-max..=max).contains(v)) {
                return Err(format!(
                    "{path}:{}: {what} {v} is out of range (-{max} to {max})",
                    i + 2
                ));
            }
        }
    }
    Ok(())
}

/// False for an existing path that is not a regular file (a device such as `/dev/stdout`, a
/// FIFO): such an output is written in place, not replaced by a renamed temporary file.
pub fn is_regular_or_missing(p: &std::path::Path) -> bool {
    std::fs::metadata(p).map_or(true, |m| m.is_file() || m.is_dir())
}
