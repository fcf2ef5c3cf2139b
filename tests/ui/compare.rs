//! Comparing with a colleague's copy and curating disagreements.

use crate::common::*;
use egui::{Key, Modifiers};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable as _;
use marginalia::app::MarginaliaApp;

#[test]
fn comparing_with_a_colleagues_copy_curates_each_disagreement_with_keys() {
    let (dir, path) = sample_copy();
    let mut h = harness(&path);
    let current = h.state().session.current;
    h.state_mut().session.project.as_mut().unwrap().documents[current]
        .doc_labels
        .insert("stance".into(), vec!["hostile".into()]);
    let mine = h.state().session.project.clone().unwrap();
    let doc = &mine.documents[current];
    assert!(doc.spans.len() >= 3, "the shown sample document has spans");
    // Lee relabeled the first span, dropped the second and added one.
    let mut theirs = mine.clone();
    let d = &mut theirs.documents[current];
    let first = d.spans[0].clone();
    let second = d.spans[1].clone();
    d.spans[0].label = if first.label == "claim" {
        "quote"
    } else {
        "claim"
    }
    .into();
    d.spans[0].annotator = "lee".into();
    d.spans.retain(|s| s.id != second.id);
    d.relations
        .retain(|r| r.head != second.id && r.child != second.id);
    let added =
        marginalia::model::Span::new("lee1", doc.len_chars() - 6, doc.len_chars() - 1, "entity");
    d.insert_span(added.clone());
    d.sort_spans();
    // And judged the article's stance otherwise (mine: hostile).
    theirs.documents[current]
        .doc_labels
        .insert("stance".into(), vec!["neutral".into()]);
    let lee = dir.path().join("lee.ron");
    marginalia::store::save(&theirs, &lee).unwrap();

    h.state_mut().push(marginalia::app::Cmd::Compare(lee));
    h.step();
    let t0 = std::time::Instant::now();
    while h.state().comparing() {
        assert!(t0.elapsed().as_secs() < 30, "comparison did not finish");
        std::thread::sleep(std::time::Duration::from_millis(5));
        h.step();
    }
    h.run();
    h.get_by_label("Compare with lee");
    h.get_by_label_contains("Agreement: F1").click();
    h.run();
    assert!(
        h.query_all_by_label("F1 exact").count() >= 1,
        "table and chart"
    );
    assert_eq!(
        h.query_all_by_label("kappa").count(),
        2,
        "spans and document labels"
    );
    h.get_by_label("document labels");
    h.get_by_label("stance");
    h.get_by_label_contains("Disagreement 1 of");
    let before = h.state().compare.as_ref().unwrap().ranges.len();
    assert!(before >= 2, "{before}");

    // Walk to the relabeled span's disagreement and take theirs with B.
    let at = |h: &Harness<'_, MarginaliaApp>| {
        let c = h.state().compare.as_ref().unwrap();
        c.ranges[c.index].clone()
    };
    while at(&h).start != first.start {
        h.key_press(Key::J);
        h.run();
    }
    h.key_press(Key::B);
    h.run();
    let spans = &h.state().document().unwrap().spans;
    assert!(spans.iter().any(|s| s.start == first.start
        && s.end == first.end
        && s.label != first.label
        && s.annotator == "lee"));
    assert!(!spans.iter().any(|s| s.id == first.id), "mine replaced");
    assert_eq!(h.state().compare.as_ref().unwrap().ranges.len(), before - 1);

    // The removed span: keep mine with A (nothing changes, the disagreement goes).
    while at(&h).start != second.start {
        h.key_press(Key::J);
        h.run();
    }
    let n = h.state().document().unwrap().spans.len();
    h.key_press(Key::A);
    h.run();
    assert_eq!(h.state().document().unwrap().spans.len(), n);
    assert!(h.state().document().unwrap().span(&second.id).is_some());

    // Lee's added span: "Both" with the button adds it.
    while at(&h).start != added.start {
        h.key_press(Key::J);
        h.run();
    }
    h.get_by_label("Keep both (C)").click();
    h.run();
    assert!(
        h.state()
            .document()
            .unwrap()
            .spans
            .iter()
            .any(|s| s.start == added.start && s.label == "entity")
    );
    h.get_by_label_contains("No disagreements left");
    // Every curation step is undoable, and undone disagreements show again.
    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    h.run();
    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    h.run();
    assert_eq!(h.state().session.project.as_ref(), Some(&mine));
    assert_eq!(h.state().compare.as_ref().unwrap().ranges.len(), before);
}
