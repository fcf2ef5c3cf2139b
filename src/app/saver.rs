//! Saving without freezing the window, autosave to a recovery file, and
//! noticing that someone else saved the project file.
//!
//! A save takes a snapshot of the project (document texts are shared, so
//! that is a copy of the annotations only) and writes it on a worker
//! thread; the window polls for the result once a frame. The history is
//! marked saved at the state the snapshot was taken from, so edits made
//! while the file is written stay unsaved.

use super::commands::say;
use super::{Cmd, Session};
use crate::history::Checkpoint;
use crate::model::{DiffSummary, Project, diff};
use crate::store::{self, DiskStamp, StoreError, recovery};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant, SystemTime};

/// How often unsaved edits are written to the recovery file.
pub const AUTOSAVE_EVERY: Duration = Duration::from_secs(30);

/// How often the project file is checked for changes by others.
pub const DISK_POLL_EVERY: Duration = Duration::from_secs(2);

/// What a background job writes.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Kind {
    /// The project file; `check`: refuse if someone else saved it meanwhile.
    Save {
        path: PathBuf,
        check: bool,
        close_after: bool,
    },
    /// The recovery file.
    Autosave { recovery: PathBuf },
}

/// A save or autosave running on a worker thread.
struct Job {
    kind: Kind,
    checkpoint: Checkpoint,
    revision: u64,
    /// Time credits the snapshot holds.
    time_credits: u64,
    /// What is being written (becomes the merge base once on disk).
    snapshot: Arc<Project>,
    rx: super::job::Job<SaveResult>,
}

/// What a save or autosave hands back.
type SaveResult = Result<Option<DiskStamp>, StoreError>;

/// A recovery file found when the project was opened, offered for restoring.
pub struct RecoveryOffer {
    /// The recovered project.
    pub project: Project,
    /// The recovery file.
    pub path: PathBuf,
    /// When it was written.
    pub written: Option<SystemTime>,
    /// What restoring would change.
    pub summary: DiffSummary,
}

/// Saving state of the window.
pub struct SaveState {
    job: Option<Job>,
    /// Stamp of the project file as last read or written by this window.
    pub disk: Option<DiskStamp>,
    /// The project as last read from or written to the file: the common
    /// base when a colleague's later save is merged in.
    pub base: Option<Arc<Project>>,
    /// Folder of recovery files (the platform data folder; tests set a temp folder).
    pub recovery_dir: PathBuf,
    /// This window's recovery slot for the open project (its own file, locked).
    slot: Option<recovery::Slot>,
    /// Interval of autosaves.
    pub autosave_every: Duration,
    /// Interval of checks for changes on disk.
    pub disk_poll_every: Duration,
    last_autosave: Instant,
    /// Revision last written to the recovery file.
    autosaved: Option<u64>,
    /// Active time credited to the project so far (stretches), and how
    /// many of those the last save wrote: time is bookkeeping, not an
    /// edit, so it is saved on closing even with no edit to save.
    pub time_credited: u64,
    time_saved: u64,
    /// Whether this window wrote the recovery file that now exists.
    recovery_written: bool,
    /// A recovery file offered for restoring.
    pub offer: Option<RecoveryOffer>,
    /// A save refused because the file changed on disk: what to do?
    pub conflict: Option<PathBuf>,
    /// The file on disk changed (noticed by polling), unless this stamp was dismissed.
    pub changed_on_disk: Option<Option<DiskStamp>>,
    dismissed: Option<Option<DiskStamp>>,
    last_poll: Instant,
}

impl SaveState {
    /// Whether active time was recorded since the last save.
    pub fn time_unsaved(&self) -> bool {
        self.time_credited != self.time_saved
    }
}

impl Default for SaveState {
    fn default() -> Self {
        Self {
            job: None,
            disk: None,
            base: None,
            recovery_dir: recovery::recovery_dir(),
            slot: None,
            autosave_every: AUTOSAVE_EVERY,
            disk_poll_every: DISK_POLL_EVERY,
            last_autosave: Instant::now(),
            autosaved: None,
            time_credited: 0,
            time_saved: 0,
            recovery_written: false,
            offer: None,
            conflict: None,
            changed_on_disk: None,
            dismissed: None,
            last_poll: Instant::now(),
        }
    }
}

impl SaveState {
    /// Whether a save or autosave is being written.
    pub fn busy(&self) -> bool {
        self.job.is_some()
    }

    /// Whether a save of the project file (not an autosave) is being written.
    pub fn saving(&self) -> bool {
        self.job
            .as_ref()
            .is_some_and(|j| matches!(j.kind, Kind::Save { .. }))
    }

    /// This window's recovery file for the project at `path`: the slot it
    /// holds, taken on first use (another window on the same project has
    /// another). If no slot can be taken, the shared unlocked name.
    pub fn recovery_path(&mut self, path: &Path) -> PathBuf {
        if let Some(slot) = &self.slot
            && slot.project_path == path
        {
            return slot.path.clone();
        }
        self.slot = None;
        match recovery::claim(&self.recovery_dir, path) {
            Ok(slot) => {
                let p = slot.path.clone();
                self.slot = Some(slot);
                p
            }
            Err(_) => recovery::recovery_path_in(&self.recovery_dir, path),
        }
    }
}

/// Runs `work` on a worker thread; a panic becomes an error naming `path`.
fn spawn(
    path: PathBuf,
    work: impl FnOnce() -> SaveResult + Send + 'static,
) -> super::job::Job<SaveResult> {
    super::job::Job::spawn(
        move |_| work(),
        move |what| {
            Err(StoreError::Io {
                path,
                error: std::io::Error::other(format!("internal error while saving: {what}")),
            })
        },
    )
}

/// Starts saving to `path`. With `check`, a file someone else saved since
/// this window read it is not overwritten (the analyst is asked instead).
pub(super) fn start_save(
    session: &mut Session,
    save: &mut SaveState,
    out: &mut Vec<Cmd>,
    path: PathBuf,
    check: bool,
    close_after: bool,
) {
    let Some(project) = &session.project else {
        return;
    };
    if save.saving() {
        say(out, false, "Already saving…");
        return;
    }
    // An autosave in flight is simply superseded: its result is ignored.
    let snapshot = Arc::new(project.clone());
    let written = Arc::clone(&snapshot);
    let expected = if check && session.path.as_deref() == Some(path.as_path()) {
        Some(save.disk)
    } else {
        None
    };
    let p = path.clone();
    let rx = spawn(path.clone(), move || match expected {
        Some(stamp) => store::save_checked(&written, &p, stamp),
        None => {
            store::save(&written, &p)?;
            DiskStamp::of(&p).map_err(|error| StoreError::Io { path: p, error })
        }
    });
    save.job = Some(Job {
        kind: Kind::Save {
            path,
            check,
            close_after,
        },
        checkpoint: session.history.checkpoint(),
        revision: session.revision,
        time_credits: save.time_credited,
        snapshot,
        rx,
    });
}

fn start_autosave(session: &mut Session, save: &mut SaveState, project_path: PathBuf) {
    let Some(project) = &session.project else {
        return;
    };
    let snapshot = Arc::new(project.clone());
    let written = Arc::clone(&snapshot);
    let recovery = save.recovery_path(&project_path);
    let r = recovery.clone();
    let rx = spawn(recovery.clone(), move || {
        recovery::write(&written, &project_path, &r).map(|()| None)
    });
    save.last_autosave = Instant::now();
    save.job = Some(Job {
        kind: Kind::Autosave { recovery },
        checkpoint: session.history.checkpoint(),
        revision: session.revision,
        time_credits: save.time_credited,
        snapshot,
        rx,
    });
}

/// Once a frame: collects finished jobs, autosaves when due, polls the disk.
pub(super) fn poll(
    session: &mut Session,
    save: &mut SaveState,
    out: &mut Vec<Cmd>,
    ctx: &egui::Context,
) {
    if let Some(job) = &save.job {
        match job.rx.poll() {
            super::job::Poll::Running => {
                ctx.request_repaint_after(Duration::from_millis(20));
            }
            super::job::Poll::Lost => {
                save.job = None;
                say(
                    out,
                    true,
                    "Save failed: the save thread stopped; nothing was lost.",
                );
            }
            super::job::Poll::Done(result) => {
                if let Some(job) = save.job.take() {
                    finish(session, save, out, ctx, job, result);
                }
            }
        }
    }
    let Some(path) = session.path.clone() else {
        return;
    };
    // Leaving the window (for the browser, say) autosaves at once.
    let left = ctx.input(|i| {
        i.events
            .iter()
            .any(|e| matches!(e, egui::Event::WindowFocused(false)))
    });
    if save.job.is_none()
        && session.is_dirty()
        && save.autosaved != Some(session.revision)
        && (left || save.last_autosave.elapsed() >= save.autosave_every)
    {
        start_autosave(session, save, path.clone());
    }
    if !session.is_dirty() && save.recovery_written && save.job.is_none() {
        // Back at the saved state (undo): the recovery file has nothing to add.
        remove_recovery(save, out, &path);
    }
    if session.is_dirty() {
        ctx.request_repaint_after(save.autosave_every);
    }
    if save.last_poll.elapsed() >= save.disk_poll_every && !save.saving() {
        save.last_poll = Instant::now();
        let now = DiskStamp::of(&path).ok().flatten();
        if now != save.disk && save.dismissed != Some(now) {
            save.changed_on_disk = Some(now);
        }
    }
    ctx.request_repaint_after(save.disk_poll_every);
}

fn finish(
    session: &mut Session,
    save: &mut SaveState,
    out: &mut Vec<Cmd>,
    ctx: &egui::Context,
    job: Job,
    result: Result<Option<DiskStamp>, StoreError>,
) {
    ctx.request_repaint();
    match (job.kind, result) {
        (
            Kind::Save {
                path, close_after, ..
            },
            Ok(stamp),
        ) => {
            session.history.mark_saved_at(job.checkpoint);
            save.time_saved = job.time_credits;
            save.disk = stamp;
            save.base = Some(job.snapshot);
            save.changed_on_disk = None;
            save.conflict = None;
            session.path = Some(path.clone());
            say(out, false, format!("Saved {}", path.display()));
            if !session.is_dirty() {
                remove_recovery(save, out, &path);
            }
            if close_after && !session.is_dirty() {
                out.push(Cmd::CloseNow);
            }
        }
        (Kind::Save { path, .. }, Err(StoreError::ChangedOnDisk { .. })) => {
            save.conflict = Some(path);
        }
        (Kind::Save { .. }, Err(e)) => {
            say(out, true, format!("Save failed, nothing was lost: {e}"));
        }
        (Kind::Autosave { .. }, Ok(_)) => {
            save.autosaved = Some(job.revision);
            save.recovery_written = true;
        }
        (Kind::Autosave { .. }, Err(e)) => {
            say(
                out,
                true,
                format!("Autosave failed (your edits are still open): {e}"),
            );
        }
    }
}

fn remove_recovery(save: &mut SaveState, out: &mut Vec<Cmd>, project_path: &Path) {
    let rec = save.recovery_path(project_path);
    match recovery::remove(&rec) {
        Ok(()) => save.recovery_written = false,
        Err(e) => say(
            out,
            true,
            format!("Could not remove {}: {e}", rec.display()),
        ),
    }
    save.autosaved = None;
}

/// Reads and checks the project at `path` and makes it the session's:
/// what to tell the analyst and the file's stamp (taken before reading, so
/// that a save by someone else while reading shows as a change), or why it
/// was not opened (the file is never changed).
pub(super) fn open(
    session: &mut Session,
    path: &Path,
) -> Result<(String, Option<DiskStamp>), String> {
    let stamp = DiskStamp::of(path).ok().flatten();
    let project = store::load(path).map_err(|e| format!("Could not open: {e}"))?;
    // A project whose offsets or ids are broken (a careless hand merge, a
    // hostile file) is refused: editing it could only make things worse.
    // `marginalia validate` lists every problem.
    let problems = crate::model::validate(&project);
    if let Some(first) = problems.first() {
        return Err(format!(
            "Could not open {}: {} problem(s), first: {first}. Run `marginalia validate {}` to list them; the file was not changed.",
            path.display(),
            problems.len(),
            path.display()
        ));
    }
    let said = format!(
        "Opened {} ({} documents, {} spans)",
        path.display(),
        project.documents.len(),
        project.span_count()
    );
    session.replace_project(project, Some(path.to_owned()));
    super::learn::load_beside(session);
    Ok((said, stamp))
}

/// Called after a project is opened from `path`: records the file's stamp
/// and offers a recovery file that differs from it.
pub(super) fn opened(
    session: &mut Session,
    save: &mut SaveState,
    out: &mut Vec<Cmd>,
    path: &Path,
    stamp: Option<DiskStamp>,
) {
    save.disk = stamp;
    save.base = session.project.clone().map(Arc::new);
    save.changed_on_disk = None;
    save.dismissed = None;
    save.conflict = None;
    save.autosaved = None;
    save.time_saved = save.time_credited;
    save.recovery_written = false;
    save.offer = None;
    save.slot = None;
    let rec = save.recovery_path(path);
    let Some(project) = &session.project else {
        return;
    };
    match recovery::find(&rec) {
        Ok(None) => {}
        Ok(Some(found)) if found.project == *project => {
            let _ = recovery::remove(&rec);
        }
        Ok(Some(found)) => {
            save.offer = Some(RecoveryOffer {
                summary: diff(project, &found.project),
                project: found.project,
                path: found.path,
                written: found.written,
            });
        }
        Err(e) => say(
            out,
            true,
            format!("A recovery file for this project could not be read (left in place): {e}"),
        ),
    }
}

/// Merges the version a colleague saved to the project file into the open
/// project (three-way, from the version this window last read or wrote),
/// as one undoable edit. The result is unsaved until the analyst saves.
pub(super) fn merge_from_disk(session: &mut Session, save: &mut SaveState, out: &mut Vec<Cmd>) {
    let Some(path) = session.path.clone() else {
        return;
    };
    let Some(ours) = session.project.clone() else {
        return;
    };
    let saved = match crate::merge::merge_saved(save.base.as_deref(), &ours, &path) {
        Ok(saved) => saved,
        Err(e) => {
            say(out, true, format!("Could not merge: {e}"));
            return;
        }
    };
    let crate::merge::MergedWithSaved {
        merged,
        report,
        theirs,
        stamp,
    } = saved;
    let summary = diff(session.project.as_ref().unwrap_or(&merged), &merged);
    if session.apply(crate::edit::Edit::ReplaceProject(Box::new(merged)), None) {
        save.disk = stamp;
        save.base = Some(Arc::new(theirs));
        save.changed_on_disk = None;
        save.conflict = None;
        let flagged = if report.conflicts > 0 {
            format!(
                "; {} disagreement(s) flagged for curation (⚠ in the span list)",
                report.conflicts
            )
        } else {
            String::new()
        };
        say(
            out,
            false,
            format!(
                "Merged the changes saved to {}: {summary}{flagged}. Save to keep the result.",
                path.display()
            ),
        );
    }
}

/// Forgets unsaved edits on close: the recovery file goes too.
pub(super) fn discard(session: &mut Session, save: &mut SaveState, out: &mut Vec<Cmd>) {
    if let Some(path) = session.path.clone() {
        remove_recovery(save, out, &path);
    }
}

/// Restores the offered recovery file's project (unsaved, to be saved).
pub(super) fn restore_recovery(session: &mut Session, save: &mut SaveState, out: &mut Vec<Cmd>) {
    if let Some(offer) = save.offer.take() {
        session.project = Some(offer.project);
        session.history = crate::history::History::new_unsaved();
        save.recovery_written = true;
        session.revision += 1;
        let i = session.current;
        out.push(Cmd::SelectDocument(
            i.min(
                session
                    .project
                    .as_ref()
                    .map_or(0, |p| p.documents.len().saturating_sub(1)),
            ),
        ));
        say(
            out,
            false,
            "Restored the autosaved edits; save to keep them.",
        );
    }
}

fn when(t: Option<SystemTime>) -> String {
    t.map(|t| {
        chrono::DateTime::<chrono::Local>::from(t)
            .format("%Y-%m-%d %H:%M:%S")
            .to_string()
    })
    .unwrap_or_else(|| "an unknown time".into())
}

/// The dialogs: restore a recovery file, a save conflict, a changed file.
pub(super) fn dialogs_ui(ctx: &egui::Context, save: &mut SaveState, out: &mut Vec<Cmd>) {
    recovery_ui(ctx, save, out);
    conflict_ui(ctx, save, out);
}

fn recovery_ui(ctx: &egui::Context, save: &mut SaveState, out: &mut Vec<Cmd>) {
    let Some(offer) = &save.offer else { return };
    let mut choice = None;
    egui::Modal::new(egui::Id::unique("recovery_offer")).show(ctx, |ui| {
        ui.set_max_width(520.0);
        ui.heading("Recover unsaved work?");
        ui.label(format!(
            "Edits to this project were autosaved at {} but never saved to the project file.",
            when(offer.written)
        ));
        ui.label(format!("Restoring brings back: {}.", offer.summary));
        ui.weak(format!("Recovery file: {}", offer.path.display()));
        ui.horizontal(|ui| {
            if ui.button("Restore").clicked() {
                choice = Some(true);
            }
            if super::danger_button(ui, "Discard recovered edits").clicked() {
                choice = Some(false);
            }
        });
    });
    match choice {
        Some(true) => out.push(Cmd::RestoreRecovery),
        Some(false) => {
            if let Some(offer) = save.offer.take()
                && let Err(e) = recovery::remove(&offer.path)
            {
                say(
                    out,
                    true,
                    format!("Could not remove {}: {e}", offer.path.display()),
                );
            }
        }
        None => {}
    }
}

fn conflict_ui(ctx: &egui::Context, save: &mut SaveState, out: &mut Vec<Cmd>) {
    let Some(path) = save.conflict.clone() else {
        return;
    };
    let mut choice = None;
    egui::Modal::new(egui::Id::unique("save_conflict")).show(ctx, |ui| {
        ui.set_max_width(520.0);
        ui.heading("The project file changed on disk");
        ui.label(format!(
            "{} was saved by someone else (or another program) after you opened it. \
             Saving now would overwrite their work.",
            path.display()
        ));
        ui.horizontal(|ui| {
            if ui.button("Merge their changes into mine").clicked() {
                choice = Some(3);
            }
            if ui.button("Save as…").clicked() {
                choice = Some(0);
            }
            if super::danger_button(ui, "Overwrite theirs").clicked() {
                choice = Some(1);
            }
            if ui.button("Cancel").clicked() {
                choice = Some(2);
            }
        });
    });
    match choice {
        Some(0) => {
            save.conflict = None;
            out.push(Cmd::SaveAsDialog);
        }
        Some(1) => {
            save.conflict = None;
            out.push(Cmd::SaveAs(path));
        }
        Some(2) => save.conflict = None,
        Some(3) => {
            save.conflict = None;
            out.push(Cmd::MergeFromDisk);
        }
        _ => {}
    }
}

/// A bar over the article when the project file changed on disk.
pub(super) fn changed_bar_ui(
    ui: &mut egui::Ui,
    session: &Session,
    save: &mut SaveState,
    out: &mut Vec<Cmd>,
) {
    let Some(stamp) = save.changed_on_disk else {
        return;
    };
    let Some(path) = session.path.clone() else {
        return;
    };
    let mut dismiss = false;
    let mut merge = false;
    ui.horizontal(|ui| {
        ui.colored_label(
            ui.visuals().warn_fg_color,
            format!(
                "{} changed on disk (someone else saved it).",
                path.file_name().unwrap_or_default().to_string_lossy()
            ),
        );
        if session.is_dirty() {
            if ui.button("Merge their changes").clicked() {
                merge = true;
            }
        } else if ui.button("Reload").clicked() {
            out.push(Cmd::Open(path.clone()));
        }
        if ui.button("Ignore").clicked() {
            dismiss = true;
        }
    });
    if dismiss {
        save.dismissed = Some(stamp);
        save.changed_on_disk = None;
    }
    if merge {
        out.push(Cmd::MergeFromDisk);
    }
}
