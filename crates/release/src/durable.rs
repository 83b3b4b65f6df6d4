//! Durable file-system steps shared by the writer, the ledger and publishing.

use std::io;
use std::path::Path;

/// fsyncs a directory, so a rename inside it is durable.
pub fn sync_dir(dir: &Path) -> io::Result<()> {
    std::fs::File::open(dir)?.sync_all()
}
