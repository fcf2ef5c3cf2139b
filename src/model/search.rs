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

/// A compiled search for one phrase: build it once, run it over many
/// documents.
#[derive(Clone, Debug)]
pub struct Finder {
    re: Option<regex::Regex>,
    whole_words: bool,
}

impl Finder {
    /// A search for `needle` (literally; with `ignore_case`, Unicode simple
    /// case folding). An empty needle finds nothing.
    pub fn new(needle: &str, opts: MatchOptions) -> Self {
        let re = (!needle.is_empty())
            .then(|| {
                regex::RegexBuilder::new(&regex::escape(needle))
                    .case_insensitive(opts.ignore_case)
                    .build()
                    .ok()
            })
            .flatten();
        Self {
            re,
            whole_words: opts.whole_words,
        }
    }

    /// Every non-overlapping match in `text`, in order (code point ranges).
    pub fn find_all(&self, text: &str) -> Vec<Range<usize>> {
        let Some(re) = &self.re else {
            return Vec::new();
        };
        let mut out = Vec::new();
        let (mut last_byte, mut last_char) = (0, 0);
        let mut at = 0;
        while let Some(m) = re.find_at(text, at) {
            let ok = !self.whole_words || {
                let before = text[..m.start()].chars().next_back();
                let after = text[m.end()..].chars().next();
                !before.is_some_and(char::is_alphanumeric)
                    && !after.is_some_and(char::is_alphanumeric)
            };
            if ok {
                last_char += text[last_byte..m.start()].chars().count();
                let start = last_char;
                last_char += m.as_str().chars().count();
                last_byte = m.end();
                out.push(start..last_char);
                at = m.end().max(m.start() + 1);
            } else {
                at = m.start() + text[m.start()..].chars().next().map_or(1, char::len_utf8);
            }
            if at > text.len() {
                break;
            }
        }
        out
    }
}

/// Every non-overlapping match of `needle` in `text`, in order.
pub fn find_all(text: &str, needle: &str, opts: MatchOptions) -> Vec<Range<usize>> {
    Finder::new(needle, opts).find_all(text)
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

    /// The search a character at a time: lowercase both sides, compare.
    fn naive(text: &str, needle: &str, opts: MatchOptions) -> Vec<Range<usize>> {
        let fold = |c: char| {
            let mut l = c.to_lowercase();
            match (l.next(), l.next()) {
                (Some(x), None) if opts.ignore_case => x,
                _ => c,
            }
        };
        let t: Vec<char> = text.chars().map(fold).collect();
        let n: Vec<char> = needle.chars().map(fold).collect();
        let word = |i: usize| t.get(i).is_some_and(|c| c.is_alphanumeric());
        let mut out = Vec::new();
        let mut i = 0;
        while !n.is_empty() && i + n.len() <= t.len() {
            let hit = t[i..i + n.len()] == n[..]
                && (!opts.whole_words || !(word(i + n.len()) || i > 0 && word(i - 1)));
            if hit {
                out.push(i..i + n.len());
                i += n.len();
            } else {
                i += 1;
            }
        }
        out
    }

    #[test]
    fn agrees_with_a_character_by_character_search() {
        let texts = [
            "Sanctions, SANCTIONS and sanctionsless sanctions.",
            "제재 제재 Ölembargo ÖLEMBARGO öl öl",
            "Das Öl; das öl. ÖL!",
            "aaa aaaa a",
            "Кремль КРЕМЛЬ кремль, Kreml",
            "👍🏽 won’t WON’T won't",
        ];
        let needles = ["sanctions", "öl", "aa", "кремль", "won’t", "제재", "a"];
        for t in texts {
            for n in needles {
                for (ignore_case, whole_words) in
                    [(false, false), (true, false), (false, true), (true, true)]
                {
                    let opts = MatchOptions {
                        ignore_case,
                        whole_words,
                    };
                    assert_eq!(
                        find_all(t, n, opts),
                        naive(t, n, opts),
                        "{t:?} {n:?} {opts:?}"
                    );
                }
            }
        }
    }
}
