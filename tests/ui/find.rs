//! Find and label all occurrences.

use crate::common::*;
use egui::{Key, Modifiers};
use egui_kittest::kittest::Queryable as _;

#[test]
fn find_highlights_matches_and_label_all_occurrences_previews_first() {
    let (_dir, path) = sample_copy();
    let mut h = harness(&path);
    h.key_press_modifiers(Modifiers::COMMAND, Key::F);
    h.run();
    type_text(&h, "Pyongyang");
    h.run();
    let n = h.state().find.matches.len();
    assert_eq!(n, 3, "three mentions in the article");
    h.get_by_label("Whole project").click();
    h.run();
    let expected = docs_where(h.state(), |d| d.text.contains("Pyongyang"));
    assert_eq!(h.state().find.project_hits.len(), expected);
    h.get_by_label_contains(&format!("In {expected} document"));
    // Edits to spans keep the project's hits (texts never change); removing
    // a document with a hit updates them, and undo brings it back.
    let other = {
        let s = h.state();
        let (i, ..) = s.find.project_hits[0];
        s.session.project.as_ref().unwrap().documents[i].id.clone()
    };
    h.state_mut().push(marginalia::app::Cmd::Apply(
        marginalia::edit::Edit::RemoveDocument { doc: other },
    ));
    h.run();
    assert_eq!(h.state().find.project_hits.len(), expected - 1);
    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    h.run();
    assert_eq!(h.state().find.project_hits.len(), expected);
    h.key_press(Key::Escape);
    h.run();
    // Label all occurrences of a selected word: 1 here, 3 in the project.
    let r = find_in_doc(h.state(), "Seoul");
    double_click_char(&mut h, r.start + 2);
    assert_eq!(h.state().session.selection, Some(r.clone()));
    h.get_by_label("Label all occurrences…").click();
    h.run();
    h.get_by_label("Label 1 occurrences");
    h.get_by_label("In the whole project").click();
    h.run();
    h.get_by_label("Label 3 occurrences").click();
    h.run();
    let p = h.state().session.project.as_ref().unwrap();
    let labeled: usize = p
        .documents
        .iter()
        .flat_map(|d| d.spans.iter().map(move |s| (d, s)))
        .filter(|(d, s)| {
            s.label == "claim"
                && marginalia::model::text::slice_chars(&d.text, s.start, s.end) == Some("Seoul")
        })
        .count();
    assert_eq!(labeled, 3);
    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    h.run();
    assert_eq!(
        h.state().session.project.as_ref().unwrap().span_count(),
        30,
        "one undo step"
    );
}

#[test]
fn enter_walks_every_hit_of_the_project_in_document_order() {
    let (_dir, path) = sample_copy();
    let mut h = harness(&path);
    // Ctrl+Shift+F: find with "Whole project" on.
    h.key_press_modifiers(Modifiers::COMMAND | Modifiers::SHIFT, Key::F);
    h.run();
    assert!(h.state().find.open && h.state().find.whole_project);
    type_text(&h, "North Korea");
    h.run();
    let hits = h.state().find.project_hits.clone();
    assert!(hits.len() >= 2, "{hits:?}");
    let total: usize = hits.iter().map(|h| h.1).sum();
    let mut seen = std::collections::BTreeSet::new();
    let mut docs = Vec::new();
    for _ in 0..total {
        h.key_press(Key::Enter);
        h.run();
        let s = h.state();
        let c = s.find.current.expect("a current hit");
        seen.insert((s.session.current, c));
        if docs.last() != Some(&s.session.current) {
            docs.push(s.session.current);
        }
        // The hit is selected in the shown document.
        assert_eq!(s.session.selection.as_ref(), Some(&s.find.matches[c]));
    }
    assert_eq!(seen.len(), total, "every hit once: {seen:?}");
    let mut order: Vec<usize> = hits.iter().map(|h| h.0).collect();
    let start = order.iter().position(|&d| d == docs[0]).unwrap();
    order.rotate_left(start);
    // The first hit was current before the first Enter, so the walk ends
    // back on it: every document in order, then around again.
    assert_eq!(&docs[..order.len()], &order[..], "documents in order");
    assert_eq!(docs.get(order.len()), Some(&order[0]), "wrapping around");
    // Shift+Enter goes back across the document boundary to the last hit.
    let here = h.state().session.current;
    for _ in 0..h.state().find.current.unwrap() + 1 {
        h.key_press_modifiers(Modifiers::SHIFT, Key::Enter);
        h.run();
    }
    assert_ne!(
        h.state().session.current,
        here,
        "went back into the previous document"
    );
    assert_eq!(
        h.state().find.current,
        Some(h.state().find.matches.len() - 1),
        "at its last hit"
    );
}

#[test]
fn label_all_defaults_to_the_label_last_applied() {
    let (_dir, path) = sample_copy();
    let mut h = harness(&path);
    let select = |h: &mut egui_kittest::Harness<'_, marginalia::app::MarginaliaApp>, w: &str| {
        let r = find_in_doc(h.state(), w);
        h.state_mut()
            .push(marginalia::app::Cmd::SetSelection(Some(r)));
        h.run();
    };
    select(&mut h, "Pyongyang");
    h.key_press(Key::Num5); // entity
    h.run();
    assert_eq!(h.state().session.last_label.as_deref(), Some("entity"));
    select(&mut h, "Russia");
    h.state_mut().push(marginalia::app::Cmd::Show(
        marginalia::app::Dialog::LabelAll,
    ));
    h.run();
    let preview = h
        .state()
        .view
        .label_all
        .as_ref()
        .expect("the preview opens");
    assert_eq!(
        preview.label, "entity",
        "the label last applied, not the first"
    );
}

#[test]
fn label_all_takes_its_label_by_key_and_enter_labels() {
    let (_dir, path) = sample_copy();
    let mut h = harness(&path);
    let r = find_in_doc(h.state(), "Pyongyang");
    h.state_mut()
        .push(marginalia::app::Cmd::SetSelection(Some(r.clone())));
    h.run();
    h.get_by_label("Label all occurrences…").click();
    h.run();
    let spans_before = h.state().session.project.as_ref().unwrap().documents[0]
        .spans
        .len();
    h.key_press(Key::Num2); // quote: chosen in the dialog, nothing labelled yet
    h.run();
    let preview = h.state().view.label_all.clone().expect("still open");
    assert_eq!(preview.label, "quote");
    assert!(!preview.matches.is_empty());
    let doc = &h.state().session.project.as_ref().unwrap().documents[0];
    assert_eq!(
        doc.spans.len(),
        spans_before,
        "the key only chose the label"
    );
    h.get_by_label_contains("choose the label");
    h.key_press(Key::Enter);
    h.run();
    assert!(
        h.state().view.label_all.is_none(),
        "Enter labels and closes"
    );
    let p = h.state().session.project.as_ref().unwrap();
    let added: usize = p
        .documents
        .iter()
        .map(|d| d.spans.iter().filter(|s| s.label == "quote").count())
        .sum::<usize>();
    let quotes_before: usize = marginalia::store::load(&sample_path())
        .unwrap()
        .documents
        .iter()
        .map(|d| d.spans.iter().filter(|s| s.label == "quote").count())
        .sum();
    assert_eq!(added, quotes_before + preview.matches.len());
    // One undo takes them all back.
    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    h.run();
    let p = h.state().session.project.as_ref().unwrap();
    let now: usize = p
        .documents
        .iter()
        .map(|d| d.spans.iter().filter(|s| s.label == "quote").count())
        .sum();
    assert_eq!(now, quotes_before);
}

#[test]
fn escape_takes_the_highlights_away_and_reopening_replaces_the_query() {
    let (_dir, path) = sample_copy();
    let mut h = harness(&path);
    h.key_press_modifiers(Modifiers::COMMAND, Key::F);
    h.run();
    type_text(&h, "Pyongyang");
    h.run();
    assert!(!h.state().find.matches.is_empty());
    // Escape with the field not focused (the analyst clicked the article).
    h.state_mut().push(marginalia::app::Cmd::Cancel);
    h.run();
    assert!(!h.state().find.open);
    assert!(
        h.state().find.matches.is_empty(),
        "no highlight left behind"
    );
    h.key_press_modifiers(Modifiers::COMMAND, Key::F);
    h.run();
    type_text(&h, "Seoul");
    h.run();
    assert_eq!(h.state().find.query, "Seoul", "the old query was selected");
}
