//! Every text a release publishes is words, never Rust debug output: no
//! `Foo { a: .. }`, `Some(..)`, `None` as a value, `Day(..)`, and no enum
//! variant names (`UpTo`, `(Nearly)`) in prose. Checked on the seed corpus
//! released with corrections (so the correction texts are covered too), over
//! every JSON string, CSV cell and the Markdown and HTML files.

mod common;

use std::sync::LazyLock;

use common::Project;
use regex::Regex;
use serde_json::Value;

static DEBUG_SHAPES: LazyLock<Vec<(&str, Regex)>> = LazyLock::new(|| {
    [
        ("a struct's debug form", r"\b[A-Z]\w* \{ [a-z_]\w*: "),
        ("an Option, Result or tuple variant's debug form", r"\b(?:Some|Ok|Err|Day|Month|MonthDay|Weekday)\("),
        ("`None` as a value", r"(?:^None$|[(\[,:=] ?None\b|\bNone[,)\]])"),
        ("a unit struct or variant in debug form", r"\b(?:Today|FollowingDay)\b"),
        ("a CamelCase variant name", r"\b(?:UpTo|AtLeast|PlainText|ListItem|DateBasis|AttributionKind)\b"),
        ("a variant name in parentheses", r"\((?:Exact|Approximately|Over|Under|Nearly|Completed|Planned|Failed|Remains|Prisoners|Transfer|Figure|Stated|Inferred)\)"),
        ("a debug-quoted string", r#"\\""#),
    ]
    .into_iter()
    .map(|(what, pattern)| (what, Regex::new(pattern).unwrap()))
    .collect()
});

fn shapes_in(text: &str) -> Vec<&'static str> {
    DEBUG_SHAPES.iter().filter(|(_, re)| re.is_match(text)).map(|(what, _)| *what).collect()
}

fn strings(value: &Value, out: &mut Vec<String>) {
    match value {
        Value::String(s) => out.push(s.clone()),
        Value::Array(items) => items.iter().for_each(|v| strings(v, out)),
        Value::Object(map) => map.values().for_each(|v| strings(v, out)),
        _ => {}
    }
}

#[test]
fn the_shapes_are_recognised() {
    for debug in [
        "Weekday { weekday: Wed, future: false, last: false } resolved against the article's date",
        "stated 5000 (Nearly)",
        "Some(2025-06-11)",
        "Day(2025-06-11) resolved",
        "qualifier: None",
        "None",
        "up to (UpTo)",
    ] {
        assert!(!shapes_in(debug).is_empty(), "{debug:?} passed as words");
    }
    for words in [
        "'on Wednesday' in an article published 2025-06-12",
        "stated nearly 5,000 vs computed 4,812 from 4 event(s)",
        "None: every input file is in the release.",
        "Russia returned 1,212 bodies (AP)",
    ] {
        assert!(shapes_in(words).is_empty(), "{words:?} flagged: {:?}", shapes_in(words));
    }
}

#[test]
fn no_released_string_is_rust_debug_output() {
    let project = Project::with_seeds();
    let corrections = project.root.path().join("corrections");
    std::fs::create_dir_all(&corrections).unwrap();
    std::fs::write(
        corrections.join("desk.yaml"),
        "- article: 001_5b0aee80c8d0c474.txt\n  set: {published: {start: 2025-07-17, end: 2025-07-17}}\n  \
         reason: date stamp on the original page\n  by: Desk editor\n\
         - article: 002_a5e292b17168274d.txt\n  quote: \"Ukraine has yet to provide specifics\"\n  \
         set: {quantity: {value: 5000, qualifier: nearly}, status: planned}\n  reason: a test of words\n  by: Desk editor\n",
    )
    .unwrap();
    let options =
        tally_release::ReleaseOptions { corrections: Some(corrections), ..project.options("1.0.0") };
    tally_release::release_with(&options, &tally_release::ReleaseHooks::default()).unwrap();
    let dir = project.out().join("v1.0.0");

    let mut found = Vec::new();
    let mut checked = 0;
    let mut entries: Vec<_> = std::fs::read_dir(&dir).unwrap().map(|e| e.unwrap().path()).collect();
    entries.sort();
    for path in entries {
        let name = path.file_name().unwrap().to_string_lossy().to_string();
        let text = std::fs::read_to_string(&path).unwrap();
        let mut texts = Vec::new();
        if name.ends_with(".schema.json") {
            continue; // generated from doc comments, not data
        } else if name.ends_with(".jsonl") {
            for line in text.lines() {
                strings(&serde_json::from_str(line).unwrap(), &mut texts);
            }
        } else if name.ends_with(".json") {
            strings(&serde_json::from_str(&text).unwrap(), &mut texts);
        } else if name.ends_with(".csv") {
            let mut reader = csv::Reader::from_reader(text.as_bytes());
            for record in reader.records() {
                texts.extend(record.unwrap().iter().map(str::to_string));
            }
        } else {
            // Markdown, HTML, SHA256SUMS: the whole text, line by line.
            texts.extend(text.lines().map(str::to_string));
        }
        for t in texts {
            checked += 1;
            for what in shapes_in(&t) {
                found.push(format!("{name}: {what}: {t:?}"));
            }
        }
    }
    assert!(checked > 1000, "only {checked} strings checked");
    assert!(found.is_empty(), "debug output in the release:\n{}", found.join("\n"));
}
