//! Every user action in one registry: its name, a one-line description, its
//! default shortcuts and where they apply. Menus, buttons, tooltips, the
//! keyboard, the command palette and the help overlay all draw from it; no
//! key name is typed into a UI string anywhere else. The analyst's keymap
//! (preferences) overrides the defaults by action name.

use super::Cmd;
use super::files::Purpose;
use crate::merge::curate::Choice;
use crate::session::Edge;
use egui::{Key, KeyboardShortcut, Modifiers};
use std::collections::BTreeMap;

/// Where an action's shortcuts work.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Context {
    /// Everywhere, even while a text field has the keyboard.
    Global,
    /// In the article, when no text field has the keyboard.
    Article,
    /// Inside the find bar's field (handled there).
    Find,
    /// In the article while a colleague's copy is compared (curation).
    Compare,
}

/// A user action.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Action {
    /// Open a project.
    Open,
    /// Save.
    Save,
    /// Save as.
    SaveAs,
    /// Import files.
    ImportFiles,
    /// Import a folder.
    ImportFolder,
    /// The export dialog.
    Export,
    /// Compare with a colleague's file.
    Compare,
    /// Close the window.
    Quit,
    /// Undo.
    Undo,
    /// Redo.
    Redo,
    /// Find in the article or project.
    Find,
    /// Find in the whole project.
    FindInProject,
    /// Next find hit (in the find bar).
    FindNext,
    /// Previous find hit (in the find bar).
    FindPrevious,
    /// Label all occurrences of the selection.
    LabelAll,
    /// The label set editor.
    LabelSet,
    /// Preferences.
    Preferences,
    /// Label the selection with label `n` (0-based).
    Label(u8),
    /// Toggle document label choice `n` (0-based, counted through the sets).
    DocChoice(u8),
    /// Edit the document label sets.
    DocLabelSets,
    /// Open the entity registry.
    Registry,
    /// Open the Desk panel: progress and time per analyst.
    Desk,
    /// Accept the suggestion here.
    Accept,
    /// Reject the suggestion here.
    Reject,
    /// Next pending suggestion.
    NextSuggestion,
    /// Previous pending suggestion.
    PreviousSuggestion,
    /// Suggest in this document.
    SuggestDocument,
    /// Suggest in all documents.
    SuggestProject,
    /// Delete the selected span.
    DeleteSpan,
    /// Link the selected span to another.
    Link,
    /// Cancel linking or clear the selection.
    Cancel,
    /// Move the selected span's start left by a word.
    StartLeft,
    /// Move the selected span's start right by a word.
    StartRight,
    /// Move the selected span's end left by a word.
    EndLeft,
    /// Move the selected span's end right by a word.
    EndRight,
    /// Mark done and open the next open document.
    DoneAndNext,
    /// The next document (status unchanged).
    NextDocument,
    /// The previous document (status unchanged).
    PreviousDocument,
    /// The next document not done.
    NextOpenDocument,
    /// The previous document not done.
    PreviousOpenDocument,
    /// Curation: keep my version of the disagreement.
    KeepMine,
    /// Curation: keep theirs.
    KeepTheirs,
    /// Curation: keep both.
    KeepBoth,
    /// Curation: keep neither.
    KeepNeither,
    /// Curation: the next disagreement.
    NextDisagreement,
    /// Curation: the previous disagreement.
    PreviousDisagreement,
    /// The command palette.
    Palette,
    /// The keyboard help overlay.
    Help,
    /// Train the learned suggester.
    Learn,
    /// Show or hide the document list.
    ToggleDocuments,
    /// Show or hide the labels-and-inspector panel.
    ToggleSidePanel,
}

const fn sc(modifiers: Modifiers, key: Key) -> KeyboardShortcut {
    KeyboardShortcut::new(modifiers, key)
}

const CMD: Modifiers = Modifiers::COMMAND;
const NONE: Modifiers = Modifiers::NONE;

impl Action {
    /// Every action, in menu order.
    pub const ALL: [Action; 67] = [
        Action::Open,
        Action::Save,
        Action::SaveAs,
        Action::ImportFiles,
        Action::ImportFolder,
        Action::Export,
        Action::Compare,
        Action::Quit,
        Action::Undo,
        Action::Redo,
        Action::Find,
        Action::FindInProject,
        Action::FindNext,
        Action::FindPrevious,
        Action::LabelAll,
        Action::LabelSet,
        Action::Preferences,
        Action::Label(0),
        Action::Label(1),
        Action::Label(2),
        Action::Label(3),
        Action::Label(4),
        Action::Label(5),
        Action::Label(6),
        Action::Label(7),
        Action::Label(8),
        Action::DocChoice(0),
        Action::DocChoice(1),
        Action::DocChoice(2),
        Action::DocChoice(3),
        Action::DocChoice(4),
        Action::DocChoice(5),
        Action::DocChoice(6),
        Action::DocChoice(7),
        Action::DocChoice(8),
        Action::DocLabelSets,
        Action::Registry,
        Action::Desk,
        Action::Accept,
        Action::Reject,
        Action::NextSuggestion,
        Action::PreviousSuggestion,
        Action::SuggestDocument,
        Action::SuggestProject,
        Action::Learn,
        Action::DeleteSpan,
        Action::Link,
        Action::Cancel,
        Action::StartLeft,
        Action::StartRight,
        Action::EndLeft,
        Action::EndRight,
        Action::DoneAndNext,
        Action::NextDocument,
        Action::PreviousDocument,
        Action::NextOpenDocument,
        Action::PreviousOpenDocument,
        Action::KeepMine,
        Action::KeepTheirs,
        Action::KeepBoth,
        Action::KeepNeither,
        Action::NextDisagreement,
        Action::PreviousDisagreement,
        Action::Palette,
        Action::Help,
        Action::ToggleDocuments,
        Action::ToggleSidePanel,
    ];

    /// Stable name, used in the preferences' keymap.
    pub fn name(self) -> String {
        let s = match self {
            Action::Open => "open",
            Action::Save => "save",
            Action::SaveAs => "save_as",
            Action::ImportFiles => "import_files",
            Action::ImportFolder => "import_folder",
            Action::Export => "export",
            Action::Compare => "compare",
            Action::Quit => "quit",
            Action::Undo => "undo",
            Action::Redo => "redo",
            Action::Find => "find",
            Action::FindInProject => "find_in_project",
            Action::FindNext => "find_next",
            Action::FindPrevious => "find_previous",
            Action::LabelAll => "label_all",
            Action::LabelSet => "label_set",
            Action::Preferences => "preferences",
            Action::Label(n) => return format!("label_{}", n + 1),
            Action::DocChoice(n) => return format!("doc_label_{}", n + 1),
            Action::DocLabelSets => "doc_label_sets",
            Action::Registry => "registry",
            Action::Desk => "desk",
            Action::Accept => "accept",
            Action::Reject => "reject",
            Action::NextSuggestion => "next_suggestion",
            Action::PreviousSuggestion => "previous_suggestion",
            Action::SuggestDocument => "suggest_document",
            Action::SuggestProject => "suggest_project",
            Action::Learn => "learn",
            Action::DeleteSpan => "delete_span",
            Action::Link => "link",
            Action::Cancel => "cancel",
            Action::StartLeft => "start_left",
            Action::StartRight => "start_right",
            Action::EndLeft => "end_left",
            Action::EndRight => "end_right",
            Action::DoneAndNext => "done_and_next",
            Action::NextDocument => "next_document",
            Action::PreviousDocument => "previous_document",
            Action::NextOpenDocument => "next_open_document",
            Action::PreviousOpenDocument => "previous_open_document",
            Action::KeepMine => "keep_mine",
            Action::KeepTheirs => "keep_theirs",
            Action::KeepBoth => "keep_both",
            Action::KeepNeither => "keep_neither",
            Action::NextDisagreement => "next_disagreement",
            Action::PreviousDisagreement => "previous_disagreement",
            Action::Palette => "command_palette",
            Action::Help => "keyboard_help",
            Action::ToggleDocuments => "toggle_documents",
            Action::ToggleSidePanel => "toggle_side_panel",
        };
        s.to_owned()
    }

    /// The action with this [`Action::name`].
    pub fn from_name(name: &str) -> Option<Action> {
        Action::ALL.into_iter().find(|a| a.name() == name)
    }

    /// What menus and the palette call it.
    pub fn title(self) -> String {
        let s = match self {
            Action::Open => "Open…",
            Action::Save => "Save",
            Action::SaveAs => "Save As…",
            Action::ImportFiles => "Import files…",
            Action::ImportFolder => "Import folder…",
            Action::Export => "Export…",
            Action::Compare => "Compare with a colleague's file…",
            Action::Quit => "Quit",
            Action::Undo => "Undo",
            Action::Redo => "Redo",
            Action::Find => "Find…",
            Action::FindInProject => "Find in the whole project…",
            Action::FindNext => "Next match",
            Action::FindPrevious => "Previous match",
            Action::LabelAll => "Label all occurrences…",
            Action::LabelSet => "Label set…",
            Action::Preferences => "Preferences…",
            Action::Label(n) => return format!("Apply label {}", n + 1),
            Action::DocChoice(n) => return format!("Document label {}", n + 1),
            Action::DocLabelSets => "Document label sets…",
            Action::Registry => "Entity registry…",
            Action::Desk => "Desk…",
            Action::Accept => "Accept suggestion",
            Action::Reject => "Reject suggestion",
            Action::NextSuggestion => "Next suggestion",
            Action::PreviousSuggestion => "Previous suggestion",
            Action::SuggestDocument => "Suggest in this document",
            Action::SuggestProject => "Suggest in all documents",
            Action::Learn => "Learn from the labels",
            Action::DeleteSpan => "Delete span",
            Action::Link => "Link span to…",
            Action::Cancel => "Close / cancel",
            Action::StartLeft => "Move span start left",
            Action::StartRight => "Move span start right",
            Action::EndLeft => "Move span end left",
            Action::EndRight => "Move span end right",
            Action::DoneAndNext => "Done, next document",
            Action::NextDocument => "Next document",
            Action::PreviousDocument => "Previous document",
            Action::NextOpenDocument => "Next open document",
            Action::PreviousOpenDocument => "Previous open document",
            Action::KeepMine => "Keep mine",
            Action::KeepTheirs => "Keep theirs",
            Action::KeepBoth => "Keep both",
            Action::KeepNeither => "Keep neither",
            Action::NextDisagreement => "Next disagreement",
            Action::PreviousDisagreement => "Previous disagreement",
            Action::Palette => "Command palette…",
            Action::Help => "Keyboard shortcuts",
            Action::ToggleDocuments => "Show or hide documents",
            Action::ToggleSidePanel => "Show or hide labels and inspector",
        };
        s.to_owned()
    }

    /// One line on what it does.
    pub fn description(self) -> &'static str {
        match self {
            Action::Open => "Open a project file.",
            Action::Save => "Save the project (a colleague's save meanwhile is never overwritten).",
            Action::SaveAs => "Save the project to another file.",
            Action::ImportFiles => "Import saved pages, text or JSONL files.",
            Action::ImportFolder => "Import every page and text file of a folder.",
            Action::Export => {
                "Export annotations for training (JSONL, spaCy, doccano, brat, CoNLL)."
            }
            Action::Compare => "Compare with a colleague's copy and settle disagreements.",
            Action::Quit => "Close the window (asks first if there are unsaved edits).",
            Action::Undo => "Undo the last edit and show what it touched.",
            Action::Redo => "Redo the next edit.",
            Action::Find => "Find words in the article or the whole project.",
            Action::FindInProject => "Find words in every document; Enter walks every hit.",
            Action::FindNext => "In the find bar: go to the next match.",
            Action::FindPrevious => "In the find bar: go to the previous match.",
            Action::LabelAll => "Preview, then label every occurrence of the selected text.",
            Action::LabelSet => "Add, rename, recolor, reorder and delete labels.",
            Action::Preferences => "Your name and your keyboard shortcuts.",
            Action::Label(_) => "Label the selection, or relabel the selected span.",
            Action::DocChoice(_) => {
                "Toggle a document label of the shown article (counted through the sets in order)."
            }
            Action::DocLabelSets => "Add, rename, recolor, reorder and delete document label sets.",
            Action::Registry => {
                "Who is who: search, rename, merge and split entries; who said what."
            }
            Action::Desk => {
                "Each analyst's documents assigned, done and reviewed, and the time they took."
            }
            Action::Accept => "Accept the selected suggestion or the one under the caret.",
            Action::Reject => "Reject the selected suggestion; never deletes an accepted span.",
            Action::NextSuggestion => "Select the next pending suggestion.",
            Action::PreviousSuggestion => "Select the previous pending suggestion.",
            Action::SuggestDocument => "Run the quote finder and rules on this document.",
            Action::SuggestProject => "Run the quote finder and rules on every document.",
            Action::Learn => {
                "Train the learned suggester on the accepted spans (documents marked done count in full); Suggest then adds its proposals."
            }
            Action::DeleteSpan => "Delete the selected span (a suggestion is rejected).",
            Action::Link => "Then click another span to link them.",
            Action::Cancel => {
                "Close the innermost dialog or bar, else stop linking or clear the selection."
            }
            Action::StartLeft => "The selected span starts one word earlier.",
            Action::StartRight => "The selected span starts one word later.",
            Action::EndLeft => "The selected span ends one word earlier.",
            Action::EndRight => "The selected span ends one word later.",
            Action::DoneAndNext => "Mark this document done and open the next open one.",
            Action::NextDocument => "Show the next document; its status stays as it is.",
            Action::PreviousDocument => "Show the previous document; its status stays as it is.",
            Action::NextOpenDocument => "Show the next document not done yet.",
            Action::PreviousOpenDocument => "Show the previous document not done yet.",
            Action::KeepMine => "Comparing: settle the disagreement with my version.",
            Action::KeepTheirs => {
                "Comparing: settle the disagreement with the colleague's version."
            }
            Action::KeepBoth => "Comparing: keep both versions.",
            Action::KeepNeither => "Comparing: keep neither version.",
            Action::NextDisagreement => "Comparing: go to the next disagreement.",
            Action::PreviousDisagreement => "Comparing: go to the previous disagreement.",
            Action::Palette => "Search every action, document and label by name.",
            Action::Help => "List every keyboard shortcut.",
            Action::ToggleDocuments => {
                "Collapse the document list to give the article room, or bring it back."
            }
            Action::ToggleSidePanel => "Collapse the labels and inspector panel, or bring it back.",
        }
    }

    /// The group it is listed under in the help overlay.
    pub fn group(self) -> &'static str {
        match self {
            Action::Open
            | Action::Save
            | Action::SaveAs
            | Action::ImportFiles
            | Action::ImportFolder
            | Action::Export
            | Action::Compare
            | Action::Quit => "File",
            Action::Undo
            | Action::Redo
            | Action::Find
            | Action::FindInProject
            | Action::FindNext
            | Action::FindPrevious
            | Action::LabelAll
            | Action::LabelSet
            | Action::Preferences => "Edit",
            Action::Label(_)
            | Action::DocChoice(_)
            | Action::DocLabelSets
            | Action::Registry
            | Action::DeleteSpan
            | Action::Link
            | Action::Cancel
            | Action::StartLeft
            | Action::StartRight
            | Action::EndLeft
            | Action::EndRight
            | Action::DoneAndNext => "Annotate",
            Action::NextDocument
            | Action::PreviousDocument
            | Action::NextOpenDocument
            | Action::PreviousOpenDocument
            | Action::Desk => "Documents",
            Action::KeepMine
            | Action::KeepTheirs
            | Action::KeepBoth
            | Action::KeepNeither
            | Action::NextDisagreement
            | Action::PreviousDisagreement => "Compare",
            Action::Accept
            | Action::Reject
            | Action::NextSuggestion
            | Action::PreviousSuggestion
            | Action::SuggestDocument
            | Action::SuggestProject
            | Action::Learn => "Suggestions",
            Action::Palette | Action::Help => "Help",
            Action::ToggleDocuments | Action::ToggleSidePanel => "View",
        }
    }

    /// Where its shortcuts work.
    pub fn context(self) -> Context {
        match self {
            Action::Open
            | Action::Save
            | Action::SaveAs
            | Action::Find
            | Action::FindInProject
            | Action::Palette
            | Action::ToggleDocuments
            | Action::ToggleSidePanel
            | Action::Quit => Context::Global,
            Action::FindNext | Action::FindPrevious => Context::Find,
            Action::KeepMine
            | Action::KeepTheirs
            | Action::KeepBoth
            | Action::KeepNeither
            | Action::NextDisagreement
            | Action::PreviousDisagreement => Context::Compare,
            _ => Context::Article,
        }
    }

    /// Its default shortcuts (Command on macOS, Ctrl elsewhere).
    pub fn default_keys(self) -> Vec<KeyboardShortcut> {
        const LABELS: [Key; 9] = [
            Key::Num1,
            Key::Num2,
            Key::Num3,
            Key::Num4,
            Key::Num5,
            Key::Num6,
            Key::Num7,
            Key::Num8,
            Key::Num9,
        ];
        let shift = Modifiers::SHIFT;
        let alt = Modifiers::ALT;
        match self {
            Action::Open => vec![sc(CMD, Key::O)],
            Action::Save => vec![sc(CMD, Key::S)],
            Action::SaveAs => vec![sc(CMD | shift, Key::S)],
            Action::Quit => vec![sc(CMD, Key::Q)],
            Action::Undo => vec![sc(CMD, Key::Z)],
            Action::Redo => vec![sc(CMD | shift, Key::Z), sc(CMD, Key::Y)],
            Action::Find => vec![sc(CMD, Key::F)],
            Action::FindInProject => vec![sc(CMD | shift, Key::F)],
            Action::FindNext => vec![sc(NONE, Key::Enter), sc(NONE, Key::F3)],
            Action::FindPrevious => vec![sc(shift, Key::Enter), sc(shift, Key::F3)],
            Action::Label(n) => LABELS
                .get(usize::from(n))
                .map(|k| vec![sc(NONE, *k)])
                .unwrap_or_default(),
            Action::DocChoice(n) => LABELS
                .get(usize::from(n))
                .map(|k| vec![sc(shift, *k)])
                .unwrap_or_default(),
            Action::Registry => vec![sc(CMD, Key::E)],
            Action::Desk => vec![sc(CMD | shift, Key::D)],
            Action::Accept => vec![sc(NONE, Key::Enter)],
            Action::Reject => vec![sc(NONE, Key::Backspace)],
            Action::NextSuggestion => vec![sc(NONE, Key::CloseBracket)],
            Action::PreviousSuggestion => vec![sc(NONE, Key::OpenBracket)],
            Action::DeleteSpan => vec![sc(NONE, Key::Delete)],
            Action::Link => vec![sc(NONE, Key::R)],
            Action::Cancel => vec![sc(NONE, Key::Escape)],
            Action::StartLeft => vec![sc(alt, Key::ArrowLeft)],
            Action::StartRight => vec![sc(alt, Key::ArrowRight)],
            Action::EndLeft => vec![sc(alt | shift, Key::ArrowLeft)],
            Action::EndRight => vec![sc(alt | shift, Key::ArrowRight)],
            Action::DoneAndNext => vec![sc(CMD, Key::Enter)],
            Action::NextDocument => vec![sc(CMD, Key::PageDown), sc(alt, Key::ArrowDown)],
            Action::PreviousDocument => vec![sc(CMD, Key::PageUp), sc(alt, Key::ArrowUp)],
            Action::NextOpenDocument => vec![sc(alt | shift, Key::ArrowDown)],
            Action::PreviousOpenDocument => vec![sc(alt | shift, Key::ArrowUp)],
            Action::KeepMine => vec![sc(NONE, Key::A)],
            Action::KeepTheirs => vec![sc(NONE, Key::B)],
            Action::KeepBoth => vec![sc(NONE, Key::C)],
            Action::KeepNeither => vec![sc(NONE, Key::N)],
            Action::NextDisagreement => vec![sc(NONE, Key::J)],
            Action::PreviousDisagreement => vec![sc(NONE, Key::K)],
            Action::Palette => vec![sc(CMD | shift, Key::P), sc(CMD, Key::K)],
            Action::Help => vec![sc(NONE, Key::F1), sc(shift, Key::Questionmark)],
            Action::ToggleDocuments => vec![sc(CMD, Key::B)],
            Action::ToggleSidePanel => vec![sc(CMD | alt, Key::B)],
            Action::ImportFiles
            | Action::ImportFolder
            | Action::Export
            | Action::Compare
            | Action::LabelAll
            | Action::LabelSet
            | Action::DocLabelSets
            | Action::Preferences
            | Action::SuggestDocument
            | Action::SuggestProject
            | Action::Learn => Vec::new(),
        }
    }

    /// The command that carries it out at the end of the frame (`None` for
    /// keys that a widget handles itself, as the find bar's).
    pub fn cmd(self) -> Option<Cmd> {
        Some(match self {
            Action::Open => Cmd::OpenDialog,
            Action::Save => Cmd::Save,
            Action::SaveAs => Cmd::SaveAsDialog,
            Action::ImportFiles => Cmd::ImportDialog(Purpose::ImportFiles),
            Action::ImportFolder => Cmd::ImportDialog(Purpose::ImportFolder),
            Action::Export => Cmd::Show(super::Dialog::Export),
            Action::Compare => Cmd::CompareDialog,
            Action::Quit => Cmd::Quit,
            Action::Undo => Cmd::Undo,
            Action::Redo => Cmd::Redo,
            Action::Find => Cmd::Show(super::Dialog::Find),
            Action::FindInProject => Cmd::Show(super::Dialog::FindInProject),
            Action::FindNext => Cmd::FindStep(true),
            Action::FindPrevious => Cmd::FindStep(false),
            Action::LabelAll => Cmd::Show(super::Dialog::LabelAll),
            Action::LabelSet => Cmd::Show(super::Dialog::LabelSet),
            Action::Preferences => Cmd::Show(super::Dialog::Preferences),
            Action::Label(n) => Cmd::ApplyLabel(usize::from(n)),
            Action::DocChoice(n) => Cmd::ToggleDocChoice(usize::from(n)),
            Action::DocLabelSets => Cmd::Show(super::Dialog::DocLabelSets),
            Action::Registry => Cmd::Show(super::Dialog::Registry),
            Action::Desk => Cmd::Show(super::Dialog::Desk),
            Action::Accept => Cmd::AcceptSuggestion,
            Action::Reject => Cmd::RejectSuggestion,
            Action::NextSuggestion => Cmd::StepSuggestion(true),
            Action::PreviousSuggestion => Cmd::StepSuggestion(false),
            Action::SuggestDocument => Cmd::SuggestDocument,
            Action::SuggestProject => Cmd::SuggestProject,
            Action::Learn => Cmd::Learn,
            Action::DeleteSpan => Cmd::DeleteSpan,
            Action::Link => Cmd::StartLink,
            Action::Cancel => Cmd::Cancel,
            Action::StartLeft => Cmd::MoveEdge(Edge::Start, false),
            Action::StartRight => Cmd::MoveEdge(Edge::Start, true),
            Action::EndLeft => Cmd::MoveEdge(Edge::End, false),
            Action::EndRight => Cmd::MoveEdge(Edge::End, true),
            Action::DoneAndNext => Cmd::DoneAndNext,
            Action::NextDocument => Cmd::StepDocument(true, false),
            Action::PreviousDocument => Cmd::StepDocument(false, false),
            Action::NextOpenDocument => Cmd::StepDocument(true, true),
            Action::PreviousOpenDocument => Cmd::StepDocument(false, true),
            Action::KeepMine => Cmd::Settle(Choice::Mine),
            Action::KeepTheirs => Cmd::Settle(Choice::Theirs),
            Action::KeepBoth => Cmd::Settle(Choice::Both),
            Action::KeepNeither => Cmd::Settle(Choice::Neither),
            Action::NextDisagreement => Cmd::CompareStep(true),
            Action::PreviousDisagreement => Cmd::CompareStep(false),
            Action::Palette => Cmd::Show(super::Dialog::Palette),
            Action::Help => Cmd::Show(super::Dialog::Help),
            Action::ToggleDocuments => Cmd::TogglePanel(false),
            Action::ToggleSidePanel => Cmd::TogglePanel(true),
        })
    }

    /// Whether it needs an open project.
    pub fn needs_project(self) -> bool {
        !matches!(
            self,
            Action::Open | Action::Quit | Action::Preferences | Action::Palette | Action::Help
        )
    }
}

/// A shortcut as this platform writes it (Command on macOS), with
/// bracket and question-mark keys as their symbols ("]" not "CloseBracket").
pub fn display(ctx: &egui::Context, k: &KeyboardShortcut) -> String {
    let text = ctx.format_shortcut(k);
    [
        ("CloseBracket", "]"),
        ("OpenBracket", "["),
        ("Questionmark", "?"),
    ]
    .iter()
    .fold(text, |t, (name, symbol)| t.replace(name, symbol))
}

/// The shortcut as written in the preferences file: `Ctrl+Shift+S`
/// (`Ctrl` is Command on macOS), `Alt+ArrowLeft`, `F1`.
pub fn shortcut_text(s: &KeyboardShortcut) -> String {
    let m = s.modifiers;
    let mut parts = Vec::new();
    if m.command || m.ctrl || m.mac_cmd {
        parts.push("Ctrl");
    }
    if m.alt {
        parts.push("Alt");
    }
    if m.shift {
        parts.push("Shift");
    }
    parts.push(s.logical_key.name());
    parts.join("+")
}

/// Reads a shortcut written as [`shortcut_text`] writes it (modifier names
/// `Ctrl`, `Cmd`, `Command`, `Alt`, `Option`, `Shift`, any case).
pub fn parse_shortcut(text: &str) -> Result<KeyboardShortcut, String> {
    let mut modifiers = Modifiers::NONE;
    let mut key = None;
    for part in text.split('+').map(str::trim) {
        match part.to_ascii_lowercase().as_str() {
            "ctrl" | "cmd" | "command" => modifiers |= CMD,
            "alt" | "option" => modifiers |= Modifiers::ALT,
            "shift" => modifiers |= Modifiers::SHIFT,
            _ if key.is_none() => {
                key = Some(Key::from_name(part).ok_or_else(|| format!("no key named {part:?}"))?);
            }
            _ => return Err(format!("{text:?} names two keys")),
        }
    }
    key.map(|k| KeyboardShortcut::new(modifiers, k))
        .ok_or_else(|| format!("{text:?} names no key"))
}

/// Whether two shortcuts are pressed the same way.
fn same(a: &KeyboardShortcut, b: &KeyboardShortcut) -> bool {
    a.logical_key == b.logical_key
        && a.modifiers.shift == b.modifiers.shift
        && a.modifiers.alt == b.modifiers.alt
        && (a.modifiers.command || a.modifiers.ctrl || a.modifiers.mac_cmd)
            == (b.modifiers.command || b.modifiers.ctrl || b.modifiers.mac_cmd)
}

/// Whether shortcuts of these contexts can be pressed at the same moment
/// (curation keys work in the article while comparing).
fn overlap(a: Context, b: Context) -> bool {
    let article = |c| matches!(c, Context::Article | Context::Compare);
    a == b || a == Context::Global || b == Context::Global || (article(a) && article(b))
}

/// The shortcuts in force: the registry's defaults, with the analyst's own.
#[derive(Clone, Debug)]
pub struct Keymap {
    keys: BTreeMap<Action, Vec<KeyboardShortcut>>,
}

impl Default for Keymap {
    fn default() -> Self {
        Self {
            keys: Action::ALL
                .into_iter()
                .map(|a| (a, a.default_keys()))
                .collect(),
        }
    }
}

impl Keymap {
    /// The defaults with `custom` (action name -> shortcuts, from the
    /// preferences) applied; unknown names and unreadable shortcuts are
    /// reported, not fatal.
    pub fn with(custom: &BTreeMap<String, Vec<String>>) -> (Keymap, Vec<String>) {
        let mut map = Keymap::default();
        let mut problems = Vec::new();
        for (name, texts) in custom {
            let Some(action) = Action::from_name(name) else {
                problems.push(format!("no action named {name:?}"));
                continue;
            };
            let mut keys = Vec::new();
            for t in texts {
                match parse_shortcut(t) {
                    Ok(k) => keys.push(k),
                    Err(e) => problems.push(format!("{name}: {e}")),
                }
            }
            map.keys.insert(action, keys);
        }
        problems.extend(map.conflicts().into_iter().map(|(a, b, k)| {
            format!(
                "{} is both {:?} and {:?}",
                shortcut_text(&k),
                a.title(),
                b.title()
            )
        }));
        (map, problems)
    }

    /// The shortcuts of `action`.
    pub fn keys(&self, action: Action) -> &[KeyboardShortcut] {
        self.keys.get(&action).map_or(&[], Vec::as_slice)
    }

    /// The first shortcut of `action`, if it has one.
    pub fn first(&self, action: Action) -> Option<KeyboardShortcut> {
        self.keys(action).first().copied()
    }

    /// The first shortcut of `action` as this platform writes it (Command
    /// on macOS), or nothing.
    pub fn label(&self, ctx: &egui::Context, action: Action) -> String {
        self.first(action)
            .map(|k| display(ctx, &k))
            .unwrap_or_default()
    }

    /// Gives `action` these shortcuts.
    pub fn set(&mut self, action: Action, keys: Vec<KeyboardShortcut>) {
        self.keys.insert(action, keys);
    }

    /// Pairs of actions that share a shortcut where both can fire.
    pub fn conflicts(&self) -> Vec<(Action, Action, KeyboardShortcut)> {
        let mut out = Vec::new();
        let all: Vec<(Action, KeyboardShortcut)> = self
            .keys
            .iter()
            .flat_map(|(a, ks)| ks.iter().map(move |k| (*a, *k)))
            .collect();
        for (i, (a, ka)) in all.iter().enumerate() {
            for (b, kb) in &all[i + 1..] {
                if a != b && same(ka, kb) && overlap(a.context(), b.context()) {
                    out.push((*a, *b, *ka));
                }
            }
        }
        out
    }

    /// The action other than `except` that `key` already runs where
    /// `except` would, if any.
    pub fn taken_by(&self, key: &KeyboardShortcut, except: Action) -> Option<Action> {
        self.keys
            .iter()
            .filter(|(a, _)| **a != except && overlap(a.context(), except.context()))
            .find(|(_, ks)| ks.iter().any(|k| same(k, key)))
            .map(|(a, _)| *a)
    }

    /// Every (action, shortcut) of `context`, most modifiers first, so that
    /// Ctrl+Shift+Z is tried before Ctrl+Z (egui matches logically).
    pub fn dispatch_order(&self, context: Context) -> Vec<(Action, KeyboardShortcut)> {
        let mut v: Vec<(Action, KeyboardShortcut)> = self
            .keys
            .iter()
            .filter(|(a, _)| a.context() == context)
            .flat_map(|(a, ks)| ks.iter().map(move |k| (*a, *k)))
            .collect();
        let weight = |k: &KeyboardShortcut| {
            let m = k.modifiers;
            usize::from(m.shift) + usize::from(m.alt) + usize::from(m.command || m.ctrl)
        };
        v.sort_by_key(|(_, k)| std::cmp::Reverse(weight(k)));
        v
    }

    /// The keymap's differences from the defaults, as the preferences keep them.
    pub fn custom(&self) -> BTreeMap<String, Vec<String>> {
        let defaults = Keymap::default();
        self.keys
            .iter()
            .filter(|(a, ks)| defaults.keys(**a) != ks.as_slice())
            .map(|(a, ks)| (a.name(), ks.iter().map(shortcut_text).collect()))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_two_actions_share_a_default_shortcut_where_both_fire() {
        let conflicts = Keymap::default().conflicts();
        assert!(
            conflicts.is_empty(),
            "{:?}",
            conflicts
                .iter()
                .map(|(a, b, k)| format!("{} {a:?} {b:?}", shortcut_text(k)))
                .collect::<Vec<_>>()
        );
    }

    #[test]
    fn bracket_keys_show_as_their_symbols() {
        let ctx = egui::Context::default();
        let map = Keymap::default();
        assert_eq!(map.label(&ctx, Action::NextSuggestion), "]");
        assert_eq!(map.label(&ctx, Action::PreviousSuggestion), "[");
    }

    #[test]
    fn a_conflict_is_detected() {
        let mut map = Keymap::default();
        map.set(Action::Link, vec![sc(NONE, Key::Delete)]);
        let c = map.conflicts();
        assert_eq!(c.len(), 1, "{c:?}");
        assert_eq!(
            map.taken_by(&sc(NONE, Key::Delete), Action::Link),
            Some(Action::DeleteSpan)
        );
        // The find bar's Enter does not collide with the article's Enter.
        assert_eq!(map.taken_by(&sc(NONE, Key::Enter), Action::FindNext), None);
    }

    #[test]
    fn names_and_shortcuts_round_trip() {
        for a in Action::ALL {
            assert_eq!(Action::from_name(&a.name()), Some(a));
            for k in a.default_keys() {
                assert_eq!(parse_shortcut(&shortcut_text(&k)), Ok(k), "{a:?}");
            }
        }
        assert!(parse_shortcut("Ctrl+Nope").is_err());
        assert!(parse_shortcut("Ctrl+Shift").is_err());
        let (map, problems) =
            Keymap::with(&BTreeMap::from([("link".to_owned(), vec!["L".to_owned()])]));
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(map.first(Action::Link), Some(sc(NONE, Key::L)));
        assert_eq!(
            map.custom(),
            BTreeMap::from([("link".to_owned(), vec!["L".to_owned()])])
        );
    }
}
