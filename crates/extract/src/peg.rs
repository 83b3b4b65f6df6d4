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

use std::collections::{BTreeMap, BTreeSet};

use tally_model::{ClaimKind, DateBasis, DatedWindow, Evidence, Status, Subject};

use crate::ArticleFacts;

/// Days before publication a peg may be and still be the article's news.
const NEWS_DAYS: i64 = 7;

/// Dates undated completed transfers from the one day their article reports.
pub(crate) fn date_from_peg(facts: &mut ArticleFacts, is_background: impl Fn(&str) -> bool) {
    let Some(published) = facts.published.as_ref().map(DatedWindow::window) else { return };
    if published.days() > NEWS_DAYS {
        return;
    }
    for subject in [Subject::Prisoners, Subject::Remains] {
        let mut pegs = facts.claims.iter().enumerate().filter(|(_, c)| {
            c.subject == subject
                && c.status == Status::Completed
                && c.date.as_ref().is_some_and(|d| d.start == d.end)
        });
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
        let heirs: Vec<usize> = (0..facts.claims.len())
            .filter(|&k| {
                let c = &facts.claims[k];
                c.kind == ClaimKind::Transfer
                    && c.subject == subject
                    && c.status == Status::Completed
                    && c.date.is_none()
                    && facts.date_exprs.get(k).is_none_or(Option::is_none)
                    && c.quantity.as_ref().is_some_and(|q| q.value > 0)
                    && !is_background(&c.text)
            })
            .collect();
        // the counts each direction would have on the peg day
        let mut counts: BTreeMap<(Option<&str>, Option<&str>), BTreeSet<u64>> = BTreeMap::new();
        for (k, c) in facts.claims.iter().enumerate() {
            let on_peg =
                c.date.as_ref().is_some_and(|d| d.start == day && d.end == day) || heirs.contains(&k);
            if let (true, ClaimKind::Transfer, Some(q)) =
                (on_peg && c.subject == subject, c.kind, &c.quantity)
            {
                counts.entry((c.from.as_deref(), c.to.as_deref())).or_default().insert(q.value);
            }
        }
        let one_count: Vec<bool> = heirs
            .iter()
            .map(|&k| {
                let c = &facts.claims[k];
                counts.get(&(c.from.as_deref(), c.to.as_deref())).is_some_and(|n| n.len() == 1)
            })
            .collect();
        for (&k, one) in heirs.iter().zip(one_count) {
            if !one {
                continue;
            }
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
