use super::*;
use crate::model::CreationInfo;

/// A real-style news article of our own: quotations in several styles,
/// attributed before, after and in the next sentence, one not attributed.
pub(crate) const ARTICLE: &str = "Washington warns Pyongyang and Moscow over arms deal\n\n\
The United States will not hesitate to impose further sanctions on entities that help North Korea acquire military technology, a State Department spokesman said Thursday.\n\n\
“We won’t hesitate to take action against any individuals or entities that facilitate arms transfers,” said State Department spokesman Matthew Miller at a regular briefing.\n\n\
Russian Defense Minister Andrei Belousov told reporters in Pyongyang: “Our cooperation will only deepen.”\n\n\
The European Union would consider applying its own sanctions against companies involved, EU foreign policy chief Kaja Kallas said. \"All options are on the table,\" Kallas added.\n\n\
“Moscow needs shells and Pyongyang needs cash and technology.\n\n\
“That bargain will outlast any single visit,” said Cha Du-hyeon, a senior fellow at the Asan Institute for Policy Studies.\n\n\
Officials described the talks as “frank” and “constructive”. The Treasury Department has designated more than 40 entities since 2023.\n\n\
“We will respond firmly,” he said.";

fn project() -> Project {
    let mut p = Project::new("p", CreationInfo::now("t"));
    p.documents.push(Document::new("d1", "Arms deal", ARTICLE));
    p
}

fn texts(s: &[Suggestion], rule: &str) -> Vec<String> {
    s.iter()
        .filter(|x| x.rule == rule)
        .map(|x| x.text.clone())
        .collect()
}

#[test]
fn the_quote_finder_proposes_every_quotation_and_its_speaker() {
    let p = project();
    let s = suggest(&p, None, Some(&[QUOTE_RULE.to_owned()])).unwrap();
    let quotes: Vec<(&str, Option<&str>)> = s
        .iter()
        .map(|x| {
            (
                x.text.as_str(),
                x.speaker.as_ref().map(|sp| sp.text.as_str()),
            )
        })
        .collect();
    assert_eq!(
        quotes,
        [
            (
                "“We won’t hesitate to take action against any individuals or entities that facilitate arms transfers,”",
                Some("State Department spokesman Matthew Miller")
            ),
            (
                "“Our cooperation will only deepen.”",
                Some("Russian Defense Minister Andrei Belousov")
            ),
            ("\"All options are on the table,\"", Some("Kallas")),
            (
                "“Moscow needs shells and Pyongyang needs cash and technology.\n\n“That bargain will outlast any single visit,”",
                Some("Cha Du-hyeon")
            ),
            ("“frank”", None),
            ("“constructive”", None),
            ("“We will respond firmly,”", None),
        ]
    );
    // Offsets are code points into the text: Python's text[start:end].
    for x in &s {
        let t: String = ARTICLE
            .chars()
            .skip(x.start)
            .take(x.end - x.start)
            .collect();
        assert_eq!(t, x.text);
    }
}

#[test]
fn dictionaries_match_inflections_and_patterns_match_phrasing() {
    let p = project();
    let s = suggest(&p, None, None).unwrap();
    let threats = texts(&s, "sanction_language");
    // The longest match wins over the ones inside it.
    assert!(
        threats.contains(&"will not hesitate to impose further sanctions".to_owned()),
        "{threats:?}"
    );
    assert!(
        !threats.contains(&"impose further sanctions".to_owned()),
        "{threats:?}"
    );
    assert!(
        threats.contains(&"won’t hesitate".to_owned()),
        "{threats:?}"
    );
    assert!(
        threats.contains(&"would consider applying its own sanctions".to_owned()),
        "{threats:?}"
    );
    let entities = texts(&s, "institutions");
    assert!(
        entities.contains(&"State Department".to_owned()),
        "{entities:?}"
    );
    assert!(
        entities.contains(&"European Union".to_owned()),
        "{entities:?}"
    );
    assert!(
        entities.contains(&"Treasury Department".to_owned()),
        "{entities:?}"
    );

    let re = Regex::new(&phrase_regex("impose sanctions")).unwrap();
    for t in [
        "imposed sanctions",
        "imposing sanctions",
        "imposes sanction",
        "impose sanctions",
    ] {
        assert!(re.is_match(t), "{t}");
    }
    assert!(!re.is_match("imposter sanctions"));
    let re = Regex::new(&phrase_regex("freeze assets")).unwrap();
    assert!(re.is_match("froze assets") || re.is_match("freezing assets"));
}

#[test]
fn apply_accept_reject_counts_and_undo() {
    let mut p = project();
    let original = p.clone();
    let mut ids = IdGen::seeded(1);
    let s = suggest(&p, Some("d1"), None).unwrap();
    let n_quotes = s.iter().filter(|x| x.rule == QUOTE_RULE).count();
    let edit = add_suggestions(&p, &s, &mut ids);
    let undo_apply = edit.apply(&mut p).unwrap();
    assert!(
        crate::model::validate(&p).is_empty(),
        "{:?}",
        crate::model::validate(&p)
    );
    let d = &p.documents[0];
    assert!(d.spans.iter().all(|x| x.suggested && !x.rule.is_empty()));
    assert_eq!(
        d.relations.len(),
        4,
        "one attributed_to per attributed quote"
    );
    let miller = d
        .spans
        .iter()
        .find(|x| x.label == "quote" && x.annotator == QUOTE_RULE)
        .unwrap();
    assert!(miller.suggested);
    // Nothing new the second time.
    assert!(suggest(&p, None, None).unwrap().is_empty());

    // Accept one quote, reject another.
    let q: Vec<String> = d
        .spans
        .iter()
        .filter(|x| x.label == "quote")
        .map(|x| x.id.clone())
        .collect();
    let before = p.clone();
    let a = accept(&p.documents[0], &q[0], "kim").unwrap();
    let undo_a = a.apply(&mut p).unwrap();
    let r = reject(&p.documents[0], &q[1]).unwrap();
    let undo_r = r.apply(&mut p).unwrap();
    let counts = rule_counts(&p.documents);
    let c = counts[QUOTE_RULE];
    assert_eq!((c.accepted, c.rejected), (1, 1));
    assert_eq!(c.pending, n_quotes - 2 + 4, "other quotes and the speakers");
    assert_eq!(p.documents[0].span(&q[0]).unwrap().annotator, "kim");
    // A rejected suggestion is not proposed again in that document.
    let again = suggest(&p, None, Some(&[QUOTE_RULE.to_owned()])).unwrap();
    assert!(again.is_empty(), "{again:?}");
    // Undo both: back to where we were; undo the apply: the original.
    undo_r.apply(&mut p).unwrap();
    undo_a.apply(&mut p).unwrap();
    assert_eq!(p, before);
    undo_apply.apply(&mut p).unwrap();
    assert_eq!(p, original);

    // Accept or reject all of one rule in one edit.
    let mut p2 = before.clone();
    let all = settle_rule(&p2.documents[0], "institutions", false, "kim", |_| true);
    all.apply(&mut p2).unwrap();
    let c = rule_counts(&p2.documents)["institutions"];
    assert_eq!(c.pending, 0);
    assert!(c.rejected >= 3);
}

#[test]
fn more_like_this_finds_repeats_across_the_project() {
    let mut p = project();
    p.documents.push(Document::new(
        "d2",
        "Two",
        "Kallas spoke. Later Kallas left.",
    ));
    let d = &p.documents[0];
    let k = d.text.find("Kallas said").unwrap();
    let start = d.text[..k].chars().count();
    let span = Span::new("s", start, start + 6, "speaker");
    let s = more_like_this(&p, &span, &p.documents[0]);
    assert_eq!(s.len(), 4, "{s:?}"); // the span itself, "Kallas added", and two in d2
    assert!(s.iter().all(|x| x.text == "Kallas" && x.label == "speaker"));
}

#[test]
fn a_bad_pattern_is_reported_by_rule_name() {
    let mut p = project();
    p.rules[0].patterns.push("(unclosed".into());
    let e = suggest(&p, None, None).unwrap_err().to_string();
    assert!(
        e.contains("sanction_language") && e.contains("(unclosed"),
        "{e}"
    );
    let e = suggest(&p, None, Some(&["nope".to_owned()]))
        .unwrap_err()
        .to_string();
    assert!(e.contains("no rule \"nope\""), "{e}");
}

/// A second article, written after the first quote finder and not tuned on
/// it (it found all 11 quotations and 9 of 11 speakers there: "the diplomat
/// said" and "the foreign ministry called" were missed); role-headed speakers
/// and their resolution came from those two misses.
#[test]
fn quote_finder_on_the_second_article() {
    let text = include_str!("../../tests/data/shadow_fleet_article.txt");
    let mut p = Project::new("p", CreationInfo::now("t"));
    p.documents.push(Document::new(
        "d",
        "Shadow fleet",
        crate::model::text::normalize_newlines(text),
    ));
    let s = suggest(&p, None, Some(&[QUOTE_RULE.to_owned()])).unwrap();
    let got: Vec<(String, Option<String>)> = s
        .iter()
        .map(|x| {
            (
                x.text.chars().take(24).collect(),
                x.speaker.as_ref().map(|sp| sp.text.clone()),
            )
        })
        .collect();
    let expect: Vec<(&str, Option<&str>)> = vec![
        ("\"testing our patience eve", Some("Estonia")),
        (
            "\"We are not going to stan",
            Some("Estonian Foreign Minister Margus Tsahkna"),
        ),
        (
            "\"close every loophole, in",
            Some("Estonian Foreign Minister Margus Tsahkna"),
        ),
        // "the diplomat said": the earlier, fuller mention.
        ("\"The list is long and it ", Some("a senior EU diplomat")),
        ("\"Every ruble Moscow earns", Some("Kaja Kallas")),
        (
            "\"would consider applying ",
            Some("Treasury Secretary Scott Bessent"),
        ),
        (
            "\"Our message to Pyongyang",
            Some("Japan's chief cabinet secretary, Yoshimasa Hayashi"),
        ),
        (
            "«provocative and illegal»",
            Some("Russia's foreign ministry"),
        ),
        (
            "\"in a way that Brussels w",
            Some("Spokeswoman Maria Zakharova"),
        ),
        ("\"Enforcement is the weak ", Some("Elisabeth Braw")),
        ("\"Listing ships is easy. S", Some("Elisabeth Braw")),
    ];
    let expect: Vec<(String, Option<String>)> = expect
        .into_iter()
        .map(|(a, b)| (a.chars().take(24).collect(), b.map(str::to_owned)))
        .collect();
    assert_eq!(got, expect);
}

/// A third article, written before the attribution rules were reworked
/// (abbreviations, role-headed speakers, pronouns inside a sentence,
/// datelines, quotations ending a sentence): the finder before them found
/// all 15 quotations but 9 right speakers of 15, 3 wrong and 3 missing.
#[test]
fn quote_finder_on_the_third_article() {
    let text = include_str!("../../tests/data/pyongyang_visit_article.txt");
    let text = crate::model::text::normalize_newlines(text);
    let got: Vec<(String, Option<String>)> = super::quotes::quotes_with_speakers(&text)
        .into_iter()
        .map(|q| {
            (
                text[q.range].chars().take(20).collect(),
                q.speaker.map(|r| text[r].to_owned()),
            )
        })
        .collect();
    let expect = [
        ("\"dangerous bargain\"", "Seoul"), // the headline: "Seoul warns of"
        ("\"dangerous bargain\"", "South Korea"), // "what it called"
        ("\"Any transfer of mili", "Foreign Minister Cho Tae-yul"),
        ("\"reviewing every opti", "Foreign Minister Cho Tae-yul"), // "He said"
        ("\"closely watching\"", "Unification Ministry"),
        (
            "\"candid and construct",
            "North Korea's state news agency KCNA",
        ),
        ("\"not hesitate to act\"", "A U.S. official"),
        ("\"We have the tools an", "A U.S. official"), // "the official said"
        (
            "\"deepen cooperation i",
            "Russian Defense Minister Andrei Belousov",
        ),
        ("\"is not directed agai", "Kremlin spokesman Dmitry Peskov"),
        ("\"Moscow needs shells.", "Victor Cha"),
        ("\"Neither of them is g", "Victor Cha"),
        ("\"The real question is", "Park Won-gon"),
        ("\"If it is satellite o", "Park Won-gon"),
        (
            "\"We will respond firm",
            "Japanese Prime Minister Shigeru Ishiba",
        ),
    ];
    let expect: Vec<(String, Option<String>)> = expect
        .into_iter()
        .map(|(q, s)| (q.chars().take(20).collect(), Some(s.to_owned())))
        .collect();
    assert_eq!(got, expect);
}

#[test]
fn sanction_language_finds_verbs_and_penalties_a_few_words_apart_not_mentions() {
    let text = "Seoul said it would review the possibility of levying its own sanctions against the companies.\n\n\
Washington slapped tariffs on Chinese steel. Brussels is weighing fresh export controls on chips.\n\n\
The ministry threatened to expand the asset freezes to more banks.\n\n\
Existing sanctions have hurt the economy. The lifting of sanctions was discussed. \
Pyongyang has been under sanctions since 2006. Sanctions relief was on the table, he said, \
and the effect of tariffs on prices is unclear.";
    let mut p = Project::new("p", CreationInfo::now("t"));
    p.documents.push(Document::new("d1", "Seoul", text));
    let s = suggest(&p, None, Some(&["sanction_language".to_owned()])).unwrap();
    let found = texts(&s, "sanction_language");
    for want in [
        "review the possibility of levying its own sanctions",
        "slapped tariffs",
        "weighing fresh export controls",
        "threatened to expand the asset freezes",
    ] {
        assert!(found.iter().any(|f| f == want), "{want:?} in {found:?}");
    }
    assert_eq!(found.len(), 4, "mere mentions stay out: {found:?}");
}

#[test]
fn nothing_is_proposed_inside_an_accepted_span_of_its_label_nor_in_done_documents() {
    let mut p = project();
    let text = p.documents[0].text.clone();
    let whole = "The United States will not hesitate to impose further sanctions on entities that help North Korea acquire military technology";
    let b = text.find(whole).unwrap();
    let start = text[..b].chars().count();
    let mut accepted = crate::model::Span::new(
        "acc",
        start,
        start + whole.chars().count(),
        "sanction_threat",
    );
    accepted.annotator = "kim".into();
    p.documents[0].insert_span(accepted);
    let s = suggest(&p, None, Some(&["sanction_language".to_owned()])).unwrap();
    let threats = texts(&s, "sanction_language");
    assert!(
        !threats.contains(&"will not hesitate to impose further sanctions".to_owned()),
        "inside the accepted threat: {threats:?}"
    );
    assert!(
        threats.contains(&"won’t hesitate".to_owned()),
        "{threats:?}"
    );
    // A document marked done gets nothing from "in all documents".
    p.documents[0].status = crate::model::Status::Done;
    let all = suggest_all_with_progress(&p, &mut |_, _| true)
        .unwrap()
        .unwrap();
    assert!(all.is_empty(), "{all:?}");
    // Asked for that document, it still gets its suggestions.
    assert!(!suggest(&p, Some("d1"), None).unwrap().is_empty());
}

#[test]
fn scare_quotes_in_a_headline_are_proposed_only_with_a_speaker() {
    let mut p = project();
    let text = "Washington \u{201c}won\u{2019}t hesitate\u{201d} to impose sanctions after Pyongyang visit\n\n\
        Officials called the visit \u{201c}provocative\u{201d}, Miller said.";
    p.documents[0] = Document::new(
        "d1",
        "Washington \u{201c}won\u{2019}t hesitate\u{201d} to impose sanctions after Pyongyang visit",
        text,
    );
    let s = suggest(&p, None, Some(&[QUOTE_RULE.to_owned()])).unwrap();
    assert_eq!(texts(&s, QUOTE_RULE), ["\u{201c}provocative\u{201d}"]);
    // A headline that quotes a named speaker keeps its quotation.
    let text = "Miller: \u{201c}We won\u{2019}t hesitate\u{201d}, says State Department\n\nBody.";
    p.documents[0] = Document::new("d1", "other title", text);
    let s = suggest(&p, None, Some(&[QUOTE_RULE.to_owned()])).unwrap();
    assert_eq!(s.len(), 1, "{s:?}");
    // A first paragraph that is a sentence is not a headline.
    let text = "\u{201c}We act,\u{201d} she said. Officials agreed.\n\nBody.";
    p.documents[0] = Document::new("d1", "t", text);
    let s = suggest(&p, None, Some(&[QUOTE_RULE.to_owned()])).unwrap();
    assert_eq!(s.len(), 1, "{s:?}");
}

#[test]
fn a_suggestion_called_by_a_registry_name_comes_with_its_entry() {
    use crate::model::{Entity, EntityKind};
    let mut p = Project::new("p", crate::model::CreationInfo::now("t"));
    let text = "Miller said so. Kim said no.";
    p.documents.push(Document::new("d", "t", text));
    let mut e = Entity::new("e-miller", "Matthew Miller", EntityKind::Person);
    e.aliases.push("Miller".into());
    p.entities.push(e);
    let sug = |start: usize, end: usize| Suggestion {
        doc: "d".into(),
        start,
        end,
        label: "speaker".into(),
        text: text.chars().skip(start).take(end - start).collect(),
        rule: "quotes".into(),
        speaker: None,
        score: None,
    };
    let edit = add_suggestions(&p, &[sug(0, 6), sug(16, 19)], &mut IdGen::seeded(1));
    edit.apply(&mut p).unwrap();
    let linked: Vec<Option<&str>> = p.documents[0]
        .spans
        .iter()
        .map(|s| s.entity.as_deref())
        .collect();
    assert_eq!(linked, [Some("e-miller"), None]);
    // Accepting keeps the proposed link.
    let id = p.documents[0].spans[0].id.clone();
    accept(&p.documents[0], &id, "kim")
        .unwrap()
        .apply(&mut p)
        .unwrap();
    assert_eq!(p.documents[0].spans[0].entity.as_deref(), Some("e-miller"));
}
