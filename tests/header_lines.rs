//! The header's lines over every commune-level name of Việt Nam, before and
//! after 1 July 2025 (issue 13): "ỦY BAN NHÂN DÂN <unit>" (ô 1) and
//! "TTHTCĐ <unit>" (ô 2) never overflow their column, and no line starts
//! inside a phrase: a break is before a level, before "VÀ" or after the dash
//! of a double name, or between a level and its name only when the two do
//! not fit on one line, never inside a name or a fixed phrase.

use baocao::config::{Layout, Margins};
use baocao::render::docx::lines::{self, Face, Gap};
use baocao::render::docx::{header_lines, Geometry};

mod common;

/// Every unit name of the reorganisation table, old and new.
fn unit_names() -> Vec<String> {
    let mut names: Vec<String> = common::dvhc_rows().into_iter().flat_map(|r| [r.new_unit, r.old_unit]).collect();
    names.sort();
    names.dedup();
    names
}

/// The gap each line of `lines` starts at, in the words of `text`.
fn breaks(text: &str, lines: &[String]) -> Vec<Gap> {
    let words: Vec<&str> = text.split_whitespace().collect();
    let gaps = lines::gaps(&words);
    let mut at = 0;
    let mut out = Vec::new();
    for (i, l) in lines.iter().enumerate() {
        if i > 0 {
            out.push(gaps[at]);
        }
        at += l.split_whitespace().count();
    }
    assert_eq!(at, words.len(), "{lines:?} lost words of {text:?}");
    out
}

fn check(text: &str, lines: &[String], face: Face, avail: i32, level_splits: &mut usize) {
    for l in lines {
        let w = lines::width(l, face);
        assert!(w <= avail, "{text:?}: line {l:?} is {w} twips, the column {avail}");
    }
    for (i, gap) in breaks(text, lines).into_iter().enumerate() {
        assert!(
            gap <= Gap::LevelName,
            "{text:?}: line {} {:?} starts inside a phrase ({gap:?})",
            i + 2,
            lines[i + 1]
        );
        if gap == Gap::LevelName {
            // Only when the level and its whole name do not fit together.
            let prev: Vec<&str> = lines[i].split_whitespace().collect();
            let two = prev.len() >= 2 && matches!(prev[prev.len() - 2], "THỊ" | "THÀNH" | "ĐẶC");
            let level = prev[prev.len() - if two { 2 } else { 1 }..].join(" ");
            let joined = format!("{level} {}", lines[i + 1]);
            assert!(
                lines::width(&joined, face) > avail,
                "{text:?}: {lines:?} split a level from a name that fits with it"
            );
            *level_splits += 1;
        }
    }
}

fn run(layout: &Layout) -> (usize, usize, usize) {
    let g = Geometry::new(layout);
    let names = unit_names();
    assert!(names.len() > 8_000, "{} names", names.len());
    let (mut splits, mut two_or_more) = (0, 0);
    for n in &names {
        let authority = format!("Ủy ban nhân dân {n}");
        let issuer = format!("TTHTCĐ {n}");
        let (a, i, li) = header_lines(&authority, &issuer, &g);
        let up = |s: &str| s.to_uppercase();
        check(&up(&authority), &a, Face::new(12, false, false), li, &mut splits);
        check(&up(&issuer), &i, Face::new(12, true, false), li, &mut splits);
        assert!(a[0].starts_with("ỦY BAN NHÂN DÂN"), "{a:?}");
        two_or_more += usize::from(i.len() > 1);
    }
    (names.len(), splits, two_or_more)
}

#[test]
fn every_unit_name_fits_the_header_by_phrase() {
    let (n, splits, two) = run(&Layout::default());
    // A handful of names are too long to sit beside their level.
    assert!(splits < n / 100, "{splits} level/name splits among {n}");
    eprintln!("{n} names: {splits} level/name splits, {two} issuers on two lines or more");
}

#[test]
fn every_unit_name_fits_with_the_widest_margins() {
    // Decree 30's widest margins: left 35 mm, right 20 mm.
    let layout = Layout {
        margins_mm: Margins {
            left: 35,
            right: 20,
            ..Margins::default()
        },
        ..Layout::default()
    };
    let (n, splits, two) = run(&layout);
    eprintln!("{n} names, margins 35/20: {splits} level/name splits, {two} issuers on two lines or more");
}

#[test]
fn the_kim_son_header_breaks_like_a_clerks() {
    let g = Geometry::new(&Layout::default());
    let (a, i, _) = header_lines("Ủy ban nhân dân phường Kim Sơn", "Trung tâm học tập cộng đồng phường Kim Sơn", &g);
    assert_eq!(a, ["ỦY BAN NHÂN DÂN", "PHƯỜNG KIM SƠN"]);
    // "TRUNG TÂM HỌC TẬP CỘNG ĐỒNG" in 12 pt bold is wider than the column
    // can be beside the national title: it breaks after its head noun.
    assert_eq!(i, ["TRUNG TÂM", "HỌC TẬP CỘNG ĐỒNG", "PHƯỜNG KIM SƠN"]);
    let (_, i, _) = header_lines("", "Phòng Giáo dục và Đào tạo thị xã Đông Triều", &g);
    assert_eq!(i, ["PHÒNG GIÁO DỤC VÀ ĐÀO TẠO", "THỊ XÃ ĐÔNG TRIỀU"]);
}
