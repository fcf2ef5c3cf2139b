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

/// Compiles an attribution pattern. Their many Unicode classes need a
/// larger lazy-DFA cache than the default: with it, the cache is rebuilt far
/// less often (suggesting over a project is mostly these regexes).
fn attribution_regex(pattern: &str) -> Regex {
    regex::RegexBuilder::new(pattern)
        .dfa_size_limit(32 << 20)
        .build()
        .expect("valid regex")
}

const VERBS: &str = "said|says|told|tells|noted|notes|added|adds|stated|states|warned|warns|wrote|writes|explained|explains|insisted|insists|argued|argues|claimed|claims|declared|declares|stressed|stresses|announced|announces|replied|replies|asked|asks|vowed|vows|called|calls|described|describes|admitted|admits|acknowledged|acknowledges|conceded|concedes|suggested|suggests|promised|promises|pledged|pledges|predicted|predicts|recalled|recalls|urged|urges|cautioned|cautions|observed|observes|emphasized|emphasised|emphasizes|emphasises|reiterated|reiterates|responded|responds|tweeted|tweets|posted|posts|testified|testifies|confirmed|confirms|denied|denies|complained|complains|joked|jokes|remarked|remarks|maintained|maintains|contended|contends|lamented|laments|branded|brands|dubbed|dubs|labelled|labeled|threatened|threatens|agreed|agrees|answered|answers|continued|continues|concluded|concludes|boasted|boasts|quipped|quips|wondered|wonders|mused|muses|hinted|hints|signalled|signaled|signals|welcomed|welcomes|condemned|condemns|criticised|criticized|criticises|criticizes|accused|accuses|informed|assured|assures|reported|reports|revealed|reveals|disclosed|discloses|estimated|estimates|calculated";

/// Any speech verb.
static SPEECH_VERB: LazyLock<Regex> =
    LazyLock::new(|| attribution_regex(&format!(r"(?-u:\b)(?:{VERBS}|according\s+to)(?-u:\b)")));

/// Words that may stand between a speaker and the verb ("has admitted",
/// "also said").
const AUX: &str =
    r"(?:(?:has|have|had|also|later|then|again|previously|repeatedly|once|earlier|\p{Ll}+ly)\s+)*";

/// Nouns that can head a speaker phrase without a name ("a U.S. official",
/// "Russia's foreign ministry"), as opposed to modifiers ("senior").
const ROLE_NOUNS: &str = "spokesman|spokeswoman|spokesperson|minister|secretary|official|ambassador|envoy|president|chief|director|analyst|fellow|adviser|advisor|general|representative|leader|negotiator|diplomat|researcher|professor|expert|correspondent|commander|ministry|agency|office|department|council|government|embassy|committee|commission|bureau|service|military|army|command|source|statement|media|newspaper|broadcaster|outlet";

/// Words that may stand inside a name or title but do not end one.
const MODIFIERS: &str = "cabinet|senior|deputy|fellow|foreign|defense|defence|prime|vice|policy|affairs|security|national|state|press|trade|finance|high|special|top|former|acting|news|unification|of|for|the|a|an";

/// A name: capitalized words, role nouns and modifiers (an optional article
/// first), ending with a capitalized word or a role noun.
static NAME: LazyLock<String> = LazyLock::new(|| {
    let word = format!(r"(?:\p{{Lu}}[\p{{L}}’'.\-]*|(?:{ROLE_NOUNS}|{MODIFIERS})(?-u:\b))");
    format!(r"{word}(?:\s+{word})*")
});

static AFTER_VERB: LazyLock<Regex> = LazyLock::new(|| {
    attribution_regex(&format!(
        r"^[\s,:;—–-]*(?:(?:{VERBS})|according\s+to)\s+({})",
        *NAME
    ))
});

static BEFORE_VERB: LazyLock<Regex> = LazyLock::new(|| {
    attribution_regex(&format!(
        r"^[\s,:;—–-]*({})(?:,[^,.“”\n]+,)?\s+{AUX}(?:{VERBS})(?-u:\b)",
        *NAME
    ))
});

static IN_SENTENCE: LazyLock<Regex> = LazyLock::new(|| {
    attribution_regex(&format!(
        r"(?:({name})(?:,[^,.“”\n]+,)?\s+{AUX}(?:{VERBS})(?-u:\b)|(?:{VERBS}|according\s+to)\s+({name}))",
        name = *NAME
    ))
});

static LEAD_IN: LazyLock<Regex> = LazyLock::new(|| {
    attribution_regex(&format!(
        r#"(?:({name})(?:,[^,.“”\n]+,)?\s+{AUX}(?:{VERBS})(?-u:\b)(?:\p{{Lu}}\.|[^.!?“”"«»「\n])*?|[Aa]ccording\s+to\s+({name})|({name})\s+{AUX}\p{{Ll}}+ed(?-u:\b)[^.!?“”"«»「\n]*?,\s+saying(?:\p{{Lu}}\.|[^.!?“”"«»「\n])*?)\s*[,:]?\s*$"#,
        name = *NAME
    ))
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

/// Days and months ("on Friday urged …" names no speaker).
fn is_date_word(w: &str) -> bool {
    const DATES: &[&str] = &[
        "Monday",
        "Tuesday",
        "Wednesday",
        "Thursday",
        "Friday",
        "Saturday",
        "Sunday",
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
        "Today",
        "Yesterday",
        "Tomorrow",
    ];
    DATES.contains(&w)
}

fn is_role_noun(w: &str) -> bool {
    ROLE_NOUNS.split('|').any(|r| r == w)
}

fn is_article(w: &str) -> bool {
    matches!(w, "a" | "an" | "the" | "A" | "An" | "The")
}

/// Trims a matched name to the speaker: a capitalized name without a
/// leading "the" or trailing title words ("Kremlin spokesman Dmitry
/// Peskov"), or a phrase headed by a role noun ("A U.S. official",
/// "Russia's foreign ministry"); `None` for pronouns and bare modifiers.
fn trim_name(text: &str, r: Range<usize>) -> Option<Range<usize>> {
    let s = &text[r.clone()];
    let mut words: Vec<(usize, &str)> = s
        .split_whitespace()
        .map(|w| (w.as_ptr() as usize - s.as_ptr() as usize, w))
        .collect();
    let capital = |w: &str| w.chars().next().is_some_and(char::is_uppercase);
    while words
        .last()
        .is_some_and(|(_, w)| !capital(w) && !is_role_noun(w))
    {
        words.pop();
    }
    let (_, last) = *words.last()?;
    if capital(last) {
        // A name: from its first capitalized word ("The" and sentence
        // openers such as "On", "But" aside).
        const OPENERS: &[&str] = &[
            "The",
            "On",
            "In",
            "At",
            "After",
            "Before",
            "During",
            "Since",
            "Last",
            "Earlier",
            "Later",
            "Then",
            "But",
            "And",
            "However",
            "Meanwhile",
            "Also",
            "When",
            "While",
            "As",
        ];
        while words
            .first()
            .is_some_and(|(_, w)| !capital(w) || OPENERS.contains(w))
        {
            words.remove(0);
        }
    } else {
        // A role phrase: from its article, else its first capitalized word
        // ("Russia's foreign ministry"); a bare role noun is too vague.
        let from = words
            .iter()
            .position(|(_, w)| is_article(w) || capital(w))?;
        words.drain(..from);
        if words.len() < 2 {
            return None;
        }
    }
    let (first, last) = (words.first()?, words.last()?);
    if words.len() == 1 && (PRONOUNS.contains(&first.1) || is_date_word(first.1)) {
        return None;
    }
    let last_word = last.1.trim_end_matches(['.', '’', '\'']);
    Some(r.start + first.0..r.start + last.0 + last_word.len())
}

/// The speaker named by the raw match `r`: a title followed by the name in
/// commas ("The leader of Ennahda, Rachid Ghannouchi, condemned …") is that
/// name; otherwise the match trimmed ([`trim_name`]).
fn speaker_name(text: &str, r: Range<usize>) -> Option<Range<usize>> {
    static NAMED_IN_COMMAS: LazyLock<Regex> = LazyLock::new(|| {
        attribution_regex(r"^,\s+(\p{Lu}[\p{L}’'.\-]*(?:\s+\p{Lu}[\p{L}’'.\-]*)+),")
    });
    let titled = text[r.clone()]
        .split_whitespace()
        .any(|w| w.chars().next().is_some_and(char::is_lowercase));
    if titled
        && let Some(m) = NAMED_IN_COMMAS
            .captures(&text[r.end..])
            .and_then(|c| c.get(1))
    {
        return Some(r.end + m.start()..r.end + m.end());
    }
    trim_name(text, r)
}

/// Whether the full stop at byte `dot` of `text` ends an abbreviation
/// ("U.S.", "Mr.") rather than a sentence.
fn is_abbreviation(text: &str, dot: usize) -> bool {
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
fn ends_sentence_at(text: &str, i: usize, c: char) -> bool {
    matches!(c, '!' | '?' | '。') || (c == '.' && !is_abbreviation(text, i))
}

/// The end of the sentence that `from` is in (stops at a line break).
fn sentence_end(text: &str, from: usize) -> usize {
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
fn sentence_start(text: &str, at: usize) -> usize {
    let line_start = text[..at].rfind('\n').map_or(0, |i| i + 1);
    text[line_start..at]
        .char_indices()
        .rev()
        .find(|&(i, c)| ends_sentence_at(text, line_start + i, c))
        .map_or(line_start, |(i, c)| line_start + i + c.len_utf8())
}

/// Who a quotation is attributed to.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Attribution {
    /// A name in the text (byte range).
    Named(Range<usize>),
    /// A pronoun ("he said", "what it called"): the speaker is named
    /// elsewhere; when the pronoun is not the sentence's subject, the
    /// sentence's subject (byte range) is its likeliest antecedent. `person`:
    /// he or she, who is no ministry or agency.
    Pronoun {
        /// The sentence's own subject, when the pronoun is not it.
        subject: Option<Range<usize>>,
        /// He or she (not it or they).
        person: bool,
    },
}

/// Whether a pronoun match names a person (he, she; 그, 그녀).
fn is_person_pronoun(m: &str) -> bool {
    m.split(|c: char| !c.is_alphanumeric())
        .any(|w| matches!(w, "he" | "He" | "she" | "She" | "그" | "그녀"))
}

/// Whether the phrase at `r` names an institution (its last word is one:
/// "the Treasury Department", "Russia's foreign ministry").
fn is_institution(text: &str, r: &Range<usize>) -> bool {
    const INSTITUTIONS: &[&str] = &[
        "ministry",
        "agency",
        "office",
        "department",
        "council",
        "government",
        "embassy",
        "committee",
        "commission",
        "bureau",
        "service",
        "military",
        "army",
        "command",
        "media",
        "newspaper",
        "broadcaster",
        "outlet",
        "house",
        "union",
        "organization",
        "institute",
        "kremlin",
        "parliament",
        "court",
        "bank",
        "group",
        "company",
    ];
    text[r.clone()]
        .rsplit(' ')
        .next()
        .is_some_and(|w| INSTITUTIONS.contains(&w.to_lowercase().as_str()))
}

static PRONOUN_AFTER: LazyLock<Regex> = LazyLock::new(|| {
    attribution_regex(&format!(
        r"^[\s,:;—–-]*(?:(?:he|she|they)\s+(?:{VERBS})(?-u:\b)|(?:{VERBS})\s+(?:he|she|they)(?-u:\b))"
    ))
});

static PRONOUN_BEFORE: LazyLock<Regex> = LazyLock::new(|| {
    attribution_regex(&format!(
        r#"(?-u:\b)(?:He|She|They|It|he|she|they|it)\s+{AUX}(?:{VERBS})(?-u:\b)(?:\p{{Lu}}\.|[^.!?“”"«»「\n])*?\s*[,:]?\s*$"#
    ))
});

/// A name followed by ", Full Name" (an appositive): "Japan's chief cabinet
/// secretary, Yoshimasa Hayashi".
static APPOSITIVE: LazyLock<Regex> =
    LazyLock::new(|| attribution_regex(r"^,\s+(\p{Lu}[\p{L}’'.\-]*(?:\s+\p{Lu}[\p{L}’'.\-]*)+)"));

/// Capitalized words at the start of a sentence: its subject, if a name
/// (after a dateline such as "SEOUL — ").
static SUBJECT: LazyLock<Regex> = LazyLock::new(|| {
    attribution_regex(
        r"^\s*(?:\p{Lu}[\p{Lu}\s.,']*\s[—–-]\s+)?(\p{Lu}[\p{L}’'.\-]*(?:\s+\p{Lu}[\p{L}’'.\-]*)*)",
    )
});

/// A lead-in that makes the quotation a label given by someone named after
/// it: "has been described as", "was called", "branded".
static PASSIVE_LEAD: LazyLock<Regex> = LazyLock::new(|| {
    attribution_regex(
        r"(?:described|called|branded|dubbed|labell?ed|termed)(?:\s+(?:it|them|this|that))?(?:\s+as)?\s*$",
    )
});

/// "… by X" right after the quotation.
static BY_AGENT: LazyLock<Regex> = LazyLock::new(|| {
    attribution_regex(&format!(
        r"^\s+by\s+((?:[Tt]he\s+|[Aa]n?\s+)?(?:[\p{{L}}’'.\-]+\s+){{0,4}}?(?:{ROLE_NOUNS})(?-u:\b)|{})",
        *NAME
    ))
});

/// Korean speech verbs after a quotative ending: “…”고 말했다, “…”라고 밝혔다.
static KO_AFTER: LazyLock<Regex> = LazyLock::new(|| {
    attribution_regex(
        r"^(?:라고|이라고|고|며|면서)\s*(?:[^\s.“”\x22]+\s+){0,3}?(?:말했|밝혔|지적했|강조했|설명했|주장했|경고했|덧붙였|전했|답했|우려했|비판했|언급했|강조|말하며|밝히며)",
    )
});

/// The topic or subject phrase that opens a Korean sentence: 외교부 대변인은.
static KO_SUBJECT: LazyLock<Regex> = LazyLock::new(|| {
    attribution_regex(r"^\s*((?:[^\s“”\x22]+\s+){0,3}?[^\s“”\x22]+?)(?:은|는|이|가)\s")
});

/// A Korean attribution ("외교부 대변인은 … “…”고 말했다"): the sentence's
/// subject, or a pronoun (그는, 그녀는).
fn korean_speaker(text: &str, q: &Range<usize>, lead_start: usize) -> Option<Attribution> {
    if !KO_AFTER.is_match(&text[q.end..]) {
        return None;
    }
    let lead = &text[lead_start..q.start];
    let m = KO_SUBJECT.captures(lead)?.get(1)?;
    let subject = m.as_str();
    if matches!(subject, "그" | "그녀" | "그들" | "이들") {
        return Some(Attribution::Pronoun {
            subject: None,
            person: matches!(subject, "그" | "그녀"),
        });
    }
    Some(Attribution::Named(
        lead_start + m.start()..lead_start + m.end(),
    ))
}

/// The speaker of the quotation at `q`: named right after it ("… ,” said X",
/// "…,” X said", "according to X"), in the rest of its sentence or the next
/// one, or right before it ("X said: “…”"); or a pronoun.
pub fn find_speaker(text: &str, q: &Range<usize>) -> Option<Attribution> {
    if let Some(a) = korean_speaker(text, q, sentence_start(text, q.start)) {
        return Some(a);
    }
    // Attributions never reach into the next paragraph.
    let para_end = text[q.end..].find('\n').map_or(text.len(), |i| q.end + i);
    let after = &text[q.end..para_end];
    let capture = |re: &Regex, hay: &str, base: usize| {
        re.captures(hay).and_then(|c| {
            let m = c.get(1).or_else(|| c.get(2))?;
            speaker_name(text, base + m.start()..base + m.end())
        })
    };
    let named = |r: Range<usize>| Some(Attribution::Named(resolve_definite(text, r, q.start)));
    let inner = text[q.clone()]
        .trim_end_matches(|c: char| !c.is_alphanumeric() && !matches!(c, '.' | '!' | '?'));
    let ends_sentence = inner.ends_with(['.', '!', '?']);
    // "… areas.” Peskov said …" starts a new sentence about something else;
    // after “…!” or “…?” the attribution may still follow ("she asked").
    if !inner.ends_with('.') {
        if let Some(c) = AFTER_VERB.captures(after)
            && let Some(m) = c.get(1)
        {
            // "said Japan's chief cabinet secretary, Yoshimasa Hayashi": the name.
            let raw_end = q.end + m.end();
            if let Some(a) = APPOSITIVE.captures(&text[raw_end..]).and_then(|c| c.get(1)) {
                let start =
                    trim_name(text, q.end + m.start()..raw_end).map_or(raw_end, |r| r.start);
                return named(start..raw_end + a.end());
            }
            if let Some(r) = trim_name(text, q.end + m.start()..raw_end) {
                return named(r);
            }
        }
        if let Some(r) = capture(&BEFORE_VERB, after, q.end) {
            return named(r);
        }
        // "described as “heartbreaking” by the conservation department"
        let lead = &text[sentence_start(text, q.start)..q.start];
        if PASSIVE_LEAD.is_match(lead)
            && let Some(r) = capture(&BY_AGENT, after, q.end)
        {
            return named(r);
        }
        if let Some(m) = PRONOUN_AFTER.find(after) {
            return Some(Attribution::Pronoun {
                subject: None,
                person: is_person_pronoun(m.as_str()),
            });
        }
    }
    // Rest of this sentence, then the next one (a quotation ending in a
    // full stop ends its sentence: then only the next one). A next sentence
    // with a quotation of its own attributes that one, not this.
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
    // Before: the sentence the quotation stands in, up to the quotation.
    let lead_start = sentence_start(text, q.start);
    let lead = &text[lead_start..q.start];
    // The nearest attribution before the quotation: "X said the plan,
    // which Y called “…”" is Y's.
    let mut nearest = None;
    let mut from = 0;
    while let Some(c) = LEAD_IN.captures_at(lead, from) {
        let Some(m) = c.get(1).or_else(|| c.get(2)).or_else(|| c.get(3)) else {
            break;
        };
        nearest = Some(lead_start + m.start()..lead_start + m.end());
        from = m.end();
    }
    if let Some(r) = nearest.and_then(|r| speaker_name(text, r)) {
        return named(r);
    }
    if let Some(m) = PRONOUN_BEFORE.find(lead) {
        // "South Korea urged Moscow to stop what it called …": the subject.
        let subject = SUBJECT
            .captures(&lead[..m.start()])
            .and_then(|c| c.get(1))
            .and_then(|s| trim_name(text, lead_start + s.start()..lead_start + s.end()))
            .filter(|r| plausible_subject(text, r));
        return Some(Attribution::Pronoun {
            subject,
            person: is_person_pronoun(m.as_str()),
        });
    }
    None
}

/// Whether capitalized words opening a sentence name its subject: several
/// words ("South Korea"), or one that is not an opener such as "Talking
/// about …," or "Earlier, …".
fn plausible_subject(text: &str, r: &Range<usize>) -> bool {
    let words = &text[r.clone()];
    if words.contains(' ') {
        return true;
    }
    let next = text[r.end..].chars().next();
    !(words.ends_with("ing") || words.ends_with("ed") || next == Some(','))
}

/// "the official" / "the diplomat": the fuller mention of the same role
/// earlier in this or the previous paragraph ("A U.S. official, who asked
/// not to be named") and before the quotation at `quote_start`, else the
/// phrase itself.
fn resolve_definite(text: &str, r: Range<usize>, quote_start: usize) -> Range<usize> {
    let phrase = &text[r.clone()];
    let Some(rest) = phrase
        .strip_prefix("the ")
        .or_else(|| phrase.strip_prefix("The "))
    else {
        return r;
    };
    let head = rest.rsplit(' ').next().unwrap_or(rest);
    if !is_role_noun(head) {
        return r;
    }
    // Role nouns are plain lowercase words: nothing to escape.
    let Ok(indefinite) = Regex::new(&format!(
        r"(?-u:\b)[Aa]n?\s+(?:[\p{{L}}.’'\-]+\s+){{0,4}}?{head}(?-u:\b)"
    )) else {
        return r;
    };
    let this_para = text[..r.start].rfind("\n\n").map_or(0, |i| i + 2);
    let from = if this_para == 0 {
        0
    } else {
        text[..this_para - 2].rfind("\n\n").map_or(0, |i| i + 2)
    };
    let until = r.start.min(quote_start);
    if from >= until {
        return r;
    }
    indefinite
        .find_iter(&text[from..until])
        .last()
        .map_or(r, |m| from + m.start()..from + m.end())
}

/// The subject named at the start of the sentence before `at` in its
/// paragraph ("Kaja Kallas, the EU's top diplomat, struck a similar tone.").
fn previous_subject(text: &str, at: usize) -> Option<Range<usize>> {
    let start = sentence_start(text, at);
    let line_start = text[..at].rfind('\n').map_or(0, |i| i + 1);
    if start <= line_start {
        return None;
    }
    subject_of_sentence(text, sentence_start(text, start - 1))
}

/// The subject of the paragraph before the one `at` is in: of its last
/// sentence naming one, from the end ("Mr Obama has faced criticism. However,
/// the president said …" then "… he said").
fn previous_paragraph_subject(text: &str, at: usize) -> Option<Range<usize>> {
    let line_start = text[..at].rfind('\n').map_or(0, |i| i + 1);
    let before = text[..line_start].trim_end();
    let para_start = before.rfind('\n').map_or(0, |i| i + 1);
    let mut end = before.len();
    while end > para_start {
        let last = end - before[..end].chars().next_back().map_or(1, char::len_utf8);
        let start = sentence_start(text, last).max(para_start);
        if let Some(r) = subject_of_sentence(text, start) {
            return Some(r);
        }
        end = start;
        // Step back over the previous sentence's end mark and spaces.
        end = before[para_start..end].trim_end().len() + para_start;
    }
    None
}

/// The capitalized words opening the sentence at `start`, if a name of
/// several words.
fn subject_of_sentence(text: &str, start: usize) -> Option<Range<usize>> {
    let end = sentence_end(text, start);
    let m = SUBJECT.captures(&text[start..end])?.get(1)?;
    let r = trim_name(text, start + m.start()..start + m.end())?;
    // One capitalized word may be any sentence opener ("Earlier, …").
    text[r.clone()].contains(' ').then_some(r)
}

/// Whether the quotation at `q` starts its sentence ("“…,” he said" or a
/// quotation standing alone), rather than standing inside one.
fn starts_sentence(text: &str, q: &Range<usize>) -> bool {
    text[sentence_start(text, q.start)..q.start]
        .trim()
        .is_empty()
}

/// Every quotation of `text` with its speaker. A pronoun ("she said") is
/// resolved to the subject of its own sentence when it is not that subject
/// ("Seoul urged … what it called …"), else to the speaker last named in the
/// paragraph, else to the subject of the sentence before; a quotation
/// without attribution that starts a sentence right after an attributed
/// quotation in the same paragraph continues it.
pub fn quotes_with_speakers(text: &str) -> Vec<Quote> {
    let mut out: Vec<Quote> = Vec::new();
    for range in find_quotes(text) {
        let paragraph = text[..range.start].rfind("\n\n").map_or(0, |i| i + 2);
        let previous_paragraph =
            (paragraph > 0).then(|| text[..paragraph - 2].rfind("\n\n").map_or(0, |i| i + 2));
        let last_here = out
            .iter()
            .rev()
            .take_while(|q| q.range.start >= paragraph)
            .find_map(|q| q.speaker.clone());
        // The speaker of the previous paragraph's last attributed quotation.
        let last_before = || {
            let from = previous_paragraph?;
            out.iter()
                .rev()
                .skip_while(|q| q.range.start >= paragraph)
                .take_while(|q| q.range.start >= from)
                .find_map(|q| q.speaker.clone())
        };
        let previous = out.last();
        let speaker = match find_speaker(text, &range) {
            Some(Attribution::Named(r)) => Some(r),
            Some(Attribution::Pronoun { subject, person }) => {
                // He or she is a person: never "the Treasury Department".
                let fits = |r: &Range<usize>| !person || !is_institution(text, r);
                subject
                    .filter(fits)
                    .or(last_here.filter(fits))
                    .or_else(|| previous_subject(text, range.start).filter(fits))
                    .or_else(|| last_before().filter(fits))
                    .or_else(|| previous_paragraph_subject(text, range.start).filter(fits))
            }
            // In the same sentence as an attributed quotation: the same
            // speaker ("X called it “…” and “…”").
            None if previous
                .is_some_and(|q| q.range.start >= sentence_start(text, range.start)) =>
            {
                previous.and_then(|q| q.speaker.clone())
            }
            // A quotation opening a sentence right after an attributed one
            // continues it, also when it opens the next paragraph.
            None if starts_sentence(text, &range) => {
                let opens_paragraph = text[paragraph..range.start].trim().is_empty();
                previous
                    .filter(|q| {
                        q.range.start >= paragraph
                            || (opens_paragraph
                                && previous_paragraph.is_some_and(|p| q.range.start >= p))
                    })
                    .and_then(|q| q.speaker.clone())
            }
            // A quotation inside a sentence with no speech verb of its own
            // ("Abbas “has put aside …”" right after "… ,” Obama said")
            // goes on quoting the same speaker.
            None if !SPEECH_VERB
                .is_match(&text[sentence_start(text, range.start)..range.start]) =>
            {
                previous
                    .filter(|q| q.range.start >= paragraph)
                    .and_then(|q| q.speaker.clone())
            }
            None => None,
        };
        // A speaker is never inside the quotation it speaks.
        let speaker = speaker.filter(|r| r.end <= range.start || r.start >= range.end);
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

    #[test]
    fn roles_abbreviations_pronouns_and_sentence_ends() {
        // A speaker phrase headed by a role, across "U.S." (not a sentence end).
        assert_eq!(
            speaker("A U.S. official, who asked not to be named, said the U.S. would “act”."),
            Some("A U.S. official")
        );
        // "the official" is the official mentioned before.
        let t = "A senior EU diplomat spoke first. “No,” the diplomat said.";
        assert_eq!(
            quotes_with_speakers(t)
                .last()
                .and_then(|q| q.speaker.clone())
                .map(|r| &t[r]),
            Some("A senior EU diplomat")
        );
        // Unresolved: the phrase itself.
        assert_eq!(speaker("“No,” the ministry said."), Some("the ministry"));
        // Institutions and media.
        assert_eq!(
            speaker("North Korean state media described the talks as “candid”."),
            Some("North Korean state media")
        );
        assert_eq!(
            speaker("Russia's foreign ministry called the plans «illegal»."),
            Some("Russia's foreign ministry")
        );
        // A pronoun inside the sentence stands for its subject.
        assert_eq!(
            speaker("SEOUL — South Korea urged Moscow to stop what it called a “bargain”."),
            Some("South Korea")
        );
        // A quotation ending in a full stop is not the next sentence's.
        assert_eq!(
            speaker("Kim wrote that ties would “deepen.” Peskov said the rest “is fine.”"),
            Some("Kim")
        );
        // After “…?” the attribution may still follow.
        assert_eq!(
            speaker("“Why now?” asked Kim Yo-jong."),
            Some("Kim Yo-jong")
        );
        // Never from the next paragraph.
        assert_eq!(
            speaker("The word “firmly” stood out.\n\nPeskov said so."),
            None
        );
        // A quotation inside another subject's sentence does not continue
        // the previous speaker's.
        let t = "“Yes,” Kim said. Officials called it “late”.";
        let q = quotes_with_speakers(t);
        assert_eq!(q[1].speaker, None);
    }

    #[test]
    fn korean_attributions() {
        let t = "외교부 대변인은 정례 브리핑에서 “독자 제재를 검토하고 있다”고 말했다.";
        assert_eq!(speaker(t), Some("외교부 대변인"));
        let t = "한 연구위원은 “가능성을 배제할 수 없다”고 지적했다.";
        assert_eq!(speaker(t), Some("한 연구위원"));
        // 그는 (he): the speaker named before in the paragraph.
        let t = "김 장관은 “단호히 대응하겠다”고 밝혔다. 그는 “제재도 검토한다”고 덧붙였다.";
        let q = quotes_with_speakers(t);
        assert_eq!(q[1].speaker.clone().map(|r| &t[r]), Some("김 장관"));
        // A quoted phrase without a speech verb has no speaker.
        assert_eq!(
            speaker("정부, 북러 군사협력에 “단호히 대응”…독자 제재 검토"),
            None
        );
    }

    #[test]
    fn attributions_seen_in_real_coverage() {
        // Auxiliaries, more speech verbs, a longer lead-in.
        assert_eq!(
            speaker("President Barack Obama has admitted that his failure to pass “laws” hurts."),
            Some("President Barack Obama")
        );
        // A passive label: "described as “…” by X".
        assert_eq!(
            speaker(
                "The strandings have been described as “heartbreaking” by the conservation department."
            ),
            Some("the conservation department")
        );
        // "he said" at the start of a paragraph: the subject of the paragraph
        // before, from its last sentence naming one.
        let t = "Mr Obama has faced criticism. However, in his interview, the president said more.\n\n“I am not a fan of bullying,” he said.";
        assert_eq!(
            quotes_with_speakers(t)[0].speaker.clone().map(|r| &t[r]),
            Some("Mr Obama")
        );
        // A weekday names no one; "he" is no department.
        assert_eq!(
            speaker("SEOUL — On Friday urged to stop what it called a “bargain”."),
            None
        );
        let t =
            "The Treasury Department has designated 40 entities.\n\n“We will respond,” he said.";
        assert_eq!(quotes_with_speakers(t)[0].speaker, None);
        // A second quotation in the same sentence: the same speaker.
        let t = "Mr Obama said it was “distressing” not to act “even in the face of killings”.";
        assert_eq!(
            quotes_with_speakers(t)[1].speaker.clone().map(|r| &t[r]),
            Some("Mr Obama")
        );
    }

    #[test]
    fn a_title_then_the_name_in_commas() {
        assert_eq!(
            speaker(
                "The leader of Ennahda, Rachid Ghannouchi, condemned the attack, saying that it “will not break us.”"
            ),
            Some("Rachid Ghannouchi")
        );
        assert_eq!(
            speaker("Kaja Kallas, the EU's top diplomat, said “enough”."),
            Some("Kaja Kallas")
        );
    }

    #[test]
    fn adverbs_and_saying() {
        assert_eq!(
            speaker("Netanyahu strongly warned against making a “bad deal” in Congress."),
            Some("Netanyahu")
        );
        assert_eq!(
            speaker("Emery retweeted the story, saying, “Are there any?”"),
            Some("Emery")
        );
    }

    #[test]
    fn a_quoted_fragment_without_its_own_verb_goes_on_quoting() {
        let t = "“Leaders took risks,” Obama said in his speech. Abbas “has put aside efforts.”";
        assert_eq!(
            quotes_with_speakers(t)[1].speaker.clone().map(|r| &t[r]),
            Some("Obama")
        );
    }
}
