//! Placing each input in its unit across a reorganisation (issue 14): an old
//! unit's workbook goes under the new unit it went into, wholly; a unit that
//! was divided keeps its own row (its figures cannot be apportioned without
//! data) unless the mapping gives shares; an old unit reporting after the
//! change, or an old and a new unit's workbooks for the same months, are
//! double counting.
//!
//! Only a consolidation whose period ends on or after a reorganisation's date
//! uses it (and only then is the embedded data decoded): a summary of 2018,
//! or of the first half of 2025, is of the units of its time.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

use super::*;
use crate::dvhc::{Found, Mapping, Reorganisation, Share, Side};
use crate::model::Date;
use crate::normalize::text::identity_key;

/// Where one input's figures go.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Placement {
    /// The unit it is of, at its own time: two inputs of one such unit that
    /// overlap are double counting ("old#07123", "#07069").
    pub own_key: String,
    /// The rows its figures go to, with the part of them (1 but for a divided
    /// unit whose shares the mapping gives).
    pub targets: Vec<(String, f64)>,
    /// Its unit as it was before the change (index into the old units), or after it.
    pub side: Side,
    pub index: usize,
}

/// What the summary says about one row's unit.
#[derive(Debug, Clone, Default)]
pub(super) struct RowInfo {
    pub name: String,
    pub code: Option<String>,
    pub label: String,
    /// Old units whose figures are in the row (names as in the mapping).
    pub predecessors: Vec<String>,
    /// Identities of the units whose files must cover a month before the
    /// change for the row to have it (every old unit that went into it
    /// wholly, or with a given share).
    pub required: Vec<String>,
    /// A divided old unit's own row: the new units it went into.
    pub divided_among: Vec<String>,
}

/// The reorganisation applied to one consolidation.
pub(super) struct Plan {
    pub reorg: Arc<Reorganisation>,
    /// Rows by key.
    pub rows: BTreeMap<String, RowInfo>,
    /// Whether the period ends on or after the change (old units' inputs
    /// then go to their new units); before it, every unit is of its time.
    pub forward: bool,
}

impl Plan {
    pub fn date(&self) -> Date {
        self.reorg.date
    }
}

fn key_of(r: &Reorganisation, side: Side, i: usize) -> String {
    let u = &r.units(side)[i];
    let id = match &u.code {
        Some(c) => format!("#{c}"),
        None => format!(
            "~{}:{}",
            r.provinces.get(u.province).map(|p| p.code.as_str()).unwrap_or(""),
            identity_key(&u.name)
        ),
    };
    match side {
        Side::New => id,
        Side::Old => format!("old{id}"),
    }
}

/// "Phường Kim Sơn" → ("phường", "Kim Sơn").
fn split_kind(name: &str) -> (String, String) {
    for k in ["Phường", "Xã", "Thị trấn", "Đặc khu"] {
        if let Some(rest) = name.strip_prefix(k).and_then(|r| r.strip_prefix(' ')) {
            return (k.to_lowercase(), rest.to_string());
        }
    }
    (String::new(), name.to_string())
}

/// "phường Xuân Sơn, Kim Sơn, xã Việt Dân": the kind said once for a run of the same kind.
pub(crate) fn list_names(names: &[String]) -> String {
    let mut out = String::new();
    let mut last = String::new();
    for (n, name) in names.iter().enumerate() {
        let (kind, bare) = split_kind(name);
        if n > 0 {
            out.push_str(", ");
        }
        if kind != last || kind.is_empty() {
            if !kind.is_empty() {
                out.push_str(&kind);
                out.push(' ');
            }
            last = kind;
        }
        out.push_str(&bare);
    }
    out
}

fn ddmmyyyy(d: Date) -> String {
    d.format("%-d/%-m/%Y").to_string()
}

/// The reorganisation for a period ending on `end`, decoding the embedded
/// data only when it can apply. An embedded data that cannot be decoded
/// is a broken build, said as a warning rather than a panic.
fn mapping_for(opts: &ConsolidateOptions, end: Date, diags: &mut Vec<Diagnostic>) -> Option<Arc<Reorganisation>> {
    if let Some(m) = &opts.mapping {
        return m.in_force(end).cloned().map(Arc::new);
    }
    let (y, m, d) = Mapping::EMBEDDED_DATE;
    if Date::from_ymd_opt(y, m, d).is_none_or(|date| end < date) {
        return None;
    }
    static EMBEDDED: std::sync::OnceLock<Result<Arc<Reorganisation>, String>> = std::sync::OnceLock::new();
    match EMBEDDED.get_or_init(|| crate::dvhc::embedded::load().map(Arc::new)) {
        Ok(r) => Some(r.clone()),
        Err(e) => {
            diags.push(Diagnostic::new(
                "W-UNIT-NOT-PLACED",
                format!("Không đọc được danh mục đơn vị hành chính gắn trong chương trình ({e}): các tệp được tổng hợp theo đơn vị ghi trong tệp."),
                format!("The built-in list of administrative units cannot be read ({e}): files are consolidated by the unit they name."),
            ));
            None
        }
    }
}

/// Why an input could not be placed.
enum NotPlaced {
    /// No code found, and no province to look the name up in.
    NoProvince,
    /// Not in the province's lists.
    Missing,
    /// Several units of the name (shown with their codes).
    Ambiguous(Vec<String>),
}

/// A Mã đơn vị that is not believed: its unit (on either side of the
/// change) has another name than the workbook's Địa bàn, or is in another
/// province than the office's.
struct Contradiction {
    side: Side,
    unit: usize,
    other_name: bool,
    other_province: bool,
}

/// Finds the unit of an input at its own time. Before the change its code
/// and name are the old ones; after it (or across it) the new ones first,
/// then the old ones (an old unit reporting after the change, caught as
/// double counting). A code is national; a name is looked up in the
/// province only. A code whose unit has another name than the workbook's
/// Địa bàn is tried on the other side before it is believed (07093 was
/// Đức Chính before the change and is Đông Triều after it); a code whose
/// unit has the name on neither side, or is of another province than the
/// office's, contradicts the workbook and is not believed: the name is
/// looked up instead (design.md, "Across a reorganisation of units").
fn find(
    r: &Reorganisation,
    e: &FileEntry,
    province: Option<usize>,
    office: Option<usize>,
    p: Period,
) -> (Result<(Side, usize), NotPlaced>, Option<Contradiction>) {
    let sides: &[Side] = if p.end() < r.date {
        &[Side::Old, Side::New]
    } else {
        &[Side::New, Side::Old]
    };
    let name = e.unit.area.as_deref().filter(|s| !s.trim().is_empty());
    let mut contradiction = None;
    if let Some(code) = e.unit.code.as_deref() {
        let mut named = None;
        let mut fallback = None;
        for &s in sides {
            if let Some(u) = r.by_code(s, code) {
                if name.is_none_or(|n| r.name_matches(s, u, n)) {
                    named = Some((s, u));
                    break;
                }
                fallback.get_or_insert((s, u));
            }
        }
        if let Some((s, u)) = named.or(fallback) {
            let other_province = office.is_some_and(|o| o != r.units(s)[u].province);
            if named.is_some() && !other_province {
                return (Ok((s, u)), None);
            }
            contradiction = Some(Contradiction {
                side: s,
                unit: u,
                other_name: named.is_none(),
                other_province,
            });
        }
    }
    let (Some(name), Some(prov)) = (name, province) else {
        return (Err(NotPlaced::NoProvince), contradiction);
    };
    for &s in sides {
        match r.by_name(s, name, prov) {
            Found::One(u) => return (Ok((s, u)), contradiction),
            Found::Ambiguous(us) => {
                let names = us
                    .iter()
                    .map(|&u| format!("{} ({})", r.units(s)[u].name, r.units(s)[u].code.as_deref().unwrap_or("?")))
                    .collect();
                return (Err(NotPlaced::Ambiguous(names)), contradiction);
            }
            Found::None => {}
        }
    }
    (Err(NotPlaced::Missing), contradiction)
}

/// W-UNIT-CODE-MISMATCH: the file, the code's cell, whose unit the code is
/// and how it contradicts the workbook, and what was done instead.
fn mismatch_note(r: &Reorganisation, e: &FileEntry, c: &Contradiction, office: Option<usize>, placed: Option<&str>) -> Diagnostic {
    let u = &r.units(c.side)[c.unit];
    let code = e.unit.code.as_deref().unwrap_or("");
    let prov = r.provinces.get(u.province).map(|p| p.name.as_str()).unwrap_or("?");
    let area = e.unit.area.as_deref().unwrap_or("");
    let office_name = office.and_then(|o| r.provinces.get(o)).map(|p| p.name.as_str()).unwrap_or("");
    let mut why_vi = Vec::new();
    let mut why_en = Vec::new();
    if c.other_name {
        why_vi.push(format!("Địa bàn của sổ là \"{area}\""));
        why_en.push(format!("the workbook's Địa bàn is \"{area}\""));
    }
    if c.other_province {
        why_vi.push(format!("đơn vị tổng hợp thuộc {office_name}"));
        why_en.push(format!("the consolidating office is in {office_name}"));
    }
    let (done_vi, done_en) = match placed {
        Some(n) => (
            format!("Tệp được xếp theo tên Địa bàn: {n}."),
            format!("The file is placed by its Địa bàn: {n}."),
        ),
        None => (
            "Tệp không được xếp theo mã này.".to_string(),
            "The file is not placed by this code.".to_string(),
        ),
    };
    Diagnostic::new(
        "W-UNIT-CODE-MISMATCH",
        format!(
            "Tệp {}: Mã đơn vị {code} là của {} ({prov}), nhưng {}; mã không khớp với sổ nên không được dùng. {done_vi} Sửa Mã đơn vị cho đúng đơn vị của sổ (hoặc để trống).",
            e.path,
            u.name,
            why_vi.join(" và ")
        ),
        format!(
            "{}: the Mã đơn vị {code} is that of {} ({prov}), but {}; the code contradicts the workbook and is not used. {done_en} Correct the Mã đơn vị to the workbook's unit (or leave it empty).",
            e.path,
            u.name,
            why_en.join(" and ")
        ),
    )
    .in_file(&e.path)
    .at_opt(e.unit.code_at.as_ref())
}

/// Places every input with a unit; returns the plan, or `None` when no
/// reorganisation applies to `period`.
pub(super) fn place(
    files: &mut [FileEntry],
    opts: &ConsolidateOptions,
    period: Option<Period>,
    store: &store::Store,
    diags: &mut Vec<Diagnostic>,
) -> Option<Plan> {
    let pp = period?;
    // A period before the change with inputs after it (the first half of
    // 2025 from a folder of the whole year) still needs the mapping: a code
    // may name another unit after the change (07093: Đức Chính, then Đông
    // Triều), so each input is placed in its unit of its own time.
    let target = opts.as_of.map_or(pp.end(), |d| d.max(pp.end()));
    let latest = files
        .iter()
        .filter_map(|e| e.period)
        .map(|p| p.end())
        .max()
        .unwrap_or(target)
        .max(target);
    let reorg = mapping_for(opts, latest, diags)?;
    let r = &*reorg;
    let forward = target >= r.date;
    let office = opts.province.as_deref().and_then(|t| r.province_in(t));
    let mut rows: BTreeMap<String, RowInfo> = BTreeMap::new();
    let spans = pp.start() < r.date;
    let until = ddmmyyyy(r.last_old_day());
    for e in files.iter_mut() {
        let (Some(p), true) = (e.period, e.unit.key.is_some()) else {
            continue;
        };
        if matches!(e.status, Status::LeftOut(LeftOut::Ours | LeftOut::Unreadable)) {
            continue;
        }
        let province = e.unit.authority.as_deref().and_then(|t| r.province_in(t)).or(office);
        let (found, contradiction) = find(r, e, province, office, p);
        if let Some(c) = &contradiction {
            let placed = found.as_ref().ok().map(|&(s, u)| r.units(s)[u].name.as_str());
            let d = mismatch_note(r, e, c, office, placed);
            e.notes.push(store.put(&store::encode_diagnostics(std::slice::from_ref(&d))));
            // Not believed, the code no longer makes the file's unit (nor
            // its row's code): its name does.
            if let Some(area) = e.unit.area.as_deref() {
                let key = Some(identity_key(area).into());
                let unit = Arc::make_mut(&mut e.unit);
                unit.key = key;
                unit.code = None;
            }
        }
        let (side, i) = match found {
            Ok(f) => f,
            // Before the change nothing is moved: an input not in the lists
            // is simply of its own unit, as always.
            Err(_) if !forward => continue,
            Err(why) => {
                let shown = e.unit.display.clone().unwrap_or_default();
                let (vi, en) = match (why, province) {
                    (NotPlaced::Ambiguous(names), _) => (
                        format!("Có nhiều đơn vị tên \"{shown}\" trong tỉnh: {}; ghi Mã đơn vị vào sổ để chọn đúng. Tệp được tổng hợp riêng theo tên ghi trong tệp.", names.join(", ")),
                        format!("Several units are named \"{shown}\" in the province: {}; put the Mã đơn vị in the workbook to choose. The file is consolidated on its own, by the name it gives.", names.join(", ")),
                    ),
                    (NotPlaced::NoProvince, _) | (NotPlaced::Missing, None) => (
                        format!("Không biết \"{shown}\" thuộc tỉnh nào (cơ quan chủ quản của sổ và tệp --config không ghi tỉnh), nên không đối chiếu được với danh mục đơn vị sau sắp xếp ngày {}; ghi Mã đơn vị vào sổ, hoặc [unit] province trong --config. Tệp được tổng hợp riêng theo tên ghi trong tệp.", ddmmyyyy(r.date)),
                        format!("Which province \"{shown}\" is in is not known (neither the workbook's superior body nor the --config names one), so it cannot be matched with the units of the {} reorganisation; put the Mã đơn vị in the workbook, or [unit] province in --config. The file is consolidated on its own, by the name it gives.", r.date),
                    ),
                    (NotPlaced::Missing, Some(pr)) => (
                        format!("Không tìm thấy \"{shown}\" trong danh mục đơn vị của {} trước và sau ngày {}; tệp được tổng hợp riêng theo tên ghi trong tệp. Nếu đơn vị đã được sắp xếp, khai báo trong tệp --mapping.", r.provinces[pr].name, ddmmyyyy(r.date)),
                        format!("\"{shown}\" is not among the units of {} before or after {}; the file is consolidated on its own, by the name it gives. If the unit was reorganised, say so in a --mapping file.", r.provinces[pr].name, r.date),
                    ),
                };
                let d = Diagnostic::new("W-UNIT-NOT-PLACED", vi, en).in_file(&e.path);
                e.notes.push(store.put(&store::encode_diagnostics(std::slice::from_ref(&d))));
                continue;
            }
        };
        let own_key = key_of(r, side, i);
        // The new units its figures go to, with the part of them; none: a
        // divided unit without shares, on its own row.
        let into: Vec<(usize, f64)> = match side {
            Side::New => vec![(i, 1.0)],
            Side::Old if !forward => {
                let row = rows.entry(own_key.clone()).or_default();
                if row.name.is_empty() {
                    row.name = r.old[i].name.clone();
                    row.code = r.old[i].code.clone();
                    row.label = row.name.clone();
                }
                Vec::new()
            }
            Side::Old => {
                let succ = r.successors(i);
                let given: Vec<(usize, f64)> = succ
                    .iter()
                    .filter_map(|&(n, s)| match s {
                        Share::Full => Some((n, 1.0)),
                        Share::Given(v) => Some((n, v)),
                        Share::Partial => None,
                    })
                    .collect();
                if given.len() == succ.len() {
                    given
                } else {
                    let row = rows.entry(own_key.clone()).or_default();
                    if row.name.is_empty() {
                        let u = &r.old[i];
                        let among: Vec<String> = succ.iter().map(|&(n, _)| r.new[n].name.clone()).collect();
                        let bare: Vec<String> = among.iter().map(|n| split_kind(n).1).collect();
                        row.name = u.name.clone();
                        row.code = u.code.clone();
                        row.label = format!("{} (cũ) — chia cho {}", u.name, bare.join(", "));
                        row.divided_among = among;
                        row.required = vec![own_key.clone()];
                    }
                    Vec::new()
                }
            }
        };
        let mut targets: Vec<(String, f64)> = Vec::new();
        for &(n, f) in &into {
            let k = key_of(r, Side::New, n);
            let row = rows.entry(k.clone()).or_default();
            if row.name.is_empty() {
                let u = &r.new[n];
                row.name = u.name.clone();
                row.code = u.code.clone();
                let mut preds = Vec::new();
                for (o, s) in r.predecessors(n) {
                    match s {
                        Share::Full => preds.push(r.old[o].name.clone()),
                        Share::Given(v) => {
                            let (kind, bare) = split_kind(&r.old[o].name);
                            preds.push(format!("{}% {kind} {bare}", crate::normalize::number::format_decimal(v * 100.0, 1)))
                        }
                        Share::Partial => continue,
                    }
                    row.required.push(key_of(r, Side::Old, o));
                }
                row.label = if spans && !preds.is_empty() {
                    format!("{} (gồm {} đến {until})", u.name, list_names(&preds))
                } else {
                    u.name.clone()
                };
                row.predecessors = preds;
            }
            targets.push((k, f));
        }
        if targets.is_empty() {
            targets.push((own_key.clone(), 1.0));
        }
        Arc::make_mut(&mut e.unit).key = targets.first().map(|t| t.0.as_str().into());
        e.placement = Some(Box::new(Placement {
            own_key,
            targets,
            side,
            index: i,
        }));
    }
    Some(Plan { reorg, rows, forward })
}

/// Cross-change double counting: pairs of inputs (indices) where one is a new
/// unit's covering months before the change and the other an old unit's
/// that went into it (wholly or in part) for the same months; or both are
/// an old unit's and its successor's for months after it.
pub(super) fn clashes(files: &[FileEntry], plan: &Plan) -> Vec<(usize, usize)> {
    let r = &plan.reorg;
    let mut out = Vec::new();
    let used = |e: &FileEntry| e.status.is_used();
    let placed: Vec<(usize, &Placement, Period)> = files
        .iter()
        .enumerate()
        .filter(|(_, e)| used(e))
        .filter_map(|(i, e)| Some((i, e.placement.as_deref()?, e.period?)))
        .collect();
    for &(i, a, pa) in &placed {
        if a.side != Side::Old {
            continue;
        }
        let succ: BTreeSet<usize> = r.successors(a.index).into_iter().map(|(n, _)| n).collect();
        for &(j, b, pb) in &placed {
            if b.side == Side::New && succ.contains(&b.index) && pa.overlaps(&pb) {
                out.push((i, j));
            }
        }
    }
    out
}

/// Inputs of an old unit whose period reaches past the change: the unit no longer existed.
pub(super) fn stale(files: &[FileEntry], plan: &Plan) -> Vec<usize> {
    files
        .iter()
        .enumerate()
        .filter(|(_, e)| e.status.is_used())
        .filter(|(_, e)| e.placement.as_deref().is_some_and(|p| p.side == Side::Old) && e.period.is_some_and(|p| p.end() >= plan.date()))
        .map(|(i, _)| i)
        .collect()
}

/// The message for an input that clashes across the change, naming the old
/// unit and the new one it went into: an old unit's input says its own unit
/// and its successors; a new unit's says the old units of the inputs it
/// clashes with (`others`), and itself.
pub(super) fn clash_note(e: &FileEntry, with: &[String], others: &[&FileEntry], plan: &Plan) -> Diagnostic {
    let r = &plan.reorg;
    let (old, succ) = match e.placement.as_deref() {
        Some(p) if p.side == Side::Old => (
            r.old[p.index].name.clone(),
            r.successors(p.index)
                .iter()
                .map(|&(n, _)| r.new[n].name.clone())
                .collect::<Vec<_>>()
                .join(", "),
        ),
        Some(p) => {
            let mut olds: Vec<String> = Vec::new();
            for o in others.iter().filter_map(|o| o.placement.as_deref()) {
                let went_here = r.successors(o.index).iter().any(|&(n, _)| n == p.index);
                let name = &r.old[o.index].name;
                if o.side == Side::Old && went_here && !olds.contains(name) {
                    olds.push(name.clone());
                }
            }
            (olds.join(", "), r.new[p.index].name.clone())
        }
        None => (String::new(), String::new()),
    };
    let label = e.period.map(|p| (p.label(), p.label_en())).unwrap_or_default();
    let date = ddmmyyyy(r.date);
    let (vi, en) = if with.is_empty() {
        (
            format!("Tệp {} ({}) là của {old}, đơn vị không còn từ ngày {date} (đã sắp xếp vào {succ}): số liệu từ ngày đó phải do đơn vị mới báo cáo, tính cả tệp này là tính hai lần. Tệp bị bỏ ra; đổi sang sổ của đơn vị mới rồi chạy lại.", e.path, label.0),
            format!("{} ({}) is of {old}, a unit that no longer exists from {} (it went into {succ}): from that day the new unit reports, and counting this file too is double counting. It is left out; redo it as the new unit's workbook and run again.", e.path, label.1, r.date),
        )
    } else {
        (
            format!("Tệp {} ({}) trùng thời gian với {} qua đợt sắp xếp đơn vị ngày {date} ({old} đã sắp xếp vào {succ}): số liệu bị tính hai lần; các tệp này đều bị bỏ ra. Bỏ bớt tệp thừa rồi chạy lại.", e.path, label.0, with.join(", ")),
            format!("{} ({}) overlaps in time with {} across the reorganisation of {} ({old} went into {succ}): double counting; all of them are left out. Remove the extra files and run again.", e.path, label.1, with.join(", "), r.date),
        )
    };
    Diagnostic::new("E-REORG-DOUBLE-COUNT", vi, en).in_file(&e.path)
}

/// Splits a count among parts in proportion, so that the parts add up to
/// it: each part rounded down, the rest given one by one to the largest
/// remainders (ties: the first).
pub(super) fn apportion(v: u64, parts: &[f64]) -> Vec<u64> {
    let exact: Vec<f64> = parts.iter().map(|p| v as f64 * p).collect();
    let mut out: Vec<u64> = exact.iter().map(|x| x.floor() as u64).collect();
    let mut left = v.saturating_sub(out.iter().sum());
    let mut order: Vec<usize> = (0..parts.len()).collect();
    order.sort_by(|&a, &b| {
        (exact[b] - exact[b].floor())
            .total_cmp(&(exact[a] - exact[a].floor()))
            .then(a.cmp(&b))
    });
    for i in order {
        if left == 0 {
            break;
        }
        out[i] += 1;
        left -= 1;
    }
    out
}

/// Notes about the whole: a divided unit kept on its own row, or apportioned by the mapping's shares.
pub(super) fn summary_notes(plan: &Plan, used_keys: &BTreeSet<String>) -> Vec<Diagnostic> {
    let r = &plan.reorg;
    let mut out = Vec::new();
    for (k, row) in &plan.rows {
        if row.divided_among.is_empty() || !used_keys.contains(k) {
            continue;
        }
        let among = list_names(&row.divided_among);
        out.push(
            Diagnostic::new(
                "W-UNIT-DIVIDED",
                format!("{} được chia cho {among} từ ngày {}; số liệu trước ngày đó không chia được khi không có tỷ lệ, nên được ghi thành một dòng riêng và tính một lần vào tổng. Nếu có tỷ lệ chia, ghi vào tệp --mapping.", row.name, ddmmyyyy(r.date)),
                format!("{} was divided among {among} from {}; its figures before then cannot be apportioned without shares, so they are on a row of their own and counted once in the total. Give the shares in a --mapping file if they are known.", row.name, r.date),
            )
            .with_label(row.label.clone()),
        );
    }
    // Old units apportioned by given shares.
    let mut seen = BTreeSet::new();
    for (o, u) in r.old.iter().enumerate() {
        let succ = r.successors(o);
        if !succ.iter().any(|(_, s)| matches!(s, Share::Given(_))) || !used_keys.contains(&key_of(r, Side::Old, o)) || !seen.insert(o) {
            continue;
        }
        let parts: Vec<String> = succ
            .iter()
            .map(|&(n, s)| {
                let v = if let Share::Given(v) = s { v } else { 1.0 };
                format!("{}% cho {}", crate::normalize::number::format_decimal(v * 100.0, 1), r.new[n].name)
            })
            .collect();
        out.push(Diagnostic::new(
            "N-UNIT-APPORTIONED",
            format!(
                "Số liệu của {} đến {} được chia theo tỷ lệ trong tệp ánh xạ: {}.",
                u.name,
                ddmmyyyy(r.last_old_day()),
                parts.join(", ")
            ),
            format!(
                "The figures of {} up to {} are apportioned by the mapping's shares: {}.",
                u.name,
                r.last_old_day(),
                parts.join(", ").replace(" cho ", " to ")
            ),
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use sha2::{Digest, Sha256};

    use super::*;
    use crate::model::{Activity, CategoryId, Report, Unit};
    use crate::period::Span;

    fn month(y: i32, m: u8) -> Period {
        Period::new(y, Span::Month(m)).unwrap()
    }

    /// A workbook of `area` (and `code`) for `p` with `n` participants in one class of kind 2.
    fn input(path: &str, area: &str, code: Option<&str>, p: Period, n: u64) -> Input {
        let r = Report {
            unit: Unit {
                area: Some(area.into()),
                code: code.map(str::to_string),
                ..Default::default()
            },
            period: Some(p),
            activities: vec![Activity {
                category: CategoryId::Standard(2),
                name: "x".into(),
                classes: Some(1),
                participants: Some(n),
                female: None,
                note: None,
                source: None,
            }],
            ..Default::default()
        };
        let sha: [u8; 32] = Sha256::digest(format!("{path}{r:?}").as_bytes()).into();
        Input {
            path: path.into(),
            sha256: Some(sha),
            outcome: InputOutcome::Read(crate::Checked {
                report: r,
                diagnostics: vec![],
            }),
        }
    }

    fn opts(period: &str) -> ConsolidateOptions {
        ConsolidateOptions {
            period: crate::normalize::period::parse_machine(period),
            province: Some("Quảng Ninh".into()),
            ..Default::default()
        }
    }

    fn codes(c: &Consolidation) -> Vec<(String, &'static str)> {
        let mut v: Vec<(String, &'static str)> = c
            .all_diagnostics()
            .map(|d| (d.file.clone().or(d.label.clone()).unwrap_or_default(), d.code))
            .collect();
        v.sort();
        v
    }

    /// Mạo Khê's four predecessors January–June (Kim Sơn by name only, the
    /// others by code), the new ward July–December.
    fn mao_khe_2025(skip: Option<(&str, u8)>) -> Vec<Input> {
        let mut v = Vec::new();
        for m in 1..=6u8 {
            for (slug, area, code) in [
                ("kim-son", "Phường Kim Sơn", None),
                ("xuan-son", "Phường Xuân Sơn", Some("07105")),
                ("yen-tho", "Phường Yên Thọ", Some("07117")),
                ("mao-khe-cu", "Phường Mạo Khê", Some("07069")),
            ] {
                if skip == Some((slug, m)) {
                    continue;
                }
                v.push(input(&format!("{slug}-{m}"), area, code, month(2025, m), 10 + u64::from(m)));
            }
        }
        for m in 7..=12u8 {
            v.push(input(&format!("mao-khe-{m}"), "Phường Mạo Khê", Some("07069"), month(2025, m), 100));
        }
        v
    }

    #[test]
    fn a_year_across_the_change_has_each_new_unit_with_its_predecessors_months() {
        let c = consolidate(mao_khe_2025(None), &opts("2025"));
        assert_eq!(c.units.len(), 1, "{:?}", c.units.iter().map(|u| &u.label).collect::<Vec<_>>());
        let u = &c.units[0];
        assert_eq!(
            u.label,
            "Phường Mạo Khê (gồm phường Mạo Khê, Xuân Sơn, Yên Thọ, Kim Sơn đến 30/6/2025)"
        );
        assert_eq!(u.code.as_deref(), Some("07069"));
        assert_eq!(u.coverage_label(), "12/12 tháng");
        let want: u64 = (1..=6u64).map(|m| 4 * (10 + m)).sum::<u64>() + 6 * 100;
        assert_eq!(u.totals.participants, Some(want));
        assert_eq!(c.totals.participants, Some(want));
        assert_eq!(c.exit_code(), 0);
        assert!(codes(&c).is_empty(), "{:?}", codes(&c));

        // One predecessor's month missing: the new unit lacks that month.
        let c = consolidate(mao_khe_2025(Some(("xuan-son", 3))), &opts("2025"));
        let u = &c.units[0];
        assert_eq!(u.coverage_label(), "11/12 tháng");
        assert!(!u.covered.contains(&month(2025, 3)));
        assert_eq!(codes(&c), [(u.label.clone(), "W-COVERAGE")]);
        let d = c.all_diagnostics().next().unwrap();
        assert_eq!(
            d.message_vi,
            "có số liệu 11/12 tháng của năm 2025; thiếu tháng 3/2025; trước ngày sắp xếp thiếu sổ của: Phường Xuân Sơn (tháng 3/2025)."
        );
    }

    #[test]
    fn before_the_change_the_old_units_stay_and_after_it_old_workbooks_are_double_counting() {
        let c = consolidate(mao_khe_2025(None), &opts("2025-H1"));
        let names: Vec<&str> = c.units.iter().map(|u| u.label.as_str()).collect();
        assert_eq!(names, ["Phường Kim Sơn", "Phường Mạo Khê", "Phường Xuân Sơn", "Phường Yên Thọ"]);

        // Kim Sơn still reporting in July, beside the new ward's July.
        let mut v = mao_khe_2025(None);
        v.push(input("kim-son-7", "Phường Kim Sơn", None, month(2025, 7), 5));
        let c = consolidate(v, &opts("2025-H2"));
        assert_eq!(c.exit_code(), 1);
        let out: Vec<(&str, &Status)> = c
            .files
            .iter()
            .filter(|f| !f.status.is_used())
            .map(|f| (f.path.as_str(), &f.status))
            .collect();
        let with = |p: &str| Status::LeftOut(LeftOut::DoubleCount { with: vec![p.to_string()] });
        let in_h1 = |p: &str| p.ends_with(&['1', '2', '3', '4', '5', '6'][..]) && !p.starts_with("mao-khe-1");
        let out: Vec<_> = out.into_iter().filter(|(p, _)| !in_h1(p)).collect();
        assert_eq!(out, [("kim-son-7", &with("mao-khe-7")), ("mao-khe-7", &with("kim-son-7"))]);
        let d: Vec<_> = codes(&c).into_iter().filter(|(_, k)| k.starts_with('E')).collect();
        assert_eq!(
            d,
            [
                ("kim-son-7".to_string(), "E-REORG-DOUBLE-COUNT"),
                ("mao-khe-7".to_string(), "E-REORG-DOUBLE-COUNT")
            ]
        );
        let msg = c
            .all_diagnostics()
            .find(|d| d.file.as_deref() == Some("kim-son-7"))
            .unwrap()
            .message_vi;
        assert!(
            msg.contains("mao-khe-7") && msg.contains("Phường Kim Sơn đã sắp xếp vào Phường Mạo Khê"),
            "{msg}"
        );

        // Alone, an old unit reporting after the change is double counting too.
        let c = consolidate(
            vec![input("kim-son-8", "Phường Kim Sơn", None, month(2025, 8), 5)],
            &opts("2025-H2"),
        );
        assert_eq!(c.exit_code(), 1);
        assert_eq!(c.files[0].status, Status::LeftOut(LeftOut::DoubleCount { with: vec![] }));
        assert!(c.file_diagnostics(&c.files[0])[0].message_vi.contains("không còn từ ngày 1/7/2025"));

        // A new unit's workbook for a month before the change, beside a predecessor's.
        let c = consolidate(
            vec![
                input("kim-son-1", "Phường Kim Sơn", None, month(2025, 1), 5),
                input(
                    "mao-khe-moi-q1",
                    "Phường Mạo Khê",
                    Some("07069"),
                    Period::new(2025, Span::Year).unwrap(),
                    5,
                ),
            ],
            &opts("2025"),
        );
        assert_eq!(c.exit_code(), 1);
        assert!(c
            .files
            .iter()
            .all(|f| matches!(f.status, Status::LeftOut(LeftOut::DoubleCount { .. }))));
    }

    #[test]
    fn a_divided_unit_keeps_its_own_row_unless_shares_are_given() {
        let mut v = Vec::new();
        for m in 1..=6u8 {
            v.push(input(
                &format!("duc-chinh-{m}"),
                "Phường Đức Chính",
                Some("07093"),
                month(2025, m),
                101,
            ));
            v.push(input(&format!("binh-duong-{m}"), "Phường Bình Dương", None, month(2025, m), 10));
        }
        for m in 7..=12u8 {
            v.push(input(&format!("an-sinh-{m}"), "Phường An Sinh", Some("07090"), month(2025, m), 20));
            v.push(input(
                &format!("dong-trieu-{m}"),
                "Phường Đông Triều",
                Some("07093"),
                month(2025, m),
                30,
            ));
        }
        let c = consolidate(v.clone(), &opts("2025"));
        let rows: Vec<(&str, String, Option<u64>)> = c
            .units
            .iter()
            .map(|u| (u.label.as_str(), u.coverage_label(), u.totals.participants))
            .collect();
        assert_eq!(
            rows,
            [
                (
                    "Phường An Sinh (gồm xã An Sinh, Việt Dân, phường Bình Dương đến 30/6/2025)",
                    "6/12 tháng".to_string(),
                    Some(60 + 120)
                ),
                (
                    "Phường Đông Triều (gồm xã Nguyễn Huệ, phường Thủy An, Hồng Phong, Hưng Đạo đến 30/6/2025)",
                    "6/12 tháng".to_string(),
                    Some(180)
                ),
                (
                    "Phường Đức Chính (cũ) — chia cho An Sinh, Đông Triều",
                    "6/6 tháng".to_string(),
                    Some(606)
                ),
            ]
        );
        assert_eq!(c.totals.participants, Some(60 + 120 + 180 + 606));
        assert!(codes(&c)
            .iter()
            .any(|(l, k)| *k == "W-UNIT-DIVIDED" && l.starts_with("Phường Đức Chính (cũ)")));

        // With shares (40% / 60%), its figures are apportioned and the total is the same.
        let d = tempfile::tempdir().unwrap();
        let f = d.path().join("chia.csv");
        std::fs::write(
            &f,
            "province,new_code,new_unit,old_code,old_unit,share\n22,07090,Phường An Sinh,07093,Phường Đức Chính,0.4\n22,07093,Phường Đông Triều,07093,Phường Đức Chính,0.6\n",
        )
        .unwrap();
        let m = crate::dvhc::Mapping::with_user_file(Some(crate::dvhc::Mapping::embedded().unwrap()), &f).unwrap();
        let o = ConsolidateOptions {
            mapping: Some(Arc::new(m)),
            ..opts("2025")
        };
        let c = consolidate(v, &o);
        let rows: Vec<(&str, Option<u64>, Option<u64>)> = c
            .units
            .iter()
            .map(|u| (u.label.as_str(), u.totals.participants, u.totals.classes))
            .collect();
        // 101 × 0.4 = 40.4 → 40, 60.6 → 61 each month; one class → 0 and 1.
        assert_eq!(
            rows,
            [
                (
                    "Phường An Sinh (gồm xã An Sinh, Việt Dân, phường Bình Dương, 40% phường Đức Chính đến 30/6/2025)",
                    Some(60 + 120 + 6 * 40),
                    Some(12)
                ),
                (
                    "Phường Đông Triều (gồm xã Nguyễn Huệ, phường Thủy An, Hồng Phong, Hưng Đạo, 60% phường Đức Chính đến 30/6/2025)",
                    Some(180 + 6 * 61),
                    Some(12)
                ),
            ]
        );
        assert_eq!(c.totals.participants, Some(60 + 120 + 180 + 606));
        assert!(codes(&c).iter().any(|(_, k)| *k == "N-UNIT-APPORTIONED"));
    }

    #[test]
    fn names_are_placed_in_the_office_province_only() {
        // "Phường An Sinh" before the change is a ward of Hải Phòng (now in
        // Phạm Sư Mạnh); in Quảng Ninh An Sinh was a commune, and the ward of
        // that name is the new one.
        let i = || input("an-sinh-1", "Phường An Sinh", None, month(2025, 1), 5);
        let c = consolidate(vec![i()], &opts("2025"));
        assert_eq!(c.units[0].code.as_deref(), Some("07090"));
        assert_eq!(c.files[0].placement.as_deref().map(|p| p.side), Some(Side::New));
        let c = consolidate(vec![input("x-1", "Phường Không Có", None, month(2025, 1), 5)], &opts("2025"));
        assert_eq!(
            codes(&c),
            [
                ("Phường Không Có".to_string(), "W-COVERAGE"),
                ("x-1".to_string(), "W-UNIT-NOT-PLACED")
            ]
        );
        assert!(c.file_diagnostics(&c.files[0])[0]
            .message_vi
            .contains("Không tìm thấy \"Phường Không Có\" trong danh mục đơn vị của Tỉnh Quảng Ninh"));
        let o = ConsolidateOptions {
            province: Some("UBND THÀNH PHỐ HẢI PHÒNG".into()),
            ..opts("2025")
        };
        let c = consolidate(vec![i()], &o);
        assert_eq!(c.units[0].name, "Phường Phạm Sư Mạnh");
        // No province at all: not placed, said so.
        let o = ConsolidateOptions {
            province: None,
            ..opts("2025")
        };
        let c = consolidate(vec![i()], &o);
        let d = c.file_diagnostics(&c.files[0]);
        assert_eq!(d[0].code, "W-UNIT-NOT-PLACED");
        assert!(d[0].message_vi.contains("thuộc tỉnh nào"));
        // A code needs no province.
        let c = consolidate(vec![input("x", "Phường Kim Sơn", Some("07123"), month(2025, 1), 5)], &o);
        assert_eq!(c.units[0].name, "Phường Mạo Khê");
    }

    #[test]
    fn a_name_shared_by_several_units_of_the_province_needs_the_code() {
        let o = ConsolidateOptions {
            province: Some("Thành phố Hồ Chí Minh".into()),
            ..opts("2025")
        };
        let c = consolidate(vec![input("p1-1", "Phường 1", None, month(2025, 1), 5)], &o);
        let d = c.file_diagnostics(&c.files[0]);
        assert_eq!(d[0].code, "W-UNIT-NOT-PLACED");
        assert!(
            d[0].message_vi.starts_with("Có nhiều đơn vị tên \"Phường 1\" trong tỉnh"),
            "{}",
            d[0].message_vi
        );
        assert!(d[0].message_vi.contains("Phường 1 (26506)"), "{}", d[0].message_vi);
        assert_eq!(c.units[0].label, "Phường 1");
        let c = consolidate(vec![input("p1-1", "Phường 1", Some("26506"), month(2025, 1), 5)], &o);
        assert_eq!(c.units[0].name, "Phường Vũng Tàu");
    }

    #[test]
    fn apportioning_keeps_the_total() {
        assert_eq!(apportion(101, &[0.4, 0.6]), [40, 61]);
        assert_eq!(apportion(1, &[0.5, 0.5]), [1, 0]);
        assert_eq!(apportion(10, &[1.0 / 3.0, 1.0 / 3.0, 1.0 / 3.0]), [4, 3, 3]);
    }
}
