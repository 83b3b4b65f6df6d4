//! The ledger of published releases (`data/releases.json`, committed): what
//! each version contained, so that on a fresh clone the previous release is
//! known for the changelog and the schema semver rule. It is replaced
//! atomically (temporary file + rename), and only after a release directory
//! has been published.

use std::collections::BTreeMap;
use std::io::Write;
use std::path::Path;

use semver::Version;
use serde::{Deserialize, Serialize};
use serde_json::Value;

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
        serde_json::from_str(&text).map_err(|e| {
            ReleaseError::general(
                format!("{}:{}:{}", path.display(), e.line(), e.column()),
                format!("the release ledger is not valid: {e}"),
            )
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
        let fail = |what: &str, e: std::io::Error| {
            ReleaseError::general(path.display().to_string(), format!("cannot {what} the ledger: {e}"))
        };
        let parent = path.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
        std::fs::create_dir_all(parent).map_err(|e| fail("create the directory of", e))?;
        let file_name = path.file_name().map(|n| n.to_string_lossy().to_string()).unwrap_or_default();
        let tmp = parent.join(format!(".{file_name}.tmp-{}", std::process::id()));
        let result = (|| {
            let mut writer = std::io::BufWriter::new(std::fs::File::create(&tmp)?);
            serde_json::to_writer_pretty(&mut writer, self)?;
            writer.write_all(b"\n")?;
            writer.into_inner().map_err(|e| e.into_error())?.sync_all()?;
            std::fs::rename(&tmp, path)?;
            crate::publish::sync_dir(parent)
        })();
        if result.is_err() {
            let _ = std::fs::remove_file(&tmp);
        }
        result.map_err(|e| fail("write", e))
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

    #[test]
    fn corrupt_ledger_names_file_and_position() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("releases.json");
        std::fs::write(&path, "{\n  \"releases\": [,]\n}").unwrap();
        let err = Ledger::load(&path).unwrap_err().to_string();
        assert!(err.contains("releases.json:2:"), "{err}");
    }
}
