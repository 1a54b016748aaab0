//! PDF and PDF/A reports through the binary (`-o X.pdf`, `--pdf`, `--pdfa`,
//! `tonghop --report X.pdf`), read back with poppler's tools: pages,
//! embedded fonts, the Kim Sơn figures and diacritics, the PDF/A
//! identification, the mark. Also what happens without a working
//! LibreOffice (missing, hanging, writing nothing): the error, and nothing
//! written.
//!
//! Tests that need LibreOffice print `SKIPPED: soffice not found` without
//! it, and fail when `CI` is set (.ci/run installs it). The fake LibreOffice
//! programs are shell scripts: on Windows those tests print SKIPPED.

mod common;
#[path = "common/dong_trieu.rs"]
mod dong_trieu;

use common::*;
use std::ffi::OsStr;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// Runs the binary with extra environment; `BAOCAO_*` from the caller's
/// environment are removed first, so a developer's settings change nothing.
fn run_env(args: &[&OsStr], env: &[(&str, &OsStr)]) -> Output {
    let mut c = Command::new(env!("CARGO_BIN_EXE_baocao"));
    c.args(args).env_remove("BAOCAO_SOFFICE").env_remove("BAOCAO_PDF_TIMEOUT");
    for (k, v) in env {
        c.env(k, v);
    }
    c.output().unwrap()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// Whether LibreOffice and poppler's tools are here; in CI their absence fails.
fn tools() -> bool {
    for tool in ["soffice", "pdfinfo", "pdffonts", "pdftotext"] {
        if !on_path(tool) {
            assert!(
                std::env::var_os("CI").is_none() || cfg!(windows),
                "{tool} is missing in CI (.ci/run installs it)"
            );
            println!("SKIPPED: {tool} not found");
            return false;
        }
    }
    true
}

fn tool(name: &str, args: &[&OsStr]) -> String {
    let o = Command::new(name).args(args).output().unwrap();
    assert!(o.status.success(), "{name}: {}", String::from_utf8_lossy(&o.stderr));
    String::from_utf8_lossy(&o.stdout).into_owned()
}

/// `pdfinfo` as key → value.
fn info(pdf: &Path) -> std::collections::HashMap<String, String> {
    tool("pdfinfo", &[pdf.as_os_str()])
        .lines()
        .filter_map(|l| l.split_once(':'))
        .map(|(k, v)| (k.trim().to_string(), v.trim().to_string()))
        .collect()
}

/// `pdffonts` rows as (name, embedded).
fn fonts(pdf: &Path) -> Vec<(String, bool)> {
    tool("pdffonts", &[pdf.as_os_str()])
        .lines()
        .skip(2)
        .map(|l| {
            let cols: Vec<&str> = l.split_whitespace().collect();
            // name type [type…] encoding emb sub uni object ID: emb is 5th from the end.
            (cols[0].to_string(), cols[cols.len() - 5] == "yes")
        })
        .collect()
}

fn text(pdf: &Path) -> String {
    tool("pdftotext", &["-layout".as_ref(), pdf.as_os_str(), "-".as_ref()])
}

fn xmp(pdf: &Path) -> String {
    tool("pdfinfo", &["-meta".as_ref(), pdf.as_os_str()])
}

/// Every font embedded, and each one Times New Roman or a metric-compatible
/// substitute (Liberation Serif, Tinos), by the subset name's family.
fn assert_fonts_embedded(pdf: &Path) {
    let f = fonts(pdf);
    assert!(!f.is_empty(), "no fonts in {}", pdf.display());
    for (name, emb) in &f {
        assert!(emb, "{name} not embedded");
        let family = name.split_once('+').map_or(name.as_str(), |(_, n)| n);
        assert!(
            ["LiberationSerif", "TimesNewRoman", "Tinos"].iter().any(|t| family.starts_with(t)),
            "{name}: not Times New Roman or a substitute: {f:?}"
        );
    }
}

/// The Kim Sơn 2018 report, read back from the PDF: its figures exactly,
/// its Vietnamese names with their diacritics (in NFC, as typed).
fn assert_kim_son_text(pdf: &Path) {
    let t = text(pdf);
    // Justified lines have stretched spaces: words are compared, not spacing.
    let flat = t.split_whitespace().collect::<Vec<_>>().join(" ");
    for needle in [
        "ỦY BAN NHÂN DÂN",
        "PHƯỜNG KIM SƠN",
        "TTHTCĐ PHƯỜNG KIM SƠN",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "Số: 10/BC-TTHTCĐ",
        "Kim Sơn, ngày 26 tháng 11 năm 2018",
        "Kính gửi: - Thường trực UBND phường Kim Sơn;",
        "Học nghề ngắn hạn",
        "Chuyên đề giáo dục kỹ năng sống",
        "đã tổ chức 70 lớp, chuyên đề, thu hút 6.778 lượt người tham gia",
        "Diện tích tự nhiên: 10,37 km2;",
        "Dân số thường trú: 9.154 người;",
        "Tỷ lệ gia đình văn hóa: 93,4%.",
        "GIÁM ĐỐC",
        "Đặng Cương Quyết",
    ] {
        assert!(flat.contains(needle), "{needle:?} not in the PDF's text:\n{t}");
    }
    // The activity table, row by row: TT first, classes and participants last.
    let rows: Vec<Vec<&str>> = t.lines().map(|l| l.split_whitespace().collect()).collect();
    for (code, classes, people) in baocao::example::KIM_SON_ACTIVITIES {
        let (Some(classes), Some(people)) = (classes, people) else {
            continue;
        };
        let want = [classes.to_string(), baocao::normalize::number::format_int(people)];
        let found = rows
            .iter()
            .any(|r| r.len() >= 3 && r[0] == code.to_string() && r[r.len() - 2] == want[0] && r[r.len() - 1] == want[1]);
        assert!(found, "no row {code} with {want:?}:\n{t}");
    }
    assert!(rows.iter().any(|r| r[..] == ["Tổng", "số", "70", "6.778"]), "no total row:\n{t}");
    use unicode_normalization::UnicodeNormalization;
    let nfc: String = t.nfc().collect();
    assert_eq!(nfc, t, "the text is NFC, not decomposed letters");
}

fn report_args<'a>(input: &'a Path, out: &'a Path, extra: &[&'a str]) -> Vec<&'a OsStr> {
    let mut a: Vec<&OsStr> = vec!["report".as_ref(), input.as_os_str(), "-o".as_ref(), out.as_os_str()];
    a.extend(extra.iter().map(|s| OsStr::new(*s)));
    a
}

fn files_in(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    v.sort();
    v
}

#[test]
fn a_report_written_as_pdf_has_its_pages_fonts_and_figures() {
    if !tools() {
        return;
    }
    let dir = tempdir();
    let out = dir.path().join("Báo cáo Kim Sơn 2018.pdf");
    let o = run_env(&report_args(&sample("kim-son-2018.xlsx"), &out, &[]), &[]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(files_in(dir.path()), ["Báo cáo Kim Sơn 2018.pdf"], "the PDF alone, no .docx left");
    let i = info(&out);
    assert_eq!(i["Pages"], "3", "{i:?}");
    assert!(i["Page size"].contains("(A4)"), "{i:?}");
    assert_eq!(i["Encrypted"], "no");
    assert_eq!(i["Keywords"], "baocao=bao-cao", "the mark");
    assert_eq!(
        i["Title"],
        "Đánh giá kết quả tổ chức, hoạt động Trung tâm học tập cộng đồng năm 2018, phương hướng nhiệm vụ năm 2019"
    );
    assert_eq!(i["Author"], "TTHTCĐ PHƯỜNG KIM SƠN");
    assert_fonts_embedded(&out);
    assert_kim_son_text(&out);
    // A plain PDF does not claim to be PDF/A.
    assert!(!xmp(&out).contains("pdfaid"), "{}", xmp(&out));
    assert_eq!(baocao::mark::mark_of_path(&out), Some(baocao::mark::Mark::Report));
    // Ours: a second run replaces it without --force.
    let o = run_env(&report_args(&sample("kim-son-2018.xlsx"), &out, &["--lang", "en"]), &[]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(stderr(&o).contains("Wrote the report"), "{}", stderr(&o));
    assert_eq!(files_in(dir.path()), ["Báo cáo Kim Sơn 2018.pdf"]);
}

#[test]
fn pdfa_is_pdfa_2b_with_every_font_embedded() {
    if !tools() {
        return;
    }
    let dir = tempdir();
    let out = dir.path().join("luu-tru.pdf");
    let o = run_env(&report_args(&sample("kim-son-2018.ods"), &out, &["--pdfa"]), &[]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let meta = xmp(&out);
    assert!(meta.contains("<pdfaid:part>2</pdfaid:part>"), "{meta}");
    assert!(meta.contains("<pdfaid:conformance>B</pdfaid:conformance>"), "{meta}");
    // The XMP carries the same title and keywords as the Info dictionary (PDF/A requires it).
    assert!(meta.contains("<pdf:Keywords>baocao=bao-cao</pdf:Keywords>"), "{meta}");
    assert!(meta.contains("Đánh giá kết quả tổ chức"), "{meta}");
    let i = info(&out);
    assert_eq!(i["Encrypted"], "no");
    assert_eq!(i["Pages"], "3");
    assert_fonts_embedded(&out);
    assert_kim_son_text(&out);
    let bytes = std::fs::read(&out).unwrap();
    let has = |s: &str| bytes.windows(s.len()).any(|w| w == s.as_bytes());
    assert!(has("/OutputIntents") && has("/GTS_PDFA1"), "PDF/A needs an output intent");
    assert!(!has("/Encrypt") && !has("/JavaScript"), "nothing PDF/A forbids");
}

#[test]
fn pdf_beside_docx_writes_both_and_both_are_ours() {
    if !tools() {
        return;
    }
    let dir = tempdir();
    let out = dir.path().join("bao-cao.docx");
    let o = run_env(&report_args(&sample("kim-son-2018.xlsx"), &out, &["--pdf"]), &[]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(files_in(dir.path()), ["bao-cao.docx", "bao-cao.pdf"]);
    let pdf = dir.path().join("bao-cao.pdf");
    assert_eq!(baocao::mark::mark_of_path(&out), Some(baocao::mark::Mark::Report));
    assert_eq!(baocao::mark::mark_of_path(&pdf), Some(baocao::mark::Mark::Report));
    // The .docx is the one `report` writes alone, byte for byte.
    let alone = dir.path().join("alone.docx");
    assert_eq!(
        run_env(&report_args(&sample("kim-son-2018.xlsx"), &alone, &[]), &[]).status.code(),
        Some(0)
    );
    assert_eq!(std::fs::read(&out).unwrap(), std::fs::read(&alone).unwrap());
    assert_eq!(info(&pdf)["Pages"], "3");
    assert_kim_son_text(&pdf);
}

#[test]
fn the_consolidated_report_as_pdf_and_pdfa() {
    if !tools() {
        return;
    }
    let folder = Path::new(env!("CARGO_MANIFEST_DIR")).join("sample-sheets/dong-trieu-2018");
    let participants: u64 = dong_trieu::all()
        .into_iter()
        .filter(|(_, m)| (1..=3).contains(m))
        .flat_map(|(w, m)| dong_trieu::figures(w, m).activities)
        .map(|(_, _, p, _)| p.unwrap_or(0))
        .sum();
    let total = baocao::normalize::number::format_int(participants);
    let dir = tempdir();
    let xlsx = dir.path().join("tổng hợp.xlsx");
    let report = dir.path().join("báo cáo tổng hợp.pdf");
    let args: Vec<&OsStr> = vec![
        "tonghop".as_ref(),
        folder.as_os_str(),
        "-o".as_ref(),
        xlsx.as_os_str(),
        "--period".as_ref(),
        "2018-Q1".as_ref(),
        "--report".as_ref(),
        report.as_os_str(),
    ];
    let o = run_env(&args, &[]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(files_in(dir.path()), ["báo cáo tổng hợp.pdf", "tổng hợp.xlsx"]);
    assert_eq!(baocao::mark::mark_of_path(&report), Some(baocao::mark::Mark::ConsolidatedReport));
    let t = text(&report);
    assert!(t.contains(&total), "total {total} not in:\n{t}");
    let flat = t.split_whitespace().collect::<Vec<_>>().join(" ");
    for needle in [
        "SỐ LIỆU HOẠT ĐỘNG THEO ĐƠN VỊ QUÝ I/2018",
        "Phường Mạo Khê",
        "Xã Tràng An",
        "2. Số lượt người tham gia",
    ] {
        assert!(flat.contains(needle), "{needle:?} not in:\n{t}");
    }
    assert_fonts_embedded(&report);
    // The appendix is landscape.
    let pages = tool(
        "pdfinfo",
        &["-f".as_ref(), "1".as_ref(), "-l".as_ref(), "99".as_ref(), report.as_os_str()],
    );
    assert!(pages.contains("595.304 x 841.89") && pages.contains("841.89 x 595.304"), "{pages}");

    // --report X.docx --pdfa: the .docx and a PDF/A beside it, with the summary.
    let dir2 = tempdir();
    let xlsx2 = dir2.path().join("th.xlsx");
    let docx2 = dir2.path().join("bc.docx");
    let mut args2: Vec<&OsStr> = vec!["tonghop".as_ref(), folder.as_os_str(), "-o".as_ref(), xlsx2.as_os_str()];
    args2.extend([
        "--period".as_ref(),
        "2018-Q1".as_ref(),
        "--report".as_ref(),
        docx2.as_os_str(),
        "--pdfa".as_ref(),
    ]);
    let o = run_env(&args2, &[]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(files_in(dir2.path()), ["bc.docx", "bc.pdf", "th.xlsx"]);
    assert!(xmp(&dir2.path().join("bc.pdf")).contains("<pdfaid:part>2</pdfaid:part>"));
}

#[test]
fn pdf_needs_the_report_in_consolidate() {
    let dir = tempdir();
    let xlsx = dir.path().join("th.xlsx");
    let o = run_env(
        &[
            "tonghop".as_ref(),
            dir.path().as_os_str(),
            "-o".as_ref(),
            xlsx.as_os_str(),
            "--pdf".as_ref(),
        ],
        &[],
    );
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(stderr(&o).contains("--report"), "{}", stderr(&o));
    assert!(files_in(dir.path()).is_empty());
    // A summary is a workbook: it is not made as PDF.
    let o = run_env(&["tonghop".as_ref(), dir.path().as_os_str(), "-o".as_ref(), "th.pdf".as_ref()], &[]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("chỉ báo cáo mới ghi được dạng PDF"), "{}", stderr(&o));
}

/// A folder with the Kim Sơn workbook in it; the run must leave it as it is.
fn ward_folder() -> (tempfile::TempDir, PathBuf) {
    let dir = tempdir();
    let input = dir.path().join("kim-son.xlsx");
    std::fs::copy(sample("kim-son-2018.xlsx"), &input).unwrap();
    (dir, input)
}

#[test]
fn without_libreoffice_the_error_says_what_to_install_and_nothing_is_written() {
    let (dir, input) = ward_folder();
    let out = dir.path().join("bao-cao.docx");
    // BAOCAO_SOFFICE names a program that is not there: that one, no other, and the error names it.
    let missing = dir.path().join("LibreOffice").join("soffice.exe");
    for lang in ["vi", "en"] {
        let o = run_env(
            &report_args(&input, &out, &["--pdf", "--lang", lang]),
            &[("BAOCAO_SOFFICE", missing.as_os_str())],
        );
        assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
        let e = stderr(&o);
        assert!(e.contains("libreoffice.org") && e.contains(&missing.display().to_string()), "{e}");
        if lang == "vi" {
            assert!(
                e.contains("không tìm thấy LibreOffice") && e.contains("miễn phí") && e.contains(".docx"),
                "{e}"
            );
            assert!(e.contains("Chưa ghi tệp nào"), "{e}");
        } else {
            assert!(
                e.contains("LibreOffice, needed to write PDF, was not found") && e.contains("free"),
                "{e}"
            );
            assert!(e.contains("Nothing was written"), "{e}");
        }
        assert_eq!(files_in(dir.path()), ["kim-son.xlsx"], "nothing written");
    }
    // Nowhere on the PATH either (and, off Windows, no usual install folder).
    if cfg!(windows) {
        println!("SKIPPED (not found on the PATH): Windows also looks in Program Files");
    } else {
        let empty = tempdir();
        let o = run_env(
            &report_args(&input, &dir.path().join("r.pdf"), &[]),
            &[("PATH", empty.path().as_os_str())],
        );
        assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
        assert!(
            stderr(&o).contains("không tìm thấy LibreOffice, chương trình cần nó để ghi PDF"),
            "{}",
            stderr(&o)
        );
        assert_eq!(files_in(dir.path()), ["kim-son.xlsx"]);
    }
    // A time limit that is not a number of seconds is refused before the work.
    let o = run_env(&report_args(&input, &out, &["--pdf"]), &[("BAOCAO_PDF_TIMEOUT", "2 phút".as_ref())]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("BAOCAO_PDF_TIMEOUT=2 phút: phải là số giây"), "{}", stderr(&o));
}

/// Writes an executable shell script standing in for LibreOffice.
#[cfg(unix)]
fn fake_soffice(dir: &Path, body: &str) -> PathBuf {
    use std::os::unix::fs::PermissionsExt;
    let p = dir.join("soffice");
    std::fs::write(&p, format!("#!/bin/sh\n{body}\n")).unwrap();
    std::fs::set_permissions(&p, std::fs::Permissions::from_mode(0o755)).unwrap();
    p
}

/// Whether a process runs (a zombie, killed and waiting for a parent that
/// does not reap it, does not).
#[cfg(unix)]
fn alive(pid: &str) -> bool {
    let o = Command::new("ps").args(["-o", "stat=", "-p", pid]).output().unwrap();
    let stat = String::from_utf8_lossy(&o.stdout);
    !stat.trim().is_empty() && !stat.trim().starts_with('Z')
}

#[test]
fn a_hanging_libreoffice_is_stopped_at_the_time_limit() {
    #[cfg(not(unix))]
    println!("SKIPPED: the fake LibreOffice is a shell script");
    #[cfg(unix)]
    {
        let (dir, input) = ward_folder();
        let fakes = tempdir();
        let pids = fakes.path().join("pids");
        // It starts a child of its own (as soffice starts soffice.bin), which holds the pipes too.
        let fake = fake_soffice(
            fakes.path(),
            &format!("echo starting >&2\nsleep 300 &\necho $$ $! > '{}'\nwait", pids.display()),
        );
        let out = dir.path().join("bao-cao.docx");
        let started = std::time::Instant::now();
        let o = run_env(
            &report_args(&input, &out, &["--pdf"]),
            &[("BAOCAO_SOFFICE", fake.as_os_str()), ("BAOCAO_PDF_TIMEOUT", "2".as_ref())],
        );
        let took = started.elapsed();
        assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
        assert!(took < std::time::Duration::from_secs(20), "took {took:?}");
        assert!(
            stderr(&o).contains("chưa chuyển xong sang PDF sau 2 giây nên đã bị dừng"),
            "{}",
            stderr(&o)
        );
        assert!(stderr(&o).contains("BAOCAO_PDF_TIMEOUT=300"), "{}", stderr(&o));
        assert_eq!(files_in(dir.path()), ["kim-son.xlsx"], "nothing written");
        // The script and the child it started are both gone.
        let ids = std::fs::read_to_string(&pids).unwrap();
        for pid in ids.split_whitespace() {
            assert!(!alive(pid), "process {pid} left running");
        }
    }
}

#[test]
fn a_libreoffice_that_writes_nothing_or_garbage_is_a_clear_error() {
    #[cfg(not(unix))]
    println!("SKIPPED: the fake LibreOffice is a shell script");
    #[cfg(unix)]
    {
        let (dir, input) = ward_folder();
        let out = dir.path().join("bao-cao.pdf");
        // The output folder LibreOffice is told to write in.
        let outdir = r#"while [ $# -gt 0 ]; do if [ "$1" = --outdir ]; then d="$2"; fi; shift; done"#;
        let cases = [
            (
                "echo 'Error: source file could not be loaded' >&2; exit 0".to_string(),
                "kết thúc mà không tạo ra tệp PDF: Error: source file could not be loaded",
            ),
            (
                "echo 'boom' >&2; exit 3".to_string(),
                "báo lỗi khi chuyển sang PDF (mã thoát 3): boom",
            ),
            (
                format!("{outdir}\nprintf 'PK not a pdf' > \"$d/bao-cao.pdf\""),
                "tạo ra một tệp không phải PDF báo cáo",
            ),
            // A PDF, but not of the document handed over (no mark).
            (
                format!("{outdir}\nprintf '%%PDF-1.4\\n1 0 obj <<>> endobj\\ntrailer <<>>\\n%%%%EOF\\n' > \"$d/bao-cao.pdf\""),
                "tạo ra một tệp không phải PDF báo cáo",
            ),
            // Plain PDF where PDF/A was asked for is caught below with --pdfa.
        ];
        for (body, said) in cases {
            let fakes = tempdir();
            let fake = fake_soffice(fakes.path(), &body);
            let o = run_env(&report_args(&input, &out, &[]), &[("BAOCAO_SOFFICE", fake.as_os_str())]);
            assert_eq!(o.status.code(), Some(2), "{body}: {}", stderr(&o));
            assert!(stderr(&o).contains(said), "{body}: {}", stderr(&o));
            assert_eq!(files_in(dir.path()), ["kim-son.xlsx"], "{body}: nothing written");
        }
        // LibreOffice's output is kept bounded whatever it prints.
        let fakes = tempdir();
        let fake = fake_soffice(fakes.path(), "yes 'một dòng rất dài' | head -c 5000000 >&2; exit 1");
        let o = run_env(&report_args(&input, &out, &[]), &[("BAOCAO_SOFFICE", fake.as_os_str())]);
        assert_eq!(o.status.code(), Some(2));
        assert!(o.stderr.len() < 20_000, "{} bytes of error", o.stderr.len());
    }
}

#[test]
fn an_old_libreoffice_that_ignores_pdfa_is_caught() {
    #[cfg(not(unix))]
    println!("SKIPPED: the fake LibreOffice is a shell script");
    #[cfg(unix)]
    {
        if !tools() {
            return;
        }
        // Converts with the real LibreOffice but without the filter options, as one before 7.4 would.
        let fakes = tempdir();
        let fake = fake_soffice(
            fakes.path(),
            r#"for a in "$@"; do case "$a" in pdf:*) set -- "$@" pdf;; *) set -- "$@" "$a";; esac; shift; done
exec soffice "$@""#,
        );
        let (dir, input) = ward_folder();
        let o = run_env(
            &report_args(&input, &dir.path().join("r.docx"), &["--pdfa"]),
            &[("BAOCAO_SOFFICE", fake.as_os_str())],
        );
        assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
        assert!(
            stderr(&o).contains("không ghi được PDF/A-2b (cần LibreOffice 7.4 trở lên)"),
            "{}",
            stderr(&o)
        );
        assert_eq!(files_in(dir.path()), ["kim-son.xlsx"]);
    }
}

#[test]
fn an_existing_pdf_that_is_not_ours_is_not_replaced() {
    let (dir, input) = ward_folder();
    let theirs = dir.path().join("bao-cao.pdf");
    let signed = b"%PDF-1.7\n% someone's signed PDF\n%%EOF\n".to_vec();
    std::fs::write(&theirs, &signed).unwrap();
    // Checked before LibreOffice is looked for: no LibreOffice is needed to be told.
    let nowhere = dir.path().join("no-soffice");
    for args in [vec![], vec!["--pdf"]] {
        let out = if args.is_empty() {
            theirs.clone()
        } else {
            dir.path().join("bao-cao.docx")
        };
        let o = run_env(&report_args(&input, &out, &args), &[("BAOCAO_SOFFICE", nowhere.as_os_str())]);
        assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
        assert!(
            stderr(&o).contains("không do baocao ghi") && stderr(&o).contains("--force"),
            "{}",
            stderr(&o)
        );
        assert_eq!(std::fs::read(&theirs).unwrap(), signed);
        assert_eq!(files_in(dir.path()), ["bao-cao.pdf", "kim-son.xlsx"], "no .docx either");
    }
    if !tools() {
        return;
    }
    let o = run_env(&report_args(&input, &theirs, &["--force"]), &[]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(baocao::mark::mark_of_path(&theirs), Some(baocao::mark::Mark::Report));
}

#[test]
fn two_conversions_at_once_both_succeed() {
    if !tools() {
        return;
    }
    let dir = tempdir();
    let outs: Vec<PathBuf> = ["một.pdf", "hai.pdf"].iter().map(|n| dir.path().join(n)).collect();
    let handles: Vec<_> = outs
        .iter()
        .cloned()
        .map(|out| {
            std::thread::spawn(move || {
                let o = run_env(&report_args(&sample("kim-son-2018.xlsx"), &out, &["--pdfa"]), &[]);
                (o.status.code(), stderr(&o))
            })
        })
        .collect();
    for h in handles {
        let (code, err) = h.join().unwrap();
        assert_eq!(code, Some(0), "{err}");
    }
    for out in &outs {
        assert_eq!(info(out)["Pages"], "3");
        assert_kim_son_text(out);
    }
    assert_eq!(files_in(dir.path()), ["hai.pdf", "một.pdf"], "no temporary left behind");
}
