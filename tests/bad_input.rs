//! Bad input, faults and signals, for every command that reads input (docs/robustness.md).
//!
//! One table per command: each row is a bad input (or a failing output), the exit code it must
//! give, the words stderr must contain (the file, and the line where there is one), and the
//! files that must be left as they were. Every row also checks that nothing panicked and that
//! no temporary file is left behind. Rows that the machine cannot stage (a `chmod 000` file when
//! the tests run as root, a tmpfs when `mount` is not allowed) print `SKIP` with the reason.
//!
//! Then signals: `frontline extract` stopped by SIGTERM / SIGINT while it works, and `timeline`
//! stopped while it reads, leave the previous outputs byte-identical and no temporary files.

use std::ffi::OsString;
use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitStatus, Stdio};
use std::time::{Duration, Instant};

use serde_json::{json, Value};

// ------------------------------------------------------------------------------ the runner

/// How long one command may take before the row fails (debug builds on a loaded machine).
const TIMEOUT: Duration = Duration::from_secs(300);

/// The size of the single-line file of the "100 MB single line" rows.
const BIG: usize = 100 * 1024 * 1024;

fn bin() -> PathBuf {
    PathBuf::from(env!("CARGO_BIN_EXE_frontline"))
}

fn fixture_article(name: &str) -> String {
    let p = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/articles")
        .join(name);
    fs::read_to_string(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
}

/// One row of a table.
#[derive(Default)]
struct Row {
    /// The bad input, as the table in docs/robustness.md names it.
    what: String,
    args: Vec<OsString>,
    /// A file to give as standard input (default: none).
    stdin: Option<PathBuf>,
    /// A file to send standard output to (default: captured).
    stdout: Option<PathBuf>,
    code: i32,
    /// Each must appear in stderr.
    stderr: Vec<String>,
    /// Files that must be byte-identical after the run (previous outputs).
    kept: Vec<PathBuf>,
    /// Files the run must have replaced with new output (exit 0 and 1 rows).
    written: Vec<PathBuf>,
    /// Run twice: stdout and the `written` files must be byte-identical.
    twice: bool,
    /// Why the row cannot run here.
    skip: Option<String>,
}

impl Row {
    fn new(what: &str, args: &[&str], code: i32) -> Row {
        Row {
            what: what.to_string(),
            args: args.iter().map(OsString::from).collect(),
            code,
            ..Row::default()
        }
    }
    fn err(mut self, s: &str) -> Row {
        self.stderr.push(s.to_string());
        self
    }
    fn kept(mut self, p: impl Into<PathBuf>) -> Row {
        self.kept.push(p.into());
        self
    }
    fn written(mut self, p: impl Into<PathBuf>) -> Row {
        self.written.push(p.into());
        self
    }
    fn stdin(mut self, p: impl Into<PathBuf>) -> Row {
        self.stdin = Some(p.into());
        self
    }
    fn stdout(mut self, p: impl Into<PathBuf>) -> Row {
        self.stdout = Some(p.into());
        self
    }
    fn twice(mut self) -> Row {
        self.twice = true;
        self
    }
    fn skip_unless(mut self, why: Option<String>) -> Row {
        if self.skip.is_none() {
            self.skip = why;
        }
        self
    }
}

struct Outcome {
    status: ExitStatus,
    stdout: Vec<u8>,
    stderr: String,
}

/// Waits for `child` at most `limit`; kills it after that.
fn wait_limited(child: &mut Child, limit: Duration) -> Option<ExitStatus> {
    let start = Instant::now();
    loop {
        match child.try_wait() {
            Ok(Some(s)) => return Some(s),
            Ok(None) if start.elapsed() < limit => std::thread::sleep(Duration::from_millis(20)),
            _ => {
                let _ = child.kill();
                let _ = child.wait();
                return None;
            }
        }
    }
}

/// Runs the command of `row` in `cwd`; stdout and stderr go to files in `scratch`.
fn run(cwd: &Path, scratch: &Path, row: &Row) -> Result<Outcome, String> {
    let out_path = scratch.join("stdout");
    let err_path = scratch.join("stderr");
    let stdout = match &row.stdout {
        Some(p) => fs::OpenOptions::new().write(true).open(p),
        None => fs::File::create(&out_path),
    }
    .map_err(|e| format!("cannot open stdout: {e}"))?;
    let stderr = fs::File::create(&err_path).map_err(|e| e.to_string())?;
    let stdin = match &row.stdin {
        Some(p) => Stdio::from(fs::File::open(cwd.join(p)).map_err(|e| e.to_string())?),
        None => Stdio::null(),
    };
    let mut child = Command::new(bin())
        .args(&row.args)
        .current_dir(cwd)
        .env("RUST_BACKTRACE", "0")
        .stdin(stdin)
        .stdout(stdout)
        .stderr(stderr)
        .spawn()
        .map_err(|e| format!("cannot start frontline: {e}"))?;
    let status = wait_limited(&mut child, TIMEOUT)
        .ok_or_else(|| format!("did not finish in {} s", TIMEOUT.as_secs()))?;
    Ok(Outcome {
        status,
        stdout: if row.stdout.is_none() {
            fs::read(&out_path).unwrap_or_default()
        } else {
            Vec::new()
        },
        stderr: String::from_utf8_lossy(&fs::read(&err_path).unwrap_or_default()).into_owned(),
    })
}

/// Temporary files an atomic writer may leave: hidden names (`.claims.geojson.x8Fq2a.tmp`,
/// `.frontline-map-….tmp`) and SQLite journals, anywhere under `dir`.
fn leftovers(dir: &Path) -> Vec<PathBuf> {
    let mut found = Vec::new();
    let Ok(rd) = fs::read_dir(dir) else {
        return found;
    };
    for e in rd.flatten() {
        let name = e.file_name().to_string_lossy().into_owned();
        let p = e.path();
        let is_dir = fs::symlink_metadata(&p).is_ok_and(|m| m.is_dir());
        if (name.starts_with('.') && !is_dir)
            || name.ends_with(".tmp")
            || name.ends_with("-journal")
        {
            found.push(p);
        } else if is_dir {
            found.extend(leftovers(&p));
        }
    }
    found
}

fn read_or_empty(p: &Path) -> Vec<u8> {
    fs::read(p).unwrap_or_default()
}

/// Runs every row, prints one line per row (`ok`, `SKIP`, `FAIL`) and fails with the list of
/// the rows that did not hold.
fn run_table(command: &str, cwd: &Path, rows: Vec<Row>) {
    let scratch = tempfile::tempdir().expect("scratch dir");
    let mut failures = Vec::new();
    let start = Instant::now();
    for row in rows {
        if let Some(why) = &row.skip {
            println!("SKIP {command}: {}: {why}", row.what);
            continue;
        }
        let t = Instant::now();
        let before: Vec<(PathBuf, Vec<u8>)> = row
            .kept
            .iter()
            .chain(&row.written)
            .map(|p| (p.clone(), read_or_empty(&cwd.join(p))))
            .collect();
        let mut problems = Vec::new();
        match run(cwd, scratch.path(), &row) {
            Err(e) => problems.push(e),
            Ok(o) => {
                check(cwd, &row, &o, &before, &mut problems);
                if row.twice && problems.is_empty() {
                    let first: Vec<Vec<u8>> = row
                        .written
                        .iter()
                        .map(|p| read_or_empty(&cwd.join(p)))
                        .collect();
                    match run(cwd, scratch.path(), &row) {
                        Err(e) => problems.push(format!("second run: {e}")),
                        Ok(o2) => {
                            if o2.stdout != o.stdout {
                                problems.push("second run: stdout differs".into());
                            }
                            if o2.stderr != o.stderr {
                                problems.push("second run: stderr differs".into());
                            }
                            for (p, a) in row.written.iter().zip(first) {
                                if read_or_empty(&cwd.join(p)) != a {
                                    problems.push(format!("second run: {} differs", p.display()));
                                }
                            }
                        }
                    }
                }
                if !problems.is_empty() {
                    problems.push(format!("stderr was:\n{}", o.stderr));
                }
            }
        }
        let ms = t.elapsed().as_millis();
        if problems.is_empty() {
            println!("ok   {command}: {} (exit {}, {ms} ms)", row.what, row.code);
        } else {
            println!("FAIL {command}: {}", row.what);
            failures.push(format!(
                "{command}: {} ({:?}):\n  {}",
                row.what,
                row.args,
                problems.join("\n  ")
            ));
        }
    }
    println!("{command}: table ran in {} ms", start.elapsed().as_millis());
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

fn check(
    cwd: &Path,
    row: &Row,
    o: &Outcome,
    before: &[(PathBuf, Vec<u8>)],
    problems: &mut Vec<String>,
) {
    if o.status.code() != Some(row.code) {
        problems.push(format!(
            "exit status {:?}, expected {}",
            o.status.code(),
            row.code
        ));
    }
    if o.stderr.contains("panicked") || o.stderr.contains("RUST_BACKTRACE") {
        problems.push("a panic".into());
    }
    for s in &row.stderr {
        if !o.stderr.contains(s.as_str()) {
            problems.push(format!("stderr does not contain {s:?}"));
        }
    }
    for (p, old) in before {
        let now = read_or_empty(&cwd.join(p));
        if row.kept.contains(p) && &now != old {
            problems.push(format!("previous output {} was changed", p.display()));
        }
        if row.written.contains(p) && (&now == old || now.is_empty()) {
            problems.push(format!("{} was not written", p.display()));
        }
    }
    let left = leftovers(cwd);
    if !left.is_empty() {
        problems.push(format!("temporary files left: {left:?}"));
        for p in left {
            let _ = fs::remove_file(p);
        }
    }
}

// --------------------------------------------------------------------- staging bad inputs

/// Deterministic pseudo-random bytes (an LCG), starting with NUL so that no reader can take
/// them for text or JSON.
fn binary(n: usize) -> Vec<u8> {
    let mut x: u64 = 0x2545_f491_4f6c_dd1d;
    let mut v: Vec<u8> = (0..n)
        .map(|_| {
            x = x
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            (x >> 33) as u8
        })
        .collect();
    v[0] = 0;
    v
}

/// Writes `head`, then one line of `BIG` bytes (`fill` repeated inside `open`…`close`), then
/// `tail`, streaming so the test never holds 100 MB.
fn write_big(p: &Path, head: &str, open: &str, close: &str, tail: &str) {
    let mut f = std::io::BufWriter::new(fs::File::create(p).expect("create big file"));
    f.write_all(head.as_bytes()).expect("write");
    f.write_all(open.as_bytes()).expect("write");
    let chunk = vec![b'a'; 1 << 20];
    let mut left = BIG - open.len() - close.len();
    while left > 0 {
        let n = left.min(chunk.len());
        f.write_all(&chunk[..n]).expect("write");
        left -= n;
    }
    f.write_all(close.as_bytes()).expect("write");
    f.write_all(b"\n").expect("write");
    f.write_all(tail.as_bytes()).expect("write");
    f.flush().expect("flush");
}

fn write(p: &Path, bytes: impl AsRef<[u8]>) {
    if let Some(d) = p.parent() {
        fs::create_dir_all(d).expect("mkdir");
    }
    fs::write(p, bytes).unwrap_or_else(|e| panic!("{}: {e}", p.display()));
}

#[cfg(unix)]
fn chmod(p: &Path, mode: u32) {
    use std::os::unix::fs::PermissionsExt;
    fs::set_permissions(p, fs::Permissions::from_mode(mode)).expect("chmod");
}

/// A file that cannot be read (chmod 000), or why it cannot be staged here.
fn locked_file(root: &Path, name: &str, content: &str) -> Option<String> {
    let p = root.join(name);
    write(&p, content);
    chmod(&p, 0o000);
    if fs::File::open(&p).is_ok() {
        chmod(&p, 0o644);
        let _ = fs::remove_file(&p);
        return Some("chmod 000 does not stop this user from reading (root?)".into());
    }
    None
}

/// A path that always fails to read, even for root: `/proc/self/mem` at offset 0 (EIO).
fn mem_link(root: &Path, name: &str) -> Option<String> {
    let mem = Path::new("/proc/self/mem");
    if !mem.exists() {
        return Some("no /proc/self/mem".into());
    }
    std::os::unix::fs::symlink(mem, root.join(name)).expect("symlink");
    None
}

/// Undoes what a staged fault did (a mount, a chmod) when the test ends, even on a panic.
/// Declared after the temporary directory, so it is dropped first.
#[derive(Default)]
struct Undo(Vec<Box<dyn FnOnce()>>);

impl Drop for Undo {
    fn drop(&mut self) {
        for f in self.0.drain(..).rev() {
            f();
        }
    }
}

fn sh(cmd: &str, args: &[&OsString]) -> bool {
    Command::new(cmd)
        .args(args)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success())
}

/// Mounts a tmpfs of `size` on `dir`; false when this machine does not allow it.
fn mount_tmpfs(dir: &Path, size: &str, undo: &mut Undo) -> bool {
    fs::create_dir_all(dir).expect("mkdir");
    let opts = OsString::from(format!("size={size},mode=0755"));
    let d = dir.as_os_str().to_owned();
    let ok = sh(
        "mount",
        &[
            &OsString::from("-t"),
            &OsString::from("tmpfs"),
            &OsString::from("-o"),
            &opts,
            &OsString::from("tmpfs"),
            &d,
        ],
    );
    if ok {
        undo.0.push(Box::new(move || {
            let _ = sh("umount", &[&OsString::from("-l"), &d]);
        }));
    }
    ok
}

/// A directory holding `files` in which nothing can be created: chmod 555, or for root a
/// tmpfs remounted read-only. `Some(reason)` when neither works here.
fn read_only_dir(dir: &Path, files: &[(&str, &str)], undo: &mut Undo) -> Option<String> {
    let fill = || {
        for (n, c) in files {
            write(&dir.join(n), c);
        }
    };
    let blocked = || fs::File::create(dir.join("write-probe")).is_err();
    fs::create_dir_all(dir).expect("mkdir");
    fill();
    chmod(dir, 0o555);
    if blocked() {
        let d = dir.to_path_buf();
        undo.0.push(Box::new(move || chmod(&d, 0o755)));
        return None;
    }
    chmod(dir, 0o755);
    let _ = fs::remove_file(dir.join("write-probe"));
    for (n, _) in files {
        let _ = fs::remove_file(dir.join(n));
    }
    if !mount_tmpfs(dir, "1m", undo) {
        return Some("chmod 555 does not stop this user and mount is not allowed".into());
    }
    fill();
    let d = dir.as_os_str().to_owned();
    let ro = sh(
        "mount",
        &[&OsString::from("-o"), &OsString::from("remount,ro"), &d],
    );
    if !ro || !blocked() {
        return Some("cannot remount the tmpfs read-only".into());
    }
    None
}

/// A directory holding `files` on a filesystem with no space left (a small tmpfs filled up).
fn full_dir(dir: &Path, files: &[(&str, &str)], undo: &mut Undo) -> Option<String> {
    if !mount_tmpfs(dir, "256k", undo) {
        return Some("mount is not allowed here".into());
    }
    for (n, c) in files {
        write(&dir.join(n), c);
    }
    let mut f = fs::File::create(dir.join("filler")).expect("filler");
    let block = vec![0u8; 4096];
    while f.write_all(&block).is_ok() {}
    let _ = f.sync_all();
    if fs::write(dir.join("space-probe"), vec![0u8; 8192]).is_ok() {
        return Some("the tmpfs did not fill up".into());
    }
    let _ = fs::remove_file(dir.join("space-probe"));
    None
}

// ------------------------------------------------------------------------------ claim files

fn claim(
    id: &str,
    place: &str,
    lon: f64,
    lat: f64,
    claim_type: &str,
    actor: &str,
    date: &str,
) -> Value {
    json!({
        "type": "Feature",
        "id": id,
        "geometry": {"type": "Point", "coordinates": [lon, lat]},
        "properties": {
            "kind": "claim", "claim_id": id, "article_id": id.split('-').next(),
            "source": "Reuters", "published": date, "place_text": place, "place_name": place,
            "place_id": format!("test:{}", place.to_lowercase()), "place_kind": "town",
            "country": "IQ", "admin1": "Nineveh", "relation": "at", "distance_km": null,
            "precision_km": 2.0, "geo_precision": 1, "claim_type": claim_type, "actor": actor,
            "actor_text": actor, "from_actor": null, "controller": actor,
            "claimed_by": "reporter", "certainty": "reported", "date": date,
            "date_precision": "day", "date_text": null,
            "time_start": format!("{date}T00:00:00Z"), "time_end": format!("{date}T23:59:59Z"),
            "confidence": 0.8, "char_start": 0, "char_end": 20,
            "evidence": format!("{actor} {claim_type} {place}.")
        }
    })
}

fn good_claims() -> Vec<Value> {
    vec![
        claim(
            "a1-c0",
            "Sinjar",
            41.87656,
            36.3209,
            "captured",
            "ybs",
            "2017-06-01",
        ),
        claim(
            "a2-c0",
            "Baaj",
            41.71632,
            36.0426,
            "captured",
            "pmu",
            "2017-06-05",
        ),
        claim(
            "a3-c0",
            "Rabia",
            42.097,
            36.801,
            "held",
            "peshmerga",
            "2016-06-01",
        ),
    ]
}

/// A FeatureCollection with one feature per line (feature n on line n + 1).
fn collection(features: &[String]) -> String {
    format!(
        "{{\"type\":\"FeatureCollection\",\"features\":[\n{}\n]}}\n",
        features.join(",\n")
    )
}

fn strings(vs: &[Value]) -> Vec<String> {
    vs.iter().map(Value::to_string).collect()
}

/// Every claim file the claim-reading commands are given. Returns what could not be staged.
struct ClaimFiles {
    locked: Option<String>,
    mem: Option<String>,
}

fn stage_claim_files(root: &Path) -> ClaimFiles {
    let good = strings(&good_claims());
    write(&root.join("good.geojson"), collection(&good));
    write(&root.join("good.geojsons"), good.join("\n") + "\n");
    write(&root.join("empty.geojson"), "");
    write(&root.join("blank.geojsons"), "\n\n  \n");
    write(&root.join("binary.geojson"), binary(4096));
    // invalid UTF-8 inside a string of feature 2 (line 3)
    let mut bad = collection(&good).into_bytes();
    let at = bad
        .windows(4)
        .position(|w| w == b"pmu ")
        .expect("evidence of a2");
    bad.splice(at..at, [0xff, 0xfe]);
    write(&root.join("bad-utf8.geojson"), bad);
    write_big(
        &root.join("big.geojsons"),
        &format!("{}\n", good[0]),
        "{\"type\":\"Feature\",\"properties\":{\"kind\":\"claim\",\"evidence\":\"",
        "\"}}",
        &format!("{}\n", good[1]),
    );
    fs::create_dir_all(root.join("claims-dir")).expect("mkdir");
    std::os::unix::fs::symlink(root.join("nowhere"), root.join("gone.geojson")).expect("symlink");
    let locked = locked_file(root, "locked.geojson", &collection(&good));
    let mem = mem_link(root, "mem.geojson");
    write(
        &root.join("broken.geojsons"),
        format!("{}\n{{\"type\":\n[1,2\n\n{}\n", good[0], good[2]),
    );
    // cut inside feature 2, on line 3
    let full = collection(&good);
    let cut = full.match_indices('\n').nth(1).expect("two lines").0 + 100;
    write(&root.join("truncated.geojson"), &full[..cut]);
    let seq = good.join("\n");
    write(&root.join("truncated.geojsons"), &seq[..seq.len() - 40]);
    write(&root.join("array.geojson"), "[1, 2, 3]\n");
    write(
        &root.join("topology.geojson"),
        "{\"type\":\"Topology\",\"objects\":{}}\n",
    );
    write(
        &root.join("features-object.geojson"),
        "{\"type\":\"FeatureCollection\",\"features\":{}}\n",
    );
    // wrong property types: features 2..9 are skipped, 1 is read
    let mut wrong = good_claims();
    wrong[1]["properties"]["actor"] = json!(7);
    wrong[2]["properties"]["date"] = json!(20170601);
    let mut w3 = good_claims()[0].clone();
    w3["properties"]["claim_id"] = json!(true);
    w3["id"] = json!(null);
    let mut w4 = good_claims()[0].clone();
    w4["properties"] = json!(["kind", "claim"]);
    let mut w5 = good_claims()[0].clone();
    w5["geometry"]["coordinates"] = json!(["41.8", "36.3"]);
    w5["properties"]["claim_id"] = json!("w5");
    let mut w6 = good_claims()[1].clone();
    w6["geometry"]["coordinates"] = json!([42.44806, 36437913.0]);
    w6["properties"]["claim_id"] = json!("w6");
    wrong.extend([w3, w4, w5, w6, json!("a string"), json!(null)]);
    write(
        &root.join("wrong-types.geojson"),
        collection(&strings(&wrong)),
    );
    // a newer schema: foreign members and unknown properties are ignored
    let newer: Vec<String> = good_claims()
        .into_iter()
        .map(|mut f| {
            f["properties"]["schema_version"] = json!(3);
            f["properties"]["precision_m"] = json!(150);
            f["properties"]["sources_extra"] = json!({"outlets": ["a", "b"], "n": 2});
            f["bbox"] = json!([41.0, 36.0, 42.0, 37.0]);
            f.to_string()
        })
        .collect();
    write(
        &root.join("newer.geojson"),
        collection(&newer).replacen('{', "{\"frontline_schema\":3,\"crs_note\":\"none\",", 1),
    );
    // newer values of enumerated fields: those claims are skipped, the rest read
    let mut values = good_claims();
    values[1]["properties"]["claim_type"] = json!("withdrew");
    values[2]["properties"]["certainty"] = json!("rumoured");
    write(
        &root.join("newer-values.geojson"),
        collection(&strings(&values)),
    );
    let mut dates = good_claims();
    dates[1]["properties"]["date"] = json!("2017-13-45");
    write(&root.join("bad-date.geojson"), collection(&strings(&dates)));
    write(&root.join("afile"), "a regular file, not a directory\n");
    ClaimFiles { locked, mem }
}

/// The rows every claim-reading command shares. `cmd(inputs, out)` builds the arguments;
/// `ext` is the output's extension.
fn claim_rows(
    root: &Path,
    files: &ClaimFiles,
    cmd: &dyn Fn(&[&str], &str) -> Vec<String>,
    ext: &str,
    undo: &mut Undo,
) -> Vec<Row> {
    let mut n = 0;
    let mut out = |root: &Path| -> String {
        n += 1;
        let p = format!("out/{n}.{ext}");
        write(&root.join(&p), "previous output\n");
        p
    };
    let row = |what: &str, inputs: &[&str], out: &str, code: i32| -> Row {
        let args = cmd(inputs, out);
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let r = Row::new(what, &args, code);
        if out.starts_with("/dev/") {
            r // a device: nothing to compare
        } else if code >= 2 {
            r.kept(out)
        } else {
            r.written(out)
        }
    };
    let mut rows = vec![
        row("empty file", &["empty.geojson"], &out(root), 3)
            .err("empty.geojson: empty file, no claims"),
        row("blank text sequence", &["blank.geojsons"], &out(root), 3)
            .err("blank.geojsons: empty file"),
        row("binary data", &["binary.geojson"], &out(root), 3)
            .err("binary.geojson: not valid JSON"),
        row(
            "invalid UTF-8 in a string",
            &["bad-utf8.geojson"],
            &out(root),
            0,
        )
        .err("warning: bad-utf8.geojson:3: invalid UTF-8")
        .twice(),
        row(
            "100 MB single line (text sequence)",
            &["big.geojsons"],
            &out(root),
            1,
        )
        .err("big.geojsons:2: larger than 16 MiB, skipped"),
        row("missing file", &["missing.geojson"], &out(root), 3)
            .err("missing.geojson: cannot read: No such file or directory"),
        row(
            "file that disappeared (dangling link)",
            &["gone.geojson"],
            &out(root),
            3,
        )
        .err("gone.geojson: cannot read: No such file or directory"),
        row(
            "unreadable file (chmod 000)",
            &["locked.geojson"],
            &out(root),
            3,
        )
        .err("locked.geojson: cannot read: Permission denied")
        .skip_unless(files.locked.clone()),
        row(
            "unreadable file (I/O error)",
            &["mem.geojson"],
            &out(root),
            3,
        )
        .err("mem.geojson: cannot read: Input/output error")
        .skip_unless(files.mem.clone()),
        row("a directory", &["claims-dir"], &out(root), 3)
            .err("claims-dir: cannot read: is a directory"),
        row(
            "broken lines (text sequence)",
            &["broken.geojsons"],
            &out(root),
            1,
        )
        .err("broken.geojsons:2: not valid JSON")
        .err("broken.geojsons:3: not valid JSON")
        .twice(),
        row(
            "truncated FeatureCollection",
            &["truncated.geojson"],
            &out(root),
            3,
        )
        .err("truncated.geojson: not valid JSON: EOF while parsing")
        .err("at line 3"),
        row(
            "truncated text sequence",
            &["truncated.geojsons"],
            &out(root),
            1,
        )
        .err("truncated.geojsons:3: not valid JSON"),
        row(
            "not a FeatureCollection (array)",
            &["array.geojson"],
            &out(root),
            3,
        )
        .err("array.geojson: not a GeoJSON FeatureCollection"),
        row(
            "not a FeatureCollection (Topology)",
            &["topology.geojson"],
            &out(root),
            3,
        )
        .err("topology.geojson: not a GeoJSON FeatureCollection"),
        row(
            "features not an array",
            &["features-object.geojson"],
            &out(root),
            3,
        )
        .err("features-object.geojson: not a GeoJSON FeatureCollection"),
        row(
            "wrong property types",
            &["wrong-types.geojson"],
            &out(root),
            1,
        )
        .err("wrong-types.geojson: feature 2: claim a2-c0: property `actor` is a number")
        .err("wrong-types.geojson: feature 3: claim a3-c0: property `date` is a number")
        .err("wrong-types.geojson: feature 4: property `claim_id` is a boolean")
        .err("wrong-types.geojson: feature 5: `properties` is not an object")
        .err("wrong-types.geojson: feature 6: claim w5: no point geometry")
        .err(
            "wrong-types.geojson: feature 7: claim w6: position out of range: [42.44806, 36437913]",
        )
        .err("wrong-types.geojson: feature 8: not a GeoJSON Feature")
        .err("wrong-types.geojson: feature 9: not a GeoJSON Feature")
        .twice(),
        row(
            "newer schema: unknown members and properties",
            &["newer.geojson"],
            &out(root),
            0,
        ),
        row(
            "newer schema: unknown claim_type, certainty",
            &["newer-values.geojson"],
            &out(root),
            1,
        )
        .err("newer-values.geojson: feature 2: claim a2-c0: unknown claim_type `withdrew`")
        .err("newer-values.geojson: feature 3: claim a3-c0: unknown certainty `rumoured`"),
        row(
            "date 2017-13-45 in a claim",
            &["bad-date.geojson"],
            &out(root),
            1,
        )
        .err("bad-date.geojson: feature 2: claim a2-c0: unparseable date `2017-13-45`"),
        row(
            "output under a regular file",
            &["good.geojson"],
            &format!("afile/x.{ext}"),
            4,
        )
        .err(&format!("afile/x.{ext}"))
        .err("Not a directory"),
        row(
            "output on a full device (/dev/full)",
            &["good.geojson"],
            "/dev/full",
            4,
        )
        .err("/dev/full: cannot write: No space left on device"),
    ];
    // the output directory is not writable
    let prev = [("prev.".to_string() + ext, "previous output\n")];
    let prev: Vec<(&str, &str)> = prev.iter().map(|(a, b)| (a.as_str(), *b)).collect();
    let why = read_only_dir(&root.join("ro"), &prev, undo);
    let target = format!("ro/prev.{ext}");
    rows.push(
        row(
            "output directory not writable",
            &["good.geojson"],
            &target,
            4,
        )
        .err(&target)
        .skip_unless(why),
    );
    let why = full_dir(&root.join("full"), &prev, undo);
    let target = format!("full/prev.{ext}");
    rows.push(
        row("disk full (small tmpfs)", &["good.geojson"], &target, 4)
            .err(&target)
            .err("No space left on device")
            .skip_unless(why),
    );
    rows
}

// ------------------------------------------------------------------------------ the tables

#[test]
fn extract_bad_inputs() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut undo = Undo::default();
    let root = dir.path();
    let art = fixture_article("iq-pmu-baaj-2017-06-05.txt");
    let art2 = fixture_article("sy-army-boukamal-2017-11-09.txt");
    let rec = |id: &str, text: &str| json!({"id": id, "text": text}).to_string();
    write(&root.join("a.txt"), &art);
    write(&root.join("empty.txt"), "");
    write(&root.join("empty.jsonl"), "\n  \n");
    write(&root.join("binary.txt"), binary(4096));
    write(&root.join("binary.jsonl"), binary(4096));
    let mut bad = art.clone().into_bytes();
    bad.splice(200..200, [0xff, 0xfe, 0xc3]);
    write(&root.join("bad-utf8.txt"), &bad);
    let mut line2 = rec("u2", &art2).into_bytes();
    line2.splice(300..300, [0xff]);
    let mut jl = format!("{}\n", rec("u1", &art)).into_bytes();
    jl.extend(line2);
    jl.push(b'\n');
    write(&root.join("bad-utf8.jsonl"), jl);
    write_big(&root.join("big.txt"), "", "", "", "");
    write_big(
        &root.join("big.jsonl"),
        &format!("{}\n", rec("j1", &art)),
        "{\"id\":\"big\",\"text\":\"",
        "\"}",
        &format!("{}\n", rec("j3", &art2)),
    );
    std::os::unix::fs::symlink(root.join("nowhere"), root.join("gone.txt")).expect("symlink");
    let locked = locked_file(root, "locked.txt", &art);
    let mem = mem_link(root, "mem.txt");
    // a directory with some unreadable entries
    let d = root.join("articles");
    write(&d.join("a.txt"), &art);
    write(&d.join("b.jsonl"), format!("{}\n", rec("b1", &art2)));
    write(
        &d.join("notes.md"),
        "not an article: skipped by extension\n",
    );
    std::os::unix::fs::symlink(d.join("nowhere.txt"), d.join("gone.txt")).expect("symlink");
    std::os::unix::fs::symlink("loop.txt", d.join("loop.txt")).expect("symlink");
    let _ = mem_link(&d, "mem.txt");
    let locked_in_dir = locked_file(&d, "locked.txt", &art);
    write(
        &root.join("broken.jsonl"),
        [
            rec("j1", &art),
            "{\"id\":\"j2\",\"text\":".into(),
            "garbage".into(),
            json!({"id": ["x"], "text": art}).to_string(),
            json!({"id": "j5", "text": "  "}).to_string(),
            json!({"id": "j6", "text": art, "published": "2017-13-45"}).to_string(),
            rec("j7", &art2),
        ]
        .join("\n")
            + "\n",
    );
    write(
        &root.join("ids.jsonl"),
        [
            rec("../../escape", &art),
            rec("/tmp/frontline-absolute", &art2),
            rec("..\\..\\x", &art),
            rec("out/../../../y", &art2),
        ]
        .join("\n")
            + "\n",
    );
    write(&root.join("afile"), "a regular file\n");

    let names = [
        "claims.geojson",
        "claims.geojsons",
        "claims.csv",
        "claims.csvt",
        "frontline.gpkg",
        "claims.qml",
    ];
    let mut n = 0;
    // an output directory holding previous outputs; rows that fail must leave them intact
    let mut prev = |root: &Path| -> String {
        n += 1;
        let dir = format!("out{n}");
        for f in names {
            write(&root.join(&dir).join(f), format!("previous {f}\n"));
        }
        dir
    };
    let row = |what: &str, inputs: &[&str], out: &str, code: i32| -> Row {
        let mut args = vec!["extract"];
        args.extend_from_slice(inputs);
        args.extend(["-o", out]);
        let mut r = Row::new(what, &args, code);
        for f in names {
            let p = Path::new(out).join(f);
            r = if code >= 2 { r.kept(p) } else { r.written(p) };
        }
        r
    };
    let mut rows = vec![
        row("empty file (.txt)", &["empty.txt"], &prev(root), 3)
            .err("empty.txt:1: empty (no text), skipped")
            .err("no article could be read"),
        row("empty file (.jsonl)", &["empty.jsonl"], &prev(root), 3)
            .err("empty.jsonl: empty (no records), skipped"),
        row("binary data (.txt)", &["binary.txt"], &prev(root), 3)
            .err("binary.txt:1: binary data (NUL bytes), not an article, skipped"),
        row("binary data (.jsonl)", &["binary.jsonl"], &prev(root), 3)
            .err("binary.jsonl:1: not a JSON record"),
        row("binary data on standard input", &["-"], &prev(root), 3)
            .stdin("binary.txt")
            .err("<stdin>:1: binary data"),
        row("invalid UTF-8 (.txt)", &["bad-utf8.txt"], &prev(root), 0)
            .err("warning: bad-utf8.txt: invalid UTF-8 (3 sequence(s) replaced with U+FFFD)")
            .twice(),
        row(
            "invalid UTF-8 (.jsonl)",
            &["bad-utf8.jsonl"],
            &prev(root),
            0,
        )
        .err("warning: bad-utf8.jsonl:2: invalid UTF-8"),
        row("100 MB single line (.txt)", &["big.txt"], &prev(root), 3)
            .err("big.txt:1: larger than 16 MiB, skipped"),
        row(
            "100 MB single line (.jsonl)",
            &["big.jsonl"],
            &prev(root),
            1,
        )
        .err("big.jsonl:2: larger than 16 MiB, skipped"),
        row("missing file", &["missing.txt"], &prev(root), 3)
            .err("missing.txt: cannot read: No such file or directory"),
        row(
            "missing file among good ones",
            &["missing.txt", "a.txt"],
            &prev(root),
            1,
        )
        .err("missing.txt: cannot read: No such file or directory"),
        row(
            "file that disappeared (dangling link)",
            &["gone.txt"],
            &prev(root),
            3,
        )
        .err("gone.txt: cannot read: No such file or directory"),
        row(
            "unreadable file (chmod 000)",
            &["locked.txt"],
            &prev(root),
            3,
        )
        .err("locked.txt: cannot read: Permission denied")
        .skip_unless(locked),
        row("unreadable file (I/O error)", &["mem.txt"], &prev(root), 3)
            .err("mem.txt: cannot read: Input/output error")
            .skip_unless(mem.clone()),
        row(
            "directory with unreadable entries",
            &["articles"],
            &prev(root),
            1,
        )
        .err("articles/gone.txt: cannot read: No such file or directory")
        .err("articles/loop.txt: cannot read: Too many levels of symbolic links")
        .err(if mem.is_none() {
            "articles/mem.txt: cannot read: Input/output error"
        } else {
            "articles/"
        })
        .err(if locked_in_dir.is_none() {
            "articles/locked.txt: cannot read: Permission denied"
        } else {
            "articles/"
        })
        .twice(),
        row("JSONL with broken lines", &["broken.jsonl"], &prev(root), 1)
            .err("broken.jsonl:2: not a JSON record")
            .err("broken.jsonl:3: not a JSON record")
            .err("broken.jsonl:4: \"id\" must be a string or number")
            .err("broken.jsonl:5: \"text\" is empty")
            .err("broken.jsonl:6: \"published\" is not a date: \"2017-13-45\"")
            .twice(),
        row(
            "output directory under a regular file",
            &["a.txt"],
            "afile/out",
            4,
        )
        .err("cannot create output directory afile/out: Not a directory"),
        Row::new("standard output on a full device", &["extract", "a.txt"], 4)
            .stdout("/dev/full")
            .err("writing stdout: No space left on device"),
    ];
    let prev_files: Vec<(&str, &str)> = names.iter().map(|f| (*f, "previous\n")).collect();
    let why = read_only_dir(&root.join("ro"), &prev_files, &mut undo);
    rows.push(
        row("output directory not writable", &["a.txt"], "ro", 4)
            .err("ro/")
            .skip_unless(why),
    );
    let why = full_dir(&root.join("full"), &prev_files, &mut undo);
    rows.push(
        row("disk full (small tmpfs)", &["a.txt"], "full", 4)
            .err("full/")
            .skip_unless(why),
    );
    run_table("extract", root, rows);

    // what the rows that processed the rest wrote: the good records, and only them
    let ids = |dir: &str| -> Vec<String> {
        let text = fs::read_to_string(root.join(dir).join("claims.geojson")).expect("claims");
        let v: Value = serde_json::from_str(&text).expect("claims.geojson is JSON");
        let mut ids: Vec<String> = v["features"]
            .as_array()
            .expect("features")
            .iter()
            .filter_map(|f| f["properties"]["article_id"].as_str().map(String::from))
            .collect();
        ids.dedup();
        ids
    };
    assert_eq!(
        ids("out9"),
        ["j1", "j3"],
        "100 MB line: the records around it"
    );
    assert_eq!(ids("out16"), ["j1", "j7"], "broken lines: the good records");
    let mut got = ids("out15");
    got.sort();
    assert_eq!(got, ["a", "b1"], "directory: the readable entries");

    // JSONL ids that look like paths are data, never part of a path
    let before = entries(root);
    let out = Command::new(bin())
        .args(["extract", "ids.jsonl", "-o", "ids-out"])
        .current_dir(root)
        .output()
        .expect("run");
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let mut after = entries(root);
    after.retain(|e| !before.contains(e));
    assert_eq!(
        after,
        ["ids-out"],
        "nothing but the output directory was created"
    );
    let mut written = entries(&root.join("ids-out"));
    written.sort();
    let mut expected: Vec<String> = names.iter().map(|s| s.to_string()).collect();
    expected.sort();
    assert_eq!(written, expected);
    assert!(!Path::new("/tmp/frontline-absolute").exists());
    let mut got = ids("ids-out");
    got.sort();
    got.dedup();
    assert_eq!(
        got,
        [
            "../../escape",
            "..\\..\\x",
            "/tmp/frontline-absolute",
            "out/../../../y"
        ]
    );
    drop(undo);
}

fn entries(dir: &Path) -> Vec<String> {
    fs::read_dir(dir)
        .expect("read dir")
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect()
}

fn claims_table(command: &str) {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut undo = Undo::default();
    let root = dir.path();
    let files = stage_claim_files(root);
    let c = command.to_string();
    let cmd = move |inputs: &[&str], out: &str| -> Vec<String> {
        let mut a = vec![c.clone()];
        if c == "diff" {
            // the bad file is B; A is a good one
            a.push("good.geojson".into());
        }
        a.extend(inputs.iter().map(|s| s.to_string()));
        if c == "timeline" || c == "zones" {
            a.extend(["--at".into(), "2017-06-10".into()]);
        }
        a.extend(["-o".into(), out.into()]);
        a
    };
    let ext = if command == "map" { "html" } else { "geojson" };
    let mut rows = claim_rows(root, &files, &cmd, ext, &mut undo);
    // a newer schema reads as the same claims: the same output, byte for byte
    if command != "map" {
        let out = |p: &str| cmd(&["newer.geojson"], p);
        let a = Command::new(bin())
            .args(out("newer.out"))
            .current_dir(root)
            .output();
        let b = Command::new(bin())
            .args(cmd(&["good.geojson"], "good.out"))
            .current_dir(root)
            .output();
        assert!(a.is_ok_and(|o| o.status.success()) && b.is_ok_and(|o| o.status.success()));
        assert_eq!(
            read_or_empty(&root.join("newer.out")),
            read_or_empty(&root.join("good.out")),
            "{command}: a newer schema changes the output"
        );
        let _ = fs::remove_file(root.join("newer.out"));
        let _ = fs::remove_file(root.join("good.out"));
    }
    // a missing file among good ones stops the run: a corpus with a file left out gives wrong
    // states everywhere
    let ext_out = format!("out/mixed.{ext}");
    write(&root.join(&ext_out), "previous\n");
    let mut mixed = Row::new("missing file among good ones", &[], 3)
        .err("missing.geojson: cannot read: No such file or directory")
        .kept(&ext_out);
    mixed.args = cmd(&["good.geojson", "missing.geojson"], &ext_out)
        .into_iter()
        .map(OsString::from)
        .collect();
    if command == "diff" {
        mixed.args.remove(2); // diff A B: good.geojson is A already
    }
    rows.push(mixed);
    let dates: &[(&str, &[&str])] = match command {
        "timeline" => &[
            ("date 2017-13-45 (--at)", &["--at", "2017-13-45"]),
            (
                "date 2017-13-45 (--from)",
                &["--from", "2017-13-45", "--to", "2018-01-01"],
            ),
        ],
        "zones" => &[("date 2017-13-45 (--at)", &["--at", "2017-13-45"])],
        "diff" => &[(
            "date 2017-13-45 (--at/--vs)",
            &["--at", "2017-06-01", "--vs", "2017-13-45"],
        )],
        _ => &[],
    };
    for (what, args) in dates {
        let mut a = vec![command, "good.geojson"];
        a.extend_from_slice(args);
        a.extend(["-o", "out/dates.geojson"]);
        write(&root.join("out/dates.geojson"), "previous\n");
        rows.push(
            Row::new(what, &a, 2)
                .err("`2017-13-45` is not a valid date")
                .kept("out/dates.geojson"),
        );
    }
    run_table(command, root, rows);
    drop(undo);
}

#[test]
fn timeline_bad_inputs() {
    claims_table("timeline");
}

#[test]
fn diff_bad_inputs() {
    claims_table("diff");
}

#[test]
fn zones_bad_inputs() {
    claims_table("zones");
}

#[test]
fn map_bad_inputs() {
    claims_table("map");
}

#[test]
fn gazetteer_lookup_bad_inputs() {
    let dir = tempfile::tempdir().expect("tempdir");
    let root = dir.path();
    let bundled = Path::new(env!("CARGO_MANIFEST_DIR")).join("gazetteer/places.tsv");
    let places = fs::read_to_string(&bundled).expect("places.tsv");
    let mut lines = places.lines();
    let header = lines.next().expect("header").to_string();
    let baaj: Vec<&str> = lines.filter(|l| l.contains("\tAl-Ba'aj\t")).collect();
    assert!(!baaj.is_empty());
    let small = format!("{header}\n{}\n", baaj.join("\n"));
    let gaz = |name: &str, files: &[(&str, &[u8])]| -> String {
        let d = root.join(name);
        fs::create_dir_all(&d).expect("mkdir");
        for (f, c) in files {
            write(&d.join(f), c);
        }
        name.to_string()
    };
    let row = |what: &str, dir: &str, code: i32| {
        Row::new(
            what,
            &["gazetteer", "lookup", "Baaj", "--gazetteer", dir],
            code,
        )
    };
    let mut bad_utf8 = small.clone().into_bytes();
    bad_utf8.extend(b"x\tBa\xffaj\tcity\tIQ\t\t\t36\t42\tx\tx\tx\t\n");
    let far = format!("{small}x\tBaaj\tcity\tIQ\t\t\t999\t42\tx\tx\tx\t\n");
    let big = gaz("big", &[]);
    write_big(
        &root.join("big/places.tsv"),
        &format!("{header}\n"),
        "",
        "",
        "",
    );
    let mem = gaz("mem", &[("places.tsv", small.as_bytes())]);
    let mem_why = mem_link(&root.join(&mem), "border.geojson");
    let locked = gaz("locked", &[]);
    let locked_why = locked_file(&root.join(&locked), "places.tsv", &small);
    let rows = vec![
        row("good directory", &gaz("good", &[("places.tsv", small.as_bytes())]), 0).twice(),
        row("empty places.tsv", &gaz("empty", &[("places.tsv", b"")]), 3)
            .err("empty/places.tsv:1: missing column \"id\""),
        row("binary places.tsv", &gaz("binary", &[("places.tsv", &binary(4096))]), 3)
            .err("binary/places.tsv:1: invalid UTF-8"),
        row("invalid UTF-8", &gaz("utf8", &[("places.tsv", &bad_utf8)]), 3)
            .err(&format!("utf8/places.tsv:{}: invalid UTF-8", baaj.len() + 2)),
        row("100 MB single line", &big, 3).err("big/places.tsv:2: unknown kind"),
        row("missing places.tsv", &gaz("none", &[]), 3)
            .err("none/places.tsv: cannot read: No such file or directory"),
        row("missing directory", "no-such-dir", 3).err("no-such-dir: cannot read: No such file"),
        row("not a directory", &gaz("file", &[("x", b"x")]).replace("file", "file/x"), 3)
            .err("file/x: not a directory"),
        row("unreadable entry (chmod 000)", &locked, 3)
            .err("locked/places.tsv: cannot read: Permission denied")
            .skip_unless(locked_why),
        row("unreadable entry (I/O error)", &mem, 3)
            .err("mem/border.geojson: cannot read: Input/output error")
            .skip_unless(mem_why),
        row(
            "truncated GeoJSON",
            &gaz(
                "truncated",
                &[("places.tsv", small.as_bytes()), ("border.geojson", b"{\"type\":\"FeatureCollection\",\"features\":[\n{\"type\":")],
            ),
            3,
        )
        .err("truncated/border.geojson: EOF while parsing"),
        row(
            "GeoJSON not a FeatureCollection",
            &gaz("notfc", &[("places.tsv", small.as_bytes()), ("countries.geojson", b"[1,2]")]),
            3,
        )
        .err("notfc/countries.geojson: not a FeatureCollection"),
        row(
            "GeoJSON with wrong property types and degenerate polygons",
            &gaz(
                "types",
                &[
                    ("places.tsv", small.as_bytes()),
                    (
                        "admin1.geojson",
                        br#"{"type":"FeatureCollection","features":[{"type":"Feature","geometry":{"type":"Polygon","coordinates":[[[1,2]]]},"properties":{"id":5,"name":["x"],"country":null}},{"type":"Feature","geometry":{"type":"Polygon","coordinates":[[]]},"properties":[]},{"type":"Feature","geometry":null}]}"#,
                    ),
                ],
            ),
            0,
        ),
        row("latitude out of range", &gaz("far", &[("places.tsv", far.as_bytes())]), 3)
            .err(&format!("far/places.tsv:{}: lat 999 is out of range", baaj.len() + 2)),
        row("standard output on a full device", "good", 4)
            .stdout("/dev/full")
            .err("writing stdout: No space left on device"),
        Row::new("no place matches", &["gazetteer", "lookup", "Qqqqqxz"], 1)
            .err("no place matches"),
    ];
    run_table("gazetteer lookup", root, rows);
}

// --------------------------------------------------------------------------------- signals

/// The previous outputs of `extract -o DIR`, to compare after an interrupted run.
fn previous_outputs(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let out = Command::new(bin())
        .args(["extract", "a.txt", "-o"])
        .arg(dir)
        .current_dir(dir.parent().expect("parent"))
        .output()
        .expect("run extract");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let mut files: Vec<(PathBuf, Vec<u8>)> = fs::read_dir(dir)
        .expect("read dir")
        .flatten()
        .map(|e| (e.path(), fs::read(e.path()).expect("read")))
        .collect();
    files.sort();
    assert!(files.len() >= 6);
    files
}

/// Waits until `dir` holds a temporary file (the run has started writing), at most `limit`.
fn wait_for_temporaries(dir: &Path, child: &mut Child, limit: Duration) -> bool {
    let start = Instant::now();
    while start.elapsed() < limit {
        if !leftovers(dir).is_empty() {
            return true;
        }
        if let Ok(Some(_)) = child.try_wait() {
            return false;
        }
        std::thread::sleep(Duration::from_millis(10));
    }
    false
}

fn kill(signal: &str, child: &Child) {
    let ok = Command::new("kill")
        .args([format!("-{signal}"), child.id().to_string()])
        .status()
        .is_ok_and(|s| s.success());
    assert!(ok, "kill -{signal} failed");
}

/// Starts `extract INPUTS -o out` with standard input a pipe kept open (the run can never
/// finish on its own while it reads `-`), waits until it writes, sends `signal`, and checks
/// the exit code, the previous outputs and that no temporary file is left.
fn interrupt_extract(signal: &str, inputs: &[&str], pause: Duration) {
    let dir = tempfile::tempdir().expect("tempdir");
    let root = dir.path();
    let art = fixture_article("iq-pmu-baaj-2017-06-05.txt");
    let art2 = fixture_article("sy-army-boukamal-2017-11-09.txt");
    write(&root.join("a.txt"), &art);
    let mut f = std::io::BufWriter::new(fs::File::create(root.join("many.jsonl")).expect("create"));
    for i in 0..2000 {
        let text = if i % 2 == 0 { &art } else { &art2 };
        writeln!(f, "{}", json!({"id": format!("m{i}"), "text": text})).expect("write");
    }
    f.flush().expect("flush");
    drop(f);
    let out = root.join("out");
    fs::create_dir_all(&out).expect("mkdir");
    let before = previous_outputs(&out);
    let mut child = Command::new(bin())
        .arg("extract")
        .args(inputs)
        .args(["-o", "out", "--mentions"])
        .current_dir(root)
        .env("RUST_BACKTRACE", "0")
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start extract");
    let stdin = child.stdin.take();
    let started = wait_for_temporaries(&out, &mut child, Duration::from_secs(120));
    assert!(started, "extract never started writing");
    std::thread::sleep(pause);
    kill(signal, &child);
    let status = wait_limited(&mut child, Duration::from_secs(120));
    drop(stdin);
    let mut err = String::new();
    if let Some(mut e) = child.stderr.take() {
        let _ = std::io::Read::read_to_string(&mut e, &mut err);
    }
    let status = status.expect("extract did not stop after the signal");
    assert_eq!(status.code(), Some(130), "{err}");
    assert!(err.contains("interrupted"), "{err}");
    assert!(!err.contains("panicked"), "{err}");
    let mut after: Vec<(PathBuf, Vec<u8>)> = fs::read_dir(&out)
        .expect("read dir")
        .flatten()
        .map(|e| (e.path(), fs::read(e.path()).expect("read")))
        .collect();
    after.sort();
    let names = |v: &[(PathBuf, Vec<u8>)]| v.iter().map(|(p, _)| p.clone()).collect::<Vec<_>>();
    assert_eq!(
        names(&after),
        names(&before),
        "files in the output directory changed"
    );
    assert!(after == before, "previous outputs were changed");
    assert_eq!(leftovers(root), Vec::<PathBuf>::new());
}

#[test]
fn sigterm_while_extracting_keeps_previous_outputs() {
    // stops between articles (the main thread polls), or, if it already reached `-`, after
    // the grace period: either way exit 130 and the outputs as they were
    interrupt_extract("TERM", &["many.jsonl", "-"], Duration::from_millis(300));
}

#[test]
fn sigint_while_blocked_on_input_keeps_previous_outputs() {
    // blocked reading standard input: the handler removes the temporaries after its grace
    interrupt_extract("INT", &["-"], Duration::from_millis(100));
}

#[test]
fn sigterm_while_timeline_reads_keeps_the_previous_file() {
    let dir = tempfile::tempdir().expect("tempdir");
    let root = dir.path();
    let prev = root.join("states.geojson");
    write(&prev, "previous states\n");
    let mut child = Command::new(bin())
        .args([
            "timeline",
            "-",
            "--at",
            "2017-06-01",
            "-o",
            "states.geojson",
        ])
        .current_dir(root)
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start timeline");
    let mut stdin = child.stdin.take().expect("stdin");
    // Claims, more than a pipe holds: once written, the run is reading (so its signal
    // handler is installed); then the pipe is left open and the run waits for more.
    let line = good_claims()[0].to_string() + "\n";
    let many = line.repeat(256 * 1024 / line.len() + 1);
    stdin
        .write_all(many.as_bytes())
        .expect("timeline reads its input");
    stdin.flush().expect("flush");
    std::thread::sleep(Duration::from_millis(100));
    kill("TERM", &child);
    let status = wait_limited(&mut child, Duration::from_secs(60));
    drop(stdin);
    let mut err = String::new();
    if let Some(mut e) = child.stderr.take() {
        let _ = std::io::Read::read_to_string(&mut e, &mut err);
    }
    assert_eq!(status.and_then(|s| s.code()), Some(130), "{err}");
    assert!(!err.contains("panicked"), "{err}");
    assert_eq!(
        fs::read(&prev).expect("previous file"),
        b"previous states\n"
    );
    assert_eq!(leftovers(root), Vec::<PathBuf>::new());
}

// ------------------------------------------------------------------------------ broken pipe

/// `frontline … | head` : the reader goes away; the run stops quietly with exit 0.
#[test]
fn broken_pipe_exits_0_without_a_panic() {
    let dir = tempfile::tempdir().expect("tempdir");
    let root = dir.path();
    write(
        &root.join("a.txt"),
        fixture_article("iq-pmu-baaj-2017-06-05.txt"),
    );
    write(
        &root.join("good.geojson"),
        collection(&strings(&good_claims())),
    );
    let commands: [&[&str]; 3] = [
        &["extract", "a.txt", "--mentions"],
        &["timeline", "good.geojson", "--at", "2017-06-10"],
        &["gazetteer", "lookup", "Baaj", "--format", "geojson"],
    ];
    for args in commands {
        let mut child = Command::new(bin())
            .args(args)
            .current_dir(root)
            .env("RUST_BACKTRACE", "0")
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("start");
        // close the reading end before anything is written: every write fails with EPIPE
        drop(child.stdout.take());
        let status = wait_limited(&mut child, TIMEOUT).expect("finished");
        let mut err = String::new();
        if let Some(mut e) = child.stderr.take() {
            let _ = std::io::Read::read_to_string(&mut e, &mut err);
        }
        assert_eq!(status.code(), Some(0), "{args:?}: {err}");
        assert!(!err.contains("panicked"), "{args:?}: {err}");
        assert!(!err.contains("error"), "{args:?}: {err}");
    }
}
