//! "Learn": the learned suggester trained on a snapshot of the project on a
//! worker thread (the window never waits), on request and whenever a
//! document is marked done; its model is saved beside the project.

use super::job::{Job, Poll};
use super::{Cmd, Session};
use crate::suggest::learned::{self, Model};
use std::sync::Arc;

/// A running training, and the project file it trains for.
pub struct LearnJob {
    job: Job<Result<Model, String>>,
    path: Option<std::path::PathBuf>,
    /// Asked again while running (a document marked done meanwhile).
    pub again: bool,
}

/// Starts training on a snapshot of the project; while one runs, another
/// follows it.
pub(super) fn start(session: &Session, slot: &mut Option<LearnJob>) {
    if let Some(j) = slot {
        j.again = true;
        return;
    }
    let Some(snapshot) = session.project.clone() else {
        return;
    };
    *slot = Some(LearnJob {
        job: Job::spawn(
            move |_| learned::learn(&snapshot, None).map_err(|e| e.to_string()),
            |what| Err(format!("internal error ({what})")),
        ),
        path: session.path.clone(),
        again: false,
    });
}

/// Takes a finished training's model into use, if the same project is
/// still open.
pub(super) fn poll(slot: &mut Option<LearnJob>, session: &Session, out: &mut Vec<Cmd>) {
    let Some(j) = slot else { return };
    let result = match j.job.poll() {
        Poll::Running => return,
        Poll::Lost => Err("the worker stopped".to_owned()),
        Poll::Done(r) => r,
    };
    let (same, again) = (j.path == session.path, j.again);
    *slot = None;
    match result {
        Ok(model) if same => out.push(Cmd::Learned(Arc::new(model))),
        Ok(_) => {}
        Err(e) => out.push(Cmd::Say(format!("Learn: {e}"), true)),
    }
    if again && same {
        out.push(Cmd::Learn);
    }
}

/// Takes `model` into use, saves it beside the project, and says what it
/// learned.
pub(super) fn learned(session: &mut Session, model: Arc<Model>) {
    let summary: Vec<String> = model
        .labels
        .iter()
        .map(|(l, m)| format!("{l} F1 {:.2} ({} spans)", m.scores.f1, m.train_spans))
        .collect();
    if summary.is_empty() {
        session.info(format!(
            "Learn: nothing to learn from yet (a label needs {} accepted spans; mark fully labelled documents done).",
            learned::MIN_SPANS
        ));
    } else {
        session.info(format!("Learned: {}.", summary.join(", ")));
    }
    if let Some(path) = &session.path
        && let Err(e) = learned::save(&model, &learned::model_path(path))
    {
        session.error(format!("Learn: could not save the model: {e}"));
    }
    session.learned = Some(model);
}

/// Reads the model saved beside the project at `path`, if any (a damaged
/// one is left for the next training to replace).
pub(super) fn load_beside(session: &mut Session) {
    session.learned = session
        .path
        .as_deref()
        .and_then(|p| learned::load(&learned::model_path(p)).ok().flatten())
        .map(Arc::new);
}
