//! JSON Schema generation: one schema per published file kind, derived from
//! the types in this crate (draft 2020-12, describing what is serialised).

use schemars::generate::SchemaSettings;
use schemars::JsonSchema;
use serde_json::Value;

use serde::Serialize;

use crate::{Article, Claim, CorrectionEntry, CorrectionRecord, Dataset, Event};

/// Version of the published schemas (semver). A change that can break a
/// consumer (a field removed, renamed or retyped, a new required field, a
/// tightened constraint) needs a new major version.
pub const SCHEMA_VERSION: &str = "1.0.0";

/// A generated schema and the file name it is published under.
#[derive(Debug, Clone, PartialEq)]
pub struct NamedSchema {
    /// Short name: `article`, `claim`, `event`, `dataset`, `correction`, `correction-file`.
    pub name: &'static str,
    /// File name in `schema/` and in a release: `article.schema.json`, ...
    pub file_name: String,
    /// The schema document.
    pub schema: Value,
}

/// The `$id` of a schema: a URN naming the schema and its major version.
pub fn schema_id(name: &str) -> String {
    let major = SCHEMA_VERSION.split('.').next().unwrap_or("0");
    format!("urn:tally:schema:{name}:v{major}")
}

fn generate<T: JsonSchema>(name: &'static str, title: &str) -> NamedSchema {
    let generator = SchemaSettings::draft2020_12().for_serialize().into_generator();
    let mut schema = generator.into_root_schema_for::<T>();
    schema.insert("$id".into(), Value::String(schema_id(name)));
    schema.insert("title".into(), Value::String(title.into()));
    schema.insert("x-tally-schema-version".into(), Value::String(SCHEMA_VERSION.into()));
    NamedSchema { name, file_name: format!("{name}.schema.json"), schema: schema.to_value() }
}

/// One line of `tally convert`'s output: an article and the claims
/// extracted from it. Not a release file; its schema, `converted`, is
/// committed in `schema/` for `tally validate --schema converted`.
#[derive(Debug, Serialize, JsonSchema)]
pub struct Converted<'a> {
    pub article: &'a Article,
    pub claims: &'a [Claim],
}

/// The schema of `tally convert`'s lines ([`Converted`]).
pub fn converted_schema() -> NamedSchema {
    generate::<Converted<'static>>("converted", "Tally convert output (one line of `tally convert`)")
}

/// What `schema/` holds: the published schemas and the schema of
/// `tally convert`'s output.
pub fn committed_schemas() -> Vec<NamedSchema> {
    let mut all = schemas();
    all.push(converted_schema());
    all
}

/// Every schema a release publishes, in a fixed order.
pub fn schemas() -> Vec<NamedSchema> {
    vec![
        generate::<Article>("article", "Tally article (one line of articles.jsonl)"),
        generate::<Claim>("claim", "Tally claim (one line of claims.jsonl)"),
        generate::<Event>("event", "Tally event (one line of events.jsonl)"),
        generate::<Dataset>("dataset", "Tally dataset (dataset.json)"),
        generate::<CorrectionRecord>("correction", "Tally correction (one line of corrections.jsonl)"),
        generate::<Vec<CorrectionEntry>>(
            "correction-file",
            "Tally correction file (a YAML list in data/corrections/, read as JSON)",
        ),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_schema_has_id_version_and_draft() {
        for s in schemas() {
            assert_eq!(s.schema["$id"], Value::String(schema_id(s.name)));
            assert_eq!(s.schema["x-tally-schema-version"], SCHEMA_VERSION);
            assert_eq!(s.schema["$schema"], "https://json-schema.org/draft/2020-12/schema");
        }
    }

    #[test]
    fn optional_contract_fields_are_required_but_nullable() {
        // Consumers rely on every contract field being present, null when unknown.
        let article = &schemas()[0].schema;
        let required: Vec<&str> =
            article["required"].as_array().unwrap().iter().map(|v| v.as_str().unwrap()).collect();
        for field in [
            "id",
            "source",
            "title",
            "subtitle",
            "authors",
            "outlet",
            "dateline",
            "url",
            "published",
            "body",
            "quotes",
            "embeds",
            "images",
            "removed",
        ] {
            assert!(required.contains(&field), "{field} is not required");
        }
        assert_eq!(article["additionalProperties"], false);
    }
}
