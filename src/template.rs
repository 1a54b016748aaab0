//! The blank workbook staff fill in, and the Kim Sơn example.
