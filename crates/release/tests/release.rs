//! End-to-end behaviour of a release: the files published, verification,
//! reproducibility, immutability, the changelog, the schema semver rule,
//! bad input and duplicates.

mod common;

use common::{snapshot, Project};
use serde_json::Value;
use tally_release::{release_with, verify, ReleaseHooks};

const RELEASE_FILES: &[&str] = &[
    "CHANGELOG.md",
    "README.md",
    "SHA256SUMS",
    "article.schema.json",
    "articles.jsonl",
    "claim.schema.json",
    "claims.jsonl",
    "correction-file.schema.json",
    "correction.schema.json",
    "corrections.jsonl",
    "datapackage.json",
    "dataset.json",
    "dataset.schema.json",
    "event.schema.json",
    "events.csv",
    "events.jsonl",
    "index.html",
];

#[test]
fn release_publishes_every_file_and_verifies() {
    let project = Project::with_seeds();
    let report = project.release("0.1.0").unwrap();
    assert!(report.published, "{}", report.summary);
    assert_eq!(report.articles, 5);
    let dir = project.out().join("v0.1.0");
    let names: Vec<String> = snapshot(&dir).into_iter().map(|(n, _)| n).collect();
    assert_eq!(names, RELEASE_FILES);
    // Nothing but the release and the lock is left in --out.
    assert_eq!(project.out_entries(), ["v0.1.0"]);
    let checked = verify(&dir).unwrap();
    assert_eq!(checked.files, RELEASE_FILES.len() - 1);
    assert_eq!(checked.articles, 5);

    // dataset.json, written piecewise, is exactly what serde writes for the whole document.
    let text = std::fs::read_to_string(dir.join("dataset.json")).unwrap();
    let dataset: tally_model::Dataset = serde_json::from_str(&text).unwrap();
    assert_eq!(serde_json::to_string(&dataset).unwrap() + "\n", text);
    assert_eq!(dataset.release.version, "0.1.0");
    assert_eq!(dataset.articles.len(), 5);
    // Each check quotes its figure's sentence as the claim gives it (the
    // build reads it back from the claims, not from its facts).
    assert!(!dataset.checks.is_empty());
    for check in &dataset.checks {
        let claim =
            dataset.claims.iter().find(|c| c.id == check.claim).expect("a check's claim is published");
        assert!(!check.statement.is_empty());
        assert_eq!(check.statement, claim.text, "{}", check.id);
    }

    // SHA256SUMS covers every other file, sorted, in the format sha256sum reads.
    let sums = std::fs::read_to_string(dir.join("SHA256SUMS")).unwrap();
    let listed: Vec<&str> = sums.lines().map(|l| l.split_once("  ").unwrap().1).collect();
    let mut expected: Vec<&str> = RELEASE_FILES.iter().copied().filter(|n| *n != "SHA256SUMS").collect();
    expected.sort();
    assert_eq!(listed, expected);
    if let Ok(out) =
        std::process::Command::new("sha256sum").arg("-c").arg("SHA256SUMS").current_dir(&dir).output()
    {
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stdout));
    }

    // The ledger records the release.
    let ledger: Value = serde_json::from_str(&project.ledger_text().unwrap()).unwrap();
    assert_eq!(ledger["releases"][0]["version"], "0.1.0");
    assert_eq!(ledger["releases"][0]["articles"].as_array().unwrap().len(), 5);

    let card = std::fs::read_to_string(dir.join("README.md")).unwrap();
    for needle in ["pandas", "DuckDB", "jq", "Licence", "| `articles.jsonl` | 5 |"] {
        assert!(card.contains(needle), "dataset card lacks {needle}:\n{card}");
    }
    let package: Value =
        serde_json::from_slice(&std::fs::read(dir.join("datapackage.json")).unwrap()).unwrap();
    assert_eq!(package["version"], "0.1.0");
    let csv = package["resources"].as_array().unwrap().iter().find(|r| r["path"] == "events.csv").unwrap();
    assert!(csv["schema"]["fields"].is_array());
}

#[test]
fn identical_inputs_give_byte_identical_releases() {
    let a = Project::with_seeds();
    let b = Project::with_seeds();
    a.release("0.1.0").unwrap();
    b.release("0.1.0").unwrap();
    assert_eq!(snapshot(&a.out().join("v0.1.0")), snapshot(&b.out().join("v0.1.0")));
}

#[test]
fn one_thread_and_several_write_the_same_bytes() {
    // One thread writes every file in turn; several write dataset.json, and
    // events.csv with index.html, on threads of their own.
    let release_on = |threads: usize| {
        let project = Project::with_seeds();
        let pool = rayon::ThreadPoolBuilder::new().num_threads(threads).build().unwrap();
        pool.install(|| project.release("0.1.0")).unwrap();
        snapshot(&project.out().join("v0.1.0"))
    };
    let one = release_on(1);
    assert!(one.iter().any(|(name, bytes)| name == "index.html" && !bytes.is_empty()));
    assert_eq!(one, release_on(3));
}

#[test]
fn source_date_epoch_sets_created() {
    let project = Project::with_seeds();
    let hooks = ReleaseHooks { source_date_epoch: Some(1_750_000_000), ..ReleaseHooks::default() };
    release_with(&project.options("0.1.0"), &hooks).unwrap();
    let dataset: Value =
        serde_json::from_slice(&std::fs::read(project.out().join("v0.1.0/dataset.json")).unwrap()).unwrap();
    assert_eq!(dataset["release"]["created"], "2025-06-15T15:06:40Z");
}

#[test]
fn second_identical_run_is_a_no_op() {
    let project = Project::with_seeds();
    project.release("0.1.0").unwrap();
    let before = snapshot(&project.out().join("v0.1.0"));
    let ledger_before = project.ledger_text();
    let report = project.release("0.1.0").unwrap();
    assert!(!report.published);
    assert!(report.summary.contains("already published, identical"), "{}", report.summary);
    assert_eq!(snapshot(&project.out().join("v0.1.0")), before);
    assert_eq!(project.ledger_text(), ledger_before);
    assert_eq!(project.out_entries(), ["v0.1.0"]);
}

#[test]
fn edited_article_is_refused_under_the_same_version_and_listed_under_a_new_one() {
    let project = Project::with_seeds();
    project.release("0.1.0").unwrap();
    let before = snapshot(&project.out().join("v0.1.0"));
    let ledger_before = project.ledger_text();
    let name = "002_a5e292b17168274d.txt";
    let mut text = std::fs::read(project.articles().join(name)).unwrap();
    text.extend_from_slice(b"\n\nA correction was appended to this article.\n");
    project.write_article(name, &text);

    let err = project.release("0.1.0").unwrap_err().to_string();
    assert!(err.contains("version 0.1.0") && err.contains("already published"), "{err}");
    assert_eq!(snapshot(&project.out().join("v0.1.0")), before);
    assert_eq!(project.ledger_text(), ledger_before);
    assert_eq!(project.out_entries(), ["v0.1.0"]);

    let report = project.release("0.2.0").unwrap();
    assert!(report.published);
    let changelog = std::fs::read_to_string(project.out().join("v0.2.0/CHANGELOG.md")).unwrap();
    assert!(changelog.contains("since v0.1.0"), "{changelog}");
    assert!(changelog.contains(&format!("`{name}`")), "{changelog}");
    assert!(changelog.contains("### Changed (1)"), "{changelog}");
    verify(&project.out().join("v0.2.0")).unwrap();
}

#[test]
fn ledger_on_a_fresh_clone_knows_the_previous_release() {
    // The ledger travels with the repository; the release directory does not.
    let project = Project::with_seeds();
    project.release("0.1.0").unwrap();
    std::fs::remove_dir_all(project.out()).unwrap();
    std::fs::remove_file(project.articles().join("004_9452108eebbe08aa.txt")).unwrap();
    project.release("0.2.0").unwrap();
    let changelog = std::fs::read_to_string(project.out().join("v0.2.0/CHANGELOG.md")).unwrap();
    assert!(
        changelog.contains("### Removed (1)") && changelog.contains("004_9452108eebbe08aa.txt"),
        "{changelog}"
    );
    // Re-releasing 0.1.0 with other content is refused from the ledger alone.
    let err = project.release("0.1.0").unwrap_err().to_string();
    assert!(err.contains("version 0.1.0") && err.contains("ledger"), "{err}");
}

/// The current schemas with the `dateline` field taken out of the article
/// schema (and the object opened, so the records still validate).
fn schemas_without_dateline() -> Vec<tally_model::NamedSchema> {
    let mut schemas = tally_model::schemas();
    let article = &mut schemas.iter_mut().find(|s| s.name == "article").unwrap().schema;
    article["properties"].as_object_mut().unwrap().remove("dateline");
    article["required"].as_array_mut().unwrap().retain(|v| v != "dateline");
    article["additionalProperties"] = Value::Bool(true);
    schemas
}

#[test]
fn breaking_schema_change_needs_a_major_version() {
    let project = Project::with_seeds();
    project.release("0.2.0").unwrap();
    let hooks = ReleaseHooks { schemas: Some(schemas_without_dateline()), ..ReleaseHooks::default() };

    let err = release_with(&project.options("0.3.0"), &hooks).unwrap_err().to_string();
    assert!(err.contains("article: field `dateline` removed"), "{err}");
    assert!(err.contains("1.0.0"), "{err}");
    assert!(!project.out().join("v0.3.0").exists());

    let report = release_with(&project.options("1.0.0"), &hooks).unwrap();
    assert!(report.published);
    let changelog = std::fs::read_to_string(project.out().join("v1.0.0/CHANGELOG.md")).unwrap();
    assert!(changelog.contains("article: field `dateline` removed"), "{changelog}");
    // A non-breaking release after it compares with 1.0.0 and passes.
    release_with(&project.options("1.1.0"), &hooks).unwrap();
}

#[test]
fn every_bad_file_is_reported_and_nothing_published() {
    let project = Project::with_seeds();
    project.write_article("bad one.txt", b"caf\xe9 au lait");
    project.write_article("zz-bad.md", b"ok\n\xff\xfe");
    let err = project.release("0.1.0").unwrap_err();
    let text = err.to_string();
    assert!(text.contains("bad one.txt:1:4: error[T0201]: not valid UTF-8"), "{text}");
    assert!(text.contains("zz-bad.md:2:1: error[T0201]: not valid UTF-8"), "{text}");
    assert!(text.contains("nothing was published"), "{text}");
    assert!(project.out_entries().is_empty());
    assert!(project.ledger_text().is_none());
}

#[test]
fn skip_invalid_publishes_the_good_files_and_lists_the_bad() {
    let project = Project::with_seeds();
    project.write_article("bad one.txt", b"caf\xe9 au lait");
    let opts = tally_release::ReleaseOptions { skip_invalid: true, ..project.options("0.1.0") };
    let report = release_with(&opts, &ReleaseHooks::default()).unwrap();
    assert_eq!((report.articles, report.skipped), (5, 1));
    let dir = project.out().join("v0.1.0");
    let card = std::fs::read_to_string(dir.join("README.md")).unwrap();
    assert!(card.contains("`bad one.txt`") && card.contains("bad one.txt:1:4: error[T0201]"), "{card}");
    let dataset: tally_model::Dataset =
        serde_json::from_slice(&std::fs::read(dir.join("dataset.json")).unwrap()).unwrap();
    assert_eq!(dataset.skipped[0].path, "bad one.txt");
    verify(&dir).unwrap();
}

#[test]
fn identical_files_keep_one_article_with_a_warning() {
    let project = Project::with_seeds();
    let copy = std::fs::read(project.articles().join("000_d81eb47df6070e7a.txt")).unwrap();
    project.write_article("zz copy.txt", &copy);
    let report = project.release("0.1.0").unwrap();
    assert_eq!(report.articles, 5);
    let warning = report.warnings.iter().find(|w| w.path == "zz copy.txt").expect("a duplicate warning");
    assert!(warning.message.contains("000_d81eb47df6070e7a.txt"), "{warning}");
    let card = std::fs::read_to_string(project.out().join("v0.1.0/README.md")).unwrap();
    assert!(card.contains("`zz copy.txt`"), "{card}");
}

#[test]
fn empty_or_missing_corpus_is_an_error() {
    let project = Project::empty();
    let err = project.release("0.1.0").unwrap_err().to_string();
    assert!(err.contains("holds no article files"), "{err}");
    std::fs::remove_dir(project.articles()).unwrap();
    let err = project.release("0.1.0").unwrap_err().to_string();
    assert!(err.contains("articles"), "{err}");
    assert!(project.out_entries().is_empty());
}

#[test]
fn records_that_break_the_schema_fail_the_release_naming_each_file() {
    let project = Project::with_seeds();
    let mut schemas = tally_model::schemas();
    let article = &mut schemas.iter_mut().find(|s| s.name == "article").unwrap().schema;
    article["properties"]["authors"] = serde_json::json!({"type": "array", "minItems": 99});
    let hooks = ReleaseHooks { schemas: Some(schemas), ..ReleaseHooks::default() };
    let err = release_with(&project.options("0.1.0"), &hooks).unwrap_err();
    let text = err.to_string();
    let named =
        err.diagnostics.iter().filter(|d| d.message.contains("breaks the schema at `/authors`")).count();
    assert_eq!(named, 5, "{text}");
    assert!(text.contains("000_d81eb47df6070e7a.txt:1:1: error[T0501]:"), "{text}");
    assert!(project.out_entries().is_empty());
    assert!(project.ledger_text().is_none());
}

#[test]
fn claims_that_break_the_schema_are_named_by_their_line_in_claims_jsonl() {
    let project = Project::with_seeds();
    project.release("0.1.0").unwrap();
    let published = std::fs::read_to_string(project.out().join("v0.1.0/claims.jsonl")).unwrap();
    // A schema that only admits figures: every other claim breaks it, at its line.
    let expected: Vec<String> = published
        .lines()
        .enumerate()
        .filter(|(_, line)| !line.contains(r#""kind":"figure""#))
        .map(|(index, _)| format!("claims.jsonl:{}:1", index + 1))
        .collect();
    assert!(!expected.is_empty() && expected.len() < published.lines().count());
    let mut schemas = tally_model::schemas();
    let claim = &mut schemas.iter_mut().find(|s| s.name == "claim").unwrap().schema;
    claim["properties"]["kind"] = serde_json::json!({"enum": ["figure"]});
    let hooks = ReleaseHooks { schemas: Some(schemas), ..ReleaseHooks::default() };
    let strict = Project::with_seeds();
    let err = release_with(&strict.options("0.1.0"), &hooks).unwrap_err();
    let mut named: Vec<String> = err
        .diagnostics
        .iter()
        .filter(|d| d.message.contains("breaks the schema at `/kind`"))
        .map(|d| format!("{}:{}:{}", d.path, d.line.unwrap_or(0), d.column.unwrap_or(0)))
        .collect();
    named.sort_by_key(|d| d.split(':').nth(1).and_then(|n| n.parse::<usize>().ok()));
    assert_eq!(named, expected, "{err}");
}

#[test]
fn build_writes_a_complete_release_into_any_directory() {
    // The lower-level stage sharded builds use: no lock, no ledger, no publishing.
    let project = Project::with_seeds();
    let dir = project.root.path().join("scratch/build");
    let settings = tally_release::BuildSettings {
        version: semver::Version::new(0, 9, 0),
        skip_invalid: false,
        schemas: tally_model::schemas(),
        source_date_epoch: Some(0),
        previous: None,
        after_file: None,
        limits: Default::default(),
        reconcile: None,
        shards: &[],
        corrections: None,
    };
    let built = tally_release::build(&project.articles(), &dir, &settings).unwrap();
    assert_eq!(built.entry.version, "0.9.0");
    assert_eq!(built.article_rows.len(), 5);
    assert_eq!(built.files.len(), RELEASE_FILES.len());
    let checked = verify(&dir).unwrap();
    assert_eq!(checked.articles, 5);
    assert!(project.ledger_text().is_none());
    assert!(!project.out().exists());
}
