//! Bytes to a normalised [`Article`]: format detection, front matter,
//! Markdown (comrak) and plain-text segmentation, metadata, boilerplate
//! removal, quotes, embeds, images and the publication date.
//!
//! The pipeline, in order: [`decode`] -> [`front_matter`] -> [`blocks`]
//! (format detected from content) -> [`header`] (title, byline, credits,
//! dateline, URL) -> [`embeds`] -> [`chrome`] (boilerplate) -> plain-text
//! headings -> [`quotes`] -> [`published`]. Every value keeps the byte span
//! of the source it came from.

pub mod blocks;
pub mod chrome;
pub mod dates;
pub mod decode;
pub mod doc;
pub mod embeds;
pub mod front_matter;
pub mod header;
pub mod headline;
pub mod names;
pub mod page;
pub mod published;
pub mod quotes;
pub mod simple_yaml;
pub mod stamps;
pub mod text;

use sha2::{Digest, Sha256};
use tally_model::{
    Article, Block, BlockKind, DateBasis, DatedWindow, Diagnostic, Evidence, Provenance, Removed, Source,
    SourceFormat, SpanMap,
};

use crate::doc::{Doc, Role};
use crate::quotes::BodyText;

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
    hex(&Sha256::digest(bytes))
}

/// Lowercase hex of some bytes (the digits from a table, not a `format!`
/// per byte: every article's digest is written this way).
pub fn hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut hex = String::with_capacity(bytes.len() * 2);
    for &b in bytes {
        hex.push(DIGITS[usize::from(b >> 4)] as char);
        hex.push(DIGITS[usize::from(b & 15)] as char);
    }
    hex
}

/// Normalises one file. `path` names the file in diagnostics and in `source.path`.
/// Every error found is returned, each naming the file and its position.
pub fn normalise(path: &str, bytes: &[u8]) -> Result<Normalised, Vec<Diagnostic>> {
    let source = decode::decode(path, bytes).map_err(|e| vec![e])?;
    let (fm, body_start, mut warnings) = front_matter::split(path, &source)?;
    let body_text = &source[body_start..];
    let markdown = fm.is_some() || blocks::looks_like_markdown(body_text);
    let raw = if markdown {
        let autolink = !blocks::autolinks_would_be_slow(body_text);
        if !autolink {
            warnings.push(
                Diagnostic::warning(
                    path,
                    "bare URLs are not read as links here: the text has long runs without spaces full of `://`",
                )
                .at_byte(body_start),
            );
        }
        blocks::markdown_blocks(body_text, body_start, autolink)
    } else {
        blocks::plain_blocks(body_text, body_start)
    };
    let mut doc = Doc::new(raw);

    let head = header::analyse(&mut doc, fm.as_ref(), markdown);
    let embeds = embeds::extract(&mut doc);
    let authors: Vec<String> = head.authors.iter().map(|a| a.0.clone()).collect();
    chrome::remove(&mut doc, &authors, head.title.as_ref().map(|t| t.0.as_str()));
    if !markdown {
        mark_plain_headings(&mut doc);
    }

    // Sized once, exactly (they are kept with the article).
    let kept = doc.roles.iter().filter(|r| **r == Role::Body).count();
    let mut body = Vec::with_capacity(kept);
    let mut block_maps = Vec::with_capacity(kept);
    let mut removed = Vec::new();
    // The blocks are moved out, not copied: the document is done with.
    for (b, role) in doc.blocks.into_iter().zip(doc.roles) {
        match role {
            Role::Body => {
                body.push(Block { kind: b.kind, text: b.text, span: b.span });
                block_maps.push(b.map);
                if b.placeholder_links > 0 {
                    removed.push(Removed {
                        rule: "link_placeholder".into(),
                        text: format!(
                            "{} link(s) without a target; their words are kept",
                            b.placeholder_links
                        ),
                        span: b.span,
                    });
                }
            }
            Role::Removed(rule) => removed.push(Removed { rule: rule.into(), text: b.text, span: b.span }),
        }
    }
    let texts: Vec<BodyText> =
        body.iter().zip(&block_maps).map(|(b, m)| BodyText { text: &b.text, map: m }).collect();
    let quotes = quotes::find(&texts);

    let published = stated_date(&fm, &head).or_else(|| {
        let embed_dates: Vec<_> = embeds
            .iter()
            .filter_map(|e| e.date.map(|d| (d, e.span, e.author.clone().unwrap_or_default())))
            .collect();
        published::infer(&texts, &embed_dates)
    });

    let sha256 = sha256_hex(bytes);
    let provenance = Provenance {
        title: head.title.as_ref().and_then(|t| t.1),
        subtitle: head.subtitle.as_ref().map(|s| s.1),
        authors: head.authors.iter().map(|a| a.1).collect(),
        outlet: head.outlet.as_ref().and_then(|o| o.1),
        dateline: head.dateline.as_ref().map(|d| d.1),
        url: head.url.as_ref().map(|u| u.1),
    };
    let article = Article {
        id: format!("a-{}", &sha256[..16]),
        source: Source {
            path: path.to_string(),
            format: if markdown { SourceFormat::Markdown } else { SourceFormat::PlainText },
            sha256,
            bytes: bytes.len() as u64,
        },
        title: head.title.map(|t| t.0),
        subtitle: head.subtitle.map(|s| s.0),
        authors,
        outlet: head.outlet.map(|o| o.0),
        dateline: head.dateline.map(|d| d.0),
        url: head.url.map(|u| u.0),
        published,
        agencies: head.agencies,
        provenance,
        body,
        quotes,
        embeds,
        images: head.images,
        removed,
        corrected_by: Vec::new(),
    };
    let mut article = article;
    snap_spans(&mut article, &source);
    Ok(Normalised { article, source, block_maps, warnings })
}

/// Widens every span to the nearest character boundaries of the source, so
/// any span can be sliced out of the file (maps of decoded text are approximate).
fn snap_spans(a: &mut Article, source: &str) {
    let snap = |s: &mut tally_model::Span| {
        let mut start = s.start.min(source.len());
        while !source.is_char_boundary(start) {
            start -= 1;
        }
        let mut end = s.end.clamp(start, source.len());
        while !source.is_char_boundary(end) {
            end += 1;
        }
        *s = tally_model::Span::new(start, end);
    };
    a.body.iter_mut().for_each(|b| snap(&mut b.span));
    a.quotes.iter_mut().for_each(|q| snap(&mut q.span));
    a.embeds.iter_mut().for_each(|e| snap(&mut e.span));
    a.images.iter_mut().for_each(|i| snap(&mut i.span));
    a.removed.iter_mut().for_each(|r| snap(&mut r.span));
    let p = &mut a.provenance;
    for s in [&mut p.title, &mut p.subtitle, &mut p.outlet, &mut p.dateline, &mut p.url].into_iter().flatten()
    {
        snap(s);
    }
    p.authors.iter_mut().for_each(snap);
    if let Some(d) = a.published.as_mut() {
        d.evidence.iter_mut().for_each(|e| snap(&mut e.span));
    }
}

/// Front matter, then the URL's date, then a date line: stated dates.
fn stated_date(fm: &Option<front_matter::FrontMatter>, head: &header::Header) -> Option<DatedWindow> {
    let stated = |d, text: String, span, reason: &str| DatedWindow {
        start: d,
        end: d,
        basis: DateBasis::Stated,
        evidence: vec![Evidence { text, span, article: None }],
        reason: reason.into(),
    };
    if let Some(f) = fm.as_ref().filter(|f| f.date.is_some()) {
        let d = f.date.expect("checked");
        return Some(stated(d, d.to_string(), f.date_span.unwrap_or(f.span), "front matter `date`"));
    }
    if let Some((d, text, span)) = &head.date_line {
        return Some(stated(*d, text.clone(), *span, "date line under the headline"));
    }
    if let Some((u, span)) = &head.url {
        if let Some(d) = dates::from_url(u) {
            return Some(stated(d, u.clone(), *span, "date in the article's URL"));
        }
    }
    None
}

/// Plain-text lines that work as section titles: short stand-alone
/// questions, or short lines without final punctuation between paragraphs.
fn mark_plain_headings(doc: &mut Doc) {
    // The document counts words far enough for every bound read here.
    const _: () = assert!(doc::WORDS_COUNTED > 22);
    let body = doc.body_indices();
    for (k, &i) in body.iter().enumerate() {
        let t = doc.blocks[i].text.trim();
        if doc.blocks[i].kind != BlockKind::Paragraph || t.starts_with(['"', '“', '«']) {
            continue;
        }
        // The document's count (the chrome passes counted every body
        // block), read no further than the bounds below need.
        let words = doc.words(i).min(21);
        let question = t.ends_with('?') && (3..=20).contains(&words);
        let label = !text::ends_sentence(t)
            && (3..=12).contains(&words)
            && t.chars().next().is_some_and(char::is_uppercase)
            && !t.ends_with(',');
        if !(question || label) {
            continue;
        }
        let next_is_paragraph = body.get(k + 1).is_some_and(|&j| {
            let next = &doc.blocks[j].text;
            text::ends_sentence(next) && doc.words(j) > words
        });
        let prev_ends = k == 0 || text::ends_sentence(&doc.blocks[body[k - 1]].text);
        if next_is_paragraph && prev_ends {
            doc.blocks[i].kind = BlockKind::Heading;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        /// The table gives what a `format!` per byte gave.
        #[test]
        fn sha256_hex_is_the_formatted_digest(bytes in proptest::collection::vec(proptest::num::u8::ANY, 0..200)) {
            let formatted: String = Sha256::digest(&bytes).iter().map(|b| format!("{b:02x}")).collect();
            proptest::prop_assert_eq!(sha256_hex(&bytes), formatted);
        }
    }

    #[test]
    fn questions_between_paragraphs_are_headings_but_not_inside_them() {
        let text = "A title line\n\nThe first paragraph ends here.\n\nWhat happens next?\n\nThe answer is a longer paragraph of text.\n\nHe asked: what now? Nobody knew the answer then.\n";
        let n = normalise("x.txt", text.as_bytes()).unwrap();
        let heads: Vec<_> =
            n.article.body.iter().filter(|b| b.kind == BlockKind::Heading).map(|b| b.text.as_str()).collect();
        assert_eq!(heads, vec!["What happens next?"]);
    }

    #[test]
    fn markdown_is_detected_from_content_not_name() {
        let n = normalise("notes.txt", b"# Head\n\nSome **bold** text [here](https://a.org).\n").unwrap();
        assert_eq!(n.article.source.format, SourceFormat::Markdown);
        assert_eq!(n.article.title.as_deref(), Some("Head"));
        assert_eq!(n.article.body[0].text, "Some bold text here.");
    }

    #[test]
    fn spans_slice_the_source_with_bom_and_crlf() {
        let text = "\u{feff}Заголовок статьи\r\n\r\nПервый абзац текста.\r\n";
        let n = normalise("ru.txt", text.as_bytes()).unwrap();
        let t = n.article.provenance.title.unwrap();
        assert_eq!(&n.source[t.start..t.end], "Заголовок статьи");
        let b = &n.article.body[0];
        assert_eq!(&n.source[b.span.start..b.span.end], "Первый абзац текста.");
    }

    #[test]
    fn raw_html_and_scripts_never_reach_text() {
        let n = normalise("h.md", b"# T\n\n<div><script>alert(1)</script><p>Hello <b>world</b></p></div>\n\nText with <span>inline</span> tags.\n").unwrap();
        for b in &n.article.body {
            assert!(!b.text.contains('<') && !b.text.contains("alert"), "{}", b.text);
        }
    }
}
