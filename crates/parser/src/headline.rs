//! The story's headline among the lines a saved web page prints above its
//! lead. Each line before the lead (the first paragraph of prose) is
//! classified by general features of page text, as jusText and boilerpipe
//! classify HTML blocks: its number of words, its share of letters, its
//! stop-word density (lexicon data per language), its capitalisation and
//! punctuation, and whether it is a stamp, a caption, a label of the site
//! (lexicon `chrome_labels`, `metadata_labels`, `read_time`), a ticker line
//! opening with a clock or a capitalised label, a tag list or a menu. A URL
//! slug, when the page has one, is evidence: a Latin-script line sharing no
//! word with it is not the headline.
//!
//! Lines that may be a headline come in runs (the headline, then a
//! standfirst or the headline printed again); the headline is the first
//! line of the last run before the lead. What lies above it is the site's.

use std::sync::LazyLock;

use regex::Regex;
use tally_model::BlockKind;

use crate::doc::Doc;
use crate::stamps;
use crate::text::ends_sentence;

/// The words of a line that hold a letter.
fn alpha_words(t: &str) -> impl Iterator<Item = &str> {
    t.split_whitespace().filter(|w| w.chars().any(crate::text::is_letter))
}

/// `alpha_words(t).take(cap).count()` in one pass over the characters,
/// without splitting (it runs on every paragraph tested for prose).
fn alpha_word_count(t: &str, cap: usize) -> usize {
    let (mut count, mut in_word, mut lettered) = (0, false, false);
    for c in t.chars() {
        if count >= cap {
            break;
        }
        if c.is_whitespace() {
            in_word = false;
            continue;
        }
        if !in_word {
            (in_word, lettered) = (true, false);
        }
        if !lettered && crate::text::is_letter(c) {
            lettered = true;
            count += 1;
        }
    }
    count
}

/// A folded line (trimmed of punctuation around it) is one of a lexicon category's phrases.
fn is_phrase(category: &str, t: &str) -> bool {
    let folded =
        crate::text::lexicon_fold(t.trim().trim_matches(|c: char| !crate::text::is_letter_or_digit(c)));
    let folded = folded.split_whitespace().collect::<Vec<_>>().join(" ");
    tally_lexicon::is_form_in_any(category, &folded)
}

/// A reading-time phrase (lexicon `read_time`: "min read") occurs in the
/// folded line as whole words.
fn has_read_time(t: &str) -> bool {
    // Every phrase padded with spaces, in one automaton built once: a search
    // per phrase per line was a large part of normalising news.
    static READ_TIME: LazyLock<aho_corasick::AhoCorasick> = LazyLock::new(|| {
        let phrases: Vec<String> =
            tally_lexicon::words_in_all("read_time").map(|(_, p)| format!(" {p} ")).collect();
        // Built from the compiled-in lexicons, which this crate's tests load.
        aho_corasick::AhoCorasick::new(phrases).expect("read-time automaton")
    });
    READ_TIME.is_match(&crate::text::padded_words(t))
}

/// Every language's photo labels (lexicon `photo_labels`), folded, in one automaton.
static PHOTO_LABELS: LazyLock<aho_corasick::AhoCorasick> = LazyLock::new(|| {
    let labels: Vec<&str> = tally_lexicon::words_in_all("photo_labels").map(|(_, l)| l).collect();
    // Built from the compiled-in lexicons, which this crate's tests load.
    aho_corasick::AhoCorasick::new(labels).expect("photo label automaton")
});

/// The stop words of every language (lexicon `stop`), for lookups.
static STOP_WORDS: LazyLock<crate::text::WordSet<&'static str>> =
    LazyLock::new(|| tally_lexicon::words_in_all("stop").map(|(_, w)| w).collect());

/// Share of a line's alphabetic words that are stop words of any language.
pub fn stop_word_density(t: &str) -> f64 {
    let words = alpha_word_count(t, usize::MAX);
    if words == 0 {
        return 0.0;
    }
    let stops = stop_words(t).count();
    stops as f64 / words as f64
}

/// Whether [`stop_word_density`]`(t) >= share`, reading no further than
/// the stop word that reaches it (prose reaches it within a few words).
#[cfg(test)]
fn stop_word_density_reaches(t: &str, share: f64) -> bool {
    stop_word_density_reaches_given(t, share, alpha_word_count(t, usize::MAX))
}

/// [`stop_word_density_reaches`], given `t`'s count of alphabetic words.
fn stop_word_density_reaches_given(t: &str, share: f64, words: usize) -> bool {
    if words == 0 || share <= 0.0 {
        return 0.0 >= share || words > 0;
    }
    // The density only grows as stop words are counted: the same division
    // as the whole count's, at each one.
    stop_words(t).enumerate().any(|(k, ())| (k + 1) as f64 / words as f64 >= share)
}

/// One item per alphabetic word of `t` that is a stop word (each word
/// folded into one buffer, not a string per word).
fn stop_words(t: &str) -> impl Iterator<Item = ()> + '_ {
    let table = crate::text::lexicon_fold_table();
    let mut folded = String::new();
    alpha_words(t).filter_map(move |w| {
        folded.clear();
        for c in w.trim_matches(|c: char| !crate::text::is_letter_or_digit(c)).chars() {
            crate::text::fold_char_into(table, c, &mut folded);
        }
        STOP_WORDS.contains(folded.as_str()).then_some(())
    })
}

/// Letters as a share of the characters that are not white space.
fn letter_share(t: &str) -> f64 {
    line_counts(t).letter_share()
}

/// What [`is_lead`] counts in a line, in one pass over its characters.
#[derive(Debug, PartialEq, Eq)]
struct LineCounts {
    /// Letters.
    letters: usize,
    /// Characters that are not white space.
    visible: usize,
    /// `alpha_word_count(t, usize::MAX)`.
    alpha_words: usize,
}

impl LineCounts {
    /// [`letter_share`] of the line.
    fn letter_share(&self) -> f64 {
        if self.visible == 0 {
            0.0
        } else {
            self.letters as f64 / self.visible as f64
        }
    }
}

/// [`LineCounts`] of `t`: [`letter_share`]'s counts and
/// [`alpha_word_count`]'s, in one pass.
fn line_counts(t: &str) -> LineCounts {
    let mut counts = LineCounts { letters: 0, visible: 0, alpha_words: 0 };
    let (mut in_word, mut lettered) = (false, false);
    let bytes = t.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        // Eight bytes at once when they are ASCII letters and white space
        // (much of English prose): every word starting among them starts
        // with a letter.
        if let Some(chunk) = bytes.get(i..i + 8) {
            let x = u64::from_le_bytes(chunk.try_into().expect("eight bytes"));
            if x & crate::text::HIGH_BITS == 0 {
                let white = crate::text::ascii_spaces(x);
                let letter = ascii_letters(x);
                if white | letter == crate::text::HIGH_BITS {
                    // Every byte that is not white space is a letter.
                    let letters = 8 - crate::text::high_bits_set(white);
                    counts.letters += letters;
                    counts.visible += letters;
                    let starts = letter & (white << 8 | u64::from(!in_word) << 7);
                    counts.alpha_words += crate::text::high_bits_set(starts);
                    // A word begun before with no letter yet gets its first.
                    if in_word && !lettered && letter & 0x80 != 0 {
                        counts.alpha_words += 1;
                    }
                    // The last byte: white space, or a letter of a lettered word.
                    in_word = letter >> 63 == 1;
                    lettered = in_word;
                    i += 8;
                    continue;
                }
            }
        }
        // An ASCII byte is its character, told by its value (most text is
        // ASCII); any other character is decoded.
        let b = bytes[i];
        let (white, letter) = if b.is_ascii() {
            i += 1;
            (matches!(b, b' ' | b'\t'..=b'\r'), b.is_ascii_alphabetic())
        } else if b == 0xD0 || b == 0xD1 && bytes[i + 1] <= 0x9F {
            // U+0400..=U+045F, two bytes (a lead byte has its continuation
            // byte): the basic Cyrillic letters, told without decoding.
            i += 2;
            (false, true)
        } else {
            let c = t[i..].chars().next().unwrap_or_default();
            i += c.len_utf8();
            (c.is_whitespace(), crate::text::is_letter(c))
        };
        if white {
            in_word = false;
            continue;
        }
        counts.visible += 1;
        counts.letters += usize::from(letter);
        if !in_word {
            (in_word, lettered) = (true, false);
        }
        if !lettered && letter {
            lettered = true;
            counts.alpha_words += 1;
        }
    }
    counts
}

/// For eight ASCII bytes (little-endian in `x`), the high bit of each byte
/// that is an ASCII letter, and no other bit: a byte with 0x20 set is in
/// 'a'..='z' exactly when the letter's byte is in 'A'..='Z' or 'a'..='z',
/// and adding to a byte below 0x80 never carries into the next.
fn ascii_letters(x: u64) -> u64 {
    let ones = crate::text::ONES;
    let y = x | (0x20 * ones);
    // y >= 'a' sets the high bit of y + 0x1F; y > 'z' sets that of y + 0x05.
    (y.wrapping_add(0x1F * ones) & !y.wrapping_add(0x05 * ones)) & crate::text::HIGH_BITS
}

static CLOCK_FIRST: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^\d{1,2}:\d{2}").expect("valid regex"));
/// "LABEL: …" with a label of capitals ("BREAKING:", "НОВИНИ ДНЯ:") or a
/// one-word label ("Тема: …", "Tags: …").
static LABEL_FIRST: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^([\p{Lu}\s]{2,30}|\p{L}+)\s*:").expect("valid regex"));

/// How a caption may open before its photo label ("In this photo …").
const DEMONSTRATIVES: [&str; 4] = ["this handout ", "in this ", "in this handout ", "in this file "];

/// The folded characters [`is_caption_like`]'s demonstrative test reads at
/// most: the longest opening, a photo label and a space.
static DEMONSTRATIVE_CHARS: LazyLock<usize> = LazyLock::new(|| {
    let opening = DEMONSTRATIVES.iter().map(|d| d.chars().count()).max().unwrap_or(0);
    let label =
        tally_lexicon::words_in_all("photo_labels").map(|(_, l)| l.chars().count()).max().unwrap_or(0);
    opening + label + 1
});

/// A photo caption or credit: a photo label with a colon, dash or in
/// parentheses ("Photo: …", "(Photo: …)", "Фото - …"), or a sentence ending
/// in a wire agency's bare name ("… last month. Reuters").
pub fn is_caption_like(t: &str) -> bool {
    let t = t.trim();
    // A labelled caption holds one of the marks that follow a label, and
    // folding leaves those marks as they are and makes none: a line without
    // them is folded only as far as the demonstrative test reads.
    // And a label is followed by its mark: a line where no mark follows
    // what could end a label is not folded whole either.
    let marked = has_label_mark(t) && may_hold_a_label_before_a_mark(t);
    let folded = if marked {
        crate::text::lexicon_fold(t)
    } else if may_open_with_a_demonstrative(t) {
        crate::text::lexicon_fold_prefix(t, *DEMONSTRATIVE_CHARS)
    } else {
        // Its fold starts as no demonstrative does, and nothing else reads it.
        String::new()
    };
    caption_like(t, &folded, marked)
}

/// Whether `t` holds one of the marks that follow a photo label (':', '-',
/// '–', '—', '©', ')'), by bytes: the ASCII ones are bytes, and the others
/// are the characters whose lead byte is 0xC2 or 0xE2 followed by theirs
/// (a lead byte is a character boundary).
fn has_label_mark(t: &str) -> bool {
    let b = t.as_bytes();
    memchr::memchr3(b':', b'-', b')', b).is_some()
        || memchr::memchr2_iter(0xC2, 0xE2, b).any(|i| opens_a_wide_mark(b, i))
}

/// Whether the lead byte at `i` (0xC2 or 0xE2) opens '©', '–' or '—'.
fn opens_a_wide_mark(b: &[u8], i: usize) -> bool {
    match b[i] {
        0xC2 => b.get(i + 1) == Some(&0xA9),
        _ => b.get(i + 1) == Some(&0x80) && matches!(b.get(i + 2), Some(&(0x93 | 0x94))),
    }
}

/// The photo labels (lexicon `photo_labels`, as [`PHOTO_LABELS`] finds
/// them), the length in characters of the longest, and their last characters.
static LABELS: LazyLock<(Vec<&'static str>, usize, Vec<char>)> = LazyLock::new(|| {
    let labels: Vec<&str> = tally_lexicon::words_in_all("photo_labels").map(|(_, l)| l).collect();
    let longest = labels.iter().map(|l| l.chars().count()).max().unwrap_or(0);
    let mut last: Vec<char> = labels.iter().filter_map(|l| l.chars().next_back()).collect();
    last.sort_unstable();
    last.dedup();
    (labels, longest, last)
});

/// The byte offsets of the marks [`has_label_mark`] looks for in `t`
/// (each a character boundary: an ASCII byte or a lead byte).
fn label_marks(t: &str) -> impl Iterator<Item = usize> + '_ {
    let b = t.as_bytes();
    // Two vector searches merged in order: the ASCII marks, and the lead
    // bytes of the others (a byte loop over every line was costlier).
    let mut ascii = memchr::memchr3_iter(b':', b'-', b')', b).peekable();
    let mut others = memchr::memchr2_iter(0xC2, 0xE2, b).filter(move |&i| opens_a_wide_mark(b, i)).peekable();
    std::iter::from_fn(move || match (ascii.peek(), others.peek()) {
        (Some(&a), Some(&o)) if o < a => others.next(),
        (Some(_), _) => ascii.next(),
        (None, _) => others.next(),
    })
}

/// Whether some mark of `t` follows, past white space, text whose fold
/// ends with a photo label: [`caption_like`]'s labelled test can hold only
/// then. Every label it finds in the fold of `t` is followed by a mark,
/// which folding leaves as it is and makes from no other character, and by
/// white space before it, which folds to white space (and other characters
/// to none: tests check every character); so the label ends the fold of
/// the text before that mark, trimmed. Only the last characters of that
/// text are folded, enough for the longest label.
fn may_hold_a_label_before_a_mark(t: &str) -> bool {
    let (labels, longest, last) = &*LABELS;
    let table = crate::text::lexicon_fold_table();
    let mut one = String::new();
    label_marks(t).any(|m| {
        let before = t[..m].trim_end();
        // Most marks follow a character whose fold ends as no label does
        // (a character folds to at least one: a test checks every one).
        let mut from_the_end = before.char_indices().rev();
        let Some((at, c)) = from_the_end.next() else { return false };
        one.clear();
        crate::text::fold_char_into(table, c, &mut one);
        if one.chars().next_back().is_none_or(|f| last.binary_search(&f).is_err()) {
            return false;
        }
        // The start of the shortest end of `before` that folds to at least
        // `longest` characters (or all of it), from that last character on
        // (when every label is empty, any end of it ends with one).
        let mut start = at;
        let mut folded_chars = one.chars().count();
        for (i, c) in from_the_end {
            if folded_chars >= *longest {
                break;
            }
            one.clear();
            crate::text::fold_char_into(table, c, &mut one);
            folded_chars += one.chars().count();
            start = i;
        }
        let end = crate::text::lexicon_fold(&before[start..]);
        labels.iter().any(|l| end.ends_with(l))
    })
}

/// Whether the fold of `t`'s first character starts a demonstrative
/// opening (a character folds to at most three, and every opening is
/// longer): when it does not, no opening starts the fold of `t`.
fn may_open_with_a_demonstrative(t: &str) -> bool {
    // An ASCII character folds to its lowercase ('`' to '\''), one byte:
    // no string is made for it (most lines start with one).
    if let Some(&b) = t.as_bytes().first().filter(|b| b.is_ascii()) {
        let folded = if b == b'`' { b'\'' } else { b.to_ascii_lowercase() };
        return DEMONSTRATIVES.iter().any(|d| d.as_bytes()[0] == folded);
    }
    let Some(first) = t.chars().next() else { return false };
    let mut folded = String::new();
    crate::text::fold_char_into(crate::text::lexicon_fold_table(), first, &mut folded);
    DEMONSTRATIVES.iter().any(|d| d.starts_with(folded.as_str()))
}

/// [`is_caption_like`] of a trimmed line, given its fold (only its start
/// when the line is not `marked`).
fn caption_like(t: &str, folded: &str, marked: bool) -> bool {
    // The label opens the line or, in a short one, a part of it (after a
    // full stop, a bracket, a bar or a slash), and a colon, dash or bracket
    // follows it.
    // Counted only when a test reads it (all the tests below are pure).
    let short = || crate::text::words_at_most(t, 30);
    // (every label found in one pass over the line: a search per label
    // made this the costliest test of normalisation on news)
    let labelled = marked
        && PHOTO_LABELS.find_overlapping_iter(folded).any(|m| {
            let (i, end) = (m.start(), m.end());
            let before = folded[..i].trim_end();
            let parted = before.ends_with(['.', '(', '|', '/', '-', '–', '—']);
            // In a long line only as its closing credit: a few words after the label.
            let closing = folded[i..].split_whitespace().count() <= 8;
            let opens = before.is_empty() || parted && (short() || closing);
            let after = folded[end..].trim_start();
            opens && (after.starts_with([':', '-', '–', '—', '©']) || after.starts_with(')'))
        });
    // "This handout picture …", "In this photo …".
    let demonstrative = DEMONSTRATIVES.iter().any(|d| {
        folded.strip_prefix(d).is_some_and(|rest| {
            tally_lexicon::words_in_all("photo_labels").any(|(_, l)| rest.starts_with(&format!("{l} ")))
        })
    });
    // "(Name/Outlet)", "(AP Photo/Name)": a credit closing the caption.
    let slashed_credit = t.ends_with(')')
        && t.rfind('(').is_some_and(|open| {
            let credit = &t[open..];
            credit.contains('/')
                && !credit.contains([',', ':'])
                && !credit.chars().any(|c| c.is_ascii_digit())
                && credit.split_whitespace().count() <= 6
                && t[..open].split_whitespace().count() >= 6
        });
    // "… last month. Reuters", "… on Monday. Jane Roe/Pool/via REUTERS".
    let agency_after_sentence = || {
        t.len() > 40
            && last_sentence(t).is_some_and(|last| {
                crate::names::is_agency(last.trim_end_matches('.')) || crate::page::is_slash_credit(last)
            })
            && short()
    };
    labelled || demonstrative || slashed_credit || agency_after_sentence()
}

/// What follows the last ". " of `t` (`t.rsplit_once(". ")`'s second
/// part), found from the last '.' followed by a space by a reverse vector
/// search (a searcher per line was costlier): ". " cannot overlap itself,
/// so its last occurrence is the one `rsplit_once` splits at.
fn last_sentence(t: &str) -> Option<&str> {
    let b = t.as_bytes();
    memchr::memrchr_iter(b'.', b).find(|&i| b.get(i + 1) == Some(&b' ')).map(|i| &t[i + 2..])
}

/// What a line before the lead is, as far as the headline goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Line {
    /// Could be the headline or a standfirst.
    Headline,
    /// Chrome, a stamp, a caption or a label: never the headline.
    Other,
}

/// The first paragraph of prose: a sentence of at least four words ending in
/// a full stop (twelve for other endings), or a longer run of sentences; with
/// the stop words prose has (a ticker of headlines or a row of icons has
/// few), never a caption or a stamp.
pub fn is_lead(t: &str) -> bool {
    is_lead_given(t, || is_caption_like(t), || stamps::read(t).is_some())
}

/// [`is_lead`], given how to learn whether `t` is caption-like and
/// whether it is a stamp ([`stamps::read`] of it is some): the document
/// may know already.
pub fn is_lead_given(t: &str, caption_like: impl FnOnce() -> bool, stamped: impl FnOnce() -> bool) -> bool {
    let closed = crate::text::closed(t);
    let stop = closed.ends_with(['.', '!']);
    // A line that ends no sentence and holds no ". " is no lead, told
    // without counting its words (headlines, labels and menus above the
    // lead are such lines).
    let ends = crate::text::ends_sentence_closed(closed);
    if !ends && !t.contains(". ") {
        return false;
    }
    // One pass counts what the tests below read (each counted its own).
    let counts = line_counts(t);
    let words = counts.alpha_words.min(31);
    // The cheaper tests first (all are pure: the order decides nothing else).
    ((words >= 4 && stop) || (words >= 12 && ends) || (words > 30 && t.contains(". ")))
        && counts.letter_share() >= 0.6
        && !stamped()
        && stop_word_density_reaches_given(t, 0.08, counts.alpha_words)
        && !caption_like()
}

/// The content words of a URL's last path segment ("russia-ukraine-swap-123" -> russia, ukraine, swap).
pub fn slug_words(url: &str) -> Vec<String> {
    let path = url.split(['?', '#']).next().unwrap_or(url);
    let segment = path.trim_end_matches('/').rsplit('/').next().unwrap_or("");
    let words: Vec<String> = segment
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| w.len() >= 3 && w.bytes().all(|b| b.is_ascii_alphabetic()))
        .map(str::to_ascii_lowercase)
        .collect();
    if words.len() >= 3 {
        words
    } else {
        Vec::new()
    }
}

/// A Latin-script line shares a word with the slug (by its first five letters: inflections differ).
fn agrees_with_slug(t: &str, slug: &[String]) -> bool {
    if slug.is_empty() || !t.chars().filter(|c| c.is_alphabetic()).all(|c| c.is_ascii()) {
        return true;
    }
    let stem = |w: &str| w.chars().take(5).collect::<String>();
    let stems: Vec<String> = slug.iter().map(|w| stem(w)).collect();
    alpha_words(t)
        .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric()).to_ascii_lowercase())
        .filter(|w| w.len() >= 3)
        .any(|w| stems.contains(&stem(&w)))
}

/// A headline does not end with a full stop ("… in Kyiv." is a sentence);
/// an abbreviation ("U.S.") or an ellipsis is not one.
fn ends_with_period(t: &str) -> bool {
    let t = t.trim_end_matches(['"', '\'', '”', '’', '»']);
    let last = t.rsplit(char::is_whitespace).next().unwrap_or(t);
    t.ends_with('.') && !t.ends_with("..") && last.matches('.').count() == 1
}

/// Two sentences in one line: a full stop, then a capital.
fn has_sentence_break(t: &str) -> bool {
    t.match_indices(". ").any(|(i, _)| {
        let before = t[..i].rsplit(char::is_whitespace).next().unwrap_or("");
        before.chars().count() > 3
            && !before.contains('.')
            && t[i + 2..].chars().next().is_some_and(char::is_uppercase)
    })
}

fn classify(t: &str, slug: &[String]) -> Line {
    classify_given(t, slug, || is_caption_like(t), || stamps::read(t).is_some())
}

/// [`classify`], given how to learn whether `t` is caption-like and
/// whether it is a stamp ([`stamps::read`] of it, which trims it, is some).
fn classify_given(
    t: &str,
    slug: &[String],
    caption_like: impl FnOnce() -> bool,
    stamped: impl FnOnce() -> bool,
) -> Line {
    let t = t.trim();
    let words: Vec<&str> = alpha_words(t).take(18).collect();
    let shaped = (2..=16).contains(&words.len()) && letter_share(t) >= 0.7;
    // (all pure: the cheaper tests first, the phrase tests, which fold the line, last)
    if !shaped
        || ends_with_period(t)
        || crate::header::holds_bullet_or_bar(t)
        || t.contains('°')
        || has_sentence_break(t)
        || CLOCK_FIRST.is_match(t)
        || stamped()
        || caption_like()
        || crate::page::may_be_site_label(t) && is_phrase("chrome_labels", t)
        || has_read_time(t)
    {
        return Line::Other;
    }
    if let Some(c) = crate::text::captures_if_match(&LABEL_FIRST, t) {
        let label = c[1].trim();
        if label.chars().any(char::is_alphabetic)
            && (label.chars().filter(|c| c.is_alphabetic()).all(char::is_uppercase)
                || is_phrase("metadata_labels", label)
                || is_phrase("photo_labels", label))
        {
            return Line::Other;
        }
    }
    // A tag list: at least three commas between items of one to three words.
    if memchr::memchr_iter(b',', t.as_bytes()).nth(2).is_some()
        && t.split(',').all(|p| (1..=3).contains(&p.split_whitespace().count()))
    {
        return Line::Other;
    }
    // A menu: a long line of capitalised words, or one that repeats a word
    // (folded only when the rest does not decide).
    let capitalised = words.iter().all(|w| !w.chars().next().is_some_and(char::is_lowercase));
    if capitalised && (words.len() >= 12 || t.contains(" & ") || t.contains(" | ") || repeats_a_word(&words))
    {
        return Line::Other;
    }
    if !agrees_with_slug(t, slug) {
        return Line::Other;
    }
    Line::Headline
}

/// Whether two of `words` fold alike, to three characters or more: the
/// folds in one buffer, compared pair by pair (a line has at most 18 words;
/// a string per word and a sort were most of classifying a line).
fn repeats_a_word(words: &[&str]) -> bool {
    let mut buffer = String::new();
    let mut ends = Vec::with_capacity(words.len());
    for w in words {
        crate::text::lexicon_fold_into(w, &mut buffer);
        ends.push(buffer.len());
    }
    let folded = |k: usize| &buffer[if k == 0 { 0 } else { ends[k - 1] }..ends[k]];
    (0..words.len()).any(|i| {
        let f = folded(i);
        // The count last: most words differ from every other.
        (i + 1..words.len()).any(|j| folded(j) == f) && f.chars().count() >= 3
    })
}

/// A line above the lead, on a page without a headline, that is the site's:
/// not headline-shaped and short (a label, a player's controls, "2 min read").
pub fn is_site_line(t: &str) -> bool {
    classify(t, &[]) == Line::Other && alpha_words(t).take(8).count() < 8 && !is_caption_like(t)
}

/// A standfirst too long for a headline: 8 to 45 words of text without a
/// final full stop, not a caption, stamp, byline or label line.
fn standfirst_shaped(t: &str) -> bool {
    let t = t.trim();
    let words = alpha_words(t).take(46).count();
    (8..=45).contains(&words)
        && !ends_sentence(t)
        && letter_share(t) >= 0.7
        && !is_caption_like(t)
        && stamps::read(t).is_none()
        && !t.get(..3).is_some_and(|by| by.eq_ignore_ascii_case("by "))
        && !LABEL_FIRST.is_match(t)
        && stop_words(t).next().is_some()
}

/// The head of a page: the headline's block, the standfirst's (a
/// different line of the headline's run), and the lead's.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Head {
    pub headline: Option<usize>,
    pub standfirst: Option<usize>,
    pub lead: Option<usize>,
}

/// Finds the headline among the body blocks from `from` on (see the module doc).
pub fn find(doc: &Doc, from: usize, slug: &[String]) -> Head {
    let body: Vec<usize> = (from..doc.blocks.len()).filter(|&i| doc.is_body(i)).take(40).collect();
    let lead_pos = body.iter().position(|&i| doc.is_lead(i));
    let head = &body[..lead_pos.unwrap_or(body.len().min(12))];
    let lines: Vec<Line> = head
        .iter()
        .map(|&i| {
            let b = &doc.blocks[i];
            if matches!(b.kind, BlockKind::Paragraph | BlockKind::Heading) {
                classify_given(&b.text, slug, || doc.is_caption_like(i), || doc.stamp(i).is_some())
            } else {
                Line::Other
            }
        })
        .collect();
    // The last run of headline lines before the lead; the first run when no
    // lead is found (a short page: the headline comes first).
    let last = if lead_pos.is_some() {
        lines.iter().rposition(|l| *l == Line::Headline)
    } else {
        lines.iter().position(|l| *l == Line::Headline)
    };
    let Some(mut end) = last else {
        // No headline: a standfirst may still open the page above the lead.
        let standfirst =
            head.first().copied().filter(|&j| lead_pos.is_some() && standfirst_shaped(&doc.blocks[j].text));
        return Head { lead: lead_pos.map(|p| body[p]), standfirst, ..Head::default() };
    };
    let start = lines[..end].iter().rposition(|l| *l != Line::Headline).map_or(0, |p| p + 1);
    if lead_pos.is_none() {
        end = start + lines[start..].iter().take_while(|l| **l == Line::Headline).count() - 1;
    }
    let headline = head[start];
    let folded = crate::text::fold(&doc.blocks[headline].text);
    // The standfirst: the one other line of the run of a few words (not a
    // byline), above a lead; two such lines leave it undecided.
    let others: Vec<usize> = head[start + 1..=end]
        .iter()
        .copied()
        .filter(|&j| {
            let t = doc.blocks[j].text.trim();
            !crate::text::folds_to(t, &folded)
                && alpha_words(t).count() >= 4
                && !crate::header::is_name_list(t)
                && !t.get(..3).is_some_and(|by| by.eq_ignore_ascii_case("by "))
        })
        .collect();
    let standfirst = match others[..] {
        [one] if lead_pos.is_some() => Some(one),
        // A longer standfirst right under the headline's run.
        [] => head.get(end + 1).copied().filter(|&j| standfirst_shaped(&doc.blocks[j].text)),
        _ => None,
    };
    Head { headline: Some(headline), standfirst, lead: lead_pos.map(|p| body[p]) }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::blocks::plain_blocks;

    fn headline_of(text: &str, url: &str) -> (Option<String>, Option<String>) {
        let doc = Doc::new(plain_blocks(text, 0));
        let h = find(&doc, 0, &slug_words(url));
        (h.headline.map(|i| doc.blocks[i].text.clone()), h.standfirst.map(|i| doc.blocks[i].text.clone()))
    }

    const LEAD: &str =
        "The city council approved the new budget on Tuesday after a long debate about schools.";

    #[test]
    fn the_headline_is_never_a_menu_ticker_clock_or_label() {
        for top in [
            "Home News Sport Business Culture Travel Opinion Podcasts Newsletters Weather Jobs Events",
            "The Daily Planet - Local News Local News Sport & Weather",
            "GBP 1.27 ▲ 0.4%",
            "Wednesday, 4 June 2025 09:12",
            "2 min read",
            "Breaking news",
            "Politics, Economy, City Council, Budget 2025, Schools",
            "09:41Fire crews called to a warehouse on the ring road",
            "TOP STORIES: Storm closes the harbour for a second day",
            "Photo: City Press Office",
            "Search Search",
        ] {
            let page = format!("{top}\n\nCouncil approves budget after long debate\n\n{LEAD}\n");
            assert_eq!(
                headline_of(&page, "").0.as_deref(),
                Some("Council approves budget after long debate"),
                "{top}"
            );
        }
    }

    #[test]
    fn the_headline_run_gives_the_standfirst_and_skips_repeats() {
        let page = format!("World\n\nCouncil approves budget after long debate\n\nSchools get most of the money\n\nCouncil approves budget after long debate\n\n{LEAD}\n");
        let (h, s) = headline_of(&page, "");
        assert_eq!(h.as_deref(), Some("Council approves budget after long debate"));
        assert_eq!(s.as_deref(), Some("Schools get most of the money"));
        // A list of other stories above the headline is not it: the last run wins.
        let page = format!("Most read\n\nFire crews save the old mill\n\n10:02Bridge reopens after repairs\n\n11:15Trains delayed by snow\n\nCouncil approves budget after long debate\n\n21.05.2025 10:14\n\n{LEAD}\n");
        assert_eq!(headline_of(&page, "").0.as_deref(), Some("Council approves budget after long debate"));
    }

    #[test]
    fn a_long_standfirst_under_the_headline_or_opening_a_page_without_one() {
        let sf =
            "The mayor said most of the new money would go to schools in the poorer districts of the city";
        let (h, s) = headline_of(
            &format!("Council approves budget after long debate\n\n{sf}\n\n21.05.2025 10:14\n\n{LEAD}\n"),
            "",
        );
        assert_eq!(h.as_deref(), Some("Council approves budget after long debate"));
        assert_eq!(s.as_deref(), Some(sf));
        let doc = Doc::new(plain_blocks(&format!("{sf}\n\nPhoto: City Press Office\n\n{LEAD}\n"), 0));
        let head = find(&doc, 0, &[]);
        assert_eq!((head.headline, head.standfirst), (None, Some(0)));
        // A caption or a stamp under the headline is no standfirst.
        let (_, s) = headline_of(&format!("Council approves budget after long debate\n\nThe mayor speaks to reporters in the town hall (Photo: City Press)\n\n{LEAD}\n"), "");
        assert_eq!(s, None);
    }

    #[test]
    fn no_headline_when_only_chrome_precedes_the_lead() {
        for top in ["2 min read", "+ ↺ − 16 px", "Listen to this article"] {
            assert_eq!(headline_of(&format!("{top}\n\n{LEAD}\n"), "").0, None, "{top}");
        }
        // The slug names the story; a line sharing no word with it is not its headline.
        let url = "https://news.example.com/2025/06/03/council-approves-city-budget-schools/";
        assert_eq!(headline_of(&format!("This audio is generated automatically\n\n{LEAD}\n"), url).0, None);
        assert_eq!(
            headline_of(&format!("Council backs budget\n\n{LEAD}\n"), url).0.as_deref(),
            Some("Council backs budget")
        );
    }

    #[test]
    fn a_caption_is_neither_lead_nor_headline() {
        assert!(is_caption_like("Firefighters at the scene of the blaze on Monday. Reuters"));
        assert!(is_caption_like("Рятувальники на місці пожежі (Фото: ДСНС)"));
        assert!(is_caption_like("Фото: © Иван Петров / ТАСС"));
        assert!(!is_caption_like("The photo was taken on Monday, the agency said."));
        assert!(!is_lead(
            "Firefighters at the scene of the blaze on Monday in the old town of the city. Reuters"
        ));
        assert!(is_lead(LEAD));
    }

    proptest::proptest! {
        /// A line without a label's marks, folded only in part, is told
        /// apart as with its whole fold.
        #[test]
        fn captions_are_found_from_the_start_of_unmarked_lines(
            t in "(This handout |In this |in this file |IN THIS HANDOUT |İn this |Tx |x )?(photo|Photo|ФОТО|picture|x)?( |:|-|—|\\)|\\(|/|\\.)?( Reuters| Jane Roe/Pool/via REUTERS| © Ann| x){0,3}( last month\\. Reuters| on Monday, officials said in the capital of the country\\. AFP)?",
        ) {
            let t = t.trim();
            proptest::prop_assert_eq!(is_caption_like(t), caption_like(t, &tally_lexicon::fold(t), true), "{:?}", t);
        }
    }

    #[test]
    fn marks_and_white_space_fold_as_a_label_search_needs() {
        assert!(LABELS.0.iter().all(|l| !l.is_empty()), "an empty label would follow every mark");
        let marks = [':', '-', ')', '–', '—', '©'];
        for c in (0..=0x10FFFF).filter_map(char::from_u32) {
            let mut f = String::new();
            tally_lexicon::fold_char(c, &mut f);
            let u = c as u32;
            if c.is_whitespace() {
                assert!(f.chars().all(char::is_whitespace), "U+{u:04X}");
            } else {
                assert!(!f.chars().any(char::is_whitespace), "U+{u:04X}");
            }
            if f.contains(marks) {
                assert!(marks.contains(&c) && f == c.to_string(), "U+{u:04X}");
            }
            assert!(!f.is_empty(), "U+{u:04X}");
            let s = format!("x{c}y{c}");
            let found: Vec<usize> = label_marks(&s).collect();
            let by_chars: Vec<usize> =
                s.char_indices().filter(|(_, c)| marks.contains(c)).map(|(i, _)| i).collect();
            assert_eq!(found, by_chars, "U+{u:04X}");
        }
    }

    proptest::proptest! {
        /// Lines whose marks follow no label are told apart as with their whole fold.
        #[test]
        fn labelled_captions_are_found_as_with_the_whole_fold(
            t in r"(The mayor|Ann|ФОТО|фото|Photo|PHOTO CREDIT|İmage|photos|file  photo|illustrative\u{a0}photo|Picture|credit|x|pro|Фото|ФОТОграфія|\(|\.|/|\||—|–|-|:|©|\)| |\t|\u{a0}|é|ß|2025){0,14}",
            any in "\\PC{0,40}",
        ) {
            for s in [t.trim(), any.trim()] {
                proptest::prop_assert_eq!(is_caption_like(s), caption_like(s, &tally_lexicon::fold(s), true), "{:?}", s);
            }
        }
    }

    #[test]
    fn only_lines_whose_first_character_may_open_a_demonstrative_are_folded_for_it() {
        for c in (0..=0x10FFFF).filter_map(char::from_u32) {
            let t = format!("{c}n this photo taken on Monday");
            let folded = tally_lexicon::fold(&t);
            if DEMONSTRATIVES.iter().any(|d| folded.starts_with(d)) {
                assert!(may_open_with_a_demonstrative(&t), "U+{:04X}", c as u32);
            }
            let mut one = String::new();
            tally_lexicon::fold_char(c, &mut one);
            assert!(one.chars().count() <= 3, "U+{:04X}", c as u32);
        }
        assert!(DEMONSTRATIVES.iter().all(|d| d.chars().count() > 3));
    }

    #[test]
    fn an_ascii_first_character_opens_a_demonstrative_as_its_fold_does() {
        for b in 0..0x80u8 {
            let t = format!("{}n this photo", char::from(b));
            let mut folded = String::new();
            tally_lexicon::fold_char(char::from(b), &mut folded);
            let by_fold = DEMONSTRATIVES.iter().any(|d| d.starts_with(folded.as_str()));
            assert_eq!(may_open_with_a_demonstrative(&t), by_fold, "{b:#x}");
        }
    }

    #[test]
    fn label_marks_are_found_by_bytes_as_by_characters() {
        for c in (0..=0x10FFFF).filter_map(char::from_u32) {
            for s in [format!("x{c}y"), format!("{c}"), format!("{c}\u{2012}\u{a8}{c}")] {
                assert_eq!(
                    has_label_mark(&s),
                    s.contains([':', '-', '–', '—', '©', ')']),
                    "U+{:04X}",
                    c as u32
                );
            }
        }
    }

    /// `letter_share` as it was defined: over the characters that are not white space.
    fn letter_share_by_chars(t: &str) -> f64 {
        let visible: Vec<char> = t.chars().filter(|c| !c.is_whitespace()).collect();
        let letters = visible.iter().filter(|c| c.is_alphabetic()).count();
        if visible.is_empty() {
            0.0
        } else {
            letters as f64 / visible.len() as f64
        }
    }

    #[test]
    fn line_counts_read_every_character_as_its_definition() {
        for c in (0..=0x10FFFF).filter_map(char::from_u32) {
            for s in [c.to_string(), format!("a{c}b {c}"), format!("{c}{c} x")] {
                assert_eq!(line_counts(&s).alpha_words, alpha_words(&s).count(), "U+{:04X}", c as u32);
                assert_eq!(letter_share(&s), letter_share_by_chars(&s), "U+{:04X}", c as u32);
                assert_eq!(line_counts(&s).letters, s.chars().filter(|&c| c.is_alphabetic()).count());
            }
        }
    }

    /// [`is_lead`] as it was defined: every line's words counted first.
    fn is_lead_by_definition(t: &str) -> bool {
        let words = alpha_words(t).count().min(31);
        let stop = t.trim_end().trim_end_matches(['"', '\'', '”', '’', ')', '»']).ends_with(['.', '!']);
        ((words >= 4 && stop) || (words >= 12 && ends_sentence(t)) || (words > 30 && t.contains(". ")))
            && letter_share(t) >= 0.6
            && stamps::read(t).is_none()
            && stop_word_density(t) >= 0.08
            && !is_caption_like(t)
    }

    proptest::proptest! {
        /// Lines that end no sentence are told apart as by counting them.
        #[test]
        fn leads_are_found_as_by_their_definition(
            t in "((The|council|of|a|it|Ann|said|news|x|1|2025|—|\\(AP\\)|Photo:|Reuters)(\\. | |, |: |\\.|!|\\?|…|;|\"|’|\\)|»|\\t| \\n)){0,40}",
        ) {
            proptest::prop_assert_eq!(is_lead(&t), is_lead_by_definition(&t), "{:?}", t);
        }
    }

    proptest::proptest! {
        /// The last sentence is what `rsplit_once` gives.
        #[test]
        fn last_sentences_are_split_as_rsplit_once(t in "(a|\\.|\\. |  | \\.|Reuters|ё){0,12}") {
            proptest::prop_assert_eq!(last_sentence(&t), t.rsplit_once(". ").map(|(_, l)| l));
        }

        /// The marks are found in order, as a scan of the characters finds them.
        #[test]
        fn label_marks_come_in_order(t in "(a|:|-|\\)|–|—|©|\u{2012}|\u{a8}|ё| ){0,16}") {
            let marks = [':', '-', ')', '–', '—', '©'];
            let by_chars: Vec<usize> = t.char_indices().filter(|(_, c)| marks.contains(c)).map(|(i, _)| i).collect();
            proptest::prop_assert_eq!(label_marks(&t).collect::<Vec<_>>(), by_chars);
        }
    }

    #[test]
    fn ascii_letters_are_told_eight_bytes_at_once() {
        for b in 0..0x80u8 {
            for at in 0..8 {
                let mut chunk = [b'.'; 8];
                chunk[at] = b;
                let found = ascii_letters(u64::from_le_bytes(chunk));
                let expected = if b.is_ascii_alphabetic() { 0x80u64 << (8 * at) } else { 0 };
                assert_eq!(found, expected, "{b:#x} at {at}");
            }
        }
    }

    proptest::proptest! {
        /// One pass counts what the letter share and the word count counted.
        #[test]
        fn line_counts_are_the_share_and_the_word_count(
            t in "((The|x|ё|Ж|1|—|,|\\u{a0}|\\t|  | )){0,30}",
            any in "\\PC{0,40}",
            prose in "([a-zA-Z]{1,9}( |  |\\t|\\n|, |\\. |1|ё|'|-)){0,40}",
        ) {
            for s in [&t, &any, &prose] {
                proptest::prop_assert_eq!(line_counts(s).alpha_words, alpha_words(s).count());
                proptest::prop_assert_eq!(letter_share(s), letter_share_by_chars(s));
            }
        }
    }

    proptest::proptest! {
        /// Counting in one pass counts the words `alpha_words` gives.
        #[test]
        fn alpha_words_counted_in_one_pass(t in "((The|x|ё|Ж|1|—|,|\\u{a0}|\\t|  | )){0,30}", any in "\\PC{0,40}", cap in 0usize..40) {
            for s in [&t, &any] {
                proptest::prop_assert_eq!(alpha_word_count(s, cap), alpha_words(s).take(cap).count());
                proptest::prop_assert_eq!(alpha_word_count(s, usize::MAX), alpha_words(s).count());
            }
        }

        /// Stopping at the stop word that reaches a share decides as the whole count.
        #[test]
        fn stop_word_shares_are_decided_as_by_the_whole_count(
            t in "((the|The|of|x|news|ИЗ|и|у|штабі|—|1|,) ){0,30}",
            share in proptest::prop_oneof![proptest::strategy::Just(0.08), 0.0..1.0f64],
        ) {
            proptest::prop_assert_eq!(stop_word_density_reaches(&t, share), stop_word_density(&t) >= share);
            proptest::prop_assert_eq!(stop_words(&t).next().is_some(), stop_word_density(&t) > 0.0);
        }
    }

    proptest::proptest! {
        /// Comparing folds pair by pair finds the repeats a sort of the
        /// folded words found.
        #[test]
        fn repeated_words_are_found_as_by_a_sort(
            t in "((News|NEWS|news|Ёлка|ёлка|Елка|it|IT|x|İs|is|Don`t|don't)( |  |\t)){0,18}",
        ) {
            let words: Vec<&str> = alpha_words(&t).take(18).collect();
            let mut folded: Vec<String> = words.iter().map(|w| crate::text::lexicon_fold(w)).collect();
            folded.sort();
            let by_sort = folded.windows(2).any(|p| p[0] == p[1] && p[0].chars().count() >= 3);
            proptest::prop_assert_eq!(repeats_a_word(&words), by_sort, "{:?}", t);
        }

        /// A line with more letters and digits than a site label has is none
        /// (the count that spares folding it holds for every label).
        #[test]
        fn site_labels_are_short_enough_for_their_pre_test(
            t in r"((Breaking|news|NEWS|Next|in|World|Все|новости|Ёлка|editor's|picks|this|audio|is|created|with|ai|assistance|x|2025)( |, |: |—|\.|\t)){0,9}",
        ) {
            if is_phrase("chrome_labels", &t) {
                proptest::prop_assert!(crate::page::may_be_site_label(&t), "{:?}", t);
            }
        }
    }

    #[test]
    fn every_site_label_passes_its_pre_test() {
        for (_, label) in tally_lexicon::words_in_all("chrome_labels") {
            for line in [
                label.to_string(),
                label.to_uppercase(),
                format!("  {label}: "),
                crate::header::title_case(label),
            ] {
                assert!(is_phrase("chrome_labels", &line), "{line}");
                assert!(crate::page::may_be_site_label(&line), "{line}");
            }
        }
    }

    #[test]
    fn stop_words_are_dense_in_prose_and_rare_in_menus() {
        assert!(stop_word_density(LEAD) > 0.25);
        assert!(stop_word_density("Україна повернула тіла загиблих, про це повідомили у штабі") > 0.2);
        assert!(stop_word_density("Home News Sport Business Culture Travel") < 0.05);
    }
}
