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
        ("kim-son-2018-danh-sach.xlsx", write_xlsx(&danh_sach(&grids), Style::Plain)?),
        ("kim-son-2018-noi-dung.xlsx", write_xlsx(&noi_dung(&grids), Style::Plain)?),
        ("kim-son-2018-rut-gon.xlsx", write_xlsx(&rut_gon(&grids), Style::Plain)?),
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

// ---------------------------------------------------------------- 6. Other people's tables

/// "SUM(C5:C14)" with every row number from `from` (1-based) on moved down by `n`.
fn shift_refs(f: &str, from: u32, n: u32) -> String {
    let mut out = String::new();
    let mut chars = f.chars().peekable();
    let mut prev_letter = false;
    while let Some(c) = chars.next() {
        if c.is_ascii_digit() && prev_letter {
            let mut num = c.to_string();
            while let Some(d) = chars.peek().copied().filter(char::is_ascii_digit) {
                num.push(d);
                chars.next();
            }
            let v: u32 = num.parse().unwrap_or(0);
            out.push_str(&(if v >= from { v + n } else { v }).to_string());
            prev_letter = false;
            continue;
        }
        prev_letter = c.is_ascii_uppercase();
        out.push(c);
    }
    out
}

/// The grid with rows from `from` (0-based) on moved down by `n`.
fn insert_rows(g: &Grid, from: u32, n: u32) -> Grid {
    let mut out = Grid {
        cells: Default::default(),
        ..g.clone()
    };
    for (&(r, c), v) in &g.cells {
        let v = match v {
            V::F(f, x) => V::F(shift_refs(f, from + 1, n), *x),
            other => other.clone(),
        };
        out.cells.insert((if r >= from { r + n } else { r }, c), v);
    }
    out.merges = g
        .merges
        .iter()
        .map(|&(r1, c1, r2, c2)| if r1 >= from { (r1 + n, c1, r2 + n, c2) } else { (r1, c1, r2, c2) })
        .collect();
    out
}

/// The canonical workbook as a ward keeps it among its other files: a staff
/// list with counts first (its "Đơn vị" header is also a Thông tin label), a
/// list of the ward's schools with their staff counts before the activity
/// sheet (a "Tên trường | Số lớp | Số cán bộ: Tổng số, Nữ" table, which the
/// old reader summed as activities), a list of a class's students at the
/// end, and under the activity header a row numbering the columns and a note.
fn danh_sach(grids: &[Grid]) -> Vec<Grid> {
    let mut out = vec![staff()];
    for g in grids.iter().filter(|g| g.name != "Hướng dẫn") {
        if g.name == "Hoạt động" {
            // Header rows 3–4; two rows put in under them.
            let mut a = insert_rows(g, 4, 2);
            for (i, n) in ["(1)", "(2)", "(3)", "(4)", "(5)", "(6)"].iter().enumerate() {
                a.s(4, i as u16, n);
            }
            a.s(5, 1, "(Số liệu tính từ 01/01/2018 đến 20/11/2018)");
            out.push(a);
        } else {
            out.push(g.clone());
        }
        if g.name == "Thông tin" {
            out.push(schools());
        }
    }
    out.push(students());
    out
}

fn staff() -> Grid {
    let mut g = Grid::new("Cán bộ");
    g.s(0, 0, "DANH SÁCH CÁN BỘ, HỘI VIÊN THAM GIA QUẢN LÝ TRUNG TÂM");
    g.merges.push((0, 0, 0, 4));
    for (c, h) in ["TT", "Đơn vị", "Số cán bộ", "Trong đó nữ", "Ghi chú"].iter().enumerate() {
        g.s(2, c as u16, h);
    }
    let rows: [(&str, f64, f64); 4] = [
        ("Hội Khuyến học", 9.0, 5.0),
        ("Hội Liên hiệp Phụ nữ", 11.0, 11.0),
        ("Đoàn Thanh niên", 7.0, 3.0),
        ("Hội Nông dân", 6.0, 2.0),
    ];
    for (i, (unit, staff, women)) in rows.iter().enumerate() {
        let r = 3 + i as u32;
        g.n(r, 0, i as f64 + 1.0);
        g.s(r, 1, unit);
        g.n(r, 2, *staff);
        g.n(r, 3, *women);
    }
    g.s(7, 1, "Cộng");
    g.cells.insert((7, 2), V::F("SUM(C4:C7)".into(), Some(33.0)));
    g.cells.insert((7, 3), V::F("SUM(D4:D7)".into(), Some(21.0)));
    g.widths = vec![(0, 5.0), (1, 30.0), (2, 12.0), (3, 12.0), (4, 20.0)];
    g
}

fn schools() -> Grid {
    let mut g = Grid::new("Trường học");
    g.s(0, 0, "DANH SÁCH TRƯỜNG HỌC TRÊN ĐỊA BÀN PHƯỜNG KIM SƠN NĂM HỌC 2018-2019");
    g.merges.push((0, 0, 0, 4));
    for (c, h) in ["TT", "Tên trường", "Số lớp", "Số cán bộ, giáo viên, nhân viên"].iter().enumerate() {
        g.s(2, c as u16, h);
    }
    g.merges.extend([(2, 0, 3, 0), (2, 1, 3, 1), (2, 2, 3, 2), (2, 3, 2, 4)]);
    g.s(3, 3, "Tổng số");
    g.s(3, 4, "Nữ");
    let rows: [(&str, f64, f64, f64); 3] = [
        ("Trường Mầm non Kim Sơn", 12.0, 35.0, 34.0),
        ("Trường Tiểu học Kim Sơn", 24.0, 48.0, 41.0),
        ("Trường THCS Kim Sơn", 18.0, 42.0, 30.0),
    ];
    for (i, (name, classes, staff, women)) in rows.iter().enumerate() {
        let r = 4 + i as u32;
        g.n(r, 0, i as f64 + 1.0);
        g.s(r, 1, name);
        g.n(r, 2, *classes);
        g.n(r, 3, *staff);
        g.n(r, 4, *women);
    }
    g.s(7, 1, "Cộng");
    g.cells.insert((7, 2), V::F("SUM(C5:C7)".into(), Some(54.0)));
    g.cells.insert((7, 3), V::F("SUM(D5:D7)".into(), Some(125.0)));
    g.cells.insert((7, 4), V::F("SUM(E5:E7)".into(), Some(105.0)));
    g.widths = vec![(0, 5.0), (1, 40.0), (2, 10.0), (3, 12.0), (4, 10.0)];
    g
}

fn students() -> Grid {
    let mut g = Grid::new("Danh sách học viên");
    g.s(0, 0, "DANH SÁCH HỌC VIÊN LỚP TIN HỌC CƠ BẢN NĂM 2018");
    g.merges.push((0, 0, 0, 5));
    for (c, h) in ["STT", "Họ và tên", "Năm sinh", "Nữ", "Khu", "Số buổi học"].iter().enumerate() {
        g.s(2, c as u16, h);
    }
    let rows: [(&str, f64, bool, &str, f64); 6] = [
        ("Nguyễn Thị Hoa", 1979.0, true, "Khu 1", 12.0),
        ("Trần Văn Bình", 1985.0, false, "Khu 2", 10.0),
        ("Lê Thị Thu Hà", 1990.0, true, "Khu 2", 12.0),
        ("Phạm Văn Tâm", 1968.0, false, "Khu 3", 9.0),
        ("Vũ Thị Lan", 1982.0, true, "Khu 4", 11.0),
        ("Đặng Văn Hùng", 1975.0, false, "Khu 5", 12.0),
    ];
    for (i, (name, born, woman, area, sessions)) in rows.iter().enumerate() {
        let r = 3 + i as u32;
        g.n(r, 0, i as f64 + 1.0);
        g.s(r, 1, name);
        g.n(r, 2, *born);
        if *woman {
            g.s(r, 3, "x");
        }
        g.s(r, 4, area);
        g.n(r, 5, *sessions);
    }
    g.widths = vec![(0, 5.0), (1, 30.0), (2, 10.0), (3, 6.0), (4, 10.0), (5, 12.0)];
    g
}

// ---------------------------------------------------------------- 7. Nội dung with titles

/// The canonical workbook with a Nội dung as writers fill it: titles that
/// repeat over several rows, titles equal to their section's own title, a
/// title alone on its row, an empty Mục under a filled one, a blank row.
fn noi_dung(grids: &[Grid]) -> Vec<Grid> {
    const ROWS: [(&str, &str, &str); 13] = [
        ("Mở đầu", "", "Thực hiện Kế hoạch số 06/KH-TTHTCĐ ngày 12/01/2018, Trung tâm học tập cộng đồng phường Kim Sơn báo cáo kết quả hoạt động {ky_bao_cao} như sau:"),
        ("I", "Đặc điểm tình hình", "Kim Sơn là phường trung tâm của thị xã Đông Triều, gồm 05 khu hành chính; kinh tế tăng trưởng khá."),
        ("", "", "Ba trường mầm non, tiểu học, trung học cơ sở đều đạt chuẩn quốc gia."),
        ("II", "Công tác tuyên truyền", "Trung tâm phối hợp với Đài truyền thanh phường tuyên truyền về xây dựng xã hội học tập."),
        ("II", "Kiện toàn bộ máy", "Ban giám đốc Trung tâm gồm 03 đồng chí, được kiện toàn kịp thời."),
        ("II", "Công tác tuyên truyền", "Các khu dân cư niêm yết kế hoạch hoạt động của Trung tâm tại nhà văn hóa."),
        ("", "", ""),
        ("III", "Kết quả hoạt động", "Trung tâm đã tổ chức {tong_so_lop} lớp, chuyên đề với {tong_luot_nguoi} lượt người tham gia."),
        ("V", "Phương hướng, nhiệm vụ", "Tiếp tục duy trì phong trào học tập trong gia đình, dòng họ và cộng đồng."),
        ("V", "Nhiệm vụ trọng tâm", ""),
        ("V", "", "Phấn đấu 100% khu dân cư có mô hình học tập."),
        ("Kiến nghị", "Kiến nghị", "Đề nghị UBND phường bố trí kinh phí cho hoạt động của Trung tâm."),
        ("Kết luận", "", "Trên đây là báo cáo kết quả hoạt động {ky_bao_cao} của Trung tâm học tập cộng đồng phường Kim Sơn."),
    ];
    let mut out = Vec::new();
    for g in grids.iter().filter(|g| g.name != "Hướng dẫn") {
        if g.name != "Nội dung" {
            out.push(g.clone());
            continue;
        }
        let mut n = g.clone();
        n.cells.retain(|&(r, _), _| r < 2);
        for (i, (m, t, c)) in ROWS.iter().enumerate() {
            let r = 2 + i as u32;
            for (col, v) in [(0u16, m), (1, t), (2, c)] {
                if !v.is_empty() {
                    n.s(r, col, v);
                }
            }
        }
        out.push(n);
    }
    out
}

// ---------------------------------------------------------------- 8. Shortened names

/// The activity names as wards shorten them, with their TT 1–10.
pub const SHORT_NAMES: [&str; 10] = [
    "Xóa mù chữ, sau biết chữ",
    "Nghề ngắn hạn",
    "Pháp luật",
    "Sức khỏe",
    "Môi trường",
    "Văn hóa - xã hội",
    "Kinh tế",
    "Kỹ năng sống",
    "Chương trình khác",
    "Văn nghệ, thể thao",
];

fn rut_gon(grids: &[Grid]) -> Vec<Grid> {
    grids
        .iter()
        .filter(|g| g.name != "Hướng dẫn")
        .map(|g| {
            let mut n = g.clone();
            if g.name == "Hoạt động" {
                for (i, name) in SHORT_NAMES.iter().enumerate() {
                    n.s(4 + i as u32, 1, name);
                }
            }
            n
        })
        .collect()
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
