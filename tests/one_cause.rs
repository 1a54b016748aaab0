//! Issue 9, "one cause, one message" and "categories as wards shorten
//! them": each problem in a workbook gives exactly one diagnostic, at the
//! cell that holds it (the binary runs on Kim Sơn with one thing changed).

mod common;
use common::*;

/// The diagnostics other than the two every Kim Sơn copy has (no Nữ
/// figures, a report dated before the year's end).
fn findings(v: &serde_json::Value) -> Vec<(String, String)> {
    diags(v)
        .into_iter()
        .filter(|(c, _)| c != "N-ESTIMATE" && c != "W-FEMALE-MISSING")
        .collect()
}

fn pair(code: &str, place: &str) -> (String, String) {
    (code.to_string(), place.to_string())
}

#[test]
fn a_bad_report_date_is_not_also_missing() {
    // Thông tin row 7 is "Ngày báo cáo".
    let (code, v) = check_edited(|b| {
        sheet(b, "Thông tin").set(6, 1, s("31/02/2018"));
    });
    assert_eq!(code, 1);
    assert_eq!(findings(&v), vec![pair("E-DATE-INVALID", "Thông tin!B7")]);
}

#[test]
fn a_bad_period_is_not_also_missing() {
    let (code, v) = check_edited(|b| {
        sheet(b, "Thông tin").set(7, 1, s("Quý 5/2018"));
    });
    assert_eq!(code, 1);
    assert_eq!(findings(&v), vec![pair("E-PERIOD-INVALID", "Thông tin!B8")]);
}

#[test]
fn a_missing_value_under_its_label_points_at_the_value_cell() {
    // Row 18 holds "Người ký"; its value B18 is cleared, the label stays.
    let (code, v) = check_edited(|b| {
        sheet(b, "Thông tin").clear(17, 1);
    });
    assert_eq!(code, 1);
    assert_eq!(findings(&v), vec![pair("E-INFO-MISSING", "Thông tin!B18")]);
    let d = &v["files"][0]["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["code"] == "E-INFO-MISSING")
        .unwrap()
        .clone();
    assert_eq!(d["label"], "Người ký");
    assert!(d["message"].as_str().unwrap().contains("Thông tin!B18"), "{d}");
}

#[test]
fn a_typo_in_a_count_is_one_error_not_also_a_pairing_warning() {
    // Row 7 (TT 3) has 8 classes and 712 participants: a typo in the
    // participants leaves classes without participants, which is the typo's
    // doing, not a second finding.
    let (code, v) = check_edited(|b| {
        sheet(b, "Hoạt động").set(6, 3, s("35O"));
    });
    assert_eq!(code, 1);
    assert_eq!(findings(&v), vec![pair("E-COUNT-NOT-INTEGER", "Hoạt động!D7")]);
}

#[test]
fn an_empty_activity_name_is_missing_name_at_its_cell() {
    // Two rows lose their names and TTs: each is "missing name", and
    // neither is a duplicate of the other ("" twice).
    let (code, v) = check_edited(|b| {
        let a = sheet(b, "Hoạt động");
        for r in [6, 7] {
            a.clear(r, 0);
            a.clear(r, 1);
        }
    });
    assert_eq!(code, 1);
    assert_eq!(
        findings(&v),
        vec![
            pair("E-ACTIVITY-NAME-MISSING", "Hoạt động!B7"),
            pair("E-ACTIVITY-NAME-MISSING", "Hoạt động!B8")
        ]
    );
}

#[test]
fn shortened_names_are_their_categories_with_a_note() {
    let (code, v) = check_edited(|b| {
        let a = sheet(b, "Hoạt động");
        a.set(12, 1, s("Chương trình khác")); // TT 9 agrees
        a.set(6, 1, s("Pháp luật")); // TT 3, cleared: no TT
        a.clear(6, 0);
        a.set(7, 1, s("Sức khỏe")); // TT 4 agrees
    });
    assert_eq!(code, 0, "{:?}", diags(&v));
    assert_eq!(
        findings(&v),
        vec![
            pair("N-CATEGORY-SHORT", "Hoạt động!B7"),
            pair("N-CATEGORY-SHORT", "Hoạt động!B8"),
            pair("N-CATEGORY-SHORT", "Hoạt động!B13")
        ]
    );
    let acts = v["files"][0]["activities"].as_array().unwrap();
    let of = |code: u64| acts.iter().find(|a| a["code"] == code).unwrap().clone();
    assert_eq!(of(9)["name"], "Chuyên đề của chương trình khác");
    assert_eq!(of(9)["participants"], 775);
    assert_eq!(of(3)["name"], "Chuyên đề giáo dục pháp luật");
    assert_eq!(of(3)["participants"], 712);
    assert_eq!(of(4)["participants"], 450);
    assert_eq!(acts.len(), 10);
    assert_eq!(v["files"][0]["totals"]["participants"], 6778);
}

#[test]
fn a_name_and_a_tt_that_disagree_warn_naming_both() {
    // TT 9 beside "Pháp luật" (category 3) in a table whose TTs are codes.
    let (code, v) = check_edited(|b| {
        let a = sheet(b, "Hoạt động");
        a.set(12, 1, s("Pháp luật"));
        a.set(6, 1, s("Chuyên đề của chương trình khác"));
        a.set(6, 0, V::N(11.0));
    });
    assert_eq!(code, 0, "{:?}", diags(&v));
    let f = findings(&v);
    assert!(f.contains(&pair("W-CATEGORY-TT-MISMATCH", "Hoạt động!B13")), "{f:?}");
    let msg = message(&v, "W-CATEGORY-TT-MISMATCH", None);
    assert!(
        msg.contains("Pháp luật") && msg.contains("loại 3") && msg.contains("A13") && msg.contains("9"),
        "{msg}"
    );
}

#[test]
fn swapped_names_in_the_national_order_warn_on_both_rows() {
    // Rows 7 and 8 (TT 3 and 4) with each other's names: the TTs are the
    // form's codes (eight rows agree), so both rows warn, and the figures
    // follow the names.
    let (code, v) = check_edited(|b| {
        let a = sheet(b, "Hoạt động");
        a.set(6, 1, s("Chuyên đề giáo dục sức khỏe"));
        a.set(7, 1, s("Chuyên đề giáo dục pháp luật"));
    });
    assert_eq!(code, 0, "{:?}", diags(&v));
    assert_eq!(
        findings(&v),
        vec![
            pair("W-CATEGORY-TT-MISMATCH", "Hoạt động!B7"),
            pair("W-CATEGORY-TT-MISMATCH", "Hoạt động!B8")
        ]
    );
    let acts = v["files"][0]["activities"].as_array().unwrap();
    let of = |code: u64| acts.iter().find(|a| a["code"] == code).unwrap()["participants"].clone();
    assert_eq!((of(3), of(4)), (450.into(), 712.into()));
}

#[test]
fn row_numbers_that_only_count_the_rows_are_not_codes() {
    // A ward that ran three kinds of activity numbers them 1, 2, 3.
    let (code, v) = check_edited(|b| {
        let a = sheet(b, "Hoạt động");
        a.cells.retain(|(r, _, _)| *r < 4);
        let rows = [
            ("Học nghề ngắn hạn", 2.0, 350.0),
            ("Pháp luật", 8.0, 712.0),
            ("Chuyên đề giáo dục môi trường", 10.0, 876.0),
        ];
        for (i, (name, classes, people)) in rows.iter().enumerate() {
            a.row(4 + i as u32, 0, &[V::N(i as f64 + 1.0), s(name), V::N(*classes), V::N(*people)]);
        }
    });
    assert_eq!(code, 0, "{:?}", diags(&v));
    assert_eq!(findings(&v), vec![pair("N-CATEGORY-SHORT", "Hoạt động!B6")]);
    let codes: Vec<u64> = v["files"][0]["activities"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["code"].as_u64().unwrap())
        .collect();
    assert_eq!(codes, [2, 3, 5]);
    assert_eq!(v["files"][0]["totals"]["participants"], 1938);
}
