//! Opening inputs safely: regular files only (a FIFO would block the read, a
//! device never ends), and never more read than the limit, whatever the
//! file claims its size is.

use std::fs::{File, FileType, Metadata};
use std::io::Read;
use std::path::Path;

/// What a path that is not a regular file is, in words ("a FIFO").
pub fn kind(ft: &FileType) -> &'static str {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt as _;
        if ft.is_fifo() {
            return "a FIFO";
        }
        if ft.is_socket() {
            return "a socket";
        }
        if ft.is_char_device() {
            return "a character device";
        }
        if ft.is_block_device() {
            return "a block device";
        }
    }
    if ft.is_dir() {
        "a folder"
    } else if ft.is_file() {
        "a regular file"
    } else {
        "something else"
    }
}

/// The reason given for a path that is not a regular file.
pub fn not_regular(ft: &FileType) -> String {
    format!("not a regular file ({})", kind(ft))
}

/// The reason given for a path whose metadata cannot be read.
pub fn io_reason(e: &std::io::Error) -> String {
    if e.kind() == std::io::ErrorKind::NotFound {
        "no such file or folder".into()
    } else {
        format!("cannot read: {e}")
    }
}

/// Opens a regular file for reading (links followed). Anything else is
/// refused before it is read; a FIFO is opened without waiting for a writer,
/// and what was opened is checked again (it may have been swapped).
pub fn open_regular(path: &Path) -> Result<(File, Metadata), String> {
    let meta = std::fs::metadata(path).map_err(|e| io_reason(&e))?;
    if !meta.is_file() {
        return Err(not_regular(&meta.file_type()));
    }
    let mut opts = std::fs::OpenOptions::new();
    opts.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt as _;
        opts.custom_flags(libc::O_NONBLOCK);
    }
    let file = opts.open(path).map_err(|e| io_reason(&e))?;
    let meta = file.metadata().map_err(|e| io_reason(&e))?;
    if !meta.is_file() {
        return Err(not_regular(&meta.file_type()));
    }
    Ok((file, meta))
}

/// Reads at most `limit` bytes; more is an error (only `limit + 1` bytes are
/// ever read, so an endless input stops at once).
pub fn read_capped(reader: impl Read, limit: u64, size_hint: u64) -> Result<Vec<u8>, String> {
    let mut buf = Vec::with_capacity(size_hint.min(limit) as usize);
    reader
        .take(limit.saturating_add(1))
        .read_to_end(&mut buf)
        .map_err(|e| format!("cannot read: {e}"))?;
    if buf.len() as u64 > limit {
        return Err(format!(
            "file is over the import limit of {limit} bytes (stopped reading there)"
        ));
    }
    Ok(buf)
}

/// Reads one regular file of at most `limit` bytes.
pub fn read_regular(path: &Path, limit: u64) -> Result<Vec<u8>, String> {
    let (file, meta) = open_regular(path)?;
    if meta.len() > limit {
        return Err(format!(
            "file is {} bytes, over the import limit of {limit} bytes",
            meta.len()
        ));
    }
    read_capped(file, limit, meta.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_endless_reader_stops_at_the_limit() {
        let endless = std::io::repeat(0);
        let err = read_capped(endless, 1 << 20, 0).unwrap_err();
        assert!(
            err.contains("over the import limit of 1048576 bytes"),
            "{err}"
        );
        let ok = read_capped(&b"abc"[..], 3, 3).unwrap();
        assert_eq!(ok, b"abc");
        assert!(read_capped(&b"abcd"[..], 3, 3).is_err());
    }

    #[cfg(unix)]
    #[test]
    fn directories_and_devices_are_not_regular_files() {
        let dir = tempfile::tempdir().unwrap();
        let err = read_regular(dir.path(), 10).unwrap_err();
        assert_eq!(err, "not a regular file (a folder)");
        let err = read_regular(Path::new("/dev/null"), 10).unwrap_err();
        assert_eq!(err, "not a regular file (a character device)");
        let err = read_regular(&dir.path().join("missing.txt"), 10).unwrap_err();
        assert_eq!(err, "no such file or folder");
    }
}
