//! `cargo xtask validate [PATH...]`: checks `schema/` against the draft
//! 2020-12 meta-schema, then every given file or directory against the
//! schemas, printing every violation.

use std::path::PathBuf;

use anyhow::{anyhow, bail, Result};
use tally_validate::Validator;

use crate::project;

pub fn run(paths: &[PathBuf]) -> Result<()> {
    let validator = Validator::from_model().map_err(|e| anyhow!("cannot compile the schemas: {e}"))?;
    let mut all = vec![project::root().join("schema")];
    all.extend(paths.iter().cloned());
    let report = validator.validate_paths(&all);
    for v in &report.violations {
        eprintln!("{v:#}");
    }
    if !report.violations.is_empty() {
        bail!("{} violation(s) in {} file(s) checked", report.violations.len(), report.files.len());
    }
    println!("{} file(s) valid", report.files.len());
    Ok(())
}
