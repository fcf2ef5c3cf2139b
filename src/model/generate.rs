//! Deterministic generators of large articles and projects, for benchmarks
//! and scale tests. The same seed always gives the same bytes.

use super::{
    CreationInfo, Document, IdGen, Label, Project, Span, Status, ids::document_id_for_text,
    palette_color,
};
use chrono::{TimeZone as _, Utc};

const WORDS: &[&str] = &[
    "sanctions",
    "Pyongyang",
    "Moscow",
    "Seoul",
    "Washington",
    "minister",
    "spokesman",
    "said",
    "the",
    "of",
    "and",
    "to",
    "in",
    "a",
    "on",
    "for",
    "with",
    "that",
    "would",
    "impose",
    "military",
    "cooperation",
    "entities",
    "arms",
    "transfers",
    "officials",
    "treasury",
    "designated",
    "companies",
    "tankers",
    "ports",
    "resolution",
    "council",
    "violation",
    "hesitate",
    "won’t",
    "“firmly”",
    "respond",
    "provocations",
    "missile",
    "launch",
    "Kim",
    "Belousov",
    "Miller",
    "Kallas",
    "EU",
    "UN",
    "drone",
    "parts",
    "network",
    "evasion",
    "한국",
    "외교부",
    "제재",
];

/// Words of right-to-left articles: Arabic, a little Persian and Hebrew,
/// and the left-to-right names and numbers such articles carry.
const RTL_WORDS: &[&str] = &[
    "العقوبات",
    "بيونغ\u{a0}يانغ",
    "موسكو",
    "سيول",
    "واشنطن",
    "الوزير",
    "المتحدث",
    "قال",
    "في",
    "من",
    "على",
    "إلى",
    "أن",
    "الذي",
    "التعاون",
    "العسكري",
    "الأسلحة",
    "الشركات",
    "الموانئ",
    "القرار",
    "مجلس",
    "الأمن",
    "«لن",
    "تتردد»",
    "وزارة",
    "الخارجية",
    "الدفاع",
    "الروسي",
    "الكوري",
    "الشمالي",
    "الصاروخ",
    "(الثانية)",
    "تحریم‌ها",
    "گفت",
    "שר",
    "החוץ",
    "U.S.",
    "Treasury",
    "2024",
    "29",
    "EU",
    "كيم",
    "بيلوسوف",
    "ميلر",
];

/// An article of about `words` words in paragraphs of 40 to 120 words, with
/// `spans` spans over it (a quarter of them nested in or crossing another).
pub fn article(words: usize, spans: usize, seed: u64) -> Document {
    article_from(WORDS, WORDS.len(), words, spans, seed)
}

/// As [`article`], in Arabic with Persian, Hebrew and English words mixed
/// in: every paragraph reads right to left.
pub fn rtl_article(words: usize, spans: usize, seed: u64) -> Document {
    // Paragraphs open with an Arabic word (the first half of the words).
    article_from(RTL_WORDS, RTL_WORDS.len() / 2, words, spans, seed)
}

/// An article from `vocabulary`; paragraphs open with one of its first
/// `openers` words.
fn article_from(
    vocabulary: &[&str],
    openers: usize,
    words: usize,
    spans: usize,
    seed: u64,
) -> Document {
    let mut rng = fastrand::Rng::with_seed(seed);
    let mut text = String::with_capacity(words * 8);
    let mut in_para = 0;
    let mut para_len = rng.usize(40..120);
    for i in 0..words {
        if in_para == para_len {
            text.push_str(".\n\n");
            in_para = 0;
            para_len = rng.usize(40..120);
        } else if i > 0 {
            text.push_str(if rng.u8(..) < 20 { ", " } else { " " });
        }
        if in_para == 0 {
            text.push_str(vocabulary[rng.usize(..openers)]);
        } else {
            text.push_str(vocabulary[rng.usize(..vocabulary.len())]);
        }
        in_para += 1;
    }
    text.push('.');
    let len = text.chars().count();
    let title = format!("Generated article {seed}");
    let mut doc = Document::new(document_id_for_text(&text), title, text);
    let labels = ["claim", "quote", "sanction_threat", "speaker", "entity"];
    let mut ids = IdGen::seeded(seed);
    let mut spans_vec = Vec::with_capacity(spans);
    for k in 0..spans {
        // Spread spans evenly, 5 to 60 chars long; every fourth overlaps the previous.
        let base = (k * len).checked_div(spans).unwrap_or(0);
        let start = if k % 4 == 3 {
            base.saturating_sub(rng.usize(3..20))
        } else {
            base
        };
        let end = (start + rng.usize(5..60)).min(len);
        if start < end {
            spans_vec.push(Span::new(
                ids.span_id(),
                start,
                end,
                labels[rng.usize(..labels.len())],
            ));
        }
    }
    doc.spans = spans_vec;
    doc.sort_spans();
    doc.status = Status::InProgress;
    doc
}

/// A project of `docs` generated articles of about `words` words and
/// `spans_per_doc` spans each.
pub fn project(docs: usize, words: usize, spans_per_doc: usize, seed: u64) -> Project {
    let created = CreationInfo {
        at: Utc
            .with_ymd_and_hms(2026, 1, 1, 0, 0, 0)
            .single()
            .unwrap_or_default(),
        by: "generator".into(),
        tool: "marginalia generator".into(),
    };
    let mut p = Project::new("Generated", created);
    for i in 0..docs {
        p.documents
            .push(article(words, spans_per_doc, seed.wrapping_add(i as u64)));
    }
    p
}

/// A saved web page holding `doc` as its article, with the furniture real
/// news sites put around it (navigation, share buttons, related links,
/// comments, footer): input for HTML extraction benchmarks.
pub fn html_page(doc: &Document) -> String {
    fn esc(s: &str) -> String {
        s.replace('&', "&amp;")
            .replace('<', "&lt;")
            .replace('>', "&gt;")
    }
    let mut body = String::new();
    for para in doc.text.split("\n\n").filter(|p| !p.trim().is_empty()) {
        body.push_str("<p>");
        body.push_str(&esc(para));
        body.push_str("</p>\n");
    }
    let title = esc(&doc.title);
    format!(
        r##"<!doctype html><html lang="en"><head><meta charset="utf-8"><title>{title} | The Daily</title>
<meta property="og:title" content="{title}"><meta name="author" content="Kim Ji-hoon">
<meta property="article:published_time" content="2026-11-02T09:00:00+09:00"></head>
<body><header><nav class="menu"><a href="/">Home</a> <a href="/world">World</a> <a href="/politics">Politics</a>
<a href="/business">Business</a> <a href="/opinion">Opinion</a></nav></header>
<div class="share"><a href="#">Share on X</a> <a href="#">Facebook</a> <a href="#">Email</a></div>
<main><article><h1>{title}</h1><p class="byline">By Kim Ji-hoon</p>
<div class="article-body">{body}</div></article>
<aside class="related"><h2>Related</h2><ul><li><a href="/a">Seoul summons envoy</a></li>
<li><a href="/b">Treasury names tankers</a></li><li><a href="/c">EU weighs new package</a></li></ul></aside></main>
<section id="comments"><h2>Comments</h2><div class="comment"><p>First!</p></div></section>
<footer><p>&copy; 2026 The Daily. All rights reserved.</p><a href="/privacy">Privacy</a></footer></body></html>"##
    )
}

/// `project` with the sample's document label sets, every document judged
/// (a topic or two and a stance, by a fixed pattern from `seed`), and a
/// registry of `entries` people (each with an alias and a Wikidata-like id),
/// every document's first span linked to one of them.
pub fn judge(project: &mut Project, entries: usize, seed: u64) {
    use super::registry::{Entity, EntityKind};
    project.doc_label_sets = super::judgement::sample_doc_label_sets();
    let topics: Vec<String> = project.doc_label_sets[0]
        .choices
        .iter()
        .map(|c| c.name.clone())
        .collect();
    let stances: Vec<String> = project.doc_label_sets[1]
        .choices
        .iter()
        .map(|c| c.name.clone())
        .collect();
    project.entities = (0..entries)
        .map(|i| {
            let mut e = Entity::new(
                format!("e-{i:05}"),
                format!("Person {i}"),
                EntityKind::Person,
            );
            e.aliases.push(format!("P{i}"));
            e.external_ids
                .insert("wikidata".into(), format!("Q{}", 1000 + i));
            e
        })
        .collect();
    for (i, d) in project.documents.iter_mut().enumerate() {
        let k = (i as u64).wrapping_mul(2_654_435_761).wrapping_add(seed) as usize;
        let mut t = vec![topics[k % topics.len()].clone()];
        if k.is_multiple_of(3) {
            t.push(topics[(k / 3) % topics.len()].clone());
            t.dedup();
            t.sort_by_key(|c| topics.iter().position(|x| x == c));
        }
        d.doc_labels.insert("topic".into(), t);
        d.doc_labels.insert(
            "stance".into(),
            vec![stances[(k / 7) % stances.len()].clone()],
        );
        if entries > 0
            && let Some(s) = d.spans.first_mut()
        {
            s.entity = Some(format!("e-{:05}", k % entries));
        }
    }
}

/// A small desk for the learned suggester's tests: `done` documents marked
/// done, each naming two people after "Minister", the names labelled
/// `entity` (the project's one label).
pub fn minister_desk(done: usize) -> Project {
    let names = [
        "Kim Min", "Lee Soo", "Park Jin", "Choi Ha", "Jung Woo", "Kang Min", "Yoon Seo", "Han Jae",
    ];
    let mut p = Project::new("desk", CreationInfo::now("generate"));
    p.labels = vec![Label::new("entity", palette_color(0), "")];
    for i in 0..done {
        let (a, b) = (names[i % names.len()], names[(i + 3) % names.len()]);
        let text = format!(
            "Foreign Minister {a} met reporters.\n\nTalks with Defense Minister {b} went on, officials said."
        );
        let mut d = Document::new(format!("d{i}"), format!("Done {i}"), text.clone());
        for n in [a, b] {
            let start = text.find(n).map_or(0, |b| text[..b].chars().count());
            d.spans.push(Span::new(
                format!("s{i}-{}", d.spans.len()),
                start,
                start + n.chars().count(),
                "entity",
            ));
        }
        d.status = Status::Done;
        p.documents.push(d);
    }
    p
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn generated_projects_are_valid_and_deterministic() {
        let a = project(3, 500, 40, 7);
        assert!(crate::model::validate(&a).is_empty());
        let mut j = a.clone();
        judge(&mut j, 50, 1);
        assert!(
            crate::model::validate(&j).is_empty(),
            "{:?}",
            crate::model::validate(&j)
        );
        assert_eq!(j.entities.len(), 50);
        assert_eq!(a, project(3, 500, 40, 7));
        assert_eq!(a.span_count(), 120);
        let d = article(75_000, 5_000, 1);
        assert!(d.text.split_whitespace().count() >= 75_000);
        assert_eq!(d.spans.len(), 5_000);
    }

    #[test]
    fn a_generated_page_extracts_to_its_article() {
        let d = article(300, 0, 3);
        let a = crate::import::html::extract_str(&html_page(&d));
        assert_eq!(a.meta.title, d.title);
        assert_eq!(a.meta.byline, "Kim Ji-hoon");
        assert_eq!(
            a.text, *d.text,
            "the body, without menus, share links, comments"
        );
    }
}
