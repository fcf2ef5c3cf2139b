//! Opening projects, the document list, document status and navigation.

use crate::common::*;
use egui::{Key, Modifiers};
use egui_kittest::kittest::Queryable as _;
use marginalia::model::Status;

#[test]
fn opening_the_sample_shows_documents_labels_and_the_first_open_document() {
    let h = harness(&sample_path());
    let app = h.state();
    let project = app.session.project.as_ref().expect("sample loads");
    // The first document not yet done is shown.
    assert_eq!(
        app.session.current,
        project.first_open_document().expect("has documents")
    );
    assert_ne!(project.documents[app.session.current].status, Status::Done);
    // A document title (in the list and as the heading) and the label names.
    assert!(
        h.query_all_by_label_contains("Washington “won’t hesitate”")
            .count()
            >= 2
    );
    for label in ["claim", "quote", "sanction_threat", "speaker", "entity"] {
        h.get_by_label(label);
    }
    // The Korean document renders (a system CJK font is found, no missing-glyph panic).
    h.get_by_label_contains("북러 군사협력");
    assert!(app.window_title().contains("Marginalia"));
    assert!(app.window_title().contains("Sanctions watch — sample"));
    assert!(!app.is_dirty());
}

#[test]
fn clicking_a_document_shows_it() {
    let mut h = harness(&sample_path());
    h.get_by_label_contains("Treasury targets network").click();
    h.run();
    let app = h.state();
    let doc = &app.session.project.as_ref().unwrap().documents[app.session.current];
    assert_eq!(
        doc.title,
        "Treasury targets network supplying drone parts to Russia"
    );
    // Its relation is listed as who said what.
    h.get_by_label_contains("—attributed_to→");
}

#[test]
fn status_edits_mark_unsaved_and_undo_clears_it() {
    let (_dir, path) = sample_copy();
    let mut h = harness(&path);
    let before = h.state().session.project.clone();
    h.get_by_label("Done").click();
    h.run();
    assert!(h.state().is_dirty());
    assert!(h.state().window_title().starts_with("● "));
    assert_eq!(
        h.state().session.project.as_ref().unwrap().documents[h.state().session.current].status,
        Status::Done
    );
    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    h.run();
    assert!(!h.state().is_dirty());
    assert_eq!(h.state().session.project, before);
    h.key_press_modifiers(Modifiers::COMMAND | Modifiers::SHIFT, Key::Z);
    h.run();
    assert!(h.state().is_dirty(), "redo brings the edit back");
    // Ctrl+S writes it, keeping the old file as .bak.
    h.key_press_modifiers(Modifiers::COMMAND, Key::S);
    h.run();
    wait_for_save(&mut h);
    assert!(!h.state().is_dirty());
    let saved = marginalia::store::load(&path).expect("saved file loads");
    assert_eq!(
        saved.documents[h.state().session.current].status,
        Status::Done
    );
    assert!(marginalia::store::backup_path(&path).exists());
}

#[test]
fn a_damaged_file_is_reported_not_opened() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("bad.ron");
    std::fs::write(&path, "(format_version: 1, name: ").unwrap();
    let h = harness(&path);
    assert!(h.state().session.project.is_none());
    h.get_by_label_contains("Could not open");
    h.get_by_label("Open project…");
    assert_eq!(std::fs::read(&path).unwrap(), b"(format_version: 1, name: ");
}

#[test]
fn a_project_with_broken_spans_is_refused_and_left_alone() {
    let (_dir, path) = sample_copy();
    let mut p = marginalia::store::load(&path).unwrap();
    p.documents[0].spans[0].end = 1_000_000;
    let dup = p.documents[0].spans[1].clone();
    p.documents[0].spans.push(dup);
    p.documents[0].spans[2].label = "rumour".into();
    let bytes = marginalia::store::to_bytes(&p).unwrap();
    std::fs::write(&path, &bytes).unwrap();
    let h = harness(&path);
    assert!(h.state().session.project.is_none());
    h.get_by_label_contains("problem(s), first:");
    h.get_by_label_contains("marginalia validate");
    assert_eq!(std::fs::read(&path).unwrap(), bytes);
}

#[test]
fn ctrl_enter_marks_done_and_opens_the_next_open_document() {
    let (_dir, path) = sample_copy();
    let mut h = harness(&path);
    let first = h.state().session.current;
    h.key_press_modifiers(Modifiers::COMMAND, Key::Enter);
    h.run();
    let app = h.state();
    let p = app.session.project.as_ref().unwrap();
    assert_eq!(p.documents[first].status, Status::Done);
    assert!(app.session.current != first);
    assert_ne!(p.documents[app.session.current].status, Status::Done);
    h.get_by_label_contains("2 of 6 done");
}

#[test]
fn the_document_list_filters_by_title_and_status() {
    let (_dir, path) = sample_copy();
    let mut h = harness(&path);
    let total = h.state().session.project.as_ref().unwrap().documents.len();
    h.get_by_label_contains("Treasury targets network");
    h.get_by_label("Filter").click();
    h.run();
    type_text(&h, "treasury");
    h.run();
    h.get_by_label(&format!("1 of {total} shown"));
    assert!(h.query_by_label_contains("EU weighs tighter").is_none());
    h.get_by_label_contains("Treasury targets network").click();
    h.run();
    assert_eq!(
        h.state().document().unwrap().title,
        "Treasury targets network supplying drone parts to Russia"
    );
    // Clear the words; only documents marked done.
    h.state_mut().doclist.filter.clear();
    h.get_by_label("●").click();
    h.run();
    let done = docs_where(h.state(), |d| d.status == Status::Done);
    h.get_by_label(&format!("{done} of {total} shown"));
    h.get_by_label("all").click();
    h.run();
    assert!(h.query_by_label_contains("shown").is_none());
}

#[test]
fn a_query_in_the_document_list_filters_and_a_typo_keeps_the_last_result() {
    let (_dir, path) = sample_copy();
    let mut h = harness(&path);
    let total = h.state().session.project.as_ref().unwrap().documents.len();
    let quotes = docs_where(h.state(), |d| d.spans.iter().any(|s| s.label == "quote"));
    assert!(quotes > 0 && quotes < total);
    h.get_by_label("Filter").click();
    h.run();
    type_text(&h, "label:quote");
    h.run();
    h.get_by_label(&format!("{quotes} of {total} shown"));
    // A typo: the error under the box, the last good result stays.
    type_text(&h, " statu:done");
    h.run();
    h.get_by_label_contains("at character 13: unknown key \"statu\"");
    h.get_by_label(&format!("{quotes} of {total} shown"));
    // Fixed (retyped): the query filters again.
    h.key_combination_modifiers(egui::Modifiers::COMMAND, &[egui::Key::A]);
    h.run();
    type_text(&h, "label:quote status:done");
    h.run();
    assert_eq!(h.state().doclist.filter, "label:quote status:done");
    let both = docs_where(h.state(), |d| {
        d.status == Status::Done && d.spans.iter().any(|s| s.label == "quote")
    });
    assert!(h.query_by_label_contains("unknown key").is_none());
    if both < total {
        h.get_by_label(&format!("{both} of {total} shown"));
    }
}

#[test]
fn mine_shows_my_documents_and_a_done_document_is_marked_reviewed() {
    let (_dir, path) = sample_copy();
    let mut h = harness(&path);
    let me = h.state().session.annotator.clone();
    let total = h.state().session.project.as_ref().unwrap().documents.len();
    // Two documents for me, one for a colleague (as `marginalia assign` would).
    {
        let p = h.state_mut().session.project.as_mut().unwrap();
        p.documents[0].assignees = vec![me.clone()];
        p.documents[1].assignees = vec![me.clone(), "lee".into()];
        p.documents[2].assignees = vec!["lee".into()];
    }
    h.state_mut().session.revision += 1;
    h.run();
    let done = docs_where(h.state(), |d| {
        d.status == Status::Done && d.assignees.contains(&me)
    });
    let mine = format!("Mine {done}/2");
    h.get_by_label(&mine).click();
    h.run();
    h.get_by_label(&format!("2 of {total} shown"));
    h.get_by_label(&mine).click();
    h.run();
    // Mark the shown document done, then reviewed; undo takes it back.
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Enter);
    h.run();
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::PageUp);
    h.run();
    let done = h.state().document().unwrap().status;
    assert_eq!(done, Status::Done);
    h.get_by_label("Mark reviewed").click();
    h.run();
    let review = h
        .state()
        .document()
        .unwrap()
        .review
        .clone()
        .expect("reviewed");
    assert_eq!(review.by, me);
    h.get_by_label_contains(&format!("Reviewed by {me}"));
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Z);
    h.run();
    assert!(h.state().document().unwrap().review.is_none());
}

/// Starts the fake clock at 0 with the shown document, then presses a key
/// at each of `keys` (seconds): stretches of reading with input.
fn read_with_keys_at(
    h: &mut egui_kittest::Harness<'_, marginalia::app::MarginaliaApp>,
    keys: &[f64],
) {
    h.state_mut().view.fake_time = Some(0.0);
    h.state_mut().view.timer = Default::default();
    h.run();
    for &t in keys {
        h.state_mut().view.fake_time = Some(t);
        h.key_press(egui::Key::ArrowRight);
        h.run();
    }
}

#[test]
fn active_time_leaves_out_a_stretch_without_input_over_a_minute() {
    let (_dir, path) = sample_copy();
    let mut h = harness(&path);
    let me = h.state().session.annotator.clone();
    let doc = h.state().document().unwrap().id.clone();
    let at = |h: &mut egui_kittest::Harness<'_, marginalia::app::MarginaliaApp>, t: f64| {
        h.state_mut().view.fake_time = Some(t);
    };
    // Shown at 0 (the clock starts now); keys at 10 and 20; nothing for
    // 70 s; at 90 the next document.
    read_with_keys_at(&mut h, &[10.0, 20.0]);
    at(&mut h, 90.0);
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::PageDown);
    h.run();
    let p = h.state().session.project.clone().unwrap();
    let ms = p.document(&doc).unwrap().active_ms.get(&me).copied();
    assert_eq!(ms, Some(20_000), "90 s shown, 70 s of it idle: 20 s");
    // In the hover of the status when the document is shown again.
    at(&mut h, 95.0);
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::PageUp);
    h.run();
    h.get_by_label("Status").hover();
    // Tooltips wait until the pointer rests.
    for _ in 0..90 {
        h.step();
    }
    h.get_by_label_contains(&format!("Active time: {me} 0:20"));
}

#[test]
fn active_time_is_saved_on_closing_without_an_edit() {
    let (_dir, path) = sample_copy();
    let mut h = harness(&path);
    let me = h.state().session.annotator.clone();
    let doc = h.state().document().unwrap().id.clone();
    let before = marginalia::store::load(&path).unwrap();
    let had = before
        .document(&doc)
        .unwrap()
        .active_ms
        .get(&me)
        .copied()
        .unwrap_or(0);
    let at = |h: &mut egui_kittest::Harness<'_, marginalia::app::MarginaliaApp>, t: f64| {
        h.state_mut().view.fake_time = Some(t);
    };
    // Reading only: shown at 0, a key at 5 and at 15, the window closed at 20.
    read_with_keys_at(&mut h, &[5.0, 15.0]);
    at(&mut h, 20.0);
    h.run();
    assert!(!h.state().is_dirty(), "no edit");
    h.state_mut().push(marginalia::app::Cmd::Quit);
    h.run();
    wait_for_save(&mut h);
    let after = marginalia::store::load(&path).unwrap();
    let ms = after
        .document(&doc)
        .unwrap()
        .active_ms
        .get(&me)
        .copied()
        .unwrap_or(0);
    assert_eq!(
        ms - had,
        20_000,
        "0-5, 5-15 and 15-20 s: written before closing"
    );
}

#[test]
fn a_malformed_query_survives_documents_going_away() {
    let (_dir, path) = sample_copy();
    let mut h = harness(&path);
    h.get_by_label("Filter").click();
    h.run();
    type_text(&h, "label:");
    h.run();
    // Documents go (as an undone import would take them) while the query is
    // malformed: the kept rows must not point past the list.
    {
        let app = h.state_mut();
        let p = app.session.project.as_mut().unwrap();
        p.documents.truncate(2);
        app.session.current = 0;
        app.session.revision += 1;
    }
    h.run();
    h.get_by_label_contains("at character 7");
}
