//! Tokenization for token-based exports (spaCy/Prodigy, CoNLL).
//!
//! Tokens are Unicode word-boundary segments (UAX #29, so an emoji sequence,
//! a flag or a Hangul word stays one token), split further at every span
//! edge, so every span starts and ends on a token boundary. A single space
//! after a token becomes that token's `ws`; any other white space (newlines,
//! runs of spaces) is a token of its own, as spaCy does, so that joining
//! `text + (" " if ws)` over all tokens rebuilds the text exactly.

use std::collections::BTreeSet;
use unicode_segmentation::UnicodeSegmentation as _;

/// One token, with code point offsets.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Token {
    /// The token's text.
    pub text: String,
    /// First code point.
    pub start: usize,
    /// Code point after the last.
    pub end: usize,
    /// Whether one space follows it (the space is not a token).
    pub ws: bool,
}

impl Token {
    /// Whether the token is only white space.
    pub fn is_space(&self) -> bool {
        self.text.chars().all(char::is_whitespace)
    }
}

/// Tokenizes `text` so that every offset in `starts` begins a token and every
/// offset in `ends` ends one.
pub fn tokenize(text: &str, starts: &BTreeSet<usize>, ends: &BTreeSet<usize>) -> Vec<Token> {
    let cuts: BTreeSet<usize> = starts.union(ends).copied().collect();
    // Word-boundary segments, cut at span edges: (start, text).
    let mut pieces: Vec<(usize, String)> = Vec::new();
    let mut pos = 0;
    for seg in text.split_word_bounds() {
        let n = seg.chars().count();
        let mut cur = String::new();
        let mut cur_start = pos;
        for (i, c) in seg.chars().enumerate() {
            let at = pos + i;
            if i > 0 && cuts.contains(&at) {
                pieces.push((cur_start, std::mem::take(&mut cur)));
                cur_start = at;
            }
            cur.push(c);
        }
        if !cur.is_empty() {
            pieces.push((cur_start, cur));
        }
        pos += n;
    }
    let mut tokens: Vec<Token> = Vec::with_capacity(pieces.len());
    for (start, piece) in pieces {
        let n = piece.chars().count();
        let end = start + n;
        let foldable = piece == " "
            && !starts.contains(&start)
            && !ends.contains(&end)
            && tokens
                .last()
                .is_some_and(|t: &Token| !t.ws && !t.is_space());
        if foldable {
            if let Some(last) = tokens.last_mut() {
                last.ws = true;
            }
            continue;
        }
        // Runs of white space (UAX #29 splits "\n\n") are one token, as in spaCy.
        let is_space = piece.chars().all(char::is_whitespace);
        if is_space
            && !cuts.contains(&start)
            && let Some(last) = tokens.last_mut()
            && last.is_space()
            && !last.ws
            && last.end == start
        {
            last.text.push_str(&piece);
            last.end = end;
            continue;
        }
        tokens.push(Token {
            text: piece,
            start,
            end,
            ws: false,
        });
    }
    tokens
}

/// Index of the token starting at `start` and of the token ending at `end`.
pub fn token_span(tokens: &[Token], start: usize, end: usize) -> Option<(usize, usize)> {
    let first = tokens.binary_search_by_key(&start, |t| t.start).ok()?;
    let last = tokens.binary_search_by_key(&end, |t| t.end).ok()?;
    (first <= last).then_some((first, last))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rebuild(tokens: &[Token]) -> String {
        tokens
            .iter()
            .map(|t| format!("{}{}", t.text, if t.ws { " " } else { "" }))
            .collect()
    }

    #[test]
    fn tokens_rebuild_the_text_and_respect_span_edges() {
        let text = "🇰🇷 Seoul’s envoy said  “no.”\n\n김정은 👍🏽 e\u{301}x";
        let starts = BTreeSet::from([3, 30]);
        let ends = BTreeSet::from([7, 31]);
        let t = tokenize(text, &starts, &ends);
        assert_eq!(rebuild(&t), text);
        let texts: Vec<&str> = t.iter().map(|t| t.text.as_str()).collect();
        // "Seoul’s" is cut after "Seou" (a span ends at 7), the flag is one token,
        // the double space and the blank line are tokens of their own.
        assert!(texts.contains(&"🇰🇷"));
        assert!(texts.contains(&"Seou"));
        assert!(texts.contains(&"\n\n"));
        assert!(texts.contains(&"👍🏽"));
        assert!(texts.contains(&"e\u{301}x"), "{texts:?}");
        assert!(token_span(&t, 3, 7).is_some());
        for tok in &t {
            let slice: String = text
                .chars()
                .skip(tok.start)
                .take(tok.end - tok.start)
                .collect();
            assert_eq!(slice, tok.text);
        }
    }

    #[test]
    fn a_span_starting_at_a_space_keeps_it_as_a_token() {
        let text = "a b";
        let t = tokenize(text, &BTreeSet::from([1]), &BTreeSet::from([3]));
        assert_eq!(rebuild(&t), text);
        assert!(token_span(&t, 1, 3).is_some());
    }
}
