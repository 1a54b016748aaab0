//! Issue 10 through the binary: no write replaces an input, the config, another
//! output of the run or a file that is not ours; our own outputs in an input
//! folder are skipped; only regular files are read; every message says what
//! to do, in Vietnamese and in English. Each case checks the exit code, the
//! message, and that every file in the folder is byte-identical afterwards.

mod common;

use common::*;
use std::collections::BTreeMap;
use std::ffi::OsStr;
use std::path::{Path, PathBuf};

fn dong_trieu(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("sample-sheets/dong-trieu-2018")
        .join(name)
}

/// A folder holding three months of two wards, under names with Vietnamese
/// letters and spaces, as a clerk keeps them.
fn ward_folder() -> (tempfile::TempDir, PathBuf) {
    let dir = tempdir();
    let inputs = dir.path().join("Sổ các phường");
    std::fs::create_dir(&inputs).unwrap();
    for (from, to) in [
        ("kim-son-2018-01.xlsx", "Kim Sơn tháng 1.xlsx"),
        ("kim-son-2018-02.xlsx", "Kim Sơn tháng 2.xlsx"),
        ("mao-khe-2018-01.xlsx", "Mạo Khê tháng 1.xlsx"),
    ] {
        std::fs::copy(dong_trieu(from), inputs.join(to)).unwrap();
    }
    (dir, inputs)
}

/// Every file under `dir` with its bytes.
fn snapshot(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    let mut out = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                stack.push(p);
            } else {
                out.insert(p.clone(), std::fs::read(&p).unwrap());
            }
        }
    }
    out
}

struct Ran {
    code: i32,
    /// What the user sees: `check` prints its findings on stdout, the other
    /// commands on stderr.
    stderr: String,
}

fn baocao(args: &[&OsStr]) -> Ran {
    let o = run(args);
    Ran {
        code: o.status.code().unwrap_or(-1),
        stderr: String::from_utf8_lossy(&o.stderr).into_owned() + &String::from_utf8_lossy(&o.stdout),
    }
}

/// Runs `args` in Vietnamese and in English; both must exit 2 with the
/// texts given, and leave `dir` exactly as it was.
fn refused(dir: &Path, args: &[&OsStr], vi: &[&str], en: &[&str]) {
    let before = snapshot(dir);
    let r = baocao(args);
    assert_eq!(r.code, 2, "{}", r.stderr);
    for t in vi {
        assert!(r.stderr.contains(t), "expected {t:?} in:\n{}", r.stderr);
    }
    let mut with_en = args.to_vec();
    with_en.extend([OsStr::new("--lang"), OsStr::new("en")]);
    let r = baocao(&with_en);
    assert_eq!(r.code, 2, "{}", r.stderr);
    for t in en {
        assert!(r.stderr.contains(t), "expected {t:?} in:\n{}", r.stderr);
    }
    assert!(!r.stderr.contains(".baocao-"), "no temporary file is named: {}", r.stderr);
    assert!(!r.stderr.contains("os error"), "no raw OS error: {}", r.stderr);
    assert_eq!(snapshot(dir), before, "nothing in the folder changed");
}

fn os(s: &str) -> &OsStr {
    OsStr::new(s)
}

#[test]
fn a_summary_named_after_a_ward_workbook_in_the_input_folder_is_refused() {
    let (dir, inputs) = ward_folder();
    let ward = inputs.join("Kim Sơn tháng 1.xlsx");
    refused(
        dir.path(),
        &[os("tonghop"), inputs.as_os_str(), os("-o"), ward.as_os_str()],
        &["chính là tệp vào", "Kim Sơn tháng 1.xlsx", "chọn tên khác"],
        &["is the input", "Kim Sơn tháng 1.xlsx", "choose another name"],
    );
    // Named by another spelling of the same path.
    let other = inputs.join(".").join("Kim Sơn tháng 1.xlsx");
    let a = inputs.join("Kim Sơn tháng 1.xlsx");
    let b = inputs.join("Kim Sơn tháng 2.xlsx");
    refused(
        dir.path(),
        &[os("consolidate"), a.as_os_str(), b.as_os_str(), os("-o"), other.as_os_str()],
        &["chính là tệp vào"],
        &["is the input"],
    );
}

#[test]
fn a_report_naming_an_input_or_the_config_is_refused() {
    let (dir, inputs) = ward_folder();
    let ward = inputs.join("Mạo Khê tháng 1.xlsx");
    let out = dir.path().join("tổng hợp.xlsx");
    refused(
        dir.path(),
        &[
            os("tonghop"),
            inputs.as_os_str(),
            os("-o"),
            out.as_os_str(),
            os("--report"),
            ward.as_os_str(),
        ],
        &["phải có đuôi .docx"],
        &["must end in .docx"],
    );
    // A config file that happens to end in .docx is still the config.
    let cfg = dir.path().join("cấu hình.docx");
    std::fs::write(&cfg, "[unit]\narea = \"Phường Kim Sơn\"\n").unwrap();
    refused(
        dir.path(),
        &[
            os("lapbaocao"),
            ward.as_os_str(),
            os("-o"),
            cfg.as_os_str(),
            os("--config"),
            cfg.as_os_str(),
        ],
        &["chính là tệp cấu hình"],
        &["is the config file"],
    );
    let toml = dir.path().join("cfg.toml");
    std::fs::write(&toml, "").unwrap();
    refused(
        dir.path(),
        &[
            os("report"),
            ward.as_os_str(),
            os("-o"),
            toml.as_os_str(),
            os("--config"),
            toml.as_os_str(),
        ],
        &["phải có đuôi .docx"],
        &["must end in .docx"],
    );
    let same = dir.path().join("S.xlsx");
    refused(
        dir.path(),
        &[
            os("tonghop"),
            inputs.as_os_str(),
            os("-o"),
            same.as_os_str(),
            os("--report"),
            same.as_os_str(),
        ],
        &["phải có đuôi .docx"],
        &["must end in .docx"],
    );
}

#[test]
fn a_pdf_summary_is_refused_with_the_way_to_get_a_pdf_report() {
    // Reports are written as PDF (tests/pdf.rs, which also covers a missing
    // LibreOffice); the summary is a workbook, not a document to print.
    let (dir, inputs) = ward_folder();
    let pdf = dir.path().join("tong-hop.pdf");
    refused(
        dir.path(),
        &[os("tonghop"), inputs.as_os_str(), os("-o"), pdf.as_os_str()],
        &["phải có đuôi .xlsx", "chỉ báo cáo mới ghi được dạng PDF", "--report bao-cao.pdf"],
        &["must end in .xlsx", "only reports can be written as PDF", "--report report.pdf"],
    );
}

#[test]
fn the_template_never_replaces_a_filled_workbook_without_force() {
    let (dir, inputs) = ward_folder();
    let filled = inputs.join("Kim Sơn tháng 1.xlsx");
    refused(
        dir.path(),
        &[os("mau"), os("-o"), filled.as_os_str()],
        &["không do baocao ghi", "--force"],
        &["was not written by baocao", "--force"],
    );
    let r = baocao(&[os("mau"), os("-o"), filled.as_os_str(), os("--force")]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_ne!(
        std::fs::read(&filled).unwrap(),
        std::fs::read(dong_trieu("kim-son-2018-01.xlsx")).unwrap()
    );
    // A new name is written as before.
    let new = dir.path().join("sổ mẫu.xlsx");
    assert_eq!(baocao(&[os("mau"), os("-o"), new.as_os_str()]).code, 0);
}

#[test]
fn a_word_file_that_is_not_ours_is_not_replaced_by_a_report() {
    let (dir, inputs) = ward_folder();
    let ward = inputs.join("Kim Sơn tháng 1.xlsx");
    let theirs = dir.path().join("công văn.docx");
    std::fs::write(&theirs, b"PK\x03\x04 someone's letter").unwrap();
    refused(
        dir.path(),
        &[os("report"), ward.as_os_str(), os("-o"), theirs.as_os_str()],
        &["không do baocao ghi", "--force"],
        &["was not written by baocao"],
    );
}

#[test]
fn an_output_folder_that_does_not_exist_is_named_plainly() {
    let (dir, inputs) = ward_folder();
    let ward = inputs.join("Kim Sơn tháng 1.xlsx");
    let out = dir.path().join("không có").join("bao-cao.docx");
    refused(
        dir.path(),
        &[os("report"), ward.as_os_str(), os("-o"), out.as_os_str()],
        &["không có thư mục", "không có"],
        &["does not exist"],
    );
}

#[cfg(unix)]
#[test]
fn devices_and_fifos_are_refused_on_the_command_line_and_skipped_in_folders() {
    let dir = tempdir();
    let r = baocao(&[os("check"), os("/dev/zero")]);
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(r.stderr.contains("không phải một tệp thường"), "{}", r.stderr);
    let fifo = dir.path().join("sổ.xlsx");
    let made = std::process::Command::new("mkfifo").arg(&fifo).status().unwrap();
    assert!(made.success());
    // Would hang forever if it were opened.
    let r = baocao(&[os("check"), fifo.as_os_str()]);
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(r.stderr.contains("không phải một tệp thường"), "{}", r.stderr);
    let out = dir.path().join("th.xlsx");
    let r = baocao(&[os("tonghop"), fifo.as_os_str(), os("-o"), out.as_os_str(), os("--lang"), os("en")]);
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(r.stderr.contains("is not a regular file"), "{}", r.stderr);
    // In a folder: listed, and the real workbooks are consolidated.
    std::fs::copy(dong_trieu("kim-son-2018-01.xlsx"), dir.path().join("Kim Sơn 1.xlsx")).unwrap();
    let r = baocao(&[os("tonghop"), dir.path().as_os_str(), os("-o"), out.as_os_str()]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stderr.contains("W-INPUT-SKIPPED") && r.stderr.contains("sổ.xlsx"), "{}", r.stderr);
    assert!(out.exists());
}

#[test]
fn config_errors_are_in_vietnamese_with_line_and_column() {
    let (dir, inputs) = ward_folder();
    let ward = inputs.join("Kim Sơn tháng 1.xlsx");
    let cases = [
        (
            "[unit]\nautority = \"x\"\n",
            "dòng 2, cột 1",
            "khoá lạ \"autority\"",
            "line 2, column 1",
            "unknown field",
        ),
        ("[unit\narea = \"x\"\n", "dòng 1", "thiếu dấu ]", "line 1", "expected"),
        (
            "[unit]\narea = 5\n",
            "dòng 2, cột 8",
            "giá trị sai kiểu: có số nguyên 5, cần chuỗi chữ",
            "line 2, column 8",
            "invalid type",
        ),
    ];
    for (text, at_vi, what_vi, at_en, what_en) in cases {
        let cfg = dir.path().join("cấu hình.toml");
        std::fs::write(&cfg, text).unwrap();
        refused(
            dir.path(),
            &[os("kiemtra"), ward.as_os_str(), os("--config"), cfg.as_os_str()],
            &[at_vi, what_vi, "docs/config.example.toml"],
            &[at_en, what_en],
        );
        assert!(!baocao(&[os("kiemtra"), ward.as_os_str(), os("--config"), cfg.as_os_str()])
            .stderr
            .contains("TOML parse error"));
    }
}

#[test]
fn english_counts_are_singular_when_one() {
    let dir = tempdir();
    let mut book = kim_son();
    // One error: a count that is not a whole number.
    let act = book.iter_mut().find(|s| s.name == "Hoạt động").unwrap();
    act.set(4, 2, s("nhiều"));
    let p = write_book(dir.path(), "một lỗi.xlsx", &book);
    let r = baocao(&[os("check"), p.as_os_str(), os("--lang"), os("en")]);
    assert_eq!(r.code, 1);
    let o = run(&[os("check"), p.as_os_str(), os("--lang"), os("en")]);
    let out = String::from_utf8_lossy(&o.stdout);
    assert!(out.contains("Result: 1 error,"), "{out}");
}

#[test]
fn verbose_is_accepted_wherever_it_is_suggested() {
    let (dir, inputs) = ward_folder();
    let ward = inputs.join("Kim Sơn tháng 1.xlsx");
    let out = dir.path().join("báo cáo.docx");
    let r = baocao(&[os("report"), ward.as_os_str(), os("-o"), out.as_os_str(), os("--verbose")]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stderr.contains("ghi chú"), "notes printed: {}", r.stderr);
    let sum = dir.path().join("tổng hợp.xlsx");
    let r = baocao(&[os("tonghop"), inputs.as_os_str(), os("-o"), sum.as_os_str(), os("--verbose")]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(!r.stderr.contains("thêm --verbose"), "no advice already taken: {}", r.stderr);
}

#[test]
fn with_allow_errors_given_it_is_not_advised_again() {
    let (dir, inputs) = ward_folder();
    // The same month of Kim Sơn twice, with different figures: double counting.
    let mut book = kim_son();
    for s in &mut book {
        if s.name == "Thông tin" {
            for (_, _, v) in s.cells.iter_mut() {
                if *v == V::S("Năm 2018".into()) {
                    *v = V::S("Tháng 1/2018".into());
                }
            }
        }
    }
    let _ = write_book(&inputs, "Kim Sơn tháng 1 (bản khác).xlsx", &book);
    let out = dir.path().join("th.xlsx");
    let r = baocao(&[os("tonghop"), inputs.as_os_str(), os("-o"), out.as_os_str(), os("--allow-errors")]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(
        !r.stderr.contains("dùng --allow-errors") && !r.stderr.contains("thêm --allow-errors"),
        "{}",
        r.stderr
    );
    assert!(!out.exists(), "nothing written");
}

#[test]
fn coverage_names_the_unit_once_and_tells_missing_from_left_out() {
    let (dir, inputs) = ward_folder();
    // Kim Sơn's March, present but with an error: "bị loại", not "thiếu".
    let mut book = kim_son();
    for s in &mut book {
        if s.name == "Thông tin" {
            for (_, _, v) in s.cells.iter_mut() {
                if *v == V::S("Năm 2018".into()) {
                    *v = V::S("Tháng 3/2018".into());
                }
            }
        }
        if s.name == "Hoạt động" {
            s.set(4, 2, self::s("nhiều"));
        }
    }
    let _ = write_book(&inputs, "Kim Sơn tháng 3.xlsx", &book);
    let out = dir.path().join("th.xlsx");
    let r = baocao(&[
        os("tonghop"),
        inputs.as_os_str(),
        os("-o"),
        out.as_os_str(),
        os("--period"),
        os("2018-Q1"),
        os("--allow-errors"),
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let line = r
        .stderr
        .lines()
        .find(|l| l.contains("W-COVERAGE") && l.contains("2/3"))
        .unwrap_or_else(|| panic!("{}", r.stderr));
    assert!(line.contains("bị loại") && line.contains("tháng 3"), "{line}");
    assert!(!line.contains("thiếu tháng 3"), "{line}");
    let unit = line.split(':').next().unwrap().trim();
    assert_eq!(line.matches(unit.rsplit(' ').next().unwrap()).count(), 1, "unit named once: {line}");
    let mao = r.stderr.lines().find(|l| l.contains("W-COVERAGE") && l.contains("1/3")).unwrap();
    assert!(
        mao.contains("thiếu tháng 2/2018, tháng 3/2018") && !mao.contains("bị loại"),
        "{mao}"
    );
}

#[test]
fn a_consolidated_report_without_the_office_details_warns_and_leaves_lines_to_fill() {
    let (dir, inputs) = ward_folder();
    let out = dir.path().join("th.xlsx");
    let rep = dir.path().join("báo cáo tổng hợp.docx");
    let r = baocao(&[
        os("tonghop"),
        inputs.as_os_str(),
        os("-o"),
        out.as_os_str(),
        os("--report"),
        rep.as_os_str(),
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stderr.contains("W-OFFICE-DETAILS"), "{}", r.stderr);
    for what in ["cơ quan ban hành", "người ký", "nơi nhận"] {
        assert!(r.stderr.contains(what), "{what}: {}", r.stderr);
    }
    let xml = docx_text(&rep);
    assert!(xml.contains("……………………"), "dotted lines to fill in");
    // With the office's config, no warning.
    let cfg = Path::new(env!("CARGO_MANIFEST_DIR")).join("sample-sheets/dong-trieu-2018.toml");
    let r = baocao(&[
        os("tonghop"),
        inputs.as_os_str(),
        os("-o"),
        out.as_os_str(),
        os("--report"),
        rep.as_os_str(),
        os("--config"),
        cfg.as_os_str(),
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(!r.stderr.contains("W-OFFICE-DETAILS"), "{}", r.stderr);
}

fn docx_text(p: &Path) -> String {
    let f = std::fs::File::open(p).unwrap();
    let mut z = zip::ZipArchive::new(f).unwrap();
    let mut s = String::new();
    std::io::Read::read_to_string(&mut z.by_name("word/document.xml").unwrap(), &mut s).unwrap();
    s
}

#[test]
fn last_months_summary_in_the_input_folder_is_skipped_and_replaced() {
    let (dir, inputs) = ward_folder();
    let out = inputs.join("tổng hợp.xlsx");
    let rep = inputs.join("báo cáo tổng hợp.docx");
    let args = [
        os("tonghop"),
        inputs.as_os_str(),
        os("-o"),
        out.as_os_str(),
        os("--report"),
        rep.as_os_str(),
        os("--json"),
    ];
    let first = run(&args);
    assert_eq!(first.status.code(), Some(0), "{}", String::from_utf8_lossy(&first.stderr));
    let summary_then = std::fs::read(&out).unwrap();
    // Next month: the same command, the summary now lies among the wards' workbooks.
    let second = run(&args);
    let err = String::from_utf8_lossy(&second.stderr);
    assert_eq!(second.status.code(), Some(0), "{err}");
    let v: serde_json::Value = serde_json::from_slice(&second.stdout).unwrap();
    let files = v["files"].as_array().unwrap();
    let ours = files
        .iter()
        .find(|f| f["path"].as_str().unwrap().ends_with("tổng hợp.xlsx"))
        .unwrap();
    assert_eq!(ours["status"], "left_out", "{ours}");
    assert!(err.contains("N-INPUT-OURS") || v.to_string().contains("N-INPUT-OURS"), "{err}");
    assert!(!err.contains("Theo kỳ!"), "the summary is not read as a ward's workbook: {err}");
    // Same figures: the summary did not count itself.
    let t1: serde_json::Value = serde_json::from_slice(&first.stdout).unwrap();
    assert!(t1["summary"]["totals"]["participants"].as_u64().unwrap() > 0);
    assert_eq!(t1["summary"]["totals"], v["summary"]["totals"]);
    assert_eq!(t1["summary"]["by_unit"], v["summary"]["by_unit"]);
    assert_ne!(
        std::fs::read(&out).unwrap(),
        summary_then,
        "replaced: its Nguồn sheet lists the old summary as skipped"
    );
    let _ = dir;
}

#[test]
fn check_and_report_say_a_summary_is_not_a_workbook() {
    let (dir, inputs) = ward_folder();
    let out = dir.path().join("th.xlsx");
    assert_eq!(baocao(&[os("tonghop"), inputs.as_os_str(), os("-o"), out.as_os_str()]).code, 0);
    let r = baocao(&[os("check"), out.as_os_str()]);
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(r.stderr.contains("do baocao ghi, không phải sổ số liệu"), "{}", r.stderr);
}

#[test]
fn a_folder_or_a_device_given_as_a_file_is_named_for_what_it_is() {
    let (dir, inputs) = ward_folder();
    let r = baocao(&[os("check"), inputs.as_os_str()]);
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(r.stderr.contains("là một thư mục") && r.stderr.contains("tonghop"), "{}", r.stderr);
    let ward = inputs.join("Kim Sơn tháng 1.xlsx");
    refused(
        dir.path(),
        &[os("check"), ward.as_os_str(), os("--config"), inputs.as_os_str()],
        &["tệp cấu hình", "không phải một tệp thường", ".toml"],
        &["config file", "is not a regular file"],
    );
}
