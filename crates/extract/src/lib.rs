//! Claims from a normalised article: sentences with byte spans, quantities,
//! parties, dates, status and attribution.
//!
//! STUB: issue #4 builds the real extractor.

use serde::{Deserialize, Serialize};
use tally_model::{Claim, DatedWindow};
use tally_parser::Normalised;

/// What reconciliation needs from one article. Serialisable, so sharded
/// builds can write it to disk and a merge step can reconcile later.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ArticleFacts {
    pub article_id: String,
    pub published: Option<DatedWindow>,
    pub claims: Vec<Claim>,
}

/// Extracts every claim of one article.
pub fn extract(doc: &Normalised) -> ArticleFacts {
    ArticleFacts {
        article_id: doc.article.id.clone(),
        published: doc.article.published.clone(),
        claims: vec![],
    }
}
