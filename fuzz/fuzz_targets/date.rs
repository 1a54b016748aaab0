//! normalize::date::parse on arbitrary UTF-8; from_serial on the bytes read as
//! a float (Excel serials come from untrusted cells too).
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(s) = std::str::from_utf8(data) {
        let _ = baocao::normalize::date::parse(s);
    }
    if let Ok(b) = <[u8; 8]>::try_from(data) {
        let _ = baocao::normalize::date::from_serial(f64::from_le_bytes(b));
    }
});
