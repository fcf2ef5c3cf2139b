//! The window's house: the command palette, the keyboard help, rebinding a
//! shortcut in Preferences, undo that shows what it undid, notices that
//! keep errors.

use crate::common::*;
use egui::{Key, Modifiers};
use egui_kittest::kittest::Queryable as _;
use marginalia::app::actions::Action;
use marginalia::app::{Cmd, Dialog, MarginaliaApp};

#[test]
fn the_palette_finds_and_runs_export_and_a_document_by_title() {
    let (_dir, path) = sample_copy();
    let mut h = harness(&path);
    h.key_press_modifiers(Modifiers::COMMAND, Key::K);
    h.run();
    assert!(h.state().palette.open);
    type_text(&h, "expor");
    h.run();
    h.key_press(Key::Enter);
    h.run();
    assert!(
        !h.state().palette.open,
        "running an entry closes the palette"
    );
    assert!(h.state().export.open, "Export… ran");

    // A document by its title, through the other shortcut.
    h.state_mut().export.open = false;
    h.run();
    let title = h.state().session.project.as_ref().unwrap().documents[3]
        .title
        .clone();
    assert_ne!(h.state().session.current, 3);
    h.key_press_modifiers(Modifiers::COMMAND | Modifiers::SHIFT, Key::P);
    h.run();
    assert!(h.state().palette.open);
    let words: String = title
        .split_whitespace()
        .take(3)
        .collect::<Vec<_>>()
        .join(" ");
    type_text(&h, &words);
    h.run();
    h.get_by_label_contains(&format!("Go to: {}", title.trim()));
    h.key_press(Key::Enter);
    h.run();
    assert_eq!(h.state().session.current, 3, "went to {title:?}");
}

#[test]
fn the_help_overlay_lists_every_shortcut_of_the_registry() {
    let (_dir, path) = sample_copy();
    let mut h = harness(&path);
    h.key_press(Key::F1);
    h.run();
    assert!(h.state().palette.help);
    let ctx = h.ctx.clone();
    let mut listed = 0;
    for a in Action::ALL {
        let keys = h.state().keymap.keys(a).to_vec();
        if keys.is_empty() {
            continue;
        }
        let text: Vec<String> = keys
            .iter()
            .map(|k| marginalia::app::actions::display(&ctx, k))
            .collect();
        assert!(
            h.query_all_by_label(&text.join(", ")).count() >= 1,
            "{} listed",
            text.join(", ")
        );
        assert!(
            h.query_all_by_label(&a.title()).count() >= 1,
            "{} listed",
            a.title()
        );
        listed += 1;
    }
    assert!(listed > 30, "{listed}");
    h.key_press(Key::Escape);
    h.run();
    assert!(!h.state().palette.help);
}

#[test]
fn a_shortcut_rebound_in_preferences_takes_effect_and_is_saved() {
    let (dir, path) = sample_copy();
    let data = dir.path().join("data");
    std::fs::create_dir_all(&data).unwrap();
    let mut h = harness_with(MarginaliaApp::headless_in(Some(path.clone()), &data));
    h.state_mut().push(Cmd::Show(Dialog::Preferences));
    h.run();
    h.get_by_label("Filter shortcuts:").click();
    h.run();
    type_text(&h, "link");
    h.run();
    h.get_by_label("Change shortcut: Link span to…").click();
    h.run();
    // A key another action has is refused, with the reason.
    assert!(h.state().prefs.capturing());
    h.key_press(Key::Delete);
    h.run();
    h.get_by_label_contains("is already \"Delete span\"");
    h.get_by_label("Change shortcut: Link span to…").click();
    h.run();
    h.key_press(Key::L);
    h.run();
    h.get_by_label("Save preferences").click();
    h.run();
    let saved = std::fs::read_to_string(data.join("preferences.ron")).unwrap();
    assert!(
        saved.contains("\"link\"") && saved.contains("\"L\""),
        "{saved}"
    );
    // Select a span; R no longer links, L does.
    let first = h.state().document().unwrap().spans[0].id.clone();
    h.state_mut().push(Cmd::SelectSpan(Some(first)));
    h.run();
    h.key_press(Key::R);
    h.run();
    assert!(h.state().session.linking.is_none(), "R is free now");
    h.key_press(Key::L);
    h.run();
    assert!(h.state().session.linking.is_some(), "L links");
    // A new window reads the keymap from the preferences.
    let again = MarginaliaApp::headless_in(Some(path), &data);
    assert_eq!(
        again.keymap.first(Action::Link),
        Some(egui::KeyboardShortcut::new(Modifiers::NONE, Key::L))
    );
}

#[test]
fn undo_shows_the_document_it_changed_with_the_span_selected() {
    let (_dir, path) = sample_copy();
    let mut h = harness(&path);
    h.state_mut().push(Cmd::SelectDocument(3));
    h.run();
    let span = h.state().document().unwrap().spans[0].clone();
    h.state_mut().push(Cmd::SelectSpan(Some(span.id.clone())));
    h.run();
    h.key_press(Key::Delete);
    h.run();
    assert!(h.state().document().unwrap().span(&span.id).is_none());
    h.state_mut().push(Cmd::SelectDocument(1));
    h.run();
    assert_eq!(h.state().session.current, 1);
    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    h.run();
    assert_eq!(h.state().session.current, 3, "the undo shows document 3");
    assert_eq!(
        h.state().session.selected_span.as_deref(),
        Some(span.id.as_str()),
        "with the span it brought back selected"
    );
}

#[test]
fn an_error_stays_after_a_later_notice_until_dismissed() {
    let (dir, path) = sample_copy();
    let mut h = harness(&path);
    // A save into a folder that does not exist fails.
    h.get_by_label("Done").click();
    h.run();
    h.state_mut()
        .push(Cmd::SaveAs(dir.path().join("no such folder/p.ron")));
    h.step();
    wait_for_save(&mut h);
    h.get_by_label_contains("Save failed, nothing was lost");
    // A later notice does not hide it.
    h.state_mut().push(Cmd::StepSuggestion(true));
    h.run();
    assert!(
        h.state()
            .messages
            .last()
            .is_some_and(|m| !m.error && m.text.contains("No pending suggestions")),
        "a notice came after the error"
    );
    h.get_by_label_contains("Save failed, nothing was lost");
    h.get_by_label("Dismiss").click();
    h.run();
    assert!(
        h.query_by_label_contains("Save failed, nothing was lost")
            .is_none()
    );
    // The log keeps both, with their time.
    h.get_by_label_contains("Messages (").click();
    h.run();
    assert!(
        h.query_all_by_label_contains("Save failed, nothing was lost")
            .count()
            >= 1
    );
    assert!(
        h.query_all_by_label_contains("No pending suggestions")
            .count()
            >= 1
    );
}
