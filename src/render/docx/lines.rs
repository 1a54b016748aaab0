//! The lines of the header grid, the title, the place-and-date line and the
//! signature block, chosen by the program rather than left to Word's wrapping.
//!
//! Word and LibreOffice wrap a cell's text at the last space that fits, so a
//! name such as "ỦY BAN NHÂN DÂN PHƯỜNG KIM SƠN" came out as "ỦY BAN NHÂN DÂN
//! PHƯỜNG / KIM SƠN", which no office sends. Here every text is measured with
//! Times New Roman's metrics ([`width`], from Liberation Serif, which is
//! metric-compatible, see `data/gen-font-widths.py`) and broken into lines
//! that each fit the column, so neither program wraps again, choosing:
//!
//! 1. no line wider than the column (a single word wider than it is the only
//!    exception, and it is put on its own line);
//! 2. the fewest and least bad breaks ([`Gap`]): before an administrative
//!    level (PHƯỜNG, XÃ, THỊ TRẤN, THỊ XÃ, HUYỆN, QUẬN, THÀNH PHỐ, TỈNH, ĐẶC
//!    KHU) or before "VÀ" is free; after the dash of a double name costs
//!    little; between a level and its name costs more, and is only taken
//!    when the two do not fit on one line; inside a name costs most; inside a
//!    fixed phrase ("ỦY BAN NHÂN DÂN", "THỊ TRẤN", "TM.") never happens;
//! 3. then the fewest lines (in a sentence such as the title, the fewest
//!    lines come before the breaks: a title is not set on three lines to
//!    break at its commas);
//! 4. then balanced lines: the widest line as narrow as possible.
//!
//! A line break typed in the cell (Alt+Enter) is kept: each typed line is
//! broken on its own.

use super::font_widths::{UNITS_PER_EM, WIDTHS};

/// How a text is printed: size in points, bold, italic.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Face {
    pub pt: u8,
    pub bold: bool,
    pub italic: bool,
}

impl Face {
    pub const fn new(pt: u8, bold: bool, italic: bool) -> Face {
        Face { pt, bold, italic }
    }
}

/// Printed width of `text` in twips (1/20 pt), by the font's advance widths.
/// A letter the table lacks (not Vietnamese, not Latin) counts as a full em,
/// so that an unknown text is overestimated rather than overflowing.
pub fn width(text: &str, face: Face) -> i32 {
    let i = usize::from(face.bold) + 2 * usize::from(face.italic);
    let units: u64 = text
        .chars()
        .map(|c| match WIDTHS.binary_search_by_key(&c, |&(k, _)| k) {
            Ok(at) => u64::from(WIDTHS[at].1[i]),
            Err(_) if c.is_control() => 0,
            Err(_) => u64::from(UNITS_PER_EM),
        })
        .sum();
    // units / em × pt × 20 twips, rounded up: a line that fits here fits there.
    let num = units * u64::from(face.pt) * 20;
    num.div_ceil(u64::from(UNITS_PER_EM)) as i32
}

/// `text` broken into lines that each fit in `avail` twips (see the module
/// docs for how the breaks are chosen). Lines typed in the text are kept.
pub fn lines(text: &str, face: Face, avail: i32) -> Vec<String> {
    text.split('\n')
        .flat_map(|typed| {
            let words: Vec<&str> = typed.split_whitespace().collect();
            if words.is_empty() {
                vec![String::new()]
            } else {
                break_words(&words, face, avail)
            }
        })
        .collect()
}

/// `lines` joined with the newlines the run builder turns into line breaks.
pub fn broken(text: &str, face: Face, avail: i32) -> String {
    lines(text, face, avail).join("\n")
}

/// What a break between two words costs, by what the words are.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Gap {
    /// Before a level, before "VÀ", after a comma: where a clerk breaks.
    Free = 0,
    /// After the dash of a double name ("VĂN MIẾU - / QUỐC TỬ GIÁM"), after
    /// the head of "TRUNG TÂM / HỌC TẬP CỘNG ĐỒNG".
    Dash = 1,
    /// Between two words of a sentence (the title, the date line).
    Word = 2,
    /// Between words with no phrase known to join them.
    Plain = 10,
    /// Between a level and its name ("PHƯỜNG / KIM SƠN"), a word and its
    /// number ("năm / 2018").
    LevelName = 30,
    /// Inside a name ("KIM / SƠN").
    InName = 100,
    /// Inside a fixed phrase ("THỊ / TRẤN", "ỦY BAN / NHÂN DÂN"), before a
    /// dash, after "TM.": never.
    Never = 10_000,
}

/// Administrative levels, as a name begins with them.
const LEVELS: &[&[&str]] = &[
    &["THỊ", "TRẤN"],
    &["THỊ", "XÃ"],
    &["THÀNH", "PHỐ"],
    &["ĐẶC", "KHU"],
    &["PHƯỜNG"],
    &["XÃ"],
    &["HUYỆN"],
    &["QUẬN"],
    &["TỈNH"],
];

/// Phrases never broken. Words are compared in upper case, NFC.
const FIXED: &[&[&str]] = &[
    &["ỦY", "BAN", "NHÂN", "DÂN"],
    &["UỶ", "BAN", "NHÂN", "DÂN"],
    &["HỘI", "ĐỒNG", "NHÂN", "DÂN"],
    &["NHÂN", "DÂN"],
    &["TRUNG", "TÂM"],
    &["HỌC", "TẬP", "CỘNG", "ĐỒNG"],
    &["HỌC", "TẬP"],
    &["CỘNG", "ĐỒNG"],
    &["GIÁO", "DỤC"],
    &["ĐÀO", "TẠO"],
    &["GIÁM", "ĐỐC"],
    &["CHỦ", "TỊCH"],
    &["BÁO", "CÁO"],
    &["HOẠT", "ĐỘNG"],
    &["KẾT", "QUẢ"],
    &["NHIỆM", "VỤ"],
    &["PHƯƠNG", "HƯỚNG"],
    &["CÔNG", "TÁC"],
    &["VĂN", "HÓA"],
    &["XÃ", "HỘI"],
];

/// Words that stay with the word after them: the signing marks of Decree 30
/// (TM., KT., TL., TUQ., Q.) and "PHÓ" (PHÓ GIÁM ĐỐC).
const LEADS: &[&str] = &["TM.", "KT.", "TL.", "TUQ.", "Q.", "PHÓ"];

/// Words a number belongs to ("năm 2018", "tháng 11", "Số 10").
const COUNTED: &[&str] = &["NĂM", "THÁNG", "NGÀY", "QUÝ", "SỐ", "KỲ"];

fn up(w: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    w.to_uppercase().nfc().collect()
}

fn starts_with(words: &[String], at: usize, phrase: &[&str]) -> bool {
    words.len() >= at + phrase.len() && phrase.iter().enumerate().all(|(k, p)| words[at + k] == *p)
}

fn capitalised(w: &str) -> bool {
    w.chars().next().is_some_and(char::is_uppercase)
}

/// The cost of breaking before each word (`gaps[i]` is the gap between
/// `words[i-1]` and `words[i]`; `gaps[0]` is unused).
pub fn gaps(words: &[&str]) -> Vec<Gap> {
    let n = words.len();
    let u: Vec<String> = words.iter().map(|w| up(w)).collect();
    // All capitals (the header) or a sentence (the title): in a sentence a
    // name is told by its capitals; in capitals, by the level before it.
    let sentence = words.iter().any(|w| w.chars().any(char::is_lowercase));
    let mut g = vec![Gap::Plain; n];
    // Where a name runs: from after its level to the next level, "VÀ", dash
    // or comma (capitals), or over its capitalised words (a sentence).
    let mut in_name = vec![false; n];
    let mut level_end = vec![false; n];
    let mut i = 0;
    while i < n {
        if let Some(l) = level_at(&u, i) {
            let after = i + l.len();
            if after < n {
                level_end[after] = true;
            }
            let mut j = after;
            while j < n {
                let stop = if sentence {
                    !capitalised(words[j])
                } else {
                    u[j] == "VÀ" || u[j] == "-" || level_at(&u, j).is_some()
                };
                if stop {
                    break;
                }
                if j > after {
                    in_name[j] = true;
                }
                if words[j].ends_with(',') {
                    j += 1;
                    break;
                }
                j += 1;
            }
            i = j.max(i + 1);
        } else {
            i += 1;
        }
    }
    // Inside parentheses ("Số lớp (chuyên / đề)") counts as inside a name.
    let mut depth = 0i32;
    for k in 1..n {
        depth += words[k - 1].matches('(').count() as i32 - words[k - 1].matches(')').count() as i32;
        let prev = &u[k - 1];
        let here = &u[k];
        let before_level = level_at(&u, k).is_some() && !fixed_inside(&u, k);
        g[k] = if before_level || here == "VÀ" || prev.ends_with([',', ';', ':']) {
            Gap::Free
        } else if prev == "-" || prev == "–" || (k >= 2 && u[k - 2] == "TRUNG" && prev == "TÂM") {
            Gap::Dash
        } else if in_name[k] {
            Gap::InName
        } else if level_end[k] || (COUNTED.contains(&prev.as_str()) && here.starts_with(|c: char| c.is_ascii_digit())) {
            Gap::LevelName
        } else if sentence && capitalised(words[k - 1]) && capitalised(words[k]) && k > 1 {
            Gap::InName
        } else if sentence {
            Gap::Word
        } else {
            Gap::Plain
        };
        if depth > 0 && g[k] < Gap::InName {
            g[k] = Gap::InName;
        }
        if fixed_inside(&u, k)
            || LEVELS
                .iter()
                .any(|l| (1..l.len()).any(|off| k >= off && starts_with(&u, k - off, l)))
            || here == "-"
            || here == "–"
            || here.starts_with([',', '.', ';', ':', ')', '/'])
            || LEADS.contains(&prev.as_str())
            || prev.ends_with('(')
        {
            g[k] = Gap::Never;
        }
    }
    g
}

/// The level a name begins with at `words[k]`, if one does ("XÃ HỘI" is
/// not one).
fn level_at(u: &[String], k: usize) -> Option<&'static [&'static str]> {
    if starts_with(u, k, &["XÃ", "HỘI"]) {
        return None;
    }
    LEVELS.iter().copied().find(|l| starts_with(u, k, l))
}

/// Is the gap before `words[k]` inside one of the fixed phrases?
fn fixed_inside(u: &[String], k: usize) -> bool {
    FIXED.iter().any(|p| (1..p.len()).any(|off| k >= off && starts_with(u, k - off, p)))
}

/// The best lines for one typed line (see the module docs). Dynamic
/// programming over the break points; `best[j]` is the best way to set the
/// first `j` words, scored (overflow, penalty, lines, widest line), which
/// only grows as lines are added, so the best prefix is part of a best whole.
fn break_words(words: &[&str], face: Face, avail: i32) -> Vec<String> {
    let n = words.len();
    let g = gaps(words);
    let sentence = words.iter().any(|w| w.chars().any(char::is_lowercase));
    let space = width(" ", face);
    let w: Vec<i32> = words.iter().map(|s| width(s, face)).collect();
    type Score = (i64, i64, i64, i32);
    let mut best: Vec<Option<(Score, usize)>> = vec![None; n + 1];
    best[0] = Some(((0, 0, 0, 0), 0));
    for j in 1..=n {
        let mut line = -space;
        for i in (0..j).rev() {
            line += w[i] + space;
            let Some((prev, _)) = best[i] else { continue };
            // Once a line of two or more words overflows, longer ones do too.
            if line > avail && i + 1 < j && best[j].is_some() {
                break;
            }
            let over = i64::from((line - avail).max(0));
            let pen = if i == 0 { 0 } else { g[i] as i64 };
            // (overflow, breaks, lines, widest); a sentence counts its
            // lines before its breaks (both sums: the order is a choice).
            let (a, b) = if sentence { (1, pen) } else { (pen, 1) };
            let s = (prev.0 + over, prev.1 + a, prev.2 + b, prev.3.max(line));
            if best[j].is_none_or(|(b, _)| s < b) {
                best[j] = Some((s, i));
            }
        }
    }
    let mut cuts = Vec::new();
    let mut j = n;
    while j > 0 {
        let (_, i) = best[j].expect("every prefix has a setting");
        cuts.push((i, j));
        j = i;
    }
    cuts.iter().rev().map(|&(i, j)| words[i..j].join(" ")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    const HEAD: Face = Face::new(12, false, false);
    const HEAD_B: Face = Face::new(12, true, false);

    #[test]
    fn widths_follow_the_font() {
        // Liberation Serif: space 512, 'M' 1821 of 2048 units.
        assert_eq!(width(" ", HEAD), 60);
        assert_eq!(width("M", HEAD), (1821 * 12 * 20_u32).div_ceil(2048) as i32);
        assert!(width("ĐỒNG", HEAD_B) > width("ĐỒNG", HEAD));
        // Unknown letters count as an em.
        assert_eq!(width("中", HEAD), 240);
    }

    #[test]
    fn authority_breaks_before_the_level() {
        let l = lines("ỦY BAN NHÂN DÂN PHƯỜNG KIM SƠN", HEAD, 3500);
        assert_eq!(l, ["ỦY BAN NHÂN DÂN", "PHƯỜNG KIM SƠN"]);
        let l = lines("PHÒNG GIÁO DỤC VÀ ĐÀO TẠO THỊ XÃ ĐÔNG TRIỀU", HEAD_B, 4200);
        assert_eq!(l, ["PHÒNG GIÁO DỤC VÀ ĐÀO TẠO", "THỊ XÃ ĐÔNG TRIỀU"]);
        // Narrower, "VÀ" takes the break the issue saw inside "ĐÀO / TẠO".
        let l = lines("PHÒNG GIÁO DỤC VÀ ĐÀO TẠO THỊ XÃ ĐÔNG TRIỀU", HEAD_B, 3500);
        assert_eq!(l, ["PHÒNG GIÁO DỤC", "VÀ ĐÀO TẠO", "THỊ XÃ ĐÔNG TRIỀU"]);
    }

    #[test]
    fn a_short_name_stays_on_one_line() {
        assert_eq!(lines("TTHTCĐ PHƯỜNG KIM SƠN", HEAD_B, 3500), ["TTHTCĐ PHƯỜNG KIM SƠN"]);
    }

    #[test]
    fn a_double_name_breaks_after_its_dash() {
        let l = lines("ỦY BAN NHÂN DÂN PHƯỜNG VĂN MIẾU - QUỐC TỬ GIÁM", HEAD, 3500);
        assert_eq!(l, ["ỦY BAN NHÂN DÂN", "PHƯỜNG VĂN MIẾU -", "QUỐC TỬ GIÁM"]);
    }

    #[test]
    fn a_long_name_leaves_its_level_before_it_breaks_inside() {
        let l = lines("TTHTCĐ THỊ TRẤN NÔNG TRƯỜNG VIỆT LÂM", HEAD_B, 3500);
        assert_eq!(l, ["TTHTCĐ THỊ TRẤN", "NÔNG TRƯỜNG VIỆT LÂM"]);
    }

    #[test]
    fn typed_lines_are_kept() {
        let l = lines("TRUNG TÂM HỌC TẬP CỘNG ĐỒNG\nPHƯỜNG KIM SƠN", HEAD_B, 6000);
        assert_eq!(l, ["TRUNG TÂM HỌC TẬP CỘNG ĐỒNG", "PHƯỜNG KIM SƠN"]);
    }

    #[test]
    fn signing_marks_stay_with_their_body() {
        let g = gaps(&["TM.", "ỦY", "BAN", "NHÂN", "DÂN"]);
        assert!(g[1..].iter().all(|&x| x == Gap::Never), "{g:?}");
        let l = lines("KT. GIÁM ĐỐC PHÓ GIÁM ĐỐC", Face::new(14, true, false), 2600);
        assert_eq!(l, ["KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC"]);
    }

    #[test]
    fn a_title_keeps_names_and_numbers_whole_and_balances() {
        let t = "Kết quả hoạt động của Trung tâm học tập cộng đồng phường Kim Sơn năm 2018, phương hướng nhiệm vụ năm 2019";
        let face = Face::new(14, true, false);
        let l = lines(t, face, 9355);
        assert_eq!(l.len(), 2, "{l:?}");
        assert!(l.iter().all(|x| width(x, face) <= 9355));
        for x in &l {
            assert!(!x.starts_with("Sơn") && !x.starts_with("2018") && !x.starts_with("Kim"), "{l:?}");
        }
    }

    #[test]
    fn parentheses_hold_together() {
        let face = Face::new(13, true, false);
        let l = lines("Số lớp (chuyên đề)", face, width("Số lớp (chuyên", face) + 10);
        assert_eq!(l, ["Số lớp", "(chuyên đề)"]);
    }

    #[test]
    fn a_word_wider_than_the_column_goes_alone() {
        let l = lines("XÃ ĐĂKRƠWANGLONGNAMEEEEEEEEE", HEAD, 1000);
        assert_eq!(l, ["XÃ", "ĐĂKRƠWANGLONGNAMEEEEEEEEE"]);
    }
}
