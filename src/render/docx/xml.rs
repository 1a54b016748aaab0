//! A small XML tree for the parts docx-rs writes, and the repairs made on it
//! before packing: children of property elements put in ECMA-376 schema
//! order (Word refuses some documents whose order is wrong), `w:tblHeader`
//! injected (docx-rs has no API for it), paragraph ids renumbered (docx-rs
//! draws them from a per-thread counter, which would make two renders differ).
//!
//! The parser handles what docx-rs emits and any well-formed XML without a
//! DTD: elements, attributes, text, comments, processing instructions,
//! CDATA. Text and attribute values are kept escaped as they were, so the
//! round trip never changes them.

use std::fmt::Write as _;

#[derive(Debug, Clone, PartialEq)]
pub enum Node {
    Elem(Element),
    /// Character data, still escaped.
    Text(String),
    /// A comment, processing instruction, CDATA section or declaration, raw.
    Other(String),
}

#[derive(Debug, Clone, PartialEq)]
pub struct Element {
    pub name: String,
    /// (name, escaped value).
    pub attrs: Vec<(String, String)>,
    pub children: Vec<Node>,
}

impl Element {
    pub fn new(name: &str) -> Element {
        Element {
            name: name.to_string(),
            attrs: Vec::new(),
            children: Vec::new(),
        }
    }

    pub fn attr(&self, name: &str) -> Option<&str> {
        self.attrs.iter().find(|(n, _)| n == name).map(|(_, v)| v.as_str())
    }

    fn elems_mut(&mut self) -> impl Iterator<Item = &mut Element> {
        self.children.iter_mut().filter_map(|n| match n {
            Node::Elem(e) => Some(e),
            _ => None,
        })
    }
}

#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("XML không hợp lệ tại byte {at}: {what}")]
pub struct XmlError {
    pub at: usize,
    pub what: &'static str,
}

/// A parsed part: what comes before the root (declaration, comments), the root.
#[derive(Debug, Clone, PartialEq)]
pub struct XmlDoc {
    pub prolog: Vec<Node>,
    pub root: Element,
}

fn err(at: usize, what: &'static str) -> XmlError {
    XmlError { at, what }
}

fn find(s: &str, from: usize, pat: &str) -> Option<usize> {
    s.get(from..).and_then(|t| t.find(pat)).map(|i| from + i)
}

/// Elements nested deeper than this are refused: the tree is walked and
/// written recursively, and a Word part nests a few dozen levels at most
/// (tables in tables included); an untrusted outline could nest thousands.
pub const MAX_DEPTH: usize = 256;

/// The [`XmlError::what`] of a part nested deeper than [`MAX_DEPTH`].
pub const TOO_DEEP: &str = "phần tử lồng nhau quá sâu";

/// Parses one XML part.
pub fn parse(src: &str) -> Result<XmlDoc, XmlError> {
    let mut stack: Vec<Element> = Vec::new();
    let mut prolog = Vec::new();
    let mut root: Option<Element> = None;
    let mut i = 0;
    let push = |stack: &mut Vec<Element>, prolog: &mut Vec<Node>, n: Node| match stack.last_mut() {
        Some(top) => top.children.push(n),
        None => prolog.push(n),
    };
    while i < src.len() {
        let Some(rest) = src.get(i..) else {
            return Err(err(i, "vị trí không hợp lệ"));
        };
        if !rest.starts_with('<') {
            let end = rest.find('<').map(|k| i + k).unwrap_or(src.len());
            let text = &src[i..end];
            if stack.is_empty() {
                if !text.trim().is_empty() {
                    return Err(err(i, "văn bản ngoài phần tử gốc"));
                }
            } else {
                push(&mut stack, &mut prolog, Node::Text(text.to_string()));
            }
            i = end;
            continue;
        }
        let (close_pat, skip) = if rest.starts_with("<?") {
            ("?>", 2)
        } else if rest.starts_with("<!--") {
            ("-->", 3)
        } else if rest.starts_with("<![CDATA[") {
            ("]]>", 3)
        } else if rest.starts_with("<!") {
            (">", 1)
        } else {
            ("", 0)
        };
        if skip > 0 {
            let end = find(src, i + 2, close_pat).ok_or(err(i, "thiếu dấu đóng"))? + skip;
            push(&mut stack, &mut prolog, Node::Other(src[i..end].to_string()));
            i = end;
            continue;
        }
        // A tag: find its '>' outside quoted values.
        let mut quote: Option<char> = None;
        let mut end = None;
        for (k, c) in rest.char_indices().skip(1) {
            match (quote, c) {
                (Some(q), c) if c == q => quote = None,
                (Some(_), _) => {}
                (None, '"') | (None, '\'') => quote = Some(c),
                (None, '>') => {
                    end = Some(i + k);
                    break;
                }
                (None, '<') => return Err(err(i + k, "'<' trong thẻ")),
                _ => {}
            }
        }
        let end = end.ok_or(err(i, "thẻ không đóng"))?;
        let inner = &src[i + 1..end];
        i = end + 1;
        if let Some(name) = inner.strip_prefix('/') {
            let e = stack.pop().ok_or(err(end, "thẻ đóng thừa"))?;
            if e.name != name.trim() {
                return Err(err(end, "thẻ đóng không khớp"));
            }
            match stack.last_mut() {
                Some(top) => top.children.push(Node::Elem(e)),
                None if root.is_none() => root = Some(e),
                None => return Err(err(end, "nhiều phần tử gốc")),
            }
            continue;
        }
        let (inner, self_closing) = match inner.strip_suffix('/') {
            Some(s) => (s, true),
            None => (inner, false),
        };
        let name_end = inner.find(|c: char| c.is_whitespace()).unwrap_or(inner.len());
        let name = &inner[..name_end];
        if name.is_empty() {
            return Err(err(i, "thẻ không tên"));
        }
        let mut e = Element::new(name);
        e.attrs = parse_attrs(&inner[name_end..]).ok_or(err(i, "thuộc tính sai"))?;
        if self_closing {
            match stack.last_mut() {
                Some(top) => top.children.push(Node::Elem(e)),
                None if root.is_none() => root = Some(e),
                None => return Err(err(end, "nhiều phần tử gốc")),
            }
        } else {
            if stack.is_empty() && root.is_some() {
                return Err(err(end, "nhiều phần tử gốc"));
            }
            if stack.len() >= MAX_DEPTH {
                return Err(err(end, TOO_DEEP));
            }
            stack.push(e);
        }
    }
    if !stack.is_empty() {
        return Err(err(src.len(), "phần tử chưa đóng"));
    }
    let root = root.ok_or(err(0, "không có phần tử gốc"))?;
    Ok(XmlDoc { prolog, root })
}

fn parse_attrs(mut s: &str) -> Option<Vec<(String, String)>> {
    let mut out = Vec::new();
    loop {
        s = s.trim_start();
        if s.is_empty() {
            return Some(out);
        }
        let eq = s.find('=')?;
        let name = s[..eq].trim().to_string();
        let rest = s[eq + 1..].trim_start();
        let q = rest.chars().next().filter(|c| *c == '"' || *c == '\'')?;
        let close = rest[1..].find(q)? + 1;
        let value = rest[1..close].replace('"', "&quot;");
        if name.is_empty() {
            return None;
        }
        out.push((name, value));
        s = &rest[close + 1..];
    }
}

/// Writes the part back; elements without children are self-closed.
pub fn serialize(doc: &XmlDoc) -> String {
    let mut out = String::new();
    for n in &doc.prolog {
        write_node(&mut out, n);
    }
    write_elem(&mut out, &doc.root);
    out
}

fn write_node(out: &mut String, n: &Node) {
    match n {
        Node::Elem(e) => write_elem(out, e),
        Node::Text(t) | Node::Other(t) => out.push_str(t),
    }
}

fn write_elem(out: &mut String, e: &Element) {
    out.push('<');
    out.push_str(&e.name);
    for (k, v) in &e.attrs {
        let _ = write!(out, " {k}=\"{v}\"");
    }
    if e.children.is_empty() {
        out.push_str("/>");
        return;
    }
    out.push('>');
    for c in &e.children {
        write_node(out, c);
    }
    let _ = write!(out, "</{}>", e.name);
}

/// Child sequences of ECMA-376 Part 1 (transitional) for the property
/// elements docx-rs writes. Children not listed keep their relative order
/// after the listed ones.
pub const ORDERS: &[(&str, &[&str])] = &[
    (
        "w:pPr",
        &[
            "w:pStyle",
            "w:keepNext",
            "w:keepLines",
            "w:pageBreakBefore",
            "w:framePr",
            "w:widowControl",
            "w:numPr",
            "w:suppressLineNumbers",
            "w:pBdr",
            "w:shd",
            "w:tabs",
            "w:suppressAutoHyphens",
            "w:kinsoku",
            "w:wordWrap",
            "w:overflowPunct",
            "w:topLinePunct",
            "w:autoSpaceDE",
            "w:autoSpaceDN",
            "w:bidi",
            "w:adjustRightInd",
            "w:snapToGrid",
            "w:spacing",
            "w:ind",
            "w:contextualSpacing",
            "w:mirrorIndents",
            "w:suppressOverlap",
            "w:jc",
            "w:textDirection",
            "w:textAlignment",
            "w:textboxTightWrap",
            "w:outlineLvl",
            "w:divId",
            "w:cnfStyle",
            "w:rPr",
            "w:sectPr",
            "w:pPrChange",
        ],
    ),
    (
        "w:rPr",
        &[
            "w:ins",
            "w:del",
            "w:moveFrom",
            "w:moveTo",
            "w:rStyle",
            "w:rFonts",
            "w:b",
            "w:bCs",
            "w:i",
            "w:iCs",
            "w:caps",
            "w:smallCaps",
            "w:strike",
            "w:dstrike",
            "w:outline",
            "w:shadow",
            "w:emboss",
            "w:imprint",
            "w:noProof",
            "w:snapToGrid",
            "w:vanish",
            "w:webHidden",
            "w:color",
            "w:spacing",
            "w:w",
            "w:kern",
            "w:position",
            "w:sz",
            "w:szCs",
            "w:highlight",
            "w:u",
            "w:effect",
            "w:bdr",
            "w:shd",
            "w:fitText",
            "w:vertAlign",
            "w:rtl",
            "w:cs",
            "w:em",
            "w:lang",
            "w:eastAsianLayout",
            "w:specVanish",
            "w:oMath",
            "w:rPrChange",
        ],
    ),
    (
        "w:tblPr",
        &[
            "w:tblStyle",
            "w:tblpPr",
            "w:tblOverlap",
            "w:bidiVisual",
            "w:tblStyleRowBandSize",
            "w:tblStyleColBandSize",
            "w:tblW",
            "w:jc",
            "w:tblCellSpacing",
            "w:tblInd",
            "w:tblBorders",
            "w:shd",
            "w:tblLayout",
            "w:tblCellMar",
            "w:tblLook",
            "w:tblCaption",
            "w:tblDescription",
            "w:tblPrChange",
        ],
    ),
    (
        "w:trPr",
        &[
            "w:cnfStyle",
            "w:divId",
            "w:gridBefore",
            "w:gridAfter",
            "w:wBefore",
            "w:wAfter",
            "w:cantSplit",
            "w:trHeight",
            "w:tblHeader",
            "w:tblCellSpacing",
            "w:jc",
            "w:hidden",
            "w:ins",
            "w:del",
            "w:trPrChange",
        ],
    ),
    (
        "w:tcPr",
        &[
            "w:cnfStyle",
            "w:tcW",
            "w:gridSpan",
            "w:hMerge",
            "w:vMerge",
            "w:tcBorders",
            "w:shd",
            "w:noWrap",
            "w:tcMar",
            "w:textDirection",
            "w:tcFitText",
            "w:vAlign",
            "w:hideMark",
            "w:headers",
            "w:cellIns",
            "w:cellDel",
            "w:cellMerge",
            "w:tcPrChange",
        ],
    ),
    (
        "w:sectPr",
        &[
            "w:headerReference",
            "w:footerReference",
            "w:footnotePr",
            "w:endnotePr",
            "w:type",
            "w:pgSz",
            "w:pgMar",
            "w:paperSrc",
            "w:pgBorders",
            "w:lnNumType",
            "w:pgNumType",
            "w:cols",
            "w:formProt",
            "w:vAlign",
            "w:noEndnote",
            "w:titlePg",
            "w:textDirection",
            "w:bidi",
            "w:rtlGutter",
            "w:docGrid",
            "w:printerSettings",
            "w:sectPrChange",
        ],
    ),
    ("w:pBdr", &["w:top", "w:left", "w:bottom", "w:right", "w:between", "w:bar"]),
    (
        "w:tblBorders",
        &[
            "w:top",
            "w:left",
            "w:start",
            "w:bottom",
            "w:right",
            "w:end",
            "w:insideH",
            "w:insideV",
        ],
    ),
    (
        "w:tcBorders",
        &[
            "w:top",
            "w:left",
            "w:start",
            "w:bottom",
            "w:right",
            "w:end",
            "w:insideH",
            "w:insideV",
            "w:tl2br",
            "w:tr2bl",
        ],
    ),
    ("w:tblCellMar", &["w:top", "w:left", "w:start", "w:bottom", "w:right", "w:end"]),
    ("w:tcMar", &["w:top", "w:left", "w:start", "w:bottom", "w:right", "w:end"]),
    ("w:docDefaults", &["w:rPrDefault", "w:pPrDefault"]),
    (
        "w:style",
        &[
            "w:name",
            "w:aliases",
            "w:basedOn",
            "w:next",
            "w:link",
            "w:autoRedefine",
            "w:hidden",
            "w:uiPriority",
            "w:semiHidden",
            "w:unhideWhenUsed",
            "w:qFormat",
            "w:locked",
            "w:personal",
            "w:personalCompose",
            "w:personalReply",
            "w:rsid",
            "w:pPr",
            "w:rPr",
            "w:tblPr",
            "w:trPr",
            "w:tcPr",
            "w:tblStylePr",
        ],
    ),
    (
        "w:settings",
        &[
            "w:writeProtection",
            "w:view",
            "w:zoom",
            "w:removePersonalInformation",
            "w:removeDateAndTime",
            "w:doNotDisplayPageBoundaries",
            "w:displayBackgroundShape",
            "w:printPostScriptOverText",
            "w:printFractionalCharacterWidth",
            "w:printFormsData",
            "w:embedTrueTypeFonts",
            "w:embedSystemFonts",
            "w:saveSubsetFonts",
            "w:saveFormsData",
            "w:mirrorMargins",
            "w:alignBordersAndEdges",
            "w:bordersDoNotSurroundHeader",
            "w:bordersDoNotSurroundFooter",
            "w:gutterAtTop",
            "w:hideSpellingErrors",
            "w:hideGrammaticalErrors",
            "w:activeWritingStyle",
            "w:proofState",
            "w:formsDesign",
            "w:attachedTemplate",
            "w:linkStyles",
            "w:stylePaneFormatFilter",
            "w:stylePaneSortMethod",
            "w:documentType",
            "w:mailMerge",
            "w:revisionView",
            "w:trackRevisions",
            "w:doNotTrackMoves",
            "w:doNotTrackFormatting",
            "w:documentProtection",
            "w:autoFormatOverride",
            "w:styleLockTheme",
            "w:styleLockQFSet",
            "w:defaultTabStop",
            "w:autoHyphenation",
            "w:consecutiveHyphenLimit",
            "w:hyphenationZone",
            "w:doNotHyphenateCaps",
            "w:showEnvelope",
            "w:summaryLength",
            "w:clickAndTypeStyle",
            "w:defaultTableStyle",
            "w:evenAndOddHeaders",
            "w:bookFoldRevPrinting",
            "w:bookFoldPrinting",
            "w:bookFoldPrintingSheets",
            "w:drawingGridHorizontalSpacing",
            "w:drawingGridVerticalSpacing",
            "w:displayHorizontalDrawingGridEvery",
            "w:displayVerticalDrawingGridEvery",
            "w:doNotUseMarginsForDrawingGridOrigin",
            "w:drawingGridHorizontalOrigin",
            "w:drawingGridVerticalOrigin",
            "w:doNotShadeFormData",
            "w:noPunctuationKerning",
            "w:characterSpacingControl",
            "w:printTwoOnOne",
            "w:strictFirstAndLastChars",
            "w:noLineBreaksAfter",
            "w:noLineBreaksBefore",
            "w:savePreviewPicture",
            "w:doNotValidateAgainstSchema",
            "w:saveInvalidXml",
            "w:ignoreMixedContent",
            "w:alwaysShowPlaceholderText",
            "w:doNotDemarcateInvalidXml",
            "w:saveXmlDataOnly",
            "w:useXSLTWhenSaving",
            "w:saveThroughXslt",
            "w:showXMLTags",
            "w:alwaysMergeEmptyNamespace",
            "w:updateFields",
            "w:hdrShapeDefaults",
            "w:footnotePr",
            "w:endnotePr",
            "w:compat",
            "w:docVars",
            "w:rsids",
            "m:mathPr",
            "w:attachedSchema",
            "w:themeFontLang",
            "w:clrSchemeMapping",
            "w:doNotIncludeSubdocsInStats",
            "w:doNotAutoCompressPictures",
            "w:forceUpgrade",
            "w:captions",
            "w:readModeInkLockDown",
            "w:smartTagType",
            "sl:schemaLibrary",
            "w:shapeDefaults",
            "w:doNotEmbedSmartTags",
            "w:decimalSymbol",
            "w:listSeparator",
        ],
    ),
    // Containers whose properties must come first.
    ("w:p", &["w:pPr"]),
    ("w:r", &["w:rPr"]),
    ("w:tbl", &["w:tblPr", "w:tblGrid"]),
    ("w:tr", &["w:tblPrEx", "w:trPr"]),
    ("w:tc", &["w:tcPr"]),
];

/// The sequence of `name`, when it has one here.
pub fn order_of(name: &str) -> Option<&'static [&'static str]> {
    ORDERS.iter().find(|(n, _)| *n == name).map(|(_, o)| *o)
}

/// Puts the children of every element with a known sequence into it.
/// For containers (`w:p`, `w:tbl`, …) only the listed properties move to the
/// front; content keeps its order.
pub fn reorder(e: &mut Element) {
    if let Some(order) = order_of(&e.name) {
        let only_elements = e.children.iter().all(|n| matches!(n, Node::Elem(_)));
        if only_elements {
            let rank = |n: &Node| match n {
                Node::Elem(c) => order.iter().position(|o| *o == c.name).unwrap_or(order.len()),
                _ => order.len(),
            };
            // Stable: equal ranks (content, repeated borders) keep their order.
            e.children.sort_by_key(rank);
        }
    }
    for c in e.elems_mut() {
        reorder(c);
    }
}

/// In styles and numbering levels, `w:pPr` is CT_PPrGeneral, which has no
/// `w:rPr`; docx-rs writes an empty one there. Drops it (only when empty:
/// nothing is lost).
pub fn drop_style_ppr_rpr(e: &mut Element) {
    if matches!(e.name.as_str(), "w:style" | "w:pPrDefault" | "w:lvl") {
        for pr in e.elems_mut().filter(|c| c.name == "w:pPr") {
            pr.children
                .retain(|n| !matches!(n, Node::Elem(r) if r.name == "w:rPr" && r.children.is_empty()));
        }
    }
    for c in e.elems_mut() {
        drop_style_ppr_rpr(c);
    }
}

/// Attributes docx-rs writes where the schema has none: `w:gridCol` is
/// CT_TblGridCol, a width only (docx-rs adds the `w:type` of a CT_TblWidth).
pub const DISALLOWED_ATTRS: &[(&str, &str)] = &[("w:gridCol", "w:type")];

/// Removes the attributes of [`DISALLOWED_ATTRS`].
pub fn drop_disallowed_attrs(e: &mut Element) {
    for (elem, attr) in DISALLOWED_ATTRS {
        if e.name == *elem {
            e.attrs.retain(|(k, _)| k != attr);
        }
    }
    for c in e.elems_mut() {
        drop_disallowed_attrs(c);
    }
}

/// Marker table style: a table whose `w:tblStyle` is `PREFIX<n>` gets
/// `w:tblHeader` on its first `n` rows, and the marker is removed.
pub const REPEAT_PREFIX: &str = "baocaoRepeatHeader";

/// Injects `w:tblHeader` where a marker asks for it.
pub fn inject_table_headers(e: &mut Element) {
    if e.name == "w:tbl" {
        let mut repeat = 0usize;
        if let Some(Node::Elem(pr)) = e.children.iter_mut().find(|n| matches!(n, Node::Elem(c) if c.name == "w:tblPr")) {
            pr.children.retain(|n| match n {
                Node::Elem(s) if s.name == "w:tblStyle" => {
                    match s
                        .attr("w:val")
                        .and_then(|v| v.strip_prefix(REPEAT_PREFIX))
                        .and_then(|n| n.parse().ok())
                    {
                        Some(n) => {
                            repeat = n;
                            false
                        }
                        None => true,
                    }
                }
                _ => true,
            });
        }
        for row in e.elems_mut().filter(|c| c.name == "w:tr").take(repeat) {
            let has_pr = row.children.iter().any(|n| matches!(n, Node::Elem(c) if c.name == "w:trPr"));
            if !has_pr {
                row.children.insert(0, Node::Elem(Element::new("w:trPr")));
            }
            if let Some(pr) = row.elems_mut().find(|c| c.name == "w:trPr") {
                if !pr.children.iter().any(|n| matches!(n, Node::Elem(c) if c.name == "w:tblHeader")) {
                    pr.children.push(Node::Elem(Element::new("w:tblHeader")));
                }
            }
        }
    }
    for c in e.elems_mut() {
        inject_table_headers(c);
    }
}

/// Renumbers `w14:paraId` from `next`, in document order, so that output does not depend on how
/// many paragraphs the thread built before.
pub fn renumber_para_ids(e: &mut Element, next: &mut u32) {
    if e.attrs.iter().any(|(k, _)| k == "w14:paraId") {
        for (k, v) in e.attrs.iter_mut() {
            if k == "w14:paraId" {
                // Values must stay below 0x80000000.
                *v = format!("{:08X}", *next & 0x7FFF_FFFF);
                *next += 1;
            }
        }
    }
    for c in e.elems_mut() {
        renumber_para_ids(c, next);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip_keeps_text_and_attributes() {
        let src = r#"<?xml version="1.0" encoding="UTF-8"?><a x="1" y='q"'><b>t &amp; &lt;u&gt;</b><!-- c --><c/></a>"#;
        let d = parse(src).unwrap();
        assert_eq!(
            serialize(&d),
            r#"<?xml version="1.0" encoding="UTF-8"?><a x="1" y="q&quot;"><b>t &amp; &lt;u&gt;</b><!-- c --><c/></a>"#
        );
    }

    #[test]
    fn malformed_input_is_an_error_not_a_panic() {
        for bad in [
            "<a>",
            "<a></b>",
            "</a>",
            "<a x=1/>",
            "<a/><b/>",
            "",
            "<a><b x='1></a>",
            "<Ä",
            "text",
        ] {
            assert!(parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn properties_are_put_in_schema_order() {
        let mut d = parse(
            r#"<w:p><w:r><w:t>x</w:t><w:rPr><w:sz/><w:b/><w:rFonts/></w:rPr></w:r><w:pPr><w:jc/><w:spacing/><w:keepNext/></w:pPr></w:p>"#,
        )
        .unwrap();
        reorder(&mut d.root);
        assert_eq!(
            serialize(&d),
            r#"<w:p><w:pPr><w:keepNext/><w:spacing/><w:jc/></w:pPr><w:r><w:rPr><w:rFonts/><w:b/><w:sz/></w:rPr><w:t>x</w:t></w:r></w:p>"#
        );
    }

    #[test]
    fn what_the_schema_does_not_allow_is_dropped() {
        let mut d = parse(
            r#"<w:numbering><w:abstractNum><w:lvl><w:pPr><w:ind/><w:rPr/></w:pPr><w:rPr/></w:lvl></w:abstractNum><w:tbl><w:tblGrid><w:gridCol w:w="10" w:type="dxa"/></w:tblGrid></w:tbl></w:numbering>"#,
        )
        .unwrap();
        drop_style_ppr_rpr(&mut d.root);
        drop_disallowed_attrs(&mut d.root);
        assert_eq!(
            serialize(&d),
            r#"<w:numbering><w:abstractNum><w:lvl><w:pPr><w:ind/></w:pPr><w:rPr/></w:lvl></w:abstractNum><w:tbl><w:tblGrid><w:gridCol w:w="10"/></w:tblGrid></w:tbl></w:numbering>"#
        );
    }

    #[test]
    fn header_rows_are_marked() {
        let mut d = parse(
            r#"<w:tbl><w:tblPr><w:tblStyle w:val="baocaoRepeatHeader2"/><w:tblW/></w:tblPr><w:tr><w:tc/></w:tr><w:tr><w:trPr><w:cantSplit/></w:trPr><w:tc/></w:tr><w:tr><w:tc/></w:tr></w:tbl>"#,
        )
        .unwrap();
        inject_table_headers(&mut d.root);
        assert_eq!(
            serialize(&d),
            r#"<w:tbl><w:tblPr><w:tblW/></w:tblPr><w:tr><w:trPr><w:tblHeader/></w:trPr><w:tc/></w:tr><w:tr><w:trPr><w:cantSplit/><w:tblHeader/></w:trPr><w:tc/></w:tr><w:tr><w:tc/></w:tr></w:tbl>"#
        );
    }
}
