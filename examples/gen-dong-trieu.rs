//! Writes the Đông Triều 2018 sample workbooks: five wards, one workbook per
//! month (Xã Tràng An lacks two months), figures from a fixed seed.
//!
//! `cargo run --example gen-dong-trieu -- sample-sheets/dong-trieu-2018`
//!
//! The layout is the canonical one of workbook.md (Thông tin, Hoạt động, Chỉ
//! tiêu, Văn bản chỉ đạo), written here directly; once `baocao::template::
//! workbook(Some(&report))` exists this can build a `Report` and call it.

#[path = "../tests/common/dong_trieu.rs"]
mod dong_trieu;

use dong_trieu::*;
use rust_xlsxwriter::{DocProperties, ExcelDateTime, Format, Workbook, XlsxError};

fn workbook(m: &Month) -> Result<Vec<u8>, XlsxError> {
    let (area, _, place) = WARDS[m.ward];
    let mut wb = Workbook::new();
    wb.set_properties(&DocProperties::new().set_creation_datetime(&ExcelDateTime::from_ymd(2018, 1, 1)?));
    let bold = Format::new().set_bold();

    let info = wb.add_worksheet();
    info.set_name("Thông tin")?;
    info.set_column_width(0, 24)?;
    info.set_column_width(1, 50)?;
    let upper = area.to_uppercase();
    let items = [
        ("Cơ quan chủ quản", format!("ỦY BAN NHÂN DÂN {upper}")),
        ("Cơ quan ban hành", format!("TTHTCĐ {upper}")),
        ("Địa bàn", area.to_string()),
        ("Số ký hiệu", format!("{:02}/BC-TTHTCĐ", m.month)),
        ("Địa danh", place.to_string()),
        ("Ngày báo cáo", format!("25/{:02}/{YEAR}", m.month)),
        ("Kỳ báo cáo", format!("Tháng {}/{YEAR}", m.month)),
        ("Kính gửi", "Phòng Giáo dục và Đào tạo thị xã Đông Triều".to_string()),
        ("Chức vụ người ký", "GIÁM ĐỐC".to_string()),
        ("Người ký", format!("Giám đốc TTHTCĐ {place}")),
    ];
    for (r, (label, value)) in items.iter().enumerate() {
        info.write_string_with_format(r as u32, 0, *label, &bold)?;
        info.write_string(r as u32, 1, value)?;
    }

    let act = wb.add_worksheet();
    act.set_name("Hoạt động")?;
    for (c, h) in [
        "TT",
        "Tên hoạt động giáo dục",
        "Số lớp (chuyên đề)",
        "Số lượt người tham gia: Tổng số",
        "Nữ",
    ]
    .iter()
    .enumerate()
    {
        act.write_string_with_format(0, c as u16, *h, &bold)?;
    }
    act.set_column_width(1, 50)?;
    for (r, (code, classes, participants, female)) in m.activities.iter().enumerate() {
        let row = r as u32 + 1;
        act.write_number(row, 0, f64::from(*code))?;
        act.write_string(row, 1, baocao::normalize::category::canonical(*code).unwrap_or_default())?;
        for (c, v) in [(2u16, classes), (3, participants), (4, female)] {
            if let Some(v) = v {
                act.write_number(row, c, *v as f64)?;
            }
        }
    }

    let ind = wb.add_worksheet();
    ind.set_name("Chỉ tiêu")?;
    for (c, h) in ["TT", "Chỉ tiêu", "Đơn vị tính", "Kỳ này", "Kỳ trước", "Tính chất"]
        .iter()
        .enumerate()
    {
        ind.write_string_with_format(0, c as u16, *h, &bold)?;
    }
    ind.set_column_width(1, 40)?;
    for (r, (name, unit, value, kind)) in m.indicators.iter().enumerate() {
        let row = r as u32 + 1;
        ind.write_number(row, 0, (r + 1) as f64)?;
        ind.write_string(row, 1, *name)?;
        ind.write_string(row, 2, *unit)?;
        ind.write_number(row, 3, *value)?;
        ind.write_string(row, 5, *kind)?;
    }

    let dir = wb.add_worksheet();
    dir.set_name("Văn bản chỉ đạo")?;
    for (c, h) in ["TT", "Số ký hiệu", "Ngày ban hành", "Cơ quan ban hành", "Trích yếu"]
        .iter()
        .enumerate()
    {
        dir.write_string_with_format(0, c as u16, *h, &bold)?;
    }
    for (r, (number, day, summary)) in m.directives.iter().enumerate() {
        let row = r as u32 + 1;
        dir.write_number(row, 0, (r + 1) as f64)?;
        dir.write_string(row, 1, number)?;
        dir.write_string(row, 2, format!("{day:02}/{:02}/{YEAR}", m.month))?;
        dir.write_string(row, 3, format!("TTHTCĐ {area}"))?;
        dir.write_string(row, 4, summary)?;
    }
    wb.save_to_buffer()
}

fn main() {
    let dir = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "sample-sheets/dong-trieu-2018".to_string());
    let dir = std::path::PathBuf::from(dir);
    if let Err(e) = std::fs::create_dir_all(&dir) {
        eprintln!("không tạo được thư mục {}: {e}", dir.display());
        std::process::exit(2);
    }
    for (ward, month) in all() {
        let m = figures(ward, month);
        let path = dir.join(format!("{}-{YEAR}-{month:02}.xlsx", WARDS[ward].1));
        match workbook(&m)
            .map_err(|e| e.to_string())
            .and_then(|b| std::fs::write(&path, b).map_err(|e| e.to_string()))
        {
            Ok(()) => {}
            Err(e) => {
                eprintln!("không ghi được {}: {e}", path.display());
                std::process::exit(2);
            }
        }
    }
    println!("{} tệp trong {}", all().len(), dir.display());
}
