//! The timeline's reports, held as numbers until they are written. An
//! event that many outlets report has thousands of reports, and a corpus's
//! events hold about one per transfer claim: as [`Report`]s (an id string
//! each) they were the largest thing a build held while writing. Here a
//! report is its article's place in one shared list, its claim's number and
//! its count (16 bytes); [`Reports::whole`] makes one event's [`Report`]s
//! when they are written.

use std::sync::Arc;

use tally_model::{Event, Report};

use crate::facts::ClaimId;

/// The reports of each event of a timeline, in the timeline's order.
#[derive(Debug, Clone, Default)]
pub struct Reports {
    /// The articles reports name, each once.
    articles: Vec<Arc<str>>,
    /// Claim ids not made from their article's id and a number (facts made
    /// elsewhere), by [`Held::claim`] when [`Held::ODD`] is set.
    odd: Vec<Box<str>>,
    /// Each event's reports, in report order.
    of_event: Vec<Box<[Held]>>,
}

/// One report, in 16 bytes: its article in [`Reports::articles`], its
/// claim (the number in its article's ids, or a place in [`Reports::odd`])
/// and its count.
#[derive(Debug, Clone, Copy)]
struct Held {
    /// The article's place, with [`Held::ODD`] set when `claim` is a place
    /// in the odd ids and [`Held::NO_COUNT`] when the report gives none.
    article: u32,
    claim: u32,
    count: u64,
}

impl Held {
    const ODD: u32 = 1 << 31;
    const NO_COUNT: u32 = 1 << 30;
    const FLAGS: u32 = Held::ODD | Held::NO_COUNT;

    fn count(&self) -> Option<u64> {
        (self.article & Held::NO_COUNT == 0).then_some(self.count)
    }
}

/// One report as [`Reports`] hold it, read without making a string.
#[derive(Debug, Clone, Copy)]
pub struct ReportRef<'a> {
    pub article: &'a Arc<str>,
    pub claim: ClaimId<'a>,
    pub count: Option<u64>,
}

impl ReportRef<'_> {
    /// The report as published.
    pub fn to_report(&self) -> Report {
        Report { article: Arc::clone(self.article), claim: self.claim.to_string(), count: self.count }
    }
}

/// Builds [`Reports`] event by event.
#[derive(Default)]
pub(crate) struct ReportsBuilder {
    reports: Reports,
}

impl ReportsBuilder {
    /// Adds the next event's reports: each its article's place (see
    /// [`ReportsBuilder::article`]), claim id and count.
    pub(crate) fn event<'a>(&mut self, reports: impl Iterator<Item = (u32, ClaimId<'a>, Option<u64>)>) {
        let odd = &mut self.reports.odd;
        let held = reports
            .map(|(article, claim, count)| {
                let article = if count.is_some() { article } else { article | Held::NO_COUNT };
                let count = count.unwrap_or(0);
                match claim {
                    ClaimId::Numbered(_, number) => Held { article, claim: number, count },
                    ClaimId::Odd(id) => {
                        odd.push(id.into());
                        // (more than a billion odd ids cannot be held in memory anyway)
                        Held { article: article | Held::ODD, claim: (odd.len() - 1) as u32, count }
                    }
                }
            })
            .collect();
        self.reports.of_event.push(held);
    }

    /// Gives `article` the next place in the list of articles; its reports
    /// are then added with that place.
    pub(crate) fn article(&mut self, article: Arc<str>) -> u32 {
        self.reports.articles.push(article);
        // (more than a billion articles cannot be held in memory anyway)
        (self.reports.articles.len() - 1) as u32
    }

    pub(crate) fn finish(mut self) -> Reports {
        self.reports.articles.shrink_to_fit();
        self.reports.odd.shrink_to_fit();
        self.reports
    }
}

impl Reports {
    /// Whether event `k`'s reports are held here (not in the event itself).
    pub fn holds(&self, k: usize) -> bool {
        k < self.of_event.len()
    }

    /// Event `k`'s reports, none if they are not held here.
    pub fn of(&self, k: usize) -> impl ExactSizeIterator<Item = ReportRef<'_>> + '_ {
        self.of_event.get(k).map_or(&[][..], |held| &held[..]).iter().map(move |held| {
            let place = held.article & !Held::FLAGS;
            let article = &self.articles[place as usize];
            let claim = if held.article & Held::ODD != 0 {
                ClaimId::Odd(&self.odd[held.claim as usize])
            } else {
                ClaimId::Numbered(article, held.claim)
            };
            ReportRef { article, claim, count: held.count() }
        })
    }

    /// Event `k`'s reports as published.
    pub fn whole(&self, k: usize) -> Vec<Report> {
        self.of(k).map(|r| r.to_report()).collect()
    }
}

/// The reports of `event`, the `k`th of a timeline whose reports `held` may
/// hold: from there, or else the event's own.
pub fn report_refs<'a>(
    held: &'a Reports,
    k: usize,
    event: &'a Event,
) -> Box<dyn ExactSizeIterator<Item = ReportRef<'a>> + 'a> {
    if held.holds(k) {
        Box::new(held.of(k))
    } else {
        Box::new(event.reports.iter().map(|r| ReportRef {
            article: &r.article,
            claim: ClaimId::Odd(&r.claim),
            count: r.count,
        }))
    }
}
