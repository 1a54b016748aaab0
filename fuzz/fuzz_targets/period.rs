//! normalize::period::parse and parse_machine on arbitrary UTF-8; a period
//! that parses must also give its labels and bounds without panicking.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(s) = std::str::from_utf8(data) {
        for p in [baocao::normalize::period::parse(s), baocao::normalize::period::parse_machine(s)].into_iter().flatten() {
            let _ = (p.label(), p.label_lower(), p.label_en(), p.machine(), p.start(), p.end(), p.previous().label(), p.month_periods().len());
            // The machine form must read back to the same period.
            assert_eq!(baocao::normalize::period::parse_machine(&p.machine()), Some(p), "{s:?}");
        }
    }
});
