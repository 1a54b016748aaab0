//! Operating-system errors in plain words, with what to do next.
//!
//! A clerk cannot act on "Operation not permitted (os error 1)" or
//! "Access denied. (os error 5)". Every error the program meets on the file
//! system is put in one of a few classes a clerk understands (the file is
//! open in Word or Excel, no permission, the disk is full, the folder does
//! not exist…), each with the fix, in Vietnamese and English. The raw text of
//! the system is kept at the end, in brackets, for whoever helps them.

use std::path::Path;

/// What went wrong, as a clerk would put it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Problem {
    /// The file or folder does not exist.
    NotFound,
    /// Another program holds the file (Windows sharing violation, or a lock).
    InUse,
    /// No permission (or, on Windows, often a file open in Word).
    Denied,
    /// The disk is full.
    DiskFull,
    /// The disk or folder is read-only (a write-protected USB stick, a CD).
    ReadOnlyDisk,
    /// Anything else.
    Other,
}

/// Windows error codes that std maps to no useful [`std::io::ErrorKind`].
const WIN_SHARING_VIOLATION: i32 = 32;
const WIN_LOCK_VIOLATION: i32 = 33;
const WIN_HANDLE_DISK_FULL: i32 = 39;
const WIN_DISK_FULL: i32 = 112;
const WIN_WRITE_PROTECT: i32 = 19;

/// The class of an I/O error. Raw Windows codes are only looked at on
/// Windows: on Unix 32 is EPIPE and 33 EDOM.
pub fn classify(e: &std::io::Error) -> Problem {
    use std::io::ErrorKind as K;
    if cfg!(windows) {
        match e.raw_os_error() {
            Some(WIN_SHARING_VIOLATION | WIN_LOCK_VIOLATION) => return Problem::InUse,
            Some(WIN_DISK_FULL | WIN_HANDLE_DISK_FULL) => return Problem::DiskFull,
            Some(WIN_WRITE_PROTECT) => return Problem::ReadOnlyDisk,
            _ => {}
        }
    }
    match e.kind() {
        K::NotFound => Problem::NotFound,
        K::PermissionDenied => Problem::Denied,
        K::StorageFull | K::QuotaExceeded => Problem::DiskFull,
        K::ReadOnlyFilesystem => Problem::ReadOnlyDisk,
        K::ResourceBusy | K::ExecutableFileBusy => Problem::InUse,
        _ => Problem::Other,
    }
}

/// What was being done when the error came.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    Read,
    Write,
}

/// The message for an error met while reading or writing `path`, in
/// Vietnamese and English: what happened, then what to do.
pub fn explain(e: &std::io::Error, path: &Path, action: Action) -> (String, String) {
    let p = path.display();
    let raw = system_text(e);
    let (vi, en) = match (classify(e), action) {
        (Problem::NotFound, _) => (
            format!("không tìm thấy {p}: kiểm tra lại tên tệp và thư mục"),
            format!("{p} does not exist: check the file and folder names"),
        ),
        (Problem::InUse, _) => (
            format!("tệp {p} đang mở trong Word, Excel hoặc một chương trình khác: đóng tệp rồi chạy lại"),
            format!("{p} is open in Word, Excel or another program: close it and run again"),
        ),
        (Problem::Denied, Action::Write) => (
            format!(
                "không có quyền ghi {p} (hoặc tệp đang mở trong Word/Excel): đóng tệp, hoặc chọn thư mục khác (ví dụ Tài liệu) rồi chạy lại"
            ),
            format!("no permission to write {p} (or it is open in Word/Excel): close it, or choose another folder (such as Documents), and run again"),
        ),
        (Problem::Denied, Action::Read) => (
            format!("không có quyền đọc {p}: sao chép tệp vào thư mục của mình (ví dụ Tài liệu) rồi chạy lại"),
            format!("no permission to read {p}: copy the file into your own folder (such as Documents) and run again"),
        ),
        (Problem::DiskFull, _) => (
            format!("ổ đĩa đầy, không ghi được {p}: xoá bớt tệp không cần hoặc chọn ổ khác rồi chạy lại"),
            format!("the disk is full, cannot write {p}: free some space or choose another drive, and run again"),
        ),
        (Problem::ReadOnlyDisk, _) => (
            format!("ổ đĩa chứa {p} chỉ đọc (USB bị khoá ghi, đĩa CD…): chọn thư mục khác rồi chạy lại"),
            format!("the drive holding {p} is read-only (a locked USB stick, a CD…): choose another folder and run again"),
        ),
        (Problem::Other, Action::Read) => (format!("không đọc được {p}"), format!("cannot read {p}")),
        (Problem::Other, Action::Write) => (format!("không ghi được {p}"), format!("cannot write {p}")),
    };
    (format!("{vi} ({raw})"), format!("{en} ({raw})"))
}

/// The system's own words without Rust's " (os error N)" suffix, which
/// means nothing to a clerk; the number stays for whoever helps them.
fn system_text(e: &std::io::Error) -> String {
    let s = e.to_string();
    match (s.rfind(" (os error "), e.raw_os_error()) {
        (Some(i), Some(n)) => format!("{}, mã {n}", s[..i].trim_end_matches('.')),
        _ => s,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::{Error, ErrorKind};

    #[test]
    fn each_class_says_what_to_do() {
        let p = Path::new("Báo cáo tháng 1.docx");
        let cases = [
            (Error::from(ErrorKind::NotFound), "không tìm thấy", "does not exist"),
            (Error::from(ErrorKind::PermissionDenied), "đóng tệp", "close it"),
            (Error::from(ErrorKind::StorageFull), "ổ đĩa đầy", "disk is full"),
            (Error::from(ErrorKind::ReadOnlyFilesystem), "chỉ đọc", "read-only"),
        ];
        for (e, vi, en) in cases {
            let (v, n) = explain(&e, p, Action::Write);
            assert!(v.contains(vi) && v.contains("Báo cáo tháng 1.docx"), "{v}");
            assert!(n.contains(en), "{n}");
        }
    }

    #[test]
    fn the_os_error_suffix_is_replaced() {
        let e = Error::from_raw_os_error(2);
        let (vi, _) = explain(&e, Path::new("x"), Action::Read);
        assert!(!vi.contains("os error"), "{vi}");
        assert!(vi.contains("mã 2"), "{vi}");
    }

    #[cfg(windows)]
    #[test]
    fn a_sharing_violation_is_a_file_in_use() {
        assert_eq!(classify(&Error::from_raw_os_error(32)), Problem::InUse);
        assert_eq!(classify(&Error::from_raw_os_error(112)), Problem::DiskFull);
    }
}
