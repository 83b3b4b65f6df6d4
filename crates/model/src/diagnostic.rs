//! Errors and warnings about input files, located by file, line:column or
//! byte offset, and printed the way compilers print them.

use std::fmt;

use serde::{Deserialize, Serialize};

/// How serious a diagnostic is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Severity {
    Warning,
    Error,
}

/// One problem with one input file.
/// Serialisable so sharded builds can carry a shard's diagnostics to the merge.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Diagnostic {
    /// The file, as the user named it (or relative to the corpus).
    pub path: String,
    /// 1-based line, when the problem has one.
    pub line: Option<usize>,
    /// 1-based column in characters, when the problem has one.
    pub column: Option<usize>,
    /// 0-based byte offset, when a line does not apply (e.g. invalid UTF-8).
    pub byte: Option<usize>,
    pub severity: Severity,
    pub message: String,
}

impl Diagnostic {
    pub fn error(path: impl Into<String>, message: impl Into<String>) -> Self {
        Diagnostic {
            path: path.into(),
            line: None,
            column: None,
            byte: None,
            severity: Severity::Error,
            message: message.into(),
        }
    }
    pub fn warning(path: impl Into<String>, message: impl Into<String>) -> Self {
        Diagnostic { severity: Severity::Warning, ..Diagnostic::error(path, message) }
    }
    pub fn at(mut self, line: usize, column: usize) -> Self {
        self.line = Some(line);
        self.column = Some(column);
        self
    }
    pub fn at_byte(mut self, byte: usize) -> Self {
        self.byte = Some(byte);
        self
    }
    /// Locates a byte offset of `text` as line:column (1-based, columns in characters).
    pub fn at_offset(self, text: &str, offset: usize) -> Self {
        let (line, column) = line_column(text, offset);
        self.at(line, column)
    }
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

/// 1-based line and character column of a byte offset (clamped to the text).
pub fn line_column(text: &str, offset: usize) -> (usize, usize) {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    let before = &text[..offset];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    (line, before[line_start..].chars().count() + 1)
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.path)?;
        match (self.line, self.column, self.byte) {
            (Some(l), Some(c), _) => write!(f, ":{l}:{c}")?,
            (Some(l), None, _) => write!(f, ":{l}")?,
            (None, _, Some(b)) => write!(f, ": byte {b}")?,
            _ => {}
        }
        let level = match self.severity {
            Severity::Warning => "warning",
            Severity::Error => "error",
        };
        write!(f, ": {level}: {}", self.message)
    }
}

impl std::error::Error for Diagnostic {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_column_counts_characters_not_bytes() {
        let text = "ab\nпривет x";
        let x = text.find('x').unwrap();
        assert_eq!(line_column(text, x), (2, 8));
        assert_eq!(line_column(text, 0), (1, 1));
        // Offsets inside a character or past the end are clamped, never a panic.
        assert_eq!(line_column(text, 4), (2, 1));
        assert_eq!(line_column(text, 999).0, 2);
    }

    #[test]
    fn display_names_file_and_position() {
        let d = Diagnostic::error("a b.md", "front matter is not closed").at(1, 1);
        assert_eq!(d.to_string(), "a b.md:1:1: error: front matter is not closed");
        let d = Diagnostic::error("x.txt", "not UTF-8").at_byte(17);
        assert_eq!(d.to_string(), "x.txt: byte 17: error: not UTF-8");
    }
}
