//! Accounting for every cell: the parts of a workbook that the reader did
//! not use are found here and named, with the reason, so that no figure is
//! left out silently and no figure of someone else's table is summed.
//!
//! Two things are named: inside a table that was read, the cells that went
//! nowhere (a column with no role, a row with nothing to read); outside the
//! tables, the blocks that look like tables (a header row of labels over
//! rows with numbers) but are not one of the four parts — a list of
//! students, staff, schools or clinics, another form.

use crate::normalize::text::fold;
use crate::source::Cell;

use super::workbook::{RawCell, RawSheet, Value};

/// Whether a cell holds anything (an empty or blank string does not).
pub fn filled(c: &RawCell) -> bool {
    match &c.value {
        Value::Text(t) => !t.trim().is_empty(),
        _ => true,
    }
}

/// "B3:F14", or "B3" for one cell.
pub fn range(r0: u32, c0: u32, r1: u32, c1: u32) -> String {
    let a = Cell::new(r0, c0);
    let b = Cell::new(r1, c1);
    if a == b {
        a.to_string()
    } else {
        format!("{a}:{b}")
    }
}

/// Row spans (inclusive), sorted and merged, asked "is this row in one?"
/// by binary search: a sheet may hold thousands of blocks.
#[derive(Debug, Clone, Default)]
pub struct Spans(Vec<(u32, u32)>);

impl Spans {
    pub fn new(mut v: Vec<(u32, u32)>) -> Spans {
        v.sort_unstable();
        let mut out: Vec<(u32, u32)> = Vec::with_capacity(v.len());
        for (a, z) in v {
            match out.last_mut() {
                Some(last) if a <= last.1.saturating_add(1) => last.1 = last.1.max(z),
                _ => out.push((a, z)),
            }
        }
        Spans(out)
    }

    pub fn contains(&self, r: u32) -> bool {
        let i = self.0.partition_point(|s| s.0 <= r);
        i > 0 && self.0.get(i - 1).is_some_and(|s| r <= s.1)
    }
}

/// The first and last filled columns of rows `r0..=r1` (`(0, 0)` when none).
pub fn col_span(sheet: &RawSheet, r0: u32, r1: u32) -> (u32, u32) {
    let start = sheet.cells.partition_point(|c| c.row < r0);
    let cols = sheet.cells[start..]
        .iter()
        .take_while(|c| c.row <= r1)
        .filter(|c| filled(c))
        .map(|c| c.col);
    let (lo, hi) = cols.fold((u32::MAX, 0), |(lo, hi), c| (lo.min(c), hi.max(c)));
    (lo.min(hi), hi)
}

/// A run of adjacent rows outside the tables that were read.
#[derive(Debug, Clone)]
pub struct Block {
    pub first: u32,
    pub last: u32,
    pub min_col: u32,
    pub max_col: u32,
    /// The labels of its first row of two or more texts (its header).
    pub headers: Vec<String>,
    /// Looks like a table: a header row of labels, then at least two rows of
    /// two or more cells, with numbers among them.
    pub table_like: bool,
    /// Most of its rows start with a Thông tin label ("Người ký", …).
    pub info: bool,
}

impl Block {
    pub fn range(&self) -> String {
        range(self.first, self.min_col, self.last, self.max_col)
    }
}

/// The blocks of a sheet outside `taken` (inclusive row spans). Rows with a
/// gap between them are separate blocks. `is_label` tells Thông tin labels.
pub fn blocks(sheet: &RawSheet, taken: &Spans, is_label: &dyn Fn(&str) -> bool) -> Vec<Block> {
    let mut out: Vec<Block> = Vec::new();
    let mut rows: Vec<u32> = Vec::new();
    let flush = |rows: &mut Vec<u32>, out: &mut Vec<Block>| {
        if let Some(b) = block_of(sheet, rows, is_label) {
            out.push(b);
        }
        rows.clear();
    };
    for r in sheet.row_indices() {
        if taken.contains(r) || !sheet.row(r).iter().any(filled) {
            continue;
        }
        if rows.last().is_some_and(|&p| r > p + 1) {
            flush(&mut rows, &mut out);
        }
        rows.push(r);
    }
    flush(&mut rows, &mut out);
    out
}

fn block_of(sheet: &RawSheet, rows: &[u32], is_label: &dyn Fn(&str) -> bool) -> Option<Block> {
    let (&first, &last) = (rows.first()?, rows.last()?);
    let mut min_col = u32::MAX;
    let mut max_col = 0;
    let mut headers: Vec<String> = Vec::new();
    let mut wide_rows = 0;
    let mut numbers = 0;
    let mut labels = 0;
    for &r in rows {
        let cells: Vec<&RawCell> = sheet.row(r).iter().filter(|c| filled(c)).collect();
        for c in &cells {
            min_col = min_col.min(c.col);
            max_col = max_col.max(c.col);
        }
        let texts: Vec<&str> = cells
            .iter()
            .filter_map(|c| match &c.value {
                Value::Text(t) => Some(t.as_str()),
                _ => None,
            })
            .collect();
        if headers.is_empty() && texts.len() >= 2 {
            headers = texts.iter().map(|t| t.split_whitespace().collect::<Vec<_>>().join(" ")).collect();
        } else if cells.len() >= 2 {
            wide_rows += 1;
            numbers += cells
                .iter()
                .filter(|c| matches!(c.value, Value::Number(_) | Value::Date(_)))
                .count();
        }
        if let Some(t) = texts.first() {
            let label = t.split_once(':').map(|(l, _)| l).unwrap_or(t);
            if is_label(&fold(label)) {
                labels += 1;
            }
        }
    }
    let info = labels >= 2;
    Some(Block {
        first,
        last,
        min_col: min_col.min(max_col),
        max_col,
        table_like: !headers.is_empty() && wide_rows >= 2 && numbers >= 1 && !info,
        headers,
        info,
    })
}

/// Why a table-like block is not one of ours, from its header texts: whose
/// list it is when the headers say so (Vietnamese, English).
pub fn foreign_reason(headers: &[String]) -> (String, String) {
    let keys: Vec<String> = headers.iter().map(|h| fold(h)).collect();
    let has = |ws: &[&str]| keys.iter().any(|k| ws.iter().any(|w| contains_words(k, w)));
    let (vi, en) = if has(&["ho va ten", "ho ten", "ten hoc sinh", "ten hoc vien"]) {
        (
            "danh sách người (có cột \"Họ và tên\")",
            "a list of people (a \"Họ và tên\" column)",
        )
    } else if keys
        .iter()
        .any(|k| k == "truong" || k.starts_with("ten truong") || k.starts_with("truong "))
    {
        ("danh sách trường học", "a list of schools")
    } else if has(&["can bo", "giao vien", "nhan vien", "hoi vien", "thanh vien", "doan vien"]) {
        ("danh sách cán bộ, hội viên", "a list of staff or members")
    } else if has(&["kham", "tram y te", "co so y te", "benh"]) {
        ("danh sách cơ sở y tế", "a list of clinics")
    } else {
        (
            "không phải bảng hoạt động, chỉ tiêu, văn bản hay nội dung",
            "not an activity, indicator, directive or narrative table",
        )
    };
    let shown: Vec<&str> = headers.iter().take(6).map(String::as_str).collect();
    (
        format!("{vi}; tiêu đề: {}", shown.join(" | ")),
        format!("{en}; headers: {}", shown.join(" | ")),
    )
}

/// `phrase` as whole words of `key`.
fn contains_words(key: &str, phrase: &str) -> bool {
    let words: Vec<&str> = key.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).collect();
    let p: Vec<&str> = phrase.split(' ').collect();
    words.windows(p.len()).any(|w| w == p.as_slice())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reasons_name_whose_list_it_is() {
        let h = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert!(foreign_reason(&h(&["STT", "Họ và tên", "Ngày sinh", "Lớp"]))
            .0
            .starts_with("danh sách người"));
        assert!(foreign_reason(&h(&["TT", "Tên trường", "Tổng số CB-GV", "Nữ"]))
            .0
            .starts_with("danh sách trường"));
        assert!(foreign_reason(&h(&["TT", "Đơn vị", "Số cán bộ"])).0.starts_with("danh sách cán bộ"));
        assert!(foreign_reason(&h(&["TT", "Tên cơ sở", "Số lượt khám"]))
            .0
            .starts_with("danh sách cơ sở y tế"));
        assert!(foreign_reason(&h(&["A", "B"])).1.ends_with("headers: A | B"));
        // "truong" inside "môi trường" is not a school.
        assert!(!foreign_reason(&h(&["Chuyên đề môi trường", "B"])).0.starts_with("danh sách trường"));
        assert_eq!(range(2, 1, 13, 5), "B3:F14");
        assert_eq!(range(2, 1, 2, 1), "B3");
    }

    #[test]
    fn spans_merge_and_answer() {
        let s = Spans::new(vec![(10, 12), (3, 5), (4, 8), (20, 20)]);
        assert_eq!(s.0, vec![(3, 8), (10, 12), (20, 20)]);
        for (r, want) in [
            (2, false),
            (3, true),
            (8, true),
            (9, false),
            (11, true),
            (13, false),
            (20, true),
            (21, false),
        ] {
            assert_eq!(s.contains(r), want, "{r}");
        }
        assert!(!Spans::default().contains(0));
    }
}
