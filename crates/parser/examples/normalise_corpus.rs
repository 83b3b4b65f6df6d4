//! `cargo run --profile profiling -p tally-parser --example normalise_corpus -- DIR [ROUNDS]`:
//! normalises every file under DIR on one thread, ROUNDS times (default 1),
//! and prints the fastest round — normalisation alone, for profiling it
//! (`tally-bench` measures it among the other stages).

use std::path::{Path, PathBuf};
use std::time::Instant;

fn files(dir: &Path, out: &mut Vec<PathBuf>) {
    for e in std::fs::read_dir(dir).expect("a readable directory").flatten() {
        let p = e.path();
        if p.is_dir() {
            files(&p, out);
        } else {
            out.push(p);
        }
    }
}

fn main() {
    let mut args = std::env::args().skip(1);
    let dir = PathBuf::from(args.next().expect("usage: normalise_corpus DIR [ROUNDS]"));
    let rounds: usize = args.next().and_then(|r| r.parse().ok()).unwrap_or(1).max(1);
    let mut paths = Vec::new();
    files(&dir, &mut paths);
    paths.sort();
    let docs: Vec<(String, Vec<u8>)> =
        paths.iter().map(|p| (p.display().to_string(), std::fs::read(p).expect("a readable file"))).collect();
    let mb = docs.iter().map(|(_, b)| b.len()).sum::<usize>() as f64 / 1e6;
    let mut best = f64::INFINITY;
    for _ in 0..rounds {
        let start = Instant::now();
        for (path, bytes) in &docs {
            std::hint::black_box(tally_parser::normalise(path, bytes).ok());
        }
        best = best.min(start.elapsed().as_secs_f64());
    }
    println!("{} docs, {mb:.1} MB: normalise {best:.3} s ({:.1} MB/s)", docs.len(), mb / best);
}
