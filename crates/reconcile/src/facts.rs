//! Reconciliation's compact form of an article's facts. A build holds every
//! article's facts until reconciliation, so per claim it keeps only what
//! reconciliation reads — its number, kind, parties, count, day window, status,
//! span, and the sentence only where reconciliation quotes it — in a few
//! dozen bytes instead of a whole `Claim` (whose full form a build keeps on
//! disk). Party codes, rule names and nationalities are symbols ([`Sym`]):
//! four bytes per claim, each string held once per build. The
//! article's `ArticleFacts` can be rebuilt around its full claims
//! ([`Facts::expand`]), for corrections, which read and change them.

use std::collections::HashMap;
use std::num::NonZeroU32;
use std::sync::{Arc, RwLock};

use chrono::NaiveDate;
use tally_extract::{ArticleFacts, ClaimNote, DateExpr};
use tally_model::{Claim, ClaimKind, DateBasis, DateWindow, DatedWindow, Qualifier, Span, Status, Subject};

/// One article's facts, compact (a build holds one per article with
/// claims: what few articles have is boxed aside, in [`Rare`]).
#[derive(Debug, Clone, PartialEq)]
pub struct Facts {
    pub article_id: Arc<str>,
    pub published: Option<DatedWindow>,
    pub claims: Vec<Fact>,
    /// Every weekday expression of the article (see `ArticleFacts`).
    pub weekdays: Box<[DateExpr]>,
    /// The year to give a month-day when the article has no date.
    pub year: Option<i32>,
    /// How many of the claims had a date expression and a note recorded
    /// (both are per claim, and may be missing in facts from elsewhere).
    date_exprs_len: u32,
    notes_len: u32,
    /// The sentences reconciliation quotes, by claim index (see
    /// [`Facts::text`]); most claims have none kept, so they are not a field
    /// of every [`Fact`].
    texts: Box<[(u32, Box<str>)]>,
    rare: Option<Box<Rare>>,
    /// Whether `published` is known to be the article's own window (see
    /// [`Facts::forget_own_evidence`]): then reconciliation need not give
    /// it back unless it sharpens it.
    pub(crate) published_is_own: bool,
}

/// What few articles' facts have.
#[derive(Debug, Clone, Default, PartialEq)]
struct Rare {
    /// Sentences whose claims were capped (see `ArticleFacts`).
    capped: Vec<Span>,
    /// The ids of claims whose id is not the article's followed by `-c`
    /// and their number (facts made elsewhere), by claim index.
    odd_ids: Vec<(u32, Box<str>)>,
    /// The spans that do not fit a [`Fact`]'s (beyond 4 GiB), by claim index.
    wide_spans: Vec<(u32, Span)>,
}

/// One claim as reconciliation reads it, in 64 bytes: a build holds one
/// for every claim of the corpus.
#[derive(Debug, Clone, PartialEq)]
pub struct Fact {
    /// The claim's number: its id is its article's followed by `-c` and
    /// this number (see [`Facts::claim_id`]); the article is its `Facts`'.
    pub number: u32,
    pub kind: ClaimKind,
    pub subject: Subject,
    pub status: Status,
    pub from: Option<Sym>,
    pub to: Option<Sym>,
    /// The count when `qualifier` is set (see [`Fact::quantity`]).
    value: u64,
    qualifier: Option<Qualifier>,
    pub date: Option<Dated>,
    /// The span's offsets, or `u32::MAX` twice when they do not fit (see
    /// [`Facts::span`]).
    span: (u32, u32),
    /// The date expression the claim's date came from, if any.
    pub date_expr: Option<DateExpr>,
    /// What extraction noted of the claim's sentence, if it noted anything.
    note: Option<NoteSym>,
}

impl Fact {
    /// Whether the claim may date an article without a usable date (rule
    /// 5): a count reported on a past weekday ("on Friday"), not already
    /// dated to one day.
    pub fn may_date_its_article(&self) -> bool {
        matches!(self.date_expr, Some(DateExpr::Weekday { future: false, last: false, .. }))
            && self.qualifier.is_some()
            && self.date.is_none_or(|d| d.start != d.end)
    }

    /// The claim's count.
    pub fn quantity(&self) -> Option<Amount> {
        self.qualifier.map(|qualifier| Amount { value: self.value, qualifier })
    }

    /// What extraction noted of the claim's sentence, if it noted anything.
    pub fn note(&self) -> Option<Note> {
        self.note.map(NoteSym::note)
    }

    /// Whether rule 7 checks this claim: a completed figure of remains
    /// moved, with a count not read as "up to".
    pub fn checkable(&self) -> bool {
        // (the note, read from the build's table, last)
        self.kind == ClaimKind::Figure
            && self.subject == Subject::Remains
            && self.status == Status::Completed
            && self.qualifier.is_some_and(|q| !matches!(q, Qualifier::UpTo))
            && self.note().as_ref().is_some_and(Note::moved)
    }
}

/// A claim's count.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Amount {
    pub value: u64,
    pub qualifier: Qualifier,
}

/// A claim's date window, without its evidence and reason (the full claim
/// on disk has them).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Dated {
    pub start: NaiveDate,
    pub end: NaiveDate,
    pub basis: DateBasis,
}

impl Dated {
    pub fn window(&self) -> DateWindow {
        DateWindow::new(self.start, self.end)
    }
}

/// Extraction's note on a claim, its strings as symbols. Few notes differ,
/// however many claims have one, so a claim keeps its note's number
/// ([`NoteSym`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Note {
    rule: Sym,
    period_days: Option<u32>,
    moved: bool,
    nationality_after: Option<Sym>,
    nationality: Option<Sym>,
}

impl Note {
    fn new(note: ClaimNote) -> Self {
        Note {
            rule: Sym::of(&note.rule),
            period_days: note.period_days,
            moved: note.moved,
            nationality_after: note.nationality_after.as_deref().map(Sym::of),
            nationality: note.nationality.as_deref().map(Sym::of),
        }
    }

    /// The note as extraction gave it.
    pub fn whole(&self) -> ClaimNote {
        ClaimNote {
            rule: self.rule.text().to_string(),
            period_days: self.period_days,
            moved: self.moved,
            nationality_after: self.nationality_after.map(|n| n.text().to_string()),
            nationality: self.nationality.map(|n| n.text().to_string()),
        }
    }

    /// "over two days": the days up to the report a figure covers.
    pub fn period_days(&self) -> Option<u32> {
        self.period_days
    }

    /// Whether the figure counts people or remains handed over.
    pub fn moved(&self) -> bool {
        self.moved
    }

    /// The first nationality named after the claim's number.
    pub fn nationality_after(&self) -> Option<Arc<str>> {
        self.nationality_after.map(Sym::text)
    }

    /// The first nationality named anywhere in the sentence.
    pub fn nationality(&self) -> Option<Arc<str>> {
        self.nationality.map(Sym::text)
    }
}

/// The number `n` of a claim id `{article}-c{n}` as extraction makes them
/// (written back, the same id), if it is one.
fn number_in(id: &str, article: &str) -> Option<u32> {
    let digits = id.strip_prefix(article)?.strip_prefix("-c")?;
    let n: u32 = digits.parse().ok().filter(|&n| n > 0)?;
    // ("-c01" or "-c+1" would not be written back as they came)
    (n.to_string() == digits).then_some(n)
}

/// A claim's id, made from its article's and its number when it has that
/// form; compared as the id's text is.
#[derive(Debug, Clone, Copy)]
pub enum ClaimId<'a> {
    Numbered(&'a str, u32),
    Odd(&'a str),
}

impl std::fmt::Display for ClaimId<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ClaimId::Numbered(article, n) => write!(f, "{article}-c{n}"),
            ClaimId::Odd(id) => f.write_str(id),
        }
    }
}

impl PartialEq for ClaimId<'_> {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other) == std::cmp::Ordering::Equal
    }
}

impl Eq for ClaimId<'_> {}

impl PartialOrd for ClaimId<'_> {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for ClaimId<'_> {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        let (mut x, mut y) = ([0u8; 10], [0u8; 10]);
        match (self, other) {
            // The same prefix: the numbers' digits decide, as text.
            (ClaimId::Numbered(a, n), ClaimId::Numbered(b, m)) if a == b => {
                digits(*n, &mut x).cmp(digits(*m, &mut y))
            }
            _ => self.text_bytes(&mut x).cmp(other.text_bytes(&mut y)),
        }
    }
}

impl<'a> ClaimId<'a> {
    /// The id compared with `text` as text, without writing it out.
    pub fn cmp_text(&self, text: &str) -> std::cmp::Ordering {
        let mut buffer = [0u8; 10];
        self.text_bytes(&mut buffer).cmp(text.bytes())
    }

    /// The bytes of the id's text (its number's digits written into `buffer`).
    fn text_bytes<'b>(&self, buffer: &'b mut [u8; 10]) -> impl Iterator<Item = u8> + 'b
    where
        'a: 'b,
    {
        let parts: [&[u8]; 3] = match *self {
            ClaimId::Numbered(article, n) => [article.as_bytes(), b"-c", digits(n, buffer)],
            ClaimId::Odd(id) => [id.as_bytes(), b"", b""],
        };
        parts.into_iter().flatten().copied()
    }
}

/// The decimal digits of `n`, written into `buffer`.
fn digits(mut n: u32, buffer: &mut [u8; 10]) -> &[u8] {
    let mut at = buffer.len();
    loop {
        at -= 1;
        buffer[at] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            return &buffer[at..];
        }
    }
}

/// Whether an article's publication date is unknown or wider than a week:
/// reconciliation may date such an article from its matched reports (rule 5).
pub fn without_usable_date(published: Option<&DatedWindow>) -> bool {
    published.is_none_or(|p| p.window().days() > 7)
}

/// A short string many claims share (a party code, a rule's name, a
/// nationality): its number in one table of the build. There are few such
/// strings, however many claims name them, so the table stays small. A
/// symbol's number depends on the order strings were first seen (threads
/// race), so symbols are compared for equality only, never ordered: order
/// by [`Sym::text`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Sym(NonZeroU32);

/// Values many claims share, each held once, and each value's number
/// (from 1, in the order values were first seen).
struct Interned<T> {
    values: Vec<T>,
    numbers: HashMap<T, NonZeroU32>,
}

impl<T: Clone + Eq + std::hash::Hash> Interned<T> {
    /// The number of `value` (made from it by `own` on its first use) in `table`.
    fn number<Q>(table: &RwLock<Option<Self>>, value: &Q, own: impl FnOnce(&Q) -> T) -> NonZeroU32
    where
        T: std::borrow::Borrow<Q>,
        Q: Eq + std::hash::Hash + ?Sized,
    {
        {
            let read = table.read().unwrap_or_else(|poisoned| poisoned.into_inner());
            if let Some(&n) = read.as_ref().and_then(|t| t.numbers.get(value)) {
                return n;
            }
        }
        let mut write = table.write().unwrap_or_else(|poisoned| poisoned.into_inner());
        let interned = write.get_or_insert_with(|| Interned { values: Vec::new(), numbers: HashMap::new() });
        if let Some(&n) = interned.numbers.get(value) {
            return n;
        }
        let value = own(value);
        interned.values.push(value.clone());
        // (more than four billion distinct values cannot be held anyway)
        let n = NonZeroU32::new(interned.values.len() as u32).unwrap_or(NonZeroU32::MAX);
        interned.numbers.insert(value, n);
        n
    }

    /// The value numbered `n` in `table`, if there is one.
    fn value(table: &RwLock<Option<Self>>, n: NonZeroU32) -> Option<T> {
        let read = table.read().unwrap_or_else(|poisoned| poisoned.into_inner());
        read.as_ref().and_then(|t| t.values.get(n.get() as usize - 1)).cloned()
    }
}

static SYMBOLS: RwLock<Option<Interned<Arc<str>>>> = RwLock::new(None);

impl Sym {
    /// The symbol of `text`, made on its first use.
    pub fn of(text: &str) -> Sym {
        Sym(Interned::number(&SYMBOLS, text, |t: &str| Arc::from(t)))
    }

    /// The string this symbol stands for.
    pub fn text(self) -> Arc<str> {
        Interned::value(&SYMBOLS, self.0).unwrap_or_else(|| Arc::from(""))
    }
}

/// A [`Note`]'s number in one table of the build: four bytes per claim
/// instead of the note's twenty-four.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
struct NoteSym(NonZeroU32);

static NOTES: RwLock<Option<Interned<Note>>> = RwLock::new(None);

impl NoteSym {
    fn of(note: Note) -> NoteSym {
        NoteSym(Interned::number(&NOTES, &note, |n| *n))
    }

    fn note(self) -> Note {
        // (every NoteSym is made by `of`, which numbers a value in the table)
        Interned::value(&NOTES, self.0).unwrap_or(Note {
            rule: Sym::of(""),
            period_days: None,
            moved: false,
            nationality_after: None,
            nationality: None,
        })
    }
}

/// The string a side table (sorted by claim index) keeps for claim `k`.
fn kept(table: &[(u32, Box<str>)], k: usize) -> Option<&str> {
    let found = table.binary_search_by_key(&k, |(at, _)| *at as usize).ok()?;
    Some(&table[found].1)
}

impl Facts {
    /// The compact form of `facts`.
    pub fn new(facts: ArticleFacts) -> Self {
        let ArticleFacts { article_id, published, claims, date_exprs, weekdays, year, notes, capped } = facts;
        let article: Arc<str> = Arc::from(article_id.as_str());
        let mut odd_ids = Vec::new();
        let mut wide_spans = Vec::new();
        let mut texts = Vec::new();
        // An article without a usable date has its claims with a date
        // expression re-dated from matching reports, which quotes them.
        let wide = without_usable_date(published.as_ref());
        // (more than 4 billion claims cannot be held in memory anyway)
        let (date_exprs_len, notes_len) = (date_exprs.len() as u32, notes.len() as u32);
        let mut date_exprs = date_exprs.into_iter();
        let mut notes = notes.into_iter();
        // Collected into a new vector: collecting in place would keep the
        // claims' allocation, sized for whole claims.
        let mut compact = Vec::with_capacity(claims.len());
        compact.extend(claims.into_iter().enumerate().map(|(k, c)| {
            let date_expr = date_exprs.next().flatten();
            let number = number_in(&c.id, &article).unwrap_or_else(|| {
                odd_ids.push((k as u32, c.id.clone().into_boxed_str()));
                0
            });
            let span = match (u32::try_from(c.span.start), u32::try_from(c.span.end)) {
                (Ok(start), Ok(end)) if end != u32::MAX => (start, end),
                _ => {
                    wide_spans.push((k as u32, c.span));
                    (u32::MAX, u32::MAX)
                }
            };
            let fact = Fact {
                number,
                kind: c.kind,
                subject: c.subject,
                status: c.status,
                from: c.from.as_deref().map(Sym::of),
                to: c.to.as_deref().map(Sym::of),
                value: c.quantity.as_ref().map_or(0, |q| q.value),
                qualifier: c.quantity.as_ref().map(|q| q.qualifier),
                date: c.date.map(|d| Dated { start: d.start, end: d.end, basis: d.basis }),
                span,
                date_expr,
                note: notes.next().map(|n| NoteSym::of(Note::new(n))),
            };
            if (wide && fact.date_expr.is_some()) || fact.checkable() {
                // (claims beyond u32::MAX cannot be held in memory anyway)
                texts.push((k as u32, c.text.into_boxed_str()));
            }
            fact
        }));
        // Re-dating needs the article dated first, from one of its own
        // weekday reports: without one, only the figures' sentences are quoted.
        if wide && !compact.iter().any(Fact::may_date_its_article) {
            texts.retain(|(k, _)| compact[*k as usize].checkable());
        }
        let rare = Rare { capped, odd_ids, wide_spans };
        Facts {
            article_id: article,
            published,
            claims: compact,
            weekdays: weekdays.into_boxed_slice(),
            year,
            date_exprs_len,
            notes_len,
            texts: texts.into_boxed_slice(),
            rare: (rare != Rare::default()).then(|| Box::new(rare)),
            published_is_own: false,
        }
    }

    /// The span of claim `k`'s sentence.
    pub fn span(&self, k: usize) -> Span {
        match self.claims.get(k).map(|c| c.span) {
            Some((u32::MAX, u32::MAX)) | None => {
                let wide = self.rare.as_ref().map_or(&[][..], |r| &r.wide_spans);
                let found = wide.binary_search_by_key(&k, |(at, _)| *at as usize);
                found.map_or(Span::new(0, 0), |at| wide[at].1)
            }
            Some((start, end)) => Span::new(start as usize, end as usize),
        }
    }

    /// The sentence of claim `k`, where reconciliation quotes it: a
    /// [`Fact::checkable`] figure's (its check quotes it), and a claim with
    /// a date expression in an article without a usable date that one of
    /// its claims may date ([`Fact::may_date_its_article`]): re-dating
    /// quotes it, and only such claims are re-dated or date their article.
    /// Empty otherwise.
    pub fn text(&self, k: usize) -> &str {
        kept(&self.texts, k).unwrap_or("")
    }

    /// The id of claim `k` (of `claims`).
    pub fn claim_id(&self, k: usize) -> ClaimId<'_> {
        match self.rare.as_ref().and_then(|r| kept(&r.odd_ids, k)) {
            Some(id) => ClaimId::Odd(id),
            None => ClaimId::Numbered(&self.article_id, self.claims.get(k).map_or(0, |c| c.number)),
        }
    }

    /// Drops the evidence and reason of the publication window when its
    /// days are `own`, the window the article itself has: reconciliation
    /// reads windows only, and the writer publishes a window from here only
    /// where it differs from the article's own. (Most articles' windows are
    /// their own, and the evidence quoted is many bytes each.)
    pub fn forget_own_evidence(&mut self, own: Option<DateWindow>) {
        if let Some(p) = &mut self.published {
            if Some(p.window()) == own {
                p.evidence = Vec::new();
                p.reason = String::new();
                self.published_is_own = true;
            }
        }
    }

    /// The article's facts as extraction gave them, around `claims`, its
    /// claims in full (the ones these facts were made from).
    pub fn expand(&self, claims: Vec<Claim>) -> ArticleFacts {
        ArticleFacts {
            article_id: self.article_id.to_string(),
            published: self.published.clone(),
            date_exprs: self
                .claims
                .iter()
                .take(self.date_exprs_len as usize)
                .map(|f| f.date_expr.clone())
                .collect(),
            notes: self
                .claims
                .iter()
                .take(self.notes_len as usize)
                .filter_map(|f| f.note().as_ref().map(Note::whole))
                .collect(),
            claims,
            weekdays: self.weekdays.to_vec(),
            year: self.year,
            capped: self.rare.as_ref().map(|r| r.capped.clone()).unwrap_or_default(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A completed claim of article "a" with the fields these tests vary.
    fn claim(
        id: &str,
        kind: ClaimKind,
        text: &str,
        span: Span,
        value: Option<u64>,
        qualifier: Qualifier,
    ) -> Claim {
        Claim {
            id: id.into(),
            article: "a".into(),
            kind,
            subject: Subject::Remains,
            text: text.into(),
            span,
            quantity: value.map(|value| tally_model::Quantity {
                value,
                qualifier,
                text: String::new(),
                span: Span::new(0, 0),
            }),
            from: None,
            to: None,
            date: None,
            status: Status::Completed,
            attributed_to: tally_model::Attribution {
                name: "a ministry".into(),
                kind: tally_model::AttributionKind::Organisation,
                channel: None,
                via: None,
            },
            corrected_by: vec![],
        }
    }

    fn facts_published(start: u32, end: u32) -> Facts {
        let day = |d| NaiveDate::from_ymd_opt(2025, 3, d).unwrap();
        let published = DatedWindow {
            start: day(start),
            end: day(end),
            basis: DateBasis::Stated,
            evidence: vec![tally_model::Evidence {
                text: "3 March".into(),
                span: Span::new(0, 7),
                article: None,
            }],
            reason: "a stamp".into(),
        };
        Facts::new(ArticleFacts::of_claims("a", Some(published), vec![]))
    }

    #[test]
    fn a_window_of_its_own_loses_its_evidence_and_another_keeps_it() {
        let mut own = facts_published(3, 3);
        let window = own.published.as_ref().map(DatedWindow::window);
        own.forget_own_evidence(window);
        let p = own.published.unwrap();
        assert_eq!((p.window(), p.evidence.len(), p.reason.as_str()), (window.unwrap(), 0, ""));

        // Extraction dated the article otherwise than it dates itself: the
        // writer publishes this window, with its evidence.
        let mut other = facts_published(3, 4);
        other.forget_own_evidence(window);
        let p = other.published.unwrap();
        assert_eq!((p.evidence.len(), p.reason.as_str()), (1, "a stamp"));
        let mut undated = facts_published(3, 3);
        undated.forget_own_evidence(None);
        assert_eq!(undated.published.unwrap().evidence.len(), 1);
    }

    #[test]
    fn reconciliation_gives_back_only_windows_that_may_differ_from_the_articles_own() {
        let with_id = |mut f: Facts, id: &str| {
            f.article_id = Arc::from(id);
            f
        };
        let window = facts_published(3, 3).published.as_ref().map(DatedWindow::window);
        let mut own = with_id(facts_published(3, 3), "own");
        own.forget_own_evidence(window);
        let mut other = with_id(facts_published(3, 4), "other");
        other.forget_own_evidence(window);
        // Facts from elsewhere, whose own window is not known, are given back too.
        let unknown = with_id(facts_published(3, 3), "unknown");
        let reconciled = crate::reconcile_facts(vec![own, other, unknown]);
        let given: Vec<(&str, usize)> =
            reconciled.published.iter().map(|(id, p)| (id.as_str(), p.evidence.len())).collect();
        assert_eq!(given, [("other", 1), ("unknown", 1)]);
    }

    #[test]
    fn claim_ids_are_given_back_as_they_came_and_compare_as_text() {
        let claim = |id: &str| claim(id, ClaimKind::Transfer, "", Span::new(0, 1), None, Qualifier::Exact);
        let ids = ["a-1-c2", "a-1-c10", "a-1-c01", "other", "a-1-c1", "a-1-c0", "a-1-c4294967296", "a-1-c9"];
        let facts =
            Facts::new(ArticleFacts::of_claims("a-1", None, ids.iter().map(|id| claim(id)).collect()));
        let given: Vec<String> = (0..ids.len()).map(|k| facts.claim_id(k).to_string()).collect();
        assert_eq!(given, ids);
        let mut by_id: Vec<ClaimId> = (0..ids.len()).map(|k| facts.claim_id(k)).collect();
        by_id.sort();
        let mut by_text = ids.to_vec();
        by_text.sort();
        assert_eq!(by_id.iter().map(|id| id.to_string()).collect::<Vec<_>>(), by_text);
    }

    proptest::proptest! {
        /// Ids compare as their text does, with each other and with text,
        /// without being written out: numbered ids of the same or other
        /// articles (whose ids may end in digits or hold "-c"), odd ids.
        #[test]
        fn claim_ids_compare_as_their_text(
            a in "[a-c0-9-]{0,6}", b in "[a-c0-9-]{0,6}", n in 0u32..2000, m in proptest::prop_oneof![0u32..2000, proptest::prelude::Just(u32::MAX)],
            odd in proptest::prelude::any::<bool>(),
        ) {
            let x = ClaimId::Numbered(&a, n);
            let y = if odd { ClaimId::Odd(&b) } else { ClaimId::Numbered(&b, m) };
            for (p, q) in [(x, y), (y, x), (x, x)] {
                proptest::prop_assert_eq!(p.cmp(&q), p.to_string().cmp(&q.to_string()));
                proptest::prop_assert_eq!(p.cmp_text(&q.to_string()), p.to_string().cmp(&q.to_string()));
            }
        }
    }

    #[test]
    fn spans_notes_and_counts_come_back_as_they_came_in_a_fact_of_64_bytes() {
        let claim = |span: Span, value: Option<u64>| {
            claim(
                "a-c1",
                ClaimKind::Figure,
                "It has received 900 bodies so far.",
                span,
                value,
                Qualifier::Over,
            )
        };
        let note = |days| ClaimNote {
            rule: "figure".into(),
            period_days: days,
            moved: true,
            nationality_after: Some("UA".into()),
            nationality: None,
        };
        // Offsets past 4 GiB (a file that large is refused by default, not by the type).
        let wide = Span::new(5_000_000_000, 5_000_000_040);
        let spans = [Span::new(10, 44), wide, Span::new(0, u32::MAX as usize), Span::new(7, 9)];
        let values = [Some(u64::MAX), None, Some(0), Some(900)];
        let notes = [note(Some(2)), note(None), note(Some(2)), note(Some(0))];
        let mut facts = ArticleFacts::of_claims(
            "a",
            None,
            spans.iter().zip(values).map(|(&span, value)| claim(span, value)).collect(),
        );
        facts.notes = notes.to_vec();
        let facts = Facts::new(facts);
        for k in 0..spans.len() {
            assert_eq!(facts.span(k), spans[k]);
            assert_eq!(
                facts.claims[k].quantity().map(|q| (q.value, q.qualifier)),
                values[k].map(|v| (v, Qualifier::Over))
            );
            assert_eq!(facts.claims[k].note().map(|n| n.whole()), Some(notes[k].clone()));
        }
        assert!(std::mem::size_of::<Fact>() <= 64, "a fact is {} bytes", std::mem::size_of::<Fact>());
    }

    #[test]
    fn an_undated_article_keeps_the_sentences_of_dated_claims_only_when_it_may_be_dated() {
        let claim = |n: usize, text: &str, value: Option<u64>| {
            let span = Span::new(n * 10, n * 10 + 9);
            claim(&format!("a-c{n}"), ClaimKind::Transfer, text, span, value, Qualifier::Exact)
        };
        let weekday = |future| DateExpr::Weekday { weekday: chrono::Weekday::Fri, future, last: false };
        let article = |exprs: Vec<Option<DateExpr>>, value: Option<u64>| {
            let claims = vec![
                claim(1, "In May 40 bodies came back.", Some(40)),
                claim(2, "On Friday more came.", value),
            ];
            let mut facts = ArticleFacts::of_claims("a", None, claims);
            facts.date_exprs = exprs;
            Facts::new(facts)
        };
        let texts = |f: &Facts| (f.text(0).to_string(), f.text(1).to_string());
        let may = article(vec![Some(DateExpr::MonthNoYear { month: 5 }), Some(weekday(false))], Some(50));
        assert_eq!(texts(&may), ("In May 40 bodies came back.".into(), "On Friday more came.".into()));
        // A weekday without a count, or one to come, cannot date the article.
        for (expr, value) in [(weekday(false), None), (weekday(true), Some(50))] {
            let cannot = article(vec![Some(DateExpr::MonthNoYear { month: 5 }), Some(expr)], value);
            assert_eq!(texts(&cannot), (String::new(), String::new()));
            assert!(!cannot.claims.iter().any(Fact::may_date_its_article));
        }
    }

    #[test]
    fn a_symbol_stands_for_its_text() {
        let (ua, ru) = (Sym::of("UA"), Sym::of("RU"));
        assert_eq!(Sym::of("UA"), ua);
        assert_ne!(ua, ru);
        assert_eq!((&*ua.text(), &*ru.text()), ("UA", "RU"));
    }
}
