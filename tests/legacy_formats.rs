//! `.xls` and `.ods` as LibreOffice writes them (the way offices convert old
//! files) go through the pre-read guard and give the `.xlsx` figures. Runs in
//! CI, where LibreOffice is installed; elsewhere it says it was skipped.

mod common;
use common::*;

#[test]
fn libreoffice_xls_and_ods_read_as_their_xlsx() {
    if !on_path("soffice") {
        eprintln!("SKIPPED: soffice not found");
        return;
    }
    let dir = tempdir();
    for name in [
        "kim-son-2018-mot-trang.xlsx",
        "kim-son-2018-tcvn3.xlsx",
        "dong-trieu-2018/binh-duong-2018-01.xlsx",
    ] {
        let src = sample(name);
        let (code, want) = check_json(&src);
        assert!(code <= 1, "{name}: {code}");
        for (to, ext) in [("xls:MS Excel 97", "xls"), ("ods", "ods")] {
            let converted = soffice_convert(dir.path(), &src, to, ext);
            let (code, got) = check_json(&converted);
            assert!(code <= 1, "{name} as .{ext}: exit {code}, {:?}", diags(&got));
            let (g, w) = (&got["files"][0], &want["files"][0]);
            assert_eq!(g["totals"], w["totals"], "{name} as .{ext}");
            assert_eq!(g["activities"], w["activities"], "{name} as .{ext}");
            assert_eq!(
                g["indicators"].as_array().map(Vec::len),
                w["indicators"].as_array().map(Vec::len),
                "{name} as .{ext}"
            );
            // Fonts come through both: TCVN3 capitals typed in .VnTimeH
            // are capitals in .xls and .ods too.
            assert_eq!(g["unit"], w["unit"], "{name} as .{ext}");
            std::fs::remove_file(&converted).unwrap();
        }
    }
}
