//! One test per row of validation.md: the binary runs on a workbook that
//! triggers the check; the code, the cell and the exit code are asserted.

mod common;
use common::*;

fn assert_has(v: &serde_json::Value, code: &str, place: &str) {
    assert!(has(v, code, place), "expected {code} at {place}, got {:?}", diags(v));
}

#[test]
fn the_canonical_workbook_has_only_the_expected_findings() {
    let (code, v) = check_edited(|_| {});
    assert_eq!(code, 0, "{:?}", diags(&v));
    // Female not reported anywhere, and a yearly report dated in November.
    assert_has(&v, "W-FEMALE-MISSING", "Hoạt động!E6");
    assert_has(&v, "N-ESTIMATE", "Ngày báo cáo");
    assert_eq!(diags(&v).len(), 2, "{:?}", diags(&v));
}

#[test]
fn text_file_is_unreadable_exit_2() {
    let dir = tempdir();
    let p = dir.path().join("ghi chú.xlsx");
    std::fs::write(&p, "đây là tệp văn bản\n").unwrap();
    let (code, v) = check_json(&p);
    assert_eq!(code, 2);
    assert_eq!(diags(&v)[0].0, "E-FILE-UNREADABLE");
}

#[test]
fn empty_file_is_an_error_exit_2() {
    let dir = tempdir();
    let p = dir.path().join("rỗng.xlsx");
    std::fs::write(&p, b"").unwrap();
    let (code, v) = check_json(&p);
    assert_eq!(code, 2);
    assert_eq!(diags(&v)[0].0, "E-FILE-EMPTY");
}

#[test]
fn encrypted_container_is_reported_as_such() {
    // The head of an OLE compound file holding an EncryptionInfo stream,
    // which is what Excel writes for a password-protected .xlsx.
    let mut bytes = vec![0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
    bytes.extend(std::iter::repeat_n(0u8, 504));
    bytes.extend("EncryptionInfo".encode_utf16().flat_map(|u| u.to_le_bytes()));
    bytes.extend(std::iter::repeat_n(0u8, 512));
    let dir = tempdir();
    let p = dir.path().join("mật khẩu.xlsx");
    std::fs::write(&p, bytes).unwrap();
    let (code, v) = check_json(&p);
    assert_eq!(code, 2);
    assert_eq!(diags(&v)[0].0, "E-FILE-ENCRYPTED");
}

#[test]
fn missing_activity_table_is_a_missing_part() {
    let (code, v) = check_edited(|b| b.retain(|s| s.name == "Thông tin"));
    assert_eq!(code, 1);
    assert!(diags(&v).iter().any(|(c, _)| c == "E-PART-MISSING"), "{:?}", diags(&v));
}

#[test]
fn missing_required_item_names_the_label() {
    let (code, v) = check_edited(|b| {
        let info = sheet(b, "Thông tin");
        info.cells
            .retain(|(_, _, val)| *val != s("Người ký") && *val != s("Đặng Cương Quyết"));
    });
    assert_eq!(code, 1);
    assert_has(&v, "E-INFO-MISSING", "Người ký");
}

#[test]
fn decimal_count_is_not_an_integer() {
    let (code, v) = check_edited(|b| {
        sheet(b, "Hoạt động").set(6, 3, s("12,5"));
    });
    assert_eq!(code, 1);
    assert_has(&v, "E-COUNT-NOT-INTEGER", "Hoạt động!D7");
    let msg = v["files"][0]["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["code"] == "E-COUNT-NOT-INTEGER")
        .unwrap()["message"]
        .as_str()
        .unwrap()
        .to_string();
    assert!(msg.contains("\"12,5\" không phải số nguyên"), "{msg}");
}

#[test]
fn text_and_negative_counts_are_errors_all_in_one_run() {
    let (code, v) = check_edited(|b| {
        let a = sheet(b, "Hoạt động");
        a.set(5, 2, V::N(-3.0));
        a.set(7, 3, s("nhiều"));
        a.set(8, 3, V::N(450.5));
    });
    assert_eq!(code, 1);
    assert_has(&v, "E-COUNT-NEGATIVE", "Hoạt động!C6");
    assert_has(&v, "E-COUNT-NOT-INTEGER", "Hoạt động!D8");
    assert_has(&v, "E-COUNT-NOT-INTEGER", "Hoạt động!D9");
}

#[test]
fn female_greater_than_total() {
    let (code, v) = check_edited(|b| {
        sheet(b, "Hoạt động").set(5, 4, V::N(400.0));
    });
    assert_eq!(code, 1);
    assert_has(&v, "E-FEMALE-EXCEEDS-TOTAL", "Hoạt động!E6");
}

#[test]
fn percentage_outside_0_100() {
    // Row 7 of Chỉ tiêu is "Tỷ lệ hộ nghèo" (%).
    let (code, v) = check_edited(|b| {
        sheet(b, "Chỉ tiêu").set(6, 3, V::N(108.0));
    });
    assert_eq!(code, 1);
    assert_has(&v, "E-PERCENT-RANGE", "Chỉ tiêu!D7");
}

#[test]
fn impossible_and_two_digit_dates_and_bad_period() {
    let (code, v) = check_edited(|b| {
        sheet(b, "Văn bản chỉ đạo").set(1, 2, s("31/02/2018"));
        let info = sheet(b, "Thông tin");
        info.set(6, 1, s("26/11/18"));
        info.set(7, 1, s("Quý 5/2018"));
    });
    assert_eq!(code, 1);
    assert_has(&v, "E-DATE-INVALID", "Văn bản chỉ đạo!C2");
    assert_has(&v, "E-DATE-INVALID", "Thông tin!B7");
    assert_has(&v, "E-PERIOD-INVALID", "Thông tin!B8");
}

#[test]
fn same_category_twice() {
    let (code, v) = check_edited(|b| {
        sheet(b, "Hoạt động").set(6, 1, s("Học nghề ngắn hạn"));
    });
    assert_eq!(code, 1);
    assert_has(&v, "E-CATEGORY-DUPLICATE", "Hoạt động!B7");
}

#[test]
fn unknown_placeholder_names_its_cell() {
    let (code, v) = check_edited(|b| {
        let mut n = Sheet::new("Nội dung");
        n.row(0, 0, &[s("Mục"), s("Tiêu đề"), s("Nội dung")]);
        n.row(1, 0, &[s("Mở đầu"), s(""), s("Năm nay tổ chức {tong_so_lop} lớp.")]);
        n.row(2, 0, &[s("I"), s(""), s("Tổng cộng {tong_so_lopp} lớp.")]);
        b.push(n);
    });
    assert_eq!(code, 1);
    assert_has(&v, "E-PLACEHOLDER-UNKNOWN", "Nội dung!C3");
    assert_eq!(diags(&v).iter().filter(|(c, _)| c == "E-PLACEHOLDER-UNKNOWN").count(), 1);
}

#[test]
fn total_row_differs_from_the_sum_is_a_warning_and_the_sum_wins() {
    let (code, v) = check_edited(|b| {
        sheet(b, "Hoạt động").set(14, 3, V::N(6779.0));
    });
    assert_eq!(code, 0);
    assert_has(&v, "W-TOTAL-MISMATCH", "Hoạt động!D15");
    assert_eq!(v["files"][0]["totals"]["participants"], 6778);
}

#[test]
fn participants_without_classes_and_classes_without_participants() {
    let (code, v) = check_edited(|b| {
        let a = sheet(b, "Hoạt động");
        a.set(5, 2, V::N(0.0));
        a.clear(6, 3);
    });
    assert_eq!(code, 0, "{:?}", diags(&v));
    assert_has(&v, "W-PARTICIPANTS-WITHOUT-CLASSES", "Hoạt động!C6");
    assert_has(&v, "W-CLASSES-WITHOUT-PARTICIPANTS", "Hoạt động!D7");
}

#[test]
fn unknown_category_is_kept_with_a_warning() {
    let (code, v) = check_edited(|b| {
        let a = sheet(b, "Hoạt động");
        a.set(13, 0, V::N(11.0));
        a.set(13, 1, s("Câu lạc bộ dưỡng sinh"));
    });
    assert_eq!(code, 0);
    assert_has(&v, "W-CATEGORY-UNKNOWN", "Hoạt động!B14");
    let acts = v["files"][0]["activities"].as_array().unwrap();
    assert!(
        acts.iter()
            .any(|a| a["name"] == "Câu lạc bộ dưỡng sinh" && a["participants"] == 1113),
        "{acts:?}"
    );
}

#[test]
fn number_read_from_text_is_a_note() {
    let (code, v) = check_edited(|b| {
        sheet(b, "Hoạt động").set(13, 3, s("1.113"));
    });
    assert_eq!(code, 0);
    assert_has(&v, "N-NUMBER-FROM-TEXT", "Hoạt động!D14");
    assert_eq!(v["files"][0]["totals"]["participants"], 6778);
}

#[test]
fn nfd_text_is_normalised_with_a_note() {
    use unicode_normalization::UnicodeNormalization;
    let (code, v) = check_edited(|b| {
        let nfd: String = "Học nghề ngắn hạn".nfd().collect();
        sheet(b, "Hoạt động").set(5, 1, V::S(nfd));
    });
    assert_eq!(code, 0);
    assert!(
        diags(&v).iter().any(|(c, p)| c == "N-TEXT-NFD" && p == "Hoạt động!B6"),
        "{:?}",
        diags(&v)
    );
    assert_eq!(v["files"][0]["activities"][1]["name"], "Học nghề ngắn hạn");
}

#[test]
fn directive_after_the_report_date() {
    let (code, v) = check_edited(|b| {
        sheet(b, "Văn bản chỉ đạo").set(1, 2, V::D(serial(2018, 12, 12)));
    });
    assert_eq!(code, 0);
    assert_has(&v, "W-DIRECTIVE-AFTER-REPORT", "Văn bản chỉ đạo!B2");
}

#[test]
fn english_messages_with_lang_en() {
    let mut book = kim_son();
    sheet(&mut book, "Hoạt động").set(6, 3, s("12,5"));
    let dir = tempdir();
    let p = write_book(dir.path(), "x.xlsx", &book);
    let out = run(&["--lang".as_ref(), "en".as_ref(), "check".as_ref(), p.as_os_str()]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(1));
    assert!(text.contains("Hoạt động!D7: \"12,5\" is not a whole number"), "{text}");
    assert!(text.contains("[E-COUNT-NOT-INTEGER]"), "{text}");
}

#[test]
fn human_output_points_at_the_cell_in_vietnamese() {
    let mut book = kim_son();
    sheet(&mut book, "Hoạt động").set(6, 3, s("12,5"));
    let dir = tempdir();
    let p = write_book(dir.path(), "x.xlsx", &book);
    let out = run(&["kiemtra".as_ref(), p.as_os_str()]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text.contains("Hoạt động!D7: \"12,5\" không phải số nguyên — số lượt người tham gia phải là số nguyên không âm."),
        "{text}"
    );
    assert!(!text.contains("\u{1b}["), "no colour when piped");
}

#[test]
fn blank_rows_under_the_header_and_inside_the_activity_table_are_tolerated() {
    let mut book = kim_son();
    let act = &mut book[1];
    // Shift the data rows down by one (a blank row under the header) and
    // leave another blank row before the total.
    let mut moved: Vec<(u32, u16, V)> = act
        .cells
        .iter()
        .filter(|(r, _, _)| *r >= 4)
        .map(|(r, c, v)| (r + if *r >= 14 { 2 } else { 1 }, *c, v.clone()))
        .collect();
    act.cells.retain(|(r, _, _)| *r < 4);
    act.cells.append(&mut moved);
    let dir = tempdir();
    let p = write_book(dir.path(), "dòng trống.xlsx", &book);
    let (code, v) = check_json(&p);
    assert_eq!(code, 0, "{:?}", diags(&v));
    assert_eq!(v["files"][0]["totals"]["participants"], 6778);
    assert!(!diags(&v).iter().any(|(c, _)| c == "W-TOTAL-MISMATCH"), "{:?}", diags(&v));
}
