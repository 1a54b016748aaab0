//! The "Hướng dẫn" sheet: how to fill the workbook, in a few practical lines.
//!
//! Written in one column, one paragraph per row, so that nothing on this sheet
//! looks like a table to the reader (it finds tables by their header texts).

use rust_xlsxwriter::{Worksheet, XlsxError};

use super::style::{print_setup, Styles};

/// (is a heading, text)
const LINES: &[(bool, &str)] = &[
    (true, "HƯỚNG DẪN ĐIỀN SỔ BÁO CÁO TRUNG TÂM HỌC TẬP CỘNG ĐỒNG"),
    (false, "Sổ này có 5 trang để điền; chương trình baocao đọc sổ, kiểm tra số liệu và lập báo cáo Word theo Nghị định 30/2020/NĐ-CP. Có thể đổi tên trang, chèn thêm dòng tiêu đề: chương trình tìm bảng theo tiêu đề cột."),
    (true, "1. Các trang"),
    (false, "• Thông tin: ai báo cáo, kỳ nào, gửi ai, ai ký. Cột A là tên mục (không sửa), cột B là nội dung. Mục in đậm, có dấu * ở cột C là bắt buộc. Kính gửi, Nơi nhận: mỗi nơi một dòng, ghi lại nhãn ở cột A."),
    (false, "• Hoạt động: biểu thống kê kết quả hoạt động, 10 loại hoạt động theo mẫu chung đã điền sẵn. Ghi số lớp (chuyên đề), số lượt người tham gia và số nữ. Hoạt động khác thì chèn dòng trên dòng Tổng số. Dòng Tổng số tự cộng, chỉ để đối chiếu."),
    (false, "• Chỉ tiêu: các chỉ tiêu kinh tế - xã hội của địa bàn (dân số, hộ nghèo, tỷ lệ biết chữ, …). Kỳ này là số của kỳ báo cáo; Kỳ trước (nếu có) để báo cáo nêu tăng, giảm."),
    (false, "• Văn bản chỉ đạo: các kế hoạch, quyết định đã thực hiện trong kỳ."),
    (false, "• Nội dung (tùy chọn): các đoạn văn của báo cáo, mỗi đoạn một dòng; Mục là Mở đầu, I, II, III, IV, V hoặc Kết luận."),
    (true, "2. Cách ghi số liệu"),
    (false, "• Ô trống nghĩa là không có số liệu; số 0 nghĩa là có báo cáo và bằng không. Không ghi 0 thay cho ô trống, không ghi \"-\" hay \"không\"."),
    (false, "• Gõ số là số, không kèm chữ: 350 (không phải \"350 người\"); đơn vị ghi ở cột Đơn vị tính. Số lượt người, số lớp là số nguyên không âm."),
    (false, "• Tỷ lệ phần trăm gõ theo phần trăm: 93,4 % gõ 93,4 và Đơn vị tính là %."),
    (false, "• Ngày gõ ngày trước, tháng sau, năm đủ 4 chữ số: 26/11/2018."),
    (false, "• Kỳ báo cáo ghi một trong các dạng: Năm 2018; 6 tháng đầu năm 2018; 6 tháng cuối năm 2018; Quý III/2018; Tháng 10/2018."),
    (true, "3. Tính chất của chỉ tiêu"),
    (false, "• cộng dồn: số phát sinh trong kỳ, được cộng qua các kỳ và các đơn vị (lượt người học, việc làm mới)."),
    (false, "• thời điểm: số tại cuối kỳ; qua các kỳ lấy số mới nhất, giữa các đơn vị thì cộng (số hộ nghèo, dân số)."),
    (false, "• tỷ lệ: qua các kỳ lấy số mới nhất, không cộng giữa các đơn vị (tỷ lệ biết chữ). Để trống: tỷ lệ nếu đơn vị là %, còn lại là cộng dồn."),
    (true, "4. Ô thay thế trong trang Nội dung"),
    (false, "Viết trong đoạn văn, chương trình thay bằng số liệu tính từ sổ: {tong_so_lop} tổng số lớp (chuyên đề); {tong_luot_nguoi} tổng số lượt người tham gia; {tong_nu} tổng số nữ; {ky_bao_cao} kỳ báo cáo (năm 2018); {ky_truoc} kỳ trước (năm 2017); {don_vi} cơ quan ban hành; {dia_ban} địa bàn; {so_hoat_dong} số loại hoạt động có số liệu. Tên khác trong ngoặc nhọn là lỗi."),
    (true, "5. Kiểm tra và lập báo cáo"),
    (false, "• Kiểm tra sổ: baocao kiemtra so-bao-cao.xlsx (chương trình chỉ ra từng ô có lỗi, ví dụ \"Hoạt động › D7\")."),
    (false, "• Lập báo cáo Word: baocao lapbaocao so-bao-cao.xlsx -o bao-cao.docx"),
    (false, "• Tổng hợp nhiều đơn vị: baocao tonghop thu-muc-cac-so -o tong-hop.xlsx"),
    (false, "• Sổ mẫu trống: baocao mau -o so-bao-cao.xlsx; sổ ví dụ đã điền (phường Kim Sơn năm 2018): baocao mau --example -o vi-du.xlsx"),
];

/// Sheet "Hướng dẫn".
pub fn guide(ws: &mut Worksheet, st: &Styles) -> Result<(), XlsxError> {
    ws.set_name(super::SHEET_GUIDE)?;
    for (row, (heading, text)) in LINES.iter().enumerate() {
        let row = row as u32;
        if *heading {
            let f = if row == 0 { &st.title } else { &st.heading };
            ws.write_string_with_format(row, 0, *text, f)?;
        } else {
            ws.write_string_with_format(row, 0, *text, &st.plain)?;
        }
    }
    ws.set_column_width(0, 110)?;
    print_setup(ws, false, None)
}
