//! The mark our outputs carry: a custom document property `baocao` in
//! `docProps/custom.xml`, which Word and Excel keep when a file is saved
//! again. It tells our own reports and summaries from a ward's workbook or
//! someone's document: those may be replaced, and are never read as inputs.

use std::io::Read;
use std::path::Path;

/// Which output a file is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mark {
    Report,
    ConsolidatedReport,
    Summary,
}

impl Mark {
    /// The property's value.
    pub fn value(self) -> &'static str {
        match self {
            Mark::Report => "bao-cao",
            Mark::ConsolidatedReport => "bao-cao-tong-hop",
            Mark::Summary => "tong-hop",
        }
    }

    fn from_value(v: &str) -> Option<Mark> {
        [Mark::Report, Mark::ConsolidatedReport, Mark::Summary]
            .into_iter()
            .find(|m| m.value() == v.trim())
    }
}

/// The custom-properties part is a few hundred bytes; a bigger one is not ours.
const PART_LIMIT: u64 = 64 << 10;

/// The mark of a file on disk, if it is one of our outputs. Bounded and
/// silent: anything unreadable is simply not marked.
pub fn mark_of_path(path: &Path) -> Option<Mark> {
    let meta = std::fs::metadata(path).ok()?;
    if !meta.is_file() {
        return None;
    }
    let file = std::fs::File::open(path).ok()?;
    mark_of_reader(file)
}

/// The mark of a file held in memory.
pub fn mark_of_bytes(bytes: &[u8]) -> Option<Mark> {
    mark_of_reader(std::io::Cursor::new(bytes))
}

fn mark_of_reader<R: Read + std::io::Seek>(r: R) -> Option<Mark> {
    let mut zip = zip::ZipArchive::new(r).ok()?;
    let part = zip.by_name("docProps/custom.xml").ok()?;
    if part.size() > PART_LIMIT {
        return None;
    }
    let mut xml = String::new();
    part.take(PART_LIMIT).read_to_string(&mut xml).ok()?;
    property(&xml, "baocao").and_then(|v| Mark::from_value(&v))
}

/// The text value of the custom property `name`.
fn property(xml: &str, name: &str) -> Option<String> {
    use quick_xml::events::Event;
    let mut reader = quick_xml::Reader::from_str(xml);
    let mut inside = false;
    loop {
        match reader.read_event().ok()? {
            Event::Start(e) if e.local_name().as_ref() == "property" => {
                inside = e
                    .attributes()
                    .flatten()
                    .any(|a| a.key.local_name().as_ref() == "name" && a.value.as_ref() == name);
            }
            Event::Text(t) if inside => {
                let v = t.into_inner().into_owned();
                if !v.trim().is_empty() {
                    return Some(v);
                }
            }
            Event::End(e) if e.local_name().as_ref() == "property" => inside = false,
            Event::Eof => return None,
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_property_is_read_and_anything_else_is_unmarked() {
        let xml = r#"<Properties xmlns:vt="x"><property fmtid="{D5CDD505-2E9C-101B-9397-08002B2CF9AE}" pid="2" name="baocao"><vt:lpwstr>tong-hop</vt:lpwstr></property></Properties>"#;
        assert_eq!(property(xml, "baocao").as_deref(), Some("tong-hop"));
        assert_eq!(property(xml, "other"), None);
        assert_eq!(mark_of_bytes(b"not a zip"), None);
        assert_eq!(mark_of_bytes(b""), None);
    }
}
