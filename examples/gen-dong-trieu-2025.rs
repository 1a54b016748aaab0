//! Writes the Đông Triều 2025 sample (see sample-sheets/README.md): the
//! workbooks of twelve old wards and communes January–June 2025, of the three
//! new wards they went into July–December 2025, and of the old units by
//! half-year in 2024 (for `--compare`), with figures from
//! `tests/common/dong_trieu_2025.rs` (the tests re-derive the sums there).
//!
//! ```text
//! cargo run --example gen-dong-trieu-2025 -- sample-sheets/dong-trieu-2025
//! ```
//!
//! Every file is the canonical workbook (`baocao::template::workbook`); half
//! the old units leave the Mã đơn vị empty, so they are placed by name within
//! the province that the office's config names. Deterministic.

#[path = "../tests/common/dong_trieu_2025.rs"]
mod dong_trieu_2025;
#[path = "common/figures.rs"]
mod figures;

use baocao::model::{Date, Directive, Document, Report, Signer, Unit};
use baocao::period::{Period, Span};
use dong_trieu_2025::*;

fn period(f: &File) -> Option<Period> {
    let span = match f.months {
        (a, b) if a == b => Span::Month(a),
        (1, 6) => Span::Half(1),
        _ => Span::Half(2),
    };
    Period::new(f.year, span)
}

fn report(f: &File) -> Result<Report, String> {
    let area = f.area();
    let upper = area.to_uppercase();
    let p = period(f).ok_or("kỳ sai")?;
    let end = p.end();
    let date = end
        .succ_opt()
        .and_then(|d| d.checked_add_days(chrono::Days::new(3)))
        .ok_or("ngày sai")?;
    let fig = figures(f);
    let activities = figures::activities(&fig.activities);
    let indicators = figures::indicators(&fig.indicators);
    let place = area.split_once(' ').map(|x| x.1).unwrap_or(area);
    let lower = area.replacen("Phường", "phường", 1).replacen("Xã", "xã", 1);
    Ok(Report {
        unit: Unit {
            authority: Some(format!("ỦY BAN NHÂN DÂN {upper}")),
            issuer: Some(format!("TTHTCĐ {upper}")),
            area: Some(area.to_string()),
            code: f.code().map(str::to_string),
            ..Default::default()
        },
        period: Some(p),
        document: Document {
            number: Some(format!("{:02}/BC-TTHTCĐ", f.months.1)),
            place: Some(place.to_string()),
            date: Some(date),
            title: None,
            recipients: vec![if f.year == 2025 && f.months.0 >= 7 {
                "Sở Giáo dục và Đào tạo tỉnh Quảng Ninh".to_string()
            } else {
                "Phòng Giáo dục và Đào tạo thị xã Đông Triều".to_string()
            }],
            copies_to: vec!["Như trên".to_string(), format!("UBND {lower}"), "Lưu: VT".to_string()],
            signer: Signer {
                authority: None,
                title: Some("GIÁM ĐỐC".to_string()),
                name: Some(format!("Giám đốc TTHTCĐ {lower}")),
            },
        },
        activities,
        stated_totals: None,
        indicators,
        directives: vec![Directive {
            number: Some(format!("{:02}/KH-TTHTCĐ", f.months.0)),
            date: Date::from_ymd_opt(f.year, u32::from(f.months.0), 5),
            issuer: Some(format!("TTHTCĐ {upper}")),
            summary: Some(format!("Kế hoạch hoạt động {}", p.label_lower())),
            source: None,
        }],
        narrative: Vec::new(),
        info_cells: Vec::new(),
        unused: Vec::new(),
        centres: None,
    })
}

fn main() {
    let dir = std::path::PathBuf::from(
        std::env::args()
            .nth(1)
            .unwrap_or_else(|| "sample-sheets/dong-trieu-2025".to_string()),
    );
    for sub in ["2024", "2025"] {
        if let Err(e) = std::fs::create_dir_all(dir.join(sub)) {
            eprintln!("không tạo được thư mục {}: {e}", dir.join(sub).display());
            std::process::exit(2);
        }
    }
    let all = files();
    for f in &all {
        let path = dir.join(f.path());
        let bytes = report(f)
            .map_err(|e| e.to_string())
            .and_then(|r| baocao::template::workbook(Some(&r)).map_err(|e| e.to_string()));
        if let Err(e) = bytes.and_then(|b| std::fs::write(&path, b).map_err(|e| e.to_string())) {
            eprintln!("không ghi được {}: {e}", path.display());
            std::process::exit(2);
        }
    }
    println!("{} tệp trong {}", all.len(), dir.display());
}
