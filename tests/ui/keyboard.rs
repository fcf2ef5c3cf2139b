//! A day at the desk by keyboard: review rhythm keys that never destroy
//! work, moving between documents without marking them, Escape closing the
//! innermost thing.

use crate::common::*;
use egui::{Key, Modifiers};
use egui_kittest::kittest::Queryable as _;
use marginalia::app::{Cmd, Dialog};
use marginalia::model::Status;

#[test]
fn one_backspace_too_many_after_reviewing_deletes_nothing() {
    let (_dir, path) = sample_copy();
    let mut h = harness(&path);
    h.get_by_label("Suggest").click();
    h.run();
    let n = pending_count(&h);
    assert!(n > 0, "the sample's first article gets suggestions");
    for _ in 0..n {
        h.key_press(Key::Enter);
        h.run();
    }
    assert_eq!(pending_count(&h), 0);
    let spans = h.state().document().unwrap().spans.len();
    assert!(
        h.state().session.selected().is_some(),
        "the last accepted span is selected"
    );
    for _ in 0..3 {
        h.key_press(Key::Backspace);
        h.run();
    }
    assert_eq!(
        h.state().document().unwrap().spans.len(),
        spans,
        "Backspace rejects suggestions only"
    );
    assert!(
        h.state()
            .messages
            .last()
            .is_some_and(|m| m.text.contains("No pending suggestions"))
    );
    // Delete still deletes the selected span.
    h.key_press(Key::Delete);
    h.run();
    assert_eq!(h.state().document().unwrap().spans.len(), spans - 1);
}

#[test]
fn documents_step_by_keyboard_without_being_marked() {
    let (_dir, path) = sample_copy();
    let mut h = harness(&path);
    h.state_mut().push(Cmd::SelectDocument(0));
    h.run();
    let status_of = |h: &egui_kittest::Harness<'_, marginalia::app::MarginaliaApp>, i: usize| {
        h.state().session.project.as_ref().unwrap().documents[i].status
    };
    let before: Vec<Status> = (0..3).map(|i| status_of(&h, i)).collect();
    h.key_press_modifiers(Modifiers::COMMAND, Key::PageDown);
    h.run();
    assert_eq!(h.state().session.current, 1);
    h.key_press_modifiers(Modifiers::ALT, Key::ArrowDown);
    h.run();
    assert_eq!(h.state().session.current, 2);
    h.key_press_modifiers(Modifiers::ALT, Key::ArrowUp);
    h.run();
    h.key_press_modifiers(Modifiers::COMMAND, Key::PageUp);
    h.run();
    assert_eq!(h.state().session.current, 0);
    let after: Vec<Status> = (0..3).map(|i| status_of(&h, i)).collect();
    assert_eq!(before, after, "no status changed");
    // The next open document skips done ones (document 1 of the sample is done).
    assert_eq!(status_of(&h, 1), Status::Done);
    h.key_press_modifiers(Modifiers::ALT | Modifiers::SHIFT, Key::ArrowDown);
    h.run();
    assert_eq!(h.state().session.current, 2);
}

#[test]
fn escape_closes_the_innermost_thing() {
    let (_dir, path) = sample_copy();
    let mut h = harness(&path);
    let first = h.state().document().unwrap().spans[0].id.clone();
    h.state_mut().push(Cmd::SelectSpan(Some(first)));
    h.state_mut().push(Cmd::Show(Dialog::Export));
    h.run();
    h.state_mut().push(Cmd::Show(Dialog::LabelSet));
    h.run();
    assert!(h.state().export.open && h.state().view.label_editor_open);
    h.key_press(Key::Escape);
    h.run();
    assert!(
        !h.state().view.label_editor_open,
        "the label set editor first"
    );
    assert!(h.state().export.open);
    h.key_press(Key::Escape);
    h.run();
    assert!(!h.state().export.open);
    assert!(
        h.state().session.selected_span.is_some(),
        "the selection stays until then"
    );
    h.key_press(Key::Escape);
    h.run();
    assert!(h.state().session.selected_span.is_none());
}

#[test]
fn up_and_down_move_through_the_document_list_once_it_has_the_keyboard() {
    let (_dir, path) = sample_copy();
    let mut h = harness(&path);
    let titles: Vec<String> = h
        .state()
        .session
        .project
        .as_ref()
        .unwrap()
        .documents
        .iter()
        .map(|d| d.title.chars().take(20).collect())
        .collect();
    // Click the second row: the list has the keyboard.
    h.get_by_label_contains(&titles[1]).click();
    h.run();
    assert_eq!(h.state().session.current, 1);
    let caret = h.state().session.caret;
    h.key_press(Key::ArrowDown);
    h.run();
    h.key_press(Key::ArrowDown);
    h.run();
    assert_eq!(h.state().session.current, 3, "Down moves through the list");
    h.key_press(Key::ArrowUp);
    h.run();
    assert_eq!(h.state().session.current, 2);
    assert_eq!(h.state().session.caret, caret, "the article's caret stayed");
    // A click in the article gives the keys back to it.
    click_char(&mut h, 5);
    let caret = h.state().session.caret;
    h.key_press(Key::ArrowRight);
    h.run();
    assert_eq!(h.state().session.current, 2);
    assert!(h.state().session.caret > caret, "the caret moves again");
    h.key_press(Key::ArrowDown);
    h.run();
    assert_eq!(h.state().session.current, 2, "Down is the article's again");
}
