//! Recovery files: what the window autosaves while edits are unsaved, so
//! that a crash or a power cut loses at most the last half minute.
//!
//! A recovery file is an ordinary project file kept in the user's data
//! folder (not next to the project: that may be a shared drive or a git
//! work tree), named after the project's path. A clean save removes it.

use super::{StoreError, load};
use crate::model::Project;
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::time::SystemTime;

/// Environment variable that overrides the folder recovery files go to.
pub const DIR_ENV: &str = "MARGINALIA_RECOVERY_DIR";

/// First line of a recovery file; the project's path follows it.
const MARK: &str = "// Marginalia recovery file for: ";

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
    fn a_damaged_recovery_file_is_an_error_and_stays() {
        let dir = tempfile::tempdir().unwrap();
        let rec = dir.path().join("x.recovery.ron");
        std::fs::write(&rec, "(format_version: 1, name: ").unwrap();
        let e = find(&rec).unwrap_err().to_string();
        assert!(e.contains("x.recovery.ron"), "{e}");
        assert!(rec.exists());
    }
}
