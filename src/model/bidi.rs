//! Text direction. A paragraph (the text between two newlines) reads right
//! to left when its first strong character does (UAX #9, rules P2-P3), so
//! one article may mix Arabic, Hebrew and English paragraphs.

use unicode_bidi::{Direction, get_base_direction};

/// Whether `paragraph` reads right to left (its first strong character is
/// right-to-left; text without one reads left to right).
pub fn is_rtl(paragraph: &str) -> bool {
    matches!(get_base_direction(paragraph), Direction::Rtl)
}

/// Whether `text` holds a right-to-left character (then it needs a bidi
/// layout to be read).
pub fn has_rtl(text: &str) -> bool {
    use unicode_bidi::BidiClass::{AL, R, RLE, RLI, RLO};
    text.chars()
        .any(|c| matches!(unicode_bidi::bidi_class(c), R | AL | RLE | RLO | RLI))
}

/// Whether `text` needs the bidi algorithm to be laid out: it holds a
/// right-to-left character, an Arabic digit or a directional embedding,
/// override or isolate (the classes that make unicode-bidi's paragraph
/// not `is_pure_ltr`), found without building its per-byte levels.
pub fn needs_bidi(text: &str) -> bool {
    use unicode_bidi::BidiClass::{AL, AN, FSI, LRE, LRI, LRO, R, RLE, RLI, RLO};
    text.chars().any(|c| {
        matches!(
            unicode_bidi::bidi_class(c),
            R | AL | AN | LRE | RLE | LRO | RLO | RLI | LRI | FSI
        )
    })
}

/// Which way the text at the caret `c` of `text` reads, for arrow keys:
/// the direction of the nearest strong character of the word at `c` (the
/// one after it, else before it), else the paragraph's. "U.S." inside a
/// Hebrew paragraph reads left to right.
pub fn rtl_at_caret(text: &str, c: usize) -> bool {
    use unicode_bidi::BidiClass::{AL, L, R};
    let strong = |ch: char| match unicode_bidi::bidi_class(ch) {
        L => Some(false),
        R | AL => Some(true),
        _ => None,
    };
    let b = text.char_indices().nth(c).map_or(text.len(), |(b, _)| b);
    let word =
        |s: &mut dyn Iterator<Item = char>| s.take_while(|ch| !ch.is_whitespace()).find_map(strong);
    word(&mut text[b..].chars())
        .or_else(|| word(&mut text[..b].chars().rev()))
        .unwrap_or_else(|| rtl_at(text, c))
}

/// Whether the paragraph holding code point `c` of `text` reads right to
/// left (past the end: the last paragraph).
pub fn rtl_at(text: &str, c: usize) -> bool {
    let b = text.char_indices().nth(c).map_or(text.len(), |(b, _)| b);
    let start = text[..b].rfind('\n').map_or(0, |i| i + 1);
    let end = text[b..].find('\n').map_or(text.len(), |i| b + i);
    is_rtl(&text[start..end])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn direction_follows_the_first_strong_character_of_each_paragraph() {
        assert!(is_rtl("قال المتحدث إن «العقوبات» ستُفرض."));
        assert!(
            is_rtl("«گفت‌وگو» ادامه دارد."),
            "a quotation mark is neutral"
        );
        assert!(is_rtl("2024: שר החוץ אמר"), "digits are weak");
        assert!(!is_rtl("The U.S. said שלום"));
        assert!(!is_rtl("“…” 123"), "no strong character: left to right");
        assert!(is_rtl("\u{200F}Reuters"), "a right-to-left mark is strong");
        let text = "English first.\nالفقرة الثانية.\nThird.";
        assert!(!rtl_at(text, 3));
        assert!(rtl_at(text, 16));
        assert!(!rtl_at(text, text.chars().count()));
        // At a caret: the word's own direction, else the paragraph's.
        let he = "שר החוץ עם U.S. Treasury לפני 2024.";
        let at = |w: &str| he[..he.find(w).unwrap()].chars().count();
        assert!(rtl_at_caret(he, at("החוץ")));
        assert!(!rtl_at_caret(he, at("Treasury")));
        assert!(!rtl_at_caret(he, at("U.S.")));
        assert!(
            rtl_at_caret(he, at("2024")),
            "digits are weak: the paragraph's"
        );
    }
}
