//! The window: a thin view over the domain. Views emit [`Cmd`]s; the app
//! runs them at the end of the frame, and every change to the project goes
//! through [`History`] as an [`Edit`], so undo and the unsaved marker cover it.

pub mod actions;
pub mod article;
mod commands;
mod compare;
mod doclist;
mod export_dialog;
pub mod files;
mod find;
mod icon;
mod import_dialog;
mod inspector;
pub mod job;
mod keys;
mod label_editor;
mod notices;
mod palette;
mod panels;
mod prefs;
mod saver;
mod suggest_all;
mod widgets;

use crate::edit::Edit;
use crate::model::segment::Segments;
use crate::model::text::TextIndex;
use crate::model::{Status, validate};
pub use crate::session::{Edge, Session};
use crate::store;
use article::{ArticleInput, ArticleLayout};
use files::{FileDialogs, FileUi, NativeDialogs, NoDialogs, Pending, Purpose};
use std::path::{Path, PathBuf};
use std::sync::Arc;

pub use commands::{Cmd, Dialog};
pub use find::{FindState, LabelAllPreview};
use notices::MESSAGES_KEPT;
pub use notices::Message;
use widgets::{danger_button, progress_window, submitted};

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
            .with_icon(icon::icon()),
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

/// Whether Enter was pressed in this single-line text field this frame.
/// The message a panic carried.
pub(crate) fn panic_message(payload: &(dyn std::any::Any + Send)) -> String {
    payload
        .downcast_ref::<&str>()
        .map(|s| (*s).to_owned())
        .or_else(|| payload.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "unknown error".into())
}

/// Spans per label for a (revision, document): in the document, in the project.
type LabelCounts = ((u64, usize), Vec<usize>, Vec<usize>);

/// Per-rule suggestion counts for a (revision, document): here, in the project.
pub(crate) type RuleCounts = std::collections::BTreeMap<String, crate::suggest::RuleCounts>;
type RuleCountsCache = ((u64, usize), RuleCounts, RuleCounts);

/// Per-document data derived from its (immutable) text.
struct DocCache {
    id: String,
    segments: Segments,
    index: TextIndex,
}

/// The whole window's state.
pub struct MarginaliaApp {
    /// The open project, the shown document, the selection, the history.
    pub session: Session,
    /// Messages of this session, newest last (at most 500); errors stay in
    /// the status bar until dismissed, notices fade.
    pub messages: Vec<Message>,
    /// Find in the article / project.
    pub find: FindState,
    /// Filter and scroll state of the document list.
    pub doclist: doclist::DocListState,
    /// The export dialog.
    pub export: export_dialog::ExportDialog,
    /// A running import and the last import's report.
    pub import: import_dialog::ImportState,
    /// Background saves, autosave and changes on disk.
    pub save: saver::SaveState,
    /// A colleague's copy opened for comparison and curation.
    pub compare: Option<compare::CompareState>,
    /// The analyst's preferences.
    pub prefs: prefs::PrefsState,
    /// The shortcuts in force (defaults with the analyst's own).
    pub keymap: actions::Keymap,
    /// The command palette and the keyboard help overlay.
    pub palette: palette::PaletteState,
    /// Small view state: which windows are open, the caret shown, filters.
    pub view: ViewState,
    /// Background work besides saving, importing and exporting.
    jobs: Jobs,
    /// File dialogs and the typed-path prompt.
    files: FileUi,
    /// What is derived from the session and kept between frames.
    caches: Caches,
    /// Commands for the end of the frame.
    queue: Vec<Cmd>,
}

/// Small view state of the window.
#[derive(Default)]
pub struct ViewState {
    /// Whether the caret is shown (after a click in the text or a caret key).
    pub show_caret: bool,
    /// Whether the message log window is open.
    pub log_open: bool,
    /// "Label all occurrences" preview, when open.
    pub label_all: Option<LabelAllPreview>,
    /// Whether the label set editor is open.
    pub label_editor_open: bool,
    /// The label set editor's drafts.
    label_editor: label_editor::EditorState,
    /// Label filter of the span list.
    pub span_filter: Option<String>,
    /// The unsaved-changes prompt is open.
    confirm_close: bool,
    /// Closing was confirmed (or nothing is unsaved).
    allow_close: bool,
}

/// Background jobs besides saving, importing and exporting.
#[derive(Default)]
struct Jobs {
    /// A copy being read for comparison (or agreement being computed).
    compare: Option<compare::Job>,
    /// Suggestions being computed for every document.
    suggest: Option<suggest_all::SuggestJob>,
}

/// What the window derives from the session and keeps between frames.
#[derive(Default)]
struct Caches {
    /// (shown document and whether a project is open, revision) the view was last synced to.
    shown: ((usize, bool), u64),
    layout: ArticleLayout,
    cache: Option<DocCache>,
    /// Spans per label (shown document, project), for (revision, document).
    counts: Option<LabelCounts>,
    /// Suggestion counts per rule (shown document, project), for (revision, document).
    rule_counts: Option<RuleCountsCache>,
    /// The window title last sent.
    title: String,
    /// Whether the shown document has glyphs no font has.
    missing_glyphs: Option<(String, bool)>,
}

impl Caches {
    /// Suggestion counts per rule in the shown document and in the project;
    /// recounted only after an edit or a change of document.
    fn rule_counts(&mut self, session: &Session) -> (RuleCounts, RuleCounts) {
        let key = (session.revision, session.current);
        if self.rule_counts.as_ref().is_none_or(|(k, _, _)| *k != key) {
            let Some(p) = &session.project else {
                return Default::default();
            };
            let here = crate::suggest::rule_counts(p.documents.get(session.current));
            let all = crate::suggest::rule_counts(&p.documents);
            self.rule_counts = Some((key, here, all));
        }
        self.rule_counts
            .as_ref()
            .map(|(_, h, a)| (h.clone(), a.clone()))
            .unwrap_or_default()
    }

    /// Word/sentence segments and the code point index of the shown
    /// document, computed once per document (its text never changes).
    fn ensure_cache(&mut self, session: &Session) {
        let Some(doc) = session
            .project
            .as_ref()
            .and_then(|p| p.documents.get(session.current))
        else {
            return;
        };
        if self.cache.as_ref().is_none_or(|c| c.id != doc.id) {
            self.cache = Some(DocCache {
                id: doc.id.clone(),
                segments: Segments::new(&doc.text),
                index: TextIndex::new(&doc.text),
            });
        }
    }

    /// Spans per label, in label order, in the shown document and in the
    /// project; recounted only after an edit or a change of document.
    fn label_counts(&mut self, session: &Session) -> (Vec<usize>, Vec<usize>) {
        let key = (session.revision, session.current);
        if self.counts.as_ref().is_none_or(|(k, _, _)| *k != key) {
            let Some(p) = &session.project else {
                return (Vec::new(), Vec::new());
            };
            let totals = p.label_counts();
            let per = |counts: &[(String, usize)], name: &str| {
                counts
                    .iter()
                    .find(|(n, _)| n == name)
                    .map_or(0, |(_, c)| *c)
            };
            let mut in_doc = vec![0; p.labels.len()];
            if let Some(d) = p.documents.get(session.current) {
                for s in d.spans.iter().filter(|s| !s.suggested) {
                    if let Some(i) = p.label_index(&s.label) {
                        in_doc[i] += 1;
                    }
                }
            }
            let total = p.labels.iter().map(|l| per(&totals, &l.name)).collect();
            self.counts = Some((key, in_doc, total));
        }
        self.counts
            .as_ref()
            .map(|(_, d, t)| (d.clone(), t.clone()))
            .unwrap_or_default()
    }
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
        app.prefs_changed();
        if let Some(p) = path {
            app.open(&p);
        }
        app
    }

    /// Takes the saved preferences into use: the annotator and the keymap.
    pub(super) fn prefs_changed(&mut self) {
        self.session.annotator = self.prefs.saved.annotator();
        let (keymap, problems) = actions::Keymap::with(&self.prefs.saved.keys);
        self.keymap = keymap;
        for p in problems {
            self.error(format!(
                "Keyboard shortcuts in {}: {p}",
                self.prefs.path.display()
            ));
        }
    }

    /// The shortcut of `action` as this platform writes it (Command on macOS).
    pub fn shortcut_label(&self, ctx: &egui::Context, action: actions::Action) -> String {
        self.keymap.label(ctx, action)
    }

    /// An app for tests: no native dialogs.
    pub fn headless(path: Option<PathBuf>) -> Self {
        Self::new(path, Box::new(NoDialogs))
    }

    /// An app for tests: no native dialogs; recovery files and preferences
    /// in `data_dir`.
    pub fn headless_in(path: Option<PathBuf>, data_dir: &Path) -> Self {
        let mut app = Self::new(None, Box::new(NoDialogs));
        app.save.recovery_dir = data_dir.to_owned();
        app.prefs = prefs::PrefsState::load(data_dir.join("preferences.ron"));
        app.prefs_changed();
        if let Some(p) = path {
            app.open(&p);
        }
        app
    }

    /// Queues a command for the end of the frame.
    pub fn push(&mut self, cmd: Cmd) {
        self.queue.push(cmd);
    }

    fn info(&mut self, text: impl Into<String>) {
        self.say(Message::new(text.into(), false));
    }

    fn error(&mut self, text: impl Into<String>) {
        self.say(Message::new(text.into(), true));
    }

    fn say(&mut self, m: Message) {
        if self.messages.len() >= MESSAGES_KEPT {
            self.messages.remove(0);
        }
        self.messages.push(m);
    }

    /// Whether there are unsaved edits.
    pub fn is_dirty(&self) -> bool {
        self.session.is_dirty()
    }

    /// What comparing with a colleague's copy works on.
    fn compare_parts(&mut self) -> compare::Parts<'_> {
        compare::Parts {
            session: &mut self.session,
            compare: &mut self.compare,
            job: &mut self.jobs.compare,
            out: &mut self.queue,
            keymap: &self.keymap,
        }
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

    fn open(&mut self, path: &Path) {
        // The stamp before reading: a save by someone else while reading
        // shows as a change.
        let stamp = store::DiskStamp::of(path).ok().flatten();
        match store::load(path) {
            Ok(project) => {
                // A project whose offsets or ids are broken (a careless hand
                // merge, a hostile file) is refused: editing it could only
                // make things worse. `marginalia validate` lists every problem.
                let problems = validate(&project);
                if let Some(first) = problems.first() {
                    self.error(format!(
                        "Could not open {}: {} problem(s), first: {first}. Run `marginalia validate {}` to list them; the file was not changed.",
                        path.display(),
                        problems.len(),
                        path.display()
                    ));
                    return;
                }
                self.info(format!(
                    "Opened {} ({} documents, {} spans)",
                    path.display(),
                    project.documents.len(),
                    project.span_count()
                ));
                self.session.replace_project(project, Some(path.to_owned()));
                self.compare = None;
                self.caches.layout.invalidate();
                self.sync_view(true);
                saver::opened(
                    &mut self.session,
                    &mut self.save,
                    &mut self.queue,
                    path,
                    stamp,
                );
            }
            Err(e) => self.error(format!("Could not open: {e}")),
        }
    }

    fn show_document(&mut self, i: usize) {
        self.session.show_document(i);
        self.sync_view(true);
    }

    /// Brings the view in line with the session after commands ran: a new
    /// document resets the view's per-document state; any change refreshes
    /// find's matches; the session's notices go to the status bar.
    fn sync_view(&mut self, force: bool) {
        let shown = (self.session.current, self.session.project.is_some());
        if force || shown != self.caches.shown.0 {
            self.doclist.follow = true;
            self.view.show_caret = false;
            self.view.label_all = None;
        }
        if force || shown != self.caches.shown.0 || self.session.revision != self.caches.shown.1 {
            self.find
                .refresh_matches(self.session.project.as_ref(), self.session.current);
        }
        self.caches.shown = (shown, self.session.revision);
        for n in self.session.take_notices() {
            self.say(Message::new(n.text, n.error));
        }
    }

    /// Where code point `c` of the shown document was drawn in the last frame.
    pub fn char_screen_rect(&self, c: usize) -> Option<egui::Rect> {
        self.caches.layout.char_screen_rect(c)
    }

    fn run_cmd(&mut self, ctx: &egui::Context, cmd: Cmd) {
        match cmd {
            Cmd::SelectDocument(i) => {
                if self
                    .session
                    .project
                    .as_ref()
                    .is_some_and(|p| i < p.documents.len())
                {
                    self.show_document(i);
                }
            }
            Cmd::SelectSpan(s) => self.session.select_span(s),
            Cmd::SetSelection(r) => {
                self.session.selection = r.filter(|r| r.start < r.end);
                if self.session.selection.is_some() {
                    self.session.selected_span = None;
                }
            }
            Cmd::SetCaret(c) => {
                self.session.caret = c;
                self.view.show_caret = true;
                self.session.selection = None;
                self.session.selected_span = None;
                if self.session.linking.take().is_some() {
                    self.info("Linking cancelled.");
                }
            }
            Cmd::ApplyLabel(n) => self.session.apply_label(n),
            Cmd::AcceptSuggestion => self.session.settle_here(true),
            Cmd::RejectSuggestion => self.session.settle_here(false),
            Cmd::StepSuggestion(forward) => self.session.step_suggestion(forward),
            Cmd::SuggestDocument => self.session.suggest_document(),
            Cmd::SuggestProject => {
                suggest_all::start(&self.session, &mut self.jobs.suggest, &mut self.queue);
            }
            Cmd::SettleRule(rule, accept) => self.session.settle_rule(&rule, accept),
            Cmd::MoreLikeThis => self.session.more_like_this(),
            Cmd::DeleteSpan => self.session.delete_selected(),
            Cmd::LabelAll(label, matches) => {
                self.session.label_all(&label, &matches);
            }
            Cmd::MoveEdge(edge, forward) => {
                self.caches.ensure_cache(&self.session);
                if let Some(cache) = &self.caches.cache {
                    self.session.move_edge(edge, forward, &cache.segments);
                }
            }
            Cmd::StartLink => self.session.start_link(),
            Cmd::CancelLink => self.session.linking = None,
            Cmd::DoneAndNext => self.session.done_and_next(),
            Cmd::StepDocument(forward, open_only) => {
                self.session.step_document(forward, open_only);
            }
            Cmd::ScrollTo(c) => self.session.reveal = Some(c),
            Cmd::Apply(edit) => {
                self.session.apply(edit, None);
            }
            Cmd::ApplyCoalescing(edit, key) => {
                self.session.apply(edit, Some(key));
            }
            Cmd::Undo | Cmd::Redo => {
                let done = if cmd == Cmd::Undo {
                    self.session.undo()
                } else {
                    self.session.redo()
                };
                if done {
                    // Curation choices of this document come back for review.
                    compare::forget_settled(&mut self.compare_parts());
                }
            }
            Cmd::Save => match self.session.path.clone() {
                Some(path) => saver::start_save(
                    &mut self.session,
                    &mut self.save,
                    &mut self.queue,
                    path,
                    true,
                    false,
                ),
                None => self.run_cmd(ctx, Cmd::SaveAsDialog),
            },
            Cmd::SaveAsDialog => {
                if self.session.project.is_some() {
                    self.files.pending =
                        Some(Pending::start(self.files.dialogs.as_ref(), Purpose::SaveAs));
                }
            }
            Cmd::SaveAs(path) => saver::start_save(
                &mut self.session,
                &mut self.save,
                &mut self.queue,
                path,
                false,
                false,
            ),
            Cmd::OpenDialog => {
                self.files.pending =
                    Some(Pending::start(self.files.dialogs.as_ref(), Purpose::Open));
            }
            Cmd::Open(path) => {
                if self.is_dirty() {
                    self.error("Save or undo your edits before opening another project");
                } else {
                    self.open(&path);
                }
            }
            Cmd::Import(paths) => {
                if let Err(e) = import_dialog::start(&self.session, &mut self.import, paths) {
                    self.error(e);
                }
            }
            Cmd::CompareDialog => {
                if self.session.project.is_some() {
                    self.files.pending = Some(Pending::start(
                        self.files.dialogs.as_ref(),
                        Purpose::Compare,
                    ));
                }
            }
            Cmd::Compare(path) => compare::open(&mut self.compare_parts(), &path),
            Cmd::ImportDialog(purpose) => {
                self.files.pending = Some(Pending::start(self.files.dialogs.as_ref(), purpose));
            }
            Cmd::Show(dialog) => self.show(dialog),
            Cmd::Cancel => self.close_innermost(),
            Cmd::SetRelationLabel(label) => self.session.relation_label = label,
            Cmd::FindStep(forward) => {
                find::step(&mut self.find, &self.session, forward, &mut self.queue);
            }
            Cmd::FindInDocument(i, last) => {
                if self
                    .session
                    .project
                    .as_ref()
                    .is_some_and(|p| i < p.documents.len())
                {
                    self.show_document(i);
                    find::show_hit(&mut self.find, last, &mut self.queue);
                }
            }
            Cmd::Say(text, error) => self.say(Message::new(text, error)),
            Cmd::Settle(choice) => compare::settle(&mut self.compare_parts(), choice),
            Cmd::CompareStep(forward) => compare::step(&mut self.compare_parts(), forward),
            Cmd::MergeFromDisk => {
                saver::merge_from_disk(&mut self.session, &mut self.save, &mut self.queue);
            }
            Cmd::RestoreRecovery => {
                saver::restore_recovery(&mut self.session, &mut self.save, &mut self.queue);
            }
            Cmd::CloseNow => {
                self.view.allow_close = true;
                ctx.send_viewport_cmd(egui::ViewportCommand::Close);
            }
            Cmd::PrefsSaved => {
                self.prefs_changed();
                self.info(format!(
                    "Preferences saved: new spans are recorded as made by {}.",
                    self.session.annotator
                ));
            }
            Cmd::ExportTo(path) => self.export.destination = path.display().to_string(),
            Cmd::SaveAndClose => match self.session.path.clone() {
                Some(p) => saver::start_save(
                    &mut self.session,
                    &mut self.save,
                    &mut self.queue,
                    p,
                    true,
                    true,
                ),
                None => self.queue.push(Cmd::SaveAsDialog),
            },
            Cmd::DiscardAndClose => {
                saver::discard(&mut self.session, &mut self.save, &mut self.queue);
                self.view.allow_close = true;
                ctx.send_viewport_cmd(egui::ViewportCommand::Close);
            }
            Cmd::MoveCaret(motion, extend) => {
                self.caches.ensure_cache(&self.session);
                if let Some(cache) = &self.caches.cache {
                    self.session.move_caret(motion, extend, &cache.segments);
                    if !extend {
                        self.view.show_caret = true;
                    }
                }
            }
            Cmd::Quit => {
                if self.is_dirty() {
                    self.view.confirm_close = true;
                } else {
                    self.view.allow_close = true;
                    ctx.send_viewport_cmd(egui::ViewportCommand::Close);
                }
            }
        }
    }

    /// Escape: closes the innermost open thing (the unsaved-changes prompt
    /// as Cancel, a dialog, the find bar), else stops linking, else clears
    /// the selection. (The palette and the help overlay close themselves.)
    fn close_innermost(&mut self) {
        if self.view.confirm_close {
            self.view.confirm_close = false;
        } else if self.view.label_all.is_some() {
            self.view.label_all = None;
        } else if self.prefs.editing.is_some() {
            self.prefs.editing = None;
        } else if self.view.label_editor_open {
            self.view.label_editor_open = false;
        } else if self.export.open {
            self.export.open = false;
        } else if self.import.report.is_some() {
            self.import.report = None;
        } else if self.view.log_open {
            self.view.log_open = false;
        } else if self.find.open {
            self.find.open = false;
        } else if self.session.linking.is_some() {
            self.session.linking = None;
        } else {
            self.session.selection = None;
            self.session.selected_span = None;
        }
    }

    fn show(&mut self, dialog: Dialog) {
        let has = self.session.project.is_some();
        match dialog {
            Dialog::Find | Dialog::FindInProject => {
                self.find.open = true;
                self.find.focus = true;
                if dialog == Dialog::FindInProject && !self.find.whole_project {
                    self.find.whole_project = true;
                    self.find
                        .refresh_matches(self.session.project.as_ref(), self.session.current);
                }
            }
            Dialog::Export if has => self.export.open = true,
            Dialog::LabelSet if has => self.view.label_editor_open = true,
            Dialog::LabelAll if has => self.view.label_all = find::start_label_all(&self.session),
            Dialog::Preferences => self.prefs.open_with(&self.keymap),
            Dialog::Palette => self.palette.open_palette(),
            Dialog::Help => self.palette.help = true,
            Dialog::Export | Dialog::LabelSet | Dialog::LabelAll => {}
        }
    }

    /// Whether suggestions are being computed for every document.
    pub fn suggesting(&self) -> bool {
        self.jobs.suggest.is_some()
    }

    /// Work that goes on whether or not the window is shown (eframe calls it
    /// before each frame and while the window is hidden): finishes saves,
    /// autosaves, notices changes on disk. Shows nothing.
    pub fn logic(&mut self, ctx: &egui::Context) {
        saver::poll(&mut self.session, &mut self.save, &mut self.queue, ctx);
    }

    /// One frame of the window (after [`Self::logic`]).
    pub fn ui(&mut self, ui: &mut egui::Ui) {
        let ctx = ui.ctx().clone();
        self.sync_view(false);
        let key_state = keys::KeyState {
            capturing: self.prefs.capturing(),
            overlay: self.palette.open || self.palette.help,
            has_project: self.session.project.is_some(),
            comparing: self.compare.is_some(),
            find_open: self.find.open,
        };
        keys::shortcuts(&ctx, &self.keymap, &key_state, &mut self.queue);
        files::poll(
            &mut self.files,
            self.session.path.as_deref(),
            &mut self.export.hint,
            &mut self.queue,
        );
        if self.files.pending.is_some() {
            ctx.request_repaint_after(std::time::Duration::from_millis(100));
        }
        if ctx.input(|i| i.viewport().close_requested())
            && !self.view.allow_close
            && self.is_dirty()
        {
            ctx.send_viewport_cmd(egui::ViewportCommand::CancelClose);
            self.view.confirm_close = true;
        }
        let title = self.window_title();
        if title != self.caches.title {
            ctx.send_viewport_cmd(egui::ViewportCommand::Title(title.clone()));
            self.caches.title = title;
        }

        panels::menu_bar_ui(ui, &self.session, &self.keymap, &mut self.queue);
        panels::status_bar_ui(
            ui,
            &self.session,
            &mut self.messages,
            &mut self.view.log_open,
        );
        if self.session.project.is_some() {
            doclist::documents_panel_ui(ui, &self.session, &mut self.doclist, &mut self.queue);
            self.caches.ensure_cache(&self.session);
            let counts = self.caches.label_counts(&self.session);
            let rules = self.caches.rule_counts(&self.session);
            let inputs = inspector::Inputs {
                session: &self.session,
                keymap: &self.keymap,
                index: self.caches.cache.as_ref().map(|c| &c.index),
                counts,
                rules,
            };
            inspector::side_panel_ui(ui, &inputs, &mut self.view.span_filter, &mut self.queue);
        }
        egui::CentralPanel::default().show(ui, |ui| self.central_ui(ui));
        panels::prompt_ui(&ctx, &mut self.files.prompt, &mut self.queue);
        panels::confirm_close_ui(&ctx, &mut self.view.confirm_close, &mut self.queue);
        find::label_all_ui(
            &ctx,
            &self.session,
            &mut self.view.label_all,
            &mut self.queue,
        );
        label_editor::label_editor_ui(
            &ctx,
            self.session.project.as_ref(),
            &mut self.view.label_editor_open,
            &mut self.view.label_editor,
            &mut self.queue,
        );
        export_dialog::export_ui(&ctx, &self.session, &mut self.export, &mut self.queue);
        import_dialog::import_ui(&ctx, &mut self.import, &mut self.queue);
        suggest_all::suggest_all_ui(&ctx, &mut self.jobs.suggest, &mut self.queue);
        saver::dialogs_ui(&ctx, &mut self.save, &mut self.queue);
        compare::compare_ui(&mut self.compare_parts(), &ctx);
        prefs::prefs_ui(&ctx, &mut self.prefs, &mut self.queue);
        palette::palette_ui(
            &ctx,
            &self.session,
            &self.keymap,
            &mut self.palette,
            &mut self.queue,
        );
        palette::help_ui(&ctx, &self.keymap, &mut self.palette.help);
        panels::message_log_ui(&ctx, &self.messages, &mut self.view.log_open);

        let cmds = std::mem::take(&mut self.queue);
        if !cmds.is_empty() {
            // The state changed after this frame was drawn: draw it again.
            ctx.request_repaint();
        }
        for cmd in cmds {
            self.run_cmd(&ctx, cmd);
            self.sync_view(false);
        }
    }

    fn central_ui(&mut self, ui: &mut egui::Ui) {
        if self.session.project.is_none() {
            panels::welcome_ui(ui, &mut self.queue);
            return;
        }
        if self.document().is_none() {
            ui.centered_and_justified(|ui| {
                ui.label(
                    "This project has no documents yet. Import articles with `marginalia import`.",
                );
            });
            return;
        }
        saver::changed_bar_ui(ui, &self.session, &mut self.save, &mut self.queue);
        find::find_bar_ui(
            ui,
            &self.session,
            &self.keymap,
            &mut self.find,
            &mut self.queue,
        );
        self.glyph_hint_ui(ui);
        self.caches.ensure_cache(&self.session);
        let (Some(project), Some(cache)) = (&self.session.project, &self.caches.cache) else {
            return;
        };
        let Some(doc) = project.documents.get(self.session.current) else {
            return;
        };
        // Disagreements with a compared copy show like find matches.
        let (matches, current_match) = match &self.compare {
            Some(c) if !self.find.open => (&c.ranges, Some(c.index)),
            _ => (&self.find.matches, self.find.current),
        };
        let input = ArticleInput {
            selected_span: self.session.selected_span.as_deref(),
            selection: self.session.selection.clone(),
            caret: self.view.show_caret.then_some(self.session.caret),
            matches,
            current_match,
            scroll_to: self.session.reveal.take(),
            linking: self.session.linking.is_some(),
            segments: Some(&cache.segments),
            index: &cache.index,
        };
        let out = article::article_ui(
            ui,
            &mut self.caches.layout,
            project,
            doc,
            self.session.revision,
            &input,
        );
        if let Some(id) = out.clicked_span {
            self.queue.push(Cmd::SelectSpan(Some(id)));
        } else if let Some(c) = out.clicked_text {
            self.queue.push(Cmd::SetCaret(c));
        }
        if out.selection.is_some() && out.selection != self.session.selection {
            self.queue.push(Cmd::SetSelection(out.selection));
        }
        if let Some(c) = out.caret {
            self.session.caret = c;
        }
        if let Some((id, range, serial)) = out.resize
            && let Some(mut span) = doc.span(&id).cloned()
        {
            // One undo step per drag.
            (span.start, span.end) = (range.start, range.end);
            let doc = doc.id.clone();
            self.queue.push(Cmd::ApplyCoalescing(
                Edit::UpdateSpan { doc, span },
                format!("edge-drag:{id}:{serial}"),
            ));
        }
    }

    /// Says so when the document has characters no installed font can show.
    fn glyph_hint_ui(&mut self, ui: &mut egui::Ui) {
        let Some(doc) = self.document() else { return };
        if self
            .caches
            .missing_glyphs
            .as_ref()
            .is_none_or(|(id, _)| *id != doc.id)
        {
            let id = doc.id.clone();
            let text = doc.text.clone();
            let missing = !ui.ctx().fonts_mut(|f| {
                f.has_glyphs(
                    &egui::FontId::proportional(16.0),
                    &text.replace(['\n', '\t'], ""),
                )
            });
            self.caches.missing_glyphs = Some((id, missing));
        }
        if self.caches.missing_glyphs.as_ref().is_some_and(|(_, m)| *m) {
            ui.colored_label(
                ui.visuals().warn_fg_color,
                "Some characters of this article have no installed font and show as boxes. \
                 Install a font for its script (e.g. fonts-noto-cjk for Chinese, Japanese and Korean).",
            );
        }
    }

    /// Sets the status of the shown document (an undoable edit).
    pub fn set_status(&mut self, status: Status) {
        if let Some(doc) = self.session.document() {
            let edit = Edit::SetStatus {
                doc: doc.id.clone(),
                status,
            };
            self.queue.push(Cmd::Apply(edit));
        }
    }
}

impl MarginaliaApp {
    /// A bug made a frame panic: the window stays up, unsaved edits go to
    /// the recovery file at once, and the analyst is told.
    pub fn frame_panicked(&mut self, payload: &(dyn std::any::Any + Send)) {
        let what = panic_message(payload);
        self.queue.clear();
        let saved = match (&self.session.project, &self.session.path) {
            (Some(p), Some(path)) if self.is_dirty() => {
                let rec = self.save.recovery_path(path);
                match store::recovery::write(p, path, &rec) {
                    Ok(()) => format!(" Your unsaved edits were written to {}.", rec.display()),
                    Err(e) => format!(" Writing the recovery file failed too: {e}. Save now."),
                }
            }
            _ => String::new(),
        };
        self.error(format!("Internal error ({what}); please report it.{saved}"));
    }
}

impl eframe::App for MarginaliaApp {
    /// Runs before every frame and also while the window is covered or
    /// minimized (eframe then skips `ui`): saves finish, autosave keeps its
    /// 30 s promise and changes on disk are noticed even when the analyst is
    /// reading in another window.
    fn logic(&mut self, ctx: &egui::Context, _frame: &mut eframe::Frame) {
        let r = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            MarginaliaApp::logic(self, ctx);
        }));
        if let Err(payload) = r {
            self.frame_panicked(payload.as_ref());
            ctx.request_repaint();
        }
    }

    fn ui(&mut self, ui: &mut egui::Ui, _frame: &mut eframe::Frame) {
        // No panic reaches the analyst as a dead window.
        let r = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            MarginaliaApp::ui(self, ui);
        }));
        if let Err(payload) = r {
            self.frame_panicked(payload.as_ref());
            ui.ctx().request_repaint();
        }
    }
}
