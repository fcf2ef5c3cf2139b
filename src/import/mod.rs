//! Importing articles into a project: files and folders in, a report out.
//!
//! Every input ends up in the report as imported, skipped (a duplicate, a
//! file type a folder scan passes over) or failed (with the reason). Failed
//! inputs never stop the others.

pub mod html;
mod input;
mod jsonl;
mod sniff;
mod text;

use crate::model::{DocIndex, Project};
use std::collections::HashSet;
use std::fmt;
use std::path::{Path, PathBuf};

pub use jsonl::{Prediction, read_prediction};
pub use text::{MAX_TEXT_BYTES, decode_text, title_from_text};

/// How to import.
#[derive(Clone, Debug, Default)]
pub struct ImportOptions {
    /// Import a text even if the project already has an identical one.
    pub allow_duplicates: bool,
    /// Annotator recorded for spans that come with the input.
    pub annotator: String,
}

/// What happened to one input.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Outcome {
    /// Added as a document.
    Imported {
        /// The new document's id.
        doc_id: String,
        /// Its title.
        title: String,
        /// What the analyst should know about how the text was found (no
        /// article, so the page's visible text; a page cut at the nesting limit).
        warnings: Vec<String>,
    },
    /// Deliberately not imported.
    Skipped {
        /// Why.
        reason: String,
    },
    /// Could not be imported.
    Failed {
        /// Why.
        reason: String,
    },
}

/// One input file (or a path that could not be read) and its outcome.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Entry {
    /// The input.
    pub path: PathBuf,
    /// What happened.
    pub outcome: Outcome,
}

/// A path as shown in reports: control characters (a newline, an escape
/// sequence) escaped as `\n`, `\u{1b}`..., so a file name can neither split
/// a report line nor color a terminal; other characters (Hangul, quotes) as
/// they are.
pub fn shown(path: &Path) -> String {
    let name = path.to_string_lossy();
    if !name.chars().any(char::is_control) {
        return name.into_owned();
    }
    let mut out = String::with_capacity(name.len() + 8);
    for c in name.chars() {
        if c.is_control() {
            out.extend(c.escape_debug());
        } else {
            out.push(c);
        }
    }
    out
}

impl fmt::Display for Entry {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let p = shown(&self.path);
        match &self.outcome {
            Outcome::Imported {
                doc_id,
                title,
                warnings,
            } => {
                write!(f, "imported {p} as {doc_id} ({title:?})")?;
                for w in warnings {
                    write!(f, "; warning: {w}")?;
                }
                Ok(())
            }
            Outcome::Skipped { reason } => write!(f, "skipped {p}: {reason}"),
            Outcome::Failed { reason } => write!(f, "failed {p}: {reason}"),
        }
    }
}

/// What an import did, input by input.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ImportReport {
    /// One entry per input file, in the order they were read.
    pub entries: Vec<Entry>,
    /// Remarks about inputs that were imported with a correction (once per
    /// file), e.g. `FILE: offsets looked like UTF-16 code units; converted`.
    pub notes: Vec<String>,
}

impl ImportReport {
    /// Number of documents added.
    pub fn imported(&self) -> usize {
        self.count(|o| matches!(o, Outcome::Imported { .. }))
    }

    /// Number of inputs skipped.
    pub fn skipped(&self) -> usize {
        self.count(|o| matches!(o, Outcome::Skipped { .. }))
    }

    /// Number of inputs that failed.
    pub fn failed(&self) -> usize {
        self.count(|o| matches!(o, Outcome::Failed { .. }))
    }

    fn count(&self, f: impl Fn(&Outcome) -> bool) -> usize {
        self.entries.iter().filter(|e| f(&e.outcome)).count()
    }

    fn push(&mut self, path: &Path, outcome: Outcome) {
        self.entries.push(Entry {
            path: path.to_owned(),
            outcome,
        });
    }
}

/// File types the importer reads, by extension (lower case).
pub const SUPPORTED_EXTENSIONS: &[&str] = &["txt", "jsonl", "html", "htm", "xhtml"];

fn extension(path: &Path) -> Option<String> {
    path.extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase())
}

fn is_supported(path: &Path) -> bool {
    extension(path).is_some_and(|e| SUPPORTED_EXTENSIONS.contains(&e.as_str()))
}

fn is_hidden(path: &Path) -> bool {
    path.file_name()
        .is_some_and(|n| n.to_string_lossy().starts_with('.'))
}

/// Expands folders (recursively, sorted, hidden entries left out) into files.
/// Unsupported files found in folders are reported as skipped; unsupported or
/// missing paths named directly are reported as failed.
pub fn collect_inputs(paths: &[PathBuf], report: &mut ImportReport) -> Vec<PathBuf> {
    let mut files = Vec::new();
    let mut visited = HashSet::new();
    for path in paths {
        // Links followed: a link to a folder is a folder.
        let meta = match std::fs::metadata(path) {
            Ok(m) => m,
            Err(e) => {
                report.push(
                    path,
                    Outcome::Failed {
                        reason: input::io_reason(&e),
                    },
                );
                continue;
            }
        };
        if meta.is_dir() {
            walk(path, &mut files, &mut visited, report);
        } else if !meta.is_file() {
            report.push(
                path,
                Outcome::Failed {
                    reason: input::not_regular(&meta.file_type()),
                },
            );
        } else if is_supported(path) {
            files.push(path.clone());
        } else {
            report.push(
                path,
                Outcome::Failed {
                    reason: unsupported_reason(path),
                },
            );
        }
    }
    files
}

fn unsupported_reason(path: &Path) -> String {
    let ext = extension(path).map_or_else(|| "(none)".to_owned(), |e| format!(".{e}"));
    format!(
        "unsupported file type {ext} (supported: {})",
        SUPPORTED_EXTENSIONS
            .iter()
            .map(|e| format!(".{e}"))
            .collect::<Vec<_>>()
            .join(", ")
    )
}

/// Walks one folder. Folders are known by their canonical path, so links
/// back up the tree (or two links to `.`) are followed once, not forever.
fn walk(
    dir: &Path,
    files: &mut Vec<PathBuf>,
    visited: &mut HashSet<PathBuf>,
    report: &mut ImportReport,
) {
    let cannot_read = |report: &mut ImportReport, e: std::io::Error| {
        report.push(
            dir,
            Outcome::Failed {
                reason: format!("cannot read folder: {e}"),
            },
        );
    };
    let canonical = match std::fs::canonicalize(dir) {
        Ok(c) => c,
        Err(e) => return cannot_read(report, e),
    };
    if !visited.insert(canonical) {
        let link = std::fs::symlink_metadata(dir).is_ok_and(|m| m.file_type().is_symlink());
        report.push(
            dir,
            Outcome::Skipped {
                reason: if link {
                    "a link to a folder already read".into()
                } else {
                    "a folder already read".into()
                },
            },
        );
        return;
    }
    let mut entries: Vec<PathBuf> = match std::fs::read_dir(dir) {
        Ok(rd) => rd.filter_map(|e| e.ok().map(|e| e.path())).collect(),
        Err(e) => return cannot_read(report, e),
    };
    entries.sort();
    for p in entries {
        if is_hidden(&p) {
            continue;
        }
        // Links followed; what is not a folder or a regular file (a FIFO, a
        // device) is never opened.
        match std::fs::metadata(&p) {
            Ok(m) if m.is_dir() => walk(&p, files, visited, report),
            Ok(m) if !m.is_file() => report.push(
                &p,
                Outcome::Skipped {
                    reason: input::not_regular(&m.file_type()),
                },
            ),
            // A broken link is reported when it is read.
            Ok(_) | Err(_) if is_supported(&p) => files.push(p),
            Ok(_) | Err(_) => report.push(
                &p,
                Outcome::Skipped {
                    reason: unsupported_reason(&p),
                },
            ),
        }
    }
}

/// Imports files and folders into `project`.
pub fn import_paths(
    project: &mut Project,
    paths: &[PathBuf],
    opts: &ImportOptions,
) -> ImportReport {
    import_paths_with_progress(project, paths, opts, &mut |_, _| true)
}

/// Like [`import_paths`], calling `progress(done, total)` before each file;
/// when it returns `false` the import stops and the rest is reported as skipped.
pub fn import_paths_with_progress(
    project: &mut Project,
    paths: &[PathBuf],
    opts: &ImportOptions,
    progress: &mut dyn FnMut(usize, usize) -> bool,
) -> ImportReport {
    let mut report = ImportReport::default();
    let files = collect_inputs(paths, &mut report);
    let mut ids = crate::model::IdGen::new();
    let mut index = DocIndex::new(project);
    let total = files.len();
    let mut cancelled = false;
    for (done, file) in files.into_iter().enumerate() {
        if cancelled || !progress(done, total) {
            cancelled = true;
            report.push(
                &file,
                Outcome::Skipped {
                    reason: "import cancelled".into(),
                },
            );
            continue;
        }
        if extension(&file).as_deref() == Some("jsonl") {
            import_jsonl_file(project, &mut index, &file, opts, &mut ids, &mut report);
        } else {
            let outcome = import_file(project, &mut index, &file, opts);
            report.push(&file, outcome);
        }
    }
    report
}

/// Imports into a copy of `snapshot` and returns the change as one undoable
/// edit (new labels, relation labels and documents), with the report. The
/// window runs this off the UI thread.
pub fn import_as_edit(
    snapshot: &Project,
    paths: &[PathBuf],
    opts: &ImportOptions,
    progress: &mut dyn FnMut(usize, usize) -> bool,
) -> (crate::edit::Edit, ImportReport) {
    use crate::edit::Edit;
    let mut scratch = snapshot.clone();
    let report = import_paths_with_progress(&mut scratch, paths, opts, progress);
    let mut edits = Vec::new();
    for (i, l) in scratch
        .labels
        .iter()
        .enumerate()
        .skip(snapshot.labels.len())
    {
        edits.push(Edit::AddLabel {
            index: i,
            label: l.clone(),
        });
    }
    for (i, l) in scratch
        .relation_labels
        .iter()
        .enumerate()
        .skip(snapshot.relation_labels.len())
    {
        edits.push(Edit::AddRelationLabel {
            index: i,
            label: l.clone(),
        });
    }
    let base = snapshot.documents.len();
    for (k, d) in scratch.documents.into_iter().skip(base).enumerate() {
        edits.push(Edit::AddDocument {
            index: base + k,
            document: Box::new(d),
        });
    }
    (Edit::Batch(edits), report)
}

/// Largest JSONL file read, in bytes (4 GiB).
pub const MAX_JSONL_BYTES: u64 = 4 << 30;
/// Largest JSONL line read, in bytes (64 MiB, the limit of one text file):
/// longer lines are refused without being held in memory.
pub const MAX_JSONL_LINE: usize = 64 << 20;

/// Imports every line of a JSONL file; each line is reported as `FILE:LINE`.
fn import_jsonl_file(
    project: &mut Project,
    index: &mut DocIndex,
    path: &Path,
    opts: &ImportOptions,
    ids: &mut crate::model::IdGen,
    report: &mut ImportReport,
) {
    let file = input::open_regular(path).and_then(|(f, m)| {
        if m.len() > MAX_JSONL_BYTES {
            Err(format!(
                "file is {} bytes, over the import limit of {MAX_JSONL_BYTES} bytes",
                m.len()
            ))
        } else {
            Ok(f)
        }
    });
    match file {
        Ok(f) => {
            use std::io::Read as _;
            // Read no more than the limit, whatever the size said.
            let reader = std::io::BufReader::with_capacity(1 << 20, f.take(MAX_JSONL_BYTES));
            import_jsonl_reader(project, index, reader, path, opts, ids, report);
        }
        Err(reason) => report.push(path, Outcome::Failed { reason }),
    }
}

/// Imports JSONL from bytes, as if read from a file named `name` (fuzzing,
/// tests, stdin).
pub fn import_jsonl_bytes(
    project: &mut Project,
    bytes: &[u8],
    name: &Path,
    opts: &ImportOptions,
) -> ImportReport {
    let mut report = ImportReport::default();
    let mut ids = crate::model::IdGen::new();
    let mut index = DocIndex::new(project);
    import_jsonl_reader(
        project,
        &mut index,
        bytes,
        name,
        opts,
        &mut ids,
        &mut report,
    );
    report
}

/// Reads one line into `buf` (without its end), keeping at most `limit + 1`
/// bytes and skipping the rest. Returns the line's full length, or `None` at
/// the end of the input.
fn read_line_limited(
    reader: &mut impl std::io::BufRead,
    buf: &mut Vec<u8>,
    limit: usize,
) -> std::io::Result<Option<usize>> {
    buf.clear();
    let mut total = 0;
    loop {
        let chunk = match reader.fill_buf() {
            Ok(c) => c,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        if chunk.is_empty() {
            return Ok((total > 0).then_some(total));
        }
        let (piece, done) = match chunk.iter().position(|&b| b == b'\n') {
            Some(i) => (&chunk[..i], Some(i + 1)),
            None => (chunk, None),
        };
        let room = (limit + 1).saturating_sub(buf.len());
        buf.extend_from_slice(&piece[..piece.len().min(room)]);
        total += piece.len();
        let used = done.unwrap_or(chunk.len());
        reader.consume(used);
        if done.is_some() {
            return Ok(Some(total + 1));
        }
    }
}

/// Imports every line read from `reader`, reported as `NAME:LINE`.
fn import_jsonl_reader(
    project: &mut Project,
    index: &mut DocIndex,
    mut reader: impl std::io::BufRead,
    path: &Path,
    opts: &ImportOptions,
    ids: &mut crate::model::IdGen,
    report: &mut ImportReport,
) {
    let source = path.display().to_string();
    let mut buf = Vec::new();
    let mut n = 0;
    let mut any = false;
    let mut converted = jsonl::Converted::default();
    loop {
        let len = match read_line_limited(&mut reader, &mut buf, MAX_JSONL_LINE) {
            Ok(Some(len)) => len,
            Ok(None) => break,
            Err(e) => {
                report.push(
                    path,
                    Outcome::Failed {
                        reason: format!("read failed after line {n}: {e}"),
                    },
                );
                return;
            }
        };
        n += 1;
        let at = PathBuf::from(format!("{source}:{n}"));
        if buf.len() > MAX_JSONL_LINE {
            any = true;
            report.push(
                &at,
                Outcome::Failed {
                    reason: format!(
                        "line is {len} bytes, over the limit of {MAX_JSONL_LINE} bytes for one line"
                    ),
                },
            );
            continue;
        }
        if buf.last() == Some(&b'\r') {
            buf.pop();
        }
        let bytes = if n == 1 {
            buf.strip_prefix(b"\xef\xbb\xbf").unwrap_or(&buf)
        } else {
            &buf[..]
        };
        let line = match std::str::from_utf8(bytes) {
            Ok(l) => l,
            Err(e) => {
                report.push(
                    &at,
                    Outcome::Failed {
                        reason: format!("not UTF-8 (invalid byte at offset {})", e.valid_up_to()),
                    },
                );
                continue;
            }
        };
        if line.trim().is_empty() {
            continue;
        }
        any = true;
        let outcome = jsonl::import_line(project, index, line, &source, opts, ids, &mut converted);
        report.push(&at, outcome);
    }
    let lines = |n: usize| {
        if n == 1 {
            "1 line".to_owned()
        } else {
            format!("{n} lines")
        }
    };
    if converted.utf16 > 0 {
        report.notes.push(format!(
            "{source}: offsets looked like UTF-16 code units; converted to code points ({})",
            lines(converted.utf16)
        ));
    }
    if converted.utf8 > 0 {
        report.notes.push(format!(
            "{source}: offsets looked like UTF-8 byte offsets; converted to code points ({})",
            lines(converted.utf8)
        ));
    }
    if !any {
        report.push(
            path,
            Outcome::Failed {
                reason: "empty file: no JSON lines".into(),
            },
        );
    }
}

/// Reads one regular file (links followed), refusing anything else (a FIFO,
/// a device, a folder) and files over [`MAX_TEXT_BYTES`]; never reads more
/// than the limit, whatever the file claims its size is.
pub fn read_limited(path: &Path) -> Result<Vec<u8>, String> {
    input::read_regular(path, MAX_TEXT_BYTES)
}

fn import_file(
    project: &mut Project,
    index: &mut DocIndex,
    path: &Path,
    opts: &ImportOptions,
) -> Outcome {
    let bytes = match read_limited(path) {
        Ok(b) => b,
        Err(reason) => return Outcome::Failed { reason },
    };
    if matches!(extension(path).as_deref(), Some("html" | "htm" | "xhtml")) {
        return import_html(project, index, path, &bytes, opts);
    }
    let text = match decode_text(&bytes) {
        Ok(t) => t,
        Err(reason) => return Outcome::Failed { reason },
    };
    add_document(
        project,
        index,
        title_from_text(&text),
        text,
        &path.display().to_string(),
        opts,
    )
}

/// Imports a saved web page: the extracted article with its metadata.
fn import_html(
    project: &mut Project,
    index: &mut DocIndex,
    path: &Path,
    bytes: &[u8],
    opts: &ImportOptions,
) -> Outcome {
    let a = match html::extract_checked(bytes) {
        Ok(a) => a,
        Err(reason) => return Outcome::Failed { reason },
    };
    let title = if a.meta.title.is_empty() {
        title_from_text(&a.text)
    } else {
        a.meta.title.clone()
    };
    let mut outcome = add_document(
        project,
        index,
        title,
        a.text.clone(),
        &path.display().to_string(),
        opts,
    );
    if let Outcome::Imported {
        doc_id, warnings, ..
    } = &mut outcome
        && let Some(doc) = project.documents.last_mut().filter(|d| d.id == *doc_id)
    {
        warnings.extend(a.warnings);
        doc.byline = a.meta.byline;
        doc.published = a.meta.published;
        doc.site = a.meta.site;
        for (k, v) in [
            ("url", a.meta.url),
            ("lang", a.meta.lang),
            ("description", a.meta.description),
            ("captions", a.captions.join("\n")),
            ("encoding", a.encoding),
        ] {
            if !v.is_empty() {
                doc.meta.insert(k.to_owned(), v);
            }
        }
    }
    outcome
}

/// Adds a document unless it duplicates one (same text), returning the outcome.
pub fn add_document(
    project: &mut Project,
    index: &mut DocIndex,
    title: String,
    text: String,
    source: &str,
    opts: &ImportOptions,
) -> Outcome {
    if !opts.allow_duplicates
        && let Some(d) = index.with_text(project, &text)
    {
        return Outcome::Skipped {
            reason: format!("same text as document {} ({:?})", d.id, d.title),
        };
    }
    let id = index.free_id(&text);
    let mut doc = crate::model::Document::new(id.clone(), title.clone(), text);
    doc.source = source.to_owned();
    index.push(project, doc);
    Outcome::Imported {
        doc_id: id,
        title,
        warnings: Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::CreationInfo;
    use std::fs;

    #[test]
    fn a_100_mb_jsonl_line_is_refused_and_the_next_line_imported() {
        use std::io::Read as _;
        let mut p = Project::new("p", CreationInfo::now("t"));
        let huge = std::io::repeat(b'x').take(100 << 20);
        let input = b"{\"text\": \"".chain(huge).chain(
            &b"\"}\r\n{\"text\": \"Seoul warns Moscow.\", \"label\": [[0, 5, \"entity\"]]}\n"[..],
        );
        let mut report = ImportReport::default();
        let mut ids = crate::model::IdGen::new();
        let reader = std::io::BufReader::with_capacity(1 << 20, input);
        let mut index = DocIndex::new(&p);
        import_jsonl_reader(
            &mut p,
            &mut index,
            reader,
            Path::new("big.jsonl"),
            &ImportOptions::default(),
            &mut ids,
            &mut report,
        );
        let lines: Vec<String> = report.entries.iter().map(|e| e.to_string()).collect();
        assert_eq!(report.failed(), 1, "{lines:#?}");
        assert!(lines[0].contains("big.jsonl:1"), "{lines:#?}");
        assert!(lines[0].contains("over the limit"), "{lines:#?}");
        assert_eq!(report.imported(), 1, "{lines:#?}");
        assert_eq!(&*p.documents[0].text, "Seoul warns Moscow.");
        assert_eq!(p.documents[0].spans.len(), 1);
    }

    #[test]
    fn a_folder_with_good_duplicate_empty_and_binary_files() {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        fs::write(d.join("a.txt"), "Title A\r\n\r\nBody “quoted” — text.\r\n").unwrap();
        fs::create_dir(d.join("sub")).unwrap();
        fs::write(d.join("sub/b.txt"), "Title B\nBody.").unwrap();
        fs::write(d.join("sub/dup.txt"), "Title B\nBody.").unwrap();
        fs::write(d.join("empty.txt"), "  \n").unwrap();
        fs::write(d.join("bin.txt"), b"\x00\x01\x02PNG").unwrap();
        fs::write(d.join("photo.jpg"), b"\xff\xd8").unwrap();
        fs::write(d.join(".hidden.txt"), "secret").unwrap();
        let mut p = Project::new("p", CreationInfo::now("t"));
        let report = import_paths(&mut p, &[d.to_owned()], &ImportOptions::default());
        let lines: Vec<String> = report.entries.iter().map(ToString::to_string).collect();
        assert_eq!(report.imported(), 2, "{lines:#?}");
        assert_eq!(report.failed(), 2, "{lines:#?}");
        assert_eq!(report.skipped(), 2, "{lines:#?}");
        assert_eq!(p.documents[0].title, "Title A");
        assert_eq!(&*p.documents[0].text, "Title A\n\nBody “quoted” — text.\n");
        assert!(
            lines
                .iter()
                .any(|l| l.contains("dup.txt: same text as document"))
        );
        assert!(lines.iter().any(|l| l.contains("empty.txt: empty")));
        assert!(lines.iter().any(|l| l.contains("bin.txt: binary")));
        assert!(crate::model::validate(&p).is_empty());
    }

    #[test]
    fn import_as_an_edit_undoes_in_one_step_and_can_be_cancelled() {
        let dir = tempfile::tempdir().unwrap();
        for i in 0..3 {
            fs::write(
                dir.path().join(format!("{i}.txt")),
                format!("Title {i}\nBody {i}."),
            )
            .unwrap();
        }
        fs::write(
            dir.path().join("x.jsonl"),
            r#"{"text": "New label here.", "label": [[0, 3, "NOVEL"]]}"#,
        )
        .unwrap();
        let p = Project::new("p", CreationInfo::now("t"));
        let (edit, report) = import_as_edit(
            &p,
            &[dir.path().to_owned()],
            &ImportOptions::default(),
            &mut |_, _| true,
        );
        assert_eq!(report.imported(), 4);
        let mut q = p.clone();
        let undo = edit.apply(&mut q).unwrap();
        assert_eq!(q.documents.len(), 4);
        assert!(q.label("NOVEL").is_some());
        undo.apply(&mut q).unwrap();
        assert_eq!(q, p);
        // Cancelled after two files: the rest is reported as skipped.
        let (edit, report) = import_as_edit(
            &p,
            &[dir.path().to_owned()],
            &ImportOptions::default(),
            &mut |done, _| done < 2,
        );
        assert_eq!(report.imported(), 2);
        assert_eq!(report.skipped(), 2);
        let mut q = p.clone();
        edit.apply(&mut q).unwrap();
        assert_eq!(q.documents.len(), 2);
    }

    #[test]
    fn control_characters_in_names_do_not_split_report_lines() {
        let e = Entry {
            path: PathBuf::from("in\tbox/evil\nname\r\u{1b}[31m.txt"),
            outcome: Outcome::Failed {
                reason: "empty file".into(),
            },
        };
        let line = e.to_string();
        assert_eq!(
            line,
            "failed in\\tbox/evil\\nname\\r\\u{1b}[31m.txt: empty file"
        );
        let e = Entry {
            path: PathBuf::from("기사/한국어 “제목”.txt"),
            outcome: Outcome::Skipped { reason: "x".into() },
        };
        assert_eq!(e.to_string(), "skipped 기사/한국어 “제목”.txt: x");
    }

    #[test]
    fn duplicates_can_be_allowed() {
        let mut p = Project::new("p", CreationInfo::now("t"));
        let opts = ImportOptions {
            allow_duplicates: true,
            ..Default::default()
        };
        let mut index = DocIndex::new(&p);
        for _ in 0..2 {
            add_document(&mut p, &mut index, "t".into(), "same".into(), "x", &opts);
        }
        assert_eq!(p.documents.len(), 2);
        assert_ne!(p.documents[0].id, p.documents[1].id);
    }
}
