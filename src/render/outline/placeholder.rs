//! The placeholders an office's outline may use, and how a paragraph's text
//! splits into literal text and placeholders.
//!
//! Syntax: `{name}` is a placeholder (spaces inside the braces are ignored,
//! case is not significant); `{{` and `}}` stand for literal braces; any
//! other brace is an error, so that a mistyped placeholder (`{don_vi`) is
//! reported rather than printed. A name written in capitals (`{DON_VI}`)
//! gives its value in capitals, as the header of the form prints the unit.

/// Whether a placeholder fills text inside a paragraph or replaces the
/// whole paragraph with generated paragraphs and tables.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Inline,
    Block,
}

/// Inline placeholders of the outline beyond those of the Nội dung sheet
/// ([`crate::model::narrative::PLACEHOLDERS`], usable here too): the parts
/// of the header and signature that the built-in layout prints.
pub const INLINE: &[(&str, &str)] = &[
    (
        "co_quan_cap_tren",
        "Cơ quan chủ quản (Thông tin › Cơ quan chủ quản); trống nếu không có",
    ),
    (
        "so_ky_hieu",
        "Số, ký hiệu văn bản, ví dụ \"10/BC-TTHTCĐ\"; chưa có thì để chỗ trống \"       /BC\"",
    ),
    ("dia_danh", "Địa danh, ví dụ \"Kim Sơn\""),
    (
        "ngay_thang",
        "Địa danh và ngày như dòng ngày tháng của mẫu: \"Kim Sơn, ngày 26 tháng 11 năm 2018\"",
    ),
    ("ngay", "Ngày của văn bản, hai chữ số (\"26\"); chưa có thì để trống"),
    (
        "thang",
        "Tháng của văn bản (\"11\"; tháng 1, 2 viết \"01\", \"02\"); chưa có thì để trống",
    ),
    ("nam", "Năm của văn bản (\"2018\"), hoặc năm của kỳ báo cáo khi chưa có ngày"),
    ("trich_yeu", "Trích yếu (tên báo cáo)"),
    ("kinh_gui", "Nơi gửi (Kính gửi), các nơi cách nhau bằng \"; \""),
    ("ky_thay_mat", "Thẩm quyền ký, ví dụ \"TM. BAN GIÁM ĐỐC\"; trống nếu không có"),
    ("chuc_vu", "Chức vụ người ký, ví dụ \"Giám đốc\""),
    ("nguoi_ky", "Họ tên người ký"),
];

/// Block placeholders: each alone in its paragraph (an end mark "./." may
/// follow it), replaced by the content the built-in report prints there.
pub const BLOCKS: &[(&str, &str)] = &[
    (
        "bang_hoat_dong",
        "Bảng kết quả hoạt động (TT, tên hoạt động, số lớp, số lượt người, nữ) có dòng Tổng số",
    ),
    ("chi_tieu", "Các chỉ tiêu, mỗi chỉ tiêu một dòng \"- …\" với so sánh kỳ trước"),
    ("van_ban", "Các văn bản chỉ đạo, mỗi văn bản một dòng \"- …\""),
    (
        "bang_don_vi",
        "Báo cáo tổng hợp: các bảng số liệu theo từng đơn vị (số lớp, số lượt người), như phụ lục của báo cáo tổng hợp; trong báo cáo của một trung tâm thì trống",
    ),
    ("muc:mo_dau", "Đoạn mở đầu (Mục \"Mở đầu\" của trang Nội dung, hoặc câu mặc định)"),
    ("muc:dac_diem", "Mục I. Đặc điểm tình hình của trang Nội dung"),
    ("muc:chi_dao", "Mục II. Công tác chỉ đạo, triển khai của trang Nội dung"),
    ("muc:ket_qua", "Mục III. Kết quả hoạt động của trang Nội dung"),
    ("muc:hieu_qua", "Mục IV. Hiệu quả hoạt động của trang Nội dung"),
    ("muc:phuong_huong", "Mục V. Phương hướng, nhiệm vụ của trang Nội dung"),
    ("muc:khac", "Các mục riêng của đơn vị (sau Mục V), mỗi mục có tiêu đề in đậm"),
    (
        "muc:ket_luan",
        "Đoạn kết luận (Mục \"Kết luận\" của trang Nội dung, hoặc câu mặc định)",
    ),
];

/// The kind of a known name; `None` for a name the program does not know.
pub fn kind_of(name: &str) -> Option<Kind> {
    if BLOCKS.iter().any(|(n, _)| *n == name) {
        Some(Kind::Block)
    } else if INLINE.iter().any(|(n, _)| *n == name) || crate::model::narrative::is_known(name) {
        Some(Kind::Inline)
    } else {
        None
    }
}

/// One piece of a paragraph's text, as byte ranges of that text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Token {
    /// `{name}` from `start` to `end`: `name` lowercased and trimmed,
    /// `upper` when it was written in capitals.
    Placeholder {
        start: usize,
        end: usize,
        name: String,
        upper: bool,
    },
    /// `{{` or `}}` at `start`: one literal brace.
    Brace { start: usize, ch: char },
}

/// A brace that is neither a placeholder nor an escaped brace.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SyntaxError {
    /// `{` without a closing `}` before the next `{` or the paragraph's end.
    Unclosed { at: usize },
    /// `}` that closes nothing.
    LoneClose { at: usize },
}

/// Splits `text` into placeholders and escaped braces, in order.
pub fn tokens(text: &str) -> Result<Vec<Token>, SyntaxError> {
    let b = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'{' if b.get(i + 1) == Some(&b'{') => {
                out.push(Token::Brace { start: i, ch: '{' });
                i += 2;
            }
            b'}' if b.get(i + 1) == Some(&b'}') => {
                out.push(Token::Brace { start: i, ch: '}' });
                i += 2;
            }
            b'}' => return Err(SyntaxError::LoneClose { at: i }),
            b'{' => {
                let close = text[i + 1..].find(['{', '}']).map(|k| i + 1 + k);
                match close {
                    Some(c) if b[c] == b'}' => {
                        let inner = text[i + 1..c].trim();
                        let upper = inner.chars().any(char::is_uppercase) && !inner.chars().any(char::is_lowercase);
                        out.push(Token::Placeholder {
                            start: i,
                            end: c + 1,
                            name: inner.to_lowercase(),
                            upper,
                        });
                        i = c + 1;
                    }
                    _ => return Err(SyntaxError::Unclosed { at: i }),
                }
            }
            _ => i += 1,
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ph(start: usize, end: usize, name: &str, upper: bool) -> Token {
        Token::Placeholder {
            start,
            end,
            name: name.to_string(),
            upper,
        }
    }

    #[test]
    fn placeholders_braces_and_errors() {
        assert_eq!(tokens("Số: {so_ky_hieu}").unwrap(), [ph(6, 18, "so_ky_hieu", false)]);
        assert_eq!(tokens("{ DON_VI }").unwrap(), [ph(0, 10, "don_vi", true)]);
        assert_eq!(tokens("{Don_Vi}").unwrap(), [ph(0, 8, "don_vi", false)]);
        assert_eq!(
            tokens("a {{b}} {muc:ket_qua}").unwrap(),
            [
                Token::Brace { start: 2, ch: '{' },
                Token::Brace { start: 5, ch: '}' },
                ph(8, 21, "muc:ket_qua", false)
            ]
        );
        assert_eq!(tokens("{don_vi"), Err(SyntaxError::Unclosed { at: 0 }));
        assert_eq!(tokens("x {a {b}"), Err(SyntaxError::Unclosed { at: 2 }));
        assert_eq!(tokens("x } y"), Err(SyntaxError::LoneClose { at: 2 }));
        assert_eq!(tokens("no braces at all").unwrap(), []);
    }

    #[test]
    fn every_name_has_one_kind() {
        for (n, _) in INLINE {
            assert_eq!(kind_of(n), Some(Kind::Inline), "{n}");
            assert!(!crate::model::narrative::is_known(n), "{n} is already a Nội dung placeholder");
        }
        for (n, _) in BLOCKS {
            assert_eq!(kind_of(n), Some(Kind::Block), "{n}");
        }
        for (n, _) in crate::model::narrative::PLACEHOLDERS {
            assert_eq!(kind_of(n), Some(Kind::Inline), "{n}");
        }
        assert_eq!(kind_of("tong_lop"), None);
    }

    /// The user's page lists every placeholder the program knows.
    #[test]
    fn docs_outline_lists_every_placeholder() {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/docs/outline.md");
        let page = std::fs::read_to_string(path).unwrap_or_default();
        for (n, _) in INLINE.iter().chain(BLOCKS).chain(crate::model::narrative::PLACEHOLDERS) {
            assert!(page.contains(&format!("`{{{n}}}`")), "docs/outline.md does not list {{{n}}}");
        }
    }
}
