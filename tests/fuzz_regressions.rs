//! Every committed fuzz corpus input, replayed through the same checks the fuzz targets run
//! (`fuzz/harness.rs`, included below), so that a plain `cargo test` catches a regression on
//! any input the fuzzer once found interesting. How to fuzz: docs/robustness.md.

use std::path::{Path, PathBuf};

include!("../fuzz/harness.rs");

/// The inputs of one target's corpus, sorted by name. The corpus is committed: an empty or
/// missing directory is a failure, not a pass.
fn corpus(target: &str) -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fuzz/corpus")
        .join(target);
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.is_file())
        .collect();
    files.sort();
    assert!(
        files.len() >= 10,
        "{}: only {} inputs",
        dir.display(),
        files.len()
    );
    files
}

/// Runs `check` on every input; collects the inputs that panic and fails naming all of them.
fn replay(target: &str, check: impl Fn(&[u8])) {
    let files = corpus(target);
    let start = std::time::Instant::now();
    let mut failed = Vec::new();
    for p in &files {
        let data = std::fs::read(p).unwrap_or_else(|e| panic!("{}: {e}", p.display()));
        if data.len() > 64 * 1024 {
            continue; // the targets skip these too
        }
        let r = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| check(&data)));
        if let Err(e) = r {
            let msg = e
                .downcast_ref::<String>()
                .cloned()
                .or_else(|| e.downcast_ref::<&str>().map(|s| s.to_string()))
                .unwrap_or_default();
            failed.push(format!("{}: {msg}", p.display()));
        }
    }
    println!(
        "{target}: {} inputs replayed in {} ms",
        files.len(),
        start.elapsed().as_millis()
    );
    assert!(failed.is_empty(), "{target}:\n{}", failed.join("\n"));
}

#[test]
fn article_extract_corpus() {
    replay("article_extract", article_extract);
}

#[test]
fn claims_read_corpus() {
    let dir = tempfile::tempdir().expect("tempdir");
    replay("claims_read", |data| claims_read(data, dir.path()));
}
