//! `frontline gazetteer lookup NAME [--format table|geojson]`: candidates best first.

use std::io::Write;
use std::path::PathBuf;

use clap::{Subcommand, ValueEnum};
use frontline::feature::{write_collection, Feature, Geometry};

use super::{exit, load_gazetteer, CliResult, Failure};

#[derive(clap::Args, Debug)]
pub struct Args {
    #[command(subcommand)]
    command: Sub,
}

#[derive(Subcommand, Debug)]
enum Sub {
    /// Find the places a name may mean, best first.
    Lookup {
        /// The name as written (any spelling: Baaj, Ba'aj, al-Baaj).
        name: String,
        #[arg(long, value_enum, default_value = "table")]
        format: Format,
        /// At most this many candidates.
        #[arg(long, default_value_t = 10)]
        limit: usize,
        /// Use this gazetteer directory instead of the bundled one.
        #[arg(long)]
        gazetteer: Option<PathBuf>,
    },
}

#[derive(ValueEnum, Clone, Copy, Debug)]
enum Format {
    Table,
    Geojson,
}

fn stdout_failure(e: std::io::Error) -> Failure {
    Failure::output(anyhow::Error::new(e).context("writing stdout"))
}

pub fn run(args: Args) -> CliResult {
    match args.command {
        Sub::Lookup {
            name,
            format,
            limit,
            gazetteer,
        } => {
            if name.trim().is_empty() {
                return Err(Failure::usage(anyhow::anyhow!(
                    "the name to look up is empty"
                )));
            }
            let gaz = load_gazetteer(gazetteer.as_deref())?;
            let cands = gaz.lookup(&name);
            let stdout = std::io::stdout();
            let mut out = stdout.lock();
            match format {
                Format::Table => {
                    let mut s = String::from(
                        "rank\tmatch\tid\tname\tkind\tcountry\tadmin1\tlat\tlon\tsources\tnames\n",
                    );
                    for (i, c) in cands.iter().take(limit).enumerate() {
                        let p = c.place;
                        s.push_str(&format!(
                            "{}\t{}\t{}\t{}\t{}\t{}\t{}\t{:.5}\t{:.5}\t{}\t{}\n",
                            i + 1,
                            c.quality.as_str(),
                            p.id,
                            p.name,
                            p.kind,
                            p.country.as_deref().unwrap_or(""),
                            p.admin1.as_deref().unwrap_or(""),
                            p.lat,
                            p.lon,
                            p.sources.join("|"),
                            p.names.join("|")
                        ));
                    }
                    out.write_all(s.as_bytes()).map_err(stdout_failure)?;
                }
                Format::Geojson => {
                    let feats: Vec<Feature> = cands
                        .iter()
                        .take(limit)
                        .enumerate()
                        .map(|(i, c)| {
                            let p = c.place;
                            let mut f = Feature {
                                id: Some(p.id.clone()),
                                geometry: Some(Geometry::Point([p.lon, p.lat])),
                                ..Default::default()
                            };
                            f.push("rank", (i + 1) as i64);
                            f.push("match", c.quality.as_str());
                            f.push("place_id", p.id.as_str());
                            f.push("place_name", p.name.as_str());
                            f.push("place_kind", p.kind.as_str());
                            f.push("country", p.country.clone());
                            f.push("admin1", p.admin1.clone());
                            f.push("population", p.population.map(|x| x as i64));
                            f.push("names", p.names.join("|"));
                            f.push("ids", p.ids.join("|"));
                            f.push("sources", p.sources.join("|"));
                            f
                        })
                        .collect();
                    write_collection(&mut out, &feats).map_err(stdout_failure)?;
                }
            }
            out.flush().map_err(stdout_failure)?;
            if cands.is_empty() {
                eprintln!("frontline: no place matches {name:?}");
                return Ok(exit::SOME_FAILED);
            }
            Ok(exit::OK)
        }
    }
}
