//! A build, as its three stages: the per-article stage ([`crate::pipeline`],
//! or the merge of shards), corrections applied, gives [`Extracted`];
//! reconciliation turns its facts into the timeline
//! (`tally_reconcile::Reconciled`); the [`crate::writer`] writes every
//! release file from both. [`build`] runs them in that order and nothing
//! else; publishing (staging, rename, ledger) is [`crate::publish`]'s job.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use semver::Version;
use tally_corpus::Limits;
use tally_model::{Diagnostic, NamedSchema, SkippedFile};
use tally_reconcile::{Facts, Reconciled};
use tally_validate::Validator;

use crate::corrections::{self, Applied, Located};
use crate::ledger::LedgerEntry;
use crate::pipeline::{name_duplicates, process_corpus, with_spools, Identical, Processed};
use crate::spill::ClaimSpill;
use crate::stages::{Extracted, SpoolPaths};
use crate::writer::{self, AfterFile, Built, Output, ReleaseMeta};
use crate::ReleaseError;

/// Everything a build needs besides the corpus and the target directory.
pub struct BuildSettings<'a> {
    pub version: Version,
    pub skip_invalid: bool,
    /// The schemas to publish and validate against (normally `tally_model::schemas()`).
    pub schemas: Vec<NamedSchema>,
    /// Seconds since the epoch for `created`; `None` derives it from the corpus's latest date.
    pub source_date_epoch: Option<i64>,
    /// The previous release, for the changelog.
    pub previous: Option<&'a LedgerEntry>,
    pub after_file: Option<&'a AfterFile<'a>>,
    pub limits: Limits,
    /// The reconciliation stage; `None` is `tally_reconcile::reconcile`.
    /// (Substituted by tests, to publish known events and claims.)
    pub reconcile: Option<&'a Reconcile<'a>>,
    /// Shard directories written by [`crate::shard::build_shard`]: when not
    /// empty, the per-article stage is read from them instead of the corpus.
    pub shards: &'a [PathBuf],
    /// The corrections directory (`--corrections`), applied after extraction
    /// and before reconciliation; the corpus at `articles` is read again for
    /// the articles they target (sharded builds too).
    pub corrections: Option<&'a Path>,
}

/// What gives the memory a stage freed back to the system: set once by the
/// binary, which chose the allocator.
static GIVE_BACK: std::sync::OnceLock<fn()> = std::sync::OnceLock::new();

/// Sets what a build calls once reconciliation has let the facts go, to
/// give the memory they held back to the system at once. An allocator may
/// otherwise keep freed pages resident until a thread that owns them
/// allocates again, and the writer's allocations then land beside them.
/// Only the first call sets it.
pub fn set_give_back(give_back: fn()) {
    let _ = GIVE_BACK.set(give_back);
}

/// A reconciliation stage: every article's facts to the timeline.
pub type Reconcile<'a> = dyn Fn(Vec<Facts>) -> Reconciled + Sync + 'a;

/// Writes every release file for the corpus at `articles` into `dir` (created
/// if needed), and the ledger's article rows into `DIR.rows` beside it:
/// per-article stage, then reconciliation, then the writer.
pub fn build(articles: &Path, dir: &Path, settings: &BuildSettings) -> Result<Built, ReleaseError> {
    std::fs::create_dir_all(dir).map_err(|e| io_error(dir, "create the directory", e))?;
    // Corrections are read first: a bad file stops the build before any work.
    let loaded = match settings.corrections {
        Some(corrections_dir) => {
            corrections::load(corrections_dir).map_err(|diagnostics| ReleaseError { diagnostics })?
        }
        None => Vec::new(),
    };
    // The schemas are the first files: the validator is compiled from them.
    let mut out = Output::new(dir, settings.after_file);
    let validator = writer::write_schemas(&mut out, &settings.schemas)?;

    let mut extracted = extract(articles, SpoolPaths::in_dir(dir), settings, &validator, &loaded)?;
    let facts = std::mem::take(&mut extracted.facts);
    let reconciled = reconcile(facts, &extracted.applied, settings.reconcile);
    // Reconciliation let every claim's facts go: what it freed is given
    // back before the writer allocates (see [`set_give_back`]).
    if let Some(give_back) = GIVE_BACK.get() {
        give_back();
    }
    let meta = ReleaseMeta {
        version: &settings.version,
        schemas: &settings.schemas,
        source_date_epoch: settings.source_date_epoch,
        previous: settings.previous,
    };
    writer::write_release(out, &validator, extracted, reconciled, &meta)
}

/// The per-article stage (over the corpus, or merged from shards) with the
/// corrections applied to its facts. Errors stop the build here unless
/// invalid files are skipped.
fn extract(
    articles: &Path,
    spools: SpoolPaths,
    settings: &BuildSettings,
    validator: &Validator,
    loaded: &[Located],
) -> Result<Extracted, ReleaseError> {
    let mut spill = ClaimSpill::create(&spools.claims).map_err(|e| io_error(&spools.claims, "create", e))?;
    let mut processed = if settings.shards.is_empty() {
        per_article_stage(articles, &spools, &mut spill, settings, validator)?
    } else {
        let article_spools = (spools.articles.as_path(), spools.records.as_path());
        crate::shard::merge(
            settings.shards,
            articles,
            &settings.limits,
            article_spools,
            &mut spill,
            validator,
        )?
    };
    let mut claims = spill.finish(&spools.claims).map_err(|e| io_error(&spools.claims, "write", e))?;
    let mut warnings = processed.warnings;
    warnings.sort();
    if !processed.errors.is_empty() && !settings.skip_invalid {
        let mut diagnostics = processed.errors;
        diagnostics.extend(warnings);
        diagnostics.sort();
        return Err(ReleaseError { diagnostics });
    }
    if processed.articles == 0 {
        let mut diagnostics = processed.errors;
        diagnostics
            .push(Diagnostic::error(articles.display().to_string(), "no valid article left to release"));
        return Err(ReleaseError { diagnostics });
    }
    let skipped = std::mem::take(&mut processed.failed);

    // Corrections: after extraction, before reconciliation, so events follow them.
    let mut corrected = std::collections::BTreeMap::new();
    let applied = if loaded.is_empty() {
        Applied::default()
    } else {
        let records = corrections::targeted_records(&spools.records, loaded)
            .map_err(|e| io_error(&spools.records, "read", e))?;
        // Corrections read and change the targeted articles' facts in full:
        // they are expanded around their spilled claims, corrected, and
        // made compact again; their corrected claims are published in place
        // of the spilled ones.
        let targeted: std::collections::BTreeSet<&str> = records.values().map(|r| r.id.as_str()).collect();
        let mut whole = Vec::new();
        for facts in processed.compact.iter().filter(|f| targeted.contains(&*f.article_id)) {
            whole.push(claims.expand(facts).map_err(|e| io_error(&spools.claims, "read", e))?);
        }
        let applied = corrections::apply(loaded, articles, &records, &mut whole)
            .map_err(|diagnostics| ReleaseError { diagnostics })?;
        let changed: std::collections::BTreeSet<String> =
            whole.iter().map(|f| f.article_id.clone()).collect();
        processed.compact.retain(|f| !changed.contains(&*f.article_id));
        for facts in whole {
            corrected.insert(facts.article_id.clone(), facts.claims.clone());
            processed.compact.push(Facts::new(facts));
        }
        warnings.extend(applied.warnings.iter().cloned());
        warnings.sort();
        applied
    };
    // Held through reconciliation: without the room its growth left (up to
    // a third of it).
    processed.compact.shrink_to_fit();
    Ok(Extracted { spools, facts: processed.compact, claims, corrected, warnings, skipped, applied })
}

/// Reconciliation, the only stage that sees every claim; each event then
/// names the corrections that changed one of its reports.
fn reconcile(facts: Vec<Facts>, applied: &Applied, stage: Option<&Reconcile>) -> Reconciled {
    let mut reconciled = match stage {
        Some(reconcile) => reconcile(facts),
        None => tally_reconcile::reconcile_facts(facts),
    };
    let claims_corrected = applied.claims_corrected();
    if claims_corrected.is_empty() {
        return reconciled;
    }
    let mut claim = String::new();
    for k in 0..reconciled.events.len() {
        // (built aside: the reports are read from `reconciled` meanwhile)
        let mut corrected_by = reconciled.events[k].corrected_by.clone();
        for report in reconciled.reports_of(k) {
            claim.clear();
            let _ = write!(claim, "{}", report.claim);
            for id in claims_corrected.get(claim.as_str()).into_iter().flatten() {
                if !corrected_by.iter().any(|c| c == id) {
                    corrected_by.push(id.to_string());
                }
            }
        }
        reconciled.events[k].corrected_by = corrected_by;
    }
    reconciled
}

/// The per-article stage over the corpus: every file read, normalised,
/// extracted and spooled. Refused entries (a symlink leaving the corpus, a
/// name that is not UTF-8) are reported, or skipped, with the files that fail
/// to parse.
fn per_article_stage(
    articles: &Path,
    spools: &SpoolPaths,
    claims: &mut ClaimSpill,
    settings: &BuildSettings,
    validator: &Validator,
) -> Result<Processed, ReleaseError> {
    let mut walk = tally_corpus::walk(articles).map_err(|diagnostics| ReleaseError { diagnostics })?;
    let mut processed = with_spools(&spools.articles, &spools.records, Some(claims), |out| {
        process_corpus(walk.by_ref(), Identical::KeepFirst, &settings.limits, validator, out)
    })
    .map_err(|e| io_error(&spools.articles, "write", e))?;
    name_duplicates(&spools.records, &mut processed).map_err(|e| io_error(&spools.records, "read", e))?;
    let rejected = walk.finish().map_err(|diagnostics| ReleaseError { diagnostics })?;
    for rejected in rejected {
        processed
            .failed
            .push(SkippedFile { path: rejected.path.clone(), errors: vec![format!("{rejected:#}")] });
        processed.errors.push(rejected);
    }
    processed.failed.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(processed)
}

fn io_error(path: &Path, what: &str, e: std::io::Error) -> ReleaseError {
    ReleaseError::general(path.display().to_string(), format!("cannot {what}: {e}"))
}
