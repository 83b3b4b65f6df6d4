//! Finds the schema changes that can break a consumer, between the schemas
//! of the previous release (kept in the ledger) and the current ones: a
//! field removed, renamed or retyped, a new required field, a value no longer
//! allowed, a value no longer nullable, additional properties closed, or a
//! tightened numeric, length or pattern constraint. Loosening changes (a new
//! optional field, a new enum value, a wider type) are not breaking.

use std::collections::{BTreeSet, HashSet};

use serde_json::Value;

/// Every breaking change, as "`schema`: what changed", in a stable order.
/// `old` and `new` are (short name, schema document) pairs.
pub fn breaking_changes(old: &[(String, Value)], new: &[(String, Value)]) -> Vec<String> {
    let mut out = Vec::new();
    for (name, old_doc) in old {
        match new.iter().find(|(n, _)| n == name) {
            None => out.push(format!("{name}: schema removed")),
            Some((_, new_doc)) => {
                let mut diff = Diff {
                    name,
                    old_root: old_doc,
                    new_root: new_doc,
                    visited: HashSet::new(),
                    out: &mut out,
                };
                diff.compare(old_doc, new_doc, "");
            }
        }
    }
    out
}

/// Keywords whose larger value is a tighter constraint.
const LOWER_BOUNDS: &[&str] = &["minimum", "exclusiveMinimum", "minLength", "minItems", "minProperties"];
/// Keywords whose smaller value is a tighter constraint.
const UPPER_BOUNDS: &[&str] = &["maximum", "exclusiveMaximum", "maxLength", "maxItems", "maxProperties"];
/// Keywords where any new or different value may reject what used to pass.
const EXACT_CONSTRAINTS: &[&str] = &["pattern", "format", "multipleOf", "uniqueItems"];

struct Diff<'a, 'o> {
    name: &'a str,
    old_root: &'a Value,
    new_root: &'a Value,
    /// `$ref` pairs already compared, so recursive types terminate.
    visited: HashSet<(String, String)>,
    out: &'o mut Vec<String>,
}

fn field_label(path: &str) -> String {
    if path.is_empty() {
        "the document".to_string()
    } else {
        format!("field `{path}`")
    }
}

fn join(path: &str, key: &str) -> String {
    if path.is_empty() {
        key.to_string()
    } else {
        format!("{path}.{key}")
    }
}

/// Follows a local `$ref` (`#/...`) to its target.
fn resolve<'v>(root: &'v Value, node: &'v Value) -> &'v Value {
    let mut current = node;
    // Bounded: a chain of refs longer than this is a cycle.
    for _ in 0..32 {
        match current.get("$ref").and_then(Value::as_str).and_then(|r| r.strip_prefix('#')) {
            Some(pointer) => match root.pointer(pointer) {
                Some(target) => current = target,
                None => return current,
            },
            None => return current,
        }
    }
    current
}

fn types(node: &Value) -> BTreeSet<String> {
    match node.get("type") {
        Some(Value::String(s)) => [s.clone()].into(),
        Some(Value::Array(a)) => a.iter().filter_map(Value::as_str).map(str::to_string).collect(),
        _ => BTreeSet::new(),
    }
}

fn alternatives(node: &Value) -> Option<&Vec<Value>> {
    node.get("anyOf").or_else(|| node.get("oneOf")).and_then(Value::as_array)
}

fn is_null_only(node: &Value) -> bool {
    types(node) == BTreeSet::from(["null".to_string()]) || node.get("const") == Some(&Value::Null)
}

impl Diff<'_, '_> {
    fn nullable(&self, root: &Value, node: &Value) -> bool {
        let node = resolve(root, node);
        types(node).contains("null")
            || alternatives(node).is_some_and(|alts| alts.iter().any(|a| is_null_only(resolve(root, a))))
    }

    /// The non-null alternatives of a node (the node itself when it has none).
    fn non_null<'v>(&self, root: &'v Value, node: &'v Value) -> Vec<&'v Value> {
        let node = resolve(root, node);
        match alternatives(node) {
            Some(alts) => alts.iter().map(|a| resolve(root, a)).filter(|a| !is_null_only(a)).collect(),
            None => vec![node],
        }
    }

    /// The allowed values when the node is an enumeration (`enum`, `const`, or alternatives of them).
    fn enum_values(&self, root: &Value, node: &Value) -> Option<BTreeSet<String>> {
        let node = resolve(root, node);
        if let Some(values) = node.get("enum").and_then(Value::as_array) {
            return Some(values.iter().filter(|v| !v.is_null()).map(Value::to_string).collect());
        }
        if let Some(value) = node.get("const") {
            return (!value.is_null()).then(|| [value.to_string()].into());
        }
        let alts = alternatives(node)?;
        let mut all = BTreeSet::new();
        for alt in alts {
            let alt = resolve(root, alt);
            if is_null_only(alt) {
                continue;
            }
            all.extend(self.enum_values(root, alt)?);
        }
        Some(all)
    }

    fn report(&mut self, message: String) {
        let line = format!("{}: {message}", self.name);
        if !self.out.contains(&line) {
            self.out.push(line);
        }
    }

    fn compare(&mut self, old: &Value, new: &Value, path: &str) {
        let (old_root, new_root) = (self.old_root, self.new_root);
        if let (Some(a), Some(b)) = (old.get("$ref"), new.get("$ref")) {
            let key = (a.to_string(), b.to_string());
            if !self.visited.insert(key) {
                return;
            }
        }
        if self.nullable(old_root, old) && !self.nullable(new_root, new) {
            self.report(format!("{} is no longer nullable", field_label(path)));
        }
        if let Some(old_values) = self.enum_values(old_root, old) {
            if let Some(new_values) = self.enum_values(new_root, new) {
                for removed in old_values.difference(&new_values) {
                    self.report(format!("{}: value {removed} is no longer allowed", field_label(path)));
                }
            }
            // An enumeration replaced by an open type only widens what is allowed, unless retyped.
        }
        let old_alts = self.non_null(old_root, old);
        let new_alts = self.non_null(new_root, new);
        if old_alts.len() == 1 && new_alts.len() == 1 {
            self.compare_node(old_alts[0], new_alts[0], path);
        } else if old_alts.len() > new_alts.len() && self.enum_values(old_root, old).is_none() {
            self.report(format!(
                "{}: {} alternative(s) removed",
                field_label(path),
                old_alts.len() - new_alts.len()
            ));
        }
    }

    fn compare_node(&mut self, old: &Value, new: &Value, path: &str) {
        let mut old_types = types(old);
        let mut new_types = types(new);
        old_types.remove("null");
        new_types.remove("null");
        // An integer is also a number: widening integer to number is fine.
        let widened = |t: &String| new_types.contains(t) || (t == "integer" && new_types.contains("number"));
        if !old_types.is_empty() && !new_types.is_empty() && !old_types.iter().all(widened) {
            self.report(format!(
                "{} retyped from {} to {}",
                field_label(path),
                old_types.into_iter().collect::<Vec<_>>().join("|"),
                new_types.into_iter().collect::<Vec<_>>().join("|")
            ));
            return;
        }
        self.compare_constraints(old, new, path);
        self.compare_object(old, new, path);
        if let (Some(a), Some(b)) = (old.get("items"), new.get("items")) {
            self.compare(a, b, &format!("{path}[]"));
        }
    }

    fn compare_constraints(&mut self, old: &Value, new: &Value, path: &str) {
        let number = |v: Option<&Value>| v.and_then(Value::as_f64);
        for &key in LOWER_BOUNDS {
            if let Some(n) = number(new.get(key)) {
                if number(old.get(key)).is_none_or(|o| n > o) {
                    self.report(format!(
                        "{}: constraint `{key}` tightened to {}",
                        field_label(path),
                        new[key]
                    ));
                }
            }
        }
        for &key in UPPER_BOUNDS {
            if let Some(n) = number(new.get(key)) {
                if number(old.get(key)).is_none_or(|o| n < o) {
                    self.report(format!(
                        "{}: constraint `{key}` tightened to {}",
                        field_label(path),
                        new[key]
                    ));
                }
            }
        }
        for &key in EXACT_CONSTRAINTS {
            if let Some(n) = new.get(key) {
                if old.get(key) != Some(n) && !(key == "uniqueItems" && n == &Value::Bool(false)) {
                    self.report(format!("{}: constraint `{key}` added or changed to {n}", field_label(path)));
                }
            }
        }
    }

    fn compare_object(&mut self, old: &Value, new: &Value, path: &str) {
        let empty = serde_json::Map::new();
        let old_props = old.get("properties").and_then(Value::as_object).unwrap_or(&empty);
        let new_props = new.get("properties").and_then(Value::as_object).unwrap_or(&empty);
        let mut old_keys: Vec<&String> = old_props.keys().collect();
        old_keys.sort();
        for key in old_keys {
            let child = join(path, key);
            match new_props.get(key) {
                None => self.report(format!("field `{child}` removed")),
                Some(new_child) => self.compare(&old_props[key], new_child, &child),
            }
        }
        let required = |v: &Value| -> BTreeSet<String> {
            v.get("required")
                .and_then(Value::as_array)
                .map(|a| a.iter().filter_map(Value::as_str).map(str::to_string).collect())
                .unwrap_or_default()
        };
        let old_required = required(old);
        for key in required(new).difference(&old_required) {
            if new_props.contains_key(key) || !old_props.contains_key(key) {
                self.report(format!("new required field `{}`", join(path, key)));
            }
        }
        let closed = |v: &Value| v.get("additionalProperties") == Some(&Value::Bool(false));
        if !closed(old) && closed(new) && (old.get("properties").is_some() || new.get("properties").is_some())
        {
            self.report(format!("{}: additional properties are no longer allowed", field_label(path)));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn diff(old: Value, new: Value) -> Vec<String> {
        breaking_changes(&[("article".into(), old)], &[("article".into(), new)])
    }

    fn base() -> Value {
        json!({
            "type": "object",
            "additionalProperties": false,
            "properties": {
                "id": {"type": "string"},
                "dateline": {"type": ["string", "null"]},
                "kind": {"$ref": "#/$defs/Kind"},
                "source": {"$ref": "#/$defs/Source"},
                "published": {"anyOf": [{"$ref": "#/$defs/Source"}, {"type": "null"}]},
                "tags": {"type": "array", "items": {"type": "string", "maxLength": 50}}
            },
            "required": ["id", "dateline", "kind", "source"],
            "$defs": {
                "Kind": {"oneOf": [{"type": "string", "enum": ["a", "b"]}, {"const": "c"}]},
                "Source": {"type": "object", "properties": {"path": {"type": "string"}}, "required": ["path"]}
            }
        })
    }

    #[test]
    fn identical_schemas_have_no_breaking_change() {
        assert!(diff(base(), base()).is_empty());
    }

    #[test]
    fn removed_field_is_named() {
        let mut new = base();
        new["properties"].as_object_mut().unwrap().remove("dateline");
        new["required"] = json!(["id", "kind", "source"]);
        assert_eq!(diff(base(), new), vec!["article: field `dateline` removed"]);
    }

    #[test]
    fn nested_removed_and_retyped_fields_are_named() {
        let mut new = base();
        new["$defs"]["Source"]["properties"] = json!({"path": {"type": "integer"}});
        let changes = diff(base(), new.clone());
        assert!(
            changes.contains(&"article: field `source.path` retyped from string to integer".to_string()),
            "{changes:?}"
        );
        new["$defs"]["Source"]["properties"] = json!({});
        let changes = diff(base(), new);
        assert!(changes.contains(&"article: field `source.path` removed".to_string()), "{changes:?}");
    }

    #[test]
    fn new_required_field_and_lost_null_are_breaking() {
        let mut new = base();
        new["properties"]["extra"] = json!({"type": "string"});
        new["required"] = json!(["id", "dateline", "kind", "source", "extra"]);
        new["properties"]["dateline"] = json!({"type": "string"});
        let changes = diff(base(), new);
        assert!(changes.contains(&"article: new required field `extra`".to_string()), "{changes:?}");
        assert!(
            changes.contains(&"article: field `dateline` is no longer nullable".to_string()),
            "{changes:?}"
        );
    }

    #[test]
    fn enum_value_removed_is_breaking_but_added_is_not() {
        let mut new = base();
        new["$defs"]["Kind"] = json!({"type": "string", "enum": ["a", "b", "c", "d"]});
        assert!(diff(base(), new.clone()).is_empty());
        new["$defs"]["Kind"] = json!({"type": "string", "enum": ["a", "c"]});
        assert_eq!(diff(base(), new), vec!["article: field `kind`: value \"b\" is no longer allowed"]);
    }

    #[test]
    fn tightened_constraints_and_closed_objects_are_breaking() {
        let mut new = base();
        new["properties"]["tags"]["items"]["maxLength"] = json!(10);
        new["$defs"]["Source"]["additionalProperties"] = json!(false);
        let changes = diff(base(), new);
        assert!(
            changes.iter().any(|c| c.contains("`tags[]`: constraint `maxLength` tightened")),
            "{changes:?}"
        );
        assert!(changes.iter().any(|c| c.contains("`source`: additional properties")), "{changes:?}");
    }

    #[test]
    fn loosening_is_not_breaking() {
        let mut new = base();
        new["properties"]["note"] = json!({"type": ["string", "null"]});
        new["properties"]["id"] = json!({"type": ["string", "null"]});
        new["additionalProperties"] = json!(true);
        new["properties"]["tags"]["items"]["maxLength"] = json!(100);
        assert!(diff(base(), new).is_empty());
    }

    #[test]
    fn removed_schema_is_breaking() {
        let changes = breaking_changes(&[("event".into(), base())], &[]);
        assert_eq!(changes, vec!["event: schema removed"]);
    }

    #[test]
    fn recursive_refs_terminate() {
        let tree = json!({"$ref": "#/$defs/Node", "$defs": {"Node": {"type": "object",
            "properties": {"children": {"type": "array", "items": {"$ref": "#/$defs/Node"}}}}}});
        assert!(diff(tree.clone(), tree).is_empty());
    }

    #[test]
    fn current_model_schemas_compare_clean_with_themselves() {
        let schemas: Vec<(String, Value)> =
            tally_model::schemas().into_iter().map(|s| (s.name.to_string(), s.schema)).collect();
        assert!(breaking_changes(&schemas, &schemas).is_empty());
    }
}
