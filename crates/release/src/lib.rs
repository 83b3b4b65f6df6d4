//! The build pipeline and release publishing: corpus -> articles, claims,
//! events -> validated, atomic, immutable, reproducible `vX.Y.Z/` directory.
//!
//! STUB API: issue #2 implements it (the signature is what xtask and the CLI use).

use std::path::PathBuf;

/// What to release and where.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReleaseOptions {
    /// Semver version, without a leading `v`.
    pub version: String,
    /// The corpus directory (default `data/articles`).
    pub articles: PathBuf,
    /// Where `vX.Y.Z/` is created (default `dist`).
    pub out: PathBuf,
    /// The committed ledger of published releases (default `data/releases.json`).
    pub ledger: PathBuf,
    /// Publish the good files when some are invalid, listing the skipped ones.
    pub skip_invalid: bool,
}
