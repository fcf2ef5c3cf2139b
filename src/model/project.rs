//! The project: a label set and the documents annotated with it.

use super::document::{Document, Status};
use super::label::{Label, default_labels, default_relation_labels};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// The project file format version this build writes. Older versions are
/// upgraded on load (see `store::upgrade`); newer ones are refused.
pub const FORMAT_VERSION: u32 = 4;

/// Who made the project, when, with what.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CreationInfo {
    /// When the project was created.
    pub at: DateTime<Utc>,
    /// Who created it.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub by: String,
    /// The program and version that created it.
    #[serde(default)]
    pub tool: String,
}

impl CreationInfo {
    /// Now, by `by`, with this build of Marginalia.
    pub fn now(by: impl Into<String>) -> Self {
        Self {
            at: chrono::SubsecRound::trunc_subsecs(Utc::now(), 0),
            by: by.into(),
            tool: concat!("marginalia ", env!("CARGO_PKG_VERSION")).to_owned(),
        }
    }
}

/// A query kept in the project under a name ("quotes without a speaker"),
/// for the document list and the command line.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SavedQuery {
    /// Its name, unique in the project.
    pub name: String,
    /// The query, in the syntax of `marginalia query`.
    pub query: String,
}

/// A Marginalia project: what one `.ron` file holds.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Project {
    /// Format version of the file this was read from or will be written as.
    pub format_version: u32,
    /// Display name.
    pub name: String,
    /// Creation info.
    pub created: CreationInfo,
    /// Span labels, in hotkey order (the first nine get keys 1 to 9).
    pub labels: Vec<Label>,
    /// Relation labels.
    #[serde(default)]
    pub relation_labels: Vec<Label>,
    /// Pre-annotation rules (phrase dictionaries and patterns per label).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub rules: Vec<super::rule::Rule>,
    /// Document label sets (format 3), in key order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub doc_label_sets: Vec<super::judgement::DocLabelSet>,
    /// The entity registry (format 3), sorted by id.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub entities: Vec<super::registry::Entity>,
    /// Queries saved under a name (format 3), sorted by name.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub saved_queries: Vec<SavedQuery>,
    /// The documents, in the analyst's order.
    #[serde(default)]
    pub documents: Vec<Document>,
}

impl Project {
    /// An empty project with the default news-analysis labels.
    pub fn new(name: impl Into<String>, created: CreationInfo) -> Self {
        Self {
            format_version: FORMAT_VERSION,
            name: name.into(),
            created,
            labels: default_labels(),
            relation_labels: default_relation_labels(),
            rules: super::rule::starter_rules(),
            doc_label_sets: Vec::new(),
            entities: Vec::new(),
            saved_queries: Vec::new(),
            documents: Vec::new(),
        }
    }

    /// A copy of the project's settings and labels, without its documents.
    pub fn clone_without_documents(&self) -> Project {
        Project {
            format_version: self.format_version,
            name: self.name.clone(),
            created: self.created.clone(),
            labels: self.labels.clone(),
            relation_labels: self.relation_labels.clone(),
            rules: self.rules.clone(),
            doc_label_sets: self.doc_label_sets.clone(),
            entities: self.entities.clone(),
            saved_queries: self.saved_queries.clone(),
            documents: Vec::new(),
        }
    }

    /// The saved query with this name.
    pub fn saved_query(&self, name: &str) -> Option<&SavedQuery> {
        self.saved_queries.iter().find(|q| q.name == name)
    }

    /// The label with this name.
    pub fn label(&self, name: &str) -> Option<&Label> {
        self.labels.iter().find(|l| l.name == name)
    }

    /// Position of the label with this name (its hotkey is position + 1).
    pub fn label_index(&self, name: &str) -> Option<usize> {
        self.labels.iter().position(|l| l.name == name)
    }

    /// The document label set with this name.
    pub fn doc_label_set(&self, name: &str) -> Option<&super::judgement::DocLabelSet> {
        self.doc_label_sets.iter().find(|s| s.name == name)
    }

    /// The registry entry with this id.
    pub fn entity(&self, id: &str) -> Option<&super::registry::Entity> {
        self.entities
            .binary_search_by(|e| e.id.as_str().cmp(id))
            .ok()
            .map(|i| &self.entities[i])
    }

    /// The relation label with this name.
    pub fn relation_label(&self, name: &str) -> Option<&Label> {
        self.relation_labels.iter().find(|l| l.name == name)
    }

    /// The document with this id.
    pub fn document(&self, id: &str) -> Option<&Document> {
        self.documents.iter().find(|d| d.id == id)
    }

    /// Index of the document with this id.
    pub fn document_index(&self, id: &str) -> Option<usize> {
        self.documents.iter().position(|d| d.id == id)
    }

    /// Index of the first document not yet done, else of the first document.
    pub fn first_open_document(&self) -> Option<usize> {
        self.documents
            .iter()
            .position(|d| d.status != Status::Done)
            .or(if self.documents.is_empty() {
                None
            } else {
                Some(0)
            })
    }

    /// Total number of spans.
    pub fn span_count(&self) -> usize {
        self.documents.iter().map(|d| d.spans.len()).sum()
    }

    /// Spans per label name, in label order; labels without spans count 0.
    /// Spans whose label is unknown are counted under their own name at the
    /// end. Pending suggestions do not count.
    pub fn label_counts(&self) -> Vec<(String, usize)> {
        let mut counts: Vec<(String, usize)> =
            self.labels.iter().map(|l| (l.name.clone(), 0)).collect();
        for span in self
            .documents
            .iter()
            .flat_map(|d| &d.spans)
            .filter(|s| !s.suggested)
        {
            match counts.iter_mut().find(|(n, _)| *n == span.label) {
                Some((_, c)) => *c += 1,
                None => counts.push((span.label.clone(), 1)),
            }
        }
        counts
    }

    /// Documents per status.
    pub fn status_counts(&self) -> [(Status, usize); 3] {
        Status::ALL.map(|s| (s, self.documents.iter().filter(|d| d.status == s).count()))
    }

    /// Puts every document's spans in canonical order.
    pub fn canonicalize(&mut self) {
        if !self.entities.is_sorted_by(|a, b| a.id < b.id) {
            self.entities.sort_by(|a, b| a.id.cmp(&b.id));
        }
        if !self.saved_queries.is_sorted_by(|a, b| a.name <= b.name) {
            self.saved_queries.sort_by(|a, b| a.name.cmp(&b.name));
        }
        for d in &mut self.documents {
            if !d.spans_sorted() {
                d.sort_spans();
            }
        }
    }

    /// Whether a document with exactly this text is already in the project.
    pub fn has_text(&self, text: &str) -> bool {
        self.documents.iter().any(|d| *d.text == *text)
    }

    /// A document id derived from `text` that is not yet taken.
    pub fn free_document_id(&self, text: &str) -> String {
        super::ids::free_document_id(text, |id| self.document(id).is_some())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Document, Span};

    #[test]
    fn first_open_document_skips_done() {
        let mut p = Project::new("p", CreationInfo::now("t"));
        assert_eq!(p.first_open_document(), None);
        for (i, s) in [Status::Done, Status::Done, Status::InProgress]
            .into_iter()
            .enumerate()
        {
            let mut d = Document::new(format!("d{i}"), "t", "x");
            d.status = s;
            p.documents.push(d);
        }
        assert_eq!(p.first_open_document(), Some(2));
        p.documents[2].status = Status::Done;
        assert_eq!(p.first_open_document(), Some(0));
    }

    #[test]
    fn counts_include_empty_and_unknown_labels() {
        let mut p = Project::new("p", CreationInfo::now("t"));
        let mut d = Document::new("d", "t", "hello world");
        d.insert_span(Span::new("a", 0, 5, "quote"));
        d.insert_span(Span::new("b", 6, 11, "quote"));
        d.insert_span(Span::new("c", 6, 11, "mystery"));
        p.documents.push(d);
        let counts = p.label_counts();
        assert_eq!(counts[0], ("claim".to_owned(), 0));
        assert_eq!(counts[1], ("quote".to_owned(), 2));
        assert_eq!(counts.last(), Some(&("mystery".to_owned(), 1)));
    }

    #[test]
    fn duplicate_texts_get_distinct_ids() {
        let mut p = Project::new("p", CreationInfo::now("t"));
        let id = p.free_document_id("same");
        p.documents.push(Document::new(id.clone(), "a", "same"));
        let id2 = p.free_document_id("same");
        assert_eq!(id2, format!("{id}-2"));
    }
}
