//! Text helpers: import normalization and code point offsets.
//!
//! Offsets everywhere in Marginalia count Unicode scalar values (Rust `char`s,
//! Python `str` indices), end-exclusive.

/// Normalizes raw imported text once: CRLF and lone CR become LF, a leading
/// byte order mark is dropped. Nothing else changes (typography is kept).
pub fn normalize_newlines(raw: &str) -> String {
    let raw = raw.strip_prefix('\u{feff}').unwrap_or(raw);
    if !raw.contains('\r') {
        return raw.to_owned();
    }
    let mut out = String::with_capacity(raw.len());
    let mut chars = raw.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\r' {
            if chars.peek() == Some(&'\n') {
                chars.next();
            }
            out.push('\n');
        } else {
            out.push(c);
        }
    }
    out
}

/// Code point to byte offset checkpoints of one text, owned (no borrow), so
/// views can cache it per document: O(1) plus a short scan per lookup.
#[derive(Debug, Clone, Default)]
pub struct TextIndex {
    /// Byte offset of every `STRIDE`-th char.
    checkpoints: Vec<usize>,
    len_chars: usize,
    len_bytes: usize,
}

const STRIDE: usize = 64;

impl TextIndex {
    /// Indexes `text` (one pass).
    pub fn new(text: &str) -> Self {
        let mut checkpoints = Vec::with_capacity(text.len() / STRIDE + 1);
        let mut len_chars = 0;
        for (i, (byte, _)) in text.char_indices().enumerate() {
            if i % STRIDE == 0 {
                checkpoints.push(byte);
            }
            len_chars = i + 1;
        }
        Self {
            checkpoints,
            len_chars,
            len_bytes: text.len(),
        }
    }

    /// Number of code points in the text.
    pub fn len_chars(&self) -> usize {
        self.len_chars
    }

    /// Byte offset of code point `char_offset` in `text` (the text indexed);
    /// the byte length at the end, `None` past it.
    pub fn byte_offset(&self, text: &str, char_offset: usize) -> Option<usize> {
        if char_offset == self.len_chars {
            return Some(self.len_bytes);
        }
        if char_offset > self.len_chars {
            return None;
        }
        let base = *self.checkpoints.get(char_offset / STRIDE)?;
        let rest = char_offset % STRIDE;
        text.get(base..)?
            .char_indices()
            .nth(rest)
            .map(|(b, _)| base + b)
    }

    /// Code points `start..end` of `text` (the text indexed).
    pub fn slice<'a>(&self, text: &'a str, start: usize, end: usize) -> Option<&'a str> {
        if start > end || text.len() != self.len_bytes {
            return None;
        }
        let s = self.byte_offset(text, start)?;
        let e = self.byte_offset(text, end)?;
        text.get(s..e)
    }
}

/// A [`TextIndex`] together with the text it indexes.
#[derive(Debug, Clone)]
pub struct CharIndex<'a> {
    text: &'a str,
    index: TextIndex,
}

impl<'a> CharIndex<'a> {
    /// Indexes `text`.
    pub fn new(text: &'a str) -> Self {
        Self {
            text,
            index: TextIndex::new(text),
        }
    }

    /// Number of code points in the text.
    pub fn len_chars(&self) -> usize {
        self.index.len_chars()
    }

    /// Byte offset of code point `char_offset`; the text's byte length at the
    /// end, `None` past it.
    pub fn byte_offset(&self, char_offset: usize) -> Option<usize> {
        self.index.byte_offset(self.text, char_offset)
    }

    /// The text of code points `start..end`, `None` if out of range or inverted.
    pub fn slice(&self, start: usize, end: usize) -> Option<&'a str> {
        self.index.slice(self.text, start, end)
    }
}

/// The text of code points `start..end` of `text` (a linear scan; use
/// [`CharIndex`] for many slices of one text).
pub fn slice_chars(text: &str, start: usize, end: usize) -> Option<&str> {
    CharIndex::new(text).slice(start, end)
}

/// `start..end` without leading and trailing white space (`None` if nothing is left).
pub fn trim_range(text: &str, start: usize, end: usize) -> Option<std::ops::Range<usize>> {
    let slice = slice_chars(text, start, end)?;
    let lead = slice.chars().take_while(|c| c.is_whitespace()).count();
    let trail = slice
        .chars()
        .rev()
        .take_while(|c| c.is_whitespace())
        .count();
    let (a, b) = (start + lead, end.saturating_sub(trail));
    (a < b).then_some(a..b)
}

/// Code point offset of byte offset `byte` (which must be a char boundary).
pub fn char_offset_of_byte(text: &str, byte: usize) -> usize {
    text[..byte.min(text.len())].chars().count()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn newlines_are_normalized_once() {
        assert_eq!(normalize_newlines("a\r\nb\rc\n"), "a\nb\nc\n");
        assert_eq!(normalize_newlines("\u{feff}“Hi” — x"), "“Hi” — x");
        assert_eq!(normalize_newlines("\r\n\r\n"), "\n\n");
    }

    #[test]
    fn slices_count_code_points_like_python() {
        // Python: "🇰🇷 한국어 e\u0301 👍🏽!"[0:2] == "🇰🇷" (two regional indicators)
        let t = "🇰🇷 한국어 e\u{301} 👍🏽!";
        let idx = CharIndex::new(t);
        assert_eq!(idx.len_chars(), 13);
        assert_eq!(idx.slice(0, 2), Some("🇰🇷"));
        assert_eq!(idx.slice(3, 6), Some("한국어"));
        assert_eq!(idx.slice(7, 9), Some("e\u{301}"));
        assert_eq!(idx.slice(10, 12), Some("👍🏽"));
        assert_eq!(idx.slice(12, 13), Some("!"));
        assert_eq!(idx.slice(12, 14), None);
        assert_eq!(idx.slice(5, 4), None);
    }

    #[test]
    fn trims_white_space_off_ranges() {
        assert_eq!(trim_range(" 한국 어 \n", 0, 6), Some(1..5));
        assert_eq!(trim_range("   ", 0, 3), None);
        assert_eq!(trim_range("ab", 0, 9), None);
    }

    #[test]
    fn char_index_works_across_checkpoints() {
        let t: String = (0..1000)
            .map(|i| if i % 3 == 0 { 'é' } else { 'a' })
            .collect();
        let idx = CharIndex::new(&t);
        for start in [0, 63, 64, 65, 127, 128, 500, 999] {
            let expected: String = t.chars().skip(start).take(1).collect();
            assert_eq!(idx.slice(start, start + 1), Some(expected.as_str()));
        }
        assert_eq!(idx.slice(1000, 1000), Some(""));
    }
}
