//! Where each input's figures wait between reading and summing.
//!
//! A consolidation must read every input before it may sum any: whether a
//! file counts (identical copy, double counting, outside the period) and the
//! period itself are known only once all are read. Holding 10,000 reports
//! until then cost some 70 MB; instead each report and its diagnostics are
//! encoded as soon as they are read and appended to an unnamed temporary file,
//! and only a small key (path, hash, unit, period, status) stays in memory.
//! The fold and the writers then read each file's record back, one at a time,
//! in path order. So memory stays flat in the number of inputs, whatever their
//! size; the temporary file is deleted by the operating system when the
//! consolidation is dropped, even if the program is killed (it has no name).
//!
//! Records are JSON (serde_json is already here for `--json`): a record is
//! written once and read back once or twice, so a binary format would save
//! little. If no temporary file can be made or written (a full disk), records
//! stay in memory: slower to grow, never wrong.

use std::io::{BufWriter, Read, Seek, SeekFrom, Write};
use std::sync::{Arc, Mutex};

use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

use crate::diag::{Diagnostic, Severity};

/// Where one record is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Slot {
    /// Bytes `offset..offset + len` of the temporary file.
    File { offset: u64, len: u32 },
    /// Kept in memory (no temporary file, or writing it failed).
    Memory(Arc<[u8]>),
}

/// The temporary file, or nothing (every slot is then in memory).
#[derive(Debug)]
struct Backing {
    file: Option<BufWriter<std::fs::File>>,
    /// Bytes appended so far (the next record's offset).
    len: u64,
    /// Whether the file's cursor is at `len` (no read or failed write since
    /// the last append): appends then need no seek, which would flush.
    at_end: bool,
}

/// Append-only record store shared by the fold and the writers. Cloning
/// shares the same file.
#[derive(Debug, Clone)]
pub(crate) struct Store {
    inner: Arc<Mutex<Backing>>,
}

impl Store {
    /// Records in an unnamed temporary file; in memory if none can be made.
    pub(crate) fn temporary() -> Store {
        let file = tempfile::tempfile().ok().map(|f| BufWriter::with_capacity(1 << 16, f));
        Store {
            inner: Arc::new(Mutex::new(Backing {
                file,
                len: 0,
                at_end: true,
            })),
        }
    }

    /// Records in memory (tests, and [`super::consolidate`] on inputs already read).
    pub(crate) fn memory() -> Store {
        Store {
            inner: Arc::new(Mutex::new(Backing {
                file: None,
                len: 0,
                at_end: true,
            })),
        }
    }

    /// Appends a record.
    pub(crate) fn put(&self, bytes: &[u8]) -> Slot {
        let Ok(len) = u32::try_from(bytes.len()) else {
            return Slot::Memory(bytes.into());
        };
        let Ok(mut b) = self.inner.lock() else {
            return Slot::Memory(bytes.into());
        };
        let offset = b.len;
        let at_end = b.at_end;
        let written = match &mut b.file {
            Some(w) if at_end => w.write_all(bytes).is_ok(),
            Some(w) => w.seek(SeekFrom::Start(offset)).and_then(|_| w.write_all(bytes)).is_ok(),
            None => false,
        };
        b.at_end = written;
        if written {
            b.len += u64::from(len);
            Slot::File { offset, len }
        } else {
            // A failed write may have left part of the record; the next one
            // starts at the same offset and overwrites it.
            Slot::Memory(bytes.into())
        }
    }

    /// Reads a record back and decodes it.
    pub(crate) fn read<T: DeserializeOwned>(&self, slot: &Slot) -> std::io::Result<T> {
        let decode = |b: &[u8]| serde_json::from_slice(b).map_err(std::io::Error::from);
        match slot {
            Slot::Memory(b) => decode(b),
            Slot::File { offset, len } => {
                let mut b = self.inner.lock().map_err(|_| std::io::Error::other("store lock poisoned"))?;
                b.at_end = false;
                let w = b.file.as_mut().ok_or_else(|| std::io::Error::other("no temporary file"))?;
                w.flush()?;
                let f = w.get_mut();
                f.seek(SeekFrom::Start(*offset))?;
                let mut buf = vec![0u8; *len as usize];
                f.read_exact(&mut buf)?;
                decode(&buf)
            }
        }
    }

    /// Reads back diagnostics stored with [`encode_diagnostics`].
    pub(crate) fn read_diagnostics(&self, slot: &Slot) -> std::io::Result<Vec<Diagnostic>> {
        Ok(self.read::<Vec<DiagRecord>>(slot)?.into_iter().map(Diagnostic::from).collect())
    }
}

/// Encodes a record: a report (without its period, kept in the entry's
/// key) or a directive.
pub(crate) fn encode<T: Serialize>(value: &T) -> Vec<u8> {
    serde_json::to_vec(value).unwrap_or_default()
}

/// A diagnostic as stored: [`Diagnostic`] keeps its code as a `&'static str`
/// and does not serialise its English text.
#[derive(Serialize, Deserialize)]
struct DiagRecord {
    severity: Severity,
    code: String,
    file: Option<String>,
    sheet: Option<String>,
    cell: Option<String>,
    label: Option<String>,
    vi: String,
    en: String,
}

impl From<DiagRecord> for Diagnostic {
    fn from(r: DiagRecord) -> Diagnostic {
        Diagnostic {
            severity: r.severity,
            code: crate::codes::static_code(&r.code),
            file: r.file,
            sheet: r.sheet,
            cell: r.cell,
            label: r.label,
            message_vi: r.vi,
            message_en: r.en,
        }
    }
}

pub(crate) fn encode_diagnostics(diags: &[Diagnostic]) -> Vec<u8> {
    let recs: Vec<DiagRecord> = diags
        .iter()
        .map(|d| DiagRecord {
            severity: d.severity,
            code: d.code.to_string(),
            file: d.file.clone(),
            sheet: d.sheet.clone(),
            cell: d.cell.clone(),
            label: d.label.clone(),
            vi: d.message_vi.clone(),
            en: d.message_en.clone(),
        })
        .collect();
    encode(&recs)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Report;

    #[test]
    fn records_come_back_as_written_from_file_and_memory() {
        for store in [Store::temporary(), Store::memory()] {
            let mut slim = super::super::engine::slim(crate::example::kim_son_2018());
            slim.period = None;
            let d = Diagnostic::new("W-FEMALE-MISSING", "Cột Nữ để trống.", "The Nữ column is empty.")
                .in_sheet("Hoạt động")
                .in_file("a b/Kim Sơn.xlsx");
            let s1 = store.put(&encode(&slim));
            let s2 = store.put(&encode_diagnostics(std::slice::from_ref(&d)));
            let s3 = store.put(&encode(&Report::default()));
            // Read out of order, twice.
            for _ in 0..2 {
                assert_eq!(store.read::<Report>(&s3).unwrap(), Report::default());
                assert_eq!(store.read_diagnostics(&s2).unwrap(), vec![d.clone()]);
                assert_eq!(store.read::<Report>(&s1).unwrap(), slim);
            }
        }
    }
}
