//! The `tally` command-line interface: convert articles to JSON, validate
//! dataset files, and build releases without the repository's xtask.
//! Diagnostics go to stderr as `path:line:col: error: message`; every input
//! is attempted and the exit status is 1 when any failed (2 for usage errors).

mod convert;
mod progress;
mod release;
mod validate;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{ArgAction, Args, Parser, Subcommand};

/// mimalloc rather than the system allocator: a build allocates many small
/// strings per article on every core (measured by `cargo xtask bench`).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

const EXAMPLES: &str = "\
Examples:
  tally convert data/articles/*.md            one JSON object per file: article + claims
  tally convert --pretty story.txt | jq .article.title
  tally validate dist/v0.1.0                  check every release file against its schema
  tally validate claims.jsonl schema/         files and directories
  tally release --version 0.1.0               publish dist/v0.1.0 from data/articles
  tally release --version 0.2.0 --articles ~/news --out ~/datasets --skip-invalid
  tally verify dist/v0.1.0                    re-check checksums, schemas and references";

#[derive(Parser)]
#[command(
    name = "tally",
    version,
    about = "Turn news articles (Markdown or plain text) into a versioned, schema-checked JSON dataset",
    after_help = EXAMPLES
)]
struct Cli {
    #[command(flatten)]
    output: Output,
    #[command(subcommand)]
    command: Command,
}

/// How much to say on stderr.
#[derive(Args, Clone, Copy)]
pub struct Output {
    /// Print errors only: no warnings, summaries or progress.
    #[arg(short, long, global = true, conflicts_with = "verbose")]
    pub quiet: bool,
    /// Say more: one line per file processed.
    #[arg(short, long, global = true, action = ArgAction::Count)]
    pub verbose: u8,
}

#[derive(Subcommand)]
enum Command {
    /// Print each article, normalised, with the claims extracted from it.
    #[command(after_help = "Example:\n  tally convert a.md b.txt | jq -c '.claims[] | {text, quantity}'")]
    Convert(convert::ConvertArgs),
    /// Validate JSON and JSON Lines files (or directories) against Tally's schemas.
    #[command(after_help = "Example:\n  tally validate dist/v0.1.0 my-claims/claims.jsonl")]
    Validate {
        /// Files (articles.jsonl, claims.jsonl, events.jsonl, dataset.json, *.schema.json) or
        /// directories to search for them.
        #[arg(required = true)]
        paths: Vec<PathBuf>,
    },
    /// Build, validate and publish an immutable release OUT/vX.Y.Z/.
    #[command(
        visible_alias = "build",
        after_help = "Example:\n  SOURCE_DATE_EPOCH=1750000000 tally release --version 1.4.0 --articles data/articles"
    )]
    Release(release::ReleaseArgs),
    /// Run the per-article stage for one shard of the corpus (a job-array task);
    /// `tally release --from-shards` merges the shards into a release.
    #[command(
        after_help = "Example (4 shards, then the merge):\n  for k in 0 1 2 3; do tally shard --shard $k/4 --out shards/$k; done\n  tally release --version 1.4.0 --from-shards shards/0 shards/1 shards/2 shards/3"
    )]
    Shard(release::ShardArgs),
    /// Re-check a published release: checksums, schemas, cross-references.
    Verify {
        /// The release directory, e.g. dist/v0.1.0.
        dir: PathBuf,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let ok = match cli.command {
        Command::Convert(args) => convert::run(&args, cli.output),
        Command::Validate { paths } => validate::run(&paths, cli.output),
        Command::Release(args) => release::run_release(&args, cli.output),
        Command::Shard(args) => release::run_shard(&args, cli.output),
        Command::Verify { dir } => release::run_verify(&dir, cli.output),
    };
    if ok {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}
