//! Reconciliation's compact form of an article's facts. A build holds every
//! article's facts until reconciliation, so per claim it keeps only what
//! reconciliation reads — ids, kind, parties, count, day window, status,
//! span, and the sentence only where reconciliation quotes it — in a few
//! dozen bytes instead of a whole `Claim` (whose full form a build keeps on
//! disk). Party codes and rule names are shared, not copied per claim. The
//! article's `ArticleFacts` can be rebuilt around its full claims
//! ([`Facts::expand`]), for corrections, which read and change them.

use std::collections::BTreeSet;
use std::sync::{Arc, Mutex};

use chrono::NaiveDate;
use tally_extract::{ArticleFacts, ClaimNote, DateExpr};
use tally_model::{Claim, ClaimKind, DateBasis, DateWindow, DatedWindow, Qualifier, Span, Status, Subject};

/// One article's facts, compact.
#[derive(Debug, Clone, PartialEq)]
pub struct Facts {
    pub article_id: Arc<str>,
    pub published: Option<DatedWindow>,
    pub claims: Vec<Fact>,
    /// Every weekday expression of the article (see `ArticleFacts`).
    pub weekdays: Vec<DateExpr>,
    /// The year to give a month-day when the article has no date.
    pub year: Option<i32>,
    /// Sentences whose claims were capped (see `ArticleFacts`).
    pub capped: Vec<Span>,
    /// How many of the claims had a date expression and a note recorded
    /// (both are per claim, and may be missing in facts from elsewhere).
    date_exprs_len: usize,
    notes_len: usize,
}

/// One claim as reconciliation reads it.
#[derive(Debug, Clone, PartialEq)]
pub struct Fact {
    pub id: Box<str>,
    pub article: Arc<str>,
    pub kind: ClaimKind,
    pub subject: Subject,
    pub status: Status,
    pub from: Option<Arc<str>>,
    pub to: Option<Arc<str>>,
    pub quantity: Option<Amount>,
    pub date: Option<Dated>,
    pub span: Span,
    /// The sentence, kept only where reconciliation quotes it: a figure's
    /// (a check quotes it), and every claim of an article without a usable
    /// date (re-dating quotes them). Empty otherwise.
    pub text: Box<str>,
    /// The date expression the claim's date came from, if any.
    pub date_expr: Option<DateExpr>,
    /// What extraction noted of the claim's sentence, if it noted anything.
    pub note: Option<Note>,
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

/// Extraction's note on a claim: its rule's name (shared), and the rest
/// only when it says anything (most notes are a rule's name alone).
#[derive(Debug, Clone, PartialEq)]
pub enum Note {
    Rule(Arc<str>),
    Full(Box<ClaimNote>),
}

impl Note {
    fn new(note: ClaimNote) -> Self {
        let plain = note.period_days.is_none()
            && !note.moved
            && note.nationality_after.is_none()
            && note.nationality.is_none();
        if plain {
            Note::Rule(shared(&note.rule))
        } else {
            Note::Full(Box::new(note))
        }
    }

    /// The note as extraction gave it.
    pub fn whole(&self) -> ClaimNote {
        match self {
            Note::Rule(rule) => ClaimNote { rule: rule.to_string(), ..ClaimNote::default() },
            Note::Full(note) => (**note).clone(),
        }
    }

    /// The note when it says more than its rule's name (what checks read).
    pub fn full(&self) -> Option<&ClaimNote> {
        match self {
            Note::Rule(_) => None,
            Note::Full(note) => Some(note),
        }
    }
}

/// Whether an article's publication date is unknown or wider than a week:
/// reconciliation may date such an article from its matched reports (rule 5).
pub fn without_usable_date(published: Option<&DatedWindow>) -> bool {
    published.is_none_or(|p| p.window().days() > 7)
}

/// The one shared copy of a short, often repeated string (a party code, a
/// rule's name): there are few of them, however many claims name them.
fn shared(text: &str) -> Arc<str> {
    static SHARED: Mutex<BTreeSet<Arc<str>>> = Mutex::new(BTreeSet::new());
    let mut set = SHARED.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
    if let Some(found) = set.get(text) {
        return found.clone();
    }
    let new: Arc<str> = Arc::from(text);
    set.insert(new.clone());
    new
}

impl Facts {
    /// The compact form of `facts`.
    pub fn new(facts: ArticleFacts) -> Self {
        let ArticleFacts { article_id, published, claims, date_exprs, weekdays, year, notes, capped } = facts;
        let article: Arc<str> = Arc::from(article_id.as_str());
        // An article without a usable date has its claims re-dated from
        // matching reports, which quotes them.
        let wide = without_usable_date(published.as_ref());
        let (date_exprs_len, notes_len) = (date_exprs.len(), notes.len());
        let mut date_exprs = date_exprs.into_iter();
        let mut notes = notes.into_iter();
        // Collected into a new vector: collecting in place would keep the
        // claims' allocation, sized for whole claims.
        let mut compact = Vec::with_capacity(claims.len());
        compact.extend(claims.into_iter().map(|c| {
            let keep_text = wide || c.kind == ClaimKind::Figure;
            Fact {
                id: c.id.into_boxed_str(),
                article: article.clone(),
                kind: c.kind,
                subject: c.subject,
                status: c.status,
                from: c.from.as_deref().map(shared),
                to: c.to.as_deref().map(shared),
                quantity: c.quantity.map(|q| Amount { value: q.value, qualifier: q.qualifier }),
                date: c.date.map(|d| Dated { start: d.start, end: d.end, basis: d.basis }),
                span: c.span,
                text: if keep_text { c.text.into_boxed_str() } else { Box::from("") },
                date_expr: date_exprs.next().flatten(),
                note: notes.next().map(Note::new),
            }
        }));
        Facts {
            article_id: article,
            published,
            claims: compact,
            weekdays,
            year,
            capped,
            date_exprs_len,
            notes_len,
        }
    }

    /// The article's facts as extraction gave them, around `claims`, its
    /// claims in full (the ones these facts were made from).
    pub fn expand(&self, claims: Vec<Claim>) -> ArticleFacts {
        ArticleFacts {
            article_id: self.article_id.to_string(),
            published: self.published.clone(),
            date_exprs: self.claims.iter().take(self.date_exprs_len).map(|f| f.date_expr.clone()).collect(),
            notes: self
                .claims
                .iter()
                .take(self.notes_len)
                .filter_map(|f| f.note.as_ref().map(Note::whole))
                .collect(),
            claims,
            weekdays: self.weekdays.clone(),
            year: self.year,
            capped: self.capped.clone(),
        }
    }
}
