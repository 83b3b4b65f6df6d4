//! `tally release` (alias `build`) and `tally verify`: the same as
//! `cargo xtask release` / `verify`, for users without the repository.

use std::path::{Path, PathBuf};

use clap::Args;

use crate::{progress, report, Output};

/// The project's output directory and ledger (relative to where `tally` runs).
const DEFAULT_OUT: &str = "dist";
const DEFAULT_LEDGER: &str = "data/releases.json";

#[derive(Args)]
pub struct ReleaseArgs {
    /// Semver version of the release, e.g. 0.1.0 (no leading `v`).
    #[arg(long)]
    version: String,
    /// The corpus directory.
    #[arg(long, default_value = "data/articles")]
    articles: PathBuf,
    /// Where vX.Y.Z/ is created [default: dist].
    #[arg(long)]
    out: Option<PathBuf>,
    /// The ledger of published releases, which gives the changelog its previous release and
    /// makes a version immutable (commit it) [default: data/releases.json for a release into
    /// dist; OUT/releases.json for any other --out, so a trial release never records a version
    /// in the project's ledger].
    #[arg(long)]
    ledger: Option<PathBuf>,
    /// Publish the valid articles when some files are invalid; the skipped files are listed in the dataset card.
    #[arg(long)]
    skip_invalid: bool,
    /// Merge step of a sharded build: read the per-article results from these
    /// shard directories (written by `tally shard`, one complete split) instead of the corpus.
    #[arg(long, value_name = "SHARD_DIR", num_args = 1..)]
    from_shards: Vec<PathBuf>,
    /// Correction files (YAML, see the README) to apply after extraction; with
    /// --from-shards the corpus at --articles is read again for the articles they target.
    #[arg(long, value_name = "DIR")]
    corrections: Option<PathBuf>,
}

/// Arguments of `tally shard`.
#[derive(clap::Args, Debug)]
pub struct ShardArgs {
    /// Which shard to build: K/N, the files whose index in sorted path order is K modulo N.
    #[arg(long, value_name = "K/N")]
    shard: String,
    /// The corpus directory.
    #[arg(long, default_value = "data/articles")]
    articles: PathBuf,
    /// The shard directory to write.
    #[arg(long)]
    out: PathBuf,
}

pub fn run_shard(args: &ShardArgs, output: Output) -> bool {
    let spec = match tally_release::shard::parse_shard(&args.shard) {
        Ok(s) => s,
        Err(e) => {
            report::emit(&tally_model::Diagnostic::error("--shard", e), output);
            return false;
        }
    };
    match tally_release::shard::build_shard(&args.articles, spec, &args.out, &Default::default()) {
        Ok(r) => {
            if !output.quiet {
                println!(
                    "shard {}/{}: {} articles, {} failed -> {}",
                    spec.index,
                    spec.count,
                    r.articles,
                    r.failed,
                    args.out.display()
                );
            }
            true
        }
        Err(e) => {
            report::emit_all(&e.diagnostics, output);
            false
        }
    }
}

pub fn run_release(args: &ReleaseArgs, output: Output) -> bool {
    let out = args.out.clone().unwrap_or_else(|| PathBuf::from(DEFAULT_OUT));
    let ledger = args.ledger.clone().unwrap_or_else(|| {
        tally_release::default_ledger(&out, Path::new(DEFAULT_OUT), Path::new(DEFAULT_LEDGER))
    });
    let opts = tally_release::ReleaseOptions {
        version: args.version.clone(),
        articles: args.articles.clone(),
        out,
        ledger,
        skip_invalid: args.skip_invalid,
        corrections: args.corrections.clone(),
    };
    let spinner = progress::spinner(&format!("building v{}", args.version), output);
    let result = tally_release::release_from(&opts, args.from_shards.clone());
    spinner.finish_and_clear();
    match result {
        Ok(done) => {
            report::emit_all(&done.warnings, output);
            // The one result line goes to stdout, so scripts can capture it.
            println!("{}", done.summary);
            true
        }
        Err(e) => {
            report::emit_all(&e.diagnostics, output);
            let errors = e.diagnostics.iter().filter(|d| d.is_error()).count();
            report::failure(output, format_args!("release failed: {errors} error(s); nothing was published"));
            false
        }
    }
}

pub fn run_verify(dir: &Path, output: Output) -> bool {
    match tally_release::verify(dir) {
        Ok(r) => {
            if !output.quiet {
                println!("{}: {r}", dir.display());
            }
            true
        }
        Err(problems) => {
            for p in &problems {
                report::emit(&verify_problem(dir, p), output);
            }
            report::failure(output, format_args!("{}: {} problem(s) found", dir.display(), problems.len()));
            false
        }
    }
}

/// A problem `verify` found, as a diagnostic: `tally_release::verify` says
/// each as one line, `path: message` or `path:line: message`; a line
/// that names no path is about the release directory.
fn verify_problem(dir: &Path, problem: &str) -> tally_model::Diagnostic {
    let Some((place, message)) = problem.split_once(": ") else {
        return tally_model::Diagnostic::error(dir.display().to_string(), problem);
    };
    let (path, line) = match place.rsplit_once(':') {
        Some((path, line)) if !line.is_empty() && line.bytes().all(|b| b.is_ascii_digit()) => {
            (path, line.parse().ok())
        }
        _ => (place, None),
    };
    let d = tally_model::Diagnostic::error(path, message);
    match line {
        Some(line) => d.at(line, 1),
        None => d,
    }
}
