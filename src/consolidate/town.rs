//! The consolidating office's own report (`consolidate --report OUT.docx`):
//! the consolidated figures as a [`Report`], so the ward report writer can
//! print it in the same official layout.

use super::*;
use crate::config::Config;
use crate::model::{Activity, CategoryId, Document, Indicator, Signer, Unit};

/// The office's report: unit, document and signer from `cfg` (the office's,
/// not a ward's), period from the consolidation, one activity row per
/// category (the by-category sums; a category nobody reported is left out),
/// consolidated indicators (flow and stock: the total; rate: the median across
/// units, with the range in the note, since a rate is never summed). No
/// directives and no narrative: those are the office's own to write.
pub fn town_report(c: &Consolidation, cfg: &Config) -> Report {
    let activities = c
        .categories
        .iter()
        .zip(&c.by_category)
        .filter(|(_, t)| t.classes.is_some() || t.participants.is_some() || t.female.is_some())
        .map(|(col, t)| Activity {
            category: col.code.map(CategoryId::Standard).unwrap_or(CategoryId::Custom),
            name: col.name.clone(),
            classes: t.classes,
            participants: t.participants,
            female: t.female,
            note: None,
            source: None,
        })
        .collect();
    let indicators = c
        .indicators
        .iter()
        .map(|i| {
            let reported = i.by_unit.iter().flatten().count();
            let (value, note) = match i.kind {
                IndicatorKind::Rate => (
                    i.median,
                    match (i.min, i.max) {
                        (Some(lo), Some(hi)) => Some(format!(
                            "Trung vị của {reported} đơn vị (thấp nhất {}, cao nhất {})",
                            crate::normalize::number::format_decimal(lo, 2),
                            crate::normalize::number::format_decimal(hi, 2)
                        )),
                        _ => None,
                    },
                ),
                _ => (i.total, Some(format!("Tổng của {reported} đơn vị"))),
            };
            Indicator {
                name: i.name.clone(),
                unit: i.unit.clone(),
                value,
                previous: None,
                kind: i.kind,
                previous_label: None,
                note,
                source: None,
            }
        })
        .collect();
    let doc = &cfg.document;
    Report {
        unit: Unit {
            authority: cfg.unit.authority.clone(),
            issuer: cfg.unit.issuer.clone(),
            area: cfg.unit.area.clone(),
            code: cfg.unit.code.clone(),
        },
        period: c.period,
        document: Document {
            number: doc.number.clone(),
            place: doc.place.clone(),
            date: cfg.date(),
            title: doc.title.clone(),
            recipients: doc.recipients.clone().unwrap_or_default(),
            copies_to: doc.copies_to.clone().unwrap_or_default(),
            signer: Signer {
                authority: doc.signer.authority.clone(),
                title: doc.signer.title.clone(),
                name: doc.signer.name.clone(),
            },
        },
        activities,
        stated_totals: None,
        indicators,
        // The wards' own plans are theirs, not the office's: listed on the
        // "Văn bản" sheet of the summary, not in the office's report.
        directives: Vec::new(),
        narrative: Vec::new(),
    }
}
