//! Fuzz targets and a small mutation fuzzer that runs them on the stable
//! toolchain: `cargo run --release --example fuzz -- TARGET --minutes 10`.
//!
//! Not part of the library: `examples/fuzz.rs`, `examples/fuzz_one.rs` and
//! `tests/fuzz.rs` include this file as a module of their own
//! (`#[path = "../fuzz/targets.rs"] mod targets;`), so it uses only the
//! crate's public API.
//!
//! Each target takes arbitrary bytes and panics when an invariant breaks;
//! the harness catches the panic and keeps the input. `tests/fuzz.rs` runs
//! every target on a fixed set of mutated inputs and on every input once
//! found to fail (`tests/fuzz_regressions/`).

use marginalia::edit::Edit;
use marginalia::history::History;
use marginalia::import::ImportOptions;
use marginalia::model::{Document, Label, Project, Relation, Span, Status, generate, validate};
use std::path::Path;

/// The fuzz targets, by name.
pub const TARGETS: [&str; 6] = ["ron", "html", "jsonl", "edits", "suggest", "learn"];

/// How far an input got.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Outcome {
    /// Accepted (loaded, imported, extracted): worth mutating further.
    Deep,
    /// Refused early (a parse error): not worth keeping.
    Shallow,
}

/// Runs target `name` on `data`. Panics if an invariant breaks; `None` for
/// an unknown target.
pub fn run(name: &str, data: &[u8]) -> Option<Outcome> {
    Some(match name {
        "ron" => ron_load(data),
        "html" => html_extract(data),
        "jsonl" => jsonl_import(data),
        "edits" => edit_sequence(data),
        "suggest" => suggest_text(data),
        "learn" => learn_text(data),
        _ => return None,
    })
}

/// Loading a project file: an error or a valid-to-save project whose saved
/// bytes load back to the same project.
pub fn ron_load(data: &[u8]) -> Outcome {
    let Ok(project) = marginalia::store::from_bytes(data) else {
        return Outcome::Shallow;
    };
    let bytes = marginalia::store::to_bytes(&project).expect("a loaded project serializes");
    let again = marginalia::store::from_bytes(&bytes).expect("saved bytes load");
    assert_eq!(again, project, "save/load round trip changed the project");
    // Validation reports, never panics, on whatever was loaded.
    let _ = validate(&project);
    Outcome::Deep
}

/// Extracting an article from a page: never panics; the text has no
/// carriage returns and no blank runs longer than a paragraph break.
pub fn html_extract(data: &[u8]) -> Outcome {
    let a = marginalia::import::html::extract(data);
    assert!(!a.text.contains('\r'), "CR in extracted text");
    assert!(!a.meta.title.contains('\n'), "newline in title");
    assert!(!a.text.contains("\n\n\n"), "more than one blank line");
    if !a.text.is_empty() {
        Outcome::Deep
    } else {
        Outcome::Shallow
    }
}

/// Pre-annotating any text (the quote finder, speakers, the starter rules):
/// never panics; every suggestion and speaker slices the text as it says,
/// a speaker lies outside its quotation, and applying them all gives a
/// valid project.
pub fn suggest_text(data: &[u8]) -> Outcome {
    let text = marginalia::model::text::normalize_newlines(&String::from_utf8_lossy(data));
    let mut p = Project::new("fuzz", marginalia::model::CreationInfo::now("fuzz"));
    p.documents.push(Document::new("d", "fuzz", text));
    let found = marginalia::suggest::suggest(&p, None, None).expect("starter rules compile");
    let doc = &p.documents[0];
    for s in &found {
        let slice = marginalia::model::text::slice_chars(&doc.text, s.start, s.end);
        assert!(s.start < s.end, "empty suggestion {s:?}");
        assert_eq!(
            slice,
            Some(s.text.as_str()),
            "suggestion text is not its slice"
        );
        if let Some(sp) = &s.speaker {
            let slice = marginalia::model::text::slice_chars(&doc.text, sp.start, sp.end);
            assert_eq!(
                slice,
                Some(sp.text.as_str()),
                "speaker text is not its slice"
            );
            assert!(
                sp.end <= s.start || sp.start >= s.end,
                "speaker inside its quotation: {s:?}"
            );
        }
    }
    let mut ids = marginalia::model::IdGen::new();
    let edit = marginalia::suggest::add_suggestions(&p, &found, &mut ids);
    edit.apply(&mut p).expect("suggestions apply");
    let problems = validate(&p);
    assert!(problems.is_empty(), "{problems:?}");
    if found.is_empty() {
        Outcome::Shallow
    } else {
        Outcome::Deep
    }
}

/// Learning and suggesting: any text, cut into documents, with spans on
/// its capitalised words, some documents done: learning never fails, and
/// every learned suggestion lies inside its text and slices it.
pub fn learn_text(data: &[u8]) -> Outcome {
    use marginalia::suggest::learned;
    let text = marginalia::model::text::normalize_newlines(&String::from_utf8_lossy(data));
    let mut p = Project::new("fuzz", marginalia::model::CreationInfo::now("fuzz"));
    p.labels = vec![Label::new(
        "entity",
        marginalia::model::palette_color(0),
        "",
    )];
    let parts: Vec<&str> = text.split("\n\n").collect();
    for (i, part) in parts.iter().enumerate().take(6) {
        let mut d = Document::new(format!("d{i}"), "fuzz", *part);
        let segs = marginalia::model::segment::Segments::new(part);
        for (k, w) in segs.words.iter().enumerate() {
            let first = part.chars().nth(w.start);
            if first.is_some_and(char::is_uppercase) {
                d.spans
                    .push(Span::new(format!("s{i}-{k}"), w.start, w.end, "entity"));
            }
        }
        if i % 2 == 0 {
            d.status = Status::Done;
        }
        p.documents.push(d);
    }
    let model = learned::learn(&p, None).expect("learning never fails on valid projects");
    let mut n = 0;
    for d in &p.documents {
        let len = d.text.chars().count();
        for g in model.propose(d, 0.0) {
            assert!(
                g.range.start < g.range.end && g.range.end <= len,
                "{g:?} outside the text"
            );
            assert!((0.0..=1.0).contains(&g.score));
            n += 1;
        }
    }
    for s in learned::suggestions(&p, &model, None, 0.0) {
        let doc = p.document(&s.doc).expect("its document");
        let slice = marginalia::model::text::slice_chars(&doc.text, s.start, s.end);
        assert_eq!(
            slice,
            Some(s.text.as_str()),
            "suggestion text is not its slice"
        );
    }
    if n == 0 {
        Outcome::Shallow
    } else {
        Outcome::Deep
    }
}

/// Importing JSONL: whatever is imported is valid, and every span slices
/// its document's text.
pub fn jsonl_import(data: &[u8]) -> Outcome {
    let mut p = Project::new("fuzz", marginalia::model::CreationInfo::now("fuzz"));
    let report = marginalia::import::import_jsonl_bytes(
        &mut p,
        data,
        Path::new("fuzz.jsonl"),
        &ImportOptions::default(),
    );
    assert_eq!(report.imported(), p.documents.len());
    let problems = validate(&p);
    assert!(
        problems.is_empty(),
        "import made an invalid project: {problems:?}"
    );
    if report.imported() > 0 {
        Outcome::Deep
    } else {
        Outcome::Shallow
    }
}

/// Reads choices from the fuzzer's bytes (zeros when they run out).
struct Bytes<'a>(&'a [u8]);

impl Bytes<'_> {
    fn byte(&mut self) -> u8 {
        let (b, rest) = self.0.split_first().map_or((0, &[][..]), |(b, r)| (*b, r));
        self.0 = rest;
        b
    }
    fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            return 0;
        }
        (usize::from(self.byte()) << 8 | usize::from(self.byte())) % n
    }
    fn done(&self) -> bool {
        self.0.is_empty()
    }
}

/// A random edit of `p`, valid or not.
fn random_edit(p: &Project, b: &mut Bytes, serial: &mut u32) -> Edit {
    *serial += 1;
    let n = *serial;
    let doc = match p.documents.get(b.below(p.documents.len() + 1)) {
        Some(d) => d.clone(),
        None => Document::new(format!("nodoc{n}"), "t", "x"),
    };
    let label = |b: &mut Bytes| match p.labels.get(b.below(p.labels.len() + 1)) {
        Some(l) => l.name.clone(),
        None => format!("label{}", b.byte() % 4),
    };
    let len = doc.len_chars();
    let span_id = |b: &mut Bytes| match doc.spans.get(b.below(doc.spans.len() + 1)) {
        Some(s) => s.id.clone(),
        None => format!("s{}", b.byte() % 8),
    };
    match b.byte() % 19 {
        0..=2 => {
            let start = b.below(len + 2);
            let end = start + b.below(12);
            let mut span = Span::new(span_id(b), start, end, label(b));
            if b.byte().is_multiple_of(2) {
                span.id = format!("new{n}");
            }
            Edit::AddSpan {
                doc: doc.id.clone(),
                span,
                relations: vec![],
            }
        }
        3 => Edit::RemoveSpan {
            doc: doc.id.clone(),
            span_id: span_id(b),
        },
        4 => {
            let mut span = doc
                .spans
                .get(b.below(doc.spans.len() + 1))
                .cloned()
                .unwrap_or_else(|| Span::new("ghost", 0, 1, "claim"));
            match b.byte() % 3 {
                0 => span.label = label(b),
                1 => span.end = span.start + b.below(20),
                _ => span.note = format!("note {n}"),
            }
            Edit::UpdateSpan {
                doc: doc.id.clone(),
                span,
            }
        }
        5 | 6 => Edit::AddRelation {
            doc: doc.id.clone(),
            relation: Relation {
                id: if b.byte().is_multiple_of(4) {
                    doc.relations.first().map_or("r0".into(), |r| r.id.clone())
                } else {
                    format!("r{n}")
                },
                head: span_id(b),
                child: span_id(b),
                label: match p.relation_labels.get(b.below(p.relation_labels.len() + 1)) {
                    Some(l) => l.name.clone(),
                    None => "nolabel".into(),
                },
            },
        },
        7 => Edit::RemoveRelation {
            doc: doc.id.clone(),
            relation_id: doc
                .relations
                .get(b.below(doc.relations.len() + 1))
                .map_or("r?".into(), |r| r.id.clone()),
        },
        8 => Edit::SetStatus {
            doc: doc.id.clone(),
            status: Status::ALL[b.below(3)],
        },
        9 => Edit::SetDocumentNote {
            doc: doc.id.clone(),
            note: ["", "x", "“note”", "\n"][b.below(4)].into(),
        },
        10 => Edit::AddLabel {
            index: b.below(12),
            label: Label::new(
                [label(b), String::new(), format!("l{n}")][b.below(3)].clone(),
                marginalia::model::palette_color(n as usize),
                "",
            ),
        },
        11 => {
            let name = label(b);
            let new_name =
                [name.clone(), label(b), format!("renamed{n}"), String::new()][b.below(4)].clone();
            Edit::ReplaceLabel {
                name,
                label: Label::new(new_name, marginalia::model::palette_color(3), ""),
            }
        }
        12 => Edit::MoveLabel {
            from: b.below(p.labels.len() + 2),
            to: b.below(p.labels.len() + 2),
        },
        13 => Edit::RemoveLabel { name: label(b) },
        14 => {
            if b.byte().is_multiple_of(2) {
                let mut d = generate::article(30, 3, u64::from(n));
                if b.byte().is_multiple_of(3) {
                    d.id = doc.id.clone();
                }
                Edit::AddDocument {
                    index: b.below(5),
                    document: Box::new(d),
                }
            } else {
                Edit::RemoveDocument {
                    doc: doc.id.clone(),
                }
            }
        }
        16 | 17 => {
            let existing = doc.rejected.get(b.below(doc.rejected.len() + 1)).cloned();
            let rejected = existing
                .clone()
                .unwrap_or_else(|| marginalia::model::Rejected {
                    start: b.below(len + 1),
                    end: b.below(len + 2),
                    label: label(b),
                    rule: "quotes".into(),
                });
            if b.byte().is_multiple_of(2) || existing.is_none() {
                Edit::AddRejected {
                    doc: doc.id.clone(),
                    rejected,
                }
            } else {
                Edit::RemoveRejected {
                    doc: doc.id.clone(),
                    rejected,
                }
            }
        }
        _ => {
            let k = 1 + b.below(3);
            Edit::Batch((0..k).map(|_| random_edit(p, b, serial)).collect())
        }
    }
}

/// The edit model: random edits (valid or not), undos and redos. After
/// every step the project is valid, a failed edit changed nothing, undoing
/// everything gives the original and redoing everything the final state.
pub fn edit_sequence(data: &[u8]) -> Outcome {
    let mut b = Bytes(data);
    let mut p = generate::project(1 + b.below(3), 40, 4, u64::from(b.byte()));
    let original = p.clone();
    let mut h = History::new();
    let mut serial = 0;
    let mut steps = 0;
    while !b.done() && steps < 200 {
        steps += 1;
        match b.byte() % 8 {
            0 => {
                h.undo(&mut p).expect("undo of an applied edit succeeds");
            }
            1 => {
                h.redo(&mut p).expect("redo of an undone edit succeeds");
            }
            _ => {
                let edit = random_edit(&p, &mut b, &mut serial);
                let before = p.clone();
                if h.apply(&mut p, edit.clone()).is_err() {
                    assert_eq!(p, before, "a failed edit changed the project: {edit:?}");
                } else {
                    // Each step undoes to exactly the state before and redoes to after.
                    let after = p.clone();
                    h.undo(&mut p).expect("undo succeeds");
                    assert_eq!(p, before, "undo did not restore the state before {edit:?}");
                    h.redo(&mut p).expect("redo succeeds");
                    assert_eq!(p, after, "redo did not restore the state after {edit:?}");
                }
            }
        }
        let problems = validate(&p);
        assert!(problems.is_empty(), "invalid after a step: {problems:?}");
    }
    let last = p.clone();
    let position = h.position();
    while h.undo(&mut p).expect("undo succeeds") {}
    assert_eq!(p, original, "undoing everything did not give the original");
    while h.redo(&mut p).expect("redo succeeds") {}
    assert!(validate(&p).is_empty(), "invalid after redoing everything");
    while h.position() > position {
        h.undo(&mut p).expect("undo succeeds");
    }
    assert_eq!(p, last, "undo/redo did not come back to the same state");
    Outcome::Deep
}

/// A mutation fuzzer: new inputs from seeds by flips, insertions of
/// interesting tokens, deletions, duplications, splices and truncations.
pub struct Mutator {
    rng: fastrand::Rng,
    tokens: Vec<Vec<u8>>,
}

impl Mutator {
    /// A mutator with a fixed seed and the tokens worth inserting for `target`.
    pub fn new(target: &str, seed: u64) -> Self {
        let common: &[&str] = &[
            "\0",
            "\u{feff}",
            "“",
            "”",
            "\r\n",
            "\n",
            "한",
            "😀",
            "\u{301}",
            "-1",
            "0",
            "18446744073709551615",
            "4294967296",
            "1e400",
            "\"",
            "\\",
            "\\u0000",
            "\\ud800",
        ];
        let specific: &[&str] = match target {
            "ron" => &[
                "(",
                ")",
                "[",
                "]",
                "{",
                "}",
                ",",
                ":",
                "format_version: 2",
                "format_version: 1",
                "spans: [",
                "Span(",
                "start: ",
                "end: ",
                "label: ",
                "Some(",
                "None",
                "r#\"",
                "/*",
                "*/",
                "//",
                "#![enable(implicit_some)]",
            ],
            "html" => &[
                "<div>",
                "</div>",
                "<p>",
                "</p>",
                "<article>",
                "<script>",
                "</script>",
                "<br>",
                "<h1>",
                "<meta property=\"og:title\" content=\"",
                "<meta charset=\"shift_jis\">",
                "&amp;",
                "&#x0;",
                "&#55296;",
                "<!--",
                "-->",
                "<pre>",
                "<table><tr><td>",
                "<svg>",
                "<template>",
                "<![CDATA[",
                "<meta charset=\"utf-16\">",
            ],
            "jsonl" => &[
                "{",
                "}",
                "[",
                "]",
                ",",
                ":",
                "\"text\":",
                "\"label\":",
                "\"spans\":",
                "\"entities\":",
                "\"relations\":",
                "\"start\":",
                "\"end\":",
                "\"start_offset\":",
                "\"offset_unit\": \"utf16\"",
                "null",
                "true",
                "[[0, 3, \"x\"]]",
            ],
            _ => &[],
        };
        Self {
            rng: fastrand::Rng::with_seed(seed),
            tokens: common
                .iter()
                .chain(specific)
                .map(|t| t.as_bytes().to_vec())
                .collect(),
        }
    }

    /// A mutation of `seeds[..]` (at least one seed).
    pub fn mutate(&mut self, seeds: &[Vec<u8>]) -> Vec<u8> {
        let mut data = seeds
            .get(self.rng.usize(..seeds.len().max(1)))
            .cloned()
            .unwrap_or_default();
        for _ in 0..1 + self.rng.usize(..6) {
            let len = data.len();
            let at = self.rng.usize(..=len);
            match self.rng.u8(..8) {
                0 if len > 0 => {
                    let i = self.rng.usize(..len);
                    data[i] ^= 1 << self.rng.u8(..8);
                }
                1 if len > 0 => {
                    let i = self.rng.usize(..len);
                    data[i] = self.rng.u8(..);
                }
                2 => {
                    let t = self.tokens[self.rng.usize(..self.tokens.len())].clone();
                    data.splice(at..at, t);
                }
                3 if len > 0 => {
                    let end = (at + 1 + self.rng.usize(..64)).min(len);
                    data.drain(at.min(end)..end);
                }
                4 if len > 0 => {
                    let start = self.rng.usize(..len);
                    let end = (start + 1 + self.rng.usize(..256)).min(len);
                    let piece = data[start..end].to_vec();
                    let times = 1 + self.rng.usize(..4);
                    for _ in 0..times {
                        data.splice(at..at, piece.iter().copied());
                    }
                }
                5 if !seeds.is_empty() => {
                    let other = &seeds[self.rng.usize(..seeds.len())];
                    if !other.is_empty() {
                        let s = self.rng.usize(..other.len());
                        let e = (s + 1 + self.rng.usize(..512)).min(other.len());
                        data.splice(at..at, other[s..e].iter().copied());
                    }
                }
                6 => data.truncate(at),
                _ => {
                    let n = self.rng.usize(..16);
                    let bytes: Vec<u8> = (0..n).map(|_| self.rng.u8(..)).collect();
                    data.splice(at..at, bytes);
                }
            }
        }
        data
    }
}

/// Built-in seed inputs for `target`.
pub fn seeds(target: &str) -> Vec<Vec<u8>> {
    let small = generate::project(2, 60, 5, 7);
    match target {
        "ron" => {
            let mut with_rel = small.clone();
            if let [a, b, ..] = &with_rel.documents[0].spans[..] {
                let r = Relation {
                    id: "r1".into(),
                    head: a.id.clone(),
                    child: b.id.clone(),
                    label: "attributed_to".into(),
                };
                with_rel.documents[0].relations.push(r);
            }
            vec![
                marginalia::store::to_bytes(&small).unwrap_or_default(),
                marginalia::store::to_bytes(&with_rel).unwrap_or_default(),
            ]
        }
        "jsonl" => {
            let mut out = Vec::new();
            let mut seeds = Vec::new();
            for format in [marginalia::export::Format::Jsonl, marginalia::export::Format::Doccano] {
                out.clear();
                let filter = marginalia::export::Filter::default();
                if marginalia::export::export(&small, format, &filter, &mut out).is_ok() {
                    seeds.push(out.clone());
                }
            }
            seeds.push(
                br#"{"text": "Seoul \u201cwon't hesitate\u201d", "spans": [{"start": 0, "end": 5, "label": "entity"}], "relations": []}
{"text": "Line one\r\nline two", "entities": [{"id": 1, "start_offset": 0, "end_offset": 4, "label": "claim"}]}
"#
                .to_vec(),
            );
            seeds
        }
        "html" => vec![
            br#"<!doctype html><html><head><meta charset="utf-8"><title>Seoul warns | Daily</title>
<meta property="og:title" content="Seoul warns Moscow"><meta name="author" content="Kim Ji-hoon">
<script type="application/ld+json">{"@type":"NewsArticle","headline":"Seoul warns","datePublished":"2026-11-02T09:00:00+09:00"}</script></head>
<body><nav><a href="/">Home</a><a href="/world">World</a></nav><article><h1>Seoul warns Moscow</h1>
<p class="byline">By Kim Ji-hoon</p><p>Washington &ldquo;won&rsquo;t hesitate&rdquo; to impose sanctions, a spokesman said on Tuesday after the visit.</p>
<p>The defense minister&rsquo;s visit to Pyongyang drew a sharp response from Seoul and Tokyo, officials said.</p>
<figure><img src="x.jpg"><figcaption>The minister in Pyongyang.</figcaption></figure><p>More to follow.</p></article>
<aside class="share">Share on X</aside><div id="comments"><p>First!</p></div><footer>&copy; Daily</footer></body></html>"#
                .to_vec(),
            b"<html><body><div><div><p>Short.</p></div></div><table><tr><td>a</td></tr></table></body></html>".to_vec(),
        ],
        "learn" => vec![
            include_bytes!("../tests/data/pyongyang_visit_article.txt").to_vec(),
            "Foreign Minister Kim Min met reporters.\n\nDefense Minister Lee Soo spoke.\n\nTrade Minister Park Jin left.\n\nMinister Choi Ha arrived.".as_bytes().to_vec(),
        ],
        "suggest" => vec![
            include_bytes!("../tests/data/pyongyang_visit_article.txt").to_vec(),
            include_bytes!("../tests/data/shadow_fleet_article.txt").to_vec(),
            "SEOUL — South Korea urged Moscow to stop what it called a “bargain”. «Non», a dit le ministère. 「단호히 대응」 A U.S. official said the U.S. would \"act\". \"Yes,\" the official said.".as_bytes().to_vec(),
        ],
        _ => vec![(0..=255u8).collect(), vec![7; 64], b"edits".repeat(40)],
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_target_accepts_its_seeds() {
        for t in TARGETS {
            for s in seeds(t) {
                assert_eq!(run(t, &s), Some(Outcome::Deep), "{t}");
            }
        }
        assert_eq!(run("nope", b""), None);
    }

    #[test]
    fn the_mutator_is_deterministic_and_varies() {
        let seeds = seeds("ron");
        let a: Vec<_> = {
            let mut m = Mutator::new("ron", 1);
            (0..20).map(|_| m.mutate(&seeds)).collect()
        };
        let mut m = Mutator::new("ron", 1);
        let b: Vec<_> = (0..20).map(|_| m.mutate(&seeds)).collect();
        assert_eq!(a, b);
        assert!(a.iter().any(|x| *x != seeds[0] && *x != seeds[1]));
    }
}
