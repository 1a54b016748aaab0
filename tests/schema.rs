//! Every output kind, made by the binary, validated part by part against the
//! ISO/IEC 29500 Transitional schemas, the 2016 edition and the older one
//! (tests/schema/validate.py, Python + lxml; the schemas are vendored in
//! tests/schema/ooxml-schemas with their sources). Also: the
//! validator itself rejects what it must, and each output carries the
//! program's mark exactly when no clerk is meant to fill it.

mod common;

use common::*;
use std::ffi::OsStr;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::Command;

use baocao::mark::{mark_of_path, Mark};

fn validator() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/schema/validate.py")
}

/// The Python that runs the validator, when it has lxml; else why not.
fn python() -> Result<&'static str, String> {
    for py in ["python3", "python"] {
        let ok = Command::new(py)
            .args(["-c", "import lxml.etree"])
            .output()
            .is_ok_and(|o| o.status.success());
        if ok {
            return Ok(py);
        }
    }
    Err("python3 with lxml".to_string())
}

/// Runs the validator on `files` against the 2016 edition: exit code and output.
fn validate(py: &str, files: &[PathBuf]) -> (i32, String) {
    validate_edition(py, "2016", files)
}

fn validate_edition(py: &str, edition: &str, files: &[PathBuf]) -> (i32, String) {
    let out = Command::new(py)
        .arg(validator())
        .args(["--edition", edition])
        .args(files)
        .output()
        .unwrap();
    let text = format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
    (out.status.code().unwrap_or(-1), text)
}

fn ok(args: &[&OsStr]) {
    let o = run(args);
    assert!(
        o.status.success(),
        "{args:?}: exit {:?}\n{}",
        o.status.code(),
        String::from_utf8_lossy(&o.stderr)
    );
}

/// Each output kind, written by the binary into `dir`: (kind, path).
fn outputs(dir: &Path) -> Vec<(&'static str, PathBuf)> {
    let report = dir.join("bao-cao.docx");
    ok(&[
        "report".as_ref(),
        sample("kim-son-2018.xlsx").as_os_str(),
        "-o".as_ref(),
        report.as_os_str(),
    ]);
    let summary = dir.join("tong-hop.xlsx");
    let town = dir.join("bao-cao-tong-hop.docx");
    ok(&[
        "tonghop".as_ref(),
        sample("dong-trieu-2018").as_os_str(),
        "-o".as_ref(),
        summary.as_os_str(),
        "--report".as_ref(),
        town.as_os_str(),
        "--config".as_ref(),
        sample("dong-trieu-2018.toml").as_os_str(),
    ]);
    // A consolidation with nothing usable: empty grids, no chart, no appendix.
    let broken = dir.join("in");
    std::fs::create_dir(&broken).unwrap();
    std::fs::write(broken.join("hong.xlsx"), b"not a workbook").unwrap();
    let empty_summary = dir.join("tong-hop-trong.xlsx");
    let empty_town = dir.join("bao-cao-tong-hop-trong.docx");
    ok(&[
        "tonghop".as_ref(),
        broken.as_os_str(),
        "-o".as_ref(),
        empty_summary.as_os_str(),
        "--report".as_ref(),
        empty_town.as_os_str(),
        "--allow-errors".as_ref(),
    ]);
    let template = dir.join("mau.xlsx");
    ok(&["mau".as_ref(), "-o".as_ref(), template.as_os_str()]);
    let example = dir.join("vi-du.xlsx");
    ok(&["mau".as_ref(), "--example".as_ref(), "-o".as_ref(), example.as_os_str()]);
    // The starting outline, and the report and consolidated report that follow it.
    let outline = dir.join("de-cuong.docx");
    ok(&["mau".as_ref(), "--outline".as_ref(), outline.as_os_str()]);
    let outline_report = dir.join("bao-cao-de-cuong.docx");
    ok(&[
        "report".as_ref(),
        sample("kim-son-2018.xlsx").as_os_str(),
        "--outline".as_ref(),
        outline.as_os_str(),
        "-o".as_ref(),
        outline_report.as_os_str(),
    ]);
    let outline_town = dir.join("bao-cao-tong-hop-de-cuong.docx");
    ok(&[
        "tonghop".as_ref(),
        sample("dong-trieu-2018").as_os_str(),
        "-o".as_ref(),
        dir.join("tong-hop-de-cuong.xlsx").as_os_str(),
        "--report".as_ref(),
        outline_town.as_os_str(),
        "--outline".as_ref(),
        outline.as_os_str(),
        "--config".as_ref(),
        sample("dong-trieu-2018.toml").as_os_str(),
    ]);
    vec![
        ("report", report),
        ("consolidated report", town),
        ("summary", summary),
        ("consolidated report, nothing usable", empty_town),
        ("summary, nothing usable", empty_summary),
        ("template", template),
        ("example", example),
        ("starting outline", outline),
        ("report from an outline", outline_report),
        ("consolidated report from an outline", outline_town),
    ]
}

#[test]
fn every_output_kind_validates_against_the_transitional_schemas() {
    let py = match python() {
        Ok(py) => py,
        Err(tool) => {
            println!("SKIPPED: {tool} not found");
            return;
        }
    };
    let dir = tempdir();
    let outs = outputs(dir.path());
    let files: Vec<PathBuf> = outs.iter().map(|(_, p)| p.clone()).collect();
    // The 2016 edition, and the older one python-docx vendored, as a second reading.
    for edition in ["2016", "2013"] {
        let (code, text) = validate_edition(py, edition, &files);
        assert_eq!(code, 0, "{edition}: {text}");
        // One "valid" line per package, none of anything else.
        for (kind, p) in &outs {
            assert!(text.contains(&format!("{}: valid", p.display())), "{edition}, {kind}: {text}");
        }
        assert_eq!(text.lines().count(), outs.len(), "{edition}: {text}");
    }
}

/// Copies a zip, replacing parts by `edit` and adding `extra` ones.
fn rezip(src: &Path, dst: &Path, edit: impl Fn(&str, String) -> String, extra: &[(&str, &str)]) {
    let mut zin = zip::ZipArchive::new(std::fs::File::open(src).unwrap()).unwrap();
    let mut zout = zip::ZipWriter::new(std::fs::File::create(dst).unwrap());
    let opts = zip::write::SimpleFileOptions::default();
    for i in 0..zin.len() {
        let mut f = zin.by_index(i).unwrap();
        let name = f.name().unwrap().to_string();
        let mut text = String::new();
        f.read_to_string(&mut text).unwrap();
        zout.start_file(name.as_str(), opts).unwrap();
        zout.write_all(edit(&name, text).as_bytes()).unwrap();
    }
    for (name, text) in extra {
        zout.start_file(*name, opts).unwrap();
        zout.write_all(text.as_bytes()).unwrap();
    }
    zout.finish().unwrap();
}

/// The validator is not a test that cannot fail: the defects this project
/// once shipped are each reported, and markup an Office version may ignore
/// (mc:Ignorable) is stripped before validation, as Office does.
#[test]
fn the_validator_reports_each_defect_once_shipped() {
    let py = match python() {
        Ok(py) => py,
        Err(tool) => {
            println!("SKIPPED: {tool} not found");
            return;
        }
    };
    let dir = tempdir();
    let report = dir.path().join("r.docx");
    ok(&[
        "report".as_ref(),
        sample("kim-son-2018.xlsx").as_os_str(),
        "-o".as_ref(),
        report.as_os_str(),
    ]);
    // w:type back on w:gridCol; an unknown attribute in an ignorable namespace (fine).
    let grid = dir.path().join("grid.docx");
    rezip(
        &report,
        &grid,
        |name, text| {
            if name == "word/document.xml" {
                text.replacen("<w:gridCol w:w=\"", "<w:gridCol w:type=\"dxa\" w:w=\"", 1).replacen(
                    "w14:paraId=\"00000001\"",
                    "w14:paraId=\"00000001\" w14:future=\"1\"",
                    1,
                )
            } else {
                text
            }
        },
        &[],
    );
    // A numbering part no relationship reaches, with w:rPr inside a level's w:pPr.
    let orphan = dir.path().join("orphan.docx");
    rezip(
        &report,
        &orphan,
        |_, t| t,
        &[(
            "word/numbering.xml",
            r#"<w:numbering xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:abstractNum w:abstractNumId="1"><w:lvl w:ilvl="0"><w:pPr><w:ind w:left="420"/><w:rPr/></w:pPr></w:lvl></w:abstractNum></w:numbering>"#,
        )],
    );
    // The mark's part left without its content type.
    let untyped = dir.path().join("untyped.docx");
    rezip(
        &report,
        &untyped,
        |name, text| {
            if name == "[Content_Types].xml" {
                let o = r#"<Override PartName="/docProps/custom.xml" ContentType="application/vnd.openxmlformats-officedocument.custom-properties+xml"/>"#;
                assert!(text.contains(o), "{text}");
                text.replace(o, "")
            } else {
                text
            }
        },
        &[],
    );
    // A stray element in a sheet of the summary.
    let summary_in = dir.path().join("s.xlsx");
    ok(&[
        "tonghop".as_ref(),
        sample("dong-trieu-2018").as_os_str(),
        "-o".as_ref(),
        summary_in.as_os_str(),
    ]);
    let sheet = dir.path().join("sheet.xlsx");
    rezip(
        &summary_in,
        &sheet,
        |name, text| {
            if name == "xl/worksheets/sheet1.xml" {
                text.replacen("<sheetData>", "<sheetData><cell/>", 1)
            } else {
                text
            }
        },
        &[],
    );

    let (code, text) = validate(py, &[grid.clone(), orphan.clone(), untyped.clone(), sheet.clone()]);
    assert_eq!(code, 1, "{text}");
    let lines_of = |p: &Path| {
        text.lines()
            .filter(|l| l.starts_with(&format!("{}:", p.display())))
            .map(str::to_string)
            .collect::<Vec<_>>()
    };
    let g = lines_of(&grid);
    assert_eq!(g.len(), 1, "{g:?}");
    assert!(
        g[0].contains("/word/document.xml") && g[0].contains("gridCol") && g[0].contains("type"),
        "{g:?}"
    );
    let o = lines_of(&orphan);
    assert!(
        o.iter().any(|l| l.contains("/word/numbering.xml is reached by no relationship")),
        "{o:?}"
    );
    assert!(o.iter().any(|l| l.contains("/word/numbering.xml") && l.contains("rPr")), "{o:?}");
    let u = lines_of(&untyped);
    assert_eq!(
        u,
        [format!(
            "{}: part /docProps/custom.xml has content type application/xml, not application/vnd.openxmlformats-officedocument.custom-properties+xml",
            untyped.display()
        )]
    );
    let s = lines_of(&sheet);
    assert_eq!(s.len(), 1, "{s:?}");
    assert!(s[0].contains("/xl/worksheets/sheet1.xml") && s[0].contains("cell"), "{s:?}");
}

/// The report, the consolidated report and the summary carry the mark; the
/// template and the example, which a clerk fills, do not.
#[test]
fn outputs_carry_the_mark_only_where_no_clerk_fills_them() {
    let dir = tempdir();
    let marks: Vec<(&str, Option<Mark>)> = outputs(dir.path()).into_iter().map(|(k, p)| (k, mark_of_path(&p))).collect();
    assert_eq!(
        marks,
        [
            ("report", Some(Mark::Report)),
            ("consolidated report", Some(Mark::ConsolidatedReport)),
            ("summary", Some(Mark::Summary)),
            ("consolidated report, nothing usable", Some(Mark::ConsolidatedReport)),
            ("summary, nothing usable", Some(Mark::Summary)),
            ("template", None),
            ("example", None),
            ("starting outline", None),
            ("report from an outline", Some(Mark::Report)),
            ("consolidated report from an outline", Some(Mark::ConsolidatedReport)),
        ]
    );
    // A ward's workbook and the samples are not ours either.
    for s in SAMPLES {
        assert_eq!(mark_of_path(&sample(s)), None, "{s}");
    }
}
