//! The `tally` command-line interface: convert articles to JSON, validate
//! dataset files, and build releases without the repository's xtask.
//! Diagnostics go to stderr as `path:line:col: error[CODE]: message` (or one
//! JSON object each with `--message-format json`); every input is attempted
//! and the exit status is 1 when any failed (2 for usage errors).
//!
//! A library so `cargo xtask man` can render the man page from the same
//! definition ([`command`]); the binary is `src/main.rs`.

mod convert;
mod progress;
mod release;
mod report;
mod validate;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{ArgAction, Args, CommandFactory, Parser, Subcommand, ValueEnum};

const EXAMPLES: &str = "\
Examples:
  tally convert data/articles/*.md            one JSON object per file: article + claims
  tally convert --pretty story.txt | jq .article.title
  tally validate dist/v0.1.0                  check every release file against its schema
  tally validate claims.jsonl schema/         files and directories
  tally release --version 0.1.0               publish dist/v0.1.0 from data/articles
  tally release --version 0.2.0 --articles ~/news --out ~/datasets --skip-invalid
  tally verify dist/v0.1.0                    re-check checksums, schemas and references
  tally explain T0201                         what a diagnostic code means
  tally completions bash > ~/.local/share/bash-completion/completions/tally";

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

/// How much to say on stderr, and in which form.
#[derive(Args, Clone, Copy)]
pub struct Output {
    /// How diagnostics are printed on stderr: `human` (`path:line:col: error[T0201]: message`)
    /// or `json` (one object per line: file, line, column, byte, severity, code, message;
    /// summaries and progress are left out).
    #[arg(long, global = true, value_enum, default_value_t = MessageFormat::Human, value_name = "FORMAT")]
    pub message_format: MessageFormat,
    /// Print errors only: no warnings, summaries or progress.
    #[arg(short, long, global = true, conflicts_with = "verbose")]
    pub quiet: bool,
    /// Say more: one line per file processed.
    #[arg(short, long, global = true, action = ArgAction::Count)]
    pub verbose: u8,
}

/// `--message-format`.
#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum MessageFormat {
    Human,
    Json,
}

#[derive(Subcommand)]
enum Command {
    /// Print each article, normalised, with the claims extracted from it.
    #[command(after_help = "Example:\n  tally convert a.md b.txt | jq -c '.claims[] | {text, quantity}'")]
    Convert(convert::ConvertArgs),
    /// Validate JSON and JSON Lines files (or directories) against Tally's schemas.
    #[command(
        after_help = "Examples:\n  tally validate dist/v0.1.0 my-claims/claims.jsonl\n  tally convert story.md > out.jsonl && tally validate --schema converted out.jsonl\n  tally convert story.md | tally validate --schema converted -"
    )]
    Validate(validate::ValidateArgs),
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
    /// Explain a diagnostic code (e.g. T0201); `--all` lists every code.
    #[command(after_help = "Example:\n  tally explain T0607")]
    Explain {
        /// The code, as printed in `error[T0201]`.
        #[arg(required_unless_present = "all")]
        code: Option<String>,
        /// List every code with its one-line description.
        #[arg(long, conflicts_with = "code")]
        all: bool,
    },
    /// Print a shell completion script to stdout.
    #[command(
        after_help = "Examples:\n  tally completions bash > ~/.local/share/bash-completion/completions/tally\n  tally completions zsh > ~/.zfunc/_tally\n  tally completions fish > ~/.config/fish/completions/tally.fish\n  tally completions powershell >> $PROFILE"
    )]
    Completions {
        /// The shell.
        shell: clap_complete::Shell,
    },
}

/// The whole command-line definition, for generated documentation
/// (`cargo xtask man`) and completions.
pub fn command() -> clap::Command {
    Cli::command()
}

/// Runs `tally` with the process's arguments.
pub fn main() -> ExitCode {
    let cli = Cli::parse();
    let ok = match cli.command {
        Command::Convert(args) => convert::run(&args, cli.output),
        Command::Validate(args) => validate::run(&args, cli.output),
        Command::Release(args) => release::run_release(&args, cli.output),
        Command::Shard(args) => release::run_shard(&args, cli.output),
        Command::Verify { dir } => release::run_verify(&dir, cli.output),
        Command::Explain { code, all } => explain(code.as_deref(), all),
        Command::Completions { shell } => {
            clap_complete::generate(shell, &mut command(), "tally", &mut std::io::stdout());
            true
        }
    };
    if ok {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}

/// `tally explain`: one code's explanation, or every code's title.
fn explain(code: Option<&str>, all: bool) -> bool {
    if all {
        for c in tally_model::codes::all() {
            println!("{}  {}", c.code, c.title);
        }
        return true;
    }
    let code = code.unwrap_or_default();
    match tally_model::codes::explain(code) {
        Some(c) => {
            print!("{}", c.to_text());
            true
        }
        None => {
            eprintln!("tally: error: `{code}` is not a Tally diagnostic code (see `tally explain --all`)");
            false
        }
    }
}
