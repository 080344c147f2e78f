//! `frontline extract INPUT... [--mentions] [-o DIR] [--format LIST]`: the main job.
//!
//! Inputs are read as a stream and processed in batches in parallel; results come out in input
//! order, byte-identical to a single-threaded run.

use std::io::Write;
use std::path::PathBuf;

use anyhow::Context;
use frontline::article::{read_inputs, Input};
use frontline::extract::{extract_article, Extraction};
use frontline::feature::feature_json;
use frontline::output::{self, Format, OutputSet};
use rayon::prelude::*;

use super::{exit, interrupt, load_gazetteer, CliResult, Failure};

#[derive(clap::Args, Debug)]
pub struct Args {
    /// Article files (.txt), JSONL files of {id, text, published?, source?, url?}, directories of
    /// either, or - for standard input.
    #[arg(required = true)]
    inputs: Vec<String>,
    /// Include a mention feature for every toponym beside the claims.
    #[arg(long)]
    mentions: bool,
    /// Write the output files into this directory (created if missing) instead of printing
    /// GeoJSON on stdout: claims.geojson, mentions.geojson (with --mentions), claims.geojsons,
    /// claims.csv (+ claims.csvt), frontline.gpkg and claims.qml. Files are replaced atomically.
    #[arg(short = 'o', long = "output")]
    output: Option<PathBuf>,
    /// With -o: the formats to write, comma-separated, from geojson, geojsons, csv, gpkg, qml
    /// (default: all).
    #[arg(long, value_delimiter = ',', requires = "output", value_parser = parse_format)]
    format: Vec<Format>,
    /// Use this gazetteer directory instead of the bundled one.
    #[arg(long)]
    gazetteer: Option<PathBuf>,
    /// Worker threads (default: all cores).
    #[arg(long)]
    threads: Option<usize>,
}

const BATCH: usize = 256;

fn parse_format(s: &str) -> Result<Format, String> {
    s.parse()
}

/// Where the features go: GeoJSON on stdout, or the files of an output directory.
enum Sink<W: Write> {
    Stdout { out: W, first: bool },
    Files(Box<OutputSet>),
}

impl<W: Write> Sink<W> {
    fn add(&mut self, r: &Extraction, mentions: bool) -> Result<(), Failure> {
        let ms: &[frontline::feature::Feature] = if mentions { &r.mentions } else { &[] };
        match self {
            Sink::Stdout { out, first } => {
                for f in r.claims.iter().chain(ms) {
                    out.write_all(if *first { b"\n" } else { b",\n" })
                        .and_then(|()| out.write_all(feature_json(f).as_bytes()))
                        .context("writing stdout")
                        .map_err(Failure::output)?;
                    *first = false;
                }
                Ok(())
            }
            Sink::Files(set) => set.add(&r.claims, ms).map_err(Failure::output),
        }
    }

    fn finish(self) -> Result<(), Failure> {
        match self {
            Sink::Stdout { mut out, .. } => out
                .write_all(b"\n]}\n")
                .and_then(|()| out.flush())
                .context("writing stdout")
                .map_err(Failure::output),
            Sink::Files(set) => {
                let dir = set.dir().to_path_buf();
                let summary = set.finish().map_err(Failure::output)?;
                eprintln!(
                    "frontline: wrote {} claims and {} mentions to {} ({} files)",
                    summary.claims,
                    summary.mentions,
                    dir.display(),
                    summary.files.len()
                );
                Ok(())
            }
        }
    }
}

/// Stops after a signal: dropping the sink removes its temporary files; the previous outputs
/// were never touched.
fn interrupted<W: Write>(sink: Sink<W>) -> Failure {
    let files = matches!(sink, Sink::Files(_));
    drop(sink);
    interrupt::clear();
    Failure::new(
        interrupt::INTERRUPTED,
        anyhow::anyhow!(if files {
            "interrupted: the output directory was left as it was"
        } else {
            "interrupted"
        }),
    )
}

pub fn run(args: Args) -> CliResult {
    if let Some(n) = args.threads {
        if n == 0 {
            return Err(Failure::usage(anyhow::anyhow!(
                "--threads must be at least 1"
            )));
        }
        let _ = rayon::ThreadPoolBuilder::new()
            .num_threads(n)
            .build_global();
    }
    interrupt::poll();
    let gaz = load_gazetteer(args.gazetteer.as_deref())?;
    let inputs: Vec<Input> = args.inputs.iter().map(|s| Input::parse(s)).collect();
    let mut articles = read_inputs(&inputs);
    let mut failed = 0usize;
    let mut unreadable = 0usize;
    let mut ok = 0usize;
    let stdout = std::io::stdout();
    let mut sink = match &args.output {
        Some(dir) => {
            let formats = if args.format.is_empty() {
                Format::ALL.to_vec()
            } else {
                args.format.clone()
            };
            let options = output::Options {
                formats,
                mentions: args.mentions,
            };
            let before = interrupt::hidden_entries(dir);
            let set = OutputSet::create(dir, &options).map_err(Failure::output)?;
            // the temporary files just created, for the signal handler's last resort
            interrupt::register_new_entries(dir, &before);
            Sink::Files(Box::new(set))
        }
        None => {
            let mut out = std::io::BufWriter::new(stdout.lock());
            out.write_all(b"{\"type\":\"FeatureCollection\",\"features\":[")
                .context("writing stdout")
                .map_err(Failure::output)?;
            Sink::Stdout { out, first: true }
        }
    };
    loop {
        let mut batch = Vec::with_capacity(BATCH);
        for item in articles.by_ref() {
            if interrupt::requested() {
                break;
            }
            match item {
                Ok(a) => batch.push(a),
                Err(e) => {
                    if e.is_unreadable() {
                        unreadable += 1;
                    } else {
                        failed += 1;
                    }
                    eprintln!("frontline: {e}");
                }
            }
            if batch.len() == BATCH {
                break;
            }
        }
        if interrupt::requested() {
            return Err(interrupted(sink));
        }
        if batch.is_empty() {
            break;
        }
        let results: Vec<Option<Extraction>> = batch
            .par_iter()
            .map(|a| (!interrupt::requested()).then(|| extract_article(a, gaz)))
            .collect();
        if interrupt::requested() {
            return Err(interrupted(sink));
        }
        for r in results.iter().flatten() {
            ok += 1;
            for w in &r.warnings {
                eprintln!("frontline: warning: {w}");
            }
            sink.add(r, args.mentions)?;
        }
    }
    if ok == 0 && unreadable + failed > 0 {
        // nothing usable (every input unreadable or every record broken): stdout still gets a valid (empty) collection; output files are left as they were
        if matches!(sink, Sink::Stdout { .. }) {
            sink.finish()?;
        }
        return Err(Failure::input(anyhow::anyhow!(
            "no article could be read ({unreadable} input(s) unreadable, {failed} bad record(s))"
        )));
    }
    {
        // the signal handler waits for the renames; a signal that came before them stops here
        let _commit = interrupt::commit();
        if interrupt::requested() {
            return Err(interrupted(sink));
        }
        sink.finish()?;
        interrupt::clear();
    }
    Ok(if failed + unreadable > 0 {
        exit::SOME_FAILED
    } else {
        exit::OK
    })
}
