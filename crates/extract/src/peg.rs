//! The day an article reports. A news report of an exchange gives its day
//! once, usually in the lead ("Russia and Ukraine swapped 200 prisoners on
//! Saturday"), and the sentences that follow give each side's count without
//! repeating it ("Kyiv said 116 Ukrainians had been returned"). A careful
//! reader dates those counts from the lead; so does this pass, when the
//! article dates one exchange only:
//!
//! - the *peg* is the one day that the article's completed transfers and
//!   figures of one subject (prisoners or remains) are dated to; two
//!   different days mean two exchanges, and nothing is inherited;
//! - the peg is news: within a week before a known publication date (a day
//!   long before it is background, and without a publication date nothing
//!   says which it is);
//! - a completed transfer with a count and no date expression of its own
//!   takes the peg, unless its sentence says it is background ("earlier",
//!   "so far", ...);
//! - and only when that gives its direction one count on the peg: two
//!   counts the same way are two handovers, or a disagreement, and the day
//!   cannot tell them apart.
//!
//! The date is `inferred`, with the peg's sentence as evidence.
//!
//! An article published on a known day that dates no exchange of a subject
//! in the week before reports its undated completed transfers before any
//! older dated one (news comes first) as news:
//! they took place on that day or the day before ([`date_from_publication`]);
//! only each direction's largest count does, the smaller beside it being
//! its parts or side notes, and every such transfer told without a count.

use std::collections::{BTreeMap, BTreeSet};

use chrono::{Duration, NaiveDate};
use tally_model::{Claim, ClaimKind, DateBasis, DatedWindow, Evidence, Status, Subject};

use crate::ArticleFacts;

/// Days before publication a peg may be and still be the article's news.
const NEWS_DAYS: i64 = 7;

/// Dates undated completed transfers from the one day their article
/// reports, or else from the day it was published. `background` holds, per
/// claim, whether its sentence's tags (those extraction read it by) hold a
/// background or total word ("earlier", "so far").
pub(crate) fn date_undated_transfers(facts: &mut ArticleFacts, background: &[bool]) {
    date_from_peg(facts, background);
    date_from_publication(facts, background);
}

/// The claims of `subject` that would take a day their article gives:
/// completed transfers with a count and no date expression of their own,
/// not in the past of the news.
fn candidates(facts: &ArticleFacts, subject: Subject, background: &[bool]) -> Vec<usize> {
    undated_news(facts, subject, background, true)
}

/// The completed transfers of `subject` with no date expression of their
/// own, not in the past of the news, that give a count (when `counted`) or
/// give none.
fn undated_news(facts: &ArticleFacts, subject: Subject, background: &[bool], counted: bool) -> Vec<usize> {
    (0..facts.claims.len())
        .filter(|&k| {
            let c = &facts.claims[k];
            c.kind == ClaimKind::Transfer
                && c.subject == subject
                && c.status == Status::Completed
                && c.date.is_none()
                && facts.date_exprs.get(k).is_none_or(Option::is_none)
                && match &c.quantity {
                    Some(q) => counted && q.value > 0,
                    None => !counted,
                }
                && !background[k]
        })
        .collect()
}

/// The [`candidates`] that leave their direction one count on `day`: two
/// counts the same way on one day are two handovers, or a disagreement, and
/// one day would merge them into one event.
fn heirs(facts: &ArticleFacts, subject: Subject, day: NaiveDate, background: &[bool]) -> Vec<usize> {
    let candidates = candidates(facts, subject, background);
    // the counts each direction would have on the day
    let mut counts: BTreeMap<(Option<&str>, Option<&str>), BTreeSet<u64>> = BTreeMap::new();
    for (k, c) in facts.claims.iter().enumerate() {
        let on_day =
            c.date.as_ref().is_some_and(|d| d.start == day && d.end == day) || candidates.contains(&k);
        if let (true, ClaimKind::Transfer, Some(q)) = (on_day && c.subject == subject, c.kind, &c.quantity) {
            counts.entry((c.from.as_deref(), c.to.as_deref())).or_default().insert(q.value);
        }
    }
    candidates
        .into_iter()
        .filter(|&k| {
            let c = &facts.claims[k];
            counts.get(&(c.from.as_deref(), c.to.as_deref())).is_some_and(|n| n.len() == 1)
        })
        .collect()
}

/// A completed claim of `subject` dated to one day.
fn dated_to_a_day(c: &Claim, subject: Subject) -> bool {
    c.subject == subject && c.status == Status::Completed && c.date.as_ref().is_some_and(|d| d.start == d.end)
}

/// Dates undated completed transfers from the one day their article reports.
fn date_from_peg(facts: &mut ArticleFacts, background: &[bool]) {
    let Some(published) = facts.published.as_ref().map(DatedWindow::window) else { return };
    if published.days() > NEWS_DAYS {
        return;
    }
    for subject in [Subject::Prisoners, Subject::Remains] {
        let mut pegs = facts.claims.iter().enumerate().filter(|(_, c)| dated_to_a_day(c, subject));
        let Some((peg, first)) = pegs.next() else { continue };
        let day = first.date.as_ref().map(|d| d.start).expect("filtered on a date");
        if pegs.any(|(_, c)| c.date.as_ref().is_some_and(|d| d.start != day)) {
            continue; // two days: two exchanges
        }
        let age = (published.end - day).num_days();
        if !(0..=NEWS_DAYS).contains(&age) {
            continue;
        }
        let evidence = Evidence { text: first.text.clone(), span: first.span, article: None };
        let expr = facts.date_exprs.get(peg).cloned().flatten();
        for k in heirs(facts, subject, day, background) {
            facts.claims[k].date = Some(DatedWindow {
                start: day,
                end: day,
                basis: DateBasis::Inferred,
                evidence: vec![evidence.clone()],
                reason:
                    "the one day the article reports this exchange on; the sentence names no day of its own"
                        .into(),
            });
            if let Some(slot) = facts.date_exprs.get_mut(k) {
                slot.clone_from(&expr);
            }
        }
    }
}

/// Dates the undated completed transfers of an article published on a known
/// day that dates no exchange of theirs: on that day or the day before.
fn date_from_publication(facts: &mut ArticleFacts, background: &[bool]) {
    let stated = |p: &DatedWindow| p.start == p.end && p.basis == DateBasis::Stated;
    let Some(published) = facts.published.clone().filter(stated) else { return };
    let day = published.start;
    for subject in [Subject::Prisoners, Subject::Remains] {
        let news = |c: &Claim| {
            dated_to_a_day(c, subject)
                && c.date.as_ref().is_some_and(|d| (0..=NEWS_DAYS).contains(&(day - d.start).num_days()))
        };
        if facts.claims.iter().any(news) {
            continue; // the article dates its exchange: see the peg
        }
        // News comes first: counts after an older dated exchange may be of
        // it, counts before it (the lead) are the news.
        let older = facts.claims.iter().position(|c| dated_to_a_day(c, subject)).unwrap_or(usize::MAX);
        // Only each direction's largest count: the smaller ones beside it are
        // its parts ("including two civilians") or side notes, which the
        // news day need not fit. (Reconciliation joins a count dated to a
        // window of two days to the one event of a day inside it only where
        // the counts agree within half again: see its rule 3.)
        let candidates: Vec<usize> =
            candidates(facts, subject, background).into_iter().filter(|&k| k < older).collect();
        let mut largest: BTreeMap<(Option<&str>, Option<&str>), u64> = BTreeMap::new();
        for &k in &candidates {
            let c = &facts.claims[k];
            let n = c.quantity.as_ref().map_or(0, |q| q.value);
            let slot = largest.entry((c.from.as_deref(), c.to.as_deref())).or_default();
            *slot = (*slot).max(n);
        }
        let largest = candidates.iter().copied().filter(|&k| {
            let c = &facts.claims[k];
            largest.get(&(c.from.as_deref(), c.to.as_deref()))
                == c.quantity.as_ref().map(|q| q.value).as_ref()
        });
        // The news told without a count ("the two sides carried out the first
        // stage of the swap") is of those days too: reconciliation adds such
        // a report only to the one event its window allows, and makes none.
        let uncounted = undated_news(facts, subject, background, false).into_iter().filter(|&k| k < older);
        let news: Vec<usize> = largest.chain(uncounted).collect();
        for k in news {
            facts.claims[k].date = Some(DatedWindow {
                start: day - Duration::days(1),
                end: day,
                basis: DateBasis::Inferred,
                evidence: published.evidence.clone(),
                reason: format!(
                    "reported as news, with no day of its own, in an article published {day}: that day or the day before"
                ),
            });
        }
    }
}
