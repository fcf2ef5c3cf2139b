//! Every export format, read back by a real consumer (Python's json and
//! string slicing, `scripts/check_exports.py`), on texts where tools
//! disagree: emoji (flags, skin tones, ZWJ sequences), Hangul, combining
//! marks, CRLF-origin text, overlapping and multi-line spans.

#![allow(clippy::unwrap_used)] // tests may unwrap; Cargo.toml warns elsewhere

use marginalia::model::{Entity, EntityKind, IdGen, Relation, Span};
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn run(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_marginalia"))
        .args(args)
        .output()
        .expect("marginalia runs")
}

fn s(p: &Path) -> &str {
    p.to_str().expect("utf-8 path")
}

fn ok(o: &Output) -> String {
    let err = String::from_utf8_lossy(&o.stderr).into_owned();
    assert!(o.status.success(), "{err}");
    err
}

const ARTICLES: [&str; 3] = [
    "🇰🇷🇺🇸 Talks in Seoul\r\n\r\n“Café\u{301} 👩‍👩‍👧 talks won’t hesitate,” said 김정은 👍🏽 in Pyongyang.\r\nThe envoy\r\nleft on Friday.",
    "정부, 북러 군사협력에 “단호히 대응”\n\n외교부 대변인은 “독자 제재를 검토하고 있다”고 말했다.",
    "Plain line with  two spaces and a tab\there.\n\nSanctions on 12 firms.",
];

/// Builds the project through the CLI (import normalizes CRLF) and adds spans.
fn tricky_project(dir: &Path) -> PathBuf {
    let p = dir.join("p.ron");
    ok(&run(&["new", s(&p), "--name", "Tricky"]));
    for (i, a) in ARTICLES.iter().enumerate() {
        let f = dir.join(format!("a{i}.txt"));
        fs::write(&f, a).unwrap();
        ok(&run(&["import", s(&p), s(&f)]));
    }
    let mut project = marginalia::store::load(&p).unwrap();
    let mut ids = IdGen::seeded(9);
    let marks: [&[(&str, &str)]; 3] = [
        &[
            ("🇰🇷🇺🇸", "entity"),
            ("Seoul", "entity"),
            ("“Café\u{301} 👩‍👩‍👧 talks won’t hesitate,”", "quote"),
            ("won’t hesitate", "sanction_threat"), // nested in the quote
            ("👩‍👩‍👧 talks", "claim"),                 // crosses into the quote's inner span
            ("김정은 👍🏽", "speaker"),
            ("The envoy\nleft on Friday.", "claim"), // across a line break
        ],
        &[
            ("“독자 제재를 검토하고 있다”", "quote"),
            ("독자 제재", "sanction_threat"),
            ("외교부 대변인", "speaker"),
        ],
        &[
            ("two spaces", "claim"),
            ("Sanctions on 12 firms", "sanction_threat"),
        ],
    ];
    for (doc, marks) in project.documents.iter_mut().zip(marks) {
        for (needle, label) in marks {
            let b = doc
                .text
                .find(needle)
                .unwrap_or_else(|| panic!("{needle:?}"));
            let start = doc.text[..b].chars().count();
            let mut span = Span::new(ids.span_id(), start, start + needle.chars().count(), *label);
            span.note = format!("note on {label}\nsecond line");
            span.attributes.insert("confidence".into(), "high".into());
            span.annotator = "kim".into();
            doc.insert_span(span);
        }
        let quote = doc
            .spans
            .iter()
            .find(|s| s.label == "quote")
            .map(|s| s.id.clone());
        let speaker = doc
            .spans
            .iter()
            .find(|s| s.label == "speaker")
            .map(|s| s.id.clone());
        if let (Some(q), Some(sp)) = (quote, speaker) {
            doc.relations.push(Relation {
                id: ids.relation_id(),
                head: q,
                child: sp,
                label: "attributed_to".into(),
            });
        }
    }
    // Document labels and registry links (format 3).
    project.doc_label_sets = marginalia::model::judgement::sample_doc_label_sets();
    let set = |d: &mut marginalia::model::Document, set: &str, v: &[&str]| {
        d.doc_labels
            .insert(set.into(), v.iter().map(|x| x.to_string()).collect());
    };
    set(
        &mut project.documents[0],
        "topic",
        &["sanctions", "diplomacy"],
    );
    set(&mut project.documents[0], "stance", &["hostile"]);
    set(&mut project.documents[1], "stance", &["neutral"]);
    let mut kim = Entity::new("e-kim", "Kim Jong Un", EntityKind::Person);
    kim.external_ids.insert("wikidata".into(), "Q56226".into());
    let mofa = Entity::new("e-mofa", "외교부 대변인", EntityKind::Organization);
    project.entities = vec![kim, mofa];
    for (d, id) in [(0, "e-kim"), (1, "e-mofa")] {
        let doc = &mut project.documents[d];
        let i = doc.spans.iter().position(|s| s.label == "speaker").unwrap();
        doc.spans[i].entity = Some(id.into());
    }
    marginalia::store::save(&project, &p).unwrap();
    ok(&run(&["validate", s(&p)]));
    p
}

fn export_all(p: &Path, dir: &Path) -> Vec<String> {
    let mut logs = Vec::new();
    for (fmt, out) in [
        ("jsonl", "out.jsonl"),
        ("doccano", "doccano.jsonl"),
        ("spacy", "spacy.jsonl"),
        ("conll", "conll.conll"),
        ("brat", "brat"),
    ] {
        logs.push(ok(&run(&[
            "export",
            s(p),
            "--format",
            fmt,
            "-o",
            s(&dir.join(out)),
        ])));
    }
    logs
}

fn python(args: &[&str]) -> Option<Output> {
    match Command::new("python3").args(args).output() {
        Ok(o) => Some(o),
        Err(e) if std::env::var_os("CI").is_some() => panic!("python3 is needed in CI: {e}"),
        Err(e) => {
            eprintln!("python3 not found ({e}); skipping the Python reader");
            None
        }
    }
}

#[test]
fn every_format_slices_correctly_in_python() {
    let dir = tempfile::tempdir().unwrap();
    let p = tricky_project(dir.path());
    let logs = export_all(&p, dir.path());
    // CoNLL says what it dropped: the claim crossing into the quote's inner span
    // and the nested sanction threat cannot be IOB2.
    let conll_log = &logs[3];
    assert!(conll_log.contains("dropped"), "{conll_log}");
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("scripts/check_exports.py");
    if let Some(o) = python(&[s(&script), s(dir.path())]) {
        let out = String::from_utf8_lossy(&o.stdout);
        assert!(
            o.status.success(),
            "{out}\n{}",
            String::from_utf8_lossy(&o.stderr)
        );
        assert!(out.contains("ok: 3 documents, 12 spans"), "{out}");
    }
}

#[test]
fn brat_marks_multi_line_spans_as_fragments_and_keeps_notes_and_attributes() {
    let dir = tempfile::tempdir().unwrap();
    let p = tricky_project(dir.path());
    export_all(&p, dir.path());
    let project = marginalia::store::load(&p).unwrap();
    let ann = fs::read_to_string(
        dir.path()
            .join("brat")
            .join(format!("{}.ann", project.documents[0].id)),
    )
    .unwrap();
    let multi = ann
        .lines()
        .find(|l| l.contains("The envoy left on Friday."))
        .expect("the multi-line claim");
    assert!(multi.contains(';'), "discontinuous: {multi}");
    assert!(
        ann.lines()
            .any(|l| l.starts_with('R') && l.contains("attributed_to Arg1:T"))
    );
    assert!(
        ann.lines().any(|l| l.starts_with('#')
            && l.contains("AnnotatorNotes")
            && l.ends_with("second line"))
    );
    assert!(
        ann.lines()
            .any(|l| l.starts_with('A') && l.contains("confidence T"))
    );
    // Registry links as normalizations, document labels as a note.
    assert!(
        ann.lines()
            .any(|l| l.starts_with("N1\tReference T") && l.contains("wikidata:Q56226\tKim Jong Un")),
        "{ann}"
    );
    assert!(
        ann.lines()
            .any(|l| l.contains("document: stance=hostile; topic=sanctions,diplomacy")),
        "{ann}"
    );
    let conf = fs::read_to_string(dir.path().join("brat/annotation.conf")).unwrap();
    assert!(conf.contains("[entities]\nclaim\n"));
    assert!(conf.contains("confidence\tArg:<ENTITY>, Value:high"));
}

#[test]
fn jsonl_round_trip_is_identical() {
    let dir = tempfile::tempdir().unwrap();
    let p = tricky_project(dir.path());
    let first = dir.path().join("first.jsonl");
    ok(&run(&["export", s(&p), "-o", s(&first)]));
    let q = dir.path().join("q.ron");
    ok(&run(&["new", s(&q), "--name", "Again"]));
    let log = ok(&run(&["import", s(&q), s(&first)]));
    assert!(log.contains("3 imported, 0 skipped, 0 failed"), "{log}");
    let second = dir.path().join("second.jsonl");
    ok(&run(&["export", s(&q), "-o", s(&second)]));
    assert_eq!(
        fs::read_to_string(&first).unwrap(),
        fs::read_to_string(&second).unwrap()
    );
}

#[test]
fn doccano_and_prodigy_jsonl_import_with_spans_intact() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("p.ron");
    ok(&run(&[
        "new",
        s(&p),
        "--name",
        "In",
        "--labels",
        "claim,quote",
    ]));
    let f = dir.path().join("tools.jsonl");
    // doccano (label / labels / entities+relations), Prodigy with a relation,
    // a line that is not JSON, a span past the end, a CRLF text kept exactly.
    let lines = [
        r#"{"text": "Kim said no.", "label": [[0, 3, "PER"], [9, 11, "quote"]]}"#,
        r#"{"text": "Seoul warns 🇰🇵.", "labels": [[12, 14, "GPE"]]}"#,
        r#"{"text": "Miller: we won't hesitate.", "entities": [{"id": 7, "start_offset": 0, "end_offset": 6, "label": "PER"}, {"id": 9, "start_offset": 8, "end_offset": 25, "label": "quote"}], "relations": [{"id": 1, "from_id": 9, "to_id": 7, "type": "said_by"}]}"#,
        r#"{"text": "Kallas told reporters.", "spans": [{"start": 0, "end": 6, "label": "PER", "token_start": 0, "token_end": 0}], "meta": {"source": "wire"}}"#,
        "{not json",
        r#"{"text": "short", "label": [[0, 99, "PER"]]}"#,
        "{\"text\": \"line one\\r\\nline two\", \"label\": [[10, 14, \"claim\"]]}",
        r#"{"text": "Kim said no.", "label": [[0, 3, "PER"]]}"#,
    ];
    fs::write(&f, lines.join("\n")).unwrap();
    let o = run(&["import", s(&p), s(&f)]);
    let log = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(1), "{log}");
    assert!(log.contains("tools.jsonl:5: not JSON"), "{log}");
    assert!(
        log.contains("tools.jsonl:6: span 0..99 (PER) does not fit a text of 5 code points"),
        "{log}"
    );
    assert!(
        log.contains("tools.jsonl:8: same text as document"),
        "{log}"
    );
    assert!(log.contains("5 imported, 1 skipped, 2 failed"), "{log}");
    let project = marginalia::store::load(&p).unwrap();
    assert!(marginalia::model::validate(&project).is_empty());
    let names: Vec<&str> = project.labels.iter().map(|l| l.name.as_str()).collect();
    assert_eq!(
        names,
        ["claim", "quote", "PER", "GPE"],
        "unknown labels join the set"
    );
    let slice = |d: usize, i: usize| {
        let doc = &project.documents[d];
        let sp = &doc.spans[i];
        marginalia::model::text::slice_chars(&doc.text, sp.start, sp.end)
            .unwrap()
            .to_owned()
    };
    assert_eq!(slice(0, 0), "Kim");
    assert_eq!(slice(0, 1), "no");
    assert_eq!(slice(1, 0), "🇰🇵");
    assert_eq!(slice(2, 1), "we won't hesitate");
    let rel = &project.documents[2].relations[0];
    assert_eq!(rel.label, "said_by");
    assert_eq!(project.documents[2].span(&rel.head).unwrap().label, "quote");
    assert!(project.relation_label("said_by").is_some());
    assert_eq!(project.documents[3].source, "wire");
    assert_eq!(
        &*project.documents[4].text, "line one\r\nline two",
        "JSONL text kept exactly"
    );
    assert_eq!(slice(4, 0), "line");
}

#[test]
fn spacy_reads_the_spacy_export_when_installed() {
    // spaCy is optional here (CI installs it when it can): the script checks
    // that Doc(words, spaces) rebuilds the text and char_span(strict) aligns.
    let has_spacy = Command::new("python3")
        .args(["-c", "import spacy"])
        .output()
        .is_ok_and(|o| o.status.success());
    if !has_spacy {
        assert!(
            std::env::var_os("MARGINALIA_REQUIRE_SPACY").is_none(),
            "MARGINALIA_REQUIRE_SPACY is set but spaCy does not import"
        );
        eprintln!("spaCy not installed; skipping (scripts/check_spacy.py)");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let p = tricky_project(dir.path());
    export_all(&p, dir.path());
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("scripts/check_spacy.py");
    let o = python(&[s(&script), s(&dir.path().join("spacy.jsonl"))]).unwrap();
    let out = String::from_utf8_lossy(&o.stdout);
    assert!(
        o.status.success(),
        "{out}\n{}",
        String::from_utf8_lossy(&o.stderr)
    );
    assert!(
        out.contains("12 spans aligned, 4 cats set, 2 kb_ids"),
        "{out}"
    );
}

/// Per document text: its document labels and its spans' registry links.
type Judged = Vec<(
    String,
    std::collections::BTreeMap<String, Vec<String>>,
    Vec<(usize, usize, String)>,
)>;

fn judged(p: &marginalia::model::Project) -> Judged {
    let mut out: Judged = p
        .documents
        .iter()
        .map(|d| {
            let mut links: Vec<(usize, usize, String)> = d
                .spans
                .iter()
                .filter_map(|s| Some((s.start, s.end, s.entity.clone()?)))
                .collect();
            links.sort();
            // Choices compare as sets (a new project orders them as it
            // meets them).
            let mut labels = d.doc_labels.clone();
            labels.values_mut().for_each(|v| v.sort());
            (d.text.to_string(), labels, links)
        })
        .collect();
    out.sort();
    out
}

#[test]
fn document_labels_and_entity_links_round_trip_through_jsonl_spacy_and_doccano() {
    let dir = tempfile::tempdir().unwrap();
    let p = tricky_project(dir.path());
    export_all(&p, dir.path());
    let original = marginalia::store::load(&p).unwrap();
    let want = judged(&original);
    assert!(want.iter().any(|(_, l, _)| l.len() == 2));
    for file in ["out.jsonl", "spacy.jsonl", "doccano.jsonl"] {
        let q = dir.path().join(format!("back-{file}.ron"));
        ok(&run(&["new", s(&q)]));
        ok(&run(&["import", s(&q), s(&dir.path().join(file))]));
        ok(&run(&["validate", s(&q)]));
        let back = marginalia::store::load(&q).unwrap();
        assert_eq!(judged(&back), want, "{file}");
        let topic = back.doc_label_set("topic").expect(file);
        assert!(topic.choice("sanctions").is_some(), "{file}");
        let kim = back.entity("e-kim").expect(file);
        assert_eq!(kim.kb_id(), "Q56226", "{file}");
    }
    // spaCy cats: only the sets a document is judged on (the third has none).
    let tasks: Vec<serde_json::Value> = fs::read_to_string(dir.path().join("spacy.jsonl"))
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(
        tasks[0]["cats"].as_object().unwrap().len(),
        8,
        "topic's 5 and stance's 3"
    );
    assert_eq!(
        tasks[1]["cats"].as_object().unwrap().len(),
        3,
        "stance only"
    );
    assert!(
        tasks[2].get("cats").is_none(),
        "not judged is not 'none of them'"
    );
    // stats and entities on the command line.
    let stdout = |o: Output| {
        ok(&o);
        String::from_utf8(o.stdout).unwrap()
    };
    let stats: serde_json::Value =
        serde_json::from_str(&stdout(run(&["stats", s(&p), "--json"]))).unwrap();
    assert_eq!(stats["doc_labels"]["stance"]["hostile"], 1);
    assert_eq!(stats["doc_labels"]["topic"]["trade"], 0);
    assert_eq!(stats["entities"], 2);
    let listed = stdout(run(&["entities", s(&p), "--json"]));
    let first: serde_json::Value = serde_json::from_str(listed.lines().next().unwrap()).unwrap();
    // Who said what, exported with the entry.
    assert_eq!(first["said"][0]["label"], "quote");
    assert!(first["said"][0]["text"].as_str().unwrap().starts_with('“'));
    assert_eq!(
        (
            &first["id"],
            &first["mentions"],
            &first["attributed"],
            &first["kb_id"]
        ),
        (
            &serde_json::json!("e-kim"),
            &serde_json::json!(1),
            &serde_json::json!(1),
            &serde_json::json!("Q56226")
        )
    );
    // --doc-label filters documents; --entities writes the registry too.
    let only = dir.path().join("hostile.jsonl");
    let reg = dir.path().join("registry.jsonl");
    ok(&run(&[
        "export",
        s(&p),
        "-o",
        s(&only),
        "--doc-label",
        "stance:hostile",
        "--entities",
        s(&reg),
    ]));
    assert_eq!(fs::read_to_string(&only).unwrap().lines().count(), 1);
    assert_eq!(fs::read_to_string(&reg).unwrap().lines().count(), 2);
}

#[test]
fn doccano_classification_and_prodigy_textcat_import_as_document_labels() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("p.ron");
    ok(&run(&["new", s(&p)]));
    let lines = [
        r#"{"text": "Doccano classified this.", "label": ["positive", "topic:trade"]}"#,
        r#"{"text": "Prodigy choice.", "options": [{"id": "sanctions"}], "accept": ["sanctions"], "answer": "accept"}"#,
        r#"{"text": "Prodigy binary yes.", "label": "urgent", "answer": "accept"}"#,
        r#"{"text": "Prodigy binary no.", "label": "urgent", "answer": "reject"}"#,
    ];
    let f = dir.path().join("cats.jsonl");
    fs::write(&f, lines.join("\n")).unwrap();
    ok(&run(&["import", s(&p), s(&f)]));
    ok(&run(&["validate", s(&p)]));
    let project = marginalia::store::load(&p).unwrap();
    let labels = |i: usize| project.documents[i].doc_labels.clone();
    let v = |x: &[&str]| x.iter().map(|s| s.to_string()).collect::<Vec<_>>();
    assert_eq!(labels(0)["category"], v(&["positive"]));
    assert_eq!(labels(0)["topic"], v(&["trade"]));
    assert_eq!(labels(1)["category"], v(&["sanctions"]));
    assert_eq!(labels(2)["category"], v(&["urgent"]));
    assert!(labels(3).is_empty(), "a rejected answer sets nothing");
    let category = project.doc_label_set("category").unwrap();
    assert!(category.multiple);
    assert_eq!(category.choices.len(), 3);
}

#[test]
fn agreement_reports_kappa_per_document_label_set() {
    let dir = tempfile::tempdir().unwrap();
    let p = tricky_project(dir.path());
    let a = marginalia::store::load(&p).unwrap();
    let mut b = a.clone();
    // Both give every document a topic; they differ on one document's stance.
    let mut a = a;
    for (i, topic) in ["sanctions", "trade", "energy"].into_iter().enumerate() {
        for p in [&mut a, &mut b] {
            p.documents[i]
                .doc_labels
                .insert("topic".into(), vec![topic.into()]);
        }
    }
    b.documents[0]
        .doc_labels
        .insert("stance".into(), vec!["neutral".into()]);
    let (fa, fb) = (dir.path().join("lee.ron"), dir.path().join("kim.ron"));
    marginalia::store::save(&a, &fa).unwrap();
    marginalia::store::save(&b, &fb).unwrap();
    let o = run(&["agreement", s(&fa), s(&fb), "--json"]);
    ok(&o);
    let r: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let kappa = |set: &str| r["doc_labels"][set]["kappa"].as_f64().unwrap();
    assert!(kappa("stance") < 1.0, "{r}");
    assert!((kappa("topic") - 1.0).abs() < 1e-9, "{r}");
    let o = run(&["agreement", s(&fa), s(&fb)]);
    let table = String::from_utf8_lossy(&o.stdout);
    assert!(
        table.contains("document labels") && table.contains("stance"),
        "{table}"
    );
}

#[test]
fn directional_marks_and_zwnj_survive_import_and_slice_exactly() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("rtl.ron");
    ok(&run(&["new", s(&p), "--name", "rtl"]));
    // A title line, then Persian with ZWNJ, Arabic with an Arabic letter
    // mark and a right-to-left mark, Hebrew with a left-to-right mark.
    let text = "گزارش\n\
                سخنگو گفت: «تحریم\u{200c}های یک\u{200c}جانبه را نمی\u{200c}پذیریم.»\n\
                قال\u{061c} المتحدث\u{200f}: «لن نتردد».\n\
                שר החוץ\u{200e} U.S. אמר.";
    let txt = dir.path().join("rtl.txt");
    fs::write(&txt, text).unwrap();
    ok(&run(&["import", s(&p), s(&txt)]));
    let project = marginalia::store::load(&p).unwrap();
    let d = &project.documents[0];
    assert_eq!(&*d.text, text, "text kept exactly, marks and all");
    // Spans over words with marks inside, in code points.
    let body = d.text.to_string();
    let cp = |needle: &str| {
        let b = body.find(needle).unwrap();
        let start = body[..b].chars().count();
        (start, start + needle.chars().count())
    };
    let mut edited = project.clone();
    for (i, needle) in [
        "تحریم\u{200c}های یک\u{200c}جانبه",
        "المتحدث\u{200f}",
        "שר החוץ\u{200e} U.S.",
    ]
    .into_iter()
    .enumerate()
    {
        let (a, b) = cp(needle);
        edited.documents[0].insert_span(Span::new(format!("s{i}"), a, b, "quote"));
    }
    marginalia::store::save(&edited, &p).unwrap();
    let out = dir.path().join("out.jsonl");
    ok(&run(&["export", s(&p), "-o", s(&out)]));
    let line = fs::read_to_string(&out).unwrap();
    let v: serde_json::Value = serde_json::from_str(line.lines().next().unwrap()).unwrap();
    let chars: Vec<char> = v["text"].as_str().unwrap().chars().collect();
    let mut got: Vec<String> = v["spans"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            let (a, b) = (
                s["start"].as_u64().unwrap() as usize,
                s["end"].as_u64().unwrap() as usize,
            );
            chars[a..b].iter().collect()
        })
        .collect();
    got.sort();
    let mut want: Vec<String> = [
        "تحریم\u{200c}های یک\u{200c}جانبه",
        "المتحدث\u{200f}",
        "שר החוץ\u{200e} U.S.",
    ]
    .map(str::to_owned)
    .to_vec();
    want.sort();
    assert_eq!(got, want);
    // And Python slices the same (text[start:end]).
    let script = "import json,sys\nfor l in open(sys.argv[1], encoding='utf-8'):\n    d=json.loads(l)\n    for s in d['spans']: print(repr(d['text'][s['start']:s['end']]))";
    if let Some(o) = python(&["-c", script, s(&out)]) {
        let printed = String::from_utf8_lossy(&o.stdout).to_string();
        assert!(
            printed.contains("\\u200c") || printed.contains("\u{200c}"),
            "{printed}"
        );
        assert_eq!(printed.lines().count(), 3, "{printed}");
    }
}
