//! Exports for training pipelines. Every span is checked against its text
//! before anything is written: a span that does not slice is an error.

mod jsonl;

use crate::model::{Document, Project, Status};
use std::io;
use thiserror::Error;

pub use jsonl::write_jsonl;

/// Export formats.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// One JSON object per document, Marginalia's own schema.
    Jsonl,
}

/// Which documents and spans go out.
#[derive(Clone, Debug, Default)]
pub struct Filter {
    /// Only documents with this status.
    pub status: Option<Status>,
    /// Only spans with these labels (empty: all).
    pub labels: Vec<String>,
    /// Only spans by this annotator.
    pub annotator: Option<String>,
}

impl Filter {
    /// Whether `doc` is exported.
    pub fn keeps_document(&self, doc: &Document) -> bool {
        self.status.is_none_or(|s| doc.status == s)
    }

    /// Whether `span` is exported.
    pub fn keeps_span(&self, span: &crate::model::Span) -> bool {
        (self.labels.is_empty() || self.labels.contains(&span.label))
            && self.annotator.as_ref().is_none_or(|a| span.annotator == *a)
    }
}

/// What an export wrote.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Summary {
    /// Documents written.
    pub documents: usize,
    /// Spans written.
    pub spans: usize,
    /// Relations written.
    pub relations: usize,
}

/// Why an export failed.
#[derive(Debug, Error)]
pub enum ExportError {
    /// A span's offsets do not fit its document's text.
    #[error(
        "document {doc}, span {span}: offsets {start}..{end} do not slice a text of {len} code points"
    )]
    BadSpan {
        /// Document id.
        doc: String,
        /// Span id.
        span: String,
        /// Start offset.
        start: usize,
        /// End offset.
        end: usize,
        /// Text length in code points.
        len: usize,
    },
    /// Writing failed.
    #[error("write failed: {0}")]
    Io(#[from] io::Error),
}

/// Writes `project` in `format` to `out`.
pub fn export(
    project: &Project,
    format: Format,
    filter: &Filter,
    out: &mut dyn io::Write,
) -> Result<Summary, ExportError> {
    match format {
        Format::Jsonl => write_jsonl(project, filter, out),
    }
}
