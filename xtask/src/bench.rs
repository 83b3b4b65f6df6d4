//! `cargo xtask bench [--corpus DIR] [--scale N] [--double]`: builds the
//! binaries in the `profiling` profile (release with line tables), lays out a benchmark corpus (the given corpus, by
//! default `../shared/corpus/digitalgov` plus the seeds, replicated N times
//! under distinct names and with distinct content so deduplication keeps
//! every copy), and runs `tally-bench` on it, which prints every stage's
//! figures. `--double` runs a second corpus twice the size, to check that
//! memory stays flat and time grows linearly.

use std::path::{Path, PathBuf};

use anyhow::{bail, Context, Result};
use xshell::{cmd, Shell};

#[derive(clap::Args)]
pub struct BenchArgs {
    /// Corpus to replicate (default: ../shared/corpus/digitalgov and data/articles).
    #[arg(long)]
    corpus: Vec<PathBuf>,
    /// Copies of the corpus (default: enough for at least 200 MB).
    #[arg(long)]
    scale: Option<usize>,
    /// Also run a corpus twice the size.
    #[arg(long)]
    double: bool,
}

fn files(dir: &Path, out: &mut Vec<PathBuf>) -> Result<()> {
    for e in std::fs::read_dir(dir).with_context(|| format!("reading {}", dir.display()))? {
        let p = e?.path();
        if p.is_dir() {
            files(&p, out)?;
        } else if p.file_name().is_some_and(|n| !n.to_string_lossy().starts_with('.')) {
            out.push(p);
        }
    }
    Ok(())
}

/// Writes `copies` replicas of `sources` into `dir`; returns the bytes written.
fn replicate(sources: &[PathBuf], copies: usize, dir: &Path) -> Result<u64> {
    let _ = std::fs::remove_dir_all(dir);
    let mut total = 0;
    for copy in 0..copies {
        let sub = dir.join(format!("r{copy:03}"));
        std::fs::create_dir_all(&sub)?;
        for (i, src) in sources.iter().enumerate() {
            let mut bytes = std::fs::read(src)?;
            // Distinct content per replica: a trailing line naming it.
            bytes.extend_from_slice(format!("\n\nReplica {copy} of document {i}.\n").as_bytes());
            let name = format!("{i:05}-{}", src.file_name().unwrap_or_default().to_string_lossy());
            std::fs::write(sub.join(name), &bytes)?;
            total += bytes.len() as u64;
        }
    }
    Ok(total)
}

pub fn run(args: &BenchArgs) -> Result<()> {
    let root = crate::project::root();
    let sh = Shell::new()?;
    sh.change_dir(&root);
    // The `profiling` profile: release optimisation with line tables, so a
    // profiler attached to these binaries can name source lines.
    cmd!(sh, "cargo build --profile profiling --quiet -p tally-cli -p tally-bench").run()?;
    let corpora = if args.corpus.is_empty() {
        vec![root.join("../shared/corpus/digitalgov"), root.join("data/articles")]
    } else {
        args.corpus.clone()
    };
    let mut sources = Vec::new();
    for c in &corpora {
        if !c.exists() {
            bail!("{}: corpus not found (give --corpus DIR)", c.display());
        }
        files(c, &mut sources)?;
    }
    sources.sort();
    let one: u64 = sources.iter().map(|p| std::fs::metadata(p).map(|m| m.len()).unwrap_or(0)).sum();
    let scale = args.scale.unwrap_or_else(|| (200_000_000 / one.max(1) + 1) as usize);
    let bench = root.join("target/profiling/tally-bench");
    let tally = root.join("target/profiling/tally");
    let mut runs = vec![scale];
    if args.double {
        runs.push(scale * 2);
    }
    let mut figures = Vec::new();
    for copies in runs {
        let dir = root.join(format!("target/bench-corpus-{copies}"));
        let bytes = replicate(&sources, copies, &dir)?;
        // The corpus just written is still being flushed to disk: measured
        // builds would compete with that writeback, not with their own work.
        cmd!(sh, "sync").run()?;
        println!("\n== {copies} cop(ies) of {} files: {:.1} MB ==", sources.len(), bytes as f64 / 1e6);
        let output = cmd!(sh, "{bench} {dir} {tally}").read()?;
        println!("{output}");
        figures.extend(output.lines().find_map(bench_line));
        std::fs::remove_dir_all(&dir)?;
    }
    if let [small, large] = figures.as_slice() {
        println!("\ntwice the corpus ({:.0} MB -> {:.0} MB)", small["mb"], large["mb"]);
        let ratio = |key: &str| large[key] / small[key];
        println!(
            "  time: {:.2}x on 1 thread, {:.2}x on all cores (linear within 15%: 1.70x..2.30x)",
            ratio("d1"),
            ratio("dn")
        );
        println!(
            "  peak RSS: {:+.0}% on 1 thread, {:+.0}% on all cores (flat: within 20%)",
            100.0 * (ratio("rss1_kib") - 1.0),
            100.0 * (ratio("rssn_kib") - 1.0)
        );
    }
    Ok(())
}

/// The figures of a `BENCH key=value ...` line.
fn bench_line(line: &str) -> Option<std::collections::HashMap<String, f64>> {
    let rest = line.strip_prefix("BENCH ")?;
    Some(
        rest.split_whitespace()
            .filter_map(|kv| kv.split_once('='))
            .filter_map(|(k, v)| Some((k.to_string(), v.parse().ok()?)))
            .collect(),
    )
}
