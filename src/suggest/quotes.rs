//! The quote finder: text between paired quotation marks of any script and
//! style, and the speaker named by the attribution next to it.

use regex::Regex;
use std::ops::Range;
use std::sync::LazyLock;

/// A quotation found in a text (byte offsets), with its speaker if named.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Quote {
    /// The quotation, marks included.
    pub range: Range<usize>,
    /// The speaker's name, when the attribution names one.
    pub speaker: Option<Range<usize>>,
}

/// Closing marks for an opening mark.
fn closers(open: char) -> &'static [char] {
    match open {
        '“' => &['”'],
        '„' => &['“', '”'],
        '«' => &['»'],
        '»' => &['«'],
        '‹' => &['›'],
        '「' => &['」'],
        '『' => &['』'],
        '‘' => &['’'],
        '‚' => &['‘', '’'],
        '"' => &['"'],
        _ => &[],
    }
}

fn is_word(c: Option<char>) -> bool {
    c.is_some_and(|c| c.is_alphanumeric())
}

/// Every outermost quotation of `text`, in order (byte ranges, marks included).
pub fn find_quotes(text: &str) -> Vec<Range<usize>> {
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let at = |i: usize| chars.get(i).map(|c| c.1);
    let mut out = Vec::new();
    // Open quotes: (opening mark, byte offset).
    let mut stack: Vec<(char, usize)> = Vec::new();
    let mut breaks_open = 0; // paragraph breaks crossed by the outermost quote
    let mut i = 0;
    while i < chars.len() {
        let (b, c) = chars[i];
        let prev = i.checked_sub(1).and_then(at);
        let next = at(i + 1);
        // A paragraph break inside a quote: the next paragraph may reopen it
        // (the convention for quotes running over paragraphs).
        if c == '\n' && next == Some('\n') && !stack.is_empty() {
            let mut j = i;
            while at(j).is_some_and(char::is_whitespace) {
                j += 1;
            }
            breaks_open += 1;
            let outer = stack[0].0;
            if at(j) == Some(outer) && outer != '"' {
                stack.truncate(1);
                i = j + 1;
                continue;
            }
            if breaks_open > 1 {
                stack.clear(); // never closed: not a quotation
                breaks_open = 0;
            }
            i = j;
            continue;
        }
        let top = stack.last().map(|t| t.0);
        let closes_top = top.is_some_and(|t| closers(t).contains(&c));
        let closes = closes_top
            && match c {
                // An apostrophe inside a word ("won’t") closes nothing.
                '’' | '‘' => !is_word(next),
                '"' => !is_word(next) || prev.is_some_and(|p| !p.is_whitespace()),
                _ => true,
            };
        if closes {
            let (_, start) = stack.pop().unwrap_or((c, b));
            if stack.is_empty() {
                out.push(start..b + c.len_utf8());
                breaks_open = 0;
            }
        } else if !closers(c).is_empty() {
            let opens = match c {
                '‘' | '‚' => !is_word(prev),
                '"' => !is_word(prev) && next.is_some_and(|n| !n.is_whitespace()),
                '»' => false, // only as a closer (Danish style is rare in news)
                _ => true,
            };
            if opens {
                stack.push((c, b));
            }
        } else if matches!(c, '”' | '»' | '」' | '』' | '›') {
            // A closer that matches an outer quote ends everything inside it.
            if let Some(k) = stack.iter().rposition(|(o, _)| closers(*o).contains(&c)) {
                let start = stack[k].1;
                stack.truncate(k);
                if stack.is_empty() {
                    out.push(start..b + c.len_utf8());
                    breaks_open = 0;
                }
            }
        }
        i += 1;
    }
    out
}

const VERBS: &str = "said|says|told|tells|noted|notes|added|adds|stated|states|warned|warns|wrote|writes|explained|explains|insisted|insists|argued|argues|claimed|claims|declared|declares|stressed|stresses|announced|announces|replied|replies|asked|asks|vowed|vows";

/// Words that may stand inside a name or title ("spokesman", "of").
const TITLE_WORDS: &str = "cabinet|spokesman|spokeswoman|spokesperson|minister|secretary|official|ambassador|envoy|president|chief|director|analyst|senior|deputy|fellow|adviser|advisor|general|foreign|defense|defence|prime|vice|policy|affairs|security|national|state|press|trade|finance|high|representative|special|top|former|acting|leader|negotiator|diplomat|researcher|professor|expert|correspondent|commander|of|for|the";

/// A name: capitalized words and title words, ending with a capitalized word.
static NAME: LazyLock<String> = LazyLock::new(|| {
    let word = format!(r"(?:\p{{Lu}}[\p{{L}}’'.\-]*|(?:{TITLE_WORDS})(?-u:\b))");
    format!(r"{word}(?:\s+{word})*")
});

static AFTER_VERB: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"^[\s,:;—–-]*(?:(?:{VERBS})|according\s+to)\s+({})",
        *NAME
    ))
    .expect("valid regex")
});

static BEFORE_VERB: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"^[\s,:;—–-]*({})(?:,[^,.“”\n]{{1,80}},)?\s+(?:{VERBS})(?-u:\b)",
        *NAME
    ))
    .expect("valid regex")
});

static IN_SENTENCE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?:({name})(?:,[^,.“”\n]{{1,80}},)?\s+(?:{VERBS})(?-u:\b)|(?:{VERBS}|according\s+to)\s+({name}))",
        name = *NAME
    ))
    .expect("valid regex")
});

static LEAD_IN: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r#"(?:({name})(?:,[^,.“”\n]{{1,80}},)?\s+(?:{VERBS})(?-u:\b)[^.!?“”"«»「\n]{{0,60}}?|[Aa]ccording\s+to\s+({name}))\s*[,:]?\s*$"#,
        name = *NAME
    ))
    .expect("valid regex")
});

const PRONOUNS: &[&str] = &[
    "He",
    "She",
    "They",
    "It",
    "We",
    "I",
    "You",
    "This",
    "That",
    "These",
    "Those",
    "The",
    "A",
    "An",
    "But",
    "And",
    "Officials",
    "Analysts",
];

/// Trims a matched name to its capitalized core: no leading "the", no
/// trailing title words; `None` for pronouns and bare titles.
fn trim_name(text: &str, r: Range<usize>) -> Option<Range<usize>> {
    let s = &text[r.clone()];
    let mut words: Vec<(usize, &str)> = s
        .split_whitespace()
        .map(|w| (w.as_ptr() as usize - s.as_ptr() as usize, w))
        .collect();
    let capital = |w: &str| w.chars().next().is_some_and(char::is_uppercase);
    while words.last().is_some_and(|(_, w)| !capital(w)) {
        words.pop();
    }
    while words
        .first()
        .is_some_and(|(_, w)| !capital(w) || *w == "The")
    {
        words.remove(0);
    }
    let (first, last) = (words.first()?, words.last()?);
    if words.len() == 1 && PRONOUNS.contains(&first.1) {
        return None;
    }
    let last_word = last.1.trim_end_matches(['.', '’', '\'']);
    Some(r.start + first.0..r.start + last.0 + last_word.len())
}

fn sentence_end(text: &str, from: usize) -> usize {
    let rest = &text[from..];
    let mut end = rest.len();
    for (i, c) in rest.char_indices() {
        if c == '\n' {
            end = i;
            break;
        }
        if matches!(c, '.' | '!' | '?' | '。') {
            end = i + c.len_utf8();
            break;
        }
    }
    from + end
}

/// Who a quotation is attributed to.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Attribution {
    /// A name in the text (byte range).
    Named(Range<usize>),
    /// A pronoun ("he said"): the speaker is named elsewhere.
    Pronoun,
}

static PRONOUN_AFTER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"^[\s,:;—–-]*(?:(?:he|she|they)\s+(?:{VERBS})(?-u:\b)|(?:{VERBS})\s+(?:he|she|they)(?-u:\b))"
    ))
    .expect("valid regex")
});

static PRONOUN_BEFORE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r#"(?-u:\b)(?:He|She|They|he|she|they)\s+(?:{VERBS})(?-u:\b)[^.!?“”"«»「\n]{{0,60}}?\s*[,:]?\s*$"#
    ))
    .expect("valid regex")
});

/// A name followed by ", Full Name" (an appositive): "Japan's chief cabinet
/// secretary, Yoshimasa Hayashi".
static APPOSITIVE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^,\s+(\p{Lu}[\p{L}’'.\-]*(?:\s+\p{Lu}[\p{L}’'.\-]*)+)").expect("valid regex")
});

/// The speaker of the quotation at `q`: named right after it ("… ,” said X",
/// "…,” X said", "according to X"), in the rest of its sentence or the next
/// one, or right before it ("X said: “…”"); or a pronoun.
pub fn find_speaker(text: &str, q: &Range<usize>) -> Option<Attribution> {
    let after = &text[q.end..];
    let capture = |re: &Regex, hay: &str, base: usize| {
        re.captures(hay).and_then(|c| {
            let m = c.get(1).or_else(|| c.get(2))?;
            trim_name(text, base + m.start()..base + m.end())
        })
    };
    let named = |r: Range<usize>| Some(Attribution::Named(r));
    if let Some(c) = AFTER_VERB.captures(after)
        && let Some(m) = c.get(1)
    {
        // "said Japan's chief cabinet secretary, Yoshimasa Hayashi": the name.
        let raw_end = q.end + m.end();
        if let Some(a) = APPOSITIVE.captures(&text[raw_end..]).and_then(|c| c.get(1)) {
            let start = trim_name(text, q.end + m.start()..raw_end).map_or(raw_end, |r| r.start);
            return named(start..raw_end + a.end());
        }
        if let Some(r) = trim_name(text, q.end + m.start()..raw_end) {
            return named(r);
        }
    }
    if let Some(r) = capture(&BEFORE_VERB, after, q.end) {
        return named(r);
    }
    if PRONOUN_AFTER.is_match(after) {
        return Some(Attribution::Pronoun);
    }
    // Rest of this sentence, then the next one (a quotation ending in a
    // full stop ends its sentence: then only the next one). A next sentence
    // with a quotation of its own attributes that one, not this.
    let inner = text[q.clone()]
        .trim_end_matches(|c: char| !c.is_alphanumeric() && !matches!(c, '.' | '!' | '?'));
    let ends_sentence = inner.ends_with(['.', '!', '?']);
    let end1 = sentence_end(text, q.end);
    let mut end2 = if !ends_sentence && end1 < text.len() && !text[end1..].starts_with('\n') {
        sentence_end(text, end1)
    } else {
        end1
    };
    if ends_sentence && text[q.end..end1].contains(['“', '"', '«', '„', '「', '‘']) {
        end2 = q.end;
    } else if !ends_sentence && text[end1..end2].contains(['“', '"', '«', '„', '「', '‘']) {
        end2 = end1;
    }
    if let Some(r) = capture(&IN_SENTENCE, &text[q.end..end2], q.end) {
        return named(r);
    }
    // Before: the last sentence of the paragraph before the quote.
    let line_start = text[..q.start].rfind('\n').map_or(0, |i| i + 1);
    let lead = &text[line_start..q.start];
    let lead_start = lead.rfind(['.', '!', '?']).map_or(0, |i| i + 1);
    if let Some(r) = capture(&LEAD_IN, &lead[lead_start..], line_start + lead_start) {
        return named(r);
    }
    if PRONOUN_BEFORE.is_match(&lead[lead_start..]) {
        return Some(Attribution::Pronoun);
    }
    None
}

/// The subject named at the start of the sentence before `at` in its
/// paragraph ("Kaja Kallas, the EU's top diplomat, struck a similar tone.").
fn previous_subject(text: &str, at: usize) -> Option<Range<usize>> {
    static SUBJECT: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"^\s*(\p{Lu}[\p{L}’'.\-]*(?:\s+\p{Lu}[\p{L}’'.\-]*)+)").expect("valid regex")
    });
    let line_start = text[..at].rfind('\n').map_or(0, |i| i + 1);
    let before = &text[line_start..at];
    let end = before.trim_end().rfind(['.', '!', '?'])?;
    let start = before[..end].rfind(['.', '!', '?']).map_or(0, |i| i + 1);
    let m = SUBJECT.captures(&before[start..end])?.get(1)?;
    trim_name(
        text,
        line_start + start + m.start()..line_start + start + m.end(),
    )
}

/// Every quotation of `text` with its speaker. A pronoun ("she said") is
/// resolved to the speaker last named in the paragraph, else to the
/// subject of the sentence before; a quotation without attribution right
/// after an attributed one in the same paragraph continues it.
pub fn quotes_with_speakers(text: &str) -> Vec<Quote> {
    let mut out: Vec<Quote> = Vec::new();
    for range in find_quotes(text) {
        let paragraph = text[..range.start].rfind("\n\n").map_or(0, |i| i + 2);
        let last_here = out
            .iter()
            .rev()
            .take_while(|q| q.range.start >= paragraph)
            .find_map(|q| q.speaker.clone());
        let speaker = match find_speaker(text, &range) {
            Some(Attribution::Named(r)) => Some(r),
            Some(Attribution::Pronoun) => last_here.or_else(|| previous_subject(text, range.start)),
            None => out
                .last()
                .filter(|q| q.range.start >= paragraph)
                .and_then(|q| q.speaker.clone()),
        };
        out.push(Quote { range, speaker });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn quotes(text: &str) -> Vec<&str> {
        find_quotes(text).into_iter().map(|r| &text[r]).collect()
    }

    fn speaker(text: &str) -> Option<&str> {
        let q = quotes_with_speakers(text);
        q.first()?.speaker.clone().map(|r| &text[r])
    }

    #[test]
    fn every_quotation_style() {
        assert_eq!(
            quotes("He said “we won’t hesitate” today."),
            ["“we won’t hesitate”"]
        );
        assert_eq!(
            quotes(r#"He said "we will act" today."#),
            [r#""we will act""#]
        );
        assert_eq!(
            quotes("She called it ‘a red line’ twice."),
            ["‘a red line’"]
        );
        assert_eq!(
            quotes("Il a dit « nous agirons » hier."),
            ["« nous agirons »"]
        );
        assert_eq!(quotes("외교부는 「단호히 대응」할 것"), ["「단호히 대응」"]);
        assert_eq!(quotes("Er sagte „wir handeln“ gestern."), ["„wir handeln“"]);
        assert_eq!(quotes("Powiedział „działamy” wczoraj."), ["„działamy”"]);
        assert_eq!(quotes("『二重』と「一重」"), ["『二重』", "「一重」"]);
    }

    #[test]
    fn apostrophes_nesting_and_paragraphs() {
        // Apostrophes in words close nothing; the analysts’ possessive neither.
        assert_eq!(
            quotes("It won’t stop the analysts’ work."),
            Vec::<&str>::new()
        );
        // Nested quotes: the outer one only.
        assert_eq!(
            quotes("“He told me ‘never again’ and left,” she said."),
            ["“He told me ‘never again’ and left,”"]
        );
        // Across paragraphs: reopened at the next paragraph, closed at the end.
        let t = "“The first part of the statement.\n\n“And the second part,” Miller said.";
        assert_eq!(quotes(t), [&t[..t.find(',').unwrap() + 4]]);
        // Closed in the next paragraph without reopening.
        let t = "“Starts here\n\nends here,” Kim said.";
        assert_eq!(quotes(t), ["“Starts here\n\nends here,”"]);
        // Never closed: nothing.
        assert_eq!(quotes("“Dangling\n\nstill\n\nnothing."), Vec::<&str>::new());
    }

    #[test]
    fn speakers_after_before_and_in_the_next_sentence() {
        assert_eq!(
            speaker(
                "“We won’t hesitate,” said State Department spokesman Matthew Miller at a briefing."
            ),
            Some("State Department spokesman Matthew Miller")
        );
        assert_eq!(speaker("“We will act,” Miller said."), Some("Miller"));
        assert_eq!(
            speaker("“Sanctions are coming,” according to EU foreign policy chief Kaja Kallas."),
            Some("EU foreign policy chief Kaja Kallas")
        );
        assert_eq!(
            speaker("Defense Minister Andrei Belousov said: “Cooperation will deepen.”"),
            Some("Defense Minister Andrei Belousov")
        );
        assert_eq!(
            speaker("Kim told reporters, “The door is open.”"),
            Some("Kim")
        );
        assert_eq!(
            speaker("“The door is open.” The remark came late. Cha Du-hyeon noted it."),
            None,
            "two sentences later is too far"
        );
        assert_eq!(
            speaker("“The door is open.” Cha Du-hyeon, a senior fellow, noted the shift."),
            Some("Cha Du-hyeon")
        );
        assert_eq!(speaker("“We will respond firmly,” he said."), None);
        assert_eq!(speaker("The word “firmly” appeared twice."), None);
    }
}
