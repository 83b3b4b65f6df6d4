//! The in-place representation held to serde_json: the same values, the same
//! texts accepted, and the same validity under every schema Tally publishes.

use super::*;

fn parses(text: &str) -> bool {
    FlatDoc::parse(text, Vec::new()).is_ok()
}

#[test]
fn reads_back_every_kind_of_value() {
    let text = r#" {"s": "h\u00e9llo\n", "p": "plain", "n": -12.5e1, "i": 42, "t": true,
        "f": false, "z": null, "a": [1, [2, {}], []], "o": {"k": "v"}} "#;
    let doc = FlatDoc::parse(text, Vec::new()).expect("parses");
    let expected: Value = serde_json::from_str(text).unwrap();
    assert_eq!(doc.root().to_value().into_owned(), expected);
    let object = doc.root().as_object().unwrap();
    let get = |k: &str| object.get(&FlatJson::prepare_key(k)).unwrap();
    assert_eq!(get("s").as_string().as_deref(), Some("héllo\n"));
    assert_eq!(get("p").as_string().as_deref(), Some("plain"));
    assert_eq!(get("n").as_number().and_then(|n| n.as_f64()), Some(-125.0));
    assert_eq!(get("i").as_number().and_then(|n| n.as_u64()), Some(42));
    assert_eq!(get("a").as_array().unwrap().len(), 3);
    assert_eq!(get("o").json_type(), JsonType::Object);
    assert!(object.get(&FlatJson::prepare_key("missing")).is_none());
    let names: Vec<&str> = object.members().map(|(name, _)| name).collect();
    assert_eq!(names, ["s", "p", "n", "i", "t", "f", "z", "a", "o"]);
}

#[test]
fn rejects_what_serde_json_rejects() {
    for bad in [
        "",
        " ",
        "{",
        "[1,]",
        "[1 2]",
        "{\"a\" 1}",
        "{\"a\":1,}",
        "01",
        "1.",
        "-",
        "1e",
        ".5",
        "tru",
        "nul",
        "\"\\x\"",
        "\"\\ud800\"",
        "\"\\udc00\"",
        "\"\\ud800\\u0041\"",
        "\"a\nb\"",
        "1e400",
        "[] []",
        "\"unterminated",
        "{1:2}",
    ] {
        assert!(serde_json::from_str::<Value>(bad).is_err(), "serde_json accepts {bad:?}");
        assert!(!parses(bad), "parsed {bad:?}");
    }
}

#[test]
fn declines_what_it_cannot_represent_exactly() {
    assert!(!parses(r#"{"a": 1, "a": 2}"#), "a repeated name");
    assert!(!parses(r#"{"\u0061": 1}"#), "an escaped name");
    let deep = format!("{}{}", "[".repeat(MAX_DEPTH + 1), "]".repeat(MAX_DEPTH + 1));
    assert!(!parses(&deep));
    let ok = format!("{}{}", "[".repeat(MAX_DEPTH), "]".repeat(MAX_DEPTH));
    assert!(parses(&ok));
}

#[test]
fn passes_the_representation_contract() {
    let text = jsonschema::json::conformance::document().to_string();
    let doc = FlatDoc::parse(&text, Vec::new()).expect("parses");
    jsonschema::json::conformance::assert_conformance::<FlatJson>(&doc.root());
}

use proptest::prelude::*;
use serde_json::{json, Map};

/// Whether `node` reads, through every accessor the validator uses, as `value`.
fn reads_as(node: FlatNode<'_>, value: &Value) -> bool {
    let same_scalar = match value {
        Value::Null => node.is_null(),
        Value::Bool(b) => node.as_boolean() == Some(*b),
        Value::Number(n) => node.as_number().is_some_and(|m| {
            m.as_f64() == n.as_f64() && m.as_i64() == n.as_i64() && m.as_u64() == n.as_u64()
        }),
        Value::String(s) => {
            node.as_string().as_deref() == Some(s.as_str()) && node.equals_value(value) && node.is_string()
        }
        Value::Array(items) => node.as_array().is_some_and(|array| {
            array.len() == items.len() && array.elements().zip(items).all(|(n, v)| reads_as(n, v))
        }),
        Value::Object(members) => node.as_object().is_some_and(|object| {
            object.len() == members.len()
                && object.members().all(|(name, n)| members.get(name).is_some_and(|v| reads_as(n, v)))
                && members
                    .iter()
                    .all(|(name, v)| object.get(&FlatJson::prepare_key(name)).is_some_and(|n| reads_as(n, v)))
        }),
    };
    same_scalar && node.json_type() == (&value).json_type() && node.to_value().as_ref() == value
}

fn depth(value: &Value) -> usize {
    match value {
        Value::Array(items) => 1 + items.iter().map(depth).max().unwrap_or(0),
        Value::Object(members) => 1 + members.values().map(depth).max().unwrap_or(0),
        _ => 0,
    }
}

/// Whether some member name needs an escape in JSON (the parser declines those).
fn has_escaped_name(value: &Value) -> bool {
    match value {
        Value::Array(items) => items.iter().any(has_escaped_name),
        Value::Object(members) => members.iter().any(|(name, v)| {
            serde_json::to_string(name).is_ok_and(|quoted| quoted.contains('\\')) || has_escaped_name(v)
        }),
        _ => false,
    }
}

fn text_strategy() -> impl Strategy<Value = String> {
    // Quotes, backslashes, control characters, non-ASCII and astral characters, dates.
    prop_oneof![
        "[a-z\"\\\\\u{0}-\u{1f}\u{7f}é€😀 /]{0,12}",
        "[0-9]{4}-[0-9]{2}-[0-9]{2}",
        Just(String::new()),
    ]
}

fn json_strategy() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        any::<u64>().prop_map(Value::from),
        (-3i64..1000).prop_map(Value::from),
        any::<f64>().prop_filter("JSON has no NaN or infinity", |f| f.is_finite()).prop_map(Value::from),
        text_strategy().prop_map(Value::String),
    ];
    leaf.prop_recursive(5, 48, 6, |inner| {
        let name = prop_oneof![4 => "[a-e]", 1 => text_strategy()];
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            prop::collection::btree_map(name, inner, 0..6)
                .prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}

/// A schema using the keywords jsonschema implements per representation,
/// loose enough that random values pass it about as often as they fail.
fn keyword_schema() -> Value {
    json!({
        "$defs": {"short": {"type": "string", "minLength": 1, "maxLength": 3}},
        "anyOf": [
            {"type": "array", "items": {"type": ["integer", "string", "null"]}, "maxItems": 4, "uniqueItems": true},
            {"type": "object",
             "properties": {"a": {"$ref": "#/$defs/short"}, "b": {"enum": [null, true, "x", 1, [1], {"k": 1}]}},
             "additionalProperties": {"type": ["number", "array", "boolean"]},
             "propertyNames": {"pattern": "^[a-e]$"},
             "required": ["a"]},
            {"type": "object", "minProperties": 3, "not": {"required": ["c"]}},
            {"type": "object", "propertyNames": {"enum": [null, "a", "b", 1]}, "maxProperties": 2},
            {"type": "string", "format": "date"},
            {"type": "string", "pattern": "^[a-z]*$"},
            {"const": 0},
            {"type": "number", "minimum": 0, "exclusiveMaximum": 1000, "multipleOf": 1},
            {"oneOf": [{"type": "boolean"}, {"const": false}]}
        ]
    })
}

/// The validity of `value` (given as `text`) under `schema`, through `Value` and in place.
fn validity_both_ways(schema: &Value, value: &Value, text: &str) -> (bool, Option<bool>) {
    let by_value = crate::compile_schema(schema).expect("compiles").is_valid(value);
    let in_place = FlatDoc::parse(text, Vec::new())
        .ok()
        .map(|doc| crate::compile_schema_for::<FlatJson>(schema).expect("compiles").is_valid(doc.root()));
    (by_value, in_place)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(1024))]

    #[test]
    fn reads_every_value_as_serde_json_does(value in json_strategy(), pretty in any::<bool>()) {
        let text = if pretty { serde_json::to_string_pretty(&value) } else { serde_json::to_string(&value) }.unwrap();
        // serde_json's own reading of the text, not `value`: its float parsing may differ in the last bit.
        let expected: Value = serde_json::from_str(&text).unwrap();
        match FlatDoc::parse(&text, Vec::new()) {
            Ok(doc) => prop_assert!(reads_as(doc.root(), &expected), "{text}"),
            Err(_) => prop_assert!(has_escaped_name(&value) || depth(&value) > MAX_DEPTH, "declined {text}"),
        }
    }

    #[test]
    fn accepts_no_text_serde_json_rejects(value in json_strategy(), cut in any::<prop::sample::Index>(),
                                          piece in prop_oneof![
                                              "[\"\\\\,:{}\\[\\]eE.+0-9 \n\u{1}-]",
                                              "\\\\[a-z\"/]",
                                              "\\\\u[0-9a-fA-FxX]{0,4}",
                                              Just(r"\ud800".to_string()),
                                              Just(r"\udc00\u0041".to_string()),
                                              "(true|false|null|tru|nul|fals)",
                                              "-?[0-9]{0,3}(\\.[0-9]{0,2})?([eE][+-]?[0-9]{0,4})?",
                                          ],
                                          replace in 0usize..3) {
        let text = serde_json::to_string(&value).unwrap();
        let at = cut.index(text.len() + 1);
        let mut bytes = text.as_bytes()[..at].to_vec();
        bytes.extend_from_slice(piece.as_bytes());
        bytes.extend_from_slice(text.as_bytes().get(at + replace..).unwrap_or_default());
        if let Ok(text) = std::str::from_utf8(&bytes) {
            if FlatDoc::parse(text, Vec::new()).is_ok() {
                prop_assert!(serde_json::from_str::<Value>(text).is_ok(), "accepted {text}");
            }
        }
    }

    /// A string literal is read, or rejected, exactly as serde_json does.
    #[test]
    fn reads_string_literals_as_serde_json_does(pieces in prop::collection::vec(prop_oneof![
        4 => "[a-z é😀]{1,3}",
        3 => "\\\\[bfnrt\"/\\\\]",
        1 => "\\\\[a-z]",
        1 => "\\\\u[0-9a-fA-FxX]{0,4}",
        2 => "\\\\u[dD][89abAB][0-9a-f]{2}",
        2 => "\\\\u[dD][c-fC-F][0-9a-f]{2}",
        1 => "[\u{0}-\u{1f}\u{7f}]",
    ], 0..6), open in prop::bool::weighted(0.1)) {
        let text = format!("\"{}{}", pieces.concat(), if open { "" } else { "\"" });
        let expected = serde_json::from_str::<Value>(&text).ok();
        let read = FlatDoc::parse(&text, Vec::new()).ok().map(|doc| doc.root().to_value().into_owned());
        prop_assert_eq!(read.is_some(), expected.is_some(), "{}", text);
        if let (Some(expected), Ok(doc)) = (expected, FlatDoc::parse(&text, Vec::new())) {
            prop_assert!(reads_as(doc.root(), &expected), "{}", text);
        }
    }

    /// A number literal is read, or rejected, exactly as serde_json does.
    #[test]
    fn reads_number_literals_as_serde_json_does(text in "-?-?[0-9]{0,22}(\\.[0-9]{0,3})?([eE][+-]?[0-9]{0,4})?\\.?") {
        let expected = serde_json::from_str::<Value>(&text).ok();
        let parsed = FlatDoc::parse(&text, Vec::new());
        prop_assert_eq!(parsed.is_ok(), expected.is_some(), "{}", text);
        if let (Some(expected), Ok(doc)) = (expected, parsed) {
            prop_assert!(reads_as(doc.root(), &expected), "{}", text);
        }
    }

    #[test]
    fn judges_random_values_as_serde_json_does(value in json_strategy()) {
        let text = serde_json::to_string(&value).unwrap();
        let (by_value, in_place) = validity_both_ways(&keyword_schema(), &value, &text);
        if let Some(in_place) = in_place {
            prop_assert_eq!(in_place, by_value, "{}", text);
        }
    }
}

/// The article records of the embedded corpus, as `Value`s.
fn seed_articles() -> &'static [Value] {
    static SEEDS: std::sync::OnceLock<Vec<Value>> = std::sync::OnceLock::new();
    SEEDS.get_or_init(normalised_seeds)
}

fn normalised_seeds() -> Vec<Value> {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../data/articles");
    let mut paths: Vec<_> = std::fs::read_dir(dir).unwrap().map(|e| e.unwrap().path()).collect();
    paths.sort();
    paths
        .iter()
        .map(|p| {
            let doc = tally_parser::normalise(&p.display().to_string(), &std::fs::read(p).unwrap()).unwrap();
            serde_json::to_value(&doc.article).unwrap()
        })
        .collect()
}

/// One change to a record, at the node with pre-order index `target`.
#[derive(Debug, Clone)]
enum Change {
    Replace(Value),
    RemoveMember(prop::sample::Index),
    AddMember(String, Value),
}

/// Applies `change` at the `target`-th node of `value` in pre-order; returns the nodes left to count.
fn apply(value: &mut Value, target: usize, change: &Change) -> Option<usize> {
    if target == 0 {
        match (change, &mut *value) {
            (Change::RemoveMember(i), Value::Object(members)) if !members.is_empty() => {
                let name = members.keys().nth(i.index(members.len())).cloned().unwrap();
                members.remove(&name);
            }
            (Change::AddMember(name, v), Value::Object(members)) => {
                members.insert(name.clone(), v.clone());
            }
            (Change::Replace(v), _) => *value = v.clone(),
            // Removing from or adding to what is not an object changes nothing.
            _ => {}
        }
        return None;
    }
    let mut left = target - 1;
    let children: Vec<&mut Value> = match value {
        Value::Array(items) => items.iter_mut().collect(),
        Value::Object(members) => members.values_mut().collect(),
        _ => Vec::new(),
    };
    for child in children {
        left = apply(child, left, change)?;
    }
    Some(left)
}

fn change_strategy() -> impl Strategy<Value = Change> {
    let small = prop_oneof![
        Just(Value::Null),
        Just(json!(-1)),
        Just(json!(1.5)),
        Just(json!("2025-06-01")),
        Just(json!("2025-13-40")),
        Just(json!("")),
        Just(json!([])),
        Just(json!({})),
        Just(json!(true)),
        Just(json!("paragraph")),
    ];
    prop_oneof![
        4 => prop_oneof![small.clone(), json_strategy()].prop_map(Change::Replace),
        2 => any::<prop::sample::Index>().prop_map(Change::RemoveMember),
        1 => ("[a-z_]{1,8}", small).prop_map(|(n, v)| Change::AddMember(n, v)),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    /// Records one or two changes away from a real one, where the schemas'
    /// decisions lie: in place and through `Value`, each is valid or not alike.
    #[test]
    fn judges_changed_records_as_serde_json_does(seed in any::<prop::sample::Index>(),
                                                 changes in prop::collection::vec((any::<usize>(), change_strategy()), 0..3)) {
        let seeds = seed_articles();
        let mut record = seeds[seed.index(seeds.len())].clone();
        for (target, change) in &changes {
            let nodes = count_nodes(&record);
            apply(&mut record, target % nodes, change);
        }
        let schema = tally_model::schemas().into_iter().find(|s| s.name == "article").unwrap().schema;
        let text = serde_json::to_string(&record).unwrap();
        match validity_both_ways(&schema, &record, &text) {
            (by_value, Some(in_place)) => prop_assert_eq!(in_place, by_value, "{:?}", changes),
            (_, None) => prop_assert!(has_escaped_name(&record) || depth(&record) > MAX_DEPTH, "declined {}", text),
        }
    }
}

fn count_nodes(value: &Value) -> usize {
    1 + match value {
        Value::Array(items) => items.iter().map(count_nodes).sum(),
        Value::Object(members) => members.values().map(count_nodes).sum(),
        _ => 0,
    }
}

#[test]
fn every_seed_record_is_valid_in_place() {
    let validator = crate::Validator::from_model().unwrap();
    for record in seed_articles() {
        let text = serde_json::to_string(&record).unwrap();
        assert!(validator.valid_in_place("article", &text), "{text}");
    }
}

#[test]
fn object_members_keep_document_order() {
    let text = r#"{"b": 1, "a": {"z": [], "y": null}}"#;
    let doc = FlatDoc::parse(text, Vec::new()).unwrap();
    let root = doc.root();
    let names: Vec<&str> = root.as_object().unwrap().members().map(|(n, _)| n).collect();
    assert_eq!(names, ["b", "a"]);
    let expected: Map<String, Value> = serde_json::from_str(text).unwrap();
    assert!(reads_as(root, &Value::Object(expected)));
}
/// Every ASCII character raw in a string, and after a backslash, is
/// accepted or rejected as serde_json does, and read the same.
#[test]
fn reads_every_single_character_and_escape_as_serde_json_does() {
    let mut texts = Vec::new();
    for c in (0u8..=0x7f).map(char::from).chain(['é', '😀']) {
        texts.push(format!("\"{c}\""));
        texts.push(format!("\"\\{c}\""));
    }
    for code in
        ["0041", "00e9", "d83d", "de00", "d83d\\ude00", "d83d\\u0041", "dbff\\udfff", "DC00", "12", "12g4"]
    {
        texts.push(format!("\"\\u{code}\""));
    }
    for text in texts {
        let expected = serde_json::from_str::<Value>(&text).ok();
        match FlatDoc::parse(&text, Vec::new()) {
            Ok(doc) => assert!(expected.is_some_and(|v| reads_as(doc.root(), &v)), "{text:?}"),
            Err(_) => assert!(expected.is_none(), "rejected {text:?}"),
        }
    }
}

/// The nodes recorded while writing `value`, checked against parsing what was written.
fn index_matches_parse<T: serde::Serialize + ?Sized>(value: &T) -> Result<(), String> {
    let mut indexed = IndexedText::of(value, Vec::new()).map_err(|e| e.to_string())?;
    let text = indexed.text.clone();
    if text != serde_json::to_string(value).unwrap() {
        return Err(format!("wrote other bytes than serde_json: {text}"));
    }
    let recorded = indexed.doc().map(|doc| doc.into_entries());
    let parsed = FlatDoc::parse(&text, Vec::new()).ok().map(|doc| doc.into_entries());
    if recorded != parsed {
        return Err(format!("recorded {recorded:?}\nparsed {parsed:?}\nfor {text}"));
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(1024))]

    #[test]
    fn records_the_nodes_a_parse_finds(value in json_strategy()) {
        prop_assert_eq!(index_matches_parse(&value), Ok(()));
    }

    /// Map keys that are numbers or booleans are written inside quotes, as names.
    #[test]
    fn records_number_and_boolean_names(numbers in prop::collection::btree_map(any::<i64>(), any::<bool>(), 0..5),
                                        flags in prop::collection::btree_map(any::<bool>(), -2.5f64..2.5, 0..3)) {
        prop_assert_eq!(index_matches_parse(&(numbers, flags)), Ok(()));
    }
}

#[test]
fn records_the_nodes_of_typed_records() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../data/articles");
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        let doc =
            tally_parser::normalise(&path.display().to_string(), &std::fs::read(&path).unwrap()).unwrap();
        assert_eq!(index_matches_parse(&doc.article), Ok(()), "{}", path.display());
    }
    // Non-finite floats are written as null; repeated and escaped names are declined alike.
    let odd = (f64::NAN, Pairs(vec![("a", 1), ("b", 2)]), Pairs(vec![("\n", 0)]));
    assert_eq!(index_matches_parse(&odd), Ok(()));
    for depth in [MAX_DEPTH, MAX_DEPTH + 1] {
        let nested = (0..depth).fold(json!(1), |inner, _| json!([inner]));
        assert_eq!(index_matches_parse(&nested), Ok(()), "depth {depth}");
    }
    let repeated = Pairs(vec![("a", 1), ("a", 2)]);
    assert_eq!(index_matches_parse(&repeated), Ok(()));
    assert!(IndexedText::of(&repeated, Vec::new()).unwrap().doc().is_none());
    assert!(IndexedText::of(&odd, Vec::new()).unwrap().doc().is_none());
}

/// A map written from pairs, names repeated or not.
struct Pairs(Vec<(&'static str, i32)>);

impl serde::Serialize for Pairs {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_map(self.0.iter().map(|(k, v)| (k, v)))
    }
}

#[test]
fn serialise_and_validate_matches_validating_the_text() {
    let validator = crate::Validator::from_model().unwrap();
    for (index, record) in seed_articles().iter().enumerate() {
        let mut broken = record.clone();
        broken["published"] = json!({"start": "2025-02-30"});
        for value in [record, &broken] {
            let (line, violations) = validator.serialise_and_validate("article", value).unwrap();
            assert_eq!(line, serde_json::to_string(value).unwrap());
            assert_eq!(violations, validator.validate_text("article", &line), "seed {index}");
            assert_eq!(violations.is_empty(), value == record, "seed {index}");
        }
    }
}
