//! The normalised article record (`articles.jsonl`): metadata, clean body,
//! quotes, embedded posts, images, and the boilerplate that was removed.

use chrono::NaiveDate;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::common::{DatedWindow, Span};

/// One article, normalised from one source file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Article {
    /// Stable identifier derived from the content hash (`a-` and 16 hex digits).
    pub id: String,
    /// The file the article was read from.
    pub source: Source,
    /// The headline.
    pub title: Option<String>,
    /// The standfirst or subtitle under the headline.
    pub subtitle: Option<String>,
    /// Bylined authors (people only; never photo credits, organisations or wire agencies).
    pub authors: Vec<String>,
    /// The publication, from front matter, the text (a "City (Outlet) –" dateline) or the URL host.
    pub outlet: Option<String>,
    /// The place the story was filed from (e.g. "Moscow").
    pub dateline: Option<String>,
    /// The article's original address (http or https only).
    pub url: Option<String>,
    /// Publication date window, or null when nothing in the text bounds it.
    pub published: Option<DatedWindow>,
    /// Wire agencies credited for the story or its images (e.g. "AP", "AFP").
    pub agencies: Vec<String>,
    /// Where each metadata value came from in the source.
    pub provenance: Provenance,
    /// The clean body, in reading order.
    pub body: Vec<Block>,
    /// Quotations with their speakers.
    pub quotes: Vec<Quote>,
    /// Embedded social-media posts, kept out of the body.
    pub embeds: Vec<Embed>,
    /// Image captions and credits.
    pub images: Vec<Image>,
    /// Boilerplate taken out of the body, and the rule that removed it.
    pub removed: Vec<Removed>,
    /// Ids of the corrections (`corrections.jsonl`) that changed this record; absent when none did.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub corrected_by: Vec<String>,
}

/// The source file of an article.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Source {
    /// Path relative to the corpus directory, with `/` separators.
    pub path: String,
    /// Format detected from the content (not the file name).
    pub format: SourceFormat,
    /// SHA-256 of the file's bytes, lowercase hex.
    pub sha256: String,
    /// Size of the file in bytes.
    pub bytes: u64,
}

/// Format of a source file, detected from its content.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum SourceFormat {
    Markdown,
    PlainText,
}

/// Byte spans of the metadata values, so each can be checked against the source.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Provenance {
    pub title: Option<Span>,
    pub subtitle: Option<Span>,
    /// One span per author, in the order of `authors`.
    pub authors: Vec<Span>,
    pub outlet: Option<Span>,
    pub dateline: Option<Span>,
    pub url: Option<Span>,
}

/// The kind of a body block.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum BlockKind {
    Paragraph,
    Heading,
    ListItem,
    Quote,
    Footnote,
    Code,
}

/// One block of the clean body.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Block {
    pub kind: BlockKind,
    /// Plain text: no markup, entities decoded, link targets dropped.
    pub text: String,
    /// The source bytes the block was read from.
    pub span: Span,
}

/// A quotation and who said it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Quote {
    /// The quoted words, without the quotation marks.
    pub text: String,
    /// The speaker as written ("Vladimir Medinsky", "a source"), or null when not stated.
    pub speaker: Option<String>,
    /// The quoted words in the source.
    pub span: Span,
}

/// An embedded social-media post.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Embed {
    /// Platform, lowercase ("x", "telegram", "instagram", "facebook", "youtube", "unknown").
    pub platform: String,
    /// Account handle including `@`, or the display name when no handle is given.
    pub author: Option<String>,
    /// Display name of the account, when given beside the handle.
    pub author_name: Option<String>,
    /// Date the post was published.
    pub date: Option<NaiveDate>,
    /// Address of the post or its first link (http or https only).
    pub url: Option<String>,
    /// The post's text without links.
    pub text: String,
    /// Every link found in the post (http or https only).
    pub links: Vec<String>,
    /// The post in the source.
    pub span: Span,
}

/// An image caption and its credit.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Image {
    pub caption: Option<String>,
    /// Who the image is credited to ("AFP", "AP", a photographer, an account).
    pub credit: Option<String>,
    pub span: Span,
}

/// A piece of boilerplate removed from the body.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Removed {
    /// The rule that removed it, e.g. `navigation`, `share_widget`, `about_us`,
    /// `author_bio`, `read_more`, `section_label`, `logo`, `teaser`,
    /// `duplicate`, `link_placeholder`, `embed`, `image_credit`, `metadata`.
    pub rule: String,
    /// The removed text.
    pub text: String,
    pub span: Span,
}
