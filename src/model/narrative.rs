//! The narrative of a report (the Nội dung sheet) as its writer means it:
//! which placeholders a paragraph may use, and how rows with titles group
//! into subsections. Both the validator and the writers need these, so they
//! live with the model rather than in either of them.

use super::Paragraph;

/// Placeholders usable in Nội dung paragraphs as `{name}`, with what each
/// stands for (listed in docs/diagnostics.md).
pub const PLACEHOLDERS: &[(&str, &str)] = &[
    ("tong_so_lop", "Tổng số lớp, chuyên đề"),
    ("tong_luot_nguoi", "Tổng số lượt người tham gia"),
    ("tong_nu", "Tổng số lượt người tham gia là nữ"),
    ("so_hoat_dong", "Số hoạt động giáo dục có số liệu"),
    ("ky_bao_cao", "Kỳ báo cáo, ví dụ \"năm 2018\""),
    ("ky_truoc", "Kỳ trước, ví dụ \"năm 2017\""),
    ("ky_toi", "Kỳ tới, ví dụ \"năm 2019\""),
    ("don_vi", "Cơ quan ban hành (Thông tin › Cơ quan ban hành)"),
    ("dia_ban", "Địa bàn, ví dụ \"Phường Kim Sơn\""),
];

/// Whether `name` is one of [`PLACEHOLDERS`].
pub fn is_known(name: &str) -> bool {
    PLACEHOLDERS.iter().any(|(n, _)| *n == name)
}

/// The `{name}` placeholders in a text, in order (unbalanced braces are not placeholders).
pub fn placeholders(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut rest = text;
    while let Some(i) = rest.find('{') {
        let after = &rest[i + 1..];
        match after.find(['}', '{']) {
            Some(j) if after.as_bytes()[j] == b'}' => {
                out.push(&after[..j]);
                rest = &after[j + 1..];
            }
            Some(j) => rest = &after[j..],
            None => break,
        }
    }
    out
}

/// A title compared as a writer means it: case, spacing and punctuation
/// aside ("Đặc điểm tình hình:" is "ĐẶC ĐIỂM TÌNH HÌNH"). Text is NFC already
/// (the reader normalises it).
pub fn same_title(a: &str, b: &str) -> bool {
    fn key(s: &str) -> Vec<String> {
        s.split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .map(str::to_lowercase)
            .collect()
    }
    let (a, b) = (key(a), key(b));
    !a.is_empty() && a == b
}

/// A run of paragraphs under one title (or none: the section's own text).
#[derive(Debug, Clone, PartialEq)]
pub struct Part<'a> {
    /// The subsection's title; `None` for the paragraphs that belong to the
    /// section itself.
    pub title: Option<&'a str>,
    pub paragraphs: Vec<&'a Paragraph>,
}

/// Groups one section's paragraphs into subsections, as a writer means the
/// Tiêu đề column: a title opens a subsection the first time it appears and
/// every later row with the same title joins it (one subsection per title,
/// never "1. X", "2. X"); a row with an empty Tiêu đề continues the
/// subsection above it; a title equal to one of the section's own titles
/// (`own`: how the plan names it) opens none, its rows are the section's own text.
/// Order is the order of first appearance.
pub fn parts<'a>(paras: &[&'a Paragraph], own: &[&str]) -> Vec<Part<'a>> {
    let mut out: Vec<Part<'a>> = Vec::new();
    // Index into `out` of the part the last row went to.
    let mut current: Option<usize> = None;
    for &p in paras {
        let title = p.title.as_deref().map(str::trim).filter(|t| !t.is_empty());
        let target = match title {
            None => current,
            Some(t) if own.iter().any(|s| same_title(s, t)) => None,
            Some(t) => match out.iter().position(|part| part.title.is_some_and(|pt| same_title(pt, t))) {
                Some(i) => Some(i),
                None => {
                    out.push(Part {
                        title: Some(t),
                        paragraphs: Vec::new(),
                    });
                    Some(out.len() - 1)
                }
            },
        };
        let i = match target {
            Some(i) => i,
            None => match out.iter().position(|part| part.title.is_none()) {
                Some(i) => i,
                None => {
                    // The section's own text comes before its subsections.
                    out.insert(
                        0,
                        Part {
                            title: None,
                            paragraphs: Vec::new(),
                        },
                    );
                    0
                }
            },
        };
        if let Some(part) = out.get_mut(i) {
            part.paragraphs.push(p);
        }
        current = Some(i);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::NarrativeSlot;

    fn p(title: Option<&str>, text: &str) -> Paragraph {
        Paragraph {
            slot: NarrativeSlot::Section(1),
            title: title.map(str::to_string),
            text: text.to_string(),
            source: None,
        }
    }

    #[test]
    fn finds_placeholders() {
        assert_eq!(placeholders("a {tong_so_lop} b {x}"), vec!["tong_so_lop", "x"]);
        assert_eq!(placeholders("{ {a}"), vec!["a"]);
        assert!(placeholders("no } braces {").is_empty());
        assert!(is_known("tong_nu") && !is_known("tong_lop"));
    }

    #[test]
    fn one_subsection_per_title() {
        let rows = [
            p(None, "a"),
            p(Some("Công tác tuyên truyền"), "b"),
            p(None, "c"),
            p(Some("Kết quả"), "d"),
            p(Some("công tác tuyên truyền:"), "e"),
            p(Some("ĐẶC ĐIỂM TÌNH HÌNH"), "f"),
        ];
        let refs: Vec<&Paragraph> = rows.iter().collect();
        let got: Vec<(Option<&str>, Vec<&str>)> = parts(&refs, &["Đặc điểm tình hình"])
            .into_iter()
            .map(|pt| (pt.title, pt.paragraphs.iter().map(|p| p.text.as_str()).collect()))
            .collect();
        assert_eq!(
            got,
            vec![
                (None, vec!["a", "f"]),
                (Some("Công tác tuyên truyền"), vec!["b", "c", "e"]),
                (Some("Kết quả"), vec!["d"]),
            ]
        );
    }

    #[test]
    fn own_text_goes_first_even_after_a_title() {
        let rows = [p(Some("X"), "a"), p(Some("Đặc điểm tình hình"), "b"), p(None, "c")];
        let refs: Vec<&Paragraph> = rows.iter().collect();
        let got = parts(&refs, &["Đặc điểm tình hình"]);
        assert_eq!(got.len(), 2);
        assert_eq!(got[0].title, None);
        assert_eq!(got[0].paragraphs.iter().map(|p| p.text.as_str()).collect::<Vec<_>>(), ["b", "c"]);
        assert_eq!(got[1].title, Some("X"));
        assert!(!same_title("", ""));
    }
}
