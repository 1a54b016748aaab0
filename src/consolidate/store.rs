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
//! little. If no temporary file can be made, or writing it fails (a full
//! disk: every write is checked when it happens), records stay in memory:
//! slower to grow, never wrong, and no input is blamed. A record that cannot
//! be read back (a failing disk) is a [`Store::failure`] of the whole run.

use std::io::{Read, Seek, SeekFrom, Write};
use std::num::NonZeroU64;
use std::sync::{Arc, Mutex};

use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

use crate::diag::{Diagnostic, Severity};

/// Where one record is, in one word: a province's consolidation holds
/// hundreds of thousands of them (two per input, one per directive of each
/// unit), so their size is a tenth of its memory.
///
/// Packed: the top bit set, the index of a record kept in memory (no
/// temporary file, or one too large for a slot); clear, a record in the
/// file, its offset in the next [`OFFSET_BITS`] bits and its length in the
/// last [`LEN_BITS`]. Never zero (a record in the file is never empty), so
/// that an `Option<Slot>` is one word too.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Slot(NonZeroU64);

/// Offsets in the file up to 512 GiB; beyond, records stay in memory.
const OFFSET_BITS: u32 = 39;
/// Records in the file up to 16 MiB; larger ones stay in memory.
const LEN_BITS: u32 = 24;
const MEMORY: u64 = 1 << 63;
const MEMORY_BIT: NonZeroU64 = match NonZeroU64::new(MEMORY) {
    Some(bit) => bit,
    None => panic!("the memory bit is not zero"),
};

/// Where a slot points.
enum Place {
    File { offset: u64, len: usize },
    Memory(usize),
}

impl Slot {
    /// `None` where the record does not fit: empty, too long, or too far.
    fn in_file(offset: u64, len: usize) -> Option<Slot> {
        let len = u64::try_from(len).ok().filter(|&l| l > 0 && l < 1 << LEN_BITS)?;
        if offset >= 1 << OFFSET_BITS {
            return None;
        }
        NonZeroU64::new(offset << LEN_BITS | len).map(Slot)
    }

    /// A vector's index is below 2^63 (`isize::MAX`), clear of the top bit.
    fn in_memory(index: usize) -> Slot {
        Slot(MEMORY_BIT | index as u64)
    }

    fn place(self) -> Place {
        let v = self.0.get();
        if v & MEMORY != 0 {
            // Below 2^63, so it fits a usize wherever records were counted.
            Place::Memory(usize::try_from(v & !MEMORY).unwrap_or(usize::MAX))
        } else {
            Place::File {
                offset: v >> LEN_BITS,
                len: (v & ((1 << LEN_BITS) - 1)) as usize,
            }
        }
    }

    /// Whether the record is in the temporary file (tests).
    #[cfg(test)]
    pub(crate) fn is_in_file(self) -> bool {
        matches!(self.place(), Place::File { .. })
    }
}

/// Decodes a record's bytes from [`Store::raw`].
pub(crate) fn decode<T: DeserializeOwned>(bytes: &[u8]) -> std::io::Result<T> {
    serde_json::from_slice(bytes).map_err(std::io::Error::from)
}

/// What the store writes into: the temporary file in use; any file-like
/// thing in tests (one that fails like a full disk).
pub(crate) trait Medium: Read + Write + Seek + Send + std::fmt::Debug {}
impl<T: Read + Write + Seek + Send + std::fmt::Debug> Medium for T {}

/// How much is gathered in memory before it is written to the file.
const CHUNK: usize = 1 << 16;

/// The temporary file, or nothing (every slot is then in memory).
///
/// Records are gathered in `pending` and written a chunk at a time with a
/// checked `write_all`; bytes before `durable` are known to be in the file.
/// When a write fails (the disk is full), nothing is lost and nobody is
/// blamed: the failed chunk and every later record stay in `spill`, in
/// memory, at the offsets already handed out.
#[derive(Debug)]
struct Backing {
    file: Option<Box<dyn Medium>>,
    /// Bytes in the file, from offset 0.
    durable: u64,
    /// Records from offset `durable` on, not yet written (or never to be,
    /// once `spilled`).
    pending: Vec<u8>,
    /// Writing failed once: everything from `durable` on stays in memory.
    spilled: bool,
    /// The first error reading a record back (a failing disk): the
    /// consolidation cannot be trusted and the CLI stops with exit 2.
    failure: Option<String>,
    /// The last stretch of the file read back, from this offset: records are
    /// read back nearly in the order they were written (the fold and the
    /// writers go in path order, the workers finish nearly in path order),
    /// so one read of [`WINDOW`] bytes serves dozens of them.
    window_at: u64,
    window: Vec<u8>,
    /// Records kept in memory, by [`Slot`] index.
    memory: Vec<Arc<[u8]>>,
}

/// How much of the file is read back at a time.
const WINDOW: usize = 1 << 18;

impl Backing {
    fn len(&self) -> u64 {
        self.durable + self.pending.len() as u64
    }

    /// Writes the pending bytes to the file, or keeps them for good.
    fn flush_pending(&mut self) {
        if self.spilled || self.pending.is_empty() {
            return;
        }
        let Some(f) = self.file.as_mut() else {
            self.spilled = true;
            return;
        };
        let ok = f
            .seek(SeekFrom::Start(self.durable))
            .and_then(|_| f.write_all(&self.pending))
            .and_then(|_| f.flush())
            .is_ok();
        if ok {
            self.durable += self.pending.len() as u64;
            self.pending.clear();
        } else {
            self.spilled = true;
        }
    }
}

/// Append-only record store shared by the fold and the writers. Cloning
/// shares the same file.
#[derive(Debug, Clone)]
pub(crate) struct Store {
    inner: Arc<Mutex<Backing>>,
}

impl Store {
    fn over(file: Option<Box<dyn Medium>>) -> Store {
        Store {
            inner: Arc::new(Mutex::new(Backing {
                spilled: file.is_none(),
                file,
                durable: 0,
                pending: Vec::new(),
                failure: None,
                window_at: 0,
                window: Vec::new(),
                memory: Vec::new(),
            })),
        }
    }

    /// Records in an unnamed temporary file; in memory if none can be made.
    pub(crate) fn temporary() -> Store {
        Store::over(tempfile::tempfile().ok().map(|f| Box::new(f) as Box<dyn Medium>))
    }

    /// Records in memory (tests, and [`super::consolidate`] on inputs already read).
    pub(crate) fn memory() -> Store {
        Store::over(None)
    }

    /// Records in any medium (tests).
    #[cfg(test)]
    fn on(medium: impl Medium + 'static) -> Store {
        Store::over(Some(Box::new(medium)))
    }

    /// Appends a record.
    pub(crate) fn put(&self, bytes: &[u8]) -> Slot {
        // A poisoned lock means a thread panicked while holding it; the
        // records themselves are whole (each is appended in one call).
        let mut b = self.inner.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        let offset = b.len();
        if let Some(slot) = b.file.as_ref().and_then(|_| Slot::in_file(offset, bytes.len())) {
            b.pending.extend_from_slice(bytes);
            if b.pending.len() >= CHUNK {
                b.flush_pending();
            }
            return slot;
        }
        b.memory.push(Arc::from(bytes));
        Slot::in_memory(b.memory.len() - 1)
    }

    /// Reads a record back and decodes it.
    pub(crate) fn read<T: DeserializeOwned>(&self, slot: &Slot) -> std::io::Result<T> {
        match slot.place() {
            Place::Memory(i) => decode(&self.kept(i)?),
            Place::File { offset, len } => decode(&self.copy(offset, len)?),
        }
    }

    /// A record's bytes, to be decoded elsewhere with [`decode`]: the fold
    /// copies records out in the order they were written (so that one read
    /// of the file serves many) and decodes them on every core.
    pub(crate) fn raw(&self, slot: &Slot) -> std::io::Result<Vec<u8>> {
        match slot.place() {
            Place::Memory(i) => Ok(self.kept(i)?.to_vec()),
            Place::File { offset, len } => self.copy(offset, len),
        }
    }

    /// A record kept in memory, shared (decoded outside the lock).
    fn kept(&self, index: usize) -> std::io::Result<Arc<[u8]>> {
        let mut b = self.inner.lock().map_err(|_| std::io::Error::other("store lock poisoned"))?;
        match b.memory.get(index) {
            Some(bytes) => Ok(Arc::clone(bytes)),
            None => Err(b.fail(std::io::Error::other("record past the end of the store"))),
        }
    }

    /// The bytes of a record in the file (or its pending or spilled part).
    fn copy(&self, offset: u64, len: usize) -> std::io::Result<Vec<u8>> {
        let mut b = self.inner.lock().map_err(|_| std::io::Error::other("store lock poisoned"))?;
        if offset >= b.durable {
            let start = (offset - b.durable) as usize;
            return match b.pending.get(start..start + len) {
                Some(bytes) => Ok(bytes.to_vec()),
                None => Err(b.fail(std::io::Error::other("record past the end of the store"))),
            };
        }
        let end = offset + len as u64;
        let in_window = offset >= b.window_at && end <= b.window_at + b.window.len() as u64;
        if !in_window {
            // The window from this record on, as far as the file goes.
            let durable = b.durable;
            let want = (len.max(WINDOW) as u64).min(durable - offset) as usize;
            let mut window = std::mem::take(&mut b.window);
            window.resize(want, 0);
            let got = (|| {
                let f = b.file.as_mut().ok_or_else(|| std::io::Error::other("no temporary file"))?;
                f.seek(SeekFrom::Start(offset))?;
                f.read_exact(&mut window)
            })();
            if let Err(e) = got {
                b.window.clear();
                return Err(b.fail(e));
            }
            b.window = window;
            b.window_at = offset;
        }
        let start = (offset - b.window_at) as usize;
        let got: std::io::Result<&[u8]> = b
            .window
            .get(start..start + len)
            .ok_or_else(|| std::io::Error::other("record past the end of the store"));
        match got {
            Ok(bytes) => Ok(bytes.to_vec()),
            Err(e) => Err(b.fail(e)),
        }
    }

    /// Reads back diagnostics stored with [`encode_diagnostics`].
    pub(crate) fn read_diagnostics(&self, slot: &Slot) -> std::io::Result<Vec<Diagnostic>> {
        Ok(self.read::<Vec<DiagRecord>>(slot)?.into_iter().map(Diagnostic::from).collect())
    }

    /// The first failure to read a record back, if any: the temporary data
    /// is then incomplete and nothing built from it may be written.
    pub(crate) fn failure(&self) -> Option<String> {
        self.inner.lock().ok().and_then(|b| b.failure.clone())
    }

    /// Whether writing the temporary file failed and records went to memory.
    #[cfg(test)]
    fn spilled(&self) -> bool {
        self.inner.lock().map(|b| b.spilled).unwrap_or(true)
    }
}

impl Backing {
    fn fail(&mut self, e: std::io::Error) -> std::io::Error {
        if self.failure.is_none() {
            self.failure = Some(e.to_string());
        }
        e
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
    fn a_slot_is_one_word() {
        assert_eq!(std::mem::size_of::<Slot>(), 8);
        assert_eq!(std::mem::size_of::<Option<Slot>>(), 8);
    }

    #[test]
    fn a_slot_packs_offset_and_length_to_their_limits() {
        let place = |s: Slot| match s.place() {
            Place::File { offset, len } => (false, offset, len),
            Place::Memory(i) => (true, 0, i),
        };
        let last = (1u64 << OFFSET_BITS) - 1;
        let longest = (1usize << LEN_BITS) - 1;
        assert_eq!(Slot::in_file(0, 1).map(place), Some((false, 0, 1)));
        assert_eq!(Slot::in_file(last, longest).map(place), Some((false, last, longest)));
        assert_eq!(Slot::in_file(last + 1, 1), None);
        assert_eq!(Slot::in_file(0, longest + 1), None);
        assert_eq!(Slot::in_file(0, 0), None);
        assert_eq!(place(Slot::in_memory(0)), (true, 0, 0));
        assert_eq!(place(Slot::in_memory(12_345)), (true, 0, 12_345));
    }

    #[test]
    fn a_record_too_long_for_a_slot_stays_in_memory_and_reads_back() {
        let store = Store::temporary();
        let small = store.put(b"[1]");
        let long = vec![b'7'; 1 << LEN_BITS];
        let big = store.put(&long);
        let after = store.put(b"[2]");
        assert!(small.is_in_file() && after.is_in_file() && !big.is_in_file());
        assert_eq!(store.raw(&big).unwrap(), long);
        assert_eq!(store.read::<Vec<u8>>(&small).unwrap(), vec![1]);
        assert_eq!(store.read::<Vec<u8>>(&after).unwrap(), vec![2]);
        assert_eq!(store.failure(), None);
    }

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

    /// A file that takes `room` bytes, then fails as a full disk does.
    #[derive(Debug)]
    struct FullDisk {
        data: std::io::Cursor<Vec<u8>>,
        room: u64,
    }

    impl Read for FullDisk {
        fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
            self.data.read(buf)
        }
    }
    impl Seek for FullDisk {
        fn seek(&mut self, p: SeekFrom) -> std::io::Result<u64> {
            self.data.seek(p)
        }
    }
    impl Write for FullDisk {
        fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
            let left = self.room.saturating_sub(self.data.position()) as usize;
            if left == 0 {
                return Err(std::io::Error::from(std::io::ErrorKind::StorageFull));
            }
            self.data.write(&buf[..buf.len().min(left)])
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }

    #[test]
    fn a_full_disk_loses_no_record_and_blames_nothing() {
        let store = Store::on(FullDisk {
            data: std::io::Cursor::new(Vec::new()),
            room: (CHUNK as u64) * 3 / 2,
        });
        let records: Vec<Vec<u8>> = (0..2000)
            .map(|i| encode(&format!("bản ghi số {i} {}", "x".repeat(i % 97))))
            .collect();
        let slots: Vec<Slot> = records.iter().map(|r| store.put(r)).collect();
        assert!(store.spilled(), "the disk filled up");
        for (i, slot) in slots.iter().enumerate().rev() {
            let back: String = store.read(slot).unwrap();
            assert_eq!(back, format!("bản ghi số {i} {}", "x".repeat(i % 97)));
        }
        assert_eq!(store.failure(), None);
    }
}
