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
use rayon::prelude::*;

use super::{exit, load_gazetteer, CliResult, Failure};

#[derive(clap::Args, Debug)]
pub struct Args {
    /// Article files (.txt), JSONL files of {id, text, published?, source?, url?}, directories of
    /// either, or - for standard input.
    #[arg(required = true)]
    inputs: Vec<String>,
    /// Include a mention feature for every toponym beside the claims.
    #[arg(long)]
    mentions: bool,
    /// Write the output files into this directory instead of printing GeoJSON on stdout.
    #[arg(short = 'o', long = "output")]
    output: Option<PathBuf>,
    /// Use this gazetteer directory instead of the bundled one.
    #[arg(long)]
    gazetteer: Option<PathBuf>,
    /// Worker threads (default: all cores).
    #[arg(long)]
    threads: Option<usize>,
}

const BATCH: usize = 256;

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
    let gaz = load_gazetteer(args.gazetteer.as_deref())?;
    let inputs: Vec<Input> = args.inputs.iter().map(|s| Input::parse(s)).collect();
    let mut articles = read_inputs(&inputs);
    let mut failed = 0usize;
    let mut unreadable = 0usize;
    let mut ok = 0usize;
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    if args.output.is_some() {
        return Err(Failure::usage(anyhow::anyhow!("-o is not available yet")));
    }
    out.write_all(b"{\"type\":\"FeatureCollection\",\"features\":[")
        .context("writing stdout")
        .map_err(Failure::output)?;
    let mut first = true;
    loop {
        let mut batch = Vec::with_capacity(BATCH);
        for item in articles.by_ref() {
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
        if batch.is_empty() {
            break;
        }
        let results: Vec<Extraction> = batch.par_iter().map(|a| extract_article(a, gaz)).collect();
        for r in &results {
            ok += 1;
            for w in &r.warnings {
                eprintln!("frontline: warning: {w}");
            }
            let feats = r.claims.iter().chain(
                args.mentions
                    .then_some(r.mentions.iter())
                    .into_iter()
                    .flatten(),
            );
            for f in feats {
                out.write_all(if first { b"\n" } else { b",\n" })
                    .map_err(Failure::output)?;
                first = false;
                out.write_all(feature_json(f).as_bytes())
                    .map_err(Failure::output)?;
            }
        }
    }
    out.write_all(b"\n]}\n").map_err(Failure::output)?;
    out.flush().map_err(Failure::output)?;
    if ok == 0 && unreadable > 0 {
        return Err(Failure::input(anyhow::anyhow!("no input could be read")));
    }
    Ok(if failed + unreadable > 0 {
        exit::SOME_FAILED
    } else {
        exit::OK
    })
}
