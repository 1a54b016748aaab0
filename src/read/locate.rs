//! Finding the parts of a workbook by their content: header rows are
//! recognised from what their cells say (synonyms, line breaks, one- or
//! two-row headers, any starting cell), never from fixed positions.

use crate::normalize::text::fold;

use super::workbook::{RawSheet, Value};

/// Which part a table is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PartKind {
    Activities,
    Indicators,
    Directives,
    Narrative,
}

/// What a column of a table holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Role {
    Tt,
    Name,
    Classes,
    Participants,
    Female,
    Note,
    Unit,
    Value,
    Previous,
    Kind,
    Number,
    Date,
    Issuer,
    Summary,
    Section,
    Title,
    Text,
}

/// A table found in a sheet.
#[derive(Debug, Clone)]
pub struct Table {
    pub kind: PartKind,
    /// First header row.
    pub header_row: u32,
    /// First data row (after a one- or two-row header).
    pub first_row: u32,
    /// Columns and what they hold.
    pub columns: Vec<(u32, Role)>,
    /// The header text of each column as typed (for "Năm 2017" style labels).
    pub headers: Vec<(u32, String)>,
}

impl Table {
    pub fn col(&self, role: Role) -> Option<u32> {
        self.columns.iter().find(|(_, r)| *r == role).map(|(c, _)| *c)
    }

    pub fn header_text(&self, col: u32) -> Option<&str> {
        self.headers.iter().find(|(c, _)| *c == col).map(|(_, t)| t.as_str())
    }
}

fn has_word(key: &str, word: &str) -> bool {
    key.split(|c: char| !c.is_alphanumeric()).any(|w| w == word)
}

fn has(key: &str, phrase: &str) -> bool {
    // Phrase match on word boundaries.
    let k = format!(" {} ", key.replace(|c: char| !c.is_alphanumeric(), " ").split_whitespace().collect::<Vec<_>>().join(" "));
    k.contains(&format!(" {phrase} "))
}

/// The role a header text plays in each kind of table.
pub fn classify(kind: PartKind, key: &str) -> Option<Role> {
    if key.is_empty() {
        return None;
    }
    let tt = matches!(key, "tt" | "stt" | "so tt" | "so thu tu" | "thu tu" | "s tt");
    if tt {
        return Some(Role::Tt);
    }
    if has(key, "ghi chu") {
        return Some(Role::Note);
    }
    match kind {
        PartKind::Activities => {
            if has(key, "ten") || has(key, "hoat dong") || has(key, "noi dung") || has(key, "loai hinh") {
                Some(Role::Name)
            } else if has_word(key, "nu") {
                Some(Role::Female)
            } else if has(key, "lop") || has(key, "chuyen de") || has(key, "buoi") {
                Some(Role::Classes)
            } else if has(key, "luot") || has(key, "nguoi") || has(key, "tong so") || has(key, "tong") || has(key, "tham gia") {
                Some(Role::Participants)
            } else {
                None
            }
        }
        PartKind::Indicators => {
            if has(key, "tinh chat") || has(key, "cach tong hop") || has(key, "loai chi tieu") {
                Some(Role::Kind)
            } else if has(key, "don vi tinh") || key == "dvt" || key == "don vi" || has(key, "dv tinh") {
                Some(Role::Unit)
            } else if has(key, "ky truoc") || has(key, "cung ky") || has(key, "nam truoc") || has(key, "so sanh") {
                Some(Role::Previous)
            } else if has(key, "ky nay") || has(key, "thuc hien") || has(key, "ket qua") || has(key, "so lieu") || has(key, "gia tri") {
                Some(Role::Value)
            } else if has(key, "chi tieu") || has(key, "noi dung") || has(key, "ten") {
                Some(Role::Name)
            } else if crate::normalize::period::parse(key).is_some() {
                // "Năm 2018" / "Năm 2017": sorted into value / previous by the caller.
                Some(Role::Value)
            } else {
                None
            }
        }
        PartKind::Directives => {
            if has(key, "so ky hieu") || has(key, "so hieu") || has(key, "so van ban") || has(key, "ky hieu") || key == "so" {
                Some(Role::Number)
            } else if has(key, "ngay") {
                Some(Role::Date)
            } else if has(key, "co quan") || has(key, "noi ban hanh") || has(key, "cap ban hanh") || has(key, "don vi ban hanh") {
                Some(Role::Issuer)
            } else if has(key, "trich yeu") || has(key, "noi dung") || has(key, "ten van ban") {
                Some(Role::Summary)
            } else {
                None
            }
        }
        PartKind::Narrative => {
            if key == "muc" || has(key, "phan") && key.len() <= 6 {
                Some(Role::Section)
            } else if has(key, "tieu de") {
                Some(Role::Title)
            } else if has(key, "noi dung") || has(key, "doan van") {
                Some(Role::Text)
            } else {
                None
            }
        }
    }
}

/// Whether a set of roles is enough to call a row the header of that kind.
fn sufficient(kind: PartKind, roles: &[Role]) -> bool {
    let h = |r: Role| roles.contains(&r);
    match kind {
        PartKind::Activities => h(Role::Name) && (h(Role::Classes) || h(Role::Participants)),
        PartKind::Indicators => h(Role::Name) && h(Role::Value) && (h(Role::Unit) || h(Role::Previous) || h(Role::Kind)),
        PartKind::Directives => h(Role::Number) && (h(Role::Date) || h(Role::Summary)),
        PartKind::Narrative => h(Role::Section) && h(Role::Text),
    }
}

fn cell_key(sheet: &RawSheet, row: u32, col: u32) -> String {
    sheet.text(row, col).map(fold).unwrap_or_default()
}

/// Sub-header words that make a second header row ("Tổng số", "Nữ", "Kỳ này").
fn is_subheader(key: &str) -> bool {
    has(key, "tong so") || has_word(key, "nu") || key == "tong" || has(key, "trong do") || has(key, "ky nay") || has(key, "ky truoc")
        || has(key, "so luong") || crate::normalize::period::parse(key).is_some()
}

/// Tries to read a header of `kind` starting at `row`.
fn header_at(sheet: &RawSheet, row: u32, kind: PartKind) -> Option<Table> {
    let top = sheet.row(row);
    let text_cells: Vec<(u32, String, String)> = top
        .iter()
        .filter_map(|c| match &c.value {
            Value::Text(s) => Some((c.col, fold(s), s.clone())),
            _ => None,
        })
        .collect();
    if text_cells.len() < 2 {
        return None;
    }
    // Is the next row a second header row? Only text, and some sub-header words.
    let below = sheet.row(row + 1);
    // A second header row holds short labels only, some of them sub-header
    // words, and sits under a merged group (an empty top cell) unless every
    // one of its cells is a sub-header word.
    let below_keys: Vec<Option<String>> = below
        .iter()
        .map(|c| match &c.value {
            Value::Text(s) => Some(fold(s)),
            _ => None,
        })
        .collect();
    let below_is_header = !below.is_empty()
        && below_keys.iter().all(|k| k.as_ref().is_some_and(|k| k.chars().count() <= 40))
        && below_keys.iter().flatten().any(|k| is_subheader(k))
        && (below.iter().any(|c| sheet.get(row, c.col).is_none()) || below_keys.iter().flatten().all(|k| is_subheader(k)));
    let mut cols: Vec<u32> = text_cells.iter().map(|(c, _, _)| *c).collect();
    if below_is_header {
        cols.extend(below.iter().map(|c| c.col));
        cols.sort_unstable();
        cols.dedup();
    }
    let mut columns = Vec::new();
    let mut headers = Vec::new();
    let mut roles = Vec::new();
    for &col in &cols {
        let top_key = cell_key(sheet, row, col);
        let (key, shown) = if below_is_header {
            let sub = cell_key(sheet, row + 1, col);
            // Under a merged group header the top cell is empty: take the
            // group's text from the nearest non-empty cell to the left.
            let group = if top_key.is_empty() && !sub.is_empty() {
                (0..col).rev().find_map(|c| {
                    let k = cell_key(sheet, row, c);
                    (!k.is_empty()).then_some(k)
                })
            } else {
                None
            };
            let sub_text = sheet.text(row + 1, col).unwrap_or("").to_string();
            match (top_key.is_empty(), sub.is_empty()) {
                (false, true) => (top_key.clone(), sheet.text(row, col).unwrap_or("").to_string()),
                (false, false) => (sub.clone(), sub_text),
                (true, false) => {
                    let _ = group;
                    (sub.clone(), sub_text)
                }
                (true, true) => continue,
            }
        } else {
            (top_key.clone(), sheet.text(row, col).unwrap_or("").to_string())
        };
        let mut role = classify(kind, &key);
        // "Tổng số" under "Số lượt người tham gia" is the participants column.
        if kind == PartKind::Activities && below_is_header && role.is_none() && has(&key, "tong") {
            role = Some(Role::Participants);
        }
        if let Some(r) = role {
            if r == Role::Value && roles.contains(&Role::Value) && kind == PartKind::Indicators {
                // A second period-named column: sorted out below.
                columns.push((col, Role::Previous));
                roles.push(Role::Previous);
            } else if !roles.contains(&r) || matches!(r, Role::Note) {
                columns.push((col, r));
                roles.push(r);
            }
        }
        headers.push((col, shown));
    }
    // The group header "Số lượt người tham gia" over "Tổng số" | "Nữ" may
    // itself classify as Participants in the top row while the sub-row names
    // the columns: keep the first column with that role.
    if !sufficient(kind, &roles) {
        return None;
    }
    if kind == PartKind::Indicators {
        order_period_columns(&mut columns, &headers);
    }
    Some(Table { kind, header_row: row, first_row: if below_is_header { row + 2 } else { row + 1 }, columns, headers })
}

/// When value and previous columns are both named by periods ("Năm 2018",
/// "Năm 2017"), the later period is the value.
fn order_period_columns(columns: &mut [(u32, Role)], headers: &[(u32, String)]) {
    let period_of = |col: u32| {
        headers.iter().find(|(c, _)| *c == col).and_then(|(_, t)| crate::normalize::period::parse(t))
    };
    let v = columns.iter().position(|(_, r)| *r == Role::Value);
    let p = columns.iter().position(|(_, r)| *r == Role::Previous);
    if let (Some(v), Some(p)) = (v, p) {
        if let (Some(pv), Some(pp)) = (period_of(columns[v].0), period_of(columns[p].0)) {
            if pp > pv {
                columns[v].1 = Role::Previous;
                columns[p].1 = Role::Value;
            }
        }
    }
}

/// Every table header in a sheet, in row order. A row is taken by the first
/// kind whose header it satisfies, activities first.
pub fn find_tables(sheet: &RawSheet) -> Vec<Table> {
    let mut out: Vec<Table> = Vec::new();
    let mut skip_until = 0u32;
    for row in sheet.row_indices() {
        if row < skip_until {
            continue;
        }
        for kind in [PartKind::Activities, PartKind::Indicators, PartKind::Directives, PartKind::Narrative] {
            if let Some(t) = header_at(sheet, row, kind) {
                skip_until = t.first_row;
                out.push(t);
                break;
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn activity_headers() {
        let k = |s: &str| classify(PartKind::Activities, &fold(s));
        assert_eq!(k("Tên hoạt động giáo dục"), Some(Role::Name));
        assert_eq!(k("Số lớp (chuyên đề)"), Some(Role::Classes));
        assert_eq!(k("Số chuyên đề"), Some(Role::Classes));
        assert_eq!(k("Số lượt người tham gia"), Some(Role::Participants));
        assert_eq!(k("Lượt người\ntham gia"), Some(Role::Participants));
        assert_eq!(k("Trong đó nữ"), Some(Role::Female));
        assert_eq!(k("Nữ"), Some(Role::Female));
        assert_eq!(k("STT"), Some(Role::Tt));
        assert_eq!(k("Ghi chú"), Some(Role::Note));
        assert_eq!(k("Đơn vị phối hợp"), None);
    }
}
