//! `baocao consolidate` through the binary: sums for a month and a half-year
//! recomputed here from the generator's figures, the summary workbook read
//! back without calculation, and every trap of consolidation.md.

mod common;
#[path = "common/dong_trieu.rs"]
mod dong_trieu;

use common::*;
use std::ffi::OsStr;
use std::path::{Path, PathBuf};

use calamine::{open_workbook, Data, Reader, Xlsx};

fn folder() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("sample-sheets/dong-trieu-2018")
}

fn tonghop(inputs: &[&Path], out: &Path, extra: &[&str]) -> (i32, serde_json::Value, String) {
    let mut args: Vec<&OsStr> = vec!["tonghop".as_ref()];
    args.extend(inputs.iter().map(|p| p.as_os_str()));
    args.extend(["-o".as_ref(), out.as_os_str(), "--json".as_ref()]);
    args.extend(extra.iter().map(|s| OsStr::new(*s)));
    let o = run(&args);
    let v = serde_json::from_slice(&o.stdout).unwrap_or(serde_json::Value::Null);
    (o.status.code().unwrap_or(-1), v, String::from_utf8_lossy(&o.stderr).into_owned())
}

/// Expected (classes, participants, female) over the months in `range`.
fn expected(months: std::ops::RangeInclusive<u8>) -> (u64, u64, Option<u64>) {
    let mut t = (0, 0, None::<u64>);
    for (w, m) in dong_trieu::all() {
        if !months.contains(&m) {
            continue;
        }
        for (_, c, p, f) in dong_trieu::figures(w, m).activities {
            t.0 += c.unwrap_or(0);
            t.1 += p.unwrap_or(0);
            if let Some(f) = f {
                t.2 = Some(t.2.unwrap_or(0) + f);
            }
        }
    }
    t
}

/// The "Tổng hợp" sheet's grand total of participants, as a non-calculating reader sees it.
fn sheet_numbers(path: &Path, sheet: &str) -> Vec<f64> {
    let mut wb: Xlsx<_> = open_workbook(path).unwrap();
    let r = wb.worksheet_range(sheet).unwrap();
    r.rows()
        .flat_map(|row| {
            row.iter()
                .filter_map(|d| if let Data::Float(f) = d { Some(*f) } else { None })
                .collect::<Vec<_>>()
        })
        .collect()
}

fn check_period(period: &str, months: std::ops::RangeInclusive<u8>, files: usize) {
    let dir = tempdir();
    let out = dir.path().join("tổng hợp.xlsx");
    let (code, v, err) = tonghop(&[&folder()], &out, &["--period", period]);
    assert_eq!(code, 0, "{err}");
    let (c, p, f) = expected(months);
    let s = &v["summary"];
    assert_eq!(s["totals"]["classes"], c, "{period}");
    assert_eq!(s["totals"]["participants"], p, "{period}");
    assert_eq!(s["totals"]["female"].as_u64(), f, "{period}");
    let used = v["files"].as_array().unwrap().iter().filter(|f| f["status"] == "used").count();
    assert_eq!(used, files, "{period}");
    // The grand totals are formulas with cached values: a non-calculating reader sees them.
    let nums = sheet_numbers(&out, "Tổng hợp");
    assert!(nums.contains(&(p as f64)), "{period}: {p} not among the cached values of Tổng hợp");
    assert!(nums.contains(&(c as f64)), "{period}: {c} not in Tổng hợp");
}

#[test]
fn a_month() {
    check_period("2018-03", 3..=3, 5);
}

#[test]
fn a_quarter() {
    check_period("2018-Q1", 1..=3, 15);
}

#[test]
fn a_half_year() {
    check_period("2018-H1", 1..=6, 29);
}

#[test]
fn the_year() {
    check_period("2018", 1..=12, 58);
}

/// A Kim Sơn-shaped monthly workbook for `unit` and `month`, participants of
/// the first category set to `first`.
fn monthly(dir: &Path, file: &str, unit: &str, period: &str, first: f64) -> PathBuf {
    let mut book = kim_son();
    book[0].set(3, 1, s(unit));
    book[0].set(7, 1, s(period));
    book[0].set(6, 1, V::D(serial(2018, 12, 31)));
    book[1].set(5, 3, V::N(first));
    book[1].clear(14, 3);
    write_book(dir, file, &book)
}

#[test]
fn the_same_month_twice_with_different_figures_is_refused_naming_both_files() {
    let dir = tempdir();
    let a = monthly(dir.path(), "kim-son-01.xlsx", "Phường Kim Sơn", "Tháng 1/2018", 350.0);
    let b = monthly(dir.path(), "kim-son-01 (sửa).xlsx", "PHƯỜNG KIM SƠN", "Tháng 01 năm 2018", 360.0);
    let out = dir.path().join("out").join("th.xlsx");
    std::fs::create_dir(dir.path().join("out")).unwrap();
    let (code, v, err) = tonghop(&[&a, &b], &out, &[]);
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("kim-son-01.xlsx") && err.contains("kim-son-01 (sửa).xlsx"), "{err}");
    assert!(v.to_string().contains("E-DOUBLE-COUNT"));
    assert!(!out.exists(), "nothing written");
}

#[test]
fn an_identical_copy_is_counted_once_with_a_warning() {
    let dir = tempdir();
    let a = monthly(dir.path(), "a.xlsx", "Phường Kim Sơn", "Tháng 1/2018", 350.0);
    let b = dir.path().join("bản sao.xlsx");
    std::fs::copy(&a, &b).unwrap();
    let out = dir.path().join("th.xlsx");
    let (code, v, err) = tonghop(&[dir.path()], &out, &["--period", "2018-01"]);
    assert_eq!(code, 0, "{err}");
    assert!(v.to_string().contains("W-DUPLICATE-FILE"));
    assert_eq!(v["summary"]["totals"]["participants"], 6778);
    assert!(out.exists());
}

#[test]
fn a_yearly_workbook_in_a_quarterly_run_is_left_out_with_a_warning() {
    let dir = tempdir();
    monthly(dir.path(), "jan.xlsx", "Phường A", "Tháng 1/2018", 350.0);
    monthly(dir.path(), "year.xlsx", "Phường B", "Năm 2018", 350.0);
    let out = dir.path().join("th.xlsx");
    let (code, v, err) = tonghop(&[dir.path()], &out, &["--period", "2018-Q1"]);
    assert_eq!(code, 0, "{err}");
    let year = v["files"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["path"].as_str().unwrap().ends_with("year.xlsx"))
        .unwrap();
    assert_eq!(year["status"], "left_out");
    assert!(v.to_string().contains("W-PERIOD-LARGER"));
    assert_eq!(v["summary"]["totals"]["participants"], 6778);
}

#[test]
fn a_missing_month_shows_in_the_coverage() {
    let dir = tempdir();
    monthly(dir.path(), "1.xlsx", "Phường A", "Tháng 1/2018", 350.0);
    monthly(dir.path(), "2.xlsx", "Phường A", "Tháng 2/2018", 350.0);
    let out = dir.path().join("th.xlsx");
    let (code, v, err) = tonghop(&[dir.path()], &out, &["--period", "2018-Q1"]);
    assert_eq!(code, 0, "{err}");
    let u = &v["summary"]["by_unit"][0];
    assert_eq!(u["covered"], serde_json::json!(["2018-01", "2018-02"]));
    assert_eq!(u["expected"].as_array().unwrap().len(), 3);
    assert!(v.to_string().contains("W-COVERAGE"));
    assert!(err.contains("2/3 tháng"), "{err}");
}

#[test]
fn an_input_with_errors_is_left_out_and_listed_exit_1_or_0_with_allow_errors() {
    let dir = tempdir();
    monthly(dir.path(), "good.xlsx", "Phường A", "Tháng 1/2018", 350.0);
    let mut book = kim_son();
    book[0].set(3, 1, s("Phường B"));
    book[0].set(7, 1, s("Tháng 1/2018"));
    book[1].set(6, 3, s("12,5"));
    write_book(dir.path(), "bad.xlsx", &book);
    let out = dir.path().join("th.xlsx");
    let (code, v, err) = tonghop(&[dir.path()], &out, &[]);
    assert_eq!(code, 1, "{err}");
    assert!(!out.exists());
    assert!(err.contains("Hoạt động!D7"), "{err}");
    let (code, v2, _) = tonghop(&[dir.path()], &out, &["--allow-errors"]);
    assert_eq!(code, 0);
    assert!(out.exists());
    let bad = v2["files"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["path"].as_str().unwrap().ends_with("bad.xlsx"))
        .unwrap();
    assert_eq!(bad["status"], "left_out");
    assert_eq!(v2["summary"]["totals"]["participants"], 6778);
    let _ = v;
    // The Kiểm tra sheet lists the faulty file's diagnostics.
    let mut wb: Xlsx<_> = open_workbook(&out).unwrap();
    let r = wb.worksheet_range("Kiểm tra").unwrap();
    assert!(r.rows().any(|row| row
        .iter()
        .any(|d| matches!(d, Data::String(t) if t.contains("E-COUNT-NOT-INTEGER")))));
}

#[test]
fn output_is_byte_identical_whatever_the_order_of_inputs() {
    let dir = tempdir();
    let mut files: Vec<PathBuf> = std::fs::read_dir(folder()).unwrap().map(|e| e.unwrap().path()).collect();
    files.sort();
    let (a, b) = (dir.path().join("a.xlsx"), dir.path().join("b.xlsx"));
    let fwd: Vec<&Path> = files.iter().map(|p| p.as_path()).collect();
    let rev: Vec<&Path> = files.iter().rev().map(|p| p.as_path()).collect();
    assert_eq!(tonghop(&fwd, &a, &["--period", "2018-Q2"]).0, 0);
    assert_eq!(tonghop(&rev, &b, &["--period", "2018-Q2"]).0, 0);
    assert_eq!(std::fs::read(&a).unwrap(), std::fs::read(&b).unwrap());
}

#[test]
fn the_town_report_is_written_with_the_summary() {
    let dir = tempdir();
    let out = dir.path().join("th.xlsx");
    let docx = dir.path().join("báo cáo tổng hợp.docx");
    let (code, _, err) = tonghop(&[&folder()], &out, &["--period", "2018-Q1", "--report", docx.to_str().unwrap()]);
    assert_eq!(code, 0, "{err}");
    let mut z = zip::ZipArchive::new(std::fs::File::open(&docx).unwrap()).unwrap();
    let mut xml = String::new();
    std::io::Read::read_to_string(&mut z.by_name("word/document.xml").unwrap(), &mut xml).unwrap();
    let (_, p, _) = expected(1..=3);
    assert!(xml.contains(&baocao::normalize::number::format_int(p)), "total {p} in the report");
    assert!(xml.contains("w:orient=\"landscape\""), "per-unit appendix in landscape");
}

#[test]
fn the_office_config_does_not_fill_the_wards_workbooks() {
    let dir = tempdir();
    monthly(dir.path(), "a.xlsx", "Phường A", "Tháng 1/2018", 350.0);
    // A ward workbook without Địa bàn.
    let mut book = kim_son();
    book[0].cells.retain(|(_, _, v)| *v != s("Địa bàn") && *v != s("Phường Kim Sơn"));
    book[0].set(7, 1, s("Tháng 1/2018"));
    write_book(dir.path(), "không địa bàn.xlsx", &book);
    let cfg = dir.path().join("phong.toml");
    std::fs::write(
        &cfg,
        "[unit]\narea = \"Thị xã Đông Triều\"\nissuer = \"PHÒNG GIÁO DỤC VÀ ĐÀO TẠO\"\n",
    )
    .unwrap();
    let out = dir.path().join("th.xlsx");
    let (code, v, err) = tonghop(&[dir.path()], &out, &["--config", cfg.to_str().unwrap()]);
    assert_eq!(code, 1, "{err}");
    let bad = v["files"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["path"].as_str().unwrap().ends_with("không địa bàn.xlsx"))
        .unwrap();
    assert_eq!(bad["status"], "left_out");
    assert!(!v.to_string().contains("\"unit\":\"Thị xã Đông Triều\""));
}
