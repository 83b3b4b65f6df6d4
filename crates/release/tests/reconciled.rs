//! A release of known claims and events (the reconciliation stage is
//! substituted), to check what the writer does with them: publication dates
//! patched into the streamed articles, `dataset.json` equal to the whole
//! document, the CSV, the date range, `created`, cross-references, and the
//! changelog of events.

mod common;

use chrono::NaiveDate;
use common::Project;
use tally_model::{Count, DateBasis, DateWindow, DatedWindow, Event, EventKind, Report, Span, Status};
use tally_reconcile::{Facts, Reconciled};
use tally_release::{release_with, verify, ReleaseHooks};

fn day(d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2025, 6, d).unwrap()
}

/// The date the fake reconciliation gives each article's first claim.
fn redate(i: usize) -> DatedWindow {
    DatedWindow {
        start: day(1 + i as u32),
        end: day(1 + i as u32),
        basis: DateBasis::Inferred,
        evidence: vec![],
        reason: format!("test re-date {i}"),
    }
}

/// Reconciliation that reports one event per article with claims (count
/// `base` + its index, reported by its first claim, which it re-dates) and
/// dates the first article's publication to June 12.
fn fake_reconcile(base: u64) -> impl Fn(Vec<Facts>) -> Reconciled + Sync {
    move |mut facts: Vec<Facts>| {
        facts.sort_by(|a, b| a.article_id.cmp(&b.article_id));
        facts.retain(|f| !f.claims.is_empty());
        let mut reconciled = Reconciled::default();
        for (i, f) in facts.iter().enumerate() {
            let first = f.claim_id(0).to_string();
            reconciled.redated.insert(first.clone(), redate(i));
            reconciled.events.push(Event {
                id: format!("e-{i:02}"),
                kind: EventKind::Remains,
                from: "RU".into(),
                to: "UA".into(),
                count: (i != 1).then(|| Count { best: base + i as u64, low: base, high: base + i as u64 }),
                date: (i != 1).then(|| DateWindow::new(day(1 + i as u32), day(2 + i as u32))),
                status: Status::Completed,
                reports: vec![Report { article: f.article_id.clone(), claim: first, count: Some(base) }],
                corrected_by: vec![],
            });
        }
        let evidence = tally_model::Evidence { text: "June 12".into(), span: Span::new(0, 7), article: None };
        reconciled.published.insert(
            facts[0].article_id.to_string(),
            DatedWindow {
                start: day(12),
                end: day(12),
                basis: DateBasis::Inferred,
                evidence: vec![evidence],
                reason: "test".into(),
            },
        );
        reconciled
    }
}

#[test]
fn known_events_and_dates_are_written_consistently() {
    let project = Project::with_seeds();
    let reconcile = fake_reconcile(1000);
    let hooks = ReleaseHooks { reconcile: Some(&reconcile), ..ReleaseHooks::default() };
    let report = release_with(&project.options("0.1.0"), &hooks).unwrap();
    assert_eq!((report.articles, report.events), (5, 5));
    let dir = project.out().join("v0.1.0");
    verify(&dir).unwrap();

    // Every extracted claim is published, the reported ones with the dates
    // reconciliation gave them and the rest as extracted.
    let claims: Vec<tally_model::Claim> = std::fs::read_to_string(dir.join("claims.jsonl"))
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(claims.len(), report.claims);
    assert!(claims.len() > 5);
    let mut articles: Vec<&str> = claims.iter().map(|c| c.article.as_str()).collect();
    articles.dedup();
    for (i, article) in articles.iter().enumerate() {
        let first = claims.iter().find(|c| c.article == *article).unwrap();
        assert_eq!(first.date.as_ref(), Some(&redate(i)), "{}", first.id);
    }
    let redated =
        claims.iter().filter(|c| c.date.as_ref().is_some_and(|d| d.reason.starts_with("test re-date")));
    assert_eq!(redated.count(), articles.len());

    let text = std::fs::read_to_string(dir.join("dataset.json")).unwrap();
    let dataset: tally_model::Dataset = serde_json::from_str(&text).unwrap();
    assert_eq!(
        serde_json::to_string(&dataset).unwrap() + "\n",
        text,
        "streamed dataset.json differs from serde's"
    );
    assert_eq!(dataset.events.len(), 5);
    // `created` is the latest day the data certainly reaches: the latest window start.
    let starts = dataset.articles.iter().filter_map(|a| a.published.as_ref().map(|p| p.start));
    let latest = starts.chain(dataset.events.iter().filter_map(|e| e.date.map(|d| d.start))).max().unwrap();
    assert_eq!(dataset.release.created, format!("{latest}T00:00:00Z"));
    let range = dataset.release.date_range.unwrap();
    assert!(range.start <= day(1) && range.end >= day(12), "{range:?}");

    // The reconciled date reached its article (articles.jsonl is sorted by path, not id).
    let patched: Vec<_> = dataset
        .articles
        .iter()
        .filter(|a| a.published.as_ref().is_some_and(|p| p.reason == "test"))
        .collect();
    assert_eq!(patched.len(), 1);
    assert_eq!(patched[0].published.as_ref().unwrap().start, day(12));
    let lines = std::fs::read_to_string(dir.join("articles.jsonl")).unwrap();
    assert!(
        lines.lines().all(|l| l.starts_with(r#"{"id":"a-"#)),
        "every line keeps the contract's field order"
    );

    let csv = std::fs::read_to_string(dir.join("events.csv")).unwrap();
    let rows: Vec<&str> = csv.lines().collect();
    assert_eq!(rows.len(), 6);
    assert!(
        rows[1].starts_with("e-00,remains,RU,UA,1000,1000,1000,2025-06-01,2025-06-02,completed,1,a-"),
        "{csv}"
    );
    assert!(rows[2].starts_with("e-01,remains,RU,UA,,,,,,completed,1,a-"), "{csv}");

    // A later release with other counts lists every event as changed.
    let reconcile = fake_reconcile(2000);
    let hooks = ReleaseHooks { reconcile: Some(&reconcile), ..ReleaseHooks::default() };
    release_with(&project.options("0.2.0"), &hooks).unwrap();
    let changelog = std::fs::read_to_string(project.out().join("v0.2.0/CHANGELOG.md")).unwrap();
    assert!(changelog.contains("## Events\n\n### Changed (5)"), "{changelog}");
    assert!(changelog
        .contains("remains RU→UA: 2000, 2025-06-01..2025-06-02, completed (was: remains RU→UA: 1000"));
}

/// `dataset.json`'s checks are validated one at a time: a check that breaks
/// the published schema is reported at its own index in the array.
#[test]
fn a_check_breaking_the_schema_is_reported_at_its_index() {
    let project = Project::with_seeds();
    let check = |n: u64| tally_model::Check {
        id: format!("k-{n}"),
        claim: format!("c-{n}"),
        article: "a".into(),
        statement: "a figure".into(),
        stated: n,
        qualifier: tally_model::Qualifier::Exact,
        computed: n,
        events: vec![],
        verdict: tally_model::Verdict::Consistent,
        note: "test".into(),
    };
    let reconcile = move |_: Vec<Facts>| Reconciled {
        checks: vec![check(1), check(2), check(50)].into(),
        ..Reconciled::default()
    };
    // A stricter schema than the model's: no stated figure over 10.
    let mut schemas = tally_model::schemas();
    let dataset = schemas.iter_mut().find(|s| s.file_name == "dataset.schema.json").unwrap();
    dataset.schema["$defs"]["Check"]["properties"]["stated"]["maximum"] = serde_json::json!(10);
    let hooks =
        ReleaseHooks { reconcile: Some(&reconcile), schemas: Some(schemas), ..ReleaseHooks::default() };
    let error = release_with(&project.options("0.1.0"), &hooks).unwrap_err();
    let messages: Vec<&str> = error.diagnostics.iter().map(|d| d.message.as_str()).collect();
    assert_eq!(messages.len(), 1, "{messages:?}");
    assert!(messages[0].contains("`/checks/2/stated`"), "{messages:?}");
}
