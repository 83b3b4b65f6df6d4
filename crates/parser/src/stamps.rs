//! Publication stamps: the short lines a web page prints near its headline
//! to say when the story was published ("31.01.2024 15:40", "2024-11-03
//! 18:42:10", "08:14, March 25, 2022", "Published: DECEMBER 31, 2022 17:47",
//! "24 травня 2025 15:17", "Вівторок, 17 Березня, 2026, 20:04:24",
//! "Reuters Published February 4, 2023 Updated February 4, 2023 06:08pm").
//!
//! A line is a stamp when, besides its date, it holds only what stamps
//! hold: times, zones, labels, weekdays, an agency's name, a place in
//! capitals and at most one trailing count (a view counter). The words are
//! the lexicon's (`stamp_published`, `stamp_updated`, `stamp_words`,
//! `relative_days`, months and weekdays of every language). The date of an
//! "Updated …" part is never the publication's, and "Today, 16:54" has no
//! date: the page does not say what day "today" was.

use std::sync::LazyLock;

use chrono::NaiveDate;
use regex::Regex;

use crate::names;

/// A stamp line as read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stamp {
    /// The publication date it gives; `None` for a stamp that gives none
    /// ("Today, 16:54", or only an update's date).
    pub date: Option<NaiveDate>,
    /// Byte range of that date in the line.
    pub range: Option<(usize, usize)>,
    /// The line opens with a weekday ("Tuesday, 02 January 2024 12:17"): the
    /// form of a site's clock or header date as well as of a stamp.
    pub weekday_first: bool,
    /// The line dates only an update.
    pub updated_only: bool,
}

static ISO: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?-u:\b)(\d{4})-(\d{2})-(\d{2})(?-u:\b)").expect("valid regex"));
/// Day.month.year, also right after a time it is glued to ("10:0012.03.2025":
/// two stamps run together); the start is checked in [`dates`].
static DOTTED: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(\d{1,2})\.(\d{1,2})\.(\d{4})(?-u:\b)").expect("valid regex"));
static GLUED_TIME: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"\d:\d\d$").expect("valid regex"));
static DAY_MONTH_YEAR: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\b(\d{1,2})(?:st|nd|rd|th)?\.?\s+(?:of\s+)?(\p{L}+\.?),?\s+(\d{4})\b").expect("valid regex")
});
static MONTH_DAY_YEAR: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\b(\p{L}+\.?)\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})\b").expect("valid regex")
});

static TIME_RANGE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\d{1,2}:\d\d\s*(?:[ap]\.?m\.?)?\s*[–—-]\s*\d{1,2}(?::\d\d)?|\d{1,2}\s*[–—-]\s*\d{1,2}(?::\d\d)?\s*[ap]\.?m")
        .expect("valid regex")
});

fn ymd(y: &str, m: u32, d: &str) -> Option<NaiveDate> {
    let y: i32 = y.parse().ok()?;
    if !(1990..=2100).contains(&y) {
        return None;
    }
    NaiveDate::from_ymd_opt(y, m, d.parse().ok()?)
}

fn month(word: &str) -> Option<u32> {
    let v = tally_lexicon::value_in_any("month", word)
        .or_else(|| tally_lexicon::value_in_any("month", word.trim_end_matches('.')))?;
    u32::try_from(v).ok()
}

/// Every whole date (day, month and year) written in `t`, in any form and
/// language the lexicon knows, with its byte range, in order and without overlaps.
pub fn dates(t: &str) -> Vec<(NaiveDate, usize, usize)> {
    if !has_year(t) {
        return Vec::new();
    }
    dates_by_search(t)
}

/// [`dates`] without its pre-test.
fn dates_by_search(t: &str) -> Vec<(NaiveDate, usize, usize)> {
    let mut found: Vec<(NaiveDate, usize, usize)> = Vec::new();
    let mut push = |d: Option<NaiveDate>, m: regex::Match<'_>| {
        if let Some(d) = d {
            if !found.iter().any(|&(_, s, e)| s < m.end() && m.start() < e) {
                found.push((d, m.start(), m.end()));
            }
        }
    };
    for c in ISO.captures_iter(t) {
        push(c[2].parse().ok().and_then(|m| ymd(&c[1], m, &c[3])), c.get(0).expect("group 0"));
    }
    for c in DOTTED.captures_iter(t) {
        let start = c.get(0).expect("group 0").start();
        let before = &t[..start];
        if before.ends_with(|ch: char| ch.is_ascii_digit()) && !GLUED_TIME.is_match(before) {
            continue;
        }
        push(c[2].parse().ok().and_then(|m| ymd(&c[3], m, &c[1])), c.get(0).expect("group 0"));
    }
    for c in DAY_MONTH_YEAR.captures_iter(t) {
        push(month(&c[2]).and_then(|m| ymd(&c[3], m, &c[1])), c.get(0).expect("group 0"));
    }
    for c in MONTH_DAY_YEAR.captures_iter(t) {
        push(month(&c[1]).and_then(|m| ymd(&c[3], m, &c[2])), c.get(0).expect("group 0"));
    }
    found.sort_by_key(|&(_, s, _)| s);
    found
}

/// Whether `t` holds four ASCII digits in a row that [`ymd`] takes for a
/// year (1990 to 2100). Every date [`dates`] finds has one: a line without
/// is not searched (most paragraphs have none, and the four patterns are
/// costly on long ones).
fn has_year(t: &str) -> bool {
    let b = t.as_bytes();
    let mut run = 0;
    let mut i = 0;
    // Eight bytes at a time while none of them can be a digit (most text
    // has few): such a run of bytes only ends any run of digits.
    while let Some(chunk) = b.get(i..i + 8) {
        if may_hold_a_digit(u64::from_le_bytes(chunk.try_into().expect("eight bytes"))) {
            break;
        }
        run = 0;
        i += 8;
    }
    for (i, &c) in b.iter().enumerate().skip(i) {
        if !c.is_ascii_digit() {
            run = 0;
            continue;
        }
        run += 1;
        if run >= 4 {
            let year = b[i - 3..=i].iter().fold(0u32, |y, &d| y * 10 + u32::from(d - b'0'));
            if (1990..=2100).contains(&year) {
                return true;
            }
        }
    }
    false
}

/// Whether one of eight bytes (little-endian in `x`) may be an ASCII digit:
/// true for every byte in '0'..='9' (and for some bytes above 0x7F, whose
/// low seven bits are a digit's). Each byte's low seven bits plus 0x50 set
/// its high bit when they are '0' or more, plus 0x46 when they are past '9',
/// and never carry into the next byte.
fn may_hold_a_digit(x: u64) -> bool {
    use crate::text::{HIGH_BITS, ONES};
    let y = x & !HIGH_BITS;
    (y.wrapping_add(0x50 * ONES) & !y.wrapping_add(0x46 * ONES) & HIGH_BITS) != 0
}

/// Whether a folded word is one of a stamp category's words (phrases count word by word).
fn in_category(category: &str, folded: &str) -> bool {
    tally_lexicon::is_word_of_a_form_in_any(category, folded)
}

/// The words and numbers of `t`: (start, token); a word is a run of
/// letters, a number a run of ASCII digits.
fn tokens(t: &str) -> Vec<(usize, &str)> {
    token_iter(t).collect()
}

/// [`tokens`], one at a time: a line's first word that no stamp holds ends
/// the pre-test of [`read`] without reading the rest of the line.
fn token_iter(t: &str) -> impl Iterator<Item = (usize, &str)> {
    let mut chars = t.char_indices().chain(std::iter::once((t.len(), ' ')));
    let mut start: Option<(usize, bool)> = None;
    std::iter::from_fn(move || {
        for (i, c) in chars.by_ref() {
            let kind = if c.is_alphabetic() {
                Some(false)
            } else if c.is_ascii_digit() {
                Some(true)
            } else {
                None
            };
            match (start, kind) {
                (Some((_, digit)), Some(k)) if digit == k => {}
                (Some((s, _)), k) => {
                    start = k.map(|k| (i, k));
                    return Some((s, &t[s..i]));
                }
                (None, Some(k)) => start = Some((i, k)),
                (None, None) => {}
            }
        }
        None
    })
}

/// Reads a line as a stamp (see the module doc); `None` when it is not one.
pub fn read(line: &str) -> Option<Stamp> {
    let t = line.trim();
    if t.is_empty() || t.len() > 200 {
        return None;
    }
    // A stamp has a date or, to say "today", a time: a line with neither
    // is not one (the common case, told without a search).
    if memchr::memchr(b':', t.as_bytes()).is_none() && !has_year(t) {
        return None;
    }
    // Every word of a stamp is one a stamp holds or one of its date's: a
    // line with another word is none, told before any pattern is tried.
    let mut folded = String::new();
    if !token_iter(t).all(|(_, tok)| may_be_in_a_stamp(tok, &mut folded)) {
        return None;
    }
    read_trimmed(t)
}

/// A token of ASCII digits.
fn is_number(tok: &str) -> bool {
    tok.bytes().all(|b| b.is_ascii_digit())
}

/// Whether a token may be in a stamp: a number, a word a stamp may hold
/// besides its dates (a weekday, a label such as "Published", "Updated" or
/// "Today", a time zone or other stamp word, an agency, a place in
/// capitals), or a word a date may hold (a month, with or without a full
/// stop, an ordinal's suffix, "of"). The lexicon's words are one set
/// ([`STAMP_LEXICON_WORDS`]): one lookup, where there were up to eight.
/// `folded` is a buffer for the token's fold.
fn may_be_in_a_stamp(tok: &str, folded: &mut String) -> bool {
    if is_number(tok) || matches!(tok, "st" | "nd" | "rd" | "th" | "of") {
        return true;
    }
    folded.clear();
    crate::text::lexicon_fold_into(tok, folded);
    STAMP_LEXICON_WORDS.contains(folded.as_str())
        || names::is_agency(tok)
        || tok.chars().count() >= 2 && tok.chars().all(char::is_uppercase)
}

/// The folded words a stamp's tokens are looked up among: the weekdays
/// (lexicon `weekday`), the words of the phrases of `stamp_updated`,
/// `relative_days`, `stamp_published` and `stamp_words`, and the months
/// (lexicon `month`, as [`month`] takes them: of a value that is a month
/// number) with and without their final full stop, of every language.
static STAMP_LEXICON_WORDS: LazyLock<crate::text::WordSet<&'static str>> = LazyLock::new(|| {
    let mut words = crate::text::WordSet::default();
    for (_, _, day) in tally_lexicon::valued_in_all("weekday") {
        words.insert(day);
    }
    for category in ["stamp_updated", "relative_days", "stamp_published", "stamp_words"] {
        words.extend(tally_lexicon::words_in_all(category).flat_map(|(_, phrase)| phrase.split(' ')));
    }
    for (_, _, form) in tally_lexicon::valued_in_all("month") {
        // The value every language's lookup gives the form (the first's).
        if tally_lexicon::value_of_folded_in_any("month", form).is_some_and(|v| u32::try_from(v).is_ok()) {
            words.insert(form);
            // A token followed by a full stop is looked up with it.
            words.extend(form.strip_suffix('.'));
        }
    }
    words
});

/// [`read`] of a trimmed line of at most 200 bytes, without its pre-test.
fn read_trimmed(t: &str) -> Option<Stamp> {
    // "11:00 AM–12:00 PM", "2-4 pm": a span of hours is an event's, not a stamp.
    if TIME_RANGE.is_match(t) {
        return None;
    }
    let found = dates(t);
    // The line with its dates blanked (byte for byte, so offsets hold).
    let mut masked = t.to_string().into_bytes();
    for &(_, s, e) in &found {
        masked[s..e].fill(b' ');
    }
    let masked = String::from_utf8(masked).ok()?;
    let rest = tokens(&masked);
    if rest.len() > 24 {
        return None;
    }
    let mut updated_at: Option<usize> = None;
    let mut relative = false;
    let mut counters = 0;
    let mut first_word = true;
    let mut weekday_first = false;
    let last = rest.len().saturating_sub(1);
    for (k, &(p, tok)) in rest.iter().enumerate() {
        if tok.bytes().all(|b| b.is_ascii_digit()) {
            // Parts of a time ("15:40", "GMT+3"); a longer number only as the
            // line's last word, once (a view counter).
            if tok.len() > 2 {
                counters += 1;
                if counters > 1 || k != last {
                    return None;
                }
            }
            continue;
        }
        let folded = crate::text::lexicon_fold(tok);
        let weekday = tally_lexicon::value_of_folded_in_any("weekday", &folded).is_some();
        if first_word && p < found.first().map_or(usize::MAX, |d| d.1) {
            weekday_first = weekday;
        }
        first_word = false;
        if in_category("stamp_updated", &folded) {
            updated_at.get_or_insert(p);
            continue;
        }
        if in_category("relative_days", &folded) {
            relative = true;
            continue;
        }
        let place = tok.chars().count() >= 2 && tok.chars().all(char::is_uppercase);
        let known = weekday
            || in_category("stamp_published", &folded)
            || in_category("stamp_words", &folded)
            || names::is_agency(tok)
            || place;
        if !known {
            return None;
        }
    }
    let published: Option<&(NaiveDate, usize, usize)> =
        found.iter().find(|&&(_, s, _)| updated_at.is_none_or(|u| s < u));
    if let Some(&(d, s, e)) = published {
        return Some(Stamp { date: Some(d), range: Some((s, e)), weekday_first, updated_only: false });
    }
    let has_time = t.contains(':');
    if !found.is_empty() && updated_at.is_some() {
        return Some(Stamp { date: None, range: None, weekday_first, updated_only: true });
    }
    (relative && has_time).then_some(Stamp { date: None, range: None, weekday_first, updated_only: false })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A word a stamp may hold besides its dates, by a lookup per category (as it was written).
    fn is_stamp_word(tok: &str) -> bool {
        let folded = crate::text::lexicon_fold(tok);
        tally_lexicon::value_of_folded_in_any("weekday", &folded).is_some()
            || tally_lexicon::is_word_of_a_form_in_any("stamp_updated", &folded)
            || tally_lexicon::is_word_of_a_form_in_any("relative_days", &folded)
            || tally_lexicon::is_word_of_a_form_in_any("stamp_published", &folded)
            || tally_lexicon::is_word_of_a_form_in_any("stamp_words", &folded)
            || names::is_agency(tok)
            || tok.chars().count() >= 2 && tok.chars().all(char::is_uppercase)
    }

    /// A word [`dates`] may take into a date, by lookups of the month (as it was written).
    fn may_be_in_a_date(tok: &str) -> bool {
        let month_form =
            |w: &str| tally_lexicon::value_in_any("month", w).is_some_and(|v| u32::try_from(v).is_ok());
        matches!(tok, "st" | "nd" | "rd" | "th" | "of") || month_form(tok) || month_form(&format!("{tok}."))
    }

    /// The one lookup of a stamp's token agrees with the lookups per category.
    fn assert_token_agrees(tok: &str) {
        let mut folded = String::new();
        assert_eq!(
            may_be_in_a_stamp(tok, &mut folded),
            is_number(tok) || is_stamp_word(tok) || may_be_in_a_date(tok),
            "{tok:?}"
        );
    }

    #[test]
    fn every_lexicon_word_of_a_stamp_is_looked_up_as_before() {
        let mut words: Vec<String> = Vec::new();
        for category in ["weekday", "month"] {
            words.extend(tally_lexicon::valued_in_all(category).map(|(_, _, f)| f.to_string()));
        }
        for category in ["stamp_updated", "relative_days", "stamp_published", "stamp_words", "stop"] {
            for (_, phrase) in tally_lexicon::words_in_all(category) {
                words.push(phrase.to_string());
                words.extend(phrase.split(' ').map(str::to_string));
            }
        }
        for w in words {
            let upper = w.to_uppercase();
            let mut title = w.chars();
            let title: String = title.next().into_iter().flat_map(char::to_uppercase).chain(title).collect();
            let bare = w.trim_end_matches('.').to_string();
            for t in [
                w.clone(),
                format!("{w}."),
                upper,
                title,
                bare.clone(),
                format!("{bare}x"),
                bare.chars().skip(1).collect(),
            ] {
                assert_token_agrees(&t);
            }
        }
        for t in ["", "st", "ST", "of", "Of", "12", "2024", "١٢", "AP", "Reuters", "KYIV", "K", "İ", "x"] {
            assert_token_agrees(t);
        }
    }

    proptest::proptest! {
        /// A token may be in a date as `month` of it or of it with a full stop says.
        #[test]
        fn tokens_in_dates_as_month_says(tok in "(Sept|sept|May|Mai|мая|травня|Jan|of|st|x|Ё|İ){1,2}") {
            let by_month = matches!(tok.as_str(), "st" | "nd" | "rd" | "th" | "of")
                || month(&tok).is_some()
                || month(&format!("{tok}.")).is_some();
            proptest::prop_assert_eq!(may_be_in_a_date(&tok), by_month);
            let mut folded = String::new();
            proptest::prop_assert_eq!(
                may_be_in_a_stamp(&tok, &mut folded),
                is_number(&tok) || is_stamp_word(&tok) || may_be_in_a_date(&tok)
            );
        }
    }

    /// [`has_year`] as it was written: every byte looked at.
    fn has_year_by_bytes(t: &str) -> bool {
        let b = t.as_bytes();
        (3..b.len()).any(|i| {
            b[i - 3..=i].iter().all(u8::is_ascii_digit)
                && (1990..=2100)
                    .contains(&b[i - 3..=i].iter().fold(0u32, |y, &d| y * 10 + u32::from(d - b'0')))
        })
    }

    #[test]
    fn digits_are_never_skipped() {
        for b in 0..=255u8 {
            for at in 0..8 {
                let mut chunk = [b'x'; 8];
                chunk[at] = b;
                if b.is_ascii_digit() {
                    assert!(may_hold_a_digit(u64::from_le_bytes(chunk)), "{b:#x} at {at}");
                }
            }
        }
        assert!(!may_hold_a_digit(u64::from_le_bytes(*b"The news")));
    }

    proptest::proptest! {
        /// Skipping bytes that hold no digit finds the years a look at every byte finds.
        #[test]
        fn years_are_found_as_by_every_byte(t in "([a-z ]{0,9}|1990|2100|2101|1989|20|25|٢٠٢٤|ё|\\.){0,12}") {
            proptest::prop_assert_eq!(has_year(&t), has_year_by_bytes(&t), "{:?}", t);
        }
    }

    fn day(y: i32, m: u32, d: u32) -> Option<NaiveDate> {
        NaiveDate::from_ymd_opt(y, m, d)
    }

    #[test]
    fn stamps_in_the_forms_pages_print_them() {
        for (line, date) in [
            ("31.01.2024 15:40", day(2024, 1, 31)),
            ("31.01.2024, 15:50", day(2024, 1, 31)),
            ("2024-11-03 18:42:10", day(2024, 11, 3)),
            ("08:14, March 25, 2022", day(2022, 3, 25)),
            ("(Xinhua) 08:14, March 25, 2022", day(2022, 3, 25)),
            ("Published: DECEMBER 31, 2022 17:47", day(2022, 12, 31)),
            ("Published : 7 July 2023, 03:20 AM", day(2023, 7, 7)),
            ("24 травня 2025 15:17", day(2025, 5, 24)),
            ("Вівторок, 17 Березня, 2026, 20:04:24", day(2026, 3, 17)),
            ("23 ноября 2022, 19:30 МСК", day(2022, 11, 23)),
            ("26 Nov, 2022 22:14", day(2022, 11, 26)),
            ("Monday, 17 October 2022, 18:43", day(2022, 10, 17)),
            ("May 24, 2025 05:23 PM IST", day(2025, 5, 24)),
            ("Published: Dec. 20, 2023 at 8:57 AM EST|Updated: seconds ago", day(2023, 12, 20)),
            ("Reuters Published February 4, 2023 Updated February 6, 2023 06:08pm", day(2023, 2, 4)),
            ("Published - November 24, 2023 09:46 pm IST - GAZA CITY,", day(2023, 11, 24)),
            ("15.06.2025 207", day(2025, 6, 15)),
            // Two stamps glued together: the first is the publication's.
            ("12.03.2025 10:0012.03.2025 11:30", day(2025, 3, 12)),
        ] {
            let s = read(line).unwrap_or_else(|| panic!("not read as a stamp: {line}"));
            assert_eq!(s.date, date, "{line}");
            let (a, b) = s.range.unwrap();
            assert_eq!(dates(&line[a..b])[0].0, date.unwrap(), "{line}");
        }
    }

    #[test]
    fn an_update_or_a_relative_day_gives_no_publication_date() {
        let s = read("Updated - November 25, 2023 07:45 pm IST").unwrap();
        assert!(s.updated_only && s.date.is_none());
        let s = read("Оновлено 12 березня 2025, 10:00").unwrap();
        assert!(s.updated_only && s.date.is_none());
        let s = read("Today, 16:54").unwrap();
        assert_eq!(s.date, None);
        assert!(read("Сегодня, 09:12").is_some_and(|s| s.date.is_none()));
    }

    #[test]
    fn sentences_headlines_and_counts_are_not_stamps() {
        for line in [
            "On March 25, 2022, ten prisoners were released.",
            "Ukraine returned 303 soldiers on May 25, 2025",
            "Russia and Ukraine swap 307 soldiers",
            "March 25, 2022 was a Friday",
            "2024 in review",
            "189",
            "Today the talks resumed at 10:00 in Istanbul.",
            "Thursday, May 30, 2024, 11:00 AM–12:00 PM ET",
            "Saturday, October 22, 2016, 10:00am – 5:00pm",
            "USD = 78.31 RUB",
        ] {
            assert!(read(line).is_none(), "{line}");
        }
        assert_eq!(read("Monday, 17 October 2022, 18:43").map(|s| s.weekday_first), Some(true));
        assert_eq!(read("17 October 2022, 18:43").map(|s| s.weekday_first), Some(false));
    }

    /// Lines shaped like stamps and dates, so that many are read and the
    /// rest miss by little: years in and out of range, other digits, times.
    const STAMP_LIKE: &str = "(Published:? |Updated |Today, |Сегодня, |Monday, |Reuters |x )?(31\\.01\\.(2024|1989|2101|٢٠٢٤)|(2024|1899|20245)-11-03|(March|травня|Sept\\.|x) (25|3|١)(th)?,? (2022|1990|2100|19900|x)|(25|3) (of )?(March|ноября|x),? (2022|2101|x))?( |, )?(15:40|08:14 AM|10:0012\\.03\\.2025|11:00 AM–12:00 PM|2-4 pm|207|x)?( IST| МСК| GMT\\+3)?";

    proptest::proptest! {
        /// The year pre-test skips no date and no stamp.
        #[test]
        fn year_pretest_agrees_with_the_search(t in proptest::prop_oneof![STAMP_LIKE, "\\PC{0,40}", "[0-9:. x]{0,12}"]) {
            proptest::prop_assert_eq!(dates(&t), dates_by_search(&t));
            let trimmed = t.trim();
            if !trimmed.is_empty() && trimmed.len() <= 200 {
                proptest::prop_assert_eq!(read(&t), read_trimmed(trimmed));
            }
        }
    }

    #[test]
    fn dates_are_found_in_every_language_the_lexicon_knows() {
        let found: Vec<_> = dates("від 9 червня до 15 червня 2025 та 3 января 2024 и May 5, 2020")
            .into_iter()
            .map(|d| d.0)
            .collect();
        assert_eq!(
            found,
            vec![day(2025, 6, 15).unwrap(), day(2024, 1, 3).unwrap(), day(2020, 5, 5).unwrap()]
        );
    }
}
