//! TCVN3 (ABC) and VNI-Windows text → Unicode.
//!
//! Why this is more than a lookup table: calamine hands over Unicode, so a
//! cell typed in a ".VnTime" or "VNI-Times" font arrives as the Windows-1252
//! reading of the legacy bytes ("Häc nghÒ" for "Học nghề"). Each character is
//! first mapped back to its cp1252 byte, then decoded. Those same characters
//! (é, à, ñ, ©, ½ …) also occur in genuine Unicode text, so
//!
//! - [`detect`] decides once for a whole workbook or sheet, from every word:
//!   a word counts for an encoding when it is not a Vietnamese syllable as it
//!   stands but becomes one when decoded. Several such words and a clear
//!   majority are required, so Unicode Vietnamese ("và", "có") or French
//!   ("café") with a few Latin-1 letters is never taken for legacy text.
//! - [`convert`] then works word by word and only on words made of legacy
//!   characters; a word that already is a Vietnamese syllable and would not be
//!   one decoded is left alone, so one cell can mix Unicode and legacy words.
//!
//! TCVN3 has no accented capitals: they are typed with lower-case codes in a
//! capitals font (.VnTimeH). calamine does not expose fonts, so besides the
//! caller's `upper` flag a word whose letters after the first are capitals
//! ("PH¦êNG", "ñY") is read as a capital word. TCVN3 "ư" is byte 0xAD, the
//! soft hyphen: it must survive every cleaning step before conversion.
//!
//! The tables are `data/tcvn3.tsv` and `data/vni-windows.tsv`, compiled in.

use std::collections::HashMap;
use std::sync::OnceLock;

use unicode_normalization::UnicodeNormalization;

use super::text::is_alphabetic;

/// A legacy Vietnamese encoding.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Legacy {
    Tcvn3,
    Vni,
}

const TCVN3_TSV: &str = include_str!("../../data/tcvn3.tsv");
const VNI_TSV: &str = include_str!("../../data/vni-windows.tsv");

/// Windows-1252 characters of bytes 0x80–0x9F (`'\0'` where undefined).
const CP1252_HIGH: [char; 32] = [
    '€', '\0', '‚', 'ƒ', '„', '…', '†', '‡', 'ˆ', '‰', 'Š', '‹', 'Œ', '\0', 'Ž', '\0', '\0', '‘', '’', '“', '”', '•', '–', '—', '˜', '™',
    'š', '›', 'œ', '\0', 'ž', 'Ÿ',
];

/// The byte a character stands for in Windows-1252 (Latin-1 C1 controls are
/// taken as themselves).
fn cp1252_byte(c: char) -> Option<u8> {
    let u = c as u32;
    if u < 0x100 {
        return Some(u as u8);
    }
    CP1252_HIGH.iter().position(|&x| x == c).map(|i| 0x80 + i as u8)
}

/// The Windows-1252 reading of a byte.
fn cp1252_char(b: u8) -> char {
    if (0x80..0xA0).contains(&b) {
        let c = CP1252_HIGH[(b - 0x80) as usize];
        if c != '\0' {
            return c;
        }
    }
    b as char
}

/// Decoding and encoding tables of one encoding.
struct Table {
    /// Single high byte → letter (lower case where the code is shared).
    single: [Option<char>; 256],
    /// Two bytes (base letter, mark) → letter (VNI only).
    pair: HashMap<(u8, u8), char>,
    /// Letter → legacy bytes.
    encode: HashMap<char, Vec<u8>>,
    /// High bytes that take part in any letter's code.
    legacy: [bool; 256],
}

fn parse_tsv(tsv: &str) -> Table {
    let mut t = Table {
        single: [None; 256],
        pair: HashMap::new(),
        encode: HashMap::new(),
        legacy: [false; 256],
    };
    for line in tsv.lines() {
        if line.starts_with('#') || line.starts_with("unicode\t") || line.trim().is_empty() {
            continue;
        }
        let mut cols = line.split('\t');
        let (Some(letter), Some(hex)) = (cols.next(), cols.next()) else {
            continue;
        };
        let Some(letter) = letter.chars().next() else {
            continue;
        };
        let bytes: Vec<u8> = hex.split(' ').filter_map(|h| u8::from_str_radix(h, 16).ok()).collect();
        match bytes.as_slice() {
            [b] if *b >= 0x80 => {
                // The first row wins: lower-case letters come before the
                // capitals that borrow their codes.
                t.single[*b as usize].get_or_insert(letter);
                t.legacy[*b as usize] = true;
            }
            [a, m] => {
                t.pair.entry((*a, *m)).or_insert(letter);
                for b in [a, m] {
                    if *b >= 0x80 {
                        t.legacy[*b as usize] = true;
                    }
                }
            }
            _ => {}
        }
        t.encode.entry(letter).or_insert(bytes);
    }
    t
}

fn table(enc: Legacy) -> &'static Table {
    static TCVN3: OnceLock<Table> = OnceLock::new();
    static VNI: OnceLock<Table> = OnceLock::new();
    match enc {
        Legacy::Tcvn3 => TCVN3.get_or_init(|| parse_tsv(TCVN3_TSV)),
        Legacy::Vni => VNI.get_or_init(|| parse_tsv(VNI_TSV)),
    }
}

/// Unicode → the legacy bytes shown as Windows-1252 text (what calamine
/// returns for a cell typed in that encoding). Characters the encoding cannot
/// write are kept. TCVN3 accented capitals come out as lower-case codes (as
/// typed in a .VnTimeH font).
pub fn encode(s: &str, enc: Legacy) -> String {
    let t = table(enc);
    let mut out = String::with_capacity(s.len() * 2);
    for c in s.nfc() {
        match t.encode.get(&c) {
            Some(bytes) => out.extend(bytes.iter().map(|&b| cp1252_char(b))),
            None => out.push(c),
        }
    }
    out
}

/// Whether a character belongs to a word for `enc`: letters, and the
/// symbols the encoding uses as letters ("§", "¸", "µ", soft hyphen …).
fn is_word_char(c: char, t: &Table) -> bool {
    is_alphabetic(c) || cp1252_byte(c).is_some_and(|b| b >= 0x80 && t.legacy[b as usize])
}

/// How one word reads in an encoding.
struct Reading {
    /// The word holds a legacy character and nothing outside cp1252.
    candidate: bool,
    decoded: String,
}

fn read_word(word: &str, t: &Table) -> Reading {
    let mut bytes = Vec::with_capacity(word.len());
    let mut has_legacy = false;
    for c in word.chars() {
        match cp1252_byte(c) {
            Some(b) => {
                has_legacy |= b >= 0x80 && t.legacy[b as usize];
                bytes.push(b);
            }
            None => {
                return Reading {
                    candidate: false,
                    decoded: String::new(),
                }
            }
        }
    }
    if !has_legacy {
        return Reading {
            candidate: false,
            decoded: String::new(),
        };
    }
    let mut decoded = String::with_capacity(word.len() + 4);
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        if let Some(&next) = bytes.get(i + 1) {
            if let Some(&l) = t.pair.get(&(b, next)) {
                decoded.push(l);
                i += 2;
                continue;
            }
        }
        match t.single[b as usize] {
            Some(l) if b >= 0x80 => decoded.push(l),
            _ => decoded.push(cp1252_char(b)),
        }
        i += 1;
    }
    Reading { candidate: true, decoded }
}

/// `read_word(word, t).candidate`, without decoding.
fn is_candidate(word: &str, t: &Table) -> bool {
    let mut has_legacy = false;
    for c in word.chars() {
        match cp1252_byte(c) {
            Some(b) => has_legacy |= b >= 0x80 && t.legacy[b as usize],
            None => return false,
        }
    }
    has_legacy
}

/// A word that holds letters outside Windows-1252 (ă, đ, ơ, ư, ạ, ề …):
/// certainly Unicode already.
fn is_unicode_word(word: &str) -> bool {
    word.chars().any(|c| is_alphabetic(c) && cp1252_byte(c).is_none())
}

/// Splits `s` into (is_word, piece) runs for `t`.
fn pieces<'a>(s: &'a str, t: &'static Table) -> impl Iterator<Item = (bool, &'a str)> {
    let mut rest = s;
    std::iter::from_fn(move || {
        let first = rest.chars().next()?;
        let word = is_word_char(first, t);
        let end = rest
            .char_indices()
            .find(|&(_, c)| is_word_char(c, t) != word)
            .map_or(rest.len(), |(i, _)| i);
        let (piece, r) = rest.split_at(end);
        rest = r;
        Some((word, piece))
    })
}

/// Decides from all of a workbook's (or sheet's) text which legacy encoding,
/// if any, it was typed in.
///
/// Counts, per encoding, the words of two or more characters that are not a
/// Vietnamese syllable as they stand but are one decoded; and the words with
/// legacy characters that already are Vietnamese syllables. An encoding wins
/// with at least 3 such words, more than twice the other encoding's count and
/// more than the count of words already valid as Unicode.
pub fn detect<'a>(texts: impl IntoIterator<Item = &'a str>) -> Option<Legacy> {
    let (tc, vn) = (table(Legacy::Tcvn3), table(Legacy::Vni));
    let (mut s_tc, mut s_vn, mut plausible) = (0usize, 0usize, 0usize);
    for text in texts {
        if text.is_ascii() {
            continue;
        }
        // Word boundaries of the union of both encodings.
        for word in text.split(|c: char| !(is_word_char(c, tc) || is_word_char(c, vn))) {
            if word.chars().nth(1).is_none() || word.is_ascii() || is_unicode_word(word) {
                continue;
            }
            // Most words of Unicode text are syllables as they stand: decide
            // that before decoding anything.
            let (ct, cv) = (is_candidate(word, tc), is_candidate(word, vn));
            if !ct && !cv {
                continue;
            }
            if is_syllable(word) {
                plausible += 1;
                continue;
            }
            for (candidate, t, score) in [(ct, tc, &mut s_tc), (cv, vn, &mut s_vn)] {
                if candidate {
                    let r = read_word(word, t);
                    if r.decoded != word && is_syllable(&r.decoded) {
                        *score += 1;
                    }
                }
            }
        }
    }
    let (best, score, other) = if s_tc >= s_vn {
        (Legacy::Tcvn3, s_tc, s_vn)
    } else {
        (Legacy::Vni, s_vn, s_tc)
    };
    (score >= 3 && score > 2 * other && score > plausible).then_some(best)
}

/// Converts, word by word, the words that hold legacy characters. `upper` is
/// set when the cell's font is a capitals font (.VnTimeH). `None` when nothing
/// changed.
///
/// A word is left as it is when it holds a letter outside Windows-1252 (it is
/// Unicode), when it is a Vietnamese syllable and its decoding is not, or when
/// both readings are syllables and the cell holds certain Unicode words.
pub fn convert(s: &str, enc: Legacy, upper: bool) -> Option<String> {
    convert_with(s, enc, upper, false)
}

/// [`convert`] for a cell whose font is not known: only the workbook's
/// detection says the text may be legacy, so a word that already is a
/// Vietnamese syllable is kept even when its decoding is one too ("Tâm" is
/// not turned into "Tõm", "báo" not into "bỏo").
pub fn convert_unfonted(s: &str, enc: Legacy) -> Option<String> {
    convert_with(s, enc, false, true)
}

fn convert_with(s: &str, enc: Legacy, upper: bool, keep_syllables: bool) -> Option<String> {
    if s.is_ascii() {
        return None;
    }
    let t = table(enc);
    let cell_is_mixed = s.split(|c: char| !is_alphabetic(c)).any(is_unicode_word);
    let mut out = String::with_capacity(s.len() + 8);
    let mut changed = false;
    for (is_word, piece) in pieces(s, t) {
        if !is_word {
            out.push_str(piece);
            continue;
        }
        let r = read_word(piece, t);
        if !r.candidate || r.decoded == piece {
            out.push_str(piece);
            continue;
        }
        if is_syllable(piece) && ((keep_syllables && cased_as_a_word(piece)) || !is_syllable(&r.decoded) || cell_is_mixed) {
            out.push_str(piece);
            continue;
        }
        changed = true;
        if upper || (enc == Legacy::Tcvn3 && looks_capital(piece)) {
            out.extend(r.decoded.chars().flat_map(char::to_uppercase));
        } else {
            out.push_str(&r.decoded);
        }
    }
    changed.then(|| out.nfc().collect())
}

/// Whether a word is cased as words are written: all lower case, a capital
/// first, or all capitals. "nghÒ" is not (it is TCVN3 for "nghề": "Ò" is
/// the code of "ề").
fn cased_as_a_word(word: &str) -> bool {
    let mut rest = word.chars().skip(1).filter(|c| c.is_alphabetic());
    let lower = rest.clone().all(char::is_lowercase);
    lower || rest.all(char::is_uppercase) && word.chars().next().is_some_and(char::is_uppercase)
}

/// What a cell's font says about the bytes of its text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Font {
    /// No font is known, or one this program does not know ("VPS Times").
    #[default]
    Unknown,
    /// A Unicode font (Times New Roman, Arial, Calibri, …): the text is what
    /// it says and is never converted.
    Unicode,
    /// A TCVN3 font (.VnTime, .VnArial …); `caps` for a capitals font
    /// (.VnTimeH, .VnArialH …), which shows every letter as a capital.
    Tcvn3 { caps: bool },
    /// A VNI font (VNI-Times, VNI-Helve …).
    Vni,
}

/// Fonts with Vietnamese Unicode glyphs that Office, Windows and LibreOffice
/// ship, matched as name prefixes (lower case).
const UNICODE_FONTS: [&str; 42] = [
    "times new roman",
    "times",
    "arial",
    "calibri",
    "cambria",
    "tahoma",
    "verdana",
    "segoe",
    "courier new",
    "liberation",
    "dejavu",
    "noto",
    "roboto",
    "helvetica",
    "carlito",
    "caladea",
    "aptos",
    "georgia",
    "garamond",
    "book antiqua",
    "palatino",
    "consolas",
    "candara",
    "constantia",
    "corbel",
    "trebuchet",
    "open sans",
    "source sans",
    "lato",
    "inter",
    "microsoft sans serif",
    "sitka",
    "bahnschrift",
    "lucida",
    "century",
    "franklin gothic",
    "gill sans",
    "montserrat",
    "sans",
    "serif",
    "monospace",
    "symbol",
];

/// The font class of a font name.
pub fn font_of(name: &str) -> Font {
    let n = name.trim().trim_matches(|c| c == '\'' || c == '"').trim().to_ascii_lowercase();
    if n.starts_with(".vn") {
        // TCVN3 capitals fonts: .VnTimeH, .VnArialH, .VnAvantH, …
        Font::Tcvn3 { caps: n.ends_with('h') }
    } else if n.starts_with("vni-") || n.starts_with("vni ") {
        Font::Vni
    } else if UNICODE_FONTS.iter().any(|f| n.starts_with(f)) {
        Font::Unicode
    } else {
        Font::Unknown
    }
}

/// A TCVN3 word typed for a capitals font: a capital after its first
/// character and no lower-case ASCII letter ("PH¦êNG", "ñY", "B¾C").
fn looks_capital(word: &str) -> bool {
    let tcvn_capital = |c: char| matches!(c, '¡' | '¢' | '£' | '¤' | '¥' | '¦' | '§');
    !word.chars().any(|c| c.is_ascii_lowercase()) && word.chars().skip(1).any(|c| c.is_ascii_uppercase() || tcvn_capital(c))
}

/// Vowel clusters of a Vietnamese syllable (with glides), without tones.
const NUCLEI: [&str; 56] = [
    "a", "ă", "â", "e", "ê", "i", "o", "ô", "ơ", "u", "ư", "y", "ai", "ao", "au", "ay", "âu", "ây", "eo", "êu", "ia", "iê", "iu", "oa",
    "oă", "oe", "oi", "ôi", "ơi", "oo", "ua", "uâ", "uê", "ui", "uô", "uơ", "uy", "ưa", "ưi", "ưu", "ươ", "yê", "iêu", "yêu", "oai", "oay",
    "oao", "oeo", "uây", "uôi", "ươi", "ươu", "uya", "uyê", "uyu", "ôô",
];
const ONSETS: [&str; 28] = [
    "ngh", "ng", "nh", "ch", "gh", "gi", "kh", "ph", "qu", "th", "tr", "b", "c", "d", "đ", "g", "h", "k", "l", "m", "n", "p", "r", "s",
    "t", "v", "x", "",
];
const CODAS: [&str; 9] = ["", "c", "ch", "m", "n", "ng", "nh", "p", "t"];

/// Whether `word` is one Vietnamese syllable (any case, NFC or not): an
/// onset, a vowel cluster, a coda, at most one tone, and only sắc or nặng
/// before a stop (c, ch, p, t).
pub fn is_syllable(word: &str) -> bool {
    let mut base = String::with_capacity(word.len());
    let mut tone: Option<char> = None;
    for c in word.nfd() {
        match c {
            '\u{0300}' | '\u{0301}' | '\u{0303}' | '\u{0309}' | '\u{0323}' => {
                if tone.replace(c).is_some() {
                    return false;
                }
            }
            '\u{0302}' | '\u{0306}' | '\u{031B}' => {
                let Some(prev) = base.pop() else { return false };
                match unicode_normalization::char::compose(prev, c) {
                    Some(q) => base.push(q),
                    None => return false,
                }
            }
            'Đ' | 'đ' => base.push('đ'),
            c if c.is_ascii_alphabetic() => base.push(c.to_ascii_lowercase()),
            _ => return false,
        }
    }
    // Circumflex, breve and horn on capitals compose to capitals: lower them.
    let base: String = base.chars().flat_map(char::to_lowercase).collect();
    let is_vowel = |c: char| "aăâeêioôơuưy".contains(c);
    ONSETS.iter().any(|onset| {
        let Some(rest) = base.strip_prefix(onset) else {
            return false;
        };
        let vend = rest.char_indices().find(|&(_, c)| !is_vowel(c)).map_or(rest.len(), |(i, _)| i);
        let (nucleus, coda) = rest.split_at(vend);
        let stop = matches!(coda, "c" | "ch" | "p" | "t");
        !nucleus.is_empty()
            && NUCLEI.contains(&nucleus)
            && CODAS.contains(&coda)
            && (!stop || matches!(tone, Some('\u{0301}') | Some('\u{0323}')))
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::normalize::category::CATEGORIES;
    use proptest::prelude::*;

    #[test]
    fn tables_load_and_as_text_column_agrees() {
        for (tsv, enc) in [(TCVN3_TSV, Legacy::Tcvn3), (VNI_TSV, Legacy::Vni)] {
            let mut rows = 0;
            for line in tsv.lines().filter(|l| !l.starts_with('#') && !l.starts_with("unicode")) {
                let cols: Vec<&str> = line.split('\t').collect();
                assert_eq!(encode(cols[0], enc), cols[2], "{line}");
                rows += 1;
            }
            assert_eq!(rows, 146);
        }
        assert_eq!(table(Legacy::Tcvn3).single[0xAD], Some('ư'));
        assert_eq!(table(Legacy::Tcvn3).single[0xA7], Some('Đ'));
        assert_eq!(table(Legacy::Tcvn3).single[0xAE], Some('đ'));
        assert_eq!(table(Legacy::Tcvn3).single[0xB8], Some('á'));
    }

    #[test]
    fn tcvn3_table_matches_iconv() {
        // iconv's TCVN5712-1 agrees with TCVN3 on the high bytes of the table
        // (it differs in 0x01–0x17). Skipped where iconv is not installed.
        let t = table(Legacy::Tcvn3);
        let bytes: Vec<u8> = (0xA1u8..=0xFF).filter(|&b| t.single[b as usize].is_some()).collect();
        let Ok(mut child) = std::process::Command::new("iconv")
            .args(["-f", "TCVN5712-1", "-t", "UTF-8"])
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped())
            .spawn()
        else {
            return;
        };
        {
            use std::io::Write;
            let mut stdin = child.stdin.take().unwrap();
            for b in &bytes {
                stdin.write_all(&[*b, b'\n']).unwrap();
            }
        }
        let out = child.wait_with_output().unwrap();
        let text = String::from_utf8(out.stdout).unwrap();
        let lines: Vec<String> = text.lines().map(|l| l.nfc().collect()).collect();
        assert_eq!(lines.len(), bytes.len());
        for (b, l) in bytes.iter().zip(&lines) {
            assert_eq!(Some(l.as_str()), t.single[*b as usize].map(String::from).as_deref(), "byte {b:02X}");
        }
    }

    const WORDS: [&str; 6] = [
        "Trung tâm học tập cộng đồng",
        "Đặng Cương Quyết",
        "Phường Kim Sơn, thị xã Đông Triều, tỉnh Quảng Ninh",
        "Thường trực Đảng ủy, Ủy ban nhân dân phường",
        "Hội nghị sơ kết 6 tháng đầu năm; tuần lễ hưởng ứng học tập suốt đời",
        "Tỷ lệ hộ nghèo giảm 04 hộ so với năm 2017",
    ];

    #[test]
    fn round_trips_on_real_text() {
        for enc in [Legacy::Tcvn3, Legacy::Vni] {
            for s in CATEGORIES.iter().map(|(_, n)| *n).chain(WORDS) {
                let e = encode(s, enc);
                assert_ne!(e, s);
                let back = convert(&e, enc, false);
                if enc == Legacy::Tcvn3 && s.chars().any(|c| c.is_uppercase() && !c.is_ascii() && !"ĂÂÊÔƠƯĐ".contains(c)) {
                    continue; // accented capitals: see the capitals test
                }
                assert_eq!(back.as_deref(), Some(s), "{enc:?}: {e}");
            }
        }
    }

    #[test]
    fn known_encodings() {
        assert_eq!(encode("Học nghề", Legacy::Tcvn3), "Häc nghÒ");
        assert_eq!(encode("Học nghề", Legacy::Vni), "Hoïc ngheà");
        assert_eq!(encode("ư", Legacy::Tcvn3), "\u{ad}");
        assert_eq!(convert("Häc nghÒ", Legacy::Tcvn3, false).as_deref(), Some("Học nghề"));
        assert_eq!(convert("Tr\u{ad}êng", Legacy::Tcvn3, false).as_deref(), Some("Trường"));
    }

    #[test]
    fn capitals() {
        let s = "ỦY BAN NHÂN DÂN PHƯỜNG KIM SƠN";
        let t = encode(s, Legacy::Tcvn3);
        assert_eq!(t, "ñY BAN NH¢N D¢N PH¦êNG KIM S¥N");
        assert_eq!(convert(&t, Legacy::Tcvn3, true).as_deref(), Some(s));
        // Without the font flag, the capitals around the codes tell.
        assert_eq!(convert(&t, Legacy::Tcvn3, false).as_deref(), Some(s));
        // A .VnTimeH cell typed all in lower case.
        assert_eq!(convert("tr\u{ad}êng häc", Legacy::Tcvn3, true).as_deref(), Some("TRƯỜNG HỌC"));
        // A capital only at the start is an ordinary word.
        assert_eq!(convert("Hå ChÝ Minh", Legacy::Tcvn3, false).as_deref(), Some("Hồ Chí Minh"));
        let v = encode(s, Legacy::Vni);
        assert_eq!(convert(&v, Legacy::Vni, false).as_deref(), Some(s));
    }

    #[test]
    fn codes_and_mixed_cells() {
        assert_eq!(convert("10/BC-TTHTC§", Legacy::Tcvn3, false).as_deref(), Some("10/BC-TTHTCĐ"));
        assert_eq!(convert("Häc nghề", Legacy::Tcvn3, false).as_deref(), Some("Học nghề"));
        assert_eq!(convert("Học nghề", Legacy::Tcvn3, false), None);
        assert_eq!(convert("Học nghề", Legacy::Vni, false), None);
        assert_eq!(convert("10/BC-TTHTCĐ", Legacy::Tcvn3, false), None);
        assert_eq!(convert("plain ASCII", Legacy::Vni, false), None);
        // A Unicode syllable that would not decode to one is kept ("Hòa" in
        // VNI would read "Hịa", a syllable too: kept because the cell holds
        // certain Unicode words).
        assert_eq!(convert("Thành", Legacy::Vni, false), None);
        assert_eq!(convert("Phường Hòa", Legacy::Vni, false), None);
        assert_eq!(convert("vào", Legacy::Tcvn3, false), None);
    }

    #[test]
    fn fonts_say_the_encoding() {
        assert_eq!(font_of(".VnTime"), Font::Tcvn3 { caps: false });
        assert_eq!(font_of(".VnTimeH"), Font::Tcvn3 { caps: true });
        assert_eq!(font_of("'.VnArialH'"), Font::Tcvn3 { caps: true });
        assert_eq!(font_of("VNI-Times"), Font::Vni);
        for u in [
            "Times New Roman",
            "Arial",
            "Calibri",
            "Liberation Sans",
            "'Times New Roman'",
            "Tahoma",
        ] {
            assert_eq!(font_of(u), Font::Unicode, "{u}");
        }
        assert_eq!(font_of("VPS Times"), Font::Unknown);
        assert_eq!(font_of(""), Font::Unknown);
    }

    #[test]
    fn without_a_font_valid_unicode_words_stay() {
        // With a TCVN3 font both readings are possible and the font decides;
        // without one, a word that already is Vietnamese stays.
        for w in ["Tâm", "tú", "Ngày báo cáo"] {
            assert!(convert(w, Legacy::Tcvn3, false).is_some(), "{w}: decodes to a syllable too");
            assert_eq!(convert_unfonted(w, Legacy::Tcvn3), None, "{w}");
        }
        // Legacy words that are not Vietnamese as they stand still convert.
        assert_eq!(convert_unfonted("Häc nghÒ", Legacy::Tcvn3).as_deref(), Some("Học nghề"));
        assert_eq!(
            convert_unfonted(&encode("Học nghề ngắn hạn", Legacy::Vni), Legacy::Vni).as_deref(),
            Some("Học nghề ngắn hạn")
        );
    }

    #[test]
    fn detection() {
        let uni = [
            "Trung tâm học tập cộng đồng",
            "Phường Kim Sơn",
            "và",
            "có",
            "Học nghề ngắn hạn",
            "café",
            "25 °C",
            "± 5",
            "½ kg",
        ];
        assert_eq!(detect(uni), None);
        assert_eq!(detect(["Café crème brûlée à la française, déjà vu, señor, naïve"]), None);
        let tc: Vec<String> = WORDS.iter().map(|w| encode(w, Legacy::Tcvn3)).collect();
        assert_eq!(detect(tc.iter().map(String::as_str)), Some(Legacy::Tcvn3));
        let vn: Vec<String> = WORDS.iter().map(|w| encode(w, Legacy::Vni)).collect();
        assert_eq!(detect(vn.iter().map(String::as_str)), Some(Legacy::Vni));
        // A workbook of Unicode headers with legacy data still detects.
        let mixed = tc.iter().map(String::as_str).chain(uni);
        assert_eq!(detect(mixed), Some(Legacy::Tcvn3));
        // Too little evidence.
        assert_eq!(detect(["Häc"]), None);
        assert_eq!(detect(Vec::<&str>::new()), None);
    }

    #[test]
    fn syllables() {
        for w in [
            "học",
            "nghề",
            "Trường",
            "NGHIÊNG",
            "quý",
            "gì",
            "khuya",
            "người",
            "Đặng",
            "hoá",
            "hóa",
            "ươn",
        ] {
            assert!(is_syllable(w), "{w}");
        }
        for w in ["café", "BC", "Häc", "cafộ", "hocs", "mát̀", "xyz", "hoịa", "bác̀", "bàc"] {
            assert!(!is_syllable(w), "{w}");
        }
    }

    const LETTERS: &str = "aáàảãạăắằẳẵặâấầẩẫậbcdđeéèẻẽẹêếềểễệghiíìỉĩịklmnoóòỏõọôốồổỗộơớờởỡợpqrstuúùủũụưứừửữựvxyýỳỷỹỵ";

    fn viet_text() -> impl Strategy<Value = String> {
        let letters: Vec<char> = LETTERS.chars().collect();
        proptest::collection::vec(
            proptest::collection::vec(proptest::sample::select(letters), 1..8).prop_map(|w| w.into_iter().collect::<String>()),
            1..6,
        )
        .prop_map(|ws| ws.join(" "))
    }

    proptest! {
        #[test]
        fn random_vietnamese_round_trips(s in viet_text()) {
            for enc in [Legacy::Tcvn3, Legacy::Vni] {
                let e = encode(&s, enc);
                let back = convert(&e, enc, false).unwrap_or_else(|| e.clone());
                // Words that read as Unicode syllables as encoded are kept by
                // design; everything else must come back.
                for (orig, (enc_w, got)) in s.split(' ').zip(e.split(' ').zip(back.split(' '))) {
                    if !is_syllable(enc_w) || enc_w == orig {
                        prop_assert_eq!(got, orig, "{:?} {}", enc, e);
                    }
                }
            }
        }

        #[test]
        fn never_panics(s in "\\PC{0,30}", t in "[a-zA-Z \u{a0}-\u{ff}€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ]{0,30}") {
            for enc in [Legacy::Tcvn3, Legacy::Vni] {
                let _ = convert(&s, enc, false);
                let _ = convert(&t, enc, true);
            }
            let _ = detect([s.as_str(), t.as_str()]);
        }
    }
}
