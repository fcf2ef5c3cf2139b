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
