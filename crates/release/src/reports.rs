//! What readers of the timeline see of each event's reports: the articles
//! reporting it ([`ReportArticle`]) and the sentences of its claims
//! ([`ReportSentences`]), what they add up to ([`EventReports`]), and the
//! flat `events.csv` built from them. `index.html` shows the same.

use std::cell::Cell;
use std::collections::BTreeMap;
use std::fs::File;
use std::io::{self, Read, Write};

use serde::{Deserialize, Serialize};
use tally_model::{DateWindow, Event};
use tally_reconcile::{ClaimId, Reconciled, ReportRef};

use crate::read_at::ReadAt;

/// What `events.csv` and `index.html` show of an article reporting an event.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReportArticle {
    pub path: String,
    pub title: Option<String>,
    pub outlet: Option<String>,
    pub published: Option<DateWindow>,
}

/// The sentences of the claims reporting events, as `events.csv` and
/// `index.html` show them. A build reads each from its line in the claims
/// file when it is shown, knowing only where the line is: a large release
/// has more sentences than it should hold.
pub struct ReportSentences<'a> {
    source: Sentences<'a>,
}

/// Where the lines of some claims (those reporting events) are in a
/// claims file: their ids sorted, and each line's first byte and length.
/// Two flat arrays: an event of a large release has thousands of reports,
/// and a map would take twice the memory.
pub struct LinesAt<'a> {
    ids: Vec<ClaimId<'a>>,
    starts: Vec<u64>,
    lengths: Vec<u32>,
    /// Where the last look-up ended. Ids are asked for mostly in order (the
    /// claims file is written in id order, an event's reports are sorted),
    /// so each search gallops from there: a few nearby strings compared,
    /// where a search of the whole list compared a score of far-apart ones.
    finger: Cell<usize>,
}

impl<'a> LinesAt<'a> {
    /// The claims `ids` (in any order, repeats allowed), none located yet.
    pub fn of(ids: impl IntoIterator<Item = ClaimId<'a>>) -> Self {
        let mut ids: Vec<ClaimId<'a>> = ids.into_iter().collect();
        ids.sort_unstable();
        ids.dedup();
        let (starts, lengths) = (vec![u64::MAX; ids.len()], vec![0; ids.len()]);
        LinesAt { ids, starts, lengths, finger: Cell::new(0) }
    }

    /// Whether claim `id` is one of those located.
    pub fn wants(&self, id: &str) -> bool {
        self.position(id).is_some()
    }

    /// Notes that claim `id`'s line starts at byte `start` and is `length`
    /// bytes long, if the claim is wanted (and the length is not `u32::MAX`).
    pub fn locate(&mut self, id: &str, start: u64, length: u32) {
        if let (Some(k), true) = (self.position(id), length < u32::MAX) {
            (self.starts[k], self.lengths[k]) = (start, length);
        }
    }

    /// Where claim `id`'s line is, if it was located.
    pub fn get(&self, id: &str) -> Option<(u64, u32)> {
        let k = self.position(id)?;
        (self.starts[k] != u64::MAX).then(|| (self.starts[k], self.lengths[k]))
    }

    /// The index of `id` among the sorted ids: the search of the whole list
    /// narrowed first by galloping from the finger (the ids are distinct,
    /// so any range holding `id` finds the same index).
    fn position(&self, id: &str) -> Option<usize> {
        let ids = &self.ids[..];
        let at = self.finger.get().min(ids.len());
        let after = |k: usize| ids[k].cmp_text(id).is_gt();
        let (lo, hi) = if at < ids.len() && !after(at) {
            // forward: ids[lo] <= id, and ids[hi] > id or hi is the end
            let (mut lo, mut step) = (at, 1);
            loop {
                let probe = lo + step;
                if probe >= ids.len() {
                    break (lo, ids.len());
                }
                if after(probe) {
                    break (lo, probe);
                }
                (lo, step) = (probe, step * 2);
            }
        } else {
            // backward: ids[hi] > id or hi is the end, and ids[lo] <= id or lo is 0
            let (mut hi, mut step) = (at, 1);
            loop {
                let Some(probe) = hi.checked_sub(step) else { break (0, hi) };
                if !after(probe) {
                    break (probe, hi);
                }
                (hi, step) = (probe, step * 2);
            }
        };
        let found =
            ids[lo..hi].binary_search_by(|probe| probe.cmp_text(id)).map(|k| lo + k).map_err(|k| lo + k);
        self.finger.set(match found {
            Ok(k) | Err(k) => k,
        });
        found.ok()
    }
}

enum Sentences<'a> {
    Held(BTreeMap<String, String>),
    Lines { file: File, at: LinesAt<'a> },
}

/// The one field of a claim's line a sentence is read for.
#[derive(Deserialize)]
struct ClaimText {
    text: String,
}

/// The `text` of a claim's line: read after the fields before it, the
/// rest of the line (the sentence's evidence, its attribution, ...) left
/// unparsed; the whole line is parsed only when that walk cannot be made.
fn claim_text(line: &[u8]) -> serde_json::Result<String> {
    match text_after_fields(line) {
        Some(text) => Ok(text),
        None => Ok(serde_json::from_slice::<ClaimText>(line)?.text),
    }
}

/// The string of an object's first `text` member, each member before it
/// read as a key (without escapes) and a value skipped; `None` when the
/// line is not such an object.
fn text_after_fields(line: &[u8]) -> Option<String> {
    let mut rest = line.strip_prefix(b"{")?;
    loop {
        let mut key = serde_json::Deserializer::from_slice(rest).into_iter::<&str>();
        let name = key.next()?.ok()?;
        rest = rest[key.byte_offset()..].trim_ascii_start().strip_prefix(b":")?;
        if name == "text" {
            return serde_json::Deserializer::from_slice(rest).into_iter::<String>().next()?.ok();
        }
        let mut value = serde_json::Deserializer::from_slice(rest).into_iter::<serde::de::IgnoredAny>();
        value.next()?.ok()?;
        rest = rest[value.byte_offset()..].trim_ascii_start().strip_prefix(b",")?;
    }
}

impl<'a> ReportSentences<'a> {
    /// Sentences held in memory, by claim id.
    pub fn held(sentences: BTreeMap<String, String>) -> Self {
        ReportSentences { source: Sentences::Held(sentences) }
    }

    /// Sentences read from `file`, a claim per line: claim `id`'s line
    /// starts at byte `at[id].0` and is `at[id].1` bytes long.
    pub fn in_lines(file: File, at: LinesAt<'a>) -> Self {
        ReportSentences { source: Sentences::Lines { file, at } }
    }

    /// The sentence of claim `id`, if it reports an event.
    pub fn get(&self, id: &str) -> io::Result<Option<String>> {
        match &self.source {
            Sentences::Held(map) => Ok(map.get(id).cloned()),
            Sentences::Lines { file, at } => {
                let Some((start, len)) = at.get(id) else { return Ok(None) };
                let mut line = vec![0; len as usize];
                ReadAt::new(file, start).read_exact(&mut line)?;
                Ok(Some(claim_text(&line)?))
            }
        }
    }
}

/// The columns of `events.csv`, in order (also described in `datapackage.json`).
pub const CSV_COLUMNS: &[&str] = &[
    "id",
    "kind",
    "from",
    "to",
    "count_best",
    "count_low",
    "count_high",
    "date_start",
    "date_end",
    "status",
    "reports",
    "report_articles",
    "article_count",
    "outlet_count",
    "outlets",
    "first_published",
    "last_published",
    "sentence",
    "corrected_by",
];

fn enum_text<T: Serialize>(value: &T) -> String {
    serde_json::to_value(value).ok().and_then(|v| v.as_str().map(str::to_string)).unwrap_or_default()
}

/// What an event's reports add up to, for readers: the distinct articles
/// and outlets, the first and last publication day, and a representative
/// sentence (the first report giving the best count, else the first report).
pub struct EventReports<'a> {
    /// Distinct reporting article ids, in report order.
    pub articles: Vec<&'a str>,
    /// Distinct outlet names of the reporting articles, sorted.
    pub outlets: Vec<&'a str>,
    /// Earliest start and latest end of the reporting articles' publication windows.
    pub first_published: Option<chrono::NaiveDate>,
    pub last_published: Option<chrono::NaiveDate>,
    pub sentence: Option<String>,
}

impl<'a> EventReports<'a> {
    /// What the `reports` of event `e` add up to.
    pub fn of(
        e: &Event,
        reports: &[ReportRef<'a>],
        articles: &'a BTreeMap<String, ReportArticle>,
        claims: &ReportSentences,
    ) -> io::Result<Self> {
        let ids = distinct_articles(reports);
        let found: Vec<&ReportArticle> = ids.iter().filter_map(|id| articles.get(*id)).collect();
        let mut outlets: Vec<&str> = found.iter().filter_map(|a| a.outlet.as_deref()).collect();
        outlets.sort_unstable();
        outlets.dedup();
        let best = e.count.as_ref().map(|c| c.best);
        let representative = reports.iter().find(|r| best.is_some() && r.count == best).or(reports.first());
        let sentence = match representative {
            Some(r) => claims.get(&r.claim.to_string())?,
            None => None,
        };
        Ok(EventReports {
            articles: ids,
            outlets,
            first_published: found.iter().filter_map(|a| a.published.map(|p| p.start)).min(),
            last_published: found.iter().filter_map(|a| a.published.map(|p| p.end)).max(),
            sentence,
        })
    }
}

/// The distinct articles of `reports`, in report order. Reconciliation
/// gives an event's reports sorted by article, so equal ids are neighbours
/// and dropping repeats of the one before is enough; other orders go through
/// a set. Linear in the reports either way: an event that many outlets
/// report has thousands, and a search of the list for each was quadratic.
fn distinct_articles<'a>(reports: &[ReportRef<'a>]) -> Vec<&'a str> {
    let ids = reports.iter().map(|r| &**r.article);
    if reports.windows(2).all(|w| w[0].article <= w[1].article) {
        let mut distinct: Vec<&str> = ids.collect();
        distinct.dedup();
        distinct
    } else {
        let mut seen = std::collections::HashSet::with_capacity(reports.len());
        ids.filter(|id| seen.insert(*id)).collect()
    }
}

/// `events.csv`: one flat row per event; empty cells for unknown values.
/// `reports` counts claims (one sentence read twice counts twice);
/// `article_count` and `outlet_count` count distinct reporting articles and outlets.
pub fn write_events_csv(
    w: &mut dyn Write,
    timeline: &Reconciled,
    articles: &BTreeMap<String, ReportArticle>,
    claims: &ReportSentences,
) -> io::Result<()> {
    let mut csv = csv::Writer::from_writer(w);
    csv.write_record(CSV_COLUMNS)?;
    for (k, e) in timeline.events.iter().enumerate() {
        let count =
            |f: fn(&tally_model::Count) -> u64| e.count.as_ref().map_or(String::new(), |c| f(c).to_string());
        let day = |f: fn(&DateWindow) -> chrono::NaiveDate| {
            e.date.as_ref().map_or(String::new(), |d| f(d).to_string())
        };
        let held: Vec<ReportRef> = timeline.reports_of(k).collect();
        let reports = EventReports::of(e, &held, articles, claims)?;
        let optional_day = |d: Option<chrono::NaiveDate>| d.map_or(String::new(), |d| d.to_string());
        csv.write_record([
            e.id.clone(),
            enum_text(&e.kind),
            e.from.clone(),
            e.to.clone(),
            count(|c| c.best),
            count(|c| c.low),
            count(|c| c.high),
            day(|d| d.start),
            day(|d| d.end),
            enum_text(&e.status),
            held.len().to_string(),
            reports.articles.join(";"),
            reports.articles.len().to_string(),
            reports.outlets.len().to_string(),
            reports.outlets.join(";"),
            optional_day(reports.first_published),
            optional_day(reports.last_published),
            reports.sentence.unwrap_or_default(),
            e.corrected_by.join(";"),
        ])?;
    }
    csv.flush()
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use tally_model::Report;

    /// JSON values up to two levels deep, strings with the characters JSON escapes.
    fn json_value() -> impl proptest::strategy::Strategy<Value = serde_json::Value> {
        use proptest::prelude::*;
        let leaf = prop_oneof![
            Just(serde_json::Value::Null),
            any::<bool>().prop_map(serde_json::Value::from),
            any::<i64>().prop_map(serde_json::Value::from),
            "[a-z\"\\\n\u{1}é“ ]{0,12}".prop_map(serde_json::Value::from),
        ];
        leaf.prop_recursive(2, 12, 4, |inner| {
            prop_oneof![
                proptest::collection::vec(inner.clone(), 0..3).prop_map(serde_json::Value::from),
                proptest::collection::btree_map(json_key(), inner, 0..3)
                    .prop_map(|m| serde_json::Value::Object(m.into_iter().collect())),
            ]
        })
    }

    fn json_key() -> impl proptest::strategy::Strategy<Value = String> {
        use proptest::strategy::Strategy;
        proptest::sample::select(vec!["id", "text", "span", "te\"xt", "texts", ""]).prop_map(str::to_string)
    }

    proptest::proptest! {
        /// A sentence read by walking to the line's `text` is the one parsing
        /// the whole line reads (or both fail), in compact and spaced JSON.
        #[test]
        fn the_text_walk_reads_what_parsing_the_line_reads(
            members in proptest::collection::vec((json_key(), json_value()), 0..6),
            spaced: bool,
        ) {
            let object: serde_json::Map<String, serde_json::Value> = members.into_iter().collect();
            let value = serde_json::Value::Object(object);
            let line = if spaced { serde_json::to_vec_pretty(&value) } else { serde_json::to_vec(&value) }.unwrap();
            let whole = serde_json::from_slice::<ClaimText>(&line).map(|c| c.text).ok();
            proptest::prop_assert_eq!(claim_text(&line).ok(), whole);
        }
    }

    proptest::proptest! {
        /// Galloping from where the last look-up ended finds every id where
        /// a search of the whole sorted list does, asked in any order.
        #[test]
        fn a_search_from_the_finger_finds_what_a_whole_search_finds(
            ids in proptest::collection::vec("[a-c]{1,4}", 0..40),
            asked in proptest::collection::vec("[a-c]{1,4}", 0..60),
        ) {
            let lines = LinesAt::of(ids.iter().map(|id| ClaimId::Odd(id)));
            for id in &asked {
                proptest::prop_assert_eq!(lines.position(id), lines.ids.binary_search(&ClaimId::Odd(id)).ok(), "{}", id);
            }
        }
    }

    proptest::proptest! {
        /// The distinct articles are those a set keeps, in report order,
        /// whether the reports come sorted by article (as reconciliation
        /// gives them) or not.
        #[test]
        fn distinct_articles_are_what_a_set_keeps(
            articles in proptest::collection::vec("[a-d]{1,2}", 0..30),
            sorted: bool,
        ) {
            let mut articles = articles;
            if sorted {
                articles.sort();
            }
            let reports: Vec<Report> = articles
                .iter()
                .map(|a| Report { article: a.as_str().into(), claim: format!("{a}-c1"), count: None })
                .collect();
            let mut seen = std::collections::HashSet::new();
            let kept: Vec<&str> = articles.iter().map(String::as_str).filter(|a| seen.insert(*a)).collect();
            proptest::prop_assert_eq!(distinct_articles(&refs(&reports)), kept);
        }
    }

    #[test]
    fn the_text_walk_stops_at_the_sentence() {
        let line = br#"{"id":"a-c1","article":"a","kind":"transfer","subject":"remains","text":"He said \"909\".","quantity":{"text":"909"}}"#;
        assert_eq!(text_after_fields(line).as_deref(), Some("He said \"909\"."));
        // Not a claim's line: the whole line is parsed, and fails.
        assert!(claim_text(b"[1]").is_err());
    }
    use tally_model::{Count, EventKind, Status};

    /// One event reported by two articles with two counts, for the tests of this crate.
    pub(crate) fn event() -> Event {
        let day = chrono::NaiveDate::from_ymd_opt(2025, 6, 11).unwrap();
        Event {
            id: "e-1".into(),
            kind: EventKind::Remains,
            from: "RU".into(),
            to: "UA".into(),
            count: Some(Count { best: 1212, low: 1200, high: 1212 }),
            date: Some(DateWindow::day(day)),
            status: Status::Completed,
            reports: vec![
                Report { article: "a-1".into(), claim: "a-1-c1".into(), count: Some(1212) },
                Report { article: "a-1".into(), claim: "a-1-c2".into(), count: None },
                Report { article: "a-2".into(), claim: "a-2-c1".into(), count: Some(1200) },
            ],
            corrected_by: vec![],
        }
    }

    /// Reports as the events of other builds hold them (whole).
    fn refs(reports: &[Report]) -> Vec<ReportRef<'_>> {
        reports
            .iter()
            .map(|r| ReportRef { article: &r.article, claim: ClaimId::Odd(&r.claim), count: r.count })
            .collect()
    }

    #[test]
    fn csv_is_flat_with_empty_cells_for_unknowns() {
        let mut undisclosed = event();
        undisclosed.id = "e-2".into();
        undisclosed.count = None;
        undisclosed.date = None;
        let day = |d| chrono::NaiveDate::from_ymd_opt(2025, 6, d).unwrap();
        let article = |outlet: &str, published| ReportArticle {
            path: "x.md".into(),
            title: None,
            outlet: Some(outlet.into()),
            published: Some(published),
        };
        let articles = BTreeMap::from([
            ("a-1".to_string(), article("Wire", DateWindow::day(day(12)))),
            ("a-2".to_string(), article("Daily, \"News\"", DateWindow::new(day(11), day(13)))),
        ]);
        let claims = ReportSentences::held(BTreeMap::from([
            ("a-1-c1".to_string(), "Russia handed over 1,212 bodies.".to_string()),
            ("a-2-c1".to_string(), "About 1,200 bodies came back.".to_string()),
        ]));
        let mut buf = Vec::new();
        let timeline = Reconciled { events: vec![event(), undisclosed], ..Reconciled::default() };
        write_events_csv(&mut buf, &timeline, &articles, &claims).unwrap();
        let text = String::from_utf8(buf).unwrap();
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines[0], CSV_COLUMNS.join(","));
        // Three claims from two articles of two outlets; the sentence gives the best count.
        assert_eq!(
            lines[1],
            "e-1,remains,RU,UA,1212,1200,1212,2025-06-11,2025-06-11,completed,3,a-1;a-2,2,2,\"Daily, \"\"News\"\";Wire\",\
             2025-06-11,2025-06-13,\"Russia handed over 1,212 bodies.\","
        );
        // Undisclosed: empty cells, never 0; the sentence is the first report's.
        assert_eq!(
            lines[2],
            "e-2,remains,RU,UA,,,,,,completed,3,a-1;a-2,2,2,\"Daily, \"\"News\"\";Wire\",2025-06-11,2025-06-13,\
             \"Russia handed over 1,212 bodies.\","
        );
    }

    #[test]
    fn sentences_are_read_back_from_where_their_lines_are() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("claims.jsonl");
        let first = r#"{"id":"a-1-c1","text":"Russia handed over 1,212 bodies.","quantity":null}"#;
        let second = r#"{"id":"a-1-c2","text":"Kyiv got \"909\" back.","kind":"transfer"}"#;
        std::fs::write(&path, format!("{first}\n{second}\n")).unwrap();
        // (ids made from their article's and a number, as reconciliation holds them)
        let mut at = LinesAt::of(
            [("a-1", 2), ("a-1", 1), ("a-1", 2), ("a-9", 1)].map(|(a, n)| ClaimId::Numbered(a, n)),
        );
        assert!(at.wants("a-1-c1") && at.wants("a-9-c1") && !at.wants("a-1-c3"));
        at.locate("a-1-c2", (first.len() + 1) as u64, second.len() as u32);
        at.locate("a-1-c1", 0, first.len() as u32);
        at.locate("a-1-c3", 0, 1);
        assert_eq!(at.get("a-1-c3"), None, "not wanted, not kept");
        let sentences = ReportSentences::in_lines(File::open(&path).unwrap(), at);
        assert_eq!(sentences.get("a-1-c2").unwrap().as_deref(), Some("Kyiv got \"909\" back."));
        assert_eq!(sentences.get("a-1-c1").unwrap().as_deref(), Some("Russia handed over 1,212 bodies."));
        assert_eq!(sentences.get("a-9-c1").unwrap(), None, "wanted, never located");
        assert_eq!(sentences.get("a-1-c3").unwrap(), None);
    }

    #[test]
    fn ten_thousand_reports_of_one_event_name_each_article_once_in_report_order() {
        // Each of 5,000 articles reports twice, its second report 5,000 reports later.
        let mut many = event();
        many.reports = (0..10_000)
            .map(|k| {
                let article = format!("a-{}", (k * 7) % 5_000);
                Report {
                    claim: format!("{article}-c{}", k / 5_000 + 1),
                    article: article.into(),
                    count: Some(1212),
                }
            })
            .collect();
        let day = chrono::NaiveDate::from_ymd_opt(2025, 6, 12).unwrap();
        let articles: BTreeMap<String, ReportArticle> = (0..5_000)
            .map(|k| {
                let report = ReportArticle {
                    path: format!("{k}.md"),
                    title: None,
                    outlet: Some(format!("Outlet {}", k % 3)),
                    published: Some(DateWindow::day(day + chrono::Duration::days(k % 10))),
                };
                (format!("a-{k}"), report)
            })
            .collect();
        let claims = ReportSentences::held(BTreeMap::new());
        let reports = EventReports::of(&many, &refs(&many.reports), &articles, &claims).unwrap();
        let expected: Vec<String> = (0..5_000).map(|k| format!("a-{}", (k * 7) % 5_000)).collect();
        assert_eq!(reports.articles, expected);
        assert_eq!(reports.outlets, ["Outlet 0", "Outlet 1", "Outlet 2"]);
        assert_eq!(reports.first_published, Some(day));
        assert_eq!(reports.last_published, Some(day + chrono::Duration::days(9)));
    }
}
