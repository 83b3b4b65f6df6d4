//! Small value types shared by articles, claims and events: byte spans,
//! date windows and the evidence behind a value.

use chrono::NaiveDate;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// A half-open byte range `[start, end)` in the source file.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default, Serialize, Deserialize, JsonSchema,
)]
#[serde(deny_unknown_fields)]
pub struct Span {
    /// Offset of the first byte, counted from the start of the file (a BOM counts).
    pub start: usize,
    /// Offset one past the last byte.
    pub end: usize,
}

impl Span {
    pub fn new(start: usize, end: usize) -> Self {
        Span { start, end }
    }
    pub fn len(&self) -> usize {
        self.end.saturating_sub(self.start)
    }
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
    /// The smallest span covering both.
    pub fn cover(self, other: Span) -> Span {
        Span::new(self.start.min(other.start), self.end.max(other.end))
    }
}

/// A window of calendar days, both ends inclusive. A known day has `start == end`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct DateWindow {
    /// First possible day (ISO 8601 `YYYY-MM-DD`).
    pub start: NaiveDate,
    /// Last possible day (ISO 8601 `YYYY-MM-DD`), never before `start`.
    pub end: NaiveDate,
}

impl DateWindow {
    /// A window; the ends are swapped if given in the wrong order.
    pub fn new(start: NaiveDate, end: NaiveDate) -> Self {
        if end < start {
            DateWindow { start: end, end: start }
        } else {
            DateWindow { start, end }
        }
    }
    pub fn day(day: NaiveDate) -> Self {
        DateWindow { start: day, end: day }
    }
    pub fn is_day(&self) -> bool {
        self.start == self.end
    }
    /// Number of days in the window (1 for a known day).
    pub fn days(&self) -> i64 {
        (self.end - self.start).num_days() + 1
    }
    pub fn contains(&self, day: NaiveDate) -> bool {
        self.start <= day && day <= self.end
    }
    /// The days both windows allow, if any.
    pub fn intersect(&self, other: &DateWindow) -> Option<DateWindow> {
        let start = self.start.max(other.start);
        let end = self.end.min(other.end);
        (start <= end).then_some(DateWindow { start, end })
    }
}

/// How a date was obtained.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum DateBasis {
    /// Written as a date in the text, the front matter or the URL.
    Stated,
    /// Worked out from relative expressions, weekdays, or other reports.
    Inferred,
}

/// A piece of the source that supports a value.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Evidence {
    /// The source text at `span` (or, for evidence from another article, that article's text).
    pub text: String,
    /// Where it stands in the source file.
    pub span: Span,
    /// The article the evidence comes from, when it is not the article itself
    /// (dates sharpened by reconciliation).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub article: Option<String>,
}

/// A date window with its basis and the evidence behind it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct DatedWindow {
    /// First possible day (ISO 8601).
    pub start: NaiveDate,
    /// Last possible day (ISO 8601); equal to `start` when the day is known.
    pub end: NaiveDate,
    /// `stated` when written as a date, `inferred` when worked out.
    pub basis: DateBasis,
    /// The text the date was read or inferred from.
    pub evidence: Vec<Evidence>,
    /// How the window was worked out, in words (e.g. "weekday 'Sunday' resolved against the article date").
    pub reason: String,
}

impl DatedWindow {
    pub fn window(&self) -> DateWindow {
        DateWindow::new(self.start, self.end)
    }
}
