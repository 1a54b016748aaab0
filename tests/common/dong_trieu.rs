//! Figures of the Đông Triều 2018 sample workbooks: five wards, monthly, from
//! a fixed seed. Shared (via `#[path]`) by `examples/gen-dong-trieu.rs`, which
//! writes them, and by the tests, which re-derive the expected sums from here
//! instead of trusting the program under test.
#![allow(dead_code)]

/// (Địa bàn, file slug, Địa danh).
pub const WARDS: [(&str, &str, &str); 5] = [
    ("Phường Kim Sơn", "kim-son", "Kim Sơn"),
    ("Phường Đông Triều", "dong-trieu", "Đông Triều"),
    ("Phường Mạo Khê", "mao-khe", "Mạo Khê"),
    ("Xã Tràng An", "trang-an", "Tràng An"),
    ("Xã Bình Dương", "binh-duong", "Bình Dương"),
];

/// Xã Tràng An did not send May and September.
pub const MISSING: (usize, [u8; 2]) = (3, [5, 9]);

/// Phường Mạo Khê never fills the Nữ column (not reported, not 0).
pub const NO_FEMALE: usize = 2;

pub const YEAR: i32 = 2018;

/// A tiny linear congruential generator (Knuth's MMIX constants): no `rand`.
pub struct Lcg(u64);

impl Lcg {
    pub fn new(seed: u64) -> Lcg {
        let mut g = Lcg(seed ^ 0x2018_D0E7_71E0_u64);
        g.next();
        g
    }

    pub fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        self.0 >> 33
    }

    pub fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }
}

/// (code 1–10, classes, participants, female); `None` = empty cell.
pub type ActivityRow = (u8, Option<u64>, Option<u64>, Option<u64>);

/// One ward's month.
pub struct Month {
    pub ward: usize,
    pub month: u8,
    pub activities: Vec<ActivityRow>,
    /// (name, unit, value, Tính chất as written).
    pub indicators: Vec<(&'static str, &'static str, f64, &'static str)>,
    /// (number, day of month, summary).
    pub directives: Vec<(String, u32, String)>,
}

/// Whether the ward sent that month.
pub fn present(ward: usize, month: u8) -> bool {
    !(ward == MISSING.0 && MISSING.1.contains(&month))
}

/// Every (ward, month) that has a workbook.
pub fn all() -> Vec<(usize, u8)> {
    (0..WARDS.len())
        .flat_map(|w| (1..=12u8).map(move |m| (w, m)))
        .filter(|&(w, m)| present(w, m))
        .collect()
}

pub fn figures(ward: usize, month: u8) -> Month {
    let mut g = Lcg::new((ward as u64) * 100 + u64::from(month));
    let mut activities = Vec::new();
    let mut participants_total = 0;
    for code in 1..=10u8 {
        // Literacy classes (code 1) are rare; others skip a month now and then.
        if (code == 1 && g.below(4) != 0) || g.below(6) == 0 {
            activities.push((code, None, None, None));
            continue;
        }
        let classes = 1 + g.below(3);
        let participants = classes * (15 + g.below(40));
        let female = participants * (35 + g.below(35)) / 100;
        participants_total += participants;
        activities.push((code, Some(classes), Some(participants), (ward != NO_FEMALE).then_some(female)));
    }
    let poor = (40 - (ward as i64) * 5 - i64::from(month) / 2).max(1) as f64;
    let culture = 85.0 + g.below(10) as f64 + 0.5;
    let indicators = vec![
        (
            "Lượt người tham gia học tập tại TTHTCĐ",
            "lượt",
            participants_total as f64,
            "cộng dồn",
        ),
        ("Số hộ nghèo", "hộ", poor, "thời điểm"),
        ("Tỷ lệ gia đình văn hóa", "%", culture, "tỷ lệ"),
        ("Lao động có việc làm mới", "người", g.below(8) as f64, "cộng dồn"),
    ];
    let directives = vec![(
        format!("{:02}/KH-TTHTCĐ", month),
        5,
        format!("Kế hoạch hoạt động tháng {month}/{YEAR}"),
    )];
    Month {
        ward,
        month,
        activities,
        indicators,
        directives,
    }
}
