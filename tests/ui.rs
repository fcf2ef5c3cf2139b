//! The real UI, driven through egui_kittest: find widgets by label, click,
//! press keys, and check the model and what is shown.

#![cfg(feature = "gui")]

use egui::{Key, Modifiers};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable as _;
use marginalia::app::{MarginaliaApp, setup_fonts};
use marginalia::model::Status;
use std::path::{Path, PathBuf};

fn sample_path() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("sample_projects/sanctions_watch.ron")
}

/// A copy of the sample project in a temp folder, so tests can save.
fn sample_copy() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("sample.ron");
    std::fs::copy(sample_path(), &path).expect("copy sample");
    (dir, path)
}

fn harness(path: &Path) -> Harness<'static, MarginaliaApp> {
    let mut h = Harness::builder()
        .with_size([1280.0, 800.0])
        .with_context_setup(setup_fonts)
        .build_ui_state(
            |ui, app: &mut MarginaliaApp| app.ui(ui),
            MarginaliaApp::headless(Some(path.to_owned())),
        );
    h.run();
    h
}

#[test]
fn opening_the_sample_shows_documents_labels_and_the_first_open_document() {
    let h = harness(&sample_path());
    let app = h.state();
    let project = app.project.as_ref().expect("sample loads");
    // The first document not yet done is shown.
    assert_eq!(
        app.current,
        project.first_open_document().expect("has documents")
    );
    assert_ne!(project.documents[app.current].status, Status::Done);
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
    let doc = &app.project.as_ref().unwrap().documents[app.current];
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
    let before = h.state().project.clone();
    h.get_by_label("Done").click();
    h.run();
    assert!(h.state().is_dirty());
    assert!(h.state().window_title().starts_with("● "));
    assert_eq!(
        h.state().project.as_ref().unwrap().documents[h.state().current].status,
        Status::Done
    );
    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    h.run();
    assert!(!h.state().is_dirty());
    assert_eq!(h.state().project, before);
    h.key_press_modifiers(Modifiers::COMMAND | Modifiers::SHIFT, Key::Z);
    h.run();
    assert!(h.state().is_dirty(), "redo brings the edit back");
    // Ctrl+S writes it, keeping the old file as .bak.
    h.key_press_modifiers(Modifiers::COMMAND, Key::S);
    h.run();
    assert!(!h.state().is_dirty());
    let saved = marginalia::store::load(&path).expect("saved file loads");
    assert_eq!(saved.documents[h.state().current].status, Status::Done);
    assert!(marginalia::store::backup_path(&path).exists());
}

#[test]
fn clicking_a_relation_selects_its_span_and_shows_it_in_the_inspector() {
    let mut h = harness(&sample_path());
    h.get_by_label("Cha Du-hyeon").click();
    h.run();
    let app = h.state();
    let doc = &app.project.as_ref().unwrap().documents[app.current];
    let selected = app.selected_span.as_deref().expect("a span is selected");
    let span = doc.span(selected).expect("selected span exists");
    assert_eq!(span.label, "speaker");
    h.get_by_label("Selected span");
}

#[test]
fn a_damaged_file_is_reported_not_opened() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("bad.ron");
    std::fs::write(&path, "(format_version: 1, name: ").unwrap();
    let h = harness(&path);
    assert!(h.state().project.is_none());
    h.get_by_label_contains("Could not open");
    h.get_by_label("Open project…");
    assert_eq!(std::fs::read(&path).unwrap(), b"(format_version: 1, name: ");
}
