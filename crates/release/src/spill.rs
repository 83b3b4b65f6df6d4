//! Claims spilled to disk as articles are processed, so a build holds each
//! article's facts in reconciliation's compact form
//! (`tally_reconcile::Facts`), not its claims' every text: the per-article
//! stage writes each article's claims in full ([`ClaimSpill`], each as the
//! validated line `claims.jsonl` publishes, in path order) and keeps them
//! compact; the writer copies the lines back ([`SpilledClaims`]) as it
//! writes `claims.jsonl`, re-making only those of claims reconciliation
//! re-dated.

use std::collections::HashMap;
use std::fs::File;
use std::io::{self, BufWriter, Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use tally_extract::ArticleFacts;
use tally_model::{Claim, DateWindow};
use tally_reconcile::Facts;
use tally_validate::{Validator, Violation};

/// The spill file's name inside the build directory.
pub const CLAIM_SPILL: &str = ".claims.spill";

/// Where each article's claims are in the spill (keyed by the article's id
/// as its facts share it).
type Places = HashMap<Arc<str>, Place>;

/// An article's claims in the spill: their first byte, their bytes and their number.
#[derive(Debug, Clone, Copy)]
struct Place {
    start: u64,
    bytes: usize,
    count: usize,
}

/// A claim as `claims.jsonl` publishes it: the compact JSON line that was
/// validated, and what the schema found wrong with it (almost always nothing).
#[derive(Debug, Clone, PartialEq)]
pub struct ClaimLine {
    pub text: String,
    pub violations: Vec<Violation>,
}

impl ClaimLine {
    /// Each of `claims` as its published line, validated: done where
    /// articles are processed in parallel, so the writer only copies lines.
    pub fn all(claims: &[Claim], validator: &Validator) -> serde_json::Result<Vec<ClaimLine>> {
        claims
            .iter()
            .map(|claim| {
                let (text, violations) = validator.serialise_and_validate("claim", claim)?;
                Ok(ClaimLine { text, violations })
            })
            .collect()
    }
}

/// The spill being written.
pub struct ClaimSpill {
    out: BufWriter<File>,
    written: u64,
    places: Places,
    /// Schema violations of spilled lines, by the line's offset in the spill.
    broken: HashMap<u64, Vec<Violation>>,
}

impl ClaimSpill {
    pub fn create(path: &Path) -> io::Result<Self> {
        Ok(ClaimSpill {
            out: BufWriter::with_capacity(256 * 1024, File::create(path)?),
            written: 0,
            places: Places::new(),
            broken: HashMap::new(),
        })
    }

    /// Writes the claims of `facts` in full, as their `lines` (one per
    /// claim, see [`ClaimLine::all`]), and gives the facts back compact;
    /// `own` is the publication window the article itself has.
    pub fn spill(
        &mut self,
        facts: ArticleFacts,
        lines: Vec<ClaimLine>,
        own: Option<DateWindow>,
    ) -> io::Result<Facts> {
        if lines.len() != facts.claims.len() {
            return Err(io::Error::other(format!(
                "{} claims of `{}` to spill with {} lines",
                facts.claims.len(),
                facts.article_id,
                lines.len()
            )));
        }
        let mut place = Place { start: self.written, bytes: 0, count: lines.len() };
        for line in lines {
            if !line.violations.is_empty() {
                self.broken.insert(self.written, line.violations);
            }
            self.out.write_all(line.text.as_bytes())?;
            self.out.write_all(b"\n")?;
            self.written += line.text.len() as u64 + 1;
            place.bytes += line.text.len() + 1;
        }
        let mut compact = Facts::new(facts);
        if place.count > 0 {
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
            file: File::open(path)?,
            places: self.places,
            broken: self.broken,
            buffer: Vec::new(),
            path: path.to_path_buf(),
        })
    }
}

/// The spill, read back.
pub struct SpilledClaims {
    /// Read an article's bytes at a time, exactly: articles are read in id
    /// order, not in the spill's, and a buffered reader would refill on every seek.
    file: File,
    places: Places,
    broken: HashMap<u64, Vec<Violation>>,
    buffer: Vec<u8>,
    path: PathBuf,
}

impl SpilledClaims {
    /// Calls `each` with every spilled line of `article` (without its
    /// newline), in reading order, and the line's schema violations.
    pub fn for_each_line<E: From<io::Error>>(
        &mut self,
        article: &str,
        mut each: impl FnMut(&[u8], &[Violation]) -> Result<(), E>,
    ) -> Result<(), E> {
        let Some(&Place { start, bytes, count }) = self.places.get(article) else { return Ok(()) };
        // (errors of the spill itself name it: they surface as the writing of claims.jsonl)
        let spill_error =
            |e: io::Error| io::Error::new(e.kind(), format!("{}: cannot read: {e}", self.path.display()));
        self.file.seek(SeekFrom::Start(start)).map_err(spill_error)?;
        self.buffer.resize(bytes, 0);
        self.file.read_exact(&mut self.buffer).map_err(spill_error)?;
        let mut lines = self.buffer.split_inclusive(|&b| b == b'\n');
        let mut offset = start;
        for _ in 0..count {
            let line = lines.next().and_then(|line| line.strip_suffix(b"\n")).ok_or_else(|| {
                spill_error(io::Error::new(
                    io::ErrorKind::InvalidData,
                    "it does not hold the lines it counted",
                ))
            })?;
            // (a look-up in an empty map, the usual case, hashes nothing)
            each(line, self.broken.get(&offset).map_or(&[][..], Vec::as_slice))?;
            offset += line.len() as u64 + 1;
        }
        Ok(())
    }

    /// The full claims of `article`, in reading order (none when it spilled none).
    pub fn read(&mut self, article: &str) -> io::Result<Vec<Claim>> {
        let mut claims = Vec::new();
        self.for_each_line(article, |line, _| {
            claims.push(serde_json::from_slice(line)?);
            Ok::<_, io::Error>(())
        })?;
        Ok(claims)
    }

    /// The article's facts as extraction gave them, its claims in full
    /// (for corrections, which read and change them).
    pub fn expand(&mut self, facts: &Facts) -> io::Result<ArticleFacts> {
        let claims = self.read(&facts.article_id)?;
        Ok(facts.expand(claims))
    }

    /// How many claims `article` spilled.
    pub fn count(&self, article: &str) -> usize {
        self.places.get(article).map_or(0, |place| place.count)
    }

    /// How many claims were spilled in all.
    pub fn total(&self) -> usize {
        self.places.values().map(|place| place.count).sum()
    }

    /// The ids of the articles that spilled claims, in id order (the order
    /// of `claims.jsonl`).
    pub fn articles(&self) -> Vec<Arc<str>> {
        let mut ids: Vec<Arc<str>> = self.places.keys().cloned().collect();
        ids.sort_unstable();
        ids
    }
}

/// The id of a claim's line: its first field, as `Claim` serialises it.
pub fn claim_id(line: &[u8]) -> io::Result<String> {
    let rest = line
        .strip_prefix(br#"{"id":"#)
        .ok_or_else(|| io::Error::other("a spilled claim line does not start with its id"))?;
    // One string is read; the rest of the line is left unparsed.
    Ok(serde::Deserialize::deserialize(&mut serde_json::Deserializer::from_slice(rest))?)
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
        let validator = Validator::from_model().unwrap();
        let lines = |facts: &ArticleFacts| ClaimLine::all(&facts.claims, &validator).unwrap();
        let compact_first = spill.spill(first.clone(), lines(&first), None).unwrap();
        let compact_second = spill.spill(second.clone(), lines(&second), None).unwrap();
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
        // The writer copies each line as published, with its id.
        let mut copied = Vec::new();
        spilled
            .for_each_line("a-2", |line, violations| {
                assert!(violations.is_empty());
                copied.push((claim_id(line)?, String::from_utf8(line.to_vec()).unwrap()));
                Ok::<_, io::Error>(())
            })
            .unwrap();
        let published: Vec<_> =
            undated_article.iter().map(|c| (c.id.clone(), serde_json::to_string(c).unwrap())).collect();
        assert_eq!(copied, published);
    }

    #[test]
    fn a_line_the_schema_refuses_keeps_its_violations_to_the_writer() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(CLAIM_SPILL);
        let mut spill = ClaimSpill::create(&path).unwrap();
        // A stricter schema than the model's: ids of at least one character.
        let mut validator = Validator::from_model().unwrap();
        let mut schema = tally_model::schemas().into_iter().find(|s| s.name == "claim").unwrap().schema;
        schema["properties"]["id"]["minLength"] = serde_json::json!(1);
        validator.add_schema("claim", &schema).unwrap();
        let mut broken = claim("b-1", 1, ClaimKind::Transfer);
        broken.id = String::new();
        let claims = vec![claim("b-1", 2, ClaimKind::Transfer), broken];
        let lines = ClaimLine::all(&claims, &validator).unwrap();
        assert!(lines[0].violations.is_empty());
        assert!(!lines[1].violations.is_empty(), "an empty id is refused");
        let facts = ArticleFacts::of_claims("b-1", None, claims);
        spill.spill(facts.clone(), lines.clone(), None).unwrap();
        // Lines must match the claims one for one.
        assert!(spill.spill(facts, lines[..1].to_vec(), None).is_err());
        let mut spilled = spill.finish(&path).unwrap();
        let mut seen = Vec::new();
        spilled
            .for_each_line("b-1", |_, violations| {
                seen.push(violations.to_vec());
                Ok::<_, io::Error>(())
            })
            .unwrap();
        assert_eq!(seen, [vec![], lines[1].violations.clone()]);
    }

    #[test]
    fn a_claim_id_is_read_from_its_line_escapes_and_all() {
        for id in ["a-c1", "ст\u{442}атья-c2", "quote\"d\\-c3", "tab\t-c4"] {
            let mut c = claim("x", 1, ClaimKind::Figure);
            c.id = id.to_string();
            assert_eq!(claim_id(serde_json::to_string(&c).unwrap().as_bytes()).unwrap(), id);
        }
        assert!(claim_id(br#"{"kind":"figure","id":"x"}"#).is_err());
        assert!(claim_id(b"").is_err());
        assert!(claim_id(br#"{"id":"unterminated"#).is_err());
    }
}
