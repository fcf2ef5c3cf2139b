//! Curation: where two versions of a document disagree, and the edits that
//! settle each disagreement (take mine, take theirs, both, neither).

use crate::edit::Edit;
use crate::model::{Document, Span};
use std::collections::HashSet;

/// One place where two versions disagree: overlapping spans that the other
/// version does not have exactly (same range and label).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Disagreement {
    /// First code point of the spans involved.
    pub start: usize,
    /// End of the spans involved.
    pub end: usize,
    /// Spans only the open project has.
    pub mine: Vec<Span>,
    /// Spans only the other version has.
    pub theirs: Vec<Span>,
}

/// How a disagreement is settled.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Choice {
    /// Keep my spans, leave theirs out.
    Mine,
    /// Replace my spans with theirs.
    Theirs,
    /// Keep mine and add theirs.
    Both,
    /// Remove mine, leave theirs out.
    Neither,
}

/// A span's identity for curation: range and label.
pub type SpanKey = (usize, usize, String);

fn key(s: &Span) -> SpanKey {
    (s.start, s.end, s.label.clone())
}

/// The disagreements between `mine` and `theirs` (the same text), in text
/// order, leaving out spans whose key is in `settled`.
pub fn disagreements(
    mine: &Document,
    theirs: &Document,
    settled: &HashSet<SpanKey>,
) -> Vec<Disagreement> {
    let mine_keys: HashSet<SpanKey> = mine.spans.iter().map(key).collect();
    let theirs_keys: HashSet<SpanKey> = theirs.spans.iter().map(key).collect();
    // (span, is mine), in start order.
    let mut open: Vec<(&Span, bool)> = mine
        .spans
        .iter()
        .filter(|s| !theirs_keys.contains(&key(s)))
        .map(|s| (s, true))
        .chain(
            theirs
                .spans
                .iter()
                .filter(|s| !mine_keys.contains(&key(s)))
                .map(|s| (s, false)),
        )
        .filter(|(s, _)| !settled.contains(&key(s)))
        .collect();
    open.sort_by_key(|(s, mine)| (s.start, s.end, !mine));
    // Sweep: spans overlapping the current group's extent join it.
    let mut out: Vec<Disagreement> = Vec::new();
    for (s, is_mine) in open {
        let joins = out.last().is_some_and(|g| s.start < g.end);
        if !joins {
            out.push(Disagreement {
                start: s.start,
                end: s.end,
                mine: Vec::new(),
                theirs: Vec::new(),
            });
        }
        if let Some(g) = out.last_mut() {
            g.end = g.end.max(s.end);
            if is_mine {
                g.mine.push(s.clone());
            } else {
                g.theirs.push(s.clone());
            }
        }
    }
    out
}

impl Disagreement {
    /// Keys of every span involved (to mark the disagreement settled).
    pub fn keys(&self) -> impl Iterator<Item = SpanKey> + '_ {
        self.mine.iter().chain(&self.theirs).map(key)
    }

    /// The edit that settles this disagreement in document `doc` (`current`)
    /// by `choice`. Theirs' spans keep their annotator; ids that are taken
    /// get a suffix.
    pub fn resolve(&self, current: &Document, choice: Choice) -> Edit {
        let mut edits = Vec::new();
        if matches!(choice, Choice::Theirs | Choice::Neither) {
            for s in &self.mine {
                edits.push(Edit::RemoveSpan {
                    doc: current.id.clone(),
                    span_id: s.id.clone(),
                });
            }
        }
        if matches!(choice, Choice::Theirs | Choice::Both) {
            let mut taken: HashSet<String> = current
                .spans
                .iter()
                .map(|s| s.id.clone())
                .chain(current.relations.iter().map(|r| r.id.clone()))
                .collect();
            for s in &self.theirs {
                let mut span = s.clone();
                span.conflict.clear();
                if taken.contains(&span.id) {
                    span.id = (2..)
                        .map(|n| format!("{}-{n}", s.id))
                        .find(|id| !taken.contains(id))
                        .unwrap_or_default();
                }
                taken.insert(span.id.clone());
                edits.push(Edit::AddSpan {
                    doc: current.id.clone(),
                    span,
                    relations: vec![],
                });
            }
        }
        Edit::Batch(edits)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{CreationInfo, Project};

    fn doc(spans: &[(&str, usize, usize, &str)]) -> Document {
        let mut d = Document::new(
            "d",
            "t",
            "Washington won't hesitate to impose sanctions, Miller said.",
        );
        for (id, s, e, l) in spans {
            d.insert_span(Span::new(*id, *s, *e, *l));
        }
        d
    }

    #[test]
    fn groups_overlapping_differences_and_each_choice_settles_one() {
        let mine = doc(&[
            ("a", 0, 10, "entity"),
            ("b", 11, 45, "claim"),
            ("c", 47, 53, "speaker"),
        ]);
        let theirs = doc(&[
            ("a", 0, 10, "entity"),
            ("x", 11, 45, "sanction_threat"),
            ("y", 36, 45, "entity"),
        ]);
        let d = disagreements(&mine, &theirs, &HashSet::new());
        assert_eq!(d.len(), 2, "{d:#?}");
        assert_eq!((d[0].start, d[0].end), (11, 45));
        assert_eq!(d[0].mine.len(), 1);
        assert_eq!(d[0].theirs.len(), 2);
        assert_eq!((d[1].mine.len(), d[1].theirs.len()), (1, 0));

        let mut p = Project::new("p", CreationInfo::now("t"));
        p.documents.push(mine.clone());
        let apply = |choice| {
            let mut q = p.clone();
            d[0].resolve(&q.documents[0], choice).apply(&mut q).unwrap();
            let labels: Vec<String> = q.documents[0]
                .spans
                .iter()
                .filter(|s| s.start >= 11 && s.end <= 45)
                .map(|s| s.label.clone())
                .collect();
            (q, labels)
        };
        assert_eq!(apply(Choice::Mine).1, ["claim"]);
        assert_eq!(apply(Choice::Theirs).1, ["sanction_threat", "entity"]);
        assert_eq!(
            apply(Choice::Both).1,
            ["claim", "sanction_threat", "entity"]
        );
        assert!(apply(Choice::Neither).1.is_empty());
        // Taking theirs leaves no disagreement there.
        let (q, _) = apply(Choice::Theirs);
        assert_eq!(
            disagreements(&q.documents[0], &theirs, &HashSet::new()).len(),
            1
        );
        // Settled keys are left out.
        let settled: HashSet<SpanKey> = d[0].keys().collect();
        assert_eq!(disagreements(&mine, &theirs, &settled).len(), 1);
    }
}
