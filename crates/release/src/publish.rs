//! Publishing a release: build everything in a staging directory inside
//! `--out`, refuse or skip when the version already exists, then fsync and
//! rename the staging directory to `vX.Y.Z` and record it in the ledger.
//! Any failure (or a kill) leaves no `vX.Y.Z` and an unchanged ledger; stale
//! staging directories are removed by the next release, under the lock.

use std::io;
use std::path::{Path, PathBuf};

use semver::Version;
use serde_json::Value;
use tally_corpus::Limits;
use tally_model::{Diagnostic, NamedSchema};

use crate::build::{build, BuildSettings, Reconcile};
use crate::durable::sync_dir;
use crate::ledger::Ledger;
use crate::lock::OutLock;
use crate::schema_diff::breaking_changes;
use crate::sums;
use crate::writer::{AfterFile, Built};
use crate::{ReleaseError, ReleaseOptions, ReleaseReport};

/// Prefix of staging directories inside `--out`.
pub const STAGING_PREFIX: &str = ".staging-";

/// What [`crate::release_with`] takes besides the options: the pieces tests
/// (and later, sharded builds) substitute.
#[derive(Default)]
pub struct ReleaseHooks<'a> {
    /// The schemas to publish; `None` uses `tally_model::schemas()`.
    pub schemas: Option<Vec<NamedSchema>>,
    /// `SOURCE_DATE_EPOCH`: seconds since the epoch for `created`.
    pub source_date_epoch: Option<i64>,
    /// Called after each file is written into the staging directory.
    pub after_file: Option<&'a AfterFile<'a>>,
    pub limits: Limits,
    /// Substitutes the reconciliation stage (tests; `None` is the real one).
    pub reconcile: Option<&'a Reconcile<'a>>,
    /// Shard directories to merge instead of reading the corpus (`tally merge`).
    pub shards: Vec<std::path::PathBuf>,
}

/// Parses a release version: strict semver (`1.2.3`, `1.0.0-rc.1`), which
/// by construction cannot name a path outside `--out`.
pub fn parse_version(text: &str) -> Result<Version, ReleaseError> {
    let hint = "a release version is semver, like 1.2.0 or 2.0.0-rc.1, without a leading `v`";
    let version = Version::parse(text).map_err(|e| {
        ReleaseError::general(format!("version `{text}`"), format!("not a valid version ({e}); {hint}"))
    })?;
    // Semver allows only [0-9A-Za-z.-+]; check anyway that the directory name is one plain component.
    let name = format!("v{version}");
    let plain = !name.contains(['/', '\\']) && !name.contains("..");
    if !plain {
        return Err(ReleaseError::general(
            format!("version `{text}`"),
            format!("cannot be used as a directory name; {hint}"),
        ));
    }
    Ok(version)
}

/// Removes the staging directory on drop unless it was published.
struct Staging {
    path: PathBuf,
    published: bool,
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.published {
            let _ = std::fs::remove_dir_all(&self.path);
        }
    }
}

fn io_error(path: &Path, what: &str, e: io::Error) -> ReleaseError {
    ReleaseError::general(path.display().to_string(), format!("cannot {what}: {e}"))
}

/// Removes staging directories (and their article-row files) left by
/// releases that were killed (the lock is held, so none is live).
fn remove_stale_staging(out: &Path) -> Result<(), ReleaseError> {
    let entries = std::fs::read_dir(out).map_err(|e| io_error(out, "read the output directory", e))?;
    for entry in entries.flatten() {
        if entry.file_name().to_string_lossy().starts_with(STAGING_PREFIX) {
            let path = entry.path();
            let removed = if entry.file_type().is_ok_and(|t| t.is_dir()) {
                std::fs::remove_dir_all(&path)
            } else {
                std::fs::remove_file(&path)
            };
            removed.map_err(|e| io_error(&path, "remove a stale staging directory", e))?;
        }
    }
    Ok(())
}

/// The names of the files that differ between a built release and a published directory.
fn differences(built: &Built, published: &Path) -> Result<Vec<String>, ReleaseError> {
    let mut diffs = Vec::new();
    let mut names = Vec::new();
    let entries = std::fs::read_dir(published).map_err(|e| io_error(published, "read", e))?;
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().to_string();
        match built.files.iter().find(|f| f.name == name) {
            None => diffs.push(format!("{name} (only in the published directory)")),
            Some(file) => {
                let same =
                    sums::sha256_file(&entry.path()).map(|(sha, _)| sha == file.sha256).unwrap_or(false);
                if !same {
                    diffs.push(name.clone());
                }
            }
        }
        names.push(name);
    }
    for file in &built.files {
        if !names.contains(&file.name) {
            diffs.push(format!("{} (missing from the published directory)", file.name));
        }
    }
    diffs.sort();
    Ok(diffs)
}

/// Releases `opts.version`: see the crate documentation for every guarantee.
pub fn release_with(opts: &ReleaseOptions, hooks: &ReleaseHooks) -> Result<ReleaseReport, ReleaseError> {
    let version = parse_version(&opts.version)?;
    let dir_name = format!("v{version}");
    let out = &opts.out;
    std::fs::create_dir_all(out).map_err(|e| io_error(out, "create the output directory", e))?;
    let _lock = OutLock::acquire(out)?;
    remove_stale_staging(out)?;

    let mut ledger = Ledger::load(&opts.ledger)?;
    let schemas = hooks.schemas.clone().unwrap_or_else(tally_model::schemas);
    if let Some(previous) = ledger.previous(&version) {
        check_schema_semver(&version, previous, &schemas)?;
    }

    let staging = Staging {
        path: out.join(format!("{STAGING_PREFIX}{dir_name}-{}", std::process::id())),
        published: false,
    };
    if staging.path.exists() {
        std::fs::remove_dir_all(&staging.path).map_err(|e| io_error(&staging.path, "remove", e))?;
    }
    let settings = BuildSettings {
        version: version.clone(),
        skip_invalid: opts.skip_invalid,
        schemas,
        source_date_epoch: hooks.source_date_epoch,
        previous: ledger.previous(&version),
        after_file: hooks.after_file,
        limits: hooks.limits,
        reconcile: hooks.reconcile,
        shards: &hooks.shards,
        corrections: opts.corrections.as_deref(),
    };
    let built = build(&opts.articles, &staging.path, &settings)?;
    let mut staging = staging;

    let target = out.join(&dir_name);
    let report = |published: bool, summary: String| ReleaseReport {
        dir: target.clone(),
        published,
        articles: built.info.counts.articles as usize,
        claims: built.info.counts.claims as usize,
        events: built.info.counts.events as usize,
        skipped: built.skipped.len(),
        warnings: built.warnings.clone(),
        summary,
    };
    let refuse = |why: String| {
        ReleaseError::general(
            format!("version {version}"),
            format!(
                "{why}; a published version is never changed: release the new content under a new version"
            ),
        )
    };

    if target.exists() {
        let diffs = differences(&built, &target)?;
        if !diffs.is_empty() {
            return Err(refuse(format!(
                "version {version} is already published in {} with different content ({} differ)",
                target.display(),
                diffs.join(", ")
            )));
        }
        if ledger.find(&version).is_none() {
            ledger.record(built.entry.clone());
            ledger.save_with_rows(&opts.ledger, &built.entry.version, &built.article_rows)?;
        }
        return Ok(report(
            false,
            format!("{} already published, identical; nothing changed", target.display()),
        ));
    }
    if let Some(recorded) = ledger.find(&version) {
        if recorded.content_sha256 != built.entry.content_sha256 {
            return Err(refuse(format!(
                "version {version} is recorded in the ledger {} with different content",
                opts.ledger.display()
            )));
        }
    }

    sync_dir(&staging.path).map_err(|e| io_error(&staging.path, "sync", e))?;
    std::fs::rename(&staging.path, &target)
        .map_err(|e| io_error(&target, "publish (rename into place)", e))?;
    staging.published = true;
    sync_dir(out).map_err(|e| io_error(out, "sync", e))?;

    let summary = format!(
        "published {} ({} articles, {} claims, {} events{})",
        target.display(),
        built.info.counts.articles,
        built.info.counts.claims,
        built.info.counts.events,
        if built.skipped.is_empty() {
            String::new()
        } else {
            format!(", {} files skipped", built.skipped.len())
        }
    );
    let published = report(true, summary);
    let version_text = built.entry.version.clone();
    ledger.record(built.entry);
    ledger.save_with_rows(&opts.ledger, &version_text, &built.article_rows)?;
    Ok(published)
}

/// Refuses a release whose schemas break consumers of `previous` without a new major version.
fn check_schema_semver(
    version: &Version,
    previous: &crate::ledger::LedgerEntry,
    schemas: &[NamedSchema],
) -> Result<(), ReleaseError> {
    let old: Vec<(String, Value)> =
        previous.schemas.iter().map(|(n, s)| (n.clone(), s.document.clone())).collect();
    let new: Vec<(String, Value)> = schemas.iter().map(|s| (s.name.to_string(), s.schema.clone())).collect();
    let breaking = breaking_changes(&old, &new);
    let previous_major = Version::parse(&previous.version).map(|v| v.major).unwrap_or(0);
    if breaking.is_empty() || version.major > previous_major {
        return Ok(());
    }
    let mut diagnostics: Vec<Diagnostic> = breaking
        .iter()
        .map(|change| Diagnostic::error("schema", format!("breaking change: {change}")))
        .collect();
    diagnostics.push(Diagnostic::error(
        format!("version {version}"),
        format!(
            "the schemas changed in {} way(s) that can break consumers of v{}; that needs a new major version ({}.0.0)",
            breaking.len(),
            previous.version,
            previous_major + 1
        ),
    ));
    Err(ReleaseError { diagnostics })
}
