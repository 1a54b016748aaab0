//! Model → diagnostics: the checks of validation.md that need the whole report
//! after the config has filled it (cell-level problems are found while
//! reading, where the raw text is at hand).

use std::collections::HashMap;

use crate::diag::Diagnostic;
use crate::model::{CategoryId, InfoState, Report};
use crate::normalize::number;
use crate::normalize::text::fold;

pub use crate::model::narrative::{placeholders, PLACEHOLDERS};

/// Every check on a report that was read (and filled from the config).
pub fn validate(report: &Report) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    missing_items(report, &mut out);
    duplicates(report, &mut out);
    dates(report, &mut out);
    for p in &report.narrative {
        for name in placeholders(&p.text) {
            if !crate::model::narrative::is_known(name) {
                let known = PLACEHOLDERS.iter().map(|(n, _)| format!("{{{n}}}")).collect::<Vec<_>>().join(", ");
                out.push(
                    Diagnostic::new(
                        "E-PLACEHOLDER-UNKNOWN",
                        format!("Ô chờ {{{name}}} không có; các ô chờ dùng được: {known}."),
                        format!("Unknown placeholder {{{name}}}; the known ones are: {known}."),
                    )
                    .at_opt(p.source.as_ref()),
                );
            }
        }
    }
    out
}

fn missing_items(r: &Report, out: &mut Vec<Diagnostic>) {
    let d = &r.document;
    let items: [(&str, &str, bool); 10] = [
        ("Cơ quan chủ quản", "superior authority", r.unit.authority.is_some()),
        ("Cơ quan ban hành", "issuing body", r.unit.issuer.is_some()),
        ("Địa bàn", "area", r.unit.area.is_some()),
        ("Số ký hiệu", "document number", d.number.is_some()),
        ("Địa danh", "place name", d.place.is_some()),
        ("Ngày báo cáo", "report date", d.date.is_some()),
        ("Kỳ báo cáo", "reporting period", r.period.is_some()),
        ("Kính gửi", "recipients", !d.recipients.is_empty()),
        ("Chức vụ người ký", "signer's title", d.signer.title.is_some()),
        ("Người ký", "signer", d.signer.name.is_some()),
    ];
    for (label, en, present) in items {
        if present {
            continue;
        }
        let seen = |state: InfoState| r.info_cells.iter().find(|c| c.label == label && c.state == state);
        // An unreadable value has its own error already.
        if seen(InfoState::Invalid).is_some() {
            continue;
        }
        if let Some(cell) = seen(InfoState::Empty) {
            out.push(
                Diagnostic::new(
                    "E-INFO-MISSING",
                    format!("Mục \"{label}\" có nhãn nhưng ô giá trị {} để trống: hãy điền vào ô đó (hoặc vào tệp --config).", cell.source),
                    format!("The Thông tin item \"{label}\" ({en}) has its label but its value cell {} is empty: fill it in (or in the --config file).", cell.source),
                )
                .at(&cell.source)
                .with_label(label),
            );
            continue;
        }
        out.push(
            Diagnostic::new(
                "E-INFO-MISSING",
                format!("Thiếu mục \"{label}\" của phần Thông tin: thêm vào trang Thông tin hoặc vào tệp --config."),
                format!("The Thông tin item \"{label}\" ({en}) is missing: add it to the Thông tin sheet or the --config file."),
            )
            .with_label(label),
        );
    }
}

fn duplicates(r: &Report, out: &mut Vec<Diagnostic>) {
    let mut seen: HashMap<(CategoryId, String), usize> = HashMap::new();
    for (i, a) in r.activities.iter().enumerate() {
        let key = match a.category {
            CategoryId::Standard(_) => (a.category, String::new()),
            CategoryId::Custom => (a.category, fold(&a.name)),
        };
        if let Some(&first) = seen.get(&key) {
            let at = r.activities[first].source.as_ref().map(|s| s.cell.to_string()).unwrap_or_default();
            out.push(
                Diagnostic::new(
                    "E-CATEGORY-DUPLICATE",
                    format!(
                        "Hoạt động \"{}\" xuất hiện hai lần (đã có ở ô {at}); hãy gộp thành một dòng.",
                        a.name
                    ),
                    format!("The activity \"{}\" appears twice (first at {at}); merge the two rows.", a.name),
                )
                .at_opt(a.source.as_ref()),
            );
        } else {
            seen.insert(key, i);
        }
    }
}

fn dates(r: &Report, out: &mut Vec<Diagnostic>) {
    let Some(date) = r.document.date else { return };
    let shown = |d: crate::model::Date| d.format("%d/%m/%Y").to_string();
    for d in &r.directives {
        if let Some(dd) = d.date.filter(|dd| *dd > date) {
            out.push(
                Diagnostic::new(
                    "W-DIRECTIVE-AFTER-REPORT",
                    format!(
                        "Văn bản {} ngày {} ban hành sau ngày báo cáo {}.",
                        d.number.as_deref().unwrap_or(""),
                        shown(dd),
                        shown(date)
                    ),
                    format!(
                        "Directive {} dated {} is later than the report date {}.",
                        d.number.as_deref().unwrap_or(""),
                        shown(dd),
                        shown(date)
                    ),
                )
                .at_opt(d.source.as_ref()),
            );
        }
    }
    if let Some(p) = r.period {
        if date < p.end() {
            out.push(
                Diagnostic::new(
                    "N-ESTIMATE",
                    format!(
                        "Báo cáo ngày {} lập trước khi hết {} ({}): số liệu có thể là ước tính.",
                        shown(date),
                        p.label_lower(),
                        shown(p.end())
                    ),
                    format!(
                        "The report is dated {}, before the end of {} ({}): figures may be estimates.",
                        shown(date),
                        p.label_en(),
                        shown(p.end())
                    ),
                )
                .with_label("Ngày báo cáo"),
            );
        }
    }
    let _ = number::format_int;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_example_is_clean_but_estimated() {
        let r = crate::example::kim_son_2018();
        let d = validate(&r);
        assert_eq!(d.iter().map(|d| d.code).collect::<Vec<_>>(), vec!["N-ESTIMATE"]);
    }
}
