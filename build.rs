//! Build script: the normalised keys of every name in the bundled gazetteer, computed once at
//! compile time so that start-up does not fold and transliterate 20 000 names.
//!
//! Writes `$OUT_DIR/name_keys.tsv`: one line per distinct name of `gazetteer/places.tsv`
//! (columns `name` and `names`): the name, its exact key, its loose key and the loose key's
//! consonant skeleton, tab-separated. The keys come from `src/gazetteer/normalize.rs` itself
//! (included here), so they are those the program would compute; `Gazetteer::bundled` still
//! computes any name it does not find in the file, and a test compares both ways.

#[allow(dead_code)]
#[path = "src/gazetteer/normalize.rs"]
mod normalize;

use std::collections::BTreeSet;
use std::fmt::Write as _;

fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    println!("cargo:rerun-if-changed=gazetteer/places.tsv");
    println!("cargo:rerun-if-changed=src/gazetteer/normalize.rs");
    let text = match std::fs::read_to_string("gazetteer/places.tsv") {
        Ok(t) => t,
        Err(e) => {
            println!("cargo:warning=gazetteer/places.tsv: {e}");
            String::new()
        }
    };
    let mut lines = text.lines();
    let header: Vec<&str> = lines.next().unwrap_or("").split('\t').collect();
    let col = |n: &str| header.iter().position(|c| *c == n);
    let mut names: BTreeSet<&str> = BTreeSet::new();
    if let (Some(name), Some(list)) = (col("name"), col("names")) {
        for line in lines {
            let f: Vec<&str> = line.split('\t').collect();
            names.extend(f.get(name).copied());
            names.extend(f.get(list).into_iter().flat_map(|l| l.split('|')));
        }
    }
    let mut out = String::new();
    for n in names {
        let (exact, loose) = normalize::exact_and_loose_key(n);
        let skel = normalize::skeleton(&loose);
        let fields = [n, exact.as_str(), loose.as_str(), skel.as_str()];
        if n.is_empty() || fields.iter().any(|f| f.contains(['\t', '\n', '\r'])) {
            continue; // computed at run time instead
        }
        let _ = writeln!(out, "{n}\t{exact}\t{loose}\t{skel}");
    }
    let dir = std::env::var("OUT_DIR").unwrap_or_else(|_| ".".into());
    let path = std::path::Path::new(&dir).join("name_keys.tsv");
    if let Err(e) = std::fs::write(&path, out) {
        panic!("cannot write {}: {e}", path.display());
    }
}
