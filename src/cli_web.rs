//! `baocao web` (alias `giaodien`): starts the clerk's page ([`baocao::web`])
//! and opens the browser at it; also what a double-click on the program does.

use clap::{Arg, ArgAction, ArgMatches, Command};

use baocao::diag::Lang;
use baocao::web::{Stopped, Web, WebOptions};

fn t(lang: Lang, vi: &'static str, en: &'static str) -> &'static str {
    match lang {
        Lang::Vi => vi,
        Lang::En => en,
    }
}

pub fn command(lang: Lang) -> Command {
    Command::new("web")
        .visible_alias("giaodien")
        .about(t(
            lang,
            "mở trang làm việc trong trình duyệt (không cần dòng lệnh; chỉ trên máy này)",
            "open the work page in the browser (no command line needed; this machine only)",
        ))
        .arg(
            Arg::new("port")
                .long("port")
                .value_name("N")
                .value_parser(clap::value_parser!(u16))
                .help(t(lang, "cổng (mặc định: một cổng còn trống)", "port (default: any free port)")),
        )
        .arg(Arg::new("no-open").long("no-open").action(ArgAction::SetTrue).help(t(
            lang,
            "không tự mở trình duyệt (chỉ in địa chỉ)",
            "do not open the browser (only print the address)",
        )))
}

/// Serves until the page is closed or idle; prints the address and how to stop.
pub fn serve(port: u16, open: bool, lang: Lang, console_of_our_own: bool) -> i32 {
    let opts = WebOptions {
        port,
        ..WebOptions::default()
    };
    let idle_min = opts.idle.as_secs() / 60;
    let web = match Web::start(opts) {
        Ok(w) => w,
        Err(e) => {
            let msg = match lang {
                Lang::Vi => {
                    format!("baocao: lỗi: không mở được cổng {port} trên 127.0.0.1 ({e}). Thử cổng khác với --port, hoặc bỏ --port.")
                }
                Lang::En => format!("baocao: error: cannot listen on 127.0.0.1 port {port} ({e}). Try another --port, or leave it out."),
            };
            eprintln!("{msg}");
            return 2;
        }
    };
    let url = web.url();
    // The address on stdout, alone on its line (scripts and tests read it).
    println!("{url}");
    let how = if console_of_our_own {
        t(
            lang,
            "Trang làm việc đã mở trong trình duyệt. Đóng cửa sổ này để dừng chương trình.",
            "The work page is open in the browser. Close this window to stop the program.",
        )
    } else {
        t(lang, "Nhấn Ctrl+C để dừng.", "Press Ctrl+C to stop.")
    };
    match lang {
        Lang::Vi => eprintln!(
            "baocao: trang làm việc ở địa chỉ trên (chỉ máy này mở được). {how} Chương trình tự dừng khi đóng trang hoặc sau {idle_min} phút không dùng."
        ),
        Lang::En => eprintln!(
            "baocao: the work page is at the address above (only this machine can open it). {how} It stops by itself when the page is closed or after {idle_min} minutes unused."
        ),
    }
    if open && !baocao::web::open_browser(&url) {
        eprintln!(
            "{}",
            t(
                lang,
                "Không tự mở được trình duyệt: hãy chép địa chỉ trên vào trình duyệt.",
                "Could not open the browser: copy the address above into a browser."
            )
        );
    }
    let why = web.wait();
    web.shutdown();
    let said = match why {
        Stopped::Idle => t(lang, "baocao: đã dừng vì lâu không dùng.", "baocao: stopped after being unused."),
        Stopped::PageClosed => t(lang, "baocao: đã dừng vì trang đã đóng.", "baocao: stopped: the page was closed."),
        Stopped::Asked => t(lang, "baocao: đã dừng.", "baocao: stopped."),
    };
    eprintln!("{said}");
    0
}

pub fn run(m: &ArgMatches, lang: Lang) -> i32 {
    let port = m.get_one::<u16>("port").copied().unwrap_or(0);
    serve(port, !m.get_flag("no-open"), lang, false)
}
