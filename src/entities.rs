//! Edits on the entity registry and its links, each one undoable step:
//! link a span, make an entry from a span, merge and split entries, link
//! every mention of an alias.

use crate::edit::Edit;
use crate::model::registry::{self, Entity, EntityKind};
use crate::model::{Project, Span};

/// `span` of document `doc` linked to entry `id` (`None`: unlinked).
pub fn link(doc: &str, span: &Span, id: Option<&str>) -> Edit {
    let mut s = span.clone();
    s.entity = id.map(str::to_owned);
    Edit::UpdateSpan {
        doc: doc.to_owned(),
        span: s,
    }
}

/// A new entry named after `span`'s text (of `kind`), and the span linked
/// to it. Returns the edit and the new id.
pub fn new_from_span(
    project: &Project,
    doc: &str,
    span: &Span,
    text: &str,
    kind: EntityKind,
) -> (Edit, String) {
    let name = text.split_whitespace().collect::<Vec<_>>().join(" ");
    let id = registry::free_entity_id(project, &name);
    let entity = Entity::new(id.clone(), name, kind);
    let edit = Edit::Batch(vec![
        Edit::SetEntity {
            id: id.clone(),
            entity: Some(entity),
        },
        link(doc, span, Some(&id)),
    ]);
    (edit, id)
}

/// Merges entry `gone` into `keep`: every mention of `gone` links to
/// `keep`, `gone`'s name and aliases become aliases of `keep` (its note and
/// external ids fill gaps), and `gone` is removed. `None` if either is
/// missing or they are the same.
pub fn merge(project: &Project, keep: &str, gone: &str) -> Option<Edit> {
    if keep == gone {
        return None;
    }
    let (k, g) = (project.entity(keep)?, project.entity(gone)?);
    let mut merged = k.clone();
    for n in g.names() {
        if !merged.is_called(n) {
            merged.aliases.push(n.to_owned());
        }
    }
    if merged.note.is_empty() {
        merged.note = g.note.clone();
    }
    for (key, v) in &g.external_ids {
        merged
            .external_ids
            .entry(key.clone())
            .or_insert_with(|| v.clone());
    }
    let mut edits: Vec<Edit> = registry::mentions(project, gone)
        .into_iter()
        .map(|m| link(&m.doc.id, m.span, Some(keep)))
        .collect();
    // Suggested spans linked to it follow too.
    for d in &project.documents {
        for s in d
            .spans
            .iter()
            .filter(|s| s.suggested && s.entity.as_deref() == Some(gone))
        {
            edits.push(link(&d.id, s, Some(keep)));
        }
    }
    edits.push(Edit::SetEntity {
        id: keep.to_owned(),
        entity: Some(merged),
    });
    edits.push(Edit::SetEntity {
        id: gone.to_owned(),
        entity: None,
    });
    Some(Edit::Batch(edits))
}

/// Splits the mentions `moved` (document id, span id) off entry `id` into a
/// new entry `name` of the same kind. Returns the edit and the new id.
pub fn split(
    project: &Project,
    id: &str,
    moved: &[(String, String)],
    name: &str,
) -> Option<(Edit, String)> {
    let old = project.entity(id)?;
    let new_id = registry::free_entity_id(project, name);
    let mut edits = vec![Edit::SetEntity {
        id: new_id.clone(),
        entity: Some(Entity::new(new_id.clone(), name.trim(), old.kind)),
    }];
    for (doc, span) in moved {
        let s = project.document(doc)?.span(span)?;
        if s.entity.as_deref() == Some(id) {
            edits.push(link(doc, s, Some(&new_id)));
        }
    }
    Some((Edit::Batch(edits), new_id))
}

/// Renames entry `id` (the old name stays as an alias).
pub fn rename(project: &Project, id: &str, name: &str) -> Option<Edit> {
    let mut e = project.entity(id)?.clone();
    let name = name.trim();
    if name.is_empty() || e.name == name {
        return None;
    }
    let old = std::mem::replace(&mut e.name, name.to_owned());
    e.aliases.retain(|a| a != name);
    if !e.is_called(&old) {
        e.aliases.push(old);
    }
    Some(Edit::SetEntity {
        id: id.to_owned(),
        entity: Some(e),
    })
}

/// Every unlinked span (of `labels`, or any label if empty) whose text is
/// one of entry `id`'s names: `(document id, span, text)`, for a preview
/// before [`link_all`].
pub fn unlinked_mentions<'a>(
    project: &'a Project,
    id: &str,
    labels: &[String],
) -> Vec<(&'a str, &'a Span, String)> {
    let Some(e) = project.entity(id) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for d in &project.documents {
        for s in d
            .spans
            .iter()
            .filter(|s| s.entity.is_none() && (labels.is_empty() || labels.contains(&s.label)))
        {
            let Some(text) = crate::model::text::slice_chars(&d.text, s.start, s.end) else {
                continue;
            };
            if e.is_called(text) {
                out.push((d.id.as_str(), s, text.to_owned()));
            }
        }
    }
    out
}

/// Links every span [`unlinked_mentions`] finds to entry `id`, as one step.
pub fn link_all(project: &Project, id: &str, labels: &[String]) -> Edit {
    Edit::Batch(
        unlinked_mentions(project, id, labels)
            .into_iter()
            .map(|(doc, s, _)| link(doc, s, Some(id)))
            .collect(),
    )
}

/// The entry a span with this text would be linked to: the only entry
/// called that (none when no entry or several are).
pub fn proposed_for<'a>(project: &'a Project, text: &str) -> Option<&'a Entity> {
    let mut it = project.entities.iter().filter(|e| e.is_called(text));
    let first = it.next()?;
    it.next().is_none().then_some(first)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{CreationInfo, Document, Relation};

    fn desk() -> Project {
        let mut p = Project::new("p", CreationInfo::now("t"));
        let text = "“We will not hesitate,” said State Department spokesman Matthew Miller. \
                    Miller added that talks were over.";
        let mut d = Document::new("d1", "t", text);
        let at = |s: &str| {
            let b = text.find(s).unwrap();
            let c = text[..b].chars().count();
            (c, c + s.chars().count())
        };
        let (qs, qe) = at("“We will not hesitate,”");
        let (s1, e1) = at("State Department spokesman Matthew Miller");
        let (s2, _) = at("Miller added");
        d.insert_span(Span::new("q", qs, qe, "quote"));
        d.insert_span(Span::new("m1", s1, e1, "speaker"));
        d.insert_span(Span::new("m2", s2, s2 + 6, "speaker"));
        d.relations
            .push(Relation::new("r", "q", "m1", "attributed_to"));
        p.documents.push(d);
        p
    }

    #[test]
    fn new_entry_merge_and_split_move_mentions_and_undo() {
        let mut p = desk();
        let original = p.clone();
        let span = p.documents[0].span("m1").unwrap().clone();
        let (e, miller) = new_from_span(
            &p,
            "d1",
            &span,
            "State Department spokesman  Matthew Miller",
            EntityKind::Person,
        );
        let undo1 = e.apply(&mut p).unwrap();
        assert_eq!(miller, "e-state-department-spokesman-matthew-miller");
        let span2 = p.documents[0].span("m2").unwrap().clone();
        let (e, other) = new_from_span(&p, "d1", &span2, "Miller", EntityKind::Person);
        let undo2 = e.apply(&mut p).unwrap();
        assert!(crate::model::validate(&p).is_empty());
        assert_eq!(registry::said_by(&p, &miller).len(), 1);
        // Merge: m2 follows, the name becomes an alias.
        let undo3 = merge(&p, &miller, &other).unwrap().apply(&mut p).unwrap();
        assert_eq!(p.entities.len(), 1);
        assert_eq!(p.entities[0].aliases, ["Miller"]);
        assert_eq!(registry::mentions(&p, &miller).len(), 2);
        assert_eq!(registry::counts(&p)[miller.as_str()].attributed, 1);
        // Split m2 off again.
        let (e, back) = split(&p, &miller, &[("d1".into(), "m2".into())], "Miller").unwrap();
        let undo4 = e.apply(&mut p).unwrap();
        assert_eq!(registry::mentions(&p, &back).len(), 1);
        assert_eq!(registry::duplicates(&p).len(), 0);
        // Each undoes exactly.
        for u in [undo4, undo3, undo2, undo1] {
            u.apply(&mut p).unwrap();
        }
        assert_eq!(p, original);
    }

    #[test]
    fn link_all_previews_then_links_unlinked_mentions_of_a_name() {
        let mut p = desk();
        let mut e = Entity::new("e-miller", "Matthew Miller", EntityKind::Person);
        e.aliases = vec!["miller".into()];
        Edit::SetEntity {
            id: e.id.clone(),
            entity: Some(e),
        }
        .apply(&mut p)
        .unwrap();
        let preview = unlinked_mentions(&p, "e-miller", &["speaker".into()]);
        assert_eq!(preview.len(), 1, "only m2 is called by a name");
        assert_eq!(preview[0].2, "Miller");
        assert_eq!(
            proposed_for(&p, "MILLER").map(|e| e.id.as_str()),
            Some("e-miller")
        );
        link_all(&p, "e-miller", &[]).apply(&mut p).unwrap();
        assert_eq!(
            p.documents[0].span("m2").unwrap().entity.as_deref(),
            Some("e-miller")
        );
        // A linked entry cannot be deleted out from under its mentions.
        let del = Edit::SetEntity {
            id: "e-miller".into(),
            entity: None,
        };
        assert!(del.apply(&mut p).is_err());
        assert!(rename(&p, "e-miller", "Matt Miller").is_some());
    }
}
