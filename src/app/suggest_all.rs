//! "Suggest in every document": the suggesters over the whole project on a
//! worker thread (with progress and Cancel), added as one undoable edit.

use super::job::{Job, Poll};
use super::{Cmd, Session, progress_window};
use crate::edit::Edit;
use crate::model::IdGen;
use egui::Context;

/// What the worker sends back: the edit adding the suggestions and how many
/// there are, `None` when cancelled, or an error message.
type Outcome = Result<Option<(Edit, usize)>, String>;

/// A running project-wide suggestion job.
pub type SuggestJob = Job<Outcome>;

/// Starts suggesting over every document of a snapshot of the project.
pub(super) fn start(session: &Session, slot: &mut Option<SuggestJob>, out: &mut Vec<Cmd>) {
    if slot.is_some() {
        out.push(Cmd::Say("Already suggesting…".into(), false));
        return;
    }
    let Some(snapshot) = session.project.clone() else {
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
    *slot = Some(job);
}

/// Shows the progress and applies the result when the job is done.
pub(super) fn suggest_all_ui(ctx: &Context, slot: &mut Option<SuggestJob>, out: &mut Vec<Cmd>) {
    let Some(job) = slot else { return };
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
            *slot = None;
            out.push(Cmd::Say(
                "Suggest: the worker stopped; nothing was changed.".into(),
                true,
            ));
        }
        Poll::Done(outcome) => {
            *slot = None;
            match outcome {
                Ok(Some((_, 0))) => {
                    out.push(Cmd::Say("No new suggestions in the project.".into(), false));
                }
                Ok(Some((edit, n))) => {
                    out.push(Cmd::Apply(edit));
                    out.push(Cmd::Say(
                        format!(
                            "{n} suggestion(s) in the project: review them document by document; the document list counts them (✎)."
                        ),
                        false,
                    ));
                }
                Ok(None) => out.push(Cmd::Say(
                    "Suggest cancelled; nothing was changed.".into(),
                    false,
                )),
                Err(e) => out.push(Cmd::Say(format!("Suggest: {e}"), true)),
            }
        }
    }
}
