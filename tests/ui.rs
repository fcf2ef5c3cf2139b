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

/// Recovery files of all tests go to one temp folder, never the user's.
fn recovery_dir() -> &'static Path {
    static DIR: std::sync::OnceLock<tempfile::TempDir> = std::sync::OnceLock::new();
    DIR.get_or_init(|| tempfile::tempdir().expect("temp dir"))
        .path()
}

fn harness(path: &Path) -> Harness<'static, MarginaliaApp> {
    harness_with(MarginaliaApp::headless_in(
        Some(path.to_owned()),
        recovery_dir(),
    ))
}

fn harness_with(app: MarginaliaApp) -> Harness<'static, MarginaliaApp> {
    let mut h = Harness::builder()
        .with_size([1280.0, 1000.0])
        .with_step_dt(1.0 / 60.0)
        .with_max_steps(64)
        .with_context_setup(setup_fonts)
        .build_ui_state(
            |ui, app: &mut MarginaliaApp| {
                // As eframe does: logic, then the frame.
                app.logic(ui.ctx());
                app.ui(ui)
            },
            app,
        );
    h.run();
    h
}

/// Steps frames until the background save or autosave is written.
fn wait_for_save(h: &mut Harness<'_, MarginaliaApp>) {
    let start = std::time::Instant::now();
    while h.state().save.busy() {
        assert!(start.elapsed().as_secs() < 30, "save did not finish");
        std::thread::sleep(std::time::Duration::from_millis(5));
        h.step();
    }
    h.run_steps(2);
}

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

// ---------------------------------------------------------------- annotation

/// Code point range of `needle` in the shown document.
fn find_in_doc(app: &MarginaliaApp, needle: &str) -> std::ops::Range<usize> {
    let text = &app.document().expect("a document").text;
    let b = text
        .find(needle)
        .unwrap_or_else(|| panic!("{needle:?} not in the document"));
    let start = text[..b].chars().count();
    start..start + needle.chars().count()
}

/// Scrolls code point `c` into view and returns its center on screen.
fn char_center(h: &mut Harness<'_, MarginaliaApp>, c: usize) -> egui::Pos2 {
    let visible = h
        .state()
        .char_screen_rect(c)
        .is_some_and(|r| r.top() > 150.0 && r.bottom() < 700.0);
    if !visible {
        h.state_mut().push(marginalia::app::Cmd::ScrollTo(c));
        h.step(); // run() only steps when a repaint is pending
        h.run();
    }
    h.state()
        .char_screen_rect(c)
        .unwrap_or_else(|| panic!("char {c} not on screen"))
        .center()
}

fn drag(h: &mut Harness<'_, MarginaliaApp>, from: egui::Pos2, to: egui::Pos2) {
    h.hover_at(from);
    h.run();
    h.drag_at(from);
    h.run();
    for k in 1..=4 {
        h.hover_at(from + (to - from) * (k as f32 / 4.0));
        h.run();
    }
    h.drop_at(to);
    h.run();
}

fn click_char(h: &mut Harness<'_, MarginaliaApp>, c: usize) {
    let pos = char_center(h, c);
    click_at(h, pos);
}

fn double_click_char(h: &mut Harness<'_, MarginaliaApp>, c: usize) {
    let pos = char_center(h, c);
    double_click_at(h, pos);
}

fn click_at(h: &mut Harness<'_, MarginaliaApp>, pos: egui::Pos2) {
    h.hover_at(pos);
    h.run();
    h.drag_at(pos);
    h.drop_at(pos);
    h.run();
}

fn double_click_at(h: &mut Harness<'_, MarginaliaApp>, pos: egui::Pos2) {
    h.hover_at(pos);
    h.run_steps(30); // half a second: no earlier click counts towards this one

    for _ in 0..2 {
        h.drag_at(pos);
        h.drop_at(pos);
        h.hover_at(pos);
        h.step();
    }
    h.run_steps(2);
}

/// Types into the focused text field.
fn type_text(h: &Harness<'_, MarginaliaApp>, text: &str) {
    h.event(egui::Event::Text(text.to_owned()));
}

/// How many documents of the open project pass `f`.
fn docs_where(app: &MarginaliaApp, f: impl Fn(&marginalia::model::Document) -> bool) -> usize {
    app.session
        .project
        .as_ref()
        .map_or(0, |p| p.documents.iter().filter(|d| f(d)).count())
}

fn spans_of(app: &MarginaliaApp) -> Vec<(usize, usize, String)> {
    app.document()
        .unwrap()
        .spans
        .iter()
        .map(|s| (s.start, s.end, s.label.clone()))
        .collect()
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
fn closing_with_unsaved_edits_asks_first() {
    let (_dir, path) = sample_copy();
    let mut h = harness(&path);
    h.get_by_label("Done").click();
    h.run();
    let request_close = |h: &mut Harness<'_, MarginaliaApp>| {
        h.input_mut()
            .viewports
            .entry(egui::ViewportId::ROOT)
            .or_default()
            .events
            .push(egui::ViewportEvent::Close);
        h.run();
    };
    request_close(&mut h);
    h.get_by_label("Save your edits before closing?");
    h.get_by_label("Cancel").click();
    h.run();
    assert!(
        h.query_by_label("Save your edits before closing?")
            .is_none()
    );
    assert!(h.state().is_dirty());
    request_close(&mut h);
    h.get_by_label("Save").click();
    h.run();
    wait_for_save(&mut h);
    assert!(!h.state().is_dirty(), "saved before closing");
    let saved = marginalia::store::load(&path).unwrap();
    assert_eq!(
        saved.documents[h.state().session.current].status,
        Status::Done
    );
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
/// Every widget's right edge, for the layout test below.
fn widest(n: egui_kittest::Node<'_>, out: &mut Vec<(String, f64)>) {
    use egui_kittest::kittest::NodeT as _;
    if let Some(r) = n.accesskit_node().bounding_box() {
        out.push((n.accesskit_node().label().unwrap_or_default(), r.x1));
    }
    for c in n.children() {
        widest(c, out);
    }
}

#[test]
fn nothing_spills_out_of_the_window_with_a_span_selected() {
    let mut h = harness(&sample_path());
    h.get_by_label("Cha Du-hyeon").click();
    h.run();
    assert!(h.state().session.selected().is_some());
    let mut edges = Vec::new();
    widest(h.root(), &mut edges);
    let width = 1280.0;
    let over: Vec<_> = edges.iter().filter(|(_, x)| *x > width - 7.0).collect();
    assert!(over.is_empty(), "widgets past the window edge: {over:?}");
}

#[test]
fn the_export_dialog_writes_a_file_and_reports_what_it_dropped() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("train.conll");
    let mut h = harness(&sample_path());
    h.get_by_label("File").click();
    h.run();
    h.get_by_label("Export…").click();
    h.run();
    h.get_by_label("Format").click();
    h.run();
    h.get_by_label("conll").click();
    h.run();
    h.get_by_label("Output file").click();
    h.run();
    h.get_by_label("Output file")
        .type_text(&out.display().to_string());
    h.run();
    assert_eq!(h.state().export.format, marginalia::export::Format::Conll);
    h.get(
        egui_kittest::kittest::by()
            .label("Export")
            .role(egui::accesskit::Role::Button),
    )
    .click();
    for _ in 0..200 {
        h.step();
        if h.state().export.last.is_some() {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(10));
    }
    h.run();
    let summary = h
        .state()
        .export
        .last
        .clone()
        .expect("export finished")
        .expect("export succeeded");
    assert_eq!(summary.documents, 6);
    assert!(
        summary.dropped_total() > 0,
        "the sample has overlaps CoNLL cannot hold"
    );
    let text = std::fs::read_to_string(&out).unwrap();
    assert!(text.starts_with("-DOCSTART-"));
    assert!(
        h.query_all_by_label_contains("dropped").count() >= 2,
        "in the dialog and the status bar"
    );
}

#[derive(Debug)]
struct Dropped(PathBuf);

impl egui::DroppedFile for Dropped {
    fn path(&self) -> &Path {
        &self.0
    }
    fn bytes(&self) -> Result<Vec<u8>, String> {
        std::fs::read(&self.0).map_err(|e| e.to_string())
    }
}

#[test]
fn dropped_files_import_off_the_ui_thread_with_a_report_and_one_undo() {
    let (dir, path) = sample_copy();
    let inbox = dir.path().join("inbox");
    std::fs::create_dir_all(&inbox).unwrap();
    std::fs::write(
        inbox.join("page.html"),
        "<html><head><title>Tokyo protests launch | Wire</title></head><body><nav>Home</nav><article><p>Japan lodged a protest after the launch, the chief cabinet secretary said on Monday, calling it a clear violation.</p></article></body></html>",
    )
    .unwrap();
    std::fs::write(inbox.join("note.txt"), "A plain note\n\nWith a body.").unwrap();
    std::fs::write(inbox.join("empty.txt"), "").unwrap();
    let mut h = harness(&path);
    let before = h.state().session.project.as_ref().unwrap().documents.len();
    h.input_mut()
        .dropped_files
        .push(std::sync::Arc::new(Dropped(inbox.clone())));
    for _ in 0..300 {
        h.step();
        if h.state().import.report.is_some() {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(5));
    }
    h.run();
    let report = h
        .state()
        .import
        .report
        .clone()
        .expect("the import finished");
    assert_eq!((report.imported(), report.failed()), (2, 1));
    h.get_by_label("Import report");
    h.get_by_label_contains("empty.txt: empty file");
    let p = h.state().session.project.as_ref().unwrap();
    assert_eq!(p.documents.len(), before + 2);
    let page = p
        .documents
        .iter()
        .find(|d| d.title == "Tokyo protests launch")
        .expect("the HTML article");
    assert!(page.text.starts_with("Japan lodged a protest"));
    assert!(h.state().is_dirty());
    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    h.run();
    assert_eq!(
        h.state().session.project.as_ref().unwrap().documents.len(),
        before,
        "one undo step"
    );
}

#[test]
fn autosave_writes_a_recovery_file_that_is_offered_after_a_crash() {
    let (dir, path) = sample_copy();
    let rec_dir = dir.path().join("recovery");
    let mut app = MarginaliaApp::headless_in(Some(path.clone()), &rec_dir);
    app.save.autosave_every = std::time::Duration::ZERO;
    let mut h = harness_with(app);
    let recovery = h.state_mut().save.recovery_path(&path);
    assert!(!recovery.exists());
    h.get_by_label("Done").click();
    h.run_steps(2);
    wait_for_save(&mut h);
    assert!(recovery.exists(), "autosaved to {}", recovery.display());
    let on_disk = marginalia::store::load(&path).unwrap();
    let edited = h.state().session.project.clone().unwrap();
    assert_ne!(on_disk, edited, "the project file itself is untouched");
    // The window dies without saving; a new window opens the project.
    drop(h);
    let mut h = harness_with(MarginaliaApp::headless_in(Some(path.clone()), &rec_dir));
    h.get_by_label("Recover unsaved work?");
    h.get_by_label_contains("status or note of 1 document");
    assert_eq!(h.state().session.project.as_ref(), Some(&on_disk));
    h.get_by_label("Restore").click();
    h.run();
    assert_eq!(h.state().session.project.as_ref(), Some(&edited));
    assert!(h.state().is_dirty(), "restored edits are not saved yet");
    // A clean save removes the recovery file.
    h.key_press_modifiers(Modifiers::COMMAND, Key::S);
    h.run();
    wait_for_save(&mut h);
    assert!(!h.state().is_dirty());
    assert!(!recovery.exists(), "a clean save removes the recovery file");
    assert_eq!(marginalia::store::load(&path).unwrap(), edited);
}

#[test]
fn leaving_the_window_autosaves_at_once() {
    let (dir, path) = sample_copy();
    let rec_dir = dir.path().join("recovery");
    let mut h = harness_with(MarginaliaApp::headless_in(Some(path.clone()), &rec_dir));
    let recovery = h.state_mut().save.recovery_path(&path);
    h.get_by_label("Done").click();
    h.run_steps(3);
    wait_for_save(&mut h);
    assert!(!recovery.exists(), "not yet: the 30 s have not passed");
    h.event(egui::Event::WindowFocused(false));
    h.run_steps(2);
    wait_for_save(&mut h);
    let autosaved = marginalia::store::load(&recovery).expect("autosaved on leaving");
    assert_eq!(Some(&autosaved), h.state().session.project.as_ref());
}

#[test]
fn two_windows_on_one_project_keep_separate_recovery_files() {
    let (dir, path) = sample_copy();
    let rec_dir = dir.path().join("recovery");
    let window = |status: &str| {
        let mut app = MarginaliaApp::headless_in(Some(path.clone()), &rec_dir);
        app.save.autosave_every = std::time::Duration::ZERO;
        let mut h = harness_with(app);
        h.get_by_label(status).click();
        h.run_steps(2);
        wait_for_save(&mut h);
        let rec = h.state_mut().save.recovery_path(&path);
        let edited = h.state().session.project.clone().unwrap();
        (h, rec, edited)
    };
    let (h1, rec1, edited1) = window("Done");
    let (h2, rec2, edited2) = window("To do");
    assert_ne!(edited1, edited2);
    assert_ne!(rec1, rec2, "each window autosaves to its own file");
    assert_eq!(marginalia::store::load(&rec1).unwrap(), edited1);
    assert_eq!(marginalia::store::load(&rec2).unwrap(), edited2);
    // Both windows die; each later window is offered one of the two.
    drop((h1, h2));
    let mut restored = Vec::new();
    let mut later = Vec::new();
    for _ in 0..2 {
        let mut h = harness_with(MarginaliaApp::headless_in(Some(path.clone()), &rec_dir));
        h.get_by_label("Recover unsaved work?");
        h.get_by_label("Restore").click();
        h.run();
        restored.push(h.state().session.project.clone().unwrap());
        later.push(h);
    }
    assert!(restored.contains(&edited1) && restored.contains(&edited2));
}

#[test]
fn discarding_a_recovery_file_removes_it_and_keeps_the_project() {
    let (dir, path) = sample_copy();
    let rec_dir = dir.path().join("recovery");
    let mut p = marginalia::store::load(&path).unwrap();
    let original = p.clone();
    p.documents[0].note = "autosaved note".into();
    let recovery = marginalia::store::recovery::recovery_path_in(&rec_dir, &path);
    marginalia::store::recovery::write(&p, &path, &recovery).unwrap();
    let mut h = harness_with(MarginaliaApp::headless_in(Some(path.clone()), &rec_dir));
    h.get_by_label("Recover unsaved work?");
    h.get_by_label("Discard recovered edits").click();
    h.run();
    assert!(h.query_by_label("Recover unsaved work?").is_none());
    assert!(!recovery.exists());
    assert_eq!(h.state().session.project.as_ref(), Some(&original));
    assert!(!h.state().is_dirty());
}

#[test]
fn saving_over_a_file_a_colleague_saved_asks_first_and_loses_nothing() {
    let (_dir, path) = sample_copy();
    let mut h = harness(&path);
    h.get_by_label("Done").click();
    h.run();
    // A colleague saves the same file meanwhile.
    let mut theirs = marginalia::store::load(&path).unwrap();
    theirs.documents[0].note = "colleague's note".into();
    marginalia::store::save(&theirs, &path).unwrap();
    h.key_press_modifiers(Modifiers::COMMAND, Key::S);
    h.run();
    wait_for_save(&mut h);
    h.get_by_label("The project file changed on disk");
    assert_eq!(
        marginalia::store::load(&path).unwrap(),
        theirs,
        "not overwritten"
    );
    assert!(h.state().is_dirty(), "my edit is still unsaved, not lost");
    h.get_by_label("Cancel").click();
    h.run();
    assert!(
        h.query_by_label("The project file changed on disk")
            .is_none()
    );
    // Save as… asks for another path (no native dialog here: a typed path).
    h.key_press_modifiers(Modifiers::COMMAND, Key::S);
    h.run();
    wait_for_save(&mut h);
    h.get_by_label("Save as…").click();
    h.run();
    h.get_by_label("Path:");
    let mine = path.with_file_name("mine.ron");
    h.state_mut()
        .push(marginalia::app::Cmd::SaveAs(mine.clone()));
    h.step();
    wait_for_save(&mut h);
    assert!(!h.state().is_dirty());
    assert_eq!(
        marginalia::store::load(&mine).unwrap().documents[h.state().session.current].status,
        Status::Done
    );
    assert_eq!(marginalia::store::load(&path).unwrap(), theirs);
}

#[test]
fn the_window_notices_a_file_changed_on_disk_and_reloads_it() {
    let (dir, path) = sample_copy();
    let mut h = harness_with(MarginaliaApp::headless_in(
        Some(path.clone()),
        &dir.path().join("rec"),
    ));
    h.state_mut().save.disk_poll_every = std::time::Duration::ZERO;
    h.run_steps(2);
    assert!(h.query_by_label_contains("changed on disk").is_none());
    let mut theirs = marginalia::store::load(&path).unwrap();
    theirs.documents[0].note = "colleague's note".into();
    marginalia::store::save(&theirs, &path).unwrap();
    h.run_steps(2);
    h.get_by_label_contains("sample.ron changed on disk");
    h.state_mut().save.disk_poll_every = std::time::Duration::from_secs(3600);
    h.get_by_label("Reload").click();
    h.run();
    assert_eq!(h.state().session.project.as_ref(), Some(&theirs));
    assert!(h.query_by_label_contains("changed on disk").is_none());
}

#[test]
fn a_failed_save_shows_an_error_and_keeps_the_unsaved_marker() {
    let (dir, path) = sample_copy();
    let mut h = harness(&path);
    h.get_by_label("Done").click();
    h.run();
    let nowhere = dir.path().join("no such folder/p.ron");
    h.state_mut().push(marginalia::app::Cmd::SaveAs(nowhere));
    h.step();
    wait_for_save(&mut h);
    assert!(h.state().is_dirty());
    assert!(h.state().window_title().starts_with("● "));
    h.get_by_label_contains("Save failed, nothing was lost");
    assert_eq!(h.state().session.path.as_deref(), Some(path.as_path()));
}

#[test]
fn a_colleagues_save_is_merged_into_mine_and_the_merge_undoes() {
    let (_dir, path) = sample_copy();
    let mut h = harness(&path);
    h.get_by_label("Done").click();
    h.run();
    let mine = h.state().session.project.clone().unwrap();
    let current = h.state().session.current;
    // A colleague adds a note to another document and saves.
    let other = (current + 1) % mine.documents.len();
    let mut theirs = marginalia::store::load(&path).unwrap();
    theirs.documents[other].note = "colleague's note".into();
    marginalia::store::save(&theirs, &path).unwrap();
    h.key_press_modifiers(Modifiers::COMMAND, Key::S);
    h.run();
    wait_for_save(&mut h);
    h.get_by_label("Merge their changes into mine").click();
    h.run();
    let p = h.state().session.project.clone().unwrap();
    assert_eq!(p.documents[current].status, Status::Done, "mine kept");
    assert_eq!(p.documents[other].note, "colleague's note", "theirs taken");
    assert!(h.state().is_dirty());
    h.get_by_label_contains("Merged the changes saved to");
    // Saving now succeeds: the file on disk is the one merged.
    h.key_press_modifiers(Modifiers::COMMAND, Key::S);
    h.run();
    wait_for_save(&mut h);
    assert!(!h.state().is_dirty());
    assert_eq!(marginalia::store::load(&path).unwrap(), p);
    // The merge is one undo step.
    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    h.run();
    assert_eq!(h.state().session.project.as_ref(), Some(&mine));
}

#[test]
fn comparing_with_a_colleagues_copy_curates_each_disagreement_with_keys() {
    let (dir, path) = sample_copy();
    let mut h = harness(&path);
    let current = h.state().session.current;
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
    h.get_by_label("kappa");
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
    h.get_by_label("Both (C)").click();
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
fn brackets_step_through_pending_suggestions_without_deciding() {
    let (_dir, path) = sample_copy();
    let mut h = harness(&path);
    h.get_by_label("Suggest").click();
    h.run();
    let pending: Vec<String> = h
        .state()
        .document()
        .unwrap()
        .spans
        .iter()
        .filter(|s| s.suggested)
        .map(|s| s.id.clone())
        .collect();
    assert!(pending.len() >= 3);
    let selected = |h: &Harness<'static, MarginaliaApp>| h.state().session.selected_span.clone();
    assert_eq!(
        selected(&h).as_ref(),
        Some(&pending[0]),
        "Suggest selects the first"
    );
    h.key_press(Key::CloseBracket);
    h.run();
    assert_eq!(selected(&h).as_ref(), Some(&pending[1]));
    h.key_press(Key::OpenBracket);
    h.run();
    h.key_press(Key::OpenBracket);
    h.run();
    assert_eq!(selected(&h).as_ref(), pending.last(), "wraps around");
    assert_eq!(
        h.state()
            .document()
            .unwrap()
            .spans
            .iter()
            .filter(|s| s.suggested)
            .count(),
        pending.len(),
        "stepping decides nothing"
    );
    // Enter accepts the one stepped to.
    h.key_press(Key::Enter);
    h.run();
    let doc = h.state().document().unwrap();
    let last = doc.span(pending.last().unwrap()).unwrap();
    assert!(!last.suggested, "accepted");
}

#[test]
fn suggesting_in_all_documents_runs_in_the_background_and_undoes_in_one_step() {
    let (_dir, path) = sample_copy();
    let mut h = harness(&path);
    let before = h.state().session.project.clone().unwrap();
    h.get_by_label("In all documents").click();
    h.run_steps(2);
    let start = std::time::Instant::now();
    while h.state().suggesting() {
        assert!(start.elapsed().as_secs() < 30, "suggest did not finish");
        std::thread::sleep(std::time::Duration::from_millis(5));
        h.step();
    }
    h.run_steps(2);
    let pending_docs = docs_where(h.state(), |d| d.spans.iter().any(|s| s.suggested));
    assert!(pending_docs >= 4, "suggestions in {pending_docs} documents");
    h.get_by_label_contains("suggestion(s) in the project");
    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    h.run();
    assert_eq!(
        h.state().session.project.as_ref(),
        Some(&before),
        "one undo step"
    );
}

#[test]
fn suggestions_are_accepted_with_enter_and_rejected_with_backspace() {
    let (_dir, path) = sample_copy();
    let mut h = harness(&path);
    let before = h.state().session.project.clone().unwrap();
    let spans_before = h.state().document().unwrap().spans.len();
    h.get_by_label("Suggest").click();
    h.run();
    let doc = h.state().document().unwrap().clone();
    let pending: Vec<_> = doc.spans.iter().filter(|s| s.suggested).cloned().collect();
    assert!(pending.len() >= 3, "{pending:#?}");
    assert!(pending.iter().any(|s| s.rule == "quotes"));
    assert!(pending.iter().any(|s| s.rule == "sanction_language"));
    // The proposed attribution shows as suggested in "Who said what".
    h.get_by_label_contains("◌ “candid and constructive”");
    // Pending suggestions never count as accepted spans in exports.
    let mut out = Vec::new();
    marginalia::export::export(
        h.state().session.project.as_ref().unwrap(),
        marginalia::export::Format::Jsonl,
        &marginalia::export::Filter::default(),
        &mut out,
    )
    .unwrap();
    let exported = String::from_utf8(out).unwrap();
    assert!(!exported.contains("\"annotator\":\"sanction_language\""));
    // The first suggestion is selected: Enter accepts it.
    let first = h
        .state()
        .session
        .selected()
        .cloned()
        .expect("a suggestion is selected");
    assert!(first.suggested);
    h.key_press(Key::Enter);
    h.run();
    let accepted = h
        .state()
        .document()
        .unwrap()
        .span(&first.id)
        .unwrap()
        .clone();
    assert!(!accepted.suggested);
    assert_eq!(accepted.annotator, h.state().session.annotator);
    assert_eq!(accepted.rule, first.rule);
    // The next one is selected: Backspace rejects it; it does not come back.
    let second = h
        .state()
        .session
        .selected()
        .cloned()
        .expect("the next suggestion");
    assert!(second.suggested && second.id != first.id);
    h.key_press(Key::Backspace);
    h.run();
    let d = h.state().document().unwrap();
    assert!(d.span(&second.id).is_none());
    assert!(
        d.rejected
            .iter()
            .any(|r| r.start == second.start && r.label == second.label)
    );
    h.get_by_label("Suggest").click();
    h.run();
    let again = h.state().document().unwrap();
    assert!(
        !again
            .spans
            .iter()
            .any(|s| s.start == second.start && s.end == second.end && s.label == second.label)
    );
    // Counts per rule are shown; reject all of one rule in one step.
    let pending_threats = again
        .spans
        .iter()
        .filter(|s| s.suggested && s.rule == "sanction_language")
        .count();
    assert!(h.query_all_by_label("✘ all").count() >= 1);
    h.state_mut().push(marginalia::app::Cmd::SettleRule(
        "sanction_language".into(),
        false,
    ));
    h.step();
    h.run();
    let d = h.state().document().unwrap();
    assert_eq!(
        d.spans
            .iter()
            .filter(|s| s.suggested && s.rule == "sanction_language")
            .count(),
        0
    );
    assert!(pending_threats == 0 || d.rejected.len() >= 2);
    // Everything undoes back to the project as it was.
    for _ in 0..6 {
        h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
        h.run();
    }
    assert_eq!(h.state().session.project.as_ref(), Some(&before));
    assert_eq!(h.state().document().unwrap().spans.len(), spans_before);
}

#[test]
fn a_panicking_frame_writes_the_recovery_file_and_says_so() {
    let (dir, path) = sample_copy();
    let rec_dir = dir.path().join("rec");
    let mut h = harness_with(MarginaliaApp::headless_in(Some(path.clone()), &rec_dir));
    h.get_by_label("Done").click();
    h.run();
    let edited = h.state().session.project.clone().unwrap();
    let payload: Box<dyn std::any::Any + Send> = Box::new("index out of bounds");
    h.state_mut().frame_panicked(payload.as_ref());
    h.run();
    h.get_by_label_contains("Internal error (index out of bounds)");
    let rec = h.state_mut().save.recovery_path(&path);
    let found = marginalia::store::recovery::find(&rec)
        .unwrap()
        .expect("written");
    assert_eq!(found.project, edited);
}

#[test]
fn text_in_view_stays_put_while_paragraphs_above_are_laid_out() {
    // A long article: paragraphs are laid out only as they come into view,
    // with estimated heights before.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("long.ron");
    let mut p = marginalia::model::generate::project(0, 0, 0, 1);
    // Wide letters: the estimated heights are well below the real ones.
    let para = "WMW MWM WWM MMW ".repeat(20);
    let text = (0..300)
        .map(|i| format!("{i} {para}"))
        .collect::<Vec<_>>()
        .join("\n");
    p.documents
        .push(marginalia::model::Document::new("long", "Long", text));
    marginalia::store::save(&p, &path).unwrap();
    let mut h = harness(&path);
    let n = h.state().document().unwrap().text.chars().count();
    // Jump far down, then scroll up through estimated paragraphs: the text
    // under the pointer moves by the scrolled amount only.
    let c = n * 3 / 4;
    h.state_mut().push(marginalia::app::Cmd::ScrollTo(c));
    h.step();
    h.run_steps(3);
    let y = |h: &Harness<'_, MarginaliaApp>| h.state().char_screen_rect(c).map(|r| r.top());
    let start = y(&h).expect("the target is shown");
    for _ in 0..3 {
        h.step();
        assert_eq!(y(&h), Some(start), "nothing moves while idle");
    }
    let mut last = start;
    for _ in 0..12 {
        h.event(egui::Event::MouseWheel {
            unit: egui::MouseWheelUnit::Point,
            delta: egui::vec2(0.0, 40.0),
            phase: egui::TouchPhase::Move,
            source: egui::MouseWheelSource::Unknown,
            modifiers: Modifiers::NONE,
        });
        h.hover_at(egui::pos2(600.0, 500.0));
        h.run_steps(4);
        let now = y(&h).expect("still laid out");
        assert!(
            now >= last,
            "scrolling up never moves the text up ({last} -> {now})"
        );
        assert!(
            now - last <= 40.5,
            "moved {} for a 40 px scroll",
            now - last
        );
        last = now;
    }
    assert!(last > start + 200.0, "it did scroll: {start} -> {last}");
}
