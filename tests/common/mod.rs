//! Shared helpers for the integration tests: build small workbooks cell by
//! cell, run the binary, read its JSON.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use rust_xlsxwriter::{Format, Formula, Workbook};

/// A cell value to write.
#[derive(Debug, Clone, PartialEq)]
pub enum V {
    S(String),
    N(f64),
    /// An Excel date serial with a dd/mm/yyyy format.
    D(f64),
    /// A number with a percent format (the cell holds a fraction).
    P(f64),
    /// A formula, with or without a cached result.
    F(String, Option<f64>),
    /// A text in a given font (".VnTime", "Times New Roman" …).
    SF(String, &'static str),
}

pub fn s(t: &str) -> V {
    V::S(t.to_string())
}

/// One sheet: cells at (row, col), zero-based.
#[derive(Debug, Clone)]
pub struct Sheet {
    pub name: String,
    pub cells: Vec<(u32, u16, V)>,
}

impl Sheet {
    pub fn new(name: &str) -> Sheet {
        Sheet {
            name: name.to_string(),
            cells: Vec::new(),
        }
    }

    /// Sets (or replaces) a cell.
    pub fn set(&mut self, row: u32, col: u16, v: V) -> &mut Sheet {
        self.cells.retain(|(r, c, _)| !(*r == row && *c == col));
        self.cells.push((row, col, v));
        self
    }

    pub fn clear(&mut self, row: u32, col: u16) -> &mut Sheet {
        self.cells.retain(|(r, c, _)| !(*r == row && *c == col));
        self
    }

    /// Writes a row of values starting at (row, col).
    pub fn row(&mut self, row: u32, col: u16, vals: &[V]) -> &mut Sheet {
        for (i, v) in vals.iter().enumerate() {
            self.set(row, col + i as u16, v.clone());
        }
        self
    }
}

/// The workbook's bytes.
pub fn xlsx(sheets: &[Sheet]) -> Vec<u8> {
    let mut wb = Workbook::new();
    let date = Format::new().set_num_format("dd/mm/yyyy");
    let pct = Format::new().set_num_format("0.0%");
    for sh in sheets {
        let ws = wb.add_worksheet();
        ws.set_name(&sh.name).unwrap();
        for (r, c, v) in &sh.cells {
            match v {
                V::S(t) => ws.write_string(*r, *c, t).map(|_| ()),
                V::N(n) => ws.write_number(*r, *c, *n).map(|_| ()),
                V::D(n) => ws.write_number_with_format(*r, *c, *n, &date).map(|_| ()),
                V::P(n) => ws.write_number_with_format(*r, *c, *n, &pct).map(|_| ()),
                V::SF(t, font) => ws
                    .write_string_with_format(*r, *c, t, &Format::new().set_font_name(*font))
                    .map(|_| ()),
                V::F(f, res) => {
                    let mut formula = Formula::new(f);
                    if let Some(x) = res {
                        formula = formula.set_result(x.to_string());
                    }
                    ws.write_formula(*r, *c, formula).map(|_| ())
                }
            }
            .unwrap();
        }
    }
    wb.save_to_buffer().unwrap()
}

/// Excel serial of a date.
pub fn serial(y: i32, m: u32, d: u32) -> f64 {
    let base = chrono::NaiveDate::from_ymd_opt(1899, 12, 30).unwrap();
    (chrono::NaiveDate::from_ymd_opt(y, m, d).unwrap() - base).num_days() as f64
}

/// The Kim Sơn 2018 workbook in the canonical layout, sheet by sheet:
/// Thông tin (labels A2.., values B), Hoạt động (two-row header at rows 3–4,
/// data rows 5–14, total row 15), Chỉ tiêu (header row 1), Văn bản chỉ đạo
/// (header row 1).
pub fn kim_son() -> Vec<Sheet> {
    let mut info = Sheet::new("Thông tin");
    info.row(0, 0, &[s("Mục"), s("Nội dung")]);
    let items: Vec<(&str, V)> = vec![
        ("Cơ quan chủ quản", s("ỦY BAN NHÂN DÂN PHƯỜNG KIM SƠN")),
        ("Cơ quan ban hành", s("TTHTCĐ PHƯỜNG KIM SƠN")),
        ("Địa bàn", s("Phường Kim Sơn")),
        ("Số ký hiệu", s("10/BC-TTHTCĐ")),
        ("Địa danh", s("Kim Sơn")),
        ("Ngày báo cáo", V::D(serial(2018, 11, 26))),
        ("Kỳ báo cáo", s("Năm 2018")),
        (
            "Trích yếu",
            s("Đánh giá kết quả tổ chức, hoạt động Trung tâm học tập cộng đồng năm 2018, phương hướng nhiệm vụ năm 2019"),
        ),
        ("Kính gửi", s("Thường trực UBND phường Kim Sơn")),
        ("Kính gửi", s("Phòng Giáo dục và Đào tạo thị xã Đông Triều")),
        ("Nơi nhận", s("Như trên")),
        ("Nơi nhận", s("Thường trực ĐU, UBND phường (b/c)")),
        ("Nơi nhận", s("LĐTTHTCĐ")),
        ("Nơi nhận", s("Lưu: VT")),
        ("Quyền hạn ký", s("TM. BAN GIÁM ĐỐC")),
        ("Chức vụ người ký", s("GIÁM ĐỐC")),
        ("Người ký", s("Đặng Cương Quyết")),
    ];
    for (i, (l, v)) in items.into_iter().enumerate() {
        info.row(1 + i as u32, 0, &[s(l), v]);
    }
    let mut act = Sheet::new("Hoạt động");
    act.set(0, 0, s("KẾT QUẢ HOẠT ĐỘNG NĂM 2018"));
    act.row(
        2,
        0,
        &[
            s("TT"),
            s("Tên hoạt động giáo dục"),
            s("Số lớp (chuyên đề)"),
            s("Số lượt người tham gia"),
        ],
    );
    act.row(3, 3, &[s("Tổng số"), s("Nữ")]);
    for (i, (code, classes, people)) in baocao::example::KIM_SON_ACTIVITIES.iter().enumerate() {
        let r = 4 + i as u32;
        act.set(r, 0, V::N(*code as f64));
        act.set(r, 1, s(baocao::normalize::category::CATEGORIES[i].1));
        if let Some(c) = classes {
            act.set(r, 2, V::N(*c as f64));
        }
        if let Some(p) = people {
            act.set(r, 3, V::N(*p as f64));
        }
    }
    act.row(
        14,
        1,
        &[
            s("Tổng số"),
            V::F("=SUM(C5:C14)".into(), Some(70.0)),
            V::F("=SUM(D5:D14)".into(), Some(6778.0)),
        ],
    );
    let mut ind = Sheet::new("Chỉ tiêu");
    ind.row(
        0,
        0,
        &[
            s("TT"),
            s("Chỉ tiêu"),
            s("Đơn vị tính"),
            s("Kỳ này"),
            s("Kỳ trước"),
            s("Tính chất"),
            s("Ghi chú"),
        ],
    );
    let r = baocao::example::kim_son_2018();
    for (i, x) in r.indicators.iter().enumerate() {
        let row = 1 + i as u32;
        ind.set(row, 0, V::N(i as f64 + 1.0));
        ind.set(row, 1, s(&x.name));
        ind.set(row, 2, s(x.unit.as_deref().unwrap_or("")));
        if let Some(v) = x.value {
            ind.set(row, 3, V::N(v));
        }
        if let Some(v) = x.previous {
            ind.set(row, 4, V::N(v));
        }
        ind.set(row, 5, s(x.kind.label_vi()));
    }
    let mut dir = Sheet::new("Văn bản chỉ đạo");
    dir.row(
        0,
        0,
        &[s("TT"), s("Số ký hiệu"), s("Ngày ban hành"), s("Cơ quan ban hành"), s("Trích yếu")],
    );
    for (i, d) in r.directives.iter().enumerate() {
        let row = 1 + i as u32;
        let date = d.date.unwrap();
        use chrono::Datelike;
        dir.row(
            row,
            0,
            &[
                V::N(i as f64 + 1.0),
                s(d.number.as_deref().unwrap()),
                V::D(serial(date.year(), date.month(), date.day())),
                s(d.issuer.as_deref().unwrap()),
                s(d.summary.as_deref().unwrap()),
            ],
        );
    }
    vec![info, act, ind, dir]
}

/// A fresh temporary folder.
pub fn tempdir() -> tempfile::TempDir {
    tempfile::tempdir().unwrap()
}

/// Writes sheets to `dir/name` and returns the path.
pub fn write_book(dir: &Path, name: &str, sheets: &[Sheet]) -> PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, xlsx(sheets)).unwrap();
    p
}

/// Runs the binary with arguments.
pub fn run(args: &[&std::ffi::OsStr]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_baocao")).args(args).output().unwrap()
}

/// Runs `check --json` on a file; returns exit code and the JSON.
pub fn check_json(path: &Path) -> (i32, serde_json::Value) {
    let out = run(&["check".as_ref(), path.as_os_str(), "--json".as_ref()]);
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "not JSON ({e}): {}\n{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        )
    });
    (out.status.code().unwrap_or(-1), v)
}

/// The diagnostics of the first file as (code, "Sheet!Cell" or label).
pub fn diags(v: &serde_json::Value) -> Vec<(String, String)> {
    v["files"][0]["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            let place = match (d["sheet"].as_str(), d["cell"].as_str(), d["label"].as_str()) {
                (Some(s), Some(c), _) => format!("{s}!{c}"),
                (_, _, Some(l)) => l.to_string(),
                (Some(s), None, None) => s.to_string(),
                _ => String::new(),
            };
            (d["code"].as_str().unwrap().to_string(), place)
        })
        .collect()
}

/// The message of the first diagnostic with this code (and, when given, in
/// this sheet) of the first file.
pub fn message(v: &serde_json::Value, code: &str, sheet: Option<&str>) -> String {
    v["files"][0]["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["code"] == code && sheet.is_none_or(|s| d["sheet"] == s))
        .unwrap_or_else(|| panic!("no {code}: {:?}", diags(v)))["message"]
        .as_str()
        .unwrap()
        .to_string()
}

/// A sheet of a book by name.
pub fn sheet<'a>(book: &'a mut [Sheet], name: &str) -> &'a mut Sheet {
    book.iter_mut().find(|s| s.name == name).unwrap()
}

/// Runs `check --json` on Kim Sơn changed by `edit`.
pub fn check_edited(edit: impl FnOnce(&mut Vec<Sheet>)) -> (i32, serde_json::Value) {
    let mut book = kim_son();
    edit(&mut book);
    let dir = tempdir();
    let p = write_book(dir.path(), "phường thử.xlsx", &book);
    check_json(&p)
}

/// Whether a diagnostic with this code at this place is present.
pub fn has(v: &serde_json::Value, code: &str, place: &str) -> bool {
    diags(v).iter().any(|(c, p)| c == code && p == place)
}

/// The Kim Sơn 2018 sample and its messy variants, all with the reference figures.
pub const SAMPLES: &[&str] = &[
    "kim-son-2018.xlsx",
    "kim-son-2018-mot-trang.xlsx",
    "kim-son-2018-chu-so.xlsx",
    "kim-son-2018-tcvn3.xlsx",
    "kim-son-2018.ods",
    "kim-son-2018.xls",
    "kim-son-2018-danh-sach.xlsx",
    "kim-son-2018-noi-dung.xlsx",
    "kim-son-2018-rut-gon.xlsx",
    "kim-son-2018-phong-hon-hop.xlsx",
    "kim-son-2018-phan-tram.xlsx",
    "kim-son-2018-phan-tram.ods",
    "kim-son-2018-phan-tram.xls",
    "kim-son-2018-cong-thuc.xlsx",
];

/// A file of `sample-sheets/`.
pub fn sample(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("sample-sheets").join(name)
}

/// Whether `cmd` is on the PATH (also as `cmd.exe`).
pub fn on_path(cmd: &str) -> bool {
    std::env::var_os("PATH")
        .map(|p| std::env::split_paths(&p).any(|d| d.join(cmd).is_file() || d.join(format!("{cmd}.exe")).is_file()))
        .unwrap_or(false)
}

/// Converts `file` with LibreOffice (`--convert-to to`) into `dir`, with a
/// profile of its own there (so tests may run side by side); the path of
/// the converted file. Panics when the conversion fails: call it only when
/// [`on_path`]`("soffice")`.
pub fn soffice_convert(dir: &Path, file: &Path, to: &str, ext: &str) -> PathBuf {
    let profile = dir.join("lo-profile");
    let profile_url = format!(
        "file:///{}",
        profile.display().to_string().replace('\\', "/").trim_start_matches('/')
    );
    let out = std::process::Command::new("soffice")
        .arg(format!("-env:UserInstallation={profile_url}"))
        .args(["--headless", "--convert-to", to, "--outdir"])
        .arg(dir)
        .arg(file)
        .output()
        .unwrap();
    assert!(out.status.success(), "soffice failed: {}", String::from_utf8_lossy(&out.stderr));
    let converted = dir.join(file.with_extension(ext).file_name().unwrap());
    assert!(converted.is_file(), "nothing converted: {}", String::from_utf8_lossy(&out.stdout));
    converted
}

/// A row of the 2025 reorganisation table (`data/dvhc-2025/`).
pub struct DvhcRow {
    pub province: String,
    pub new_code: String,
    pub new_unit: String,
    pub old_code: String,
    pub old_unit: String,
    pub share: String,
}

/// Every row of `data/dvhc-2025/communes-2025-07-01.csv` (no quoted fields
/// in it: checked here).
pub fn dvhc_rows() -> Vec<DvhcRow> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("data/dvhc-2025/communes-2025-07-01.csv");
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    text.lines()
        .skip(1)
        .filter(|l| !l.is_empty())
        .map(|l| {
            assert!(!l.contains('"'), "quoted field in {l}");
            let f: Vec<&str> = l.split(',').collect();
            assert_eq!(f.len(), 7, "{l}");
            DvhcRow {
                province: f[1].into(),
                new_code: f[2].into(),
                new_unit: f[3].into(),
                old_code: f[4].into(),
                old_unit: f[5].into(),
                share: f[6].into(),
            }
        })
        .collect()
}
