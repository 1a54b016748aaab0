//! The Đông Triều 2018 samples: the committed workbooks hold the generator's
//! figures, and consolidating them gives the sums re-derived here from the
//! generator, not from the program.

#[path = "common/dong_trieu.rs"]
mod dong_trieu;

use std::io::Cursor;
use std::path::{Path, PathBuf};

use baocao::consolidate::{consolidate_files, discover, ConsolidateOptions};
use calamine::{open_workbook_from_rs, Reader, Xlsx};
use dong_trieu::*;

fn folder() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("sample-sheets/dong-trieu-2018")
}

fn expected_totals() -> (u64, u64, u64) {
    let mut t = (0, 0, 0);
    for (w, m) in all() {
        for (_, c, p, f) in figures(w, m).activities {
            t.0 += c.unwrap_or(0);
            t.1 += p.unwrap_or(0);
            t.2 += f.unwrap_or(0);
        }
    }
    t
}

#[test]
fn the_committed_workbooks_hold_the_generated_figures() {
    let found = discover(&[folder()]).unwrap().files;
    assert_eq!(found.len(), 5 * 12 - 2);
    for (w, m) in all() {
        let path = folder().join(format!("{}-{YEAR}-{m:02}.xlsx", WARDS[w].1));
        let checked = baocao::check_file(&path, &baocao::Options::default()).unwrap();
        assert!(!checked.has_errors(), "{}: {:?}", path.display(), checked.diagnostics);
        let r = &checked.report;
        let got: Vec<_> = r
            .activities
            .iter()
            .map(|a| (a.code().unwrap_or(0), a.classes, a.participants, a.female))
            .collect();
        let reported: Vec<_> = figures(w, m)
            .activities
            .into_iter()
            .filter(|a| a.1.is_some() || a.2.is_some())
            .collect();
        let got_reported: Vec<_> = got.into_iter().filter(|a| a.1.is_some() || a.2.is_some()).collect();
        assert_eq!(got_reported, reported, "{}", path.display());
        assert_eq!(r.unit.area.as_deref(), Some(WARDS[w].0), "{}", path.display());
        assert_eq!(r.period.map(|p| p.label()), Some(format!("Tháng {m}/{YEAR}")), "{}", path.display());
        let values: Vec<_> = r.indicators.iter().map(|i| (i.name.as_str(), i.value)).collect();
        let want: Vec<_> = figures(w, m).indicators.into_iter().map(|i| (i.0, Some(i.2))).collect();
        assert_eq!(values, want, "{}", path.display());
    }
    let missing = folder().join(format!("{}-{YEAR}-05.xlsx", WARDS[MISSING.0].1));
    assert!(!missing.exists());
}

/// The messy files stay messy: the generator must not quietly fall back on
/// the canonical layout, or the folder no longer tests the reader.
#[test]
fn the_messy_layouts_are_where_the_readme_says() {
    let sheets = |name: &str| {
        let bytes = std::fs::read(folder().join(name)).unwrap();
        let wb: Xlsx<_> = open_workbook_from_rs(Cursor::new(bytes)).unwrap();
        wb.sheet_names()
    };
    let codes = |name: &str| {
        let c = baocao::check_file(&folder().join(name), &baocao::Options::default()).unwrap();
        c.diagnostics.iter().map(|d| d.code).collect::<Vec<_>>()
    };
    for m in 1..=12 {
        assert_eq!(sheets(&format!("kim-son-2018-{m:02}.xlsx")), ["Sheet1"]);
        assert_eq!(sheets(&format!("binh-duong-2018-{m:02}.xlsx"))[1], "Ho\u{b9}t \u{ae}\u{e9}ng");
        assert!(codes(&format!("binh-duong-2018-{m:02}.xlsx")).contains(&"N-TEXT-LEGACY"));
    }
    for m in [3, 8, 12] {
        let name = format!("trang-an-2018-{m:02}.xlsx");
        assert_eq!(sheets(&name)[1], "Bie\u{302}\u{309}u 1", "{name}");
        let c = codes(&name);
        assert!(c.contains(&"N-NUMBER-FROM-TEXT") && c.contains(&"N-TEXT-NFD"), "{name}: {c:?}");
    }
    assert_eq!(sheets("trang-an-2018-04.xlsx")[1], "Hoạt động");
    assert_eq!(sheets("dong-trieu-2018-01.xlsx")[1], "Hoạt động");
}

#[test]

fn consolidating_the_year_gives_the_generated_sums() {
    let paths = discover(&[folder()]).unwrap().files;
    let c = consolidate_files(&paths, &ConsolidateOptions::default(), &baocao::Options::default(), None);
    assert_eq!(c.exit_code(), 0, "{:#?}", c.all_diagnostics().collect::<Vec<_>>());
    assert_eq!(c.period.map(|p| p.machine()).as_deref(), Some("2018"));
    assert_eq!(c.used_count(), 58);
    let (classes, participants, female) = expected_totals();
    assert_eq!(c.totals.classes, Some(classes));
    assert_eq!(c.totals.participants, Some(participants));
    assert_eq!(c.totals.female, Some(female));
    let trang_an = c.units.iter().find(|u| u.name == WARDS[MISSING.0].0).unwrap();
    assert_eq!(trang_an.coverage_label(), "10/12 tháng");
    // Mạo Khê reported no female figures at all: null, not 0.
    let mao_khe = c.units.iter().find(|u| u.name == WARDS[NO_FEMALE].0).unwrap();
    assert_eq!(mao_khe.totals.female, None);
    // Stock: December's value per ward, summed over wards.
    let poor = c.indicators.iter().find(|i| i.name == "Số hộ nghèo").unwrap();
    let want: f64 = (0..WARDS.len()).map(|w| figures(w, 12).indicators[1].2).sum();
    assert_eq!(poor.total, Some(want));
    let v = c.to_json(baocao::Lang::Vi);
    assert_eq!(v["summary"]["by_period"].as_array().unwrap().len(), 12);
}

#[test]

fn a_quarter_is_consolidated_from_its_months() {
    let paths = discover(&[folder()]).unwrap().files;
    let q2 = baocao::Period::new(2018, baocao::period::Span::Quarter(2)).unwrap();
    let c = consolidate_files(
        &paths,
        &ConsolidateOptions {
            period: Some(q2),
            allow_errors: false,
            ..Default::default()
        },
        &baocao::Options::default(),
        None,
    );
    let want: u64 = all()
        .into_iter()
        .filter(|&(_, m)| (4..=6).contains(&m))
        .flat_map(|(w, m)| figures(w, m).activities)
        .filter_map(|a| a.2)
        .sum();
    assert_eq!(c.totals.participants, Some(want));
    assert_eq!(c.used_count(), 14);
    assert_eq!(
        c.units.iter().find(|u| u.name == WARDS[MISSING.0].0).unwrap().coverage_label(),
        "2/3 tháng"
    );
}

#[test]
fn reading_in_parallel_does_not_depend_on_the_order_of_paths() {
    let paths = discover(&[folder()]).unwrap().files;
    let count = std::sync::atomic::AtomicUsize::new(0);
    let tick = || {
        count.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    };
    let opts = ConsolidateOptions::default();
    let a = consolidate_files(&paths, &opts, &baocao::Options::default(), Some(&tick));
    let mut rev = paths.clone();
    rev.reverse();
    let b = consolidate_files(&rev, &opts, &baocao::Options::default(), None);
    assert_eq!(count.load(std::sync::atomic::Ordering::Relaxed), 58);
    assert_eq!(a.files.len(), 58);
    assert!(a.files.windows(2).all(|w| w[0].path < w[1].path));
    assert!(a.files.iter().all(|f| f.sha256.is_some()));
    assert_eq!(a, b);
    assert_eq!(
        baocao::render::xlsx::summary_workbook(&a).unwrap(),
        baocao::render::xlsx::summary_workbook(&b).unwrap()
    );
}

/// The office's --config (sample-sheets/dong-trieu-2018.toml) parses, and a
/// quarter consolidated with it gives the office's report of that quarter.
#[test]
fn the_office_config_heads_the_quarter_report() {
    let cfg = baocao::Config::load(&folder().with_extension("toml")).unwrap();
    let paths = discover(&[folder()]).unwrap().files;
    let q1 = baocao::Period::new(2018, baocao::period::Span::Quarter(1)).unwrap();
    let opts = baocao::Options {
        config: Some(cfg.clone()),
        ..baocao::Options::default()
    };
    let c = consolidate_files(
        &paths,
        &ConsolidateOptions {
            period: Some(q1),
            allow_errors: false,
            ..Default::default()
        },
        &opts,
        None,
    );
    assert_eq!(c.exit_code(), 0);
    assert_eq!(c.used_count(), 15);
    let r = baocao::consolidate::town_report(&c, &cfg);
    assert_eq!(r.unit.authority.as_deref(), Some("ỦY BAN NHÂN DÂN THỊ XÃ ĐÔNG TRIỀU"));
    assert_eq!(r.document.number.as_deref(), Some("25/BC-PGDĐT"));
    assert_eq!(r.document.signer.authority.as_deref(), Some("KT. TRƯỞNG PHÒNG"));
    assert_eq!(r.period, Some(q1));
    let want: u64 = all()
        .into_iter()
        .filter(|&(_, m)| m <= 3)
        .flat_map(|(w, m)| figures(w, m).activities)
        .filter_map(|a| a.1)
        .sum();
    assert_eq!(r.totals().classes, Some(want));
}
