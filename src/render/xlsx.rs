//! The summary workbook of a consolidation (.xlsx).
