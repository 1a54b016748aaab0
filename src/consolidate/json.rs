//! `consolidate --json` (cli.md): the files, each with its status, and the summary.

use serde_json::{json, Map, Value};

use super::*;
use crate::diag::Lang;
use crate::json as j;

impl LeftOut {
    /// Why, in words, for the "reason" field and the "Nguồn" sheet.
    pub fn reason(&self, lang: Lang) -> String {
        match (self, lang) {
            (LeftOut::Unreadable, Lang::Vi) => "không đọc được tệp".into(),
            (LeftOut::Unreadable, Lang::En) => "the file cannot be read".into(),
            (LeftOut::Errors, Lang::Vi) => "tệp có lỗi".into(),
            (LeftOut::Errors, Lang::En) => "the file has errors".into(),
            (LeftOut::UnitUnknown, Lang::Vi) => "không rõ đơn vị hoặc kỳ báo cáo".into(),
            (LeftOut::UnitUnknown, Lang::En) => "unknown unit or period".into(),
            (LeftOut::Duplicate { of }, Lang::Vi) => format!("giống hệt tệp {of}"),
            (LeftOut::Duplicate { of }, Lang::En) => format!("identical to {of}"),
            (LeftOut::PeriodLarger, Lang::Vi) => "kỳ lớn hơn kỳ tổng hợp".into(),
            (LeftOut::PeriodLarger, Lang::En) => "period larger than the summary's".into(),
            (LeftOut::PeriodOutside, Lang::Vi) => "kỳ nằm ngoài kỳ tổng hợp".into(),
            (LeftOut::PeriodOutside, Lang::En) => "period outside the summary's".into(),
            (LeftOut::DoubleCount { with }, Lang::Vi) => {
                format!("trùng thời gian với {}", with.join(", "))
            }
            (LeftOut::DoubleCount { with }, Lang::En) => {
                format!("overlaps in time with {}", with.join(", "))
            }
            (LeftOut::Ours, Lang::Vi) => "tổng hợp hoặc báo cáo do baocao ghi, không phải sổ đơn vị".into(),
            (LeftOut::Ours, Lang::En) => "a summary or report written by baocao, not a unit's workbook".into(),
        }
    }
}

fn triple(m: &mut Map<String, Value>, t: &Totals) {
    m.insert("classes".into(), json!(t.classes));
    m.insert("participants".into(), json!(t.participants));
    m.insert("female".into(), json!(t.female));
}

fn file_json(c: &Consolidation, f: &FileEntry, lang: Lang) -> Value {
    let diagnostics = c.file_diagnostics(f);
    let mut v = match c.file_report(f) {
        Some(r) => j::report_json(&f.path, &r, &diagnostics, lang),
        None => json!({
            "path": f.path, "unit": null, "period": null, "document": null, "activities": [],
            "totals": null, "indicators": [], "directives": [], "unused": [],
            "diagnostics": diagnostics.iter().map(|d| j::diagnostic(d, lang)).collect::<Vec<_>>(),
        }),
    };
    if let Value::Object(m) = &mut v {
        let (status, reason) = match &f.status {
            Status::Used => ("used", Value::Null),
            Status::LeftOut(w) => ("left_out", Value::from(w.reason(lang))),
        };
        m.insert("status".into(), Value::from(status));
        m.insert("reason".into(), reason);
        m.insert(
            "sha256".into(),
            if f.sha256.is_some() {
                Value::from(f.sha256_hex())
            } else {
                Value::Null
            },
        );
    }
    v
}

impl Consolidation {
    /// The object `consolidate --json` prints: `files` and `summary` (cli.md).
    /// Values not reported are null, never 0. Beyond cli.md, each file carries
    /// its "sha256" and the summary its own "diagnostics" (coverage, kinds).
    pub fn to_json(&self, lang: Lang) -> Value {
        json!({
            "files": self.files.iter().map(|f| file_json(self, f, lang)).collect::<Vec<_>>(),
            "summary": self.summary_json(lang),
        })
    }

    /// Writes [`Consolidation::to_json`] as `serde_json::to_string_pretty`
    /// would, byte for byte, one file at a time: the whole tree of 10,000
    /// files would take hundreds of MB.
    pub fn write_json_pretty(&self, lang: Lang, out: &mut dyn std::io::Write) -> std::io::Result<()> {
        // Each value is printed on its own and indented to its depth; the
        // pretty printer's only raw line breaks are its own (strings escape theirs).
        fn nested(out: &mut dyn std::io::Write, v: &Value, indent: &str) -> std::io::Result<()> {
            let text = serde_json::to_string_pretty(v).map_err(std::io::Error::other)?;
            for (i, line) in text.split('\n').enumerate() {
                if i > 0 {
                    out.write_all(b"\n")?;
                    out.write_all(indent.as_bytes())?;
                }
                out.write_all(line.as_bytes())?;
            }
            Ok(())
        }
        out.write_all(b"{\n  \"files\": [")?;
        for (i, f) in self.files.iter().enumerate() {
            out.write_all(if i == 0 { b"\n    " } else { b",\n    " })?;
            nested(out, &file_json(self, f, lang), "    ")?;
        }
        if !self.files.is_empty() {
            out.write_all(b"\n  ")?;
        }
        out.write_all(b"],\n  \"summary\": ")?;
        nested(out, &self.summary_json(lang), "  ")?;
        out.write_all(b"\n}")
    }

    fn summary_json(&self, lang: Lang) -> Value {
        let by_unit: Vec<Value> = self
            .units
            .iter()
            .map(|u| {
                let mut m = Map::new();
                m.insert("unit".into(), Value::from(u.name.as_str()));
                m.insert("code".into(), json!(u.code));
                if u.label != u.name {
                    m.insert("label".into(), Value::from(u.label.as_str()));
                }
                if !u.predecessors.is_empty() {
                    m.insert("predecessors".into(), json!(u.predecessors));
                }
                if !u.divided_among.is_empty() {
                    m.insert("divided_among".into(), json!(u.divided_among));
                }
                m.insert("covered".into(), json!(u.covered.iter().map(Period::machine).collect::<Vec<_>>()));
                m.insert("expected".into(), json!(u.expected.iter().map(Period::machine).collect::<Vec<_>>()));
                triple(&mut m, &u.totals);
                Value::Object(m)
            })
            .collect();
        let by_period: Vec<Value> = self
            .by_period
            .iter()
            .map(|row| {
                let mut m = Map::new();
                m.insert("period".into(), Value::from(row.period.machine()));
                triple(&mut m, &row.totals);
                Value::Object(m)
            })
            .collect();
        let by_category: Vec<Value> = self
            .categories
            .iter()
            .zip(&self.by_category)
            .map(|(c, t)| {
                let mut m = Map::new();
                m.insert("code".into(), json!(c.code));
                m.insert("name".into(), Value::from(c.name.as_str()));
                triple(&mut m, t);
                Value::Object(m)
            })
            .collect();
        let indicators: Vec<Value> = self
            .indicators
            .iter()
            .map(|i| {
                let mut m = Map::new();
                m.insert("name".into(), Value::from(i.name.as_str()));
                m.insert("unit".into(), json!(i.unit));
                m.insert("kind".into(), json!(i.kind));
                m.insert("total".into(), j::opt_num(i.total));
                if i.kind == IndicatorKind::Rate {
                    m.insert("min".into(), j::opt_num(i.min));
                    m.insert("max".into(), j::opt_num(i.max));
                    m.insert("median".into(), j::opt_num(i.median));
                }
                let rows: Vec<Value> = self
                    .units
                    .iter()
                    .zip(&i.by_unit)
                    .map(|(u, v)| json!({"unit": u.name, "value": j::opt_num(*v)}))
                    .collect();
                m.insert("by_unit".into(), Value::Array(rows));
                Value::Object(m)
            })
            .collect();
        let mut out = json!({
            "period": j::period(self.period.as_ref()),
            "totals": j::totals(&self.totals),
            "by_unit": by_unit,
            "by_period": by_period,
            "by_category": by_category,
            "indicators": indicators,
            "diagnostics": self.diagnostics.iter().map(|d| j::diagnostic(d, lang)).collect::<Vec<_>>(),
        });
        if let (Some(p), Some(o)) = (&self.previous, out.as_object_mut()) {
            o.insert("compare".into(), self.compare_json(p));
        }
        out
    }

    /// The same period a year before: its totals, each unit's (null: no
    /// previous data) and each indicator's, in today's units.
    fn compare_json(&self, p: &super::compare::Comparison) -> Value {
        let units: Vec<Value> = self
            .units
            .iter()
            .zip(&p.by_unit)
            .map(|(u, t)| json!({"unit": u.name, "previous": t.as_ref().map(j::totals)}))
            .collect();
        let indicators: Vec<Value> = self
            .indicators
            .iter()
            .zip(&p.indicators)
            .map(|(i, v)| json!({"name": i.name, "previous": j::opt_num(*v)}))
            .collect();
        let only: Vec<Value> = p
            .only_previous
            .iter()
            .map(|(l, t)| json!({"label": l, "previous": j::totals(t)}))
            .collect();
        json!({
            "period": j::period(Some(&p.period)),
            "used": p.used,
            "totals": j::totals(&p.totals),
            "by_unit": units,
            "indicators": indicators,
            "only_previous": only,
        })
    }
}
