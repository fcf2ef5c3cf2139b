//! What differs between two versions of a project, in words an analyst
//! reads: "3 spans added, 1 removed in 2 documents". Used to say what a
//! recovery file or a colleague's copy would change.

use super::{Document, Project};
use std::collections::HashMap;
use std::fmt;

/// Counts of differences from an old to a new version of a project.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct DiffSummary {
    /// Documents only in the new version.
    pub documents_added: usize,
    /// Documents only in the old version.
    pub documents_removed: usize,
    /// Documents in both whose annotations, status or note differ.
    pub documents_changed: usize,
    /// Spans (by id) only in the new version.
    pub spans_added: usize,
    /// Spans (by id) only in the old version.
    pub spans_removed: usize,
    /// Spans in both with another range, label, note or attributes.
    pub spans_changed: usize,
    /// Relations added.
    pub relations_added: usize,
    /// Relations removed.
    pub relations_removed: usize,
    /// Documents whose status or note differ.
    pub status_or_notes: usize,
    /// Whether the label sets or the project's name differ.
    pub labels_changed: bool,
    /// Titles of the changed documents, at most [`DiffSummary::TITLES`].
    pub titles: Vec<String>,
}

impl DiffSummary {
    /// How many changed documents' titles are listed.
    pub const TITLES: usize = 5;

    /// Whether the two versions are the same.
    pub fn is_empty(&self) -> bool {
        *self == DiffSummary::default()
    }
}

/// Compares `old` with `new`.
pub fn diff(old: &Project, new: &Project) -> DiffSummary {
    let mut s = DiffSummary {
        labels_changed: old.labels != new.labels
            || old.relation_labels != new.relation_labels
            || old.name != new.name,
        ..DiffSummary::default()
    };
    let olds: HashMap<&str, &Document> = old.documents.iter().map(|d| (d.id.as_str(), d)).collect();
    for d in &new.documents {
        match olds.get(d.id.as_str()) {
            None => s.documents_added += 1,
            Some(o) => {
                if document_diff(o, d, &mut s) {
                    s.documents_changed += 1;
                    if s.titles.len() < DiffSummary::TITLES {
                        s.titles.push(d.title.clone());
                    }
                }
            }
        }
    }
    let news: HashMap<&str, ()> = new.documents.iter().map(|d| (d.id.as_str(), ())).collect();
    s.documents_removed = old
        .documents
        .iter()
        .filter(|d| !news.contains_key(d.id.as_str()))
        .count();
    s
}

/// Adds the differences of one document to `s`; returns whether there were any.
fn document_diff(old: &Document, new: &Document, s: &mut DiffSummary) -> bool {
    if old == new {
        return false;
    }
    let olds: HashMap<&str, _> = old.spans.iter().map(|x| (x.id.as_str(), x)).collect();
    let mut seen = 0;
    for span in &new.spans {
        match olds.get(span.id.as_str()) {
            None => s.spans_added += 1,
            Some(o) => {
                seen += 1;
                if *o != span {
                    s.spans_changed += 1;
                }
            }
        }
    }
    s.spans_removed += old.spans.len() - seen;
    let old_rel: HashMap<&str, _> = old.relations.iter().map(|r| (r.id.as_str(), r)).collect();
    let mut kept = 0;
    for r in &new.relations {
        match old_rel.get(r.id.as_str()) {
            Some(o) if *o == r => kept += 1,
            Some(_) => {
                kept += 1;
                s.relations_added += 1;
                s.relations_removed += 1;
            }
            None => s.relations_added += 1,
        }
    }
    s.relations_removed += old.relations.len() - kept;
    if old.status != new.status || old.note != new.note {
        s.status_or_notes += 1;
    }
    true
}

impl fmt::Display for DiffSummary {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut parts = Vec::new();
        let n = |count: usize, one: &str, many: &str| {
            format!("{count} {}", if count == 1 { one } else { many })
        };
        if self.spans_added + self.spans_removed + self.spans_changed > 0 {
            parts.push(format!(
                "spans: {} added, {} removed, {} changed",
                self.spans_added, self.spans_removed, self.spans_changed
            ));
        }
        if self.relations_added + self.relations_removed > 0 {
            parts.push(format!(
                "relations: {} added, {} removed",
                self.relations_added, self.relations_removed
            ));
        }
        if self.status_or_notes > 0 {
            parts.push(format!(
                "status or note of {}",
                n(self.status_or_notes, "document", "documents")
            ));
        }
        if self.documents_added > 0 {
            parts.push(format!(
                "{} added",
                n(self.documents_added, "document", "documents")
            ));
        }
        if self.documents_removed > 0 {
            parts.push(format!(
                "{} removed",
                n(self.documents_removed, "document", "documents")
            ));
        }
        if self.labels_changed {
            parts.push("the label set or project name".into());
        }
        if parts.is_empty() {
            return f.write_str("no differences");
        }
        f.write_str(&parts.join("; "))?;
        if !self.titles.is_empty() {
            let more = self.documents_changed.saturating_sub(self.titles.len());
            write!(f, " (in “{}”", self.titles.join("”, “"))?;
            if more > 0 {
                write!(f, " and {more} more")?;
            }
            f.write_str(")")?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{CreationInfo, Span, Status};

    #[test]
    fn counts_span_relation_status_and_document_changes() {
        let mut old = Project::new("p", CreationInfo::now("t"));
        let mut d = Document::new("d1", "Seoul talks", "Seoul and Washington agreed.");
        d.insert_span(Span::new("a", 0, 5, "entity"));
        d.insert_span(Span::new("b", 10, 20, "entity"));
        old.documents.push(d);
        old.documents.push(Document::new("d2", "Gone", "x"));
        let mut new = old.clone();
        assert!(diff(&old, &new).is_empty());
        assert_eq!(diff(&old, &new).to_string(), "no differences");

        let d = &mut new.documents[0];
        d.spans.retain(|x| x.id != "a");
        d.insert_span(Span::new("c", 21, 27, "claim"));
        d.spans[0].label = "claim".into();
        d.status = Status::Done;
        new.documents.remove(1);
        new.documents.push(Document::new("d3", "New", "y"));
        let s = diff(&old, &new);
        assert_eq!((s.spans_added, s.spans_removed, s.spans_changed), (1, 1, 1));
        assert_eq!((s.documents_added, s.documents_removed), (1, 1));
        assert_eq!(s.status_or_notes, 1);
        assert_eq!(
            s.to_string(),
            "spans: 1 added, 1 removed, 1 changed; status or note of 1 document; \
             1 document added; 1 document removed (in “Seoul talks”)"
        );
    }
}
