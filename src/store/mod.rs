//! The project file: versioned RON, read without panics, written atomically
//! and deterministically.
//!
//! Layout of a file (see docs/FORMAT.md): a comment line, then one RON struct
//! whose first field is `format_version`. Spans and relations are written one
//! per line so that `git diff` shows what an analyst changed.

pub mod atomic;
pub mod lock;
pub mod recovery;
mod stamp;
mod upgrade;

use crate::model::{FORMAT_VERSION, Project};
use std::io::{self, Write as _};
use std::path::{Path, PathBuf};
use thiserror::Error;

pub use atomic::backup_path;
pub use lock::ProjectLock;
pub use stamp::{DiskStamp, changed_since};

/// Largest project file accepted, in bytes (1 GiB).
pub const MAX_FILE_BYTES: u64 = 1 << 30;

/// First line of every file written.
const HEADER: &str = "// Marginalia project file. Offsets are Unicode code points, end-exclusive. See docs/FORMAT.md.\n";

/// What is wrong with a project file's content.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum FormatError {
    /// Zero bytes, or only white space.
    #[error("the file is empty")]
    Empty,
    /// Not UTF-8 text (a binary file, or a wrong encoding).
    #[error("not a text file: invalid UTF-8 at byte {offset}")]
    NotUtf8 {
        /// Byte offset of the first invalid sequence.
        offset: usize,
    },
    /// RON syntax or structure error.
    #[error("{line}:{col}: {message}")]
    Syntax {
        /// 1-based line.
        line: usize,
        /// 1-based column.
        col: usize,
        /// The parser's message.
        message: String,
    },
    /// Written by a newer Marginalia.
    #[error(
        "format version {found} is newer than this Marginalia understands (up to {supported}); update Marginalia to open it"
    )]
    NewerVersion {
        /// Version in the file.
        found: u32,
        /// Newest version this build reads.
        supported: u32,
    },
    /// A version that never existed.
    #[error("unknown format version {0}")]
    UnknownVersion(u32),
}

/// A failure to load or save a project file, naming the file.
#[derive(Debug, Error)]
pub enum StoreError {
    /// Reading or writing failed.
    #[error("{path}: {error}")]
    Io {
        /// The file.
        path: PathBuf,
        /// What the OS said.
        error: io::Error,
    },
    /// The file is larger than [`MAX_FILE_BYTES`].
    #[error("{path}: file is {size} bytes, over the limit of {limit} bytes for a project file")]
    TooLarge {
        /// The file.
        path: PathBuf,
        /// Its size.
        size: u64,
        /// The limit.
        limit: u64,
    },
    /// The content is not a project this build can read. Syntax errors read
    /// `FILE:LINE:COL: message`, as compilers write them.
    #[error("{path}{sep}{error}", sep = if matches!(error, FormatError::Syntax { .. }) { ":" } else { ": " })]
    Format {
        /// The file.
        path: PathBuf,
        /// What is wrong.
        error: FormatError,
    },
    /// The file changed on disk since it was read (someone else saved it);
    /// it was not overwritten.
    #[error(
        "{path}: the file changed on disk since it was opened (another program or a colleague saved it); not overwritten"
    )]
    ChangedOnDisk {
        /// The file.
        path: PathBuf,
    },
    /// Another program holds the project's write lock and did not release it
    /// in time; nothing was written.
    #[error(
        "{path}: being saved by {holder}; waited {waited:?} for it to finish, nothing was written (try again, or set MARGINALIA_LOCK_WAIT to wait longer)"
    )]
    Locked {
        /// The project file.
        path: PathBuf,
        /// Who holds the lock, as it wrote itself into the lock file.
        holder: String,
        /// How long this writer waited.
        waited: std::time::Duration,
    },
    /// Serializing failed (a bug: every model value is serializable).
    #[error("{path}: could not serialize the project: {message}")]
    Serialize {
        /// The file.
        path: PathBuf,
        /// The serializer's message.
        message: String,
    },
}

impl StoreError {
    /// The file the error is about.
    pub fn path(&self) -> &Path {
        match self {
            StoreError::Io { path, .. }
            | StoreError::TooLarge { path, .. }
            | StoreError::Format { path, .. }
            | StoreError::ChangedOnDisk { path }
            | StoreError::Locked { path, .. }
            | StoreError::Serialize { path, .. } => path,
        }
    }
}

/// Whether `head`, the first bytes of a file, is a Marginalia project's or
/// recovery file's header comment (a UTF-8 BOM allowed).
pub fn starts_like_a_project(head: &[u8]) -> bool {
    let head = head.strip_prefix(b"\xef\xbb\xbf").unwrap_or(head);
    let project = HEADER.split('.').next().unwrap_or(HEADER);
    head.starts_with(project.as_bytes()) || head.starts_with(recovery::MARK.as_bytes())
}

/// Reads a project file. Never panics; never writes.
pub fn load(path: &Path) -> Result<Project, StoreError> {
    let io_err = |error| StoreError::Io {
        path: path.to_owned(),
        error,
    };
    let size = std::fs::metadata(path).map_err(io_err)?.len();
    if size > MAX_FILE_BYTES {
        return Err(StoreError::TooLarge {
            path: path.to_owned(),
            size,
            limit: MAX_FILE_BYTES,
        });
    }
    let bytes = std::fs::read(path).map_err(io_err)?;
    from_bytes(&bytes).map_err(|error| StoreError::Format {
        path: path.to_owned(),
        error,
    })
}

/// Parses project file content, upgrading older format versions.
pub fn from_bytes(bytes: &[u8]) -> Result<Project, FormatError> {
    let text = std::str::from_utf8(bytes).map_err(|e| FormatError::NotUtf8 {
        offset: e.valid_up_to(),
    })?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if is_blank(text) {
        if text.trim().is_empty() {
            return Err(FormatError::Empty);
        }
        // Comments and nothing else: the header survived, the project did not.
        let line = text.lines().count() + usize::from(text.ends_with('\n'));
        let col = if text.ends_with('\n') {
            1
        } else {
            text.lines().last().map_or(0, |l| l.chars().count()) + 1
        };
        return Err(FormatError::Syntax {
            line,
            col,
            message: "the file ends before the project begins: only comments (truncated?)".into(),
        });
    }
    let version = upgrade::probe_version(text)?;
    if version > FORMAT_VERSION {
        return Err(FormatError::NewerVersion {
            found: version,
            supported: FORMAT_VERSION,
        });
    }
    let mut project = upgrade::parse_version(version, text)?;
    project.canonicalize();
    Ok(project)
}

/// Whether `text` holds nothing but white space and `//` comments.
fn is_blank(text: &str) -> bool {
    text.lines().all(|l| {
        let l = l.trim();
        l.is_empty() || l.starts_with("//")
    })
}

/// Converts a RON parse error to a located [`FormatError`].
pub(crate) fn syntax_error(e: &ron::error::SpannedError) -> FormatError {
    FormatError::Syntax {
        line: e.span.start.line,
        col: e.span.start.col,
        message: e.code.to_string(),
    }
}

fn ron_options() -> ron::Options {
    // Bounded nesting: hostile files cannot overflow the stack.
    ron::Options::default().with_recursion_limit(64)
}

/// The exact bytes [`save`] writes for `project`: deterministic, one span or
/// relation per line, spans in canonical order.
pub fn to_bytes(project: &Project) -> Result<Vec<u8>, String> {
    let sorted;
    let project = if project.documents.iter().all(|d| d.spans_sorted()) {
        project
    } else {
        let mut p = project.clone();
        p.canonicalize();
        sorted = p;
        &sorted
    };
    // Depth 1 is the project, 2 its lists, 3 a document or label, 4 a
    // document's lists; spans and relations (depth 5) go on one line each.
    let config = ron::ser::PrettyConfig::new()
        .depth_limit(4)
        .indentor("  ")
        .separate_tuple_members(false)
        .enumerate_arrays(false)
        .escape_strings(false);
    let body = ron_options()
        .to_string_pretty(project, config)
        .map_err(|e| e.to_string())?;
    let mut out = Vec::with_capacity(HEADER.len() + body.len() + 1);
    out.extend_from_slice(HEADER.as_bytes());
    out.extend_from_slice(body.as_bytes());
    out.push(b'\n');
    Ok(out)
}

/// Writes `project` to `path` atomically, keeping the previous file as
/// `NAME.ron.bak`, while holding the project's [`ProjectLock`]. On failure
/// the previous file is untouched.
pub fn save(project: &Project, path: &Path) -> Result<(), StoreError> {
    let lock = ProjectLock::acquire(path)?;
    save_locked(project, path, &lock).map(|_| ())
}

/// Writes `project` to `path` under a [`ProjectLock`] the caller holds (the
/// lock is the proof); returns the stamp of the file written.
pub fn save_locked(
    project: &Project,
    path: &Path,
    lock: &ProjectLock,
) -> Result<Option<DiskStamp>, StoreError> {
    let bytes = to_bytes(project).map_err(|message| StoreError::Serialize {
        path: path.to_owned(),
        message,
    })?;
    write_bytes(path, lock, |f| f.write_all(&bytes))?;
    DiskStamp::of(path).map_err(|error| StoreError::Io {
        path: path.to_owned(),
        error,
    })
}

/// Like [`save`], but refuses with [`StoreError::ChangedOnDisk`] if the file
/// is no longer the version `expected` describes (read it with
/// [`DiskStamp::of`] when loading; `None` if there was no file). The check
/// and the write are one step under the project's lock. Returns the stamp of
/// the file written.
pub fn save_checked(
    project: &Project,
    path: &Path,
    expected: Option<DiskStamp>,
) -> Result<Option<DiskStamp>, StoreError> {
    let lock = ProjectLock::acquire(path)?;
    if changed_since(path, expected) {
        return Err(StoreError::ChangedOnDisk {
            path: path.to_owned(),
        });
    }
    save_locked(project, path, &lock)
}

/// [`save`]'s atomic replacement with a custom writer (tests inject failures
/// here), under the project's lock.
pub fn save_bytes_with(
    path: &Path,
    write: impl FnOnce(&mut std::fs::File) -> io::Result<()>,
) -> Result<(), StoreError> {
    let lock = ProjectLock::acquire(path)?;
    write_bytes(path, &lock, write)
}

/// The atomic replacement under `lock`: holding a real lock, the save also
/// removes every temp file a killed save left (none can be another's).
fn write_bytes(
    path: &Path,
    lock: &ProjectLock,
    write: impl FnOnce(&mut std::fs::File) -> io::Result<()>,
) -> Result<(), StoreError> {
    if lock.is_held() {
        atomic::replace_with_exclusive(path, true, write)
    } else {
        atomic::replace_with(path, true, write)
    }
    .map_err(|error| StoreError::Io {
        path: path.to_owned(),
        error,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{CreationInfo, Document, Relation, Span};

    #[test]
    fn a_file_over_the_size_limit_is_refused_unread() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("huge.ron");
        // Sparse: takes no disk space, and is never read.
        let f = std::fs::File::create(&path).unwrap();
        f.set_len(MAX_FILE_BYTES + 1).unwrap();
        drop(f);
        let e = load(&path).unwrap_err();
        assert!(matches!(e, StoreError::TooLarge { .. }), "{e}");
        let msg = e.to_string();
        assert!(
            msg.contains("huge.ron") && msg.contains("over the limit"),
            "{msg}"
        );
        assert_eq!(std::fs::metadata(&path).unwrap().len(), MAX_FILE_BYTES + 1);
    }

    #[test]
    fn the_second_of_two_savers_is_told_and_nothing_is_lost() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("shared.ron");
        save(&project(), &path).unwrap();
        // Two analysts open the same file.
        let stamp_a = DiskStamp::of(&path).unwrap();
        let stamp_b = DiskStamp::of(&path).unwrap();
        let mut a = load(&path).unwrap();
        let mut b = load(&path).unwrap();
        a.documents[0].note = "A's note".into();
        b.documents[0].note = "B's note".into();
        let new_a = save_checked(&a, &path, stamp_a).unwrap();
        let e = save_checked(&b, &path, stamp_b).unwrap_err();
        assert!(matches!(e, StoreError::ChangedOnDisk { .. }), "{e}");
        assert!(e.to_string().contains("shared.ron"), "{e}");
        assert_eq!(load(&path).unwrap(), a, "A's save is intact");
        // A saves again from its own stamp: fine.
        save_checked(&a, &path, new_a).unwrap();
    }

    fn project() -> Project {
        let mut p = Project::new("Sanctions watch", CreationInfo::now("kim"));
        let mut d = Document::new(
            "d1",
            "Seoul “won’t hesitate”",
            "“We won’t hesitate,” said 한국 officials.\nNext line.",
        );
        let mut s = Span::new("s2", 1, 18, "quote");
        s.note = "direct quote".into();
        s.attributes.insert("polarity".into(), "negative".into());
        d.insert_span(s);
        d.insert_span(Span::new("s1", 26, 28, "entity"));
        d.relations
            .push(Relation::new("r1", "s2", "s1", "attributed_to"));
        p.documents.push(d);
        p
    }

    #[test]
    fn round_trip_is_identical_and_deterministic() {
        let p = project();
        let bytes = to_bytes(&p).unwrap();
        let back = from_bytes(&bytes).unwrap();
        assert_eq!(back, p);
        assert_eq!(to_bytes(&back).unwrap(), bytes);
    }

    #[test]
    fn tricky_strings_round_trip() {
        let mut p = project();
        p.documents[0].text =
            "quote \" backslash \\ tab\t nul\u{0} cr\r bell\u{7} \u{202e}rtl “x” 👍🏽\n\nend".into();
        p.documents[0].spans.clear();
        p.documents[0].relations.clear();
        p.name = "r#\"raw\"#".into();
        let bytes = to_bytes(&p).unwrap();
        assert_eq!(from_bytes(&bytes).unwrap(), p);
    }

    #[test]
    fn one_span_per_line_and_readable_unicode() {
        let text = String::from_utf8(to_bytes(&project()).unwrap()).unwrap();
        assert!(text.starts_with("// Marginalia project file"));
        let span_lines: Vec<_> = text
            .lines()
            .filter(|l| l.contains("label: \"quote\"") || l.contains("label:\"quote\""))
            .collect();
        assert_eq!(span_lines.len(), 1, "{text}");
        assert!(
            span_lines[0].contains("start: 1") || span_lines[0].contains("start:1"),
            "{text}"
        );
        assert!(text.contains("한국"), "non-ASCII stays readable: {text}");
        assert!(text.contains("format_version: 4"));
    }

    #[test]
    fn damaged_content_gives_located_errors() {
        assert_eq!(from_bytes(b""), Err(FormatError::Empty));
        assert_eq!(from_bytes(b"  \n"), Err(FormatError::Empty));
        // Truncated after the header comment: not "empty".
        let e = from_bytes(HEADER.as_bytes()).unwrap_err();
        assert_eq!(
            e,
            FormatError::Syntax {
                line: 2,
                col: 1,
                message: "the file ends before the project begins: only comments (truncated?)"
                    .into()
            }
        );
        assert!(matches!(
            from_bytes(b"\xff\xfe\x00garbage"),
            Err(FormatError::NotUtf8 { offset: 0 })
        ));
        let full = to_bytes(&project()).unwrap();
        let truncated = &full[..full.len() / 2];
        // Cut on a char boundary so the error is about syntax, not UTF-8.
        let cut = std::str::from_utf8(truncated)
            .map(str::len)
            .unwrap_or_else(|e| e.valid_up_to());
        match from_bytes(&full[..cut]) {
            Err(FormatError::Syntax { line, .. }) => assert!(line > 1),
            other => panic!("expected a syntax error, got {other:?}"),
        }
    }

    #[test]
    fn newer_versions_are_refused_by_name() {
        let text = String::from_utf8(to_bytes(&project()).unwrap())
            .unwrap()
            .replace("format_version: 4", "format_version: 99");
        let err = from_bytes(text.as_bytes()).unwrap_err();
        assert_eq!(
            err,
            FormatError::NewerVersion {
                found: 99,
                supported: FORMAT_VERSION
            }
        );
        assert!(err.to_string().contains("newer than this Marginalia"));
    }

    #[test]
    fn deep_nesting_is_an_error_not_a_stack_overflow() {
        let deep = format!("(format_version: 1, name: {}", "[".repeat(100_000));
        assert!(matches!(
            from_bytes(deep.as_bytes()),
            Err(FormatError::Syntax { .. })
        ));
    }
}
