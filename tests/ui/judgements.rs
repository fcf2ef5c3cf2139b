//! Document labels by key and the entity registry: link by type-ahead, a
//! new entry from a span, merging flagged duplicates, undo.

use crate::common::*;
use egui::{Key, Modifiers};
use egui_kittest::kittest::Queryable as _;

fn doc_labels(
    h: &egui_kittest::Harness<'_, marginalia::app::MarginaliaApp>,
    set: &str,
) -> Vec<String> {
    h.state()
        .document()
        .unwrap()
        .doc_labels
        .get(set)
        .cloned()
        .unwrap_or_default()
}

#[test]
fn document_labels_by_key_and_buttons_then_undo() {
    let (_dir, path) = sample_copy();
    let mut h = harness(&path);
    // The sets are shown beside the article.
    h.get_by_label("Document labels");
    // Shift+1: the first set's first choice; Shift+6: the second set's first.
    h.key_press_modifiers(Modifiers::SHIFT, Key::Num1);
    h.run();
    assert_eq!(doc_labels(&h, "topic"), ["sanctions"]);
    h.key_press_modifiers(Modifiers::SHIFT, Key::Num4);
    h.run();
    assert_eq!(
        doc_labels(&h, "topic"),
        ["sanctions", "trade"],
        "several topics"
    );
    h.key_press_modifiers(Modifiers::SHIFT, Key::Num6);
    h.run();
    assert_eq!(doc_labels(&h, "stance"), ["hostile"]);
    // One stance at a time: another replaces it (a button this time).
    h.get_by_label("neutral").click();
    h.run();
    assert_eq!(doc_labels(&h, "stance"), ["neutral"]);
    // Plain 1 still labels text, it does not set a document label.
    assert_eq!(doc_labels(&h, "topic").len(), 2);
    for want in [vec!["hostile"], vec![]] {
        h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
        h.run();
        assert_eq!(doc_labels(&h, "stance"), want);
    }
    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    h.run();
    assert_eq!(doc_labels(&h, "topic"), ["sanctions"]);
}

/// Selects the current document's `n`-th speaker span by clicking it.
fn click_speaker(
    h: &mut egui_kittest::Harness<'_, marginalia::app::MarginaliaApp>,
    n: usize,
) -> String {
    let span = h
        .state()
        .document()
        .unwrap()
        .spans
        .iter()
        .filter(|s| s.label == "speaker")
        .nth(n)
        .cloned()
        .unwrap();
    // A character of it no other span covers (a name inside it is its own span).
    let doc = h.state().document().unwrap().clone();
    let c = (span.start..span.end)
        .find(|&c| {
            doc.spans
                .iter()
                .all(|o| o.id == span.id || !(o.start <= c && c < o.end))
        })
        .expect("a character only the speaker covers");
    click_char(h, c);
    h.run();
    assert_eq!(
        h.state().session.selected_span.as_deref(),
        Some(span.id.as_str())
    );
    span.id
}

fn entity_of(
    h: &egui_kittest::Harness<'_, marginalia::app::MarginaliaApp>,
    span: &str,
) -> Option<String> {
    h.state()
        .document()
        .unwrap()
        .span(span)
        .unwrap()
        .entity
        .clone()
}

#[test]
fn link_speakers_by_type_ahead_merge_duplicates_and_undo() {
    let (_dir, path) = sample_copy();
    let mut h = harness(&path);
    let speakers = h
        .state()
        .document()
        .unwrap()
        .spans
        .iter()
        .filter(|s| s.label == "speaker")
        .count();
    assert!(speakers >= 2, "the shown sample article has two speakers");
    // A new entry from the first speaker, named as typed.
    let first = click_speaker(&mut h, 0);
    h.get_by_label("Link to entry").click();
    h.run();
    type_text(&h, "Matthew Miller");
    h.run();
    // Enter: no entry matches yet, so a new one named as typed.
    h.key_press(Key::Enter);
    h.run();
    let id = entity_of(&h, &first).expect("linked to the new entry");
    let p = h.state().session.project.clone().unwrap();
    assert_eq!(p.entity(&id).unwrap().name, "Matthew Miller");
    // The second speaker: type part of the name, pick the offer.
    let second = click_speaker(&mut h, 1);
    h.get_by_label("Link to entry").click();
    h.run();
    type_text(&h, "mill");
    h.run();
    h.get_by_label("Link to Matthew Miller (person)").click();
    h.run();
    assert_eq!(entity_of(&h, &second).as_deref(), Some(id.as_str()));
    // Undo the link; then make a second "Matthew Miller" on purpose: the
    // registry flags the two, and merging moves the mention.
    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    h.run();
    assert_eq!(entity_of(&h, &second), None);
    click_speaker(&mut h, 1);
    h.get_by_label("Link to entry").click();
    h.run();
    type_text(&h, "Matthew Miller");
    h.run();
    h.get_by_label("New entry from this span").click();
    h.run();
    let other = entity_of(&h, &second).unwrap();
    assert_ne!(other, id);
    h.key_press_modifiers(Modifiers::COMMAND, Key::E);
    h.run();
    h.get_by_label("Merge").click();
    h.run();
    let p = h.state().session.project.clone().unwrap();
    assert_eq!(p.entities.len(), 1);
    assert_eq!(
        entity_of(&h, &second).as_deref(),
        Some(id.as_str()),
        "the mention follows"
    );
    assert_eq!(marginalia::model::registry::mentions(&p, &id).len(), 2);
    // Undo the merge: two entries again, each with its mention.
    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    h.run();
    assert_eq!(entity_of(&h, &second).as_deref(), Some(other.as_str()));
    assert_eq!(
        h.state().session.project.as_ref().unwrap().entities.len(),
        2
    );
    // The registry window lists who said what for an entry.
    let said = {
        let p = h.state().session.project.clone().unwrap();
        marginalia::model::registry::counts(&p)[id.as_str()].attributed
    };
    h.get_by_label(&format!("Matthew Miller (person)  1·{said}"))
        .click();
    h.run();
    h.get_by_label(&format!("Who said what ({said})"));
}

#[test]
fn comment_on_a_span_reply_resolve_and_undo() {
    let (_dir, path) = sample_copy();
    let mut h = harness(&path);
    let span = click_speaker(&mut h, 0);
    h.get_by_label_contains("Comments on this span").click();
    h.run();
    h.get_by_label("New comment").click();
    h.run();
    type_text(&h, "Is this the spokesman or the department?");
    h.key_press(Key::Enter);
    h.run();
    let threads = |h: &egui_kittest::Harness<'_, marginalia::app::MarginaliaApp>| {
        h.state().document().unwrap().threads.clone()
    };
    let t = threads(&h);
    assert_eq!(t.len(), 1);
    assert_eq!(t[0].span.as_deref(), Some(span.as_str()));
    h.get_by_label("Comments on this span (1 open)");
    h.get_by_label("Reply text").click();
    h.run();
    type_text(&h, "The spokesman.");
    h.get_by_label("Reply").click();
    h.run();
    assert_eq!(threads(&h)[0].comments.len(), 2);
    h.get_by_label("Resolve").click();
    h.run();
    assert!(threads(&h)[0].resolved);
    h.get_by_label("Comments on this span");
    // Undo: open again, then one comment, then none.
    for want in [(1, false, 2), (1, false, 1), (0, false, 0)] {
        h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
        h.run();
        let t = threads(&h);
        assert_eq!(t.len(), want.0);
        if let Some(t) = t.first() {
            assert_eq!((t.resolved, t.comments.len()), (want.1, want.2));
        }
    }
}

#[test]
fn escape_closes_the_registry_and_the_set_editor() {
    let (_dir, path) = sample_copy();
    let mut h = harness(&path);
    h.key_press_modifiers(Modifiers::COMMAND, Key::E);
    h.run();
    assert!(h.state().view.registry.open);
    h.key_press(Key::Escape);
    h.run();
    assert!(!h.state().view.registry.open);
    h.get_by_label("Edit sets…").click();
    h.run();
    assert!(h.state().view.doc_sets_open);
    h.key_press(Key::Escape);
    h.run();
    assert!(!h.state().view.doc_sets_open);
}
