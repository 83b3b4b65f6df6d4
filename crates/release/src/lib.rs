//! The build pipeline and release publishing: corpus -> articles, claims,
//! events -> validated, atomic, immutable, reproducible `vX.Y.Z/` directory.
//!
//! Entry points: [`release`] (what `cargo xtask release` calls), [`verify()`]
//! (what `cargo xtask verify` calls) and the lower-level [`build`], which
//! writes the release files into a given directory without publishing.
//!
//! Stages, run in this order by [`build()`] and handed on as the types of
//! [`stages`]: [`pipeline`] (per article, parallel, spooled; corrections
//! applied) -> reconciliation (`tally_reconcile`) -> [`writer`] (every file,
//! validated and hashed as written) -> [`publish`] (staging dir,
//! immutability, atomic rename, [`ledger`]). A release is
//! validated, atomic, immutable, reproducible and semver-checked
//! ([`schema_diff`]); [`lock`] keeps two releases from publishing at once.
//!
//! Sharding (issue 6) plugs in between the stages: a shard runs
//! [`pipeline::process_corpus`] on its slice of `tally_corpus::discover`'s
//! sorted list and keeps its spool of article lines and its
//! `ArticleFacts` (serialisable); a merge concatenates the spools in path
//! order and hands all facts to reconciliation, after which [`writer`] runs
//! unchanged, so a sharded build gives the same bytes as a single one.

pub mod build;
pub mod card;
pub mod changelog;
pub mod corrections;
pub mod datapackage;
pub mod durable;
pub mod html;
pub mod ledger;
pub mod lock;
pub mod pipeline;
pub mod publish;
pub mod read_at;
pub mod reports;
pub mod schema_diff;
pub mod shard;
pub mod spill;
pub mod stages;
pub mod sums;
pub mod verify;
pub mod words;
pub mod writer;

use std::fmt;
use std::path::{Path, PathBuf};

use tally_model::Diagnostic;

pub use build::{build, set_give_back, BuildSettings, Reconcile};
pub use publish::{parse_version, release_with, ReleaseHooks};
pub use writer::{AfterFile, Built};

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
    /// The corrections directory (`--corrections`; none when `None`).
    pub corrections: Option<PathBuf>,
}

/// The ledger a release records itself in when `--ledger` is not given:
/// the project's (`default_ledger`, e.g. `data/releases.json`) only when the
/// release goes to the project's output directory (`default_out`, e.g.
/// `dist`); a release into any other `--out` keeps its own ledger,
/// `OUT/releases.json`, so a trial release never records a version in the
/// project's history (where the real release of that version would then be
/// refused or get a wrong changelog).
pub fn default_ledger(out: &Path, default_out: &Path, default_ledger: &Path) -> PathBuf {
    if same_dir(out, default_out) {
        default_ledger.to_path_buf()
    } else {
        out.join(LEDGER_FILE)
    }
}

/// The ledger's file name inside a non-default `--out`.
pub const LEDGER_FILE: &str = "releases.json";

/// Whether two paths name one directory: resolved when both exist,
/// otherwise compared as absolute paths with `.` and `..` taken out.
fn same_dir(a: &Path, b: &Path) -> bool {
    if let (Ok(a), Ok(b)) = (a.canonicalize(), b.canonicalize()) {
        return a == b;
    }
    let lexical = |p: &Path| {
        let absolute = std::path::absolute(p).unwrap_or_else(|_| p.to_path_buf());
        let mut out = PathBuf::new();
        for part in absolute.components() {
            match part {
                std::path::Component::CurDir => {}
                std::path::Component::ParentDir => {
                    out.pop();
                }
                other => out.push(other),
            }
        }
        out
    };
    lexical(a) == lexical(b)
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
            writeln!(f, "{d:#}")?;
        }
        write!(f, "release failed: {errors} error(s); nothing was published")
    }
}

impl std::error::Error for ReleaseError {}

/// What [`verify()`] checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VerifyReport {
    /// Files whose checksum matched.
    pub files: usize,
    pub articles: usize,
    pub claims: usize,
    pub events: usize,
}

/// "verified (N files, N articles, N claims, N events)": the one line both
/// `tally verify` and `cargo xtask verify` print.
impl fmt::Display for VerifyReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "verified ({} files, {} articles, {} claims, {} events)",
            self.files, self.articles, self.claims, self.events
        )
    }
}

/// Builds, validates and publishes `OUT/vX.Y.Z/`, then records it in the ledger.
///
/// Reads `SOURCE_DATE_EPOCH` for the `created` timestamp, and the test hook
/// `TALLY_FAIL_AFTER_FILE=N` (fail after the N-th file is written, to show a
/// failed release leaves nothing behind).
pub fn release(opts: &ReleaseOptions) -> Result<ReleaseReport, ReleaseError> {
    release_from(opts, Vec::new())
}

/// [`release`], with the per-article stage read from shard directories
/// written by [`shard::build_shard`] (all shards of one split) instead of
/// the corpus: the merge step of a sharded build.
pub fn release_from(opts: &ReleaseOptions, shards: Vec<PathBuf>) -> Result<ReleaseReport, ReleaseError> {
    let source_date_epoch = match std::env::var("SOURCE_DATE_EPOCH") {
        Ok(text) => Some(text.trim().parse::<i64>().map_err(|_| {
            ReleaseError::general(
                "SOURCE_DATE_EPOCH",
                format!("`{text}` is not a number of seconds since 1970"),
            )
        })?),
        Err(_) => None,
    };
    let fail_after: Option<usize> =
        std::env::var("TALLY_FAIL_AFTER_FILE").ok().and_then(|n| n.trim().parse().ok());
    let written = std::sync::atomic::AtomicUsize::new(0);
    let inject = |name: &str| {
        let n = written.fetch_add(1, std::sync::atomic::Ordering::SeqCst) + 1;
        match fail_after {
            Some(limit) if n >= limit => {
                Err(format!("injected failure after file {n} ({name}) (TALLY_FAIL_AFTER_FILE)"))
            }
            _ => Ok(()),
        }
    };
    let hooks = ReleaseHooks {
        source_date_epoch,
        after_file: fail_after.map(|_| &inject as &AfterFile<'_>),
        shards,
        ..ReleaseHooks::default()
    };
    release_with(opts, &hooks)
}

/// Re-checks a published release directory: SHA256SUMS, every file against
/// the schemas in it, cross-references, no extra or missing file. Every
/// problem found is returned.
pub fn verify(dir: &Path) -> Result<VerifyReport, Vec<String>> {
    verify::verify(dir)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_a_release_into_the_project_output_uses_the_project_ledger() {
        let (dist, ledger) = (Path::new("dist"), Path::new("data/releases.json"));
        assert_eq!(default_ledger(Path::new("dist"), dist, ledger), ledger);
        assert_eq!(default_ledger(Path::new("./dist/"), dist, ledger), ledger);
        assert_eq!(default_ledger(Path::new("x/../dist"), dist, ledger), ledger);
        let here = std::env::current_dir().unwrap();
        assert_eq!(default_ledger(&here.join("dist"), dist, ledger), ledger);
        assert_eq!(default_ledger(Path::new("/tmp/try"), dist, ledger), Path::new("/tmp/try/releases.json"));
        assert_eq!(default_ledger(Path::new("dist2"), dist, ledger), Path::new("dist2/releases.json"));
    }
}
