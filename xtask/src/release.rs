//! `cargo xtask release` and `cargo xtask verify`: thin front ends to
//! `tally_release`, with the workspace's default paths.

use std::path::{Path, PathBuf};

use anyhow::{bail, Result};
use clap::Args;

use crate::project;

#[derive(Args)]
pub struct ReleaseArgs {
    /// Semver version of the release, e.g. 0.1.0.
    #[arg(long)]
    version: String,
    /// The corpus directory [default: data/articles in the workspace].
    #[arg(long)]
    articles: Option<PathBuf>,
    /// Where vX.Y.Z/ is created [default: dist/ in the workspace].
    #[arg(long)]
    out: Option<PathBuf>,
    /// The ledger of published releases [default: data/releases.json in the workspace for a
    /// release into dist/; OUT/releases.json for any other --out, so a trial release never
    /// records a version in the project's ledger].
    #[arg(long)]
    ledger: Option<PathBuf>,
    /// Publish the valid articles when some files are invalid; the skipped files are listed in the dataset card.
    #[arg(long)]
    skip_invalid: bool,
    /// Correction files (YAML) to apply [default: data/corrections in the workspace, when it exists].
    #[arg(long)]
    corrections: Option<PathBuf>,
}

pub fn run_release(args: &ReleaseArgs) -> Result<()> {
    let root = project::root();
    let (default_out, default_ledger) = (root.join("dist"), root.join("data/releases.json"));
    let out = args.out.clone().unwrap_or_else(|| default_out.clone());
    let ledger = args
        .ledger
        .clone()
        .unwrap_or_else(|| tally_release::default_ledger(&out, &default_out, &default_ledger));
    let opts = tally_release::ReleaseOptions {
        version: args.version.clone(),
        articles: args.articles.clone().unwrap_or_else(|| root.join("data/articles")),
        out,
        ledger,
        skip_invalid: args.skip_invalid,
        // data/corrections is used when it exists, like data/articles.
        corrections: args.corrections.clone().or_else(|| {
            let default = root.join("data/corrections");
            default.is_dir().then_some(default)
        }),
    };
    match tally_release::release(&opts) {
        Ok(report) => {
            for w in &report.warnings {
                eprintln!("{w:#}");
            }
            println!("{}", report.summary);
            Ok(())
        }
        Err(e) => bail!("{e}"),
    }
}

pub fn run_verify(dir: &Path) -> Result<()> {
    match tally_release::verify(dir) {
        Ok(r) => {
            println!("{}: {r}", dir.display());
            Ok(())
        }
        Err(problems) => {
            for p in &problems {
                eprintln!("{p}");
            }
            bail!("{}: {} problem(s) found", dir.display(), problems.len())
        }
    }
}
