//! What a document says, apart from how it is laid out: a ward report and a
//! consolidated town report both fill a [`DocSpec`], and one renderer lays
//! out the page, header, title, sections, closing block and appendices.

use crate::model::{Date, Signer};

/// A whole document of the "văn bản có tên loại" form (Mẫu 1.4).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct DocSpec {
    /// Cơ quan chủ quản (left column, first line), printed UPPERCASE.
    pub authority: Option<String>,
    /// Cơ quan ban hành, printed UPPERCASE bold with a short rule under it.
    pub issuer: Option<String>,
    /// Số ký hiệu without "Số: " ("10/BC-TTHTCĐ"); `None` leaves room to write it.
    pub number: Option<String>,
    /// Địa danh ("Kim Sơn").
    pub place: Option<String>,
    /// Ngày; `None` leaves "ngày … tháng … năm …" to be written by hand.
    pub date: Option<Date>,
    /// Year printed in an undated header.
    pub year_hint: Option<i32>,
    /// Tên loại ("BÁO CÁO").
    pub kind: String,
    /// Trích yếu.
    pub title: String,
    /// Kính gửi (empty: no line).
    pub recipients: Vec<String>,
    /// Paragraphs before section I.
    pub opening: Vec<Block>,
    /// Numbered I, II, … by the renderer; a section without blocks is left
    /// out and the numbering closes up.
    pub sections: Vec<Section>,
    /// Paragraphs after the last section; the last text gets "./.".
    pub closing: Vec<Block>,
    /// Nơi nhận, without dashes or end marks ("Như trên", "Lưu: VT").
    pub copies_to: Vec<String>,
    pub signer: Signer,
    /// Pages after the signature, each starting on a new page.
    pub appendices: Vec<Appendix>,
    /// The program's mark, written as the custom document property
    /// `baocao` ([`crate::mark`]); `None` writes none.
    pub mark: Option<crate::mark::Mark>,
}

/// One Roman-numbered section.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Section {
    /// The heading without its number; printed UPPERCASE bold.
    pub title: String,
    pub blocks: Vec<Block>,
}

/// A piece of body content.
#[derive(Debug, Clone, PartialEq)]
pub enum Block {
    /// A justified body paragraph with a first-line indent.
    Text(String),
    /// A "- " item; pass the text without the dash.
    Bullet(String),
    /// A subsection heading, numbered 1., 2., … within its section, bold.
    Heading(String),
    Table(TableSpec),
    /// Small print at the size of the tables near it (an appendix's legend):
    /// one justified paragraph, no indent, so it does not take a page.
    Note(String),
}

/// A table with a multi-row header that repeats on every page.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct TableSpec {
    /// Relative widths and alignment; scaled to the text width.
    pub columns: Vec<Column>,
    /// Header rows (bold, centred). A cell covers `col_span` columns and
    /// `row_span` header rows; covered positions are not listed again.
    pub header: Vec<Vec<HeadCell>>,
    pub rows: Vec<RowSpec>,
    /// Point size of the table text (13 in the ward report).
    pub font_pt: u8,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Align {
    Left,
    Center,
    Right,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Column {
    pub weight: u32,
    pub align: Align,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HeadCell {
    pub text: String,
    pub col_span: usize,
    pub row_span: usize,
}

impl HeadCell {
    pub fn new(text: impl Into<String>) -> HeadCell {
        HeadCell {
            text: text.into(),
            col_span: 1,
            row_span: 1,
        }
    }
    pub fn span(mut self, cols: usize, rows: usize) -> HeadCell {
        self.col_span = cols.max(1);
        self.row_span = rows.max(1);
        self
    }
}

/// One body row; `bold` for a total row.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RowSpec {
    pub cells: Vec<String>,
    pub bold: bool,
}

/// A "Phụ lục" after the signature, in its own section of the document.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Appendix {
    /// "Phụ lục" or "Phụ lục I"; 14 pt bold centred.
    pub label: String,
    /// Printed UPPERCASE bold centred.
    pub title: String,
    /// An italic line under the title ("(Kèm theo Báo cáo số …)").
    pub subtitle: Option<String>,
    /// A landscape page for a wide table.
    pub landscape: bool,
    pub blocks: Vec<Block>,
}
