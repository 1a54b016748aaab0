//! `--outline`: the office's own Word outline, filled by the binary.
//! Outlines are made here by code: a small package with hand-written
//! WordprocessingML (runs split the ways Word splits them, a header with a
//! placeholder, a footer and styles without), the starting outline of
//! `mau --outline`, and that outline saved again by LibreOffice.

mod common;

use common::*;
use std::ffi::OsStr;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};

use baocao::mark::{mark_of_path, Mark};

const W: &str = r#"xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships""#;

const STYLES: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:styles xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/><w:rPr><w:sz w:val="26"/></w:rPr></w:style></w:styles>"#;

const FOOTER: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:ftr xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:p><w:r><w:t>Trang cuối</w:t></w:r></w:p></w:ftr>"#;

const CT_DOCUMENT: &str = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml";

/// A .docx with `body` as the document body and `header` as the text of its header.
fn outline_docx(body: &str, header: &str) -> Vec<u8> {
    outline_package(body, header, CT_DOCUMENT)
}

/// The same package with `main_type` as the content type of its main part.
fn outline_package(body: &str, header: &str, main_type: &str) -> Vec<u8> {
    let document = format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:document {W}><w:body>{body}<w:sectPr><w:headerReference w:type="default" r:id="rId2"/><w:footerReference w:type="default" r:id="rId3"/><w:pgSz w:w="11906" w:h="16838"/><w:pgMar w:top="1134" w:right="850" w:bottom="1134" w:left="1701" w:header="567" w:footer="567" w:gutter="0"/></w:sectPr></w:body></w:document>"#
    );
    let header = format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:hdr {W}><w:p><w:r><w:t xml:space="preserve">{header}</w:t></w:r></w:p></w:hdr>"#
    );
    let parts: Vec<(&str, String)> = vec![
        (
            "[Content_Types].xml",
            format!(r#"<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="{main_type}"/><Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/><Override PartName="/word/header1.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.header+xml"/><Override PartName="/word/footer1.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.footer+xml"/></Types>"#),
        ),
        (
            "_rels/.rels",
            r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>"#.into(),
        ),
        (
            "word/_rels/document.xml.rels",
            r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/header" Target="header1.xml"/><Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/footer" Target="footer1.xml"/></Relationships>"#.into(),
        ),
        ("word/document.xml", document),
        ("word/styles.xml", STYLES.into()),
        ("word/header1.xml", header),
        ("word/footer1.xml", FOOTER.into()),
    ];
    zip_of(&parts.iter().map(|(n, t)| (*n, t.as_bytes())).collect::<Vec<_>>())
}

fn zip_of(parts: &[(&str, &[u8])]) -> Vec<u8> {
    let mut z = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for (name, bytes) in parts {
        z.start_file(*name, zip::write::SimpleFileOptions::default()).unwrap();
        z.write_all(bytes).unwrap();
    }
    z.finish().unwrap().into_inner()
}

fn part(docx: &Path, name: &str) -> Vec<u8> {
    let mut z = zip::ZipArchive::new(std::fs::File::open(docx).unwrap()).unwrap();
    let mut out = Vec::new();
    z.by_name(name).unwrap().read_to_end(&mut out).unwrap();
    out
}

fn text_part(docx: &Path, name: &str) -> String {
    String::from_utf8(part(docx, name)).unwrap()
}

fn os(p: &Path) -> &OsStr {
    p.as_os_str()
}

fn report(outline: &Path, out: &Path, extra: &[&str]) -> std::process::Output {
    let input = sample("kim-son-2018.xlsx");
    let mut args: Vec<&OsStr> = vec![
        "report".as_ref(),
        os(&input),
        "--outline".as_ref(),
        os(outline),
        "-o".as_ref(),
        os(out),
    ];
    args.extend(extra.iter().map(|a| OsStr::new(*a)));
    run(&args)
}

fn stderr(o: &std::process::Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// The body of the hand-made outline: every way Word splits a placeholder.
const BODY: &str = concat!(
    // 1: spell-check marks and an rsid change inside the name, bold start.
    r#"<w:p><w:r w:rsidR="00A1"><w:rPr><w:b/></w:rPr><w:t xml:space="preserve">Số: {so_</w:t></w:r><w:proofErr w:type="spellStart"/><w:r w:rsidR="00B2"><w:t>ky_hieu</w:t></w:r><w:proofErr w:type="spellEnd"/><w:r><w:t>}</w:t></w:r></w:p>"#,
    // 2: a bookmark and a formatting change mid-name; an insertion counts, a deletion does not.
    r#"<w:p><w:r><w:t>{ngay</w:t></w:r><w:bookmarkStart w:id="0" w:name="d"/><w:r><w:rPr><w:i/></w:rPr><w:t>_</w:t></w:r><w:bookmarkEnd w:id="0"/><w:del w:id="1" w:author="x"><w:r><w:delText>XYZ</w:delText></w:r></w:del><w:ins w:id="2" w:author="x"><w:r><w:t>thang}</w:t></w:r></w:ins></w:p>"#,
    // 3: figures and literal braces in a field result.
    r#"<w:p><w:r><w:t xml:space="preserve">Tổng {tong_so_lop} lớp, {tong_luot_nguoi} lượt; {{mã}} </w:t></w:r><w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText xml:space="preserve"> PAGE </w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>{ky_bao_cao}</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r></w:p>"#,
    // 4-5: a table cell with a placeholder; the header row of the outline's own table.
    r#"<w:tbl><w:tblPr><w:tblW w:w="9000" w:type="dxa"/></w:tblPr><w:tblGrid><w:gridCol w:w="9000"/></w:tblGrid><w:tr><w:tc><w:tcPr><w:tcW w:w="9000" w:type="dxa"/></w:tcPr><w:p><w:r><w:t>{DON_VI}</w:t></w:r></w:p></w:tc></w:tr></w:tbl>"#,
    // 5: the activity table, 6: the indicators, 7: directives, 8: a Mục with the end mark.
    r#"<w:p><w:pPr><w:jc w:val="both"/></w:pPr><w:r><w:t>{bang_hoat_dong}</w:t></w:r></w:p>"#,
    r#"<w:p><w:r><w:rPr><w:sz w:val="28"/></w:rPr><w:t>{chi_tieu}</w:t></w:r></w:p>"#,
    r#"<w:p><w:r><w:t xml:space="preserve"> {van_ban} </w:t></w:r></w:p>"#,
    r#"<w:p><w:r><w:t>{muc:phuong_huong}./.</w:t></w:r></w:p>"#,
    r#"<w:p><w:r><w:t>{nguoi_ky}</w:t></w:r></w:p>"#,
);

#[test]
fn a_hand_made_outline_is_filled_and_its_other_parts_kept() {
    let dir = tempdir();
    let outline = dir.path().join("de-cuong.docx");
    let bytes = outline_docx(BODY, "{don_vi} – {ngay_thang}");
    std::fs::write(&outline, &bytes).unwrap();
    let out = dir.path().join("bao-cao.docx");
    let o = report(&outline, &out, &[]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let doc = text_part(&out, "word/document.xml");
    // The value in the first run, with its look; the covered runs emptied.
    assert!(
        doc.contains(r#"<w:r w:rsidR="00A1"><w:rPr><w:b/></w:rPr><w:t xml:space="preserve">Số: 10/BC-TTHTCĐ</w:t></w:r><w:proofErr w:type="spellStart"/><w:r w:rsidR="00B2"><w:t xml:space="preserve"/></w:r>"#),
        "{doc}"
    );
    assert!(
        doc.contains(r#"<w:t xml:space="preserve">Kim Sơn, ngày 26 tháng 11 năm 2018</w:t></w:r><w:bookmarkStart"#),
        "{doc}"
    );
    assert!(doc.contains("<w:delText>XYZ</w:delText>"), "{doc}");
    assert!(
        doc.contains(r#"<w:t xml:space="preserve">Tổng 70 lớp, 6.778 lượt; {mã} </w:t>"#),
        "{doc}"
    );
    assert!(doc.contains(r#"<w:t xml:space="preserve">năm 2018</w:t>"#), "{doc}");
    assert!(doc.contains(r#"<w:t xml:space="preserve">TTHTCĐ PHƯỜNG KIM SƠN</w:t>"#), "{doc}");
    assert!(doc.contains(r#"<w:t xml:space="preserve">Đặng Cương Quyết</w:t>"#), "{doc}");
    // The activity table as in the built-in report, its header repeated.
    assert!(doc.contains(">Tên hoạt động giáo dục<") && doc.contains("<w:tblHeader/>"), "{doc}");
    assert!(doc.contains(r#"<w:tblW w:w="9355" w:type="dxa"/>"#), "the page's text width: {doc}");
    // Indicators take the placeholder run's size; the Mục ends in ./.
    assert!(
        doc.contains(r#"<w:rPr><w:sz w:val="28"/></w:rPr><w:t xml:space="preserve">- Số hộ nghèo:"#),
        "{doc}"
    );
    assert!(doc.contains("./.</w:t>"), "{doc}");
    assert!(!doc.contains("{so_") && !doc.contains("{muc:") && !doc.contains("{bang"), "{doc}");
    let header = text_part(&out, "word/header1.xml");
    assert!(
        header.contains("TTHTCĐ PHƯỜNG KIM SƠN – Kim Sơn, ngày 26 tháng 11 năm 2018"),
        "{header}"
    );
    // What needed no change is byte-identical; the outline itself untouched.
    assert_eq!(part(&out, "word/footer1.xml"), FOOTER.as_bytes());
    assert_eq!(part(&out, "word/styles.xml"), STYLES.as_bytes());
    assert_eq!(std::fs::read(&outline).unwrap(), bytes);
    assert_eq!(mark_of_path(&out), Some(Mark::Report));
    assert_eq!(mark_of_path(&outline), None);
    // Ours now: a second run replaces it without --force.
    let again = report(&outline, &out, &[]);
    assert_eq!(again.status.code(), Some(0), "{}", stderr(&again));
}

#[test]
fn faults_name_their_paragraph_and_nothing_is_written() {
    let dir = tempdir();
    let outline = dir.path().join("de-cuong.docx");
    let body = concat!(
        "<w:p><w:r><w:t>Mở đầu</w:t></w:r></w:p>",
        "<w:p><w:r><w:t>Kính gửi: {kinh_gui}</w:t></w:r></w:p>",
        r#"<w:p><w:r><w:t xml:space="preserve">Tổng {tong_</w:t></w:r><w:r><w:t>lop} lớp</w:t></w:r></w:p>"#,
        "<w:p><w:r><w:t>Bảng: {bang_hoat_dong}</w:t></w:r></w:p>",
        "<w:p><w:r><w:t>{don_vi</w:t></w:r></w:p>",
    );
    std::fs::write(&outline, outline_docx(body, "{van_ban}")).unwrap();
    let out = dir.path().join("bao-cao.docx");
    let o = report(&outline, &out, &[]);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(
        err.contains("Đoạn 3 của thân văn bản (\"Tổng {tong_lop} lớp\"): không có ô chờ {tong_lop}.")
            && err.contains("[E-OUTLINE-PLACEHOLDER-UNKNOWN]"),
        "{err}"
    );
    assert!(
        err.contains("Đoạn 4 của thân văn bản (\"Bảng: {bang_hoat_dong}\"): ô chờ {bang_hoat_dong} thay cả đoạn"),
        "{err}"
    );
    assert!(
        err.contains("Đoạn 5 của thân văn bản (\"{don_vi\"): dấu { không có dấu } đóng"),
        "{err}"
    );
    assert!(err.contains("Đoạn 1 của đầu trang (header1.xml) (\"{van_ban}\")"), "{err}");
    assert_eq!(err.matches("[E-OUTLINE-PLACEHOLDER-INVALID]").count(), 3, "{err}");
    assert!(!out.exists());
    let o = report(&outline, &out, &["--lang", "en"]);
    let err = stderr(&o);
    assert!(
        err.contains("Paragraph 3 of the document body (\"Tổng {tong_lop} lớp\"): there is no placeholder {tong_lop}."),
        "{err}"
    );
    assert!(!out.exists());
}

#[test]
fn outlines_that_cannot_be_read_exit_2_and_write_nothing() {
    let dir = tempdir();
    let out = dir.path().join("bao-cao.docx");
    let mut doc = vec![0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
    doc.extend_from_slice(&[0u8; 600]);
    let mut encrypted = doc.clone();
    encrypted.extend("EncryptionInfo".encode_utf16().flat_map(|u| u.to_le_bytes()));
    let good = outline_docx(BODY, "x");
    let deep = {
        let open = "<w:sdt><w:sdtContent>".repeat(300);
        let close = "</w:sdtContent></w:sdt>".repeat(300);
        outline_docx(&format!("{open}<w:p/>{close}"), "x")
    };
    let bomb = zip_of(&[("word/document.xml", " ".repeat(30 << 20).as_bytes())]);
    // 5 MB of distinct paragraphs: no bomb, but more XML than an outline's tree may take.
    let long: String = (0..250_000).map(|i| format!(r#"<w:p w:rsidR="{i:08X}"/>"#)).collect();
    let long = outline_docx(&long, "x");
    let cases: Vec<(&str, Vec<u8>, &str, &str)> = vec![
        ("doc.docx", doc, "E-OUTLINE-UNREADABLE", "Word 97–2003 (.doc)"),
        ("mat-khau.docx", encrypted, "E-OUTLINE-UNREADABLE", "mật khẩu"),
        (
            "chu.docx",
            b"just some words".to_vec(),
            "E-OUTLINE-UNREADABLE",
            "không phải tệp Word .docx",
        ),
        ("cut.docx", good[..good.len() / 2].to_vec(), "E-OUTLINE-UNREADABLE", "tệp nén hỏng"),
        (
            "so.docx",
            std::fs::read(sample("kim-son-2018.xlsx")).unwrap(),
            "E-OUTLINE-UNREADABLE",
            "bảng tính Excel",
        ),
        ("deep.docx", deep, "E-OUTLINE-TOO-LARGE", "lồng nhau sâu hơn 256 mức"),
        ("bomb.docx", bomb, "E-OUTLINE-TOO-LARGE", "giới hạn"),
        (
            "long.docx",
            long,
            "E-OUTLINE-TOO-LARGE",
            "phần word/document.xml giải nén ra hơn 4194304 byte",
        ),
    ];
    for (name, bytes, code, words) in cases {
        let p = dir.path().join(name);
        std::fs::write(&p, &bytes).unwrap();
        let o = report(&p, &out, &[]);
        let err = stderr(&o);
        assert_eq!(o.status.code(), Some(2), "{name}: {err}");
        assert!(err.contains(&format!("[{code}]")) && err.contains(words), "{name}: {err}");
        assert!(!out.exists(), "{name}");
        assert_eq!(std::fs::read(&p).unwrap(), bytes, "{name}");
    }
    // The outline is an input: never the output.
    let p = dir.path().join("de-cuong.docx");
    std::fs::write(&p, outline_docx(BODY, "x")).unwrap();
    let o = report(&p, &p, &["--force"]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert_eq!(mark_of_path(&p), None);
}

#[test]
fn a_block_the_workbook_has_nothing_for_is_left_out_with_a_note() {
    let dir = tempdir();
    let mut book = kim_son();
    book.retain(|s| s.name != "Văn bản chỉ đạo");
    let input = write_book(dir.path(), "so.xlsx", &book);
    let outline = dir.path().join("de-cuong.docx");
    std::fs::write(
        &outline,
        outline_docx(
            "<w:p><w:r><w:t>Văn bản:</w:t></w:r></w:p><w:p><w:r><w:t>{van_ban}</w:t></w:r></w:p><w:p><w:r><w:t>Hết</w:t></w:r></w:p>",
            "x",
        ),
    )
    .unwrap();
    let out = dir.path().join("bao-cao.docx");
    let o = run(&[
        "report".as_ref(),
        os(&input),
        "--outline".as_ref(),
        os(&outline),
        "-o".as_ref(),
        os(&out),
        "--verbose".as_ref(),
    ]);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(0), "{err}");
    // The missing sheet is warned about once, by the workbook's own check.
    assert_eq!(err.matches("[W-PART-MISSING]").count(), 1, "{err}");
    assert!(
        err.contains("Đoạn 2 của thân văn bản (\"{van_ban}\"): sổ không có nội dung cho ô chờ {van_ban}")
            && err.contains("[N-OUTLINE-EMPTY]"),
        "{err}"
    );
    let doc = text_part(&out, "word/document.xml");
    assert!(
        doc.contains("<w:body><w:p><w:r><w:t>Văn bản:</w:t></w:r></w:p><w:p><w:r><w:t>Hết</w:t></w:r></w:p><w:sectPr>"),
        "{doc}"
    );
}

fn starting_outline(dir: &Path) -> PathBuf {
    let outline = dir.join("de-cuong.docx");
    let o = run(&["mau".as_ref(), "--outline".as_ref(), os(&outline)]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(mark_of_path(&outline), None, "the office edits it: no mark");
    outline
}

/// The texts the starting outline gives for Kim Sơn 2018.
fn assert_kim_son(doc: &str) {
    for want in [
        ">Số: 10/BC-TTHTCĐ<",
        ">Kim Sơn, ngày 26 tháng 11 năm 2018<",
        ">TTHTCĐ PHƯỜNG KIM SƠN<",
        ">I. ĐẶC ĐIỂM TÌNH HÌNH<",
        ">V. PHƯƠNG HƯỚNG, NHIỆM VỤ NĂM 2019<",
        "Trong năm 2018, Phường Kim Sơn đã tổ chức 70 lớp, chuyên đề ở 9 loại hoạt động, thu hút 6.778 lượt người tham gia (trong đó nữ … lượt).",
        ">Tên hoạt động giáo dục<",
        ">Đặng Cương Quyết<",
        "./.<",
    ] {
        assert!(doc.contains(want), "{want}: {doc}");
    }
    assert!(!doc.contains("{muc:ket_qua}") && !doc.contains("{tong_so_lop}"), "{doc}");
}

#[test]
fn the_starting_outline_gives_the_report() {
    let dir = tempdir();
    let outline = starting_outline(dir.path());
    let before = std::fs::read(&outline).unwrap();
    let out = dir.path().join("bao-cao.docx");
    let o = report(&outline, &out, &[]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_kim_son(&text_part(&out, "word/document.xml"));
    assert_eq!(std::fs::read(&outline).unwrap(), before);
    for p in ["word/styles.xml", "word/header1.xml", "word/settings.xml", "word/fontTable.xml"] {
        assert_eq!(part(&out, p), part(&outline, p), "{p}");
    }
    // The same outline and workbook: the same bytes.
    let out2 = dir.path().join("bao-cao-2.docx");
    assert_eq!(report(&outline, &out2, &[]).status.code(), Some(0));
    assert_eq!(std::fs::read(&out).unwrap(), std::fs::read(&out2).unwrap());
}

#[test]
fn the_consolidated_report_follows_the_outline_too() {
    let dir = tempdir();
    let outline = starting_outline(dir.path());
    let (summary, town) = (dir.path().join("tong-hop.xlsx"), dir.path().join("bao-cao-tong-hop.docx"));
    let args = |outline: &Path| {
        run(&[
            "tonghop".as_ref(),
            os(&sample("dong-trieu-2018")),
            "-o".as_ref(),
            os(&summary),
            "--report".as_ref(),
            os(&town),
            "--outline".as_ref(),
            os(outline),
            "--config".as_ref(),
            os(&sample("dong-trieu-2018.toml")),
        ])
    };
    let o = args(&outline);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(mark_of_path(&town), Some(Mark::ConsolidatedReport));
    let doc = text_part(&town, "word/document.xml");
    assert!(
        doc.contains(">Tên hoạt động giáo dục<") && doc.contains("Căn cứ báo cáo của "),
        "{doc}"
    );
    // The per-unit tables where the outline puts {bang_don_vi}.
    assert!(
        doc.contains(">1. Số lớp (chuyên đề)<") && doc.contains(">Các cột theo loại hoạt động: (1) Học"),
        "{doc}"
    );
    assert!(!doc.contains("{muc:mo_dau}"), "{doc}");
    // A faulty outline is found before the work: neither output is written.
    std::fs::remove_file(&summary).unwrap();
    std::fs::remove_file(&town).unwrap();
    let bad = dir.path().join("hong.docx");
    std::fs::write(&bad, outline_docx("<w:p><w:r><w:t>{khong_co}</w:t></w:r></w:p>", "x")).unwrap();
    let o = args(&bad);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(stderr(&o).contains("[E-OUTLINE-PLACEHOLDER-UNKNOWN]"));
    assert!(!summary.exists() && !town.exists());
    // --outline needs --report.
    let o = run(&[
        "tonghop".as_ref(),
        os(&sample("dong-trieu-2018")),
        "-o".as_ref(),
        os(&summary),
        "--outline".as_ref(),
        os(&outline),
    ]);
    assert_eq!(o.status.code(), Some(2));
}

/// The starting outline saved again by LibreOffice (its own XML, runs,
/// rsids and styles) still fills, and the filled report prints.
#[test]
fn an_outline_saved_by_libreoffice_fills() {
    if !on_path("soffice") {
        // Under Wine (the Windows suite) there is no LibreOffice: it runs in
        // the Linux suite, where CI fails rather than skip.
        assert!(std::env::var_os("CI").is_none() || cfg!(windows), "soffice is missing in CI");
        eprintln!("SKIPPED: soffice not found");
        return;
    }
    let dir = tempdir();
    let made = dir.path().join("made");
    std::fs::create_dir(&made).unwrap();
    let outline = starting_outline(&made);
    let saved = soffice_convert(dir.path(), &outline, "docx", "docx");
    let doc = text_part(&saved, "word/document.xml");
    assert_ne!(doc, text_part(&outline, "word/document.xml"), "LibreOffice wrote its own XML");
    let out = dir.path().join("bao-cao.docx");
    let o = report(&saved, &out, &[]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_kim_son(&text_part(&out, "word/document.xml"));
    assert_eq!(part(&out, "word/styles.xml"), part(&saved, "word/styles.xml"));
    // LibreOffice's XML with our content in it still validates.
    let lxml = std::process::Command::new("python3").args(["-c", "import lxml.etree"]).output();
    if lxml.is_ok_and(|o| o.status.success()) {
        let v = std::process::Command::new("python3")
            .arg(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/schema/validate.py"))
            .args(["--edition", "2016"])
            .arg(&out)
            .output()
            .unwrap();
        let text = String::from_utf8_lossy(&v.stdout);
        assert!(
            v.status.success() && text.contains(": valid"),
            "{text}{}",
            String::from_utf8_lossy(&v.stderr)
        );
    } else {
        eprintln!("SKIPPED (schema check): python3 with lxml not found");
    }
    let pdf_dir = dir.path().join("pdf");
    std::fs::create_dir(&pdf_dir).unwrap();
    let pdf = soffice_convert(&pdf_dir, &out, "pdf", "pdf");
    if !on_path("pdftotext") {
        eprintln!("SKIPPED: pdftotext not found");
        return;
    }
    let txt = std::process::Command::new("pdftotext").arg(&pdf).arg("-").output().unwrap();
    let txt = String::from_utf8_lossy(&txt.stdout);
    assert!(
        txt.contains("6.778") && txt.contains("Đặng Cương Quyết") && txt.contains("Kim Sơn, ngày 26 tháng 11 năm 2018"),
        "{txt}"
    );
}

/// A Word template (.dotx) is filled as a document; a macro-enabled one is refused.
#[test]
fn templates_become_documents_and_macros_are_refused() {
    let dir = tempdir();
    let dotx = dir.path().join("de-cuong.dotx");
    let template_type = "application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml";
    std::fs::write(
        &dotx,
        outline_package("<w:p><w:r><w:t>{don_vi}</w:t></w:r></w:p>", "x", template_type),
    )
    .unwrap();
    let out = dir.path().join("bao-cao.docx");
    let o = report(&dotx, &out, &[]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let ct = text_part(&out, "[Content_Types].xml");
    assert!(
        ct.contains(&format!(r#"<Override PartName="/word/document.xml" ContentType="{CT_DOCUMENT}"/>"#)),
        "{ct}"
    );
    assert!(ct.contains(r#"<Override PartName="/docProps/custom.xml" ContentType="application/vnd.openxmlformats-officedocument.custom-properties+xml"/>"#), "{ct}");
    let rels = text_part(&out, "_rels/.rels");
    assert!(rels.contains(r#"Target="docProps/custom.xml""#), "{rels}");
    let docm = dir.path().join("de-cuong.docm");
    let macro_type = "application/vnd.ms-word.document.macroEnabled.main+xml";
    std::fs::write(&docm, outline_package("<w:p/>", "x", macro_type)).unwrap();
    let out2 = dir.path().join("bao-cao-2.docx");
    let o = report(&docm, &out2, &[]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("tệp có macro") && stderr(&o).contains("[E-OUTLINE-UNREADABLE]"),
        "{}",
        stderr(&o)
    );
    assert!(!out2.exists());
}
