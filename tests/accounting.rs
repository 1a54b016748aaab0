//! Issue 9, the accounting invariant: every filled cell of a table read is
//! used (its figures are in the model, exactly) or named by a diagnostic;
//! every other people's table is named and none of its figures counted.
//!
//! Workbooks are generated: the activity table anywhere on its sheet, with
//! one- or two-row headers in any column order, synonyms, extra columns,
//! gaps, a row numbering the columns, blank rows, shortened names, a total
//! row or none; an extra column anywhere in the Chỉ tiêu and Văn bản chỉ
//! đạo tables; staff, clinic and student lists on sheets before or after
//! it. 64 cases (under a second in a debug build).

mod common;
use common::*;

use baocao::normalize::category::CATEGORIES;
use proptest::prelude::*;

/// What a column of the generated table holds.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Col {
    Tt,
    Name,
    Classes,
    Participants,
    Female,
    /// An extra column (its header is one of `EXTRA_HEADERS`).
    Extra(usize),
}

const EXTRA_HEADERS: [&str; 3] = ["Đơn vị phối hợp", "Địa điểm tổ chức", "Thời gian"];
const EXTRA_TEXTS: [&str; 4] = ["Hội Phụ nữ", "Nhà văn hóa khu 3", "Quý I", "12"];
const NAME_HEADERS: [&str; 3] = ["Tên hoạt động giáo dục", "Nội dung hoạt động", "Loại hình hoạt động"];
const CLASS_HEADERS: [&str; 3] = ["Số lớp (chuyên đề)", "Số lớp", "Số chuyên đề"];
const PEOPLE_HEADERS: [&str; 2] = ["Số lượt người tham gia", "Lượt người tham gia"];
const FEMALE_HEADERS: [&str; 3] = ["Nữ", "Trong đó nữ", "Số nữ"];
/// A shortened name per category, as wards write them.
const SHORT: [&str; 10] = [
    "Xóa mù chữ",
    "Học nghề",
    "Pháp luật",
    "Sức khỏe",
    "Môi trường",
    "Văn hóa xã hội",
    "Kinh tế",
    "Kỹ năng sống",
    "Chương trình khác",
    "Thể dục thể thao",
];

#[derive(Debug, Clone)]
struct Row {
    code: u8,
    /// 0 canonical, 1 in capitals, 2 shortened.
    spelling: u8,
    classes: Option<u64>,
    participants: Option<u64>,
    female: Option<u64>,
    extra: Vec<Option<usize>>,
    /// Blank rows above this one (only before rows after the first).
    blank_before: bool,
}

#[derive(Debug, Clone)]
struct Layout {
    top: u32,
    left: u16,
    title: bool,
    two_rows: bool,
    numbering: bool,
    with_tt: bool,
    with_female: bool,
    /// Extra columns and where they go among the five.
    extras: Vec<(usize, usize)>,
    /// A blank column after this many columns.
    gap: Option<usize>,
    headers: (usize, usize, usize, usize),
    rows: Vec<Row>,
    total: bool,
    /// Other people's sheets: (which, before the activities).
    foreign: Vec<(usize, bool)>,
    /// An extra column in the Chỉ tiêu and in the Văn bản chỉ đạo tables:
    /// where, and what each row holds in it.
    side_extras: [Option<(u16, Vec<Option<usize>>)>; 2],
}

fn row() -> impl Strategy<Value = Row> {
    (
        0u8..3,
        proptest::option::weighted(0.85, 0u64..40),
        proptest::option::weighted(0.85, 0u64..2000),
        proptest::option::weighted(0.6, 0u64..100),
        proptest::collection::vec(proptest::option::of(0usize..EXTRA_TEXTS.len()), 3),
        proptest::bool::weighted(0.15),
    )
        .prop_map(|(spelling, classes, participants, female_pct, extra, blank_before)| Row {
            code: 0,
            spelling,
            classes,
            participants,
            // Women are a share of the participants, never more.
            female: female_pct.and_then(|p| participants.map(|t| t * p / 100)),
            extra,
            blank_before,
        })
}

fn layout() -> impl Strategy<Value = Layout> {
    (
        (0u32..6, 0u16..4, any::<bool>(), any::<bool>(), proptest::bool::weighted(0.3)),
        (any::<bool>(), proptest::bool::weighted(0.8)),
        proptest::collection::vec((0usize..3, 0usize..6), 0..3),
        proptest::option::of(1usize..5),
        (0usize..3, 0usize..3, 0usize..2, 0usize..3),
        // Which categories, in which order.
        Just((1u8..=10).collect::<Vec<u8>>()).prop_shuffle(),
        proptest::collection::vec(row(), 1..10),
        any::<bool>(),
        proptest::collection::vec((0usize..3, any::<bool>()), 0..3),
        [side_extra(7, 13), side_extra(5, 5)],
    )
        .prop_map(
            |(
                (top, left, title, two_rows, numbering),
                (with_tt, with_female),
                extras,
                gap,
                headers,
                codes,
                mut rows,
                total,
                foreign,
                side_extras,
            )| {
                for (r, code) in rows.iter_mut().zip(codes) {
                    r.code = code;
                }
                if let Some(first) = rows.first_mut() {
                    first.blank_before = false;
                }
                let (foreign, extras) = (first_of_each(foreign), first_of_each(extras));
                Layout {
                    top,
                    left,
                    title,
                    two_rows: two_rows && with_female,
                    numbering,
                    with_tt,
                    with_female,
                    extras,
                    gap,
                    headers,
                    rows,
                    total,
                    foreign,
                    side_extras,
                }
            },
        )
}

/// The pairs whose first element was not seen before (one sheet or column
/// of each kind).
fn first_of_each<T>(v: Vec<(usize, T)>) -> Vec<(usize, T)> {
    let mut seen = Vec::new();
    v.into_iter()
        .filter(|(k, _)| {
            !seen.contains(k) && {
                seen.push(*k);
                true
            }
        })
        .collect()
}

/// An extra column in a table of `cols` columns and `rows` data rows.
fn side_extra(cols: u16, rows: usize) -> impl Strategy<Value = Option<(u16, Vec<Option<usize>>)>> {
    proptest::option::weighted(
        0.5,
        (
            0..=cols,
            proptest::collection::vec(proptest::option::of(0usize..EXTRA_TEXTS.len()), rows),
        ),
    )
}

/// The columns in order (participants and women side by side, as the
/// merged "Số lượt người tham gia" group needs).
fn columns(l: &Layout) -> Vec<Option<Col>> {
    let mut cols: Vec<Col> = Vec::new();
    if l.with_tt {
        cols.push(Col::Tt);
    }
    cols.extend([Col::Name, Col::Classes, Col::Participants]);
    if l.with_female {
        cols.push(Col::Female);
    }
    for &(h, at) in &l.extras {
        // Never between participants and women.
        let mut at = at.min(cols.len());
        if at > 0 && cols.get(at - 1) == Some(&Col::Participants) && cols.get(at) == Some(&Col::Female) {
            at += 1;
        }
        cols.insert(at, Col::Extra(h));
    }
    let mut out: Vec<Option<Col>> = cols.into_iter().map(Some).collect();
    if let Some(g) = l.gap {
        let g = g.min(out.len());
        if !(g > 0 && out.get(g - 1) == Some(&Some(Col::Participants)) && out.get(g) == Some(&Some(Col::Female))) {
            out.insert(g, None);
        }
    }
    out
}

fn foreign_sheet(which: usize, rows: usize) -> Sheet {
    let (name, head): (&str, [&str; 4]) = match which {
        0 => ("Cán bộ", ["TT", "Họ và tên", "Chức vụ", "Số năm công tác"]),
        1 => ("Y tế", ["STT", "Tên cơ sở", "Số lượt khám", "Số lượt người tham gia tư vấn"]),
        _ => ("Học viên", ["STT", "Họ và tên", "Lớp", "Số buổi tham gia"]),
    };
    let mut sh = Sheet::new(name);
    sh.row(1, 0, &head.map(s));
    for i in 0..rows {
        let r = 2 + i as u32;
        sh.row(
            r,
            0,
            &[
                V::N(i as f64 + 1.0),
                s(&format!("Người thứ {}", i + 1)),
                s("Tin học"),
                V::N(10.0 + i as f64 * 7.0),
            ],
        );
    }
    sh
}

struct Built {
    book: Vec<Sheet>,
    /// Cells of the tables' extra columns, which must be named: (sheet, row, col).
    extra_cells: Vec<(String, u32, u32)>,
    foreign: Vec<String>,
}

fn build(l: &Layout) -> Built {
    let mut act = Sheet::new("Hoạt động");
    let cols = columns(l);
    let col_of = |i: usize| u32::from(l.left) + i as u32;
    if l.title {
        act.set(0, l.left, s("BIỂU THỐNG KÊ KẾT QUẢ HOẠT ĐỘNG NĂM 2018"));
    }
    let header = l.top + if l.title { 2 } else { 0 };
    let mut r = header;
    for (i, c) in cols.iter().enumerate() {
        let Some(c) = c else { continue };
        let text = match c {
            Col::Tt => "TT",
            Col::Name => NAME_HEADERS[l.headers.0],
            Col::Classes => CLASS_HEADERS[l.headers.1],
            Col::Participants if l.two_rows => "Số lượt người tham gia",
            Col::Participants => PEOPLE_HEADERS[l.headers.2],
            Col::Female if l.two_rows => continue,
            Col::Female => FEMALE_HEADERS[l.headers.3],
            Col::Extra(h) => EXTRA_HEADERS[*h],
        };
        act.set(r, col_of(i) as u16, s(text));
    }
    if l.two_rows {
        r += 1;
        for (i, c) in cols.iter().enumerate() {
            match c {
                Some(Col::Participants) => act.set(r, col_of(i) as u16, s("Tổng số")),
                Some(Col::Female) => act.set(r, col_of(i) as u16, s(FEMALE_HEADERS[l.headers.3])),
                _ => continue,
            };
        }
    }
    if l.numbering {
        r += 1;
        for (k, i) in (0..cols.len()).enumerate() {
            act.set(r, col_of(i) as u16, s(&format!("({})", k + 1)));
        }
    }
    let mut extra_cells = Vec::new();
    for row in &l.rows {
        r += if row.blank_before { 2 } else { 1 };
        let name = match row.spelling {
            0 => CATEGORIES[usize::from(row.code) - 1].1.to_string(),
            1 => CATEGORIES[usize::from(row.code) - 1].1.to_uppercase(),
            _ => SHORT[usize::from(row.code) - 1].to_string(),
        };
        for (i, c) in cols.iter().enumerate() {
            let col = col_of(i) as u16;
            let v = match c {
                Some(Col::Tt) => Some(V::N(f64::from(row.code))),
                Some(Col::Name) => Some(s(&name)),
                Some(Col::Classes) => row.classes.map(|x| V::N(x as f64)),
                Some(Col::Participants) => row.participants.map(|x| V::N(x as f64)),
                Some(Col::Female) => row.female.map(|x| V::N(x as f64)),
                Some(Col::Extra(h)) => row.extra[*h].map(|t| s(EXTRA_TEXTS[t])),
                None => None,
            };
            if let Some(v) = v {
                if matches!(c, Some(Col::Extra(_))) {
                    extra_cells.push(("Hoạt động".to_string(), r, u32::from(col)));
                }
                act.set(r, col, v);
            }
        }
    }
    if l.total {
        r += 1;
        let sum = |f: fn(&Row) -> Option<u64>| l.rows.iter().filter_map(f).sum::<u64>();
        for (i, c) in cols.iter().enumerate() {
            let col = col_of(i) as u16;
            match c {
                Some(Col::Name) => act.set(r, col, s("Tổng số")),
                Some(Col::Classes) => act.set(r, col, V::N(sum(|x| x.classes) as f64)),
                Some(Col::Participants) => act.set(r, col, V::N(sum(|x| x.participants) as f64)),
                Some(Col::Female) if l.rows.iter().any(|x| x.female.is_some()) => act.set(r, col, V::N(sum(|x| x.female) as f64)),
                _ => continue,
            };
        }
    }
    // Under the table: a note and a signature, as wards write them.
    act.set(r + 2, l.left, s("Ghi chú: số liệu tính đến ngày 20/11/2018"));
    act.set(r + 4, l.left + 1, s("Người lập biểu"));
    let mut ks = kim_son();
    let mut book = vec![ks.remove(0)];
    // The Chỉ tiêu and Văn bản chỉ đạo sheets (header on row 1, data from
    // row 2), each with an extra column "Người theo dõi" put in at `at`.
    let mut sides: Vec<Sheet> = ks.drain(1..).collect();
    for (sh, extra) in sides.iter_mut().zip(&l.side_extras) {
        let Some((at, texts)) = extra else { continue };
        for (_, c, _) in sh.cells.iter_mut() {
            if *c >= *at {
                *c += 1;
            }
        }
        sh.set(0, *at, s("Người theo dõi"));
        for (i, t) in texts.iter().enumerate() {
            if let Some(t) = t {
                sh.set(1 + i as u32, *at, s(EXTRA_TEXTS[*t]));
                extra_cells.push((sh.name.clone(), 1 + i as u32, u32::from(*at)));
            }
        }
    }
    let mut after = Vec::new();
    let mut foreign = Vec::new();
    for &(which, before) in &l.foreign {
        let sh = foreign_sheet(which, 2 + which * 2);
        foreign.push(sh.name.clone());
        if before {
            book.push(sh);
        } else {
            after.push(sh);
        }
    }
    book.push(act);
    book.extend(sides);
    book.extend(after);
    Built {
        book,
        extra_cells,
        foreign,
    }
}

/// "B3" or "B3:F14" → (row, col) corners, zero-based.
fn corners(place: &str) -> Option<((u32, u32), (u32, u32))> {
    fn cell(a: &str) -> Option<(u32, u32)> {
        let split = a.find(|c: char| c.is_ascii_digit())?;
        let (letters, digits) = a.split_at(split);
        let col = letters
            .bytes()
            .try_fold(0u32, |acc, b| b.is_ascii_uppercase().then(|| acc * 26 + u32::from(b - b'A') + 1))?;
        Some((digits.parse::<u32>().ok()?.checked_sub(1)?, col.checked_sub(1)?))
    }
    match place.split_once(':') {
        Some((a, b)) => Some((cell(a)?, cell(b)?)),
        None => cell(place).map(|c| (c, c)),
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn every_cell_is_used_or_named(l in layout()) {
        let built = build(&l);
        let bytes = xlsx(&built.book);
        let checked = baocao::check_bytes(&bytes, "sổ.xlsx", &baocao::Options::default()).unwrap();
        let r = &checked.report;
        let d = &checked.diagnostics;
        let shown: Vec<String> = d.iter().map(|x| format!("{} {}", x.code, x.place())).collect();
        // No error: the workbook is well formed.
        prop_assert!(!checked.has_errors(), "{shown:?}");
        // Used: each generated row is in the model with exactly its figures.
        prop_assert_eq!(r.activities.len(), l.rows.len(), "{:?}", shown);
        for row in &l.rows {
            let a = r.activities.iter().find(|a| a.code() == Some(row.code));
            prop_assert!(a.is_some(), "category {} missing: {:?}", row.code, shown);
            let a = a.unwrap();
            prop_assert_eq!((a.classes, a.participants), (row.classes, row.participants));
            if l.with_female {
                prop_assert_eq!(a.female, row.female);
            }
        }
        let t = r.totals();
        let sum = |f: fn(&Row) -> Option<u64>| {
            let v: Vec<u64> = l.rows.iter().filter_map(f).collect();
            (!v.is_empty()).then(|| v.iter().sum::<u64>())
        };
        prop_assert_eq!(t.classes, sum(|x| x.classes));
        prop_assert_eq!(t.participants, sum(|x| x.participants));
        // The other tables, whatever their extra columns.
        let example = baocao::example::kim_son_2018();
        prop_assert_eq!(r.indicators.len(), example.indicators.len());
        for (a, b) in r.indicators.iter().zip(&example.indicators) {
            prop_assert_eq!((&a.name, a.value, a.previous), (&b.name, b.value, b.previous));
        }
        prop_assert_eq!(r.directives.len(), example.directives.len());
        for (a, b) in r.directives.iter().zip(&example.directives) {
            prop_assert_eq!((&a.number, a.date, &a.summary), (&b.number, b.date, &b.summary));
        }
        // Named: every cell of an extra column lies in an N-CELLS-IGNORED range.
        for (sheet, row, col) in &built.extra_cells {
            let (row, col) = (*row, *col);
            let named = d.iter().filter(|x| x.code == "N-CELLS-IGNORED" && x.sheet.as_deref() == Some(sheet.as_str())).any(|x| {
                x.cell.as_deref().and_then(corners).is_some_and(|((r0, c0), (r1, c1))| (r0..=r1).contains(&row) && (c0..=c1).contains(&col))
            });
            prop_assert!(named, "{sheet} ({row}, {col}) neither used nor named: {shown:?}");
        }
        // Other people's sheets: a note each, and listed as unused.
        for name in &built.foreign {
            prop_assert!(d.iter().any(|x| x.code == "N-TABLE-IGNORED" && x.sheet.as_deref() == Some(name.as_str())), "{name}: {shown:?}");
            prop_assert!(r.unused.iter().any(|u| u.sheet == *name));
        }
        // Nothing else is called unused: no note about the activity sheet
        // other than its extra cells.
        let stray: Vec<&String> = shown.iter().filter(|x| x.starts_with("N-TABLE-IGNORED Hoạt động")).collect();
        prop_assert!(stray.is_empty(), "{stray:?}");
    }
}

#[test]
fn corners_read_a1_ranges() {
    assert_eq!(corners("B3"), Some(((2, 1), (2, 1))));
    assert_eq!(corners("F6:F8"), Some(((5, 5), (7, 5))));
    assert_eq!(corners("AA10"), Some(((9, 26), (9, 26))));
    assert_eq!(corners(""), None);
}
