//! The publication date. Stated when front matter, the URL or a date line
//! gives it; otherwise inferred from the text with these rules, each a
//! convention of news writing:
//!
//! 1. A report comes after the events it reports: the article is dated on or
//!    after the latest day-precise date it mentions in the past tense (and
//!    the dates of the posts it embeds). Month-only mentions ("in May 2025")
//!    bound it by the month's first day.
//! 2. "Last month" about talks or an agreement whose month the article gives
//!    elsewhere puts the article in the following month.
//! 3. A weekday named in the lead for the reported event ("On Sunday, …"),
//!    with a day-precise lower bound, is the first such weekday on or after
//!    that bound; the story is published that day or the next.
//!
//! Dates the article mentions bound it from below only, so a lower bound
//! alone gives no window: a cap guessed from it (a year on) is no evidence,
//! and wrong is worse than none. A day and month written without a year take
//! a year only from a weekday that fixes it, never from the latest year the
//! text names (that may be a background date: "since February 2022").

use std::sync::LazyLock;

use chrono::{Datelike, Duration, NaiveDate};
use regex::Regex;
use tally_model::{DateBasis, DatedWindow, Evidence, Span};

use crate::dates;
use crate::quotes::BodyText;

/// A sentence of the body with its block's map.
struct Sentence<'a> {
    text: &'a str,
    start: usize,
    block: usize,
}

static FUTURE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)(?-u:\b)(will|would|scheduled|planned|plans|expected|next|upcoming|due to|set to|to be held)(?-u:\b)",
    )
    .expect("valid regex")
});
static TALKS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)(?-u:\b)(talks|negotiations|discussions|meeting|meetings|summit|agreement|agreements|deal|round)(?-u:\b)",
    )
    .expect("valid regex")
});
static LAST_MONTH: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)\blast month(?-u:\b)").expect("valid regex"));

fn sentences<'a>(blocks: &'a [BodyText<'a>]) -> Vec<Sentence<'a>> {
    let mut out = Vec::new();
    for (bi, b) in blocks.iter().enumerate() {
        let mut start = 0;
        let t = b.text;
        for (i, c) in t.char_indices() {
            if matches!(c, '.' | '!' | '?') {
                let next = t[i + 1..].chars().next();
                if next.is_none_or(|n| n.is_whitespace() || n == '[') {
                    out.push(Sentence { text: &t[start..=i], start, block: bi });
                    start = i + 1;
                }
            }
        }
        if start < t.len() {
            out.push(Sentence { text: &t[start..], start, block: bi });
        }
    }
    out
}

/// Infers the publication window from the body and embed dates.
pub fn infer(blocks: &[BodyText<'_>], embed_dates: &[(NaiveDate, Span, String)]) -> Option<DatedWindow> {
    let sents = sentences(blocks);
    // Each sentence's dates, found once for the rules below.
    let found: Vec<Vec<dates::Mention>> = sents.iter().map(|s| dates::find(s.text)).collect();
    // Candidate years: every four-digit year written with a month.
    let mut years: Vec<i32> = Vec::new();
    for m in found.iter().flatten() {
        if let Some(y) = m.year {
            years.push(y);
        }
    }
    years.extend(embed_dates.iter().map(|d| d.0.year()));
    years.sort_unstable();
    years.dedup();
    let default_year = years.last().copied();
    // Rule 1: lower bound.
    let mut lower: Option<(NaiveDate, bool, Evidence)> = None; // (date, day_precise, evidence)
    let mut consider = |d: NaiveDate, precise: bool, ev: Evidence| {
        let better = match &lower {
            None => true,
            Some((l, lp, _)) => d > *l || (d == *l && precise && !lp),
        };
        if better {
            lower = Some((d, precise, ev));
        }
    };
    for (s, found) in sents.iter().zip(&found) {
        if found.is_empty() || FUTURE.is_match(s.text) {
            continue;
        }
        let b = &blocks[s.block];
        for m in found {
            let ev = || Evidence {
                text: s.text[m.start..m.end].to_string(),
                span: b.map.span(s.start + m.start, s.start + m.end),
                article: None,
            };
            if m.day.is_some() {
                if let Some(d) = dates::resolve_year(m, &years, None) {
                    consider(d, true, ev());
                }
            } else if let Some((first, _)) = m.month_window() {
                consider(first, false, ev());
            }
        }
    }
    for (d, span, text) in embed_dates {
        consider(*d, true, Evidence { text: text.clone(), span: *span, article: None });
    }
    let (low, precise, low_ev) = lower?;
    let mut evidence = vec![low_ev];
    let mut start = low;
    // Rule 2: "last month" about talks dated elsewhere.
    if sents.iter().any(|s| LAST_MONTH.is_match(s.text) && TALKS.is_match(s.text)) {
        let mut talks_month: Option<(i32, u32, Evidence)> = None;
        for s in &sents {
            if !TALKS.is_match(s.text) || LAST_MONTH.is_match(s.text) {
                continue;
            }
            for m in dates::find(s.text) {
                let (Some(y), Some(mo)) = (m.year.or(default_year), m.month) else { continue };
                if talks_month.as_ref().is_none_or(|(ty, tm, _)| (y, mo) > (*ty, *tm)) {
                    let b = &blocks[s.block];
                    talks_month = Some((
                        y,
                        mo,
                        Evidence {
                            text: s.text.trim().to_string(),
                            span: b.map.span(s.start, s.start + s.text.len()),
                            article: None,
                        },
                    ));
                }
            }
        }
        if let Some((y, mo, ev)) = talks_month {
            let (ny, nm) = if mo == 12 { (y + 1, 1) } else { (y, mo + 1) };
            if let Some((first, last)) = dates::month_window(ny, nm) {
                if last >= start {
                    start = start.max(first);
                    let end = last;
                    evidence.push(ev);
                    let reason = format!("'last month' refers to talks dated {y}-{mo:02}, so the article is from the next month, on or after {low}");
                    return Some(DatedWindow { start, end, basis: DateBasis::Inferred, evidence, reason });
                }
            }
        }
    }
    // Rule 3: the lead's weekday.
    if precise {
        let lead: Vec<&Sentence> = sents.iter().filter(|s| s.block <= 1).take(3).collect();
        for s in lead {
            if FUTURE.is_match(s.text) {
                continue;
            }
            if let Some((ws, we, w)) = dates::bare_weekdays(s.text).into_iter().next() {
                let day = dates::next_weekday_on_or_after(low, w);
                let b = &blocks[s.block];
                evidence.push(Evidence {
                    text: s.text[ws..we].to_string(),
                    span: b.map.span(s.start + ws, s.start + we),
                    article: None,
                });
                start = day;
                let end = day + Duration::days(1);
                let reason = format!(
                    "the lead's '{}' is the first such day on or after {low}; published that day or the next",
                    &s.text[ws..we]
                );
                return Some(DatedWindow { start, end, basis: DateBasis::Inferred, evidence, reason });
            }
        }
    }
    // Only a lower bound: the article is from on or after `start`, and
    // nothing says how long after.
    let _ = (start, precise);
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use tally_model::SpanMap;

    fn infer_text(paragraphs: &[&str]) -> Option<DatedWindow> {
        let maps: Vec<SpanMap> = paragraphs.iter().map(|p| SpanMap::identity(0, p.len())).collect();
        let blocks: Vec<BodyText> =
            paragraphs.iter().zip(&maps).map(|(t, m)| BodyText { text: t, map: m }).collect();
        infer(&blocks, &[])
    }

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn lead_weekday_after_latest_date() {
        let w = infer_text(&[
            "On Friday, the port reopened.",
            "It had closed on Tuesday, March 4, 2025, after a storm.",
        ])
        .unwrap();
        assert_eq!((w.start, w.end), (d(2025, 3, 7), d(2025, 3, 8)));
        assert_eq!(w.basis, DateBasis::Inferred);
    }

    #[test]
    fn last_month_talks_give_the_month() {
        let w = infer_text(&[
            "The deal struck at talks last month held on Monday.",
            "Negotiations began in early April 2025 in Geneva.",
            "By April 20, 2025, both sides had exchanged lists.",
        ])
        .unwrap();
        assert_eq!((w.start, w.end), (d(2025, 5, 1), d(2025, 5, 31)));
    }

    #[test]
    fn a_lower_bound_alone_gives_no_window() {
        // A month-only mention bounds the article from below, and nothing
        // bounds it from above: no year-long guess.
        let w = infer_text(&[
            "On Wednesday the talks resumed.",
            "A first round took place in May 2025.",
            "The next round will be on June 30, 2025.",
        ]);
        assert!(w.is_none(), "{w:?}");
        assert!(infer_text(&["No dates at all here."]).is_none());
        // A day-precise mention without a weekday in the lead is the same.
        assert!(infer_text(&["The port reopened.", "It had closed on March 4, 2025."]).is_none());
    }

    #[test]
    fn a_background_year_does_not_date_a_day_written_without_one() {
        // "Dec 30" has no year; the war's start in 2022 is background, so
        // the Monday is not resolved against it.
        let w = infer_text(&[
            "Russia and Ukraine swapped prisoners on Monday.",
            "\"On Dec 30, 150 soldiers were returned,\" the ministry said.",
            "The war began in February 2022.",
        ]);
        assert!(w.is_none(), "{w:?}");
    }

    #[test]
    fn a_quoted_date_in_the_future_is_not_the_publication_date() {
        let w = infer_text(&[
            "Officials met on March 2, 2024.",
            "\"We will meet again on March 9, 2024,\" she said.",
        ])
        .map(|w| w.start);
        assert_ne!(w, Some(d(2024, 3, 9)));
    }
}
