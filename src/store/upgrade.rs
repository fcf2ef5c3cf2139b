//! Format versions: finding a file's version, and reading each known version
//! into the current model. A new format version adds a `vN` struct for the
//! old layout and one `From<vN> for vN+1` step; loading chains the steps.

use super::{FormatError, ron_options, syntax_error};
use crate::model::Project;
use serde::Deserialize;

/// Finds the file's `format_version`: a quick look at the start of the file
/// (where it is always written), else a full parse for just that field.
pub(super) fn probe_version(text: &str) -> Result<u32, FormatError> {
    let head = &text[..floor_char_boundary(text, 1024)];
    if let Some(v) = quick_probe(head) {
        return Ok(v);
    }
    #[derive(Deserialize)]
    struct Probe {
        format_version: u32,
    }
    ron_options()
        .from_str::<Probe>(text)
        .map(|p| p.format_version)
        .map_err(|e| syntax_error(&e))
}

fn floor_char_boundary(s: &str, mut i: usize) -> usize {
    if i >= s.len() {
        return s.len();
    }
    while !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

fn quick_probe(head: &str) -> Option<u32> {
    let after = &head[head.find("format_version")? + "format_version".len()..];
    let after = after.trim_start().strip_prefix(':')?.trim_start();
    let digits: &str = &after[..after
        .find(|c: char| !c.is_ascii_digit())
        .unwrap_or(after.len())];
    digits.parse().ok()
}

/// Parses `text`, written in format `version`, into the current model.
///
/// Version 2 added per-span `also_by` and `conflict` (merges); version 3
/// document label sets, the entity registry, per-document `doc_labels`,
/// `disputed`, `assignees`, `review`, `active_ms` and `threads`, and
/// per-span `entity`; version 4 saved queries. Each older file is the newer
/// one without the added fields, so it reads as is.
pub(super) fn parse_version(version: u32, text: &str) -> Result<Project, FormatError> {
    let mut project = match version {
        1..=4 => ron_options()
            .from_str::<Project>(text)
            .map_err(|e| syntax_error(&e))?,
        v => return Err(FormatError::UnknownVersion(v)),
    };
    project.format_version = crate::model::FORMAT_VERSION;
    Ok(project)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_version_1_file_upgrades_to_the_current_version() {
        let v1 = "(format_version: 1, name: \"old\", created: (at: \"2026-01-01T00:00:00Z\"), \
                  labels: [(name: \"claim\", color: \"#4e79a7\")], documents: [(id: \"d1\", \
                  title: \"t\", text: \"Seoul\", spans: [(id: \"s1\", start: 0, end: 5, \
                  label: \"claim\", annotator: \"kim\")])])";
        let p = super::super::from_bytes(v1.as_bytes()).expect("v1 loads");
        assert_eq!(p.format_version, crate::model::FORMAT_VERSION);
        let s = &p.documents[0].spans[0];
        assert_eq!(
            (s.annotator.as_str(), s.also_by.len(), s.conflict.as_str()),
            ("kim", 0, "")
        );
        let saved = String::from_utf8(super::super::to_bytes(&p).unwrap()).unwrap();
        assert!(saved.contains("format_version: 4"), "{saved}");
    }

    #[test]
    fn probes_the_version() {
        assert_eq!(probe_version("// x\n(\n  format_version: 7,\n"), Ok(7));
        assert_eq!(probe_version("(name: \"x\", format_version :3)"), Ok(3));
        assert!(matches!(
            probe_version("(name: \"x\")"),
            Err(FormatError::Syntax { .. })
        ));
        assert_eq!(parse_version(0, "()"), Err(FormatError::UnknownVersion(0)));
    }
}
