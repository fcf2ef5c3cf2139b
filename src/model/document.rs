//! Documents (articles) and the spans and relations annotated on them.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::sync::Arc;

/// Where an analyst is with a document.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// Not started.
    #[default]
    Todo,
    /// Partly annotated.
    InProgress,
    /// Finished.
    Done,
}

impl Status {
    /// All statuses, in workflow order.
    pub const ALL: [Status; 3] = [Status::Todo, Status::InProgress, Status::Done];

    /// The name used in files, exports and the CLI.
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Todo => "todo",
            Status::InProgress => "in_progress",
            Status::Done => "done",
        }
    }
}

/// A labeled span of a document's text.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Span {
    /// Unique within the document.
    pub id: String,
    /// First code point, inclusive.
    pub start: usize,
    /// Code point after the last one (end-exclusive).
    pub end: usize,
    /// Name of a label of the project.
    pub label: String,
    /// Free-form note.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub note: String,
    /// Key-value attributes (e.g. `polarity: "negative"`).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub attributes: BTreeMap<String, String>,
    /// Who made the span.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub annotator: String,
    /// When the span was made.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub created: Option<DateTime<Utc>>,
    /// Other annotators who made the very same span (same range and label),
    /// recorded when copies of a project are merged.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub also_by: Vec<String>,
    /// Non-empty when a merge found that annotators disagree here: spans
    /// with the same value are one disagreement, to be curated.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub conflict: String,
    /// The pre-annotation rule that proposed this span (kept after acceptance,
    /// for per-rule counts).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub rule: String,
    /// A suggestion not yet accepted: drawn apart, left out of exports.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub suggested: bool,
    /// A model's confidence in a suggestion, in thousandths (0-1000); none
    /// for rules and for spans people made.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub score: Option<u16>,
    /// The registry entry this span names (format 3).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub entity: Option<String>,
}

/// One comment of a thread.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Comment {
    /// Unique in its thread (merges keep every comment by id).
    pub id: String,
    /// Who wrote it.
    pub author: String,
    /// When.
    pub at: DateTime<Utc>,
    /// What it says.
    pub text: String,
}

/// A discussion where a decision was made: on a span, or on the document.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Thread {
    /// Unique in the document.
    pub id: String,
    /// The span it is about (none: the whole document).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub span: Option<String>,
    /// Its comments, oldest first.
    pub comments: Vec<Comment>,
    /// Settled.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub resolved: bool,
    /// Who settled it, and when (format 4).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub resolved_by: Option<Review>,
}

/// A reviewer's sign-off on a document.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Review {
    /// The reviewer.
    pub by: String,
    /// When.
    pub at: DateTime<Utc>,
}

impl Document {
    /// Done and signed off by a reviewer (a review of a document reopened
    /// since does not count).
    pub fn is_reviewed(&self) -> bool {
        self.review.is_some() && self.status == Status::Done
    }
}

impl Review {
    /// A sign-off by `by`, now (to the second).
    pub fn now(by: &str) -> Review {
        Review {
            by: by.to_owned(),
            at: chrono::SubsecRound::trunc_subsecs(Utc::now(), 0),
        }
    }
}

/// A suggestion the analyst rejected: it is not proposed again in its document.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Rejected {
    /// First code point.
    pub start: usize,
    /// End (exclusive).
    pub end: usize,
    /// Proposed label.
    pub label: String,
    /// The rule that proposed it.
    pub rule: String,
}

impl Span {
    /// A span with no note or attributes.
    pub fn new(id: impl Into<String>, start: usize, end: usize, label: impl Into<String>) -> Self {
        Self {
            id: id.into(),
            start,
            end,
            label: label.into(),
            note: String::new(),
            attributes: BTreeMap::new(),
            annotator: String::new(),
            created: None,
            also_by: Vec::new(),
            conflict: String::new(),
            rule: String::new(),
            suggested: false,
            score: None,
            entity: None,
        }
    }

    /// The model's confidence in this suggestion (0..1), if a model made it.
    pub fn score(&self) -> Option<f64> {
        self.score.map(|s| f64::from(s) / 1000.0)
    }

    /// The key spans are kept sorted by: position, then label, then id.
    pub fn sort_key(&self) -> (usize, std::cmp::Reverse<usize>, &str, &str) {
        (
            self.start,
            std::cmp::Reverse(self.end),
            &self.label,
            &self.id,
        )
    }

    /// Everyone who made this span: its annotator, then `also_by`.
    pub fn annotators(&self) -> impl Iterator<Item = &str> {
        std::iter::once(self.annotator.as_str())
            .filter(|a| !a.is_empty())
            .chain(self.also_by.iter().map(String::as_str))
    }

    /// Whether the span was made by `who` (alone or with others).
    pub fn made_by(&self, who: &str) -> bool {
        self.annotators().any(|a| a == who)
    }

    /// Whether this span and `other` share at least one code point.
    pub fn overlaps(&self, other: &Span) -> bool {
        self.start < other.end && other.start < self.end
    }
}

/// A directed, labeled link between two spans of one document.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Relation {
    /// Unique within the document.
    pub id: String,
    /// Id of the head span (a quote, say).
    pub head: String,
    /// Id of the child span (its speaker, say).
    pub child: String,
    /// Name of a relation label of the project.
    pub label: String,
}

impl Relation {
    /// A relation `id` from span `head` to span `child`, labelled `label`.
    pub fn new(
        id: impl Into<String>,
        head: impl Into<String>,
        child: impl Into<String>,
        label: impl Into<String>,
    ) -> Self {
        Relation {
            id: id.into(),
            head: head.into(),
            child: child.into(),
            label: label.into(),
        }
    }
}

/// One article: metadata, its immutable text, and its annotations.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Document {
    /// Stable, unique within the project.
    pub id: String,
    /// Headline.
    pub title: String,
    /// File path or URL it was imported from.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub source: String,
    /// Author line.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub byline: String,
    /// Publication date, ISO 8601 where known.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub published: String,
    /// Publication or site name.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub site: String,
    /// Workflow status.
    #[serde(default)]
    pub status: Status,
    /// Free-form note on the whole document.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub note: String,
    /// Further metadata (canonical URL, captions, importer, ...).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub meta: BTreeMap<String, String>,
    /// Document labels: per set name, the chosen choices (format 3).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub doc_labels: BTreeMap<String, Vec<String>>,
    /// Signed off after review (format 3): by whom and when. Only a document
    /// marked done is reviewed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub review: Option<Review>,
    /// Discussion threads on the document or its spans (format 3), sorted
    /// by id.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub threads: Vec<Thread>,
    /// Active annotation time per analyst, in milliseconds (format 3).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub active_ms: BTreeMap<String, u64>,
    /// Who the document is for (format 3; two for agreement overlap).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub assignees: Vec<String>,
    /// Document labels other analysts chose differently, found by a merge:
    /// per set, their choices (one list each), to be curated.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub disputed: BTreeMap<String, Vec<Vec<String>>>,
    /// The article text. Never changes after import: offsets point into it.
    /// Shared, so that snapshots of a project (background saves, autosave)
    /// copy no text.
    pub text: Arc<str>,
    /// Spans, kept in [`Span::sort_key`] order.
    #[serde(default)]
    pub spans: Vec<Span>,
    /// Suggestions rejected in this document (never proposed again here).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub rejected: Vec<Rejected>,
    /// Relations between spans, sorted by id (a canonical order: undo,
    /// merges and diffs never depend on the order they were made in).
    #[serde(default)]
    pub relations: Vec<Relation>,
}

impl Document {
    /// A document with a title and text and nothing else.
    pub fn new(id: impl Into<String>, title: impl Into<String>, text: impl Into<Arc<str>>) -> Self {
        Self {
            id: id.into(),
            title: title.into(),
            source: String::new(),
            byline: String::new(),
            published: String::new(),
            site: String::new(),
            status: Status::Todo,
            note: String::new(),
            meta: BTreeMap::new(),
            doc_labels: BTreeMap::new(),
            disputed: BTreeMap::new(),
            assignees: Vec::new(),
            review: None,
            active_ms: BTreeMap::new(),
            threads: Vec::new(),
            text: text.into(),
            spans: Vec::new(),
            relations: Vec::new(),
            rejected: Vec::new(),
        }
    }

    /// Number of code points in the text.
    pub fn len_chars(&self) -> usize {
        self.text.chars().count()
    }

    /// The span with this id.
    pub fn span(&self, id: &str) -> Option<&Span> {
        self.spans.iter().find(|s| s.id == id)
    }

    /// Index of the span with this id.
    pub fn span_index(&self, id: &str) -> Option<usize> {
        self.spans.iter().position(|s| s.id == id)
    }

    /// Inserts a span at its sorted place and returns that index.
    pub fn insert_span(&mut self, span: Span) -> usize {
        let at = self
            .spans
            .partition_point(|s| s.sort_key() < span.sort_key());
        self.spans.insert(at, span);
        at
    }

    /// Sorts spans into their canonical order (after a bulk change).
    pub fn sort_spans(&mut self) {
        self.spans.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
        self.relations.sort_by(|a, b| a.id.cmp(&b.id));
    }

    /// Whether spans and relations are in canonical order.
    pub fn spans_sorted(&self) -> bool {
        self.spans.is_sorted_by(|a, b| a.sort_key() <= b.sort_key())
            && self.relations.is_sorted_by(|a, b| a.id <= b.id)
    }

    /// Inserts a relation at its place in id order.
    pub fn insert_relation(&mut self, relation: Relation) {
        let at = self.relations.partition_point(|r| r.id < relation.id);
        self.relations.insert(at, relation);
    }

    /// The relation with this id.
    pub fn relation(&self, id: &str) -> Option<&Relation> {
        self.relations.iter().find(|r| r.id == id)
    }

    /// Relations that have `span_id` as head or child.
    pub fn relations_of<'a>(&'a self, span_id: &'a str) -> impl Iterator<Item = &'a Relation> {
        self.relations
            .iter()
            .filter(move |r| r.head == span_id || r.child == span_id)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spans_insert_in_canonical_order() {
        let mut d = Document::new("d1", "t", "0123456789");
        d.insert_span(Span::new("b", 5, 7, "quote"));
        d.insert_span(Span::new("a", 0, 3, "claim"));
        d.insert_span(Span::new("c", 0, 9, "claim"));
        d.insert_span(Span::new("d", 5, 7, "claim"));
        let ids: Vec<_> = d.spans.iter().map(|s| s.id.as_str()).collect();
        // Longer spans first at the same start, then by label.
        assert_eq!(ids, ["c", "a", "d", "b"]);
        assert!(d.spans_sorted());
    }

    #[test]
    fn overlap_is_end_exclusive() {
        let a = Span::new("a", 0, 5, "x");
        assert!(a.overlaps(&Span::new("b", 4, 6, "x")));
        assert!(!a.overlaps(&Span::new("c", 5, 6, "x")));
    }
}
