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
    len: usize,
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
