//! TCVN3 (ABC) and VNI-Windows text → Unicode.

/// A legacy Vietnamese encoding.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Legacy {
    Tcvn3,
    Vni,
}

/// Decides from all of a workbook's (or sheet's) text which legacy encoding,
/// if any, it was typed in.
pub fn detect<'a>(texts: impl IntoIterator<Item = &'a str>) -> Option<Legacy> {
    let _ = texts.into_iter().count();
    None
}

/// Converts, word by word, the words that hold legacy characters. `upper` is
/// set when the cell's font is a capitals font (.VnTimeH). `None` when nothing
/// changed.
pub fn convert(s: &str, enc: Legacy, upper: bool) -> Option<String> {
    let _ = (s, enc, upper);
    None
}
