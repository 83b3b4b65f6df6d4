//! `cargo xtask`: the project's own commands, one module each —
//! `schema` (regenerate or check `schema/`), `validate` (check JSON and JSON
//! Lines files against the schemas), `release` and `verify` (publish and
//! re-check a dataset release), `bench` (stage throughput and memory), `man`
//! (man pages) and `docs` (`docs/diagnostics.md`). Errors are printed `path:line:col: error: msg`,
//! all of them, and the exit status is non-zero.

mod bench;
mod docs;
mod project;
mod release;
mod schema;
mod validate;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

#[derive(Parser)]
#[command(name = "cargo xtask", bin_name = "cargo xtask", about = "Tally's project commands", version)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Write the JSON Schemas generated from crates/model to schema/.
    Schema {
        /// Do not write: fail, listing them, if the committed files are stale.
        #[arg(long)]
        check: bool,
    },
    /// Validate JSON and JSON Lines files (or directories) against the schemas;
    /// schema/ itself is always checked.
    Validate {
        /// Files (articles.jsonl, claims.jsonl, events.jsonl, dataset.json, *.schema.json) or directories.
        paths: Vec<PathBuf>,
    },
    /// Build, validate and publish an immutable dataset release OUT/vX.Y.Z/.
    Release(release::ReleaseArgs),
    /// Re-check a published release: checksums, schemas, cross-references.
    Verify {
        /// The release directory, e.g. dist/v0.1.0.
        dir: PathBuf,
    },
    /// Write man pages for tally and each subcommand (clap_mangen) [default: target/man/].
    Man {
        /// The directory to write them into.
        #[arg(long)]
        out: Option<PathBuf>,
    },
    /// Write docs/diagnostics.md (every diagnostic code, from crates/model/src/codes.rs).
    Docs {
        /// Do not write: fail if the committed file is stale.
        #[arg(long)]
        check: bool,
    },
    /// Benchmark every stage (comrak baseline, normalise, extract, full build) on a 200 MB corpus.
    Bench(bench::BenchArgs),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Schema { check } => schema::run(check),
        Command::Validate { paths } => validate::run(&paths),
        Command::Release(args) => release::run_release(&args),
        Command::Verify { dir } => release::run_verify(&dir),
        Command::Bench(args) => bench::run(&args),
        Command::Man { out } => docs::run_man(out.as_deref()),
        Command::Docs { check } => docs::run_docs(check),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("{e:#}");
            ExitCode::FAILURE
        }
    }
}
