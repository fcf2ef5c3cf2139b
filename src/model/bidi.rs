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
    }
}
