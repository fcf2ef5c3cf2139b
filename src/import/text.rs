//! Plain text files: decoding and titles.

use crate::model::text::normalize_newlines;

/// Largest single file the importer reads, in bytes (64 MiB).
pub const MAX_TEXT_BYTES: u64 = 64 << 20;

/// Decodes a text file: UTF-8 (with or without BOM) or UTF-16 with a BOM;
/// newlines normalized. Binary and empty files are refused with a reason.
pub fn decode_text(bytes: &[u8]) -> Result<String, String> {
    if let Some(reason) = super::sniff::binary_reason(bytes) {
        return Err(format!("{reason}, not text"));
    }
    let text = if let Some(rest) = bytes.strip_prefix(b"\xff\xfe") {
        decode_utf16(rest, u16::from_le_bytes)?
    } else if let Some(rest) = bytes.strip_prefix(b"\xfe\xff") {
        decode_utf16(rest, u16::from_be_bytes)?
    } else {
        let s = std::str::from_utf8(bytes).map_err(|e| {
            format!(
                "not UTF-8 text (invalid byte at offset {}); save it as UTF-8",
                e.valid_up_to()
            )
        })?;
        s.to_owned()
    };
    let text = normalize_newlines(&text);
    if text.trim().is_empty() {
        return Err("empty file".into());
    }
    if text.chars().any(|c| c == '\0') {
        return Err("binary file (contains NUL characters), not text".into());
    }
    if let Some(reason) = super::sniff::garbage_reason(&text) {
        return Err(format!("{reason}, not text"));
    }
    Ok(text)
}

fn decode_utf16(bytes: &[u8], unit: fn([u8; 2]) -> u16) -> Result<String, String> {
    if !bytes.len().is_multiple_of(2) {
        return Err("truncated UTF-16 text (odd number of bytes)".into());
    }
    let units = bytes.chunks_exact(2).map(|c| unit([c[0], c[1]]));
    char::decode_utf16(units)
        .collect::<Result<String, _>>()
        .map_err(|e| format!("invalid UTF-16 text: {e}"))
}

/// The title of a plain text article: its first non-blank line, trimmed,
/// at most 200 characters.
pub fn title_from_text(text: &str) -> String {
    let line = text
        .lines()
        .map(str::trim)
        .find(|l| !l.is_empty())
        .unwrap_or("");
    if line.chars().count() <= 200 {
        line.to_owned()
    } else {
        let mut t: String = line.chars().take(199).collect();
        t.push('…');
        t
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_utf8_and_utf16_with_bom() {
        assert_eq!(
            decode_text("\u{feff}한국\r\n".as_bytes()).unwrap(),
            "한국\n"
        );
        let le: Vec<u8> = [0xff, 0xfe]
            .into_iter()
            .chain("Hi “x”".encode_utf16().flat_map(u16::to_le_bytes))
            .collect();
        assert_eq!(decode_text(&le).unwrap(), "Hi “x”");
        assert!(decode_text(b"caf\xe9").unwrap_err().contains("not UTF-8"));
        assert!(decode_text(b"").unwrap_err().contains("empty"));
    }

    #[test]
    fn title_is_the_first_non_blank_line() {
        assert_eq!(title_from_text("\n  Seoul warns  \nbody"), "Seoul warns");
        assert_eq!(title_from_text(&"x".repeat(300)).chars().count(), 200);
    }
}
