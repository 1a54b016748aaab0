//! Figures of the Đông Triều 2025 sample (sample-sheets/dong-trieu-2025/):
//! twelve wards and communes of the former Đông Triều town as they were until
//! 30 June 2025 and the three new wards they went into from 1 July 2025
//! (resolution 1679/NQ-UBTVQH15), from a fixed seed. Shared (via `#[path]`)
//! by `examples/gen-dong-trieu-2025.rs`, which writes the workbooks, and by
//! the tests, which re-derive the expected sums here.
#![allow(dead_code)]

/// (file slug, Địa bàn, Mã đơn vị as written in the workbook: some wards
/// leave it empty and are placed by name) of the units until 30 June 2025.
pub const OLD: [(&str, &str, Option<&str>); 12] = [
    ("kim-son", "Phường Kim Sơn", None),
    ("xuan-son", "Phường Xuân Sơn", Some("07105")),
    ("yen-tho", "Phường Yên Thọ", None),
    ("mao-khe", "Phường Mạo Khê", Some("07069")),
    ("an-sinh", "Xã An Sinh", None),
    ("viet-dan", "Xã Việt Dân", Some("07084")),
    ("binh-duong", "Phường Bình Dương", None),
    ("duc-chinh", "Phường Đức Chính", Some("07093")),
    ("nguyen-hue", "Xã Nguyễn Huệ", None),
    ("thuy-an", "Phường Thủy An", Some("07102")),
    ("hong-phong", "Phường Hồng Phong", None),
    ("hung-dao", "Phường Hưng Đạo", Some("07126")),
];

/// (file slug, Địa bàn, Mã đơn vị) of the new wards from 1 July 2025.
pub const NEW: [(&str, &str, &str); 3] = [
    ("mao-khe", "Phường Mạo Khê", "07069"),
    ("an-sinh", "Phường An Sinh", "07090"),
    ("dong-trieu", "Phường Đông Triều", "07093"),
];

/// The new wards each old unit went into (Đức Chính was divided).
pub const INTO: [&[usize]; 12] = [&[0], &[0], &[0], &[0], &[1], &[1], &[1], &[1, 2], &[2], &[2], &[2], &[2]];

/// The divided unit (index into [`OLD`]).
pub const DIVIDED: usize = 7;

/// Whose workbook: an old unit's or a new one's.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Who {
    Old(usize),
    New(usize),
}

/// One workbook of the sample: its folder ("2025" or "2024"), unit and period
/// (year, first month, last month).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct File {
    pub who: Who,
    pub year: i32,
    pub months: (u8, u8),
}

impl File {
    pub fn slug(&self) -> &'static str {
        match self.who {
            Who::Old(i) => OLD[i].0,
            Who::New(i) => NEW[i].0,
        }
    }

    pub fn area(&self) -> &'static str {
        match self.who {
            Who::Old(i) => OLD[i].1,
            Who::New(i) => NEW[i].1,
        }
    }

    pub fn code(&self) -> Option<&'static str> {
        match self.who {
            Who::Old(i) => OLD[i].2,
            Who::New(i) => Some(NEW[i].2),
        }
    }

    /// "2025/kim-son-2025-01.xlsx", "2024/kim-son-2024-H1.xlsx".
    pub fn path(&self) -> String {
        let (a, b) = self.months;
        let when = if a == b {
            format!("{a:02}")
        } else {
            format!("H{}", if a == 1 { 1 } else { 2 })
        };
        format!("{}/{}-{}-{when}.xlsx", self.year, self.slug(), self.year)
    }
}

/// Every workbook: the old units monthly January–June 2025, the new wards
/// monthly July–December 2025, and the old units by half-year in 2024.
pub fn files() -> Vec<File> {
    let mut v = Vec::new();
    for i in 0..OLD.len() {
        for m in 1..=6 {
            v.push(File {
                who: Who::Old(i),
                year: 2025,
                months: (m, m),
            });
        }
    }
    for i in 0..NEW.len() {
        for m in 7..=12 {
            v.push(File {
                who: Who::New(i),
                year: 2025,
                months: (m, m),
            });
        }
    }
    for i in 0..OLD.len() {
        for h in [(1, 6), (7, 12)] {
            v.push(File {
                who: Who::Old(i),
                year: 2024,
                months: h,
            });
        }
    }
    v
}

/// A tiny linear congruential generator (Knuth's MMIX constants): no `rand`.
pub struct Lcg(u64);

impl Lcg {
    pub fn new(seed: u64) -> Lcg {
        let mut g = Lcg(seed ^ 0x2025_0701_D0E7);
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

pub struct Figures {
    pub activities: Vec<ActivityRow>,
    /// (name, unit, value, Tính chất as written).
    pub indicators: Vec<(&'static str, &'static str, f64, &'static str)>,
}

pub fn figures(f: &File) -> Figures {
    let id = match f.who {
        Who::Old(i) => i as u64,
        Who::New(i) => 100 + i as u64,
    };
    let mut g = Lcg::new(id * 10_000 + f.year as u64 * 100 + u64::from(f.months.0));
    // A new ward is about as big as its predecessors together; a half-year is six months.
    let scale = match f.who {
        Who::Old(_) => 1,
        Who::New(i) => [4, 3, 4][i],
    } * u64::from(f.months.1 - f.months.0 + 1);
    let mut activities = Vec::new();
    let mut participants_total = 0;
    for code in 1..=10u8 {
        if (code == 1 && g.below(4) != 0) || g.below(6) == 0 {
            activities.push((code, None, None, None));
            continue;
        }
        let classes = scale * (1 + g.below(2));
        let participants = classes * (15 + g.below(30));
        let female = participants * (40 + g.below(25)) / 100;
        participants_total += participants;
        activities.push((code, Some(classes), Some(participants), Some(female)));
    }
    let poor = (10 + id % 7 + g.below(5)) as f64 * if matches!(f.who, Who::New(_)) { 3.0 } else { 1.0 };
    let culture = 86.0 + g.below(10) as f64 + 0.5;
    Figures {
        activities,
        indicators: vec![
            (
                "Lượt người tham gia học tập tại TTHTCĐ",
                "lượt",
                participants_total as f64,
                "cộng dồn",
            ),
            ("Số hộ nghèo", "hộ", poor, "thời điểm"),
            ("Tỷ lệ gia đình văn hóa", "%", culture, "tỷ lệ"),
        ],
    }
}

/// Sum of (classes, participants, female) of the files `keep` selects.
pub fn totals(keep: impl Fn(&File) -> bool) -> (u64, u64, u64) {
    let mut t = (0, 0, 0);
    for f in files().iter().filter(|f| keep(f)) {
        for (_, c, p, w) in figures(f).activities {
            t.0 += c.unwrap_or(0);
            t.1 += p.unwrap_or(0);
            t.2 += w.unwrap_or(0);
        }
    }
    t
}
