//! The whole reader on raw bytes: baocao::check_bytes with the default limits.
//! Any input must give Ok or a FileError, never a panic, a hang or an
//! unbounded allocation.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(
    init: {
        // libfuzzer-sys aborts on every panic, even one baocao catches (it
        // contains calamine's .xls/.ods readers, which panic on some damaged
        // records, and reports the file as unreadable). Panics that escape
        // check_bytes still abort in libfuzzer-sys's own catch_unwind.
        let default = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            if !baocao::read::workbook::panic_is_contained() {
                default(info);
                std::process::abort();
            }
        }));
    },
    |data: &[u8]| {
        let _ = baocao::check_bytes(data, "x.xlsx", &Default::default());
    }
);
