//! What the rows of an activity table say about it: whether they look like
//! activities at all (the evidence that picks the activity table among the
//! candidates), whether its TT column holds the national form's codes or
//! merely numbers the rows, and which rows are notes rather than activities.

use crate::normalize::category;
use crate::normalize::number;
use crate::normalize::text::fold;

use super::build::{cell_text, is_footer, is_total_label};
use super::locate::{Role, Table};
use super::workbook::{RawSheet, Value};

/// How much the rows of an activity candidate look like activities: ten
/// points per row naming a category of the national form (in full,
/// shortened or with small typos), one per row with a figure in a count
/// column, three when the header has both classes and participants. Rows
/// that name no category are enough only under a header that says
/// "hoạt động" and with figures; otherwise the table is someone else's.
pub fn activity_evidence(sheet: &RawSheet, t: &Table, rows: &[u32]) -> Result<i64, (String, String)> {
    let name_col = t.col(Role::Name);
    let counts = [t.col(Role::Classes), t.col(Role::Participants), t.col(Role::Female)];
    let (mut named, mut figures) = (0i64, 0i64);
    for &r in rows {
        let name = name_col.and_then(|c| sheet.get(r, c)).and_then(cell_text).unwrap_or_default();
        let key = fold(&name);
        if is_total_label(&key) {
            continue;
        }
        if category::match_name(&name).is_some() || category::match_words(&name).is_some() {
            named += 1;
        }
        let has_figure = counts.iter().flatten().any(|&c| {
            sheet.get(r, c).is_some_and(|cell| match &cell.value {
                Value::Number(_) => true,
                Value::Text(s) => number::parse(s.trim()).is_some(),
                _ => false,
            })
        });
        if has_figure {
            figures += 1;
        }
    }
    let header = name_col.and_then(|c| t.header_text(c)).map(fold).unwrap_or_default();
    let says_activity = header.contains("hoat dong") || header.contains("chuyen de");
    if named == 0 && !(says_activity && figures > 0) {
        return Err((
            "không dòng nào là một loại hoạt động của mẫu báo cáo và cột tên không ghi \"hoạt động\"".to_string(),
            "no row names an activity category of the national form and the name column does not say \"hoạt động\"".to_string(),
        ));
    }
    let both = t.col(Role::Classes).is_some() && t.col(Role::Participants).is_some();
    Ok(10 * named + figures + if both { 3 } else { 0 })
}

/// A row with no figures that is a note, not an activity: text in brackets
/// or starting as notes do, or letters in the TT column and no name.
pub fn is_note_row(name: Option<&str>, tt: Option<&str>) -> bool {
    let noteish = |t: &str| {
        let t = t.trim();
        let k = fold(t);
        (t.starts_with('(') && t.ends_with(')'))
            || t.starts_with('*')
            || is_footer(&k)
            || k.starts_with("don vi tinh")
            || k.starts_with("dvt")
            || k.starts_with("so lieu")
    };
    match (
        name.map(str::trim).filter(|n| !n.is_empty()),
        tt.map(str::trim).filter(|t| !t.is_empty()),
    ) {
        (Some(n), _) => noteish(n),
        (None, Some(t)) => t.chars().filter(|c| c.is_alphabetic()).count() > 2,
        (None, None) => true,
    }
}

/// A TT cell as a category code 1–10 ("9", "9.").
pub fn tt_code_of(tt: Option<&str>) -> Option<u8> {
    tt.and_then(|s| s.trim().trim_end_matches('.').parse::<u8>().ok())
        .filter(|c| (1..=10).contains(c))
}

/// Whether the TT column of an activity table holds category codes or only
/// numbers the rows 1, 2, 3, …: when the TTs simply count the rows and most
/// named rows disagree with their TT, they are row numbers (a ward listing
/// only the categories it ran numbers them from 1) and say nothing about
/// categories; otherwise they are the national form's codes, and a row
/// whose name and TT disagree is worth a warning.
pub fn tt_is_code(sheet: &RawSheet, t: &Table, rows: &[u32]) -> bool {
    let Some(tc) = t.col(Role::Tt) else { return false };
    let mut tts = Vec::new();
    let (mut agree, mut disagree) = (0usize, 0usize);
    for &r in rows {
        let Some(tt) = sheet.get(r, tc).and_then(cell_text) else { continue };
        let Some(code) = tt_code_of(Some(&tt)) else { continue };
        tts.push(code);
        let name = t
            .col(Role::Name)
            .and_then(|c| sheet.get(r, c))
            .and_then(cell_text)
            .unwrap_or_default();
        match category::match_name(&name)
            .map(|m| m.code())
            .or_else(|| category::match_words(&name))
        {
            Some(c) if c == code => agree += 1,
            Some(_) => disagree += 1,
            None => {}
        }
    }
    let counts_rows = tts.iter().enumerate().all(|(i, c)| usize::from(*c) == i + 1);
    !(counts_rows && disagree > agree)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn notes_are_not_activities() {
        assert!(is_note_row(Some("(Số liệu tính đến 20/11/2018)"), None));
        assert!(is_note_row(Some("Ghi chú: ước tính"), Some("1")));
        assert!(is_note_row(Some("* Không kể lớp tập huấn"), None));
        assert!(is_note_row(None, Some("Đơn vị tính: người")));
        assert!(!is_note_row(Some("Câu lạc bộ dưỡng sinh"), None));
        assert!(!is_note_row(None, Some("3")));
    }

    #[test]
    fn tt_codes() {
        assert_eq!(tt_code_of(Some("9")), Some(9));
        assert_eq!(tt_code_of(Some(" 10. ")), Some(10));
        assert_eq!(tt_code_of(Some("11")), None);
        assert_eq!(tt_code_of(Some("a")), None);
        assert_eq!(tt_code_of(None), None);
    }
}
