//! Writing outputs so that nothing is lost.
//!
//! Three promises, each kept before any work is done:
//! - an output never replaces an input, the config or another output of the
//!   same run: compared by **file identity** (device and inode, or the
//!   Windows file index, through `same-file`), not by path text, so
//!   `./a.xlsx`, `A.XLSX` on Windows or a link all count as the same file;
//! - an existing file is replaced only when it carries our mark (it is a
//!   report or summary this program wrote, [`crate::mark`]) or with `--force`:
//!   a ward's workbook, a filled template or someone's Word file is refused;
//! - an output is written into a temporary file beside it and renamed over it
//!   only when whole; the outputs of one run ([`commit_all`]) appear together
//!   or not at all.

use std::io::Write;
use std::path::{Path, PathBuf};

use crate::diag::Lang;
use crate::fs_error::{explain, Action};

/// What an output is: decides its extension and the mark it carries.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OutputKind {
    /// `mau`: a workbook for a clerk to fill; carries no mark, since once
    /// filled it is a ward's workbook.
    Template,
    /// `lapbaocao`: a unit's report.
    Report,
    /// `tonghop -o`: the summary workbook.
    Summary,
    /// `tonghop --report`: the consolidated report.
    ConsolidatedReport,
    /// `mau --outline`: the starting outline, for an office to edit; like
    /// the template, it carries no mark.
    OutlineTemplate,
    /// `lapbaocao -o X.pdf` or `--pdf`: the report as PDF ([`crate::render::pdf`]).
    ReportPdf,
    /// `tonghop --report X.pdf` or `--pdf`: the consolidated report as PDF.
    ConsolidatedReportPdf,
}

impl OutputKind {
    /// The extension the bytes we write need (lower case, without the dot).
    pub fn extension(self) -> &'static str {
        match self {
            OutputKind::Template | OutputKind::Summary => "xlsx",
            OutputKind::Report | OutputKind::ConsolidatedReport | OutputKind::OutlineTemplate => "docx",
            OutputKind::ReportPdf | OutputKind::ConsolidatedReportPdf => "pdf",
        }
    }
}

/// An output a command is about to write.
#[derive(Debug, Clone)]
pub struct Planned {
    pub path: PathBuf,
    pub kind: OutputKind,
}

impl Planned {
    pub fn new(path: impl Into<PathBuf>, kind: OutputKind) -> Planned {
        Planned { path: path.into(), kind }
    }
}

/// Why an output cannot be written. Rendered with [`OutputError::message`].
#[derive(Debug, thiserror::Error)]
pub enum OutputError {
    #[error("{path}: wrong extension", path = path.display())]
    Extension { path: PathBuf, kind: OutputKind },
    #[error("{a} and {b} are the same file", a = a.display(), b = b.display())]
    SameOutput { a: PathBuf, b: PathBuf },
    #[error("output {out} is the input {input}", out = out.display(), input = input.display())]
    IsInput { out: PathBuf, input: PathBuf },
    #[error("output {out} is the config {config}", out = out.display(), config = config.display())]
    IsConfig { out: PathBuf, config: PathBuf },
    #[error("folder {dir} missing", dir = dir.display())]
    FolderMissing { dir: PathBuf },
    #[error("{path} is not a file", path = path.display())]
    NotAFile { path: PathBuf },
    #[error("{path} is read-only", path = path.display())]
    ReadOnly { path: PathBuf },
    #[error("{path} was not written by baocao", path = path.display())]
    NotOurs { path: PathBuf },
    #[error("cannot write in {dir}: {source}", dir = dir.display())]
    Folder { dir: PathBuf, source: std::io::Error },
    #[error("cannot write {path}: {source}", path = path.display())]
    Write { path: PathBuf, source: std::io::Error },
}

impl OutputError {
    /// What the clerk reads, with what to do next.
    pub fn message(&self, lang: Lang) -> String {
        let (vi, en) = self.texts();
        match lang {
            Lang::Vi => vi,
            Lang::En => en,
        }
    }

    fn texts(&self) -> (String, String) {
        match self {
            OutputError::Extension { path, kind } => {
                let ext = kind.extension();
                let p = path.display();
                let is_pdf = path
                    .extension()
                    .and_then(|e| e.to_str())
                    .is_some_and(|e| e.eq_ignore_ascii_case("pdf"));
                if is_pdf {
                    // Only reports are made as PDF: a workbook is not a document to print.
                    (
                        format!("tệp ra {p} phải có đuôi .{ext}: chỉ báo cáo mới ghi được dạng PDF (lapbaocao -o bao-cao.pdf, tonghop --report bao-cao.pdf)"),
                        format!("the output {p} must end in .{ext}: only reports can be written as PDF (report -o report.pdf, consolidate --report report.pdf)"),
                    )
                } else {
                    (
                        format!("tệp ra {p} phải có đuôi .{ext} (chương trình ghi tệp .{ext}): đổi tên, ví dụ bao-cao.{ext}"),
                        format!("the output {p} must end in .{ext} (a .{ext} file is written): rename it, e.g. report.{ext}"),
                    )
                }
            }
            OutputError::SameOutput { a, b } => (
                format!("{} và {} là cùng một tệp: chọn hai tên khác nhau", a.display(), b.display()),
                format!("{} and {} are the same file: choose two different names", a.display(), b.display()),
            ),
            OutputError::IsInput { out, input } => (
                format!(
                    "tệp ra {} chính là tệp vào {}: không ghi đè số liệu; chọn tên khác hoặc thư mục khác cho tệp ra",
                    out.display(),
                    input.display()
                ),
                format!(
                    "the output {} is the input {}: its figures would be lost; choose another name or folder for the output",
                    out.display(),
                    input.display()
                ),
            ),
            OutputError::IsConfig { out, config } => (
                format!(
                    "tệp ra {} chính là tệp cấu hình {}: chọn tên khác cho tệp ra",
                    out.display(),
                    config.display()
                ),
                format!("the output {} is the config file {}: choose another name for the output", out.display(), config.display()),
            ),
            OutputError::FolderMissing { dir } => (
                format!("không có thư mục {}: tạo thư mục trước hoặc chọn thư mục khác", dir.display()),
                format!("the folder {} does not exist: create it first or choose another folder", dir.display()),
            ),
            OutputError::NotAFile { path } => (
                format!("{} là một thư mục hoặc không phải tệp thường: chọn tên tệp, ví dụ {}/bao-cao.docx", path.display(), path.display()),
                format!("{} is a folder or not a regular file: give a file name, e.g. {}/report.docx", path.display(), path.display()),
            ),
            OutputError::ReadOnly { path } => (
                format!("tệp {} chỉ đọc: bỏ thuộc tính chỉ đọc hoặc chọn tên khác", path.display()),
                format!("{} is read-only: clear its read-only attribute or choose another name", path.display()),
            ),
            OutputError::NotOurs { path } => (
                format!(
                    "đã có tệp {} và tệp này không do baocao ghi (có thể là sổ số liệu hay văn bản của người khác): chọn tên khác, hoặc thêm --force nếu chắc chắn muốn thay tệp đó",
                    path.display()
                ),
                format!(
                    "{} exists and was not written by baocao (it may be a workbook or someone's document): choose another name, or add --force to replace it",
                    path.display()
                ),
            ),
            OutputError::Folder { dir, source } => explain(source, dir, Action::Write),
            OutputError::Write { path, source } => explain(source, path, Action::Write),
        }
    }
}

fn folder_of(path: &Path) -> PathBuf {
    match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

/// A path's identity: the file's, when it exists; for a file not yet
/// written, its folder's and its name (compared as the file system would:
/// without regard to case on Windows).
enum Identity {
    Existing(same_file::Handle),
    New { dir: same_file::Handle, name: String },
    Unknown,
}

fn identity(p: &Path) -> Identity {
    if let Ok(h) = same_file::Handle::from_path(p) {
        return Identity::Existing(h);
    }
    match (same_file::Handle::from_path(folder_of(p)), p.file_name()) {
        (Ok(dir), Some(n)) => {
            let n = n.to_string_lossy();
            let name = if cfg!(any(windows, target_os = "macos")) {
                n.to_lowercase()
            } else {
                n.into_owned()
            };
            Identity::New { dir, name }
        }
        _ => Identity::Unknown,
    }
}

fn same(a: &Identity, b: &Identity) -> bool {
    match (a, b) {
        (Identity::Existing(x), Identity::Existing(y)) => x == y,
        (Identity::New { dir: d1, name: n1 }, Identity::New { dir: d2, name: n2 }) => d1 == d2 && n1 == n2,
        _ => false,
    }
}

/// Checks, before any work, that every output can be written and replaces
/// nothing it must not: right extension; not another output, the config or
/// an input (by file identity); its folder exists; an existing file is a
/// writable regular file not held open by another program, and carries our
/// mark unless `force`.
pub fn check_outputs(outs: &[Planned], inputs: &[PathBuf], config: Option<&Path>, force: bool) -> Result<(), OutputError> {
    for o in outs {
        let ext_ok = o
            .path
            .extension()
            .and_then(|e| e.to_str())
            .is_some_and(|e| e.eq_ignore_ascii_case(o.kind.extension()));
        if !ext_ok {
            return Err(OutputError::Extension {
                path: o.path.clone(),
                kind: o.kind,
            });
        }
    }
    let ids: Vec<Identity> = outs.iter().map(|o| identity(&o.path)).collect();
    for (i, a) in ids.iter().enumerate() {
        if let Some(j) = ids[i + 1..].iter().position(|b| same(a, b)) {
            return Err(OutputError::SameOutput {
                a: outs[i].path.clone(),
                b: outs[i + 1 + j].path.clone(),
            });
        }
    }
    for (o, id) in outs.iter().zip(&ids) {
        // A file that does not exist yet can be no input and no config.
        if !matches!(id, Identity::Existing(_)) {
            continue;
        }
        if let Some(c) = config {
            if same(id, &identity(c)) {
                return Err(OutputError::IsConfig {
                    out: o.path.clone(),
                    config: c.to_path_buf(),
                });
            }
        }
        // Our own summary left in the input folder is skipped as an input
        // (it carries our mark) and may be replaced.
        if crate::mark::mark_of_path(&o.path).is_some() {
            continue;
        }
        for input in inputs {
            if let Ok(h) = same_file::Handle::from_path(input) {
                if same(id, &Identity::Existing(h)) {
                    return Err(OutputError::IsInput {
                        out: o.path.clone(),
                        input: input.clone(),
                    });
                }
            }
        }
    }
    for o in outs {
        check_one(o, force)?;
    }
    Ok(())
}

fn check_one(o: &Planned, force: bool) -> Result<(), OutputError> {
    let dir = folder_of(&o.path);
    if !std::fs::metadata(&dir).map(|m| m.is_dir()).unwrap_or(false) {
        return Err(OutputError::FolderMissing { dir });
    }
    let meta = match std::fs::metadata(&o.path) {
        Ok(m) => m,
        Err(_) => return Ok(()),
    };
    if !meta.is_file() {
        return Err(OutputError::NotAFile { path: o.path.clone() });
    }
    if meta.permissions().readonly() {
        return Err(OutputError::ReadOnly { path: o.path.clone() });
    }
    // A file open in Word or Excel cannot be opened for writing on Windows
    // (sharing violation): found now, not after all the work, and before
    // its mark is read (a file held without sharing cannot be read either).
    // Opening for append changes nothing.
    std::fs::OpenOptions::new()
        .append(true)
        .open(&o.path)
        .map_err(|source| OutputError::Write {
            path: o.path.clone(),
            source,
        })?;
    if !force && crate::mark::mark_of_path(&o.path).is_none() {
        return Err(OutputError::NotOurs { path: o.path.clone() });
    }
    Ok(())
}

/// An output being written: a temporary file beside `out`, renamed over it
/// by [`Staged::commit`] or [`commit_all`]. Dropped without commit, it is
/// deleted and `out` is left as it was. Lets a large output be streamed to
/// disk rather than built in memory, and made before it is known whether
/// another output of the run can be.
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
        // The temporary file's name is never shown: the error names the folder.
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

    /// The output's path.
    pub fn path(&self) -> &Path {
        &self.out
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
        commit_all(vec![self])
    }
}

/// Commits several outputs so that they appear together or not at all: each
/// is flushed to disk first; a file being replaced is moved aside and put
/// back if a later output cannot be committed; the old files are deleted
/// only once every new one is in place.
pub fn commit_all(staged: Vec<Staged>) -> Result<(), OutputError> {
    for s in &staged {
        s.tmp.as_file().sync_all().map_err(|e| s.write_error(e))?;
    }
    // (output, where its old version was moved, if it had one)
    let mut done: Vec<(PathBuf, Option<tempfile::TempPath>)> = Vec::new();
    let mut failure = None;
    for s in staged {
        let out = s.out.clone();
        let aside = if out.exists() {
            match move_aside(&out) {
                Ok(p) => Some(p),
                Err(e) => {
                    failure = Some(OutputError::Write { path: out, source: e });
                    break;
                }
            }
        } else {
            None
        };
        match s.tmp.persist(&out) {
            Ok(_) => done.push((out, aside)),
            Err(e) => {
                if let Some(a) = aside {
                    let _ = put_back(a, &out);
                }
                failure = Some(OutputError::Write {
                    path: out,
                    source: e.error,
                });
                break;
            }
        }
    }
    match failure {
        None => Ok(()),
        Some(err) => {
            for (out, aside) in done.into_iter().rev() {
                match aside {
                    Some(a) => {
                        let _ = put_back(a, &out);
                    }
                    None => {
                        let _ = std::fs::remove_file(&out);
                    }
                }
            }
            Err(err)
        }
    }
    // The moved-aside old versions are deleted as their `TempPath`s drop.
}

/// Renames `out` to a fresh temporary name in its folder; the returned path
/// deletes the old version when dropped.
fn move_aside(out: &Path) -> std::io::Result<tempfile::TempPath> {
    let holder = tempfile::Builder::new()
        .prefix(".baocao-")
        .suffix(".old")
        .tempfile_in(folder_of(out))?
        .into_temp_path();
    std::fs::rename(out, &holder)?;
    Ok(holder)
}

fn put_back(aside: tempfile::TempPath, out: &Path) -> std::io::Result<()> {
    aside.persist(out).map_err(|e| e.error)
}

/// Writes `bytes` to `out` atomically.
pub fn write_atomic(out: &Path, bytes: &[u8]) -> Result<(), OutputError> {
    let mut staged = Staged::new(out)?;
    if let Err(e) = staged.file().write_all(bytes) {
        return Err(staged.write_error(e));
    }
    staged.commit()
}

/// Writes several outputs so that they appear together or not at all
/// ([`commit_all`]): a report's .docx and its PDF.
pub fn write_all_atomic<P: AsRef<Path>, B: AsRef<[u8]>>(files: &[(P, B)]) -> Result<(), OutputError> {
    let mut staged = Vec::with_capacity(files.len());
    for (out, bytes) in files {
        let mut s = Staged::new(out.as_ref())?;
        if let Err(e) = s.file().write_all(bytes.as_ref()) {
            return Err(s.write_error(e));
        }
        staged.push(s);
    }
    commit_all(staged)
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

    #[test]
    fn outputs_of_one_run_are_committed_together_or_not_at_all() {
        let dir = tempfile::tempdir().unwrap();
        let a = dir.path().join("tổng hợp.xlsx");
        std::fs::write(&a, b"old summary").unwrap();
        let mut s1 = Staged::new(&a).unwrap();
        s1.file().write_all(b"new summary").unwrap();
        // The second output's folder vanishes before the commit: its rename fails.
        let sub = dir.path().join("sub");
        std::fs::create_dir(&sub).unwrap();
        let b = sub.join("báo cáo.docx");
        let mut s2 = Staged::new(&b).unwrap();
        s2.file().write_all(b"report").unwrap();
        let renamed = dir.path().join("sub-moved");
        std::fs::rename(&sub, &renamed).unwrap();
        assert!(commit_all(vec![s1, s2]).is_err());
        assert_eq!(std::fs::read(&a).unwrap(), b"old summary", "the first output is put back");
        let left: Vec<_> = std::fs::read_dir(dir.path()).unwrap().map(|e| e.unwrap().file_name()).collect();
        assert_eq!(left.len(), 2, "nothing but the old summary and the moved folder: {left:?}");
    }

    #[test]
    fn same_files_are_found_by_identity_not_by_path_text() {
        let dir = tempfile::tempdir().unwrap();
        let input = dir.path().join("Kim Sơn.xlsx");
        std::fs::write(&input, b"x").unwrap();
        let other_spelling = dir.path().join(".").join("Kim Sơn.xlsx");
        let outs = [Planned::new(&other_spelling, OutputKind::Summary)];
        let e = check_outputs(&outs, std::slice::from_ref(&input), None, true).unwrap_err();
        assert!(matches!(e, OutputError::IsInput { .. }), "{e}");
        let two = [
            Planned::new(dir.path().join("a.xlsx"), OutputKind::Summary),
            Planned::new(dir.path().join("sub/../a.xlsx"), OutputKind::Summary),
        ];
        std::fs::create_dir(dir.path().join("sub")).unwrap();
        let e = check_outputs(&two, &[], None, false).unwrap_err();
        assert!(matches!(e, OutputError::SameOutput { .. }), "{e}");
    }

    #[test]
    fn a_file_without_our_mark_is_replaced_only_with_force() {
        let dir = tempfile::tempdir().unwrap();
        let theirs = dir.path().join("so-bao-cao.xlsx");
        std::fs::write(&theirs, b"a ward's workbook").unwrap();
        let outs = [Planned::new(&theirs, OutputKind::Template)];
        let e = check_outputs(&outs, &[], None, false).unwrap_err();
        assert!(matches!(e, OutputError::NotOurs { .. }), "{e}");
        assert!(e.message(Lang::Vi).contains("--force"));
        check_outputs(&outs, &[], None, true).unwrap();
    }

    #[test]
    fn the_extension_must_match_what_is_written() {
        let e = check_outputs(&[Planned::new("tong-hop.pdf", OutputKind::Summary)], &[], None, false).unwrap_err();
        assert!(
            e.message(Lang::Vi).contains("chỉ báo cáo mới ghi được dạng PDF"),
            "{}",
            e.message(Lang::Vi)
        );
        assert!(e.message(Lang::En).contains("only reports can be written as PDF"));
        let e = check_outputs(&[Planned::new("tong-hop.docx", OutputKind::Summary)], &[], None, false).unwrap_err();
        assert!(e.message(Lang::Vi).contains("phải có đuôi .xlsx"), "{}", e.message(Lang::Vi));
        let e = check_outputs(&[Planned::new("bao-cao.docx", OutputKind::ReportPdf)], &[], None, false).unwrap_err();
        assert!(e.message(Lang::Vi).contains("phải có đuôi .pdf"), "{}", e.message(Lang::Vi));
        check_outputs(&[Planned::new("BAO-CAO.DOCX", OutputKind::Report)], &[], None, false).unwrap();
        check_outputs(&[Planned::new("Báo cáo.PDF", OutputKind::ReportPdf)], &[], None, false).unwrap();
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
