//! The ten activity categories of the national form and matching names to them.

/// (code, canonical name) in the order of the national form.
pub const CATEGORIES: [(u8, &str); 10] = [
    (1, "Học chương trình xóa mù chữ, giáo dục tiếp tục sau biết chữ"),
    (2, "Học nghề ngắn hạn"),
    (3, "Chuyên đề giáo dục pháp luật"),
    (4, "Chuyên đề giáo dục sức khỏe"),
    (5, "Chuyên đề giáo dục môi trường"),
    (6, "Chuyên đề văn hóa xã hội"),
    (7, "Chuyên đề phát triển kinh tế"),
    (8, "Chuyên đề giáo dục kỹ năng sống"),
    (9, "Chuyên đề của chương trình khác"),
    (10, "Các chương trình văn nghệ, thể dục thể thao được phổ biến"),
];

/// How a name matched.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Match {
    Exact(u8),
    /// Matched despite small typos.
    Fuzzy(u8),
}

/// Finds the category of a row from its name.
pub fn match_name(name: &str) -> Option<Match> {
    let k = crate::normalize::text::fold(name);
    CATEGORIES.iter().find(|(_, n)| crate::normalize::text::fold(n) == k).map(|(c, _)| Match::Exact(*c))
}

/// Canonical name of a code 1–10.
pub fn canonical(code: u8) -> Option<&'static str> {
    CATEGORIES.iter().find(|(c, _)| *c == code).map(|(_, n)| *n)
}
