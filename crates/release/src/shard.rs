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

use std::cmp::Reverse;
use std::collections::{BinaryHeap, HashMap};
use std::fs::File;
use std::io::{BufRead, BufReader, BufWriter, Lines, Write};
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use tally_corpus::Limits;
use tally_extract::ArticleFacts;
use tally_model::{Diagnostic, SkippedFile};
use tally_validate::Validator;

use crate::pipeline::{
    name_duplicates, process_corpus, with_spools, ArticleRecord, FirstCopies, Identical, Processed,
};
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

/// What a shard writes besides its spool.
#[derive(Debug, Serialize, Deserialize)]
struct ShardMeta {
    shard: ShardSpec,
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
    let mut processed = with_spools(&spool_path, &records_path, |spools| {
        let files = walk.by_ref().enumerate().filter(|(i, _)| i % shard.count == shard.index).map(|(_, f)| f);
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
                .push(SkippedFile { path: rejected.path.clone(), errors: vec![rejected.to_string()] });
            processed.errors.push(rejected);
        }
    }
    let report = ShardReport { articles: processed.articles, failed: processed.failed.len() };
    let meta = ShardMeta {
        shard,
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
/// identical files, a digest per article.
pub fn merge(shards: &[PathBuf], spools: (&Path, &Path)) -> Result<Processed, ReleaseError> {
    let mut processed = Processed::default();
    let mut seen_shards: Vec<ShardSpec> = Vec::new();
    let mut readers = Vec::new();
    // Facts by article id: only kept articles' facts are passed on.
    let mut facts: HashMap<String, ArticleFacts> = HashMap::new();
    for dir in shards {
        let meta_path = dir.join(SHARD_META);
        let file = File::open(&meta_path).map_err(|e| io_error(&meta_path, "read the shard", e))?;
        let meta: ShardMeta = serde_json::from_reader(BufReader::new(file))
            .map_err(|e| io_error(&meta_path, "read the shard", e))?;
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
    with_spools(spools.0, spools.1, |out| {
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
            processed.facts.extend(facts.remove(&record.id));
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
