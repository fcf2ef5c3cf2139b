use super::*;
use crate::edit::Edit;
use crate::model::{CreationInfo, Label, palette_color, validate};

const TEXT: &str = "Washington won't hesitate to impose sanctions, spokesman Matthew Miller said.";

fn span(id: &str, start: usize, end: usize, label: &str, who: &str) -> Span {
    let mut s = Span::new(id, start, end, label);
    s.annotator = who.into();
    s
}

fn project(spans: Vec<Span>) -> Project {
    let mut p = Project::new("p", CreationInfo::now("t"));
    let mut d = Document::new("d1", "Miller", TEXT);
    for s in spans {
        d.insert_span(s);
    }
    p.documents.push(d);
    p
}

fn doc(p: &Project) -> &Document {
    &p.documents[0]
}

#[test]
fn merging_unites_spans_with_attribution_and_flags_disagreements() {
    let a = project(vec![
        span("a1", 0, 10, "entity", "kim"),           // both made it
        span("a2", 11, 45, "sanction_threat", "kim"), // lee says claim: same range
        span("a3", 57, 71, "speaker", "kim"),         // lee: 48..71 speaker, overlapping
        span("a4", 0, 77, "quote", "kim"),            // nothing from lee here: no conflict
    ]);
    let mut b = project(vec![
        span("b1", 0, 10, "entity", "lee"),
        span("b2", 11, 45, "claim", "lee"),
        span("b3", 48, 71, "speaker", "lee"),
        span("b4", 37, 45, "entity", "lee"), // nested in a2/b2, other label: fine
    ]);
    b.labels.push(Label::new("rumour", palette_color(9), ""));
    b.documents.push(Document::new("d2", "Other", "Only in B."));
    let (m, r) = merge_all(&[a.clone(), b]);
    assert!(validate(&m).is_empty(), "{:?}", validate(&m));
    let d = doc(&m);
    assert_eq!(d.spans.len(), 7, "a1 and b1 are one span");
    let shared = d.span("a1").unwrap();
    assert_eq!(shared.annotators().collect::<Vec<_>>(), ["kim", "lee"]);
    assert_eq!(shared.conflict, "");
    let flagged = |id: &str| d.span(id).unwrap().conflict.clone();
    assert!(!flagged("a2").is_empty());
    assert_eq!(flagged("a2"), flagged("b2"), "one disagreement");
    assert!(!flagged("a3").is_empty());
    assert_eq!(flagged("a3"), flagged("b3"));
    assert_ne!(flagged("a2"), flagged("a3"));
    assert_eq!(flagged("a4"), "");
    assert_eq!(flagged("b4"), "");
    assert_eq!(r.conflicts, 2);
    assert_eq!(r.conflicting_spans, 4);
    assert_eq!(r.spans_shared, 1);
    assert_eq!(r.documents_added, 1);
    assert_eq!(r.labels_added, ["rumour"]);
    assert!(m.label("rumour").is_some());
    // Nothing anyone annotated is lost.
    for s in &a.documents[0].spans {
        assert!(d.spans.iter().any(|x| span_key(x) == span_key(s)));
    }
}

#[test]
fn documents_match_by_text_when_ids_differ_and_merging_with_itself_changes_nothing() {
    let a = project(vec![span("a1", 0, 10, "entity", "kim")]);
    let mut b = project(vec![span("b1", 57, 71, "speaker", "lee")]);
    b.documents[0].id = "other-id".into();
    let (m, _) = merge_all(&[a.clone(), b]);
    assert_eq!(m.documents.len(), 1);
    assert_eq!(doc(&m).spans.len(), 2);

    let mut rich = a.clone();
    let d = &mut rich.documents[0];
    d.insert_span(span("a2", 11, 45, "claim", "kim"));
    d.insert_relation(Relation::new("r1", "a2", "a1", "attributed_to"));
    d.note = "check".into();
    let (m, r) = merge_all(&[rich.clone(), rich.clone(), rich.clone()]);
    assert_eq!(m, rich);
    assert_eq!(r.conflicts, 0);
}

#[test]
fn three_way_takes_both_sides_changes_to_different_spans() {
    let base = project(vec![
        span("s1", 0, 10, "entity", "kim"),
        span("s2", 11, 45, "claim", "kim"),
    ]);
    let mut ours = base.clone();
    ours.documents[0].insert_span(span("s3", 57, 71, "speaker", "kim"));
    ours.documents[0].spans[0].label = "speaker".into(); // s1 relabeled
    ours.documents[0].sort_spans();
    let mut theirs = base.clone();
    theirs.documents[0].spans.retain(|s| s.id != "s2");
    theirs.documents[0].insert_span(span("s4", 72, 76, "entity", "lee"));
    theirs.documents[0].status = Status::Done;
    let (m, r) = three_way(&base, &ours, &theirs);
    assert!(validate(&m).is_empty());
    let d = doc(&m);
    let ids: Vec<&str> = d.spans.iter().map(|s| s.id.as_str()).collect();
    assert_eq!(ids, ["s1", "s3", "s4"]);
    assert_eq!(d.span("s1").unwrap().label, "speaker");
    assert_eq!(d.status, Status::Done);
    assert_eq!(r.conflicts, 0);
    assert!(d.spans.iter().all(|s| s.conflict.is_empty()));
}

#[test]
fn three_way_keeps_every_version_of_a_true_conflict() {
    let base = project(vec![
        span("s1", 0, 10, "entity", "kim"),
        span("s2", 11, 45, "claim", "kim"),
    ]);
    let mut ours = base.clone();
    ours.documents[0].spans[0].label = "speaker".into();
    ours.documents[0].spans.retain(|s| s.id != "s2");
    ours.documents[0].insert_span(span("o1", 57, 71, "speaker", "kim"));
    ours.documents[0].note = "ours".into();
    let mut theirs = base.clone();
    theirs.documents[0].spans[0].label = "quote".into();
    theirs.documents[0].spans[1].note = "changed".into();
    theirs.documents[0].insert_span(span("t1", 57, 71, "quote", "lee"));
    theirs.documents[0].insert_span(span("t2", 0, 10, "entity", "lee"));
    theirs.documents[0].note = "theirs".into();
    for d in [&mut ours.documents[0], &mut theirs.documents[0]] {
        d.sort_spans();
    }
    let (m, r) = three_way(&base, &ours, &theirs);
    assert!(validate(&m).is_empty(), "{:?}", validate(&m));
    let d = doc(&m);
    let find = |label: &str, start: usize| {
        d.spans
            .iter()
            .find(|s| s.label == label && s.start == start)
            .unwrap_or_else(|| panic!("{label}@{start} missing: {:#?}", d.spans))
    };
    // s1: relabeled both ways: both kept, one group.
    let (a, b) = (find("speaker", 0), find("quote", 0));
    assert!(!a.conflict.is_empty());
    assert_eq!(a.conflict, b.conflict);
    // s2: removed by ours, changed by theirs: kept, flagged.
    let s2 = d.span("s2").expect("kept");
    assert_eq!(s2.note, "changed");
    assert!(!s2.conflict.is_empty());
    // o1/t1: both added the same range with other labels.
    assert_eq!(find("speaker", 57).conflict, find("quote", 57).conflict);
    assert!(!find("quote", 57).conflict.is_empty());
    // t2 is new (entity 0..10) and disagrees with nothing it shares no copy with? It
    // has the range of s1 with another label than ours' speaker: flagged too.
    assert!(!find("entity", 0).conflict.is_empty());
    assert_eq!(d.note, "ours\n---\ntheirs");
    assert!(r.conflicts >= 3, "{r:?}");
}

#[test]
fn document_labels_set_differently_are_disputed_and_entries_merge_by_id() {
    use crate::model::{Entity, EntityKind, judgement::sample_doc_label_sets};
    let mut base = project(vec![span("m", 57, 71, "speaker", "kim")]);
    base.doc_label_sets = sample_doc_label_sets();
    base.entities = vec![Entity::new(
        "e-miller",
        "Matthew Miller",
        EntityKind::Person,
    )];
    let set = |p: &mut Project, s: &str, v: &[&str]| {
        p.documents[0]
            .doc_labels
            .insert(s.into(), v.iter().map(|x| x.to_string()).collect());
    };
    let (mut ours, mut theirs) = (base.clone(), base.clone());
    set(&mut ours, "stance", &["hostile"]);
    set(&mut theirs, "stance", &["neutral"]);
    set(&mut theirs, "topic", &["trade"]); // only theirs: taken
    // Theirs renamed the entry (ours did not touch it) and made its own
    // "Matthew Miller" under another id: flagged, not silently kept as two.
    theirs.entities[0].aliases.push("Miller".into());
    theirs.entities.push(Entity::new(
        "e-matthew-miller",
        "Matthew Miller",
        EntityKind::Person,
    ));
    for (merged, report) in [
        three_way(&base, &ours, &theirs),
        merge_all(&[ours.clone(), theirs.clone()]),
    ] {
        let d = doc(&merged);
        assert_eq!(d.doc_labels["stance"], ["hostile"], "ours stands");
        assert_eq!(
            d.disputed["stance"],
            [vec!["neutral".to_owned()]],
            "theirs kept to curate"
        );
        assert_eq!(d.doc_labels["topic"], ["trade"]);
        assert_eq!(report.doc_labels_disputed, 1);
        assert_eq!(merged.entities.len(), 2);
        assert_eq!(merged.entity("e-miller").unwrap().aliases, ["Miller"]);
        assert_eq!(report.entities_flagged, 1);
        assert!(validate(&merged).is_empty(), "{:?}", validate(&merged));
    }
    // Three-way: a change only theirs made is simply taken.
    let mut ours2 = base.clone();
    set(&mut ours2, "stance", &["hostile"]);
    let (m, r) = three_way(&ours2, &ours2, &theirs);
    assert_eq!(doc(&m).doc_labels["stance"], ["neutral"]);
    assert_eq!(r.doc_labels_disputed, 0);
}

#[test]
fn active_time_adds_up_per_analyst_in_merges() {
    let mut base = project(vec![]);
    base.documents[0].active_ms.insert("kim".into(), 10_000);
    let (mut kim, mut lee) = (base.clone(), base.clone());
    kim.documents[0].active_ms.insert("kim".into(), 25_000);
    lee.documents[0].active_ms.insert("lee".into(), 30_000);
    // Each analyst's own copy: both kept.
    let (m, _) = merge_all(&[kim.clone(), lee.clone()]);
    let t = &doc(&m).active_ms;
    assert_eq!((t["kim"], t["lee"]), (25_000, 30_000));
    // Three-way: what theirs added since the base, on top of ours.
    lee.documents[0].active_ms.insert("kim".into(), 12_000);
    let (m, _) = three_way(&base, &kim, &lee);
    let t = &doc(&m).active_ms;
    assert_eq!((t["kim"], t["lee"]), (27_000, 30_000));
}

#[test]
fn merges_keep_links_threads_and_what_one_side_settled_or_removed() {
    use crate::model::{Entity, EntityKind, IdGen};
    let mut base = project(vec![span("m", 57, 71, "speaker", "kim")]);
    base.entities = vec![
        Entity::new("e-gone", "Gone", EntityKind::Person),
        Entity::new("e-miller", "Matthew Miller", EntityKind::Person),
    ];
    base.documents[0]
        .disputed
        .insert("stance".into(), vec![vec!["neutral".into()]]);
    // n-way: the same span made by both, linked by one; a thread on a span
    // whose id differs between the copies follows it.
    let a = project(vec![span("a1", 57, 71, "speaker", "kim")]);
    let mut b = project(vec![span("b1", 57, 71, "speaker", "lee")]);
    b.entities = base.entities.clone();
    b.documents[0].spans[0].entity = Some("e-miller".into());
    let d = b.documents[0].clone();
    let mut ids = IdGen::seeded(1);
    crate::comments::start(&d, Some("b1"), "lee", "Who?", &mut ids)
        .unwrap()
        .apply(&mut b)
        .unwrap();
    let (m, _) = merge_all(&[a, b]);
    let s = &doc(&m).spans[0];
    assert_eq!(
        s.entity.as_deref(),
        Some("e-miller"),
        "the link comes along"
    );
    assert_eq!(
        doc(&m).threads[0].span.as_deref(),
        Some(s.id.as_str()),
        "the thread follows its span"
    );
    // Three-way: ours removed an entry and settled a dispute; theirs did not
    // touch either: both stay as ours left them.
    let mut ours = base.clone();
    ours.entities.retain(|e| e.id != "e-gone");
    ours.documents[0].disputed.clear();
    let theirs = base.clone();
    let (m, _) = three_way(&base, &ours, &theirs);
    assert!(m.entity("e-gone").is_none(), "a removal stands");
    assert!(
        doc(&m).disputed.is_empty(),
        "a settled dispute stays settled"
    );
    // A reviewed document theirs reopened is no longer reviewed.
    let mut base2 = base.clone();
    base2.documents[0].status = Status::Done;
    let mut ours2 = base2.clone();
    ours2.documents[0].review = Some(crate::model::Review {
        by: "kim".into(),
        at: chrono::Utc::now(),
    });
    let mut theirs2 = base2.clone();
    theirs2.documents[0].status = Status::InProgress;
    let (m, _) = three_way(&base2, &ours2, &theirs2);
    assert_eq!(doc(&m).status, Status::InProgress);
    assert!(doc(&m).review.is_none());
}

#[test]
fn three_way_takes_theirs_edits_to_a_set_and_keeps_what_ours_documents_hold() {
    use crate::model::judgement::sample_doc_label_sets;
    let mut base = project(vec![]);
    base.doc_label_sets = sample_doc_label_sets();
    let mut ours = base.clone();
    ours.documents[0]
        .doc_labels
        .insert("stance".into(), vec!["neutral".into()]);
    let mut theirs = base.clone();
    theirs.doc_label_sets[1].description = "Tone toward the sanctioned state.".into();
    theirs.doc_label_sets[1]
        .choices
        .retain(|c| c.name != "neutral");
    let (m, _) = three_way(&base, &ours, &theirs);
    let stance = m.doc_label_set("stance").unwrap();
    assert_eq!(stance.description, "Tone toward the sanctioned state.");
    assert!(
        stance.choice("neutral").is_some(),
        "ours' document still holds it"
    );
    assert!(validate(&m).is_empty(), "{:?}", validate(&m));
}

fn saved(p: &mut Project, name: &str, query: Option<&str>) {
    Edit::SetSavedQuery {
        name: name.into(),
        query: query.map(str::to_owned),
    }
    .apply(p)
    .expect("saved query edit applies");
}

fn queries(p: &Project) -> Vec<(&str, &str)> {
    p.saved_queries
        .iter()
        .map(|q| (q.name.as_str(), q.query.as_str()))
        .collect()
}

#[test]
fn saved_queries_merge_by_name_and_never_lose_a_version() {
    let mut base = project(vec![]);
    saved(
        &mut base,
        "no speaker",
        Some("label:quote -rel:attributed_to"),
    );
    saved(&mut base, "old", Some("status:done"));
    saved(&mut base, "both", Some("label:claim"));
    let (mut kim, mut lee) = (base.clone(), base.clone());
    // kim: removes "old", changes "both", adds "kim's".
    saved(&mut kim, "old", None);
    saved(&mut kim, "both", Some("label:claim status:done"));
    saved(&mut kim, "kim's", Some("assignee:kim"));
    // lee: changes "no speaker", changes "both" differently, adds "lee's".
    saved(
        &mut lee,
        "no speaker",
        Some("label:quote -rel:attributed_to -suggested"),
    );
    saved(&mut lee, "both", Some("label:claim conflict"));
    saved(&mut lee, "lee's", Some("assignee:lee"));
    let (m, _) = three_way(&base, &kim, &lee);
    assert!(validate(&m).is_empty(), "{:?}", validate(&m));
    assert_eq!(
        queries(&m),
        [
            ("both", "label:claim status:done"),
            ("both (2)", "label:claim conflict"),
            ("kim's", "assignee:kim"),
            ("lee's", "assignee:lee"),
            ("no speaker", "label:quote -rel:attributed_to -suggested"),
        ],
        "theirs' change taken where ours kept the base; ours' removal stands; \
         both changed: both kept"
    );
    // Merged again (the merge driver runs on every pull): nothing doubles.
    let (again, _) = three_way(&base, &m, &lee);
    assert_eq!(queries(&again), queries(&m));
    // N-way: a name both have for different queries is kept twice.
    let (m, _) = merge_all(&[kim.clone(), lee.clone()]);
    assert!(validate(&m).is_empty(), "{:?}", validate(&m));
    let names: Vec<&str> = queries(&m).iter().map(|q| q.0).collect();
    assert_eq!(
        names,
        [
            "both",
            "both (2)",
            "kim's",
            "lee's",
            "no speaker",
            "no speaker (2)",
            "old"
        ]
    );
}

#[test]
fn a_changed_saved_query_is_not_taken_for_one_an_analyst_named_alike() {
    let mut base = project(vec![]);
    saved(&mut base, "q", Some("label:quote"));
    let mut ours = base.clone();
    saved(&mut ours, "q (old)", Some("label:claim"));
    let mut theirs = base.clone();
    saved(&mut theirs, "q", Some("label:claim"));
    let (m, _) = three_way(&base, &ours, &theirs);
    assert_eq!(
        queries(&m),
        [("q", "label:claim"), ("q (old)", "label:claim")],
        "theirs' change to q is kept"
    );
}
