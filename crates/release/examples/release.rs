//! Runs a release without xtask, for trying the pipeline on any corpus:
//! `cargo run -p tally-release --release --example release -- VERSION ARTICLES OUT LEDGER [--skip-invalid]`.

use std::path::PathBuf;
use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.len() < 4 {
        eprintln!("usage: release VERSION ARTICLES OUT LEDGER [--skip-invalid]");
        return ExitCode::from(2);
    }
    let opts = tally_release::ReleaseOptions {
        version: args[0].clone(),
        articles: PathBuf::from(&args[1]),
        out: PathBuf::from(&args[2]),
        ledger: PathBuf::from(&args[3]),
        skip_invalid: args.iter().any(|a| a == "--skip-invalid"),
    };
    match tally_release::release(&opts) {
        Ok(report) => {
            for w in &report.warnings {
                eprintln!("{w}");
            }
            println!("{}", report.summary);
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("{e}");
            ExitCode::FAILURE
        }
    }
}
