//! The writer stage of a build ([`crate::build()`]): the files of a release
//! in a directory: schemas ([`write_schemas`], first), then ([`write_release`])
//! articles (streamed from the spool, with reconciled publication dates),
//! claims, events, the CSV, the streamed `dataset.json`, the dataset card,
//! the changelog, the Data Package descriptor and `SHA256SUMS`. Every record
//! is validated once: claims where they were extracted (their lines are
//! copied from the spill), the others as they are written; every file is
//! hashed while written and fsynced. Publishing (staging, rename, ledger)
//! is the caller's job.

use std::collections::BTreeMap;
use std::fs::File;
use std::io::{self, BufRead, BufReader, BufWriter, Write};
use std::path::{Path, PathBuf};
use std::sync::mpsc;

use chrono::NaiveDate;
use semver::Version;
use serde::Serialize;
use serde_json::Value;
use tally_model::{
    Article, Check, Claim, Counts, DateWindow, DatedWindow, Diagnostic, Event, NamedSchema, ReleaseInfo,
    SkippedFile,
};
use tally_reconcile::{Checks, Reconciled};
use tally_validate::{Validator, Violation};

use crate::corrections::{self, ArticleFix};
use crate::ledger::{ArticleRowWriter, ArticleRows, LedgerArticle, LedgerEntry, LedgerEvent, LedgerSchema};
use crate::pipeline::ArticleRecord;
use crate::reports::{write_events_csv, LinesAt, ReportArticle, ReportSentences};
use crate::spill::SpilledClaims;
use crate::stages::Extracted;
use crate::sums::{self, FileInfo, HashingWriter, SumLine};
use crate::{card, changelog, datapackage, html, ReleaseError};

/// Called after each file of the release is written (with its name); an
/// error aborts the build. Tests use it to inject failures and delays.
pub type AfterFile<'a> = dyn Fn(&str) -> Result<(), String> + Sync + 'a;

/// The dataset's name in `dataset.json` and `datapackage.json`.
pub const DATASET_NAME: &str = "tally";

/// What a build produced.
#[derive(Debug)]
pub struct Built {
    /// The ledger entry describing this release; its `articles` are in `article_rows`.
    pub entry: LedgerEntry,
    /// The entry's article rows, spooled beside the release directory (see [`build`]).
    pub article_rows: ArticleRows,
    pub info: ReleaseInfo,
    pub warnings: Vec<Diagnostic>,
    pub skipped: Vec<SkippedFile>,
    pub files: Vec<FileInfo>,
}

/// An I/O error or a release error while writing one file.
enum WriteError {
    Io(io::Error),
    Release(ReleaseError),
}

impl WriteError {
    /// As a release error, an I/O error described by `io`.
    fn or_io(self, io: impl FnOnce(io::Error) -> ReleaseError) -> ReleaseError {
        match self {
            WriteError::Release(e) => e,
            WriteError::Io(e) => io(e),
        }
    }
}

impl From<io::Error> for WriteError {
    fn from(e: io::Error) -> Self {
        WriteError::Io(e)
    }
}

impl From<ReleaseError> for WriteError {
    fn from(e: ReleaseError) -> Self {
        WriteError::Release(e)
    }
}

impl From<serde_json::Error> for WriteError {
    fn from(e: serde_json::Error) -> Self {
        WriteError::Io(e.into())
    }
}

fn io_error(path: &Path, what: &str, e: io::Error) -> ReleaseError {
    ReleaseError::general(path.display().to_string(), format!("cannot {what}: {e}"))
}

/// The release directory being written: the files written so far, in
/// release order, and the hook to call after each.
pub struct Output<'a> {
    dir: &'a Path,
    files: Vec<FileInfo>,
    after_file: Option<&'a AfterFile<'a>>,
}

/// What a release file is written through: hashed, buffered, written back ahead.
type ReleaseWriter = HashingWriter<BufWriter<WritebackAhead>>;

/// Bytes after which a file's writeback is started.
const WRITEBACK_STEP: u64 = 8 * 1024 * 1024;

/// A file whose writeback to disk is started every [`WRITEBACK_STEP`] bytes
/// (Linux), so the fsync that ends a large file waits for its last
/// megabytes, not all of it: the disk works while the rest is produced. On
/// a 202 MB corpus the two large files' fsyncs waited 0.25 s otherwise.
struct WritebackAhead {
    file: File,
    written: u64,
    /// Where the range not yet sent to writeback starts.
    unsent: u64,
}

impl Write for WritebackAhead {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let n = self.file.write(buf)?;
        self.written += n as u64;
        if self.written - self.unsent >= WRITEBACK_STEP {
            #[cfg(target_os = "linux")]
            {
                use std::os::fd::AsRawFd;
                let (offset, length) =
                    (self.unsent as libc::off64_t, (self.written - self.unsent) as libc::off64_t);
                // SAFETY: an open descriptor; the call only starts writeback
                // of the range (a hint: its failure shows in the fsync).
                unsafe {
                    libc::sync_file_range(self.file.as_raw_fd(), offset, length, libc::SYNC_FILE_RANGE_WRITE)
                };
            }
            self.unsent = self.written;
        }
        Ok(n)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.file.flush()
    }
}

/// Creates `dir/name`, lets `body` fill it, then flushes, fsyncs and returns its digest.
fn write_file(
    dir: &Path,
    name: &str,
    body: impl FnOnce(&mut ReleaseWriter) -> Result<(), WriteError>,
) -> Result<FileInfo, ReleaseError> {
    let path = dir.join(name);
    let result = (|| {
        let file = WritebackAhead { file: File::create(&path)?, written: 0, unsent: 0 };
        let mut writer = HashingWriter::new(BufWriter::with_capacity(256 * 1024, file));
        body(&mut writer)?;
        let (buffered, sha256, bytes) = writer.finish();
        let written = buffered.into_inner().map_err(|e| e.into_error())?;
        written.file.sync_all()?;
        Ok(FileInfo { name: name.to_string(), sha256, bytes })
    })();
    result.map_err(|e: WriteError| e.or_io(|e| io_error(&path, "write", e)))
}

impl<'a> Output<'a> {
    /// Nothing written yet into `dir`.
    pub fn new(dir: &'a Path, after_file: Option<&'a AfterFile<'a>>) -> Self {
        Output { dir, files: Vec::new(), after_file }
    }

    /// Writes `name` (see [`write_file`]), records it and calls the hook.
    fn write(
        &mut self,
        name: &str,
        body: impl FnOnce(&mut ReleaseWriter) -> Result<(), WriteError>,
    ) -> Result<(), ReleaseError> {
        let info = write_file(self.dir, name, body)?;
        self.register(info)
    }

    /// Records a written file, in release order, and calls the hook.
    fn register(&mut self, info: FileInfo) -> Result<(), ReleaseError> {
        let path = self.dir.join(&info.name);
        let name = info.name.clone();
        self.files.push(info);
        if let Some(hook) = self.after_file {
            hook(&name).map_err(|message| ReleaseError::general(path.display().to_string(), message))?;
        }
        Ok(())
    }

    fn sha256_of(&self, name: &str) -> String {
        self.files.iter().find(|f| f.name == name).map(|f| f.sha256.clone()).unwrap_or_default()
    }
}

/// Validation failures of the records of one file, collected rather than stopping at the first.
struct RecordErrors {
    file: &'static str,
    diagnostics: Vec<Diagnostic>,
}

impl RecordErrors {
    fn new(file: &'static str) -> Self {
        RecordErrors { file, diagnostics: Vec::new() }
    }
    fn add(&mut self, line: usize, id: &str, violations: Vec<Violation>) {
        for v in violations {
            self.diagnostics.push(
                Diagnostic::error(
                    self.file,
                    format!(
                        "record `{id}` breaks the schema at `{}` ({}): {}",
                        v.instance_path, v.rule, v.message
                    ),
                )
                .at(line, 1),
            );
        }
    }
    fn finish(self) -> Result<(), WriteError> {
        if self.diagnostics.is_empty() {
            Ok(())
        } else {
            Err(WriteError::Release(ReleaseError { diagnostics: self.diagnostics }))
        }
    }
}

/// Serialises a record as one compact JSON line and validates it.
fn record_line<T: Serialize>(
    validator: &Validator,
    schema: &str,
    record: &T,
    id: &str,
    line_no: usize,
    errors: &mut RecordErrors,
) -> Result<String, WriteError> {
    // The line published is the line validated.
    let (line, violations) = validator.serialise_and_validate(schema, record)?;
    errors.add(line_no, id, violations);
    Ok(line)
}

fn schema_version_of(schemas: &[NamedSchema]) -> String {
    schemas
        .iter()
        .find_map(|s| s.schema.get("x-tally-schema-version").and_then(Value::as_str).map(str::to_string))
        .unwrap_or_else(|| tally_model::SCHEMA_VERSION.to_string())
}

/// `created`: `SOURCE_DATE_EPOCH` when given, else the latest date in the data at midnight UTC.
fn created_timestamp(epoch: Option<i64>, latest: Option<chrono::NaiveDate>) -> String {
    if let Some(dt) = epoch.and_then(|s| chrono::DateTime::from_timestamp(s, 0)) {
        return dt.format("%Y-%m-%dT%H:%M:%SZ").to_string();
    }
    match latest {
        Some(day) => format!("{}T00:00:00Z", day.format("%Y-%m-%d")),
        None => "1970-01-01T00:00:00Z".to_string(),
    }
}

/// A one-line description of an event, for the changelog.
pub fn event_summary(event: &Event) -> String {
    let kind = serde_json::to_value(event.kind)
        .ok()
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_default();
    let status = serde_json::to_value(event.status)
        .ok()
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_default();
    let count = event.count.as_ref().map_or("undisclosed number".to_string(), |c| {
        if c.low == c.high {
            c.best.to_string()
        } else {
            format!("{} ({}–{})", c.best, c.low, c.high)
        }
    });
    let date = event.date.map_or("date unknown".to_string(), |d| {
        if d.is_day() {
            d.start.to_string()
        } else {
            format!("{}..{}", d.start, d.end)
        }
    });
    format!("{kind} {}→{}: {count}, {date}, {status}", event.from, event.to)
}

/// What the rest of a release needs of the article records, gathered in one
/// pass over the record spool: the records themselves stay on disk.
struct RecordSummary {
    count: u64,
    latest_published: Option<NaiveDate>,
    published_range: Option<DateWindow>,
    outlets: BTreeMap<String, usize>,
    /// The articles that report events, by id (as corrected and reconciled).
    reported: BTreeMap<String, ReportArticle>,
    /// The ledger rows, written out as they come: one per article.
    ledger: ArticleRowWriter,
}

impl RecordSummary {
    fn add(&mut self, record: ArticleRecord) -> io::Result<()> {
        self.count += 1;
        if let Some(p) = record.published {
            self.latest_published = self.latest_published.max(Some(p.start));
            self.published_range = Some(widen(self.published_range, p));
        }
        if let Some(outlet) = record.outlet {
            *self.outlets.entry(outlet).or_insert(0) += 1;
        }
        self.ledger.push(&LedgerArticle {
            path: record.path,
            id: record.id,
            sha256: record.sha256,
            title: record.title,
        })
    }
}

/// What the writer takes besides the two earlier stages' outputs: the
/// release's identity and the previous release (for the changelog).
pub struct ReleaseMeta<'a> {
    pub version: &'a Version,
    /// The schemas published (already written by [`write_schemas`]).
    pub schemas: &'a [NamedSchema],
    /// Seconds since the epoch for `created`; `None` derives it from the corpus's latest date.
    pub source_date_epoch: Option<i64>,
    pub previous: Option<&'a LedgerEntry>,
}

/// Writes the schemas into the release directory, the first files of a
/// release, and compiles the validator from exactly the files published.
pub fn write_schemas(out: &mut Output, schemas: &[NamedSchema]) -> Result<Validator, ReleaseError> {
    for schema in schemas {
        out.write(&schema.file_name, |w| {
            serde_json::to_writer_pretty(&mut *w, &schema.schema)?;
            w.write_all(b"\n")?;
            Ok(())
        })?;
    }
    Validator::from_dir(out.dir).map_err(|e| {
        ReleaseError::general(out.dir.display().to_string(), format!("cannot compile the schemas: {e}"))
    })
}

/// The writer stage: every release file after the schemas, from the
/// per-article stage's spools and the reconciled timeline, and the ledger's
/// article rows into `DIR.rows` beside the release directory.
pub fn write_release(
    mut out: Output,
    validator: &Validator,
    extracted: Extracted,
    mut reconciled: Reconciled,
    meta: &ReleaseMeta,
) -> Result<Built, ReleaseError> {
    let dir = out.dir;
    let Extracted { spools, mut claims, corrected, warnings, skipped, applied, .. } = extracted;
    let (spool_path, record_spool_path) = (spools.articles.clone(), spools.records.clone());
    let redated = std::mem::take(&mut reconciled.redated);
    // What the timeline's readers need of the reporting claims and articles.
    let reported: std::collections::BTreeSet<&str> =
        reconciled.every_report().map(|r| &**r.article).collect();
    // What the release metadata needs of the records: one pass over the small record spool.
    let rows_path = rows_path_for(dir);
    let rows = ArticleRows::create(rows_path.clone()).map_err(|e| io_error(&rows_path, "create", e))?;
    let (mut summary, patches) =
        summarise_records(&record_spool_path, &reconciled.published, &applied.articles, &reported, rows)?;

    let wanted = LinesAt::of(reconciled.every_report().map(|r| r.claim));
    let correction_lines =
        validated_lines("corrections.jsonl", "correction", &applied.records, validator, |c| &c.id)?;

    // Release metadata.
    // The latest day the data certainly reaches: window starts, since a vague
    // window's end can lie far past anything reported.
    let latest_event = reconciled.events.iter().filter_map(|e| e.date.map(|d| d.start)).max();
    let created = created_timestamp(meta.source_date_epoch, summary.latest_published.or(latest_event));
    let date_range = date_range(summary.published_range, &reconciled.events);
    let claim_count = published_claims(&claims, &corrected);
    let info = ReleaseInfo {
        name: DATASET_NAME.to_string(),
        version: meta.version.to_string(),
        created,
        generator: format!("tally {}", env!("CARGO_PKG_VERSION")),
        counts: Counts {
            articles: summary.count,
            claims: claim_count as u64,
            events: reconciled.events.len() as u64,
            checks: reconciled.checks.len() as u64,
            skipped: skipped.len() as u64,
            corrections: applied.records.len() as u64,
        },
        date_range,
    };
    let schema_version = schema_version_of(meta.schemas);
    let outlets = std::mem::take(&mut summary.outlets);
    let duplicates: Vec<&Diagnostic> =
        warnings.iter().filter(|d| d.message.starts_with("identical content to")).collect();
    let card_text = card::render(&card::CardInput {
        info: &info,
        schema_version: &schema_version,
        outlets: &outlets,
        events: &reconciled.events,
        checks: &reconciled.checks,
        skipped: &skipped,
        duplicates: &duplicates,
        created_from_epoch: meta.source_date_epoch.is_some(),
        corrections: &applied.records,
    });
    let claims_path = dir.join("claims.jsonl");
    let events_path = dir.join("events.jsonl");

    // The largest file, dataset.json, is written on a thread of its own when
    // the build has more than one: its articles while claims.jsonl and
    // events.jsonl are written here, the rest once they are (it copies their
    // lines), while the other files are written here (events.csv and the
    // page on a third thread once claims.jsonl is written). The files are
    // registered (and listed in SHA256SUMS) in release order all the same.
    let write_dataset_file = |lines_ready: Option<mpsc::Receiver<()>>| {
        write_file(dir, "dataset.json", |w| {
            let parts = DatasetParts {
                validator,
                schema_version: &schema_version,
                info: &info,
                article_spool: &spool_path,
                patches: &patches,
                claim_file: &claims_path,
                event_file: &events_path,
                checks: &reconciled.checks,
                skipped: &skipped,
                correction_lines: &correction_lines,
            };
            write_dataset(w, &parts, lines_ready)
        })
    };
    // events.csv and index.html, from the claims' lines located in claims.jsonl.
    let write_readers = |sentence_lines: LinesAt<'_>| -> Result<(FileInfo, FileInfo), ReleaseError> {
        let sentences = ReportSentences::in_lines(
            File::open(&claims_path).map_err(|e| io_error(&claims_path, "read", e))?,
            sentence_lines,
        );
        let csv = write_file(dir, "events.csv", |w| {
            write_events_csv(w, &reconciled, &summary.reported, &sentences).map_err(WriteError::Io)
        })?;
        let page = html::PageInput {
            info: &info,
            schema_version: &schema_version,
            outlets: &outlets,
            timeline: &reconciled,
            checks: &reconciled.checks,
            articles: &summary.reported,
            claims: &sentences,
            corrections: &applied.records,
        };
        // Streamed into the file: a large release's page is not held whole.
        let page = write_file(dir, "index.html", |w| {
            let mut to_file = FmtToIo { out: w, error: None };
            html::render_to(&page, &mut to_file).map_err(|_| {
                WriteError::Io(to_file.error.take().unwrap_or_else(|| {
                    io::Error::other("a report's sentence could not be read back from claims.jsonl")
                }))
            })
        })?;
        Ok((csv, page))
    };
    let mut ledger_events: Vec<LedgerEvent> = Vec::with_capacity(reconciled.events.len());
    std::thread::scope(|scope| {
        let write_dataset_file = &write_dataset_file;
        let write_readers = &write_readers;
        // Dropped on an early return, which ends the dataset's wait with an error.
        let (lines_written, lines_ready) = mpsc::channel();
        let dataset = (rayon::current_num_threads() > 1)
            .then(|| scope.spawn(move || write_dataset_file(Some(lines_ready))));
        let (claims_file, written, sentence_lines) =
            write_claims(dir, &redated, &mut claims, corrected, wanted, validator)?;
        if written != claim_count {
            return Err(ReleaseError::general(
                claims_path.display().to_string(),
                format!("{written} claims written where {claim_count} were counted"),
            ));
        }
        // events.jsonl is written as its lines are validated, and read back for
        // dataset.json: a long archive's event lines are not all held at once.
        let events_file = write_file(dir, "events.jsonl", |w| {
            for_each_validated_line(
                "events.jsonl",
                "event",
                reconciled.whole_events(),
                validator,
                |e| &e.id,
                |event, line| {
                    ledger_events.push(LedgerEvent {
                        id: event.id.clone(),
                        digest: sums::sha256_hex(line.as_bytes()),
                        summary: event_summary(event),
                    });
                    w.write_all(line.as_bytes())?;
                    w.write_all(b"\n")
                },
            )
        })?;
        // (the dataset's thread may be gone already, on an error of its own)
        let _ = lines_written.send(());
        // events.csv and the page read the reporting claims' sentences back
        // from claims.jsonl: with more than one thread they are written on a
        // thread of their own (the page is the longest part of the work left
        // here), while this one writes the articles.
        let readers = if rayon::current_num_threads() > 1 {
            Readers::Spawned(scope.spawn(move || write_readers(sentence_lines)))
        } else {
            Readers::Here(sentence_lines)
        };
        out.write("articles.jsonl", |w| {
            let mut errors = RecordErrors::new("articles.jsonl");
            for_each_article_line(&spool_path, &patches, validator, &mut errors, |line| {
                w.write_all(line)?;
                w.write_all(b"\n")
            })?;
            errors.finish()
        })?;
        out.register(claims_file)?;
        out.register(events_file)?;
        let corrections_file = write_file(dir, "corrections.jsonl", |w| write_lines(w, &correction_lines))?;
        let card = write_file(dir, "README.md", |w| Ok(w.write_all(card_text.as_bytes())?))?;
        let (csv, page) = match readers {
            Readers::Spawned(thread) => {
                thread.join().map_err(|_| ReleaseError::general("index.html", "the writer panicked"))??
            }
            Readers::Here(lines) => write_readers(lines)?,
        };
        out.register(csv)?;
        out.register(corrections_file)?;
        let dataset = match dataset {
            Some(thread) => {
                thread.join().map_err(|_| ReleaseError::general("dataset.json", "the writer panicked"))?
            }
            None => write_dataset_file(None),
        };
        out.register(dataset?)?;
        out.register(card)?;
        out.register(page)
    })?;
    drop(claims);
    for spool in [&spool_path, &record_spool_path, &spools.claims] {
        std::fs::remove_file(spool).map_err(|e| io_error(spool, "remove", e))?;
    }

    let article_rows = summary.ledger.finish().map_err(|e| io_error(&rows_path, "write", e))?;
    ledger_events.sort();
    let mut entry = LedgerEntry {
        version: meta.version.to_string(),
        schema_version: schema_version.clone(),
        content_sha256: String::new(),
        schemas: BTreeMap::new(),
        articles: Default::default(),
        events: ledger_events,
        corrections: applied
            .records
            .iter()
            .map(|r| crate::ledger::LedgerCorrection { id: r.id.clone(), summary: corrections::summary(r) })
            .collect(),
    };
    for schema in meta.schemas {
        entry.schemas.insert(
            schema.name.to_string(),
            LedgerSchema {
                file: schema.file_name.clone(),
                sha256: out.sha256_of(&schema.file_name),
                document: schema.schema.clone(),
            },
        );
    }

    let changelog_text = changelog::render(&entry, &article_rows, meta.previous)
        .map_err(|e| io_error(&rows_path, "read", e))?;
    out.write("CHANGELOG.md", |w| Ok(w.write_all(changelog_text.as_bytes())?))?;

    let descriptor = datapackage::render(&info, &outlets, meta.schemas, &out.files);
    out.write("datapackage.json", |w| Ok(w.write_all(descriptor.as_bytes())?))?;

    let sum_lines: Vec<SumLine> =
        out.files.iter().map(|f| SumLine { name: f.name.clone(), sha256: f.sha256.clone() }).collect();
    let sums_text = sums::render(&sum_lines);
    entry.content_sha256 = sums::sha256_hex(sums_text.as_bytes());
    out.write("SHA256SUMS", |w| Ok(w.write_all(sums_text.as_bytes())?))?;

    Ok(Built { entry, article_rows, info, warnings, skipped, files: out.files })
}

/// Where `events.csv` and `index.html` are written: on a thread of their
/// own, or here later with the claims' lines located for them.
enum Readers<'scope, 'lines> {
    Spawned(std::thread::ScopedJoinHandle<'scope, Result<(FileInfo, FileInfo), ReleaseError>>),
    Here(LinesAt<'lines>),
}

/// `std::fmt::Write` onto an `io::Write`, keeping the I/O error (a
/// formatting error carries none).
struct FmtToIo<'a> {
    out: &'a mut dyn Write,
    error: Option<io::Error>,
}

impl std::fmt::Write for FmtToIo<'_> {
    fn write_str(&mut self, s: &str) -> std::fmt::Result {
        self.out.write_all(s.as_bytes()).map_err(|e| {
            self.error = Some(e);
            std::fmt::Error
        })
    }
}

/// What `dataset.json` is assembled from.
struct DatasetParts<'a> {
    validator: &'a Validator,
    schema_version: &'a str,
    info: &'a ReleaseInfo,
    article_spool: &'a Path,
    patches: &'a Patches<'a>,
    /// `claims.jsonl`, already written and validated.
    claim_file: &'a Path,
    /// `events.jsonl`, already written and validated.
    event_file: &'a Path,
    checks: &'a Checks,
    skipped: &'a [SkippedFile],
    correction_lines: &'a [String],
}

/// `dataset.json`, written piecewise: the envelope is validated on its own
/// (records are validated where their files are written) and the records are
/// the same lines as the JSON Lines files, so the whole document is never
/// held in memory. The bytes equal `serde_json::to_string(&Dataset)` plus a newline.
/// With `lines_ready`, the claims' and events' lines are copied only once
/// it says their files are written.
fn write_dataset(
    w: &mut dyn Write,
    parts: &DatasetParts,
    lines_ready: Option<mpsc::Receiver<()>>,
) -> Result<(), WriteError> {
    // The envelope is validated with its checks one at a time (each in an
    // envelope of its own, its violations placed at its index), so the
    // checks are never copied whole: a large corpus has thousands, each
    // listing the events it sums.
    let envelope = |checks: Vec<Check>, skipped: Vec<SkippedFile>| tally_model::Dataset {
        schema_version: parts.schema_version.to_string(),
        release: parts.info.clone(),
        articles: vec![],
        claims: vec![],
        events: vec![],
        checks,
        skipped,
        corrections: vec![],
    };
    let mut errors = RecordErrors::new("dataset.json");
    let whole = envelope(vec![], parts.skipped.to_vec());
    errors.add(1, "dataset", parts.validator.validate_value("dataset", &serde_json::to_value(&whole)?));
    drop(whole);
    for (k, check) in parts.checks.iter().enumerate() {
        let alone = serde_json::to_value(envelope(vec![check], vec![]))?;
        let mut violations = parts.validator.validate_value("dataset", &alone);
        for v in &mut violations {
            if let Some(rest) = v.instance_path.strip_prefix("/checks/0") {
                v.instance_path = format!("/checks/{k}{rest}");
            }
        }
        errors.add(1, "dataset", violations);
    }
    errors.finish()?;
    w.write_all(b"{\"schema_version\":")?;
    serde_json::to_writer(&mut *w, parts.schema_version)?;
    w.write_all(b",\"release\":")?;
    serde_json::to_writer(&mut *w, parts.info)?;
    w.write_all(b",\"articles\":[")?;
    let mut first = true;
    // Patched lines are validated (and their errors reported) by articles.jsonl.
    let mut ignored = RecordErrors::new("dataset.json");
    let not_written = || io::Error::other("claims.jsonl and events.jsonl were not written");
    // (a failure of the other files ends the articles early: nothing more is wanted)
    let mut ready = lines_ready.is_none();
    for_each_article_line(parts.article_spool, parts.patches, parts.validator, &mut ignored, |line| {
        if let (false, Some(lines_ready)) = (ready, &lines_ready) {
            match lines_ready.try_recv() {
                Ok(()) => ready = true,
                Err(mpsc::TryRecvError::Empty) => {}
                Err(mpsc::TryRecvError::Disconnected) => return Err(not_written()),
            }
        }
        if !std::mem::take(&mut first) {
            w.write_all(b",")?;
        }
        w.write_all(line)
    })?;
    w.write_all(b"]")?;
    if let (false, Some(lines_ready)) = (ready, &lines_ready) {
        lines_ready.recv().map_err(|_| not_written())?;
    }
    w.write_all(b",\"claims\":")?;
    write_array(w, BufReader::new(File::open(parts.claim_file)?).lines())?;
    w.write_all(b",\"events\":")?;
    write_array(w, BufReader::new(File::open(parts.event_file)?).lines())?;
    // (each check made whole as it is written: the same bytes as the array's)
    w.write_all(b",\"checks\":")?;
    write_array(w, parts.checks.iter().map(|check| serde_json::to_string(&check).map_err(io::Error::other)))?;
    w.write_all(b",\"skipped\":")?;
    serde_json::to_writer(&mut *w, parts.skipped)?;
    if !parts.correction_lines.is_empty() {
        w.write_all(b",\"corrections\":")?;
        write_array(w, parts.correction_lines.iter().map(Ok))?;
    }
    w.write_all(b"}\n")?;
    Ok(())
}

/// A JSON array of records already serialised, one per line.
fn write_array<L: AsRef<str>>(
    w: &mut dyn Write,
    lines: impl Iterator<Item = io::Result<L>>,
) -> io::Result<()> {
    w.write_all(b"[")?;
    for (index, line) in lines.enumerate() {
        if index > 0 {
            w.write_all(b",")?;
        }
        w.write_all(line?.as_ref().as_bytes())?;
    }
    w.write_all(b"]")
}

/// What an article line is changed by: the publication window
/// reconciliation gave it (when it differs from its own) and its corrections.
struct Patch<'a> {
    id: String,
    published: Option<&'a DatedWindow>,
    fix: Option<&'a ArticleFix>,
}

/// The article lines to change, by line index.
type Patches<'a> = BTreeMap<usize, Patch<'a>>;

/// Reads the article spool and calls `emit` with each line: as spooled, or
/// patched with its reconciled window (re-validated, errors into `errors`).
fn for_each_article_line(
    article_spool: &Path,
    patches: &Patches,
    validator: &Validator,
    errors: &mut RecordErrors,
    mut emit: impl FnMut(&[u8]) -> io::Result<()>,
) -> Result<(), WriteError> {
    // One buffer for every line, and no UTF-8 check: the spool holds
    // serde_json's output, and the lines are copied, not read.
    let mut reader = BufReader::with_capacity(1 << 20, File::open(article_spool)?);
    let mut line = Vec::new();
    for index in 0.. {
        line.clear();
        if reader.read_until(b'\n', &mut line)? == 0 {
            break;
        }
        let text = line.strip_suffix(b"\n").unwrap_or(&line);
        match patches.get(&index) {
            Some(patch) => {
                let mut article: Article = serde_json::from_slice(text)?;
                if let Some(window) = patch.published {
                    article.published = Some(window.clone());
                }
                if let Some(fix) = patch.fix {
                    fix.apply_to(&mut article);
                }
                emit(record_line(validator, "article", &article, &patch.id, index + 1, errors)?.as_bytes())?;
            }
            // Validated when it was produced.
            None => emit(text)?,
        }
    }
    Ok(())
}

/// One pass over the record spool: counts, dates (as reconciled), outlets,
/// ledger rows, and which article lines need their window patched.
fn summarise_records<'a>(
    records: &Path,
    published: &'a BTreeMap<String, DatedWindow>,
    fixes: &'a BTreeMap<String, ArticleFix>,
    reported: &std::collections::BTreeSet<&str>,
    ledger: ArticleRowWriter,
) -> Result<(RecordSummary, Patches<'a>), ReleaseError> {
    let fail = |e: String| io_error(records, "read the record spool", io::Error::other(e));
    let file = File::open(records).map_err(|e| fail(e.to_string()))?;
    let mut summary = RecordSummary {
        count: 0,
        latest_published: None,
        published_range: None,
        outlets: BTreeMap::new(),
        reported: BTreeMap::new(),
        ledger,
    };
    let mut patches = Patches::new();
    for (index, line) in BufReader::new(file).lines().enumerate() {
        let line = line.map_err(|e| fail(e.to_string()))?;
        let mut record: ArticleRecord = serde_json::from_str(&line).map_err(|e| fail(e.to_string()))?;
        let window = reconciled_window(&record, published);
        let fix = fixes.get(&record.id);
        if let Some(window) = window {
            record.published = Some(window.window());
        }
        if let Some(fix) = fix {
            fix.apply_to_record(&mut record);
        }
        if window.is_some() || fix.is_some() {
            patches.insert(index, Patch { id: record.id.clone(), published: window, fix });
        }
        if reported.contains(record.id.as_str()) {
            summary.reported.insert(
                record.id.clone(),
                ReportArticle {
                    path: record.path.clone(),
                    title: record.title.clone(),
                    outlet: record.outlet.clone(),
                    published: record.published,
                },
            );
        }
        summary.add(record).map_err(|e| io_error(summary.ledger.path(), "write", e))?;
    }
    Ok((summary, patches))
}

/// Where [`build`] spools the ledger's article rows for the release in `dir`:
/// a sibling file, so that it is not part of the release and outlives the
/// rename that publishes it (the ledger is written after that rename).
pub fn rows_path_for(dir: &Path) -> PathBuf {
    let mut name = dir.file_name().unwrap_or_default().to_os_string();
    name.push(".rows");
    dir.with_file_name(name)
}

/// The publication window reconciliation gave an article, when it differs from its own.
fn reconciled_window<'a>(
    record: &ArticleRecord,
    published: &'a BTreeMap<String, DatedWindow>,
) -> Option<&'a DatedWindow> {
    published.get(&record.id).filter(|p| record.published != Some(p.window()))
}

/// Each record as one compact JSON line, validated against `schema`; every
/// failure of the file is collected and reported under `file`.
fn validated_lines<T: Serialize>(
    file: &'static str,
    schema: &str,
    records: &[T],
    validator: &Validator,
    id: impl Fn(&T) -> &str,
) -> Result<Vec<String>, ReleaseError> {
    let mut lines = Vec::with_capacity(records.len());
    for_each_validated_line(file, schema, records.iter(), validator, id, |_, line| {
        lines.push(line);
        Ok(())
    })
    .map_err(|e| e.or_io(|e| ReleaseError::general(file, e.to_string())))?;
    Ok(lines)
}

/// How many claims `claims.jsonl` publishes: every spilled claim, but a
/// corrected article's as corrected.
fn published_claims(spilled: &SpilledClaims, corrected: &BTreeMap<String, Vec<Claim>>) -> usize {
    let replaced: usize = corrected.keys().map(|article| spilled.count(article)).sum();
    spilled.total() - replaced + corrected.values().map(Vec::len).sum::<usize>()
}

/// Writes `claims.jsonl` into `dir` (see [`write_file`]): every claim,
/// article by article in id order, each with the date reconciliation gave
/// it, if any. A spilled claim's line is copied as it was validated where
/// it was extracted; a re-dated claim's, or a corrected article's, is made
/// and validated here. Returns the file, the claims' number, and where the
/// line of each claim `lines_at` wants (those reporting events, whose
/// sentences `events.csv` and `index.html` show) is.
fn write_claims<'w>(
    dir: &Path,
    redated: &BTreeMap<String, DatedWindow>,
    spilled: &mut SpilledClaims,
    mut corrected: BTreeMap<String, Vec<Claim>>,
    mut lines_at: LinesAt<'w>,
    validator: &Validator,
) -> Result<(FileInfo, usize, LinesAt<'w>), ReleaseError> {
    let mut count = 0;
    // Article by article in id order: the spilled claims (or a corrected article's).
    let mut articles = spilled.articles();
    articles.extend(corrected.keys().map(|id| std::sync::Arc::from(id.as_str())));
    articles.sort_unstable();
    articles.dedup();
    let file = write_file(dir, "claims.jsonl", |w| {
        let mut errors = RecordErrors::new("claims.jsonl");
        let mut written = 0u64;
        let mut emit = |w: &mut ReleaseWriter, id: &str, line: &[u8]| -> io::Result<()> {
            w.write_all(line)?;
            w.write_all(b"\n")?;
            // (a line over 4 GB is not located: its sentence is not shown)
            lines_at.locate(id, written, u32::try_from(line.len()).unwrap_or(u32::MAX));
            written += line.len() as u64 + 1;
            Ok(())
        };
        // A line made here: the claim with the date reconciliation gave it, validated.
        let made = |mut claim: Claim, line_no: usize, errors: &mut RecordErrors| {
            if let Some(date) = redated.get(&claim.id) {
                claim.date = Some(date.clone());
            }
            Ok::<_, WriteError>((
                record_line(validator, "claim", &claim, &claim.id, line_no, errors)?,
                claim.id,
            ))
        };
        for article in &articles {
            if let Some(claims) = corrected.remove(&**article) {
                for claim in claims {
                    count += 1;
                    let (line, id) = made(claim, count, &mut errors)?;
                    emit(w, &id, line.as_bytes())?;
                }
                continue;
            }
            spilled.for_each_line(article, |line, violations| {
                count += 1;
                let id = crate::spill::claim_id(line)?;
                match redated.contains_key(&id) {
                    true => {
                        let (line, id) = made(serde_json::from_slice(line)?, count, &mut errors)?;
                        emit(w, &id, line.as_bytes())?;
                    }
                    false => {
                        errors.add(count, &id, violations.to_vec());
                        emit(w, &id, line)?;
                    }
                }
                Ok::<_, WriteError>(())
            })?;
        }
        errors.finish()
    })?;
    Ok((file, count, lines_at))
}

/// Serialises and validates each record in turn and gives it with its line
/// to `emit`; every failure of the file is collected and reported under `file`.
fn for_each_validated_line<T: Serialize, R: std::ops::Deref<Target = T>>(
    file: &'static str,
    schema: &str,
    records: impl IntoIterator<Item = R>,
    validator: &Validator,
    id: impl Fn(&T) -> &str,
    mut emit: impl FnMut(&T, String) -> io::Result<()>,
) -> Result<(), WriteError> {
    let mut errors = RecordErrors::new(file);
    for (index, record) in records.into_iter().enumerate() {
        let record = &*record;
        emit(record, record_line(validator, schema, record, id(record), index + 1, &mut errors)?)?;
    }
    errors.finish()
}

fn write_lines(w: &mut dyn Write, lines: &[String]) -> Result<(), WriteError> {
    for line in lines {
        w.write_all(line.as_bytes())?;
        w.write_all(b"\n")?;
    }
    Ok(())
}

/// Earliest start and latest end over event dates and publication dates.
/// The smallest window holding both.
fn widen(acc: Option<DateWindow>, w: DateWindow) -> DateWindow {
    acc.map_or(w, |a| DateWindow::new(a.start.min(w.start), a.end.max(w.end)))
}

/// The window of the articles' publication dates and the events' dates.
fn date_range(published: Option<DateWindow>, events: &[Event]) -> Option<DateWindow> {
    events.iter().filter_map(|e| e.date).fold(published, |acc, w| Some(widen(acc, w)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::reports::tests::event;

    #[test]
    fn a_page_the_disk_refuses_gives_the_disks_error() {
        struct Full;
        impl io::Write for Full {
            fn write(&mut self, _: &[u8]) -> io::Result<usize> {
                Err(io::Error::new(io::ErrorKind::StorageFull, "no space left"))
            }
            fn flush(&mut self) -> io::Result<()> {
                Ok(())
            }
        }
        let mut disk = Full;
        let mut page = FmtToIo { out: &mut disk, error: None };
        assert!(std::fmt::Write::write_str(&mut page, "<html>").is_err());
        assert_eq!(page.error.map(|e| e.kind()), Some(io::ErrorKind::StorageFull));
    }

    fn record(id: &str, published: Option<DateWindow>) -> ArticleRecord {
        ArticleRecord {
            id: id.into(),
            path: format!("{id}.md"),
            sha256: "0".repeat(64),
            title: None,
            outlet: None,
            published,
        }
    }

    fn dated(start: chrono::NaiveDate, end: chrono::NaiveDate) -> DatedWindow {
        DatedWindow {
            start,
            end,
            basis: tally_model::DateBasis::Inferred,
            evidence: vec![],
            reason: "test".into(),
        }
    }

    #[test]
    fn only_a_changed_window_patches_an_article() {
        let day = |d| chrono::NaiveDate::from_ymd_opt(2025, 6, d).unwrap();
        let wide = DateWindow::new(day(1), day(30));
        let mut published = BTreeMap::new();
        published.insert("same".to_string(), dated(day(1), day(30)));
        published.insert("narrowed".to_string(), dated(day(11), day(12)));
        published.insert("undated".to_string(), dated(day(2), day(2)));
        assert!(reconciled_window(&record("same", Some(wide)), &published).is_none());
        assert_eq!(
            reconciled_window(&record("narrowed", Some(wide)), &published).map(|w| w.start),
            Some(day(11))
        );
        assert!(reconciled_window(&record("undated", None), &published).is_some());
        assert!(reconciled_window(&record("absent", Some(wide)), &published).is_none());
    }

    #[test]
    fn the_date_range_spans_articles_and_events() {
        let day = |m, d| chrono::NaiveDate::from_ymd_opt(2025, m, d).unwrap();
        let articles =
            widen(Some(DateWindow::new(day(6, 1), day(6, 2))), DateWindow::new(day(5, 20), day(5, 21)));
        assert_eq!(articles, DateWindow::new(day(5, 20), day(6, 2)));
        // the event on 2025-06-11 widens the end
        assert_eq!(date_range(Some(articles), &[event()]), Some(DateWindow::new(day(5, 20), day(6, 11))));
        assert_eq!(date_range(None, &[]), None);
    }

    #[test]
    fn created_prefers_source_date_epoch_then_corpus_date() {
        let day = chrono::NaiveDate::from_ymd_opt(2025, 6, 12).unwrap();
        assert_eq!(created_timestamp(Some(1_700_000_000), Some(day)), "2023-11-14T22:13:20Z");
        assert_eq!(created_timestamp(None, Some(day)), "2025-06-12T00:00:00Z");
        assert_eq!(created_timestamp(None, None), "1970-01-01T00:00:00Z");
    }

    #[test]
    fn record_lines_keep_the_field_order_of_the_contract() {
        let validator = Validator::from_model().unwrap();
        let mut errors = RecordErrors::new("events.jsonl");
        let line = record_line(&validator, "event", &event(), "e-1", 1, &mut errors).ok().unwrap();
        assert!(line.starts_with(r#"{"id":"e-1","kind":"remains","from":"RU","to":"UA","count":"#), "{line}");
        assert_eq!(line, serde_json::to_string(&event()).unwrap());
    }

    #[test]
    fn event_summary_reads_well() {
        assert_eq!(event_summary(&event()), "remains RU→UA: 1212 (1200–1212), 2025-06-11, completed");
    }
}
