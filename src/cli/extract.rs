//! `frontline extract INPUT... [--mentions] [-o DIR] [--format LIST]`: the main job.
//!
//! Inputs are read as a stream, record by record, and every result is written as soon as its
//! turn comes: memory does not grow with the corpus. With one thread everything runs in order on
//! the main thread. With more, a reader thread reads ahead (at most two batches), the main thread
//! hands batches (what has been read, up to [`BATCH`] articles or [`BATCH_BYTES`] of text) to a
//! pool of worker threads that extract (and, for standard output, serialise) them, and a writer
//! thread writes the results in input order while the next batch is extracted. A slow feed is
//! extracted and written as it arrives. The output is byte-identical whatever the number of
//! threads, and so is the standard error.
//!
//! Standard error: one line per unreadable input, bad record or warning, in input order; with
//! `-o`, the files written. When standard error is a terminal, a progress line while the run
//! lasts and a summary at the end (articles, claims, mentions, seconds, MB/s of article text);
//! `--stats` prints that summary when it is not a terminal too (it holds timings, so two runs
//! differ in it).

use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::sync::mpsc;
use std::time::{Duration, Instant};

use anyhow::Context;
use frontline::article::{read_inputs, Article, Input, InputError};
use frontline::extract::{extract_article, extract_article_json};
use frontline::gazetteer::Gazetteer;
use frontline::output::{self, FeatureBatch, Format, JsonNeeds, OutputSet};
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
    /// Threads that extract (default: all cores). With 1, the whole run is one thread; the
    /// output is the same for any number.
    #[arg(long)]
    threads: Option<usize>,
    /// Print the summary line (articles, claims, mentions, seconds, MB/s) on standard error even
    /// when it is not a terminal.
    #[arg(long)]
    stats: bool,
}

/// The most articles in one batch of a parallel run.
pub const BATCH: usize = 256;
/// The most article text in one batch of a parallel run (a batch holds at least one article).
pub const BATCH_BYTES: usize = 2 << 20;

fn parse_format(s: &str) -> Result<Format, String> {
    s.parse()
}

/// Where the features go: GeoJSON on stdout, or the files of an output directory.
enum Sink {
    Stdout {
        out: std::io::BufWriter<std::io::Stdout>,
        first: bool,
        /// Text for `out` that the extraction appended to straight away ([`Sink::extract`]),
        /// passed on in pieces of [`PENDING_BYTES`] (written without being copied).
        pending: String,
    },
    /// The output files, and the features of up to [`BATCH`] articles waiting to be written
    /// in one go (each writer call has a fixed cost: the GeoPackage prepares its statements).
    Files {
        set: Box<OutputSet>,
        pending: FeatureBatch,
        articles: usize,
    },
}

/// The text [`Sink::extract`] gathers before writing it to standard output: the capacity of the
/// output's buffer, so that it is written past the buffer.
const PENDING_BYTES: usize = 1 << 16;

/// One article's result, ready for the sink.
enum Output {
    /// The features and their text, for the files of an output directory.
    Features {
        batch: FeatureBatch,
        warnings: Vec<String>,
    },
    /// The features already serialised for standard output, one per line, joined by `,\n`.
    Json {
        text: String,
        claims: usize,
        mentions: usize,
        warnings: Vec<String>,
    },
}

/// What became of one item of the input, in input order.
enum Done {
    Extracted { out: Output, bytes: usize },
    Failed(InputError),
}

impl Sink {
    fn stdout() -> Result<Sink, Failure> {
        let mut out = std::io::BufWriter::with_capacity(PENDING_BYTES, std::io::stdout());
        out.write_all(b"{\"type\":\"FeatureCollection\",\"features\":[")
            .context("writing stdout")
            .map_err(Failure::output)?;
        Ok(Sink::Stdout {
            out,
            first: true,
            pending: String::new(),
        })
    }

    fn files(set: OutputSet) -> Sink {
        Sink::Files {
            pending: FeatureBatch::new(Vec::new(), Vec::new(), set.json_needs()),
            set: Box::new(set),
            articles: 0,
        }
    }

    /// The GeoJSON text the sink's files take of the features (none for standard output, which
    /// is written by [`Sink::extract`] or [`prepare`] straight from the extraction).
    fn json_needs(&self) -> JsonNeeds {
        match self {
            Sink::Stdout { .. } => JsonNeeds::default(),
            Sink::Files { set, .. } => set.json_needs(),
        }
    }

    /// Extracts one article as [`prepare`] does; for standard output, the features are
    /// appended to the text waiting for it (with the separator from the features before), and
    /// the result's own text is empty.
    fn extract(&mut self, a: &Article, gaz: &Gazetteer, mentions: bool) -> Output {
        let Sink::Stdout { first, pending, .. } = self else {
            let json = self.json_needs();
            return prepare(a, gaz, false, mentions, json);
        };
        let mark = pending.len();
        pending.push_str(if *first { "\n" } else { ",\n" });
        let (claims, mentions) = extract_article_json(a, gaz, mentions, pending);
        if claims + mentions == 0 {
            pending.truncate(mark);
        } else {
            *first = false;
        }
        Output::Json {
            text: String::new(),
            claims,
            mentions,
            warnings: a.warnings.clone(),
        }
    }

    /// Writes the text waiting for standard output.
    fn write_pending(out: &mut impl Write, pending: &mut String) -> std::io::Result<()> {
        out.write_all(pending.as_bytes())?;
        pending.clear();
        Ok(())
    }

    fn add(&mut self, r: Output) -> Result<(), Failure> {
        match (self, r) {
            (
                Sink::Stdout {
                    out,
                    first,
                    pending,
                },
                Output::Json { text, .. },
            ) => {
                let mut written = Ok(());
                if !text.is_empty() {
                    written = Self::write_pending(out, pending)
                        .and_then(|()| out.write_all(if *first { b"\n" } else { b",\n" }))
                        .and_then(|()| out.write_all(text.as_bytes()));
                    *first = false;
                } else if pending.len() >= PENDING_BYTES {
                    written = Self::write_pending(out, pending);
                }
                written.context("writing stdout").map_err(Failure::output)
            }
            (
                Sink::Files {
                    set,
                    pending,
                    articles,
                },
                Output::Features { batch, .. },
            ) => {
                // each file gets its features in input order, whether they are written one
                // article or many at a time
                pending.append(batch);
                *articles += 1;
                if *articles >= BATCH {
                    write_pending(set, pending, articles)?;
                }
                Ok(())
            }
            // `prepare` makes the kind the sink takes
            _ => Err(Failure::output(anyhow::anyhow!(
                "internal: wrong result kind"
            ))),
        }
    }

    /// Passes what was written to standard output on (files are written at the end anyway).
    fn flush(&mut self) -> Result<(), Failure> {
        match self {
            Sink::Stdout { out, pending, .. } => Self::write_pending(out, pending)
                .and_then(|()| out.flush())
                .context("writing stdout")
                .map_err(Failure::output),
            Sink::Files { .. } => Ok(()),
        }
    }

    fn finish(self, log: &Log) -> Result<(), Failure> {
        match self {
            Sink::Stdout {
                mut out,
                mut pending,
                ..
            } => Self::write_pending(&mut out, &mut pending)
                .and_then(|()| out.write_all(b"\n]}\n"))
                .and_then(|()| out.flush())
                .context("writing stdout")
                .map_err(Failure::output),
            Sink::Files {
                mut set,
                mut pending,
                mut articles,
            } => {
                write_pending(&mut set, &mut pending, &mut articles)?;
                let dir = set.dir().to_path_buf();
                let summary = set.finish().map_err(Failure::output)?;
                log.line(&format!(
                    "frontline: wrote {} claims and {} mentions to {} ({} files)",
                    summary.claims,
                    summary.mentions,
                    dir.display(),
                    summary.files.len()
                ));
                Ok(())
            }
        }
    }
}

/// Writes the features waiting in a files sink.
fn write_pending(
    set: &mut OutputSet,
    pending: &mut FeatureBatch,
    articles: &mut usize,
) -> Result<(), Failure> {
    set.add_batch(pending).map_err(Failure::output)?;
    pending.clear();
    *articles = 0;
    Ok(())
}

/// Extracts one article and puts the result in the form the sink takes: GeoJSON text for standard
/// output, written on the worker straight from the extraction (no features are built), the
/// features themselves and the text `json` asks of them for the output files.
fn prepare(
    a: &Article,
    gaz: &Gazetteer,
    to_stdout: bool,
    mentions: bool,
    json: JsonNeeds,
) -> Output {
    if !to_stdout {
        let ex = extract_article(a, gaz);
        // (the files take no mentions without `--mentions`)
        let ms = if mentions { ex.mentions } else { Vec::new() };
        return Output::Features {
            batch: FeatureBatch::new(ex.claims, ms, json),
            warnings: ex.warnings,
        };
    }
    // sized by the extraction, once it knows the features
    let mut text = String::new();
    let (claims, mentions) = extract_article_json(a, gaz, mentions, &mut text);
    Output::Json {
        text,
        claims,
        mentions,
        warnings: a.warnings.clone(),
    }
}

/// Messages on standard error, around the progress line when there is one.
struct Log {
    bar: Option<indicatif::ProgressBar>,
}

impl Log {
    fn new(progress: bool) -> Log {
        let bar = progress.then(|| {
            let b = indicatif::ProgressBar::new_spinner();
            b.set_style(
                indicatif::ProgressStyle::with_template("{spinner} {elapsed_precise} {msg}")
                    .unwrap_or_else(|_| indicatif::ProgressStyle::default_spinner()),
            );
            b.enable_steady_tick(Duration::from_millis(200));
            b
        });
        Log { bar }
    }

    fn line(&self, s: &str) {
        match &self.bar {
            Some(b) => b.suspend(|| eprintln!("{s}")),
            None => eprintln!("{s}"),
        }
    }

    fn progress(&self, t: &Tally, start: Instant) {
        if let Some(b) = &self.bar {
            b.set_message(t.line(start.elapsed()));
        }
    }

    fn done(&self) {
        if let Some(b) = &self.bar {
            b.finish_and_clear();
        }
    }
}

/// Counts of the run so far.
#[derive(Default)]
struct Tally {
    ok: usize,
    failed: usize,
    unreadable: usize,
    claims: usize,
    mentions: usize,
    bytes: usize,
}

impl Tally {
    fn line(&self, elapsed: Duration) -> String {
        let secs = elapsed.as_secs_f64();
        let rate = |x: f64| if secs > 0.0 { x / secs } else { 0.0 };
        format!(
            "{} articles, {} claims, {} mentions in {:.2} s ({:.1} MB/s of text, {:.0} articles/s)",
            self.ok,
            self.claims,
            self.mentions,
            secs,
            rate(self.bytes as f64 / 1e6),
            rate(self.ok as f64)
        )
    }

    /// Writes one result (or reports one failure) and counts it.
    fn take(&mut self, d: Done, sink: &mut Sink, log: &Log) -> Result<(), Failure> {
        match d {
            Done::Failed(e) => {
                if e.is_unreadable() {
                    self.unreadable += 1;
                } else {
                    self.failed += 1;
                }
                log.line(&format!("frontline: {e}"));
            }
            Done::Extracted { out, bytes } => {
                self.ok += 1;
                self.bytes += bytes;
                let warnings = match &out {
                    Output::Features { batch, warnings } => {
                        self.claims += batch.claims.len();
                        self.mentions += batch.mentions.len();
                        warnings
                    }
                    Output::Json {
                        claims,
                        mentions,
                        warnings,
                        ..
                    } => {
                        self.claims += claims;
                        self.mentions += mentions;
                        warnings
                    }
                };
                for w in warnings {
                    log.line(&format!("frontline: warning: {w}"));
                }
                sink.add(out)?;
            }
        }
        Ok(())
    }
}

/// Stops after a signal: dropping the sink removes its temporary files; the previous outputs
/// were never touched.
fn interrupted(mut sink: Sink) -> Failure {
    let files = matches!(sink, Sink::Files { .. });
    if let Sink::Stdout { out, pending, .. } = &mut sink {
        // as the buffered output, written when dropped
        let _ = Sink::write_pending(out, pending);
    }
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

/// The settings every stage needs.
struct Job<'a> {
    gaz: &'a Gazetteer,
    to_stdout: bool,
    mentions: bool,
    /// The text the output files take of the features.
    json: JsonNeeds,
    start: Instant,
}

impl Job<'_> {
    fn run_one(&self, item: Result<Article, InputError>) -> Done {
        match item {
            Ok(a) => Done::Extracted {
                out: prepare(&a, self.gaz, self.to_stdout, self.mentions, self.json),
                bytes: a.text.len(),
            },
            Err(e) => Done::Failed(e),
        }
    }
}

/// One thread: read, extract and write each article in turn.
fn run_sequential(
    job: &Job<'_>,
    articles: impl Iterator<Item = Result<Article, InputError>>,
    sink: &mut Sink,
    tally: &mut Tally,
    log: &Log,
) -> Result<(), Failure> {
    for item in articles {
        if interrupt::requested() {
            break;
        }
        // the features for standard output go straight to the sink's text
        let done = match item {
            Ok(a) => Done::Extracted {
                out: sink.extract(&a, job.gaz, job.mentions),
                bytes: a.text.len(),
            },
            Err(e) => Done::Failed(e),
        };
        tally.take(done, sink, log)?;
        if tally.ok % 64 == 0 {
            log.progress(tally, job.start);
        }
    }
    Ok(())
}

/// Takes the next batch from the reader: waits for one item, then takes what has been read
/// already, up to [`BATCH`] items and, past the first, [`BATCH_BYTES`] of text. A fast input
/// fills whole batches; a slow feed is extracted as it comes. `None` at the end of the input.
fn next_batch(items: &mpsc::Receiver<Result<Article, InputError>>) -> Option<Batch> {
    let first = items.recv().ok()?;
    let mut bytes = first.as_ref().map_or(0, |a| a.text.len());
    let mut batch = Vec::with_capacity(BATCH);
    batch.push(first);
    let mut drained = false;
    while batch.len() < BATCH && bytes < BATCH_BYTES {
        match items.try_recv() {
            Ok(item) => {
                bytes += item.as_ref().map_or(0, |a| a.text.len());
                batch.push(item);
            }
            Err(_) => {
                drained = true;
                break;
            }
        }
    }
    Some(Batch {
        items: batch,
        drained,
    })
}

/// Items read, and whether the reader had no more at hand when they were taken.
struct Batch {
    items: Vec<Result<Article, InputError>>,
    drained: bool,
}

/// Several threads: a reader thread reads the input, this thread hands batches to the pool,
/// and a writer thread writes the results in input order. Returns the sink for `finish` (or
/// for dropping, after a signal).
fn run_parallel(
    job: &Job<'_>,
    pool: &rayon::ThreadPool,
    articles: &mut (impl Iterator<Item = Result<Article, InputError>> + Send),
    sink: Sink,
    tally: &mut Tally,
    log: &Log,
) -> Result<Sink, Failure> {
    // read-ahead: at most two batches' worth of articles wait for the pool
    let (item_tx, item_rx) = mpsc::sync_channel::<Result<Article, InputError>>(2 * BATCH);
    // at most one batch of results waits for the writer (and one is being written)
    let (done_tx, done_rx) = mpsc::sync_channel::<(Vec<Done>, bool)>(1);
    std::thread::scope(|s| {
        s.spawn(move || {
            for item in articles {
                if interrupt::requested() || item_tx.send(item).is_err() {
                    break;
                }
            }
        });
        let writer = s.spawn(move || -> (Sink, Result<(), Failure>) {
            let mut sink = sink;
            for (batch, drained) in done_rx {
                for d in batch {
                    if interrupt::requested() {
                        return (sink, Ok(()));
                    }
                    if let Err(e) = tally.take(d, &mut sink, log) {
                        return (sink, Err(e));
                    }
                }
                if drained {
                    // the input is slower than the extraction: pass on what is done
                    if let Err(e) = sink.flush() {
                        return (sink, Err(e));
                    }
                }
                log.progress(tally, job.start);
            }
            (sink, Ok(()))
        });
        while let Some(batch) = next_batch(&item_rx) {
            if interrupt::requested() {
                break;
            }
            let done: Vec<Done> = pool.install(|| {
                batch
                    .items
                    .into_par_iter()
                    .map(|item| job.run_one(item))
                    .collect()
            });
            if interrupt::requested() || done_tx.send((done, batch.drained)).is_err() {
                // stopped, or the writer failed (it says why when joined)
                break;
            }
        }
        // the reader stops at its next item (the channel is closed)
        drop(item_rx);
        drop(done_tx);
        let (sink, result) = writer
            .join()
            .unwrap_or_else(|p| std::panic::resume_unwind(p));
        result.map(|()| sink)
    })
}

pub fn run(args: Args) -> CliResult {
    let start = Instant::now();
    let threads = match args.threads {
        Some(0) => {
            return Err(Failure::usage(anyhow::anyhow!(
                "--threads must be at least 1"
            )))
        }
        Some(n) => n,
        None => std::thread::available_parallelism().map_or(1, |n| n.get()),
    };
    interrupt::poll();
    let gaz = load_gazetteer(args.gazetteer.as_deref())?;
    let inputs: Vec<Input> = args.inputs.iter().map(|s| Input::parse(s)).collect();
    let mut articles = read_inputs(&inputs);
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
            Sink::files(set)
        }
        None => Sink::stdout()?,
    };
    let terminal = std::io::stderr().is_terminal();
    let log = Log::new(terminal);
    let job = Job {
        gaz,
        to_stdout: args.output.is_none(),
        mentions: args.mentions,
        json: sink.json_needs(),
        start,
    };
    let mut tally = Tally::default();
    // more threads than one, when the system gives them (else the run is sequential: the same
    // output, only slower)
    let pool = (threads > 1)
        .then(|| {
            rayon::ThreadPoolBuilder::new()
                .num_threads(threads)
                .build()
                .ok()
        })
        .flatten();
    match &pool {
        None => run_sequential(&job, &mut articles, &mut sink, &mut tally, &log)?,
        Some(pool) => sink = run_parallel(&job, pool, &mut articles, sink, &mut tally, &log)?,
    }
    if interrupt::requested() {
        log.done();
        return Err(interrupted(sink));
    }
    if tally.ok == 0 && tally.unreadable + tally.failed > 0 {
        log.done();
        // nothing usable (every input unreadable or every record broken): stdout still gets a valid (empty) collection; output files are left as they were
        if matches!(sink, Sink::Stdout { .. }) {
            sink.finish(&log)?;
        }
        return Err(Failure::input(anyhow::anyhow!(
            "no article could be read ({} input(s) unreadable, {} bad record(s))",
            tally.unreadable,
            tally.failed
        )));
    }
    {
        // the signal handler waits for the renames; a signal that came before them stops here
        let _commit = interrupt::commit();
        if interrupt::requested() {
            log.done();
            return Err(interrupted(sink));
        }
        sink.finish(&log)?;
        interrupt::clear();
    }
    log.done();
    if terminal || args.stats {
        eprintln!("frontline: {}", tally.line(start.elapsed()));
    }
    Ok(if tally.failed + tally.unreadable > 0 {
        exit::SOME_FAILED
    } else {
        exit::OK
    })
}
