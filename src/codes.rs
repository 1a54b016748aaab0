//! The catalogue of diagnostic codes: each code's severity, rule, an example
//! and the fix. `docs/diagnostics.md` is checked against it by a test, so the
//! documentation cannot drift from the program.

use crate::diag::Severity;

/// One documented diagnostic code.
#[derive(Debug, Clone, Copy)]
pub struct CodeInfo {
    pub code: &'static str,
    pub severity: Severity,
    /// The rule, in Vietnamese.
    pub rule: &'static str,
    /// An input that triggers it.
    pub example: &'static str,
    /// What the clerk should do.
    pub fix: &'static str,
}

use Severity::{Error as E, Note as N, Warning as W};

macro_rules! codes {
    ($($code:literal, $sev:ident, $rule:literal, $ex:literal, $fix:literal;)*) => {
        /// Every code the program can emit.
        pub const CODES: &[CodeInfo] = &[$(CodeInfo { code: $code, severity: $sev, rule: $rule, example: $ex, fix: $fix }),*];
    };
}

codes! {
    // --- the file itself
    "E-FILE-UNREADABLE", E, "Tệp không đọc được hoặc không phải bảng tính (.xlsx, .xlsm, .xls, .ods).", "một tệp .docx đổi đuôi thành .xlsx; tệp bị cắt cụt khi gửi thư", "Mở tệp bằng Excel, lưu lại dưới dạng .xlsx rồi chạy lại.";
    "E-FILE-ENCRYPTED", E, "Tệp có mật khẩu.", "sổ được bảo vệ bằng mật khẩu mở tệp", "Gỡ mật khẩu (Excel: Tệp › Thông tin › Bảo vệ sổ làm việc) rồi lưu lại.";
    "E-FILE-EMPTY", E, "Tệp không có trang tính hoặc không có dữ liệu.", "tệp 0 byte; sổ chỉ có trang trống", "Chọn đúng tệp đã nhập số liệu.";
    "E-FILE-TOO-LARGE", E, "Tệp vượt giới hạn an toàn (dung lượng nén, dung lượng giải nén, số dòng, số cột, hoặc hơn 32 MB chữ khi mỗi ô hiện một chuỗi được tính riêng).", "một 'zip bomb'; trang tính khai báo A1:XFD1048576; một chuỗi 1,5 MB hiện ở 2.000 ô", "Kiểm tra lại tệp; nếu đúng là tệp lớn thật, chạy lại với --no-limits.";
    // --- parts and Thông tin
    "E-PART-MISSING", E, "Không tìm thấy bảng hoạt động (TT, Tên hoạt động, Số lớp, Số lượt người) trong sổ.", "sổ chỉ có trang Thông tin", "Thêm bảng hoạt động với dòng tiêu đề như mẫu (baocao mau -o mau.xlsx).";
    "E-INFO-MISSING", E, "Thiếu một mục bắt buộc của phần Thông tin (trong sổ hoặc trong tệp --config).", "không có dòng 'Người ký'", "Thêm dòng nhãn và giá trị vào trang Thông tin, hoặc khai báo trong tệp cấu hình.";
    // --- values
    "E-COUNT-NOT-INTEGER", E, "Số lớp, số lượt người, số nữ phải là số nguyên không âm.", "\"12,5\" hoặc \"nhiều\" trong cột Tổng số", "Nhập số nguyên, ví dụ 12; để trống nếu không có số liệu.";
    "E-COUNT-NEGATIVE", E, "Số đếm không được âm.", "-3 trong cột Số lớp", "Nhập số không âm.";
    "E-NUMBER-INVALID", E, "Ô phải chứa một số (chỉ tiêu, kỳ trước).", "\"khoảng 90\" trong cột Kỳ này", "Nhập số theo cách viết Việt Nam, ví dụ 9.154 hoặc 0,08.";
    "E-FEMALE-EXCEEDS-TOTAL", E, "Số nữ không được lớn hơn tổng số lượt người của cùng dòng.", "Tổng số 350, Nữ 400", "Sửa lại số nữ hoặc tổng số.";
    "E-PERCENT-RANGE", E, "Tỷ lệ phần trăm phải nằm trong khoảng 0–100.", "tỷ lệ hộ nghèo 108 %", "Sửa lại tỷ lệ; 0,08 % nhập là 0,08.";
    "E-DATE-INVALID", E, "Ngày không đọc được, không có thật, hoặc năm chỉ có hai chữ số.", "31/02/2018; 26/11/18", "Nhập ngày dạng ngày/tháng/năm đủ bốn chữ số năm, ví dụ 26/11/2018.";
    "E-PERIOD-INVALID", E, "Kỳ báo cáo không đọc được.", "\"Quý 5/2018\"", "Viết kỳ như: Tháng 10/2018, Quý III/2018, 6 tháng đầu năm 2018, Năm 2018.";
    "E-ACTIVITY-NAME-MISSING", E, "Dòng của bảng hoạt động có số liệu nhưng không có tên hoạt động (và không có TT 1–10).", "ô Tên trống, Số lớp 4, Tổng số 120", "Ghi tên hoạt động vào ô đó.";
    "E-CATEGORY-DUPLICATE", E, "Một loại hoạt động xuất hiện hai lần trong bảng hoạt động.", "hai dòng 'Học nghề ngắn hạn'", "Gộp hai dòng thành một.";
    "E-PLACEHOLDER-UNKNOWN", E, "Nội dung dùng một ô chờ {…} mà chương trình không biết.", "{tong_so_lopp}", "Sửa tên ô chờ theo danh sách trong docs/diagnostics.md.";
    "E-CELL-BROKEN", E, "Dữ liệu ô trong tệp bị hỏng: chỉ số chuỗi dùng chung sai, tham chiếu ô ngoài trang tính (quá XFD1048576), hai giá trị cho một ô, số không hữu hạn (1e400, NaN) hoặc số ngày không ứng với ngày có thật; thông báo trích giá trị lưu trong tệp.", "ô D7 lưu \"1e400\"; tham chiếu \"B4294967298\"", "Mở tệp bằng Excel, nhập lại ô bị hỏng rồi lưu lại.";
    "E-CONFIG-INVALID", E, "Tệp cấu hình --config sai cú pháp, có khoá lạ hoặc giá trị sai.", "khoá [unit] autority", "Sửa tệp cấu hình theo docs/config.example.toml.";
    // --- warnings
    "W-TOTAL-MISMATCH", W, "Dòng Tổng số khác tổng các dòng; báo cáo dùng tổng tính lại.", "Tổng số 71 nhưng các dòng cộng lại 70", "Sửa dòng tổng (hoặc dùng công thức =SUM).";
    "W-PARTICIPANTS-WITHOUT-CLASSES", W, "Có lượt người tham gia nhưng số lớp bằng 0 hoặc để trống.", "Số lớp 0, Tổng số 120", "Kiểm tra lại số lớp.";
    "W-CLASSES-WITHOUT-PARTICIPANTS", W, "Có lớp nhưng không có lượt người tham gia.", "Số lớp 4, Tổng số trống", "Nhập số lượt người tham gia.";
    "W-CATEGORY-UNKNOWN", W, "Tên hoạt động không thuộc danh mục chuẩn; giữ nguyên như một loại riêng.", "\"Câu lạc bộ dưỡng sinh\"", "Nếu là loại chuẩn, sửa tên cho đúng danh mục; nếu không, để nguyên.";
    "W-CATEGORY-TT-MISMATCH", W, "Tên hoạt động thuộc một loại chuẩn nhưng TT của dòng là mã của loại khác; báo cáo xếp theo tên.", "TT 5, tên \"Chuyên đề giáo dục pháp luật\" (loại 3)", "Sửa TT hoặc tên cho khớp danh mục.";
    "W-DIRECTIVE-AFTER-REPORT", W, "Văn bản chỉ đạo ban hành sau ngày báo cáo.", "văn bản ngày 12/12/2018, báo cáo ngày 26/11/2018", "Kiểm tra lại ngày của văn bản.";
    "W-FEMALE-MISSING", W, "Cột Nữ để trống.", "cột Nữ trống ở mọi dòng", "Nhập số nữ nếu có; để trống nghĩa là không báo cáo.";
    "W-PERCENT-SCALE", W, "Không biết chắc giá trị là phần trăm hay phân số.", "0,5 trong dòng đơn vị % nhưng ô định dạng phần trăm không rõ", "Nhập số phần trăm, ví dụ 93,4 cho 93,4 %.";
    "W-FORMULA-UNEVALUATED", W, "Ô công thức không có kết quả lưu sẵn và chương trình không tự tính được (hàm khác SUM, trang khác, ô chữ); ô được coi là trống.", "=VLOOKUP(B5;Sheet2!A:B;2) lưu bởi một chương trình không tính", "Mở tệp bằng Excel, lưu lại rồi chạy lại.";
    "W-INFO-UNKNOWN", W, "Nhãn lạ trong phần Thông tin; bỏ qua.", "\"Ghi chú khác\"", "Kiểm tra chính tả nhãn.";
    "W-PART-MISSING", W, "Sổ không có phần Chỉ tiêu hoặc Văn bản chỉ đạo; báo cáo bỏ mục tương ứng.", "sổ chỉ có bảng hoạt động", "Thêm trang Chỉ tiêu / Văn bản chỉ đạo nếu cần.";
    // --- notes
    "N-TEXT-LEGACY", N, "Chữ mã TCVN3 (ABC) hoặc VNI-Windows đã được chuyển sang Unicode.", "\"Häc nghÒ\" → \"Học nghề\"", "Không cần làm gì; nên lưu lại sổ bằng phông Unicode (Times New Roman).";
    "N-TEXT-NFD", N, "Chữ Unicode dạng tổ hợp (NFD) đã được chuẩn hoá sang dạng dựng sẵn (NFC).", "chữ dán từ trang web", "Không cần làm gì.";
    "N-NUMBER-FROM-TEXT", N, "Số được đọc từ chữ theo cách viết Việt Nam.", "\"1.113\" → 1113", "Không cần làm gì; nên nhập ô dạng số.";
    "N-CATEGORY-FUZZY", N, "Tên hoạt động viết khác danh mục chuẩn đã được nhận ra.", "\"trương trình\" → \"chương trình\"", "Không cần làm gì.";
    "N-CATEGORY-SHORT", N, "Tên hoạt động rút gọn mà mọi chữ đều chỉ thuộc một loại chuẩn (TT khớp hoặc để trống) được hiểu là loại đó.", "\"Chương trình khác\", TT 9 → loại 9", "Không cần làm gì; nên ghi đủ tên theo danh mục.";
    "N-TABLE-IGNORED", N, "Một trang tính hoặc một bảng trong sổ không được dùng, kèm lý do (danh sách học viên, cán bộ, trường; bảng cùng loại thứ hai; …). Không có số nào của nó được cộng.", "trang \"Danh sách HV\" có cột \"Họ và tên\"", "Không cần làm gì nếu đúng ý; nếu đó là bảng hoạt động, sửa dòng tiêu đề theo mẫu.";
    "N-CELLS-IGNORED", N, "Ô trong bảng được nhận ra nhưng không được đọc (cột lạ, dòng ghi chú, dòng chỉ có TT).", "cột \"Đơn vị phối hợp\" của bảng hoạt động", "Không cần làm gì nếu đúng ý.";
    "N-ESTIMATE", N, "Báo cáo lập trước khi hết kỳ: số liệu có thể là ước tính.", "báo cáo năm ngày 26/11/2018", "Không cần làm gì.";
    "N-FORMULA-NO-VALUE", N, "Ô công thức không có giá trị lưu sẵn; chương trình tự tính lại (số, + − × ÷, tham chiếu ô, SUM trên cùng trang).", "=SUM(D5:D14) lưu bởi chương trình không tính", "Mở và lưu lại tệp bằng Excel nếu muốn thấy giá trị.";
    // --- consolidation
    "E-DOUBLE-COUNT", E, "Hai tệp của cùng một đơn vị trùng thời gian (tính hai lần).", "tháng 1 của phường Kim Sơn có trong hai tệp với số liệu khác nhau", "Bỏ một trong hai tệp.";
    "E-UNIT-UNKNOWN", E, "Không xác định được đơn vị hoặc kỳ của tệp.", "không có Địa bàn, Mã đơn vị hay Kỳ báo cáo", "Điền Địa bàn và Kỳ báo cáo trong trang Thông tin.";
    "W-DUPLICATE-FILE", W, "Hai tệp giống hệt nhau; chỉ tính một lần.", "cùng một tệp gửi hai lần", "Xoá bản sao.";
    "W-PERIOD-LARGER", W, "Tệp có kỳ lớn hơn kỳ tổng hợp; bị bỏ ra.", "sổ cả năm trong tổng hợp quý", "Tổng hợp theo kỳ lớn hơn, hoặc bỏ tệp này ra.";
    "N-PERIOD-OUTSIDE", N, "Tệp có kỳ nằm ngoài kỳ tổng hợp; bị bỏ ra.", "tháng 5 trong tổng hợp quý I", "Không cần làm gì nếu đúng ý.";
    "W-COVERAGE", W, "Đơn vị thiếu số liệu của một số tháng trong kỳ.", "2/3 tháng", "Đôn đốc đơn vị gửi đủ báo cáo.";
    "W-INDICATOR-KIND-MIXED", W, "Một chỉ tiêu có Tính chất khác nhau giữa các tệp; tổng hợp theo tính chất phổ biến nhất.", "\"Số hộ nghèo\" là thời điểm ở 4 tệp, cộng dồn ở 1 tệp", "Thống nhất cột Tính chất của chỉ tiêu trong các sổ.";
    "N-INPUT-OURS", N, "Tệp là bảng tổng hợp hoặc báo cáo do baocao ghi (có dấu của chương trình), không phải sổ của đơn vị; bỏ qua.", "tong-hop.xlsx của tháng trước để trong thư mục các sổ", "Không cần làm gì.";
    "W-INPUT-SKIPPED", W, "Một thư mục hoặc tệp trong thư mục không đọc được, hoặc không phải tệp thường; bỏ qua.", "thư mục con không có quyền đọc", "Kiểm tra quyền đọc của thư mục, hoặc sao chép các sổ vào thư mục của mình.";
    "W-OFFICE-DETAILS", W, "Báo cáo tổng hợp thiếu thông tin của cơ quan tổng hợp (cơ quan ban hành, người ký, nơi nhận).", "tonghop --report không có --config", "Khai báo mục [unit] và [document] trong tệp --config (docs/config.example.toml).";
    "W-TEXT-TOO-LONG", W, "Một ô dài quá 32.767 ký tự, giới hạn một ô của Excel: bảng tổng hợp ghi phần đầu, kết thúc bằng \"…\" (báo cáo Word vẫn đủ).", "trích yếu văn bản dán cả toàn văn, 40.000 ký tự", "Rút gọn nội dung ô trong sổ (trích yếu chỉ cần một câu) rồi tổng hợp lại.";
    "W-SUMMARY-LIMIT", W, "Bảng tổng hợp vượt giới hạn của Excel (255 nhóm trong một công thức hay biểu đồ, 16.384 cột, 1.048.576 dòng): phần vượt được gộp hoặc bỏ, như thông báo nói rõ.", "hơn 254 loại hoạt động riêng của các đơn vị", "Thống nhất tên hoạt động theo danh mục chuẩn; xem đầy đủ bằng --json.";
    "E-REORG-DOUBLE-COUNT", E, "Tính hai lần qua đợt sắp xếp đơn vị hành chính: sổ của đơn vị cũ và sổ của đơn vị mới mà nó đã nhập vào cùng có một tháng, hoặc đơn vị cũ còn báo cáo sau ngày sắp xếp.", "sổ tháng 7/2025 của phường Kim Sơn (từ 1/7/2025 thuộc phường Mạo Khê) cùng sổ tháng 7/2025 của phường Mạo Khê", "Bỏ sổ của đơn vị cũ cho các tháng sau ngày sắp xếp (hoặc bỏ sổ của đơn vị mới cho các tháng trước đó) rồi chạy lại.";
    "W-UNIT-NOT-PLACED", W, "Không đối chiếu được đơn vị của tệp với danh mục đơn vị trước và sau đợt sắp xếp (không rõ tỉnh, không có trong danh mục, hoặc nhiều đơn vị cùng tên trong tỉnh); tệp được tổng hợp riêng theo tên ghi trong tệp.", "sổ ghi Địa bàn \"Xã Tân Lập\" không có Mã đơn vị, trong tỉnh có hai xã Tân Lập", "Ghi Mã đơn vị (5 chữ số) vào trang Thông tin, hoặc [unit] province trong --config, hoặc khai báo đơn vị trong tệp --mapping.";
    "W-UNIT-CODE-MISMATCH", W, "Mã đơn vị của sổ trái với chính sổ: mã là của một đơn vị khác tên với Địa bàn của sổ (trước cũng như sau đợt sắp xếp), hoặc của một đơn vị thuộc tỉnh khác với tỉnh của đơn vị tổng hợp. Mã không được dùng; tệp được xếp theo tên Địa bàn trong tỉnh (không xếp được thì như W-UNIT-NOT-PLACED).", "sổ Địa bàn \"Phường Kim Sơn\" (Quảng Ninh) ghi Mã đơn vị 00004 (phường Trúc Bạch, Hà Nội) ở ô B6", "Sửa Mã đơn vị ở ô được chỉ ra cho đúng đơn vị của sổ, hoặc để trống.";
    "W-UNIT-DIVIDED", W, "Một đơn vị cũ được chia cho nhiều đơn vị mới: số liệu của nó không chia được khi không có tỷ lệ, nên được ghi thành dòng riêng và tính một lần vào tổng.", "phường Đức Chính chia cho phường An Sinh và phường Đông Triều từ 1/7/2025", "Không cần làm gì; nếu biết tỷ lệ chia, ghi vào tệp --mapping (cột share).";
    "N-UNIT-APPORTIONED", N, "Số liệu của một đơn vị cũ được chia cho các đơn vị mới theo tỷ lệ trong tệp --mapping.", "phường Đức Chính: 40% cho phường An Sinh, 60% cho phường Đông Triều", "Không cần làm gì nếu tỷ lệ đúng.";
    "W-COMPARE-NONE", W, "--compare: không có sổ nào của cùng kỳ năm trước để so sánh.", "tonghop 2025 --compare với thư mục chỉ có sổ năm 2023", "Chỉ ra đúng thư mục sổ của cùng kỳ năm trước.";
    "W-COMPARE-LEFT-OUT", W, "--compare: một số sổ của cùng kỳ năm trước bị bỏ ra (có lỗi, trùng hoặc kỳ lớn hơn); số liệu so sánh có thể thiếu.", "sổ năm 2024 có lỗi E-COUNT-NOT-INTEGER", "Tổng hợp riêng kỳ năm trước để xem và sửa các lỗi.";
    "W-COMPARE-MISMATCH", W, "report --compare: sổ so sánh không phải của cùng đơn vị (Mã đơn vị, Địa bàn) hoặc không phải cùng kỳ năm trước (cùng loại kỳ, sớm hơn một năm); báo cáo không so sánh.", "report kim-son-2025-03.xlsx --compare an-sinh-2024-H1.xlsx", "Chỉ ra sổ của chính đơn vị cho cùng kỳ năm trước (tháng 3/2024 cho tháng 3/2025).";
    "W-INPUT-LEFT-OUT", W, "Tệp có lỗi bị bỏ ra khỏi tổng hợp.", "tệp có E-COUNT-NOT-INTEGER", "Sửa các lỗi của tệp rồi chạy lại.";
    // --- the office's outline (--outline)
    "E-OUTLINE-UNREADABLE", E, "Đề cương (--outline) không đọc được: không phải tệp Word .docx (tệp .doc, .odt, .rtf, bảng tính), có mật khẩu, hoặc bị hỏng.", "đề cương lưu dạng Word 97–2003 (.doc)", "Mở đề cương bằng Word, gỡ mật khẩu nếu có, lưu lại dạng Word Document (.docx) rồi chạy lại.";
    "E-OUTLINE-TOO-LARGE", E, "Đề cương vượt giới hạn an toàn (dung lượng tệp, số phần, dung lượng giải nén, độ lồng của XML).", "một 'zip bomb' đổi tên thành .docx", "Kiểm tra lại tệp; nếu đúng là đề cương lớn thật, chạy lại với --no-limits.";
    "E-OUTLINE-PLACEHOLDER-UNKNOWN", E, "Đề cương dùng một ô chờ {…} mà chương trình không biết; thông báo chỉ ra đoạn (số thứ tự và phần đầu của đoạn).", "{tong_lop} thay vì {tong_so_lop}", "Sửa tên theo danh sách trong docs/outline.md; muốn in dấu ngoặc nhọn thì gõ {{ và }}.";
    "E-OUTLINE-PLACEHOLDER-INVALID", E, "Ô chờ của đề cương viết sai chỗ hoặc sai cách: dấu { không đóng, dấu } lẻ, ô chờ thay cả đoạn (bảng, mục) không đứng riêng một đoạn hoặc đặt ở đầu trang, chân trang.", "\"Bảng: {bang_hoat_dong}\" trong cùng một đoạn", "Viết đủ {ten_o_cho}; đặt ô chờ thay cả đoạn vào một đoạn riêng trong thân văn bản.";
    "N-OUTLINE-EMPTY", N, "Sổ không có nội dung cho một ô chờ thay cả đoạn của đề cương (không có văn bản chỉ đạo, chỉ tiêu hay đoạn của Mục đó); đoạn được bỏ. Là ghi chú: sổ thiếu trang Văn bản hay Chỉ tiêu đã có cảnh báo W-PART-MISSING, và một Mục trống là chuyện thường.", "{muc:khac} khi đơn vị không có mục riêng", "Không cần làm gì nếu đúng ý; nếu không, thêm nội dung vào sổ.";
}

/// Severity of a code. An unknown code is a programming error caught by the
/// catalogue test; at run time it degrades to `Error` rather than panicking.
pub fn severity_of(code: &str) -> Severity {
    CODES.iter().find(|c| c.code == code).map(|c| c.severity).unwrap_or(Severity::Error)
}

/// The catalogue's own `&'static str` for a code read back from text (a
/// consolidation's stored records); an unknown code (never written by this
/// program) comes back as `E-FILE-UNREADABLE`, the record being unusable.
pub fn static_code(code: &str) -> &'static str {
    CODES.iter().find(|c| c.code == code).map(|c| c.code).unwrap_or("E-FILE-UNREADABLE")
}

/// Whether `code` is in the catalogue.
pub fn is_known(code: &str) -> bool {
    CODES.iter().any(|c| c.code == code)
}

/// The catalogue as the Markdown of `docs/diagnostics.md`.
pub fn markdown() -> String {
    let mut out = String::from(
        "# Mã chẩn đoán / Diagnostic codes\n\n\
         Sinh từ `src/codes.rs` (a test keeps this file equal to it). Mức: `error` — không ghi kết quả \
         (exit 1); `warning` — vẫn ghi, cần xem lại; `note` — thông tin, in với `--verbose` và luôn có trong JSON.\n\n\
         | mã | mức | quy tắc | ví dụ | cách sửa |\n| --- | --- | --- | --- | --- |\n",
    );
    for c in CODES {
        let sev = match c.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Note => "note",
        };
        out.push_str(&format!(
            "| `{}` | {} | {} | {} | {} |\n",
            c.code,
            sev,
            c.rule,
            c.example.replace('|', "\\|"),
            c.fix
        ));
    }
    out.push_str("\n## Ô chờ trong Nội dung / Placeholders\n\n| ô chờ | nghĩa |\n| --- | --- |\n");
    for (n, d) in crate::model::narrative::PLACEHOLDERS {
        out.push_str(&format!("| `{{{n}}}` | {d} |\n"));
    }
    out.push_str(
        "\n## Ô chờ riêng của đề cương / Outline placeholders\n\n\
         Dùng được trong đề cương Word (`--outline`, xem docs/outline.md), cùng với mọi ô chờ ở trên.\n\n\
         | ô chờ | loại | nghĩa |\n| --- | --- | --- |\n",
    );
    for (n, d) in crate::render::outline::placeholder::INLINE {
        out.push_str(&format!("| `{{{n}}}` | trong dòng | {d} |\n"));
    }
    for (n, d) in crate::render::outline::placeholder::BLOCKS {
        out.push_str(&format!("| `{{{n}}}` | cả đoạn | {d} |\n"));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn docs_list_every_code() {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/docs/diagnostics.md");
        let want = markdown();
        if std::env::var_os("BAOCAO_BLESS").is_some() {
            std::fs::write(path, &want).unwrap();
        }
        let have = std::fs::read_to_string(path).unwrap_or_default().replace("\r\n", "\n");
        assert!(
            have == want,
            "docs/diagnostics.md is out of date: run BAOCAO_BLESS=1 cargo test --lib codes"
        );
    }

    #[test]
    fn codes_are_unique_and_prefixed() {
        for (i, c) in CODES.iter().enumerate() {
            assert!(CODES[i + 1..].iter().all(|d| d.code != c.code), "{} twice", c.code);
            let want = match c.severity {
                Severity::Error => "E-",
                Severity::Warning => "W-",
                Severity::Note => "N-",
            };
            assert!(c.code.starts_with(want), "{} has the wrong prefix", c.code);
        }
    }
}
