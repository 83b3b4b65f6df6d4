//! Claims from a normalised article: sentences with byte spans, quantities,
//! parties, dates, status and attribution.
//!
//! Rules (general news-writing rules, no article-specific wording):
//! - A sentence speaks of a *transfer* when it has a verb or noun of transfer
//!   (return, hand over, deliver, repatriate, release, receive, exchange,
//!   swap, ...) and a noun for remains (bodies, remains, corpses, killed or
//!   fallen troops) or for prisoners (prisoners, POWs, captives, detainees,
//!   or soldiers/civilians who are exchanged, released or brought home). A
//!   transfer noun alone ("the handover") needs an event verb ("took place",
//!   "conducted", "scheduled"); a verb after a determiner ("the returned
//!   bodies") is not a transfer. A transfer needs at least one party.
//! - An exact number followed by a counted noun is a transfer count; a
//!   bound ("over", "nearly", "up to"), an estimate, or a number after
//!   "total", "so far", "in all" is a *figure*. "Not a single"/"no ... remains"
//!   is a transfer of 0; a transfer with no number is undisclosed (null).
//!   Figures are kept only for remains, prisoners, captives and the killed.
//! - Direction: for remains and prisoners the nationality of the people moved
//!   is the receiver ("Ukrainian soldiers' bodies" go to UA). Otherwise the
//!   grammatical roles decide: "X gave ... to Y", "... given to Y by X",
//!   "Y received ... from X"; a missing side is the article's other party.
//!   A prisoner swap or "each side released N" yields both directions, and
//!   so does any prisoner return in an article saying swaps are at parity
//!   ("the same number", "one-for-one").
//! - Status: future or plan words -> planned; negated transfer without a
//!   zero count -> failed; else completed.
//! - Dates: see [`dates`]. A transfer sentence without a date that directly
//!   follows a dated transfer statement ("he also said") takes its date.
//! - Attribution: "according to X", "X said/told/announced", a relay
//!   "a source told RIA Novosti" (via), a channel "on Telegram"; pronoun
//!   subjects continue the previous speaker; nobody named -> the outlet.
//! - Repeated sentences and run-on "sentences" over 4 KB make no claims.
//! - When the parser found no publication date, the latest day the text
//!   names, moved to the first past weekday it reports, is used (inferred).

pub mod dates;
pub mod parties;
pub mod quantity;
pub mod sentences;
pub mod tagger;
#[doc(hidden)]
pub mod testing;

mod attribution;
mod claims;
mod english;
mod peg;
mod rules;

use serde::{Deserialize, Serialize};
use tally_model::{Claim, DatedWindow};
use tally_parser::Normalised;

pub use claims::MAX_CLAIMS_PER_SENTENCE;
pub use dates::DateExpr;

/// Resolves a claim's date expression against an article window (a planned
/// claim only takes a date that looks forward). Reconciliation uses it to
/// re-resolve claims once an article is dated.
pub fn claims_resolve(
    expr: &DateExpr,
    anchor: Option<tally_model::DateWindow>,
    year: Option<i32>,
    status: tally_model::Status,
) -> Option<tally_model::DateWindow> {
    claims::resolve(expr, anchor, year, None, status)
}

/// What extraction knows about one claim beyond the public [`Claim`].
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClaimNote {
    /// The name of the rule that made the claim (`nationality`,
    /// `each-way`, `en-transfer`, ...), for review.
    pub rule: String,
    /// "over two days": the days up to the report a figure covers.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub period_days: Option<u32>,
    /// The figure counts people or remains handed over (returned,
    /// transferred, in total), so it can be checked against transfers.
    #[serde(default)]
    pub moved: bool,
    /// The first nationality adjective after the claim's number ("1,000
    /// *Ukrainian* bodies"): whom a figure's count went to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub nationality_after: Option<String>,
    /// The first nationality adjective anywhere in the sentence.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub nationality: Option<String>,
}

/// What reconciliation needs from one article. Serialisable, so sharded
/// builds can write it to disk and a merge step can reconcile later.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ArticleFacts {
    pub article_id: String,
    pub published: Option<DatedWindow>,
    pub claims: Vec<Claim>,
    /// Per claim (same index): the date expression the claim's date came
    /// from, so reconciliation can re-resolve it once the article is dated.
    #[serde(default)]
    pub date_exprs: Vec<Option<DateExpr>>,
    /// Every weekday expression of the article (for narrowing its
    /// publication window once one of them is matched to a dated event).
    #[serde(default)]
    pub weekdays: Vec<DateExpr>,
    /// The year to give a month-day when the article has no date.
    #[serde(default)]
    pub year: Option<i32>,
    /// Per claim (same index): which rule made it, and what reconciliation
    /// needs from its sentence, so reconciliation reads no text.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<ClaimNote>,
    /// Sentences that would make more claims than one sentence may
    /// ([`MAX_CLAIMS_PER_SENTENCE`]): only the first are kept, and the build warns.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub capped: Vec<tally_model::Span>,
}

impl ArticleFacts {
    /// The facts of `claims` alone: no date expressions, notes, weekdays,
    /// year or capped sentences (facts made elsewhere, and tests).
    pub fn of_claims(
        article_id: impl Into<String>,
        published: Option<DatedWindow>,
        claims: Vec<Claim>,
    ) -> Self {
        ArticleFacts {
            article_id: article_id.into(),
            published,
            claims,
            date_exprs: vec![],
            weekdays: vec![],
            year: None,
            notes: vec![],
            capped: vec![],
        }
    }

    /// What extraction has to tell the user about the article at `path`.
    pub fn warnings(&self, path: &str) -> Vec<tally_model::Diagnostic> {
        let message = format!(
            "a sentence makes more than {MAX_CLAIMS_PER_SENTENCE} claims; only the first {MAX_CLAIMS_PER_SENTENCE} are kept"
        );
        self.capped
            .iter()
            .map(|span| tally_model::Diagnostic::warning(path, &message).at_byte(span.start))
            .collect()
    }
}

/// Extracts every claim of one article.
pub fn extract(doc: &Normalised) -> ArticleFacts {
    claims::extract_article(doc)
}
