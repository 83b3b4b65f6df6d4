//! Corrections: what a user fixes without editing the source articles.
//!
//! [`CorrectionEntry`] is one entry of a correction file (`data/corrections/*.yaml`,
//! a YAML list of them); [`CorrectionRecord`] is one line of a release's
//! `corrections.jsonl`, saying what a correction changed from what to what.
//! Each entry names its target by evidence that survives re-extraction: the
//! article's corpus path and, for a claim, a verbatim `quote` of the article.

use schemars::JsonSchema;
use serde::{Deserialize, Deserializer, Serialize};
use serde_json::Value;

use crate::claim::{ClaimKind, Qualifier, Status, Subject};
use crate::common::DateWindow;

/// One correction: an article's fields set, or a claim's fields set, a claim
/// rejected, or a claim added. `reason` and `by` are required.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CorrectionEntry {
    /// The article's path relative to the corpus directory (as in `source.path`).
    pub article: String,
    /// Verbatim words of the article inside the sentence of the claim to
    /// correct (white space may differ). Without it, `set` changes the article.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub quote: Option<String>,
    /// Narrows a quote whose sentence makes several claims (e.g. both sides of a swap).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub which: Option<ClaimSelector>,
    /// Fields to set: an article's (`published`, `title`, `subtitle`,
    /// `outlet`, `authors`, `dateline`) without `quote`, a claim's
    /// (`quantity`, `from`, `to`, `date`, `status`, `kind`, `subject`) with it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub set: Option<FieldValues>,
    /// `true` drops the claim(s) the quote names.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reject: Option<bool>,
    /// A claim extraction missed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub add: Option<NewClaim>,
    /// Why the correction is right (e.g. "date stamp on the original page").
    pub reason: String,
    /// Who made it (a person or a desk).
    pub by: String,
}

/// Which of the claims a quote names a correction applies to.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ClaimSelector {
    /// Only the claim handing over from this party (ISO 3166-1 alpha-2).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub from: Option<String>,
    /// Only the claim handing over to this party.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub to: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<ClaimKind>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub subject: Option<Subject>,
}

/// Field values a correction sets. A key given as `null` sets the value to
/// null (unknown, or an undisclosed count); a key left out is unchanged.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct FieldValues {
    /// The article's publication window.
    #[serde(default, deserialize_with = "present", skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Option<DateWindow>")]
    pub published: Option<Option<DateWindow>>,
    #[serde(default, deserialize_with = "present", skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Option<String>")]
    pub title: Option<Option<String>>,
    #[serde(default, deserialize_with = "present", skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Option<String>")]
    pub subtitle: Option<Option<String>>,
    #[serde(default, deserialize_with = "present", skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Option<String>")]
    pub outlet: Option<Option<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub authors: Option<Vec<String>>,
    #[serde(default, deserialize_with = "present", skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Option<String>")]
    pub dateline: Option<Option<String>>,
    /// A claim's number; `null` for an undisclosed count.
    #[serde(default, deserialize_with = "present", skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Option<QuantityValue>")]
    pub quantity: Option<Option<QuantityValue>>,
    /// A claim's party handing over (ISO 3166-1 alpha-2), or null.
    #[serde(default, deserialize_with = "present", skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Option<String>")]
    pub from: Option<Option<String>>,
    /// A claim's party receiving (ISO 3166-1 alpha-2), or null.
    #[serde(default, deserialize_with = "present", skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Option<String>")]
    pub to: Option<Option<String>>,
    /// A claim's date window, or null when the text does not say.
    #[serde(default, deserialize_with = "present", skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Option<DateWindow>")]
    pub date: Option<Option<DateWindow>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<Status>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<ClaimKind>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub subject: Option<Subject>,
}

/// A key that is present: `Some(None)` for an explicit `null`.
fn present<'de, D: Deserializer<'de>, T: Deserialize<'de>>(d: D) -> Result<Option<Option<T>>, D::Error> {
    Option::<T>::deserialize(d).map(Some)
}

/// A number as a correction gives it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct QuantityValue {
    pub value: u64,
    pub qualifier: Qualifier,
}

/// A claim added by a correction.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct NewClaim {
    /// The words of the article making the claim, verbatim (white space may differ).
    pub quote: String,
    pub kind: ClaimKind,
    pub subject: Subject,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub from: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub to: Option<String>,
    /// Null or left out for an undisclosed count.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub quantity: Option<QuantityValue>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<DateWindow>,
    pub status: Status,
    /// Who the claim is attributed to; the article's outlet when left out.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub attributed_to: Option<String>,
}

/// What a correction does.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum CorrectionAction {
    /// Fields of an article or of claims set.
    Set,
    /// Claims dropped.
    Reject,
    /// A claim added.
    Add,
}

/// One line of `corrections.jsonl`: a correction as applied in this release.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CorrectionRecord {
    /// `x-` and a stable hash of the correction file's name and the entry's content.
    pub id: String,
    /// The correction file, relative to the corrections directory.
    pub file: String,
    /// Line (1-based) of the entry in its file.
    pub line: u64,
    /// Column (1-based) of the entry in its file.
    pub column: u64,
    pub action: CorrectionAction,
    /// The article's id.
    pub article: String,
    /// The article's source path.
    pub path: String,
    /// The quote naming the claim(s), when the correction is about claims.
    pub quote: Option<String>,
    /// Ids of the claims corrected, rejected or added.
    pub claims: Vec<String>,
    /// Every value changed: on which record, which field, from what, to what.
    pub changes: Vec<Change>,
    pub reason: String,
    pub by: String,
}

/// One value a correction changed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Change {
    /// The id of the article or claim changed.
    pub record: String,
    /// The field (`published`, `quantity`, ...), or `claim` for a claim rejected or added.
    pub field: String,
    /// The value extraction gave (null when a claim is added).
    pub from: Value,
    /// The value the correction gives (null when a claim is rejected).
    pub to: Value,
}
