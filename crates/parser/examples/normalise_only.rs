//! `cargo run --example normalise_only -- DIR [ROUNDS]`: normalises every
//! file under DIR on one thread, once to warm up (the patterns and
//! automata are built on first use), then ROUNDS times (default 1) in
//! [`measured`], and prints the time of the fastest round — normalisation
//! alone, for profilers and before/after timings. For instruction counts
//! of the measured rounds only: `valgrind --tool=callgrind
//! --collect-atstart=no --toggle-collect='*measured*' normalise_only DIR`.

use std::path::{Path, PathBuf};
use std::time::Instant;

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
        eprintln!("usage: normalise_only DIR [ROUNDS]");
        std::process::exit(2);
    };
    let rounds: usize = args.get(2).and_then(|r| r.parse().ok()).unwrap_or(1);
    let mut paths = Vec::new();
    files(Path::new(dir), &mut paths);
    paths.sort();
    let texts: Vec<(String, Vec<u8>)> =
        paths.iter().filter_map(|p| Some((p.display().to_string(), std::fs::read(p).ok()?))).collect();
    round(&texts);
    let (best, ok) = measured(&texts, rounds);
    println!("{} files, {ok} normalised, fastest of {rounds}: {best:.3} s", texts.len());
}

/// Normalises every text once; the number normalised without error.
fn round(texts: &[(String, Vec<u8>)]) -> usize {
    texts.iter().filter(|(p, b)| std::hint::black_box(tally_parser::normalise(p, b)).is_ok()).count()
}

/// The fastest of `rounds` rounds, in seconds, and the count normalised.
#[inline(never)]
fn measured(texts: &[(String, Vec<u8>)], rounds: usize) -> (f64, usize) {
    let mut best = f64::MAX;
    let mut ok = 0;
    for _ in 0..rounds {
        let start = Instant::now();
        ok = round(texts);
        best = best.min(start.elapsed().as_secs_f64());
    }
    (best, ok)
}
