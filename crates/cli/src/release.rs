//! `tally release` (alias `build`) and `tally verify`: the same as
//! `cargo xtask release` / `verify`, for users without the repository.

use std::path::{Path, PathBuf};

use clap::Args;

use crate::{progress, Output};

#[derive(Args)]
pub struct ReleaseArgs {
    /// Semver version of the release, e.g. 0.1.0 (no leading `v`).
    #[arg(long)]
    version: String,
    /// The corpus directory.
    #[arg(long, default_value = "data/articles")]
    articles: PathBuf,
    /// Where vX.Y.Z/ is created.
    #[arg(long, default_value = "dist")]
    out: PathBuf,
    /// The ledger of published releases (keep it under version control).
    #[arg(long, default_value = "data/releases.json")]
    ledger: PathBuf,
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
            eprintln!("error: {e}");
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
            e.diagnostics.iter().for_each(|d| eprintln!("{d}"));
            false
        }
    }
}

pub fn run_release(args: &ReleaseArgs, output: Output) -> bool {
    let opts = tally_release::ReleaseOptions {
        version: args.version.clone(),
        articles: args.articles.clone(),
        out: args.out.clone(),
        ledger: args.ledger.clone(),
        skip_invalid: args.skip_invalid,
        corrections: args.corrections.clone(),
    };
    let spinner = progress::spinner(&format!("building v{}", args.version), output);
    let result = tally_release::release_from(&opts, args.from_shards.clone());
    spinner.finish_and_clear();
    match result {
        Ok(report) => {
            if !output.quiet {
                for w in &report.warnings {
                    eprintln!("{w}");
                }
            }
            // The one result line goes to stdout, so scripts can capture it.
            println!("{}", report.summary);
            true
        }
        Err(e) => {
            for d in &e.diagnostics {
                if d.is_error() || !output.quiet {
                    eprintln!("{d}");
                }
            }
            let errors = e.diagnostics.iter().filter(|d| d.is_error()).count();
            eprintln!("release failed: {errors} error(s); nothing was published");
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
                eprintln!("{p}");
            }
            eprintln!("{}: {} problem(s) found", dir.display(), problems.len());
            false
        }
    }
}
