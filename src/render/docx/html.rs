//! A preview of a document's pages as HTML, for the clerk's page: the same
//! [`DocSpec`] the .docx writer lays out, and the same printed texts (number,
//! place and date, recipients, section numbers, the closing "./.", Nơi nhận),
//! taken from the functions the writer uses. Only the look is approximate
//! (the browser's fonts and page breaks, not Word's). Every text is escaped.

use super::build::{block_text, copies_items, number_line, numbered_body, place_date_line, recipient_items};
use super::spec::{Align, Block, DocSpec, TableSpec};
use super::words::upper;

fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

fn p(out: &mut String, class: &str, text: &str) {
    out.push_str(&format!("<p class=\"{class}\">{}</p>\n", esc(text)));
}

fn table(out: &mut String, t: &TableSpec) {
    let align = |a: Align| match a {
        Align::Left => "l",
        Align::Center => "c",
        Align::Right => "r",
    };
    out.push_str("<table class=\"doc-table\">\n");
    for row in &t.header {
        out.push_str("<tr>");
        for c in row {
            out.push_str(&format!(
                "<th colspan=\"{}\" rowspan=\"{}\">{}</th>",
                c.col_span.max(1),
                c.row_span.max(1),
                esc(&c.text)
            ));
        }
        out.push_str("</tr>\n");
    }
    for row in &t.rows {
        out.push_str(if row.bold { "<tr class=\"b\">" } else { "<tr>" });
        for (i, c) in row.cells.iter().enumerate() {
            let a = t.columns.get(i).map(|c| align(c.align)).unwrap_or("l");
            out.push_str(&format!("<td class=\"{a}\">{}</td>", esc(c)));
        }
        out.push_str("</tr>\n");
    }
    out.push_str("</table>\n");
}

fn blocks(out: &mut String, bs: &[Block]) {
    let mut sub = 0;
    for b in bs {
        match (b, block_text(b, &mut sub)) {
            (Block::Table(t), _) => table(out, t),
            (Block::Heading(_), Some(t)) => p(out, "doc-h", &t),
            (_, Some(t)) => p(out, "doc-p", &t),
            _ => {}
        }
    }
}

/// The document as an HTML fragment: one `<div class="doc-page">` for the
/// letter and one per appendix.
pub fn preview(d: &DocSpec) -> String {
    let mut out = String::from("<div class=\"doc-page\">\n<table class=\"doc-head\"><tr><td>\n");
    if let Some(a) = d.authority.as_deref().map(str::trim).filter(|a| !a.is_empty()) {
        p(&mut out, "c", &upper(a));
    }
    p(&mut out, "c b rule", &upper(d.issuer.as_deref().unwrap_or("").trim()));
    out.push_str("</td><td>\n");
    p(&mut out, "c b", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM");
    p(&mut out, "c b rule", "Độc lập - Tự do - Hạnh phúc");
    out.push_str("</td></tr><tr><td>\n");
    p(&mut out, "c", &number_line(d));
    out.push_str("</td><td>\n");
    p(&mut out, "c i", &place_date_line(d));
    out.push_str("</td></tr></table>\n");
    p(&mut out, "c b doc-kind", &upper(d.kind.trim()));
    p(&mut out, "c b rule", d.title.trim());
    let recipients = recipient_items(d);
    if !recipients.is_empty() {
        out.push_str("<div class=\"doc-to\"><span>Kính gửi:</span><div>");
        for r in &recipients {
            p(&mut out, "", r);
        }
        out.push_str("</div></div>\n");
    }
    let (opening, sections, closing) = numbered_body(d);
    blocks(&mut out, &opening);
    for (title, bs) in &sections {
        p(&mut out, "doc-h", title);
        blocks(&mut out, bs);
    }
    blocks(&mut out, &closing);
    out.push_str("<table class=\"doc-sign\"><tr><td>\n");
    p(&mut out, "b i", "Nơi nhận:");
    for c in copies_items(d) {
        p(&mut out, "small", &c);
    }
    out.push_str("</td><td>\n");
    let s = &d.signer;
    for v in [&s.authority, &s.title].into_iter().flatten() {
        if !v.trim().is_empty() {
            p(&mut out, "c b", &upper(v.trim()));
        }
    }
    out.push_str("<div class=\"doc-space\"></div>\n");
    p(&mut out, "c b", s.name.as_deref().unwrap_or("").trim());
    out.push_str("</td></tr></table>\n</div>\n");
    for a in &d.appendices {
        out.push_str(if a.landscape {
            "<div class=\"doc-page landscape\">\n"
        } else {
            "<div class=\"doc-page\">\n"
        });
        p(&mut out, "c b", a.label.trim());
        p(&mut out, "c b", &upper(a.title.trim()));
        if let Some(st) = a.subtitle.as_deref().filter(|s| !s.trim().is_empty()) {
            p(&mut out, "c i", st.trim());
        }
        blocks(&mut out, &a.blocks);
        out.push_str("</div>\n");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_kim_son_preview_prints_the_letters_texts() {
        let spec = crate::render::docx::doc_spec(&crate::example::kim_son_2018());
        let h = preview(&spec);
        for want in [
            "TTHTCĐ PHƯỜNG KIM SƠN",
            "Số: 10/BC-TTHTCĐ",
            "Kim Sơn, ngày 26 tháng 11 năm 2018",
            "Kính gửi:",
            "- Thường trực UBND phường Kim Sơn;",
            "I. ",
            "./.",
            "Nơi nhận:",
            "- Lưu: VT.",
            "Đặng Cương Quyết",
        ] {
            assert!(h.contains(want), "{want} not in the preview");
        }
        assert_eq!(h.matches("<div class=\"doc-page").count(), 1 + spec.appendices.len());
    }

    #[test]
    fn text_from_a_workbook_is_escaped() {
        let mut r = crate::example::kim_son_2018();
        r.document.title = Some("<script>alert('x')</script> & \"y\"".into());
        let h = preview(&crate::render::docx::doc_spec(&r));
        assert!(!h.contains("<script>"));
        assert!(h.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;y&quot;"));
    }
}
