//! Filling one part of an outline (the document body, a header, a footer):
//! each paragraph's visible text is read across its runs, placeholders are
//! found in it, and the text nodes they cover are edited in place.
//!
//! What counts as a paragraph's text is what Word shows: `w:t` in runs,
//! also inside insertions (`w:ins`), hyperlinks, content controls, simple
//! fields and the result of a complex field; deleted text (`w:del`), field
//! instructions (`w:instrText`) and drawings are not. Spell-check marks,
//! bookmarks and comments hold no text, so a placeholder that Word split
//! into several runs around them (or because of an rsid or formatting
//! change) is still one placeholder. The value goes into the run where the
//! placeholder starts, with that run's formatting; the covered parts of the
//! following runs are removed, everything else is left as it was.

use super::placeholder::{kind_of, tokens, Kind, SyntaxError, Token};
use crate::render::docx::xml::{Element, Node};

/// Generated content of a block placeholder.
#[derive(Debug, Clone, PartialEq)]
pub enum Gen {
    /// A paragraph with the placeholder paragraph's own look.
    Text(String),
    /// The same, in bold (a subsection title).
    Heading(String),
    /// A table (`w:tbl`), as built for the built-in report.
    Table(Element),
}

/// What the placeholders stand for.
pub trait Values {
    /// The value of a known inline placeholder (lowercase name).
    fn inline(&self, name: &str) -> String;
    /// The content of a known block placeholder, for a text area `width`
    /// twips wide; empty when the workbook has nothing for it.
    fn block(&self, name: &str, width: i32) -> Vec<Gen>;
}

/// What is wrong with a paragraph of the outline.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Fault {
    /// A name the program does not know, as typed between the braces.
    Unknown(String),
    Unclosed,
    LoneClose,
    /// A block placeholder sharing its paragraph with other text.
    BlockNotAlone(String),
    /// A block placeholder where no block can go (a header or footer).
    BlockNotHere(String),
}

/// A fault with the paragraph it is in: its number in the part (1-based,
/// in document order, table cells included) and the start of its text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub para: usize,
    pub excerpt: String,
    pub fault: Fault,
}

/// The outcome of filling one part.
#[derive(Debug, Default)]
pub struct Outcome {
    pub problems: Vec<Problem>,
    /// Block placeholders the workbook had nothing for: (paragraph, excerpt, name).
    pub empty: Vec<(usize, String, String)>,
    /// Whether anything was replaced (an unchanged part is copied as it was).
    pub changed: bool,
}

/// Fills the placeholders of a part whose root is `root`. `blocks` says
/// whether block placeholders may stand here (the body: yes; a header: no);
/// `text_width` is the width of the page's text area in twips.
pub fn fill_part(root: &mut Element, values: &dyn Values, blocks: bool, text_width: i32) -> Outcome {
    let mut w = Walk {
        values,
        blocks,
        text_width,
        para: 0,
        widths: Vec::new(),
        section: None,
        out: Outcome::default(),
    };
    w.walk(root);
    w.out
}

/// A piece of a paragraph's visible text: a `w:t` (its path from the
/// paragraph and its unescaped text) or a character that is not text in
/// a `w:t` (a tab, a break) and so can never be part of a placeholder.
enum Seg {
    T { path: Vec<usize>, text: String },
    Sep(char),
}

struct Walk<'a> {
    values: &'a dyn Values,
    blocks: bool,
    text_width: i32,
    para: usize,
    /// Text widths of the table cells we are in, innermost last.
    widths: Vec<Option<i32>>,
    /// Text width of the section the body element being walked is in.
    section: Option<i32>,
    out: Outcome,
}

/// Containers whose content must end with a paragraph (ECMA-376 §17.4.66 and others).
const ENDS_WITH_P: &[&str] = &["w:tc", "w:txbxContent", "w:hdr", "w:ftr", "w:footnote", "w:endnote", "w:comment"];

impl Walk<'_> {
    fn walk(&mut self, e: &mut Element) {
        let is_tc = e.name == "w:tc";
        if is_tc {
            self.widths.push(cell_width(e));
        }
        let sections = (e.name == "w:body").then(|| section_widths(e));
        let mut splices: Vec<(usize, Vec<Node>)> = Vec::new();
        for i in 0..e.children.len() {
            if let Some(ws) = &sections {
                self.section = ws.get(i).copied().flatten();
            }
            let Node::Elem(c) = &mut e.children[i] else { continue };
            if c.name == "w:p" {
                self.para += 1;
                match self.paragraph(c) {
                    Some(nodes) => splices.push((i, nodes)),
                    // Text boxes hold paragraphs of their own.
                    None => self.walk(c),
                }
            } else {
                self.walk(c);
            }
        }
        let spliced = !splices.is_empty();
        for (i, nodes) in splices.into_iter().rev() {
            e.children.splice(i..i + 1, nodes);
        }
        if spliced && ENDS_WITH_P.contains(&e.name.as_str()) {
            let last = e.children.iter().rev().find_map(|n| match n {
                Node::Elem(c) => Some(c.name.as_str()),
                _ => None,
            });
            if !matches!(last, Some("w:p")) {
                e.children.push(Node::Elem(Element::new("w:p")));
            }
        }
        if is_tc {
            self.widths.pop();
        }
    }

    /// Fills one paragraph: `Some(nodes)` to put in its place when it was a
    /// block placeholder; `None` when it stays (edited in place or not).
    fn paragraph(&mut self, p: &mut Element) -> Option<Vec<Node>> {
        let mut segs = Vec::new();
        collect(p, &mut Vec::new(), &mut segs);
        let mut text = String::new();
        let mut starts = Vec::with_capacity(segs.len());
        for s in &segs {
            starts.push(text.len());
            match s {
                Seg::T { text: t, .. } => text.push_str(t),
                Seg::Sep(c) => text.push(*c),
            }
        }
        if !text.contains(['{', '}']) {
            return None;
        }
        let excerpt = excerpt(&text);
        let problem = |fault| Problem {
            para: self.para,
            excerpt: excerpt.clone(),
            fault,
        };
        let toks = match tokens(&text) {
            Ok(t) => t,
            Err(e) => {
                let fault = match e {
                    SyntaxError::Unclosed { .. } => Fault::Unclosed,
                    SyntaxError::LoneClose { .. } => Fault::LoneClose,
                };
                self.out.problems.push(problem(fault));
                return None;
            }
        };
        let mut faults = Vec::new();
        let mut block: Option<(usize, usize, String)> = None;
        for t in &toks {
            let Token::Placeholder { start, end, name, .. } = t else { continue };
            match kind_of(name) {
                None => faults.push(Fault::Unknown(text[start + 1..end - 1].trim().to_string())),
                Some(Kind::Block) if !self.blocks => faults.push(Fault::BlockNotHere(name.clone())),
                Some(Kind::Block) => {
                    let before = text[..*start].trim();
                    let after = text[*end..].trim();
                    if toks.len() != 1 || !before.is_empty() || !(after.is_empty() || after == "./.") {
                        faults.push(Fault::BlockNotAlone(name.clone()));
                    } else {
                        block = Some((*start, *end, name.clone()));
                    }
                }
                Some(Kind::Inline) => {}
            }
        }
        if !faults.is_empty() {
            for f in faults {
                self.out.problems.push(problem(f));
            }
            return None;
        }
        if let Some((start, end, name)) = block {
            let end_mark = text[end..].trim() == "./.";
            return Some(self.block(p, &segs, &starts, start, &name, end_mark, &excerpt));
        }
        // Inline: replacements applied from the last, so that earlier
        // offsets stay valid.
        let reps: Vec<(usize, usize, String)> = toks
            .iter()
            .map(|t| match t {
                Token::Placeholder { start, end, name, upper } => {
                    let v = crate::render::docx::words::clean(&self.values.inline(name)).replace(['\n', '\r', '\t'], " ");
                    (*start, *end, if *upper { v.to_uppercase() } else { v })
                }
                Token::Brace { start, ch } => (*start, start + 2, ch.to_string()),
            })
            .collect();
        let mut texts: Vec<Option<String>> = segs
            .iter()
            .map(|s| match s {
                Seg::T { text, .. } => Some(text.clone()),
                Seg::Sep(_) => None,
            })
            .collect();
        let lens: Vec<usize> = segs
            .iter()
            .map(|s| match s {
                Seg::T { text, .. } => text.len(),
                Seg::Sep(c) => c.len_utf8(),
            })
            .collect();
        for (s, e, val) in reps.into_iter().rev() {
            let Some(k) = (0..segs.len()).find(|&k| texts[k].is_some() && starts[k] <= s && s < starts[k] + lens[k]) else {
                continue;
            };
            let st = starts[k];
            let Some(cur) = texts[k].clone() else { continue };
            let mut new = format!("{}{}", &cur[..s - st], val);
            if e <= st + lens[k] {
                new.push_str(&cur[e - st..]);
                texts[k] = Some(new);
                continue;
            }
            texts[k] = Some(new);
            for m in k + 1..segs.len() {
                if starts[m] >= e {
                    break;
                }
                if let Some(t) = texts[m].clone() {
                    let cut = (e - starts[m]).min(lens[m]);
                    texts[m] = Some(t[cut..].to_string());
                }
            }
        }
        for (seg, new) in segs.iter().zip(texts) {
            if let (Seg::T { path, text }, Some(new)) = (seg, new) {
                if *text != new {
                    set_text(at_mut(p, path), &new);
                }
            }
        }
        self.out.changed = true;
        None
    }

    /// The nodes that replace a block placeholder's paragraph: generated
    /// paragraphs take its paragraph properties and the placeholder run's
    /// formatting; a section break it carried stays at the end.
    #[allow(clippy::too_many_arguments)]
    fn block(&mut self, p: &Element, segs: &[Seg], starts: &[usize], start: usize, name: &str, end_mark: bool, excerpt: &str) -> Vec<Node> {
        let mut ppr = child(p, "w:pPr").cloned();
        let sect = ppr.as_mut().and_then(|pr| {
            let i = pr
                .children
                .iter()
                .position(|n| matches!(n, Node::Elem(c) if c.name == "w:sectPr"))?;
            match pr.children.remove(i) {
                Node::Elem(s) => Some(s),
                _ => None,
            }
        });
        let rpr = segs
            .iter()
            .zip(starts)
            .find_map(|(s, &st)| match s {
                Seg::T { path, text } if st <= start && start < st + text.len() => Some(path),
                _ => None,
            })
            .and_then(|path| at(p, &path[..path.len() - 1]))
            .and_then(|run| child(run, "w:rPr").cloned());
        let width = self.widths.last().copied().flatten().or(self.section).unwrap_or(self.text_width);
        let mut gens = self.values.block(name, width);
        if gens.is_empty() {
            self.out.empty.push((self.para, excerpt.to_string(), name.to_string()));
        }
        if end_mark {
            match gens.iter_mut().rev().find_map(|g| match g {
                Gen::Text(t) => Some(t),
                _ => None,
            }) {
                Some(t) => *t = crate::render::docx::words::end_mark(t),
                None => gens.push(Gen::Text("./.".to_string())),
            }
        }
        // A list paragraph of the outline numbers its items itself: no "- " of ours too.
        let listed = ppr.as_ref().is_some_and(|pr| child(pr, "w:numPr").is_some());
        let mut nodes: Vec<Node> = Vec::new();
        for g in gens {
            match g {
                Gen::Text(t) if listed && t.starts_with("- ") => {
                    nodes.push(Node::Elem(paragraph(ppr.as_ref(), rpr.as_ref(), &t[2..], false)))
                }
                Gen::Text(t) => nodes.push(Node::Elem(paragraph(ppr.as_ref(), rpr.as_ref(), &t, false))),
                Gen::Heading(t) => nodes.push(Node::Elem(paragraph(ppr.as_ref(), rpr.as_ref(), &t, true))),
                Gen::Table(t) => {
                    nodes.push(Node::Elem(t));
                    // As in the built-in report: a small gap, so that the
                    // next paragraph does not touch the table (and two
                    // tables never merge).
                    nodes.push(Node::Elem(gap()));
                }
            }
        }
        if let Some(sect) = sect {
            let last_p = match nodes.last_mut() {
                Some(Node::Elem(e)) if e.name == "w:p" => Some(e),
                _ => None,
            };
            match last_p {
                Some(e) => {
                    if child(e, "w:pPr").is_none() {
                        e.children.insert(0, Node::Elem(Element::new("w:pPr")));
                    }
                    if let Some(Node::Elem(pr)) = e.children.iter_mut().find(|n| matches!(n, Node::Elem(c) if c.name == "w:pPr")) {
                        pr.children.push(Node::Elem(sect));
                    }
                }
                None => {
                    let mut pr = ppr.clone().unwrap_or_else(|| Element::new("w:pPr"));
                    pr.children.push(Node::Elem(sect));
                    let mut e = Element::new("w:p");
                    e.children.push(Node::Elem(pr));
                    nodes.push(Node::Elem(e));
                }
            }
        }
        for n in nodes.iter_mut() {
            if let Node::Elem(e) = n {
                crate::render::docx::xml::reorder(e);
            }
        }
        self.out.changed = true;
        nodes
    }
}

/// An empty 6 pt paragraph with 3 pt after it.
fn gap() -> Element {
    let mut spacing = Element::new("w:spacing");
    spacing.attrs = vec![("w:before".into(), "0".into()), ("w:after".into(), "60".into())];
    let mut sz = Element::new("w:sz");
    sz.attrs = vec![("w:val".into(), "12".into())];
    let mut rpr = Element::new("w:rPr");
    rpr.children.push(Node::Elem(sz));
    let mut ppr = Element::new("w:pPr");
    ppr.children = vec![Node::Elem(spacing), Node::Elem(rpr)];
    let mut p = Element::new("w:p");
    p.children.push(Node::Elem(ppr));
    p
}

/// The visible text of a paragraph, piece by piece (see the module docs).
fn collect(e: &Element, path: &mut Vec<usize>, out: &mut Vec<Seg>) {
    for (i, n) in e.children.iter().enumerate() {
        let Node::Elem(c) = n else { continue };
        path.push(i);
        match c.name.as_str() {
            "w:t" => out.push(Seg::T {
                path: path.clone(),
                text: text_of(c),
            }),
            "w:tab" | "w:ptab" => out.push(Seg::Sep('\t')),
            "w:br" | "w:cr" => out.push(Seg::Sep('\n')),
            "w:noBreakHyphen" => out.push(Seg::Sep('-')),
            "w:sym" => out.push(Seg::Sep('\u{fffc}')),
            // Not text, or not this paragraph's text.
            "w:pPr"
            | "w:rPr"
            | "w:del"
            | "w:moveFrom"
            | "w:delText"
            | "w:instrText"
            | "w:delInstrText"
            | "w:sdtPr"
            | "w:sdtEndPr"
            | "w:drawing"
            | "w:pict"
            | "w:object"
            | "mc:AlternateContent"
            | "w:p"
            | "w:txbxContent"
            | "w:rubyPr" => {}
            _ => collect(c, path, out),
        }
        path.pop();
    }
}

/// The unescaped text of a `w:t`.
fn text_of(t: &Element) -> String {
    let mut s = String::new();
    for n in &t.children {
        match n {
            Node::Text(x) => match quick_xml::escape::unescape(x) {
                Ok(u) => s.push_str(&u),
                Err(_) => s.push_str(x),
            },
            Node::Other(x) => {
                if let Some(inner) = x.strip_prefix("<![CDATA[").and_then(|r| r.strip_suffix("]]>")) {
                    s.push_str(inner);
                }
            }
            Node::Elem(_) => {}
        }
    }
    s
}

/// Replaces a `w:t`'s text, keeping its spaces.
fn set_text(t: &mut Element, text: &str) {
    t.children = if text.is_empty() {
        Vec::new()
    } else {
        vec![Node::Text(quick_xml::escape::escape(text).into_owned())]
    };
    if t.attr("xml:space").is_none() {
        t.attrs.push(("xml:space".to_string(), "preserve".to_string()));
    }
}

fn child<'a>(e: &'a Element, name: &str) -> Option<&'a Element> {
    e.children.iter().find_map(|n| match n {
        Node::Elem(c) if c.name == name => Some(c),
        _ => None,
    })
}

fn at<'a>(e: &'a Element, path: &[usize]) -> Option<&'a Element> {
    let mut cur = e;
    for &i in path {
        cur = match cur.children.get(i) {
            Some(Node::Elem(c)) => c,
            _ => return None,
        };
    }
    Some(cur)
}

/// The element at `path`; the path was taken from this very tree, unchanged since.
fn at_mut<'a>(e: &'a mut Element, path: &[usize]) -> &'a mut Element {
    let mut cur = e;
    for &i in path {
        cur = match cur.children.get_mut(i) {
            Some(Node::Elem(c)) => c,
            _ => unreachable!("a path into the same unchanged tree"),
        };
    }
    cur
}

/// The start of a paragraph's text, for a message.
fn excerpt(text: &str) -> String {
    let flat: String = text.chars().map(|c| if c.is_whitespace() { ' ' } else { c }).collect();
    let flat = flat.split(' ').filter(|w| !w.is_empty()).collect::<Vec<_>>().join(" ");
    const MAX: usize = 60;
    if flat.chars().count() > MAX {
        format!("{}…", flat.chars().take(MAX).collect::<String>())
    } else {
        flat
    }
}

/// The text width of each child of the body: that of the section it is in,
/// which ends at the next paragraph carrying a `w:sectPr` (or the body's own).
fn section_widths(body: &Element) -> Vec<Option<i32>> {
    let mut out = vec![None; body.children.len()];
    let mut start = 0;
    for (i, n) in body.children.iter().enumerate() {
        let sect = match n {
            Node::Elem(p) if p.name == "w:p" => child(p, "w:pPr").and_then(|pr| child(pr, "w:sectPr")),
            Node::Elem(s) if s.name == "w:sectPr" => Some(s),
            _ => None,
        };
        if let Some(s) = sect {
            let w = section_width(s);
            for slot in &mut out[start..=i] {
                *slot = w;
            }
            start = i + 1;
        }
    }
    out
}

/// A section's text width: page width less the side margins, in twips.
pub(crate) fn section_width(sect: &Element) -> Option<i32> {
    let num = |e: Option<&Element>, a: &str| e.and_then(|e| e.attr(a).and_then(|v| v.parse::<i32>().ok()));
    let w = num(child(sect, "w:pgSz"), "w:w")?;
    let l = num(child(sect, "w:pgMar"), "w:left").unwrap_or(0);
    let r = num(child(sect, "w:pgMar"), "w:right").unwrap_or(0);
    (w - l - r >= 1000).then_some(w - l - r)
}

/// The width of a table cell's text in twips, when the cell says it.
fn cell_width(tc: &Element) -> Option<i32> {
    let w = child(child(tc, "w:tcPr")?, "w:tcW")?;
    if w.attr("w:type").is_some_and(|t| t != "dxa") {
        return None;
    }
    let v: i32 = w.attr("w:w")?.parse().ok()?;
    (v > 0).then(|| (v - 216).max(600))
}

/// A generated paragraph: `ppr` and `rpr` cloned, bold for a heading, tabs
/// and line breaks as Word writes them.
pub(crate) fn paragraph(ppr: Option<&Element>, rpr: Option<&Element>, text: &str, heading: bool) -> Element {
    let mut p = Element::new("w:p");
    let mut ppr = ppr.cloned();
    if heading {
        let pr = ppr.get_or_insert_with(|| Element::new("w:pPr"));
        if child(pr, "w:keepNext").is_none() {
            pr.children.push(Node::Elem(Element::new("w:keepNext")));
        }
    }
    if let Some(pr) = ppr {
        p.children.push(Node::Elem(pr));
    }
    let mut rpr = rpr.cloned();
    if heading {
        let pr = rpr.get_or_insert_with(|| Element::new("w:rPr"));
        pr.children
            .retain(|n| !matches!(n, Node::Elem(c) if c.name == "w:b" || c.name == "w:bCs"));
        pr.children.push(Node::Elem(Element::new("w:b")));
        pr.children.push(Node::Elem(Element::new("w:bCs")));
    }
    let mut r = Element::new("w:r");
    if let Some(pr) = rpr {
        r.children.push(Node::Elem(pr));
    }
    let text = crate::render::docx::words::clean(text);
    for (i, line) in text.split('\n').enumerate() {
        if i > 0 {
            r.children.push(Node::Elem(Element::new("w:br")));
        }
        for (j, piece) in line.trim_end_matches('\r').split('\t').enumerate() {
            if j > 0 {
                r.children.push(Node::Elem(Element::new("w:tab")));
            }
            if !piece.is_empty() {
                let mut t = Element::new("w:t");
                set_text(&mut t, piece);
                r.children.push(Node::Elem(t));
            }
        }
    }
    p.children.push(Node::Elem(r));
    p
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::docx::xml;

    /// Values that name themselves: `{x}` → "X!", a block → one paragraph.
    struct Echo;
    impl Values for Echo {
        fn inline(&self, name: &str) -> String {
            format!("<{name}>")
        }
        fn block(&self, name: &str, width: i32) -> Vec<Gen> {
            match name {
                "van_ban" => Vec::new(),
                "chi_tieu" => vec![Gen::Text("- a;".into()), Gen::Text("- b.".into())],
                _ => vec![Gen::Heading(format!("{name} {width}")), Gen::Text("a\tb\nc".into())],
            }
        }
    }

    const NS: &str = r#"xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main""#;

    fn fill(body: &str) -> (String, Outcome) {
        let src = format!("<w:document {NS}><w:body>{body}</w:body></w:document>");
        let mut doc = xml::parse(&src).unwrap();
        let out = fill_part(&mut doc.root, &Echo, true, 9000);
        let s = xml::serialize(&doc);
        let inner = s.split_once("<w:body>").unwrap().1.rsplit_once("</w:body>").unwrap().0.to_string();
        (inner, out)
    }

    #[test]
    fn a_placeholder_split_across_runs_takes_the_first_runs_look() {
        // Word's own split: spell-check marks, an rsid change, a bookmark,
        // a formatting change in the middle of the name.
        let (x, o) = fill(concat!(
            r#"<w:p><w:r w:rsidR="1"><w:rPr><w:b/></w:rPr><w:t xml:space="preserve">Số: {</w:t></w:r>"#,
            r#"<w:proofErr w:type="spellStart"/><w:r w:rsidR="2"><w:t>so_ky</w:t></w:r><w:proofErr w:type="spellEnd"/>"#,
            r#"<w:bookmarkStart w:id="0" w:name="x"/><w:r><w:rPr><w:i/></w:rPr><w:t>_hieu</w:t></w:r><w:bookmarkEnd w:id="0"/>"#,
            r#"<w:r><w:t>} ngày</w:t></w:r></w:p>"#
        ));
        assert!(o.problems.is_empty() && o.changed, "{o:?}");
        assert_eq!(
            x,
            concat!(
                r#"<w:p><w:r w:rsidR="1"><w:rPr><w:b/></w:rPr><w:t xml:space="preserve">Số: &lt;so_ky_hieu&gt;</w:t></w:r>"#,
                r#"<w:proofErr w:type="spellStart"/><w:r w:rsidR="2"><w:t xml:space="preserve"/></w:r><w:proofErr w:type="spellEnd"/>"#,
                r#"<w:bookmarkStart w:id="0" w:name="x"/><w:r><w:rPr><w:i/></w:rPr><w:t xml:space="preserve"/></w:r><w:bookmarkEnd w:id="0"/>"#,
                r#"<w:r><w:t xml:space="preserve"> ngày</w:t></w:r></w:p>"#
            )
        );
    }

    #[test]
    fn insertions_count_deletions_and_field_codes_do_not() {
        let (x, o) = fill(concat!(
            r#"<w:p><w:r><w:t>{don_</w:t></w:r><w:del w:id="1"><w:r><w:delText>xx</w:delText></w:r></w:del>"#,
            r#"<w:ins w:id="2"><w:r><w:t>vi}</w:t></w:r></w:ins>"#,
            r#"<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText>PAGE {x}</w:instrText></w:r>"#,
            r#"<w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>{{1}}</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r></w:p>"#
        ));
        assert!(o.problems.is_empty(), "{o:?}");
        assert!(x.starts_with(r#"<w:p><w:r><w:t xml:space="preserve">&lt;don_vi&gt;</w:t></w:r><w:del w:id="1"><w:r><w:delText>xx</w:delText></w:r></w:del><w:ins w:id="2"><w:r><w:t xml:space="preserve"/></w:r></w:ins>"#), "{x}");
        assert!(x.contains("<w:instrText>PAGE {x}</w:instrText>"), "{x}");
        assert!(x.contains(r#"<w:t xml:space="preserve">{1}</w:t>"#), "{x}");
    }

    #[test]
    fn faults_name_their_paragraph() {
        let (_, o) = fill(concat!(
            "<w:p><w:r><w:t>Mở đầu</w:t></w:r></w:p>",
            "<w:tbl><w:tr><w:tc><w:p><w:r><w:t>Tổng {tong_lop} lớp</w:t></w:r></w:p></w:tc></w:tr></w:tbl>",
            "<w:p><w:r><w:t>{don_vi</w:t></w:r></w:p>",
            "<w:p><w:r><w:t>a }</w:t></w:r></w:p>",
            "<w:p><w:r><w:t>Bảng: {bang_hoat_dong}</w:t></w:r></w:p>"
        ));
        let got: Vec<(usize, &str, &Fault)> = o.problems.iter().map(|p| (p.para, p.excerpt.as_str(), &p.fault)).collect();
        assert_eq!(
            got,
            [
                (2, "Tổng {tong_lop} lớp", &Fault::Unknown("tong_lop".into())),
                (3, "{don_vi", &Fault::Unclosed),
                (4, "a }", &Fault::LoneClose),
                (5, "Bảng: {bang_hoat_dong}", &Fault::BlockNotAlone("bang_hoat_dong".into())),
            ]
        );
    }

    #[test]
    fn a_block_replaces_its_paragraph_with_its_look_and_keeps_the_section_break() {
        let (x, o) = fill(concat!(
            r#"<w:p w:rsidR="9"><w:pPr><w:jc w:val="both"/><w:sectPr><w:pgSz w:w="11906"/></w:sectPr></w:pPr>"#,
            r#"<w:r><w:rPr><w:sz w:val="26"/></w:rPr><w:t>{muc:</w:t></w:r><w:r><w:t>ket_qua} ./.</w:t></w:r></w:p>"#
        ));
        assert!(o.problems.is_empty(), "{o:?}");
        assert_eq!(
            x,
            concat!(
                r#"<w:p><w:pPr><w:keepNext/><w:jc w:val="both"/></w:pPr><w:r><w:rPr><w:b/><w:bCs/><w:sz w:val="26"/></w:rPr><w:t xml:space="preserve">muc:ket_qua 11906</w:t></w:r></w:p>"#,
                r#"<w:p><w:pPr><w:jc w:val="both"/><w:sectPr><w:pgSz w:w="11906"/></w:sectPr></w:pPr><w:r><w:rPr><w:sz w:val="26"/></w:rPr><w:t xml:space="preserve">a</w:t><w:tab/><w:t xml:space="preserve">b</w:t><w:br/><w:t xml:space="preserve">c./.</w:t></w:r></w:p>"#
            )
        );
    }

    #[test]
    fn an_empty_block_leaves_a_cell_with_a_paragraph_and_is_reported() {
        let (x, o) = fill(
            r#"<w:tbl><w:tr><w:tc><w:tcPr><w:tcW w:w="4216" w:type="dxa"/></w:tcPr><w:p><w:r><w:t>{van_ban}</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>{muc:ket_qua}</w:t></w:r></w:p></w:tc></w:tr></w:tbl>"#,
        );
        assert_eq!(o.empty, [(1, "{van_ban}".to_string(), "van_ban".to_string())]);
        assert!(x.contains(r#"<w:tcW w:w="4216" w:type="dxa"/></w:tcPr><w:p/></w:tc>"#), "{x}");
        assert!(x.contains("muc:ket_qua 9000"), "no cell width given: the page's: {x}");
        // The cell's own width, less its margins.
        let (x, _) = fill(
            r#"<w:tbl><w:tr><w:tc><w:tcPr><w:tcW w:w="4216" w:type="dxa"/></w:tcPr><w:p><w:r><w:t>{muc:ket_qua}</w:t></w:r></w:p></w:tc></w:tr></w:tbl>"#,
        );
        assert!(x.contains("muc:ket_qua 4000"), "{x}");
    }

    #[test]
    fn a_list_paragraph_keeps_its_own_bullets() {
        let (x, _) = fill(
            r#"<w:p><w:pPr><w:numPr><w:ilvl w:val="0"/><w:numId w:val="3"/></w:numPr></w:pPr><w:r><w:t>{chi_tieu}</w:t></w:r></w:p><w:p><w:r><w:t>{chi_tieu}</w:t></w:r></w:p>"#,
        );
        assert_eq!(
            x,
            concat!(
                r#"<w:p><w:pPr><w:numPr><w:ilvl w:val="0"/><w:numId w:val="3"/></w:numPr></w:pPr><w:r><w:t xml:space="preserve">a;</w:t></w:r></w:p>"#,
                r#"<w:p><w:pPr><w:numPr><w:ilvl w:val="0"/><w:numId w:val="3"/></w:numPr></w:pPr><w:r><w:t xml:space="preserve">b.</w:t></w:r></w:p>"#,
                r#"<w:p><w:r><w:t xml:space="preserve">- a;</w:t></w:r></w:p><w:p><w:r><w:t xml:space="preserve">- b.</w:t></w:r></w:p>"#
            )
        );
    }

    #[test]
    fn a_block_is_as_wide_as_its_own_section() {
        let (x, _) = fill(concat!(
            r#"<w:p><w:r><w:t>{muc:dac_diem}</w:t></w:r></w:p>"#,
            r#"<w:p><w:pPr><w:sectPr><w:pgSz w:w="11906" w:h="16838"/><w:pgMar w:left="1701" w:right="850"/></w:sectPr></w:pPr></w:p>"#,
            r#"<w:p><w:r><w:t>{muc:khac}</w:t></w:r></w:p>"#,
            r#"<w:sectPr><w:pgSz w:w="16838" w:h="11906" w:orient="landscape"/><w:pgMar w:left="1134" w:right="1134"/></w:sectPr>"#
        ));
        assert!(x.contains("muc:dac_diem 9355") && x.contains("muc:khac 14570"), "{x}");
    }

    #[test]
    fn blocks_are_refused_where_none_can_go() {
        let mut doc = xml::parse(&format!(
            "<w:hdr {NS}><w:p><w:r><w:t>{{van_ban}} {{DON_VI}}</w:t></w:r></w:p></w:hdr>"
        ))
        .unwrap();
        let o = fill_part(&mut doc.root, &Echo, false, 9000);
        assert_eq!(o.problems[0].fault, Fault::BlockNotHere("van_ban".into()));
        let mut doc = xml::parse(&format!("<w:hdr {NS}><w:p><w:r><w:t>{{DON_VI}}</w:t></w:r></w:p></w:hdr>")).unwrap();
        let o = fill_part(&mut doc.root, &Echo, false, 9000);
        assert!(o.problems.is_empty());
        assert!(xml::serialize(&doc).contains("&lt;DON_VI&gt;"));
    }

    /// The visible text of the first paragraph of a filled body.
    fn visible(body: &str) -> String {
        let src = format!("<w:document {NS}><w:body>{body}</w:body></w:document>");
        let doc = xml::parse(&src).unwrap();
        let Some(Node::Elem(b)) = doc.root.children.first() else { panic!() };
        let Some(Node::Elem(p)) = b.children.first() else { panic!() };
        let mut segs = Vec::new();
        collect(p, &mut Vec::new(), &mut segs);
        segs.iter()
            .map(|s| match s {
                Seg::T { text, .. } => text.clone(),
                Seg::Sep(c) => c.to_string(),
            })
            .collect()
    }

    proptest::proptest! {
        /// However Word cuts a paragraph into runs, and whatever marks it
        /// puts between them, the filled text is the same.
        #[test]
        fn any_split_into_runs_fills_the_same(
            cuts in proptest::collection::vec(0usize..64, 0..14),
            marks in proptest::collection::vec(0u8..5, 15),
        ) {
            let text = "Số: {so_ky_hieu}, {{x}} và { tong_nu } & <ok>.";
            let chars: Vec<char> = text.chars().collect();
            let mut cuts: Vec<usize> = cuts.into_iter().map(|c| c % (chars.len() + 1)).collect();
            cuts.push(0);
            cuts.push(chars.len());
            cuts.sort_unstable();
            cuts.dedup();
            let mut body = String::from("<w:p>");
            for (i, w) in cuts.windows(2).enumerate() {
                let piece: String = chars[w[0]..w[1]].iter().collect();
                body.push_str(match marks[i % marks.len()] {
                    1 => r#"<w:proofErr w:type="spellStart"/>"#,
                    2 => r#"<w:bookmarkStart w:id="1" w:name="b"/><w:bookmarkEnd w:id="1"/>"#,
                    3 => "<w:del><w:r><w:delText>{zz</w:delText></w:r></w:del>",
                    _ => "",
                });
                let rpr = if i % 2 == 1 { "<w:rPr><w:i/></w:rPr>" } else { "" };
                let run = format!(r#"<w:r w:rsidR="{i}">{rpr}<w:t xml:space="preserve">{}</w:t></w:r>"#, quick_xml::escape::escape(&piece));
                if marks[i % marks.len()] == 4 {
                    body.push_str(&format!("<w:ins>{run}</w:ins>"));
                } else {
                    body.push_str(&run);
                }
            }
            body.push_str("</w:p>");
            let (x, o) = fill(&body);
            proptest::prop_assert!(o.problems.is_empty(), "{:?}", o.problems);
            proptest::prop_assert_eq!(visible(&x), "Số: <so_ky_hieu>, {x} và <tong_nu> & <ok>.");
        }
    }
}
