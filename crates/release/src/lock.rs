//! An exclusive lock on an output directory, so two releases into the same
//! `--out` (in particular of the same version) can never both publish.
//! The operating system releases the lock when the process exits or dies.

use std::fs::{File, OpenOptions, TryLockError};
use std::path::{Path, PathBuf};

use crate::ReleaseError;

/// Name of the lock file inside `--out`.
pub const LOCK_FILE: &str = ".tally-release.lock";

/// Held for the whole release; dropping it unlocks.
#[derive(Debug)]
pub struct OutLock {
    _file: File,
    pub path: PathBuf,
}

impl OutLock {
    /// Takes the lock without waiting; refuses when another release holds it.
    pub fn acquire(out: &Path) -> Result<OutLock, ReleaseError> {
        let path = out.join(LOCK_FILE);
        let file = OpenOptions::new().create(true).truncate(false).write(true).open(&path).map_err(|e| {
            ReleaseError::general(path.display().to_string(), format!("cannot open lock file: {e}"))
        })?;
        match file.try_lock() {
            Ok(()) => Ok(OutLock { _file: file, path }),
            Err(TryLockError::WouldBlock) => Err(ReleaseError::general(
                out.display().to_string(),
                "another release into this directory is in progress (lock held); try again when it has finished",
            )),
            Err(TryLockError::Error(e)) => {
                Err(ReleaseError::general(path.display().to_string(), format!("cannot lock: {e}")))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn second_lock_is_refused_until_first_dropped() {
        let dir = tempfile::tempdir().unwrap();
        let first = OutLock::acquire(dir.path()).unwrap();
        let err = OutLock::acquire(dir.path()).unwrap_err();
        assert!(err.to_string().contains("in progress"), "{err}");
        drop(first);
        OutLock::acquire(dir.path()).unwrap();
    }
}
