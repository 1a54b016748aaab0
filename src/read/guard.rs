//! Checks a `.xls` or `.ods` file before calamine reads it, and reads what
//! calamine does not expose: each cell's font and percent format.
//!
//! For these formats calamine builds each sheet as a dense rectangle (every
//! cell between the first and the last, 32 bytes each), and for `.xls` it
//! also reserves room for the rectangle a sheet's DIMENSIONS record claims.
//! A hostile file of a few hundred bytes can thus make it allocate gigabytes
//! (two cells at A1 and IV65536; a row repeated a million times in an
//! `.ods`; a DIMENSIONS record claiming four billion rows) — and a failed
//! allocation aborts the process, which no `catch_unwind` can stop. It also
//! copies a text into every cell that shows it (an `.ods` cell repeated
//! across a row, an `.xls` shared string behind thousands of LABELSST cells),
//! so a 2 KB file can hold gigabytes of text. So the records calamine will
//! read are walked here first, exactly as calamine walks them, and the
//! rectangle each sheet would cost and the text bytes the workbook would
//! copy are held to the limits. On the same pass the cells' styles are
//! taken (FONT/FORMAT/XF records; `.ods` cell styles and value types): a
//! Unicode font means text is never converted, a percent format that the
//! number is a fraction. (`.xlsx` is read cell by cell as it streams, with
//! its styles; see `xlsx_scan` for what calamine does not say there.)

use std::collections::HashMap;
use std::io::{Cursor, Read};

use super::{FileError, Limits};
use crate::normalize::legacy::{font_of, Font};
use crate::normalize::number::format_is_percent;

/// What a cell's style says about its value.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(super) struct Style {
    pub font: Font,
    /// A percent number format: the number is a fraction (0.926 for 92,6 %).
    pub percent: bool,
}

/// A rectangle of cells with one style.
#[derive(Debug, Clone, Copy)]
struct Run {
    row0: u32,
    row1: u32,
    col0: u32,
    col1: u32,
    style: Style,
}

/// The styles of one sheet's cells, as runs in (row, column) order. Rows of
/// runs never overlap: in `.xls` a run is one row, in `.ods` one row element.
#[derive(Debug, Default)]
pub(super) struct CellStyles {
    runs: Vec<Run>,
}

impl CellStyles {
    fn push(&mut self, row0: u32, row1: u32, col0: u32, col1: u32, style: Style) {
        if style != Style::default() {
            self.runs.push(Run {
                row0,
                row1,
                col0,
                col1,
                style,
            });
        }
    }

    fn finish(&mut self) {
        self.runs.sort_by_key(|r| (r.row0, r.col0));
    }

    /// The style of the cell at (row, col); the default when none is known.
    pub fn get(&self, row: u32, col: u32) -> Style {
        let end = self.runs.partition_point(|r| r.row0 <= row);
        let Some(last) = end.checked_sub(1).map(|i| self.runs[i]) else {
            return Style::default();
        };
        if last.row1 < row {
            return Style::default();
        }
        // The runs of the row element that holds `row`, in column order.
        let band = &self.runs[..end];
        let start = band.partition_point(|r| r.row0 < last.row0);
        let band = &band[start..];
        let i = band.partition_point(|r| r.col1 < col);
        match band.get(i) {
            Some(r) if r.col0 <= col => r.style,
            _ => Style::default(),
        }
    }
}

/// A cell whose stored data cannot be read as it stands.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Broken {
    pub sheet: String,
    pub row: u32,
    pub col: u32,
    /// The value as the file stores it.
    pub raw: String,
    pub why_vi: &'static str,
    pub why_en: &'static str,
}

/// A formula cell saved without its value: position and formula text.
pub(super) type Uncached = ((u32, u32), String);

/// What the pre-read found: styles per sheet name, and broken cells.
#[derive(Debug, Default)]
pub(super) struct Guarded {
    pub styles: HashMap<String, CellStyles>,
    pub broken: Vec<Broken>,
    /// `.ods`: formula cells stored without a value, per sheet name, with
    /// the formula in Excel's A1 syntax (as far as it translates).
    pub formulas: HashMap<String, Vec<Uncached>>,
}

/// The text bytes a workbook makes the reader hold, against
/// [`Limits::text_bytes`].
#[derive(Debug)]
pub(super) struct Budget {
    used: u64,
    limit: u64,
}

impl Budget {
    pub fn new(limits: &Limits) -> Budget {
        Budget {
            used: 0,
            limit: limits.text_bytes,
        }
    }

    pub fn add(&mut self, bytes: u64) -> Result<(), FileError> {
        self.used = self.used.saturating_add(bytes);
        if self.used > self.limit {
            return Err(FileError::TextTooLarge { limit: self.limit });
        }
        Ok(())
    }
}

/// The rectangle of one sheet's cells, as row and column bounds.
#[derive(Debug, Default, Clone, Copy)]
struct Extent {
    rows: Option<(u64, u64)>,
    cols: Option<(u64, u64)>,
}

/// Widens the span `lo..=hi` to cover `a..=b`.
fn widen(span: &mut Option<(u64, u64)>, a: u64, b: u64) {
    *span = Some(match *span {
        Some((lo, hi)) => (lo.min(a), hi.max(b)),
        None => (a, b),
    });
}

impl Extent {
    fn add(&mut self, r0: u64, r1: u64, c0: u64, c1: u64) {
        widen(&mut self.rows, r0, r1);
        widen(&mut self.cols, c0, c1);
    }

    /// Holds the sheet to the row, column and cell limits.
    fn check(&self, sheet: &str, limits: &Limits) -> Result<(), FileError> {
        let (Some((r0, r1)), Some((c0, c1))) = (self.rows, self.cols) else {
            return Ok(());
        };
        if r1 >= u64::from(limits.rows) {
            return Err(too_large(sheet, "số dòng", r1.saturating_add(1), u64::from(limits.rows)));
        }
        if c1 >= u64::from(limits.cols) {
            return Err(too_large(sheet, "số cột", c1.saturating_add(1), u64::from(limits.cols)));
        }
        dense(sheet, (r1 - r0).saturating_add(1), (c1 - c0).saturating_add(1), limits)
    }
}

fn too_large(sheet: &str, what: &str, n: u64, limit: u64) -> FileError {
    FileError::TooLarge(format!("trang {sheet}: {what} {n} vượt giới hạn {limit}"))
}

/// A rectangle of `rows` × `cols` cells is within `limits.cells`.
fn dense(sheet: &str, rows: u64, cols: u64, limits: &Limits) -> Result<(), FileError> {
    let cells = rows.saturating_mul(cols);
    if cells > limits.cells {
        return Err(FileError::TooLarge(format!(
            "trang {sheet} trải trên {rows} dòng × {cols} cột = {cells} ô (giới hạn {} ô)",
            limits.cells
        )));
    }
    Ok(())
}

fn damaged(what: String) -> FileError {
    FileError::NotSpreadsheet(format!("tệp .xls hỏng: {what}"))
}

fn u16_at(b: &[u8], at: usize) -> Option<u16> {
    Some(u16::from_le_bytes([*b.get(at)?, *b.get(at + 1)?]))
}

fn u32_at(b: &[u8], at: usize) -> Option<u32> {
    Some(u32::from_le_bytes([*b.get(at)?, *b.get(at + 1)?, *b.get(at + 2)?, *b.get(at + 3)?]))
}

/// The record at the start of `stream` (type and data) and what follows it;
/// `None` when it runs past the end.
fn record(stream: &[u8]) -> Option<(u16, &[u8], &[u8])> {
    let typ = u16_at(stream, 0)?;
    let len = usize::from(u16_at(stream, 2)?);
    Some((typ, stream.get(4..4 + len)?, stream.get(4 + len..)?))
}

/// Every BIFF record, CONTINUE records included: type and data. Stops at the
/// first record that runs past the end.
struct AllRecords<'a> {
    stream: &'a [u8],
}

impl<'a> Iterator for AllRecords<'a> {
    type Item = (u16, &'a [u8]);

    fn next(&mut self) -> Option<(u16, &'a [u8])> {
        let (typ, data, rest) = record(self.stream)?;
        self.stream = rest;
        Some((typ, data))
    }
}

/// BIFF records as calamine's `RecordIter` yields them: type and data, with
/// the CONTINUE records that follow a record skipped (calamine appends them
/// to it). Stops at the first record that runs past the end.
struct Records<'a> {
    stream: &'a [u8],
}

impl<'a> Iterator for Records<'a> {
    type Item = (u16, &'a [u8]);

    fn next(&mut self) -> Option<(u16, &'a [u8])> {
        let (typ, data, rest) = record(self.stream)?;
        self.stream = rest;
        while self.stream.len() > 4 && u16_at(self.stream, 0) == Some(0x003C) {
            self.stream = record(self.stream)?.2;
        }
        Some((typ, data))
    }
}

/// UTF-8 bytes of `n` characters stored one byte each (Latin-1) or two
/// (UTF-16LE) in `b`; also how many bytes of `b` they took.
fn utf8_len(b: &[u8], n: usize, high: bool) -> (u64, usize) {
    let width = if high { 2 } else { 1 };
    let n = n.min(b.len() / width);
    let mut bytes = 0u64;
    for i in 0..n {
        let u = if high {
            u32::from(u16::from_le_bytes([b[2 * i], b[2 * i + 1]]))
        } else {
            u32::from(b[i])
        };
        bytes += match u {
            0..=0x7F => 1,
            0x80..=0x7FF => 2,
            _ => 3,
        };
    }
    (bytes, n * width)
}

/// A BIFF8 string's text (XLUnicodeString body: flags byte then characters).
fn biff_text(b: &[u8], cch: usize) -> String {
    let Some(&flags) = b.first() else {
        return String::new();
    };
    let b = &b[1..];
    if flags & 1 == 1 {
        let units: Vec<u16> = b.chunks_exact(2).take(cch).map(|c| u16::from_le_bytes([c[0], c[1]])).collect();
        String::from_utf16_lossy(&units)
    } else {
        b.iter().take(cch).map(|&c| char::from(c)).collect()
    }
}

/// A reader over the SST record and its CONTINUE records.
struct Segments<'a> {
    segs: Vec<&'a [u8]>,
    seg: usize,
    off: usize,
}

impl<'a> Segments<'a> {
    fn rest(&self) -> &'a [u8] {
        self.segs.get(self.seg).map(|s| s.get(self.off..).unwrap_or(&[])).unwrap_or(&[])
    }

    /// Moves to the next segment when this one is used up; false at the end.
    fn ensure(&mut self) -> bool {
        while self.rest().is_empty() {
            if self.seg + 1 >= self.segs.len() {
                return false;
            }
            self.seg += 1;
            self.off = 0;
        }
        true
    }

    fn bytes<const N: usize>(&mut self) -> Option<[u8; N]> {
        let mut out = [0u8; N];
        for b in out.iter_mut() {
            if !self.ensure() {
                return None;
            }
            *b = self.rest()[0];
            self.off += 1;
        }
        Some(out)
    }

    fn skip(&mut self, mut n: u64) -> Option<()> {
        while n > 0 {
            if !self.ensure() {
                return None;
            }
            let take = (self.rest().len() as u64).min(n);
            self.off += take as usize;
            n -= take;
        }
        Some(())
    }
}

/// The UTF-8 length of each string of the shared string table (SST), as
/// calamine will decode it: characters may continue into the next CONTINUE
/// record, which then starts with a new flags byte.
fn sst_lengths(segs: Vec<&[u8]>) -> Vec<u64> {
    let mut r = Segments { segs, seg: 0, off: 0 };
    let mut out = Vec::new();
    if r.skip(8).is_none() {
        return out;
    }
    while let Some(cch) = r.bytes::<2>().map(u16::from_le_bytes) {
        let Some([flags]) = r.bytes::<1>() else { break };
        let runs = if flags & 0x8 != 0 {
            r.bytes::<2>().map(|b| u64::from(u16::from_le_bytes(b)))
        } else {
            Some(0)
        };
        let ext = if flags & 0x4 != 0 {
            r.bytes::<4>().map(|b| u64::from(u32::from_le_bytes(b)))
        } else {
            Some(0)
        };
        let (Some(runs), Some(ext)) = (runs, ext) else { break };
        let (mut left, mut high, mut len) = (usize::from(cch), flags & 1 == 1, 0u64);
        while left > 0 {
            if r.rest().is_empty() {
                // The characters go on in the next record, after a flags byte.
                let Some([f]) = r.bytes::<1>() else { break };
                high = f & 1 == 1;
            }
            let (bytes, used) = utf8_len(r.rest(), left, high);
            if used == 0 {
                break;
            }
            len += bytes;
            left -= used / if high { 2 } else { 1 };
            r.off += used;
        }
        out.push(len);
        if left > 0 || r.skip(4 * runs + ext).is_none() {
            break;
        }
    }
    out
}

/// Fonts, number formats and cell formats (XF) of the globals substream.
#[derive(Default)]
struct XlsStyles {
    fonts: Vec<Font>,
    percent_formats: Vec<u16>,
    /// Per XF: the font and whether the format is a percentage.
    xfs: Vec<Style>,
}

impl XlsStyles {
    fn xf(&self, ixfe: u16) -> Style {
        self.xfs.get(usize::from(ixfe)).copied().unwrap_or_default()
    }
}

/// `.xls`: the Workbook stream's sheets, walked as calamine walks them.
pub(super) fn xls(bytes: &[u8], limits: &Limits) -> Result<Guarded, FileError> {
    let mut cfb = cfb::CompoundFile::open(Cursor::new(bytes)).map_err(|e| damaged(format!("vỏ OLE: {e}")))?;
    let name = if cfb.is_stream("/Workbook") {
        "/Workbook"
    } else if cfb.is_stream("/Book") {
        "/Book"
    } else {
        return Err(damaged("không có luồng Workbook".into()));
    };
    let mut stream = Vec::new();
    let reader = cfb.open_stream(name).map_err(|e| damaged(format!("luồng Workbook: {e}")))?;
    let cap = limits.part_bytes.min(bytes.len() as u64 * 2 + 4096);
    reader
        .take(cap.saturating_add(1))
        .read_to_end(&mut stream)
        .map_err(|e| damaged(format!("luồng Workbook: {e}")))?;
    if stream.len() as u64 > cap {
        return Err(FileError::TooLarge(format!("luồng Workbook lớn hơn {cap} byte")));
    }

    // Globals: where each sheet's records start and its name (BoundSheet8),
    // the styles and the shared strings, up to EOF.
    let mut budget = Budget::new(limits);
    let mut sheets: Vec<(usize, String)> = Vec::new();
    let mut styles = XlsStyles::default();
    let mut xf_formats: Vec<(u16, u16)> = Vec::new();
    let mut biff8 = false;
    let mut sst: Vec<&[u8]> = Vec::new();
    let mut last = 0u16;
    for (typ, data) in (AllRecords { stream: &stream }) {
        match typ {
            0x0809 => biff8 = u16_at(data, 0) == Some(0x0600),
            0x0085 => {
                let pos = u32_at(data, 0)
                    .map(|p| p as usize)
                    .ok_or_else(|| damaged("BoundSheet8 ngắn".into()))?;
                let name = data
                    .get(6)
                    .map(|&n| biff_text(data.get(7..).unwrap_or(&[]), usize::from(n)))
                    .unwrap_or_default();
                sheets.push((pos, name));
            }
            0x0031 if biff8 => {
                let name = data
                    .get(14)
                    .map(|&n| biff_text(data.get(15..).unwrap_or(&[]), usize::from(n)))
                    .unwrap_or_default();
                styles.fonts.push(font_of(&name));
            }
            0x041E if biff8 => {
                if let (Some(ifmt), Some(cch)) = (u16_at(data, 0), u16_at(data, 2)) {
                    if format_is_percent(&biff_text(data.get(4..).unwrap_or(&[]), usize::from(cch))) {
                        styles.percent_formats.push(ifmt);
                    }
                }
            }
            0x00E0 if biff8 => {
                if let (Some(ifnt), Some(ifmt)) = (u16_at(data, 0), u16_at(data, 2)) {
                    xf_formats.push((ifnt, ifmt));
                }
            }
            0x00FC => sst = vec![data],
            0x003C if last == 0x00FC => sst.push(data),
            0x000A => break,
            _ => {}
        }
        if typ != 0x003C {
            last = typ;
        }
    }
    // Font 4 does not exist in BIFF: XF font indices above 4 count from 5.
    styles.xfs = xf_formats
        .iter()
        .map(|&(ifnt, ifmt)| {
            let font = usize::from(if ifnt > 4 { ifnt - 1 } else { ifnt });
            Style {
                font: styles.fonts.get(font).copied().unwrap_or_default(),
                percent: matches!(ifmt, 9 | 10) || styles.percent_formats.contains(&ifmt),
            }
        })
        .collect();
    let strings = sst_lengths(sst);
    // calamine holds each shared string once, with a String's own 24 bytes.
    budget.add(strings.iter().map(|l| l + 24).sum())?;
    let mut out = Guarded::default();
    for (n, (pos, name)) in sheets.into_iter().enumerate() {
        let label = format!("thứ {}", n + 1);
        let sheet = stream
            .get(pos..)
            .ok_or_else(|| damaged(format!("trang {label} bắt đầu ngoài luồng ({pos})")))?;
        let cells = XlsSheet {
            styles: &styles,
            strings: &strings,
            name: &name,
        };
        let found = cells.walk(sheet, &label, limits, &mut budget, &mut out.broken)?;
        out.styles.insert(name, found);
    }
    Ok(out)
}

/// A BIFF8 sheet's size: no real `.xls` has a cell beyond IV65536.
const BIFF8_ROWS: u64 = 65_536;
const BIFF8_COLS: u64 = 256;

struct XlsSheet<'a> {
    styles: &'a XlsStyles,
    strings: &'a [u64],
    name: &'a str,
}

#[cfg(test)]
fn xls_sheet(stream: &[u8], sheet: &str, limits: &Limits) -> Result<(), FileError> {
    let styles = XlsStyles::default();
    let s = XlsSheet {
        styles: &styles,
        strings: &[],
        name: sheet,
    };
    s.walk(stream, sheet, limits, &mut Budget::new(limits), &mut Vec::new()).map(|_| ())
}

impl XlsSheet<'_> {
    fn walk(
        &self,
        stream: &[u8],
        sheet: &str,
        limits: &Limits,
        budget: &mut Budget,
        broken: &mut Vec<Broken>,
    ) -> Result<CellStyles, FileError> {
        let mut extent = Extent::default();
        let mut styles = CellStyles::default();
        let mut seen_bof = false;
        let mut depth = 0usize;
        for (typ, d) in (Records { stream }) {
            if depth > 0 {
                match typ {
                    0x0809 => depth += 1,
                    0x000A => depth -= 1,
                    _ => {}
                }
                continue;
            }
            let at = |d: &[u8]| -> Option<(u64, u64)> { Some((u64::from(u16_at(d, 0)?), u64::from(u16_at(d, 2)?))) };
            match typ {
                0x0809 if seen_bof => depth += 1,
                0x0809 => seen_bof = true,
                0x000A => break,
                // DIMENSIONS: calamine reserves room for the rectangle it claims,
                // computed with the same (wrapping) arithmetic as here.
                0x0200 => {
                    let (rf, rl, cf, cl) = match d.len() {
                        10 => (
                            u32::from(u16_at(d, 0).unwrap_or(0)),
                            u32::from(u16_at(d, 2).unwrap_or(0)),
                            u32::from(u16_at(d, 4).unwrap_or(0)),
                            u32::from(u16_at(d, 6).unwrap_or(0)),
                        ),
                        14 | 16 => (
                            u32_at(d, 0).unwrap_or(0),
                            u32_at(d, 4).unwrap_or(0),
                            u32::from(u16_at(d, 8).unwrap_or(0)),
                            u32::from(u16_at(d, 10).unwrap_or(0)),
                        ),
                        _ => continue,
                    };
                    let cf = if cf > 0xFF || cl < cf { 0 } else { cf };
                    if rl >= 1 && cl >= 1 {
                        if rl - 1 < rf || cl - 1 < cf {
                            return Err(damaged(format!("trang {sheet}: vùng DIMENSIONS ngược")));
                        }
                        let (rows, cols) = (u64::from(rl - 1 - rf) + 1, u64::from(cl - 1 - cf) + 1);
                        // Beyond what the format can hold, even with --no-limits.
                        if rows > BIFF8_ROWS || cols > BIFF8_COLS {
                            return Err(damaged(format!("trang {sheet}: DIMENSIONS khai {rows} dòng × {cols} cột")));
                        }
                        dense(sheet, rows, cols, limits)?;
                    }
                }
                // Number, Label, RString, BoolErr, RK, LabelSst, Formula: one cell.
                0x0203 | 0x0204 | 0x00D6 | 0x0205 | 0x027E | 0x00FD | 0x0006 => {
                    if let Some((r, c)) = at(d) {
                        if c >= BIFF8_COLS {
                            return Err(damaged(format!("trang {sheet}: ô ở cột {}", c + 1)));
                        }
                        extent.add(r, r, c, c);
                        self.cell(typ, d, (r as u32, c as u32), budget, broken, &mut styles)?;
                    }
                }
                // String: the text result of the formula before it.
                0x0207 => {
                    if let Some(cch) = u16_at(d, 0) {
                        let flags = d.get(2).copied().unwrap_or(0);
                        budget.add(utf8_len(d.get(3..).unwrap_or(&[]), usize::from(cch), flags & 1 == 1).0)?;
                    }
                }
                // MulRk: a run of cells in one row.
                0x00BD if d.len() >= 6 => {
                    if let (Some((r, first)), Some(last)) = (at(d), u16_at(d, d.len() - 2)) {
                        let last = u64::from(last);
                        if last < first || last >= BIFF8_COLS {
                            return Err(damaged(format!("trang {sheet}: bản ghi MulRk sai cột")));
                        }
                        extent.add(r, r, first, last);
                        for (i, c) in (first..=last).enumerate() {
                            if let Some(ixfe) = u16_at(d, 4 + 6 * i) {
                                let s = self.styles.xf(ixfe);
                                let s = Style { font: Font::Unknown, ..s };
                                styles.push(r as u32, r as u32, c as u32, c as u32, s);
                            }
                        }
                    }
                }
                _ => {}
            }
            if styles.runs.len() as u64 > limits.cells {
                return Err(dense(sheet, styles.runs.len() as u64, 1, limits).unwrap_err());
            }
        }
        extent.check(sheet, limits)?;
        styles.finish();
        Ok(styles)
    }

    /// One cell record: its style, and the text it makes calamine hold.
    fn cell(
        &self,
        typ: u16,
        d: &[u8],
        (r, c): (u32, u32),
        budget: &mut Budget,
        broken: &mut Vec<Broken>,
        styles: &mut CellStyles,
    ) -> Result<(), FileError> {
        let style = u16_at(d, 4).map(|x| self.styles.xf(x)).unwrap_or_default();
        let text = matches!(typ, 0x0204 | 0x00D6 | 0x00FD);
        // A text needs its font; a number only its format.
        let style = if text {
            Style { percent: false, ..style }
        } else {
            Style {
                font: Font::Unknown,
                ..style
            }
        };
        styles.push(r, r, c, c, style);
        match typ {
            0x00FD => match u32_at(d, 6) {
                Some(i) if (i as usize) < self.strings.len() => budget.add(self.strings[i as usize] + 24)?,
                Some(i) => broken.push(Broken {
                    sheet: self.name.to_string(),
                    row: r,
                    col: c,
                    raw: i.to_string(),
                    why_vi: "ô trỏ tới một chuỗi dùng chung không có trong bảng chuỗi của tệp",
                    why_en: "the cell points at a shared string the file's string table does not have",
                }),
                None => {}
            },
            0x0204 | 0x00D6 => {
                if let Some(cch) = u16_at(d, 6) {
                    let flags = d.get(8).copied().unwrap_or(0);
                    budget.add(utf8_len(d.get(9..).unwrap_or(&[]), usize::from(cch), flags & 1 == 1).0 + 24)?;
                }
            }
            _ => {}
        }
        Ok(())
    }
}

/// `.ods` cell styles: each style's font (through its parents) and the
/// workbook's default, from `styles.xml` and `content.xml`.
#[derive(Default)]
struct OdsStyles {
    /// style:font-face name → font family.
    faces: HashMap<String, String>,
    /// table-cell style name → (font name or family, parent style).
    cells: HashMap<String, (Option<String>, Option<String>)>,
    default_font: Option<String>,
    /// The style whose text-properties are being read: a cell style name,
    /// or `None` with `in_default` for the table-cell default style.
    current: Option<String>,
    in_default: bool,
}

fn attr(e: &quick_xml::events::BytesStart, key: &str) -> Option<String> {
    e.attributes()
        .flatten()
        .find(|a| a.key.as_ref() == key)
        .map(|a| a.value.to_string())
}

impl OdsStyles {
    /// Takes what it needs from one start (or empty) element.
    fn element(&mut self, e: &quick_xml::events::BytesStart, empty: bool) {
        match e.name().as_ref() {
            "style:font-face" => {
                if let (Some(n), Some(f)) = (attr(e, "style:name"), attr(e, "svg:font-family")) {
                    self.faces.insert(n, f);
                }
            }
            "style:style" if attr(e, "style:family").as_deref() == Some("table-cell") => {
                if let Some(n) = attr(e, "style:name") {
                    self.cells.insert(n.clone(), (None, attr(e, "style:parent-style-name")));
                    self.current = (!empty).then_some(n);
                }
            }
            "style:default-style" if attr(e, "style:family").as_deref() == Some("table-cell") => {
                self.in_default = !empty;
            }
            "style:text-properties" => {
                let font = attr(e, "style:font-name").or_else(|| attr(e, "fo:font-family"));
                if let Some(font) = font {
                    if let Some(cur) = &self.current {
                        if let Some(s) = self.cells.get_mut(cur) {
                            s.0 = Some(font);
                        }
                    } else if self.in_default {
                        self.default_font = Some(font);
                    }
                }
            }
            _ => {}
        }
    }

    fn end(&mut self, name: &str) {
        match name {
            "style:style" => self.current = None,
            "style:default-style" => self.in_default = false,
            _ => {}
        }
    }

    /// The font class of a cell style (through at most 8 parents).
    fn font(&self, style: &str) -> Font {
        let mut name = Some(style.to_string());
        for _ in 0..8 {
            let Some(n) = name else { break };
            match self.cells.get(&n) {
                Some((Some(f), _)) => return font_of(self.faces.get(f).unwrap_or(f)),
                Some((None, parent)) => name = parent.clone(),
                None => break,
            }
        }
        self.default_font
            .as_deref()
            .map(|f| font_of(self.faces.get(f).map(String::as_str).unwrap_or(f)))
            .unwrap_or_default()
    }
}

/// An OpenFormula cell formula ("of:=SUM([.C5:.C14])") in Excel's A1
/// syntax ("SUM(C5:C14)"). References to other sheets keep their brackets,
/// which the evaluator does not take.
fn ods_formula(f: &str) -> String {
    let f = f
        .split_once(':')
        .filter(|(ns, _)| !ns.contains(['(', '[', '"']))
        .map_or(f, |(_, rest)| rest);
    let f = f.strip_prefix('=').unwrap_or(f);
    let mut out = String::with_capacity(f.len());
    let mut rest = f;
    while let Some(i) = rest.find("[.") {
        out.push_str(&rest[..i]);
        let after = &rest[i + 2..];
        match after.find(']') {
            Some(j) => {
                out.push_str(&after[..j].replace(":.", ":"));
                rest = &after[j + 1..];
            }
            None => {
                out.push_str(&rest[i..]);
                rest = "";
            }
        }
    }
    out.push_str(rest);
    out.replace(';', ",")
}

/// `.ods`: the rows and cells of `content.xml`, with their repeat counts,
/// styles and text.
pub(super) fn ods(bytes: &[u8], limits: &Limits) -> Result<Guarded, FileError> {
    use quick_xml::events::{BytesStart, Event};

    let bad = |e: String| FileError::NotSpreadsheet(format!("tệp .ods hỏng: {e}"));
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).map_err(|e| bad(e.to_string()))?;
    let mut styles = OdsStyles::default();
    if let Ok(part) = zip.by_name("styles.xml") {
        let mut xml = quick_xml::Reader::from_reader(std::io::BufReader::new(part.take(limits.part_bytes)));
        let mut buf = Vec::new();
        loop {
            match xml.read_event_into(&mut buf) {
                Ok(Event::Start(e)) => styles.element(&e, false),
                Ok(Event::Empty(e)) => styles.element(&e, true),
                Ok(Event::End(e)) => styles.end(e.name().as_ref()),
                Ok(Event::Eof) | Err(_) => break,
                _ => {}
            }
            buf.clear();
        }
    }
    let content = zip.by_name("content.xml").map_err(|e| bad(e.to_string()))?;
    let mut xml = quick_xml::Reader::from_reader(std::io::BufReader::new(content.take(limits.part_bytes)));
    let repeat = |e: &BytesStart, key: &str| -> u64 {
        e.attributes()
            .flatten()
            .find(|a| a.key.as_ref() == key)
            .and_then(|a| a.value.trim().parse::<u64>().ok())
            .unwrap_or(1)
            .max(1)
    };
    let has_value = |e: &BytesStart| e.attributes().flatten().any(|a| a.key.as_ref() == "office:value-type");

    let mut out = Guarded::default();
    let mut budget = Budget::new(limits);
    let mut buf = Vec::new();
    let mut tables = 0usize; // depth of table:table
    let mut sheet = String::new();
    let mut sheet_name = String::new();
    let mut extent = Extent::default();
    let mut cell_styles = CellStyles::default();
    // Column default styles of the current table: (first column, last, style).
    let mut columns: Vec<(u64, u64, String)> = Vec::new();
    let mut next_column: u64 = 0;
    let mut row: u64 = 0; // index of the current row's first line
    let mut repeat_rows: u64 = 1;
    let mut row_style: Option<String> = None;
    let mut col: u64 = 0;
    let mut row_cols: Option<(u64, u64)> = None;
    // The cell being read: its columns and the text bytes it holds so far.
    let mut cell: Option<(u64, u64, u64)> = None;
    let mut in_body = false;
    let mut fonts: HashMap<String, Font> = HashMap::new();
    loop {
        let ev = xml.read_event_into(&mut buf).map_err(|e| bad(e.to_string()))?;
        let (start, empty) = match &ev {
            Event::Start(e) => (Some(e), false),
            Event::Empty(e) => (Some(e), true),
            _ => (None, false),
        };
        if let Some(e) = start {
            if !in_body {
                if e.name().as_ref() == "office:body" {
                    in_body = true;
                } else {
                    styles.element(e, empty);
                }
            }
            match e.name().as_ref() {
                "table:table" if !empty => {
                    tables += 1;
                    if tables == 1 {
                        sheet_name = attr(e, "table:name").unwrap_or_default();
                        sheet = format!("\"{sheet_name}\"");
                        extent = Extent::default();
                        cell_styles = CellStyles::default();
                        columns.clear();
                        next_column = 0;
                        row = 0;
                    }
                }
                "table:table-column" if tables == 1 => {
                    let n = repeat(e, "table:number-columns-repeated");
                    if let Some(s) = attr(e, "table:default-cell-style-name") {
                        if columns.len() < 10_000 {
                            columns.push((next_column, next_column.saturating_add(n - 1), s));
                        }
                    }
                    next_column = next_column.saturating_add(n);
                }
                "table:table-row" if tables == 1 => {
                    repeat_rows = repeat(e, "table:number-rows-repeated");
                    row_style = attr(e, "table:default-cell-style-name");
                    col = 0;
                    row_cols = None;
                    if empty {
                        row = row.saturating_add(repeat_rows);
                    }
                }
                "table:table-cell" | "table:covered-table-cell" if tables == 1 => {
                    let n = repeat(e, "table:number-columns-repeated");
                    let (c0, c1) = (col, col.saturating_add(n - 1));
                    // A formula saved without its result (by a script): calamine reads nothing.
                    if let (Some(f), false) = (attr(e, "table:formula"), has_value(e)) {
                        let list = out.formulas.entry(sheet_name.clone()).or_default();
                        if let (Ok(r), Ok(c), true) = (u32::try_from(row), u32::try_from(c0), list.len() < 100_000) {
                            list.push(((r, c), ods_formula(&f)));
                        }
                    }
                    // A cell with a value type, or with content of its own, is
                    // one calamine keeps; an empty one repeated costs nothing
                    // unless a kept one follows, which the column index covers.
                    if has_value(e) || !empty {
                        widen(&mut row_cols, c0, c1);
                        let style = attr(e, "table:style-name")
                            .or_else(|| row_style.clone())
                            .or_else(|| {
                                // Column runs are in order: the last one starting at or before `col`.
                                let i = columns.partition_point(|(a, _, _)| *a <= col);
                                i.checked_sub(1)
                                    .map(|i| &columns[i])
                                    .filter(|(_, b, _)| col <= *b)
                                    .map(|c| c.2.clone())
                            })
                            .unwrap_or_else(|| "Default".to_string());
                        let font = match fonts.get(&style) {
                            Some(f) => *f,
                            None => {
                                let f = styles.font(&style);
                                if fonts.len() < 10_000 {
                                    fonts.insert(style, f);
                                }
                                f
                            }
                        };
                        let style = Style {
                            font,
                            percent: attr(e, "office:value-type").as_deref() == Some("percentage"),
                        };
                        let clamp = |x: u64| u32::try_from(x).unwrap_or(u32::MAX);
                        cell_styles.push(clamp(row), clamp(row.saturating_add(repeat_rows - 1)), clamp(c0), clamp(c1), style);
                        if cell_styles.runs.len() as u64 > limits.cells {
                            return Err(dense(&sheet, cell_styles.runs.len() as u64, 1, limits).unwrap_err());
                        }
                        if !empty {
                            cell = Some((c0, c1, 0));
                        }
                    }
                    col = col.saturating_add(n);
                }
                // Spaces calamine writes out: `<text:s text:c="1000000"/>`.
                "text:s" => {
                    if let Some((_, _, t)) = &mut cell {
                        *t = t.saturating_add(repeat(e, "text:c"));
                    }
                }
                "text:p" | "text:tab" | "text:line-break" => {
                    if let Some((_, _, t)) = &mut cell {
                        *t = t.saturating_add(1);
                    }
                }
                _ => {}
            }
        }
        match &ev {
            Event::Text(t) => {
                if let Some((_, _, n)) = &mut cell {
                    *n = n.saturating_add(t.len() as u64);
                }
            }
            Event::End(e) => match e.name().as_ref() {
                "table:table" => {
                    if tables == 1 {
                        extent.check(&sheet, limits)?;
                        cell_styles.finish();
                        out.styles.insert(std::mem::take(&mut sheet_name), std::mem::take(&mut cell_styles));
                    }
                    tables = tables.saturating_sub(1);
                }
                "table:table-row" if tables == 1 => {
                    if let Some((c0, c1)) = row_cols {
                        extent.add(row, row.saturating_add(repeat_rows - 1), c0, c1);
                    }
                    row = row.saturating_add(repeat_rows);
                }
                "table:table-cell" | "table:covered-table-cell" if tables == 1 => {
                    // calamine copies the cell's text into every cell it repeats to.
                    if let Some((c0, c1, text)) = cell.take() {
                        let copies = (c1 - c0 + 1).saturating_mul(repeat_rows);
                        budget.add(text.saturating_add(24).saturating_mul(copies))?;
                    }
                }
                name if !in_body => styles.end(name),
                _ => {}
            },
            Event::Eof => break,
            _ => {}
        }
        buf.clear();
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ods_formulas_in_a1_syntax() {
        assert_eq!(ods_formula("of:=SUM([.C5:.C14])"), "SUM(C5:C14)");
        assert_eq!(ods_formula("of:=[.B2]+[.$C$3]*2"), "B2+$C$3*2");
        assert_eq!(ods_formula("of:=SUM([.A1];[.B1:.B2])"), "SUM(A1,B1:B2)");
        assert_eq!(ods_formula("of:=[$Sheet2.A1]"), "[$Sheet2.A1]");
    }

    #[test]
    fn biff_records_skip_continue_and_stop_at_a_short_record() {
        let mut s = Vec::new();
        s.extend([0x09, 0x08, 2, 0, 0xAA, 0xBB]); // BOF, 2 bytes
        s.extend([0x3C, 0x00, 1, 0, 0xCC]); // CONTINUE
        s.extend([0x03, 0x02, 4, 0, 1, 0, 2, 0]); // NUMBER (short, but a record)
        s.extend([0x0A, 0x00, 9, 0, 1]); // EOF claiming 9 bytes, 1 present
        let got: Vec<(u16, usize)> = Records { stream: &s }.map(|(t, d)| (t, d.len())).collect();
        assert_eq!(got, [(0x0809, 2), (0x0203, 4)]);
    }

    #[test]
    fn a_sheet_is_held_to_its_rectangle_not_its_cell_count() {
        let limits = Limits::default();
        let mut e = Extent::default();
        e.add(0, 0, 0, 0);
        assert!(e.check("x", &limits).is_ok());
        e.add(65_535, 65_535, 199, 199);
        let err = e.check("x", &limits).unwrap_err().to_string();
        assert!(err.contains("65536 dòng × 200 cột"), "{err}");
        assert!(Extent::default().check("x", &limits).is_ok());
    }

    fn sheet(records: &[(u16, Vec<u8>)]) -> Vec<u8> {
        let mut s = Vec::new();
        for (t, d) in records {
            s.extend(t.to_le_bytes());
            s.extend((d.len() as u16).to_le_bytes());
            s.extend(d);
        }
        s
    }

    fn number(row: u16, col: u16) -> (u16, Vec<u8>) {
        let mut d = Vec::new();
        d.extend(row.to_le_bytes());
        d.extend(col.to_le_bytes());
        d.extend([0u8; 10]);
        (0x0203, d)
    }

    #[test]
    fn xls_sheets_are_measured_as_calamine_reads_them() {
        let limits = Limits::default();
        let bof = (0x0809, vec![0u8; 16]);
        let eof = (0x000A, vec![]);
        // Two cells far apart: a 65,536 × 200 rectangle; a cell beyond column IV.
        let far = sheet(&[bof.clone(), number(0, 0), number(65_535, 199), eof.clone()]);
        assert!(matches!(
            xls_sheet(&sheet(&[bof.clone(), number(0, 300), eof.clone()]), "1", &Limits::unlimited()),
            Err(FileError::NotSpreadsheet(_))
        ));
        assert!(matches!(xls_sheet(&far, "1", &limits), Err(FileError::TooLarge(_))));
        // The same cells inside an embedded chart's substream do not count.
        let nested = sheet(&[
            bof.clone(),
            number(0, 0),
            bof.clone(),
            number(65_535, 199),
            eof.clone(),
            eof.clone(),
        ]);
        assert!(xls_sheet(&nested, "1", &limits).is_ok());
        // DIMENSIONS claiming four billion rows, and one upside down.
        let mut dims = Vec::new();
        dims.extend(0u32.to_le_bytes());
        dims.extend(u32::MAX.to_le_bytes());
        dims.extend([0, 0, 10, 0, 0, 0]);
        assert!(matches!(
            xls_sheet(
                &sheet(&[bof.clone(), (0x0200, dims.clone()), eof.clone()]),
                "1",
                &Limits::unlimited()
            ),
            Err(FileError::NotSpreadsheet(_))
        ));
        let mut inverted = Vec::new();
        inverted.extend(10u32.to_le_bytes());
        inverted.extend(5u32.to_le_bytes());
        inverted.extend([0, 0, 10, 0, 0, 0]);
        assert!(matches!(
            xls_sheet(&sheet(&[bof.clone(), (0x0200, inverted), eof.clone()]), "1", &limits),
            Err(FileError::NotSpreadsheet(_))
        ));
        // MulRk whose last column is before its first.
        let mulrk = (0x00BD, vec![0, 0, 5, 0, 0, 0, 0, 0, 0, 0, 1, 0]);
        assert!(matches!(
            xls_sheet(&sheet(&[bof, mulrk, eof]), "1", &limits),
            Err(FileError::NotSpreadsheet(_))
        ));
    }
}
