//! The blank workbook staff fill in, and the Kim Sơn example.
//!
//! [`workbook`] writes the canonical layout of `workbook.md`: the sheets
//! "Thông tin", "Hoạt động", "Chỉ tiêu", "Văn bản chỉ đạo", "Nội dung" and a
//! "Hướng dẫn" sheet. The reader finds the parts by content, so this layout is
//! a convenience for people, not a contract the reader depends on; but it is
//! what `baocao template` hands out, so it carries everything that helps staff
//! type the right thing: data validation, input messages in Vietnamese, frozen
//! headers, number and date formats and an A4 print setup.
//!
//! Text taken from a report is always written as text (`write_string`), so a
//! name beginning with "=" stays a name and never becomes a formula.

mod guide;
mod sheets;
mod style;

use rust_xlsxwriter::{DocProperties, ExcelDateTime, Workbook, XlsxError};

use crate::model::Report;

/// Sheet names of the canonical workbook, in order.
pub const SHEET_INFO: &str = "Thông tin";
pub const SHEET_ACTIVITIES: &str = "Hoạt động";
pub const SHEET_INDICATORS: &str = "Chỉ tiêu";
pub const SHEET_DIRECTIVES: &str = "Văn bản chỉ đạo";
pub const SHEET_NARRATIVE: &str = "Nội dung";
pub const SHEET_GUIDE: &str = "Hướng dẫn";

/// Why a workbook could not be written.
#[derive(Debug, thiserror::Error)]
pub enum TemplateError {
    /// rust_xlsxwriter refused a value or a setting (a sheet name, a
    /// validation message over Excel's length limits, a cell out of range).
    /// With the fixed layout written here this means a bug or a report with
    /// more rows than a worksheet holds.
    #[error("không tạo được sổ Excel: {0}")]
    Xlsx(#[from] XlsxError),
}

/// The blank workbook (`report = None`) or one filled with a report
/// (`Some(report)`) as `.xlsx` bytes.
///
/// Deterministic: the document's creation date is fixed, so the same input
/// gives byte-identical files (useful for golden tests and for users who keep
/// the template under version control).
///
/// # Errors
/// [`TemplateError::Xlsx`] when rust_xlsxwriter rejects something, e.g. a
/// report with more rows than a worksheet can hold.
///
/// ```
/// let blank = baocao::template::workbook(None)?;
/// let example = baocao::template::workbook(Some(&baocao::example::kim_son_2018()))?;
/// assert!(blank.starts_with(b"PK") && example.starts_with(b"PK"));
/// # Ok::<(), baocao::template::TemplateError>(())
/// ```
pub fn workbook(report: Option<&Report>) -> Result<Vec<u8>, TemplateError> {
    let mut wb = Workbook::new();
    // A fixed creation date: rust_xlsxwriter otherwise stamps the current time.
    let created = ExcelDateTime::from_ymd(2020, 1, 1)?;
    let props = DocProperties::new()
        .set_title("Sổ báo cáo TTHTCĐ")
        .set_author("baocao")
        .set_creation_datetime(&created);
    wb.set_properties(&props);
    let st = style::Styles::new();

    sheets::info(wb.add_worksheet(), &st, report)?;
    sheets::activities(wb.add_worksheet(), &st, report)?;
    sheets::indicators(wb.add_worksheet(), &st, report)?;
    sheets::directives(wb.add_worksheet(), &st, report)?;
    sheets::narrative(wb.add_worksheet(), &st, report)?;
    guide::guide(wb.add_worksheet(), &st)?;
    let mut buf = std::io::Cursor::new(wb.save_to_buffer()?);
    crate::render::zip_origin::mark_made_by_unix(&mut buf).map_err(rust_xlsxwriter::XlsxError::IoError)?;
    Ok(buf.into_inner())
}
