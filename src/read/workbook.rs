//! calamine → [`RawWorkbook`]: every non-empty cell of every sheet, with its
//! position and the little style information that changes a value's meaning
//! (a percent number format; the font, which says whether text is TCVN3, VNI
//! or Unicode), in every format. Resource limits are enforced here, before
//! and while inflating, so a hostile file ends in a [`FileError`] instead of
//! an exhausted machine. Cell data calamine would read wrongly (broken
//! values, references past the sheet) is an error at its cell quoting what
//! is stored; formulas stored without a result are computed when simple.

use std::io::{Cursor, Read, Seek};
use std::sync::Arc;

use std::collections::HashMap;

use calamine::{Data, DataRef, Reader, Sheets, Xlsx};

use super::guard::{Broken, Budget, Guarded};
use super::xlsx_scan::SheetScan;
use super::{FileError, Limits};
use crate::diag::Diagnostic;
use crate::normalize::legacy::Font;
use crate::source::Cell;

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
    /// The cell's number format is a percentage: its number is a fraction.
    pub percent_format: bool,
    /// What the cell's font says about its text's encoding.
    pub font: Font,
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
    /// What reading the cells found: broken cells, formulas computed.
    pub diags: Vec<Diagnostic>,
}

pub(crate) const OLE_MAGIC: [u8; 8] = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];

fn utf16le(s: &str) -> Vec<u8> {
    s.encode_utf16().flat_map(|u| u.to_le_bytes()).collect()
}

fn contains(hay: &[u8], needle: &[u8]) -> bool {
    !needle.is_empty() && hay.windows(needle.len()).any(|w| w == needle)
}

/// An encrypted Office Open XML package (.xlsx, .docx) is an OLE container
/// holding an "EncryptionInfo" stream.
pub(crate) fn ole_encrypted(bytes: &[u8]) -> bool {
    bytes.starts_with(&OLE_MAGIC) && contains(bytes, &utf16le("EncryptionInfo"))
}

/// Looks at the bytes (not the name) to tell the format, and checks the
/// archive's declared sizes against the limits before anything is inflated.
fn sniff(bytes: &[u8], limits: &Limits) -> Result<Format, FileError> {
    if bytes.is_empty() {
        return Err(FileError::Empty);
    }
    if bytes.starts_with(&OLE_MAGIC) {
        if ole_encrypted(bytes) {
            return Err(FileError::Encrypted);
        }
        return Ok(Format::Xls);
    }
    if !bytes.starts_with(b"PK") {
        return Err(FileError::NotSpreadsheet(
            "không phải tệp nén Office (có thể là tệp văn bản hoặc tệp bị hỏng)".into(),
        ));
    }
    let names = archive_entries(bytes, limits)?;
    let has = |n: &str| names.iter().any(|m| m == n);
    let has_workbook = has("xl/workbook.xml") || has("xl/workbook.bin");
    let (has_ods, has_docx) = (has("content.xml"), has("word/document.xml"));
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

/// More entries than any Office document holds (a ward's workbook has a few
/// dozen, a Word outline with pictures a few hundred): the zip reader keeps
/// every entry of the central directory in memory.
pub const MAX_ENTRIES: usize = 10_000;

/// The names of a zip archive's entries, after checking what it declares
/// against the limits before anything is inflated: the number of entries,
/// each part's and the total inflated size, and a compression ratio no
/// Office document reaches (the mark of a zip bomb). Shared by every reader
/// of an Office package (the workbook here, the Word outline of
/// [`crate::render::outline`]), so that they are bounded alike.
pub fn archive_entries(bytes: &[u8], limits: &Limits) -> Result<Vec<String>, FileError> {
    let mut zip =
        zip::ZipArchive::new(Cursor::new(bytes)).map_err(|e| FileError::NotSpreadsheet(format!("tệp nén hỏng hoặc bị cắt cụt: {e}")))?;
    if zip.len() > MAX_ENTRIES {
        return Err(FileError::TooLarge(format!(
            "tệp nén có {} phần (giới hạn {MAX_ENTRIES})",
            zip.len()
        )));
    }
    let mut total: u64 = 0;
    let mut names = Vec::with_capacity(zip.len());
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
        // A compression ratio no Office document reaches is the mark of a zip bomb.
        if size > (1 << 20) && f.compressed_size().saturating_mul(1000) < size {
            return Err(FileError::TooLarge(format!(
                "phần {name} nén với tỷ lệ bất thường ({size} byte từ {} byte)",
                f.compressed_size()
            )));
        }
        total = total.saturating_add(size);
        names.push(name);
    }
    if total > limits.total_bytes {
        return Err(FileError::TooLarge(format!(
            "giải nén ra {total} byte (giới hạn {})",
            limits.total_bytes
        )));
    }
    Ok(names)
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
    let mut diags = Vec::new();
    let sheets = match format {
        Format::Xlsx => {
            let scope = super::xlsx_scan::Scope {
                skip: &skip_sheet,
                only: None,
                count_strings: false,
            };
            // Inflated once for both readers (see `package`), or the original.
            let packed = super::package::repack(bytes, limits, &scope);
            let bytes = packed.as_deref().unwrap_or(bytes);
            let scans = super::xlsx_scan::scan(bytes, limits, &scope)?;
            let mut wb: Xlsx<_> = Xlsx::new(Cursor::new(bytes)).map_err(|e| map_calamine(e.into()))?;
            read_xlsx(&mut wb, bytes, &scans, limits, &mut diags)?
        }
        Format::Xls | Format::Ods => {
            let guarded = match format {
                Format::Xls => super::guard::xls(bytes, limits)?,
                _ => super::guard::ods(bytes, limits)?,
            };
            // calamine parses every record of a .xls when it opens it and
            // indexes some without checking their length; a damaged file
            // must end in a diagnostic, not take a whole consolidation down.
            let read = contained(|| {
                let mut wb = calamine::open_workbook_auto_from_rs(Cursor::new(bytes)).map_err(map_calamine)?;
                read_generic(&mut wb, &guarded, limits, &mut diags)
            });
            match read {
                Ok(r) => r?,
                Err(_) => return Err(FileError::NotSpreadsheet("có bản ghi bên trong tệp bị hỏng".into())),
            }
        }
    };
    if sheets.iter().all(|s| s.cells.is_empty()) && !diags.iter().any(Diagnostic::is_error) {
        return Err(FileError::Empty);
    }
    Ok(RawWorkbook { format, sheets, diags })
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
    font: Font,
}

fn style_flags(styles: &[calamine::Style]) -> Vec<StyleFlags> {
    styles
        .iter()
        .map(|s| StyleFlags {
            percent: s
                .number_format
                .as_ref()
                .is_some_and(|f| crate::normalize::number::format_is_percent(&f.format_code)),
            font: s
                .font
                .as_ref()
                .and_then(|f| f.name.as_deref())
                .map(crate::normalize::legacy::font_of)
                .unwrap_or_default(),
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

/// A broken cell as an error at its cell, quoting what the file stores.
fn broken_diag(b: &Broken) -> Diagnostic {
    let mut d = Diagnostic::new(
        "E-CELL-BROKEN",
        format!(
            "Dữ liệu ô hỏng: giá trị lưu trong tệp là \"{}\" — {}. Hãy nhập lại ô này bằng Excel rồi lưu lại.",
            b.raw, b.why_vi
        ),
        format!(
            "Broken cell data: the file stores \"{}\" — {}. Type the cell again in Excel and save.",
            b.raw, b.why_en
        ),
    )
    .in_sheet(&b.sheet);
    d.cell = Some(Cell::new(b.row, b.col).to_string());
    d
}

/// A value calamine read that cannot be what the clerk typed: a number that
/// is not finite, a date serial no calendar has.
fn broken_value(sheet: &str, row: u32, col: u32, v: &Value) -> Option<Broken> {
    let (raw, vi, en) = match v {
        Value::Number(f) if !f.is_finite() => (
            format!("{f}"),
            "ô kiểu số nhưng giá trị không phải một số hữu hạn (quá lớn, NaN hoặc vô hạn)",
            "a number cell whose value is not a finite number (too large, NaN or infinite)",
        ),
        // 0 ≤ serial < 1 is a time of day, 60 Excel's 29/02/1900; beyond
        // 31/12/9999 or below 0 no date exists.
        Value::Date(f)
            if !f.is_finite() || *f < 0.0 || (*f >= 1.0 && f.floor() != 60.0 && crate::normalize::date::from_serial(*f).is_none()) =>
        {
            (
                format!("{f}"),
                "ô định dạng ngày nhưng số ngày lưu trong tệp không ứng với ngày nào có thật",
                "a date cell whose stored serial is no real date",
            )
        }
        _ => return None,
    };
    Some(Broken {
        sheet: sheet.to_string(),
        row,
        col,
        raw,
        why_vi: vi,
        why_en: en,
    })
}

/// The bytes of text a value makes the reader hold.
fn text_bytes(v: &Value) -> u64 {
    match v {
        Value::Text(s) | Value::DateIso(s) | Value::Error(s) => s.len() as u64,
        _ => 0,
    }
}

/// xlsx: stream cells with their style ids, so nothing dense is allocated and
/// the limits stop a huge sheet while it is being read.
fn read_xlsx<RS: Read + Seek>(
    wb: &mut Xlsx<RS>,
    bytes: &[u8],
    scans: &HashMap<String, SheetScan>,
    limits: &Limits,
    diags: &mut Vec<Diagnostic>,
) -> Result<Vec<RawSheet>, FileError> {
    let names: Vec<String> = wb.sheet_names().to_vec();
    let mut out = Vec::with_capacity(names.len());
    let mut flags: Option<Vec<StyleFlags>> = None;
    let mut budget = Budget::new(limits);
    let no_scan = SheetScan::default();
    for name in names {
        if skip_sheet(&name) {
            continue;
        }
        let mut rescan = None;
        let scan = scans.get(&name).unwrap_or(&no_scan);
        if !scan.bad_refs.is_empty() {
            // calamine would wrap these references onto other cells: the
            // sheet is not read, each reference is an error.
            for (r, v) in &scan.bad_refs {
                diags.push(
                    Diagnostic::new(
                        "E-CELL-BROKEN",
                        format!("Tham chiếu ô \"{r}\" (giá trị lưu: \"{v}\") nằm ngoài trang tính (A1 đến XFD1048576); tệp bị hỏng nên trang này không được đọc. Hãy mở tệp bằng Excel, kiểm tra và lưu lại."),
                        format!("Cell reference \"{r}\" (stored value: \"{v}\") is outside a sheet (A1 to XFD1048576); the file is damaged, so this sheet is not read. Open the file in Excel, check it and save it again."),
                    )
                    .in_sheet(&name),
                );
            }
            out.push(RawSheet {
                name: Arc::from(name.as_str()),
                cells: Vec::new(),
            });
            continue;
        }
        diags.extend(scan.broken.iter().map(broken_diag));
        let mut broken_at: Vec<(u32, u32)> = scan.broken.iter().map(|b| (b.row, b.col)).collect();
        broken_at.sort_unstable();
        let is_broken = |p: (u32, u32)| broken_at.binary_search(&p).is_ok();
        let mut reader = wb
            .worksheet_cells_reader(&name)
            .map_err(|e| FileError::NotSpreadsheet(format!("trang \"{name}\" hỏng: {e}")))?;
        let flags = flags.get_or_insert_with(|| style_flags(reader.styles()));
        let mut cells = Vec::new();
        // Styles of the formula cells that have no value.
        let mut uncached: Vec<((u32, u32), StyleFlags)> = Vec::new();
        loop {
            let next = match reader.next_cell_with_style_id() {
                Ok(n) => n,
                Err(e) => {
                    // A shared-string index past the table stops calamine; the
                    // scan, holding indexes to the table this time, names it.
                    let scope = super::xlsx_scan::Scope {
                        skip: &|_| false,
                        only: Some(&name),
                        count_strings: true,
                    };
                    let again = super::xlsx_scan::scan(bytes, limits, &scope)?.remove(&name).unwrap_or_default();
                    if again.broken.is_empty() {
                        return Err(FileError::NotSpreadsheet(format!("trang \"{name}\" hỏng: {e}")));
                    }
                    // What was read stays; the cells found now are reported.
                    let new: Vec<Broken> = again.broken.into_iter().filter(|b| !is_broken((b.row, b.col))).collect();
                    rescan = Some(new);
                    break;
                }
            };
            let Some((cell, style)) = next else { break };
            let (row, col) = cell.get_position();
            let f = flags.get(style).copied().unwrap_or_default();
            if is_broken((row, col)) {
                continue;
            }
            let Some(value) = value_of(cell.get_value().clone()) else {
                if scan.uncached.binary_search(&(row, col)).is_ok() {
                    uncached.push(((row, col), f));
                }
                continue;
            };
            check_cell(row, col, limits)?;
            if cells.len() as u64 >= limits.cells {
                return Err(FileError::TooLarge(format!(
                    "trang \"{name}\" có hơn {} ô có dữ liệu",
                    limits.cells
                )));
            }
            budget.add(text_bytes(&value))?;
            if let Some(b) = broken_value(&name, row, col, &value) {
                diags.push(broken_diag(&b));
                continue;
            }
            cells.push(RawCell {
                row,
                col,
                value,
                percent_format: f.percent,
                font: f.font,
            });
        }
        drop(reader);
        if let Some(found) = rescan {
            let mut at: Vec<(u32, u32)> = found.iter().map(|b| (b.row, b.col)).collect();
            at.sort_unstable();
            diags.extend(found.iter().map(broken_diag));
            cells.retain(|c| at.binary_search(&(c.row, c.col)).is_err());
        }
        cells.sort_by_key(|c| (c.row, c.col));
        duplicates(&name, &mut cells, diags);
        if !uncached.is_empty() {
            let formulas = formulas_at(wb, &name, &uncached)?;
            compute(&name, &mut cells, &uncached, &formulas, diags);
        }
        out.push(RawSheet {
            name: Arc::from(name.as_str()),
            cells,
        });
    }
    Ok(out)
}

/// Two cells stored at one position (a second `<c>` for a cell, or rows
/// without numbers that run into numbered ones): the file is damaged and
/// calamine would keep either. An error quoting both; the cell is not used.
fn duplicates(sheet: &str, cells: &mut Vec<RawCell>, diags: &mut Vec<Diagnostic>) {
    let mut i = 0;
    let mut keep = vec![true; cells.len()];
    while i + 1 < cells.len() {
        let (a, b) = (&cells[i], &cells[i + 1]);
        if (a.row, a.col) == (b.row, b.col) {
            let show = |v: &Value| match v {
                Value::Text(s) => s.chars().take(40).collect(),
                Value::Number(f) | Value::Date(f) => format!("{f}"),
                Value::Bool(b) => b.to_string(),
                Value::DateIso(s) | Value::Error(s) => s.clone(),
            };
            let mut d = Diagnostic::new(
                "E-CELL-BROKEN",
                format!(
                    "Tệp lưu hai giá trị cho cùng một ô (\"{}\" và \"{}\"); tệp bị hỏng nên ô này không được dùng. Hãy mở tệp bằng Excel, kiểm tra ô và lưu lại.",
                    show(&a.value),
                    show(&b.value)
                ),
                format!(
                    "The file stores two values for one cell (\"{}\" and \"{}\"); the file is damaged, so the cell is not used. Open the file in Excel, check the cell and save it again.",
                    show(&a.value),
                    show(&b.value)
                ),
            )
            .in_sheet(sheet);
            d.cell = Some(Cell::new(a.row, a.col).to_string());
            diags.push(d);
            let mut j = i;
            while j < cells.len() && (cells[j].row, cells[j].col) == (a.row, a.col) {
                keep[j] = false;
                j += 1;
            }
            i = j;
        } else {
            i += 1;
        }
    }
    let mut k = keep.into_iter();
    cells.retain(|_| k.next().unwrap_or(true));
}

/// The formula text of the given cells, from calamine's formula reader
/// (which expands shared formulas).
fn formulas_at<RS: Read + Seek>(
    wb: &mut Xlsx<RS>,
    name: &str,
    at: &[((u32, u32), StyleFlags)],
) -> Result<HashMap<(u32, u32), String>, FileError> {
    let mut want: Vec<(u32, u32)> = at.iter().map(|(p, _)| *p).collect();
    want.sort_unstable();
    let mut reader = wb
        .worksheet_cells_reader(name)
        .map_err(|e| FileError::NotSpreadsheet(format!("trang \"{name}\" hỏng: {e}")))?;
    let mut out = HashMap::new();
    while let Some(f) = reader
        .next_formula()
        .map_err(|e| FileError::NotSpreadsheet(format!("trang \"{name}\" hỏng: {e}")))?
    {
        if want.binary_search(&f.get_position()).is_ok() && !f.get_value().is_empty() {
            out.insert(f.get_position(), f.get_value().clone());
        }
    }
    Ok(out)
}

/// Computes the uncached formulas it can: each becomes a number cell, listed
/// in one note per sheet; each other one is a warning at its cell.
fn compute(
    sheet: &str,
    cells: &mut Vec<RawCell>,
    at: &[((u32, u32), StyleFlags)],
    formulas: &HashMap<(u32, u32), String>,
    diags: &mut Vec<Diagnostic>,
) {
    if at.is_empty() {
        return;
    }
    use super::formula::{Evaluator, Unsupported};
    let mut results = Vec::new();
    {
        let mut ev = Evaluator::new(cells, formulas);
        for ((pos, style), text) in at.iter().filter_map(|(p, s)| formulas.get(p).map(|t| ((*p, *s), t))) {
            results.push((pos, style, text.clone(), ev.value(pos)));
        }
    }
    let mut computed = Vec::new();
    for (pos, style, text, outcome) in results {
        let place = Cell::new(pos.0, pos.1).to_string();
        let value = match outcome {
            Ok(Ok(v)) => Value::Number(v),
            Ok(Err(e)) => Value::Error(e.to_string()),
            Err(why) => {
                let (vi, en) = match why {
                    Unsupported::Form => (
                        "chương trình chỉ tự tính số, + − × ÷, tham chiếu ô và SUM trên cùng trang",
                        "only numbers, + − × ÷, cell references and SUM on the same sheet are computed",
                    ),
                    Unsupported::Cycle => ("công thức tham chiếu vòng về chính nó", "the formula refers back to itself"),
                    Unsupported::TooComplex => ("công thức quá dài hoặc quá phức tạp", "the formula is too long or too complex"),
                    Unsupported::Text => ("công thức dùng một ô chứa chữ", "the formula uses a cell that holds text"),
                };
                let mut d = Diagnostic::new(
                    "W-FORMULA-UNEVALUATED",
                    format!("Ô có công thức ={text} nhưng tệp không lưu kết quả và chương trình không tự tính được ({vi}); ô được coi là trống. Hãy mở tệp bằng Excel, lưu lại rồi chạy lại."),
                    format!("The cell holds the formula ={text} but the file stores no result and it cannot be computed here ({en}); the cell is treated as empty. Open the file in Excel, save it and run again."),
                )
                .in_sheet(sheet);
                d.cell = Some(place);
                diags.push(d);
                continue;
            }
        };
        computed.push(format!("{place} (={text})"));
        cells.push(RawCell {
            row: pos.0,
            col: pos.1,
            value,
            percent_format: style.percent,
            font: style.font,
        });
    }
    if !computed.is_empty() {
        cells.sort_by_key(|c| (c.row, c.col));
        let mut d = Diagnostic::new(
            "N-FORMULA-NO-VALUE",
            format!(
                "{} ô công thức không có kết quả lưu sẵn (tệp do một chương trình khác ghi) đã được tự tính: {}.",
                computed.len(),
                list(&computed)
            ),
            format!(
                "{} formula cells had no stored result (the file was written by another program) and were computed: {}.",
                computed.len(),
                list(&computed)
            ),
        )
        .in_sheet(sheet);
        d.cell = computed.first().and_then(|c| c.split(' ').next()).map(str::to_string);
        diags.push(d);
    }
}

fn list(items: &[String]) -> String {
    let mut s = items.iter().take(8).cloned().collect::<Vec<_>>().join(", ");
    if items.len() > 8 {
        s.push_str(&format!(" … ({} ô)", items.len()));
    }
    s
}

/// xls and ods: calamine gives a dense range; the styles come from the
/// pre-read of the file's own records.
fn read_generic<RS: Read + Seek>(
    wb: &mut Sheets<RS>,
    guarded: &Guarded,
    limits: &Limits,
    diags: &mut Vec<Diagnostic>,
) -> Result<Vec<RawSheet>, FileError> {
    let names: Vec<String> = wb.sheet_names().to_vec();
    let mut out = Vec::with_capacity(names.len());
    let no_styles = Default::default();
    for name in names {
        if skip_sheet(&name) {
            continue;
        }
        let styles = guarded.styles.get(&name).unwrap_or(&no_styles);
        let broken: Vec<&Broken> = guarded.broken.iter().filter(|b| b.sheet == name).collect();
        diags.extend(broken.iter().map(|b| broken_diag(b)));
        let mut broken_at: Vec<(u32, u32)> = broken.iter().map(|b| (b.row, b.col)).collect();
        broken_at.sort_unstable();
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
            if broken_at.binary_search(&(row, col)).is_ok() {
                continue;
            }
            if let Some(b) = broken_value(&name, row, col, &value) {
                diags.push(broken_diag(&b));
                continue;
            }
            let style = styles.get(row, col);
            cells.push(RawCell {
                row,
                col,
                value,
                percent_format: style.percent,
                font: style.font,
            });
        }
        cells.sort_by_key(|c| (c.row, c.col));
        if let Some(list) = guarded.formulas.get(&name) {
            let formulas: HashMap<(u32, u32), String> = list.iter().cloned().collect();
            let at: Vec<((u32, u32), StyleFlags)> = list
                .iter()
                .filter(|(p, _)| cells.binary_search_by(|c| (c.row, c.col).cmp(p)).is_err())
                .map(|(p, _)| {
                    let s = styles.get(p.0, p.1);
                    (
                        *p,
                        StyleFlags {
                            percent: s.percent,
                            font: s.font,
                        },
                    )
                })
                .collect();
            compute(&name, &mut cells, &at, &formulas, diags);
        }
        out.push(RawSheet {
            name: Arc::from(name.as_str()),
            cells,
        });
    }
    Ok(out)
}
