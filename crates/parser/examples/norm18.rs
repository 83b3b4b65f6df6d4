//! scratch (uncommitted): normalise every file under a directory, N times.
use std::path::{Path, PathBuf};
fn files(dir: &Path, out: &mut Vec<PathBuf>) {
    for e in std::fs::read_dir(dir).unwrap().flatten() {
        let p = e.path();
        if p.is_dir() {
            files(&p, out)
        } else {
            out.push(p)
        }
    }
}
fn main() {
    let a: Vec<String> = std::env::args().collect();
    let mut paths = Vec::new();
    files(Path::new(&a[1]), &mut paths);
    paths.sort();
    let n: usize = a.get(2).and_then(|s| s.parse().ok()).unwrap_or(1);
    let texts: Vec<(String, Vec<u8>)> =
        paths.iter().map(|p| (p.display().to_string(), std::fs::read(p).unwrap())).collect();
    let t = std::time::Instant::now();
    let mut blocks = 0usize;
    for _ in 0..n {
        for (p, b) in &texts {
            if let Ok(d) = tally_parser::normalise(p, b) {
                blocks += d.article.body.len();
            }
        }
    }
    eprintln!("{} docs, {blocks} blocks, {:?}", texts.len(), t.elapsed());
}
