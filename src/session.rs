//! One analyst's open project and what they are doing in it: the shown
//! document, the selection, the caret, a link being made, the undo history.
//!
//! Every intent that changes the project (label the selection, move a span's
//! edge, link two spans, delete, mark done and go on, accept or reject a
//! suggestion, undo) is a method here that builds an [`Edit`] and applies it
//! through the [`History`]. The window, the CLI and the tests all go through
//! these methods; nothing here knows about egui.

use crate::edit::Edit;
use crate::history::History;
use crate::model::segment::Segments;
use crate::model::{Document, IdGen, Project, Relation, Span, Status};
use std::ops::Range;
use std::path::PathBuf;

/// A message for the analyst, produced by an operation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Notice {
    /// The text.
    pub text: String,
    /// Whether it reports a failure.
    pub error: bool,
}

/// The order in which `]` and `[` step through pending suggestions.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum ReviewOrder {
    /// As they stand in the text.
    #[default]
    Text,
    /// Scores nearest 0.5 first: the ones a decision teaches the model most
    /// (active learning). Unscored ones last.
    LeastCertain,
    /// Highest scores first, for quick acceptance. Unscored ones last.
    MostCertain,
}

/// The score under which learned suggestions are hidden unless the analyst
/// moves the label's threshold.
pub const DEFAULT_THRESHOLD: f64 = 0.5;

/// Which edge of a span to move.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Edge {
    /// The start.
    Start,
    /// The end.
    End,
}

/// A caret move by keyboard.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Motion {
    /// To the end of the next word.
    WordForward,
    /// To the start of the previous word.
    WordBack,
    /// To the start of the next sentence.
    SentenceForward,
    /// To the start of the previous sentence.
    SentenceBack,
}

impl Motion {
    /// The same move the other way (Right in a right-to-left paragraph
    /// moves back through the text).
    pub fn reversed(self) -> Motion {
        match self {
            Motion::WordForward => Motion::WordBack,
            Motion::WordBack => Motion::WordForward,
            Motion::SentenceForward => Motion::SentenceBack,
            Motion::SentenceBack => Motion::SentenceForward,
        }
    }
}

/// The open project and the analyst's place in it.
#[derive(Debug, Default)]
pub struct Session {
    /// The open project, if any.
    pub project: Option<Project>,
    /// Where it was loaded from or last saved to.
    pub path: Option<PathBuf>,
    /// Undo history; the unsaved marker derives from it.
    pub history: History,
    /// Index of the shown document.
    pub current: usize,
    /// Selected span id in the shown document.
    pub selected_span: Option<String>,
    /// Selected text (code points) in the shown document.
    pub selection: Option<Range<usize>>,
    /// Caret (code point) in the shown document.
    pub caret: usize,
    /// When linking: the head span's id.
    pub linking: Option<String>,
    /// Relation label used for new relations.
    pub relation_label: String,
    /// Who new spans are attributed to.
    pub annotator: String,
    /// The label the analyst last applied (the default for "label all").
    pub last_label: Option<String>,
    /// A code point of the shown document to bring into view (set by
    /// operations that move the analyst's attention; the view takes it).
    pub reveal: Option<usize>,
    /// Messages of the operations run since the last [`Session::take_notices`].
    pub notices: Vec<Notice>,
    /// Makes span and relation ids.
    pub ids: IdGen,
    /// Bumped on every change to the project, for caches.
    pub revision: u64,
    /// The learned suggester's model, when one was trained or read.
    pub learned: Option<std::sync::Arc<crate::suggest::learned::Model>>,
    /// The order `]` and `[` step through suggestions in.
    pub review: ReviewOrder,
    /// Per label: scored suggestions under this are not proposed and are
    /// passed over when stepping (default [`DEFAULT_THRESHOLD`]).
    pub thresholds: std::collections::BTreeMap<String, f64>,
}

impl Session {
    /// A session on `project` (from `path`), showing its first open document.
    pub fn open(project: Project, path: Option<PathBuf>, annotator: &str) -> Self {
        let mut s = Session {
            annotator: annotator.to_owned(),
            ..Session::default()
        };
        s.replace_project(project, path);
        s
    }

    /// Shows `project` (read from `path`) with a fresh history.
    pub fn replace_project(&mut self, project: Project, path: Option<PathBuf>) {
        self.relation_label = project
            .relation_labels
            .first()
            .map(|l| l.name.clone())
            .unwrap_or_default();
        let first = project.first_open_document().unwrap_or(0);
        self.project = Some(project);
        self.path = path;
        self.history = History::new();
        self.revision += 1;
        self.show_document(first);
    }

    /// Says `text` to the analyst.
    pub fn info(&mut self, text: impl Into<String>) {
        self.notices.push(Notice {
            text: text.into(),
            error: false,
        });
    }

    /// Reports a failure to the analyst.
    pub fn error(&mut self, text: impl Into<String>) {
        self.notices.push(Notice {
            text: text.into(),
            error: true,
        });
    }

    /// The messages of the operations run since the last call.
    pub fn take_notices(&mut self) -> Vec<Notice> {
        std::mem::take(&mut self.notices)
    }

    /// Whether there are unsaved edits.
    pub fn is_dirty(&self) -> bool {
        self.project.is_some() && self.history.is_dirty()
    }

    /// The shown document.
    pub fn document(&self) -> Option<&Document> {
        self.project.as_ref()?.documents.get(self.current)
    }

    /// The selected span.
    pub fn selected(&self) -> Option<&Span> {
        let id = self.selected_span.as_deref()?;
        self.document()?.span(id)
    }

    /// Shows document `i`: no selection, caret at its start, no link pending.
    pub fn show_document(&mut self, i: usize) {
        self.current = i;
        self.selected_span = None;
        self.selection = None;
        self.caret = 0;
        self.linking = None;
    }

    /// Shows the document with this id, if there is one.
    pub fn show_document_id(&mut self, id: &str) -> bool {
        match self.project.as_ref().and_then(|p| p.document_index(id)) {
            Some(i) => {
                if i != self.current {
                    self.show_document(i);
                }
                true
            }
            None => false,
        }
    }

    /// Applies `edit` as one undoable step (merged with the previous step
    /// of the same `coalesce` key). A refused edit changes nothing and says why.
    pub fn apply(&mut self, edit: Edit, coalesce: Option<String>) -> bool {
        let Some(p) = &mut self.project else {
            return false;
        };
        match self.history.apply_coalescing(p, edit, coalesce) {
            Ok(()) => {
                self.after_change();
                true
            }
            Err(e) => {
                self.error(format!("Edit refused: {e}"));
                false
            }
        }
    }

    fn after_change(&mut self) {
        self.revision += 1;
        let Some(p) = &self.project else { return };
        if self.current >= p.documents.len() {
            self.current = p.documents.len().saturating_sub(1);
        }
        let doc = p.documents.get(self.current);
        if let Some(id) = &self.selected_span
            && doc.is_none_or(|d| d.span(id).is_none())
        {
            self.selected_span = None;
        }
        if self.relation_label.is_empty() || p.relation_label(&self.relation_label).is_none() {
            self.relation_label = p
                .relation_labels
                .first()
                .map(|l| l.name.clone())
                .unwrap_or_default();
        }
    }

    /// Undoes the last edit and brings what it touched back into view: its
    /// document is shown, its span selected (if it still exists) and
    /// revealed. Returns whether anything was undone.
    pub fn undo(&mut self) -> bool {
        let Some(focus) = self.history.next_undo().map(Edit::focus) else {
            self.info("Nothing to undo.");
            return false;
        };
        let done = self.step_history(true, focus);
        // Described as the project now stands: a deleted span is back.
        let what = match (self.history.next_redo(), &self.project) {
            (Some(e), Some(p)) if done => Some(e.describe(p)),
            _ => None,
        };
        if let Some(what) = what {
            self.info(format!("Undid: {what}"));
        }
        done
    }

    /// Redoes the next edit, bringing what it touches into view.
    pub fn redo(&mut self) -> bool {
        let (Some(edit), Some(project)) = (self.history.next_redo(), &self.project) else {
            self.info("Nothing to redo.");
            return false;
        };
        let (focus, what) = (edit.focus(), edit.describe(project));
        let done = self.step_history(false, focus);
        if done {
            self.info(format!("Redid: {what}"));
        }
        done
    }

    fn step_history(&mut self, undo: bool, focus: Option<crate::edit::Focus>) -> bool {
        let Some(p) = &mut self.project else {
            return false;
        };
        let r = if undo {
            self.history.undo(p)
        } else {
            self.history.redo(p)
        };
        match r {
            Ok(true) => {
                self.after_change();
                if let Some(f) = focus {
                    self.show_focus(&f);
                }
                true
            }
            Ok(false) => false,
            Err(e) => {
                self.error(format!("Undo failed: {e}"));
                false
            }
        }
    }

    fn show_focus(&mut self, f: &crate::edit::Focus) {
        if !self.show_document_id(&f.doc) {
            return;
        }
        let span = f
            .span
            .as_deref()
            .and_then(|id| self.document()?.span(id))
            .map(|s| (s.id.clone(), s.start));
        match span {
            Some((id, start)) => {
                self.selected_span = Some(id);
                self.selection = None;
                self.caret = start;
                self.reveal = Some(start);
            }
            None => {
                self.selected_span = None;
                if let Some(at) = f.at {
                    self.caret = at;
                    self.reveal = Some(at);
                }
            }
        }
    }

    /// A new span by this session's analyst, with a fresh id and the time.
    fn new_span(&mut self, range: Range<usize>, label: &str) -> Span {
        let mut span = Span::new(self.ids.span_id(), range.start, range.end, label);
        span.annotator.clone_from(&self.annotator);
        span.created = Some(chrono::SubsecRound::trunc_subsecs(chrono::Utc::now(), 0));
        span
    }

    /// A new span on the shown document, as an edit (with the document moving
    /// to "in progress" if it was "to do"), and its id.
    pub fn add_span_edit(&mut self, range: Range<usize>, label: &str) -> Option<(Edit, String)> {
        self.document()?;
        let span = self.new_span(range, label);
        let doc = self.document()?;
        let id = span.id.clone();
        let add = Edit::AddSpan {
            doc: doc.id.clone(),
            span,
            relations: vec![],
        };
        Some((starting(doc, vec![add]), id))
    }

    /// Labels the selection with label number `n` (0-based), or relabels
    /// the selected span. An identical span already there is selected
    /// instead of duplicated.
    pub fn apply_label(&mut self, n: usize) {
        let Some(label) = self
            .project
            .as_ref()
            .and_then(|p| p.labels.get(n))
            .map(|l| l.name.clone())
        else {
            return;
        };
        self.last_label = Some(label.clone());
        let trimmed = self.selection.clone().and_then(|r| {
            let doc = self.document()?;
            crate::model::text::trim_range(&doc.text, r.start, r.end)
        });
        if let Some(range) = trimmed {
            if let Some(existing) = self.document().and_then(|d| {
                d.spans
                    .iter()
                    .find(|s| s.start == range.start && s.end == range.end && s.label == label)
            }) {
                self.selected_span = Some(existing.id.clone());
                self.selection = None;
                return;
            }
            if let Some((edit, id)) = self.add_span_edit(range.clone(), &label)
                && self.apply(edit, None)
            {
                self.selected_span = Some(id);
                self.selection = None;
                self.caret = range.end;
            }
        } else if let Some(span) = self.selected().cloned()
            && span.label != label
        {
            let doc = self.document().map(|d| d.id.clone()).unwrap_or_default();
            self.apply(
                Edit::UpdateSpan {
                    doc,
                    span: Span { label, ..span },
                },
                None,
            );
        } else if self.selected_span.is_none() {
            self.info("Select some text first (drag, double-click or Shift+arrows), then press a label key.");
        }
    }

    /// Labels every range of `matches` (document index, code points) with
    /// `label`, as one undoable step; documents still to do move to in
    /// progress. Returns whether it was applied.
    pub fn label_all(&mut self, label: &str, matches: &[(usize, Range<usize>)]) -> bool {
        let Some(p) = &self.project else { return false };
        let targets: Vec<(String, Range<usize>)> = matches
            .iter()
            .filter_map(|(i, r)| Some((p.documents.get(*i)?.id.clone(), r.clone())))
            .collect();
        let mut touched: Vec<usize> = matches.iter().map(|(i, _)| *i).collect();
        touched.sort_unstable();
        touched.dedup();
        let starts: Vec<Edit> = touched
            .iter()
            .filter_map(|i| p.documents.get(*i))
            .filter(|d| d.status == Status::Todo)
            .map(|d| Edit::SetStatus {
                doc: d.id.clone(),
                status: Status::InProgress,
            })
            .collect();
        let mut edits: Vec<Edit> = targets
            .into_iter()
            .map(|(doc, r)| Edit::AddSpan {
                doc,
                span: self.new_span(r, label),
                relations: vec![],
            })
            .collect();
        edits.extend(starts);
        let n = matches.len();
        let ok = self.apply(Edit::Batch(edits), None);
        if ok {
            self.info(format!("Labeled {n} occurrences"));
        }
        ok
    }

    /// Moves an edge of the selected span by one word of `seg` (the shown
    /// document's segments); repeated moves are one undo step.
    pub fn move_edge(&mut self, edge: Edge, forward: bool, seg: &Segments) {
        let Some(span) = self.selected().cloned() else {
            return;
        };
        let mut s = span.clone();
        match (edge, forward) {
            (Edge::Start, true) => {
                // The start moves to the next word's start, never past the end.
                let next = seg
                    .words
                    .iter()
                    .find(|w| w.start > span.start)
                    .map(|w| w.start);
                s.start = next.unwrap_or(s.start).min(s.end.saturating_sub(1));
            }
            // A word move never takes an edge into another paragraph.
            (Edge::Start, false) => {
                let para = seg.paragraph_at(s.start).map_or(0, |p| p.start);
                s.start = seg.prev_word_start(s.start).max(para);
            }
            (Edge::End, true) => {
                let para = seg
                    .paragraph_at(s.end.saturating_sub(1))
                    .map_or(seg.len(), |p| p.end);
                s.end = seg.next_word_end(s.end).min(para);
            }
            (Edge::End, false) => s.end = seg.prev_word_start(s.end).max(s.start + 1),
        }
        if s != span && s.start < s.end {
            let doc = self.document().map(|d| d.id.clone()).unwrap_or_default();
            self.apply(
                Edit::UpdateSpan { doc, span: s },
                Some(format!("edge:{}", span.id)),
            );
        }
    }

    /// Sets span `id`'s range (a handle dragged); one undo step per drag `serial`.
    pub fn resize_span(&mut self, id: &str, range: Range<usize>, serial: u64) {
        let Some(doc) = self.document() else { return };
        let Some(mut span) = doc.span(id).cloned() else {
            return;
        };
        (span.start, span.end) = (range.start, range.end);
        let doc = doc.id.clone();
        self.apply(
            Edit::UpdateSpan { doc, span },
            Some(format!("edge-drag:{id}:{serial}")),
        );
    }

    /// Moves the caret by `motion` over `seg` (the shown document's
    /// segments); with `extend`, the selection grows or shrinks from its
    /// anchor instead. Reveals the new caret.
    pub fn move_caret(&mut self, motion: Motion, extend: bool, seg: &Segments) {
        /// How far a caret may sit from the tidied edge it belongs to: a
        /// quotation mark, punctuation and white space.
        const TIDY_SLACK: usize = 4;
        let step = |c: usize| match motion {
            Motion::WordForward => seg.next_word_end(c),
            Motion::WordBack => seg.prev_word_start(c),
            Motion::SentenceForward => seg.next_sentence_start(c),
            Motion::SentenceBack => seg.prev_sentence_start(c),
        };
        let back = matches!(motion, Motion::WordBack | Motion::SentenceBack);
        let new = if extend {
            let (anchor, caret) = match &self.selection {
                // The caret is at the edge it is nearer (edges are tidied,
                // so it may sit a mark or a space away from it).
                // (a selection made elsewhere, by find or a click on a
                // list, moves from its own edge).
                // A caret inside the selection (a double click) is at
                // neither edge: the motion's direction decides.
                Some(r) if r.start < self.caret && self.caret < r.end => {
                    if back {
                        (r.end, r.start)
                    } else {
                        (r.start, r.end)
                    }
                }
                Some(r) if self.caret.abs_diff(r.start) < self.caret.abs_diff(r.end) => {
                    let near = self.caret.abs_diff(r.start) <= TIDY_SLACK;
                    (
                        r.end,
                        if near {
                            self.caret.min(r.start)
                        } else {
                            r.start
                        },
                    )
                }
                Some(r) => {
                    let near = self.caret.abs_diff(r.end) <= TIDY_SLACK;
                    (r.start, if near { self.caret.max(r.end) } else { r.end })
                }
                None => (self.caret, self.caret),
            };
            let new = step(caret);
            // The same edges as a drag over the same words would give.
            let r = (new != anchor)
                .then(|| seg.tidy(anchor.min(new), anchor.max(new)))
                .flatten();
            self.selection = r.filter(|r| r.start < r.end);
            self.selected_span = None;
            new
        } else {
            let from = match &self.selection {
                Some(r) if back => r.start,
                Some(r) => r.end,
                None => self.caret,
            };
            self.selection = None;
            step(from)
        };
        self.caret = new;
        self.reveal = Some(new);
    }

    /// Starts linking the selected span to another.
    pub fn start_link(&mut self) {
        if let Some(id) = self.selected_span.clone() {
            self.linking = Some(id);
            self.info(format!(
                "Linking ({}): click the other span, Esc cancels.",
                self.relation_label
            ));
        }
    }

    /// Finishes a link from the pending head span to `child`.
    pub fn link_to(&mut self, child: String) {
        let Some(head) = self.linking.take() else {
            return;
        };
        if head == child {
            self.info("A relation needs two different spans.");
            return;
        }
        let Some(doc) = self.document().map(|d| d.id.clone()) else {
            return;
        };
        let relation = Relation {
            id: self.ids.relation_id(),
            head,
            child: child.clone(),
            label: self.relation_label.clone(),
        };
        let label = relation.label.clone();
        if self.apply(Edit::AddRelation { doc, relation }, None) {
            self.info(format!("Linked: {label}"));
            self.selected_span = Some(child);
        }
    }

    /// Toggles the `n`-th document label choice (counted through the sets in
    /// order: the key layer Shift+1 to 9) on the shown document.
    pub fn toggle_doc_choice(&mut self, n: usize) {
        let (Some(project), Some(doc)) = (&self.project, self.document()) else {
            return;
        };
        let Some((set, choice)) = crate::doc_labels::nth_choice(project, n) else {
            self.info(format!(
                "No document label {}: the project has {} (Document labels, Edit sets…).",
                n + 1,
                project
                    .doc_label_sets
                    .iter()
                    .map(|s| s.choices.len())
                    .sum::<usize>()
            ));
            return;
        };
        let (set, choice) = (set.name.clone(), choice.to_owned());
        let Some(edit) = crate::doc_labels::toggle(project, &doc.id, &set, &choice) else {
            return;
        };
        let on = matches!(&edit, Edit::SetDocLabels { choices, .. } if choices.contains(&choice));
        if self.apply(edit, None) {
            self.info(if on {
                format!("{set}: {choice}")
            } else {
                format!("{set}: {choice} removed")
            });
        }
    }

    /// Comments on the shown document: a reply in `thread`, else a new
    /// thread on `span` (or on the document).
    pub fn comment(&mut self, span: Option<&str>, thread: Option<&str>, text: &str) {
        let mut ids = std::mem::take(&mut self.ids);
        let author = self.annotator.clone();
        let Some(doc) = self.document() else {
            self.ids = ids;
            return;
        };
        let edit = match thread {
            Some(t) => crate::comments::reply(doc, t, &author, text, &mut ids),
            None => crate::comments::start(doc, span, &author, text, &mut ids),
        };
        self.ids = ids;
        if let Some(e) = edit {
            self.apply(e, None);
        }
    }

    /// Resolves (or reopens) thread `id` of the shown document.
    pub fn resolve_thread(&mut self, id: &str, resolved: bool) {
        let Some(doc) = self.document() else { return };
        if let Some(e) = crate::comments::set_resolved(doc, id, resolved, &self.annotator) {
            self.apply(e, None);
        }
    }

    /// Shows span `span` of document `doc` selected and in view.
    pub fn go_to_span(&mut self, doc: &str, span: &str) -> bool {
        let Some(i) = self.project.as_ref().and_then(|p| p.document_index(doc)) else {
            return false;
        };
        if self.current != i {
            self.show_document(i);
        }
        let Some(at) = self.document().and_then(|d| d.span(span)).map(|s| s.start) else {
            return false;
        };
        self.select_span(Some(span.to_owned()));
        self.reveal = Some(at);
        true
    }

    /// Selects span `id` (or none); while linking, links to it instead.
    pub fn select_span(&mut self, id: Option<String>) {
        if let Some(child) = id.clone()
            && self.linking.is_some()
        {
            self.link_to(child);
            return;
        }
        if let Some(span) = id.as_deref().and_then(|id| self.document()?.span(id)) {
            self.caret = span.start;
        }
        self.selected_span = id;
        self.selection = None;
    }

    /// Removes the selected span; a suggestion is rejected instead, so that
    /// it is not proposed again.
    pub fn delete_selected(&mut self) {
        if self.selected().is_some_and(|s| s.suggested) {
            if let Some(id) = self.selected_span.clone() {
                self.settle_suggestion(&id, false);
            }
            return;
        }
        if let (Some(span), Some(doc)) = (
            self.selected_span.clone(),
            self.document().map(|d| d.id.clone()),
        ) {
            self.apply(Edit::RemoveSpan { doc, span_id: span }, None);
        }
    }

    /// Sets the status of the shown document.
    pub fn set_status(&mut self, status: Status) {
        if let Some(doc) = self.document() {
            let edit = Edit::SetStatus {
                doc: doc.id.clone(),
                status,
            };
            self.apply(edit, None);
        }
    }

    /// Marks the shown document done and shows the next one not done.
    pub fn done_and_next(&mut self) {
        let Some(p) = &self.project else { return };
        let Some(doc) = p.documents.get(self.current) else {
            return;
        };
        let n = p.documents.len();
        let next = (1..n)
            .map(|k| (self.current + k) % n)
            .find(|&i| p.documents[i].status != Status::Done);
        if doc.status != Status::Done {
            let edit = Edit::SetStatus {
                doc: doc.id.clone(),
                status: Status::Done,
            };
            self.apply(edit, None);
        }
        match next {
            Some(i) => self.show_document(i),
            None => self.info("All documents are done."),
        }
    }

    /// The suggestion to accept or reject: the selected span if it is one,
    /// else the innermost suggestion under the caret.
    pub fn suggestion_here(&self) -> Option<String> {
        let doc = self.document()?;
        if let Some(s) = self.selected().filter(|s| s.suggested) {
            return Some(s.id.clone());
        }
        let c = self.selection.as_ref().map_or(self.caret, |r| r.start);
        // Never one hidden under its label's threshold.
        doc.spans
            .iter()
            .filter(|s| s.suggested && self.shown(s) && s.start <= c && c < s.end)
            .min_by_key(|s| s.end - s.start)
            .map(|s| s.id.clone())
    }

    /// Accepts (or rejects) the suggestion here ([`Session::suggestion_here`]);
    /// with none, rejecting deletes the selected span.
    /// Rejecting never deletes an accepted span: with no pending suggestion
    /// here it only says so (Delete deletes spans), so that one key too
    /// many while reviewing loses nothing.
    pub fn settle_here(&mut self, accept: bool) {
        match self.suggestion_here() {
            Some(id) => self.settle_suggestion(&id, accept),
            None => self.info(
                if self
                    .document()
                    .is_some_and(|d| d.spans.iter().any(|s| s.suggested))
                {
                    "No pending suggestion here: ] and [ go to the next and previous one."
                } else {
                    "No pending suggestions in this document."
                },
            ),
        }
    }

    /// Shows the next (or previous) document without changing its status;
    /// with `open_only`, the next one not done (wrapping around).
    pub fn step_document(&mut self, forward: bool, open_only: bool) {
        let Some(p) = &self.project else { return };
        let n = p.documents.len();
        if n == 0 {
            return;
        }
        let target = if open_only {
            (1..n)
                .map(|k| {
                    if forward {
                        (self.current + k) % n
                    } else {
                        (self.current + n - k) % n
                    }
                })
                .find(|&i| p.documents[i].status != Status::Done)
        } else if forward {
            (self.current + 1 < n).then_some(self.current + 1)
        } else {
            self.current.checked_sub(1)
        };
        match target {
            Some(i) => self.show_document(i),
            None if open_only => self.info("All other documents are done."),
            None if forward => self.info("This is the last document."),
            None => self.info("This is the first document."),
        }
    }

    /// Selects the pending suggestion after (or before) the selected span or
    /// the caret and reveals it; past the document's last (or first) one,
    /// goes on into the next (or previous) document that has some, wrapping
    /// around the project.
    pub fn step_suggestion(&mut self, forward: bool) {
        let Some(doc) = self.document() else { return };
        let pending = self.in_review_order(doc);
        if self.review != ReviewOrder::Text {
            // Steps through this document in the chosen order, then on.
            let here = self
                .selected()
                .and_then(|cur| pending.iter().position(|s| s.id == cur.id));
            let next = match here {
                Some(i) if forward => i + 1,
                Some(i) => i.wrapping_sub(1),
                None if forward => 0,
                None => pending.len().wrapping_sub(1),
            };
            if let Some(s) = pending.get(next) {
                let (id, start) = (s.id.clone(), s.start);
                self.select_revealed(id, start);
                return;
            }
        }
        let here = self
            .selected()
            .and_then(|cur| pending.iter().position(|s| s.id == cur.id));
        let index = match here {
            Some(i) if forward => (i + 1 < pending.len()).then_some(i + 1),
            Some(i) => i.checked_sub(1),
            None if forward => pending.iter().position(|s| s.start >= self.caret),
            None => pending.iter().rposition(|s| s.start < self.caret),
        };
        if let Some(s) = index.and_then(|i| pending.get(i)) {
            let (id, start) = (s.id.clone(), s.start);
            self.select_revealed(id, start);
            return;
        }
        // On into the next document with pending suggestions (this one
        // again, from its other end, when it is the only one).
        let Some(p) = &self.project else { return };
        let n = p.documents.len();
        let found = (1..=n)
            .map(|k| {
                if forward {
                    (self.current + k) % n
                } else {
                    (self.current + n - k) % n
                }
            })
            .find_map(|i| {
                // In the review order, so the next `]` goes on from here.
                let shown = self.in_review_order(&p.documents[i]);
                let s = if forward { shown.first() } else { shown.last() }?;
                Some((i, s.id.clone(), s.start))
            });
        match found {
            Some((i, id, start)) => {
                if i != self.current {
                    self.show_document(i);
                }
                self.select_revealed(id, start);
            }
            None => self.info("No pending suggestions in the project."),
        }
    }

    fn select_revealed(&mut self, id: String, start: usize) {
        self.selected_span = Some(id);
        self.selection = None;
        self.caret = start;
        self.reveal = Some(start);
    }

    /// Accepts or rejects suggestion `id`, then selects the next one in
    /// the review order (an accepted one moves a "to do" document to "in
    /// progress", as labelling by hand does).
    pub fn settle_suggestion(&mut self, id: &str, accept: bool) {
        let Some(doc) = self.document() else { return };
        let Some(settled) = doc.span(id) else { return };
        let (start, key) = (settled.start, self.review_key(settled));
        let edit = if accept {
            crate::suggest::accept(doc, id, &self.annotator).map(|e| starting(doc, vec![e]))
        } else {
            crate::suggest::reject(doc, id)
        };
        let Some(edit) = edit else { return };
        if !self.apply(edit, None) {
            return;
        }
        let next = self.document().and_then(|d| {
            // The one after it in the review order (text order: by place).
            let pending = self.in_review_order(d);
            let after = |s: &&&Span| {
                self.review_key(s)
                    .total_cmp(&key)
                    .then(s.start.cmp(&start))
                    .is_ge()
            };
            pending
                .iter()
                .find(after)
                .or_else(|| pending.first())
                .map(|s| (s.id.clone(), s.start))
        });
        self.selected_span = accept.then(|| id.to_owned());
        if let Some((next, at)) = next {
            self.selected_span = Some(next);
            self.caret = at;
            self.reveal = Some(at);
        }
        self.selection = None;
    }

    /// Accepts (`true`) or rejects every pending suggestion of `rule` in the
    /// shown document, as one step.
    pub fn settle_rule(&mut self, rule: &str, accept: bool) {
        let Some(doc) = self.document() else { return };
        let edit =
            crate::suggest::settle_rule(doc, rule, accept, &self.annotator, |s| self.shown(s));
        let hidden = doc
            .spans
            .iter()
            .filter(|s| s.suggested && s.rule == rule && !self.shown(s))
            .count();
        let n = match &edit {
            Edit::Batch(v) => v.len(),
            _ => 1,
        };
        if self.apply(edit, None) {
            let verb = if accept { "Accepted" } else { "Rejected" };
            let rest = if hidden > 0 {
                format!(" {hidden} below their label's threshold stay pending.")
            } else {
                String::new()
            };
            self.info(format!("{verb} {n} suggestion(s) of {rule}.{rest}"));
            self.selected_span = None;
        }
    }

    /// Runs the quote finder and the project's rules on the shown document
    /// and adds what they propose as suggestions (one undoable edit).
    pub fn suggest_document(&mut self) {
        let (Some(project), Some(doc)) = (&self.project, self.document()) else {
            return;
        };
        match crate::suggest::suggest_document(project, doc, None) {
            Ok(mut found) => {
                // And the learned model's, above each label's threshold.
                if let Some(m) = &self.learned {
                    let learned =
                        crate::suggest::learned::suggestions(project, m, Some(&doc.id), 0.0);
                    found.extend(
                        learned
                            .into_iter()
                            .filter(|s| s.score.is_none_or(|x| x >= self.threshold(&s.label))),
                    );
                }
                self.add_suggestions(found, "in this document");
            }
            Err(e) => self.error(format!("Suggest: {e}")),
        }
    }

    /// The shown pending suggestions of `d`, in the review order (text
    /// order: by place, as the spans are kept).
    fn in_review_order<'d>(&self, d: &'d Document) -> Vec<&'d Span> {
        let mut v: Vec<&Span> = d
            .spans
            .iter()
            .filter(|s| s.suggested && self.shown(s))
            .collect();
        v.sort_by(|a, b| {
            self.review_key(a)
                .total_cmp(&self.review_key(b))
                .then(a.start.cmp(&b.start))
        });
        v
    }

    /// Where a suggestion comes in the review order (smaller first; the
    /// same for all in text order).
    fn review_key(&self, s: &Span) -> f64 {
        match (self.review, s.score()) {
            (ReviewOrder::Text, _) => 0.0,
            (_, None) => 2.0,
            (ReviewOrder::LeastCertain, Some(x)) => (x - 0.5).abs(),
            (ReviewOrder::MostCertain, Some(x)) => 1.0 - x,
        }
    }

    /// The threshold of `label`'s scored suggestions.
    pub fn threshold(&self, label: &str) -> f64 {
        self.thresholds
            .get(label)
            .copied()
            .unwrap_or(DEFAULT_THRESHOLD)
    }

    /// Whether a pending suggestion is shown: unscored, or scored at least
    /// its label's threshold.
    pub fn shown(&self, s: &Span) -> bool {
        !s.suggested || s.score().is_none_or(|x| x >= self.threshold(&s.label))
    }

    /// Suggests the selected span's text wherever else it occurs.
    pub fn more_like_this(&mut self) {
        let (Some(project), Some(doc), Some(span)) =
            (&self.project, self.document(), self.selected())
        else {
            return;
        };
        let found = crate::suggest::more_like_this(project, span, doc);
        self.add_suggestions(found, "in the project");
    }

    /// Adds `found` as pending suggestions (one undoable edit) and selects
    /// the first one in the shown document. Returns how many were added.
    pub fn add_suggestions(
        &mut self,
        found: Vec<crate::suggest::Suggestion>,
        where_: &str,
    ) -> usize {
        let Some(project) = &self.project else {
            return 0;
        };
        if found.is_empty() {
            self.info(format!("No new suggestions {where_}."));
            return 0;
        }
        let n = found.len();
        let edit = crate::suggest::add_suggestions(project, &found, &mut self.ids);
        if !self.apply(edit, None) {
            return 0;
        }
        self.info(format!(
            "{n} suggestion(s) {where_}: Enter accepts the selected one, Backspace rejects it, ] and [ skip."
        ));
        let first = self
            .document()
            .and_then(|d| d.spans.iter().find(|s| s.suggested))
            .map(|s| (s.id.clone(), s.start));
        if let Some((id, at)) = first {
            self.selected_span = Some(id);
            self.caret = at;
            self.reveal = Some(at);
        }
        n
    }
}

/// `edits` on `doc` as one step, with the document moving from "to do" to
/// "in progress" (work has started on it).
fn starting(doc: &Document, mut edits: Vec<Edit>) -> Edit {
    if doc.status == Status::Todo {
        edits.push(Edit::SetStatus {
            doc: doc.id.clone(),
            status: Status::InProgress,
        });
    }
    Edit::Batch(edits)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{CreationInfo, labels_from_names};

    fn session() -> Session {
        let mut p = Project::new("desk", CreationInfo::now("t"));
        p.labels = labels_from_names(&[
            "claim".to_owned(),
            "speaker".to_owned(),
            "sanction_threat".to_owned(),
        ]);
        for (i, text) in [
            "Seoul warns Moscow over the visit.",
            "Tokyo protests the launch.",
            "Washington won’t hesitate to impose sanctions, Miller said.",
        ]
        .into_iter()
        .enumerate()
        {
            p.documents
                .push(Document::new(format!("d{i}"), format!("T{i}"), text));
        }
        Session::open(p, None, "kim")
    }

    #[test]
    fn labelling_a_selection_adds_a_span_starts_the_document_and_selects_it() {
        let mut s = session();
        s.selection = Some(0..6);
        s.apply_label(0);
        let d = s.document().unwrap();
        assert_eq!(d.spans.len(), 1);
        let span = &d.spans[0];
        assert_eq!((span.start, span.end, span.label.as_str()), (0, 5, "claim"));
        assert_eq!(span.annotator, "kim");
        assert_eq!(d.status, Status::InProgress);
        assert_eq!(s.selected_span.as_deref(), Some(span.id.as_str()));
        assert!(s.is_dirty());
        // The same range and label again: selected, not duplicated.
        s.selection = Some(0..5);
        s.apply_label(0);
        assert_eq!(s.document().unwrap().spans.len(), 1);
        // With the span selected and no selection: relabel.
        s.apply_label(1);
        assert_eq!(s.document().unwrap().spans[0].label, "speaker");
        assert!(s.take_notices().is_empty());
        s.selected_span = None;
        s.apply_label(0);
        assert!(s.take_notices()[0].text.contains("Select some text first"));
    }

    #[test]
    fn undo_shows_the_document_and_span_it_brings_back() {
        let mut s = session();
        s.show_document(2);
        s.selection = Some(0..10);
        s.apply_label(0);
        let id = s.selected_span.clone().unwrap();
        s.delete_selected();
        assert!(s.document().unwrap().spans.is_empty());
        // The analyst goes on to document 0, then undoes.
        s.show_document(0);
        assert!(s.undo());
        assert_eq!(s.current, 2, "the document the undo touched is shown");
        assert_eq!(
            s.take_notices().last().map(|n| n.text.clone()),
            Some("Undid: delete claim “Washington”".to_owned())
        );
        assert_eq!(s.selected_span.as_deref(), Some(id.as_str()));
        assert_eq!(s.reveal, Some(0));
        // Undoing the span's creation leaves the caret where it was.
        s.show_document(1);
        assert!(s.undo());
        assert_eq!(s.current, 2);
        assert_eq!(s.selected_span, None);
        assert!(s.document().unwrap().spans.is_empty());
        // Redo brings it back, selected.
        s.show_document(0);
        assert!(s.redo());
        assert_eq!(s.current, 2);
        assert!(s.selected().is_some());
    }

    #[test]
    fn reject_never_deletes_an_accepted_span_and_documents_step_without_status() {
        let mut s = session();
        s.show_document(2);
        s.suggest_document();
        let pending = |s: &Session| {
            s.document()
                .unwrap()
                .spans
                .iter()
                .filter(|x| x.suggested)
                .count()
        };
        while pending(&s) > 0 {
            s.settle_here(true);
        }
        let spans = s.document().unwrap().spans.len();
        assert!(
            s.selected().is_some_and(|x| !x.suggested),
            "the accepted span stays selected"
        );
        s.take_notices();
        s.settle_here(false);
        s.settle_here(false);
        assert_eq!(s.document().unwrap().spans.len(), spans, "nothing deleted");
        assert!(s.take_notices()[0].text.contains("No pending suggestions"));
        // Documents: next and previous keep the status; next open skips done ones.
        s.show_document(0);
        s.step_document(true, false);
        assert_eq!(s.current, 1);
        assert_eq!(s.document().unwrap().status, Status::Todo);
        s.step_document(false, false);
        s.step_document(false, false);
        assert_eq!(s.current, 0);
        assert!(
            s.take_notices()
                .last()
                .unwrap()
                .text
                .contains("first document")
        );
        s.project.as_mut().unwrap().documents[1].status = Status::Done;
        s.step_document(true, true);
        assert_eq!(s.current, 2, "document 1 is done");
    }

    #[test]
    fn the_caret_moves_by_words_and_shift_extends_the_selection() {
        let mut s = session();
        let seg = Segments::new(&s.document().unwrap().text);
        s.move_caret(Motion::WordForward, false, &seg);
        assert_eq!((s.caret, s.selection.clone()), (5, None));
        s.move_caret(Motion::WordForward, true, &seg);
        s.move_caret(Motion::WordForward, true, &seg);
        assert_eq!(
            s.selection,
            Some(6..18),
            "\"warns Moscow\": no leading space"
        );
        s.move_caret(Motion::WordBack, true, &seg);
        assert_eq!(s.selection, Some(6..11), "\"warns\": no trailing space");
        s.move_caret(Motion::WordForward, false, &seg);
        assert_eq!(
            (s.caret, s.selection.clone()),
            (18, None),
            "from the selection's end"
        );
        assert_eq!(s.reveal, Some(18));
    }

    #[test]
    fn a_sentence_by_keys_has_the_edges_a_drag_gives_and_edges_keep_to_their_paragraph() {
        let mut s = session();
        let text = "“We won’t hesitate,” Miller said. Seoul agreed.\n\nSecond paragraph here.";
        s.project.as_mut().unwrap().documents[0] = Document::new("d0", "T0", text);
        let seg = Segments::new(text);
        // Shift+Down from the start: the sentence without its full stop,
        // exactly what dragging over its words selects.
        s.move_caret(Motion::SentenceForward, true, &seg);
        let by_keys = s.selection.clone().unwrap();
        let dragged = seg.tidy(1, 31).unwrap();
        assert_eq!(by_keys, dragged);
        let t: String = text
            .chars()
            .skip(by_keys.start)
            .take(by_keys.len())
            .collect();
        assert_eq!(t, "“We won’t hesitate,” Miller said");
        // Once more: two sentences, the second's full stop left out too.
        s.move_caret(Motion::SentenceForward, true, &seg);
        let r = s.selection.clone().unwrap();
        let t: String = text.chars().skip(r.start).take(r.len()).collect();
        assert_eq!(t, "“We won’t hesitate,” Miller said. Seoul agreed");
        // And back.
        s.move_caret(Motion::SentenceBack, true, &seg);
        assert_eq!(s.selection, Some(by_keys));
        // A span at a paragraph's start: Alt+Left does not take the
        // previous paragraph's last word; at its end Alt+Shift+Right stops.
        let second = text.chars().count() - "Second paragraph here.".chars().count();
        s.selection = Some(second..second + 6);
        s.selection = None;
        s.project.as_mut().unwrap().documents[0].spans.clear();
        s.selection = Some(second..second + 6);
        s.apply_label(0);
        s.move_edge(Edge::Start, false, &seg);
        assert_eq!(s.selected().unwrap().start, second);
        s.move_edge(Edge::End, true, &seg);
        s.move_edge(Edge::End, true, &seg);
        s.move_edge(Edge::End, true, &seg);
        assert_eq!(s.selected().unwrap().end, text.chars().count());
        // The first paragraph's span does not grow into the second.
        s.selection = Some(34..40);
        s.apply_label(0);
        s.move_edge(Edge::End, true, &seg);
        s.move_edge(Edge::End, true, &seg);
        assert!(s.selected().unwrap().end <= 47, "{:?}", s.selected());
    }

    #[test]
    fn a_double_clicked_word_extends_the_way_the_arrow_points() {
        let mut s = session();
        let seg = Segments::new(&s.document().unwrap().text);
        // Double click in the first half of "Seoul": caret at 1, word 0..5.
        s.selection = Some(0..5);
        s.caret = 1;
        s.move_caret(Motion::WordForward, true, &seg);
        assert_eq!(s.selection, Some(0..11), "\"Seoul warns\"");
        s.selection = Some(0..5);
        s.caret = 1;
        s.move_caret(Motion::WordBack, true, &seg);
        assert_eq!(s.selection, Some(0..5), "nothing before it: the word stays");
        // Back to the anchor: no selection left.
        s.selection = Some(6..11);
        s.caret = 11;
        s.move_caret(Motion::WordBack, true, &seg);
        assert_eq!(s.selection, None);
    }

    /// A pending learned suggestion of `claim` with a score in thousandths.
    fn scored(id: &str, start: usize, end: usize, score: u16) -> Span {
        let mut sp = Span::new(id, start, end, "claim");
        sp.suggested = true;
        sp.rule = "learned".into();
        sp.score = Some(score);
        sp
    }

    #[test]
    fn accepting_goes_on_in_the_review_order_and_starts_the_document() {
        let mut s = session();
        {
            let p = s.project.as_mut().unwrap();
            let d = &mut p.documents[0];
            d.status = Status::Todo;
            // In text order: a (0.9), b (0.55), c (0.7). Least certain: b, c, a.
            d.spans = vec![
                scored("a", 0, 5, 900),
                scored("b", 6, 11, 550),
                scored("c", 12, 18, 700),
            ];
        }
        s.review = ReviewOrder::LeastCertain;
        s.step_suggestion(true);
        assert_eq!(s.selected_span.as_deref(), Some("b"));
        s.settle_suggestion("b", true);
        assert_eq!(
            s.selected_span.as_deref(),
            Some("c"),
            "next in the review order, not in the text"
        );
        assert_eq!(s.document().unwrap().status, Status::InProgress);
        s.settle_suggestion("c", false);
        assert_eq!(s.selected_span.as_deref(), Some("a"));
    }

    #[test]
    fn hidden_suggestions_are_not_accepted_and_review_order_holds_across_documents() {
        let mut s = session();
        {
            let p = s.project.as_mut().unwrap();
            p.documents[0].spans = vec![scored("weak", 0, 5, 300)];
            p.documents[1].spans = vec![scored("a", 0, 5, 900), scored("b", 6, 14, 550)];
        }
        // The caret on a hidden (under 0.5) suggestion: Enter does not take it.
        s.caret = 1;
        assert_eq!(s.suggestion_here(), None);
        s.settle_here(true);
        assert!(s.document().unwrap().spans[0].suggested, "not accepted");
        // Least certain first: entering document 1 starts at b (0.55), not a.
        s.review = ReviewOrder::LeastCertain;
        s.step_suggestion(true);
        assert_eq!(s.current, 1);
        assert_eq!(s.selected_span.as_deref(), Some("b"));
        s.step_suggestion(true);
        assert_eq!(s.selected_span.as_deref(), Some("a"));
        // Accept all of the rule: the shown ones only; the hidden one waits.
        s.show_document(0);
        s.project.as_mut().unwrap().documents[0]
            .spans
            .push(scored("strong", 6, 11, 800));
        s.settle_rule("learned", true);
        let d = s.document().unwrap();
        let pending: Vec<&str> = d
            .spans
            .iter()
            .filter(|x| x.suggested)
            .map(|x| x.id.as_str())
            .collect();
        assert_eq!(pending, ["weak"], "{:?}", d.spans);
    }

    #[test]
    fn edges_move_by_words_and_coalesce_into_one_undo_step() {
        let mut s = session();
        s.selection = Some(0..5);
        s.apply_label(0);
        let seg = Segments::new(&s.document().unwrap().text);
        s.move_edge(Edge::End, true, &seg);
        s.move_edge(Edge::End, true, &seg);
        assert_eq!(
            s.selected().unwrap().end,
            "Seoul warns Moscow".chars().count()
        );
        s.move_edge(Edge::Start, true, &seg);
        assert_eq!(s.selected().unwrap().start, 6);
        assert!(s.undo());
        assert_eq!(
            (s.selected().unwrap().start, s.selected().unwrap().end),
            (0, 5),
            "three moves of one span are one step"
        );
    }

    #[test]
    fn linking_done_and_next_and_suggestions() {
        let mut s = session();
        s.show_document(2);
        let text = s.document().unwrap().text.clone();
        let miller = text.find("Miller").unwrap();
        s.selection = Some(0..10);
        s.apply_label(0);
        let head = s.selected_span.clone().unwrap();
        s.selection = Some(miller..miller + 6);
        s.apply_label(1);
        let child = s.selected_span.clone().unwrap();
        s.select_span(Some(head.clone()));
        s.start_link();
        s.select_span(Some(child.clone()));
        let d = s.document().unwrap();
        assert_eq!(d.relations.len(), 1);
        assert_eq!(
            (d.relations[0].head.as_str(), d.relations[0].child.as_str()),
            (head.as_str(), child.as_str())
        );
        assert!(s.linking.is_none());
        // Suggestions: added, stepped, accepted, rejected.
        let n_before = s.document().unwrap().spans.len();
        s.suggest_document();
        let pending = s
            .document()
            .unwrap()
            .spans
            .iter()
            .filter(|x| x.suggested)
            .count();
        assert!(pending > 0, "the sanction rule proposes something here");
        assert!(s.selected().is_some_and(|x| x.suggested));
        s.settle_here(true);
        assert_eq!(
            s.document()
                .unwrap()
                .spans
                .iter()
                .filter(|x| !x.suggested)
                .count(),
            n_before + 1
        );
        // Done and next: document 2 done, the next open one (0) shown.
        s.done_and_next();
        assert_eq!(s.current, 0);
        assert_eq!(
            s.project.as_ref().unwrap().documents[2].status,
            Status::Done
        );
    }
}
