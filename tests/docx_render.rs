//! The official report as written: unzip the .docx and read its XML back.

use std::collections::BTreeMap;
use std::io::Read;

use baocao::example::kim_son_2018;
use baocao::model::{NarrativeSlot, Paragraph, Report};
use baocao::render::docx::xml::{parse, Element, Node};
use baocao::render::docx::*;

mod common;

fn parts(bytes: &[u8]) -> BTreeMap<String, String> {
    let mut z = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("a zip");
    let mut out = BTreeMap::new();
    for i in 0..z.len() {
        let mut f = z.by_index(i).unwrap();
        let mut s = String::new();
        f.read_to_string(&mut s).unwrap();
        let name = f.name().expect("entry name").to_string();
        out.insert(name, s);
    }
    out
}

fn render_parts(r: &Report) -> BTreeMap<String, String> {
    parts(&render(r, &DocxOptions::default()).expect("renders"))
}

fn document(r: &Report) -> Element {
    parse(&render_parts(r)["word/document.xml"]).expect("well-formed").root
}

fn unescape(s: &str) -> String {
    s.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&apos;", "'")
        .replace("&amp;", "&")
}

fn elems(e: &Element) -> impl Iterator<Item = &Element> {
    e.children.iter().filter_map(|n| match n {
        Node::Elem(c) => Some(c),
        _ => None,
    })
}

/// Every element named `name` under `e`, in document order.
fn all<'a>(e: &'a Element, name: &str, out: &mut Vec<&'a Element>) {
    for c in elems(e) {
        if c.name == name {
            out.push(c);
        }
        all(c, name, out);
    }
}

fn find_all<'a>(e: &'a Element, name: &str) -> Vec<&'a Element> {
    let mut v = Vec::new();
    all(e, name, &mut v);
    v
}

fn text(e: &Element) -> String {
    let mut s = String::new();
    for c in elems(e) {
        match c.name.as_str() {
            "w:t" => {
                for n in &c.children {
                    if let Node::Text(t) = n {
                        s.push_str(&unescape(t));
                    }
                }
            }
            "w:tab" if !e.name.ends_with("Pr") => s.push('\t'),
            "w:br" => s.push('\n'),
            "w:tabs" => {}
            _ => s.push_str(&text(c)),
        }
    }
    s
}

/// The text of every paragraph, in order.
fn paragraphs(doc: &Element) -> Vec<String> {
    find_all(doc, "w:p").into_iter().map(text).collect()
}

/// Rows of the table whose text contains `marker`, as cell texts.
fn table_rows(doc: &Element, marker: &str) -> Vec<Vec<String>> {
    let t = find_all(doc, "w:tbl")
        .into_iter()
        .find(|t| text(t).contains(marker))
        .expect("table");
    elems(t)
        .filter(|r| r.name == "w:tr")
        .map(|r| elems(r).filter(|c| c.name == "w:tc").map(text).collect())
        .collect()
}

#[test]
fn header_and_title_texts() {
    let doc = document(&kim_son_2018());
    let ps = paragraphs(&doc);
    for want in [
        // Lines chosen by phrase (issue 13): before the level, never
        // "ỦY BAN NHÂN DÂN PHƯỜNG / KIM SƠN".
        "ỦY BAN NHÂN DÂN\nPHƯỜNG KIM SƠN",
        "TTHTCĐ PHƯỜNG KIM SƠN",
        "Số: 10/BC-TTHTCĐ",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "Kim Sơn, ngày 26 tháng 11 năm 2018",
        "BÁO CÁO",
        "Đánh giá kết quả tổ chức, hoạt động Trung tâm học tập cộng đồng năm 2018,\nphương hướng nhiệm vụ năm 2019",
        "Kính gửi:\t- Thường trực UBND phường Kim Sơn;",
        "- Phòng Giáo dục và Đào tạo thị xã Đông Triều.",
    ] {
        assert!(ps.iter().any(|p| p == want), "missing paragraph {want:?}");
    }
    // Header grid first, title after it.
    let pos = |w: &str| ps.iter().position(|p| p == w).unwrap();
    assert!(pos("Số: 10/BC-TTHTCĐ") < pos("BÁO CÁO"));
}

#[test]
fn default_title_and_single_recipient() {
    let mut r = kim_son_2018();
    r.document.title = None;
    r.document.recipients = vec!["Phòng Giáo dục và Đào tạo thị xã Đông Triều".into()];
    let ps = paragraphs(&document(&r));
    assert!(ps.iter().any(|p| p == "Kết quả hoạt động Trung tâm học tập cộng đồng năm 2018"));
    assert!(
        ps.iter().any(|p| p == "Kính gửi:\tPhòng Giáo dục và Đào tạo thị xã Đông Triều."),
        "{ps:?}"
    );
}

#[test]
fn every_figure_is_in_its_cell() {
    let rows = table_rows(&document(&kim_son_2018()), "Tên hoạt động giáo dục");
    // Kim Sơn reported no women at all: no Nữ column (an empty column reads
    // as none), one header row, header lines broken by phrase.
    assert_eq!(
        rows[0],
        ["TT", "Tên hoạt động giáo dục", "Số lớp\n(chuyên đề)", "Số lượt người\ntham gia"]
    );
    let body: Vec<(String, String, String)> = rows[1..].iter().map(|r| (r[0].clone(), r[2].clone(), r[3].clone())).collect();
    let want = [
        ("1", "", ""),
        ("2", "2", "350"),
        ("3", "8", "712"),
        ("4", "6", "450"),
        ("5", "10", "876"),
        ("6", "10", "826"),
        ("7", "8", "950"),
        ("8", "6", "726"),
        ("9", "10", "775"),
        ("10", "10", "1.113"),
        ("", "70", "6.778"),
    ];
    let want: Vec<_> = want.iter().map(|(a, b, c)| (a.to_string(), b.to_string(), c.to_string())).collect();
    assert_eq!(body, want);
    assert!(rows.iter().all(|r| r.len() == 4), "{rows:?}");
    assert_eq!(rows[1][1], "Học chương trình xóa mù chữ, giáo dục tiếp tục sau biết chữ");
    assert_eq!(rows.last().unwrap()[1], "Tổng số");
    let ps = paragraphs(&document(&kim_son_2018()));
    assert!(ps
        .iter()
        .any(|p| p.contains("tổ chức 70 lớp, chuyên đề, thu hút 6.778 lượt người tham gia (số lượt nữ tham gia không được báo cáo).")));
}

#[test]
fn a_reported_female_column_is_kept() {
    let mut r = kim_son_2018();
    r.activities[1].female = Some(120);
    let rows = table_rows(&document(&r), "Tên hoạt động giáo dục");
    assert_eq!(rows[1], ["", "", "", "Tổng số", "Nữ"]);
    assert_eq!(rows[3][4], "120");
    // Rows that did not give it stay empty, never 0.
    assert_eq!(rows[4][4], "");
    let ps = paragraphs(&document(&r));
    assert!(
        ps.iter()
            .any(|p| p.contains("thu hút 6.778 lượt người tham gia (trong đó nữ 120 lượt).")),
        "{ps:?}"
    );
}

#[test]
fn directives_carry_kind_number_date_and_issuer() {
    let ps = paragraphs(&document(&kim_son_2018()));
    for want in [
        "- Kế hoạch số 06/KH-TTHTCĐ ngày 12/01/2018 của TTHTCĐ phường Kim Sơn về hoạt động và phát triển Trung tâm học tập cộng đồng năm 2018;",
        "- Kế hoạch số 08/KH-TTHTCĐ ngày 18/07/2018 của TTHTCĐ phường Kim Sơn về tổ chức hội nghị sơ kết công tác 6 tháng đầu năm 2018;",
        "- Kế hoạch số 99/KH-TTHTCĐ ngày 18/09/2018 của TTHTCĐ phường Kim Sơn về tổ chức Tuần lễ hưởng ứng học tập suốt đời năm 2018;",
        "- Quyết định số 09/2008/QĐ-BGDĐT ngày 24/03/2008 của Bộ Giáo dục và Đào tạo về quy chế tổ chức và hoạt động của trung tâm học tập cộng đồng tại xã, phường, thị trấn;",
        "- Quyết định số 3607/2010/QĐ-UBND ngày 02/12/2010 của UBND tỉnh Quảng Ninh về mức phụ cấp kiêm nhiệm cho cán bộ quản lý và mức hỗ trợ kinh phí cho các trung tâm học tập cộng đồng.",
    ] {
        assert!(ps.iter().any(|p| p == want), "missing {want:?}");
    }
}

#[test]
fn indicators_with_values_and_changes() {
    let ps = paragraphs(&document(&kim_son_2018()));
    for want in [
        "- Diện tích tự nhiên: 10,37 km2;",
        "- Dân số thường trú: 9.154 người;",
        "- Tỷ lệ người biết chữ: 100%;",
        "- Số hộ nghèo: 02 hộ, giảm 04 hộ so với năm 2017;",
        "- Tỷ lệ hộ nghèo: 0,08%;",
        "- Số hộ cận nghèo: 29 hộ, giảm 18 hộ so với năm 2017;",
        "- Tỷ lệ hộ gia đình thu gom rác thải hằng ngày: 94%, tăng 1 điểm phần trăm so với năm 2017;",
        "- Tổng giá trị sản xuất trên địa bàn: 2.508 tỷ đồng, tăng 436 tỷ đồng so với năm 2017;",
        "- Tỷ lệ gia đình văn hóa: 93,4%.",
    ] {
        assert!(ps.iter().any(|p| p == want), "missing {want:?}");
    }
}

#[test]
fn closing_block_and_end_mark() {
    let doc = document(&kim_son_2018());
    let ps = paragraphs(&doc);
    let rows = table_rows(&doc, "Nơi nhận:");
    let cells = &rows[0];
    assert!(
        cells[0].starts_with("Nơi nhận:- Như trên;- Thường trực ĐU, UBND phường (b/c);- LĐTTHTCĐ;- Lưu: VT."),
        "{cells:?}"
    );
    assert!(cells[1].starts_with("TM. BAN GIÁM ĐỐCGIÁM ĐỐC"));
    assert!(cells[1].ends_with("Đặng Cương Quyết"));
    // The last body paragraph (before the closing block) ends with "./.".
    let nn = ps.iter().position(|p| p == "Nơi nhận:").unwrap();
    let last = ps[..nn].iter().rev().find(|p| !p.is_empty()).unwrap();
    assert!(last.ends_with("chỉ đạo./."), "{last}");
    assert_eq!(ps.iter().filter(|p| p.contains("./.")).count(), 1);
}

#[test]
fn page_size_margins_and_fonts() {
    let p = render_parts(&kim_son_2018());
    let d = &p["word/document.xml"];
    assert!(d.contains(r#"<w:pgSz w:w="11906" w:h="16838""#), "page size");
    let root = parse(d).unwrap().root;
    let mar = find_all(&root, "w:pgMar");
    assert_eq!(mar.len(), 1);
    let m = mar[0];
    assert_eq!(
        [m.attr("w:top"), m.attr("w:bottom"), m.attr("w:left"), m.attr("w:right")],
        [Some("1134"), Some("1134"), Some("1701"), Some("850")]
    );
    // Every font declaration names Times New Roman in all four slots.
    for (name, xml) in &p {
        let Ok(doc) = parse(xml) else { continue };
        for f in find_all(&doc.root, "w:rFonts") {
            for slot in ["w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"] {
                assert_eq!(f.attr(slot), Some("Times New Roman"), "{name}: {slot}");
            }
        }
    }
    let styles = parse(&p["word/styles.xml"]).unwrap().root;
    let dd = find_all(&styles, "w:rPrDefault");
    assert_eq!(find_all(dd[0], "w:rFonts").len(), 1, "document default font");
    assert_eq!(find_all(dd[0], "w:sz")[0].attr("w:val"), Some("28"), "14 pt body");
    // Every run with text sets the font too.
    for r in find_all(&root, "w:r") {
        if !find_all(r, "w:t").is_empty() {
            assert_eq!(find_all(r, "w:rFonts").len(), 1);
        }
    }
    // Justified body, not the invalid "justified".
    assert!(d.contains(r#"<w:jc w:val="both"/>"#));
    assert!(!d.contains(r#"w:val="justified""#));
}

#[test]
fn page_numbers_from_the_second_page() {
    let p = render_parts(&kim_son_2018());
    let root = parse(&p["word/document.xml"]).unwrap().root;
    let sect = find_all(&root, "w:sectPr");
    assert_eq!(sect.len(), 1);
    assert_eq!(find_all(sect[0], "w:titlePg").len(), 1);
    let rels = &p["word/_rels/document.xml.rels"];
    let mut seen = BTreeMap::new();
    for h in find_all(sect[0], "w:headerReference") {
        let rid = h.attr("r:id").unwrap();
        let at = rels.find(&format!("Id=\"{rid}\"")).expect("rel");
        let target = rels[at..].split("Target=\"").nth(1).unwrap().split('"').next().unwrap();
        seen.insert(h.attr("w:type").unwrap().to_string(), p[&format!("word/{target}")].clone());
    }
    assert!(seen["default"].contains("<w:instrText>PAGE</w:instrText>"));
    assert!(seen["default"].contains(r#"<w:jc w:val="center"/>"#));
    assert!(!seen["first"].contains("PAGE"));
}

#[test]
fn table_header_repeats_and_rows_never_split() {
    // With a Nữ column, so the header has its two merged rows.
    let mut r = kim_son_2018();
    r.activities[0].female = Some(5);
    let doc = document(&r);
    let t = find_all(&doc, "w:tbl")
        .into_iter()
        .find(|t| text(t).contains("Tên hoạt động giáo dục"))
        .unwrap();
    let rows: Vec<_> = elems(t).filter(|r| r.name == "w:tr").collect();
    assert_eq!(rows.len(), 13);
    for (i, r) in rows.iter().enumerate() {
        assert_eq!(find_all(r, "w:cantSplit").len(), 1, "row {i}");
        assert_eq!(find_all(r, "w:tblHeader").len(), usize::from(i < 2), "row {i}");
    }
    // The marker style is gone; the merged header is there.
    assert!(find_all(t, "w:tblStyle").is_empty());
    assert_eq!(find_all(t, "w:vMerge").len(), 6);
    assert_eq!(find_all(t, "w:gridSpan")[0].attr("w:val"), Some("2"));
    // Only the data table repeats a header.
    assert_eq!(find_all(&doc, "w:tblHeader").len(), 2);
}

fn headings(r: &Report) -> Vec<String> {
    paragraphs(&document(r))
        .into_iter()
        .filter(|p| {
            let head = p.split(". ").next().unwrap_or("");
            !head.is_empty() && head.chars().all(|c| "IVX".contains(c))
        })
        .collect()
}

#[test]
fn sections_are_numbered_by_the_program() {
    assert_eq!(
        headings(&kim_son_2018()),
        [
            "I. ĐẶC ĐIỂM TÌNH HÌNH",
            "II. CÔNG TÁC CHỈ ĐẠO, TRIỂN KHAI",
            "III. KẾT QUẢ HOẠT ĐỘNG",
            "IV. HIỆU QUẢ HOẠT ĐỘNG",
            "V. PHƯƠNG HƯỚNG, NHIỆM VỤ NĂM 2019",
        ]
    );
    // Empty sections are left out and the numbering closes up.
    let mut r = kim_son_2018();
    r.directives.clear();
    r.narrative.clear();
    assert_eq!(headings(&r), ["I. KẾT QUẢ HOẠT ĐỘNG", "II. HIỆU QUẢ HOẠT ĐỘNG"]);
    let ps = paragraphs(&document(&r));
    assert!(ps
        .iter()
        .any(|p| p == "Trung tâm học tập cộng đồng phường Kim Sơn báo cáo kết quả hoạt động năm 2018 như sau:"));
    assert!(ps
        .iter()
        .any(|p| p == "Trên đây là báo cáo kết quả hoạt động năm 2018 của Trung tâm học tập cộng đồng phường Kim Sơn./."));
}

#[test]
fn own_sections_and_subsections() {
    let mut r = kim_son_2018();
    let para = |slot, title: Option<&str>, text: &str| Paragraph {
        slot,
        title: title.map(Into::into),
        text: text.into(),
        source: None,
    };
    r.narrative
        .push(para(NarrativeSlot::Section(1), Some("Ban giám đốc"), "Có {tong_so_lop} lớp."));
    r.narrative
        .push(para(NarrativeSlot::Section(7), Some("Kiến nghị, đề xuất"), "Đề nghị cấp kinh phí."));
    let h = headings(&r);
    assert_eq!(h.last().map(String::as_str), Some("VI. KIẾN NGHỊ, ĐỀ XUẤT"));
    let ps = paragraphs(&document(&r));
    assert!(ps.iter().any(|p| p == "1. Ban giám đốc"));
    assert!(ps.iter().any(|p| p == "Có 70 lớp."));
    assert!(ps.iter().any(|p| p == "Đề nghị cấp kinh phí."));
}

/// Every '<' starts markup and every '&' an entity: text cannot break the XML.
fn assert_clean_xml(name: &str, s: &str) {
    assert!(
        !s.chars().any(|c| (c as u32) < 0x20 && !"\t\n\r".contains(c)),
        "{name}: control character"
    );
    let b = s.as_bytes();
    for (i, &c) in b.iter().enumerate() {
        if c == b'<' {
            let n = b.get(i + 1).copied().unwrap_or(b' ');
            assert!(
                n.is_ascii_alphabetic() || n == b'/' || n == b'?' || n == b'!',
                "{name}: raw '<' at {i}"
            );
        }
        if c == b'&' {
            let rest = &s[i..];
            let ok = ["&amp;", "&lt;", "&gt;", "&quot;", "&apos;", "&#"]
                .iter()
                .any(|e| rest.starts_with(e));
            assert!(ok, "{name}: raw '&' at {i}");
        }
    }
    parse(s).unwrap_or_else(|e| panic!("{name}: {e}"));
}

#[test]
fn control_characters_removed_and_markup_characters_kept_as_text() {
    let mut r = kim_son_2018();
    r.unit.issuer = Some("TT <A&B> \"C\"\u{1}\u{7}".into());
    r.narrative[1].text = "Dòng\u{0}một <b>&amp; \"trích\" 'dẫn'\u{1f}.".into();
    r.document.signer.name = Some("Nguyễn \u{b}Văn <An>".into());
    let p = render_parts(&r);
    for (name, xml) in &p {
        if name.ends_with(".xml") || name.ends_with(".rels") {
            assert_clean_xml(name, xml);
        }
    }
    let ps = paragraphs(&parse(&p["word/document.xml"]).unwrap().root);
    assert!(ps.iter().any(|p| p == "TT <A&B> \"C\""), "{:?}", &ps[..8]);
    assert!(ps.iter().any(|p| p == "Dòngmột <b>&amp; \"trích\" 'dẫn'."));
    assert!(ps.iter().any(|p| p == "Nguyễn Văn <An>"));
}

/// ECMA-376 Part 1 sequences (transitional schema), written out here
/// independently of the writer's own table.
const SEQUENCES: &[(&str, &[&str])] = &[
    (
        "w:pPr",
        &[
            "pStyle",
            "keepNext",
            "keepLines",
            "pageBreakBefore",
            "framePr",
            "widowControl",
            "numPr",
            "suppressLineNumbers",
            "pBdr",
            "shd",
            "tabs",
            "suppressAutoHyphens",
            "kinsoku",
            "wordWrap",
            "overflowPunct",
            "topLinePunct",
            "autoSpaceDE",
            "autoSpaceDN",
            "bidi",
            "adjustRightInd",
            "snapToGrid",
            "spacing",
            "ind",
            "contextualSpacing",
            "mirrorIndents",
            "suppressOverlap",
            "jc",
            "textDirection",
            "textAlignment",
            "textboxTightWrap",
            "outlineLvl",
            "divId",
            "cnfStyle",
            "rPr",
            "sectPr",
            "pPrChange",
        ],
    ),
    (
        "w:rPr",
        &[
            "ins",
            "del",
            "moveFrom",
            "moveTo",
            "rStyle",
            "rFonts",
            "b",
            "bCs",
            "i",
            "iCs",
            "caps",
            "smallCaps",
            "strike",
            "dstrike",
            "outline",
            "shadow",
            "emboss",
            "imprint",
            "noProof",
            "snapToGrid",
            "vanish",
            "webHidden",
            "color",
            "spacing",
            "w",
            "kern",
            "position",
            "sz",
            "szCs",
            "highlight",
            "u",
            "effect",
            "bdr",
            "shd",
            "fitText",
            "vertAlign",
            "rtl",
            "cs",
            "em",
            "lang",
            "eastAsianLayout",
            "specVanish",
            "oMath",
            "rPrChange",
        ],
    ),
    (
        "w:tblPr",
        &[
            "tblStyle",
            "tblpPr",
            "tblOverlap",
            "bidiVisual",
            "tblStyleRowBandSize",
            "tblStyleColBandSize",
            "tblW",
            "jc",
            "tblCellSpacing",
            "tblInd",
            "tblBorders",
            "shd",
            "tblLayout",
            "tblCellMar",
            "tblLook",
            "tblCaption",
            "tblDescription",
            "tblPrChange",
        ],
    ),
    (
        "w:trPr",
        &[
            "cnfStyle",
            "divId",
            "gridBefore",
            "gridAfter",
            "wBefore",
            "wAfter",
            "cantSplit",
            "trHeight",
            "tblHeader",
            "tblCellSpacing",
            "jc",
            "hidden",
            "ins",
            "del",
            "trPrChange",
        ],
    ),
    (
        "w:tcPr",
        &[
            "cnfStyle",
            "tcW",
            "gridSpan",
            "hMerge",
            "vMerge",
            "tcBorders",
            "shd",
            "noWrap",
            "tcMar",
            "textDirection",
            "tcFitText",
            "vAlign",
            "hideMark",
            "headers",
            "cellIns",
            "cellDel",
            "cellMerge",
            "tcPrChange",
        ],
    ),
    (
        "w:sectPr",
        &[
            "headerReference",
            "footerReference",
            "footnotePr",
            "endnotePr",
            "type",
            "pgSz",
            "pgMar",
            "paperSrc",
            "pgBorders",
            "lnNumType",
            "pgNumType",
            "cols",
            "formProt",
            "vAlign",
            "noEndnote",
            "titlePg",
            "textDirection",
            "bidi",
            "rtlGutter",
            "docGrid",
            "printerSettings",
            "sectPrChange",
        ],
    ),
];

fn check_order(name: &str, e: &Element, checked: &mut usize) {
    if let Some((_, seq)) = SEQUENCES.iter().find(|(n, _)| *n == e.name) {
        let mut last = 0;
        for c in elems(e) {
            let local = c.name.strip_prefix("w:").unwrap_or(&c.name);
            let Some(i) = seq.iter().position(|s| *s == local) else {
                panic!("{name}: <{}> not allowed in <{}>", c.name, e.name)
            };
            // headerReference and footerReference may interleave (one choice group).
            let i = if i == 1 { 0 } else { i };
            assert!(i >= last, "{name}: <{}> after a later element in <{}>", c.name, e.name);
            last = i;
        }
        *checked += 1;
    }
    for c in elems(e) {
        check_order(name, c, checked);
    }
}

fn assert_schema_order(p: &BTreeMap<String, String>) -> usize {
    let mut checked = 0;
    for (name, xml) in p {
        if name.ends_with(".xml") {
            check_order(name, &parse(xml).unwrap().root, &mut checked);
        }
    }
    checked
}

#[test]
fn property_children_follow_the_schema_order() {
    let checked = assert_schema_order(&render_parts(&kim_son_2018()));
    assert!(checked > 300, "checked {checked} property elements");
}

#[test]
fn same_input_same_bytes_even_across_threads() {
    let r = kim_son_2018();
    let a = render(&r, &DocxOptions::default()).unwrap();
    let b = render(&r, &DocxOptions::default()).unwrap();
    assert_eq!(a, b);
    let c = std::thread::spawn(move || render(&kim_son_2018(), &DocxOptions::default()).unwrap())
        .join()
        .unwrap();
    assert_eq!(a, c);
    let core = &parts(&a)["docProps/core.xml"];
    assert!(core.contains("2018-11-26T00:00:00Z"), "{core}");
}

#[test]
fn layout_options_change_margins_and_size() {
    let mut opts = DocxOptions::default();
    opts.layout.body_size = 13;
    opts.layout.margins_mm.left = 35;
    let p = parts(&render(&kim_son_2018(), &opts).unwrap());
    let d = &p["word/document.xml"];
    assert!(d.contains(r#"w:left="1984""#));
    assert!(p["word/styles.xml"].contains(r#"<w:sz w:val="26"/>"#));
}

#[test]
fn consolidated_layout_with_a_landscape_appendix() {
    let mut ks = kim_son_2018();
    ks.activities[0].female = Some(1);
    let mut spec = doc_spec(&ks);
    let mut wide = activity_table(&ks);
    wide.columns.push(Column {
        weight: 10,
        align: Align::Right,
    });
    spec.appendices.push(Appendix {
        label: "Phụ lục".into(),
        title: "Tổng hợp kết quả hoạt động các đơn vị".into(),
        subtitle: Some("(Kèm theo Báo cáo số 10/BC-TTHTCĐ)".into()),
        landscape: true,
        blocks: vec![Block::Table(wide)],
    });
    let p = parts(&render_document(&spec, &DocxOptions::default()).unwrap());
    assert_schema_order(&p);
    let root = parse(&p["word/document.xml"]).unwrap().root;
    let sects = find_all(&root, "w:sectPr");
    assert_eq!(sects.len(), 2);
    assert_eq!(find_all(sects[0], "w:titlePg").len(), 1, "letter: no number on page 1");
    assert_eq!(find_all(sects[0], "w:headerReference").len(), 2);
    assert!(find_all(sects[1], "w:titlePg").is_empty(), "appendix pages are numbered");
    let sz = find_all(sects[1], "w:pgSz")[0];
    assert_eq!(
        (sz.attr("w:w"), sz.attr("w:h"), sz.attr("w:orient")),
        (Some("16838"), Some("11906"), Some("landscape"))
    );
    let ps = paragraphs(&root);
    assert!(ps.iter().any(|p| p == "TỔNG HỢP KẾT QUẢ HOẠT ĐỘNG CÁC ĐƠN VỊ"));
    assert_eq!(find_all(&root, "w:tblHeader").len(), 4);
    // The appendix's table spans the landscape text width.
    let widths: Vec<_> = find_all(&root, "w:tblW")
        .iter()
        .filter_map(|w| w.attr("w:w").map(str::to_string))
        .collect();
    assert!(widths.contains(&(16838 - 1701 - 850).to_string()), "{widths:?}");
}

/// Converts with LibreOffice when it is installed and reads the PDF back.
#[test]
fn libreoffice_opens_and_prints_it() {
    if !common::on_path("soffice") {
        eprintln!("SKIPPED: soffice not found");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let docx = dir.path().join("kim-son-2018.docx");
    std::fs::write(&docx, render(&kim_son_2018(), &DocxOptions::default()).unwrap()).unwrap();
    common::soffice_convert(dir.path(), &docx, "pdf", "pdf");
    let pdf = dir.path().join("kim-son-2018.pdf");
    if !common::on_path("pdftotext") {
        eprintln!("SKIPPED: pdftotext not found");
        return;
    }
    let txt = std::process::Command::new("pdftotext")
        .arg("-layout")
        .arg(&pdf)
        .arg("-")
        .output()
        .unwrap();
    assert!(txt.status.success());
    let txt = String::from_utf8_lossy(&txt.stdout);
    assert!(txt.contains("6.778"), "{txt}");
    assert!(txt.contains("Đặng Cương Quyết"), "{txt}");
    let pages = txt.matches('\u{c}').count().max(1);
    assert!((1..=6).contains(&pages), "{pages} pages");
}
