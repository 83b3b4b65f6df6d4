//! Events (`events.jsonl`): one transfer in one direction, reconciled across
//! every article that reports it.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::claim::Status;
use crate::common::DateWindow;

/// One transfer in one direction.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Event {
    /// `e-` followed by a stable hash of the event's defining reports.
    pub id: String,
    pub kind: EventKind,
    /// Party handing over (ISO 3166-1 alpha-2).
    pub from: String,
    /// Party receiving (ISO 3166-1 alpha-2).
    pub to: String,
    /// The count, or null when no report discloses it (never zero for "undisclosed").
    pub count: Option<Count>,
    /// When it happened, or null when no report bounds it.
    pub date: Option<DateWindow>,
    pub status: Status,
    /// Every claim reporting this transfer.
    pub reports: Vec<Report>,
    /// Ids of the corrections (`corrections.jsonl`) that changed one of its claims; absent when none did.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub corrected_by: Vec<String>,
}

/// What an event moved.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum EventKind {
    Remains,
    Prisoners,
}

/// A reconciled count: conflicting reports are kept as a range.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Count {
    /// The best estimate (the count most reports agree on).
    pub best: u64,
    /// The lowest reported count.
    pub low: u64,
    /// The highest reported count.
    pub high: u64,
}

/// One report of an event.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Report {
    /// Article id.
    // (shared: the reports of a large corpus hold one copy per article)
    pub article: std::sync::Arc<str>,
    /// Claim id.
    pub claim: String,
    /// The count this report gives, if any.
    pub count: Option<u64>,
}
