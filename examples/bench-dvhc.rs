//! Start-up cost of the embedded reorganisation data (bench/dvhc.sh): how
//! long decoding it takes (inflate the zip, split the grouped text, build
//! the units and links), and what it holds.
//!
//! ```text
//! cargo run --release --example bench-dvhc -- [RUNS]
//! ```

fn main() {
    let runs: usize = std::env::args().nth(1).and_then(|s| s.parse().ok()).unwrap_or(50);
    let mut times = Vec::with_capacity(runs);
    let mut last = None;
    for _ in 0..runs.max(1) {
        let t = std::time::Instant::now();
        let r = baocao::dvhc::embedded::load();
        times.push(t.elapsed().as_secs_f64() * 1000.0);
        last = Some(r);
    }
    times.sort_by(|a, b| a.total_cmp(b));
    let r = match last {
        Some(Ok(r)) => r,
        Some(Err(e)) => {
            eprintln!("không giải mã được dữ liệu: {e}");
            std::process::exit(2);
        }
        None => std::process::exit(2),
    };
    println!("packed_bytes={}", baocao::dvhc::embedded::packed_len());
    println!(
        "provinces={} new_units={} old_units={} links={}",
        r.provinces.len(),
        r.new.len(),
        r.old.len(),
        r.links.len()
    );
    println!(
        "decode_ms_min={:.2} decode_ms_median={:.2} decode_ms_max={:.2} runs={}",
        times[0],
        times[times.len() / 2],
        times[times.len() - 1],
        times.len()
    );
}
