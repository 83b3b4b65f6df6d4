//! Claims spilled to disk as articles are processed, so a build holds each
//! article's facts in reconciliation's compact form
//! (`tally_reconcile::Facts`), not its claims' every text: the per-article
//! stage writes each article's claims in full ([`ClaimSpill`], one JSON line
//! a claim, in path order) and keeps them compact; the writer reads them
//! back in full ([`SpilledClaims`]) as it writes `claims.jsonl`, taking only
//! the dates reconciliation gave them.

use std::collections::HashMap;
use std::fs::File;
use std::io::{self, BufRead, BufReader, BufWriter, Seek, SeekFrom, Write};
use std::path::Path;
use std::sync::Arc;

use tally_extract::ArticleFacts;
use tally_model::{Claim, DateWindow};
use tally_reconcile::Facts;

/// The spill file's name inside the build directory.
pub const CLAIM_SPILL: &str = ".claims.spill";

/// Where each article's claims start in the spill, and how many there are
/// (keyed by the article's id as its facts share it).
type Places = HashMap<Arc<str>, (u64, usize)>;

/// The spill being written.
pub struct ClaimSpill {
    out: BufWriter<File>,
    written: u64,
    places: Places,
}

impl ClaimSpill {
    pub fn create(path: &Path) -> io::Result<Self> {
        Ok(ClaimSpill {
            out: BufWriter::with_capacity(256 * 1024, File::create(path)?),
            written: 0,
            places: Places::new(),
        })
    }

    /// Writes the claims of `facts` in full and gives the facts back
    /// compact; `own` is the publication window the article itself has.
    pub fn spill(&mut self, facts: ArticleFacts, own: Option<DateWindow>) -> io::Result<Facts> {
        let place = (self.written, facts.claims.len());
        for claim in &facts.claims {
            let mut line = serde_json::to_vec(claim)?;
            line.push(b'\n');
            self.out.write_all(&line)?;
            self.written += line.len() as u64;
        }
        let mut compact = Facts::new(facts);
        if place.1 > 0 {
            self.places.insert(Arc::clone(&compact.article_id), place);
        }
        compact.forget_own_evidence(own);
        Ok(compact)
    }

    /// Flushes the spill and opens it for reading back.
    pub fn finish(mut self, path: &Path) -> io::Result<SpilledClaims> {
        self.out.flush()?;
        drop(self.out);
        Ok(SpilledClaims {
            file: BufReader::with_capacity(64 * 1024, File::open(path)?),
            places: self.places,
        })
    }
}

/// The spill, read back.
pub struct SpilledClaims {
    file: BufReader<File>,
    places: Places,
}

impl SpilledClaims {
    /// The full claims of `article`, in reading order (none when it spilled none).
    pub fn read(&mut self, article: &str) -> io::Result<Vec<Claim>> {
        let Some(&(start, count)) = self.places.get(article) else { return Ok(Vec::new()) };
        self.file.seek(SeekFrom::Start(start))?;
        let mut claims = Vec::with_capacity(count);
        let mut line = Vec::new();
        for _ in 0..count {
            line.clear();
            self.file.read_until(b'\n', &mut line)?;
            claims.push(serde_json::from_slice(&line)?);
        }
        Ok(claims)
    }

    /// The article's facts as extraction gave them, its claims in full
    /// (for corrections, which read and change them).
    pub fn expand(&mut self, facts: &Facts) -> io::Result<ArticleFacts> {
        let claims = self.read(&facts.article_id)?;
        Ok(facts.expand(claims))
    }

    /// The ids of the articles that spilled claims, in id order (the order
    /// of `claims.jsonl`).
    pub fn articles(&self) -> Vec<Arc<str>> {
        let mut ids: Vec<Arc<str>> = self.places.keys().cloned().collect();
        ids.sort_unstable();
        ids
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;
    use tally_model::{
        Attribution, AttributionKind, ClaimKind, DateBasis, DatedWindow, Evidence, Qualifier, Quantity, Span,
        Status, Subject,
    };

    fn day(d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2025, 6, d).unwrap()
    }

    fn dated(d: u32, reason: &str, text: &str) -> DatedWindow {
        DatedWindow {
            start: day(d),
            end: day(d),
            basis: DateBasis::Inferred,
            evidence: vec![Evidence { text: text.into(), span: Span::new(0, 9), article: None }],
            reason: reason.into(),
        }
    }

    fn claim(article: &str, n: usize, kind: ClaimKind) -> Claim {
        let text = format!("On Wednesday the sides exchanged {n}00 prisoners.");
        Claim {
            id: format!("{article}-c{n}"),
            article: article.into(),
            kind,
            subject: Subject::Prisoners,
            text: text.clone(),
            span: Span::new(10 * n, 10 * n + 9),
            quantity: Some(Quantity {
                value: n as u64 * 100,
                qualifier: Qualifier::Exact,
                text: format!("{n}00"),
                span: Span::new(0, 3),
            }),
            from: Some("RU".into()),
            to: Some("UA".into()),
            date: Some(dated(11, "weekday 'Wednesday' before the article date", &text)),
            status: Status::Completed,
            attributed_to: Attribution {
                name: "the ministry".into(),
                kind: AttributionKind::Organisation,
                channel: Some("Telegram".into()),
                via: None,
            },
            corrected_by: vec![],
        }
    }

    #[test]
    fn spilled_claims_come_back_whole_and_the_facts_expand_to_what_extraction_gave() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(CLAIM_SPILL);
        let mut spill = ClaimSpill::create(&path).unwrap();
        // A dated article's transfers lose their sentence in memory, and so
        // does a figure no check reads; a figure of remains moved keeps it
        // (its check quotes it). An undated article that a weekday count of
        // its own may date keeps the sentences of claims with a date
        // expression (re-dating quotes them), only.
        let mut remains = claim("a-1", 2, ClaimKind::Figure);
        remains.subject = Subject::Remains;
        let dated_article =
            vec![claim("a-1", 1, ClaimKind::Transfer), remains, claim("a-1", 3, ClaimKind::Figure)];
        let mut first =
            ArticleFacts::of_claims("a-1", Some(dated(12, "stated", "12 June")), dated_article.clone());
        first.date_exprs = vec![None, Some(tally_extract::DateExpr::Today), None];
        first.notes = vec![
            tally_extract::ClaimNote { rule: "roles".into(), ..Default::default() },
            tally_extract::ClaimNote { rule: "bound".into(), moved: true, ..Default::default() },
            tally_extract::ClaimNote { rule: "bound".into(), moved: true, ..Default::default() },
        ];
        let mut undated_article = vec![
            claim("a-2", 4, ClaimKind::Transfer),
            claim("a-2", 5, ClaimKind::Transfer),
            claim("a-2", 6, ClaimKind::Transfer),
        ];
        undated_article[0].date = None;
        let mut second = ArticleFacts::of_claims("a-2", None, undated_article.clone());
        let wednesday =
            tally_extract::DateExpr::Weekday { weekday: chrono::Weekday::Wed, future: false, last: false };
        second.date_exprs = vec![Some(wednesday), Some(tally_extract::DateExpr::Yesterday), None];
        let compact_first = spill.spill(first.clone(), None).unwrap();
        let compact_second = spill.spill(second.clone(), None).unwrap();
        let texts = |f: &Facts| (0..f.claims.len()).map(|k| f.text(k).to_string()).collect::<Vec<_>>();
        assert_eq!(texts(&compact_first), ["", &dated_article[1].text, ""]);
        assert_eq!(texts(&compact_second), [&undated_article[0].text, &undated_article[1].text, ""]);
        let mut spilled = spill.finish(&path).unwrap();
        // Read back in another order than written, as the writer does (by article id).
        assert_eq!(spilled.read("a-2").unwrap(), undated_article);
        assert_eq!(spilled.read("a-1").unwrap(), dated_article);
        assert!(spilled.read("a-3").unwrap().is_empty());
        assert_eq!(spilled.articles().iter().map(|a| &**a).collect::<Vec<_>>(), ["a-1", "a-2"]);
        // Corrections get the facts as extraction gave them.
        assert_eq!(spilled.expand(&compact_first).unwrap(), first);
        assert_eq!(spilled.expand(&compact_second).unwrap(), second);
    }
}
