//! The starting outline (`baocao template --outline FILE.docx`): the
//! built-in report's layout with a placeholder wherever the report prints
//! something from the workbook, every placeholder used once at least, and
//! a short explanation in Vietnamese at its top for the office to read and
//! delete. Built from a [`DocSpec`] by the report's own renderer, so the
//! outline looks like the report it stands for.

use std::io::{Cursor, Read};

use super::fill;
use crate::model::Signer;
use crate::render::docx::xml::{self, Element, Node};
use crate::render::docx::{self as docx, Block, DocSpec, DocxError, DocxOptions, Section};

/// The explanation at the top; braces doubled where they are shown, not
/// filled. The last line uses the date's parts, which the header does not.
const EXPLANATION: &[&str] = &[
    "HƯỚNG DẪN (xoá các đoạn in nghiêng màu đỏ này trước khi gửi đề cương cho các trung tâm).",
    "Đây là đề cương mẫu do baocao tạo. Chữ trong ngoặc nhọn, như {{don_vi}}, là ô chờ: khi lập báo cáo bằng lệnh \
     baocao lapbaocao SO.xlsx --outline DE-CUONG.docx -o BAO-CAO.docx, mỗi ô chờ được thay bằng số liệu hoặc nội dung của sổ, \
     giữ nguyên kiểu chữ của đoạn. Viết ô chờ bằng chữ in hoa ({{DON_VI}}) thì nội dung được in hoa.",
    "Các ô chờ {{muc:…}}, {{bang_hoat_dong}}, {{chi_tieu}} và {{van_ban}} thay cả đoạn, nên phải đứng riêng một đoạn. \
     Muốn in dấu ngoặc nhọn thì gõ hai lần: {{{{ và }}}}. Danh sách đầy đủ các ô chờ ở docs/outline.md.",
    "Ngày viết theo từng phần: {dia_danh}, ngày {ngay} tháng {thang} năm {nam}.",
];

/// Marks the place of the date line, which the layout builds from parts.
const DATE_SENTINEL: &str = "@@ngay_thang@@";

fn text(s: &str) -> Block {
    Block::Text(s.to_string())
}

fn spec() -> DocSpec {
    let section = |title: &str, blocks: Vec<Block>| Section {
        title: title.to_string(),
        blocks,
    };
    DocSpec {
        authority: Some("{co_quan_cap_tren}".into()),
        issuer: Some("{don_vi}".into()),
        number: Some("{so_ky_hieu}".into()),
        place: Some(DATE_SENTINEL.into()),
        date: None,
        year_hint: None,
        kind: "BÁO CÁO".into(),
        title: "{trich_yeu}".into(),
        recipients: vec!["{kinh_gui}".into()],
        opening: vec![text("{muc:mo_dau}")],
        sections: vec![
            section("Đặc điểm tình hình", vec![text("{muc:dac_diem}")]),
            section("Công tác chỉ đạo, triển khai", vec![text("{van_ban}"), text("{muc:chi_dao}")]),
            section(
                "Kết quả hoạt động",
                vec![
                    text("{muc:ket_qua}"),
                    text("{bang_hoat_dong}"),
                    text(
                        "Trong {ky_bao_cao}, {dia_ban} đã tổ chức {tong_so_lop} lớp, chuyên đề ở {so_hoat_dong} loại hoạt động, \
                         thu hút {tong_luot_nguoi} lượt người tham gia (trong đó nữ {tong_nu} lượt).",
                    ),
                    // Only the consolidated report has it; a ward's leaves it out.
                    text("{bang_don_vi}"),
                ],
            ),
            section(
                "Hiệu quả hoạt động",
                vec![text("Các chỉ tiêu, so với {ky_truoc}:"), text("{chi_tieu}"), text("{muc:hieu_qua}")],
            ),
            section("Phương hướng, nhiệm vụ {ky_toi}", vec![text("{muc:phuong_huong}")]),
        ],
        // The ward's own sections, then the closing; "./." follows it.
        closing: vec![text("{muc:khac}"), text("{muc:ket_luan}")],
        copies_to: vec!["Như trên".into(), "Lưu: VT".into()],
        signer: Signer {
            authority: Some("{ky_thay_mat}".into()),
            title: Some("{chuc_vu}".into()),
            name: Some("{nguoi_ky}".into()),
        },
        appendices: Vec::new(),
        // An office edits it: like the blank workbook, it carries no mark.
        mark: None,
    }
}

/// The starting outline as .docx bytes. Deterministic.
pub fn starting_outline() -> Result<Vec<u8>, DocxError> {
    let bytes = docx::render_document(&spec(), &DocxOptions::default())?;
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes))?;
    let mut parts = Vec::new();
    for i in 0..zip.len() {
        let mut f = zip.by_index(i)?;
        let mut data = Vec::new();
        f.read_to_end(&mut data)?;
        parts.push((f.name()?.into_owned(), data));
    }
    for (name, data) in parts.iter_mut() {
        if name == "word/document.xml" {
            *data = edit_document(data)?;
        }
    }
    docx::pack(&parts)
}

/// The date line becomes `{ngay_thang}`; the explanation goes on top.
fn edit_document(data: &[u8]) -> Result<Vec<u8>, DocxError> {
    let part = || "word/document.xml".to_string();
    let text = std::str::from_utf8(data).map_err(|_| DocxError::Encoding { part: part() })?;
    let mut doc = xml::parse(text).map_err(|source| DocxError::Xml { part: part(), source })?;
    replace_date(&mut doc.root);
    let rpr = xml::parse(
        r#"<w:rPr><w:rFonts w:ascii="Times New Roman" w:hAnsi="Times New Roman" w:eastAsia="Times New Roman" w:cs="Times New Roman"/><w:i/><w:iCs/><w:color w:val="C00000"/><w:sz w:val="24"/><w:szCs w:val="24"/></w:rPr>"#,
    )
    .map_err(|source| DocxError::Xml { part: part(), source })?
    .root;
    let ppr = xml::parse(r#"<w:pPr><w:spacing w:before="0" w:after="120"/><w:jc w:val="both"/></w:pPr>"#)
        .map_err(|source| DocxError::Xml { part: part(), source })?
        .root;
    if let Some(Node::Elem(body)) = doc
        .root
        .children
        .iter_mut()
        .find(|n| matches!(n, Node::Elem(e) if e.name == "w:body"))
    {
        for (i, line) in EXPLANATION.iter().enumerate() {
            body.children
                .insert(i, Node::Elem(fill::paragraph(Some(&ppr), Some(&rpr), line, false)));
        }
    }
    Ok(xml::serialize(&doc).into_bytes())
}

fn replace_date(e: &mut Element) {
    if e.name == "w:t" && e.children.iter().any(|n| matches!(n, Node::Text(t) if t.contains(DATE_SENTINEL))) {
        e.children = vec![Node::Text("{ngay_thang}".to_string())];
        return;
    }
    for n in e.children.iter_mut() {
        if let Node::Elem(c) = n {
            replace_date(c);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every placeholder of the catalogues appears in the starting outline.
    #[test]
    fn the_starting_outline_uses_every_placeholder_and_fills_cleanly() {
        let bytes = starting_outline().unwrap();
        assert_eq!(bytes, starting_outline().unwrap(), "deterministic");
        let mut zip = zip::ZipArchive::new(Cursor::new(&bytes)).unwrap();
        let mut doc = String::new();
        zip.by_name("word/document.xml").unwrap().read_to_string(&mut doc).unwrap();
        let names = super::super::placeholder::INLINE
            .iter()
            .chain(super::super::placeholder::BLOCKS)
            .chain(crate::model::narrative::PLACEHOLDERS)
            .map(|(n, _)| *n);
        for n in names {
            assert!(doc.to_lowercase().contains(&format!("{{{n}}}")), "{{{n}}} is not used");
        }
        assert!(crate::mark::mark_of(Cursor::new(&bytes)).is_none(), "the outline carries no mark");
        let r = crate::example::kim_son_2018();
        let filled = super::super::fill(&bytes, &r, &[], crate::mark::Mark::Report, &super::super::limits(false)).unwrap();
        let mut zip = zip::ZipArchive::new(Cursor::new(&filled.bytes)).unwrap();
        let mut out = String::new();
        zip.by_name("word/document.xml").unwrap().read_to_string(&mut out).unwrap();
        assert!(out.contains("Kim Sơn, ngày 26 tháng 11 năm 2018"), "{out}");
        assert!(out.contains("Chữ trong ngoặc nhọn, như {don_vi}, là ô chờ"), "{out}");
        assert!(!out.contains("{muc:ket_qua}") && out.contains(">Tên hoạt động giáo dục<"), "{out}");
        assert_eq!(crate::mark::mark_of(Cursor::new(&filled.bytes)), Some(crate::mark::Mark::Report));
    }
}
