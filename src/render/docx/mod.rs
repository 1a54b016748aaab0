//! The official report (.docx, Decree 30/2020/NĐ-CP, Mẫu 1.4) from the model.
//!
//! [`render`] builds a [`DocSpec`] from a [`Report`] (the section plan of
//! report.md) and lays it out with [`render_document`]; a consolidated town
//! report fills its own [`DocSpec`] (sections, a wide table in a landscape
//! [`Appendix`]) and calls [`render_document`] directly.
//!
//! docx-rs writes the parts; before packing, [`xml`] puts property elements
//! in ECMA-376 order, drops what the schema does not allow there, injects
//! `w:tblHeader` and renumbers paragraph ids; [`package`] ships only the
//! parts a relationship reaches; and the zip is written with fixed
//! timestamps so that the same input gives the same bytes. Every part then
//! validates against the ISO/IEC 29500 Transitional schemas
//! (tests/schema.rs).
//!
//! The document is Vietnamese whatever [`DocxOptions::lang`] says: it is an
//! official Vietnamese document, to be printed, signed and filed, and every
//! label on it (Số, Kính gửi, Nơi nhận, the motto) belongs to the official
//! form. `lang` is kept for the error messages of callers and future use.

pub(crate) mod build;
mod content;
mod font_widths;
pub mod html;
pub mod lines;
pub(crate) mod package;
pub mod spec;
pub mod words;
pub mod xml;

use std::io::{Cursor, Write};

pub use build::{header_columns, header_lines, Geometry};
pub use content::{activity_table, doc_spec, fill_placeholders, PLACEHOLDERS};
pub(crate) use content::{list_marks, narrative_blocks, value_of};
pub use spec::{Align, Appendix, Block, Column, DocSpec, HeadCell, RowSpec, Section, TableSpec};

use crate::model::Report;

/// Layout and language of the written report.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct DocxOptions {
    pub layout: crate::config::Layout,
    /// Does not change the document (see the module docs).
    pub lang: crate::diag::Lang,
}

#[derive(thiserror::Error, Debug)]
pub enum DocxError {
    /// A part docx-rs wrote could not be read back (a bug, not bad input).
    #[error("lỗi nội bộ khi tạo tệp Word ({part}): {source}")]
    Xml { part: String, source: xml::XmlError },
    /// A part was not UTF-8 (a bug, not bad input).
    #[error("lỗi nội bộ khi tạo tệp Word ({part}): không phải UTF-8")]
    Encoding { part: String },
    #[error("không ghi được tệp Word: {0}")]
    Zip(#[from] zip::result::ZipError),
    #[error("không ghi được tệp Word: {0}")]
    Io(#[from] std::io::Error),
}

/// The report as .docx bytes. Deterministic: same input → byte-identical output.
pub fn render(report: &Report, opts: &DocxOptions) -> Result<Vec<u8>, DocxError> {
    render_document(&doc_spec(report), opts)
}

/// Any document of the report form (header, title, Kính gửi, numbered
/// sections, closing, signature, appendices) as .docx bytes.
pub fn render_document(doc: &DocSpec, opts: &DocxOptions) -> Result<Vec<u8>, DocxError> {
    let g = build::Geometry::new(&opts.layout);
    // Core properties carry the document's date, never the clock.
    let date = doc
        .date
        .map(|d| d.format("%Y-%m-%dT00:00:00Z").to_string())
        .unwrap_or_else(|| "2000-01-01T00:00:00Z".into());
    let x = build::document(doc, &g, &date).build();
    let has_appendix = !doc.appendices.is_empty();

    let mut parts: Vec<(String, Vec<u8>)> = vec![
        ("[Content_Types].xml".into(), x.content_type),
        ("_rels/.rels".into(), x.rels),
        ("docProps/app.xml".into(), x.doc_props.app),
        ("docProps/core.xml".into(), x.doc_props.core),
        ("docProps/custom.xml".into(), x.doc_props.custom),
        ("word/_rels/document.xml.rels".into(), x.document_rels),
        ("word/document.xml".into(), x.document),
        ("word/styles.xml".into(), x.styles),
        ("word/settings.xml".into(), x.settings),
        ("word/fontTable.xml".into(), x.font_table),
        ("word/comments.xml".into(), x.comments),
        ("word/numbering.xml".into(), x.numberings),
        ("word/commentsExtended.xml".into(), x.comments_extended),
        ("word/footnotes.xml".into(), x.footnotes),
    ];
    for (i, h) in x.headers.into_iter().enumerate() {
        parts.push((format!("word/header{}.xml", i + 1), h));
        if let Some(r) = x.header_rels.get(i) {
            parts.push((format!("word/_rels/header{}.xml.rels", i + 1), r.clone()));
        }
    }
    for (i, f) in x.footers.into_iter().enumerate() {
        parts.push((format!("word/footer{}.xml", i + 1), f));
        if let Some(r) = x.footer_rels.get(i) {
            parts.push((format!("word/_rels/footer{}.xml.rels", i + 1), r.clone()));
        }
    }

    let mut next_id = 1u32;
    for (name, bytes) in parts.iter_mut() {
        if name.ends_with(".xml") {
            *bytes = fix_part(name, bytes, &mut next_id, has_appendix)?;
        }
    }
    package::prune(&mut parts)?;
    pack(&parts)
}

/// Schema order, table headers, stable ids; the body's final section keeps
/// its first-page header flag only when the letter is the last section.
pub(crate) fn fix_part(name: &str, bytes: &[u8], next_id: &mut u32, has_appendix: bool) -> Result<Vec<u8>, DocxError> {
    let text = std::str::from_utf8(bytes).map_err(|_| DocxError::Encoding { part: name.to_string() })?;
    let mut doc = xml::parse(text).map_err(|source| DocxError::Xml {
        part: name.to_string(),
        source,
    })?;
    xml::inject_table_headers(&mut doc.root);
    xml::drop_style_ppr_rpr(&mut doc.root);
    xml::drop_disallowed_attrs(&mut doc.root);
    xml::reorder(&mut doc.root);
    xml::renumber_para_ids(&mut doc.root, next_id);
    if has_appendix && name == "word/document.xml" {
        drop_final_title_pg(&mut doc.root);
    }
    Ok(xml::serialize(&doc).into_bytes())
}

/// An appendix after the letter numbers its first page: the first-page flag
/// belongs to the letter's own section only.
fn drop_final_title_pg(root: &mut xml::Element) {
    for n in root.children.iter_mut() {
        if let xml::Node::Elem(body) = n {
            if body.name == "w:body" {
                for m in body.children.iter_mut() {
                    if let xml::Node::Elem(s) = m {
                        if s.name == "w:sectPr" {
                            s.children.retain(|c| !matches!(c, xml::Node::Elem(e) if e.name == "w:titlePg"));
                        }
                    }
                }
            }
        }
    }
}

/// Zips the parts in their given order with fixed timestamps.
pub(crate) fn pack(parts: &[(String, Vec<u8>)]) -> Result<Vec<u8>, DocxError> {
    use zip::write::SimpleFileOptions;
    let opts = SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .last_modified_time(zip::DateTime::default())
        .unix_permissions(0o644);
    let mut z = zip::ZipWriter::new(Cursor::new(Vec::new()));
    for (name, bytes) in parts {
        z.start_file(name.as_str(), opts)?;
        z.write_all(bytes)?;
    }
    // The zip crate records the running system; the same bytes everywhere.
    let mut packed = z.finish()?;
    crate::render::zip_origin::mark_made_by_unix(&mut packed).map_err(zip::result::ZipError::Io)?;
    Ok(packed.into_inner())
}
