//! The benchmark's floor ladder (docs/performance.md): what reading the same
//! workbooks costs with less and less work done, each level on every core as
//! `baocao consolidate` runs, so that its time can be set against each level.
//!
//! ```text
//! floor LEVEL PATH...
//!   read       read every file's bytes, nothing else
//!   inflate    + open the zip and inflate the parts baocao uses (workbook, its
//!              relationships, shared strings, styles, every worksheet, the
//!              custom properties where the mark is)
//!   tokenize   + run quick-xml's tokeniser over each inflated part
//!   calamine   open each file with calamine and read every sheet's cells, with
//!              their styles, as baocao does (no checks, no sums, no output)
//! ```
//!
//! Prints one line: the level, the files, the bytes, and a checksum of what was
//! read so that no level can be optimised away.

use std::io::{Cursor, Read};
use std::path::{Path, PathBuf};

use rayon::prelude::*;

type Error = Box<dyn std::error::Error + Send + Sync>;

const USAGE: &str = "usage: floor read|inflate|tokenize|calamine PATH...";

/// Every .xlsx under `path` (or `path` itself), sorted.
fn xlsx_files(path: &Path, out: &mut Vec<PathBuf>) -> std::io::Result<()> {
    if path.is_dir() {
        let mut entries: Vec<PathBuf> = std::fs::read_dir(path)?.map(|e| e.map(|e| e.path())).collect::<Result<_, _>>()?;
        entries.sort();
        for e in entries {
            xlsx_files(&e, out)?;
        }
    } else if path.extension().is_some_and(|e| e == "xlsx") {
        out.push(path.to_path_buf());
    }
    Ok(())
}

/// The parts of a workbook baocao reads (calamine's and its own).
fn wanted(name: &str) -> bool {
    matches!(
        name,
        "xl/workbook.xml" | "xl/_rels/workbook.xml.rels" | "xl/sharedStrings.xml" | "xl/styles.xml" | "docProps/custom.xml"
    ) || (name.starts_with("xl/worksheets/") && name.ends_with(".xml"))
}

#[derive(Clone, Copy, PartialEq)]
enum Level {
    Read,
    Inflate,
    Tokenize,
    Calamine,
}

/// One file at one level: (bytes processed, a checksum of what was seen).
fn one(level: Level, path: &Path) -> Result<(u64, u64), Error> {
    let data = std::fs::read(path)?;
    match level {
        Level::Read => Ok((data.len() as u64, data.iter().step_by(512).map(|&b| u64::from(b)).sum())),
        Level::Inflate | Level::Tokenize => {
            let mut zip = zip::ZipArchive::new(Cursor::new(&data[..]))?;
            let (mut n, mut sum) = (0u64, 0u64);
            let mut buf = Vec::new();
            for i in 0..zip.len() {
                let mut part = zip.by_index(i)?;
                if !part.name().is_ok_and(|n| wanted(&n)) {
                    continue;
                }
                buf.clear();
                n += part.read_to_end(&mut buf)? as u64;
                if level == Level::Inflate {
                    sum += buf.len() as u64;
                    continue;
                }
                let mut xml = quick_xml::Reader::from_reader(&buf[..]);
                loop {
                    match xml.read_event() {
                        Ok(quick_xml::events::Event::Eof) | Err(_) => break,
                        Ok(_) => sum += 1,
                    }
                }
            }
            Ok((n, sum))
        }
        Level::Calamine => {
            use calamine::{Reader, Xlsx};
            let n = data.len() as u64;
            let mut wb: Xlsx<_> = Xlsx::new(Cursor::new(data))?;
            let mut sum = 0u64;
            for name in wb.sheet_names().to_vec() {
                let mut cells = wb.worksheet_cells_reader(&name)?;
                let styles = cells.styles().len() as u64;
                while let Some((c, style)) = cells.next_cell_with_style_id()? {
                    sum += styles + style as u64;
                    sum += match c.get_value() {
                        calamine::DataRef::SharedString(s) => s.len() as u64,
                        calamine::DataRef::String(s) => s.len() as u64,
                        _ => 1,
                    };
                }
            }
            Ok((n, sum))
        }
    }
}

fn main() {
    if let Err(e) = run() {
        eprintln!("floor: {e}");
        std::process::exit(2);
    }
}

fn run() -> Result<(), Error> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let level = match args.first().map(String::as_str) {
        Some("read") => Level::Read,
        Some("inflate") => Level::Inflate,
        Some("tokenize") => Level::Tokenize,
        Some("calamine") => Level::Calamine,
        _ => return Err(USAGE.into()),
    };
    let mut files = Vec::new();
    for p in &args[1..] {
        xlsx_files(Path::new(p), &mut files)?;
    }
    let (bytes, sum) = files
        .par_iter()
        .map(|f| one(level, f))
        .try_reduce(|| (0, 0), |a, b| Ok((a.0 + b.0, a.1.wrapping_add(b.1))))?;
    println!("{} files, {bytes} bytes, checksum {sum}", files.len());
    Ok(())
}
