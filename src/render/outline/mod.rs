//! The office's own outline (đề cương): a Word document written by the
//! office above the centres, with placeholders, filled from a workbook.
//!
//! docx-rs writes documents but cannot edit one, so this is zip and XML
//! work on the outline itself: [`package`] opens it bounded (the workbook
//! reader's archive guard, an XML depth limit) and writes back only the
//! parts that changed, [`placeholder`] says what a placeholder is,
//! [`fill`] finds placeholders across the runs Word splits text into and
//! replaces them, [`values`] gives them the texts the built-in report
//! prints. Everything the outline does not need changed (styles,
//! numbering, page setup, headers and footers without placeholders,
//! pictures) is copied byte for byte. The output carries the program's
//! mark, so that a later run may replace it; the outline itself never does
//! (the office edits it, like the blank workbook a clerk fills).
//!
//! Errors are diagnostics naming the paragraph (its number in the part and
//! the start of its text); on any error nothing is written.

pub mod fill;
mod package;
pub mod placeholder;
pub mod template;
mod values;

use std::path::Path;

use crate::diag::Diagnostic;
use crate::mark::Mark;
use crate::model::Report;
use crate::read::Limits;
use crate::render::docx::{xml, Block};
use fill::{Fault, Outcome, Values};
use package::{Package, ReadError};

/// The filled document and what the filling found worth noting.
#[derive(Debug)]
pub struct Filled {
    pub bytes: Vec<u8>,
    /// `N-OUTLINE-EMPTY`: block placeholders the workbook had nothing for.
    pub notes: Vec<Diagnostic>,
}

/// Why no document was made.
#[derive(Debug)]
pub struct Failure {
    /// The outline could not be read at all (exit 2), rather than having
    /// faults in its placeholders (exit 1).
    pub unreadable: bool,
    pub diagnostics: Vec<Diagnostic>,
}

impl Failure {
    fn read(e: ReadError) -> Failure {
        let d = match e {
            ReadError::Unreadable { vi, en } => Diagnostic::new(
                "E-OUTLINE-UNREADABLE",
                format!("Không đọc được đề cương: {vi}."),
                format!("Cannot read the outline: {en}."),
            ),
            ReadError::TooLarge(what) => Diagnostic::new(
                "E-OUTLINE-TOO-LARGE",
                format!("Đề cương vượt giới hạn an toàn: {what}."),
                format!("The outline is over the safety limits: {what}."),
            ),
        };
        Failure {
            unreadable: true,
            diagnostics: vec![d],
        }
    }
}

/// The bounds on an outline: an office's outline is a few pages, its
/// document part well under a megabyte; pictures may make the file a few
/// megabytes. An XML part we parse is held to `text_bytes` (4 MB): its tree
/// takes up to some 20 times that (a part of empty paragraphs, measured).
/// `--no-limits` lifts them, as for workbooks.
pub fn limits(no_limits: bool) -> Limits {
    if no_limits {
        return Limits::unlimited();
    }
    Limits {
        file_bytes: 20 << 20,
        part_bytes: 16 << 20,
        total_bytes: 64 << 20,
        text_bytes: 4 << 20,
        ..Limits::default()
    }
}

/// Reads the outline file, bounded by `limits.file_bytes`; only a regular file.
pub fn read(path: &Path, limits: &Limits) -> Result<Vec<u8>, Failure> {
    use std::io::Read;
    let fail = |vi: String, en: String| Failure::read(ReadError::Unreadable { vi, en });
    let io = |e: std::io::Error| {
        let (vi, en) = crate::fs_error::explain(&e, path, crate::fs_error::Action::Read);
        fail(vi, en)
    };
    let meta = std::fs::metadata(path).map_err(io)?;
    if !meta.is_file() {
        return Err(fail(
            format!("{} không phải một tệp thường", path.display()),
            format!("{} is not a regular file", path.display()),
        ));
    }
    if meta.len() > limits.file_bytes {
        return Err(Failure::read(ReadError::TooLarge(format!(
            "tệp {} byte (giới hạn {})",
            meta.len(),
            limits.file_bytes
        ))));
    }
    let mut bytes = Vec::new();
    std::fs::File::open(path)
        .and_then(|f| f.take(limits.file_bytes.saturating_add(1)).read_to_end(&mut bytes))
        .map_err(io)?;
    Ok(bytes)
}

/// Checks an outline before any work: readable, every placeholder known
/// and in a place it may stand. The faults do not depend on the workbook,
/// so a long consolidation is not run for an outline that would fail.
pub fn check(bytes: &[u8], limits: &Limits) -> Result<(), Failure> {
    let report = Report::default();
    let values = values::ReportValues::new(&report, &[]);
    run(bytes, &values, limits).map(|_| ())
}

/// Fills `bytes` (the outline) from `report`; `by_unit` is what
/// `{bang_don_vi}` stands for (the consolidated report's per-unit tables,
/// empty for a ward's report). The result carries `mark`.
pub fn fill(bytes: &[u8], report: &Report, by_unit: &[Block], mark: Mark, limits: &Limits) -> Result<Filled, Failure> {
    let values = values::ReportValues::new(report, by_unit);
    let (pkg, changed, notes) = run(bytes, &values, limits)?;
    let bytes = pkg.write(&changed, mark, limits).map_err(Failure::read)?;
    Ok(Filled { bytes, notes })
}

type Run<'a> = (Package<'a>, Vec<(String, Vec<u8>)>, Vec<Diagnostic>);

fn run<'a>(bytes: &'a [u8], values: &dyn Values, limits: &Limits) -> Result<Run<'a>, Failure> {
    let mut pkg = Package::open(bytes, limits).map_err(Failure::read)?;
    let mut errors = Vec::new();
    let mut notes = Vec::new();
    let mut changed = Vec::new();
    for part in pkg.parts.iter_mut() {
        let width = text_width(&part.doc.root);
        let out: Outcome = fill::fill_part(&mut part.doc.root, values, part.main, width);
        let (vi, en) = part_words(&part.name);
        for p in &out.problems {
            errors.push(problem(p, &vi, &en));
        }
        for (para, excerpt, name) in &out.empty {
            notes.push(Diagnostic::new(
                "N-OUTLINE-EMPTY",
                format!("Đoạn {para} của {vi} (\"{excerpt}\"): sổ không có nội dung cho ô chờ {{{name}}}; đoạn này được bỏ."),
                format!(
                    "Paragraph {para} of the {en} (\"{excerpt}\"): the workbook has nothing for {{{name}}}; the paragraph is left out."
                ),
            ));
        }
        if out.changed {
            changed.push((part.name.clone(), xml::serialize(&part.doc).into_bytes()));
        }
    }
    if !errors.is_empty() {
        return Err(Failure {
            unreadable: false,
            diagnostics: errors,
        });
    }
    Ok((pkg, changed, notes))
}

/// How a part is named to the clerk, in Vietnamese and English.
fn part_words(name: &str) -> (String, String) {
    let file = name.rsplit('/').next().unwrap_or(name);
    if name == "word/document.xml"
        || !(file.starts_with("header") || file.starts_with("footer") || file.starts_with("footnotes") || file.starts_with("endnotes"))
    {
        ("thân văn bản".into(), "document body".into())
    } else if file.starts_with("header") {
        (format!("đầu trang ({file})"), format!("header ({file})"))
    } else if file.starts_with("footer") {
        (format!("chân trang ({file})"), format!("footer ({file})"))
    } else {
        (format!("chú thích ({file})"), format!("notes ({file})"))
    }
}

fn problem(p: &fill::Problem, vi: &str, en: &str) -> Diagnostic {
    let (n, x) = (p.para, &p.excerpt);
    let at_vi = format!("Đoạn {n} của {vi} (\"{x}\")");
    let at_en = format!("Paragraph {n} of the {en} (\"{x}\")");
    match &p.fault {
        Fault::Unknown(name) => Diagnostic::new(
            "E-OUTLINE-PLACEHOLDER-UNKNOWN",
            format!("{at_vi}: không có ô chờ {{{name}}}. Sửa theo danh sách ô chờ trong docs/outline.md; muốn in dấu ngoặc nhọn thì gõ {{{{ và }}}}."),
            format!("{at_en}: there is no placeholder {{{name}}}. Use a name from docs/outline.md; for a literal brace type {{{{ or }}}}."),
        ),
        Fault::Unclosed => Diagnostic::new(
            "E-OUTLINE-PLACEHOLDER-INVALID",
            format!("{at_vi}: dấu {{ không có dấu }} đóng trong cùng đoạn. Viết đủ {{ten_o_cho}}, hoặc gõ {{{{ để in dấu {{."),
            format!("{at_en}: a {{ has no closing }} in the same paragraph. Write {{name}} in full, or type {{{{ for a literal {{."),
        ),
        Fault::LoneClose => Diagnostic::new(
            "E-OUTLINE-PLACEHOLDER-INVALID",
            format!("{at_vi}: dấu }} không đóng ô chờ nào. Gõ }}}} để in dấu }}."),
            format!("{at_en}: a }} closes no placeholder. Type }}}} for a literal }}."),
        ),
        Fault::BlockNotAlone(name) => Diagnostic::new(
            "E-OUTLINE-PLACEHOLDER-INVALID",
            format!("{at_vi}: ô chờ {{{name}}} thay cả đoạn nên phải đứng riêng một đoạn (chỉ có thể thêm \"./.\" sau nó). Tách phần chữ còn lại ra đoạn khác."),
            format!("{at_en}: {{{name}}} replaces its whole paragraph, so it must stand alone in it (only \"./.\" may follow). Move the other text to another paragraph."),
        ),
        Fault::BlockNotHere(name) => Diagnostic::new(
            "E-OUTLINE-PLACEHOLDER-INVALID",
            format!("{at_vi}: ô chờ {{{name}}} thay cả đoạn bằng nội dung của báo cáo, không dùng được ở đầu trang, chân trang hay chú thích. Đưa nó vào thân văn bản."),
            format!("{at_en}: {{{name}}} is replaced by report content and cannot stand in a header, footer or note. Put it in the document body."),
        ),
    }
}

/// The text width of the document's last section (page width less the
/// side margins), in twips; the built-in layout's when the part says none.
fn text_width(root: &xml::Element) -> i32 {
    let default = crate::render::docx::build::Geometry::new(&crate::config::Layout::default()).text_width;
    fn last<'e>(e: &'e xml::Element, name: &str) -> Option<&'e xml::Element> {
        e.children.iter().rev().find_map(|n| match n {
            xml::Node::Elem(c) if c.name == name => Some(c),
            _ => None,
        })
    }
    last(root, "w:body")
        .and_then(|b| last(b, "w:sectPr"))
        .and_then(fill::section_width)
        .unwrap_or(default)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A damaged outline is an error, never a panic: every cut, and bit
    /// flips across the whole package.
    #[test]
    fn truncated_and_flipped_outlines_never_panic() {
        let bytes = template::starting_outline().unwrap();
        let r = crate::example::kim_son_2018();
        let l = limits(false);
        for cut in (0..bytes.len()).step_by(61) {
            assert!(fill(&bytes[..cut], &r, &[], Mark::Report, &l).is_err(), "cut at {cut}");
        }
        for i in (0..bytes.len()).step_by(37) {
            let mut b = bytes.clone();
            b[i] ^= 0x55;
            let _ = fill(&b, &r, &[], Mark::Report, &l);
        }
    }
}
