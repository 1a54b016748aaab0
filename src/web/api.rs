//! The page's API. Every handler is a call into the library, the same calls
//! the command line makes ([`crate::check_bytes`], [`crate::render::docx`],
//! [`crate::consolidate::consolidate`], [`crate::render::xlsx`],
//! [`crate::template`], [`crate::json`]); what is here is the HTTP around them
//! and the results kept in memory for their downloads.

use std::collections::VecDeque;
use std::io::Read;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};

use serde::Deserialize;
use serde_json::{json, Value};
use tiny_http::{Method, Request};

use super::http::{header, param, split_url, Refusal, Reply};
use super::work::{JobError, Workers};
use crate::consolidate::{self as cons, ConsolidateOptions, Consolidation, Input, InputOutcome};
use crate::diag::{Diagnostic, Lang, Severity};
use crate::{Checked, Config, Limits, Options};

/// Results kept for their downloads: the last few, oldest dropped first.
const KEPT_CHECKS: usize = 16;
const KEPT_BATCHES: usize = 4;
/// Files one consolidation may take.
pub const MAX_BATCH_FILES: usize = 5_000;
/// The office details form and other small JSON bodies.
const MAX_FORM_BYTES: u64 = 64 << 10;

const XLSX: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
const DOCX: &str = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";

/// One checked workbook: its bytes (to show a sheet) and what came of it.
struct CheckEntry {
    name: String,
    bytes: Arc<Vec<u8>>,
    outcome: Result<Checked, Diagnostic>,
    /// The page layout of its report (the remembered config's, when used).
    layout: crate::config::Layout,
}

/// One consolidation: the files as read, and the last fold of them.
#[derive(Default)]
struct Batch {
    inputs: Vec<Input>,
    result: Option<Arc<(Consolidation, Config)>>,
}

struct Ring<T> {
    items: VecDeque<(String, T)>,
    cap: usize,
}

impl<T: Clone> Ring<T> {
    fn new(cap: usize) -> Ring<T> {
        Ring {
            items: VecDeque::new(),
            cap,
        }
    }
    fn put(&mut self, id: String, v: T) {
        if self.items.len() >= self.cap {
            self.items.pop_front();
        }
        self.items.push_back((id, v));
    }
    fn get(&self, id: &str) -> Option<T> {
        self.items.iter().find(|(k, _)| k == id).map(|(_, v)| v.clone())
    }
}

/// What one run of the page holds.
pub struct App {
    pub port: u16,
    pub token: String,
    /// The reading limits of the CLI (`Limits::default()`); the upload limit
    /// is their file size.
    pub limits: Limits,
    pub workers: Workers,
    /// Where the office's details are remembered (`None`: not remembered).
    pub config_path: Option<PathBuf>,
    checks: Mutex<Ring<Arc<CheckEntry>>>,
    batches: Mutex<Ring<Arc<Mutex<Batch>>>>,
}

/// 32 hex digits from the operating system's random source.
pub fn random_hex() -> Result<String, getrandom::Error> {
    let mut b = [0u8; 16];
    getrandom::fill(&mut b)?;
    Ok(b.iter().map(|x| format!("{x:02x}")).collect())
}

/// A result's id: random, so ids say nothing of one another (the token,
/// not the id, is what guards them); a counter should the source fail.
fn random_id() -> String {
    static NEXT: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(1);
    random_hex().unwrap_or_else(|_| format!("n{}", NEXT.fetch_add(1, std::sync::atomic::Ordering::SeqCst)))
}

fn lang_of(params: &[(String, String)]) -> Lang {
    if param(params, "lang") == Some("en") {
        Lang::En
    } else {
        Lang::Vi
    }
}

fn too_large(max: u64) -> Reply {
    let mb = max >> 20;
    Reply::error(
        413,
        "too_large",
        &format!("Tệp quá lớn: quá {mb} MB, giới hạn an toàn cho một tệp."),
        &format!("The file is too large: over {mb} MB, the safety limit for one file."),
    )
}

/// The request's body, at most `max` bytes (else 413, before reading it
/// when the length is declared).
fn body(req: &mut Request, max: u64) -> Result<Vec<u8>, Reply> {
    if req.body_length().is_some_and(|n| n as u64 > max) {
        return Err(too_large(max));
    }
    let mut out = Vec::new();
    let read = req.as_reader().take(max.saturating_add(1)).read_to_end(&mut out);
    if read.is_err() {
        return Err(Reply::error(
            400,
            "body",
            "Không nhận được hết tệp.",
            "The upload did not arrive whole.",
        ));
    }
    if out.len() as u64 > max {
        return Err(too_large(max));
    }
    Ok(out)
}

fn job_failed(e: JobError, limit_secs: u64) -> Result<Diagnostic, Reply> {
    match e {
        JobError::Busy => Err(Reply::error(
            503,
            "busy",
            "Chương trình đang bận đọc các tệp khác: thử lại sau ít phút.",
            "The program is busy reading other files: try again in a few minutes.",
        )),
        JobError::TimedOut => Ok(crate::FileError::TooLarge(format!("đọc tệp quá {limit_secs} giây")).diagnostic()),
        JobError::Failed => Ok(crate::FileError::NotSpreadsheet("lỗi nội bộ khi đọc tệp".into()).diagnostic()),
    }
}

fn not_found() -> Reply {
    Reply::error(
        404,
        "not_found",
        "Không còn kết quả này (chương trình giữ vài kết quả gần nhất): chọn lại tệp.",
        "This result is no longer kept (the program keeps the last few): choose the file again.",
    )
}

fn severity_counts(diags: &[Diagnostic]) -> Value {
    let n = |s: Severity| diags.iter().filter(|d| d.severity == s).count();
    json!({"error": n(Severity::Error), "warning": n(Severity::Warning), "note": n(Severity::Note)})
}

fn stem(name: &str) -> String {
    let base = name.rsplit(['/', '\\']).next().unwrap_or(name);
    let s = base.rsplit_once('.').map(|(s, _)| s).unwrap_or(base);
    if s.is_empty() {
        "bao-cao".into()
    } else {
        s.to_string()
    }
}

/// The office details as the form sends them (empty: not given).
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct Office {
    authority: String,
    issuer: String,
    area: String,
    place: String,
    number: String,
    date: String,
    recipients: Vec<String>,
    copies_to: Vec<String>,
    signer_authority: String,
    signer_title: String,
    signer_name: String,
}

fn office_json(c: &Config) -> Value {
    let s = |v: &Option<String>| v.clone().unwrap_or_default();
    let d = &c.document;
    json!({
        "authority": s(&c.unit.authority), "issuer": s(&c.unit.issuer), "area": s(&c.unit.area),
        "place": s(&d.place), "number": s(&d.number), "date": s(&d.date),
        "recipients": d.recipients.clone().unwrap_or_default(), "copies_to": d.copies_to.clone().unwrap_or_default(),
        "signer_authority": s(&d.signer.authority), "signer_title": s(&d.signer.title), "signer_name": s(&d.signer.name),
    })
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct RunForm {
    /// Machine form, as `--period`; empty: detected.
    period: String,
    allow_errors: bool,
    office: Office,
    /// Remember the office details in the config file.
    remember: bool,
}

impl App {
    /// Fails only when the operating system gives no random bytes: the page
    /// never runs with a guessable token.
    pub fn new(port: u16, limits: Limits, workers: Workers, config_path: Option<PathBuf>) -> std::io::Result<App> {
        let token = random_hex().map_err(|e| std::io::Error::other(format!("no random source for the token: {e}")))?;
        Ok(App {
            port,
            token,
            limits,
            workers,
            config_path,
            checks: Mutex::new(Ring::new(KEPT_CHECKS)),
            batches: Mutex::new(Ring::new(KEPT_BATCHES)),
        })
    }

    /// A file's time limit in whole seconds, for the message.
    fn limit_secs(&self) -> u64 {
        self.workers.limit().as_secs().max(1)
    }

    /// Answers one request: the safety checks, then the route.
    pub fn handle(&self, mut req: Request) {
        let reply = self.answer(&mut req);
        reply.send(req);
    }

    fn answer(&self, req: &mut Request) -> Reply {
        if !super::http::host_ok(header(req, "Host"), self.port) {
            return Refusal::Host.reply();
        }
        let method = req.method().clone();
        let reading = matches!(method, Method::Get | Method::Head);
        if !reading && !super::http::origin_ok(header(req, "Origin"), header(req, "Sec-Fetch-Site"), self.port) {
            return Refusal::Origin.reply();
        }
        let (path, params) = split_url(req.url());
        if path == "/app.js" {
            return Reply::asset("text/javascript; charset=utf-8", super::APP_JS);
        }
        if path == "/style.css" {
            return Reply::asset("text/css; charset=utf-8", super::STYLE_CSS);
        }
        // A state-changing request carries the token in a header, which no
        // other site's page can add without our consent (CORS); a download
        // link carries it in the query.
        let given = header(req, "X-Baocao-Token").or(if reading { param(&params, "t") } else { None });
        let token_ok = given.is_some_and(|t| super::http::token_eq(t, &self.token));
        if path == "/" {
            if !token_ok {
                let mut r = Refusal::Token.reply();
                r.content_type = "text/plain; charset=utf-8";
                r.body = "baocao: mở trang bằng đường dẫn baocao in ra (có mã phiên ?t=…).\nOpen the page with the link baocao printed (with its ?t=… code).\n"
                    .as_bytes()
                    .to_vec();
                return r;
            }
            return Reply::asset("text/html; charset=utf-8", super::INDEX_HTML);
        }
        if !path.starts_with("/api/") {
            return Reply::error(404, "not_found", "Không có trang này.", "No such page.");
        }
        if !token_ok {
            return Refusal::Token.reply();
        }
        let lang = lang_of(&params);
        let parts: Vec<&str> = path.trim_start_matches("/api/").split('/').collect();
        match (reading, parts.as_slice()) {
            (true, ["ping"]) => Reply::json(200, &json!({"ok": true})),
            (true, ["template.xlsx"]) => self.template(false),
            (true, ["example.xlsx"]) => self.template(true),
            (true, ["config"]) => self.config_get(),
            (false, ["check"]) => self.check(req, &params, lang),
            (true, ["check", id]) => self.with_check(id, |e| Reply::json(200, &self.check_json(id, e, lang))),
            (true, ["check", id, "sheet"]) => self.with_check(id, |e| self.sheet(e, &params)),
            (true, ["check", id, "report.docx"]) => self.with_check(id, |e| self.report_docx(e, lang)),
            (true, ["check", id, "preview"]) => self.with_check(id, |e| match &e.outcome {
                Ok(c) if !c.has_errors() => {
                    let html = crate::render::docx::html::preview(&crate::render::docx::doc_spec(&c.report));
                    Reply::json(200, &json!({ "html": html }))
                }
                _ => Reply::error(
                    409,
                    "has_errors",
                    "Sổ có lỗi: chưa có báo cáo để xem.",
                    "The workbook has errors: no report to preview.",
                ),
            }),
            (true, ["check", id, "check.json"]) => self.with_check(id, |e| {
                let (report, diags) = match &e.outcome {
                    Ok(c) => (c.report.clone(), c.diagnostics.clone()),
                    Err(d) => (Default::default(), vec![d.clone()]),
                };
                let doc = json!({"files": [crate::json::report_json(&e.name, &report, &diags, lang)]});
                let mut r = Reply::json(200, &doc);
                r.body = serde_json::to_vec_pretty(&doc).unwrap_or_default();
                r.attachment = Some(format!("{}.json", stem(&e.name)));
                r
            }),
            (false, ["batch"]) => {
                let id = random_id();
                if let Ok(mut b) = self.batches.lock() {
                    b.put(id.clone(), Arc::new(Mutex::new(Batch::default())));
                }
                Reply::json(200, &json!({"id": id, "max_files": MAX_BATCH_FILES}))
            }
            (false, ["batch", id, "file"]) => self.batch_file(req, id, &params),
            (false, ["batch", id, "run"]) => self.batch_run(req, id, lang),
            (true, ["batch", id]) => self.with_result(id, |r| Reply::json(200, &self.batch_json(id, r, lang))),
            (true, ["batch", id, "summary.xlsx"]) => self.with_result(id, |r| self.summary_xlsx(r)),
            (true, ["batch", id, "report.docx"]) => self.with_result(id, |r| self.town_docx(r, lang)),
            (true, ["batch", id, "preview"]) => self.with_result(id, |r| {
                if let Some(refused) = App::refuse_unless_clean(&r.0) {
                    return refused;
                }
                let html = crate::render::docx::html::preview(&cons::town_document(&r.0, &r.1));
                Reply::json(200, &json!({ "html": html }))
            }),
            _ => Reply::error(404, "not_found", "Không có chức năng này.", "No such function."),
        }
    }

    fn template(&self, example: bool) -> Reply {
        let report = crate::example::kim_son_2018();
        match crate::template::workbook(example.then_some(&report)) {
            Ok(bytes) => Reply::file(XLSX, if example { "vi-du-kim-son-2018.xlsx" } else { "mau-so-lieu.xlsx" }, bytes),
            Err(e) => Reply::error(500, "internal", &e.to_string(), &e.to_string()),
        }
    }

    /// The remembered config, if any (a broken one is reported, not used).
    fn remembered(&self) -> (Config, Option<crate::config::ConfigError>) {
        match &self.config_path {
            Some(p) if p.exists() => match Config::load(p) {
                Ok(c) => (c, None),
                Err(e) => (Config::default(), Some(e)),
            },
            _ => (Config::default(), None),
        }
    }

    fn config_get(&self) -> Reply {
        let (cfg, err) = self.remembered();
        Reply::json(
            200,
            &json!({
                "path": self.config_path.as_ref().map(|p| p.display().to_string()),
                "exists": self.config_path.as_ref().is_some_and(|p| p.exists()),
                "office": office_json(&cfg),
                "error": err.map(|e| json!({"message_vi": e.message(Lang::Vi), "message_en": e.message(Lang::En)})),
            }),
        )
    }

    fn check(&self, req: &mut Request, params: &[(String, String)], lang: Lang) -> Reply {
        let name = param(params, "name")
            .filter(|n| !n.is_empty())
            .unwrap_or("workbook.xlsx")
            .to_string();
        let bytes = match body(req, self.limits.file_bytes) {
            Ok(b) => Arc::new(b),
            Err(r) => return r,
        };
        // As `baocao kiemtra` / `baocao lapbaocao` without --config: a ward's
        // report takes its details from its own workbook. With `config=1`
        // (the clerk ticked it), as with `--config` the remembered file:
        // Thông tin items the workbook lacks, and the layout.
        let config = if param(params, "config") == Some("1") {
            match self.remembered() {
                (c, None) => Some(c),
                (_, Some(e)) => return Reply::error(400, "config", &e.message(Lang::Vi), &e.message(Lang::En)),
            }
        } else {
            None
        };
        let layout = config.as_ref().map(|c| c.layout.clone()).unwrap_or_default();
        let opts = Options {
            config,
            limits: self.limits,
        };
        let (b, n) = (Arc::clone(&bytes), name.clone());
        let outcome = match self.workers.run(move || crate::check_bytes(&b, &n, &opts)) {
            Ok(Ok(c)) => Ok(c),
            Ok(Err(e)) => Err(e.diagnostic()),
            Err(e) => match job_failed(e, self.limit_secs()) {
                Ok(d) => Err(d),
                Err(r) => return r,
            },
        };
        let id = random_id();
        let entry = Arc::new(CheckEntry {
            name,
            bytes,
            outcome,
            layout,
        });
        let v = self.check_json(&id, &entry, lang);
        if let Ok(mut c) = self.checks.lock() {
            c.put(id, entry);
        }
        Reply::json(200, &v)
    }

    fn with_check(&self, id: &str, f: impl FnOnce(&CheckEntry) -> Reply) -> Reply {
        let entry = self.checks.lock().ok().and_then(|c| c.get(id));
        match entry {
            Some(e) => f(&e),
            None => not_found(),
        }
    }

    fn check_json(&self, id: &str, e: &CheckEntry, lang: Lang) -> Value {
        let (report, diags, readable) = match &e.outcome {
            Ok(c) => (c.report.clone(), c.diagnostics.clone(), true),
            Err(d) => (Default::default(), vec![d.clone()], false),
        };
        let has_errors = crate::diag::has_errors(&diags);
        let period = report.period.map(|p| match lang {
            Lang::Vi => p.label(),
            Lang::En => p.label_en(),
        });
        json!({
            "id": id,
            "name": e.name,
            "readable": readable,
            "has_errors": has_errors,
            "can_report": readable && !has_errors,
            "counts": severity_counts(&diags),
            "period_label": period,
            "file": crate::json::report_json(&e.name, &report, &diags, lang),
        })
    }

    fn sheet(&self, e: &CheckEntry, params: &[(String, String)]) -> Reply {
        let Some(sheet) = param(params, "name").map(str::to_string) else {
            return Reply::error(400, "sheet", "Thiếu tên trang tính.", "The sheet name is missing.");
        };
        let mark = param(params, "cell").and_then(crate::source::Cell::parse_a1);
        let (bytes, limits) = (Arc::clone(&e.bytes), self.limits);
        let job = move || -> Option<Value> {
            let mut wb = crate::read::workbook::open(&bytes, &limits).ok()?;
            // The text as the reader sees it (TCVN3 converted, controls removed).
            let _ = crate::read::text::normalize(&mut wb);
            super::sheet::window(&wb, &sheet, mark)
        };
        match self.workers.run(job) {
            Ok(Some(v)) => Reply::json(200, &v),
            Ok(None) => Reply::error(404, "sheet", "Sổ không có trang tính này.", "The workbook has no such sheet."),
            Err(e) => match job_failed(e, self.limit_secs()) {
                Ok(d) => Reply::error(422, d.code, d.text(Lang::Vi), d.text(Lang::En)),
                Err(r) => r,
            },
        }
    }

    fn report_docx(&self, e: &CheckEntry, lang: Lang) -> Reply {
        let checked = match &e.outcome {
            Ok(c) if !c.has_errors() => c,
            _ => {
                return Reply::error(
                    409,
                    "has_errors",
                    "Sổ có lỗi: chưa lập báo cáo. Sửa các ô được chỉ ra rồi chọn lại tệp.",
                    "The workbook has errors: no report was written. Fix the cells shown and choose the file again.",
                )
            }
        };
        let opts = crate::render::docx::DocxOptions {
            layout: e.layout.clone(),
            lang,
        };
        match crate::render::docx::render(&checked.report, &opts) {
            Ok(bytes) => Reply::file(DOCX, &format!("{}.docx", stem(&e.name)), bytes),
            Err(e) => Reply::error(500, "internal", &e.to_string(), &e.to_string()),
        }
    }

    fn batch(&self, id: &str) -> Option<Arc<Mutex<Batch>>> {
        self.batches.lock().ok().and_then(|b| b.get(id))
    }

    fn batch_file(&self, req: &mut Request, id: &str, params: &[(String, String)]) -> Reply {
        let Some(batch) = self.batch(id) else {
            return not_found();
        };
        let full = batch.lock().map(|b| b.inputs.len() >= MAX_BATCH_FILES).unwrap_or(true);
        if full {
            return Reply::error(
                413,
                "too_many",
                &format!("Quá {MAX_BATCH_FILES} tệp trong một lần tổng hợp."),
                &format!("More than {MAX_BATCH_FILES} files in one consolidation."),
            );
        }
        let name = param(params, "name")
            .filter(|n| !n.is_empty())
            .unwrap_or("workbook.xlsx")
            .to_string();
        let bytes = match body(req, self.limits.file_bytes) {
            Ok(b) => b,
            Err(r) => return r,
        };
        // The office's config is not applied to the wards' workbooks (as the CLI).
        let opts = Options {
            config: None,
            limits: self.limits,
        };
        let file_name = name.rsplit(['/', '\\']).next().unwrap_or(&name).to_string();
        let shown = name.clone();
        let input = match self.workers.run(move || cons::input_from_bytes(shown, &file_name, &bytes, &opts)) {
            Ok(i) => i,
            Err(e) => match job_failed(e, self.limit_secs()) {
                Ok(d) => Input {
                    path: name.clone(),
                    sha256: None,
                    outcome: InputOutcome::Failed(d),
                },
                Err(r) => return r,
            },
        };
        let (status, errors) = match &input.outcome {
            InputOutcome::Read(c) => ("read", c.diagnostics.iter().filter(|d| d.is_error()).count()),
            InputOutcome::Failed(_) => ("unreadable", 1),
            InputOutcome::Ours(_) => ("ours", 0),
        };
        let count = match batch.lock() {
            Ok(mut b) => {
                b.inputs.push(input);
                b.result = None;
                b.inputs.len()
            }
            Err(_) => 0,
        };
        Reply::json(200, &json!({"name": name, "status": status, "errors": errors, "files": count}))
    }

    fn batch_run(&self, req: &mut Request, id: &str, lang: Lang) -> Reply {
        let Some(batch) = self.batch(id) else {
            return not_found();
        };
        let form: RunForm = match body(req, MAX_FORM_BYTES).map(|b| serde_json::from_slice(&b)) {
            Ok(Ok(f)) => f,
            Ok(Err(_)) => return Reply::error(400, "form", "Biểu mẫu không đúng.", "The form is malformed."),
            Err(r) => return r,
        };
        let period = if form.period.trim().is_empty() {
            None
        } else {
            match crate::normalize::period::parse_machine(form.period.trim()) {
                Some(p) => Some(p),
                None => {
                    return Reply::error(
                        400,
                        "period",
                        "Kỳ phải viết như 2018, 2018-H1 (6 tháng đầu năm), 2018-Q3 (quý III), 2018-10 (tháng 10).",
                        "A period looks like 2018, 2018-H1, 2018-Q3 or 2018-10.",
                    )
                }
            }
        };
        let cfg = match self.office_config(&form.office) {
            Ok(c) => c,
            Err(e) => return Reply::error(400, "office", &e.message(Lang::Vi), &e.message(Lang::En)),
        };
        let saved = if form.remember { Some(self.remember(&cfg)) } else { None };
        let inputs = match batch.lock() {
            Ok(b) => b.inputs.clone(),
            Err(_) => return not_found(),
        };
        if inputs.is_empty() {
            return Reply::error(400, "empty", "Chưa có tệp nào.", "No file yet.");
        }
        let copts = ConsolidateOptions {
            period,
            allow_errors: form.allow_errors,
            province: cfg.province_text(),
            ..Default::default()
        };
        let job_cfg = cfg.clone();
        let folded = self.workers.run(move || {
            let mut c = cons::consolidate(inputs, &copts);
            c.note_office_details(&job_cfg);
            c
        });
        let c = match folded {
            Ok(c) => c,
            Err(e) => {
                return match job_failed(e, self.limit_secs()) {
                    Ok(d) => Reply::error(503, d.code, d.text(Lang::Vi), d.text(Lang::En)),
                    Err(r) => r,
                }
            }
        };
        let result = Arc::new((c, cfg));
        if let Ok(mut b) = batch.lock() {
            b.result = Some(Arc::clone(&result));
        }
        let mut v = self.batch_json(id, &result, lang);
        if let (Some(saved), Value::Object(m)) = (saved, &mut v) {
            m.insert(
                "config_saved".into(),
                match saved {
                    Ok(p) => json!({"path": p}),
                    Err(e) => json!({"message_vi": e.message(Lang::Vi), "message_en": e.message(Lang::En)}),
                },
            );
        }
        Reply::json(200, &v)
    }

    /// The remembered config with the form's office details in place of its
    /// own, checked as a `--config` file would be.
    fn office_config(&self, o: &Office) -> Result<Config, crate::config::ConfigError> {
        let (mut cfg, _) = self.remembered();
        let v = |s: &str| {
            let s = s.trim();
            (!s.is_empty()).then(|| s.to_string())
        };
        let list = |l: &[String]| {
            let l: Vec<String> = l.iter().map(|s| s.trim().to_string()).filter(|s| !s.is_empty()).collect();
            (!l.is_empty()).then_some(l)
        };
        cfg.unit.authority = v(&o.authority);
        cfg.unit.issuer = v(&o.issuer);
        cfg.unit.area = v(&o.area);
        cfg.document.place = v(&o.place);
        cfg.document.number = v(&o.number);
        cfg.document.date = v(&o.date);
        cfg.document.recipients = list(&o.recipients);
        cfg.document.copies_to = list(&o.copies_to);
        cfg.document.signer.authority = v(&o.signer_authority);
        cfg.document.signer.title = v(&o.signer_title);
        cfg.document.signer.name = v(&o.signer_name);
        Config::parse(&cfg.to_toml(), "form")
    }

    /// Writes the office's details for next month (atomically). The number,
    /// the date and the period belong to this report only: a stale one
    /// reused next month would be sent unnoticed.
    fn remember(&self, cfg: &Config) -> Result<String, crate::output::OutputError> {
        let Some(path) = &self.config_path else {
            return Err(crate::output::OutputError::Write {
                path: PathBuf::from("config.toml"),
                source: std::io::Error::new(std::io::ErrorKind::NotFound, "no user config folder (APPDATA / HOME)"),
            });
        };
        let mut keep = cfg.clone();
        keep.document.number = None;
        keep.document.date = None;
        keep.document.period = None;
        if let Some(dir) = path.parent() {
            if let Err(source) = std::fs::create_dir_all(dir) {
                return Err(crate::output::OutputError::Write {
                    path: path.clone(),
                    source,
                });
            }
        }
        crate::output::write_atomic(path, keep.to_toml().as_bytes()).map(|()| path.display().to_string())
    }

    fn with_result(&self, id: &str, f: impl FnOnce(&(Consolidation, Config)) -> Reply) -> Reply {
        let r = self.batch(id).and_then(|b| b.lock().ok().and_then(|b| b.result.clone()));
        match r {
            Some(r) => f(&r),
            None => not_found(),
        }
    }

    fn batch_json(&self, id: &str, r: &(Consolidation, Config), lang: Lang) -> Value {
        let c = &r.0;
        let coverage: Vec<Value> = c
            .coverage()
            .into_iter()
            .map(|row| {
                json!({
                    "unit": row.unit,
                    "months": row.months.iter().zip(&row.files).map(|((p, cell), files)| json!({
                        "period": p.machine(), "month": p.months().0, "state": cell.name(), "files": files,
                    })).collect::<Vec<_>>(),
                })
            })
            .collect();
        json!({
            "id": id,
            "exit_code": c.exit_code(),
            "can_download": c.exit_code() == 0,
            "double_count": c.has_double_count(),
            "input_errors": c.has_input_errors(),
            "used": c.used_count(),
            "total": c.files.len(),
            "period": c.period.map(|p| p.machine()),
            "period_label": c.period.map(|p| match lang { Lang::Vi => p.label(), Lang::En => p.label_en() }),
            "coverage": coverage,
            "result": c.to_json(lang),
        })
    }

    fn refuse_unless_clean(c: &Consolidation) -> Option<Reply> {
        if c.exit_code() == 0 {
            return None;
        }
        Some(if c.has_double_count() {
            Reply::error(
                409,
                "double_count",
                "Có tệp tính trùng thời gian: chưa lập tổng hợp. Bỏ một trong các tệp trùng rồi làm lại.",
                "Some inputs overlap in time: nothing was made. Remove one of each overlapping pair and run again.",
            )
        } else {
            Reply::error(
                409,
                "input_errors",
                "Có tệp lỗi: chưa lập tổng hợp. Sửa các tệp lỗi, hoặc chọn “vẫn lập, bỏ các tệp lỗi ra”.",
                "Some inputs have errors: nothing was made. Fix them, or choose “make it anyway, leaving them out”.",
            )
        })
    }

    fn summary_xlsx(&self, r: &(Consolidation, Config)) -> Reply {
        if let Some(refused) = App::refuse_unless_clean(&r.0) {
            return refused;
        }
        match crate::render::xlsx::summary_workbook(&r.0) {
            Ok(bytes) => {
                let name =
                    r.0.period
                        .map(|p| format!("tong-hop-{}.xlsx", p.machine()))
                        .unwrap_or_else(|| "tong-hop.xlsx".into());
                Reply::file(XLSX, &name, bytes)
            }
            Err(e) => Reply::error(500, "internal", &e.to_string(), &e.to_string()),
        }
    }

    fn town_docx(&self, r: &(Consolidation, Config), lang: Lang) -> Reply {
        if let Some(refused) = App::refuse_unless_clean(&r.0) {
            return refused;
        }
        let (c, cfg) = r;
        let spec = cons::town_document(c, cfg);
        let opts = crate::render::docx::DocxOptions {
            layout: cfg.layout.clone(),
            lang,
        };
        match crate::render::docx::render_document(&spec, &opts) {
            Ok(bytes) => {
                let name = c
                    .period
                    .map(|p| format!("bao-cao-tong-hop-{}.docx", p.machine()))
                    .unwrap_or_else(|| "bao-cao-tong-hop.docx".into());
                Reply::file(DOCX, &name, bytes)
            }
            Err(e) => Reply::error(500, "internal", &e.to_string(), &e.to_string()),
        }
    }
}
