//! The whole reader on raw bytes: baocao::check_bytes with the default limits.
//! Any input must give Ok or a FileError, never a panic, a hang or an
//! unbounded allocation.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = baocao::check_bytes(data, "x.xlsx", &Default::default());
});
