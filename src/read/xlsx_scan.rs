//! What calamine does not say about an `.xlsx` sheet's cells, read from the
//! sheet XML before calamine reads it.
//!
//! calamine turns some broken cell data into plausible values without a
//! word: a shared-string index that is not a number reads string 0; a
//! number too large for an `f64` ("1e400") reads infinity and "NaN" NaN; a
//! cell reference past XFD1048576 is accepted (a column past XFD), or its
//! row wraps around `u32` onto another cell and replaces its figure (in a
//! debug build it panics). A formula stored without its cached result (files
//! written by scripts) reads as an empty cell. So each sheet's cells are
//! walked here, as calamine walks them, to find these cells with their raw
//! stored text; the reader then reports them at their cell and evaluates
//! the uncached formulas it can (`formula`).

use std::collections::HashMap;
use std::io::{Cursor, Read};

use quick_xml::events::{BytesStart, Event};

use super::guard::Broken;
use super::{FileError, Limits};

/// Excel's largest sheet: XFD1048576.
const MAX_ROW: u32 = 1_048_576;
const MAX_COL: u32 = 16_384;

/// What one sheet's XML holds that calamine would read wrongly or not at all.
#[derive(Debug, Default)]
pub(super) struct SheetScan {
    /// Cells whose stored value is unusable (their position is valid).
    pub broken: Vec<Broken>,
    /// References that are not a cell of a sheet, with the raw value stored
    /// under them: calamine must not read the sheet (it would wrap them onto
    /// other cells).
    pub bad_refs: Vec<(String, String)>,
    /// Formula cells without a cached value, in (row, col) order.
    pub uncached: Vec<(u32, u32)>,
}

/// A1 reference (no `$`) → zero-based (row, col), when it names a cell of a
/// sheet (A1 … XFD1048576).
pub(super) fn parse_ref(r: &str) -> Option<(u32, u32)> {
    let letters = r.bytes().take_while(u8::is_ascii_alphabetic).count();
    let (l, d) = r.split_at(letters);
    if !(1..=3).contains(&letters) || !(1..=7).contains(&d.len()) || !d.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let col = l.bytes().fold(0u32, |c, b| c * 26 + u32::from(b.to_ascii_uppercase() - b'A') + 1);
    let row: u32 = d.parse().ok()?;
    ((1..=MAX_COL).contains(&col) && (1..=MAX_ROW).contains(&row)).then(|| (row - 1, col - 1))
}

/// A row number of `<row r>`, zero-based.
fn parse_row(r: &str) -> Option<u32> {
    let row: u32 = (r.len() <= 7 && r.bytes().all(|b| b.is_ascii_digit())).then(|| r.parse().ok())??;
    (1..=MAX_ROW).contains(&row).then(|| row - 1)
}

fn attr(e: &BytesStart, key: &str) -> Option<String> {
    e.attributes()
        .flatten()
        .find(|a| a.key.as_ref() == key)
        .map(|a| a.value.to_string())
}

fn part<'a, 'b>(zip: &'a mut zip::ZipArchive<Cursor<&'b [u8]>>, name: &str) -> Option<zip::read::ZipFile<'a, Cursor<&'b [u8]>>> {
    let exact = zip
        .index_for_name(name)
        .or_else(|| (0..zip.len()).find(|&i| zip.name_for_index(i).is_some_and(|n| n.is_ok_and(|n| n.eq_ignore_ascii_case(name)))))?;
    zip.by_index(exact).ok()
}

/// Every start or empty element of a part, with a callback.
fn each_element(zip: &mut zip::ZipArchive<Cursor<&[u8]>>, name: &str, limit: u64, mut f: impl FnMut(&BytesStart)) {
    let Some(p) = part(zip, name) else { return };
    let mut xml = quick_xml::Reader::from_reader(std::io::BufReader::new(p.take(limit)));
    let mut buf = Vec::new();
    loop {
        match xml.read_event_into(&mut buf) {
            Ok(Event::Start(e)) | Ok(Event::Empty(e)) => f(&e),
            Ok(Event::Eof) | Err(_) => break,
            _ => {}
        }
        buf.clear();
    }
}

/// Which sheets to scan, and whether to hold shared-string indexes to the
/// table's size.
pub(super) struct Scope<'a> {
    /// Sheets not wanted (those the reader skips, such as "Hướng dẫn").
    pub skip: &'a dyn Fn(&str) -> bool,
    /// Only this sheet, when given.
    pub only: Option<&'a str>,
    /// Count the shared strings (a second inflation of the table) to find
    /// indexes past its end. Not needed on the first pass: calamine stops
    /// at such an index, and the sheet is then scanned again with it.
    pub count_strings: bool,
}

/// The sheets of the workbook by name, scanned.
pub(super) fn scan(bytes: &[u8], limits: &Limits, scope: &Scope) -> Result<HashMap<String, SheetScan>, FileError> {
    let bad = |e: String| FileError::NotSpreadsheet(format!("tệp .xlsx hỏng: {e}"));
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).map_err(|e| bad(e.to_string()))?;
    let mut sheets: Vec<(String, String)> = Vec::new(); // (name, r:id)
    each_element(&mut zip, "xl/workbook.xml", limits.part_bytes, |e| {
        if e.local_name().as_ref() == "sheet" {
            if let (Some(n), Some(id)) = (attr(e, "name"), attr(e, "r:id")) {
                sheets.push((n, id));
            }
        }
    });
    sheets.retain(|(n, _)| !(scope.skip)(n) && scope.only.is_none_or(|o| o == n));
    let mut targets: HashMap<String, String> = HashMap::new();
    each_element(&mut zip, "xl/_rels/workbook.xml.rels", limits.part_bytes, |e| {
        if e.local_name().as_ref() == "Relationship" {
            if let (Some(id), Some(t)) = (attr(e, "Id"), attr(e, "Target")) {
                targets.insert(id, t);
            }
        }
    });
    // The number of shared strings: their <si> elements, counted in the
    // bytes (text cannot hold a '<'), without parsing the XML.
    let mut strings: u64 = u64::MAX;
    if scope.count_strings {
        strings = 0;
        if let Some(p) = part(&mut zip, "xl/sharedStrings.xml") {
            let mut data = Vec::new();
            if p.take(limits.part_bytes).read_to_end(&mut data).is_ok() {
                strings = count_si(&data);
            }
        }
    }
    let mut out = HashMap::new();
    for (name, id) in sheets {
        let Some(target) = targets.get(&id) else { continue };
        let path = match target.strip_prefix('/') {
            Some(abs) => abs.to_string(),
            None => format!("xl/{}", target.trim_start_matches("./")),
        };
        let Some(p) = part(&mut zip, &path) else { continue };
        out.insert(name.clone(), scan_sheet(p.take(limits.part_bytes), &name, strings, limits));
    }
    Ok(out)
}

/// `<si>` and `<si …>` elements, with or without a namespace prefix.
fn count_si(xml: &[u8]) -> u64 {
    let mut n = 0;
    let mut i = 0;
    while let Some(at) = xml[i..].iter().position(|&b| b == b'<') {
        let tag = &xml[i + at + 1..];
        let name_end = tag
            .iter()
            .position(|&b| matches!(b, b'>' | b' ' | b'/' | b'\t' | b'\n' | b'\r'))
            .unwrap_or(tag.len());
        let name = &tag[..name_end];
        if name == b"si" || name.ends_with(b":si") {
            n += 1;
        }
        i += at + 1;
    }
    n
}

/// The raw text of a value, short enough to quote.
fn quoted(s: &str) -> String {
    let s = s.trim();
    match s.char_indices().nth(40) {
        Some((i, _)) => format!("{}…", &s[..i]),
        None => s.to_string(),
    }
}

/// A cell's `t` attribute, as far as the scan cares.
#[derive(Clone, Copy, PartialEq)]
enum Kind {
    /// `t="s"`: the value is a shared-string index.
    Shared,
    /// No `t`, or `t="n"`: the value is a number.
    Number,
    /// `t="str"`: a formula's text result (may be empty).
    FormulaText,
    Other,
}

/// The cell being read.
struct Open {
    /// Its position, or the reference that names no cell.
    pos: Result<(u32, u32), String>,
    kind: Kind,
    formula: bool,
    has_v: bool,
    in_v: bool,
}

/// One sheet's XML. Malformed XML ends the scan with what was found so far:
/// calamine reports the damage when it reads the sheet (a sheet the reader
/// skips, such as "Hướng dẫn", may be damaged without harm). Nothing is
/// allocated per cell but the `<v>` text, in one reused buffer.
fn scan_sheet(r: impl Read, sheet: &str, strings: u64, limits: &Limits) -> SheetScan {
    let mut xml = quick_xml::Reader::from_reader(std::io::BufReader::new(r));
    let mut out = SheetScan::default();
    let mut buf = Vec::new();
    let mut v = String::new();
    let (mut row, mut col) = (0u32, 0u32);
    let mut cell: Option<Open> = None;
    let mut cells: u64 = 0;
    let broken = |out: &mut SheetScan, (r, c): (u32, u32), raw: &str, vi: &'static str, en: &'static str| {
        out.broken.push(Broken {
            sheet: sheet.to_string(),
            row: r,
            col: c,
            raw: quoted(raw),
            why_vi: vi,
            why_en: en,
        })
    };
    let bad_range = |r: &str| !r.split(':').all(|p| parse_ref(p).is_some());
    while let Ok(ev) = {
        buf.clear();
        xml.read_event_into(&mut buf)
    } {
        match &ev {
            Event::Start(e) | Event::Empty(e) => {
                let empty = matches!(ev, Event::Empty(_));
                match e.local_name().as_ref() {
                    "c" => {
                        cells += 1;
                        if cells > limits.cells {
                            // calamine's own read stops there with the cell limit.
                            break;
                        }
                        let mut c = Open {
                            pos: Ok((row, col)),
                            kind: Kind::Number,
                            formula: false,
                            has_v: false,
                            in_v: false,
                        };
                        for a in e.attributes().flatten() {
                            match a.key.as_ref() {
                                "r" => {
                                    c.pos = match parse_ref(&a.value) {
                                        Some(p) => {
                                            col = p.1;
                                            Ok(p)
                                        }
                                        None => Err(a.value.to_string()),
                                    }
                                }
                                "t" => {
                                    c.kind = match &*a.value {
                                        "s" => Kind::Shared,
                                        "n" => Kind::Number,
                                        "str" => Kind::FormulaText,
                                        _ => Kind::Other,
                                    }
                                }
                                _ => {}
                            }
                        }
                        if empty {
                            if let Err(r) = c.pos {
                                out.bad_refs.push((r, String::new()));
                            }
                            col = col.saturating_add(1);
                        } else {
                            v.clear();
                            cell = Some(c);
                        }
                    }
                    "v" if !empty => {
                        if let Some(c) = &mut cell {
                            c.in_v = true;
                            c.has_v = true;
                        }
                    }
                    "f" => {
                        if let Some(c) = &mut cell {
                            c.formula = true;
                            if let Some(r) = attr(e, "ref").filter(|r| bad_range(r)) {
                                out.bad_refs.push((r, String::new()));
                            }
                        }
                    }
                    "row" => {
                        if let Some(r) = attr(e, "r") {
                            match parse_row(&r) {
                                Some(x) => row = x,
                                None => out.bad_refs.push((format!("dòng {r}"), String::new())),
                            }
                        }
                        if empty {
                            row = row.saturating_add(1);
                            col = 0;
                        }
                    }
                    "dimension" => {
                        if let Some(r) = attr(e, "ref").filter(|r| bad_range(r)) {
                            out.bad_refs.push((r, String::new()));
                        }
                    }
                    _ => {}
                }
            }
            Event::Text(t) if cell.as_ref().is_some_and(|c| c.in_v) && v.len() < 256 => v.push_str(t),
            Event::End(e) => match e.local_name().as_ref() {
                "v" => {
                    if let Some(c) = &mut cell {
                        c.in_v = false;
                    }
                }
                "c" => {
                    let Some(c) = cell.take() else { continue };
                    col = col.saturating_add(1);
                    let v = v.trim();
                    let pos = match c.pos {
                        Ok(p) => p,
                        Err(r) => {
                            out.bad_refs.push((r, quoted(v)));
                            continue;
                        }
                    };
                    match c.kind {
                        Kind::Shared if !v.is_empty() => {
                            let ok = v.len() <= 10 && v.bytes().all(|b| b.is_ascii_digit()) && v.parse::<u64>().is_ok_and(|i| i < strings);
                            if !ok {
                                broken(
                                    &mut out,
                                    pos,
                                    v,
                                    "chỉ số chuỗi dùng chung không có trong bảng chuỗi của tệp",
                                    "the shared-string index is not in the file's string table",
                                );
                            }
                        }
                        Kind::Number if !v.is_empty() && !v.parse::<f64>().is_ok_and(f64::is_finite) => broken(
                            &mut out,
                            pos,
                            v,
                            "ô kiểu số nhưng giá trị lưu không phải một số hữu hạn (quá lớn, NaN hoặc vô hạn)",
                            "a number cell whose stored value is not a finite number (too large, NaN or infinite)",
                        ),
                        _ => {}
                    }
                    // A formula with no <v>, or an empty one (calamine reads
                    // both as empty); an empty text result is a result.
                    let uncached = !c.has_v || (v.is_empty() && c.kind != Kind::FormulaText);
                    if c.formula && uncached && out.uncached.len() < 1_000_000 {
                        out.uncached.push(pos);
                    }
                }
                "row" => {
                    row = row.saturating_add(1);
                    col = 0;
                }
                "sheetData" => break,
                _ => {}
            },
            Event::Eof => break,
            _ => {}
        }
    }
    out.uncached.sort_unstable();
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shared_strings_are_counted_without_parsing() {
        assert_eq!(
            count_si(br#"<sst count="3"><si><t>a</t></si><si><r><t>b</t></r></si><x:si/><sis/></sst>"#),
            3
        );
    }

    #[test]
    fn references_are_held_to_xfd1048576() {
        assert_eq!(parse_ref("A1"), Some((0, 0)));
        assert_eq!(parse_ref("xfd1048576"), Some((1_048_575, 16_383)));
        for bad in ["XFE1", "A1048577", "A0", "A4294967297", "AAAA1", "1A", "A", "", "A1B", "$A$1"] {
            assert_eq!(parse_ref(bad), None, "{bad}");
        }
        assert_eq!(parse_row("1048576"), Some(1_048_575));
        assert_eq!(parse_row("4294967297"), None);
    }

    fn scan_xml(cells: &str) -> SheetScan {
        let xml = format!("<worksheet><sheetData>{cells}</sheetData></worksheet>");
        scan_sheet(xml.as_bytes(), "S", 2, &Limits::default())
    }

    #[test]
    fn finds_broken_values_with_their_raw_text() {
        let s = scan_xml(
            r#"<row r="2"><c r="A2" t="s"><v>abc</v></c><c r="B2" t="s"><v>7</v></c><c r="C2" t="s"><v>1</v></c>
               <c r="D2"><v>1e400</v></c><c r="E2"><v>NaN</v></c><c r="F2" t="n"><v>12.5</v></c></row>"#,
        );
        let got: Vec<(u32, u32, &str)> = s.broken.iter().map(|b| (b.row, b.col, b.raw.as_str())).collect();
        assert_eq!(got, [(1, 0, "abc"), (1, 1, "7"), (1, 3, "1e400"), (1, 4, "NaN")]);
        assert!(s.bad_refs.is_empty() && s.uncached.is_empty());
    }

    #[test]
    fn finds_references_past_the_sheet_and_uncached_formulas() {
        let s = scan_xml(
            r#"<row r="1"><c r="XFE1"><v>5</v></c><c r="B4294967298"><v>9</v></c></row>
               <row r="3"><c r="B3"><f>SUM(B1:B2)</f></c><c><f>B3*2</f><v></v></c><c r="E3"><f>1+1</f><v>2</v></c><c r="F3" t="str"><f>""</f><v></v></c></row>"#,
        );
        assert_eq!(
            s.bad_refs,
            [("XFE1".to_string(), "5".to_string()), ("B4294967298".to_string(), "9".to_string())]
        );
        assert_eq!(s.uncached, [(2, 1), (2, 2)]);
    }
}
