//! An `.xlsx` package inflated once for its two readers.
//!
//! Each sheet of a workbook is read twice: by the scan ([`super::xlsx_scan`],
//! for what calamine would misread) and by calamine itself. Both went to the
//! original archive, so every sheet's deflate stream was inflated twice; and
//! calamine also inflates and parses the theme (`xl/theme/theme1.xml`, the
//! largest part of a small workbook) for colours that a value reader never
//! uses. Measured on 1,000 ward workbooks, those were some 10 % of the CPU
//! time of a consolidation.
//!
//! So the archive is re-packed in memory first: the workbook part, its
//! relationships and the sheets the scan reads are inflated once and stored
//! uncompressed; the theme is left out; every other part is copied as it is,
//! still compressed (calamine inflates the shared strings and the styles
//! once, as before). Both readers then read the new archive, where a sheet
//! costs a copy and a checksum. What they read is the same bytes: only where
//! they come from changes, so every value, diagnostic and summary is the
//! same (the consolidation's output is byte-identical; `tests/` and the
//! benchmark check it).
//!
//! Anything unusual gives `None`, and the readers read the original archive
//! as they always did: a part that does not inflate or fails its checksum, a
//! size that is not what the archive declares, two parts whose names differ
//! only in case, a sheet larger than [`STORED_PART`], more than
//! [`STORED_TOTAL`] stored in all. So a damaged or hostile file meets exactly
//! the reader it met before, and what is held in memory stays bounded.

use std::collections::HashSet;
use std::io::{Cursor, Read, Write};

use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, ZipArchive, ZipWriter};

use super::xlsx_scan::{self, Scope};
use super::Limits;

/// The largest part stored uncompressed; larger sheets stay compressed and
/// are streamed by both readers, as before.
const STORED_PART: u64 = 8 << 20;

/// At most this much is stored uncompressed for one workbook.
const STORED_TOTAL: u64 = 32 << 20;

/// The part calamine reads only for theme colours.
const THEME: &str = "xl/theme/theme1.xml";

/// The archive re-packed as described above, or `None` to read the original.
pub(super) fn repack(bytes: &[u8], limits: &Limits, scope: &Scope) -> Option<Vec<u8>> {
    let mut zip = ZipArchive::new(Cursor::new(bytes)).ok()?;
    // Names that differ only in case: which one a reader takes is its own
    // choice; leave it to it.
    let mut seen = HashSet::with_capacity(zip.len());
    for i in 0..zip.len() {
        if !seen.insert(zip.name_for_index(i)?.ok()?.to_ascii_lowercase()) {
            return None;
        }
    }
    let mut stored: Vec<Option<Vec<u8>>> = vec![None; zip.len()];
    let mut total = 0u64;
    let sheets = xlsx_scan::sheet_parts(&mut zip, limits, scope);
    let wanted = ["xl/workbook.xml", "xl/_rels/workbook.xml.rels"]
        .iter()
        .filter_map(|n| xlsx_scan::index_of(&zip, n))
        .chain(sheets.iter().map(|s| s.1))
        .collect::<Vec<usize>>();
    for i in wanted {
        if stored[i].is_some() {
            continue;
        }
        let f = zip.by_index(i).ok()?;
        let declared = f.size();
        if declared > STORED_PART.min(limits.part_bytes) || total + declared > STORED_TOTAL {
            continue;
        }
        let mut data = Vec::with_capacity(declared as usize);
        // One byte more than declared shows a part that lies about its size;
        // reading to the end checks its CRC.
        f.take(declared + 1).read_to_end(&mut data).ok()?;
        if data.len() as u64 != declared {
            return None;
        }
        total += declared;
        stored[i] = Some(data);
    }
    let theme = xlsx_scan::index_of(&zip, THEME).filter(|&i| stored[i].is_none());

    let mut out = ZipWriter::new(Cursor::new(Vec::with_capacity(bytes.len() + total as usize)));
    let plain = SimpleFileOptions::default().compression_method(CompressionMethod::Stored);
    for (i, data) in stored.iter().enumerate() {
        if Some(i) == theme {
            continue;
        }
        match data {
            Some(data) => {
                let name = zip.name_for_index(i)?.ok()?.to_string();
                out.start_file(name, plain).ok()?;
                out.write_all(data).ok()?;
            }
            None => out.raw_copy_file(zip.by_index_raw(i).ok()?).ok()?,
        }
    }
    Some(out.finish().ok()?.into_inner())
}

#[cfg(test)]
mod tests {
    use super::*;

    const SAMPLE: &[u8] = include_bytes!("../../sample-sheets/kim-son-2018.xlsx");

    fn scope() -> Scope<'static> {
        Scope {
            skip: &|_| false,
            only: None,
            count_strings: false,
        }
    }

    fn names(bytes: &[u8]) -> Vec<(String, CompressionMethod)> {
        let mut z = ZipArchive::new(Cursor::new(bytes)).unwrap();
        (0..z.len())
            .map(|i| {
                let f = z.by_index_raw(i).unwrap();
                (f.name().unwrap().to_string(), f.compression())
            })
            .collect()
    }

    fn content(bytes: &[u8], name: &str) -> Vec<u8> {
        let mut z = ZipArchive::new(Cursor::new(bytes)).unwrap();
        let mut out = Vec::new();
        z.by_name(name).unwrap().read_to_end(&mut out).unwrap();
        out
    }

    #[test]
    fn sheets_are_stored_theme_dropped_the_rest_copied() {
        let packed = repack(SAMPLE, &Limits::default(), &scope()).expect("a plain workbook repacks");
        let before = names(SAMPLE);
        let after = names(&packed);
        assert!(before.iter().any(|(n, _)| n == THEME), "the sample has a theme");
        assert!(!after.iter().any(|(n, _)| n == THEME));
        assert_eq!(after.len(), before.len() - 1);
        for (name, method) in &after {
            let inflated_once =
                name == "xl/workbook.xml" || name == "xl/_rels/workbook.xml.rels" || name.starts_with("xl/worksheets/sheet");
            let was = before.iter().find(|(n, _)| n == name).map(|b| b.1);
            if inflated_once {
                assert_eq!(*method, CompressionMethod::Stored, "{name}");
            } else {
                assert_eq!(Some(*method), was, "{name} is copied as it was");
            }
            assert_eq!(content(&packed, name), content(SAMPLE, name), "{name} holds the same bytes");
        }
    }

    /// Builds a zip of the given parts, deflated.
    fn zip_of(parts: &[(&str, &[u8])]) -> Vec<u8> {
        let mut w = ZipWriter::new(Cursor::new(Vec::new()));
        for (name, data) in parts {
            w.start_file(*name, SimpleFileOptions::default()).unwrap();
            w.write_all(data).unwrap();
        }
        w.finish().unwrap().into_inner()
    }

    #[test]
    fn names_differing_only_in_case_leave_the_original() {
        let wb = content(SAMPLE, "xl/workbook.xml");
        let z = zip_of(&[("xl/workbook.xml", &wb), ("XL/Workbook.xml", &wb)]);
        assert!(repack(&z, &Limits::default(), &scope()).is_none());
    }

    #[test]
    fn a_part_over_the_limit_stays_compressed() {
        let limits = Limits {
            part_bytes: 10,
            ..Limits::default()
        };
        let packed = repack(SAMPLE, &limits, &scope()).expect("repacks");
        for (name, method) in names(&packed) {
            let was = names(SAMPLE).into_iter().find(|(n, _)| *n == name).map(|b| b.1);
            assert_eq!(Some(method), was, "{name}: nothing is larger than 10 bytes once inflated");
        }
    }

    #[test]
    fn not_a_zip_gives_none() {
        assert!(repack(b"PK\x03\x04 not really", &Limits::default(), &scope()).is_none());
        assert!(repack(b"", &Limits::default(), &scope()).is_none());
    }
}
