//! Atomic file replacement: write to a hidden temporary file in the target directory, fsync it,
//! and rename it over the final name only when the caller says everything is complete. A
//! temporary file that is dropped is removed (the `tempfile` crate's guarantee).

use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

use tempfile::{NamedTempFile, TempPath};

use super::OutputError;

/// A temporary file in the output directory, for one final file name.
pub(crate) fn temp_in(dir: &Path, name: &str) -> Result<NamedTempFile, OutputError> {
    tempfile::Builder::new()
        .prefix(&format!(".{name}."))
        .suffix(".tmp")
        .tempfile_in(dir)
        .map_err(|e| OutputError::io(&dir.join(name), super::without_temp_path(e)))
}

/// A file being written through a buffer.
pub(crate) struct Staged {
    path: PathBuf,
    w: BufWriter<NamedTempFile>,
}

impl Staged {
    pub fn create(dir: &Path, name: &str) -> Result<Staged, OutputError> {
        let tmp = temp_in(dir, name)?;
        Ok(Staged {
            path: dir.join(name),
            w: BufWriter::with_capacity(64 * 1024, tmp),
        })
    }

    /// The final path.
    pub fn path(&self) -> &Path {
        &self.path
    }

    pub fn write_all(&mut self, bytes: &[u8]) -> Result<(), OutputError> {
        self.w
            .write_all(bytes)
            .map_err(|e| OutputError::io(&self.path, e))
    }

    /// The underlying buffered writer (for the CSV writer).
    pub fn writer(&mut self) -> &mut BufWriter<NamedTempFile> {
        &mut self.w
    }

    /// Flushes and fsyncs; the file is complete but not yet in place.
    pub fn finish(self) -> Result<Ready, OutputError> {
        let path = self.path;
        let tmp = self
            .w
            .into_inner()
            .map_err(|e| OutputError::io(&path, e.into_error()))?;
        tmp.as_file()
            .sync_all()
            .map_err(|e| OutputError::io(&path, e))?;
        Ok(Ready {
            path,
            tmp: tmp.into_temp_path(),
        })
    }
}

/// A complete, fsynced temporary file waiting to be renamed into place (removed if dropped).
pub(crate) struct Ready {
    path: PathBuf,
    tmp: TempPath,
}

impl Ready {
    /// A file written by other means (SQLite) at `tmp`, already closed.
    pub fn from_closed(path: PathBuf, tmp: TempPath) -> Result<Ready, OutputError> {
        File::open(&tmp)
            .and_then(|f| f.sync_all())
            .map_err(|e| OutputError::io(&path, e))?;
        Ok(Ready { path, tmp })
    }

    /// Renames the temporary file over the final name.
    pub fn persist(self) -> Result<PathBuf, OutputError> {
        let Ready { path, tmp } = self;
        tmp.persist(&path)
            .map_err(|e| OutputError::io(&path, super::without_temp_path(e.error)))?;
        set_readable(&path);
        Ok(path)
    }
}

/// Temporary files are created 0600; the outputs are made 0644, readable like any data file.
#[cfg(unix)]
fn set_readable(path: &Path) {
    use std::os::unix::fs::PermissionsExt;
    let _ = std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o644));
}

#[cfg(not(unix))]
fn set_readable(_path: &Path) {}

/// Makes the renames durable.
#[cfg(unix)]
pub(crate) fn sync_dir(dir: &Path) -> Result<(), OutputError> {
    File::open(dir)
        .and_then(|d| d.sync_all())
        .map_err(|e| OutputError::io(dir, e))
}

#[cfg(not(unix))]
pub(crate) fn sync_dir(_dir: &Path) -> Result<(), OutputError> {
    Ok(())
}
