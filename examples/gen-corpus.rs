//! Writes a corpus of synthetic ward workbooks for the benchmark (bench/run.sh)
//! and for tests that want many realistic inputs.
//!
//! ```text
//! cargo run --release --example gen-corpus -- N DIR [--seed S]
//! cargo run --release --example gen-corpus -- --kim-son FILE.xlsx
//! ```
//!
//! N workbooks go to `DIR/<unit-slug>/2018-MM.xlsx`: ceil(N/12) units, each with
//! the months of 2018 in order (the last unit may have fewer). Everything is
//! decided by the seed (a splitmix/xorshift generator, no `rand`), per file, so
//! the bytes do not depend on the order in which the threads finish.
//!
//! Most files have the canonical layout of `baocao template` (four sheets:
//! Thông tin, Hoạt động, Chỉ tiêu, Văn bản chỉ đạo). One in twenty has its
//! counts typed as Vietnamese text ("1.113"), one in twenty has other sheet
//! names and the activity table moved to C4 under a title row, as real ward
//! files do. `--kim-son` writes the Kim Sơn 2018 example in the canonical
//! layout (the input of the single-file benchmarks).
#![allow(dead_code)]

#[path = "common/hostile.rs"]
mod hostile;

use std::path::{Path, PathBuf};

use rayon::prelude::*;
use rust_xlsxwriter::{DocProperties, ExcelDateTime, Format, FormatAlign, Formula, Workbook, Worksheet, XlsxError};

use baocao::model::IndicatorKind;
use baocao::normalize::category::CATEGORIES;
use baocao::normalize::number::format_int;

/// A tiny deterministic generator: splitmix64 to seed, xorshift64* to draw.
#[derive(Debug, Clone)]
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        let mut z = seed.wrapping_add(0x9E37_79B9_7F4A_7C15);
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^= z >> 31;
        Rng(if z == 0 { 0x2545_F491_4F6C_DD1D } else { z })
    }

    /// A generator for one (seed, a, b) triple: the same triple always draws
    /// the same numbers, whichever thread asks.
    pub fn for_item(seed: u64, a: u64, b: u64) -> Rng {
        Rng::new(seed ^ Rng::new(a.wrapping_mul(0x1000_0001) ^ Rng::new(b).0).0)
    }

    pub fn next_u64(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.0 = x;
        x.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    /// Uniform in lo..=hi.
    pub fn range(&mut self, lo: u64, hi: u64) -> u64 {
        lo + self.next_u64() % (hi - lo + 1)
    }

    /// True with probability num/den.
    pub fn chance(&mut self, num: u64, den: u64) -> bool {
        self.next_u64() % den < num
    }

    /// Uniform in [0, 1).
    pub fn unit(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }
}

/// How a generated workbook is laid out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Style {
    /// As `baocao template` writes it.
    Canonical,
    /// Canonical, but every count typed as text in Vietnamese notation.
    TextNumbers,
    /// Other sheet names; the activity table starts at C4 under a title row,
    /// with other header texts and a note under it.
    Shifted,
}

/// One activity row: None = not reported (an empty cell).
#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    pub code: u8,
    pub classes: Option<u64>,
    pub participants: Option<u64>,
    pub female: Option<u64>,
}

/// One indicator row.
#[derive(Debug, Clone, PartialEq)]
pub struct Ind {
    pub name: &'static str,
    pub unit: &'static str,
    pub value: f64,
    pub previous: Option<f64>,
    pub kind: IndicatorKind,
}

/// One directive: number, (y, m, d), issuer, summary.
#[derive(Debug, Clone, PartialEq)]
pub struct Dir {
    pub number: String,
    pub date: (i32, u32, u32),
    pub issuer: String,
    pub summary: String,
}

/// Everything one workbook holds.
#[derive(Debug, Clone, PartialEq)]
pub struct Book {
    pub style: Style,
    /// "Phường Hồng Phong".
    pub area: String,
    /// "Hồng Phong".
    pub place: String,
    pub code: Option<String>,
    pub number: String,
    pub date: (i32, u32, u32),
    /// "Tháng 3/2018".
    pub period: String,
    pub title: String,
    pub rows: Vec<Row>,
    /// Whether the Nữ column is filled in at all.
    pub female_reported: bool,
    pub indicators: Vec<Ind>,
    pub directives: Vec<Dir>,
    pub signer: String,
}

impl Book {
    pub fn total_classes(&self) -> u64 {
        self.rows.iter().filter_map(|r| r.classes).sum()
    }
    pub fn total_participants(&self) -> u64 {
        self.rows.iter().filter_map(|r| r.participants).sum()
    }
    pub fn total_female(&self) -> u64 {
        self.rows.iter().filter_map(|r| r.female).sum()
    }
}

const KINDS: [&str; 3] = ["Phường", "Xã", "Thị trấn"];
const FIRST: [&str; 16] = [
    "Hồng", "Tràng", "Kim", "Đức", "Yên", "Bình", "Hưng", "Tân", "Thủy", "Mạo", "Việt", "Hoàng", "Xuân", "Quang", "Nguyễn", "Hải",
];
const SECOND: [&str; 16] = [
    "Phong", "Lương", "Sơn", "Chính", "Thọ", "Khê", "Đạo", "Dân", "Huệ", "Quế", "Lộc", "An", "Trung", "Thành", "Hòa", "Bắc",
];
const SURNAMES: [&str; 8] = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi"];
const MIDDLE: [&str; 6] = ["Văn", "Thị", "Đức", "Minh", "Thu", "Quốc"];
const GIVEN: [&str; 8] = ["Quyết", "Hương", "Lan", "Dũng", "Hà", "Thắng", "Nga", "Tuấn"];

/// The unit's kind and name ("Phường", "Hồng Phong"); unique for every index.
pub fn unit_name(i: usize) -> (&'static str, String) {
    let f = FIRST[i % FIRST.len()];
    let s = SECOND[(i / FIRST.len() + i) % SECOND.len()];
    let kind = KINDS[(i / (FIRST.len() * SECOND.len())) % KINDS.len()];
    let round = i / (FIRST.len() * SECOND.len() * KINDS.len());
    let name = if round == 0 {
        format!("{f} {s}")
    } else {
        format!("{f} {s} {}", round + 1)
    };
    (kind, name)
}

/// "phuong-hong-phong": ASCII, lower case, for folder names.
pub fn slug(s: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    let mut out = String::new();
    for c in s.nfd() {
        let c = match c {
            'đ' | 'Đ' => 'd',
            c => c,
        };
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if c.is_whitespace() && !out.ends_with('-') {
            out.push('-');
        }
    }
    out
}

fn upper(s: &str) -> String {
    s.to_uppercase()
}

fn days_in(m: u32) -> u32 {
    match m {
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// The figures of unit `unit` for month `month` (1–12) of 2018.
pub fn book(seed: u64, unit: usize, month: u32) -> Book {
    // The unit's own size: the same every month.
    let mut u = Rng::for_item(seed, unit as u64, 0);
    let scale = 0.4 + 1.6 * u.unit();
    let population = 4_000 + u.range(0, 16_000);
    let area_km2 = (200 + u.range(0, 3_000)) as f64 / 100.0;
    let poor = u.range(0, 60);
    let near_poor = u.range(5, 120);
    let female_reported = u.chance(2, 3);
    let signer = format!(
        "{} {} {}",
        SURNAMES[u.range(0, 7) as usize],
        MIDDLE[u.range(0, 5) as usize],
        GIVEN[u.range(0, 7) as usize]
    );
    let regular: Vec<bool> = (0..10).map(|_| u.chance(17, 20)).collect();

    let mut r = Rng::for_item(seed, unit as u64, month as u64);
    let style = match r.range(0, 19) {
        0 => Style::TextNumbers,
        1 => Style::Shifted,
        _ => Style::Canonical,
    };
    let (kind, name) = unit_name(unit);
    let rows = (0..10u8)
        .map(|i| {
            // A category the unit runs at all, and this month.
            if !regular[i as usize] || r.chance(1, 8) {
                return Row {
                    code: i + 1,
                    classes: None,
                    participants: None,
                    female: None,
                };
            }
            let classes = ((r.range(0, 6) as f64) * scale).round() as u64;
            let people = if classes == 0 {
                0
            } else {
                (classes as f64 * (15.0 + 90.0 * r.unit())).round() as u64
            };
            let female = female_reported.then(|| (people as f64 * (0.35 + 0.35 * r.unit())).floor() as u64);
            Row {
                code: i + 1,
                classes: Some(classes),
                participants: Some(people),
                female,
            }
        })
        .collect::<Vec<_>>();
    let month_learners = rows.iter().filter_map(|r| r.participants).sum::<u64>() as f64;
    let poor_now = poor.saturating_sub(month as u64 / 4);
    let near_now = near_poor.saturating_sub(month as u64 / 3);
    let pct = |n: u64| ((n as f64 / (population as f64 / 4.0)) * 10_000.0).round() / 100.0;
    let rate = |r: &mut Rng, lo: f64| ((lo + (100.0 - lo) * r.unit()) * 10.0).round() / 10.0;
    use IndicatorKind::*;
    let garbage = rate(&mut r, 80.0);
    let indicators = vec![
        Ind {
            name: "Diện tích tự nhiên",
            unit: "km2",
            value: area_km2,
            previous: None,
            kind: Stock,
        },
        Ind {
            name: "Dân số thường trú",
            unit: "người",
            value: (population + month as u64 * 3) as f64,
            previous: Some(population as f64),
            kind: Stock,
        },
        Ind {
            name: "Tỷ lệ người biết chữ",
            unit: "%",
            value: rate(&mut r, 97.0),
            previous: None,
            kind: Rate,
        },
        Ind {
            name: "Lượt người tham gia học tập tại TTHTCĐ",
            unit: "lượt",
            value: month_learners,
            previous: None,
            kind: Flow,
        },
        Ind {
            name: "Số hộ nghèo",
            unit: "hộ",
            value: poor_now as f64,
            previous: Some(poor as f64),
            kind: Stock,
        },
        Ind {
            name: "Tỷ lệ hộ nghèo",
            unit: "%",
            value: pct(poor_now),
            previous: None,
            kind: Rate,
        },
        Ind {
            name: "Số hộ cận nghèo",
            unit: "hộ",
            value: near_now as f64,
            previous: Some(near_poor as f64),
            kind: Stock,
        },
        Ind {
            name: "Tỷ lệ hộ gia đình thu gom rác thải hằng ngày",
            unit: "%",
            value: garbage,
            previous: Some((garbage - 1.0).max(0.0)),
            kind: Rate,
        },
        Ind {
            name: "Lao động có việc làm mới",
            unit: "người",
            value: r.range(0, 25) as f64,
            previous: None,
            kind: Flow,
        },
        Ind {
            name: "Tỷ lệ gia đình văn hóa",
            unit: "%",
            value: rate(&mut r, 85.0),
            previous: None,
            kind: Rate,
        },
    ];
    let issuer = format!("TTHTCĐ {} {}", kind.to_lowercase(), name);
    let mut directives = Vec::with_capacity(5);
    for k in 0..3u32 {
        let m = 1 + (month - 1) * k / 3;
        let d = r.range(1, days_in(m) as u64) as u32;
        let (kind_code, what) = match k {
            0 => (
                "KH",
                format!("Hoạt động Trung tâm học tập cộng đồng năm 2018 của {} {name}", kind.to_lowercase()),
            ),
            1 => ("KH", format!("Tổ chức các lớp chuyên đề tháng {m}/2018")),
            _ => ("TB", format!("Kết quả kiểm tra hoạt động tháng {m}/2018")),
        };
        directives.push(Dir {
            number: format!("{:02}/{kind_code}-TTHTCĐ", r.range(1, 120)),
            date: (2018, m, d),
            issuer: issuer.clone(),
            summary: what,
        });
    }
    directives.push(Dir {
        number: "09/2008/QĐ-BGDĐT".into(),
        date: (2008, 3, 24),
        issuer: "Bộ Giáo dục và Đào tạo".into(),
        summary: "Quy chế tổ chức và hoạt động của trung tâm học tập cộng đồng tại xã, phường, thị trấn".into(),
    });
    directives.push(Dir {
        number: "3607/2010/QĐ-UBND".into(),
        date: (2010, 12, 2),
        issuer: "UBND tỉnh Quảng Ninh".into(),
        summary: "Mức phụ cấp kiêm nhiệm cho cán bộ quản lý các trung tâm học tập cộng đồng".into(),
    });
    Book {
        style,
        area: format!("{kind} {name}"),
        place: name.clone(),
        code: Some(format!("{:05}", 7000 + unit * 3)),
        number: format!("{:02}/BC-TTHTCĐ", month + r.range(0, 20) as u32),
        date: (2018, month, days_in(month).min(25 + r.range(0, 3) as u32)),
        period: format!("Tháng {month}/2018"),
        title: format!("Báo cáo kết quả hoạt động Trung tâm học tập cộng đồng tháng {month}/2018"),
        rows,
        female_reported,
        indicators,
        directives,
        signer,
    }
}

/// The Kim Sơn 2018 example (the reference figures) as a canonical book.
pub fn kim_son() -> Book {
    let r = baocao::example::kim_son_2018();
    let rows = baocao::example::KIM_SON_ACTIVITIES
        .iter()
        .map(|&(code, classes, participants)| Row {
            code,
            classes,
            participants,
            female: None,
        })
        .collect();
    let leak = |s: &str| -> &'static str { Box::leak(s.to_string().into_boxed_str()) };
    let indicators = r
        .indicators
        .iter()
        .map(|x| Ind {
            name: leak(&x.name),
            unit: leak(x.unit.as_deref().unwrap_or("")),
            value: x.value.unwrap_or(0.0),
            previous: x.previous,
            kind: x.kind,
        })
        .collect();
    use chrono::Datelike;
    let directives = r
        .directives
        .iter()
        .map(|d| Dir {
            number: d.number.clone().unwrap_or_default(),
            date: d.date.map(|x| (x.year(), x.month(), x.day())).unwrap_or((2018, 1, 1)),
            issuer: d.issuer.clone().unwrap_or_default(),
            summary: d.summary.clone().unwrap_or_default(),
        })
        .collect();
    Book {
        style: Style::Canonical,
        area: "Phường Kim Sơn".into(),
        place: "Kim Sơn".into(),
        code: None,
        number: "10/BC-TTHTCĐ".into(),
        date: (2018, 11, 26),
        period: "Năm 2018".into(),
        title: r.document.title.clone().unwrap_or_default(),
        rows,
        female_reported: false,
        indicators,
        directives,
        signer: "Đặng Cương Quyết".into(),
    }
}

/// Excel serial (1900 system) of a date.
pub fn serial(y: i32, m: u32, d: u32) -> f64 {
    match (
        chrono::NaiveDate::from_ymd_opt(1899, 12, 30),
        chrono::NaiveDate::from_ymd_opt(y, m, d),
    ) {
        (Some(base), Some(date)) => (date - base).num_days() as f64,
        _ => 0.0,
    }
}

/// Writes a count: a number, or Vietnamese text in the TextNumbers style.
fn count(ws: &mut Worksheet, row: u32, col: u16, v: Option<u64>, text: bool) -> Result<(), XlsxError> {
    match v {
        None => Ok(()),
        Some(n) if text => ws.write_string(row, col, format_int(n)).map(|_| ()),
        Some(n) => ws.write_number(row, col, n as f64).map(|_| ()),
    }
}

/// The workbook's bytes. The document properties carry a fixed date, so the
/// same book always gives the same bytes.
pub fn xlsx(b: &Book) -> Result<Vec<u8>, XlsxError> {
    let mut wb = Workbook::new();
    let fixed = ExcelDateTime::from_ymd(2018, 1, 1)?;
    wb.set_properties(&DocProperties::new().set_creation_datetime(&fixed));
    let date = Format::new().set_num_format("dd/mm/yyyy");
    let bold = Format::new().set_bold();
    let centre = Format::new().set_bold().set_align(FormatAlign::Center);
    let shifted = b.style == Style::Shifted;
    let text = b.style == Style::TextNumbers;
    let names = if shifted {
        ["TT chung", "Biểu 1", "Biểu 2", "Biểu 3"]
    } else {
        ["Thông tin", "Hoạt động", "Chỉ tiêu", "Văn bản chỉ đạo"]
    };
    let (kind, _) = b.area.split_once(' ').unwrap_or(("Phường", ""));

    // Thông tin
    let ws = wb.add_worksheet();
    ws.set_name(names[0])?;
    ws.write_string_with_format(0, 0, "Mục", &bold)?;
    ws.write_string_with_format(0, 1, "Nội dung", &bold)?;
    let mut items: Vec<(&str, String)> = vec![
        ("Cơ quan chủ quản", format!("ỦY BAN NHÂN DÂN {}", upper(&b.area))),
        ("Cơ quan ban hành", format!("TTHTCĐ {}", upper(&b.area))),
        ("Địa bàn", b.area.clone()),
    ];
    if let Some(c) = &b.code {
        items.push(("Mã đơn vị", c.clone()));
    }
    items.extend([
        ("Số ký hiệu", b.number.clone()),
        ("Địa danh", b.place.clone()),
        ("Ngày báo cáo", String::new()),
        ("Kỳ báo cáo", b.period.clone()),
        ("Trích yếu", b.title.clone()),
        ("Kính gửi", format!("Thường trực UBND {} {}", kind.to_lowercase(), b.place)),
        ("Kính gửi", "Phòng Giáo dục và Đào tạo thị xã Đông Triều".to_string()),
        ("Nơi nhận", "Như trên".to_string()),
        ("Nơi nhận", "Lưu: VT".to_string()),
        ("Quyền hạn ký", "TM. BAN GIÁM ĐỐC".to_string()),
        ("Chức vụ người ký", "GIÁM ĐỐC".to_string()),
        ("Người ký", b.signer.clone()),
    ]);
    for (i, (label, value)) in items.iter().enumerate() {
        let row = 1 + i as u32;
        ws.write_string(row, 0, *label)?;
        if *label == "Ngày báo cáo" {
            ws.write_number_with_format(row, 1, serial(b.date.0, b.date.1, b.date.2), &date)?;
        } else {
            ws.write_string(row, 1, value)?;
        }
    }
    ws.set_column_width(0, 22)?;
    ws.set_column_width(1, 60)?;

    // Hoạt động
    let ws = wb.add_worksheet();
    ws.set_name(names[1])?;
    let (top, left) = if shifted { (3u32, 2u16) } else { (2u32, 0u16) };
    let heading = b.period.to_uppercase();
    if shifted {
        ws.write_string_with_format(1, left, format!("BIỂU THỐNG KÊ KẾT QUẢ HOẠT ĐỘNG {heading}"), &bold)?;
        ws.write_string(top, left, "STT")?;
        ws.write_string(top, left + 1, "Tên hoạt động")?;
        ws.write_string(top, left + 2, "Số lớp")?;
        ws.merge_range(top, left + 3, top, left + 4, "Lượt người tham gia", &centre)?;
        ws.write_string(top + 1, left + 3, "Tổng số")?;
        ws.write_string(top + 1, left + 4, "Trong đó nữ")?;
    } else {
        ws.write_string_with_format(0, 0, format!("KẾT QUẢ HOẠT ĐỘNG {heading}"), &bold)?;
        ws.write_string(top, left, "TT")?;
        ws.write_string(top, left + 1, "Tên hoạt động giáo dục")?;
        ws.write_string(top, left + 2, "Số lớp (chuyên đề)")?;
        ws.merge_range(top, left + 3, top, left + 4, "Số lượt người tham gia", &centre)?;
        ws.write_string(top + 1, left + 3, "Tổng số")?;
        ws.write_string(top + 1, left + 4, "Nữ")?;
    }
    let first = top + 2;
    for (i, row) in b.rows.iter().enumerate() {
        let r = first + i as u32;
        ws.write_number(r, left, row.code as f64)?;
        let name = CATEGORIES.get(row.code as usize - 1).map(|c| c.1).unwrap_or("Hoạt động khác");
        ws.write_string(r, left + 1, name)?;
        count(ws, r, left + 2, row.classes, text)?;
        count(ws, r, left + 3, row.participants, text)?;
        count(ws, r, left + 4, row.female, text)?;
    }
    let last = first + b.rows.len() as u32 - 1;
    let total = last + 1;
    ws.write_string_with_format(total, left + 1, if shifted { "Cộng" } else { "Tổng số" }, &bold)?;
    let sums = [
        (2u16, Some(b.total_classes())),
        (3, Some(b.total_participants())),
        (4, b.female_reported.then(|| b.total_female())),
    ];
    for (dc, value) in sums {
        let Some(v) = value else { continue };
        let col = left + dc;
        if text {
            ws.write_string(total, col, format_int(v))?;
        } else {
            let letter = (b'A' + col as u8) as char;
            let f = Formula::new(format!("=SUM({letter}{}:{letter}{})", first + 1, last + 1)).set_result(v.to_string());
            ws.write_formula(total, col, f)?;
        }
    }
    if shifted {
        ws.write_string(total + 2, left + 1, "Người lập biểu")?;
    }
    ws.set_column_width(left + 1, 50)?;

    // Chỉ tiêu
    let ws = wb.add_worksheet();
    ws.set_name(names[2])?;
    for (c, h) in ["TT", "Chỉ tiêu", "Đơn vị tính", "Kỳ này", "Kỳ trước", "Tính chất", "Ghi chú"]
        .iter()
        .enumerate()
    {
        ws.write_string_with_format(0, c as u16, *h, &bold)?;
    }
    for (i, x) in b.indicators.iter().enumerate() {
        let row = 1 + i as u32;
        ws.write_number(row, 0, i as f64 + 1.0)?;
        ws.write_string(row, 1, x.name)?;
        ws.write_string(row, 2, x.unit)?;
        ws.write_number(row, 3, x.value)?;
        if let Some(p) = x.previous {
            ws.write_number(row, 4, p)?;
        }
        ws.write_string(row, 5, x.kind.label_vi())?;
    }

    // Văn bản chỉ đạo
    let ws = wb.add_worksheet();
    ws.set_name(names[3])?;
    for (c, h) in ["TT", "Số ký hiệu", "Ngày ban hành", "Cơ quan ban hành", "Trích yếu"]
        .iter()
        .enumerate()
    {
        ws.write_string_with_format(0, c as u16, *h, &bold)?;
    }
    for (i, d) in b.directives.iter().enumerate() {
        let row = 1 + i as u32;
        ws.write_number(row, 0, i as f64 + 1.0)?;
        ws.write_string(row, 1, &d.number)?;
        ws.write_number_with_format(row, 2, serial(d.date.0, d.date.1, d.date.2), &date)?;
        ws.write_string(row, 3, &d.issuer)?;
        ws.write_string(row, 4, &d.summary)?;
    }
    wb.save_to_buffer()
}

/// Where file `k` of a corpus goes, and what it holds: unit k / 12, month k % 12 + 1.
pub fn item(seed: u64, k: usize) -> (PathBuf, Book) {
    let unit = k / 12;
    let month = (k % 12) as u32 + 1;
    let (kind, name) = unit_name(unit);
    let path = PathBuf::from(slug(&format!("{kind} {name}"))).join(format!("2018-{month:02}.xlsx"));
    (path, book(seed, unit, month))
}

/// Writes N files under `dir` in parallel; returns the bytes written.
pub fn write_corpus(n: usize, dir: &Path, seed: u64) -> Result<u64, Box<dyn std::error::Error + Send + Sync>> {
    let units = n.div_ceil(12);
    for u in 0..units {
        let (kind, name) = unit_name(u);
        std::fs::create_dir_all(dir.join(slug(&format!("{kind} {name}"))))?;
    }
    (0..n)
        .into_par_iter()
        .map(|k| -> Result<u64, Box<dyn std::error::Error + Send + Sync>> {
            let (rel, b) = item(seed, k);
            let bytes = xlsx(&b)?;
            std::fs::write(dir.join(rel), &bytes)?;
            Ok(bytes.len() as u64)
        })
        .try_reduce(|| 0, |a, b| Ok(a + b))
}

const USAGE: &str = "usage: gen-corpus N DIR [--seed S]\n       gen-corpus --kim-son FILE.xlsx\n       gen-corpus --hostile-text DIR";

fn main() {
    if let Err(e) = run() {
        eprintln!("gen-corpus: {e}");
        std::process::exit(2);
    }
}

fn run() -> Result<(), Box<dyn std::error::Error + Send + Sync>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.first().map(String::as_str) == Some("--kim-son") {
        let path = args.get(1).ok_or(USAGE)?;
        std::fs::write(path, xlsx(&kim_son())?)?;
        return Ok(());
    }
    if args.first().map(String::as_str) == Some("--hostile-text") {
        // Small files that hold gigabytes of text once each cell has its copy.
        let dir = PathBuf::from(args.get(1).ok_or(USAGE)?);
        std::fs::create_dir_all(&dir)?;
        for (name, bytes) in hostile::text_bombs() {
            std::fs::write(dir.join(name), bytes)?;
            println!("{}", dir.join(name).display());
        }
        return Ok(());
    }
    let mut seed = 2018u64;
    let mut pos = Vec::new();
    let mut it = args.iter();
    while let Some(a) = it.next() {
        if a == "--seed" {
            seed = it.next().ok_or(USAGE)?.parse()?;
        } else {
            pos.push(a.as_str());
        }
    }
    let [n, dir] = pos[..] else {
        return Err(USAGE.into());
    };
    let n: usize = n.parse().map_err(|_| USAGE)?;
    let dir = Path::new(dir);
    let start = std::time::Instant::now();
    let bytes = write_corpus(n, dir, seed)?;
    let secs = start.elapsed().as_secs_f64();
    eprintln!(
        "gen-corpus: {n} workbooks, {} units, {:.1} MB ({:.1} KB each) in {}: {secs:.2} s",
        n.div_ceil(12),
        bytes as f64 / 1e6,
        bytes as f64 / 1e3 / n.max(1) as f64,
        dir.display()
    );
    Ok(())
}
