//! The quote finder: text between paired quotation marks of any script and
//! style, and the speaker named by the attribution next to it
//! ([`super::attribution`]).

pub use super::attribution::{Attribution, find_speaker};
use super::attribution::{
    SPEECH_VERB, is_institution, previous_paragraph_subject, previous_subject,
};
use super::sentences::{sentence_start, starts_sentence};
use std::ops::Range;

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
    fn arabic_persian_and_hebrew_attributions() {
        // Arabic: the verb first, before or after the quotation.
        let t = "وأضاف ميلر في مؤتمر صحفي: «سنتخذ كل الإجراءات اللازمة».";
        assert_eq!(speaker(t), Some("ميلر"));
        let t = "قال المتحدث باسم وزارة الخارجية ماثيو ميلر إن واشنطن «لن تتردد» في فرض عقوبات.";
        assert_eq!(speaker(t), Some("المتحدث باسم وزارة الخارجية ماثيو ميلر"));
        let t = "«العقوبات قادمة»، قال وزير الخارجية أمس.";
        assert_eq!(speaker(t), Some("وزير الخارجية"));
        let t = "«لا تغيير في الموقف»، بحسب وكالة يونهاب.";
        assert_eq!(speaker(t), Some("وكالة يونهاب"));
        // Persian: the subject first; ZWNJ inside words; a pronoun.
        let t = "سخنگوی وزارت امور خارجه گفت: «ما تحریم‌های یک‌جانبه را به رسمیت نمی‌شناسیم.»";
        assert_eq!(speaker(t), Some("سخنگوی وزارت امور خارجه"));
        let t = "«گفت‌وگوها ادامه دارد»، وزیر خارجه گفت.";
        assert_eq!(speaker(t), Some("وزیر خارجه"));
        let t = "به گفته خبرگزاری ایرنا، «نشست بعدی در مسکو است».";
        assert_eq!(speaker(t), Some("خبرگزاری ایرنا"));
        let q = quotes_with_speakers("وی گفت: «نه».");
        assert_eq!(q.len(), 1);
        // Hebrew: "according to" before, the verb after.
        let t = "לדברי הדובר, \"אין כוונה להטיל סנקציות\" על חברות.";
        assert_eq!(speaker(t), Some("הדובר"));
        let t = "\"לא נהסס\", אמר שר החוץ.";
        assert_eq!(speaker(t), Some("שר החוץ"));
        // « » pair as quotation marks in either script.
        assert_eq!(quotes("قال: «نعم» ثم غادر."), ["«نعم»"]);
        // English is untouched.
        assert_eq!(speaker("“We will act,” Miller said."), Some("Miller"));
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
        // The speaker after the quotation.
        let t = "“제재를 검토하고 있다”고 외교부 대변인이 정례 브리핑에서 말했다.";
        assert_eq!(speaker(t), Some("외교부 대변인"));
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

    #[test]
    fn documents_as_sources() {
        assert_eq!(
            speaker("As the report states: “The birth lottery matters more.”"),
            Some("the report")
        );
    }
}
