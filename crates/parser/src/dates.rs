//! Dates written in text: explicit calendar dates ("June 11, 2025",
//! "Monday, June 9", "11 June 2025", "May 2025", "2025-06-11"), bare
//! weekdays, and the year a weekday fixes. Used for the publication date and,
//! by the extractor, for claim dates.

use std::collections::BTreeMap;
use std::sync::LazyLock;

use chrono::{Datelike, Duration, NaiveDate, Weekday};
use regex::Regex;

/// A date as written: any part may be missing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Mention {
    /// Byte range in the searched text.
    pub start: usize,
    pub end: usize,
    pub year: Option<i32>,
    pub month: Option<u32>,
    pub day: Option<u32>,
    pub weekday: Option<Weekday>,
}

impl Mention {
    /// The exact day, when year, month and day are known and valid.
    pub fn date(&self) -> Option<NaiveDate> {
        NaiveDate::from_ymd_opt(self.year?, self.month?, self.day?)
    }
    /// First and last day of the month, when only month and year are known.
    pub fn month_window(&self) -> Option<(NaiveDate, NaiveDate)> {
        month_window(self.year?, self.month?)
    }
}

/// First and last day of a month.
pub fn month_window(year: i32, month: u32) -> Option<(NaiveDate, NaiveDate)> {
    let first = NaiveDate::from_ymd_opt(year, month, 1)?;
    let next = if month == 12 {
        NaiveDate::from_ymd_opt(year + 1, 1, 1)?
    } else {
        NaiveDate::from_ymd_opt(year, month + 1, 1)?
    };
    Some((first, next - Duration::days(1)))
}

const MONTHS: &str = r"(January|February|March|April|May|June|July|August|September|October|November|December|Jan\.?|Feb\.?|Mar\.?|Apr\.?|Jun\.?|Jul\.?|Aug\.?|Sept?\.?|Oct\.?|Nov\.?|Dec\.?)";
/// The first three letters of every month name of [`MONTHS`] (a test checks this).
const MONTH_STEMS: [&str; 12] =
    ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
static MONTH_STEM_FINDER: LazyLock<aho_corasick::AhoCorasick> =
    LazyLock::new(|| aho_corasick::AhoCorasick::new(MONTH_STEMS).expect("month stem automaton"));
const WEEKDAYS: &str = r"(Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)";

static MONTH_DAY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?-u:\b)(?:{WEEKDAYS},?\s+)?{MONTHS}\s+(\d{{1,2}})(?:st|nd|rd|th)?(?-u:\b)(?:,?\s+(\d{{4}})(?-u:\b))?"
    ))
    .expect("valid regex")
});
static DAY_MONTH: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?-u:\b)(?:{WEEKDAYS},?\s+)?(\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?{MONTHS}(?-u:\b)(?:,?\s+(\d{{4}})(?-u:\b))?"
    ))
    .expect("valid regex")
});
static MONTH_YEAR: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(r"(?-u:\b){MONTHS}\s+(?:of\s+)?(\d{{4}})(?-u:\b)")).expect("valid regex")
});
static ISO: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?-u:\b)(\d{4})-(\d{2})-(\d{2})(?-u:\b)").expect("valid regex"));
static BARE_WEEKDAY: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(&format!(r"(?-u:\b){WEEKDAYS}(?-u:\b)")).expect("valid regex"));

/// Month number of a month name or abbreviation.
pub fn month_number(name: &str) -> Option<u32> {
    let n = name.trim_end_matches('.').to_ascii_lowercase();
    let key = n.get(..3)?;
    ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]
        .iter()
        .position(|m| *m == key)
        .map(|i| i as u32 + 1)
}

/// Weekday of an English weekday name.
pub fn weekday(name: &str) -> Option<Weekday> {
    Some(match name.to_ascii_lowercase().as_str() {
        "monday" => Weekday::Mon,
        "tuesday" => Weekday::Tue,
        "wednesday" => Weekday::Wed,
        "thursday" => Weekday::Thu,
        "friday" => Weekday::Fri,
        "saturday" => Weekday::Sat,
        "sunday" => Weekday::Sun,
        _ => return None,
    })
}

fn year(s: Option<regex::Match<'_>>) -> Option<i32> {
    s.and_then(|m| m.as_str().parse().ok()).filter(|y| (1900..=2100).contains(y))
}

/// Every calendar date written in `text`, in order, without overlaps: where
/// two forms overlap, the first form tried wins (ISO, "June 9", "9 June",
/// "May 2025").
pub fn find(text: &str) -> Vec<Mention> {
    // Every form has a `\d` (Unicode: a character of category Nd, so one
    // that `char::is_numeric` accepts): most short texts have none and are
    // not searched four times.
    if !has_digit(text) {
        return Vec::new();
    }
    // Kept matches, by start. Matches are never empty and kept ones never
    // overlap, so ordered by start they are ordered by end too: a new match
    // can only overlap the last kept one starting before its end. One lookup
    // per match, where comparing with every kept one was quadratic.
    let mut kept: BTreeMap<usize, Mention> = BTreeMap::new();
    candidates(text, |m| {
        if kept.range(..m.end).next_back().is_none_or(|(_, o)| o.end <= m.start) {
            kept.insert(m.start, m);
        }
    });
    kept.into_values().collect()
}

/// Whether `text` may hold a `\d`: an ASCII digit, or a character beyond
/// ASCII that is numeric (a superset of the other decimal digits).
fn has_digit(text: &str) -> bool {
    text.bytes().any(|b| b.is_ascii_digit())
        || (!text.is_ascii() && text.chars().any(|c| !c.is_ascii() && c.is_numeric()))
}

/// Every date form found in `text`, given to `push` in the order of
/// preference when two overlap: ISO, "June 9", "9 June", "May 2025".
fn candidates(text: &str, push: impl FnMut(Mention)) {
    // An ISO date has a '-', and every other form a month name, which
    // starts with one of `MONTH_STEMS`: a text without is not searched
    // for them (most sentences name no month).
    let iso = memchr::memchr(b'-', text.as_bytes()).is_some();
    let named = MONTH_STEM_FINDER.is_match(text);
    candidates_where(text, iso, named, push);
}

/// [`candidates`], searching for ISO dates only if `iso` and for the
/// forms with a month name only if `named`.
fn candidates_where(text: &str, iso: bool, named: bool, mut push: impl FnMut(Mention)) {
    for c in iso.then(|| ISO.captures_iter(text)).into_iter().flatten() {
        let all = c.get(0).expect("group 0");
        let m = Mention {
            start: all.start(),
            end: all.end(),
            year: year(c.get(1)),
            month: c[2].parse().ok(),
            day: c[3].parse().ok(),
            weekday: None,
        };
        if m.date().is_some() {
            push(m);
        }
    }
    if !named {
        return;
    }
    // "June 9" and "9 June": the same parts in another order (group numbers of month and day).
    for (re, month_group, day_group) in [(&*MONTH_DAY, 2, 3), (&*DAY_MONTH, 3, 2)] {
        for c in re.captures_iter(text) {
            let all = c.get(0).expect("group 0");
            let day: u32 = c[day_group].parse().unwrap_or(0);
            if !(1..=31).contains(&day) {
                continue;
            }
            push(Mention {
                start: all.start(),
                end: all.end(),
                year: year(c.get(4)),
                month: month_number(&c[month_group]),
                day: Some(day),
                weekday: c.get(1).and_then(|w| weekday(w.as_str())),
            });
        }
    }
    for c in MONTH_YEAR.captures_iter(text) {
        let all = c.get(0).expect("group 0");
        push(Mention {
            start: all.start(),
            end: all.end(),
            year: year(c.get(2)),
            month: month_number(&c[1]),
            day: None,
            weekday: None,
        });
    }
}

/// Bare weekday names (not part of a full date) with their byte ranges.
pub fn bare_weekdays(text: &str) -> Vec<(usize, usize, Weekday)> {
    let dates = find(text);
    BARE_WEEKDAY
        .find_iter(text)
        .filter(|m| {
            // The dates are disjoint and in order: only the last one starting
            // at or before the weekday can contain it.
            let i = dates.partition_point(|d| d.start <= m.start());
            !(i > 0 && m.end() <= dates[i - 1].end)
        })
        .filter_map(|m| weekday(m.as_str()).map(|w| (m.start(), m.end(), w)))
        .collect()
}

/// Fills in a missing year: from a weekday that fixes it among `years`
/// (nearest first), or from `default` when no weekday is given.
pub fn resolve_year(m: &Mention, years: &[i32], default: Option<i32>) -> Option<NaiveDate> {
    if let Some(d) = m.date() {
        return Some(d);
    }
    let (month, day) = (m.month?, m.day?);
    match m.weekday {
        Some(w) => {
            let mut candidates: Vec<i32> = years.to_vec();
            if let Some(d) = default {
                candidates.insert(0, d);
            }
            candidates
                .into_iter()
                .find_map(|y| NaiveDate::from_ymd_opt(y, month, day).filter(|d| d.weekday() == w))
        }
        None => NaiveDate::from_ymd_opt(default?, month, day),
    }
}

/// The first day on or after `from` that falls on `w`.
pub fn next_weekday_on_or_after(from: NaiveDate, w: Weekday) -> NaiveDate {
    let diff = (7 + w.num_days_from_monday() as i64 - from.weekday().num_days_from_monday() as i64) % 7;
    from + Duration::days(diff)
}

/// The last day on or before `from` that falls on `w`.
pub fn last_weekday_on_or_before(from: NaiveDate, w: Weekday) -> NaiveDate {
    let diff = (7 + from.weekday().num_days_from_monday() as i64 - w.num_days_from_monday() as i64) % 7;
    from - Duration::days(diff)
}

/// A date in a URL path (`/2025/06/11/`, `2025-06-11`).
pub fn from_url(url: &str) -> Option<NaiveDate> {
    static PATH: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"/(\d{4})/(\d{1,2})/(\d{1,2})(?:/|$)|(\d{4})-(\d{2})-(\d{2})").expect("valid regex")
    });
    let c = PATH.captures(url)?;
    let (y, m, d) = if c.get(1).is_some() { (&c[1], &c[2], &c[3]) } else { (&c[4], &c[5], &c[6]) };
    NaiveDate::from_ymd_opt(y.parse().ok()?, m.parse().ok()?, d.parse().ok()?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_month_name_starts_with_a_month_stem() {
        let names = MONTHS.trim_matches(['(', ')']).split('|').map(|n| n.trim_end_matches(r"\.?"));
        for name in names {
            assert!(MONTH_STEMS.iter().any(|s| name.starts_with(s)), "{name}");
        }
        assert_eq!(MONTHS.matches('|').count(), 22, "every alternative read");
    }

    proptest::proptest! {
        /// The pre-tests skip only texts in which the patterns find nothing.
        #[test]
        fn dates_are_found_as_without_the_pre_tests(
            t in "(May|Jun|June|Sept\\.|Monday|of|the|4|12th|2024|2024-05-06|-|,|\\u{a0}| |x){0,12}",
        ) {
            let mut with = Vec::new();
            candidates(&t, |m| with.push((m.start, m.end)));
            let mut without = Vec::new();
            candidates_where(&t, true, true, |m| without.push((m.start, m.end)));
            proptest::prop_assert_eq!(with, without);
        }
    }

    /// The definition [`find`] is held to: each match compared with every
    /// match kept before it (quadratic in the number of dates).
    fn find_by_scan(text: &str) -> Vec<Mention> {
        let mut out: Vec<Mention> = Vec::new();
        candidates(text, |m| {
            if !out.iter().any(|o| o.start < m.end && m.start < o.end) {
                out.push(m);
            }
        });
        out.sort_by_key(|m| m.start);
        out
    }

    /// The definition [`bare_weekdays`] is held to: each weekday compared with every date.
    fn bare_weekdays_by_scan(text: &str) -> Vec<(usize, usize, Weekday)> {
        let dates = find_by_scan(text);
        BARE_WEEKDAY
            .find_iter(text)
            .filter(|m| !dates.iter().any(|d| d.start <= m.start() && m.end() <= d.end))
            .filter_map(|m| weekday(m.as_str()).map(|w| (m.start(), m.end(), w)))
            .collect()
    }

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn finds_dates_in_several_styles() {
        let t = "On Tuesday, March 4 and on 5 March 2024, then 2024-03-06; also April 2024.";
        let m = find(t);
        assert_eq!(m.len(), 4);
        assert_eq!(m[0].weekday, Some(Weekday::Tue));
        assert_eq!(m[1].date(), Some(d(2024, 3, 5)));
        assert_eq!(m[2].date(), Some(d(2024, 3, 6)));
        assert_eq!(m[3].month_window(), Some((d(2024, 4, 1), d(2024, 4, 30))));
    }

    #[test]
    fn weekday_fixes_the_year() {
        let m = find("on Friday, October 3")[0];
        assert_eq!(resolve_year(&m, &[2024, 2025, 2026], None), Some(d(2025, 10, 3)));
        // A weekday that fits none of the candidate years resolves to nothing, not a guess.
        let m = find("on Monday, October 3")[0];
        assert_eq!(resolve_year(&m, &[2025], None), None);
    }

    #[test]
    fn bare_weekdays_skip_full_dates() {
        let w = bare_weekdays("On Monday, May 5 they met; on Friday they left.");
        assert_eq!(w.len(), 1);
        assert_eq!(w[0].2, Weekday::Fri);
    }

    #[test]
    fn weekday_arithmetic() {
        assert_eq!(next_weekday_on_or_after(d(2025, 6, 10), Weekday::Sun), d(2025, 6, 15));
        assert_eq!(last_weekday_on_or_before(d(2025, 6, 15), Weekday::Wed), d(2025, 6, 11));
        assert_eq!(from_url("https://x.com/2025/06/11/story-a1"), Some(d(2025, 6, 11)));
    }

    #[test]
    fn impossible_dates_are_not_dates() {
        assert!(find("on February 30, 2025").iter().all(|m| m.date().is_none()));
        assert!(find("2025-13-40").is_empty());
    }

    use proptest::strategy::Strategy;

    proptest::proptest! {
        /// The kept-match lookup finds what comparing with every kept match
        /// finds, in the same order, on texts of date forms that touch and
        /// overlap, weekdays, invalid dates and noise.
        #[test]
        fn find_and_bare_weekdays_match_the_scan(
            parts in proptest::collection::vec(
                proptest::prop_oneof![
                    proptest::sample::select(vec![
                        "May 5", "May 5 2020", "5 May", "5 May 2020", "May 2020", "May of 2020",
                        "5th of May, 2020", "2020-05-05", "2020-13-40", "1899-01-01", "2020-02-30",
                        "Monday", "Monday, May 5", "Friday 5 June", "Sunday,", "Sept. 3rd", "Jan.",
                        "Dec", "31", "32", "0", "2020", "12", "of", "June", "Tuesday",
                    ])
                    .prop_map(String::from),
                    proptest::sample::select(vec![" ", ", ", "-", "\n", "", "x", "é", "and "])
                        .prop_map(String::from),
                    "[A-Za-z0-9 ,.\\-]{0,6}",
                ],
                0..40,
            ),
        ) {
            let text: String = parts.concat();
            proptest::prop_assert_eq!(find(&text), find_by_scan(&text));
            proptest::prop_assert_eq!(bare_weekdays(&text), bare_weekdays_by_scan(&text));
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(10_000))]

        /// Texts without a digit of any script have no dates: the test
        /// before the searches drops none. (Month names, weekdays, and digits
        /// of other scripts, numerals and fractions, which `\d` matches or not.)
        #[test]
        fn texts_passed_over_have_no_dates(
            parts in proptest::collection::vec(
                proptest::prop_oneof![
                    proptest::sample::select(vec![
                        "May ", "June", "Sept.", "of ", "Monday, ", " ", ",", "-", "٣", "٢٠٢٥", "５", "２０２５",
                        "१", "Ⅻ", "½", "²", "1", "2025", "11", "x", "é", "st",
                    ])
                    .prop_map(String::from),
                    "\\PC{0,3}",
                ],
                0..12,
            ),
        ) {
            let text: String = parts.concat();
            let mut all = Vec::new();
            candidates(&text, |m| all.push(m));
            if !has_digit(&text) {
                proptest::prop_assert!(all.is_empty(), "{:?}", text);
            }
            proptest::prop_assert_eq!(find(&text), find_by_scan(&text));
        }
    }

    #[test]
    fn three_hundred_thousand_dates_are_found_in_near_linear_time() {
        // 300,000 dates in one text, in three forms, with weekdays inside and
        // outside them: comparing each with every earlier one took 110 s.
        let n = 100_000;
        let text = "Monday, May 5 2020 and 2020-05-06 on Friday, then June 2021; ".repeat(n);
        let found = find(&text);
        assert_eq!(found.len(), 3 * n);
        for (i, chunk) in found.chunks(3).enumerate() {
            assert_eq!(chunk[0].weekday, Some(Weekday::Mon), "date {i}");
            assert_eq!(chunk[0].date(), Some(d(2020, 5, 5)));
            assert_eq!(chunk[1].date(), Some(d(2020, 5, 6)));
            assert_eq!(chunk[2].month_window(), Some((d(2021, 6, 1), d(2021, 6, 30))));
        }
        assert!(found.windows(2).all(|w| w[0].end <= w[1].start));
        // Every Monday is inside a date, every Friday is bare.
        let weekdays = bare_weekdays(&text);
        assert_eq!(weekdays.len(), n);
        assert!(weekdays.iter().all(|w| w.2 == Weekday::Fri));
    }
}
