//! `tally validate PATH...`: every violation, one line each, on stderr.

use std::path::PathBuf;

use tally_validate::Validator;

use crate::Output;

pub fn run(paths: &[PathBuf], output: Output) -> bool {
    let validator = match Validator::from_model() {
        Ok(v) => v,
        Err(e) => {
            eprintln!("tally: error: cannot compile the schemas: {e}");
            return false;
        }
    };
    let report = validator.validate_paths(paths);
    for v in &report.violations {
        eprintln!("{v}");
    }
    if output.verbose > 0 {
        for file in &report.files {
            eprintln!("checked {}", file.display());
        }
    }
    if report.violations.is_empty() {
        if report.files.is_empty() {
            eprintln!("tally: error: no articles.jsonl, claims.jsonl, events.jsonl, dataset.json or *.schema.json found");
            return false;
        }
        if !output.quiet {
            eprintln!("{} file(s) valid", report.files.len());
        }
        true
    } else {
        eprintln!("{} violation(s) in {} file(s) checked", report.violations.len(), report.files.len());
        false
    }
}
