//! Reconciliation on small multi-article cases written for these tests.

use tally_extract::{extract, testing::article, ArticleFacts};
use tally_model::{EventKind, Status};
use tally_reconcile::reconcile;

fn facts(id: &str, paragraphs: &[&str], published: Option<(&str, &str)>) -> ArticleFacts {
    extract(&article(id, paragraphs, published))
}

const DAY: Option<(&str, &str)> = Some(("2025-06-11", "2025-06-11")); // Wednesday

#[test]
fn one_handover_from_three_outlets_is_one_event() {
    let a = facts("a-1", &["Russia returned 500 bodies of Ukrainian soldiers to Ukraine on Wednesday."], DAY);
    let b = facts(
        "a-2",
        &["Kyiv received the remains of 500 Ukrainian troops from Moscow, officials said Wednesday."],
        DAY,
    );
    let c = facts(
        "a-3",
        &["Moscow has handed back 500 Ukrainian soldiers' bodies, a source told TASS."],
        Some(("2025-06-12", "2025-06-12")),
    );
    let rec = reconcile(vec![a, b, c]);
    let remains: Vec<_> = rec.whole_events().filter(|e| e.kind == EventKind::Remains).collect();
    assert_eq!(remains.len(), 1, "{:#?}", rec.events);
    let e = &remains[0];
    assert_eq!((e.from.as_str(), e.to.as_str(), e.count.as_ref().unwrap().best), ("RU", "UA", 500));
    assert_eq!(e.date.unwrap().start.to_string(), "2025-06-11");
    let mut articles: Vec<_> = e.reports.iter().map(|r| &*r.article).collect();
    articles.dedup();
    assert_eq!(articles, vec!["a-1", "a-2", "a-3"]);
}

#[test]
fn conflicting_counts_are_kept_as_a_range() {
    let a = facts("a-1", &["Russia returned 500 bodies of Ukrainian soldiers to Ukraine on Wednesday."], DAY);
    let b = facts("a-2", &["Russia returned 502 bodies of Ukrainian soldiers to Ukraine on Wednesday."], DAY);
    let c = facts("a-3", &["On Wednesday Moscow returned 500 Ukrainian bodies to Kyiv."], DAY);
    let rec = reconcile(vec![a, b, c]);
    assert_eq!(rec.events.len(), 1, "{:#?}", rec.events);
    let n = rec.events[0].count.clone().unwrap();
    assert_eq!((n.best, n.low, n.high), (500, 500, 502));
}

#[test]
fn a_weekday_only_report_is_dated_by_a_dated_one_and_dates_its_article() {
    let dated =
        facts("a-1", &["Russia returned 700 bodies of Ukrainian soldiers to Ukraine on June 11, 2025."], DAY);
    let undated = facts(
        "a-2",
        &[
            "On Wednesday, Russia returned 700 bodies of Ukrainian soldiers to Ukraine.",
            "A prisoner exchange between Russia and Ukraine took place on Monday.",
            "Another exchange of prisoners is scheduled for Thursday.",
        ],
        None,
    );
    let rec = reconcile(vec![undated, dated]);
    let p = &rec.published["a-2"];
    assert_eq!((p.start.to_string(), p.end.to_string()), ("2025-06-11".into(), "2025-06-12".into()));
    let days: Vec<_> = rec
        .events
        .iter()
        .map(|e| (e.kind, e.date.map(|d| d.start.to_string()).unwrap_or_default(), e.status))
        .collect();
    assert!(days.contains(&(EventKind::Remains, "2025-06-11".into(), Status::Completed)), "{days:?}");
    assert!(days.contains(&(EventKind::Prisoners, "2025-06-09".into(), Status::Completed)), "{days:?}");
    assert!(days.contains(&(EventKind::Prisoners, "2025-06-12".into(), Status::Planned)), "{days:?}");
    let remains = rec.whole_events().find(|e| e.kind == EventKind::Remains).unwrap();
    assert_eq!(remains.reports.len(), 2);
}

#[test]
fn undisclosed_claims_without_a_day_make_no_event_and_order_does_not_matter() {
    let a = facts("a-1", &["Ukraine and Russia have exchanged prisoners several times."], DAY);
    let b = facts("a-2", &["Russia returned 300 bodies of Ukrainian soldiers to Ukraine on Monday."], DAY);
    let c =
        facts("a-3", &["Ukraine has not returned a single body to Russia on Monday, the source added."], DAY);
    let forward = reconcile(vec![a.clone(), b.clone(), c.clone()]);
    let backward = reconcile(vec![c, b, a]);
    assert_eq!(forward, backward);
    let counts: Vec<_> =
        forward.events.iter().map(|e| (e.from.as_str(), e.count.as_ref().map(|c| c.best))).collect();
    assert_eq!(counts, vec![("RU", Some(300)), ("UA", Some(0))]);
}

#[test]
fn cumulative_figures_are_checked_against_event_sums() {
    let a = facts(
        "a-1",
        &[
            "Russia returned 1,000 bodies of Ukrainian soldiers to Ukraine on Monday.",
            "Russia returned 1,000 bodies of Ukrainian soldiers to Ukraine on Tuesday.",
        ],
        DAY,
    );
    let b = facts(
        "a-2",
        &["Russia says it has returned more than 1,900 Ukrainian bodies to Ukraine so far."],
        DAY,
    );
    let c = facts("a-3", &["Russia says it has returned nearly 5,000 Ukrainian bodies to Ukraine."], DAY);
    let rec = reconcile(vec![a, b, c]);
    let verdicts: Vec<_> = rec.checks.iter().map(|k| (k.stated, k.computed, k.verdict)).collect();
    use tally_model::Verdict::*;
    assert_eq!(verdicts, vec![(1900, 2000, Consistent), (5000, 2000, Inconsistent)]);
}

#[test]
fn facts_survive_a_round_trip_through_json() {
    let a = facts(
        "a-1",
        &[
            "On Wednesday, Russia returned 700 bodies of Ukrainian soldiers to Ukraine.",
            "An exchange of prisoners is scheduled for Thursday.",
        ],
        None,
    );
    let b =
        facts("a-2", &["Russia returned 700 bodies of Ukrainian soldiers to Ukraine on June 11, 2025."], DAY);
    let direct = reconcile(vec![a.clone(), b.clone()]);
    let through_disk: Vec<ArticleFacts> =
        [a, b].iter().map(|f| serde_json::from_str(&serde_json::to_string(f).unwrap()).unwrap()).collect();
    assert_eq!(reconcile(through_disk), direct);
    assert!(direct.published.contains_key("a-1"), "the undated article is dated by the matching report");
}

#[test]
fn a_count_joins_the_day_its_own_article_gives_even_where_another_article_counts() {
    let counted =
        facts("a-1", &["Russia returned 500 bodies of Ukrainian soldiers to Ukraine on Wednesday."], DAY);
    // published weeks later, so nothing dates its count but its own dated sentence
    let uncounted = facts(
        "a-2",
        &[
            "Russia handed over the bodies of Ukrainian soldiers to Ukraine on June 11, 2025.",
            "The process took hours.",
            "Nobody spoke of terms.",
            "Kyiv said it had received 502 bodies from Russia.",
        ],
        Some(("2025-07-02", "2025-07-02")),
    );
    let rec = reconcile(vec![counted, uncounted]);
    let remains: Vec<_> = rec.events.iter().filter(|e| e.kind == EventKind::Remains).collect();
    assert_eq!(remains.len(), 1, "{:#?}", rec.events);
    let n = remains[0].count.clone().unwrap();
    assert_eq!((n.low, n.high), (500, 502));
    assert_eq!(remains[0].date.unwrap().start.to_string(), "2025-06-11");
}

/// An article published the day after a swap, telling it without a date and
/// with another count, is a report of that swap: its date window (the day
/// of publication or the one before) holds that one event only.
#[test]
fn a_count_in_a_two_day_window_joins_the_one_event_of_a_day_inside_it() {
    let dated =
        facts("a-1", &["On Wednesday, Russia returned 205 Ukrainian prisoners of war to Ukraine."], DAY);
    let next_day = facts(
        "a-2",
        &["Russia has returned 185 Ukrainian prisoners of war to Ukraine, Kyiv said."],
        Some(("2025-06-12", "2025-06-12")),
    );
    let window = next_day.claims[0].date.as_ref().map(|d| (d.start.to_string(), d.end.to_string()));
    assert_eq!(window, Some(("2025-06-11".into(), "2025-06-12".into())));
    let rec = reconcile(vec![dated, next_day]);
    let events: Vec<_> = rec.whole_events().collect();
    assert_eq!(events.len(), 1, "{events:#?}");
    let n = events[0].count.clone().unwrap();
    assert_eq!((n.low, n.high), (185, 205));
    assert_eq!(events[0].date.unwrap().start.to_string(), "2025-06-11");
    let mut articles: Vec<_> = events[0].reports.iter().map(|r| r.article.to_string()).collect();
    articles.dedup();
    assert_eq!(articles, ["a-1", "a-2"]);
}

/// Not when two days of the window each have their swap: the count could
/// be either's.
#[test]
fn a_count_in_a_window_stays_apart_from_events_it_cannot_tell_apart() {
    let wednesday =
        facts("a-1", &["On Wednesday, Russia returned 205 Ukrainian prisoners of war to Ukraine."], DAY);
    let thursday = facts(
        "a-3",
        &["On Thursday, Russia returned 300 Ukrainian prisoners of war to Ukraine."],
        Some(("2025-06-12", "2025-06-12")),
    );
    let next_day = facts(
        "a-2",
        &["Russia has returned 185 Ukrainian prisoners of war to Ukraine, Kyiv said."],
        Some(("2025-06-12", "2025-06-12")),
    );
    let rec = reconcile(vec![wednesday, thursday, next_day]);
    let counts: Vec<_> = rec.events.iter().map(|e| e.count.as_ref().map(|n| (n.low, n.high))).collect();
    assert_eq!(counts.len(), 3, "{:#?}", rec.events);
    assert!(counts.contains(&Some((185, 185))), "{counts:?}");
}
