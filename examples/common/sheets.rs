//! Sheets as grids of cells, and the messy layouts made from them; shared by
//! the sample generators (`#[path]`-included by `gen-samples.rs` and
//! `gen-dong-trieu.rs`), so the Kim Sơn samples and the Đông Triều folder are
//! messy in the same, documented ways.
//!
//! A canonical workbook (from `baocao::template::workbook`) is read back into
//! grids, the grids are transformed (numbers as text, NFD, TCVN3) and written
//! again; the single-sheet legacy layout is built from a `Report` directly.
#![allow(dead_code)]

use std::collections::BTreeMap;
use std::io::{Cursor, Read, Write};

use baocao::model::{Date, Report};
use baocao::normalize::legacy::{encode, Legacy};
use baocao::normalize::number::{format_decimal, format_int};
use calamine::{open_workbook_from_rs, Data, Reader, Xlsx};
use rust_xlsxwriter::{DocProperties, ExcelDateTime, Format, FormatAlign, Formula, Workbook, Worksheet};
use unicode_normalization::UnicodeNormalization;

pub type Res<T> = Result<T, Box<dyn std::error::Error>>;

/// One cell of a grid.
#[derive(Debug, Clone, PartialEq)]
pub enum V {
    S(String),
    N(f64),
    D(Date),
    /// Formula text without "=", and its cached result (None: no cached value).
    F(String, Option<f64>),
}

/// One sheet as cells and merged ranges (0-based, inclusive).
#[derive(Debug, Clone, Default)]
pub struct Grid {
    pub name: String,
    pub cells: BTreeMap<(u32, u16), V>,
    pub merges: Vec<(u32, u16, u32, u16)>,
    pub widths: Vec<(u16, f64)>,
}

impl Grid {
    pub fn new(name: &str) -> Grid {
        Grid {
            name: name.to_string(),
            ..Grid::default()
        }
    }
    pub fn s(&mut self, r: u32, c: u16, v: &str) {
        self.cells.insert((r, c), V::S(v.to_string()));
    }
    pub fn n(&mut self, r: u32, c: u16, v: f64) {
        self.cells.insert((r, c), V::N(v));
    }
}

// ---------------------------------------------------------------- reading back

pub fn read_grids(bytes: &[u8]) -> Res<Vec<Grid>> {
    let mut wb: Xlsx<_> = open_workbook_from_rs(Cursor::new(bytes.to_vec()))?;
    let mut grids = Vec::new();
    for name in wb.sheet_names() {
        let mut g = Grid::new(&name);
        let range = wb.worksheet_range(&name)?;
        let formulas = wb.worksheet_formula(&name)?;
        let (r0, c0) = range.start().unwrap_or((0, 0));
        for (r, c, d) in range.used_cells() {
            let (r, c) = (r as u32 + r0, (c as u32 + c0) as u16);
            let f = formulas.get_value((r, u32::from(c))).filter(|f| !f.is_empty());
            let v = match (f, d) {
                (Some(f), Data::Float(x)) => V::F(f.clone(), Some(*x)),
                (Some(f), _) => V::F(f.clone(), None),
                (None, Data::String(s)) if s.is_empty() => continue,
                (None, Data::String(s)) => V::S(s.clone()),
                (None, Data::Float(x)) => V::N(*x),
                (None, Data::Int(x)) => V::N(*x as f64),
                (None, Data::DateTime(dt)) => {
                    let (y, m, day, ..) = dt.to_ymd_hms_milli();
                    match Date::from_ymd_opt(i32::from(y), u32::from(m), u32::from(day)) {
                        Some(d) => V::D(d),
                        None => continue,
                    }
                }
                _ => continue,
            };
            g.cells.insert((r, c), v);
        }
        // Formula cells whose cached value is an empty string are not "used".
        let (fr0, fc0) = formulas.start().unwrap_or((0, 0));
        for (r, c, f) in formulas.used_cells() {
            let key = (r as u32 + fr0, (c as u32 + fc0) as u16);
            if !f.is_empty() {
                g.cells.entry(key).or_insert_with(|| V::F(f.clone(), None));
            }
        }
        if let Ok(merges) = wb.merge_cells_by_sheet_name(&name) {
            g.merges = merges
                .iter()
                .map(|d| (d.start.0, d.start.1 as u16, d.end.0, d.end.1 as u16))
                .collect();
        }
        g.widths = canonical_widths(&name);
        grids.push(g);
    }
    Ok(grids)
}

/// Column widths of the canonical sheets (calamine does not read them).
pub fn canonical_widths(name: &str) -> Vec<(u16, f64)> {
    let w: &[f64] = match name {
        "Thông tin" => &[22.0, 70.0, 10.0],
        "Hoạt động" => &[5.0, 50.0, 12.0, 12.0, 10.0, 20.0],
        "Chỉ tiêu" => &[5.0, 45.0, 14.0, 12.0, 12.0, 12.0, 20.0],
        "Văn bản chỉ đạo" => &[5.0, 20.0, 14.0, 26.0, 60.0],
        "Nội dung" => &[10.0, 28.0, 95.0],
        _ => &[110.0],
    };
    w.iter().enumerate().map(|(i, w)| (i as u16, *w)).collect()
}

// ---------------------------------------------------------------- xlsx writing

#[derive(Clone, Copy, PartialEq)]
pub enum Style {
    Plain,
    /// .VnTime everywhere; cells marked upper in .VnTimeH.
    Tcvn3,
}

/// Prefix of a text cell that must be shown in the capitals font (.VnTimeH);
/// stripped before writing. Only the TCVN3 variant uses it.
pub const UPPER_MARK: char = '\u{E000}';

/// Prefix of a text cell that must be shown in the TCVN3 font .VnTime in a
/// workbook whose other cells are in Times New Roman (the mixed-fonts
/// variant); stripped before writing.
pub const LEGACY_MARK: char = '\u{E001}';

/// Prefix of a number cell written as a fraction with a percent format
/// ("0.0%"): the text after it is the number format.
pub const PERCENT_MARK: char = '\u{E002}';

pub fn write_xlsx(grids: &[Grid], style: Style) -> Res<Vec<u8>> {
    let mut wb = Workbook::new();
    wb.set_properties(&DocProperties::new().set_creation_datetime(&ExcelDateTime::from_ymd(2018, 11, 26)?));
    let font = if style == Style::Tcvn3 { ".VnTime" } else { "Times New Roman" };
    let base = Format::new()
        .set_font_name(font)
        .set_font_size(12)
        .set_text_wrap()
        .set_align(FormatAlign::VerticalCenter);
    let upper = base.clone().set_font_name(".VnTimeH");
    let date = base.clone().set_num_format("dd/mm/yyyy");
    let int = base.clone().set_num_format("#,##0");
    for g in grids {
        let ws = wb.add_worksheet();
        ws.set_name(&g.name)?;
        for (c, w) in &g.widths {
            ws.set_column_width(*c, *w)?;
        }
        for &(r1, c1, r2, c2) in &g.merges {
            ws.merge_range(r1, c1, r2, c2, "", &base)?;
        }
        for (&(r, c), v) in &g.cells {
            write_cell(ws, r, c, v, &base, &upper, &date, &int)?;
        }
    }
    Ok(wb.save_to_buffer()?)
}

#[allow(clippy::too_many_arguments)]
pub fn write_cell(ws: &mut Worksheet, r: u32, c: u16, v: &V, base: &Format, upper: &Format, date: &Format, int: &Format) -> Res<()> {
    match v {
        V::S(s) => match (s.strip_prefix(UPPER_MARK), s.strip_prefix(LEGACY_MARK)) {
            (Some(rest), _) => ws.write_string_with_format(r, c, rest, upper)?,
            (_, Some(rest)) => ws.write_string_with_format(r, c, rest, &base.clone().set_font_name(".VnTime"))?,
            _ => match s.strip_prefix(PERCENT_MARK).and_then(|p| p.split_once('=')) {
                // "<mark>0.0%=0.934": a fraction shown as a percentage.
                Some((format, x)) => ws.write_number_with_format(r, c, x.parse::<f64>()?, &base.clone().set_num_format(format))?,
                None => ws.write_string_with_format(r, c, s, base)?,
            },
        },
        V::N(x) => ws.write_number_with_format(r, c, *x, if x.fract() == 0.0 { int } else { base })?,
        V::D(d) => {
            use chrono::Datelike;
            let dt = ExcelDateTime::from_ymd(d.year() as u16, d.month() as u8, d.day() as u8)?;
            ws.write_datetime_with_format(r, c, dt, date)?
        }
        V::F(f, cached) => {
            let mut formula = Formula::new(format!("={f}"));
            if let Some(x) = cached {
                formula = formula.set_result(x.to_string());
            }
            ws.write_formula_with_format(r, c, formula, int)?
        }
    };
    Ok(())
}

/// Removes the `<v>0</v>` rust_xlsxwriter stores for a formula without a
/// result, so the file holds formulas with no cached value at all (as files
/// written by some generators and never opened in Excel do).
pub fn strip_formula_values(xlsx: &[u8]) -> Res<Vec<u8>> {
    let mut zin = zip::ZipArchive::new(Cursor::new(xlsx))?;
    let mut zout = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let opts = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .last_modified_time(zip::DateTime::from_date_and_time(2018, 11, 26, 0, 0, 0)?);
    for i in 0..zin.len() {
        let mut f = zin.by_index(i)?;
        let name = f.name()?.to_string();
        let mut data = Vec::new();
        f.read_to_end(&mut data)?;
        if name.starts_with("xl/worksheets/sheet") {
            let s = String::from_utf8(data)?.replace("</f><v>0</v>", "</f>");
            data = s.into_bytes();
        }
        zout.start_file(name, opts)?;
        zout.write_all(&data)?;
    }
    Ok(zout.finish()?.into_inner())
}

// ---------------------------------------------------------------- 2. one sheet

/// What a ward types around its figures in the single-sheet layout.
pub struct OneSheet<'a> {
    /// B1 (e.g. "UBND PHƯỜNG KIM SƠN"); B2 is "TRUNG TÂM HỌC TẬP CỘNG ĐỒNG".
    pub heading: &'a str,
    /// B4, merged B4:H4.
    pub title: &'a str,
    /// The note under the table ("Ghi chú: số liệu tính đến 20/11/2018").
    pub note: &'a str,
    /// Who drew up the table (left of the signature).
    pub preparer: &'a str,
    /// Header of the indicators' previous-period column ("Năm 2017").
    pub previous: &'a str,
}

/// The activity names as the Kim Sơn 2018 report typed them (typos, a double
/// space, "hoá"), by TT 1–10.
pub const LEGACY_NAMES: [&str; 10] = [
    "Học chương trình xóa mù chữ, giáo dục trương trình sau biết chữ",
    "Học nghề ngắn hạn",
    "Chuyên đề Giáo dục pháp luật",
    "Chuyên đề  Giáo dục sức khỏe",
    "Chuyên đề Giáo dục môi trường",
    "Chuyên đề Văn hoá xã hội",
    "Chuyên đề Phát triển kinh tế",
    "Chuyên đề Giáo dục kỹ năng sống",
    "Chuyên đề của chương trình khác",
    "Các chương trình văn nghệ, thể dục thể thao được phổ biến",
];

/// The extra "Đơn vị phối hợp" column, by TT 1–10.
const PARTNERS: [&str; 10] = [
    "",
    "Phòng LĐTB&XH",
    "Tư pháp phường",
    "Trạm y tế",
    "",
    "Hội Phụ nữ",
    "Hội Nông dân",
    "Đoàn Thanh niên",
    "",
    "Nhà văn hóa các khu",
];

/// The legacy single-sheet layout (see sample-sheets/README.md for the cells).
/// Its total row holds =SUM formulas with no result (see [`strip_formula_values`]).
pub fn one_sheet(r: &Report, o: &OneSheet) -> Grid {
    let mut g = Grid::new("Sheet1");
    let (b, c) = (1u16, 2u16);
    g.s(0, b, o.heading);
    g.s(1, b, "TRUNG TÂM HỌC TẬP CỘNG ĐỒNG");
    g.s(3, b, o.title);
    g.merges.push((3, 1, 3, 7));
    let doc = &r.document;
    let opt = |v: &Option<String>| v.clone().unwrap_or_default();
    let info: Vec<(&str, String)> = vec![
        ("Cơ quan cấp trên:", opt(&r.unit.authority)),
        ("Đơn vị:", opt(&r.unit.issuer)),
        ("Xã/phường:", opt(&r.unit.area)),
        ("Số văn bản:", opt(&doc.number)),
        ("Địa danh:", opt(&doc.place)),
        ("Ngày:", String::new()),
        ("Kỳ:", r.period.map(|p| p.label()).unwrap_or_default()),
        ("Tiêu đề:", opt(&doc.title)),
        ("Kính gửi:", doc.recipients.join("; ")),
        ("Nơi nhận:", doc.copies_to.join("\n")),
        ("Thẩm quyền ký:", opt(&doc.signer.authority)),
        ("Chức vụ:", opt(&doc.signer.title)),
        ("Họ tên người ký:", opt(&doc.signer.name)),
    ];
    for (row, (label, value)) in (5u32..).zip(info) {
        g.s(row, b, label);
        if label == "Ngày:" {
            if let Some(d) = doc.date {
                g.cells.insert((row, c), V::D(d));
            }
        } else {
            g.s(row, c, &value);
        }
    }
    // Items end at row 17; two blank rows, then the section title.
    g.s(20, b, "BIỂU THỐNG KÊ KẾT QUẢ HOẠT ĐỘNG GIÁO DỤC");
    // Header rows 22–23 (Excel 23–24), columns B..H:
    // B STT | C Tên | D–E Lượt người tham gia (Tổng số, Trong đó nữ) | F Đơn vị phối hợp | G Số lớp | H Ghi chú
    let (h1, h2) = (22u32, 23u32);
    g.s(h1, 1, "STT");
    g.s(h1, 2, "Tên hoạt động\ngiáo dục");
    g.s(h1, 3, "Lượt người tham gia");
    g.s(h2, 3, "Tổng số");
    g.s(h2, 4, "Trong đó nữ");
    g.s(h1, 5, "Đơn vị phối hợp");
    g.s(h1, 6, "Số lớp\n(chuyên đề)");
    g.s(h1, 7, "Ghi chú");
    for col in [1u16, 2, 5, 6, 7] {
        g.merges.push((h1, col, h2, col));
    }
    g.merges.push((h1, 3, h1, 4));
    let first = h2 + 1;
    let mut row = first;
    for (i, a) in r.activities.iter().enumerate() {
        g.n(row, 1, (i + 1) as f64);
        g.s(
            row,
            2,
            a.code()
                .and_then(|c| LEGACY_NAMES.get(usize::from(c).wrapping_sub(1)))
                .copied()
                .unwrap_or(a.name.as_str()),
        );
        if let Some(v) = a.participants {
            g.n(row, 3, v as f64);
        }
        if let Some(v) = a.female {
            g.n(row, 4, v as f64);
        }
        if let Some(p) = PARTNERS.get(i).filter(|p| !p.is_empty()) {
            g.s(row, 5, p);
        }
        if let Some(v) = a.classes {
            g.n(row, 6, v as f64);
        }
        row += 1;
    }
    let last = row - 1;
    g.s(row, 2, "Tổng cộng");
    for (col, letter) in [(3u16, 'D'), (4, 'E'), (6, 'G')] {
        g.cells
            .insert((row, col), V::F(format!("SUM({letter}{}:{letter}{})", first + 1, last + 1), None));
    }
    let notes = row + 2;
    g.s(notes, 1, o.note);
    g.s(notes + 2, 2, "Người lập biểu");
    g.s(notes + 2, 6, &opt(&doc.signer.title));
    g.s(notes + 6, 2, o.preparer);
    g.s(notes + 6, 6, &opt(&doc.signer.name));

    // Indicators.
    let sec = notes + 9;
    g.s(sec, 1, "CÁC CHỈ TIÊU KINH TẾ - XÃ HỘI");
    let hdr = sec + 1;
    for (i, h) in ["STT", "Chỉ tiêu", "Đơn vị tính", "Kỳ này", o.previous, "Tính chất", "Ghi chú"]
        .iter()
        .enumerate()
    {
        g.s(hdr, 1 + i as u16, h);
    }
    let mut row = hdr + 1;
    for (i, ind) in r.indicators.iter().enumerate() {
        g.n(row, 1, (i + 1) as f64);
        g.s(row, 2, &ind.name);
        g.s(row, 3, ind.unit.as_deref().unwrap_or(""));
        if let Some(v) = ind.value {
            g.n(row, 4, v);
        }
        if let Some(v) = ind.previous {
            g.n(row, 5, v);
        }
        g.s(row, 6, ind.kind.label_vi());
        row += 1;
    }
    // Directives.
    let sec = row + 2;
    g.s(sec, 1, "VĂN BẢN CHỈ ĐẠO ĐÃ THỰC HIỆN");
    let hdr = sec + 1;
    for (i, h) in ["STT", "Số ký hiệu", "Ngày ban hành", "Cơ quan ban hành", "Trích yếu"]
        .iter()
        .enumerate()
    {
        g.s(hdr, 1 + i as u16, h);
    }
    for (row, (i, d)) in (hdr + 1..).zip(r.directives.iter().enumerate()) {
        g.n(row, 1, (i + 1) as f64);
        g.s(row, 2, d.number.as_deref().unwrap_or(""));
        if let Some(date) = d.date {
            g.cells.insert((row, 3), V::D(date));
        }
        g.s(row, 4, d.issuer.as_deref().unwrap_or(""));
        g.s(row, 5, d.summary.as_deref().unwrap_or(""));
    }
    g.cells.retain(|_, v| !matches!(v, V::S(s) if s.is_empty()));
    g.widths = vec![(0, 3.0), (1, 6.0), (2, 45.0), (3, 14.0), (4, 14.0), (5, 18.0), (6, 14.0), (7, 30.0)];
    g
}

// ---------------------------------------------------------------- 3. numbers as text, NFD

/// Vietnamese notation for a number: "1.113", "0,08", "10,37".
pub fn vn(x: f64) -> String {
    if x.fract() == 0.0 && x >= 0.0 {
        format_int(x as u64)
    } else {
        format_decimal(x, 3)
    }
}

pub fn nfd(s: &str) -> String {
    s.nfd().collect()
}

pub fn dmy(d: Date) -> String {
    d.format("%d/%m/%Y").to_string()
}

/// The canonical grids retyped by hand: sheets renamed, moved 2 rows down and
/// 2 columns right under a `heading` line, every number as Vietnamese text
/// (with its unit for indicators), the period cell `period.0` as `period.1`,
/// dates as text, everything in NFD. "Hướng dẫn" is left out.
pub fn chu_so(grids: &[Grid], heading: &str, period: (&str, &str)) -> Vec<Grid> {
    let (dr, dc) = (2u32, 2u16);
    let mut out = Vec::new();
    for g in grids {
        let name = match g.name.as_str() {
            "Thông tin" => "Thong tin",
            "Hoạt động" => "Biểu 1",
            "Chỉ tiêu" => "Chi tieu",
            "Văn bản chỉ đạo" => "Van ban",
            "Nội dung" => "Nội dung",
            _ => continue,
        };
        let mut n = Grid::new(&nfd(name));
        n.s(0, dc, &nfd(heading));
        let mut directive_dates = 0;
        for (&(r, c), v) in &g.cells {
            let text = match v {
                V::S(s) if s == period.0 => period.1.to_string(),
                V::S(s) => s.clone(),
                V::N(x) => {
                    // Kỳ này / Kỳ trước carry their unit, as people type them.
                    let unit = match g.cells.get(&(r, 2)) {
                        Some(V::S(u)) if g.name == "Chỉ tiêu" && (c == 3 || c == 4) => u.clone(),
                        _ => String::new(),
                    };
                    match unit.as_str() {
                        "%" => format!("{}%", vn(*x)),
                        "người" | "hộ" | "lượt" => format!("{} {unit}", vn(*x)),
                        _ => vn(*x),
                    }
                }
                V::D(d) => {
                    directive_dates += 1;
                    if g.name == "Văn bản chỉ đạo" && directive_dates % 2 == 1 {
                        d.format("ngày %d tháng %m năm %Y").to_string()
                    } else {
                        dmy(*d)
                    }
                }
                // A total over a column with nothing reported: left empty, as
                // a person typing the figures would.
                V::F(_, Some(x)) if *x == 0.0 => continue,
                V::F(_, Some(x)) => vn(*x),
                V::F(_, None) => continue,
            };
            n.s(r + dr, c + dc, &nfd(&text));
        }
        n.merges = g.merges.iter().map(|&(a, b, c, d)| (a + dr, b + dc, c + dr, d + dc)).collect();
        n.widths = g.widths.iter().map(|&(c, w)| (c + dc, w)).collect();
        out.push(n);
    }
    out
}

// ---------------------------------------------------------------- 4. TCVN3

/// TCVN3 text as an .xlsx stores it; `upper` lower-cases the whole text first,
/// for cells in the capitals font .VnTimeH (TCVN3 has no accented capitals).
pub fn tcvn3_encode(s: &str, upper: bool) -> String {
    if upper {
        encode(&s.nfc().collect::<String>().to_lowercase(), Legacy::Tcvn3)
    } else {
        encode(s, Legacy::Tcvn3)
    }
}

/// Whether a text is typed in capitals (so, in TCVN3, in .VnTimeH): all its
/// letters upper case, at least one non-ASCII letter, and no digit (codes
/// such as "10/BC-TTHTCĐ" are typed in .VnTime with the capital code of Đ).
pub fn is_caps_text(s: &str) -> bool {
    s.chars().any(|c| c.is_alphabetic() && !c.is_ascii())
        && !s.chars().any(|c| c.is_ascii_digit())
        && s.chars().filter(|c| c.is_alphabetic()).all(char::is_uppercase)
}

pub fn tcvn3_grids(grids: &[Grid]) -> Vec<Grid> {
    grids
        .iter()
        .filter(|g| g.name != "Hướng dẫn")
        .map(|g| {
            let mut n = g.clone();
            n.name = tcvn3_encode(&g.name, false);
            for v in n.cells.values_mut() {
                if let V::S(s) = v {
                    *s = if is_caps_text(s) {
                        format!("{UPPER_MARK}{}", tcvn3_encode(s, true))
                    } else {
                        tcvn3_encode(s, false)
                    };
                }
            }
            n
        })
        .collect()
}

// ---------------------------------------------------------------- 5. mixed fonts

/// The canonical grids with the activity and indicator sheets typed in TCVN3
/// (.VnTime, capitals in .VnTimeH) and every other sheet in Unicode (Times
/// New Roman), sheet names in Unicode: a workbook put together from an old
/// TCVN3 file and a new one.
pub fn mixed_font_grids(grids: &[Grid]) -> Vec<Grid> {
    grids
        .iter()
        .map(|g| {
            let mut n = g.clone();
            if matches!(g.name.as_str(), "Hoạt động" | "Chỉ tiêu") {
                for v in n.cells.values_mut() {
                    if let V::S(s) = v {
                        *s = if is_caps_text(s) {
                            format!("{UPPER_MARK}{}", tcvn3_encode(s, true))
                        } else {
                            format!("{LEGACY_MARK}{}", tcvn3_encode(s, false))
                        };
                    }
                }
            }
            n
        })
        .collect()
}

// ---------------------------------------------------------------- 6. percent formats

/// The canonical grids with every figure of a "%" indicator row stored as a
/// fraction in a percent-formatted cell (93,4 % as 0.934 shown "93.4%"), as
/// Excel stores a percentage typed with its sign.
pub fn percent_grids(grids: &[Grid]) -> Vec<Grid> {
    grids
        .iter()
        .map(|g| {
            let mut n = g.clone();
            if g.name == "Chỉ tiêu" {
                let rows: Vec<u32> = g
                    .cells
                    .iter()
                    .filter(|(&(_, c), v)| c == 2 && **v == V::S("%".into()))
                    .map(|(&(r, _), _)| r)
                    .collect();
                for r in rows {
                    for c in [3u16, 4] {
                        if let Some(V::N(x)) = n.cells.get(&(r, c)).cloned() {
                            let format = if x.fract() == 0.0 {
                                "0%"
                            } else if (x * 10.0).fract() == 0.0 {
                                "0.0%"
                            } else {
                                "0.00%"
                            };
                            // The fraction as Excel stores it: the shortest text of x / 100.
                            n.cells.insert((r, c), V::S(format!("{PERCENT_MARK}{format}={}", x / 100.0)));
                        }
                    }
                }
            }
            n
        })
        .collect()
}

// ---------------------------------------------------------------- 7. uncached formulas

/// The canonical grids with each activity count written as a formula adding
/// its two halves (`=175+175`) and the total row's `SUM`s, all without a
/// cached result: a workbook written by a script that never calculates.
/// The file must then go through [`strip_formula_values`].
pub fn formula_grids(grids: &[Grid]) -> Vec<Grid> {
    grids
        .iter()
        .map(|g| {
            let mut n = g.clone();
            if g.name == "Hoạt động" {
                for ((r, c), v) in n.cells.iter_mut() {
                    match v {
                        V::N(x) if *r >= 4 && (2..=4).contains(c) => {
                            let half = (*x / 2.0).floor();
                            *v = V::F(format!("{}+{}", half, *x - half), None);
                        }
                        V::F(f, _) => *v = V::F(f.clone(), None),
                        _ => {}
                    }
                }
            }
            n
        })
        .collect()
}
