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
use std::path::{Path, PathBuf};
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
    /// The entity registry: one JSON object per entry.
    Entities,
}

impl Format {
    /// All formats, in menu order.
    pub const ALL: [Format; 6] = [
        Format::Jsonl,
        Format::Doccano,
        Format::Spacy,
        Format::Brat,
        Format::Conll,
        Format::Entities,
    ];

    /// The name used on the command line.
    pub fn name(self) -> &'static str {
        match self {
            Format::Jsonl => "jsonl",
            Format::Doccano => "doccano",
            Format::Spacy => "spacy",
            Format::Brat => "brat",
            Format::Conll => "conll",
            Format::Entities => "entities",
        }
    }

    /// Whether the output is a folder rather than one file.
    pub fn is_folder(self) -> bool {
        self == Format::Brat
    }

    /// Usual file extension (empty for folders).
    pub fn extension(self) -> &'static str {
        match self {
            Format::Jsonl | Format::Doccano | Format::Spacy | Format::Entities => "jsonl",
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
    /// Only documents signed off after review.
    pub reviewed: bool,
    /// Only spans with these labels (empty: all).
    pub labels: Vec<String>,
    /// Only spans by this annotator.
    pub annotator: Option<String>,
    /// Also write suggestions not yet accepted (left out by default).
    pub include_suggestions: bool,
    /// Only documents with these document labels (`(set, choice)`, all of
    /// them).
    pub doc_labels: Vec<(String, String)>,
}

impl Filter {
    /// Whether `doc` is exported.
    pub fn keeps_document(&self, doc: &Document) -> bool {
        self.status.is_none_or(|s| doc.status == s)
            && (!self.reviewed || doc.is_reviewed())
            && self.doc_labels.iter().all(|(set, choice)| {
                doc.doc_labels
                    .get(set)
                    .is_some_and(|v| v.iter().any(|c| c == choice))
            })
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
    /// The destination is a Marginalia project (the one being exported, or
    /// another): an export never replaces one unless forced.
    #[error(
        "{}: {why}; not overwritten (use --force to replace it; the old file is then kept as {})",
        path.display(),
        crate::store::backup_path(path).display()
    )]
    WouldOverwriteProject {
        /// The destination.
        path: PathBuf,
        /// Why it is taken for a project.
        why: String,
    },
    /// A brat destination folder holds files that are not an earlier
    /// Marginalia brat export.
    #[error(
        "{}: the folder is not empty and is not an earlier Marginalia brat export (no {} in it); \
         choose an empty folder, or use --force to write into it anyway",
        path.display(),
        brat::MARKER
    )]
    FolderNotEmpty {
        /// The folder.
        path: PathBuf,
    },
    /// Writing failed. (Not a `source`: the message already holds the
    /// OS error, and a chain would say it twice.)
    #[error("write failed: {0}")]
    Io(io::Error),
}

impl From<io::Error> for ExportError {
    fn from(e: io::Error) -> Self {
        ExportError::Io(e)
    }
}

/// What an export to a path must not overwrite.
#[derive(Clone, Debug, Default)]
pub struct Guard {
    /// The project file being exported (the window's open project, the
    /// CLI's input): never written over, whatever its content.
    pub project: Option<PathBuf>,
    /// Write even over a project file (keeping it as `NAME.bak`) or into a
    /// non-empty folder that is not an earlier brat export (`--force`).
    pub force: bool,
}

/// Whether `a` and `b` name the same file (hard links and symlinks
/// included). `false` when either does not exist.
fn same_file(a: &Path, b: &Path) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt as _;
        if let (Ok(x), Ok(y)) = (std::fs::metadata(a), std::fs::metadata(b)) {
            return x.dev() == y.dev() && x.ino() == y.ino();
        }
    }
    match (std::fs::canonicalize(a), std::fs::canonicalize(b)) {
        (Ok(x), Ok(y)) => x == y,
        _ => false,
    }
}

/// Why the file at `path` looks like a Marginalia project (its header
/// comment, or content that parses as one), or `None`.
fn project_content(path: &Path) -> Option<String> {
    use io::Read as _;
    let meta = std::fs::metadata(path).ok()?;
    if !meta.is_file() {
        return None;
    }
    let mut head = Vec::new();
    std::fs::File::open(path)
        .ok()?
        .take(4096)
        .read_to_end(&mut head)
        .ok()?;
    if crate::store::starts_like_a_project(&head) {
        return Some("the file is a Marginalia project".into());
    }
    // A project without its header comment: a RON struct. Exports start
    // with `{` or a token, so only such files are read in full.
    let first = String::from_utf8_lossy(&head)
        .lines()
        .map(str::trim)
        .find(|l| !l.is_empty() && !l.starts_with("//"))
        .and_then(|l| l.chars().next());
    if first == Some('(')
        && meta.len() <= crate::store::MAX_FILE_BYTES
        && std::fs::read(path)
            .ok()
            .is_some_and(|b| crate::store::from_bytes(&b).is_ok())
    {
        return Some("the file is a Marginalia project".into());
    }
    None
}

impl Guard {
    /// Why writing the file `path` would destroy a project, or `None`.
    fn protects(&self, path: &Path) -> Option<String> {
        if let Some(p) = &self.project
            && (same_file(p, path) || p == path)
        {
            return Some("it is the project being exported".into());
        }
        project_content(path)
    }
}

/// A span that passed the check, with its text.
pub(crate) struct CheckedSpan<'a> {
    pub span: &'a Span,
    pub text: &'a str,
}

/// A document ready to write: kept spans (checked, in order) and relations
/// whose two spans are kept.
pub(crate) struct DocView<'a> {
    pub project: &'a Project,
    pub doc: &'a Document,
    pub spans: Vec<CheckedSpan<'a>>,
    pub relations: Vec<&'a Relation>,
}

impl<'a> DocView<'a> {
    pub(crate) fn span_index(&self, id: &str) -> Option<usize> {
        self.spans.iter().position(|s| s.span.id == id)
    }

    /// The registry entry a span links to.
    pub(crate) fn entity(&self, span: &Span) -> Option<&'a crate::model::Entity> {
        span.entity
            .as_deref()
            .and_then(|id| self.project.entity(id))
    }

    /// spaCy's `cats`: for every set the document is judged on, `set:choice`
    /// for each of the set's choices, 1.0 when chosen, else 0.0. A set not
    /// judged is left out (not judged is not "none of them").
    pub(crate) fn cats(&self) -> serde_json::Map<String, serde_json::Value> {
        let mut out = serde_json::Map::new();
        for set in &self.project.doc_label_sets {
            let Some(chosen) = self.doc.doc_labels.get(&set.name) else {
                continue;
            };
            for c in &set.choices {
                let on = chosen.contains(&c.name);
                out.insert(
                    format!("{}:{}", set.name, c.name),
                    serde_json::json!(if on { 1.0 } else { 0.0 }),
                );
            }
        }
        out
    }

    /// The document's labels as `set:choice` strings (doccano's
    /// classification labels), in set order.
    pub(crate) fn cat_names(&self) -> Vec<String> {
        self.doc
            .doc_labels
            .iter()
            .flat_map(|(set, v)| v.iter().map(move |c| format!("{set}:{c}")))
            .collect()
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
            project,
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
        Format::Entities => entities(project, &mut out)?,
        Format::Brat => return Err(ExportError::NeedsFolder("brat")),
    };
    io::Write::flush(&mut out)?;
    Ok(summary)
}

/// The registry, one entry a line: `id`, `name`, `kind`, `aliases`,
/// `note`, `external_ids`, `kb_id`, the counts of `mentions` and of spans
/// `attributed` to it, and who said what: `said`, those spans (`doc`,
/// `start`, `end`, `label`, `text`).
fn entities(project: &Project, out: &mut dyn io::Write) -> Result<Summary, ExportError> {
    let counts = crate::model::registry::counts(project);
    let mut summary = Summary::default();
    for e in &project.entities {
        let c = counts.get(e.id.as_str()).copied().unwrap_or_default();
        let said: Vec<serde_json::Value> = crate::model::registry::said_by(project, &e.id)
            .into_iter()
            .map(|m| {
                let text = crate::model::text::slice_chars(&m.doc.text, m.span.start, m.span.end)
                    .unwrap_or("");
                serde_json::json!({"doc": m.doc.id, "start": m.span.start, "end": m.span.end,
                                   "label": m.span.label, "text": text})
            })
            .collect();
        let obj = serde_json::json!({
            "id": e.id, "name": e.name, "kind": e.kind.as_str(), "aliases": e.aliases,
            "note": e.note, "external_ids": e.external_ids, "kb_id": e.kb_id(),
            "mentions": c.mentions, "attributed": c.attributed, "said": said,
        });
        serde_json::to_writer(&mut *out, &obj).map_err(io::Error::from)?;
        out.write_all(b"\n")?;
        summary.documents += 1;
    }
    Ok(summary)
}

/// Writes `format` to `path`: a file written atomically, or for `brat` a
/// folder (created if needed) of `.txt`/`.ann` files and `annotation.conf`.
///
/// A file that is a Marginalia project (by content, or the file
/// `guard.project` names, under any name: hard links and symlinks
/// included) is never written over unless `guard.force`, and then the old
/// file is kept as `NAME.bak`.
pub fn export_to_path(
    project: &Project,
    format: Format,
    filter: &Filter,
    path: &Path,
    guard: &Guard,
) -> Result<Summary, ExportError> {
    if format.is_folder() {
        let docs = prepare(project, filter)?;
        return brat::write_folder(project, &docs, path, guard);
    }
    let keep_bak = match guard.protects(path) {
        Some(why) if !guard.force => {
            return Err(ExportError::WouldOverwriteProject {
                path: path.to_owned(),
                why,
            });
        }
        Some(_) => true,
        None => false,
    };
    let mut summary = None;
    crate::store::atomic::replace_with(path, keep_bak, |f| {
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
                let r = export_to_path(
                    &p,
                    f,
                    &Filter::default(),
                    &dir.path().join("out"),
                    &Guard::default(),
                );
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

    #[test]
    fn the_windows_open_project_is_never_exported_over() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("desk.ron");
        let mut p = Project::new("p", CreationInfo::now("t"));
        p.documents.push(Document::new("d", "t", "text"));
        crate::store::save(&p, &file).unwrap();
        let before = std::fs::read(&file).unwrap();
        let guard = Guard {
            project: Some(file.clone()),
            force: false,
        };
        let e = export_to_path(&p, Format::Jsonl, &Filter::default(), &file, &guard)
            .expect_err("refused");
        assert!(e.to_string().contains("desk.ron"), "{e}");
        assert_eq!(std::fs::read(&file).unwrap(), before);
        // Also a file that is not a project by content: it is the open one.
        std::fs::write(&file, "not a project yet").unwrap();
        let e = export_to_path(&p, Format::Conll, &Filter::default(), &file, &guard)
            .expect_err("refused");
        assert!(e.to_string().contains("the project being exported"), "{e}");
    }
}
