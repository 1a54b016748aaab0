//! PDF, and PDF/A-2b for archiving, by LibreOffice headless.
//!
//! Decree 30/2020 treats the signed PDF as the electronic document, so the
//! PDF must be the report exactly as Word would print it: the .docx this
//! program writes is converted by a real office suite, not re-laid out by a
//! second renderer of our own. LibreOffice is free, runs on every system the
//! clerks use, and embeds its metric-compatible substitutes for Times New
//! Roman (Liberation Serif) when the font itself is missing.
//!
//! One conversion ([`convert`]):
//! - the program is found once ([`find_soffice`]): `BAOCAO_SOFFICE`, then
//!   `soffice` / `libreoffice` on the PATH, then the usual install folders;
//! - everything happens in a temporary folder of its own: the .docx, a
//!   fresh LibreOffice user profile (`-env:UserInstallation`, so parallel
//!   runs and a clerk's open LibreOffice never share one) and the PDF;
//! - the child has a time limit ([`DEFAULT_TIMEOUT`], `BAOCAO_PDF_TIMEOUT`):
//!   past it, the child and what it started are killed and the error says so;
//!   its stdout and stderr are kept to [`OUTPUT_CAP`] each, for the message;
//! - the PDF is read back bounded ([`PDF_CAP`]) and checked: it is a PDF,
//!   it carries our mark, and when PDF/A was asked for, its XMP says
//!   PDF/A-2b (an old LibreOffice ignores the filter options silently).
//!
//! The mark: LibreOffice does not carry a .docx's custom properties into a
//! PDF, but it does carry the core `keywords` into the PDF's Info
//! dictionary and XMP (`pdf:Keywords`). The copy handed to LibreOffice gets
//! `keywords` `baocao=<mark>` (and the report's title, shown by PDF
//! readers); [`crate::mark::pdf_mark_of`] reads it back. The .docx the clerk
//! gets is not changed.
//!
//! Nothing here writes where the user sees it: the bytes go back to the
//! caller, which writes them through [`crate::output`] like any other output.

use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use crate::diag::Lang;
use crate::mark::Mark;

/// How long a conversion may take before it is stopped. A report converts
/// in 2–5 s, LibreOffice's first start with a new profile included; a slow
/// office PC with an antivirus scanning every file LibreOffice opens may
/// take ten times that. Past two minutes it is hung (a dialog nobody sees,
/// a broken install), not slow.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(120);
/// The environment variable that sets the time limit, in seconds.
pub const TIMEOUT_ENV: &str = "BAOCAO_PDF_TIMEOUT";
/// The environment variable naming the LibreOffice program to use.
pub const SOFFICE_ENV: &str = "BAOCAO_SOFFICE";
/// Bytes of LibreOffice's stdout and of its stderr kept for the message;
/// the rest is read and dropped so the child never blocks on a full pipe.
pub const OUTPUT_CAP: usize = 16 * 1024;
/// The largest PDF read back. A ward's report is about 120 KB, a town's
/// with its appendices under 1 MB; anything near this is not a report.
pub const PDF_CAP: u64 = 64 * 1024 * 1024;

/// What to make.
#[derive(Debug, Clone)]
pub struct PdfOptions {
    /// PDF/A-2b (ISO 19005-2, level B) for archiving, instead of plain PDF.
    pub archive: bool,
    /// The time limit of the conversion.
    pub timeout: Duration,
    /// The mark the PDF carries (see the module docs); `None`: none.
    pub mark: Option<Mark>,
    /// The document title in the PDF's metadata (the trích yếu).
    pub title: Option<String>,
    /// The PDF's author (the issuing office), instead of docx-rs's "unknown".
    pub author: Option<String>,
}

impl Default for PdfOptions {
    fn default() -> PdfOptions {
        PdfOptions {
            archive: false,
            timeout: DEFAULT_TIMEOUT,
            mark: None,
            title: None,
            author: None,
        }
    }
}

/// Why no PDF was made. Rendered with [`PdfError::message`].
#[derive(Debug, thiserror::Error)]
pub enum PdfError {
    /// No LibreOffice: `BAOCAO_SOFFICE` names a missing file (`from_env`), or
    /// none was found on the PATH or in the usual folders.
    #[error("LibreOffice not found")]
    NotFound { from_env: Option<PathBuf> },
    /// `BAOCAO_PDF_TIMEOUT` is not a number of seconds.
    #[error("{TIMEOUT_ENV}={value}: not a number of seconds")]
    BadTimeout { value: String },
    /// The temporary folder could not be made or written.
    #[error("temporary folder: {source}")]
    Temp { source: std::io::Error },
    /// The .docx handed over could not be read (a bug, not bad input).
    #[error("the .docx could not be prepared: {0}")]
    Docx(#[from] zip::result::ZipError),
    /// The program exists but could not be started.
    #[error("{program} could not be started: {source}", program = program.display())]
    Start { program: PathBuf, source: std::io::Error },
    /// Stopped at the time limit.
    #[error("{program} was stopped after {secs} s", program = program.display())]
    TimedOut { program: PathBuf, secs: u64 },
    /// It ended with an error status: its exit code, `None` when a signal ended it.
    #[error("{program} failed ({code:?}): {output}", program = program.display())]
    Failed {
        program: PathBuf,
        code: Option<i32>,
        output: String,
    },
    /// It ended without writing the PDF.
    #[error("{program} wrote no PDF: {output}", program = program.display())]
    NoOutput { program: PathBuf, output: String },
    /// What it wrote is not a PDF, or larger than [`PDF_CAP`].
    #[error("{program} wrote something that is not a PDF report", program = program.display())]
    NotPdf { program: PathBuf },
    /// PDF/A was asked for and the PDF does not say PDF/A-2b.
    #[error("{program} did not write PDF/A-2b (LibreOffice 7.4 or later is needed)", program = program.display())]
    NotArchival { program: PathBuf },
}

const INSTALL_VI: &str = "Cài LibreOffice (miễn phí, tải tại https://www.libreoffice.org/download) rồi chạy lại; hoặc ghi tệp .docx (ví dụ -o bao-cao.docx), mở bằng Word và chọn Lưu thành PDF.";
const INSTALL_EN: &str = "Install LibreOffice (free, from https://www.libreoffice.org/download) and run again; or write the .docx (e.g. -o report.docx), open it in Word and save it as PDF.";

impl PdfError {
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
            PdfError::NotFound { from_env: Some(p) } => (
                format!(
                    "không tìm thấy LibreOffice để ghi PDF: {SOFFICE_ENV} chỉ tới {} nhưng không có tệp đó. Sửa hoặc bỏ {SOFFICE_ENV}. {INSTALL_VI}",
                    p.display()
                ),
                format!(
                    "LibreOffice, needed to write PDF, was not found: {SOFFICE_ENV} names {}, which does not exist. Correct or remove {SOFFICE_ENV}. {INSTALL_EN}",
                    p.display()
                ),
            ),
            PdfError::NotFound { from_env: None } => (
                format!("không tìm thấy LibreOffice, chương trình cần nó để ghi PDF. {INSTALL_VI}"),
                format!("LibreOffice was not found; it is needed to write PDF. {INSTALL_EN}"),
            ),
            PdfError::BadTimeout { value } => (
                format!("{TIMEOUT_ENV}={value}: phải là số giây, từ 1 đến 3600 (ví dụ {TIMEOUT_ENV}=300)"),
                format!("{TIMEOUT_ENV}={value}: must be a number of seconds from 1 to 3600 (e.g. {TIMEOUT_ENV}=300)"),
            ),
            PdfError::Temp { source } => (
                format!("không tạo được thư mục tạm để chuyển sang PDF: {source}. Giải phóng chỗ trống trên ổ đĩa rồi chạy lại."),
                format!("cannot make a temporary folder for the PDF conversion: {source}. Free some disk space and run again."),
            ),
            PdfError::Docx(e) => (
                format!("lỗi nội bộ khi chuẩn bị tệp Word để chuyển sang PDF: {e}"),
                format!("internal error preparing the Word file for PDF: {e}"),
            ),
            PdfError::Start { program, source } => (
                format!(
                    "không chạy được LibreOffice ({}): {source}. Cài lại LibreOffice, hoặc đặt {SOFFICE_ENV} là đường dẫn tới soffice.",
                    program.display()
                ),
                format!(
                    "LibreOffice ({}) could not be started: {source}. Reinstall LibreOffice, or set {SOFFICE_ENV} to the path of soffice.",
                    program.display()
                ),
            ),
            PdfError::TimedOut { program, secs } => (
                format!(
                    "LibreOffice ({}) chưa chuyển xong sang PDF sau {secs} giây nên đã bị dừng. Chạy lại; nếu máy chậm, đặt {TIMEOUT_ENV}=300 để chờ lâu hơn.",
                    program.display()
                ),
                format!(
                    "LibreOffice ({}) had not finished the PDF after {secs} s and was stopped. Run again; on a slow computer set {TIMEOUT_ENV}=300 to wait longer.",
                    program.display()
                ),
            ),
            PdfError::Failed { program, code, output } => {
                let (vi, en) = match code {
                    Some(c) => (format!("mã thoát {c}"), format!("exit code {c}")),
                    None => ("bị dừng từ bên ngoài".to_string(), "stopped from outside".to_string()),
                };
                (
                    format!("LibreOffice ({}) báo lỗi khi chuyển sang PDF ({vi}): {}", program.display(), said(output)),
                    format!("LibreOffice ({}) failed to convert to PDF ({en}): {}", program.display(), said(output)),
                )
            }
            PdfError::NoOutput { program, output } => (
                format!(
                    "LibreOffice ({}) kết thúc mà không tạo ra tệp PDF: {}. Thử mở tệp .docx bằng LibreOffice để xem lỗi, hoặc cài lại LibreOffice.",
                    program.display(),
                    said(output)
                ),
                format!(
                    "LibreOffice ({}) ended without writing the PDF: {}. Try opening the .docx in LibreOffice to see why, or reinstall LibreOffice.",
                    program.display(),
                    said(output)
                ),
            ),
            PdfError::NotPdf { program } => (
                format!("LibreOffice ({}) tạo ra một tệp không phải PDF báo cáo (hoặc quá lớn). Cài lại LibreOffice.", program.display()),
                format!("LibreOffice ({}) wrote a file that is not a PDF report (or too large). Reinstall LibreOffice.", program.display()),
            ),
            PdfError::NotArchival { program } => (
                format!(
                    "LibreOffice ({}) không ghi được PDF/A-2b (cần LibreOffice 7.4 trở lên): cài bản mới tại https://www.libreoffice.org/download, hoặc bỏ --pdfa để ghi PDF thường.",
                    program.display()
                ),
                format!(
                    "LibreOffice ({}) did not write PDF/A-2b (LibreOffice 7.4 or later is needed): install a newer one from https://www.libreoffice.org/download, or drop --pdfa for a plain PDF.",
                    program.display()
                ),
            ),
        }
    }
}

/// LibreOffice's own words, trimmed for a message; "no message" when silent.
fn said(output: &str) -> String {
    let lines: Vec<&str> = output.lines().map(str::trim).filter(|l| !l.is_empty()).take(6).collect();
    if lines.is_empty() {
        "LibreOffice không in gì / printed nothing".to_string()
    } else {
        lines.join(" | ")
    }
}

/// The time limit: [`TIMEOUT_ENV`] in seconds (1–3600) when set, else [`DEFAULT_TIMEOUT`].
pub fn timeout_from_env() -> Result<Duration, PdfError> {
    parse_timeout(std::env::var_os(TIMEOUT_ENV).map(|v| v.to_string_lossy().into_owned()).as_deref())
}

/// [`timeout_from_env`] of the variable's value: unset or blank is the
/// default; anything but 1–3600 whole seconds is refused, not guessed at.
fn parse_timeout(value: Option<&str>) -> Result<Duration, PdfError> {
    let text = value.unwrap_or("").trim();
    if text.is_empty() {
        return Ok(DEFAULT_TIMEOUT);
    }
    match text.parse::<u64>() {
        Ok(s) if (1..=3600).contains(&s) => Ok(Duration::from_secs(s)),
        _ => Err(PdfError::BadTimeout { value: text.to_string() }),
    }
}

/// The LibreOffice program: [`SOFFICE_ENV`] when set (and then only it: a
/// clerk who names a program means that one), else `soffice` or
/// `libreoffice` on the PATH (`.exe`, `.com` too on Windows), else the
/// usual install folders (Windows: `Program Files` and `Program Files (x86)`;
/// macOS: the application bundle).
pub fn find_soffice() -> Result<PathBuf, PdfError> {
    if let Some(p) = std::env::var_os(SOFFICE_ENV).filter(|p| !p.is_empty()) {
        let p = PathBuf::from(p);
        return if p.is_file() {
            Ok(p)
        } else {
            Err(PdfError::NotFound { from_env: Some(p) })
        };
    }
    let exts: &[&str] = if cfg!(windows) { &[".exe", ".com", ""] } else { &[""] };
    if let Some(path) = std::env::var_os("PATH") {
        for dir in std::env::split_paths(&path) {
            for name in ["soffice", "libreoffice"] {
                for ext in exts {
                    let p = dir.join(format!("{name}{ext}"));
                    if p.is_file() {
                        return Ok(p);
                    }
                }
            }
        }
    }
    install_folders()
        .into_iter()
        .find(|p| p.is_file())
        .ok_or(PdfError::NotFound { from_env: None })
}

/// Where LibreOffice installs itself when it is not on the PATH (the
/// Windows installer never puts it there).
fn install_folders() -> Vec<PathBuf> {
    let mut v = Vec::new();
    if cfg!(windows) {
        let mut roots: Vec<PathBuf> = ["ProgramW6432", "ProgramFiles", "ProgramFiles(x86)"]
            .iter()
            .filter_map(std::env::var_os)
            .map(PathBuf::from)
            .collect();
        roots.push(PathBuf::from(r"C:\Program Files"));
        roots.push(PathBuf::from(r"C:\Program Files (x86)"));
        for r in roots {
            let p = r.join("LibreOffice").join("program").join("soffice.exe");
            if !v.contains(&p) {
                v.push(p);
            }
        }
    } else if cfg!(target_os = "macos") {
        v.push(PathBuf::from("/Applications/LibreOffice.app/Contents/MacOS/soffice"));
    }
    v
}

/// The `file://` URL of a local path, as LibreOffice reads
/// `-env:UserInstallation`: forward slashes, `file:///C:/...` for a drive,
/// `file://server/share/...` for a UNC path, every byte outside the
/// unreserved set percent-encoded (spaces, Vietnamese letters in a user
/// name: `C:\Users\Nguyễn Văn A` → `file:///C:/Users/Nguy%E1%BB%85n%20V%C4%83n%20A`).
pub fn file_url(path: &Path) -> String {
    url_of_path_text(path.as_os_str().as_encoded_bytes(), cfg!(windows))
}

/// [`file_url`] of a path's bytes (UTF-8 on Windows, raw on Unix), with the
/// path rules of Windows or of Unix: testable on either system.
fn url_of_path_text(bytes: &[u8], windows: bool) -> String {
    let mut p: Vec<u8> = bytes.to_vec();
    if windows {
        for b in p.iter_mut() {
            if *b == b'\\' {
                *b = b'/';
            }
        }
        // Verbatim paths (what canonicalize gives): //?/C:/x, //?/UNC/server/share.
        if let Some(rest) = p.strip_prefix(b"//?/UNC/") {
            p = [b"//".as_slice(), rest].concat();
        } else if let Some(rest) = p.strip_prefix(b"//?/") {
            p = rest.to_vec();
        }
    }
    let (prefix, rest): (String, &[u8]) = if windows && p.starts_with(b"//") {
        // UNC: the server is the URL's host.
        ("file://".to_string(), &p[2..])
    } else if windows && p.len() >= 2 && p[0].is_ascii_alphabetic() && p[1] == b':' {
        (format!("file:///{}:", p[0] as char), &p[2..])
    } else {
        ("file://".to_string(), &p[..])
    };
    let mut url = prefix;
    if !rest.starts_with(b"/") && !url.ends_with("//") {
        url.push('/');
    }
    for &b in rest {
        if b.is_ascii_alphanumeric() || b"-._~/".contains(&b) {
            url.push(b as char);
        } else {
            url.push_str(&format!("%{b:02X}"));
        }
    }
    url
}

/// Converts `docx` (bytes of a .docx this program wrote) to PDF with the
/// LibreOffice at `soffice`; the PDF's bytes. Nothing outside a temporary
/// folder is written, and that folder is removed.
pub fn convert(soffice: &Path, docx: &[u8], opts: &PdfOptions) -> Result<Vec<u8>, PdfError> {
    let tmp = tempfile::Builder::new()
        .prefix("baocao-pdf-")
        .tempdir()
        .map_err(|source| PdfError::Temp { source })?;
    let input = tmp.path().join("bao-cao.docx");
    let outdir = tmp.path().join("pdf");
    let profile = tmp.path().join("profile");
    let prepared = with_metadata(docx, opts)?;
    std::fs::create_dir(&outdir).map_err(|source| PdfError::Temp { source })?;
    std::fs::File::create(&input)
        .and_then(|mut f| f.write_all(&prepared).and_then(|()| f.sync_all()))
        .map_err(|source| PdfError::Temp { source })?;

    let mut cmd = Command::new(soffice);
    cmd.arg(format!("-env:UserInstallation={}", file_url(&profile)))
        .args([
            "--headless",
            "--invisible",
            "--nologo",
            "--nodefault",
            "--norestore",
            "--nolockcheck",
        ])
        .arg("--convert-to")
        .arg(filter(opts.archive))
        .arg("--outdir")
        .arg(&outdir)
        .arg(&input)
        .current_dir(tmp.path())
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let run = run_bounded(cmd, opts.timeout).map_err(|source| PdfError::Start {
        program: soffice.to_path_buf(),
        source,
    })?;
    let program = soffice.to_path_buf();
    let output = run.output();
    match run.status {
        None => {
            return Err(PdfError::TimedOut {
                program,
                secs: opts.timeout.as_secs(),
            })
        }
        Some(s) if !s.success() => {
            return Err(PdfError::Failed {
                program,
                code: s.code(),
                output,
            })
        }
        Some(_) => {}
    }
    let pdf_path = outdir.join("bao-cao.pdf");
    let bytes = match read_capped(&pdf_path) {
        Ok(Some(b)) => b,
        Ok(None) => return Err(PdfError::NotPdf { program }),
        Err(_) => return Err(PdfError::NoOutput { program, output }),
    };
    if !bytes.starts_with(b"%PDF-") || !bytes[bytes.len().saturating_sub(1024)..].windows(5).any(|w| w == b"%%EOF") {
        return Err(PdfError::NotPdf { program });
    }
    if let Some(m) = opts.mark {
        if crate::mark::pdf_mark_of(std::io::Cursor::new(&bytes)) != Some(m) {
            return Err(PdfError::NotPdf { program });
        }
    }
    if opts.archive && !says_pdfa_2b(&bytes) {
        return Err(PdfError::NotArchival { program });
    }
    drop(tmp);
    Ok(bytes)
}

/// The `--convert-to` argument. PDF/A-2b through the JSON filter options
/// LibreOffice reads since 7.4 (`SelectPdfVersion` 2 = PDF/A-2b; it also
/// embeds every font, which PDF/A requires, and writes the XMP
/// identification). Plain PDF keeps LibreOffice's defaults, which embed
/// the (subset) fonts too.
fn filter(archive: bool) -> &'static str {
    if archive {
        r#"pdf:writer_pdf_Export:{"SelectPdfVersion":{"type":"long","value":"2"}}"#
    } else {
        "pdf:writer_pdf_Export"
    }
}

/// The file's bytes, or `Ok(None)` when larger than [`PDF_CAP`].
fn read_capped(p: &Path) -> std::io::Result<Option<Vec<u8>>> {
    let f = std::fs::File::open(p)?;
    let mut bytes = Vec::new();
    f.take(PDF_CAP + 1).read_to_end(&mut bytes)?;
    Ok((bytes.len() as u64 <= PDF_CAP).then_some(bytes))
}

/// Whether the PDF's XMP identifies it as PDF/A-2b (`pdfaid:part` 2,
/// `pdfaid:conformance` B, as elements or as attributes). PDF/A forbids
/// compressing the XMP stream, so it is plain text in the file.
pub fn says_pdfa_2b(pdf: &[u8]) -> bool {
    let has = |needle: &str| pdf.windows(needle.len()).any(|w| w == needle.as_bytes());
    (has("<pdfaid:part>2</pdfaid:part>") || has("pdfaid:part=\"2\""))
        && (has("<pdfaid:conformance>B</pdfaid:conformance>") || has("pdfaid:conformance=\"B\""))
}

/// The .docx with the core properties LibreOffice carries into the PDF: the
/// mark as `keywords` (`baocao=bao-cao`), the title and the author. Every
/// other part is copied as it is.
fn with_metadata(docx: &[u8], opts: &PdfOptions) -> Result<Vec<u8>, PdfError> {
    const CORE: &str = "docProps/core.xml";
    let mut zin = zip::ZipArchive::new(std::io::Cursor::new(docx))?;
    let mut zout = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for i in 0..zin.len() {
        let f = zin.by_index_raw(i)?;
        if f.name()? == CORE {
            continue;
        }
        zout.raw_copy_file(f)?;
    }
    let mut core = String::new();
    match zin.by_name(CORE) {
        Ok(mut f) => {
            // The core part the renderer writes is well under a kilobyte.
            (&mut f)
                .take(1 << 20)
                .read_to_string(&mut core)
                .map_err(|e| PdfError::Docx(zip::result::ZipError::Io(e)))?;
        }
        Err(zip::result::ZipError::FileNotFound) => {}
        Err(e) => return Err(e.into()),
    }
    let text = |v: &Option<String>| v.as_deref().map(str::trim).filter(|t| !t.is_empty()).map(xml_escape);
    let mut extra = String::new();
    if let Some(m) = opts.mark {
        extra.push_str(&format!("<cp:keywords>{}</cp:keywords>", pdf_keyword(m)));
    }
    if let Some(t) = text(&opts.title) {
        extra.push_str(&format!("<dc:title>{t}</dc:title>"));
    }
    if let Some(a) = text(&opts.author) {
        // docx-rs writes dc:creator "unknown": replaced, not doubled.
        if let (Some(a0), Some(a1)) = (core.find("<dc:creator>"), core.find("</dc:creator>")) {
            if a0 < a1 {
                core.replace_range(a0..a1 + "</dc:creator>".len(), "");
            }
        }
        extra.push_str(&format!("<dc:creator>{a}</dc:creator>"));
    }
    const END: &str = "</cp:coreProperties>";
    if !extra.is_empty() {
        match core.rfind(END) {
            Some(at) => core.insert_str(at, &extra),
            None => {
                core = format!(
                    r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/">{extra}{END}"#
                )
            }
        }
    }
    if !core.is_empty() {
        zout.start_file(CORE, zip::write::SimpleFileOptions::default())?;
        zout.write_all(core.as_bytes())
            .map_err(|e| PdfError::Docx(zip::result::ZipError::Io(e)))?;
    }
    Ok(zout.finish()?.into_inner())
}

/// The keyword that marks a PDF as ours: `baocao=<mark>`. `=` because
/// LibreOffice splits a .docx's keywords at spaces, commas, semicolons and
/// colons and would make `baocao:bao-cao` two keywords.
pub fn pdf_keyword(m: Mark) -> String {
    format!("{}={}", crate::mark::PROPERTY, m.as_str())
}

fn xml_escape(s: &str) -> String {
    s.chars()
        .filter(|c| !c.is_control())
        .fold(String::with_capacity(s.len()), |mut o, c| {
            match c {
                '&' => o.push_str("&amp;"),
                '<' => o.push_str("&lt;"),
                '>' => o.push_str("&gt;"),
                '"' => o.push_str("&quot;"),
                c => o.push(c),
            }
            o
        })
}

/// How a child ended: `status` is `None` when it was stopped at the time limit.
struct Finished {
    status: Option<std::process::ExitStatus>,
    stdout: Vec<u8>,
    stderr: Vec<u8>,
}

impl Finished {
    fn output(&self) -> String {
        let mut s = String::from_utf8_lossy(&self.stderr).into_owned();
        let out = String::from_utf8_lossy(&self.stdout);
        if !out.trim().is_empty() {
            if !s.is_empty() {
                s.push('\n');
            }
            s.push_str(&out);
        }
        s
    }
}

/// Runs `cmd` (stdout and stderr piped) for at most `timeout`, keeping
/// [`OUTPUT_CAP`] bytes of each. At the limit the child and every process
/// it started are killed ([`kill_tree`]). Only the start can fail.
fn run_bounded(mut cmd: Command, timeout: Duration) -> std::io::Result<Finished> {
    // Its own process group, so a timeout kills what it started too (the
    // `soffice` script starts `oosplash`, which starts `soffice.bin`). On
    // Windows `taskkill /T` finds the tree by parent process.
    #[cfg(unix)]
    {
        use std::os::unix::process::CommandExt;
        cmd.process_group(0);
    }
    let mut child = cmd.spawn()?;
    let out = child.stdout.take().map(drain);
    let err = child.stderr.take().map(drain);
    let started = Instant::now();
    let status = loop {
        match child.try_wait() {
            Ok(Some(s)) => break Some(s),
            Ok(None) if started.elapsed() >= timeout => {
                kill_tree(&mut child);
                break None;
            }
            Ok(None) => std::thread::sleep(Duration::from_millis(50)),
            Err(_) => {
                kill_tree(&mut child);
                break None;
            }
        }
    };
    // A grandchild still holding a pipe must not hold us: its output is
    // awaited briefly, then left.
    let collect =
        |rx: Option<std::sync::mpsc::Receiver<Vec<u8>>>| rx.and_then(|rx| rx.recv_timeout(Duration::from_secs(5)).ok()).unwrap_or_default();
    Ok(Finished {
        status,
        stdout: collect(out),
        stderr: collect(err),
    })
}

/// Reads a pipe to its end on a thread, keeping the first [`OUTPUT_CAP`]
/// bytes; the result arrives on the channel.
fn drain(mut r: impl Read + Send + 'static) -> std::sync::mpsc::Receiver<Vec<u8>> {
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let mut kept = Vec::new();
        let mut buf = [0u8; 8192];
        loop {
            match r.read(&mut buf) {
                Ok(0) | Err(_) => break,
                Ok(n) => {
                    let room = OUTPUT_CAP.saturating_sub(kept.len());
                    kept.extend_from_slice(&buf[..n.min(room)]);
                }
            }
        }
        let _ = tx.send(kept);
    });
    rx
}

/// Kills `child` and the processes it started.
fn kill_tree(child: &mut Child) {
    let pid = child.id().to_string();
    let quiet = |mut c: Command| {
        let _ = c.stdin(Stdio::null()).stdout(Stdio::null()).stderr(Stdio::null()).status();
    };
    if cfg!(windows) {
        let mut c = Command::new("taskkill");
        c.args(["/T", "/F", "/PID", &pid]);
        quiet(c);
    } else {
        // The whole process group made in run_bounded (its id is the child's).
        let mut c = Command::new("kill");
        c.args(["-KILL", "--", &format!("-{pid}")]);
        quiet(c);
    }
    let _ = child.kill();
    let _ = child.wait();
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn profile_urls_are_file_urls_libreoffice_reads() {
        assert_eq!(
            url_of_path_text(b"/tmp/baocao-pdf-x/profile", false),
            "file:///tmp/baocao-pdf-x/profile"
        );
        assert_eq!(
            url_of_path_text("/home/ngọc anh/tmp".as_bytes(), false),
            "file:///home/ng%E1%BB%8Dc%20anh/tmp"
        );
        // A Vietnamese user name on Windows, with a space.
        assert_eq!(
            url_of_path_text(r"C:\Users\Nguyễn Văn A\AppData\Local\Temp\baocao-pdf-1\profile".as_bytes(), true),
            "file:///C:/Users/Nguy%E1%BB%85n%20V%C4%83n%20A/AppData/Local/Temp/baocao-pdf-1/profile"
        );
        assert_eq!(url_of_path_text(br"\\?\D:\T\p", true), "file:///D:/T/p");
        assert_eq!(url_of_path_text(br"\\server\share\p q", true), "file://server/share/p%20q");
        assert_eq!(url_of_path_text(br"\\?\UNC\server\share\p", true), "file://server/share/p");
        // Characters with a meaning in URLs are encoded, not passed.
        assert_eq!(url_of_path_text(b"/a#b%c?d", false), "file:///a%23b%25c%3Fd");
        // A backslash is a file name character on Unix.
        assert_eq!(url_of_path_text(br"/a\b", false), "file:///a%5Cb");
    }

    #[test]
    fn the_timeout_is_whole_seconds_or_the_default() {
        assert_eq!(parse_timeout(None).unwrap(), Duration::from_secs(120));
        assert_eq!(parse_timeout(Some(" ")).unwrap(), DEFAULT_TIMEOUT);
        assert_eq!(parse_timeout(Some("300")).unwrap(), Duration::from_secs(300));
        for bad in ["0", "3601", "2m", "-5", "1.5"] {
            let e = parse_timeout(Some(bad)).unwrap_err();
            assert!(e.message(Lang::Vi).contains("phải là số giây"), "{bad}: {}", e.message(Lang::Vi));
        }
    }

    #[test]
    fn pdfa_identification_is_read_from_the_xmp() {
        let el = b"%PDF-1.6 <pdfaid:part>2</pdfaid:part>\n<pdfaid:conformance>B</pdfaid:conformance>";
        assert!(says_pdfa_2b(el));
        assert!(says_pdfa_2b(br#"<rdf:Description pdfaid:part="2" pdfaid:conformance="B"/>"#));
        assert!(!says_pdfa_2b(
            b"<pdfaid:part>1</pdfaid:part><pdfaid:conformance>B</pdfaid:conformance>"
        ));
        assert!(!says_pdfa_2b(
            b"<pdfaid:part>2</pdfaid:part><pdfaid:conformance>U</pdfaid:conformance>"
        ));
        assert!(!says_pdfa_2b(b"%PDF-1.6 plain"));
    }

    #[test]
    fn the_copy_for_libreoffice_carries_the_mark_and_title_and_nothing_else_changes() {
        let doc = crate::render::docx::render(&crate::example::kim_son_2018(), &Default::default()).unwrap();
        let opts = PdfOptions {
            mark: Some(Mark::Report),
            title: Some("Đánh giá <kết quả> & phương hướng".into()),
            author: Some("TTHTCĐ PHƯỜNG KIM SƠN".into()),
            ..PdfOptions::default()
        };
        let marked = with_metadata(&doc, &opts).unwrap();
        let mut a = zip::ZipArchive::new(std::io::Cursor::new(&doc)).unwrap();
        let mut b = zip::ZipArchive::new(std::io::Cursor::new(&marked)).unwrap();
        assert_eq!(a.len(), b.len());
        for i in 0..a.len() {
            let name = a.by_index(i).unwrap().name().unwrap().to_string();
            let read = |z: &mut zip::ZipArchive<std::io::Cursor<&Vec<u8>>>| {
                let mut s = String::new();
                z.by_name(&name).unwrap().read_to_string(&mut s).unwrap();
                s
            };
            let (x, y) = (read(&mut a), read(&mut b));
            if name == "docProps/core.xml" {
                assert_eq!(y.matches("<cp:keywords>baocao=bao-cao</cp:keywords>").count(), 1, "{y}");
                assert!(
                    y.contains("<dc:title>Đánh giá &lt;kết quả&gt; &amp; phương hướng</dc:title>"),
                    "{y}"
                );
                assert!(y.ends_with("</cp:coreProperties>"), "{y}");
                assert!(
                    !x.contains("keywords") && !x.contains("dc:title"),
                    "the renderer writes neither: {x}"
                );
                assert!(x.contains("<dc:creator>unknown</dc:creator>"), "{x}");
                assert_eq!(y.matches("<dc:creator>").count(), 1, "{y}");
                assert!(y.contains("<dc:creator>TTHTCĐ PHƯỜNG KIM SƠN</dc:creator>"), "{y}");
            } else {
                assert_eq!(x, y, "{name}");
            }
        }
    }

    #[test]
    fn a_missing_program_is_a_start_error_not_a_panic() {
        let dir = tempfile::tempdir().unwrap();
        let doc = crate::render::docx::render(&crate::example::kim_son_2018(), &Default::default()).unwrap();
        let e = convert(&dir.path().join("no-soffice"), &doc, &PdfOptions::default()).unwrap_err();
        assert!(matches!(e, PdfError::Start { .. }), "{e}");
        assert!(
            e.message(Lang::Vi).contains("không chạy được LibreOffice"),
            "{}",
            e.message(Lang::Vi)
        );
    }
}
