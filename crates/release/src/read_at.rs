//! Reading a file from an offset of the reader's own, never moving the
//! file's cursor: the ledger's spooled article lists (clones of one spool
//! read it independently) and the sentences read back from `claims.jsonl`
//! (one call a read, where a seek and a read were two).

use std::fs::File;
use std::io::Read;

/// Reads `file` from byte `at` on.
pub struct ReadAt<'f> {
    file: &'f File,
    at: u64,
}

impl<'f> ReadAt<'f> {
    pub fn new(file: &'f File, at: u64) -> Self {
        ReadAt { file, at }
    }
}

impl Read for ReadAt<'_> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        #[cfg(unix)]
        let n = std::os::unix::fs::FileExt::read_at(self.file, buf, self.at)?;
        #[cfg(windows)]
        let n = std::os::windows::fs::FileExt::seek_read(self.file, buf, self.at)?;
        self.at += n as u64;
        Ok(n)
    }
}
