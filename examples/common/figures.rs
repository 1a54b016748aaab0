//! The model rows both town generators (`gen-dong-trieu`, `gen-dong-trieu-2025`)
//! build from their fixtures' figures: an activity per (code, classes,
//! participants, women), an indicator per (name, unit, value, kind).

use baocao::model::{Activity, CategoryId, Indicator, IndicatorKind};

/// (code, classes, participants, women), as the fixtures give them.
pub type ActivityFigures = (u8, Option<u64>, Option<u64>, Option<u64>);
/// (name, unit, value, kind word).
pub type IndicatorFigures<'a> = (&'a str, &'a str, f64, &'a str);

/// The fixtures' kind words ("thời điểm", "tỷ lệ", else a flow).
pub fn kind(s: &str) -> IndicatorKind {
    match s {
        "thời điểm" => IndicatorKind::Stock,
        "tỷ lệ" => IndicatorKind::Rate,
        _ => IndicatorKind::Flow,
    }
}

/// Activities under their standard names.
pub fn activities(rows: &[ActivityFigures]) -> Vec<Activity> {
    rows.iter()
        .map(|&(code, classes, participants, female)| Activity {
            category: CategoryId::Standard(code),
            name: baocao::normalize::category::canonical(code).unwrap_or_default().to_string(),
            classes,
            participants,
            female,
            note: None,
            source: None,
        })
        .collect()
}

/// Indicators with no previous value.
pub fn indicators(rows: &[IndicatorFigures]) -> Vec<Indicator> {
    rows.iter()
        .map(|&(name, unit, value, k)| Indicator {
            name: name.to_string(),
            unit: Some(unit.to_string()),
            value: Some(value),
            previous: None,
            kind: kind(k),
            previous_label: None,
            note: None,
            source: None,
        })
        .collect()
}
