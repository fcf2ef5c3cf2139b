//! Shared helpers: the harness, a saveable copy of the sample, waiting for
//! saves, and pointer and keyboard input on the article view.

use egui_kittest::Harness;
use marginalia::app::{MarginaliaApp, setup_fonts};
use std::path::{Path, PathBuf};

pub fn sample_path() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("sample_projects/sanctions_watch.ron")
}

/// A copy of the sample project in a temp folder, so tests can save.
pub fn sample_copy() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("sample.ron");
    std::fs::copy(sample_path(), &path).expect("copy sample");
    (dir, path)
}

/// Recovery files of all tests go to one temp folder, never the user's.
pub fn recovery_dir() -> &'static Path {
    static DIR: std::sync::OnceLock<tempfile::TempDir> = std::sync::OnceLock::new();
    DIR.get_or_init(|| tempfile::tempdir().expect("temp dir"))
        .path()
}

pub fn harness(path: &Path) -> Harness<'static, MarginaliaApp> {
    harness_with(MarginaliaApp::headless_in(
        Some(path.to_owned()),
        recovery_dir(),
    ))
}

pub fn harness_with(app: MarginaliaApp) -> Harness<'static, MarginaliaApp> {
    harness_sized(app, [1280.0, 1000.0])
}

/// A window of `size` points showing `app`.
pub fn harness_sized(app: MarginaliaApp, size: [f32; 2]) -> Harness<'static, MarginaliaApp> {
    let mut h = Harness::builder()
        .with_size(size)
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
pub fn wait_for_save(h: &mut Harness<'_, MarginaliaApp>) {
    let start = std::time::Instant::now();
    while h.state().save.busy() {
        assert!(start.elapsed().as_secs() < 30, "save did not finish");
        std::thread::sleep(std::time::Duration::from_millis(5));
        h.step();
    }
    h.run_steps(2);
}

/// Code point range of `needle` in the shown document.
pub fn find_in_doc(app: &MarginaliaApp, needle: &str) -> std::ops::Range<usize> {
    let text = &app.document().expect("a document").text;
    let b = text
        .find(needle)
        .unwrap_or_else(|| panic!("{needle:?} not in the document"));
    let start = text[..b].chars().count();
    start..start + needle.chars().count()
}

/// Scrolls code point `c` into view and returns its center on screen.
pub fn char_center(h: &mut Harness<'_, MarginaliaApp>, c: usize) -> egui::Pos2 {
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

pub fn drag(h: &mut Harness<'_, MarginaliaApp>, from: egui::Pos2, to: egui::Pos2) {
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

pub fn click_char(h: &mut Harness<'_, MarginaliaApp>, c: usize) {
    let pos = char_center(h, c);
    click_at(h, pos);
}

pub fn double_click_char(h: &mut Harness<'_, MarginaliaApp>, c: usize) {
    let pos = char_center(h, c);
    double_click_at(h, pos);
}

pub fn click_at(h: &mut Harness<'_, MarginaliaApp>, pos: egui::Pos2) {
    h.hover_at(pos);
    h.run();
    h.drag_at(pos);
    h.drop_at(pos);
    h.run();
}

pub fn double_click_at(h: &mut Harness<'_, MarginaliaApp>, pos: egui::Pos2) {
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
pub fn type_text(h: &Harness<'_, MarginaliaApp>, text: &str) {
    h.event(egui::Event::Text(text.to_owned()));
}

/// How many documents of the open project pass `f`.
pub fn docs_where(app: &MarginaliaApp, f: impl Fn(&marginalia::model::Document) -> bool) -> usize {
    app.session
        .project
        .as_ref()
        .map_or(0, |p| p.documents.iter().filter(|d| f(d)).count())
}

pub fn spans_of(app: &MarginaliaApp) -> Vec<(usize, usize, String)> {
    app.document()
        .unwrap()
        .spans
        .iter()
        .map(|s| (s.start, s.end, s.label.clone()))
        .collect()
}

/// How many pending suggestions the shown document has.
pub fn pending_count(h: &Harness<'_, MarginaliaApp>) -> usize {
    h.state()
        .document()
        .unwrap()
        .spans
        .iter()
        .filter(|s| s.suggested)
        .count()
}

/// Steps frames (`pause_ms` apart, at most `steps`) until `done` holds for
/// the app, for background work; then runs the frames it asks for.
pub fn step_until(
    h: &mut Harness<'_, MarginaliaApp>,
    steps: usize,
    pause_ms: u64,
    done: impl Fn(&MarginaliaApp) -> bool,
) {
    for _ in 0..steps {
        h.step();
        if done(h.state()) {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(pause_ms));
    }
    h.run();
}

/// Steps frames until the export dialog's export has finished.
pub fn wait_for_export(h: &mut Harness<'_, MarginaliaApp>) {
    step_until(h, 200, 10, |app| app.export.last.is_some());
}

/// Clicks "In all documents" and steps frames until the suggestions are in.
pub fn suggest_in_all_documents(h: &mut Harness<'_, MarginaliaApp>) {
    use egui_kittest::kittest::Queryable as _;
    h.get_by_label("In all documents").click();
    h.run_steps(2);
    let start = std::time::Instant::now();
    while h.state().suggesting() {
        assert!(start.elapsed().as_secs() < 30, "suggest did not finish");
        std::thread::sleep(std::time::Duration::from_millis(5));
        h.step();
    }
    h.run_steps(2);
}

/// Steps frames until the background import has finished (its report shows).
pub fn wait_for_import(h: &mut Harness<'_, MarginaliaApp>) {
    step_until(h, 300, 5, |app| app.import.report.is_some());
}
