//! Excel's own limits never block a summary (issue 10, item 6): a ward
//! workbook with a 40,000-character directive summary passes `check`, makes
//! a report, and is consolidated with a warning naming the file and the cell;
//! the summary's cell holds 32,767 characters ending in "…".

mod common;

use common::*;
use std::ffi::OsStr;
use std::io::Read;

use calamine::{open_workbook, Data, Reader, Xlsx};

/// 40,000 characters of Vietnamese text, each word distinct enough to find.
fn long_summary() -> String {
    let mut t = String::from("Kế hoạch triển khai ");
    let mut i = 0;
    while t.chars().count() < 40_000 {
        t.push_str(&format!("nội dung {i}; "));
        i += 1;
    }
    t.chars().take(40_000).collect()
}

const PLACEHOLDER: &str = "TRICH-YEU-DAI";

/// The Kim Sơn workbook whose first directive's Trích yếu (Văn bản chỉ đạo!E2)
/// has 40,000 characters. Excel's writers (rust_xlsxwriter among them) refuse
/// such a cell, but other programs write one (LibreOffice, scripts): the
/// workbook is written with a placeholder, then its shared string replaced.
fn ward(dir: &std::path::Path) -> std::path::PathBuf {
    use std::io::Write;
    let mut sheets = kim_son();
    sheets[3].set(1, 4, s(PLACEHOLDER));
    let bytes = xlsx(&sheets);
    let mut zin = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let mut zout = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let mut replaced = false;
    for i in 0..zin.len() {
        let mut f = zin.by_index(i).unwrap();
        let name = f.name().unwrap().to_string();
        let mut data = Vec::new();
        f.read_to_end(&mut data).unwrap();
        if name == "xl/sharedStrings.xml" {
            let text = String::from_utf8(data).unwrap();
            assert!(text.contains(PLACEHOLDER));
            data = text.replace(PLACEHOLDER, &long_summary()).into_bytes();
            replaced = true;
        }
        zout.start_file(name.as_str(), zip::write::SimpleFileOptions::default()).unwrap();
        zout.write_all(&data).unwrap();
    }
    assert!(replaced);
    let p = dir.join("kim-son-2018.xlsx");
    std::fs::write(&p, zout.finish().unwrap().into_inner()).unwrap();
    p
}

#[test]
fn a_directive_summary_past_one_excel_cell_is_cut_in_the_summary_with_a_warning() {
    let dir = tempdir();
    let inputs = dir.path().join("in");
    std::fs::create_dir(&inputs).unwrap();
    let book = ward(&inputs);

    let (code, v) = check_json(&book);
    assert_eq!(code, 0, "{v}");
    assert!(!diags(&v).iter().any(|(c, _)| c.starts_with("E-")), "{v}");

    // The report keeps the whole text.
    let report = dir.path().join("bao-cao.docx");
    let o = run(&["report".as_ref(), book.as_os_str(), "-o".as_ref(), report.as_os_str()]);
    assert_eq!(o.status.code(), Some(0), "{}", String::from_utf8_lossy(&o.stderr));
    let mut doc = String::new();
    zip::ZipArchive::new(std::fs::File::open(&report).unwrap())
        .unwrap()
        .by_name("word/document.xml")
        .unwrap()
        .read_to_string(&mut doc)
        .unwrap();
    let tail: String = long_summary().chars().skip(39_950).collect();
    assert!(
        doc.contains(tail.trim_end_matches([';', ' '])),
        "the report lost the end of the summary"
    );

    // The consolidation: exit 0, the summary and the consolidated report written, the warning printed.
    let out = dir.path().join("tong-hop.xlsx");
    let town = dir.path().join("bao-cao-tong-hop.docx");
    let args: Vec<&OsStr> = vec![
        "tonghop".as_ref(),
        inputs.as_os_str(),
        "-o".as_ref(),
        out.as_os_str(),
        "--report".as_ref(),
        town.as_os_str(),
    ];
    let o = run(&args);
    let stderr = String::from_utf8_lossy(&o.stderr).into_owned();
    let stdout = String::from_utf8_lossy(&o.stdout).into_owned();
    assert_eq!(o.status.code(), Some(0), "{stdout}\n{stderr}");
    let printed = format!("{stdout}{stderr}");
    let line = printed
        .lines()
        .find(|l| l.contains("W-TEXT-TOO-LONG"))
        .unwrap_or_else(|| panic!("no warning printed:\n{printed}"));
    assert!(line.contains("Văn bản chỉ đạo!B2"), "{line}");
    assert!(line.contains("Trích yếu của văn bản ở dòng 2 dài 40.000 ký tự"), "{line}");
    // The file is named on the line or on the heading above it.
    let before: Vec<&str> = printed.lines().take_while(|l| !l.contains("W-TEXT-TOO-LONG")).collect();
    assert!(
        line.contains("kim-son-2018.xlsx") || before.iter().rev().any(|l| l.contains("kim-son-2018.xlsx")),
        "{printed}"
    );
    assert!(town.is_file());

    // The same, as data: the file's own diagnostic, with its sheet and cell.
    let mut json_args = args.clone();
    let out2 = dir.path().join("tong-hop-2.xlsx");
    json_args[3] = out2.as_os_str();
    json_args.truncate(4);
    json_args.push("--json".as_ref());
    let o = run(&json_args);
    assert_eq!(o.status.code(), Some(0));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let all: Vec<&serde_json::Value> = v["files"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|f| f["diagnostics"].as_array().unwrap().iter())
        .filter(|d| d["code"] == "W-TEXT-TOO-LONG")
        .collect();
    assert_eq!(all.len(), 1, "{v}");
    assert_eq!(all[0]["sheet"], "Văn bản chỉ đạo");
    assert_eq!(all[0]["cell"], "B2");
    assert_eq!(all[0]["severity"], "warning");

    // The cut cell, read back.
    let mut wb: Xlsx<_> = open_workbook(&out).unwrap();
    let r = wb.worksheet_range("Văn bản").unwrap();
    let cells: Vec<String> = r
        .rows()
        .filter_map(|row| match row.get(5) {
            Some(Data::String(t)) if t.starts_with("Kế hoạch triển khai") => Some(t.clone()),
            _ => None,
        })
        .collect();
    assert_eq!(cells.len(), 1);
    assert_eq!(cells[0].chars().count(), 32_767);
    assert!(cells[0].ends_with('…'));
    let head: String = long_summary().chars().take(32_766).collect();
    assert_eq!(cells[0].trim_end_matches('…'), head);

    // And every output of this run is still a valid package (see tests/schema.rs).
    let lxml = std::process::Command::new("python3")
        .args(["-c", "import lxml.etree"])
        .output()
        .is_ok_and(|o| o.status.success());
    if !lxml {
        println!("SKIPPED: python3 with lxml not found");
        return;
    }
    let validator = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/schema/validate.py");
    let o = std::process::Command::new("python3")
        .arg(validator)
        .args([&out, &town, &report])
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stdout));
}
