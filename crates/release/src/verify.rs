//! Re-checks a published release directory: every file against
//! `SHA256SUMS` (modified, missing or extra files), every record against the
//! schemas shipped in it, the Data Package sizes and digests, and the
//! cross-references (every claim's article exists, every event's reports
//! exist). Every problem is reported, not just the first.

use std::collections::BTreeSet;
use std::fs::File;
use std::io::{BufRead, BufReader};
use std::path::Path;

use serde_json::Value;
use tally_validate::Validator;

use crate::sums;
use crate::VerifyReport;

/// Files every release holds.
pub const REQUIRED_FILES: &[&str] = &[
    "dataset.json",
    "articles.jsonl",
    "claims.jsonl",
    "events.jsonl",
    "events.csv",
    "corrections.jsonl",
    "index.html",
    "article.schema.json",
    "claim.schema.json",
    "event.schema.json",
    "dataset.schema.json",
    "correction.schema.json",
    "correction-file.schema.json",
    "datapackage.json",
    "README.md",
    "CHANGELOG.md",
];

/// Verifies `dir`; `Err` lists every problem, each naming the file.
pub fn verify(dir: &Path) -> Result<VerifyReport, Vec<String>> {
    let mut problems = Vec::new();
    let name_of = |name: &str| dir.join(name).display().to_string();
    let sums_path = dir.join("SHA256SUMS");
    let listed = match std::fs::read_to_string(&sums_path) {
        Ok(text) => sums::parse(&text).unwrap_or_else(|errors| {
            problems.extend(errors.into_iter().map(|e| format!("{}: {e}", dir.display())));
            Vec::new()
        }),
        Err(e) => {
            return Err(vec![format!("{}: cannot read SHA256SUMS: {e}", sums_path.display())]);
        }
    };

    // Checksums: modified and missing files.
    let mut matched = 0;
    for entry in &listed {
        let plain = !entry.name.contains(['/', '\\']) && entry.name != ".." && entry.name != ".";
        if !plain {
            problems.push(format!(
                "{}: SHA256SUMS lists `{}`, outside the release directory",
                sums_path.display(),
                entry.name
            ));
            continue;
        }
        match sums::sha256_file(&dir.join(&entry.name)) {
            Ok((sha, _)) if sha == entry.sha256 => matched += 1,
            Ok(_) => problems
                .push(format!("{}: checksum does not match SHA256SUMS (modified)", name_of(&entry.name))),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                problems.push(format!("{}: listed in SHA256SUMS but missing", name_of(&entry.name)))
            }
            Err(e) => problems.push(format!("{}: cannot read: {e}", name_of(&entry.name))),
        }
    }
    // Extra files.
    let listed_names: BTreeSet<&str> = listed.iter().map(|e| e.name.as_str()).collect();
    match std::fs::read_dir(dir) {
        Ok(entries) => {
            let mut extra: Vec<String> = entries
                .flatten()
                .map(|e| e.file_name().to_string_lossy().to_string())
                .filter(|n| n != "SHA256SUMS" && !listed_names.contains(n.as_str()))
                .collect();
            extra.sort();
            for name in extra {
                problems.push(format!("{}: extra file, not listed in SHA256SUMS", name_of(&name)));
            }
        }
        Err(e) => problems.push(format!("{}: cannot list: {e}", dir.display())),
    }
    for required in REQUIRED_FILES {
        if !listed_names.contains(required) {
            problems.push(format!("{}: required file not listed in SHA256SUMS", name_of(required)));
        }
    }

    // Schemas.
    match Validator::from_dir(dir) {
        Ok(validator) => {
            for file in
                ["dataset.json", "articles.jsonl", "claims.jsonl", "events.jsonl", "corrections.jsonl"]
            {
                let path = dir.join(file);
                if !path.exists() {
                    continue;
                }
                for v in validator.validate_file(&path) {
                    let line = v.line.map(|l| format!(":{l}")).unwrap_or_default();
                    problems.push(format!(
                        "{}{line}: `{}` breaks `{}`: {}",
                        v.file, v.instance_path, v.rule, v.message
                    ));
                }
            }
        }
        Err(e) => problems.push(format!("{}: cannot compile the schemas: {e}", dir.display())),
    }

    check_datapackage(dir, &mut problems);
    let (articles, claims, events) = check_references(dir, &mut problems);
    check_corrected_by(dir, &mut problems);

    if problems.is_empty() {
        Ok(VerifyReport { files: matched, articles, claims, events })
    } else {
        Err(problems)
    }
}

/// Calls `each(line number, id, record)` for every line of a JSON Lines file.
fn for_each_record(path: &Path, problems: &mut Vec<String>, mut each: impl FnMut(usize, &Value)) {
    let file = match File::open(path) {
        Ok(f) => f,
        Err(_) => return, // Reported as missing above.
    };
    for (index, line) in BufReader::new(file).lines().enumerate() {
        let line = match line {
            Ok(l) => l,
            Err(e) => {
                problems.push(format!("{}:{}: cannot read: {e}", path.display(), index + 1));
                return;
            }
        };
        if line.trim().is_empty() {
            continue;
        }
        match serde_json::from_str::<Value>(&line) {
            Ok(value) => each(index + 1, &value),
            Err(e) => problems.push(format!("{}:{}: not JSON: {e}", path.display(), index + 1)),
        }
    }
}

fn text<'v>(value: &'v Value, key: &str) -> &'v str {
    value.get(key).and_then(Value::as_str).unwrap_or("")
}

/// Every claim names an article of the release; every event report names an article and a claim.
fn check_references(dir: &Path, problems: &mut Vec<String>) -> (usize, usize, usize) {
    let mut article_ids = BTreeSet::new();
    let articles_path = dir.join("articles.jsonl");
    for_each_record(&articles_path, problems, |_, a| {
        article_ids.insert(text(a, "id").to_string());
    });
    let mut claim_ids = BTreeSet::new();
    let claims_path = dir.join("claims.jsonl");
    let mut dangling = Vec::new();
    for_each_record(&claims_path, problems, |line, c| {
        claim_ids.insert(text(c, "id").to_string());
        if !article_ids.contains(text(c, "article")) {
            dangling.push(format!(
                "{}:{line}: claim `{}` names article `{}`, which is not in articles.jsonl",
                claims_path.display(),
                text(c, "id"),
                text(c, "article")
            ));
        }
    });
    let events_path = dir.join("events.jsonl");
    let mut events = 0;
    for_each_record(&events_path, problems, |line, e| {
        events += 1;
        for report in e.get("reports").and_then(Value::as_array).into_iter().flatten() {
            if !article_ids.contains(text(report, "article")) {
                dangling.push(format!(
                    "{}:{line}: event `{}` reports article `{}`, which is not in articles.jsonl",
                    events_path.display(),
                    text(e, "id"),
                    text(report, "article")
                ));
            }
            if !claim_ids.contains(text(report, "claim")) {
                dangling.push(format!(
                    "{}:{line}: event `{}` reports claim `{}`, which is not in claims.jsonl",
                    events_path.display(),
                    text(e, "id"),
                    text(report, "claim")
                ));
            }
        }
    });
    problems.extend(dangling);
    (article_ids.len(), claim_ids.len(), events)
}

/// Every `corrected_by` names a correction of `corrections.jsonl`.
fn check_corrected_by(dir: &Path, problems: &mut Vec<String>) {
    let mut ids = BTreeSet::new();
    for_each_record(&dir.join("corrections.jsonl"), problems, |_, c| {
        ids.insert(text(c, "id").to_string());
    });
    let mut dangling = Vec::new();
    for file in ["articles.jsonl", "claims.jsonl", "events.jsonl"] {
        let path = dir.join(file);
        for_each_record(&path, problems, |line, record| {
            for id in record.get("corrected_by").and_then(Value::as_array).into_iter().flatten() {
                let id = id.as_str().unwrap_or("");
                if !ids.contains(id) {
                    dangling.push(format!(
                        "{}:{line}: `{}` is corrected by `{id}`, which is not in corrections.jsonl",
                        path.display(),
                        text(record, "id")
                    ));
                }
            }
        });
    }
    problems.extend(dangling);
}

/// Every resource of `datapackage.json` exists with the size and digest it states.
fn check_datapackage(dir: &Path, problems: &mut Vec<String>) {
    let path = dir.join("datapackage.json");
    let Ok(contents) = std::fs::read_to_string(&path) else { return };
    let descriptor: Value = match serde_json::from_str(&contents) {
        Ok(v) => v,
        Err(e) => {
            problems.push(format!("{}: not JSON: {e}", path.display()));
            return;
        }
    };
    for resource in descriptor.get("resources").and_then(Value::as_array).into_iter().flatten() {
        let name = text(resource, "path");
        if name.contains(['/', '\\']) || name.is_empty() {
            problems.push(format!("{}: resource path `{name}` is not a file of the release", path.display()));
            continue;
        }
        match sums::sha256_file(&dir.join(name)) {
            Ok((sha, bytes)) => {
                if text(resource, "hash") != format!("sha256:{sha}") {
                    problems
                        .push(format!("{}: resource `{name}`: hash does not match the file", path.display()));
                }
                if resource.get("bytes").and_then(Value::as_u64) != Some(bytes) {
                    problems
                        .push(format!("{}: resource `{name}`: bytes do not match the file", path.display()));
                }
            }
            Err(_) => problems.push(format!("{}: resource `{name}` is missing", path.display())),
        }
    }
}
