//! Writes the embedded reorganisation data, `data/dvhc-2025/communes.zip`,
//! from `data/dvhc-2025/communes-2025-07-01.csv` (see `src/dvhc/embedded.rs`).
//!
//! ```text
//! cargo run --example gen-dvhc
//! ```

fn main() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("data/dvhc-2025");
    let csv = match std::fs::read_to_string(dir.join("communes-2025-07-01.csv")) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("không đọc được tệp CSV: {e}");
            std::process::exit(2);
        }
    };
    let packed = baocao::dvhc::embedded::encode(&csv).and_then(|t| baocao::dvhc::embedded::pack(&t));
    match packed.and_then(|b| {
        std::fs::write(dir.join("communes.zip"), &b)
            .map(|_| b.len())
            .map_err(|e| e.to_string())
    }) {
        Ok(n) => println!("{} byte trong data/dvhc-2025/communes.zip", n),
        Err(e) => {
            eprintln!("không ghi được: {e}");
            std::process::exit(2);
        }
    }
}
