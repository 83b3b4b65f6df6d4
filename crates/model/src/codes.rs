//! Stable diagnostic codes (`T0101`-style), the one list of them with an
//! explanation each: `tally explain CODE` prints an entry, and
//! `docs/diagnostics.md` is generated from the same list.
//!
//! A diagnostic's code comes from what kind of problem it is. Most are
//! classified here from the message's fixed wording, so the crates that
//! report problems only say what is wrong; a diagnostic built where the
//! kind is known can set its code explicitly ([`crate::Diagnostic::with_code`]).
//! A code, once published, keeps its meaning; new kinds get new codes.

use crate::diagnostic::Severity;

/// One kind of problem.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Code {
    /// `T` and four digits: the first two are the area, the last two the kind.
    pub code: &'static str,
    pub severity: Severity,
    /// One line: what the problem is.
    pub title: &'static str,
    /// Why it is reported and what to do about it.
    pub explanation: &'static str,
    /// Fixed parts of the messages of this kind; the first code (in list
    /// order) whose fragment a message contains is its code.
    fragments: &'static [&'static str],
}

/// The code of an error no other entry describes.
pub const OTHER_ERROR: &str = "T0001";
/// The code of a warning no other entry describes.
pub const OTHER_WARNING: &str = "T0002";

const fn code(
    code: &'static str,
    severity: Severity,
    title: &'static str,
    explanation: &'static str,
    fragments: &'static [&'static str],
) -> Code {
    Code { code, severity, title, explanation, fragments }
}

use Severity::{Error, Warning};

/// Every code, in the order messages are classified (specific kinds before
/// the general ones they would also match), then sorted for display by
/// [`all`].
const CODES: &[Code] = &[
    // Sharded builds (before the general read/write kinds their messages contain).
    code(
        "T0606",
        Error,
        "a shard is unreadable or the shards are not one complete split",
        "The merge (`tally release --from-shards`) needs every shard 0/N .. N-1/N of one split, each once, \
         each directory holding the `shard.json` and spools `tally shard` wrote. Re-run the missing or damaged \
         shard, or pass the right directories.",
        &["read the shard", "not one complete split", "spools do not hold"],
    ),
    code(
        "T0607",
        Error,
        "the shards do not describe the corpus as it is now",
        "A file was added, removed or changed in the corpus after the shards were built (or the shards were \
         built from different corpora). Merging them would publish a release that does not match its corpus \
         and a changelog that misreports it. Rebuild the shards from the corpus as it is now, or restore the \
         corpus they were built from.",
        &["since the shards were built", "shards were built from different corpora"],
    ),
    code(
        "T0608",
        Error,
        "the shards come from a different Tally version or settings",
        "Every shard of a merge, and the merge itself, must run the same Tally version with the same \
         settings (e.g. `--max-file-bytes`), or the merged release would not be the one a single build \
         gives. Rebuild the shards with the Tally that merges them.",
        &["built by Tally", "built with different settings"],
    ),
    code(
        "T0604",
        Error,
        "the release ledger cannot be read or is not valid",
        "The ledger (`data/releases.json` by default) records every published release; it is JSON written by \
         Tally. Restore it from version control, or point `--ledger` at the right file.",
        &["ledger"],
    ),
    code(
        "T0605",
        Error,
        "another release into the same directory is running",
        "Releases into one `--out` directory take a lock so two cannot publish at once. Wait for the other \
         to finish; if none is running, the lock file's directory may not be writable.",
        &["lock file", "(lock held)", "cannot lock"],
    ),
    code(
        "T0601",
        Error,
        "the release version is not valid semver",
        "A release version is semver without a leading `v`: `1.2.0`, `2.0.0-rc.1`.",
        &["not a valid version", "cannot be used as a directory name"],
    ),
    code(
        "T0602",
        Error,
        "this version was already published with different content",
        "A published version is immutable: re-running a release with identical content does nothing, but \
         different content under the same version is refused. Release it under a new version.",
        &["a published version is never changed"],
    ),
    code(
        "T0603",
        Error,
        "the schemas changed in a way that needs a new major version",
        "A change that can break consumers (a field removed, renamed or retyped, a new required field, a \
         tightened constraint) needs a new major release version than the last in the ledger. Each breaking \
         change is listed.",
        &["breaking change:", "needs a new major version"],
    ),
    code(
        "T0609",
        Error,
        "SOURCE_DATE_EPOCH is not a number of seconds",
        "`SOURCE_DATE_EPOCH` (reproducible builds) must be a whole number of seconds since 1970-01-01 UTC.",
        &["seconds since 1970"],
    ),
    code(
        "T0610",
        Error,
        "no valid article is left to release",
        "Every input file failed (see the errors before this one), so there is nothing to publish.",
        &["no valid article left"],
    ),
    // Reading the input.
    code(
        "T0102",
        Error,
        "a file is over the size limit",
        "Files larger than the limit (16 MiB by default) are refused before they are read in full, so one \
         huge file cannot exhaust memory. Raise it with `--max-file-bytes` or `TALLY_MAX_FILE_BYTES`.",
        &["over the limit of"],
    ),
    code(
        "T0103",
        Error,
        "no article files where some were expected",
        "The corpus path must be a directory holding article files (hidden files are ignored).",
        &["holds no article files", "no article files in this directory", "is not a directory"],
    ),
    code(
        "T0104",
        Error,
        "a corpus entry is refused",
        "Symlinks that leave the corpus directory, and file names that are not UTF-8, are refused: a release \
         must describe only what is in its corpus, under names every consumer can read. Move the file into \
         the corpus or rename it.",
        &["symlink leaves the corpus", "not valid UTF-8; rename"],
    ),
    code(
        "T0201",
        Error,
        "a file is not valid UTF-8",
        "Articles are UTF-8 text. The location is the first byte that is not; re-save the file as UTF-8.",
        &["not valid UTF-8"],
    ),
    code(
        "T0202",
        Error,
        "a file is UTF-16",
        "A UTF-16 byte order mark was found. Re-save the file as UTF-8.",
        &["file is UTF-16"],
    ),
    code(
        "T0203",
        Error,
        "a file is binary data",
        "A NUL byte never occurs in text: the file is an image, an archive or another binary format.",
        &["NUL byte"],
    ),
    code(
        "T0204",
        Error,
        "a file is empty",
        "The file holds no text (or only white space), so it cannot be an article.",
        &["file is empty", "only white space"],
    ),
    code(
        "T0101",
        Error,
        "a file or directory cannot be read",
        "The operating system refused to open or read it (missing, permissions, a broken symlink). The \
         message carries the system's reason.",
        &["cannot read", "cannot open", "cannot resolve", "does not exist", "symlink is broken"],
    ),
    // Front matter.
    code(
        "T0301",
        Error,
        "front matter is never closed",
        "A file starting with `---` opens YAML front matter, which must end with a line `---` (or `...`).",
        &["is never closed"],
    ),
    code(
        "T0302",
        Error,
        "front matter is not valid YAML",
        "The YAML parser's reason follows the message; the location is where it stopped.",
        &["not valid YAML"],
    ),
    code(
        "T0303",
        Error,
        "front matter is not a mapping",
        "Front matter is a mapping of `key: value` lines, not a list or a single value.",
        &["front matter must be a mapping"],
    ),
    code(
        "T0304",
        Error,
        "a front matter value has the wrong type",
        "Keys Tally reads have a type: `title` a string, `date` a date or a date-time with zone, `authors` a \
         list of names, and so on. The message names the type expected.",
        &["front matter `"],
    ),
    code(
        "T0305",
        Warning,
        "a front matter key is not used by Tally",
        "The key is kept in the file but not read. Often a misspelling of a key Tally reads.",
        &["not used by Tally"],
    ),
    code(
        "T0306",
        Warning,
        "a front matter key is repeated",
        "YAML keys must be unique; the first value is used and later ones ignored.",
        &["repeated; the first value is used"],
    ),
    // What is read from the text.
    code(
        "T0401",
        Warning,
        "bare URLs are not read as links",
        "The text has long runs without spaces full of `://`, which would make link detection slow; the \
         file is parsed without GFM autolinks. Only link detection changes.",
        &["bare URLs are not read as links"],
    ),
    code(
        "T0402",
        Warning,
        "a sentence makes too many claims",
        "One sentence makes at most 32 claims; the rest are dropped. No sentence of news writing comes near \
         it: the text is probably a table or list flattened into one sentence.",
        &["claims; only the first"],
    ),
    code(
        "T0403",
        Warning,
        "two files have identical content",
        "Only the first (in path order) is kept, so the same article is not counted twice.",
        &["identical content to"],
    ),
    // Schema validation.
    code(
        "T0501",
        Error,
        "a record breaks its schema",
        "The message gives the JSON Pointer of the failing value and the schema rule broken. In a release \
         this is a bug in Tally (report it); in a file you wrote, fix the value.",
        &["breaks the schema", "[rule: "],
    ),
    code(
        "T0502",
        Error,
        "a file is not JSON",
        "A JSON Lines file must hold one JSON value per line; the location is where parsing stopped.",
        &["not JSON"],
    ),
    code(
        "T0503",
        Error,
        "no schema applies to this file",
        "`tally validate` picks the schema from the file name (`articles.jsonl`, `claims.jsonl`, \
         `events.jsonl`, `dataset.json`, `*.schema.json`). Name one with `--schema NAME|FILE`, e.g. \
         `--schema converted` for `tally convert` output.",
        &["no Tally schema applies", "unknown schema"],
    ),
    code(
        "T0504",
        Error,
        "a committed schema is stale",
        "`schema/` differs from the schemas generated from `crates/model`. Run `cargo xtask schema`.",
        &["stale schema"],
    ),
    code(
        "T0505",
        Error,
        "a schema is not a valid JSON Schema",
        "A schema file (a `*.schema.json`, or one given to `--schema`) must be valid against the draft \
         2020-12 meta-schema and compile. The message names what is wrong.",
        &["does not compile"],
    ),
    // Re-checking a published release (`tally verify`).
    code(
        "T0701",
        Error,
        "a release file does not match SHA256SUMS",
        "A file of the release was modified, removed or added after it was published. Restore the release \
         from its source (or rebuild it: releases are reproducible) rather than editing it.",
        &["SHA256SUMS"],
    ),
    code(
        "T0702",
        Error,
        "a record names a record that is not in the release",
        "Every claim's article and every event's reports must exist in the same release. A dangling \
         reference means the files were mixed from different releases or edited.",
        &["which is not in"],
    ),
    code(
        "T0703",
        Error,
        "datapackage.json does not describe the files",
        "A resource's path, hash or size in `datapackage.json` does not match the file it describes.",
        &["resource `", "resource path `"],
    ),
    code(
        "T0704",
        Error,
        "a release record breaks the release's schema",
        "A record in the published files does not validate against the schema shipped beside it.",
        &["` breaks `"],
    ),
    // Writing the output (after the specific kinds above).
    code(
        "T0611",
        Error,
        "output cannot be written",
        "A file or directory of the release could not be created, written, synced or renamed into place; \
         the message carries the system's reason. Nothing half-written is left behind.",
        &["cannot create", "cannot write", "cannot sync", "cannot remove", "cannot publish", "cannot serialise"],
    ),
    code(
        OTHER_ERROR,
        Error,
        "an error of no other kind",
        "The message says what is wrong. If it looks like a bug in Tally, please report it.",
        &[],
    ),
    code(OTHER_WARNING, Warning, "a warning of no other kind", "The message says what to look at.", &[]),
];

/// The code of a diagnostic of `severity` saying `message`.
pub fn classify(severity: Severity, message: &str) -> &'static str {
    CODES.iter().find(|c| c.severity == severity && c.fragments.iter().any(|f| message.contains(f))).map_or(
        match severity {
            Severity::Error => OTHER_ERROR,
            Severity::Warning => OTHER_WARNING,
        },
        |c| c.code,
    )
}

/// The entry for `code` (case-insensitive: `t0101` finds `T0101`).
pub fn explain(code: &str) -> Option<&'static Code> {
    CODES.iter().find(|c| c.code.eq_ignore_ascii_case(code.trim()))
}

/// Every code in code order.
pub fn all() -> Vec<&'static Code> {
    let mut codes: Vec<&Code> = CODES.iter().collect();
    codes.sort_by_key(|c| c.code);
    codes
}

impl Code {
    /// The entry as `tally explain` prints it.
    pub fn to_text(&self) -> String {
        let level = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        format!("{} ({level}): {}\n\n{}\n", self.code, self.title, self.explanation)
    }
}

/// `docs/diagnostics.md`: every code with its explanation.
pub fn markdown() -> String {
    let mut out = String::from(
        "# Diagnostics\n\n\
         <!-- Generated from crates/model/src/codes.rs by `cargo xtask docs`; do not edit. -->\n\n\
         Every problem Tally reports has a stable code. On stderr a diagnostic reads\n\
         `path:line:col: error[T0201]: message` (a problem with a whole file, or with a\n\
         setting, is located at `1:1`); with `--message-format json` it is one JSON object\n\
         per line with `file`, `line`, `column`, `byte` (0-based offset, or null), `severity`,\n\
         `code` and `message`. `tally explain CODE` prints an entry below.\n\n\
         | Code | Severity | Problem |\n|---|---|---|\n",
    );
    for c in all() {
        let level = if c.severity == Severity::Error { "error" } else { "warning" };
        out.push_str(&format!("| [{0}](#{1}) | {level} | {2} |\n", c.code, c.code.to_lowercase(), c.title));
    }
    for c in all() {
        out.push_str(&format!("\n## {}\n\n**{}.** {}\n", c.code, c.title, c.explanation));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_unique_well_formed_and_explained() {
        let codes = all();
        for pair in codes.windows(2) {
            assert_ne!(pair[0].code, pair[1].code, "duplicate code");
        }
        for c in &codes {
            assert!(c.code.len() == 5 && c.code.starts_with('T'), "{}", c.code);
            assert!(c.code[1..].chars().all(|d| d.is_ascii_digit()), "{}", c.code);
            assert!(!c.title.is_empty() && c.explanation.len() > 20, "{}", c.code);
        }
    }

    #[test]
    fn messages_get_the_code_of_their_kind() {
        assert_eq!(classify(Error, "not valid UTF-8 (invalid byte 0xE9)"), "T0201");
        assert_eq!(classify(Error, "file name is not valid UTF-8; rename the file"), "T0104");
        assert_eq!(classify(Error, "cannot read the shard: missing"), "T0606");
        assert_eq!(classify(Error, "cannot read: No such file or directory"), "T0101");
        assert_eq!(classify(Warning, "front matter key `mood` is not used by Tally"), "T0305");
        assert_eq!(classify(Error, "front matter `date` must be a date"), "T0304");
        // A warning never takes an error's code, whatever its words.
        assert_eq!(classify(Warning, "cannot read"), OTHER_WARNING);
        assert_eq!(classify(Error, "something new"), OTHER_ERROR);
    }

    #[test]
    fn explain_finds_codes_in_any_case() {
        assert_eq!(explain("t0201").map(|c| c.code), Some("T0201"));
        assert!(explain("T9999").is_none());
        assert!(markdown().contains("## T0607"));
    }
}
