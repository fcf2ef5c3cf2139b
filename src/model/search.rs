//! Finding text: matches of a phrase in a document, in code point offsets.

use std::ops::Range;

/// How to match.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct MatchOptions {
    /// Ignore case (simple, per-character folding).
    pub ignore_case: bool,
    /// Only matches not inside a longer word.
    pub whole_words: bool,
}

/// Folds one char for case-insensitive matching, keeping one char per char
/// so offsets in the folded text are offsets in the original.
fn fold(c: char) -> char {
    let mut lower = c.to_lowercase();
    match (lower.next(), lower.next()) {
        (Some(l), None) => l,
        _ => c,
    }
}

/// Every non-overlapping match of `needle` in `text`, in order.
pub fn find_all(text: &str, needle: &str, opts: MatchOptions) -> Vec<Range<usize>> {
    if needle.is_empty() {
        return Vec::new();
    }
    let (hay, pat): (String, String) = if opts.ignore_case {
        (
            text.chars().map(fold).collect(),
            needle.chars().map(fold).collect(),
        )
    } else {
        (text.to_owned(), needle.to_owned())
    };
    let n = needle.chars().count();
    let mut out = Vec::new();
    let mut last_byte = 0;
    let mut last_char = 0;
    let mut search_from = 0;
    while let Some(rel) = hay[search_from..].find(&pat) {
        let b = search_from + rel;
        last_char += hay[last_byte..b].chars().count();
        last_byte = b;
        let start = last_char;
        let end_byte = b + pat.len();
        let ok = !opts.whole_words || {
            let before = hay[..b].chars().next_back();
            let after = hay[end_byte..].chars().next();
            !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric)
        };
        if ok {
            out.push(start..start + n);
            search_from = end_byte;
        } else {
            search_from = b + hay[b..].chars().next().map_or(1, char::len_utf8);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_with_code_point_offsets() {
        let t = "👍🏽 Sanctions, sanctions and SANCTIONS; sanctionsless.";
        let all = find_all(
            t,
            "sanctions",
            MatchOptions {
                ignore_case: true,
                whole_words: true,
            },
        );
        let got: Vec<String> = all
            .iter()
            .map(|r| t.chars().skip(r.start).take(r.len()).collect())
            .collect();
        assert_eq!(got, ["Sanctions", "sanctions", "SANCTIONS"]);
        assert_eq!(all[0], 3..12);
        assert_eq!(find_all(t, "sanctions", MatchOptions::default()).len(), 2);
        assert!(find_all(t, "", MatchOptions::default()).is_empty());
        assert_eq!(
            find_all("제재 제재", "제재", MatchOptions::default()),
            [0..2, 3..5]
        );
    }
}
