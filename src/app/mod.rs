//! The window: a thin view over the domain. Views emit [`Cmd`]s and
//! [`Edit`]s; the app applies them at the end of the frame through the
//! history, so undo and the unsaved marker cover every change.

pub mod article;
pub mod files;
mod panels;

use crate::edit::Edit;
use crate::history::History;
use crate::model::{Project, Status, validate};
use crate::store;
use article::ArticleLayout;
use egui::{Key, KeyboardShortcut, Modifiers};
use files::{Answer, FileDialogs, NativeDialogs, NoDialogs, PathPrompt, Pending, Purpose};
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
            .with_min_inner_size([640.0, 400.0]),
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

/// App-level actions, run at the end of the frame.
#[derive(Debug, Clone, PartialEq)]
pub enum Cmd {
    /// Show a document.
    SelectDocument(usize),
    /// Select a span of the current document (or none).
    SelectSpan(Option<String>),
    /// Apply an edit through the history.
    Apply(Edit),
    /// Undo the last edit.
    Undo,
    /// Redo the next edit.
    Redo,
    /// Save to the current path (or ask for one).
    Save,
    /// Ask for a path and save there.
    SaveAsDialog,
    /// Save to this path and make it current.
    SaveAs(PathBuf),
    /// Ask for a project to open.
    OpenDialog,
    /// Open this project.
    Open(PathBuf),
    /// Close the window (asks first if there are unsaved edits).
    Quit,
}

/// A message for the status bar.
#[derive(Debug, Clone)]
pub struct Message {
    /// The text.
    pub text: String,
    /// Whether it reports a failure.
    pub error: bool,
}

/// The whole window's state.
pub struct MarginaliaApp {
    /// The open project.
    pub project: Option<Project>,
    /// Where it was loaded from or last saved to.
    pub path: Option<PathBuf>,
    /// Undo history; the unsaved marker derives from it.
    pub history: History,
    /// Index of the shown document.
    pub current: usize,
    /// Selected span id in the shown document.
    pub selected_span: Option<String>,
    /// Status bar messages, newest last.
    pub messages: Vec<Message>,
    /// Bumped on every change to the project, for caches.
    revision: u64,
    layout: ArticleLayout,
    dialogs: Box<dyn FileDialogs>,
    pending: Option<Pending>,
    prompt: Option<PathPrompt>,
    confirm_close: bool,
    allow_close: bool,
    title: String,
    queue: Vec<Cmd>,
}

impl MarginaliaApp {
    /// An app with `path` loaded (load errors become messages).
    pub fn new(path: Option<PathBuf>, dialogs: Box<dyn FileDialogs>) -> Self {
        let mut app = Self {
            project: None,
            path: None,
            history: History::new(),
            current: 0,
            selected_span: None,
            messages: Vec::new(),
            revision: 0,
            layout: ArticleLayout::default(),
            dialogs,
            pending: None,
            prompt: None,
            confirm_close: false,
            allow_close: false,
            title: String::new(),
            queue: Vec::new(),
        };
        if let Some(p) = path {
            app.open(&p);
        }
        app
    }

    /// An app for tests: no native dialogs.
    pub fn headless(path: Option<PathBuf>) -> Self {
        Self::new(path, Box::new(NoDialogs))
    }

    /// Queues a command for the end of the frame.
    pub fn push(&mut self, cmd: Cmd) {
        self.queue.push(cmd);
    }

    fn info(&mut self, text: impl Into<String>) {
        self.messages.push(Message {
            text: text.into(),
            error: false,
        });
    }

    fn error(&mut self, text: impl Into<String>) {
        self.messages.push(Message {
            text: text.into(),
            error: true,
        });
    }

    /// Whether there are unsaved edits.
    pub fn is_dirty(&self) -> bool {
        self.project.is_some() && self.history.is_dirty()
    }

    /// The window title: app, project name, unsaved marker.
    pub fn window_title(&self) -> String {
        match (&self.project, &self.path) {
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

    fn open(&mut self, path: &Path) {
        match store::load(path) {
            Ok(project) => {
                let problems = validate(&project);
                self.current = project.first_open_document().unwrap_or(0);
                self.info(format!(
                    "Opened {} ({} documents, {} spans)",
                    path.display(),
                    project.documents.len(),
                    project.span_count()
                ));
                if !problems.is_empty() {
                    self.error(format!(
                        "{}: {} problem(s), first: {}",
                        path.display(),
                        problems.len(),
                        problems[0]
                    ));
                }
                self.project = Some(project);
                self.path = Some(path.to_owned());
                self.history = History::new();
                self.selected_span = None;
                self.revision += 1;
                self.layout.invalidate();
            }
            Err(e) => self.error(format!("Could not open: {e}")),
        }
    }

    fn save_to(&mut self, path: &Path) -> bool {
        let Some(project) = &self.project else {
            return false;
        };
        match store::save(project, path) {
            Ok(()) => {
                self.history.mark_saved();
                self.path = Some(path.to_owned());
                self.info(format!("Saved {}", path.display()));
                true
            }
            Err(e) => {
                self.error(format!("Save failed, nothing was lost: {e}"));
                false
            }
        }
    }

    fn run_cmd(&mut self, ctx: &egui::Context, cmd: Cmd) {
        match cmd {
            Cmd::SelectDocument(i) => {
                if self.project.as_ref().is_some_and(|p| i < p.documents.len()) {
                    self.current = i;
                    self.selected_span = None;
                }
            }
            Cmd::SelectSpan(s) => self.selected_span = s,
            Cmd::Apply(edit) => {
                if let Some(p) = &mut self.project {
                    match self.history.apply(p, edit) {
                        Ok(()) => self.revision += 1,
                        Err(e) => self.error(format!("Edit refused: {e}")),
                    }
                }
            }
            Cmd::Undo | Cmd::Redo => {
                if let Some(p) = &mut self.project {
                    let r = if cmd == Cmd::Undo {
                        self.history.undo(p)
                    } else {
                        self.history.redo(p)
                    };
                    let stale = self.selected_span.as_ref().is_some_and(|id| {
                        p.documents
                            .get(self.current)
                            .is_none_or(|d| d.span(id).is_none())
                    });
                    if stale {
                        self.selected_span = None;
                    }
                    match r {
                        Ok(true) => self.revision += 1,
                        Ok(false) => {}
                        Err(e) => self.error(format!("Undo failed: {e}")),
                    }
                }
            }
            Cmd::Save => match self.path.clone() {
                Some(path) => {
                    self.save_to(&path);
                }
                None => self.run_cmd(ctx, Cmd::SaveAsDialog),
            },
            Cmd::SaveAsDialog => {
                if self.project.is_some() {
                    self.pending = Some(Pending::start(self.dialogs.as_ref(), Purpose::SaveAs));
                }
            }
            Cmd::SaveAs(path) => {
                self.save_to(&path);
            }
            Cmd::OpenDialog => {
                self.pending = Some(Pending::start(self.dialogs.as_ref(), Purpose::Open));
            }
            Cmd::Open(path) => {
                if self.is_dirty() {
                    self.error("Save or undo your edits before opening another project");
                } else {
                    self.open(&path);
                }
            }
            Cmd::Quit => {
                if self.is_dirty() {
                    self.confirm_close = true;
                } else {
                    self.allow_close = true;
                    ctx.send_viewport_cmd(egui::ViewportCommand::Close);
                }
            }
        }
    }

    fn shortcuts(&mut self, ctx: &egui::Context) {
        // Shortcuts with Shift first: Ctrl+Shift+Z also matches Ctrl+Z.
        let table = [
            (Modifiers::COMMAND | Modifiers::SHIFT, Key::Z, Cmd::Redo),
            (
                Modifiers::COMMAND | Modifiers::SHIFT,
                Key::S,
                Cmd::SaveAsDialog,
            ),
            (Modifiers::COMMAND, Key::Z, Cmd::Undo),
            (Modifiers::COMMAND, Key::Y, Cmd::Redo),
            (Modifiers::COMMAND, Key::S, Cmd::Save),
            (Modifiers::COMMAND, Key::O, Cmd::OpenDialog),
        ];
        if ctx.egui_wants_keyboard_input() {
            // A text field has focus: keep only save, which is always safe.
            if ctx.input_mut(|i| {
                i.consume_shortcut(&KeyboardShortcut::new(Modifiers::COMMAND, Key::S))
            }) {
                self.queue.push(Cmd::Save);
            }
            return;
        }
        for (m, k, cmd) in table {
            if ctx.input_mut(|i| i.consume_shortcut(&KeyboardShortcut::new(m, k))) {
                self.queue.push(cmd);
            }
        }
    }

    fn poll_dialog(&mut self) {
        let Some(p) = &self.pending else { return };
        match p.poll() {
            Answer::Waiting => {}
            Answer::Cancelled => self.pending = None,
            Answer::Chosen(purpose, path) => {
                self.pending = None;
                self.queue.push(match purpose {
                    Purpose::Open => Cmd::Open(path),
                    Purpose::SaveAs => Cmd::SaveAs(path),
                });
            }
            Answer::Unavailable(purpose) => {
                self.pending = None;
                let text = match (&self.path, purpose) {
                    (Some(p), Purpose::SaveAs) => p.display().to_string(),
                    _ => String::new(),
                };
                self.prompt = Some(PathPrompt {
                    purpose,
                    text,
                    hint: "No file dialog is available here: type the path.".into(),
                });
            }
        }
    }

    /// One frame of the whole window.
    pub fn ui(&mut self, ui: &mut egui::Ui) {
        let ctx = ui.ctx().clone();
        self.shortcuts(&ctx);
        self.poll_dialog();
        if self.pending.is_some() {
            ctx.request_repaint_after(std::time::Duration::from_millis(100));
        }
        if ctx.input(|i| i.viewport().close_requested()) && !self.allow_close && self.is_dirty() {
            ctx.send_viewport_cmd(egui::ViewportCommand::CancelClose);
            self.confirm_close = true;
        }
        let title = self.window_title();
        if title != self.title {
            ctx.send_viewport_cmd(egui::ViewportCommand::Title(title.clone()));
            self.title = title;
        }

        panels::menu_bar_ui(self, ui);
        panels::status_bar_ui(self, ui);
        if self.project.is_some() {
            panels::documents_panel_ui(self, ui);
            panels::labels_panel_ui(self, ui);
        }
        egui::CentralPanel::default().show(ui, |ui| self.central_ui(ui));
        panels::prompt_ui(self, &ctx);
        panels::confirm_close_ui(self, &ctx);

        for cmd in std::mem::take(&mut self.queue) {
            self.run_cmd(&ctx, cmd);
        }
    }

    fn central_ui(&mut self, ui: &mut egui::Ui) {
        let Some(project) = &self.project else {
            panels::welcome_ui(self, ui);
            return;
        };
        let Some(doc) = project.documents.get(self.current) else {
            ui.centered_and_justified(|ui| {
                ui.label(
                    "This project has no documents yet. Import articles with `marginalia import`.",
                );
            });
            return;
        };
        let out = article::article_ui(
            ui,
            &mut self.layout,
            project,
            doc,
            self.revision,
            self.selected_span.as_deref(),
        );
        if let Some(id) = out.clicked_span {
            self.queue.push(Cmd::SelectSpan(Some(id)));
        } else if out.clicked_nothing {
            self.queue.push(Cmd::SelectSpan(None));
        }
    }

    /// Sets the status of the shown document (an undoable edit).
    pub fn set_status(&mut self, status: Status) {
        if let Some(doc) = self
            .project
            .as_ref()
            .and_then(|p| p.documents.get(self.current))
        {
            self.queue.push(Cmd::Apply(Edit::SetStatus {
                doc: doc.id.clone(),
                status,
            }));
        }
    }
}

impl eframe::App for MarginaliaApp {
    fn ui(&mut self, ui: &mut egui::Ui, _frame: &mut eframe::Frame) {
        MarginaliaApp::ui(self, ui);
    }
}
