//! The outline's package: read bounded, written back with only the parts
//! that changed re-encoded. Every other entry is copied as its compressed
//! bytes, so styles, numbering, headers without placeholders, pictures and
//! settings come out byte-identical.

use std::io::{Cursor, Read, Write};

use crate::read::Limits;
use crate::render::docx::package::{rels_of, resolve};
use crate::render::docx::xml::{self, Element, Node, XmlDoc};

/// The WordprocessingML namespace of a Transitional document (Word's and
/// LibreOffice's `w:` prefix).
pub const W_NS: &str = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";
/// The namespace of a Strict document, which Word writes only when asked.
const W_NS_STRICT: &str = "http://purl.oclc.org/ooxml/wordprocessingml/main";
const REL_OFFICE_DOCUMENT: &str = "/officeDocument";
const REL_CUSTOM: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/custom-properties";
const CT_CUSTOM: &str = "application/vnd.openxmlformats-officedocument.custom-properties+xml";
const CUSTOM_PART: &str = "docProps/custom.xml";
const FMTID: &str = "{D5CDD505-2E9C-101B-9397-08002B2CF9AE}";

/// Why an outline cannot be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ReadError {
    /// Not a .docx, with the reason in Vietnamese and English.
    Unreadable { vi: String, en: String },
    /// Over a limit, with the detail (Vietnamese) from the archive guard.
    TooLarge(String),
}

fn unreadable(vi: impl Into<String>, en: impl Into<String>) -> ReadError {
    ReadError::Unreadable {
        vi: vi.into(),
        en: en.into(),
    }
}

/// Which parts hold placeholders, and whether blocks may stand there.
#[derive(Debug, Clone)]
pub struct Part {
    pub name: String,
    pub doc: XmlDoc,
    /// The main document: block placeholders allowed.
    pub main: bool,
}

/// An opened outline: the bytes, and the parsed parts that may be filled.
pub struct Package<'a> {
    bytes: &'a [u8],
    pub parts: Vec<Part>,
    /// `[Content_Types].xml`, and whether it must be written again.
    content_types: XmlDoc,
    content_types_changed: bool,
}

/// The main part's content type in a .docx, and in a Word template (.dotx).
const CT_DOCUMENT: &str = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml";
const CT_TEMPLATE: &str = "application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml";

fn read_part(zip: &mut zip::ZipArchive<Cursor<&[u8]>>, name: &str, limits: &Limits) -> Result<Option<String>, ReadError> {
    let f = match zip.by_name(name) {
        Ok(f) => f,
        Err(zip::result::ZipError::FileNotFound) => return Ok(None),
        Err(e) => return Err(damaged(e)),
    };
    if f.encrypted() {
        return Err(encrypted());
    }
    let mut data = Vec::new();
    // The declared size was checked; the inflated stream is held to it too.
    // An XML part becomes a tree many times its size, so the parts we parse
    // are held to the text budget as well (pictures are never parsed).
    let cap = limits.part_bytes.min(limits.text_bytes);
    f.take(cap.saturating_add(1))
        .read_to_end(&mut data)
        .map_err(|e| unreadable(format!("phần {name} bị hỏng: {e}"), format!("part {name} is damaged: {e}")))?;
    if data.len() as u64 > cap {
        return Err(ReadError::TooLarge(format!("phần {name} giải nén ra hơn {cap} byte")));
    }
    let text =
        String::from_utf8(data).map_err(|_| unreadable(format!("phần {name} không phải UTF-8"), format!("part {name} is not UTF-8")))?;
    Ok(Some(text.trim_start_matches('\u{feff}').to_string()))
}

fn damaged(e: impl std::fmt::Display) -> ReadError {
    unreadable(
        format!("tệp nén hỏng hoặc bị cắt cụt: {e}"),
        format!("the archive is damaged or truncated: {e}"),
    )
}

fn encrypted() -> ReadError {
    unreadable(
        "tệp có mật khẩu; hãy gỡ mật khẩu (Word: Tệp › Thông tin › Bảo vệ tài liệu) rồi lưu lại",
        "the document is password-protected; remove the password (Word: File › Info › Protect Document) and save it again",
    )
}

fn parse(name: &str, text: &str) -> Result<XmlDoc, ReadError> {
    xml::parse(text).map_err(|e| {
        if e.what == xml::TOO_DEEP {
            ReadError::TooLarge(format!("phần {name} lồng nhau sâu hơn {} mức", xml::MAX_DEPTH))
        } else {
            unreadable(format!("phần {name}: {e}"), format!("part {name}: invalid XML at byte {}", e.at))
        }
    })
}

fn elements<'e>(e: &'e Element, name: &'e str) -> impl Iterator<Item = &'e Element> + 'e {
    e.children.iter().filter_map(move |n| match n {
        Node::Elem(c) if c.name == name => Some(c),
        _ => None,
    })
}

impl<'a> Package<'a> {
    /// Opens `bytes` as a Word document, bounded by `limits` (the same
    /// archive guard as the workbook reader's).
    pub fn open(bytes: &'a [u8], limits: &Limits) -> Result<Package<'a>, ReadError> {
        if bytes.is_empty() {
            return Err(unreadable("tệp rỗng", "the file is empty"));
        }
        if crate::read::workbook::ole_encrypted(bytes) {
            return Err(encrypted());
        }
        if bytes.starts_with(&crate::read::workbook::OLE_MAGIC) {
            return Err(unreadable(
                "đây là tệp Word 97–2003 (.doc); hãy mở bằng Word và lưu lại dạng Word Document (.docx)",
                "this is a Word 97–2003 file (.doc); open it in Word and save it as a Word Document (.docx)",
            ));
        }
        if bytes.starts_with(b"{\\rtf") {
            return Err(unreadable(
                "đây là tệp RTF; hãy mở bằng Word và lưu lại dạng .docx",
                "this is an RTF file; open it in Word and save it as .docx",
            ));
        }
        if !bytes.starts_with(b"PK") {
            return Err(unreadable(
                "không phải tệp Word .docx (có thể là tệp văn bản, PDF hoặc tệp bị hỏng)",
                "not a Word .docx file (perhaps a text file, a PDF or a damaged file)",
            ));
        }
        let names = crate::read::workbook::archive_entries(bytes, limits).map_err(|e| match e {
            crate::read::FileError::TooLarge(what) => ReadError::TooLarge(what),
            crate::read::FileError::NotSpreadsheet(what) => unreadable(what, "the archive is damaged or truncated"),
            other => damaged(other),
        })?;
        let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).map_err(damaged)?;
        let rels = read_part(&mut zip, "_rels/.rels", limits)?.ok_or_else(|| not_word(&names))?;
        let rels = parse("_rels/.rels", &rels)?;
        let main = elements(&rels.root, "Relationship")
            .find(|r| r.attr("Type").is_some_and(|t| t.ends_with(REL_OFFICE_DOCUMENT)))
            .and_then(|r| r.attr("Target"))
            .map(|t| resolve("", t))
            .ok_or_else(|| not_word(&names))?;
        if !main.starts_with("word/") && !names.iter().any(|n| n == "word/document.xml") {
            return Err(not_word(&names));
        }
        let ct = read_part(&mut zip, "[Content_Types].xml", limits)?
            .ok_or_else(|| unreadable("thiếu phần [Content_Types].xml", "the [Content_Types].xml part is missing"))?;
        let mut content_types = parse("[Content_Types].xml", &ct)?;
        let mut content_types_changed = false;
        let main_name = format!("/{main}");
        for n in content_types.root.children.iter_mut() {
            let Node::Elem(o) = n else { continue };
            if o.name != "Override" || o.attr("PartName") != Some(main_name.as_str()) {
                continue;
            }
            let ty = o.attr("ContentType").unwrap_or_default();
            if ty.contains("macroEnabled") {
                return Err(unreadable(
                    "tệp có macro (.docm, .dotm); hãy lưu lại dạng Word Document (.docx)",
                    "the file holds macros (.docm, .dotm); save it as a Word Document (.docx)",
                ));
            }
            // A Word template (.dotx) becomes a document, as Word's own "Save as .docx" does.
            if ty == CT_TEMPLATE {
                for (k, v) in o.attrs.iter_mut() {
                    if k == "ContentType" {
                        *v = CT_DOCUMENT.to_string();
                    }
                }
                content_types_changed = true;
            }
        }
        let text = read_part(&mut zip, &main, limits)?.ok_or_else(|| not_word(&names))?;
        let doc = parse(&main, &text)?;
        match doc.root.attr("xmlns:w") {
            Some(W_NS) => {}
            Some(W_NS_STRICT) => {
                return Err(unreadable(
                    "tệp lưu dạng Strict Open XML; hãy lưu lại dạng Word Document (.docx) thường",
                    "the file is saved as Strict Open XML; save it again as an ordinary Word Document (.docx)",
                ))
            }
            _ => return Err(not_word(&names)),
        }
        let mut parts = vec![Part {
            name: main.clone(),
            doc,
            main: true,
        }];
        // Headers, footers, footnotes and endnotes the document uses.
        if let Some(r) = read_part(&mut zip, &rels_of(&main), limits)? {
            let r = parse(&rels_of(&main), &r)?;
            for rel in elements(&r.root, "Relationship") {
                let ty = rel.attr("Type").unwrap_or_default();
                let filled = ["/header", "/footer", "/footnotes", "/endnotes"].iter().any(|k| ty.ends_with(k));
                if !filled || rel.attr("TargetMode") == Some("External") {
                    continue;
                }
                let name = resolve(&main, rel.attr("Target").unwrap_or_default());
                if parts.iter().any(|p| p.name == name) {
                    continue;
                }
                if let Some(text) = read_part(&mut zip, &name, limits)? {
                    let doc = parse(&name, &text)?;
                    parts.push(Part { name, doc, main: false });
                }
            }
        }
        Ok(Package {
            bytes,
            parts,
            content_types,
            content_types_changed,
        })
    }

    /// The package with `changed` parts (name, new bytes) replaced, the
    /// mark set to `mark`, every other entry copied as it was.
    pub fn write(&self, changed: &[(String, Vec<u8>)], mark: crate::mark::Mark, limits: &Limits) -> Result<Vec<u8>, ReadError> {
        let mut zip = zip::ZipArchive::new(Cursor::new(self.bytes)).map_err(damaged)?;
        let mut replaced: Vec<(String, Vec<u8>)> = changed.to_vec();
        let mut ct = self.content_types.clone();
        let mut ct_changed = self.content_types_changed;
        // The mark: in the custom properties part, made when missing.
        match read_part(&mut zip, CUSTOM_PART, limits)? {
            Some(text) => {
                let mut doc = parse(CUSTOM_PART, &text)?;
                set_mark(&mut doc.root, mark);
                replaced.push((CUSTOM_PART.to_string(), xml::serialize(&doc).into_bytes()));
            }
            None => {
                let mut doc = parse(
                    CUSTOM_PART,
                    r#"<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/custom-properties" xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes"/>"#,
                )?;
                set_mark(&mut doc.root, mark);
                let mut text = String::from(r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"#);
                text.push_str(&xml::serialize(&doc));
                replaced.push((CUSTOM_PART.to_string(), text.into_bytes()));
                let rels = read_part(&mut zip, "_rels/.rels", limits)?.unwrap_or_default();
                let mut rels = parse("_rels/.rels", &rels)?;
                let mut n = 1;
                while elements(&rels.root, "Relationship").any(|r| r.attr("Id") == Some(&format!("rIdBaocao{n}"))) {
                    n += 1;
                }
                let mut rel = Element::new("Relationship");
                rel.attrs = vec![
                    ("Id".into(), format!("rIdBaocao{n}")),
                    ("Type".into(), REL_CUSTOM.into()),
                    ("Target".into(), CUSTOM_PART.into()),
                ];
                rels.root.children.push(Node::Elem(rel));
                replaced.push(("_rels/.rels".into(), xml::serialize(&rels).into_bytes()));
                let mut o = Element::new("Override");
                o.attrs = vec![
                    ("PartName".into(), format!("/{CUSTOM_PART}")),
                    ("ContentType".into(), CT_CUSTOM.into()),
                ];
                ct.root.children.push(Node::Elem(o));
                ct_changed = true;
            }
        }
        if ct_changed {
            replaced.push(("[Content_Types].xml".into(), xml::serialize(&ct).into_bytes()));
        }
        let opts = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated)
            .last_modified_time(zip::DateTime::default())
            .unix_permissions(0o644);
        let mut out = zip::ZipWriter::new(Cursor::new(Vec::new()));
        let mut written = std::collections::HashSet::new();
        for i in 0..zip.len() {
            let f = zip.by_index_raw(i).map_err(damaged)?;
            let name = f.name().map(|n| n.into_owned()).unwrap_or_default();
            if !written.insert(name.clone()) {
                continue;
            }
            match replaced.iter().find(|(n, _)| *n == name) {
                Some((_, data)) => {
                    drop(f);
                    out.start_file(name.as_str(), opts).map_err(damaged)?;
                    out.write_all(data).map_err(damaged)?;
                }
                None => out.raw_copy_file(f).map_err(damaged)?,
            }
        }
        for (name, data) in &replaced {
            if written.insert(name.clone()) {
                out.start_file(name.as_str(), opts).map_err(damaged)?;
                out.write_all(data).map_err(damaged)?;
            }
        }
        let mut packed = out.finish().map_err(damaged)?;
        crate::render::zip_origin::mark_made_by_unix(&mut packed).map_err(damaged)?;
        Ok(packed.into_inner())
    }
}

/// What the zip holds instead of a Word document.
fn not_word(names: &[String]) -> ReadError {
    let has = |n: &str| names.iter().any(|m| m == n);
    if has("xl/workbook.xml") {
        unreadable(
            "đây là bảng tính Excel, không phải đề cương Word (.docx)",
            "this is an Excel workbook, not a Word outline (.docx)",
        )
    } else if has("content.xml") {
        unreadable(
            "đây là tệp OpenDocument (.odt); hãy lưu lại dạng Word (.docx)",
            "this is an OpenDocument file (.odt); save it as Word (.docx)",
        )
    } else {
        unreadable("tệp nén không chứa văn bản Word", "the archive holds no Word document")
    }
}

/// Sets the `baocao` property to `mark`, replacing its value or adding it.
fn set_mark(root: &mut Element, mark: crate::mark::Mark) {
    let value = || {
        let mut v = Element::new("vt:lpwstr");
        v.children.push(Node::Text(mark.as_str().to_string()));
        Node::Elem(v)
    };
    let mut max_pid = 1;
    for n in root.children.iter_mut() {
        let Node::Elem(p) = n else { continue };
        if p.name != "property" {
            continue;
        }
        max_pid = max_pid.max(p.attr("pid").and_then(|v| v.parse().ok()).unwrap_or(1));
        if p.attr("name").map(str::trim) == Some(crate::mark::PROPERTY) {
            p.children = vec![value()];
            return;
        }
    }
    let mut p = Element::new("property");
    p.attrs = vec![
        ("fmtid".into(), FMTID.into()),
        ("pid".into(), (max_pid + 1).to_string()),
        ("name".into(), crate::mark::PROPERTY.into()),
    ];
    p.children.push(value());
    root.children.push(Node::Elem(p));
}
