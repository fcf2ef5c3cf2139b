//! The label set editor.

use crate::common::*;
use egui::{Key, Modifiers};
use egui_kittest::kittest::Queryable as _;

#[test]
fn label_rename_and_delete_in_the_label_set_editor() {
    let (_dir, path) = sample_copy();
    let mut h = harness(&path);
    let claims = h.state().session.project.as_ref().unwrap().label_counts()[0].1;
    assert!(claims > 0);
    h.get_by_label("Edit…").click();
    h.run();
    // The editor's button for "claim" is drawn after the label bar's.
    h.query_all_by_label("claim").last().unwrap().click();
    h.run();
    h.key_combination_modifiers(Modifiers::COMMAND, &[Key::A]);
    h.run();
    type_text(&h, "assertion");
    h.key_press(Key::Enter);
    h.run();
    let p = h.state().session.project.clone().unwrap();
    assert_eq!(p.labels[0].name, "assertion");
    assert_eq!(p.label_counts()[0], ("assertion".into(), claims));
    // Delete it: the button says how many spans go with it.
    // Row 0's delete button (one per label row).
    h.query_all_by_label("Delete…").next().unwrap().click();
    h.run();
    h.get_by_label(&format!("Delete with its {claims} spans"))
        .click();
    h.run();
    let p = h.state().session.project.clone().unwrap();
    assert!(p.label("assertion").is_none());
    assert!(
        p.documents
            .iter()
            .all(|d| d.spans.iter().all(|s| s.label != "assertion"))
    );
    // Both are undoable.
    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    h.run();
    assert_eq!(
        h.state().session.project.as_ref().unwrap().label_counts()[0],
        ("assertion".into(), claims)
    );
    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    h.run();
    assert_eq!(
        h.state().session.project.as_ref().unwrap().labels[0].name,
        "claim"
    );
}

#[test]
fn a_colour_is_typed_as_hex_and_undone_in_one_step() {
    let (_dir, path) = sample_copy();
    let mut h = harness(&path);
    let before = h.state().session.project.as_ref().unwrap().labels[0].color;
    h.get_by_label("Edit…").click();
    h.run();
    let field = h.get_by_label("Colour of claim");
    field.click();
    h.run();
    h.key_combination_modifiers(Modifiers::COMMAND, &[Key::A]);
    h.run();
    type_text(&h, "#12ab5");
    h.run();
    let color = |h: &egui_kittest::Harness<'_, marginalia::app::MarginaliaApp>| {
        h.state().session.project.as_ref().unwrap().labels[0].color
    };
    assert_eq!(color(&h), before, "not a colour yet");
    type_text(&h, "6");
    h.run();
    assert_eq!(color(&h).to_string(), "#12ab56");
    // Leave the field (Escape would close the window).
    h.get_by_label("Keys 1 to 9 follow this order.").click();
    h.run();
    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    h.run();
    assert_eq!(color(&h), before, "one undo step");
    // The field follows the undo.
    h.run();
    assert_eq!(
        h.get_by_label("Colour of claim").value().as_deref(),
        Some(before.to_string().as_str())
    );
}
