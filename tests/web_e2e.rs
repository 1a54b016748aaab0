//! The clerk's page in a real headless browser (Debian's chromium and
//! chromedriver, driven by tests/e2e/web_e2e.py over WebDriver). This test
//! makes the fixtures and the CLI's reference outputs, runs the browser
//! script, then checks what the browser downloaded: the Kim Sơn report byte
//! for byte against `baocao report`, the Đông Triều summary read back with
//! calamine against `baocao tonghop`'s.
//!
//! Without chromium it prints `SKIPPED: chromium not found` (CI installs it:
//! .ci/run). `BAOCAO_SCREENSHOTS=DIR` copies the screenshots there (docs/screenshots).

mod common;
use common::*;

use std::path::{Path, PathBuf};
use std::process::Command;

use calamine::{open_workbook_from_rs, Reader, Xlsx};

fn found(env: &str, candidates: &[&str]) -> Option<PathBuf> {
    if let Some(p) = std::env::var_os(env) {
        return Some(PathBuf::from(p));
    }
    candidates.iter().map(PathBuf::from).find(|p| p.exists())
}

fn bin() -> PathBuf {
    PathBuf::from(env!("CARGO_BIN_EXE_baocao"))
}

/// Every sheet's cells as text, for comparing two summaries.
fn cells(bytes: &[u8]) -> Vec<(String, Vec<Vec<String>>)> {
    let mut wb: Xlsx<_> = open_workbook_from_rs(std::io::Cursor::new(bytes.to_vec())).unwrap();
    let names = wb.sheet_names().to_vec();
    names
        .into_iter()
        .map(|n| {
            let range = wb.worksheet_range(&n).unwrap();
            let rows = range.rows().map(|r| r.iter().map(|c| c.to_string()).collect()).collect();
            (n, rows)
        })
        .collect()
}

#[test]
fn the_page_in_a_real_browser() {
    if cfg!(windows) {
        // Under Wine (windows/test.sh) there is no Windows browser; the Linux suite runs it.
        println!("SKIPPED: chromium not found (the browser test runs in the Linux suite)");
        return;
    }
    let (Some(chromium), Some(driver)) = (
        found("CHROMIUM", &["/usr/bin/chromium", "/usr/bin/chromium-browser"]),
        found("CHROMEDRIVER", &["/usr/bin/chromedriver"]),
    ) else {
        // CI installs them (.ci/run): there, missing is a failure.
        assert!(std::env::var_os("CI").is_none(), "chromium and chromedriver are missing in CI");
        println!("SKIPPED: chromium not found");
        return;
    };
    if !on_path("python3") {
        println!("SKIPPED: python3 not found");
        return;
    }
    let dir = tempdir();
    let d = dir.path();
    for sub in ["shots", "downloads", "profile", "config", "ref"] {
        std::fs::create_dir_all(d.join(sub)).unwrap();
    }

    // The broken workbook: Kim Sơn with a class count typed as "12,5".
    let mut sheets = kim_son();
    sheets[1].set(5, 2, s("12,5"));
    let broken = write_book(d, "so-loi.xlsx", &sheets);
    let (code, v) = check_json(&broken);
    assert_eq!(code, 1);
    let first = diags(&v).into_iter().find(|(c, _)| c.starts_with("E-")).expect("an error");
    assert_eq!(first, ("E-COUNT-NOT-INTEGER".to_string(), "Hoạt động!C6".to_string()));

    // The CLI's outputs, to compare with the browser's downloads.
    let kim = sample("kim-son-2018.xlsx");
    let ref_docx = d.join("ref/kim-son-2018.docx");
    let out = run(&["report".as_ref(), kim.as_os_str(), "-o".as_ref(), ref_docx.as_os_str()]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let (_, kv) = check_json(&kim);
    let t = &kv["files"][0]["totals"];
    let fmt = |v: &serde_json::Value| baocao::normalize::number::format_int(v.as_u64().unwrap());
    let kim_totals = vec![
        format!("{} lớp", fmt(&t["classes"])),
        format!("{} lượt người", fmt(&t["participants"])),
    ];
    assert_eq!(kim_totals, ["70 lớp", "6.778 lượt người"]);

    let folder = Path::new(env!("CARGO_MANIFEST_DIR")).join("sample-sheets/dong-trieu-2018");
    let workbooks = std::fs::read_dir(&folder)
        .unwrap()
        .filter(|e| e.as_ref().unwrap().path().extension().is_some_and(|x| x == "xlsx"));
    assert_eq!(workbooks.count(), 58, "Tràng An lacks two months of 5 × 12");
    let ref_xlsx = d.join("ref/tong-hop-2018.xlsx");
    // From the folder's parent, the paths are shown as the browser names a
    // picked folder's files: "dong-trieu-2018/binh-duong-2018-01.xlsx".
    let mut cmd = Command::new(bin());
    cmd.current_dir(folder.parent().unwrap()).arg("tonghop").arg("dong-trieu-2018");
    cmd.arg("-o").arg(&ref_xlsx).arg("--report").arg(d.join("ref/tong-hop.docx"));
    let out = cmd.output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));

    let config = serde_json::json!({
        "baocao": bin(),
        "chromium": chromium,
        "chromedriver": driver,
        "profile": d.join("profile"),
        "downloads": d.join("downloads"),
        "screenshots": d.join("shots"),
        "config_home": d.join("config"),
        "kim_son": kim,
        "kim_son_totals": kim_totals,
        "kim_son_docx_name": "kim-son-2018.docx",
        "broken": broken,
        "broken_cell": "C6",
        "broken_value": "12,5",
        "dong_trieu_folder": folder,
        "units": 5,
        "missing": {"Xã Tràng An": ["2018-05", "2018-09"]},
        "summary_name": "tong-hop-2018.xlsx",
        "town_name": "bao-cao-tong-hop-2018.docx",
    });
    let cfg_path = d.join("e2e.json");
    std::fs::write(&cfg_path, serde_json::to_vec_pretty(&config).unwrap()).unwrap();
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/e2e/web_e2e.py");
    // Bounded: a browser that hangs fails the test instead of the CI run.
    let mut child = Command::new("python3")
        .arg(&script)
        .arg(&cfg_path)
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let start = std::time::Instant::now();
    while child.try_wait().unwrap().is_none() {
        if start.elapsed() > std::time::Duration::from_secs(600) {
            let _ = child.kill();
            panic!("the browser script ran over 10 minutes");
        }
        std::thread::sleep(std::time::Duration::from_millis(200));
    }
    let out = child.wait_with_output().unwrap();
    let said = String::from_utf8_lossy(&out.stdout);
    println!("{said}");
    assert!(out.status.success(), "{said}\n{}", String::from_utf8_lossy(&out.stderr));
    assert!(said.trim_end().ends_with("ok"));

    // The report the browser downloaded is the CLI's, byte for byte.
    let got = std::fs::read(d.join("downloads/kim-son-2018.docx")).unwrap();
    assert!(
        got == std::fs::read(&ref_docx).unwrap(),
        "the page's .docx differs from baocao report's"
    );

    // The summary reads back, and says what the CLI's says.
    let got = std::fs::read(d.join("downloads/tong-hop-2018.xlsx")).unwrap();
    let page = cells(&got);
    assert!(page.len() >= 3, "{:?}", page.iter().map(|s| &s.0).collect::<Vec<_>>());
    assert_eq!(page, cells(&std::fs::read(&ref_xlsx).unwrap()));

    // The office's report too, as `tonghop --report` without --config writes it.
    let got = std::fs::read(d.join("downloads/bao-cao-tong-hop-2018.docx")).unwrap();
    assert!(
        got == std::fs::read(d.join("ref/tong-hop.docx")).unwrap(),
        "the page's consolidated .docx differs"
    );

    // The office details were remembered where the CLI can read them.
    let remembered = d.join("config/baocao/config.toml");
    assert!(baocao::Config::load(&remembered).is_ok());

    if let Some(to) = std::env::var_os("BAOCAO_SCREENSHOTS") {
        std::fs::create_dir_all(&to).unwrap();
        for e in std::fs::read_dir(d.join("shots")).unwrap() {
            let e = e.unwrap();
            std::fs::copy(e.path(), Path::new(&to).join(e.file_name())).unwrap();
        }
    }
}
