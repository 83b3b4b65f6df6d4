//! The build pipeline and release publishing: corpus -> articles, claims,
//! events -> validated, atomic, immutable, reproducible `vX.Y.Z/` directory.
//!
//! Entry points: [`release`] (what `cargo xtask release` calls), [`verify`]
//! (what `cargo xtask verify` calls) and the lower-level [`build`], which
//! writes the release files into a given directory without publishing.

use std::fmt;
use std::path::{Path, PathBuf};

use tally_model::Diagnostic;

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

/// What a successful release did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReleaseReport {
    /// The published directory, `OUT/vX.Y.Z`.
    pub dir: PathBuf,
    /// False when the version was already published with identical content (a no-op).
    pub published: bool,
    pub articles: usize,
    pub claims: usize,
    pub events: usize,
    /// Input files left out (only with `skip_invalid`).
    pub skipped: usize,
    /// Warnings about the input (duplicates, unknown front-matter keys, ...).
    pub warnings: Vec<Diagnostic>,
    /// One line for the user, e.g. "published dist/v0.1.0 (5 articles, ...)".
    pub summary: String,
}

/// Why a release failed: every problem found, each printable on its own.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReleaseError {
    /// Every error (and the warnings seen before it), one per problem.
    pub diagnostics: Vec<Diagnostic>,
}

impl ReleaseError {
    /// An error that is not about one input file (e.g. the version or the output directory).
    pub fn general(subject: impl Into<String>, message: impl Into<String>) -> Self {
        ReleaseError { diagnostics: vec![Diagnostic::error(subject, message)] }
    }
}

impl fmt::Display for ReleaseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let errors = self.diagnostics.iter().filter(|d| d.is_error()).count();
        for d in &self.diagnostics {
            writeln!(f, "{d}")?;
        }
        write!(f, "release failed: {errors} error(s); nothing was published")
    }
}

impl std::error::Error for ReleaseError {}

/// What [`verify`] checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VerifyReport {
    /// Files whose checksum matched.
    pub files: usize,
    pub articles: usize,
    pub claims: usize,
    pub events: usize,
}

/// Builds, validates and publishes `OUT/vX.Y.Z/`, then records it in the ledger.
pub fn release(opts: &ReleaseOptions) -> Result<ReleaseReport, ReleaseError> {
    Err(ReleaseError::general(opts.version.clone(), "release is not implemented yet"))
}

/// Re-checks a published release directory: SHA256SUMS, every file against
/// the schemas in it, cross-references, no extra or missing file. Every
/// problem found is returned.
pub fn verify(dir: &Path) -> Result<VerifyReport, Vec<String>> {
    Err(vec![format!("{}: verify is not implemented yet", dir.display())])
}
