//! A cheap guard against hostile nesting: html5ever's tree builder scans the
//! stack of open elements for many tags, so a page of a million nested
//! elements takes hours. Browsers cap nesting (Blink at 512); we cut the page
//! where its elements nest deeper than [`MAX_NESTING`] and parse what came
//! before, which holds any real article.

/// Deepest element nesting parsed.
pub const MAX_NESTING: usize = 2_000;

/// Elements that never nest (void) or whose end tag is usually omitted.
const NOT_NESTING: &[&[u8]] = &[
    b"area",
    b"base",
    b"br",
    b"col",
    b"embed",
    b"hr",
    b"img",
    b"input",
    b"link",
    b"meta",
    b"param",
    b"source",
    b"track",
    b"wbr",
    b"p",
    b"li",
    b"dt",
    b"dd",
    b"tr",
    b"td",
    b"th",
    b"option",
    b"optgroup",
    b"thead",
    b"tbody",
    b"tfoot",
    b"colgroup",
    b"rt",
    b"rp",
    b"!doctype",
];

fn tag_name(b: &[u8]) -> &[u8] {
    let end = b
        .iter()
        .position(|c| c.is_ascii_whitespace() || *c == b'>' || *c == b'/')
        .unwrap_or(b.len());
    &b[..end]
}

/// The byte length of `html` to parse: all of it, or the part before
/// elements nest deeper than [`MAX_NESTING`].
pub fn safe_prefix_len(html: &str) -> usize {
    let b = html.as_bytes();
    let mut depth = 0usize;
    let mut i = 0;
    while let Some(off) = b[i..].iter().position(|c| *c == b'<') {
        i += off;
        let rest = &b[i + 1..];
        if rest.starts_with(b"!--") {
            // Skip a comment.
            i = find(b, i + 4, b"-->").map_or(b.len(), |e| e + 3);
            continue;
        }
        if let Some(close) = rest.strip_prefix(b"/") {
            if close.first().is_some_and(u8::is_ascii_alphabetic) {
                depth = depth.saturating_sub(1);
            }
            i += 1;
            continue;
        }
        if !rest.first().is_some_and(u8::is_ascii_alphabetic) {
            i += 1;
            continue;
        }
        let name = tag_name(rest).to_ascii_lowercase();
        // Raw text: skip to the end tag.
        if name == b"script" || name == b"style" || name == b"textarea" || name == b"title" {
            let end_tag = [b"</".as_slice(), &name].concat();
            let lower_from = i + 1;
            i = find_ci(b, lower_from, &end_tag).unwrap_or(b.len());
            continue;
        }
        let tag_end = b[i..]
            .iter()
            .position(|c| *c == b'>')
            .map_or(b.len(), |e| i + e);
        let self_closing = tag_end > 0 && b.get(tag_end - 1) == Some(&b'/');
        if !self_closing && !NOT_NESTING.contains(&name.as_slice()) {
            depth += 1;
            if depth > MAX_NESTING {
                return i;
            }
        }
        i = tag_end.max(i + 1);
    }
    b.len()
}

fn find(b: &[u8], from: usize, needle: &[u8]) -> Option<usize> {
    b.get(from..)?
        .windows(needle.len())
        .position(|w| w == needle)
        .map(|p| from + p)
}

fn find_ci(b: &[u8], from: usize, needle: &[u8]) -> Option<usize> {
    b.get(from..)?
        .windows(needle.len())
        .position(|w| w.eq_ignore_ascii_case(needle))
        .map(|p| from + p)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ordinary_pages_are_whole_and_hostile_nesting_is_cut() {
        let page = "<html><body><p>a<p>b<ul><li>x<li>y</ul><script>if (a<b) {}</script><br><img src=x></body></html>";
        assert_eq!(safe_prefix_len(page), page.len());
        let many_unclosed: String = "<li>item".repeat(50_000);
        assert_eq!(safe_prefix_len(&many_unclosed), many_unclosed.len());
        let deep = format!("<p>intro</p>{}x", "<div>".repeat(10_000));
        let cut = safe_prefix_len(&deep);
        assert!(cut < deep.len() && cut > 2_000 * 5, "{cut}");
    }
}
