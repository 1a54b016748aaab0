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
    #[error("không đọc được tệp cấu hình {path}: {source}")]
    Io { path: String, source: std::io::Error },
    #[error("tệp cấu hình {path} sai: {message}")]
    Invalid { path: String, message: String },
}

impl Config {
    /// Parses and checks a config file's text. `path` names it in errors.
    pub fn parse(text: &str, path: &str) -> Result<Config, ConfigError> {
        let cfg: Config = toml::from_str(text).map_err(|e| ConfigError::Invalid {
            path: path.to_string(),
            message: e.to_string(),
        })?;
        let bad = |m: String| ConfigError::Invalid {
            path: path.to_string(),
            message: m,
        };
        if !(13..=14).contains(&cfg.layout.body_size) {
            return Err(bad(format!(
                "layout.body_size = {}: cỡ chữ phải là 13 hoặc 14",
                cfg.layout.body_size
            )));
        }
        let m = cfg.layout.margins_mm;
        let within = |v: u32, lo: u32, hi: u32, name: &str| {
            if (lo..=hi).contains(&v) {
                Ok(())
            } else {
                Err(bad(format!(
                    "layout.margins_mm.{name} = {v}: phải từ {lo} đến {hi} mm (Nghị định 30/2020)"
                )))
            }
        };
        within(m.top, 20, 25, "top")?;
        within(m.bottom, 20, 25, "bottom")?;
        within(m.left, 30, 35, "left")?;
        within(m.right, 15, 20, "right")?;
        if let Some(d) = &cfg.document.date {
            if Date::parse_from_str(d, "%Y-%m-%d").is_err() {
                return Err(bad(format!("document.date = \"{d}\": ngày phải viết YYYY-MM-DD")));
            }
        }
        if let Some(p) = &cfg.document.period {
            if crate::normalize::period::parse_machine(p).is_none() {
                return Err(bad(format!(
                    "document.period = \"{p}\": kỳ phải viết như 2018, 2018-H1, 2018-Q3, 2018-10"
                )));
            }
        }
        Ok(cfg)
    }

    /// Reads a config file.
    pub fn load(path: &std::path::Path) -> Result<Config, ConfigError> {
        let shown = path.display().to_string();
        let text = std::fs::read_to_string(path).map_err(|source| ConfigError::Io {
            path: shown.clone(),
            source,
        })?;
        Config::parse(&text, &shown)
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
