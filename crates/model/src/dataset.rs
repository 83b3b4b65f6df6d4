//! The whole-release document (`dataset.json`): release metadata, every
//! record, consistency checks, and the files that were skipped.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::article::Article;
use crate::claim::{Claim, Qualifier};
use crate::common::DateWindow;
use crate::correction::CorrectionRecord;
use crate::event::Event;

fn is_zero(n: &u64) -> bool {
    *n == 0
}

/// A release in one document.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Dataset {
    /// Version of the schemas this document follows (semver).
    pub schema_version: String,
    pub release: ReleaseInfo,
    pub articles: Vec<Article>,
    pub claims: Vec<Claim>,
    pub events: Vec<Event>,
    /// Cumulative figures compared with the events they cover.
    pub checks: Vec<Check>,
    /// Input files left out of the release (only with `--skip-invalid`).
    pub skipped: Vec<SkippedFile>,
    /// The corrections applied (as in `corrections.jsonl`); absent when none were.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub corrections: Vec<CorrectionRecord>,
}

/// Release metadata.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ReleaseInfo {
    /// Dataset name.
    pub name: String,
    /// Release version (semver).
    pub version: String,
    /// Creation time (RFC 3339, UTC), from `SOURCE_DATE_EPOCH` or the corpus's latest date; never the wall clock.
    pub created: String,
    /// Version of Tally that built the release.
    pub generator: String,
    pub counts: Counts,
    /// Earliest and latest event or publication date in the release.
    pub date_range: Option<DateWindow>,
}

/// Record counts of a release.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Counts {
    pub articles: u64,
    pub claims: u64,
    pub events: u64,
    pub checks: u64,
    pub skipped: u64,
    /// Corrections applied; absent when none were.
    #[serde(default, skip_serializing_if = "is_zero")]
    pub corrections: u64,
}

/// A cumulative figure compared with the sum of the events it covers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Check {
    /// `k-` followed by the claim id.
    pub id: String,
    /// The figure claim checked.
    pub claim: String,
    /// The article making it.
    pub article: String,
    /// The statement, as written.
    pub statement: String,
    /// The stated value.
    pub stated: u64,
    pub qualifier: Qualifier,
    /// Sum of the counts of the events covered.
    pub computed: u64,
    /// Ids of the events summed.
    pub events: Vec<String>,
    /// Whether the stated figure, read with its qualifier, agrees with the sum.
    pub verdict: Verdict,
    /// How the events were chosen and compared, in words.
    pub note: String,
}

/// Outcome of a consistency check.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    Consistent,
    Inconsistent,
}

/// An input file left out of a release, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SkippedFile {
    /// Path relative to the corpus directory.
    pub path: String,
    /// Every error found in it.
    pub errors: Vec<String>,
}
