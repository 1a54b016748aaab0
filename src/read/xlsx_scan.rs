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
#[derive(Debug, Default, PartialEq)]
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

pub(super) type Zip<'b> = zip::ZipArchive<Cursor<&'b [u8]>>;

/// The index of a part: its exact name, else the first that differs only in
/// case (as calamine looks parts up).
pub(super) fn index_of(zip: &Zip<'_>, name: &str) -> Option<usize> {
    zip.index_for_name(name)
        .or_else(|| (0..zip.len()).find(|&i| zip.name_for_index(i).is_some_and(|n| n.is_ok_and(|n| n.eq_ignore_ascii_case(name)))))
}

fn part<'a, 'b>(zip: &'a mut Zip<'b>, name: &str) -> Option<zip::read::ZipFile<'a, Cursor<&'b [u8]>>> {
    let exact = index_of(zip, name)?;
    zip.by_index(exact).ok()
}

/// Every start or empty element of a part, with a callback.
fn each_element(zip: &mut Zip<'_>, name: &str, limit: u64, mut f: impl FnMut(&BytesStart)) {
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

/// The workbook's sheets in scope, in its order: each sheet's name and the
/// index of its part in the archive (sheets whose part is missing are left
/// out: calamine reports them when it reads them). Shared with
/// [`super::package`], which stores these parts uncompressed.
pub(super) fn sheet_parts(zip: &mut Zip<'_>, limits: &Limits, scope: &Scope) -> Vec<(String, usize)> {
    let mut sheets: Vec<(String, String)> = Vec::new(); // (name, r:id)
    each_element(zip, "xl/workbook.xml", limits.part_bytes, |e| {
        if e.local_name().as_ref() == "sheet" {
            if let (Some(n), Some(id)) = (attr(e, "name"), attr(e, "r:id")) {
                sheets.push((n, id));
            }
        }
    });
    sheets.retain(|(n, _)| !(scope.skip)(n) && scope.only.is_none_or(|o| o == n));
    let mut targets: HashMap<String, String> = HashMap::new();
    each_element(zip, "xl/_rels/workbook.xml.rels", limits.part_bytes, |e| {
        if e.local_name().as_ref() == "Relationship" {
            if let (Some(id), Some(t)) = (attr(e, "Id"), attr(e, "Target")) {
                targets.insert(id, t);
            }
        }
    });
    let mut out = Vec::with_capacity(sheets.len());
    for (name, id) in sheets {
        let Some(target) = targets.get(&id) else { continue };
        let path = match target.strip_prefix('/') {
            Some(abs) => abs.to_string(),
            None => format!("xl/{}", target.trim_start_matches("./")),
        };
        if let Some(i) = index_of(zip, &path) {
            out.push((name, i));
        }
    }
    out
}

/// The sheets of the workbook by name, scanned.
pub(super) fn scan(bytes: &[u8], limits: &Limits, scope: &Scope) -> Result<HashMap<String, SheetScan>, FileError> {
    let bad = |e: String| FileError::NotSpreadsheet(format!("tệp .xlsx hỏng: {e}"));
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).map_err(|e| bad(e.to_string()))?;
    let sheets = sheet_parts(&mut zip, limits, scope);
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
    let mut buf = Vec::new();
    for (name, i) in sheets {
        let Ok(p) = zip.by_index(i) else { continue };
        let declared = p.size();
        out.insert(name.clone(), scan_part(p, declared, &name, strings, limits, &mut buf));
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

/// Whether the walk goes on after an element.
#[derive(PartialEq)]
enum Flow {
    Go,
    Stop,
}

/// The walk over one sheet's elements, as calamine walks them: fed by the
/// quick-xml tokeniser ([`scan_sheet`]) or by the fast one ([`fast`]), which
/// must give it the same elements, attributes and texts.
struct Walk<'s> {
    sheet: &'s str,
    strings: u64,
    max_cells: u64,
    out: SheetScan,
    /// The `<v>` text of the open cell (its first 256 bytes or so).
    v: String,
    row: u32,
    col: u32,
    cell: Option<Open>,
    cells: u64,
}

impl<'s> Walk<'s> {
    fn new(sheet: &'s str, strings: u64, limits: &Limits) -> Walk<'s> {
        Walk {
            sheet,
            strings,
            max_cells: limits.cells,
            out: SheetScan::default(),
            v: String::new(),
            row: 0,
            col: 0,
            cell: None,
            cells: 0,
        }
    }

    fn broken(&mut self, (r, c): (u32, u32), raw: &str, vi: &'static str, en: &'static str) {
        self.out.broken.push(Broken {
            sheet: self.sheet.to_string(),
            row: r,
            col: c,
            raw: quoted(raw),
            why_vi: vi,
            why_en: en,
        })
    }

    /// A start (or, with `empty`, an empty) element by its local name;
    /// `attr` gives the first attribute of that name.
    fn start<'a>(&mut self, name: &[u8], empty: bool, attr: impl Fn(&str) -> Option<std::borrow::Cow<'a, str>>) -> Flow {
        let bad_range = |r: &str| !r.split(':').all(|p| parse_ref(p).is_some());
        match name {
            b"c" => {
                self.cells += 1;
                if self.cells > self.max_cells {
                    // calamine's own read stops there with the cell limit.
                    return Flow::Stop;
                }
                let mut c = Open {
                    pos: Ok((self.row, self.col)),
                    kind: Kind::Number,
                    formula: false,
                    has_v: false,
                    in_v: false,
                };
                if let Some(r) = attr("r") {
                    c.pos = match parse_ref(&r) {
                        Some(p) => {
                            self.col = p.1;
                            Ok(p)
                        }
                        None => Err(r.into_owned()),
                    }
                }
                if let Some(t) = attr("t") {
                    c.kind = match &*t {
                        "s" => Kind::Shared,
                        "n" => Kind::Number,
                        "str" => Kind::FormulaText,
                        _ => Kind::Other,
                    }
                }
                if empty {
                    if let Err(r) = c.pos {
                        self.out.bad_refs.push((r, String::new()));
                    }
                    self.col = self.col.saturating_add(1);
                } else {
                    self.v.clear();
                    self.cell = Some(c);
                }
            }
            b"v" if !empty => {
                if let Some(c) = &mut self.cell {
                    c.in_v = true;
                    c.has_v = true;
                }
            }
            b"f" => {
                if let Some(c) = &mut self.cell {
                    c.formula = true;
                    if let Some(r) = attr("ref").filter(|r| bad_range(r)) {
                        self.out.bad_refs.push((r.into_owned(), String::new()));
                    }
                }
            }
            b"row" => {
                if let Some(r) = attr("r") {
                    match parse_row(&r) {
                        Some(x) => self.row = x,
                        None => self.out.bad_refs.push((format!("dòng {r}"), String::new())),
                    }
                }
                if empty {
                    self.row = self.row.saturating_add(1);
                    self.col = 0;
                }
            }
            b"dimension" => {
                if let Some(r) = attr("ref").filter(|r| bad_range(r)) {
                    self.out.bad_refs.push((r.into_owned(), String::new()));
                }
            }
            _ => {}
        }
        Flow::Go
    }

    fn text(&mut self, t: &str) {
        if self.cell.as_ref().is_some_and(|c| c.in_v) && self.v.len() < 256 {
            self.v.push_str(t);
        }
    }

    fn end(&mut self, name: &[u8]) -> Flow {
        match name {
            b"v" => {
                if let Some(c) = &mut self.cell {
                    c.in_v = false;
                }
            }
            b"c" => {
                let Some(c) = self.cell.take() else { return Flow::Go };
                self.col = self.col.saturating_add(1);
                let v = std::mem::take(&mut self.v);
                let vt = v.trim();
                let pos = match c.pos {
                    Ok(p) => p,
                    Err(r) => {
                        self.out.bad_refs.push((r, quoted(vt)));
                        self.v = v;
                        return Flow::Go;
                    }
                };
                match c.kind {
                    Kind::Shared if !vt.is_empty() => {
                        let ok =
                            vt.len() <= 10 && vt.bytes().all(|b| b.is_ascii_digit()) && vt.parse::<u64>().is_ok_and(|i| i < self.strings);
                        if !ok {
                            self.broken(
                                pos,
                                vt,
                                "chỉ số chuỗi dùng chung không có trong bảng chuỗi của tệp",
                                "the shared-string index is not in the file's string table",
                            );
                        }
                    }
                    Kind::Number if !vt.is_empty() && !vt.parse::<f64>().is_ok_and(f64::is_finite) => self.broken(
                        pos,
                        vt,
                        "ô kiểu số nhưng giá trị lưu không phải một số hữu hạn (quá lớn, NaN hoặc vô hạn)",
                        "a number cell whose stored value is not a finite number (too large, NaN or infinite)",
                    ),
                    _ => {}
                }
                // A formula with no <v>, or an empty one (calamine reads
                // both as empty); an empty text result is a result.
                let uncached = !c.has_v || (vt.is_empty() && c.kind != Kind::FormulaText);
                if c.formula && uncached && self.out.uncached.len() < 1_000_000 {
                    self.out.uncached.push(pos);
                }
                self.v = v;
            }
            b"row" => {
                self.row = self.row.saturating_add(1);
                self.col = 0;
            }
            b"sheetData" => return Flow::Stop,
            _ => {}
        }
        Flow::Go
    }

    fn finish(mut self) -> SheetScan {
        self.out.uncached.sort_unstable();
        self.out
    }
}

/// One sheet's XML, with quick-xml. Malformed XML ends the scan with what
/// was found so far: calamine reports the damage when it reads the sheet (a
/// sheet the reader skips, such as "Hướng dẫn", may be damaged without
/// harm). Nothing is allocated per cell but the `<v>` text, in one reused
/// buffer.
fn scan_sheet(r: impl Read, sheet: &str, strings: u64, limits: &Limits) -> SheetScan {
    let mut xml = quick_xml::Reader::from_reader(std::io::BufReader::new(r));
    let mut walk = Walk::new(sheet, strings, limits);
    let mut buf = Vec::new();
    while let Ok(ev) = {
        buf.clear();
        xml.read_event_into(&mut buf)
    } {
        let flow = match &ev {
            Event::Start(e) | Event::Empty(e) => {
                let empty = matches!(ev, Event::Empty(_));
                walk.start(e.local_name().as_ref().as_bytes(), empty, |k| {
                    attr(e, k).map(std::borrow::Cow::Owned)
                })
            }
            Event::Text(t) => {
                walk.text(t);
                Flow::Go
            }
            Event::End(e) => walk.end(e.local_name().as_ref().as_bytes()),
            Event::Eof => Flow::Stop,
            _ => Flow::Go,
        };
        if flow == Flow::Stop {
            break;
        }
    }
    walk.finish()
}

/// One sheet's XML as Excel, LibreOffice and the libraries write it, read
/// without a general XML tokeniser (the scan then costs about a third):
/// elements, attributes in quotes, text, processing instructions. Anything
/// else — a comment, CDATA, a DOCTYPE, an entity or character reference, a
/// `<` or non-ASCII byte in a value, an element of ours under a namespace
/// prefix, an end tag that does not close the open element, a malformed
/// attribute — gives `None`, and the sheet is scanned by [`scan_sheet`]
/// instead, which gives the same result on anything this accepts (a test
/// compares them on generated sheets).
fn fast(xml: &[u8], sheet: &str, strings: u64, limits: &Limits) -> Option<SheetScan> {
    if std::str::from_utf8(xml).is_err() || memchr::memmem::find(xml, b"<!").is_some() {
        return None;
    }
    let ours = |local: &[u8]| matches!(local, b"c" | b"v" | b"f" | b"row" | b"dimension" | b"sheetData");
    let is_space = |b: u8| matches!(b, b' ' | b'\t' | b'\n' | b'\r');
    let mut walk = Walk::new(sheet, strings, limits);
    let mut stack: Vec<&[u8]> = Vec::new();
    let mut i = 0;
    while i < xml.len() {
        // Text up to the next tag.
        let lt = memchr::memchr(b'<', &xml[i..]).map_or(xml.len(), |p| i + p);
        if lt > i {
            let text = &xml[i..lt];
            if walk.cell.as_ref().is_some_and(|c| c.in_v) {
                if text.iter().any(|&b| b == b'&' || b >= 0x80) {
                    return None;
                }
                walk.text(std::str::from_utf8(text).ok()?);
            }
        }
        if lt >= xml.len() {
            break;
        }
        let rest = &xml[lt + 1..];
        match rest.first() {
            Some(b'?') => {
                let end = memchr::memmem::find(rest, b"?>")?;
                i = lt + 1 + end + 2;
                continue;
            }
            Some(b'/') => {
                let gt = memchr::memchr(b'>', rest)?;
                let inner = &rest[1..gt];
                let n = inner.iter().position(|&b| is_space(b)).unwrap_or(inner.len());
                let (name, tail) = inner.split_at(n);
                if name.is_empty() || !tail.iter().all(|&b| is_space(b)) || stack.pop() != Some(name) {
                    return None;
                }
                let local = local_of(name);
                if local.len() != name.len() && ours(local) {
                    return None;
                }
                i = lt + 1 + gt + 1;
                if walk.end(local) == Flow::Stop {
                    break;
                }
                continue;
            }
            _ => {}
        }
        // A start or empty element: its name, then its attributes.
        let n = rest
            .iter()
            .position(|&b| is_space(b) || b == b'>' || b == b'/')
            .unwrap_or(rest.len());
        let name = &rest[..n];
        if name.is_empty() {
            return None;
        }
        let mut attrs: [(&[u8], &[u8]); 8] = [(&[], &[]); 8];
        let mut count = 0;
        let mut j = n;
        let empty = loop {
            while rest.get(j).is_some_and(|&b| is_space(b)) {
                j += 1;
            }
            match rest.get(j)? {
                b'>' => break false,
                b'/' => {
                    if rest.get(j + 1) != Some(&b'>') {
                        return None;
                    }
                    j += 1;
                    break true;
                }
                _ => {}
            }
            let k = rest[j..].iter().position(|&b| b == b'=' || is_space(b) || b == b'>' || b == b'/')?;
            let key = &rest[j..j + k];
            j += k;
            if key.is_empty() || rest.get(j) != Some(&b'=') {
                return None;
            }
            j += 1;
            let q = *rest.get(j)?;
            if q != b'"' && q != b'\'' {
                return None;
            }
            let len = memchr::memchr(q, &rest[j + 1..])?;
            let value = &rest[j + 1..j + 1 + len];
            j += 1 + len + 1;
            // Keys must be distinct (quick-xml skips a repeated one).
            if attrs[..count].iter().any(|(k, _)| *k == key) {
                return None;
            }
            // Only the values the walk reads need to be plain.
            if matches!(key, b"r" | b"t" | b"ref") && value.iter().any(|&b| b == b'&' || b == b'<' || b >= 0x80) {
                return None;
            }
            if count < attrs.len() {
                attrs[count] = (key, value);
                count += 1;
            } else if matches!(key, b"r" | b"t" | b"ref") {
                return None;
            }
        };
        let local = local_of(name);
        if local.len() != name.len() && ours(local) {
            return None;
        }
        if !empty {
            stack.push(name);
        }
        i = lt + 1 + j + 1;
        let found = &attrs[..count];
        let flow = walk.start(local, empty, |k| {
            found
                .iter()
                .find(|(key, _)| *key == k.as_bytes())
                .and_then(|(_, v)| std::str::from_utf8(v).ok())
                .map(std::borrow::Cow::Borrowed)
        });
        if flow == Flow::Stop {
            break;
        }
    }
    Some(walk.finish())
}

/// The name after its namespace prefix.
fn local_of(name: &[u8]) -> &[u8] {
    match memchr::memchr(b':', name) {
        Some(p) => &name[p + 1..],
        None => name,
    }
}

/// Sheets up to this size are inflated whole and read by [`fast`]; larger
/// ones are streamed through [`scan_sheet`], so a huge sheet is never held.
const FAST_BYTES: u64 = 8 << 20;

/// One sheet's part: the fast way when it is small and plain, else quick-xml.
fn scan_part(mut p: impl Read, declared: u64, sheet: &str, strings: u64, limits: &Limits, buf: &mut Vec<u8>) -> SheetScan {
    if declared > FAST_BYTES {
        return scan_sheet(p.take(limits.part_bytes), sheet, strings, limits);
    }
    buf.clear();
    // Never past the declared size's bound, whatever the part says.
    let _ = (&mut p).take(FAST_BYTES.min(limits.part_bytes) + 1).read_to_end(buf);
    if buf.len() as u64 > FAST_BYTES.min(limits.part_bytes) {
        // It lied about its size: stream the rest too.
        let chained = std::io::Cursor::new(std::mem::take(buf)).chain(p);
        return scan_sheet(chained.take(limits.part_bytes), sheet, strings, limits);
    }
    fast(buf, sheet, strings, limits).unwrap_or_else(|| scan_sheet(&buf[..], sheet, strings, limits))
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

    /// The fast reader gives the quick-xml reader's result on every sheet it
    /// accepts, and accepts the plain ones; sheets are cut from fragments,
    /// odd ones among them (comments, entities, prefixes, wrong nesting,
    /// `>` inside values, repeated attributes, whitespace in tags).
    #[test]
    fn the_fast_reader_agrees_with_quick_xml() {
        use proptest::strategy::{Strategy, ValueTree};
        const PARTS: &[&str] = &[
            r#"<row r="1">"#,
            r#"<row r="3" spans="1:2" x14ac:dyDescent="0.25">"#,
            "</row>",
            "<row>",
            "<row/>",
            r#"<row r="0">"#,
            r#"<c r="A1" t="s"><v>0</v></c>"#,
            r#"<c r="B1" s="2"><v>12.5</v></c>"#,
            r#"<c r="C1"><v>1e400</v></c>"#,
            r#"<c r="D1" t="s"><v>abc</v></c>"#,
            r#"<c t="s"><v> 7 </v></c>"#,
            r#"<c r="XFE1"><v>5</v></c>"#,
            r#"<c r="B4294967298"/>"#,
            r#"<c r="E1"><f>SUM(A1:A2)</f></c>"#,
            r#"<c r="F1"><f ref="F1:F3" t="shared" si="0">A1</f><v></v></c>"#,
            r#"<c r="G1" t="str"><f>""</f><v></v></c>"#,
            r#"<c r='H1' t='n'><v>NaN</v></c>"#,
            "<c>",
            "</c>",
            "<v>",
            "</v>",
            "<v/>",
            "9",
            r#"<c r="A2" t="inlineStr"><is><t>x &amp; y</t></is></c>"#,
            "<!-- note -->",
            "<![CDATA[1]]>",
            "&#49;",
            "<x:c r=\"A9\"><x:v>1</x:v></x:c>",
            r#"<c r="A3" foo="a>b"><v>1</v></c>"#,
            r#"<c r="A4" r="B4"><v>1</v></c>"#,
            "<c r=\"A5\" >\n<v>2</v >\n</c >",
            "</sheetData>",
            "</x>",
            r#"<dimension ref="A1:B2"/>"#,
            r#"<dimension ref="A1:XFE2"/>"#,
            "<?pi x?>",
            "<c r=\"A6\" bad><v>1</v></c>",
            "ẞ",
            "<c r=\"A7\"",
        ];
        let canonical = "<worksheet><dimension ref=\"A1:C2\"/><sheetData><row r=\"1\"><c r=\"A1\" t=\"s\"><v>0</v></c><c r=\"B1\"><v>1e400</v></c></row><row r=\"2\"><c r=\"C2\"><f>A1</f></c></row></sheetData></worksheet>";
        let limits = Limits::default();
        assert_eq!(
            fast(canonical.as_bytes(), "S", 2, &limits),
            Some(scan_sheet(canonical.as_bytes(), "S", 2, &limits))
        );
        let mut accepted = 0;
        let mut runner = proptest::test_runner::TestRunner::new(proptest::test_runner::Config {
            cases: 3000,
            ..Default::default()
        });
        let strategy = proptest::collection::vec(0..PARTS.len(), 0..24);
        for _ in 0..3000 {
            let picks = strategy.new_tree(&mut runner).map(|t| t.current()).unwrap_or_default();
            let body: String = picks.iter().map(|&i| PARTS[i]).collect();
            let xml = format!("<?xml version=\"1.0\"?><worksheet><sheetData>{body}</sheetData></worksheet>");
            let small = Limits {
                cells: 5,
                ..Limits::default()
            };
            for (strings, limits) in [(u64::MAX, &limits), (1, &limits), (u64::MAX, &small)] {
                if let Some(f) = fast(xml.as_bytes(), "S", strings, limits) {
                    accepted += 1;
                    assert_eq!(f, scan_sheet(xml.as_bytes(), "S", strings, limits), "{xml}");
                }
            }
        }
        assert!(accepted > 1000, "{accepted}");
    }
}
