//! The realworld development set (`../shared/corpus/realworld`, 45 real pages
//! in English, Russian and Ukrainian) released and scored against its
//! hand-checked answers by `../shared/tools/score.py`. The test fails when any
//! score falls below the floors in `realworld-floors.json`, so an improvement,
//! once recorded there, cannot be lost unnoticed.
//!
//! It needs `../shared` and `python3`. Without them it is skipped with a line
//! in the test output; with `CI=true` a missing `../shared` fails instead.

mod common;

use std::process::Command;

use serde_json::Value;

#[test]
fn realworld_scores_stay_above_their_floors() {
    let Some(corpus) = tally_testkit::shared("corpus/realworld", "realworld_scores_stay_above_their_floors")
    else {
        return;
    };
    let shared = tally_testkit::shared_root();
    let tmp = tempfile::tempdir().unwrap();
    let options = tally_release::ReleaseOptions {
        version: "0.1.0".into(),
        articles: corpus,
        // The set holds a list of its sources (JSON), which is not an article.
        skip_invalid: true,
        ..common::Project::at(tmp.path())
    };
    let report = tally_release::release(&options).expect("the realworld set releases");

    let output = Command::new("python3")
        .arg(shared.join("tools/score.py"))
        .arg(shared.join("acceptance/realworld.gold.json"))
        .arg(&report.dir)
        .arg("--json")
        .output()
        .expect("python3 runs score.py");
    assert!(output.status.success(), "score.py failed: {}", String::from_utf8_lossy(&output.stderr));
    let score: Value = serde_json::from_slice(&output.stdout).expect("score.py --json prints JSON");

    let floors: Value =
        serde_json::from_str(include_str!("realworld-floors.json")).expect("realworld-floors.json is JSON");
    let mut below = Vec::new();
    for (name, floor) in floors["checks_min"].as_object().unwrap() {
        let got = score["checks"][name][0].as_u64().unwrap_or(0);
        if got < floor.as_u64().unwrap() {
            below.push(format!("{name}: {got} < floor {floor}"));
        }
    }
    let mut at_least = |what: &str, got: f64, floor: &Value| {
        if got < floor.as_f64().unwrap() {
            below.push(format!("{what}: {got} < floor {floor}"));
        }
    };
    let events = &score["events"];
    at_least("events found", events["found"].as_f64().unwrap(), &floors["events_found_min"]);
    at_least(
        "events dated exactly",
        events["dated_exactly"].as_f64().unwrap(),
        &floors["events_dated_exactly_min"],
    );
    at_least("event F1", events["f1"].as_f64().unwrap(), &floors["event_f1_min"]);
    at_least(
        "events with every source",
        events["sources_complete"].as_f64().unwrap(),
        &floors["events_sources_complete_min"],
    );
    let mut at_most = |what: &str, got: f64, ceiling: &Value| {
        if got > ceiling.as_f64().unwrap() {
            below.push(format!("{what}: {got} > ceiling {ceiling}"));
        }
    };
    at_most("extra events", events["extra"].as_f64().unwrap(), &floors["events_extra_max"]);
    at_most(
        "wrong publication dates",
        score["published_dates"]["wrong"].as_f64().unwrap(),
        &floors["published_wrong_max"],
    );
    assert!(below.is_empty(), "realworld scores fell:\n  {}\nscore: {score}", below.join("\n  "));
}
