//! Temporary: replaced by the consolidation branch's JSON module.
use serde_json::{json, Value};

use crate::diag::{Diagnostic, Lang};
use crate::model::Report;

pub fn report_json(path: &str, r: &Report, diags: &[Diagnostic], lang: Lang) -> Value {
    let mut ds = diags.to_vec();
    ds.iter_mut().for_each(|d| d.localize(lang));
    json!({"path": path, "report": r, "totals": r.totals(), "diagnostics": ds})
}
