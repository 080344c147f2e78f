//! SIGINT / SIGTERM / SIGHUP: stop cleanly, leave no temporary file and no half-written output.
//!
//! A signal kills a process without running destructors, so the temporary files of an atomic
//! write would stay behind. Instead, [`install`] sets a handler that only raises a flag:
//! `extract` checks it between articles ([`requested`]), stops, drops its output set (which
//! removes its temporary files; the previous outputs were never touched) and exits with
//! [`INTERRUPTED`].
//!
//! When the main thread does not react within [`GRACE`] (blocked reading a pipe, or one huge
//! article), or on a second signal, the handler removes the temporary files registered with
//! [`register`] itself and exits. It never does so while outputs are being moved into place
//! ([`commit`]): the renames finish first, so every output file is old or new, never partial.

use std::collections::HashSet;
use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Mutex, MutexGuard, PoisonError};
use std::time::Duration;

/// The exit code after a signal (128 + SIGINT, as shells report it).
pub const INTERRUPTED: u8 = 130;

/// How long the handler waits for the main thread to stop on its own.
pub const GRACE: Duration = Duration::from_secs(3);

static STOP: AtomicBool = AtomicBool::new(false);
/// Whether the running command checks [`requested`]; if not, a signal ends it at once.
static POLLING: AtomicBool = AtomicBool::new(false);
/// Temporary paths of this process; a registered path is also a prefix (SQLite's `-journal`).
static TEMPS: Mutex<Vec<PathBuf>> = Mutex::new(Vec::new());
/// Held while outputs are renamed into place.
static COMMIT: Mutex<()> = Mutex::new(());

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(PoisonError::into_inner)
}

/// Installs the handler (once per process; a second call is ignored). Until [`poll`] is
/// called, a signal removes the registered temporary files and exits at once.
pub fn install() {
    let _ = ctrlc::set_handler(|| {
        if STOP.swap(true, Ordering::SeqCst) || !POLLING.load(Ordering::SeqCst) {
            // a command that does not poll, or a second signal: do not wait
            abort_run();
        }
        std::thread::spawn(|| {
            std::thread::sleep(GRACE);
            abort_run();
        });
    });
}

/// Says that the running command checks [`requested`] often and stops on its own.
pub fn poll() {
    POLLING.store(true, Ordering::SeqCst);
}

/// True once a signal asked the run to stop.
pub fn requested() -> bool {
    STOP.load(Ordering::Relaxed)
}

/// Records a temporary file to remove if the process is stopped by a signal.
pub fn register(path: PathBuf) {
    lock(&TEMPS).push(path);
}

/// Forgets the temporary files registered so far (they were renamed or removed).
pub fn clear() {
    lock(&TEMPS).clear();
}

/// The hidden entries of `dir` (names starting with `.`), to compare before and after a writer
/// creates its temporary files there.
pub fn hidden_entries(dir: &Path) -> HashSet<OsString> {
    std::fs::read_dir(dir)
        .map(|rd| {
            rd.filter_map(Result::ok)
                .map(|e| e.file_name())
                .filter(|n| n.to_string_lossy().starts_with('.'))
                .collect()
        })
        .unwrap_or_default()
}

/// Registers the hidden entries of `dir` that were not in `before`: the temporary files a
/// writer just created.
pub fn register_new_entries(dir: &Path, before: &HashSet<OsString>) {
    for name in hidden_entries(dir) {
        if !before.contains(&name) {
            register(dir.join(name));
        }
    }
}

/// Holds off the handler's forced exit while outputs are moved into place.
pub fn commit() -> MutexGuard<'static, ()> {
    lock(&COMMIT)
}

fn remove_temporaries() {
    let temps = std::mem::take(&mut *lock(&TEMPS));
    for t in &temps {
        let _ = std::fs::remove_file(t);
        // companions named after it (e.g. SQLite's `<name>-journal`)
        let (Some(dir), Some(name)) = (t.parent(), t.file_name()) else {
            continue;
        };
        let name = name.to_string_lossy();
        if let Ok(rd) = std::fs::read_dir(dir) {
            for e in rd.filter_map(Result::ok) {
                if e.file_name().to_string_lossy().starts_with(name.as_ref()) {
                    let _ = std::fs::remove_file(e.path());
                }
            }
        }
    }
}

fn abort_run() -> ! {
    let _guard = commit();
    remove_temporaries();
    eprintln!("frontline: interrupted");
    std::process::exit(i32::from(INTERRUPTED));
}
