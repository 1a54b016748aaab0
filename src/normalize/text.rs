//! Text: whitespace, Unicode NFC, control characters, and the keys used to
//! compare labels and names.
//!
//! Why three functions: a value written back into a report must keep its
//! diacritics and case ([`clean`]); a label or header is recognised whatever
//! its case, diacritics, spacing or punctuation ([`fold`]); a name that
//! identifies a unit (ward, authority, signer) must keep its diacritics — "Kim
//! Sơn" is not "Kim Sởn" — but not its case, spacing or tone-mark placement
//! ([`identity_key`]).
//!
//! The soft hyphen U+00AD is kept by every function here that returns text
//! (it is not a control character): in TCVN3 text it is the letter "ư", and
//! the legacy converter runs on cleaned text.

use std::sync::atomic::{AtomicU32, AtomicU8, Ordering};

use unicode_normalization::{is_nfc_quick, IsNormalized, UnicodeNormalization};

/// A cleaned text and what was done to it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cleaned {
    pub text: String,
    /// The input was not in NFC (e.g. decomposed text pasted from the web).
    pub was_nfd: bool,
}

/// Whether `s` is in NFC, cheaply for the usual (ASCII or precomposed) text.
fn is_nfc(s: &str) -> bool {
    if s.is_ascii() || s.chars().all(plainly_nfc) {
        return true;
    }
    match is_nfc_quick(s.chars()) {
        IsNormalized::Yes => true,
        IsNormalized::No => false,
        IsNormalized::Maybe => unicode_normalization::is_nfc(s),
    }
}

static NFC_MEMO: [AtomicU8; MEMO_END] = [const { AtomicU8::new(0) }; MEMO_END];

/// A character that is NFC on its own and combines with nothing before it
/// (quick check Yes, combining class 0): a text of such characters is NFC.
/// Remembered (the quick check looks up two tables per character).
fn plainly_nfc(c: char) -> bool {
    remembered(&NFC_MEMO, c, |c| {
        matches!(is_nfc_quick(std::iter::once(c)), IsNormalized::Yes) && unicode_normalization::char::canonical_combining_class(c) == 0
    })
}

/// Characters that take up no room and carry nothing: zero-width spaces and
/// joiners, the byte-order mark, the word joiner. (Not U+00AD, see the module doc.)
fn is_invisible(c: char) -> bool {
    matches!(c, '\u{200B}' | '\u{200C}' | '\u{200D}' | '\u{2060}' | '\u{FEFF}')
}

/// Whether `clean` would return `s` unchanged (the common case, tested
/// without allocating).
fn already_clean(s: &str, keep_lines: bool) -> bool {
    if s.is_empty() {
        return true;
    }
    let mut prev_space = true; // forbids a leading space
    let mut prev_break = true; // forbids a leading line break
    for c in s.chars() {
        if c == ' ' {
            if prev_space {
                return false;
            }
            prev_space = true;
        } else if c == '\n' {
            if !keep_lines || prev_space || prev_break {
                return false;
            }
            prev_break = true;
            prev_space = true;
            continue;
        } else if c.is_whitespace() || c.is_control() || is_invisible(c) {
            return false;
        } else {
            prev_space = false;
        }
        prev_break = false;
    }
    !prev_space && is_nfc(s)
}

/// Trims, collapses inner whitespace (a line break inside a cell becomes one
/// space, except where `keep_lines`), removes control characters, NFC.
///
/// Every Unicode space (NBSP, thin space, ideographic space, tab) counts as
/// whitespace. With `keep_lines`, "\r\n" and "\r" count as line breaks, each
/// line is trimmed and empty lines are dropped (a cell listing recipients one
/// per line gives one item per line).
pub fn clean(s: &str, keep_lines: bool) -> Cleaned {
    if already_clean(s, keep_lines) {
        return Cleaned {
            text: s.to_owned(),
            was_nfd: false,
        };
    }
    let was_nfd = !is_nfc(s);
    let mut out = String::with_capacity(s.len());
    if was_nfd {
        push_clean(&mut out, s.nfc(), keep_lines);
    } else {
        push_clean(&mut out, s.chars(), keep_lines);
    }
    Cleaned { text: out, was_nfd }
}

/// [`clean`] in place: leaves `s` untouched (and allocates nothing) when it
/// is already clean, the usual case. Returns whether it was not in NFC.
pub fn clean_in_place(s: &mut String, keep_lines: bool) -> bool {
    if already_clean(s, keep_lines) {
        return false;
    }
    let c = clean(s, keep_lines);
    *s = c.text;
    c.was_nfd
}

fn push_clean(out: &mut String, chars: impl Iterator<Item = char>, keep_lines: bool) {
    // Pending separator: 0 none, 1 space, 2 line break.
    let mut pending = 0u8;
    for c in chars {
        let sep = match c {
            '\n' | '\r' if keep_lines => 2,
            c if c.is_whitespace() => 1,
            c if c.is_control() || is_invisible(c) => continue,
            _ => 0,
        };
        if sep > 0 {
            pending = pending.max(sep);
            continue;
        }
        if !out.is_empty() {
            match pending {
                1 => out.push(' '),
                2 => out.push('\n'),
                _ => {}
            }
        }
        pending = 0;
        out.push(c);
    }
}

/// The letter without its diacritics, lower case; `đ`/`Đ` give `d`.
/// Characters that are not letters come back unchanged.
fn strip_diacritics_lower(c: char, out: &mut String) {
    if c.is_ascii() {
        out.push(c.to_ascii_lowercase());
        return;
    }
    match c {
        'đ' | 'Đ' | 'ð' | 'Ð' => {
            out.push('d');
            return;
        }
        _ => {}
    }
    unicode_normalization::char::decompose_canonical(c, |d| {
        // Only letters and digits survive: marks (of any script) are dropped.
        if d.is_alphanumeric() {
            out.extend(d.to_lowercase());
        }
    });
}

/// Whether the canonical decomposition of `c` starts with a letter or digit
/// (false for the rare "letters" that are marks once decomposed).
fn has_alphanumeric_base(c: char) -> bool {
    if c.is_ascii() {
        return true;
    }
    let mut ok = false;
    let mut first = true;
    unicode_normalization::char::decompose_canonical(c, |d| {
        if first {
            ok = d.is_alphanumeric();
            first = false;
        }
    });
    ok
}

/// Combining diacritical marks (the block Vietnamese uses, and its supplements).
fn is_combining_mark(c: char) -> bool {
    matches!(c, '\u{0300}'..='\u{036F}' | '\u{1AB0}'..='\u{1AFF}' | '\u{1DC0}'..='\u{1DFF}' | '\u{20D0}'..='\u{20FF}')
}

/// Key for matching labels and headers: lower case, no diacritics (đ → d),
/// spaces collapsed, trailing ':' and punctuation removed.
///
/// Precisely: every character that is not a letter, a digit or '%' separates
/// words (so "(", ")", ",", ":", "/", "-" and "." all act as spaces), and the
/// words are joined by one space. "Số lớp (chuyên đề)", "số lớp(chuyên đề):"
/// and "SO LOP  (CHUYEN DE)" all give "so lop chuyen de". '%' is kept because
/// it tells a unit ("Tỷ lệ (%)").
pub fn fold(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut pending_space = false;
    for c in s.chars() {
        match fold_char(c) {
            FoldChar::Nothing => {}
            FoldChar::Separator => pending_space = true,
            FoldChar::One(f) => {
                if pending_space && !out.is_empty() {
                    out.push(' ');
                }
                pending_space = false;
                out.push(f);
            }
            FoldChar::Other => {
                if pending_space && !out.is_empty() {
                    out.push(' ');
                }
                pending_space = false;
                strip_diacritics_lower(c, &mut out);
            }
        }
    }
    out
}

/// What [`fold`] does with one character.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum FoldChar {
    /// Dropped: a decomposed diacritic, or a "letter" that is a mark once decomposed.
    Nothing,
    /// Separates words.
    Separator,
    /// A letter or digit that folds to this one character.
    One(char),
    /// A letter or digit that folds to no character or several.
    Other,
}

/// The rule, character by character: letters, digits and '%' are kept
/// (folded), combining marks are dropped, anything else separates words.
fn fold_char_slow(c: char) -> FoldChar {
    if c.is_alphanumeric() || c == '%' {
        if c != '%' && !has_alphanumeric_base(c) {
            return FoldChar::Nothing;
        }
        let mut f = String::new();
        strip_diacritics_lower(c, &mut f);
        let mut chars = f.chars();
        match (chars.next(), chars.next()) {
            (Some(one), None) => FoldChar::One(one),
            _ => FoldChar::Other,
        }
    } else if is_combining_mark(c) {
        FoldChar::Nothing
    } else {
        FoldChar::Separator
    }
}

/// Characters below this (Latin with its diacritics, Latin Extended
/// Additional, combining marks, Greek, Cyrillic) have their [`FoldChar`]
/// remembered once worked out: Unicode tables and decomposition cost some
/// hundred instructions per character, and headers are folded often.
const MEMO_END: usize = 0x2000;
static FOLD_MEMO: [AtomicU32; MEMO_END] = [const { AtomicU32::new(0) }; MEMO_END];

fn fold_char(c: char) -> FoldChar {
    if c.is_ascii() {
        return if c.is_ascii_alphanumeric() {
            FoldChar::One(c.to_ascii_lowercase())
        } else if c == '%' {
            FoldChar::One('%')
        } else {
            FoldChar::Separator
        };
    }
    let Some(slot) = FOLD_MEMO.get(c as usize) else {
        return fold_char_slow(c);
    };
    // 0: not yet known; 1, 2, 3: Nothing, Separator, Other; else One(code - 4).
    match slot.load(Ordering::Relaxed) {
        0 => {}
        1 => return FoldChar::Nothing,
        2 => return FoldChar::Separator,
        3 => return FoldChar::Other,
        n => {
            if let Some(f) = char::from_u32(n - 4) {
                return FoldChar::One(f);
            }
        }
    }
    let f = fold_char_slow(c);
    let code = match f {
        FoldChar::Nothing => 1,
        FoldChar::Separator => 2,
        FoldChar::Other => 3,
        FoldChar::One(f) => f as u32 + 4,
    };
    slot.store(code, Ordering::Relaxed);
    f
}

static ALPHA_MEMO: [AtomicU8; MEMO_END] = [const { AtomicU8::new(0) }; MEMO_END];

/// `c.is_alphabetic()`, remembered for the characters below [`MEMO_END`]
/// (the legacy-encoding detector asks it of every character of a workbook).
pub(crate) fn is_alphabetic(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_alphabetic();
    }
    remembered(&ALPHA_MEMO, c, char::is_alphabetic)
}

/// A yes-or-no property of a character, worked out once for the characters
/// below [`MEMO_END`] (0 in `memo`: not yet known; 1: no; 2: yes) and every
/// time for the others.
fn remembered(memo: &[AtomicU8; MEMO_END], c: char, property: impl FnOnce(char) -> bool) -> bool {
    let Some(slot) = memo.get(c as usize) else {
        return property(c);
    };
    match slot.load(Ordering::Relaxed) {
        1 => false,
        2 => true,
        _ => {
            let yes = property(c);
            slot.store(if yes { 2 } else { 1 }, Ordering::Relaxed);
            yes
        }
    }
}

/// Key that keeps diacritics but not case, spacing or tone-mark placement:
/// "PHƯỜNG KIM SƠN" and "Phường  Kim Sơn" give the same key; "hoá" and "hóa" too.
pub fn identity_key(s: &str) -> String {
    let cleaned = clean(s, false).text;
    canonical_tone(&cleaned.to_lowercase())
}

/// Splits a precomposed Vietnamese vowel into (vowel without tone, tone mark).
fn split_tone(c: char) -> Option<(char, char)> {
    if c.is_ascii() {
        return None;
    }
    let mut base: Option<char> = None;
    let mut tone: Option<char> = None;
    let mut other = false;
    unicode_normalization::char::decompose_canonical(c, |d| match d {
        '\u{0300}' | '\u{0301}' | '\u{0303}' | '\u{0309}' | '\u{0323}' => tone = Some(d),
        _ if base.is_none() => base = Some(d),
        _ => other = true,
    });
    match (base, tone, other) {
        (Some(b), Some(t), false) => Some((b, t)),
        _ => None,
    }
}

fn is_vowel_base(c: char) -> bool {
    let mut s = String::new();
    strip_diacritics_lower(c, &mut s);
    matches!(s.as_str(), "a" | "e" | "i" | "o" | "u" | "y")
}

/// Rewrites the tone-mark placement "hoá", "khoẻ", "thuỷ", "Hoà" to "hóa",
/// "khỏe", "thủy", "Hòa", preserving case.
///
/// The target is the placement of the national form and of the canonical
/// category names ("văn hóa", "sức khỏe"). Only the open syllables whose
/// vowel is exactly "oa", "oe" or "uy" are affected: with a final consonant
/// ("hoàn", "huỳnh") both conventions agree, and after "q" the "u" belongs to
/// the consonant ("quý" stays).
pub fn canonical_tone(s: &str) -> String {
    let nfc: std::borrow::Cow<'_, str> = if is_nfc(s) {
        std::borrow::Cow::Borrowed(s)
    } else {
        std::borrow::Cow::Owned(s.nfc().collect())
    };
    // Fast path: nothing with a tone on a/e/y.
    if nfc.is_ascii() {
        return nfc.into_owned();
    }
    let chars: Vec<char> = nfc.chars().collect();
    let mut out = String::with_capacity(nfc.len());
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let next = chars.get(i + 1).copied();
        if let Some(n) = next {
            if let Some((nb, tone)) = split_tone(n) {
                let pair = (c.to_ascii_lowercase(), nb.to_ascii_lowercase());
                let shape = matches!(pair, ('o', 'a') | ('o', 'e') | ('u', 'y'));
                let open = chars.get(i + 2).is_none_or(|&f| !f.is_alphabetic());
                let prev = if i > 0 { chars.get(i - 1).copied() } else { None };
                let after_ok = prev.is_none_or(|p| !is_vowel_base(p) && !matches!(p, 'q' | 'Q'));
                if shape && c.is_ascii() && open && after_ok {
                    if let Some(toned) = unicode_normalization::char::compose(c, tone) {
                        out.push(toned);
                        out.push(nb);
                        i += 2;
                        continue;
                    }
                }
            }
        }
        out.push(c);
        i += 1;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nfc_is_told_character_by_character_only_when_plain() {
        assert!(plainly_nfc('ế') && plainly_nfc('Đ') && plainly_nfc('a'));
        assert!(!plainly_nfc('\u{0301}') && !plainly_nfc('\u{0340}'));
        assert!(is_nfc("Tiếng Việt, Đông Triều"));
        assert!(!is_nfc("Tie\u{0302}\u{0301}ng"));
        // A character that is NFC alone may still compose with a mark after it.
        assert!(!is_nfc("e\u{0301}"));
    }
    use proptest::prelude::*;

    #[test]
    fn clean_whitespace_controls_nbsp() {
        assert_eq!(clean("  Phường\u{a0}\u{a0}Kim   Sơn \t", false).text, "Phường Kim Sơn");
        assert_eq!(clean("a\u{7}b\u{0}c", false).text, "abc");
        assert_eq!(clean("Tổng\nsố", false).text, "Tổng số");
        assert_eq!(clean("a\tb", false).text, "a b");
        assert_eq!(clean("\u{feff}Kính gửi\u{200b}", false).text, "Kính gửi");
        assert_eq!(clean("", false).text, "");
        assert_eq!(clean(" \n\t ", true).text, "");
    }

    #[test]
    fn clean_keep_lines() {
        let c = clean(" Như trên; \r\n\r\n  Lưu: VT \n", true);
        assert_eq!(c.text, "Như trên;\nLưu: VT");
        assert_eq!(clean("a \n b", false).text, "a b");
    }

    #[test]
    fn clean_nfc_and_flag() {
        let nfd: String = "Học nghề".nfd().collect();
        assert_ne!(nfd, "Học nghề");
        let c = clean(&nfd, false);
        assert_eq!(c.text, "Học nghề");
        assert!(c.was_nfd);
        assert!(!clean("Học nghề", false).was_nfd);
    }

    #[test]
    fn clean_keeps_soft_hyphen() {
        // TCVN3 "ư" (byte 0xAD) must survive cleaning.
        assert_eq!(clean("Tr\u{ad}êng", false).text, "Tr\u{ad}êng");
    }

    #[test]
    fn fold_labels() {
        let a = fold("Số lớp (chuyên đề)");
        assert_eq!(a, "so lop chuyen de");
        assert_eq!(fold("số lớp(chuyên đề)"), a);
        assert_eq!(fold("SO LOP (CHUYEN DE)"), a);
        assert_eq!(fold("  Ngày báo cáo: "), "ngay bao cao");
        assert_eq!(fold("ĐỊA BÀN"), "dia ban");
        assert_eq!(fold("Tỷ lệ (%)"), "ty le %");
        let nfd: String = "Trường học".nfd().collect();
        assert_eq!(fold(&nfd), "truong hoc");
        assert_eq!(fold("Văn hoá"), fold("Văn hóa"));
    }

    /// The remembered per-character answers are the rule's, for every
    /// character they cover (asked twice: worked out, then remembered).
    #[test]
    fn fold_memo_agrees_with_the_rule() {
        for _ in 0..2 {
            for c in (0..MEMO_END as u32 + 16).filter_map(char::from_u32) {
                assert_eq!(fold_char(c), fold_char_slow(c), "U+{:04X}", c as u32);
                assert_eq!(is_alphabetic(c), c.is_alphabetic(), "U+{:04X}", c as u32);
            }
        }
    }

    #[test]
    fn identity_keys() {
        assert_eq!(identity_key("PHƯỜNG KIM SƠN"), identity_key("Phường  Kim Sơn"));
        assert_ne!(identity_key("Kim Sơn"), identity_key("Kim Sởn"));
        assert_eq!(identity_key("Văn hoá"), identity_key("văn hóa"));
        assert_eq!(identity_key("Hoà"), "hòa");
    }

    #[test]
    fn canonical_tone_placement() {
        assert_eq!(canonical_tone("hoá"), "hóa");
        assert_eq!(canonical_tone("khoẻ"), "khỏe");
        assert_eq!(canonical_tone("thuỷ"), "thủy");
        assert_eq!(canonical_tone("Hoà Bình"), "Hòa Bình");
        assert_eq!(canonical_tone("HOÀ"), "HÒA");
        assert_eq!(canonical_tone("Chuyên đề văn hoá xã hội"), "Chuyên đề văn hóa xã hội");
        // Unchanged: after q, closed syllables, three-vowel clusters.
        assert_eq!(canonical_tone("quý"), "quý");
        assert_eq!(canonical_tone("hoàn thành"), "hoàn thành");
        assert_eq!(canonical_tone("Huỳnh"), "Huỳnh");
        assert_eq!(canonical_tone("khoái"), "khoái");
        assert_eq!(canonical_tone("hóa"), "hóa");
    }

    proptest! {
        #[test]
        fn clean_is_idempotent(s in "\\PC{0,40}") {
            let once = clean(&s, false).text;
            let twice = clean(&once, false);
            prop_assert_eq!(&twice.text, &once);
            prop_assert!(!twice.was_nfd);
            let l = clean(&s, true).text;
            prop_assert_eq!(clean(&l, true).text, l);
        }

        #[test]
        fn clean_in_place_agrees_with_clean(s in "[ \\na\u{a0}\u{300}\u{7}ê]{0,12}", keep in any::<bool>()) {
            let c = clean(&s, keep);
            let mut t = s.clone();
            prop_assert_eq!(clean_in_place(&mut t, keep), c.was_nfd);
            prop_assert_eq!(t, c.text);
        }

        #[test]
        fn fold_never_panics_and_is_idempotent(s in "\\PC{0,40}") {
            let f = fold(&s);
            prop_assert_eq!(fold(&f), f);
        }
    }
}
