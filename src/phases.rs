//! Where a run's time goes, for the benchmark (`bench/run.sh`, docs/performance.md):
//! with `BAOCAO_PHASES=1` in the environment each phase's end is printed on
//! stderr with the time since the process began its work. Off, it costs one
//! relaxed load per phase. Not a user feature: nothing depends on its output.

use std::sync::OnceLock;
use std::time::Instant;

fn start() -> Option<Instant> {
    static START: OnceLock<Option<Instant>> = OnceLock::new();
    *START.get_or_init(|| std::env::var_os("BAOCAO_PHASES").is_some_and(|v| v == "1").then(Instant::now))
}

/// Starts the clock (call first thing); later calls do nothing.
pub fn begin() {
    let _ = start();
}

/// Prints "phase NAME: T ms" when `BAOCAO_PHASES=1`.
pub fn end(name: &str) {
    if let Some(t) = start() {
        eprintln!("phase {name}: {:.1} ms", t.elapsed().as_secs_f64() * 1e3);
    }
}
