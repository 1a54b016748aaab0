//! `baocao report` through the binary: figures at their places, nothing
//! written on error, the input never overwritten, byte-identical output.

mod common;
use common::*;
use std::io::Read;
use std::path::Path;

/// The texts of word/document.xml's runs, in order.
fn runs(docx: &Path) -> Vec<String> {
    let mut z = zip::ZipArchive::new(std::fs::File::open(docx).unwrap()).unwrap();
    let mut xml = String::new();
    z.by_name("word/document.xml").unwrap().read_to_string(&mut xml).unwrap();
    let mut out = Vec::new();
    let mut rest = xml.as_str();
    while let Some(i) = rest.find("<w:t") {
        let after = &rest[i..];
        if !(after.starts_with("<w:t>") || after.starts_with("<w:t ")) {
            rest = &after[4..];
            continue;
        }
        let Some(gt) = after.find('>') else { break };
        if after[..gt].ends_with('/') {
            rest = &after[gt..];
            continue;
        }
        let body = &after[gt + 1..];
        let end = body.find("</w:t>").unwrap();
        out.push(
            body[..end]
                .replace("&amp;", "&")
                .replace("&lt;", "<")
                .replace("&gt;", ">")
                .replace("&quot;", "\""),
        );
        rest = &body[end..];
    }
    out
}

fn report(input: &Path, out: &Path, extra: &[&str]) -> std::process::Output {
    let mut args: Vec<&std::ffi::OsStr> = vec!["report".as_ref(), input.as_os_str(), "-o".as_ref(), out.as_os_str()];
    args.extend(extra.iter().map(|s| std::ffi::OsStr::new(*s)));
    run(&args)
}

#[test]
fn every_sample_gives_a_report_with_the_reference_figures_in_order() {
    let dir = tempdir();
    for name in SAMPLES {
        let out = dir.path().join(format!("{name} báo cáo.docx"));
        let o = report(&sample(name), &out, &[]);
        assert_eq!(o.status.code(), Some(0), "{name}: {}", String::from_utf8_lossy(&o.stderr));
        let texts = runs(&out);
        let joined = texts.join("|");
        // The table: each category's classes then participants, then the totals.
        let want = [
            "2",
            "350",
            "8",
            "712",
            "6",
            "450",
            "10",
            "876",
            "10",
            "826",
            "8",
            "950",
            "6",
            "726",
            "10",
            "775",
            "10",
            "1.113",
            "Tổng số",
            "70",
            "6.778",
        ];
        let start = texts
            .iter()
            .position(|t| t == "Học nghề ngắn hạn")
            .unwrap_or_else(|| panic!("{name}: no table row"));
        let mut it = texts[start..].iter();
        for w in want {
            assert!(it.any(|t| t == w), "{name}: {w} missing or out of order in {joined}");
        }
        for must in [
            "Số: 10/BC-TTHTCĐ",
            "Kim Sơn, ngày 26 tháng 11 năm 2018",
            "BÁO CÁO",
            "Đặng Cương Quyết",
            "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
            // Two lines, broken before the level (issue 13).
            "ỦY BAN NHÂN DÂN|PHƯỜNG KIM SƠN",
        ] {
            assert!(joined.contains(must), "{name}: {must} not in {joined}");
        }
        assert!(joined.contains("giảm 04 hộ so với năm 2017"), "{name}");
    }
}

#[test]
fn output_is_byte_identical_across_runs() {
    let dir = tempdir();
    let (a, b) = (dir.path().join("a.docx"), dir.path().join("b.docx"));
    assert_eq!(report(&sample("kim-son-2018.xlsx"), &a, &[]).status.code(), Some(0));
    assert_eq!(report(&sample("kim-son-2018.xlsx"), &b, &[]).status.code(), Some(0));
    assert_eq!(std::fs::read(&a).unwrap(), std::fs::read(&b).unwrap());
}

#[test]
fn a_workbook_with_errors_writes_nothing() {
    let mut book = kim_son();
    book[1].set(6, 3, s("12,5"));
    let dir = tempdir();
    let input = write_book(dir.path(), "lỗi.xlsx", &book);
    let out = dir.path().join("báo cáo.docx");
    let o = report(&input, &out, &[]);
    assert_eq!(o.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&o.stderr).contains("Hoạt động!D7"));
    assert!(!out.exists());
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1, "no temporary file left behind");
}

#[test]
fn the_input_is_never_overwritten() {
    let dir = tempdir();
    let input = write_book(dir.path(), "sổ.xlsx", &kim_son());
    let before = std::fs::read(&input).unwrap();
    let o = report(&input, &input, &[]);
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(std::fs::read(&input).unwrap(), before);
}

#[test]
fn a_read_only_output_is_refused_before_any_work_and_left_untouched() {
    let dir = tempdir();
    let out = dir.path().join("cũ.docx");
    std::fs::write(&out, b"old").unwrap();
    let mut perm = std::fs::metadata(&out).unwrap().permissions();
    perm.set_readonly(true);
    std::fs::set_permissions(&out, perm).unwrap();
    let o = report(&sample("kim-son-2018.xlsx"), &out, &[]);
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(std::fs::read(&out).unwrap(), b"old");
}

#[test]
fn config_fills_missing_items_and_the_workbook_wins() {
    let mut book = kim_son();
    // Drop the signer from the workbook; the config supplies it.
    book[0].cells.retain(|(_, _, v)| *v != s("Người ký") && *v != s("Đặng Cương Quyết"));
    let dir = tempdir();
    let input = write_book(dir.path(), "thiếu.xlsx", &book);
    let cfg = dir.path().join("cấu hình.toml");
    std::fs::write(
        &cfg,
        "[unit]\narea = \"Phường Khác\"\n[document.signer]\nname = \"Nguyễn Văn A\"\n[layout]\nbody_size = 13\n",
    )
    .unwrap();
    let out = dir.path().join("r.docx");
    let o = report(&input, &out, &["--config", cfg.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0), "{}", String::from_utf8_lossy(&o.stderr));
    let joined = runs(&out).join("|");
    assert!(joined.contains("Nguyễn Văn A"));
    // Body size 13 pt = 26 half-points in the document defaults or runs.
    let mut z = zip::ZipArchive::new(std::fs::File::open(&out).unwrap()).unwrap();
    let mut styles = String::new();
    z.by_name("word/styles.xml").unwrap().read_to_string(&mut styles).unwrap();
    let mut doc = String::new();
    z.by_name("word/document.xml").unwrap().read_to_string(&mut doc).unwrap();
    assert!(styles.contains("w:val=\"26\"") || doc.contains("<w:sz w:val=\"26\""), "13 pt body");
    // Without the config the same workbook is an error.
    let o = report(&input, &dir.path().join("x.docx"), &[]);
    assert_eq!(o.status.code(), Some(1));
}

#[test]
fn a_config_with_an_unknown_key_is_a_usage_error() {
    let dir = tempdir();
    let cfg = dir.path().join("c.toml");
    std::fs::write(&cfg, "[unit]\nautority = \"x\"\n").unwrap();
    let o = report(
        &sample("kim-son-2018.xlsx"),
        &dir.path().join("x.docx"),
        &["--config", cfg.to_str().unwrap()],
    );
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("autority"));
}
