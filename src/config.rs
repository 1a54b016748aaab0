//! `--config F.toml`: Thông tin items and layout choices for offices whose
//! workbooks do not carry them. Keys follow the JSON model; a workbook's own
//! items win, item by item.

use serde::Deserialize;

use crate::diag::Diagnostic;
use crate::model::{Date, Report};
use crate::period::Period;

#[derive(Debug, Clone, Default, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Config {
    #[serde(default)]
    pub unit: UnitConfig,
    #[serde(default)]
    pub document: DocumentConfig,
    #[serde(default)]
    pub layout: Layout,
}

#[derive(Debug, Clone, Default, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct UnitConfig {
    pub authority: Option<String>,
    pub issuer: Option<String>,
    pub area: Option<String>,
    pub code: Option<String>,
    /// The province (tỉnh, thành phố), for placing workbooks that give a
    /// unit's name but no Mã đơn vị across a reorganisation; not printed.
    pub province: Option<String>,
}

#[derive(Debug, Clone, Default, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct SignerConfig {
    pub authority: Option<String>,
    pub title: Option<String>,
    pub name: Option<String>,
}

#[derive(Debug, Clone, Default, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct DocumentConfig {
    pub number: Option<String>,
    pub place: Option<String>,
    /// ISO date, "2018-11-26".
    pub date: Option<String>,
    /// Machine form, as `--period`.
    pub period: Option<String>,
    pub title: Option<String>,
    pub recipients: Option<Vec<String>>,
    pub copies_to: Option<Vec<String>>,
    #[serde(default)]
    pub signer: SignerConfig,
}

/// Page layout choices, within the ranges Decree 30 allows.
#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(deny_unknown_fields, default)]
pub struct Layout {
    /// Body text size in points: 13 or 14.
    pub body_size: u8,
    pub margins_mm: Margins,
}

#[derive(Debug, Clone, Copy, Deserialize, PartialEq)]
#[serde(deny_unknown_fields, default)]
pub struct Margins {
    pub top: u32,
    pub bottom: u32,
    pub left: u32,
    pub right: u32,
}

impl Default for Margins {
    fn default() -> Self {
        Margins {
            top: 20,
            bottom: 20,
            left: 30,
            right: 15,
        }
    }
}

impl Default for Layout {
    fn default() -> Self {
        Layout {
            body_size: 14,
            margins_mm: Margins::default(),
        }
    }
}

/// Why a config file was refused.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    /// The file cannot be read: why, in plain words ([`crate::fs_error`]).
    #[error("{en}")]
    Unreadable { vi: String, en: String },
    /// `at`: line and column (from 1) where the TOML parser stopped.
    #[error("{path}: {en}")]
    Invalid {
        path: String,
        at: Option<(usize, usize)>,
        vi: String,
        en: String,
    },
}

impl ConfigError {
    /// What the clerk reads: where, what is wrong, and where the keys are described.
    pub fn message(&self, lang: crate::diag::Lang) -> String {
        use crate::diag::Lang;
        match self {
            ConfigError::Unreadable { vi, en } => match lang {
                Lang::Vi => format!("tệp cấu hình: {vi}"),
                Lang::En => format!("config file: {en}"),
            },
            ConfigError::Invalid { path, at, vi, en } => {
                let place = |line: &str, col: &str| match at {
                    Some((l, c)) => format!("{path}, {line} {l}, {col} {c}"),
                    None => path.clone(),
                };
                match lang {
                    Lang::Vi => format!(
                        "tệp cấu hình {} sai: {vi}. Sửa theo docs/config.example.toml rồi chạy lại.",
                        place("dòng", "cột")
                    ),
                    Lang::En => format!(
                        "the config file {} is wrong: {en}. Fix it as docs/config.example.toml shows and run again.",
                        place("line", "column")
                    ),
                }
            }
        }
    }
}

/// toml's message (English, one line of it) in Vietnamese for the cases a
/// clerk meets: a misspelt key, a value of the wrong type, a missing bracket
/// or quote, a key written twice. Anything else keeps toml's words after a
/// Vietnamese lead.
fn toml_message_vi(en: &str) -> String {
    let ticked = |s: &str| -> Vec<String> { s.split('`').skip(1).step_by(2).map(str::to_string).collect() };
    if let Some(rest) = en.strip_prefix("unknown field ") {
        let names = ticked(rest);
        let (first, others) = names.split_first().map(|(f, o)| (f.clone(), o.to_vec())).unwrap_or_default();
        return if others.is_empty() {
            format!("khoá lạ \"{first}\"")
        } else {
            format!("khoá lạ \"{first}\" (các khoá dùng được ở đây: {})", others.join(", "))
        };
    }
    if let Some(rest) = en.strip_prefix("invalid type: ") {
        let (got, want) = rest.split_once(", expected ").unwrap_or((rest, ""));
        let kind = |t: &str| -> String {
            let t = t.trim();
            let v = ticked(t).first().cloned().map(|v| format!(" {v}")).unwrap_or_default();
            let word = if t.starts_with("integer") {
                "số nguyên"
            } else if t.starts_with("string") || t.starts_with("a string") {
                "chuỗi chữ (viết trong ngoặc kép \"…\")"
            } else if t.starts_with("floating point") {
                "số thập phân"
            } else if t.starts_with("boolean") || t.starts_with("a boolean") {
                "true/false"
            } else if t.contains("sequence") || t.contains("array") {
                "danh sách […]"
            } else if t.contains("map") || t.contains("table") || t.starts_with("struct") {
                "bảng [..]"
            } else {
                t
            };
            format!("{word}{v}")
        };
        return format!("giá trị sai kiểu: có {}, cần {}", kind(got), kind(want));
    }
    if let Some(rest) = en.strip_prefix("missing field ") {
        return format!("thiếu khoá \"{}\"", ticked(rest).first().cloned().unwrap_or_default());
    }
    if en.starts_with("duplicate key") {
        return format!("một khoá được viết hai lần ({en})");
    }
    if en.contains("unclosed table") || en.contains("expected `]`") {
        return "thiếu dấu ] đóng tên bảng".to_string();
    }
    if en.contains("unclosed") || en.contains("unterminated") || en.contains("invalid basic string") {
        return format!("chuỗi chữ chưa đóng ngoặc kép ({en})");
    }
    format!("cú pháp TOML sai ({en})")
}

/// Line and column (from 1) of a byte offset.
fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let mut end = offset.min(text.len());
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    let before = &text[..end];
    let line = before.matches('\n').count() + 1;
    let col = before.rsplit('\n').next().map(|l| l.chars().count()).unwrap_or(0) + 1;
    (line, col)
}

impl Config {
    /// Where the office's province may be named (its `province`, else its
    /// superior body, issuer and area): for the consolidation's look-up of
    /// units by name.
    pub fn province_text(&self) -> Option<String> {
        let u = &self.unit;
        if let Some(p) = u.province.as_deref().filter(|s| !s.trim().is_empty()) {
            return Some(p.to_string());
        }
        let parts: Vec<&str> = [&u.authority, &u.issuer, &u.area]
            .iter()
            .filter_map(|s| s.as_deref())
            .filter(|s| !s.trim().is_empty())
            .collect();
        (!parts.is_empty()).then(|| parts.join(" | "))
    }

    /// Parses and checks a config file's text. `path` names it in errors.
    pub fn parse(text: &str, path: &str) -> Result<Config, ConfigError> {
        let cfg: Config = toml::from_str(text).map_err(|e| {
            let en = e.message().lines().next().unwrap_or_default().trim().to_string();
            ConfigError::Invalid {
                path: path.to_string(),
                at: e.span().map(|s| line_col(text, s.start)),
                vi: toml_message_vi(&en),
                en,
            }
        })?;
        let bad = |vi: String, en: String| ConfigError::Invalid {
            path: path.to_string(),
            at: None,
            vi,
            en,
        };
        if !(13..=14).contains(&cfg.layout.body_size) {
            return Err(bad(
                format!("layout.body_size = {}: cỡ chữ phải là 13 hoặc 14", cfg.layout.body_size),
                format!("layout.body_size = {}: the font size must be 13 or 14", cfg.layout.body_size),
            ));
        }
        let m = cfg.layout.margins_mm;
        let within = |v: u32, lo: u32, hi: u32, name: &str| {
            if (lo..=hi).contains(&v) {
                Ok(())
            } else {
                Err(bad(
                    format!("layout.margins_mm.{name} = {v}: phải từ {lo} đến {hi} mm (Nghị định 30/2020)"),
                    format!("layout.margins_mm.{name} = {v}: must be {lo} to {hi} mm (Decree 30/2020)"),
                ))
            }
        };
        within(m.top, 20, 25, "top")?;
        within(m.bottom, 20, 25, "bottom")?;
        within(m.left, 30, 35, "left")?;
        within(m.right, 15, 20, "right")?;
        if let Some(d) = &cfg.document.date {
            if Date::parse_from_str(d, "%Y-%m-%d").is_err() {
                return Err(bad(
                    format!("document.date = \"{d}\": ngày phải viết YYYY-MM-DD"),
                    format!("document.date = \"{d}\": write the date as YYYY-MM-DD"),
                ));
            }
        }
        if let Some(p) = &cfg.document.period {
            if crate::normalize::period::parse_machine(p).is_none() {
                return Err(bad(
                    format!("document.period = \"{p}\": kỳ phải viết như 2018, 2018-H1, 2018-Q3, 2018-10"),
                    format!("document.period = \"{p}\": write the period as 2018, 2018-H1, 2018-Q3 or 2018-10"),
                ));
            }
        }
        Ok(cfg)
    }

    /// Reads a config file.
    pub fn load(path: &std::path::Path) -> Result<Config, ConfigError> {
        // A config is a few hundred bytes; reading is bounded like any input.
        let limits = crate::Limits {
            file_bytes: 1 << 20,
            ..crate::Limits::default()
        };
        if std::fs::metadata(path).is_ok_and(|m| !m.is_file()) {
            let p = path.display();
            return Err(ConfigError::Unreadable {
                vi: format!("{p} không phải một tệp thường: chọn tệp cấu hình .toml (xem docs/config.example.toml)"),
                en: format!("{p} is not a regular file: choose a .toml config file (see docs/config.example.toml)"),
            });
        }
        let bytes = crate::read::load(path, &limits).map_err(|e| {
            let d = e.diagnostic();
            ConfigError::Unreadable {
                vi: d.message_vi,
                en: d.message_en,
            }
        })?;
        let text = String::from_utf8(bytes).map_err(|_| ConfigError::Invalid {
            path: path.display().to_string(),
            at: None,
            vi: "tệp không phải chữ UTF-8 (hãy lưu lại bằng Notepad, chọn Encoding: UTF-8)".to_string(),
            en: "the file is not UTF-8 text (save it again in Notepad with Encoding: UTF-8)".to_string(),
        })?;
        Config::parse(text.trim_start_matches('\u{feff}'), &path.display().to_string())
    }

    pub fn date(&self) -> Option<Date> {
        self.document.date.as_deref().and_then(|d| Date::parse_from_str(d, "%Y-%m-%d").ok())
    }

    pub fn period(&self) -> Option<Period> {
        self.document.period.as_deref().and_then(crate::normalize::period::parse_machine)
    }

    /// Fills what the workbook left empty; the workbook's own items win.
    pub fn fill(&self, r: &mut Report) {
        fn or(slot: &mut Option<String>, v: &Option<String>) {
            if slot.is_none() {
                slot.clone_from(v);
            }
        }
        or(&mut r.unit.authority, &self.unit.authority);
        or(&mut r.unit.issuer, &self.unit.issuer);
        or(&mut r.unit.area, &self.unit.area);
        or(&mut r.unit.code, &self.unit.code);
        let doc = &self.document;
        or(&mut r.document.number, &doc.number);
        or(&mut r.document.place, &doc.place);
        or(&mut r.document.title, &doc.title);
        if r.document.date.is_none() {
            r.document.date = self.date();
        }
        if r.period.is_none() {
            r.period = self.period();
        }
        if r.document.recipients.is_empty() {
            r.document.recipients = doc.recipients.clone().unwrap_or_default();
        }
        if r.document.copies_to.is_empty() {
            r.document.copies_to = doc.copies_to.clone().unwrap_or_default();
        }
        or(&mut r.document.signer.authority, &doc.signer.authority);
        or(&mut r.document.signer.title, &doc.signer.title);
        or(&mut r.document.signer.name, &doc.signer.name);
    }
}

/// Turns a config error into a diagnostic for JSON output.
pub fn diagnostic(e: &ConfigError) -> Diagnostic {
    let m = e.to_string();
    Diagnostic::new("E-CONFIG-INVALID", m.clone(), m)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_key_is_refused() {
        let e = Config::parse("[unit]\nautority = \"x\"\n", "c.toml").unwrap_err();
        assert!(e.to_string().contains("autority"), "{e}");
    }

    #[test]
    fn margins_outside_the_decree_are_refused() {
        assert!(Config::parse("[layout]\nmargins_mm = { top = 10 }\n", "c.toml").is_err());
        assert!(Config::parse("[layout]\nbody_size = 12\n", "c.toml").is_err());
        assert!(Config::parse("[layout]\nbody_size = 13\n", "c.toml").is_ok());
    }

    #[test]
    fn workbook_items_win() {
        let cfg = Config::parse("[unit]\narea = \"Phường A\"\nissuer = \"TT\"\n", "c.toml").unwrap();
        let mut r = Report::default();
        r.unit.area = Some("Phường B".into());
        cfg.fill(&mut r);
        assert_eq!(r.unit.area.as_deref(), Some("Phường B"));
        assert_eq!(r.unit.issuer.as_deref(), Some("TT"));
    }
}

#[cfg(test)]
mod example_file {
    #[test]
    fn the_documented_example_parses() {
        let text = include_str!("../docs/config.example.toml");
        let cfg = super::Config::parse(text, "docs/config.example.toml").unwrap();
        assert_eq!(cfg.document.signer.name.as_deref(), Some("Đặng Cương Quyết"));
        assert_eq!(cfg.layout.margins_mm.left, 30);
    }
}

/// A TOML basic string: quotes, backslashes and control characters escaped.
fn toml_string(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for ch in s.chars() {
        match ch {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            c if (c as u32) < 0x20 || c as u32 == 0x7f => out.push_str(&format!("\\u{:04X}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

impl Config {
    /// The config as a `--config` file: what [`Config::parse`] reads back to
    /// an equal value (the clerk's page remembers the office's details this
    /// way). Items not set are left out.
    pub fn to_toml(&self) -> String {
        fn item(out: &mut String, key: &str, v: &Option<String>) {
            if let Some(v) = v {
                out.push_str(&format!("{key} = {}\n", toml_string(v)));
            }
        }
        fn list(out: &mut String, key: &str, v: &Option<Vec<String>>) {
            if let Some(v) = v {
                let items: Vec<String> = v.iter().map(|s| toml_string(s)).collect();
                out.push_str(&format!("{key} = [{}]\n", items.join(", ")));
            }
        }
        let mut out = String::from("# baocao --config (written by the clerk's page, baocao web)\n\n[unit]\n");
        item(&mut out, "authority", &self.unit.authority);
        item(&mut out, "issuer", &self.unit.issuer);
        item(&mut out, "area", &self.unit.area);
        item(&mut out, "code", &self.unit.code);
        let d = &self.document;
        out.push_str("\n[document]\n");
        item(&mut out, "number", &d.number);
        item(&mut out, "place", &d.place);
        item(&mut out, "date", &d.date);
        item(&mut out, "period", &d.period);
        item(&mut out, "title", &d.title);
        list(&mut out, "recipients", &d.recipients);
        list(&mut out, "copies_to", &d.copies_to);
        out.push_str("\n[document.signer]\n");
        item(&mut out, "authority", &d.signer.authority);
        item(&mut out, "title", &d.signer.title);
        item(&mut out, "name", &d.signer.name);
        let m = self.layout.margins_mm;
        out.push_str(&format!(
            "\n[layout]\nbody_size = {}\nmargins_mm = {{ top = {}, bottom = {}, left = {}, right = {} }}\n",
            self.layout.body_size, m.top, m.bottom, m.left, m.right
        ));
        out
    }
}

/// Where the clerk's page remembers the office's details: on Windows
/// `%APPDATA%\baocao\config.toml`, elsewhere `$XDG_CONFIG_HOME/baocao/config.toml`
/// or `~/.config/baocao/config.toml`. `None` when none of these is set.
pub fn user_config_path() -> Option<std::path::PathBuf> {
    let non_empty = |k: &str| std::env::var_os(k).filter(|v| !v.is_empty()).map(std::path::PathBuf::from);
    let base = if cfg!(windows) {
        non_empty("APPDATA")
    } else {
        non_empty("XDG_CONFIG_HOME").or_else(|| non_empty("HOME").map(|h| h.join(".config")))
    }?;
    Some(base.join("baocao").join("config.toml"))
}

#[cfg(test)]
mod toml_out_tests {
    use super::*;

    #[test]
    fn to_toml_reads_back_equal_with_hard_characters() {
        let mut c = Config::default();
        c.unit.issuer = Some("TTHTCĐ \"Kim Sơn\" \\ mới\nhai dòng\t\u{1}".into());
        c.unit.authority = Some("ỦY BAN NHÂN DÂN PHƯỜNG KIM SƠN".into());
        c.document.recipients = Some(vec!["Thường trực UBND".into(), "Phòng GD&ĐT, \"b/c\"".into()]);
        c.document.copies_to = Some(vec![]);
        c.document.signer.name = Some("Đặng Cương Quyết".into());
        c.document.date = Some("2018-11-26".into());
        c.layout.body_size = 13;
        c.layout.margins_mm.left = 35;
        let back = Config::parse(&c.to_toml(), "x.toml").unwrap();
        assert_eq!(back, c);
        assert_eq!(Config::parse(&Config::default().to_toml(), "d.toml").unwrap(), Config::default());
    }
}
