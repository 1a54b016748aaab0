//! [`DocSpec`] → docx-rs document: the page, the header grid, the title,
//! the body and the closing block as Decree 30/2020 (Phụ lục I) lays them out.
//!
//! Units: twips for lengths (1 mm ≈ 56.7 twips), half-points for font sizes.

use docx_rs::*;

use super::lines::{self, Face};
use super::spec::{self, Align, Block, DocSpec, TableSpec};
use super::words::{self, clean, upper};
use super::xml::REPEAT_PREFIX;
use crate::config::Layout;

pub const FONT: &str = "Times New Roman";
pub const A4_W: u32 = 11906;
pub const A4_H: u32 = 16838;
/// Distance of the page-number header from the top edge (1 cm).
const HEADER_DIST: i32 = 567;
/// First-line indent of body paragraphs: 1.27 cm.
const FIRST_LINE: i32 = 720;
/// Word's default left and right cell margins (0.19 cm).
const CELL_MARGIN: i32 = 108;

pub fn mm_to_twips(mm: u32) -> i32 {
    ((mm as f64) * 1440.0 / 25.4).round() as i32
}

pub fn fonts() -> RunFonts {
    RunFonts::new().ascii(FONT).hi_ansi(FONT).east_asia(FONT).cs(FONT)
}

/// How a run looks.
#[derive(Clone, Copy)]
struct Look {
    /// Points.
    pt: u8,
    bold: bool,
    italic: bool,
}

const fn look(pt: u8) -> Look {
    Look {
        pt,
        bold: false,
        italic: false,
    }
}

impl Look {
    const fn bold(mut self) -> Look {
        self.bold = true;
        self
    }
    const fn italic(mut self) -> Look {
        self.italic = true;
        self
    }
}

/// Runs for `text`: tabs become tab characters, newlines line breaks.
fn runs(mut p: Paragraph, text: &str, l: Look) -> Paragraph {
    let text = clean(text);
    for (i, line) in text.split('\n').enumerate() {
        let mut r = base_run(l);
        if i > 0 {
            r = r.add_break(BreakType::TextWrapping);
        }
        for (j, piece) in line.trim_end_matches('\r').split('\t').enumerate() {
            if j > 0 {
                r = r.add_tab();
            }
            if !piece.is_empty() {
                r = r.add_text(piece);
            }
        }
        p = p.add_run(r);
    }
    // The paragraph mark takes the same look, so an empty line has its height.
    mark(p, l)
}

fn base_run(l: Look) -> Run {
    let mut r = Run::new().fonts(fonts()).size(l.pt as usize * 2).color("000000");
    if l.bold {
        r = r.bold();
    }
    if l.italic {
        r = r.italic();
    }
    r
}

fn mark(mut p: Paragraph, l: Look) -> Paragraph {
    p = p.fonts(fonts()).size(l.pt as usize * 2).color("000000");
    if l.bold {
        p = p.bold();
    }
    if l.italic {
        p = p.italic();
    }
    p
}

/// Spacing in twips before/after and line spacing in 240ths of a line.
fn spacing(p: Paragraph, before: u32, after: u32, line: i32) -> Paragraph {
    p.line_spacing(
        LineSpacing::new()
            .before(before)
            .after(after)
            .line(line)
            .line_rule(LineSpacingType::Auto),
    )
}

fn centred(text: &str, l: Look) -> Paragraph {
    spacing(runs(Paragraph::new().align(AlignmentType::Center), text, l), 0, 0, 240)
}

/// A short solid rule: an empty, tiny paragraph with only a bottom border,
/// indented so that the border is `width` long and centred in `avail`.
fn rule(avail: i32, width: i32) -> Paragraph {
    let width = width.clamp(400, avail.max(400));
    let side = ((avail - width) / 2).max(0);
    let mut p = Paragraph::new()
        .align(AlignmentType::Center)
        .indent(Some(side), None, Some(side), None);
    p.property = p.property.set_borders(
        ParagraphBorders::with_empty().set(
            ParagraphBorder::new(ParagraphBorderPosition::Bottom)
                .val(BorderType::Single)
                .size(6)
                .space(1)
                .color("000000"),
        ),
    );
    let p = p.line_spacing(LineSpacing::new().before(0).after(0).line(100).line_rule(LineSpacingType::Exact));
    mark(p, look(1))
}

/// Printed width of `text` in twips, by Times New Roman's metrics.
fn text_width(text: &str, pt: u8, bold: bool) -> i32 {
    lines::width(text, Face::new(pt, bold, false))
}

impl Look {
    const fn face(self) -> Face {
        Face::new(self.pt, self.bold, self.italic)
    }
}

/// `text` centred, in lines chosen by phrase to fit `avail` twips
/// ([`lines`]); lines typed in the text are kept.
fn centred_lines(text: &str, l: Look, avail: i32) -> Paragraph {
    centred(&lines::broken(text, l.face(), avail), l)
}

/// The national title must hold on one line: the right column of the header
/// is as wide as it needs, the left has the rest (at most half the text).
const NATION: &str = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM";
const MOTTO: &str = "Độc lập - Tự do - Hạnh phúc";

/// Widths of the header grid's columns: (left, right), outer, in twips.
pub fn header_columns(g: &Geometry) -> (i32, i32) {
    let need = text_width(NATION, 12, true) + 2 * CELL_MARGIN + 60;
    let left = (g.text_width - need).clamp(g.text_width * 3 / 10, g.text_width / 2);
    (left, g.text_width - left)
}

/// Lines of the authority (ô 1, 12 pt) and of the issuer (ô 2, 12 pt bold)
/// as the header prints them, and the room they had.
pub fn header_lines(authority: &str, issuer: &str, g: &Geometry) -> (Vec<String>, Vec<String>, i32) {
    let li = header_columns(g).0 - 2 * CELL_MARGIN;
    let a = lines::lines(&upper(authority.trim()), look(12).face(), li);
    let i = lines::lines(&upper(issuer.trim()), look(12).bold().face(), li);
    (a, i, li)
}

pub struct Geometry {
    pub text_width: i32,
    pub landscape_text_width: i32,
    pub body_pt: u8,
    pub margin: PageMargin,
}

impl Geometry {
    pub fn new(layout: &Layout) -> Geometry {
        let m = layout.margins_mm;
        let (l, r) = (mm_to_twips(m.left), mm_to_twips(m.right));
        let (t, b) = (mm_to_twips(m.top), mm_to_twips(m.bottom));
        Geometry {
            text_width: A4_W as i32 - l - r,
            landscape_text_width: A4_H as i32 - l - r,
            body_pt: layout.body_size.clamp(13, 14),
            margin: PageMargin::new()
                .top(t)
                .bottom(b)
                .left(l)
                .right(r)
                .header(HEADER_DIST)
                .footer(HEADER_DIST)
                .gutter(0),
        }
    }
}

fn cell(width: i32, paras: Vec<Paragraph>) -> TableCell {
    let mut c = TableCell::new().width(width.max(0) as usize, WidthType::Dxa);
    for p in paras {
        c = c.add_paragraph(p);
    }
    c
}

/// Ô 1–4 of the layout grid: authority, issuer, number | motto, place and date.
/// The texts the letter prints, decided once for the .docx and the page's
/// preview ([`crate::render::html`]).
///
/// "Số: 10/BC-TTHTCĐ", or room to write the number.
pub(crate) fn number_line(d: &DocSpec) -> String {
    format!("Số: {}", number_text(d))
}

/// The số ký hiệu alone ("10/BC-TTHTCĐ"), or room to write it.
pub(crate) fn number_text(d: &DocSpec) -> String {
    match d.number.as_deref().map(str::trim).filter(|n| !n.is_empty()) {
        Some(n) => n.to_string(),
        None => "       /BC".to_string(),
    }
}

/// "Kim Sơn, ngày 26 tháng 11 năm 2018", or room to write the date.
pub(crate) fn place_date_line(d: &DocSpec) -> String {
    let when = date_text(d);
    match d.place.as_deref().map(str::trim).filter(|p| !p.is_empty()) {
        Some(p) => format!("{p}, {when}"),
        None => when,
    }
}

/// "ngày 26 tháng 11 năm 2018", or room to write the date.
pub(crate) fn date_text(d: &DocSpec) -> String {
    match d.date {
        Some(date) => words::date_words(date),
        None => format!(
            "ngày      tháng      năm {}",
            d.year_hint.map(|y| y.to_string()).unwrap_or_default()
        ),
    }
}

/// The recipients after "Kính gửi:", with their dashes and end marks.
pub(crate) fn recipient_items(d: &DocSpec) -> Vec<String> {
    let list: Vec<&str> = d.recipients.iter().map(|s| s.trim()).filter(|s| !s.is_empty()).collect();
    let n = list.len();
    list.iter()
        .enumerate()
        .map(|(i, r)| {
            let r = r.trim_end_matches([';', '.', ',']);
            if n == 1 {
                format!("{r}.")
            } else if i + 1 == n {
                format!("- {r}.")
            } else {
                format!("- {r};")
            }
        })
        .collect()
}

/// The Nơi nhận items, with their dashes and end marks.
pub(crate) fn copies_items(d: &DocSpec) -> Vec<String> {
    let items: Vec<&str> = d.copies_to.iter().map(|s| s.trim()).filter(|s| !s.is_empty()).collect();
    let n = items.len();
    items
        .iter()
        .enumerate()
        .map(|(i, it)| {
            let it = it.trim_start_matches(['-', ' ']).trim_end_matches([';', '.', ',']);
            if i + 1 == n {
                format!("- {it}.")
            } else {
                format!("- {it};")
            }
        })
        .collect()
}

/// Opening, numbered sections (heading, blocks), closing.
pub(crate) type NumberedBody = (Vec<Block>, Vec<(String, Vec<Block>)>, Vec<Block>);

/// The body as printed: the opening, the sections that have blocks with
/// their headings ("I. TÊN MỤC"), the closing; the last text ends in "./.".
pub(crate) fn numbered_body(d: &DocSpec) -> NumberedBody {
    let mut sections = d.sections.clone();
    let mut closing = d.closing.clone();
    end_body(&mut closing, &mut sections);
    let numbered = sections
        .into_iter()
        .filter(|s| !s.blocks.is_empty())
        .enumerate()
        .map(|(i, s)| (format!("{}. {}", roman(i + 1), upper(s.title.trim())), s.blocks))
        .collect();
    (d.opening.clone(), numbered, closing)
}

/// A block's text as printed ("- " before a bullet, "2. " before the
/// second heading of its section); `sub` counts the headings so far.
pub(crate) fn block_text(b: &Block, sub: &mut usize) -> Option<String> {
    match b {
        Block::Text(t) | Block::Note(t) => Some(t.clone()),
        Block::Bullet(t) => Some(format!("- {}", t.trim())),
        Block::Heading(t) => {
            *sub += 1;
            Some(format!("{sub}. {}", t.trim()))
        }
        Block::Table(_) => None,
    }
}

fn header_table(d: &DocSpec, g: &Geometry) -> Table {
    let (left, right) = header_columns(g);
    let (li, ri) = (left - 2 * CELL_MARGIN, right - 2 * CELL_MARGIN);
    let authority = d.authority.as_deref().map(str::trim).unwrap_or("");
    let issuer = d.issuer.as_deref().map(str::trim).unwrap_or("");
    let (a_lines, i_lines, _) = header_lines(authority, issuer, g);
    let mut l = Vec::new();
    if !authority.is_empty() {
        l.push(centred(&a_lines.join("\n"), look(12)));
    }
    l.push(centred(&i_lines.join("\n"), look(12).bold()));
    // One third of the issuer's width, within 1/3–1/2 of the text.
    let longest = i_lines.iter().map(|s| text_width(s, 12, true)).max().unwrap_or(0).min(li);
    l.push(rule(li, (longest * 2 / 5).max(900)));

    let r = vec![
        centred(NATION, look(12).bold()),
        centred(MOTTO, look(13).bold()),
        rule(ri, text_width(MOTTO, 13, true).min(ri)),
    ];

    let number = lines::broken(&number_line(d), look(13).face(), li);
    let place_date = lines::broken(&place_date_line(d), look(13).italic().face(), ri);
    let row2_l = spacing(runs(Paragraph::new().align(AlignmentType::Center), &number, look(13)), 120, 0, 240);
    let row2_r = spacing(
        runs(Paragraph::new().align(AlignmentType::Center), &place_date, look(13).italic()),
        120,
        0,
        240,
    );

    Table::without_borders(vec![
        TableRow::new(vec![cell(left, l), cell(right, r)]),
        TableRow::new(vec![cell(left, vec![row2_l]), cell(right, vec![row2_r])]),
    ])
    .set_grid(vec![left as usize, right as usize])
    .width(g.text_width as usize, WidthType::Dxa)
    .layout(TableLayoutType::Fixed)
}

/// "BÁO CÁO", the trích yếu and the rule under it.
fn title(d: &DocSpec, g: &Geometry) -> Vec<Paragraph> {
    let kind = spacing(
        runs(
            Paragraph::new().align(AlignmentType::Center).keep_next(true),
            &upper(d.kind.trim()),
            look(14).bold(),
        ),
        360,
        0,
        240,
    );
    let t = spacing(
        runs(
            Paragraph::new().align(AlignmentType::Center).keep_next(true),
            &lines::broken(d.title.trim(), look(14).bold().face(), g.text_width),
            look(14).bold(),
        ),
        0,
        0,
        240,
    );
    vec![kind, t, rule(g.text_width, g.text_width / 5)]
}

/// "Kính gửi:" with the recipients, dashes aligned one under the other.
fn recipients(d: &DocSpec, g: &Geometry) -> Vec<Paragraph> {
    let list = recipient_items(d);
    if list.is_empty() {
        return Vec::new();
    }
    let l = look(g.body_pt);
    // "Kính gửi:" starts 2 cm in; the recipients start where it ends.
    let start = 1134;
    let hang = text_width("Kính gửi:", g.body_pt, false) + 200;
    let at = start + hang;
    let n = list.len();
    list.into_iter()
        .enumerate()
        .map(|(i, item)| {
            let (text, special) = if i == 0 {
                (format!("Kính gửi:\t{item}"), Some(SpecialIndentType::Hanging(hang)))
            } else {
                (item, None)
            };
            let p = Paragraph::new()
                .align(AlignmentType::Left)
                .indent(Some(at), special, None, None)
                .add_tab(Tab::new().val(TabValueType::Left).pos(at as usize));
            let before = if i == 0 { 240 } else { 0 };
            let after = if i + 1 == n { 240 } else { 0 };
            spacing(runs(p, &text, l), before, after, 276)
        })
        .collect()
}

fn body_para(text: &str, l: Look) -> Paragraph {
    let p = Paragraph::new()
        .align(AlignmentType::Both)
        .indent(None, Some(SpecialIndentType::FirstLine(FIRST_LINE)), None, None);
    spacing(runs(p, text, l), 0, 120, 288)
}

fn heading(text: &str, l: Look) -> Paragraph {
    body_para(text, l.bold()).keep_next(true)
}

const ROMAN: [&str; 20] = [
    "I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII", "XIII", "XIV", "XV", "XVI", "XVII", "XVIII", "XIX", "XX",
];

pub fn roman(n: usize) -> String {
    ROMAN.get(n.wrapping_sub(1)).map(|s| s.to_string()).unwrap_or_else(|| n.to_string())
}

/// Something the document body holds, in order.
pub enum Item {
    P(Box<Paragraph>),
    T(Box<Table>),
}

fn blocks(out: &mut Vec<Item>, bs: &[Block], g: &Geometry, width: i32) {
    let l = look(g.body_pt);
    let mut sub = 0;
    for b in bs {
        let text = block_text(b, &mut sub);
        match (b, text) {
            (Block::Heading(_), Some(t)) => out.push(Item::P(Box::new(heading(&t, l)))),
            (Block::Text(_) | Block::Bullet(_), Some(t)) => out.push(Item::P(Box::new(body_para(&t, l)))),
            (Block::Note(_), Some(t)) => {
                let p = Paragraph::new().align(AlignmentType::Both);
                out.push(Item::P(Box::new(spacing(runs(p, &t, look(10)), 60, 60, 240))));
            }
            (Block::Table(t), _) => {
                out.push(Item::T(Box::new(table(t, width))));
                // Two tables in a row would merge; a small gap reads better anyway.
                out.push(Item::P(Box::new(spacing(mark(Paragraph::new(), look(6)), 0, 60, 240))));
            }
            _ => {}
        }
    }
}

/// Ends the last text of the body with "./.".
fn end_body(closing: &mut Vec<Block>, sections: &mut [spec::Section]) {
    let last = closing
        .iter_mut()
        .rev()
        .chain(sections.iter_mut().rev().flat_map(|s| s.blocks.iter_mut().rev()))
        .find(|b| matches!(b, Block::Text(_) | Block::Bullet(_)));
    match last {
        Some(Block::Text(t)) | Some(Block::Bullet(t)) => *t = words::end_mark(t),
        _ => closing.push(Block::Text("./.".to_string())),
    }
}

/// The body: opening, numbered sections, closing.
fn body(d: &DocSpec, g: &Geometry) -> Vec<Item> {
    let (opening, sections, closing) = numbered_body(d);
    let mut out = Vec::new();
    blocks(&mut out, &opening, g, g.text_width);
    for (title, bs) in &sections {
        out.push(Item::P(Box::new(heading(title, look(g.body_pt)))));
        blocks(&mut out, bs, g, g.text_width);
    }
    blocks(&mut out, &closing, g, g.text_width);
    out
}

/// A bordered table with a repeating multi-row header.
pub fn table(t: &TableSpec, width: i32) -> Table {
    let ncols = t.columns.len().max(1);
    let total: u64 = t.columns.iter().map(|c| c.weight.max(1) as u64).sum::<u64>().max(1);
    let mut grid: Vec<i32> = t
        .columns
        .iter()
        .map(|c| ((c.weight.max(1) as u64 * width.max(0) as u64) / total) as i32)
        .collect();
    if grid.is_empty() {
        grid.push(width);
    }
    let used: i32 = grid.iter().sum();
    if let Some(last) = grid.last_mut() {
        *last += width - used;
    }
    let span_width = |from: usize, n: usize| grid.iter().skip(from).take(n).sum::<i32>();
    let pt = if t.font_pt == 0 { 13 } else { t.font_pt };
    let cell_para = |text: &str, align: Align, l: Look| {
        let a = match align {
            Align::Left => AlignmentType::Left,
            Align::Center => AlignmentType::Center,
            Align::Right => AlignmentType::Right,
        };
        spacing(runs(Paragraph::new().align(a), text, l), 40, 40, 240)
    };

    let mut rows = Vec::new();
    // Header: `below[c]` = header rows still covered by a cell above.
    let mut below = vec![0usize; ncols];
    for hr in &t.header {
        let mut cells = Vec::new();
        let mut col = 0;
        let mut given = hr.iter();
        while col < ncols {
            if below[col] > 0 {
                below[col] -= 1;
                cells.push(
                    cell(span_width(col, 1), vec![cell_para("", Align::Center, look(pt).bold())])
                        .vertical_merge(VMergeType::Continue)
                        .vertical_align(VAlignType::Center),
                );
                col += 1;
                continue;
            }
            let Some(h) = given.next() else {
                // Fewer cells than columns: fill the row.
                cells.push(cell(span_width(col, 1), vec![cell_para("", Align::Center, look(pt).bold())]));
                col += 1;
                continue;
            };
            let span = h.col_span.clamp(1, ncols - col);
            // Header lines chosen by phrase: never "(chuyên / đề)".
            let w = span_width(col, span);
            let text = lines::broken(&h.text, look(pt).bold().face(), w - 2 * CELL_MARGIN);
            let mut c = cell(w, vec![cell_para(&text, Align::Center, look(pt).bold())]).vertical_align(VAlignType::Center);
            if span > 1 {
                c = c.grid_span(span);
            }
            if h.row_span > 1 {
                c = c.vertical_merge(VMergeType::Restart);
                for b in below.iter_mut().skip(col).take(span) {
                    *b = h.row_span - 1;
                }
            }
            cells.push(c);
            col += span;
        }
        rows.push(TableRow::new(cells).cant_split());
    }
    let header_rows = rows.len();
    for r in &t.rows {
        let l = if r.bold { look(pt).bold() } else { look(pt) };
        let cells = (0..ncols)
            .map(|c| {
                let text = r.cells.get(c).map(String::as_str).unwrap_or("");
                let mut align = t.columns.get(c).map(|c| c.align).unwrap_or(Align::Left);
                if r.bold && c == 1 {
                    align = Align::Center;
                }
                cell(span_width(c, 1), vec![cell_para(text, align, l)]).vertical_align(VAlignType::Center)
            })
            .collect();
        rows.push(TableRow::new(cells).cant_split());
    }
    let border = |p| TableBorder::new(p).border_type(BorderType::Single).size(4).color("000000");
    let mut table = Table::new(rows)
        .set_grid(grid.iter().map(|w| (*w).max(0) as usize).collect())
        .width(width.max(0) as usize, WidthType::Dxa)
        .layout(TableLayoutType::Fixed)
        .set_borders(
            TableBorders::with_empty()
                .set(border(TableBorderPosition::Top))
                .set(border(TableBorderPosition::Left))
                .set(border(TableBorderPosition::Bottom))
                .set(border(TableBorderPosition::Right))
                .set(border(TableBorderPosition::InsideH))
                .set(border(TableBorderPosition::InsideV)),
        );
    if header_rows > 0 {
        table = table.style(format!("{REPEAT_PREFIX}{header_rows}"));
    }
    table
}

/// Nơi nhận | signature.
fn closing_table(d: &DocSpec, g: &Geometry) -> Table {
    let left = g.text_width * 9 / 20;
    let right = g.text_width - left;
    let mut l = vec![spacing(runs(Paragraph::new(), "Nơi nhận:", look(12).bold().italic()), 0, 0, 240)];
    for text in copies_items(d) {
        l.push(spacing(runs(Paragraph::new(), &text, look(11)), 0, 0, 240));
    }
    let s = &d.signer;
    let ri = right - 2 * CELL_MARGIN;
    let mut r = Vec::new();
    if let Some(a) = s.authority.as_deref().map(str::trim).filter(|a| !a.is_empty()) {
        r.push(centred_lines(&upper(a), look(14).bold(), ri));
    }
    if let Some(t) = s.title.as_deref().map(str::trim).filter(|t| !t.is_empty()) {
        r.push(centred_lines(&upper(t), look(14).bold(), ri));
    }
    for _ in 0..4 {
        r.push(centred("", look(14)));
    }
    r.push(centred_lines(s.name.as_deref().map(str::trim).unwrap_or(""), look(14).bold(), ri));
    Table::without_borders(vec![TableRow::new(vec![cell(left, l), cell(right, r)]).cant_split()])
        .set_grid(vec![left as usize, right as usize])
        .width(g.text_width as usize, WidthType::Dxa)
        .layout(TableLayoutType::Fixed)
}

fn page_number_header() -> Header {
    let p = Paragraph::new().align(AlignmentType::Center).add_page_num(PageNum::new());
    Header::new().add_paragraph(mark(p, look(13)))
}

fn empty_header() -> Header {
    Header::new().add_paragraph(mark(Paragraph::new(), look(13)))
}

/// Section properties of a page: A4, portrait or landscape.
fn page(g: &Geometry, landscape: bool) -> SectionProperty {
    let (w, h, o) = if landscape {
        (A4_H, A4_W, PageOrientationType::Landscape)
    } else {
        (A4_W, A4_H, PageOrientationType::Portrait)
    };
    SectionProperty::new()
        .page_size(PageSize::new().size(w, h).orient(o))
        .page_margin(g.margin.clone())
}

/// Rids docx-rs gives the default header and the first-page header, in the
/// order they are added below.
const RID_DEFAULT: &str = "rIdHeader1";
const RID_FIRST: &str = "rIdHeader2";

/// The whole document.
pub fn document(d: &DocSpec, g: &Geometry, date_iso: &str) -> Docx {
    let mut docx = Docx::new()
        .default_fonts(fonts())
        .default_size(g.body_pt as usize * 2)
        .header(page_number_header())
        .first_header(empty_header())
        .created_at(date_iso)
        .updated_at(date_iso);
    if let Some(m) = d.mark {
        docx = docx.custom_property(crate::mark::PROPERTY, m.as_str());
    }

    docx = docx.add_table(header_table(d, g));
    for p in title(d, g) {
        docx = docx.add_paragraph(p);
    }
    for p in recipients(d, g) {
        docx = docx.add_paragraph(p);
    }
    if d.recipients.iter().all(|r| r.trim().is_empty()) {
        docx = docx.add_paragraph(spacing(mark(Paragraph::new(), look(6)), 0, 120, 240));
    }
    for it in body(d, g) {
        docx = match it {
            Item::P(p) => docx.add_paragraph(*p),
            Item::T(t) => docx.add_table(*t),
        };
    }
    // Keeps the signature with the last lines of the text.
    docx = docx.add_paragraph(spacing(mark(Paragraph::new().keep_next(true), look(g.body_pt)), 0, 0, 240));
    docx = docx.add_table(closing_table(d, g));

    let portrait = page(g, false);
    if d.appendices.is_empty() {
        let pm = g.margin.clone();
        return docx.page_size(A4_W, A4_H).page_margin(pm);
    }
    // The letter's own section ends here; each appendix is a section of its
    // own, the last one being the document's final section.
    docx = docx.add_paragraph(
        mark(Paragraph::new(), look(2)).section_property(
            portrait
                .header(page_number_header(), RID_DEFAULT)
                .first_header(empty_header(), RID_FIRST),
        ),
    );
    let count = d.appendices.len();
    let mut last_landscape = false;
    for (i, a) in d.appendices.iter().enumerate() {
        let width = if a.landscape { g.landscape_text_width } else { g.text_width };
        let label = spacing(
            runs(
                Paragraph::new().align(AlignmentType::Center).keep_next(true),
                a.label.trim(),
                look(14).bold(),
            ),
            0,
            0,
            240,
        );
        docx = docx.add_paragraph(label);
        docx = docx.add_paragraph(spacing(
            runs(
                Paragraph::new().align(AlignmentType::Center).keep_next(true),
                &upper(a.title.trim()),
                look(14).bold(),
            ),
            0,
            0,
            240,
        ));
        if let Some(s) = a.subtitle.as_deref().filter(|s| !s.trim().is_empty()) {
            docx = docx.add_paragraph(centred(s.trim(), look(13).italic()));
        }
        docx = docx.add_paragraph(spacing(mark(Paragraph::new(), look(6)), 0, 120, 240));
        let mut items = Vec::new();
        blocks(&mut items, &a.blocks, g, width);
        for it in items {
            docx = match it {
                Item::P(p) => docx.add_paragraph(*p),
                Item::T(t) => docx.add_table(*t),
            };
        }
        if i + 1 < count {
            docx = docx.add_paragraph(mark(Paragraph::new(), look(2)).section_property(page(g, a.landscape)));
        } else {
            last_landscape = a.landscape;
        }
    }
    let (w, h) = if last_landscape { (A4_H, A4_W) } else { (A4_W, A4_H) };
    let orient = if last_landscape {
        PageOrientationType::Landscape
    } else {
        PageOrientationType::Portrait
    };
    docx.page_size(w, h).page_orient(orient).page_margin(g.margin.clone())
}
