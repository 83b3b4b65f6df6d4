//! Date expressions in a sentence and how they resolve against the
//! article's publication window.
//!
//! Rules: an explicit "June 11, 2025" is that day; "June 9" takes the year
//! of the article (or the latest year the text names); "May 2025" is the
//! month. A bare weekday ("on Wednesday") in a past-tense sentence is the
//! latest such day not after publication; in a future-tense sentence the
//! next one after publication. When the publication window is too wide to
//! pick one day, the claim keeps the expression unresolved so
//! reconciliation can re-resolve it once the article is dated.
//!
//! English dates are found by one regular expression's automaton, built
//! from the lexicon's English words (month and weekday names, "last",
//! "today", "the following day", ...: [`DateWords`]); which kind a match is
//! (its groups) is read from an ASCII match's text, and resolved by a
//! search for its captures only for another. The words that make a date
//! background ("since", "began in") are lexicon lists too.

use std::sync::LazyLock;

use chrono::{Datelike, Duration, NaiveDate, Weekday};
use regex::Regex;
use serde::{Deserialize, Serialize};
use tally_model::DateWindow;

/// A date expression as written.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum DateExpr {
    /// A day with its year.
    Day(NaiveDate),
    /// A month and day without a year.
    MonthDay { month: u32, day: u32 },
    /// A whole month of a year.
    Month { year: i32, month: u32 },
    /// "in September": a month without a year, the latest such month up to
    /// the report's.
    MonthNoYear { month: u32 },
    /// A weekday, past (`future = false`) or future; `last` for "last Saturday".
    Weekday { weekday: Weekday, future: bool, last: bool },
    /// "today".
    Today,
    /// "yesterday": the day before the report's.
    Yesterday,
    /// "tomorrow": the day after the report's.
    Tomorrow,
    /// "the following day": the day after the previous dated statement.
    FollowingDay,
}

/// The English names of the weekdays (from Monday), as chrono's `%A` writes them.
const WEEKDAY_NAMES: [&str; 7] =
    ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"];

/// The English name of month `month` (1 to 12), `None` for another number.
fn month_name(month: u32) -> Option<&'static str> {
    chrono::Month::try_from(u8::try_from(month).ok()?).ok().map(|m| m.name())
}

/// The expression in words, quoted as a reader would say it: "'on Wednesday'",
/// "'next Friday'", "'June 9'" (never the debug form).
impl std::fmt::Display for DateExpr {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // Names come from tables; chrono's formatting (which these match,
        // as a test checks) is kept for years it writes another way.
        let plain_year = |year: i32| (0..=9999).contains(&year);
        match self {
            DateExpr::Day(d) if plain_year(d.year()) => {
                let name = month_name(d.month()).unwrap_or_default();
                write!(f, "'{name} {}, {:04}'", d.day(), d.year())
            }
            DateExpr::Day(d) => write!(f, "'{}'", d.format("%B %-d, %Y")),
            DateExpr::MonthDay { month, day } => {
                write!(f, "'{} {day}'", month_name(*month).unwrap_or_default())
            }
            DateExpr::Month { year, month } if plain_year(*year) => match month_name(*month) {
                Some(name) => write!(f, "'{name} {year:04}'"),
                None => f.write_str("''"),
            },
            DateExpr::Month { year, month } => {
                let name = NaiveDate::from_ymd_opt(*year, *month, 1).map(|d| d.format("%B %Y").to_string());
                write!(f, "'{}'", name.unwrap_or_default())
            }
            DateExpr::MonthNoYear { month } => {
                write!(f, "'in {}'", month_name(*month).unwrap_or_default())
            }
            DateExpr::Weekday { weekday, future, last } => {
                let name = WEEKDAY_NAMES[weekday.num_days_from_monday() as usize];
                match (last, future) {
                    (true, _) => write!(f, "'last {name}'"),
                    (false, true) => write!(f, "'on {name}' (the next one)"),
                    (false, false) => write!(f, "'on {name}'"),
                }
            }
            DateExpr::Today => f.write_str("'today'"),
            DateExpr::Yesterday => f.write_str("'yesterday'"),
            DateExpr::Tomorrow => f.write_str("'tomorrow'"),
            DateExpr::FollowingDay => f.write_str("'the following day'"),
        }
    }
}

/// A written day and month, with its year when one is written: a day, or a
/// month and day whose year the article's date decides; `None` for a day
/// that does not exist.
fn day_expr(year: Option<i32>, month: u32, day: &str) -> Option<DateExpr> {
    let day: u32 = day.parse().unwrap_or(0);
    match year {
        Some(year) => NaiveDate::from_ymd_opt(year, month, day).map(DateExpr::Day),
        None => (1..=31).contains(&day).then_some(DateExpr::MonthDay { month, day }),
    }
}

/// How a claim's date was resolved, in words: "'on Wednesday' in an article
/// published 2025-06-12". Written piece by piece into one string (once per
/// dated claim: the formatting machinery cost several times as much).
pub fn resolution_reason(expr: &DateExpr, published: Option<DateWindow>) -> String {
    let mut out = String::with_capacity(80);
    push_expr(expr, &mut out);
    if *expr == DateExpr::FollowingDay {
        out.push_str(": the day after the previous dated statement");
        return out;
    }
    out.push_str(" in an article published ");
    match published {
        Some(w) if w.is_day() => push_day(w.start, &mut out),
        Some(w) => {
            push_day(w.start, &mut out);
            out.push_str("..");
            push_day(w.end, &mut out);
        }
        None => out.push_str("on an unknown date"),
    }
    out
}

/// [`DateExpr`]'s words (its `Display`), pushed to `out`.
fn push_expr(expr: &DateExpr, out: &mut String) {
    use std::fmt::Write;
    let plain_year = |year: i32| (0..=9999).contains(&year);
    match expr {
        DateExpr::Weekday { weekday, future, last } => {
            let name = WEEKDAY_NAMES[weekday.num_days_from_monday() as usize];
            out.push_str(if *last { "'last " } else { "'on " });
            out.push_str(name);
            out.push_str(if *future && !*last { "' (the next one)" } else { "'" });
        }
        DateExpr::Day(d) if plain_year(d.year()) => {
            out.push('\'');
            out.push_str(month_name(d.month()).unwrap_or_default());
            out.push(' ');
            push_number(d.day(), 1, out);
            out.push_str(", ");
            push_number(d.year().unsigned_abs(), 4, out);
            out.push('\'');
        }
        other => {
            let _ = write!(out, "{other}");
        }
    }
}

/// A day as `NaiveDate`'s `Display` writes it ("2025-06-12").
fn push_day(day: NaiveDate, out: &mut String) {
    use std::fmt::Write;
    if (0..=9999).contains(&day.year()) {
        push_number(day.year().unsigned_abs(), 4, out);
        out.push('-');
        push_number(day.month(), 2, out);
        out.push('-');
        push_number(day.day(), 2, out);
    } else {
        let _ = write!(out, "{day}");
    }
}

/// `n` in decimal, padded with zeros to `width` digits.
fn push_number(n: u32, width: usize, out: &mut String) {
    let mut digits = itoa::Buffer::new();
    let digits = digits.format(n);
    for _ in digits.len()..width {
        out.push('0');
    }
    out.push_str(digits);
}

/// The English words date expressions are made of, as the lexicon lists
/// them: the months' and weekdays' names (each one's longest form), the
/// words before a weekday (`last_weekday`, `next_weekday`,
/// `this_weekday`), the words of today (`now`), of the day after
/// (`following_day`), a day's ordinal endings (`day_suffix`), the words
/// that make a month alone a date (`month_before`) and those of the
/// future (`future`).
struct DateWords {
    months: Vec<&'static str>,
    weekdays: Vec<&'static str>,
    last: &'static [String],
    next: &'static [String],
    this: &'static [String],
    now: &'static [String],
    following_day: &'static [String],
    day_suffixes: &'static [String],
    month_before: &'static [String],
    future: &'static [String],
    en: &'static tally_lexicon::Lexicon,
}

impl DateWords {
    /// Every word that may open a weekday expression before its name.
    fn weekday_prefixes(&self) -> impl Iterator<Item = &'static str> {
        self.last.iter().chain(self.next).chain(self.this).map(String::as_str)
    }
}

static WORDS: LazyLock<DateWords> = LazyLock::new(|| {
    let en = tally_lexicon::language("en").expect("the English lexicon is built in");
    // each value's longest form: its name ("september", not "sept.")
    let names = |category: &str| {
        let mut names: Vec<(i64, &'static str)> = Vec::new();
        for (value, form) in en.valued(category) {
            match names.last_mut() {
                Some((v, name)) if *v == value => {
                    if form.len() > name.len() {
                        *name = form;
                    }
                }
                _ => names.push((value, form)),
            }
        }
        names.into_iter().map(|(_, name)| name).collect::<Vec<_>>()
    };
    DateWords {
        months: names("month"),
        weekdays: names("weekday"),
        last: en.words("last_weekday"),
        next: en.words("next_weekday"),
        this: en.words("this_weekday"),
        now: en.words("now"),
        following_day: en.words("following_day"),
        day_suffixes: en.words("day_suffix"),
        month_before: en.words("month_before"),
        future: en.words("future"),
        en,
    }
});

/// The forms as alternatives of a regular expression, each matched as written.
fn alternatives<'a>(forms: impl IntoIterator<Item = &'a str>) -> String {
    forms.into_iter().map(regex::escape).collect::<Vec<_>>().join("|")
}

/// English date expressions, made of [`WORDS`].
static DATE: LazyLock<Regex> = LazyLock::new(|| {
    let w = &*WORDS;
    let weekdays = alternatives(w.weekdays.iter().copied());
    let prefixes = alternatives(w.weekday_prefixes());
    let months = alternatives(w.months.iter().copied());
    let suffixes = alternatives(w.day_suffixes.iter().map(String::as_str));
    let now = alternatives(w.now.iter().map(String::as_str));
    let following = alternatives(w.following_day.iter().map(String::as_str));
    Regex::new(&format!(
        r"(?i)(?-u:\b)(?:(?P<wd>(?:(?:{prefixes}) )?(?:{weekdays}))(?P<wdsep>,\s*)?|(?P<m>{months})\s+(?:(?P<d>\d{{1,2}})(?:{suffixes})?(?-u:\b)(?:,?\s+(?P<y>(?:19|20)\d\d)(?-u:\b))?|(?P<my>(?:19|20)\d\d)(?-u:\b))|(?P<bm>{months})(?-u:\b)|(?P<dd>\d{{1,2}})\s+(?P<dm>{months})(?:,?\s+(?P<dy>(?:19|20)\d\d))?(?-u:\b)|(?P<today>{now})(?-u:\b)|(?P<next>{following})(?-u:\b))"
    ))
    .expect("date regex")
});

/// The numbers of [`DATE`]'s named groups, looked up once (a look-up by
/// name hashes the name, for every group asked of every match).
struct DateGroupNumbers {
    wd: usize,
    wdsep: usize,
    m: usize,
    d: usize,
    y: usize,
    my: usize,
    bm: usize,
    dd: usize,
    dm: usize,
    dy: usize,
    today: usize,
}

static DATE_GROUP_NUMBERS: LazyLock<DateGroupNumbers> = LazyLock::new(|| {
    let number = |name: &str| {
        DATE.capture_names().position(|n| n == Some(name)).expect("a named group of the date regex")
    };
    DateGroupNumbers {
        wd: number("wd"),
        wdsep: number("wdsep"),
        m: number("m"),
        d: number("d"),
        y: number("y"),
        my: number("my"),
        bm: number("bm"),
        dd: number("dd"),
        dm: number("dm"),
        dy: number("dy"),
        today: number("today"),
    }
});

/// What makes the date after it a background date, never an event's
/// (the lexicon's `background_*` lists).
static BACKGROUND: LazyLock<Regex> = LazyLock::new(|| {
    let en = WORDS.en;
    let list = |category: &str| alternatives(en.words(category).iter().map(String::as_str));
    let (since, began, began_after) =
        (list("background_since"), list("background_began"), list("background_began_after"));
    let (invasion, of, invasion_in) =
        (list("background_invasion"), list("background_invasion_of"), list("background_invasion_in"));
    // "since" governs the rest of its clause: "since the start of the
    // invasion of its neighbour in February 2022"; so does an invasion's
    // own date: "Russia's invasion of Ukraine in 2022"
    Regex::new(&format!(
        r"(?i)(?-u:\b)(?:(?:{since})(?:\s[^,;.:!?]{{0,80}})?|(?:{began})\s+(?:{began_after})|(?:{invasion})(?:\s+(?:{of})\s+[\w’']+(?:\s+[\w’']+)?)?\s+(?:{invasion_in}))\s+$"
    ))
    .expect("background regex")
});

/// Words [`BACKGROUND`] cannot match without: the words each of its
/// alternatives opens with, in ASCII lower case, each cut to its longest
/// run without `s` or `k` (`(?i)` also folds `ſ` and the Kelvin sign onto
/// those two; on every other letter here it is ASCII case folding alone).
static BACKGROUND_NEEDS: LazyLock<Vec<String>> = LazyLock::new(|| {
    let en = WORDS.en;
    ["background_since", "background_began", "background_invasion"]
        .iter()
        .flat_map(|category| en.words(category))
        .map(|word| {
            let word = word.to_ascii_lowercase();
            let runs = word.split(['s', 'k']);
            runs.fold("", |longest, run| if run.len() > longest.len() { run } else { longest }).to_string()
        })
        .collect()
});

/// [`BACKGROUND_NEEDS`] in one automaton (a standard search reports the
/// match that ends first).
static NEEDS: LazyLock<aho_corasick::AhoCorasick> = LazyLock::new(|| {
    aho_corasick::AhoCorasick::builder()
        .match_kind(aho_corasick::MatchKind::Standard)
        .build(BACKGROUND_NEEDS.iter())
        .expect("a few short words")
});

/// The least prefix length of `sentence` that [`BACKGROUND`] can match:
/// past the end of the first word it needs (most sentences have none).
#[cfg(test)]
fn background_possible_from(sentence: &str) -> usize {
    NEEDS.find(&sentence.to_ascii_lowercase()).map_or(usize::MAX, |m| m.end())
}

/// Whether a word [`BACKGROUND`] needs ends by a place of a sentence (a
/// date's start: before it, the regex cannot match). The words are looked
/// for in the sentence's ASCII lower case (a search ignoring case walks
/// every byte; this one skips ahead with its prefilter), and only in the
/// part before the places asked: most dates stand before the end, and
/// most sentences hold none of the words.
struct NeedsBefore<'a> {
    sentence: &'a str,
    /// The ASCII lower case of the sentence's first bytes: all searched.
    lower: Vec<u8>,
    /// Where the first word needed ends, once found.
    first_end: Option<usize>,
}

impl<'a> NeedsBefore<'a> {
    fn new(sentence: &'a str) -> Self {
        NeedsBefore { sentence, lower: Vec::new(), first_end: None }
    }

    /// Whether a word needed ends at or before byte `at`.
    fn by(&mut self, at: usize) -> bool {
        if let Some(end) = self.first_end {
            return end <= at;
        }
        let searched = self.lower.len();
        if at <= searched {
            return false; // no word ends in the part searched
        }
        // a word that ends past the part searched starts at most a word's
        // length, less one byte, before its end
        let longest = BACKGROUND_NEEDS.iter().map(|w| w.len()).max().unwrap_or(0);
        let from = searched.saturating_sub(longest.saturating_sub(1));
        self.lower.extend(self.sentence.as_bytes()[searched..at].iter().map(u8::to_ascii_lowercase));
        let input = aho_corasick::Input::new(&self.lower[..]).span(from..at);
        self.first_end = NEEDS.find(input).map(|m| m.end());
        self.first_end.is_some()
    }
}

/// What makes a month name alone a date, just before it: "in September",
/// "during May", "early June" (the lexicon's `month_before`).
static BARE_MONTH_BEFORE: LazyLock<Regex> = LazyLock::new(|| {
    let before = alternatives(WORDS.month_before.iter().map(String::as_str));
    Regex::new(&format!(r"(?i)(?-u:\b)(?:{before})\s*$")).expect("bare month regex")
});

/// What makes a sentence speak of the future (the lexicon's `future`).
static FUTURE: LazyLock<Regex> = LazyLock::new(|| {
    let future = alternatives(WORDS.future.iter().map(String::as_str));
    Regex::new(&format!(r"(?i)(?-u:\b)(?:{future})(?-u:\b)")).expect("future regex")
});

/// The weekday of a weekday's name as the date regex matches it.
fn weekday_of(name: &str) -> Weekday {
    weekday_numbered(english_value(&WEEKDAY_VALUES, "weekday", name).unwrap_or(7))
}

/// The English `[valued.month]` and `[valued.weekday]` forms (folded, as
/// the lexicon keeps them) with their values, sorted by form.
static MONTH_VALUES: LazyLock<Vec<(&'static str, i64)>> = LazyLock::new(|| sorted_values("month"));
static WEEKDAY_VALUES: LazyLock<Vec<(&'static str, i64)>> = LazyLock::new(|| sorted_values("weekday"));

fn sorted_values(category: &str) -> Vec<(&'static str, i64)> {
    let mut values: Vec<(&'static str, i64)> = WORDS.en.valued(category).map(|(v, f)| (f, v)).collect();
    values.sort_unstable();
    values.dedup();
    values
}

/// The value of `name` in the English `category`, as
/// [`tally_lexicon::Lexicon::value_of`] gives it (`values`: that
/// category's [`sorted_values`]): a name of ASCII folds to its ASCII lower
/// case (but '`'), looked up in `values` with no string made or hashed;
/// any other is folded and looked up by the lexicon.
fn english_value(values: &[(&'static str, i64)], category: &str, name: &str) -> Option<i64> {
    let mut lower = [0u8; 32];
    if !name.is_ascii() || name.len() > lower.len() || name.contains('`') {
        return WORDS.en.value_of(category, name);
    }
    let lower = &mut lower[..name.len()];
    lower.copy_from_slice(name.as_bytes());
    lower.make_ascii_lowercase();
    let lower = std::str::from_utf8(lower).ok()?;
    values.binary_search_by(|(form, _)| (*form).cmp(lower)).ok().map(|k| values[k].1)
}

/// The weekday of the lexicon's `[valued.weekday]` number (ISO: 1 is
/// Monday); Sunday for another.
pub fn weekday_numbered(value: i64) -> Weekday {
    match value {
        1 => Weekday::Mon,
        2 => Weekday::Tue,
        3 => Weekday::Wed,
        4 => Weekday::Thu,
        5 => Weekday::Fri,
        6 => Weekday::Sat,
        _ => Weekday::Sun,
    }
}

/// The number of a month's name as the date regex matches it (1 for none).
fn month_of(name: &str) -> u32 {
    english_value(&MONTH_VALUES, "month", name).and_then(|v| u32::try_from(v).ok()).unwrap_or(1)
}

/// Whether the sentence (or clause) speaks of the future.
pub fn is_future(sentence: &str) -> bool {
    FUTURE.is_match(sentence)
}

/// The clause of `text` around byte `at`: between the punctuation marks
/// that separate clauses (`,` `;` `:` dashes, brackets). A modal word
/// governs what is in its own clause ("exchanged 84 prisoners on Thursday,
/// ... one that would ..." is not a plan).
pub fn clause_at(text: &str, at: usize) -> &str {
    let (start, end) = clause_range(text, at);
    &text[start..end]
}

/// The byte range of [`clause_at`]'s clause in `text`.
pub fn clause_range(text: &str, at: usize) -> (usize, usize) {
    let mut at = at.min(text.len());
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    let bytes = text.as_bytes();
    // The length of the break that starts at byte `i`, or 0. A comma inside
    // a number ("1,000") separates nothing; a hyphen between spaces is a
    // dash. Read byte by byte: an ASCII byte is always a character of its
    // own, and the dashes are the three bytes E2 80 93/94 starting at their
    // lead byte (no byte of another character).
    let break_at = |i: usize| match bytes[i] {
        b',' => usize::from(
            !(i > 0 && bytes[i - 1].is_ascii_digit() && bytes.get(i + 1).is_some_and(u8::is_ascii_digit)),
        ),
        b';' | b':' | b'(' | b')' => 1,
        b'-' => usize::from(i > 0 && bytes[i - 1] == b' ' && bytes.get(i + 1) == Some(&b' ')),
        0xe2 if bytes.get(i + 1) == Some(&0x80) && matches!(bytes.get(i + 2), Some(0x93 | 0x94)) => 3,
        _ => 0,
    };
    // Every break opens with one of seven bytes: the others are passed
    // over by a table look-up alone.
    const OPENS: [bool; 256] = {
        let mut opens = [false; 256];
        let mut k = 0;
        let bytes = b",;:()-\xe2";
        while k < bytes.len() {
            opens[bytes[k] as usize] = true;
            k += 1;
        }
        opens
    };
    let mut start = 0;
    for i in (0..at).rev() {
        if OPENS[usize::from(bytes[i])] {
            let len = break_at(i);
            if len > 0 {
                start = i + len;
                break;
            }
        }
    }
    let end =
        (at..bytes.len()).find(|&i| OPENS[usize::from(bytes[i])] && break_at(i) > 0).unwrap_or(text.len());
    (start, end)
}

/// [`clause_at`] as it read the text a character at a time (the tests
/// check the byte reading against it).
#[cfg(test)]
fn clause_at_by_chars(text: &str, at: usize) -> &str {
    let mut at = at.min(text.len());
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    let bytes = text.as_bytes();
    let is_break = |i: usize, c: char| match c {
        ',' => !(i > 0 && bytes[i - 1].is_ascii_digit() && bytes.get(i + 1).is_some_and(u8::is_ascii_digit)),
        ';' | ':' | '—' | '–' | '(' | ')' => true,
        '-' => i > 0 && bytes[i - 1] == b' ' && bytes.get(i + 1) == Some(&b' '),
        _ => false,
    };
    let start =
        text[..at].char_indices().rev().find(|&(i, c)| is_break(i, c)).map_or(0, |(i, c)| i + c.len_utf8());
    let end =
        text[at..].char_indices().find(|&(i, c)| is_break(at + i, c)).map_or(text.len(), |(i, _)| at + i);
    &text[start..end]
}

/// Whether [`find_all`] may find a weekday in `sentence`: every weekday
/// name ends in "day", and `(?i)` folds no other character onto `d`, `a`
/// or `y`.
pub fn may_name_a_weekday(sentence: &str) -> bool {
    // (each "d" found by memchr, not every window of three bytes compared)
    let bytes = sentence.as_bytes();
    memchr::memchr2_iter(b'd', b'D', bytes)
        .any(|at| bytes.get(at + 1..at + 3).is_some_and(|ay| ay.eq_ignore_ascii_case(b"ay")))
}

/// What a match of [`DATE`] is, by the groups it matched (their text).
#[derive(Debug, Clone, Copy, PartialEq)]
enum DateGroups<'t> {
    /// `wd`, and whether `wdsep` (a comma after it) matched.
    Weekday { wd: &'t str, sep: bool },
    /// `m`, then `d` and perhaps `y` ("June 9", "June 9th, 2025"), or
    /// `my` ("May 2025").
    Month { month: &'t str, day: Option<&'t str>, year: Option<&'t str>, month_year: Option<&'t str> },
    /// `bm`: a month alone.
    BareMonth { month: &'t str },
    /// `dd`, `dm` and perhaps `dy`: "3 April 2023".
    DayMonth { day: &'t str, month: &'t str, year: Option<&'t str> },
    /// `today`.
    Today,
    /// `next`: "the following day".
    FollowingDay,
}

/// The groups of a match of [`DATE`], as its captures give them.
fn groups_captured<'t>(c: &regex::Captures<'t>) -> DateGroups<'t> {
    let g = &*DATE_GROUP_NUMBERS;
    let text = |i: usize| c.get(i).map(|m| m.as_str());
    if let Some(wd) = text(g.wd) {
        DateGroups::Weekday { wd, sep: c.get(g.wdsep).is_some() }
    } else if let Some(month) = text(g.m) {
        DateGroups::Month { month, day: text(g.d), year: text(g.y), month_year: text(g.my) }
    } else if let Some(month) = text(g.bm) {
        DateGroups::BareMonth { month }
    } else if let (Some(day), Some(month)) = (text(g.dd), text(g.dm)) {
        DateGroups::DayMonth { day, month, year: text(g.dy) }
    } else if c.get(g.today).is_some() {
        DateGroups::Today
    } else {
        DateGroups::FollowingDay
    }
}

/// The groups of `t`, a whole match of [`DATE`] that is ASCII, read from
/// its text: which alternative matched shows in how it opens (a weekday,
/// with "last", "next" or "this" before it; a month; a day's digits; a
/// word of today; "the following day"), none of them opening as another
/// does, and then where each group lies (a day is one or two digits, a
/// year four, at the match's end). In ASCII, `(?i)` is ASCII's case
/// folding and `\s` and `\d` ASCII's classes. `None` for a text no
/// alternative reads so (never a match): its captures decide.
fn groups_read(t: &str) -> Option<DateGroups<'_>> {
    let words = &*WORDS;
    let bytes = t.as_bytes();
    let opens = |at: usize, word: &str| {
        bytes.len() >= at + word.len() && bytes[at..at + word.len()].eq_ignore_ascii_case(word.as_bytes())
    };
    let month_at = |at: usize| words.months.iter().find(|m| opens(at, m)).map(|m| m.len());
    let digits_at =
        |at: usize| bytes[at.min(bytes.len())..].iter().take_while(|b| b.is_ascii_digit()).count();
    let spaces_at = |at: usize| {
        let is_space = |b: &&u8| matches!(**b, b'\t' | b'\n' | 0x0b | 0x0c | b'\r' | b' ');
        bytes[at.min(bytes.len())..].iter().take_while(is_space).count()
    };
    // a year at the end, past `after`
    let year_after = |after: usize| {
        let from = bytes.len().checked_sub(4).filter(|&from| from > after)?;
        bytes[from..].iter().all(u8::is_ascii_digit).then(|| &t[from..])
    };
    let prefix = words
        .weekday_prefixes()
        .find(|p| opens(0, p) && bytes.get(p.len()) == Some(&b' '))
        .map_or(0, |p| p.len() + 1);
    if let Some(w) = words.weekdays.iter().find(|w| opens(prefix, w)) {
        let end = prefix + w.len();
        return Some(DateGroups::Weekday { wd: &t[..end], sep: end < t.len() });
    }
    if let Some(len) = month_at(0) {
        let month = &t[..len];
        if len == t.len() {
            return Some(DateGroups::BareMonth { month });
        }
        let at = len + spaces_at(len);
        return match digits_at(at) {
            _ if at == len => None,
            n @ 1..=2 => Some(DateGroups::Month {
                month,
                day: Some(&t[at..at + n]),
                year: year_after(at + n),
                month_year: None,
            }),
            4 if at + 4 == t.len() => {
                Some(DateGroups::Month { month, day: None, year: None, month_year: Some(&t[at..]) })
            }
            _ => None,
        };
    }
    let n = digits_at(0);
    if (1..=2).contains(&n) {
        let at = n + spaces_at(n);
        let len = month_at(at).filter(|_| at > n)?;
        return Some(DateGroups::DayMonth {
            day: &t[..n],
            month: &t[at..at + len],
            year: year_after(at + len),
        });
    }
    let is = |forms: &[String]| forms.iter().any(|w| t.eq_ignore_ascii_case(w));
    if is(words.now) {
        Some(DateGroups::Today)
    } else if is(words.following_day) {
        Some(DateGroups::FollowingDay)
    } else {
        None
    }
}

/// Each match of [`DATE`] in `sentence` with its groups, in order: the
/// matches found by its automaton alone, and the groups of an ASCII one
/// read from its text ([`groups_read`]); only another's are resolved by
/// a search for its captures (from its start, where it is the match
/// found), which costs several times the search that found it.
fn date_matches(sentence: &str) -> impl Iterator<Item = (regex::Match<'_>, DateGroups<'_>)> {
    DATE.find_iter(sentence).filter_map(move |m| {
        let read = m.as_str().is_ascii().then(|| groups_read(m.as_str())).flatten();
        let groups = read.or_else(|| DATE.captures_at(sentence, m.start()).map(|c| groups_captured(&c)))?;
        Some((m, groups))
    })
}

/// Date expressions of a sentence with their byte ranges, in order. A
/// weekday directly followed by a dated month-day ("Monday, June 9") is
/// dropped in favour of the date.
pub fn find_all(sentence: &str) -> Vec<(DateExpr, usize, usize)> {
    expressions(sentence, date_matches(sentence))
}

/// [`find_all`] with every match's groups resolved by its captures (the
/// reference [`groups_read`] is held to).
#[cfg(test)]
fn find_all_captured(sentence: &str) -> Vec<(DateExpr, usize, usize)> {
    let matches = DATE.captures_iter(sentence).map(|c| (c.get(0).expect("match"), groups_captured(&c)));
    expressions(sentence, matches.collect::<Vec<_>>().into_iter())
}

/// The date expressions of the matches of [`DATE`] in `sentence`.
fn expressions<'t>(
    sentence: &'t str,
    matches: impl Iterator<Item = (regex::Match<'t>, DateGroups<'t>)>,
) -> Vec<(DateExpr, usize, usize)> {
    let mut out: Vec<(DateExpr, usize, usize)> = Vec::new();
    let mut skip_next_weekday_end = None;
    let mut needs = NeedsBefore::new(sentence);
    for (m, groups) in matches {
        // "since February 2022", "the invasion began in February 2022": background
        if needs.by(m.start()) && BACKGROUND.is_match(&sentence[..m.start()]) {
            continue;
        }
        match groups {
            DateGroups::Weekday { wd, sep } => {
                let text = wd.to_ascii_lowercase();
                let opens = |forms: &[String]| {
                    forms
                        .iter()
                        .any(|f| text.strip_prefix(f.as_str()).is_some_and(|rest| rest.starts_with(' ')))
                };
                let (last, next) = (opens(WORDS.last), opens(WORDS.next));
                let name = text.rsplit(' ').next().unwrap_or("");
                out.push((
                    DateExpr::Weekday {
                        weekday: weekday_of(name),
                        future: is_future(clause_at(sentence, m.start())) || next,
                        last,
                    },
                    m.start(),
                    m.end(),
                ));
                if sep {
                    skip_next_weekday_end = Some(m.end());
                }
            }
            DateGroups::Month { month: mo, day, year, month_year } => {
                let month = month_of(mo);
                if Some(m.start()) == skip_next_weekday_end {
                    out.pop();
                }
                if let Some(d) = day {
                    let year = year.and_then(|y| y.parse().ok());
                    let Some(expr) = day_expr(year, month, d) else { continue };
                    out.push((expr, m.start(), m.end()));
                } else if let Some(y) = month_year {
                    let year = y.parse().unwrap_or(2000);
                    out.push((DateExpr::Month { year, month }, m.start(), m.end()));
                }
            }
            DateGroups::BareMonth { month: mo } => {
                // a month alone is a date only after "in" or "during" ("may" is also a verb)
                if BARE_MONTH_BEFORE.is_match(&sentence[..m.start()]) {
                    let month = month_of(mo);
                    out.push((DateExpr::MonthNoYear { month }, m.start(), m.end()));
                }
            }
            DateGroups::DayMonth { day, month: mo, year } => {
                // day first: "3 April 2023"
                let month = month_of(mo);
                let year = year.and_then(|y| y.parse().ok());
                let Some(expr) = day_expr(year, month, day) else { continue };
                out.push((expr, m.start(), m.end()));
            }
            DateGroups::Today => out.push((DateExpr::Today, m.start(), m.end())),
            DateGroups::FollowingDay => out.push((DateExpr::FollowingDay, m.start(), m.end())),
        }
    }
    out
}

/// Resolves an expression against the publication window `anchor` (and
/// `year`, the year to give a month-day when the anchor is unknown) and the
/// previous resolved day for "the following day". `None` when it cannot be
/// bounded.
pub fn resolve(
    expr: &DateExpr,
    anchor: Option<DateWindow>,
    year: Option<i32>,
    previous: Option<NaiveDate>,
) -> Option<DateWindow> {
    match expr {
        DateExpr::Day(d) => Some(DateWindow::day(*d)),
        DateExpr::MonthDay { month, day } => {
            let y = anchor.map(|a| a.end.year()).or(year)?;
            let d = NaiveDate::from_ymd_opt(y, *month, *day)?;
            // "December 30" in a January article is last year.
            let d = match anchor {
                Some(a) if d > a.end + Duration::days(31) => NaiveDate::from_ymd_opt(y - 1, *month, *day)?,
                _ => d,
            };
            Some(DateWindow::day(d))
        }
        DateExpr::Month { year, month } => {
            tally_parser::dates::month_window(*year, *month).map(|(first, last)| DateWindow::new(first, last))
        }
        DateExpr::MonthNoYear { month } => {
            // the latest such month up to the report's; a report of unknown
            // or wide date cannot tell which year
            let a = anchor.filter(|a| a.days() <= 62)?;
            let year = if *month <= a.end.month() { a.end.year() } else { a.end.year() - 1 };
            let (first, last) = tally_parser::dates::month_window(year, *month)?;
            Some(DateWindow::new(first, last.min(a.end).max(first)))
        }
        DateExpr::Today => {
            let a = anchor?;
            // a publication window of a day or two: the report's own day
            Some(if a.days() <= 2 { DateWindow::day(a.start) } else { a })
        }
        DateExpr::Yesterday => {
            let a = anchor?;
            (a.days() <= 2).then(|| DateWindow::day(a.start - Duration::days(1)))
        }
        DateExpr::Tomorrow => {
            let a = anchor?;
            (a.days() <= 2).then(|| DateWindow::day(a.start + Duration::days(1)))
        }
        DateExpr::FollowingDay => previous.map(|p| DateWindow::day(p + Duration::days(1))),
        DateExpr::Weekday { weekday, future, last } => {
            let a = anchor?;
            if a.days() > 62 {
                return None;
            }
            let (lo, hi) = if *future {
                // the next such day after the earliest publication day
                (a.start + Duration::days(1), a.start + Duration::days(7))
            } else if *last {
                (a.start - Duration::days(7), a.end - Duration::days(1))
            } else {
                (a.start - Duration::days(6), a.end)
            };
            let days: Vec<NaiveDate> =
                lo.iter_days().take_while(|d| *d <= hi).filter(|d| d.weekday() == *weekday).collect();
            match days.as_slice() {
                [] => None,
                [one] => Some(DateWindow::day(*one)),
                // Too wide to pick the day: the publication window bounds it.
                _ => Some(a),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    /// The expressions as chrono wrote them before the names came from
    /// tables: the same words for every month, weekday and year written.
    #[test]
    fn expressions_are_written_as_chrono_writes_dates() {
        let chrono_words = |e: &DateExpr| match e {
            DateExpr::Day(d) => format!("'{}'", d.format("%B %-d, %Y")),
            DateExpr::MonthDay { month, day } => {
                let name = NaiveDate::from_ymd_opt(2000, *month, 1).map(|d| d.format("%B").to_string());
                format!("'{} {day}'", name.unwrap_or_default())
            }
            DateExpr::Month { year, month } => {
                let name = NaiveDate::from_ymd_opt(*year, *month, 1).map(|d| d.format("%B %Y").to_string());
                format!("'{}'", name.unwrap_or_default())
            }
            DateExpr::MonthNoYear { month } => {
                let name = NaiveDate::from_ymd_opt(2000, *month, 1).map(|d| d.format("%B").to_string());
                format!("'in {}'", name.unwrap_or_default())
            }
            other => other.to_string(), // weekdays: checked below
        };
        let mut exprs = Vec::new();
        for year in [-5, 0, 7, 99, 1900, 2025, 9999, 10000, 262143] {
            for month in 0..=13 {
                exprs.push(DateExpr::Month { year, month });
                exprs.push(DateExpr::MonthDay { month, day: 9 });
                exprs.push(DateExpr::MonthNoYear { month });
                if let Some(d) = NaiveDate::from_ymd_opt(year, month, 28) {
                    exprs.push(DateExpr::Day(d));
                }
            }
        }
        for e in &exprs {
            assert_eq!(e.to_string(), chrono_words(e), "{e:?}");
        }
        for (i, weekday) in
            [Weekday::Mon, Weekday::Tue, Weekday::Wed, Weekday::Thu, Weekday::Fri, Weekday::Sat, Weekday::Sun]
                .into_iter()
                .enumerate()
        {
            let chrono_name =
                NaiveDate::from_isoywd_opt(2025, 2, weekday).map(|d| d.format("%A").to_string());
            assert_eq!(Some(WEEKDAY_NAMES[i].to_string()), chrono_name);
            let e = DateExpr::Weekday { weekday, future: true, last: false };
            assert_eq!(e.to_string(), format!("'on {}' (the next one)", WEEKDAY_NAMES[i]));
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::test_runner::Config::with_cases(4096))]
        /// Clauses found byte by byte are those found a character at a
        /// time, for every offset (breaks, digits around commas, spaced
        /// hyphens, dashes and other three-byte characters sharing their
        /// lead byte).
        #[test]
        fn clauses_read_by_bytes_are_those_read_by_chars(
            text in "([,;:()\\- 0-9a-z]|—|–|‒|―|€|‘|\\PC){0,40}",
            at in 0usize..200,
        ) {
            proptest::prop_assert_eq!(clause_at(&text, at), clause_at_by_chars(&text, at));
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::test_runner::Config::with_cases(4096))]
        /// As above, from pieces that make breaks and near misses often:
        /// spaced and unspaced hyphens, commas in and out of numbers, the
        /// dashes and other characters opening with their lead byte.
        #[test]
        fn clauses_read_by_bytes_are_those_read_by_chars_in_pieces(
            pieces in proptest::collection::vec(proptest::sample::select(vec![
                " - ", "-", " -", "- ", ",", "1,2", "1,", ",2", ";", ":", "(", ")", "—", "–", "’", "“", "€", "a", " ", "7",
            ]), 0..16),
            at in 0usize..80,
        ) {
            let text: String = pieces.concat();
            proptest::prop_assert_eq!(clause_at(&text, at), clause_at_by_chars(&text, at));
        }
    }

    use super::*;

    proptest::proptest! {
        /// A month's or weekday's value looked up without folding is the
        /// lexicon's, for names of any case, script and apostrophe.
        #[test]
        fn values_looked_up_by_lower_case_are_the_lexicons(
            name in "(Jan|JAN|jan\\.|January|june|Sept\\.|sept|May|MAY|mAy|Mon|monday|FRIDAY|Tues|Thurs|`|’|é|ё|[a-zA-Z]{0,3}| |\\.)*"
        ) {
            for (values, category) in [(&*MONTH_VALUES, "month"), (&*WEEKDAY_VALUES, "weekday")] {
                proptest::prop_assert_eq!(
                    english_value(values, category, &name),
                    WORDS.en.value_of(category, &name),
                    "{} {:?}", category, name
                );
            }
        }
    }

    fn d(m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2025, m, day).unwrap()
    }

    fn first(s: &str, anchor: Option<DateWindow>) -> Option<DateWindow> {
        let all = find_all(s);
        resolve(&all.first()?.0, anchor, Some(2025), None)
    }

    proptest::proptest! {
        /// Each weekday looks forward exactly when its clause does or it says "next".
        #[test]
        fn a_weekday_looks_forward_when_its_sentence_does(
            parts in proptest::collection::vec(
                proptest::sample::select(&[
                    "Monday", "next Friday", "last Sunday", "this Wednesday", "SATURDAY", "tueſday", "will",
                    "would", "shall", "scheduled", "plans", "expected", "due to", "is to", "going to", "June 9",
                    "today", "the next day", "said", "on", "x", "1",
                ][..]),
                0..8,
            ),
            glue in "[ ,.]{1,2}",
        ) {
            let text = parts.join(&glue);
            for (expr, start, _) in find_all(&text) {
                let future = is_future(clause_at(&text, start));
                if let DateExpr::Weekday { future: f, .. } = expr {
                    let next = text[start..].to_ascii_lowercase().starts_with("next ");
                    proptest::prop_assert_eq!(f, future || next, "{:?}", text);
                }
            }
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::test_runner::Config::with_cases(8192))]
        /// The groups of a match read from its text are those its captures
        /// give: every date expression comes out the same.
        #[test]
        fn date_groups_read_from_the_match_are_those_captured(
            parts in proptest::collection::vec(proptest::sample::select(vec![
                "Monday", "tuesday", "WEDNESDAY", "tueſday", "Sunday", "last ", "Next ", "this ", "last", "June",
                "june", "MAY", "May", "ſeptember", "December", "march", "Jun", "9", "12", "31", "123", "2024", "1999",
                "2100", "20245", "3rd", "th", "st", "ND", "٣", "١٢", ",", ", ", " ", "  ", "\t", "\u{a0}", "\u{2003}",
                "today", "Tonight", "currently", "under way", "underway", "is taking place", "are taking place",
                "the following day", "the next day", "The Next Day", "in", "during", "early", "since", "x", "K",
                "\u{212a}", "é", "-", ".",
            ]), 0..12),
        ) {
            let text: String = parts.concat();
            proptest::prop_assert_eq!(find_all(&text), find_all_captured(&text), "{:?}", text);
        }
    }

    #[test]
    fn date_groups_are_read_for_each_alternative() {
        let read = groups_read;
        assert_eq!(read("Last Monday, "), Some(DateGroups::Weekday { wd: "Last Monday", sep: true }));
        assert_eq!(
            read("June 9th, 2025"),
            Some(DateGroups::Month { month: "June", day: Some("9"), year: Some("2025"), month_year: None })
        );
        assert_eq!(
            read("MAY 2025"),
            Some(DateGroups::Month { month: "MAY", day: None, year: None, month_year: Some("2025") })
        );
        assert_eq!(read("march"), Some(DateGroups::BareMonth { month: "march" }));
        assert_eq!(
            read("3  April 2023"),
            Some(DateGroups::DayMonth { day: "3", month: "April", year: Some("2023") })
        );
        assert_eq!(read("Under way"), Some(DateGroups::Today));
        assert_eq!(read("the next day"), Some(DateGroups::FollowingDay));
        assert_eq!(read("nothing"), None);
    }

    #[test]
    fn explicit_month_and_weekday_dates() {
        let pub_day = Some(DateWindow::day(d(6, 11)));
        assert_eq!(first("It happened on June 11, 2025.", None), Some(DateWindow::day(d(6, 11))));
        assert_eq!(first("On Monday, June 9, troops came home.", pub_day), Some(DateWindow::day(d(6, 9))));
        assert_eq!(first("They said Wednesday that it was done.", pub_day), Some(DateWindow::day(d(6, 11))));
        assert_eq!(first("The swap on Monday went ahead.", pub_day), Some(DateWindow::day(d(6, 9))));
        assert_eq!(
            first("An exchange will take place on Thursday.", pub_day),
            Some(DateWindow::day(d(6, 12)))
        );
        assert_eq!(first("Last Saturday, he announced it.", pub_day), Some(DateWindow::day(d(6, 7))));
        assert_eq!(first("in May 2025 a swap happened", None), Some(DateWindow::new(d(5, 1), d(5, 31))));
        assert_eq!(first("They returned on Thursday.", None), None);
    }

    #[test]
    fn the_words_background_needs_fold_as_ascii_only() {
        // `(?i)` folds no character outside ASCII onto these letters, so an
        // ASCII search for them finds every place the regex can match
        let letters: String = BACKGROUND_NEEDS.concat();
        assert!(BACKGROUND_NEEDS.iter().all(|w| !w.is_empty()));
        assert!(!letters.contains(['s', 'k']));
        let any = Regex::new(&format!("(?i)^[{letters}]$")).unwrap();
        for c in (0..=0x10FFFF).filter_map(char::from_u32) {
            assert!(c.is_ascii() || !any.is_match(c.encode_utf8(&mut [0; 4])), "{c:?}");
        }
        for text in ["Since ", "x BEGAN in ", "the Invasion of Ukraine in ", "ſince then ", "invaded on "] {
            assert_eq!(
                BACKGROUND.is_match(text),
                BACKGROUND.is_match(text) && text.len() >= background_possible_from(text),
                "{text}"
            );
        }
    }

    /// How a claim's date was resolved, as `format!` wrote it.
    fn resolution_reason_formatted(expr: &DateExpr, published: Option<DateWindow>) -> String {
        let when = match published {
            Some(w) if w.is_day() => w.start.to_string(),
            Some(w) => format!("{}..{}", w.start, w.end),
            None => "on an unknown date".to_string(),
        };
        match expr {
            DateExpr::FollowingDay => format!("{expr}: the day after the previous dated statement"),
            _ => format!("{expr} in an article published {when}"),
        }
    }

    fn any_day() -> impl proptest::strategy::Strategy<Value = NaiveDate> {
        use proptest::strategy::Strategy;
        proptest::prop_oneof![
            (-400_000i32..400_000).prop_map(|n| NaiveDate::from_num_days_from_ce_opt(n).unwrap_or_default()),
            (0i32..10_000, 1u32..=12, 1u32..=31).prop_map(|(y, m, d)| NaiveDate::from_ymd_opt(
                y,
                m,
                d.min(28)
            )
            .unwrap_or_default()),
        ]
    }

    fn any_expr() -> impl proptest::strategy::Strategy<Value = DateExpr> {
        use proptest::strategy::Strategy;
        let weekday = (0u8..7).prop_map(|n| Weekday::try_from(n).unwrap_or(Weekday::Mon));
        proptest::prop_oneof![
            any_day().prop_map(DateExpr::Day),
            (0u32..14, 0u32..40).prop_map(|(month, day)| DateExpr::MonthDay { month, day }),
            (-20_000i32..20_000, 0u32..14).prop_map(|(year, month)| DateExpr::Month { year, month }),
            (0u32..14).prop_map(|month| DateExpr::MonthNoYear { month }),
            (weekday, proptest::bool::ANY, proptest::bool::ANY)
                .prop_map(|(weekday, future, last)| DateExpr::Weekday { weekday, future, last }),
            proptest::strategy::Just(DateExpr::Today),
            proptest::strategy::Just(DateExpr::Yesterday),
            proptest::strategy::Just(DateExpr::Tomorrow),
            proptest::strategy::Just(DateExpr::FollowingDay),
        ]
    }

    proptest::proptest! {
        #![proptest_config(proptest::test_runner::Config::with_cases(8192))]
        /// The reason written piece by piece is the one `format!` writes,
        /// for every kind of expression and any publication window.
        #[test]
        fn reasons_are_written_as_format_writes_them(
            expr in any_expr(),
            window in proptest::option::of((any_day(), 0i64..90)),
        ) {
            let published = window.map(|(start, days)| {
                DateWindow::new(start, start.checked_add_signed(Duration::days(days)).unwrap_or(start))
            });
            proptest::prop_assert_eq!(resolution_reason(&expr, published), resolution_reason_formatted(&expr, published));
        }
    }

    proptest::proptest! {
        /// One search for the words finds where the first of them ends, as
        /// a search for each word in the lower-cased sentence does.
        #[test]
        fn one_search_finds_where_the_first_needed_word_ends(
            parts in proptest::collection::vec(
                proptest::sample::select(&[
                    "since", "SINCE", "Ince", "began", "begun", "egan", "started", "STARTED", "launched",
                    "invasion", "Inva", "ſince", "K", "x", " ", "É", "in ", "e", "n",
                ][..]),
                0..12,
            ),
        ) {
            let text = parts.concat();
            let lower = text.to_ascii_lowercase();
            let expected = BACKGROUND_NEEDS
                .iter()
                .filter_map(|w| lower.find(w).map(|at| at + w.len()))
                .min()
                .unwrap_or(usize::MAX);
            proptest::prop_assert_eq!(background_possible_from(&text), expected, "{:?}", text);
        }

        /// Asked at rising places (each date's start), the search of the
        /// part before each says what the first word's end in the whole
        /// sentence says.
        #[test]
        fn words_needed_by_a_place_are_those_a_whole_search_finds(
            parts in proptest::collection::vec(
                proptest::sample::select(&[
                    "since", "SINCE", "Ince", "began", "begun", "egan", "started", "STARTED", "launched",
                    "aunched", "invasion", "Inva", "ſince", "K", "x", " ", "É", "in ", "e", "n",
                ][..]),
                0..12,
            ),
            places in proptest::collection::vec(0usize..80, 0..6),
        ) {
            let text = parts.concat();
            let first_end = background_possible_from(&text);
            let mut places: Vec<usize> =
                places.into_iter().filter(|&p| p <= text.len() && text.is_char_boundary(p)).collect();
            places.sort_unstable();
            let mut needs = NeedsBefore::new(&text);
            for at in places {
                proptest::prop_assert_eq!(needs.by(at), first_end <= at, "{:?} at {}", text, at);
            }
        }
    }

    #[test]
    fn a_weekday_needs_day_in_ascii() {
        // `(?i)` folds no character outside ASCII onto "d", "a" or "y"
        let any = Regex::new("(?i)^[day]$").unwrap();
        for c in (0..=0x10FFFF).filter_map(char::from_u32) {
            assert!(c.is_ascii() || !any.is_match(c.encode_utf8(&mut [0; 4])), "{c:?}");
        }
        for text in ["on MONDAY", "tueſday", "last Sunday in Kyiv", "this wednesday", "on Thursday."] {
            let weekday = find_all(text).iter().any(|(e, _, _)| matches!(e, DateExpr::Weekday { .. }));
            assert!(weekday && may_name_a_weekday(text), "{text}");
        }
        assert!(!may_name_a_weekday("on June 9, 2025 in Kyiv"));
        assert!(!may_name_a_weekday("a d, an a-y, d-a-y: none here"));
        assert!(may_name_a_weekday("the DAY"));
    }

    proptest::proptest! {
        #![proptest_config(proptest::test_runner::Config::with_cases(4096))]
        #[test]
        fn the_weekday_search_is_a_look_at_every_three_bytes(text in "[dDaAyY é—д]{0,40}") {
            let by_windows = text.as_bytes().windows(3).any(|w| w.eq_ignore_ascii_case(b"day"));
            proptest::prop_assert_eq!(may_name_a_weekday(&text), by_windows, "{:?}", text);
        }
    }

    #[test]
    fn a_background_date_is_no_date_of_the_sentence() {
        for background in [
            "Kyiv says 900 captives have come home since the start of the full-scale invasion in February 2022.",
            "Some 900 were freed since the war on its neighbour began in 2022.",
            "It is the biggest swap since Russia's invasion of Ukraine in February 2022.",
            "The invasion in 2022 changed that.",
        ] {
            assert_eq!(find_all(background), vec![], "{background}");
        }
        // the same dates stand when nothing makes them background
        let pub_day = Some(DateWindow::day(d(6, 12)));
        for (event, day) in [
            ("Since the talks, 90 soldiers came home on Friday, June 6, 2025.", d(6, 6)),
            ("Ever since, they wait; on June 6, 2025 90 came home.", d(6, 6)),
            ("The invasion began long ago; 90 came home on June 6, 2025.", d(6, 6)),
            ("A war in its fourth year: 90 came home on June 6, 2025.", d(6, 6)),
        ] {
            let all = find_all(event);
            let window = all.last().and_then(|(e, _, _)| resolve(e, pub_day, Some(2025), None));
            assert_eq!(window, Some(DateWindow::day(day)), "{event}");
        }
    }
}
