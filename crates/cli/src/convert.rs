//! `tally convert FILE...`: normalises each article and extracts its
//! claims, printing one JSON object per file on stdout
//! (`{"article": ..., "claims": [...]}`, JSON Lines unless `--pretty`; its
//! schema is `schema/converted.schema.json`). `-` reads standard input,
//! recorded under `--name`. A file that fails is reported on stderr and the
//! others still run.

use std::io::{Read, Write};
use std::path::{Path, PathBuf};

use clap::Args;
use tally_corpus::{CorpusFile, Limits};
use tally_model::{Converted, Diagnostic};

use crate::{progress, report, Output};

#[derive(Args)]
pub struct ConvertArgs {
    /// Article files (Markdown or plain text, any extension); a directory stands for every
    /// file in it; `-` reads one article from standard input.
    #[arg(required = true)]
    files: Vec<PathBuf>,
    /// The path recorded for the article read from standard input (`-`), in its
    /// `source.path`, its id and its diagnostics.
    #[arg(long, value_name = "PATH", default_value = "<stdin>")]
    name: String,
    /// Indent the JSON (one document per file, no longer one per line).
    #[arg(long)]
    pretty: bool,
    /// Refuse files larger than this many bytes.
    #[arg(long, value_name = "BYTES", default_value_t = Limits::default().max_file_bytes)]
    max_file_bytes: u64,
}

/// Where one article comes from.
enum Input {
    File(CorpusFile),
    Stdin,
}

pub fn run(args: &ConvertArgs, output: Output) -> bool {
    let mut failed = false;
    if args.files.iter().filter(|f| is_stdin(f)).count() > 1 {
        report::emit(&Diagnostic::error("-", "standard input can be read only once; name `-` once"), output);
        return false;
    }
    let inputs = expand(&args.files, &mut failed, output);
    let limits = Limits { max_file_bytes: args.max_file_bytes };
    let bar = progress::bar(inputs.len() as u64, output);
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    for input in &inputs {
        let name = match input {
            Input::File(file) => file.rel_path.as_str(),
            Input::Stdin => args.name.as_str(),
        };
        bar.set_message(name.to_string());
        let result =
            read(input, &args.name, &limits).and_then(|bytes| convert_one(name, &bytes, args.pretty));
        bar.inc(1);
        match result {
            Ok((json, warnings)) => {
                bar.suspend(|| report::emit_all(&warnings, output));
                if output.verbose > 0 {
                    bar.suspend(|| report::note(output, format_args!("converted {name}")));
                }
                if writeln!(out, "{json}").is_err() {
                    // stdout is gone (e.g. `| head`): nobody is reading any more.
                    return false;
                }
            }
            Err(diagnostics) => {
                failed = true;
                bar.suspend(|| report::emit_all(&diagnostics, output));
            }
        }
    }
    bar.finish_and_clear();
    if out.flush().is_err() {
        return false;
    }
    if failed && !output.quiet {
        report::failure(output, "tally: some files could not be converted (see the errors above)");
    }
    !failed
}

fn is_stdin(path: &Path) -> bool {
    path == Path::new("-")
}

/// The inputs named, with each directory replaced by the article files in it.
fn expand(paths: &[PathBuf], failed: &mut bool, output: Output) -> Vec<Input> {
    let mut inputs = Vec::new();
    for path in paths {
        if is_stdin(path) {
            inputs.push(Input::Stdin);
        } else if path.is_dir() {
            match tally_corpus::discover(path) {
                Ok(found) if found.is_empty() => {
                    *failed = true;
                    let d =
                        Diagnostic::error(path.display().to_string(), "no article files in this directory");
                    report::emit(&d, output);
                }
                Ok(found) => {
                    inputs.extend(found.iter().filter_map(|f| standalone(&f.path(), failed, output)))
                }
                Err(diagnostics) => {
                    *failed = true;
                    report::emit_all(&diagnostics, output);
                }
            }
        } else {
            inputs.extend(standalone(path, failed, output));
        }
    }
    inputs
}

/// A file named by its own path, which is also the name its article reports.
fn standalone(path: &Path, failed: &mut bool, output: Output) -> Option<Input> {
    match path.to_str() {
        Some(name) => Some(Input::File(CorpusFile::standalone(name.to_string()))),
        None => {
            *failed = true;
            let name = path.display().to_string();
            report::emit(&Diagnostic::error(name, "the path is not valid UTF-8; rename it"), output);
            None
        }
    }
}

/// The bytes of one input, within the size limit.
fn read(input: &Input, stdin_name: &str, limits: &Limits) -> Result<Vec<u8>, Vec<Diagnostic>> {
    match input {
        Input::File(file) => tally_corpus::read(file, limits).map_err(|d| vec![d]),
        Input::Stdin => {
            let mut bytes = Vec::new();
            std::io::stdin().lock().take(limits.max_file_bytes + 1).read_to_end(&mut bytes).map_err(|e| {
                vec![Diagnostic::error(stdin_name, format!("cannot read standard input: {e}"))]
            })?;
            if bytes.len() as u64 > limits.max_file_bytes {
                return Err(vec![Diagnostic::error(
                    stdin_name,
                    format!(
                        "standard input is over the limit of {} bytes (set --max-file-bytes to raise it)",
                        limits.max_file_bytes
                    ),
                )]);
            }
            Ok(bytes)
        }
    }
}

/// One article's JSON and warnings, or its errors; every diagnostic located
/// by line:column in `bytes`.
fn convert_one(name: &str, bytes: &[u8], pretty: bool) -> Result<(String, Vec<Diagnostic>), Vec<Diagnostic>> {
    let locate = |ds: Vec<Diagnostic>| ds.into_iter().map(|d| d.locate(bytes)).collect::<Vec<_>>();
    let normalised = tally_parser::normalise(name, bytes).map_err(locate)?;
    let facts = tally_extract::extract(&normalised);
    let converted = Converted { article: &normalised.article, claims: &facts.claims };
    let json =
        if pretty { serde_json::to_string_pretty(&converted) } else { serde_json::to_string(&converted) }
            .map_err(|e| vec![Diagnostic::error(name, format!("cannot serialise: {e}"))])?;
    let mut warnings = normalised.warnings;
    warnings.extend(facts.warnings(name));
    Ok((json, locate(warnings)))
}
