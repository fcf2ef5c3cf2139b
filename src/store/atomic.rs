//! Atomic file replacement: temp file in the same folder, fsync, rename,
//! fsync the folder. The previous file is kept as `NAME.bak`.

use std::ffi::OsString;
use std::fs::{self, File};
use std::io;
use std::path::{Path, PathBuf};

/// The backup path kept beside `path`: `NAME.ron` -> `NAME.ron.bak`.
pub fn backup_path(path: &Path) -> PathBuf {
    let mut name = path.file_name().map(OsString::from).unwrap_or_default();
    name.push(".bak");
    path.with_file_name(name)
}

fn temp_prefix(path: &Path) -> String {
    format!(
        ".{}.",
        path.file_name().unwrap_or_default().to_string_lossy()
    )
}

const TEMP_SUFFIX: &str = ".tmp";

fn parent_dir(path: &Path) -> &Path {
    match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    }
}

/// Makes a durable copy of `path` at `backup`, atomically: a hard link when the
/// file system has them (no copying), else a synced copy renamed into place.
fn keep_backup(path: &Path, backup: &Path) -> io::Result<()> {
    let dir = parent_dir(path);
    let staging = tempfile::Builder::new()
        .prefix(&temp_prefix(backup))
        .suffix(TEMP_SUFFIX)
        .make_in(dir, |p| fs::hard_link(path, p))
        .map(tempfile::NamedTempFile::into_temp_path)
        .or_else(|_| {
            let mut tmp = tempfile::Builder::new()
                .prefix(&temp_prefix(backup))
                .suffix(TEMP_SUFFIX)
                .tempfile_in(dir)?;
            io::copy(&mut File::open(path)?, tmp.as_file_mut())?;
            tmp.as_file().sync_all()?;
            Ok::<_, io::Error>(tmp.into_temp_path())
        })?;
    staging.persist(backup).map_err(|e| e.error)?;
    Ok(())
}

/// Flushes a directory entry change (rename) to disk where the platform can.
fn sync_dir(dir: &Path) {
    #[cfg(unix)]
    if let Ok(d) = File::open(dir) {
        // Some file systems refuse fsync on directories; the rename is done either way.
        let _ = d.sync_all();
    }
    #[cfg(not(unix))]
    let _ = dir;
}

/// How old a temp file must be before a save treats it as left by an
/// interrupted save and removes it.
const STALE_AFTER: std::time::Duration = std::time::Duration::from_secs(10 * 60);

/// Removes temp files an earlier, interrupted save of `path` left behind:
/// only those not written to for `min_age` and not locked by the writer
/// that owns them (a save in another process, on a file system where the
/// project lock does not reach, locks its temp file).
fn remove_temps(path: &Path, min_age: std::time::Duration) {
    let dir = parent_dir(path);
    let prefixes = [temp_prefix(path), temp_prefix(&backup_path(path))];
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name();
        let name = name.to_string_lossy();
        if !(name.ends_with(TEMP_SUFFIX) && prefixes.iter().any(|p| name.starts_with(p.as_str()))) {
            continue;
        }
        let old = entry
            .metadata()
            .and_then(|m| m.modified())
            .ok()
            .and_then(|t| t.elapsed().ok())
            .is_some_and(|age| age >= min_age);
        if !old {
            continue;
        }
        let Ok(f) = File::open(entry.path()) else {
            continue;
        };
        if f.try_lock().is_ok() {
            let _ = fs::remove_file(entry.path());
        }
    }
}

/// Where an orphaned backup of `path` is moved: `NAME.bak.YYYYMMDD-HHMMSS`.
pub fn orphan_backup_path(path: &Path) -> PathBuf {
    let stamp = chrono::Local::now().format("%Y%m%d-%H%M%S");
    let mut name = backup_path(path)
        .file_name()
        .map(OsString::from)
        .unwrap_or_default();
    name.push(format!(".{stamp}"));
    path.with_file_name(name)
}

/// If `path` does not exist but its backup does (the project file was
/// deleted or moved), moves the backup aside to [`orphan_backup_path`] so
/// that a new file there never replaces it. Returns where it went.
pub fn set_aside_orphaned_backup(path: &Path) -> io::Result<Option<PathBuf>> {
    let bak = backup_path(path);
    if path.symlink_metadata().is_ok() || bak.symlink_metadata().is_err() {
        return Ok(None);
    }
    let aside = orphan_backup_path(path);
    fs::rename(&bak, &aside)?;
    Ok(Some(aside))
}

/// An I/O error without the temp file's name: tempfile adds "at path
/// .NAME.XXXX.tmp", which names a file the user never sees.
fn plain(e: io::Error) -> io::Error {
    if e.raw_os_error().is_some() {
        return e;
    }
    let msg = e.to_string();
    match msg.find(" at path ") {
        Some(i) => io::Error::new(e.kind(), &msg[..i]),
        None => e,
    }
}

/// Replaces `path` atomically with what `write` puts into a fresh file.
///
/// If `write` or any step fails, `path` is untouched and the temp file is
/// removed. With `keep_backup`, an existing `path` is first preserved as
/// [`backup_path`], and a backup without its file is moved aside
/// ([`set_aside_orphaned_backup`]) rather than replaced later. The new file
/// keeps the old file's permissions; a read-only file is refused, not
/// replaced.
pub fn replace_with(
    path: &Path,
    keep_bak: bool,
    write: impl FnOnce(&mut File) -> io::Result<()>,
) -> io::Result<()> {
    replace_inner(path, keep_bak, STALE_AFTER, write).map_err(plain)
}

/// [`replace_with`] for a writer that holds the project's lock: no other
/// Marginalia writer can be mid-save, so every unlocked temp file of
/// `path` (a killed save's) is removed, whatever its age.
pub fn replace_with_exclusive(
    path: &Path,
    keep_bak: bool,
    write: impl FnOnce(&mut File) -> io::Result<()>,
) -> io::Result<()> {
    replace_inner(path, keep_bak, std::time::Duration::ZERO, write).map_err(plain)
}

fn replace_inner(
    path: &Path,
    keep_bak: bool,
    stale_after: std::time::Duration,
    write: impl FnOnce(&mut File) -> io::Result<()>,
) -> io::Result<()> {
    let dir = parent_dir(path);
    if let Ok(meta) = fs::metadata(path)
        && meta.permissions().readonly()
    {
        return Err(io::Error::new(
            io::ErrorKind::PermissionDenied,
            "the file is read-only; not replaced (make it writable to save over it)",
        ));
    }
    if keep_bak {
        set_aside_orphaned_backup(path)?;
    }
    let mut tmp = tempfile::Builder::new()
        .prefix(&temp_prefix(path))
        .suffix(TEMP_SUFFIX)
        .tempfile_in(dir)?;
    // Locked while being written: no other process's cleanup removes it.
    let _ = tmp.as_file().try_lock();
    write(tmp.as_file_mut())?;
    tmp.as_file().sync_all()?;
    match fs::metadata(path) {
        Ok(meta) => {
            let _ = fs::set_permissions(tmp.path(), meta.permissions());
            if keep_bak {
                keep_backup(path, &backup_path(path))?;
            }
        }
        Err(e) if e.kind() == io::ErrorKind::NotFound => {
            // tempfile creates files private (0600); a new project is an
            // ordinary file that colleagues on a shared drive may read.
            #[cfg(unix)]
            {
                use std::os::unix::fs::PermissionsExt as _;
                let _ = fs::set_permissions(tmp.path(), fs::Permissions::from_mode(0o644));
            }
        }
        Err(e) => return Err(e),
    }
    tmp.persist(path).map_err(|e| e.error)?;
    sync_dir(dir);
    remove_temps(path, stale_after);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write as _;

    #[test]
    fn replaces_and_keeps_a_backup() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("a.ron");
        replace_with(&p, true, |f| f.write_all(b"one")).unwrap();
        assert!(
            !backup_path(&p).exists(),
            "nothing to back up the first time"
        );
        replace_with(&p, true, |f| f.write_all(b"two")).unwrap();
        assert_eq!(fs::read(&p).unwrap(), b"two");
        assert_eq!(fs::read(backup_path(&p)).unwrap(), b"one");
        let names: Vec<_> = fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().into_string().unwrap())
            .collect();
        assert_eq!(names.len(), 2, "no temp files left: {names:?}");
    }

    #[test]
    fn a_failing_writer_leaves_the_old_file() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("a.ron");
        fs::write(&p, b"good").unwrap();
        let err = replace_with(&p, true, |f| {
            f.write_all(b"half")?;
            Err(io::Error::other("disk full"))
        })
        .unwrap_err();
        assert_eq!(err.to_string(), "disk full");
        assert_eq!(fs::read(&p).unwrap(), b"good");
        assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    #[test]
    fn a_read_only_file_is_not_replaced() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("a.ron");
        fs::write(&p, b"good").unwrap();
        let mut perm = fs::metadata(&p).unwrap().permissions();
        perm.set_readonly(true);
        fs::set_permissions(&p, perm).unwrap();
        let e = replace_with(&p, true, |f| f.write_all(b"new")).unwrap_err();
        assert_eq!(e.kind(), io::ErrorKind::PermissionDenied);
        assert!(e.to_string().contains("read-only"), "{e}");
        assert_eq!(fs::read(&p).unwrap(), b"good");
    }

    #[test]
    fn an_orphaned_backup_is_set_aside_not_replaced() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("a.ron");
        fs::write(backup_path(&p), b"the only copy").unwrap();
        replace_with(&p, true, |f| f.write_all(b"new 1")).unwrap();
        replace_with(&p, true, |f| f.write_all(b"new 2")).unwrap();
        assert_eq!(fs::read(backup_path(&p)).unwrap(), b"new 1");
        let aside: Vec<_> = fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|q| q.to_string_lossy().contains(".ron.bak."))
            .collect();
        assert_eq!(aside.len(), 1, "{aside:?}");
        assert_eq!(fs::read(&aside[0]).unwrap(), b"the only copy");
    }

    #[test]
    fn errors_do_not_name_the_hidden_temp_file() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("missing-folder").join("a.ron");
        let e = replace_with(&p, true, |f| f.write_all(b"x")).unwrap_err();
        assert!(!e.to_string().contains(".tmp"), "{e}");
    }

    #[test]
    fn only_old_unlocked_temps_are_cleaned_by_the_next_save() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("a.ron");
        let old = std::time::SystemTime::now() - 2 * STALE_AFTER;
        let make = |name: &str, age: Option<std::time::SystemTime>| {
            let f = File::create(dir.path().join(name)).unwrap();
            if let Some(t) = age {
                f.set_modified(t).unwrap();
            }
            f
        };
        drop(make(".a.ron.OLD.tmp", Some(old)));
        // Another process is writing this one right now.
        drop(make(".a.ron.FRESH.tmp", None));
        // An old one still locked by its (slow) writer.
        let locked = make(".a.ron.LOCKED.tmp", Some(old));
        locked.lock().unwrap();
        fs::write(dir.path().join("other.tmp"), b"not ours").unwrap();
        replace_with(&p, true, |f| f.write_all(b"x")).unwrap();
        assert!(!dir.path().join(".a.ron.OLD.tmp").exists());
        assert!(dir.path().join(".a.ron.FRESH.tmp").exists());
        assert!(dir.path().join(".a.ron.LOCKED.tmp").exists());
        assert!(dir.path().join("other.tmp").exists());
    }
}
