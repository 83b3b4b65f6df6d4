//! `tally-bench CORPUS TALLY_BINARY`: measures, in one run on one corpus,
//! (a) comrak parsing alone — the baseline —, (b) normalisation, (c)
//! normalisation plus claim extraction, each on one thread and on all cores,
//! and (d) the full build (`tally release`: reconciliation, schema
//! validation, writing) in a child process, with its peak resident memory.
//! Schema validation is measured two ways: as the build does it (each
//! article record's published line validated: normalisation, serialisation
//! and validation, less normalisation and serialisation), and as a user
//! re-validates the published files (`tally validate`, which also parses
//! them). Built in the `profiling` profile (release with line tables) and run by `cargo xtask bench`, which
//! prepares the corpus.
//!
//! Every stage runs `TALLY_BENCH_REPEAT` times (default 3) and the fastest
//! run is reported, the usual defence against a noisy machine; the runs go
//! round by round through all the stages, (d) included, so that a slow
//! spell falls on all of them alike.
//!
//! Peak memory comes from (d) runs made first, while this process is small:
//! a child spawned with vfork inherits the parent's peak resident memory in
//! its `ru_maxrss`, so measuring after loading the corpus here would add the
//! corpus to the build's figure. Their times count among (d)'s too.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use comrak::{parse_document, Arena, Options};
use rayon::prelude::*;

/// The allocator `tally` runs with (see `crates/cli/src/main.rs`): the
/// stages measured in this process then allocate as the build does.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn files(dir: &Path, out: &mut Vec<PathBuf>) {
    for e in std::fs::read_dir(dir).expect("readable corpus").flatten() {
        let p = e.path();
        if p.is_dir() {
            files(&p, out);
        } else {
            out.push(p);
        }
    }
}

/// Lines in a JSON Lines file's bytes.
fn line_count(bytes: &[u8]) -> usize {
    bytes.iter().filter(|&&b| b == b'\n').count()
}

fn pool(threads: usize) -> rayon::ThreadPool {
    rayon::ThreadPoolBuilder::new().num_threads(threads).build().expect("a thread pool")
}

fn repeat() -> usize {
    std::env::var("TALLY_BENCH_REPEAT").ok().and_then(|v| v.parse().ok()).unwrap_or(3).max(1)
}

fn line(stage: &str, threads: usize, secs: f64, mb: f64, docs: usize) {
    println!(
        "{stage:<28} {threads:>2} thread(s) {secs:>8.2} s {:>9.1} MB/s {:>10.0} docs/s",
        mb / secs,
        docs as f64 / secs
    );
}

/// Runs a child and returns its wall time and peak resident memory (KiB).
fn run_child(cmd: &mut Command) -> (Duration, i64, bool) {
    let start = Instant::now();
    let child = cmd.spawn().expect("tally runs");
    let pid = child.id() as libc::pid_t;
    let mut status = 0;
    // SAFETY: rusage is plain data, zero-initialised, filled by wait4 for our own child.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    // SAFETY: waits for the child we spawned; pointers are to live locals.
    let rc = unsafe { libc::wait4(pid, &mut status, 0, &mut usage) };
    let elapsed = start.elapsed();
    let ok = rc == pid && libc::WIFEXITED(status) && libc::WEXITSTATUS(status) == 0;
    std::mem::forget(child);
    (elapsed, usage.ru_maxrss, ok)
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if args.len() < 3 {
        eprintln!("usage: tally-bench CORPUS TALLY_BINARY");
        std::process::exit(2);
    }
    let corpus = PathBuf::from(&args[1]);
    let tally = PathBuf::from(&args[2]);
    let mut paths = Vec::new();
    files(&corpus, &mut paths);
    paths.sort();
    let bytes: u64 = paths.iter().map(|p| std::fs::metadata(p).map_or(0, |m| m.len())).sum();
    let mb = bytes as f64 / 1e6;
    let docs = paths.len();
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    println!("corpus: {} ({docs} documents, {mb:.1} MB), {cores} core(s)", corpus.display());

    // (d) first, while this process holds no corpus (see the module doc).
    let out = std::env::temp_dir().join(format!("tally-bench-{}", std::process::id()));
    let full_build = |threads: usize| {
        let _ = std::fs::remove_dir_all(&out);
        let (elapsed, rss_kib, ok) = run_child(
            Command::new(&tally)
                .args(["release", "--quiet", "--skip-invalid", "--version", "0.0.1", "--articles"])
                .arg(&corpus)
                .arg("--out")
                .arg(out.join("dist"))
                .arg("--ledger")
                .arg(out.join("ledger.json"))
                .env("RAYON_NUM_THREADS", threads.to_string())
                .env("SOURCE_DATE_EPOCH", "0")
                .stdout(std::process::Stdio::null()),
        );
        assert!(ok, "tally release failed");
        (elapsed.as_secs_f64(), rss_kib)
    };
    let mut full = Vec::new();
    for threads in [1, cores] {
        let (mut best, mut peak) = (f64::MAX, 0);
        for _ in 0..repeat() {
            let (elapsed, rss_kib) = full_build(threads);
            best = best.min(elapsed);
            peak = peak.max(rss_kib);
        }
        println!("peak resident memory of (d) on {threads} thread(s): {:.1} MiB", peak as f64 / 1024.0);
        full.push((threads, best, peak));
    }
    // Validation share: the records the build validates (dataset.json is
    // assembled from these same validated lines and a small envelope).
    let release = out.join("dist/v0.0.1");
    let mut validate = Duration::MAX;
    for _ in 0..repeat() {
        let (elapsed, _, ok) = run_child(
            Command::new(&tally)
                .args(["validate", "--quiet"])
                .args(["articles.jsonl", "claims.jsonl", "events.jsonl"].map(|f| release.join(f)))
                .stdout(std::process::Stdio::null()),
        );
        assert!(ok, "tally validate failed");
        validate = validate.min(elapsed);
    }
    // The work the build did: claims and events published, for claims/s.
    let lines_of = |name: &str| std::fs::read(release.join(name)).map_or(0, |b| line_count(&b));
    let (claims, events) = (lines_of("claims.jsonl"), lines_of("events.jsonl"));
    println!("the build publishes {claims} claims and {events} events");
    let _ = std::fs::remove_dir_all(&out);

    let texts: Vec<(String, Vec<u8>)> =
        paths.iter().map(|p| (p.display().to_string(), std::fs::read(p).expect("readable file"))).collect();
    let mut options = Options::default();
    options.extension.autolink = true;
    options.extension.footnotes = true;
    options.extension.strikethrough = true;
    options.extension.table = true;
    let comrak = || {
        texts.par_iter().for_each(|(_, b)| {
            let arena = Arena::new();
            let text = String::from_utf8_lossy(b);
            std::hint::black_box(parse_document(&arena, &text, &options));
        })
    };
    let normalise = || {
        texts.par_iter().for_each(|(p, b)| {
            std::hint::black_box(tally_parser::normalise(p, b).ok());
        })
    };
    let extract = || {
        texts.par_iter().for_each(|(p, b)| {
            if let Ok(doc) = tally_parser::normalise(p, b) {
                std::hint::black_box(tally_extract::extract(&doc));
            }
        })
    };
    // The build serialises each record once, for the line it publishes,
    // and validates that line: validation's cost is the difference.
    let normalise_serialise = || {
        texts.par_iter().for_each(|(p, b)| {
            if let Ok(doc) = tally_parser::normalise(p, b) {
                std::hint::black_box(serde_json::to_string(&doc.article).expect("an article serialises"));
            }
        })
    };
    let validator = tally_validate::Validator::from_model().expect("the model's schemas compile");
    let normalise_serialise_validate = || {
        texts.par_iter().for_each(|(p, b)| {
            if let Ok(doc) = tally_parser::normalise(p, b) {
                std::hint::black_box(
                    validator.serialise_and_validate("article", &doc.article).expect("serialises"),
                );
            }
        })
    };
    // Every stage again, round by round, with (d) among them: a slow spell
    // of a noisy machine then falls on all stages alike, not on whichever
    // happened to run during it, and the ratios compare like with like.
    let stages: [(&str, &(dyn Fn() + Sync)); 5] = [
        ("(a) comrak parse (baseline)", &comrak),
        ("(b) normalise", &normalise),
        ("(c) normalise + extract", &extract),
        ("(b) + serialise the records", &normalise_serialise),
        ("(b) + serialise + validate", &normalise_serialise_validate),
    ];
    let mut per_thread = Vec::new();
    let mut in_build_validation = 0.0;
    for (threads, full_best, _) in &mut full {
        let pool = pool(*threads);
        let mut best = [f64::MAX; 5];
        for _ in 0..repeat() {
            for (best, (_, stage)) in best.iter_mut().zip(&stages) {
                let start = Instant::now();
                pool.install(stage);
                *best = best.min(start.elapsed().as_secs_f64());
            }
            *full_best = full_best.min(full_build(*threads).0);
        }
        for (secs, (name, _)) in best.iter().zip(&stages) {
            line(name, *threads, *secs, mb, docs);
        }
        line("(d) full build", *threads, *full_best, mb, docs);
        println!(
            "{:<28} {threads:>2} thread(s) {:>10.0} claims/s in (c), {:.0} claims/s in (d)",
            "claims",
            claims as f64 / best[2],
            claims as f64 / *full_best
        );
        let [a, b, c, s, v] = best;
        in_build_validation = (v - s).max(0.0);
        per_thread.push((*threads, a, b, c));
    }
    let _ = std::fs::remove_dir_all(&out);
    drop(texts);

    println!("\nsummary");
    let (_, a1, _, _) = per_thread[0];
    let (_, an, _, _) = per_thread[per_thread.len() - 1];
    let (_, d1, rss1) = full[0];
    let (_, dn, rssn) = full[full.len() - 1];
    println!(
        "  full build vs comrak baseline: {:.1}% per thread, {:.1}% on {cores} threads (target >= 15% per thread)",
        100.0 * a1 / d1,
        100.0 * an / dn
    );
    println!("  all cores vs one thread (full build):     {:.2}x (target >= 1.7x on 2 cores)", d1 / dn);
    println!(
        "  peak RSS (d): {:.1} MiB at 1 thread, {:.1} MiB at {cores} (target < 256 MiB)",
        rss1 as f64 / 1024.0,
        rssn as f64 / 1024.0
    );
    println!(
        "  schema validation as the build does it: {:.2} s = {:.1}% of (d) at {cores} threads (target <= 20%)",
        in_build_validation,
        100.0 * in_build_validation / dn
    );
    println!(
        "  re-validating the published records (tally validate: parse + validate): {:.2} s = {:.1}% of (d)",
        validate.as_secs_f64(),
        100.0 * validate.as_secs_f64() / dn
    );
    println!(
        "BENCH mb={mb:.1} docs={docs} claims={claims} events={events} a1={a1:.3} an={an:.3} d1={d1:.3} dn={dn:.3} rss1_kib={rss1} rssn_kib={rssn} validate={:.3} validate_in_build={in_build_validation:.3}",
        validate.as_secs_f64()
    );
}
