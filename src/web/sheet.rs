//! A window of one sheet as the page draws it (column letters, row numbers,
//! the cell a diagnostic points at). The cells are the reader's own
//! ([`crate::read::workbook::open`]), shown as the file holds them; nothing
//! here interprets them.

use serde_json::{json, Value};

use crate::read::workbook::{RawWorkbook, Value as Raw};
use crate::source::Cell;

/// Rows and columns shown around the marked cell at most: a ward's sheet
/// fits whole; a huge one is shown near the cell, never all of it.
pub const MAX_ROWS: u32 = 60;
pub const MAX_COLS: u32 = 26;

fn shown(v: &Raw) -> String {
    match v {
        Raw::Text(s) | Raw::DateIso(s) | Raw::Error(s) => s.clone(),
        Raw::Bool(b) => if *b { "TRUE" } else { "FALSE" }.to_string(),
        Raw::Number(n) => {
            if n.fract() == 0.0 && n.abs() < 1e15 {
                format!("{}", *n as i64)
            } else {
                format!("{n}")
            }
        }
        Raw::Date(serial) => crate::normalize::date::from_serial(*serial)
            .map(|d| d.format("%d/%m/%Y").to_string())
            .unwrap_or_else(|| format!("{serial}")),
    }
}

/// The window of `sheet` around `mark` (or its top left corner): `None` when
/// the workbook has no such sheet.
pub fn window(wb: &RawWorkbook, sheet: &str, mark: Option<Cell>) -> Option<Value> {
    let sh = wb.sheets.iter().find(|s| &*s.name == sheet)?;
    let last_row = sh.cells.iter().map(|c| c.row).max().unwrap_or(0);
    let last_col = sh.cells.iter().map(|c| c.col).max().unwrap_or(0);
    let (mr, mc) = mark.map(|c| (c.row, c.col)).unwrap_or((0, 0));
    let rows_end = last_row.max(mr).saturating_add(1);
    let cols_end = last_col.max(mc).saturating_add(1);
    // Start so the mark is inside, as near the top left as the limits allow.
    let row0 = if rows_end <= MAX_ROWS {
        0
    } else {
        mr.saturating_sub(MAX_ROWS / 3).min(rows_end - MAX_ROWS)
    };
    let col0 = if cols_end <= MAX_COLS {
        0
    } else {
        mc.saturating_sub(MAX_COLS / 3).min(cols_end - MAX_COLS)
    };
    let nrows = (rows_end - row0).min(MAX_ROWS);
    let ncols = (cols_end - col0).min(MAX_COLS);
    let mut grid = vec![vec![String::new(); ncols as usize]; nrows as usize];
    for c in &sh.cells {
        if (row0..row0 + nrows).contains(&c.row) && (col0..col0 + ncols).contains(&c.col) {
            grid[(c.row - row0) as usize][(c.col - col0) as usize] = shown(&c.value);
        }
    }
    Some(json!({
        "sheet": sheet,
        "first_row": row0 + 1,
        "columns": (col0..col0 + ncols).map(Cell::col_name).collect::<Vec<_>>(),
        "rows": grid,
        "mark": mark.map(|c| json!({"row": c.row + 1, "col": Cell::col_name(c.col), "a1": c.to_string()})),
        "truncated": row0 > 0 || col0 > 0 || rows_end - row0 > nrows || cols_end - col0 > ncols,
    }))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::read::workbook::{Format, RawCell, RawSheet};

    fn wb(cells: &[(u32, u32, Raw)]) -> RawWorkbook {
        RawWorkbook {
            format: Format::Xlsx,
            sheets: vec![RawSheet {
                name: "Hoạt động".into(),
                cells: cells
                    .iter()
                    .map(|(row, col, value)| RawCell {
                        row: *row,
                        col: *col,
                        value: value.clone(),
                        percent_format: false,
                        font: Default::default(),
                    })
                    .collect(),
            }],
            diags: Vec::new(),
        }
    }

    #[test]
    fn a_small_sheet_is_shown_whole_with_the_mark() {
        let w = wb(&[
            (0, 0, Raw::Text("TT".into())),
            (6, 3, Raw::Number(12.5)),
            (2, 1, Raw::Date(43430.0)),
        ]);
        let v = window(&w, "Hoạt động", Cell::parse_a1("D7")).unwrap();
        assert_eq!(v["first_row"], 1);
        assert_eq!(v["columns"], json!(["A", "B", "C", "D"]));
        assert_eq!(v["rows"].as_array().unwrap().len(), 7);
        assert_eq!(v["rows"][6][3], "12.5");
        assert_eq!(v["rows"][2][1], "26/11/2018");
        assert_eq!(v["mark"]["a1"], "D7");
        assert_eq!(v["truncated"], false);
        assert!(window(&w, "Không có", None).is_none());
    }

    #[test]
    fn a_far_cell_of_a_huge_sheet_is_shown_in_a_bounded_window() {
        let w = wb(&[(0, 0, Raw::Text("x".into())), (99_999, 199, Raw::Number(1.0))]);
        let v = window(&w, "Hoạt động", Cell::parse_a1("CA5000")).unwrap();
        let rows = v["rows"].as_array().unwrap();
        assert_eq!(rows.len() as u32, MAX_ROWS);
        assert_eq!(v["columns"].as_array().unwrap().len() as u32, MAX_COLS);
        let first = v["first_row"].as_u64().unwrap() as u32;
        assert!((first..first + MAX_ROWS).contains(&5000));
        assert!(v["columns"].as_array().unwrap().contains(&json!("CA")));
        assert_eq!(v["truncated"], true);
    }
}
