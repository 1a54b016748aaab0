//! Diagnostics are data: severity, stable code, location, message in two
//! languages. They are rendered for people or as JSON only at the edge.

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::source::Source;

/// How bad a finding is. `Error` stops the output; a `Warning` is printed and
/// the output is written; a `Note` is shown with `--verbose` and in JSON.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    Note,
    Warning,
    Error,
}

impl Severity {
    pub fn label(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (Severity::Error, Lang::Vi) => "lỗi",
            (Severity::Warning, Lang::Vi) => "cảnh báo",
            (Severity::Note, Lang::Vi) => "ghi chú",
            (Severity::Error, Lang::En) => "error",
            (Severity::Warning, Lang::En) => "warning",
            (Severity::Note, Lang::En) => "note",
        }
    }
}

/// Language of messages and generated text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Hash)]
pub enum Lang {
    #[default]
    Vi,
    En,
}

/// One finding about an input.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Diagnostic {
    pub severity: Severity,
    /// Stable code such as `E-COUNT-NOT-INTEGER`; documented in `docs/diagnostics.md`.
    pub code: &'static str,
    /// The input file, when the diagnostic is about one of several.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub file: Option<String>,
    pub sheet: Option<String>,
    /// A1 notation.
    pub cell: Option<String>,
    /// For Thông tin items and config keys: the label instead of a cell.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
    /// The message in Vietnamese (serialised as "message"; JSON output picks
    /// the language asked for with [`Diagnostic::text`]).
    #[serde(rename = "message")]
    pub message_vi: String,
    /// The message in English.
    #[serde(skip)]
    pub message_en: String,
}

impl Diagnostic {
    /// A diagnostic with the severity of its code in [`crate::codes::CODES`].
    pub fn new(code: &'static str, vi: impl Into<String>, en: impl Into<String>) -> Diagnostic {
        Diagnostic {
            severity: crate::codes::severity_of(code),
            code,
            file: None,
            sheet: None,
            cell: None,
            label: None,
            message_vi: vi.into(),
            message_en: en.into(),
        }
    }

    /// Points the diagnostic at a cell.
    pub fn at(mut self, src: &Source) -> Diagnostic {
        self.sheet = Some(src.sheet.to_string());
        self.cell = Some(src.cell.to_string());
        self
    }

    /// Points at an optional cell (a value from the config file has none).
    pub fn at_opt(self, src: Option<&Source>) -> Diagnostic {
        match src {
            Some(s) => self.at(s),
            None => self,
        }
    }

    /// Points at a sheet as a whole.
    pub fn in_sheet(mut self, sheet: &str) -> Diagnostic {
        self.sheet = Some(sheet.to_string());
        self
    }

    /// Names a Thông tin item or config key.
    pub fn with_label(mut self, label: impl Into<String>) -> Diagnostic {
        self.label = Some(label.into());
        self
    }

    pub fn in_file(mut self, file: impl Into<String>) -> Diagnostic {
        self.file = Some(file.into());
        self
    }

    pub fn text(&self, lang: Lang) -> &str {
        match lang {
            Lang::Vi => &self.message_vi,
            Lang::En => &self.message_en,
        }
    }

    /// `Hoạt động!D7`, `Thông tin › Người ký`, or empty.
    pub fn place(&self) -> String {
        match (&self.sheet, &self.cell, &self.label) {
            (Some(s), Some(c), _) => format!("{s}!{c}"),
            (Some(s), None, Some(l)) => format!("{s} › {l}"),
            (None, _, Some(l)) => l.clone(),
            (Some(s), None, None) => s.clone(),
            (None, Some(c), None) => c.clone(),
            (None, None, None) => String::new(),
        }
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

impl fmt::Display for Diagnostic {
    /// `Hoạt động!D7: "12,5" không phải số nguyên … [E-COUNT-NOT-INTEGER]`
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let place = self.place();
        if place.is_empty() {
            write!(f, "{} [{}]", self.message_vi, self.code)
        } else {
            write!(f, "{}: {} [{}]", place, self.message_vi, self.code)
        }
    }
}

/// Whether any diagnostic is an error.
pub fn has_errors(diags: &[Diagnostic]) -> bool {
    diags.iter().any(Diagnostic::is_error)
}
