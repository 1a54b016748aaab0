//! Where a value came from: sheet and cell, so every diagnostic can point at it.

use std::fmt;
use std::sync::Arc;

/// A cell address, zero-based, absolute in the sheet (not relative to a range).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Cell {
    pub row: u32,
    pub col: u32,
}

impl Cell {
    pub fn new(row: u32, col: u32) -> Cell {
        Cell { row, col }
    }

    /// The column letters of A1 notation ("A", "Z", "AA", … "XFD").
    pub fn col_name(col: u32) -> String {
        let mut n = col as u64 + 1;
        let mut out = Vec::new();
        while n > 0 {
            let rem = ((n - 1) % 26) as u8;
            out.push(b'A' + rem);
            n = (n - 1) / 26;
        }
        out.reverse();
        String::from_utf8(out).unwrap_or_default()
    }
}

impl fmt::Display for Cell {
    /// A1 notation: `Cell::new(6, 3)` is `D7`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}{}", Cell::col_name(self.col), self.row as u64 + 1)
    }
}

/// A sheet and a cell in it. The sheet name is shared, so keeping a source on
/// every value costs a pointer, not a string.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Source {
    pub sheet: Arc<str>,
    pub cell: Cell,
}

impl Source {
    pub fn new(sheet: &Arc<str>, row: u32, col: u32) -> Source {
        Source {
            sheet: Arc::clone(sheet),
            cell: Cell::new(row, col),
        }
    }
}

impl fmt::Display for Source {
    /// `Hoạt động!D7`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}!{}", self.sheet, self.cell)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a1_names() {
        assert_eq!(Cell::new(0, 0).to_string(), "A1");
        assert_eq!(Cell::new(6, 3).to_string(), "D7");
        assert_eq!(Cell::new(0, 25).to_string(), "Z1");
        assert_eq!(Cell::new(0, 26).to_string(), "AA1");
        assert_eq!(Cell::new(1_048_575, 16_383).to_string(), "XFD1048576");
    }
}
