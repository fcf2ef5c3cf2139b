//! "Suggest in every document": the suggesters over the whole project on a
//! worker thread (with progress and Cancel), added as one undoable edit.

use super::job::{Job, Poll};
use super::{Cmd, MarginaliaApp, progress_window};
use crate::edit::Edit;
use crate::model::IdGen;
use egui::Context;

/// What the worker sends back: the edit adding the suggestions and how many
/// there are, `None` when cancelled, or an error message.
type Outcome = Result<Option<(Edit, usize)>, String>;

/// A running project-wide suggestion job.
pub type SuggestJob = Job<Outcome>;

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
    let job = Job::spawn(
        move |progress| {
            let found = crate::suggest::suggest_all_with_progress(&snapshot, &mut |n, _| {
                progress.set(n, total)
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
    app.suggest_job = Some(job);
}

/// Shows the progress and applies the result when the job is done.
pub(super) fn suggest_all_ui(app: &mut MarginaliaApp, ctx: &Context) {
    let Some(job) = &app.suggest_job else { return };
    match job.poll() {
        Poll::Running => {
            let (done, total) = job.progress();
            let window = egui::Window::new("Suggesting")
                .anchor(egui::Align2::CENTER_TOP, egui::vec2(0.0, 120.0));
            if progress_window(ctx, window, (done, total, "documents"), "Cancel") {
                job.cancel();
            }
        }
        Poll::Lost => {
            app.suggest_job = None;
            app.error("Suggest: the worker stopped; nothing was changed.");
        }
        Poll::Done(outcome) => {
            app.suggest_job = None;
            match outcome {
                Ok(Some((_, 0))) => app.info("No new suggestions in the project."),
                Ok(Some((edit, n))) => {
                    app.push(Cmd::Apply(edit));
                    app.info(format!(
                        "{n} suggestion(s) in the project: review them document by document (Enter accepts, Backspace rejects)."
                    ));
                }
                Ok(None) => app.info("Suggest cancelled; nothing was changed."),
                Err(e) => app.error(format!("Suggest: {e}")),
            }
        }
    }
}
