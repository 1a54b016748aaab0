//! The first normalisation, done on the whole workbook before any header is
//! recognised: legacy encodings (TCVN3, VNI-Windows) are detected from all of
//! the workbook's text and converted, and everything becomes NFC with
//! collapsed whitespace. Headers typed in .VnTime are then found like any other.

use crate::diag::Diagnostic;
use crate::normalize::legacy::{self, Legacy};
use crate::normalize::text;

use super::workbook::{RawWorkbook, Value};

/// How many cells a note lists before it says "và N ô khác".
const LISTED: usize = 12;

fn cell_list(cells: &[String]) -> String {
    let mut s = cells.iter().take(LISTED).cloned().collect::<Vec<_>>().join(", ");
    if cells.len() > LISTED {
        s.push_str(&format!(" … ({} ô)", cells.len()));
    }
    s
}

/// Converts and cleans every text cell in place; returns one note per sheet
/// and kind of conversion, listing the cells.
pub fn normalize(wb: &mut RawWorkbook) -> Vec<Diagnostic> {
    let enc = legacy::detect(wb.sheets.iter().flat_map(|s| s.cells.iter()).filter_map(|c| match &c.value {
        Value::Text(t) => Some(t.as_str()),
        _ => None,
    }));
    let mut notes = Vec::new();
    for sheet in &mut wb.sheets {
        let mut converted = Vec::new();
        let mut nfd = Vec::new();
        for cell in &mut sheet.cells {
            let Value::Text(t) = &mut cell.value else { continue };
            if let Some(enc) = enc {
                let mut changed = legacy::convert(t, enc, cell.caps_font);
                // A capitals font (.VnTimeH) shows every letter of the cell as a
                // capital, plain ASCII words included.
                if cell.caps_font && enc == Legacy::Tcvn3 {
                    let upper = changed.as_deref().unwrap_or(t).to_uppercase();
                    if upper != *t {
                        changed = Some(upper);
                    }
                }
                if let Some(u) = changed {
                    *t = u;
                    converted.push(crate::source::Cell::new(cell.row, cell.col).to_string());
                }
            }
            if text::clean_in_place(t, true) {
                nfd.push(crate::source::Cell::new(cell.row, cell.col).to_string());
            }
        }
        let first = |v: &[String]| v.first().cloned();
        if let (Some(enc), false) = (enc, converted.is_empty()) {
            let name = match enc {
                Legacy::Tcvn3 => "TCVN3 (ABC, phông .VnTime)",
                Legacy::Vni => "VNI-Windows (phông VNI-Times)",
            };
            let name_en = match enc {
                Legacy::Tcvn3 => "TCVN3 (ABC, .VnTime fonts)",
                Legacy::Vni => "VNI-Windows (VNI-Times fonts)",
            };
            let mut d = Diagnostic::new(
                "N-TEXT-LEGACY",
                format!(
                    "{} ô chữ mã {name} đã được chuyển sang Unicode: {}.",
                    converted.len(),
                    cell_list(&converted)
                ),
                format!(
                    "{} cells in {name_en} were converted to Unicode: {}.",
                    converted.len(),
                    cell_list(&converted)
                ),
            )
            .in_sheet(&sheet.name);
            d.cell = first(&converted);
            notes.push(d);
        }
        if !nfd.is_empty() {
            let mut d = Diagnostic::new(
                "N-TEXT-NFD",
                format!(
                    "{} ô chữ Unicode tổ hợp (NFD) đã được chuẩn hoá sang dạng dựng sẵn (NFC): {}.",
                    nfd.len(),
                    cell_list(&nfd)
                ),
                format!(
                    "{} cells in decomposed Unicode (NFD) were normalised to NFC: {}.",
                    nfd.len(),
                    cell_list(&nfd)
                ),
            )
            .in_sheet(&sheet.name);
            d.cell = first(&nfd);
            notes.push(d);
        }
    }
    notes
}
