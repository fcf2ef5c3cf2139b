//! Noticing that a project file changed on disk since it was read: a
//! colleague saved it on a shared drive, or another process wrote it.

use std::io;
use std::path::Path;
use std::time::SystemTime;

/// What identifies one version of a file on disk: its size, modification
/// time and (on Unix) device and inode. An atomic save by any program makes
/// a new inode, so a replacement is seen even where timestamps are coarse.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct DiskStamp {
    len: u64,
    modified: Option<SystemTime>,
    inode: (u64, u64),
}

impl DiskStamp {
    /// The stamp of the file at `path`; `None` if there is no file.
    pub fn of(path: &Path) -> io::Result<Option<DiskStamp>> {
        let meta = match std::fs::metadata(path) {
            Ok(m) => m,
            Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(None),
            Err(e) => return Err(e),
        };
        #[cfg(unix)]
        let inode = {
            use std::os::unix::fs::MetadataExt as _;
            (meta.dev(), meta.ino())
        };
        #[cfg(not(unix))]
        let inode = (0, 0);
        Ok(Some(DiskStamp {
            len: meta.len(),
            modified: meta.modified().ok(),
            inode,
        }))
    }
}

/// Whether the file at `path` is no longer the version `expected` describes
/// (`None`: there was no file). An unreadable file counts as changed.
pub fn changed_since(path: &Path, expected: Option<DiskStamp>) -> bool {
    match DiskStamp::of(path) {
        Ok(now) => now != expected,
        Err(_) => true,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_replaced_file_of_the_same_size_is_noticed() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("p.ron");
        assert_eq!(DiskStamp::of(&path).unwrap(), None);
        std::fs::write(&path, "one").unwrap();
        let stamp = DiskStamp::of(&path).unwrap();
        assert!(!changed_since(&path, stamp));
        let tmp = dir.path().join("t");
        std::fs::write(&tmp, "two").unwrap();
        std::fs::rename(&tmp, &path).unwrap();
        assert!(changed_since(&path, stamp));
        std::fs::remove_file(&path).unwrap();
        assert!(!changed_since(&path, None));
    }
}
