//! Is it text at all? One check for `import` and `extract` alike: known
//! binary formats by their magic bytes and NUL bytes before decoding; control
//! characters, undecodable bytes and endless "words" after.

/// Magic bytes of binary formats people save next to their articles.
const MAGIC: &[(&[u8], &str)] = &[
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"GIF87a", "a GIF image"),
    (b"GIF89a", "a GIF image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"%PDF-", "a PDF document"),
    (b"PK\x03\x04", "a ZIP archive or Office document"),
    (b"PK\x05\x06", "an empty ZIP archive"),
    (b"\x1f\x8b", "gzip-compressed data"),
    (b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive"),
    (b"\x7fELF", "an executable"),
    (b"MZ\x90\x00", "a Windows executable"),
    (
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",
        "an old Office document",
    ),
];

/// How much of the start of a file is looked at for NUL bytes.
const SAMPLE: usize = 8192;

/// The longest run of letters and digits, with no space or punctuation,
/// that text has (base64 and hex blobs have `+/` or are shorter; ten
/// thousand letters in a row are not an article).
pub const MAX_WORD: usize = 10_000;

/// Why these bytes are not text ("binary file (...)"), before decoding: a known binary format, or
/// NUL bytes (which no text has, except UTF-16, which needs a byte order
/// mark here and is checked after decoding).
pub fn binary_reason(bytes: &[u8]) -> Option<String> {
    if let Some((_, what)) = MAGIC.iter().find(|(m, _)| bytes.starts_with(m)) {
        return Some(format!("binary file ({what})"));
    }
    if bytes.starts_with(b"\xff\xfe") || bytes.starts_with(b"\xfe\xff") {
        return None;
    }
    let sample = &bytes[..bytes.len().min(SAMPLE)];
    let nuls = sample.iter().filter(|b| **b == 0).count();
    // A stray NUL or two in a page is tolerated (the parser drops them).
    if nuls > 8 || nuls * 100 > sample.len() {
        return Some("binary file (contains NUL bytes)".into());
    }
    None
}

/// Why decoded text is not text: a high share of control characters
/// (tab, newlines and form feed aside) or U+FFFD (bytes the encoding could
/// not decode), or an endless run of letters with no space or punctuation.
pub fn garbage_reason(text: &str) -> Option<String> {
    control_reason(text).or_else(|| endless_word_reason(text))
}

/// Why text that may hold markup is not text: only the share of control
/// characters and undecodable bytes counts. A page's source legitimately
/// holds runs of letters longer than [`MAX_WORD`] (base64 images in CSS,
/// encoded attributes); its extracted text is checked with
/// [`endless_word_reason`] instead.
pub fn control_reason(text: &str) -> Option<String> {
    let mut total = 0usize;
    let mut control = 0usize;
    let mut replacement = 0usize;
    for c in text.chars() {
        total += 1;
        if c == '\u{fffd}' {
            replacement += 1;
        } else if c.is_control() && !matches!(c, '\t' | '\n' | '\r' | '\u{c}') {
            control += 1;
        }
    }
    let bad = control + replacement;
    if bad >= 4 && bad * 10 > total {
        let what = if control >= replacement {
            "control characters"
        } else {
            "bytes that do not decode"
        };
        return Some(format!(
            "binary file ({}% {what})",
            (bad * 100 / total.max(1)).max(10)
        ));
    }
    None
}

/// Why text is not prose: a run of more than [`MAX_WORD`] letters and
/// digits with no space or punctuation.
pub fn endless_word_reason(text: &str) -> Option<String> {
    let mut run = 0usize;
    let mut longest = 0usize;
    for c in text.chars() {
        if c.is_alphanumeric() {
            run += 1;
            longest = longest.max(run);
            if longest > MAX_WORD {
                break;
            }
        } else {
            run = 0;
        }
    }
    if longest > MAX_WORD {
        return Some(format!(
            "binary file ({longest} letters in a row without a space or punctuation)"
        ));
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn binary_formats_and_nul_bytes_are_not_text() {
        assert!(
            binary_reason(b"\x89PNG\r\n\x1a\nrest")
                .unwrap()
                .contains("PNG")
        );
        assert!(binary_reason(b"%PDF-1.4").unwrap().contains("PDF"));
        assert!(binary_reason(&[0u8; 100]).unwrap().contains("NUL bytes"));
        assert!(
            binary_reason(b"\xff\xfeH\0i\0").is_none(),
            "UTF-16 with BOM"
        );
        let page = [b"<p>stray".as_slice(), b"\0", &b" text ".repeat(100)].concat();
        assert!(binary_reason(&page).is_none(), "one stray NUL in a page");
        assert!(binary_reason("<p>“Quoted” — 한국어</p>".as_bytes()).is_none());
    }

    #[test]
    fn control_characters_replacements_and_endless_words_are_not_text() {
        assert!(garbage_reason("Seoul warns.\n\n\tBody, “quoted”.\u{c}").is_none());
        assert!(garbage_reason("정부는 러시아 국방장관의 평양 방문과 관련해").is_none());
        let ctl = "\u{1}\u{2}\u{3}\u{4}\u{5} ab";
        assert!(garbage_reason(ctl).unwrap().contains("control characters"));
        let fffd = "\u{fffd}".repeat(50) + "abc";
        assert!(garbage_reason(&fffd).unwrap().contains("do not decode"));
        assert!(
            garbage_reason("caf\u{fffd} au lait, and a long sentence about it.").is_none(),
            "one bad byte in a text"
        );
        let ff = "ÿ".repeat(MAX_WORD + 1);
        assert!(garbage_reason(&ff).unwrap().contains("in a row"));
        let base64 = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==".repeat(200);
        assert!(garbage_reason(&base64).is_none());
    }
}
