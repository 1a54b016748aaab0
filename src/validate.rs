//! Model → diagnostics: the checks of validation.md that need the whole report
//! (cell-level problems are found while reading, where the raw text is at hand).

use crate::diag::Diagnostic;
use crate::model::Report;

/// Every check on a report that was read.
pub fn validate(report: &Report) -> Vec<Diagnostic> {
    let _ = report;
    Vec::new()
}
