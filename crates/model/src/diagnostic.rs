//! Errors and warnings about input files, located by file, line:column and
//! byte offset, each with a stable code ([`crate::codes`]), and printed the
//! way compilers print them (`{d:#}`: `path:line:col: error[T0201]: ...`) or
//! as one JSON object ([`Diagnostic::to_json`]) for CI and editors.

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
    /// The code, when set where the diagnostic is made; otherwise it is
    /// classified from the message ([`Diagnostic::code`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub code: Option<Box<str>>,
}

/// A diagnostic as `--message-format json` prints it: one object per line.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct JsonDiagnostic<'a> {
    pub file: &'a str,
    /// 1-based; 1 for a problem with a whole file.
    pub line: usize,
    /// 1-based, in characters; 1 for a problem with a whole file.
    pub column: usize,
    /// 0-based byte offset in the file, when known.
    pub byte: Option<usize>,
    /// `error` or `warning`.
    pub severity: &'static str,
    pub code: &'a str,
    pub message: &'a str,
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
            code: None,
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
    /// Sets the code (one listed in [`crate::codes`]) instead of classifying the message.
    pub fn with_code(mut self, code: &str) -> Self {
        self.code = Some(code.into());
        self
    }
    /// The stable code of this kind of problem, e.g. `T0201`.
    pub fn code(&self) -> &str {
        self.code.as_deref().unwrap_or_else(|| crate::codes::classify(self.severity, &self.message))
    }
    /// Gives a diagnostic located only by byte offset its line:column in
    /// `source` (the file's bytes, which need not be valid UTF-8).
    pub fn locate(mut self, source: &[u8]) -> Self {
        if let (None, Some(byte)) = (self.line, self.byte) {
            let (line, column) = byte_line_column(source, byte);
            self.line = Some(line);
            self.column = Some(column);
        }
        self
    }
    /// Line and column as printed: a problem with a whole file (or with a
    /// setting) is at 1:1.
    pub fn line_column(&self) -> (usize, usize) {
        (self.line.unwrap_or(1), if self.line.is_some() { self.column.unwrap_or(1) } else { 1 })
    }
    pub fn severity_name(&self) -> &'static str {
        match self.severity {
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
    /// The diagnostic as one JSON object.
    pub fn to_json(&self) -> JsonDiagnostic<'_> {
        let (line, column) = self.line_column();
        JsonDiagnostic {
            file: &self.path,
            line,
            column,
            byte: self.byte,
            severity: self.severity_name(),
            code: self.code(),
            message: &self.message,
        }
    }
}

/// 1-based line and column of a byte offset of raw bytes: lines end at
/// `\n`; the column counts characters, an invalid byte as one.
pub fn byte_line_column(source: &[u8], offset: usize) -> (usize, usize) {
    let before = &source[..offset.min(source.len())];
    let line_start = before.iter().rposition(|&b| b == b'\n').map_or(0, |i| i + 1);
    let line = before.iter().filter(|&&b| b == b'\n').count() + 1;
    (line, String::from_utf8_lossy(&before[line_start..]).chars().count() + 1)
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

/// `{d}`: `path:line:col: error: message` (a position only when known);
/// `{d:#}`, what the CLI prints: always `path:line:col`, with the code,
/// `path:line:col: error[T0201]: message`.
impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if f.alternate() {
            let (line, column) = self.line_column();
            write!(
                f,
                "{}:{line}:{column}: {}[{}]: {}",
                self.path,
                self.severity_name(),
                self.code(),
                self.message
            )?;
            if let (None, Some(byte)) = (self.line, self.byte) {
                write!(f, " (at byte {byte})")?;
            }
            return Ok(());
        }
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

    #[test]
    fn the_full_form_always_has_line_column_and_code() {
        let source = b"caf\xE9\nab\xFFcd";
        let d = Diagnostic::error("x.txt", "not valid UTF-8 (invalid byte 0xFF)").at_byte(7).locate(source);
        assert_eq!(format!("{d:#}"), "x.txt:2:3: error[T0201]: not valid UTF-8 (invalid byte 0xFF)");
        let whole = Diagnostic::error("e.md", "file is empty");
        assert_eq!(format!("{whole:#}"), "e.md:1:1: error[T0204]: file is empty");
        let coded = Diagnostic::warning("w.md", "anything").with_code("T0401");
        assert_eq!(coded.code(), "T0401");
    }

    #[test]
    fn json_form_has_every_field() {
        let d =
            Diagnostic::error("a.md", "file contains a NUL byte: binary data").at_byte(5).locate(b"ab\ncd\0");
        let json = serde_json::to_value(d.to_json()).unwrap();
        assert_eq!(
            json,
            serde_json::json!({"file": "a.md", "line": 2, "column": 3, "byte": 5, "severity": "error",
                "code": "T0203", "message": "file contains a NUL byte: binary data"})
        );
    }
}
