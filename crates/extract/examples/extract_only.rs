//! `cargo run --example extract_only -- DIR [ROUNDS]`: normalises every
//! file under DIR once (not measured), extracts each once to warm up (the
//! trie, patterns and automata are built on first use), then ROUNDS times
//! (default 1) in [`measured`], and prints the time of the fastest round —
//! extraction alone, on one thread, for profilers and before/after
//! timings. For instruction counts of the measured rounds only:
//! `valgrind --tool=callgrind --collect-atstart=no
//! --toggle-collect='*measured*' extract_only DIR`.

use std::path::{Path, PathBuf};
use std::time::Instant;

use tally_parser::Normalised;

/// The allocator `tally` runs with (see `crates/cli/src/main.rs`): the
/// rounds measured allocate as a build does.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    for e in entries.flatten() {
        let p = e.path();
        if p.is_dir() {
            files(&p, out);
        } else {
            out.push(p);
        }
    }
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let Some(dir) = args.get(1) else {
        eprintln!("usage: extract_only DIR [ROUNDS]");
        std::process::exit(2);
    };
    let rounds: usize = args.get(2).and_then(|r| r.parse().ok()).unwrap_or(1);
    let mut paths = Vec::new();
    files(Path::new(dir), &mut paths);
    paths.sort();
    let docs: Vec<Normalised> = paths
        .iter()
        .filter_map(|p| tally_parser::normalise(&p.display().to_string(), &std::fs::read(p).ok()?).ok())
        .collect();
    let digest = warm_up(&docs);
    let (best, claims) = measured(&docs, rounds);
    println!(
        "{} files, {} normalised, {claims} claims, facts digest {digest:016x}, fastest of {rounds}: {best:.3} s",
        paths.len(),
        docs.len()
    );
}

/// Extracts every document once (the automata are built on first use);
/// a digest of every article's facts, to tell a change that alters no
/// output from one that does.
fn warm_up(docs: &[Normalised]) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut hasher = std::hash::DefaultHasher::new();
    for d in docs {
        format!("{:?}", tally_extract::extract(d)).hash(&mut hasher);
    }
    hasher.finish()
}

/// Extracts every document once; the number of claims made.
fn round(docs: &[Normalised]) -> usize {
    docs.iter().map(|d| std::hint::black_box(tally_extract::extract(d)).claims.len()).sum()
}

/// The fastest of `rounds` rounds, in seconds, and the claims made.
#[inline(never)]
fn measured(docs: &[Normalised], rounds: usize) -> (f64, usize) {
    let mut best = f64::MAX;
    let mut claims = 0;
    for _ in 0..rounds {
        let start = Instant::now();
        claims = round(docs);
        best = best.min(start.elapsed().as_secs_f64());
    }
    (best, claims)
}
