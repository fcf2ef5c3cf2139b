//! Undo and redo over [`Edit`]s. "Unsaved changes" is derived from the
//! position in the history versus the position at the last save.

use crate::edit::{Edit, EditError};
use crate::model::Project;

/// One applied step: the edit and its inverse.
#[derive(Clone, Debug)]
struct Step {
    forward: Edit,
    inverse: Edit,
    /// Steps with the same key in a row merge into one (typing a note, dragging a color).
    coalesce: Option<String>,
    /// Unique among the steps of this history; renewed when the step grows.
    serial: u64,
}

/// A state of the history, taken when a snapshot of the project is saved in
/// the background: [`History::mark_saved_at`] marks it saved only if the
/// history is still in that very state.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Checkpoint {
    position: usize,
    /// Serial of the last applied step (0 when none is).
    serial: u64,
}

/// The history of edits applied to one project.
#[derive(Clone, Debug, Default)]
pub struct History {
    steps: Vec<Step>,
    /// Number of steps currently applied.
    position: usize,
    /// Position at the last save; `None` if that state can no longer be reached.
    saved: Option<usize>,
    /// Source of step serials.
    next_serial: u64,
}

impl History {
    /// An empty history whose current state counts as saved.
    pub fn new() -> Self {
        Self {
            steps: Vec::new(),
            position: 0,
            saved: Some(0),
            next_serial: 1,
        }
    }

    /// An empty history whose current state is not saved anywhere (a
    /// project restored from a recovery file).
    pub fn new_unsaved() -> Self {
        Self {
            saved: None,
            ..Self::new()
        }
    }

    fn serial(&mut self) -> u64 {
        self.next_serial += 1;
        self.next_serial
    }

    /// Applies `edit` to `project` as one undoable step (redo steps are dropped).
    pub fn apply(&mut self, project: &mut Project, edit: Edit) -> Result<(), EditError> {
        self.apply_coalescing(project, edit, None)
    }

    /// Like [`History::apply`], but if the last step has the same `key` (and
    /// nothing was undone or saved since), the two become one undo step.
    pub fn apply_coalescing(
        &mut self,
        project: &mut Project,
        edit: Edit,
        key: Option<String>,
    ) -> Result<(), EditError> {
        let inverse = edit.apply(project)?;
        let merge = key.is_some()
            && self.position == self.steps.len()
            && self.saved != Some(self.position)
            && self.steps.last().is_some_and(|s| s.coalesce == key);
        if merge && let Some(last) = self.steps.last_mut() {
            // Keep the oldest inverse: undo returns to before the first edit.
            last.forward = Edit::Batch(vec![last.forward.clone(), edit]);
            last.serial = self.next_serial + 1;
            self.next_serial += 1;
            return Ok(());
        }
        self.steps.truncate(self.position);
        if self.saved.is_some_and(|s| s > self.position) {
            self.saved = None;
        }
        let serial = self.serial();
        self.steps.push(Step {
            forward: edit,
            inverse,
            coalesce: key,
            serial,
        });
        self.position += 1;
        Ok(())
    }

    /// Undoes the last applied step. Returns whether there was one.
    pub fn undo(&mut self, project: &mut Project) -> Result<bool, EditError> {
        let Some(i) = self.position.checked_sub(1) else {
            return Ok(false);
        };
        let forward = self.steps[i].inverse.apply(project)?;
        // Re-record the forward edit as the inverse produced it (same effect).
        self.steps[i].forward = forward;
        self.position = i;
        Ok(true)
    }

    /// Redoes the next undone step. Returns whether there was one.
    pub fn redo(&mut self, project: &mut Project) -> Result<bool, EditError> {
        let Some(step) = self.steps.get_mut(self.position) else {
            return Ok(false);
        };
        step.inverse = step.forward.apply(project)?;
        self.position += 1;
        Ok(true)
    }

    /// The edit the next [`History::undo`] takes back (as it was applied).
    pub fn next_undo(&self) -> Option<&Edit> {
        Some(&self.steps.get(self.position.checked_sub(1)?)?.forward)
    }

    /// The edit the next [`History::redo`] applies again.
    pub fn next_redo(&self) -> Option<&Edit> {
        Some(&self.steps.get(self.position)?.forward)
    }

    /// Whether there is a step to undo.
    pub fn can_undo(&self) -> bool {
        self.position > 0
    }

    /// Whether there is a step to redo.
    pub fn can_redo(&self) -> bool {
        self.position < self.steps.len()
    }

    /// Marks the current state as saved.
    pub fn mark_saved(&mut self) {
        self.saved = Some(self.position);
    }

    /// The current state, to be marked saved later by [`History::mark_saved_at`].
    pub fn checkpoint(&self) -> Checkpoint {
        let serial = match self.position {
            0 => 0,
            p => self.steps[p - 1].serial,
        };
        Checkpoint {
            position: self.position,
            serial,
        }
    }

    /// Marks the state of `cp` as saved if the history still holds it (the
    /// current state or one reachable by undo/redo). Returns whether it did.
    pub fn mark_saved_at(&mut self, cp: Checkpoint) -> bool {
        let same = match cp.position {
            0 => true,
            p => self.steps.get(p - 1).is_some_and(|s| s.serial == cp.serial),
        };
        if same {
            self.saved = Some(cp.position);
        }
        same
    }

    /// Whether the project differs from what was last saved.
    pub fn is_dirty(&self) -> bool {
        self.saved != Some(self.position)
    }

    /// Number of steps currently applied.
    pub fn position(&self) -> usize {
        self.position
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{CreationInfo, Document, Span, Status};

    fn project() -> Project {
        let mut p = Project::new("p", CreationInfo::now("t"));
        p.documents
            .push(Document::new("d", "t", "Seoul and Washington agreed."));
        p
    }

    fn add(id: &str, start: usize, end: usize) -> Edit {
        Edit::AddSpan {
            doc: "d".into(),
            span: Span::new(id, start, end, "entity"),
            relations: vec![],
        }
    }

    #[test]
    fn undo_redo_chain_and_dirty_flag() {
        let mut p = project();
        let original = p.clone();
        let mut h = History::new();
        assert!(!h.is_dirty());
        h.apply(&mut p, add("a", 0, 5)).unwrap();
        h.apply(&mut p, add("b", 10, 20)).unwrap();
        h.mark_saved();
        h.apply(
            &mut p,
            Edit::SetStatus {
                doc: "d".into(),
                status: Status::Done,
            },
        )
        .unwrap();
        assert!(h.is_dirty());
        let final_state = p.clone();
        assert!(h.undo(&mut p).unwrap());
        assert!(!h.is_dirty(), "back at the saved state");
        while h.undo(&mut p).unwrap() {}
        assert_eq!(p, original);
        assert!(h.is_dirty());
        while h.redo(&mut p).unwrap() {}
        assert_eq!(p, final_state);
        assert!(!h.can_redo());
    }

    #[test]
    fn a_new_edit_after_undo_drops_redo_and_the_saved_state() {
        let mut p = project();
        let mut h = History::new();
        h.apply(&mut p, add("a", 0, 5)).unwrap();
        h.mark_saved();
        h.undo(&mut p).unwrap();
        h.apply(&mut p, add("b", 10, 20)).unwrap();
        assert!(!h.can_redo());
        assert!(h.is_dirty());
        h.undo(&mut p).unwrap();
        assert!(h.is_dirty(), "the saved state (with span a) is gone");
    }

    #[test]
    fn coalesced_edits_undo_in_one_step() {
        let mut p = project();
        let mut h = History::new();
        let note = |n: &str| Edit::SetDocumentNote {
            doc: "d".into(),
            note: n.into(),
        };
        let key = || Some("note:d".to_owned());
        h.apply_coalescing(&mut p, note("a"), key()).unwrap();
        h.apply_coalescing(&mut p, note("ab"), key()).unwrap();
        h.apply_coalescing(&mut p, note("abc"), key()).unwrap();
        assert_eq!(h.position(), 1);
        h.undo(&mut p).unwrap();
        assert_eq!(p.documents[0].note, "");
        h.redo(&mut p).unwrap();
        assert_eq!(p.documents[0].note, "abc");
        h.apply_coalescing(&mut p, note("x"), Some("other".into()))
            .unwrap();
        assert_eq!(h.position(), 2);
    }

    #[test]
    fn a_checkpoint_is_marked_saved_only_while_its_state_exists() {
        let mut p = project();
        let mut h = History::new();
        h.apply(&mut p, add("a", 0, 5)).unwrap();
        let cp = h.checkpoint();
        // Edits made while the background save runs stay unsaved.
        h.apply(&mut p, add("b", 10, 20)).unwrap();
        assert!(h.mark_saved_at(cp));
        assert!(h.is_dirty());
        h.undo(&mut p).unwrap();
        assert!(!h.is_dirty(), "the saved state is one undo away");

        // Undo, then a different edit at the same position: not that state.
        let cp = h.checkpoint();
        h.undo(&mut p).unwrap();
        h.apply(&mut p, add("c", 6, 9)).unwrap();
        assert!(!h.mark_saved_at(cp));
        assert!(h.is_dirty());

        // A coalesced step that grew after the snapshot is not that state.
        let key = || Some("note".to_owned());
        let note = |n: &str| Edit::SetDocumentNote {
            doc: "d".into(),
            note: n.into(),
        };
        h.apply_coalescing(&mut p, note("a"), key()).unwrap();
        let cp = h.checkpoint();
        h.apply_coalescing(&mut p, note("ab"), key()).unwrap();
        assert!(!h.mark_saved_at(cp));
        assert!(h.is_dirty());
        assert!(History::new_unsaved().is_dirty());
    }

    #[test]
    fn a_failed_edit_is_not_recorded() {
        let mut p = project();
        let mut h = History::new();
        assert!(h.apply(&mut p, add("a", 0, 500)).is_err());
        assert!(!h.can_undo());
        assert!(!h.is_dirty());
    }
}
