//! Broken and hostile inputs: each ends in a clear diagnostic and exit code,
//! never a panic, a hang or an exhausted machine.

mod common;
use common::*;
#[path = "../examples/common/hostile.rs"]
mod hostile_files;
use std::io::Write;

fn zip_with(entries: &[(&str, &[u8])]) -> Vec<u8> {
    let mut buf = std::io::Cursor::new(Vec::new());
    {
        let mut z = zip::ZipWriter::new(&mut buf);
        let opts: zip::write::SimpleFileOptions =
            zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
        for (name, data) in entries {
            z.start_file(*name, opts).unwrap();
            z.write_all(data).unwrap();
        }
        z.finish().unwrap();
    }
    buf.into_inner()
}

/// The archive `bytes` with each part passed through `edit` (name, data).
fn rewrite_zip(bytes: &[u8], edit: impl Fn(&str, Vec<u8>) -> Vec<u8>) -> Vec<u8> {
    let mut src = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let mut entries: Vec<(String, Vec<u8>)> = Vec::new();
    for i in 0..src.len() {
        let mut f = src.by_index(i).unwrap();
        let mut data = Vec::new();
        std::io::Read::read_to_end(&mut f, &mut data).unwrap();
        let name = f.name().unwrap().to_string();
        let data = edit(&name, data);
        entries.push((name, data));
    }
    let refs: Vec<(&str, &[u8])> = entries.iter().map(|(n, d)| (n.as_str(), d.as_slice())).collect();
    zip_with(&refs)
}

fn check_bytes_file(name: &str, bytes: &[u8]) -> (i32, serde_json::Value) {
    let dir = tempdir();
    let p = dir.path().join(name);
    std::fs::write(&p, bytes).unwrap();
    check_json(&p)
}

#[test]
fn zip_bomb_is_refused_before_inflating() {
    let zeros = vec![b' '; 150 << 20];
    let bytes = zip_with(&[
        ("[Content_Types].xml", b"<Types/>"),
        ("xl/workbook.xml", b"<workbook/>"),
        ("xl/worksheets/sheet1.xml", &zeros),
    ]);
    assert!(bytes.len() < 2 << 20, "the bomb is small on disk");
    let (code, v) = check_bytes_file("bom.xlsx", &bytes);
    assert_eq!(code, 2);
    assert_eq!(diags(&v)[0].0, "E-FILE-TOO-LARGE", "{:?}", diags(&v));
}

#[test]
fn a_cell_at_xfd1048576_is_a_clear_error() {
    let mut book = kim_son();
    book[1].set(1_048_575, 16_383, s("x"));
    let dir = tempdir();
    let p = write_book(dir.path(), "xa.xlsx", &book);
    let (code, v) = check_json(&p);
    assert_eq!(code, 2);
    assert_eq!(diags(&v)[0].0, "E-FILE-TOO-LARGE");
}

#[test]
fn a_sheet_that_claims_a1_xfd1048576_is_read_for_the_cells_it_has() {
    // The claim costs nothing: .xlsx sheets are streamed cell by cell, and
    // nothing is allocated for the rectangle a <dimension> announces.
    let bytes = rewrite_zip(&xlsx(&kim_son()), |name, data| {
        if !name.starts_with("xl/worksheets/") {
            return data;
        }
        let xml = String::from_utf8(data).unwrap();
        // First child of <worksheet>, where the schema puts it.
        let at = xml.find("<worksheet").and_then(|w| xml[w..].find('>').map(|e| w + e + 1)).unwrap();
        format!("{}<dimension ref=\"A1:XFD1048576\"/>{}", &xml[..at], &xml[at..]).into_bytes()
    });
    let (code, v) = check_bytes_file("claims.xlsx", &bytes);
    let (code0, v0) = check_bytes_file("plain.xlsx", &xlsx(&kim_son()));
    assert_eq!(code, code0);
    assert_eq!(v["files"][0]["totals"], v0["files"][0]["totals"]);
    assert_eq!(v["files"][0]["totals"]["participants"], 6778);
}

#[test]
fn a_million_row_sheet_stops_at_the_row_limit() {
    // A real workbook whose sheet XML is replaced by a million rows.
    let mut sheet = Sheet::new("Sheet1");
    sheet.set(0, 0, V::N(0.0));
    let small = xlsx(&[sheet]);
    let mut xml = String::with_capacity(45 << 20);
    xml.push_str(r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>"#);
    for r in 1..=1_000_000u32 {
        xml.push_str(&format!(r#"<row r="{r}"><c r="A{r}"><v>{r}</v></c></row>"#));
    }
    xml.push_str("</sheetData></worksheet>");
    let bytes = rewrite_zip(&small, |name, data| {
        if name == "xl/worksheets/sheet1.xml" {
            xml.clone().into_bytes()
        } else {
            data
        }
    });
    let dir = tempdir();
    let p = dir.path().join("trieu dong.xlsx");
    std::fs::write(&p, bytes).unwrap();
    let (code, v) = check_json(&p);
    assert_eq!(code, 2);
    assert_eq!(diags(&v)[0].0, "E-FILE-TOO-LARGE");
    // With the limits lifted, it is read through (and has no activity table).
    let out = run(&["check".as_ref(), p.as_os_str(), "--json".as_ref(), "--no-limits".as_ref()]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stdout).contains("E-PART-MISSING"));
}

#[test]
fn truncated_workbook_is_unreadable() {
    let bytes = xlsx(&kim_son());
    let (code, v) = check_bytes_file("cut.xlsx", &bytes[..bytes.len() / 2]);
    assert_eq!(code, 2);
    assert_eq!(diags(&v)[0].0, "E-FILE-UNREADABLE");
}

#[test]
fn renamed_docx_is_named_as_a_word_file() {
    let bytes = zip_with(&[("[Content_Types].xml", b"<Types/>"), ("word/document.xml", b"<w:document/>")]);
    let (code, v) = check_bytes_file("bao cao.xlsx", &bytes);
    assert_eq!(code, 2);
    let d = &v["files"][0]["diagnostics"][0];
    assert_eq!(d["code"], "E-FILE-UNREADABLE");
    assert!(d["message"].as_str().unwrap().contains("Word"), "{d}");
}

#[test]
fn zip_without_a_workbook_is_not_a_spreadsheet() {
    let bytes = zip_with(&[("readme.txt", b"hello")]);
    let (code, v) = check_bytes_file("x.xlsx", &bytes);
    assert_eq!(code, 2);
    assert_eq!(diags(&v)[0].0, "E-FILE-UNREADABLE");
}

#[test]
fn random_bytes_never_panic() {
    let base = xlsx(&kim_son());
    let mut seed = 0x2545_F491_4F6C_DD1Du64;
    for i in 0..40 {
        let mut b = base.clone();
        for _ in 0..(1 + i % 7) {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            let pos = (seed as usize) % b.len();
            b[pos] = (seed >> 32) as u8;
        }
        let r = std::panic::catch_unwind(|| baocao::check_bytes(&b, "x.xlsx", &Default::default()));
        assert!(r.is_ok(), "panic on mutation {i}");
    }
}

#[test]
fn control_characters_are_removed_from_text() {
    let mut book = kim_son();
    book[0].set(17, 1, s("Đặng\u{1}Cương\u{7} Quyết"));
    let dir = tempdir();
    let p = write_book(dir.path(), "ctl.xlsx", &book);
    let (code, v) = check_json(&p);
    assert_eq!(code, 0, "{:?}", diags(&v));
    let name = v["files"][0]["document"]["signer"]["name"].as_str().unwrap_or_default().to_string();
    assert!(!name.chars().any(|c| c.is_control()), "{name:?}");
}

#[test]
fn missing_input_is_exit_2() {
    let out = run(&["check".as_ref(), "không có tệp này.xlsx".as_ref()]);
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn bad_arguments_are_exit_2() {
    assert_eq!(
        run(&["report".as_ref(), "x.xlsx".as_ref()]).status.code(),
        Some(2),
        "report without -o"
    );
    assert_eq!(
        run(&[
            "consolidate".as_ref(),
            ".".as_ref(),
            "-o".as_ref(),
            "x.xlsx".as_ref(),
            "--period".as_ref(),
            "2018-Q5".as_ref()
        ])
        .status
        .code(),
        Some(2)
    );
    assert_eq!(run(&["khonglenh".as_ref()]).status.code(), Some(2));
}

#[test]
fn argument_errors_are_in_vietnamese_unless_lang_en() {
    let err = |args: &[&str]| {
        let a: Vec<&std::ffi::OsStr> = args.iter().map(|s| s.as_ref()).collect();
        let out = run(&a);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert!(out.stdout.is_empty(), "{args:?}");
        String::from_utf8(out.stderr).unwrap()
    };
    let e = err(&["report", "x.xlsx"]);
    assert!(e.starts_with("lỗi: thiếu tham số bắt buộc: --output <OUT>\n"), "{e}");
    assert!(e.contains("Cách dùng: baocao report --output <OUT> <IN>"), "{e}");
    let e = err(&["chek", "x.xlsx"]);
    assert!(e.starts_with("lỗi: không có lệnh \"chek\""), "{e}");
    assert!(e.contains("gợi ý: có phải là check?"), "{e}");
    let e = err(&["check", "x.xlsx", "--json", "--json"]);
    assert!(e.starts_with("lỗi: tham số --json chỉ được dùng một lần"), "{e}");
    let e = err(&["check", "x.xlsx", "--lang", "fr"]);
    assert!(e.starts_with("lỗi: giá trị \"fr\" không dùng được cho --lang"), "{e}");
    assert!(e.contains("(chọn một trong: vi, en)"), "{e}");
    let e = err(&["tonghop", ".", "-o", "x.xlsx", "--period", "quy9"]);
    assert!(
        e.starts_with("lỗi: giá trị \"quy9\" không dùng được cho --period <P>: kỳ phải viết như 2018, 2018-H1"),
        "{e}"
    );
    assert!(!e.contains("period must"), "one language: {e}");
    let e = err(&["check", "--lang", "en"]);
    assert!(e.starts_with("error: the following required arguments were not provided"), "{e}");
}

#[test]
fn unwritable_output_folder_is_an_error_before_any_work() {
    let dir = tempdir();
    let out = dir.path().join("không có thư mục").join("mau.xlsx");
    let o = run(&["template".as_ref(), "-o".as_ref(), out.as_os_str()]);
    assert_eq!(o.status.code(), Some(2));
    assert!(!out.exists());
}

#[test]
fn help_is_vietnamese_and_english_with_lang_en() {
    let vi = run(&["--help".as_ref()]);
    assert_eq!(vi.status.code(), Some(0));
    let t = String::from_utf8_lossy(&vi.stdout);
    assert!(t.contains("Cách dùng") && t.contains("kiemtra") && t.contains("tonghop"), "{t}");
    let en = run(&["kiemtra".as_ref(), "--help".as_ref(), "--lang".as_ref(), "en".as_ref()]);
    let t = String::from_utf8_lossy(&en.stdout);
    assert!(t.contains("Usage") && t.contains("check one workbook"), "{t}");
}

/// A real password-protected workbook: the Kim Sơn sample encrypted by
/// msoffcrypto-tool (`OOXMLFile(f).encrypt("baocao", out)`), as Excel does it.
#[test]
fn a_real_password_protected_workbook_is_encrypted_exit_2() {
    let p = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/mat-khau.xlsx");
    let (code, v) = check_json(&p);
    assert_eq!(code, 2);
    assert_eq!(diags(&v)[0].0, "E-FILE-ENCRYPTED");
}

/// The Kim Sơn `.xls` sample with its Workbook stream changed by `edit`
/// (given the stream and the offset where the first sheet's records start),
/// in a new compound file.
fn kim_son_xls_with(edit: impl FnOnce(&mut Vec<u8>, usize)) -> Vec<u8> {
    use std::io::Read;
    let bytes = std::fs::read(sample("kim-son-2018.xls")).unwrap();
    let mut cfb = cfb::CompoundFile::open(std::io::Cursor::new(bytes)).unwrap();
    let mut stream = Vec::new();
    cfb.open_stream("/Workbook").unwrap().read_to_end(&mut stream).unwrap();
    // BoundSheet8 (0x0085) of the first sheet: its records' offset.
    let mut at = 0;
    let first = loop {
        let typ = u16::from_le_bytes([stream[at], stream[at + 1]]);
        let len = u16::from_le_bytes([stream[at + 2], stream[at + 3]]) as usize;
        if typ == 0x0085 {
            break u32::from_le_bytes(stream[at + 4..at + 8].try_into().unwrap()) as usize;
        }
        at += 4 + len;
    };
    edit(&mut stream, first);
    let mut out = cfb::CompoundFile::create_with_version(cfb::Version::V3, std::io::Cursor::new(Vec::new())).unwrap();
    out.create_stream("/Workbook").unwrap().write_all(&stream).unwrap();
    out.flush().unwrap();
    out.into_inner().into_inner()
}

/// The offset of the first record of one of `types` at or after `from`.
fn find_record(stream: &[u8], from: usize, types: &[u16]) -> usize {
    let mut at = from;
    loop {
        let typ = u16::from_le_bytes([stream[at], stream[at + 1]]);
        if types.contains(&typ) {
            return at;
        }
        at += 4 + u16::from_le_bytes([stream[at + 2], stream[at + 3]]) as usize;
    }
}

#[test]
fn the_xls_sample_rewritten_unchanged_still_reads() {
    let (code, v) = check_bytes_file("kim-son.xls", &kim_son_xls_with(|_, _| {}));
    assert_eq!(code, 0, "{}", v["files"][0]["diagnostics"]);
    assert_eq!(v["files"][0]["totals"]["participants"], 6778);
}

#[test]
fn an_xls_with_a_cell_at_gr65536_is_refused_before_calamine_allocates() {
    // One cell moved from the table to GR65536: calamine would allocate the
    // whole 65,536 × 200 rectangle (420 MB) before we could look at it.
    let bytes = kim_son_xls_with(|s, first| {
        let at = find_record(s, first, &[0x0203, 0x027E, 0x00FD, 0x0204]);
        s[at + 4..at + 8].copy_from_slice(&[0xFF, 0xFF, 0xC7, 0x00]); // row 65536, column 200
    });
    let (code, v) = check_bytes_file("xa.xls", &bytes);
    assert_eq!(code, 2);
    assert_eq!(diags(&v)[0].0, "E-FILE-TOO-LARGE", "{:?}", diags(&v));
    let msg = v["files"][0]["diagnostics"][0]["message"].as_str().unwrap();
    assert!(msg.contains("trang thứ 1 trải trên 65535 dòng × 200 cột"), "{msg}");
}

#[test]
fn an_xls_whose_dimensions_claim_four_billion_rows_is_damaged_even_without_limits() {
    // calamine reserves room for the DIMENSIONS rectangle: 4 billion rows
    // would abort the process, which no panic handler can stop.
    let bytes = kim_son_xls_with(|s, first| {
        let at = find_record(s, first, &[0x0200]);
        s[at + 8..at + 12].copy_from_slice(&u32::MAX.to_le_bytes());
    });
    let dir = tempdir();
    let p = dir.path().join("dims.xls");
    std::fs::write(&p, &bytes).unwrap();
    for extra in [&[][..], &["--no-limits"][..]] {
        let mut args: Vec<&std::ffi::OsStr> = vec!["check".as_ref(), p.as_os_str(), "--json".as_ref()];
        args.extend(extra.iter().map(|a| std::ffi::OsStr::new(*a)));
        let out = run(&args);
        assert_eq!(out.status.code(), Some(2), "{}", String::from_utf8_lossy(&out.stderr));
        let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        assert_eq!(diags(&v)[0].0, "E-FILE-UNREADABLE", "{:?}", diags(&v));
        let msg = v["files"][0]["diagnostics"][0]["message"].as_str().unwrap();
        assert!(msg.contains("DIMENSIONS"), "{msg}");
    }
}

/// The Kim Sơn `.ods` sample with `insert` put before the end of each table.
fn kim_son_ods_with(insert: &str) -> Vec<u8> {
    let bytes = std::fs::read(sample("kim-son-2018.ods")).unwrap();
    rewrite_zip(&bytes, |name, data| {
        if name == "content.xml" {
            String::from_utf8(data)
                .unwrap()
                .replace("</table:table>", &format!("{insert}</table:table>"))
                .into_bytes()
        } else {
            data
        }
    })
}

#[test]
fn an_ods_row_repeated_a_million_times_is_refused_before_calamine_expands_it() {
    let row = r#"<table:table-row table:number-rows-repeated="1000000"><table:table-cell office:value-type="float" office:value="1" table:number-columns-repeated="16"/></table:table-row>"#;
    let (code, v) = check_bytes_file("rows.ods", &kim_son_ods_with(row));
    assert_eq!(code, 2);
    assert_eq!(diags(&v)[0].0, "E-FILE-TOO-LARGE", "{:?}", diags(&v));
    // Named by the check made before calamine (which would otherwise build
    // 16 million cells, 512 MB, and be stopped only afterwards).
    let msg = v["files"][0]["diagnostics"][0]["message"].as_str().unwrap();
    assert!(msg.contains("trang \"Thông tin\": số dòng 1000"), "{msg}");
}

#[test]
fn an_ods_with_trailing_empty_repeats_as_libreoffice_writes_them_reads_normally() {
    let tail = r#"<table:table-row table:number-rows-repeated="1048000"><table:table-cell table:number-columns-repeated="16000"/></table:table-row>"#;
    let (code, v) = check_bytes_file("tail.ods", &kim_son_ods_with(tail));
    assert_eq!(code, 0, "{}", v["files"][0]["diagnostics"]);
    assert_eq!(v["files"][0]["totals"]["participants"], 6778);
}

// ---------------------------------------------------------------- text bytes

/// One long text shown by many cells: 13 KB on disk, gigabytes once each cell
/// holds its own copy. Refused by the text budget before it is copied.
fn assert_text_budget_refuses(name: &str, bytes: &[u8]) {
    let t = std::time::Instant::now();
    let (code, v) = check_bytes_file(name, bytes);
    assert_eq!(code, 2, "{:?}", diags(&v));
    assert_eq!(diags(&v)[0].0, "E-FILE-TOO-LARGE", "{:?}", diags(&v));
    let msg = v["files"][0]["diagnostics"][0]["message"].as_str().unwrap();
    assert!(
        msg.contains("Các ô chữ của tệp cộng lại hơn 32 MB") && msg.contains("--no-limits"),
        "{msg}"
    );
    assert!(t.elapsed() < std::time::Duration::from_secs(20), "{:?}", t.elapsed());
    // English too, with what to do.
    let dir = tempdir();
    let p = dir.path().join(name);
    std::fs::write(&p, bytes).unwrap();
    let out = run(&["check".as_ref(), p.as_os_str(), "--lang".as_ref(), "en".as_ref()]);
    assert_eq!(out.status.code(), Some(2));
    let text = String::from_utf8_lossy(&out.stdout).to_string() + &String::from_utf8_lossy(&out.stderr);
    assert!(
        text.contains("text cells add up to more than 32 MB") && text.contains("--no-limits"),
        "{text}"
    );
}

/// The Kim Sơn workbook with an extra sheet holding the placeholder text.
fn kim_son_with_an_extra_sheet() -> Vec<u8> {
    let mut book = kim_son();
    let mut extra = Sheet::new("Phụ lục");
    extra.set(0, 0, s("LONG-TEXT-PLACEHOLDER"));
    book.push(extra);
    xlsx(&book)
}

#[test]
fn one_long_shared_string_shown_by_2000_cells_is_refused_by_the_text_budget() {
    let bytes = hostile_files::long_shared_string_xlsx(&kim_son_with_an_extra_sheet(), 1_500_000, 2_000);
    assert!(bytes.len() < 40_000, "{} bytes", bytes.len());
    assert_text_budget_refuses("chuoi.xlsx", &bytes);
}

#[test]
fn the_text_budget_counts_copies_and_no_limits_lifts_it() {
    // 40 cells × 1 MB: more than the 32 MB budget, little enough to read.
    let bytes = hostile_files::long_shared_string_xlsx(&kim_son_with_an_extra_sheet(), 1_000_000, 40);
    let (code, v) = check_bytes_file("vua.xlsx", &bytes);
    assert_eq!((code, diags(&v)[0].0.as_str()), (2, "E-FILE-TOO-LARGE"));
    let dir = tempdir();
    let p = dir.path().join("vua.xlsx");
    std::fs::write(&p, &bytes).unwrap();
    let out = run(&["check".as_ref(), p.as_os_str(), "--json".as_ref(), "--no-limits".as_ref()]);
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(out.status.code().unwrap() <= 1, "{:?}", diags(&v));
    assert_eq!(v["files"][0]["totals"]["participants"], 6778);
}

#[test]
fn an_ods_row_of_repeated_long_text_cells_is_refused_by_the_text_budget() {
    // A 1.5 MB text in one cell repeated across 200 columns and 10 rows: 3 GB once read.
    let bytes = hostile_files::repeated_text_ods(1_500_000, 10);
    assert!(bytes.len() < 10_000, "{} bytes", bytes.len());
    assert_text_budget_refuses("lap.ods", &bytes);
}

#[test]
fn an_xls_of_labelsst_cells_showing_one_long_string_is_refused_by_the_text_budget() {
    // 65,535 characters (the most a BIFF8 string holds) × 16,000 cells: 1 GB of copies.
    let bytes = hostile_files::labelsst_xls(65_535, 16_000);
    assert!(bytes.len() < 400_000, "{} bytes", bytes.len());
    assert_text_budget_refuses("nhan.xls", &bytes);
    // The same file with a short string reads (as an empty workbook: no table).
    let (code, v) = check_bytes_file("nhan-ngan.xls", &hostile_files::labelsst_xls(10, 100));
    assert_eq!(code, 1, "{:?}", diags(&v));
    assert!(diags(&v).iter().any(|(c, _)| c == "E-PART-MISSING"), "{:?}", diags(&v));
}
