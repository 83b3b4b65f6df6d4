//! Corrections on the seed corpus, end to end: a correction file that fixes
//! an article's date, rejects a claim and adds one is visible in every
//! release file and the changelog, and removing it shows them removed; every
//! bad correction stops the release with an error at file:line:col; a
//! correction that changes nothing is a warning; a sharded build with
//! corrections equals a single one.

mod common;

use std::path::{Path, PathBuf};

use common::Project;
use serde_json::Value;
use tally_release::{ReleaseHooks, ReleaseOptions};

/// The article whose date the fix sets, the sentence whose claims it rejects and the sentence it adds.
const DATED: &str = "001_5b0aee80c8d0c474.txt";
const REJECTED: &str = "Two rounds of discussion in Istanbul between Russia and Ukraine have not produced any result or any advancement towards a ceasefire, instead rendering large-scale prisoner exchanges and arrangements to return the bodies of killed troops.";
const ADDED_FROM: &str = "002_a5e292b17168274d.txt";
const ADDED: &str =
    "Moscow returned the remains of 1,212 Ukrainian soldiers who perished during their resistance";

fn fix_file() -> String {
    format!(
        "# Fixes by the desk\n\
         - article: {DATED}\n  set: {{published: {{start: 2025-07-17, end: 2025-07-17}}}}\n  reason: date stamp on the original page\n  by: Desk editor\n\
         - article: {DATED}\n  quote: \"{REJECTED}\"\n  reject: true\n  reason: talks, not a transfer\n  by: Desk editor\n\
         - article: {ADDED_FROM}\n  add:\n    quote: \"{ADDED}\"\n    kind: transfer\n    subject: remains\n    from: RU\n    to: UA\n    \
         quantity: {{value: 1212, qualifier: exact}}\n    date: {{start: 2025-06-11, end: 2025-06-11}}\n    status: completed\n  \
         reason: missed by extraction\n  by: Desk editor\n"
    )
}

fn corrections_dir(project: &Project) -> PathBuf {
    let dir = project.root.path().join("corrections");
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn options(project: &Project, version: &str) -> ReleaseOptions {
    ReleaseOptions { corrections: Some(corrections_dir(project)), ..project.options(version) }
}

fn lines(path: &Path) -> Vec<Value> {
    std::fs::read_to_string(path).unwrap().lines().map(|l| serde_json::from_str(l).unwrap()).collect()
}

fn by_path<'a>(articles: &'a [Value], path: &str) -> &'a Value {
    articles.iter().find(|a| a["source"]["path"] == path).unwrap()
}

#[test]
fn a_correction_file_changes_every_release_file_and_removing_it_shows_the_changes_removed() {
    let project = Project::with_seeds();
    let dir = corrections_dir(&project);
    std::fs::write(dir.join("desk.yaml"), fix_file()).unwrap();
    let report = tally_release::release_with(&options(&project, "1.0.0"), &ReleaseHooks::default()).unwrap();
    assert!(report.warnings.iter().all(|w| !w.path.contains("desk.yaml")), "{:?}", report.warnings);
    let v1 = project.out().join("v1.0.0");

    // corrections.jsonl: one line per correction, with its place and what it changed.
    let corrections = lines(&v1.join("corrections.jsonl"));
    let actions: Vec<(&str, u64, u64)> = corrections
        .iter()
        .map(|c| (c["action"].as_str().unwrap(), c["line"].as_u64().unwrap(), c["column"].as_u64().unwrap()))
        .collect();
    assert_eq!(actions, [("set", 2, 1), ("reject", 6, 1), ("add", 11, 1)]);
    assert!(corrections.iter().all(|c| c["file"] == "desk.yaml" && c["by"] == "Desk editor"));
    let date_change = &corrections[0]["changes"][0];
    assert_eq!(date_change["field"], "published");
    assert_eq!(date_change["to"], serde_json::json!({"start": "2025-07-17", "end": "2025-07-17"}));
    assert_ne!(date_change["from"], date_change["to"]);
    let ids: Vec<&str> = corrections.iter().map(|c| c["id"].as_str().unwrap()).collect();

    // articles.jsonl: the date is set, stated, and says who set it.
    let articles = lines(&v1.join("articles.jsonl"));
    let dated = by_path(&articles, DATED);
    assert_eq!(
        (dated["published"]["start"].as_str(), dated["published"]["end"].as_str()),
        (Some("2025-07-17"), Some("2025-07-17"))
    );
    assert_eq!(dated["published"]["basis"], "stated");
    assert!(dated["published"]["reason"].as_str().unwrap().contains("date stamp on the original page"));
    assert_eq!(dated["corrected_by"], serde_json::json!([ids[0]]));

    // claims.jsonl: the rejected sentence's claims are gone, the added claim is there; the
    // article's "on Thursday" now resolves against the corrected date.
    let claims = lines(&v1.join("claims.jsonl"));
    assert!(claims.iter().all(|c| c["text"] != REJECTED));
    let added = claims.iter().find(|c| c["text"].as_str().unwrap().starts_with(ADDED)).unwrap();
    assert_eq!(added["article"], by_path(&articles, ADDED_FROM)["id"]);
    assert_eq!(added["quantity"]["value"], 1212);
    assert_eq!(added["quantity"]["text"], "1,212");
    assert_eq!(added["date"]["start"], "2025-06-11");
    assert_eq!(added["corrected_by"], serde_json::json!([ids[2]]));
    let thousand = claims
        .iter()
        .find(|c| c["article"] == dated["id"] && c["quantity"]["value"] == 1000 && c["kind"] == "transfer")
        .unwrap();
    assert_eq!(
        (thousand["date"]["start"].as_str(), thousand["date"]["end"].as_str()),
        (Some("2025-07-17"), Some("2025-07-17"))
    );

    let reason = thousand["date"]["reason"].as_str().unwrap();
    assert!(reason.starts_with("'on Thursday' in an article published 2025-07-17"), "{reason}");

    // events.jsonl: events follow: the added claim reports the 2025-06-11 handover of 1,212,
    // and the 1,000 handover is now a day, not the month.
    let events = lines(&v1.join("events.jsonl"));
    let june = events
        .iter()
        .find(|e| e["reports"].as_array().unwrap().iter().any(|r| r["claim"] == added["id"]))
        .unwrap();
    assert_eq!(
        (june["from"].as_str(), june["to"].as_str(), june["count"]["best"].as_u64()),
        (Some("RU"), Some("UA"), Some(1212))
    );
    assert_eq!(june["date"]["start"], "2025-06-11");
    assert!(june["corrected_by"].as_array().unwrap().iter().any(|id| id == ids[2]));
    let july = events.iter().find(|e| e["count"]["best"] == 1000).unwrap();
    assert_eq!(
        (july["date"]["start"].as_str(), july["date"]["end"].as_str()),
        (Some("2025-07-17"), Some("2025-07-17"))
    );

    // The changelog, the card and the page say so.
    let changelog = std::fs::read_to_string(v1.join("CHANGELOG.md")).unwrap();
    assert!(changelog.contains("## Corrections") && changelog.contains("### Added (3)"), "{changelog}");
    for id in &ids {
        assert!(changelog.contains(id), "{id} missing from:\n{changelog}");
    }
    let card = std::fs::read_to_string(v1.join("README.md")).unwrap();
    assert!(card.contains("| `corrections.jsonl` | 3 |"), "{card}");
    let text = std::fs::read_to_string(v1.join("dataset.json")).unwrap();
    // Written piecewise, it is exactly what serde writes for the whole document.
    let typed: tally_model::Dataset = serde_json::from_str(&text).unwrap();
    assert_eq!(serde_json::to_string(&typed).unwrap() + "\n", text);
    let dataset: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(dataset["release"]["counts"]["corrections"], 3);
    assert_eq!(dataset["corrections"].as_array().unwrap().len(), 3);
    tally_release::verify(&v1).unwrap();

    // The next version without the file: everything back as extracted, and the changelog says which went.
    std::fs::remove_file(dir.join("desk.yaml")).unwrap();
    tally_release::release_with(&options(&project, "1.1.0"), &ReleaseHooks::default()).unwrap();
    let v2 = project.out().join("v1.1.0");
    assert_eq!(std::fs::read_to_string(v2.join("corrections.jsonl")).unwrap(), "");
    let articles = lines(&v2.join("articles.jsonl"));
    let undone = by_path(&articles, DATED);
    assert_ne!(undone["published"]["start"], "2025-07-17");
    assert!(undone.get("corrected_by").is_none());
    let claims = lines(&v2.join("claims.jsonl"));
    assert!(claims.iter().any(|c| c["text"] == REJECTED));
    assert!(claims.iter().all(|c| !c["text"].as_str().unwrap().starts_with(ADDED)));
    assert!(claims.iter().all(|c| c.get("corrected_by").is_none()));
    let changelog = std::fs::read_to_string(v2.join("CHANGELOG.md")).unwrap();
    let corrections_section = &changelog[changelog.find("## Corrections").unwrap()..];
    assert!(corrections_section.contains("### Removed (3)"), "{changelog}");
    for id in &ids {
        assert!(corrections_section.contains(id), "{id} missing from:\n{changelog}");
    }
    assert!(changelog.contains("2025-07-17"), "the July event's date change is listed:\n{changelog}");
    tally_release::verify(&v2).unwrap();
}

/// Releases with `text` as the only correction file and returns the error
/// diagnostics as `path:line:col: error: message` lines; nothing may be published.
fn errors_of(text: &str) -> Vec<String> {
    let project = Project::with_seeds();
    std::fs::write(corrections_dir(&project).join("bad.yaml"), text).unwrap();
    let error =
        tally_release::release_with(&options(&project, "1.0.0"), &ReleaseHooks::default()).unwrap_err();
    assert!(!project.out().join("v1.0.0").exists(), "a bad correction must publish nothing");
    assert!(project.ledger_text().is_none(), "nor touch the ledger");
    error.diagnostics.iter().filter(|d| d.is_error()).map(|d| d.to_string()).collect()
}

fn assert_error(text: &str, at: &str, says: &str) {
    let errors = errors_of(text);
    assert!(
        errors.iter().any(|e| e.contains(&format!("bad.yaml:{at}: error:")) && e.contains(says)),
        "expected an error at bad.yaml:{at} saying {says:?}, got {errors:#?}"
    );
}

#[test]
fn yaml_that_does_not_parse_is_an_error_at_its_place() {
    assert_error(
        "- article: 001_5b0aee80c8d0c474.txt\n  reason: a: b\n  by: y\n",
        "2:12",
        "not a valid correction file",
    );
}

#[test]
fn an_unknown_key_is_an_error() {
    assert_error(
        "- article: 001_5b0aee80c8d0c474.txt\n  sett: {title: A title}\n  reason: x\n  by: y\n",
        "2:3",
        "unknown field `sett`",
    );
    assert_error(
        "- article: 001_5b0aee80c8d0c474.txt\n  set: {titel: A title}\n  reason: x\n  by: y\n",
        "2:9",
        "unknown field `titel`",
    );
}

#[test]
fn a_value_of_the_wrong_type_is_an_error() {
    assert_error(
        "- article: 002_a5e292b17168274d.txt\n  quote: \"Ukraine has yet to provide specifics\"\n  \
         set:\n    quantity: {value: many, qualifier: exact}\n  reason: x\n  by: y\n",
        "4:23",
        "invalid type",
    );
    assert_error(
        "- article: 002_a5e292b17168274d.txt\n  quote: \"Ukraine has yet to provide specifics\"\n  \
         set: {from: Russia}\n  reason: x\n  by: y\n",
        "3:9",
        "`Russia` is not an ISO 3166-1 alpha-2 code",
    );
}

#[test]
fn reason_and_by_are_required() {
    assert_error(
        "- article: 001_5b0aee80c8d0c474.txt\n  set: {title: A title}\n  by: y\n",
        "1:3",
        "missing field `reason`",
    );
}

#[test]
fn an_article_not_in_the_corpus_is_an_error() {
    assert_error(
        "- article: 001_5b0aee80c8d0c474.txt\n  set: {title: Fine}\n  reason: x\n  by: y\n\
         - article: 999_missing.txt\n  set: {title: A title}\n  reason: x\n  by: y\n",
        "5:3",
        "`999_missing.txt` is not an article of the corpus",
    );
}

#[test]
fn a_quote_found_nowhere_or_twice_is_an_error() {
    assert_error(
        "- article: 002_a5e292b17168274d.txt\n  quote: \"Russia returned 9,999 bodies\"\n  reject: true\n  reason: x\n  by: y\n",
        "2:3",
        "the quote is not in `002_a5e292b17168274d.txt`",
    );
    assert_error(
        "- article: 002_a5e292b17168274d.txt\n  quote: \"the remains of 1,212\"\n  reject: true\n  reason: x\n  by: y\n",
        "2:3",
        "more than once",
    );
    // An added claim's quote too.
    assert_error(
        "- article: 002_a5e292b17168274d.txt\n  reason: x\n  by: y\n  add:\n    quote: \"words nobody wrote\"\n    \
         kind: transfer\n    subject: remains\n    status: completed\n",
        "5:5",
        "the quote is not in",
    );
}

#[test]
fn two_corrections_setting_one_field_differently_are_an_error() {
    let errors = errors_of(
        "- article: 001_5b0aee80c8d0c474.txt\n  set: {published: {start: 2025-07-17, end: 2025-07-17}}\n  reason: x\n  by: y\n\
         - article: 001_5b0aee80c8d0c474.txt\n  set: {published: {start: 2025-07-18, end: 2025-07-18}}\n  reason: x\n  by: z\n",
    );
    assert!(
        errors
            .iter()
            .any(|e| e.contains("bad.yaml:6:9: error:") && e.contains("the correction at bad.yaml:1")),
        "{errors:#?}"
    );
}

#[test]
fn every_error_of_a_run_is_reported() {
    let errors = errors_of(
        "- article: 999_missing.txt\n  set: {title: A title}\n  reason: x\n  by: y\n\
         - article: 002_a5e292b17168274d.txt\n  quote: \"words nobody wrote\"\n  reject: true\n  reason: x\n  by: y\n",
    );
    assert_eq!(errors.len(), 2, "{errors:#?}");
}

#[test]
fn a_correction_that_changes_nothing_is_a_warning_saying_it_can_be_deleted() {
    let project = Project::with_seeds();
    // The title extraction already gives.
    let title = "Russia returns 1,000 Ukrainian soldiers’ bodies";
    std::fs::write(
        corrections_dir(&project).join("same.yaml"),
        format!("- article: {DATED}\n  set: {{title: \"{title}\"}}\n  reason: x\n  by: y\n"),
    )
    .unwrap();
    let report = tally_release::release_with(&options(&project, "1.0.0"), &ReleaseHooks::default()).unwrap();
    let warning = report.warnings.iter().find(|w| w.path.ends_with("same.yaml")).expect("a warning");
    assert!(warning.to_string().contains("same.yaml:1:1: warning:"), "{warning}");
    assert!(warning.message.contains("changes nothing") && warning.message.contains("can be deleted"));
    let articles = lines(&project.out().join("v1.0.0/articles.jsonl"));
    assert!(by_path(&articles, DATED).get("corrected_by").is_none());
}

#[test]
fn a_sharded_build_with_corrections_equals_a_single_one() {
    use tally_release::shard::{build_shard, parse_shard};
    let project = Project::with_seeds();
    let dir = corrections_dir(&project);
    std::fs::write(dir.join("desk.yaml"), fix_file()).unwrap();
    let settings = |shards: &'static [PathBuf]| tally_release::BuildSettings {
        version: semver::Version::new(1, 0, 0),
        skip_invalid: false,
        schemas: tally_model::schemas(),
        source_date_epoch: None,
        previous: None,
        after_file: None,
        limits: Default::default(),
        reconcile: None,
        shards,
        corrections: None,
    };
    let single = project.root.path().join("single");
    let with = |shards| tally_release::BuildSettings { corrections: Some(&dir), ..settings(shards) };
    tally_release::build(&project.articles(), &single, &with(&[])).unwrap();
    let shard_dirs: Vec<PathBuf> = (0..3).map(|k| project.root.path().join(format!("shard-{k}"))).collect();
    for (k, shard) in shard_dirs.iter().enumerate() {
        build_shard(&project.articles(), parse_shard(&format!("{k}/3")).unwrap(), shard, &Default::default())
            .unwrap();
    }
    let shard_dirs: &'static [PathBuf] = Box::leak(shard_dirs.into_boxed_slice());
    let merged = project.root.path().join("merged");
    tally_release::build(&project.articles(), &merged, &with(shard_dirs)).unwrap();
    let a = common::snapshot(&single);
    assert!(a.iter().any(|(name, bytes)| name == "corrections.jsonl" && !bytes.is_empty()));
    assert_eq!(a, common::snapshot(&merged), "the sharded build differs from the single one");
}
