//! The coverage grid (units × months) that the clerk's page draws: for each
//! month of the period, whether a unit's figures are in the sums, and if not,
//! why. It is the consolidation's own verdict, read from the file statuses,
//! so the page never decides it.

use super::*;

/// One month of one unit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Cell {
    /// A used input covers it.
    Present,
    /// An input that covers it overlaps another of the same unit: all of them
    /// are left out (E-DOUBLE-COUNT).
    DoubleCounted,
    /// An input covers it but was left out (errors, unknown period, a larger period).
    LeftOut,
    /// No input of the unit covers it.
    Missing,
}

impl Cell {
    /// The name used in JSON.
    pub fn name(self) -> &'static str {
        match self {
            Cell::Present => "present",
            Cell::DoubleCounted => "double_counted",
            Cell::LeftOut => "left_out",
            Cell::Missing => "missing",
        }
    }
}

/// A unit's row of the grid, parallel to [`Consolidation::units`].
#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    pub unit: String,
    /// One per month of the period, in order.
    pub months: Vec<(Period, Cell)>,
    /// The inputs of this unit that touch each month, parallel to `months`.
    pub files: Vec<Vec<String>>,
}

impl Consolidation {
    /// The grid, one row per unit; empty when no period could be found.
    pub fn coverage(&self) -> Vec<Row> {
        self.units
            .iter()
            .map(|u| {
                let mine: Vec<&FileEntry> = self
                    .files
                    .iter()
                    .filter(|f| f.unit_key.as_deref() == Some(u.key.as_str()))
                    .collect();
                let mut months = Vec::with_capacity(u.expected.len());
                let mut files = Vec::with_capacity(u.expected.len());
                for m in &u.expected {
                    let touching: Vec<&&FileEntry> = mine.iter().filter(|f| f.period.is_some_and(|p| p.overlaps(m))).collect();
                    let cell = if u.covered.contains(m) {
                        Cell::Present
                    } else if touching
                        .iter()
                        .any(|f| matches!(f.status, Status::LeftOut(LeftOut::DoubleCount { .. })))
                    {
                        Cell::DoubleCounted
                    } else if touching.iter().any(|f| !f.status.is_used()) {
                        Cell::LeftOut
                    } else {
                        Cell::Missing
                    };
                    months.push((*m, cell));
                    files.push(touching.iter().map(|f| f.path.clone()).collect());
                }
                Row {
                    unit: u.name.clone(),
                    months,
                    files,
                }
            })
            .collect()
    }
}
