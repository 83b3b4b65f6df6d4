//! Segmentation of the document (after front matter) into raw blocks with
//! plain text, a kind, a source span and a [`SpanMap`]: Markdown through
//! comrak with source positions, plain text through line-based rules.

use std::sync::LazyLock;

use comrak::arena_tree::NodeEdge;
use comrak::nodes::{AstNode, NodeValue};
use comrak::{parse_document, Arena, Options};
use memchr::memmem;
use tally_model::{BlockKind, Span, SpanMap};

use crate::text;

/// A block before boilerplate and metadata are taken out.
#[derive(Debug, Clone)]
pub struct RawBlock {
    pub kind: BlockKind,
    /// Heading level (1-6) for headings, 0 otherwise.
    pub level: u8,
    pub text: String,
    pub span: Span,
    pub map: SpanMap,
    /// Link targets found in the block (any scheme; filtered later).
    pub links: Vec<String>,
    /// Bytes of text that were link text.
    pub link_text_len: usize,
    /// Links whose target was a placeholder (`#`, empty): their words are kept.
    pub placeholder_links: usize,
    /// The block was separated from the previous one by a blank line (plain text).
    pub after_blank: bool,
    /// Text offsets of the spaces that stand for line breaks inside a
    /// Markdown paragraph.
    pub soft_breaks: Vec<usize>,
}

impl RawBlock {
    pub(crate) fn new(kind: BlockKind, text: String, span: Span, map: SpanMap) -> Self {
        RawBlock {
            kind,
            level: 0,
            text,
            span,
            map,
            links: Vec::new(),
            link_text_len: 0,
            placeholder_links: 0,
            after_blank: true,
            soft_breaks: Vec::new(),
        }
    }
}

/// Whether the lines of a paragraph look hard-wrapped: every line but the
/// last of a similar, typed width (50 to 100 characters). Lines of a saved
/// web page vary (a headline, a label, a whole paragraph on one line).
fn hard_wrapped(text: &str, breaks: &[usize]) -> bool {
    let mut from = 0;
    breaks.iter().all(|&b| {
        let width = text[from..b].chars().count();
        from = b + 1;
        (50..=100).contains(&width)
    })
}

/// A Markdown paragraph whose lines are a saved page's separate lines (not
/// hard-wrapped prose) as one block per line; a line starting in lower case
/// continues the one before it.
fn split_page_lines(block: RawBlock) -> Vec<RawBlock> {
    if block.kind != BlockKind::Paragraph
        || block.soft_breaks.is_empty()
        || hard_wrapped(&block.text, &block.soft_breaks)
    {
        return vec![block];
    }
    let text = &block.text;
    let mut cuts = vec![0];
    for &b in &block.soft_breaks {
        if text[b + 1..].chars().next().is_some_and(|c| !c.is_lowercase()) {
            cuts.push(b + 1);
        }
    }
    if cuts.len() == 1 {
        return vec![block];
    }
    cuts.push(text.len() + 1);
    let mut out = Vec::with_capacity(cuts.len() - 1);
    for w in cuts.windows(2) {
        let (a, b) = (w[0], w[1] - 1);
        let piece = text[a..b].trim();
        if piece.is_empty() {
            continue;
        }
        let span = block.map.span(a, b);
        let mut map = SpanMap::new(span.end);
        // An anchor at each word start keeps spans exact across inline markup.
        let mut at_word = true;
        for (o, c) in text[a..b].char_indices() {
            if at_word && !c.is_whitespace() {
                map.push(o, block.map.to_source(a + o));
            }
            at_word = c.is_whitespace();
        }
        let mut part = RawBlock::new(block.kind, piece.to_string(), span, map);
        part.links = block.links.clone();
        part.after_blank = a == 0 && block.after_blank;
        out.push(part);
    }
    out
}

/// Markdown signals strong enough to call a document Markdown.
pub fn looks_like_markdown(body: &str) -> bool {
    let mut score = 0;
    for line in lines(body).take(2000) {
        let t = line.trim_start();
        if t.starts_with("# ") || t.starts_with("## ") || t.starts_with("### ") {
            score += 2;
        }
        if t.starts_with("```") || t.starts_with("> ") {
            score += 1;
        }
        if holds_link_or_bold(t) || (t.starts_with('<') && t.contains("://") && t.ends_with('>')) {
            score += 1;
        }
        if score >= 2 {
            return true;
        }
    }
    false
}

/// `s.lines()`, each line's end found by a vector search (the standard
/// library's search is a slower one, and this runs on every file).
fn lines(s: &str) -> impl Iterator<Item = &str> {
    let mut rest = s;
    std::iter::from_fn(move || {
        if rest.is_empty() {
            return None;
        }
        let Some(end) = memchr::memchr(b'\n', rest.as_bytes()) else {
            // The last line, without its line end (a lone '\r' is no line end).
            return Some(std::mem::take(&mut rest));
        };
        let line = &rest[..end];
        rest = &rest[end + 1..];
        Some(line.strip_suffix('\r').unwrap_or(line))
    })
}

/// `t.contains("](") || t.contains("**")`, by one vector search for both
/// first bytes.
fn holds_link_or_bold(t: &str) -> bool {
    let b = t.as_bytes();
    memchr::memchr2_iter(b']', b'*', b)
        .any(|i| b.get(i + 1) == Some(if b[i] == b']' { &b'(' } else { &b'*' }))
}

/// Byte offset of each line start in `s`, for converting line:column
/// (a vector search for the line ends: a byte loop cost more than the walk
/// of comrak's tree).
fn line_starts(s: &str) -> Vec<usize> {
    let mut v = vec![0];
    v.extend(memchr::memchr_iter(b'\n', s.as_bytes()).map(|i| i + 1));
    v
}

/// Markdown blocks. `offset` is where `body` starts in the file.
pub fn markdown_blocks(body: &str, offset: usize, autolink: bool) -> Vec<RawBlock> {
    let arena = Arena::new();
    let mut options = Options::default();
    options.extension.autolink = autolink;
    options.extension.footnotes = true;
    options.extension.strikethrough = true;
    options.extension.table = true;
    let root = parse_document(&arena, body, &options);
    let starts = line_starts(body);
    let to_offset = |line: usize, col: usize| -> usize {
        let base = starts.get(line.saturating_sub(1)).copied().unwrap_or(body.len());
        let mut o = (base + col.saturating_sub(1)).min(body.len());
        while !body.is_char_boundary(o) {
            o -= 1;
        }
        offset + o
    };
    let mut out = Vec::new();
    for node in root.descendants() {
        let (kind, level) = {
            let data = node.data.borrow();
            match &data.value {
                NodeValue::Paragraph => (container_kind(node), 0),
                NodeValue::Heading(h) => (BlockKind::Heading, h.level),
                NodeValue::CodeBlock(_) => (BlockKind::Code, 0),
                NodeValue::HtmlBlock(_) => (BlockKind::Paragraph, 0),
                NodeValue::TableRow(_) => (BlockKind::Paragraph, 0),
                _ => continue,
            }
        };
        let sp = node.data.borrow().sourcepos;
        let start = to_offset(sp.start.line, sp.start.column);
        let end_line_start = to_offset(sp.end.line, 1);
        let end = (to_offset(sp.end.line, sp.end.column) + 1).max(start).min(offset + body.len());
        let mut end = end.max(end_line_start.min(offset + body.len()));
        while !body.is_char_boundary(end - offset) {
            end += 1;
        }
        let mut block = RawBlock::new(kind, String::new(), Span::new(start, end), SpanMap::new(end));
        block.level = level;
        match &node.data.borrow().value {
            NodeValue::CodeBlock(c) => {
                block.text = text::collapse_ws(&text::strip_tags(&c.literal));
                block.map = SpanMap::identity(start, end - start);
            }
            NodeValue::HtmlBlock(h) => {
                block.text = text::clean_inline(&h.literal);
                block.map = SpanMap::identity(start, end - start);
            }
            _ => collect_inline(node, &mut block, &to_offset),
        }
        // Tags comrak left as text (malformed HTML) are dropped too, and
        // shortcodes; most blocks have neither and are only trimmed.
        if memchr::memchr2(b'<', b'{', block.text.as_bytes()).is_some() {
            block.text = text::strip_shortcodes(&text::strip_tags(&block.text));
            block.soft_breaks.clear(); // offsets into the text before
        }
        let trimmed = block.text.trim();
        if trimmed.len() != block.text.len() {
            let lead = block.text.len() - block.text.trim_start().len();
            let len = trimmed.len();
            block.soft_breaks.retain(|&b| b >= lead && b - lead < len);
            block.soft_breaks.iter_mut().for_each(|b| *b -= lead);
            block.text = trimmed.to_string();
        }
        if !block.text.is_empty() {
            out.extend(split_page_lines(block));
        }
    }
    out
}

/// Whether comrak's GFM autolinker would take too long on `body`: it reads
/// from every `://` to the next white space, so a long run without white
/// space holding many URLs costs the product of the two (a megabyte of
/// `<http://a` takes minutes). Real text has short runs and stays far below.
pub fn autolinks_would_be_slow(body: &str) -> bool {
    let bytes = body.as_bytes();
    // A `://` takes three bytes: a text short enough that a third of its
    // length times its length is within the budget needs no count (most do).
    (bytes.len() / 3).saturating_mul(bytes.len()) > AUTOLINK_BUDGET && autolink_cost_exceeds_budget(bytes)
}

/// Bytes the autolinker may read, at most (about 0.1 s).
const AUTOLINK_BUDGET: usize = 1 << 26;

/// Whether the `://` of each white-space-free run, times the run's length,
/// add up to more than [`AUTOLINK_BUDGET`].
fn autolink_cost_exceeds_budget(bytes: &[u8]) -> bool {
    let urls = memchr::memmem::find_iter(bytes, b"://").count();
    if urls.saturating_mul(bytes.len()) <= AUTOLINK_BUDGET {
        return false; // no run can cost more than that
    }
    // comrak's white space: ASCII space, tab, line ends, vertical tab, form feed.
    let mut cost = 0usize;
    for run in bytes.split(|b| matches!(b, b' ' | b'\t' | b'\n' | b'\r' | 0x0b | 0x0c)) {
        cost += memchr::memmem::find_iter(run, b"://").count() * run.len();
        if cost > AUTOLINK_BUDGET {
            return true;
        }
    }
    false
}

/// A paragraph's kind from its enclosing container.
fn container_kind<'a>(node: &'a AstNode<'a>) -> BlockKind {
    let mut kind = BlockKind::Paragraph;
    for anc in node.ancestors().skip(1) {
        match anc.data.borrow().value {
            NodeValue::Item(_) | NodeValue::TaskItem(_) if kind == BlockKind::Paragraph => {
                kind = BlockKind::ListItem
            }
            NodeValue::BlockQuote => kind = BlockKind::Quote,
            NodeValue::FootnoteDefinition(_) => return BlockKind::Footnote,
            _ => {}
        }
    }
    kind
}

/// Appends the plain text of a block's inline content, with span anchors.
fn collect_inline<'a>(
    node: &'a AstNode<'a>,
    block: &mut RawBlock,
    to_offset: &dyn Fn(usize, usize) -> usize,
) {
    // How many links and images enclose the node being read: counted on the
    // way in and out, not by walking up from every node (a text deep in
    // nested quotes or emphasis would walk the whole depth each time).
    let (mut in_links, mut in_images) = (0usize, 0usize);
    for edge in node.traverse() {
        let d = match edge {
            NodeEdge::Start(d) if !std::ptr::eq(d, node) => d,
            NodeEdge::End(d) => {
                match d.data.borrow().value {
                    NodeValue::Link(_) => in_links -= 1,
                    NodeValue::Image(_) => in_images -= 1,
                    _ => {}
                }
                continue;
            }
            NodeEdge::Start(_) => continue,
        };
        let data = d.data.borrow();
        let src = to_offset(data.sourcepos.start.line, data.sourcepos.start.column);
        // Borrowed where the node's text is kept as it is (most text).
        let piece: Option<std::borrow::Cow<str>> = match &data.value {
            NodeValue::Text(t) => {
                let tagged = memchr::memchr(b'<', t.as_bytes()).is_some();
                Some(if tagged { text::strip_tags(t).into() } else { t.as_ref().into() })
            }
            NodeValue::Code(c) => Some(text::strip_tags(&c.literal).into()),
            NodeValue::SoftBreak | NodeValue::LineBreak => {
                block.soft_breaks.push(block.text.len());
                Some(" ".into())
            }
            NodeValue::HtmlInline(h) => {
                let t = text::clean_inline(h);
                (!t.is_empty()).then_some(t.into())
            }
            NodeValue::Link(l) => {
                let url = l.url.trim();
                if url.is_empty() || url.starts_with('#') {
                    block.placeholder_links += 1;
                } else {
                    block.links.push(url.to_string());
                }
                in_links += 1;
                None
            }
            NodeValue::Image(_) => {
                in_images += 1;
                None
            }
            _ => None,
        };
        if let Some(p) = piece {
            if in_images > 0 {
                continue;
            }
            if in_links > 0 {
                block.link_text_len += p.len();
            }
            block.map.push(block.text.len(), src);
            block.text.push_str(&p);
        }
    }
}

/// Plain-text blocks: one block per line, with hard-wrapped lines joined.
/// Lines end at `\n`, `\r\n` or a lone `\r`.
pub fn plain_blocks(body: &str, offset: usize) -> Vec<RawBlock> {
    let mut out: Vec<RawBlock> = Vec::new();
    let mut blank_before = true;
    let mut pos = 0;
    let bytes = body.as_bytes();
    while pos < body.len() {
        // The line's end, by a vector search (a byte loop was a sixth of
        // segmenting plain text).
        let end = memchr::memchr2(b'\n', b'\r', &bytes[pos..]).map_or(bytes.len(), |e| pos + e);
        let line = &body[pos..end];
        let next = if end < bytes.len() && bytes[end] == b'\r' && bytes.get(end + 1) == Some(&b'\n') {
            end + 2
        } else {
            end + 1
        };
        let content = line.trim();
        if content.is_empty() || content == crate::decode::BOM {
            blank_before = true;
        } else {
            let lead = line.len() - line.trim_start().len();
            let start = offset + pos + lead;
            let cleaned = text::clean_inline(content);
            let (kind, text) = list_item(cleaned);
            // Join a hard-wrapped continuation onto the previous line.
            let joins = !blank_before
                && kind == BlockKind::Paragraph
                && out.last().is_some_and(|p| {
                    p.kind == BlockKind::Paragraph && !text::ends_sentence(&p.text) && starts_lowercase(&text)
                });
            if joins {
                let prev = out.last_mut().expect("checked above");
                prev.text.push(' ');
                prev.map.push(prev.text.len(), start);
                prev.text.push_str(&text);
                prev.span.end = start + content.len();
                prev.map.set_source_end(prev.span.end);
            } else if !text.is_empty() {
                // List items start after their marker; find where the text begins in the line.
                let lead_off = if kind == BlockKind::ListItem {
                    let first = text.split_whitespace().next().unwrap_or("");
                    content.find(first).unwrap_or(0)
                } else {
                    0
                };
                let mut map = SpanMap::new(start + content.len());
                map.push(0, start + lead_off);
                let mut b = RawBlock::new(kind, text, Span::new(start, start + content.len()), map);
                b.after_blank = blank_before;
                b.links = find_urls(content);
                out.push(b);
            }
            blank_before = false;
        }
        pos = next;
    }
    out
}

fn starts_lowercase(s: &str) -> bool {
    s.chars().next().is_some_and(|c| c.is_lowercase())
}

/// A list marker (`1.`, `2)`, `-`, `*`, `•`) at the start of a line, removed
/// (a line without one is given back as it is, not copied).
fn list_item(line: String) -> (BlockKind, String) {
    let t = line.trim_start();
    for m in ["- ", "* ", "• ", "· "] {
        if let Some(rest) = t.strip_prefix(m) {
            return (BlockKind::ListItem, rest.trim().to_string());
        }
    }
    let digits = t.chars().take_while(|c| c.is_ascii_digit()).count();
    if (1..=3).contains(&digits) {
        let rest = &t[digits..];
        if let Some(r) = rest.strip_prefix(". ").or_else(|| rest.strip_prefix(") ")) {
            return (BlockKind::ListItem, r.trim().to_string());
        }
    }
    (BlockKind::Paragraph, line)
}

/// The longest text taken for one URL. Real ones are far shorter; the bound
/// keeps a line of run-together "http…" linear to read.
const MAX_URL: usize = 2048;

/// Bare http(s) URLs in a line of text, and pic.twitter.com links. A URL
/// found is not searched again for URLs inside it (an archive link's
/// original), so the links of a line are never longer than the line.
pub fn find_urls(s: &str) -> Vec<String> {
    let mut out = Vec::new();
    let http_end = |c: char| c.is_whitespace() || matches!(c, '>' | '<' | ')' | '"' | '”');
    // The starts' searchers, built once (this runs on every plain-text block).
    static HTTP: LazyLock<memmem::Finder<'static>> = LazyLock::new(|| memmem::Finder::new("http"));
    static PIC: LazyLock<memmem::Finder<'static>> = LazyLock::new(|| memmem::Finder::new("pic.twitter.com/"));
    urls_starting_with(
        s,
        &HTTP,
        http_end,
        |candidate| {
            let url = candidate.trim_end_matches(['.', ',', ';']);
            text::is_http_url(url).then(|| (url.to_string(), url.len()))
        },
        &mut out,
    );
    urls_starting_with(
        s,
        &PIC,
        char::is_whitespace,
        |candidate| Some((format!("https://{candidate}"), candidate.len())),
        &mut out,
    );
    out
}

/// For each `start` in `s` outside a URL already taken: the text from there
/// to the next `is_end` character, given to `take`, which returns the URL
/// and how much of the text it used.
fn urls_starting_with(
    s: &str,
    start: &memmem::Finder<'_>,
    is_end: impl Fn(char) -> bool,
    mut take: impl FnMut(&str) -> Option<(String, usize)>,
    out: &mut Vec<String>,
) {
    // Where the text around the previous start ends: a later start before it
    // ends there too, so no character is scanned twice.
    let mut text_end = 0;
    let mut taken_until = 0;
    // (memchr's finder, built once: `match_indices` builds a two-way
    // searcher per call, and this runs on every plain-text block; neither
    // start overlaps itself, so both give the same matches)
    for i in start.find_iter(s.as_bytes()) {
        if i < taken_until {
            continue;
        }
        if i >= text_end {
            text_end = s[i..].find(&is_end).map_or(s.len(), |e| i + e);
        }
        if text_end - i > MAX_URL {
            continue;
        }
        if let Some((url, used)) = take(&s[i..text_end]) {
            out.push(url);
            taken_until = i + used;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// The definition of [`find_urls`]: every start's text to its end
    /// character, trimmed and checked, each start on its own; then the URLs
    /// that begin inside one already taken are dropped.
    fn find_urls_by_definition(s: &str) -> Vec<String> {
        let mut found: Vec<(usize, usize, String)> = Vec::new();
        let mut taken_until = 0;
        for (i, _) in s.match_indices("http") {
            let rest = &s[i..];
            let end = rest
                .find(|c: char| c.is_whitespace() || matches!(c, '>' | '<' | ')' | '"' | '”'))
                .unwrap_or(rest.len());
            let url = rest[..end].trim_end_matches(['.', ',', ';']);
            if i >= taken_until && text::is_http_url(url) {
                found.push((i, i + url.len(), url.to_string()));
                taken_until = i + url.len();
            }
        }
        let mut taken_until = 0;
        for (i, _) in s.match_indices("pic.twitter.com/") {
            let rest = &s[i..];
            let end = rest.find(char::is_whitespace).unwrap_or(rest.len());
            if i >= taken_until {
                found.push((i, i + end, format!("https://{}", &rest[..end])));
                taken_until = i + end;
            }
        }
        found.into_iter().map(|(_, _, url)| url).collect()
    }

    /// `line_starts` as it was: a loop over every byte.
    fn line_starts_by_bytes(s: &str) -> Vec<usize> {
        let mut v = vec![0];
        for (i, b) in s.bytes().enumerate() {
            if b == b'\n' {
                v.push(i + 1);
            }
        }
        v
    }

    /// `autolinks_would_be_slow` as it was: `://` counted in every text.
    fn autolinks_would_be_slow_by_counting(body: &str) -> bool {
        autolink_cost_exceeds_budget(body.as_bytes())
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(64))]
        /// Texts of `://` and little else, about as long as the shortcut allows.
        #[test]
        fn autolink_cost_is_judged_as_by_counting(
            units in proptest::collection::vec(prop_oneof![8 => Just("://"), 1 => Just("x"), 1 => Just(" ")], 1..4),
            len in 13_000usize..16_000,
        ) {
            let unit = units.concat();
            let mut text = unit.repeat(len / unit.len() + 1);
            text.truncate(len);
            prop_assert_eq!(autolinks_would_be_slow(&text), autolinks_would_be_slow_by_counting(&text));
        }
    }

    #[test]
    fn the_autolink_shortcut_stops_where_counting_would_be_needed() {
        for len in [14_187, 14_188, 14_189, 14_190, 14_191] {
            let text = "://".repeat(len / 3 + 1)[..len].to_string();
            assert_eq!(autolinks_would_be_slow(&text), autolinks_would_be_slow_by_counting(&text), "{len}");
        }
        let text = "://".repeat(14_191 / 3 + 1);
        assert!(autolinks_would_be_slow(&text));
    }

    proptest! {
        #[test]
        fn line_starts_agree_with_a_byte_loop(text in "[a\n\r é\u{2028}]{0,80}") {
            prop_assert_eq!(line_starts(&text), line_starts_by_bytes(&text));
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(4000))]
        #[test]
        fn find_urls_agrees_with_its_definition(parts in proptest::collection::vec(prop_oneof![
            Just("https://a.org/x"), Just("http://b.com"), Just("pic.twitter.com/abc"), Just("httpd"),
            Just("https"), Just("http:"), Just("."), Just(","), Just(";"), Just(")"), Just("<"), Just(">"),
            Just("\""), Just("”"), Just(" "), Just("\n"), Just("word"), Just("é"),
        ], 0..12)) {
            let text = parts.concat();
            prop_assert_eq!(find_urls(&text), find_urls_by_definition(&text), "{:?}", text);
        }
    }

    #[test]
    fn urls_are_found_in_plain_text() {
        let line = "See https://example.org/a?b=1. and (http://x.com/y) or https://web.archive.org/web/2020/https://e.com/p here; pic.twitter.com/abc1 httpd";
        assert_eq!(
            find_urls(line),
            vec![
                "https://example.org/a?b=1",
                "http://x.com/y",
                "https://web.archive.org/web/2020/https://e.com/p",
                "https://pic.twitter.com/abc1",
            ]
        );
    }

    #[test]
    fn a_line_of_run_together_urls_is_read_in_one_pass() {
        // Each start used to be read to the end of the line, and each
        // valid one copied: minutes and gigabytes for a megabyte.
        for unit in ["http", "http://x.org/", "pic.twitter.com/"] {
            let line = unit.repeat(200_000);
            let urls = find_urls(&line);
            assert!(urls.iter().map(String::len).sum::<usize>() <= line.len() + 8 * urls.len(), "{unit}");
            assert!(urls.iter().all(|u| u.len() <= MAX_URL + 8), "{unit}");
        }
        let within = format!("{} end", "http://x.org/".repeat(100));
        assert_eq!(find_urls(&within), vec!["http://x.org/".repeat(100)]);
    }

    #[test]
    fn autolinks_are_turned_off_only_where_comrak_would_take_minutes() {
        let prose = "See https://a.org/x and http://b.com/y, or www.c.org.\n\n".repeat(20_000);
        assert!(!autolinks_would_be_slow(&prose));
        let b = markdown_blocks("See https://a.org/x and http://b.com/y.\n", 0, true);
        assert_eq!(b[0].links, vec!["https://a.org/x", "http://b.com/y"]);
        // 900 KB without a space: comrak read from each `://` to the end.
        let run = format!("x {}\n", "<http://a".repeat(100_000));
        assert!(autolinks_would_be_slow(&run));
        let b = markdown_blocks(&run, 0, false);
        assert_eq!(b.len(), 1);
        assert!(b[0].links.is_empty());
    }

    #[test]
    fn image_text_is_left_out_and_link_text_counted() {
        let b = markdown_blocks("Go [to *the* site](https://a.org) ![a *b*](i.png) [](#) now\n", 0, true);
        assert_eq!(b[0].text, "Go to the site   now");
        assert_eq!(b[0].link_text_len, "to the site".len());
        assert_eq!(b[0].links, vec!["https://a.org"]);
        assert_eq!(b[0].placeholder_links, 1);
    }

    #[test]
    fn deeply_nested_inline_text_is_read_in_one_pass() {
        // Each piece of text used to walk up to the document: 200 KB of
        // emphasis inside 2,000 quotes took seconds, 800 KB over a minute.
        let md = format!("{}{}\n", "> ".repeat(2_000), "w *[x](https://a.org)* ".repeat(20_000));
        let b = markdown_blocks(&md, 0, true);
        assert_eq!(b.len(), 1);
        assert_eq!(b[0].kind, BlockKind::Quote);
        assert_eq!(b[0].text.matches('x').count(), 20_000);
        assert_eq!(b[0].link_text_len, 20_000);
        let emphasis = format!("{}x{}\n", "*a _".repeat(20_000), "_ a*".repeat(20_000));
        assert_eq!(markdown_blocks(&emphasis, 0, true)[0].text.matches('x').count(), 1);
    }

    #[test]
    fn markdown_blocks_have_plain_text_and_spans() {
        let md = "# Head\n\nSome [said](#) words &amp; [link](https://x.org).\n\n- item one\n";
        let b = markdown_blocks(md, 10, true);
        assert_eq!(b[0].kind, BlockKind::Heading);
        assert_eq!(b[1].text, "Some said words & link.");
        assert_eq!(b[1].placeholder_links, 1);
        assert_eq!(b[1].links, vec!["https://x.org"]);
        assert_eq!(b[2].kind, BlockKind::ListItem);
        assert_eq!(&md[b[0].span.start - 10..b[0].span.end - 10], "# Head");
    }

    #[test]
    fn plain_lines_are_blocks_and_wraps_join() {
        let t =
            "Title line\r\nA sentence that wraps\r\nonto the next line.\rSecond one.\n\n  1. A list item\n";
        let b = plain_blocks(t, 0);
        assert_eq!(b.len(), 4);
        assert_eq!(b[1].text, "A sentence that wraps onto the next line.");
        assert_eq!(b[3].kind, BlockKind::ListItem);
        assert_eq!(b[3].text, "A list item");
        assert_eq!(&t[b[2].span.start..b[2].span.end], "Second one.");
    }

    proptest::proptest! {
        /// Lines and the link and bold marks are found as the standard library finds them.
        #[test]
        fn lines_and_marks_are_the_standard_librarys(t in "(a|\\n|\\r|\\r\\n|\\]|\\(|\\*|\\]\\(|\\*\\*|é| ){0,24}") {
            proptest::prop_assert_eq!(lines(&t).collect::<Vec<_>>(), t.lines().collect::<Vec<_>>());
            proptest::prop_assert_eq!(holds_link_or_bold(&t), t.contains("](") || t.contains("**"));
        }
    }

    #[test]
    fn markdown_detection_needs_real_markup() {
        assert!(looks_like_markdown("# Title\n\ntext"));
        assert!(!looks_like_markdown("Title\n\nA question? Yes [1] and more.\n"));
    }
}
