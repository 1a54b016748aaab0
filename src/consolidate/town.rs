//! The consolidating office's own report (`consolidate --report OUT.docx`):
//! the consolidated figures as a [`Report`], so the ward report writer can
//! print it in the same official layout.

use super::*;
use crate::config::Config;
use crate::model::{Activity, CategoryId, Document, Indicator, Paragraph, Signer, Unit};

/// A line left for the clerk to fill by hand, as on printed forms.
const FILL_IN: &str = "……………………";

/// What the office's report needs from `--config` and lacks, in Vietnamese
/// and English: the header's bodies, the signer and the recipients. The
/// number and the date are left for the văn thư to fill, as offices do.
pub(crate) fn missing_office_details(cfg: &Config) -> Vec<(&'static str, &'static str)> {
    let empty = |v: &Option<String>| v.as_deref().is_none_or(|s| s.trim().is_empty());
    let mut out = Vec::new();
    if empty(&cfg.unit.issuer) {
        out.push(("tên cơ quan ban hành ([unit] issuer)", "the issuing office ([unit] issuer)"));
    }
    if empty(&cfg.unit.authority) {
        out.push(("cơ quan chủ quản ([unit] authority)", "the superior body ([unit] authority)"));
    }
    if empty(&cfg.document.signer.title) {
        out.push((
            "chức vụ người ký ([document.signer] title)",
            "the signer's title ([document.signer] title)",
        ));
    }
    if empty(&cfg.document.signer.name) {
        out.push((
            "họ tên người ký ([document.signer] name)",
            "the signer's name ([document.signer] name)",
        ));
    }
    if cfg.document.recipients.as_ref().is_none_or(|r| r.is_empty()) {
        out.push(("nơi nhận ([document] recipients)", "the recipients ([document] recipients)"));
    }
    out
}

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
    let prev_label = c
        .previous
        .as_ref()
        .map(|p| format!("cùng kỳ năm trước ({})", p.period.label_lower()));
    let indicators = c
        .indicators
        .iter()
        .enumerate()
        .map(|(n, i)| {
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
                previous: c.previous.as_ref().and_then(|p| p.indicators.get(n).copied().flatten()),
                kind: i.kind,
                previous_label: prev_label.clone(),
                note,
                source: None,
            }
        })
        .collect();
    let doc = &cfg.document;
    // What the office did not give is a dotted line to fill by hand, never
    // an empty header or signature (W-OFFICE-DETAILS says what is missing).
    let given = |v: &Option<String>| v.clone().filter(|s| !s.trim().is_empty());
    let or_dots = |v: &Option<String>| given(v).or_else(|| Some(FILL_IN.to_string()));
    Report {
        unit: Unit {
            authority: or_dots(&cfg.unit.authority),
            issuer: or_dots(&cfg.unit.issuer),
            area: cfg.unit.area.clone(),
            code: cfg.unit.code.clone(),
            code_source: None,
        },
        period: c.period,
        document: Document {
            number: doc.number.clone(),
            place: doc.place.clone(),
            date: cfg.date(),
            title: doc.title.clone().or_else(|| {
                c.period
                    .map(|p| format!("Tổng hợp kết quả hoạt động các Trung tâm học tập cộng đồng {}", p.label_lower()))
            }),
            recipients: doc
                .recipients
                .clone()
                .filter(|r| !r.is_empty())
                .unwrap_or_else(|| vec![FILL_IN.to_string()]),
            copies_to: doc.copies_to.clone().unwrap_or_default(),
            signer: Signer {
                authority: doc.signer.authority.clone(),
                title: or_dots(&doc.signer.title),
                name: or_dots(&doc.signer.name),
            },
        },
        activities,
        stated_totals: None,
        indicators,
        // The wards' own plans are theirs, not the office's: listed on the
        // "Văn bản" sheet of the summary, not in the office's report.
        directives: Vec::new(),
        narrative: town_narrative(c, cfg),
        info_cells: Vec::new(),
        unused: Vec::new(),
        centres: Some(c.units.len()),
    }
}

/// Default sentences for the office's report: the generic ones of a ward
/// report would call the office a learning centre. What the summary cannot
/// hide is said here: units that did not send every month, and a female
/// total that covers only some units.
fn town_narrative(c: &Consolidation, cfg: &Config) -> Vec<Paragraph> {
    use crate::model::NarrativeSlot;
    use crate::render::docx::words::count;
    let ky = c.period.map(|p| p.label_lower()).unwrap_or_else(|| "kỳ này".to_string());
    let area = cfg
        .unit
        .area
        .as_deref()
        .map(|a| format!(" trên địa bàn {}", crate::render::docx::words::area_in_sentence(a)))
        .unwrap_or_default();
    let para = |slot, text: String| Paragraph {
        slot,
        title: None,
        text,
        source: None,
    };
    let mut out = vec![para(
        NarrativeSlot::Opening,
        format!(
            "Căn cứ báo cáo của {} Trung tâm học tập cộng đồng{area}, kết quả hoạt động {ky} được tổng hợp như sau:",
            count(c.units.len())
        ),
    )];
    out.extend(reorganisation_paragraph(c).map(|text| para(NarrativeSlot::Section(3), text)));
    let partial: Vec<String> = c
        .units
        .iter()
        .filter(|u| !u.is_complete())
        .map(|u| format!("{} ({})", u.label, u.coverage_label()))
        .collect();
    if !partial.is_empty() {
        out.push(para(
            NarrativeSlot::Section(3),
            format!(
                "Số liệu chưa đầy đủ: {} đơn vị chưa gửi đủ báo cáo các tháng trong kỳ: {}.",
                count(partial.len()),
                partial.join("; ")
            ),
        ));
    }
    out.extend(comparison_paragraph(c).map(|text| para(NarrativeSlot::Section(3), text)));
    let with_female = c.units.iter().filter(|u| u.totals.female.is_some()).count();
    if with_female > 0 && with_female < c.units.len() {
        out.push(para(
            NarrativeSlot::Section(3),
            format!(
                "Số lượt nữ tham gia chỉ gồm số liệu của {with_female}/{} đơn vị có báo cáo số nữ.",
                c.units.len()
            ),
        ));
    }
    out.push(para(
        NarrativeSlot::Closing,
        format!("Trên đây là báo cáo tổng hợp kết quả hoạt động các Trung tâm học tập cộng đồng{area} {ky}."),
    ));
    out
}

/// What the report must say when the period spans a reorganisation: which
/// old units each new unit's figures include, and which divided unit is on
/// a row of its own.
fn reorganisation_paragraph(c: &Consolidation) -> Option<String> {
    let (date, source) = c.reorganisation.as_ref()?;
    let until = date.pred_opt().unwrap_or(*date).format("%-d/%-m/%Y").to_string();
    let merged: Vec<String> = c
        .units
        .iter()
        .filter(|u| !u.predecessors.is_empty() && u.label != u.name)
        .map(|u| format!("{} gồm {}", u.name, super::reorg::list_names(&u.predecessors)))
        .collect();
    let divided: Vec<String> = c
        .units
        .iter()
        .filter(|u| !u.divided_among.is_empty())
        .map(|u| format!("{} (chia cho {})", u.name, super::reorg::list_names(&u.divided_among)))
        .collect();
    if merged.is_empty() && divided.is_empty() {
        return None;
    }
    let mut text = format!(
        "Từ ngày {}, các đơn vị hành chính cấp xã được sắp xếp lại ({source}). Số liệu đến {until} của các đơn vị cũ được tổng hợp vào đơn vị mới",
        date.format("%-d/%-m/%Y")
    );
    if !merged.is_empty() {
        text.push_str(&format!(": {}", merged.join("; ")));
    }
    text.push('.');
    if !divided.is_empty() {
        text.push_str(&format!(
            " Số liệu đến {until} của {} không chia được cho các đơn vị mới nên được ghi thành dòng riêng và tính một lần vào tổng số.",
            divided.join(", ")
        ));
    }
    Some(text)
}

/// "So với cùng kỳ năm trước (năm 2024): …": the change of each total, and
/// the units that have nothing to compare with.
fn comparison_paragraph(c: &Consolidation) -> Option<String> {
    use super::compare::change_words;
    use crate::normalize::number::format_int;
    let prev = c.previous.as_ref()?;
    let n = |v: Option<u64>| format_int(v.unwrap_or(0));
    let part = |what: &str, now: Option<u64>, before: Option<u64>| match change_words(now, before) {
        Some(w) => format!("{what} {}, {w}", n(now)),
        None => format!("{what} {}, cùng kỳ không có số liệu", n(now)),
    };
    let mut text = format!(
        "So với cùng kỳ năm trước ({}, số liệu quy về các đơn vị hiện nay): {}; {}; {}.",
        prev.period.label_lower(),
        part("số lớp (chuyên đề)", c.totals.classes, prev.totals.classes),
        part("số lượt người tham gia", c.totals.participants, prev.totals.participants),
        part("số lượt nữ", c.totals.female, prev.totals.female),
    );
    let none: Vec<&str> = c
        .units
        .iter()
        .zip(&prev.by_unit)
        .filter(|(_, p)| p.is_none())
        .map(|(u, _)| u.label.as_str())
        .collect();
    if !none.is_empty() {
        text.push_str(&format!(" Chưa có số liệu cùng kỳ năm trước để so sánh: {}.", none.join("; ")));
    }
    if !prev.only_previous.is_empty() {
        let names: Vec<&str> = prev.only_previous.iter().map(|(l, _)| l.as_str()).collect();
        text.push_str(&format!(
            " Số liệu cùng kỳ năm trước của {} có trong tổng số nhưng không có dòng tương ứng kỳ này.",
            names.join("; ")
        ));
    }
    Some(text)
}

/// The consolidating office's whole document: the report built from
/// [`town_report`], with the per-unit figures in a landscape appendix (one
/// column per category would not fit a portrait page).
pub fn town_document(c: &Consolidation, cfg: &Config) -> crate::render::docx::DocSpec {
    use crate::normalize::number::format_int;
    use crate::render::docx::{Align, Appendix, Block, Column, HeadCell, RowSpec, TableSpec};
    let report = town_report(c, cfg);
    let mut spec = crate::render::docx::doc_spec(&report);
    spec.mark = Some(crate::mark::Mark::ConsolidatedReport);
    let shown: Vec<usize> = (0..c.categories.len())
        .filter(|&i| {
            c.units.iter().any(|u| {
                u.by_category
                    .get(i)
                    .is_some_and(|t| t.classes.is_some() || t.participants.is_some())
            })
        })
        .collect();
    if c.units.is_empty() {
        return spec;
    }
    let n = |v: Option<u64>| v.map(format_int).unwrap_or_default();
    let table = |title: &str, pick: fn(&crate::model::Totals) -> Option<u64>, with_coverage: bool| {
        let mut columns = vec![
            Column {
                weight: 5,
                align: Align::Center,
            },
            Column {
                weight: 22,
                align: Align::Left,
            },
        ];
        let mut head = vec![HeadCell::new("TT"), HeadCell::new("Đơn vị")];
        if with_coverage {
            columns.push(Column {
                weight: 12,
                align: Align::Center,
            });
            head.push(HeadCell::new("Số tháng có báo cáo"));
        }
        for &i in &shown {
            columns.push(Column {
                weight: 8,
                align: Align::Right,
            });
            let code = c.categories[i]
                .code
                .map(|k| k.to_string())
                .unwrap_or_else(|| c.categories[i].name.clone());
            head.push(HeadCell::new(code));
        }
        columns.push(Column {
            weight: 10,
            align: Align::Right,
        });
        head.push(HeadCell::new("Cộng"));
        let mut rows: Vec<RowSpec> = c
            .units
            .iter()
            .enumerate()
            .map(|(k, u)| {
                let mut cells = vec![(k + 1).to_string(), u.label.clone()];
                if with_coverage {
                    cells.push(u.coverage_label());
                }
                cells.extend(shown.iter().map(|&i| n(u.by_category.get(i).and_then(pick))));
                cells.push(n(pick(&u.totals)));
                RowSpec { cells, bold: false }
            })
            .collect();
        let mut total = vec![String::new(), "Tổng số".to_string()];
        if with_coverage {
            total.push(String::new());
        }
        total.extend(shown.iter().map(|&i| n(c.by_category.get(i).and_then(pick))));
        total.push(n(pick(&c.totals)));
        rows.push(RowSpec { cells: total, bold: true });
        vec![
            Block::Heading(title.to_string()),
            Block::Table(TableSpec {
                columns,
                header: vec![head],
                rows,
                font_pt: 10,
            }),
        ]
    };
    // The legend first, in the tables' size, as one paragraph: listed as
    // bullets after the tables it took a landscape page of its own.
    let legend: Vec<String> = shown
        .iter()
        .map(|&i| {
            let col = &c.categories[i];
            match col.code {
                Some(k) => format!("({k}) {}", col.name),
                None => col.name.clone(),
            }
        })
        .collect();
    let mut blocks = Vec::new();
    if !legend.is_empty() {
        blocks.push(Block::Note(format!("Các cột theo loại hoạt động: {}.", legend.join("; "))));
    }
    blocks.extend(table("Số lớp (chuyên đề)", |t| t.classes, true));
    blocks.extend(table("Số lượt người tham gia", |t| t.participants, false));
    if let Some(prev) = &c.previous {
        blocks.extend(comparison_table(c, prev));
    }
    let subtitle = report.document.number.as_ref().map(|num| format!("(Kèm theo Báo cáo số {num})"));
    spec.appendices.push(Appendix {
        label: "Phụ lục".to_string(),
        title: format!(
            "Số liệu hoạt động theo đơn vị {}",
            c.period.map(|p| p.label_lower()).unwrap_or_default()
        ),
        subtitle,
        landscape: true,
        blocks,
    });
    spec
}

/// The appendix table of the comparison: per unit, participants then and now
/// and the change; "chưa có số liệu" for a unit with nothing to compare with.
fn comparison_table(c: &Consolidation, prev: &super::compare::Comparison) -> Vec<crate::render::docx::Block> {
    use super::compare::change_words;
    use crate::normalize::number::format_int;
    use crate::render::docx::{Align, Block, Column, HeadCell, RowSpec, TableSpec};
    let n = |v: Option<u64>| v.map(format_int).unwrap_or_default();
    let col = |weight, align| Column { weight, align };
    let columns = vec![
        col(5, Align::Center),
        col(30, Align::Left),
        col(12, Align::Right),
        col(12, Align::Right),
        col(20, Align::Left),
    ];
    let head = vec![
        HeadCell::new("TT"),
        HeadCell::new("Đơn vị"),
        HeadCell::new(format!("Cùng kỳ {}", prev.period.label_lower())),
        HeadCell::new("Kỳ này"),
        HeadCell::new("Tăng, giảm"),
    ];
    let mut rows: Vec<RowSpec> = c
        .units
        .iter()
        .zip(&prev.by_unit)
        .enumerate()
        .map(|(k, (u, p))| RowSpec {
            cells: vec![
                (k + 1).to_string(),
                u.label.clone(),
                p.map(|t| n(t.participants)).unwrap_or_default(),
                n(u.totals.participants),
                match p {
                    Some(t) => change_words(u.totals.participants, t.participants).unwrap_or_default(),
                    None => "chưa có số liệu cùng kỳ".to_string(),
                },
            ],
            bold: false,
        })
        .collect();
    for (label, t) in &prev.only_previous {
        rows.push(RowSpec {
            cells: vec![
                String::new(),
                label.clone(),
                n(t.participants),
                String::new(),
                "không có dòng kỳ này".to_string(),
            ],
            bold: false,
        });
    }
    rows.push(RowSpec {
        cells: vec![
            String::new(),
            "Tổng số".to_string(),
            n(prev.totals.participants),
            n(c.totals.participants),
            change_words(c.totals.participants, prev.totals.participants).unwrap_or_default(),
        ],
        bold: true,
    });
    vec![
        Block::Heading("Số lượt người tham gia so với cùng kỳ năm trước".to_string()),
        Block::Table(TableSpec {
            columns,
            header: vec![head],
            rows,
            font_pt: 10,
        }),
    ]
}
