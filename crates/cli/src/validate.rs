//! `tally validate [--schema NAME|FILE] PATH...`: every violation, one line
//! each, on stderr. Without `--schema` the schema is chosen by file name;
//! with it, every file named (or `-`, standard input) is checked against it.

use std::path::{Path, PathBuf};

use clap::Args;
use tally_model::Diagnostic;
use tally_validate::Validator;

use crate::{report, Output};

#[derive(Args)]
pub struct ValidateArgs {
    /// Files (articles.jsonl, claims.jsonl, events.jsonl, dataset.json, *.schema.json) or
    /// directories to search for them; with --schema, any files (`-` for standard input).
    #[arg(required = true)]
    paths: Vec<PathBuf>,
    /// Check every file against this schema instead of choosing by file name: a name
    /// (article, claim, event, dataset, converted — `tally convert`'s lines) or a schema
    /// file. A `.json` file is one document; anything else is JSON Lines.
    #[arg(long, value_name = "NAME|FILE")]
    schema: Option<String>,
}

/// The name a schema file given to `--schema` is compiled under.
const SCHEMA_FILE: &str = "--schema FILE";

pub fn run(args: &ValidateArgs, output: Output) -> bool {
    let mut validator = match Validator::from_model() {
        Ok(v) => v,
        Err(e) => {
            report::emit(&Diagnostic::error("tally", format!("cannot compile the schemas: {e}")), output);
            return false;
        }
    };
    let report = match &args.schema {
        None => validator.validate_paths(&args.paths),
        Some(schema) => match chosen_schema(&mut validator, schema) {
            Ok(name) => validator.validate_paths_as(&args.paths, name),
            Err(d) => {
                report::emit(&d, output);
                return false;
            }
        },
    };
    for v in &report.violations {
        report::emit(&v.to_diagnostic(), output);
    }
    if output.verbose > 0 {
        for file in &report.files {
            report::note(output, format_args!("checked {}", file.display()));
        }
    }
    if report.violations.is_empty() {
        if report.files.is_empty() {
            let d = Diagnostic::error(
                args.paths[0].display().to_string(),
                "no Tally schema applies: no articles.jsonl, claims.jsonl, events.jsonl, dataset.json or \
                 *.schema.json found (name a schema with --schema)",
            );
            report::emit(&d, output);
            return false;
        }
        report::note(output, format_args!("{} file(s) valid", report.files.len()));
        true
    } else {
        report::failure(
            output,
            format_args!(
                "{} violation(s) in {} file(s) checked",
                report.violations.len(),
                report.files.len()
            ),
        );
        false
    }
}

/// The compiled schema `--schema` names: a known name, or a file compiled now.
fn chosen_schema(validator: &mut Validator, schema: &str) -> Result<&'static str, Diagnostic> {
    if let Some(name) =
        ["article", "claim", "event", "dataset", "converted"].into_iter().find(|n| *n == schema)
    {
        return Ok(name);
    }
    let path = Path::new(schema);
    if !path.is_file() {
        return Err(Diagnostic::error(
            schema,
            "unknown schema: neither a schema name (article, claim, event, dataset, converted) nor a file",
        ));
    }
    let text =
        std::fs::read_to_string(path).map_err(|e| Diagnostic::error(schema, format!("cannot read: {e}")))?;
    let value: serde_json::Value = serde_json::from_str(&text).map_err(|e| {
        Diagnostic::error(schema, format!("not JSON: {e}")).at(e.line(), e.column()).with_code("T0502")
    })?;
    validator
        .add_schema(SCHEMA_FILE, &value)
        .map_err(|e| Diagnostic::error(schema, format!("the schema does not compile: {e}")))?;
    Ok(SCHEMA_FILE)
}
