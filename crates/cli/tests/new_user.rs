//! What a new user meets first, driven through the built `tally` binary:
//! where a trial release records itself, standard input, diagnostic codes
//! and their JSON form, validating `convert`'s output, completions.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use serde_json::Value;

fn tally(args: &[&str], cwd: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_tally")).args(args).current_dir(cwd).output().unwrap()
}

/// Runs `tally ARGS` with `input` on standard input.
fn tally_with_stdin(args: &[&str], cwd: &Path, input: &[u8]) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_tally"))
        .args(args)
        .current_dir(cwd)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(input).unwrap();
    child.wait_with_output().unwrap()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// A project directory as a user has it: `data/articles` with one article.
fn project() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let articles = dir.path().join("data/articles");
    std::fs::create_dir_all(&articles).unwrap();
    std::fs::write(
        articles.join("swap.md"),
        "# Prisoners exchanged\n\nOn Friday, May 23, 2025, Russia and Ukraine each released 390 prisoners, officials said.\n",
    )
    .unwrap();
    dir
}

fn versions_in(ledger: &Path) -> Vec<String> {
    let ledger: Value = serde_json::from_str(&std::fs::read_to_string(ledger).unwrap()).unwrap();
    ledger["releases"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["version"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn a_trial_release_into_another_out_leaves_the_project_ledger_alone() {
    let p = project();
    let try_dir = p.path().join("try");
    let o = tally(&["release", "--version", "1.0.0", "--out", try_dir.to_str().unwrap()], p.path());
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(!p.path().join("data/releases.json").exists(), "the trial wrote the project's ledger");
    // The trial keeps its own ledger beside its releases.
    assert_eq!(versions_in(&try_dir.join("releases.json")), ["1.0.0"]);

    // The real 1.0.0 is then a first release, as if the trial never happened.
    let o = tally(&["release", "--version", "1.0.0"], p.path());
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(versions_in(&p.path().join("data/releases.json")), ["1.0.0"]);
    assert!(p.path().join("dist/v1.0.0").is_dir());
    let changelog = std::fs::read_to_string(p.path().join("dist/v1.0.0/CHANGELOG.md")).unwrap();
    assert!(!changelog.contains("removed"), "{changelog}");

    // `--out dist` given explicitly is the project's output: the project's ledger.
    let o = tally(&["release", "--version", "1.1.0", "--out", "./dist"], p.path());
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(versions_in(&p.path().join("data/releases.json")), ["1.0.0", "1.1.0"]);

    // `--ledger` names the ledger whatever the output.
    let o = tally(
        &["release", "--version", "2.0.0", "--out", "elsewhere", "--ledger", "data/releases.json"],
        p.path(),
    );
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(versions_in(&p.path().join("data/releases.json")), ["1.0.0", "1.1.0", "2.0.0"]);
    assert!(!p.path().join("elsewhere/releases.json").exists());
}

#[test]
fn help_says_where_the_ledger_lives() {
    let o = tally(&["release", "--help"], Path::new("."));
    let help = String::from_utf8_lossy(&o.stdout);
    assert!(help.contains("OUT/releases.json") && help.contains("data/releases.json"), "{help}");
}

#[test]
fn convert_reads_standard_input_for_a_dash() {
    let text = b"Bodies returned\n\nOn Monday, June 2, 2025, Ukraine received 1,212 bodies from Russia.\n";
    let o = tally_with_stdin(&["convert", "-"], Path::new("."), text);
    assert!(o.status.success(), "{}", stderr(&o));
    let doc: Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(doc["article"]["source"]["path"], "<stdin>");
    assert_eq!(doc["article"]["title"], "Bodies returned");
    assert!(doc["claims"].as_array().unwrap().iter().any(|c| c["quantity"]["value"] == 1212), "{doc}");

    // --name gives the path recorded, and the same bytes give the same article as the file would.
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("story.txt"), text).unwrap();
    let from_file = tally(&["convert", "story.txt"], dir.path());
    let from_stdin = tally_with_stdin(&["convert", "--name", "story.txt", "-"], dir.path(), text);
    assert!(from_stdin.status.success(), "{}", stderr(&from_stdin));
    assert_eq!(from_stdin.stdout, from_file.stdout);

    // Errors name the recorded path, located by line and column.
    let o = tally_with_stdin(&["convert", "--name", "feed.txt", "-"], Path::new("."), b"ok\nno \xff here\n");
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("feed.txt:2:4: error[T0201]: not valid UTF-8"), "{}", stderr(&o));
}

#[test]
fn every_diagnostic_has_a_code_and_a_line_and_column() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("bin.txt"), b"Title\n\nab\x00cd\n").unwrap();
    std::fs::write(dir.path().join("empty.md"), b"").unwrap();
    std::fs::write(dir.path().join("keys.md"), "---\ntitle: T\nmood: calm\n---\nBody.\n").unwrap();
    let o = tally(&["convert", "bin.txt", "empty.md", "keys.md", "gone.md"], dir.path());
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    assert!(err.contains("bin.txt:3:3: error[T0203]: file contains a NUL byte"), "{err}");
    assert!(err.contains("empty.md:1:1: error[T0204]: file is empty"), "{err}");
    assert!(err.contains("keys.md:3:1: warning[T0305]: front matter key `mood`"), "{err}");
    assert!(err.contains("gone.md:1:1: error[T0101]: cannot read"), "{err}");
    // Every diagnostic line is `path:line:col: level[CODE]: message`, and no code is the catch-all.
    for line in err
        .lines()
        .filter(|l| l.contains("error") || l.contains("warning"))
        .filter(|l| !l.starts_with("tally:"))
    {
        let (place, rest) = line.split_once(": ").unwrap();
        let mut parts = place.rsplitn(3, ':');
        assert!(parts.next().unwrap().parse::<usize>().is_ok(), "no column: {line}");
        assert!(parts.next().unwrap().parse::<usize>().is_ok(), "no line: {line}");
        let code = rest.split_once('[').unwrap().1.split_once(']').unwrap().0;
        assert!(!["T0001", "T0002"].contains(&code), "uncategorised: {line}");
        // ... and `tally explain` knows it.
        let explained = tally(&["explain", code], dir.path());
        assert!(explained.status.success() && !explained.stdout.is_empty(), "{code}");
    }
    assert!(!err.contains("byte "), "{err}");
}

#[test]
fn message_format_json_prints_one_object_per_diagnostic() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("bad.txt"), b"line one\nbad \xe9 byte\n").unwrap();
    std::fs::write(dir.path().join("keys.md"), "---\ntitle: T\nmood: calm\n---\nBody.\n").unwrap();
    let o = tally(&["convert", "--message-format", "json", "bad.txt", "keys.md"], dir.path());
    assert_eq!(o.status.code(), Some(1));
    let lines: Vec<Value> = stderr(&o)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("not JSON ({e}): {l}")))
        .collect();
    assert_eq!(
        lines,
        [
            serde_json::json!({"file": "bad.txt", "line": 2, "column": 5, "byte": 13, "severity": "error",
                "code": "T0201", "message": "not valid UTF-8 (invalid byte 0xE9)"}),
            serde_json::json!({"file": "keys.md", "line": 3, "column": 1, "byte": null, "severity": "warning",
                "code": "T0305", "message": "front matter key `mood` is not used by Tally"}),
        ]
    );
    // The data still goes to stdout.
    assert_eq!(String::from_utf8_lossy(&o.stdout).lines().count(), 1);
}

#[test]
fn explain_describes_a_code_and_refuses_an_unknown_one() {
    let o = tally(&["explain", "t0607"], Path::new("."));
    assert!(o.status.success());
    let text = String::from_utf8_lossy(&o.stdout);
    assert!(text.starts_with("T0607 (error): the shards do not describe the corpus"), "{text}");
    let o = tally(&["explain", "T9999"], Path::new("."));
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("T9999"));
    let all = tally(&["explain", "--all"], Path::new("."));
    assert!(String::from_utf8_lossy(&all.stdout).lines().count() > 20);
}

/// The seed articles converted, one line each.
fn converted_seeds(dir: &Path) -> PathBuf {
    let seeds = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../data/articles");
    let o = tally(&["convert", seeds.to_str().unwrap()], dir);
    assert!(o.status.success(), "{}", stderr(&o));
    let out = dir.join("converted.jsonl");
    std::fs::write(&out, &o.stdout).unwrap();
    out
}

#[test]
fn validate_checks_convert_output_with_a_named_schema() {
    let dir = tempfile::tempdir().unwrap();
    let out = converted_seeds(dir.path());
    // By name alone no schema applies...
    let o = tally(&["validate", "converted.jsonl"], dir.path());
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("error[T0503]: no Tally schema applies"), "{}", stderr(&o));
    // ... --schema converted checks it, and so does the committed schema file.
    let o = tally(&["validate", "--schema", "converted", "converted.jsonl"], dir.path());
    assert!(o.status.success(), "{}", stderr(&o));
    let schema_file = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../schema/converted.schema.json");
    let o = tally(&["validate", "--schema", schema_file.to_str().unwrap(), "converted.jsonl"], dir.path());
    assert!(o.status.success(), "{}", stderr(&o));

    // A broken line is found, with its line and pointer.
    let text = std::fs::read_to_string(&out).unwrap();
    let mut lines: Vec<Value> = text.lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    lines[1]["claims"] = serde_json::json!("none");
    let broken: String = lines.iter().map(|l| format!("{l}\n")).collect();
    std::fs::write(&out, broken.as_bytes()).unwrap();
    let o = tally(&["validate", "--schema", "converted", "converted.jsonl"], dir.path());
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("converted.jsonl:2:1: error[T0501]: /claims"), "{}", stderr(&o));

    // Standard input, as in `tally convert x.md | tally validate --schema converted -`.
    let o = tally_with_stdin(&["validate", "--schema", "converted", "-"], dir.path(), broken.as_bytes());
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("<stdin>:2:1: error[T0501]"), "{}", stderr(&o));

    // An unknown schema name is an error, not a silent pass.
    let o = tally(&["validate", "--schema", "convertd", "converted.jsonl"], dir.path());
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("unknown schema"), "{}", stderr(&o));
}

#[test]
fn help_lists_completions_and_completions_print_a_script() {
    let o = tally(&["--help"], Path::new("."));
    let help = String::from_utf8_lossy(&o.stdout);
    assert!(help.lines().any(|l| l.trim_start().starts_with("completions")), "{help}");
    for (shell, marker) in [
        ("bash", "complete"),
        ("zsh", "#compdef tally"),
        ("fish", "complete -c tally"),
        ("powershell", "Register-ArgumentCompleter"),
    ] {
        let o = tally(&["completions", shell], Path::new("."));
        assert!(o.status.success(), "{shell}: {}", stderr(&o));
        let script = String::from_utf8_lossy(&o.stdout);
        assert!(script.contains(marker) && script.contains("convert"), "{shell}: {script:.300}");
    }
}
