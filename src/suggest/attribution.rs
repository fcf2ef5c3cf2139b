//! Who said a quotation: the attribution next to it ("said X", "X told",
//! "according to X", Korean “…”고 말했다, Arabic «…»، قال X, Persian X
//! گفت: «…», Hebrew "…", אמר X), role phrases ("a U.S. official"),
//! pronouns and earlier mentions resolved by the quote finder.

use super::sentences::{sentence_end, sentence_start};
use regex::Regex;
use std::ops::Range;
use std::sync::LazyLock;

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
pub(super) static SPEECH_VERB: LazyLock<Regex> =
    LazyLock::new(|| attribution_regex(&format!(r"(?-u:\b)(?:{VERBS}|according\s+to)(?-u:\b)")));

/// Words that may stand between a speaker and the verb ("has admitted",
/// "also said").
const AUX: &str =
    r"(?:(?:has|have|had|also|later|then|again|previously|repeatedly|once|earlier|\p{Ll}+ly)\s+)*";

/// Nouns that can head a speaker phrase without a name ("a U.S. official",
/// "Russia's foreign ministry"), as opposed to modifiers ("senior").
const ROLE_NOUNS: &str = "spokesman|spokeswoman|spokesperson|minister|secretary|official|ambassador|envoy|president|chief|director|analyst|fellow|adviser|advisor|general|representative|leader|negotiator|diplomat|researcher|professor|expert|correspondent|commander|ministry|agency|office|department|council|government|embassy|committee|commission|bureau|service|military|army|command|source|statement|media|newspaper|broadcaster|outlet|report|study|survey|letter|filing|memo|ruling|tweet|indictment|complaint|lawsuit";

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

/// Capitalized words that open a sentence but no name ("On Friday", "As
/// the report states").
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
        // openers aside).
        while words
            .first()
            .is_some_and(|(_, w)| !capital(w) || OPENERS.contains(w))
        {
            words.remove(0);
        }
    } else {
        // A role phrase: from its article, else its first capitalized word
        // ("Russia's foreign ministry"), openers aside; a bare role noun is
        // too vague.
        let from = words
            .iter()
            .position(|(_, w)| is_article(w) || (capital(w) && !OPENERS.contains(w)))?;
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
pub(super) fn is_institution(text: &str, r: &Range<usize>) -> bool {
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
        r"^(?:라고|이라고|고|며|면서)\s*(?:[^\s.“”\x22]+\s+){0,6}?(?:말했|밝혔|지적했|강조했|설명했|주장했|경고했|덧붙였|전했|답했|우려했|비판했|언급했|강조|말하며|밝히며)",
    )
});

/// The topic or subject phrase that opens a Korean sentence: 외교부 대변인은.
static KO_SUBJECT: LazyLock<Regex> = LazyLock::new(|| {
    attribution_regex(r"^\s*((?:[^\s“”\x22]+\s+){0,3}?[^\s“”\x22]+?)(?:은|는|이|가)\s")
});

/// A Korean attribution ("외교부 대변인은 … “…”고 말했다"): the sentence's
/// subject, or a pronoun (그는, 그녀는).
fn korean_speaker(text: &str, q: &Range<usize>, lead_start: usize) -> Option<Attribution> {
    /// The subject between the quotative and the verb: “…”고 김 장관이 말했다.
    static KO_SUBJECT_AFTER: LazyLock<Regex> = LazyLock::new(|| {
        attribution_regex(
            r"^(?:라고|이라고|고)\s+((?:[^\s.“”\x22]+\s+){0,3}?[^\s.“”\x22]+?)(?:은|는|이|가)\s",
        )
    });
    let after = &text[q.end..];
    if !KO_AFTER.is_match(after) {
        return None;
    }
    let (m, base) = match KO_SUBJECT_AFTER.captures(after).and_then(|c| c.get(1)) {
        Some(m) => (m, q.end),
        None => (
            KO_SUBJECT.captures(&text[lead_start..q.start])?.get(1)?,
            lead_start,
        ),
    };
    let subject = m.as_str();
    if matches!(subject, "그" | "그녀" | "그들" | "이들") {
        return Some(Attribution::Pronoun {
            subject: None,
            person: matches!(subject, "그" | "그녀"),
        });
    }
    Some(Attribution::Named(base + m.start()..base + m.end()))
}

/// A word of an Arabic, Persian or Hebrew attribution (no punctuation or
/// quotation mark).
const RTL_WORD: &str = r#"[^\s.,،:؛«»"“”()\[\]]+"#;

/// Speech verbs that come before their subject (Arabic and Hebrew:
/// «…»، قال X / "…", אמר X / وأضاف X: «…»), with the conjunctions و and ف.
const RTL_VERB_FIRST: &str = "(?:و|ف)?(?:قال|قالت|أضاف|أضافت|أكد|أكدت|صرح|صرّح|صرحت|أوضح|أوضحت|تابع|تابعت|ذكر|ذكرت|أعلن|أعلنت|أشار|أشارت|حذر|حذّر|حذرت)|אמר|אמרה|הוסיף|הוסיפה|ציין|ציינה|הדגיש|הדגישה|מסר|מסרה";

/// Speech verbs that follow their subject (Persian, and Hebrew's other
/// order): X گفت: «…» / «…»، X گفت.
const RTL_VERB_LAST: &str = r"گفت|افزود|اظهار\s+داشت|تاکید\s+کرد|تأکید\s+کرد|اعلام\s+کرد|نوشت|هشدار\s+داد|אמר|אמרה|הוסיף|הוסיפה";

/// "According to": بحسب، وفقا ل، به گفته، לדברי، לפי.
const RTL_ACCORDING: &str = "بحسب|حسب|وفقا\\s+ل|وفقاً\\s+ل|على\\s+حد\\s+قول|به\\s+گفته|לדברי|לפי";

/// Words that end an Arabic, Persian or Hebrew subject: prepositions,
/// "that", time words.
fn rtl_subject_stop(w: &str) -> bool {
    matches!(
        w,
        "في" | "خلال"
            | "إن"
            | "أن"
            | "بأن"
            | "على"
            | "أمس"
            | "اليوم"
            | "يوم"
            | "أمام"
            | "لـ"
            | "در"
            | "که"
            | "روز"
            | "امروز"
            | "دیروز"
            | "به"
            | "כי"
            | "היום"
            | "אתמול"
            | "בראיון"
            | "אל"
            | "על"
    )
}

/// Pronouns standing for a person named earlier: هو، هي، وی، او، הוא، היא.
fn rtl_pronoun(w: &str) -> bool {
    matches!(w, "هو" | "هي" | "وی" | "او" | "הוא" | "היא")
}

/// The subject words of an Arabic, Persian or Hebrew attribution: `m`
/// (byte range in `text`) cut at the first stop word; a pronoun is a
/// pronoun.
fn rtl_subject(text: &str, m: Range<usize>) -> Option<Attribution> {
    let hay = &text[m.clone()];
    let (mut end, mut pos) = (0, 0);
    for w in hay.split_whitespace() {
        let at = pos + hay[pos..].find(w).unwrap_or(0);
        if rtl_subject_stop(w) {
            break;
        }
        end = at + w.len();
        pos = end;
    }
    let r = m.start..m.start + end;
    let words = text[r.clone()].trim();
    if words.is_empty() {
        return None;
    }
    if rtl_pronoun(words) {
        return Some(Attribution::Pronoun {
            subject: None,
            person: true,
        });
    }
    Some(Attribution::Named(r))
}

/// An Arabic, Persian or Hebrew attribution next to the quotation at `q`
/// (the sentence starting at `lead_start`).
fn rtl_speaker(text: &str, q: &Range<usize>, lead_start: usize) -> Option<Attribution> {
    static AFTER_VERB: LazyLock<Regex> = LazyLock::new(|| {
        attribution_regex(&format!(
            r"^\s*[،,]?\s*(?:{RTL_VERB_FIRST}|{RTL_ACCORDING})\s+((?:{RTL_WORD}\s+){{0,7}}?{RTL_WORD})\s*(?:[.،,:؛]|$)"
        ))
    });
    static AFTER_SUBJECT: LazyLock<Regex> = LazyLock::new(|| {
        attribution_regex(&format!(
            r"^\s*[،,]?\s*((?:{RTL_WORD}\s+){{0,5}}?{RTL_WORD})\s+(?:{RTL_VERB_LAST})(?:\s|[.،,:؛]|$)"
        ))
    });
    static BEFORE_VERB: LazyLock<Regex> = LazyLock::new(|| {
        attribution_regex(&format!(
            r"^\s*(?:{RTL_VERB_FIRST}|{RTL_ACCORDING})\s+((?:{RTL_WORD}\s+){{0,9}}?{RTL_WORD})\s*(?:[:،,]|\s+(?:إن|أن|بأن|כי)\s|$)"
        ))
    });
    static BEFORE_SUBJECT: LazyLock<Regex> = LazyLock::new(|| {
        attribution_regex(&format!(
            r"^\s*(?:و\s*)?((?:{RTL_WORD}\s+){{0,5}}?{RTL_WORD})\s+(?:{RTL_VERB_LAST})\s*[:،,]?\s*$"
        ))
    });
    let para_end = text[q.end..].find('\n').map_or(text.len(), |i| q.end + i);
    let after = &text[q.end..para_end];
    let lead = &text[lead_start..q.start];
    if !crate::model::bidi::has_rtl(after) && !crate::model::bidi::has_rtl(lead) {
        return None;
    }
    let group = |re: &Regex, hay: &str, base: usize| {
        re.captures(hay)
            .and_then(|c| c.get(1))
            .map(|m| base + m.start()..base + m.end())
    };
    group(&AFTER_VERB, after, q.end)
        .or_else(|| group(&AFTER_SUBJECT, after, q.end))
        .or_else(|| group(&BEFORE_SUBJECT, lead, lead_start))
        .or_else(|| group(&BEFORE_VERB, lead, lead_start))
        .and_then(|m| rtl_subject(text, m))
}

/// The speaker of the quotation at `q`: named right after it ("… ,” said X",
/// "…,” X said", "according to X"), in the rest of its sentence or the next
/// one, or right before it ("X said: “…”"); or a pronoun.
pub fn find_speaker(text: &str, q: &Range<usize>) -> Option<Attribution> {
    let lead_start = sentence_start(text, q.start);
    if let Some(a) = korean_speaker(text, q, lead_start) {
        return Some(a);
    }
    if let Some(a) = rtl_speaker(text, q, lead_start) {
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
pub(super) fn previous_subject(text: &str, at: usize) -> Option<Range<usize>> {
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
pub(super) fn previous_paragraph_subject(text: &str, at: usize) -> Option<Range<usize>> {
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
