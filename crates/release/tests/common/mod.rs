//! Helpers shared by the release integration tests: a temporary project with
//! a copy of the seed corpus, an output directory and a ledger.

#![allow(dead_code)]

use std::path::{Path, PathBuf};

use tally_release::{ReleaseOptions, ReleaseReport};

pub struct Project {
    pub root: tempfile::TempDir,
}

impl Project {
    /// A project whose corpus is a copy of the seed articles.
    pub fn with_seeds() -> Project {
        let project = Project::empty();
        let seeds = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../data/articles");
        for entry in std::fs::read_dir(seeds).unwrap() {
            let entry = entry.unwrap();
            std::fs::copy(entry.path(), project.articles().join(entry.file_name())).unwrap();
        }
        project
    }

    pub fn empty() -> Project {
        let root = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(root.path().join("articles")).unwrap();
        Project { root }
    }

    pub fn at(root: &Path) -> ReleaseOptions {
        ReleaseOptions {
            version: String::new(),
            articles: root.join("articles"),
            out: root.join("dist"),
            ledger: root.join("data/releases.json"),
            skip_invalid: false,
            corrections: None,
        }
    }

    pub fn articles(&self) -> PathBuf {
        self.root.path().join("articles")
    }
    pub fn out(&self) -> PathBuf {
        self.root.path().join("dist")
    }
    pub fn ledger(&self) -> PathBuf {
        self.root.path().join("data/releases.json")
    }
    pub fn options(&self, version: &str) -> ReleaseOptions {
        ReleaseOptions { version: version.to_string(), ..Project::at(self.root.path()) }
    }
    pub fn release(&self, version: &str) -> Result<ReleaseReport, tally_release::ReleaseError> {
        tally_release::release_with(&self.options(version), &tally_release::ReleaseHooks::default())
    }
    pub fn write_article(&self, name: &str, bytes: &[u8]) {
        std::fs::write(self.articles().join(name), bytes).unwrap();
    }
    /// Names in `--out`, sorted, hidden lock file excluded.
    pub fn out_entries(&self) -> Vec<String> {
        let mut names: Vec<String> = match std::fs::read_dir(self.out()) {
            Ok(entries) => entries.map(|e| e.unwrap().file_name().to_string_lossy().to_string()).collect(),
            Err(_) => vec![],
        };
        names.retain(|n| n != ".tally-release.lock");
        names.sort();
        names
    }
    pub fn ledger_text(&self) -> Option<String> {
        std::fs::read_to_string(self.ledger()).ok()
    }
}

/// Every file of a directory with its bytes, sorted by name.
pub fn snapshot(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut files: Vec<(String, Vec<u8>)> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| {
            let e = e.unwrap();
            (e.file_name().to_string_lossy().to_string(), std::fs::read(e.path()).unwrap())
        })
        .collect();
    files.sort();
    files
}
