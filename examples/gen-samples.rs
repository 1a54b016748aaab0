//! Writes the sample workbooks of `sample-sheets/` from the Kim Sơn example:
//! the canonical workbook and four messy variants that the reader must
//! understand (same figures in every file).
//!
//! ```text
//! cargo run --example gen-samples -- sample-sheets
//! ```
//!
//! The variants are built from the canonical workbook itself: it is written
//! with `baocao::template::workbook`, read back with calamine into a grid of
//! cells, and the grid is transformed (renamed sheets, numbers as text, NFD,
//! TCVN3, OpenDocument). So the variants follow the template when it changes.
//! Output is deterministic: running it twice gives identical files.

#[path = "common/sheets.rs"]
mod sheets;

use std::io::{Cursor, Write};
use std::path::Path;

use baocao::example::kim_son_2018;
use sheets::*;

/// What Kim Sơn typed around its figures in its 2018 one-sheet report.
const KIM_SON: OneSheet = OneSheet {
    heading: "UBND PHƯỜNG KIM SƠN",
    title: "BÁO CÁO KẾT QUẢ HOẠT ĐỘNG NĂM 2018",
    note: "Ghi chú: số liệu tính đến 20/11/2018",
    preparer: "Nguyễn Thị Thu",
    previous: "Năm 2017",
};

fn main() -> Res<()> {
    let out = std::env::args().nth(1).unwrap_or_else(|| "sample-sheets".to_string());
    let out = Path::new(&out);
    std::fs::create_dir_all(out)?;
    let report = kim_son_2018();
    let canonical = baocao::template::workbook(Some(&report))?;
    let grids = read_grids(&canonical)?;

    let files: Vec<(&str, Vec<u8>)> = vec![
        ("kim-son-2018.xlsx", canonical.clone()),
        (
            "kim-son-2018-mot-trang.xlsx",
            strip_formula_values(&write_xlsx(&[one_sheet(&report, &KIM_SON)], Style::Plain)?)?,
        ),
        (
            "kim-son-2018-chu-so.xlsx",
            write_xlsx(&chu_so(&grids, "TTHTCĐ PHƯỜNG KIM SƠN", ("Năm 2018", "năm 2018")), Style::Plain)?,
        ),
        ("kim-son-2018-tcvn3.xlsx", write_xlsx(&tcvn3_grids(&grids), Style::Tcvn3)?),
        ("kim-son-2018.ods", ods(&grids)?),
        (
            "kim-son-2018-phong-hon-hop.xlsx",
            write_xlsx(&mixed_font_grids(&grids), Style::Plain)?,
        ),
        ("kim-son-2018-phan-tram.xlsx", write_xlsx(&percent_grids(&grids), Style::Plain)?),
        (
            "kim-son-2018-cong-thuc.xlsx",
            strip_formula_values(&write_xlsx(&formula_grids(&grids), Style::Plain)?)?,
        ),
    ];
    for (name, bytes) in files {
        std::fs::write(out.join(name), bytes)?;
        println!("{}", out.join(name).display());
    }
    Ok(())
}

// ---------------------------------------------------------------- 5. OpenDocument

fn xml_escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// "SUM(C5:C14)" → "of:=SUM([.C5:.C14])" (the only formulas written here).
fn ods_formula(f: &str) -> String {
    let inner = f.strip_prefix("SUM(").and_then(|s| s.strip_suffix(')')).unwrap_or(f);
    match inner.split_once(':') {
        Some((a, b)) => format!("of:=SUM([.{a}:.{b}])"),
        None => format!("of:={f}"),
    }
}

fn ods_text(s: &str) -> String {
    s.split('\n').map(|line| format!("<text:p>{}</text:p>", xml_escape(line))).collect()
}

fn ods_content(grids: &[Grid]) -> String {
    let mut x = String::from(concat!(
        r#"<?xml version="1.0" encoding="UTF-8"?>"#,
        r#"<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" "#,
        r#"xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" "#,
        r#"xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0" "#,
        r#"xmlns:number="urn:oasis:names:tc:opendocument:xmlns:datastyle:1.0" xmlns:of="urn:oasis:names:tc:opendocument:xmlns:of:1.2" office:version="1.2">"#,
        r#"<office:automatic-styles>"#,
        r#"<number:date-style style:name="N1"><number:day number:style="long"/><number:text>/</number:text><number:month number:style="long"/><number:text>/</number:text><number:year number:style="long"/></number:date-style>"#,
        r#"<style:style style:name="ce1" style:family="table-cell"><style:text-properties fo:font-family="'Times New Roman'" fo:font-size="12pt"/></style:style>"#,
        r#"<style:style style:name="ce2" style:family="table-cell" style:data-style-name="N1"><style:text-properties fo:font-family="'Times New Roman'" fo:font-size="12pt"/></style:style>"#,
        r#"</office:automatic-styles><office:body><office:spreadsheet>"#,
    ));
    for g in grids {
        x.push_str(&format!(r#"<table:table table:name="{}">"#, xml_escape(&g.name)));
        let max_row = g.cells.keys().map(|k| k.0).chain(g.merges.iter().map(|m| m.2)).max().unwrap_or(0);
        let max_col = g.cells.keys().map(|k| k.1).chain(g.merges.iter().map(|m| m.3)).max().unwrap_or(0);
        x.push_str(&format!(r#"<table:table-column table:number-columns-repeated="{}"/>"#, max_col + 1));
        for r in 0..=max_row {
            x.push_str("<table:table-row>");
            for c in 0..=max_col {
                let covered = g
                    .merges
                    .iter()
                    .any(|&(r1, c1, r2, c2)| (r1..=r2).contains(&r) && (c1..=c2).contains(&c) && (r, c) != (r1, c1));
                if covered {
                    x.push_str("<table:covered-table-cell/>");
                    continue;
                }
                let span = g
                    .merges
                    .iter()
                    .find(|m| (m.0, m.1) == (r, c))
                    .map(|&(r1, c1, r2, c2)| {
                        format!(
                            r#" table:number-rows-spanned="{}" table:number-columns-spanned="{}""#,
                            r2 - r1 + 1,
                            c2 - c1 + 1
                        )
                    })
                    .unwrap_or_default();
                match g.cells.get(&(r, c)) {
                    None => x.push_str(&format!(r#"<table:table-cell{span}/>"#)),
                    Some(V::S(s)) => x.push_str(&format!(
                        r#"<table:table-cell table:style-name="ce1" office:value-type="string"{span}>{}</table:table-cell>"#,
                        ods_text(s)
                    )),
                    Some(V::N(n)) => x.push_str(&format!(
                        r#"<table:table-cell table:style-name="ce1" office:value-type="float" office:value="{n}"{span}><text:p>{}</text:p></table:table-cell>"#,
                        vn(*n)
                    )),
                    Some(V::D(d)) => x.push_str(&format!(
                        r#"<table:table-cell table:style-name="ce2" office:value-type="date" office:date-value="{}"{span}><text:p>{}</text:p></table:table-cell>"#,
                        d.format("%Y-%m-%d"),
                        dmy(*d)
                    )),
                    Some(V::F(f, Some(n))) => x.push_str(&format!(
                        r#"<table:table-cell table:style-name="ce1" table:formula="{}" office:value-type="float" office:value="{n}"{span}><text:p>{}</text:p></table:table-cell>"#,
                        xml_escape(&ods_formula(f)),
                        vn(*n)
                    )),
                    Some(V::F(f, None)) => x.push_str(&format!(
                        r#"<table:table-cell table:style-name="ce1" table:formula="{}"{span}/>"#,
                        xml_escape(&ods_formula(f))
                    )),
                }
            }
            x.push_str("</table:table-row>");
        }
        x.push_str("</table:table>");
    }
    x.push_str("</office:spreadsheet></office:body></office:document-content>");
    x
}

const ODS_MANIFEST: &str = concat!(
    r#"<?xml version="1.0" encoding="UTF-8"?>"#,
    r#"<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2">"#,
    r#"<manifest:file-entry manifest:full-path="/" manifest:version="1.2" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>"#,
    r#"<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>"#,
    r#"</manifest:manifest>"#
);

/// The canonical workbook as an OpenDocument spreadsheet, written directly:
/// `mimetype` stored uncompressed first, then the manifest and content.xml.
fn ods(grids: &[Grid]) -> Res<Vec<u8>> {
    let mut z = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let when = zip::DateTime::from_date_and_time(2018, 11, 26, 0, 0, 0)?;
    let stored = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Stored)
        .last_modified_time(when);
    let deflated = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .last_modified_time(when);
    z.start_file("mimetype", stored)?;
    z.write_all(b"application/vnd.oasis.opendocument.spreadsheet")?;
    z.start_file("META-INF/manifest.xml", deflated)?;
    z.write_all(ODS_MANIFEST.as_bytes())?;
    z.start_file("content.xml", deflated)?;
    z.write_all(ods_content(grids).as_bytes())?;
    Ok(z.finish()?.into_inner())
}
