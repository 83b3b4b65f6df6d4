//! A corpus built as four shards and merged gives files byte-identical to a
//! single build of the same corpus.

use std::path::{Path, PathBuf};

use tally_release::shard::{build_shard, parse_shard};
use tally_release::{build, BuildSettings};

fn settings(shards: &[PathBuf]) -> BuildSettings<'_> {
    BuildSettings {
        version: semver::Version::new(1, 0, 0),
        skip_invalid: true,
        schemas: tally_model::schemas(),
        source_date_epoch: None,
        previous: None,
        after_file: None,
        limits: Default::default(),
        reconcile: None,
        shards,
        corrections: None,
    }
}

fn corpus(dir: &Path) {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..");
    for entry in std::fs::read_dir(root.join("data/articles")).unwrap() {
        let p = entry.unwrap().path();
        std::fs::copy(&p, dir.join(p.file_name().unwrap())).unwrap();
    }
    // More articles, a duplicate landing in another shard, and a bad file.
    for i in 0..9 {
        std::fs::write(
            dir.join(format!("extra-{i}.md")),
            format!("# Handover {i}\n\nOn Monday, June {d}, 2025, Russia handed over {n} bodies to Ukraine, officials said.\n", d = i + 1, n = 100 + i),
        )
        .unwrap();
    }
    std::fs::copy(dir.join("extra-0.md"), dir.join("extra-0 copy.md")).unwrap();
    // Six identical files in a row: some share a shard with a copy that is
    // not the first of all, and every warning must still name the first.
    for k in 1..=5 {
        std::fs::copy(dir.join("extra-1.md"), dir.join(format!("extra-1 copy{k}.md"))).unwrap();
    }
    std::fs::write(dir.join("zz-bad.txt"), b"\xff\xfe\x00").unwrap();
}

#[test]
fn four_shards_merged_equal_one_build() {
    let tmp = tempfile::tempdir().unwrap();
    let articles = tmp.path().join("articles");
    std::fs::create_dir(&articles).unwrap();
    corpus(&articles);

    let single = tmp.path().join("single");
    build(&articles, &single, &settings(&[])).unwrap();

    let shard_dirs: Vec<PathBuf> = (0..4).map(|k| tmp.path().join(format!("shard-{k}"))).collect();
    for (k, dir) in shard_dirs.iter().enumerate() {
        build_shard(&articles, parse_shard(&format!("{k}/4")).unwrap(), dir, &Default::default()).unwrap();
    }
    let merged = tmp.path().join("merged");
    build(&articles, &merged, &settings(&shard_dirs)).unwrap();

    let mut names: Vec<_> = std::fs::read_dir(&single).unwrap().map(|e| e.unwrap().file_name()).collect();
    names.sort();
    assert!(names.len() >= 13, "{names:?}");
    for name in names {
        let a = std::fs::read(single.join(&name)).unwrap();
        let b = std::fs::read(merged.join(&name)).unwrap_or_default();
        assert!(a == b, "{name:?} differs between the single and the sharded build");
    }
}

#[test]
fn an_incomplete_set_of_shards_is_refused() {
    let tmp = tempfile::tempdir().unwrap();
    let articles = tmp.path().join("articles");
    std::fs::create_dir(&articles).unwrap();
    corpus(&articles);
    let dirs: Vec<PathBuf> = (0..2).map(|k| tmp.path().join(format!("s{k}"))).collect();
    for (k, dir) in dirs.iter().enumerate() {
        build_shard(&articles, parse_shard(&format!("{k}/3")).unwrap(), dir, &Default::default()).unwrap();
    }
    let err = build(&articles, &tmp.path().join("out"), &settings(&dirs)).unwrap_err().to_string();
    assert!(err.contains("not one complete split"), "{err}");
}

/// Builds `count` shards of `articles` into `tmp/shard-K` with the default settings.
fn shards_of(articles: &Path, tmp: &Path, count: usize) -> Vec<PathBuf> {
    let dirs: Vec<PathBuf> = (0..count).map(|k| tmp.join(format!("shard-{k}"))).collect();
    for (k, dir) in dirs.iter().enumerate() {
        build_shard(articles, parse_shard(&format!("{k}/{count}")).unwrap(), dir, &Default::default())
            .unwrap();
    }
    dirs
}

/// A corpus in `tmp/articles` and its three shards.
fn corpus_and_shards(tmp: &Path) -> (PathBuf, Vec<PathBuf>) {
    let articles = tmp.join("articles");
    std::fs::create_dir(&articles).unwrap();
    corpus(&articles);
    let dirs = shards_of(&articles, tmp, 3);
    (articles, dirs)
}

/// The merge's error text, which must name `what` and each file given.
fn refused(articles: &Path, tmp: &Path, dirs: &[PathBuf]) -> String {
    let out = tmp.join("out");
    let err = build(articles, &out, &settings(dirs)).expect_err("stale shards must be refused").to_string();
    // Nothing half-written is published.
    assert!(!out.join("articles.jsonl").exists(), "{err}");
    err
}

#[test]
fn shards_built_before_an_article_was_added_are_refused() {
    let tmp = tempfile::tempdir().unwrap();
    let (articles, dirs) = corpus_and_shards(tmp.path());
    std::fs::write(articles.join("late.md"), "# Late\n\nTwelve prisoners were released on Friday.\n")
        .unwrap();
    let err = refused(&articles, tmp.path(), &dirs);
    assert!(
        err.contains("late.md:1:1: error[T0607]: added to the corpus since the shards were built"),
        "{err}"
    );
}

#[test]
fn shards_holding_an_article_since_removed_are_refused() {
    let tmp = tempfile::tempdir().unwrap();
    let (articles, dirs) = corpus_and_shards(tmp.path());
    std::fs::remove_file(articles.join("extra-4.md")).unwrap();
    let err = refused(&articles, tmp.path(), &dirs);
    assert!(
        err.contains("extra-4.md:1:1: error[T0607]: removed from the corpus since the shards were built"),
        "{err}"
    );
}

#[test]
fn shards_built_before_an_article_changed_are_refused() {
    let tmp = tempfile::tempdir().unwrap();
    let (articles, dirs) = corpus_and_shards(tmp.path());
    std::fs::write(
        articles.join("extra-2.md"),
        "# Handover 2\n\nRussia handed over 999 bodies to Ukraine.\n",
    )
    .unwrap();
    // A file that failed in its shard and was fixed since counts as changed too.
    std::fs::write(articles.join("zz-bad.txt"), "Fixed\n\nNow it is text.\n").unwrap();
    let err = refused(&articles, tmp.path(), &dirs);
    assert!(err.contains("extra-2.md:1:1: error[T0607]: changed since the shards were built"), "{err}");
    assert!(err.contains("zz-bad.txt:1:1: error[T0607]: changed since the shards were built"), "{err}");
    // Files that did not change are not named.
    assert!(!err.contains("extra-3.md"), "{err}");
}

#[test]
fn shards_of_another_tally_version_or_settings_are_refused() {
    let tmp = tempfile::tempdir().unwrap();
    let (articles, dirs) = corpus_and_shards(tmp.path());
    // Shard 1 as an older Tally would have written it.
    let meta_path = dirs[1].join("shard.json");
    let mut meta: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&meta_path).unwrap()).unwrap();
    meta["provenance"]["tally"] = "0.0.9".into();
    std::fs::write(&meta_path, meta.to_string()).unwrap();
    let err = refused(&articles, tmp.path(), &dirs);
    assert!(err.contains("error[T0608]: built by Tally 0.0.9"), "{err}");
    assert!(err.contains(&dirs[1].join("shard.json").display().to_string()), "{err}");

    // Shard 2 rebuilt with another size limit: its failures could differ.
    let limits = tally_corpus::Limits { max_file_bytes: 1 << 20 };
    let fresh = shards_of(&articles, tmp.path(), 3);
    build_shard(&articles, parse_shard("2/3").unwrap(), &fresh[2], &limits).unwrap();
    let err = refused(&articles, tmp.path(), &fresh);
    assert!(err.contains("error[T0608]: built with different settings"), "{err}");
}

#[test]
fn fresh_shards_still_merge() {
    let tmp = tempfile::tempdir().unwrap();
    let (articles, dirs) = corpus_and_shards(tmp.path());
    build(&articles, &tmp.path().join("out"), &settings(&dirs)).unwrap();
}
