//! PDF on the command line: `-o X.pdf` (or `--report X.pdf`) writes the PDF
//! alone, `--pdf` beside a .docx writes both (X.docx and X.pdf), `--pdfa`
//! makes the PDF a PDF/A-2b for archiving (and implies `--pdf`). The
//! conversion is [`baocao::render::pdf`]; the files go through
//! [`baocao::output`] like every other output.

use std::path::{Path, PathBuf};
use std::time::Duration;

use clap::{Arg, ArgAction, ArgMatches};

use baocao::diag::Lang;
use baocao::mark::Mark;
use baocao::output::{OutputKind, Planned};
use baocao::render::docx::DocSpec;
use baocao::render::pdf::{self, PdfError, PdfOptions};

/// `--pdf` and `--pdfa`. For `consolidate` they need `--report`.
pub fn args(lang: Lang, needs: Option<&'static str>) -> [Arg; 2] {
    let tr = |vi: &'static str, en: &'static str| if lang == Lang::En { en } else { vi };
    let mut pdf = Arg::new("pdf").long("pdf").action(ArgAction::SetTrue).help(tr(
        "ghi thêm bản PDF cạnh tệp .docx (cùng tên, đuôi .pdf; cần LibreOffice)",
        "also write a PDF beside the .docx (same name, .pdf; needs LibreOffice)",
    ));
    let mut pdfa = Arg::new("pdfa").long("pdfa").action(ArgAction::SetTrue).help(tr(
        "bản PDF là PDF/A-2b để lưu trữ (kèm --pdf nếu tệp ra là .docx)",
        "make the PDF a PDF/A-2b for archiving (implies --pdf with a .docx output)",
    ));
    if let Some(n) = needs {
        pdf = pdf.requires(n);
        pdfa = pdfa.requires(n);
    }
    [pdf, pdfa]
}

/// The files a report output stands for.
#[derive(Debug, Clone)]
pub struct Request {
    pub docx: Option<PathBuf>,
    pub pdf: Option<PathBuf>,
    /// PDF/A-2b rather than plain PDF.
    pub archive: bool,
}

impl Request {
    /// `out` as given to `-o` or `--report`: a `.pdf` name is the PDF alone;
    /// anything else is the .docx (its extension is checked with the other
    /// outputs), with the PDF beside it when `--pdf` or `--pdfa` is given.
    pub fn of(out: &Path, m: &ArgMatches) -> Request {
        let archive = m.get_flag("pdfa");
        let is_pdf = out
            .extension()
            .and_then(|e| e.to_str())
            .is_some_and(|e| e.eq_ignore_ascii_case("pdf"));
        if is_pdf {
            Request {
                docx: None,
                pdf: Some(out.to_path_buf()),
                archive,
            }
        } else {
            let beside = (m.get_flag("pdf") || archive).then(|| out.with_extension("pdf"));
            Request {
                docx: Some(out.to_path_buf()),
                pdf: beside,
                archive,
            }
        }
    }

    /// The outputs to check before any work, .docx first.
    pub fn planned(&self, docx: OutputKind, pdf: OutputKind) -> Vec<Planned> {
        let mut v: Vec<Planned> = self.docx.iter().map(|p| Planned::new(p, docx)).collect();
        v.extend(self.pdf.iter().map(|p| Planned::new(p, pdf)));
        v
    }
}

/// The LibreOffice found and the time limit, settled before any work so a
/// missing LibreOffice is said at once.
pub struct Converter {
    soffice: PathBuf,
    timeout: Duration,
}

impl Converter {
    pub fn find() -> Result<Converter, PdfError> {
        Ok(Converter {
            timeout: pdf::timeout_from_env()?,
            soffice: pdf::find_soffice()?,
        })
    }

    /// The PDF of `docx` (rendered from `spec`), carrying `mark`, the
    /// trích yếu as its title and the issuing office as its author.
    pub fn convert(&self, docx: &[u8], spec: &DocSpec, archive: bool, mark: Mark) -> Result<Vec<u8>, PdfError> {
        let opts = PdfOptions {
            archive,
            timeout: self.timeout,
            mark: Some(mark),
            title: Some(spec.title.clone()),
            author: spec.issuer.clone(),
        };
        pdf::convert(&self.soffice, docx, &opts)
    }
}

/// A conversion error for [`crate::cli::Ui`]'s `fail`: the message, and
/// that nothing was written.
pub fn failure(e: &PdfError) -> (String, String) {
    (
        format!("{} Chưa ghi tệp nào.", e.message(Lang::Vi)),
        format!("{} Nothing was written.", e.message(Lang::En)),
    )
}
