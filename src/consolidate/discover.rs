//! Finding the input workbooks among files and folders given on the command line.

use std::path::{Path, PathBuf};

use crate::diag::{Diagnostic, Lang};

/// Why the inputs could not be listed (the CLI exits 2).
#[derive(Debug, thiserror::Error)]
pub enum DiscoverError {
    #[error("không tìm thấy tệp hoặc thư mục {}", path.display())]
    Missing { path: PathBuf },
    /// A device, FIFO or socket named on the command line: reading it could
    /// hang or never end.
    #[error("{} không phải tệp thường", path.display())]
    NotRegular { path: PathBuf },
}

impl DiscoverError {
    /// What the clerk reads, with what to do.
    pub fn message(&self, lang: Lang) -> String {
        match (self, lang) {
            (DiscoverError::Missing { path }, Lang::Vi) => {
                format!("không tìm thấy tệp hoặc thư mục {}: kiểm tra lại tên và đường dẫn", path.display())
            }
            (DiscoverError::Missing { path }, Lang::En) => {
                format!("no such file or folder: {}: check the name and the path", path.display())
            }
            (DiscoverError::NotRegular { path }, Lang::Vi) => format!(
                "{} không phải một tệp thường (thiết bị, đường ống…): chỉ đưa vào các sổ .xlsx, .xlsm, .xls, .ods hoặc thư mục chứa chúng",
                path.display()
            ),
            (DiscoverError::NotRegular { path }, Lang::En) => format!(
                "{} is not a regular file (a device, a pipe…): give only .xlsx, .xlsm, .xls, .ods workbooks or folders holding them",
                path.display()
            ),
        }
    }
}

/// What was found: the workbooks, and what inside the folders was passed
/// over and why (listed, never fatal).
#[derive(Debug, Default)]
pub struct Discovered {
    pub files: Vec<PathBuf>,
    pub skipped: Vec<Skipped>,
}

/// A path inside a folder that was not read.
#[derive(Debug)]
pub struct Skipped {
    pub path: PathBuf,
    pub why: SkipReason,
}

#[derive(Debug)]
pub enum SkipReason {
    /// A folder (or an entry of one) that cannot be listed.
    Unreadable(std::io::Error),
    /// A workbook's name on something that is not a regular file.
    NotRegular,
}

impl Skipped {
    /// The warning that lists it.
    pub fn diagnostic(&self) -> Diagnostic {
        let (vi, en) = match &self.why {
            SkipReason::Unreadable(e) => {
                let (vi, en) = crate::fs_error::explain(e, &self.path, crate::fs_error::Action::Read);
                (format!("Bỏ qua thư mục: {vi}."), format!("Folder skipped: {en}."))
            }
            SkipReason::NotRegular => (
                format!("Bỏ qua {}: không phải tệp thường (thiết bị, đường ống…).", self.path.display()),
                format!("Skipped {}: not a regular file (a device, a pipe…).", self.path.display()),
            ),
        };
        Diagnostic::new("W-INPUT-SKIPPED", vi, en).in_file(self.path.display().to_string())
    }
}

/// Extensions read by calamine, compared case-insensitively.
const EXTENSIONS: [&str; 4] = ["xlsx", "xlsm", "xls", "ods"];

fn is_workbook(p: &Path) -> bool {
    p.extension()
        .and_then(|e| e.to_str())
        .map(|e| EXTENSIONS.iter().any(|x| x.eq_ignore_ascii_case(e)))
        .unwrap_or(false)
}

/// Excel's lock files ("~$Kim Son.xlsx") are never workbooks, even when a
/// shell glob names them; hidden files (".~lock…#", "._x.xlsx" from macOS) are
/// skipped inside folders.
fn is_lock(p: &Path) -> bool {
    p.file_name().and_then(|n| n.to_str()).map(|n| n.starts_with("~$")).unwrap_or(false)
}

fn is_hidden(p: &Path) -> bool {
    p.file_name().and_then(|n| n.to_str()).map(|n| n.starts_with('.')).unwrap_or(false)
}

/// The path of `name` inside `dir`, written with the separator the user
/// typed `dir` with: a folder typed `so-lieu/thang-1` on Windows gives
/// `so-lieu/thang-1/Kim Sơn.xlsx`, not `so-lieu/thang-1\\Kim Sơn.xlsx`
/// (`Path::join` would use `\\`), in messages and in the summary's sheets.
fn child(dir: &Path, name: &std::ffi::OsStr) -> PathBuf {
    let (Some(d), Some(n)) = (dir.to_str(), name.to_str()) else {
        return dir.join(name);
    };
    let (sep, seps): (char, &[char]) = if cfg!(windows) {
        (if d.contains('/') { '/' } else { '\\' }, &['/', '\\'])
    } else {
        ('/', &['/'])
    };
    let d = d.trim_end_matches(seps);
    // The root ("/", "C:\\") and a bare drive ("C:") keep the system's own join.
    if d.is_empty() || d.ends_with(':') {
        return dir.join(name);
    }
    PathBuf::from(format!("{d}{sep}{n}"))
}

/// What makes two paths the same file, from the metadata discovery has
/// already read: the device and inode on Unix (one `stat`, no path
/// resolution: finding 1,000 inputs took 5–14 ms with `canonicalize`);
/// elsewhere the canonical path (Windows' file index needs the file opened,
/// which costs more than resolving the path).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
enum FileId {
    #[cfg(unix)]
    Inode(u64, u64),
    #[cfg_attr(unix, allow(dead_code))]
    Path(PathBuf),
}

fn file_id(p: &Path, meta: &std::fs::Metadata) -> FileId {
    #[cfg(unix)]
    {
        let _ = p;
        use std::os::unix::fs::MetadataExt;
        FileId::Inode(meta.dev(), meta.ino())
    }
    #[cfg(not(unix))]
    {
        let _ = meta;
        FileId::Path(p.canonicalize().unwrap_or_else(|_| p.to_path_buf()))
    }
}

/// Every workbook under `dir`, with its identity, into `files`; what cannot
/// be read into `found.skipped`.
fn walk(dir: &Path, found: &mut Discovered, files: &mut Vec<(FileId, PathBuf)>) {
    let rd = match std::fs::read_dir(dir) {
        Ok(rd) => rd,
        Err(e) => {
            found.skipped.push(Skipped {
                path: dir.to_path_buf(),
                why: SkipReason::Unreadable(e),
            });
            return;
        }
    };
    for entry in rd {
        let entry = match entry {
            Ok(e) => e,
            Err(e) => {
                found.skipped.push(Skipped {
                    path: dir.to_path_buf(),
                    why: SkipReason::Unreadable(e),
                });
                continue;
            }
        };
        let p = child(dir, &entry.file_name());
        if is_hidden(&p) || is_lock(&p) {
            continue;
        }
        // file_type does not follow symbolic links, so a link loop cannot recurse forever.
        let ft = match entry.file_type() {
            Ok(t) => t,
            Err(_) => continue,
        };
        if ft.is_dir() {
            walk(&p, found, files);
        } else if is_workbook(&p) {
            // Through a link, the file it points to must be regular too.
            let meta = std::fs::metadata(&p).ok().filter(|m| m.is_file());
            if let Some(meta) = meta {
                files.push((file_id(&p, &meta), p));
            } else {
                found.skipped.push(Skipped {
                    path: p,
                    why: SkipReason::NotRegular,
                });
            }
        }
    }
}

/// Lists the input workbooks: files as given, folders searched recursively for
/// .xlsx/.xlsm/.xls/.ods (any case). Lock files and hidden files inside
/// folders are skipped silently; what cannot be read inside a folder is
/// listed in [`Discovered::skipped`]. A path on the command line that does
/// not exist or is not a regular file or folder is an error. The result is
/// sorted and holds each file once, however many ways it was named. Outputs
/// are not excluded here: [`crate::output::check_outputs`] refuses an output
/// that is an input, and our own outputs are recognised by their mark when
/// read.
pub fn discover(inputs: &[PathBuf]) -> Result<Discovered, DiscoverError> {
    let mut found = Discovered::default();
    let mut keyed: Vec<(FileId, PathBuf)> = Vec::new();
    for p in inputs {
        let meta = std::fs::metadata(p).map_err(|_| DiscoverError::Missing { path: p.clone() })?;
        if meta.is_dir() {
            walk(p, &mut found, &mut keyed);
        } else if !meta.is_file() {
            return Err(DiscoverError::NotRegular { path: p.clone() });
        } else if !is_lock(p) {
            keyed.push((file_id(p, &meta), p.clone()));
        }
    }
    keyed.sort_by(|a, b| a.1.cmp(&b.1));
    let mut seen = std::collections::HashSet::new();
    found.files = keyed
        .into_iter()
        .filter(|(id, _)| seen.insert(id.clone()))
        .map(|(_, p)| p)
        .collect();
    Ok(found)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folders_are_searched_and_lock_files_skipped() {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        std::fs::create_dir_all(d.join("sub/deeper")).unwrap();
        for f in [
            "a.xlsx",
            "B.XLSX",
            "sub/c.ods",
            "sub/deeper/d.xls",
            "e.xlsm",
            "~$a.xlsx",
            ".~lock.a.xlsx#",
            ".hidden.xlsx",
            "notes.txt",
            "out.xlsx",
        ] {
            std::fs::write(d.join(f), b"x").unwrap();
        }
        let got = discover(&[d.to_path_buf(), d.join("a.xlsx")]).unwrap();
        assert!(got.skipped.is_empty());
        let names: Vec<String> = got
            .files
            .iter()
            .map(|p| p.strip_prefix(d).unwrap().to_string_lossy().replace('\\', "/"))
            .collect();
        assert_eq!(names, ["B.XLSX", "a.xlsx", "e.xlsm", "out.xlsx", "sub/c.ods", "sub/deeper/d.xls"]);
    }

    #[test]
    fn a_missing_input_is_named() {
        let e = discover(&[PathBuf::from("no/such/folder")]).unwrap_err();
        assert!(e.message(Lang::Vi).contains("no/such/folder"), "{e}");
    }
}
