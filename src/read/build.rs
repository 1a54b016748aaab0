//! Located tables → the model. Every value is normalised here, where its cell
//! and raw text are at hand, so each cell-level problem is reported with its
//! exact place; the whole workbook is read even when some cells are wrong.

use std::collections::HashSet;

use crate::diag::Diagnostic;
use crate::model::*;
use crate::normalize::category::{self, Match};
use crate::normalize::date::{self, DateError};
use crate::normalize::{number, period as nperiod, text::fold};
use crate::source::{Cell, Source};

use super::account;
use super::evidence::{activity_evidence, is_note_row, tt_code_of, tt_is_code};
use super::locate::{find_tables, PartKind, Role, Table};
use super::workbook::{RawCell, RawSheet, RawWorkbook, Value};

/// A table header found in a sheet, with its rows, before choosing.
struct Candidate {
    sheet: usize,
    table: Table,
    rows: Vec<u32>,
    /// For an activity table: how much its rows look like activities, or why
    /// they do not.
    evidence: Result<i64, (String, String)>,
}

impl Candidate {
    fn last_row(&self) -> u32 {
        self.rows
            .last()
            .copied()
            .unwrap_or(self.table.first_row.saturating_sub(1))
            .max(self.table.header_row)
    }
}

/// Reads the model out of a workbook whose text is already normalised.
///
/// Every sheet's table headers are candidates. The activity table is the
/// candidate with the most evidence (rows naming activities of the national
/// form, figures in its count columns); each other part is its first
/// candidate. Every candidate not used, and every other table-like block,
/// is named in a note and in [`Report::unused`] and never read; the rest of
/// each sheet is searched for Thông tin labels.
pub fn build(wb: &RawWorkbook) -> (Report, Vec<Diagnostic>) {
    let mut b = Builder {
        report: Report::default(),
        diags: Vec::new(),
    };
    let cands = candidates(wb);
    let chosen = choose(&cands);
    // Rows each sheet's tables span, used or not: never Thông tin.
    let mut spans: Vec<Vec<(u32, u32)>> = vec![Vec::new(); wb.sheets.len()];
    let mut tables_read = vec![0usize; wb.sheets.len()];
    for (i, c) in cands.iter().enumerate() {
        let Some(sheet) = wb.sheets.get(c.sheet) else { continue };
        if let Some(span) = spans.get_mut(c.sheet) {
            span.push((c.table.header_row, c.last_row()));
        }
        if chosen.contains(&i) {
            if let Some(n) = tables_read.get_mut(c.sheet) {
                *n += 1;
            }
            b.read_table(sheet, &c.table, &c.rows);
        } else {
            let used = chosen.iter().filter_map(|&j| cands.get(j)).find(|u| u.table.kind == c.table.kind);
            let why = match (&c.evidence, used) {
                (Err(why), _) => why.clone(),
                (Ok(_), Some(u)) => {
                    let at = wb.sheets.get(u.sheet).map(|s| s.name.to_string()).unwrap_or_default();
                    let at = format!(
                        "{at}!{}",
                        Cell::new(u.table.header_row, u.table.columns.first().map(|x| x.0).unwrap_or(0))
                    );
                    (
                        format!("sổ đã có bảng {} ở {at}, bảng này không được cộng thêm", kind_vi(c.table.kind)),
                        format!(
                            "the workbook's {} table at {at} was used; this one is not added to it",
                            kind_en(c.table.kind)
                        ),
                    )
                }
                (Ok(_), None) => Default::default(),
            };
            let (c0, c1) = account::col_span(sheet, c.table.header_row, c.last_row());
            let range = account::range(c.table.header_row, c0, c.last_row(), c1);
            b.unused(sheet, UnusedKind::Block, Some(range), why, true);
        }
    }
    for (si, sheet) in wb.sheets.iter().enumerate() {
        let spans = spans.get(si).cloned().unwrap_or_default();
        b.rest_of_sheet(sheet, spans, tables_read.get(si).copied().unwrap_or(0));
    }
    let found: HashSet<PartKind> = chosen.iter().filter_map(|&i| cands.get(i)).map(|c| c.table.kind).collect();
    b.missing_parts(&found);
    (b.report, b.diags)
}

/// Every table header of every sheet, with its rows and, for an activity
/// table, its evidence.
fn candidates(wb: &RawWorkbook) -> Vec<Candidate> {
    let mut cands = Vec::new();
    for (si, sheet) in wb.sheets.iter().enumerate() {
        let tables = find_tables(sheet);
        for (ti, t) in tables.iter().enumerate() {
            // "Mục | Nội dung" also heads a Thông tin sheet: its rows are labels.
            if t.kind == PartKind::Narrative && is_info_block(sheet, t) {
                continue;
            }
            let limit = tables.get(ti + 1).map(|n| n.header_row).unwrap_or(u32::MAX);
            let rows = data_rows(sheet, t, limit);
            let evidence = if t.kind == PartKind::Activities {
                activity_evidence(sheet, t, &rows)
            } else {
                Ok(0)
            };
            cands.push(Candidate {
                sheet: si,
                table: t.clone(),
                rows,
                evidence,
            });
        }
    }
    cands
}

/// The candidate read for each kind, in reading order: the highest score
/// (the first of equals) among those with evidence.
fn choose(cands: &[Candidate]) -> Vec<usize> {
    let mut chosen: Vec<usize> = [
        PartKind::Activities,
        PartKind::Indicators,
        PartKind::Directives,
        PartKind::Narrative,
    ]
    .into_iter()
    .filter_map(|kind| {
        cands
            .iter()
            .enumerate()
            .filter(|(_, c)| c.table.kind == kind)
            .filter_map(|(i, c)| c.evidence.as_ref().ok().map(|s| (i, *s)))
            .max_by_key(|&(i, s)| (s, std::cmp::Reverse(i)))
            .map(|(i, _)| i)
    })
    .collect();
    chosen.sort_unstable();
    chosen
}

fn kind_vi(k: PartKind) -> &'static str {
    match k {
        PartKind::Activities => "hoạt động",
        PartKind::Indicators => "chỉ tiêu",
        PartKind::Directives => "văn bản chỉ đạo",
        PartKind::Narrative => "nội dung",
    }
}

fn kind_en(k: PartKind) -> &'static str {
    match k {
        PartKind::Activities => "activity",
        PartKind::Indicators => "indicator",
        PartKind::Directives => "directive",
        PartKind::Narrative => "narrative",
    }
}

/// The cells a sheet spans, or `None` when it holds nothing.
fn sheet_range(sheet: &RawSheet) -> Option<String> {
    let filled: Vec<&RawCell> = sheet.cells.iter().filter(|c| account::filled(c)).collect();
    let (r0, r1) = (filled.iter().map(|c| c.row).min()?, filled.iter().map(|c| c.row).max()?);
    let (c0, c1) = (filled.iter().map(|c| c.col).min()?, filled.iter().map(|c| c.col).max()?);
    Some(account::range(r0, c0, r1, c1))
}

struct Builder {
    report: Report,
    diags: Vec<Diagnostic>,
}

pub(super) fn is_total_label(key: &str) -> bool {
    matches!(
        key,
        "tong so" | "tong cong" | "cong" | "tong" | "tong so chung" | "cong chung" | "tong chung"
    )
}

/// Text under a table that is not data: notes, signatures, dates of signing.
pub(super) fn is_footer(key: &str) -> bool {
    const STARTS: [&str; 12] = [
        "ghi chu",
        "nguoi lap",
        "nguoi ky",
        "noi nhan",
        "xac nhan",
        "thu truong",
        "giam doc",
        "tm ",
        "tm.",
        "kt ",
        "ngay ",
        "luu y",
    ];
    STARTS.iter().any(|s| key.starts_with(s))
}

pub(super) fn cell_text(c: &RawCell) -> Option<String> {
    match &c.value {
        Value::Text(s) => Some(s.clone()),
        Value::Number(f) if f.fract() == 0.0 && f.abs() < 1e15 => Some(format!("{}", *f as i64)),
        Value::Number(f) => Some(number::format_decimal(*f, 6)),
        Value::Bool(b) => Some(b.to_string()),
        Value::Date(f) => date::from_serial(*f).map(|d| d.format("%d/%m/%Y").to_string()),
        Value::DateIso(s) => Some(s.clone()),
        Value::Error(e) => Some(e.clone()),
    }
}

/// The data rows of a table (rows are contiguous; a blank row, another
/// header or a footer ends it).
fn data_rows(sheet: &RawSheet, t: &Table, limit: u32) -> Vec<u32> {
    let key_col = t.col(Role::Name).or(t.col(Role::Number)).or(t.col(Role::Section));
    let mut rows = Vec::new();
    let mut prev = t.first_row.saturating_sub(1);
    for r in sheet.row_indices() {
        if r < t.first_row {
            continue;
        }
        if r >= limit {
            break;
        }
        let key = key_col
            .and_then(|c| sheet.get(r, c))
            .and_then(cell_text)
            .map(|s| fold(&s))
            .unwrap_or_default();
        let tt = t
            .col(Role::Tt)
            .and_then(|c| sheet.get(r, c))
            .and_then(cell_text)
            .map(|s| fold(&s))
            .unwrap_or_default();
        // Blank rows end a table, except a few right under the header, or
        // before a row of the activity table that is plainly one of its rows
        // (a standard category, or the total).
        // A narrative runs to the next table: writers leave blank rows
        // between sections, and a paragraph may begin "Ngày 15/3, …".
        if t.kind == PartKind::Narrative {
            rows.push(r);
            continue;
        }
        if r > prev + 1 {
            let before_first = rows.is_empty() && r - prev <= 3;
            let plainly_a_row = t.kind == PartKind::Activities
                && r - prev <= 3
                && (is_total_label(&key)
                    || is_total_label(&tt)
                    || category::match_name(&key).is_some()
                    || category::match_words(&key).is_some());
            if !(before_first || plainly_a_row) {
                break;
            }
        }
        if is_footer(&key) || (key.is_empty() && is_footer(&first_text_key(sheet, r))) {
            break;
        }
        rows.push(r);
        prev = r;
        if is_total_label(&key) || is_total_label(&tt) {
            break;
        }
    }
    rows
}

/// Whether the rows under a "Mục | Nội dung" header are Thông tin labels.
fn is_info_block(sheet: &RawSheet, t: &Table) -> bool {
    let Some(col) = t.col(Role::Section) else { return false };
    let labels = (t.first_row..t.first_row + 5)
        .filter_map(|r| sheet.text(r, col))
        .filter(|l| item_of(&fold(l)).is_some())
        .count();
    labels >= 2
}

fn first_text_key(sheet: &RawSheet, r: u32) -> String {
    sheet
        .row(r)
        .iter()
        .find_map(|c| match &c.value {
            Value::Text(s) => Some(fold(s)),
            _ => None,
        })
        .unwrap_or_default()
}

/// A count cell: whole and ≥ 0, or empty (not reported).
enum Count {
    Empty,
    Value(u64),
    Bad,
}

impl Builder {
    fn src(sheet: &RawSheet, row: u32, col: u32) -> Source {
        Source::new(&sheet.name, row, col)
    }

    fn note_number(&mut self, src: &Source, raw: &str, v: f64) {
        let shown = number::format_decimal(v, 6);
        self.diags.push(
            Diagnostic::new(
                "N-NUMBER-FROM-TEXT",
                format!("\"{raw}\" được đọc là số {shown}."),
                format!("\"{raw}\" was read as the number {v}."),
            )
            .at(src),
        );
    }

    fn not_integer(&mut self, src: &Source, raw: &str, what_vi: &str, what_en: &str) -> Count {
        self.diags.push(
            Diagnostic::new(
                "E-COUNT-NOT-INTEGER",
                format!("\"{raw}\" không phải số nguyên — {what_vi} phải là số nguyên không âm."),
                format!("\"{raw}\" is not a whole number — {what_en} must be a whole number ≥ 0."),
            )
            .at(src),
        );
        Count::Bad
    }

    fn count(&mut self, sheet: &RawSheet, row: u32, col: Option<u32>, what_vi: &str, what_en: &str) -> Count {
        let Some(col) = col else { return Count::Empty };
        let Some(cell) = sheet.get(row, col) else { return Count::Empty };
        let src = Self::src(sheet, row, col);
        let (v, raw) = match &cell.value {
            Value::Number(f) | Value::Date(f) => (*f, number::format_decimal(*f, 6)),
            Value::Text(s) => {
                let t = s.trim();
                if t.is_empty() || matches!(t, "-" | "–" | "—" | "x" | "X") {
                    return Count::Empty;
                }
                match number::parse(t) {
                    Some(n) if !n.percent => {
                        self.note_number(&src, t, n.value);
                        (n.value, t.to_string())
                    }
                    _ => {
                        return self.not_integer(&src, t, what_vi, what_en);
                    }
                }
            }
            _ => return self.not_integer(&src, &cell_text(cell).unwrap_or_default(), what_vi, what_en),
        };
        if !v.is_finite() || v.fract() != 0.0 {
            return self.not_integer(&src, &raw, what_vi, what_en);
        }
        if v < 0.0 {
            self.diags.push(
                Diagnostic::new(
                    "E-COUNT-NEGATIVE",
                    format!("{raw} là số âm — {what_vi} không được âm."),
                    format!("{raw} is negative — {what_en} cannot be negative."),
                )
                .at(&src),
            );
            return Count::Bad;
        }
        if v > 1e15 {
            self.diags.push(
                Diagnostic::new(
                    "E-COUNT-NOT-INTEGER",
                    format!("{raw} quá lớn — {what_vi} phải là số nguyên hợp lý."),
                    format!("{raw} is too large for {what_en}."),
                )
                .at(&src),
            );
            return Count::Bad;
        }
        Count::Value(v as u64)
    }

    fn text_at(sheet: &RawSheet, row: u32, col: Option<u32>) -> Option<String> {
        col.and_then(|c| sheet.get(row, c)).and_then(cell_text).filter(|s| !s.is_empty())
    }

    /// A date cell: a date serial, a bare number typed in a date field, or text.
    fn date_at(&mut self, sheet: &RawSheet, row: u32, col: Option<u32>) -> Option<Date> {
        let col = col?;
        let cell = sheet.get(row, col)?;
        let src = Self::src(sheet, row, col);
        self.date_of(cell, &src)
    }

    fn date_of(&mut self, cell: &RawCell, src: &Source) -> Option<Date> {
        let res = match &cell.value {
            Value::Date(f) | Value::Number(f) => date::from_serial(*f).ok_or(DateError::Unreadable),
            Value::Text(s) => date::parse(s),
            Value::DateIso(s) => date::parse(s.get(..10).unwrap_or(s)),
            _ => Err(DateError::Unreadable),
        };
        match res {
            Ok(d) => Some(d),
            Err(e) => {
                let raw = cell_text(cell).unwrap_or_default();
                let (vi, en) = match e {
                    DateError::TwoDigitYear => (
                        "năm chỉ có hai chữ số; hãy viết đủ bốn chữ số (26/11/2018)",
                        "the year has two digits; write all four (26/11/2018)",
                    ),
                    DateError::NoSuchDay => ("ngày này không có thật", "no such day"),
                    DateError::Unreadable => (
                        "không đọc được ngày; hãy viết ngày/tháng/năm, ví dụ 26/11/2018",
                        "not a readable date; write day/month/year, e.g. 26/11/2018",
                    ),
                };
                self.diags
                    .push(Diagnostic::new("E-DATE-INVALID", format!("\"{raw}\": {vi}."), format!("\"{raw}\": {en}.")).at(src));
                None
            }
        }
    }

    /// A decimal cell of the indicator table. `percent_row`: the unit is "%".
    fn decimal(&mut self, sheet: &RawSheet, row: u32, col: Option<u32>, percent_row: bool) -> Option<f64> {
        let col = col?;
        let cell = sheet.get(row, col)?;
        let src = Self::src(sheet, row, col);
        let v = match &cell.value {
            Value::Number(f) => {
                if cell.percent_format {
                    f * 100.0
                } else {
                    *f
                }
            }
            Value::Text(s) => {
                let t = s.trim();
                if t.is_empty() || matches!(t, "-" | "–" | "—") {
                    return None;
                }
                match number::parse(t) {
                    Some(n) => {
                        self.note_number(&src, t, n.value);
                        n.value
                    }
                    None => {
                        self.diags.push(
                            Diagnostic::new(
                                "E-NUMBER-INVALID",
                                format!("\"{t}\" không phải số — hãy nhập số theo cách viết Việt Nam, ví dụ 9.154 hoặc 0,08."),
                                format!("\"{t}\" is not a number — type a number in Vietnamese notation, e.g. 9.154 or 0,08."),
                            )
                            .at(&src),
                        );
                        return None;
                    }
                }
            }
            _ => {
                let raw = cell_text(cell).unwrap_or_default();
                self.diags.push(
                    Diagnostic::new(
                        "E-NUMBER-INVALID",
                        format!("\"{raw}\" không phải số."),
                        format!("\"{raw}\" is not a number."),
                    )
                    .at(&src),
                );
                return None;
            }
        };
        if !v.is_finite() {
            return None;
        }
        if percent_row && !(0.0..=100.0).contains(&v) {
            let shown = number::format_decimal(v, 4);
            self.diags.push(
                Diagnostic::new(
                    "E-PERCENT-RANGE",
                    format!("{shown} % nằm ngoài khoảng 0–100 — tỷ lệ phần trăm phải từ 0 đến 100."),
                    format!("{shown} % is outside 0–100 — a percentage must be between 0 and 100."),
                )
                .at(&src),
            );
        }
        Some(v)
    }

    /// A % row where one period's value is a fraction and the other's a
    /// percentage (0,992 beside 99,1): a fraction typed in a cell without
    /// the percent format. Warns at the small one, giving both readings.
    fn percent_scale(&mut self, sheet: &RawSheet, r: u32, a: (Option<u32>, Option<f64>), b: (Option<u32>, Option<f64>)) {
        for ((col, v), (_, other)) in [(a, b), (b, a)] {
            let (Some(col), Some(v), Some(other)) = (col, v, other) else {
                continue;
            };
            // A cell with a percent format showed the clerk what was read.
            if sheet.get(r, col).is_some_and(|c| c.percent_format) || !number::looks_like_a_fraction(v, other) {
                continue;
            }
            let (as_is, scaled, beside) = (
                number::format_decimal(v, 6),
                number::format_decimal(v * 100.0, 4),
                number::format_decimal(other, 4),
            );
            self.diags.push(
                Diagnostic::new(
                    "W-PERCENT-SCALE",
                    format!("{as_is} hay {scaled} %? Ô được hiểu là {as_is} % nhưng kỳ kia của cùng chỉ tiêu là {beside} %. Nếu ý là {scaled} %, hãy nhập {scaled} (hoặc định dạng ô là phần trăm)."),
                    format!("{as_is} or {scaled} %? The cell is read as {as_is} % but the other period of the same indicator is {beside} %. If {scaled} % was meant, type {scaled} (or give the cell a percent format)."),
                )
                .at(&Self::src(sheet, r, col)),
            );
        }
    }

    /// Reads a table's rows into the model, then names every filled cell of
    /// the table that went nowhere.
    fn read_table(&mut self, sheet: &RawSheet, t: &Table, rows: &[u32]) {
        let used = match t.kind {
            PartKind::Activities => self.read_activities(sheet, t, rows),
            PartKind::Indicators => self.read_indicators(sheet, t, rows),
            PartKind::Directives => self.read_directives(sheet, t, rows),
            PartKind::Narrative => self.read_narrative(sheet, t, rows),
        };
        self.account(sheet, t, rows, &used);
    }

    /// Outside the tables (`spans`): the table-like blocks are other
    /// people's (noted, never read), the rest is searched for Thông tin.
    /// A sheet of which nothing was used gets one note for the whole sheet.
    fn rest_of_sheet(&mut self, sheet: &RawSheet, mut spans: Vec<(u32, u32)>, tables_read: usize) {
        let foreign: Vec<account::Block> = account::blocks(sheet, &account::Spans::new(spans.clone()), &|k| item_of(k).is_some())
            .into_iter()
            .filter(|bl| bl.table_like)
            .collect();
        spans.extend(foreign.iter().map(|bl| (bl.first, bl.last)));
        let used = tables_read + self.read_info(sheet, &account::Spans::new(spans));
        let here = |u: &Unused| *u.sheet == *sheet.name;
        let ignored_here = self.report.unused.iter().filter(|u| here(u)).count();
        if used == 0 && ignored_here + foreign.len() > 0 {
            let why = match foreign.first() {
                Some(bl) => account::foreign_reason(&bl.headers),
                None => self
                    .report
                    .unused
                    .iter()
                    .find(|u| here(u))
                    .map(|u| (u.reason_vi.clone(), u.reason_en.clone()))
                    .unwrap_or_default(),
            };
            self.report.unused.retain(|u| !here(u));
            self.diags
                .retain(|d| !(d.code == "N-TABLE-IGNORED" && d.sheet.as_deref() == Some(&*sheet.name)));
            self.unused(sheet, UnusedKind::Sheet, sheet_range(sheet), why, true);
            return;
        }
        for bl in &foreign {
            self.unused(
                sheet,
                UnusedKind::Block,
                Some(bl.range()),
                account::foreign_reason(&bl.headers),
                true,
            );
        }
        if used == 0 && ignored_here == 0 && sheet.cells.iter().any(account::filled) {
            let why = (
                "không có bảng nào hay mục Thông tin nào".to_string(),
                "it holds no table and no Thông tin item".to_string(),
            );
            self.unused(sheet, UnusedKind::Sheet, sheet_range(sheet), why, false);
        }
    }

    fn missing_parts(&mut self, found: &HashSet<PartKind>) {
        if !found.contains(&PartKind::Activities) {
            self.diags.push(Diagnostic::new(
                "E-PART-MISSING",
                "Không tìm thấy bảng hoạt động: cần một dòng tiêu đề có \"Tên hoạt động giáo dục\" và \"Số lớp (chuyên đề)\" hoặc \"Số lượt người tham gia\".",
                "No activity table found: a header row with \"Tên hoạt động giáo dục\" and \"Số lớp (chuyên đề)\" or \"Số lượt người tham gia\" is needed.",
            ));
        }
        for (kind, vi, en) in [
            (PartKind::Indicators, "Chỉ tiêu", "indicators (Chỉ tiêu)"),
            (PartKind::Directives, "Văn bản chỉ đạo", "directives (Văn bản chỉ đạo)"),
        ] {
            if !found.contains(&kind) {
                self.diags.push(Diagnostic::new(
                    "W-PART-MISSING",
                    format!("Sổ không có bảng {vi}; báo cáo sẽ bỏ mục tương ứng."),
                    format!("The workbook has no {en} table; the report leaves that section out."),
                ));
            }
        }
    }

    /// Records a part left unused; `note`: also say so in a note.
    fn unused(&mut self, sheet: &RawSheet, kind: UnusedKind, range: Option<String>, (vi, en): (String, String), note: bool) {
        if note {
            let (wvi, wen) = match kind {
                UnusedKind::Sheet => (
                    format!("Trang \"{}\" không được dùng", sheet.name),
                    format!("Sheet \"{}\" is not used", sheet.name),
                ),
                UnusedKind::Block | UnusedKind::Cells => (
                    format!("Bảng ở {} không được dùng", range.as_deref().unwrap_or("")),
                    format!("The table at {} is not used", range.as_deref().unwrap_or("")),
                ),
            };
            let mut d = Diagnostic::new(
                "N-TABLE-IGNORED",
                format!("{wvi}: {vi}; không số nào của nó được cộng."),
                format!("{wen}: {en}; none of its figures is counted."),
            )
            .in_sheet(&sheet.name);
            if kind == UnusedKind::Block {
                d.cell = range.clone();
            }
            self.diags.push(d);
        }
        self.report.unused.push(Unused {
            sheet: sheet.name.to_string(),
            kind,
            range,
            reason_vi: vi,
            reason_en: en,
        });
    }

    /// The accounting of one table that was read: every filled cell of its
    /// header rows is used (they located it), every cell of a row that went
    /// into the model in a column with a role is used; the rest — a column
    /// with no role ("Đơn vị phối hợp"), a row with nothing to read — is
    /// named by one N-CELLS-IGNORED per column or row.
    fn account(&mut self, sheet: &RawSheet, t: &Table, rows: &[u32], used: &[u32]) {
        let role_cols: Vec<u32> = t.columns.iter().map(|c| c.0).collect();
        // Columns with no role, over the rows that were read.
        let mut by_col: std::collections::BTreeMap<u32, (u32, u32)> = std::collections::BTreeMap::new();
        let mut ignored_rows: Vec<u32> = Vec::new();
        for &r in rows {
            let cells = sheet.row(r).iter().filter(|c| account::filled(c));
            if used.binary_search(&r).is_ok() {
                for c in cells.filter(|c| !role_cols.contains(&c.col)) {
                    let e = by_col.entry(c.col).or_insert((r, r));
                    e.1 = r;
                }
            } else if cells.count() > 0 {
                ignored_rows.push(r);
            }
        }
        for (col, (r0, r1)) in by_col {
            let head = t
                .header_text(col)
                .map(|h| h.split_whitespace().collect::<Vec<_>>().join(" "))
                .unwrap_or_default();
            let cells = account::range(r0, col, r1, col);
            let (vi, en) = if head.is_empty() {
                (
                    format!("Cột {} không có tiêu đề nên không được đọc.", Cell::col_name(col)),
                    format!("Column {} has no header, so it is not read.", Cell::col_name(col)),
                )
            } else {
                (
                    format!(
                        "Cột {} \"{head}\" không phải cột nào của bảng {}; không được đọc.",
                        Cell::col_name(col),
                        kind_vi(t.kind)
                    ),
                    format!(
                        "Column {} \"{head}\" is not a column of the {} table; not read.",
                        Cell::col_name(col),
                        kind_en(t.kind)
                    ),
                )
            };
            self.cells_ignored(sheet, cells, vi, en);
        }
        for r in ignored_rows {
            let (c0, c1) = account::col_span(sheet, r, r);
            let cells = account::range(r, c0, r, c1);
            let (vi, en) = match t.kind {
                PartKind::Activities => (
                    "không có tên hoạt động hay số liệu để đọc (dòng ghi chú hoặc chỉ có TT)",
                    "it has no activity name or figure to read (a note, or a TT alone)",
                ),
                PartKind::Indicators => ("không có tên chỉ tiêu", "it has no indicator name"),
                PartKind::Directives => ("không có số ký hiệu hay trích yếu", "it has no document number or summary"),
                PartKind::Narrative => ("không có tiêu đề hay nội dung", "it has no title or text"),
            };
            self.cells_ignored(
                sheet,
                cells.clone(),
                format!("Dòng {} không được đọc: {vi}.", r + 1),
                format!("Row {} is not read: {en}.", r + 1),
            );
        }
    }

    fn cells_ignored(&mut self, sheet: &RawSheet, cells: String, vi: String, en: String) {
        let mut d = Diagnostic::new("N-CELLS-IGNORED", vi.clone(), en.clone()).in_sheet(&sheet.name);
        d.cell = Some(cells.clone());
        self.diags.push(d);
        self.report.unused.push(Unused {
            sheet: sheet.name.to_string(),
            kind: UnusedKind::Cells,
            range: Some(cells),
            reason_vi: vi,
            reason_en: en,
        });
    }

    /// Returns the rows that went into the model or into a diagnostic.
    fn read_activities(&mut self, sheet: &RawSheet, t: &Table, rows: &[u32]) -> Vec<u32> {
        let mut used = Vec::new();
        let (cc, pc, fc) = (t.col(Role::Classes), t.col(Role::Participants), t.col(Role::Female));
        let name_col = t.col(Role::Name);
        let mut female_empty: Vec<Source> = Vec::new();
        let tt_codes = tt_is_code(sheet, t, rows);
        // Columns (classes, participants, women) whose sum misses a value
        // that has its own error: their total row is not also "mismatch".
        let mut incomplete = [false; 3];
        for &r in rows {
            let name = Self::text_at(sheet, r, name_col);
            let tt_text = Self::text_at(sheet, r, t.col(Role::Tt));
            let key = name.as_deref().map(fold).unwrap_or_default();
            let classes = self.count(sheet, r, cc, "số lớp (chuyên đề)", "the number of classes");
            let participants = self.count(sheet, r, pc, "số lượt người tham gia", "the number of participants");
            let female = self.count(sheet, r, fc, "số lượt nữ", "the number of women");
            let opt = |c: &Count| match c {
                Count::Value(v) => Some(*v),
                _ => None,
            };
            // A count that could not be read has its own error: it is not
            // also "classes but no participants".
            let bad = [&classes, &participants, &female].map(|c| matches!(c, Count::Bad));
            let any_bad = bad.contains(&true);
            let (classes, participants, female) = (opt(&classes), opt(&participants), opt(&female));
            if is_total_label(&key) || tt_text.as_deref().map(|s| is_total_label(&fold(s))).unwrap_or(false) {
                self.report.stated_totals = Some(Totals {
                    classes,
                    participants,
                    female,
                });
                self.check_total(sheet, r, t, incomplete);
                used.push(r);
                continue;
            }
            for (slot, b) in incomplete.iter_mut().zip(bad) {
                *slot |= b;
            }
            let no_figures = classes.is_none() && participants.is_none() && female.is_none();
            if any_bad {
                used.push(r);
            }
            if name.is_none() && tt_text.is_none() && no_figures {
                continue;
            }
            // A note under the header ("(Số liệu tính đến 30/11)", "Ghi chú: …",
            // text in the TT column): not an activity.
            if no_figures && !any_bad && is_note_row(name.as_deref(), tt_text.as_deref()) {
                continue;
            }
            used.push(r);
            let name_src = Self::src(sheet, r, name_col.unwrap_or(0));
            if let (Some(p), Some(f)) = (participants, female) {
                if f > p {
                    let src = Self::src(sheet, r, fc.unwrap_or(0));
                    self.diags.push(
                        Diagnostic::new(
                            "E-FEMALE-EXCEEDS-TOTAL",
                            format!(
                                "Số nữ {} lớn hơn tổng số {} của cùng dòng.",
                                number::format_int(f),
                                number::format_int(p)
                            ),
                            format!("Women {f} exceed the total {p} of the same row."),
                        )
                        .at(&src),
                    );
                }
            }
            let tt_code = tt_code_of(tt_text.as_deref()).filter(|_| tt_codes);
            let Some((category, canonical_name)) = self.categorise(name.as_deref(), tt_code, &name_src, sheet, r, t) else {
                incomplete = [true; 3];
                continue;
            };
            let cell = |c: Option<u32>| Self::src(sheet, r, c.unwrap_or(0));
            match (classes, participants) {
                _ if any_bad => {}
                (None | Some(0), Some(p)) if p > 0 => self.diags.push(
                    Diagnostic::new(
                        "W-PARTICIPANTS-WITHOUT-CLASSES",
                        format!(
                            "Có {} lượt người tham gia nhưng số lớp (chuyên đề) trống hoặc bằng 0.",
                            number::format_int(p)
                        ),
                        format!("{p} participants but no classes."),
                    )
                    .at(&cell(cc)),
                ),
                (Some(c), None | Some(0)) if c > 0 => self.diags.push(
                    Diagnostic::new(
                        "W-CLASSES-WITHOUT-PARTICIPANTS",
                        format!("Có {} lớp (chuyên đề) nhưng không có lượt người tham gia.", number::format_int(c)),
                        format!("{c} classes but no participants."),
                    )
                    .at(&cell(pc)),
                ),
                _ => {}
            }
            if participants.is_some() && female.is_none() {
                female_empty.push(cell(fc));
            }
            self.report.activities.push(Activity {
                category,
                name: canonical_name.unwrap_or_default(),
                classes,
                participants,
                female,
                note: Self::text_at(sheet, r, t.col(Role::Note)),
                source: Some(name_src),
            });
        }
        self.female_missing(t, sheet, female_empty);
        used
    }

    /// A row's category: its name (exact, then small typos, then the words
    /// of a shortened name), else its TT when the name has no letters. A name
    /// and a TT that disagree are a warning naming both (the name wins: it is
    /// what the ward wrote about the row); an empty name with no TT to go by
    /// is "missing name" at its cell, and the row is left out (`None`).
    fn categorise(
        &mut self,
        name: Option<&str>,
        tt: Option<u8>,
        name_src: &Source,
        sheet: &RawSheet,
        r: u32,
        t: &Table,
    ) -> Option<(CategoryId, Option<String>)> {
        let shown = name.unwrap_or("");
        let has_letters = shown.chars().any(char::is_alphabetic);
        let by_name = match name.and_then(category::match_name) {
            Some(Match::Exact(c)) => Some(c),
            Some(Match::Fuzzy(c)) => {
                let canon = category::canonical(c).unwrap_or("");
                self.diags.push(
                    Diagnostic::new(
                        "N-CATEGORY-FUZZY",
                        format!("\"{shown}\" được hiểu là \"{canon}\"."),
                        format!("\"{shown}\" was taken as \"{canon}\"."),
                    )
                    .at(name_src),
                );
                Some(c)
            }
            None => match name.and_then(category::match_words) {
                Some(c) if tt.is_none_or(|tt| tt == c) => {
                    let canon = category::canonical(c).unwrap_or("");
                    self.diags.push(
                        Diagnostic::new(
                            "N-CATEGORY-SHORT",
                            format!("Tên rút gọn \"{shown}\" được hiểu là loại {c} \"{canon}\"."),
                            format!("The short name \"{shown}\" was taken as category {c} \"{canon}\"."),
                        )
                        .at(name_src),
                    );
                    Some(c)
                }
                other => other,
            },
        };
        if let (Some(c), Some(code)) = (by_name, tt) {
            if c != code {
                let tt_src = Self::src(sheet, r, t.col(Role::Tt).unwrap_or(0));
                let (cn, tn) = (category::canonical(c).unwrap_or(""), category::canonical(code).unwrap_or(""));
                self.diags.push(
                    Diagnostic::new(
                        "W-CATEGORY-TT-MISMATCH",
                        format!("Tên \"{shown}\" ({}) là loại {c} \"{cn}\" nhưng TT ở ô {} là {code} \"{tn}\"; báo cáo xếp vào loại {c} theo tên.", name_src.cell, tt_src.cell),
                        format!("The name \"{shown}\" ({}) is category {c} \"{cn}\" but the TT in {} is {code} \"{tn}\"; the report files it under {c}, by its name.", name_src.cell, tt_src.cell),
                    )
                    .at(name_src),
                );
            }
        }
        if let Some(c) = by_name {
            return Some((CategoryId::Standard(c), category::canonical(c).map(str::to_string)));
        }
        match tt {
            Some(c) if !has_letters => Some((CategoryId::Standard(c), category::canonical(c).map(str::to_string))),
            _ if shown.trim().is_empty() => {
                self.diags.push(
                    Diagnostic::new(
                        "E-ACTIVITY-NAME-MISSING",
                        "Dòng có số liệu nhưng thiếu tên hoạt động (và không có TT 1–10 để biết là loại nào); hãy ghi tên hoạt động.",
                        "The row has figures but no activity name (and no TT 1–10 to tell its category); write the activity's name.",
                    )
                    .at(name_src),
                );
                None
            }
            _ => {
                self.diags.push(
                    Diagnostic::new(
                        "W-CATEGORY-UNKNOWN",
                        format!("\"{shown}\" không thuộc danh mục hoạt động chuẩn; được giữ như một loại riêng."),
                        format!("\"{shown}\" is not a standard activity category; it is kept as a category of its own."),
                    )
                    .at(name_src),
                );
                Some((CategoryId::Custom, Some(shown.to_string())))
            }
        }
    }

    fn female_missing(&mut self, t: &Table, sheet: &RawSheet, empty: Vec<Source>) {
        if t.col(Role::Female).is_none() {
            self.diags.push(
                Diagnostic::new(
                    "W-FEMALE-MISSING",
                    "Bảng hoạt động không có cột Nữ; số nữ coi như không báo cáo.",
                    "The activity table has no column for women; treated as not reported.",
                )
                .in_sheet(&sheet.name),
            );
        } else if let Some(first) = empty.first() {
            let cells: Vec<String> = empty.iter().map(|s| s.cell.to_string()).collect();
            self.diags.push(
                Diagnostic::new(
                    "W-FEMALE-MISSING",
                    format!(
                        "Cột Nữ để trống ở {} dòng ({}); số nữ coi như không báo cáo.",
                        cells.len(),
                        cells.join(", ")
                    ),
                    format!(
                        "The women column is empty in {} rows ({}); treated as not reported.",
                        cells.len(),
                        cells.join(", ")
                    ),
                )
                .at(first),
            );
        }
    }

    /// Compares the typed total row with the sum of the rows.
    fn check_total(&mut self, sheet: &RawSheet, r: u32, t: &Table, incomplete: [bool; 3]) {
        let Some(stated) = self.report.stated_totals else { return };
        let computed = Totals::of(&self.report.activities);
        let cols = [
            (stated.classes, computed.classes, t.col(Role::Classes), "số lớp", "classes"),
            (
                stated.participants,
                computed.participants,
                t.col(Role::Participants),
                "số lượt người",
                "participants",
            ),
            (stated.female, computed.female, t.col(Role::Female), "số nữ", "women"),
        ];
        for ((s, c, col, vi, en), incomplete) in cols.into_iter().zip(incomplete) {
            let (Some(s), Some(col)) = (s, col) else { continue };
            if incomplete {
                continue;
            }
            let c = c.unwrap_or(0);
            if s == c {
                continue;
            }
            let src = Self::src(sheet, r, col);
            if s == 0 {
                // A formula saved by a program that does not calculate reads as 0.
                self.diags.push(
                    Diagnostic::new(
                        "N-FORMULA-NO-VALUE",
                        format!(
                            "Dòng tổng ghi 0 {vi} (có thể là công thức chưa được tính); báo cáo dùng tổng tính lại {}.",
                            number::format_int(c)
                        ),
                        format!("The total row says 0 {en} (perhaps a formula not yet calculated); the report uses the computed sum {c}."),
                    )
                    .at(&src),
                );
            } else {
                self.diags.push(
                    Diagnostic::new(
                        "W-TOTAL-MISMATCH",
                        format!(
                            "Dòng tổng ghi {} {vi} nhưng các dòng cộng lại {}; báo cáo dùng {}.",
                            number::format_int(s),
                            number::format_int(c),
                            number::format_int(c)
                        ),
                        format!("The total row says {s} {en} but the rows add up to {c}; the report uses {c}."),
                    )
                    .at(&src),
                );
            }
        }
    }

    fn read_indicators(&mut self, sheet: &RawSheet, t: &Table, rows: &[u32]) -> Vec<u32> {
        let mut used = Vec::new();
        let prev_col = t.col(Role::Previous);
        let previous_label = prev_col.and_then(|c| t.header_text(c)).and_then(|h| {
            let k = fold(h);
            (!(k == "ky truoc" || k.is_empty())).then(|| crate::normalize::text::clean(h, false).text)
        });
        for &r in rows {
            let Some(name) = Self::text_at(sheet, r, t.col(Role::Name)) else {
                continue;
            };
            if is_total_label(&fold(&name)) {
                continue;
            }
            used.push(r);
            let unit = Self::text_at(sheet, r, t.col(Role::Unit));
            let percent_row = unit.as_deref().map(|u| u.trim() == "%").unwrap_or(false);
            let value = self.decimal(sheet, r, t.col(Role::Value), percent_row);
            let previous = self.decimal(sheet, r, prev_col, percent_row);
            if percent_row {
                self.percent_scale(sheet, r, (t.col(Role::Value), value), (prev_col, previous));
            }
            let kind_text = Self::text_at(sheet, r, t.col(Role::Kind));
            let kind = match kind_text.as_deref().map(fold).as_deref() {
                Some(k) if k.contains("cong don") || k == "flow" => IndicatorKind::Flow,
                Some(k) if k.contains("thoi diem") || k == "stock" => IndicatorKind::Stock,
                Some(k) if k.contains("ty le") || k.contains("ti le") || k == "rate" => IndicatorKind::Rate,
                _ if percent_row => IndicatorKind::Rate,
                _ => IndicatorKind::Flow,
            };
            self.report.indicators.push(Indicator {
                name,
                unit,
                value,
                previous,
                kind,
                previous_label: previous_label.clone(),
                note: Self::text_at(sheet, r, t.col(Role::Note)),
                source: Some(Self::src(sheet, r, t.col(Role::Name).unwrap_or(0))),
            });
        }
        used
    }

    fn read_directives(&mut self, sheet: &RawSheet, t: &Table, rows: &[u32]) -> Vec<u32> {
        let mut used = Vec::new();
        for &r in rows {
            let number = Self::text_at(sheet, r, t.col(Role::Number));
            let summary = Self::text_at(sheet, r, t.col(Role::Summary));
            if number.is_none() && summary.is_none() {
                continue;
            }
            used.push(r);
            let date = self.date_at(sheet, r, t.col(Role::Date));
            self.report.directives.push(Directive {
                number,
                date,
                issuer: Self::text_at(sheet, r, t.col(Role::Issuer)),
                summary,
                source: Some(Self::src(sheet, r, t.col(Role::Number).unwrap_or(0))),
            });
        }
        used
    }

    /// Every row with a text or a title is a paragraph: a title alone opens
    /// its subsection (text ""); an empty Mục continues the section above it,
    /// as a merged Mục cell does.
    fn read_narrative(&mut self, sheet: &RawSheet, t: &Table, rows: &[u32]) -> Vec<u32> {
        let mut used = Vec::new();
        let mut extra: Vec<String> = Vec::new();
        let mut last_section = String::new();
        for &r in rows {
            let text = Self::text_at(sheet, r, t.col(Role::Text));
            let mut title = Self::text_at(sheet, r, t.col(Role::Title));
            if text.is_none() && title.is_none() {
                continue;
            }
            used.push(r);
            let section = match Self::text_at(sheet, r, t.col(Role::Section)) {
                Some(s) => s,
                None => last_section.clone(),
            };
            last_section.clone_from(&section);
            let slot = match slot_of(&section) {
                Some(s) => s,
                None => {
                    // A section of the ward's own, after the plan's five.
                    let pos = match extra.iter().position(|e| *e == section) {
                        Some(p) => p,
                        None => {
                            extra.push(section.clone());
                            extra.len() - 1
                        }
                    };
                    if title.is_none() && !section.is_empty() {
                        title = Some(section.clone());
                    }
                    NarrativeSlot::Section(6 + pos.min(200) as u8)
                }
            };
            let col = if text.is_some() { t.col(Role::Text) } else { t.col(Role::Title) };
            self.report.narrative.push(Paragraph {
                slot,
                title,
                text: text.unwrap_or_default(),
                source: Some(Self::src(sheet, r, col.unwrap_or(0))),
            });
        }
        used
    }

    /// Label/value pairs outside the tables; returns how many rows held one.
    fn read_info(&mut self, sheet: &RawSheet, skip: &account::Spans) -> usize {
        let mut rows_used = 0usize;
        let offset = value_offset(sheet, skip);
        let mut last_multi: Option<(Item, u32)> = None; // item and value column
        let mut matched = 0usize;
        let mut unknown: Vec<(Source, String)> = Vec::new();
        let (mut first_hit, mut last_hit) = (u32::MAX, 0u32);
        for r in sheet.row_indices() {
            if skip.contains(r) {
                last_multi = None;
                continue;
            }
            let cells = sheet.row(r);
            let mut hit = false;
            for (i, c) in cells.iter().enumerate() {
                let Value::Text(label) = &c.value else { continue };
                // "Label: value" in one cell, or the label alone with the value to its right.
                let (lab, inline) = match label.split_once(':') {
                    Some((l, v)) if item_of(&fold(l)).is_some() => (l.to_string(), Some(v.trim().to_string())),
                    _ => (label.clone(), None),
                };
                let Some(item) = item_of(&fold(&lab)) else { continue };
                let value_cell = match offset {
                    Some(off) => cells.iter().find(|v| v.col == c.col + off),
                    None => cells.get(i + 1),
                }
                .filter(|v| !is_marker(v));
                let src_label = Self::src(sheet, r, c.col);
                match (inline.filter(|v| !v.is_empty()), value_cell) {
                    (Some(v), _) => self.set_item(item, v, &src_label),
                    (None, Some(vc)) => {
                        let src = Self::src(sheet, r, vc.col);
                        self.set_item_cell(item, vc, &src);
                        last_multi = item.multi().then_some((item, vc.col));
                    }
                    (None, None) => {
                        // The label is there and its value is not: "missing"
                        // points at the value's cell.
                        let col = c.col + offset.unwrap_or(1).max(1);
                        self.mark_info(item, Self::src(sheet, r, col), InfoState::Empty);
                    }
                }
                hit = true;
                matched += 1;
                first_hit = first_hit.min(r);
                last_hit = last_hit.max(r);
                break;
            }
            if hit {
                rows_used += 1;
                continue;
            }
            // A continuation row: label cell empty, value under the previous value.
            if let Some((item, col)) = last_multi {
                if cells.len() == 1 && cells[0].col == col {
                    let src = Self::src(sheet, r, col);
                    self.set_item_cell(item, &cells[0], &src);
                    rows_used += 1;
                    continue;
                }
            }
            last_multi = None;
            if cells.len() == 2 {
                if let Value::Text(l) = &cells[0].value {
                    if matches!(
                        fold(l).as_str(),
                        "muc" | "nhan" | "ten muc" | "thong tin" | "noi dung" | "gia tri" | "tt" | "stt"
                    ) {
                        continue;
                    }
                    unknown.push((Self::src(sheet, r, cells[0].col), l.clone()));
                }
            }
        }
        // Unknown labels matter only in a sheet that is a Thông tin block.
        // and only between its first and last label (not a signature block below a table).
        if matched >= 3 {
            for (src, l) in unknown.into_iter().filter(|(s, _)| (first_hit..=last_hit).contains(&s.cell.row)) {
                self.diags.push(
                    Diagnostic::new(
                        "W-INFO-UNKNOWN",
                        format!("Nhãn \"{l}\" không phải mục nào của phần Thông tin; bỏ qua."),
                        format!("\"{l}\" is not a Thông tin item; ignored."),
                    )
                    .at(&src),
                );
            }
        }
        rows_used
    }

    fn mark_info(&mut self, item: Item, source: Source, state: InfoState) {
        if let Some(label) = item.label() {
            self.report.info_cells.push(InfoCell { label, source, state });
        }
    }

    fn set_item_cell(&mut self, item: Item, cell: &RawCell, src: &Source) {
        if item == Item::Date {
            match self.date_of(cell, src) {
                Some(d) => {
                    self.report.document.date.get_or_insert(d);
                }
                None => self.mark_info(item, src.clone(), InfoState::Invalid),
            }
            return;
        }
        if let Some(t) = cell_text(cell) {
            self.set_item(item, t, src);
        }
    }

    fn set_item(&mut self, item: Item, t: String, src: &Source) {
        let t = t.trim().to_string();
        if t.is_empty() {
            return;
        }
        let d = &mut self.report.document;
        let u = &mut self.report.unit;
        let first = |slot: &mut Option<String>, t: String| {
            slot.get_or_insert(t);
        };
        match item {
            Item::Authority => first(&mut u.authority, t),
            Item::Issuer => first(&mut u.issuer, t),
            Item::Area => first(&mut u.area, t),
            Item::Code => {
                if u.code.is_none() {
                    u.code_source = Some(src.clone());
                }
                first(&mut u.code, t)
            }
            Item::Number => first(&mut d.number, t),
            Item::Place => first(&mut d.place, t),
            Item::Title => first(&mut d.title, t),
            Item::SignerAuthority => first(&mut d.signer.authority, t),
            Item::SignerTitle => first(&mut d.signer.title, t),
            Item::SignerName => first(&mut d.signer.name, t),
            Item::Recipients => d.recipients.extend(split_items(&t)),
            Item::CopiesTo => d.copies_to.extend(split_items(&t)),
            Item::Date => {
                let cell = RawCell {
                    row: src.cell.row,
                    col: src.cell.col,
                    value: Value::Text(t),
                    percent_format: false,
                    font: Default::default(),
                };
                match self.date_of(&cell, src) {
                    Some(date) => {
                        self.report.document.date.get_or_insert(date);
                    }
                    None => self.mark_info(item, src.clone(), InfoState::Invalid),
                }
            }
            Item::Period => match nperiod::parse(&t) {
                Some(p) => {
                    self.report.period.get_or_insert(p);
                }
                None => {
                    self.mark_info(item, src.clone(), InfoState::Invalid);
                    self.diags.push(
                    Diagnostic::new(
                        "E-PERIOD-INVALID",
                        format!("Kỳ báo cáo \"{t}\" không đọc được — hãy viết như: Tháng 10/2018, Quý III/2018, 6 tháng đầu năm 2018, Năm 2018."),
                        format!("The period \"{t}\" cannot be read — write it as: Tháng 10/2018, Quý III/2018, 6 tháng đầu năm 2018, Năm 2018."),
                    )
                    .at(src)
                    .with_label("Kỳ báo cáo"),
                    )
                }
            },
        }
    }
}

/// The items of Thông tin.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Item {
    Authority,
    Issuer,
    Area,
    Code,
    Number,
    Place,
    Date,
    Period,
    Title,
    Recipients,
    CopiesTo,
    SignerAuthority,
    SignerTitle,
    SignerName,
}

impl Item {
    /// The name workbook.md gives a required item (what validation calls
    /// it); `None` for the optional ones.
    fn label(self) -> Option<&'static str> {
        Some(match self {
            Item::Authority => "Cơ quan chủ quản",
            Item::Issuer => "Cơ quan ban hành",
            Item::Area => "Địa bàn",
            Item::Number => "Số ký hiệu",
            Item::Place => "Địa danh",
            Item::Date => "Ngày báo cáo",
            Item::Period => "Kỳ báo cáo",
            Item::Recipients => "Kính gửi",
            Item::SignerTitle => "Chức vụ người ký",
            Item::SignerName => "Người ký",
            Item::Code | Item::Title | Item::CopiesTo | Item::SignerAuthority => return None,
        })
    }

    fn multi(self) -> bool {
        matches!(self, Item::Recipients | Item::CopiesTo)
    }
}

/// A "required" mark or similar typed beside a label is not its value.
fn is_marker(c: &RawCell) -> bool {
    match &c.value {
        Value::Text(t) => matches!(fold(t).as_str(), "*" | "(*)" | "x" | "bat buoc" | "khong bat buoc" | "tuy chon"),
        _ => false,
    }
}

/// Where values stand relative to their labels in this sheet: the column of a
/// "Nội dung"/"Giá trị" header above the labels, else the most common distance
/// from a label to the next filled cell. `None` when no label has a value.
fn value_offset(sheet: &RawSheet, skip: &account::Spans) -> Option<u32> {
    let mut counts: Vec<(u32, usize)> = Vec::new();
    let mut header_col: Option<u32> = None;
    let mut label_col: Option<u32> = None;
    for r in sheet.row_indices() {
        if skip.contains(r) {
            continue;
        }
        let cells = sheet.row(r);
        for (i, c) in cells.iter().enumerate() {
            let Value::Text(t) = &c.value else { continue };
            let k = fold(t);
            if label_col.is_none() && matches!(k.as_str(), "noi dung" | "gia tri" | "thong tin") && i > 0 {
                header_col = Some(c.col);
            }
            if t.contains(':') || item_of(&k).is_none() {
                continue;
            }
            label_col.get_or_insert(c.col);
            if let Some(v) = cells[i + 1..].iter().find(|v| !is_marker(v)) {
                let off = v.col - c.col;
                match counts.iter_mut().find(|(o, _)| *o == off) {
                    Some((_, n)) => *n += 1,
                    None => counts.push((off, 1)),
                }
            }
            break;
        }
    }
    if let (Some(h), Some(l)) = (header_col, label_col) {
        if h > l {
            return Some(h - l);
        }
    }
    counts.into_iter().max_by_key(|(o, n)| (*n, std::cmp::Reverse(*o))).map(|(o, _)| o)
}

/// Label (folded, punctuation as spaces) → item; the aliases of workbook.md.
fn item_of(key: &str) -> Option<Item> {
    // A folded key is usually words of ASCII letters and digits joined by
    // single spaces already: then it is its own normal form.
    let plain =
        !key.starts_with(' ') && !key.ends_with(' ') && !key.contains("  ") && key.bytes().all(|b| b.is_ascii_alphanumeric() || b == b' ');
    let normal: String;
    let k = if plain {
        key
    } else {
        normal = key
            .replace(|c: char| !c.is_alphanumeric(), " ")
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ");
        normal.as_str()
    };
    Some(match k {
        "co quan chu quan" | "co quan cap tren" => Item::Authority,
        "co quan ban hanh" | "don vi" | "ten don vi" | "don vi bao cao" => Item::Issuer,
        "dia ban" | "xa phuong" | "don vi hanh chinh" | "phuong xa" => Item::Area,
        "ma don vi" | "ma dvhc" | "ma don vi hanh chinh" => Item::Code,
        "so ky hieu" | "so" | "so van ban" | "so hieu" => Item::Number,
        "dia danh" => Item::Place,
        "ngay bao cao" | "ngay ban hanh" | "ngay" | "ngay lap" => Item::Date,
        "ky bao cao" | "ky" => Item::Period,
        "trich yeu" | "tieu de" => Item::Title,
        "kinh gui" => Item::Recipients,
        "noi nhan" => Item::CopiesTo,
        "quyen han ky" | "tham quyen ky" => Item::SignerAuthority,
        "chuc vu nguoi ky" | "chuc vu" => Item::SignerTitle,
        "nguoi ky" | "ho ten nguoi ky" | "ho va ten nguoi ky" => Item::SignerName,
        _ => return None,
    })
}

/// "A; B" or lines → items, without the "- " and trailing ";" or "." people type.
fn split_items(s: &str) -> Vec<String> {
    s.split(['\n', ';'])
        .map(|i| {
            i.trim()
                .trim_start_matches(['-', '+', '•'])
                .trim()
                .trim_end_matches(['.', ','])
                .trim()
                .to_string()
        })
        .filter(|i| !i.is_empty())
        .collect()
}

/// Mục → slot: "Mở đầu", "Kết luận", a Roman or Arabic numeral.
fn slot_of(s: &str) -> Option<NarrativeSlot> {
    let k = fold(s);
    let k = k.trim_end_matches(['.', ')']);
    match k {
        "mo dau" | "dat van de" => return Some(NarrativeSlot::Opening),
        "ket luan" | "ket thuc" | "phan ket" => return Some(NarrativeSlot::Closing),
        _ => {}
    }
    let k = k.trim_start_matches("muc ").trim_start_matches("phan ");
    if let Ok(n) = k.parse::<u8>() {
        return (1..=50).contains(&n).then_some(NarrativeSlot::Section(n));
    }
    roman(k).map(NarrativeSlot::Section)
}

fn roman(s: &str) -> Option<u8> {
    const R: [&str; 12] = ["i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix", "x", "xi", "xii"];
    R.iter().position(|r| *r == s).map(|p| p as u8 + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn items_split() {
        assert_eq!(split_items("- Như trên;\n- Lưu: VT."), vec!["Như trên", "Lưu: VT"]);
        assert_eq!(split_items("A; B"), vec!["A", "B"]);
    }

    #[test]
    fn slots() {
        assert_eq!(slot_of("Mở đầu"), Some(NarrativeSlot::Opening));
        assert_eq!(slot_of("III"), Some(NarrativeSlot::Section(3)));
        assert_eq!(slot_of("Kết luận"), Some(NarrativeSlot::Closing));
        assert_eq!(slot_of("Kiến nghị"), None);
    }

    #[test]
    fn labels_and_aliases() {
        assert_eq!(item_of(&fold("Cơ quan cấp trên:")), Some(Item::Authority));
        assert_eq!(item_of(&fold("Xã/phường")), Some(Item::Area));
        assert_eq!(item_of(&fold("KỲ BÁO CÁO")), Some(Item::Period));
        assert_eq!(item_of(&fold("Ghi chú")), None);
    }
}
