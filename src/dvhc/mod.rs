//! Reorganisations of commune-level units (đơn vị hành chính cấp xã): which
//! old units went into which new one, on which date, wholly or in part.
//!
//! The 1 July 2025 reorganisation ships inside the binary ([`embedded`]);
//! a user's mapping file (same CSV columns, or a short TOML) corrects or
//! extends it ([`Mapping::with_user_file`]). The consolidation asks it where a
//! workbook belongs ([`Reorganisation::find`]): by Mã đơn vị, which is national,
//! else by name within one province, never nationally (names repeat).

pub mod embedded;
mod user;

use std::collections::HashMap;

use crate::model::Date;
use crate::normalize::text::identity_key;

pub use user::MappingError;

/// How much of an old unit went into a new one.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Share {
    /// The whole old unit.
    Full,
    /// Part of it, in an unknown proportion: its figures cannot be apportioned.
    Partial,
    /// Part of it, with the proportion (0 < share < 1) the user's mapping gives.
    Given(f64),
}

/// Before or after the change date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Side {
    Old,
    New,
}

/// A unit on one side of a reorganisation.
#[derive(Debug, Clone, PartialEq)]
pub struct Unit {
    /// Five-digit code of the General Statistics Office; `None` when a user's
    /// mapping names the unit only.
    pub code: Option<String>,
    pub name: String,
    /// Index into [`Reorganisation::provinces`].
    pub province: usize,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Province {
    pub code: String,
    pub name: String,
}

/// One old unit (wholly or in part) into one new unit.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Link {
    pub old: usize,
    pub new: usize,
    pub share: Share,
}

/// What a look-up found.
#[derive(Debug, Clone, PartialEq)]
pub enum Found {
    One(usize),
    /// Several units of that name in the province (their indices).
    Ambiguous(Vec<usize>),
    None,
}

/// One reorganisation: the units before and after `date` and the links between them.
#[derive(Debug, Clone, PartialEq)]
pub struct Reorganisation {
    /// First day of the new units.
    pub date: Date,
    pub provinces: Vec<Province>,
    pub old: Vec<Unit>,
    pub new: Vec<Unit>,
    pub links: Vec<Link>,
    /// Where the facts come from (shown in messages about them).
    pub source: String,
    /// Look-ups by code, by name and by link, so that placing tens of
    /// thousands of inputs never scans the lists (built by [`Reorganisation::from_rows`]).
    index: Index,
}

#[derive(Debug, Clone, Default, PartialEq)]
struct Index {
    /// [old, new]: code → unit.
    code: [HashMap<String, usize>; 2],
    /// [old, new]: (province, identity key of the name) → units.
    name: [HashMap<(usize, String), Vec<usize>>; 2],
    /// [old, new]: (province, bare name) → units.
    bare: [HashMap<(usize, String), Vec<usize>>; 2],
    /// old → links, new → links (indices into `links`).
    by_old: HashMap<usize, Vec<usize>>,
    by_new: HashMap<usize, Vec<usize>>,
}

fn side_index(side: Side) -> usize {
    match side {
        Side::Old => 0,
        Side::New => 1,
    }
}

/// A name without its kind of unit: "Phường Kim Sơn" → "kim sơn".
pub fn bare_name(name: &str) -> String {
    let k = identity_key(name);
    for p in ["phường ", "xã ", "thị trấn ", "đặc khu ", "p. ", "x. "] {
        if let Some(rest) = k.strip_prefix(p) {
            return rest.to_string();
        }
    }
    k
}

/// Whether a name carries its kind of unit ("Phường …", "Xã …").
fn has_kind(name: &str) -> bool {
    bare_name(name) != identity_key(name)
}

/// The provinces merged into others on 1 July 2025 (resolution
/// 202/2025/QH15), with the code of the province they are part of: a
/// workbook of the first half of 2025 names its province as it was then
/// ("UBND TỈNH HẢI DƯƠNG"), and its units are now looked up in the new one.
pub const MERGED_PROVINCES: &[(&str, &str)] = &[
    ("Hà Giang", "08"),
    ("Yên Bái", "15"),
    ("Bắc Kạn", "19"),
    ("Vĩnh Phúc", "25"),
    ("Hòa Bình", "25"),
    ("Bắc Giang", "24"),
    ("Thái Bình", "33"),
    ("Hải Dương", "31"),
    ("Hà Nam", "37"),
    ("Nam Định", "37"),
    ("Quảng Bình", "44"),
    ("Thừa Thiên Huế", "46"),
    ("Quảng Nam", "48"),
    ("Kon Tum", "51"),
    ("Bình Định", "52"),
    ("Ninh Thuận", "56"),
    ("Phú Yên", "66"),
    ("Đắk Nông", "68"),
    ("Bình Thuận", "68"),
    ("Bình Phước", "75"),
    ("Bình Dương", "79"),
    ("Bà Rịa - Vũng Tàu", "79"),
    ("Long An", "80"),
    ("Tiền Giang", "82"),
    ("Bến Tre", "86"),
    ("Trà Vinh", "86"),
    ("Kiên Giang", "91"),
    ("Sóc Trăng", "92"),
    ("Hậu Giang", "92"),
    ("Bạc Liêu", "96"),
];

/// A text as the province matcher compares it: identity key, punctuation as spaces.
fn spaced_key(s: &str) -> String {
    let k = identity_key(s).replace(['.', ',', '-', '(', ')', ':', ';', '–'], " ");
    k.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A province's name without "Tỉnh"/"Thành phố", for finding it in a text.
fn bare_province(name: &str) -> String {
    let k = identity_key(name);
    for p in ["tỉnh ", "thành phố "] {
        if let Some(rest) = k.strip_prefix(p) {
            return rest.to_string();
        }
    }
    k
}

impl Reorganisation {
    /// Builds from rows (province code, province, new code, new unit, old code,
    /// old unit, share), merging repeated units. Codes are trimmed; an empty
    /// code is no code.
    pub fn from_rows<'a>(date: Date, source: &str, rows: impl IntoIterator<Item = Row<'a>>) -> Reorganisation {
        let mut r = Reorganisation {
            date,
            provinces: Vec::new(),
            old: Vec::new(),
            new: Vec::new(),
            links: Vec::new(),
            source: source.to_string(),
            index: Index::default(),
        };
        let mut prov: HashMap<String, usize> = HashMap::new();
        let mut units: [HashMap<(usize, String), usize>; 2] = Default::default();
        for row in rows {
            let pk = if row.province_code.trim().is_empty() {
                bare_province(row.province)
            } else {
                row.province_code.trim().to_string()
            };
            let p = *prov.entry(pk).or_insert_with(|| {
                r.provinces.push(Province {
                    code: row.province_code.trim().to_string(),
                    name: row.province.trim().to_string(),
                });
                r.provinces.len() - 1
            });
            let mut idx = [0usize; 2];
            for (side, (code, name)) in [(row.old_code, row.old_unit), (row.new_code, row.new_unit)].into_iter().enumerate() {
                let code = Some(code.trim()).filter(|c| !c.is_empty()).map(str::to_string);
                let key = (p, code.clone().unwrap_or_else(|| identity_key(name)));
                let list = if side == 0 { &mut r.old } else { &mut r.new };
                idx[side] = *units[side].entry(key).or_insert_with(|| {
                    list.push(Unit {
                        code,
                        name: name.trim().to_string(),
                        province: p,
                    });
                    list.len() - 1
                });
            }
            r.links.push(Link {
                old: idx[0],
                new: idx[1],
                share: row.share,
            });
        }
        r.build_index();
        r
    }

    fn build_index(&mut self) {
        let mut ix = Index::default();
        for side in [Side::Old, Side::New] {
            let s = side_index(side);
            for (i, u) in self.units(side).iter().enumerate() {
                if let Some(c) = &u.code {
                    ix.code[s].entry(c.clone()).or_insert(i);
                }
                ix.name[s].entry((u.province, identity_key(&u.name))).or_default().push(i);
                ix.bare[s].entry((u.province, bare_name(&u.name))).or_default().push(i);
            }
        }
        for (n, l) in self.links.iter().enumerate() {
            ix.by_old.entry(l.old).or_default().push(n);
            ix.by_new.entry(l.new).or_default().push(n);
        }
        self.index = ix;
    }

    pub fn units(&self, side: Side) -> &[Unit] {
        match side {
            Side::Old => &self.old,
            Side::New => &self.new,
        }
    }

    /// The last day of the old units.
    pub fn last_old_day(&self) -> Date {
        self.date.pred_opt().unwrap_or(self.date)
    }

    /// The province named in `text` ("UBND TỈNH QUẢNG NINH", "Thành phố Hải
    /// Phòng", or a province's own name): the longest match, so that "Hà Nam"
    /// is not found in "Hà Nam Ninh"-like texts by accident.
    pub fn province_in(&self, text: &str) -> Option<usize> {
        let segments: Vec<String> = text.split('|').map(spaced_key).collect();
        // Today's provinces by name (bare, or as a code), and the merged ones by theirs.
        let mut names: Vec<(usize, String, Option<&str>)> = self
            .provinces
            .iter()
            .enumerate()
            .map(|(i, p)| {
                (
                    i,
                    spaced_key(&bare_province(&p.name)),
                    Some(p.code.as_str()).filter(|c| !c.is_empty()),
                )
            })
            .collect();
        for (name, code) in MERGED_PROVINCES {
            if let Some(i) = self.provinces.iter().position(|p| p.code == *code) {
                names.push((i, spaced_key(name), None));
            }
        }
        let mut best: Option<(usize, usize)> = None;
        for (i, bare, code) in names {
            let forms = [format!("tỉnh {bare}"), format!("thành phố {bare}"), format!("tp {bare}")];
            let hit = segments.iter().any(|seg| {
                let padded = format!(" {seg} ");
                *seg == bare || code.is_some_and(|c| seg == c) || forms.iter().any(|n| padded.contains(&format!(" {n} ")))
            });
            if hit && best.is_none_or(|(_, len)| bare.len() > len) {
                best = Some((i, bare.len()));
            }
        }
        best.map(|(i, _)| i)
    }

    /// A unit of `side` by its code (national: no province needed).
    pub fn by_code(&self, side: Side, code: &str) -> Option<usize> {
        self.index.code[side_index(side)].get(code.trim()).copied()
    }

    /// Units of `side` named `name` in `province`. A name with its kind
    /// ("Phường Kim Sơn") must match with it; a bare name ("Kim Sơn") matches
    /// any kind, and may then be ambiguous.
    pub fn by_name(&self, side: Side, name: &str, province: usize) -> Found {
        let s = side_index(side);
        let hits: Vec<usize> = if has_kind(name) {
            self.index.name[s].get(&(province, identity_key(name)))
        } else {
            self.index.bare[s].get(&(province, bare_name(name)))
        }
        .cloned()
        .unwrap_or_default();
        match hits.len() {
            0 => Found::None,
            1 => Found::One(hits[0]),
            _ => Found::Ambiguous(hits),
        }
    }

    /// Whether `name` (as a workbook writes it) is the name of unit `u` of `side`.
    pub fn name_matches(&self, side: Side, u: usize, name: &str) -> bool {
        let Some(unit) = self.units(side).get(u) else {
            return false;
        };
        if has_kind(name) {
            identity_key(name) == identity_key(&unit.name)
        } else {
            bare_name(name) == bare_name(&unit.name)
        }
    }

    /// The new units an old unit went into, with the shares.
    pub fn successors(&self, old: usize) -> Vec<(usize, Share)> {
        let links = self.index.by_old.get(&old).map(Vec::as_slice).unwrap_or_default();
        links.iter().filter_map(|&n| self.links.get(n)).map(|l| (l.new, l.share)).collect()
    }

    /// The old units that went (wholly or in part) into a new one.
    pub fn predecessors(&self, new: usize) -> Vec<(usize, Share)> {
        let links = self.index.by_new.get(&new).map(Vec::as_slice).unwrap_or_default();
        links.iter().filter_map(|&n| self.links.get(n)).map(|l| (l.old, l.share)).collect()
    }
}

/// One row of a mapping, as in the CSV.
#[derive(Debug, Clone, Copy)]
pub struct Row<'a> {
    pub province_code: &'a str,
    pub province: &'a str,
    pub new_code: &'a str,
    pub new_unit: &'a str,
    pub old_code: &'a str,
    pub old_unit: &'a str,
    pub share: Share,
}

/// Every reorganisation known: the embedded one, as corrected by the user's
/// mapping, and the user's own of other dates. Sorted by date.
#[derive(Debug, Clone, PartialEq)]
pub struct Mapping {
    pub reorganisations: Vec<Reorganisation>,
}

impl Mapping {
    /// The embedded 1 July 2025 reorganisation alone.
    pub fn embedded() -> Result<Mapping, String> {
        Ok(Mapping {
            reorganisations: vec![embedded::load()?],
        })
    }

    /// The reorganisation that decides the units of a consolidation ending
    /// on `end`: the latest one in force by then. One only: a unit is never
    /// carried through two reorganisations in a row (docs/design.md).
    pub fn in_force(&self, end: Date) -> Option<&Reorganisation> {
        self.reorganisations.iter().filter(|r| r.date <= end).max_by_key(|r| r.date)
    }

    /// The embedded date, without decoding the data: a consolidation that
    /// ends before it never loads it.
    pub const EMBEDDED_DATE: (i32, u32, u32) = embedded::DATE;
}

#[cfg(test)]
mod tests {
    use super::*;

    fn qn() -> Reorganisation {
        embedded::load().unwrap()
    }

    #[test]
    fn kim_son_went_into_mao_khe_and_duc_chinh_was_divided() {
        let r = qn();
        assert_eq!(r.new.len(), 3321);
        assert_eq!(r.provinces.len(), 34);
        assert_eq!(r.links.len(), 10604);
        let kim_son = r.by_code(Side::Old, "07123").unwrap();
        assert_eq!(r.old[kim_son].name, "Phường Kim Sơn");
        let succ = r.successors(kim_son);
        assert_eq!(succ.len(), 1);
        assert_eq!(r.new[succ[0].0].name, "Phường Mạo Khê");
        assert_eq!(succ[0].1, Share::Full);
        let mao_khe = succ[0].0;
        let mut pred: Vec<&str> = r.predecessors(mao_khe).iter().map(|(o, _)| r.old[*o].name.as_str()).collect();
        pred.sort();
        assert_eq!(pred, ["Phường Kim Sơn", "Phường Mạo Khê", "Phường Xuân Sơn", "Phường Yên Thọ"]);
        let duc_chinh = r.by_code(Side::Old, "07093").unwrap();
        let mut to: Vec<(&str, Share)> = r.successors(duc_chinh).iter().map(|(n, s)| (r.new[*n].name.as_str(), *s)).collect();
        to.sort_by(|a, b| a.0.cmp(b.0));
        assert_eq!(to, [("Phường An Sinh", Share::Partial), ("Phường Đông Triều", Share::Partial)]);
        // The same code names another unit after the change.
        assert_eq!(r.new[r.by_code(Side::New, "07093").unwrap()].name, "Phường Đông Triều");
    }

    #[test]
    fn names_are_looked_up_in_one_province_only() {
        let r = qn();
        let qn = r.province_in("ỦY BAN NHÂN DÂN TỈNH QUẢNG NINH").unwrap();
        let hp = r.province_in("UBND thành phố Hải Phòng").unwrap();
        assert_eq!(r.provinces[qn].code, "22");
        assert_eq!(r.provinces[hp].code, "31");
        assert_eq!(r.province_in("ỦY BAN NHÂN DÂN PHƯỜNG KIM SƠN"), None);
        assert_eq!(r.province_in("Quảng Ninh"), Some(qn));
        // Provinces merged on 1 July 2025, as a workbook of before names them.
        let code = |t: &str| r.province_in(t).map(|p| r.provinces[p].code.clone());
        assert_eq!(code("ỦY BAN NHÂN DÂN TỈNH HẢI DƯƠNG").as_deref(), Some("31"));
        assert_eq!(code("Sở GD&ĐT tỉnh Bà Rịa - Vũng Tàu").as_deref(), Some("79"));
        assert_eq!(code("UBND TỈNH THỪA THIÊN HUẾ").as_deref(), Some("46"));
        // A ward named like a former province is not that province.
        assert_eq!(code("ỦY BAN NHÂN DÂN PHƯỜNG BÌNH DƯƠNG"), None);
        // "Phường An Sinh" before the change: a ward of Hải Phòng, not of Quảng Ninh
        // (whose An Sinh was a commune, "Xã An Sinh").
        let Found::One(hp_an_sinh) = r.by_name(Side::Old, "Phường An Sinh", hp) else {
            panic!()
        };
        assert_eq!(r.old[hp_an_sinh].code.as_deref(), Some("10723"));
        assert_eq!(r.by_name(Side::Old, "Phường An Sinh", qn), Found::None);
        let Found::One(xa) = r.by_name(Side::Old, "an sinh", qn) else {
            panic!()
        };
        assert_eq!(r.old[xa].code.as_deref(), Some("07075"));
        // After the change it is a ward of Quảng Ninh.
        let Found::One(new) = r.by_name(Side::New, "PHƯỜNG AN SINH", qn) else {
            panic!()
        };
        assert_eq!(r.new[new].code.as_deref(), Some("07090"));
    }
}
