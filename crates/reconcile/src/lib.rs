//! Reconciliation: claims from every article into one timeline of events,
//! with conflicting counts kept, dates sharpened across reports, and
//! consistency checks of cumulative figures.
//!
//! STUB: issue #4 builds the real reconciliation.

use std::collections::BTreeMap;

use tally_extract::ArticleFacts;
use tally_model::{Check, Claim, DatedWindow, Event};

/// The reconciled timeline.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Reconciled {
    pub events: Vec<Event>,
    /// Every claim, in article then reading order, with dates sharpened by reconciliation.
    pub claims: Vec<Claim>,
    /// Publication dates sharpened by matching reports, by article id.
    pub published: BTreeMap<String, DatedWindow>,
    pub checks: Vec<Check>,
}

/// Reconciles the facts of every article. The result does not depend on the
/// order of `facts`.
pub fn reconcile(mut facts: Vec<ArticleFacts>) -> Reconciled {
    facts.sort_by(|a, b| a.article_id.cmp(&b.article_id));
    let claims = facts.into_iter().flat_map(|f| f.claims).collect();
    Reconciled { claims, ..Default::default() }
}
