//! Bytes to a normalised [`Article`]: format detection, front matter,
//! Markdown (comrak) and plain-text segmentation, metadata, boilerplate
//! removal, quotes, embeds, images and the publication date.
//!
//! STUB: the skeleton only splits paragraphs; issue #3 builds the real parser.

use sha2::{Digest, Sha256};
use tally_model::{Article, Block, BlockKind, Diagnostic, Provenance, Source, SourceFormat, Span, SpanMap};

/// The result of normalising one file.
#[derive(Debug, Clone)]
pub struct Normalised {
    pub article: Article,
    /// The file decoded as UTF-8, byte for byte (a BOM and CRLF are kept, so
    /// offsets into it are offsets into the file).
    pub source: String,
    /// One map per `article.body` block: block text offsets to source offsets.
    pub block_maps: Vec<SpanMap>,
    /// Warnings that did not stop normalisation (e.g. unknown front-matter keys).
    pub warnings: Vec<Diagnostic>,
}

/// Lowercase hex SHA-256 of some bytes.
pub fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes).iter().map(|b| format!("{b:02x}")).collect()
}

/// Normalises one file. `path` names the file in diagnostics and in `source.path`.
/// Every error found is returned, each naming the file and its position.
pub fn normalise(path: &str, bytes: &[u8]) -> Result<Normalised, Vec<Diagnostic>> {
    let source = match std::str::from_utf8(bytes) {
        Ok(s) => s.to_string(),
        Err(e) => return Err(vec![Diagnostic::error(path, "not valid UTF-8").at_byte(e.valid_up_to())]),
    };
    let sha256 = sha256_hex(bytes);
    let mut body = Vec::new();
    let mut block_maps = Vec::new();
    let mut offset = 0;
    for chunk in source.split("\n\n") {
        let trimmed = chunk.trim();
        if !trimmed.is_empty() {
            let start = offset + chunk.find(trimmed).unwrap_or(0);
            body.push(Block {
                kind: BlockKind::Paragraph,
                text: trimmed.to_string(),
                span: Span::new(start, start + trimmed.len()),
            });
            block_maps.push(SpanMap::identity(start, trimmed.len()));
        }
        offset += chunk.len() + 2;
    }
    let title = body.first().map(|b| b.text.clone());
    let article = Article {
        id: format!("a-{}", &sha256[..16]),
        source: Source {
            path: path.to_string(),
            format: SourceFormat::PlainText,
            sha256,
            bytes: bytes.len() as u64,
        },
        title,
        subtitle: None,
        authors: vec![],
        outlet: None,
        dateline: None,
        url: None,
        published: None,
        agencies: vec![],
        provenance: Provenance::default(),
        body,
        quotes: vec![],
        embeds: vec![],
        images: vec![],
        removed: vec![],
    };
    Ok(Normalised { article, source, block_maps, warnings: vec![] })
}
