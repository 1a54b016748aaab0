//! normalize::legacy::detect and convert, both encodings, capitals or not, on
//! arbitrary strings (lines of the input are the texts of one sheet).
#![no_main]
use baocao::normalize::legacy::{convert, detect, Legacy};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    // Legacy text reaches us as Latin-1-ish characters: map bytes 1:1 to
    // chars as well as trying the bytes as UTF-8.
    let latin: String = data.iter().map(|&b| b as char).collect();
    let utf8 = std::str::from_utf8(data).ok().map(str::to_string);
    for s in std::iter::once(latin).chain(utf8) {
        let _ = detect(s.lines());
        for enc in [Legacy::Tcvn3, Legacy::Vni] {
            for upper in [false, true] {
                let _ = convert(&s, enc, upper);
            }
        }
    }
});
