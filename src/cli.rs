//! The command line: arguments → a checked configuration → one call into the
//! library → an exit code. Help and messages are Vietnamese unless `--lang en`.

use std::ffi::OsString;
use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};

use clap::{Arg, ArgAction, ArgMatches, Command};

use baocao::diag::{Diagnostic, Lang, Severity};
use baocao::output::{OutputError, OutputKind, Planned};
use baocao::{Config, Limits, Options};

mod outline;

/// Exit codes of cli.md.
const OK: i32 = 0;
const INPUT_ERRORS: i32 = 1;
const CANNOT_RUN: i32 = 2;

fn t(lang: Lang, vi: &'static str, en: &'static str) -> &'static str {
    match lang {
        Lang::Vi => vi,
        Lang::En => en,
    }
}

/// `--lang en` may stand anywhere; it decides the language of the help itself,
/// so it is looked for before clap parses.
fn lang_of(args: &[OsString]) -> Lang {
    let mut it = args.iter().map(|a| a.to_string_lossy());
    while let Some(a) = it.next() {
        if a == "--lang" {
            if it.next().as_deref() == Some("en") {
                return Lang::En;
            }
        } else if a == "--lang=en" {
            return Lang::En;
        }
    }
    Lang::Vi
}

fn command(lang: Lang) -> Command {
    let tr = |vi, en| t(lang, vi, en);
    let config = Arg::new("config")
        .long("config")
        .value_name("F.toml")
        .value_parser(clap::value_parser!(PathBuf))
        .help(tr(
            "tệp cấu hình: các mục Thông tin và trình bày khi sổ không có",
            "config file: Thông tin items and layout when the workbook lacks them",
        ));
    let no_limits = Arg::new("no-limits").long("no-limits").action(ArgAction::SetTrue).help(tr(
        "bỏ giới hạn an toàn về dung lượng và số dòng (chỉ dùng với tệp tin cậy)",
        "lift the safety limits on size and rows (trusted files only)",
    ));
    let force = Arg::new("force").long("force").action(ArgAction::SetTrue).help(tr(
        "cho phép thay một tệp đã có mà không do baocao ghi (sổ số liệu, văn bản khác)",
        "allow replacing an existing file that baocao did not write (a workbook, another document)",
    ));
    let verbose = Arg::new("verbose").short('v').long("verbose").action(ArgAction::SetTrue).help(tr(
        "in cả các ghi chú (chữ đã chuyển mã, số đọc từ chữ…)",
        "also print notes (converted text, numbers read from text…)",
    ));
    let json = Arg::new("json")
        .long("json")
        .action(ArgAction::SetTrue)
        .help(tr("in kết quả dạng JSON", "print the result as JSON"));
    let output = |help| {
        Arg::new("output")
            .short('o')
            .long("output")
            .value_name("OUT")
            .required(true)
            .value_parser(clap::value_parser!(PathBuf))
            .help(help)
    };
    // clap's own words (Usage, Options, Print help) in the user's language too.
    let vi = lang == Lang::Vi;
    let localize = |c: Command| -> Command {
        let mut c = c.disable_help_flag(true).arg(
            Arg::new("help")
                .short('h')
                .long("help")
                .action(ArgAction::Help)
                .help(tr("in hướng dẫn này", "print this help")),
        );
        let ids: Vec<(String, bool)> = c.get_arguments().map(|a| (a.get_id().to_string(), a.is_positional())).collect();
        for (id, positional) in ids {
            let heading = if positional {
                tr("Đối số", "Arguments")
            } else {
                tr("Tùy chọn", "Options")
            };
            c = c.mut_arg(id, |a| a.help_heading(heading));
        }
        if vi {
            c.help_template("{before-help}{about-with-newline}\nCách dùng: {usage}\n\n{all-args}{after-help}")
        } else {
            c
        }
    };
    // The usage line says `baocao` on every system (clap would take argv[0],
    // `baocao.exe` on Windows).
    let root = Command::new("baocao")
        .bin_name("baocao")
        .version(env!("CARGO_PKG_VERSION"))
        .disable_version_flag(true)
        .arg(
            Arg::new("version")
                .short('V')
                .long("version")
                .action(ArgAction::Version)
                .help(tr("in số phiên bản", "print the version")),
        )
        .subcommand_help_heading(tr("Lệnh", "Commands"))
        .about(tr(
            "Báo cáo TTHTCĐ: kiểm tra sổ Excel, lập báo cáo Word theo Nghị định 30/2020/NĐ-CP, tổng hợp nhiều đơn vị",
            "TTHTCĐ reports: check Excel workbooks, write the Decree 30/2020 Word report, consolidate many units",
        ))
        .subcommand_required(true)
        .arg_required_else_help(true)
        .disable_help_subcommand(true)
        .arg(
            Arg::new("lang")
                .long("lang")
                .global(true)
                .value_parser(["vi", "en"])
                .default_value("vi")
                .hide_default_value(true)
                .hide_possible_values(true)
                .help(tr(
                    "ngôn ngữ thông báo: vi (mặc định) hoặc en",
                    "message language: vi (default) or en",
                )),
        )
        .subcommand(
            Command::new("template")
                .visible_alias("mau")
                .about(tr(
                    "ghi sổ mẫu trống để nhập số liệu (hoặc ví dụ Kim Sơn 2018)",
                    "write the blank workbook to fill in (or the Kim Sơn 2018 example)",
                ))
                .arg(Arg::new("example").long("example").action(ArgAction::SetTrue).help(tr(
                    "ghi ví dụ Kim Sơn 2018 đã điền số liệu",
                    "write the filled-in Kim Sơn 2018 example",
                )))
                .arg(
                    output(tr("tệp .xlsx sẽ ghi", "the .xlsx file to write"))
                        .required(false)
                        .required_unless_present("outline"),
                )
                .arg(outline::template_arg(lang).conflicts_with_all(["example", "output"]))
                .arg(force.clone()),
        )
        .subcommand(
            Command::new("check")
                .visible_alias("kiemtra")
                .about(tr(
                    "kiểm tra một sổ và chỉ ra từng ô sai",
                    "check one workbook and point at every wrong cell",
                ))
                .arg(
                    Arg::new("input")
                        .required(true)
                        .value_name("IN")
                        .value_parser(clap::value_parser!(PathBuf))
                        .help(tr("sổ Excel (.xlsx, .xlsm, .xls, .ods)", "the workbook (.xlsx, .xlsm, .xls, .ods)")),
                )
                .arg(json.clone())
                .arg(verbose.clone())
                .arg(config.clone())
                .arg(no_limits.clone()),
        )
        .subcommand(
            Command::new("report")
                .visible_alias("lapbaocao")
                .about(tr(
                    "lập báo cáo Word (.docx) hoặc PDF theo Nghị định 30/2020/NĐ-CP",
                    "write the Word (.docx) or PDF report in the Decree 30/2020 layout",
                ))
                .arg(
                    Arg::new("input")
                        .required(true)
                        .value_name("IN")
                        .value_parser(clap::value_parser!(PathBuf))
                        .help(tr("sổ Excel của đơn vị", "the unit's workbook")),
                )
                .arg(output(tr("tệp .docx (hoặc .pdf) sẽ ghi", "the .docx (or .pdf) file to write")))
                .args(crate::cli_pdf::args(lang, None))
                .arg(outline::arg(lang))
                .arg(config.clone())
                .arg(
                    Arg::new("compare")
                        .long("compare")
                        .value_name("PREV")
                        .value_parser(clap::value_parser!(PathBuf))
                        .help(tr(
                            "sổ của cùng kỳ năm trước: báo cáo nêu tăng, giảm của từng chỉ tiêu",
                            "the workbook of the same period a year before: the report states each indicator's change",
                        )),
                )
                .arg(verbose.clone())
                .arg(force.clone())
                .arg(no_limits.clone()),
        )
        .subcommand(
            Command::new("consolidate")
                .visible_alias("tonghop")
                .about(tr(
                    "tổng hợp nhiều sổ (đơn vị × tháng) thành một bảng tổng hợp .xlsx",
                    "consolidate many workbooks (units × months) into one summary .xlsx",
                ))
                .arg(
                    Arg::new("inputs")
                        .required(true)
                        .num_args(1..)
                        .value_name("INPUTS")
                        .value_parser(clap::value_parser!(PathBuf))
                        .help(tr(
                            "các sổ và thư mục (tìm cả thư mục con)",
                            "workbooks and folders (searched recursively)",
                        )),
                )
                .arg(output(tr("tệp .xlsx tổng hợp sẽ ghi", "the summary .xlsx to write")))
                .arg(
                    Arg::new("period")
                        .long("period")
                        .value_name("P")
                        .value_parser(move |s: &str| parse_period(s, lang))
                        .help(tr(
                            "kỳ tổng hợp: 2018, 2018-H1, 2018-Q3, 2018-10",
                            "period: 2018, 2018-H1, 2018-Q3, 2018-10",
                        )),
                )
                .arg(
                    Arg::new("report")
                        .long("report")
                        .value_name("OUT.docx")
                        .value_parser(clap::value_parser!(PathBuf))
                        .help(tr(
                            "ghi thêm báo cáo tổng hợp .docx (hoặc .pdf)",
                            "also write the consolidated .docx (or .pdf) report",
                        )),
                )
                .arg(outline::arg(lang).requires("report"))
                .args(crate::cli_pdf::args(lang, Some("report")))
                .arg(config)
                .arg(
                    Arg::new("mapping")
                        .long("mapping")
                        .value_name("F.csv|F.toml")
                        .value_parser(clap::value_parser!(PathBuf))
                        .help(tr(
                            "tệp ánh xạ đơn vị cũ → mới: sửa hoặc bổ sung danh mục sắp xếp ngày 1/7/2025 có sẵn",
                            "old → new unit mapping file: corrects or extends the built-in 1 July 2025 reorganisation",
                        )),
                )
                .arg(
                    Arg::new("compare")
                        .long("compare")
                        .value_name("PREV")
                        .num_args(0..)
                        .value_parser(clap::value_parser!(PathBuf))
                        .help(tr(
                            "so sánh với cùng kỳ năm trước: các sổ, thư mục của kỳ đó (không ghi gì: tìm trong các sổ đã cho)",
                            "compare with the same period a year before: its workbooks or folders (none: found among the inputs)",
                        )),
                )
                .arg(json)
                .arg(Arg::new("allow-errors").long("allow-errors").action(ArgAction::SetTrue).help(tr(
                    "vẫn ghi kết quả khi có tệp lỗi (tệp lỗi bị bỏ ra, có ghi rõ)",
                    "write the result even when some inputs have errors (they are left out and listed)",
                )))
                .arg(verbose)
                .arg(force)
                .arg(no_limits),
        )
        .subcommand(crate::cli_web::command(lang));
    let subs: Vec<String> = root.get_subcommands().map(|c| c.get_name().to_string()).collect();
    let mut root = localize(root);
    for name in subs {
        root = root.mut_subcommand(name, localize);
    }
    root
}

fn parse_period(s: &str, lang: Lang) -> Result<baocao::Period, String> {
    baocao::normalize::period::parse_machine(s).ok_or_else(|| match lang {
        Lang::Vi => "kỳ phải viết như 2018, 2018-H1 (6 tháng đầu năm), 2018-Q3 (quý III), 2018-10 (tháng 10)".to_string(),
        Lang::En => "a period looks like 2018, 2018-H1, 2018-Q3 or 2018-10".to_string(),
    })
}

/// Runs the program; returns the exit code.
pub fn run(args: Vec<OsString>) -> i32 {
    let lang = lang_of(&args);
    if args.len() <= 1 && console::opened_for_us() {
        // Double-clicked in Explorer: Windows made a console window for
        // this program alone. A clerk who double-clicks wants the program,
        // not its command line: start the page and open the browser.
        return crate::cli_web::serve(0, true, lang, true);
    }
    let matches = match command(lang).try_get_matches_from(args) {
        Ok(m) => m,
        Err(e) => {
            if !e.use_stderr() {
                // --help, --version: not errors.
                let _ = e.print();
                return OK;
            }
            match (lang, clap_error_vi(&e)) {
                (Lang::Vi, Some(text)) => eprint!("{text}"),
                _ => {
                    let _ = e.print();
                }
            }
            return CANNOT_RUN;
        }
    };
    let ui = Ui::new(lang);
    match matches.subcommand() {
        Some(("template", m)) => template(m, &ui),
        Some(("check", m)) => check(m, &ui),
        Some(("report", m)) => report(m, &ui),
        Some(("consolidate", m)) => consolidate(m, &ui),
        Some(("web", m)) => crate::cli_web::run(m, ui.lang),
        _ => CANNOT_RUN,
    }
}

/// clap's own errors (a missing file name, an unknown option…) in
/// Vietnamese, with clap's usage line; `None` for the rare kinds not
/// translated, which are then printed as clap words them.
fn clap_error_vi(e: &clap::Error) -> Option<String> {
    use clap::error::{ContextKind as K, ErrorKind};
    let ctx = |k: K| e.get(k).map(|v| v.to_string()).unwrap_or_default();
    let ctx_list = |k: K| match e.get(k) {
        Some(clap::error::ContextValue::Strings(v)) => v.join(", "),
        Some(v) => v.to_string(),
        None => String::new(),
    };
    let mut text = match e.kind() {
        ErrorKind::MissingRequiredArgument => format!("thiếu tham số bắt buộc: {}", ctx_list(K::InvalidArg)),
        ErrorKind::UnknownArgument => format!("tham số lạ hoặc thừa: {}", ctx(K::InvalidArg)),
        ErrorKind::InvalidSubcommand => format!(
            "không có lệnh \"{}\" (các lệnh: mau, kiemtra, lapbaocao, tonghop)",
            ctx(K::InvalidSubcommand)
        ),
        ErrorKind::MissingSubcommand | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => {
            "chưa chọn lệnh (mau, kiemtra, lapbaocao hoặc tonghop)".to_string()
        }
        ErrorKind::InvalidValue | ErrorKind::ValueValidation => {
            let mut t = format!("giá trị \"{}\" không dùng được cho {}", ctx(K::InvalidValue), ctx(K::InvalidArg));
            let valid = ctx_list(K::ValidValue);
            if !valid.is_empty() {
                t.push_str(&format!(" (chọn một trong: {valid})"));
            }
            if let Some(why) = std::error::Error::source(e) {
                t.push_str(&format!(": {why}"));
            }
            t
        }
        ErrorKind::ArgumentConflict => {
            let (arg, prior) = (ctx(K::InvalidArg), ctx_list(K::PriorArg));
            if prior.is_empty() || prior == arg {
                format!("tham số {arg} chỉ được dùng một lần")
            } else {
                format!("không dùng {arg} cùng với {prior}")
            }
        }
        ErrorKind::TooManyValues | ErrorKind::WrongNumberOfValues | ErrorKind::TooFewValues => {
            format!("số giá trị của {} không đúng", ctx(K::InvalidArg))
        }
        ErrorKind::NoEquals => format!("{} cần dấu '=' trước giá trị", ctx(K::InvalidArg)),
        _ => return None,
    };
    let suggested = ctx_list(K::SuggestedArg) + &ctx_list(K::SuggestedSubcommand);
    if !suggested.is_empty() {
        text.push_str(&format!("\n\n  gợi ý: có phải là {suggested}?"));
    }
    let usage = ctx(K::Usage).replace("Usage:", "Cách dùng:");
    let usage = usage.trim();
    let usage = if usage.is_empty() { String::new() } else { format!("{usage}\n\n") };
    Some(format!(
        "lỗi: {text}\n\n{usage}Xem thêm: baocao --help, hoặc baocao <lệnh> --help.\n"
    ))
}

/// How to talk to the person at the keyboard.
pub struct Ui {
    pub lang: Lang,
    color: bool,
}

impl Ui {
    fn new(lang: Lang) -> Ui {
        let color = std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none();
        Ui { lang, color }
    }

    fn tr<'a>(&self, vi: &'a str, en: &'a str) -> &'a str {
        match self.lang {
            Lang::Vi => vi,
            Lang::En => en,
        }
    }

    fn paint(&self, s: &str, sev: Severity) -> String {
        if !self.color {
            return s.to_string();
        }
        let code = match sev {
            Severity::Error => "1;31",
            Severity::Warning => "1;33",
            Severity::Note => "36",
        };
        format!("\x1b[{code}m{s}\x1b[0m")
    }

    /// A fatal problem before or outside the inputs: printed on stderr.
    fn fail(&self, vi: String, en: String) -> i32 {
        let msg = if self.lang == Lang::En { en } else { vi };
        eprintln!("{}: {msg}", self.tr("baocao: lỗi", "baocao: error"));
        CANNOT_RUN
    }

    /// Diagnostics grouped by sheet, errors first within each sheet.
    fn print_diagnostics(&self, out: &mut dyn Write, file: &str, diags: &[Diagnostic], verbose: bool) {
        self.print_diagnostic_batches(out, file, std::iter::once(diags), verbose);
    }

    /// [`Ui::print_diagnostics`] for diagnostics that come in batches (a
    /// consolidation's, file by file from its store), so that they are never
    /// all in memory; buffered, as a consolidation of many files prints
    /// thousands of lines. Groups never span batches: a file's groups are
    /// named after the file.
    fn print_diagnostic_batches<B: AsRef<[Diagnostic]>>(
        &self,
        out: &mut dyn Write,
        title: &str,
        batches: impl Iterator<Item = B>,
        verbose: bool,
    ) {
        let mut out = std::io::BufWriter::new(out);
        let out = &mut out;
        let _ = writeln!(out, "{title}");
        let (mut e, mut w, mut n) = (0, 0, 0);
        for diags in batches {
            let diags = diags.as_ref();
            for d in diags {
                match d.severity {
                    Severity::Error => e += 1,
                    Severity::Warning => w += 1,
                    Severity::Note => n += 1,
                }
            }
            self.print_groups(out, diags, verbose);
        }
        let hint = if !verbose && n > 0 {
            self.tr(" (thêm --verbose để xem ghi chú)", " (add --verbose to see notes)")
        } else {
            ""
        };
        let _ = match self.lang {
            Lang::Vi => writeln!(out, "Kết quả: {e} lỗi, {w} cảnh báo, {n} ghi chú{hint}."),
            Lang::En => writeln!(
                out,
                "Result: {}, {}, {}{hint}.",
                plural(e, "error", "errors"),
                plural(w, "warning", "warnings"),
                plural(n, "note", "notes")
            ),
        };
    }

    fn print_groups(&self, out: &mut dyn Write, diags: &[Diagnostic], verbose: bool) {
        let shown = diags.iter().filter(|d| verbose || d.severity != Severity::Note);
        let mut groups: Vec<(String, Vec<&Diagnostic>)> = Vec::new();
        let mut group_of: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
        for d in shown {
            let sheet = d.sheet.clone().unwrap_or_else(|| self.tr("Chung", "General").to_string());
            let g = match &d.file {
                Some(f) => format!("{f} › {sheet}"),
                None => sheet,
            };
            match group_of.get(&g).and_then(|&i| groups.get_mut(i)) {
                Some((_, v)) => v.push(d),
                None => {
                    group_of.insert(g.clone(), groups.len());
                    groups.push((g, vec![d]));
                }
            }
        }
        for (group, mut ds) in groups {
            ds.sort_by_key(|d| std::cmp::Reverse(d.severity));
            let _ = writeln!(out, "  {group}");
            for d in ds {
                let place = match (&d.cell, &d.label, &d.sheet) {
                    (Some(c), _, Some(sheet)) => format!("{sheet}!{c}: "),
                    (Some(c), _, None) => format!("{c}: "),
                    (None, Some(l), _) => format!("{l}: "),
                    _ => String::new(),
                };
                let sev = self.paint(&format!("{:<8}", d.severity.label(self.lang)), d.severity);
                let _ = writeln!(out, "    {sev} {place}{} [{}]", d.text(self.lang), d.code);
            }
        }
    }
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

fn options(m: &ArgMatches, ui: &Ui) -> Result<Options, i32> {
    let config = match m.get_one::<PathBuf>("config") {
        Some(p) => match Config::load(p) {
            Ok(c) => Some(c),
            Err(e) => return Err(ui.fail(e.message(Lang::Vi), e.message(Lang::En))),
        },
        None => None,
    };
    let limits = if m.get_flag("no-limits") {
        Limits::unlimited()
    } else {
        Limits::default()
    };
    Ok(Options { config, limits })
}

fn shown(p: &Path) -> String {
    p.display().to_string()
}

/// Checks the outputs before any work ([`baocao::output::check_outputs`]).
fn outputs_ok(outs: &[Planned], inputs: &[PathBuf], m: &ArgMatches, ui: &Ui) -> Result<(), i32> {
    let config = m.try_get_one::<PathBuf>("config").ok().flatten().map(PathBuf::as_path);
    let force = m.get_flag("force");
    baocao::output::check_outputs(outs, inputs, config, force).map_err(|e| out_fail(ui, &e))
}

fn out_fail(ui: &Ui, e: &OutputError) -> i32 {
    ui.fail(e.message(Lang::Vi), e.message(Lang::En))
}

fn pdf_fail(ui: &Ui, e: &baocao::render::pdf::PdfError) -> i32 {
    let (vi, en) = crate::cli_pdf::failure(e);
    ui.fail(vi, en)
}

fn template(m: &ArgMatches, ui: &Ui) -> i32 {
    if let Some(o) = m.get_one::<PathBuf>("outline") {
        return outline::template(o, m, ui);
    }
    let out = m.get_one::<PathBuf>("output").cloned().unwrap_or_default();
    // The template carries no mark (a clerk fills it): an existing file is
    // replaced only with --force.
    if let Err(code) = outputs_ok(&[Planned::new(&out, OutputKind::Template)], &[], m, ui) {
        return code;
    }
    let example = baocao::example::kim_son_2018();
    let bytes = match baocao::template::workbook(m.get_flag("example").then_some(&example)) {
        Ok(b) => b,
        Err(e) => return ui.fail(e.to_string(), e.to_string()),
    };
    if let Err(e) = baocao::output::write_atomic(&out, &bytes) {
        return out_fail(ui, &e);
    }
    eprintln!("{} {}", ui.tr("Đã ghi", "Wrote"), shown(&out));
    OK
}

/// Reads and checks one input for `check` and `report`; an unreadable file is exit 2.
fn checked(input: &Path, opts: &Options, ui: &Ui) -> Result<baocao::Checked, (i32, Box<Diagnostic>)> {
    if !input.exists() {
        let d = Diagnostic::new(
            "E-FILE-UNREADABLE",
            format!("Không có tệp {}: kiểm tra lại tên tệp và thư mục.", shown(input)),
            format!("No such file: {}: check the file and folder names.", shown(input)),
        );
        return Err((CANNOT_RUN, Box::new(d)));
    }
    let _ = ui;
    baocao::check_file(input, opts).map_err(|e| (CANNOT_RUN, Box::new(e.diagnostic())))
}

fn check(m: &ArgMatches, ui: &Ui) -> i32 {
    let input = m.get_one::<PathBuf>("input").cloned().unwrap_or_default();
    let opts = match options(m, ui) {
        Ok(o) => o,
        Err(code) => return code,
    };
    let json = m.get_flag("json");
    let (code, report, diags) = match checked(&input, &opts, ui) {
        Ok(c) => {
            let code = if c.has_errors() { INPUT_ERRORS } else { OK };
            (code, Some(c.report), c.diagnostics)
        }
        Err((code, d)) => (code, None, vec![*d]),
    };
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    if json {
        let file = baocao::json::report_json(&shown(&input), &report.unwrap_or_default(), &diags, ui.lang);
        let doc = serde_json::json!({ "files": [file] });
        let _ = writeln!(out, "{}", serde_json::to_string_pretty(&doc).unwrap_or_default());
    } else {
        ui.print_diagnostics(&mut out, &shown(&input), &diags, m.get_flag("verbose"));
        if let Some(r) = report.filter(|_| code == OK) {
            let t = r.totals();
            let n = |v: Option<u64>| v.map(baocao::normalize::number::format_int).unwrap_or_else(|| "—".into());
            let reported = r
                .activities
                .iter()
                .filter(|a| a.classes.is_some() || a.participants.is_some())
                .count();
            let _ = match ui.lang {
                Lang::Vi => writeln!(
                    out,
                    "Số liệu: {reported} hoạt động có số liệu, {} lớp (chuyên đề), {} lượt người, nữ {}.",
                    n(t.classes),
                    n(t.participants),
                    n(t.female)
                ),
                Lang::En => writeln!(
                    out,
                    "Figures: {reported} activities reported, {} classes, {} participants, women {}.",
                    n(t.classes),
                    n(t.participants),
                    n(t.female)
                ),
            };
        }
    }
    code
}

fn report(m: &ArgMatches, ui: &Ui) -> i32 {
    let input = m.get_one::<PathBuf>("input").cloned().unwrap_or_default();
    let out = m.get_one::<PathBuf>("output").cloned().unwrap_or_default();
    let opts = match options(m, ui) {
        Ok(o) => o,
        Err(code) => return code,
    };
    let outline = match outline::load(m, ui) {
        Ok(o) => o,
        Err(code) => return code,
    };
    let mut inputs = vec![input.clone()];
    inputs.extend(outline.as_ref().map(|o| o.path().to_path_buf()));
    // An output that cannot be written, or a missing LibreOffice, is found before any work.
    let request = crate::cli_pdf::Request::of(&out, m);
    let planned = request.planned(OutputKind::Report, OutputKind::ReportPdf);
    if let Err(code) = outputs_ok(&planned, &inputs, m, ui) {
        return code;
    }
    let converter = match request.pdf.as_ref().map(|_| crate::cli_pdf::Converter::find()).transpose() {
        Ok(c) => c,
        Err(e) => return pdf_fail(ui, &e),
    };
    let verbose = m.get_flag("verbose");
    let checked = match checked(&input, &opts, ui) {
        Ok(c) => c,
        Err((code, d)) => {
            ui.print_diagnostics(&mut std::io::stderr(), &shown(&input), &[*d], verbose);
            return code;
        }
    };
    let mut checked = checked;
    if let Some(prev_path) = m.get_one::<PathBuf>("compare") {
        match checked_prev(prev_path, &opts, ui) {
            Ok(prev) => {
                let files = (shown(&input), shown(prev_path));
                let files = (files.0.as_ref(), files.1.as_ref());
                if let Some(d) = baocao::consolidate::compare::previous_into(&mut checked.report, &prev, files) {
                    checked.diagnostics.push(d);
                }
            }
            Err(code) => return code,
        }
    }
    let errors = checked.has_errors();
    if errors || verbose || checked.diagnostics.iter().any(|d| d.severity == Severity::Warning) {
        ui.print_diagnostics(&mut std::io::stderr(), &shown(&input), &checked.diagnostics, verbose);
    }
    if errors {
        eprintln!(
            "{}",
            ui.tr(
                "Sổ có lỗi: chưa lập báo cáo. Sửa các ô trên rồi chạy lại.",
                "The workbook has errors: no report was written. Fix the cells above and run again."
            )
        );
        return INPUT_ERRORS;
    }
    let layout = opts.config.as_ref().map(|c| c.layout.clone()).unwrap_or_default();
    let docx_opts = baocao::render::docx::DocxOptions { layout, lang: ui.lang };
    let rendered = match &outline {
        Some(o) => match o.fill(&checked.report, &[], baocao::mark::Mark::Report, ui, verbose) {
            Ok(b) => Ok(b),
            Err(code) => return code,
        },
        None => baocao::render::docx::render(&checked.report, &docx_opts),
    };
    let bytes = match rendered {
        Ok(b) => b,
        Err(e) => return ui.fail(e.to_string(), e.to_string()),
    };
    let mut files: Vec<(&Path, Vec<u8>)> = Vec::new();
    if let (Some(c), Some(p)) = (&converter, &request.pdf) {
        let spec = baocao::render::docx::doc_spec(&checked.report);
        match c.convert(&bytes, &spec, request.archive, baocao::mark::Mark::Report) {
            Ok(pdf) => files.push((p, pdf)),
            Err(e) => return pdf_fail(ui, &e),
        }
    }
    if let Some(d) = &request.docx {
        files.insert(0, (d, bytes));
    }
    if let Err(e) = baocao::output::write_all_atomic(&files) {
        return out_fail(ui, &e);
    }
    for (p, _) in &files {
        eprintln!("{} {}", ui.tr("Đã ghi báo cáo", "Wrote the report"), shown(p));
    }
    OK
}

/// The previous period's workbook of `report --compare`: read like the
/// input; one with errors is refused (its figures would be stated as fact).
fn checked_prev(path: &Path, opts: &Options, ui: &Ui) -> Result<baocao::Report, i32> {
    match checked(path, opts, ui) {
        Ok(c) if !c.has_errors() => Ok(c.report),
        Ok(c) => {
            ui.print_diagnostics(&mut std::io::stderr(), &shown(path), &c.diagnostics, false);
            Err(ui.fail(
                format!("sổ cùng kỳ năm trước {} có lỗi: sửa rồi chạy lại", shown(path)),
                format!("the previous year's workbook {} has errors: fix them and run again", shown(path)),
            ))
        }
        Err((code, d)) => {
            ui.print_diagnostics(&mut std::io::stderr(), &shown(path), &[*d], false);
            Err(code)
        }
    }
}

fn consolidate(m: &ArgMatches, ui: &Ui) -> i32 {
    use baocao::consolidate::{self as cons, ConsolidateOptions};
    let inputs: Vec<PathBuf> = m.get_many::<PathBuf>("inputs").map(|v| v.cloned().collect()).unwrap_or_default();
    let out = m.get_one::<PathBuf>("output").cloned().unwrap_or_default();
    let report_out = m.get_one::<PathBuf>("report").cloned();
    let verbose = m.get_flag("verbose");
    let allow_errors = m.get_flag("allow-errors");
    let opts = match options(m, ui) {
        Ok(o) => o,
        Err(code) => return code,
    };
    let found = match cons::discover(&inputs) {
        Ok(p) => p,
        Err(e) => return ui.fail(e.message(Lang::Vi), e.message(Lang::En)),
    };
    let outline = match outline::load(m, ui) {
        Ok(o) => o,
        Err(code) => return code,
    };
    let paths = found.files;
    baocao::phases::end("discover");
    let request = report_out.as_deref().map(|p| crate::cli_pdf::Request::of(p, m));
    let mut outputs = vec![Planned::new(&out, OutputKind::Summary)];
    if let Some(r) = &request {
        outputs.extend(r.planned(OutputKind::ConsolidatedReport, OutputKind::ConsolidatedReportPdf));
    }
    {
        // A copy of the list for this check only: a province's is megabytes.
        let mut inputs = paths.clone();
        inputs.extend(outline.as_ref().map(|o| o.path().to_path_buf()));
        if let Err(code) = outputs_ok(&outputs, &inputs, m, ui) {
            return code;
        }
    }
    let pdf_request = request.as_ref().filter(|r| r.pdf.is_some());
    let converter = match pdf_request.map(|_| crate::cli_pdf::Converter::find()).transpose() {
        Ok(c) => c,
        Err(e) => return pdf_fail(ui, &e),
    };
    if paths.is_empty() {
        for s in &found.skipped {
            eprintln!("  {}", s.diagnostic().text(ui.lang));
        }
        return ui.fail(
            "không có sổ nào (.xlsx, .xlsm, .xls, .ods) trong các đường dẫn đã cho".into(),
            "no workbook (.xlsx, .xlsm, .xls, .ods) in the given paths".into(),
        );
    }
    baocao::phases::end("outputs checked");
    // Both outputs are started now, so a folder that takes no file is
    // found before the work; they are committed together at the end.
    let mut staged = Vec::new();
    for o in &outputs {
        match baocao::output::Staged::new(&o.path) {
            Ok(s) => staged.push(s),
            Err(e) => return out_fail(ui, &e),
        }
    }
    let mapping = match m.get_one::<PathBuf>("mapping") {
        None => None,
        Some(f) => {
            let base = baocao::dvhc::Mapping::embedded().ok();
            match baocao::dvhc::Mapping::with_user_file(base, f) {
                Ok(m) => Some(std::sync::Arc::new(m)),
                Err(e) => return ui.fail(e.message(Lang::Vi), e.message(Lang::En)),
            }
        }
    };
    let copts = ConsolidateOptions {
        period: m.get_one::<baocao::Period>("period").copied(),
        allow_errors,
        mapping,
        province: opts.config.as_ref().and_then(|c| c.province_text()),
        as_of: None,
    };
    let bar = if std::io::stderr().is_terminal() {
        let pb = indicatif::ProgressBar::new(paths.len() as u64);
        if let Ok(style) = indicatif::ProgressStyle::with_template("{bar:40} {pos}/{len} {msg}") {
            pb.set_style(style);
        }
        pb.set_message(ui.tr("đang đọc", "reading").to_string());
        pb
    } else {
        indicatif::ProgressBar::hidden()
    };
    let tick = || bar.inc(1);
    // The config describes the consolidating office, not the wards: their
    // workbooks are read as they are (filling them would put a ward without
    // Địa bàn under the office's name).
    let read_opts = Options {
        config: None,
        limits: opts.limits,
    };
    // The list is the fold's to drop, but for a comparison with last year
    // over the same inputs.
    let given: Option<Vec<PathBuf>> = m
        .contains_id("compare")
        .then(|| m.get_many::<PathBuf>("compare").map(|v| v.cloned().collect()).unwrap_or_default());
    let same_inputs = given.as_ref().filter(|g| g.is_empty()).map(|_| paths.clone());
    let input_count = paths.len();
    let mut c = cons::consolidate_owned(paths, &copts, &read_opts, Some(&tick));
    baocao::phases::end("folded");
    c.note_skipped(&found.skipped);
    if let Some(given) = given {
        let prev_paths = match same_inputs {
            Some(p) => p,
            None => match cons::discover(&given) {
                Ok(p) => p.files,
                Err(e) => return ui.fail(e.message(Lang::Vi), e.message(Lang::En)),
            },
        };
        if let Some((now, before)) = c.period.and_then(|p| Some((p, cons::compare::same_period_last_year(p)?))) {
            let popts = ConsolidateOptions {
                period: Some(before),
                allow_errors: true,
                as_of: Some(now.end()),
                ..copts.clone()
            };
            let prev = cons::consolidate_files(&prev_paths, &popts, &read_opts, None);
            c.compare_with(&prev);
        }
    }
    let cfg = opts.config.clone().unwrap_or_default();
    if report_out.is_some() {
        c.note_office_details(&cfg);
    }
    bar.finish_and_clear();
    let code = c.exit_code();
    if m.get_flag("json") {
        let mut out = std::io::BufWriter::new(std::io::stdout().lock());
        let _ = c
            .write_json_pretty(ui.lang, &mut out)
            .and_then(|()| writeln!(out))
            .and_then(|()| out.flush());
    }
    ui.print_diagnostic_batches(
        &mut std::io::stderr(),
        &format!("{} {}", input_count, ui.tr("tệp", "files")),
        c.diagnostics_by_file(),
        verbose,
    );
    let p = c.period.map(|p| match ui.lang {
        Lang::Vi => p.label(),
        Lang::En => p.label_en(),
    });
    eprintln!(
        "{}: {} · {} {} / {}",
        ui.tr("Kỳ tổng hợp", "Period"),
        p.unwrap_or_else(|| "—".into()),
        c.used_count(),
        ui.tr("tệp được dùng", "files used"),
        input_count
    );
    if code != OK {
        let advice = if c.has_double_count() {
            ui.tr(
                "Có tệp tính trùng thời gian: chưa ghi tổng hợp. Bỏ một trong các tệp trùng (xem trên) rồi chạy lại.",
                "Some inputs overlap in time: nothing was written. Remove one of each overlapping pair (see above) and run again.",
            )
        } else {
            ui.tr(
                "Có tệp lỗi: chưa ghi tổng hợp. Sửa các tệp lỗi rồi chạy lại, hoặc thêm --allow-errors để bỏ các tệp lỗi ra và vẫn ghi.",
                "Some inputs have errors: nothing was written. Fix them and run again, or add --allow-errors to leave them out and write anyway.",
            )
        };
        eprintln!("{advice}");
        return code;
    }
    baocao::phases::end("diagnostics printed");
    let mut staged = staged.into_iter();
    let Some(mut summary) = staged.next() else {
        return CANNOT_RUN;
    };
    let report_staged = request.as_ref().and_then(|r| r.docx.as_ref()).and_then(|_| staged.next());
    let pdf_staged = pdf_request.and_then(|_| staged.next());
    {
        use baocao::render::xlsx::SummaryError;
        let written = match baocao::render::xlsx::write_summary_file(&c, summary.file()) {
            Ok(()) => Ok(()),
            Err(SummaryError::Xlsx(rust_xlsxwriter::XlsxError::IoError(e))) => Err(e),
            Err(e) => return ui.fail(e.to_string(), e.to_string()),
        };
        if let Err(source) = written {
            return out_fail(ui, &OutputError::Write { path: out.clone(), source });
        }
    }
    baocao::phases::end("summary written");
    let mut all = vec![summary];
    if request.is_some() {
        let spec = cons::town_document(&c, &cfg);
        let dopts = baocao::render::docx::DocxOptions {
            layout: cfg.layout.clone(),
            lang: ui.lang,
        };
        let rendered = match &outline {
            Some(o) => match o.fill(
                &cons::town_report(&c, &cfg),
                &spec.appendices.iter().flat_map(|a| a.blocks.iter().cloned()).collect::<Vec<_>>(),
                baocao::mark::Mark::ConsolidatedReport,
                ui,
                verbose,
            ) {
                Ok(b) => Ok(b),
                Err(code) => return code,
            },
            None => baocao::render::docx::render_document(&spec, &dopts),
        };
        let bytes = match rendered {
            Ok(b) => b,
            Err(e) => return ui.fail(e.to_string(), e.to_string()),
        };
        if let Some(mut rs) = report_staged {
            if let Err(e) = rs.file().write_all(&bytes) {
                return out_fail(ui, &rs.write_error(e));
            }
            all.push(rs);
        }
        if let (Some(mut ps), Some(conv), Some(r)) = (pdf_staged, &converter, pdf_request) {
            let pdf = match conv.convert(&bytes, &spec, r.archive, baocao::mark::Mark::ConsolidatedReport) {
                Ok(b) => b,
                Err(e) => return pdf_fail(ui, &e),
            };
            if let Err(e) = ps.file().write_all(&pdf) {
                return out_fail(ui, &ps.write_error(e));
            }
            all.push(ps);
        }
    }
    // The temporary data read back whole, or nothing is written.
    if let Some(e) = c.store_failure() {
        return ui.fail(
            format!("không đọc lại được dữ liệu tạm (ổ đĩa đầy hoặc hỏng?): {e}. Giải phóng chỗ trống trên ổ đĩa rồi chạy lại; chưa ghi tệp nào."),
            format!("cannot read back the temporary data (disk full or failing?): {e}. Free some disk space and run again; nothing was written."),
        );
    }
    let names: Vec<String> = all.iter().map(|s| shown(s.path())).collect();
    if let Err(e) = baocao::output::commit_all(all) {
        return out_fail(ui, &e);
    }
    baocao::phases::end("committed");
    for n in names {
        eprintln!("{} {}", ui.tr("Đã ghi", "Wrote"), n);
    }
    OK
}

/// Whether the console this program writes to was made for it alone: on
/// Windows, a console program double-clicked in Explorer gets a new console
/// window that closes as soon as it exits. Elsewhere, never.
mod console {
    #[cfg(windows)]
    pub fn opened_for_us() -> bool {
        #[link(name = "kernel32")]
        extern "system" {
            fn GetConsoleProcessList(list: *mut u32, count: u32) -> u32;
        }
        let mut ids = [0u32; 2];
        // SAFETY: the buffer holds `ids.len()` process ids; the call writes at most that many.
        let n = unsafe { GetConsoleProcessList(ids.as_mut_ptr(), ids.len() as u32) };
        n == 1
    }

    #[cfg(not(windows))]
    pub fn opened_for_us() -> bool {
        false
    }
}
