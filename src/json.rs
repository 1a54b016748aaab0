//! The JSON of `check --json` and `consolidate --json` (cli.md): one place
//! builds it, so both commands print the same field names and the same nulls.

use serde_json::{json, Map, Value};

use crate::diag::{Diagnostic, Lang};
use crate::model::{Activity, Date, Directive, Document, Indicator, Report, Totals, Unit, Unused};
use crate::period::Period;

/// A number as JSON: integral values print as integers (2, not 2.0), as in
/// cli.md; a value that is not finite (never produced by the reader) is null.
pub fn num(v: f64) -> Value {
    if !v.is_finite() {
        return Value::Null;
    }
    if v.fract() == 0.0 && v.abs() < 9.0e15 {
        return Value::from(v as i64);
    }
    serde_json::Number::from_f64(v).map(Value::Number).unwrap_or(Value::Null)
}

/// An optional number; `None` (not reported) is null, never 0.
pub fn opt_num(v: Option<f64>) -> Value {
    v.map(num).unwrap_or(Value::Null)
}

fn opt_date(d: Option<Date>) -> Value {
    d.map(|d| Value::from(d.to_string())).unwrap_or(Value::Null)
}

/// A period as cli.md shows it, or null.
pub fn period(p: Option<&Period>) -> Value {
    p.and_then(|p| serde_json::to_value(p).ok()).unwrap_or(Value::Null)
}

pub fn unit(u: &Unit) -> Value {
    json!({"authority": u.authority, "issuer": u.issuer, "area": u.area, "code": u.code})
}

pub fn document(d: &Document) -> Value {
    json!({
        "number": d.number,
        "place": d.place,
        "date": opt_date(d.date),
        "recipients": d.recipients,
        "copies_to": d.copies_to,
        "signer": {"authority": d.signer.authority, "title": d.signer.title, "name": d.signer.name},
    })
}

pub fn totals(t: &Totals) -> Value {
    json!({"classes": t.classes, "participants": t.participants, "female": t.female})
}

pub fn activity(a: &Activity) -> Value {
    json!({"code": a.code(), "name": a.name, "classes": a.classes, "participants": a.participants, "female": a.female})
}

pub fn indicator(i: &Indicator) -> Value {
    json!({"name": i.name, "unit": i.unit, "value": opt_num(i.value), "previous": opt_num(i.previous), "kind": i.kind})
}

pub fn directive(d: &Directive) -> Value {
    json!({"number": d.number, "date": opt_date(d.date), "issuer": d.issuer, "summary": d.summary})
}

/// A sheet, block or cells the reader left unused, with the reason in `lang`.
pub fn unused(u: &Unused, lang: Lang) -> Value {
    let reason = match lang {
        Lang::Vi => &u.reason_vi,
        Lang::En => &u.reason_en,
    };
    json!({"sheet": u.sheet, "kind": u.kind, "range": u.range, "reason": reason})
}

/// A diagnostic with its message in `lang`; "label" and "file" only when set.
pub fn diagnostic(d: &Diagnostic, lang: Lang) -> Value {
    let mut m = Map::new();
    m.insert("severity".into(), json!(d.severity));
    m.insert("code".into(), Value::from(d.code));
    m.insert("sheet".into(), json!(d.sheet));
    m.insert("cell".into(), json!(d.cell));
    if let Some(l) = &d.label {
        m.insert("label".into(), Value::from(l.as_str()));
    }
    if let Some(f) = &d.file {
        m.insert("file".into(), Value::from(f.as_str()));
    }
    m.insert("message".into(), Value::from(d.text(lang)));
    Value::Object(m)
}

/// One file's object of `check --json` (cli.md): path, unit, period, document,
/// activities, totals, indicators, directives, diagnostics; and "unused":
/// the sheets, blocks and cells the reader did not use, and why.
pub fn report_json(path: &str, report: &Report, diags: &[Diagnostic], lang: Lang) -> Value {
    json!({
        "path": path,
        "unit": unit(&report.unit),
        "period": period(report.period.as_ref()),
        "document": document(&report.document),
        "activities": report.activities.iter().map(activity).collect::<Vec<_>>(),
        "totals": totals(&report.totals()),
        "indicators": report.indicators.iter().map(indicator).collect::<Vec<_>>(),
        "directives": report.directives.iter().map(directive).collect::<Vec<_>>(),
        "diagnostics": diags.iter().map(|d| diagnostic(d, lang)).collect::<Vec<_>>(),
        "unused": report.unused.iter().map(|u| unused(u, lang)).collect::<Vec<_>>(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kim_son_file_object_has_the_cli_shape() {
        let r = crate::example::kim_son_2018();
        let d = Diagnostic::new("W-FEMALE-MISSING", "Cột Nữ để trống.", "The Nữ column is empty.").in_sheet("Hoạt động");
        let v = report_json("kim-son.xlsx", &r, &[d], Lang::En);
        assert_eq!(v["path"], "kim-son.xlsx");
        assert_eq!(v["unit"]["area"], "Phường Kim Sơn");
        assert_eq!(v["unit"]["code"], Value::Null);
        assert_eq!(v["period"]["kind"], "year");
        assert_eq!(v["period"]["start"], "2018-01-01");
        assert_eq!(v["document"]["date"], "2018-11-26");
        assert_eq!(v["document"]["signer"]["name"], "Đặng Cương Quyết");
        assert_eq!(v["activities"][0]["code"], 1);
        assert_eq!(v["activities"][0]["classes"], Value::Null);
        assert_eq!(v["activities"][1]["participants"], 350);
        assert_eq!(v["totals"], json!({"classes": 70, "participants": 6778, "female": null}));
        assert_eq!(
            v["indicators"][4],
            json!({"name": "Số hộ nghèo", "unit": "hộ", "value": 2, "previous": 6, "kind": "stock"})
        );
        assert_eq!(v["indicators"][5]["value"], 0.08);
        assert_eq!(v["directives"][0]["date"], "2018-01-12");
        assert_eq!(v["diagnostics"][0]["severity"], "warning");
        assert_eq!(v["diagnostics"][0]["message"], "The Nữ column is empty.");
        assert!(v["diagnostics"][0].get("file").is_none());
    }
}
