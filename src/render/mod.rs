//! Writers: the model → output files' bytes. Nothing here touches the disk.

pub mod docx;
pub mod outline;
pub mod xlsx;
pub mod zip_origin;
