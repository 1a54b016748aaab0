//! Numbers in Vietnamese notation: "." groups thousands, "," marks decimals.
//!
//! Why by hand and not `str::parse`: wards type figures as text in the
//! Vietnamese way ("9.154" people, "0,08 %"), sometimes with an English-locale
//! machine ("12.5"), with units glued on ("72.000.000đ", "350 người"). Reading
//! "9.154" as 9.154 would silently divide a figure by a thousand, so the rules
//! below are explicit and every ambiguous case is decided one documented way.

/// A number read from text.
#[derive(Debug, Clone, PartialEq)]
pub struct TextNumber {
    pub value: f64,
    /// The text carried a '%' sign.
    pub percent: bool,
}

/// Units that may be glued to the figure without a space ("72.000.000đ",
/// "10km2"). After a space any word is accepted as a unit ("350 người").
const GLUED_UNITS: [&str; 17] = [
    "đ", "đồng", "vnđ", "vnd", "km2", "km²", "m2", "m²", "ha", "người", "lượt", "hộ", "lớp", "tr", "triệu", "tỷ", "tuổi",
];

/// Whether a number format code makes Excel show the number times 100 with
/// a '%' ("0%", "0.0%", "#,##0.00 %"): a '%' outside quotes and escapes.
/// Such a cell stores 0.926 for what the clerk typed and sees as 92,6 %.
pub fn format_is_percent(code: &str) -> bool {
    let mut in_quotes = false;
    let mut prev = ' ';
    code.chars().any(|ch| {
        if ch == '"' {
            in_quotes = !in_quotes;
        }
        let hit = ch == '%' && !in_quotes && prev != '\\';
        prev = ch;
        hit
    })
}

/// Whether a percentage `v` (below 1) is probably a fraction typed for
/// `v × 100` %: the same indicator's other value is a percentage at least
/// 20 times larger, and `v × 100` is within 3 times of it. ("0,992" beside
/// "99,1": yes; "0,08" beside "0,1", or "0,5" beside "12": no.)
pub fn looks_like_a_fraction(v: f64, other: f64) -> bool {
    v > 0.0
        && v < 1.0
        && (1.0..=100.0).contains(&other)
        && other >= 20.0 * v
        && (v * 100.0 / other) > 1.0 / 3.0
        && (v * 100.0 / other) < 3.0
}

/// Reads "6.778", "0,08", "1 113", "93,4 %", "350 người", "72.000.000đ".
/// `None` when the text is not a number.
///
/// The text is an optional sign ('+', '-', '−'), a figure, then optionally
/// '%' and/or a unit: a word after a space ("350 người", "12.760 lượt",
/// "2.508 tỷ đồng") or one of a few units glued on ("72.000.000đ"); a
/// figure followed by anything else ("12abc", "5 - 7", "90 (ước tính)") or
/// preceded by a word ("khoảng 90") is not a number. How separators are read:
///
/// - Spaces (also NBSP and narrow NBSP) group thousands: "1 113" = 1113; a
///   group after a space must have exactly three digits.
/// - Both '.' and ',' present: the last one is the decimal mark and the other
///   groups thousands: "1.234,5" = 1234.5 and "1,234.5" = 1234.5.
/// - Only '.', several times: thousands ("72.000.000"), every group of three.
/// - Only '.', once: thousands when exactly three digits follow and the
///   integer part does not start with 0 ("6.778" = 6778, "1.113" = 1113);
///   otherwise a decimal point typed on an English-locale machine
///   ("12.5" = 12.5, "0.500" = 0.5).
/// - Only ',', once: the Vietnamese decimal comma, whatever follows
///   ("0,08" = 0.08; "1,234" = 1.234, not 1234).
/// - Only ',', several times: English thousands ("1,234,567"), groups of three.
///
/// Figures too large for an `f64` (hundreds of digits) give `None`.
pub fn parse(s: &str) -> Option<TextNumber> {
    let s = s.trim_matches(|c: char| c.is_whitespace() || c.is_control());
    let (negative, rest) = match s.chars().next()? {
        '-' | '−' | '–' => (true, &s[s.chars().next()?.len_utf8()..]),
        '+' => (false, &s[1..]),
        _ => (false, s),
    };
    let rest = rest.trim_start_matches(|c: char| c.is_whitespace());
    let (figure, tail) = split_figure(rest)?;
    let mut value = read_figure(&figure)?;
    if negative {
        value = -value;
    }
    let percent = read_tail(tail)?;
    value.is_finite().then_some(TextNumber { value, percent })
}

/// Splits off the leading figure: digits, '.', ',' and the spaces that sit
/// between a digit and a group of exactly three digits (removed).
fn split_figure(s: &str) -> Option<(String, &str)> {
    let mut fig = String::new();
    let mut end = 0;
    for (i, c) in s.char_indices() {
        if i < end {
            continue; // inside a group already taken
        }
        if c.is_ascii_digit() || c == '.' || c == ',' {
            fig.push(c);
            end = i + c.len_utf8();
        } else if c.is_whitespace() && fig.ends_with(|d: char| d.is_ascii_digit()) {
            let after = &s[i + c.len_utf8()..];
            let b = after.as_bytes();
            let group = b.len() >= 3 && b[..3].iter().all(u8::is_ascii_digit) && b.get(3).is_none_or(|d| !d.is_ascii_digit());
            if !group {
                break;
            }
            fig.push_str(&after[..3]);
            end = i + c.len_utf8() + 3;
        } else {
            break;
        }
    }
    if !fig.starts_with(|c: char| c.is_ascii_digit()) {
        return None;
    }
    Some((fig, &s[end..]))
}

/// Whether `groups` (after the first) all have three digits and the first
/// has one to three.
fn valid_groups<'a>(mut groups: impl Iterator<Item = &'a str>) -> bool {
    let first_ok = groups.next().is_some_and(|g| (1..=3).contains(&g.len()));
    first_ok && groups.all(|g| g.len() == 3)
}

/// The figure (digits, '.' and ',' only) as a number, by the rules of [`parse`].
fn read_figure(fig: &str) -> Option<f64> {
    if fig.ends_with(['.', ',']) {
        return None;
    }
    let dots = fig.matches('.').count();
    let commas = fig.matches(',').count();
    let (int, frac): (String, &str) = match (dots, commas) {
        (0, 0) => (fig.to_owned(), ""),
        (_, _) if dots > 0 && commas > 0 => {
            let last_dot = fig.rfind('.')?;
            let last_comma = fig.rfind(',')?;
            let (dec, group) = if last_comma > last_dot { (',', '.') } else { ('.', ',') };
            let (int, frac) = fig.rsplit_once(dec)?;
            if int.contains(dec) || !valid_groups(int.split(group)) {
                return None;
            }
            (int.replace(group, ""), frac)
        }
        (1, 0) => {
            let (int, frac) = fig.split_once('.')?;
            if frac.len() == 3 && !int.starts_with('0') {
                (format!("{int}{frac}"), "")
            } else {
                (int.to_owned(), frac)
            }
        }
        (_, 0) => {
            if !valid_groups(fig.split('.')) {
                return None;
            }
            (fig.replace('.', ""), "")
        }
        (0, 1) => {
            let (int, frac) = fig.split_once(',')?;
            (int.to_owned(), frac)
        }
        (0, _) => {
            if !valid_groups(fig.split(',')) {
                return None;
            }
            (fig.replace(',', ""), "")
        }
        _ => return None,
    };
    if int.is_empty() || !int.bytes().all(|b| b.is_ascii_digit()) || !frac.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let text = if frac.is_empty() { int } else { format!("{int}.{frac}") };
    text.parse::<f64>().ok()
}

/// Reads what follows the figure: nothing, '%', a glued unit or a spaced
/// word. `Some(percent)` when acceptable.
fn read_tail(tail: &str) -> Option<bool> {
    let spaced = tail.starts_with(char::is_whitespace);
    let t = tail.trim_start();
    let (percent, t, spaced) = match t.strip_prefix('%') {
        Some(r) => (true, r, r.starts_with(char::is_whitespace) || r.is_empty()),
        None => (false, t, spaced),
    };
    let t = t.trim();
    if t.is_empty() {
        return Some(percent);
    }
    let first = t.chars().next()?;
    if spaced || percent {
        // "350 người", "12.760 lượt", "2.508 tỷ đồng", "72 triệu đồng/người/năm".
        return first.is_alphabetic().then_some(percent);
    }
    // Glued: only a known unit, possibly followed by more words ("72.000.000đ/tháng" is not accepted).
    let word_end = t.find(char::is_whitespace).unwrap_or(t.len());
    let word = t[..word_end].to_lowercase();
    GLUED_UNITS.contains(&word.as_str()).then_some(percent)
}

/// "6.778" for 6778.
pub fn format_int(v: u64) -> String {
    let digits = v.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, ch) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push('.');
        }
        out.push(ch);
    }
    out
}

/// Vietnamese notation with up to `max_decimals` decimals, trailing zeros
/// removed: 0.08 → "0,08", 2508.0 → "2.508", 93.4 → "93,4".
pub fn format_decimal(v: f64, max_decimals: usize) -> String {
    let fixed = format!("{:.*}", max_decimals, v.abs());
    let (int, frac) = fixed.split_once('.').unwrap_or((&fixed, ""));
    let frac = frac.trim_end_matches('0');
    let int: u64 = int.parse().unwrap_or(0);
    let sign = if v < 0.0 && (int > 0 || !frac.is_empty()) { "-" } else { "" };
    if frac.is_empty() {
        format!("{sign}{}", format_int(int))
    } else {
        format!("{sign}{},{frac}", format_int(int))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn v(s: &str) -> Option<f64> {
        parse(s).map(|n| n.value)
    }

    #[test]
    fn vietnamese_notation() {
        assert_eq!(v("6.778"), Some(6778.0));
        assert_eq!(v("1.113"), Some(1113.0));
        assert_eq!(v("9.154"), Some(9154.0));
        assert_eq!(v("2.508"), Some(2508.0));
        assert_eq!(v("0,08"), Some(0.08));
        assert_eq!(v("10,37"), Some(10.37));
        assert_eq!(v("72.000.000đ"), Some(72_000_000.0));
        assert_eq!(v("1 113"), Some(1113.0));
        assert_eq!(v("1\u{a0}113"), Some(1113.0));
        assert_eq!(v("1\u{202f}113\u{a0}người"), Some(1113.0));
        assert_eq!(v("1 234 567"), Some(1_234_567.0));
        assert_eq!(v("  42  "), Some(42.0));
    }

    #[test]
    fn percent_and_units() {
        assert_eq!(
            parse("93,4 %"),
            Some(TextNumber {
                value: 93.4,
                percent: true
            })
        );
        assert_eq!(
            parse("93,4%"),
            Some(TextNumber {
                value: 93.4,
                percent: true
            })
        );
        assert_eq!(
            parse("0,08 %"),
            Some(TextNumber {
                value: 0.08,
                percent: true
            })
        );
        assert_eq!(
            parse("350 người"),
            Some(TextNumber {
                value: 350.0,
                percent: false
            })
        );
        assert_eq!(v("12.760 lượt"), Some(12760.0));
        assert_eq!(v("85 người"), Some(85.0));
        assert_eq!(v("2.508 tỷ đồng"), Some(2508.0));
        assert_eq!(v("10,37 km2"), Some(10.37));
        assert_eq!(v("10,37km2"), Some(10.37));
        assert_eq!(v("72 triệu đồng/người/năm"), Some(72.0));
    }

    #[test]
    fn signs() {
        assert_eq!(v("-3"), Some(-3.0));
        assert_eq!(v("+5"), Some(5.0));
        assert_eq!(v("−1.234"), Some(-1234.0));
        assert_eq!(v("- 4"), Some(-4.0));
    }

    #[test]
    fn ambiguous_separators() {
        assert_eq!(v("12.5"), Some(12.5));
        assert_eq!(v("1.5"), Some(1.5));
        assert_eq!(v("0.500"), Some(0.5));
        assert_eq!(v("12.3456"), Some(12.3456));
        assert_eq!(v("1,234"), Some(1.234));
        assert_eq!(v("1.234,5"), Some(1234.5));
        assert_eq!(v("1,234.5"), Some(1234.5));
        assert_eq!(v("1,234,567"), Some(1_234_567.0));
        assert_eq!(v("1.234.567,89"), Some(1_234_567.89));
        // Malformed groupings.
        assert_eq!(v("1.23.456"), None);
        assert_eq!(v("12.34.567"), None);
        assert_eq!(v("1,2,3"), None);
        assert_eq!(v("1.234,5,6"), None);
        assert_eq!(v("12."), None);
        assert_eq!(v("1 11"), None);
    }

    #[test]
    fn not_numbers() {
        for s in [
            "",
            "   ",
            "nhiều",
            "khoảng 90",
            "12abc",
            "5 - 7",
            "90 (ước tính)",
            "-",
            "+",
            ",5",
            "%",
            "1 2",
        ] {
            assert_eq!(parse(s), None, "{s:?}");
        }
    }

    #[test]
    fn huge_digit_strings_do_not_panic() {
        let s = "9".repeat(300);
        assert!(v(&s).is_some_and(|x| x > 1e299));
        let s = "9".repeat(400);
        assert_eq!(v(&s), None);
        let s = format!("1{}", ".000".repeat(50));
        assert_eq!(v(&s), Some(1e150));
    }

    #[test]
    fn formatting() {
        assert_eq!(format_int(0), "0");
        assert_eq!(format_int(999), "999");
        assert_eq!(format_int(6778), "6.778");
        assert_eq!(format_int(72_000_000), "72.000.000");
        assert_eq!(format_decimal(0.08, 2), "0,08");
        assert_eq!(format_decimal(2508.0, 2), "2.508");
        assert_eq!(format_decimal(93.4, 2), "93,4");
        assert_eq!(format_decimal(94.0, 1), "94");
        assert_eq!(format_decimal(-1234.5, 2), "-1.234,5");
        assert_eq!(format_decimal(-0.001, 2), "0");
    }

    proptest! {
        #[test]
        fn int_round_trip(n in 0u64..=1_000_000_000_000_000) {
            prop_assert_eq!(v(&format_int(n)), Some(n as f64));
        }

        #[test]
        fn decimal_round_trip(k in -10_000_000_000i64..10_000_000_000i64) {
            let x = k as f64 / 100.0;
            let got = v(&format_decimal(x, 2));
            prop_assert!(got.is_some_and(|g| (g - x).abs() < 1e-6), "{} -> {:?}", x, got);
        }

        #[test]
        fn parse_never_panics(s in "\\PC{0,30}") {
            let _ = parse(&s);
        }

        #[test]
        fn parse_never_panics_on_numberish(s in "[-+ 0-9.,%đ\u{a0}]{0,30}") {
            let _ = parse(&s);
        }
    }
}
