//! Readers: workbook bytes → located raw tables → the model.

pub mod account;
pub mod build;
mod evidence;
mod formula;
mod guard;
pub mod locate;
mod package;
pub mod text;
pub mod workbook;
mod xlsx_scan;

use std::path::Path;

use crate::diag::Diagnostic;
use crate::model::Report;

/// Bounds on what one untrusted input may cost.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Size of the file on disk.
    pub file_bytes: u64,
    /// Inflated size of any one part of the archive (a sheet's XML).
    pub part_bytes: u64,
    /// Inflated size of all parts together.
    pub total_bytes: u64,
    /// Rows read from one sheet.
    pub rows: u32,
    /// Columns read from one sheet.
    pub cols: u32,
    /// Cells read from one sheet (.xlsx), or cells in the rectangle a sheet
    /// spans (.xls, .ods: calamine allocates every one of them).
    pub cells: u64,
    /// Bytes of text the reader holds for one workbook, every copy counted:
    /// a shared string once, plus each cell that shows it (the readers copy
    /// it into each), an `.ods` cell once per column and row it repeats to.
    pub text_bytes: u64,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            file_bytes: 50 << 20,
            part_bytes: 100 << 20,
            total_bytes: 200 << 20,
            rows: 100_000,
            cols: 200,
            // 64 MB of calamine cells; a ward's sheets hold a few thousand.
            cells: 2_000_000,
            // A ward's workbook holds well under 1 MB of text; 32 MB keeps a
            // hostile one (one long text shown by thousands of cells) far
            // from exhausting the machine.
            text_bytes: 32 << 20,
        }
    }
}

impl Limits {
    /// No practical bound (`--no-limits`).
    pub fn unlimited() -> Limits {
        Limits {
            file_bytes: u64::MAX,
            part_bytes: u64::MAX,
            total_bytes: u64::MAX,
            rows: u32::MAX,
            cols: u32::MAX,
            cells: u64::MAX,
            text_bytes: u64::MAX,
        }
    }
}

/// A file that cannot be read as a workbook at all.
#[derive(Debug, Clone, thiserror::Error)]
pub enum FileError {
    /// The file could not be opened or read: the message says why in plain
    /// words, with the fix ([`crate::fs_error`]).
    #[error("{vi}")]
    Io { vi: String, en: String },
    /// A device, FIFO or socket: opening it could block forever or never end.
    #[error("không phải tệp thường")]
    NotRegular,
    /// A report or summary this program wrote ([`crate::mark`]), given where
    /// a unit's workbook is expected.
    #[error("tệp do baocao ghi, không phải sổ số liệu")]
    Ours,
    #[error("tệp rỗng")]
    Empty,
    #[error("không phải bảng tính Excel/ODS: {0}")]
    NotSpreadsheet(String),
    #[error("tệp có mật khẩu")]
    Encrypted,
    #[error("tệp vượt giới hạn an toàn: {0}")]
    TooLarge(String),
    #[error("các ô chữ của tệp vượt {limit} byte")]
    TextTooLarge { limit: u64 },
}

impl FileError {
    /// The diagnostic the user sees.
    pub fn diagnostic(&self) -> Diagnostic {
        let (code, vi, en) = match self {
            FileError::Io { vi, en } => (
                "E-FILE-UNREADABLE",
                format!("Không mở được tệp: {vi}."),
                format!("Cannot open the file: {en}."),
            ),
            FileError::Ours => (
                "E-FILE-UNREADABLE",
                "Tệp này là báo cáo hoặc bảng tổng hợp do baocao ghi, không phải sổ số liệu của đơn vị: chọn sổ Excel đã nhập số liệu."
                    .to_string(),
                "This file is a report or summary written by baocao, not a unit's workbook: choose the workbook with the figures."
                    .to_string(),
            ),
            FileError::NotRegular => (
                "E-FILE-UNREADABLE",
                "Đây không phải một tệp thường (thiết bị, đường ống…): chọn tệp sổ .xlsx, .xls hoặc .ods.".to_string(),
                "This is not a regular file (a device, a pipe…): choose a .xlsx, .xls or .ods workbook.".to_string(),
            ),
            FileError::Empty => (
                "E-FILE-EMPTY",
                "Tệp rỗng hoặc không có trang tính nào có dữ liệu.".to_string(),
                "The file is empty or has no sheet with data.".to_string(),
            ),
            FileError::NotSpreadsheet(e) => (
                "E-FILE-UNREADABLE",
                format!(
                    "Tệp không phải bảng tính .xlsx, .xlsm, .xls hay .ods, hoặc đã hỏng ({e}). Hãy mở bằng Excel và lưu lại dạng .xlsx."
                ),
                format!("Not a readable .xlsx, .xlsm, .xls or .ods workbook, or damaged ({e}). Open it in Excel and save it as .xlsx."),
            ),
            FileError::Encrypted => (
                "E-FILE-ENCRYPTED",
                "Tệp được bảo vệ bằng mật khẩu; hãy gỡ mật khẩu rồi lưu lại.".to_string(),
                "The workbook is password-protected; remove the password and save it again.".to_string(),
            ),
            FileError::TooLarge(e) => (
                "E-FILE-TOO-LARGE",
                format!("Tệp vượt giới hạn an toàn: {e}. Nếu tệp đúng là lớn như vậy, chạy lại với --no-limits."),
                format!("The file exceeds a safety limit: {e}. If it really is that large, run again with --no-limits."),
            ),
            FileError::TextTooLarge { limit } => (
                "E-FILE-TOO-LARGE",
                format!(
                    "Các ô chữ của tệp cộng lại hơn {} MB (mỗi ô hiện một chuỗi được tính riêng) — sổ báo cáo của một đơn vị không lớn như vậy; tệp có thể hỏng hoặc cố ý làm hại. Nếu tệp đáng tin và đúng là lớn như vậy, chạy lại với --no-limits.",
                    limit >> 20
                ),
                format!(
                    "The file's text cells add up to more than {} MB (each cell showing a text counted on its own) — a ward's workbook is never that large; the file may be damaged or crafted. If you trust the file and it really is that large, run again with --no-limits.",
                    limit >> 20
                ),
            ),
        };
        Diagnostic::new(code, vi, en)
    }
}

/// Reads a file from disk. Only regular files are opened (a FIFO would block
/// `open` forever, `/dev/zero` never ends), and the limit counts the bytes
/// actually read, not the size the file system claims.
pub fn load(path: &Path, limits: &Limits) -> Result<Vec<u8>, FileError> {
    use std::io::Read;
    let io = |e: std::io::Error| {
        let (vi, en) = crate::fs_error::explain(&e, path, crate::fs_error::Action::Read);
        FileError::Io { vi, en }
    };
    let meta = std::fs::metadata(path).map_err(io)?;
    if meta.is_dir() {
        let p = path.display();
        return Err(FileError::Io {
            vi: format!("{p} là một thư mục: chọn một tệp sổ; để tổng hợp mọi sổ trong thư mục, dùng lệnh tonghop"),
            en: format!("{p} is a folder: choose one workbook; to consolidate every workbook in it, use tonghop"),
        });
    }
    if !meta.is_file() {
        return Err(FileError::NotRegular);
    }
    let too_large = |n: u64| FileError::TooLarge(format!("{n} byte > {} byte", limits.file_bytes));
    if meta.len() > limits.file_bytes {
        return Err(too_large(meta.len()));
    }
    let file = std::fs::File::open(path).map_err(io)?;
    let mut bytes = Vec::with_capacity(meta.len() as usize);
    file.take(limits.file_bytes.saturating_add(1)).read_to_end(&mut bytes).map_err(io)?;
    if bytes.len() as u64 > limits.file_bytes {
        return Err(too_large(bytes.len() as u64));
    }
    Ok(bytes)
}

/// Reads a workbook from its bytes into the model, with the diagnostics found
/// while reading (cell-level problems, notes on conversions).
pub fn read_bytes(bytes: &[u8], name: &str, limits: &Limits) -> Result<(Report, Vec<Diagnostic>), FileError> {
    let _ = name;
    let mut wb = workbook::open(bytes, limits)?;
    let mut diags = std::mem::take(&mut wb.diags);
    diags.extend(text::normalize(&mut wb));
    let (report, more) = build::build(&wb);
    diags.extend(more);
    Ok((report, diags))
}
