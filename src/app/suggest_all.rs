//! "Suggest in every document": the suggesters over the whole project on a
//! worker thread (with progress and Cancel), added as one undoable edit.

use super::{MarginaliaApp, progress_window, worker};
use crate::edit::Edit;
use crate::model::IdGen;
use egui::Context;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::mpsc::{Receiver, TryRecvError};

/// What the worker sends back: the edit adding the suggestions and how many
/// there are, `None` when cancelled, or an error message.
type Outcome = Result<Option<(Edit, usize)>, String>;

/// A running project-wide suggestion job.
pub struct SuggestJob {
    rx: Receiver<Outcome>,
    done: Arc<AtomicUsize>,
    total: usize,
    cancel: Arc<AtomicBool>,
}

/// Starts suggesting over every document of a snapshot of the project.
pub(super) fn start(app: &mut MarginaliaApp) {
    if app.suggest_job.is_some() {
        app.info("Already suggesting…");
        return;
    }
    let Some(snapshot) = app.session.project.clone() else {
        return;
    };
    let total = snapshot.documents.len();
    let done = Arc::new(AtomicUsize::new(0));
    let cancel = Arc::new(AtomicBool::new(false));
    let (d, c) = (done.clone(), cancel.clone());
    let rx = worker(
        move || {
            let found = crate::suggest::suggest_all_with_progress(&snapshot, &mut |n, _| {
                d.store(n, Ordering::Relaxed);
                !c.load(Ordering::Relaxed)
            })
            .map_err(|e| e.to_string())?;
            Ok(found.map(|found| {
                let n = found.len();
                let edit = crate::suggest::add_suggestions(&snapshot, &found, &mut IdGen::new());
                (edit, n)
            }))
        },
        |what| Err(format!("internal error ({what}); nothing was changed")),
    );
    app.suggest_job = Some(SuggestJob {
        rx,
        done,
        total,
        cancel,
    });
}

/// Shows the progress and applies the result when the job is done.
pub(super) fn suggest_all_ui(app: &mut MarginaliaApp, ctx: &Context) {
    let Some(job) = &app.suggest_job else { return };
    match job.rx.try_recv() {
        Err(TryRecvError::Empty) => {
            let done = job.done.load(Ordering::Relaxed);
            let window = egui::Window::new("Suggesting")
                .anchor(egui::Align2::CENTER_TOP, egui::vec2(0.0, 120.0));
            if progress_window(ctx, window, (done, job.total, "documents"), "Cancel") {
                job.cancel.store(true, Ordering::Relaxed);
            }
        }
        Err(TryRecvError::Disconnected) => {
            app.suggest_job = None;
            app.error("Suggest: the worker stopped; nothing was changed.");
        }
        Ok(outcome) => {
            app.suggest_job = None;
            match outcome {
                Ok(Some((_, 0))) => app.info("No new suggestions in the project."),
                Ok(Some((edit, n))) => {
                    if app.apply(edit, None) {
                        app.info(format!(
                            "{n} suggestion(s) in the project: review them document by document (Enter accepts, Backspace rejects)."
                        ));
                    }
                }
                Ok(None) => app.info("Suggest cancelled; nothing was changed."),
                Err(e) => app.error(format!("Suggest: {e}")),
            }
        }
    }
}
