//! Many workbooks (units × periods) → one consolidated summary (consolidation.md).
//!
//! Reading is parallel (rayon); each file is reduced at once to a compact
//! [`FileEntry`] (the report without narrative or cell sources, its
//! diagnostics, its SHA-256), so memory grows with what the summary lists,
//! not with the workbooks. The fold ([`consolidate`]) first sorts the entries
//! by path, so the result does not depend on the order of the inputs or on the
//! order in which threads finish: same inputs, same bytes out.

pub mod compare;
pub mod coverage;
mod discover;
mod engine;
pub mod excel;
mod json;
mod reorg;
mod store;
mod town;

use std::path::PathBuf;
use std::sync::Arc;

use rayon::prelude::*;
use sha2::{Digest, Sha256};

use crate::diag::Diagnostic;
use crate::model::{Directive, IndicatorKind, Report, Totals};
use crate::period::Period;
use crate::Checked;

pub use discover::{discover, DiscoverError, Discovered, SkipReason, Skipped};
pub use town::{town_document, town_report};

/// One input as read: its path as shown to the user, the SHA-256 of its bytes
/// (`None` when the file could not even be read from disk) and what came of it.
#[derive(Debug, Clone)]
pub struct Input {
    pub path: String,
    pub sha256: Option<[u8; 32]>,
    pub outcome: InputOutcome,
}

#[derive(Debug, Clone)]
#[allow(clippy::large_enum_variant)] // one per file, moved once into a compact entry
pub enum InputOutcome {
    /// Read (possibly with error diagnostics).
    Read(Checked),
    /// Not a readable workbook: the diagnostic says why.
    Failed(Diagnostic),
    /// One of our own outputs (a summary or report written earlier into the
    /// input folder): never read as a ward's workbook.
    Ours(crate::mark::Mark),
}

/// Choices of the `consolidate` command.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ConsolidateOptions {
    /// `--period P`; `None`: the smallest period of one year that holds the inputs.
    pub period: Option<Period>,
    /// `--allow-errors`: inputs with errors are still left out, but the exit code is 0.
    pub allow_errors: bool,
    /// The reorganisations of units (`--mapping`); `None`: the embedded one
    /// (1 July 2025), decoded only when the period ends on or after it.
    pub mapping: Option<std::sync::Arc<crate::dvhc::Mapping>>,
    /// Text naming the office's province (its config's province, superior
    /// body, issuer, area): where a workbook that names no province is.
    pub province: Option<String>,
    /// Place the inputs in the units in force on this day rather than at
    /// the period's end: the previous year of a comparison, in today's units.
    pub as_of: Option<crate::model::Date>,
}

/// Why an input is not in the sums.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LeftOut {
    /// Not a readable workbook.
    Unreadable,
    /// It has error diagnostics.
    Errors,
    /// Neither its unit (Mã đơn vị, Địa bàn) nor its period is known.
    UnitUnknown,
    /// Byte-identical to an input already counted (its path).
    Duplicate { of: String },
    /// Its period is larger than the consolidation's (a year in a quarter).
    PeriodLarger,
    /// Its period lies outside the consolidation's.
    PeriodOutside,
    /// Another input of the same unit overlaps it in time (their paths).
    DoubleCount { with: Vec<String> },
    /// A summary or report this program wrote (it carries our mark).
    Ours,
}

/// Whether an input was summed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Status {
    Used,
    LeftOut(LeftOut),
}

impl Status {
    pub fn is_used(&self) -> bool {
        matches!(self, Status::Used)
    }
}

/// What is kept in memory of one input: its key (path, hash, unit, period),
/// its status and the consolidation's own findings about it. Its report and
/// its diagnostics wait in the consolidation's [`store`]; read them with
/// [`Consolidation::file_report`] and [`Consolidation::file_diagnostics`].
/// Two entries are equal when all but where their records are stored is.
#[derive(Debug, Clone)]
pub struct FileEntry {
    pub path: String,
    pub sha256: Option<[u8; 32]>,
    pub period: Option<Period>,
    pub status: Status,
    /// Display name of its unit (the unit's, not necessarily this file's spelling).
    pub unit_name: Option<Arc<str>>,
    /// Findings of the consolidation about this file (W-INPUT-LEFT-OUT,
    /// W-DUPLICATE-FILE, E-DOUBLE-COUNT, …), after the file's own; in the
    /// store, like them.
    pub(crate) notes: Vec<store::Slot>,
    /// What it says about its unit, shared with the other inputs that say
    /// the same (a unit's twelve months, a province's thousands of files).
    pub(crate) unit: Arc<UnitWords>,
    /// Where its figures go across a reorganisation ([`reorg`]).
    pub(crate) placement: Option<Box<reorg::Placement>>,
    /// Whether its own diagnostics include an error.
    pub(crate) own_errors: bool,
    pub(crate) report: Option<store::Slot>,
    pub(crate) diagnostics: Option<store::Slot>,
}

/// What an input says about its unit, kept for placing it: one copy for
/// all the inputs that say the same ([`engine::Words`]), so that a
/// province's 50,000 entries hold a pointer each, not six strings.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub(crate) struct UnitWords {
    /// Unit identity ("#" + Mã đơn vị, else the Địa bàn's identity key), its
    /// Địa bàn (else code) as written, and its code.
    pub(crate) key: Option<Arc<str>>,
    pub(crate) display: Option<Arc<str>>,
    pub(crate) code: Option<Arc<str>>,
    /// The cell its Mã đơn vị was read from, for pointing at a code that contradicts its name.
    pub(crate) code_at: Option<crate::source::Source>,
    /// Its Địa bàn as written, and its Cơ quan chủ quản and issuer (where a
    /// province may be named), for placing it across a reorganisation.
    pub(crate) area: Option<Arc<str>>,
    pub(crate) authority: Option<Arc<str>>,
}

impl PartialEq for FileEntry {
    fn eq(&self, o: &FileEntry) -> bool {
        self.path == o.path
            && self.sha256 == o.sha256
            && self.readable() == o.readable()
            && self.period == o.period
            && self.status == o.status
            && self.unit_name == o.unit_name
            && self.notes.len() == o.notes.len()
            && self.unit == o.unit
            && self.placement == o.placement
            && self.own_errors == o.own_errors
    }
}

impl FileEntry {
    /// Whether it was a readable workbook (it may still have errors): only
    /// those have a report.
    pub fn readable(&self) -> bool {
        self.report.is_some()
    }

    pub fn period(&self) -> Option<Period> {
        self.period
    }

    /// SHA-256 in lower-case hex, or empty.
    pub fn sha256_hex(&self) -> String {
        self.sha256
            .map(|h| h.iter().map(|b| format!("{b:02x}")).collect())
            .unwrap_or_default()
    }
}

/// A column group of the activity table: a standard category or one a ward added.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CategoryColumn {
    /// 1–10, `None` for a ward's own category.
    pub code: Option<u8>,
    pub name: String,
}

/// One unit's row of the summary.
#[derive(Debug, Clone, PartialEq)]
pub struct UnitSummary {
    /// Identity: "#" + Mã đơn vị, else the identity key of the Địa bàn.
    pub key: String,
    /// As first written, by sorted path (Địa bàn, else Mã đơn vị); across a
    /// reorganisation, the unit's name in the mapping.
    pub name: String,
    /// What the summary and the report show: the name, and across a
    /// reorganisation what the row holds ("Phường Mạo Khê (gồm phường Xuân
    /// Sơn, Kim Sơn, Yên Thọ, Mạo Khê đến 30/6/2025)", "Phường Đức Chính
    /// (cũ) — chia cho An Sinh, Đông Triều").
    pub label: String,
    /// Across a reorganisation: the old units whose figures the row holds.
    pub predecessors: Vec<String>,
    /// A divided old unit's own row: the new units it went into.
    pub divided_among: Vec<String>,
    pub code: Option<String>,
    /// Months of the period covered by used inputs, in order.
    pub covered: Vec<Period>,
    /// Every month of the period.
    pub expected: Vec<Period>,
    /// Parallel to [`Consolidation::categories`].
    pub by_category: Vec<Totals>,
    pub totals: Totals,
    /// De-duplicated by (number, date); sorted by date, then number. Read
    /// them with [`Consolidation::unit_directives`].
    pub directives: Vec<DirectiveRef>,
}

/// A directive listed for a unit: its date, and where the whole of it is
/// stored (a province's units list hundreds of thousands; its number is
/// read back only to sort directives of the same date).
#[derive(Debug, Clone)]
pub struct DirectiveRef {
    pub date: Option<crate::model::Date>,
    pub(crate) slot: store::Slot,
}

/// Equal when the dates are; the whole directive is compared by
/// [`Consolidation`]'s equality.
impl PartialEq for DirectiveRef {
    fn eq(&self, o: &DirectiveRef) -> bool {
        self.date == o.date
    }
}

impl UnitSummary {
    /// "2/3 tháng".
    pub fn coverage_label(&self) -> String {
        format!("{}/{} tháng", self.covered.len(), self.expected.len())
    }

    pub fn is_complete(&self) -> bool {
        self.covered.len() == self.expected.len()
    }
}

/// One sub-period's row (a month, or a quarter/half/year when inputs are that coarse).
#[derive(Debug, Clone, PartialEq)]
pub struct PeriodRow {
    pub period: Period,
    pub by_category: Vec<Totals>,
    pub totals: Totals,
}

/// One indicator, consolidated.
#[derive(Debug, Clone, PartialEq)]
pub struct IndicatorSummary {
    pub name: String,
    pub unit: Option<String>,
    /// The most common Tính chất among the inputs.
    pub kind: IndicatorKind,
    /// Whether the inputs disagreed on the kind (W-INDICATOR-KIND-MIXED).
    pub kind_mixed: bool,
    /// Parallel to [`Consolidation::units`]: flow summed over time, stock and
    /// rate the latest value; `None` when the unit did not report it.
    pub by_unit: Vec<Option<f64>>,
    /// Flow and stock: sum over units; rate: `None` (never summed).
    pub total: Option<f64>,
    /// Rate only: across the units that reported it.
    pub min: Option<f64>,
    pub max: Option<f64>,
    /// Mean of the two middle values for an even count.
    pub median: Option<f64>,
}

/// Everything the summary writers and the JSON need.
#[derive(Debug, Clone)]
pub struct Consolidation {
    /// The period consolidated (`None` when no input could be used).
    pub period: Option<Period>,
    /// Every input, sorted by path.
    pub files: Vec<FileEntry>,
    /// Units with an input that touches the period, sorted by name.
    pub units: Vec<UnitSummary>,
    /// Standard categories 1–10, then the wards' own, in order of first appearance.
    pub categories: Vec<CategoryColumn>,
    /// Parallel to `categories`.
    pub by_category: Vec<Totals>,
    /// One row per sub-period of `period`.
    pub by_period: Vec<PeriodRow>,
    pub indicators: Vec<IndicatorSummary>,
    pub totals: Totals,
    /// Findings about the whole (W-COVERAGE per unit, W-INDICATOR-KIND-MIXED).
    pub diagnostics: Vec<Diagnostic>,
    pub allow_errors: bool,
    /// The reorganisation of units applied (its date and where its facts
    /// come from), when the period ends on or after one.
    pub reorganisation: Option<(crate::model::Date, String)>,
    /// The same period a year before (`--compare`), set by [`Consolidation::compare_with`].
    pub previous: Option<Box<compare::Comparison>>,
    /// The files' reports and diagnostics (see [`store`]).
    pub(crate) store: store::Store,
}

/// Equal sums, entries, and each file's report and diagnostics as read back
/// (wherever they were stored).
impl PartialEq for Consolidation {
    fn eq(&self, o: &Consolidation) -> bool {
        self.period == o.period
            && self.files == o.files
            && self.units == o.units
            && self.categories == o.categories
            && self.by_category == o.by_category
            && self.by_period == o.by_period
            && self.indicators == o.indicators
            && self.totals == o.totals
            && self.diagnostics == o.diagnostics
            && self.allow_errors == o.allow_errors
            && self.reorganisation == o.reorganisation
            && self.previous == o.previous
            && self
                .files
                .iter()
                .zip(&o.files)
                .all(|(a, b)| self.file_report(a) == o.file_report(b) && self.file_diagnostics(a) == o.file_diagnostics(b))
            && self
                .units
                .iter()
                .zip(&o.units)
                .all(|(a, b)| self.unit_directives(a) == o.unit_directives(b))
    }
}

impl Consolidation {
    /// An input was left out because of its own errors (or was unreadable).
    pub fn has_input_errors(&self) -> bool {
        self.files.iter().any(|f| {
            matches!(
                f.status,
                Status::LeftOut(LeftOut::Unreadable | LeftOut::Errors | LeftOut::UnitUnknown)
            )
        })
    }

    /// Two inputs of one unit overlapped in time.
    pub fn has_double_count(&self) -> bool {
        self.files
            .iter()
            .any(|f| matches!(f.status, Status::LeftOut(LeftOut::DoubleCount { .. })))
    }

    /// 1 when double counting happened, or when an input had errors and
    /// `--allow-errors` was not given (the CLI then writes nothing); else 0.
    pub fn exit_code(&self) -> i32 {
        if self.has_double_count() || (self.has_input_errors() && !self.allow_errors) {
            1
        } else {
            0
        }
    }

    pub fn used_count(&self) -> usize {
        self.files.iter().filter(|f| f.status.is_used()).count()
    }

    /// A file's report, read back from the store (without narrative, notes
    /// or cell sources); `None` when the file was unreadable.
    pub fn file_report(&self, f: &FileEntry) -> Option<Report> {
        let slot = f.report.as_ref()?;
        let mut r: Report = self.store.read(slot).ok()?;
        r.period = f.period;
        Some(r)
    }

    /// A unit's directives, read back from the store, in order. One that
    /// cannot be read back (the disk failed under us) is left out.
    pub fn unit_directives(&self, u: &UnitSummary) -> Vec<Directive> {
        u.directives.iter().filter_map(|d| self.store.read(&d.slot).ok()).collect()
    }

    /// A file's own diagnostics, then the consolidation's about it, all with
    /// `file` set to its path.
    pub fn file_diagnostics(&self, f: &FileEntry) -> Vec<Diagnostic> {
        let mut all = Vec::new();
        for slot in f.diagnostics.iter().chain(&f.notes) {
            // One that cannot be read back is the run's failure
            // ([`Consolidation::store_failure`]), not the file's.
            if let Ok(d) = self.store.read_diagnostics(slot) {
                all.extend(d);
            }
        }
        for d in &mut all {
            if d.file.is_none() {
                d.file = Some(f.path.clone());
            }
        }
        all
    }

    /// Every diagnostic in batches: each file's, in path order, then the
    /// consolidation's. Read file by file from the store as the iterator
    /// advances, so they are never all in memory.
    pub fn diagnostics_by_file(&self) -> impl Iterator<Item = Vec<Diagnostic>> + '_ {
        self.files
            .iter()
            .map(|f| self.file_diagnostics(f))
            .chain(std::iter::once(self.diagnostics.clone()))
    }

    /// Why the consolidation's temporary data could not be read back (a
    /// failing disk), if it could not: then the sums are incomplete and
    /// nothing may be written from them. Ask after the outputs are made.
    pub fn store_failure(&self) -> Option<String> {
        self.store.failure()
    }

    /// Lists what discovery passed over inside the input folders (a folder
    /// that cannot be read, a device named like a workbook), as warnings.
    pub fn note_skipped(&mut self, skipped: &[Skipped]) {
        self.diagnostics.extend(skipped.iter().map(Skipped::diagnostic));
    }

    /// Before the office's report is written: a warning listing what the
    /// office's details lack (no `--config`, or one without them), so the
    /// report is not sent with an empty header or signature.
    pub fn note_office_details(&mut self, cfg: &crate::Config) {
        let missing = town::missing_office_details(cfg);
        if missing.is_empty() {
            return;
        }
        let vi: Vec<&str> = missing.iter().map(|m| m.0).collect();
        let en: Vec<&str> = missing.iter().map(|m| m.1).collect();
        self.diagnostics.push(Diagnostic::new(
            "W-OFFICE-DETAILS",
            format!(
                "Báo cáo tổng hợp thiếu thông tin của cơ quan: {}. Các chỗ đó để dấu chấm cho văn thư điền; khai báo trong tệp --config (xem docs/config.example.toml) để lần sau tự điền.",
                vi.join(", ")
            ),
            format!(
                "The consolidated report lacks the office's details: {}. They are left as dotted lines to fill in; put them in a --config file (see docs/config.example.toml) to have them filled next time.",
                en.join(", ")
            ),
        ));
    }

    /// [`Consolidation::diagnostics_by_file`], one by one.
    pub fn all_diagnostics(&self) -> impl Iterator<Item = Diagnostic> + '_ {
        self.diagnostics_by_file().flatten()
    }
}

/// Reads one file: SHA-256 of its bytes, then the reader. Never panics on the file.
pub fn read_input(path: &std::path::Path, read_opts: &crate::Options) -> Input {
    let shown = path.display().to_string();
    match crate::read::load(path, &read_opts.limits) {
        Ok(bytes) => {
            let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
            input_from_bytes(shown, &name, &bytes, read_opts)
        }
        Err(e) => Input {
            path: shown,
            sha256: None,
            outcome: InputOutcome::Failed(e.diagnostic()),
        },
    }
}

/// [`read_input`] for a file already in memory (an upload): `shown` is the
/// path shown to the user, `name` the file name (its extension tells the
/// format when the bytes do not).
pub fn input_from_bytes(shown: String, name: &str, bytes: &[u8], read_opts: &crate::Options) -> Input {
    let sha256: [u8; 32] = Sha256::digest(bytes).into();
    if let Some(mark) = crate::mark::mark_of(std::io::Cursor::new(bytes)) {
        return Input {
            path: shown,
            sha256: Some(sha256),
            outcome: InputOutcome::Ours(mark),
        };
    }
    let outcome = match crate::check_unmarked_bytes(bytes, name, read_opts) {
        Ok(c) => InputOutcome::Read(c),
        Err(e) => InputOutcome::Failed(e.diagnostic()),
    };
    Input {
        path: shown,
        sha256: Some(sha256),
        outcome,
    }
}

/// Reads every file in parallel and folds them. `progress` is called once per
/// file read (from any thread). The result is the same whatever the order of
/// `paths` or of completion.
pub fn consolidate_files(
    paths: &[PathBuf],
    opts: &ConsolidateOptions,
    read_opts: &crate::Options,
    progress: Option<&(dyn Fn() + Sync)>,
) -> Consolidation {
    let (files, store) = read_all(paths, read_opts, progress);
    engine::fold(files, opts, store)
}

/// [`consolidate_files`] on a list it may drop once every file is read:
/// a province's list of paths is megabytes that the fold does not need
/// (each entry keeps its own path).
pub fn consolidate_owned(
    paths: Vec<PathBuf>,
    opts: &ConsolidateOptions,
    read_opts: &crate::Options,
    progress: Option<&(dyn Fn() + Sync)>,
) -> Consolidation {
    let (files, store) = read_all(&paths, read_opts, progress);
    drop(paths);
    engine::fold(files, opts, store)
}

/// Reads every file in parallel: the entries in the order of `paths`, and
/// the store holding their records.
fn read_all(paths: &[PathBuf], read_opts: &crate::Options, progress: Option<&(dyn Fn() + Sync)>) -> (Vec<FileEntry>, store::Store) {
    // The workers read and encode; this thread appends each record to the
    // store and keeps a copy of the small entry, and the workers free the
    // originals. Why: what a worker allocates for a file is mostly transient
    // (archive, XML, cells), and a kept entry allocated among that pins the
    // worker's heap; glibc then grows it by tens of KB per file. Copied here,
    // kept entries lie together in this thread's heap at their exact sizes.
    // The originals go back to be freed by a worker, so that this thread's
    // allocator caches never hand a worker's memory to a kept copy.
    let store = store::Store::temporary();
    let (tx, rx) = std::sync::mpsc::sync_channel::<(usize, engine::Pending)>(64);
    let spent: std::sync::Mutex<Vec<engine::Pending>> = std::sync::Mutex::new(Vec::new());
    let mut words = engine::Words::default();
    let mut kept: Vec<Option<FileEntry>> = Vec::new();
    kept.resize_with(paths.len(), || None);
    std::thread::scope(|s| {
        let spent = &spent;
        s.spawn(move || {
            paths.par_iter().enumerate().for_each_with(tx, |tx, (i, p)| {
                let done = spent.lock().map(|mut v| std::mem::take(&mut *v)).unwrap_or_default();
                drop(done);
                let e = engine::compact(read_input(p, read_opts));
                if let Some(f) = progress {
                    f();
                }
                // The receiver lives until every sender is gone.
                let _ = tx.send((i, e));
            });
        });
        for (i, p) in rx {
            if let Some(slot) = kept.get_mut(i) {
                *slot = Some(p.store(&store, &mut words));
            }
            if let Ok(mut v) = spent.lock() {
                v.push(p);
            }
        }
    });
    crate::phases::end("read");
    // In place (an entry and an optional one are the same size, and the
    // standard library reuses the buffer for `filter_map`, not `flatten`):
    // a province's list would otherwise be held twice here, 9 MB each.
    #[allow(clippy::filter_map_identity)]
    let files: Vec<FileEntry> = kept.into_iter().filter_map(|e| e).collect();
    (files, store)
}

/// The pure part: folds inputs already read. Order-independent.
pub fn consolidate(inputs: impl IntoIterator<Item = Input>, opts: &ConsolidateOptions) -> Consolidation {
    let store = store::Store::memory();
    let mut words = engine::Words::default();
    let files = inputs.into_iter().map(|i| engine::compact(i).store(&store, &mut words)).collect();
    engine::fold(files, opts, store)
}

#[cfg(test)]
pub(crate) mod tests;
