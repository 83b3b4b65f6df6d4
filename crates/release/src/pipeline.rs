//! The per-article stages of a build: read each corpus file, normalise it,
//! extract its facts, serialise and validate its article record. Files come
//! from the corpus walk and are processed in parallel (rayon) in bounded
//! chunks; while a chunk is worked on, the previous one is spooled (each
//! article's JSON line and a small record, in path order) and the next one
//! is listed and opened ahead (with a read-ahead hint), so memory holds two
//! chunks, the facts reconciliation needs and a digest per article, never
//! every text or path.
//!
//! The output of this stage ([`Processed`]) is what a sharded build would
//! write per shard; reconciliation and writing run on it.

use std::collections::HashMap;
use std::io::Write;

use rayon::prelude::*;
use tally_corpus::{CorpusFile, Limits, Opened};
use tally_extract::ArticleFacts;
use tally_model::{DateWindow, Diagnostic, SkippedFile};
use tally_validate::Validator;

use crate::spill::{ClaimLine, ClaimSpill};

/// What is kept in memory about one article once its line is spooled.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct ArticleRecord {
    pub id: String,
    /// Path relative to the corpus directory.
    pub path: String,
    pub sha256: String,
    pub title: Option<String>,
    pub outlet: Option<String>,
    /// Publication window before reconciliation.
    pub published: Option<DateWindow>,
}

/// One article fully processed, ready to spool.
#[derive(Debug, Clone)]
pub struct ArticleOutput {
    pub record: ArticleRecord,
    pub facts: ArticleFacts,
    /// The article record as one compact JSON line (no newline).
    pub line: String,
    /// Its claims' lines, validated, when its claims are spilled (else none).
    pub claim_lines: Vec<ClaimLine>,
    pub warnings: Vec<Diagnostic>,
}

/// The per-article stage of a whole corpus. The articles' lines and their
/// [`ArticleRecord`]s are in the two spools (one line each, same order);
/// only what reconciliation needs stays in memory.
#[derive(Debug, Default)]
pub struct Processed {
    /// Articles kept (lines in each spool).
    pub articles: usize,
    /// The facts of the articles that have claims or are dated by them (the
    /// rest give reconciliation nothing), in spool order: whole when the
    /// claims are not spilled (a shard's), else in `compact`.
    pub facts: Vec<ArticleFacts>,
    /// Those facts in reconciliation's compact form, their claims spilled.
    pub compact: Vec<tally_reconcile::Facts>,
    /// Files with errors (every error of every file).
    pub failed: Vec<SkippedFile>,
    /// Every error diagnostic, for reporting when invalid files are not skipped.
    pub errors: Vec<Diagnostic>,
    pub warnings: Vec<Diagnostic>,
    /// Files dropped as identical to a kept article: their path, and the
    /// kept one's line in the spools (named by [`name_duplicates`]).
    pub duplicates: Vec<(String, u32)>,
}

/// Where the per-article stage writes: article lines and record lines, and
/// the claims in full when they are spilled (a shard keeps them whole).
pub struct Spools<'a> {
    pub articles: &'a mut (dyn Write + Send),
    pub records: &'a mut (dyn Write + Send),
    pub claims: Option<&'a mut ClaimSpill>,
}

impl Spools<'_> {
    /// Appends one kept article.
    pub fn push(&mut self, record: &ArticleRecord, line: &str) -> std::io::Result<()> {
        self.articles.write_all(line.as_bytes())?;
        self.articles.write_all(b"\n")?;
        serde_json::to_writer(&mut *self.records, record)?;
        self.records.write_all(b"\n")
    }

    /// Keeps the facts of the article `record` for reconciliation: compact,
    /// its claims spilled in full as their `lines`, when claims are
    /// spilled; else whole (a shard's, whose `lines` are not made).
    pub fn keep(
        &mut self,
        facts: ArticleFacts,
        lines: Vec<ClaimLine>,
        record: &ArticleRecord,
        processed: &mut Processed,
    ) -> std::io::Result<()> {
        match &mut self.claims {
            Some(spill) => processed.compact.push(spill.spill(facts, lines, record.published)?),
            None => processed.facts.push(facts),
        }
        Ok(())
    }
}

/// Whether an article's facts matter to reconciliation: it has claims, or
/// extraction dated it where the article itself is not.
pub fn facts_matter(facts: &ArticleFacts, record: &ArticleRecord) -> bool {
    !facts.claims.is_empty() || facts.published.as_ref().map(|p| p.window()) != record.published
}

/// Creates the two spool files, lets `fill` write them (and `claims`, when
/// given), and flushes both.
pub fn with_spools<T>(
    articles: &std::path::Path,
    records: &std::path::Path,
    claims: Option<&mut ClaimSpill>,
    fill: impl FnOnce(&mut Spools<'_>) -> std::io::Result<T>,
) -> std::io::Result<T> {
    let mut article_spool = std::io::BufWriter::with_capacity(256 * 1024, std::fs::File::create(articles)?);
    let mut record_spool = std::io::BufWriter::with_capacity(64 * 1024, std::fs::File::create(records)?);
    let value = fill(&mut Spools { articles: &mut article_spool, records: &mut record_spool, claims })?;
    article_spool.flush()?;
    record_spool.flush()?;
    Ok(value)
}

/// The 32 bytes of a hex sha256, the key for spotting identical content.
pub fn sha_key(hex: &str) -> [u8; 32] {
    let mut key = [0u8; 32];
    for (byte, pair) in key.iter_mut().zip(hex.as_bytes().chunks(2)) {
        let digit = |b: u8| (b as char).to_digit(16).unwrap_or(0) as u8;
        *byte = pair.iter().fold(0, |acc, &b| acc * 16 + digit(b));
    }
    key
}

/// Most files processed in parallel per chunk: enough to keep every core
/// busy between the chunk boundaries.
fn max_chunk_files() -> usize {
    rayon::current_num_threads().max(1) * 64
}

/// Most source bytes per chunk, so a chunk's texts (and their normalised
/// articles) stay small in memory however large the corpus.
const MAX_CHUNK_BYTES: u64 = 32 * 1024 * 1024;

/// Most files of a chunk kept open between [`next_chunk`] and their read:
/// an eighth of the process's limit on open descriptors (two chunks are in
/// flight, and the writers and the system need some), at most 256. The
/// usual limit is 1,024 on Linux and 256 on macOS. Files past it are opened
/// again when read.
fn max_held_open() -> usize {
    static HELD: std::sync::OnceLock<usize> = std::sync::OnceLock::new();
    *HELD.get_or_init(|| {
        #[cfg(unix)]
        {
            let mut limit = libc::rlimit { rlim_cur: 0, rlim_max: 0 };
            // SAFETY: getrlimit only writes the struct it is given.
            if unsafe { libc::getrlimit(libc::RLIMIT_NOFILE, &raw mut limit) } == 0 {
                return usize::try_from(limit.rlim_cur / 8).unwrap_or(usize::MAX).min(256);
            }
            0
        }
        #[cfg(not(unix))]
        256
    })
}

/// Files to process together, opened ahead ([`tally_corpus::open_ahead`]).
#[derive(Default)]
struct Chunk {
    files: Vec<CorpusFile>,
    /// One per file: its descriptor, when it is held open until its read.
    opened: Vec<Option<Opened>>,
}

/// Takes the next chunk of files, bounded by count and by size, and opens
/// them ahead of their reads; empty at the end.
fn next_chunk(files: &mut impl Iterator<Item = CorpusFile>) -> Chunk {
    let (mut chunk, mut bytes) = (Chunk::default(), 0u64);
    for file in files.by_ref() {
        // A file that cannot be opened is reported when it is read.
        let opened = tally_corpus::open_ahead(&file);
        bytes += opened.as_ref().map_or(0, Opened::size);
        chunk.opened.push(opened.filter(|_| chunk.files.len() < max_held_open()));
        chunk.files.push(file);
        if chunk.files.len() >= max_chunk_files() || bytes >= MAX_CHUNK_BYTES {
            break;
        }
    }
    chunk
}

/// A title cut to at most 160 characters (at a character boundary): it is
/// kept in memory for every article and only names the article in the changelog.
fn short_title(title: &str) -> String {
    match title.char_indices().nth(160) {
        Some((cut, _)) => format!("{}…", &title[..cut]),
        None => title.to_string(),
    }
}

/// Reads, normalises, extracts and validates one file, and its claims'
/// lines when `spills_claims` (a build that spills them). Every error found is returned.
pub fn process_file(
    file: &CorpusFile,
    opened: Option<Opened>,
    limits: &Limits,
    validator: &Validator,
    spills_claims: bool,
) -> Result<ArticleOutput, Vec<Diagnostic>> {
    let bytes = tally_corpus::read_opened(file, opened, limits).map_err(|d| vec![d])?;
    // Diagnostics located by byte offset get their line:column from the bytes.
    let locate = |ds: Vec<Diagnostic>| ds.into_iter().map(|d| d.locate(&bytes)).collect::<Vec<_>>();
    let normalised = tally_parser::normalise(&file.rel_path, &bytes).map_err(locate)?;
    let facts = tally_extract::extract(&normalised);
    let mut warnings = normalised.warnings.clone();
    warnings.extend(facts.warnings(&file.rel_path));
    let warnings = locate(warnings);
    drop(bytes);
    let article = &normalised.article;
    // The line published is the line validated.
    let (line, violations) = validator
        .serialise_and_validate("article", article)
        .map_err(|e| vec![Diagnostic::error(&file.rel_path, format!("cannot serialise the article: {e}"))])?;
    if !violations.is_empty() {
        return Err(violations
            .iter()
            .map(|v| {
                Diagnostic::error(
                    &file.rel_path,
                    format!(
                        "the article record breaks the schema at `{}` ({}): {}",
                        v.instance_path, v.rule, v.message
                    ),
                )
            })
            .collect());
    }
    let record = ArticleRecord {
        id: article.id.clone(),
        path: article.source.path.clone(),
        sha256: article.source.sha256.clone(),
        title: article.title.as_deref().map(short_title),
        outlet: article.outlet.clone(),
        published: article.published.as_ref().map(|p| p.window()),
    };
    let claim_lines = if spills_claims {
        ClaimLine::all(&facts.claims, validator)
            .map_err(|e| vec![Diagnostic::error(&file.rel_path, format!("cannot serialise a claim: {e}"))])?
    } else {
        Vec::new()
    };
    Ok(ArticleOutput { record, facts, line, claim_lines, warnings })
}

/// What the per-article stage gives for one file.
type FileResult = Result<ArticleOutput, Vec<Diagnostic>>;

/// Whether the per-article stage drops files identical to an earlier one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Identical {
    /// Keep the first, drop the others with a warning (see [`name_duplicates`]).
    KeepFirst,
    /// Keep them all: a shard sees only part of the corpus, so its first copy
    /// may not be the first of all; the merge drops them.
    KeepAll,
}

/// Runs the per-article stage over `files` (in path order, as a
/// [`tally_corpus::Walk`] gives them), streaming each kept article's line and
/// record to `spools` in that order.
pub fn process_corpus(
    files: impl Iterator<Item = CorpusFile> + Send,
    identical: Identical,
    limits: &Limits,
    validator: &Validator,
    spools: &mut Spools<'_>,
) -> std::io::Result<Processed> {
    let mut files = files;
    let spills_claims = spools.claims.is_some();
    let mut kept = Kept { processed: Processed::default(), seen: FirstCopies::default(), identical, spools };
    // The previous chunk's files and results.
    let mut done: Option<(Vec<CorpusFile>, Vec<FileResult>)> = None;
    let mut chunk = next_chunk(&mut files);
    while !chunk.files.is_empty() {
        // While this chunk is worked on, the next one is listed and opened
        // ahead and the previous one spooled, so no core waits for either.
        let opened = std::mem::take(&mut chunk.opened);
        let (next, results) = rayon::join(
            || {
                let next = next_chunk(&mut files);
                done.take().map_or(Ok(()), |(files, results)| kept.take(files, results)).map(|()| next)
            },
            || {
                chunk
                    .files
                    .par_iter()
                    .zip(opened)
                    .map(|(file, opened)| process_file(file, opened, limits, validator, spills_claims))
                    .collect::<Vec<_>>()
            },
        );
        done = Some((std::mem::replace(&mut chunk, next?).files, results));
    }
    if let Some((files, results)) = done {
        kept.take(files, results)?;
    }
    Ok(kept.processed)
}

/// Adds the warnings for files dropped as identical to an earlier one, naming
/// that one: its path is read back from the record spool `records`, so the
/// per-article stage keeps 36 bytes per article to spot duplicates, not a path.
pub fn name_duplicates(records: &std::path::Path, processed: &mut Processed) -> std::io::Result<()> {
    if processed.duplicates.is_empty() {
        return Ok(());
    }
    let wanted: std::collections::BTreeSet<u32> =
        processed.duplicates.iter().map(|(_, first)| *first).collect();
    let mut paths = HashMap::new();
    let reader = std::io::BufReader::new(std::fs::File::open(records)?);
    for (index, line) in (0u32..).zip(std::io::BufRead::lines(reader)) {
        let line = line?;
        if wanted.contains(&index) {
            let record: ArticleRecord = serde_json::from_str(&line)?;
            paths.insert(index, record.path);
        }
    }
    for (path, first) in std::mem::take(&mut processed.duplicates) {
        let first = paths.get(&first).map_or("an earlier file", String::as_str);
        processed.warnings.push(Diagnostic::warning(
            &path,
            format!("identical content to `{first}`; only `{first}` is kept"),
        ));
    }
    Ok(())
}

/// The first article kept with each content: 36 bytes per article (digest
/// and line in the spools), shared by a build and the shard merge.
#[derive(Default)]
pub struct FirstCopies(HashMap<[u8; 32], u32>);

impl FirstCopies {
    /// The line of the article kept earlier with the content `sha256`, or
    /// `None` after noting that the article about to be line `next` has it.
    pub fn earlier(&mut self, sha256: &str, next: usize) -> std::io::Result<Option<u32>> {
        let key = sha_key(sha256);
        if let Some(&first) = self.0.get(&key) {
            return Ok(Some(first));
        }
        let next = u32::try_from(next)
            .map_err(|_| std::io::Error::other("more than 4 billion articles in one build"))?;
        self.0.insert(key, next);
        Ok(None)
    }
}

/// The per-article stage's running state: what is kept and where it goes.
struct Kept<'s, 'w> {
    processed: Processed,
    seen: FirstCopies,
    identical: Identical,
    spools: &'s mut Spools<'w>,
}

impl Kept<'_, '_> {
    /// Takes the results of `files`, in order.
    fn take(&mut self, files: Vec<CorpusFile>, results: Vec<FileResult>) -> std::io::Result<()> {
        let processed = &mut self.processed;
        for (file, result) in files.into_iter().zip(results) {
            match result {
                Ok(output) => {
                    processed.warnings.extend(output.warnings);
                    if self.identical == Identical::KeepFirst {
                        if let Some(first) = self.seen.earlier(&output.record.sha256, processed.articles)? {
                            processed.duplicates.push((file.rel_path, first));
                            continue;
                        }
                    }
                    self.spools.push(&output.record, &output.line)?;
                    processed.articles += 1;
                    if facts_matter(&output.facts, &output.record) {
                        self.spools.keep(output.facts, output.claim_lines, &output.record, processed)?;
                    }
                }
                Err(diagnostics) => {
                    let (errors, warnings): (Vec<_>, Vec<_>) =
                        diagnostics.into_iter().partition(Diagnostic::is_error);
                    processed.warnings.extend(warnings);
                    if errors.is_empty() {
                        continue;
                    }
                    processed.failed.push(SkippedFile {
                        path: file.rel_path,
                        errors: errors.iter().map(|d| format!("{d:#}")).collect(),
                    });
                    processed.errors.extend(errors);
                }
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_titles_are_cut_at_a_character_boundary() {
        assert_eq!(short_title("Short"), "Short");
        let long = "é".repeat(300);
        let cut = short_title(&long);
        assert_eq!(cut.chars().count(), 161);
        assert!(cut.ends_with('…'));
    }

    #[test]
    fn only_facts_that_reconciliation_uses_are_kept() {
        let day = chrono::NaiveDate::from_ymd_opt(2025, 6, 11).unwrap();
        let window = tally_model::DatedWindow {
            start: day,
            end: day,
            basis: tally_model::DateBasis::Stated,
            evidence: vec![],
            reason: String::new(),
        };
        let record = |published| ArticleRecord {
            id: "a".into(),
            path: "a.md".into(),
            sha256: String::new(),
            title: None,
            outlet: None,
            published,
        };
        let facts = ArticleFacts {
            article_id: "a".into(),
            published: Some(window.clone()),
            claims: vec![],
            date_exprs: vec![],
            weekdays: vec![],
            year: Some(2025),
            capped: vec![],
            notes: vec![],
        };
        // no claims, dated as the article is: nothing for reconciliation
        assert!(!facts_matter(&facts, &record(Some(window.window()))));
        // dated by extraction where the article has no date: kept
        assert!(facts_matter(&facts, &record(None)));
    }

    #[test]
    fn sha_keys_are_the_digest_bytes() {
        let hex = "00ff10a0".repeat(8);
        let key = sha_key(&hex);
        assert_eq!(key[..4], [0x00, 0xff, 0x10, 0xa0]);
        assert_ne!(sha_key(&"00ff10a1".repeat(8)), key);
    }

    #[test]
    fn chunks_cover_every_file_in_order() {
        let files: Vec<CorpusFile> =
            (0..1000).map(|i| CorpusFile::standalone(format!("/nonexistent/{i:04}"))).collect();
        let mut rest = files.clone().into_iter();
        let chunked: Vec<Vec<CorpusFile>> =
            std::iter::from_fn(|| Some(next_chunk(&mut rest).files).filter(|c| !c.is_empty())).collect();
        assert!(chunked.len() > 1 && chunked.iter().all(|c| c.len() <= max_chunk_files()));
        assert_eq!(chunked.concat(), files);
        assert!(next_chunk(&mut std::iter::empty()).files.is_empty());
    }

    #[test]
    fn a_chunk_holds_a_bounded_number_of_files_open_and_reads_every_one() {
        let d = tempfile::tempdir().unwrap();
        let dir: std::sync::Arc<std::path::Path> = std::sync::Arc::from(d.path());
        let files: Vec<CorpusFile> = (0..600)
            .map(|i| {
                std::fs::write(d.path().join(format!("{i:03}.txt")), format!("text {i}")).unwrap();
                CorpusFile { rel_path: format!("{i:03}.txt"), dir: dir.clone() }
            })
            .collect();
        // Eight threads make chunks of up to 512 files, more than are held open.
        let pool = rayon::ThreadPoolBuilder::new().num_threads(8).build().unwrap();
        let chunk = pool.install(|| next_chunk(&mut files.clone().into_iter()));
        assert_eq!(chunk.files.len(), 512);
        assert!((1..=256).contains(&max_held_open()));
        assert_eq!(chunk.opened.iter().filter(|o| o.is_some()).count(), max_held_open());
        for (i, (file, opened)) in chunk.files.iter().zip(chunk.opened).enumerate() {
            let bytes = tally_corpus::read_opened(file, opened, &Limits::default()).unwrap();
            assert_eq!(bytes, format!("text {i}").as_bytes());
        }
    }
}
