//! Reading cells as the file means them: legacy text decided per cell from
//! its font, percent formats in every format, formulas stored without a
//! result, and broken cell data named at its cell with what is stored.

mod common;
use baocao::normalize::legacy::{encode, Legacy};
use common::*;
#[path = "../examples/common/hostile.rs"]
mod hostile_files;
use hostile_files::rewrite_zip;

/// Row (0-based) of an indicator of the Kim Sơn example in `kim_son()`'s Chỉ tiêu sheet.
fn indicator_row(name: &str) -> u32 {
    let r = baocao::example::kim_son_2018();
    1 + r.indicators.iter().position(|i| i.name == name).unwrap() as u32
}

fn first(v: &serde_json::Value) -> &serde_json::Value {
    &v["files"][0]
}

/// The message of the first diagnostic with this code at this place.
fn message<'a>(v: &'a serde_json::Value, code: &str, place: &str) -> &'a str {
    let ds = first(v)["diagnostics"].as_array().unwrap();
    let i = diags(v)
        .iter()
        .position(|(c, p)| c == code && p == place)
        .unwrap_or_else(|| panic!("no {code} at {place}: {:?}", diags(v)));
    ds[i]["message"].as_str().unwrap()
}

// ---------------------------------------------------------------- fonts

/// Kim Sơn with its activity sheet typed in TCVN3 (.VnTime), the authority
/// in TCVN3 capitals (.VnTimeH), every other text in Unicode fonts, and a
/// directive summary made only of letters Windows-1252 also has.
fn mixed_fonts() -> Vec<Sheet> {
    let mut book = kim_son();
    for (sheet, cells) in book.iter_mut().map(|s| (s.name.clone(), &mut s.cells)) {
        for (_, _, v) in cells.iter_mut() {
            if let V::S(t) = v {
                *v = if sheet == "Hoạt động" {
                    V::SF(encode(t, Legacy::Tcvn3), ".VnTime")
                } else {
                    V::SF(t.clone(), "Times New Roman")
                };
            }
        }
    }
    book[0].set(1, 1, V::SF(encode("ủy ban nhân dân phường kim sơn", Legacy::Tcvn3), ".VnTimeH"));
    book[3].set(1, 4, V::SF("Bà Tâm, cô tú".into(), "Arial"));
    book
}

fn assert_mixed_fonts_read(what: &str, v: &serde_json::Value) {
    let f = first(v);
    // "Ngày báo cáo" is a Unicode label: found, so the date is there.
    assert_eq!(f["document"]["date"], "2018-11-26", "{what}: {:?}", diags(v));
    assert_eq!(f["directives"][0]["summary"], "Bà Tâm, cô tú", "{what}");
    assert_eq!(f["unit"]["authority"], "ỦY BAN NHÂN DÂN PHƯỜNG KIM SƠN", "{what}");
    assert_eq!(f["activities"][1]["name"], "Học nghề ngắn hạn", "{what}");
    assert_eq!(f["totals"]["participants"], 6778, "{what}");
    let legacy: Vec<String> = diags(v).into_iter().filter(|(c, _)| c == "N-TEXT-LEGACY").map(|(_, p)| p).collect();
    assert!(
        !legacy.is_empty() && legacy.iter().all(|p| p.starts_with("Hoạt động!") || p == "Thông tin!B2"),
        "{what}: {legacy:?}"
    );
    assert!(!diags(v).iter().any(|(c, _)| c.starts_with("E-")), "{what}: {:?}", diags(v));
}

#[test]
fn unicode_cells_beside_tcvn3_cells_are_never_converted() {
    let dir = tempdir();
    let p = write_book(dir.path(), "hon-hop.xlsx", &mixed_fonts());
    let (code, v) = check_json(&p);
    assert!(code <= 1, "{:?}", diags(&v));
    assert_mixed_fonts_read("xlsx", &v);
}

#[test]
fn fonts_decide_in_xls_and_ods_too() {
    if !on_path("soffice") {
        eprintln!("SKIPPED: soffice not found");
        return;
    }
    let dir = tempdir();
    let p = write_book(dir.path(), "hon-hop.xlsx", &mixed_fonts());
    for (to, ext) in [("xls:MS Excel 97", "xls"), ("ods", "ods")] {
        let converted = soffice_convert(dir.path(), &p, to, ext);
        let (code, v) = check_json(&converted);
        assert!(code <= 1, "{ext}: {:?}", diags(&v));
        assert_mixed_fonts_read(ext, &v);
    }
}

// ---------------------------------------------------------------- percent

#[test]
fn a_percent_format_reads_the_same_in_xlsx_ods_and_xls() {
    let mut book = kim_son();
    let r = indicator_row("Tỷ lệ gia đình văn hóa");
    book[2].set(r, 3, V::P(0.926));
    let dir = tempdir();
    let p = write_book(dir.path(), "phan-tram.xlsx", &book);
    let value = |v: &serde_json::Value| first(v)["indicators"][(r - 1) as usize]["value"].as_f64().unwrap();
    let (_, v) = check_json(&p);
    assert!((value(&v) - 92.6).abs() < 1e-9, "xlsx: {}", value(&v));
    if !on_path("soffice") {
        eprintln!("SKIPPED (.ods, .xls): soffice not found");
        return;
    }
    for (to, ext) in [("xls:MS Excel 97", "xls"), ("ods", "ods")] {
        let converted = soffice_convert(dir.path(), &p, to, ext);
        let (code, v) = check_json(&converted);
        assert!(code <= 1, "{ext}: {:?}", diags(&v));
        assert!(
            (value(&v) - 92.6).abs() < 1e-9,
            "{ext}: {} (0,926 would be the fraction)",
            value(&v)
        );
        assert!(!diags(&v).iter().any(|(c, _)| c == "W-PERCENT-SCALE"), "{ext}: {:?}", diags(&v));
    }
}

#[test]
fn a_fraction_in_a_percent_row_beside_a_percentage_warns_with_both_readings() {
    // 0,94 typed (no percent format) where the previous period says 93 %.
    let mut book = kim_son();
    let r = indicator_row("Tỷ lệ hộ gia đình thu gom rác thải hằng ngày");
    book[2].set(r, 3, V::N(0.94));
    let dir = tempdir();
    let p = write_book(dir.path(), "phan-so.xlsx", &book);
    let (code, v) = check_json(&p);
    assert_eq!(code, 0, "a warning: {:?}", diags(&v));
    let place = format!("Chỉ tiêu!D{}", r + 1);
    let msg = message(&v, "W-PERCENT-SCALE", &place);
    assert!(msg.starts_with("0,94 hay 94 %?") && msg.contains("93 %"), "{msg}");
    // The other way round: the previous period typed as a fraction.
    book[2].set(r, 3, V::N(94.0)).set(r, 4, V::N(0.93));
    let p = write_book(dir.path(), "phan-so-2.xlsx", &book);
    let (_, v) = check_json(&p);
    assert!(message(&v, "W-PERCENT-SCALE", &format!("Chỉ tiêu!E{}", r + 1)).starts_with("0,93 hay 93 %?"));
    // The canonical workbook (0,08 % beside nothing, 94 beside 93) gives none.
    let (_, v) = check_json(&sample("kim-son-2018.xlsx"));
    assert!(!diags(&v).iter().any(|(c, _)| c == "W-PERCENT-SCALE"), "{:?}", diags(&v));
}

// ---------------------------------------------------------------- formulas

/// The workbook with the `<v>0</v>` rust_xlsxwriter stores for a formula
/// without a result removed, as scripts write them.
fn without_formula_results(bytes: &[u8]) -> Vec<u8> {
    rewrite_zip(bytes, |name, data| {
        if name.starts_with("xl/worksheets/") {
            String::from_utf8(data).unwrap().replace("</f><v>0</v>", "</f>").into_bytes()
        } else {
            data
        }
    })
}

#[test]
fn uncached_formulas_are_computed_with_a_note_and_others_warn_at_their_cell() {
    let mut book = kim_son();
    book[1]
        .set(5, 3, V::F("=200+150".into(), None))
        .set(6, 3, V::F("=VLOOKUP(1,A1:B2,2)".into(), None))
        .set(7, 3, V::F("=(D6*2-100)/2+(-25)".into(), None))
        .row(14, 2, &[V::F("=SUM(C5:C14)".into(), None), V::F("=SUM(D5:D14)".into(), None)]);
    let dir = tempdir();
    let p = dir.path().join("cong-thuc.xlsx");
    std::fs::write(&p, without_formula_results(&xlsx(&book))).unwrap();
    let (code, v) = check_json(&p);
    assert_eq!(code, 0, "{:?}", diags(&v));
    let f = first(&v);
    assert_eq!(f["activities"][1]["participants"], 350);
    assert_eq!(f["activities"][3]["participants"], 275, "(350·2−100)/2−25");
    // The formula it cannot compute: a warning at its cell, never a silent 0.
    assert!(f["activities"][2]["participants"].is_null());
    let msg = message(&v, "W-FORMULA-UNEVALUATED", "Hoạt động!D7");
    assert!(msg.contains("=VLOOKUP(1,A1:B2,2)") && msg.contains("mở tệp bằng Excel"), "{msg}");
    let note = message(&v, "N-FORMULA-NO-VALUE", "Hoạt động!D6");
    assert!(note.contains("D6 (=200+150)") && note.contains("C15 (=SUM(C5:C14))"), "{note}");
    // The total row is computed too, and agrees with the rows (no mismatch).
    assert!(!diags(&v).iter().any(|(c, _)| c == "W-TOTAL-MISMATCH"), "{:?}", diags(&v));
    assert_eq!(f["totals"]["participants"], 6778 - 712 - 450 + 275);
}

#[test]
fn the_uncached_formula_sample_gives_the_figures_with_one_note() {
    let (code, v) = check_json(&sample("kim-son-2018-cong-thuc.xlsx"));
    assert_eq!(code, 0);
    let notes: Vec<_> = diags(&v).into_iter().filter(|(c, _)| c == "N-FORMULA-NO-VALUE").collect();
    assert_eq!(notes, [("N-FORMULA-NO-VALUE".to_string(), "Hoạt động!C6".to_string())]);
    assert!(message(&v, "N-FORMULA-NO-VALUE", "Hoạt động!C6").starts_with("21 ô công thức"));
}

// ---------------------------------------------------------------- broken data

/// `xml` with the `<v>` of cell `at` replaced by `v`.
fn set_v(xml: &str, at: &str, v: &str) -> String {
    let start = xml.find(&format!("<c r=\"{at}\"")).unwrap_or_else(|| panic!("no {at}"));
    let open = start + xml[start..].find("<v>").unwrap() + 3;
    let close = open + xml[open..].find("</v>").unwrap();
    format!("{}{v}{}", &xml[..open], &xml[close..])
}

fn kim_son_edited(edit: impl Fn(&str, String) -> String) -> Vec<u8> {
    rewrite_zip(&xlsx(&kim_son()), |name, data| {
        if name.starts_with("xl/worksheets/") {
            edit(name, String::from_utf8(data).unwrap()).into_bytes()
        } else {
            data
        }
    })
}

#[test]
fn broken_values_are_errors_at_their_cell_quoting_what_is_stored() {
    let bytes = kim_son_edited(|name, xml| match name {
        "xl/worksheets/sheet2.xml" => {
            let xml = set_v(&xml, "D6", "1e400");
            let xml = set_v(&xml, "D9", "NaN");
            let xml = set_v(&xml, "B7", "abc"); // a shared-string index
            set_v(&xml, "B8", "99999")
        }
        // Ngày báo cáo: a date serial past 31/12/9999.
        "xl/worksheets/sheet1.xml" => set_v(&xml, "B7", "3000000"),
        _ => xml,
    });
    let dir = tempdir();
    let p = dir.path().join("hong.xlsx");
    std::fs::write(&p, &bytes).unwrap();
    let (code, v) = check_json(&p);
    assert_eq!(code, 1, "{:?}", diags(&v));
    for (place, raw) in [
        ("Hoạt động!D6", "\"1e400\""),
        ("Hoạt động!D9", "\"NaN\""),
        ("Hoạt động!B7", "\"abc\""),
        ("Hoạt động!B8", "\"99999\""),
        ("Thông tin!B7", "\"3000000\""),
    ] {
        let msg = message(&v, "E-CELL-BROKEN", place);
        assert!(msg.contains(raw), "{place}: {msg}");
    }
    // Never read as a figure: string 0 for "abc", infinity or 0 for 1e400.
    let f = first(&v);
    assert!(
        f["activities"].as_array().unwrap().iter().all(|a| a["participants"] != 350),
        "{}",
        f["activities"]
    );
    assert!(!f["activities"].as_array().unwrap().iter().any(|a| a["name"] == "Mục"));
}

#[test]
fn a_reference_past_the_last_row_is_an_error_not_a_figure_on_another_cell() {
    // D8's reference made 2³² rows larger: calamine would wrap it onto D8
    // again after 4 billion rows — here onto D7, replacing 712 by 450.
    let bytes = kim_son_edited(|name, xml| {
        if name == "xl/worksheets/sheet2.xml" {
            xml.replacen("<c r=\"D8\"", "<c r=\"D4294967303\"", 1)
                .replacen("<c r=\"C6\"", "<c r=\"XFE6\"", 1)
        } else {
            xml
        }
    });
    let dir = tempdir();
    let p = dir.path().join("tham-chieu.xlsx");
    std::fs::write(&p, &bytes).unwrap();
    let (code, v) = check_json(&p);
    assert_eq!(code, 1, "{:?}", diags(&v));
    let msgs: Vec<&str> = first(&v)["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["code"] == "E-CELL-BROKEN")
        .map(|d| d["message"].as_str().unwrap())
        .collect();
    assert!(
        msgs.iter().any(|m| m.contains("\"D4294967303\"") && m.contains("\"450\"")),
        "{msgs:?}"
    );
    assert!(msgs.iter().any(|m| m.contains("\"XFE6\"")), "{msgs:?}");
    assert!(!first(&v)["activities"].as_array().unwrap().iter().any(|a| a["participants"] == 450));
}

#[test]
fn uncached_formulas_in_an_ods_are_computed_too() {
    // The Kim Sơn .ods with its totals and D6 as formulas saved without a
    // value (office:value), as odfpy-style scripts write them.
    let bytes = std::fs::read(sample("kim-son-2018.ods")).unwrap();
    let bytes = rewrite_zip(&bytes, |name, data| {
        if name != "content.xml" {
            return data;
        }
        let xml = String::from_utf8(data).unwrap();
        let xml = xml.replacen(
            r#"<table:table-cell table:style-name="ce1" office:value-type="float" office:value="350"><text:p>350</text:p></table:table-cell>"#,
            r#"<table:table-cell table:style-name="ce1" table:formula="of:=[.D7]-362"/>"#,
            1,
        );
        let mut out = String::new();
        let mut rest = xml.as_str();
        while let Some(i) = rest.find(" table:formula=\"of:=SUM(") {
            let start = rest[..i].rfind("<table:table-cell").unwrap();
            let end = i + rest[i..].find("</table:table-cell>").unwrap() + "</table:table-cell>".len();
            let f = &rest[i + 16..];
            let f = &f[..f.find('"').unwrap()];
            out.push_str(&rest[..start]);
            out.push_str(&format!(r#"<table:table-cell table:style-name="ce1" table:formula="{f}"/>"#));
            rest = &rest[end..];
        }
        out.push_str(rest);
        assert_eq!(out.matches("table:formula").count(), 4, "3 totals and D6");
        out.into_bytes()
    });
    let dir = tempdir();
    let p = dir.path().join("cong-thuc.ods");
    std::fs::write(&p, &bytes).unwrap();
    let (code, v) = check_json(&p);
    assert_eq!(code, 0, "{:?}", diags(&v));
    assert_eq!(first(&v)["activities"][1]["participants"], 350);
    assert_eq!(first(&v)["totals"]["participants"], 6778);
    let note = message(&v, "N-FORMULA-NO-VALUE", "Hoạt động!D6");
    assert!(note.contains("D6 (=D7-362)") && note.contains("D15 (=SUM(D5:D14))"), "{note}");
}
