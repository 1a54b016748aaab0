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

impl Cell {
    /// Reads A1 notation ("D7", "$D$7"); `None` for anything else or past XFD1048576.
    pub fn parse_a1(s: &str) -> Option<Cell> {
        let s = s.trim().replace('$', "");
        let split = s.find(|c: char| c.is_ascii_digit())?;
        let (letters, digits) = s.split_at(split);
        if letters.is_empty() || letters.len() > 3 || !letters.chars().all(|c| c.is_ascii_alphabetic()) {
            return None;
        }
        let col = letters
            .to_ascii_uppercase()
            .bytes()
            .fold(0u32, |n, b| n * 26 + u32::from(b - b'A' + 1))
            - 1;
        let row: u32 = digits.parse().ok()?;
        if row == 0 || row > 1_048_576 || col >= 16_384 {
            return None;
        }
        Some(Cell::new(row - 1, col))
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

#[cfg(test)]
mod a1_tests {
    use super::Cell;

    #[test]
    fn a1_reads_back_what_display_writes() {
        for (r, c) in [(0, 0), (6, 3), (9, 25), (0, 26), (1_048_575, 16_383)] {
            let cell = Cell::new(r, c);
            assert_eq!(Cell::parse_a1(&cell.to_string()), Some(cell));
        }
        assert_eq!(Cell::parse_a1("$d$7"), Some(Cell::new(6, 3)));
        for bad in ["", "7", "D", "D0", "XFE1", "A1048577", "ĐA1", "A1B"] {
            assert_eq!(Cell::parse_a1(bad), None, "{bad}");
        }
    }
}
