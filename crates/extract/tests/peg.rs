//! The day an article reports: counts given after a dated lead take its day,
//! and only when the article dates one exchange, recently, in so many words.

use tally_extract::{extract, testing::article};
use tally_model::{Claim, ClaimKind};

const SATURDAY: Option<(&str, &str)> = Some(("2025-06-14", "2025-06-14"));

/// (from, to, count, day) of every transfer with a count.
fn counted(
    paragraphs: &[&str],
    published: Option<(&str, &str)>,
) -> Vec<(String, String, u64, Option<String>)> {
    let facts = extract(&article("a-peg", paragraphs, published));
    facts
        .claims
        .iter()
        .filter(|c: &&Claim| c.kind == ClaimKind::Transfer)
        .filter_map(|c| {
            Some((
                c.from.clone()?,
                c.to.clone()?,
                c.quantity.as_ref()?.value,
                c.date.as_ref().map(|d| format!("{}..{}", d.start, d.end)),
            ))
        })
        .collect()
}

fn day_of(rows: &[(String, String, u64, Option<String>)], count: u64) -> Option<String> {
    let row =
        rows.iter().find(|r| r.2 == count).unwrap_or_else(|| panic!("no transfer of {count}: {rows:?}"));
    row.3.clone()
}

const LEAD: &str = "Russia and Ukraine swapped more than 150 prisoners of war on Saturday, both sides said.";
const COUNTS: &str = "Kyiv said 84 Ukrainian servicemen had been returned home.";

#[test]
fn counts_after_a_dated_lead_take_its_day() {
    let rows = counted(&[LEAD, "The talks were long.", "Nobody spoke of terms.", COUNTS], SATURDAY);
    assert_eq!(day_of(&rows, 84).as_deref(), Some("2025-06-14..2025-06-14"), "{rows:?}");
    // the same when the dated sentence comes after the count
    let rows = counted(&[COUNTS, "The talks were long.", "Nobody spoke of terms.", LEAD], SATURDAY);
    assert_eq!(day_of(&rows, 84).as_deref(), Some("2025-06-14..2025-06-14"), "{rows:?}");
}

#[test]
fn nothing_is_inherited_when_the_article_dates_two_exchanges() {
    let rows = counted(
        &[
            LEAD,
            "Russia handed over 40 Ukrainian soldiers on Tuesday in an earlier exchange.",
            "The talks were long.",
            "Nobody spoke of terms.",
            COUNTS,
        ],
        SATURDAY,
    );
    assert_eq!(day_of(&rows, 84), None, "{rows:?}");
}

#[test]
fn an_old_day_or_an_unknown_publication_is_no_peg() {
    let old = "Russia and Ukraine swapped more than 150 prisoners of war on May 2, 2025, both sides said.";
    let rows = counted(&[old, "The talks were long.", "Nobody spoke of terms.", COUNTS], SATURDAY);
    assert_eq!(day_of(&rows, 84), None, "a day six weeks before publication is background: {rows:?}");
    let rows = counted(&[LEAD, "The talks were long.", "Nobody spoke of terms.", COUNTS], None);
    assert_eq!(day_of(&rows, 84), None, "no publication date: {rows:?}");
}

#[test]
fn a_background_count_keeps_no_day() {
    let earlier = "Earlier, Kyiv said 60 Ukrainian servicemen had been returned home.";
    let rows = counted(&[LEAD, "The talks were long.", "Nobody spoke of terms.", earlier], SATURDAY);
    assert_eq!(day_of(&rows, 60), None, "{rows:?}");
}

#[test]
fn a_count_in_russian_takes_the_day_its_article_gives() {
    let rows = counted(
        &[
            "Омбудсмен сообщил, что сегодня, 14 июня, состоялся обмен пленными.",
            "Переговоры шли долго.",
            "Условия не назывались.",
            "Из российского плена вернулись 84 украинских военнослужащих.",
        ],
        SATURDAY,
    );
    assert_eq!(day_of(&rows, 84).as_deref(), Some("2025-06-14..2025-06-14"), "{rows:?}");
}

#[test]
fn two_counts_the_same_way_keep_no_day() {
    let rows = counted(
        &[
            LEAD,
            "The talks were long.",
            "Nobody spoke of terms.",
            COUNTS,
            "Kyiv said 92 Ukrainian soldiers had been returned home.",
        ],
        SATURDAY,
    );
    assert_eq!((day_of(&rows, 84), day_of(&rows, 92)), (None, None), "{rows:?}");
}

#[test]
fn a_count_with_a_month_of_its_own_keeps_that_month() {
    let rows = counted(
        &[
            LEAD,
            "The talks were long.",
            "Nobody spoke of terms.",
            "In April, Kyiv said 60 Ukrainian soldiers had been returned home.",
        ],
        SATURDAY,
    );
    assert_eq!(day_of(&rows, 60).as_deref(), Some("2025-04-01..2025-04-30"), "{rows:?}");
    // a month later in the year than the report is last year's
    let rows = counted(
        &[
            LEAD,
            "The talks were long.",
            "Nobody spoke of terms.",
            "In September, Kyiv said 60 Ukrainian soldiers had been returned home.",
        ],
        SATURDAY,
    );
    assert_eq!(day_of(&rows, 60).as_deref(), Some("2024-09-01..2024-09-30"), "{rows:?}");
}

#[test]
fn news_with_no_day_took_place_on_its_publication_day_or_the_day_before() {
    let news = "Russia handed over 84 Ukrainian prisoners of war, Kyiv said.";
    let rows = counted(&[news], SATURDAY);
    assert_eq!(day_of(&rows, 84).as_deref(), Some("2025-06-13..2025-06-14"), "{rows:?}");
    let rows = counted(&["Россия передала Украине 84 военнопленных."], SATURDAY);
    assert_eq!(day_of(&rows, 84).as_deref(), Some("2025-06-13..2025-06-14"), "{rows:?}");
    // not without a publication day, nor for what the sentence puts in the past
    assert_eq!(day_of(&counted(&[news], None), 84), None);
    for background in [
        "Earlier, Russia handed over 60 Ukrainian prisoners of war, Kyiv said.",
        "Ранее Россия передала Украине 60 военнопленных.",
        "Попередній обмін: тоді Росія передала Україні 60 військовополонених.",
    ] {
        assert_eq!(day_of(&counted(&[background], SATURDAY), 60), None, "{background}");
    }
}

#[test]
fn a_month_alone_dates_a_russian_or_ukrainian_count() {
    for (text, window) in [
        ("В августе Россия передала Украине 60 военнопленных.", "2024-08-01..2024-08-31"),
        ("У травні Росія передала Україні 60 військовополонених.", "2025-05-01..2025-05-31"),
        ("В августе 2023 года Россия передала Украине 60 военнопленных.", "2023-08-01..2023-08-31"),
    ] {
        assert_eq!(day_of(&counted(&[text], SATURDAY), 60).as_deref(), Some(window), "{text}");
    }
}

#[test]
fn only_the_largest_count_each_way_takes_the_publication_day() {
    let rows = counted(
        &[
            "Russia handed over 84 Ukrainian prisoners of war, Kyiv said.",
            "The talks were long.",
            "Nobody spoke of terms.",
            "Russia also handed over 3 Ukrainian prisoners of war who are civilians.",
        ],
        SATURDAY,
    );
    assert_eq!(day_of(&rows, 84).as_deref(), Some("2025-06-13..2025-06-14"), "{rows:?}");
    assert_eq!(day_of(&rows, 3), None, "{rows:?}");
}

#[test]
fn news_before_an_older_dated_exchange_takes_the_publication_day() {
    let older = "On May 2, 2025, Russia handed over 40 Ukrainian prisoners of war, Kyiv said.";
    let news = "Russia handed over 84 Ukrainian prisoners of war, Kyiv said.";
    let rows = counted(&[news, "The talks were long.", "Nobody spoke of terms.", older], SATURDAY);
    assert_eq!(day_of(&rows, 84).as_deref(), Some("2025-06-13..2025-06-14"), "{rows:?}");
    assert_eq!(day_of(&rows, 40).as_deref(), Some("2025-05-02..2025-05-02"), "{rows:?}");
    // after it, a count may be of the older exchange
    let rows = counted(&[older, "The talks were long.", "Nobody spoke of terms.", news], SATURDAY);
    assert_eq!(day_of(&rows, 84), None, "{rows:?}");
}

/// (from, to, day) of every transfer told without a count.
fn uncounted(paragraphs: &[&str], published: Option<(&str, &str)>) -> Vec<(String, String, Option<String>)> {
    let facts = extract(&article("a-peg", paragraphs, published));
    facts
        .claims
        .iter()
        .filter(|c| c.kind == ClaimKind::Transfer && c.quantity.is_none())
        .filter_map(|c| {
            Some((c.from.clone()?, c.to.clone()?, c.date.as_ref().map(|d| format!("{}..{}", d.start, d.end))))
        })
        .collect()
}

#[test]
fn news_told_without_a_count_took_place_on_its_publication_day_or_the_day_before() {
    for news in [
        "Russia and Ukraine have carried out the first stage of a prisoner exchange, officials said.",
        "Россия и Украина провели первый этап обмена военнопленными.",
        "Україна та Росія провели перший етап обміну полоненими.",
    ] {
        let rows = uncounted(&[news], SATURDAY);
        assert!(!rows.is_empty(), "{news}");
        for row in &rows {
            assert_eq!(row.2.as_deref(), Some("2025-06-13..2025-06-14"), "{news}: {rows:?}");
        }
        // not without a publication day
        assert!(uncounted(&[news], None).iter().all(|r| r.2.is_none()), "{news}");
    }
    // not a habit, nor what comes after an older dated exchange
    for habit in [
        "Russia and Ukraine have periodically exchanged prisoners during the war.",
        "Россия и Украина периодически обмениваются военнопленными.",
        "Росія та Україна регулярно обмінюються полоненими.",
    ] {
        let rows = uncounted(&[habit], SATURDAY);
        assert!(!rows.is_empty() && rows.iter().all(|r| r.2.is_none()), "{habit}: {rows:?}");
    }
    let older = "On May 2, 2025, Russia handed over 40 Ukrainian prisoners of war, Kyiv said.";
    let after = "Russia and Ukraine have also exchanged prisoners, officials said.";
    let rows = uncounted(&[older, "The talks were long.", "Nobody spoke of terms.", after], SATURDAY);
    assert!(!rows.is_empty() && rows.iter().all(|r| r.2.is_none()), "{rows:?}");
}
