//! `baocao web` (alias `giaodien`): the clerk's page, served by the same
//! program on 127.0.0.1, for people who do not use a terminal.
//!
//! A thin layer: [`api`] calls the library exactly as the command line does;
//! the page (HTML, CSS, JS) is embedded in the binary, so it works offline and
//! nothing is fetched at run time. Safe by default: bound to loopback only,
//! the Host header checked on every request (DNS rebinding), the Origin on
//! every request that changes state, a random token per start required by the
//! API, uploads bounded by the CLI's reading [`Limits`], each file read on a
//! worker thread with a time limit ([`work`]). Nothing is written to disk but
//! the remembered office details (the `--config` TOML, [`crate::config::user_config_path`]).
//!
//! The HTTP server is tiny_http (synchronous, a few threads): a page for one
//! clerk on one machine needs no async runtime, and the build stays small.

pub mod api;
pub mod http;
pub mod sheet;
pub mod work;

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

pub use api::App;

use crate::Limits;

pub(crate) const INDEX_HTML: &str = include_str!("assets/index.html");
pub(crate) const APP_JS: &str = include_str!("assets/app.js");
pub(crate) const STYLE_CSS: &str = include_str!("assets/style.css");

/// Choices of `baocao web`.
#[derive(Debug, Clone)]
pub struct WebOptions {
    /// 0: any free port.
    pub port: u16,
    pub limits: Limits,
    /// Time one file may take to read.
    pub time_limit: Duration,
    /// Files read at once at most.
    pub workers: usize,
    /// Threads answering requests.
    pub threads: usize,
    /// Stop after this long without any request.
    pub idle: Duration,
    /// Stop this long after the page stopped calling (its window was
    /// closed), once a page has called at all. The page calls every 20 s.
    pub closed_after: Duration,
    /// Where the office's details are remembered.
    pub config_path: Option<std::path::PathBuf>,
}

impl Default for WebOptions {
    fn default() -> Self {
        WebOptions {
            port: 0,
            limits: Limits::default(),
            time_limit: Duration::from_secs(60),
            workers: 4,
            threads: 8,
            idle: Duration::from_secs(30 * 60),
            closed_after: Duration::from_secs(3 * 60),
            config_path: crate::config::user_config_path(),
        }
    }
}

/// A running server.
pub struct Web {
    pub app: Arc<App>,
    server: Arc<tiny_http::Server>,
    stop: Arc<AtomicBool>,
    last: Arc<Mutex<(Instant, bool)>>,
    threads: Vec<std::thread::JoinHandle<()>>,
    idle: Duration,
    closed_after: Duration,
}

/// Why the server stopped.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stopped {
    Idle,
    PageClosed,
    Asked,
}

impl Web {
    /// Binds 127.0.0.1:`port` and starts answering.
    pub fn start(opts: WebOptions) -> std::io::Result<Web> {
        let listener = std::net::TcpListener::bind(("127.0.0.1", opts.port))?;
        let port = listener.local_addr()?.port();
        let server = tiny_http::Server::from_listener(listener, None).map_err(|e| std::io::Error::other(e.to_string()))?;
        let server = Arc::new(server);
        let app = Arc::new(App::new(
            port,
            opts.limits,
            work::Workers::new(opts.workers, opts.time_limit),
            opts.config_path.clone(),
        )?);
        let stop = Arc::new(AtomicBool::new(false));
        let last = Arc::new(Mutex::new((Instant::now(), false)));
        let mut threads = Vec::new();
        for i in 0..opts.threads.max(1) {
            let (server, app, stop, last) = (Arc::clone(&server), Arc::clone(&app), Arc::clone(&stop), Arc::clone(&last));
            threads.push(std::thread::Builder::new().name(format!("baocao-web-{i}")).spawn(move || {
                while !stop.load(Ordering::SeqCst) {
                    match server.recv_timeout(Duration::from_millis(200)) {
                        Ok(Some(req)) => {
                            if let Ok(mut l) = last.lock() {
                                let page = req.url().starts_with("/api/");
                                *l = (Instant::now(), l.1 || page);
                            }
                            // A panic answers this request with 500 and
                            // keeps the thread serving the others.
                            let app = &app;
                            let _ = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| app.handle(req)));
                        }
                        Ok(None) => {}
                        Err(_) => break,
                    }
                }
            })?);
        }
        Ok(Web {
            app,
            server,
            stop,
            last,
            threads,
            idle: opts.idle,
            closed_after: opts.closed_after,
        })
    }

    pub fn port(&self) -> u16 {
        self.app.port
    }

    /// The page's address, with this run's token.
    pub fn url(&self) -> String {
        format!("http://127.0.0.1:{}/?t={}", self.app.port, self.app.token)
    }

    /// Blocks until the page has been idle or closed long enough.
    pub fn wait(&self) -> Stopped {
        loop {
            std::thread::sleep(Duration::from_millis(500));
            if self.stop.load(Ordering::SeqCst) {
                return Stopped::Asked;
            }
            let (at, page_seen) = self.last.lock().map(|l| *l).unwrap_or((Instant::now(), false));
            let quiet = at.elapsed();
            if quiet >= self.idle {
                return Stopped::Idle;
            }
            if page_seen && quiet >= self.closed_after {
                return Stopped::PageClosed;
            }
        }
    }

    /// Stops answering and waits for the request threads.
    pub fn shutdown(self) {
        self.stop.store(true, Ordering::SeqCst);
        self.server.unblock();
        for t in self.threads {
            let _ = t.join();
        }
    }
}

/// Opens `url` in the default browser; never fails the program (a machine
/// without one still has the address printed).
pub fn open_browser(url: &str) -> bool {
    let mut cmd = if cfg!(windows) {
        let mut c = std::process::Command::new("cmd");
        // `start` takes a window title first; the URL has no `&`-free
        // guarantee in general, but ours is `http://127.0.0.1:PORT/?t=HEX`.
        c.args(["/C", "start", "", url]);
        c
    } else if cfg!(target_os = "macos") {
        let mut c = std::process::Command::new("open");
        c.arg(url);
        c
    } else {
        let mut c = std::process::Command::new("xdg-open");
        c.arg(url);
        c
    };
    cmd.stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null());
    cmd.spawn().is_ok()
}
