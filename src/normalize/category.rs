//! The ten activity categories of the national form and matching names to them.
//!
//! Why fuzzy matching: the names are typed by hand, and even the reference
//! report writes "giáo dục trương trình sau biết chữ" for "giáo dục tiếp tục
//! sau biết chữ". A row that matches no category is kept under its own name
//! by the reader, so a wrong match costs more than none: the fuzzy match
//! needs a small edit distance *and* a clear lead over the next category.

use std::sync::OnceLock;

use super::text::fold;

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

/// Short forms people write for a category (folded), besides "Chuyên đề X"
/// without its prefix, which is added for 3–9.
const ALIASES: [(u8, &str); 9] = [
    (1, "xoa mu chu"),
    (1, "hoc chuong trinh xoa mu chu"),
    (1, "xoa mu chu giao duc tiep tuc sau biet chu"),
    (2, "hoc nghe"),
    (2, "day nghe ngan han"),
    (8, "giao duc ky nang song"),
    (10, "van nghe the duc the thao"),
    (10, "cac chuong trinh van nghe the duc the thao"),
    (10, "van nghe the duc the thao duoc pho bien"),
];

/// How a name matched.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Match {
    /// Equal to the canonical name once folded (case, diacritics, tone
    /// placement, spacing and punctuation aside).
    Exact(u8),
    /// Matched despite small typos, or by a known short form.
    Fuzzy(u8),
}

impl Match {
    pub fn code(&self) -> u8 {
        match *self {
            Match::Exact(c) | Match::Fuzzy(c) => c,
        }
    }
}

/// (code, folded key, is canonical) for every name a category is known by.
fn keys() -> &'static [(u8, String, bool)] {
    static KEYS: OnceLock<Vec<(u8, String, bool)>> = OnceLock::new();
    KEYS.get_or_init(|| {
        let mut k: Vec<(u8, String, bool)> = CATEGORIES.iter().map(|(c, n)| (*c, fold(n), true)).collect();
        for (c, n) in CATEGORIES.iter() {
            if let Some(short) = fold(n).strip_prefix("chuyen de ") {
                k.push((*c, short.to_owned(), false));
            }
        }
        k.extend(ALIASES.iter().map(|(c, a)| (*c, (*a).to_owned(), false)));
        k
    })
}

/// Finds the category of a row from its name.
///
/// Exact on [`fold`]; otherwise the closest known name by edit distance on
/// the folded text, accepted when the distance is at most 15 % of the longer
/// text (and at most 1 for names under 10 letters) and the next category's
/// best is at least 3 edits further. A leading row number ("3.", "III -")
/// is ignored.
pub fn match_name(name: &str) -> Option<Match> {
    let folded = fold(name);
    let k = strip_numbering(&folded);
    if k.is_empty() {
        return None;
    }
    for (code, key, canonical) in keys() {
        if key == k {
            return Some(if *canonical { Match::Exact(*code) } else { Match::Fuzzy(*code) });
        }
    }
    let kc: Vec<char> = k.chars().collect();
    // (code, distance, allowed distance) of the best key; best distance of any other code.
    let mut best: Option<(u8, usize, usize)> = None;
    let mut second = usize::MAX;
    for (code, key, _) in keys() {
        let limit = max_distance(kc.len(), key.chars().count());
        let d = levenshtein(&kc, key, limit + 3);
        match best {
            Some((bc, bd, _)) if d < bd => {
                if bc != *code {
                    second = second.min(bd);
                }
                best = Some((*code, d, limit));
            }
            Some((bc, _, _)) if bc == *code => {}
            Some(_) => second = second.min(d),
            None => best = Some((*code, d, limit)),
        }
    }
    let (code, d, limit) = best?;
    (d <= limit && second >= d + 3).then_some(Match::Fuzzy(code))
}

/// A shortened name, as wards write them ("Chương trình khác", "Pháp
/// luật", "Kỹ năng sống"): the one category whose known names hold every
/// word of the name (folded, a leading row number aside). `None` when the
/// words fit no category or more than one ("Giáo dục", "Chuyên đề"), or a
/// word is in none ("GD pháp luật"): then the name is not a category.
pub fn match_words(name: &str) -> Option<u8> {
    let folded = fold(name);
    let k = strip_numbering(&folded);
    let words: Vec<&str> = k.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).collect();
    if words.is_empty() {
        return None;
    }
    let mut found: Option<u8> = None;
    for (code, _) in CATEGORIES {
        let holds = |w: &str| keys().iter().any(|(c, key, _)| *c == code && key.split(' ').any(|kw| kw == w));
        if words.iter().all(|w| holds(w)) {
            if found.is_some() {
                return None;
            }
            found = Some(code);
        }
    }
    found
}

/// Allowed edits between texts of `a` and `b` letters: 15 % of the longer,
/// and 1 below 10 letters.
fn max_distance(a: usize, b: usize) -> usize {
    let len = a.max(b);
    if len < 10 {
        1
    } else {
        len * 15 / 100
    }
}

/// Drops a leading row number: digits or a Roman numeral as the first word.
fn strip_numbering(k: &str) -> &str {
    match k.split_once(' ') {
        Some((first, rest))
            if first.bytes().all(|b| b.is_ascii_digit())
                || matches!(first, "i" | "ii" | "iii" | "iv" | "v" | "vi" | "vii" | "viii" | "ix" | "x") =>
        {
            rest
        }
        _ => k,
    }
}

/// Edit distance between `a` and `b`, stopping early (returning a value
/// above `cap`) once it must exceed `cap`.
fn levenshtein(a: &[char], b: &str, cap: usize) -> usize {
    let b: Vec<char> = b.chars().collect();
    if a.len().abs_diff(b.len()) > cap {
        return cap + 1;
    }
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    let mut cur = vec![0; b.len() + 1];
    for (i, ca) in a.iter().enumerate() {
        cur[0] = i + 1;
        let mut row_min = cur[0];
        for (j, cb) in b.iter().enumerate() {
            let sub = prev[j] + usize::from(ca != cb);
            cur[j + 1] = sub.min(prev[j + 1] + 1).min(cur[j] + 1);
            row_min = row_min.min(cur[j + 1]);
        }
        if row_min > cap {
            return cap + 1;
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    prev[b.len()]
}

/// Canonical name of a code 1–10.
pub fn canonical(code: u8) -> Option<&'static str> {
    CATEGORIES.iter().find(|(c, _)| *c == code).map(|(_, n)| *n)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn canonical_names_match_exactly() {
        for (code, name) in CATEGORIES {
            assert_eq!(match_name(name), Some(Match::Exact(code)));
            assert_eq!(match_name(&name.to_uppercase()), Some(Match::Exact(code)));
            assert_eq!(canonical(code), Some(name));
        }
        assert_eq!(canonical(11), None);
        assert_eq!(match_name("Chuyên đề  Giáo dục sức khỏe"), Some(Match::Exact(4)));
        assert_eq!(match_name("Chuyên đề Văn hoá xã hội"), Some(Match::Exact(6)));
        assert_eq!(match_name("chuyen de van hoa xa hoi"), Some(Match::Exact(6)));
        assert_eq!(match_name("3. Chuyên đề giáo dục pháp luật"), Some(Match::Exact(3)));
    }

    #[test]
    fn reference_typos() {
        assert_eq!(
            match_name("Học chương trình xóa mù chữ, giáo dục trương trình sau biết chữ"),
            Some(Match::Fuzzy(1))
        );
        assert_eq!(match_name("Chuyên đề giáo dục sức khoẻ"), Some(Match::Exact(4)));
        assert_eq!(match_name("Chuyên đề giáo dục môi trưởng"), Some(Match::Exact(5)));
        assert_eq!(match_name("Chuyên đề phát triễn kinh tế"), Some(Match::Exact(7)));
        assert_eq!(match_name("Chuyên đề giáo dục kĩ năng sống"), Some(Match::Fuzzy(8)));
        assert_eq!(match_name("Chuyen de giao duc phap luatt"), Some(Match::Fuzzy(3)));
        assert_eq!(match_name("Học nghề ngắn hạng"), Some(Match::Fuzzy(2)));
    }

    #[test]
    fn short_forms() {
        assert_eq!(match_name("Giáo dục pháp luật"), Some(Match::Fuzzy(3)));
        assert_eq!(match_name("Văn nghệ, thể dục thể thao"), Some(Match::Fuzzy(10)));
        assert_eq!(match_name("Xóa mù chữ"), Some(Match::Fuzzy(1)));
        assert_eq!(match_name("Học nghề"), Some(Match::Fuzzy(2)));
        assert_eq!(match_name("Phát triển kinh tế"), Some(Match::Fuzzy(7)));
    }

    #[test]
    fn shortened_names_by_their_words() {
        assert_eq!(match_words("Chương trình khác"), Some(9));
        assert_eq!(match_words("9. Chương trình khác"), Some(9));
        assert_eq!(match_words("Khác"), Some(9));
        assert_eq!(match_words("Pháp luật"), Some(3));
        assert_eq!(match_words("Sức khoẻ"), Some(4));
        assert_eq!(match_words("Môi trường"), Some(5));
        assert_eq!(match_words("Văn hóa - xã hội"), Some(6));
        assert_eq!(match_words("Kinh tế"), Some(7));
        assert_eq!(match_words("Kỹ năng sống"), Some(8));
        assert_eq!(match_words("Thể dục thể thao"), Some(10));
        assert_eq!(match_words("Dạy nghề"), Some(2));
        for s in [
            "Giáo dục",
            "Chuyên đề",
            "Chương trình",
            "GD pháp luật",
            "Các chương trình khác",
            "Câu lạc bộ",
            "Tổng số",
            "",
            "12",
        ] {
            assert_eq!(match_words(s), None, "{s:?}");
        }
    }

    #[test]
    fn non_matches() {
        for s in [
            "Câu lạc bộ dưỡng sinh",
            "Tổng số",
            "Tổng cộng",
            "",
            "   ",
            "GD pháp luật",
            "Chuyên đề",
            "Giáo dục",
            "Chuyên đề giáo dục",
            "Ghi chú: số liệu ước tính",
        ] {
            assert_eq!(match_name(s), None, "{s:?}");
        }
    }
}
