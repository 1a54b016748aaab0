//! The benchmark's corpus generator (examples/gen-corpus.rs) writes workbooks
//! that the reader reads back to the figures generated, in every layout it
//! mixes in: otherwise the benchmark would time the reading of errors.

#[path = "../examples/gen-corpus.rs"]
mod gen;

use baocao::diag::Severity;
use baocao::model::CategoryId;

fn check(b: &gen::Book) -> baocao::Checked {
    let bytes = gen::xlsx(b).expect("writes");
    baocao::check_bytes(&bytes, "x.xlsx", &Default::default()).expect("reads")
}

fn assert_figures(b: &gen::Book, c: &baocao::Checked, what: &str) {
    let errors: Vec<_> = c.diagnostics.iter().filter(|d| d.severity == Severity::Error).collect();
    assert!(errors.is_empty(), "{what}: unexpected errors {errors:?}");
    for row in &b.rows {
        let got = c.report.activities.iter().find(|a| a.category == CategoryId::Standard(row.code));
        match got {
            Some(a) => {
                assert_eq!(
                    (a.classes, a.participants, a.female),
                    (row.classes, row.participants, row.female),
                    "{what}: category {}",
                    row.code
                )
            }
            None => assert!(
                row.classes.is_none() && row.participants.is_none(),
                "{what}: category {} lost",
                row.code
            ),
        }
    }
    let t = c.report.totals();
    assert_eq!(t.participants.unwrap_or(0), b.total_participants(), "{what}: total participants");
    assert_eq!(t.classes.unwrap_or(0), b.total_classes(), "{what}: total classes");
    assert_eq!(c.report.indicators.len(), b.indicators.len(), "{what}: indicators");
    assert_eq!(c.report.directives.len(), b.directives.len(), "{what}: directives");
    assert_eq!(c.report.unit.area.as_deref(), Some(b.area.as_str()), "{what}: area");
}

#[test]
fn generated_books_read_back_to_their_figures_in_every_style() {
    let mut seen = [0usize; 3];
    for k in 0..240 {
        let (path, mut b) = gen::item(7, k);
        let what = path.display().to_string();
        seen[b.style as usize] += 1;
        assert!(
            b.rows.iter().all(|r| r.female.unwrap_or(0) <= r.participants.unwrap_or(0)),
            "{what}: female > total"
        );
        assert_figures(&b, &check(&b), &what);
        // The same figures in the two messy layouts, so each is tried on every book.
        for style in [gen::Style::TextNumbers, gen::Style::Shifted] {
            b.style = style;
            assert_figures(&b, &check(&b), &format!("{what} as {style:?}"));
        }
    }
    assert!(seen[1] > 0 && seen[2] > 0, "both messy styles occur in 240 files: {seen:?}");
}

#[test]
fn kim_son_book_reads_as_the_reference_figures() {
    let c = check(&gen::kim_son());
    let t = c.report.totals();
    assert_eq!((t.classes, t.participants, t.female), (Some(70), Some(6778), None));
    assert_eq!(c.report.indicators.len(), baocao::example::kim_son_2018().indicators.len());
    assert_eq!(c.report.directives.len(), 5);
}

#[test]
fn corpus_is_deterministic_and_independent_of_thread_order() {
    let a = tempfile::tempdir().unwrap();
    let b = tempfile::tempdir().unwrap();
    gen::write_corpus(30, a.path(), 42).unwrap();
    gen::write_corpus(30, b.path(), 42).unwrap();
    let (rel, _) = gen::item(42, 29);
    assert_eq!(rel, std::path::Path::new("phuong-kim-son").join("2018-06.xlsx"));
    for k in 0..30 {
        let (rel, _) = gen::item(42, k);
        assert_eq!(
            std::fs::read(a.path().join(&rel)).unwrap(),
            std::fs::read(b.path().join(&rel)).unwrap(),
            "{}",
            rel.display()
        );
    }
    // Another seed gives other figures.
    assert_ne!(gen::book(42, 0, 1).rows, gen::book(43, 0, 1).rows);
}

#[test]
fn unit_names_are_unique_and_slugs_ascii() {
    let mut names = std::collections::HashSet::new();
    for i in 0..2000 {
        let (kind, name) = gen::unit_name(i);
        let full = format!("{kind} {name}");
        let slug = gen::slug(&full);
        assert!(slug.is_ascii() && !slug.is_empty(), "{full} → {slug}");
        assert!(names.insert(slug), "duplicate unit {full}");
    }
    assert_eq!(gen::slug("Xã Tràng Lương"), "xa-trang-luong");
}
