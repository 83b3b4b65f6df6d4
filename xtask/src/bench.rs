//! `cargo xtask bench [--corpus DIR] [--scale N] [--double] [--shape S]`:
//! builds the binaries in the `profiling` profile (release with line
//! tables), lays out a benchmark corpus and runs
//! `tally-bench` on it, which prints every stage's figures.
//!
//! The corpus is the given one or, by default, the news Tally exists for: the
//! seeds (`data/articles`) and `../shared/corpus/realworld`, replicated N
//! times under distinct names with distinct content (deduplication keeps
//! every copy), in two shapes: `same`, replicas that report the same events
//! (many outlets, few events: reconciliation under load), and `archive`,
//! replicas whose years are shifted so they report different events (a long
//! archive). `--double` runs a second corpus twice the size, to check that
//! memory stays flat and time grows linearly.

use std::path::{Path, PathBuf};

use anyhow::{bail, Context, Result};
use xshell::{cmd, Shell};

#[derive(clap::Args)]
pub struct BenchArgs {
    /// Corpus to replicate (default: data/articles and ../shared/corpus/realworld).
    #[arg(long)]
    corpus: Vec<PathBuf>,
    /// Which replicas: `same` events, an `archive` of shifted years, or `both`.
    #[arg(long, value_enum, default_value_t = Shape::Both)]
    shape: Shape,
    /// Copies of the corpus (default: enough for at least 200 MB).
    #[arg(long)]
    scale: Option<usize>,
    /// Also run a corpus twice the size.
    #[arg(long)]
    double: bool,
}

/// How the replicas of the corpus relate to each other.
#[derive(Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum Shape {
    /// Replicas report the same events: reconciliation under load.
    Same,
    /// Each replica's years are shifted: different events, a long archive.
    Archive,
    /// Both, one after the other.
    Both,
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

/// Years 1990..=2039 written as a whole four-digit number, shifted forward
/// by `shift` (the archive shape): the replica's dates, publication dates
/// included, then fall in other years and its reports make other events.
fn shift_years(bytes: &[u8], shift: u32) -> Vec<u8> {
    if shift == 0 {
        return bytes.to_vec();
    }
    let mut out = bytes.to_vec();
    let digit = |i: usize| bytes.get(i).is_some_and(u8::is_ascii_digit);
    let mut i = 0;
    while i + 4 <= bytes.len() {
        let whole = (0..4).all(|k| digit(i + k)) && !digit(i + 4) && (i == 0 || !digit(i - 1));
        if whole {
            let year: u32 =
                std::str::from_utf8(&bytes[i..i + 4]).ok().and_then(|y| y.parse().ok()).unwrap_or(0);
            if (1990..=2039).contains(&year) {
                out[i..i + 4].copy_from_slice(format!("{:04}", year + shift).as_bytes());
            }
            i += 4;
        } else {
            i += 1;
        }
    }
    out
}

/// Writes `copies` replicas of `sources` into `dir`; returns the bytes written.
/// With `archive`, replica `k` has its years shifted by `k % 50`.
fn replicate(sources: &[PathBuf], copies: usize, dir: &Path, archive: bool) -> Result<u64> {
    let _ = std::fs::remove_dir_all(dir);
    let mut total = 0;
    for copy in 0..copies {
        let sub = dir.join(format!("r{copy:03}"));
        std::fs::create_dir_all(&sub)?;
        for (i, src) in sources.iter().enumerate() {
            let original = std::fs::read(src)?;
            let mut bytes = if archive { shift_years(&original, (copy % 50) as u32) } else { original };
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
        vec![root.join("data/articles"), root.join("../shared/corpus/realworld")]
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
    let shapes: &[bool] = match args.shape {
        Shape::Same => &[false],
        Shape::Archive => &[true],
        Shape::Both => &[false, true],
    };
    for &archive in shapes {
        let mut runs = vec![scale];
        if args.double {
            runs.push(scale * 2);
        }
        let name =
            if archive { "archive (years shifted per replica: different events)" } else { "same events" };
        println!(
            "
#### shape: {name}"
        );
        bench_shape(&sh, &root, &sources, &runs, archive)?;
    }
    Ok(())
}

/// Benchmarks one shape of replicas at each size in `runs` (copies).
fn bench_shape(sh: &Shell, root: &Path, sources: &[PathBuf], runs: &[usize], archive: bool) -> Result<()> {
    let bench = root.join("target/profiling/tally-bench");
    let tally = root.join("target/profiling/tally");
    let mut figures = Vec::new();
    for &copies in runs {
        let dir = root.join(format!("target/bench-corpus-{copies}"));
        let bytes = replicate(sources, copies, &dir, archive)?;
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

#[cfg(test)]
mod tests {
    use super::shift_years;

    #[test]
    fn the_archive_shape_shifts_whole_years_only() {
        let text =
            "On 24.02.2022 and June 11, 2025, 1,212 bodies; code 12345; 1989 and 2040 stay; 2025-06-11.";
        let shifted = String::from_utf8(shift_years(text.as_bytes(), 3)).unwrap();
        assert_eq!(
            shifted,
            "On 24.02.2025 and June 11, 2028, 1,212 bodies; code 12345; 1989 and 2040 stay; 2028-06-11."
        );
        assert_eq!(shift_years(text.as_bytes(), 0), text.as_bytes());
    }
}
