//! `datapackage.json`: a Frictionless Data Package v2 descriptor of a
//! release, with per-resource path, format, media type, size and SHA-256,
//! and a Table Schema for `events.csv`, so `frictionless validate` can check
//! the whole release.

use std::collections::BTreeMap;

use serde_json::{json, Value};
use tally_model::{NamedSchema, ReleaseInfo};

use crate::sums::FileInfo;

/// The licence of the derived data.
pub const LICENSE_NAME: &str = "CC-BY-4.0";
pub const LICENSE_URL: &str = "https://creativecommons.org/licenses/by/4.0/";
pub const LICENSE_NOTE: &str = "Quoted article text remains the property of its publishers and is \
     included for research and verification (each record points back to its source by path and SHA-256).";

/// The descriptor, pretty-printed with a trailing newline. `files` are the
/// files already written (their sizes and digests).
pub fn render(
    info: &ReleaseInfo,
    outlets: &BTreeMap<String, usize>,
    schemas: &[NamedSchema],
    files: &[FileInfo],
) -> String {
    let mut resources = Vec::new();
    let described = [
        ("articles", "articles.jsonl", "One normalised news article per line.", Some("article.schema.json")),
        (
            "claims",
            "claims.jsonl",
            "One claim (a statement in one article) per line.",
            Some("claim.schema.json"),
        ),
        ("events", "events.jsonl", "One reconciled transfer per line.", Some("event.schema.json")),
        (
            "corrections",
            "corrections.jsonl",
            "One correction per line: its file and line, target, what it changed from and to, why and by whom.",
            Some("correction.schema.json"),
        ),
        (
            "dataset",
            "dataset.json",
            "The whole release in one document, with consistency checks.",
            Some("dataset.schema.json"),
        ),
    ];
    for (name, path, description, schema) in described {
        let Some(file) = files.iter().find(|f| f.name == path) else { continue };
        let (format, mediatype) = if path.ends_with(".jsonl") {
            ("jsonl", "application/jsonl")
        } else {
            ("json", "application/json")
        };
        let mut resource = resource(name, file, format, mediatype, description);
        resource["type"] = json!("json");
        if let Some(schema) = schema {
            resource["jsonSchema"] = json!(schema);
        }
        resources.push(resource);
    }
    if let Some(file) = files.iter().find(|f| f.name == "events.csv") {
        let mut resource = resource(
            "events-table",
            file,
            "csv",
            "text/csv",
            "The events as a flat table (one row per event).",
        );
        resource["type"] = json!("table");
        resource["dialect"] = json!({"header": true, "delimiter": ","});
        resource["schema"] = events_table_schema();
        resources.push(resource);
    }
    for schema in schemas {
        if let Some(file) = files.iter().find(|f| f.name == schema.file_name) {
            let name = format!("{}-schema", schema.name);
            let description = format!("JSON Schema of the {} records.", schema.name);
            let mut resource = resource(&name, file, "json", "application/schema+json", &description);
            resource["type"] = json!("json");
            resources.push(resource);
        }
    }
    for (name, path, description) in [
        ("readme", "README.md", "The dataset card."),
        ("changelog", "CHANGELOG.md", "Changes since the previous release."),
    ] {
        if let Some(file) = files.iter().find(|f| f.name == path) {
            let mut resource = resource(name, file, "md", "text/markdown", description);
            resource["type"] = json!("text");
            resources.push(resource);
        }
    }
    if let Some(file) = files.iter().find(|f| f.name == "index.html") {
        let description = "The dataset card as a self-contained page, with a timeline chart of the events.";
        let mut resource = resource("page", file, "html", "text/html", description);
        resource["type"] = json!("text");
        resources.push(resource);
    }
    let outlet_list = if outlets.is_empty() {
        "outlets not stated".to_string()
    } else {
        outlets.keys().cloned().collect::<Vec<_>>().join(", ")
    };
    let descriptor = json!({
        "$schema": "https://datapackage.org/profiles/2.0/datapackage.json",
        "name": info.name,
        "title": "Tally: prisoner exchanges and repatriations of remains, as reported in the news",
        "description": "News articles normalised to clean records, the claims they make, and one reconciled timeline of transfer events, each pointing back to its sources.",
        "version": info.version,
        "created": info.created,
        "licenses": [{"name": LICENSE_NAME, "path": LICENSE_URL, "title": "Creative Commons Attribution 4.0 International"}],
        "sources": [{"title": format!("{} news article(s) from: {outlet_list}", info.counts.articles)}],
        "resources": resources,
    });
    let mut text = serde_json::to_string_pretty(&descriptor).unwrap_or_default();
    text.push('\n');
    text
}

fn resource(name: &str, file: &FileInfo, format: &str, mediatype: &str, description: &str) -> Value {
    json!({
        "name": name,
        "path": file.name,
        "description": description,
        "format": format,
        "mediatype": mediatype,
        "encoding": "utf-8",
        "bytes": file.bytes,
        "hash": format!("sha256:{}", file.sha256),
    })
}

/// Table Schema of `events.csv`; the field order is `reports::CSV_COLUMNS`.
fn events_table_schema() -> Value {
    let fields = json!([
        {"name": "id", "type": "string", "description": "Event id (`e-` and a stable hash).", "constraints": {"required": true, "unique": true}},
        {"name": "kind", "type": "string", "description": "What was moved.", "constraints": {"required": true, "enum": ["remains", "prisoners"]}},
        {"name": "from", "type": "string", "description": "Party handing over (ISO 3166-1 alpha-2).", "constraints": {"required": true}},
        {"name": "to", "type": "string", "description": "Party receiving (ISO 3166-1 alpha-2).", "constraints": {"required": true}},
        {"name": "count_best", "type": "integer", "description": "Best estimate of the count; empty when undisclosed.", "constraints": {"minimum": 0}},
        {"name": "count_low", "type": "integer", "description": "Lowest reported count; empty when undisclosed.", "constraints": {"minimum": 0}},
        {"name": "count_high", "type": "integer", "description": "Highest reported count; empty when undisclosed.", "constraints": {"minimum": 0}},
        {"name": "date_start", "type": "date", "description": "First possible day; empty when unknown."},
        {"name": "date_end", "type": "date", "description": "Last possible day; empty when unknown."},
        {"name": "status", "type": "string", "description": "Whether it happened.", "constraints": {"required": true, "enum": ["completed", "planned", "failed"]}},
        {"name": "reports", "type": "integer", "description": "Number of claims reporting the event (one sentence read twice counts twice).", "constraints": {"required": true, "minimum": 0}},
        {"name": "report_articles", "type": "string", "description": "Ids of the reporting articles, `;`-separated."},
        {"name": "article_count", "type": "integer", "description": "Number of distinct articles reporting the event.", "constraints": {"required": true, "minimum": 0}},
        {"name": "outlet_count", "type": "integer", "description": "Number of distinct named outlets reporting the event.", "constraints": {"required": true, "minimum": 0}},
        {"name": "outlets", "type": "string", "description": "Names of the reporting outlets, sorted, `;`-separated."},
        {"name": "first_published", "type": "date", "description": "Earliest possible publication day of a reporting article; empty when none is dated."},
        {"name": "last_published", "type": "date", "description": "Latest possible publication day of a reporting article; empty when none is dated."},
        {"name": "sentence", "type": "string", "description": "A representative report: the sentence of the first claim giving the best count (else the first claim)."},
        {"name": "corrected_by", "type": "string", "description": "Ids of the corrections that changed a reporting claim, `;`-separated."}
    ]);
    json!({"fields": fields, "primaryKey": ["id"], "missingValues": [""]})
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_schema_matches_csv_columns() {
        let schema = events_table_schema();
        let names: Vec<&str> =
            schema["fields"].as_array().unwrap().iter().map(|f| f["name"].as_str().unwrap()).collect();
        assert_eq!(names, crate::reports::CSV_COLUMNS);
    }
}
