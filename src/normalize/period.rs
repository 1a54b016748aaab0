//! Periods as people write them and in machine form.
//!
//! Why word patterns on a folded text: the "Kỳ báo cáo" cell is typed by hand
//! in many ways ("Quý III/2018", "quý 3 năm 2018", "QUY III - 2018",
//! "Báo cáo năm 2018"); folding removes case, diacritics and punctuation, and
//! what is left is matched as a short sequence of words ending with the year.
//! Once a pattern's shape is recognised its values decide: "Quý 5 năm 2018"
//! is no period at all, never silently "năm 2018".

use crate::period::{Period, Span};

use super::text::fold;

/// "Tháng 10/2018", "Quý III/2018", "6 tháng đầu năm 2018", "Năm 2018", and
/// the machine forms.
///
/// Also: "tháng 10 năm 2018", "Tháng 10-2018", "10/2018", "Quý 3 năm 2018",
/// "6 tháng cuối năm 2018", any case, with or without diacritics, after
/// words without figures ("Báo cáo năm 2018", "Kỳ báo cáo: Quý III/2018").
pub fn parse(s: &str) -> Option<Period> {
    // Every form ends with a four-digit year, and folding makes no ASCII
    // digit out of anything else: most header and label texts stop here.
    if !s.bytes().any(|b| b.is_ascii_digit()) {
        return None;
    }
    if let Some(p) = parse_machine(s) {
        return Some(p);
    }
    let f = fold(s);
    let w: Vec<&str> = f.split(' ').filter(|w| !w.is_empty()).collect();
    let (year_word, head) = w.split_last()?;
    let year = year_of(year_word)?;
    // (shape length, span) for the first shape that fits the words before the year.
    let (used, span) = match head {
        [.., "6" | "sau", "thang", "dau", "nam"] => (4, Some(Span::Half(1))),
        [.., "6" | "sau", "thang", "cuoi", "nam"] => (4, Some(Span::Half(2))),
        [.., "thang", m, "nam"] | [.., "thang", m] => (if head.ends_with(&["nam"]) { 3 } else { 2 }, number(m).map(Span::Month)),
        [.., "quy", q, "nam"] | [.., "quy", q] => (if head.ends_with(&["nam"]) { 3 } else { 2 }, quarter(q).map(Span::Quarter)),
        [.., "nam"] => (1, Some(Span::Year)),
        [m] => (1, number(m).map(Span::Month)),
        _ => return None,
    };
    let prefix = head.get(..head.len().checked_sub(used)?)?;
    if prefix.iter().any(|w| w.bytes().any(|b| b.is_ascii_digit())) {
        return None;
    }
    Period::new(year, span?)
}

/// Only the machine forms "2018", "2018-H1", "2018-Q3", "2018-10" (for `--period`).
/// Case-insensitive ("2018-q3"); the month may have one digit ("2018-3").
pub fn parse_machine(s: &str) -> Option<Period> {
    let s = s.trim();
    let (y, rest) = match s.split_once('-') {
        Some((y, r)) => (y, Some(r)),
        None => (s, None),
    };
    let year = year_of(y)?;
    let span = match rest {
        None => Span::Year,
        Some(r) => {
            let r = r.to_ascii_lowercase();
            if let Some(q) = r.strip_prefix('q') {
                Span::Quarter(digit(q)?)
            } else if let Some(h) = r.strip_prefix('h') {
                Span::Half(digit(h)?)
            } else {
                Span::Month(number(&r)?)
            }
        }
    };
    Period::new(year, span)
}

/// A four-digit year.
fn year_of(w: &str) -> Option<i32> {
    (w.len() == 4 && w.bytes().all(|b| b.is_ascii_digit())).then(|| w.parse().ok())?
}

/// One digit.
fn digit(w: &str) -> Option<u8> {
    (w.len() == 1).then(|| number(w))?
}

/// One or two digits.
fn number(w: &str) -> Option<u8> {
    ((1..=2).contains(&w.len()) && w.bytes().all(|b| b.is_ascii_digit())).then(|| w.parse().ok())?
}

/// "I"–"IV" (folded: "i"–"iv") or "1"–"4"; other values come back as given
/// so that `Period::new` refuses them.
fn quarter(w: &str) -> Option<u8> {
    match w {
        "i" => Some(1),
        "ii" => Some(2),
        "iii" => Some(3),
        "iv" => Some(4),
        _ => digit(w),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// `parse` returns early on a text without an ASCII digit: sound only
    /// because folding turns no other character into one.
    #[test]
    fn fold_makes_no_ascii_digit() {
        for c in (0u32..=0x10FFFF).filter_map(char::from_u32).filter(|c| !c.is_ascii_digit()) {
            assert!(
                !fold(c.encode_utf8(&mut [0; 4])).bytes().any(|b| b.is_ascii_digit()),
                "U+{:04X}",
                c as u32
            );
        }
    }

    fn p(y: i32, span: Span) -> Option<Period> {
        Period::new(y, span)
    }

    #[test]
    fn written_forms() {
        let oct = p(2018, Span::Month(10));
        for s in [
            "Tháng 10/2018",
            "tháng 10 năm 2018",
            "Tháng 10-2018",
            "THANG 10/2018",
            "10/2018",
            "2018-10",
        ] {
            assert_eq!(parse(s), oct, "{s:?}");
        }
        let q3 = p(2018, Span::Quarter(3));
        for s in [
            "Quý III/2018",
            "Quý 3 năm 2018",
            "quý III năm 2018",
            "QUÝ III - 2018",
            "2018-Q3",
            "2018-q3",
        ] {
            assert_eq!(parse(s), q3, "{s:?}");
        }
        assert_eq!(parse("6 tháng đầu năm 2018"), p(2018, Span::Half(1)));
        assert_eq!(parse("6 tháng cuối năm 2018"), p(2018, Span::Half(2)));
        assert_eq!(parse("Sáu tháng đầu năm 2018"), p(2018, Span::Half(1)));
        assert_eq!(parse("2018-H1"), p(2018, Span::Half(1)));
        let y = p(2018, Span::Year);
        for s in [
            "Năm 2018",
            "năm 2018",
            "2018",
            " 2018 ",
            "Báo cáo năm 2018",
            "Kỳ báo cáo: Năm 2018",
            "NAM 2018",
        ] {
            assert_eq!(parse(s), y, "{s:?}");
        }
        assert_eq!(parse("Báo cáo quý IV/2018"), p(2018, Span::Quarter(4)));
    }

    #[test]
    fn invalid_forms() {
        for s in [
            "Quý 5/2018",
            "Quý 5 năm 2018",
            "Quý V/2018",
            "Tháng 13/2018",
            "Tháng 0/2018",
            "2018-Q5",
            "2018-H3",
            "2018-13",
            "",
            "hôm nay",
            "18",
            "Năm 18",
            "năm học 2018-2019",
            "Số 10 năm 2018",
            "Quý III",
        ] {
            assert_eq!(parse(s), None, "{s:?}");
        }
        assert_eq!(parse_machine("Năm 2018"), None);
        assert_eq!(parse_machine("Quý III/2018"), None);
        assert_eq!(parse_machine("2018-Q3"), p(2018, Span::Quarter(3)));
    }

    fn any_period() -> impl Strategy<Value = Period> {
        let span = prop_oneof![
            (1u8..=12).prop_map(Span::Month),
            (1u8..=4).prop_map(Span::Quarter),
            (1u8..=2).prop_map(Span::Half),
            Just(Span::Year),
        ];
        (1900i32..=2999, span).prop_filter_map("valid", |(y, s)| Period::new(y, s))
    }

    proptest! {
        #[test]
        fn labels_round_trip(per in any_period()) {
            prop_assert_eq!(parse(&per.label()), Some(per));
            prop_assert_eq!(parse(&per.label_lower()), Some(per));
            prop_assert_eq!(parse(&per.machine()), Some(per));
            prop_assert_eq!(parse_machine(&per.machine()), Some(per));
        }

        #[test]
        fn never_panics(s in "\\PC{0,30}") {
            let _ = parse(&s);
            let _ = parse_machine(&s);
        }
    }
}
