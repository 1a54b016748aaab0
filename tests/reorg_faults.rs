//! Faults of inputs across the 1 July 2025 reorganisation, run through the
//! binary on the Đông Triều 2025 sample: a Mã đơn vị that contradicts its
//! workbook, the double-count message of a new ward's file, and a
//! `report --compare` with a workbook that is not the same unit's same
//! period a year before. Variants are written by the program's own template
//! from the committed workbooks.

mod common;

use std::path::{Path, PathBuf};

use baocao::period::{Period, Span};
use serde_json::Value;

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("sample-sheets/dong-trieu-2025")
}

/// A committed workbook, read by the program.
fn read(name: &str) -> baocao::Report {
    baocao::check_file(&root().join(name), &baocao::Options::default()).unwrap().report
}

/// The 2025 folder copied into `dir/in`, with `name` replaced by `report`.
fn folder_with(dir: &Path, name: &str, report: &baocao::Report) -> PathBuf {
    let inputs = dir.join("in");
    std::fs::create_dir_all(&inputs).unwrap();
    for e in std::fs::read_dir(root().join("2025")).unwrap() {
        let e = e.unwrap();
        std::fs::copy(e.path(), inputs.join(e.file_name())).unwrap();
    }
    std::fs::write(inputs.join(name), baocao::template::workbook(Some(report)).unwrap()).unwrap();
    inputs
}

fn tonghop(inputs: &Path, out: &Path) -> (i32, Value, String) {
    let o = common::run(&[
        "tonghop".as_ref(),
        inputs.as_os_str(),
        "--period".as_ref(),
        "2025".as_ref(),
        "--config".as_ref(),
        root().with_extension("toml").as_os_str(),
        "-o".as_ref(),
        out.as_os_str(),
        "--json".as_ref(),
    ]);
    let stderr = String::from_utf8_lossy(&o.stderr).to_string();
    let v: Value = serde_json::from_slice(&o.stdout).unwrap_or_else(|e| panic!("{e}: {stderr}"));
    (o.status.code().unwrap(), v, stderr)
}

/// Every file diagnostic as (file name, code, "Sheet!Cell"), but the
/// sample's own W-UNIT-DIVIDED / W-COVERAGE (summary-level, not of a file).
fn file_diags(v: &Value) -> Vec<(String, String, String)> {
    let mut out = Vec::new();
    for f in v["files"].as_array().unwrap() {
        let name = f["path"].as_str().unwrap().rsplit(['/', '\\']).next().unwrap().to_string();
        for d in f["diagnostics"].as_array().unwrap() {
            let place = match (d["sheet"].as_str(), d["cell"].as_str()) {
                (Some(s), Some(c)) => format!("{s}!{c}"),
                _ => String::new(),
            };
            out.push((name.clone(), d["code"].as_str().unwrap().to_string(), place));
        }
    }
    out.sort();
    out
}

fn message<'a>(v: &'a Value, file: &str, code: &str) -> &'a str {
    v["files"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["path"].as_str().unwrap().ends_with(file))
        .flat_map(|f| f["diagnostics"].as_array().unwrap())
        .find(|d| d["code"] == code)
        .unwrap_or_else(|| panic!("no {code} on {file}"))["message"]
        .as_str()
        .unwrap()
}

fn unit_rows(v: &Value) -> Vec<(String, u64)> {
    v["summary"]["by_unit"]
        .as_array()
        .unwrap()
        .iter()
        .map(|u| (u["unit"].as_str().unwrap().to_string(), u["participants"].as_u64().unwrap_or(0)))
        .collect()
}

/// Kim Sơn's January with a Mã đơn vị of Hà Nội (00004, Phường Trúc Bạch),
/// then of another Quảng Ninh unit (07090): the code is not believed, the
/// file says so at its code's cell, and the summary is that of the
/// untouched folder (Kim Sơn's January in Mạo Khê, no Hà Nội row, no double
/// count).
#[test]
fn a_contradicting_unit_code_is_reported_and_the_workbook_placed_by_its_name() {
    let dir = common::tempdir();
    let (code, want, _) = tonghop(&root().join("2025"), &dir.path().join("goc.xlsx"));
    assert_eq!(code, 0);
    let want_rows = unit_rows(&want);
    assert!(file_diags(&want).iter().all(|(_, c, _)| c != "W-UNIT-CODE-MISMATCH"));

    for (bad, of) in [("00004", "Phường Trúc Bạch (Thành phố Hà Nội)"), ("07090", "(Tỉnh Quảng Ninh)")] {
        let d = dir.path().join(bad);
        let mut r = read("2025/kim-son-2025-01.xlsx");
        assert_eq!(r.unit.code, None);
        r.unit.code = Some(bad.into());
        let inputs = folder_with(&d, "kim-son-2025-01.xlsx", &r);
        let out = d.join("th.xlsx");
        let (code, v, stderr) = tonghop(&inputs, &out);
        assert_eq!(code, 0, "{stderr}");
        assert!(out.exists());
        assert_eq!(
            file_diags(&v),
            [(
                "kim-son-2025-01.xlsx".to_string(),
                "W-UNIT-CODE-MISMATCH".to_string(),
                "Thông tin!B6".to_string()
            )],
            "{bad}"
        );
        let m = message(&v, "kim-son-2025-01.xlsx", "W-UNIT-CODE-MISMATCH");
        assert!(
            m.contains(&format!("Mã đơn vị {bad} là của")) && m.contains(of) && m.contains("Địa bàn của sổ là \"Phường Kim Sơn\""),
            "{m}"
        );
        assert_eq!(bad == "00004", m.contains("đơn vị tổng hợp thuộc Tỉnh Quảng Ninh"), "{m}");
        assert!(m.contains("Tệp được xếp theo tên Địa bàn: Phường Kim Sơn."), "{m}");
        assert_eq!(unit_rows(&v), want_rows, "{bad}");
        assert_eq!(v["summary"]["totals"], want["summary"]["totals"]);
    }

    // A name that cannot be placed either: said so too, and the file is on
    // its own row by its name, not in Hà Nội.
    let d = dir.path().join("khong-co");
    let mut r = read("2025/kim-son-2025-01.xlsx");
    r.unit.code = Some("00004".into());
    r.unit.area = Some("Phường Không Có".into());
    let inputs = folder_with(&d, "kim-son-2025-01.xlsx", &r);
    let (code, v, stderr) = tonghop(&inputs, &d.join("th.xlsx"));
    assert_eq!(code, 0, "{stderr}");
    let codes: Vec<(String, String)> = file_diags(&v).into_iter().map(|(f, c, _)| (f, c)).collect();
    assert_eq!(
        codes,
        [
            ("kim-son-2025-01.xlsx".to_string(), "W-UNIT-CODE-MISMATCH".to_string()),
            ("kim-son-2025-01.xlsx".to_string(), "W-UNIT-NOT-PLACED".to_string()),
        ]
    );
    let rows = unit_rows(&v);
    let own = v["summary"]["by_unit"]
        .as_array()
        .unwrap()
        .iter()
        .find(|u| u["unit"] == "Phường Không Có")
        .unwrap_or_else(|| panic!("{rows:?}"));
    assert_eq!(own["code"], Value::Null, "the contradicting code is not the row's");
    assert_eq!(own["covered"], serde_json::json!(["2025-01"]));
    assert!(
        rows.iter().all(|(n, _)| !n.contains("Ba Đình") && !n.contains("Trúc Bạch")),
        "{rows:?}"
    );
}

/// Kim Sơn's June retyped as August beside Mạo Khê's August: both files are
/// double counting, and both messages name the old ward and the new one.
#[test]
fn the_new_wards_double_count_message_names_the_old_ward_and_itself() {
    let dir = common::tempdir();
    let mut r = read("2025/kim-son-2025-06.xlsx");
    r.period = Some(Period::new(2025, Span::Month(8)).unwrap());
    let inputs = folder_with(dir.path(), "kim-son-2025-08.xlsx", &r);
    let out = dir.path().join("th.xlsx");
    let (code, v, stderr) = tonghop(&inputs, &out);
    assert_eq!(code, 1, "{stderr}");
    assert!(!out.exists());
    let errors: Vec<(String, String)> = file_diags(&v)
        .into_iter()
        .filter(|(_, c, _)| c.starts_with("E-"))
        .map(|(f, c, _)| (f, c))
        .collect();
    assert_eq!(
        errors,
        [
            ("kim-son-2025-08.xlsx".to_string(), "E-REORG-DOUBLE-COUNT".to_string()),
            ("mao-khe-2025-08.xlsx".to_string(), "E-REORG-DOUBLE-COUNT".to_string()),
        ]
    );
    for (file, other) in [
        ("kim-son-2025-08.xlsx", "mao-khe-2025-08.xlsx"),
        ("mao-khe-2025-08.xlsx", "kim-son-2025-08.xlsx"),
    ] {
        let m = message(&v, file, "E-REORG-DOUBLE-COUNT");
        assert!(
            m.contains(other) && m.contains("(Phường Kim Sơn đã sắp xếp vào Phường Mạo Khê): số liệu bị tính hai lần"),
            "{file}: {m}"
        );
    }
}

/// The texts of a .docx's document.xml, tags removed.
fn docx_text(path: &Path) -> String {
    use std::io::Read;
    let mut z = zip::ZipArchive::new(std::fs::File::open(path).unwrap()).unwrap();
    let mut xml = String::new();
    z.by_name("word/document.xml").unwrap().read_to_string(&mut xml).unwrap();
    let mut out = String::new();
    let mut in_tag = false;
    for ch in xml.chars() {
        match ch {
            '<' => in_tag = true,
            '>' => in_tag = false,
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    out
}

fn report(input: &Path, prev: Option<&Path>, out: &Path) -> (i32, String) {
    let mut args: Vec<&std::ffi::OsStr> = vec!["report".as_ref(), input.as_os_str()];
    if let Some(p) = prev {
        args.extend(["--compare".as_ref(), p.as_os_str()]);
    }
    args.extend(["-o".as_ref(), out.as_os_str()]);
    let o = common::run(&args);
    (o.status.code().unwrap(), String::from_utf8_lossy(&o.stderr).to_string())
}

/// `report X --compare PREV`: only the same unit's same span a year before
/// is compared; the same file, another unit's half-year, or another unit's
/// same month give W-COMPARE-MISMATCH naming both files, and the report is
/// the one without --compare.
#[test]
fn report_compare_takes_only_the_same_units_same_period_a_year_before() {
    let dir = common::tempdir();
    let now = root().join("2025/kim-son-2025-03.xlsx");
    let plain = dir.path().join("plain.docx");
    let (code, stderr) = report(&now, None, &plain);
    assert_eq!(code, 0, "{stderr}");
    let plain_text = docx_text(&plain);

    // Kim Sơn's March 2025 written as March 2024 with one indicator changed.
    let mut before = read("2025/kim-son-2025-03.xlsx");
    before.period = Some(Period::new(2024, Span::Month(3)).unwrap());
    assert!(!before.indicators.is_empty());
    for i in &mut before.indicators {
        i.previous = None;
        i.previous_label = None;
    }
    let same = dir.path().join("kim-son-2024-03.xlsx");
    std::fs::write(&same, baocao::template::workbook(Some(&before)).unwrap()).unwrap();
    let mut other = read("2025/an-sinh-2025-03.xlsx");
    other.period = Some(Period::new(2024, Span::Month(3)).unwrap());
    let other_unit = dir.path().join("an-sinh-2024-03.xlsx");
    std::fs::write(&other_unit, baocao::template::workbook(Some(&other)).unwrap()).unwrap();

    let out = dir.path().join("rc.docx");
    let (code, stderr) = report(&now, Some(&same), &out);
    assert_eq!(code, 0, "{stderr}");
    assert!(!stderr.contains("W-COMPARE-MISMATCH"), "{stderr}");
    assert!(docx_text(&out).contains("cùng kỳ năm trước (tháng 3/2024)"));

    let half_year = root().join("2024/an-sinh-2024-H1.xlsx");
    for (prev, why) in [
        (
            now.clone(),
            vec!["là sổ tháng 3/2025, không phải cùng kỳ năm trước của tháng 3/2025 (tháng 3/2024)"],
        ),
        (
            half_year.clone(),
            vec![
                "là của Xã An Sinh, không phải Phường Kim Sơn",
                "là sổ 6 tháng đầu năm 2024, không phải cùng kỳ năm trước",
            ],
        ),
        (other_unit.clone(), vec!["là của Xã An Sinh, không phải Phường Kim Sơn"]),
    ] {
        std::fs::remove_file(&out).ok();
        let (code, stderr) = report(&now, Some(&prev), &out);
        assert_eq!(code, 0, "{stderr}");
        let line = stderr
            .lines()
            .find(|l| l.contains("[W-COMPARE-MISMATCH]"))
            .unwrap_or_else(|| panic!("{stderr}"));
        assert!(line.contains(&format!("Sổ so sánh {}", prev.display())), "{line}");
        assert!(line.contains(&format!("báo cáo của {}", now.display())), "{line}");
        for w in why {
            assert!(line.contains(w), "{line}");
        }
        assert_eq!(stderr.matches("[W-").count(), 1, "{stderr}");
        assert_eq!(docx_text(&out), plain_text, "{}", prev.display());
    }
}
