//! The first normalisation, done on the whole workbook before any header is
//! recognised: legacy encodings (TCVN3, VNI-Windows) are decided per cell
//! from its font (or, without one, from the workbook's text) and converted,
//! and everything becomes NFC with collapsed whitespace. Headers typed in .VnTime are then found like any other.

use crate::diag::Diagnostic;
use crate::normalize::legacy::{self, Font, Legacy};
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

/// The encoding a cell's text is read in, and whether its font says so.
fn encoding_of(font: Font, detected: Option<Legacy>) -> Option<(Legacy, bool)> {
    match font {
        Font::Unicode => None,
        Font::Tcvn3 { .. } => Some((Legacy::Tcvn3, true)),
        Font::Vni => Some((Legacy::Vni, true)),
        Font::Unknown => detected.map(|e| (e, false)),
    }
}

/// Converts and cleans every text cell in place; returns one note per sheet
/// and kind of conversion, listing the cells.
///
/// Legacy text is decided per cell. A cell's font, where the file has one,
/// says how its bytes are meant: a Unicode font (Times New Roman, Arial …) is
/// never converted, a TCVN3 or VNI font is converted in that encoding. Only
/// cells whose font is unknown rely on the detection over the workbook's
/// other non-Unicode text, and then a word that already is a Vietnamese
/// syllable stays as it is.
pub fn normalize(wb: &mut RawWorkbook) -> Vec<Diagnostic> {
    let detected = legacy::detect(
        wb.sheets
            .iter()
            .flat_map(|s| s.cells.iter())
            .filter(|c| c.font != Font::Unicode)
            .filter_map(|c| match &c.value {
                Value::Text(t) => Some(t.as_str()),
                _ => None,
            }),
    );
    let mut notes = Vec::new();
    for sheet in &mut wb.sheets {
        let mut converted: [Vec<String>; 2] = [Vec::new(), Vec::new()];
        let mut nfd = Vec::new();
        for cell in &mut sheet.cells {
            let Value::Text(t) = &mut cell.value else { continue };
            if let Some((enc, fonted)) = encoding_of(cell.font, detected) {
                let caps = matches!(cell.font, Font::Tcvn3 { caps: true });
                let mut changed = if fonted {
                    legacy::convert(t, enc, caps)
                } else {
                    legacy::convert_unfonted(t, enc)
                };
                // A capitals font (.VnTimeH) shows every letter of the cell as a
                // capital, plain ASCII words included.
                if caps {
                    let upper = changed.as_deref().unwrap_or(t).to_uppercase();
                    if upper != *t {
                        changed = Some(upper);
                    }
                }
                if let Some(u) = changed {
                    *t = u;
                    converted[usize::from(enc == Legacy::Vni)].push(crate::source::Cell::new(cell.row, cell.col).to_string());
                }
            }
            if text::clean_in_place(t, true) {
                nfd.push(crate::source::Cell::new(cell.row, cell.col).to_string());
            }
        }
        let first = |v: &[String]| v.first().cloned();
        for (enc, converted) in [Legacy::Tcvn3, Legacy::Vni].into_iter().zip(&converted) {
            if converted.is_empty() {
                continue;
            }
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
                    cell_list(converted)
                ),
                format!(
                    "{} cells in {name_en} were converted to Unicode: {}.",
                    converted.len(),
                    cell_list(converted)
                ),
            )
            .in_sheet(&sheet.name);
            d.cell = first(converted);
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::read::workbook::{Format, RawCell, RawSheet};

    fn book(cells: &[(&str, Font)]) -> RawWorkbook {
        let cells = cells
            .iter()
            .enumerate()
            .map(|(i, (t, font))| RawCell {
                row: i as u32,
                col: 0,
                value: Value::Text(t.to_string()),
                percent_format: false,
                font: *font,
            })
            .collect();
        RawWorkbook {
            format: Format::Xlsx,
            sheets: vec![RawSheet { name: "S".into(), cells }],
            diags: Vec::new(),
        }
    }

    fn texts(wb: &RawWorkbook) -> Vec<&str> {
        wb.sheets[0]
            .cells
            .iter()
            .map(|c| match &c.value {
                Value::Text(t) => t.as_str(),
                _ => "",
            })
            .collect()
    }

    #[test]
    fn each_cell_is_read_in_its_font() {
        let tc = |s: &str| legacy::encode(s, Legacy::Tcvn3);
        let (a, b, c) = (tc("Trung tâm học tập cộng đồng"), tc("Học nghề ngắn hạn"), tc("phường kim sơn"));
        let mut wb = book(&[
            (&a, Font::Tcvn3 { caps: false }),
            (&b, Font::Tcvn3 { caps: false }),
            (&c, Font::Tcvn3 { caps: true }),
            ("Ngày báo cáo", Font::Unicode),
            ("Bà Tâm, cô tú", Font::Unicode),
            // No font known: legacy words convert, Vietnamese words stay.
            ("Tâm", Font::Unknown),
            (&tc("Giáo dục"), Font::Unknown),
            (&legacy::encode("Học nghề", Legacy::Vni), Font::Vni),
        ]);
        let notes = normalize(&mut wb);
        assert_eq!(
            texts(&wb),
            [
                "Trung tâm học tập cộng đồng",
                "Học nghề ngắn hạn",
                "PHƯỜNG KIM SƠN",
                "Ngày báo cáo",
                "Bà Tâm, cô tú",
                "Tâm",
                "Giáo dục",
                "Học nghề"
            ]
        );
        assert_eq!(notes.len(), 2, "one per encoding");
        assert!(notes[1].message_vi.starts_with("1 ô chữ mã VNI-Windows"), "{}", notes[1].message_vi);
        assert!(notes[0].message_vi.starts_with("4 ô chữ mã TCVN3"), "{}", notes[0].message_vi);
    }

    #[test]
    fn a_unicode_workbook_without_fonts_is_left_alone() {
        let mut wb = book(&[
            ("Ngày báo cáo", Font::Unknown),
            ("Tâm", Font::Unknown),
            ("tú", Font::Unknown),
            ("café", Font::Unknown),
        ]);
        assert!(normalize(&mut wb).is_empty());
        assert_eq!(texts(&wb), ["Ngày báo cáo", "Tâm", "tú", "café"]);
    }
}
