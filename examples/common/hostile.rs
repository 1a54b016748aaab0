//! Hostile workbooks that are small on disk and huge once read: one long
//! text shown by thousands of cells. Shared by `tests/hostile.rs` (which
//! asserts the clear error) and `gen-corpus --hostile-text` (which writes
//! them for `bench/run.sh` to measure time and peak memory).
#![allow(dead_code)]

use std::io::{Cursor, Read, Write};

/// The archive `bytes` with each part passed through `edit` (name, data).
pub fn rewrite_zip(bytes: &[u8], edit: impl Fn(&str, Vec<u8>) -> Vec<u8>) -> Vec<u8> {
    let mut src = zip::ZipArchive::new(Cursor::new(bytes)).unwrap();
    let mut out = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let opts: zip::write::SimpleFileOptions = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    for i in 0..src.len() {
        let mut f = src.by_index(i).unwrap();
        let mut data = Vec::new();
        f.read_to_end(&mut data).unwrap();
        let name = f.name().unwrap().to_string();
        out.start_file(name.as_str(), opts).unwrap();
        out.write_all(&edit(&name, data)).unwrap();
    }
    out.finish().unwrap().into_inner()
}

/// `base` (an `.xlsx` whose last sheet is `xl/worksheets/sheet<n>.xml` and
/// whose shared strings include "LONG-TEXT-PLACEHOLDER" at index `i`) with
/// that string made `len` letters long (past Excel's 32,767, so written
/// after rust_xlsxwriter) and `cells` more cells of the last sheet showing it.
pub fn long_shared_string_xlsx(base: &[u8], len: usize, cells: u32) -> Vec<u8> {
    let last = {
        let z = zip::ZipArchive::new(Cursor::new(base)).unwrap();
        (1..100)
            .rev()
            .find(|n| z.index_for_name(&format!("xl/worksheets/sheet{n}.xml")).is_some())
            .unwrap()
    };
    let index = std::cell::Cell::new(None::<usize>);
    // sharedStrings.xml comes after the sheets in rust_xlsxwriter's archive:
    // find the index first.
    {
        let mut z = zip::ZipArchive::new(Cursor::new(base)).unwrap();
        let mut xml = String::new();
        z.by_name("xl/sharedStrings.xml").unwrap().read_to_string(&mut xml).unwrap();
        let before = &xml[..xml.find("LONG-TEXT-PLACEHOLDER").expect("the placeholder string")];
        index.set(Some(before.matches("<si>").count() - 1));
    }
    let index = index.get().unwrap();
    rewrite_zip(base, |name, data| {
        if name == "xl/sharedStrings.xml" {
            return String::from_utf8(data)
                .unwrap()
                .replace("LONG-TEXT-PLACEHOLDER", &"x".repeat(len))
                .into_bytes();
        }
        if name != format!("xl/worksheets/sheet{last}.xml") {
            return data;
        }
        let xml = String::from_utf8(data).unwrap();
        let mut rows = String::new();
        for r in 0..cells.div_ceil(10) {
            rows.push_str(&format!("<row r=\"{}\">", r + 10_001));
            for c in 0..10u8 {
                rows.push_str(&format!("<c r=\"{}{}\" t=\"s\"><v>{index}</v></c>", (b'A' + c) as char, r + 10_001));
            }
            rows.push_str("</row>");
        }
        xml.replace("</sheetData>", &format!("{rows}</sheetData>")).into_bytes()
    })
}

/// A small `.ods`: one sheet whose `rows` rows each repeat one `len`-letter
/// text cell across 200 columns.
pub fn repeated_text_ods(len: usize, rows: u32) -> Vec<u8> {
    let content = format!(
        concat!(
            r#"<?xml version="1.0" encoding="UTF-8"?>"#,
            r#"<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" "#,
            r#"xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" office:version="1.2">"#,
            r#"<office:body><office:spreadsheet><table:table table:name="Phụ lục">"#,
            r#"<table:table-row><table:table-cell office:value-type="string"><text:p>Phụ lục</text:p></table:table-cell></table:table-row>"#,
            r#"<table:table-row table:number-rows-repeated="{rows}"><table:table-cell office:value-type="string" table:number-columns-repeated="200"><text:p>{text}</text:p></table:table-cell></table:table-row>"#,
            r#"</table:table></office:spreadsheet></office:body></office:document-content>"#
        ),
        rows = rows,
        text = "x".repeat(len)
    );
    let manifest = concat!(
        r#"<?xml version="1.0" encoding="UTF-8"?>"#,
        r#"<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2">"#,
        r#"<manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>"#,
        r#"<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>"#,
        r#"</manifest:manifest>"#
    );
    let mut out = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let stored = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    let deflated = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    out.start_file("mimetype", stored).unwrap();
    out.write_all(b"application/vnd.oasis.opendocument.spreadsheet").unwrap();
    out.start_file("META-INF/manifest.xml", deflated).unwrap();
    out.write_all(manifest.as_bytes()).unwrap();
    out.start_file("content.xml", deflated).unwrap();
    out.write_all(content.as_bytes()).unwrap();
    out.finish().unwrap().into_inner()
}

/// A minimal BIFF8 workbook: one sheet "Sheet1" whose `cells` LABELSST
/// records all show shared string 0, `chars` Latin-1 letters long.
pub fn labelsst_xls(chars: usize, cells: u32) -> Vec<u8> {
    fn rec(out: &mut Vec<u8>, typ: u16, data: &[u8]) {
        out.extend(typ.to_le_bytes());
        out.extend((data.len() as u16).to_le_bytes());
        out.extend(data);
    }
    let bof = |dt: u16| -> Vec<u8> {
        let mut d = vec![0x00, 0x06];
        d.extend(dt.to_le_bytes());
        d.extend([0u8; 12]);
        d
    };
    // Globals, with the sheet's offset patched in once known.
    let mut g = Vec::new();
    rec(&mut g, 0x0809, &bof(0x0005));
    rec(&mut g, 0x0042, &1200u16.to_le_bytes());
    let bound_at = g.len() + 4;
    let mut bound = vec![0u8; 6];
    bound.extend([6u8, 0]);
    bound.extend(b"Sheet1");
    rec(&mut g, 0x0085, &bound);
    // SST: one string of `chars` bytes, split into CONTINUE records (each
    // continuation starts with the flags byte).
    let mut first = Vec::new();
    first.extend(1u32.to_le_bytes());
    first.extend(1u32.to_le_bytes());
    first.extend((chars as u16).to_le_bytes());
    first.push(0);
    let mut left = chars;
    let take = left.min(8224 - first.len());
    first.extend(std::iter::repeat_n(b'x', take));
    left -= take;
    rec(&mut g, 0x00FC, &first);
    while left > 0 {
        let take = left.min(8223);
        let mut d = vec![0u8];
        d.extend(std::iter::repeat_n(b'x', take));
        rec(&mut g, 0x003C, &d);
        left -= take;
    }
    rec(&mut g, 0x000A, &[]);
    let sheet_at = g.len() as u32;
    g[bound_at..bound_at + 4].copy_from_slice(&sheet_at.to_le_bytes());
    rec(&mut g, 0x0809, &bof(0x0010));
    let rows = cells.div_ceil(200);
    let mut dims = Vec::new();
    dims.extend(0u32.to_le_bytes());
    dims.extend(rows.to_le_bytes());
    dims.extend(0u16.to_le_bytes());
    dims.extend(200u16.to_le_bytes());
    dims.extend(0u16.to_le_bytes());
    rec(&mut g, 0x0200, &dims);
    for i in 0..cells {
        let mut d = Vec::new();
        d.extend(((i / 200) as u16).to_le_bytes());
        d.extend(((i % 200) as u16).to_le_bytes());
        d.extend(0u16.to_le_bytes());
        d.extend(0u32.to_le_bytes());
        rec(&mut g, 0x00FD, &d);
    }
    rec(&mut g, 0x000A, &[]);
    let mut out = cfb::CompoundFile::create_with_version(cfb::Version::V3, std::io::Cursor::new(Vec::new())).unwrap();
    out.create_stream("/Workbook").unwrap().write_all(&g).unwrap();
    out.flush().unwrap();
    out.into_inner().into_inner()
}

/// A two-sheet workbook ("Thông tin", "Phụ lục") whose second sheet holds
/// the placeholder text [`long_shared_string_xlsx`] lengthens.
pub fn placeholder_workbook() -> Vec<u8> {
    let mut wb = rust_xlsxwriter::Workbook::new();
    let info = wb.add_worksheet();
    info.set_name("Thông tin").unwrap();
    info.write_string(0, 0, "Mục").unwrap();
    info.write_string(0, 1, "Nội dung").unwrap();
    let extra = wb.add_worksheet();
    extra.set_name("Phụ lục").unwrap();
    extra.write_string(0, 0, "LONG-TEXT-PLACEHOLDER").unwrap();
    wb.save_to_buffer().unwrap()
}

/// The three files of the benchmark: (name, bytes).
pub fn text_bombs() -> Vec<(&'static str, Vec<u8>)> {
    vec![
        (
            "chuoi-dung-chung.xlsx",
            long_shared_string_xlsx(&placeholder_workbook(), 1_500_000, 2_000),
        ),
        ("o-lap-lai.ods", repeated_text_ods(1_500_000, 10)),
        ("labelsst.xls", labelsst_xls(65_535, 16_000)),
    ]
}
