//! Edits: every change to a project is an [`Edit`] applied to the model.
//!
//! Applying an edit checks it against the project and returns its inverse,
//! which [`crate::history::History`] keeps for undo. An edit that fails changes
//! nothing.

use crate::model::{Document, Label, Project, Relation, Span, Status};
use thiserror::Error;

/// One change to a project. Compound user intents are a [`Edit::Batch`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Edit {
    /// Adds a span (and relations that come back with it on undo of a removal).
    AddSpan {
        /// Document id.
        doc: String,
        /// The new span; its id must be free.
        span: Span,
        /// Relations to restore along with it.
        relations: Vec<Relation>,
    },
    /// Removes a span and every relation that uses it.
    RemoveSpan {
        /// Document id.
        doc: String,
        /// Span id.
        span_id: String,
    },
    /// Replaces the span with the same id (relabel, resize, note, attributes).
    UpdateSpan {
        /// Document id.
        doc: String,
        /// The span's new state.
        span: Span,
    },
    /// Adds a relation between two spans.
    AddRelation {
        /// Document id.
        doc: String,
        /// The new relation.
        relation: Relation,
    },
    /// Removes a relation.
    RemoveRelation {
        /// Document id.
        doc: String,
        /// Relation id.
        relation_id: String,
    },
    /// Sets a document's workflow status.
    SetStatus {
        /// Document id.
        doc: String,
        /// New status.
        status: Status,
    },
    /// Sets a document's note.
    SetDocumentNote {
        /// Document id.
        doc: String,
        /// New note.
        note: String,
    },
    /// Inserts a span label at a position of the label list.
    AddLabel {
        /// Position (clamped to the list length).
        index: usize,
        /// The label; its name must be free.
        label: Label,
    },
    /// Replaces the label named `name`; a new name renames it on every span.
    ReplaceLabel {
        /// Current name.
        name: String,
        /// New definition.
        label: Label,
    },
    /// Moves a label to another position (hotkeys follow).
    MoveLabel {
        /// Current position.
        from: usize,
        /// New position.
        to: usize,
    },
    /// Removes a label and every span that has it.
    RemoveLabel {
        /// Label name.
        name: String,
    },
    /// Inserts a document (an import) at a position of the document list.
    AddDocument {
        /// Position (clamped to the list length).
        index: usize,
        /// The document; its id must be free.
        document: Box<Document>,
    },
    /// Removes a document.
    RemoveDocument {
        /// Document id.
        doc: String,
    },
    /// Inserts a relation label.
    AddRelationLabel {
        /// Position (clamped to the list length).
        index: usize,
        /// The label; its name must be free.
        label: Label,
    },
    /// Removes a relation label no relation uses.
    RemoveRelationLabel {
        /// Label name.
        name: String,
    },
    /// Remembers a rejected suggestion (kept sorted).
    AddRejected {
        /// Document id.
        doc: String,
        /// What was rejected.
        rejected: crate::model::Rejected,
    },
    /// Forgets a rejected suggestion.
    RemoveRejected {
        /// Document id.
        doc: String,
        /// What was rejected.
        rejected: crate::model::Rejected,
    },
    /// Sets a document's choices of one document label set (none: unset).
    SetDocLabels {
        /// Document id.
        doc: String,
        /// Set name.
        set: String,
        /// The chosen choices.
        choices: Vec<String>,
    },
    /// Adds, replaces (same id: a reply, resolving, reopening) or, with
    /// `None`, removes a discussion thread.
    SetThread {
        /// Document id.
        doc: String,
        /// Thread id.
        id: String,
        /// Its new state.
        thread: Option<crate::model::Thread>,
    },
    /// Signs a document off after review (or takes the sign-off back).
    SetReview {
        /// Document id.
        doc: String,
        /// The sign-off.
        review: Option<crate::model::Review>,
    },
    /// Sets who a document is for.
    SetAssignees {
        /// Document id.
        doc: String,
        /// The analysts (none: unassigned).
        assignees: Vec<String>,
    },
    /// Sets the other analysts' choices of a set a merge found (none: the
    /// disagreement is settled).
    SetDisputed {
        /// Document id.
        doc: String,
        /// Set name.
        set: String,
        /// Their choices, one list per alternative.
        alternatives: Vec<Vec<String>>,
    },
    /// Replaces the project's document label sets (add, rename, recolor,
    /// reorder, delete: the editor pairs it with the documents' changes).
    SetDocLabelSets(Vec<crate::model::DocLabelSet>),
    /// Adds, replaces or, with `None`, removes a saved query (they are kept
    /// sorted by name).
    SetSavedQuery {
        /// Its name.
        name: String,
        /// The query (checked to parse).
        query: Option<String>,
    },
    /// Adds, replaces (same id) or, with `None`, removes a registry entry.
    SetEntity {
        /// Entry id.
        id: String,
        /// Its new state.
        entity: Option<crate::model::Entity>,
    },
    /// Replaces the whole project (a merge with a colleague's copy): one
    /// undo step back to the state before. Document texts are shared, so
    /// this keeps a copy of the annotations only.
    ReplaceProject(Box<Project>),
    /// Several edits as one step of undo.
    Batch(Vec<Edit>),
}

/// What an edit touches, to bring it into view (after an undo, say).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Focus {
    /// The document.
    pub doc: String,
    /// The span, if the edit is about one.
    pub span: Option<String>,
    /// Where in the document (code point), when known.
    pub at: Option<usize>,
}

impl Edit {
    /// The document and span this edit touches; the first that has one in
    /// a batch; `None` for edits of the label set or the whole project.
    pub fn focus(&self) -> Option<Focus> {
        let on = |doc: &String, span: Option<&String>, at: Option<usize>| {
            Some(Focus {
                doc: doc.clone(),
                span: span.cloned(),
                at,
            })
        };
        match self {
            Edit::AddSpan { doc, span, .. } | Edit::UpdateSpan { doc, span } => {
                on(doc, Some(&span.id), Some(span.start))
            }
            Edit::RemoveSpan { doc, span_id } => on(doc, Some(span_id), None),
            Edit::AddRelation { doc, relation } => on(doc, Some(&relation.head), None),
            Edit::RemoveRelation { doc, .. }
            | Edit::SetStatus { doc, .. }
            | Edit::SetDocumentNote { doc, .. }
            | Edit::AddRejected { doc, .. }
            | Edit::RemoveRejected { doc, .. }
            | Edit::SetDocLabels { doc, .. }
            | Edit::SetDisputed { doc, .. }
            | Edit::SetAssignees { doc, .. }
            | Edit::SetReview { doc, .. }
            | Edit::SetThread { doc, .. }
            | Edit::RemoveDocument { doc } => on(doc, None, None),
            Edit::AddDocument { document, .. } => on(&document.id, None, None),
            Edit::Batch(edits) => edits.iter().find_map(Edit::focus),
            Edit::AddLabel { .. }
            | Edit::ReplaceLabel { .. }
            | Edit::MoveLabel { .. }
            | Edit::RemoveLabel { .. }
            | Edit::AddRelationLabel { .. }
            | Edit::RemoveRelationLabel { .. }
            | Edit::SetDocLabelSets(_)
            | Edit::SetSavedQuery { .. }
            | Edit::SetEntity { .. }
            | Edit::ReplaceProject(_) => None,
        }
    }
}

/// Puts `new` in sorted list `v` at `at` (a binary search's result: an
/// item found there is replaced), or with `None` removes the item found.
/// Returns what was there; `None` when there was nothing to remove.
fn set_sorted<T: Clone>(
    v: &mut Vec<T>,
    at: Result<usize, usize>,
    new: Option<&T>,
) -> Option<Option<T>> {
    Some(match (at, new) {
        (Ok(i), Some(x)) => Some(std::mem::replace(&mut v[i], x.clone())),
        (Err(i), Some(x)) => {
            v.insert(i, x.clone());
            None
        }
        (Ok(i), None) => Some(v.remove(i)),
        (Err(_), None) => return None,
    })
}

impl Edit {
    /// A few words on what the edit does to `project` (as it is before the
    /// edit or its undo), for "Undid: …" ("add quote “We won’t hesitate…”");
    /// a batch is described by its first edit.
    pub fn describe(&self, project: &Project) -> String {
        let excerpt = |doc: &str, s: &Span| {
            let text = project
                .document(doc)
                .and_then(|d| crate::model::text::slice_chars(&d.text, s.start, s.end))
                .unwrap_or("");
            let mut t: String = text.chars().take(40).collect();
            if text.chars().count() > 40 {
                t.push('…');
            }
            format!("{} “{}”", s.label, t.replace('\n', " "))
        };
        match self {
            Edit::AddSpan { doc, span, .. } => format!("add {}", excerpt(doc, span)),
            Edit::RemoveSpan { doc, span_id } => {
                match project.document(doc).and_then(|d| d.span(span_id)) {
                    Some(s) => format!("delete {}", excerpt(doc, s)),
                    None => "delete a span".into(),
                }
            }
            Edit::UpdateSpan { doc, span } => format!("change {}", excerpt(doc, span)),
            Edit::AddRelation { relation, .. } => format!("link ({})", relation.label),
            Edit::RemoveRelation { .. } => "remove a link".into(),
            Edit::SetStatus { status, .. } => format!("mark {}", status.as_str()),
            Edit::SetDocumentNote { .. } => "document note".into(),
            Edit::AddLabel { label, .. } => format!("add label {}", label.name),
            Edit::ReplaceLabel { name, .. } => format!("change label {name}"),
            Edit::MoveLabel { .. } => "reorder labels".into(),
            Edit::RemoveLabel { name } => format!("delete label {name}"),
            Edit::AddDocument { document, .. } => format!("add document {:?}", document.title),
            Edit::RemoveDocument { .. } => "remove a document".into(),
            Edit::AddRelationLabel { label, .. } => format!("add relation label {}", label.name),
            Edit::RemoveRelationLabel { name } => format!("delete relation label {name}"),
            Edit::AddRejected { .. } | Edit::RemoveRejected { .. } => "reject a suggestion".into(),
            Edit::SetDocLabels { set, choices, .. } => {
                if choices.is_empty() {
                    format!("clear {set}")
                } else {
                    format!("{set}: {}", choices.join(", "))
                }
            }
            Edit::SetDocLabelSets(_) => "document label sets".into(),
            Edit::SetSavedQuery { name, query } => match query {
                Some(_) => format!("save the query {name:?}"),
                None => format!("delete the saved query {name:?}"),
            },
            Edit::SetDisputed { set, .. } => format!("settle {set}"),
            Edit::SetThread { thread, .. } => match thread {
                Some(t) if t.resolved => "resolve a thread".into(),
                Some(_) => "comment".into(),
                None => "delete a thread".into(),
            },
            Edit::SetReview { review, .. } => {
                if review.is_some() {
                    "mark reviewed".into()
                } else {
                    "take the review back".into()
                }
            }
            Edit::SetAssignees { assignees, .. } => {
                if assignees.is_empty() {
                    "unassign".into()
                } else {
                    format!("assign to {}", assignees.join(", "))
                }
            }
            Edit::SetEntity { id, entity } => match (entity, project.entity(id)) {
                (Some(e), None) => format!("new entry {}", e.name),
                (Some(e), Some(_)) => format!("change entry {}", e.name),
                (None, Some(old)) => format!("delete entry {}", old.name),
                (None, None) => "registry".into(),
            },
            Edit::ReplaceProject(_) => "merge".into(),
            Edit::Batch(edits) => match edits.as_slice() {
                [] => "nothing".into(),
                [one] => one.describe(project),
                [first, rest @ ..] => {
                    let same = rest
                        .iter()
                        .all(|e| std::mem::discriminant(e) == std::mem::discriminant(first));
                    if same && matches!(first, Edit::AddSpan { .. } | Edit::AddDocument { .. }) {
                        format!("{} (and {} more)", first.describe(project), rest.len())
                    } else {
                        first.describe(project)
                    }
                }
            },
        }
    }
}

/// Why an edit could not be applied.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum EditError {
    /// No document with that id.
    #[error("no document {0:?}")]
    NoDocument(String),
    /// No span or relation with that id in the document.
    #[error("no span or relation {0:?} in this document")]
    NoItem(String),
    /// The id is already taken.
    #[error("id {0:?} is already used")]
    DuplicateId(String),
    /// No label of that name.
    #[error("no label {0:?}")]
    NoLabel(String),
    /// A label of that name exists.
    #[error("a label named {0:?} exists already")]
    DuplicateLabel(String),
    /// Offsets outside the text or empty.
    #[error("span {start}..{end} does not fit a text of {len} code points")]
    BadRange {
        /// Start offset.
        start: usize,
        /// End offset.
        end: usize,
        /// Text length in code points.
        len: usize,
    },
    /// A relation must join two different existing spans.
    #[error("a relation needs two different spans of the document")]
    BadRelation,
    /// Relations still use this label.
    #[error("relation label {0:?} is still used")]
    LabelInUse(String),
    /// A label name is empty or only white space.
    #[error("a label needs a name")]
    EmptyName,
    /// A label name has characters names may not have.
    #[error("{0}")]
    BadName(String),
    /// A document brought along spans that do not fit it.
    #[error("document {doc:?}: {problem}")]
    BadDocument {
        /// Document id.
        doc: String,
        /// What is wrong.
        problem: String,
    },
    /// A label position is out of range.
    #[error("label position {0} is out of range")]
    BadIndex(usize),
}

/// The document `id`, looked up at `hint` first (the document the previous
/// edit of a batch touched: a batch of 100,000 spans over 10,000 documents
/// then finds each in one step), then by a scan; `hint` becomes its index.
fn doc_mut<'a>(
    p: &'a mut Project,
    id: &str,
    hint: &mut usize,
) -> Result<&'a mut crate::model::Document, EditError> {
    if p.documents.get(*hint).is_none_or(|d| d.id != id) {
        *hint = p
            .documents
            .iter()
            .position(|d| d.id == id)
            .ok_or_else(|| EditError::NoDocument(id.to_owned()))?;
    }
    Ok(&mut p.documents[*hint])
}

/// A document to add must be valid in the project as it is.
fn check_document(project: &Project, document: &Document) -> Result<(), EditError> {
    let mut scratch = project.clone_without_documents();
    scratch.documents.push(document.clone());
    match crate::model::validate(&scratch).into_iter().next() {
        None => Ok(()),
        Some(problem) => Err(EditError::BadDocument {
            doc: document.id.clone(),
            problem: problem.to_string(),
        }),
    }
}

fn check_range(text: &str, span: &Span) -> Result<(), EditError> {
    // A text of n bytes has at least n / 4 code points: most spans are
    // checked without counting.
    let fits = |end: usize| end <= text.len() / 4 || end <= text.chars().count();
    if span.start < span.end && fits(span.end) {
        Ok(())
    } else {
        Err(EditError::BadRange {
            start: span.start,
            end: span.end,
            len: text.chars().count(),
        })
    }
}

impl Edit {
    /// Applies the edit to `project` and returns the edit that undoes it.
    /// On error the project is unchanged.
    pub fn apply(&self, project: &mut Project) -> Result<Edit, EditError> {
        self.apply_in(project, &mut 0)
    }

    /// [`Edit::apply`], finding documents from `hint` on (see [`doc_mut`]).
    fn apply_in(&self, project: &mut Project, hint: &mut usize) -> Result<Edit, EditError> {
        match self {
            Edit::AddSpan {
                doc,
                span,
                relations,
            } => {
                if project.label(&span.label).is_none() {
                    return Err(EditError::NoLabel(span.label.clone()));
                }
                if let Some(e) = &span.entity
                    && project.entity(e).is_none()
                {
                    return Err(EditError::NoItem(e.clone()));
                }
                for k in span.attributes.keys() {
                    crate::model::check_name("attribute", k).map_err(EditError::BadName)?;
                }
                let d = doc_mut(project, doc, hint)?;
                check_range(&d.text, span)?;
                if d.span(&span.id).is_some() || d.relation(&span.id).is_some() {
                    return Err(EditError::DuplicateId(span.id.clone()));
                }
                for r in relations {
                    let ends = [&r.head, &r.child];
                    if r.head == r.child
                        || ends
                            .iter()
                            .any(|id| **id != span.id && d.span(id).is_none())
                        || d.relation(&r.id).is_some()
                    {
                        return Err(EditError::BadRelation);
                    }
                }
                d.insert_span(span.clone());
                for r in relations {
                    d.insert_relation(r.clone());
                }
                Ok(Edit::RemoveSpan {
                    doc: doc.clone(),
                    span_id: span.id.clone(),
                })
            }
            Edit::RemoveSpan { doc, span_id } => {
                let d = doc_mut(project, doc, hint)?;
                let i = d
                    .span_index(span_id)
                    .ok_or_else(|| EditError::NoItem(span_id.clone()))?;
                let span = d.spans.remove(i);
                let (gone, kept) = std::mem::take(&mut d.relations)
                    .into_iter()
                    .partition(|r| r.head == *span_id || r.child == *span_id);
                d.relations = kept;
                Ok(Edit::AddSpan {
                    doc: doc.clone(),
                    span,
                    relations: gone,
                })
            }
            Edit::UpdateSpan { doc, span } => {
                if project.label(&span.label).is_none() {
                    return Err(EditError::NoLabel(span.label.clone()));
                }
                if let Some(e) = &span.entity
                    && project.entity(e).is_none()
                {
                    return Err(EditError::NoItem(e.clone()));
                }
                let d = doc_mut(project, doc, hint)?;
                check_range(&d.text, span)?;
                let i = d
                    .span_index(&span.id)
                    .ok_or_else(|| EditError::NoItem(span.id.clone()))?;
                for k in span.attributes.keys() {
                    if !d.spans[i].attributes.contains_key(k) {
                        crate::model::check_name("attribute", k).map_err(EditError::BadName)?;
                    }
                }
                let old = d.spans.remove(i);
                d.insert_span(span.clone());
                Ok(Edit::UpdateSpan {
                    doc: doc.clone(),
                    span: old,
                })
            }
            Edit::AddRelation { doc, relation } => {
                if project.relation_label(&relation.label).is_none() {
                    return Err(EditError::NoLabel(relation.label.clone()));
                }
                let d = doc_mut(project, doc, hint)?;
                if relation.head == relation.child
                    || d.span(&relation.head).is_none()
                    || d.span(&relation.child).is_none()
                {
                    return Err(EditError::BadRelation);
                }
                if d.relation(&relation.id).is_some() || d.span(&relation.id).is_some() {
                    return Err(EditError::DuplicateId(relation.id.clone()));
                }
                d.insert_relation(relation.clone());
                Ok(Edit::RemoveRelation {
                    doc: doc.clone(),
                    relation_id: relation.id.clone(),
                })
            }
            Edit::RemoveRelation { doc, relation_id } => {
                let d = doc_mut(project, doc, hint)?;
                let i = d
                    .relations
                    .iter()
                    .position(|r| r.id == *relation_id)
                    .ok_or_else(|| EditError::NoItem(relation_id.clone()))?;
                let relation = d.relations.remove(i);
                Ok(Edit::AddRelation {
                    doc: doc.clone(),
                    relation,
                })
            }
            Edit::SetStatus { doc, status } => {
                let d = doc_mut(project, doc, hint)?;
                let old = std::mem::replace(&mut d.status, *status);
                let undo = Edit::SetStatus {
                    doc: doc.clone(),
                    status: old,
                };
                // A document taken out of "done" is no longer reviewed; undo
                // brings the review back with the status.
                match d.review.take() {
                    Some(r) if *status != Status::Done => Ok(Edit::Batch(vec![
                        undo,
                        Edit::SetReview {
                            doc: doc.clone(),
                            review: Some(r),
                        },
                    ])),
                    r => {
                        d.review = r;
                        Ok(undo)
                    }
                }
            }
            Edit::SetDocumentNote { doc, note } => {
                let d = doc_mut(project, doc, hint)?;
                let old = std::mem::replace(&mut d.note, note.clone());
                Ok(Edit::SetDocumentNote {
                    doc: doc.clone(),
                    note: old,
                })
            }
            Edit::AddLabel { index, label } => {
                if label.name.trim().is_empty() {
                    return Err(EditError::EmptyName);
                }
                crate::model::check_name("label", &label.name).map_err(EditError::BadName)?;
                if project.label(&label.name).is_some() {
                    return Err(EditError::DuplicateLabel(label.name.clone()));
                }
                let at = (*index).min(project.labels.len());
                project.labels.insert(at, label.clone());
                Ok(Edit::RemoveLabel {
                    name: label.name.clone(),
                })
            }
            Edit::ReplaceLabel { name, label } => {
                let i = project
                    .label_index(name)
                    .ok_or_else(|| EditError::NoLabel(name.clone()))?;
                if label.name.trim().is_empty() {
                    return Err(EditError::EmptyName);
                }
                if label.name != *name {
                    crate::model::check_name("label", &label.name).map_err(EditError::BadName)?;
                }
                if label.name != *name && project.label(&label.name).is_some() {
                    return Err(EditError::DuplicateLabel(label.name.clone()));
                }
                let old = std::mem::replace(&mut project.labels[i], label.clone());
                if label.name != *name {
                    for d in &mut project.documents {
                        let mut touched = false;
                        for s in d.spans.iter_mut().filter(|s| s.label == *name) {
                            s.label.clone_from(&label.name);
                            touched = true;
                        }
                        if touched {
                            d.sort_spans();
                        }
                    }
                }
                Ok(Edit::ReplaceLabel {
                    name: label.name.clone(),
                    label: old,
                })
            }
            Edit::MoveLabel { from, to } => {
                let n = project.labels.len();
                if *from >= n {
                    return Err(EditError::BadIndex(*from));
                }
                if *to >= n {
                    return Err(EditError::BadIndex(*to));
                }
                let l = project.labels.remove(*from);
                project.labels.insert(*to, l);
                Ok(Edit::MoveLabel {
                    from: *to,
                    to: *from,
                })
            }
            Edit::RemoveLabel { name } => {
                let index = project
                    .label_index(name)
                    .ok_or_else(|| EditError::NoLabel(name.clone()))?;
                // Remove the spans first (each with its relations), then the label.
                let removals: Vec<Edit> = project
                    .documents
                    .iter()
                    .flat_map(|d| {
                        d.spans
                            .iter()
                            .filter(|s| s.label == *name)
                            .map(|s| Edit::RemoveSpan {
                                doc: d.id.clone(),
                                span_id: s.id.clone(),
                            })
                    })
                    .collect();
                let mut inverse = Edit::Batch(removals).apply_in(project, hint)?;
                let label = project.labels.remove(index);
                let Edit::Batch(mut undo) = inverse else {
                    unreachable!("a batch inverts to a batch")
                };
                undo.insert(0, Edit::AddLabel { index, label });
                inverse = Edit::Batch(undo);
                Ok(inverse)
            }
            Edit::AddDocument { index, document } => {
                if project.document(&document.id).is_some() {
                    return Err(EditError::DuplicateId(document.id.clone()));
                }
                check_document(project, document)?;
                let at = (*index).min(project.documents.len());
                let mut d = (**document).clone();
                if !d.spans_sorted() {
                    d.sort_spans();
                }
                project.documents.insert(at, d);
                Ok(Edit::RemoveDocument {
                    doc: document.id.clone(),
                })
            }
            Edit::RemoveDocument { doc } => {
                let i = project
                    .document_index(doc)
                    .ok_or_else(|| EditError::NoDocument(doc.clone()))?;
                let document = Box::new(project.documents.remove(i));
                Ok(Edit::AddDocument { index: i, document })
            }
            Edit::AddRelationLabel { index, label } => {
                if label.name.trim().is_empty() {
                    return Err(EditError::EmptyName);
                }
                if project.relation_label(&label.name).is_some() {
                    return Err(EditError::DuplicateLabel(label.name.clone()));
                }
                let at = (*index).min(project.relation_labels.len());
                project.relation_labels.insert(at, label.clone());
                Ok(Edit::RemoveRelationLabel {
                    name: label.name.clone(),
                })
            }
            Edit::RemoveRelationLabel { name } => {
                let i = project
                    .relation_labels
                    .iter()
                    .position(|l| l.name == *name)
                    .ok_or_else(|| EditError::NoLabel(name.clone()))?;
                if project
                    .documents
                    .iter()
                    .any(|d| d.relations.iter().any(|r| r.label == *name))
                {
                    return Err(EditError::LabelInUse(name.clone()));
                }
                let label = project.relation_labels.remove(i);
                Ok(Edit::AddRelationLabel { index: i, label })
            }
            Edit::AddRejected { doc, rejected } => {
                let d = doc_mut(project, doc, hint)?;
                let key =
                    |r: &crate::model::Rejected| (r.start, r.end, r.label.clone(), r.rule.clone());
                let at = d.rejected.partition_point(|r| key(r) < key(rejected));
                d.rejected.insert(at, rejected.clone());
                Ok(Edit::RemoveRejected {
                    doc: doc.clone(),
                    rejected: rejected.clone(),
                })
            }
            Edit::RemoveRejected { doc, rejected } => {
                let d = doc_mut(project, doc, hint)?;
                let i = d
                    .rejected
                    .iter()
                    .position(|r| r == rejected)
                    .ok_or_else(|| {
                        EditError::NoItem(format!("rejected {}..{}", rejected.start, rejected.end))
                    })?;
                d.rejected.remove(i);
                Ok(Edit::AddRejected {
                    doc: doc.clone(),
                    rejected: rejected.clone(),
                })
            }
            Edit::SetDocLabels { doc, set, choices } => {
                let def = project
                    .doc_label_set(set)
                    .ok_or_else(|| EditError::NoLabel(set.clone()))?;
                if let Some(c) = choices.iter().find(|c| def.choice(c).is_none()) {
                    return Err(EditError::NoLabel(format!("{set}:{c}")));
                }
                if !def.multiple && choices.len() > 1 {
                    return Err(EditError::BadName(format!(
                        "{set} takes one choice, not {}",
                        choices.len()
                    )));
                }
                let d = doc_mut(project, doc, hint)?;
                let old = if choices.is_empty() {
                    d.doc_labels.remove(set)
                } else {
                    d.doc_labels.insert(set.clone(), choices.clone())
                };
                Ok(Edit::SetDocLabels {
                    doc: doc.clone(),
                    set: set.clone(),
                    choices: old.unwrap_or_default(),
                })
            }
            Edit::SetThread { doc, id, thread } => {
                let d = doc_mut(project, doc, hint)?;
                if let Some(t) = thread {
                    if t.id != *id || t.comments.is_empty() {
                        return Err(EditError::BadName(
                            "a thread needs its id and a comment".into(),
                        ));
                    }
                    // A new thread needs its span; an old one whose span was
                    // deleted since can still be replied to and resolved.
                    let new = !d.threads.iter().any(|x| x.id == *id);
                    if new
                        && let Some(s) = &t.span
                        && d.span(s).is_none()
                    {
                        return Err(EditError::NoItem(s.clone()));
                    }
                }
                let at = d.threads.binary_search_by(|x| x.id.as_str().cmp(id));
                let old = set_sorted(&mut d.threads, at, thread.as_ref())
                    .ok_or_else(|| EditError::NoItem(id.clone()))?;
                Ok(Edit::SetThread {
                    doc: doc.clone(),
                    id: id.clone(),
                    thread: old,
                })
            }
            Edit::SetReview { doc, review } => {
                let d = doc_mut(project, doc, hint)?;
                if review.is_some() && d.status != Status::Done {
                    return Err(EditError::BadName(
                        "only a document marked done can be reviewed".into(),
                    ));
                }
                let old = std::mem::replace(&mut d.review, review.clone());
                Ok(Edit::SetReview {
                    doc: doc.clone(),
                    review: old,
                })
            }
            Edit::SetAssignees { doc, assignees } => {
                for a in assignees {
                    crate::model::check_name("assignee", a).map_err(EditError::BadName)?;
                }
                let d = doc_mut(project, doc, hint)?;
                let old = std::mem::replace(&mut d.assignees, assignees.clone());
                Ok(Edit::SetAssignees {
                    doc: doc.clone(),
                    assignees: old,
                })
            }
            Edit::SetDisputed {
                doc,
                set,
                alternatives,
            } => {
                let d = doc_mut(project, doc, hint)?;
                let old = if alternatives.is_empty() {
                    d.disputed.remove(set)
                } else {
                    d.disputed.insert(set.clone(), alternatives.clone())
                };
                Ok(Edit::SetDisputed {
                    doc: doc.clone(),
                    set: set.clone(),
                    alternatives: old.unwrap_or_default(),
                })
            }
            Edit::SetDocLabelSets(sets) => {
                let mut scratch = project.clone_without_documents();
                scratch.doc_label_sets = sets.clone();
                if let Some(p) = crate::model::validate(&scratch).first() {
                    return Err(EditError::BadName(p.to_string()));
                }
                // Documents may not keep choices the new sets lack.
                for d in &project.documents {
                    for (set, chosen) in &d.doc_labels {
                        let ok = sets.iter().find(|s| s.name == *set).is_some_and(|s| {
                            chosen.iter().all(|c| s.choice(c).is_some())
                                && (s.multiple || chosen.len() <= 1)
                        });
                        if !ok {
                            return Err(EditError::LabelInUse(set.clone()));
                        }
                    }
                }
                let old = std::mem::replace(&mut project.doc_label_sets, sets.clone());
                Ok(Edit::SetDocLabelSets(old))
            }
            Edit::SetSavedQuery { name, query } => {
                if let Err(m) = crate::model::check_name("saved query", name) {
                    return Err(EditError::BadName(m));
                }
                if let Some(Err(e)) = query.as_deref().map(crate::query::parse) {
                    return Err(EditError::BadName(format!("query {query:?}: {e}")));
                }
                let at = project
                    .saved_queries
                    .binary_search_by(|q| q.name.as_str().cmp(name));
                let new = query.as_ref().map(|q| crate::model::SavedQuery {
                    name: name.clone(),
                    query: q.clone(),
                });
                let old = set_sorted(&mut project.saved_queries, at, new.as_ref())
                    .ok_or_else(|| EditError::NoItem(name.clone()))?;
                Ok(Edit::SetSavedQuery {
                    name: name.clone(),
                    query: old.map(|q| q.query),
                })
            }
            Edit::SetEntity { id, entity } => {
                if let Some(e) = entity
                    && (e.id != *id || e.name.trim().is_empty())
                {
                    return Err(EditError::EmptyName);
                }
                let at = project.entities.binary_search_by(|e| e.id.as_str().cmp(id));
                // An entry a span still names stays.
                if at.is_ok()
                    && entity.is_none()
                    && project
                        .documents
                        .iter()
                        .flat_map(|d| &d.spans)
                        .any(|s| s.entity.as_deref() == Some(id))
                {
                    return Err(EditError::LabelInUse(id.clone()));
                }
                let old = set_sorted(&mut project.entities, at, entity.as_ref())
                    .ok_or_else(|| EditError::NoItem(id.clone()))?;
                Ok(Edit::SetEntity {
                    id: id.clone(),
                    entity: old,
                })
            }
            Edit::ReplaceProject(new) => {
                let problems = crate::model::validate(new);
                if let Some(p) = problems.first() {
                    return Err(EditError::BadDocument {
                        doc: p.document.clone().unwrap_or_default(),
                        problem: p.to_string(),
                    });
                }
                let old = std::mem::replace(project, (**new).clone());
                Ok(Edit::ReplaceProject(Box::new(old)))
            }
            Edit::Batch(edits) => {
                let mut inverses = Vec::with_capacity(edits.len());
                for e in edits {
                    match e.apply_in(project, hint) {
                        Ok(inv) => inverses.push(inv),
                        Err(err) => {
                            // Roll back what was applied so the project is unchanged.
                            for inv in inverses.iter().rev() {
                                let _ = inv.apply_in(project, hint);
                            }
                            return Err(err);
                        }
                    }
                }
                inverses.reverse();
                Ok(Edit::Batch(inverses))
            }
        }
    }

    /// How many spans this edit removes from `project` if applied (for
    /// "deleting this label removes N spans" warnings).
    pub fn spans_removed(&self, project: &Project) -> usize {
        match self {
            Edit::RemoveSpan { .. } => 1,
            Edit::RemoveLabel { name } => project
                .documents
                .iter()
                .flat_map(|d| &d.spans)
                .filter(|s| s.label == *name)
                .count(),
            Edit::Batch(edits) => edits.iter().map(|e| e.spans_removed(project)).sum(),
            _ => 0,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{CreationInfo, Document, validate};

    fn project() -> Project {
        let mut p = Project::new("p", CreationInfo::now("t"));
        let mut d = Document::new("d", "t", "Washington won't hesitate, said Miller.");
        d.insert_span(Span::new("q", 0, 25, "quote"));
        d.insert_span(Span::new("m", 32, 38, "speaker"));
        d.relations
            .push(Relation::new("r", "q", "m", "attributed_to"));
        p.documents.push(d);
        p
    }

    fn round_trip(edit: Edit) -> Project {
        let mut p = project();
        let before = p.clone();
        let inverse = edit.apply(&mut p).expect("edit applies");
        assert!(validate(&p).is_empty(), "{:?}", validate(&p));
        let after = p.clone();
        let redo = inverse.apply(&mut p).expect("inverse applies");
        assert_eq!(p, before, "undo restores");
        redo.apply(&mut p).expect("redo applies");
        assert_eq!(p, after, "redo repeats");
        after
    }

    #[test]
    fn saved_queries_are_added_changed_and_removed_in_name_order() {
        let p = round_trip(Edit::SetSavedQuery {
            name: "no speaker".into(),
            query: Some("label:quote -rel:attributed_to".into()),
        });
        assert_eq!(p.saved_queries.len(), 1);
        let mut p = p;
        for (name, q) in [("b", "status:done"), ("a", "suggested")] {
            Edit::SetSavedQuery {
                name: name.into(),
                query: Some(q.into()),
            }
            .apply(&mut p)
            .unwrap();
        }
        let names: Vec<&str> = p.saved_queries.iter().map(|q| q.name.as_str()).collect();
        assert_eq!(names, ["a", "b", "no speaker"]);
        let before = p.clone();
        let undo = Edit::SetSavedQuery {
            name: "b".into(),
            query: None,
        }
        .apply(&mut p)
        .unwrap();
        undo.apply(&mut p).unwrap();
        assert_eq!(p, before, "a removal undone comes back in its place");
        // A malformed query or an empty name is refused, naming the problem.
        let err = Edit::SetSavedQuery {
            name: "x".into(),
            query: Some("label:".into()),
        }
        .apply(&mut p)
        .unwrap_err();
        assert!(err.to_string().contains("label:"), "{err}");
        assert!(
            Edit::SetSavedQuery {
                name: " ".into(),
                query: Some("suggested".into()),
            }
            .apply(&mut p)
            .is_err()
        );
        assert_eq!(p, before);
    }

    #[test]
    fn removing_a_span_takes_its_relations_and_undo_brings_them_back() {
        let after = round_trip(Edit::RemoveSpan {
            doc: "d".into(),
            span_id: "m".into(),
        });
        assert!(after.documents[0].relations.is_empty());
    }

    #[test]
    fn leaving_done_takes_the_review_back_and_undo_restores_both() {
        let mut p = project();
        let review = crate::model::Review {
            by: "lee".into(),
            at: chrono::Utc::now(),
        };
        Edit::SetStatus {
            doc: "d".into(),
            status: Status::Done,
        }
        .apply(&mut p)
        .unwrap();
        Edit::SetReview {
            doc: "d".into(),
            review: Some(review.clone()),
        }
        .apply(&mut p)
        .unwrap();
        let before = p.clone();
        let undo = Edit::SetStatus {
            doc: "d".into(),
            status: Status::InProgress,
        }
        .apply(&mut p)
        .unwrap();
        assert_eq!(p.documents[0].review, None, "reopened: no longer reviewed");
        undo.apply(&mut p).unwrap();
        assert_eq!(p, before);
        // Only a done document is reviewed.
        let mut q = project();
        let e = Edit::SetReview {
            doc: "d".into(),
            review: Some(review),
        };
        assert!(e.apply(&mut q).is_err());
    }

    #[test]
    fn label_edits_invert() {
        let after = round_trip(Edit::ReplaceLabel {
            name: "quote".into(),
            label: Label::new("citation", crate::model::Color::rgb(1, 2, 3), ""),
        });
        assert_eq!(after.documents[0].spans[0].label, "citation");
        let after = round_trip(Edit::RemoveLabel {
            name: "quote".into(),
        });
        assert_eq!(after.documents[0].spans.len(), 1);
        assert!(after.documents[0].relations.is_empty());
        let after = round_trip(Edit::MoveLabel { from: 0, to: 3 });
        assert_eq!(after.labels[3].name, "claim");
    }

    #[test]
    fn documents_and_relation_labels_add_and_remove() {
        let mut doc = Document::new("d2", "t2", "Another article.");
        doc.insert_span(Span::new("x", 0, 7, "claim"));
        let after = round_trip(Edit::Batch(vec![
            Edit::AddRelationLabel {
                index: 9,
                label: Label::new("cites", crate::model::Color::rgb(1, 1, 1), ""),
            },
            Edit::AddDocument {
                index: 0,
                document: Box::new(doc),
            },
        ]));
        assert_eq!(after.documents[0].id, "d2");
        assert_eq!(after.relation_labels.last().unwrap().name, "cites");
        round_trip(Edit::RemoveDocument { doc: "d".into() });
        let mut p = project();
        assert!(
            Edit::RemoveRelationLabel {
                name: "attributed_to".into()
            }
            .apply(&mut p)
            .is_err(),
            "in use"
        );
    }

    #[test]
    fn bad_edits_change_nothing() {
        let mut p = project();
        let before = p.clone();
        let bad = [
            Edit::AddSpan {
                doc: "d".into(),
                span: Span::new("x", 30, 99, "claim"),
                relations: vec![],
            },
            Edit::AddSpan {
                doc: "d".into(),
                span: Span::new("q", 1, 2, "claim"),
                relations: vec![],
            },
            Edit::UpdateSpan {
                doc: "d".into(),
                span: Span::new("q", 0, 25, "nope"),
            },
            Edit::AddRelation {
                doc: "d".into(),
                relation: Relation::new("r2", "q", "q", "attributed_to"),
            },
            Edit::Batch(vec![
                Edit::SetStatus {
                    doc: "d".into(),
                    status: Status::Done,
                },
                Edit::RemoveSpan {
                    doc: "nowhere".into(),
                    span_id: "q".into(),
                },
            ]),
        ];
        for e in bad {
            assert!(e.apply(&mut p).is_err(), "{e:?} should fail");
            assert_eq!(p, before, "{e:?} changed the project");
        }
    }

    #[test]
    fn counts_spans_a_label_removal_takes() {
        let p = project();
        let e = Edit::RemoveLabel {
            name: "quote".into(),
        };
        assert_eq!(e.spans_removed(&p), 1);
    }

    #[test]
    fn label_names_with_control_characters_are_refused() {
        let mut p = project();
        let before = p.clone();
        let add = Edit::AddLabel {
            index: 0,
            label: crate::model::Label::new("bell\u{7}", crate::model::palette_color(0), ""),
        };
        let e = add.apply(&mut p).expect_err("refused");
        assert!(e.to_string().contains("control character"), "{e}");
        let mut renamed = p.label("quote").unwrap().clone();
        renamed.name = "two\nlines".into();
        let rename = Edit::ReplaceLabel {
            name: "quote".into(),
            label: renamed,
        };
        assert!(rename.apply(&mut p).is_err());
        assert_eq!(p, before);
    }
}
