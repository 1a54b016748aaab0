//! Every committed sample in sample-sheets/ opens with calamine and carries
//! the Kim Sơn figures where sample-sheets/README.md says they are.

use std::io::{Cursor, Read};
use std::path::Path;

use calamine::{open_workbook_auto_from_rs, Data, Reader};

fn samples() -> Vec<std::path::PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("sample-sheets");
    let mut v: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| matches!(p.extension().and_then(|e| e.to_str()), Some("xlsx" | "xls" | "ods")))
        .collect();
    v.sort();
    v
}

fn is_1113(d: &Data) -> bool {
    match d {
        Data::Float(x) => *x == 1113.0,
        Data::Int(x) => *x == 1113,
        Data::String(s) => s.trim() == "1.113",
        _ => false,
    }
}

#[test]
fn every_sample_opens_and_holds_1113() {
    let files = samples();
    assert!(files.len() >= 5, "samples missing: {files:?}");
    for path in files {
        let bytes = std::fs::read(&path).unwrap();
        let mut wb = open_workbook_auto_from_rs(Cursor::new(bytes)).unwrap();
        let found = wb.sheet_names().iter().any(|name| {
            let range = wb.worksheet_range(name).unwrap();
            // kim-son-2018-cong-thuc.xlsx: the figure is a formula with no cached value.
            let formulas = wb.worksheet_formula(name).unwrap();
            range.used_cells().any(|(_, _, d)| is_1113(d)) || formulas.used_cells().any(|(_, _, f)| f == "556+557")
        });
        assert!(found, "{} does not hold 1113", path.display());
    }
}

fn open(name: &str) -> calamine::Sheets<Cursor<Vec<u8>>> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("sample-sheets").join(name);
    open_workbook_auto_from_rs(Cursor::new(std::fs::read(path).unwrap())).unwrap()
}

fn s(d: Option<&Data>) -> String {
    d.map(|d| d.to_string()).unwrap_or_default()
}

#[test]
fn canonical_sample_is_the_template_example() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("sample-sheets/kim-son-2018.xlsx");
    let expected = baocao::template::workbook(Some(&baocao::example::kim_son_2018())).unwrap();
    assert_eq!(
        std::fs::read(path).unwrap(),
        expected,
        "regenerate: cargo run --example gen-samples -- sample-sheets"
    );
}

#[test]
fn one_sheet_layout() {
    let mut wb = open("kim-son-2018-mot-trang.xlsx");
    assert_eq!(wb.sheet_names(), ["Sheet1"]);
    let r = wb.worksheet_range("Sheet1").unwrap();
    assert_eq!(s(r.get_value((6, 1))), "Đơn vị:");
    assert_eq!(s(r.get_value((22, 1))), "STT");
    assert_eq!(s(r.get_value((22, 3))), "Lượt người tham gia");
    assert_eq!(s(r.get_value((23, 4))), "Trong đó nữ");
    assert_eq!(s(r.get_value((22, 6))), "Số lớp\n(chuyên đề)");
    assert_eq!(r.get_value((33, 3)), Some(&Data::Float(1113.0)));
    assert_eq!(r.get_value((33, 6)), Some(&Data::Float(10.0)));
    assert_eq!(s(r.get_value((34, 2))), "Tổng cộng");
    assert_eq!(s(r.get_value((46, 1))), "STT");
    assert_eq!(s(r.get_value((63, 1))), "STT");
    // Totals are formulas with no cached value.
    let mut z = zip::ZipArchive::new(Cursor::new(
        std::fs::read(Path::new(env!("CARGO_MANIFEST_DIR")).join("sample-sheets/kim-son-2018-mot-trang.xlsx")).unwrap(),
    ))
    .unwrap();
    let mut xml = String::new();
    z.by_name("xl/worksheets/sheet1.xml").unwrap().read_to_string(&mut xml).unwrap();
    assert!(xml.contains("<f>SUM(D25:D34)</f></c>"), "formula without <v>");
}

#[test]
fn text_numbers_layout() {
    use unicode_normalization::UnicodeNormalization;
    let nfd = |t: &str| t.nfd().collect::<String>();
    let mut wb = open("kim-son-2018-chu-so.xlsx");
    let names = wb.sheet_names();
    assert_eq!(names, ["Thong tin", &nfd("Biểu 1"), "Chi tieu", "Van ban", &nfd("Nội dung")]);
    let r = wb.worksheet_range(&nfd("Biểu 1")).unwrap();
    assert_eq!(s(r.get_value((4, 2))), "TT");
    assert_eq!(s(r.get_value((15, 5))), "1.113");
    assert_eq!(s(r.get_value((16, 5))), "6.778");
    assert_eq!(s(r.get_value((4, 3))), nfd("Tên hoạt động giáo dục"));
    let info = wb.worksheet_range("Thong tin").unwrap();
    assert_eq!(s(info.get_value((10, 3))), "26/11/2018");
    assert_eq!(s(info.get_value((11, 3))), nfd("năm 2018"));
    let ind = wb.worksheet_range("Chi tieu").unwrap();
    assert_eq!(s(ind.get_value((5, 5))), nfd("9.154 người"));
    assert_eq!(s(ind.get_value((9, 5))), "0,08%");
}

#[test]
fn tcvn3_layout() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("sample-sheets/kim-son-2018-tcvn3.xlsx");
    let bytes = std::fs::read(path).unwrap();
    let mut wb = open_workbook_auto_from_rs(Cursor::new(bytes.clone())).unwrap();
    assert_eq!(wb.sheet_names()[1], "Ho\u{b9}t \u{ae}\u{e9}ng");
    let info = wb.worksheet_range(&wb.sheet_names()[0].clone()).unwrap();
    // "Phường Kim Sơn": ư is 0xAD, ơ is 0xAC.
    assert_eq!(s(info.get_value((4, 1))), "Ph\u{ad}\u{ea}ng Kim S\u{ac}n");
    assert_eq!(s(info.get_value((6, 1))), "10/BC-TTHTC\u{a7}");
    let mut z = zip::ZipArchive::new(Cursor::new(bytes)).unwrap();
    let mut styles = String::new();
    z.by_name("xl/styles.xml").unwrap().read_to_string(&mut styles).unwrap();
    assert!(styles.contains(r#"<name val=".VnTime"/>"#) && styles.contains(r#"<name val=".VnTimeH"/>"#));
}

#[test]
fn ods_layout() {
    let mut wb = open("kim-son-2018.ods");
    assert_eq!(
        wb.sheet_names()[..5],
        ["Thông tin", "Hoạt động", "Chỉ tiêu", "Văn bản chỉ đạo", "Nội dung"]
    );
    let r = wb.worksheet_range("Hoạt động").unwrap();
    assert_eq!(s(r.get_value((3, 4))), "Nữ");
    assert_eq!(r.get_value((13, 3)), Some(&Data::Float(1113.0)));
    assert_eq!(r.get_value((14, 3)), Some(&Data::Float(6778.0)));
    let info = wb.worksheet_range("Thông tin").unwrap();
    assert!(matches!(info.get_value((8, 1)), Some(Data::DateTimeIso(d)) if d.starts_with("2018-11-26")));
}
