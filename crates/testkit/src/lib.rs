//! Test helpers for tests that read `../shared` (the shared corpora and gold
//! answers beside the clone), which the product never needs.
//!
//! [`shared`] finds a path under it. When it is missing, a test must not
//! pass as if it had tested something: with `CI=true` (or `CI=1`) the test
//! fails; otherwise one line per skipped test is written to the terminal's
//! stderr directly. The test harness captures `eprintln!` (shown only with
//! `--nocapture`), but not a write to the stderr handle, so the line shows
//! in the normal `cargo test` output.

use std::io::Write;
use std::path::PathBuf;

/// The directory `../shared` beside the workspace, or `TALLY_SHARED`.
pub fn shared_root() -> PathBuf {
    match std::env::var_os("TALLY_SHARED") {
        Some(dir) => PathBuf::from(dir),
        None => PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared"),
    }
}

/// `../shared/<relative>` for the test `test`, when it exists. When it does
/// not: panics under CI, otherwise prints `skipped <test>: ... not found`
/// and returns `None` (the caller returns early).
#[track_caller]
pub fn shared(relative: &str, test: &str) -> Option<PathBuf> {
    let path = shared_root().join(relative);
    let ci = std::env::var("CI").is_ok_and(|v| on(&v));
    match decide(path.exists(), ci, &path, test) {
        Decision::Run => Some(path),
        Decision::Fail(message) => panic!("{message}"),
        Decision::Skip(line) => {
            // Not `eprintln!`: the harness would capture it.
            let _ = writeln!(std::io::stderr(), "{line}");
            None
        }
    }
}

/// What a test does about its shared input.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Decision {
    Run,
    /// Fail with this message (under CI).
    Fail(String),
    /// Skip, printing this line.
    Skip(String),
}

/// The decision for a test whose shared input `exists` or not.
pub fn decide(exists: bool, ci: bool, path: &std::path::Path, test: &str) -> Decision {
    if exists {
        Decision::Run
    } else if ci {
        Decision::Fail(format!(
            "{test}: {} not found, and CI is set: this test must run in CI (put the shared data beside \
             the clone, or set TALLY_SHARED)",
            path.display()
        ))
    } else {
        Decision::Skip(format!("skipped {test}: {} not found", path.display()))
    }
}

/// Whether an environment flag is set on (`true`, `1`, `yes`; any case).
fn on(value: &str) -> bool {
    matches!(value.trim().to_ascii_lowercase().as_str(), "true" | "1" | "yes")
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    #[test]
    fn missing_shared_data_fails_under_ci_and_is_named_otherwise() {
        let missing = Path::new("/nonexistent/shared/acceptance/seeds.gold.json");
        assert_eq!(decide(true, true, missing, "t"), Decision::Run);
        assert_eq!(decide(true, false, missing, "t"), Decision::Run);
        match decide(false, true, missing, "seeds_match") {
            Decision::Fail(m) => assert!(m.contains("seeds_match") && m.contains("seeds.gold.json"), "{m}"),
            other => panic!("under CI a missing input must fail, got {other:?}"),
        }
        match decide(false, false, missing, "seeds_match") {
            Decision::Skip(line) => {
                assert_eq!(
                    line,
                    "skipped seeds_match: /nonexistent/shared/acceptance/seeds.gold.json not found"
                )
            }
            other => panic!("outside CI a missing input is skipped, got {other:?}"),
        }
        assert!(on("true") && on("1") && on("TRUE") && !on("false") && !on(""));
    }
}
