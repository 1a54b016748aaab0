//! The blank workbook staff fill in, and the Kim Sơn example.

/// Temporary until the template branch lands.
#[derive(Debug, thiserror::Error)]
#[error("template")]
pub struct TemplateError;

pub fn workbook(_report: Option<&crate::model::Report>) -> Result<Vec<u8>, TemplateError> {
    Err(TemplateError)
}
