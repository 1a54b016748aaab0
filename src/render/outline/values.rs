//! A [`Report`] as the values of an outline's placeholders: the same texts
//! the built-in report prints (its [`DocSpec`], its activity table, its
//! narrative grouped by Mục), so that an outline and the built-in layout
//! never say different things.

use super::fill::{Gen, Values};
use crate::model::{NarrativeSlot, Paragraph, Report};
use crate::render::docx::build::{self, date_text, number_text, place_date_line, recipient_items};
use crate::render::docx::xml::{self, Element, Node};
use crate::render::docx::{self as docx, words, Block, DocSpec, TableSpec};

/// What an unknown or missing value prints as, as in the built-in report.
const MISSING: &str = "…";

pub struct ReportValues<'a> {
    report: &'a Report,
    spec: DocSpec,
    /// The consolidated report's per-unit tables (its appendix); empty for a ward.
    by_unit: &'a [Block],
}

impl<'a> ReportValues<'a> {
    pub fn new(report: &'a Report, by_unit: &'a [Block]) -> ReportValues<'a> {
        ReportValues {
            report,
            spec: docx::doc_spec(report),
            by_unit,
        }
    }

    /// Paragraphs of one Mục with the section's own titles (how the plan
    /// names it), as the built-in report groups them.
    fn slot(&self, n: u8) -> Vec<Block> {
        let paras: Vec<&Paragraph> = self
            .report
            .narrative
            .iter()
            .filter(|p| p.slot == NarrativeSlot::Section(n))
            .collect();
        let mut own: Vec<&str> = self
            .spec
            .sections
            .get(usize::from(n) - 1)
            .map(|s| s.title.as_str())
            .into_iter()
            .collect();
        if n == 5 {
            own.push("Phương hướng, nhiệm vụ");
        }
        docx::narrative_blocks(&paras, self.report, &own)
    }
}

fn given(v: &Option<String>) -> Option<&str> {
    v.as_deref().map(str::trim).filter(|s| !s.is_empty())
}

/// Blocks as generated paragraphs: bullets with their dash, subsection
/// titles numbered within the block, tables built as in the built-in report.
fn gens(blocks: &[Block], width: i32) -> Vec<Gen> {
    let mut sub = 0;
    blocks
        .iter()
        .filter_map(|b| match (b, build::block_text(b, &mut sub)) {
            (Block::Heading(_), Some(t)) => Some(Gen::Heading(t)),
            (_, Some(t)) => Some(Gen::Text(t)),
            (Block::Table(t), None) => table(t, width).map(Gen::Table),
            _ => None,
        })
        .collect()
}

/// The activity table as the built-in report builds it, as a `w:tbl`
/// element: docx-rs's XML with the same repairs the report's parts get
/// (schema order, repeated header rows). Paragraph ids are dropped: the
/// outline's numbering of them is its own, and its root may not declare w14.
pub fn table(t: &TableSpec, width: i32) -> Option<Element> {
    use docx_rs::BuildXML;
    let bytes = build::table(t, width).build();
    let text = String::from_utf8(bytes).ok()?;
    let mut doc = xml::parse(&text).ok()?;
    xml::inject_table_headers(&mut doc.root);
    xml::drop_disallowed_attrs(&mut doc.root);
    xml::reorder(&mut doc.root);
    drop_w14(&mut doc.root);
    Some(doc.root)
}

fn drop_w14(e: &mut Element) {
    e.attrs.retain(|(k, _)| !k.starts_with("w14:"));
    for n in e.children.iter_mut() {
        if let Node::Elem(c) = n {
            drop_w14(c);
        }
    }
}

impl Values for ReportValues<'_> {
    fn inline(&self, name: &str) -> String {
        let d = &self.spec;
        let date = d.date;
        use chrono::Datelike;
        match name {
            "co_quan_cap_tren" => given(&d.authority).unwrap_or("").to_string(),
            "so_ky_hieu" => number_text(d),
            "dia_danh" => given(&d.place).unwrap_or(MISSING).to_string(),
            "ngay_thang" => place_date_line(d),
            // The parts as date_words writes them ("ngày 05 tháng 02 năm 2019").
            "ngay" | "thang" | "nam" => {
                let words = date_text(d);
                let mut it = words.split_whitespace();
                let mut part = |label: &str| {
                    it.by_ref()
                        .skip_while(|w| *w != label)
                        .nth(1)
                        .map(str::to_string)
                        .unwrap_or_default()
                };
                match (name, date) {
                    ("ngay", Some(_)) => part("ngày"),
                    ("thang", Some(_)) => part("tháng"),
                    ("nam", Some(x)) => x.year().to_string(),
                    ("nam", None) => d.year_hint.map(|y| y.to_string()).unwrap_or_default(),
                    // Room to write by hand, as on the built-in date line.
                    _ => "     ".to_string(),
                }
            }
            "trich_yeu" => d.title.trim().to_string(),
            "kinh_gui" => recipient_items(d)
                .iter()
                .map(|r| r.trim_start_matches("- ").trim_end_matches([';', '.', ',']).to_string())
                .collect::<Vec<_>>()
                .join("; "),
            "ky_thay_mat" => given(&d.signer.authority).unwrap_or("").to_string(),
            "chuc_vu" => given(&d.signer.title).unwrap_or(MISSING).to_string(),
            "nguoi_ky" => given(&d.signer.name).unwrap_or(MISSING).to_string(),
            _ => docx::value_of(name, self.report).unwrap_or_default(),
        }
    }

    fn block(&self, name: &str, width: i32) -> Vec<Gen> {
        let r = self.report;
        let blocks = match name {
            "bang_hoat_dong" if r.activities.is_empty() => Vec::new(),
            "bang_hoat_dong" => vec![Block::Table(docx::activity_table(r))],
            "chi_tieu" => docx::list_marks(r.indicators.iter().map(|i| words::indicator_text(i, r.period.as_ref())).collect()),
            "van_ban" => docx::list_marks(r.directives.iter().map(words::directive_text).collect()),
            "bang_don_vi" => self.by_unit.to_vec(),
            "muc:mo_dau" => self.spec.opening.clone(),
            "muc:ket_luan" => self.spec.closing.clone(),
            "muc:dac_diem" => self.slot(1),
            "muc:chi_dao" => self.slot(2),
            "muc:ket_qua" => self.slot(3),
            "muc:hieu_qua" => self.slot(4),
            "muc:phuong_huong" => self.slot(5),
            // The ward's own sections, each under its title.
            "muc:khac" => {
                let mut out = Vec::new();
                for s in self.spec.sections.iter().skip(5).filter(|s| !s.blocks.is_empty()) {
                    out.push(Gen::Heading(words::upper(s.title.trim())));
                    out.extend(gens(&s.blocks, width));
                }
                return out;
            }
            _ => Vec::new(),
        };
        gens(&blocks, width)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kim_son_values_are_those_of_the_built_in_report() {
        let r = crate::example::kim_son_2018();
        let v = ReportValues::new(&r, &[]);
        assert_eq!(v.inline("ngay_thang"), "Kim Sơn, ngày 26 tháng 11 năm 2018");
        assert_eq!(
            (v.inline("ngay"), v.inline("thang"), v.inline("nam")),
            ("26".into(), "11".into(), "2018".into())
        );
        assert_eq!(v.inline("tong_luot_nguoi"), "6.778");
        assert_eq!(v.inline("don_vi"), "TTHTCĐ PHƯỜNG KIM SƠN");
        let Gen::Table(t) = &v.block("bang_hoat_dong", 9000)[0] else {
            panic!()
        };
        let x = xml::serialize(&xml::XmlDoc {
            prolog: Vec::new(),
            root: t.clone(),
        });
        assert!(
            x.starts_with("<w:tbl>") && x.contains("<w:tblHeader/>") && x.contains(">6.778<"),
            "{x}"
        );
        assert!(!x.contains("w14:"), "{x}");
        let directives = v.block("van_ban", 9000);
        assert_eq!(directives.len(), r.directives.len());
        assert!(matches!(&directives[0], Gen::Text(t) if t.starts_with("- ")));
    }

    #[test]
    fn an_undated_report_leaves_room_for_the_date() {
        let mut r = crate::example::kim_son_2018();
        r.document.date = None;
        r.document.number = None;
        let v = ReportValues::new(&r, &[]);
        assert_eq!(v.inline("ngay"), "     ");
        assert_eq!(v.inline("nam"), "2018");
        assert_eq!(v.inline("so_ky_hieu"), "       /BC");
    }
}
