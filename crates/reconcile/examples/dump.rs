//! Development aid: runs normalise -> extract -> reconcile over a directory
//! and writes `articles.jsonl`, `claims.jsonl` and `events.jsonl` (no
//! validation, no release metadata) so `score.py` can be run while the
//! release pipeline is built.
//!
//! `cargo run -p tally-reconcile --example dump -- data/articles /tmp/dump`

use std::io::Write;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let (input, output) = (&args[1], &args[2]);
    let mut paths: Vec<_> = std::fs::read_dir(input).unwrap().flatten().map(|e| e.path()).collect();
    paths.sort();
    let mut docs = Vec::new();
    for p in &paths {
        let name = p.file_name().unwrap().to_string_lossy().to_string();
        match tally_parser::normalise(&name, &std::fs::read(p).unwrap()) {
            Ok(doc) => docs.push(doc),
            Err(errs) => errs.iter().for_each(|e| eprintln!("{e}")),
        }
    }
    let facts: Vec<_> = docs.iter().map(tally_extract::extract).collect();
    let rec = tally_reconcile::reconcile(facts);
    std::fs::create_dir_all(output).unwrap();
    let mut f = std::fs::File::create(format!("{output}/articles.jsonl")).unwrap();
    for d in &docs {
        let mut a = d.article.clone();
        if let Some(p) = rec.published.get(&a.id) {
            a.published = Some(p.clone());
        }
        writeln!(f, "{}", serde_json::to_string(&a).unwrap()).unwrap();
    }
    let mut f = std::fs::File::create(format!("{output}/claims.jsonl")).unwrap();
    for c in &rec.claims {
        writeln!(f, "{}", serde_json::to_string(c).unwrap()).unwrap();
    }
    let mut f = std::fs::File::create(format!("{output}/events.jsonl")).unwrap();
    for e in &rec.events {
        writeln!(f, "{}", serde_json::to_string(e).unwrap()).unwrap();
    }
}
