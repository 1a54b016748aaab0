//! The summary workbook of a consolidation (.xlsx), consolidation.md.
//!
//! Every text that came from an input is written with `write_string`, so a
//! ward name starting with '=' stays text. Totals are `=SUM(...)` formulas
//! that carry their computed result, so readers that do not calculate
//! (calamine, pandas) still see the numbers. A value not reported is an empty
//! cell, never 0. The creation date is fixed: the same consolidation gives the
//! same bytes.
//!
//! Nothing an input holds may make Excel's limits fail the write
//! ([`crate::consolidate::excel`]): input values arrive already cut to one
//! cell's 32,767 characters, with a warning; every other text is cut here
//! too ([`excel::fit`]); activity kinds past 254 share one column group;
//! indicators past the last column and list rows past the last row are left
//! out, the sheet saying how many (the consolidation warns of each).

use rust_xlsxwriter::utility::row_col_to_cell;
use rust_xlsxwriter::{
    Chart, ChartType, ColNum, DocProperties, ExcelDateTime, Format, FormatAlign, FormatBorder, Formula, RowNum, Workbook, Worksheet,
    XlsxError,
};

use std::borrow::Cow;

use chrono::Datelike;

use crate::consolidate::excel;
use crate::consolidate::{Consolidation, LeftOut, Status};
use crate::diag::Lang;
use crate::model::{IndicatorKind, Totals};

/// Why the summary workbook could not be built.
#[derive(Debug, thiserror::Error)]
pub enum SummaryError {
    #[error("không tạo được bảng tổng hợp: {0}")]
    Xlsx(#[from] XlsxError),
}

const SUMMARY: &str = "Tổng hợp";
/// Header rows of the grid sheets: title (0), period (1), blank (2), two header rows (3, 4).
const HEAD: RowNum = 3;
const FIRST: RowNum = 5;
// The list sheets' first data row is the one the consolidation's limits count from.
const _: () = assert!(HEAD + 1 == excel::LIST_FIRST_ROW);

struct Styles {
    title: Format,
    subtitle: Format,
    header: Format,
    text: Format,
    center: Format,
    int: Format,
    dec: Format,
    int_bold: Format,
    dec_bold: Format,
    text_bold: Format,
    date: Format,
}

impl Styles {
    fn new() -> Styles {
        let cell = Format::new()
            .set_border(FormatBorder::Thin)
            .set_font_name("Times New Roman")
            .set_font_size(11);
        let header = cell
            .clone()
            .set_bold()
            .set_text_wrap()
            .set_align(FormatAlign::Center)
            .set_align(FormatAlign::VerticalCenter)
            .set_background_color("#DDEBF7");
        Styles {
            title: Format::new()
                .set_bold()
                .set_font_name("Times New Roman")
                .set_font_size(14)
                .set_align(FormatAlign::Center),
            subtitle: Format::new()
                .set_italic()
                .set_font_name("Times New Roman")
                .set_font_size(12)
                .set_align(FormatAlign::Center),
            header,
            text: cell.clone().set_text_wrap().set_align(FormatAlign::Top),
            center: cell.clone().set_align(FormatAlign::Center).set_align(FormatAlign::Top),
            int: cell.clone().set_num_format("#,##0"),
            dec: cell.clone().set_num_format("#,##0.0#"),
            int_bold: cell.clone().set_num_format("#,##0").set_bold(),
            dec_bold: cell.clone().set_num_format("#,##0.0#").set_bold(),
            text_bold: cell.clone().set_bold(),
            date: cell
                .set_num_format("dd/mm/yyyy")
                .set_align(FormatAlign::Center)
                .set_align(FormatAlign::Top),
        }
    }

    fn num(&self, v: f64, bold: bool) -> &Format {
        match (v.fract() == 0.0, bold) {
            (true, false) => &self.int,
            (true, true) => &self.int_bold,
            (false, false) => &self.dec,
            (false, true) => &self.dec_bold,
        }
    }
}

/// Column-width units an A4 landscape page holds at about two thirds of
/// full size (some 130 at full size).
const PRINTABLE_WIDTH: f64 = 200.0;
/// Millimetres of an A4 landscape page inside the default margins (0.7
/// inch each side), less 5 % for the programs' own rounding.
const PRINTABLE_MM: f64 = (297.0 - 2.0 * 17.78) * 0.95;

/// Printed width of a column `w` characters wide: Excel's 7 pixels a
/// character plus 5 of padding, at 96 pixels an inch, and a third more,
/// because LibreOffice prints the same columns that much wider (measured on
/// the Đông Triều summary: 12 columns where Excel's width gives 16). Sized
/// for LibreOffice, Excel's pages have room to spare rather than a category
/// cut in two.
fn column_mm(w: f64) -> f64 {
    (w * 7.0 + 5.0) * 25.4 / 96.0 * 1.34
}

fn setup(ws: &mut Worksheet, name: &str, header_rows: (RowNum, RowNum)) -> Result<(), XlsxError> {
    ws.set_name(name)?;
    ws.set_paper_size(9);
    ws.set_landscape();
    ws.set_print_fit_to_pages(1, 0);
    ws.set_repeat_rows(header_rows.0, header_rows.1)?;
    Ok(())
}

fn title(ws: &mut Worksheet, st: &Styles, last_col: ColNum, text: &str, c: &Consolidation) -> Result<(), XlsxError> {
    let period = c
        .period
        .map(|p| p.label())
        .unwrap_or_else(|| "Không có kỳ (không có tệp nào dùng được)".into());
    if last_col > 0 {
        ws.merge_range(0, 0, 0, last_col.min(excel::MAX_COLS as ColNum - 1), text, &st.title)?;
        ws.merge_range(1, 0, 1, last_col.min(excel::MAX_COLS as ColNum - 1), &period, &st.subtitle)?;
    } else {
        ws.write_string_with_format(0, 0, text, &st.title)?;
        ws.write_string_with_format(1, 0, &period, &st.subtitle)?;
    }
    Ok(())
}

/// The TT column: a number when it is one ("1", "2", …), so Excel shows no
/// "number stored as text" triangles and sorts it as a clerk expects.
fn write_tt(ws: &mut Worksheet, row: RowNum, col: ColNum, text: &str, f: &Format) -> Result<(), XlsxError> {
    match text.parse::<u32>() {
        Ok(n) => ws.write_number_with_format(row, col, f64::from(n), f)?,
        Err(_) => ws.write_string_with_format(row, col, excel::fit(text), f)?,
    };
    Ok(())
}

/// A count, or a formatted blank when it was not reported (never 0).
pub(crate) fn write_opt_u64(ws: &mut Worksheet, row: RowNum, col: ColNum, v: Option<u64>, f: &Format) -> Result<(), XlsxError> {
    match v {
        Some(n) => ws.write_number_with_format(row, col, n as f64, f)?,
        None => ws.write_blank(row, col, f)?,
    };
    Ok(())
}

/// A formula with its result, or an empty cell when nothing was reported.
fn formula(ws: &mut Worksheet, row: RowNum, col: ColNum, text: &str, result: Option<f64>, f: &Format) -> Result<(), XlsxError> {
    match result {
        Some(v) => ws.write_formula_with_format(row, col, Formula::new(text).set_result(v.to_string()), f)?,
        None => ws.write_blank(row, col, f)?,
    };
    Ok(())
}

fn pick(t: &Totals, k: usize) -> Option<u64> {
    match k {
        0 => t.classes,
        1 => t.participants,
        _ => t.female,
    }
}

const MEASURES: [&str; 3] = ["Số lớp (chuyên đề)", "Lượt người tham gia", "Trong đó nữ"];

/// A column group of the grid and a series of the chart: one activity kind,
/// or, past [`excel::SHOWN_CATEGORIES`], all the remaining kinds summed.
struct Group {
    name: String,
    /// Indexes into [`Consolidation::categories`].
    members: std::ops::Range<usize>,
}

impl Group {
    /// The group's figures from figures per category.
    fn of(&self, per_category: &[Totals]) -> Totals {
        let mut t = Totals::default();
        for c in per_category.get(self.members.clone()).unwrap_or_default() {
            t.add(c.classes, c.participants, c.female);
        }
        t
    }
}

fn groups(c: &Consolidation) -> Vec<Group> {
    let n = c.categories.len();
    let shown = if n > excel::MAX_GROUPS { excel::SHOWN_CATEGORIES } else { n };
    let mut out: Vec<Group> = c.categories[..shown]
        .iter()
        .enumerate()
        .map(|(i, k)| Group {
            name: match k.code {
                Some(code) => format!("{code}. {}", k.name),
                None => k.name.clone(),
            },
            members: i..i + 1,
        })
        .collect();
    if shown < n {
        out.push(Group {
            name: format!("Các loại khác ({} loại)", n - shown),
            members: shown..n,
        });
    }
    out
}

/// One row of a grid: the leading texts, the figures per category and the row total.
struct GridRow<'a> {
    lead: Vec<String>,
    cells: &'a [Totals],
    total: Totals,
}

/// The activity grid shared by "Tổng hợp" and "Theo kỳ": lead columns, then
/// three columns per category under a merged header, then the total columns,
/// and a total row. Returns the last data row (for the chart), if any.
fn grid(ws: &mut Worksheet, st: &Styles, c: &Consolidation, lead: &[(&str, f64)], rows: &[GridRow]) -> Result<Option<RowNum>, XlsxError> {
    let nlead = lead.len() as ColNum;
    let groups = groups(c);
    let ncat = groups.len() as ColNum;
    let total_col = nlead + 3 * ncat;
    // Rows go strictly top to bottom (constant-memory sheets: a row is
    // flushed once a later one is written): title, both header rows, the
    // units, the total. The lead headers' vertical merges write ahead.
    // Printed: 3 × (categories + 1) columns do not fit one A4 page at a
    // readable size (ten categories came out at about a third). Each page
    // holds whole categories, never one's three columns split across two:
    // as many groups as fit at about two thirds of full size, a page break
    // before each next run of groups, the print scaled so that a page's
    // groups fill it (fit-to-pages would ignore the breaks), the TT and Đơn
    // vị columns repeated on each page; the title is centred over what the
    // first page shows.
    let lead_width: f64 = lead.iter().map(|(_, w)| w).sum();
    let group_width = 11.0 * 3.0;
    let ngroups_all = ncat + 1;
    let per_page = (((PRINTABLE_WIDTH - lead_width) / group_width).floor() as ColNum).clamp(1, ngroups_all.max(1));
    let breaks: Vec<u32> = (1..ngroups_all.div_ceil(per_page))
        .map(|p| u32::from(nlead + 3 * per_page * p))
        .collect();
    ws.set_vertical_page_breaks(&breaks)?;
    let page_mm = lead.iter().map(|(_, w)| column_mm(*w)).sum::<f64>() + 3.0 * column_mm(11.0) * f64::from(per_page.min(ngroups_all));
    let scale = ((PRINTABLE_MM / page_mm) * 100.0).floor().clamp(40.0, 100.0) as u16;
    ws.set_print_scale(scale);
    ws.set_repeat_columns(0, 1.min(nlead.saturating_sub(1)))?;
    let first_page_cols = 3 * per_page;
    title(
        ws,
        st,
        (nlead + first_page_cols - 1).min(total_col + 2),
        "TỔNG HỢP KẾT QUẢ HOẠT ĐỘNG CÁC TRUNG TÂM HỌC TẬP CỘNG ĐỒNG",
        c,
    )?;
    ws.set_row_height(HEAD, 75)?;
    ws.set_row_height(HEAD + 1, 30)?;
    for (i, (h, w)) in lead.iter().enumerate() {
        let col = i as ColNum;
        ws.merge_range(HEAD, col, HEAD + 1, col, h, &st.header)?;
        ws.set_column_width(col, *w)?;
    }
    let ngroups = ncat + 1;
    let names = groups.iter().map(|g| g.name.as_str()).chain(std::iter::once("Tổng cộng"));
    for (g, name) in names.enumerate() {
        let col = nlead + 3 * g as ColNum;
        ws.merge_range(HEAD, col, HEAD, col + 2, &excel::fit(name), &st.header)?;
    }
    for g in 0..ngroups {
        let col = nlead + 3 * g;
        for (k, m) in MEASURES.iter().enumerate() {
            ws.write_string_with_format(HEAD + 1, col + k as ColNum, *m, &st.header)?;
            ws.set_column_width(col + k as ColNum, 11)?;
        }
    }
    for (r, row) in rows.iter().enumerate() {
        let rr = FIRST + r as RowNum;
        for (i, text) in row.lead.iter().enumerate() {
            if i == 0 {
                write_tt(ws, rr, 0, text, &st.center)?;
            } else {
                ws.write_string_with_format(rr, i as ColNum, excel::fit(text), &st.text)?;
            }
        }
        for (g, group) in groups.iter().enumerate() {
            let t = group.of(row.cells);
            for k in 0..3 {
                write_opt_u64(ws, rr, nlead + 3 * g as ColNum + k as ColNum, pick(&t, k), &st.int)?;
            }
        }
        for k in 0..3 {
            let refs: Vec<String> = (0..ncat).map(|g| row_col_to_cell(rr, nlead + 3 * g + k as ColNum)).collect();
            let text = format!("=SUM({})", refs.join(","));
            formula(
                ws,
                rr,
                total_col + k as ColNum,
                &text,
                pick(&row.total, k).map(|v| v as f64),
                &st.int_bold,
            )?;
        }
    }
    let total_row = FIRST + rows.len() as RowNum;
    ws.write_string_with_format(total_row, 0, "", &st.text_bold)?;
    ws.write_string_with_format(total_row, 1, "Tổng cộng", &st.text_bold)?;
    for col in 2..nlead {
        ws.write_blank(total_row, col, &st.text_bold)?;
    }
    let last = if rows.is_empty() { None } else { Some(total_row - 1) };
    for col in nlead..total_col + 3 {
        let g = ((col - nlead) / 3) as usize;
        let k = ((col - nlead) % 3) as usize;
        let mut sum = Totals::default();
        for row in rows {
            let t = match groups.get(g) {
                Some(group) => group.of(row.cells),
                None => row.total,
            };
            sum.add(t.classes, t.participants, t.female);
        }
        let text = match last {
            Some(l) => format!("=SUM({}:{})", row_col_to_cell(FIRST, col), row_col_to_cell(l, col)),
            None => String::new(),
        };
        let v = if last.is_some() { pick(&sum, k).map(|v| v as f64) } else { None };
        formula(ws, total_row, col, &text, v, &st.int_bold)?;
    }
    ws.set_freeze_panes(FIRST, nlead.min(2))?;
    ws.autofilter(HEAD + 1, 0, total_row.max(FIRST) - 1, total_col + 2)?;
    Ok(last)
}

fn sheet_units(wb: &mut Workbook, st: &Styles, c: &Consolidation) -> Result<Option<RowNum>, XlsxError> {
    // A row per unit: a province has hundreds.
    let ws = wb.add_worksheet_with_constant_memory()?;
    setup(ws, SUMMARY, (HEAD, HEAD + 1))?;
    let rows: Vec<GridRow> = c
        .units
        .iter()
        .enumerate()
        .map(|(n, u)| GridRow {
            lead: vec![
                (n + 1).to_string(),
                u.label.clone(),
                u.code.clone().unwrap_or_default(),
                u.coverage_label(),
            ],
            cells: &u.by_category,
            total: u.totals,
        })
        .collect();
    grid(
        ws,
        st,
        c,
        &[
            ("TT", 5.0),
            ("Đơn vị", label_width(c, 28.0)),
            ("Mã đơn vị", 10.0),
            ("Số tháng có số liệu", 11.0),
        ],
        &rows,
    )
}

fn sheet_periods(wb: &mut Workbook, st: &Styles, c: &Consolidation) -> Result<(), XlsxError> {
    let ws = wb.add_worksheet_with_constant_memory()?;
    setup(ws, "Theo kỳ", (HEAD, HEAD + 1))?;
    let rows: Vec<GridRow> = c
        .by_period
        .iter()
        .enumerate()
        .map(|(n, p)| GridRow {
            lead: vec![(n + 1).to_string(), p.period.label()],
            cells: &p.by_category,
            total: p.totals,
        })
        .collect();
    grid(ws, st, c, &[("TT", 5.0), ("Kỳ", 20.0)], &rows)?;
    Ok(())
}

/// Units as rows, indicators as columns (so thousands of units stay readable),
/// then the consolidated rows: total (flow, stock), minimum, maximum, median (rate).
fn sheet_indicators(wb: &mut Workbook, st: &Styles, c: &Consolidation) -> Result<(), XlsxError> {
    // A row per unit; rows strictly top to bottom (see `grid`).
    let ws = wb.add_worksheet_with_constant_memory()?;
    setup(ws, "Chỉ tiêu", (HEAD, HEAD + 1))?;
    // Past the last column they are left out (the consolidation says so).
    let shown = &c.indicators[..c.indicators.len().min(excel::INDICATOR_COLUMNS)];
    let last_col = 1 + shown.len() as ColNum;
    title(ws, st, last_col, "TỔNG HỢP CHỈ TIÊU", c)?;
    ws.set_row_height(HEAD, 75)?;
    ws.merge_range(HEAD, 0, HEAD + 1, 0, "TT", &st.header)?;
    ws.merge_range(HEAD, 1, HEAD + 1, 1, "Đơn vị", &st.header)?;
    ws.set_column_width(0, 5)?;
    ws.set_column_width(1, label_width(c, 28.0))?;
    for (i, ind) in shown.iter().enumerate() {
        let col = 2 + i as ColNum;
        ws.write_string_with_format(HEAD, col, excel::fit(&ind.name), &st.header)?;
        ws.set_column_width(col, 14)?;
    }
    for (i, ind) in shown.iter().enumerate() {
        let sub = match &ind.unit {
            Some(u) => format!("{u} ({})", ind.kind.label_vi()),
            None => format!("({})", ind.kind.label_vi()),
        };
        ws.write_string_with_format(HEAD + 1, 2 + i as ColNum, excel::fit(&sub), &st.header)?;
    }
    for (n, u) in c.units.iter().enumerate() {
        let r = FIRST + n as RowNum;
        ws.write_number_with_format(r, 0, (n + 1) as f64, &st.center)?;
        ws.write_string_with_format(r, 1, excel::fit(&u.label), &st.text)?;
        for (i, ind) in shown.iter().enumerate() {
            match ind.by_unit.get(n).copied().flatten() {
                Some(v) => ws.write_number_with_format(r, 2 + i as ColNum, v, st.num(v, false))?,
                None => ws.write_blank(r, 2 + i as ColNum, &st.int)?,
            };
        }
    }
    let end = FIRST + c.units.len() as RowNum;
    let labels = ["Tổng cộng", "Nhỏ nhất", "Lớn nhất", "Trung vị"];
    for (k, label) in labels.iter().enumerate() {
        let r = end + k as RowNum;
        ws.write_blank(r, 0, &st.text_bold)?;
        ws.write_string_with_format(r, 1, *label, &st.text_bold)?;
        for (i, ind) in shown.iter().enumerate() {
            let col = 2 + i as ColNum;
            let (func, v) = match (k, ind.kind) {
                (0, IndicatorKind::Flow | IndicatorKind::Stock) => ("SUM", ind.total),
                (1, IndicatorKind::Rate) => ("MIN", ind.min),
                (2, IndicatorKind::Rate) => ("MAX", ind.max),
                (3, IndicatorKind::Rate) => ("MEDIAN", ind.median),
                _ => ("", None),
            };
            let text = if c.units.is_empty() {
                String::new()
            } else {
                format!("={func}({}:{})", row_col_to_cell(FIRST, col), row_col_to_cell(end - 1, col))
            };
            let v = if c.units.is_empty() { None } else { v };
            let f = v.map(|v| st.num(v, true)).unwrap_or(&st.int_bold);
            formula(ws, r, col, &text, v, f)?;
        }
    }
    ws.set_freeze_panes(FIRST, 2)?;
    ws.autofilter(HEAD + 1, 0, end.max(FIRST + 1) - 1, last_col)?;
    Ok(())
}

/// "So sánh": each unit's totals against the same period a year before (in
/// today's units), then each indicator's. Values, not formulas: the
/// previous year is not in this workbook.
fn sheet_compare(
    wb: &mut Workbook,
    st: &Styles,
    c: &Consolidation,
    prev: &crate::consolidate::compare::Comparison,
) -> Result<(), XlsxError> {
    use crate::consolidate::compare::{change_words, change_words_f};
    let ws = wb.add_worksheet_with_constant_memory()?;
    setup(ws, "So sánh", (HEAD, HEAD + 1))?;
    let last_col: ColNum = 8;
    title(ws, st, last_col, "SO SÁNH VỚI CÙNG KỲ NĂM TRƯỚC", c)?;
    let before = format!("Cùng kỳ ({})", prev.period.label_lower());
    ws.merge_range(HEAD, 0, HEAD + 1, 0, "TT", &st.header)?;
    ws.merge_range(HEAD, 1, HEAD + 1, 1, "Đơn vị", &st.header)?;
    ws.merge_range(HEAD, 2, HEAD, 4, "Số lớp (chuyên đề)", &st.header)?;
    ws.merge_range(HEAD, 5, HEAD, 7, "Số lượt người tham gia", &st.header)?;
    ws.merge_range(HEAD, 8, HEAD + 1, 8, "Ghi chú", &st.header)?;
    for (i, h) in [before.as_str(), "Kỳ này", "Tăng, giảm", before.as_str(), "Kỳ này", "Tăng, giảm"]
        .iter()
        .enumerate()
    {
        ws.write_string_with_format(HEAD + 1, 2 + i as ColNum, *h, &st.header)?;
    }
    ws.set_column_width(0, 5)?;
    ws.set_column_width(1, label_width(c, 40.0))?;
    for col in 2..=7 {
        ws.set_column_width(col, 14)?;
    }
    ws.set_column_width(8, 30)?;
    let opt = |ws: &mut Worksheet, r: RowNum, col: ColNum, v: Option<u64>, f: &Format| -> Result<(), XlsxError> {
        match v {
            Some(v) => ws.write_number_with_format(r, col, v as f64, f).map(|_| ()),
            None => ws.write_blank(r, col, f).map(|_| ()),
        }
    };
    let mut r = FIRST;
    let line = |ws: &mut Worksheet,
                r: RowNum,
                tt: String,
                label: &str,
                now: &Totals,
                before: Option<&Totals>,
                note: &str,
                bold: bool|
     -> Result<(), XlsxError> {
        let (t, i) = if bold { (&st.text_bold, &st.int_bold) } else { (&st.text, &st.int) };
        write_tt(ws, r, 0, &tt, &st.center)?;
        ws.write_string_with_format(r, 1, excel::fit(label), t)?;
        opt(ws, r, 2, before.and_then(|b| b.classes), i)?;
        opt(ws, r, 3, now.classes, i)?;
        ws.write_string_with_format(
            r,
            4,
            before.and_then(|b| change_words(now.classes, b.classes)).unwrap_or_default(),
            t,
        )?;
        opt(ws, r, 5, before.and_then(|b| b.participants), i)?;
        opt(ws, r, 6, now.participants, i)?;
        ws.write_string_with_format(
            r,
            7,
            before
                .and_then(|b| change_words(now.participants, b.participants))
                .unwrap_or_default(),
            t,
        )?;
        ws.write_string_with_format(r, 8, note, t)?;
        Ok(())
    };
    for (n, (u, p)) in c.units.iter().zip(&prev.by_unit).enumerate() {
        let note = if p.is_none() {
            "chưa có số liệu cùng kỳ năm trước"
        } else if !u.divided_among.is_empty() {
            // Its figures stop at the change; the year before has the whole period.
            "đã chia: kỳ này chỉ đến ngày sắp xếp"
        } else {
            ""
        };
        line(ws, r, (n + 1).to_string(), &u.label, &u.totals, p.as_ref(), note, false)?;
        r += 1;
    }
    for (label, t) in &prev.only_previous {
        line(
            ws,
            r,
            String::new(),
            label,
            &Totals::default(),
            Some(t),
            "không có dòng kỳ này; có trong tổng số cùng kỳ",
            false,
        )?;
        r += 1;
    }
    line(ws, r, String::new(), "Tổng số", &c.totals, Some(&prev.totals), "", true)?;
    r += 2;
    ws.write_string_with_format(r, 1, "Chỉ tiêu", &st.header)?;
    ws.write_string_with_format(r, 2, before.as_str(), &st.header)?;
    ws.write_string_with_format(r, 3, "Kỳ này", &st.header)?;
    ws.merge_range(r, 4, r, 5, "Tăng, giảm", &st.header)?;
    r += 1;
    for (ind, p) in c.indicators.iter().zip(&prev.indicators) {
        let now = match ind.kind {
            IndicatorKind::Rate => ind.median,
            _ => ind.total,
        };
        let name = match &ind.unit {
            Some(u) => format!("{} ({u})", ind.name),
            None => ind.name.clone(),
        };
        ws.write_string_with_format(r, 1, excel::fit(&name), &st.text)?;
        for (col, v) in [(2, *p), (3, now)] {
            match v {
                Some(v) => ws.write_number_with_format(r, col, v, st.num(v, false))?,
                None => ws.write_blank(r, col, &st.int)?,
            };
        }
        let words = match (now, p) {
            (Some(a), Some(b)) => change_words_f(a, *b, ind.kind == IndicatorKind::Rate),
            (_, None) => "chưa có số liệu cùng kỳ".to_string(),
            _ => String::new(),
        };
        ws.merge_range(r, 4, r, 5, &words, &st.text)?;
        r += 1;
    }
    ws.set_freeze_panes(FIRST, 2)?;
    Ok(())
}

/// The Đơn vị column's width: `min`, or wide enough for the longest row
/// label (across a reorganisation a row says which old units it holds),
/// up to 90 characters; wrapped text would not show in a row of fixed height.
fn label_width(c: &Consolidation, min: f64) -> f64 {
    let longest = c.units.iter().map(|u| u.label.chars().count()).max().unwrap_or(0) as f64;
    (longest * 0.95).clamp(min, 90.0)
}

/// A table of text rows under one header row.
fn table<'a>(
    ws: &mut Worksheet,
    st: &Styles,
    c: &Consolidation,
    name: &str,
    heading: &str,
    cols: &[(&str, f64)],
    rows: impl IntoIterator<Item = Vec<Cell<'a>>>,
) -> Result<(), XlsxError> {
    setup(ws, name, (HEAD, HEAD))?;
    let last_col = cols.len().saturating_sub(1) as ColNum;
    // Rows go strictly top to bottom: these long sheets are written in
    // constant-memory mode, which flushes each row once a later one starts.
    title(ws, st, last_col, heading, c)?;
    for (i, (h, w)) in cols.iter().enumerate() {
        ws.write_string_with_format(HEAD, i as ColNum, *h, &st.header)?;
        ws.set_column_width(i as ColNum, *w)?;
    }
    // Rows are made one at a time and written at once: the worksheet keeps
    // its own copy of every cell, and a list of 25,000 rows beside it would
    // double the memory a large consolidation needs.
    let mut count: RowNum = 0;
    let mut rows = rows.into_iter();
    for row in rows.by_ref().take(excel::LIST_ROWS) {
        let rr = HEAD + 1 + count;
        count += 1;
        for (i, cell) in row.iter().enumerate() {
            let col = i as ColNum;
            match cell {
                Cell::Text(t) if i == 0 => write_tt(ws, rr, col, t, &st.center)?,
                Cell::Text(t) => {
                    ws.write_string_with_format(rr, col, excel::fit(t), &st.text)?;
                }
                Cell::Date(Some(d)) => match ExcelDateTime::from_ymd(d.year() as u16, d.month() as u8, d.day() as u8) {
                    Ok(x) => {
                        ws.write_datetime_with_format(rr, col, &x, &st.date)?;
                    }
                    Err(_) => {
                        ws.write_string_with_format(rr, col, d.format("%d/%m/%Y").to_string(), &st.text)?;
                    }
                },
                Cell::Date(None) => {
                    ws.write_blank(rr, col, &st.text)?;
                }
            }
        }
    }
    // The last row Excel has says what did not fit.
    let more = rows.count();
    if more > 0 {
        let rr = HEAD + 1 + count;
        count += 1;
        let text = format!(
            "… còn {} dòng nữa không ghi được: Excel chỉ có {} dòng (xem đầy đủ bằng --json).",
            crate::normalize::number::format_int(more as u64),
            crate::normalize::number::format_int(u64::from(excel::MAX_ROWS))
        );
        ws.write_string_with_format(rr, 1, text, &st.text_bold)?;
    }
    ws.set_freeze_panes(HEAD + 1, 0)?;
    ws.autofilter(HEAD, 0, HEAD + count.max(1), last_col)?;
    Ok(())
}

enum Cell<'a> {
    Text(Cow<'a, str>),
    Date(Option<crate::model::Date>),
}

fn t<'a>(s: impl Into<Cow<'a, str>>) -> Cell<'a> {
    Cell::Text(s.into())
}

fn sheet_directives(wb: &mut Workbook, st: &Styles, c: &Consolidation) -> Result<(), XlsxError> {
    let rows = c
        .units
        .iter()
        .flat_map(|u| c.unit_directives(u).into_iter().map(move |d| (u, d)))
        .enumerate()
        .map(|(n, (u, d))| {
            vec![
                t((n + 1).to_string()),
                t(u.label.as_str()),
                t(d.number.unwrap_or_default()),
                Cell::Date(d.date),
                t(d.issuer.unwrap_or_default()),
                t(d.summary.unwrap_or_default()),
            ]
        });
    let cols = [
        ("TT", 5.0),
        ("Đơn vị", 24.0),
        ("Số ký hiệu", 20.0),
        ("Ngày ban hành", 13.0),
        ("Cơ quan ban hành", 28.0),
        ("Trích yếu", 60.0),
    ];
    table(
        wb.add_worksheet_with_constant_memory()?,
        st,
        c,
        "Văn bản",
        "VĂN BẢN CHỈ ĐẠO, KẾ HOẠCH ĐÃ THỰC HIỆN",
        &cols,
        rows,
    )
}

fn sheet_checks(wb: &mut Workbook, st: &Styles, c: &Consolidation) -> Result<(), XlsxError> {
    fn row(n: usize, file: &str, unit: &str, period: &str, d: crate::diag::Diagnostic) -> Vec<Cell<'static>> {
        let cell = d.cell.or(d.label).unwrap_or_default();
        vec![
            t((n + 1).to_string()),
            t(file.to_string()),
            t(unit.to_string()),
            t(period.to_string()),
            t(d.sheet.unwrap_or_default()),
            t(cell),
            t(d.severity.label(Lang::Vi)),
            t(d.code),
            t(d.message_vi),
        ]
    }
    // Each file's diagnostics are read back from the store as the rows are
    // written, so they are never all in memory at once.
    let whole = c.period.map(|p| p.label()).unwrap_or_default();
    let rows = c
        .files
        .iter()
        .flat_map(|f| {
            let period = f.period().map(|p| p.label()).unwrap_or_default();
            let unit = f.unit_name.as_deref().unwrap_or_default().to_string();
            let path = f.path.as_str();
            c.file_diagnostics(f)
                .into_iter()
                .map(move |d| (path, unit.clone(), period.clone(), d))
        })
        .chain(
            c.diagnostics
                .iter()
                .map(|d| ("", d.label.clone().unwrap_or_default(), whole.clone(), d.clone())),
        )
        .enumerate()
        .map(|(n, (file, unit, period, d))| row(n, file, &unit, &period, d));
    let cols = [
        ("TT", 5.0),
        ("Tệp", 30.0),
        ("Đơn vị", 22.0),
        ("Kỳ", 14.0),
        ("Trang tính", 12.0),
        ("Ô", 8.0),
        ("Mức độ", 10.0),
        ("Mã", 24.0),
        ("Nội dung", 70.0),
    ];
    table(
        wb.add_worksheet_with_constant_memory()?,
        st,
        c,
        "Kiểm tra",
        "KẾT QUẢ KIỂM TRA CÁC TỆP",
        &cols,
        rows,
    )
}

fn sheet_sources(wb: &mut Workbook, st: &Styles, c: &Consolidation) -> Result<(), XlsxError> {
    let rows = c.files.iter().enumerate().map(|(n, f)| {
        let (status, reason) = match &f.status {
            Status::Used => ("đã tổng hợp", String::new()),
            Status::LeftOut(w @ (LeftOut::Unreadable | LeftOut::Errors | LeftOut::UnitUnknown | LeftOut::DoubleCount { .. })) => {
                ("bỏ ra (lỗi)", w.reason(Lang::Vi))
            }
            Status::LeftOut(w) => ("bỏ ra", w.reason(Lang::Vi)),
        };
        vec![
            t((n + 1).to_string()),
            t(f.path.as_str()),
            t(f.unit_name.as_deref().unwrap_or_default()),
            t(f.period().map(|p| p.label()).unwrap_or_default()),
            t(status),
            t(reason),
            t(f.sha256_hex()),
        ]
    });
    let cols = [
        ("TT", 5.0),
        ("Tệp", 36.0),
        ("Đơn vị", 22.0),
        ("Kỳ", 14.0),
        ("Trạng thái", 14.0),
        ("Lý do", 36.0),
        ("SHA-256", 66.0),
    ];
    table(
        wb.add_worksheet_with_constant_memory()?,
        st,
        c,
        "Nguồn",
        "DANH SÁCH TỆP ĐẦU VÀO",
        &cols,
        rows,
    )
}

/// Participants per unit, one series per category, from the "Tổng hợp" ranges.
fn sheet_chart(wb: &mut Workbook, st: &Styles, c: &Consolidation, last: Option<RowNum>) -> Result<(), XlsxError> {
    let ws = wb.add_worksheet();
    ws.set_name("Biểu đồ")?;
    ws.set_paper_size(9);
    ws.set_landscape();
    ws.set_print_fit_to_pages(1, 1);
    // Merged over the chart's width (1,000 pixels: 16 default columns of
    // 64), so that centred it sits over the chart and is not cut at A1.
    ws.merge_range(0, 0, 0, 15, "LƯỢT NGƯỜI THAM GIA THEO LOẠI HOẠT ĐỘNG VÀ ĐƠN VỊ", &st.title)?;
    let Some(last) = last else {
        ws.write_string(2, 0, "Không có số liệu để vẽ biểu đồ.")?;
        return Ok(());
    };
    let mut chart = Chart::new(ChartType::Column);
    chart.title().set_name(&format!(
        "Lượt người tham gia — {}",
        c.period.map(|p| p.label()).unwrap_or_default()
    ));
    chart.x_axis().set_name("Đơn vị");
    chart.y_axis().set_name("Lượt người");
    let nlead: ColNum = 4;
    let mut any = false;
    // The grid's groups: never more series than a chart takes.
    for (g, group) in groups(c).iter().enumerate() {
        if group.of(&c.by_category).participants.is_none() {
            continue;
        }
        any = true;
        let vcol = nlead + 3 * g as ColNum + 1;
        chart
            .add_series()
            .set_name(excel::fit_to(&group.name, excel::MAX_SERIES_NAME).as_ref())
            .set_categories((SUMMARY, FIRST, 1, last, 1))
            .set_values((SUMMARY, FIRST, vcol, last, vcol));
    }
    if !any {
        ws.write_string(2, 0, "Không có số liệu để vẽ biểu đồ.")?;
        return Ok(());
    }
    chart.set_width(1000).set_height(560);
    ws.insert_chart(2, 0, &chart)?;
    Ok(())
}

/// The summary workbook: Tổng hợp, Theo kỳ, Chỉ tiêu, Văn bản, Kiểm tra, Nguồn, Biểu đồ.
pub fn summary_workbook(c: &Consolidation) -> Result<Vec<u8>, SummaryError> {
    let mut buf = std::io::Cursor::new(Vec::new());
    write_summary_workbook(c, &mut buf)?;
    super::zip_origin::mark_made_by_unix(&mut buf).map_err(XlsxError::IoError)?;
    Ok(buf.into_inner())
}

/// [`summary_workbook`] written into a file (the output's temporary file),
/// through a buffer, with the same bytes on every system.
pub fn write_summary_file(c: &Consolidation, file: &mut std::fs::File) -> Result<(), SummaryError> {
    {
        let mut w = std::io::BufWriter::with_capacity(1 << 16, &mut *file);
        write_summary_workbook(c, &mut w)?;
        std::io::Write::flush(&mut w).map_err(XlsxError::IoError)?;
    }
    super::zip_origin::mark_made_by_unix(file).map_err(XlsxError::IoError)?;
    Ok(())
}

/// [`summary_workbook`] written straight into `out` (the same bytes): at
/// 10,000 inputs the workbook is some 3 MB that need not be held.
pub fn write_summary_workbook<W: std::io::Write + std::io::Seek + Send>(c: &Consolidation, out: W) -> Result<(), SummaryError> {
    let mut wb = build(c)?;
    crate::phases::end("summary sheets filled");
    wb.save_to_writer(out)?;
    Ok(())
}

fn build(c: &Consolidation) -> Result<Workbook, SummaryError> {
    let st = Styles::new();
    let mut wb = Workbook::new();
    let created = ExcelDateTime::from_ymd(2000, 1, 1)?;
    wb.set_properties(
        &DocProperties::new()
            .set_title("Tổng hợp kết quả hoạt động TTHTCĐ")
            .set_author("baocao")
            .set_creation_datetime(&created)
            .set_custom_property(crate::mark::PROPERTY, crate::mark::Mark::Summary.as_str()),
    );
    let last = sheet_units(&mut wb, &st, c)?;
    sheet_periods(&mut wb, &st, c)?;
    sheet_indicators(&mut wb, &st, c)?;
    if let Some(prev) = &c.previous {
        sheet_compare(&mut wb, &st, c, prev)?;
    }
    sheet_directives(&mut wb, &st, c)?;
    sheet_checks(&mut wb, &st, c)?;
    sheet_sources(&mut wb, &st, c)?;
    sheet_chart(&mut wb, &st, c, last)?;
    Ok(wb)
}

#[cfg(test)]
mod tests {
    use std::io::Cursor;

    use calamine::{open_workbook_from_rs, Data, Reader, Xlsx};

    use super::*;
    use crate::consolidate::{consolidate, tests::sample_inputs, ConsolidateOptions};

    fn sample() -> Consolidation {
        consolidate(
            sample_inputs(),
            &ConsolidateOptions {
                period: None,
                allow_errors: true,
                ..Default::default()
            },
        )
    }

    fn open(bytes: &[u8]) -> Xlsx<Cursor<Vec<u8>>> {
        open_workbook_from_rs(Cursor::new(bytes.to_vec())).unwrap()
    }

    fn at(r: &calamine::Range<Data>, row: u32, col: u32) -> Data {
        r.get_value((row, col)).cloned().unwrap_or(Data::Empty)
    }

    fn part(bytes: &[u8], name: &str) -> String {
        use std::io::Read;
        let mut z = zip::ZipArchive::new(Cursor::new(bytes)).unwrap();
        let mut s = String::new();
        z.by_name(name).unwrap().read_to_string(&mut s).unwrap();
        s
    }

    #[test]
    fn the_summary_grid_prints_several_pages_wide_with_its_names_repeated() {
        let bytes = summary_workbook(&sample()).unwrap();
        // 11 categories + the total, 3 columns of width 11 each, beside 54
        // units of lead columns: 4 groups a page (200 − 54 = 146 ≥ 4 × 33),
        // so 3 pages wide, each page breaking between two groups (columns
        // Q and AC, after the 4 lead columns and 4 × 3), never inside one.
        let sheet = part(&bytes, "xl/worksheets/sheet1.xml");
        assert!(
            sheet.contains(r#"<colBreaks count="2" manualBreakCount="2"><brk id="16" max="1048575" man="1"/><brk id="28" max="1048575" man="1"/></colBreaks>"#),
            "{sheet}"
        );
        // Scaled, not fitted (fit-to-pages would ignore the breaks).
        assert!(!sheet.contains("fitToWidth"), "{sheet}");
        assert!(sheet.contains(r#"scale="50""#), "{sheet}");
        assert!(sheet.contains(r#"orientation="landscape""#));
        // TT is a number, not text (no green triangles in Excel).
        assert!(sheet.contains(r#"<c r="A6" s="4"><v>1</v></c>"#), "{sheet}");
        let book = part(&bytes, "xl/workbook.xml");
        assert!(book.contains("'Tổng hợp'!$A:$B,'Tổng hợp'!$4:$5"), "{book}");
    }

    #[test]
    fn sheets_are_there_in_order() {
        let mut wb = open(&summary_workbook(&sample()).unwrap());
        assert_eq!(
            wb.sheet_names(),
            ["Tổng hợp", "Theo kỳ", "Chỉ tiêu", "Văn bản", "Kiểm tra", "Nguồn", "Biểu đồ"]
        );
        let _ = wb.worksheet_range("Biểu đồ").unwrap();
    }

    #[test]
    fn totals_are_formulas_that_carry_their_values() {
        let c = sample();
        let mut wb = open(&summary_workbook(&c).unwrap());
        let r = wb.worksheet_range("Tổng hợp").unwrap();
        // 10 standard categories + 1 custom, 3 columns each, after 4 lead columns.
        let total_col = 4 + 3 * 11;
        let total_row = FIRST + 3;
        assert_eq!(at(&r, total_row, 1), Data::String("Tổng cộng".into()));
        assert_eq!(at(&r, total_row, total_col + 1), Data::Float(c.totals.participants.unwrap() as f64));
        assert_eq!(at(&r, total_row, total_col), Data::Float(c.totals.classes.unwrap() as f64));
        assert_eq!(at(&r, total_row, total_col + 2), Data::Float(c.totals.female.unwrap() as f64));
        // Row totals per unit, and the column of category 2 participants.
        for (n, u) in c.units.iter().enumerate() {
            let row = FIRST + n as u32;
            assert_eq!(at(&r, row, 1), Data::String(u.name.clone()));
            assert_eq!(at(&r, row, 3), Data::String(u.coverage_label()));
            assert_eq!(at(&r, row, total_col + 1), Data::Float(u.totals.participants.unwrap() as f64));
        }
        assert_eq!(
            at(&r, total_row, 4 + 3 + 1),
            Data::Float(c.by_category[1].participants.unwrap() as f64)
        );
        let f = wb.worksheet_formula("Tổng hợp").unwrap();
        let cell = f.get_value((total_row, total_col + 1)).cloned().unwrap_or_default();
        assert_eq!(
            cell,
            format!(
                "SUM({}:{})",
                row_col_to_cell(FIRST, (total_col + 1) as u16),
                row_col_to_cell(FIRST + 2, (total_col + 1) as u16)
            )
        );
        // Female not reported by Kim Sơn for category 2: an empty cell, not 0.
        let kim_son = c.units.iter().position(|u| u.name == "Phường Kim Sơn").unwrap() as u32;
        assert_eq!(at(&r, FIRST + kim_son, 4 + 3 + 2), Data::Empty);
        // Category 1 nobody reported: empty everywhere, also in the total row.
        assert_eq!(at(&r, FIRST, 4), Data::Empty);
        assert_eq!(at(&r, total_row, 5), Data::Empty);
    }

    #[test]
    fn a_name_starting_with_equals_is_text() {
        let c = sample();
        let mut wb = open(&summary_workbook(&c).unwrap());
        let r = wb.worksheet_range("Tổng hợp").unwrap();
        let names: Vec<Data> = (0..3).map(|n| at(&r, FIRST + n, 1)).collect();
        assert!(names.contains(&Data::String("=Phường Lạ".into())), "{names:?}");
        let f = wb.worksheet_formula("Tổng hợp").unwrap();
        for n in 0..3 {
            assert!(f.get_value((FIRST + n, 1)).map(|s| s.is_empty()).unwrap_or(true));
        }
        let d = wb.worksheet_range("Văn bản").unwrap();
        assert_eq!(at(&d, HEAD + 1, 5), Data::String("=Kế hoạch tháng".into()));
    }

    #[test]
    fn periods_indicators_checks_and_sources() {
        let c = sample();
        let mut wb = open(&summary_workbook(&c).unwrap());
        let p = wb.worksheet_range("Theo kỳ").unwrap();
        assert_eq!(at(&p, FIRST, 1), Data::String("Tháng 1/2018".into()));
        let total_col = 2 + 3 * 11;
        assert_eq!(at(&p, FIRST + 3, total_col + 1), Data::Float(c.totals.participants.unwrap() as f64));
        assert_eq!(
            at(&p, FIRST + 2, total_col + 1),
            Data::Float(c.by_period[2].totals.participants.unwrap() as f64)
        );

        let i = wb.worksheet_range("Chỉ tiêu").unwrap();
        let rate = c.indicators.iter().position(|x| x.kind == IndicatorKind::Rate).unwrap() as u32;
        let stock = c.indicators.iter().position(|x| x.kind == IndicatorKind::Stock).unwrap() as u32;
        let end = FIRST + 3;
        assert_eq!(at(&i, end, 2 + stock), Data::Float(c.indicators[stock as usize].total.unwrap()));
        assert_eq!(at(&i, end, 2 + rate), Data::Empty, "a rate is never summed");
        assert_eq!(at(&i, end + 3, 2 + rate), Data::Float(c.indicators[rate as usize].median.unwrap()));
        let f = wb.worksheet_formula("Chỉ tiêu").unwrap();
        assert!(f.get_value((end + 3, 2 + rate)).unwrap().starts_with("MEDIAN("));

        let k = wb.worksheet_range("Kiểm tra").unwrap();
        let codes: Vec<Data> = (HEAD + 1..k.end().unwrap().0 + 1).map(|row| at(&k, row, 7)).collect();
        assert!(codes.contains(&Data::String("E-FILE-EMPTY".into())));
        assert!(codes.contains(&Data::String("W-COVERAGE".into())));

        let s = wb.worksheet_range("Nguồn").unwrap();
        let last = HEAD + c.files.len() as u32;
        assert_eq!(at(&s, last, 1), Data::String("in/zz-broken.xlsx".into()));
        assert_eq!(at(&s, last, 4), Data::String("bỏ ra (lỗi)".into()));
        assert_eq!(at(&s, last, 6), Data::String("09".repeat(32)));
    }

    #[test]
    fn the_same_consolidation_gives_the_same_bytes_whatever_the_input_order() {
        let a = summary_workbook(&sample()).unwrap();
        let mut rev = sample_inputs();
        rev.reverse();
        let b = summary_workbook(&consolidate(
            rev,
            &ConsolidateOptions {
                period: None,
                allow_errors: true,
                ..Default::default()
            },
        ))
        .unwrap();
        assert!(a == b, "summary workbooks differ");
    }

    /// 10 standard kinds and 300 of a ward's own: 254 shown one by one, the
    /// last 56 in one group, so a row total has 255 arguments and the chart
    /// 255 series at most, and every figure is still counted once.
    #[test]
    fn activity_kinds_past_what_excel_takes_share_one_group() {
        use crate::consolidate::{Input, InputOutcome};
        use crate::model::{Activity, CategoryId, Report, Unit};
        let inputs: Vec<Input> = ["Phường A", "Phường B"]
            .iter()
            .enumerate()
            .map(|(u, area)| {
                let activities = (0..300u64)
                    .map(|i| Activity {
                        category: CategoryId::Custom,
                        name: format!("Câu lạc bộ riêng số {i}"),
                        classes: Some(1),
                        participants: Some(i + 1 + u as u64),
                        female: None,
                        note: None,
                        source: None,
                    })
                    .collect();
                let r = Report {
                    unit: Unit {
                        area: Some(area.to_string()),
                        ..Default::default()
                    },
                    period: crate::period::Period::new(2018, crate::period::Span::Month(1)),
                    activities,
                    ..Default::default()
                };
                Input {
                    path: format!("{u}.xlsx"),
                    sha256: Some([u as u8; 32]),
                    outcome: InputOutcome::Read(crate::Checked {
                        report: r,
                        diagnostics: Vec::new(),
                    }),
                }
            })
            .collect();
        let c = consolidate(inputs, &ConsolidateOptions::default());
        assert_eq!(c.categories.len(), 310);
        let limits: Vec<&str> = c
            .diagnostics
            .iter()
            .filter(|d| d.code == "W-SUMMARY-LIMIT")
            .map(|d| d.message_vi.as_str())
            .collect();
        assert_eq!(limits.len(), 1, "{:?}", c.diagnostics);
        assert!(limits[0].contains("56 loại cuối"), "{}", limits[0]);

        let bytes = summary_workbook(&c).unwrap();
        let mut wb = open(&bytes);
        let r = wb.worksheet_range("Tổng hợp").unwrap();
        let other = 4 + 3 * 254;
        assert_eq!(at(&r, HEAD, other), Data::String("Các loại khác (56 loại)".into()));
        // Phường A: participants of kinds 245..300 are 245+1 ..= 300, i.e. 56 kinds.
        let expected_other: u64 = (244..300u64).map(|i| i + 1).sum();
        assert_eq!(at(&r, FIRST, other + 1), Data::Float(expected_other as f64));
        let total_col = other + 3;
        assert_eq!(at(&r, FIRST, total_col + 1), Data::Float((1..=300u64).sum::<u64>() as f64));
        assert_eq!(at(&r, FIRST + 2, total_col + 1), Data::Float(c.totals.participants.unwrap() as f64));
        let f = wb.worksheet_formula("Tổng hợp").unwrap();
        let row_total = f.get_value((FIRST, total_col + 1)).cloned().unwrap_or_default();
        assert_eq!(row_total.matches(',').count() + 1, 255, "{row_total}");
        let chart = part(&bytes, "xl/charts/chart1.xml");
        // The ten standard kinds have no figures: 244 of the ward's own, and the group.
        assert_eq!(chart.matches("<c:ser>").count(), 245);
    }

    /// A message that quotes a long value (the reader's own words) is cut in
    /// the Kiểm tra sheet; the workbook is written.
    #[test]
    fn any_text_past_one_cell_is_cut_by_the_writer() {
        use crate::consolidate::{Input, InputOutcome};
        let mut inputs = crate::consolidate::tests::sample_inputs();
        let long = "ư".repeat(50_000);
        inputs.push(Input {
            path: "in/long.xlsx".into(),
            sha256: Some([7; 32]),
            outcome: InputOutcome::Failed(crate::diag::Diagnostic::new("E-FILE-UNREADABLE", long.clone(), long)),
        });
        let c = consolidate(
            inputs,
            &ConsolidateOptions {
                period: None,
                allow_errors: true,
                ..Default::default()
            },
        );
        let mut wb = open(&summary_workbook(&c).unwrap());
        let k = wb.worksheet_range("Kiểm tra").unwrap();
        let cut: Vec<String> = k
            .rows()
            .filter_map(|row| match row.get(8) {
                Some(Data::String(t)) if t.starts_with("ưư") => Some(t.clone()),
                _ => None,
            })
            .collect();
        assert_eq!(cut.len(), 1);
        assert_eq!(cut[0].chars().count(), excel::MAX_TEXT);
        assert!(cut[0].ends_with('…'));
    }

    #[test]
    fn an_empty_consolidation_still_makes_a_workbook() {
        let c = consolidate(Vec::new(), &ConsolidateOptions::default());
        let mut wb = open(&summary_workbook(&c).unwrap());
        assert_eq!(wb.sheet_names().len(), 7);
        let r = wb.worksheet_range("Tổng hợp").unwrap();
        assert_eq!(at(&r, FIRST, 1), Data::String("Tổng cộng".into()));
    }
}
