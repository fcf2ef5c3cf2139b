//! The window's own state besides the Session: small view state, jobs, and
//! what it derives from the session and keeps between frames.

use super::article::ArticleLayout;
use super::find::LabelAllPreview;
use super::{Session, compare, judgements, label_editor, registry, suggest_all};
use crate::model::segment::Segments;
use crate::model::text::TextIndex;

/// Spans per label for a (revision, document): in the document, in the project.
pub(super) type LabelCounts = ((u64, usize), Vec<usize>, Vec<usize>);

/// Per-rule suggestion counts for a (revision, document): here, in the project.
pub(crate) type RuleCounts = std::collections::BTreeMap<String, crate::suggest::RuleCounts>;
pub(super) type RuleCountsCache = ((u64, usize), RuleCounts, RuleCounts);

/// Per-document data derived from its (immutable) text.
pub(super) struct DocCache {
    pub(super) id: String,
    pub(super) segments: Segments,
    pub(super) index: TextIndex,
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
    pub(super) label_editor: label_editor::EditorState,
    /// Whether the document label set editor is open.
    pub doc_sets_open: bool,
    /// Its drafts.
    pub(super) doc_sets: judgements::SetsState,
    /// The entity registry window and the inspector's link search.
    pub registry: registry::RegistryState,
    /// The Desk window.
    pub(super) desk: super::desk::DeskState,
    /// Comment drafts being typed.
    pub(super) comments: super::comments::CommentDrafts,
    /// Active annotation time being measured.
    pub timer: crate::timing::ActiveTime,
    /// The clock's reading in the last frame (seconds).
    pub time_now: f64,
    /// Closing tried to save the active time (no edits were unsaved).
    pub(super) time_save_tried: bool,
    /// A clock to use instead of egui's (tests), in seconds; setting one
    /// turns time tracking on in a headless app.
    pub fake_time: Option<f64>,
    /// Whether active time is recorded: in the window, not in headless apps
    /// (tests and benchmarks drive them with a clock of their own).
    pub track_time: bool,
    /// Label filter of the span list.
    pub span_filter: Option<String>,
    /// The unsaved-changes prompt is open.
    pub(super) confirm_close: bool,
    /// The panels as shown now (saved to preferences when they settle).
    pub layout: crate::user::Layout,
    /// Closing was confirmed (or nothing is unsaved).
    pub(super) allow_close: bool,
}

/// Background jobs besides saving, importing and exporting.
#[derive(Default)]
pub(super) struct Jobs {
    /// A copy being read for comparison (or agreement being computed).
    pub(super) compare: Option<compare::Job>,
    /// Suggestions being computed for every document.
    pub(super) suggest: Option<suggest_all::SuggestJob>,
    /// The learned suggester being trained.
    pub(super) learn: Option<super::learn::LearnJob>,
}

/// What the window derives from the session and keeps between frames.
#[derive(Default)]
pub(super) struct Caches {
    /// (shown document and whether a project is open, revision) the view was last synced to.
    pub(super) shown: ((usize, bool), u64),
    pub(super) layout: ArticleLayout,
    pub(super) cache: Option<DocCache>,
    /// Spans per label (shown document, project), for (revision, document).
    pub(super) counts: Option<LabelCounts>,
    /// Suggestion counts per rule (shown document, project), for (revision, document).
    pub(super) rule_counts: Option<RuleCountsCache>,
    /// The window title last sent.
    pub(super) title: String,
    /// Whether the shown document has glyphs no font has.
    pub(super) missing_glyphs: Option<(String, bool)>,
}

impl Caches {
    /// Suggestion counts per rule in the shown document and in the project;
    /// recounted only after an edit or a change of document.
    pub(super) fn rule_counts(&mut self, session: &Session) -> (RuleCounts, RuleCounts) {
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
    pub(super) fn ensure_cache(&mut self, session: &Session) {
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
    pub(super) fn label_counts(&mut self, session: &Session) -> (Vec<usize>, Vec<usize>) {
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
