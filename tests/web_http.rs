//! `baocao web` over HTTP: every endpoint, and the refusals (wrong Host,
//! foreign Origin, missing token, oversize upload, hostile files), with a
//! plain HTTP/1.1 client on a socket, so that any header can be sent.

mod common;
use common::*;

use std::io::{Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::time::Duration;

use baocao::web::{Web, WebOptions};
use serde_json::Value;

struct Reply {
    status: u16,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

impl Reply {
    fn json(&self) -> Value {
        serde_json::from_slice(&self.body).unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&self.body)))
    }
    fn header(&self, k: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(k))
            .map(|(_, v)| v.as_str())
    }
    fn error_code(&self) -> String {
        self.json()["error"]["code"].as_str().unwrap_or_default().to_string()
    }
}

/// One request; `headers` replace the defaults of the same name (an empty
/// value drops the header).
fn send(port: u16, method: &str, path: &str, headers: &[(&str, &str)], body: Option<&[u8]>) -> Reply {
    let host = format!("127.0.0.1:{port}");
    let mut all: Vec<(String, String)> = vec![("Host".into(), host), ("Connection".into(), "close".into())];
    for (k, v) in headers {
        all.retain(|(n, _)| !n.eq_ignore_ascii_case(k));
        if !v.is_empty() {
            all.push((k.to_string(), v.to_string()));
        }
    }
    if let Some(b) = body {
        if !all.iter().any(|(n, _)| n.eq_ignore_ascii_case("Transfer-Encoding")) {
            all.push(("Content-Length".into(), b.len().to_string()));
        }
    }
    let mut s = TcpStream::connect(("127.0.0.1", port)).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(120))).unwrap();
    let mut head = format!("{method} {path} HTTP/1.1\r\n");
    for (k, v) in &all {
        head.push_str(&format!("{k}: {v}\r\n"));
    }
    head.push_str("\r\n");
    s.write_all(head.as_bytes()).unwrap();
    if let Some(b) = body {
        // A refused upload may be answered (and the socket closed) before all of it is sent.
        let _ = s.write_all(b);
    }
    let mut raw = Vec::new();
    let _ = s.read_to_end(&mut raw);
    let split = raw.windows(4).position(|w| w == b"\r\n\r\n").expect("a response head");
    let head = String::from_utf8_lossy(&raw[..split]).into_owned();
    let mut lines = head.split("\r\n");
    let status: u16 = lines.next().unwrap().split(' ').nth(1).unwrap().parse().unwrap();
    let headers: Vec<(String, String)> = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(k, v)| (k.trim().to_string(), v.trim().to_string()))
        .collect();
    let mut body = raw[split + 4..].to_vec();
    if headers
        .iter()
        .any(|(k, v)| k.eq_ignore_ascii_case("Transfer-Encoding") && v.contains("chunked"))
    {
        body = dechunk(&body);
    }
    Reply { status, headers, body }
}

fn dechunk(mut b: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    while let Some(end) = b.windows(2).position(|w| w == b"\r\n") {
        let n = usize::from_str_radix(String::from_utf8_lossy(&b[..end]).trim(), 16).expect("a chunk size");
        if n == 0 {
            break;
        }
        out.extend_from_slice(b.get(end + 2..end + 2 + n).expect("a whole chunk"));
        b = b.get(end + 4 + n..).unwrap_or_default();
    }
    out
}

struct Page {
    web: Option<Web>,
    port: u16,
    token: String,
    _config: tempfile::TempDir,
    config_path: PathBuf,
}

impl Page {
    fn start(edit: impl FnOnce(&mut WebOptions)) -> Page {
        let config = tempdir();
        let config_path = config.path().join("baocao/config.toml");
        let mut opts = WebOptions {
            config_path: Some(config_path.clone()),
            ..WebOptions::default()
        };
        edit(&mut opts);
        let web = Web::start(opts).unwrap();
        let port = web.port();
        let token = web.app.token.clone();
        Page {
            web: Some(web),
            port,
            token,
            _config: config,
            config_path,
        }
    }

    fn origin(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    fn get(&self, path: &str) -> Reply {
        let tok = self.token.clone();
        send(self.port, "GET", path, &[("X-Baocao-Token", &tok)], None)
    }

    /// A POST as the page makes it: our Origin, the token header.
    fn post(&self, path: &str, body: &[u8]) -> Reply {
        let (tok, origin) = (self.token.clone(), self.origin());
        send(
            self.port,
            "POST",
            path,
            &[("X-Baocao-Token", &tok), ("Origin", &origin), ("Sec-Fetch-Site", "same-origin")],
            Some(body),
        )
    }

    fn check(&self, name: &str, bytes: &[u8]) -> Value {
        let r = self.post(&format!("/api/check?name={}", enc(name)), bytes);
        assert_eq!(r.status, 200, "{}", String::from_utf8_lossy(&r.body));
        r.json()
    }
}

impl Drop for Page {
    fn drop(&mut self) {
        if let Some(w) = self.web.take() {
            w.shutdown();
        }
    }
}

fn enc(s: &str) -> String {
    baocao::web::http::percent_encode(s)
}

fn kim_son_bytes() -> Vec<u8> {
    std::fs::read(sample("kim-son-2018.xlsx")).unwrap()
}

fn broken_bytes() -> Vec<u8> {
    let mut sheets = kim_son();
    sheets[1].set(5, 2, s("12,5"));
    xlsx(&sheets)
}

fn dong_trieu() -> Vec<PathBuf> {
    let folder = Path::new(env!("CARGO_MANIFEST_DIR")).join("sample-sheets/dong-trieu-2018");
    let mut v: Vec<PathBuf> = std::fs::read_dir(folder).unwrap().map(|e| e.unwrap().path()).collect();
    v.sort();
    v
}

fn diag_places(v: &Value) -> Vec<(String, String)> {
    v["file"]["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["code"].as_str().unwrap().to_string(),
                format!("{}!{}", d["sheet"].as_str().unwrap_or(""), d["cell"].as_str().unwrap_or("")),
            )
        })
        .collect()
}

#[test]
fn the_page_is_served_only_with_the_token_and_to_our_host() {
    let p = Page::start(|_| {});
    let r = send(p.port, "GET", "/", &[], None);
    assert_eq!(r.status, 403);
    assert!(r.body.is_empty() || String::from_utf8_lossy(&r.body).contains("?t="));
    let r = send(p.port, "GET", &format!("/?t={}", p.token), &[], None);
    assert_eq!(r.status, 200);
    let html = String::from_utf8(r.body.clone()).unwrap();
    assert!(html.contains("Kiểm tra và lập báo cáo") && html.contains("/app.js"));
    assert!(r.header("Content-Security-Policy").unwrap().contains("script-src 'self'"));
    assert_eq!(r.header("Referrer-Policy"), Some("no-referrer"));
    // The page is small and self-contained: no address outside it.
    for asset in ["/app.js", "/style.css"] {
        let r = send(p.port, "GET", asset, &[], None);
        assert_eq!(r.status, 200, "{asset}");
        let text = String::from_utf8(r.body).unwrap();
        assert!(
            !text.contains("http://") && !text.contains("https://"),
            "{asset} loads nothing from outside"
        );
    }
    let total: usize = ["/app.js", "/style.css"]
        .iter()
        .map(|a| send(p.port, "GET", a, &[], None).body.len())
        .sum::<usize>()
        + html.len();
    assert!(total < 80_000, "the page is tens of KB, not {total}");
    // DNS rebinding: a foreign name, or our address on another port.
    for host in [
        "evil.example",
        "evil.example:80",
        &format!("127.0.0.1:{}", p.port + 1),
        "127.0.0.1",
        "",
    ] {
        let r = send(p.port, "GET", &format!("/?t={}", p.token), &[("Host", host)], None);
        assert_eq!(r.status, 421, "Host {host:?}");
        let r = send(
            p.port,
            "GET",
            "/api/template.xlsx",
            &[("Host", host), ("X-Baocao-Token", &p.token.clone())],
            None,
        );
        assert_eq!(r.status, 421, "API with Host {host:?}");
    }
    let r = send(
        p.port,
        "GET",
        &format!("/?t={}", p.token),
        &[("Host", &format!("localhost:{}", p.port))],
        None,
    );
    assert_eq!(r.status, 200);
}

#[test]
fn the_api_needs_this_runs_token() {
    let p = Page::start(|_| {});
    let origin = p.origin();
    let r = send(
        p.port,
        "POST",
        "/api/check?name=a.xlsx",
        &[("Origin", &origin)],
        Some(&kim_son_bytes()),
    );
    assert_eq!((r.status, r.error_code()), (403, "token".into()));
    let r = send(
        p.port,
        "POST",
        "/api/check",
        &[("Origin", &origin), ("X-Baocao-Token", "0123")],
        Some(b"x"),
    );
    assert_eq!((r.status, r.error_code()), (403, "token".into()));
    // In the query, the token opens downloads only, never a state change.
    let r = send(
        p.port,
        "POST",
        &format!("/api/batch?t={}", p.token),
        &[("Origin", &origin)],
        Some(b""),
    );
    assert_eq!((r.status, r.error_code()), (403, "token".into()));
    let r = send(p.port, "GET", "/api/template.xlsx", &[], None);
    assert_eq!(r.status, 403);
    let r = send(p.port, "GET", &format!("/api/template.xlsx?t={}", p.token), &[], None);
    assert_eq!(r.status, 200);
    // Another run's token does not open this one.
    let q = Page::start(|_| {});
    assert_ne!(p.token, q.token);
    assert_eq!(p.token.len(), 32);
    let r = send(q.port, "GET", &format!("/api/template.xlsx?t={}", p.token), &[], None);
    assert_eq!(r.status, 403);
}

#[test]
fn another_sites_page_cannot_change_anything() {
    let p = Page::start(|_| {});
    let tok = p.token.clone();
    for (origin, site) in [
        ("http://evil.example", "cross-site"),
        ("http://127.0.0.1.evil.example", ""),
        ("null", ""),
        (&*format!("http://127.0.0.1:{}", p.port + 1), "same-site"),
        ("", "cross-site"),
    ] {
        let r = send(
            p.port,
            "POST",
            "/api/batch",
            &[("X-Baocao-Token", &tok), ("Origin", origin), ("Sec-Fetch-Site", site)],
            Some(b""),
        );
        assert_eq!(
            (r.status, r.error_code()),
            (403, "origin".into()),
            "Origin {origin:?} Sec-Fetch-Site {site:?}"
        );
    }
    // Nothing was remembered either.
    let form = br#"{"office": {"issuer": "X"}, "remember": true}"#;
    let r = send(
        p.port,
        "POST",
        "/api/batch/0/run",
        &[("X-Baocao-Token", &tok), ("Origin", "http://evil.example")],
        Some(form),
    );
    assert_eq!(r.status, 403);
    assert!(!p.config_path.exists());
}

#[test]
fn checking_kim_son_gives_its_figures_and_the_clis_report() {
    let p = Page::start(|_| {});
    let v = p.check("kim-son-2018.xlsx", &kim_son_bytes());
    assert_eq!(v["can_report"], true);
    assert_eq!(
        v["file"]["totals"],
        serde_json::json!({"classes": 70, "participants": 6778, "female": null})
    );
    assert_eq!(v["period_label"], "Năm 2018");
    assert!(diag_places(&v).contains(&("W-FEMALE-MISSING".to_string(), "Hoạt động!E6".to_string())));
    let id = v["id"].as_str().unwrap().to_string();

    // The .docx is the CLI's, byte for byte.
    let dir = tempdir();
    let out = dir.path().join("r.docx");
    let kim = sample("kim-son-2018.xlsx");
    assert!(run(&["report".as_ref(), kim.as_os_str(), "-o".as_ref(), out.as_os_str()])
        .status
        .success());
    let r = p.get(&format!("/api/check/{id}/report.docx"));
    assert_eq!(r.status, 200);
    assert!(r.body == std::fs::read(&out).unwrap());
    assert!(r.header("Content-Disposition").unwrap().contains("kim-son-2018.docx"));
    // A link carries the token in the query.
    let r = send(p.port, "GET", &format!("/api/check/{id}/report.docx?t={}", p.token), &[], None);
    assert_eq!(r.status, 200);

    // The preview: the same document model, as HTML.
    let r = p.get(&format!("/api/check/{id}/preview")).json();
    let checked = baocao::check_file(&kim, &baocao::Options::default()).unwrap();
    let want = baocao::render::docx::html::preview(&baocao::render::docx::doc_spec(&checked.report));
    assert_eq!(r["html"], want.as_str());
    assert!(want.contains("Số: 10/BC-TTHTCĐ"));

    // The --json equivalent is the CLI's object.
    let (_, cli) = check_json(&kim);
    let r = p.get(&format!("/api/check/{id}/check.json"));
    let page = r.json();
    for key in [
        "unit",
        "period",
        "document",
        "activities",
        "totals",
        "indicators",
        "directives",
        "diagnostics",
    ] {
        assert_eq!(page["files"][0][key], cli["files"][0][key], "{key}");
    }

    // English: the same texts as --lang en.
    let en = p.get(&format!("/api/check/{id}?lang=en")).json();
    let msg = en["file"]["diagnostics"][0]["message"].as_str().unwrap();
    let out = run(&[
        "check".as_ref(),
        kim.as_os_str(),
        "--json".as_ref(),
        "--lang".as_ref(),
        "en".as_ref(),
    ]);
    let cli_en: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(msg, cli_en["files"][0]["diagnostics"][0]["message"].as_str().unwrap());
    assert_eq!(en["period_label"], "year 2018");
}

#[test]
fn a_broken_workbook_has_no_report_and_its_sheet_shows_the_cell() {
    let p = Page::start(|_| {});
    let v = p.check("so-loi.xlsx", &broken_bytes());
    assert_eq!(v["has_errors"], true);
    assert_eq!(v["can_report"], false);
    let first_error = diag_places(&v).into_iter().find(|(c, _)| c.starts_with("E-"));
    assert_eq!(first_error, Some(("E-COUNT-NOT-INTEGER".to_string(), "Hoạt động!C6".to_string())));
    let id = v["id"].as_str().unwrap();
    let r = p.get(&format!("/api/check/{id}/report.docx"));
    assert_eq!((r.status, r.error_code()), (409, "has_errors".into()));
    assert!(r.json()["error"]["message_vi"].as_str().unwrap().contains("Sổ có lỗi"));

    assert_eq!(p.get(&format!("/api/check/{id}/preview")).status, 409);
    let g = p.get(&format!("/api/check/{id}/sheet?name={}&cell=C6", enc("Hoạt động"))).json();
    assert_eq!(g["mark"]["a1"], "C6");
    let first = g["first_row"].as_u64().unwrap() as usize;
    let col = g["columns"].as_array().unwrap().iter().position(|c| c == "C").unwrap();
    assert_eq!(g["rows"][6 - first][col], "12,5");
    assert_eq!(g["rows"][15 - first][col], "70");
    let r = p.get(&format!("/api/check/{id}/sheet?name=Kh%C3%B4ng&cell=C6"));
    assert_eq!(r.status, 404);
    let r = p.get(&format!("/api/check/{id}/sheet"));
    assert_eq!(r.status, 400);
    // A result that was never made.
    assert_eq!(p.get("/api/check/ffff/report.docx").status, 404);
}

#[test]
fn an_upload_over_the_limit_is_refused_before_it_is_read() {
    let p = Page::start(|o| o.limits.file_bytes = 1000);
    let big = kim_son_bytes();
    assert!(big.len() > 1000);
    let r = p.post("/api/check?name=k.xlsx", &big);
    assert_eq!((r.status, r.error_code()), (413, "too_large".into()));
    // Without a declared length (chunked), counted while reading.
    let mut chunked = Vec::new();
    for part in big.chunks(700) {
        chunked.extend_from_slice(format!("{:x}\r\n", part.len()).as_bytes());
        chunked.extend_from_slice(part);
        chunked.extend_from_slice(b"\r\n");
    }
    chunked.extend_from_slice(b"0\r\n\r\n");
    let (tok, origin) = (p.token.clone(), p.origin());
    let r = send(
        p.port,
        "POST",
        "/api/check?name=k.xlsx",
        &[("X-Baocao-Token", &tok), ("Origin", &origin), ("Transfer-Encoding", "chunked")],
        Some(&chunked),
    );
    assert_eq!((r.status, r.error_code()), (413, "too_large".into()));
    let b = p.post("/api/batch", b"").json();
    let r = p.post(&format!("/api/batch/{}/file?name=k.xlsx", b["id"].as_str().unwrap()), &big);
    assert_eq!(r.status, 413);
    // The same limit in the library, whatever the caller.
    let opts = baocao::Options {
        config: None,
        limits: baocao::Limits {
            file_bytes: 1000,
            ..Default::default()
        },
    };
    assert!(matches!(
        baocao::check_bytes(&big, "k.xlsx", &opts),
        Err(baocao::FileError::TooLarge(_))
    ));
}

#[test]
fn hostile_files_end_in_a_diagnostic_and_the_page_goes_on() {
    let p = Page::start(|_| {});
    // A zip bomb: 150 MB of spaces in a sheet, small on the wire.
    let mut buf = std::io::Cursor::new(Vec::new());
    {
        let mut z = zip::ZipWriter::new(&mut buf);
        let opts = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
        for (name, data) in [
            ("[Content_Types].xml", b"<Types/>".to_vec()),
            ("xl/workbook.xml", b"<workbook/>".to_vec()),
            ("xl/worksheets/sheet1.xml", vec![b' '; 150 << 20]),
        ] {
            z.start_file(name, opts).unwrap();
            z.write_all(&data).unwrap();
        }
        z.finish().unwrap();
    }
    let bomb = buf.into_inner();
    let v = p.check("bom.xlsx", &bomb);
    assert_eq!(v["readable"], false);
    assert_eq!(diag_places(&v)[0].0, "E-FILE-TOO-LARGE");
    let r = p.get(&format!("/api/check/{}/report.docx", v["id"].as_str().unwrap()));
    assert_eq!(r.status, 409);
    // Random bytes, an empty file, a Word file renamed.
    for (name, bytes) in [
        ("rac.xlsx", vec![0x50, 0x4b, 3, 4, 9, 9, 9]),
        ("rong.xlsx", vec![]),
        ("x.xls", vec![0xD0; 600]),
    ] {
        let v = p.check(name, &bytes);
        assert_eq!(v["readable"], false, "{name}");
        assert!(diag_places(&v)[0].0.starts_with("E-FILE-"), "{name}: {:?}", diag_places(&v));
    }
    // And the page still answers.
    assert_eq!(p.check("k.xlsx", &kim_son_bytes())["can_report"], true);
}

#[test]
fn a_file_that_reads_too_long_is_cut_off_and_the_page_goes_on() {
    let p = Page::start(|o| {
        o.time_limit = Duration::from_millis(1);
        o.workers = 1;
    });
    // 30,000 activity rows: far more than a millisecond to read.
    let mut sheets = kim_son();
    for r in 16..30_016u32 {
        let row = [V::N(f64::from(r)), s("Hoạt động thêm"), V::N(1.0), V::N(2.0)];
        sheets[1].cells.extend(row.into_iter().enumerate().map(|(c, v)| (r, c as u16, v)));
    }
    let v = p.check("lon.xlsx", &xlsx(&sheets));
    assert_eq!(v["readable"], false);
    let d = &v["file"]["diagnostics"][0];
    assert_eq!(d["code"], "E-FILE-TOO-LARGE");
    assert!(d["message"].as_str().unwrap().contains("giây"), "{d}");
    // The slow read holds its worker until it ends: the next file waits a
    // time limit for it and is refused as busy, until it is done.
    let mut answered = Vec::new();
    for _ in 0..600 {
        let r = p.post("/api/check?name=k.xlsx", &kim_son_bytes());
        answered.push(r.status);
        if r.status != 503 {
            break;
        }
        assert_eq!(r.error_code(), "busy");
        std::thread::sleep(Duration::from_millis(100));
    }
    // With a 1 ms limit even Kim Sơn is cut off: what matters is an answer.
    assert_eq!(answered.last(), Some(&200), "{answered:?}");
}

/// Uploads `files` into a new batch from `lanes` threads at once.
fn upload(p: &Page, files: &[(String, Vec<u8>)], lanes: usize) -> String {
    let id = p.post("/api/batch", b"").json()["id"].as_str().unwrap().to_string();
    let next = std::sync::atomic::AtomicUsize::new(0);
    std::thread::scope(|s| {
        for _ in 0..lanes {
            s.spawn(|| loop {
                let i = next.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
                let Some((name, bytes)) = files.get(i) else { break };
                let r = p.post(&format!("/api/batch/{id}/file?name={}", enc(name)), bytes);
                assert_eq!(r.status, 200, "{name}: {}", String::from_utf8_lossy(&r.body));
                assert_eq!(r.json()["name"], name.as_str());
            });
        }
    });
    id
}

fn named(paths: &[PathBuf]) -> Vec<(String, Vec<u8>)> {
    paths
        .iter()
        .map(|p| (p.file_name().unwrap().to_string_lossy().into_owned(), std::fs::read(p).unwrap()))
        .collect()
}

#[test]
fn consolidating_dong_trieu_uploaded_concurrently_gives_the_libraries_sums() {
    let p = Page::start(|_| {});
    let paths = dong_trieu();
    assert_eq!(paths.len(), 58);
    let id = upload(&p, &named(&paths), 6);
    let form = serde_json::json!({
        "period": "",
        "office": {
            "issuer": "PHÒNG GIÁO DỤC VÀ ĐÀO TẠO", "authority": "UBND THỊ XÃ ĐÔNG TRIỀU", "number": "15/BC-PGDĐT",
            "date": "2018-12-28", "recipients": ["Sở GD&ĐT Quảng Ninh", " "], "signer_title": "TRƯỞNG PHÒNG",
            "signer_name": "Nguyễn \"Văn\" A"
        },
        "remember": true
    });
    let r = p.post(&format!("/api/batch/{id}/run"), form.to_string().as_bytes());
    assert_eq!(r.status, 200, "{}", String::from_utf8_lossy(&r.body));
    let v = r.json();
    assert_eq!(v["can_download"], true);
    assert_eq!((v["used"].as_u64(), v["total"].as_u64()), (Some(58), Some(58)));
    assert_eq!(v["period"], "2018");

    // The same fold as the library's over the folder, whatever the upload order.
    let lib = baocao::consolidate::consolidate_files(&paths, &Default::default(), &baocao::Options::default(), None);
    let s = &v["result"]["summary"];
    assert_eq!(s["totals"]["participants"].as_u64(), lib.totals.participants);
    assert_eq!(s["totals"]["classes"].as_u64(), lib.totals.classes);
    assert_eq!(s["by_unit"].as_array().unwrap().len(), lib.units.len());

    // The grid: Tràng An lacks May and September; every other month is there.
    let grid = v["coverage"].as_array().unwrap();
    assert_eq!(grid.len(), 5);
    for row in grid {
        let missing: Vec<&str> = row["months"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|m| m["state"] != "present")
            .map(|m| m["period"].as_str().unwrap())
            .collect();
        if row["unit"] == "Xã Tràng An" {
            assert_eq!(missing, ["2018-05", "2018-09"]);
            assert_eq!(row["months"][4]["state"], "missing");
        } else {
            assert!(missing.is_empty(), "{}: {missing:?}", row["unit"]);
        }
    }

    // Downloads: the summary reads back; the office's report is a .docx.
    let x = p.get(&format!("/api/batch/{id}/summary.xlsx"));
    assert_eq!(x.status, 200);
    assert!(x.header("Content-Disposition").unwrap().contains("tong-hop-2018.xlsx"));
    let wb: calamine::Xlsx<_> = calamine::open_workbook_from_rs(std::io::Cursor::new(x.body)).unwrap();
    use calamine::Reader;
    assert!(wb.sheet_names().len() >= 3);
    let d = p.get(&format!("/api/batch/{id}/report.docx"));
    assert_eq!(d.status, 200);
    assert!(d.body.starts_with(b"PK"));
    assert_eq!(
        baocao::mark::mark_of(std::io::Cursor::new(&d.body)),
        Some(baocao::mark::Mark::ConsolidatedReport)
    );
    let pv = p.get(&format!("/api/batch/{id}/preview")).json();
    let html = pv["html"].as_str().unwrap();
    assert!(html.contains("PHÒNG GIÁO DỤC VÀ ĐÀO TẠO") && html.contains("Số: 15/BC-PGDĐT") && html.contains("Xã Tràng An"));

    // The office details were remembered as a --config file, without this
    // report's number and date; the page reads them back.
    let saved = baocao::Config::load(&p.config_path).unwrap();
    assert_eq!(saved.unit.issuer.as_deref(), Some("PHÒNG GIÁO DỤC VÀ ĐÀO TẠO"));
    assert_eq!(saved.document.signer.name.as_deref(), Some("Nguyễn \"Văn\" A"));
    assert_eq!(saved.document.recipients, Some(vec!["Sở GD&ĐT Quảng Ninh".to_string()]));
    assert_eq!((saved.document.number, saved.document.date), (None, None));
    assert_eq!(v["config_saved"]["path"], p.config_path.display().to_string());
    // A ward's workbook without its signer, checked with the remembered
    // details (`config=1`): as `lapbaocao --config` that file.
    let mut sheets = kim_son();
    sheets[0].cells.retain(|(_, _, v)| *v != common::s("Đặng Cương Quyết"));
    let bytes = xlsx(&sheets);
    let plain = p.check("k.xlsx", &bytes);
    assert_eq!(plain["file"]["document"]["signer"]["name"], Value::Null);
    let r = p.post("/api/check?name=k.xlsx&config=1", &bytes).json();
    assert_eq!(r["file"]["document"]["signer"]["name"], "Nguyễn \"Văn\" A");
    let dir = tempdir();
    let book = write_book(dir.path(), "k.xlsx", &sheets);
    let out = dir.path().join("k.docx");
    let cli = run(&[
        "lapbaocao".as_ref(),
        book.as_os_str(),
        "-o".as_ref(),
        out.as_os_str(),
        "--config".as_ref(),
        p.config_path.as_os_str(),
    ]);
    assert!(cli.status.success(), "{}", String::from_utf8_lossy(&cli.stderr));
    let docx = p.get(&format!("/api/check/{}/report.docx", r["id"].as_str().unwrap()));
    assert!(
        docx.body == std::fs::read(&out).unwrap(),
        "the page's report with the remembered config is the CLI's"
    );

    let c = p.get("/api/config").json();
    assert_eq!(c["exists"], true);
    assert_eq!(c["office"]["signer_title"], "TRƯỞNG PHÒNG");
    assert_eq!(c["office"]["number"], "");

    // A period chosen by hand: the same uploads folded again.
    let r = p.post(&format!("/api/batch/{id}/run"), br#"{"period": "2018-Q1"}"#).json();
    assert_eq!(r["used"], 15);
    assert_eq!(r["coverage"][0]["months"].as_array().unwrap().len(), 3);
    let r = p.post(&format!("/api/batch/{id}/run"), br#"{"period": "quy 1"}"#);
    assert_eq!((r.status, r.error_code()), (400, "period".into()));
    // A date that is not a date is refused like a --config file's.
    let r = p.post(&format!("/api/batch/{id}/run"), br#"{"office": {"date": "28/12/2018"}}"#);
    assert_eq!((r.status, r.error_code()), (400, "office".into()));
}

#[test]
fn double_counting_and_errors_are_shown_and_nothing_is_downloaded() {
    let p = Page::start(|_| {});
    let folder = Path::new(env!("CARGO_MANIFEST_DIR")).join("sample-sheets/dong-trieu-2018");
    // Kim Sơn's year and its January: the same unit twice in January.
    let files = vec![
        ("kim-son-2018.xlsx".to_string(), kim_son_bytes()),
        (
            "thang/kim-son-2018-01.xlsx".to_string(),
            std::fs::read(folder.join("kim-son-2018-01.xlsx")).unwrap(),
        ),
    ];
    let id = upload(&p, &files, 2);
    let v = p.post(&format!("/api/batch/{id}/run"), b"{}").json();
    assert_eq!(
        (v["can_download"].clone(), v["double_count"].clone()),
        (Value::Bool(false), Value::Bool(true))
    );
    let states: Vec<&str> = v["coverage"][0]["months"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["state"].as_str().unwrap())
        .collect();
    assert_eq!(states[0], "double_counted");
    let problems = v["result"]["files"].as_array().unwrap();
    assert!(problems
        .iter()
        .any(|f| f["diagnostics"].as_array().unwrap().iter().any(|d| d["code"] == "E-DOUBLE-COUNT")));
    for dl in ["summary.xlsx", "report.docx", "preview"] {
        let r = p.get(&format!("/api/batch/{id}/{dl}"));
        assert_eq!((r.status, r.error_code()), (409, "double_count".into()), "{dl}");
    }

    // A workbook with errors: left out; downloads only when asked to leave it out.
    let files = vec![
        ("so-loi.xlsx".to_string(), broken_bytes()),
        (
            "mao-khe-2018-01.xlsx".to_string(),
            std::fs::read(folder.join("mao-khe-2018-01.xlsx")).unwrap(),
        ),
    ];
    let id = upload(&p, &files, 1);
    let v = p.post(&format!("/api/batch/{id}/run"), b"{}").json();
    assert_eq!(v["can_download"], false);
    assert_eq!(p.get(&format!("/api/batch/{id}/summary.xlsx")).error_code(), "input_errors");
    let v = p.post(&format!("/api/batch/{id}/run"), br#"{"allow_errors": true}"#).json();
    assert_eq!(v["can_download"], true);
    assert_eq!(v["used"], 1);
    let kim = v["coverage"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["unit"] == "Phường Kim Sơn")
        .unwrap();
    assert!(kim["months"].as_array().unwrap().iter().all(|m| m["state"] == "left_out"));
    let bad = v["result"]["files"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["path"] == "so-loi.xlsx")
        .unwrap();
    assert!(bad["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .any(|d| d["code"] == "E-COUNT-NOT-INTEGER" && d["cell"] == "C6"));
    assert_eq!(p.get(&format!("/api/batch/{id}/summary.xlsx")).status, 200);
    // An empty batch, an unknown one.
    let empty = p.post("/api/batch", b"").json()["id"].as_str().unwrap().to_string();
    assert_eq!(p.post(&format!("/api/batch/{empty}/run"), b"{}").error_code(), "empty");
    assert_eq!(p.post("/api/batch/nope/file?name=a.xlsx", b"x").status, 404);
    assert_eq!(p.post(&format!("/api/batch/{empty}/run"), b"{not json").error_code(), "form");
}

#[test]
fn the_templates_are_the_clis() {
    let p = Page::start(|_| {});
    let r = p.get("/api/template.xlsx");
    assert_eq!(r.status, 200);
    assert!(r.body == baocao::template::workbook(None).unwrap());
    let r = p.get("/api/example.xlsx");
    assert!(r.body == baocao::template::workbook(Some(&baocao::example::kim_son_2018())).unwrap());
    assert!(r.header("Content-Disposition").unwrap().contains("vi-du-kim-son-2018.xlsx"));
    // The example checks clean through the page itself.
    assert_eq!(p.check("vi-du.xlsx", &r.body)["can_report"], true);
    assert_eq!(p.get("/api/ping").json()["ok"], true);
    assert_eq!(p.get("/api/nothing").status, 404);
    assert_eq!(send(p.port, "GET", "/etc/passwd", &[], None).status, 404);
    // No config remembered yet: an empty form.
    let c = p.get("/api/config").json();
    assert_eq!(
        (c["exists"].clone(), c["office"]["issuer"].clone()),
        (Value::Bool(false), Value::from(""))
    );
}

#[test]
fn the_server_stops_when_the_page_stops_calling() {
    let p = Page::start(|o| {
        o.idle = Duration::from_secs(60);
        o.closed_after = Duration::from_millis(600);
    });
    assert_eq!(p.get("/api/ping").status, 200);
    let t = std::time::Instant::now();
    assert_eq!(p.web.as_ref().unwrap().wait(), baocao::web::Stopped::PageClosed);
    assert!(t.elapsed() < Duration::from_secs(10));
    let q = Page::start(|o| o.idle = Duration::from_millis(600));
    assert_eq!(q.web.as_ref().unwrap().wait(), baocao::web::Stopped::Idle);
}

#[test]
fn baocao_web_prints_its_address_and_serves_it() {
    let dir = tempdir();
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_baocao"))
        .args(["giaodien", "--no-open", "--port", "0"])
        .env("XDG_CONFIG_HOME", dir.path())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut line = String::new();
    std::io::BufRead::read_line(&mut std::io::BufReader::new(child.stdout.take().unwrap()), &mut line).unwrap();
    let url = line.trim().to_string();
    let rest = url.strip_prefix("http://127.0.0.1:").expect(&url);
    let (port, query) = rest.split_once('/').unwrap();
    let port: u16 = port.parse().unwrap();
    let r = send(port, "GET", &format!("/{query}"), &[], None);
    assert_eq!(r.status, 200);
    // The port is taken now: a second server on it says so, exit 2.
    let out = run(&["web".as_ref(), "--no-open".as_ref(), "--port".as_ref(), port.to_string().as_ref()]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("không mở được cổng"));
    let _ = child.kill();
    let _ = child.wait();
    let mut err = String::new();
    let _ = child.stderr.take().unwrap().read_to_string(&mut err);
    assert!(err.contains("Ctrl+C"), "{err}");
    let help = run(&["--help".as_ref()]);
    assert!(String::from_utf8_lossy(&help.stdout).contains("web"));
}
