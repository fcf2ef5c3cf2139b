//! One writer at a time: an advisory lock beside the project file.
//!
//! Every write of a project file (the CLI's commands, the window's save)
//! holds [`ProjectLock`] for the whole read-check-merge-write, so two
//! processes never interleave between "has someone saved since I read?" and
//! the rename. The lock is `flock`/`LockFileEx` (std's [`File::lock`]) on
//! `.NAME.ron.lock` in the project's folder; the holder writes who it is
//! into that file, so a writer that cannot get the lock within the wait
//! ([`wait_limit`]) names the holder. The file is removed when released; a
//! file left by a crashed process holds no lock and is simply taken over.
//!
//! Where the file system does not support locks (some network shares), the
//! write goes on unlocked and the disk-stamp check ([`super::changed_since`])
//! still refuses to overwrite a version saved meanwhile.

use super::StoreError;
use std::fs::{File, OpenOptions, TryLockError};
use std::io::{self, Read as _, Seek as _, Write as _};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// How long a writer waits for the lock by default.
pub const DEFAULT_WAIT: Duration = Duration::from_secs(20);

/// Environment variable overriding [`DEFAULT_WAIT`], in seconds (fractions allowed).
pub const WAIT_ENV: &str = "MARGINALIA_LOCK_WAIT";

/// How long a writer waits for the lock: `MARGINALIA_LOCK_WAIT` seconds, else
/// [`DEFAULT_WAIT`].
pub fn wait_limit() -> Duration {
    std::env::var(WAIT_ENV)
        .ok()
        .and_then(|s| s.trim().parse::<f64>().ok())
        .filter(|s| s.is_finite() && *s >= 0.0)
        .map_or(DEFAULT_WAIT, Duration::from_secs_f64)
}

/// The lock file of the project at `project`: `.NAME.ron.lock` beside it.
pub fn lock_path(project: &Path) -> PathBuf {
    let name = project.file_name().unwrap_or_default().to_string_lossy();
    project.with_file_name(format!(".{name}.lock"))
}

/// Exclusive right to write one project file, held until dropped.
#[derive(Debug)]
pub struct ProjectLock {
    /// The open, locked lock file; `None` where locks are unsupported.
    file: Option<File>,
    path: PathBuf,
}

impl ProjectLock {
    /// Takes the lock of the project at `project`, waiting up to [`wait_limit`].
    pub fn acquire(project: &Path) -> Result<ProjectLock, StoreError> {
        Self::acquire_within(project, wait_limit())
    }

    /// Takes the lock, waiting up to `wait`; past it, an error naming the
    /// holder.
    pub fn acquire_within(project: &Path, wait: Duration) -> Result<ProjectLock, StoreError> {
        let path = lock_path(project);
        let io_err = |error: io::Error| StoreError::Io {
            path: project.to_owned(),
            error: io::Error::new(error.kind(), format!("cannot take the write lock: {error}")),
        };
        let start = Instant::now();
        let mut pause = Duration::from_millis(2);
        loop {
            let file = match OpenOptions::new()
                .read(true)
                .write(true)
                .create(true)
                .truncate(false)
                .open(&path)
            {
                Ok(f) => f,
                // (NotFound here means the folder is missing: with `create`
                // a removed lock file is simply made anew.)
                Err(e) => return Err(io_err(e)),
            };
            match file.try_lock() {
                Ok(()) => {
                    // The previous holder may have removed the file after we
                    // opened it: then our lock is on a file nobody else sees.
                    if same_file(&file, &path) {
                        let mut lock = ProjectLock {
                            file: Some(file),
                            path,
                        };
                        lock.write_holder();
                        return Ok(lock);
                    }
                    continue;
                }
                Err(TryLockError::WouldBlock) => {}
                Err(TryLockError::Error(e)) if e.kind() == io::ErrorKind::Unsupported => {
                    return Ok(ProjectLock { file: None, path });
                }
                Err(TryLockError::Error(e)) => return Err(io_err(e)),
            }
            if start.elapsed() >= wait {
                let holder = read_holder(&file);
                return Err(StoreError::Locked {
                    path: project.to_owned(),
                    holder,
                    waited: wait,
                });
            }
            std::thread::sleep(pause);
            pause = (pause * 2).min(Duration::from_millis(50));
        }
    }

    /// Whether a real lock is held (false on file systems without locks).
    pub fn is_held(&self) -> bool {
        self.file.is_some()
    }

    fn write_holder(&mut self) {
        let Some(f) = &mut self.file else { return };
        let holder = format!(
            "pid {} ({}) of {} on {}, since {}\n",
            std::process::id(),
            std::env::args()
                .take(2)
                .map(|a| {
                    Path::new(&a)
                        .file_name()
                        .map_or(a.clone(), |n| n.to_string_lossy().into_owned())
                })
                .collect::<Vec<_>>()
                .join(" "),
            crate::user::default_annotator(),
            host_name(),
            chrono::Local::now().format("%Y-%m-%d %H:%M:%S"),
        );
        // Who holds the lock is only informative: a failure to say it is harmless.
        let _ = f
            .set_len(0)
            .and_then(|()| f.rewind())
            .and_then(|()| f.write_all(holder.as_bytes()));
    }
}

impl Drop for ProjectLock {
    fn drop(&mut self) {
        if let Some(f) = self.file.take() {
            // Remove while still holding the lock: a waiter that opened this
            // file sees it is gone (`same_file`) and opens a new one.
            #[cfg(unix)]
            let _ = std::fs::remove_file(&self.path);
            let _ = f.unlock();
        }
    }
}

/// Whether the open `file` is still the file at `path`.
fn same_file(file: &File, path: &Path) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt as _;
        match (file.metadata(), std::fs::metadata(path)) {
            (Ok(a), Ok(b)) => a.dev() == b.dev() && a.ino() == b.ino(),
            _ => false,
        }
    }
    #[cfg(not(unix))]
    {
        let _ = (file, path);
        true
    }
}

fn read_holder(mut file: &File) -> String {
    let mut s = String::new();
    let _ = file.rewind();
    let _ = file.take(512).read_to_string(&mut s);
    let s = s.trim();
    if s.is_empty() {
        "another program".to_owned()
    } else {
        s.chars().filter(|c| !c.is_control()).collect()
    }
}

fn host_name() -> String {
    std::env::var("HOSTNAME")
        .ok()
        .or_else(|| std::fs::read_to_string("/etc/hostname").ok())
        .map(|h| h.trim().to_owned())
        .filter(|h| !h.is_empty())
        .unwrap_or_else(|| "this computer".to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_second_writer_waits_then_is_told_who_holds_the_lock() {
        let dir = tempfile::tempdir().unwrap();
        let project = dir.path().join("desk.ron");
        let held = ProjectLock::acquire(&project).unwrap();
        assert!(held.is_held());
        assert!(lock_path(&project).exists());
        let t = Instant::now();
        let e = ProjectLock::acquire_within(&project, Duration::from_millis(150)).unwrap_err();
        assert!(t.elapsed() >= Duration::from_millis(150));
        let msg = e.to_string();
        assert!(msg.contains("desk.ron"), "{msg}");
        assert!(
            msg.contains(&format!("pid {}", std::process::id())),
            "names the holder: {msg}"
        );
        drop(held);
        assert!(
            !lock_path(&project).exists(),
            "released locks leave no file"
        );
        let again = ProjectLock::acquire_within(&project, Duration::ZERO).unwrap();
        drop(again);
    }

    #[test]
    fn a_missing_folder_is_an_error_not_a_wait() {
        let dir = tempfile::tempdir().unwrap();
        let project = dir.path().join("no such folder").join("desk.ron");
        let e = ProjectLock::acquire_within(&project, Duration::from_secs(60)).unwrap_err();
        assert!(matches!(e, StoreError::Io { .. }), "{e}");
        assert!(e.to_string().contains("desk.ron"), "{e}");
    }

    #[test]
    fn a_lock_file_left_by_a_crash_is_taken_over() {
        let dir = tempfile::tempdir().unwrap();
        let project = dir.path().join("desk.ron");
        std::fs::write(lock_path(&project), "pid 1 (crashed)\n").unwrap();
        let lock = ProjectLock::acquire_within(&project, Duration::ZERO).unwrap();
        assert!(lock.is_held());
    }

    #[test]
    fn threads_take_turns() {
        let dir = tempfile::tempdir().unwrap();
        let project = dir.path().join("desk.ron");
        let counter = dir.path().join("n");
        std::fs::write(&counter, "0").unwrap();
        std::thread::scope(|s| {
            for _ in 0..8 {
                s.spawn(|| {
                    for _ in 0..25 {
                        let _l = ProjectLock::acquire(&project).unwrap();
                        let n: u32 = std::fs::read_to_string(&counter).unwrap().parse().unwrap();
                        std::thread::yield_now();
                        std::fs::write(&counter, (n + 1).to_string()).unwrap();
                    }
                });
            }
        });
        assert_eq!(std::fs::read_to_string(&counter).unwrap(), "200");
    }
}
