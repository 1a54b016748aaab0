//! Reporting periods: a month, a quarter, a half-year or a year.

use std::fmt;

use serde::ser::SerializeMap;
use serde::{Serialize, Serializer};

use crate::model::Date;

/// Which part of the year a period covers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Span {
    /// 1–12.
    Month(u8),
    /// 1–4.
    Quarter(u8),
    /// 1 (6 tháng đầu năm) or 2 (6 tháng cuối năm).
    Half(u8),
    Year,
}

/// A reporting period. Construct with [`Period::new`], which checks the ranges.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Period {
    pub year: i32,
    pub span: Span,
}

const ROMAN: [&str; 4] = ["I", "II", "III", "IV"];

impl Period {
    /// `None` when the month, quarter or half is out of range or the year is
    /// not a plausible four-digit year.
    pub fn new(year: i32, span: Span) -> Option<Period> {
        let ok = match span {
            Span::Month(m) => (1..=12).contains(&m),
            Span::Quarter(q) => (1..=4).contains(&q),
            Span::Half(h) => (1..=2).contains(&h),
            Span::Year => true,
        };
        (ok && (1900..=2999).contains(&year)).then_some(Period { year, span })
    }

    pub fn year(year: i32) -> Option<Period> {
        Period::new(year, Span::Year)
    }

    /// First and last month (1–12) covered.
    pub fn months(&self) -> (u8, u8) {
        match self.span {
            Span::Month(m) => (m, m),
            Span::Quarter(q) => (q * 3 - 2, q * 3),
            Span::Half(h) => (h * 6 - 5, h * 6),
            Span::Year => (1, 12),
        }
    }

    pub fn start(&self) -> Date {
        let (m, _) = self.months();
        Date::from_ymd_opt(self.year, m as u32, 1).expect("checked in Period::new")
    }

    pub fn end(&self) -> Date {
        let (_, m) = self.months();
        let next = if m == 12 {
            Date::from_ymd_opt(self.year + 1, 1, 1)
        } else {
            Date::from_ymd_opt(self.year, m as u32 + 1, 1)
        };
        next.and_then(|d| d.pred_opt()).expect("checked in Period::new")
    }

    /// Whether `other` lies wholly inside `self`.
    pub fn contains(&self, other: &Period) -> bool {
        let (a, b) = self.months();
        let (c, d) = other.months();
        self.year == other.year && a <= c && d <= b
    }

    /// Whether the two periods share at least one month.
    pub fn overlaps(&self, other: &Period) -> bool {
        let (a, b) = self.months();
        let (c, d) = other.months();
        self.year == other.year && a <= d && c <= b
    }

    /// The previous period of the same kind (the comparison of "Kỳ trước").
    pub fn previous(&self) -> Period {
        let span = self.span;
        let (year, span) = match span {
            Span::Month(1) => (self.year - 1, Span::Month(12)),
            Span::Month(m) => (self.year, Span::Month(m - 1)),
            Span::Quarter(1) => (self.year - 1, Span::Quarter(4)),
            Span::Quarter(q) => (self.year, Span::Quarter(q - 1)),
            Span::Half(1) => (self.year - 1, Span::Half(2)),
            Span::Half(h) => (self.year, Span::Half(h - 1)),
            Span::Year => (self.year - 1, Span::Year),
        };
        Period { year, span }
    }

    /// The months of the period, each as a one-month period.
    pub fn month_periods(&self) -> Vec<Period> {
        let (a, b) = self.months();
        (a..=b)
            .map(|m| Period {
                year: self.year,
                span: Span::Month(m),
            })
            .collect()
    }

    /// Machine form: "2018", "2018-H1", "2018-Q3", "2018-10".
    pub fn machine(&self) -> String {
        match self.span {
            Span::Month(m) => format!("{}-{:02}", self.year, m),
            Span::Quarter(q) => format!("{}-Q{}", self.year, q),
            Span::Half(h) => format!("{}-H{}", self.year, h),
            Span::Year => format!("{}", self.year),
        }
    }

    /// Vietnamese label as written in reports: "Tháng 10/2018", "Quý III/2018",
    /// "6 tháng đầu năm 2018", "Năm 2018".
    pub fn label(&self) -> String {
        match self.span {
            Span::Month(m) => format!("Tháng {}/{}", m, self.year),
            Span::Quarter(q) => format!("Quý {}/{}", ROMAN[q as usize - 1], self.year),
            Span::Half(1) => format!("6 tháng đầu năm {}", self.year),
            Span::Half(_) => format!("6 tháng cuối năm {}", self.year),
            Span::Year => format!("Năm {}", self.year),
        }
    }

    /// The label inside a sentence: "năm 2018", "tháng 10/2018", "quý III/2018".
    pub fn label_lower(&self) -> String {
        let l = self.label();
        let mut c = l.chars();
        match c.next() {
            Some(f) => f.to_lowercase().chain(c).collect(),
            None => l,
        }
    }

    /// English label for `--lang en`.
    pub fn label_en(&self) -> String {
        match self.span {
            Span::Month(m) => format!("{}-{:02}", self.year, m),
            Span::Quarter(q) => format!("Q{} {}", q, self.year),
            Span::Half(h) => format!("H{} {}", h, self.year),
            Span::Year => format!("year {}", self.year),
        }
    }

    /// "month", "quarter", "half" or "year" (the JSON `kind`).
    pub fn kind_name(&self) -> &'static str {
        match self.span {
            Span::Month(_) => "month",
            Span::Quarter(_) => "quarter",
            Span::Half(_) => "half",
            Span::Year => "year",
        }
    }

    /// Number of months covered.
    pub fn month_count(&self) -> u8 {
        let (a, b) = self.months();
        b - a + 1
    }
}

impl fmt::Display for Period {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.machine())
    }
}

impl Serialize for Period {
    /// `{"kind": "quarter", "year": 2018, "quarter": 1, "label": "Quý I/2018",
    /// "start": "2018-01-01", "end": "2018-03-31"}` as in cli.md.
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(None)?;
        m.serialize_entry("kind", self.kind_name())?;
        m.serialize_entry("year", &self.year)?;
        match self.span {
            Span::Month(v) => m.serialize_entry("month", &v)?,
            Span::Quarter(v) => m.serialize_entry("quarter", &v)?,
            Span::Half(v) => m.serialize_entry("half", &v)?,
            Span::Year => {}
        }
        m.serialize_entry("label", &self.label())?;
        m.serialize_entry("start", &self.start().to_string())?;
        m.serialize_entry("end", &self.end().to_string())?;
        m.end()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bounds_and_labels() {
        let q3 = Period::new(2018, Span::Quarter(3)).unwrap();
        assert_eq!(q3.start().to_string(), "2018-07-01");
        assert_eq!(q3.end().to_string(), "2018-09-30");
        assert_eq!(q3.label(), "Quý III/2018");
        assert_eq!(q3.machine(), "2018-Q3");
        let feb = Period::new(2020, Span::Month(2)).unwrap();
        assert_eq!(feb.end().to_string(), "2020-02-29");
        assert_eq!(Period::year(2018).unwrap().previous().label_lower(), "năm 2017");
        assert_eq!(Period::new(2018, Span::Month(1)).unwrap().previous().machine(), "2017-12");
        assert!(Period::new(2018, Span::Quarter(5)).is_none());
        assert!(Period::year(2018).unwrap().contains(&q3));
        assert!(!q3.contains(&Period::year(2018).unwrap()));
        assert!(q3.overlaps(&Period::new(2018, Span::Month(8)).unwrap()));
    }
}
