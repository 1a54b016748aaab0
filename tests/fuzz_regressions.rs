//! Inputs that made a fuzz target (fuzz/) panic, kept so `cargo test` catches
//! a relapse without cargo-fuzz. Each test runs the input through the same
//! function as the target.

/// fuzz target `date`, 2026-11-29: the 8 bytes "31//18qx" read as an f64
/// (≈ 1.4e190) made `from_serial` panic inside chrono ("TimeDelta::days out of
/// bounds"): `chrono::Duration::days` panics on huge day counts. A cell can hold
/// any f64, so the reader reaches this with a huge number in a date field.
/// Fix: reject non-finite serials and those outside Excel's range (1 ..= 2958465,
/// 31/12/9999) and use `TimeDelta::try_days`.
#[test]
fn date_from_serial_of_huge_or_odd_floats_does_not_panic() {
    let crash = f64::from_le_bytes(*b"31//18qx");
    for v in [
        crash,
        f64::MAX,
        f64::MIN,
        f64::INFINITY,
        f64::NEG_INFINITY,
        f64::NAN,
        1e20,
        -1e20,
        2958466.0,
    ] {
        assert_eq!(baocao::normalize::date::from_serial(v), None, "{v}");
    }
    assert_eq!(
        baocao::normalize::date::from_serial(43430.0),
        chrono::NaiveDate::from_ymd_opt(2018, 11, 26)
    );
}

/// The same input reached through the whole reader: a huge number typed in
/// the "Ngày báo cáo" cell must give a diagnostic, not a panic.
#[test]
fn huge_number_in_a_date_cell_does_not_panic_the_reader() {
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name("Thông tin").unwrap();
    ws.write_string(0, 0, "Mục").unwrap();
    ws.write_string(0, 1, "Nội dung").unwrap();
    ws.write_string(1, 0, "Ngày báo cáo").unwrap();
    ws.write_number(1, 1, 1e200).unwrap();
    ws.write_string(2, 0, "Kỳ báo cáo").unwrap();
    ws.write_string(2, 1, "Năm 2018").unwrap();
    let bytes = wb.save_to_buffer().unwrap();
    let r = std::panic::catch_unwind(|| baocao::check_bytes(&bytes, "x.xlsx", &Default::default()).map(|c| c.diagnostics.len()));
    assert!(r.is_ok(), "check_bytes panicked on a huge date serial");
}

/// fuzz target `workbook`, 2026-11-29, seeded with the Kim Sơn `.xls`: a few
/// shuffled bytes made calamine panic while opening the file ("range end index
/// 2 out of range for slice of length 0" in its `read_u16`, reached from a
/// record shorter than calamine assumes). The panic is inside calamine; the
/// reader now runs calamine's `.xls`/`.ods` reading under `catch_unwind` and
/// reports the file as unreadable.
#[test]
fn a_damaged_xls_that_panics_calamine_is_an_unreadable_file() {
    let p = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/fuzz/xls-calamine-panic.xls");
    let bytes = std::fs::read(&p).unwrap();
    match baocao::check_bytes(&bytes, "x.xls", &Default::default()) {
        Err(e) => assert_eq!(e.diagnostic().code, "E-FILE-UNREADABLE", "{e}"),
        Ok(c) => panic!("read as a workbook: {:?}", c.diagnostics),
    }
    // Through the binary: exit 2, one diagnostic, and no panic message.
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_baocao"))
        .args(["check".as_ref(), p.as_os_str()])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let shown = String::from_utf8_lossy(&out.stdout);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(shown.contains("[E-FILE-UNREADABLE]"), "{shown}");
    assert!(!err.contains("panicked"), "{err}");
}
