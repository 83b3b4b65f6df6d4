//! Embedded social-media posts saved as text: a post's lines followed by a
//! signature "— Name (@handle) Month D, YYYY", and stray post fragments with
//! pic.twitter.com / t.co links. Posts are moved out of the body.

use std::sync::LazyLock;

use regex::Regex;
use tally_model::Embed;

use crate::blocks::find_urls;
use crate::doc::Doc;
use crate::text::{collapse_ws, words_at_most};

static SIGNATURE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^[—–-]{1,2}\s*(?P<name>[^()]{0,80}?)\s*\((?P<handle>@[A-Za-z0-9_.]{1,30})\)\s*(?P<date>[A-Z][a-z]+\.? \d{1,2},? \d{4})\s*$")
        .expect("valid regex")
});
static LINK: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:https?://)?(?:pic\.twitter\.com|t\.co)/\S+|https?://\S+").expect("valid regex")
});

fn platform_of(links: &[String], handle: &str) -> String {
    let all = links.join(" ");
    if all.contains("t.me/") {
        "telegram".into()
    } else if all.contains("instagram.com") {
        "instagram".into()
    } else if all.contains("facebook.com") {
        "facebook".into()
    } else if all.contains("youtube.com") || all.contains("youtu.be") {
        "youtube".into()
    } else if handle.starts_with('@')
        || all.contains("twitter.com")
        || all.contains("x.com")
        || all.contains("t.co/")
    {
        "x".into()
    } else {
        "unknown".into()
    }
}

fn strip_links(s: &str) -> String {
    collapse_ws(&LINK.replace_all(s, ""))
}

/// Whether `t` has a "pic.twitter.com/" or "https://t.co/" link: both
/// found from their common ".co", in one pass over the text (this runs on
/// every body block).
fn is_fragment(t: &str) -> bool {
    let b = t.as_bytes();
    // ".co" cannot overlap itself, so `find_iter` meets every one.
    memchr::memmem::find_iter(b, b".co").any(|at| {
        let (before, after) = b.split_at(at);
        (before.ends_with(b"pic.twitter") && after.starts_with(b".com/"))
            || (before.ends_with(b"https://t") && after.starts_with(b".co/"))
    })
}

/// Whether `t` starts with a dash, as a signature does (the regex is
/// anchored): most blocks are not copied and searched.
fn may_be_signature(t: &str) -> bool {
    t.trim_start().starts_with(['—', '–', '-'])
}

/// Finds posts, removes them from the body, and returns them in order.
pub fn extract(doc: &mut Doc) -> Vec<Embed> {
    let mut out = Vec::new();
    let n = doc.blocks.len();
    for i in 0..n {
        if !doc.is_body(i) {
            continue;
        }
        if !may_be_signature(&doc.blocks[i].text) {
            continue;
        }
        let t = doc.blocks[i].text.trim().to_string();
        let Some(c) = SIGNATURE.captures(&t) else { continue };
        let handle = c["handle"].to_string();
        let name = c["name"].trim().to_string();
        let date = crate::dates::find(&c["date"]).first().and_then(|m| m.date());
        let mut span = doc.blocks[i].span;
        let mut text = String::new();
        let mut links = Vec::new();
        // The post's text is the block before the signature (short, not a body paragraph already used).
        if i > 0 && doc.is_body(i - 1) && words_at_most(&doc.blocks[i - 1].text, 80) {
            let prev = doc.blocks[i - 1].text.clone();
            links.extend(find_urls(&prev));
            text = strip_links(&prev);
            span = doc.blocks[i - 1].span.cover(span);
            doc.remove(i - 1, "embed");
        }
        doc.remove(i, "embed");
        // Links right after the signature belong to the post.
        if i + 1 < n && doc.is_body(i + 1) && is_fragment(&doc.blocks[i + 1].text) {
            let next = doc.blocks[i + 1].text.clone();
            links.extend(find_urls(&next));
            let extra = strip_links(&next);
            if !extra.is_empty() {
                text = if text.is_empty() { extra } else { format!("{text} {extra}") };
            }
            span = span.cover(doc.blocks[i + 1].span);
            doc.remove(i + 1, "embed");
        }
        links.dedup();
        let url = links.first().cloned();
        out.push(Embed {
            platform: platform_of(&links, &handle),
            author: Some(handle),
            author_name: (!name.is_empty()).then_some(name),
            date,
            url,
            text,
            links,
            span,
        });
    }
    // Stray fragments of posts (text with a pic.twitter.com link and no signature) leave the body.
    for i in 0..n {
        if doc.is_body(i) && is_fragment(&doc.blocks[i].text) {
            doc.remove(i, "embed");
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::blocks::plain_blocks;
    use proptest::strategy::Strategy;

    #[test]
    fn a_signed_post_leaves_the_body() {
        let text = "The ferry sank on Monday.\nAll passengers were rescued, officials said. pic.twitter.com/abc123\n— City News (@citynews) March 3, 2024\nRescue teams stayed overnight.\n";
        let mut doc = Doc::new(plain_blocks(text, 0));
        let e = extract(&mut doc);
        assert_eq!(e.len(), 1);
        assert_eq!(e[0].platform, "x");
        assert_eq!(e[0].author.as_deref(), Some("@citynews"));
        assert_eq!(e[0].date.unwrap().to_string(), "2024-03-03");
        assert_eq!(e[0].text, "All passengers were rescued, officials said.");
        assert_eq!(e[0].links, vec!["https://pic.twitter.com/abc123"]);
        let body: Vec<_> = doc.body_indices().into_iter().map(|i| doc.blocks[i].text.clone()).collect();
        assert_eq!(body, vec!["The ferry sank on Monday.", "Rescue teams stayed overnight."]);
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(10_000))]

        /// The one-pass link test is the two searches it replaced, and the
        /// dash test passes every text the signature regex matches.
        #[test]
        fn fragments_and_signatures_are_found_as_before(
            parts in proptest::collection::vec(
                proptest::prop_oneof![
                    proptest::sample::select(vec![
                        "pic.twitter.com/", "pic.twitter.com", "pic.twitter", "https://t.co/", "http://t.co/",
                        "https://t", ".co/", ".com/", ".co", ".c", "t.co/", "https://", ".", "/", "pic.", "twitter",
                        "— ", "– ", "-", "—", " ", "\n", "\u{a0}", "Ann (@ann_1) March 3, 2024", "Lee", "(@x)",
                        "June 11, 2025", "é", "Ж",
                    ])
                    .prop_map(String::from),
                    "\\PC{0,3}",
                ],
                0..20,
            ),
        ) {
            let t: String = parts.concat();
            proptest::prop_assert_eq!(
                is_fragment(&t),
                t.contains("pic.twitter.com/") || t.contains("https://t.co/"),
                "{:?}", t
            );
            if SIGNATURE.is_match(t.trim()) {
                proptest::prop_assert!(may_be_signature(&t), "{:?}", t);
            }
        }
    }

    #[test]
    fn a_dash_line_without_handle_is_not_a_post() {
        let mut doc = Doc::new(plain_blocks("— John Smith, 2024\nText.\n", 0));
        assert!(extract(&mut doc).is_empty());
    }
}
