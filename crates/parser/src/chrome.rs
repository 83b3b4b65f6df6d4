//! Boilerplate: site chrome, widgets, promotions, biographies, teasers and
//! repeated blocks. Rules use general signals of web pages saved as text —
//! short stand-alone lines of known widget words, position at the end of the
//! page, repetition — never one site's wording.

use std::collections::hash_map::Entry;
use std::sync::LazyLock;

use regex::Regex;
use tally_model::BlockKind;

use crate::doc::Doc;
use crate::text::{
    fold, fold_prefix_key, folds_past, folds_to, lexicon_first_letters, lexicon_pattern as pattern,
    padded_words, starts_with_any, words_at_least, words_at_most, FnvMap,
};

// Each rule's shape is here and its words are the lexicon's (one category
// per rule, every language's forms: see `lexicon_alternation`). A word's
// edges are `(?:^|\W)` and `(?:\W|$)`, not `\b`: the patterns are only asked
// whether they match, and Unicode's `\b` keeps the fast engines off any
// text that is not ASCII.

static NAVIGATION: LazyLock<Regex> = LazyLock::new(|| pattern(r"(?i)^{}\.?$", &[&["navigation_labels"]]));
/// A share control, alone, with one word ("Share on X"), or opening a short
/// line ("Subscribe for …"); a count in parentheses may follow ("Comments (3)").
static SHARE: LazyLock<Regex> = LazyLock::new(|| {
    pattern(
        r"(?i)^(?:{}(?: \(\d+\))?|{} \w+|{}(?:\W.*)?)\s*[:.!]?$",
        &[&["share_labels", "social_platforms"], &["share_on_labels"], &["share_openers"]],
    )
});
/// A section label (two joined by a separator), a policy line, a reading
/// time ("4 min read") or a change stamp with a time of day.
static SECTION_LABEL: LazyLock<Regex> = LazyLock::new(|| {
    pattern(
        r"(?i)^(?:{}(?:\s*[·•|-]\s*{})?|{}:.*|\d+\s*{}|{}:?.*\d{1,2}:\d{2}.*)$",
        &[
            &["section_labels", "widget_labels"],
            &["section_labels", "widget_labels"],
            &["section_openers"],
            &["read_time"],
            &["update_labels"],
        ],
    )
});
static READ_MORE: LazyLock<Regex> =
    LazyLock::new(|| pattern(r"(?i)^\W{0,3}{}\s*\W{0,3}\s*:", &[&["read_more_labels"]]));
static READ_MORE_BARE: LazyLock<Regex> = LazyLock::new(|| {
    pattern(r"(?i)^(?:{}\s*[:.]?|{} [\w.-]+\.[a-z]{2,}\.?)$", &[&["read_more_labels"], &["continue_reading"]])
});
static ABOUT: LazyLock<Regex> = LazyLock::new(|| pattern(r"(?i)^{}\s*:?$", &[&["about_labels"]]));
/// A pointer to more of the outlet's coverage ("Follow AP's coverage of the war at …").
static COVERAGE_PROMO: LazyLock<Regex> = LazyLock::new(|| {
    pattern(
        r"(?i)^{} (?:[\w'’.-]+ ){0,6}{}(?: [^.]{1,84}?)? {}(?:\W|$)",
        &[&["coverage_openers"], &["coverage_words"], &["coverage_links"]],
    )
});
/// A label that heads a list of other stories (a widget's label heads none).
static LIST_LABEL: LazyLock<Regex> =
    LazyLock::new(|| pattern(r"(?i)^{}\s*:?$", &[&["list_labels", "section_labels", "read_more_labels"]]));
/// One part of a wire story's closing credits ("Reporting by Ann Lee", "Editing by Bo Chan").
static WIRE_CREDIT: LazyLock<Regex> = LazyLock::new(|| {
    pattern(
        r"(?i)^(?:{} )?{} {} (?-i:\p{Lu}).{0,100}$",
        &[&["credit_qualifiers"], &["credit_roles"], &["credit_by"]],
    )
});
/// A call to pay for or back the publication.
static APPEAL: LazyLock<Regex> = LazyLock::new(|| {
    pattern(
        r"(?i)(?:^|\W)(?:{}(?:\s*[.!]|\s*$|\s+{}(?:\W|$))|{}(?:\W|$))",
        &[&["appeal_joins"], &["appeal_now"], &["appeal_calls"]],
    )
});
static LOGO: LazyLock<Regex> = LazyLock::new(|| pattern(r"(?i)(?:^|\W){}\.?$", &[&["logo_words"]]));
static BIO: LazyLock<Regex> = LazyLock::new(|| {
    pattern(r"(?i)(?:^|\W){}\s+(?:[\w'’]+\s+){0,6}{}(?:\W|$)", &[&["bio_verbs"], &["bio_roles"]])
});
/// The first letters of the rules tested before their patterns.
static ABOUT_LETTERS: LazyLock<Vec<u8>> = LazyLock::new(|| lexicon_first_letters(&["about_labels"]));
static CREDIT_LETTERS: LazyLock<Vec<u8>> =
    LazyLock::new(|| lexicon_first_letters(&["credit_qualifiers", "credit_roles"]));
static COVERAGE_LETTERS: LazyLock<Vec<u8>> = LazyLock::new(|| lexicon_first_letters(&["coverage_openers"]));
/// The credit's link words, padded (" by "), in ASCII: a credit's link word
/// is looked for in its first 100 bytes before its pattern is tried. A link
/// word with other letters lets every paragraph through.
static CREDIT_BY: LazyLock<Option<Vec<String>>> = LazyLock::new(|| {
    let words: Vec<String> =
        tally_lexicon::words_in_all("credit_by").map(|(_, w)| format!(" {w} ")).collect();
    words.iter().all(|w| w.is_ascii()).then_some(words)
});

/// Applies every boilerplate rule. `authors` are the byline names (for biographies).
pub fn remove(doc: &mut Doc, authors: &[String], title: Option<&str>) {
    let n = doc.blocks.len();
    let bio_starts = BioStarts::new(authors);
    // The trailing site chrome: from an "About us" line in the last part of the page on.
    let about = (0..n).find(|&i| doc.is_body(i) && i * 3 >= n && is_about(doc.blocks[i].text.trim()));
    if let Some(a) = about {
        for i in a..n {
            doc.remove(i, "about_us");
        }
    }
    // Items listed under a removed "Keep reading" / "Related" label are its links.
    let mut under_label = false;
    for i in 0..n {
        if !doc.is_body(i) {
            continue;
        }
        let t = doc.blocks[i].text.trim();
        // (the block's count, which the page pass reads again)
        let short = doc.words(i) <= 8;
        let is_item = doc.blocks[i].kind == BlockKind::ListItem;
        // Appeals and promos close a page: its last quarter or last three blocks.
        let near_end = i * 4 >= n * 3 || i + 3 >= n;
        let rule = if under_label && is_item {
            Some("related_list")
        } else if short && NAVIGATION.is_match(t) {
            Some("navigation")
        } else if short && SHARE.is_match(t) {
            Some("share_widget")
        } else if short && SECTION_LABEL.is_match(t) {
            Some("section_label")
        } else if is_read_more(t, short) && !crate::page::heads_a_list(&padded_words(t), doc.words(i)) {
            // (a list label is the page pass's: it removes the headlines under it too)
            Some("read_more")
        } else if short && LOGO.is_match(t) {
            Some("logo")
        } else if is_bio(t, &bio_starts) {
            Some("author_bio")
        } else if is_link_list(&doc.blocks[i]) {
            Some("link_list")
        } else if is_wire_credit(t) {
            Some("wire_credit")
        } else if near_end && is_appeal(t, short) {
            Some("appeal")
        } else if near_end && starts_with_any(t, &COVERAGE_LETTERS) && COVERAGE_PROMO.is_match(t) {
            Some("promo")
        } else {
            None
        };
        under_label = match rule {
            Some("section_label" | "read_more") => LIST_LABEL.is_match(t),
            Some("related_list") => true,
            _ => false,
        };
        if let Some(rule) = rule {
            doc.remove(i, rule);
        }
    }
    crate::page::remove(doc);
    remove_teasers_and_duplicates(doc, title);
}

/// A wire story's closing credits: "Reporting by Ann Lee; Editing by Bo
/// Chan", possibly in parentheses; every part a credit of a few words.
fn is_wire_credit(t: &str) -> bool {
    let t = t.strip_prefix('(').and_then(|t| t.strip_suffix(')')).unwrap_or(t);
    // A credit's link word comes within its first few words ("additional
    // fact-checking by "), 100 bytes even in case-folded letters: most
    // paragraphs are told apart without counting their words.
    let head = &t.as_bytes()[..t.len().min(100)];
    starts_with_any(t, &CREDIT_LETTERS)
        && CREDIT_BY.as_ref().is_none_or(|words| {
            words.iter().any(|w| head.windows(w.len()).any(|h| h.eq_ignore_ascii_case(w.as_bytes())))
        })
        && is_wire_credit_by_parts(t)
}

/// [`is_wire_credit`] without its pre-test.
fn is_wire_credit_by_parts(t: &str) -> bool {
    words_at_most(t, 40)
        && t.split(';').all(|part| {
            let part = part.trim().trim_end_matches('.');
            words_at_most(part, 12) && WIRE_CREDIT.is_match(part)
        })
}

/// A membership or donation appeal (looked for in the last quarter of the
/// page and its last three blocks): a short call ("Become a member") or a
/// paragraph of at most 80 words that speaks as the publication ("we", "our").
fn is_appeal(t: &str, short: bool) -> bool {
    APPEAL.is_match(t)
        && words_at_most(t, 80)
        && (short
            || t.split(|c: char| !c.is_alphanumeric() && c != '\'').any(|w| {
                !w.is_empty()
                    && tally_lexicon::is_form_in_any("appeal_pronouns", &crate::text::lexicon_fold(w))
            }))
}

/// An "About us" line (its first letter one a label starts with).
fn is_about(t: &str) -> bool {
    starts_with_any(t, &ABOUT_LETTERS) && ABOUT.is_match(t)
}

/// A "Read more:" line (`short`: it has at most 8 words). The labelled form
/// needs a ':'; the bare one has at most 3 words.
fn is_read_more(t: &str, short: bool) -> bool {
    (memchr::memchr(b':', t.as_bytes()).is_some() && READ_MORE.is_match(t))
        || (short && READ_MORE_BARE.is_match(t))
}

/// An author biography: a paragraph that starts with a bylined author's
/// name or surname and is about their job.
fn is_bio(t: &str, starts: &BioStarts<'_>) -> bool {
    starts.begins(t) && BIO.is_match(t)
}

/// The surname of a byline name: its last word (the name itself when it has none).
fn surname(a: &str) -> &str {
    a.split_whitespace().last().unwrap_or(a)
}

/// Every byline name and surname, sorted, keeping only those no other starts
/// (a text starting with "Ann Lee" starts with "Ann"). A text starts with one
/// of them exactly when it starts with the greatest one not above it (any
/// one it starts with sorts between that one and the text, and so starts
/// it): one binary search per block, where testing every author against
/// every block was quadratic on pages with many authors and paragraphs.
struct BioStarts<'a>(Vec<&'a str>);

impl<'a> BioStarts<'a> {
    fn new(authors: &'a [String]) -> Self {
        let mut all: Vec<&str> = authors.iter().flat_map(|a| [a.as_str(), surname(a)]).collect();
        all.sort_unstable();
        all.dedup();
        let mut kept: Vec<&str> = Vec::new();
        // Sorted, the names a kept one starts come right after it.
        for s in all {
            if !kept.last().is_some_and(|k| s.starts_with(k)) {
                kept.push(s);
            }
        }
        BioStarts(kept)
    }

    /// Whether `t` starts with a byline name or surname.
    fn begins(&self, t: &str) -> bool {
        let i = self.0.partition_point(|p| *p <= t);
        i > 0 && t.starts_with(self.0[i - 1])
    }
}

/// A block that is nothing but links (a menu or a list of related stories).
fn is_link_list(b: &crate::blocks::RawBlock) -> bool {
    b.kind != BlockKind::Heading && b.links.len() >= 2 && b.link_text_len * 10 >= b.text.len() * 9
}

/// Removes truncated teaser copies ("… in...") of another block and repeats
/// of earlier blocks (anywhere, not only adjacent), and the title repeated in
/// the body. Every test is near-linear in the number of blocks: a page of
/// thousands of alike blocks is a valid input.
fn remove_teasers_and_duplicates(doc: &mut Doc, title: Option<&str>) {
    let title = title.map(fold);
    for i in teasers(doc) {
        doc.remove(i, "teaser");
    }
    // Earlier blocks kept, bucketed by a hash of their first 64 folded
    // characters, then (once a second block starts alike) of all of them.
    // Sized once: growing it rehashed every key on the way.
    let mut seen: FnvMap<u64, SameStart> =
        FnvMap::with_capacity_and_hasher(doc.blocks.len(), Default::default());
    for i in 0..doc.blocks.len() {
        let text = &doc.blocks[i].text;
        if !text.chars().any(crate::text::is_letter_or_digit) {
            continue; // folds to nothing
        }
        if doc.is_body(i) && title.as_deref().is_some_and(|t| folds_to(text, t)) {
            doc.remove(i, "duplicate");
            continue;
        }
        if !doc.is_body(i) || !words_at_least(text, 3) {
            continue;
        }
        let bucket = match seen.entry(fold_prefix_key(text, 64)) {
            Entry::Vacant(v) => {
                v.insert(SameStart { first: Some(i), by_whole: FnvMap::default() });
                continue;
            }
            Entry::Occupied(o) => o.into_mut(),
        };
        if let Some(first) = bucket.first.take() {
            bucket
                .by_whole
                .entry(fold_prefix_key(&doc.blocks[first].text, usize::MAX))
                .or_default()
                .push(first);
        }
        let same = bucket.by_whole.entry(fold_prefix_key(text, usize::MAX)).or_default();
        let repeat = !same.is_empty() && {
            let folded = fold(text);
            same.iter().any(|&k| folds_to(&doc.blocks[k].text, &folded))
        };
        if repeat {
            doc.remove(i, "duplicate");
        } else {
            same.push(i);
        }
    }
}

/// Kept blocks whose folded text starts with the same 64 characters: the
/// first alone until another arrives (most blocks start unlike any other, and
/// are never folded in full), then all by a hash of their whole folded text.
struct SameStart {
    first: Option<usize>,
    by_whole: FnvMap<u64, Vec<usize>>,
}

/// Candidate teasers compared with every block one by one; above this, with
/// a sorted list of every block's folded text.
const FEW_TEASER_CANDIDATES: usize = 8;

/// Body blocks that end in an ellipsis, have four words or more, and fold to
/// the start of another block's folded text.
fn teasers(doc: &Doc) -> Vec<usize> {
    let candidates: Vec<usize> = (0..doc.blocks.len())
        .filter(|&i| {
            let t = doc.blocks[i].text.trim_end();
            doc.is_body(i) && (t.ends_with("...") || t.ends_with('…')) && words_at_least(t, 4)
        })
        .collect();
    if candidates.len() <= FEW_TEASER_CANDIDATES {
        teasers_by_scan(doc, candidates)
    } else {
        teasers_by_sort(doc, candidates)
    }
}

/// Each candidate compared with every block, as they fold: most blocks
/// differ within a few characters.
fn teasers_by_scan(doc: &Doc, candidates: Vec<usize>) -> Vec<usize> {
    candidates
        .into_iter()
        .filter(|&i| {
            let f = fold(&doc.blocks[i].text);
            (0..doc.blocks.len()).any(|j| j != i && folds_past(&doc.blocks[j].text, &f))
        })
        .collect()
}

/// The same answer as [`teasers_by_scan`] from a sorted list of every
/// block's folded text, in O(n log n).
fn teasers_by_sort(doc: &Doc, candidates: Vec<usize>) -> Vec<usize> {
    let mut folded: Vec<String> = doc.blocks.iter().map(|b| fold(&b.text)).collect();
    folded.sort_unstable();
    candidates
        .into_iter()
        .filter(|&i| {
            // The first folded text greater than this one starts with it
            // exactly when some block's folded text continues this one (and
            // such a block is another block: its text is longer).
            let f = fold(&doc.blocks[i].text);
            let after = folded.partition_point(|g| g.as_str() <= f.as_str());
            folded.get(after).is_some_and(|g| g.starts_with(f.as_str()))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::blocks::plain_blocks;

    /// The definition [`is_bio`] is held to: every author tried on the block.
    fn is_bio_by_scan(t: &str, authors: &[String]) -> bool {
        authors.iter().any(|a| (t.starts_with(a.as_str()) || t.starts_with(surname(a))) && BIO.is_match(t))
    }

    fn run(text: &str, authors: &[&str]) -> Vec<String> {
        let mut doc = Doc::new(plain_blocks(text, 0));
        let authors: Vec<String> = authors.iter().map(|s| s.to_string()).collect();
        remove(&mut doc, &authors, Some("A headline here"));
        doc.body_indices().into_iter().map(|i| doc.blocks[i].text.clone()).collect()
    }

    /// Any mix of the patterns' words in mixed case, case-fold traps ('ſ'
    /// folds to s, 'K' to k), punctuation, white space of several kinds,
    /// non-ASCII letters and a letter whose lowercase is two characters.
    const CHROME_MIX: &str = "(read more|Read Also|ALSO READ|ſee also|related articles|Related|recommended reading|you may also like|don't miss|Watch|about|About Us|ABOUT THE AUTHORS|who we are|Who|ſ|K|İ|é|Bé|—|–|-|:|\\.|!|»|\\(|x|ab1|A|w| |  |\t|\n|\u{b}|\u{a0}|\u{85}|\u{3000}){0,14}";
    /// Lines shaped like the patterns, so that many match and the rest miss by little.
    const ABOUT_LIKE: &str =
        "(about|About Us|ABOUT THE AUTHOR|about the authors|who we are|Who We Are|x|ſ|İ|A)( |\t)?(:|\\.)?";
    const READ_MORE_LIKE: &str = "(»|-|\\*| |é|:){0,3}(read more|Read Also|ALSO READ|ſee also|see also|related articles|Related|related coverage|recommended reading|you may also like|don't miss|Watch|More on this story|x|İ)( |\t)?(»|-|:|\\.)?( )?(:)?( x| more words here| one two three four five six seven)?";

    #[test]
    fn pretests_at_their_edges() {
        for t in [
            "read more .",
            "Related articles\t.",
            "» see also »:",
            "watch:",
            "about the authors :",
            "Who we are",
            "ſee also",
        ] {
            assert_eq!(is_about(t), ABOUT.is_match(t), "{t:?}");
            assert_eq!(
                is_read_more(t, words_at_most(t, 8)),
                READ_MORE.is_match(t) || READ_MORE_BARE.is_match(t),
                "{t:?}"
            );
        }
    }

    proptest::proptest! {
        /// The pre-tests decide as the patterns they guard.
        #[test]
        fn chrome_pretests_agree_with_the_patterns(t in proptest::prop_oneof![ABOUT_LIKE, READ_MORE_LIKE, CHROME_MIX]) {
            proptest::prop_assert_eq!(is_about(&t), ABOUT.is_match(&t));
            let short = words_at_most(&t, 8);
            proptest::prop_assert_eq!(is_read_more(&t, short), READ_MORE.is_match(&t) || READ_MORE_BARE.is_match(&t));
        }

        /// The wire-credit pre-test misses no credit.
        #[test]
        fn wire_credit_pretest_agrees_with_the_parts(
            t in "(\\()?(additional |further |ADDITIONAL |ſ)?(fact-checking|fact-checKing|reporting|editing|x)( by | BY |by)(Ann Lee|ann|K)(; |;|\\.)?(Editing by Bo|x)?(\\))?",
        ) {
            let inner = t.strip_prefix('(').and_then(|t| t.strip_suffix(')')).unwrap_or(&t);
            proptest::prop_assert_eq!(is_wire_credit(&t), starts_with_any(inner, &CREDIT_LETTERS) && is_wire_credit_by_parts(inner));
        }

        /// The one-pass word count counts as `split_whitespace` does.
        #[test]
        fn word_count_agrees_with_split_whitespace(t in CHROME_MIX, any in "\\PC{0,40}", cap in 0usize..12) {
            for s in [&t, &any] {
                proptest::prop_assert_eq!(crate::text::words_up_to(s, cap), s.split_whitespace().count().min(cap), "{:?} {}", s, cap);
            }
        }

        /// The one-pass key is the key of the folded characters.
        #[test]
        fn fold_prefix_key_agrees_with_the_folded_form(t in CHROME_MIX, any in "\\PC{0,40}", n in 0usize..80) {
            for s in [&t, &any] {
                let by_definition = crate::text::fold_prefix_key_by_definition;
                proptest::prop_assert_eq!(fold_prefix_key(s, n), by_definition(s, n), "{:?} {}", s, n);
                proptest::prop_assert_eq!(fold_prefix_key(s, usize::MAX), by_definition(s, usize::MAX));
            }
        }

        /// The sorted search finds the teasers the block-by-block scan finds.
        #[test]
        fn teaser_search_by_sort_matches_the_scan(
            texts in proptest::collection::vec("(A|a|b|Bé|c|—|-| |\\.){0,12}(\\.\\.\\.|…)?", 0..12),
        ) {
            let block = |t: &String| {
                crate::blocks::RawBlock::new(BlockKind::Paragraph, t.clone(), tally_model::Span::new(0, 0), tally_model::SpanMap::new(0))
            };
            let doc = Doc::new(texts.iter().map(block).collect());
            let all: Vec<usize> = (0..doc.blocks.len()).collect();
            proptest::prop_assert_eq!(teasers_by_sort(&doc, all.clone()), teasers_by_scan(&doc, all));
        }
    }

    #[test]
    fn thousands_of_alike_blocks_are_handled_in_near_linear_time() {
        // Identical teasers, and blocks sharing a long start: each pair was
        // compared before (minutes for this page).
        let teaser = "Same words are repeated here...\n\n".repeat(20_000);
        let alike: String = (0..20_000)
            .map(|i| format!("The same long opening words of a paragraph that runs past sixty-four letters, then {i}.\n\n"))
            .collect();
        let body = run(&format!("{teaser}{alike}"), &[]);
        // One copy of the teaser (there is nothing longer it is a copy of), every numbered block.
        assert_eq!(body.len(), 1 + 20_000, "{:?}", &body[..3]);
        assert_eq!(body[0], "Same words are repeated here...");
    }

    #[test]
    fn widgets_and_labels_go_story_stays() {
        let body = run(
            "Skip to main content\n\nA headline here\n\nThe council voted on Tuesday to close the bridge.\n\nShare on Facebook\n\nTrending\n\n3 min read\n\nSee also: Bridge closures across the region\n\nThe Daily Planet Logo\n",
            &[],
        );
        assert_eq!(body, vec!["The council voted on Tuesday to close the bridge."]);
    }

    #[test]
    fn trailing_about_block_and_bio_are_removed() {
        let body = run(
            "First paragraph of the story ends here.\n\nSecond paragraph continues.\n\nThird one as well.\n\nAbout Us\n\nThe Planet is a weekly paper.\n\nFollow:\n",
            &[],
        );
        assert_eq!(body.len(), 3);
        let body = run(
            "Jo Park reported the vote.\n\nJo Park is a senior reporter covering city hall.\n",
            &["Jo Park"],
        );
        assert_eq!(body, vec!["Jo Park reported the vote."]);
    }

    #[test]
    fn an_about_line_early_in_the_story_is_not_chrome() {
        let body = run("About\n\nThe story starts here and goes on.\n\nIt continues.\n", &[]);
        assert_eq!(body.len(), 3);
    }

    #[test]
    fn teasers_and_repeats_anywhere_are_removed() {
        let body = run(
            "The mayor signed the budget after a long night, in...\n\nOther news came first.\n\nThe mayor signed the budget after a long night, in the city hall.\n\nOther news came first.\n",
            &[],
        );
        assert_eq!(
            body,
            vec![
                "Other news came first.",
                "The mayor signed the budget after a long night, in the city hall."
            ]
        );
    }

    #[test]
    fn blocks_that_only_start_alike_stay_and_a_repeat_in_other_typography_goes() {
        let start =
            "Russia handed over the bodies of soldiers to Ukraine on Wednesday, officials in Kyiv said";
        let text = format!(
            "{start}, citing the coordination headquarters.\n\n{start}, and Moscow confirmed it.\n\n{}, CITING the coordination — headquarters!\n",
            start.to_uppercase()
        );
        let body = run(&text, &[]);
        assert_eq!(body.len(), 2, "{body:?}");
        assert!(body[0].ends_with("headquarters.") && body[1].ends_with("confirmed it."), "{body:?}");
    }

    #[test]
    fn wire_footers_ads_and_site_links_go() {
        let body = run(
            "The council voted on Tuesday to close the bridge.\n\nAdvertisement · Scroll to continue\n\nReport This Ad\n\nThe bridge reopens in May.\n\nReporting by Ann Lee and Bo Chan; Additional reporting by Jo Park; Editing by Di Moss\n\n(Writing by Ann Lee)\n\nOur Standards: The Planet Trust Principles.\n\nRead more on planet.com\n",
            &[],
        );
        assert_eq!(
            body,
            vec!["The council voted on Tuesday to close the bridge.", "The bridge reopens in May."]
        );
        // Sentences that only start like credits are the story.
        let body = run("Reporting by the agency showed the bridge was unsafe, officials said on Monday.\n\nEditing by hand took weeks.\n", &[]);
        assert_eq!(body.len(), 2, "{body:?}");
    }

    #[test]
    fn a_closing_pointer_to_more_coverage_goes() {
        let story = "The council voted.\n\nThe bridge closes in May.\n\nIt reopens in June.\n\n";
        let body = run(
            &format!("{story}Follow the Planet's coverage of the bridge at https://planet.com/bridge\n"),
            &[],
        );
        assert_eq!(body.len(), 3, "{body:?}");
        let body = run(
            &format!("Follow the coverage of the vote at the town hall, the mayor said.\n\n{story}"),
            &[],
        );
        assert_eq!(body.len(), 4, "early in the story it is the story: {body:?}");
    }

    #[test]
    fn a_list_under_a_related_label_goes_and_other_lists_stay() {
        let body = run(
            "The council voted.\n\nThe options were:\n\n- close the bridge\n- repair it\n\nKeep reading\n\n- Bridge closures across the region\n- Mayor resigns\n",
            &[],
        );
        assert_eq!(body, vec!["The council voted.", "The options were:", "close the bridge", "repair it"]);
        // An advertisement label heads no list.
        let body = run("The council voted.\n\nAdvertisement\n\n- close the bridge\n- repair it\n", &[]);
        assert_eq!(body, vec!["The council voted.", "close the bridge", "repair it"]);
    }

    #[test]
    fn a_closing_appeal_goes_but_a_quote_asking_for_support_stays() {
        let story = "The council voted.\n\nThe bridge closes in May.\n\nIt reopens in June.\n\n";
        let body = run(
            &format!("{story}We've been working hard to bring you local news. Support us by becoming a member.\n\nBecome a member\n"),
            &[],
        );
        assert_eq!(body.len(), 3, "{body:?}");
        let body = run(&format!("\"Support us by sending engineers,\" the mayor told us.\n\n{story}"), &[]);
        assert_eq!(body.len(), 4, "early in the story it is the story: {body:?}");
        let last = "We invite readers to become a member of our forum and share their stories.";
        let body = run(&format!("{story}{last}\n"), &[]);
        assert_eq!(body.last().map(String::as_str), Some(last), "joining something else is not an appeal");
    }

    #[test]
    fn russian_and_ukrainian_widgets_and_links_go_story_stays() {
        let body = run(
            "Главное меню\n\nГородской совет в четверг закрыл мост на ремонт.\n\nПоделиться в Telegram\n\nЧитайте также: Мост в соседнем районе откроют в мае\n\nРеклама\n\nПо теме:\n\n- Мэр ушёл в отставку\n\nКомментарии (12)\n",
            &[],
        );
        assert_eq!(body, vec!["Городской совет в четверг закрыл мост на ремонт."]);
        let body = run(
            "Міська рада в четвер закрила міст на ремонт.\n\nПоділитися\n\nЧитайте також: Міст у сусідньому районі відкриють у травні\n\nОновлено 14:05\n\nДетальніше на misto.ua\n",
            &[],
        );
        assert_eq!(body, vec!["Міська рада в четвер закрила міст на ремонт."]);
        // Prose that opens with the same words is the story.
        for prose in [
            "Подробнее о ремонте рассказал мэр города.",
            "Читайте внимательно: мэр назвал сроки ремонта моста в четверг.",
            "Поділитися досвідом ремонту мосту приїхали інженери з Києва.",
        ] {
            assert_eq!(run(&format!("{prose}\n"), &[]), vec![prose]);
        }
    }

    #[test]
    fn a_label_written_with_a_typographic_apostrophe_is_the_same_label() {
        let body = run("The council voted.\n\nDon\u{2019}t miss: Bridge closures across the region\n", &[]);
        assert_eq!(body, vec!["The council voted."]);
    }

    #[test]
    fn a_sentence_mentioning_sharing_is_not_a_widget() {
        let body = run("Share prices fell sharply on Monday after the report.\n", &[]);
        assert_eq!(body.len(), 1);
    }

    proptest::proptest! {
        /// The sorted name search finds the biographies trying every author
        /// finds: names that start other names, shared surnames, empty and
        /// blank names, multi-byte letters and Unicode spaces.
        #[test]
        fn bio_search_by_sort_matches_the_scan(
            authors in proptest::collection::vec("(Ann|An|Anna|A|Lee|Le|é|ée| |\u{a0}|\t){0,4}", 0..6),
            texts in proptest::collection::vec(
                "(Ann|An|Anna|A|Lee|Le|é|ée| |\u{a0}|x){0,4}( is a staff writer| was an editor| said)?",
                0..12,
            ),
        ) {
            let starts = BioStarts::new(&authors);
            for t in &texts {
                proptest::prop_assert_eq!(is_bio(t, &starts), is_bio_by_scan(t, &authors), "{:?} in {:?}", t, authors);
            }
        }
    }

    #[test]
    fn many_authors_and_many_paragraphs_are_handled_in_near_linear_time() {
        // 50,000 byline names and 150,000 paragraphs: trying each author on
        // each paragraph took 85 s.
        let n = 50_000;
        let authors: Vec<String> = (0..n).map(|i| format!("Ann Q{i:06}")).collect();
        let names: Vec<&str> = authors.iter().map(String::as_str).collect();
        let text: String = (0..n)
            .map(|i| {
                format!(
                    "Q{i:06} is a staff writer here.\n\nQ{i:06} reported the vote {i}.\n\nR{i:06} is a staff writer there.\n\n"
                )
            })
            .collect();
        let body = run(&text, &names);
        // The bios of bylined surnames go; a surname not about a job, and a
        // job of someone not bylined, stay.
        assert_eq!(body.len(), 2 * n);
        for (i, pair) in body.chunks(2).enumerate() {
            assert_eq!(pair[0], format!("Q{i:06} reported the vote {i}."));
            assert_eq!(pair[1], format!("R{i:06} is a staff writer there."));
        }
    }
}
