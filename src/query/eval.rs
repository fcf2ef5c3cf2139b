//! Evaluating a query over a project: documents, or spans.

use super::{Expr, Term};
use crate::model::{Document, Project, Span};

/// What is worked out once per document for its terms.
struct DocFacts<'a> {
    doc: &'a Document,
    project: &'a Project,
    /// Accepted spans.
    accepted: usize,
    /// The text lowercased, its runs of white space as one space, when a
    /// `text:` term needs it (worked out once per document, not per span).
    lower: Option<String>,
}

fn contains_ci(hay: &str, needle: &str) -> bool {
    hay.to_lowercase().contains(&needle.to_lowercase())
}

fn doc_term(t: &Term, f: &DocFacts<'_>) -> bool {
    let d = f.doc;
    match t {
        Term::Status(s) => d.status == *s,
        Term::Assignee(a) => d.assignees.iter().any(|x| x == a),
        Term::Reviewed => d.is_reviewed(),
        Term::Comment(state) => has_thread(d, *state, None),
        Term::DocLabel(set, choice) => d
            .doc_labels
            .get(set)
            .is_some_and(|v| choice.as_ref().is_none_or(|c| v.contains(c))),
        Term::Text(words) => {
            let needle = words
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ")
                .to_lowercase();
            f.lower.as_deref().is_some_and(|l| l.contains(&needle))
        }
        Term::Title(w) => contains_ci(&d.title, w),
        Term::Site(w) => contains_ci(&d.site, w),
        Term::Published(from, to) => {
            let p = d.published.as_str();
            !p.is_empty()
                && (from.is_empty() || p >= from.as_str() || p.starts_with(from.as_str()))
                && (to.is_empty() || p <= to.as_str() || p.starts_with(to.as_str()))
        }
        Term::Spans(cmp, n) => cmp.holds(f.accepted, *n),
        // Span terms have no span here.
        _ => false,
    }
}

/// Whether `d` has a thread in `state` (on span `on`, or anywhere).
fn has_thread(d: &Document, state: super::CommentState, on: Option<&str>) -> bool {
    d.threads.iter().any(|t| {
        on.is_none_or(|id| t.span.as_deref() == Some(id))
            && match state {
                super::CommentState::Open => !t.resolved,
                super::CommentState::Resolved => t.resolved,
                super::CommentState::Any => true,
            }
    })
}

fn span_term(t: &Term, f: &DocFacts<'_>, s: &Span) -> bool {
    match t {
        Term::Label(l) => s.label == *l,
        Term::Rel(r) => f.doc.relations_of(&s.id).any(|x| x.label == *r),
        Term::Annotator(a) => s.made_by(a),
        Term::Rule(r) => s.rule == *r,
        Term::Entity(name) => s.entity.as_deref().is_some_and(|id| {
            id == name || f.project.entity(id).is_some_and(|e| e.is_called(name))
        }),
        Term::Suggested => s.suggested,
        Term::Conflict => !s.conflict.is_empty(),
        _ => doc_term(t, f),
    }
}

fn holds(e: &Expr, f: &DocFacts<'_>, span: Option<&Span>) -> bool {
    match e {
        Expr::And(v) => v.iter().all(|x| holds(x, f, span)),
        Expr::Or(v) => v.iter().any(|x| holds(x, f, span)),
        Expr::Not(x) => !holds(x, f, span),
        Expr::Term(t) => match (span, t) {
            (Some(s), _) if t.is_span_term() => span_term(t, f, s),
            // Listing spans, `comment:open` is about the span's threads.
            (Some(s), Term::Comment(state)) => has_thread(f.doc, *state, Some(&s.id)),
            _ => doc_term(t, f),
        },
    }
}

/// Whether every term under `e` is about a span.
fn span_only(e: &Expr) -> bool {
    match e {
        Expr::And(v) | Expr::Or(v) => v.iter().all(span_only),
        Expr::Not(x) => span_only(x),
        Expr::Term(t) => t.is_span_term(),
    }
}

/// The document reading of `e`: a span term holds when a span of the
/// document has it (so `-label:quote` is "no quote"); in a conjunction, the
/// span-only parts with at least one positive among them must hold for one
/// and the same span (`label:quote -rel:attributed_to`: a quote without a
/// speaker).
fn doc_holds(e: &Expr, f: &DocFacts<'_>) -> bool {
    match e {
        Expr::Term(t) if t.is_span_term() => f.doc.spans.iter().any(|s| span_term(t, f, s)),
        Expr::Term(t) => doc_term(t, f),
        Expr::Not(x) => !doc_holds(x, f),
        Expr::Or(v) => v.iter().any(|x| doc_holds(x, f)),
        Expr::And(v) => {
            let (group, rest): (Vec<&Expr>, Vec<&Expr>) = v.iter().partition(|x| span_only(x));
            let positive = group.iter().any(|x| !matches!(x, Expr::Not(_)));
            let group_ok = if positive {
                f.doc
                    .spans
                    .iter()
                    .any(|s| group.iter().all(|x| holds(x, f, Some(s))))
            } else {
                group.iter().all(|x| doc_holds(x, f))
            };
            group_ok && rest.iter().all(|x| doc_holds(x, f))
        }
    }
}

fn needs_text(e: &Expr) -> bool {
    match e {
        Expr::And(v) | Expr::Or(v) => v.iter().any(needs_text),
        Expr::Not(x) => needs_text(x),
        Expr::Term(t) => matches!(t, Term::Text(_)),
    }
}

fn facts<'a>(project: &'a Project, doc: &'a Document, text: bool) -> DocFacts<'a> {
    DocFacts {
        doc,
        project,
        accepted: doc.spans.iter().filter(|s| !s.suggested).count(),
        lower: text.then(|| {
            doc.text
                .to_lowercase()
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ")
        }),
    }
}

/// Indices of the documents `query` matches (all for `None`).
pub fn matching_documents(project: &Project, query: Option<&Expr>) -> Vec<usize> {
    let Some(q) = query else {
        return (0..project.documents.len()).collect();
    };
    let text = needs_text(q);
    project
        .documents
        .iter()
        .enumerate()
        .filter(|(_, d)| doc_holds(q, &facts(project, d, text)))
        .map(|(i, _)| i)
        .collect()
}

/// `(document index, span index)` of the spans `query` holds for, in
/// document and span order.
pub fn matching_spans(project: &Project, query: Option<&Expr>) -> Vec<(usize, usize)> {
    (0..project.documents.len())
        .flat_map(|di| {
            matching_spans_in(project, di, query)
                .into_iter()
                .map(move |si| (di, si))
        })
        .collect()
}

/// Indices of the spans of document `di` that `query` holds for, in span
/// order (none for a document that does not exist).
pub fn matching_spans_in(project: &Project, di: usize, query: Option<&Expr>) -> Vec<usize> {
    let Some(d) = project.documents.get(di) else {
        return Vec::new();
    };
    let f = facts(project, d, query.is_some_and(needs_text));
    d.spans
        .iter()
        .enumerate()
        .filter(|(_, s)| query.is_none_or(|q| holds(q, &f, Some(s))))
        .map(|(si, _)| si)
        .collect()
}
