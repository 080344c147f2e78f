//! `frontline extract` gives the same bytes whatever the number of threads, in input order, and
//! streams its input.
//!
//! The corpus: the fixture articles replicated into JSONL records (more than one batch of the
//! parallel run), with bad records and an invalid UTF-8 record among them, then a directory of
//! the fixture files. A single-thread run (everything on the main thread) is compared byte for
//! byte with runs on 2 and 3 threads (reader, worker pool, writer): standard output, standard
//! error, exit code, and the files of `-o` (the GeoPackage too: it is byte-identical across runs).

use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

fn bin() -> PathBuf {
    PathBuf::from(env!("CARGO_BIN_EXE_frontline"))
}

fn fixtures() -> Vec<(String, String)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/articles");
    let mut paths: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("fixture dir")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .collect();
    paths.sort();
    assert_eq!(paths.len(), 5, "the five fixture articles");
    paths
        .iter()
        .map(|p| {
            let id = p.file_stem().expect("stem").to_string_lossy().into_owned();
            (id, std::fs::read_to_string(p).expect("fixture"))
        })
        .collect()
}

/// The number of JSONL records: more than one parallel batch (256).
const RECORDS: usize = 300;

/// Writes `corpus.jsonl` (with three bad lines and one invalid UTF-8 record) and `dir/` (the
/// fixture files) into `root`.
fn write_corpus(root: &Path) {
    let fx = fixtures();
    let mut f = std::fs::File::create(root.join("corpus.jsonl")).expect("create corpus");
    for i in 0..RECORDS {
        let (id, text) = &fx[i % fx.len()];
        let mut rec = serde_json::json!({"id": format!("{id}-{i:04}"), "text": text});
        if i % 7 == 0 {
            rec["published"] = "2017-06-05".into();
            rec["source"] = "Test Wire".into();
        }
        writeln!(f, "{rec}").expect("write");
        match i {
            10 => writeln!(f, "{{not json").expect("write"),
            100 => writeln!(f, "{}", serde_json::json!({"id": "no-text"})).expect("write"),
            270 => writeln!(
                f,
                "{}",
                serde_json::json!({"id": "bad-date", "text": text, "published": "2017-13-45"})
            )
            .expect("write"),
            280 => {
                let line = serde_json::json!({"id": "latin1", "text": text}).to_string();
                let mut bytes = line.into_bytes();
                // an invalid UTF-8 byte inside the text: replaced, with a warning
                let at = bytes.len() - 10;
                bytes.insert(at, 0xff);
                f.write_all(&bytes).expect("write");
                f.write_all(b"\n").expect("write");
            }
            _ => {}
        }
    }
    let dir = root.join("dir");
    std::fs::create_dir_all(&dir).expect("mkdir");
    for (id, text) in &fx {
        std::fs::write(dir.join(format!("{id}.txt")), text).expect("write fixture");
    }
}

fn run(root: &Path, args: &[&str]) -> Output {
    Command::new(bin())
        .args(args)
        .current_dir(root)
        .output()
        .expect("run frontline")
}

fn features(stdout: &[u8]) -> Vec<serde_json::Value> {
    let v: serde_json::Value = serde_json::from_slice(stdout).expect("stdout is GeoJSON");
    v["features"].as_array().expect("features").clone()
}

#[test]
fn threads_give_byte_identical_stdout_and_stderr() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let root = tmp.path();
    write_corpus(root);
    let base = ["extract", "--mentions", "corpus.jsonl", "dir"];
    let one = run(root, &[&base[..], &["--threads", "1"]].concat());
    // bad records: exit 1, the rest processed
    assert_eq!(
        one.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&one.stderr)
    );
    let err = String::from_utf8_lossy(&one.stderr);
    for needle in [
        "corpus.jsonl:12:",
        "corpus.jsonl:103:",
        "corpus.jsonl:274:",
        "invalid UTF-8",
    ] {
        assert!(err.contains(needle), "stderr lacks {needle:?}:\n{err}");
    }
    // not a trivial output: every good record gives its fixture's features, in input order
    let feats = features(&one.stdout);
    let fx = fixtures();
    let count = |id: &str| {
        feats
            .iter()
            .filter(|f| f["properties"]["article_id"] == id)
            .count()
    };
    // the directory's articles are named after their files
    let per_fixture: Vec<usize> = fx.iter().map(|(id, _)| count(id)).collect();
    assert!(per_fixture.iter().all(|&n| n > 0), "{per_fixture:?}");
    let mut expected_ids: Vec<String> = Vec::new();
    let mut expected = 0;
    for i in 0..RECORDS {
        let id = format!("{}-{i:04}", fx[i % fx.len()].0);
        assert_eq!(count(&id), per_fixture[i % fx.len()], "{id}");
        expected += per_fixture[i % fx.len()];
        expected_ids.push(id);
        if i == 280 {
            expected_ids.push("latin1".into());
        }
    }
    assert!(count("latin1") > 0);
    expected += count("latin1") + per_fixture.iter().sum::<usize>();
    expected_ids.extend(fx.iter().map(|(id, _)| id.clone()));
    assert_eq!(feats.len(), expected);
    let mut ids: Vec<String> = feats
        .iter()
        .filter_map(|f| f["properties"]["article_id"].as_str().map(str::to_string))
        .collect();
    ids.dedup();
    assert!(ids == expected_ids, "articles out of input order");
    for threads in ["2", "3"] {
        let many = run(root, &[&base[..], &["--threads", threads]].concat());
        assert_eq!(many.status.code(), one.status.code(), "--threads {threads}");
        assert!(
            many.stdout == one.stdout,
            "--threads {threads}: stdout differs from --threads 1"
        );
        assert_eq!(
            String::from_utf8_lossy(&many.stderr),
            err,
            "--threads {threads}: stderr differs"
        );
    }
}

#[test]
fn threads_give_byte_identical_output_files() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let root = tmp.path();
    write_corpus(root);
    let files = [
        "claims.geojson",
        "mentions.geojson",
        "claims.geojsons",
        "claims.csv",
        "claims.csvt",
        "claims.qml",
        "frontline.gpkg",
    ];
    let mut outputs = Vec::new();
    for threads in ["1", "2"] {
        let out = format!("out{threads}");
        let o = run(
            root,
            &[
                "extract",
                "--mentions",
                "corpus.jsonl",
                "dir",
                "--threads",
                threads,
                "-o",
                &out,
            ],
        );
        assert_eq!(
            o.status.code(),
            Some(1),
            "{}",
            String::from_utf8_lossy(&o.stderr)
        );
        let contents: Vec<Vec<u8>> = files
            .iter()
            .map(|f| std::fs::read(root.join(&out).join(f)).expect("output file"))
            .collect();
        outputs.push(contents);
    }
    for (i, f) in files.iter().enumerate() {
        assert!(outputs[0][i].len() > 100, "{f} is (nearly) empty");
        assert!(
            outputs[0][i] == outputs[1][i],
            "{f} differs between 1 and 2 threads"
        );
    }
    // and the stdout run writes the same claims as the file
    let o = run(root, &["extract", "corpus.jsonl", "dir", "--threads", "2"]);
    let claims: serde_json::Value = serde_json::from_slice(&outputs[0][0]).expect("claims.geojson");
    assert_eq!(
        features(&o.stdout),
        claims["features"].as_array().expect("features").clone()
    );
}

/// A JSONL input is processed as it arrives: with the input a FIFO whose writer stays open,
/// results reach standard output before the input ends. A run that read the whole input first
/// would write nothing until the end.
#[cfg(unix)]
#[test]
fn jsonl_input_is_streamed() {
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::sync::Arc;

    let tmp = tempfile::tempdir().expect("tempdir");
    let fifo = tmp.path().join("feed.jsonl");
    let made = Command::new("mkfifo").arg(&fifo).status();
    if !made.is_ok_and(|s| s.success()) {
        eprintln!("SKIP: mkfifo is not available");
        return;
    }
    let fx = fixtures();
    // more than the output buffer (64 KiB) holds
    const ENOUGH: usize = 256 * 1024;
    for threads in ["1", "2"] {
        let mut child = Command::new(bin())
            .args(["extract", "--mentions", "--threads", threads])
            .arg(&fifo)
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("start extract");
        // standard output, read as it comes
        let seen = Arc::new(AtomicUsize::new(0));
        let mut stdout = child.stdout.take().expect("stdout");
        let counter = Arc::clone(&seen);
        let reader = std::thread::spawn(move || {
            let mut buf = vec![0u8; 1 << 16];
            while let Ok(n) = stdout.read(&mut buf) {
                if n == 0 {
                    break;
                }
                counter.fetch_add(n, Ordering::SeqCst);
            }
        });
        // the input: 200 records, then held open until that much output came (or two minutes)
        let path = fifo.clone();
        let lines: Vec<String> = (0..200)
            .map(|i| {
                let (id, text) = &fx[i % fx.len()];
                serde_json::json!({"id": format!("{id}-{i}"), "text": text}).to_string() + "\n"
            })
            .collect();
        let counter = Arc::clone(&seen);
        let writer = std::thread::spawn(move || -> usize {
            let mut w = std::fs::OpenOptions::new()
                .write(true)
                .open(&path)
                .expect("open fifo");
            for l in &lines {
                w.write_all(l.as_bytes()).expect("write fifo");
            }
            w.flush().expect("flush fifo");
            let start = Instant::now();
            while counter.load(Ordering::SeqCst) < ENOUGH
                && start.elapsed() < Duration::from_secs(120)
            {
                std::thread::sleep(Duration::from_millis(20));
            }
            // what had come out while the input was still open
            counter.load(Ordering::SeqCst)
        });
        let before_end = writer.join().expect("writer");
        let status = child.wait().expect("wait");
        reader.join().expect("reader");
        assert!(status.success(), "--threads {threads}: {status}");
        assert!(
            before_end >= ENOUGH,
            "--threads {threads}: only {before_end} bytes of output while the input was open"
        );
        assert!(seen.load(Ordering::SeqCst) > before_end);
    }
}
