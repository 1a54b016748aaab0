//! The parts shipped in the .docx: only those a relationship reaches.
//!
//! docx-rs writes comments, footnotes and numbering parts whatever the
//! document holds, with no relationship to them when unused (and one to the
//! comments' extension part even without comments). A part that no
//! relationship reaches is not part of the document (ECMA-376 Part 2, §9.3):
//! Word ignores it at best, and a validator flags it. So the package is
//! pruned to what is reachable from `_rels/.rels`, and the content types
//! list only the parts that remain.

use super::xml::{self, Element, Node};
use super::DocxError;

const CONTENT_TYPES: &str = "[Content_Types].xml";
const PACKAGE_RELS: &str = "_rels/.rels";
const REL_COMMENTS: &str = "/relationships/comments";
const REL_COMMENTS_EXTENDED: &str = "/relationships/commentsExtended";

/// The relationships part of `part`: `word/document.xml` → `word/_rels/document.xml.rels`.
pub fn rels_of(part: &str) -> String {
    match part.rsplit_once('/') {
        Some((dir, file)) => format!("{dir}/_rels/{file}.rels"),
        None => format!("_rels/{part}.rels"),
    }
}

/// The part a relationship of `source` (a part name, "" for the package) targets.
pub(crate) fn resolve(source: &str, target: &str) -> String {
    if let Some(abs) = target.strip_prefix('/') {
        return abs.to_string();
    }
    let mut path: Vec<&str> = match source.rsplit_once('/') {
        Some((dir, _)) => dir.split('/').collect(),
        None => Vec::new(),
    };
    for seg in target.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                path.pop();
            }
            s => path.push(s),
        }
    }
    path.join("/")
}

fn parse(name: &str, bytes: &[u8]) -> Result<xml::XmlDoc, DocxError> {
    let text = std::str::from_utf8(bytes).map_err(|_| DocxError::Encoding { part: name.to_string() })?;
    xml::parse(text).map_err(|source| DocxError::Xml {
        part: name.to_string(),
        source,
    })
}

fn elements<'a>(e: &'a Element, name: &'a str) -> impl Iterator<Item = &'a Element> + 'a {
    e.children.iter().filter_map(move |n| match n {
        Node::Elem(c) if c.name == name => Some(c),
        _ => None,
    })
}

/// Drops a comments-extension relationship when there is no comments part to extend.
fn drop_orphan_comment_extension(rels: &mut Element) {
    let has_comments = elements(rels, "Relationship").any(|r| r.attr("Type").is_some_and(|t| t.ends_with(REL_COMMENTS)));
    if !has_comments {
        rels.children.retain(|n| {
            !matches!(n, Node::Elem(r) if r.name == "Relationship"
                && r.attr("Type").is_some_and(|t| t.ends_with(REL_COMMENTS_EXTENDED)))
        });
    }
}

/// Keeps the parts reachable from the package's relationships (with their
/// own relationship parts) and the content types, which then name only them.
pub fn prune(parts: &mut Vec<(String, Vec<u8>)>) -> Result<(), DocxError> {
    for (name, bytes) in parts.iter_mut() {
        if name.ends_with(".rels") {
            let mut doc = parse(name, bytes)?;
            drop_orphan_comment_extension(&mut doc.root);
            *bytes = xml::serialize(&doc).into_bytes();
        }
    }
    let present: std::collections::HashSet<String> = parts.iter().map(|(n, _)| n.clone()).collect();
    let mut reached: std::collections::HashSet<String> = std::collections::HashSet::new();
    let mut todo = vec![String::new()];
    while let Some(source) = todo.pop() {
        let rels_name = if source.is_empty() {
            PACKAGE_RELS.to_string()
        } else {
            rels_of(&source)
        };
        let Some((_, bytes)) = parts.iter().find(|(n, _)| *n == rels_name) else {
            continue;
        };
        let doc = parse(&rels_name, bytes)?;
        for r in elements(&doc.root, "Relationship") {
            if r.attr("TargetMode") == Some("External") {
                continue;
            }
            let target = resolve(&source, r.attr("Target").unwrap_or_default());
            if present.contains(&target) && reached.insert(target.clone()) {
                todo.push(target);
            }
        }
    }
    let keep =
        |name: &str| name == CONTENT_TYPES || name == PACKAGE_RELS || reached.contains(name) || reached.iter().any(|p| rels_of(p) == name);
    parts.retain(|(n, _)| keep(n));
    let kept: std::collections::HashSet<String> = parts.iter().map(|(n, _)| n.clone()).collect();
    if let Some((name, bytes)) = parts.iter_mut().find(|(n, _)| n == CONTENT_TYPES) {
        let mut doc = parse(name, bytes)?;
        doc.root.children.retain(|n| match n {
            Node::Elem(o) if o.name == "Override" => o.attr("PartName").is_some_and(|p| kept.contains(p.trim_start_matches('/'))),
            _ => true,
        });
        *bytes = xml::serialize(&doc).into_bytes();
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn part(name: &str, text: &str) -> (String, Vec<u8>) {
        (name.to_string(), text.as_bytes().to_vec())
    }

    #[test]
    fn targets_resolve_against_the_source_folder() {
        assert_eq!(resolve("", "word/document.xml"), "word/document.xml");
        assert_eq!(resolve("word/document.xml", "styles.xml"), "word/styles.xml");
        assert_eq!(resolve("word/document.xml", "../docProps/x.xml"), "docProps/x.xml");
        assert_eq!(resolve("word/document.xml", "/word/media/a.png"), "word/media/a.png");
        assert_eq!(rels_of("word/header1.xml"), "word/_rels/header1.xml.rels");
    }

    #[test]
    fn unreached_parts_and_their_content_types_go() {
        let mut parts = vec![
            part(
                CONTENT_TYPES,
                r#"<Types><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="d"/><Override PartName="/word/comments.xml" ContentType="c"/><Override PartName="/word/commentsExtended.xml" ContentType="e"/></Types>"#,
            ),
            part(
                PACKAGE_RELS,
                r#"<Relationships><Relationship Id="rId1" Type="x/officeDocument" Target="word/document.xml"/></Relationships>"#,
            ),
            part(
                "word/_rels/document.xml.rels",
                r#"<Relationships><Relationship Id="rId5" Type="http://schemas.microsoft.com/office/2011/relationships/commentsExtended" Target="commentsExtended.xml"/><Relationship Id="rId6" Type="x/hyperlink" Target="https://example.org" TargetMode="External"/></Relationships>"#,
            ),
            part("word/document.xml", "<w:document/>"),
            part("word/comments.xml", "<w:comments/>"),
            part("word/commentsExtended.xml", "<w15:commentsEx/>"),
        ];
        prune(&mut parts).unwrap();
        let names: Vec<&str> = parts.iter().map(|(n, _)| n.as_str()).collect();
        assert_eq!(
            names,
            [CONTENT_TYPES, PACKAGE_RELS, "word/_rels/document.xml.rels", "word/document.xml"]
        );
        let ct = String::from_utf8(parts[0].1.clone()).unwrap();
        assert_eq!(
            ct,
            r#"<Types><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="d"/></Types>"#
        );
        let rels = String::from_utf8(parts[2].1.clone()).unwrap();
        assert!(!rels.contains("commentsExtended"), "{rels}");
        assert!(rels.contains("https://example.org"), "{rels}");
    }
}
