//! Words, sentences and paragraphs of a text, in code point offsets, for
//! snapping selections and moving a caret (Unicode segmentation, UAX #29).

use std::ops::Range;
use unicode_segmentation::UnicodeSegmentation as _;

/// The word, sentence and paragraph ranges of one text.
#[derive(Debug, Clone, Default)]
pub struct Segments {
    /// Word-like segments (containing a letter or digit), sorted.
    pub words: Vec<Range<usize>>,
    /// Sentences (trailing white space excluded), sorted.
    pub sentences: Vec<Range<usize>>,
    /// Paragraphs: the non-empty lines, sorted.
    pub paragraphs: Vec<Range<usize>>,
    /// Quotation marks and punctuation, by position: what [`Segments::tidy`]
    /// looks at beside a selection's words.
    marks: Vec<(usize, char)>,
    len: usize,
}

/// Opening quotation marks and the marks that close each.
const QUOTES: &[(char, &[char])] = &[
    ('“', &['”']),
    ('„', &['“', '”']),
    ('"', &['"']),
    ('«', &['»']),
    ('‘', &['’']),
    ('「', &['」']),
    ('『', &['』']),
    ('‹', &['›']),
];

/// Punctuation a quotation may end with inside its marks (`,”` `.”`).
const INNER_PUNCT: &[char] = &[',', '.', '!', '?', ';', ':', '…', '。'];

fn is_mark(c: char) -> bool {
    INNER_PUNCT.contains(&c) || QUOTES.iter().any(|(o, cs)| *o == c || cs.contains(&c))
}

/// Converts byte-offset segments into code point ranges (one pass).
fn char_ranges<'a>(
    text: &str,
    segs: impl Iterator<Item = (usize, &'a str)>,
    keep: impl Fn(&str) -> bool,
    trim: bool,
) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut byte = 0;
    let mut chars = 0;
    for (b, seg) in segs {
        chars += text[byte..b].chars().count();
        byte = b;
        let n = seg.chars().count();
        if keep(seg) {
            let kept = if trim {
                seg.trim_end().chars().count()
            } else {
                n
            };
            if kept > 0 {
                out.push(chars..chars + kept);
            }
        }
        chars += n;
        byte += seg.len();
    }
    out
}

impl Segments {
    /// Segments `text`.
    pub fn new(text: &str) -> Self {
        let words = char_ranges(
            text,
            text.split_word_bound_indices(),
            |w| w.chars().any(char::is_alphanumeric),
            false,
        );
        let sentences = char_ranges(
            text,
            text.split_sentence_bound_indices(),
            |s| !s.trim().is_empty(),
            true,
        );
        let marks = text
            .chars()
            .enumerate()
            .filter(|(_, c)| is_mark(*c))
            .collect();
        let mut paragraphs = Vec::new();
        let mut start = 0;
        for line in text.split('\n') {
            let n = line.chars().count();
            if !line.trim().is_empty() {
                paragraphs.push(start..start + n);
            }
            start += n + 1;
        }
        Self {
            words,
            sentences,
            paragraphs,
            marks,
            len: text.chars().count(),
        }
    }

    /// Length of the text in code points.
    pub fn len(&self) -> usize {
        self.len
    }

    /// Whether the text is empty.
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    fn containing(ranges: &[Range<usize>], c: usize) -> Option<Range<usize>> {
        let i = ranges.partition_point(|r| r.end <= c);
        ranges.get(i).filter(|r| r.start <= c).cloned()
    }

    /// The word containing code point `c`.
    pub fn word_at(&self, c: usize) -> Option<Range<usize>> {
        Self::containing(&self.words, c)
    }

    /// The sentence containing code point `c`.
    pub fn sentence_at(&self, c: usize) -> Option<Range<usize>> {
        Self::containing(&self.sentences, c)
    }

    /// The paragraph containing code point `c`.
    pub fn paragraph_at(&self, c: usize) -> Option<Range<usize>> {
        Self::containing(&self.paragraphs, c)
    }

    /// Widens `a..b` to whole words: the start to the start of its word (or the
    /// next word if it is in white space), the end to the end of its word (or
    /// the previous word). Returns `None` if no word is inside.
    pub fn snap_to_words(&self, a: usize, b: usize) -> Option<Range<usize>> {
        let (a, b) = (a.min(b), a.max(b));
        let first = self.words.partition_point(|r| r.end <= a);
        let last = self.words.partition_point(|r| r.start < b.max(a + 1));
        if first >= last {
            return None;
        }
        Some(self.words[first].start..self.words[last - 1].end)
    }

    /// The quotation mark or punctuation at `c`, if there is one.
    fn mark_at(&self, c: usize) -> Option<char> {
        self.marks
            .binary_search_by_key(&c, |m| m.0)
            .ok()
            .map(|i| self.marks[i].1)
    }

    /// The one rule for a selection's edges, whichever way it was made
    /// (drag, Shift+click, Shift+arrows, triple click): whole words, no
    /// white space or punctuation at either end (as the annotation guide
    /// wants spans), except that a quotation covered whole keeps its marks
    /// and the punctuation inside them (`“… action,”`), as the quote finder
    /// proposes it. `None` if no word is inside.
    pub fn tidy(&self, a: usize, b: usize) -> Option<Range<usize>> {
        let r = self.snap_to_words(a, b)?;
        let (mut start, mut end) = (r.start, r.end);
        // The closing mark right after the last word, past punctuation inside.
        let mut after = end;
        while self
            .mark_at(after)
            .is_some_and(|c| INNER_PUNCT.contains(&c))
        {
            after += 1;
        }
        let close_after = self.mark_at(after);
        let closes = |closers: &[char], c: Option<char>| c.is_some_and(|c| closers.contains(&c));
        // An opening mark right before the first word: kept when its
        // quotation closes inside the selection or right after it.
        if let Some(open) = start.checked_sub(1).and_then(|i| self.mark_at(i))
            && let Some((_, closers)) = QUOTES.iter().find(|(o, _)| *o == open)
        {
            let inside = self.closer_in(closers, start..end);
            if inside.is_some() || closes(closers, close_after) {
                start -= 1;
                if inside.is_none() {
                    return Some(start..after + 1);
                }
            }
        }
        // A closing mark right after the last word: kept when its quotation
        // opened inside the selection.
        if let Some(close) = close_after {
            let opened_inside = self.marks[self.marks.partition_point(|m| m.0 < start)..]
                .iter()
                .take_while(|m| m.0 < end)
                .filter(|m| {
                    QUOTES
                        .iter()
                        .any(|(o, cs)| *o == m.1 && cs.contains(&close))
                })
                .last()
                .is_some_and(|m| self.closer_in(&[close], m.0 + 1..end).is_none());
            if opened_inside {
                end = after + 1;
            }
        }
        Some(start..end)
    }

    /// The first closing mark among `closers` inside `r` (apostrophes in
    /// words, as in won’t, are not closing marks).
    fn closer_in(&self, closers: &[char], r: Range<usize>) -> Option<usize> {
        self.marks[self.marks.partition_point(|m| m.0 < r.start)..]
            .iter()
            .take_while(|m| m.0 < r.end)
            .find(|m| closers.contains(&m.1) && !(m.1 == '’' && self.is_apostrophe(m.0)))
            .map(|m| m.0)
    }

    /// Whether the ’ at `c` sits between two letters (won’t), not closing.
    fn is_apostrophe(&self, c: usize) -> bool {
        let in_word = |i: usize| self.word_at(i).is_some();
        c > 0 && in_word(c - 1) && in_word(c + 1)
    }

    /// The next word end after `c` (caret moving right by word).
    pub fn next_word_end(&self, c: usize) -> usize {
        let i = self.words.partition_point(|r| r.end <= c);
        self.words.get(i).map_or(self.len, |r| r.end)
    }

    /// The previous word start before `c` (caret moving left by word).
    pub fn prev_word_start(&self, c: usize) -> usize {
        let i = self.words.partition_point(|r| r.start < c);
        i.checked_sub(1).map_or(0, |i| self.words[i].start)
    }

    /// The next sentence start after `c`, or the end of the text.
    pub fn next_sentence_start(&self, c: usize) -> usize {
        let i = self.sentences.partition_point(|r| r.start <= c);
        self.sentences.get(i).map_or(self.len, |r| r.start)
    }

    /// The start of the sentence before the one at `c`.
    pub fn prev_sentence_start(&self, c: usize) -> usize {
        let i = self.sentences.partition_point(|r| r.start < c);
        i.checked_sub(1).map_or(0, |i| self.sentences[i].start)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const T: &str = "Seoul said “no.” Kim Jong-un left.\n\n외교부 대변인은 말했다. 👍🏽 ok";

    #[test]
    fn words_sentences_paragraphs() {
        let s = Segments::new(T);
        let word = |r: Range<usize>| T.chars().skip(r.start).take(r.len()).collect::<String>();
        let words: Vec<String> = s.words.iter().cloned().map(word).collect();
        assert_eq!(
            words,
            [
                "Seoul",
                "said",
                "no",
                "Kim",
                "Jong",
                "un",
                "left",
                "외교부",
                "대변인은",
                "말했다",
                "ok"
            ]
        );
        assert_eq!(
            s.sentences.len(),
            3,
            "{:?}",
            s.sentences.iter().cloned().map(word).collect::<Vec<_>>()
        );
        assert_eq!(word(s.sentences[0].clone()), "Seoul said “no.”");
        assert_eq!(s.paragraphs.len(), 2);
        assert_eq!(
            word(s.paragraph_at(40).unwrap()),
            "외교부 대변인은 말했다. 👍🏽 ok"
        );
    }

    #[test]
    fn drag_ranges_snap_to_whole_words() {
        let s = Segments::new(T);
        // "eoul sa" -> "Seoul said"
        assert_eq!(s.snap_to_words(1, 8), Some(0..10));
        // Backwards drags are the same.
        assert_eq!(s.snap_to_words(8, 1), Some(0..10));
        // Starting in white space snaps to the next word.
        assert_eq!(s.snap_to_words(5, 7), Some(6..10));
        // Only punctuation and spaces: nothing.
        assert_eq!(s.snap_to_words(10, 12), None);
    }

    #[test]
    fn one_rule_for_selection_edges() {
        let t = "He said “We won’t hesitate to act,” and left. “Seoul,” she said.\n\nNext one.";
        let s = Segments::new(t);
        let at = |w: &str| t[..t.find(w).unwrap()].chars().count();
        let text = |r: Range<usize>| t.chars().skip(r.start).take(r.len()).collect::<String>();
        // A drag from the opening mark to the closing one: marks kept.
        let (a, b) = (at("“We"), at(" and"));
        assert_eq!(text(s.tidy(a, b).unwrap()), "“We won’t hesitate to act,”");
        // Only the words of the quotation: the whole quotation too.
        assert_eq!(
            text(s.tidy(a + 1, at(",”")).unwrap()),
            "“We won’t hesitate to act,”"
        );
        // A selection holding a quotation and words after it, and one
        // ending in a quotation opened inside it.
        assert_eq!(
            text(s.tidy(a + 1, at(" and") + 4).unwrap()),
            "“We won’t hesitate to act,” and"
        );
        assert_eq!(
            text(s.tidy(at("He"), at(",”")).unwrap()),
            "He said “We won’t hesitate to act,”"
        );
        // Two quotations covered whole: both keep their marks.
        let t2 = "“We act,” he said, “now.” Then";
        let s2 = Segments::new(t2);
        let end = t2[..t2.find(" Then").unwrap()].chars().count();
        let r = s2.tidy(0, end - 1).unwrap();
        let got: String = t2.chars().skip(r.start).take(r.len()).collect();
        assert_eq!(got, "“We act,” he said, “now.”");
        // Part of it: words only, no stray mark.
        assert_eq!(text(s.tidy(a + 1, at(" hesitate")).unwrap()), "We won’t");
        // A sentence: no final full stop, no trailing space, from any path.
        let sentence = s.sentence_at(0).unwrap();
        assert_eq!(
            text(s.tidy(0, s.next_sentence_start(0)).unwrap()),
            "He said “We won’t hesitate to act,” and left"
        );
        assert_eq!(
            text(s.tidy(sentence.start, sentence.end).unwrap()),
            "He said “We won’t hesitate to act,” and left"
        );
        // A sentence that opens with a quotation.
        let q = at("“Seoul");
        assert_eq!(text(s.tidy(q, q + 8).unwrap()), "“Seoul,”");
        // A paragraph (triple click).
        let p = s.paragraph_at(at("Next")).unwrap();
        assert_eq!(text(s.tidy(p.start, p.end).unwrap()), "Next one");
    }

    #[test]
    fn caret_moves_by_word_and_sentence() {
        let s = Segments::new(T);
        assert_eq!(s.next_word_end(0), 5);
        assert_eq!(s.next_word_end(5), 10);
        assert_eq!(s.prev_word_start(10), 6);
        assert_eq!(s.prev_word_start(6), 0);
        assert_eq!(s.next_sentence_start(0), 17);
        assert_eq!(s.prev_sentence_start(17), 0);
        assert_eq!(s.next_sentence_start(1000), s.len());
    }
}
