//! Checks a `.xls` or `.ods` file before calamine reads it.
//!
//! For these formats calamine builds each sheet as a dense rectangle (every
//! cell between the first and the last, 32 bytes each), and for `.xls` it
//! also reserves room for the rectangle a sheet's DIMENSIONS record claims.
//! A hostile file of a few hundred bytes can thus make it allocate gigabytes
//! (two cells at A1 and IV65536; a row repeated a million times in an
//! `.ods`; a DIMENSIONS record claiming four billion rows) — and a failed
//! allocation aborts the process, which no `catch_unwind` can stop. So the
//! records calamine will read are walked here first, exactly as calamine
//! walks them, and the rectangle each sheet would cost is held to the
//! limits. Nothing is kept: this is a cheap pass over bytes already in memory.
//! (`.xlsx` needs none of this: it is read cell by cell as it streams.)

use std::io::{Cursor, Read};

use super::{FileError, Limits};

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

/// BIFF records as calamine's `RecordIter` yields them: type and data, with
/// the CONTINUE records that follow a record skipped (calamine appends them
/// to it). Stops at the first record that runs past the end.
struct Records<'a> {
    stream: &'a [u8],
}

impl<'a> Iterator for Records<'a> {
    type Item = (u16, &'a [u8]);

    fn next(&mut self) -> Option<(u16, &'a [u8])> {
        let typ = u16_at(self.stream, 0)?;
        let len = usize::from(u16_at(self.stream, 2)?);
        let data = self.stream.get(4..4 + len)?;
        self.stream = self.stream.get(4 + len..)?;
        while self.stream.len() > 4 && u16_at(self.stream, 0) == Some(0x003C) {
            let len = usize::from(u16_at(self.stream, 2)?);
            self.stream = self.stream.get(4 + len..)?;
        }
        Some((typ, data))
    }
}

/// `.xls`: the Workbook stream's sheets, walked as calamine walks them.
pub(super) fn xls(bytes: &[u8], limits: &Limits) -> Result<(), FileError> {
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

    // Globals: where each sheet's records start (BoundSheet8), up to EOF.
    let mut sheets: Vec<usize> = Vec::new();
    for (typ, data) in (Records { stream: &stream }) {
        match typ {
            0x0085 => sheets.push(
                u32_at(data, 0)
                    .map(|p| p as usize)
                    .ok_or_else(|| damaged("BoundSheet8 ngắn".into()))?,
            ),
            0x000A => break,
            _ => {}
        }
    }
    for (n, pos) in sheets.into_iter().enumerate() {
        let label = format!("thứ {}", n + 1);
        let sheet = stream
            .get(pos..)
            .ok_or_else(|| damaged(format!("trang {label} bắt đầu ngoài luồng ({pos})")))?;
        xls_sheet(sheet, &label, limits)?;
    }
    Ok(())
}

/// A BIFF8 sheet's size: no real `.xls` has a cell beyond IV65536.
const BIFF8_ROWS: u64 = 65_536;
const BIFF8_COLS: u64 = 256;

fn xls_sheet(stream: &[u8], sheet: &str, limits: &Limits) -> Result<(), FileError> {
    let mut extent = Extent::default();
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
                }
            }
            _ => {}
        }
    }
    extent.check(sheet, limits)
}

/// `.ods`: the rows and cells of `content.xml`, with their repeat counts.
pub(super) fn ods(bytes: &[u8], limits: &Limits) -> Result<(), FileError> {
    use quick_xml::events::{BytesStart, Event};

    let bad = |e: String| FileError::NotSpreadsheet(format!("tệp .ods hỏng: {e}"));
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).map_err(|e| bad(e.to_string()))?;
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

    let mut buf = Vec::new();
    let mut tables = 0usize; // depth of table:table
    let mut sheet = String::new();
    let mut extent = Extent::default();
    let mut row: u64 = 0; // index of the current row's first line
    let mut repeat_rows: u64 = 1;
    let mut col: u64 = 0;
    let mut row_cols: Option<(u64, u64)> = None;
    loop {
        let ev = xml.read_event_into(&mut buf).map_err(|e| bad(e.to_string()))?;
        let (start, empty) = match &ev {
            Event::Start(e) => (Some(e), false),
            Event::Empty(e) => (Some(e), true),
            _ => (None, false),
        };
        if let Some(e) = start {
            match e.name().as_ref() {
                "table:table" if !empty => {
                    tables += 1;
                    if tables == 1 {
                        sheet = e
                            .attributes()
                            .flatten()
                            .find(|a| a.key.as_ref() == "table:name")
                            .map(|a| format!("\"{}\"", a.value))
                            .unwrap_or_default();
                        extent = Extent::default();
                        row = 0;
                    }
                }
                "table:table-row" if tables == 1 => {
                    repeat_rows = repeat(e, "table:number-rows-repeated");
                    col = 0;
                    row_cols = None;
                    if empty {
                        row = row.saturating_add(repeat_rows);
                    }
                }
                "table:table-cell" | "table:covered-table-cell" if tables == 1 => {
                    let n = repeat(e, "table:number-columns-repeated");
                    // A cell with a value type, or with content of its own, is
                    // one calamine keeps; an empty one repeated costs nothing
                    // unless a kept one follows, which the column index covers.
                    if has_value(e) || !empty {
                        widen(&mut row_cols, col, col.saturating_add(n - 1));
                    }
                    col = col.saturating_add(n);
                }
                _ => {}
            }
        }
        match &ev {
            Event::End(e) => match e.name().as_ref() {
                "table:table" => {
                    if tables == 1 {
                        extent.check(&sheet, limits)?;
                    }
                    tables = tables.saturating_sub(1);
                }
                "table:table-row" if tables == 1 => {
                    if let Some((c0, c1)) = row_cols {
                        extent.add(row, row.saturating_add(repeat_rows - 1), c0, c1);
                    }
                    row = row.saturating_add(repeat_rows);
                }
                _ => {}
            },
            Event::Eof => break,
            _ => {}
        }
        buf.clear();
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

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
