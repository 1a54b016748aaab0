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
    /// First data row (after a one- or two-row header and a row that
    /// numbers the columns).
    pub first_row: u32,
    /// The row that numbers the columns ("1 2 3 4 5"), when there is one.
    pub numbering: Option<u32>,
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

/// The words of a key: runs of letters and digits (anything else separates).
fn words(key: &str) -> impl Iterator<Item = &str> + Clone {
    key.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty())
}

/// A key cut into its words once, so that each phrase is matched on word
/// slices without building strings.
struct Words<'a> {
    key: &'a str,
    /// Each word's number in [`PHRASE_WORDS`] (`NONE` for the others).
    ids: Vec<u8>,
    /// Which phrase words the key has.
    mask: u64,
}

/// Every word of every phrase and word that [`Words`] is asked about: a key
/// with none of them matches none (most cells of a sheet are data). Each
/// has a number (its place here), so that a key's words are compared as
/// bytes and its set of words is one bit mask; [`id`] finds them at compile
/// time, so a phrase with a word missing here does not build.
const PHRASE_WORDS: [&str; 57] = [
    "ban", "buoi", "cach", "cap", "chat", "chi", "chu", "chuyen", "co", "cung", "de", "do", "doan", "don", "dong", "dung", "dv", "ghi",
    "gia", "hanh", "hien", "hieu", "hinh", "hoat", "hoc", "hop", "ket", "ky", "lieu", "loai", "lop", "luong", "luot", "nam", "nay", "ngay",
    "nguoi", "noi", "nu", "phan", "qua", "quan", "sanh", "so", "ten", "tham", "thuc", "tieu", "tinh", "tong", "tri", "trich", "trong",
    "truoc", "van", "vi", "yeu",
];

/// The place of a word in [`PHRASE_WORDS`]; a `const fn`, so that every
/// phrase below is numbered when the program is built (and a word missing
/// from the list is a build error).
const fn id(word: &str) -> u8 {
    let w = word.as_bytes();
    let mut i = 0;
    while i < PHRASE_WORDS.len() {
        let p = PHRASE_WORDS[i].as_bytes();
        if p.len() == w.len() {
            let mut j = 0;
            while j < p.len() && p[j] == w[j] {
                j += 1;
            }
            if j == p.len() {
                return i as u8;
            }
        }
        i += 1;
    }
    panic!("a phrase word missing from PHRASE_WORDS")
}

/// The number of a word of a key, or `NONE` (the list is sorted).
fn id_of(word: &str) -> u8 {
    PHRASE_WORDS.binary_search(&word).map_or(NONE, |i| i as u8)
}

const NONE: u8 = u8::MAX;

/// A phrase of a header, numbered at compile time: `phrase!("ten", "hoat", "dong")`.
macro_rules! phrase {
    ($($w:literal),+) => {
        &const { [$(id($w)),+] }
    };
}

impl<'a> Words<'a> {
    fn new(key: &'a str) -> Words<'a> {
        let ids: Vec<u8> = words(key).map(id_of).collect();
        let mask = ids.iter().filter(|&&i| i != NONE).fold(0u64, |m, &i| m | 1 << i);
        Words { key, ids, mask }
    }

    /// One word, on word boundaries.
    fn word(&self, word: u8) -> bool {
        self.mask & 1 << word != 0
    }

    /// A phrase, as consecutive words of the key: most keys lack one of
    /// its words, which the mask says at once.
    fn has(&self, phrase: &[u8]) -> bool {
        !phrase.is_empty()
            && phrase.iter().all(|&i| self.word(i))
            && (phrase.len() == 1 || self.ids.windows(phrase.len()).any(|w| w == phrase))
    }
}

/// The role a header text plays in each kind of table.
pub fn classify(kind: PartKind, key: &str) -> Option<Role> {
    classify_words(kind, &Words::new(key))
}

fn classify_words(kind: PartKind, w: &Words<'_>) -> Option<Role> {
    let key = w.key;
    if key.is_empty() {
        return None;
    }
    let has = |phrase: &[u8]| w.has(phrase);
    let tt = matches!(key, "tt" | "stt" | "so tt" | "so thu tu" | "thu tu" | "s tt");
    if tt {
        return Some(Role::Tt);
    }
    if has(phrase!("ghi", "chu")) {
        return Some(Role::Note);
    }
    match kind {
        PartKind::Activities => {
            // Only headers that mean an activity's name and its classes or
            // participants: "Họ và tên", "Tên trường", "Tên cơ sở",
            // "Lượt khám", "Tổng số cán bộ" head other people's tables.
            let counts = w.has(phrase!("so")) || has(phrase!("luot"));
            let named = has(phrase!("ten", "hoat", "dong")) || has(phrase!("ten", "chuyen", "de")) || key == "ten";
            let loosely_named = has(phrase!("hoat", "dong")) || has(phrase!("noi", "dung")) || has(phrase!("loai", "hinh"));
            if named || (!counts && loosely_named) {
                Some(Role::Name)
            } else if w.has(phrase!("nu")) {
                Some(Role::Female)
            } else if has(phrase!("lop")) || has(phrase!("chuyen", "de")) || has(phrase!("buoi")) {
                Some(Role::Classes)
            } else if has(phrase!("luot", "nguoi"))
                || has(phrase!("tham", "gia"))
                || has(phrase!("nguoi", "hoc"))
                || has(phrase!("so", "nguoi"))
                || key == "so luot"
                || key == "luot"
            {
                Some(Role::Participants)
            } else {
                None
            }
        }
        PartKind::Indicators => {
            if has(phrase!("tinh", "chat")) || has(phrase!("cach", "tong", "hop")) || has(phrase!("loai", "chi", "tieu")) {
                Some(Role::Kind)
            } else if has(phrase!("don", "vi", "tinh")) || key == "dvt" || key == "don vi" || has(phrase!("dv", "tinh")) {
                Some(Role::Unit)
            } else if has(phrase!("ky", "truoc"))
                || has(phrase!("cung", "ky"))
                || has(phrase!("nam", "truoc"))
                || has(phrase!("so", "sanh"))
            {
                Some(Role::Previous)
            } else if has(phrase!("ky", "nay"))
                || has(phrase!("thuc", "hien"))
                || has(phrase!("ket", "qua"))
                || has(phrase!("so", "lieu"))
                || has(phrase!("gia", "tri"))
            {
                Some(Role::Value)
            } else if has(phrase!("chi", "tieu")) || has(phrase!("noi", "dung")) || has(phrase!("ten")) {
                Some(Role::Name)
            } else if crate::normalize::period::parse(key).is_some() {
                // "Năm 2018" / "Năm 2017": sorted into value / previous by the caller.
                Some(Role::Value)
            } else {
                None
            }
        }
        PartKind::Directives => {
            if has(phrase!("so", "ky", "hieu"))
                || has(phrase!("so", "hieu"))
                || has(phrase!("so", "van", "ban"))
                || has(phrase!("ky", "hieu"))
                || key == "so"
            {
                Some(Role::Number)
            } else if has(phrase!("ngay")) {
                Some(Role::Date)
            } else if has(phrase!("co", "quan"))
                || has(phrase!("noi", "ban", "hanh"))
                || has(phrase!("cap", "ban", "hanh"))
                || has(phrase!("don", "vi", "ban", "hanh"))
            {
                Some(Role::Issuer)
            } else if has(phrase!("trich", "yeu")) || has(phrase!("noi", "dung")) || has(phrase!("ten", "van", "ban")) {
                Some(Role::Summary)
            } else {
                None
            }
        }
        PartKind::Narrative => {
            if key == "muc" || has(phrase!("phan")) && key.len() <= 6 {
                Some(Role::Section)
            } else if has(phrase!("tieu", "de")) {
                Some(Role::Title)
            } else if has(phrase!("noi", "dung")) || has(phrase!("doan", "van")) {
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

/// Sub-header words that make a second header row ("Tổng số", "Nữ", "Kỳ này").
fn is_subheader(w: &Words<'_>) -> bool {
    let key = w.key;
    w.has(phrase!("tong", "so"))
        || w.has(phrase!("nu"))
        || key == "tong"
        || w.has(phrase!("trong", "do"))
        || w.has(phrase!("ky", "nay"))
        || w.has(phrase!("ky", "truoc"))
        || w.has(phrase!("so", "luong"))
        || crate::normalize::period::parse(key).is_some()
}

const KINDS: [PartKind; 4] = [
    PartKind::Activities,
    PartKind::Indicators,
    PartKind::Directives,
    PartKind::Narrative,
];

/// What a header cell's text says, worked out once per cell.
#[derive(Clone, Copy)]
struct Meaning {
    /// Its role in each kind of table, in the order of [`KINDS`].
    roles: [Option<Role>; 4],
    subheader: bool,
    /// Has the word "tong" (the participants column under a group header).
    tong: bool,
    /// At most 40 characters.
    short: bool,
    /// At most 60 characters: longer text is a paragraph, not a column's
    /// name ("Kết quả hoạt động | Trung tâm đã tổ chức 70 lớp, chuyên đề …"
    /// in a Nội dung sheet is not an activity header).
    label: bool,
}

/// A sheet with each text cell's folded key, computed once: header rows are
/// tried for every kind of table, and each cell's text is folded and
/// classified only the first time it is looked at.
struct Index<'a> {
    sheet: &'a RawSheet,
    /// Parallel to `sheet.cells`: the folded text of a text cell.
    keys: Vec<Option<String>>,
    meanings: Vec<Option<Meaning>>,
    /// (row, first cell, end) for each row that holds something, in order.
    rows: Vec<(u32, usize, usize)>,
}

impl<'a> Index<'a> {
    fn new(sheet: &'a RawSheet) -> Index<'a> {
        let keys = sheet
            .cells
            .iter()
            .map(|c| match &c.value {
                Value::Text(s) => Some(fold(s)),
                _ => None,
            })
            .collect();
        let mut rows: Vec<(u32, usize, usize)> = Vec::new();
        for (i, c) in sheet.cells.iter().enumerate() {
            match rows.last_mut() {
                Some(last) if last.0 == c.row => last.2 = i + 1,
                _ => rows.push((c.row, i, i + 1)),
            }
        }
        Index {
            sheet,
            keys,
            meanings: vec![None; sheet.cells.len()],
            rows,
        }
    }

    /// The cells of a row, as a range of indices.
    fn row(&self, row: u32) -> std::ops::Range<usize> {
        match self.rows.binary_search_by_key(&row, |r| r.0) {
            Ok(p) => self.rows.get(p).map(|r| r.1..r.2).unwrap_or(0..0),
            Err(_) => 0..0,
        }
    }

    /// The index of the cell at (row, col) within `range` (one row's cells).
    fn find(&self, range: &std::ops::Range<usize>, col: u32) -> Option<usize> {
        let cells = self.sheet.cells.get(range.clone())?;
        cells.binary_search_by_key(&col, |c| c.col).ok().map(|i| range.start + i)
    }

    fn key(&self, i: usize) -> Option<&str> {
        self.keys.get(i).and_then(|k| k.as_deref())
    }

    fn text(&self, i: usize) -> &str {
        match self.sheet.cells.get(i).map(|c| &c.value) {
            Some(Value::Text(s)) => s,
            _ => "",
        }
    }

    fn meaning(&mut self, i: usize) -> Meaning {
        if let Some(m) = self.meanings.get(i).copied().flatten() {
            return m;
        }
        let key = self.key(i).unwrap_or("");
        let w = Words::new(key);
        let m = Meaning {
            roles: KINDS.map(|k| classify_words(k, &w)),
            subheader: is_subheader(&w),
            tong: w.has(phrase!("tong")),
            short: key.chars().count() <= 40,
            label: key.chars().count() <= 60,
        };
        if let Some(slot) = self.meanings.get_mut(i) {
            *slot = Some(m);
        }
        m
    }
}

/// Tries to read a header starting at `row` (the `at`-th row of the index),
/// for each kind in turn; the first kind it satisfies wins.
fn header_at(ix: &mut Index<'_>, at: usize) -> Option<Table> {
    let &(row, start, end) = ix.rows.get(at)?;
    let top = start..end;
    let text_count = top.clone().filter(|&i| ix.key(i).is_some()).count();
    if text_count < 2 {
        return None;
    }
    // Is the next row a second header row? A second header row holds short
    // labels only, some of them sub-header words, and sits under a merged
    // group (an empty top cell) unless every one of its cells is a sub-header word.
    let below = ix.row(row + 1);
    let below_is_header = !below.is_empty()
        && below.clone().all(|i| ix.key(i).is_some())
        && below.clone().all(|i| ix.meaning(i).short)
        && below.clone().any(|i| ix.meaning(i).subheader)
        && (below
            .clone()
            .any(|i| ix.sheet.cells.get(i).is_some_and(|c| ix.find(&top, c.col).is_none()))
            || below.clone().all(|i| ix.meaning(i).subheader));
    let mut cols: Vec<u32> = top
        .clone()
        .filter(|&i| ix.key(i).is_some())
        .filter_map(|i| ix.sheet.cells.get(i).map(|c| c.col))
        .collect();
    if below_is_header {
        cols.extend(below.clone().filter_map(|i| ix.sheet.cells.get(i).map(|c| c.col)));
        cols.sort_unstable();
        cols.dedup();
    }
    // The cell whose text names each column: the top one, or the one under
    // it when there is a second header row and it says something.
    let mut named: Vec<(u32, usize)> = Vec::with_capacity(cols.len());
    for &col in &cols {
        let top_cell = ix.find(&top, col).filter(|&i| ix.key(i).is_some_and(|k| !k.is_empty()));
        let cell = if below_is_header {
            let sub = ix.find(&below, col).filter(|&i| ix.key(i).is_some_and(|k| !k.is_empty()));
            match (top_cell, sub) {
                (Some(t), None) => t,
                (_, Some(s)) => s,
                (None, None) => continue,
            }
        } else {
            match ix.find(&top, col) {
                Some(i) => i,
                None => continue,
            }
        };
        named.push((col, cell));
    }
    let meanings: Vec<Meaning> = named.iter().map(|&(_, i)| ix.meaning(i)).collect();
    for (k, kind) in KINDS.into_iter().enumerate() {
        let mut columns = Vec::new();
        let mut roles = Vec::new();
        for (&(col, _), m) in named.iter().zip(&meanings) {
            let mut role = m.roles[k].filter(|_| m.label);
            // "Tổng số" under "Số lượt người tham gia" is the participants
            // column; under any other group ("Số cán bộ") it is nothing.
            if kind == PartKind::Activities && below_is_header && role.is_none() && m.tong && group_is_participants(ix, &top, col) {
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
        }
        // The group header "Số lượt người tham gia" over "Tổng số" | "Nữ" may
        // itself classify as Participants in the top row while the sub-row names
        // the columns: keep the first column with that role.
        if !sufficient(kind, &roles) {
            continue;
        }
        let headers: Vec<(u32, String)> = named.iter().map(|&(col, i)| (col, ix.text(i).to_string())).collect();
        if kind == PartKind::Indicators {
            order_period_columns(&mut columns, &headers);
        }
        let mut first_row = if below_is_header { row + 2 } else { row + 1 };
        // "1 2 3 4 5", "(1) (2) …", "A B C" under the header number its
        // columns: part of the header, not data.
        let numbering = is_column_numbers(ix, first_row).then_some(first_row);
        if numbering.is_some() {
            first_row += 1;
        }
        return Some(Table {
            kind,
            header_row: row,
            first_row,
            numbering,
            columns,
            headers,
        });
    }
    None
}

/// Whether the group header above `col` (the top-row text at `col` or the
/// nearest one to its left: a merged group cell) means participants.
fn group_is_participants(ix: &mut Index<'_>, top: &std::ops::Range<usize>, col: u32) -> bool {
    let group = top
        .clone()
        .rev()
        .find(|&i| ix.sheet.cells.get(i).is_some_and(|c| c.col <= col) && ix.key(i).is_some_and(|k| !k.is_empty()));
    match group {
        Some(i) => ix.meaning(i).roles[0] == Some(Role::Participants),
        None => false,
    }
}

/// A row numbering the columns under a header: at least three cells in
/// adjacent columns, each a small number or a letter, bare or in brackets,
/// counting up by one ("1 2 3 4 5", "(1) (2) (3)", "A B C").
fn is_column_numbers(ix: &Index<'_>, row: u32) -> bool {
    let range = ix.row(row);
    let Some(cells) = ix.sheet.cells.get(range) else { return false };
    if cells.len() < 3 {
        return false;
    }
    let ordinal = |v: &Value| -> Option<u32> {
        match v {
            Value::Number(f) if f.fract() == 0.0 && (0.0..100.0).contains(f) => Some(*f as u32),
            Value::Text(t) => {
                let t = t.trim();
                let t = t.strip_prefix('(').and_then(|t| t.strip_suffix(')')).unwrap_or(t).trim();
                match t.parse::<u32>() {
                    Ok(n) if n < 100 => Some(n),
                    Ok(_) => None,
                    Err(_) => {
                        let mut ch = t.chars();
                        match (ch.next(), ch.next()) {
                            (Some(c), None) if c.is_ascii_alphabetic() => Some(1000 + c.to_ascii_uppercase() as u32),
                            _ => None,
                        }
                    }
                }
            }
            _ => None,
        }
    };
    cells
        .windows(2)
        .all(|w| w[1].col == w[0].col + 1 && matches!((ordinal(&w[0].value), ordinal(&w[1].value)), (Some(a), Some(b)) if b == a + 1))
        && ordinal(&cells[0].value).is_some()
}

/// When value and previous columns are both named by periods ("Năm 2018",
/// "Năm 2017"), the later period is the value.
fn order_period_columns(columns: &mut [(u32, Role)], headers: &[(u32, String)]) {
    let period_of = |col: u32| {
        headers
            .iter()
            .find(|(c, _)| *c == col)
            .and_then(|(_, t)| crate::normalize::period::parse(t))
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
    let mut ix = Index::new(sheet);
    let mut out: Vec<Table> = Vec::new();
    let mut skip_until = 0u32;
    for at in 0..ix.rows.len() {
        if ix.rows.get(at).is_some_and(|r| r.0 < skip_until) {
            continue;
        }
        if let Some(t) = header_at(&mut ix, at) {
            skip_until = t.first_row;
            out.push(t);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every phrase word has its own number (a word asked about but missing
    /// from the list does not build: `id` panics at compile time).
    #[test]
    fn phrase_words_are_distinct_and_fit_the_mask() {
        assert!(PHRASE_WORDS.len() <= 64);
        assert!(PHRASE_WORDS.is_sorted(), "id_of searches it by halves");
        for (i, w) in PHRASE_WORDS.iter().enumerate() {
            assert_eq!(id_of(w), i as u8, "{w}");
        }
        assert_eq!(id_of("khong"), NONE);
    }

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
        // Other people's tables.
        assert_eq!(k("Họ và tên"), None);
        assert_eq!(k("Tên trường"), None);
        assert_eq!(k("Tên cơ sở"), None);
        assert_eq!(k("Số lượt khám"), None);
        assert_eq!(k("Tổng số cán bộ"), None);
        assert_eq!(k("Số lượt người tham gia hoạt động"), Some(Role::Participants));
        assert_eq!(k("Nội dung hoạt động"), Some(Role::Name));
    }
}
