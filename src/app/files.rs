//! Choosing files: the native dialog (rfd) off the UI thread, with a typed
//! path as the fallback where no dialog is available.

use super::Cmd;
use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::time::{Duration, Instant};

/// What a chosen path is for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Purpose {
    /// Open a project.
    Open,
    /// Save the project under a new name.
    SaveAs,
    /// Choose an export file.
    ExportFile,
    /// Choose an export folder.
    ExportFolder,
    /// Choose files to import.
    ImportFiles,
    /// Choose a folder to import.
    ImportFolder,
    /// Choose a colleague's copy to compare with.
    Compare,
}

impl Purpose {
    /// Title of the dialog or prompt.
    pub fn title(self) -> &'static str {
        match self {
            Purpose::Open => "Open project",
            Purpose::SaveAs => "Save project as",
            Purpose::ExportFile => "Export to file",
            Purpose::ExportFolder => "Export to folder",
            Purpose::ImportFiles => "Import files",
            Purpose::ImportFolder => "Import a folder",
            Purpose::Compare => "Compare with a colleague's file",
        }
    }
}

/// Opens file dialogs. A trait so tests never open a real one.
pub trait FileDialogs {
    /// Starts a dialog; the answer comes through the returned channel
    /// (`None`: cancelled or no dialog available).
    fn start(&self, purpose: Purpose) -> mpsc::Receiver<Option<Vec<PathBuf>>>;
}

/// The native dialogs through rfd, on a background thread.
pub struct NativeDialogs;

impl FileDialogs for NativeDialogs {
    fn start(&self, purpose: Purpose) -> mpsc::Receiver<Option<Vec<PathBuf>>> {
        let (tx, rx) = mpsc::channel();
        std::thread::spawn(move || {
            let dialog = rfd::FileDialog::new().set_title(purpose.title());
            let project = || dialog.clone().add_filter("Marginalia project", &["ron"]);
            let one = |p: Option<PathBuf>| p.map(|p| vec![p]);
            let picked = match purpose {
                Purpose::Open | Purpose::Compare => one(project().pick_file()),
                Purpose::SaveAs => one(project().set_file_name("project.ron").save_file()),
                Purpose::ExportFile => one(dialog.save_file()),
                Purpose::ExportFolder => one(dialog.pick_folder()),
                Purpose::ImportFiles => dialog
                    .add_filter("Articles", &["html", "htm", "xhtml", "txt", "jsonl"])
                    .pick_files(),
                Purpose::ImportFolder => one(dialog.pick_folder()),
            };
            let _ = tx.send(picked);
        });
        rx
    }
}

/// Dialogs that never open (tests, or `MARGINALIA_NO_DIALOG=1`).
pub struct NoDialogs;

impl FileDialogs for NoDialogs {
    fn start(&self, _purpose: Purpose) -> mpsc::Receiver<Option<Vec<PathBuf>>> {
        let (tx, rx) = mpsc::channel();
        let _ = tx.send(None);
        rx
    }
}

/// A dialog in progress.
pub struct Pending {
    purpose: Purpose,
    rx: mpsc::Receiver<Option<Vec<PathBuf>>>,
    started: Instant,
}

/// What became of a pending dialog this frame.
pub enum Answer {
    /// Still open.
    Waiting,
    /// Paths were chosen (one, except for importing files).
    Chosen(Purpose, Vec<PathBuf>),
    /// Cancelled by the user.
    Cancelled,
    /// No dialog could be shown: ask for a typed path instead.
    Unavailable(Purpose),
}

/// A dialog answering `None` faster than this was never shown.
const UNAVAILABLE_WITHIN: Duration = Duration::from_millis(700);

impl Pending {
    /// Starts a dialog.
    pub fn start(dialogs: &dyn FileDialogs, purpose: Purpose) -> Self {
        Self {
            purpose,
            rx: dialogs.start(purpose),
            started: Instant::now(),
        }
    }

    /// Checks for an answer without blocking.
    pub fn poll(&self) -> Answer {
        match self.rx.try_recv() {
            Ok(Some(p)) if !p.is_empty() => Answer::Chosen(self.purpose, p),
            Ok(_) if self.started.elapsed() < UNAVAILABLE_WITHIN => {
                Answer::Unavailable(self.purpose)
            }
            Ok(_) => Answer::Cancelled,
            Err(mpsc::TryRecvError::Empty) => Answer::Waiting,
            Err(mpsc::TryRecvError::Disconnected) => Answer::Unavailable(self.purpose),
        }
    }
}

/// The typed-path fallback.
pub struct PathPrompt {
    /// What the path is for.
    pub purpose: Purpose,
    /// The path being typed.
    pub text: String,
    /// Why the prompt is shown.
    pub hint: String,
}

/// File dialogs, the one waiting for an answer, and the typed-path prompt.
pub(super) struct FileUi {
    pub(super) dialogs: Box<dyn FileDialogs>,
    pub(super) pending: Option<Pending>,
    pub(super) prompt: Option<PathPrompt>,
}

/// Collects the answer of the file dialog that is open: a chosen path
/// becomes a command; where no dialog is available, the typed-path prompt
/// opens (or, for exports, the hint under the dialog's own path field).
pub(super) fn poll(
    fui: &mut FileUi,
    project_path: Option<&Path>,
    export_hint: &mut String,
    out: &mut Vec<Cmd>,
) {
    let Some(p) = &fui.pending else { return };
    match p.poll() {
        Answer::Waiting => {}
        Answer::Cancelled => fui.pending = None,
        Answer::Chosen(purpose, mut paths) => {
            fui.pending = None;
            let path = paths.first().cloned().unwrap_or_default();
            match purpose {
                Purpose::Open => out.push(Cmd::Open(path)),
                Purpose::SaveAs => out.push(Cmd::SaveAs(path)),
                Purpose::Compare => out.push(Cmd::Compare(path)),
                Purpose::ExportFile | Purpose::ExportFolder => {
                    out.push(Cmd::ExportTo(path));
                }
                Purpose::ImportFiles | Purpose::ImportFolder => {
                    out.push(Cmd::Import(std::mem::take(&mut paths)));
                }
            }
        }
        Answer::Unavailable(purpose @ (Purpose::ImportFiles | Purpose::ImportFolder)) => {
            fui.pending = None;
            fui.prompt = Some(PathPrompt {
                purpose,
                text: String::new(),
                hint: "No file dialog is available here: type a file or folder path (or drop files on the window).".into(),
            });
        }
        Answer::Unavailable(Purpose::ExportFile | Purpose::ExportFolder) => {
            fui.pending = None;
            *export_hint = "No file dialog is available here: type the path.".into();
        }
        Answer::Unavailable(purpose) => {
            fui.pending = None;
            let text = match (project_path, purpose) {
                (Some(p), Purpose::SaveAs) => p.display().to_string(),
                _ => String::new(),
            };
            fui.prompt = Some(PathPrompt {
                purpose,
                text,
                hint: "No file dialog is available here: type the path.".into(),
            });
        }
    }
}
