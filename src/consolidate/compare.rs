//! "So với cùng kỳ năm trước": a consolidation compared with the same period
//! of the year before (`tonghop --compare`). The previous period is
//! consolidated on its own with today's units ([`ConsolidateOptions::as_of`]),
//! so 2024's Kim Sơn is compared as part of today's Mạo Khê; rows are then
//! matched by unit key.

use super::*;
use crate::normalize::text::fold as fold_key_for_compare;

/// The previous period's figures, parallel to the current consolidation.
#[derive(Debug, Clone, PartialEq)]
pub struct Comparison {
    /// The previous period (the same span a year before).
    pub period: Period,
    /// Inputs summed for it.
    pub used: usize,
    pub totals: Totals,
    /// Parallel to [`Consolidation::units`]; `None`: the unit has no previous data.
    pub by_unit: Vec<Option<Totals>>,
    /// Parallel to [`Consolidation::indicators`]: the previous total (flow,
    /// stock) or median (rate); `None` when nobody reported it then.
    pub indicators: Vec<Option<f64>>,
    /// Rows of the previous period with no row today (their labels and totals):
    /// in the previous total, not compared unit by unit.
    pub only_previous: Vec<(String, Totals)>,
}

/// The same span a year before.
pub fn same_period_last_year(p: Period) -> Option<Period> {
    Period::new(p.year - 1, p.span)
}

/// "tăng 120 (8,5%)", "giảm 3 (1,2%)", "không đổi"; from nothing, "tăng 120".
pub fn change_words(now: Option<u64>, prev: Option<u64>) -> Option<String> {
    let (n, p) = (now.unwrap_or(0) as f64, prev? as f64);
    Some(change_words_f(n, p, false))
}

/// [`change_words`] for a value; `points`: a rate, whose change is in
/// percentage points, never a relative change.
pub fn change_words_f(now: f64, prev: f64, points: bool) -> String {
    use crate::normalize::number::format_decimal;
    let d = now - prev;
    if d.abs() < 1e-9 {
        return "không đổi".to_string();
    }
    let word = if d > 0.0 { "tăng" } else { "giảm" };
    if points {
        return format!("{word} {} điểm phần trăm", format_decimal(d.abs(), 2));
    }
    if prev.abs() < 1e-9 {
        return format!("{word} {}", format_decimal(d.abs(), 2));
    }
    format!(
        "{word} {} ({}%)",
        format_decimal(d.abs(), 2),
        format_decimal(d.abs() / prev.abs() * 100.0, 1)
    )
}

impl Consolidation {
    /// Sets [`Consolidation::previous`] from `prev`, a consolidation of the
    /// same period a year before with today's units.
    pub fn compare_with(&mut self, prev: &Consolidation) {
        let Some(period) = prev.period else { return };
        let by_unit = self
            .units
            .iter()
            .map(|u| prev.units.iter().find(|p| p.key == u.key).map(|p| p.totals))
            .collect();
        let indicators = self
            .indicators
            .iter()
            .map(|i| {
                let k = fold_key_for_compare(&i.name);
                prev.indicators
                    .iter()
                    .find(|p| fold_key_for_compare(&p.name) == k)
                    .and_then(|p| match p.kind {
                        IndicatorKind::Rate => p.median,
                        _ => p.total,
                    })
            })
            .collect();
        let only_previous = prev
            .units
            .iter()
            .filter(|p| !self.units.iter().any(|u| u.key == p.key))
            .map(|p| (p.label.clone(), p.totals))
            .collect();
        if prev.used_count() == 0 {
            self.diagnostics.push(Diagnostic::new(
                "W-COMPARE-NONE",
                format!("Không có sổ nào của cùng kỳ năm trước ({}) để so sánh.", period.label_lower()),
                format!(
                    "No workbook of the same period a year before ({}) to compare with.",
                    period.label_en()
                ),
            ));
        }
        let left_out = prev
            .files
            .iter()
            .filter(|f| !f.status.is_used() && !matches!(f.status, Status::LeftOut(LeftOut::PeriodOutside | LeftOut::Ours)))
            .count();
        if left_out > 0 {
            self.diagnostics.push(Diagnostic::new(
                "W-COMPARE-LEFT-OUT",
                format!("{left_out} sổ của cùng kỳ năm trước ({}) bị bỏ ra (có lỗi, trùng, hoặc kỳ lớn hơn): số liệu so sánh có thể thiếu; chạy tonghop riêng cho kỳ đó để xem chi tiết.", period.label_lower()),
                format!("{left_out} workbooks of the same period a year before ({}) were left out (errors, duplicates or a larger period): the comparison may lack them; consolidate that period alone to see why.", period.label_en()),
            ));
        }
        self.previous = Some(Box::new(Comparison {
            period,
            used: prev.used_count(),
            totals: prev.totals,
            by_unit,
            indicators,
            only_previous,
        }));
    }
}

/// `report --compare PREV`: each indicator of `report` that states no
/// previous value takes PREV's (matched by name), labelled as the same
/// period a year before, so the report says "tăng …, so với cùng kỳ năm trước".
///
/// PREV must be the same unit's workbook for the same span a year before:
/// any other (the same file, another month, another unit's half-year) would
/// be stated as a change that is not one. Then nothing is compared and the
/// returned W-COMPARE-MISMATCH says why, naming both files.
pub fn previous_into(report: &mut crate::model::Report, prev: &crate::model::Report, files: (&str, &str)) -> Option<Diagnostic> {
    if let Some(d) = not_comparable(report, prev, files) {
        return Some(d);
    }
    let label = match prev.period {
        Some(p) => format!("cùng kỳ năm trước ({})", p.label_lower()),
        None => "cùng kỳ năm trước".to_string(),
    };
    for i in &mut report.indicators {
        if i.previous.is_some() {
            continue;
        }
        let k = fold_key_for_compare(&i.name);
        if let Some(v) = prev
            .indicators
            .iter()
            .find(|p| fold_key_for_compare(&p.name) == k)
            .and_then(|p| p.value)
        {
            i.previous = Some(v);
            i.previous_label = Some(label.clone());
        }
    }
    None
}

/// Why PREV is not the same unit's same period a year before, if it is not.
/// A unit is the same when its Mã đơn vị and its Địa bàn agree wherever both
/// workbooks give them, and at least one of them is given by both (a code is
/// not enough alone when the names differ: 07093 was Đức Chính and is Đông
/// Triều).
fn not_comparable(report: &crate::model::Report, prev: &crate::model::Report, (now_file, prev_file): (&str, &str)) -> Option<Diagnostic> {
    use super::engine::nonempty;
    use crate::normalize::text::identity_key;
    let field = |s: &Option<String>| nonempty(s).map(identity_key);
    let unit_label = |r: &crate::model::Report| match (nonempty(&r.unit.area), nonempty(&r.unit.code)) {
        (Some(a), Some(c)) => format!("{a} ({c})"),
        (Some(a), None) => a.to_string(),
        (None, Some(c)) => c.to_string(),
        (None, None) => "?".to_string(),
    };
    let pairs = [
        (field(&report.unit.code), field(&prev.unit.code)),
        (field(&report.unit.area), field(&prev.unit.area)),
    ];
    let both: Vec<bool> = pairs.iter().filter_map(|(a, b)| Some(a.as_ref()? == b.as_ref()?)).collect();
    let same_unit = !both.is_empty() && both.iter().all(|&x| x);
    let want = report.period.and_then(same_period_last_year);
    let same_period = want.is_some() && want == prev.period;
    if same_unit && same_period {
        return None;
    }
    let p = |r: &crate::model::Report| {
        r.period
            .map(|p| (p.label_lower(), p.label_en()))
            .unwrap_or(("không rõ kỳ".into(), "no period".into()))
    };
    let (pn, pp) = (p(report), p(prev));
    let (mut vi, mut en) = (Vec::new(), Vec::new());
    if !same_unit {
        vi.push(format!("là của {}, không phải {}", unit_label(prev), unit_label(report)));
        en.push(format!("is of {}, not {}", unit_label(prev), unit_label(report)));
    }
    if !same_period {
        let (wv, we) = want.map(|w| (w.label_lower(), w.label_en())).unwrap_or(("?".into(), "?".into()));
        vi.push(format!("là sổ {}, không phải cùng kỳ năm trước của {} ({wv})", pp.0, pn.0));
        en.push(format!("is for {}, not the same period a year before {} ({we})", pp.1, pn.1));
    }
    Some(
        Diagnostic::new(
            "W-COMPARE-MISMATCH",
            format!(
                "Sổ so sánh {prev_file} {}: báo cáo của {now_file} không so sánh với cùng kỳ năm trước.",
                vi.join(" và ")
            ),
            format!(
                "The comparison workbook {prev_file} {}: the report of {now_file} makes no comparison with the year before.",
                en.join(" and ")
            ),
        )
        .in_file(prev_file),
    )
}
