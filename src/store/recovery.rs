//! Recovery files: what the window autosaves while edits are unsaved, so
//! that a crash or a power cut loses at most the last half minute.
//!
//! A recovery file is an ordinary project file kept in the user's data
//! folder (not next to the project: that may be a shared drive or a git
//! work tree), named after the project's path. A clean save removes it.
//!
//! Each window holds a *slot* for its project: a recovery file name and an
//! OS file lock beside it, held for as long as the window has the project
//! open. A second window on the same project takes the next slot, so two
//! windows never overwrite each other's recovery file; a crashed window's
//! lock dies with its process, and the next window to open the project
//! takes over that slot and offers its recovery file.

use super::{StoreError, load};
use crate::model::Project;
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::time::SystemTime;

/// Environment variable that overrides the folder recovery files go to.
pub const DIR_ENV: &str = "MARGINALIA_RECOVERY_DIR";

/// First line of a recovery file; the project's path follows it.
pub(crate) const MARK: &str = "// Marginalia recovery file for: ";

/// The folder recovery files go to: `$MARGINALIA_RECOVERY_DIR`, else the
/// platform's data folder (`~/.local/share/marginalia/recovery` on Linux).
pub fn recovery_dir() -> PathBuf {
    if let Some(d) = std::env::var_os(DIR_ENV).filter(|d| !d.is_empty()) {
        return PathBuf::from(d);
    }
    dirs::data_local_dir()
        .unwrap_or_else(std::env::temp_dir)
        .join("marginalia")
        .join("recovery")
}

/// The recovery file of the project at `project_path`, in `dir`.
pub fn recovery_path_in(dir: &Path, project_path: &Path) -> PathBuf {
    let abs = std::path::absolute(project_path).unwrap_or_else(|_| project_path.to_owned());
    let stem = abs
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let safe: String = stem
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || c == '-' || c == '_' {
                c
            } else {
                '_'
            }
        })
        .take(60)
        .collect();
    let hash = crate::model::ids::fnv1a64(abs.to_string_lossy().as_bytes());
    dir.join(format!("{safe}-{hash:016x}.recovery.ron"))
}

/// The recovery file of the project at `project_path`.
pub fn recovery_path(project_path: &Path) -> PathBuf {
    recovery_path_in(&recovery_dir(), project_path)
}

/// Slots per project: windows open on one project at the same time.
pub const MAX_SLOTS: usize = 16;

/// Recovery file of slot `n` (slot 0 is [`recovery_path_in`]).
fn slot_path(base: &Path, n: usize) -> PathBuf {
    if n == 0 {
        return base.to_owned();
    }
    let name = base
        .file_name()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let stem = name.strip_suffix(".recovery.ron").unwrap_or(&name);
    base.with_file_name(format!("{stem}.{n}.recovery.ron"))
}

/// A recovery slot held by this window: while it lives, no other window
/// (of this or another process) writes `path`.
#[derive(Debug)]
pub struct Slot {
    /// The project this slot is for.
    pub project_path: PathBuf,
    /// The recovery file of this slot.
    pub path: PathBuf,
    _lock: std::fs::File,
}

/// Takes a free recovery slot for the project at `project_path`: first a
/// free slot that holds a recovery file (a window that crashed; offer it),
/// else the first free one. Errors when the folder cannot be written or
/// all [`MAX_SLOTS`] are held.
pub fn claim(dir: &Path, project_path: &Path) -> Result<Slot, StoreError> {
    let base = recovery_path_in(dir, project_path);
    let io_err = |path: &Path, error| StoreError::Io {
        path: path.to_owned(),
        error,
    };
    std::fs::create_dir_all(dir).map_err(|e| io_err(dir, e))?;
    let take = |n: usize| -> Result<Option<Slot>, StoreError> {
        let path = slot_path(&base, n);
        let lock_path = path.with_extension("ron.lock");
        let lock = std::fs::OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .open(&lock_path)
            .map_err(|e| io_err(&lock_path, e))?;
        match lock.try_lock() {
            Ok(()) => Ok(Some(Slot {
                project_path: project_path.to_owned(),
                path,
                _lock: lock,
            })),
            Err(std::fs::TryLockError::WouldBlock) => Ok(None),
            Err(std::fs::TryLockError::Error(e)) => Err(io_err(&lock_path, e)),
        }
    };
    // A crashed window's recovery file first, then the first free slot
    // (lock files are made only for slots looked at).
    for n in 0..MAX_SLOTS {
        if slot_path(&base, n).exists()
            && let Some(slot) = take(n)?
        {
            return Ok(slot);
        }
    }
    let mut first_free = None;
    for n in 0..MAX_SLOTS {
        if let Some(slot) = take(n)? {
            first_free = Some(slot);
            break;
        }
    }
    first_free.ok_or_else(|| {
        io_err(
            &base,
            std::io::Error::other(format!(
                "all {MAX_SLOTS} recovery slots of this project are held by open windows"
            )),
        )
    })
}

/// Writes `project` as the recovery file `recovery` of `project_path`
/// (atomically: a crash while autosaving leaves the previous recovery file).
pub fn write(project: &Project, project_path: &Path, recovery: &Path) -> Result<(), StoreError> {
    let io_err = |error| StoreError::Io {
        path: recovery.to_owned(),
        error,
    };
    if let Some(dir) = recovery.parent() {
        std::fs::create_dir_all(dir).map_err(io_err)?;
    }
    let bytes = super::to_bytes(project).map_err(|message| StoreError::Serialize {
        path: recovery.to_owned(),
        message,
    })?;
    let abs = std::path::absolute(project_path).unwrap_or_else(|_| project_path.to_owned());
    super::atomic::replace_with(recovery, false, |f| {
        writeln!(f, "{MARK}{}", abs.display())?;
        f.write_all(&bytes)
    })
    .map_err(io_err)
}

/// A recovery file found for a project.
#[derive(Debug)]
pub struct Recovered {
    /// The recovery file.
    pub path: PathBuf,
    /// When it was written.
    pub written: Option<SystemTime>,
    /// The project as it was autosaved.
    pub project: Project,
}

/// The recovery file at `recovery`, if there is one. A damaged recovery
/// file is an error (and is left where it is for the analyst to inspect).
pub fn find(recovery: &Path) -> Result<Option<Recovered>, StoreError> {
    if !recovery.exists() {
        return Ok(None);
    }
    let project = load(recovery)?;
    let written = std::fs::metadata(recovery).and_then(|m| m.modified()).ok();
    Ok(Some(Recovered {
        path: recovery.to_owned(),
        written,
        project,
    }))
}

/// Removes the recovery file at `recovery` (no error if there is none).
pub fn remove(recovery: &Path) -> std::io::Result<()> {
    match std::fs::remove_file(recovery) {
        Err(e) if e.kind() != std::io::ErrorKind::NotFound => Err(e),
        _ => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{CreationInfo, Document};

    #[test]
    fn write_find_remove_round_trip() {
        let dir = tempfile::tempdir().unwrap();
        let project_path = dir.path().join("team/sanctions watch.ron");
        let rec = recovery_path_in(&dir.path().join("rec"), &project_path);
        assert!(
            rec.file_name()
                .unwrap()
                .to_string_lossy()
                .starts_with("sanctions_watch-")
        );
        assert_ne!(
            rec,
            recovery_path_in(dir.path(), Path::new("other/sanctions watch.ron"))
        );
        assert!(find(&rec).unwrap().is_none());
        let mut p = Project::new("p", CreationInfo::now("t"));
        p.documents.push(Document::new("d", "t", "text"));
        write(&p, &project_path, &rec).unwrap();
        let head = std::fs::read_to_string(&rec).unwrap();
        assert!(
            head.starts_with(MARK)
                && head
                    .lines()
                    .next()
                    .unwrap()
                    .ends_with("sanctions watch.ron")
        );
        let found = find(&rec).unwrap().unwrap();
        assert_eq!(found.project, p);
        remove(&rec).unwrap();
        remove(&rec).unwrap();
        assert!(find(&rec).unwrap().is_none());
    }

    #[test]
    fn windows_on_one_project_take_separate_slots() {
        let dir = tempfile::tempdir().unwrap();
        let project_path = dir.path().join("desk.ron");
        let rec = dir.path().join("rec");
        let a = claim(&rec, &project_path).unwrap();
        let b = claim(&rec, &project_path).unwrap();
        assert_eq!(a.path, recovery_path_in(&rec, &project_path));
        assert_ne!(a.path, b.path, "a second window gets its own file");
        assert!(b.path.to_string_lossy().ends_with(".1.recovery.ron"));
        let files = std::fs::read_dir(&rec).unwrap().count();
        assert_eq!(files, 2, "one lock file per slot in use, nothing else");
        // Window b autosaves, then "crashes" (drops its lock).
        let mut p = Project::new("p", CreationInfo::now("t"));
        p.documents.push(Document::new("d", "t", "text"));
        write(&p, &project_path, &b.path).unwrap();
        let b_path = b.path.clone();
        drop(b);
        // The next window takes over the crashed window's slot, not a new
        // empty one, so its recovery file is offered.
        let c = claim(&rec, &project_path).unwrap();
        assert_eq!(c.path, b_path);
        assert_eq!(find(&c.path).unwrap().unwrap().project, p);
        // Once a is closed, its (empty) slot is free again.
        let a_path = a.path.clone();
        drop(a);
        assert_eq!(claim(&rec, &project_path).unwrap().path, a_path);
    }

    #[test]
    fn a_damaged_recovery_file_is_an_error_and_stays() {
        let dir = tempfile::tempdir().unwrap();
        let rec = dir.path().join("x.recovery.ron");
        std::fs::write(&rec, "(format_version: 1, name: ").unwrap();
        let e = find(&rec).unwrap_err().to_string();
        assert!(e.contains("x.recovery.ron"), "{e}");
        assert!(rec.exists());
    }
}
