//! calamine → [`RawWorkbook`]: every non-empty cell of every sheet, with its
//! position and the little style information that changes a value's meaning
//! (a percent number format; a TCVN3 capitals font). Resource limits are
//! enforced here, before and while inflating, so a hostile file ends in a
//! [`FileError`] instead of an exhausted machine.

use std::io::{Cursor, Read, Seek};
use std::sync::Arc;

use calamine::{Data, DataRef, Reader, Sheets, Xlsx};

use super::{FileError, Limits};

/// A cell's value as the file holds it, before normalisation.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Text(String),
    Number(f64),
    Bool(bool),
    /// An Excel date serial (the cell had a date format).
    Date(f64),
    /// A date or time in ISO 8601 text (OpenDocument).
    DateIso(String),
    /// `#DIV/0!` and the like.
    Error(String),
}

/// A non-empty cell.
#[derive(Debug, Clone, PartialEq)]
pub struct RawCell {
    pub row: u32,
    pub col: u32,
    pub value: Value,
    /// The cell's number format is a percentage (xlsx only): its number is a fraction.
    pub percent_format: bool,
    /// The cell's font is a TCVN3 capitals font (.VnTimeH, .VnArialH, …).
    pub caps_font: bool,
}

/// One sheet: its non-empty cells in (row, col) order.
#[derive(Debug, Clone)]
pub struct RawSheet {
    pub name: Arc<str>,
    pub cells: Vec<RawCell>,
}

impl RawSheet {
    /// The cell at (row, col), if not empty.
    pub fn get(&self, row: u32, col: u32) -> Option<&RawCell> {
        self.cells
            .binary_search_by(|c| (c.row, c.col).cmp(&(row, col)))
            .ok()
            .map(|i| &self.cells[i])
    }

    /// The cells of one row, in column order.
    pub fn row(&self, row: u32) -> &[RawCell] {
        let start = self.cells.partition_point(|c| c.row < row);
        let end = self.cells.partition_point(|c| c.row <= row);
        &self.cells[start..end]
    }

    /// Distinct row indices that hold something, in order.
    pub fn row_indices(&self) -> Vec<u32> {
        let mut v: Vec<u32> = self.cells.iter().map(|c| c.row).collect();
        v.dedup();
        v
    }

    /// The text of a cell, if it is text.
    pub fn text(&self, row: u32, col: u32) -> Option<&str> {
        match self.get(row, col).map(|c| &c.value) {
            Some(Value::Text(s)) => Some(s),
            _ => None,
        }
    }
}

/// What kind of file the bytes are.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Xlsx,
    Xls,
    Ods,
}

/// Every sheet of a workbook.
#[derive(Debug, Clone)]
pub struct RawWorkbook {
    pub format: Format,
    pub sheets: Vec<RawSheet>,
}

const OLE_MAGIC: [u8; 8] = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];

fn utf16le(s: &str) -> Vec<u8> {
    s.encode_utf16().flat_map(|u| u.to_le_bytes()).collect()
}

fn contains(hay: &[u8], needle: &[u8]) -> bool {
    !needle.is_empty() && hay.windows(needle.len()).any(|w| w == needle)
}

/// Looks at the bytes (not the name) to tell the format, and checks the
/// archive's declared sizes against the limits before anything is inflated.
fn sniff(bytes: &[u8], limits: &Limits) -> Result<Format, FileError> {
    if bytes.is_empty() {
        return Err(FileError::Empty);
    }
    if bytes.starts_with(&OLE_MAGIC) {
        // An encrypted .xlsx is an OLE container holding "EncryptionInfo".
        if contains(bytes, &utf16le("EncryptionInfo")) {
            return Err(FileError::Encrypted);
        }
        return Ok(Format::Xls);
    }
    if !bytes.starts_with(b"PK") {
        return Err(FileError::NotSpreadsheet(
            "không phải tệp nén Office (có thể là tệp văn bản hoặc tệp bị hỏng)".into(),
        ));
    }
    let mut zip =
        zip::ZipArchive::new(Cursor::new(bytes)).map_err(|e| FileError::NotSpreadsheet(format!("tệp nén hỏng hoặc bị cắt cụt: {e}")))?;
    let mut total: u64 = 0;
    let (mut has_workbook, mut has_ods, mut has_docx) = (false, false, false);
    for i in 0..zip.len() {
        let f = zip
            .by_index_raw(i)
            .map_err(|e| FileError::NotSpreadsheet(format!("tệp nén hỏng: {e}")))?;
        let size = f.size();
        let name = f.name().map(|n| n.into_owned()).unwrap_or_default();
        if size > limits.part_bytes {
            return Err(FileError::TooLarge(format!(
                "phần {name} giải nén ra {size} byte (giới hạn {})",
                limits.part_bytes
            )));
        }
        // A compression ratio no spreadsheet reaches is the mark of a zip bomb.
        if size > (1 << 20) && f.compressed_size().saturating_mul(1000) < size {
            return Err(FileError::TooLarge(format!(
                "phần {name} nén với tỷ lệ bất thường ({size} byte từ {} byte)",
                f.compressed_size()
            )));
        }
        total = total.saturating_add(size);
        match name.as_str() {
            "xl/workbook.xml" | "xl/workbook.bin" => has_workbook = true,
            "content.xml" => has_ods = true,
            "word/document.xml" => has_docx = true,
            _ => {}
        }
    }
    if total > limits.total_bytes {
        return Err(FileError::TooLarge(format!(
            "giải nén ra {total} byte (giới hạn {})",
            limits.total_bytes
        )));
    }
    if has_workbook {
        Ok(Format::Xlsx)
    } else if has_ods {
        Ok(Format::Ods)
    } else if has_docx {
        Err(FileError::NotSpreadsheet(
            "đây là tệp Word (.docx) đổi đuôi, không phải bảng tính".into(),
        ))
    } else {
        Err(FileError::NotSpreadsheet("tệp nén không chứa bảng tính".into()))
    }
}

fn map_calamine(e: calamine::Error) -> FileError {
    let text = e.to_string();
    let lower = text.to_lowercase();
    if lower.contains("password") || lower.contains("encrypt") {
        FileError::Encrypted
    } else {
        FileError::NotSpreadsheet(text)
    }
}

fn too_many(what: &str, n: u64, limit: u32) -> FileError {
    FileError::TooLarge(format!("{what} {n} vượt giới hạn {limit}"))
}

/// Sheets whose names say they are instructions are not data.
fn skip_sheet(name: &str) -> bool {
    let k = crate::normalize::text::fold(name);
    k == "huong dan" || k == "instructions"
}

/// Opens the bytes and reads every sheet into a [`RawWorkbook`].
pub fn open(bytes: &[u8], limits: &Limits) -> Result<RawWorkbook, FileError> {
    let format = sniff(bytes, limits)?;
    let sheets = match format {
        Format::Xlsx => {
            let mut wb: Xlsx<_> = Xlsx::new(Cursor::new(bytes)).map_err(|e| map_calamine(e.into()))?;
            read_xlsx(&mut wb, limits)?
        }
        Format::Xls | Format::Ods => {
            match format {
                Format::Xls => super::guard::xls(bytes, limits)?,
                _ => super::guard::ods(bytes, limits)?,
            }
            // calamine parses every record of a .xls when it opens it and
            // indexes some without checking their length; a damaged file
            // must end in a diagnostic, not take a whole consolidation down.
            let read = contained(|| {
                let mut wb = calamine::open_workbook_auto_from_rs(Cursor::new(bytes)).map_err(map_calamine)?;
                read_generic(&mut wb, limits)
            });
            match read {
                Ok(r) => r?,
                Err(_) => return Err(FileError::NotSpreadsheet("có bản ghi bên trong tệp bị hỏng".into())),
            }
        }
    };
    if sheets.iter().all(|s| s.cells.is_empty()) {
        return Err(FileError::Empty);
    }
    Ok(RawWorkbook { format, sheets })
}

thread_local! {
    static CONTAINED: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// Runs `f`, turning a panic into `Err`: for calamine's `.xls`/`.ods`
/// readers, which index some records without checking their length.
fn contained<T>(f: impl FnOnce() -> T) -> std::thread::Result<T> {
    CONTAINED.with(|c| c.set(true));
    let r = std::panic::catch_unwind(std::panic::AssertUnwindSafe(f));
    CONTAINED.with(|c| c.set(false));
    r
}

/// Whether this thread is inside a read whose panics are caught and turned
/// into a diagnostic: a panic hook may then stay silent (the program's own
/// bugs still print).
pub fn panic_is_contained() -> bool {
    CONTAINED.with(|c| c.get())
}

/// Style facts per style id, computed once per workbook.
#[derive(Clone, Copy, Default)]
struct StyleFlags {
    percent: bool,
    caps_font: bool,
}

fn style_flags(styles: &[calamine::Style]) -> Vec<StyleFlags> {
    styles
        .iter()
        .map(|s| {
            let percent = s
                .number_format
                .as_ref()
                .map(|f| {
                    // A '%' outside quotes and escapes makes Excel multiply by 100.
                    let mut in_quotes = false;
                    let mut prev = ' ';
                    f.format_code.chars().any(|ch| {
                        if ch == '"' {
                            in_quotes = !in_quotes;
                        }
                        let hit = ch == '%' && !in_quotes && prev != '\\';
                        prev = ch;
                        hit
                    })
                })
                .unwrap_or(false);
            let caps_font = s
                .font
                .as_ref()
                .and_then(|f| f.name.as_deref())
                .map(|n| {
                    let n = n.trim().to_ascii_lowercase();
                    // TCVN3 capitals fonts: .VnTimeH, .VnArialH, .VnAvantH, …
                    n.starts_with(".vn") && n.ends_with('h')
                })
                .unwrap_or(false);
            StyleFlags { percent, caps_font }
        })
        .collect()
}

fn value_of(d: DataRef<'_>) -> Option<Value> {
    Some(match d {
        DataRef::Empty => return None,
        DataRef::String(s) if s.is_empty() => return None,
        DataRef::SharedString("") => return None,
        DataRef::String(s) => Value::Text(s),
        DataRef::SharedString(s) => Value::Text(s.to_string()),
        DataRef::Float(f) => Value::Number(f),
        DataRef::Int(i) => Value::Number(i as f64),
        DataRef::Bool(b) => Value::Bool(b),
        DataRef::DateTime(d) => Value::Date(d.as_f64()),
        DataRef::DateTimeIso(s) | DataRef::DurationIso(s) => Value::DateIso(s),
        DataRef::Error(e) => Value::Error(e.to_string()),
    })
}

fn value_of_data(d: &Data) -> Option<Value> {
    Some(match d {
        Data::Empty => return None,
        Data::String(s) if s.is_empty() => return None,
        Data::String(s) => Value::Text(s.clone()),
        Data::Float(f) => Value::Number(*f),
        Data::Int(i) => Value::Number(*i as f64),
        Data::Bool(b) => Value::Bool(*b),
        Data::DateTime(d) => Value::Date(d.as_f64()),
        Data::DateTimeIso(s) | Data::DurationIso(s) => Value::DateIso(s.clone()),
        Data::Error(e) => Value::Error(e.to_string()),
    })
}

fn check_cell(row: u32, col: u32, limits: &Limits) -> Result<(), FileError> {
    if row >= limits.rows {
        return Err(too_many("số dòng", row as u64 + 1, limits.rows));
    }
    if col >= limits.cols {
        return Err(too_many("số cột", col as u64 + 1, limits.cols));
    }
    Ok(())
}

/// xlsx: stream cells with their style ids, so nothing dense is allocated and
/// the limits stop a huge sheet while it is being read.
fn read_xlsx<RS: Read + Seek>(wb: &mut Xlsx<RS>, limits: &Limits) -> Result<Vec<RawSheet>, FileError> {
    let names: Vec<String> = wb.sheet_names().to_vec();
    let mut out = Vec::with_capacity(names.len());
    let mut flags: Option<Vec<StyleFlags>> = None;
    for name in names {
        if skip_sheet(&name) {
            continue;
        }
        let mut reader = wb
            .worksheet_cells_reader(&name)
            .map_err(|e| FileError::NotSpreadsheet(format!("trang \"{name}\" hỏng: {e}")))?;
        let flags = flags.get_or_insert_with(|| style_flags(reader.styles()));
        let mut cells = Vec::new();
        loop {
            let next = reader
                .next_cell_with_style_id()
                .map_err(|e| FileError::NotSpreadsheet(format!("trang \"{name}\" hỏng: {e}")))?;
            let Some((cell, style)) = next else { break };
            let (row, col) = cell.get_position();
            let Some(value) = value_of(cell.get_value().clone()) else {
                continue;
            };
            check_cell(row, col, limits)?;
            if cells.len() as u64 >= limits.cells {
                return Err(FileError::TooLarge(format!(
                    "trang \"{name}\" có hơn {} ô có dữ liệu",
                    limits.cells
                )));
            }
            let f = flags.get(style).copied().unwrap_or_default();
            cells.push(RawCell {
                row,
                col,
                value,
                percent_format: f.percent,
                caps_font: f.caps_font,
            });
        }
        cells.sort_by_key(|c| (c.row, c.col));
        out.push(RawSheet {
            name: Arc::from(name.as_str()),
            cells,
        });
    }
    Ok(out)
}

/// xls and ods: calamine gives a dense range; no styles are exposed.
fn read_generic<RS: Read + Seek>(wb: &mut Sheets<RS>, limits: &Limits) -> Result<Vec<RawSheet>, FileError> {
    let names: Vec<String> = wb.sheet_names().to_vec();
    let mut out = Vec::with_capacity(names.len());
    for name in names {
        if skip_sheet(&name) {
            continue;
        }
        let range = wb
            .worksheet_range(&name)
            .map_err(|e| FileError::NotSpreadsheet(format!("trang \"{name}\" hỏng: {e}")))?;
        let mut cells = Vec::new();
        if let (Some((r0, c0)), Some((r1, c1))) = (range.start(), range.end()) {
            check_cell(r1, c1, limits)?;
            let _ = (r0, c0);
        }
        for (r, c, d) in range.used_cells() {
            let Some(value) = value_of_data(d) else { continue };
            let (row, col) = match range.start() {
                Some((r0, c0)) => (r0 + r as u32, c0 + c as u32),
                None => continue,
            };
            cells.push(RawCell {
                row,
                col,
                value,
                percent_format: false,
                caps_font: false,
            });
        }
        cells.sort_by_key(|c| (c.row, c.col));
        out.push(RawSheet {
            name: Arc::from(name.as_str()),
            cells,
        });
    }
    Ok(out)
}
