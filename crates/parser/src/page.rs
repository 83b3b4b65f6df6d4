//! Page chrome in the body, decided line by line from general features of
//! web pages saved as text (what the lexicon knows per language, the shape
//! of a line, and where it stands relative to the story's prose):
//!
//! - a line without a letter ("27:26", "189") or that is a site label
//!   (lexicon `chrome_labels`);
//! - photo captions and credits: a photo label ("Photo: …", "(Фото: …)"), a
//!   credit of names joined by slashes ("AFP/Getty Images/Reuters via …"),
//!   whose caption is the line before it, a "© Name/Outlet" line;
//! - the page promoting itself ("follow our channel", social networks) and
//!   its copyright line;
//! - an appeal to readers, from its salutation ("Dear readers,") on;
//! - lists of other stories: the lines under a list label ("Next In World",
//!   "Всі новини") and headline-shaped lines after the story's last
//!   paragraph of prose.

use std::sync::LazyLock;

use aho_corasick::{AhoCorasick, Anchored, Input, StartKind};

use tally_model::BlockKind;

use crate::doc::Doc;
use crate::names;
use crate::text::{ends_sentence, padded_words, words_at_most};

/// The lexicon categories whose phrases this module looks for as whole
/// words of a [`padded_words`] text.
const PHRASE_CATEGORIES: [&str; 5] =
    ["list_labels", "copyright_labels", "promo_phrases", "social_platforms", "appeal_openers"];

/// A category's phrases, each padded with a space each side, in one
/// automaton per category (built once), in the order of
/// [`PHRASE_CATEGORIES`]: a substring search per phrase per line was most
/// of this module's time.
static PADDED_PHRASES: LazyLock<Vec<AhoCorasick>> = LazyLock::new(|| {
    PHRASE_CATEGORIES
        .into_iter()
        .map(|c| {
            let phrases: Vec<String> =
                tally_lexicon::words_in_all(c).map(|(_, p)| format!(" {p} ")).collect();
            // Anchored searches too, for `starts`. Built from the compiled-in
            // lexicons, which this crate's tests load.
            AhoCorasick::builder().start_kind(StartKind::Both).build(phrases).expect("phrase automaton")
        })
        .collect()
});

/// A category's automaton (found among five names: a hash of the name per
/// test cost more).
fn phrases(category: &str) -> &'static AhoCorasick {
    let k = PHRASE_CATEGORIES.iter().position(|&c| c == category).expect("a category of PHRASE_CATEGORIES");
    &PADDED_PHRASES[k]
}

/// The first `n` words of a padded text, padded (a padded text has one
/// space between words: its start up to the space after the `n`th word).
fn first_words(padded: &str, n: usize) -> &str {
    if n == 0 {
        return "  ";
    }
    match memchr::memchr_iter(b' ', padded.as_bytes()).nth(n) {
        Some(end) => &padded[..=end],
        None => padded,
    }
}

/// Whether the padded text holds a phrase of a lexicon category as whole words.
fn holds(category: &str, padded: &str) -> bool {
    phrases(category).is_match(padded)
}

/// Whether the padded text starts with a phrase of a lexicon category.
fn starts(category: &str, padded: &str) -> bool {
    phrases(category).is_match(Input::new(padded).anchored(Anchored::Yes))
}

/// Whether `t` has few enough letters and digits to be a site label
/// (lexicon `chrome_labels`): each folds to at least one letter, digit or
/// apostrophe of its padded form (a test checks every character), so a
/// line with more of them than the longest label has is no label, and is
/// not folded to learn it. The longest label is measured once.
pub(crate) fn may_be_site_label(t: &str) -> bool {
    static MOST: LazyLock<usize> = LazyLock::new(|| {
        tally_lexicon::words_in_all("chrome_labels")
            .map(|(_, p)| p.chars().filter(|&ch| crate::text::is_letter_or_digit(ch) || ch == '\'').count())
            .max()
            .unwrap_or(0)
    });
    // (a line of at most that many bytes has at most that many characters)
    t.len() <= *MOST || letters_or_digits_at_most(t, *MOST)
}

/// Whether `t` has at most `most` letters and digits (counting no further).
fn letters_or_digits_at_most(t: &str, most: usize) -> bool {
    t.chars().filter(|&c| crate::text::is_letter_or_digit(c)).take(most.saturating_add(1)).count() <= most
}

/// Whether a line of `words` words, padded, is a label heading a list of
/// other stories (lexicon `list_labels`): the whole line, or its start in a
/// line of at most four words.
pub(crate) fn heads_a_list(padded: &str, words: usize) -> bool {
    words <= 8 && (is("list_labels", padded) || starts("list_labels", padded) && words <= 4)
}

/// Whether the padded text is exactly a phrase of a lexicon category.
fn is(category: &str, padded: &str) -> bool {
    tally_lexicon::is_form_in_any(category, padded.trim())
}

/// A photo credit of names joined by slashes, naming an agency or "via"
/// ("AFP/Getty Images/Reuters via CNN", "Jane Roe/Pool/via REUTERS").
pub fn is_slash_credit(t: &str) -> bool {
    // (a vector search: the standard library's is slower on long paragraphs)
    memchr::memchr(b'/', t.as_bytes()).is_some()
        && words_at_most(t, 10)
        && !t.contains("://")
        && !ends_sentence(t)
        && t.split('/').any(|part| {
            let part = part.trim();
            let part = part.strip_prefix("via ").unwrap_or(part);
            names::is_agency(part) || part.split_whitespace().last().is_some_and(names::is_agency)
        })
}

/// A copyright line ("Copyright 2023 The Agency. All rights reserved.", "© 2024 Outlet").
fn is_copyright<'a>(t: &str, padded: impl Fn() -> &'a str, words: usize) -> bool {
    if words > 20 {
        return false;
    }
    let year = || {
        padded().split(' ').any(|w| {
            w.len() == 4
                && (w.starts_with("19") || w.starts_with("20"))
                && w.bytes().all(|b| b.is_ascii_digit())
        })
    };
    t.starts_with('©')
        || starts("copyright_labels", padded()) && year()
        || holds("copyright_labels", padded()) && (year() || t.contains('©'))
}

/// The one-word list labels (lexicon `list_labels`) with their lengths in
/// characters (built once).
static ONE_WORD_LIST_LABELS: LazyLock<Vec<(&'static str, usize)>> = LazyLock::new(|| {
    tally_lexicon::words_in_all("list_labels")
        .filter(|(_, l)| !l.contains(' '))
        .map(|(_, l)| (l, l.chars().count()))
        .collect()
});

/// A one-word list label glued to the story it lists ("RelatedStorm closes
/// …"): the fold of the line's first characters, as many as the label has,
/// is the label, and a capital follows them.
fn glued_label(t: &str) -> bool {
    ONE_WORD_LIST_LABELS.iter().any(|&(l, n)| {
        folded_start_is(t, l, n).is_some_and(|at| t[at..].chars().next().is_some_and(char::is_uppercase))
    })
}

/// Where `t`'s first `n` characters end when they fold to `label` (of `n`
/// characters). Folded and compared a character at a time: most lines
/// differ from a label at their first character.
fn folded_start_is(t: &str, label: &str, n: usize) -> Option<usize> {
    let table = crate::text::lexicon_fold_table();
    let mut one = String::new();
    let mut matched = 0;
    for (k, (i, c)) in t.char_indices().enumerate() {
        if matched == label.len() {
            // A character folds to one or more: the label's end is k characters in.
            return (k == n).then_some(i);
        }
        one.clear();
        crate::text::fold_char_into(table, c, &mut one);
        if !label[matched..].starts_with(one.as_str()) {
            return None;
        }
        matched += one.len();
    }
    (matched == label.len() && t.chars().count() == n).then_some(t.len())
}

/// Applies the rules of the module doc to the body blocks still kept.
pub fn remove(doc: &mut Doc) {
    let body = doc.body_indices();
    let last_prose = body.iter().rposition(|&i| doc.is_lead(i));
    let mut under_list_label = false;
    let mut appeal = false;
    for (k, &i) in body.iter().enumerate() {
        let b = &doc.blocks[i];
        if !matches!(b.kind, BlockKind::Paragraph | BlockKind::ListItem | BlockKind::Heading) {
            under_list_label = false;
            continue;
        }
        let t = b.text.trim();
        // Counted once per block, up to one past the largest bound read
        // below (the chrome pass before this one asked already).
        let words = doc.words(i);
        let short = words <= 60;
        // The padded form, made when a test first reads it (most
        // paragraphs of prose are decided without it).
        let padded = std::cell::OnceCell::new();
        let p = || padded.get_or_init(|| padded_words(t)).as_str();
        let second_half = k * 2 >= body.len();
        let after_prose = last_prose.is_some_and(|l| k > l);
        let headline_shaped = short && !ends_sentence(t) && words <= 16;
        let rule = if appeal {
            Some("appeal")
        } else if !t.chars().any(crate::text::is_letter) && b.kind == BlockKind::Paragraph {
            Some("no_words")
        } else if !short {
            None
        } else if b.kind != BlockKind::Heading && may_be_site_label(t) && is("chrome_labels", p()) {
            Some("site_label")
        } else if words <= 8 && heads_a_list(p(), words) {
            // (the count first: most lines are decided without their padded form)
            under_list_label = true;
            doc.remove(i, "list_label");
            continue;
        } else if is_copyright(t, p, words) {
            Some(if t.contains('/') { "image_credit" } else { "copyright" })
        } else if is_slash_credit(t) {
            // Its caption is the line before it.
            if let Some(&prev) = k.checked_sub(1).and_then(|j| body.get(j)) {
                if doc.words(prev) <= 60 && doc.is_body(prev) {
                    doc.remove(prev, "image_caption");
                }
            }
            Some("image_credit")
        } else if doc.is_caption_like(i) {
            Some("image_caption")
        } else if words <= 20
            && !t.trim_end().trim_end_matches(['.', '!']).contains(". ")
            && (holds("promo_phrases", first_words(p(), 8)) && holds("social_platforms", p())
                // "For the latest updates …, visit our page.", closing the page.
                || (second_half || after_prose) && p().starts_with(" for ") && holds("promo_phrases", p()))
        {
            Some("promo")
        } else if second_half && words <= 8 && starts("appeal_openers", p()) {
            appeal = true;
            Some("appeal")
        } else if second_half && !ends_sentence(t) && (starts("list_labels", p()) || glued_label(t)) {
            // A list label run into the stories it lists ("ALL NEWS ->12.02Storm …").
            Some("related_list")
        } else if headline_shaped
            && (under_list_label
                || after_prose && words > 2 && b.kind == BlockKind::Paragraph && !t.contains(" | "))
        {
            Some("related_list")
        } else {
            None
        };
        if rule != Some("related_list") {
            under_list_label = false;
        }
        if let Some(rule) = rule {
            doc.remove(i, rule);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::blocks::plain_blocks;

    fn kept(text: &str) -> Vec<String> {
        let mut doc = Doc::new(plain_blocks(text, 0));
        remove(&mut doc);
        doc.body_indices().into_iter().map(|i| doc.blocks[i].text.clone()).collect()
    }

    const P1: &str = "The council approved the budget on Tuesday after a long debate about the schools.";
    const P2: &str = "Teachers welcomed the decision, and the mayor said the money would arrive in spring.";

    #[test]
    fn a_letter_or_digit_folds_to_at_least_one() {
        for c in (0..=0x10FFFF).filter_map(char::from_u32).filter(|&c| c.is_alphanumeric()) {
            let padded = padded_words(&c.to_string());
            assert!(padded.chars().any(|f| f.is_alphanumeric() || f == '\''), "U+{:04X}", c as u32);
        }
    }

    proptest::proptest! {
        /// The automata and the set answer as a search per phrase did.
        #[test]
        fn phrase_tests_agree_with_a_search_per_phrase(
            t in "((Next|in|all|News|read|more|Copyright|©|follow|us|on|Telegram|Dear|readers|все|новости|x|2024)( |, |: |—|\\.)){0,8}",
            n in 0usize..10,
        ) {
            let p = padded_words(&t);
            for category in PHRASE_CATEGORIES {
                let padded: Vec<String> = tally_lexicon::words_in_all(category).map(|(_, f)| format!(" {f} ")).collect();
                proptest::prop_assert_eq!(holds(category, &p), padded.iter().any(|f| p.contains(f.as_str())), "{}", category);
                proptest::prop_assert_eq!(starts(category, &p), padded.iter().any(|f| p.starts_with(f.as_str())), "{}", category);
                proptest::prop_assert_eq!(is(category, &p), tally_lexicon::words_in_all(category).any(|(_, f)| p.trim() == f));
            }
            let first = format!(" {} ", p.split_whitespace().take(n).collect::<Vec<_>>().join(" "));
            proptest::prop_assert_eq!(first_words(&p, n), first.as_str());
        }
    }

    /// [`glued_label`] as it was defined: the first characters copied and folded, per label.
    fn glued_label_by_definition(t: &str) -> bool {
        tally_lexicon::words_in_all("list_labels").filter(|(_, l)| !l.contains(' ')).any(|(_, l)| {
            let head: String = t.chars().take(l.chars().count()).collect();
            tally_lexicon::fold(&head) == l && t[head.len()..].chars().next().is_some_and(char::is_uppercase)
        })
    }

    proptest::proptest! {
        /// Folding a character at a time finds the glued labels copying the start found.
        #[test]
        fn glued_labels_agree_with_their_definition(
            t in "(Related|RELATED|related|Relate|İ|Ёлка|Всі|x)?(Storm|storm|İ| Storm|)(\\PC{0,6})",
        ) {
            proptest::prop_assert_eq!(glued_label(&t), glued_label_by_definition(&t), "{:?}", t);
        }
    }

    #[test]
    fn captions_and_credits_leave_the_body_with_their_caption() {
        let page = format!("{P1}\n\nThe mayor speaks to reporters in the town hall on Tuesday.\nJane Roe/City Pool/via REUTERS\n\nParents wait outside a school. Photo: City Press Office\n\nБатьки біля школи (Фото: міська рада)\n\n© Іван Петренко/УНН\n\n{P2}\n");
        assert_eq!(kept(&page), vec![P1, P2]);
    }

    #[test]
    fn promotions_appeals_and_copyright_leave_the_body() {
        let page = format!("{P1}\n\n{P2}\n\nFollow us on our WhatsApp channel for the latest news!\n\nСледите за нами в Телеграме и Дзене.\n\nCopyright 2025 The Daily Planet. All rights reserved.\n\nA message from the Daily Planet:\n\nDear readers,\n\nWe need your help to keep reporting.\n\nPlease give what you can.\n");
        assert_eq!(kept(&page), vec![P1, P2]);
    }

    #[test]
    fn other_stories_after_the_story_leave_the_body() {
        let page = format!("{P1}\n\n{P2}\n\nNext In Politics\n\nMayor opens new bridge over the river\n\nStorm closes harbour for second day\n\nRelatedMayor opens a school. The new building has room for four hundred pupils, a hall and a library\n\nВСІ НОВИНИ ->\n\nУ місті відкрили новий міст\n\n27:26\n\nPodcasts\n");
        assert_eq!(kept(&page), vec![P1, P2]);
    }

    #[test]
    fn the_story_stays_whole() {
        // Prose that mentions photos, networks, copyright or readers is the story's.
        let story = [
            P1,
            "The photo: a crowd outside the hall, taken on Monday, was shared widely.",
            "Officials said they would follow the plan, the mayor told Telegram users.",
            "Dear readers of the old paper will remember the last budget fight.",
            "Copyright lawyers were not consulted, the council said.",
            "What comes next?",
            P2,
        ];
        let page = story.join("\n\n");
        assert_eq!(kept(&page), story);
    }
}
