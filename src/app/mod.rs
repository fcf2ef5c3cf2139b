//! The window: a thin view over the domain. Views emit [`Cmd`]s; the app
//! runs them at the end of the frame, and every change to the project goes
//! through [`History`] as an [`Edit`], so undo and the unsaved marker cover it.

pub mod actions;
pub mod article;
mod central;
mod commands;
mod comments;
mod compare;
mod desk;
mod doclist;
mod export_dialog;
pub mod files;
mod find;
mod icon;
mod import_dialog;
mod inspector;
pub mod job;
mod judgements;
mod keys;
mod label_editor;
mod learn;
mod notices;
mod palette;
mod panels;
mod prefs;
mod registry;
mod saver;
mod state;
mod suggest_all;
pub mod text_layout;
mod widgets;
mod window;

use crate::edit::Edit;
use crate::model::Status;
pub use crate::session::{Edge, Session};
use crate::store;
use files::{FileUi, Pending, Purpose};
use std::path::Path;

pub use commands::{Cmd, Dialog};
pub use find::{FindState, LabelAllPreview};
use notices::MESSAGES_KEPT;
pub use notices::Message;
pub use state::ViewState;
use state::{Caches, Jobs, RuleCounts};
use widgets::{danger_button, progress_window, submitted};
pub use window::{run, setup_fonts};

/// The message a panic carried.
pub(crate) fn panic_message(payload: &(dyn std::any::Any + Send)) -> String {
    payload
        .downcast_ref::<&str>()
        .map(|s| (*s).to_owned())
        .or_else(|| payload.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "unknown error".into())
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

impl MarginaliaApp {
    /// Takes the saved preferences into use: the annotator and the keymap.
    pub(super) fn prefs_changed(&mut self) {
        self.session.annotator = self.prefs.saved.annotator();
        self.view.layout = self.prefs.saved.layout.clone();
        let (keymap, problems) = actions::Keymap::with(&self.prefs.saved.keys);
        self.keymap = keymap;
        for p in problems {
            self.error(format!(
                "Keyboard shortcuts in {}: {p}",
                self.prefs.path.display()
            ));
        }
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

    fn open(&mut self, path: &Path) {
        match saver::open(&mut self.session, path) {
            Ok((said, stamp)) => {
                self.info(said);
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
            Err(e) => self.error(e),
        }
    }

    /// Shows document `i`, if the project has it; says whether it did.
    fn show_document(&mut self, i: usize) -> bool {
        if self
            .session
            .project
            .as_ref()
            .is_none_or(|p| i >= p.documents.len())
        {
            return false;
        }
        self.session.show_document(i);
        self.sync_view(true);
        true
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
            self.find.refresh_matches(
                self.session.project.as_ref(),
                self.session.current,
                self.session.revision,
            );
        }
        self.caches.shown = (shown, self.session.revision);
        for n in self.session.take_notices() {
            self.say(Message::new(n.text, n.error));
        }
        let now = (self.session.current, self.session.revision);
        for m in self.messages.iter_mut().rev() {
            if m.about.is_some() {
                break;
            }
            m.about = Some(now);
        }
    }

    fn run_cmd(&mut self, ctx: &egui::Context, cmd: Cmd) {
        match cmd {
            Cmd::SelectDocument(i) => {
                self.show_document(i);
            }
            Cmd::StepListRow(forward) => {
                let next = self.session.project.as_ref().and_then(|p| {
                    let (rev, cur) = (self.session.revision, self.session.current);
                    self.doclist.neighbour(p, rev, cur, forward)
                });
                if let Some(i) = next {
                    self.show_document(i);
                }
            }
            Cmd::ShowDocument(id) => {
                let i = self
                    .session
                    .project
                    .as_ref()
                    .and_then(|p| p.document_index(&id));
                if !i.is_some_and(|i| self.show_document(i)) {
                    self.info(format!("Document {id} is no longer in the project."));
                }
            }
            Cmd::GoToSpan(doc, span) => {
                self.doclist.has_keys = false;
                if !self.session.go_to_span(&doc, &span) {
                    self.info("That span is no longer in the project.".to_owned());
                }
            }
            Cmd::ToggleDocChoice(n) => self.session.toggle_doc_choice(n),
            Cmd::FilterDocuments(q) => {
                // The query says it all: the toggles would narrow it further
                // ("Mine" on and another analyst's name: only shared ones).
                let list = &mut self.doclist;
                list.filter = q;
                (list.mine, list.status, list.suggested, list.doc_label) =
                    (None, None, false, None);
                self.view.layout.documents_shown = true;
            }
            Cmd::Comment(span, thread, text) => {
                self.session
                    .comment(span.as_deref(), thread.as_deref(), &text);
            }
            Cmd::ResolveThread(id, resolved) => self.session.resolve_thread(&id, resolved),
            Cmd::SelectSpan(s) => {
                self.doclist.has_keys = false;
                self.session.select_span(s);
            }
            Cmd::SetSelection(r) => {
                self.doclist.has_keys = false;
                self.session.selection = r.filter(|r| r.start < r.end);
                if self.session.selection.is_some() {
                    self.session.selected_span = None;
                }
            }
            Cmd::SetCaret(c) => {
                self.doclist.has_keys = false;
                self.session.caret = c;
                self.view.show_caret = true;
                self.session.selection = None;
                self.session.selected_span = None;
                if self.session.linking.take().is_some() {
                    self.info("Linking cancelled.");
                }
            }
            // With "Label all occurrences" open, label keys choose its
            // label and Enter labels them.
            Cmd::ApplyLabel(n) if self.view.label_all.is_some() => {
                find::choose_label_all(&self.session, &mut self.view.label_all, n);
            }
            Cmd::AcceptSuggestion if self.view.label_all.is_some() => {
                if let Some(p) = self.view.label_all.take()
                    && !p.matches.is_empty()
                {
                    self.session.label_all(&p.label, &p.matches);
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
            Cmd::DoneAndNext => {
                self.session.done_and_next();
                // A document marked done is new training data.
                if self.session.learned.is_some() {
                    learn::start(&self.session, &mut self.jobs.learn);
                }
            }
            Cmd::Learn => {
                if self.jobs.learn.is_some() {
                    self.info("Learn: already learning…");
                } else {
                    learn::start(&self.session, &mut self.jobs.learn);
                }
            }
            Cmd::Learned(model) => learn::learned(&mut self.session, model),
            Cmd::SetReview(order) => self.session.review = order,
            Cmd::SetThreshold(label, t) => {
                self.session.thresholds.insert(label, t.clamp(0.0, 1.0));
            }
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
                if self.show_document(i) {
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
            Cmd::TogglePanel(side) => {
                let shown = if side {
                    &mut self.view.layout.side_shown
                } else {
                    // A hidden list cannot keep the keyboard.
                    self.doclist.has_keys = false;
                    &mut self.view.layout.documents_shown
                };
                *shown = !*shown;
            }
            Cmd::SaveLayout => {
                if let Err(e) = self.prefs.save_layout(&self.view.layout) {
                    self.error(e);
                }
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
                // Left and Right are visual: in right-to-left text (the
                // word at the caret, else its paragraph) Left moves on
                // through the text.
                let rtl = self
                    .session
                    .document()
                    .is_some_and(|d| crate::model::bidi::rtl_at_caret(&d.text, self.session.caret));
                let motion = match motion {
                    crate::session::Motion::WordForward | crate::session::Motion::WordBack
                        if rtl =>
                    {
                        motion.reversed()
                    }
                    m => m,
                };
                self.caches.ensure_cache(&self.session);
                if let Some(cache) = &self.caches.cache {
                    self.session.move_caret(motion, extend, &cache.segments);
                    if !extend {
                        self.view.show_caret = true;
                    }
                }
            }
            Cmd::Quit => {
                // The stretch being timed ends with the window.
                self.end_time_stretch();
                if self.is_dirty() {
                    self.view.confirm_close = true;
                } else if self.save.time_unsaved()
                    && !self.view.time_save_tried
                    && let Some(path) = self.session.path.clone()
                {
                    // Only time to keep: saved without asking, then closed
                    // (once: if that save fails, the next Quit closes).
                    self.view.time_save_tried = true;
                    saver::start_save(
                        &mut self.session,
                        &mut self.save,
                        &mut self.queue,
                        path,
                        true,
                        true,
                    );
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
            self.prefs.close();
        } else if self.view.label_editor_open {
            self.view.label_editor_open = false;
        } else if self.view.doc_sets_open {
            self.view.doc_sets_open = false;
        } else if self.view.registry.open {
            self.view.registry.open = false;
        } else if self.view.desk.open {
            self.view.desk.open = false;
        } else if self.export.open {
            self.export.open = false;
        } else if self.import.report.is_some() {
            self.import.report = None;
        } else if self.view.log_open {
            self.view.log_open = false;
        } else if self.find.open {
            self.find.open = false;
            // Its highlights go with it.
            self.find.refresh_matches(
                self.session.project.as_ref(),
                self.session.current,
                self.session.revision,
            );
        } else if self.doclist.has_keys {
            self.doclist.has_keys = false;
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
                    self.find.refresh_matches(
                        self.session.project.as_ref(),
                        self.session.current,
                        self.session.revision,
                    );
                }
            }
            Dialog::Export if has => self.export.open = true,
            Dialog::LabelSet if has => self.view.label_editor_open = true,
            Dialog::LabelAll if has => self.view.label_all = find::start_label_all(&self.session),
            Dialog::Preferences => self.prefs.open_with(&self.keymap),
            Dialog::DocLabelSets if has => self.view.doc_sets_open = true,
            Dialog::Registry if has => self.view.registry.open = true,
            Dialog::Desk if has => self.view.desk.open = true,
            Dialog::Palette => self.palette.open_palette(),
            Dialog::Help => self.palette.help = true,
            Dialog::Export
            | Dialog::LabelSet
            | Dialog::LabelAll
            | Dialog::DocLabelSets
            | Dialog::Registry
            | Dialog::Desk => {}
        }
    }

    /// Work that goes on whether or not the window is shown (eframe calls it
    /// before each frame and while the window is hidden): finishes saves,
    /// autosaves, notices changes on disk. Shows nothing.
    pub fn logic(&mut self, ctx: &egui::Context) {
        saver::poll(&mut self.session, &mut self.save, &mut self.queue, ctx);
    }

    /// Active time on the shown document (see [`crate::timing`]): credited
    /// to the analyst when a stretch between inputs closes.
    fn track_time(&mut self, ctx: &egui::Context) {
        if !self.view.track_time && self.view.fake_time.is_none() {
            return;
        }
        let now = self.view.fake_time.unwrap_or_else(|| ctx.input(|i| i.time));
        let (focused, input) = ctx.input(|i| {
            let input = i.events.iter().any(|e| {
                matches!(
                    e,
                    egui::Event::Key { .. }
                        | egui::Event::Text(_)
                        | egui::Event::PointerButton { .. }
                        | egui::Event::MouseWheel { .. }
                        | egui::Event::PointerMoved(_)
                )
            });
            (i.focused, input)
        });
        let shown = if focused {
            self.session.document().map(|d| d.id.clone())
        } else {
            None
        };
        if let Some((doc, secs)) = self.view.timer.frame(now, shown.as_deref(), input) {
            self.credit_time(&doc, secs);
        }
        self.view.time_now = now;
    }

    /// Adds `secs` of the analyst's active time to document `doc`.
    fn credit_time(&mut self, doc: &str, secs: f64) {
        let who = self.session.annotator.clone();
        if let Some(p) = &mut self.session.project {
            crate::timing::credit(p, doc, &who, secs);
            self.save.time_credited += 1;
        }
    }

    /// Ends the stretch being timed (the window closes): it counts up to
    /// now, as a document left for another would.
    fn end_time_stretch(&mut self) {
        let now = self.view.time_now;
        if let Some((doc, secs)) = self.view.timer.frame(now, None, false) {
            self.credit_time(&doc, secs);
        }
    }

    /// One frame of the window (after [`Self::logic`]).
    pub fn ui(&mut self, ui: &mut egui::Ui) {
        let ctx = ui.ctx().clone();
        self.sync_view(false);
        self.track_time(&ctx);
        let key_state = keys::KeyState {
            capturing: self.prefs.capturing(),
            overlay: self.palette.open || self.palette.help,
            has_project: self.session.project.is_some(),
            comparing: self.compare.is_some(),
            find_open: self.find.open,
            list_keys: self.doclist.has_keys,
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
            && (self.is_dirty() || self.save.time_unsaved() || self.view.timer.timing())
        {
            // Unsaved edits ask first; unsaved time is saved (Quit decides).
            ctx.send_viewport_cmd(egui::ViewportCommand::CancelClose);
            self.queue.push(Cmd::Quit);
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
            doclist::documents_panel_ui(
                ui,
                &self.session,
                &mut self.doclist,
                &mut self.queue,
                &mut self.view.layout,
            );
            self.caches.ensure_cache(&self.session);
            let counts = self.caches.label_counts(&self.session);
            let rules = self.caches.rule_counts(&self.session);
            let inputs = inspector::Inputs {
                session: &self.session,
                keymap: &self.keymap,
                index: self.caches.cache.as_ref().map(|c| &c.index),
                counts,
                rules,
                learning: self.jobs.learn.is_some(),
            };
            inspector::side_panel_ui(
                ui,
                &inputs,
                &mut self.view.span_filter,
                &mut self.queue,
                &mut self.view.layout,
                &mut self.view.registry,
                &mut self.view.comments,
            );
            // Remembered once a drag is over, not at every step of it.
            if self.view.layout != self.prefs.saved.layout && !ctx.input(|i| i.pointer.any_down()) {
                self.queue.push(Cmd::SaveLayout);
            }
        }
        egui::CentralPanel::default().show(ui, |ui| {
            central::central_ui(
                ui,
                &mut central::Central {
                    session: &mut self.session,
                    save: &mut self.save,
                    keymap: &self.keymap,
                    find: &mut self.find,
                    caches: &mut self.caches,
                    compare: self.compare.as_ref(),
                    show_caret: self.view.show_caret,
                    line_chars: self.view.layout.line_chars,
                    out: &mut self.queue,
                },
            )
        });
        panels::prompt_ui(&ctx, &mut self.files.prompt, &mut self.queue);
        panels::confirm_close_ui(&ctx, &mut self.view.confirm_close, &mut self.queue);
        find::label_all_ui(
            &ctx,
            &self.session,
            &self.keymap,
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
        judgements::doc_sets_ui(
            &ctx,
            self.session.project.as_ref(),
            &mut self.view.doc_sets_open,
            &mut self.view.doc_sets,
            &mut self.queue,
        );
        registry::registry_ui(
            &ctx,
            &self.session,
            &mut self.view.registry,
            &mut self.queue,
        );
        desk::desk_ui(&ctx, &self.session, &mut self.view.desk, &mut self.queue);
        export_dialog::export_ui(&ctx, &self.session, &mut self.export, &mut self.queue);
        import_dialog::import_ui(&ctx, &mut self.import, &mut self.queue);
        suggest_all::suggest_all_ui(&ctx, &mut self.jobs.suggest, &mut self.queue);
        learn::poll(&mut self.jobs.learn, &self.session, &mut self.queue);
        if self.jobs.learn.is_some() {
            ctx.request_repaint_after(std::time::Duration::from_millis(200));
        }
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
