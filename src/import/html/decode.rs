//! Decoding saved pages: BOM, then `<meta charset>` / `http-equiv` (checked
//! against the bytes: a page that declares a legacy charset but is valid,
//! non-ASCII UTF-8 is read as UTF-8; a declaration the bytes do not decode
//! in, malformed sequences, falls back to detection), then statistical
//! detection (chardetng).

use encoding_rs::{Encoding, UTF_8};

/// How the encoding was decided.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Source {
    /// A byte order mark.
    Bom,
    /// The page's own declaration.
    Declared,
    /// Valid UTF-8 despite another declaration.
    Utf8Override,
    /// No usable declaration: valid UTF-8.
    Utf8,
    /// Guessed from the bytes.
    Detected,
}

/// Finds `charset=` in the first bytes of a page (`<meta charset>` or
/// `<meta http-equiv="Content-Type" content="...; charset=...">`).
fn declared(bytes: &[u8]) -> Option<&'static Encoding> {
    let head = &bytes[..bytes.len().min(4096)];
    let lower: Vec<u8> = head.iter().map(u8::to_ascii_lowercase).collect();
    let mut from = 0;
    while let Some(i) = find(&lower[from..], b"charset") {
        let mut j = from + i + b"charset".len();
        while lower.get(j).is_some_and(|b| b.is_ascii_whitespace()) {
            j += 1;
        }
        if lower.get(j) == Some(&b'=') {
            j += 1;
            while lower
                .get(j)
                .is_some_and(|b| b.is_ascii_whitespace() || *b == b'"' || *b == b'\'')
            {
                j += 1;
            }
            let end = lower[j..]
                .iter()
                .position(|b| {
                    !(b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b':' | b'.'))
                })
                .map_or(lower.len(), |e| j + e);
            if let Some(enc) = Encoding::for_label(&lower[j..end]) {
                return Some(enc);
            }
        }
        from += i + 1;
    }
    None
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

/// Whether bytes that are not valid UTF-8 are still mostly UTF-8: more
/// well-formed multi-byte characters than malformed sequences (a UTF-8 page
/// with a stray byte, not a legacy page, where nearly every byte >= 0x80 is
/// malformed).
fn mostly_utf8(bytes: &[u8]) -> bool {
    let (mut good, mut bad) = (0usize, 0usize);
    for chunk in bytes.utf8_chunks() {
        good += chunk.valid().chars().filter(|c| !c.is_ascii()).count();
        if !chunk.invalid().is_empty() {
            bad += 1;
        }
    }
    good > bad
}

fn replacements(text: &str) -> usize {
    text.chars().filter(|c| *c == '\u{fffd}').count()
}

/// How much of a page the detector reads: plenty to tell encodings apart,
/// and 10 MB of one byte no longer takes seconds.
const DETECT_BYTES: usize = 1 << 20;

/// Guesses the encoding from (the first MiB of) the bytes, cut after an
/// ASCII byte so no character is split.
fn detect(bytes: &[u8]) -> &'static Encoding {
    let sample = if bytes.len() <= DETECT_BYTES {
        bytes
    } else {
        let head = &bytes[..DETECT_BYTES];
        head.iter()
            .rposition(u8::is_ascii)
            .map_or(head, |i| &head[..=i])
    };
    let mut det = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
    det.feed(sample, true);
    det.guess(None, chardetng::Utf8Detection::Allow)
}

/// Decodes a saved page to text, reporting which encoding was used and how.
pub fn decode(bytes: &[u8]) -> (String, &'static Encoding, Source) {
    if let Some((enc, bom_len)) = Encoding::for_bom(bytes) {
        let (text, _) = enc.decode_without_bom_handling(&bytes[bom_len..]);
        return (text.into_owned(), enc, Source::Bom);
    }
    let utf8_ok = std::str::from_utf8(bytes).is_ok();
    let non_ascii = bytes.iter().any(|b| *b >= 0x80);
    if let Some(enc) = declared(bytes) {
        // UTF-16 declarations in a byte stream without BOM are mistakes.
        let enc = if enc == encoding_rs::UTF_16LE || enc == encoding_rs::UTF_16BE {
            UTF_8
        } else {
            enc
        };
        if enc != UTF_8 && utf8_ok && non_ascii {
            // Valid multi-byte UTF-8 is almost never legacy text.
            return (
                String::from_utf8_lossy(bytes).into_owned(),
                UTF_8,
                Source::Utf8Override,
            );
        }
        let (text, _, malformed) = enc.decode(bytes);
        if !malformed || (enc == UTF_8 && mostly_utf8(bytes)) {
            return (text.into_owned(), enc, Source::Declared);
        }
        // The declaration is false (windows-1252 bytes under a utf-8 meta
        // tag): the detector reads the bytes as they are.
        let guess = detect(bytes);
        if guess != enc {
            let (guessed, _, guess_malformed) = guess.decode(bytes);
            if !guess_malformed || replacements(&guessed) < replacements(&text) {
                return (guessed.into_owned(), guess, Source::Detected);
            }
        }
        return (text.into_owned(), enc, Source::Declared);
    }
    if utf8_ok {
        return (
            String::from_utf8_lossy(bytes).into_owned(),
            UTF_8,
            Source::Utf8,
        );
    }
    let enc = detect(bytes);
    let (text, _, _) = enc.decode(bytes);
    (text.into_owned(), enc, Source::Detected)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn euc_kr_declared_and_detected() {
        let korean =
            "<p>정부는 러시아 국방장관의 평양 방문과 관련해 단호히 대응하겠다고 밝혔다.</p>";
        let (bytes, _, _) = encoding_rs::EUC_KR.encode(korean);
        let declared = [b"<meta charset=\"euc-kr\">".as_slice(), &bytes].concat();
        let (text, enc, how) = decode(&declared);
        assert_eq!((enc, how), (encoding_rs::EUC_KR, Source::Declared));
        assert!(text.contains("정부는 러시아 국방장관의"));
        let (text, _, how) = decode(&bytes);
        assert_eq!(how, Source::Detected);
        assert!(text.contains("단호히 대응"), "{text}");
    }

    #[test]
    fn a_false_declaration_does_not_garble_utf8() {
        let page = "<meta http-equiv=\"Content-Type\" content=\"text/html; charset=gb2312\"><p>“引号” — 中文</p>";
        let (text, enc, how) = decode(page.as_bytes());
        assert_eq!((enc, how), (UTF_8, Source::Utf8Override));
        assert!(text.contains("“引号” — 中文"));
    }

    #[test]
    fn a_false_utf8_declaration_over_windows_1252_falls_back_to_detection() {
        let page = "<html><head><meta charset=\"utf-8\"><title>Café société: Zürich’s “naïve” rôle</title></head>\
<body><p>Les élèves ont été très déçus après la décision du ministère, a déclaré le porte-parole à Zürich.</p></body></html>";
        let (bytes, _, unmappable) = encoding_rs::WINDOWS_1252.encode(page);
        assert!(!unmappable);
        let (text, enc, how) = decode(&bytes);
        assert!(!text.contains('\u{fffd}'), "{text}");
        assert!(text.contains("Zürich’s “naïve” rôle"), "{text}");
        assert_eq!((enc, how), (encoding_rs::WINDOWS_1252, Source::Detected));
        let a = crate::import::html::extract(&bytes);
        assert!(a.meta.title.contains("Café société"), "{}", a.meta.title);
    }

    #[test]
    fn a_utf8_page_with_one_stray_byte_stays_utf8() {
        let mut page =
            "<meta charset=\"utf-8\"><p>“引号” — 中文 and Korean 한국어, naïve café.</p>"
                .as_bytes()
                .to_vec();
        page.extend_from_slice(b"<p>stray \xe9 byte</p>");
        let (text, enc, how) = decode(&page);
        assert_eq!((enc, how), (UTF_8, Source::Declared));
        assert!(text.contains("“引号” — 中文"), "{text}");
    }

    #[test]
    fn bom_and_windows_1251() {
        let (t, _, how) = decode(b"\xef\xbb\xbf<p>hi</p>");
        assert_eq!((t.as_str(), how), ("<p>hi</p>", Source::Bom));
        let (bytes, _, _) =
            encoding_rs::WINDOWS_1251.encode("<p>Москва ввела новые санкции против компаний.</p>");
        let (t, enc, _) = decode(&bytes);
        assert_eq!(enc, encoding_rs::WINDOWS_1251);
        assert!(t.contains("Москва ввела новые санкции"));
    }
}
