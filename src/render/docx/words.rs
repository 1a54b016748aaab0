//! The words of the report: dates, document kinds, indicator phrases and
//! clean text. Pure functions, so that the wording can be tested apart from
//! the XML.

use crate::model::{Date, Directive, Indicator};
use crate::normalize::number::{format_decimal, format_int};
use crate::period::{Period, Span};

/// Removes what XML 1.0 forbids (control characters other than tab, newline
/// and carriage return, and the non-characters U+FFFE/U+FFFF), so that a
/// stray byte pasted into a workbook cannot make the document unreadable.
pub fn clean(s: &str) -> String {
    s.chars()
        .filter(|&c| {
            let u = c as u32;
            !(u < 0x20 && c != '\t' && c != '\n' && c != '\r') && u != 0xFFFE && u != 0xFFFF
        })
        .collect()
}

/// Decree 30 writes days under 10 and the months January and February with a
/// leading zero ("ngày 05 tháng 02 năm 2019"), other months without.
pub fn date_words(d: Date) -> String {
    use chrono::Datelike;
    let m = d.month();
    let month = if m < 3 { format!("{m:02}") } else { m.to_string() };
    format!("ngày {:02} tháng {} năm {}", d.day(), month, d.year())
}

/// "12/01/2018": how a date is cited inside a sentence.
pub fn date_numeric(d: Date) -> String {
    d.format("%d/%m/%Y").to_string()
}

/// The kind of a document from the code in its number ("06/KH-TTHTCĐ" →
/// "Kế hoạch"). The code is the last "/" part before the first "-".
pub fn directive_kind(number: Option<&str>) -> &'static str {
    let Some(n) = number else { return "Công văn" };
    let last = n.rsplit('/').next().unwrap_or("");
    if !n.contains('/') {
        return "Công văn";
    }
    let code = last.split('-').next().unwrap_or("").trim().to_uppercase();
    match code.as_str() {
        "KH" => "Kế hoạch",
        "QĐ" | "QD" => "Quyết định",
        "CV" | "" => "Công văn",
        "TT" => "Thông tư",
        "NĐ" | "ND" => "Nghị định",
        "CT" => "Chỉ thị",
        "TB" => "Thông báo",
        "HD" => "Hướng dẫn",
        "BC" => "Báo cáo",
        "NQ" => "Nghị quyết",
        "TTR" | "TTr" => "Tờ trình",
        "CTR" => "Chương trình",
        "QC" => "Quy chế",
        "QY" => "Quy định",
        "L" => "Luật",
        _ => "Văn bản",
    }
}

/// Lower-cases the first letter unless the word is an acronym ("Hoạt động" →
/// "hoạt động", "UBND tỉnh" stays).
pub fn lower_first(s: &str) -> String {
    let mut it = s.chars();
    match (it.next(), it.next()) {
        (Some(a), Some(b)) if a.is_uppercase() && b.is_uppercase() => s.to_string(),
        (Some(a), _) => a.to_lowercase().chain(s.chars().skip(1)).collect(),
        _ => String::new(),
    }
}

/// An area as it reads inside a sentence: "trên địa bàn thị xã Đông Triều",
/// not "… Thị xã Đông Triều". Only a leading administrative level is
/// lowered; a bare name ("Đông Triều") stays as typed.
pub fn area_in_sentence(area: &str) -> String {
    const LEVELS: [&str; 9] = [
        "thị trấn",
        "thị xã",
        "thành phố",
        "đặc khu",
        "phường",
        "xã",
        "huyện",
        "quận",
        "tỉnh",
    ];
    let a = area.trim();
    let lower = a.to_lowercase();
    let is_level = LEVELS
        .iter()
        .any(|l| lower.starts_with(l) && lower[l.len()..].chars().next().is_none_or(char::is_whitespace));
    if is_level {
        lower_first(a)
    } else {
        a.to_string()
    }
}

/// A count as official documents write it: two digits under ten ("05 đơn
/// vị", "03 đồng chí"), grouped by dots from a thousand.
pub fn count(n: usize) -> String {
    if n < 10 {
        format!("{n:02}")
    } else {
        crate::normalize::number::format_int(n as u64)
    }
}

/// One bullet of section II (without the leading "- " and the end mark):
/// "Kế hoạch số 06/KH-TTHTCĐ ngày 12/01/2018 của TTHTCĐ phường Kim Sơn về …".
pub fn directive_text(d: &Directive) -> String {
    let number = d.number.as_deref().map(str::trim).filter(|n| !n.is_empty());
    let mut s = directive_kind(number).to_string();
    if let Some(n) = number {
        s.push_str(" số ");
        s.push_str(n);
    }
    if let Some(date) = d.date {
        s.push_str(" ngày ");
        s.push_str(&date_numeric(date));
    }
    if let Some(i) = d.issuer.as_deref().map(str::trim).filter(|i| !i.is_empty()) {
        s.push_str(" của ");
        s.push_str(i);
    }
    if let Some(t) = d.summary.as_deref().map(str::trim).filter(|t| !t.is_empty()) {
        s.push_str(" về ");
        s.push_str(&lower_first(t));
    }
    s
}

/// A figure in Vietnamese notation. Counts from 1 to 9 are padded as official
/// style does ("02 hộ"); percentages and measures keep their decimals.
fn figure(v: f64, padded: bool) -> String {
    let r = v.round();
    if padded && (v - r).abs() < 1e-9 && (1.0..10.0).contains(&r) {
        return format!("{:02}", r as u64);
    }
    format_decimal(v, 2)
}

/// "02 hộ", "100%", "10,37 km2", "2.508 tỷ đồng".
pub fn with_unit(v: f64, unit: Option<&str>) -> String {
    match unit.map(str::trim).filter(|u| !u.is_empty()) {
        Some("%") => format!("{}%", figure(v, false)),
        Some(u) => format!("{} {}", figure(v, true), u),
        None => figure(v, true),
    }
}

/// How the previous period is named in "so với …".
pub fn previous_words(ind: &Indicator, period: Option<&Period>) -> String {
    if let Some(l) = ind.previous_label.as_deref().map(str::trim).filter(|l| !l.is_empty()) {
        return lower_first(l);
    }
    match period {
        Some(p) => p.previous().label_lower(),
        None => "kỳ trước".to_string(),
    }
}

/// One bullet of section IV without "- " and the end mark:
/// "Số hộ nghèo: 02 hộ, giảm 04 hộ so với năm 2017".
///
/// A change of a percentage is written in percentage points ("tăng 1 điểm
/// phần trăm"): "tăng 1%" would read as a relative change, which it is not.
pub fn indicator_text(ind: &Indicator, period: Option<&Period>) -> String {
    let name = ind.name.trim();
    let unit = ind.unit.as_deref();
    let Some(v) = ind.value else {
        return format!("{name}: chưa có số liệu");
    };
    let mut s = format!("{name}: {}", with_unit(v, unit));
    if let Some(p) = ind.previous {
        let diff = v - p;
        let cmp = previous_words(ind, period);
        if diff.abs() < 1e-9 {
            s.push_str(&format!(", bằng {cmp}"));
        } else {
            let dir = if diff > 0.0 { "tăng" } else { "giảm" };
            let amount = if ind.is_percent() {
                format!("{} điểm phần trăm", figure(diff.abs(), false))
            } else {
                with_unit(diff.abs(), unit)
            };
            s.push_str(&format!(", {dir} {amount} so với {cmp}"));
        }
    }
    s
}

/// The period after `p` ("năm 2019" after 2018), for the title of section V.
pub fn next_period(p: &Period) -> Option<Period> {
    let (year, span) = match p.span {
        Span::Month(12) => (p.year + 1, Span::Month(1)),
        Span::Month(m) => (p.year, Span::Month(m + 1)),
        Span::Quarter(4) => (p.year + 1, Span::Quarter(1)),
        Span::Quarter(q) => (p.year, Span::Quarter(q + 1)),
        Span::Half(2) => (p.year + 1, Span::Half(1)),
        Span::Half(h) => (p.year, Span::Half(h + 1)),
        Span::Year => (p.year + 1, Span::Year),
    };
    Period::new(year, span)
}

/// Upper-cases Vietnamese text for headings ("Phương hướng" → "PHƯƠNG HƯỚNG").
pub fn upper(s: &str) -> String {
    s.to_uppercase()
}

/// Ends the last paragraph of the body with "./." as the decree requires.
pub fn end_mark(s: &str) -> String {
    let t = s.trim_end();
    if t.ends_with("./.") {
        return t.to_string();
    }
    let t = t.trim_end_matches([';', ':', ',', '.']);
    format!("{t}./.")
}

/// Number as in the table ("6.778"); `None` stays empty.
pub fn cell_int(v: Option<u64>) -> String {
    v.map(format_int).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::IndicatorKind;

    fn ind(name: &str, unit: &str, v: f64, p: Option<f64>) -> Indicator {
        Indicator {
            name: name.into(),
            unit: Some(unit.into()),
            value: Some(v),
            previous: p,
            kind: IndicatorKind::Stock,
            previous_label: None,
            note: None,
            source: None,
        }
    }

    #[test]
    fn dates_pad_days_and_early_months() {
        assert_eq!(date_words(Date::from_ymd_opt(2019, 2, 5).unwrap()), "ngày 05 tháng 02 năm 2019");
        assert_eq!(date_words(Date::from_ymd_opt(2018, 11, 26).unwrap()), "ngày 26 tháng 11 năm 2018");
        assert_eq!(date_words(Date::from_ymd_opt(2018, 3, 9).unwrap()), "ngày 09 tháng 3 năm 2018");
    }

    #[test]
    fn kinds_from_codes() {
        assert_eq!(directive_kind(Some("06/KH-TTHTCĐ")), "Kế hoạch");
        assert_eq!(directive_kind(Some("09/2008/QĐ-BGDĐT")), "Quyết định");
        assert_eq!(directive_kind(Some("15/CT-TTg")), "Chỉ thị");
        assert_eq!(directive_kind(Some("123/UBND")), "Văn bản");
        assert_eq!(directive_kind(Some("123")), "Công văn");
        assert_eq!(directive_kind(None), "Công văn");
    }

    #[test]
    fn indicator_phrases() {
        let p = Period::year(2018);
        assert_eq!(
            indicator_text(&ind("Số hộ nghèo", "hộ", 2.0, Some(6.0)), p.as_ref()),
            "Số hộ nghèo: 02 hộ, giảm 04 hộ so với năm 2017"
        );
        assert_eq!(
            indicator_text(&ind("Tổng giá trị", "tỷ đồng", 2508.0, Some(2072.0)), p.as_ref()),
            "Tổng giá trị: 2.508 tỷ đồng, tăng 436 tỷ đồng so với năm 2017"
        );
        assert_eq!(
            indicator_text(&ind("Tỷ lệ thu gom", "%", 94.0, Some(93.0)), p.as_ref()),
            "Tỷ lệ thu gom: 94%, tăng 1 điểm phần trăm so với năm 2017"
        );
        assert_eq!(
            indicator_text(&ind("Tỷ lệ hộ nghèo", "%", 0.08, None), p.as_ref()),
            "Tỷ lệ hộ nghèo: 0,08%"
        );
        assert_eq!(indicator_text(&ind("Diện tích", "km2", 10.37, None), None), "Diện tích: 10,37 km2");
        let mut labelled = ind("Số hộ", "hộ", 5.0, Some(5.0));
        labelled.previous_label = Some("Năm 2016".into());
        assert_eq!(indicator_text(&labelled, p.as_ref()), "Số hộ: 05 hộ, bằng năm 2016");
    }

    #[test]
    fn clean_and_end_mark() {
        assert_eq!(clean("a\u{1}b\u{b}c\td"), "abc\td");
        assert_eq!(end_mark("như sau."), "như sau./.");
        assert_eq!(end_mark("chỉ đạo;"), "chỉ đạo./.");
        assert_eq!(end_mark("xong./."), "xong./.");
        assert_eq!(lower_first("Hoạt động"), "hoạt động");
        assert_eq!(lower_first("UBND tỉnh"), "UBND tỉnh");
    }
}
