//! The one document model every reader produces and every writer consumes.
//!
//! A [`Report`] is one reporting unit for one period. Values that came from a
//! workbook keep their [`Source`] so that any later stage (validation,
//! consolidation) can point at the cell without reading the file again.

use serde::{Deserialize, Serialize};

pub mod narrative;

use crate::period::Period;
use crate::source::Source;

/// A civil date (no time, no zone): reports are dated by day.
pub type Date = chrono::NaiveDate;

/// Who reports.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Unit {
    /// Cơ quan chủ quản (superior authority), e.g. "ỦY BAN NHÂN DÂN PHƯỜNG KIM SƠN".
    pub authority: Option<String>,
    /// Cơ quan ban hành (the issuing body), e.g. "TTHTCĐ PHƯỜNG KIM SƠN".
    pub issuer: Option<String>,
    /// Địa bàn, e.g. "Phường Kim Sơn".
    pub area: Option<String>,
    /// Mã đơn vị (administrative unit code), used to tell units apart when present.
    pub code: Option<String>,
    /// The cell the Mã đơn vị was read from, to point at it when it
    /// contradicts the unit's name (not kept in stored reports).
    #[serde(skip)]
    pub code_source: Option<Source>,
}

/// The person who signs, and in whose name.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Signer {
    /// Quyền hạn ký, e.g. "TM. BAN GIÁM ĐỐC".
    pub authority: Option<String>,
    /// Chức vụ, e.g. "GIÁM ĐỐC".
    pub title: Option<String>,
    /// Họ tên, e.g. "Đặng Cương Quyết".
    pub name: Option<String>,
}

/// The document's own particulars (header, title, recipients, signature).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Document {
    /// Số ký hiệu, e.g. "10/BC-TTHTCĐ".
    pub number: Option<String>,
    /// Địa danh, e.g. "Kim Sơn".
    pub place: Option<String>,
    /// Ngày báo cáo.
    pub date: Option<Date>,
    /// Trích yếu; `None` means "build the default from the period".
    pub title: Option<String>,
    /// Kính gửi.
    pub recipients: Vec<String>,
    /// Nơi nhận.
    pub copies_to: Vec<String>,
    pub signer: Signer,
}

/// One of the ten categories of the national form, or one the ward added.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum CategoryId {
    /// Code 1–10 of the national form.
    Standard(u8),
    /// A row that matched no standard category: kept under its own name.
    Custom,
}

/// One row of the activity table.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Activity {
    pub category: CategoryId,
    /// Canonical name for standard categories; the ward's own text for custom ones.
    pub name: String,
    /// Số lớp (chuyên đề). `None` = not reported (an empty cell), never 0.
    pub classes: Option<u64>,
    /// Số lượt người tham gia, tổng số.
    pub participants: Option<u64>,
    /// Of whom women.
    pub female: Option<u64>,
    /// Ghi chú.
    pub note: Option<String>,
    /// The row, for diagnostics (its name cell).
    #[serde(skip)]
    pub source: Option<Source>,
}

impl Activity {
    /// The TT code of a standard category (1–10).
    pub fn code(&self) -> Option<u8> {
        match self.category {
            CategoryId::Standard(c) => Some(c),
            CategoryId::Custom => None,
        }
    }
}

/// Sums over the activity table; a column with nothing reported stays `None`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Totals {
    pub classes: Option<u64>,
    pub participants: Option<u64>,
    pub female: Option<u64>,
}

impl Totals {
    /// Sum of reported values; `None` only when no row reported that column.
    pub fn of<'a>(rows: impl IntoIterator<Item = &'a Activity>) -> Totals {
        let mut t = Totals::default();
        for a in rows {
            t.add(a.classes, a.participants, a.female);
        }
        t
    }

    /// Adds one row's figures, keeping "not reported" apart from 0.
    pub fn add(&mut self, classes: Option<u64>, participants: Option<u64>, female: Option<u64>) {
        fn acc(slot: &mut Option<u64>, v: Option<u64>) {
            if let Some(v) = v {
                *slot = Some(slot.unwrap_or(0).saturating_add(v));
            }
        }
        acc(&mut self.classes, classes);
        acc(&mut self.participants, participants);
        acc(&mut self.female, female);
    }
}

/// How an indicator consolidates over time and over units (Tính chất).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum IndicatorKind {
    /// cộng dồn: summed over time and units.
    Flow,
    /// thời điểm: latest over time, summed over units.
    Stock,
    /// tỷ lệ: latest over time, never summed over units.
    Rate,
}

impl IndicatorKind {
    /// Every kind, in the order of workbook.md.
    pub const ALL: [IndicatorKind; 3] = [IndicatorKind::Flow, IndicatorKind::Stock, IndicatorKind::Rate];

    /// The Tính chất word a workbook uses for it.
    pub const fn label_vi(self) -> &'static str {
        match self {
            IndicatorKind::Flow => "cộng dồn",
            IndicatorKind::Stock => "thời điểm",
            IndicatorKind::Rate => "tỷ lệ",
        }
    }
}

/// One row of the Chỉ tiêu table.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Indicator {
    pub name: String,
    /// Đơn vị tính, e.g. "hộ", "%", "tỷ đồng".
    pub unit: Option<String>,
    /// Kỳ này. Percentages are stored as percent (93.4, not 0.934).
    pub value: Option<f64>,
    /// Kỳ trước.
    pub previous: Option<f64>,
    pub kind: IndicatorKind,
    /// How the previous period is named when the header says so ("Năm 2017").
    pub previous_label: Option<String>,
    pub note: Option<String>,
    #[serde(skip)]
    pub source: Option<Source>,
}

impl Indicator {
    /// Whether the unit is a percentage.
    pub fn is_percent(&self) -> bool {
        self.unit.as_deref().map(|u| u.trim() == "%").unwrap_or(false)
    }
}

/// One directive or plan carried out (Văn bản chỉ đạo).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Directive {
    /// Số ký hiệu, e.g. "06/KH-TTHTCĐ".
    pub number: Option<String>,
    pub date: Option<Date>,
    /// Cơ quan ban hành.
    pub issuer: Option<String>,
    /// Trích yếu.
    pub summary: Option<String>,
    #[serde(skip)]
    pub source: Option<Source>,
}

/// Where a narrative paragraph goes in the section plan of report.md.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum NarrativeSlot {
    /// "Mở đầu": before section I.
    Opening,
    /// A Roman-numbered section of the plan (1 = I … 5 = V) or, above 5, a
    /// section of the ward's own placed after V.
    Section(u8),
    /// "Kết luận": after the last section.
    Closing,
}

/// One paragraph of the Nội dung sheet.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Paragraph {
    pub slot: NarrativeSlot,
    /// Tiêu đề (the section's or subsection's own title), when given.
    pub title: Option<String>,
    /// The paragraph; placeholders such as `{tong_so_lop}` are kept as typed
    /// here and filled in by the writer.
    pub text: String,
    #[serde(skip)]
    pub source: Option<Source>,
}

/// What became of a Thông tin value whose label the workbook has.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum InfoState {
    /// The value cell is empty: "missing" points at it.
    Empty,
    /// The value could not be read (a bad date or period): that has its own
    /// error, so the item is not also "missing".
    Invalid,
}

/// A Thông tin label found with no usable value, and where its value belongs.
#[derive(Debug, Clone, PartialEq)]
pub struct InfoCell {
    /// The item as workbook.md names it ("Ngày báo cáo").
    pub label: &'static str,
    /// The value's cell (right of the label, or under the "Nội dung" header).
    pub source: Source,
    pub state: InfoState,
}

/// What part of a workbook was left unused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum UnusedKind {
    /// A whole sheet.
    Sheet,
    /// A table-like block of a sheet.
    Block,
    /// Cells inside a table that was read (a column with no role, a row
    /// with nothing to read).
    Cells,
}

/// A part of the workbook the reader did not use, and why (`check --json`
/// lists them; each table-like one is also a note).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Unused {
    pub sheet: String,
    pub kind: UnusedKind,
    /// Its cells in A1 notation ("A3:E40"); `None` for an empty sheet.
    pub range: Option<String>,
    pub reason_vi: String,
    pub reason_en: String,
}

/// One workbook, read and normalised: the model in the middle.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Report {
    pub unit: Unit,
    /// Not serialised: a consolidation keeps it beside the stored record, and
    /// output JSON prints it through `crate::json`.
    #[serde(skip)]
    pub period: Option<Period>,
    pub document: Document,
    pub activities: Vec<Activity>,
    /// The "Tổng số" row as the ward typed it (a check, not data).
    pub stated_totals: Option<Totals>,
    pub indicators: Vec<Indicator>,
    pub directives: Vec<Directive>,
    pub narrative: Vec<Paragraph>,
    /// Thông tin labels present without a usable value (not serialised).
    #[serde(skip)]
    pub info_cells: Vec<InfoCell>,
    /// Sheets, blocks and cells the reader left unused, and why (kept
    /// through a consolidation's store, for its JSON).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub unused: Vec<Unused>,
    /// `Some(n)`: the report of an office that consolidates `n` centres'
    /// reports, whose sentences speak of "các Trung tâm … trên địa bàn";
    /// `None`: a centre's own report.
    #[serde(skip)]
    pub centres: Option<usize>,
}

impl Report {
    /// Sums computed from the rows (what the report prints, whatever the total row says).
    pub fn totals(&self) -> Totals {
        Totals::of(&self.activities)
    }
}
