//! What the window can be asked to do: every change of state goes through
//! a [`Cmd`], run at the end of the frame by the app's entry point.

use super::files;
use crate::edit::Edit;
use crate::session::Edge;
use std::ops::Range;
use std::path::PathBuf;

/// The windows and bars an action can open.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Dialog {
    /// The find bar.
    Find,
    /// The find bar, searching the whole project.
    FindInProject,
    /// The export dialog.
    Export,
    /// The label set editor.
    LabelSet,
    /// The "label all occurrences" preview.
    LabelAll,
    /// Preferences.
    Preferences,
    /// The document label set editor.
    DocLabelSets,
    /// The entity registry.
    Registry,
    /// The Desk panel.
    Desk,
    /// The command palette.
    Palette,
    /// The keyboard help overlay.
    Help,
}

/// App-level actions, run at the end of the frame.
#[derive(Debug, Clone, PartialEq)]
pub enum Cmd {
    /// Show a document.
    SelectDocument(usize),
    /// The next (`true`) or previous row of the document list, as filtered.
    StepListRow(bool),
    /// Train the learned suggester in the background.
    Learn,
    /// A training finished: take its model into use.
    Learned(std::sync::Arc<crate::suggest::learned::Model>),
    /// The order `]` and `[` step through suggestions in.
    SetReview(crate::session::ReviewOrder),
    /// A label's threshold for scored suggestions.
    SetThreshold(String, f64),
    /// Show the document with this id (an import report's row).
    ShowDocument(String),
    /// Filter the document list by this query (a saved query, an analyst's
    /// documents from the Desk panel).
    FilterDocuments(String),
    /// Show a span (document id, span id): a registry mention.
    GoToSpan(String, String),
    /// Comment: (span, thread to reply in, text).
    Comment(Option<String>, Option<String>, String),
    /// Resolve (`true`) or reopen a thread of the shown document.
    ResolveThread(String, bool),
    /// Toggle the `n`-th document label choice (counting through the sets).
    ToggleDocChoice(usize),
    /// Select a span of the current document (or none).
    SelectSpan(Option<String>),
    /// Set the text selection (and caret).
    SetSelection(Option<Range<usize>>),
    /// Move the caret (clearing the selection).
    SetCaret(usize),
    /// Apply label number `n` (0-based) to the selection, or relabel the selected span.
    ApplyLabel(usize),
    /// Remove the selected span.
    DeleteSpan,
    /// Label these ranges (document index, code points) with this label.
    LabelAll(String, Vec<(usize, Range<usize>)>),
    /// Move an edge of the selected span by one word (`forward`: to the right).
    MoveEdge(Edge, bool),
    /// Start linking the selected span to another (relation).
    StartLink,
    /// Stop linking.
    CancelLink,
    /// Mark the document done and open the next open one.
    DoneAndNext,
    /// Show the next (`true`) or previous document; the second: only those not done.
    StepDocument(bool, bool),
    /// Scroll the article to a code point.
    ScrollTo(usize),
    /// Apply an edit through the history.
    Apply(Edit),
    /// Apply an edit, merged with the previous one of the same key (typing).
    ApplyCoalescing(Edit, String),
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
    /// Import files and folders (off the UI thread, undoable as one step).
    Import(Vec<PathBuf>),
    /// Ask for a path for this purpose (files or a folder to import, an
    /// export destination) through the file dialog.
    ImportDialog(files::Purpose),
    /// Accept the suggestion selected or under the caret.
    AcceptSuggestion,
    /// Reject the suggestion selected or under the caret (else delete the
    /// selected span).
    RejectSuggestion,
    /// Select the next (`true`) or previous pending suggestion of the shown
    /// document, without deciding on the selected one.
    StepSuggestion(bool),
    /// Run the suggesters on the shown document.
    SuggestDocument,
    /// Run the suggesters on every document (on a worker thread).
    SuggestProject,
    /// Accept (`true`) or reject all pending suggestions of a rule in the shown document.
    SettleRule(String, bool),
    /// Suggest the selected span's text everywhere in the project.
    MoreLikeThis,
    /// Ask for a colleague's copy of the project to compare with.
    CompareDialog,
    /// Compare with the project file at this path.
    Compare(PathBuf),
    /// Close the window (asks first if there are unsaved edits).
    Quit,
    /// Open a window or bar.
    Show(Dialog),
    /// Close the innermost dialog, else stop linking, else clear the selection.
    Cancel,
    /// The relation label new links get.
    SetRelationLabel(String),
    /// The find bar's next (`true`) or previous hit, across documents with
    /// "Whole project".
    FindStep(bool),
    /// Show document `0` and its first (or, with `true`, last) find hit.
    FindInDocument(usize, bool),
    /// Tell the analyst (`true`: an error, which stays until dismissed).
    Say(String, bool),
    /// Preferences were saved: take the annotator and keymap into use.
    PrefsSaved,
    /// Collapse or bring back the document list (`false`) or the side panel.
    TogglePanel(bool),
    /// The panels settled in a new layout: remember it in the preferences.
    SaveLayout,
    /// Close the window now (after a save that was asked to close it).
    CloseNow,
    /// Merge what someone saved to the project file into the open project.
    MergeFromDisk,
    /// Restore the offered recovery file.
    RestoreRecovery,
    /// Settle the current disagreement with a compared copy.
    Settle(crate::merge::curate::Choice),
    /// The next (`true`) or previous disagreement.
    CompareStep(bool),
    /// The export dialog's destination.
    ExportTo(PathBuf),
    /// Save, then close the window (the unsaved-changes prompt).
    SaveAndClose,
    /// Forget unsaved edits and close the window.
    DiscardAndClose,
    /// Move the caret (with `true`: extend the selection).
    MoveCaret(crate::session::Motion, bool),
}

/// Tells the analyst through the queue (`error`: stays until dismissed).
pub(super) fn say(out: &mut Vec<Cmd>, error: bool, text: impl Into<String>) {
    out.push(Cmd::Say(text.into(), error));
}
