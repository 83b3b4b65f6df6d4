//! The ledger of published releases (`data/releases.json`, committed): what
//! each version contained, so that on a fresh clone the previous release is
//! known for the changelog and the schema semver rule. It is replaced
//! atomically (temporary file + rename), and only after a release directory
//! has been published.
//!
//! Article lists stay out of memory (a corpus has one row per article, and
//! the ledger one list per release): the entry of the release being built
//! holds its rows in an [`ArticleRows`] spool file, which
//! [`Ledger::save_with_rows`] streams into the ledger, and every entry read
//! from the ledger holds its rows in an anonymous spool file
//! ([`LedgerArticles`]), streamed back when the ledger is saved. A build's
//! memory then does not grow with the number of releases recorded.

use std::collections::BTreeMap;
use std::fs::File;
use std::io::{BufRead, BufReader, BufWriter, Read, Write};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use semver::Version;
use serde::de::{Error as _, SeqAccess, Visitor};
use serde::ser::{Error as _, SerializeSeq, SerializeStruct};
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::Value;
use tally_model::Diagnostic;

use crate::read_at::ReadAt;
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
    pub articles: LedgerArticles,
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
    /// Read as a stream: the article lists go to spool files as they are
    /// read (see [`LedgerArticles`]), so the text is never held whole.
    pub fn load(path: &Path) -> Result<Ledger, ReleaseError> {
        let cannot_read = |e: std::io::Error| {
            ReleaseError::general(path.display().to_string(), format!("cannot read ledger: {e}"))
        };
        let file = match File::open(path) {
            Ok(file) => file,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Ledger::empty()),
            Err(e) => return Err(cannot_read(e)),
        };
        let mut text = TextSeen { inner: BufReader::with_capacity(1 << 16, file), seen: false };
        let mut de = serde_json::Deserializer::from_reader(&mut text);
        let read = Ledger::deserialize(&mut de).and_then(|ledger| de.end().map(|()| ledger));
        drop(de);
        match read {
            Ok(ledger) => Ok(ledger),
            // an empty (or blank) file is an empty ledger too
            Err(e) if e.is_eof() && !text.seen => Ok(Ledger::empty()),
            Err(e) if e.is_io() => Err(cannot_read(e.into())),
            Err(e) => Err(ReleaseError {
                diagnostics: vec![Diagnostic::error(
                    path.display().to_string(),
                    format!("the release ledger is not valid: {e}"),
                )
                .at(e.line(), e.column())],
            }),
        }
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

/// A reader that notes whether any text other than white space went through.
struct TextSeen<R> {
    inner: R,
    seen: bool,
}

impl<R: Read> Read for TextSeen<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.seen = self.seen || buf[..n].iter().any(|b| !b.is_ascii_whitespace());
        Ok(n)
    }
}

/// The articles of a ledger entry. Built in memory (`From<Vec<_>>`), or,
/// read from a ledger file, one JSON line each in an anonymous spool file
/// that goes away with the last clone: a ledger holds one list per release,
/// each as long as its corpus, and a build needs at most the previous one,
/// once, in path order ([`LedgerArticles::for_each`]).
#[derive(Clone, Default)]
pub struct LedgerArticles(Articles);

#[derive(Clone)]
enum Articles {
    Memory(Vec<LedgerArticle>),
    Spooled { file: Arc<File>, len: usize },
}

impl Default for Articles {
    fn default() -> Self {
        Articles::Memory(Vec::new())
    }
}

impl From<Vec<LedgerArticle>> for LedgerArticles {
    fn from(articles: Vec<LedgerArticle>) -> Self {
        LedgerArticles(Articles::Memory(articles))
    }
}

impl LedgerArticles {
    pub fn len(&self) -> usize {
        match &self.0 {
            Articles::Memory(list) => list.len(),
            Articles::Spooled { len, .. } => *len,
        }
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Every article, in order (read from the spool as it goes).
    pub fn iter(&self) -> Box<dyn Iterator<Item = std::io::Result<LedgerArticle>> + '_> {
        match &self.0 {
            Articles::Memory(list) => Box::new(list.iter().cloned().map(Ok)),
            Articles::Spooled { file, .. } => {
                let reader = BufReader::with_capacity(1 << 16, ReadAt::new(file, 0));
                Box::new(reader.lines().map(|line| Ok(serde_json::from_str(&line?)?)))
            }
        }
    }

    /// Calls `each` with every article, in order.
    pub fn for_each(&self, mut each: impl FnMut(LedgerArticle)) -> std::io::Result<()> {
        for article in self.iter() {
            each(article?);
        }
        Ok(())
    }

    /// Every article, in memory (for tests and small ledgers).
    pub fn to_vec(&self) -> std::io::Result<Vec<LedgerArticle>> {
        let mut all = Vec::with_capacity(self.len());
        self.for_each(|a| all.push(a))?;
        Ok(all)
    }
}

impl std::fmt::Debug for LedgerArticles {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match &self.0 {
            Articles::Memory(list) => f.debug_list().entries(list).finish(),
            Articles::Spooled { len, .. } => write!(f, "[{len} article(s) in a spool file]"),
        }
    }
}

/// Equal when the same articles come in the same order (a spooled list is
/// read for it).
impl PartialEq for LedgerArticles {
    fn eq(&self, other: &Self) -> bool {
        self.len() == other.len() && matches!((self.to_vec(), other.to_vec()), (Ok(a), Ok(b)) if a == b)
    }
}

impl Serialize for LedgerArticles {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serialize_read(serializer, self.len(), |each| self.for_each(each), "the ledger's article spool")
    }
}

/// A list of `len` articles serialised one by one as `read` reads them
/// from `source` (never held whole).
fn serialize_read<S: Serializer>(
    serializer: S,
    len: usize,
    read: impl FnOnce(&mut dyn FnMut(LedgerArticle)) -> std::io::Result<()>,
    source: &str,
) -> Result<S::Ok, S::Error> {
    let mut seq = serializer.serialize_seq(Some(len))?;
    let mut failed = None;
    let read = read(&mut |a| {
        if failed.is_none() {
            failed = seq.serialize_element(&a).err();
        }
    });
    if let Some(e) = failed {
        return Err(e);
    }
    read.map_err(|e| S::Error::custom(format!("cannot read {source}: {e}")))?;
    seq.end()
}

impl<'de> Deserialize<'de> for LedgerArticles {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_seq(SpoolArticles)
    }
}

/// Reads a list of articles into an anonymous spool file, one at a time.
struct SpoolArticles;

impl<'de> Visitor<'de> for SpoolArticles {
    type Value = LedgerArticles;

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("a list of articles")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<LedgerArticles, A::Error> {
        let spool_error =
            |e: std::io::Error| A::Error::custom(format!("cannot spool the ledger's articles: {e}"));
        let mut out = BufWriter::with_capacity(1 << 16, tempfile::tempfile().map_err(spool_error)?);
        let mut len = 0;
        while let Some(article) = seq.next_element::<LedgerArticle>()? {
            serde_json::to_writer(&mut out, &article).map_err(|e| spool_error(e.into()))?;
            out.write_all(b"\n").map_err(spool_error)?;
            len += 1;
        }
        let file = out.into_inner().map_err(|e| spool_error(e.into_error()))?;
        Ok(LedgerArticles(Articles::Spooled { file: Arc::new(file), len }))
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
        serialize_read(serializer, self.0.len(), |each| self.0.for_each(each), "the article rows")
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
            articles: LedgerArticles::default(),
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
        in_memory.record(LedgerEntry { articles: articles.clone().into(), ..entry("0.2.0") });
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
    fn articles_read_from_a_ledger_are_spooled_and_saved_back_unchanged() {
        let dir = tempfile::tempdir().unwrap();
        let mut ledger = Ledger::empty();
        for (v, n) in [("0.1.0", 3), ("0.2.0", 0), ("0.3.0", 1000)] {
            let articles =
                (0..n).map(|k| article(&format!("d/{k:04}.md"), Some("T \"q\" é"))).collect::<Vec<_>>();
            ledger.record(LedgerEntry { articles: articles.into(), ..entry(v) });
        }
        let path = dir.path().join("releases.json");
        ledger.save(&path).unwrap();
        let read = Ledger::load(&path).unwrap();
        // (a list read from a file is not held in memory)
        assert_eq!(format!("{:?}", read.releases[2].articles), "[1000 article(s) in a spool file]");
        assert_eq!(read.releases.iter().map(|e| e.articles.len()).collect::<Vec<_>>(), [3, 0, 1000]);
        assert_eq!(read, ledger);
        let again = dir.path().join("again.json");
        read.save(&again).unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), std::fs::read(&again).unwrap());

        // Clones read the one spool independently, interleaved.
        let (a, b) = (read.releases[2].articles.clone(), read.releases[2].articles.clone());
        let mut pairs = 0;
        a.for_each(|x| {
            if pairs == 0 {
                assert_eq!(b.to_vec().unwrap().len(), 1000);
            }
            assert_eq!(x.path, format!("d/{pairs:04}.md"));
            pairs += 1;
        })
        .unwrap();
        assert_eq!(pairs, 1000);
    }

    #[test]
    fn blank_ledger_is_empty_and_truncated_ledger_is_an_error() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("releases.json");
        for blank in ["", "\n", "  \n\t\n"] {
            std::fs::write(&path, blank).unwrap();
            assert_eq!(Ledger::load(&path).unwrap(), Ledger::empty(), "{blank:?}");
        }
        std::fs::write(&path, "\n\n{\n  \"ledger_version\": 1,\n  \"releases\": [").unwrap();
        let err = Ledger::load(&path).unwrap_err().to_string();
        assert!(err.contains("releases.json:5:"), "{err}");
        assert!(err.contains("not valid"), "{err}");
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
