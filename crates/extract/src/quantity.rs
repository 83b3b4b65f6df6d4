//! A count as a claim carries it: its value, its qualifier and where it
//! stands in the sentence. Numbers are read by the tagger
//! ([`crate::tagger::counts`]) from the lexicon's number words, multipliers
//! and qualifiers: digits with separators ("1,212", "1 003"), suffixes
//! ("1.2K"), words ("six thousand", "a thousand", "twenty-five"), vague
//! plurals ("hundreds": at least a hundred) and the qualifier in front ("more
//! than", "nearly", "up to"). A bound is never `exact`.

use tally_model::Qualifier;

/// A number found in a sentence; offsets are byte offsets in the sentence.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Found {
    pub value: u64,
    pub qualifier: Qualifier,
    /// Start of the qualifier (or of the number when unqualified).
    pub start: usize,
    pub end: usize,
    /// Start of the number itself.
    pub number_start: usize,
}
