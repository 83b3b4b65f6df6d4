//! Sharded builds, for corpora too large for one machine or one job: each
//! shard runs the per-article stage (read, normalise, extract, validate) on
//! its slice of the corpus and writes its spooled article lines, records and
//! facts to a shard directory; a merge streams every shard's spools back in
//! source-path order (a k-way merge: no shard is held in memory), drops
//! duplicate content across shards, and hands the result to the same writer
//! as a single build. Only reconciliation sees every claim, so the
//! merged release is byte-identical to a single build of the same corpus.
//!
//! A file belongs to shard K of N when its index in the corpus's sorted path
//! order is K modulo N; refused entries (a symlink leaving the corpus, a name
//! that is not UTF-8) are reported by shard 0.
//!
//! A shard records what it was built from and by ([`Provenance`]): the
//! Tally version, the settings that change per-article results, and the
//! path and SHA-256 of every file of its slice. The merge refuses shards
//! that do not describe the corpus as it is now (a file added, removed or
//! changed since, each named), shards that overlap, and shards built by
//! another Tally version or with other settings: merging them would publish
//! a release, and a changelog, that do not match the corpus.

use std::cmp::Reverse;
use std::collections::{BTreeMap, BinaryHeap, HashMap};
use std::fs::File;
use std::io::{BufRead, BufReader, BufWriter, Lines, Write};
use std::path::{Path, PathBuf};

use rayon::prelude::*;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use tally_corpus::{CorpusFile, Limits};
use tally_extract::ArticleFacts;
use tally_model::{Diagnostic, SkippedFile};
use tally_validate::Validator;

use crate::pipeline::{
    name_duplicates, process_corpus, with_spools, ArticleRecord, FirstCopies, Identical, Processed,
};
use crate::spill::{ClaimLine, ClaimSpill};
use crate::ReleaseError;

/// File names inside a shard directory.
pub const SHARD_SPOOL: &str = "articles.spool.jsonl";
pub const SHARD_RECORDS: &str = "records.spool.jsonl";
pub const SHARD_META: &str = "shard.json";

/// Which shard: `index` of `count`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct ShardSpec {
    pub index: usize,
    pub count: usize,
}

/// Parses `K/N` (0 <= K < N).
pub fn parse_shard(text: &str) -> Result<ShardSpec, String> {
    let (k, n) = text.split_once('/').ok_or_else(|| format!("shard `{text}` is not of the form K/N"))?;
    let index: usize = k.trim().parse().map_err(|_| format!("shard index `{k}` is not a number"))?;
    let count: usize = n.trim().parse().map_err(|_| format!("shard count `{n}` is not a number"))?;
    if count == 0 || index >= count {
        return Err(format!("shard `{text}`: K must be below N and N above 0"));
    }
    Ok(ShardSpec { index, count })
}

/// The Tally that builds and merges shards: a merge refuses shards of another.
pub const TALLY_VERSION: &str = env!("CARGO_PKG_VERSION");

/// What a shard was built from and by.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Provenance {
    /// The Tally version that built it ([`TALLY_VERSION`]).
    pub tally: String,
    /// The schema version its article lines were validated against.
    pub schema_version: String,
    /// The size limit in force (it decides which files fail).
    pub max_file_bytes: u64,
    /// Every file of the shard's slice, in path order: its path in the
    /// corpus and the SHA-256 of the bytes that were processed.
    pub files: Vec<(String, String)>,
}

impl Provenance {
    fn settings_of(limits: &Limits) -> (String, String, u64) {
        (TALLY_VERSION.to_string(), tally_model::SCHEMA_VERSION.to_string(), limits.max_file_bytes)
    }
}

/// What a shard writes besides its spool.
#[derive(Debug, Serialize, Deserialize)]
struct ShardMeta {
    shard: ShardSpec,
    /// Absent in shards written before it was recorded: such shards are refused.
    #[serde(default)]
    provenance: Option<Provenance>,
    /// Lines in each spool.
    articles: usize,
    facts: Vec<ArticleFacts>,
    failed: Vec<SkippedFile>,
    errors: Vec<Diagnostic>,
    warnings: Vec<Diagnostic>,
}

/// What a shard build did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ShardReport {
    pub articles: usize,
    pub failed: usize,
}

fn io_error(path: &Path, what: &str, e: impl std::fmt::Display) -> ReleaseError {
    ReleaseError::general(path.display().to_string(), format!("cannot {what}: {e}"))
}

/// Runs the per-article stage for one shard of the corpus at `articles`,
/// writing its spool and facts into `out` (created if needed).
pub fn build_shard(
    articles: &Path,
    shard: ShardSpec,
    out: &Path,
    limits: &Limits,
) -> Result<ShardReport, ReleaseError> {
    let mut walk = tally_corpus::walk(articles).map_err(|diagnostics| ReleaseError { diagnostics })?;
    std::fs::create_dir_all(out).map_err(|e| io_error(out, "create the directory", e))?;
    let validator = Validator::from_model().map_err(|e| io_error(out, "compile the schemas", e))?;
    let spool_path = out.join(SHARD_SPOOL);
    let records_path = out.join(SHARD_RECORDS);
    let mut slice: Vec<CorpusFile> = Vec::new();
    let mut processed = with_spools(&spool_path, &records_path, None, |spools| {
        let files = walk
            .by_ref()
            .enumerate()
            .filter(|(i, _)| i % shard.count == shard.index)
            .map(|(_, f)| f)
            .inspect(|f| slice.push(f.clone()));
        // Identical files are all kept: the merge, which sees every shard in
        // path order, keeps the first of all.
        process_corpus(files, Identical::KeepAll, limits, &validator, spools)
    })
    .map_err(|e| io_error(&spool_path, "write", e))?;
    let rejected = walk.finish().map_err(|diagnostics| {
        // An empty corpus: no half-made shard is left behind.
        let _ = std::fs::remove_file(&spool_path);
        let _ = std::fs::remove_file(&records_path);
        ReleaseError { diagnostics }
    })?;
    if shard.index == 0 {
        for rejected in rejected {
            processed
                .failed
                .push(SkippedFile { path: rejected.path.clone(), errors: vec![format!("{rejected:#}")] });
            processed.errors.push(rejected);
        }
    }
    let files = slice_digests(&slice, &records_path).map_err(|e| io_error(&records_path, "read", e))?;
    let (tally, schema_version, max_file_bytes) = Provenance::settings_of(limits);
    let provenance = Provenance { tally, schema_version, max_file_bytes, files };
    let report = ShardReport { articles: processed.articles, failed: processed.failed.len() };
    let meta = ShardMeta {
        shard,
        provenance: Some(provenance),
        articles: processed.articles,
        facts: processed.facts,
        failed: processed.failed,
        errors: processed.errors,
        warnings: processed.warnings,
    };
    let meta_path = out.join(SHARD_META);
    let file = File::create(&meta_path).map_err(|e| io_error(&meta_path, "create", e))?;
    let mut w = BufWriter::new(file);
    serde_json::to_writer(&mut w, &meta).map_err(|e| io_error(&meta_path, "write", e))?;
    w.flush().map_err(|e| io_error(&meta_path, "write", e))?;
    Ok(report)
}

/// The path and SHA-256 of every file of a slice: the digest of the bytes
/// processed (from the record spool) for an article, the file's digest now
/// for one that failed.
fn slice_digests(slice: &[CorpusFile], records: &Path) -> std::io::Result<Vec<(String, String)>> {
    let mut processed: HashMap<String, String> = HashMap::new();
    for line in BufReader::new(File::open(records)?).lines() {
        let record: ArticleRecord = serde_json::from_str(&line?)?;
        processed.insert(record.path, record.sha256);
    }
    slice
        .par_iter()
        .map(|file| match processed.get(&file.rel_path) {
            Some(sha) => Ok((file.rel_path.clone(), sha.clone())),
            None => Ok((file.rel_path.clone(), file_sha256(&file.path())?)),
        })
        .collect()
}

/// The SHA-256 of a file, read in blocks (a file over the size limit too).
fn file_sha256(path: &Path) -> std::io::Result<String> {
    let mut hasher = Sha256::new();
    std::io::copy(&mut File::open(path)?, &mut hasher)?;
    Ok(crate::sums::hex(&hasher.finalize()))
}

/// Refuses shards that were built by another Tally, with other settings,
/// or from a corpus other than `articles` as it is now. Every difference is
/// reported, each naming its shard or file.
fn check_provenance(
    metas: &[(PathBuf, Option<Provenance>)],
    articles: &Path,
    limits: &Limits,
) -> Result<(), ReleaseError> {
    let mut errors = Vec::new();
    let (tally, schema_version, max_file_bytes) = Provenance::settings_of(limits);
    let mut listed: BTreeMap<&str, (&str, &Path)> = BTreeMap::new();
    for (dir, provenance) in metas {
        let name = dir.join(SHARD_META).display().to_string();
        let Some(p) = provenance else {
            errors.push(
                Diagnostic::error(name, format!("written by an older Tally, which did not record its version; this is Tally {tally}: rebuild the shard"))
                    .with_code("T0608"),
            );
            continue;
        };
        if p.tally != tally || p.schema_version != schema_version {
            errors.push(
                Diagnostic::error(
                    name,
                    format!(
                        "built by Tally {} (schema {}); this is Tally {tally} (schema {schema_version}): rebuild the shard",
                        p.tally, p.schema_version
                    ),
                )
                .with_code("T0608"),
            );
            continue;
        }
        if p.max_file_bytes != max_file_bytes {
            errors.push(
                Diagnostic::error(
                    name,
                    format!(
                        "built with different settings (a file size limit of {} bytes; this merge has {max_file_bytes}): rebuild the shard with the merge's settings",
                        p.max_file_bytes
                    ),
                )
                .with_code("T0608"),
            );
            continue;
        }
        for (path, sha) in &p.files {
            if let Some((_, other)) = listed.insert(path, (sha, dir)) {
                errors.push(
                    Diagnostic::error(
                        path.as_str(),
                        format!(
                            "in two shards ({} and {}): the shards were built from different corpora",
                            other.display(),
                            dir.display()
                        ),
                    )
                    .with_code("T0607"),
                );
            }
        }
    }
    if !errors.is_empty() {
        return Err(ReleaseError { diagnostics: errors });
    }
    // The corpus as it is now, each file's digest taken afresh.
    let mut walk = tally_corpus::walk(articles).map_err(|diagnostics| ReleaseError { diagnostics })?;
    let now: Vec<CorpusFile> = walk.by_ref().collect();
    let _ = walk.finish();
    let now: BTreeMap<String, std::io::Result<String>> =
        now.par_iter().map(|f| (f.rel_path.clone(), file_sha256(&f.path()))).collect();
    let stale = |path: &str, what: String| Diagnostic::error(path, what).with_code("T0607");
    for (path, sha) in &now {
        match (listed.get(path.as_str()), sha) {
            (None, _) => errors.push(stale(path, "added to the corpus since the shards were built".into())),
            (Some(_), Err(e)) => {
                errors.push(stale(path, format!("cannot read since the shards were built: {e}")))
            }
            (Some((then, _)), Ok(sha)) if *then != sha => errors.push(stale(
                path,
                format!(
                    "changed since the shards were built (SHA-256 {} then, {} now)",
                    &then[..12.min(then.len())],
                    &sha[..12]
                ),
            )),
            _ => {}
        }
    }
    for (path, (_, dir)) in &listed {
        if !now.contains_key(*path) {
            errors.push(stale(
                path,
                format!("removed from the corpus since the shards were built (it is in {})", dir.display()),
            ));
        }
    }
    if errors.is_empty() {
        return Ok(());
    }
    errors.push(
        Diagnostic::error(
            articles.display().to_string(),
            format!(
                "{} file(s) differ since the shards were built: rebuild the shards from the corpus as it is now",
                errors.len()
            ),
        )
        .with_code("T0607"),
    );
    Err(ReleaseError { diagnostics: errors })
}

/// One shard's spools, read a record and its article line at a time.
struct ShardReader {
    dir: PathBuf,
    lines: Lines<BufReader<File>>,
    records: Lines<BufReader<File>>,
    expected: usize,
    read: usize,
}

impl ShardReader {
    fn open(dir: &Path, expected: usize) -> Result<Self, ReleaseError> {
        let open = |name: &str| {
            let path = dir.join(name);
            File::open(&path)
                .map(|f| BufReader::new(f).lines())
                .map_err(|e| io_error(&path, "read the shard", e))
        };
        Ok(ShardReader {
            dir: dir.to_path_buf(),
            lines: open(SHARD_SPOOL)?,
            records: open(SHARD_RECORDS)?,
            expected,
            read: 0,
        })
    }

    /// The next record and article line, or None at the end of both spools.
    fn next(&mut self) -> Result<Option<(ArticleRecord, String)>, ReleaseError> {
        let fail = |e: String| io_error(&self.dir, "read the shard", e);
        match (self.records.next(), self.lines.next()) {
            (None, None) if self.read == self.expected => Ok(None),
            (Some(record), Some(line)) if self.read < self.expected => {
                let record = record.map_err(|e| fail(e.to_string()))?;
                let record: ArticleRecord = serde_json::from_str(&record).map_err(|e| fail(e.to_string()))?;
                self.read += 1;
                Ok(Some((record, line.map_err(|e| fail(e.to_string()))?)))
            }
            _ => Err(fail(format!(
                "the spools do not hold the {} articles its shard.json counts",
                self.expected
            ))),
        }
    }
}

/// Reads every shard and writes their article lines and records to
/// `spools` in source-path order, keeping the first of any identical
/// contents. Memory holds one article per shard, the facts and, to spot
/// identical files, a digest per article. The shards must be one complete
/// split, built by this Tally with `limits`, of the corpus `articles` as it
/// is now (see [`Provenance`]).
pub fn merge(
    shards: &[PathBuf],
    articles: &Path,
    limits: &Limits,
    spools: (&Path, &Path),
    claims: &mut ClaimSpill,
    validator: &Validator,
) -> Result<Processed, ReleaseError> {
    let mut processed = Processed::default();
    let mut seen_shards: Vec<ShardSpec> = Vec::new();
    let mut provenances = Vec::new();
    let mut readers = Vec::new();
    // Facts by article id: only kept articles' facts are passed on.
    let mut facts: HashMap<String, ArticleFacts> = HashMap::new();
    for dir in shards {
        let meta_path = dir.join(SHARD_META);
        let file = File::open(&meta_path).map_err(|e| io_error(&meta_path, "read the shard", e))?;
        let meta: ShardMeta = serde_json::from_reader(BufReader::new(file))
            .map_err(|e| io_error(&meta_path, "read the shard", e))?;
        provenances.push((dir.clone(), meta.provenance));
        readers.push(ShardReader::open(dir, meta.articles)?);
        facts.extend(meta.facts.into_iter().map(|f| (f.article_id.clone(), f)));
        processed.failed.extend(meta.failed);
        processed.errors.extend(meta.errors);
        processed.warnings.extend(meta.warnings);
        seen_shards.push(meta.shard);
    }
    // Every shard of the same split, each once.
    if let Some(first) = seen_shards.first() {
        let mut indices: Vec<usize> = seen_shards.iter().map(|s| s.index).collect();
        indices.sort_unstable();
        let complete = seen_shards.iter().all(|s| s.count == first.count)
            && indices == (0..first.count).collect::<Vec<_>>();
        if !complete {
            return Err(ReleaseError::general(
                "shards",
                format!(
                    "the shards given are not one complete split (need 0/{n} .. {m}/{n} once each)",
                    n = first.count,
                    m = first.count - 1
                ),
            ));
        }
    }
    check_provenance(&provenances, articles, limits)?;
    // Each shard's spool is in path order: a k-way merge on the path.
    let mut heads: Vec<Option<(ArticleRecord, String)>> =
        readers.iter_mut().map(ShardReader::next).collect::<Result<_, _>>()?;
    let mut heap: BinaryHeap<Reverse<(String, usize)>> = heads
        .iter()
        .enumerate()
        .filter_map(|(i, h)| h.as_ref().map(|(r, _)| Reverse((r.path.clone(), i))))
        .collect();
    // content -> the kept article (its line in the spools); duplicates are
    // named from the record spool afterwards, as in a single build.
    let mut kept = FirstCopies::default();
    with_spools(spools.0, spools.1, Some(claims), |out| {
        while let Some(Reverse((_, shard))) = heap.pop() {
            let Some((record, line)) = heads[shard].take() else { continue };
            heads[shard] = readers[shard].next().map_err(|e| std::io::Error::other(e.to_string()))?;
            if let Some((next, _)) = &heads[shard] {
                heap.push(Reverse((next.path.clone(), shard)));
            }
            if let Some(first) = kept.earlier(&record.sha256, processed.articles)? {
                processed.duplicates.push((record.path, first));
                continue;
            }
            out.push(&record, &line)?;
            processed.articles += 1;
            if let Some(kept) = facts.remove(&record.id) {
                let lines = ClaimLine::all(&kept.claims, validator)?;
                out.keep(kept, lines, &record, &mut processed)?;
            }
        }
        Ok(())
    })
    .map_err(|e| io_error(spools.0, "write", e))?;
    name_duplicates(spools.1, &mut processed).map_err(|e| io_error(spools.1, "read", e))?;
    processed.failed.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(processed)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shard_specs_are_checked() {
        assert_eq!(parse_shard("1/4"), Ok(ShardSpec { index: 1, count: 4 }));
        assert!(parse_shard("4/4").is_err());
        assert!(parse_shard("0/0").is_err());
        assert!(parse_shard("a/b").is_err());
        assert!(parse_shard("3").is_err());
    }
}
