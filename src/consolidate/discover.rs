//! Finding the input workbooks among files and folders given on the command line.

use std::path::{Path, PathBuf};

/// Why the inputs could not be listed (the CLI exits 2).
#[derive(Debug, thiserror::Error)]
pub enum DiscoverError {
    #[error("không tìm thấy tệp hoặc thư mục {}", path.display())]
    Missing { path: PathBuf },
    #[error("không đọc được thư mục {}: {source}", path.display())]
    Io { path: PathBuf, source: std::io::Error },
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

/// A path's identity for comparisons: canonical when it exists; for an
/// output that does not exist yet, its canonical folder and its name.
fn identity(p: &Path) -> PathBuf {
    if let Ok(c) = p.canonicalize() {
        return c;
    }
    let parent = match p.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    match (parent.canonicalize(), p.file_name()) {
        (Ok(d), Some(n)) => d.join(n),
        _ => p.to_path_buf(),
    }
}

fn walk(dir: &Path, out: &mut Vec<PathBuf>) -> Result<(), DiscoverError> {
    let rd = std::fs::read_dir(dir).map_err(|source| DiscoverError::Io {
        path: dir.to_path_buf(),
        source,
    })?;
    for entry in rd {
        let entry = entry.map_err(|source| DiscoverError::Io {
            path: dir.to_path_buf(),
            source,
        })?;
        let p = entry.path();
        if is_hidden(&p) || is_lock(&p) {
            continue;
        }
        // file_type does not follow symbolic links, so a link loop cannot recurse forever.
        let ft = match entry.file_type() {
            Ok(t) => t,
            Err(_) => continue,
        };
        if ft.is_dir() {
            walk(&p, out)?;
        } else if is_workbook(&p) && p.is_file() {
            out.push(p);
        }
    }
    Ok(())
}

/// Lists the input workbooks: files as given, folders searched recursively for
/// .xlsx/.xlsm/.xls/.ods (any case). Lock files, hidden files inside folders
/// and any path that is one of `exclude` (the outputs) are skipped. The result
/// is sorted and holds each file once, however many ways it was named.
pub fn discover(inputs: &[PathBuf], exclude: &[PathBuf]) -> Result<Vec<PathBuf>, DiscoverError> {
    let mut found = Vec::new();
    for p in inputs {
        let meta = std::fs::metadata(p).map_err(|_| DiscoverError::Missing { path: p.clone() })?;
        if meta.is_dir() {
            walk(p, &mut found)?;
        } else if !is_lock(p) {
            found.push(p.clone());
        }
    }
    let excluded: Vec<PathBuf> = exclude.iter().map(|p| identity(p)).collect();
    let mut keyed: Vec<(PathBuf, PathBuf)> = found
        .into_iter()
        .map(|p| (identity(&p), p))
        .filter(|(id, _)| !excluded.contains(id))
        .collect();
    keyed.sort_by(|a, b| a.1.cmp(&b.1));
    let mut seen = std::collections::HashSet::new();
    Ok(keyed
        .into_iter()
        .filter(|(id, _)| seen.insert(id.clone()))
        .map(|(_, p)| p)
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folders_are_searched_and_lock_files_and_output_skipped() {
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
        let got = discover(&[d.to_path_buf(), d.join("a.xlsx")], &[d.join("out.xlsx")]).unwrap();
        let names: Vec<String> = got
            .iter()
            .map(|p| p.strip_prefix(d).unwrap().to_string_lossy().replace('\\', "/"))
            .collect();
        assert_eq!(names, ["B.XLSX", "a.xlsx", "e.xlsm", "sub/c.ods", "sub/deeper/d.xls"]);
    }

    #[test]
    fn a_missing_input_is_named() {
        let e = discover(&[PathBuf::from("no/such/folder")], &[]).unwrap_err();
        assert!(e.to_string().contains("no/such/folder"), "{e}");
    }
}
