//! Opening the real window (eframe) and the fonts it and the tests use;
//! making the app, and what it answers about itself.

use super::files::{FileDialogs, FileUi, NativeDialogs, NoDialogs};
use super::find::FindState;
use super::state::{Caches, Jobs, ViewState};
use super::{
    MarginaliaApp, Session, actions, doclist, export_dialog, import_dialog, palette, prefs, saver,
};
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// Opens the window, with `path` loaded if given.
pub fn run(path: Option<PathBuf>) -> anyhow::Result<()> {
    let dialogs: Box<dyn FileDialogs> = if std::env::var_os("MARGINALIA_NO_DIALOG").is_some() {
        Box::new(NoDialogs)
    } else {
        Box::new(NativeDialogs)
    };
    let app = MarginaliaApp::new(path, dialogs);
    for m in &app.messages {
        eprintln!("marginalia: {}", m.text);
    }
    let options = eframe::NativeOptions {
        viewport: egui::ViewportBuilder::default()
            .with_title("Marginalia")
            .with_app_id("marginalia")
            .with_inner_size([1280.0, 800.0])
            .with_min_inner_size([640.0, 400.0])
            .with_icon(super::icon::icon()),
        ..Default::default()
    };
    eframe::run_native(
        "Marginalia",
        options,
        Box::new(move |_cc| Ok(Box::new(app))),
    )
    .map_err(|e| anyhow::anyhow!("could not open the window: {e}"))
}

/// Gives a context the app's fonts: egui's own plus system fonts on demand
/// for scripts they lack (Korean, Chinese, Japanese, ...). eframe does this
/// itself; test harnesses call it.
pub fn setup_fonts(ctx: &egui::Context) {
    ctx.add_font_provider(Arc::new(
        egui_system_font_provider::SystemFontProvider::new(),
    ));
}

impl MarginaliaApp {
    /// An app with `path` loaded (load errors become messages).
    pub fn new(path: Option<PathBuf>, dialogs: Box<dyn FileDialogs>) -> Self {
        let mut app = Self {
            session: Session::default(),
            messages: Vec::new(),
            find: FindState::default(),
            doclist: doclist::DocListState::default(),
            export: export_dialog::ExportDialog::default(),
            import: import_dialog::ImportState::default(),
            save: saver::SaveState::default(),
            compare: None,
            prefs: prefs::PrefsState::load(crate::user::preferences_path()),
            keymap: actions::Keymap::default(),
            palette: palette::PaletteState::default(),
            view: ViewState::default(),
            jobs: Jobs::default(),
            files: FileUi {
                dialogs,
                pending: None,
                prompt: None,
            },
            caches: Caches::default(),
            queue: Vec::new(),
        };
        app.view.track_time = true;
        app.prefs_changed();
        if let Some(p) = path {
            app.open(&p);
        }
        app
    }

    /// The shortcut of `action` as this platform writes it (Command on macOS).
    pub fn shortcut_label(&self, ctx: &egui::Context, action: actions::Action) -> String {
        self.keymap.label(ctx, action)
    }

    /// An app for tests: no native dialogs.
    pub fn headless(path: Option<PathBuf>) -> Self {
        let mut app = Self::new(path, Box::new(NoDialogs));
        app.view.track_time = false;
        app
    }

    /// An app for tests: no native dialogs; recovery files and preferences
    /// in `data_dir`.
    pub fn headless_in(path: Option<PathBuf>, data_dir: &Path) -> Self {
        let mut app = Self::new(None, Box::new(NoDialogs));
        app.view.track_time = false;
        app.save.recovery_dir = data_dir.to_owned();
        app.prefs = prefs::PrefsState::load(data_dir.join("preferences.ron"));
        app.prefs_changed();
        if let Some(p) = path {
            app.open(&p);
        }
        app
    }

    /// Whether there are unsaved edits.
    pub fn is_dirty(&self) -> bool {
        self.session.is_dirty()
    }

    /// Whether a colleague's copy is being read or agreement computed.
    pub fn comparing(&self) -> bool {
        self.jobs.compare.is_some()
    }

    /// The shown document.
    pub fn document(&self) -> Option<&crate::model::Document> {
        self.session.document()
    }

    /// The window title: app, project name, unsaved marker.
    pub fn window_title(&self) -> String {
        match (&self.session.project, &self.session.path) {
            (Some(p), path) => {
                let file = path
                    .as_deref()
                    .and_then(Path::file_name)
                    .map(|f| format!(" ({})", f.to_string_lossy()))
                    .unwrap_or_default();
                let dirty = if self.is_dirty() { "● " } else { "" };
                format!("{dirty}{} — Marginalia{file}", p.name)
            }
            (None, _) => "Marginalia".to_owned(),
        }
    }

    /// Whether suggestions are being computed for every document.
    pub fn suggesting(&self) -> bool {
        self.jobs.suggest.is_some()
    }

    /// Where code point `c` of the shown document was drawn in the last frame.
    pub fn char_screen_rect(&self, c: usize) -> Option<egui::Rect> {
        self.caches.layout.char_screen_rect(c)
    }

    /// The rectangles a tint of code points `a..b` of the shown document
    /// covered in the last frame (one per row, or per visual stretch of a
    /// row that mixes directions).
    pub fn range_screen_rects(&self, a: usize, b: usize) -> Vec<egui::Rect> {
        self.caches.layout.range_screen_rects(a, b)
    }
}
