//! Layouts of workbook.md that the bundled samples do not already show.

mod common;
use common::*;

/// Only the activity table, one-row header with other words, no Thông tin:
/// the rest comes from --config.
#[test]
fn activity_table_only_with_a_one_row_header_and_the_rest_in_a_config() {
    let mut sh = Sheet::new("Sheet1");
    sh.set(1, 1, s("BIỂU TỔNG HỢP"));
    sh.row(
        3,
        1,
        &[
            s("STT"),
            s("Tên hoạt động"),
            s("Đơn vị phối hợp"),
            s("Số lượt người"),
            s("Số nữ"),
            s("Số\nchuyên đề"),
        ],
    );
    let rows = [(2u8, 2.0, 350.0, 120.0), (3, 8.0, 712.0, 300.0), (10, 10.0, 1113.0, 600.0)];
    for (i, (code, classes, people, women)) in rows.iter().enumerate() {
        let r = 4 + i as u32;
        let name = baocao::normalize::category::canonical(*code).unwrap();
        sh.row(
            r,
            1,
            &[
                V::N(i as f64 + 1.0),
                s(name),
                s("Hội Phụ nữ"),
                V::N(*people),
                V::N(*women),
                V::N(*classes),
            ],
        );
    }
    sh.row(7, 1, &[s(""), s("Cộng"), s(""), V::N(2175.0), V::N(1020.0), V::N(20.0)]);
    sh.set(9, 2, s("Người lập biểu"));
    let dir = tempdir();
    let p = write_book(dir.path(), "chỉ bảng.xlsx", &[sh]);
    let (code, v) = check_json(&p);
    assert_eq!(code, 1, "without a config the Thông tin items are missing");
    assert!(diags(&v).iter().any(|(c, p)| c == "E-INFO-MISSING" && p == "Người ký"));
    let cfg = dir.path().join("c.toml");
    std::fs::write(&cfg, include_str!("../docs/config.example.toml")).unwrap();
    let out = run(&[
        "check".as_ref(),
        p.as_os_str(),
        "--json".as_ref(),
        "--config".as_ref(),
        cfg.as_os_str(),
    ]);
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(out.status.code(), Some(0), "{:?}", diags(&v));
    let f = &v["files"][0];
    assert_eq!(f["totals"]["classes"], 20);
    assert_eq!(f["totals"]["participants"], 2175);
    assert_eq!(f["totals"]["female"], 1020);
    assert_eq!(f["activities"][2]["code"], 10);
    assert_eq!(f["document"]["signer"]["name"], "Đặng Cương Quyết");
}

/// Old-style tone marks and a typo still find the category; the output
/// keeps the canonical spelling.
#[test]
fn tone_variants_and_small_typos_find_the_category() {
    let mut book = kim_son();
    book[1].set(4, 1, s("Học chương trình xóa mù chữ, giáo dục trương trình sau biết chữ"));
    book[1].set(9, 1, s("Chuyên đề  Văn hoá xã hội"));
    book[1].set(7, 1, s("CHUYÊN ĐỀ GIÁO DỤC SỨC KHOẺ"));
    let dir = tempdir();
    let p = write_book(dir.path(), "x.xlsx", &book);
    let (code, v) = check_json(&p);
    assert_eq!(code, 0, "{:?}", diags(&v));
    let acts = v["files"][0]["activities"].as_array().unwrap();
    assert_eq!(acts[5]["name"], "Chuyên đề văn hóa xã hội");
    assert_eq!(acts[3]["name"], "Chuyên đề giáo dục sức khỏe");
    assert_eq!(acts[0]["code"], 1);
}
