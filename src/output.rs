//! Writing outputs atomically: a temporary file in the same folder, then a
//! rename, so an interrupted run leaves no half-written file.

use std::io::Write;
use std::path::{Path, PathBuf};

/// Why an output could not be written.
#[derive(Debug, thiserror::Error)]
pub enum OutputError {
    #[error("không ghi được vào thư mục {dir}: {source}")]
    Folder { dir: PathBuf, source: std::io::Error },
    #[error("tệp {path} chỉ đọc, không ghi đè được")]
    ReadOnly { path: PathBuf },
    #[error("tệp ra {path} trùng với tệp vào: không ghi đè tệp vào")]
    IsInput { path: PathBuf },
    #[error("không ghi được {path}: {source}")]
    Write { path: PathBuf, source: std::io::Error },
}

fn folder_of(path: &Path) -> PathBuf {
    match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

fn same_file(a: &Path, b: &Path) -> bool {
    match (a.canonicalize(), b.canonicalize()) {
        (Ok(x), Ok(y)) => x == y,
        _ => false,
    }
}

/// Checks, before any work, that `out` can be written and is none of `inputs`:
/// the folder exists and takes a new file, and an existing `out` is not read-only.
pub fn check_writable(out: &Path, inputs: &[PathBuf]) -> Result<(), OutputError> {
    if inputs.iter().any(|i| same_file(i, out)) {
        return Err(OutputError::IsInput { path: out.to_path_buf() });
    }
    let dir = folder_of(out);
    if let Ok(meta) = std::fs::metadata(out) {
        if meta.permissions().readonly() {
            return Err(OutputError::ReadOnly { path: out.to_path_buf() });
        }
    }
    // A probe file proves the folder takes new files (permissions, read-only media).
    tempfile::Builder::new()
        .prefix(".baocao-probe")
        .tempfile_in(&dir)
        .map(drop)
        .map_err(|source| OutputError::Folder { dir, source })
}

/// An output being written: a temporary file beside `out`, renamed over it
/// by [`Staged::commit`]. Dropped without commit, it is deleted and `out` is
/// left as it was. Lets a large output be streamed to disk rather than built
/// in memory, and several outputs be committed only once all are made.
pub struct Staged {
    tmp: tempfile::NamedTempFile,
    out: PathBuf,
}

impl Staged {
    /// Starts an output for `out`.
    pub fn new(out: &Path) -> Result<Staged, OutputError> {
        let dir = folder_of(out);
        let mut builder = tempfile::Builder::new();
        builder.prefix(".baocao-").suffix(".tmp");
        // The output is an ordinary document, not a secret: it gets the
        // permissions of the file it replaces, else those of any new file
        // (on Unix 0666 less the umask; temporary files default to 0600).
        match std::fs::metadata(out) {
            Ok(meta) if !meta.permissions().readonly() => {
                builder.permissions(meta.permissions());
            }
            _ => {
                #[cfg(unix)]
                {
                    use std::os::unix::fs::PermissionsExt;
                    builder.permissions(std::fs::Permissions::from_mode(0o666));
                }
            }
        }
        let tmp = builder.tempfile_in(&dir).map_err(|source| OutputError::Folder { dir, source })?;
        Ok(Staged {
            tmp,
            out: out.to_path_buf(),
        })
    }

    /// The temporary file, to write the output into.
    pub fn file(&mut self) -> &mut std::fs::File {
        self.tmp.as_file_mut()
    }

    /// The error for a failed write into [`Staged::file`].
    pub fn write_error(&self, source: std::io::Error) -> OutputError {
        OutputError::Write {
            path: self.out.clone(),
            source,
        }
    }

    /// Flushes the file to disk (offices lose power) and renames it over `out`.
    pub fn commit(self) -> Result<(), OutputError> {
        let Staged { tmp, out } = self;
        let err = |source| OutputError::Write { path: out.clone(), source };
        tmp.as_file().sync_all().map_err(err)?;
        tmp.persist(&out).map_err(|e| err(e.error))?;
        Ok(())
    }
}

/// Writes `bytes` to `out` atomically.
pub fn write_atomic(out: &Path, bytes: &[u8]) -> Result<(), OutputError> {
    let mut staged = Staged::new(out)?;
    if let Err(e) = staged.file().write_all(bytes) {
        return Err(staged.write_error(e));
    }
    staged.commit()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_output_is_made_whole_or_not_at_all() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("báo cáo tháng 1.docx");
        let mut staged = Staged::new(&out).unwrap();
        staged.file().write_all(b"half").unwrap();
        drop(staged);
        assert!(!out.exists(), "dropped without commit: nothing written");
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0, "no temporary left behind");
        write_atomic(&out, b"whole").unwrap();
        assert_eq!(std::fs::read(&out).unwrap(), b"whole");
    }

    /// An output can be read as any file the user saves (a temporary file
    /// alone would be 0600 on Unix), and a replaced output keeps its mode.
    #[cfg(unix)]
    #[test]
    fn an_output_has_the_permissions_of_an_ordinary_file() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let plain = dir.path().join("plain");
        std::fs::File::create(&plain).unwrap();
        let out = dir.path().join("out.xlsx");
        write_atomic(&out, b"x").unwrap();
        let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode(&out), mode(&plain));
        std::fs::set_permissions(&out, std::fs::Permissions::from_mode(0o640)).unwrap();
        write_atomic(&out, b"y").unwrap();
        assert_eq!(mode(&out), 0o640);
    }
}
