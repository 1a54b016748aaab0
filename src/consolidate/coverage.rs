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
                    .filter(|f| f.unit.key.as_deref() == Some(u.key.as_str()))
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
                    unit: u.label.clone(),
                    months,
                    files,
                }
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dong_trieu() -> Vec<std::path::PathBuf> {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("sample-sheets/dong-trieu-2018");
        let mut v: Vec<_> = std::fs::read_dir(dir).unwrap().map(|e| e.unwrap().path()).collect();
        v.sort();
        v
    }

    #[test]
    fn uploads_fold_to_what_the_files_do_and_the_grid_shows_the_missing_months() {
        let paths = dong_trieu();
        let opts = crate::Options::default();
        let from_files = consolidate_files(&paths, &ConsolidateOptions::default(), &opts, None);
        let inputs: Vec<Input> = paths
            .iter()
            .rev()
            .map(|p| {
                let bytes = std::fs::read(p).unwrap();
                let name = p.file_name().unwrap().to_string_lossy().into_owned();
                input_from_bytes(p.display().to_string(), &name, &bytes, &opts)
            })
            .collect();
        let from_bytes = consolidate(inputs, &ConsolidateOptions::default());
        assert!(from_bytes == from_files, "the same inputs in memory fold to the same consolidation");
        let grid = from_bytes.coverage();
        assert_eq!(grid.len(), 5);
        for row in &grid {
            let not_present: Vec<String> = row
                .months
                .iter()
                .filter(|(_, c)| *c != Cell::Present)
                .map(|(p, _)| p.machine())
                .collect();
            if row.unit == "Xã Tràng An" {
                assert_eq!(not_present, ["2018-05", "2018-09"]);
                assert!(row.months.iter().filter(|(_, c)| *c == Cell::Missing).count() == 2);
            } else {
                assert!(not_present.is_empty(), "{}: {not_present:?}", row.unit);
            }
            // Each month is one file of the unit, except the two Tràng An did not send.
            for (i, files) in row.files.iter().enumerate() {
                let gap = row.unit == "Xã Tràng An" && (i == 4 || i == 8);
                assert_eq!(files.len(), usize::from(!gap), "{} month {}", row.unit, i + 1);
            }
        }
    }

    #[test]
    fn overlapping_and_erroneous_inputs_are_told_apart() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("sample-sheets");
        let opts = crate::Options::default();
        let read = |p: std::path::PathBuf| read_input(&p, &opts);
        // Kim Sơn's year and its own January: double counted in January, and
        // in every month the year covers (the year is left out).
        let c = consolidate(
            [
                read(dir.join("kim-son-2018.xlsx")),
                read(dir.join("dong-trieu-2018/kim-son-2018-01.xlsx")),
            ],
            &ConsolidateOptions::default(),
        );
        let row = &c.coverage()[0];
        assert!(row.months.iter().all(|(_, c)| *c == Cell::DoubleCounted), "{:?}", row.months);
        // A year with an error: left out in every month.
        let mut bad = read(dir.join("kim-son-2018.xlsx"));
        if let InputOutcome::Read(ch) = &mut bad.outcome {
            ch.diagnostics.push(crate::Diagnostic::new("E-COUNT-NOT-INTEGER", "x", "x"));
        }
        let c = consolidate(
            [bad],
            &ConsolidateOptions {
                period: crate::normalize::period::parse_machine("2018"),
                allow_errors: true,
                ..Default::default()
            },
        );
        let row = &c.coverage()[0];
        assert_eq!(row.months.len(), 12);
        assert!(row.months.iter().all(|(_, c)| *c == Cell::LeftOut));
        assert_eq!(Cell::LeftOut.name(), "left_out");
    }
}
