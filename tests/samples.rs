//! Every bundled sample — the canonical workbook and each messy variant —
//! gives exactly the figures of the reference report.

mod common;
use common::*;

/// The reference figures, as JSON values.
fn assert_reference_figures(name: &str, v: &serde_json::Value) {
    let f = &v["files"][0];
    let acts = f["activities"].as_array().unwrap_or_else(|| panic!("{name}: no activities"));
    let reported: Vec<&serde_json::Value> = acts
        .iter()
        .filter(|a| !a["classes"].is_null() || !a["participants"].is_null())
        .collect();
    assert_eq!(reported.len(), 9, "{name}: 9 reported categories");
    let classes: Vec<u64> = reported.iter().map(|a| a["classes"].as_u64().unwrap()).collect();
    let people: Vec<u64> = reported.iter().map(|a| a["participants"].as_u64().unwrap()).collect();
    assert_eq!(classes, [2, 8, 6, 10, 10, 8, 6, 10, 10], "{name}");
    assert_eq!(people, [350, 712, 450, 876, 826, 950, 726, 775, 1113], "{name}");
    let codes: Vec<u64> = reported.iter().map(|a| a["code"].as_u64().unwrap()).collect();
    assert_eq!(codes, [2, 3, 4, 5, 6, 7, 8, 9, 10], "{name}");
    assert!(acts.iter().all(|a| a["female"].is_null()), "{name}: female not reported");
    assert_eq!(f["totals"]["classes"], 70, "{name}");
    assert_eq!(f["totals"]["participants"], 6778, "{name}");
    assert!(f["totals"]["female"].is_null(), "{name}");
    let expected = baocao::example::kim_son_2018();
    let dirs = f["directives"].as_array().unwrap();
    assert_eq!(dirs.len(), 5, "{name}");
    for (d, e) in dirs.iter().zip(&expected.directives) {
        assert_eq!(d["number"].as_str(), e.number.as_deref(), "{name}");
        assert_eq!(d["date"].as_str().map(str::to_string), e.date.map(|x| x.to_string()), "{name}");
    }
    let inds = f["indicators"].as_array().unwrap();
    assert_eq!(inds.len(), expected.indicators.len(), "{name}");
    for (i, e) in inds.iter().zip(&expected.indicators) {
        assert_eq!(i["name"].as_str(), Some(e.name.as_str()), "{name}");
        let close = |a: &serde_json::Value, b: Option<f64>| match (a.as_f64(), b) {
            (Some(x), Some(y)) => (x - y).abs() < 1e-9,
            (None, None) => true,
            _ => false,
        };
        assert!(close(&i["value"], e.value), "{name}: {} value {}", e.name, i["value"]);
        assert!(close(&i["previous"], e.previous), "{name}: {} previous {}", e.name, i["previous"]);
    }
    let doc = &f["document"];
    assert_eq!(doc["number"], "10/BC-TTHTCĐ", "{name}");
    assert_eq!(doc["date"], "2018-11-26", "{name}");
    assert_eq!(doc["signer"]["name"], "Đặng Cương Quyết", "{name}");
    assert_eq!(f["unit"]["authority"], "ỦY BAN NHÂN DÂN PHƯỜNG KIM SƠN", "{name}");
    assert_eq!(f["period"]["label"], "Năm 2018", "{name}");
}

#[test]
fn every_sample_gives_the_reference_figures() {
    for name in SAMPLES {
        let (code, v) = check_json(&sample(name));
        assert_eq!(code, 0, "{name}: {:?}", diags(&v));
        assert_reference_figures(name, &v);
    }
}

#[test]
fn the_tcvn3_sample_says_which_cells_were_converted() {
    let (_, v) = check_json(&sample("kim-son-2018-tcvn3.xlsx"));
    assert!(diags(&v).iter().any(|(c, _)| c == "N-TEXT-LEGACY"), "{:?}", diags(&v));
}

#[test]
fn the_text_numbers_sample_notes_numbers_read_from_text() {
    let (_, v) = check_json(&sample("kim-son-2018-chu-so.xlsx"));
    let d = diags(&v);
    assert!(d.iter().any(|(c, _)| c == "N-NUMBER-FROM-TEXT"), "{d:?}");
    assert!(d.iter().any(|(c, _)| c == "N-TEXT-NFD"), "{d:?}");
}

#[test]
fn the_template_example_is_the_bundled_sample() {
    let dir = tempdir();
    let out = dir.path().join("ví dụ.xlsx");
    let o = run(&["mau".as_ref(), "--example".as_ref(), "-o".as_ref(), out.as_os_str()]);
    assert_eq!(o.status.code(), Some(0), "{}", String::from_utf8_lossy(&o.stderr));
    assert_eq!(
        std::fs::read(&out).unwrap(),
        std::fs::read(sample("kim-son-2018.xlsx")).unwrap(),
        "regenerate with cargo run --example gen-samples"
    );
}
