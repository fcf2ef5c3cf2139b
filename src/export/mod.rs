//! Exports for training pipelines: `jsonl`, `doccano`, `spacy` (Prodigy
//! tasks with tokens), `brat` standoff and `conll` (IOB2).
//!
//! Every span of every exported document is checked against its text before
//! anything is written: a span that does not slice is an error, never a
//! silently wrong line.

mod brat;
mod conll;
mod doccano;
mod jsonl;
mod spacy;
pub mod tokens;

use crate::model::{Document, Project, Relation, Span, Status, text::CharIndex};
use std::io;
use std::path::Path;
use thiserror::Error;

/// Export formats.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// One JSON object per document, Marginalia's own schema.
    Jsonl,
    /// doccano sequence labeling JSONL (`label`, or `entities`/`relations`).
    Doccano,
    /// Prodigy/spaCy task JSONL with `tokens` and token-aligned spans.
    Spacy,
    /// brat standoff: a folder of `.txt` + `.ann` files.
    Brat,
    /// CoNLL IOB2: one token per line.
    Conll,
}

impl Format {
    /// All formats, in menu order.
    pub const ALL: [Format; 5] = [
        Format::Jsonl,
        Format::Doccano,
        Format::Spacy,
        Format::Brat,
        Format::Conll,
    ];

    /// The name used on the command line.
    pub fn name(self) -> &'static str {
        match self {
            Format::Jsonl => "jsonl",
            Format::Doccano => "doccano",
            Format::Spacy => "spacy",
            Format::Brat => "brat",
            Format::Conll => "conll",
        }
    }

    /// Whether the output is a folder rather than one file.
    pub fn is_folder(self) -> bool {
        self == Format::Brat
    }

    /// Usual file extension (empty for folders).
    pub fn extension(self) -> &'static str {
        match self {
            Format::Jsonl | Format::Doccano | Format::Spacy => "jsonl",
            Format::Brat => "",
            Format::Conll => "conll",
        }
    }
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
    /// Also write suggestions not yet accepted (left out by default).
    pub include_suggestions: bool,
}

impl Filter {
    /// Whether `doc` is exported.
    pub fn keeps_document(&self, doc: &Document) -> bool {
        self.status.is_none_or(|s| doc.status == s)
    }

    /// Whether `span` is exported.
    pub fn keeps_span(&self, span: &Span) -> bool {
        (self.labels.is_empty() || self.labels.contains(&span.label))
            && self.annotator.as_ref().is_none_or(|a| span.made_by(a))
            && (self.include_suggestions || !span.suggested)
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
    /// Spans left out because the format cannot hold them (CoNLL overlaps),
    /// per label.
    pub dropped: Vec<(String, usize)>,
}

impl Summary {
    /// Total spans dropped.
    pub fn dropped_total(&self) -> usize {
        self.dropped.iter().map(|(_, n)| n).sum()
    }

    fn drop_span(&mut self, label: &str) {
        match self.dropped.iter_mut().find(|(l, _)| l == label) {
            Some((_, n)) => *n += 1,
            None => self.dropped.push((label.to_owned(), 1)),
        }
    }
}

impl std::fmt::Display for Summary {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "exported {} documents, {} spans, {} relations",
            self.documents, self.spans, self.relations
        )?;
        if !self.dropped.is_empty() {
            let per: Vec<String> = self
                .dropped
                .iter()
                .map(|(l, n)| format!("{l} {n}"))
                .collect();
            write!(
                f,
                "; dropped {} overlapping spans the format cannot hold ({})",
                self.dropped_total(),
                per.join(", ")
            )?;
        }
        Ok(())
    }
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
    /// A token-based format could not align a span to tokens (a bug).
    #[error("document {doc}, span {span}: could not align to tokens")]
    Unaligned {
        /// Document id.
        doc: String,
        /// Span id.
        span: String,
    },
    /// The format writes a folder; give a folder path.
    #[error("the {0} format writes a folder: give an output folder with -o")]
    NeedsFolder(&'static str),
    /// Writing failed.
    #[error("write failed: {0}")]
    Io(#[from] io::Error),
}

/// A span that passed the check, with its text.
pub(crate) struct CheckedSpan<'a> {
    pub span: &'a Span,
    pub text: &'a str,
}

/// A document ready to write: kept spans (checked, in order) and relations
/// whose two spans are kept.
pub(crate) struct DocView<'a> {
    pub doc: &'a Document,
    pub spans: Vec<CheckedSpan<'a>>,
    pub relations: Vec<&'a Relation>,
}

impl DocView<'_> {
    pub(crate) fn span_index(&self, id: &str) -> Option<usize> {
        self.spans.iter().position(|s| s.span.id == id)
    }
}

/// Filters and checks every document before anything is written.
pub(crate) fn prepare<'a>(
    project: &'a Project,
    filter: &Filter,
) -> Result<Vec<DocView<'a>>, ExportError> {
    let mut out = Vec::new();
    for doc in project
        .documents
        .iter()
        .filter(|d| filter.keeps_document(d))
    {
        let index = CharIndex::new(&doc.text);
        let mut spans = Vec::new();
        for s in doc.spans.iter().filter(|s| filter.keeps_span(s)) {
            let text = index
                .slice(s.start, s.end)
                .filter(|_| s.start < s.end)
                .ok_or_else(|| ExportError::BadSpan {
                    doc: doc.id.clone(),
                    span: s.id.clone(),
                    start: s.start,
                    end: s.end,
                    len: index.len_chars(),
                })?;
            spans.push(CheckedSpan { span: s, text });
        }
        let kept = |id: &str| spans.iter().any(|c| c.span.id == id);
        let relations = doc
            .relations
            .iter()
            .filter(|r| kept(&r.head) && kept(&r.child))
            .collect();
        out.push(DocView {
            doc,
            spans,
            relations,
        });
    }
    Ok(out)
}

/// Writes a single-stream format (all but `brat`) to `out`.
pub fn export(
    project: &Project,
    format: Format,
    filter: &Filter,
    out: &mut dyn io::Write,
) -> Result<Summary, ExportError> {
    let docs = prepare(project, filter)?;
    let mut out = io::BufWriter::new(out);
    let summary = match format {
        Format::Jsonl => jsonl::write(&docs, &mut out)?,
        Format::Doccano => doccano::write(&docs, &mut out)?,
        Format::Spacy => spacy::write(&docs, &mut out)?,
        Format::Conll => conll::write(&docs, &mut out)?,
        Format::Brat => return Err(ExportError::NeedsFolder("brat")),
    };
    io::Write::flush(&mut out)?;
    Ok(summary)
}

/// Writes `format` to `path`: a file written atomically, or for `brat` a
/// folder (created if needed) of `.txt`/`.ann` files and `annotation.conf`.
pub fn export_to_path(
    project: &Project,
    format: Format,
    filter: &Filter,
    path: &Path,
) -> Result<Summary, ExportError> {
    if format.is_folder() {
        let docs = prepare(project, filter)?;
        return brat::write_folder(project, &docs, path);
    }
    let mut summary = None;
    crate::store::atomic::replace_with(path, false, |f| {
        summary = Some(export(project, format, filter, f).map_err(io::Error::other)?);
        Ok(())
    })?;
    summary.ok_or_else(|| ExportError::Io(io::Error::other("export wrote nothing")))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::CreationInfo;

    #[test]
    fn a_bad_span_stops_every_format_before_writing() {
        let mut p = Project::new("p", CreationInfo::now("t"));
        let mut d = Document::new("d", "t", "short");
        d.spans.push(Span::new("a", 2, 9, "entity"));
        p.documents.push(d);
        for f in Format::ALL {
            let mut out = Vec::new();
            let r = if f.is_folder() {
                let dir = tempfile::tempdir().unwrap();
                let r = export_to_path(&p, f, &Filter::default(), &dir.path().join("out"));
                assert!(!dir.path().join("out").exists(), "{f:?} wrote a folder");
                r
            } else {
                export(&p, f, &Filter::default(), &mut out)
            };
            let err = r.expect_err("must fail");
            assert!(err.to_string().contains("span a: offsets 2..9"), "{err}");
            assert!(out.is_empty(), "{f:?} wrote {out:?}");
        }
    }
}
