//! What one stage of a build hands to the next (see [`crate::build()`]):
//! the per-article stage's [`Extracted`] goes to reconciliation (its facts)
//! and to the writer (its spools, warnings, skipped files and corrections);
//! reconciliation's `tally_reconcile::Reconciled` goes to the writer.

use std::path::{Path, PathBuf};

use std::collections::BTreeMap;

use tally_model::{Claim, Diagnostic, SkippedFile};
use tally_reconcile::Facts;

use crate::corrections::Applied;
use crate::spill::SpilledClaims;

/// The spools of article lines and of their records inside the build
/// directory (one line per kept article each, in path order), removed by
/// the writer once the release files are written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SpoolPaths {
    pub articles: PathBuf,
    pub records: PathBuf,
    /// The claims in full ([`crate::spill`]).
    pub claims: PathBuf,
}

/// The article spool's file name inside the build directory.
pub const SPOOL: &str = ".articles.spool";
/// The record spool's file name inside the build directory.
pub const RECORD_SPOOL: &str = ".records.spool";

impl SpoolPaths {
    /// The spools of a build in `dir`.
    pub fn in_dir(dir: &Path) -> Self {
        SpoolPaths {
            articles: dir.join(SPOOL),
            records: dir.join(RECORD_SPOOL),
            claims: dir.join(crate::spill::CLAIM_SPILL),
        }
    }
}

/// The per-article stage's output, corrections applied: the articles are
/// in the spools; only the facts reconciliation needs are in memory.
pub struct Extracted {
    pub spools: SpoolPaths,
    /// The facts of the articles that matter to reconciliation, corrected,
    /// in reconciliation's compact form.
    pub facts: Vec<Facts>,
    /// The claims in full, read back by the writer.
    pub claims: SpilledClaims,
    /// The claims of corrected articles, by article id: published in place
    /// of their spilled claims.
    pub corrected: BTreeMap<String, Vec<Claim>>,
    /// Warnings about the input, sorted.
    pub warnings: Vec<Diagnostic>,
    /// Files left out (only with `skip_invalid`), in path order.
    pub skipped: Vec<SkippedFile>,
    /// The corrections applied to the facts and still to apply to the articles.
    pub applied: Applied,
}
