//! Test helper: a `Normalised` article built from paragraph strings and a
//! publication window, so rules can be tested without the parser.

use chrono::NaiveDate;
use tally_model::{
    Article, Block, BlockKind, DateBasis, DatedWindow, Provenance, Source, SourceFormat, Span, SpanMap,
};
use tally_parser::Normalised;

/// An article `id` whose body is `paragraphs` (separated by blank lines in
/// the source) published within `published` (`"YYYY-MM-DD"` start and end).
pub fn article(id: &str, paragraphs: &[&str], published: Option<(&str, &str)>) -> Normalised {
    let mut source = String::new();
    let mut body = Vec::new();
    let mut block_maps = Vec::new();
    for p in paragraphs {
        let start = source.len();
        source.push_str(p);
        body.push(Block {
            kind: BlockKind::Paragraph,
            text: p.to_string(),
            span: Span::new(start, source.len()),
        });
        block_maps.push(SpanMap::identity(start, p.len()));
        source.push_str("\n\n");
    }
    let day = |d: &str| NaiveDate::parse_from_str(d, "%Y-%m-%d").expect("test date");
    let published = published.map(|(s, e)| DatedWindow {
        start: day(s),
        end: day(e),
        basis: DateBasis::Stated,
        evidence: vec![],
        reason: "test".into(),
    });
    let article = Article {
        id: id.to_string(),
        source: Source {
            path: format!("{id}.txt"),
            format: SourceFormat::PlainText,
            sha256: String::new(),
            bytes: source.len() as u64,
        },
        title: None,
        subtitle: None,
        authors: vec![],
        outlet: Some("Test Outlet".into()),
        dateline: None,
        url: None,
        published,
        agencies: vec![],
        provenance: Provenance::default(),
        body,
        quotes: vec![],
        embeds: vec![],
        images: vec![],
        removed: vec![],
        corrected_by: vec![],
    };
    Normalised { article, source, block_maps, warnings: vec![] }
}
