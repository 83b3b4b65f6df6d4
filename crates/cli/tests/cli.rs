//! Drives the built `tally` binary the way a user does: exit statuses,
//! stdout for data, stderr for diagnostics naming the file.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn tally(args: &[&str], cwd: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_tally")).args(args).current_dir(cwd).output().unwrap()
}

fn seeds() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../data/articles")
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

#[test]
fn help_shows_examples() {
    let o = tally(&["--help"], Path::new("."));
    assert!(o.status.success());
    let text = String::from_utf8_lossy(&o.stdout);
    assert!(text.contains("Examples:") && text.contains("tally release --version"), "{text}");
}

#[test]
fn convert_prints_one_article_with_claims_per_file() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("a.md"), "# Ten prisoners freed\n\nTen prisoners were freed on Monday.\n")
        .unwrap();
    std::fs::write(dir.path().join("b.txt"), "Talks resumed\n\nBoth sides met again.\n").unwrap();
    let o = tally(&["convert", "a.md", "b.txt"], dir.path());
    let err = stderr(&o);
    assert!(o.status.success(), "{err}");
    let stdout = String::from_utf8(o.stdout).unwrap();
    let lines: Vec<serde_json::Value> = stdout.lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    assert_eq!(lines.len(), 2);
    assert_eq!(lines[0]["article"]["source"]["path"], "a.md");
    assert_eq!(lines[1]["article"]["source"]["path"], "b.txt");
    assert!(lines.iter().all(|l| l["claims"].is_array()));
    // Quiet in pipes: no progress bar or escape codes on stderr.
    assert!(!err.contains('\u{1b}'));
}

#[test]
fn convert_records_validate_against_the_article_schema() {
    let files: Vec<String> =
        std::fs::read_dir(seeds()).unwrap().map(|e| e.unwrap().path().display().to_string()).collect();
    let mut args = vec!["convert"];
    args.extend(files.iter().map(String::as_str));
    let o = tally(&args, Path::new("."));
    assert!(o.status.success(), "{}", stderr(&o));
    let validator = tally_validate::Validator::from_model().unwrap();
    for line in String::from_utf8(o.stdout).unwrap().lines() {
        let value: serde_json::Value = serde_json::from_str(line).unwrap();
        let violations = validator.validate_value("article", &value["article"]);
        assert!(violations.is_empty(), "{violations:?}");
        for claim in value["claims"].as_array().unwrap() {
            let violations = validator.validate_value("claim", claim);
            assert!(violations.is_empty(), "{violations:?}");
        }
    }
}

#[test]
fn convert_attempts_every_file_and_fails_if_any_failed() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("good.md"), "# Title\n\nA paragraph.\n").unwrap();
    std::fs::write(dir.path().join("bad.txt"), [0x66, 0x6f, 0xff, 0xfe, 0x00]).unwrap();
    let o = tally(&["convert", "bad.txt", "missing.md", "good.md"], dir.path());
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    assert!(err.contains("bad.txt"), "{err}");
    assert!(err.contains("missing.md"), "{err}");
    let stdout = String::from_utf8(o.stdout).unwrap();
    assert_eq!(stdout.lines().count(), 1, "the good file is still converted");
    assert!(stdout.contains("good.md"));
}

#[test]
fn validate_reports_file_line_and_pointer_and_fails() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("events.jsonl"), "{\"id\": 5}\n").unwrap();
    let o = tally(&["validate", "events.jsonl"], dir.path());
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    assert!(err.contains("events.jsonl:1:"), "{err}");
    assert!(err.contains("/id") && err.contains("type"), "{err}");
    assert!(err.contains("required"), "every violation is listed: {err}");
}

/// Runs `tally COMMAND --version 0.1.0` on the seed corpus into `dist/` with a local ledger.
fn release_seeds(command: &[&str], cwd: &Path) -> Output {
    let articles = seeds().display().to_string();
    let mut args = command.to_vec();
    args.extend(["--version", "0.1.0", "--articles", &articles, "--out", "dist", "--ledger", "ledger.json"]);
    tally(&args, cwd)
}

#[test]
fn release_then_verify_then_validate_the_release() {
    let dir = tempfile::tempdir().unwrap();
    let o = release_seeds(&["release"], dir.path());
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(String::from_utf8_lossy(&o.stdout).contains("dist/v0.1.0"));
    assert!(dir.path().join("dist/v0.1.0/SHA256SUMS").is_file());
    assert!(dir.path().join("ledger.json").is_file());

    let o = tally(&["verify", "dist/v0.1.0"], dir.path());
    assert!(o.status.success(), "{}", stderr(&o));
    let o = tally(&["validate", "dist/v0.1.0"], dir.path());
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stderr(&o).contains("file(s) valid"));

    // `build` is the same command; a second identical run changes nothing.
    let o = release_seeds(&["-q", "build"], dir.path());
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(String::from_utf8_lossy(&o.stdout).contains("nothing changed"));
}

#[test]
fn release_refuses_a_version_that_is_not_semver_and_publishes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let articles = seeds().display().to_string();
    let o = tally(
        &["release", "--version", "../x", "--articles", &articles, "--out", "dist", "--ledger", "l.json"],
        dir.path(),
    );
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("semver"), "{}", stderr(&o));
    assert!(!dir.path().join("l.json").exists());
}

#[test]
fn bad_usage_exits_2() {
    let o = tally(&["convert"], Path::new("."));
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn validate_finds_corrupted_records_inside_dataset_json() {
    let dir = tempfile::tempdir().unwrap();
    let o = release_seeds(&["release"], dir.path());
    assert!(o.status.success(), "{}", stderr(&o));
    let path = dir.path().join("dist/v0.1.0/dataset.json");
    let mut dataset: serde_json::Value = serde_json::from_slice(&std::fs::read(&path).unwrap()).unwrap();
    dataset["articles"][1]["title"] = serde_json::json!(5);
    dataset["articles"][2]["colour"] = serde_json::json!("red");
    dataset["release"]["version"] = serde_json::json!(7);
    let copy = dir.path().join("dataset.json");
    std::fs::write(&copy, serde_json::to_vec_pretty(&dataset).unwrap()).unwrap();

    let o = tally(&["validate", "dataset.json"], dir.path());
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    assert!(err.contains("dataset.json:1:1: error[T0501]: /articles/1/title:"), "{err}");
    assert!(err.contains("/articles/2: ") && err.contains("colour"), "{err}");
    assert!(err.contains("/release/version"), "{err}");
    assert!(err.contains("3 violation(s)"), "{err}");
}

#[test]
fn convert_of_an_empty_directory_is_an_error_naming_it() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("empty")).unwrap();
    let o = tally(&["convert", "empty"], dir.path());
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains("empty:1:1: error[T0103]: corpus directory holds no article files"),
        "{}",
        stderr(&o)
    );
    assert!(o.stdout.is_empty());
}
