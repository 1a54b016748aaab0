//! Dates, always day first.

use crate::model::Date;

/// Why a date could not be read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DateError {
    /// Not a date at all.
    Unreadable,
    /// A two-digit year ("26/11/18").
    TwoDigitYear,
    /// Looks like a date but does not exist ("31/02/2018").
    NoSuchDay,
}

/// Excel serial (1900 system) → date.
pub fn from_serial(serial: f64) -> Option<Date> {
    let days = serial.floor() as i64;
    Date::from_ymd_opt(1899, 12, 30)?.checked_add_signed(chrono::Duration::days(days))
}

/// "26/11/2018", "26-11-2018", "26.11.2018", "ngày 26 tháng 11 năm 2018",
/// "2018-11-26", or a bare serial such as "43430".
pub fn parse(s: &str) -> Result<Date, DateError> {
    let _ = s;
    Err(DateError::Unreadable)
}
