//! The 1 July 2025 reorganisation, inside the binary.
//!
//! `data/dvhc-2025/communes-2025-07-01.csv` (807 KB, 10,604 rows; provenance
//! in data/dvhc-2025/README.md) is the source. `cargo run --example gen-dvhc`
//! writes `data/dvhc-2025/communes.zip` from it: the rows grouped by province
//! and new unit, so that each is written once (341 KB of text), deflated in
//! a zip (88 KB). Why a zip: the `zip` crate is already a dependency (for
//! .xlsx), so no crate is added and no build script is needed. A test checks
//! that the embedded data equals the CSV, so the two cannot drift apart.
//!
//! The grouped text, one line each:
//! - `P<code> <province>` starts a province;
//! - `N<code> <unit>` starts a new unit of it;
//! - `=<code> <unit>` an old unit that went wholly into it, `~<code> <unit>` one that went partly.

use std::io::Read;

use super::{Reorganisation, Row, Share};

/// The day the new units came into force.
pub const DATE: (i32, u32, u32) = (2025, 7, 1);

/// Where the facts come from.
pub const SOURCE: &str = "Nghị quyết 1654–1687/NQ-UBTVQH15 (2025), theo bộ dữ liệu dvhcvn/20250701";

/// Name of the one file inside the zip.
pub const ENTRY: &str = "communes-2025-07-01.txt";

static PACKED: &[u8] = include_bytes!("../../data/dvhc-2025/communes.zip");

/// Size of the compressed data in the binary.
pub fn packed_len() -> usize {
    PACKED.len()
}

/// Decodes the embedded data (a few milliseconds; see docs/performance.md).
pub fn load() -> Result<Reorganisation, String> {
    let text = unpack(PACKED)?;
    decode(&text)
}

fn unpack(zip_bytes: &[u8]) -> Result<String, String> {
    let mut z = zip::ZipArchive::new(std::io::Cursor::new(zip_bytes)).map_err(|e| e.to_string())?;
    let mut f = z.by_name(ENTRY).map_err(|e| e.to_string())?;
    let mut s = String::new();
    f.read_to_string(&mut s).map_err(|e| e.to_string())?;
    Ok(s)
}

fn date() -> crate::model::Date {
    crate::model::Date::from_ymd_opt(DATE.0, DATE.1, DATE.2).unwrap_or_default()
}

/// The grouped text → the reorganisation.
pub fn decode(text: &str) -> Result<Reorganisation, String> {
    let mut rows = Vec::new();
    let (mut prov, mut new): ((&str, &str), (&str, &str)) = (("", ""), ("", ""));
    for (n, line) in text.lines().enumerate() {
        let Some(tag) = line.chars().next() else { continue };
        let rest = &line[tag.len_utf8()..];
        let (code, name) = rest.split_once(' ').ok_or_else(|| format!("dòng {} hỏng", n + 1))?;
        match tag {
            'P' => prov = (code, name),
            'N' => new = (code, name),
            '=' | '~' => rows.push(Row {
                province_code: prov.0,
                province: prov.1,
                new_code: new.0,
                new_unit: new.1,
                old_code: code,
                old_unit: name,
                share: if tag == '=' { Share::Full } else { Share::Partial },
            }),
            _ => return Err(format!("dòng {} hỏng", n + 1)),
        }
    }
    Ok(Reorganisation::from_rows(date(), SOURCE, rows))
}

/// The CSV (with its header) → the grouped text. Used by `gen-dvhc` and by
/// the test that checks the embedded data against the CSV.
pub fn encode(csv: &str) -> Result<String, String> {
    let mut out = String::new();
    let (mut prov, mut new) = (String::new(), String::new());
    for (n, line) in csv.lines().enumerate().skip(1) {
        let f: Vec<&str> = line.split(',').collect();
        let [pc, p, nc, nu, oc, ou, share] = f[..] else {
            return Err(format!("dòng {} không có 7 cột", n + 1));
        };
        if pc != prov {
            out.push_str(&format!("P{pc} {p}\n"));
            prov = pc.to_string();
            new.clear();
        }
        if nc != new {
            out.push_str(&format!("N{nc} {nu}\n"));
            new = nc.to_string();
        }
        let tag = match share {
            "full" => '=',
            "partial" => '~',
            _ => return Err(format!("dòng {}: share \"{share}\"", n + 1)),
        };
        out.push_str(&format!("{tag}{oc} {ou}\n"));
    }
    Ok(out)
}

/// The grouped text → the zip that is embedded (a fixed time stamp, so the
/// same CSV gives the same bytes).
pub fn pack(text: &str) -> Result<Vec<u8>, String> {
    use std::io::Write;
    let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let opts = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .compression_level(Some(9))
        .last_modified_time(zip::DateTime::default());
    w.start_file(ENTRY, opts).map_err(|e| e.to_string())?;
    w.write_all(text.as_bytes()).map_err(|e| e.to_string())?;
    Ok(w.finish().map_err(|e| e.to_string())?.into_inner())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn csv() -> String {
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/data/dvhc-2025/communes-2025-07-01.csv")).unwrap()
    }

    #[test]
    fn the_embedded_data_is_the_csv() {
        let from_csv = decode(&encode(&csv()).unwrap()).unwrap();
        assert!(load().unwrap() == from_csv, "run: cargo run --example gen-dvhc");
        assert_eq!(unpack(PACKED).unwrap(), encode(&csv()).unwrap());
        assert!(packed_len() < 120_000, "{}", packed_len());
    }
}
