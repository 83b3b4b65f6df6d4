//! SHA-256 digests of release files: a hashing writer (so files are hashed
//! while written, not read twice) and the `SHA256SUMS` format that
//! `sha256sum -c` reads.

use std::io::{self, Read, Write};
use std::path::Path;

use sha2::{Digest, Sha256};

/// Lowercase hex, and the SHA-256 of some bytes in it: the parser's, which
/// writes every article's digest.
pub use tally_parser::{hex, sha256_hex};

/// SHA-256 and size of a file, read in blocks.
pub fn sha256_file(path: &Path) -> io::Result<(String, u64)> {
    let mut file = std::fs::File::open(path)?;
    let mut hasher = Sha256::new();
    let mut buf = vec![0u8; 64 * 1024];
    let mut total = 0u64;
    loop {
        let n = file.read(&mut buf)?;
        if n == 0 {
            break;
        }
        hasher.update(&buf[..n]);
        total += n as u64;
    }
    Ok((hex(&hasher.finalize()), total))
}

/// A writer that hashes and counts everything written through it.
pub struct HashingWriter<W: Write> {
    inner: W,
    hasher: Sha256,
    bytes: u64,
}

impl<W: Write> HashingWriter<W> {
    pub fn new(inner: W) -> Self {
        HashingWriter { inner, hasher: Sha256::new(), bytes: 0 }
    }
    /// The inner writer, the hex digest and the byte count.
    pub fn finish(self) -> (W, String, u64) {
        (self.inner, hex(&self.hasher.finalize()), self.bytes)
    }
}

impl<W: Write> Write for HashingWriter<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let n = self.inner.write(buf)?;
        self.hasher.update(&buf[..n]);
        self.bytes += n as u64;
        Ok(n)
    }
    fn flush(&mut self) -> io::Result<()> {
        self.inner.flush()
    }
}

/// One line of `SHA256SUMS`.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct SumLine {
    pub name: String,
    pub sha256: String,
}

/// `SHA256SUMS` text: `<hex>  <name>` lines sorted by name (text mode, as `sha256sum` writes).
pub fn render(entries: &[SumLine]) -> String {
    let mut sorted = entries.to_vec();
    sorted.sort();
    sorted.iter().map(|e| format!("{}  {}\n", e.sha256, e.name)).collect()
}

/// Parses `SHA256SUMS` text; every malformed line is reported with its number.
pub fn parse(text: &str) -> Result<Vec<SumLine>, Vec<String>> {
    let mut out = Vec::new();
    let mut errors = Vec::new();
    for (i, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let parsed = line.split_once(' ').and_then(|(digest, rest)| {
            // `sha256sum` separates with two spaces, or a space and `*` in binary mode.
            let name = rest.strip_prefix(' ').or_else(|| rest.strip_prefix('*'))?;
            let valid = digest.len() == 64 && digest.bytes().all(|b| b.is_ascii_hexdigit());
            (valid && !name.is_empty())
                .then(|| SumLine { name: name.to_string(), sha256: digest.to_ascii_lowercase() })
        });
        match parsed {
            Some(entry) => out.push(entry),
            None => errors.push(format!("SHA256SUMS:{}: not a `<sha256>  <file>` line", i + 1)),
        }
    }
    if errors.is_empty() {
        Ok(out)
    } else {
        Err(errors)
    }
}

/// One file written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileInfo {
    pub name: String,
    pub sha256: String,
    pub bytes: u64,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sums_round_trip_sorted() {
        let entries = vec![
            SumLine { name: "b.json".into(), sha256: sha256_hex(b"b") },
            SumLine { name: "a.json".into(), sha256: sha256_hex(b"a") },
        ];
        let text = render(&entries);
        assert!(text.starts_with(&format!("{}  a.json\n", sha256_hex(b"a"))));
        let parsed = parse(&text).unwrap();
        assert_eq!(parsed[0].name, "a.json");
        assert_eq!(parsed.len(), 2);
    }

    #[test]
    fn malformed_lines_are_named() {
        let errors = parse("abc  x\n").unwrap_err();
        assert_eq!(errors, vec!["SHA256SUMS:1: not a `<sha256>  <file>` line".to_string()]);
    }

    #[test]
    fn hashing_writer_matches_digest() {
        let mut w = HashingWriter::new(Vec::new());
        w.write_all(b"hello").unwrap();
        let (inner, digest, bytes) = w.finish();
        assert_eq!(inner, b"hello");
        assert_eq!(digest, sha256_hex(b"hello"));
        assert_eq!(bytes, 5);
    }
}
