//! Reconciliation: claims from every article into one timeline of events,
//! with conflicting counts kept, dates sharpened across reports, and
//! consistency checks of cumulative figures.
//!
//! Rules (deterministic; articles are sorted by id first, so the result does
//! not depend on input order):
//! 1. Transfer claims are bucketed by (what moved, from, to); matching only
//!    happens inside a bucket, and the buckets are clustered in parallel.
//!    Inside one, a claim is matched through indexes (the groups its article
//!    is in, the groups of its count by first day), not against every group
//!    or member: the work grows with the claims (times a log), not with
//!    their square, however many reports an event or events a count has.
//! 2. A claim dated to one day makes or joins the event of that day (a
//!    failed one too: "the swap set for Wednesday fell through" is an event,
//!    failed, unless a report says it happened); a report of "none" (count
//!    0) is its own event.
//! 3. A claim with a count but no day joins the event of the same count
//!    its own article already reports; else the one day its own article
//!    reports this transfer without a count ("the exchange took place on
//!    23 November"); else the latest event of that count not after the
//!    article's publication; else, when its date is a window of two days
//!    at most, the one event of a day inside it (a report of that day's
//!    swap that gives another count, not off by half again or more: the
//!    counts are kept as low/best/high);
//!    with none, it makes an event of its own.
//! 4. A claim with neither count nor day only joins an event whose date it
//!    allows (and only when exactly one fits); it never makes one.
//! 5. Articles without a usable date (unknown or wider than a week) that
//!    report a weekday transfer matching a dated event are dated from it:
//!    the article falls within a week after that day, and no later than the
//!    first future weekday it announces. Its weekday claims are then
//!    re-resolved and the events rebuilt.
//! 6. Counts: best is the most reported count (ties: the highest), with the
//!    lowest and highest reported kept; when a completed report gives a
//!    count, plans' counts are left out. Status: completed if any report says
//!    so, else planned, else failed.
//! 7. Checks: a figure of remains moved to one nationality (a total a report
//!    gives) is compared with the sum of the dated events in that direction
//!    up to the figure's date ("over two days" limits the period). What a
//!    figure's sentence says (moved or not, over how many days) comes from
//!    extraction's notes: reconciliation reads claim fields, not text.

mod checks;
mod facts;
mod reports;

use std::cell::Cell;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::fmt::Write as _;
use std::sync::Arc;

use chrono::{Datelike, Duration, NaiveDate};
use rayon::prelude::*;
use tally_extract::{ArticleFacts, DateExpr};
use tally_model::{
    Check, ClaimKind, Count, DateBasis, DateWindow, DatedWindow, Event, EventKind, Evidence, Qualifier,
    Status, Subject, Verdict,
};

pub use checks::Checks;
pub use facts::{Amount, ClaimId, Dated, Fact, Facts, Note, Sym};
pub use reports::{ReportRef, Reports};

/// The reconciled timeline.
#[derive(Debug, Clone, Default)]
pub struct Reconciled {
    /// The events. Their reports are held apart, in `reports`, when
    /// reconciliation made them: [`Reconciled::event`] gives an event whole,
    /// [`Reconciled::reports_of`] its reports without making strings.
    pub events: Vec<Event>,
    pub reports: Reports,
    /// The dates reconciliation gave claims (re-dated from a date a
    /// matching report gave their article), by claim id; every other claim
    /// keeps the date extraction gave it.
    pub redated: BTreeMap<String, DatedWindow>,
    /// Publication dates sharpened by matching reports, by article id.
    pub published: BTreeMap<String, DatedWindow>,
    pub checks: Checks,
}

impl Reconciled {
    /// Event `k` whole, its reports included.
    pub fn event(&self, k: usize) -> std::borrow::Cow<'_, Event> {
        if self.reports.holds(k) {
            let mut event = self.events[k].clone();
            event.reports = self.reports.whole(k);
            std::borrow::Cow::Owned(event)
        } else {
            std::borrow::Cow::Borrowed(&self.events[k])
        }
    }

    /// Every event whole, in order.
    pub fn whole_events(&self) -> impl Iterator<Item = std::borrow::Cow<'_, Event>> + '_ {
        (0..self.events.len()).map(|k| self.event(k))
    }

    /// Event `k`'s reports, read where they are held, without making strings.
    pub fn reports_of(&self, k: usize) -> Box<dyn ExactSizeIterator<Item = ReportRef<'_>> + '_> {
        reports::report_refs(&self.reports, k, &self.events[k])
    }

    /// Every event's reports, event by event, without making strings.
    pub fn every_report(&self) -> impl Iterator<Item = ReportRef<'_>> + '_ {
        (0..self.events.len()).flat_map(|k| self.reports_of(k))
    }
}

/// Two timelines are equal when their events are, reports included,
/// wherever each holds them.
impl PartialEq for Reconciled {
    fn eq(&self, other: &Self) -> bool {
        self.events.len() == other.events.len()
            && self.whole_events().eq(other.whole_events())
            && self.redated == other.redated
            && self.published == other.published
            && self.checks == other.checks
    }
}

type Bucket = (EventKind, Arc<str>, Arc<str>);

/// An event being assembled: its date and the numbers of its claims (in
/// [`Claims`]).
struct Group {
    date: Option<DateWindow>,
    zero: bool,
    members: Vec<u32>,
}

/// Reconciles the facts of every article. The result does not depend on the
/// order of `facts`.
pub fn reconcile(facts: Vec<ArticleFacts>) -> Reconciled {
    reconcile_facts(facts.into_iter().map(Facts::new).collect())
}

/// [`reconcile`] of facts in their compact form (what a build holds).
pub fn reconcile_facts(mut facts: Vec<Facts>) -> Reconciled {
    facts.sort_by(|a, b| a.article_id.cmp(&b.article_id));
    // Each article's publication window is its facts': the last part of
    // the article with one (the index of that part, by article id).
    let mut published_at: BTreeMap<Arc<str>, usize> = BTreeMap::new();
    for (k, f) in facts.iter().enumerate() {
        if f.published.is_some() {
            published_at.insert(Arc::clone(&f.article_id), k);
        }
    }
    let claims = Claims::new(&facts);
    let timeline = build_events(&claims, &cluster(&claims, &Published { at: &published_at, facts: &facts }));

    // Date articles from matched weekday reports, then rebuild. Each
    // article's window is read from its own claims and the first events,
    // so all are read before any claim is re-dated.
    let on_weekday = days_alike(&timeline.events);
    // (the event of each claim that may date its article: a weekday
    // report in an article without a usable date; not of every report)
    let undated: Vec<usize> =
        (0..facts.len()).filter(|&k| facts::without_usable_date(facts[k].published.as_ref())).collect();
    let claims_ref = &claims;
    let may_date: HashSet<u32> = undated
        .iter()
        .flat_map(|&p| {
            facts[p]
                .claims
                .iter()
                .enumerate()
                .filter(|(_, c)| matches!(c.date_expr, Some(DateExpr::Weekday { .. })))
                .map(move |(k, _)| claims_ref.index(p, k))
        })
        .collect();
    // (a claim in more than one event: the last one, in timeline order)
    let by_claim: HashMap<u32, usize> = timeline
        .members
        .iter()
        .enumerate()
        .flat_map(|(k, members)| members.iter().map(move |&i| (i, k)))
        .filter(|(claim, _)| may_date.contains(claim))
        .collect();
    drop(may_date);
    let matched: Vec<(usize, (DateWindow, Evidence))> = undated
        .into_iter()
        .filter_map(|p| {
            let event_of = |k: usize| by_claim.get(&claims.index(p, k)).map(|&e| &timeline.events[e]);
            Some((p, date_from_matches(&facts[p], event_of, &on_weekday)?))
        })
        .collect();
    drop(by_claim);
    drop(on_weekday);
    drop(claims);
    let mut redated = BTreeMap::new();
    let sharpened = !matched.is_empty();
    for (k, (window, evidence)) in matched {
        let f = &mut facts[k];
        let dated = DatedWindow {
            start: window.start,
            end: window.end,
            basis: DateBasis::Inferred,
            evidence: vec![evidence],
            reason: "a weekday report matched to a dated event; no later than the first weekday it announces"
                .into(),
        };
        f.published = Some(dated);
        f.published_is_own = false;
        published_at.insert(Arc::clone(&f.article_id), k);
        for n in 0..f.claims.len() {
            let claim = &f.claims[n];
            let Some(expr) = &claim.date_expr else { continue };
            if claim.date.is_some_and(|d| matches!(d.basis, DateBasis::Stated)) {
                continue;
            }
            if let Some(w) = tally_extract::claims_resolve(expr, Some(window), f.year, claim.status) {
                redated.insert(
                    f.claim_id(n).to_string(),
                    DatedWindow {
                        start: w.start,
                        end: w.end,
                        basis: DateBasis::Inferred,
                        evidence: vec![Evidence {
                            text: f.text(n).to_string(),
                            span: f.span(n),
                            article: None,
                        }],
                        reason: format!(
                            "{} (a date a matching report gave the article)",
                            tally_extract::dates::resolution_reason(expr, Some(window))
                        ),
                    },
                );
                f.claims[n].date = Some(Dated { start: w.start, end: w.end, basis: DateBasis::Inferred });
            }
        }
    }
    let claims = Claims::new(&facts);
    let timeline = if sharpened {
        // The first events go before the new ones are built (a corpus can have many).
        drop(timeline);
        build_events(&claims, &cluster(&claims, &Published { at: &published_at, facts: &facts }))
    } else {
        timeline
    };
    let checks = checks(&claims, &timeline.events, &Published { at: &published_at, facts: &facts });
    // Given back: every window that may differ from the article's own.
    let published: BTreeMap<String, DatedWindow> = published_at
        .iter()
        .filter_map(|(article, &k)| {
            let f = &facts[k];
            let window = f.published.as_ref().filter(|_| !f.published_is_own)?;
            Some((article.to_string(), window.clone()))
        })
        .collect();
    drop(published_at);
    let (events, reports) = timeline.with_reports(&claims, &facts);
    Reconciled { events, reports, redated, published, checks }
}

/// Each article's publication window, as rules 3 and 7 read it.
trait Windows: Sync {
    fn window(&self, article: &str) -> Option<DateWindow>;
}

impl Windows for BTreeMap<String, DatedWindow> {
    fn window(&self, article: &str) -> Option<DateWindow> {
        self.get(article).map(DatedWindow::window)
    }
}

/// The windows of the facts themselves, by article id.
struct Published<'f> {
    at: &'f BTreeMap<Arc<str>, usize>,
    facts: &'f [Facts],
}

impl Windows for Published<'_> {
    fn window(&self, article: &str) -> Option<DateWindow> {
        self.at.get(article).and_then(|&k| self.facts[k].published.as_ref()).map(DatedWindow::window)
    }
}

/// Every article's claims as one sequence, without moving or copying them:
/// claim `i` is claim `at[i].1` of part `at[i].0`.
struct Claims<'f> {
    parts: Vec<&'f Facts>,
    at: Vec<(u32, u32)>,
    /// The number of each part's first claim.
    starts: Vec<u32>,
    /// Each part's article as a number (one per article id): what
    /// clustering keys its per-article indexes by, in four bytes.
    articles: Vec<u32>,
}

impl<'f> Claims<'f> {
    fn new(facts: &'f [Facts]) -> Self {
        let parts: Vec<&Facts> = facts.iter().collect();
        let mut at = Vec::with_capacity(parts.iter().map(|p| p.claims.len()).sum());
        let mut starts = Vec::with_capacity(parts.len());
        let mut numbers: HashMap<&str, u32> = HashMap::new();
        let mut articles = Vec::with_capacity(parts.len());
        for (p, part) in parts.iter().enumerate() {
            // (more than 4 billion claims cannot be held in memory anyway)
            starts.push(at.len() as u32);
            at.extend((0..part.claims.len()).map(|k| (p as u32, k as u32)));
            let next = numbers.len() as u32;
            articles.push(*numbers.entry(&part.article_id).or_insert(next));
        }
        Claims { parts, at, starts, articles }
    }

    /// The number of claim `k` of part `p`.
    fn index(&self, p: usize, k: usize) -> u32 {
        self.starts[p] + k as u32
    }

    fn iter(&self) -> impl Iterator<Item = &'f Fact> + '_ {
        self.parts.iter().flat_map(|p| p.claims.iter())
    }

    /// The id of the article of claim `i`.
    fn article(&self, i: u32) -> &'f str {
        &self.parts[self.at[i as usize].0 as usize].article_id
    }

    /// The number of the article of claim `i` (see `articles`).
    fn article_number(&self, i: u32) -> u32 {
        self.articles[self.at[i as usize].0 as usize]
    }

    /// The id of claim `i`.
    fn id(&self, i: u32) -> ClaimId<'f> {
        let (p, k) = self.at[i as usize];
        self.parts[p as usize].claim_id(k as usize)
    }
}

impl std::ops::Index<u32> for Claims<'_> {
    type Output = Fact;
    fn index(&self, i: u32) -> &Fact {
        let (p, k) = self.at[i as usize];
        &self.parts[p as usize].claims[k as usize]
    }
}

/// A transfer claim's bucket as symbols: what clustering groups by, per
/// claim, without reading the symbol table.
fn bucket_key(c: &Fact) -> Option<(EventKind, Sym, Sym)> {
    if c.kind != ClaimKind::Transfer {
        return None;
    }
    let kind = match c.subject {
        Subject::Remains => EventKind::Remains,
        Subject::Prisoners => EventKind::Prisoners,
        _ => return None,
    };
    Some((kind, c.from?, c.to?))
}

fn bucket_of(c: &Fact) -> Option<Bucket> {
    bucket_key(c).map(|(kind, from, to)| (kind, from.text(), to.text()))
}

fn day_of(c: &Fact) -> Option<NaiveDate> {
    c.date.filter(|d| d.start == d.end).map(|d| d.start)
}

fn count_of(c: &Fact) -> Option<u64> {
    c.quantity().map(|q| q.value)
}

/// Groups the transfer claims into events: each (kind, from, to) bucket on
/// its own, the buckets in parallel, the groups in bucket order.
fn cluster(claims: &Claims, published: &impl Windows) -> Vec<Group> {
    cluster_counting(claims, published).0
}

/// [`cluster`], and the work it did: one unit per claim of a bucket and per
/// candidate group or index entry it looked at (what the linear bound of
/// the tests is stated on).
fn cluster_counting(claims: &Claims, published: &impl Windows) -> (Vec<Group>, u64) {
    // Gathered by symbols, then ordered by their text (one symbol per
    // text, so the buckets are the same).
    let mut by_key: HashMap<(EventKind, Sym, Sym), Vec<u32>> = HashMap::new();
    for (i, c) in claims.iter().enumerate() {
        if let Some(key) = bucket_key(c) {
            by_key.entry(key).or_default().push(i as u32);
        }
    }
    let buckets: BTreeMap<Bucket, Vec<u32>> = by_key
        .into_iter()
        .map(|((kind, from, to), members)| ((kind, from.text(), to.text()), members))
        .collect();
    let clustered: Vec<(Vec<Group>, u64)> =
        buckets.par_iter().map(|(_, members)| cluster_bucket(claims, members, published)).collect();
    let work = clustered.iter().map(|(_, w)| w).sum();
    (clustered.into_iter().flat_map(|(groups, _)| groups).collect(), work)
}

/// The groups of one bucket indexed under one count (rule 3's candidates):
/// a group's date never changes once it is made, and a new group always
/// has the highest index so far, which the indexes below rely on.
#[derive(Default)]
struct CountIndex {
    /// The groups indexed under this count.
    groups: HashSet<usize>,
    /// The dated ones by their first day; `widest` is the most days any spans.
    dated: BTreeMap<NaiveDate, Vec<usize>>,
    widest: i64,
    /// The highest dated group by first day, keeping only entries no group
    /// of an earlier (or the same) first day outranks: the highest group
    /// starting on or before a day is the last entry up to that day.
    highest_by_start: BTreeMap<NaiveDate, usize>,
    /// The highest undated group.
    undated: Option<usize>,
}

impl CountIndex {
    /// Indexes group `k`, higher than every group indexed so far.
    fn push(&mut self, k: usize, date: Option<DateWindow>) {
        self.groups.insert(k);
        match date {
            Some(d) => {
                self.dated.entry(d.start).or_default().push(k);
                self.widest = self.widest.max(d.days());
                let outranked: Vec<NaiveDate> =
                    self.highest_by_start.range(d.start..).map(|(day, _)| *day).collect();
                for day in outranked {
                    self.highest_by_start.remove(&day);
                }
                self.highest_by_start.insert(d.start, k);
            }
            None => self.undated = Some(k),
        }
    }
}

/// What rule 3 asks of a bucket's groups, kept as members join: the groups
/// each article has a member in (in the order they were first joined), and
/// the (article, group) pairs where the article gives the group a count.
/// Articles and groups are numbers: a large bucket has as many entries as
/// claims.
#[derive(Default)]
struct Joined {
    groups: HashMap<u32, Vec<u32>>,
    pairs: HashSet<(u32, u32)>,
    counted: HashSet<(u32, u32)>,
}

impl Joined {
    /// Notes that `article` has a member in group `k`, one giving a count if `counted`.
    fn join(&mut self, article: u32, k: usize, counted: bool) {
        // (more than 4 billion groups cannot be held in memory anyway)
        let k = k as u32;
        if self.pairs.insert((article, k)) {
            self.groups.entry(article).or_default().push(k);
        }
        if counted {
            self.counted.insert((article, k));
        }
    }

    /// The groups `article` has a member in, in the order it joined them.
    fn groups_of(&self, article: u32) -> &[u32] {
        self.groups.get(&article).map_or(&[], Vec::as_slice)
    }
}

/// The widest date window (in days) that rule 3 reads as one report of the
/// one event dated inside it, whatever its count: a window this narrow
/// comes from not knowing whether "today" is the day of publication or the
/// one before, and outlets often disagree on a swap's count ("185" beside
/// "205" with the civilians), as rule 2 already allows for reports of one
/// day (within limits: see [`counts_agree`]).
const NARROW_DAYS: i64 = 2;

/// The lowest and highest of `counts`, if any.
fn count_range(counts: impl Iterator<Item = u64>) -> Option<(u64, u64)> {
    counts.fold(None, |range, n| match range {
        None => Some((n, n)),
        Some((lo, hi)) => Some((lo.min(n), hi.max(n))),
    })
}

/// Whether `count` may be another report of an event whose reports give
/// `range`: outlets disagree on a swap's count ("185", or "205" with the
/// civilians), but not by half again; a count that far off is a total, both
/// sides together or another swap.
fn counts_agree(range: Option<(u64, u64)>, count: u64) -> bool {
    range.is_none_or(|(lo, hi)| u128::from(hi.max(count)) * 2 <= u128::from(lo.min(count)) * 3)
}

/// Rule 2 to 4 over the claims `members` of one bucket. The rules are
/// those of the plain reading (each claim against every group), answered
/// from indexes so a claim looks at the groups its article, its count and
/// its dates can match, not at every group or every member.
fn cluster_bucket(claims: &Claims, members: &[u32], published: &impl Windows) -> (Vec<Group>, u64) {
    let work = Cell::new(members.len() as u64);
    let visit = || work.set(work.get() + 1);
    let mut groups: Vec<Group> = Vec::new();
    // Rule 2: one-day claims.
    let mut by_day: BTreeMap<(NaiveDate, bool), Vec<u32>> = BTreeMap::new();
    for &i in members {
        let c = &claims[i];
        if let Some(day) = day_of(c) {
            by_day.entry((day, count_of(c) == Some(0))).or_default().push(i);
        }
    }
    for ((day, zero), m) in by_day {
        groups.push(Group { date: Some(DateWindow::day(day)), zero, members: m });
    }
    let mut joined = Joined::default();
    for (k, g) in groups.iter().enumerate() {
        for &m in &g.members {
            joined.join(claims.article_number(m), k, count_of(&claims[m]).is_some());
        }
    }
    // Rule 2's events with a count other than none, by their day, and the
    // lowest and highest count each has so far (for rule 3's narrow windows).
    let day_groups: BTreeMap<NaiveDate, usize> = groups
        .iter()
        .enumerate()
        .filter(|(_, g)| !g.zero)
        .filter_map(|(k, g)| g.date.map(|d| (d.start, k)))
        .collect();
    let mut day_counts: Vec<Option<(u64, u64)>> =
        groups.iter().map(|g| count_range(g.members.iter().filter_map(|&m| count_of(&claims[m])))).collect();
    // Groups by their first count (and zero-ness), for rule 3.
    let mut by_count: HashMap<u64, CountIndex> = HashMap::new();
    for (k, g) in groups.iter().enumerate() {
        let mut seen: Vec<u64> = g.members.iter().filter_map(|&m| count_of(&claims[m])).collect();
        seen.sort_unstable();
        seen.dedup();
        for n in seen {
            by_count.entry(n).or_default().push(k, g.date);
        }
    }
    // Rule 3: a count without a day.
    for &i in members {
        let c = &claims[i];
        let Some(count) = count_of(c) else { continue };
        if day_of(c).is_some() && c.status != Status::Failed {
            continue;
        }
        let window = c.date.map(|d| d.window());
        let limit = published.window(claims.article(i)).map(|p| p.end);
        let article = claims.article_number(i);
        // Every group indexed under a count has the zero-ness of that count.
        let fits = |g: &Group| {
            g.zero == (count == 0)
                && match (window, g.date) {
                    (Some(w), Some(d)) => w.intersect(&d).is_some(),
                    _ => true,
                }
        };
        let own_groups = joined.groups_of(article);
        let index = by_count.get(&count);
        // the latest event of that count its own article already reports
        let own = index.and_then(|index| {
            let mut highest = None;
            for k in own_groups.iter().map(|&k| k as usize) {
                visit();
                if index.groups.contains(&k) && fits(&groups[k]) && highest.is_none_or(|h| k > h) {
                    highest = Some(k);
                }
            }
            highest
        });
        // the one day its own article reports this transfer without a count
        let own_day = || {
            let mut own_days = own_groups.iter().map(|&k| k as usize).filter(|&k| {
                visit();
                let g = &groups[k];
                // (other articles may give that day's count: what matters
                // is that this article gives none there)
                !g.zero
                    && g.date.is_some_and(|d| d.is_day())
                    && !joined.counted.contains(&(article, k as u32))
            });
            let (first, second) = (own_days.next(), own_days.next());
            match (first, second) {
                (Some(k), None) if c.status != Status::Failed && window.is_none() => Some(k),
                _ => None,
            }
        };
        // the latest event of that count not after the article's publication
        let before = || {
            let index = index?;
            let dated = match window {
                None => match limit {
                    None => index.highest_by_start.values().next_back().copied(),
                    Some(l) => index.highest_by_start.range(..=l).next_back().map(|(_, &k)| k),
                },
                Some(w) => {
                    let last_start = limit.map_or(w.end, |l| l.min(w.end));
                    let first_start =
                        w.start.checked_sub_signed(Duration::days(index.widest)).unwrap_or(NaiveDate::MIN);
                    let mut highest = None;
                    if first_start <= last_start {
                        for &k in index.dated.range(first_start..=last_start).flat_map(|(_, ks)| ks) {
                            visit();
                            if fits(&groups[k]) && highest.is_none_or(|h| k > h) {
                                highest = Some(k);
                            }
                        }
                    }
                    highest
                }
            };
            dated.max(index.undated)
        };
        // the one event of a day inside a narrow window, whatever its count
        let day_in_window = || {
            let w = window.filter(|w| w.days() <= NARROW_DAYS && c.status != Status::Failed && count != 0)?;
            let mut inside = day_groups.range(w.start..=w.end).map(|(_, &k)| k).inspect(|_| visit());
            match (inside.next(), inside.next()) {
                (Some(k), None) if counts_agree(day_counts[k], count) => Some(k),
                _ => None,
            }
        };
        let chosen = match own {
            Some(k) => Some(k),
            None => own_day().or_else(before).or_else(day_in_window),
        };
        match chosen {
            Some(k) => {
                groups[k].members.push(i);
                joined.join(article, k, true);
                if let Some(range) = day_counts.get_mut(k) {
                    *range = count_range(range.iter().flat_map(|&(lo, hi)| [lo, hi]).chain([count]));
                }
            }
            None if c.status != Status::Failed => {
                let k = groups.len();
                by_count.entry(count).or_default().push(k, window);
                groups.push(Group { date: window, zero: count == 0, members: vec![i] });
                joined.join(article, k, true);
            }
            None => {}
        }
    }
    // Rule 4: neither count nor day; groups indexed by their date.
    let mut by_date: BTreeMap<NaiveDate, Vec<usize>> = BTreeMap::new();
    let mut undated = Vec::new();
    for (k, g) in groups.iter().enumerate() {
        if g.zero {
            continue;
        }
        match g.date {
            Some(d) => by_date.entry(d.start).or_default().push(k),
            None => undated.push(k),
        }
    }
    let widest = groups.iter().filter_map(|g| g.date).map(|d| d.days()).max().unwrap_or(1);
    let nonzero = groups.iter().filter(|g| !g.zero).count();
    for &i in members {
        let c = &claims[i];
        if count_of(c).is_some() || (day_of(c).is_some() && c.status != Status::Failed) {
            continue;
        }
        let fitting: Vec<usize> = match c.date.map(|d| d.window()) {
            Some(w) => by_date
                .range(w.start - Duration::days(widest)..=w.end)
                .flat_map(|(_, ks)| ks.iter().copied())
                .inspect(|_| visit())
                .filter(|&k| groups[k].date.is_some_and(|d| w.intersect(&d).is_some()))
                .take(2)
                .collect(),
            // undated: only when the bucket has a single event
            None if nonzero == 1 => {
                by_date.values().flatten().chain(undated.iter()).copied().take(1).collect()
            }
            None => vec![],
        };
        if let [only] = fitting.as_slice() {
            groups[*only].members.push(i);
        }
    }
    (groups, work.get())
}

/// FNV-1a, for stable event ids without a dependency; written to as text
/// is, so an id's text need not be made to be hashed.
struct StableHash(u64);

impl StableHash {
    fn new() -> Self {
        StableHash(0xcbf29ce484222325)
    }
}

impl std::fmt::Write for StableHash {
    fn write_str(&mut self, text: &str) -> std::fmt::Result {
        self.0 = text.bytes().fold(self.0, |h, b| (h ^ u64::from(b)).wrapping_mul(0x100000001b3));
        Ok(())
    }
}

/// The events, each with its reports as claim numbers (of the [`Claims`]
/// they were built from), until [`Timeline::with_reports`] gives them
/// their reports, held as numbers ([`Reports`]).
struct Timeline {
    /// The events, without their reports.
    events: Vec<Event>,
    /// The claims reporting each event, in report order.
    members: Vec<Vec<u32>>,
}

impl Timeline {
    /// The events and their reports, read from the `claims` of `facts`
    /// they were built from (each event's claim numbers let go once read).
    fn with_reports(self, claims: &Claims, facts: &[Facts]) -> (Vec<Event>, Reports) {
        let mut reports = reports::ReportsBuilder::default();
        let places: Vec<u32> = facts.iter().map(|f| reports.article(Arc::clone(&f.article_id))).collect();
        let Timeline { events, members } = self;
        for members in members {
            reports.event(members.into_iter().map(|i| {
                let (part, k) = claims.at[i as usize];
                let part = part as usize;
                (places[part], facts[part].claim_id(k as usize), count_of(&claims[i]))
            }));
        }
        (events, reports.finish())
    }
}

fn build_events(claims: &Claims, groups: &[Group]) -> Timeline {
    let mut events: Vec<(Event, Vec<u32>)> = groups
        .par_iter()
        .map(|g| {
            let mut members = g.members.clone();
            members.sort_by(|&a, &b| {
                claims.article(a).cmp(claims.article(b)).then_with(|| claims.id(a).cmp(&claims.id(b)))
            });
            members.dedup();
            let first = &claims[members[0]];
            // A completed report's count outweighs a plan's ("should see 1,000 freed")
            let completed_counts: Vec<u64> = members
                .iter()
                .filter(|&&m| claims[m].status == Status::Completed)
                .filter_map(|&m| count_of(&claims[m]))
                .collect();
            let counts: Vec<u64> = if completed_counts.is_empty() {
                members.iter().filter_map(|&m| count_of(&claims[m])).collect()
            } else {
                completed_counts
            };
            let count = (!counts.is_empty()).then(|| {
                let mut tally: BTreeMap<u64, usize> = BTreeMap::new();
                for c in &counts {
                    *tally.entry(*c).or_default() += 1;
                }
                let best =
                    tally.iter().max_by(|a, b| a.1.cmp(b.1).then(a.0.cmp(b.0))).map(|(v, _)| *v).unwrap_or(0);
                Count {
                    best,
                    low: *counts.iter().min().unwrap_or(&0),
                    high: *counts.iter().max().unwrap_or(&0),
                }
            });
            let statuses: Vec<Status> = members.iter().map(|&m| claims[m].status).collect();
            let status = [Status::Completed, Status::Planned, Status::Failed]
                .into_iter()
                .find(|s| statuses.contains(s))
                .unwrap_or(Status::Completed);
            let (kind, from, to) = bucket_of(first).expect("bucketed claims");
            // The id hashes "kind|from|to|" and the reports' claim ids joined by "|".
            let mut hash = StableHash::new();
            let _ = write!(hash, "{kind:?}|{from}|{to}|");
            for (n, &m) in members.iter().enumerate() {
                let _ = write!(hash, "{}{}", if n == 0 { "" } else { "|" }, claims.id(m));
            }
            let event = Event {
                id: format!("e-{:016x}", hash.0),
                kind,
                from: from.to_string(),
                to: to.to_string(),
                count,
                date: g.date,
                status,
                reports: Vec::new(),
                corrected_by: Vec::new(),
            };
            (event, members)
        })
        .collect();
    events.sort_by(|(a, _), (b, _)| {
        (a.date.map(|d| (d.start, d.end)), a.kind, &a.from, &a.to, a.count.as_ref().map(|c| c.best), &a.id)
            .cmp(&(
                b.date.map(|d| (d.start, d.end)),
                b.kind,
                &b.from,
                &b.to,
                b.count.as_ref().map(|c| c.best),
                &b.id,
            ))
    });
    let (events, members) = events.into_iter().unzip();
    Timeline { events, members }
}

/// How many one-day events with a count there are per direction, count and
/// weekday: rule 5 asks it of every matched weekday report.
type DaysAlike<'e> = HashMap<(EventKind, &'e str, &'e str, u64, chrono::Weekday), usize>;

fn days_alike(events: &[Event]) -> DaysAlike<'_> {
    let mut alike = DaysAlike::new();
    for e in events {
        let (Some(count), Some(date)) = (&e.count, e.date) else { continue };
        if date.is_day() {
            *alike
                .entry((e.kind, e.from.as_str(), e.to.as_str(), count.best, date.start.weekday()))
                .or_default() += 1;
        }
    }
    alike
}

/// Rule 5: the publication window an article's matched weekday reports imply.
/// `event_of(k)` is the event claim `k` of `f` reports, if it may date
/// its article.
fn date_from_matches<'e>(
    f: &Facts,
    event_of: impl Fn(usize) -> Option<&'e Event>,
    on_weekday: &DaysAlike,
) -> Option<(DateWindow, Evidence)> {
    for (k, c) in f.claims.iter().enumerate() {
        let Some(DateExpr::Weekday { weekday, .. }) = &c.date_expr else { continue };
        if !c.may_date_its_article() {
            continue;
        }
        let matched =
            event_of(k).filter(|e| e.date.is_some_and(|d| d.is_day() && d.start.weekday() == *weekday));
        let Some(day) = matched.and_then(|e| e.date).map(|d| d.start) else { continue };
        // A count several dated events share on that weekday ("1,000 bodies"
        // is a common count) cannot say which one the article reports.
        let alike = matched.zip(c.quantity()).map_or(0, |(m, q)| {
            on_weekday.get(&(m.kind, m.from.as_str(), m.to.as_str(), q.value, *weekday)).copied().unwrap_or(0)
        });
        if alike > 1 {
            continue;
        }
        let mut end = day + Duration::days(6);
        for w in &f.weekdays {
            if let DateExpr::Weekday { weekday: fw, future: true, last: false } = w {
                if let Some(next) = (day + Duration::days(1)).iter_days().take(7).find(|d| d.weekday() == *fw)
                {
                    end = end.min(next);
                }
            }
        }
        return Some((
            DateWindow::new(day, end),
            Evidence {
                text: f.text(k).to_string(),
                span: f.span(k),
                article: Some(f.article_id.to_string()),
            },
        ));
    }
    None
}

fn agrees(stated: u64, q: Qualifier, computed: u64) -> bool {
    let (s, c) = (stated as f64, computed as f64);
    match q {
        Qualifier::Exact => computed == stated,
        Qualifier::Over | Qualifier::AtLeast => computed >= stated,
        Qualifier::Under => computed < stated,
        Qualifier::UpTo => computed <= stated,
        Qualifier::Nearly => c <= s && c >= 0.9 * s,
        Qualifier::Approximately => (c - s).abs() <= 0.1 * s,
    }
}

/// Rule 7: cumulative figures against the events they cover.
fn checks(claims: &Claims, events: &[Event], published: &impl Windows) -> Checks {
    let mut out = Checks::new();
    // Completed one-day remains events with a count, by receiver, in date order.
    let mut summable: BTreeMap<&str, Vec<&Event>> = BTreeMap::new();
    for e in events {
        if e.kind == EventKind::Remains
            && e.status == Status::Completed
            && e.count.as_ref().is_some_and(|n| n.best > 0)
            && e.date.is_some_and(|d| d.is_day())
        {
            summable.entry(e.to.as_str()).or_default().push(e);
        }
    }
    // Each receiver's list of event ids, once: a check sums a run of it.
    let mut lists: BTreeMap<&str, usize> = BTreeMap::new();
    for (to, list) in summable.iter_mut() {
        list.sort_by_key(|e| e.date.map(|d| d.start));
        lists.insert(to, out.push_list(list.iter().map(|e| e.id.clone()).collect()));
    }
    // Figures are checked article by article: a figure's sentence is looked
    // up among its own article's transfers (the parts of one article id are
    // adjacent, the facts being sorted by it).
    let with_claims: Vec<&Facts> = claims.parts.iter().copied().filter(|p| !p.claims.is_empty()).collect();
    let mut parts = with_claims.as_slice();
    while let Some(first) = parts.first() {
        let run = parts.iter().take_while(|p| p.article_id == first.article_id).count();
        let (same, rest) = parts.split_at(run);
        parts = rest;
        check_figures(same, &summable, &lists, published, &mut out);
    }
    out
}

/// Rule 7 for the figures of one article's claims (`parts`), against the
/// summable events by receiver.
fn check_figures(
    parts: &[&Facts],
    summable: &BTreeMap<&str, Vec<&Event>>,
    lists: &BTreeMap<&str, usize>,
    published: &impl Windows,
    out: &mut Checks,
) {
    let Some(article) = parts.first().map(|p| &*p.article_id) else { return };
    let claims = || parts.iter().flat_map(|p| p.claims.iter().enumerate().map(move |(k, c)| (p, k, c)));
    // The receiver of the first transfer reported in each sentence.
    let mut transfer_to: BTreeMap<tally_model::Span, Sym> = BTreeMap::new();
    for (p, k, t) in claims().filter(|(_, _, t)| t.kind == ClaimKind::Transfer) {
        if let Some(to) = t.to {
            transfer_to.entry(p.span(k)).or_insert(to);
        }
    }
    for (part, k, c) in claims() {
        let (Some(q), true) = (c.quantity(), c.checkable()) else { continue };
        let note = c.note();
        let note = note.as_ref();
        // The receiving side: the nationality named after the figure, else a
        // transfer reported in the same sentence, else any nationality named.
        let same_sentence = transfer_to.get(&part.span(k));
        let Some(to) = note
            .and_then(Note::nationality_after)
            .or_else(|| same_sentence.map(|t| t.text()))
            .or_else(|| note.and_then(Note::nationality))
        else {
            continue;
        };
        let until = c.date.as_ref().map(|d| d.end).or_else(|| published.window(article).map(|p| p.start));
        let Some(until) = until else { continue };
        let since = note.and_then(Note::period_days).map(|n| {
            let end = published.window(article).map(|p| p.start).unwrap_or(until);
            (end - Duration::days(i64::from(n.max(1)) - 1), end)
        });
        // Events are sorted by date: the covered ones are a contiguous run.
        let (Some(dated), Some(&list)) = (summable.get(&*to), lists.get(&*to)) else { continue };
        let (from_day, to_day) = since.unwrap_or((NaiveDate::MIN, until));
        let lo = dated.partition_point(|e| e.date.is_some_and(|d| d.start < from_day));
        let hi = dated.partition_point(|e| e.date.is_some_and(|d| d.start <= to_day));
        let covered = &dated[lo..hi.max(lo)];
        if covered.is_empty() {
            continue;
        }
        let computed: u64 =
            covered.iter().filter_map(|e| e.count.as_ref().map(|n| n.best)).fold(0, u64::saturating_add);
        let verdict =
            if agrees(q.value, q.qualifier, computed) { Verdict::Consistent } else { Verdict::Inconsistent };
        let claim = part.claim_id(k).to_string();
        let check = Check {
            id: format!("k-{claim}"),
            claim,
            article: article.to_string(),
            statement: part.text(k).to_string(),
            stated: q.value,
            qualifier: q.qualifier,
            computed,
            events: Vec::new(),
            verdict,
            note: match since {
                Some((s, t)) => format!("sum of dated completed remains events to {to} from {s} to {t}"),
                None => format!("sum of dated completed remains events to {to} up to {until}"),
            },
        };
        out.push(check, list, lo..hi.max(lo));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tally_model::{Attribution, AttributionKind, Claim, Quantity, Span};

    fn day(n: i64) -> NaiveDate {
        NaiveDate::from_ymd_opt(2024, 1, 1).unwrap() + Duration::days(n)
    }

    fn window(start: NaiveDate, end: NaiveDate) -> DatedWindow {
        DatedWindow { start, end, basis: DateBasis::Stated, evidence: vec![], reason: "test".into() }
    }

    /// A transfer claim of remains from RU to UA (or back), as reconciliation reads it.
    fn transfer(
        article: &str,
        n: usize,
        count: Option<u64>,
        date: Option<(NaiveDate, NaiveDate)>,
        status: Status,
        back: bool,
    ) -> Facts {
        let (from, to) = if back { ("UA", "RU") } else { ("RU", "UA") };
        fact(Claim {
            id: format!("{article}-c{n}"),
            article: article.into(),
            kind: ClaimKind::Transfer,
            subject: Subject::Remains,
            text: String::new(),
            span: Span { start: n, end: n + 1 },
            quantity: count.map(|value| Quantity {
                value,
                qualifier: Qualifier::Exact,
                text: value.to_string(),
                span: Span { start: n, end: n + 1 },
            }),
            from: Some(from.into()),
            to: Some(to.into()),
            date: date.map(|(start, end)| window(start, end)),
            status,
            attributed_to: Attribution {
                name: "a ministry".into(),
                kind: AttributionKind::Organisation,
                channel: None,
                via: None,
            },
            corrected_by: vec![],
        })
    }

    /// A claim in the form reconciliation reads.
    fn fact(claim: Claim) -> Facts {
        let article = ArticleFacts::of_claims(claim.article.clone(), None, vec![claim]);
        Facts::new(article)
    }

    fn shape(groups: &[Group]) -> Vec<(Option<DateWindow>, bool, Vec<u32>)> {
        groups.iter().map(|g| (g.date, g.zero, g.members.clone())).collect()
    }

    /// A small deterministic generator (xorshift), so the comparison below
    /// covers many mixes of counts, days, windows, statuses and articles.
    struct Draw(u64);
    impl Draw {
        fn below(&mut self, n: u64) -> u64 {
            self.0 ^= self.0 << 13;
            self.0 ^= self.0 >> 7;
            self.0 ^= self.0 << 17;
            self.0 % n
        }
    }

    #[test]
    fn the_indexed_clustering_groups_as_the_plain_reading_of_the_rules_does() {
        for seed in 1..=300u64 {
            let mut draw = Draw(seed.wrapping_mul(0x9e37_79b9_7f4a_7c15));
            let n = 1 + draw.below(60) as usize;
            let articles = 1 + draw.below(12);
            let mut claims = Vec::new();
            let mut published = BTreeMap::new();
            for i in 0..n {
                let article = format!("a{}", draw.below(articles));
                let count =
                    [None, Some(0), Some(100), Some(1000), Some(25), Some(120)][draw.below(6) as usize];
                let start = day(draw.below(30) as i64);
                let date = match draw.below(4) {
                    0 => None,
                    1 | 2 => Some((start, start)),
                    _ => Some((start, start + Duration::days(1 + draw.below(9) as i64))),
                };
                let status = [Status::Completed, Status::Completed, Status::Planned, Status::Failed]
                    [draw.below(4) as usize];
                if draw.below(3) == 0 {
                    let p = day(draw.below(40) as i64);
                    published.insert(article.clone(), window(p, p + Duration::days(draw.below(3) as i64)));
                }
                claims.push(transfer(&article, i, count, date, status, draw.below(5) == 0));
            }
            assert_eq!(
                shape(&cluster(&Claims::new(&claims), &published)),
                shape(&cluster_plain(&Claims::new(&claims), &published)),
                "seed {seed}"
            );
        }
    }

    /// Rule 3's narrow window: a count dated "that day or the next" joins the
    /// one event of a day inside it, whatever its count; a wider window, a
    /// failed report or a report of none does not.
    #[test]
    fn a_narrow_window_joins_the_one_day_inside_it_and_no_wider_one_does() {
        let d = day(10);
        let clustered = |date: (NaiveDate, NaiveDate), count: u64, status: Status| {
            let claims = vec![
                transfer("a1", 1, Some(205), Some((d, d)), Status::Completed, false),
                transfer("a2", 1, Some(count), Some(date), status, false),
            ];
            cluster(&Claims::new(&claims), &BTreeMap::new()).len()
        };
        assert_eq!(clustered((d, d + Duration::days(1)), 185, Status::Completed), 1);
        assert_eq!(clustered((d - Duration::days(1), d), 185, Status::Planned), 1);
        assert_eq!(clustered((d - Duration::days(1), d + Duration::days(1)), 185, Status::Completed), 2);
        assert_eq!(clustered((d + Duration::days(1), d + Duration::days(2)), 185, Status::Completed), 2);
        assert_eq!(clustered((d, d + Duration::days(1)), 0, Status::Completed), 2);
        // a count half again as large or more is no other report of that swap
        assert_eq!(clustered((d, d + Duration::days(1)), 307, Status::Completed), 1);
        assert_eq!(clustered((d, d + Duration::days(1)), 308, Status::Completed), 2);
        assert_eq!(clustered((d, d + Duration::days(1)), 137, Status::Completed), 1);
        assert_eq!(clustered((d, d + Duration::days(1)), 136, Status::Completed), 2);
        // (a failed report that matches no event makes none)
        assert_eq!(clustered((d, d + Duration::days(1)), 185, Status::Failed), 1);
        let failed = vec![
            transfer("a1", 1, Some(205), Some((d, d)), Status::Completed, false),
            transfer("a2", 1, Some(185), Some((d, d + Duration::days(1))), Status::Failed, false),
        ];
        let groups = cluster(&Claims::new(&failed), &BTreeMap::new());
        assert_eq!(groups[0].members, [0]);
        // the counts an event has are those of every report joined so far:
        // here the day's own article gives 300 without the day
        let later = vec![
            transfer("a1", 1, None, Some((d, d)), Status::Completed, false),
            transfer("a1", 2, Some(300), None, Status::Completed, false),
            transfer("a2", 1, Some(185), Some((d, d + Duration::days(1))), Status::Completed, false),
        ];
        assert_eq!(shape(&cluster(&Claims::new(&later), &BTreeMap::new())).len(), 2);
    }

    /// The work of clustering `n` claims made by `make`.
    fn work(
        n: usize,
        make: impl Fn(usize) -> Facts,
        published: impl Fn(usize) -> Option<DatedWindow>,
    ) -> u64 {
        let claims: Vec<Facts> = (0..n).map(&make).collect();
        let published: BTreeMap<String, DatedWindow> =
            (0..n).filter_map(|i| published(i).map(|p| (make(i).article_id.to_string(), p))).collect();
        let (groups, work) = cluster_counting(&Claims::new(&claims), &published);
        assert!(!groups.is_empty());
        work
    }

    /// Ten thousand reports of one event, from as many articles: a third
    /// give the day and the count, a third the count only, a third neither.
    /// The plain reading looks at every member of the event for each report
    /// (about n²/2 = 50 million steps); the bound is 4 steps a report.
    #[test]
    fn many_reports_of_one_event_take_linear_work() {
        let report = |i: usize| {
            let article = format!("a{i:05}");
            match i % 3 {
                0 => transfer(&article, 0, Some(1000), Some((day(10), day(10))), Status::Completed, false),
                1 => transfer(&article, 0, Some(1000), None, Status::Completed, false),
                _ => transfer(&article, 0, None, None, Status::Completed, false),
            }
        };
        let n = 10_000;
        let claims: Vec<Facts> = (0..n).map(report).collect();
        let timeline = build_events(&Claims::new(&claims), &cluster(&Claims::new(&claims), &BTreeMap::new()));
        let (events, reports) = timeline.with_reports(&Claims::new(&claims), &claims);
        assert_eq!(events.len(), 1);
        assert_eq!(reports.of(0).len(), n);
        let work = work(n, report, |_| None);
        assert!(work <= 4 * n as u64, "{work} steps for {n} reports");
    }

    /// Ten thousand events of one report each, all of the same count (an
    /// archive where "1,000 bodies" comes back every few weeks): half dated
    /// to their day, half to a week the article names, each published after
    /// it. The plain reading scans every earlier event of that count for
    /// each undated report; the bound is 4 steps a report.
    #[test]
    fn many_events_of_one_report_each_take_linear_work() {
        let report = |i: usize| {
            let article = format!("a{i:05}");
            let start = day(10 * i as i64);
            if i.is_multiple_of(2) {
                transfer(&article, 0, Some(1000), Some((start, start)), Status::Completed, false)
            } else {
                transfer(
                    &article,
                    0,
                    Some(1000),
                    Some((start, start + Duration::days(6))),
                    Status::Completed,
                    false,
                )
            }
        };
        let published = |i: usize| {
            let p = day(10 * i as i64 + 8);
            Some(window(p, p))
        };
        let n = 10_000;
        let claims: Vec<Facts> = (0..n).map(report).collect();
        let by_article: BTreeMap<String, DatedWindow> =
            (0..n).map(|i| (report(i).article_id.to_string(), published(i).unwrap())).collect();
        let timeline = build_events(&Claims::new(&claims), &cluster(&Claims::new(&claims), &by_article));
        let (events, reports) = timeline.with_reports(&Claims::new(&claims), &claims);
        assert_eq!(events.len(), n);
        assert!((0..n).all(|k| reports.of(k).len() == 1));
        let work = work(n, report, published);
        assert!(work <= 4 * n as u64, "{work} steps for {n} reports");
    }

    /// The clustering as the rules read, each claim against every group:
    /// the reference the indexed one is compared with.
    fn cluster_plain(claims: &Claims, published: &BTreeMap<String, DatedWindow>) -> Vec<Group> {
        let mut buckets: BTreeMap<Bucket, Vec<u32>> = BTreeMap::new();
        for (i, c) in claims.iter().enumerate() {
            if let Some(b) = bucket_of(c) {
                buckets.entry(b).or_default().push(i as u32);
            }
        }
        let mut out = Vec::new();
        for members in buckets.values() {
            let mut groups: Vec<Group> = Vec::new();
            // Rule 2: one-day claims.
            let mut by_day: BTreeMap<(NaiveDate, bool), Vec<u32>> = BTreeMap::new();
            for &i in members {
                let c = &claims[i];
                if let Some(day) = day_of(c) {
                    by_day.entry((day, count_of(c) == Some(0))).or_default().push(i);
                }
            }
            for ((day, zero), m) in by_day {
                groups.push(Group { date: Some(DateWindow::day(day)), zero, members: m });
            }
            // Groups by their first count (and zero-ness), for rule 3.
            let mut by_count: BTreeMap<u64, Vec<usize>> = BTreeMap::new();
            for (k, g) in groups.iter().enumerate() {
                let mut seen: Vec<u64> = g.members.iter().filter_map(|&m| count_of(&claims[m])).collect();
                seen.sort_unstable();
                seen.dedup();
                for n in seen {
                    by_count.entry(n).or_default().push(k);
                }
            }
            // Rule 3: a count without a day.
            for &i in members {
                let c = &claims[i];
                let Some(count) = count_of(c) else { continue };
                if day_of(c).is_some() && c.status != Status::Failed {
                    continue;
                }
                let window = c.date.map(|d| d.window());
                let limit = published.get(claims.article(i)).map(|p| p.end);
                let candidates = by_count.get(&count).map(Vec::as_slice).unwrap_or(&[]);
                let fits = |g: &Group| {
                    g.zero == (count == 0)
                        && match (window, g.date) {
                            (Some(w), Some(d)) => w.intersect(&d).is_some(),
                            _ => true,
                        }
                };
                let own = candidates.iter().rev().find(|&&k| {
                    fits(&groups[k])
                        && groups[k].members.iter().any(|&m| claims.article(m) == claims.article(i))
                });
                let before = || {
                    candidates.iter().rev().find(|&&k| {
                        fits(&groups[k]) && limit.is_none_or(|l| groups[k].date.is_none_or(|d| d.start <= l))
                    })
                };
                // the one day its own article reports this transfer without a count
                let own_day = || {
                    let mut own_days = groups.iter().enumerate().filter(|(_, g)| {
                        let mut own =
                            g.members.iter().filter(|&&m| claims.article(m) == claims.article(i)).peekable();
                        !g.zero
                            && g.date.is_some_and(|d| d.is_day())
                            && own.peek().is_some()
                            && own.all(|&m| count_of(&claims[m]).is_none())
                    });
                    match (own_days.next(), own_days.next()) {
                        (Some((k, _)), None) if c.status != Status::Failed && window.is_none() => Some(k),
                        _ => None,
                    }
                };
                // the one event of a day inside a narrow window, whatever its count
                let day_in_window = || {
                    let w = window
                        .filter(|w| w.days() <= NARROW_DAYS && c.status != Status::Failed && count != 0)?;
                    let mut inside = groups.iter().enumerate().filter(|(_, g)| {
                        !g.zero && g.date.is_some_and(|d| d.is_day() && w.contains(d.start))
                    });
                    match (inside.next(), inside.next()) {
                        (Some((k, g)), None)
                            if counts_agree(
                                count_range(g.members.iter().filter_map(|&m| count_of(&claims[m]))),
                                count,
                            ) =>
                        {
                            Some(k)
                        }
                        _ => None,
                    }
                };
                match own.copied().or_else(own_day).or_else(|| before().copied()).or_else(day_in_window) {
                    Some(k) => groups[k].members.push(i),
                    None if c.status != Status::Failed => {
                        by_count.entry(count).or_default().push(groups.len());
                        groups.push(Group { date: window, zero: count == 0, members: vec![i] });
                    }
                    None => {}
                }
            }
            // Rule 4: neither count nor day; groups indexed by their date.
            let mut by_date: BTreeMap<NaiveDate, Vec<usize>> = BTreeMap::new();
            let mut undated = Vec::new();
            for (k, g) in groups.iter().enumerate() {
                if g.zero {
                    continue;
                }
                match g.date {
                    Some(d) => by_date.entry(d.start).or_default().push(k),
                    None => undated.push(k),
                }
            }
            let widest = groups.iter().filter_map(|g| g.date).map(|d| d.days()).max().unwrap_or(1);
            let nonzero = groups.iter().filter(|g| !g.zero).count();
            for &i in members {
                let c = &claims[i];
                if count_of(c).is_some() || (day_of(c).is_some() && c.status != Status::Failed) {
                    continue;
                }
                let fitting: Vec<usize> = match c.date.map(|d| d.window()) {
                    Some(w) => by_date
                        .range(w.start - Duration::days(widest)..=w.end)
                        .flat_map(|(_, ks)| ks.iter().copied())
                        .filter(|&k| groups[k].date.is_some_and(|d| w.intersect(&d).is_some()))
                        .take(2)
                        .collect(),
                    // undated: only when the bucket has a single event
                    None if nonzero == 1 => {
                        by_date.values().flatten().chain(undated.iter()).copied().take(1).collect()
                    }
                    None => vec![],
                };
                if let [only] = fitting.as_slice() {
                    groups[*only].members.push(i);
                }
            }
            out.extend(groups);
        }
        out
    }
}
