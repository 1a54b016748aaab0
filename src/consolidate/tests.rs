//! The engine on reports built in memory.

use serde_json::{json, Value};
use sha2::{Digest, Sha256};

use super::*;
use crate::diag::Lang;
use crate::model::{Activity, CategoryId, Date, Indicator, Unit};
use crate::period::Span;

fn month(m: u8) -> Period {
    Period::new(2018, Span::Month(m)).unwrap()
}
fn quarter(q: u8) -> Period {
    Period::new(2018, Span::Quarter(q)).unwrap()
}
fn year() -> Period {
    Period::year(2018).unwrap()
}

fn act(code: u8, classes: Option<u64>, participants: Option<u64>, female: Option<u64>) -> Activity {
    Activity {
        category: CategoryId::Standard(code),
        name: crate::normalize::category::canonical(code).unwrap().to_string(),
        classes,
        participants,
        female,
        note: None,
        source: None,
    }
}

fn ind(name: &str, unit: &str, value: f64, kind: IndicatorKind) -> Indicator {
    Indicator {
        name: name.into(),
        unit: Some(unit.into()),
        value: Some(value),
        previous: None,
        kind,
        previous_label: None,
        note: None,
        source: None,
    }
}

fn rep(area: &str, period: Period, acts: Vec<Activity>) -> Report {
    Report {
        unit: Unit {
            area: Some(area.into()),
            ..Default::default()
        },
        period: Some(period),
        activities: acts,
        ..Default::default()
    }
}

/// An input whose SHA-256 is that of its path and figures: distinct files differ.
fn input(path: &str, r: Report) -> Input {
    let sha: [u8; 32] = Sha256::digest(format!("{path}{r:?}").as_bytes()).into();
    Input {
        path: path.into(),
        sha256: Some(sha),
        outcome: InputOutcome::Read(Checked {
            report: r,
            diagnostics: vec![],
        }),
    }
}

fn run(inputs: Vec<Input>, period: Option<Period>) -> Consolidation {
    consolidate(
        inputs,
        &ConsolidateOptions {
            period,
            allow_errors: false,
            ..Default::default()
        },
    )
}

fn codes(c: &Consolidation) -> Vec<&'static str> {
    c.all_diagnostics().map(|d| d.code).collect()
}

fn file<'a>(c: &'a Consolidation, path: &str) -> &'a FileEntry {
    c.files.iter().find(|f| f.path == path).unwrap()
}

#[test]
fn the_period_is_the_smallest_holding_the_inputs() {
    let one = |ps: &[Period]| {
        let inputs = ps
            .iter()
            .enumerate()
            .map(|(n, p)| input(&format!("{n}.xlsx"), rep("Phường A", *p, vec![])))
            .collect();
        run(inputs, None).period.unwrap().machine()
    };
    assert_eq!(one(&[month(2)]), "2018-02");
    assert_eq!(one(&[month(1), month(2), month(3)]), "2018-Q1");
    assert_eq!(one(&[month(1), month(4)]), "2018-H1");
    assert_eq!(one(&[quarter(3), month(12)]), "2018-H2");
    assert_eq!(one(&[month(1), month(7)]), "2018");
}

#[test]
fn several_years_consolidate_the_year_with_most_inputs() {
    let old = rep("Phường A", Period::new(2017, Span::Month(12)).unwrap(), vec![]);
    let c = run(
        vec![
            input("a-2017-12.xlsx", old),
            input("a-01.xlsx", rep("Phường A", month(1), vec![])),
            input("b-01.xlsx", rep("Phường B", month(1), vec![])),
        ],
        None,
    );
    assert_eq!(c.period, Some(month(1)));
    assert_eq!(file(&c, "a-2017-12.xlsx").status, Status::LeftOut(LeftOut::PeriodOutside));
    assert_eq!(c.used_count(), 2);
}

#[test]
fn sums_are_exact_and_not_reported_stays_null() {
    let a = rep(
        "Phường A",
        month(1),
        vec![
            act(1, None, None, None),
            act(2, Some(2), Some(100), None),
            act(3, Some(1), Some(0), Some(0)),
        ],
    );
    let b = rep("Phường B", month(1), vec![act(2, Some(3), Some(50), Some(20))]);
    let a2 = rep("Phường A", month(2), vec![act(2, Some(1), Some(7), Some(3))]);
    let c = run(vec![input("a1.xlsx", a), input("b1.xlsx", b), input("a2.xlsx", a2)], None);
    assert_eq!(c.period, Some(quarter(1)));
    assert_eq!(c.by_category[0], Totals::default());
    assert_eq!(
        c.by_category[1],
        Totals {
            classes: Some(6),
            participants: Some(157),
            female: Some(23)
        }
    );
    assert_eq!(
        c.by_category[2],
        Totals {
            classes: Some(1),
            participants: Some(0),
            female: Some(0)
        }
    );
    assert_eq!(
        c.totals,
        Totals {
            classes: Some(7),
            participants: Some(157),
            female: Some(23)
        }
    );
    let unit_a = c.units.iter().find(|u| u.name == "Phường A").unwrap();
    assert_eq!(
        unit_a.totals,
        Totals {
            classes: Some(4),
            participants: Some(107),
            female: Some(3)
        }
    );
    let v = c.to_json(Lang::Vi);
    let s = &v["summary"];
    assert_eq!(
        s["by_category"][0],
        json!({"code": 1, "name": crate::normalize::category::canonical(1).unwrap(), "classes": null, "participants": null, "female": null})
    );
    assert_eq!(s["by_category"][2]["participants"], 0);
    assert_eq!(s["totals"], json!({"classes": 7, "participants": 157, "female": 23}));
    assert_eq!(
        s["by_period"][0],
        json!({"period": "2018-01", "classes": 6, "participants": 150, "female": 20})
    );
    assert_eq!(
        s["by_period"][1],
        json!({"period": "2018-02", "classes": 1, "participants": 7, "female": 3})
    );
    assert_eq!(
        s["by_period"][2],
        json!({"period": "2018-03", "classes": null, "participants": null, "female": null})
    );
    assert_eq!(s["period"]["kind"], "quarter");
    assert_eq!(v["files"][0]["status"], "used");
    assert_eq!(v["files"][0]["reason"], Value::Null);
    assert_eq!(v["files"][0]["totals"]["participants"], 100);
}

#[test]
fn by_period_is_per_quarter_for_quarterly_inputs() {
    let c = run(
        vec![
            input("a-q1.xlsx", rep("Phường A", quarter(1), vec![act(2, Some(1), Some(10), None)])),
            input("b-02.xlsx", rep("Phường B", month(2), vec![act(2, Some(1), Some(5), None)])),
            input("b-11.xlsx", rep("Phường B", month(11), vec![])),
        ],
        None,
    );
    assert_eq!(c.period, Some(year()));
    let rows: Vec<(String, Option<u64>)> = c.by_period.iter().map(|r| (r.period.machine(), r.totals.participants)).collect();
    assert_eq!(
        rows,
        [
            ("2018-Q1".to_string(), Some(15)),
            ("2018-Q2".into(), None),
            ("2018-Q3".into(), None),
            ("2018-Q4".into(), None)
        ]
    );
}

#[test]
fn stock_is_latest_per_unit_then_summed_and_flow_is_summed() {
    use IndicatorKind::*;
    let mut a1 = rep("Phường A", month(1), vec![]);
    a1.indicators = vec![
        ind("Số hộ nghèo", "hộ", 10.0, Stock),
        ind("Việc làm mới", "người", 4.0, Flow),
        ind("Tỷ lệ biết chữ", "%", 90.0, Rate),
    ];
    let mut a2 = rep("Phường A", month(2), vec![]);
    a2.indicators = vec![
        ind("Số hộ nghèo", "hộ", 8.0, Stock),
        ind("Việc làm mới", "người", 6.0, Flow),
        ind("Tỷ lệ biết chữ", "%", 95.5, Rate),
    ];
    let mut b1 = rep("Phường B", month(1), vec![]);
    b1.indicators = vec![ind("SỐ HỘ NGHÈO", "hộ", 5.0, Stock), ind("Việc làm mới", "người", 1.0, Flow)];
    // Given out of order: the latest is by period, not by position.
    let c = run(vec![input("z-a2.xlsx", a2), input("a-a1.xlsx", a1), input("b1.xlsx", b1)], None);
    let poor = c.indicators.iter().find(|i| i.name == "Số hộ nghèo").unwrap();
    assert_eq!(poor.kind, Stock);
    assert_eq!(poor.by_unit, [Some(8.0), Some(5.0)]);
    assert_eq!(poor.total, Some(13.0));
    let jobs = c.indicators.iter().find(|i| i.name == "Việc làm mới").unwrap();
    assert_eq!(jobs.by_unit, [Some(10.0), Some(1.0)]);
    assert_eq!(jobs.total, Some(11.0));
    let lit = c.indicators.iter().find(|i| i.name == "Tỷ lệ biết chữ").unwrap();
    assert_eq!(lit.by_unit, [Some(95.5), None]);
    assert_eq!(lit.total, None);
    let v = c.to_json(Lang::Vi);
    let rate = v["summary"]["indicators"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["kind"] == "rate")
        .unwrap()
        .clone();
    assert_eq!(rate["total"], Value::Null);
    assert_eq!(rate["median"], 95.5);
    assert_eq!(rate["by_unit"][1], json!({"unit": "Phường B", "value": null}));
    let stock = v["summary"]["indicators"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["kind"] == "stock")
        .unwrap()
        .clone();
    assert_eq!(stock["total"], 13);
    assert!(stock.get("median").is_none());
}

#[test]
fn rates_give_min_max_and_median_never_a_sum() {
    let make = |vals: &[f64]| {
        let inputs = vals
            .iter()
            .enumerate()
            .map(|(n, v)| {
                let mut r = rep(&format!("Phường {n}"), month(1), vec![]);
                r.indicators = vec![ind("Tỷ lệ hộ nghèo", "%", *v, IndicatorKind::Rate)];
                input(&format!("{n}.xlsx"), r)
            })
            .collect();
        let c = run(inputs, None);
        let i = c.indicators.first().unwrap().clone();
        (i.total, i.min, i.max, i.median)
    };
    assert_eq!(make(&[10.0, 40.0, 20.0, 30.0]), (None, Some(10.0), Some(40.0), Some(25.0)));
    assert_eq!(make(&[0.08, 1.11, 0.5]), (None, Some(0.08), Some(1.11), Some(0.5)));
    assert_eq!(make(&[7.0]), (None, Some(7.0), Some(7.0), Some(7.0)));
}

#[test]
fn a_byte_identical_copy_counts_once_with_a_warning() {
    let r = rep("Phường A", month(1), vec![act(2, Some(2), Some(100), None)]);
    let one = input("a/kim-son-01.xlsx", r.clone());
    let mut two = input("b/copy.xlsx", r);
    two.sha256 = one.sha256;
    let c = run(vec![two, one], None);
    assert_eq!(c.totals.participants, Some(100));
    assert_eq!(
        file(&c, "b/copy.xlsx").status,
        Status::LeftOut(LeftOut::Duplicate {
            of: "a/kim-son-01.xlsx".into()
        })
    );
    let d = c
        .file_diagnostics(file(&c, "b/copy.xlsx"))
        .into_iter()
        .find(|d| d.code == "W-DUPLICATE-FILE")
        .unwrap();
    assert!(
        d.message_vi.contains("a/kim-son-01.xlsx") && d.message_vi.contains("b/copy.xlsx"),
        "{}",
        d.message_vi
    );
    assert_eq!(c.exit_code(), 0);
}

#[test]
fn overlapping_inputs_of_one_unit_are_double_counting() {
    let q1 = rep("Phường A", quarter(1), vec![act(2, Some(2), Some(100), None)]);
    let jan = rep("PHƯỜNG A", month(1), vec![act(2, Some(1), Some(30), None)]);
    let other = rep("Phường B", month(1), vec![act(2, Some(1), Some(5), None)]);
    let c = consolidate(
        vec![input("a-q1.xlsx", q1), input("a-01.xlsx", jan), input("b-01.xlsx", other)],
        &ConsolidateOptions {
            period: None,
            allow_errors: true,
            ..Default::default()
        },
    );
    for (me, other) in [("a-q1.xlsx", "a-01.xlsx"), ("a-01.xlsx", "a-q1.xlsx")] {
        let f = file(&c, me);
        assert_eq!(f.status, Status::LeftOut(LeftOut::DoubleCount { with: vec![other.into()] }));
        let d = c.file_diagnostics(f).into_iter().find(|d| d.code == "E-DOUBLE-COUNT").unwrap();
        assert!(d.message_vi.contains(me) && d.message_vi.contains(other), "{}", d.message_vi);
    }
    assert_eq!(c.totals.participants, Some(5));
    assert_eq!(c.exit_code(), 1, "double counting fails even with --allow-errors");
}

#[test]
fn a_yearly_input_in_a_quarterly_run_is_left_out() {
    let c = run(
        vec![
            input("a-2018.xlsx", rep("Phường A", year(), vec![act(2, Some(9), Some(900), None)])),
            input("a-04.xlsx", rep("Phường A", month(4), vec![act(2, Some(4), Some(40), None)])),
            input("b-02.xlsx", rep("Phường B", month(2), vec![act(2, Some(1), Some(10), None)])),
        ],
        Some(quarter(1)),
    );
    assert_eq!(file(&c, "a-2018.xlsx").status, Status::LeftOut(LeftOut::PeriodLarger));
    assert_eq!(file(&c, "a-04.xlsx").status, Status::LeftOut(LeftOut::PeriodOutside));
    assert!(codes(&c).contains(&"W-PERIOD-LARGER") && codes(&c).contains(&"N-PERIOD-OUTSIDE"));
    assert_eq!(c.totals.participants, Some(10));
    assert_eq!(c.exit_code(), 0);
    // Unit A still appears: its yearly input touches Q1, and it has no month of it.
    let a = c.units.iter().find(|u| u.name == "Phường A").unwrap();
    assert_eq!(a.coverage_label(), "0/3 tháng");
    assert_eq!(a.totals, Totals::default());
}

#[test]
fn missing_months_are_reported_as_coverage() {
    let c = run(
        vec![
            input("a-01.xlsx", rep("Phường A", month(1), vec![])),
            input("a-02.xlsx", rep("Phường A", month(2), vec![])),
        ],
        Some(quarter(1)),
    );
    let a = c.units.first().unwrap();
    assert_eq!(a.coverage_label(), "2/3 tháng");
    let v = c.to_json(Lang::Vi);
    assert_eq!(v["summary"]["by_unit"][0]["covered"], json!(["2018-01", "2018-02"]));
    assert_eq!(v["summary"]["by_unit"][0]["expected"], json!(["2018-01", "2018-02", "2018-03"]));
    let d = c.diagnostics.iter().find(|d| d.code == "W-COVERAGE").unwrap();
    assert!(
        d.message_vi.contains("2/3 tháng") && d.message_vi.contains("tháng 3/2018"),
        "{}",
        d.message_vi
    );
}

#[test]
fn inputs_with_errors_are_left_out_and_fail_unless_allowed() {
    let bad = Checked {
        report: rep("Phường A", month(1), vec![act(2, Some(1), Some(999), None)]),
        diagnostics: vec![Diagnostic::new("E-COUNT-NOT-INTEGER", "x", "x").in_sheet("Hoạt động")],
    };
    let mk = |allow_errors| {
        let inputs = vec![
            Input {
                path: "a.xlsx".into(),
                sha256: Some([1; 32]),
                outcome: InputOutcome::Read(bad.clone()),
            },
            Input {
                path: "broken.xlsx".into(),
                sha256: Some([2; 32]),
                outcome: InputOutcome::Failed(crate::read::FileError::Empty.diagnostic()),
            },
            input("b.xlsx", rep("Phường B", month(1), vec![act(2, Some(1), Some(5), None)])),
        ];
        consolidate(
            inputs,
            &ConsolidateOptions {
                period: None,
                allow_errors,
                ..Default::default()
            },
        )
    };
    let c = mk(false);
    assert_eq!(c.exit_code(), 1);
    assert_eq!(c.totals.participants, Some(5));
    assert_eq!(file(&c, "a.xlsx").status, Status::LeftOut(LeftOut::Errors));
    assert_eq!(file(&c, "broken.xlsx").status, Status::LeftOut(LeftOut::Unreadable));
    let diags = c.file_diagnostics(file(&c, "a.xlsx"));
    assert!(diags.iter().any(|d| d.code == "W-INPUT-LEFT-OUT"));
    assert!(diags.iter().all(|d| d.file.as_deref() == Some("a.xlsx")));
    let v = c.to_json(Lang::En);
    assert_eq!(v["files"][0]["status"], "left_out");
    assert_eq!(v["files"][0]["reason"], "the file has errors");
    assert_eq!(v["files"][2]["path"], "broken.xlsx");
    assert_eq!(v["files"][2]["unit"], Value::Null);
    assert_eq!(mk(true).exit_code(), 0);
}

#[test]
fn units_are_one_whatever_the_case_and_spacing_and_the_code_wins() {
    let mut coded = rep("Phường Kim Sơn (cũ)", month(3), vec![]);
    coded.unit.code = Some("07000".into());
    let mut coded2 = rep("Kim Sơn", month(4), vec![]);
    coded2.unit.code = Some("07000".into());
    let c = run(
        vec![
            input("1.xlsx", rep("Phường Kim Sơn", month(1), vec![])),
            input("2.xlsx", rep("PHƯỜNG  KIM SƠN", month(2), vec![])),
            input("3.xlsx", coded),
            input("4.xlsx", coded2),
        ],
        None,
    );
    let names: Vec<(&str, Option<&str>, usize)> = c
        .units
        .iter()
        .map(|u| (u.name.as_str(), u.code.as_deref(), u.covered.len()))
        .collect();
    assert_eq!(names, [("Phường Kim Sơn", None, 2), ("Phường Kim Sơn (cũ)", Some("07000"), 2)]);
    assert_eq!(file(&c, "2.xlsx").unit_name.as_deref(), Some("Phường Kim Sơn"));
}

#[test]
fn unknown_unit_or_period_is_an_input_error() {
    let mut r = rep("", month(1), vec![]);
    r.unit.area = None;
    let c = run(vec![input("x.xlsx", r)], None);
    assert_eq!(file(&c, "x.xlsx").status, Status::LeftOut(LeftOut::UnitUnknown));
    assert!(codes(&c).contains(&"E-UNIT-UNKNOWN"));
    assert_eq!(c.exit_code(), 1);
    assert_eq!(c.period, None);
}

#[test]
fn mixed_indicator_kinds_take_the_most_common_with_a_warning() {
    let mk = |n: u8, kind| {
        let mut r = rep(&format!("Phường {n}"), month(1), vec![]);
        r.indicators = vec![ind("Số hộ nghèo", "hộ", f64::from(n), kind)];
        input(&format!("{n}.xlsx"), r)
    };
    let c = run(
        vec![mk(1, IndicatorKind::Stock), mk(2, IndicatorKind::Flow), mk(3, IndicatorKind::Stock)],
        None,
    );
    let i = c.indicators.first().unwrap();
    assert_eq!((i.kind, i.kind_mixed, i.total), (IndicatorKind::Stock, true, Some(6.0)));
    assert!(codes(&c).contains(&"W-INDICATOR-KIND-MIXED"));
}

#[test]
fn directives_are_listed_per_unit_once() {
    let dir = |n: &str, d: Option<Date>| crate::model::Directive {
        number: Some(n.into()),
        date: d,
        issuer: None,
        summary: Some("Kế hoạch".into()),
        source: None,
    };
    let d1 = Date::from_ymd_opt(2018, 1, 12);
    let d2 = Date::from_ymd_opt(2018, 2, 1);
    let mut a = rep("Phường A", month(1), vec![]);
    a.directives = vec![dir("06/KH-TTHTCĐ", d1)];
    let mut b = rep("Phường A", month(2), vec![]);
    b.directives = vec![dir("08/KH-TTHTCĐ", d2), dir("06/KH-TTHTCĐ", d1), dir("06/KH-TTHTCĐ", d2)];
    let c = run(vec![input("b.xlsx", b), input("a.xlsx", a)], None);
    let got: Vec<(String, Option<Date>)> = c
        .unit_directives(&c.units[0])
        .into_iter()
        .map(|d| (d.number.unwrap(), d.date))
        .collect();
    assert_eq!(
        got,
        [
            ("06/KH-TTHTCĐ".to_string(), d1),
            ("06/KH-TTHTCĐ".into(), d2),
            ("08/KH-TTHTCĐ".into(), d2)
        ]
    );
}

/// A small but complete consolidation used by the order test and the xlsx tests.
pub(crate) fn sample_inputs() -> Vec<Input> {
    let mut out = Vec::new();
    for (u, area) in ["Phường Kim Sơn", "=Phường Lạ", "Xã Tràng An"].iter().enumerate() {
        for m in 1..=3u8 {
            if u == 2 && m == 3 {
                continue;
            }
            let k = u64::from(m) + 10 * u as u64;
            let mut r = rep(
                area,
                month(m),
                vec![
                    act(2, Some(k), Some(10 * k), if u == 0 { None } else { Some(k) }),
                    act(5, Some(1), Some(k + 3), Some(1)),
                ],
            );
            r.activities.push(Activity {
                category: CategoryId::Custom,
                name: "Câu lạc bộ dưỡng sinh".into(),
                classes: Some(1),
                participants: Some(20),
                female: Some(15),
                note: None,
                source: None,
            });
            r.indicators = vec![
                ind("Số hộ nghèo", "hộ", (30 - m as u64 - u as u64) as f64, IndicatorKind::Stock),
                ind(
                    "Tỷ lệ hộ nghèo",
                    "%",
                    1.0 + u as f64 * 0.25 + f64::from(m) / 10.0,
                    IndicatorKind::Rate,
                ),
                ind("Lao động có việc làm mới", "người", k as f64, IndicatorKind::Flow),
            ];
            r.directives = vec![crate::model::Directive {
                number: Some(format!("0{m}/KH-TTHTCĐ")),
                date: Date::from_ymd_opt(2018, m as u32, 5),
                issuer: Some("TTHTCĐ".into()),
                summary: Some("=Kế hoạch tháng".into()),
                source: None,
            }];
            out.push(input(&format!("in/{u}-{m:02}.xlsx"), r));
        }
    }
    out.push(Input {
        path: "in/zz-broken.xlsx".into(),
        sha256: Some([9; 32]),
        outcome: InputOutcome::Failed(crate::read::FileError::Empty.diagnostic()),
    });
    out
}

#[test]
fn the_result_does_not_depend_on_the_order_of_inputs() {
    let opts = ConsolidateOptions {
        period: None,
        allow_errors: true,
        ..Default::default()
    };
    let a = consolidate(sample_inputs(), &opts);
    let mut rev = sample_inputs();
    rev.reverse();
    rev.rotate_left(3);
    let b = consolidate(rev, &opts);
    assert_eq!(a, b);
    assert_eq!(
        crate::render::xlsx::summary_workbook(&a).unwrap(),
        crate::render::xlsx::summary_workbook(&b).unwrap()
    );
    assert_eq!(
        serde_json::to_string(&a.to_json(Lang::Vi)).unwrap(),
        serde_json::to_string(&b.to_json(Lang::Vi)).unwrap()
    );
    assert_eq!(a.period, Some(quarter(1)));
    assert_eq!(
        a.totals.participants,
        Some((10 * (1 + 2 + 3) + 15) + (10 * (11 + 12 + 13) + 45) + (10 * (21 + 22) + 49) + 20 * 8)
    );
}

#[test]
fn the_town_report_carries_the_consolidated_figures() {
    let c = consolidate(
        sample_inputs(),
        &ConsolidateOptions {
            period: None,
            allow_errors: true,
            ..Default::default()
        },
    );
    let cfg = crate::Config::parse(
        "[unit]\nissuer = \"PHÒNG GD&ĐT THỊ XÃ ĐÔNG TRIỀU\"\n[document.signer]\nname = \"Nguyễn Văn A\"\n",
        "c.toml",
    )
    .unwrap();
    let r = town_report(&c, &cfg);
    assert_eq!(r.unit.issuer.as_deref(), Some("PHÒNG GD&ĐT THỊ XÃ ĐÔNG TRIỀU"));
    assert_eq!(r.document.signer.name.as_deref(), Some("Nguyễn Văn A"));
    assert_eq!(r.period, c.period);
    assert_eq!(r.totals(), c.totals);
    assert_eq!(
        r.activities.len(),
        3,
        "two standard categories and the custom one; unreported left out"
    );
    let rate = r.indicators.iter().find(|i| i.kind == IndicatorKind::Rate).unwrap();
    assert_eq!(
        rate.value,
        c.indicators.iter().find(|i| i.kind == IndicatorKind::Rate).unwrap().median
    );
}

#[test]
fn the_streamed_json_is_the_pretty_printed_tree() {
    let opts = ConsolidateOptions {
        period: None,
        allow_errors: true,
        ..Default::default()
    };
    for c in [consolidate(sample_inputs(), &opts), consolidate(Vec::new(), &opts)] {
        for lang in [Lang::Vi, Lang::En] {
            let mut streamed = Vec::new();
            c.write_json_pretty(lang, &mut streamed).unwrap();
            assert_eq!(
                String::from_utf8(streamed).unwrap(),
                serde_json::to_string_pretty(&c.to_json(lang)).unwrap()
            );
        }
    }
}

#[test]
fn records_kept_in_a_temporary_file_give_what_records_in_memory_give() {
    let opts = ConsolidateOptions {
        period: None,
        allow_errors: true,
        ..Default::default()
    };
    let in_memory = consolidate(sample_inputs(), &opts);
    let on_disk = {
        let store = super::store::Store::temporary();
        let mut words = super::engine::Words::default();
        let files = sample_inputs()
            .into_iter()
            .map(|i| super::engine::compact(i).store(&store, &mut words))
            .collect();
        super::engine::fold(files, &opts, store)
    };
    assert!(on_disk.files.iter().filter_map(|f| f.report.as_ref()).all(|s| s.is_in_file()));
    assert!(in_memory.files.iter().filter_map(|f| f.report.as_ref()).all(|s| !s.is_in_file()));
    assert_eq!(on_disk, in_memory);
    assert_eq!(
        serde_json::to_string(&on_disk.to_json(Lang::En)).unwrap(),
        serde_json::to_string(&in_memory.to_json(Lang::En)).unwrap()
    );
    assert_eq!(
        crate::render::xlsx::summary_workbook(&on_disk).unwrap(),
        crate::render::xlsx::summary_workbook(&in_memory).unwrap()
    );
    // Every file's figures come back whole: the Kim Sơn input's indicators
    // and directives, its diagnostics with their English text.
    let f = on_disk.files.iter().find(|f| f.readable()).unwrap();
    let r = on_disk.file_report(f).unwrap();
    assert_eq!(r.period, f.period());
    assert!(on_disk.all_diagnostics().all(|d| !d.message_en.is_empty()));
}
