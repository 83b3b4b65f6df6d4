//! `tally convert FILE...`: normalises each article and extracts its
//! claims, printing one JSON object per file on stdout
//! (`{"article": ..., "claims": [...]}`, JSON Lines unless `--pretty`).
//! A file that fails is reported on stderr and the others still run.

use std::io::Write;
use std::path::PathBuf;

use clap::Args;
use serde::Serialize;
use tally_corpus::{CorpusFile, Limits};
use tally_model::{Article, Claim, Diagnostic};

use crate::{progress, Output};

#[derive(Args)]
pub struct ConvertArgs {
    /// Article files (Markdown or plain text, any extension); a directory stands for every file in it.
    #[arg(required = true)]
    files: Vec<PathBuf>,
    /// Indent the JSON (one document per file, no longer one per line).
    #[arg(long)]
    pretty: bool,
    /// Refuse files larger than this many bytes.
    #[arg(long, value_name = "BYTES", default_value_t = Limits::default().max_file_bytes)]
    max_file_bytes: u64,
}

/// What is printed for one file.
#[derive(Serialize)]
struct Converted<'a> {
    article: &'a Article,
    claims: &'a [Claim],
}

pub fn run(args: &ConvertArgs, output: Output) -> bool {
    let mut failed = false;
    let files = expand(&args.files, &mut failed);
    let limits = Limits { max_file_bytes: args.max_file_bytes };
    let bar = progress::bar(files.len() as u64, output);
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    for file in &files {
        bar.set_message(file.rel_path.clone());
        let result = convert_one(file, &limits, args.pretty);
        bar.inc(1);
        match result {
            Ok((json, warnings)) => {
                bar.suspend(|| report(&warnings, output));
                if output.verbose > 0 {
                    bar.suspend(|| eprintln!("converted {}", file.rel_path));
                }
                if writeln!(out, "{json}").is_err() {
                    // stdout is gone (e.g. `| head`): nobody is reading any more.
                    return false;
                }
            }
            Err(diagnostics) => {
                failed = true;
                bar.suspend(|| report(&diagnostics, output));
            }
        }
    }
    bar.finish_and_clear();
    if out.flush().is_err() {
        return false;
    }
    if failed && !output.quiet {
        eprintln!("tally: some files could not be converted (see the errors above)");
    }
    !failed
}

/// The files named, with each directory replaced by the article files in it.
fn expand(paths: &[PathBuf], failed: &mut bool) -> Vec<CorpusFile> {
    let mut files = Vec::new();
    for path in paths {
        if path.is_dir() {
            match tally_corpus::discover(path) {
                Ok(found) if found.is_empty() => {
                    *failed = true;
                    eprintln!(
                        "{}",
                        Diagnostic::error(path.display().to_string(), "no article files in this directory")
                    );
                }
                Ok(found) => files.extend(found.iter().filter_map(|f| standalone(&f.path(), failed))),
                Err(diagnostics) => {
                    *failed = true;
                    diagnostics.iter().for_each(|d| eprintln!("{d}"));
                }
            }
        } else {
            files.extend(standalone(path, failed));
        }
    }
    files
}

/// A file named by its own path, which is also the name its article reports.
fn standalone(path: &std::path::Path, failed: &mut bool) -> Option<CorpusFile> {
    match path.to_str() {
        Some(name) => Some(CorpusFile::standalone(name.to_string())),
        None => {
            *failed = true;
            let name = path.display().to_string();
            eprintln!("{}", Diagnostic::error(name, "the path is not valid UTF-8; rename it"));
            None
        }
    }
}

fn convert_one(
    file: &CorpusFile,
    limits: &Limits,
    pretty: bool,
) -> Result<(String, Vec<Diagnostic>), Vec<Diagnostic>> {
    let bytes = tally_corpus::read(file, limits).map_err(|d| vec![d])?;
    let normalised = tally_parser::normalise(&file.rel_path, &bytes)?;
    let facts = tally_extract::extract(&normalised);
    let converted = Converted { article: &normalised.article, claims: &facts.claims };
    let json =
        if pretty { serde_json::to_string_pretty(&converted) } else { serde_json::to_string(&converted) }
            .map_err(|e| vec![Diagnostic::error(&file.rel_path, format!("cannot serialise: {e}"))])?;
    let mut warnings = normalised.warnings;
    warnings.extend(facts.warnings(&file.rel_path));
    Ok((json, warnings))
}

/// Prints diagnostics; with `--quiet`, only the errors.
fn report(diagnostics: &[Diagnostic], output: Output) {
    for d in diagnostics {
        if d.is_error() || !output.quiet {
            eprintln!("{d}");
        }
    }
}
