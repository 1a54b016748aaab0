//! The Đông Triều 2018 samples: the committed workbooks hold the generator's
//! figures, and consolidating them gives the sums re-derived here from the
//! generator, not from the program.

#[path = "common/dong_trieu.rs"]
mod dong_trieu;

use std::io::Cursor;
use std::path::{Path, PathBuf};

use baocao::consolidate::{consolidate_files, discover, ConsolidateOptions};
use calamine::{open_workbook_from_rs, Data, Reader, Xlsx};
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
    let found = discover(&[folder()], &[]).unwrap();
    assert_eq!(found.len(), 5 * 12 - 2);
    for (w, m) in all() {
        let path = folder().join(format!("{}-{YEAR}-{m:02}.xlsx", WARDS[w].1));
        let bytes = std::fs::read(&path).unwrap();
        let mut wb: Xlsx<_> = open_workbook_from_rs(Cursor::new(bytes)).unwrap();
        let r = wb.worksheet_range("Hoạt động").unwrap();
        for (i, (code, c, p, f)) in figures(w, m).activities.into_iter().enumerate() {
            let row = i as u32 + 1;
            let num = |col: u32| match r.get_value((row, col)) {
                Some(Data::Float(v)) => Some(*v as u64),
                _ => None,
            };
            assert_eq!(
                (num(0), num(2), num(3), num(4)),
                (Some(code as u64), c, p, f),
                "{} row {}",
                path.display(),
                row + 1
            );
        }
        let info = wb.worksheet_range("Thông tin").unwrap();
        assert_eq!(info.get_value((6, 1)), Some(&Data::String(format!("Tháng {m}/{YEAR}"))));
    }
    let missing = folder().join(format!("{}-{YEAR}-05.xlsx", WARDS[MISSING.0].1));
    assert!(!missing.exists());
}

#[test]

fn consolidating_the_year_gives_the_generated_sums() {
    let paths = discover(&[folder()], &[]).unwrap();
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
    let paths = discover(&[folder()], &[]).unwrap();
    let q2 = baocao::Period::new(2018, baocao::period::Span::Quarter(2)).unwrap();
    let c = consolidate_files(
        &paths,
        &ConsolidateOptions {
            period: Some(q2),
            allow_errors: false,
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
    let paths = discover(&[folder()], &[]).unwrap();
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
