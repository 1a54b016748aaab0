//! The Kim Sơn 2018 example: the figures of the real 2018 annual report of the
//! TTHTCĐ of Kim Sơn ward (Đông Triều, Quảng Ninh), with narrative written for
//! this project. `baocao mau --example` writes it as a workbook; tests compare
//! what the reader makes of every messy variant with it.

use crate::model::*;
use crate::normalize::category::CATEGORIES;
use crate::period::Period;

fn s(v: &str) -> Option<String> {
    Some(v.to_string())
}

fn d(y: i32, m: u32, day: u32) -> Option<Date> {
    Date::from_ymd_opt(y, m, day)
}

/// (code, classes, participants) as in the report's table; female not reported.
pub const KIM_SON_ACTIVITIES: [(u8, Option<u64>, Option<u64>); 10] = [
    (1, None, None),
    (2, Some(2), Some(350)),
    (3, Some(8), Some(712)),
    (4, Some(6), Some(450)),
    (5, Some(10), Some(876)),
    (6, Some(10), Some(826)),
    (7, Some(8), Some(950)),
    (8, Some(6), Some(726)),
    (9, Some(10), Some(775)),
    (10, Some(10), Some(1113)),
];

/// The example report as the model holds it.
pub fn kim_son_2018() -> Report {
    let activities = KIM_SON_ACTIVITIES
        .iter()
        .map(|&(code, classes, participants)| Activity {
            category: CategoryId::Standard(code),
            name: CATEGORIES[code as usize - 1].1.to_string(),
            classes,
            participants,
            female: None,
            note: None,
            source: None,
        })
        .collect();
    let ind = |name: &str, unit: &str, value: f64, previous: Option<f64>, kind: IndicatorKind| Indicator {
        name: name.to_string(),
        unit: s(unit),
        value: Some(value),
        previous,
        kind,
        previous_label: None,
        note: None,
        source: None,
    };
    use IndicatorKind::*;
    let indicators = vec![
        ind("Diện tích tự nhiên", "km2", 10.37, None, Stock),
        ind("Dân số thường trú", "người", 9154.0, None, Stock),
        ind("Tỷ lệ người biết chữ", "%", 100.0, None, Rate),
        ind("Lượt người tham gia học tập tại TTHTCĐ", "lượt", 12760.0, None, Flow),
        ind("Số hộ nghèo", "hộ", 2.0, Some(6.0), Stock),
        ind("Tỷ lệ hộ nghèo", "%", 0.08, None, Rate),
        ind("Số hộ cận nghèo", "hộ", 29.0, Some(47.0), Stock),
        ind("Tỷ lệ hộ cận nghèo", "%", 1.11, None, Rate),
        ind("Tỷ lệ hộ gia đình thu gom rác thải hằng ngày", "%", 94.0, Some(93.0), Rate),
        ind("Tổng giá trị sản xuất trên địa bàn", "tỷ đồng", 2508.0, Some(2072.0), Flow),
        ind("Thu nhập bình quân đầu người", "triệu đồng/người/năm", 72.0, None, Rate),
        ind("Lao động có việc làm mới", "người", 85.0, None, Flow),
        ind("Tỷ lệ gia đình văn hóa", "%", 93.4, None, Rate),
    ];
    let dir = |number: &str, date: Option<Date>, issuer: &str, summary: &str| Directive {
        number: s(number),
        date,
        issuer: s(issuer),
        summary: s(summary),
        source: None,
    };
    let directives = vec![
        dir(
            "06/KH-TTHTCĐ",
            d(2018, 1, 12),
            "TTHTCĐ phường Kim Sơn",
            "Hoạt động và phát triển Trung tâm học tập cộng đồng năm 2018",
        ),
        dir(
            "08/KH-TTHTCĐ",
            d(2018, 7, 18),
            "TTHTCĐ phường Kim Sơn",
            "Tổ chức hội nghị sơ kết công tác 6 tháng đầu năm 2018",
        ),
        dir(
            "99/KH-TTHTCĐ",
            d(2018, 9, 18),
            "TTHTCĐ phường Kim Sơn",
            "Tổ chức Tuần lễ hưởng ứng học tập suốt đời năm 2018",
        ),
        dir(
            "09/2008/QĐ-BGDĐT",
            d(2008, 3, 24),
            "Bộ Giáo dục và Đào tạo",
            "Quy chế tổ chức và hoạt động của trung tâm học tập cộng đồng tại xã, phường, thị trấn",
        ),
        dir(
            "3607/2010/QĐ-UBND",
            d(2010, 12, 2),
            "UBND tỉnh Quảng Ninh",
            "Mức phụ cấp kiêm nhiệm cho cán bộ quản lý và mức hỗ trợ kinh phí cho các trung tâm học tập cộng đồng",
        ),
    ];
    let para = |slot: NarrativeSlot, title: Option<&str>, text: &str| Paragraph {
        slot,
        title: title.map(str::to_string),
        text: text.to_string(),
        source: None,
    };
    use NarrativeSlot::*;
    let narrative = vec![
        para(Opening, None, "Thực hiện hướng dẫn của Phòng Giáo dục và Đào tạo thị xã Đông Triều, Trung tâm học tập cộng đồng phường Kim Sơn báo cáo kết quả tổ chức, hoạt động {ky_bao_cao} như sau:"),
        para(Section(1), None, "Kim Sơn là phường trung tâm của thị xã Đông Triều, gồm 05 khu hành chính; kinh tế tăng trưởng khá, đời sống nhân dân từng bước được nâng lên. Ba trường mầm non, tiểu học, trung học cơ sở đều đạt chuẩn quốc gia."),
        para(Section(2), None, "Ban giám đốc Trung tâm gồm 03 đồng chí, được kiện toàn kịp thời; các nhà văn hóa khu đều có ban chủ nhiệm và kế hoạch hoạt động hằng năm."),
        para(Section(3), None, "Trung tâm phối hợp với các ban, ngành, đoàn thể tổ chức các lớp học, chuyên đề theo nhu cầu của người dân; hưởng ứng Tuần lễ học tập suốt đời được tổ chức ở cả phường và các khu."),
        para(Section(5), None, "Tiếp tục duy trì phong trào học tập trong gia đình, dòng họ và cộng đồng; phối hợp mở các lớp tập huấn, học nghề; phấn đấu hoàn thành toàn bộ kế hoạch hoạt động năm sau."),
        para(Closing, None, "Trên đây là báo cáo kết quả hoạt động {ky_bao_cao} của Trung tâm học tập cộng đồng phường Kim Sơn; kính đề nghị các cấp tiếp tục quan tâm, chỉ đạo."),
    ];
    Report {
        unit: Unit {
            authority: s("ỦY BAN NHÂN DÂN PHƯỜNG KIM SƠN"),
            issuer: s("TTHTCĐ PHƯỜNG KIM SƠN"),
            area: s("Phường Kim Sơn"),
            code: None,
            code_source: None,
        },
        period: Period::year(2018),
        document: Document {
            number: s("10/BC-TTHTCĐ"),
            place: s("Kim Sơn"),
            date: d(2018, 11, 26),
            title: s("Đánh giá kết quả tổ chức, hoạt động Trung tâm học tập cộng đồng năm 2018, phương hướng nhiệm vụ năm 2019"),
            recipients: vec![
                "Thường trực UBND phường Kim Sơn".to_string(),
                "Phòng Giáo dục và Đào tạo thị xã Đông Triều".to_string(),
            ],
            copies_to: vec![
                "Như trên".to_string(),
                "Thường trực ĐU, UBND phường (b/c)".to_string(),
                "LĐTTHTCĐ".to_string(),
                "Lưu: VT".to_string(),
            ],
            signer: Signer {
                authority: s("TM. BAN GIÁM ĐỐC"),
                title: s("GIÁM ĐỐC"),
                name: s("Đặng Cương Quyết"),
            },
        },
        activities,
        stated_totals: Some(Totals {
            classes: Some(70),
            participants: Some(6778),
            female: None,
        }),
        indicators,
        directives,
        narrative,
        info_cells: Vec::new(),
        unused: Vec::new(),
        centres: None,
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn totals_are_those_of_the_reference() {
        let r = super::kim_son_2018();
        let t = r.totals();
        assert_eq!(t.classes, Some(70));
        assert_eq!(t.participants, Some(6778));
        assert_eq!(t.female, None);
    }
}
