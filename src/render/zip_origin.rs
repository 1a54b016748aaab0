//! The same bytes on every system: a zip entry records the system that made
//! it ("version made by", high byte: 0 MS-DOS, 3 Unix). The zip crate puts
//! the running system there, so a summary written on Windows differed from
//! the Linux one in one byte per entry, and rust_xlsxwriter offers no option
//! to set it. After a workbook is written, the central directory's entries are
//! marked as made by Unix, as on Linux; nothing else is touched (the
//! permission bits rust_xlsxwriter writes are already the same everywhere).

use std::io::{Read, Seek, SeekFrom, Write};

const EOCD: [u8; 4] = [0x50, 0x4b, 0x05, 0x06];
const CENTRAL: [u8; 4] = [0x50, 0x4b, 0x01, 0x02];
const UNIX: u8 = 3;

/// Marks every entry of the zip in `f` as made by Unix. A file that is not
/// a plain (non-Zip64) zip is left as it is: only our own writers' output
/// passes through here.
pub fn mark_made_by_unix<F: Read + Write + Seek>(f: &mut F) -> std::io::Result<()> {
    let len = f.seek(SeekFrom::End(0))?;
    // The end record is 22 bytes plus a comment of at most 65,535.
    let tail_len = len.min(22 + 65_535);
    f.seek(SeekFrom::Start(len - tail_len))?;
    let mut tail = vec![0u8; tail_len as usize];
    f.read_exact(&mut tail)?;
    let Some(at) = (0..tail.len().saturating_sub(21)).rev().find(|&i| tail[i..i + 4] == EOCD) else {
        return Ok(());
    };
    let u32_at = |b: &[u8], i: usize| u32::from_le_bytes([b[i], b[i + 1], b[i + 2], b[i + 3]]);
    let u16_at = |b: &[u8], i: usize| usize::from(u16::from_le_bytes([b[i], b[i + 1]]));
    let (size, offset) = (u32_at(&tail, at + 12), u32_at(&tail, at + 16));
    if size == u32::MAX || offset == u32::MAX || u64::from(offset) + u64::from(size) > len {
        return Ok(());
    }
    f.seek(SeekFrom::Start(u64::from(offset)))?;
    let mut cd = vec![0u8; size as usize];
    f.read_exact(&mut cd)?;
    let mut i = 0;
    let mut changed = false;
    while i + 46 <= cd.len() && cd[i..i + 4] == CENTRAL {
        if cd[i + 5] != UNIX {
            cd[i + 5] = UNIX;
            changed = true;
        }
        i += 46 + u16_at(&cd, i + 28) + u16_at(&cd, i + 30) + u16_at(&cd, i + 32);
    }
    if changed {
        f.seek(SeekFrom::Start(u64::from(offset)))?;
        f.write_all(&cd)?;
        f.flush()?;
    }
    f.seek(SeekFrom::End(0))?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Cursor;

    #[test]
    fn entries_made_on_dos_are_marked_unix_and_the_zip_still_reads() {
        let mut buf = Cursor::new(Vec::new());
        {
            let mut z = zip::ZipWriter::new(&mut buf);
            let o = zip::write::SimpleFileOptions::default().system(zip::System::Dos);
            for name in ["[Content_Types].xml", "xl/workbook.xml"] {
                z.start_file(name, o).unwrap();
                z.write_all(b"<x/>").unwrap();
            }
            z.set_comment("c").unwrap();
            z.finish().unwrap();
        }
        let before = buf.get_ref().clone();
        mark_made_by_unix(&mut buf).unwrap();
        let after = buf.into_inner();
        assert_eq!(before.len(), after.len());
        let diffs: Vec<usize> = (0..after.len()).filter(|&i| before[i] != after[i]).collect();
        assert_eq!(diffs.len(), 2, "one byte per entry: {diffs:?}");
        let mut z = zip::ZipArchive::new(Cursor::new(&after)).unwrap();
        for i in 0..z.len() {
            let mut text = String::new();
            z.by_index(i).unwrap().read_to_string(&mut text).unwrap();
            assert_eq!(text, "<x/>");
        }
        // Idempotent, and harmless on what is not a zip.
        let mut again = Cursor::new(after.clone());
        mark_made_by_unix(&mut again).unwrap();
        assert_eq!(again.into_inner(), after);
        let mut junk = Cursor::new(b"not a zip at all".to_vec());
        mark_made_by_unix(&mut junk).unwrap();
        assert_eq!(junk.into_inner(), b"not a zip at all");
    }
}
