//! `--outline`: the office's own outline for `report` and `consolidate
//! --report`, and `template --outline` for a starting one. The work is in
//! [`baocao::render::outline`]; here the outline is read and checked before
//! the work, its faults printed, and the exit codes decided: an outline
//! that cannot be read is exit 2 (like an unreadable workbook), faults in
//! its placeholders exit 1 (input errors). Nothing is written on either.

use std::path::{Path, PathBuf};

use clap::{Arg, ArgMatches};

use super::{out_fail, outputs_ok, shown, t, Ui, CANNOT_RUN, INPUT_ERRORS, OK};
use baocao::diag::{Lang, Severity};
use baocao::output::{OutputKind, Planned};
use baocao::render::outline;

fn outline_arg(help: &'static str) -> Arg {
    Arg::new("outline")
        .long("outline")
        .value_name("DE-CUONG.docx")
        .value_parser(clap::value_parser!(PathBuf))
        .help(help)
}

/// The `--outline` option of `report` and `consolidate`.
pub fn arg(lang: Lang) -> Arg {
    outline_arg(t(
        lang,
        "đề cương Word của cơ quan cấp trên, có ô chờ {…}: báo cáo theo đúng đề cương đó",
        "the office's Word outline with {…} placeholders: the report follows it",
    ))
}

/// The `--outline` option of `template`: where to write the starting outline.
pub fn template_arg(lang: Lang) -> Arg {
    outline_arg(t(
        lang,
        "ghi đề cương mẫu (.docx) có đủ các ô chờ, thay cho sổ mẫu",
        "write the starting outline (.docx) with every placeholder, instead of the workbook",
    ))
}

/// An outline that has been read and checked, ready to fill.
pub struct Loaded {
    path: PathBuf,
    bytes: Vec<u8>,
    limits: baocao::Limits,
}

fn limits(m: &ArgMatches) -> baocao::Limits {
    outline::limits(m.get_flag("no-limits"))
}

fn print_failure(ui: &Ui, path: &Path, f: outline::Failure, verbose: bool) -> i32 {
    ui.print_diagnostics(&mut std::io::stderr(), &shown(path), &f.diagnostics, verbose);
    if f.unreadable {
        return CANNOT_RUN;
    }
    eprintln!(
        "{}",
        ui.tr(
            "Đề cương có lỗi: chưa lập báo cáo. Sửa các đoạn trên trong đề cương rồi chạy lại.",
            "The outline has errors: no report was written. Fix the paragraphs above in the outline and run again."
        )
    );
    INPUT_ERRORS
}

/// Reads and checks the outline `--outline` names, if any: `Err(code)`
/// after printing why it cannot be used.
pub fn load(m: &ArgMatches, ui: &Ui) -> Result<Option<Loaded>, i32> {
    let Some(path) = m.get_one::<PathBuf>("outline").cloned() else {
        return Ok(None);
    };
    let verbose = m.get_flag("verbose");
    let limits = limits(m);
    let bytes = outline::read(&path, &limits).map_err(|f| print_failure(ui, &path, f, verbose))?;
    outline::check(&bytes, &limits).map_err(|f| print_failure(ui, &path, f, verbose))?;
    Ok(Some(Loaded { path, bytes, limits }))
}

impl Loaded {
    /// The path, to be kept from being overwritten as an output.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The outline filled from `report` (and `by_unit`, the consolidated
    /// report's per-unit tables), its notes printed with `--verbose`.
    pub fn fill(
        &self,
        report: &baocao::Report,
        by_unit: &[baocao::render::docx::Block],
        mark: baocao::mark::Mark,
        ui: &Ui,
        verbose: bool,
    ) -> Result<Vec<u8>, i32> {
        match outline::fill(&self.bytes, report, by_unit, mark, &self.limits) {
            Ok(f) => {
                // Notes only with --verbose, as for a workbook.
                if f.notes.iter().any(|d| verbose || d.severity != Severity::Note) {
                    ui.print_diagnostics(&mut std::io::stderr(), &shown(&self.path), &f.notes, verbose);
                }
                Ok(f.bytes)
            }
            Err(f) => Err(print_failure(ui, &self.path, f, verbose)),
        }
    }
}

/// `template --outline FILE.docx`.
pub fn template(out: &Path, m: &ArgMatches, ui: &Ui) -> i32 {
    if let Err(code) = outputs_ok(&[Planned::new(out, OutputKind::OutlineTemplate)], &[], m, ui) {
        return code;
    }
    let bytes = match outline::template::starting_outline() {
        Ok(b) => b,
        Err(e) => return ui.fail(e.to_string(), e.to_string()),
    };
    if let Err(e) = baocao::output::write_atomic(out, &bytes) {
        return out_fail(ui, &e);
    }
    eprintln!("{} {}", ui.tr("Đã ghi đề cương mẫu", "Wrote the starting outline"), shown(out));
    OK
}
