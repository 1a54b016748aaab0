//! One function per sheet of the canonical workbook. Each writes the blank
//! sheet, and fills it when a report is given.

use rust_xlsxwriter::{DataValidation, DataValidationErrorStyle, DataValidationRule, ExcelDateTime, Format, Formula, Worksheet, XlsxError};

use super::style::{print_setup, Styles};
use crate::model::{CategoryId, Date, IndicatorKind, NarrativeSlot, Report};
use crate::normalize::category::CATEGORIES;
use crate::render::xlsx::write_opt_u64;

/// Rows offered for typing in the open-ended tables of the blank workbook
/// (and below the data of a filled one): validation covers them.
const SPARE_ROWS: u32 = 50;

/// The Tính chất words, in the order of workbook.md.
pub const KINDS: [&str; 3] = [
    IndicatorKind::Flow.label_vi(),
    IndicatorKind::Stock.label_vi(),
    IndicatorKind::Rate.label_vi(),
];

/// The Mục values of the Nội dung sheet.
pub const SLOTS: [&str; 7] = ["Mở đầu", "I", "II", "III", "IV", "V", "Kết luận"];

/// A value of the Thông tin sheet.
enum Val {
    Text(String),
    Date(Date),
    Empty,
}

fn text(v: &Option<String>) -> Val {
    match v {
        Some(s) => Val::Text(s.clone()),
        None => Val::Empty,
    }
}

fn excel_date(d: Date) -> Result<ExcelDateTime, XlsxError> {
    use chrono::Datelike;
    let year = u16::try_from(d.year()).unwrap_or(1900);
    ExcelDateTime::from_ymd(year, d.month() as u8, d.day() as u8)
}

fn write_opt_str(ws: &mut Worksheet, row: u32, col: u16, v: Option<&str>, f: &Format) -> Result<(), XlsxError> {
    match v {
        Some(s) => ws.write_string_with_format(row, col, s, f)?,
        None => ws.write_blank(row, col, f)?,
    };
    Ok(())
}

fn write_opt_date(ws: &mut Worksheet, row: u32, col: u16, v: Option<Date>, f: &Format) -> Result<(), XlsxError> {
    match v {
        Some(d) => ws.write_datetime_with_format(row, col, excel_date(d)?, f)?,
        None => ws.write_blank(row, col, f)?,
    };
    Ok(())
}

/// Whole numbers ≥ 0, empty allowed (empty = not reported).
fn count_validation() -> Result<DataValidation, XlsxError> {
    DataValidation::new()
        .allow_whole_number(DataValidationRule::GreaterThanOrEqualTo(0))
        .ignore_blank(true)
        .set_input_title("Số nguyên, không âm")?
        .set_input_message(
            "Gõ số nguyên ≥ 0, không kèm chữ (350, không phải \"350 người\"). \
             Để trống nếu không có số liệu: ô trống khác số 0.",
        )?
        .set_error_title("Không phải số nguyên ≥ 0")?
        .set_error_message("Ô này chỉ nhận số nguyên không âm (0, 1, 2, …). Để trống nếu không có số liệu.")
}

/// Any date between 1945 and 2100, shown day first.
fn date_validation(what: &str) -> Result<DataValidation, XlsxError> {
    DataValidation::new()
        .allow_date(DataValidationRule::Between(
            ExcelDateTime::from_ymd(1945, 1, 1)?,
            ExcelDateTime::from_ymd(2100, 12, 31)?,
        ))
        .ignore_blank(true)
        .set_input_title(what)?
        .set_input_message("Gõ ngày trước, tháng sau, năm đủ 4 chữ số: 26/11/2018.")?
        .set_error_title("Không phải ngày hợp lệ")?
        .set_error_message("Gõ ngày theo dạng ngày/tháng/năm, ví dụ 26/11/2018 (năm đủ 4 chữ số).")
}

/// Sheet "Thông tin": label in A, value in B, "*" in C for required items.
pub fn info(ws: &mut Worksheet, st: &Styles, report: Option<&Report>) -> Result<(), XlsxError> {
    ws.set_name(super::SHEET_INFO)?;
    ws.set_active(true);
    ws.merge_range(0, 0, 0, 2, "THÔNG TIN CHUNG CỦA BÁO CÁO", &st.title)?;
    ws.write_string_with_format(1, 0, "Mục", &st.header)?;
    ws.write_string_with_format(1, 1, "Nội dung", &st.header)?;
    ws.write_string_with_format(1, 2, "Bắt buộc", &st.header)?;

    let empty = Report::default();
    let r = report.unwrap_or(&empty);
    let doc = &r.document;
    let many = |items: &[String], blank_rows: usize| -> Vec<Val> {
        if items.is_empty() {
            (0..blank_rows).map(|_| Val::Empty).collect()
        } else {
            items.iter().map(|s| Val::Text(s.clone())).collect()
        }
    };
    let blank_many = if report.is_some() { 1 } else { 2 };
    let items: Vec<(&str, bool, Vec<Val>, &str)> = vec![
        (
            "Cơ quan chủ quản",
            true,
            vec![text(&r.unit.authority)],
            "Cơ quan cấp trên, viết hoa như trên văn bản: ỦY BAN NHÂN DÂN PHƯỜNG …",
        ),
        (
            "Cơ quan ban hành",
            true,
            vec![text(&r.unit.issuer)],
            "Tên đơn vị báo cáo, viết hoa: TTHTCĐ PHƯỜNG …",
        ),
        ("Địa bàn", true, vec![text(&r.unit.area)], "Xã, phường, thị trấn: Phường Kim Sơn."),
        (
            "Mã đơn vị",
            false,
            vec![text(&r.unit.code)],
            "Mã đơn vị hành chính (nếu có), để phân biệt các đơn vị khi tổng hợp.",
        ),
        ("Số ký hiệu", true, vec![text(&doc.number)], "Số và ký hiệu văn bản: 10/BC-TTHTCĐ."),
        ("Địa danh", true, vec![text(&doc.place)], "Địa danh ghi ở đầu văn bản: Kim Sơn."),
        ("Ngày báo cáo", true, vec![doc.date.map(Val::Date).unwrap_or(Val::Empty)], ""),
        (
            "Kỳ báo cáo",
            true,
            vec![r.period.map(|p| Val::Text(p.label())).unwrap_or(Val::Empty)],
            "",
        ),
        (
            "Trích yếu",
            false,
            vec![text(&doc.title)],
            "Để trống: chương trình tự đặt theo kỳ báo cáo.",
        ),
        (
            "Kính gửi",
            true,
            many(&doc.recipients, blank_many),
            "Mỗi nơi nhận báo cáo một dòng; thêm dòng thì ghi lại nhãn \"Kính gửi\" ở cột A.",
        ),
        (
            "Nơi nhận",
            false,
            many(&doc.copies_to, blank_many),
            "Mỗi nơi một dòng. Để trống: \"Như trên\" và \"Lưu: VT\".",
        ),
        (
            "Quyền hạn ký",
            false,
            vec![text(&doc.signer.authority)],
            "Ví dụ: TM. BAN GIÁM ĐỐC; KT. GIÁM ĐỐC. Để trống nếu người đứng đầu ký.",
        ),
        (
            "Chức vụ người ký",
            true,
            vec![text(&doc.signer.title)],
            "Ví dụ: GIÁM ĐỐC; PHÓ GIÁM ĐỐC.",
        ),
        ("Người ký", true, vec![text(&doc.signer.name)], "Họ và tên người ký."),
    ];

    let mut row = 2u32;
    for (label, required, values, help) in items {
        for v in values {
            let lf = if required { &st.text_bold } else { &st.text };
            ws.write_string_with_format(row, 0, label, lf)?;
            match v {
                Val::Text(s) => ws.write_string_with_format(row, 1, &s, &st.text)?,
                Val::Date(d) => ws.write_datetime_with_format(row, 1, excel_date(d)?, &st.date)?,
                Val::Empty if label == "Ngày báo cáo" => ws.write_blank(row, 1, &st.date)?,
                Val::Empty => ws.write_blank(row, 1, &st.text)?,
            };
            if required {
                ws.write_string_with_format(row, 2, "*", &st.center)?;
            } else {
                ws.write_blank(row, 2, &st.center)?;
            }
            let dv = match label {
                "Ngày báo cáo" => Some(date_validation("Ngày báo cáo")?),
                "Kỳ báo cáo" => Some(
                    DataValidation::new()
                        .allow_any_value()
                        .set_input_title("Kỳ báo cáo")?
                        .set_input_message(
                            "Một trong các dạng: Năm 2018; 6 tháng đầu năm 2018; 6 tháng cuối năm 2018; \
                             Quý III/2018; Tháng 10/2018 (hoặc 2018, 2018-H1, 2018-Q3, 2018-10).",
                        )?,
                ),
                _ if !help.is_empty() => Some(
                    DataValidation::new()
                        .allow_any_value()
                        .set_input_title(label)?
                        .set_input_message(help)?,
                ),
                _ => None,
            };
            if let Some(dv) = dv {
                ws.add_data_validation(row, 1, row, 1, &dv)?;
            }
            row += 1;
        }
    }
    ws.set_column_width(0, 22)?;
    ws.set_column_width(1, 70)?;
    ws.set_column_width(2, 10)?;
    ws.set_freeze_panes(2, 0)?;
    print_setup(ws, false, None)
}

/// First data row (0-based) of the activity table: title, blank, two header rows.
pub const ACTIVITY_FIRST_ROW: u32 = 4;

/// Sheet "Hoạt động": the activity table with a two-row merged header and a
/// Tổng số row of =SUM formulas that carry their results.
pub fn activities(ws: &mut Worksheet, st: &Styles, report: Option<&Report>) -> Result<(), XlsxError> {
    ws.set_name(super::SHEET_ACTIVITIES)?;
    ws.merge_range(0, 0, 0, 5, "BIỂU THỐNG KÊ KẾT QUẢ HOẠT ĐỘNG", &st.title)?;
    ws.merge_range(2, 0, 3, 0, "TT", &st.header)?;
    ws.merge_range(2, 1, 3, 1, "Tên hoạt động giáo dục", &st.header)?;
    ws.merge_range(2, 2, 3, 2, "Số lớp (chuyên đề)", &st.header)?;
    ws.merge_range(2, 3, 2, 4, "Số lượt người tham gia", &st.header)?;
    ws.write_string_with_format(3, 3, "Tổng số", &st.header)?;
    ws.write_string_with_format(3, 4, "Nữ", &st.header)?;
    ws.merge_range(2, 5, 3, 5, "Ghi chú", &st.header)?;

    let first = ACTIVITY_FIRST_ROW;
    let mut row = first;
    match report {
        None => {
            for (code, name) in CATEGORIES {
                ws.write_number_with_format(row, 0, f64::from(code), &st.center)?;
                ws.write_string_with_format(row, 1, name, &st.text)?;
                for col in 2..=4 {
                    ws.write_blank(row, col, &st.int)?;
                }
                ws.write_blank(row, 5, &st.text)?;
                row += 1;
            }
        }
        Some(r) => {
            let mut next_custom = 11u32;
            for a in &r.activities {
                let tt = match a.category {
                    CategoryId::Standard(c) => u32::from(c),
                    CategoryId::Custom => {
                        next_custom += 1;
                        next_custom - 1
                    }
                };
                ws.write_number_with_format(row, 0, f64::from(tt), &st.center)?;
                ws.write_string_with_format(row, 1, &a.name, &st.text)?;
                write_opt_u64(ws, row, 2, a.classes, &st.int)?;
                write_opt_u64(ws, row, 3, a.participants, &st.int)?;
                write_opt_u64(ws, row, 4, a.female, &st.int)?;
                write_opt_str(ws, row, 5, a.note.as_deref(), &st.text)?;
                row += 1;
            }
        }
    }
    let last = row.saturating_sub(1).max(first);
    // The total row: =SUM over the rows above, with the result stored so that
    // readers which do not calculate (calamine, previews) see the figure.
    ws.write_blank(row, 0, &st.text_bold)?;
    ws.write_string_with_format(row, 1, "Tổng số", &st.text_bold)?;
    let computed = report.map(|r| r.totals()).unwrap_or_default();
    let stated = report.and_then(|r| r.stated_totals);
    let columns = [
        (2u16, computed.classes, stated.map(|t| t.classes)),
        (3, computed.participants, stated.map(|t| t.participants)),
        (4, computed.female, stated.map(|t| t.female)),
    ];
    for (col, sum, stated) in columns {
        match stated {
            // The ward typed a total that differs from the rows: keep it as
            // typed (a plain number) so that the check can report it.
            Some(Some(v)) if Some(v) != sum => {
                ws.write_number_with_format(row, col, v as f64, &st.int_bold)?;
            }
            _ => {
                let letter = char::from(b'A' + col as u8);
                let f = Formula::new(format!("=SUM({letter}{}:{letter}{})", first + 1, last + 1))
                    .set_result(sum.map(|v| v.to_string()).unwrap_or_default());
                ws.write_formula_with_format(row, col, f, &st.int_bold)?;
            }
        }
    }
    ws.write_blank(row, 5, &st.text_bold)?;

    let dv = count_validation()?;
    ws.add_data_validation(first, 2, row.saturating_sub(1).max(first), 4, &dv)?;
    ws.set_column_width(0, 5)?;
    ws.set_column_width(1, 50)?;
    ws.set_column_width(2, 12)?;
    ws.set_column_width(3, 12)?;
    ws.set_column_width(4, 10)?;
    ws.set_column_width(5, 20)?;
    ws.set_row_height(2, 20)?;
    ws.set_freeze_panes(first, 2)?;
    print_setup(ws, false, Some((2, 3)))
}

/// The Kỳ trước header: a label shared by every indicator that names its
/// previous period ("Năm 2017") wins over the generic "Kỳ trước".
fn previous_header(r: Option<&Report>) -> String {
    let labels: Vec<&str> = r
        .map(|r| r.indicators.iter().filter_map(|i| i.previous_label.as_deref()).collect())
        .unwrap_or_default();
    match labels.first() {
        Some(first) if labels.iter().all(|l| l == first) => first.to_string(),
        _ => "Kỳ trước".to_string(),
    }
}

fn write_measure(ws: &mut Worksheet, st: &Styles, row: u32, col: u16, v: Option<f64>) -> Result<(), XlsxError> {
    match v {
        Some(x) if x.fract() == 0.0 => ws.write_number_with_format(row, col, x, &st.int)?,
        Some(x) => ws.write_number_with_format(row, col, x, &st.decimal)?,
        None => ws.write_blank(row, col, &st.decimal)?,
    };
    Ok(())
}

/// Sheet "Chỉ tiêu": TT | Chỉ tiêu | Đơn vị tính | Kỳ này | Kỳ trước | Tính chất | Ghi chú.
pub fn indicators(ws: &mut Worksheet, st: &Styles, report: Option<&Report>) -> Result<(), XlsxError> {
    ws.set_name(super::SHEET_INDICATORS)?;
    ws.merge_range(0, 0, 0, 6, "CÁC CHỈ TIÊU", &st.title)?;
    let prev = previous_header(report);
    let headers = ["TT", "Chỉ tiêu", "Đơn vị tính", "Kỳ này", prev.as_str(), "Tính chất", "Ghi chú"];
    for (c, h) in headers.iter().enumerate() {
        ws.write_string_with_format(1, c as u16, *h, &st.header)?;
    }
    let mut row = 2u32;
    if let Some(r) = report {
        for (i, ind) in r.indicators.iter().enumerate() {
            ws.write_number_with_format(row, 0, (i + 1) as f64, &st.center)?;
            ws.write_string_with_format(row, 1, &ind.name, &st.text)?;
            write_opt_str(ws, row, 2, ind.unit.as_deref(), &st.center)?;
            write_measure(ws, st, row, 3, ind.value)?;
            write_measure(ws, st, row, 4, ind.previous)?;
            ws.write_string_with_format(row, 5, ind.kind.label_vi(), &st.center)?;
            write_opt_str(ws, row, 6, ind.note.as_deref(), &st.text)?;
            row += 1;
        }
    }
    let last = row + SPARE_ROWS;
    let numbers = DataValidation::new()
        .allow_decimal_number(DataValidationRule::Between(-1e15, 1e15))
        .ignore_blank(true)
        .set_input_title("Số liệu")?
        .set_input_message(
            "Gõ số, không kèm đơn vị. Tỷ lệ gõ theo phần trăm: 93,4 % gõ 93,4 (không gõ 0,934). Để trống nếu không có số liệu.",
        )?
        .set_error_title("Không phải số")?
        .set_error_message("Ô này chỉ nhận số. Đơn vị ghi ở cột Đơn vị tính.")?;
    ws.add_data_validation(2, 3, last, 4, &numbers)?;
    let kinds = DataValidation::new()
        .allow_list_strings(&KINDS)?
        .ignore_blank(true)
        .set_input_title("Tính chất")?
        .set_input_message(
            "cộng dồn: cộng qua các kỳ và các đơn vị (lượt người học); thời điểm: lấy số cuối kỳ, cộng các đơn vị (số hộ nghèo); \
             tỷ lệ: lấy số cuối kỳ, không cộng (tỷ lệ biết chữ). Để trống: tỷ lệ nếu đơn vị là %, còn lại cộng dồn.",
        )?
        .set_error_title("Tính chất không hợp lệ")?
        .set_error_message("Chọn một trong: cộng dồn, thời điểm, tỷ lệ.")?;
    ws.add_data_validation(2, 5, last, 5, &kinds)?;
    for (c, w) in [(0u16, 5.0), (1, 45.0), (2, 14.0), (3, 12.0), (4, 12.0), (5, 12.0), (6, 20.0)] {
        ws.set_column_width(c, w)?;
    }
    ws.set_freeze_panes(2, 2)?;
    print_setup(ws, false, Some((1, 1)))
}

/// Sheet "Văn bản chỉ đạo": TT | Số ký hiệu | Ngày ban hành | Cơ quan ban hành | Trích yếu.
pub fn directives(ws: &mut Worksheet, st: &Styles, report: Option<&Report>) -> Result<(), XlsxError> {
    ws.set_name(super::SHEET_DIRECTIVES)?;
    ws.merge_range(0, 0, 0, 4, "VĂN BẢN CHỈ ĐẠO, KẾ HOẠCH ĐÃ THỰC HIỆN", &st.title)?;
    for (c, h) in ["TT", "Số ký hiệu", "Ngày ban hành", "Cơ quan ban hành", "Trích yếu"]
        .iter()
        .enumerate()
    {
        ws.write_string_with_format(1, c as u16, *h, &st.header)?;
    }
    let mut row = 2u32;
    if let Some(r) = report {
        for (i, d) in r.directives.iter().enumerate() {
            ws.write_number_with_format(row, 0, (i + 1) as f64, &st.center)?;
            write_opt_str(ws, row, 1, d.number.as_deref(), &st.text)?;
            write_opt_date(ws, row, 2, d.date, &st.date)?;
            write_opt_str(ws, row, 3, d.issuer.as_deref(), &st.text)?;
            write_opt_str(ws, row, 4, d.summary.as_deref(), &st.text)?;
            row += 1;
        }
    }
    let last = row + SPARE_ROWS;
    for r in row..=last {
        ws.write_blank(r, 2, &st.date)?;
    }
    ws.add_data_validation(2, 2, last, 2, &date_validation("Ngày ban hành")?)?;
    for (c, w) in [(0u16, 5.0), (1, 20.0), (2, 14.0), (3, 26.0), (4, 60.0)] {
        ws.set_column_width(c, w)?;
    }
    ws.set_freeze_panes(2, 0)?;
    print_setup(ws, true, Some((1, 1)))
}

fn slot_word(s: &NarrativeSlot) -> String {
    match s {
        NarrativeSlot::Opening => SLOTS[0].to_string(),
        NarrativeSlot::Closing => SLOTS[6].to_string(),
        NarrativeSlot::Section(n) => roman(*n),
    }
}

/// Roman numerals for section numbers (1 → "I"); sections above V exist for
/// a ward's own additions.
fn roman(mut n: u8) -> String {
    const TABLE: [(u8, &str); 9] = [
        (100, "C"),
        (90, "XC"),
        (50, "L"),
        (40, "XL"),
        (10, "X"),
        (9, "IX"),
        (5, "V"),
        (4, "IV"),
        (1, "I"),
    ];
    let mut out = String::new();
    for (v, s) in TABLE {
        while n >= v {
            out.push_str(s);
            n -= v;
        }
    }
    out
}

/// Sheet "Nội dung": Mục | Tiêu đề | Nội dung, one paragraph per row.
pub fn narrative(ws: &mut Worksheet, st: &Styles, report: Option<&Report>) -> Result<(), XlsxError> {
    ws.set_name(super::SHEET_NARRATIVE)?;
    ws.merge_range(0, 0, 0, 2, "NỘI DUNG BÁO CÁO (TÙY CHỌN)", &st.title)?;
    for (c, h) in ["Mục", "Tiêu đề", "Nội dung"].iter().enumerate() {
        ws.write_string_with_format(1, c as u16, *h, &st.header)?;
    }
    let mut row = 2u32;
    if let Some(r) = report {
        for p in &r.narrative {
            ws.write_string_with_format(row, 0, slot_word(&p.slot), &st.center)?;
            write_opt_str(ws, row, 1, p.title.as_deref(), &st.text)?;
            ws.write_string_with_format(row, 2, &p.text, &st.text)?;
            row += 1;
        }
    }
    let last = row + SPARE_ROWS;
    let slots = DataValidation::new()
        .allow_list_strings(&SLOTS)?
        .ignore_blank(true)
        .set_error_style(DataValidationErrorStyle::Warning)
        .set_input_title("Mục")?
        .set_input_message("Phần của báo cáo: Mở đầu, I … V (theo bố cục báo cáo) hoặc Kết luận. Các đoạn cùng Mục thành một phần.")?
        .set_error_title("Mục lạ")?
        .set_error_message("Nên chọn Mở đầu, I, II, III, IV, V hoặc Kết luận.")?;
    ws.add_data_validation(2, 0, last, 0, &slots)?;
    let para = DataValidation::new()
        .allow_any_value()
        .set_input_title("Nội dung")?
        .set_input_message(
            "Mỗi đoạn một dòng. Có thể dùng {tong_so_lop}, {tong_luot_nguoi}, {tong_nu}, {ky_bao_cao}, {ky_truoc}, \
             {don_vi}, {dia_ban}, {so_hoat_dong}: chương trình thay bằng số liệu.",
        )?;
    ws.add_data_validation(2, 2, last, 2, &para)?;
    ws.set_column_width(0, 10)?;
    ws.set_column_width(1, 28)?;
    ws.set_column_width(2, 95)?;
    ws.set_freeze_panes(2, 0)?;
    print_setup(ws, true, Some((1, 1)))
}

#[cfg(test)]
mod tests {
    #[test]
    fn roman_numerals() {
        assert_eq!(super::roman(1), "I");
        assert_eq!(super::roman(4), "IV");
        assert_eq!(super::roman(5), "V");
        assert_eq!(super::roman(9), "IX");
        assert_eq!(super::roman(14), "XIV");
    }
}
