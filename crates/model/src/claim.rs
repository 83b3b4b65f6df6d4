//! Claims (`claims.jsonl`): one statement in one article, with its evidence.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::common::{DatedWindow, Span};

/// One statement in one article: a transfer or a figure.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Claim {
    /// `<article id>-c<n>`, numbered in reading order.
    pub id: String,
    /// The id of the article making the claim.
    pub article: String,
    pub kind: ClaimKind,
    /// What is counted or moved.
    pub subject: Subject,
    /// The sentence making the claim.
    pub text: String,
    /// The sentence's byte span in the source file.
    pub span: Span,
    /// The number, or null when the text gives none (an undisclosed count).
    pub quantity: Option<Quantity>,
    /// Party handing over (ISO 3166-1 alpha-2), for transfers.
    pub from: Option<String>,
    /// Party receiving (ISO 3166-1 alpha-2), for transfers.
    pub to: Option<String>,
    /// When it happened (or is to happen), or null when the text does not say.
    pub date: Option<DatedWindow>,
    pub status: Status,
    /// Who the claim is attributed to.
    pub attributed_to: Attribution,
}

/// Whether a claim reports a transfer or a figure.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum ClaimKind {
    /// A handover of remains or prisoners from one party to another.
    Transfer,
    /// A figure: a total, an agreement size, people in captivity, casualties.
    Figure,
}

/// What a claim counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Subject {
    /// Bodies or remains of the dead.
    Remains,
    /// Prisoners of war, captives, and civilians freed in a swap.
    Prisoners,
    /// People held in captivity.
    Captives,
    /// People killed.
    Killed,
    /// Anything else.
    Other,
}

/// A number as reported, with its qualifier.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Quantity {
    /// The number (e.g. 1212 for "1,212", 1200 for "1.2K", 6000 for "six thousand").
    pub value: u64,
    pub qualifier: Qualifier,
    /// The words the number was read from ("more than 1.2K").
    pub text: String,
    pub span: Span,
}

/// How a number bounds the true count.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Qualifier {
    Exact,
    Approximately,
    Over,
    Under,
    Nearly,
    UpTo,
    AtLeast,
}

/// Whether the reported transfer happened.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    Completed,
    Planned,
    /// Did not happen as agreed, or is disputed.
    Failed,
}

/// Who a claim is attributed to, and how it reached the outlet.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Attribution {
    /// The person or body as written ("Vladimir Medinsky", "Ukraine's Coordination
    /// Headquarters", "a source"), or the outlet itself when nobody else is named.
    pub name: String,
    pub kind: AttributionKind,
    /// The channel the statement was made on ("Telegram", "a briefing"), when stated.
    pub channel: Option<String>,
    /// The outlet or agency that relayed it ("RIA Novosti"), when stated.
    pub via: Option<String>,
}

/// What sort of source a claim is attributed to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum AttributionKind {
    /// A named person.
    Person,
    /// A government, ministry, agency or other body.
    Organisation,
    /// A news agency or another outlet.
    Media,
    /// An unnamed source.
    Anonymous,
    /// The article's own outlet: nobody else is named.
    Outlet,
}
