//! normalize::number::parse on arbitrary UTF-8, and the Vietnamese formatting
//! of whatever it returns: neither may panic.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(s) = std::str::from_utf8(data) {
        if let Some(n) = baocao::normalize::number::parse(s) {
            let _ = baocao::normalize::number::format_decimal(n.value, 2);
            if n.value >= 0.0 && n.value.fract() == 0.0 && n.value < u64::MAX as f64 {
                let _ = baocao::normalize::number::format_int(n.value as u64);
            }
        }
    }
});
