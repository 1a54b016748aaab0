//! Writes the Đông Triều 2018 sample workbooks: five wards, one workbook per
//! month (Xã Tràng An lacks May and September), figures from a fixed seed in
//! `tests/common/dong_trieu.rs` (the tests re-derive the expected sums there).
//!
//! ```text
//! cargo run --example gen-dong-trieu -- sample-sheets/dong-trieu-2018
//! ```
//!
//! Most files are the canonical workbook (`baocao::template::workbook`), but,
//! as in a real town, some wards keep their own ways (the same messy layouts
//! as the Kim Sơn samples, from `examples/common/sheets.rs`):
//!
//! - Phường Kim Sơn: every month in the single-sheet legacy layout of its 2018
//!   report (its activity names, an extra column, totals without results);
//! - Xã Tràng An: March, August and December retyped by hand (numbers as
//!   Vietnamese text, dates as text, NFD, shifted, sheets renamed);
//! - Xã Bình Dương: every month typed in TCVN3 (.VnTime / .VnTimeH).
//!
//! Output is deterministic: running it twice gives identical files.

#[path = "../tests/common/dong_trieu.rs"]
mod dong_trieu;
#[path = "common/figures.rs"]
mod figures;
#[path = "common/sheets.rs"]
mod sheets;

use baocao::model::{Date, Directive, Document, Report, Signer, Unit};
use baocao::period::{Period, Span};
use dong_trieu::*;
use sheets::*;

/// Phường Kim Sơn: the single-sheet layout.
const ONE_SHEET_WARD: usize = 0;
/// Xã Tràng An: these months are typed by hand (numbers as text, NFD).
const TEXT_WARD: (usize, [u8; 3]) = (3, [3, 8, 12]);
/// Xã Bình Dương: TCVN3.
const TCVN3_WARD: usize = 4;

/// (Quyền hạn ký, Người ký) of each ward's centre.
const SIGNERS: [(Option<&str>, &str); 5] = [
    (Some("TM. BAN GIÁM ĐỐC"), "Đặng Cương Quyết"),
    (None, "Nguyễn Văn Hùng"),
    (None, "Trần Thị Hoa"),
    (Some("KT. GIÁM ĐỐC"), "Lê Văn Thắng"),
    (None, "Phạm Thị Lan"),
];

/// Day `day` of the month after `month` of [`YEAR`].
fn month_after(month: u8, day: u32) -> Option<Date> {
    match month {
        12 => Date::from_ymd_opt(YEAR + 1, 1, day),
        m => Date::from_ymd_opt(YEAR, u32::from(m) + 1, day),
    }
}

/// One ward-month as the report the ward sends: dated early in the month after.
fn report(m: &Month) -> Result<Report, String> {
    let (area, _, place) = WARDS[m.ward];
    let upper = area.to_uppercase();
    let (signer_authority, signer) = SIGNERS[m.ward];
    let period = Period::new(YEAR, Span::Month(m.month)).ok_or("kỳ báo cáo sai")?;
    let date = month_after(m.month, 3 + m.ward as u32).ok_or("ngày báo cáo sai")?;
    let activities = figures::activities(&m.activities);
    let indicators = figures::indicators(&m.indicators);
    let directives = m
        .directives
        .iter()
        .map(|(number, day, summary)| Directive {
            number: Some(number.clone()),
            date: Date::from_ymd_opt(YEAR, u32::from(m.month), *day),
            issuer: Some(format!("TTHTCĐ {upper}")),
            summary: Some(summary.clone()),
            source: None,
        })
        .collect();
    Ok(Report {
        unit: Unit {
            authority: Some(format!("ỦY BAN NHÂN DÂN {upper}")),
            issuer: Some(format!("TTHTCĐ {upper}")),
            area: Some(area.to_string()),
            code: None,
            ..Default::default()
        },
        period: Some(period),
        document: Document {
            number: Some(format!("{:02}/BC-TTHTCĐ", m.month)),
            place: Some(place.to_string()),
            date: Some(date),
            title: None,
            recipients: vec!["Phòng Giáo dục và Đào tạo thị xã Đông Triều".to_string()],
            copies_to: vec![
                "Như trên".to_string(),
                format!("UBND {}", area.replacen("Phường", "phường", 1).replacen("Xã", "xã", 1)),
                "Lưu: VT".to_string(),
            ],
            signer: Signer {
                authority: signer_authority.map(str::to_string),
                title: Some("GIÁM ĐỐC".to_string()),
                name: Some(signer.to_string()),
            },
        },
        activities,
        stated_totals: None,
        indicators,
        directives,
        narrative: Vec::new(),
        info_cells: Vec::new(),
        unused: Vec::new(),
        centres: None,
    })
}

/// The workbook of one ward-month, in that ward's layout.
fn workbook(m: &Month) -> Res<Vec<u8>> {
    let r = report(m)?;
    let canonical = baocao::template::workbook(Some(&r))?;
    let upper = WARDS[m.ward].0.to_uppercase();
    let label = r.period.map(|p| p.label()).unwrap_or_default();
    if m.ward == ONE_SHEET_WARD {
        let last_day = month_after(m.month, 1)
            .and_then(|d| d.pred_opt())
            .map(|d| d.format("%d/%m/%Y").to_string())
            .unwrap_or_default();
        let title = format!("BÁO CÁO KẾT QUẢ HOẠT ĐỘNG THÁNG {} NĂM {YEAR}", m.month);
        let note = format!("Ghi chú: số liệu tính đến {last_day}");
        let o = OneSheet {
            heading: &format!("UBND {upper}"),
            title: &title,
            note: &note,
            preparer: "Nguyễn Thị Thu",
            previous: "Tháng trước",
        };
        return strip_formula_values(&write_xlsx(&[one_sheet(&r, &o)], Style::Plain)?);
    }
    if m.ward == TEXT_WARD.0 && TEXT_WARD.1.contains(&m.month) {
        let typed = format!("tháng {} năm {YEAR}", m.month);
        let grids = chu_so(&read_grids(&canonical)?, &format!("TTHTCĐ {upper}"), (&label, &typed));
        return write_xlsx(&grids, Style::Plain);
    }
    if m.ward == TCVN3_WARD {
        return write_xlsx(&tcvn3_grids(&read_grids(&canonical)?), Style::Tcvn3);
    }
    Ok(canonical)
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
        if let Err(e) = workbook(&m).and_then(|b| Ok(std::fs::write(&path, b)?)) {
            eprintln!("không ghi được {}: {e}", path.display());
            std::process::exit(2);
        }
    }
    println!("{} tệp trong {}", all().len(), dir.display());
}
