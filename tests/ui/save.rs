//! Saving: close prompts, autosave and recovery, changes on disk, failed saves,
//! merging a colleague's save.

use crate::common::*;
use egui::{Key, Modifiers};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable as _;
use marginalia::app::MarginaliaApp;
use marginalia::model::Status;

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
