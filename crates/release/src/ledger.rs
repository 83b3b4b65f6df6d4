//! The ledger of published releases (`data/releases.json`, committed): what
//! each version contained, so that on a fresh clone the previous release is
//! known for the changelog and the schema semver rule. It is replaced
//! atomically (temporary file + rename), and only after a release directory
//! has been published.
//!
//! The entry of the release being built holds its article rows in an
//! [`ArticleRows`] spool file, not in memory (a corpus has one per article);
//! [`Ledger::save_with_rows`] streams them into the ledger.

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader, BufWriter, Write};
use std::path::{Path, PathBuf};

use semver::Version;
use serde::ser::{Error as _, SerializeSeq, SerializeStruct};
use serde::{Deserialize, Serialize, Serializer};
use serde_json::Value;
use tally_model::Diagnostic;

use crate::ReleaseError;

/// Every published release, oldest version first.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Ledger {
    /// Format of this file.
    pub ledger_version: u32,
    pub releases: Vec<LedgerEntry>,
}

/// What one release contained.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LedgerEntry {
    pub version: String,
    pub schema_version: String,
    /// SHA-256 of the release's `SHA256SUMS`: one digest for all of its bytes.
    pub content_sha256: String,
    /// The schemas published, by short name (`article`, ...), in full so a later release can diff them.
    pub schemas: BTreeMap<String, LedgerSchema>,
    /// Every article, sorted by source path.
    pub articles: Vec<LedgerArticle>,
    /// Every event, sorted by id.
    pub events: Vec<LedgerEvent>,
    /// Every correction applied, in file and line order (absent in releases without).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub corrections: Vec<LedgerCorrection>,
}

/// A correction a release applied, for the next release's changelog.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LedgerCorrection {
    /// Its id in `corrections.jsonl`.
    pub id: String,
    /// What it changed, in words.
    pub summary: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LedgerSchema {
    pub file: String,
    pub sha256: String,
    pub document: Value,
}

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LedgerArticle {
    pub path: String,
    pub id: String,
    pub sha256: String,
    pub title: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LedgerEvent {
    pub id: String,
    /// SHA-256 of the event's line in `events.jsonl`.
    pub digest: String,
    /// A one-line description for the changelog.
    pub summary: String,
}

impl Ledger {
    /// Reads the ledger; an absent file is an empty ledger (a fresh project).
    pub fn load(path: &Path) -> Result<Ledger, ReleaseError> {
        let text = match std::fs::read_to_string(path) {
            Ok(t) => t,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Ledger::empty()),
            Err(e) => {
                return Err(ReleaseError::general(
                    path.display().to_string(),
                    format!("cannot read ledger: {e}"),
                ))
            }
        };
        if text.trim().is_empty() {
            return Ok(Ledger::empty());
        }
        serde_json::from_str(&text).map_err(|e| ReleaseError {
            diagnostics: vec![Diagnostic::error(
                path.display().to_string(),
                format!("the release ledger is not valid: {e}"),
            )
            .at(e.line(), e.column())],
        })
    }

    pub fn empty() -> Ledger {
        Ledger { ledger_version: 1, releases: Vec::new() }
    }

    /// The entry recorded for exactly this version.
    pub fn find(&self, version: &Version) -> Option<&LedgerEntry> {
        self.releases.iter().find(|e| Version::parse(&e.version).ok().as_ref() == Some(version))
    }

    /// The release before `version`: the highest recorded version below it.
    pub fn previous(&self, version: &Version) -> Option<&LedgerEntry> {
        self.releases
            .iter()
            .filter_map(|e| Version::parse(&e.version).ok().map(|v| (v, e)))
            .filter(|(v, _)| v < version)
            .max_by(|a, b| a.0.cmp(&b.0))
            .map(|(_, e)| e)
    }

    /// Adds (or replaces) an entry, keeping versions in order.
    pub fn record(&mut self, entry: LedgerEntry) {
        self.releases.retain(|e| e.version != entry.version);
        self.releases.push(entry);
        self.releases.sort_by(|a, b| match (Version::parse(&a.version), Version::parse(&b.version)) {
            (Ok(x), Ok(y)) => x.cmp(&y),
            _ => a.version.cmp(&b.version),
        });
    }

    /// Writes the ledger atomically: a temporary file beside it, fsynced, renamed over it.
    pub fn save(&self, path: &Path) -> Result<(), ReleaseError> {
        self.save_as(path, self)
    }

    /// [`Ledger::save`], with the articles of the entry for `version` (whose
    /// `articles` are left empty in memory) read from `rows`.
    pub fn save_with_rows(&self, path: &Path, version: &str, rows: &ArticleRows) -> Result<(), ReleaseError> {
        self.save_as(path, &LedgerWithRows { ledger: self, version, rows })
    }

    fn save_as(&self, path: &Path, document: &impl Serialize) -> Result<(), ReleaseError> {
        let fail = |what: &str, e: std::io::Error| {
            ReleaseError::general(path.display().to_string(), format!("cannot {what} the ledger: {e}"))
        };
        let parent = path.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
        std::fs::create_dir_all(parent).map_err(|e| fail("create the directory of", e))?;
        let file_name = path.file_name().map(|n| n.to_string_lossy().to_string()).unwrap_or_default();
        let tmp = parent.join(format!(".{file_name}.tmp-{}", std::process::id()));
        let result = (|| {
            let mut writer = std::io::BufWriter::new(std::fs::File::create(&tmp)?);
            serde_json::to_writer_pretty(&mut writer, document)?;
            writer.write_all(b"\n")?;
            writer.into_inner().map_err(|e| e.into_error())?.sync_all()?;
            std::fs::rename(&tmp, path)?;
            crate::durable::sync_dir(parent)
        })();
        if result.is_err() {
            let _ = std::fs::remove_file(&tmp);
        }
        result.map_err(|e| fail("write", e))
    }
}

/// The article rows of the release being built, one compact JSON line each,
/// sorted by path, in a file that is removed when this is dropped.
#[derive(Debug)]
pub struct ArticleRows {
    path: PathBuf,
    count: usize,
}

/// Writes an [`ArticleRows`] file; rows must come in path order.
pub struct ArticleRowWriter {
    out: BufWriter<std::fs::File>,
    rows: ArticleRows,
    last_path: Option<String>,
}

impl ArticleRows {
    /// Starts the file at `path` (replacing any file there).
    pub fn create(path: PathBuf) -> std::io::Result<ArticleRowWriter> {
        let out = BufWriter::new(std::fs::File::create(&path)?);
        Ok(ArticleRowWriter { out, rows: ArticleRows { path, count: 0 }, last_path: None })
    }

    /// Rows in the file.
    pub fn len(&self) -> usize {
        self.count
    }

    pub fn is_empty(&self) -> bool {
        self.count == 0
    }

    /// Calls `each` with every row, in path order.
    pub fn for_each(&self, mut each: impl FnMut(LedgerArticle)) -> std::io::Result<()> {
        let reader = BufReader::new(std::fs::File::open(&self.path)?);
        for line in reader.lines() {
            each(serde_json::from_str(&line?)?);
        }
        Ok(())
    }
}

impl Drop for ArticleRows {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.path);
    }
}

impl ArticleRowWriter {
    /// Appends a row; a row out of path order is an error (the ledger and
    /// the changelog rely on the order).
    pub fn push(&mut self, row: &LedgerArticle) -> std::io::Result<()> {
        if self.last_path.as_deref().is_some_and(|last| last >= row.path.as_str()) {
            return Err(std::io::Error::other(format!("article row `{}` is out of path order", row.path)));
        }
        self.last_path = Some(row.path.clone());
        serde_json::to_writer(&mut self.out, row)?;
        self.out.write_all(b"\n")?;
        self.rows.count += 1;
        Ok(())
    }

    /// The file written.
    pub fn path(&self) -> &Path {
        &self.rows.path
    }

    /// Flushes the file and hands it over.
    pub fn finish(mut self) -> std::io::Result<ArticleRows> {
        self.out.flush()?;
        Ok(self.rows)
    }
}

/// The ledger as [`Ledger`] serialises it, with one entry's articles streamed
/// from an [`ArticleRows`] file.
struct LedgerWithRows<'a> {
    ledger: &'a Ledger,
    version: &'a str,
    rows: &'a ArticleRows,
}

impl Serialize for LedgerWithRows<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut ledger = serializer.serialize_struct("Ledger", 2)?;
        ledger.serialize_field("ledger_version", &self.ledger.ledger_version)?;
        ledger.serialize_field("releases", &Releases(self))?;
        ledger.end()
    }
}

struct Releases<'a>(&'a LedgerWithRows<'a>);

impl Serialize for Releases<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let LedgerWithRows { ledger, version, rows } = self.0;
        let mut seq = serializer.serialize_seq(Some(ledger.releases.len()))?;
        for entry in &ledger.releases {
            if entry.version == *version && entry.articles.is_empty() {
                seq.serialize_element(&EntryWithRows { entry, rows })?;
            } else {
                seq.serialize_element(entry)?;
            }
        }
        seq.end()
    }
}

/// A [`LedgerEntry`], field for field as its derived form, articles from the file.
struct EntryWithRows<'a> {
    entry: &'a LedgerEntry,
    rows: &'a ArticleRows,
}

impl Serialize for EntryWithRows<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let e = self.entry;
        let mut entry = serializer.serialize_struct("LedgerEntry", 7)?;
        entry.serialize_field("version", &e.version)?;
        entry.serialize_field("schema_version", &e.schema_version)?;
        entry.serialize_field("content_sha256", &e.content_sha256)?;
        entry.serialize_field("schemas", &e.schemas)?;
        entry.serialize_field("articles", &RowsInFile(self.rows))?;
        entry.serialize_field("events", &e.events)?;
        if e.corrections.is_empty() {
            entry.skip_field("corrections")?;
        } else {
            entry.serialize_field("corrections", &e.corrections)?;
        }
        entry.end()
    }
}

struct RowsInFile<'a>(&'a ArticleRows);

impl Serialize for RowsInFile<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut seq = serializer.serialize_seq(Some(self.0.len()))?;
        let mut failed = None;
        let read = self.0.for_each(|row| {
            if failed.is_none() {
                failed = seq.serialize_element(&row).err();
            }
        });
        if let Some(e) = failed {
            return Err(e);
        }
        read.map_err(|e| S::Error::custom(format!("cannot read the article rows: {e}")))?;
        seq.end()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(version: &str) -> LedgerEntry {
        LedgerEntry {
            version: version.into(),
            schema_version: "1.0.0".into(),
            content_sha256: String::new(),
            schemas: BTreeMap::new(),
            articles: vec![],
            events: vec![],
            corrections: vec![],
        }
    }

    #[test]
    fn previous_is_highest_version_below() {
        let mut ledger = Ledger::empty();
        for v in ["0.2.0", "0.10.0", "0.1.0", "1.0.0"] {
            ledger.record(entry(v));
        }
        let versions: Vec<_> = ledger.releases.iter().map(|e| e.version.as_str()).collect();
        assert_eq!(versions, ["0.1.0", "0.2.0", "0.10.0", "1.0.0"]);
        let prev = ledger.previous(&Version::parse("0.11.0").unwrap()).unwrap();
        assert_eq!(prev.version, "0.10.0");
        assert!(ledger.previous(&Version::parse("0.1.0").unwrap()).is_none());
    }

    #[test]
    fn absent_ledger_is_empty_and_save_round_trips() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("data/releases.json");
        assert_eq!(Ledger::load(&path).unwrap(), Ledger::empty());
        let mut ledger = Ledger::empty();
        ledger.record(entry("0.1.0"));
        ledger.save(&path).unwrap();
        assert_eq!(Ledger::load(&path).unwrap(), ledger);
        // No temporary file is left beside it.
        assert_eq!(std::fs::read_dir(dir.path().join("data")).unwrap().count(), 1);
    }

    fn article(path: &str, title: Option<&str>) -> LedgerArticle {
        LedgerArticle {
            path: path.into(),
            id: format!("a-{path}"),
            sha256: "00".repeat(32),
            title: title.map(String::from),
        }
    }

    #[test]
    fn streamed_rows_save_the_same_bytes_as_rows_in_memory() {
        let dir = tempfile::tempdir().unwrap();
        let articles = vec![article("a.md", Some("A \"quoted\" title")), article("b/c.txt", None)];
        let mut writer = ArticleRows::create(dir.path().join("rows")).unwrap();
        for a in &articles {
            writer.push(a).unwrap();
        }
        let rows = writer.finish().unwrap();
        assert_eq!(rows.len(), 2);

        let mut in_memory = Ledger::empty();
        in_memory.record(entry("0.1.0"));
        in_memory.record(LedgerEntry { articles: articles.clone(), ..entry("0.2.0") });
        let mut streamed = Ledger::empty();
        streamed.record(entry("0.1.0"));
        streamed.record(entry("0.2.0"));
        in_memory.save(&dir.path().join("memory.json")).unwrap();
        streamed.save_with_rows(&dir.path().join("streamed.json"), "0.2.0", &rows).unwrap();
        let read = |name: &str| std::fs::read(dir.path().join(name)).unwrap();
        assert_eq!(read("memory.json"), read("streamed.json"));
        assert_eq!(Ledger::load(&dir.path().join("streamed.json")).unwrap(), in_memory);

        let rows_file = dir.path().join("rows");
        assert!(rows_file.exists());
        drop(rows);
        assert!(!rows_file.exists(), "the rows file is removed with its handle");
    }

    #[test]
    fn rows_out_of_path_order_are_refused() {
        let dir = tempfile::tempdir().unwrap();
        let mut writer = ArticleRows::create(dir.path().join("rows")).unwrap();
        writer.push(&article("b.md", None)).unwrap();
        let err = writer.push(&article("a.md", None)).unwrap_err();
        assert!(err.to_string().contains("`a.md` is out of path order"), "{err}");
        assert!(writer.push(&article("b.md", None)).is_err(), "a repeated path is out of order too");
    }

    #[test]
    fn corrupt_ledger_names_file_and_position() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("releases.json");
        std::fs::write(&path, "{\n  \"releases\": [,]\n}").unwrap();
        let err = Ledger::load(&path).unwrap_err().to_string();
        assert!(err.contains("releases.json:2:"), "{err}");
    }
}
