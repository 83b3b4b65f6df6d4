//! Release safety: an interrupted release (failure injected after each file,
//! or the process killed mid-write) leaves no `vX.Y.Z` and no ledger change;
//! concurrent releases of one version publish once; versions cannot escape
//! `--out`; verify catches tampering.

mod common;

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Barrier};
use std::time::{Duration, Instant};

use common::{snapshot, Project};
use tally_release::{release_with, verify, ReleaseHooks};

/// Files a release writes (4 schemas, 5 data files, card, changelog, descriptor, sums).
const FILES_WRITTEN: usize = 13;

#[test]
fn failure_after_any_file_leaves_nothing_behind() {
    let project = Project::with_seeds();
    project.release("0.1.0").unwrap();
    let ledger_before = project.ledger_text();
    for fail_at in 1..=FILES_WRITTEN {
        let written = AtomicUsize::new(0);
        let fail = |name: &str| {
            let n = written.fetch_add(1, Ordering::SeqCst) + 1;
            if n == fail_at {
                Err(format!("injected failure after {name}"))
            } else {
                Ok(())
            }
        };
        let hooks = ReleaseHooks { after_file: Some(&fail), ..ReleaseHooks::default() };
        let err = release_with(&project.options("0.2.0"), &hooks).unwrap_err().to_string();
        assert!(err.contains("injected failure"), "file {fail_at}: {err}");
        assert_eq!(written.load(Ordering::SeqCst), fail_at, "the build stopped at the failure");
        assert_eq!(project.out_entries(), ["v0.1.0"], "after a failure at file {fail_at}");
        assert_eq!(project.ledger_text(), ledger_before, "ledger changed after a failure at file {fail_at}");
    }
    // And the same release then succeeds.
    assert!(project.release("0.2.0").unwrap().published);
}

#[test]
fn env_var_injected_failure_fails_the_public_entry_point() {
    // `release` reads TALLY_FAIL_AFTER_FILE; run it in a child so the env var stays local.
    if std::env::var_os("TALLY_TEST_CHILD_ROOT").is_some() {
        return;
    }
    let project = Project::with_seeds();
    let status = std::process::Command::new(std::env::current_exe().unwrap())
        .args(["--exact", "child_public_release", "--nocapture", "--include-ignored"])
        .env("TALLY_TEST_CHILD_ROOT", project.root.path())
        .env("TALLY_FAIL_AFTER_FILE", "6")
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&status.stdout);
    assert!(stdout.contains("CHILD-ERR") && stdout.contains("injected failure after file 6"), "{stdout}");
    assert!(project.out_entries().is_empty());
    assert!(project.ledger_text().is_none());
}

/// Runs in a child process only: the public `release` with the environment of the parent test.
#[test]
#[ignore = "runs only as a child process of another test"]
fn child_public_release() {
    let Some(root) = std::env::var_os("TALLY_TEST_CHILD_ROOT") else { return };
    let opts =
        tally_release::ReleaseOptions { version: "0.1.0".into(), ..Project::at(std::path::Path::new(&root)) };
    match tally_release::release(&opts) {
        Ok(report) => println!("CHILD-OK {}", report.summary),
        Err(e) => println!("CHILD-ERR {e}"),
    }
}

/// Runs in a child process only: a release that sleeps after each file so the parent can kill it.
#[test]
#[ignore = "runs only as a child process of another test"]
fn child_slow_release() {
    let Some(root) = std::env::var_os("TALLY_TEST_SLOW_ROOT") else { return };
    let opts =
        tally_release::ReleaseOptions { version: "0.2.0".into(), ..Project::at(std::path::Path::new(&root)) };
    let slow = |_: &str| {
        std::thread::sleep(Duration::from_millis(200));
        Ok(())
    };
    let hooks = ReleaseHooks { after_file: Some(&slow), ..ReleaseHooks::default() };
    let _ = release_with(&opts, &hooks);
}

#[test]
fn killed_release_leaves_nothing_and_the_next_one_succeeds() {
    let project = Project::with_seeds();
    project.release("0.1.0").unwrap();
    let ledger_before = project.ledger_text();
    let mut child = std::process::Command::new(std::env::current_exe().unwrap())
        .args(["--exact", "child_slow_release", "--nocapture", "--include-ignored"])
        .env("TALLY_TEST_SLOW_ROOT", project.root.path())
        .stdout(std::process::Stdio::null())
        .spawn()
        .unwrap();
    // Wait until the child is half-way: its staging dir holds the article file.
    let deadline = Instant::now() + Duration::from_secs(60);
    let staging_has_articles = || {
        std::fs::read_dir(project.out()).into_iter().flatten().flatten().any(|e| {
            e.file_name().to_string_lossy().starts_with(".staging-")
                && e.path().join("articles.jsonl").exists()
        })
    };
    while !staging_has_articles() {
        assert!(Instant::now() < deadline, "the child release never started writing");
        assert!(child.try_wait().unwrap().is_none(), "the child release ended before it was killed");
        std::thread::sleep(Duration::from_millis(20));
    }
    child.kill().unwrap(); // SIGKILL: no destructor runs.
    child.wait().unwrap();

    assert!(!project.out().join("v0.2.0").exists());
    assert_eq!(project.ledger_text(), ledger_before);
    assert!(project.out_entries().iter().any(|n| n.starts_with(".staging-")), "a stale staging dir is left");

    let report = project.release("0.2.0").unwrap();
    assert!(report.published);
    assert_eq!(project.out_entries(), ["v0.1.0", "v0.2.0"], "stale staging dirs are cleaned");
    verify(&project.out().join("v0.2.0")).unwrap();
}

#[test]
fn concurrent_releases_of_one_version_publish_once() {
    let project = Arc::new(Project::with_seeds());
    let barrier = Arc::new(Barrier::new(2));
    let handles: Vec<_> = (0..2)
        .map(|_| {
            let project = Arc::clone(&project);
            let barrier = Arc::clone(&barrier);
            std::thread::spawn(move || {
                barrier.wait();
                let slow = |_: &str| {
                    std::thread::sleep(Duration::from_millis(20));
                    Ok(())
                };
                let hooks = ReleaseHooks { after_file: Some(&slow), ..ReleaseHooks::default() };
                release_with(&project.options("0.1.0"), &hooks)
            })
        })
        .collect();
    let results: Vec<_> = handles.into_iter().map(|h| h.join().unwrap()).collect();
    let published = results.iter().filter(|r| matches!(r, Ok(report) if report.published)).count();
    assert_eq!(published, 1, "{results:?}");
    for result in &results {
        match result {
            Ok(_) => {}
            Err(e) => assert!(e.to_string().contains("in progress"), "{e}"),
        }
    }
    assert_eq!(project.out_entries(), ["v0.1.0"]);
    verify(&project.out().join("v0.1.0")).unwrap();
}

#[test]
fn versions_that_are_not_semver_or_escape_out_are_refused() {
    let project = Project::with_seeds();
    for version in [
        "1.0.0/../..",
        "../1.0.0",
        "1.0.0/../../etc",
        "v1.0.0",
        "1.0",
        "",
        "1.0.0 ",
        "1.0.0\0",
        "..",
        "/tmp/x",
    ] {
        let err = project.release(version).unwrap_err().to_string();
        assert!(err.contains("version"), "{version:?}: {err}");
    }
    assert!(!project.out().exists(), "nothing is created for a refused version");
    let mut around: Vec<String> = std::fs::read_dir(project.root.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into())
        .collect();
    around.sort();
    assert_eq!(around, ["articles"]);
}

#[test]
fn verify_detects_modified_missing_and_extra_files() {
    let project = Project::with_seeds();
    project.release("0.1.0").unwrap();
    let dir = project.out().join("v0.1.0");
    let pristine = snapshot(&dir);
    let restore = || {
        for entry in std::fs::read_dir(&dir).unwrap() {
            std::fs::remove_file(entry.unwrap().path()).unwrap();
        }
        for (name, bytes) in &pristine {
            std::fs::write(dir.join(name), bytes).unwrap();
        }
    };

    let mut events = std::fs::read(dir.join("events.csv")).unwrap();
    events.extend_from_slice(b"e-forged,remains,RU,UA,1,1,1,,,completed,0,\n");
    std::fs::write(dir.join("events.csv"), events).unwrap();
    let problems = verify(&dir).unwrap_err().join("\n");
    assert!(problems.contains("events.csv: checksum does not match"), "{problems}");
    restore();

    std::fs::remove_file(dir.join("claims.jsonl")).unwrap();
    let problems = verify(&dir).unwrap_err().join("\n");
    assert!(problems.contains("claims.jsonl: listed in SHA256SUMS but missing"), "{problems}");
    restore();

    std::fs::write(dir.join("notes.txt"), "hello").unwrap();
    let problems = verify(&dir).unwrap_err().join("\n");
    assert!(problems.contains("notes.txt: extra file"), "{problems}");
    restore();

    verify(&dir).unwrap();
}

#[test]
fn verify_detects_dangling_references_even_with_matching_sums() {
    let project = Project::with_seeds();
    project.release("0.1.0").unwrap();
    let dir = project.out().join("v0.1.0");
    // A claim naming an unknown article, with SHA256SUMS rewritten to match.
    let claim = r#"{"id":"a-x-c1","article":"a-missing"}"#;
    std::fs::write(dir.join("claims.jsonl"), format!("{claim}\n")).unwrap();
    let sums: String = std::fs::read_to_string(dir.join("SHA256SUMS"))
        .unwrap()
        .lines()
        .map(|line| {
            let (_, name) = line.split_once("  ").unwrap();
            let (sha, _) = tally_release::sums::sha256_file(&dir.join(name)).unwrap();
            format!("{sha}  {name}\n")
        })
        .collect();
    std::fs::write(dir.join("SHA256SUMS"), sums).unwrap();
    let problems = verify(&dir).unwrap_err().join("\n");
    assert!(problems.contains("claim `a-x-c1` names article `a-missing`"), "{problems}");
}
