//! Excel's own limits, and fitting what the inputs hold into them.
//!
//! A ward workbook may hold what a summary workbook cannot: a cell of more
//! than 32,767 characters (a directive summary pasted whole), more activity
//! kinds than one formula takes arguments or one chart takes series, more
//! indicators than a sheet has columns. None of that may stop a
//! consolidation. Input values are cut here, when an input is recorded, so
//! that the cut is an ordinary warning about that file and cell
//! (`W-TEXT-TOO-LONG`); the summary writer cuts again whatever else it
//! writes (a message that quotes such a value), and folds or leaves out what
//! does not fit the grid, as the consolidation's `W-SUMMARY-LIMIT` says.

use std::borrow::Cow;

use crate::diag::Diagnostic;
use crate::model::Report;
use crate::normalize::number::format_int;
use crate::source::Source;

/// Characters in one cell, counted as Excel does (UTF-16 code units).
pub const MAX_TEXT: usize = 32_767;
/// Rows of a sheet.
pub const MAX_ROWS: u32 = 1_048_576;
/// Columns of a sheet.
pub const MAX_COLS: u32 = 16_384;
/// Arguments of one function (a row total `=SUM(E6,H6,…)` has one per
/// activity kind) and series of one chart (one per activity kind).
pub const MAX_GROUPS: usize = 255;
/// Characters of a chart series name.
pub const MAX_SERIES_NAME: usize = 255;
/// What ends a text that was cut.
pub const ELLIPSIS: char = '…';

/// Length as Excel counts it.
pub fn utf16_len(s: &str) -> usize {
    s.chars().map(char::len_utf16).sum()
}

/// `s` cut to at most `max` UTF-16 units, the last being "…"; unchanged when it fits.
pub fn fit_to(s: &str, max: usize) -> Cow<'_, str> {
    if utf16_len(s) <= max {
        return Cow::Borrowed(s);
    }
    let room = max.saturating_sub(ELLIPSIS.len_utf16());
    let mut used = 0;
    let mut out = String::with_capacity(room * 3 + 3);
    for ch in s.chars() {
        used += ch.len_utf16();
        if used > room {
            break;
        }
        out.push(ch);
    }
    out.push(ELLIPSIS);
    Cow::Owned(out)
}

/// [`fit_to`] one cell.
pub fn fit(s: &str) -> Cow<'_, str> {
    fit_to(s, MAX_TEXT)
}

/// Cuts `slot` to [`MAX_TEXT`]; when it was cut, the warning.
fn cut(slot: &mut Option<String>, what_vi: &str, what_en: &str, src: Option<&Source>, label: Option<&str>) -> Option<Diagnostic> {
    let text = slot.as_mut()?;
    let len = utf16_len(text);
    let Cow::Owned(short) = fit(text) else {
        return None;
    };
    *text = short;
    let n = format_int(len as u64);
    let max = format_int(MAX_TEXT as u64);
    let mut d = Diagnostic::new(
        "W-TEXT-TOO-LONG",
        format!(
            "{what_vi} dài {n} ký tự, quá giới hạn {max} ký tự của một ô Excel: bảng tổng hợp chỉ ghi phần đầu, kết thúc bằng \"…\"."
        ),
        format!("{what_en} is {len} characters long, over Excel's limit of {MAX_TEXT} per cell: the summary keeps the beginning, ending in \"…\"."),
    )
    .at_opt(src);
    if let (None, Some(l)) = (src, label) {
        d = d.with_label(l);
    }
    Some(d)
}

/// Cuts every text of `r` that the summary writes to what one cell holds,
/// adding a `W-TEXT-TOO-LONG` warning for each at its cell (its row's
/// first cell for a directive, whose fields share one source; the Thông
/// tin label for the unit).
pub fn fit_report(r: &mut Report, diagnostics: &mut Vec<Diagnostic>) {
    let mut found = Vec::new();
    found.extend(cut(&mut r.unit.area, "Địa bàn", "The Địa bàn", None, Some("Địa bàn")));
    found.extend(cut(&mut r.unit.code, "Mã đơn vị", "The Mã đơn vị", None, Some("Mã đơn vị")));
    for a in &mut r.activities {
        let mut name = Some(std::mem::take(&mut a.name));
        found.extend(cut(&mut name, "Tên hoạt động", "The activity name", a.source.as_ref(), None));
        a.name = name.unwrap_or_default();
    }
    for i in &mut r.indicators {
        let mut name = Some(std::mem::take(&mut i.name));
        found.extend(cut(&mut name, "Tên chỉ tiêu", "The indicator name", i.source.as_ref(), None));
        i.name = name.unwrap_or_default();
        found.extend(cut(
            &mut i.unit,
            "Đơn vị tính của chỉ tiêu",
            "The indicator's unit",
            i.source.as_ref(),
            None,
        ));
    }
    for d in &mut r.directives {
        let src = d.source.clone();
        // The source is the row's (its Số ký hiệu cell): the message names the column.
        let row = src.as_ref().map(|s| format!(" ở dòng {}", s.cell.row + 1)).unwrap_or_default();
        let row_en = src.as_ref().map(|s| format!(" in row {}", s.cell.row + 1)).unwrap_or_default();
        for (slot, vi, en) in [
            (&mut d.number, "Số ký hiệu", "number"),
            (&mut d.issuer, "Cơ quan ban hành", "issuer"),
            (&mut d.summary, "Trích yếu", "summary"),
        ] {
            let what_vi = format!("{vi} của văn bản{row}");
            let what_en = format!("The directive's {en}{row_en}");
            found.extend(cut(slot, &what_vi, &what_en, src.as_ref(), None));
        }
    }
    diagnostics.extend(found);
}

/// Activity kinds the summary grid and chart show one by one; past this,
/// the rest share one last group ("Các loại khác"), so that a row total
/// and the chart stay within [`MAX_GROUPS`].
pub const SHOWN_CATEGORIES: usize = MAX_GROUPS - 1;
/// Indicator columns of the "Chỉ tiêu" sheet (after TT and Đơn vị).
pub const INDICATOR_COLUMNS: usize = MAX_COLS as usize - 2;
/// First data row (zero-based) of the summary's list sheets (Văn bản, Kiểm
/// tra, Nguồn): title, period, blank, header.
pub const LIST_FIRST_ROW: u32 = 4;
/// Data rows a list sheet holds; the last is kept for the line saying how
/// many more there were.
pub const LIST_ROWS: usize = (MAX_ROWS - LIST_FIRST_ROW) as usize - 1;

/// The consolidation's warnings for what its summary workbook cannot hold:
/// `categories` activity kinds, `indicators` indicators, `directives` and
/// `files` rows of the Văn bản and Nguồn sheets.
pub fn summary_limits(categories: usize, indicators: usize, directives: usize, files: usize) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let n = |v: usize| format_int(v as u64);
    if categories > MAX_GROUPS {
        let rest = categories - SHOWN_CATEGORIES;
        out.push(Diagnostic::new(
            "W-SUMMARY-LIMIT",
            format!(
                "Có {} loại hoạt động; một công thức hay một biểu đồ của Excel nhận tối đa {MAX_GROUPS} nhóm: {} loại cuối được cộng chung vào nhóm \"Các loại khác\" ở trang Tổng hợp, Theo kỳ và Biểu đồ.",
                n(categories),
                n(rest)
            ),
            format!(
                "There are {categories} activity kinds; an Excel formula or chart takes at most {MAX_GROUPS} groups: the last {rest} are summed into one group \"Các loại khác\" on the Tổng hợp, Theo kỳ and Biểu đồ sheets."
            ),
        ));
    }
    if indicators > INDICATOR_COLUMNS {
        let rest = indicators - INDICATOR_COLUMNS;
        out.push(Diagnostic::new(
            "W-SUMMARY-LIMIT",
            format!(
                "Có {} chỉ tiêu; trang Chỉ tiêu chỉ có {} cột: {} chỉ tiêu cuối không ghi được vào bảng tổng hợp (có đủ trong --json).",
                n(indicators),
                n(INDICATOR_COLUMNS),
                n(rest)
            ),
            format!(
                "There are {indicators} indicators; the Chỉ tiêu sheet has {INDICATOR_COLUMNS} columns: the last {rest} are not in the summary workbook (all are in --json)."
            ),
        ));
    }
    for (count, sheet) in [(directives, "Văn bản"), (files, "Nguồn")] {
        if count > LIST_ROWS {
            let rest = count - LIST_ROWS;
            out.push(Diagnostic::new(
                "W-SUMMARY-LIMIT",
                format!(
                    "Trang {sheet} cần {} dòng, quá {} dòng của Excel: {} dòng cuối không ghi được (có đủ trong --json).",
                    n(count),
                    n(MAX_ROWS as usize),
                    n(rest)
                ),
                format!(
                    "The {sheet} sheet needs {count} rows, over Excel's {MAX_ROWS}: the last {rest} are not written (all are in --json)."
                ),
            ));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_is_cut_by_utf16_units_and_ends_in_an_ellipsis() {
        assert_eq!(fit("ngắn"), "ngắn");
        let long = "ạ".repeat(40_000);
        let f = fit(&long);
        assert_eq!(f.chars().count(), MAX_TEXT);
        assert!(f.ends_with('…'));
        assert!(f.starts_with("ạạ"));
        let exact = "a".repeat(MAX_TEXT);
        assert_eq!(fit(&exact).len(), MAX_TEXT, "a text that fits is not cut");
        // A character outside the BMP counts two, as in Excel; it is never split.
        let wide = "😀".repeat(20_000);
        let f = fit(&wide);
        assert!(utf16_len(&f) <= MAX_TEXT);
        assert_eq!(f.chars().count(), (MAX_TEXT - 1) / 2 + 1);
        assert_eq!(fit_to("abcdef", 4), "abc…");
    }

    #[test]
    fn long_fields_of_a_report_are_cut_with_a_warning_at_their_cell() {
        let mut r = crate::example::kim_son_2018();
        let sheet: std::sync::Arc<str> = "Văn bản chỉ đạo".into();
        r.directives[0].summary = Some("x".repeat(40_000));
        r.directives[0].source = Some(Source::new(&sheet, 6, 1));
        r.unit.area = Some("P".repeat(33_000));
        let mut diags = Vec::new();
        fit_report(&mut r, &mut diags);
        let s = r.directives[0].summary.as_deref().unwrap();
        assert_eq!(s.chars().count(), MAX_TEXT);
        assert!(s.ends_with('…'));
        assert_eq!(r.unit.area.as_deref().map(utf16_len), Some(MAX_TEXT));
        let got: Vec<(&str, Option<&str>, Option<&str>)> = diags.iter().map(|d| (d.code, d.cell.as_deref(), d.label.as_deref())).collect();
        assert_eq!(
            got,
            [("W-TEXT-TOO-LONG", None, Some("Địa bàn")), ("W-TEXT-TOO-LONG", Some("B7"), None)]
        );
        assert!(
            diags[1].message_vi.starts_with("Trích yếu của văn bản ở dòng 7 dài 40.000 ký tự"),
            "{}",
            diags[1].message_vi
        );
        assert!(diags[1].message_en.contains("40000 characters"), "{}", diags[1].message_en);
        // Nothing else changed.
        let mut again = Vec::new();
        fit_report(&mut r, &mut again);
        assert!(again.is_empty());
    }

    #[test]
    fn what_the_summary_cannot_hold_is_said() {
        assert!(summary_limits(MAX_GROUPS, INDICATOR_COLUMNS, LIST_ROWS, LIST_ROWS).is_empty());
        let d = summary_limits(300, INDICATOR_COLUMNS + 5, LIST_ROWS + 2, 3);
        let codes: Vec<&str> = d.iter().map(|d| d.code).collect();
        assert_eq!(codes, ["W-SUMMARY-LIMIT"; 3]);
        assert!(d[0].message_vi.contains("46 loại cuối"), "{}", d[0].message_vi);
        assert!(d[1].message_en.contains("the last 5 are not"), "{}", d[1].message_en);
        assert!(
            d[2].message_vi.contains("Trang Văn bản") && d[2].message_vi.contains("2 dòng cuối"),
            "{}",
            d[2].message_vi
        );
    }
}
