//! # baocao
//!
//! Reads the Excel workbooks that Vietnamese ward offices keep for their
//! Community Learning Centre (TTHTCĐ), checks them cell by cell, writes the
//! official report (`.docx`, Decree 30/2020/NĐ-CP) and consolidates many
//! workbooks into a summary `.xlsx`.
//!
//! The pipeline, as in pandoc: [`read`] (calamine cells → located raw tables)
//! → [`normalize`] (text, numbers, dates, periods, legacy encodings) →
//! [`model`] (one [`Report`] per workbook) → [`validate`] (diagnostics) →
//! [`render`] (`.docx`, `.xlsx`) and [`consolidate`].
//!
//! ```no_run
//! let checked = baocao::check_file(std::path::Path::new("kim-son-2018.xlsx"), &baocao::Options::default())?;
//! assert_eq!(checked.report.totals().participants, Some(6778));
//! # Ok::<(), baocao::FileError>(())
//! ```

pub mod codes;
pub mod config;
pub mod consolidate;
pub mod diag;
pub mod dvhc;
pub mod example;
pub mod fs_error;
pub mod json;
pub mod mark;
pub mod model;
pub mod normalize;
pub mod output;
pub mod period;
pub mod phases;
pub mod read;
pub mod render;
pub mod source;
pub mod template;
pub mod validate;
pub mod web;

pub use config::Config;
pub use diag::{Diagnostic, Lang, Severity};
pub use model::Report;
pub use period::Period;
pub use read::{FileError, Limits};

/// What a check needs besides the file.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// Items the workbook may lack (Thông tin, layout).
    pub config: Option<Config>,
    /// Bounds on what one untrusted file may cost.
    pub limits: Limits,
}

/// A workbook read, normalised and validated.
#[derive(Debug, Clone)]
pub struct Checked {
    pub report: Report,
    /// Every finding, errors first within each sheet, in reading order.
    pub diagnostics: Vec<Diagnostic>,
}

impl Checked {
    pub fn has_errors(&self) -> bool {
        diag::has_errors(&self.diagnostics)
    }
}

/// Reads, normalises and validates one workbook held in memory. `name` is its
/// file name (the extension tells the format when the bytes do not).
/// The file-size limit applies here too, so bytes that did not come from
/// [`read::load`] (an upload) are bounded the same way.
pub fn check_bytes(bytes: &[u8], name: &str, opts: &Options) -> Result<Checked, FileError> {
    too_large(bytes, opts)?;
    if mark::mark_of(std::io::Cursor::new(bytes)).is_some() {
        return Err(FileError::Ours);
    }
    check_unmarked_bytes(bytes, name, opts)
}

/// [`check_bytes`] of bytes whose mark was already looked for (a
/// consolidation looks once, to list its own outputs apart).
pub(crate) fn check_unmarked_bytes(bytes: &[u8], name: &str, opts: &Options) -> Result<Checked, FileError> {
    too_large(bytes, opts)?;
    let (mut report, mut diagnostics) = read::read_bytes(bytes, name, &opts.limits)?;
    if let Some(cfg) = &opts.config {
        cfg.fill(&mut report);
    }
    diagnostics.extend(validate::validate(&report));
    Ok(Checked { report, diagnostics })
}

fn too_large(bytes: &[u8], opts: &Options) -> Result<(), FileError> {
    if bytes.len() as u64 > opts.limits.file_bytes {
        return Err(FileError::TooLarge(format!(
            "{} byte > {} byte",
            bytes.len(),
            opts.limits.file_bytes
        )));
    }
    Ok(())
}

/// Reads, normalises and validates one workbook file.
pub fn check_file(path: &std::path::Path, opts: &Options) -> Result<Checked, FileError> {
    let bytes = read::load(path, &opts.limits)?;
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    check_bytes(&bytes, &name, opts)
}
