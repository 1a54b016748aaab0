//! The Đông Triều 2025 sample across the 1 July 2025 reorganisation: sums
//! re-derived from the generator's figures (tests/common/dong_trieu_2025.rs),
//! never from the program.

mod common;
#[path = "common/dong_trieu_2025.rs"]
mod dong_trieu_2025;

use std::path::{Path, PathBuf};

use baocao::consolidate::{consolidate_files, discover, ConsolidateOptions, Consolidation, LeftOut, Status};
use baocao::period::{Period, Span};
use dong_trieu_2025::*;

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("sample-sheets/dong-trieu-2025")
}

fn run(folders: &[PathBuf], period: Period) -> Consolidation {
    let paths = discover(folders).unwrap().files;
    let cfg = baocao::Config::load(&root().with_extension("toml")).unwrap();
    let opts = ConsolidateOptions {
        period: Some(period),
        province: cfg.province_text(),
        ..Default::default()
    };
    consolidate_files(&paths, &opts, &baocao::Options::default(), None)
}

fn p(y: i32, s: Span) -> Period {
    Period::new(y, s).unwrap()
}

/// The files of 2025 that a new ward's row holds: its own, and its
/// predecessors' that went into it wholly.
fn of_new(n: usize) -> impl Fn(&File) -> bool {
    move |f: &File| {
        f.year == 2025
            && match f.who {
                Who::New(i) => i == n,
                Who::Old(i) => INTO[i] == [n],
            }
    }
}

fn row<'a>(c: &'a Consolidation, name: &str) -> &'a baocao::consolidate::UnitSummary {
    c.units
        .iter()
        .find(|u| u.name == name)
        .unwrap_or_else(|| panic!("{name}: {:?}", c.units.iter().map(|u| &u.label).collect::<Vec<_>>()))
}

fn triple(t: &baocao::model::Totals) -> (u64, u64, u64) {
    (t.classes.unwrap_or(0), t.participants.unwrap_or(0), t.female.unwrap_or(0))
}

#[test]
fn the_committed_workbooks_are_what_the_generator_writes() {
    if cfg!(windows) {
        // The Windows suite runs under Wine, where cargo is not; the Linux
        // suite runs the generator.
        eprintln!("SKIPPED: cargo is not run from the Windows test suite");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let out = std::process::Command::new(env!("CARGO"))
        .args(["run", "-q", "--example", "gen-dong-trieu-2025", "--"])
        .arg(dir.path())
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    for f in files() {
        let a = std::fs::read(root().join(f.path())).unwrap();
        let b = std::fs::read(dir.path().join(f.path())).unwrap();
        assert!(a == b, "{} differs: cargo run --example gen-dong-trieu-2025", f.path());
    }
    assert_eq!(discover(&[root()]).unwrap().files.len(), files().len());
}

#[test]
fn the_year_2025_is_by_new_unit_with_its_predecessors_months() {
    let c = run(&[root().join("2025")], p(2025, Span::Year));
    assert_eq!(c.exit_code(), 0);
    assert_eq!(c.used_count(), 90);
    let labels: Vec<&str> = c.units.iter().map(|u| u.label.as_str()).collect();
    assert_eq!(
        labels,
        [
            "Phường An Sinh (gồm xã An Sinh, Việt Dân, phường Bình Dương đến 30/6/2025)",
            "Phường Mạo Khê (gồm phường Mạo Khê, Xuân Sơn, Yên Thọ, Kim Sơn đến 30/6/2025)",
            "Phường Đông Triều (gồm xã Nguyễn Huệ, phường Thủy An, Hồng Phong, Hưng Đạo đến 30/6/2025)",
            "Phường Đức Chính (cũ) — chia cho An Sinh, Đông Triều",
        ]
    );
    for (n, (_, name, code)) in NEW.iter().enumerate() {
        let u = row(&c, name);
        assert_eq!(u.code.as_deref(), Some(*code));
        assert_eq!(triple(&u.totals), totals(of_new(n)), "{name}");
        assert_eq!(u.coverage_label(), "12/12 tháng", "{name}");
    }
    // The divided ward: its own row, January–June, counted once.
    let duc_chinh = row(&c, OLD[DIVIDED].1);
    assert_eq!(triple(&duc_chinh.totals), totals(|f| f.year == 2025 && f.who == Who::Old(DIVIDED)));
    assert_eq!(duc_chinh.coverage_label(), "6/6 tháng");
    assert_eq!(duc_chinh.divided_among, ["Phường An Sinh", "Phường Đông Triều"]);
    assert_eq!(triple(&c.totals), totals(|f| f.year == 2025));
    let codes: Vec<&str> = c.all_diagnostics().map(|d| d.code).collect();
    assert_eq!(codes, ["W-UNIT-DIVIDED"]);
    // Stock: December's value of each new ward.
    let poor = c.indicators.iter().find(|i| i.name == "Số hộ nghèo").unwrap();
    let want: f64 = (0..NEW.len())
        .map(|n| {
            figures(&File {
                who: Who::New(n),
                year: 2025,
                months: (12, 12),
            })
            .indicators[1]
                .2
        })
        .sum::<f64>()
        + figures(&File {
            who: Who::Old(DIVIDED),
            year: 2025,
            months: (6, 6),
        })
        .indicators[1]
            .2;
    assert_eq!(poor.total, Some(want));
    // The consolidated report says what each row holds.
    let cfg = baocao::Config::load(&root().with_extension("toml")).unwrap();
    let r = baocao::consolidate::town_report(&c, &cfg);
    let text: String = r.narrative.iter().map(|p| p.text.clone()).collect::<Vec<_>>().join("\n");
    assert!(
        text.contains("Từ ngày 1/7/2025, các đơn vị hành chính cấp xã được sắp xếp lại"),
        "{text}"
    );
    assert!(
        text.contains("Phường Mạo Khê gồm phường Mạo Khê, Xuân Sơn, Yên Thọ, Kim Sơn"),
        "{text}"
    );
    assert!(
        text.contains("Phường Đức Chính (chia cho phường An Sinh, Đông Triều) không chia được"),
        "{text}"
    );
}

#[test]
fn the_first_half_of_2025_is_by_old_unit() {
    let c = run(&[root().join("2025")], p(2025, Span::Half(1)));
    assert_eq!(c.exit_code(), 0);
    assert_eq!(c.units.len(), OLD.len());
    for (i, (_, name, _)) in OLD.iter().enumerate() {
        let u = row(&c, name);
        assert_eq!(u.label, *name);
        assert_eq!(triple(&u.totals), totals(|f| f.year == 2025 && f.who == Who::Old(i)), "{name}");
    }
    // Kim Sơn's workbooks have no Mã đơn vị: found by name in Quảng Ninh,
    // the code is the list's. Đức Chính keeps its own name although its
    // code is Đông Triều's after the change, whose July files are in the folder.
    assert_eq!(row(&c, "Phường Kim Sơn").code.as_deref(), Some("07123"));
    assert_eq!(row(&c, "Phường Đức Chính").code.as_deref(), Some("07093"));
    // Only notes: the July–December files lie outside the period.
    let codes: std::collections::BTreeSet<&str> = c.all_diagnostics().map(|d| d.code).collect();
    assert_eq!(codes.into_iter().collect::<Vec<_>>(), ["N-PERIOD-OUTSIDE"]);
}

#[test]
fn the_second_half_of_2025_is_the_new_wards_alone() {
    let c = run(&[root().join("2025")], p(2025, Span::Half(2)));
    assert_eq!(c.exit_code(), 0);
    let labels: Vec<&str> = c.units.iter().map(|u| u.label.as_str()).collect();
    assert_eq!(labels, ["Phường An Sinh", "Phường Mạo Khê", "Phường Đông Triều"]);
    assert_eq!(triple(&c.totals), totals(|f| f.year == 2025 && matches!(f.who, Who::New(_))));
    assert_eq!(c.used_count(), 18);
}

/// `tonghop --mapping` with the shares of Đức Chính: its figures are split
/// 40/60 (rounded so that the parts add up), and the report says so.
#[test]
fn a_user_mapping_with_shares_apportions_the_divided_ward() {
    let dir = common::tempdir();
    let mapping = dir.path().join("chia.csv");
    std::fs::write(
        &mapping,
        "province,new_code,new_unit,old_code,old_unit,share\n\
         Quảng Ninh,07090,Phường An Sinh,07093,Phường Đức Chính,40%\n\
         Quảng Ninh,07093,Phường Đông Triều,07093,Phường Đức Chính,60%\n",
    )
    .unwrap();
    let out = dir.path().join("th.xlsx");
    let o = common::run(&[
        "tonghop".as_ref(),
        root().join("2025").as_os_str(),
        "--period".as_ref(),
        "2025".as_ref(),
        "--config".as_ref(),
        root().with_extension("toml").as_os_str(),
        "--mapping".as_ref(),
        mapping.as_os_str(),
        "-o".as_ref(),
        out.as_os_str(),
        "--json".as_ref(),
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", String::from_utf8_lossy(&o.stderr));
    assert!(out.exists());
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let units = v["summary"]["by_unit"].as_array().unwrap();
    assert_eq!(units.len(), 3);
    // Each month's count of Đức Chính split in the same proportion, largest remainder.
    let split = |x: u64| {
        let a = (x as f64 * 0.4).floor() as u64;
        let b = (x as f64 * 0.6).floor() as u64;
        if a + b == x {
            (a, b)
        } else if x as f64 * 0.4 - a as f64 > x as f64 * 0.6 - b as f64 {
            (a + 1, b)
        } else {
            (a, b + 1)
        }
    };
    let mut parts = [0u64; 2];
    for f in files().iter().filter(|f| f.year == 2025 && f.who == Who::Old(DIVIDED)) {
        for (_, _, pa, _) in figures(f).activities {
            let (a, b) = split(pa.unwrap_or(0));
            parts[0] += a;
            parts[1] += b;
        }
    }
    let participants = |name: &str| units.iter().find(|u| u["unit"] == name).unwrap()["participants"].as_u64().unwrap();
    assert_eq!(participants("Phường An Sinh"), totals(of_new(1)).1 + parts[0]);
    assert_eq!(participants("Phường Đông Triều"), totals(of_new(2)).1 + parts[1]);
    assert_eq!(v["summary"]["totals"]["participants"].as_u64(), Some(totals(|f| f.year == 2025).1));
    let label = units.iter().find(|u| u["unit"] == "Phường An Sinh").unwrap()["label"]
        .as_str()
        .unwrap()
        .to_string();
    assert_eq!(
        label,
        "Phường An Sinh (gồm xã An Sinh, Việt Dân, phường Bình Dương, 40% phường Đức Chính đến 30/6/2025)"
    );
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert!(
        stderr.contains("40% cho Phường An Sinh, 60% cho Phường Đông Triều") && stderr.contains("N-UNIT-APPORTIONED")
            || !stderr.contains("W-UNIT-DIVIDED"),
        "{stderr}"
    );
    // A mapping whose shares do not add up is refused before any work.
    std::fs::write(
        &mapping,
        "province,new_code,new_unit,old_code,old_unit,share\nQuảng Ninh,07090,Phường An Sinh,07093,Phường Đức Chính,40%\nQuảng Ninh,07093,Phường Đông Triều,07093,Phường Đức Chính,50%\n",
    )
    .unwrap();
    std::fs::remove_file(&out).unwrap();
    let o = common::run(&[
        "tonghop".as_ref(),
        root().join("2025").as_os_str(),
        "--mapping".as_ref(),
        mapping.as_os_str(),
        "-o".as_ref(),
        out.as_os_str(),
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&o.stderr).contains("cộng lại bằng 1"),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    assert!(!out.exists());
}

/// Kim Sơn's July 2025 workbook (the ward no longer existed) beside Mạo
/// Khê's: both named, both left out, exit 1, nothing written.
#[test]
fn an_old_ward_reporting_after_the_change_is_double_counting() {
    let dir = common::tempdir();
    let inputs = dir.path().join("in");
    std::fs::create_dir(&inputs).unwrap();
    for f in files().iter().filter(|f| f.year == 2025 && f.months.0 >= 7) {
        std::fs::copy(root().join(f.path()), inputs.join(f.path().rsplit('/').next().unwrap())).unwrap();
    }
    // Kim Sơn's June workbook, retyped as July.
    let june = baocao::check_file(&root().join("2025/kim-son-2025-06.xlsx"), &baocao::Options::default()).unwrap();
    let mut r = june.report;
    r.period = Some(p(2025, Span::Month(7)));
    std::fs::write(inputs.join("kim-son-2025-07.xlsx"), baocao::template::workbook(Some(&r)).unwrap()).unwrap();
    let out = dir.path().join("th.xlsx");
    let o = common::run(&[
        "tonghop".as_ref(),
        inputs.as_os_str(),
        "--config".as_ref(),
        root().with_extension("toml").as_os_str(),
        "-o".as_ref(),
        out.as_os_str(),
        "--json".as_ref(),
    ]);
    assert_eq!(o.status.code(), Some(1), "{}", String::from_utf8_lossy(&o.stderr));
    assert!(!out.exists());
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let errors: Vec<(String, String)> = v["files"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|f| {
            f["diagnostics"]
                .as_array()
                .unwrap()
                .iter()
                .map(move |d| (f["path"].as_str().unwrap().to_string(), d["code"].as_str().unwrap().to_string()))
        })
        .filter(|(_, c)| c.starts_with("E-"))
        .map(|(p, c)| (p.rsplit(['/', '\\']).next().unwrap().to_string(), c))
        .collect();
    assert_eq!(
        errors,
        [
            ("kim-son-2025-07.xlsx".to_string(), "E-REORG-DOUBLE-COUNT".to_string()),
            ("mao-khe-2025-07.xlsx".to_string(), "E-REORG-DOUBLE-COUNT".to_string()),
        ]
    );
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert!(
        stderr.contains("kim-son-2025-07.xlsx") && stderr.contains("mao-khe-2025-07.xlsx"),
        "{stderr}"
    );
    // The other new wards' July is summed; Mạo Khê's is not.
    let paths = discover(std::slice::from_ref(&inputs)).unwrap().files;
    let cfg = baocao::Config::load(&root().with_extension("toml")).unwrap();
    let c = consolidate_files(
        &paths,
        &ConsolidateOptions {
            province: cfg.province_text(),
            allow_errors: true,
            ..Default::default()
        },
        &baocao::Options::default(),
        None,
    );
    let left: Vec<&str> = c
        .files
        .iter()
        .filter(|f| !f.status.is_used())
        .map(|f| f.path.rsplit(['/', '\\']).next().unwrap())
        .collect();
    assert_eq!(left, ["kim-son-2025-07.xlsx", "mao-khe-2025-07.xlsx"]);
    assert!(c
        .files
        .iter()
        .all(|f| f.status.is_used() || matches!(f.status, Status::LeftOut(LeftOut::DoubleCount { .. }))));
    assert_eq!(row(&c, "Phường Mạo Khê").coverage_label(), "5/6 tháng");
}

/// The texts of a .docx's word/document.xml runs, joined.
fn docx_text(path: &Path) -> String {
    use std::io::Read;
    let mut z = zip::ZipArchive::new(std::fs::File::open(path).unwrap()).unwrap();
    let mut xml = String::new();
    z.by_name("word/document.xml").unwrap().read_to_string(&mut xml).unwrap();
    let mut out = String::new();
    for part in xml.split("<w:t").skip(1) {
        if let Some((head, body)) = part.split_once('>') {
            if !head.ends_with('/') && (head.is_empty() || head.starts_with(' ')) {
                out.push_str(body.split("</w:t>").next().unwrap_or(""));
            }
        }
    }
    out
}

/// `tonghop 2025 --compare 2024`: 2024's old units in today's wards; each
/// total and indicator stated against it, in the summary and the report.
#[test]
fn the_year_2025_is_compared_with_2024_in_todays_units() {
    let dir = common::tempdir();
    let (xlsx, docx) = (dir.path().join("th.xlsx"), dir.path().join("bc.docx"));
    let o = common::run(&[
        "tonghop".as_ref(),
        root().join("2025").as_os_str(),
        "--period".as_ref(),
        "2025".as_ref(),
        "--compare".as_ref(),
        root().join("2024").as_os_str(),
        "--config".as_ref(),
        root().with_extension("toml").as_os_str(),
        "-o".as_ref(),
        xlsx.as_os_str(),
        "--report".as_ref(),
        docx.as_os_str(),
        "--json".as_ref(),
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", String::from_utf8_lossy(&o.stderr));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let cmp = &v["summary"]["compare"];
    assert_eq!(cmp["period"]["label"], "Năm 2024");
    assert_eq!(cmp["used"], 24);
    let t24 = totals(|f| f.year == 2024);
    assert_eq!(cmp["totals"]["participants"].as_u64(), Some(t24.1));
    assert_eq!(cmp["totals"]["classes"].as_u64(), Some(t24.0));
    let prev_of =
        |name: &str| cmp["by_unit"].as_array().unwrap().iter().find(|u| u["unit"] == name).unwrap()["previous"]["participants"].as_u64();
    for (n, (_, name, _)) in NEW.iter().enumerate() {
        let want = totals(|f| f.year == 2024 && matches!(f.who, Who::Old(i) if INTO[i] == [n]));
        assert_eq!(prev_of(name), Some(want.1), "{name}");
    }
    assert_eq!(
        prev_of(OLD[DIVIDED].1),
        Some(totals(|f| f.year == 2024 && f.who == Who::Old(DIVIDED)).1)
    );
    // Stock: each old unit's second-half value, summed.
    let poor: f64 = (0..OLD.len())
        .map(|i| {
            figures(&File {
                who: Who::Old(i),
                year: 2024,
                months: (7, 12),
            })
            .indicators[1]
                .2
        })
        .sum();
    let poor_json = cmp["indicators"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["name"] == "Số hộ nghèo")
        .unwrap()["previous"]
        .as_f64();
    assert_eq!(poor_json, Some(poor));
    // The report states the change of the totals and of each indicator.
    let t25 = totals(|f| f.year == 2025);
    let text = docx_text(&docx);
    let fmt = |v: u64| baocao::normalize::number::format_int(v);
    let d = t25.1 as i64 - t24.1 as i64;
    let words = format!(
        "số lượt người tham gia {}, {} {} ({}%)",
        fmt(t25.1),
        if d < 0 { "giảm" } else { "tăng" },
        fmt(d.unsigned_abs()),
        baocao::normalize::number::format_decimal(d.unsigned_abs() as f64 / t24.1 as f64 * 100.0, 1)
    );
    assert!(text.contains(&words), "{words} not in {text}");
    assert!(text.contains("so với cùng kỳ năm trước (năm 2024)"), "{text}");
    assert!(text.contains("Số lượt người tham gia so với cùng kỳ năm trước"), "{text}");
    // The summary has its "So sánh" sheet.
    use calamine::{DataType, Reader};
    let mut wb: calamine::Xlsx<_> = calamine::open_workbook(&xlsx).unwrap();
    assert!(wb.sheet_names().contains(&"So sánh".to_string()));
    let sheet = wb.worksheet_range("So sánh").unwrap();
    let total_row = sheet
        .rows()
        .find(|r| r.get(1).map(|c| c.to_string()) == Some("Tổng số".into()))
        .unwrap();
    assert_eq!(total_row[5].as_f64(), Some(t24.1 as f64));
    assert_eq!(total_row[6].as_f64(), Some(t25.1 as f64));
}

/// A unit with no workbook in the previous period says so instead of a change;
/// `--compare` alone finds the previous period among the inputs.
#[test]
fn a_unit_without_previous_data_says_so_and_compare_alone_looks_among_the_inputs() {
    let dir = common::tempdir();
    let prev = dir.path().join("2024");
    std::fs::create_dir(&prev).unwrap();
    // 2024 without Mạo Khê's four predecessors.
    for f in files()
        .iter()
        .filter(|f| f.year == 2024 && !matches!(f.who, Who::Old(i) if INTO[i] == [0]))
    {
        std::fs::copy(root().join(f.path()), prev.join(f.path().rsplit('/').next().unwrap())).unwrap();
    }
    let cfg = baocao::Config::load(&root().with_extension("toml")).unwrap();
    let mut c = run(&[root().join("2025")], p(2025, Span::Year));
    let popts = ConsolidateOptions {
        period: Some(p(2024, Span::Year)),
        province: cfg.province_text(),
        as_of: Some(p(2025, Span::Year).end()),
        allow_errors: true,
        ..Default::default()
    };
    let before = consolidate_files(&discover(&[prev]).unwrap().files, &popts, &baocao::Options::default(), None);
    c.compare_with(&before);
    let cmp = c.previous.as_ref().unwrap();
    let mao_khe = c.units.iter().position(|u| u.name == "Phường Mạo Khê").unwrap();
    assert_eq!(cmp.by_unit[mao_khe], None);
    let r = baocao::consolidate::town_report(&c, &cfg);
    let text: String = r.narrative.iter().map(|p| p.text.clone()).collect::<Vec<_>>().join("\n");
    assert!(
        text.contains("Chưa có số liệu cùng kỳ năm trước để so sánh: Phường Mạo Khê (gồm"),
        "{text}"
    );

    // The whole sample folder: 2025 is the period (most inputs), 2024 is found among them.
    let out = dir.path().join("th.xlsx");
    let o = common::run(&[
        "tonghop".as_ref(),
        root().as_os_str(),
        "--compare".as_ref(),
        "--config".as_ref(),
        root().with_extension("toml").as_os_str(),
        "-o".as_ref(),
        out.as_os_str(),
        "--json".as_ref(),
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", String::from_utf8_lossy(&o.stderr));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["summary"]["period"]["label"], "Năm 2025");
    assert_eq!(
        v["summary"]["compare"]["totals"]["participants"].as_u64(),
        Some(totals(|f| f.year == 2024).1)
    );
}

/// `report --compare PREV`: the ward's report states each indicator's change
/// against the same period a year before.
#[test]
fn the_single_unit_report_states_the_change_against_the_previous_year() {
    let dir = common::tempdir();
    let mut now = baocao::example::kim_son_2018();
    for i in &mut now.indicators {
        i.previous = None;
        i.previous_label = None;
    }
    let mut before = now.clone();
    before.period = Period::year(2017);
    let poor = before.indicators.iter_mut().find(|i| i.name == "Số hộ nghèo").unwrap();
    let now_poor = now.indicators.iter().find(|i| i.name == "Số hộ nghèo").unwrap().value.unwrap();
    poor.value = Some(now_poor + 4.0);
    let (a, b) = (dir.path().join("2018.xlsx"), dir.path().join("2017.xlsx"));
    std::fs::write(&a, baocao::template::workbook(Some(&now)).unwrap()).unwrap();
    std::fs::write(&b, baocao::template::workbook(Some(&before)).unwrap()).unwrap();
    let out = dir.path().join("bc.docx");
    let o = common::run(&[
        "report".as_ref(),
        a.as_os_str(),
        "--compare".as_ref(),
        b.as_os_str(),
        "-o".as_ref(),
        out.as_os_str(),
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", String::from_utf8_lossy(&o.stderr));
    let text = docx_text(&out);
    assert!(text.contains("giảm 04 hộ so với cùng kỳ năm trước (năm 2017)"), "{text}");
    // A previous workbook that cannot be read: nothing written.
    std::fs::remove_file(&out).unwrap();
    let missing = dir.path().join("khong-co.xlsx");
    let o = common::run(&[
        "report".as_ref(),
        a.as_os_str(),
        "--compare".as_ref(),
        missing.as_os_str(),
        "-o".as_ref(),
        out.as_os_str(),
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(!out.exists());
}
