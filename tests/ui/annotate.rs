//! Selecting text, labelling, editing and linking spans, undo and redo.

use crate::common::*;
use egui::{Key, Modifiers};
use egui_kittest::kittest::Queryable as _;
use marginalia::app::MarginaliaApp;

#[test]
fn clicking_a_relation_selects_its_span_and_shows_it_in_the_inspector() {
    let mut h = harness(&sample_path());
    h.get_by_label("Cha Du-hyeon").click();
    h.run();
    let app = h.state();
    let doc = &app.session.project.as_ref().unwrap().documents[app.session.current];
    let selected = app
        .session
        .selected_span
        .as_deref()
        .expect("a span is selected");
    let span = doc.span(selected).expect("selected span exists");
    assert_eq!(span.label, "speaker");
    h.get_by_label("Selected span");
}

#[test]
fn drag_select_snaps_to_words_and_a_key_labels_it() {
    let (_dir, path) = sample_copy();
    let mut h = harness(&path);
    // From inside "Belousov" to inside "talks" (the words in between come along).
    let r = find_in_doc(h.state(), "Belousov held talks");
    let from = char_center(&mut h, r.start + 3);
    let to = char_center(&mut h, r.end - 2);
    drag(&mut h, from, to);
    assert_eq!(
        h.state().session.selection,
        Some(r.start..r.end),
        "snapped to whole words"
    );
    h.key_press(Key::Num1);
    h.run();
    let app = h.state();
    let span = app.session.selected().expect("the new span is selected");
    assert_eq!(
        (span.start, span.end, span.label.as_str()),
        (r.start, r.end, "claim")
    );
    assert!(!span.annotator.is_empty());
    assert!(app.is_dirty());
}

#[test]
fn alt_drag_selects_exact_characters() {
    let mut h = harness(&sample_path());
    let r = find_in_doc(h.state(), "Belousov");
    let from = char_center(&mut h, r.start + 2).x - 3.0; // left half of "l"... exact boundary
    let y = char_center(&mut h, r.start + 2).y;
    let to = char_center(&mut h, r.start + 5) - egui::vec2(3.0, 0.0);
    h.event(egui::Event::ModifiersChanged(Modifiers::ALT));
    drag(&mut h, egui::pos2(from, y), to);
    h.event(egui::Event::ModifiersChanged(Modifiers::NONE));
    assert_eq!(h.state().session.selection, Some(r.start + 2..r.start + 5));
}

#[test]
fn double_click_selects_a_word_and_a_label_click_labels_it() {
    let (_dir, path) = sample_copy();
    let mut h = harness(&path);
    let r = find_in_doc(h.state(), "Pyongyang needs");
    let word = r.start..r.start + "Pyongyang".len();
    double_click_char(&mut h, word.start + 4);
    assert_eq!(h.state().session.selection, Some(word.clone()));
    h.get_by_label("entity").click();
    h.run();
    assert!(spans_of(h.state()).contains(&(word.start, word.end, "entity".into())));
}

#[test]
fn overlapping_spans_show_both_and_a_click_selects_the_inner_one() {
    let mut h = harness(&sample_path());
    // "We won’t hesitate to take action" (sanction_threat) lies inside a quote.
    let inner = find_in_doc(h.state(), "We won’t hesitate to take action");
    let pos = char_center(&mut h, inner.start + 5);
    h.hover_at(pos);
    h.run_steps(60); // the tooltip shows after a short rest
    // The tooltip lists both spans under the pointer, innermost first.
    h.get_by_label("We won’t hesitate to take action");
    h.get_by_label_contains("“We won’t hesitate to take action against any individuals");
    click_at(&mut h, pos);
    let span = h
        .state()
        .session
        .selected()
        .expect("a span is selected")
        .clone();
    assert_eq!(span.label, "sanction_threat");
    assert_eq!((span.start, span.end), (inner.start, inner.end));
}

#[test]
fn delete_removes_the_selected_span_and_undo_restores_it() {
    let (_dir, path) = sample_copy();
    let mut h = harness(&path);
    let before = spans_of(h.state());
    let r = find_in_doc(h.state(), "Kim Jong-un");
    click_char(&mut h, r.start + 1);
    assert_eq!(h.state().session.selected().unwrap().label, "entity");
    h.key_press(Key::Delete);
    h.run();
    assert_eq!(spans_of(h.state()).len(), before.len() - 1);
    assert!(h.state().session.selected().is_none());
    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    h.run();
    assert_eq!(spans_of(h.state()), before);
}

#[test]
fn dragging_a_selected_spans_edge_handles_resizes_it_in_one_undo_step() {
    let (_dir, path) = sample_copy();
    let mut h = harness(&path);
    let before = spans_of(h.state());
    // "Andrei Belousov" (entity): drag its end over "held talks".
    let r = find_in_doc(h.state(), "Andrei Belousov");
    let wider = find_in_doc(h.state(), "Andrei Belousov held talks");
    click_char(&mut h, r.start + 1);
    let id = h.state().session.selected_span.clone().expect("selected");
    let end = h.state().char_screen_rect(r.end - 1).unwrap();
    let from = egui::pos2(end.right(), end.center().y);
    let to = char_center(&mut h, wider.end - 2); // inside "talks": snaps to its end
    drag(&mut h, from, to);
    let span = h.state().document().unwrap().span(&id).unwrap().clone();
    assert_eq!((span.start, span.end), (wider.start, wider.end));
    assert!(
        h.state().session.selection.is_none(),
        "an edge drag selects no text"
    );
    // The start handle, dragged left into "Minister": snaps to its start.
    let minister = find_in_doc(h.state(), "Minister Andrei");
    let start = h.state().char_screen_rect(r.start).unwrap();
    let from = egui::pos2(start.left(), start.center().y);
    let to = char_center(&mut h, minister.start + 3);
    drag(&mut h, from, to);
    let span = h.state().document().unwrap().span(&id).unwrap().clone();
    assert_eq!(
        (span.start, span.end),
        (minister.start, wider.end),
        "snapped to the word start"
    );
    // One undo step per drag.
    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    h.run();
    let span = h.state().document().unwrap().span(&id).unwrap().clone();
    assert_eq!((span.start, span.end), (wider.start, wider.end));
    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    h.run();
    assert_eq!(spans_of(h.state()), before);
}

#[test]
fn span_edges_move_by_word_with_keys_and_buttons() {
    let (_dir, path) = sample_copy();
    let mut h = harness(&path);
    let r = find_in_doc(h.state(), "Andrei Belousov");
    let belousov = find_in_doc(h.state(), "Belousov");
    click_char(&mut h, belousov.start + 1);
    assert_eq!(h.state().session.selected().unwrap().start, r.start);
    // Start one word right with a key: "Belousov".
    h.key_press_modifiers(Modifiers::ALT, Key::ArrowRight);
    h.run();
    let s = h.state().session.selected().unwrap();
    assert_eq!((s.start, s.end), (belousov.start, belousov.end));
    // End one word right with the inspector button: "Belousov held".
    h.get_by_label("▶ ").click();
    h.run();
    let s = h.state().session.selected().unwrap();
    assert_eq!(
        (s.start, s.end),
        (belousov.start, belousov.end + " held".len())
    );
    // One undo step per move.
    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    h.run();
    assert_eq!(h.state().session.selected().unwrap().end, belousov.end);
}

#[test]
fn r_then_click_links_two_spans() {
    let (_dir, path) = sample_copy();
    let mut h = harness(&path);
    let relations = h.state().document().unwrap().relations.len();
    let kim = find_in_doc(h.state(), "Kim Jong-un");
    let belousov = find_in_doc(h.state(), "Andrei Belousov");
    click_char(&mut h, belousov.start + 1);
    h.key_press(Key::R);
    h.run();
    assert!(h.state().session.linking.is_some());
    click_char(&mut h, kim.start + 1);
    let app = h.state();
    let doc = app.document().unwrap();
    assert_eq!(doc.relations.len(), relations + 1);
    let rel = doc
        .relations
        .iter()
        .find(|r| doc.span(&r.head).unwrap().start == belousov.start)
        .expect("a relation from Belousov");
    assert_eq!(doc.span(&rel.child).unwrap().start, kim.start);
    assert_eq!(rel.label, "attributed_to");
    assert!(app.session.linking.is_none());
}

#[test]
fn undo_redo_chain_across_kinds_of_edit() {
    let (_dir, path) = sample_copy();
    let mut h = harness(&path);
    let original = h.state().session.project.clone();
    // 1. new span by keys: caret moves by word, Shift extends.
    let r = find_in_doc(h.state(), "North Korean state media");
    click_char(&mut h, r.start);
    h.state_mut().session.caret = r.start;
    for _ in 0..4 {
        h.key_press_modifiers(Modifiers::SHIFT, Key::ArrowRight);
    }
    h.run();
    assert_eq!(h.state().session.selection, Some(r.clone()));
    h.key_press(Key::Num5);
    h.run();
    // 2. relabel with a key.
    h.key_press(Key::Num1);
    h.run();
    assert_eq!(h.state().session.selected().unwrap().label, "claim");
    // 3. status change.
    h.get_by_label("Done").click();
    h.run();
    // 4. delete another span.
    let kim = find_in_doc(h.state(), "Kim Jong-un");
    click_char(&mut h, kim.start + 1);
    h.key_press(Key::Delete);
    h.run();
    let final_state = h.state().session.project.clone();
    assert_eq!(
        h.state().session.history.position(),
        4,
        "one step per intent"
    );
    for _ in 0..4 {
        h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
        h.run();
    }
    assert_eq!(h.state().session.project, original);
    assert!(!h.state().is_dirty());
    for _ in 0..2 {
        h.key_press_modifiers(Modifiers::COMMAND | Modifiers::SHIFT, Key::Z);
        h.run();
    }
    for _ in 0..2 {
        h.key_press_modifiers(Modifiers::COMMAND, Key::Y);
        h.run();
    }
    assert_eq!(h.state().session.project, final_state);
}

#[test]
fn the_name_set_in_preferences_is_recorded_on_new_spans() {
    let (dir, path) = sample_copy();
    let data = dir.path().join("data");
    let mut h = harness_with(MarginaliaApp::headless_in(Some(path.clone()), &data));
    h.get_by_label("Edit").click();
    h.run();
    h.get_by_label("Preferences…").click();
    h.run();
    let field = "Your name (recorded on every span you make):";
    h.get_by_label(field).click();
    h.run();
    h.get_by_label(field).type_text("Kim Ji-hoon");
    h.run();
    h.get_by_label("Save preferences").click();
    h.run();
    assert!(h.query_by_label(field).is_none(), "the window closed");
    if std::env::var("MARGINALIA_ANNOTATOR").is_err() {
        assert_eq!(h.state().session.annotator, "Kim Ji-hoon");
        // A new span carries the name.
        let r = find_in_doc(h.state(), "Belousov");
        h.state_mut()
            .push(marginalia::app::Cmd::SetSelection(Some(r.clone())));
        h.step();
        h.key_press(Key::Num5);
        h.run();
        assert_eq!(
            h.state().session.selected().unwrap().annotator,
            "Kim Ji-hoon"
        );
    }
    // Kept for the next start.
    let again = MarginaliaApp::headless_in(None, &data);
    assert_eq!(again.prefs.saved.annotator, "Kim Ji-hoon");
}

#[test]
fn no_span_tooltip_lingers_over_text_being_dragged() {
    let mut h = harness(&sample_path());
    let r = find_in_doc(h.state(), "Cha Du-hyeon");
    let span = h
        .state()
        .document()
        .unwrap()
        .spans
        .iter()
        .find(|s| s.start <= r.start && s.end >= r.end)
        .cloned()
        .expect("a span over the name");
    let by = format!("by {}", span.annotators().collect::<Vec<_>>().join(", "));
    let on_span = char_center(&mut h, r.start + 3);
    // Resting on a span shows its tooltip.
    h.hover_at(on_span);
    h.run_steps(60);
    assert!(h.query_by_label(&by).is_some(), "hover tooltip {by:?}");
    // Pressing there and dragging away: the tooltip goes at once, not
    // fading out over the text being selected.
    h.drag_at(on_span);
    h.step();
    for k in 1..=8 {
        h.hover_at(on_span + egui::vec2(0.0, 6.0 * k as f32));
        h.step();
        assert!(
            h.query_by_label(&by).is_none(),
            "tooltip still shown {k} frames into the drag"
        );
    }
    h.drop_at(on_span + egui::vec2(0.0, 48.0));
    h.step();
    assert!(h.query_by_label(&by).is_none(), "tooltip on release");
    assert!(
        h.state().session.selection.is_some(),
        "the drag selected text"
    );
}

#[test]
fn dragging_a_quotation_mark_to_mark_gives_the_span_the_quote_finder_gives() {
    let mut h = harness(&sample_path());
    let doc = h.state().document().unwrap().clone();
    // The sample's accepted quote: marks included, as the finder proposes.
    let quote = doc
        .spans
        .iter()
        .find(|s| s.label == "quote")
        .cloned()
        .expect("a quote in the sample");
    let first: String = doc.text.chars().skip(quote.start).take(1).collect();
    assert_eq!(first, "“");
    let from = char_center(&mut h, quote.start);
    let to = char_center(&mut h, quote.end - 1);
    drag(&mut h, from, to);
    assert_eq!(
        h.state().session.selection,
        Some(quote.start..quote.end),
        "drag from “ to ”"
    );
    // From the first word to the last: the same.
    let from = char_center(&mut h, quote.start + 1);
    let to = char_center(&mut h, quote.end - 3);
    drag(&mut h, from, to);
    assert_eq!(h.state().session.selection, Some(quote.start..quote.end));
}
