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
