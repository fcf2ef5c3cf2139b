//! Sentence boundaries in news text: full stops that end abbreviations
//! ("U.S.", "Mr.") end no sentence, and nothing crosses a line break.

use std::ops::Range;

/// Whether the full stop at byte `dot` of `text` ends an abbreviation
/// ("U.S.", "Mr.") rather than a sentence.
pub(super) fn is_abbreviation(text: &str, dot: usize) -> bool {
    const TITLES: &[&str] = &[
        "Mr", "Mrs", "Ms", "Dr", "Gen", "Lt", "Col", "Sgt", "Sen", "Rep", "Gov", "Prof", "St",
        "Jr", "Sr", "No", "vs", "Co", "Corp", "Inc", "Ltd", "Jan", "Feb", "Aug", "Sept", "Oct",
        "Nov", "Dec",
    ];
    let word_start = text[..dot]
        .rfind(|c: char| c.is_whitespace() || matches!(c, '(' | '“' | '"'))
        .map_or(0, |i| {
            i + text[i..].chars().next().map_or(1, char::len_utf8)
        });
    let word = &text[word_start..dot];
    // "U.S", "U.N", "E.U": single capitals between full stops.
    let initials = !word.is_empty()
        && word
            .split('.')
            .all(|p| p.chars().count() == 1 && p.chars().all(char::is_uppercase));
    initials || TITLES.contains(&word)
}

/// Whether `c` at byte `i` ends a sentence.
pub(super) fn ends_sentence_at(text: &str, i: usize, c: char) -> bool {
    matches!(c, '!' | '?' | '。') || (c == '.' && !is_abbreviation(text, i))
}

/// The end of the sentence that `from` is in (stops at a line break).
pub(super) fn sentence_end(text: &str, from: usize) -> usize {
    let rest = &text[from..];
    for (i, c) in rest.char_indices() {
        if c == '\n' {
            return from + i;
        }
        if matches!(c, '.' | '!' | '?' | '。') && ends_sentence_at(text, from + i, c) {
            return from + i + c.len_utf8();
        }
    }
    text.len()
}

/// The start of the sentence that `at` is in (not before its line).
pub(super) fn sentence_start(text: &str, at: usize) -> usize {
    let line_start = text[..at].rfind('\n').map_or(0, |i| i + 1);
    text[line_start..at]
        .char_indices()
        .rev()
        .find(|&(i, c)| ends_sentence_at(text, line_start + i, c))
        .map_or(line_start, |(i, c)| line_start + i + c.len_utf8())
}

/// Whether the quotation at `q` starts its sentence ("“…,” he said" or a
/// quotation standing alone), rather than standing inside one.
pub(super) fn starts_sentence(text: &str, q: &Range<usize>) -> bool {
    text[sentence_start(text, q.start)..q.start]
        .trim()
        .is_empty()
}
