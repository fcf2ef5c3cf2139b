//! Discussion threads on a span or a document, as edits: start one, reply,
//! resolve, reopen. Each is one undoable step.

use crate::edit::Edit;
use crate::model::{Comment, Document, IdGen, Thread};
use chrono::Utc;

fn comment(ids: &mut IdGen, author: &str, text: &str) -> Comment {
    Comment {
        id: ids.comment_id(),
        author: author.to_owned(),
        at: chrono::SubsecRound::trunc_subsecs(Utc::now(), 0),
        text: text.trim().to_owned(),
    }
}

/// A new thread on span `span` of `doc` (or on the document), with its
/// first comment. `None` for an empty text.
pub fn start(
    doc: &Document,
    span: Option<&str>,
    author: &str,
    text: &str,
    ids: &mut IdGen,
) -> Option<Edit> {
    if text.trim().is_empty() {
        return None;
    }
    let id = ids.thread_id();
    Some(Edit::SetThread {
        doc: doc.id.clone(),
        id: id.clone(),
        thread: Some(Thread {
            id,
            span: span.map(str::to_owned),
            comments: vec![comment(ids, author, text)],
            resolved: false,
            resolved_by: None,
        }),
    })
}

/// A reply in thread `id` (which reopens it if it was resolved).
pub fn reply(doc: &Document, id: &str, author: &str, text: &str, ids: &mut IdGen) -> Option<Edit> {
    if text.trim().is_empty() {
        return None;
    }
    let mut t = doc.threads.iter().find(|t| t.id == id)?.clone();
    t.comments.push(comment(ids, author, text));
    t.resolved = false;
    t.resolved_by = None;
    Some(Edit::SetThread {
        doc: doc.id.clone(),
        id: id.to_owned(),
        thread: Some(t),
    })
}

/// Thread `id` resolved (`true`, by `who`, now) or reopened.
pub fn set_resolved(doc: &Document, id: &str, resolved: bool, who: &str) -> Option<Edit> {
    let mut t = doc.threads.iter().find(|t| t.id == id)?.clone();
    t.resolved = resolved;
    t.resolved_by = resolved.then(|| crate::model::Review::now(who));
    Some(Edit::SetThread {
        doc: doc.id.clone(),
        id: id.to_owned(),
        thread: Some(t),
    })
}

/// Open and resolved threads in `docs`.
pub fn counts<'a>(docs: impl IntoIterator<Item = &'a Document>) -> (usize, usize) {
    docs.into_iter()
        .flat_map(|d| &d.threads)
        .fold(
            (0, 0),
            |(o, r), t| if t.resolved { (o, r + 1) } else { (o + 1, r) },
        )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{CreationInfo, Project, Span};

    #[test]
    fn start_reply_resolve_reopen_and_undo() {
        let mut p = Project::new("p", CreationInfo::now("t"));
        let mut d = Document::new("d", "t", "Seoul warns Moscow");
        d.insert_span(Span::new("s1", 0, 5, "entity"));
        p.documents.push(d);
        let original = p.clone();
        let mut ids = IdGen::seeded(3);
        let u1 = start(
            &p.documents[0],
            Some("s1"),
            "kim",
            "Is Seoul the speaker?",
            &mut ids,
        )
        .unwrap()
        .apply(&mut p)
        .unwrap();
        let id = p.documents[0].threads[0].id.clone();
        let u2 = reply(&p.documents[0], &id, "lee", "No: the ministry.", &mut ids)
            .unwrap()
            .apply(&mut p)
            .unwrap();
        let u3 = set_resolved(&p.documents[0], &id, true, "kim")
            .unwrap()
            .apply(&mut p)
            .unwrap();
        assert_eq!(counts(&p.documents), (0, 1));
        assert_eq!(
            p.documents[0].threads[0]
                .resolved_by
                .as_ref()
                .map(|r| r.by.as_str()),
            Some("kim"),
            "who resolved it is kept"
        );
        assert_eq!(p.documents[0].threads[0].comments.len(), 2);
        assert!(crate::model::validate(&p).is_empty());
        // A reply reopens it.
        let u4 = reply(&p.documents[0], &id, "kim", "Agreed.", &mut ids)
            .unwrap()
            .apply(&mut p)
            .unwrap();
        assert_eq!(counts(&p.documents), (1, 0));
        assert!(p.documents[0].threads[0].resolved_by.is_none());
        for u in [u4, u3, u2, u1] {
            u.apply(&mut p).unwrap();
        }
        assert_eq!(p, original);
        assert!(start(&p.documents[0], None, "kim", "  ", &mut ids).is_none());
    }

    #[test]
    fn a_thread_whose_span_was_deleted_can_still_be_resolved() {
        let mut p = Project::new("p", CreationInfo::now("t"));
        let mut d = Document::new("d", "t", "Seoul warns Moscow");
        d.insert_span(Span::new("s1", 0, 5, "entity"));
        p.documents.push(d);
        let mut ids = IdGen::seeded(4);
        start(&p.documents[0], Some("s1"), "kim", "Check this", &mut ids)
            .unwrap()
            .apply(&mut p)
            .unwrap();
        crate::edit::Edit::RemoveSpan {
            doc: "d".into(),
            span_id: "s1".into(),
        }
        .apply(&mut p)
        .unwrap();
        let id = p.documents[0].threads[0].id.clone();
        set_resolved(&p.documents[0], &id, true, "kim")
            .unwrap()
            .apply(&mut p)
            .expect("resolvable after its span went");
        reply(&p.documents[0], &id, "lee", "Done.", &mut ids)
            .unwrap()
            .apply(&mut p)
            .expect("and answerable");
    }
}
