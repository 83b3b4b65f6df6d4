//! Boilerplate: site chrome, widgets, promotions, biographies, teasers and
//! repeated blocks. Rules use general signals of web pages saved as text —
//! short stand-alone lines of known widget words, position at the end of the
//! page, repetition — never one site's wording.

use std::collections::HashMap;
use std::sync::LazyLock;

use regex::Regex;
use tally_model::BlockKind;

use crate::doc::Doc;
use crate::text::{fold, fold_prefix_key, folds_past, folds_to, words_at_least, words_at_most};

static NAVIGATION: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^(skip to (main )?content|skip navigation|main menu|menu|home|search|sign in|log in|back to top|close|open menu|toggle navigation|jump to)\.?$").expect("valid regex")
});
static SHARE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^(share( this( article| story| post| page)?)?|share (on|via) \w+|follow( us)?( on \w+)?|subscribe(?-u:\b).*|sign up(?-u:\b).*|newsletter|tweet|email|print|copy link|facebook|twitter|x|whatsapp|telegram|linkedin|reddit|comments?( \(\d+\))?|leave a comment)\s*[:.!]?$").expect("valid regex")
});
static SECTION_LABEL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^(latest|latest news|trending|trending now|news feed|top stories|most read|most popular|popular|advertisement|sponsored|related|recommended|editor'?s picks|breaking|\d+\s*min(ute)?s? read|updated:?.*\d{1,2}:\d{2}.*)$").expect("valid regex")
});
static READ_MORE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^\W{0,3}(read more|read also|also read|see also|related( article| articles| stories| story| coverage| reading)?|more on this( story)?|recommended( reading)?|you may also like|don't miss|watch)\s*\W{0,3}\s*:").expect("valid regex")
});
static READ_MORE_BARE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^(read more|read also|also read|see also|related articles?)\s*[:.]?$")
        .expect("valid regex")
});
static ABOUT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^(about us|about the author|about the authors|who we are|about)\s*:?$")
        .expect("valid regex")
});
static LOGO: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"(?i)\blogo\.?$").expect("valid regex"));
static BIO: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?-u:\b)(is|was|has been|serves as)\s+(an?|the)?\s*([\w'’]+\s+){0,4}(senior |chief |staff |freelance |contributing |foreign )?(correspondent|reporter|journalist|editor|writer|columnist|contributor|analyst|producer)(?-u:\b)").expect("valid regex")
});

/// Applies every boilerplate rule. `authors` are the byline names (for biographies).
pub fn remove(doc: &mut Doc, authors: &[String], title: Option<&str>) {
    let n = doc.blocks.len();
    // The trailing site chrome: from an "About us" line in the last part of the page on.
    let about = (0..n).find(|&i| doc.is_body(i) && i * 3 >= n && ABOUT.is_match(doc.blocks[i].text.trim()));
    if let Some(a) = about {
        for i in a..n {
            doc.remove(i, "about_us");
        }
    }
    for i in 0..n {
        if !doc.is_body(i) {
            continue;
        }
        let t = doc.blocks[i].text.trim();
        let short = words_at_most(t, 8);
        let rule = if short && NAVIGATION.is_match(t) {
            Some("navigation")
        } else if short && SHARE.is_match(t) {
            Some("share_widget")
        } else if short && SECTION_LABEL.is_match(t) {
            Some("section_label")
        } else if READ_MORE.is_match(t) || READ_MORE_BARE.is_match(t) {
            Some("read_more")
        } else if short && LOGO.is_match(t) {
            Some("logo")
        } else if is_bio(t, authors) {
            Some("author_bio")
        } else if is_link_list(&doc.blocks[i]) {
            Some("link_list")
        } else {
            None
        };
        if let Some(rule) = rule {
            doc.remove(i, rule);
        }
    }
    remove_teasers_and_duplicates(doc, title);
}

/// An author biography: a paragraph about a bylined author's job.
fn is_bio(t: &str, authors: &[String]) -> bool {
    authors.iter().any(|a| {
        let surname = a.split_whitespace().last().unwrap_or(a);
        (t.starts_with(a.as_str()) || t.starts_with(surname)) && BIO.is_match(t)
    })
}

/// A block that is nothing but links (a menu or a list of related stories).
fn is_link_list(b: &crate::blocks::RawBlock) -> bool {
    b.kind != BlockKind::Heading && b.links.len() >= 2 && b.link_text_len * 10 >= b.text.len() * 9
}

/// Removes truncated teaser copies ("… in...") of another block and repeats
/// of earlier blocks (anywhere, not only adjacent), and the title repeated in
/// the body.
fn remove_teasers_and_duplicates(doc: &mut Doc, title: Option<&str>) {
    // Blocks are compared in their folded form, but folded only as far as a
    // comparison needs: most blocks differ from the others early on.
    let title = title.map(fold);
    // Teasers first, against every other block (the full copy may come later).
    for i in 0..doc.blocks.len() {
        if !doc.is_body(i) {
            continue;
        }
        let t = doc.blocks[i].text.trim_end();
        if !(t.ends_with("...") || t.ends_with('…')) || !words_at_least(t, 4) {
            continue;
        }
        let f = fold(&doc.blocks[i].text);
        let is_teaser = (0..doc.blocks.len()).any(|j| j != i && folds_past(&doc.blocks[j].text, &f));
        if is_teaser {
            doc.remove(i, "teaser");
        }
    }
    // Blocks kept so far, by the start of their folded form.
    let mut seen: HashMap<u64, Vec<usize>> = HashMap::new();
    for i in 0..doc.blocks.len() {
        let text = &doc.blocks[i].text;
        if !text.chars().any(char::is_alphanumeric) {
            continue; // folds to nothing
        }
        if doc.is_body(i) && title.as_deref().is_some_and(|t| folds_to(text, t)) {
            doc.remove(i, "duplicate");
            continue;
        }
        if !doc.is_body(i) || !words_at_least(text, 3) {
            continue;
        }
        let same_start = seen.entry(fold_prefix_key(text, 64)).or_default();
        // Folded in full only when another block starts the same way.
        let repeat = !same_start.is_empty() && {
            let folded = fold(text);
            same_start.iter().any(|&k| folds_to(&doc.blocks[k].text, &folded))
        };
        if repeat {
            doc.remove(i, "duplicate");
        } else {
            same_start.push(i);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::blocks::plain_blocks;

    fn run(text: &str, authors: &[&str]) -> Vec<String> {
        let mut doc = Doc::new(plain_blocks(text, 0));
        let authors: Vec<String> = authors.iter().map(|s| s.to_string()).collect();
        remove(&mut doc, &authors, Some("A headline here"));
        doc.body_indices().into_iter().map(|i| doc.blocks[i].text.clone()).collect()
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
    fn a_sentence_mentioning_sharing_is_not_a_widget() {
        let body = run("Share prices fell sharply on Monday after the report.\n", &[]);
        assert_eq!(body.len(), 1);
    }
}
