//! The fold: compact entries → statuses → sums. Everything is keyed and sorted
//! by stable keys (path, unit key, period), never by arrival order.

use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

use super::*;
use crate::diag::has_errors;
use crate::model::{CategoryId, Date};
use crate::normalize::text::{fold as fold_key, identity_key};
use crate::period::Span;

/// Records decoded ahead of the sum, on every core: enough to keep both
/// busy, few enough to hold (a few hundred KB).
const DECODE_AHEAD: usize = 128;

/// One input reduced on a worker: its entry and its records, encoded and
/// ready to be appended to the store.
pub(super) struct Pending {
    entry: FileEntry,
    report: Option<Vec<u8>>,
    diagnostics: Option<Vec<u8>>,
}

impl Pending {
    /// Appends the records to the store; returns a copy of the entry that
    /// points at them (the bytes stay here, to be freed by the worker), its
    /// unit's words shared with the other files that say the same.
    pub(super) fn store(&self, store: &store::Store, words: &mut Words) -> FileEntry {
        let mut e = self.entry.clone();
        e.unit = words.get(&e.unit);
        e.report = self.report.as_deref().map(|b| store.put(b));
        e.diagnostics = self.diagnostics.as_deref().map(|b| store.put(b));
        e
    }
}

/// One copy of what the inputs say about their units: a unit's twelve
/// monthly files, or a province's thousands, would otherwise each hold their
/// own copy of the same six fields (some 15 MB at 50,000 inputs).
#[derive(Debug, Default)]
pub(super) struct Words(std::collections::HashSet<Arc<UnitWords>>);

impl Words {
    /// The shared copy of `w`, made of its own strings (not the worker's).
    pub(super) fn get(&mut self, w: &UnitWords) -> Arc<UnitWords> {
        if let Some(known) = self.0.get(w) {
            return Arc::clone(known);
        }
        let own = |s: &Option<Arc<str>>| s.as_deref().map(Arc::from);
        let w = Arc::new(UnitWords {
            key: own(&w.key),
            display: own(&w.display),
            code: own(&w.code),
            code_at: w.code_at.as_ref().map(|s| crate::source::Source {
                sheet: Arc::from(&*s.sheet),
                cell: s.cell,
            }),
            area: own(&w.area),
            authority: own(&w.authority),
        });
        self.0.insert(Arc::clone(&w));
        w
    }
}

/// Reduces an input to what the summary needs: the key in memory, the report
/// (without narrative, notes or cell sources) and diagnostics encoded.
pub(super) fn compact(input: Input) -> Pending {
    let mut status = Status::Used;
    let (report, diagnostics) = match input.outcome {
        InputOutcome::Read(mut c) => {
            // Before slim drops the cell sources the warnings point at.
            super::excel::fit_report(&mut c.report, &mut c.diagnostics);
            (Some(slim(c.report)), c.diagnostics)
        }
        InputOutcome::Failed(d) => (None, vec![d]),
        InputOutcome::Ours(mark) => {
            status = Status::LeftOut(LeftOut::Ours);
            (None, vec![ours_note(mark)])
        }
    };
    let entry = FileEntry {
        path: input.path,
        sha256: input.sha256,
        period: report.as_ref().and_then(|r| r.period),
        status,
        unit_name: None,
        notes: Vec::new(),
        unit: Arc::new(UnitWords {
            key: report.as_ref().and_then(unit_key).map(Arc::from),
            display: report.as_ref().and_then(unit_display).map(Arc::from),
            code: report.as_ref().and_then(|r| nonempty(&r.unit.code)).map(Arc::from),
            code_at: report.as_ref().and_then(|r| r.unit.code_source.clone()),
            area: report.as_ref().and_then(|r| nonempty(&r.unit.area)).map(Arc::from),
            authority: report.as_ref().map(|r| {
                [&r.unit.authority, &r.unit.issuer]
                    .iter()
                    .filter_map(|s| nonempty(s))
                    .collect::<Vec<_>>()
                    .join(" | ")
                    .into()
            }),
        }),
        placement: None,
        own_errors: has_errors(&diagnostics),
        report: None,
        diagnostics: None,
    };
    Pending {
        entry,
        report: report.as_ref().map(store::encode),
        diagnostics: (!diagnostics.is_empty()).then(|| store::encode_diagnostics(&diagnostics)),
    }
}

pub(super) fn slim(mut r: Report) -> Report {
    r.narrative = Vec::new();
    r.stated_totals = None;
    for a in &mut r.activities {
        a.source = None;
        a.note = None;
    }
    for i in &mut r.indicators {
        i.source = None;
        i.note = None;
    }
    for d in &mut r.directives {
        d.source = None;
    }
    r
}

pub(super) fn nonempty(s: &Option<String>) -> Option<&str> {
    s.as_deref().map(str::trim).filter(|s| !s.is_empty())
}

/// Unit identity: "#" + Mã đơn vị when present, else the Địa bàn's identity key.
pub(super) fn unit_key(r: &Report) -> Option<String> {
    if let Some(c) = nonempty(&r.unit.code) {
        return Some(format!("#{}", identity_key(c)));
    }
    nonempty(&r.unit.area).map(identity_key)
}

fn unit_display(r: &Report) -> Option<String> {
    nonempty(&r.unit.area).or_else(|| nonempty(&r.unit.code)).map(str::to_string)
}

fn diag(code: &'static str, file: &str, vi: String, en: String) -> Diagnostic {
    Diagnostic::new(code, vi, en).in_file(file)
}

/// Records a finding about a file; it waits in the store, as the file's own do
/// (a folder of thousands of copies has two long messages for each).
fn note(e: &mut FileEntry, store: &store::Store, d: Diagnostic) {
    e.notes.push(store.put(&store::encode_diagnostics(std::slice::from_ref(&d))));
}

fn left_out_note(e: &mut FileEntry, store: &store::Store, why_vi: &str, why_en: &str) {
    let d = diag(
        "W-INPUT-LEFT-OUT",
        &e.path,
        format!("Tệp bị bỏ ra khỏi tổng hợp: {why_vi}."),
        format!("The file is left out of the summary: {why_en}."),
    );
    note(e, store, d);
}

/// An input that is one of our own outputs: said once, as a note.
fn ours_note(mark: crate::mark::Mark) -> Diagnostic {
    use crate::mark::Mark;
    let (vi, en) = match mark {
        Mark::Summary => ("bảng tổng hợp", "a summary"),
        Mark::Report => ("báo cáo", "a report"),
        Mark::ConsolidatedReport => ("báo cáo tổng hợp", "a consolidated report"),
    };
    Diagnostic::new(
        "N-INPUT-OURS",
        format!("Tệp là {vi} do baocao ghi trước đây, không phải sổ của đơn vị: bỏ qua."),
        format!("The file is {en} written earlier by baocao, not a unit's workbook: skipped."),
    )
}

/// A report read back for the sums, with the keys of its parts made on the
/// worker that decoded it (folding text is most of the sums' own work): a
/// ward's own category's identity, a directive's key, an indicator's
/// folded name, each parallel to its list.
struct Keyed {
    report: Report,
    custom: Vec<Option<String>>,
    directives: Vec<u64>,
    indicators: Vec<String>,
}

impl Keyed {
    fn new(report: Report) -> Keyed {
        Keyed {
            custom: report
                .activities
                .iter()
                .map(|a| (a.category == CategoryId::Custom).then(|| identity_key(&a.name)))
                .collect(),
            directives: report.directives.iter().map(directive_key).collect(),
            indicators: report.indicators.iter().map(|i| fold_key(&i.name)).collect(),
            report,
        }
    }
}

/// A directive's identity within a unit: its number (identity key) and date,
/// or, when it has neither, its summary. Kept as 64 bits of SHA-256 rather
/// than as text: a province's units hold hundreds of thousands of them
/// until the fold ends, and keys are compared only within one unit, where
/// a collision would take billions of directives.
fn directive_key(d: &crate::model::Directive) -> u64 {
    use sha2::{Digest, Sha256};
    let number = d.number.as_deref().map(identity_key).unwrap_or_default();
    let mut h = Sha256::new();
    if number.is_empty() && d.date.is_none() {
        h.update(b"s");
        h.update(d.summary.as_deref().map(identity_key).unwrap_or_default().as_bytes());
    } else {
        h.update(b"n");
        h.update(number.as_bytes());
        h.update([0xff]);
        h.update(d.date.map(|d| d.to_string()).unwrap_or_default().as_bytes());
    }
    let full: [u8; 32] = h.finalize().into();
    let mut key = [0u8; 8];
    key.copy_from_slice(&full[..8]);
    u64::from_le_bytes(key)
}

/// Sorts a unit's directives by date (undated last), then number. The
/// numbers are not kept in memory: only directives of the same date are
/// read back for theirs. Both sorts are stable, so the order is that of
/// one stable sort on (date, number), ties in the order they were met.
fn sort_directives(list: &mut [DirectiveRef], store: &store::Store) {
    list.sort_by_key(|d| (d.date.is_none(), d.date));
    for run in list.chunk_by_mut(|a, b| a.date == b.date) {
        if run.len() < 2 {
            continue;
        }
        // A record that cannot be read back sorts first; the store
        // remembers the failure and the run stops (exit 2).
        let number = |d: &DirectiveRef| {
            store
                .read::<crate::model::Directive>(&d.slot)
                .ok()
                .and_then(|d| d.number)
                .unwrap_or_default()
        };
        let mut keyed: Vec<(String, DirectiveRef)> = run.iter().map(|d| (number(d), d.clone())).collect();
        keyed.sort_by(|a, b| a.0.cmp(&b.0));
        for (slot, (_, d)) in run.iter_mut().zip(keyed) {
            *slot = d;
        }
    }
}

/// Span rank for choosing the coarsest granularity of sub-periods.
fn rank(s: Span) -> u8 {
    match s {
        Span::Month(_) => 0,
        Span::Quarter(_) => 1,
        Span::Half(_) => 2,
        Span::Year => 3,
    }
}

/// The smallest month/quarter/half/year period of `year` covering months `lo..=hi`.
fn smallest_covering(year: i32, lo: u8, hi: u8) -> Option<Period> {
    let span = if lo == hi {
        Span::Month(lo)
    } else if (lo - 1) / 3 == (hi - 1) / 3 {
        Span::Quarter((lo - 1) / 3 + 1)
    } else if (lo - 1) / 6 == (hi - 1) / 6 {
        Span::Half((lo - 1) / 6 + 1)
    } else {
        Span::Year
    };
    Period::new(year, span)
}

/// The sub-periods of `p` at granularity `r` (0 month … 3 year).
fn split(p: Period, r: u8) -> Vec<Period> {
    let (a, b) = p.months();
    let len = match r {
        0 => 1,
        1 => 3,
        2 => 6,
        _ => 12,
    };
    (a..=b)
        .step_by(len as usize)
        .filter_map(|m| {
            let span = match r {
                0 => Span::Month(m),
                1 => Span::Quarter((m - 1) / 3 + 1),
                2 => Span::Half((m - 1) / 6 + 1),
                _ => Span::Year,
            };
            Period::new(p.year, span)
        })
        .collect()
}

fn add_totals(t: &mut Totals, o: &Totals) {
    t.add(o.classes, o.participants, o.female);
}

/// Adds to column `c`, growing the row when a ward's own category appeared
/// after it was made.
fn add_at(row: &mut Vec<Totals>, c: usize, o: &Totals) {
    if row.len() <= c {
        row.resize(c + 1, Totals::default());
    }
    if let Some(t) = row.get_mut(c) {
        add_totals(t, o);
    }
}

/// Per unit: the flow sum and the latest (period end, value).
type UnitInd = (Option<f64>, Option<(Date, f64)>);

#[derive(Default)]
struct IndAcc {
    name: String,
    unit: Option<String>,
    /// Flow, stock, rate.
    kinds: [u32; 3],
    /// unit index → (flow sum, latest (period end, value)).
    per_unit: BTreeMap<usize, UnitInd>,
    /// Across a reorganisation, a row holds several units (a new ward and
    /// the old ones that went into it): (row, unit of its time) → latest
    /// (period end, value). A stock is then the sum, a rate the median, of
    /// the units reporting at the row's latest date, not one of them.
    merged: BTreeMap<(usize, usize), (Date, f64)>,
}

fn kind_index(k: IndicatorKind) -> usize {
    match k {
        IndicatorKind::Flow => 0,
        IndicatorKind::Stock => 1,
        IndicatorKind::Rate => 2,
    }
}

/// Median; the mean of the two middle values for an even count.
pub(super) fn median(sorted: &[f64]) -> Option<f64> {
    let n = sorted.len();
    if n == 0 {
        return None;
    }
    let mid = n / 2;
    if n % 2 == 1 {
        sorted.get(mid).copied()
    } else {
        Some((sorted.get(mid - 1)? + sorted.get(mid)?) / 2.0)
    }
}

pub(super) fn fold(mut files: Vec<FileEntry>, opts: &ConsolidateOptions, store: store::Store) -> Consolidation {
    files.sort_by(|a, b| a.path.cmp(&b.path).then_with(|| a.sha256.cmp(&b.sha256)));

    // 1. Unreadable inputs; byte-identical copies; inputs with errors; unknown unit or period.
    // For each input, the first earlier one (by path) with the same bytes:
    // found by index, the hashes borrowed, the map gone before the rest.
    let copy_of: Vec<Option<usize>> = {
        let mut first_of: HashMap<&[u8; 32], usize> = HashMap::with_capacity(files.len());
        files
            .iter()
            .enumerate()
            .map(|(i, e)| {
                let candidate = e.status != Status::LeftOut(LeftOut::Ours) && e.readable();
                match e.sha256.as_ref().filter(|_| candidate) {
                    Some(h) => match first_of.get(h) {
                        Some(&first) => Some(first),
                        None => {
                            first_of.insert(h, i);
                            None
                        }
                    },
                    None => None,
                }
            })
            .collect()
    };
    for i in 0..files.len() {
        // The input at hand, and those before it (where its original is).
        let (before, rest) = files.split_at_mut(i);
        let Some(e) = rest.first_mut() else { break };
        if e.status == Status::LeftOut(LeftOut::Ours) {
            continue;
        }
        if !e.readable() {
            e.status = Status::LeftOut(LeftOut::Unreadable);
            left_out_note(e, &store, "không đọc được tệp", "the file cannot be read");
            continue;
        }
        if let Some(of) = copy_of.get(i).copied().flatten().and_then(|first| before.get(first)) {
            let of = of.path.clone();
            let d = diag(
                "W-DUPLICATE-FILE",
                &e.path,
                format!("Tệp {} giống hệt tệp {}; chỉ tính một lần.", e.path, of),
                format!("{} is identical to {}; counted once.", e.path, of),
            );
            note(e, &store, d);
            e.status = Status::LeftOut(LeftOut::Duplicate { of });
            continue;
        }
        if e.own_errors {
            e.status = Status::LeftOut(LeftOut::Errors);
            left_out_note(e, &store, "tệp có lỗi", "the file has errors");
            continue;
        }
        if e.unit.key.is_none() || e.period().is_none() {
            let d = diag(
                "E-UNIT-UNKNOWN",
                &e.path,
                "Không xác định được đơn vị (Mã đơn vị, Địa bàn) hoặc kỳ báo cáo của tệp.".to_string(),
                "The file's unit (Mã đơn vị, Địa bàn) or reporting period is unknown.".to_string(),
            );
            note(e, &store, d);
            e.status = Status::LeftOut(LeftOut::UnitUnknown);
            left_out_note(e, &store, "không rõ đơn vị hoặc kỳ", "unknown unit or period");
        }
    }

    drop(copy_of);

    // 2. The period: given, or the smallest of one year covering the candidates.
    //    Candidates from several years: the year with most inputs (ties: the
    //    latest); the others are then outside it, with a warning each.
    let period = opts.period.or_else(|| {
        let cands: Vec<Period> = files.iter().filter(|e| e.status.is_used()).filter_map(FileEntry::period).collect();
        let mut by_year: BTreeMap<i32, usize> = BTreeMap::new();
        for p in &cands {
            *by_year.entry(p.year).or_default() += 1;
        }
        let year = by_year.iter().max_by(|a, b| a.1.cmp(b.1).then(a.0.cmp(b.0))).map(|(y, _)| *y)?;
        let (lo, hi) = cands
            .iter()
            .filter(|p| p.year == year)
            .fold((12u8, 1u8), |(lo, hi), p| (lo.min(p.months().0), hi.max(p.months().1)));
        smallest_covering(year, lo, hi)
    });
    if let Some(pp) = period {
        for e in files.iter_mut().filter(|e| e.status.is_used()) {
            let Some(p) = e.period() else { continue };
            if pp.contains(&p) {
                continue;
            }
            let (code, why, vi, en) = if p.overlaps(&pp) {
                (
                    "W-PERIOD-LARGER",
                    LeftOut::PeriodLarger,
                    format!("Kỳ của tệp ({}) lớn hơn kỳ tổng hợp ({}); tệp bị bỏ ra.", p.label(), pp.label()),
                    format!(
                        "The file's period ({}) is larger than the summary's ({}); left out.",
                        p.label_en(),
                        pp.label_en()
                    ),
                )
            } else {
                (
                    "N-PERIOD-OUTSIDE",
                    LeftOut::PeriodOutside,
                    format!("Kỳ của tệp ({}) nằm ngoài kỳ tổng hợp ({}); tệp bị bỏ ra.", p.label(), pp.label()),
                    format!(
                        "The file's period ({}) is outside the summary's ({}); left out.",
                        p.label_en(),
                        pp.label_en()
                    ),
                )
            };
            let d = diag(code, &e.path, vi, en);
            note(e, &store, d);
            e.status = Status::LeftOut(why);
        }
    }

    // 2b. Across a reorganisation: each input placed in its unit of today.
    let mut plan_notes = Vec::new();
    let plan = reorg::place(&mut files, opts, period, &store, &mut plan_notes);

    // 3. Double counting: inputs of one unit that overlap in time are all
    //    left out; so are an old unit's and its new unit's for the same months.
    let mut by_unit: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    for (i, e) in files.iter().enumerate() {
        let own = e.placement.as_deref().map(|p| p.own_key.as_str()).or(e.unit.key.as_deref());
        if let (true, Some(k)) = (e.status.is_used(), own) {
            by_unit.entry(k).or_default().push(i);
        }
    }
    let mut clashes: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    for idx in by_unit.values() {
        for (n, &i) in idx.iter().enumerate() {
            for &j in idx.iter().skip(n + 1) {
                if let (Some(a), Some(b)) = (files.get(i).and_then(FileEntry::period), files.get(j).and_then(FileEntry::period)) {
                    if a.overlaps(&b) {
                        clashes.entry(i).or_default().push(j);
                        clashes.entry(j).or_default().push(i);
                    }
                }
            }
        }
    }
    // What follows holds a province's thousands of units: what is done
    // with is dropped as it goes, not at the end of the fold.
    drop(by_unit);
    let mut across: std::collections::BTreeSet<usize> = Default::default();
    if let Some(plan) = &plan {
        for (i, j) in reorg::clashes(&files, plan) {
            clashes.entry(i).or_default().push(j);
            clashes.entry(j).or_default().push(i);
            across.insert(i);
            across.insert(j);
        }
        for i in reorg::stale(&files, plan) {
            clashes.entry(i).or_default();
            across.insert(i);
        }
    }
    for (i, mut others) in clashes {
        others.sort();
        others.dedup();
        let with: Vec<String> = others.iter().filter_map(|&j| files.get(j).map(|f| f.path.clone())).collect();
        if let (true, Some(plan)) = (across.contains(&i), &plan) {
            let d = files.get(i).map(|e| {
                let others: Vec<&FileEntry> = others.iter().filter_map(|&j| files.get(j)).collect();
                reorg::clash_note(e, &with, &others, plan)
            });
            if let (Some(d), Some(e)) = (d, files.get_mut(i)) {
                note(e, &store, d);
                e.status = Status::LeftOut(LeftOut::DoubleCount { with });
            }
            continue;
        }
        if let Some(e) = files.get_mut(i) {
            let p = e.period().map(|p| (p.label(), p.label_en())).unwrap_or_default();
            let d = diag(
                "E-DOUBLE-COUNT",
                &e.path,
                format!("Tệp {} ({}) trùng thời gian với {} của cùng đơn vị: tính hai lần; các tệp này đều bị bỏ ra. Bỏ bớt tệp thừa rồi chạy lại.", e.path, p.0, with.join(", ")),
                format!("{} ({}) overlaps in time with {} of the same unit: double counting; all of them are left out. Remove the extra files and run again.", e.path, p.1, with.join(", ")),
            );
            note(e, &store, d);
            e.status = Status::LeftOut(LeftOut::DoubleCount { with });
        }
    }

    // 4. Units: those with an input (readable, keyed) touching the period.
    let mut unit_of_key: BTreeMap<String, (Arc<str>, Option<Arc<str>>)> = BTreeMap::new();
    for e in &files {
        let Some(k) = e.unit.key.as_deref() else {
            continue;
        };
        if !unit_of_key.contains_key(k) {
            unit_of_key.insert(k.to_string(), (Arc::from(""), None));
        }
        let Some(slot) = unit_of_key.get_mut(k) else { continue };
        if slot.0.is_empty() {
            slot.0 = e.unit.display.clone().unwrap_or_default();
        }
        if slot.1.is_none() {
            slot.1 = e.unit.code.clone();
        }
    }
    if let Some(plan) = &plan {
        for (k, row) in &plan.rows {
            unit_of_key.insert(k.clone(), (Arc::from(row.name.as_str()), row.code.as_deref().map(Arc::from)));
        }
    }
    let touching: std::collections::BTreeSet<String> = files
        .iter()
        .filter(|e| match (period, e.period()) {
            (Some(pp), Some(p)) => pp.overlaps(&p),
            (None, _) => true,
            _ => false,
        })
        .flat_map(|e| match e.placement.as_deref() {
            Some(p) => p.targets.iter().map(|t| t.0.clone()).collect(),
            None => e.unit.key.iter().map(|k| k.to_string()).collect::<Vec<_>>(),
        })
        .collect();
    for e in &mut files {
        e.unit_name = match &e.unit.key {
            Some(k) => unit_of_key.get(&**k).map(|u| u.0.clone()),
            None => e.unit.display.clone(),
        };
    }
    let mut unit_keys: Vec<(String, String)> = touching
        .iter()
        .map(|k| {
            (
                identity_key(&unit_of_key.get(k).map(|u| u.0.clone()).unwrap_or_default()),
                k.clone(),
            )
        })
        .collect();
    unit_keys.sort();
    let unit_index: HashMap<String, usize> = unit_keys.iter().enumerate().map(|(n, (_, k))| (k.clone(), n)).collect();

    // 5. Categories: 1–10, then the wards' own in order of first appearance.
    let mut categories: Vec<CategoryColumn> = crate::normalize::category::CATEGORIES
        .iter()
        .map(|(c, n)| CategoryColumn {
            code: Some(*c),
            name: n.to_string(),
        })
        .collect();
    // The wards' own are found while summing (step 7), which reads the
    // used inputs in path order.
    let mut custom_index: HashMap<String, usize> = HashMap::new();

    // 6. Sub-periods: the coarsest span among used inputs.
    let gran = files
        .iter()
        .filter(|e| e.status.is_used())
        .filter_map(FileEntry::period)
        .map(|p| rank(p.span))
        .max()
        .unwrap_or(0);
    let subs: Vec<Period> = period.map(|p| split(p, gran)).unwrap_or_default();
    let ncat = categories.len(); // the standard ones; rows grow with the wards' own
    let mut by_period: Vec<PeriodRow> = subs
        .iter()
        .map(|p| PeriodRow {
            period: *p,
            by_category: vec![Totals::default(); ncat],
            totals: Totals::default(),
        })
        .collect();
    let expected: Vec<Period> = period.map(|p| p.month_periods()).unwrap_or_default();
    let mut units: Vec<UnitSummary> = unit_keys
        .iter()
        .map(|(_, k)| {
            let (name, code) = unit_of_key.get(k).cloned().unwrap_or_default();
            let row = plan.as_ref().and_then(|p| p.rows.get(k));
            UnitSummary {
                key: k.clone(),
                label: row.map(|r| r.label.clone()).unwrap_or_else(|| name.to_string()),
                predecessors: row.map(|r| r.predecessors.clone()).unwrap_or_default(),
                divided_among: row.map(|r| r.divided_among.clone()).unwrap_or_default(),
                name: name.to_string(),
                code: code.as_deref().map(str::to_string),
                covered: Vec::new(),
                expected: expected.clone(),
                by_category: vec![Totals::default(); ncat],
                totals: Totals::default(),
                directives: Vec::new(),
            }
        })
        .collect();
    drop((unit_of_key, touching, unit_keys));
    let mut by_category = vec![Totals::default(); ncat];
    let mut totals = Totals::default();
    let mut inds: Vec<IndAcc> = Vec::new();
    let mut ind_index: HashMap<String, usize> = HashMap::new();
    // Per unit, the keys of the directives it lists, sorted: half the
    // memory of a hash set, and a unit lists some tens.
    let mut dir_seen: Vec<Vec<u64>> = vec![Vec::new(); units.len()];

    // 7. The sums, over used inputs in path order, each read back from the store.
    //    Across a reorganisation, months are also kept per row and per unit
    //    at its own time, for the coverage of a new unit by its predecessors
    //    (without one, nobody asks: a province's units would hold megabytes).
    let mut own_months: BTreeMap<(usize, String), std::collections::BTreeSet<Period>> = BTreeMap::new();
    let mut own_ids: HashMap<String, usize> = HashMap::new();
    // The records are decoded a chunk at a time on every core (the JSON is
    // most of this step's time), then summed here in path order; a chunk
    // bounds what is held at once.
    let mut used = files.iter().filter(|e| e.status.is_used() && e.report.is_some()).peekable();
    let chunks = std::iter::from_fn(|| {
        used.peek()?;
        Some(used.by_ref().take(DECODE_AHEAD).collect::<Vec<&FileEntry>>())
    });
    let decoded = chunks.flat_map(|chunk| {
        // Copied out in order on this thread (the store reads its file a
        // window at a time; two threads would each undo the other's), then
        // decoded in parallel.
        let raw: Vec<std::io::Result<Vec<u8>>> = chunk
            .iter()
            .map(|e| {
                e.report
                    .as_ref()
                    .map_or_else(|| Err(std::io::Error::other("no record")), |slot| store.raw(slot))
            })
            .collect();
        let reports: Vec<std::io::Result<Keyed>> = raw.into_par_iter().map(|b| Ok(Keyed::new(store::decode(&b?)?))).collect();
        chunk.into_iter().zip(reports)
    });
    let mut last_targets: Vec<(usize, f64)> = Vec::new();
    for (e, r) in decoded {
        // A record that cannot be read back is the disk's failure, not the
        // file's: the store remembers it and the run stops (exit 2).
        let Ok(Keyed {
            report: r,
            custom,
            directives,
            indicators,
        }) = r
        else {
            continue;
        };
        let Some(p) = e.period() else {
            continue;
        };
        // The rows it goes to, with the part of it (1 but for a divided
        // unit apportioned by the mapping's shares).
        let targets: Vec<(usize, f64)> = match e.placement.as_deref() {
            Some(pl) => pl.targets.iter().filter_map(|(k, f)| unit_index.get(k).map(|&u| (u, *f))).collect(),
            None => e
                .unit
                .key
                .as_ref()
                .and_then(|k| unit_index.get(&**k))
                .map(|&u| vec![(u, 1.0)])
                .unwrap_or_default(),
        };
        if targets.is_empty() {
            continue;
        }
        // A unit's inputs usually come one after the other (its folder, its
        // months): once past them, its directives are held at their exact
        // size, not at the last doubling (a quarter of their memory).
        if last_targets != targets {
            for &(u, _) in &last_targets {
                if let (Some(unit), Some(seen)) = (units.get_mut(u), dir_seen.get_mut(u)) {
                    unit.directives.shrink_to_fit();
                    seen.shrink_to_fit();
                }
            }
            last_targets.clone_from(&targets);
        }
        let factors: Vec<f64> = targets.iter().map(|t| t.1).collect();
        let parts = |v: Option<u64>| -> Vec<Option<u64>> {
            match v {
                None => vec![None; factors.len()],
                Some(v) if factors.len() == 1 && factors[0] == 1.0 => vec![Some(v)],
                Some(v) => reorg::apportion(v, &factors).into_iter().map(Some).collect(),
            }
        };
        let own = e
            .placement
            .as_deref()
            .map(|pl| pl.own_key.as_str())
            .or(e.unit.key.as_deref())
            .unwrap_or_default();
        let own_id = e.placement.is_some().then(|| {
            let next = own_ids.len();
            *own_ids.entry(own.to_string()).or_insert(next)
        });
        let sub = by_period.iter().position(|row| row.period.contains(&p));
        for &(u, _) in &targets {
            if plan.is_some() {
                let months = own_months.entry((u, own.to_string())).or_default();
                months.extend(p.month_periods());
            }
            if let Some(unit) = units.get_mut(u) {
                for m in p.month_periods() {
                    if !unit.covered.contains(&m) {
                        unit.covered.push(m);
                    }
                }
            }
        }
        for (a, key) in r.activities.iter().zip(custom) {
            let c = match (a.category, key) {
                (CategoryId::Standard(code), _) => match categories.iter().position(|col| col.code == Some(code)) {
                    Some(c) => c,
                    None => continue,
                },
                (CategoryId::Custom, None) => continue,
                (CategoryId::Custom, Some(key)) => *custom_index.entry(key).or_insert_with(|| {
                    categories.push(CategoryColumn {
                        code: None,
                        name: a.name.clone(),
                    });
                    categories.len() - 1
                }),
            };
            let (cl, pa, fe) = (parts(a.classes), parts(a.participants), parts(a.female));
            for (n, &(u, _)) in targets.iter().enumerate() {
                let Some(unit) = units.get_mut(u) else { continue };
                let t = Totals {
                    classes: cl[n],
                    participants: pa[n],
                    female: fe[n],
                };
                add_at(&mut unit.by_category, c, &t);
                add_totals(&mut unit.totals, &t);
                add_at(&mut by_category, c, &t);
                add_totals(&mut totals, &t);
                if let Some(row) = sub.and_then(|s| by_period.get_mut(s)) {
                    add_at(&mut row.by_category, c, &t);
                    add_totals(&mut row.totals, &t);
                }
            }
        }
        for (d, key) in r.directives.iter().zip(directives) {
            for &(u, _) in &targets {
                let Some(unit) = units.get_mut(u) else { continue };
                let Some(seen) = dir_seen.get_mut(u) else { continue };
                if let Err(at) = seen.binary_search(&key) {
                    seen.insert(at, key);
                    unit.directives.push(DirectiveRef {
                        date: d.date,
                        slot: store.put(&store::encode(d)),
                    });
                }
            }
        }
        let end = p.end();
        for (ind, k) in r.indicators.iter().zip(indicators) {
            let n = *ind_index.entry(k).or_insert_with(|| {
                inds.push(IndAcc {
                    name: ind.name.clone(),
                    ..Default::default()
                });
                inds.len() - 1
            });
            let Some(acc) = inds.get_mut(n) else { continue };
            if acc.unit.is_none() {
                acc.unit = ind.unit.clone();
            }
            if let Some(c) = acc.kinds.get_mut(kind_index(ind.kind)) {
                *c += 1;
            }
            for &(u, f) in &targets {
                // A rate is never divided: a part of a unit has no rate of its own.
                if f < 1.0 && ind.kind == IndicatorKind::Rate {
                    continue;
                }
                if let (Some(v), Some(id)) = (ind.value, own_id) {
                    let e = acc.merged.entry((u, id)).or_insert((end, v * f));
                    if end >= e.0 {
                        *e = (end, v * f);
                    }
                }
                let slot = acc.per_unit.entry(u).or_default();
                if let Some(v) = ind.value.map(|v| v * f) {
                    slot.0 = Some(slot.0.unwrap_or(0.0) + v);
                    if slot.1.map(|(d, _)| end >= d).unwrap_or(true) {
                        slot.1 = Some((end, v));
                    }
                }
            }
        }
    }

    // 8. Every column vector as long as the categories; coverage, directives
    //    in order, indicators finished.
    let ncat = categories.len();
    by_category.resize(ncat, Totals::default());
    for row in &mut by_period {
        row.by_category.resize(ncat, Totals::default());
    }
    let mut diagnostics = plan_notes;
    // Across a reorganisation: (old unit, its months missing) of the row at hand.
    let mut lacking: Vec<(String, Vec<Period>)> = Vec::new();
    for (ui, u) in units.iter_mut().enumerate() {
        lacking.clear();
        u.by_category.resize(ncat, Totals::default());
        if let Some((plan, row)) = plan.as_ref().and_then(|p| Some((p, p.rows.get(&u.key)?))) {
            // A divided unit's row is expected only up to the change; a new
            // unit has a month before it when every unit that went into it
            // (wholly, or with a share) sent it, or when it sent it itself.
            let date = plan.date();
            if !row.divided_among.is_empty() {
                u.expected.retain(|m| m.start() < date);
            } else if !row.required.is_empty() {
                let has = |k: &str, m: &Period| own_months.get(&(ui, k.to_string())).is_some_and(|s| s.contains(m));
                u.covered = u
                    .expected
                    .iter()
                    .filter(|m| has(&u.key, m) || (m.start() < date && row.required.iter().all(|k| has(k, m))))
                    .copied()
                    .collect();
                // Which old unit lacks which month: the one the clerk must ask.
                let mut by_unit: BTreeMap<usize, Vec<Period>> = BTreeMap::new();
                for m in u.expected.iter().filter(|m| m.start() < date && !u.covered.contains(m)) {
                    for (n, k) in row.required.iter().enumerate() {
                        if !has(k, m) {
                            by_unit.entry(n).or_default().push(*m);
                        }
                    }
                }
                for (n, ms) in by_unit {
                    if let Some(name) = row.predecessors.get(n) {
                        lacking.push((name.clone(), ms));
                    }
                }
            }
        }
        u.covered.sort();
        u.directives.shrink_to_fit();
        sort_directives(&mut u.directives, &store);
        if let (false, Some(pp)) = (u.is_complete(), period) {
            // A month whose file was read but left out (errors, double
            // counting) is "bị loại", not "thiếu": the clerk must fix the
            // file, not ask the ward for it.
            let rejected: Vec<Period> = u
                .expected
                .iter()
                .filter(|m| !u.covered.contains(m))
                .filter(|m| {
                    files.iter().any(|f| {
                        matches!(f.status, Status::LeftOut(LeftOut::Errors | LeftOut::DoubleCount { .. }))
                            && f.unit.key.as_deref() == Some(u.key.as_str())
                            && f.period().is_some_and(|p| p.contains(m))
                    })
                })
                .copied()
                .collect();
            let missing: Vec<Period> = u
                .expected
                .iter()
                .filter(|m| !u.covered.contains(m) && !rejected.contains(m))
                .copied()
                .collect();
            let list_vi = |ms: &[Period]| ms.iter().map(|m| m.label_lower()).collect::<Vec<_>>().join(", ");
            let list_en = |ms: &[Period]| ms.iter().map(|m| m.machine()).collect::<Vec<_>>().join(", ");
            let mut vi = format!("có số liệu {} của {}", u.coverage_label(), pp.label_lower());
            let mut en = format!("data for {}/{} months of {}", u.covered.len(), u.expected.len(), pp.label_en());
            if !missing.is_empty() {
                vi.push_str(&format!("; thiếu {}", list_vi(&missing)));
                en.push_str(&format!("; missing {}", list_en(&missing)));
            }
            if !lacking.is_empty() {
                let vi_l: Vec<String> = lacking.iter().map(|(n, ms)| format!("{n} ({})", list_vi(ms))).collect();
                let en_l: Vec<String> = lacking.iter().map(|(n, ms)| format!("{n} ({})", list_en(ms))).collect();
                vi.push_str(&format!("; trước ngày sắp xếp thiếu sổ của: {}", vi_l.join(", ")));
                en.push_str(&format!("; before the reorganisation, no workbook from: {}", en_l.join(", ")));
            }
            if !rejected.is_empty() {
                vi.push_str(&format!("; bị loại vì tệp có lỗi hoặc tính trùng: {}", list_vi(&rejected)));
                en.push_str(&format!("; left out for errors or double counting: {}", list_en(&rejected)));
            }
            // The unit is the diagnostic's label, printed before the message.
            let mut d = Diagnostic::new("W-COVERAGE", format!("{vi}."), format!("{en}."));
            d.label = Some(u.label.clone());
            diagnostics.push(d);
        }
    }
    let indicators: Vec<IndicatorSummary> = inds
        .into_iter()
        .map(|acc| {
            let best = (0..3).max_by(|&a, &b| acc.kinds[a].cmp(&acc.kinds[b]).then(b.cmp(&a))).unwrap_or(0);
            let kind = IndicatorKind::ALL[best];
            let kind_mixed = acc.kinds.iter().filter(|&&c| c > 0).count() > 1;
            if kind_mixed {
                let seen: Vec<&str> = (0..3)
                    .filter(|&k| acc.kinds[k] > 0)
                    .map(|k| IndicatorKind::ALL[k].label_vi())
                    .collect();
                diagnostics.push(
                    Diagnostic::new(
                        "W-INDICATOR-KIND-MIXED",
                        format!(
                            "Chỉ tiêu \"{}\" có Tính chất khác nhau giữa các tệp ({}); tổng hợp theo \"{}\" (phổ biến nhất).",
                            acc.name,
                            seen.join(", "),
                            kind.label_vi()
                        ),
                        format!(
                            "Indicator \"{}\" has different kinds across files ({}); consolidated as \"{}\" (the most common).",
                            acc.name,
                            seen.join(", "),
                            kind.label_vi()
                        ),
                    )
                    .with_label(acc.name.clone()),
                );
            }
            let by_unit: Vec<Option<f64>> = (0..units.len())
                .map(|u| {
                    let merged: Vec<(Date, f64)> = acc.merged.range((u, 0)..=(u, usize::MAX)).map(|(_, v)| *v).collect();
                    if kind != IndicatorKind::Flow && merged.len() > 1 {
                        let last = merged.iter().map(|m| m.0).max()?;
                        let mut at: Vec<f64> = merged.iter().filter(|m| m.0 == last).map(|m| m.1).collect();
                        at.sort_by(|a, b| a.total_cmp(b));
                        return match kind {
                            IndicatorKind::Stock => Some(at.iter().sum()),
                            _ => median(&at),
                        };
                    }
                    acc.per_unit.get(&u).and_then(|(sum, latest)| match kind {
                        IndicatorKind::Flow => *sum,
                        _ => latest.map(|(_, v)| v),
                    })
                })
                .collect();
            let mut vals: Vec<f64> = by_unit.iter().flatten().copied().collect();
            let (total, min, max, med) = if kind == IndicatorKind::Rate {
                vals.sort_by(|a, b| a.total_cmp(b));
                (None, vals.first().copied(), vals.last().copied(), median(&vals))
            } else {
                let t = if vals.is_empty() { None } else { Some(vals.iter().sum()) };
                (t, None, None, None)
            };
            IndicatorSummary {
                name: acc.name,
                unit: acc.unit,
                kind,
                kind_mixed,
                by_unit,
                total,
                min,
                max,
                median: med,
            }
        })
        .collect();
    if let Some(plan) = &plan {
        let used: std::collections::BTreeSet<String> = files
            .iter()
            .filter(|e| e.status.is_used())
            .filter_map(|e| e.placement.as_deref().map(|p| p.own_key.clone()))
            .collect();
        diagnostics.extend(reorg::summary_notes(plan, &used));
    }
    let directives: usize = units.iter().map(|u| u.directives.len()).sum();
    diagnostics.extend(super::excel::summary_limits(
        categories.len(),
        indicators.len(),
        directives,
        files.len(),
    ));

    Consolidation {
        period,
        files,
        units,
        categories,
        by_category,
        by_period,
        indicators,
        totals,
        diagnostics,
        allow_errors: opts.allow_errors,
        previous: None,
        reorganisation: plan.as_ref().filter(|p| p.forward).map(|p| (p.date(), p.reorg.source.clone())),
        store,
    }
}
