//! Claims spilled to disk as articles are processed, so a build holds a
//! slim form of each claim in memory, not its every text: the per-article
//! stage writes each article's claims in full ([`ClaimSpill`], one JSON line
//! a claim, in path order) and keeps them [`slim`] for reconciliation; the
//! writer reads them back in full ([`SpilledClaims`]) as it writes
//! `claims.jsonl`, taking only their dates from reconciliation (which
//! re-dates claims and changes nothing else of them).

use std::collections::HashMap;
use std::fs::File;
use std::io::{self, BufRead, BufReader, BufWriter, Seek, SeekFrom, Write};
use std::path::Path;

use tally_extract::ArticleFacts;
use tally_model::{Claim, ClaimKind};

/// The spill file's name inside the build directory.
pub const CLAIM_SPILL: &str = ".claims.spill";

/// Where each article's claims start in the spill, and how many there are.
type Places = HashMap<String, (u64, usize)>;

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

    /// Writes the claims of `facts` in full and leaves them slim in `facts`.
    pub fn spill(&mut self, facts: &mut ArticleFacts) -> io::Result<()> {
        if facts.claims.is_empty() {
            return Ok(());
        }
        self.places.insert(facts.article_id.clone(), (self.written, facts.claims.len()));
        let keep_text = text_needed(facts);
        for claim in &mut facts.claims {
            let mut line = serde_json::to_vec(&*claim)?;
            line.push(b'\n');
            self.out.write_all(&line)?;
            self.written += line.len() as u64;
            slim(claim, keep_text(claim));
        }
        Ok(())
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

/// Whether reconciliation reads a claim's text: a figure's (a check quotes
/// it), and every claim of an article without a usable date (re-dating and
/// dating the article from its reports quote them).
fn text_needed(facts: &ArticleFacts) -> impl Fn(&Claim) -> bool {
    let wide = facts.published.as_ref().is_none_or(|p| p.window().days() > 7);
    move |claim| wide || claim.kind == ClaimKind::Figure
}

/// What reconciliation needs of a claim, without the texts it does not
/// read: the date's evidence and reason, the quantity's words, the
/// attribution's names, and the sentence unless `keep_text`. (A date
/// reconciliation gives a claim always has a reason, so it differs from
/// the slim one.)
pub fn slim(claim: &mut Claim, keep_text: bool) {
    if !keep_text {
        claim.text = String::new();
    }
    if let Some(quantity) = &mut claim.quantity {
        quantity.text = String::new();
    }
    if let Some(date) = &mut claim.date {
        date.evidence = Vec::new();
        date.reason = String::new();
    }
    claim.attributed_to.name = String::new();
    claim.attributed_to.channel = None;
    claim.attributed_to.via = None;
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

    /// Puts the full claims of the article of `facts` back (for corrections,
    /// which read and change them).
    pub fn restore(&mut self, facts: &mut ArticleFacts) -> io::Result<()> {
        let full = self.read(&facts.article_id)?;
        if full.len() == facts.claims.len() {
            facts.claims = full;
        }
        Ok(())
    }

    /// The claim to publish for `reconciled`, a claim reconciliation gave
    /// back: its full form from the spill with reconciliation's date, when
    /// reconciliation changed nothing else of it; else `reconciled` itself.
    pub fn full(reconciled: Claim, spilled: &[Claim]) -> Claim {
        let Some(full) = spilled.iter().find(|c| c.id == reconciled.id) else { return reconciled };
        let mut expected = full.clone();
        slim(&mut expected, !reconciled.text.is_empty());
        expected.date.clone_from(&reconciled.date);
        if expected != reconciled {
            return reconciled;
        }
        let mut full = full.clone();
        let slim_date = {
            let mut own = full.clone();
            slim(&mut own, true);
            own.date
        };
        if slim_date != reconciled.date {
            full.date = reconciled.date;
        }
        full
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;
    use tally_model::{
        Attribution, AttributionKind, DateBasis, DatedWindow, Evidence, Qualifier, Quantity, Span, Status,
        Subject,
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

    fn facts(article: &str, published: Option<DatedWindow>, claims: Vec<Claim>) -> ArticleFacts {
        ArticleFacts {
            article_id: article.into(),
            published,
            claims,
            date_exprs: vec![],
            weekdays: vec![],
            year: None,
            notes: vec![],
            capped: vec![],
        }
    }

    #[test]
    fn spilled_claims_come_back_whole_with_only_reconciliations_dates() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(CLAIM_SPILL);
        let mut spill = ClaimSpill::create(&path).unwrap();
        // A dated article's transfers lose their sentence in memory; a
        // figure keeps it (a check quotes it); an undated article keeps all.
        let dated_article = vec![claim("a-1", 1, ClaimKind::Transfer), claim("a-1", 2, ClaimKind::Figure)];
        let mut first = facts("a-1", Some(dated(12, "stated", "12 June")), dated_article.clone());
        let undated_article = vec![claim("a-2", 3, ClaimKind::Transfer)];
        let mut second = facts("a-2", None, undated_article.clone());
        spill.spill(&mut first).unwrap();
        spill.spill(&mut second).unwrap();
        assert_eq!(first.claims[0].text, "");
        assert_eq!(first.claims[1].text, dated_article[1].text);
        assert_eq!(second.claims[0].text, undated_article[0].text);
        for slim in first.claims.iter().chain(&second.claims) {
            assert!(slim.date.as_ref().unwrap().evidence.is_empty());
            assert_eq!(
                (slim.attributed_to.name.as_str(), slim.quantity.as_ref().unwrap().text.as_str()),
                ("", "")
            );
        }
        let mut spilled = spill.finish(&path).unwrap();
        // Read back in another order than written, as the writer does (by article id).
        assert_eq!(spilled.read("a-2").unwrap(), undated_article);
        let full = spilled.read("a-1").unwrap();
        assert_eq!(full, dated_article);
        assert!(spilled.read("a-3").unwrap().is_empty());

        // Untouched by reconciliation: published as extracted.
        assert_eq!(SpilledClaims::full(first.claims[0].clone(), &full), dated_article[0]);
        // Re-dated: reconciliation's date, everything else as extracted.
        let mut redated = second.claims[0].clone();
        redated.date = Some(dated(4, "a date a matching report gave the article", &redated.text));
        let published = SpilledClaims::full(redated.clone(), &undated_article);
        assert_eq!(published.date, redated.date);
        assert_eq!(published.attributed_to, undated_article[0].attributed_to);
        assert_eq!(published.quantity, undated_article[0].quantity);
        // Anything else changed (a substituted stage's own claim): published as given.
        let mut other = first.claims[0].clone();
        other.quantity.as_mut().unwrap().value = 7;
        assert_eq!(SpilledClaims::full(other.clone(), &full), other);
    }
}
