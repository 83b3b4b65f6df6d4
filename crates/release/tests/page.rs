//! `index.html` in a real browser: the seed release (plus an article whose
//! headline holds a `<script>` tag) is loaded in headless Chromium by
//! `.ci/browser_check.py`, which fails on any console message or request of
//! the page's own and counts its `data-event-id` marks against
//! `events.jsonl`. Skipped, with a message, when no Chromium (or no
//! python3) is installed; `.ci/run` installs Chromium so CI always runs it.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use common::Project;

fn on_path(name: &str) -> Option<PathBuf> {
    let paths = std::env::var_os("PATH")?;
    std::env::split_paths(&paths).map(|dir| dir.join(name)).find(|p| p.is_file())
}

fn browser() -> Option<PathBuf> {
    if let Some(named) = std::env::var_os("TALLY_BROWSER") {
        return Some(PathBuf::from(named));
    }
    ["chromium", "chromium-browser", "google-chrome", "google-chrome-stable"].into_iter().find_map(on_path)
}

#[test]
fn the_page_renders_in_headless_chromium_with_one_mark_per_event() {
    let (Some(_), Some(python)) = (browser(), on_path("python3")) else {
        eprintln!(
            "SKIPPED the_page_renders_in_headless_chromium_with_one_mark_per_event: no Chromium or python3 \
             installed (apt-get install chromium, or set TALLY_BROWSER); .ci/run installs it"
        );
        return;
    };
    let project = Project::with_seeds();
    project.write_article(
        "zz-markup.md",
        b"# Swap of 5 bodies <script>console.error('escaped?')</script>\n\n\
          Russia handed over 5 bodies to Ukraine on June 2, 2025, officials said.\n",
    );
    project.release("1.0.0").unwrap();
    let dir = project.out().join("v1.0.0");
    let page = std::fs::read_to_string(dir.join("index.html")).unwrap();
    assert!(!page.contains("<script>"), "the headline's markup must stay text");

    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let shot = Path::new(env!("CARGO_TARGET_TMPDIR")).join("index.png");
    let output = Command::new(python)
        .arg(root.join(".ci/browser_check.py"))
        .arg(&dir)
        .arg("--screenshot")
        .arg(&shot)
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "the browser check failed:\n{stdout}\n{stderr}");
    let events = std::fs::read_to_string(dir.join("events.jsonl")).unwrap().lines().count();
    assert!(stdout.contains(&format!("{events} event marks = {events} events")), "{stdout}");
    assert!(std::fs::metadata(&shot).unwrap().len() > 10_000, "no screenshot at {}", shot.display());
    eprintln!("{stdout}");
}
