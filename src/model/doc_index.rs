//! Finding a project's documents by id and by text in constant time, for
//! operations that add many documents (import): without it each added
//! document scanned every other one, and importing 10,000 articles was
//! quadratic.

use super::{Document, Project};
use std::collections::{HashMap, HashSet};
use std::hash::{BuildHasher as _, RandomState};

/// The ids and texts of a project's documents. Built once from a project;
/// documents added through [`DocIndex::push`] stay indexed. Documents added
/// or removed in another way make it stale: build a new one.
#[derive(Debug, Default)]
pub struct DocIndex {
    ids: HashSet<String>,
    /// Hash of a document's text -> positions of the documents with it.
    texts: HashMap<u64, Vec<usize>>,
    hasher: RandomState,
}

impl DocIndex {
    /// Indexes every document of `project`.
    pub fn new(project: &Project) -> Self {
        let mut index = DocIndex {
            ids: HashSet::with_capacity(project.documents.len()),
            texts: HashMap::with_capacity(project.documents.len()),
            hasher: RandomState::new(),
        };
        for (i, d) in project.documents.iter().enumerate() {
            index.add(i, d);
        }
        index
    }

    fn add(&mut self, position: usize, d: &Document) {
        self.ids.insert(d.id.clone());
        let h = self.hasher.hash_one(&*d.text);
        self.texts.entry(h).or_default().push(position);
    }

    /// Whether a document has this id.
    pub fn has_id(&self, id: &str) -> bool {
        self.ids.contains(id)
    }

    /// The document of `project` whose text is exactly `text`.
    pub fn with_text<'p>(&self, project: &'p Project, text: &str) -> Option<&'p Document> {
        let h = self.hasher.hash_one(text);
        self.texts
            .get(&h)?
            .iter()
            .filter_map(|&i| project.documents.get(i))
            .find(|d| *d.text == *text)
    }

    /// A document id derived from `text` that is not yet taken (as
    /// [`Project::free_document_id`]).
    pub fn free_id(&self, text: &str) -> String {
        super::ids::free_document_id(text, |id| self.has_id(id))
    }

    /// Appends `doc` to `project` and indexes it. Its id must be free.
    pub fn push(&mut self, project: &mut Project, doc: Document) {
        self.add(project.documents.len(), &doc);
        project.documents.push(doc);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::CreationInfo;

    #[test]
    fn finds_by_id_and_text_and_follows_pushes() {
        let mut p = Project::new("p", CreationInfo::now("t"));
        p.documents.push(Document::new("a", "A", "Seoul warns."));
        let mut index = DocIndex::new(&p);
        assert!(index.has_id("a"));
        assert_eq!(index.with_text(&p, "Seoul warns.").unwrap().id, "a");
        assert!(index.with_text(&p, "Tokyo warns.").is_none());
        let id = index.free_id("Tokyo warns.");
        assert_eq!(id, p.free_document_id("Tokyo warns."));
        index.push(&mut p, Document::new(id.clone(), "T", "Tokyo warns."));
        assert_eq!(index.with_text(&p, "Tokyo warns.").unwrap().id, id);
        // The same text again gets a suffixed id, as Project::free_document_id gives.
        let again = index.free_id("Tokyo warns.");
        assert_eq!(again, format!("{id}-2"));
        assert_eq!(again, p.free_document_id("Tokyo warns."));
    }
}
