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
pub(super) fn parse_version(version: u32, text: &str) -> Result<Project, FormatError> {
    match version {
        1 => ron_options()
            .from_str::<Project>(text)
            .map_err(|e| syntax_error(&e)),
        v => Err(FormatError::UnknownVersion(v)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
