//! The program's mark on its own outputs: a custom document property
//! `baocao` (docProps/custom.xml) whose value says which output it is.
//!
//! Why a document property: it survives opening and saving in Word or Excel,
//! is invisible to the reader of the document, and can be read back without
//! reading the document itself. Only outputs nobody fills in carry it (the
//! report, the consolidated report, the summary); the blank template and the
//! example do not, because a clerk fills them and they become ward
//! workbooks, which must never be taken for ours.
//!
//! A PDF made from a report ([`crate::render::pdf`]) cannot carry custom
//! properties through LibreOffice; it carries the mark as the keyword
//! `baocao=<value>` in its Info dictionary (and XMP), read back by
//! [`pdf_mark_of`].
//!
//! [`mark_of`] and [`mark_of_path`] read it back, bounded whatever the file:
//! only the zip's directory and the one small part are read, or the PDF's
//! trailer, one cross-reference entry and the Info dictionary.

use std::io::{Read, Seek};
use std::path::Path;

/// Name of the custom property.
pub const PROPERTY: &str = "baocao";

/// Which output of the program a file is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Mark {
    /// `report`: a ward's report (.docx).
    Report,
    /// `consolidate --report`: the consolidated report (.docx).
    ConsolidatedReport,
    /// `consolidate -o`: the summary workbook (.xlsx).
    Summary,
}

impl Mark {
    pub const ALL: [Mark; 3] = [Mark::Report, Mark::ConsolidatedReport, Mark::Summary];

    /// The property's value.
    pub fn as_str(self) -> &'static str {
        match self {
            Mark::Report => "bao-cao",
            Mark::ConsolidatedReport => "bao-cao-tong-hop",
            Mark::Summary => "tong-hop",
        }
    }

    pub fn from_value(v: &str) -> Option<Mark> {
        Mark::ALL.into_iter().find(|m| m.as_str() == v.trim())
    }
}

/// The part that holds custom properties in both .docx and .xlsx.
const CUSTOM_PART: &str = "docProps/custom.xml";
/// More than any custom.xml the program writes, by far; a larger part is not ours.
const PART_CAP: u64 = 64 * 1024;
/// More entries than any output of the program has (a summary has about 20).
const ENTRY_CAP: u64 = 10_000;
/// Bytes of central directory the program's outputs never exceed.
const DIRECTORY_CAP: u64 = 4 * 1024 * 1024;

/// The mark of a package read from `r` (a .docx or .xlsx), if it carries
/// one. `None` for anything else: another document, a zip without the part,
/// a part too large or malformed, bytes that are not a zip.
pub fn mark_of<R: Read + Seek>(mut r: R) -> Option<Mark> {
    let mut head = [0u8; 5];
    if r.read_exact(&mut head).is_ok() && &head == b"%PDF-" {
        return pdf_mark_of(r);
    }
    // The zip reader loads the whole central directory: check its declared
    // size first, from the end record, so a crafted file cannot make it big.
    let (entries, dir_size) = end_record(&mut r)?;
    if entries > ENTRY_CAP || dir_size > DIRECTORY_CAP {
        return None;
    }
    r.seek(std::io::SeekFrom::Start(0)).ok()?;
    let mut zip = zip::ZipArchive::new(r).ok()?;
    let part = zip.by_name(CUSTOM_PART).ok()?;
    if part.size() > PART_CAP {
        return None;
    }
    let mut xml = Vec::new();
    // The declared size may lie: never read past the cap.
    part.take(PART_CAP + 1).read_to_end(&mut xml).ok()?;
    if xml.len() as u64 > PART_CAP {
        return None;
    }
    mark_in_custom_xml(&xml)
}

/// [`mark_of`] of a file. Only a regular file is opened (a FIFO or a
/// device would block or never end); `None` when it cannot be read.
pub fn mark_of_path(path: &Path) -> Option<Mark> {
    let meta = std::fs::metadata(path).ok()?;
    if !meta.is_file() {
        return None;
    }
    let f = std::fs::File::open(path).ok()?;
    mark_of(std::io::BufReader::new(f))
}

/// The number of entries and the size of the central directory, from the
/// end-of-central-directory record (searched in the last 64 KiB + 22 bytes,
/// where the format puts it). The directory must end where that record
/// starts, as in every zip the program writes: then what the zip reader
/// loads is bounded by the declared size, whatever the entries claim. A
/// Zip64 archive, or one with bytes before it, is never one of ours: `None`.
fn end_record<R: Read + Seek>(r: &mut R) -> Option<(u64, u64)> {
    let len = r.seek(std::io::SeekFrom::End(0)).ok()?;
    if len < 22 {
        return None;
    }
    let tail_len = len.min(22 + 65_535);
    r.seek(std::io::SeekFrom::Start(len - tail_len)).ok()?;
    let mut tail = vec![0u8; tail_len as usize];
    r.read_exact(&mut tail).ok()?;
    let at = (0..=tail.len() - 22).rev().find(|&i| tail[i..i + 4] == [0x50, 0x4b, 0x05, 0x06])?;
    let u16_at = |o: usize| u16::from_le_bytes([tail[at + o], tail[at + o + 1]]);
    let u32_at = |o: usize| u32::from_le_bytes([tail[at + o], tail[at + o + 1], tail[at + o + 2], tail[at + o + 3]]);
    let entries = u16_at(10);
    let size = u32_at(12);
    let offset = u32_at(16);
    if entries == u16::MAX || size == u32::MAX || offset == u32::MAX {
        return None;
    }
    let record_at = len - tail_len + at as u64;
    if u64::from(offset) + u64::from(size) != record_at {
        return None;
    }
    Some((u64::from(entries), u64::from(size)))
}

/// Bytes at the end of a PDF searched for its trailer and `startxref`.
const PDF_TAIL: u64 = 4096;
/// More than any Info dictionary the program's PDFs have (about 300 bytes).
const PDF_INFO_CAP: usize = 16 * 1024;
/// Cross-reference subsections walked before giving up (ours have one).
const PDF_SUBSECTIONS_CAP: usize = 1024;

/// The mark of a PDF read from `r`: the keyword `baocao=<value>` in the
/// Info dictionary's `/Keywords`, found through the last trailer and
/// cross-reference table. `None` for anything else, including a PDF whose
/// last revision uses a cross-reference stream or leaves Info out of its
/// table (another program rewrote it: it is no longer only ours). Reads at
/// most a few kilobytes whatever the file.
pub fn pdf_mark_of<R: Read + Seek>(mut r: R) -> Option<Mark> {
    let len = r.seek(std::io::SeekFrom::End(0)).ok()?;
    let tail_len = len.min(PDF_TAIL);
    r.seek(std::io::SeekFrom::Start(len - tail_len)).ok()?;
    let mut tail = vec![0u8; tail_len as usize];
    r.read_exact(&mut tail).ok()?;
    let sx = rfind(&tail, b"startxref")?;
    let xref_at: u64 = first_number(&tail[sx + 9..])?.0;
    let tr = rfind(&tail[..sx], b"trailer")?;
    let trailer = &tail[tr..sx];
    let info_at = find(trailer, b"/Info")?;
    let (num, used) = first_number(&trailer[info_at + 5..])?;
    let (generation, _) = first_number(&trailer[info_at + 5 + used..])?;
    let offset = xref_offset(&mut r, xref_at, num, len)?;
    r.seek(std::io::SeekFrom::Start(offset)).ok()?;
    let mut obj = Vec::new();
    (&mut r).take(PDF_INFO_CAP as u64).read_to_end(&mut obj).ok()?;
    let header = format!("{num} {generation} obj");
    if !obj.starts_with(header.as_bytes()) {
        return None;
    }
    let obj = &obj[..find(&obj, b"endobj")?];
    let k = find(obj, b"/Keywords")?;
    let keywords = pdf_string(&obj[k + 9..])?;
    keywords
        .split([',', ';'])
        .filter_map(|w| w.trim().strip_prefix(PROPERTY)?.strip_prefix('='))
        .find_map(Mark::from_value)
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

fn rfind(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).rposition(|w| w == needle)
}

/// The first unsigned number after optional white space, and the bytes used.
fn first_number(b: &[u8]) -> Option<(u64, usize)> {
    let start = b.iter().position(|c| !c.is_ascii_whitespace())?;
    let digits = b[start..].iter().take_while(|c| c.is_ascii_digit()).count();
    if digits == 0 || digits > 12 {
        return None;
    }
    let n = std::str::from_utf8(&b[start..start + digits]).ok()?.parse().ok()?;
    Some((n, start + digits))
}

/// The byte offset of object `num` from the classic cross-reference table
/// at `at`: its subsection headers are read one by one and the entries
/// between them skipped (20 bytes each, as the format fixes them).
fn xref_offset<R: Read + Seek>(r: &mut R, at: u64, num: u64, len: u64) -> Option<u64> {
    let mut line = [0u8; 64];
    let mut pos = at;
    r.seek(std::io::SeekFrom::Start(pos)).ok()?;
    let n = r.read(&mut line).ok()?;
    if !line[..n].starts_with(b"xref") {
        return None;
    }
    pos += 4;
    for _ in 0..PDF_SUBSECTIONS_CAP {
        r.seek(std::io::SeekFrom::Start(pos)).ok()?;
        let n = r.read(&mut line).ok()?;
        let text = &line[..n];
        let lead = text.iter().take_while(|c| c.is_ascii_whitespace()).count();
        if text[lead..].starts_with(b"trailer") {
            return None;
        }
        let (first, a) = first_number(text)?;
        let (count, b) = first_number(&text[a..])?;
        let eol = text[a + b..].iter().take_while(|c| c.is_ascii_whitespace()).count();
        let entries = pos + (a + b + eol) as u64;
        if (first..first.checked_add(count)?).contains(&num) {
            let entry = entries.checked_add((num - first).checked_mul(20)?)?;
            r.seek(std::io::SeekFrom::Start(entry)).ok()?;
            let mut e = [0u8; 20];
            r.read_exact(&mut e).ok()?;
            if e[17] != b'n' {
                return None;
            }
            let offset = first_number(&e[..10])?.0;
            return (offset < len).then_some(offset);
        }
        pos = entries.checked_add(count.checked_mul(20)?)?;
        if pos >= len {
            return None;
        }
    }
    None
}

/// A PDF string object at the start of `b` (after white space): a literal
/// `(...)` with its escapes and balanced parentheses, or a hexadecimal
/// `<...>`; text from UTF-16BE (with its byte order mark) or, without one,
/// byte by byte (PDFDocEncoding agrees with Latin-1 on what a mark holds).
fn pdf_string(b: &[u8]) -> Option<String> {
    let start = b.iter().position(|c| !c.is_ascii_whitespace())?;
    let b = &b[start..];
    let mut raw = Vec::new();
    match b.first()? {
        b'<' => {
            let end = b.iter().position(|&c| c == b'>')?;
            let hex: Vec<u8> = b[1..end].iter().copied().filter(|c| !c.is_ascii_whitespace()).collect();
            for pair in hex.chunks(2) {
                let hi = (pair[0] as char).to_digit(16)?;
                let lo = pair.get(1).map_or(Some(0), |c| (*c as char).to_digit(16))?;
                raw.push((hi * 16 + lo) as u8);
            }
        }
        b'(' => {
            let mut depth = 0usize;
            let mut i = 1;
            loop {
                let c = *b.get(i)?;
                match c {
                    b'\\' => {
                        let e = *b.get(i + 1)?;
                        i += 1;
                        match e {
                            b'n' => raw.push(b'\n'),
                            b'r' => raw.push(b'\r'),
                            b't' => raw.push(b'\t'),
                            b'b' => raw.push(8),
                            b'f' => raw.push(12),
                            b'0'..=b'7' => {
                                let digits = b[i..].iter().take(3).take_while(|d| (b'0'..=b'7').contains(*d)).count();
                                let v = b[i..i + digits].iter().fold(0u32, |v, d| v * 8 + u32::from(d - b'0'));
                                raw.push(v as u8);
                                i += digits - 1;
                            }
                            b'\r' | b'\n' => {}
                            other => raw.push(other),
                        }
                    }
                    b'(' => {
                        depth += 1;
                        raw.push(c);
                    }
                    b')' if depth == 0 => break,
                    b')' => {
                        depth -= 1;
                        raw.push(c);
                    }
                    _ => raw.push(c),
                }
                i += 1;
            }
        }
        _ => return None,
    }
    if let Some(utf16) = raw.strip_prefix(&[0xfe, 0xff]) {
        let units: Vec<u16> = utf16
            .chunks(2)
            .map(|p| u16::from_be_bytes([p[0], *p.get(1).unwrap_or(&0)]))
            .collect();
        Some(String::from_utf16_lossy(&units))
    } else {
        Some(raw.iter().map(|&c| c as char).collect())
    }
}

/// The mark in the text of a docProps/custom.xml: the `property` named
/// [`PROPERTY`] whose `vt:lpwstr` (or `vt:bstr`) value is a known mark.
pub fn mark_in_custom_xml(xml: &[u8]) -> Option<Mark> {
    use quick_xml::events::Event;
    let mut reader = quick_xml::Reader::from_reader(xml);
    let mut buf = Vec::new();
    // Depth of the open `property` named baocao, and whether we are in its value.
    let mut in_ours = false;
    let mut in_value = false;
    let mut value = String::new();
    loop {
        match reader.read_event_into(&mut buf).ok()? {
            Event::Start(e) => {
                let name = e.local_name();
                if name.as_ref() == "property" {
                    in_ours = e
                        .attributes()
                        .flatten()
                        .any(|a| a.key.local_name().as_ref() == "name" && a.value.trim() == PROPERTY);
                } else if in_ours && matches!(name.as_ref(), "lpwstr" | "bstr") {
                    in_value = true;
                    value.clear();
                }
            }
            Event::Text(t) if in_value => {
                value.push_str(&t);
                if value.len() > 64 {
                    return None;
                }
            }
            Event::End(e) => {
                let name = e.local_name();
                if in_value && matches!(name.as_ref(), "lpwstr" | "bstr") {
                    if let Some(m) = Mark::from_value(&value) {
                        return Some(m);
                    }
                    in_value = false;
                } else if name.as_ref() == "property" {
                    in_ours = false;
                    in_value = false;
                }
            }
            Event::Eof => return None,
            _ => {}
        }
        buf.clear();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::{Cursor, Write};

    fn custom(value: &str) -> String {
        format!(
            r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/custom-properties" xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes"><property fmtid="{{D5CDD505-2E9C-101B-9397-08002B2CF9AE}}" pid="2" name="Khác"><vt:lpwstr>bao-cao</vt:lpwstr></property><property fmtid="{{D5CDD505-2E9C-101B-9397-08002B2CF9AE}}" pid="3" name="baocao"><vt:lpwstr>{value}</vt:lpwstr></property></Properties>"#
        )
    }

    fn zip_with(parts: &[(&str, &[u8])]) -> Vec<u8> {
        let mut z = zip::ZipWriter::new(Cursor::new(Vec::new()));
        for (name, bytes) in parts {
            z.start_file(*name, zip::write::SimpleFileOptions::default()).unwrap();
            z.write_all(bytes).unwrap();
        }
        z.finish().unwrap().into_inner()
    }

    #[test]
    fn each_mark_reads_back_from_its_value() {
        for m in Mark::ALL {
            let z = zip_with(&[("docProps/custom.xml", custom(m.as_str()).as_bytes())]);
            assert_eq!(mark_of(Cursor::new(z)), Some(m), "{m:?}");
        }
    }

    #[test]
    fn only_the_property_named_baocao_counts() {
        // "Khác" holds a mark's value, but under another name.
        let z = zip_with(&[("docProps/custom.xml", custom("something-else").as_bytes())]);
        assert_eq!(mark_of(Cursor::new(z)), None);
    }

    #[test]
    fn files_without_the_mark_are_none() {
        assert_eq!(mark_of(Cursor::new(Vec::new())), None);
        assert_eq!(mark_of(Cursor::new(b"not a zip at all, just some words".to_vec())), None);
        assert_eq!(mark_of(Cursor::new(zip_with(&[("xl/workbook.xml", b"<workbook/>")]))), None);
        let empty_props = br#"<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/custom-properties"/>"#;
        assert_eq!(mark_of(Cursor::new(zip_with(&[("docProps/custom.xml", empty_props)]))), None);
        assert_eq!(
            mark_of(Cursor::new(zip_with(&[("docProps/custom.xml", b"<Properties><property")]))),
            None
        );
    }

    #[test]
    fn a_large_or_bombed_part_is_not_read() {
        // 10 MB of spaces before the property: deflates to a few KB, but is past the cap.
        let mut xml = String::from("<Properties>");
        xml.push_str(&" ".repeat(10 << 20));
        xml.push_str(&custom("tong-hop")[..]);
        let z = zip_with(&[("docProps/custom.xml", xml.as_bytes())]);
        assert!(z.len() < 100_000);
        assert_eq!(mark_of(Cursor::new(z)), None);
    }

    #[test]
    fn a_crafted_end_record_is_refused_before_the_directory_is_read() {
        let z = zip_with(&[("docProps/custom.xml", custom("tong-hop").as_bytes())]);
        assert_eq!(mark_of(Cursor::new(z.clone())), Some(Mark::Summary));
        let at = z.len() - 22;
        // 65,000 entries claimed.
        let mut many = z.clone();
        many[at + 8..at + 12].copy_from_slice(&[0xe8, 0xfd, 0xe8, 0xfd]);
        assert_eq!(mark_of(Cursor::new(many)), None);
        // A directory said to be larger than the bytes before the end record.
        let mut big = z.clone();
        big[at + 12] = big[at + 12].wrapping_add(1);
        assert_eq!(mark_of(Cursor::new(big)), None);
        // Bytes before the archive (a self-extracting zip): not ours.
        let mut prefixed = vec![0u8; 100];
        prefixed.extend_from_slice(&z);
        assert_eq!(mark_of(Cursor::new(prefixed)), None);
    }

    #[test]
    fn truncated_and_flipped_packages_never_panic() {
        let z = zip_with(&[
            ("[Content_Types].xml", b"<Types/>"),
            ("docProps/custom.xml", custom("bao-cao").as_bytes()),
        ]);
        for cut in 0..z.len() {
            let _ = mark_of(Cursor::new(z[..cut].to_vec()));
        }
        for i in 0..z.len() {
            for bit in [0x01u8, 0x80] {
                let mut b = z.clone();
                b[i] ^= bit;
                let _ = mark_of(Cursor::new(b));
            }
        }
    }

    /// A small PDF whose Info dictionary is `info`, with a correct
    /// cross-reference table (two subsections, as an updated file has).
    fn pdf_with_info(info: &str) -> Vec<u8> {
        let mut b = b"%PDF-1.6\n%\xe2\xe3\n".to_vec();
        let o1 = b.len();
        b.extend_from_slice(b"1 0 obj\n<</Type/Catalog/Pages 2 0 R>>\nendobj\n");
        let o2 = b.len();
        b.extend_from_slice(b"2 0 obj\n<</Type/Pages/Kids[]/Count 0>>\nendobj\n");
        let o9 = b.len();
        b.extend_from_slice(format!("9 0 obj\n{info}\nendobj\n").as_bytes());
        let xref = b.len();
        b.extend_from_slice(b"xref\n0 3\n0000000000 65535 f \n");
        b.extend_from_slice(format!("{o1:010} 00000 n \n{o2:010} 00000 n \n9 1\n{o9:010} 00000 n \n").as_bytes());
        b.extend_from_slice(format!("trailer\n<</Size 10/Root 1 0 R\n/Info 9 0 R\n>>\nstartxref\n{xref}\n%%EOF\n").as_bytes());
        b
    }

    fn utf16_hex(s: &str) -> String {
        let mut h = String::from("FEFF");
        for u in s.encode_utf16() {
            h.push_str(&format!("{u:04X}"));
        }
        h
    }

    #[test]
    fn a_pdf_carries_the_mark_as_a_keyword_in_its_info() {
        for m in Mark::ALL {
            // As LibreOffice writes it: UTF-16 in a hex string.
            let info = format!(
                "<</Title<{}>/Keywords<{}>/Producer(LibreOffice 7.4)>>",
                utf16_hex("Báo cáo"),
                utf16_hex(&format!("baocao={}", m.as_str()))
            );
            assert_eq!(mark_of(Cursor::new(pdf_with_info(&info))), Some(m), "{m:?}");
        }
        // A literal string among other keywords, with escapes and parentheses.
        let info = r"<</Keywords(b\341o c\341o \(n\u0103m\), baocao=bao-cao-tong-hop; kh\341c)>>";
        assert_eq!(pdf_mark_of(Cursor::new(pdf_with_info(info))), Some(Mark::ConsolidatedReport));
    }

    #[test]
    fn a_pdf_without_our_keyword_is_not_ours() {
        for info in [
            "<</Producer(Microsoft Word)>>",
            "<</Keywords(bao-cao, baocao)>>",
            "<</Keywords(baocao=something-else)>>",
            "<</Keywords(xbaocao=bao-cao)>>",
            "<</Title(baocao=bao-cao)>>",
        ] {
            assert_eq!(mark_of(Cursor::new(pdf_with_info(info))), None, "{info}");
        }
        // The Info dictionary the trailer names must be where the table says.
        let good = pdf_with_info("<</Keywords(baocao=bao-cao)>>");
        let moved = String::from_utf8_lossy(&good).replacen("9 0 obj", "8 0 obj", 1);
        assert_eq!(pdf_mark_of(Cursor::new(moved.into_bytes())), None);
        // A cross-reference stream (no classic table): not ours.
        let stream = String::from_utf8_lossy(&good).replacen("xref\n0 3", "12 0 obj <</Type/XRef>>", 1);
        assert_eq!(pdf_mark_of(Cursor::new(stream.into_bytes())), None);
    }

    #[test]
    fn truncated_and_flipped_pdfs_never_panic() {
        let p = pdf_with_info(&format!("<</Keywords<{}>>>", utf16_hex("baocao=bao-cao")));
        assert_eq!(mark_of(Cursor::new(p.clone())), Some(Mark::Report));
        for cut in 0..p.len() {
            let _ = mark_of(Cursor::new(p[..cut].to_vec()));
        }
        for i in 0..p.len() {
            for bit in [0x01u8, 0x10, 0x80] {
                let mut b = p.clone();
                b[i] ^= bit;
                let _ = mark_of(Cursor::new(b));
            }
        }
        // Huge numbers in the trailer and table are refused, not followed.
        let big = String::from_utf8_lossy(&p).replace("/Info 9 0 R", "/Info 99999999999 0 R");
        assert_eq!(pdf_mark_of(Cursor::new(big.into_bytes())), None);
    }

    #[test]
    fn a_path_that_is_not_a_regular_file_is_none() {
        let dir = tempfile::tempdir().unwrap();
        assert_eq!(mark_of_path(dir.path()), None);
        assert_eq!(mark_of_path(&dir.path().join("missing.xlsx")), None);
        let p = dir.path().join("out.docx");
        std::fs::write(&p, zip_with(&[("docProps/custom.xml", custom("bao-cao-tong-hop").as_bytes())])).unwrap();
        assert_eq!(mark_of_path(&p), Some(Mark::ConsolidatedReport));
        // A FIFO would block the open forever: it is never opened.
        #[cfg(unix)]
        {
            let fifo = dir.path().join("fifo.xlsx");
            if std::process::Command::new("mkfifo").arg(&fifo).status().is_ok_and(|s| s.success()) {
                assert_eq!(mark_of_path(&fifo), None);
            }
        }
    }
}
