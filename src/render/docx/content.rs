//! A ward [`Report`] → the [`DocSpec`] of its official report: the section
//! plan of report.md, default sentences where the workbook gave none, and the
//! placeholders of the Nội dung sheet filled in.

use std::collections::BTreeMap;

use super::spec::*;
use super::words;
use crate::model::{narrative, CategoryId, NarrativeSlot, Paragraph, Report};
use crate::normalize::number::format_int;

pub use crate::model::narrative::PLACEHOLDERS;

/// What an unknown or missing value prints as: visible, so that a reader
/// notices the gap instead of reading a false 0.
const MISSING: &str = "…";

pub(crate) fn value_of(name: &str, r: &Report) -> Option<String> {
    let t = r.totals();
    let int = |v: Option<u64>| v.map(format_int).unwrap_or_else(|| MISSING.to_string());
    let text = |v: &Option<String>| v.as_deref().map(str::trim).filter(|s| !s.is_empty()).unwrap_or(MISSING).to_string();
    Some(match name {
        "tong_so_lop" => int(t.classes),
        "tong_luot_nguoi" => int(t.participants),
        "tong_nu" => int(t.female),
        "so_hoat_dong" => {
            let n = r
                .activities
                .iter()
                .filter(|a| a.classes.is_some() || a.participants.is_some() || a.female.is_some())
                .count();
            format_int(n as u64)
        }
        "ky_bao_cao" => r.period.map(|p| p.label_lower()).unwrap_or_else(|| "kỳ này".to_string()),
        "ky_truoc" => r
            .period
            .map(|p| p.previous().label_lower())
            .unwrap_or_else(|| "kỳ trước".to_string()),
        "ky_toi" => r
            .period
            .and_then(|p| words::next_period(&p))
            .map(|p| p.label_lower())
            .unwrap_or_else(|| "kỳ tới".to_string()),
        "don_vi" => text(&r.unit.issuer),
        "dia_ban" => text(&r.unit.area),
        _ => return None,
    })
}

/// Fills `{name}` placeholders. Text in braces that is not a plain name
/// (letters, digits, `_`) is left as typed; an unknown name is `Err(name)`.
pub fn fill_placeholders(text: &str, report: &Report) -> Result<String, String> {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        match after.find('}') {
            Some(close) if is_name(after[..close].trim()) => {
                let name = after[..close].trim();
                match value_of(name, report) {
                    Some(v) => out.push_str(&v),
                    None => return Err(name.to_string()),
                }
                rest = &after[close + 1..];
            }
            _ => {
                out.push('{');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    Ok(out)
}

fn is_name(s: &str) -> bool {
    !s.is_empty() && s.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
}

/// A paragraph's text with placeholders filled; an unknown name is left as
/// typed (validation reports it with its cell before rendering).
fn filled(p: &Paragraph, r: &Report) -> String {
    fill_placeholders(&p.text, r).unwrap_or_else(|_| p.text.clone())
}

/// "Trung tâm học tập cộng đồng phường Kim Sơn".
/// Who the sentences speak of: the centre ("Trung tâm học tập cộng đồng
/// phường Kim Sơn"), or in an office's consolidated report the centres of
/// its area ("các Trung tâm học tập cộng đồng trên địa bàn thị xã Đông
/// Triều"), never one centre named after the town.
fn centre_name(r: &Report) -> String {
    let area = r.unit.area.as_deref().map(str::trim).filter(|a| !a.is_empty());
    match (r.centres, area) {
        (Some(_), Some(a)) => format!("các Trung tâm học tập cộng đồng trên địa bàn {}", words::area_in_sentence(a)),
        (Some(_), None) => "các Trung tâm học tập cộng đồng".to_string(),
        (None, Some(a)) => format!("Trung tâm học tập cộng đồng {}", words::lower_first(a)),
        (None, None) => "Trung tâm học tập cộng đồng".to_string(),
    }
}

fn period_words(r: &Report) -> String {
    r.period.map(|p| p.label_lower()).unwrap_or_else(|| "kỳ này".to_string())
}

/// Narrative paragraphs of one slot as blocks: the section's own text
/// first, then one numbered subsection per title (see
/// [`crate::model::narrative::parts`]); `own` names the section itself.
pub(crate) fn narrative_blocks(paras: &[&Paragraph], r: &Report, own: &[&str]) -> Vec<Block> {
    let mut out = Vec::new();
    for part in narrative::parts(paras, own) {
        if let Some(t) = part.title {
            out.push(Block::Heading(t.to_string()));
        }
        for p in part.paragraphs {
            let text = filled(p, r);
            if !text.trim().is_empty() {
                out.push(Block::Text(text));
            }
        }
    }
    out
}

/// Adds ";" to every item but the last, "." to the last.
pub(crate) fn list_marks(items: Vec<String>) -> Vec<Block> {
    let n = items.len();
    items
        .into_iter()
        .enumerate()
        .map(|(i, s)| {
            let s = s.trim_end().trim_end_matches([';', '.', ',']).to_string();
            Block::Bullet(if i + 1 == n { format!("{s}.") } else { format!("{s};") })
        })
        .collect()
}

/// The activity table of section III. A Nữ column nobody filled in is left
/// out (an empty column reads as "0 women"); [`totals_sentence`] then says
/// that it was not reported.
pub fn activity_table(r: &Report) -> TableSpec {
    let c = |weight, align| Column { weight, align };
    let female = female_reported(r);
    let row = |tt: String, name: String, classes, participants, f| {
        let mut cells = vec![tt, name, words::cell_int(classes), words::cell_int(participants)];
        if female {
            cells.push(words::cell_int(f));
        }
        cells
    };
    let mut rows: Vec<RowSpec> = r
        .activities
        .iter()
        .enumerate()
        .map(|(i, a)| RowSpec {
            cells: row(
                match a.category {
                    CategoryId::Standard(code) => code.to_string(),
                    CategoryId::Custom => (i + 1).to_string(),
                },
                a.name.clone(),
                a.classes,
                a.participants,
                a.female,
            ),
            bold: false,
        })
        .collect();
    let t = r.totals();
    rows.push(RowSpec {
        cells: row(String::new(), "Tổng số".to_string(), t.classes, t.participants, t.female),
        bold: true,
    });
    let (columns, header) = if female {
        (
            // "(chuyên đề)" in 13 pt bold needs 17 % of the text width.
            vec![
                c(7, Align::Center),
                c(38, Align::Left),
                c(17, Align::Center),
                c(19, Align::Center),
                c(19, Align::Center),
            ],
            vec![
                vec![
                    HeadCell::new("TT").span(1, 2),
                    HeadCell::new("Tên hoạt động giáo dục").span(1, 2),
                    HeadCell::new("Số lớp (chuyên đề)").span(1, 2),
                    HeadCell::new("Số lượt người tham gia").span(2, 1),
                ],
                vec![HeadCell::new("Tổng số"), HeadCell::new("Nữ")],
            ],
        )
    } else {
        (
            vec![c(7, Align::Center), c(50, Align::Left), c(19, Align::Center), c(24, Align::Center)],
            vec![vec![
                HeadCell::new("TT"),
                HeadCell::new("Tên hoạt động giáo dục"),
                HeadCell::new("Số lớp (chuyên đề)"),
                HeadCell::new("Số lượt người tham gia"),
            ]],
        )
    };
    TableSpec {
        columns,
        header,
        rows,
        font_pt: 13,
    }
}

/// Did any activity give its number of women?
fn female_reported(r: &Report) -> bool {
    r.activities.iter().any(|a| a.female.is_some())
}

/// The sentence after the table: "… đã tổ chức 70 lớp, chuyên đề, thu hút
/// 6.778 lượt người tham gia."
fn totals_sentence(r: &Report) -> Option<String> {
    let t = r.totals();
    let mut parts = Vec::new();
    if let Some(c) = t.classes {
        parts.push(format!("tổ chức {} lớp, chuyên đề", format_int(c)));
    }
    if let Some(p) = t.participants {
        let mut s = format!("thu hút {} lượt người tham gia", format_int(p));
        if let Some(f) = t.female {
            s.push_str(&format!(" (trong đó nữ {} lượt)", format_int(f)));
        } else if !female_reported(r) && !r.activities.is_empty() {
            s.push_str(" (số lượt nữ tham gia không được báo cáo)");
        }
        parts.push(s);
    }
    if parts.is_empty() {
        return None;
    }
    Some(format!("Trong {}, {} đã {}.", period_words(r), centre_name(r), parts.join(", ")))
}

/// Builds the document of a ward report.
pub fn doc_spec(r: &Report) -> DocSpec {
    let doc = &r.document;
    let mut by_slot: BTreeMap<&NarrativeSlot, Vec<&Paragraph>> = BTreeMap::new();
    for p in &r.narrative {
        by_slot.entry(&p.slot).or_default().push(p);
    }
    let slot = |s: NarrativeSlot| -> Vec<&Paragraph> { by_slot.get(&s).cloned().unwrap_or_default() };

    let ky = period_words(r);
    let opening = {
        let paras = slot(NarrativeSlot::Opening);
        if paras.is_empty() {
            vec![Block::Text(format!("{} báo cáo kết quả hoạt động {} như sau:", centre_name(r), ky))]
        } else {
            narrative_blocks(&paras, r, &[])
        }
    };

    let mut sections = Vec::new();
    // I. Đặc điểm tình hình.
    const SITUATION: &str = "Đặc điểm tình hình";
    sections.push(Section {
        title: SITUATION.into(),
        blocks: narrative_blocks(&slot(NarrativeSlot::Section(1)), r, &[SITUATION]),
    });
    // II. Công tác chỉ đạo, triển khai.
    const DIRECTION: &str = "Công tác chỉ đạo, triển khai";
    let mut blocks = list_marks(r.directives.iter().map(words::directive_text).collect());
    blocks.extend(narrative_blocks(&slot(NarrativeSlot::Section(2)), r, &[DIRECTION]));
    sections.push(Section {
        title: DIRECTION.into(),
        blocks,
    });
    // III. Kết quả hoạt động.
    const RESULTS: &str = "Kết quả hoạt động";
    let mut blocks = narrative_blocks(&slot(NarrativeSlot::Section(3)), r, &[RESULTS]);
    if !r.activities.is_empty() {
        blocks.push(Block::Table(activity_table(r)));
        if let Some(s) = totals_sentence(r) {
            blocks.push(Block::Text(s));
        }
    }
    sections.push(Section {
        title: RESULTS.into(),
        blocks,
    });
    // IV. Hiệu quả hoạt động.
    const EFFECT: &str = "Hiệu quả hoạt động";
    let mut blocks = list_marks(r.indicators.iter().map(|i| words::indicator_text(i, r.period.as_ref())).collect());
    blocks.extend(narrative_blocks(&slot(NarrativeSlot::Section(4)), r, &[EFFECT]));
    sections.push(Section {
        title: EFFECT.into(),
        blocks,
    });
    // V. Phương hướng, nhiệm vụ.
    let next = r.period.and_then(|p| words::next_period(&p)).map(|p| p.label_lower());
    let title = match next {
        Some(n) => format!("Phương hướng, nhiệm vụ {n}"),
        None => "Phương hướng, nhiệm vụ kỳ tới".to_string(),
    };
    // "Phương hướng, nhiệm vụ" without the period also names the section.
    let blocks = narrative_blocks(&slot(NarrativeSlot::Section(5)), r, &[&title, "Phương hướng, nhiệm vụ"]);
    sections.push(Section { title, blocks });
    // The ward's own sections, in their order; the first title names the
    // section (the reader gives an untitled one its Mục as title).
    for (s, paras) in &by_slot {
        if let NarrativeSlot::Section(n) = s {
            if *n == 0 || *n > 5 {
                let title = paras
                    .iter()
                    .find_map(|p| p.title.as_deref().map(str::trim).filter(|t| !t.is_empty()))
                    .unwrap_or("Nội dung khác")
                    .to_string();
                let blocks = narrative_blocks(paras, r, &[&title]);
                sections.push(Section { title, blocks });
            }
        }
    }

    let closing = {
        let paras = slot(NarrativeSlot::Closing);
        if paras.is_empty() {
            vec![Block::Text(format!(
                "Trên đây là báo cáo kết quả hoạt động {} của {}.",
                ky,
                centre_name(r)
            ))]
        } else {
            narrative_blocks(&paras, r, &[])
        }
    };

    let title = match doc.title.as_deref().map(str::trim).filter(|t| !t.is_empty()) {
        Some(t) => t.to_string(),
        None => match r.period {
            Some(p) => format!("Kết quả hoạt động Trung tâm học tập cộng đồng {}", p.label_lower()),
            None => "Kết quả hoạt động Trung tâm học tập cộng đồng".to_string(),
        },
    };
    let copies_to = if doc.copies_to.is_empty() {
        vec!["Như trên".to_string(), "Lưu: VT".to_string()]
    } else {
        doc.copies_to.clone()
    };

    DocSpec {
        authority: r.unit.authority.clone(),
        issuer: r.unit.issuer.clone(),
        number: doc.number.clone(),
        place: doc.place.clone(),
        date: doc.date,
        year_hint: r.period.map(|p| p.year),
        kind: "BÁO CÁO".to_string(),
        title,
        recipients: doc.recipients.clone(),
        opening,
        sections,
        closing,
        copies_to,
        signer: doc.signer.clone(),
        appendices: Vec::new(),
        mark: Some(crate::mark::Mark::Report),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_fill_and_refuse_unknown_names() {
        let r = crate::example::kim_son_2018();
        assert_eq!(
            fill_placeholders(
                "{tong_so_lop} lớp, {tong_luot_nguoi} lượt, nữ {tong_nu}, {ky_bao_cao} / {ky_truoc}",
                &r
            )
            .unwrap(),
            "70 lớp, 6.778 lượt, nữ …, năm 2018 / năm 2017"
        );
        assert_eq!(
            fill_placeholders("{ don_vi } - {dia_ban} - {so_hoat_dong}", &r).unwrap(),
            "TTHTCĐ PHƯỜNG KIM SƠN - Phường Kim Sơn - 9"
        );
        assert_eq!(fill_placeholders("{tong_lop}", &r), Err("tong_lop".to_string()));
        assert_eq!(fill_placeholders("a {b c} {", &r).unwrap(), "a {b c} {");
        for (name, _) in PLACEHOLDERS {
            assert!(fill_placeholders(&format!("{{{name}}}"), &r).is_ok(), "{name}");
        }
    }

    #[test]
    fn sections_follow_the_plan() {
        let r = crate::example::kim_son_2018();
        let d = doc_spec(&r);
        let titles: Vec<_> = d
            .sections
            .iter()
            .filter(|s| !s.blocks.is_empty())
            .map(|s| s.title.as_str())
            .collect();
        assert_eq!(
            titles,
            [
                "Đặc điểm tình hình",
                "Công tác chỉ đạo, triển khai",
                "Kết quả hoạt động",
                "Hiệu quả hoạt động",
                "Phương hướng, nhiệm vụ năm 2019"
            ]
        );
    }
}
