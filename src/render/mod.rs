//! Writers: the model → output files' bytes. Nothing here writes where the
//! user sees it; only [`pdf`] touches the disk, in a temporary folder of its
//! own, because the converter it runs (LibreOffice) reads and writes files.

pub mod docx;
pub mod outline;
pub mod pdf;
pub mod xlsx;
pub mod zip_origin;
