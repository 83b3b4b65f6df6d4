//! Finds the article files of a corpus directory and reads them safely
//! (symlinks leaving the corpus, size limits, unreadable files), so the rest
//! of the pipeline only ever sees bytes it may trust to be bounded.
//!
//! STUB API: issue #5 hardens it (the signatures are what the pipeline uses).

use std::path::{Path, PathBuf};

use tally_model::Diagnostic;

/// Limits applied when reading a corpus.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Largest file accepted, in bytes.
    pub max_file_bytes: u64,
}

impl Default for Limits {
    fn default() -> Self {
        Limits { max_file_bytes: 16 * 1024 * 1024 }
    }
}

/// One file of the corpus.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct CorpusFile {
    /// Path relative to the corpus directory, `/`-separated: the article's `source.path`.
    pub rel_path: String,
    /// Where to read it.
    pub path: PathBuf,
}

/// Every article file under `dir`, sorted by relative path. Hidden files and
/// directories (starting with `.`) are ignored.
pub fn discover(dir: &Path) -> Result<Vec<CorpusFile>, Vec<Diagnostic>> {
    let mut out = Vec::new();
    let mut errors = Vec::new();
    walk(dir, dir, &mut out, &mut errors);
    if !errors.is_empty() {
        return Err(errors);
    }
    out.sort();
    Ok(out)
}

fn walk(root: &Path, dir: &Path, out: &mut Vec<CorpusFile>, errors: &mut Vec<Diagnostic>) {
    let entries = match std::fs::read_dir(dir) {
        Ok(e) => e,
        Err(e) => {
            errors.push(Diagnostic::error(dir.display().to_string(), format!("cannot read directory: {e}")));
            return;
        }
    };
    for entry in entries.flatten() {
        let path = entry.path();
        let name = entry.file_name().to_string_lossy().to_string();
        if name.starts_with('.') {
            continue;
        }
        if path.is_dir() {
            walk(root, &path, out, errors);
        } else {
            let rel = path.strip_prefix(root).unwrap_or(&path).to_string_lossy().replace('\\', "/");
            out.push(CorpusFile { rel_path: rel, path });
        }
    }
}

/// Reads one file within the limits.
pub fn read(file: &CorpusFile, limits: &Limits) -> Result<Vec<u8>, Diagnostic> {
    let bytes = std::fs::read(&file.path)
        .map_err(|e| Diagnostic::error(file.rel_path.clone(), format!("cannot read: {e}")))?;
    if bytes.len() as u64 > limits.max_file_bytes {
        return Err(Diagnostic::error(
            file.rel_path.clone(),
            format!("file is {} bytes, over the limit of {}", bytes.len(), limits.max_file_bytes),
        ));
    }
    Ok(bytes)
}
