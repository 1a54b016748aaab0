//! The blank template and the Kim Sơn example, read back with calamine.

use std::io::{Cursor, Read};

use baocao::example::kim_son_2018;
use baocao::template::workbook;
use calamine::{open_workbook_from_rs, Data, Reader, Xlsx};

fn open(bytes: &[u8]) -> Xlsx<Cursor<Vec<u8>>> {
    open_workbook_from_rs(Cursor::new(bytes.to_vec())).expect("calamine opens the workbook")
}

fn text(d: Option<&Data>) -> String {
    match d {
        Some(Data::String(s)) => s.clone(),
        Some(other) => other.to_string(),
        None => String::new(),
    }
}

const SHEETS: [&str; 6] = ["Thông tin", "Hoạt động", "Chỉ tiêu", "Văn bản chỉ đạo", "Nội dung", "Hướng dẫn"];

#[test]
fn blank_has_the_sheets_headers_and_categories() {
    let bytes = workbook(None).unwrap();
    let mut wb = open(&bytes);
    assert_eq!(wb.sheet_names(), SHEETS);
    let act = wb.worksheet_range("Hoạt động").unwrap();
    assert_eq!(text(act.get_value((2, 0))), "TT");
    assert_eq!(text(act.get_value((2, 1))), "Tên hoạt động giáo dục");
    assert_eq!(text(act.get_value((2, 2))), "Số lớp (chuyên đề)");
    assert_eq!(text(act.get_value((2, 3))), "Số lượt người tham gia");
    assert_eq!(text(act.get_value((3, 3))), "Tổng số");
    assert_eq!(text(act.get_value((3, 4))), "Nữ");
    for code in 1..=10u32 {
        let row = 3 + code;
        assert_eq!(act.get_value((row, 0)), Some(&Data::Float(f64::from(code))));
        assert_eq!(
            text(act.get_value((row, 1))),
            baocao::normalize::category::canonical(code as u8).unwrap()
        );
        // Nothing reported: empty, never 0.
        assert!(matches!(act.get_value((row, 2)), None | Some(Data::Empty)));
    }
    assert_eq!(text(act.get_value((14, 1))), "Tổng số");
    let formulas = wb.worksheet_formula("Hoạt động").unwrap();
    assert_eq!(formulas.get_value((14, 2)).map(String::as_str), Some("SUM(C5:C14)"));

    let ind = wb.worksheet_range("Chỉ tiêu").unwrap();
    let header: Vec<String> = (0..7).map(|c| text(ind.get_value((1, c)))).collect();
    assert_eq!(
        header,
        ["TT", "Chỉ tiêu", "Đơn vị tính", "Kỳ này", "Kỳ trước", "Tính chất", "Ghi chú"]
    );
    let dir = wb.worksheet_range("Văn bản chỉ đạo").unwrap();
    let header: Vec<String> = (0..5).map(|c| text(dir.get_value((1, c)))).collect();
    assert_eq!(header, ["TT", "Số ký hiệu", "Ngày ban hành", "Cơ quan ban hành", "Trích yếu"]);
    let info = wb.worksheet_range("Thông tin").unwrap();
    assert_eq!(text(info.get_value((1, 0))), "Mục");
    assert_eq!(text(info.get_value((2, 0))), "Cơ quan chủ quản");
    assert_eq!(text(info.get_value((2, 2))), "*");
}

#[test]
fn example_has_every_value_and_cached_totals() {
    let bytes = workbook(Some(&kim_son_2018())).unwrap();
    let mut wb = open(&bytes);
    let act = wb.worksheet_range("Hoạt động").unwrap();
    // Category 1 reported nothing: empty cells, not 0.
    assert!(matches!(act.get_value((4, 2)), None | Some(Data::Empty)));
    assert_eq!(act.get_value((13, 3)), Some(&Data::Float(1113.0)));
    // The total row's formulas carry their results.
    assert_eq!(text(act.get_value((14, 1))), "Tổng số");
    assert_eq!(act.get_value((14, 2)), Some(&Data::Float(70.0)));
    assert_eq!(act.get_value((14, 3)), Some(&Data::Float(6778.0)));
    let formulas = wb.worksheet_formula("Hoạt động").unwrap();
    assert_eq!(formulas.get_value((14, 3)).map(String::as_str), Some("SUM(D5:D14)"));

    let info = wb.worksheet_range("Thông tin").unwrap();
    let rows: Vec<(String, Data)> = info
        .rows()
        .skip(2)
        .map(|r| (text(r.first()), r.get(1).cloned().unwrap_or(Data::Empty)))
        .collect();
    let get = |label: &str| -> Vec<&Data> { rows.iter().filter(|(l, _)| l == label).map(|(_, v)| v).collect() };
    assert_eq!(get("Cơ quan chủ quản"), [&Data::String("ỦY BAN NHÂN DÂN PHƯỜNG KIM SƠN".into())]);
    assert_eq!(get("Kỳ báo cáo"), [&Data::String("Năm 2018".into())]);
    assert_eq!(get("Kính gửi").len(), 2);
    assert_eq!(get("Nơi nhận").len(), 4);
    match get("Ngày báo cáo").first() {
        Some(Data::DateTime(d)) => assert_eq!(d.as_f64(), 43430.0),
        other => panic!("Ngày báo cáo is not a date cell: {other:?}"),
    }

    let ind = wb.worksheet_range("Chỉ tiêu").unwrap();
    // Row of "Số hộ nghèo": value 2, previous 6, thời điểm.
    assert_eq!(text(ind.get_value((6, 1))), "Số hộ nghèo");
    assert_eq!(ind.get_value((6, 3)), Some(&Data::Float(2.0)));
    assert_eq!(ind.get_value((6, 4)), Some(&Data::Float(6.0)));
    assert_eq!(text(ind.get_value((6, 5))), "thời điểm");
    // A percentage is the percentage number, not a fraction.
    assert_eq!(ind.get_value((14, 3)), Some(&Data::Float(93.4)));
    assert_eq!(text(ind.get_value((14, 5))), "tỷ lệ");

    let dir = wb.worksheet_range("Văn bản chỉ đạo").unwrap();
    assert_eq!(text(dir.get_value((2, 1))), "06/KH-TTHTCĐ");
    match dir.get_value((2, 2)) {
        Some(Data::DateTime(d)) => assert_eq!(d.to_ymd_hms_milli(), (2018, 1, 12, 0, 0, 0, 0)),
        other => panic!("Ngày ban hành is not a date cell: {other:?}"),
    }
    let nd = wb.worksheet_range("Nội dung").unwrap();
    let slots: Vec<String> = nd.rows().skip(2).map(|r| text(r.first())).filter(|s| !s.is_empty()).collect();
    assert_eq!(slots, ["Mở đầu", "I", "II", "III", "V", "Kết luận"]);
}

fn zip_part(bytes: &[u8], name: &str) -> String {
    let mut z = zip::ZipArchive::new(Cursor::new(bytes)).unwrap();
    let mut s = String::new();
    z.by_name(name).unwrap().read_to_string(&mut s).unwrap();
    s
}

#[test]
fn validations_exist_on_every_data_sheet() {
    for bytes in [workbook(None).unwrap(), workbook(Some(&kim_son_2018())).unwrap()] {
        for n in 1..=5 {
            let xml = zip_part(&bytes, &format!("xl/worksheets/sheet{n}.xml"));
            assert!(xml.contains("<dataValidation "), "sheet{n} has no data validation");
        }
        let act = zip_part(&bytes, "xl/worksheets/sheet2.xml");
        assert!(act.contains(r#"type="whole""#) && act.contains(r#"operator="greaterThanOrEqual""#));
        assert!(act.contains("<pane "), "frozen header");
        assert!(act.contains(r#"paperSize="9""#) && act.contains(r#"fitToHeight="0""#));
        let ind = zip_part(&bytes, "xl/worksheets/sheet3.xml");
        assert!(ind.contains(r#"type="list""#) && ind.contains("cộng dồn,thời điểm,tỷ lệ"));
        let styles = zip_part(&bytes, "xl/styles.xml");
        assert!(styles.contains("Times New Roman"));
        assert!(!styles.contains(r#"formatCode="0%""#));
    }
}

#[test]
fn output_is_deterministic() {
    assert_eq!(workbook(None).unwrap(), workbook(None).unwrap());
    let r = kim_son_2018();
    assert_eq!(workbook(Some(&r)).unwrap(), workbook(Some(&r)).unwrap());
}

#[test]
fn text_beginning_with_equals_stays_text() {
    let mut r = kim_son_2018();
    r.activities[1].name = "=1+1".to_string();
    r.unit.area = Some("=HYPERLINK(\"x\")".to_string());
    let bytes = workbook(Some(&r)).unwrap();
    let mut wb = open(&bytes);
    let act = wb.worksheet_range("Hoạt động").unwrap();
    assert_eq!(act.get_value((5, 1)), Some(&Data::String("=1+1".into())));
    let formulas = wb.worksheet_formula("Hoạt động").unwrap();
    assert!(formulas.get_value((5, 1)).is_none_or(|f| f.is_empty()));
    let info = wb.worksheet_range("Thông tin").unwrap();
    assert!(info.rows().any(|r| r.get(1) == Some(&Data::String("=HYPERLINK(\"x\")".into()))));
}

#[test]
fn stated_total_that_differs_is_kept_as_typed() {
    let mut r = kim_son_2018();
    r.stated_totals = Some(baocao::model::Totals {
        classes: Some(71),
        participants: Some(6778),
        female: None,
    });
    let bytes = workbook(Some(&r)).unwrap();
    let mut wb = open(&bytes);
    let act = wb.worksheet_range("Hoạt động").unwrap();
    assert_eq!(act.get_value((14, 2)), Some(&Data::Float(71.0)));
    assert_eq!(act.get_value((14, 3)), Some(&Data::Float(6778.0)));
}
