//! Dates, always day first.
//!
//! Why day first without guessing: Vietnamese documents write 06/01/2018 for
//! 6 January; reading "6/1/2018" month first would move a directive by five
//! months without anyone noticing. A two-digit year is refused for the same
//! reason (which century is a guess).

use crate::model::Date;

use super::text::fold;

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

/// Largest serial Excel accepts: 31/12/9999.
const MAX_SERIAL: f64 = 2_958_465.0;

/// Excel serial (1900 system) → date.
///
/// Excel counts 1 = 01/01/1900 and believes in a 29/02/1900 (serial 60), so
/// serials from 61 on count from 30/12/1899 and those below 60 from
/// 31/12/1899; 60 itself is no real day. NaN, infinities, serials below 1 and
/// beyond 31/12/9999 give `None`. A time of day (the fraction) is ignored.
pub fn from_serial(serial: f64) -> Option<Date> {
    if !serial.is_finite() || !(1.0..MAX_SERIAL + 1.0).contains(&serial) {
        return None;
    }
    let days = serial.floor() as i64;
    let base = match days {
        60 => return None,
        d if d > 60 => Date::from_ymd_opt(1899, 12, 30)?,
        _ => Date::from_ymd_opt(1899, 12, 31)?,
    };
    base.checked_add_signed(chrono::Duration::try_days(days)?)
}

/// "26/11/2018", "26-11-2018", "26.11.2018", "ngày 26 tháng 11 năm 2018",
/// "2018-11-26", or a bare serial such as "43430".
///
/// Also accepted: one-digit day and month ("6/1/2018"), a time after the
/// date ("26/11/2018 00:00:00", "2018-11-26T00:00:00"), a place before the
/// verbal form ("Kim Sơn, ngày 26 tháng 11 năm 2018"). A bare number is read
/// as an Excel serial only from 10000 (1927) on, so that a year such as "2018"
/// typed in a date cell is not taken for a day of 1905.
pub fn parse(s: &str) -> Result<Date, DateError> {
    let t = s.trim();
    if t.is_empty() {
        return Err(DateError::Unreadable);
    }
    if let Some(d) = serial_text(t) {
        return d;
    }
    let t = strip_time(t);
    if let Some(r) = numeric(t) {
        return r;
    }
    verbal(t)
}

/// A bare number: an Excel serial.
fn serial_text(t: &str) -> Option<Result<Date, DateError>> {
    let int = match t.split_once(['.', ',']) {
        Some((i, f)) if !f.is_empty() && f.bytes().all(|b| b.is_ascii_digit()) => i,
        Some(_) => return None,
        None => t,
    };
    if int.is_empty() || !int.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let v: f64 = t.replace(',', ".").parse().ok()?;
    if v < 10_000.0 {
        return Some(Err(DateError::Unreadable));
    }
    Some(from_serial(v).ok_or(DateError::Unreadable))
}

/// Removes a trailing time of day ("00:00:00", "12:30", "T00:00:00").
fn strip_time(t: &str) -> &str {
    if let Some(pos) = t.rfind([' ', 'T']) {
        let time = &t[pos + 1..];
        let time = time.trim_end_matches(|c: char| c.is_ascii_alphabetic() || c.is_whitespace()); // AM/PM, Z
        let parts: Vec<&str> = time.split(':').collect();
        let looks_time = (2..=3).contains(&parts.len())
            && parts.iter().all(|p| {
                let p = p.split('.').next().unwrap_or(p);
                !p.is_empty() && p.len() <= 2 && p.bytes().all(|b| b.is_ascii_digit())
            });
        if looks_time {
            return t[..pos].trim_end();
        }
    }
    t
}

/// "26/11/2018", "26-11-2018", "26.11.2018", "2018-11-26".
fn numeric(t: &str) -> Option<Result<Date, DateError>> {
    if !t.chars().all(|c| c.is_ascii_digit() || matches!(c, '/' | '-' | '.' | ' ')) {
        return None;
    }
    let parts: Vec<&str> = t.split(['/', '-', '.']).map(str::trim).collect();
    if parts.len() != 3 || parts.iter().any(|p| p.is_empty() || !p.bytes().all(|b| b.is_ascii_digit())) {
        return Some(Err(DateError::Unreadable));
    }
    let (y, m, d) = if parts[0].len() == 4 {
        (parts[0], parts[1], parts[2])
    } else {
        (parts[2], parts[1], parts[0])
    };
    Some(ymd(y, m, d))
}

/// Checks the lengths of the three fields and builds the date.
fn ymd(y: &str, m: &str, d: &str) -> Result<Date, DateError> {
    if !(1..=2).contains(&m.len()) || !(1..=2).contains(&d.len()) {
        return Err(DateError::Unreadable);
    }
    match y.len() {
        4 => {}
        2 => return Err(DateError::TwoDigitYear),
        _ => return Err(DateError::Unreadable),
    }
    let (Ok(y), Ok(m), Ok(d)) = (y.parse::<i32>(), m.parse::<u32>(), d.parse::<u32>()) else {
        return Err(DateError::Unreadable);
    };
    Date::from_ymd_opt(y, m, d).ok_or(DateError::NoSuchDay)
}

/// "ngày 26 tháng 11 năm 2018", possibly after a place ("Kim Sơn, ngày …"),
/// and "ngày 26/11/2018".
fn verbal(t: &str) -> Result<Date, DateError> {
    let f = fold(t);
    let words: Vec<&str> = f.split(' ').collect();
    let Some(at) = words.iter().rposition(|w| *w == "ngay") else {
        return Err(DateError::Unreadable);
    };
    match &words[at + 1..] {
        [d, "thang", m, "nam", y] | [d, m, y] => {
            if [d, m, y].iter().all(|p| p.bytes().all(|b| b.is_ascii_digit())) {
                ymd(y, m, d)
            } else {
                Err(DateError::Unreadable)
            }
        }
        _ => Err(DateError::Unreadable),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn d(y: i32, m: u32, d: u32) -> Date {
        Date::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn serials() {
        assert_eq!(from_serial(43430.0), Some(d(2018, 11, 26)));
        assert_eq!(from_serial(43430.75), Some(d(2018, 11, 26)));
        assert_eq!(from_serial(1.0), Some(d(1900, 1, 1)));
        assert_eq!(from_serial(59.0), Some(d(1900, 2, 28)));
        assert_eq!(from_serial(60.0), None);
        assert_eq!(from_serial(61.0), Some(d(1900, 3, 1)));
        assert_eq!(from_serial(2_958_465.0), Some(d(9999, 12, 31)));
        assert_eq!(from_serial(2_958_466.0), None);
        assert_eq!(from_serial(0.0), None);
        assert_eq!(from_serial(-5.0), None);
        assert_eq!(from_serial(f64::NAN), None);
        assert_eq!(from_serial(f64::INFINITY), None);
        assert_eq!(from_serial(1e300), None);
    }

    #[test]
    fn written_dates() {
        let nov26 = d(2018, 11, 26);
        for s in [
            "26/11/2018",
            "26-11-2018",
            "26.11.2018",
            " 26 / 11 / 2018 ",
            "2018-11-26",
            "26/11/2018 00:00:00",
            "2018-11-26T00:00:00",
            "ngày 26 tháng 11 năm 2018",
            "Kim Sơn, ngày 26 tháng 11 năm 2018",
            "NGÀY 26 THÁNG 11 NĂM 2018",
            "ngày 26/11/2018",
            "43430",
        ] {
            assert_eq!(parse(s), Ok(nov26), "{s:?}");
        }
        assert_eq!(parse("6/1/2018"), Ok(d(2018, 1, 6)));
        assert_eq!(parse("12/01/2018"), Ok(d(2018, 1, 12)));
        assert_eq!(parse("Ngày 05 tháng 02 năm 2019"), Ok(d(2019, 2, 5)));
    }

    #[test]
    fn errors() {
        assert_eq!(parse("26/11/18"), Err(DateError::TwoDigitYear));
        assert_eq!(parse("ngày 26 tháng 11 năm 18"), Err(DateError::TwoDigitYear));
        assert_eq!(parse("31/02/2018"), Err(DateError::NoSuchDay));
        assert_eq!(parse("29/02/2019"), Err(DateError::NoSuchDay));
        assert_eq!(parse("11/26/2018"), Err(DateError::NoSuchDay));
        assert_eq!(parse("29/02/2020"), Ok(d(2020, 2, 29)));
        for s in [
            "",
            "hôm qua",
            "2018",
            "26/11",
            "26/11/2018/1",
            "26/11/201",
            "abc 26/11/2018",
            "ngày",
            "1e9",
        ] {
            assert_eq!(parse(s), Err(DateError::Unreadable), "{s:?}");
        }
    }

    proptest! {
        #[test]
        fn written_round_trip(days in 0i64..60_000) {
            let date = d(1950, 1, 1) + chrono::Duration::days(days);
            prop_assert_eq!(parse(&date.format("%d/%m/%Y").to_string()), Ok(date));
            prop_assert_eq!(parse(&date.format("ngày %d tháng %m năm %Y").to_string()), Ok(date));
            prop_assert_eq!(parse(&date.to_string()), Ok(date));
        }

        #[test]
        fn never_panics(s in "\\PC{0,30}", x in proptest::num::f64::ANY) {
            let _ = parse(&s);
            let _ = from_serial(x);
        }
    }
}
