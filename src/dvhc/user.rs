//! A user's own mapping file (`tonghop --mapping F`): corrections to the
//! embedded reorganisation, shares for divided units, later reorganisations.
//!
//! CSV with the embedded data's columns (`province_code,province,new_code,
//! new_unit,old_code,old_unit,share`, header required, in any order), and an
//! optional `date` column (ISO, default 2025-07-01); or TOML:
//!
//! ```toml
//! date = "2025-07-01"            # optional
//! [[unit]]
//! province = "Quảng Ninh"        # name or two-digit code
//! new_code = "07090"
//! new_unit = "Phường An Sinh"
//! old = [{ code = "07093", unit = "Phường Đức Chính", share = 0.4 }]
//! ```
//!
//! `share`: `full`, `partial`, or the part that went into this new unit (0.4,
//! "0,4", "40%"). For the embedded date, every old unit the file names has
//! its embedded links replaced by the file's; other old units keep theirs.
//! Another date is a reorganisation of its own.

use std::collections::{BTreeMap, HashSet};
use std::path::Path;

use serde::Deserialize;

use super::{embedded, Mapping, Reorganisation, Row, Share};
use crate::model::Date;
use crate::normalize::text::identity_key;

/// Why a mapping file was refused: where and why, in both languages.
#[derive(Debug, Clone, PartialEq)]
pub struct MappingError {
    pub path: String,
    pub line: Option<usize>,
    pub vi: String,
    pub en: String,
}

impl MappingError {
    pub fn message(&self, lang: crate::diag::Lang) -> String {
        let at = |w: &str| self.line.map(|l| format!(", {w} {l}")).unwrap_or_default();
        match lang {
            crate::diag::Lang::Vi => format!("tệp ánh xạ đơn vị {}{}: {}", self.path, at("dòng"), self.vi),
            crate::diag::Lang::En => format!("the unit mapping file {}{}: {}", self.path, at("line"), self.en),
        }
    }
}

/// A row with owned text and its date.
#[derive(Debug, Clone)]
struct Owned {
    date: Date,
    line: usize,
    province_code: String,
    province: String,
    new_code: String,
    new_unit: String,
    old_code: String,
    old_unit: String,
    share: Share,
}

/// "full" | "partial" | a part (0.4, "0,4", "40%").
fn parse_share(s: &str) -> Option<Share> {
    let t = s.trim().to_lowercase();
    match t.as_str() {
        "full" | "toàn bộ" | "" => return Some(Share::Full),
        "partial" | "một phần" => return Some(Share::Partial),
        _ => {}
    }
    let (num, pct) = match t.strip_suffix('%') {
        Some(n) => (n.trim(), true),
        None => (t.as_str(), false),
    };
    // Plain decimals only ("0,4", "0.4", "40"): no exponents, no "inf".
    if num.is_empty() || !num.chars().all(|c| c.is_ascii_digit() || c == ',' || c == '.') {
        return None;
    }
    let v: f64 = num.replace(',', ".").parse().ok()?;
    let v = if pct { v / 100.0 } else { v };
    // A part under 0.1 % is a typing slip, not a division of a commune.
    if !(0.001..=1.0).contains(&v) {
        return None;
    }
    Some(if (v - 1.0).abs() < 1e-9 { Share::Full } else { Share::Given(v) })
}

fn parse_date(s: &str) -> Option<Date> {
    Date::parse_from_str(s.trim(), "%Y-%m-%d").ok()
}

fn embedded_date() -> Date {
    Date::from_ymd_opt(embedded::DATE.0, embedded::DATE.1, embedded::DATE.2).unwrap_or_default()
}

/// The records of a CSV file as Excel writes it (RFC 4180): fields split at
/// `sep` outside double quotes, `""` a quote inside them, a quoted field may
/// hold the separator ("0,4") and line breaks. Each record with the line it
/// starts on (1-based); blank lines are skipped.
fn csv_records(text: &str, sep: char) -> Vec<(usize, Vec<String>)> {
    let mut out = Vec::new();
    let mut line = 1;
    let mut start = 1;
    let mut field = String::new();
    let mut fields = Vec::new();
    let mut quoted = false;
    let mut chars = text.trim_start_matches('\u{feff}').chars().peekable();
    let end_record = |fields: &mut Vec<String>, field: &mut String, start: usize, out: &mut Vec<(usize, Vec<String>)>| {
        fields.push(std::mem::take(field).trim().to_string());
        let f = std::mem::take(fields);
        if f.iter().any(|x| !x.is_empty()) {
            out.push((start, f));
        }
    };
    while let Some(c) = chars.next() {
        match c {
            '"' if quoted && chars.peek() == Some(&'"') => {
                chars.next();
                field.push('"');
            }
            '"' if quoted => quoted = false,
            '"' if field.trim().is_empty() => {
                field.clear();
                quoted = true;
            }
            '\n' => {
                line += 1;
                if quoted {
                    field.push('\n');
                } else {
                    end_record(&mut fields, &mut field, start, &mut out);
                    start = line;
                }
            }
            '\r' if !quoted => {}
            c if c == sep && !quoted => fields.push(std::mem::take(&mut field).trim().to_string()),
            c => field.push(c),
        }
    }
    end_record(&mut fields, &mut field, start, &mut out);
    out
}

fn parse_csv(text: &str, err: &dyn Fn(Option<usize>, String, String) -> MappingError) -> Result<Vec<Owned>, MappingError> {
    // Excel on a Vietnamese Windows saves "CSV" with semicolons (the decimal
    // separator being the comma): the header says which.
    let first = text
        .trim_start_matches('\u{feff}')
        .lines()
        .find(|l| !l.trim().is_empty())
        .unwrap_or("");
    let sep = if first.contains(';') && !first.contains(',') { ';' } else { ',' };
    let mut lines = csv_records(text, sep).into_iter();
    let Some((_, header)) = lines.next() else {
        return Err(err(None, "tệp trống".into(), "the file is empty".into()));
    };
    let cols: Vec<String> = header.iter().map(|c| c.trim().to_lowercase()).collect();
    let col = |name: &str| cols.iter().position(|c| c == name);
    let need = ["province", "new_unit", "old_unit"];
    for n in need {
        if col(n).is_none() && !(n == "province" && col("province_code").is_some()) {
            return Err(err(
                Some(1),
                format!("thiếu cột \"{n}\" (các cột: province_code, province, new_code, new_unit, old_code, old_unit, share, date; cách nhau bằng dấu phẩy hoặc dấu chấm phẩy)"),
                format!("no \"{n}\" column (columns: province_code, province, new_code, new_unit, old_code, old_unit, share, date; separated by commas or semicolons)"),
            ));
        }
    }
    let mut out = Vec::new();
    for (at, f) in lines {
        let n = at - 1;
        let get = |name: &str| col(name).and_then(|i| f.get(i)).cloned().unwrap_or_default();
        let share_text = get("share");
        let share = parse_share(&share_text).ok_or_else(|| {
            err(
                Some(n + 1),
                format!("share \"{share_text}\" không hiểu được: ghi full, partial, hoặc phần chia (0,4 hay 40%)"),
                format!("share \"{share_text}\" is not understood: write full, partial, or the part (0.4 or 40%)"),
            )
        })?;
        let date_text = get("date");
        let date = if date_text.is_empty() {
            embedded_date()
        } else {
            parse_date(&date_text).ok_or_else(|| {
                err(
                    Some(n + 1),
                    format!("ngày \"{date_text}\" sai: ghi dạng 2025-07-01"),
                    format!("date \"{date_text}\" is wrong: write it as 2025-07-01"),
                )
            })?
        };
        out.push(Owned {
            date,
            line: n + 1,
            province_code: get("province_code"),
            province: get("province"),
            new_code: get("new_code"),
            new_unit: get("new_unit"),
            old_code: get("old_code"),
            old_unit: get("old_unit"),
            share,
        });
    }
    Ok(out)
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct TomlFile {
    date: Option<String>,
    #[serde(default)]
    unit: Vec<TomlUnit>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct TomlUnit {
    province: String,
    new_code: Option<String>,
    new_unit: String,
    old: Vec<TomlOld>,
}

#[derive(Deserialize)]
#[serde(untagged)]
enum TomlShare {
    Num(f64),
    Text(String),
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct TomlOld {
    code: Option<String>,
    unit: String,
    share: Option<TomlShare>,
}

fn parse_toml(text: &str, err: &dyn Fn(Option<usize>, String, String) -> MappingError) -> Result<Vec<Owned>, MappingError> {
    let f: TomlFile = toml::from_str(text).map_err(|e| {
        let line = e.span().map(|s| text[..s.start.min(text.len())].matches('\n').count() + 1);
        let en = e.message().to_string();
        err(line, format!("cú pháp sai ({en})"), en)
    })?;
    let date = match &f.date {
        None => embedded_date(),
        Some(d) => parse_date(d).ok_or_else(|| {
            err(
                None,
                format!("ngày \"{d}\" sai: ghi dạng 2025-07-01"),
                format!("date \"{d}\" is wrong: write it as 2025-07-01"),
            )
        })?,
    };
    let mut out = Vec::new();
    for (n, u) in f.unit.iter().enumerate() {
        for o in &u.old {
            let share = match &o.share {
                None => Some(Share::Full),
                Some(TomlShare::Num(v)) => parse_share(&v.to_string()),
                Some(TomlShare::Text(t)) => parse_share(t),
            }
            .ok_or_else(|| {
                err(
                    None,
                    format!("[[unit]] thứ {}: share của \"{}\" không hiểu được", n + 1, o.unit),
                    format!("[[unit]] number {}: the share of \"{}\" is not understood", n + 1, o.unit),
                )
            })?;
            let code = u.province.trim();
            let is_code = !code.is_empty() && code.chars().all(|c| c.is_ascii_digit());
            out.push(Owned {
                date,
                line: 0,
                province_code: if is_code { code.to_string() } else { String::new() },
                province: if is_code { String::new() } else { code.to_string() },
                new_code: u.new_code.clone().unwrap_or_default(),
                new_unit: u.new_unit.clone(),
                old_code: o.code.clone().unwrap_or_default(),
                old_unit: o.unit.clone(),
                share,
            });
        }
    }
    Ok(out)
}

impl Mapping {
    /// The embedded mapping (when given) as corrected and extended by the file at `path`.
    pub fn with_user_file(base: Option<Mapping>, path: &Path) -> Result<Mapping, MappingError> {
        let shown = path.display().to_string();
        let err = |line: Option<usize>, vi: String, en: String| MappingError {
            path: shown.clone(),
            line,
            vi,
            en,
        };
        // The whole country is 10,604 rows, 0.8 MB: a mapping file over
        // 8 MiB is not one, and is refused before it is read.
        const MAX_BYTES: u64 = 8 << 20;
        let read = || -> std::io::Result<Vec<u8>> {
            use std::io::Read;
            let mut bytes = Vec::new();
            std::fs::File::open(path)?.take(MAX_BYTES + 1).read_to_end(&mut bytes)?;
            Ok(bytes)
        };
        let bytes = read().map_err(|e| {
            let (vi, en) = crate::fs_error::explain(&e, path, crate::fs_error::Action::Read);
            err(None, vi, en)
        })?;
        if bytes.len() as u64 > MAX_BYTES {
            return Err(err(
                None,
                "tệp lớn hơn 8 MiB: cả nước chỉ có khoảng 10.600 dòng (0,8 MB); hãy chỉ ghi các đơn vị cần sửa".into(),
                "the file is over 8 MiB: the whole country is about 10,600 rows (0.8 MB); list only the units to correct".into(),
            ));
        }
        let text = String::from_utf8(bytes).map_err(|_| err(None, "tệp không phải UTF-8".into(), "the file is not UTF-8".into()))?;
        let is_toml = path.extension().is_some_and(|e| e.eq_ignore_ascii_case("toml"));
        let rows = if is_toml {
            parse_toml(&text, &err)?
        } else {
            parse_csv(&text, &err)?
        };
        merge(base, rows, &err)
    }
}

fn merge(
    base: Option<Mapping>,
    mut rows: Vec<Owned>,
    err: &dyn Fn(Option<usize>, String, String) -> MappingError,
) -> Result<Mapping, MappingError> {
    let mut reorgs = base.map(|m| m.reorganisations).unwrap_or_default();
    // Fill in the province (code and name) from the embedded list, so that a
    // row may give either.
    let known = reorgs.first().cloned();
    for r in &mut rows {
        if let Some(k) = &known {
            let text = if r.province_code.is_empty() {
                &r.province
            } else {
                &r.province_code
            };
            match k.province_in(text).and_then(|p| k.provinces.get(p)) {
                Some(p) => {
                    r.province_code = p.code.clone();
                    r.province = p.name.clone();
                }
                None if r.date == k.date => {
                    return Err(err(
                        Some(r.line).filter(|l| *l > 0),
                        format!("không biết tỉnh \"{text}\""),
                        format!("unknown province \"{text}\""),
                    ))
                }
                None => {}
            }
        }
        if r.province_code.is_empty() && r.province.is_empty() {
            return Err(err(Some(r.line).filter(|l| *l > 0), "thiếu tỉnh".into(), "no province".into()));
        }
    }
    // Shares of one old unit: all given and summing to 1, or none given.
    let old_key = |r: &Owned| {
        (
            r.date,
            r.province_code.clone(),
            if r.old_code.is_empty() {
                identity_key(&r.old_unit)
            } else {
                r.old_code.clone()
            },
        )
    };
    let mut by_old: BTreeMap<(Date, String, String), Vec<&Owned>> = BTreeMap::new();
    for r in &rows {
        by_old.entry(old_key(r)).or_default().push(r);
    }
    for links in by_old.values() {
        // A whole unit goes into one new unit: "full" twice counts it twice.
        let mut new_units: Vec<String> = links
            .iter()
            .map(|r| {
                if r.new_code.is_empty() {
                    identity_key(&r.new_unit)
                } else {
                    r.new_code.clone()
                }
            })
            .collect();
        new_units.sort();
        let several = new_units.windows(2).any(|w| w[0] != w[1]);
        let repeated = new_units.windows(2).any(|w| w[0] == w[1]);
        if repeated || (several && links.iter().any(|r| matches!(r.share, Share::Full))) {
            let name = &links[0].old_unit;
            let lines: Vec<String> = links.iter().map(|r| r.line.to_string()).collect();
            let (vi, en) = if repeated {
                (
                    format!(
                        "{name} được ghi hai lần cho cùng một đơn vị mới (dòng {}): xoá dòng thừa",
                        lines.join(", ")
                    ),
                    format!(
                        "{name} is listed twice for the same new unit (lines {}): delete the extra line",
                        lines.join(", ")
                    ),
                )
            } else {
                (
                    format!(
                        "{name} được ghi \"full\" (cả đơn vị) mà lại vào {} đơn vị mới (dòng {}): số liệu sẽ bị tính hai lần. Một đơn vị cũ vào trọn một đơn vị mới; nếu bị chia, ghi partial hoặc phần chia (0,4) ở mọi dòng",
                        links.len(),
                        lines.join(", ")
                    ),
                    format!(
                        "{name} is \"full\" (the whole unit) yet goes into {} new units (lines {}): its figures would be counted twice. A whole old unit goes into one new unit; if it was divided, write partial or the part (0.4) on every line",
                        links.len(),
                        lines.join(", ")
                    ),
                )
            };
            return Err(err(Some(links[0].line).filter(|l| *l > 0), vi, en));
        }
        let given: Vec<f64> = links
            .iter()
            .filter_map(|r| match r.share {
                Share::Given(v) => Some(v),
                _ => None,
            })
            .collect();
        if given.is_empty() {
            continue;
        }
        let sum: f64 = given.iter().sum();
        if given.len() != links.len() || (sum - 1.0).abs() > 0.001 {
            let name = &links[0].old_unit;
            return Err(err(
                Some(links[0].line).filter(|l| *l > 0),
                format!("các phần chia của {name} phải ghi đủ cho mọi đơn vị mới nhận và cộng lại bằng 1 (đang là {sum})"),
                format!("the shares of {name} must be given for every new unit it went into and sum to 1 (they sum to {sum})"),
            ));
        }
    }
    let mut dates: Vec<Date> = rows.iter().map(|r| r.date).collect();
    dates.sort();
    dates.dedup();
    for date in dates {
        let mine: Vec<&Owned> = rows.iter().filter(|r| r.date == date).collect();
        let replaced: HashSet<(String, String)> = mine.iter().map(|r| (old_key(r).1, old_key(r).2)).collect();
        let mut all: Vec<Owned> = Vec::new();
        let mut source = "tệp ánh xạ của người dùng".to_string();
        if let Some(pos) = reorgs.iter().position(|r| r.date == date) {
            let base = reorgs.remove(pos);
            source = format!("{}, sửa theo tệp ánh xạ của người dùng", base.source);
            for l in &base.links {
                let (o, n) = (&base.old[l.old], &base.new[l.new]);
                let p = &base.provinces[o.province];
                let key = (p.code.clone(), o.code.clone().unwrap_or_else(|| identity_key(&o.name)));
                if replaced.contains(&key) {
                    continue;
                }
                all.push(Owned {
                    date,
                    line: 0,
                    province_code: p.code.clone(),
                    province: p.name.clone(),
                    new_code: n.code.clone().unwrap_or_default(),
                    new_unit: n.name.clone(),
                    old_code: o.code.clone().unwrap_or_default(),
                    old_unit: o.name.clone(),
                    share: l.share,
                });
            }
        }
        all.extend(mine.into_iter().cloned());
        let built = Reorganisation::from_rows(
            date,
            &source,
            all.iter().map(|r| Row {
                province_code: &r.province_code,
                province: &r.province,
                new_code: &r.new_code,
                new_unit: &r.new_unit,
                old_code: &r.old_code,
                old_unit: &r.old_unit,
                share: r.share,
            }),
        );
        reorgs.push(built);
    }
    reorgs.sort_by_key(|r| r.date);
    Ok(Mapping { reorganisations: reorgs })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dvhc::Side;

    fn write(name: &str, text: &str) -> (tempfile::TempDir, std::path::PathBuf) {
        let d = tempfile::tempdir().unwrap();
        let p = d.path().join(name);
        std::fs::write(&p, text).unwrap();
        (d, p)
    }

    fn shares(m: &Mapping, code: &str) -> Vec<(String, Share)> {
        let r = &m.reorganisations[0];
        let o = r.by_code(Side::Old, code).unwrap();
        let mut v: Vec<(String, Share)> = r.successors(o).into_iter().map(|(n, s)| (r.new[n].name.clone(), s)).collect();
        v.sort_by(|a, b| a.0.cmp(&b.0));
        v
    }

    #[test]
    fn a_csv_gives_shares_to_a_divided_unit_and_keeps_the_rest() {
        let (_d, p) = write(
            "chia.csv",
            "province,new_code,new_unit,old_code,old_unit,share\n\
             Quảng Ninh,07090,Phường An Sinh,07093,Phường Đức Chính,40%\n\
             Quảng Ninh,07093,Phường Đông Triều,07093,Phường Đức Chính,\"0,6\"\n",
        );
        // A quoted decimal comma is CSV as Excel writes it (RFC 4180).
        let m = Mapping::with_user_file(Some(Mapping::embedded().unwrap()), &p).unwrap();
        assert_eq!(
            shares(&m, "07093"),
            [
                ("Phường An Sinh".to_string(), Share::Given(0.4)),
                ("Phường Đông Triều".to_string(), Share::Given(0.6))
            ]
        );
        let (_d, p) = write(
            "chia.csv",
            "province,new_code,new_unit,old_code,old_unit,share\n\
             Quảng Ninh,07090,Phường An Sinh,07093,Phường Đức Chính,40%\n\
             Quảng Ninh,07093,Phường Đông Triều,07093,Phường Đức Chính,0.6\n",
        );
        let m = Mapping::with_user_file(Some(Mapping::embedded().unwrap()), &p).unwrap();
        assert_eq!(
            shares(&m, "07093"),
            [
                ("Phường An Sinh".to_string(), Share::Given(0.4)),
                ("Phường Đông Triều".to_string(), Share::Given(0.6))
            ]
        );
        // Others untouched.
        assert_eq!(shares(&m, "07123"), [("Phường Mạo Khê".to_string(), Share::Full)]);
        assert_eq!(m.reorganisations[0].links.len(), 10604);
    }

    #[test]
    fn excel_csv_quoted_with_semicolons_bom_and_crlf_reads_the_same() {
        // What Excel saves on a Vietnamese Windows: BOM, ';', CRLF, quotes.
        let (_d, p) = write(
            "chia.csv",
            "\u{feff}province;new_code;new_unit;old_code;old_unit;share\r\n\
             Quảng Ninh;07090;\"Phường An Sinh\";07093;\"Phường \"\"Đức Chính\"\"\";40%\r\n\
             Quảng Ninh;07093;Phường Đông Triều;07093;Phường Đức Chính;0,6\r\n",
        );
        let m = Mapping::with_user_file(Some(Mapping::embedded().unwrap()), &p).unwrap();
        assert_eq!(
            shares(&m, "07093"),
            [
                ("Phường An Sinh".to_string(), Share::Given(0.4)),
                ("Phường Đông Triều".to_string(), Share::Given(0.6))
            ]
        );
        assert_eq!(
            csv_records("a,\"b,c\"\n\n\"d\ne\",f\n", ','),
            [
                (1, vec!["a".to_string(), "b,c".to_string()]),
                (3, vec!["d\ne".to_string(), "f".to_string()])
            ]
        );
    }

    #[test]
    fn a_whole_unit_into_two_new_units_would_count_twice_and_is_refused() {
        let (_d, p) = write(
            "hai.csv",
            "province_code,province,new_code,new_unit,old_code,old_unit,share\n\
             22,Tỉnh Quảng Ninh,07069,Phường Mạo Khê,07123,Phường Kim Sơn,full\n\
             22,Tỉnh Quảng Ninh,07090,Phường An Sinh,07123,Phường Kim Sơn,full\n",
        );
        let e = Mapping::with_user_file(Some(Mapping::embedded().unwrap()), &p).unwrap_err();
        assert_eq!(e.line, Some(2));
        assert!(e.vi.contains("tính hai lần") && e.vi.contains("dòng 2, 3"), "{}", e.vi);
        // The same line twice.
        let (_d, p) = write(
            "lap.csv",
            "province,new_code,new_unit,old_code,old_unit,share\n\
             Quảng Ninh,07069,Phường Mạo Khê,07123,Phường Kim Sơn,full\n\
             Quảng Ninh,07069,Phường Mạo Khê,07123,Phường Kim Sơn,full\n",
        );
        let e = Mapping::with_user_file(Some(Mapping::embedded().unwrap()), &p).unwrap_err();
        assert!(e.vi.contains("ghi hai lần"), "{}", e.vi);
    }

    #[test]
    fn shares_are_plain_parts_and_files_are_bounded() {
        for bad in ["1e-320", "inf", "NaN", "0.0001", "-0.4", "0x1", "150%"] {
            assert_eq!(parse_share(bad), None, "{bad}");
        }
        assert_eq!(parse_share("0,4"), Some(Share::Given(0.4)));
        assert_eq!(parse_share("100%"), Some(Share::Full));
        let big = "province,new_unit,old_unit\n".to_string() + &"Quảng Ninh,A,B\n".repeat(600_000);
        let (_d, p) = write("lon.csv", &big);
        let e = Mapping::with_user_file(None, &p).unwrap_err();
        assert!(e.vi.contains("8 MiB"), "{}", e.vi);
    }

    #[test]
    fn a_toml_does_the_same_and_shares_must_sum_to_one() {
        let toml = |a: &str, b: &str| {
            format!(
                "[[unit]]\nprovince = \"22\"\nnew_code = \"07090\"\nnew_unit = \"Phường An Sinh\"\n\
                 old = [{{ code = \"07093\", unit = \"Phường Đức Chính\", share = {a} }}]\n\
                 [[unit]]\nprovince = \"Tỉnh Quảng Ninh\"\nnew_code = \"07093\"\nnew_unit = \"Phường Đông Triều\"\n\
                 old = [{{ code = \"07093\", unit = \"Phường Đức Chính\", share = {b} }}]\n"
            )
        };
        let (_d, p) = write("chia.toml", &toml("0.25", "\"75%\""));
        let m = Mapping::with_user_file(Some(Mapping::embedded().unwrap()), &p).unwrap();
        assert_eq!(shares(&m, "07093")[0].1, Share::Given(0.25));
        assert_eq!(shares(&m, "07093")[1].1, Share::Given(0.75));
        let (_d, p) = write("chia.toml", &toml("0.25", "0.5"));
        let e = Mapping::with_user_file(Some(Mapping::embedded().unwrap()), &p).unwrap_err();
        assert!(e.vi.contains("cộng lại bằng 1"), "{e:?}");
        let (_d, p) = write("chia.toml", "[[unit]]\nprovince = \"22\"\nnew_unit = \"X\"\nold = []\nextra = 1\n");
        let e = Mapping::with_user_file(None, &p).unwrap_err();
        assert_eq!(e.line, Some(5), "{e:?}");
    }

    #[test]
    fn another_date_is_a_reorganisation_of_its_own() {
        let (_d, p) = write(
            "2027.csv",
            "province_code,province,new_code,new_unit,old_code,old_unit,share,date\n\
             22,Tỉnh Quảng Ninh,,Phường Mạo Khê Mới,07069,Phường Mạo Khê,full,2027-01-01\n\
             22,Tỉnh Quảng Ninh,,Phường Mạo Khê Mới,07090,Phường An Sinh,full,2027-01-01\n",
        );
        let m = Mapping::with_user_file(Some(Mapping::embedded().unwrap()), &p).unwrap();
        assert_eq!(m.reorganisations.len(), 2);
        let d = |y, mo, da| Date::from_ymd_opt(y, mo, da).unwrap();
        assert_eq!(m.in_force(d(2026, 12, 31)).unwrap().date, d(2025, 7, 1));
        let later = m.in_force(d(2027, 12, 31)).unwrap();
        assert_eq!(later.new.len(), 1);
        assert_eq!(later.old.len(), 2);
        assert!(m.in_force(d(2025, 6, 30)).is_none());
    }
}
