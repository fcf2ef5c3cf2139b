//! Tokens of a paragraph and what the model sees of each: the word, its
//! shape and three-letter affixes, its neighbours and theirs shapes, its
//! place in the sentence and whether it stands inside or beside quotation
//! marks. (Two-letter affixes and word bigrams were dropped: on the tune set
//! they cost 40% of the training time for a few points of entity F1.) Text alone, so any language the
//! Unicode word rules split works.

use crfs::Attribute;
use std::ops::Range;
use unicode_segmentation::UnicodeSegmentation as _;

/// A token: its code point range in the document and its text.
#[derive(Debug, Clone)]
pub struct Token {
    /// Code points, in the document.
    pub range: Range<usize>,
    /// The token's text.
    pub text: String,
}

/// The paragraphs of `text` (split at blank lines or single newlines), each
/// as its tokens (UAX #29 word boundaries, white space left out).
pub fn paragraphs(text: &str) -> Vec<Vec<Token>> {
    let mut out = Vec::new();
    let mut chars = 0usize;
    let mut byte = 0usize;
    let mut current: Vec<Token> = Vec::new();
    for (b, seg) in text.split_word_bound_indices() {
        chars += text[byte..b].chars().count();
        byte = b;
        let n = seg.chars().count();
        if seg.contains('\n') {
            if !current.is_empty() {
                out.push(std::mem::take(&mut current));
            }
        } else if !seg.trim().is_empty() {
            current.push(Token {
                range: chars..chars + n,
                text: seg.to_owned(),
            });
        }
        chars += n;
        byte += seg.len();
    }
    if !current.is_empty() {
        out.push(current);
    }
    out
}

/// Word shape, runs squeezed: "Kim" -> "Xx", "U.S." -> "X.X.", "2024" -> "d".
fn shape(w: &str) -> String {
    let mut s = String::new();
    for c in w.chars() {
        let k = if c.is_uppercase() {
            'X'
        } else if c.is_lowercase() {
            'x'
        } else if c.is_numeric() {
            'd'
        } else if c.is_alphabetic() {
            // Scripts without case (Hangul, Han, Arabic ...).
            'a'
        } else {
            c
        };
        if !s.ends_with(k) {
            s.push(k);
        }
    }
    s
}

/// Whether `w` is a quotation mark.
pub(crate) fn is_quote(w: &str) -> bool {
    matches!(
        w,
        "\"" | "“"
            | "”"
            | "„"
            | "«"
            | "»"
            | "‘"
            | "’"
            | "「"
            | "」"
            | "『"
            | "』"
            | "‹"
            | "›"
    )
}

/// Whether `w` ends a sentence.
pub(crate) fn ends_sentence(w: &str) -> bool {
    matches!(w, "." | "!" | "?" | "。" | "！" | "？")
}

/// The attributes of every token of one paragraph.
pub fn features(tokens: &[Token]) -> Vec<Vec<Attribute>> {
    let lower: Vec<String> = tokens.iter().map(|t| t.text.to_lowercase()).collect();
    let shapes: Vec<String> = tokens.iter().map(|t| shape(&t.text)).collect();
    // Inside quotation marks: toggled by each mark (straight and curly alike).
    let mut inside = Vec::with_capacity(tokens.len());
    let mut open = false;
    for t in tokens {
        if is_quote(&t.text) && !(t.text == "’" && open) {
            open = !open;
        } else if t.text == "’" && open {
            open = false;
        }
        inside.push(open);
    }
    // Position in the sentence.
    let mut position = Vec::with_capacity(tokens.len());
    let mut k = 0usize;
    for t in tokens {
        position.push(k);
        k = if ends_sentence(&t.text) { 0 } else { k + 1 };
    }
    let get = |v: &[String], i: isize| -> String {
        usize::try_from(i)
            .ok()
            .and_then(|i| v.get(i))
            .cloned()
            .unwrap_or_else(|| "<none>".to_owned())
    };
    let mut out = Vec::with_capacity(tokens.len());
    for (i, t) in tokens.iter().enumerate() {
        let w = &lower[i];
        let chars: Vec<char> = w.chars().collect();
        let affix = |n: usize, pre: bool| -> String {
            let n = n.min(chars.len());
            if pre {
                chars[..n].iter().collect()
            } else {
                chars[chars.len() - n..].iter().collect()
            }
        };
        let ii = i as isize;
        let mut f = vec![
            format!("w={w}"),
            format!("shape={}", shapes[i]),
            format!("p3={}", affix(3, true)),
            format!("s3={}", affix(3, false)),
            format!("w-1={}", get(&lower, ii - 1)),
            format!("w+1={}", get(&lower, ii + 1)),
            format!("w-2={}", get(&lower, ii - 2)),
            format!("w+2={}", get(&lower, ii + 2)),
            format!("shape-1={}", get(&shapes, ii - 1)),
            format!("shape+1={}", get(&shapes, ii + 1)),
            format!("pos={}", position[i].min(6)),
            format!("quoted={}", inside[i]),
        ];
        if t.text.chars().next().is_some_and(char::is_uppercase) {
            f.push("title".to_owned());
        }
        if is_quote(&t.text) {
            f.push("mark".to_owned());
        }
        // A mark near: quotations and what is said around them.
        for d in 1..=3isize {
            for (j, side) in [(ii - d, "l"), (ii + d, "r")] {
                if usize::try_from(j)
                    .ok()
                    .and_then(|j| tokens.get(j))
                    .is_some_and(|t| is_quote(&t.text))
                {
                    f.push(format!("mark_{side}{d}"));
                }
            }
        }
        out.push(
            f.into_iter()
                .map(|name| Attribute::new(name, 1.0))
                .collect(),
        );
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_keep_code_point_offsets_and_paragraphs() {
        let text = "정부는 “단호히” 말했다.\n\nU.S. officials said.";
        let p = paragraphs(text);
        assert_eq!(p.len(), 2);
        for t in p.iter().flatten() {
            let s: String = text
                .chars()
                .skip(t.range.start)
                .take(t.range.len())
                .collect();
            assert_eq!(s, t.text);
        }
        assert_eq!(shape("Kim"), "Xx");
        assert_eq!(shape("2024"), "d");
        assert_eq!(shape("정부는"), "a");
        let f = features(&p[0]);
        assert_eq!(f.len(), p[0].len());
        let names = |i: usize| f[i].iter().map(|a| a.name.clone()).collect::<Vec<_>>();
        let quoted = p[0].iter().position(|t| t.text == "단호히").unwrap();
        assert!(names(quoted).contains(&"quoted=true".to_owned()));
        assert!(names(0).contains(&"quoted=false".to_owned()));
    }
}
