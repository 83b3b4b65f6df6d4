//! A fast reader for the plain shape most front matter has — `key: value`
//! lines (an unquoted value may go on over indented lines), `key:` followed
//! by `  - item` lines, full-line comments, single- or double-quoted one-line
//! values — giving exactly the [`serde_yaml_ng::Value`] the YAML crate gives
//! for the same text. Anything outside that shape (nested mappings,
//! multi-line quoted or escaped scalars, flow collections, anchors, tags,
//! tabs, CR, unusual characters) returns `None` and is left to the crate,
//! which also owns every error message.
//!
//! Why: the crate builds a full event stream for a few lines of metadata and
//! took about a tenth of a build's time. Plain scalars that YAML might read as
//! something other than a string (numbers, booleans, null, dates are strings
//! but start with a digit) are typed by the crate itself, one scalar at a
//! time, so the typing rules are never re-implemented here.

use serde_yaml_ng::{Mapping, Value};

/// The value of `yaml` (the text between the `---` lines), or `None` when
/// the text is not in the plain shape this reader knows.
pub fn parse(yaml: &str) -> Option<Value> {
    if !yaml.chars().all(is_plain_char) {
        return None;
    }
    let mut map = Mapping::new();
    // The key whose value is a block sequence being read, with its items'
    // indentation once the first item fixes it.
    let mut list: Option<(Value, Vec<Value>, Option<usize>)> = None;
    // The key whose value is an unquoted scalar, with its text so far: the
    // next lines may continue it (indented), and it is typed once whole.
    let mut plain: Option<(Value, String)> = None;
    // A blank or comment line since the last entry line: a continuation
    // after one is folded differently, and is left to the crate.
    let mut interrupted = false;
    for line in yaml.split('\n') {
        if line.bytes().all(|b| b == b' ') || line.starts_with('#') {
            interrupted = true;
            continue;
        }
        let indent = line.len() - line.trim_start_matches(' ').len();
        if indent > 0 {
            if let Some((_, text)) = plain.as_mut() {
                // A continuation line: folded into the scalar with one space.
                let more = line.trim_matches(' ');
                if interrupted || !is_plain_continuation(more) {
                    return None;
                }
                text.push(' ');
                text.push_str(more);
                continue;
            }
            // Otherwise only an item of the list under way may be indented.
            let (_, items, item_indent) = list.as_mut()?;
            let item = line[indent..].strip_prefix("- ")?;
            if *item_indent.get_or_insert(indent) != indent {
                return None;
            }
            items.push(scalar(item)?);
            interrupted = false;
            continue;
        }
        end_plain(&mut map, plain.take())?;
        end_list(&mut map, list.take())?;
        interrupted = false;
        let (key, rest) = line.split_once(':')?;
        if !is_plain_key(key) {
            return None;
        }
        let key = Value::String(key.to_string());
        if rest.bytes().all(|b| b == b' ') {
            list = Some((key, Vec::new(), None));
            continue;
        }
        let value = rest.strip_prefix(' ')?.trim_matches(' ');
        if value.starts_with(['\'', '"']) {
            insert(&mut map, key, scalar(value)?)?;
        } else {
            plain = Some((key, value.to_string()));
        }
    }
    end_plain(&mut map, plain)?;
    end_list(&mut map, list)?;
    Some(if map.is_empty() { Value::Null } else { Value::Mapping(map) })
}

/// Adds the key of a finished unquoted scalar, typed as a whole.
fn end_plain(map: &mut Mapping, plain: Option<(Value, String)>) -> Option<()> {
    let Some((key, text)) = plain else { return Some(()) };
    insert(map, key, scalar(&text)?)
}

/// A line that continues an unquoted scalar as plain words: nothing that
/// could start a comment, a mapping, a sequence or another kind of scalar.
fn is_plain_continuation(more: &str) -> bool {
    !more.starts_with(|c: char| "-?:,[]{}#&*!|>'\"%@`.".contains(c))
        && !more.contains(" #")
        && !more.contains(": ")
        && !more.ends_with(':')
}

/// Adds the key of a finished list (`key:` and its items): a sequence, or
/// null when no item followed.
fn end_list(map: &mut Mapping, list: Option<(Value, Vec<Value>, Option<usize>)>) -> Option<()> {
    let Some((key, items, _)) = list else { return Some(()) };
    let value = if items.is_empty() { Value::Null } else { Value::Sequence(items) };
    insert(map, key, value)
}

/// Adds a key; a repeated key is left to the crate (which reports it).
fn insert(map: &mut Mapping, key: Value, value: Value) -> Option<()> {
    map.insert(key, value).is_none().then_some(())
}

/// Characters that need no special handling: YAML's printable set without
/// tab, CR, the line breaks YAML 1.1 adds (NEL, LS, PS) and the byte-order
/// mark.
fn is_plain_char(c: char) -> bool {
    matches!(c, '\n' | ' '..='~' | '\u{A0}'..='\u{2027}' | '\u{202A}'..='\u{D7FF}' | '\u{E000}'..='\u{FEFE}' | '\u{FF00}'..='\u{FFFD}')
        || c >= '\u{10000}'
}

/// A key written as a plain identifier that YAML reads as a string.
fn is_plain_key(key: &str) -> bool {
    let mut bytes = key.bytes();
    bytes.next().is_some_and(|b| b.is_ascii_alphabetic() || b == b'_')
        && bytes.all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
        && !might_not_be_a_string(key)
}

/// Whether YAML might read a plain scalar as something other than a string:
/// null, a boolean or a number. Generous: the crate types these. A number
/// is written with ASCII letters, digits, `.` and `_`, and a sign only first
/// or after an exponent's `e`; so `2019-03-26 12:38` or `2025-01-01` are
/// surely strings (dates are not typed by the crate).
fn might_not_be_a_string(s: &str) -> bool {
    let numeric_start = s.starts_with(|c: char| c.is_ascii_digit() || matches!(c, '+' | '-' | '.'));
    let keyword = s == "~" || ["null", "true", "false"].iter().any(|w| s.eq_ignore_ascii_case(w));
    keyword || numeric_start && could_be_a_number(s)
}

fn could_be_a_number(s: &str) -> bool {
    let bytes = s.as_bytes();
    bytes.iter().enumerate().all(|(i, &b)| match b {
        b'+' | b'-' => i == 0 || matches!(bytes[i - 1], b'e' | b'E'),
        _ => b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_'),
    })
}

/// One value written after `key: ` or `- `, on one line.
fn scalar(text: &str) -> Option<Value> {
    let text = text.trim_matches(' ');
    let first = text.chars().next()?;
    if first == '\'' {
        let inner = text.strip_prefix('\'')?.strip_suffix('\'')?;
        // `''` is a quote; a lone quote would end the scalar early.
        return (!inner.split("''").any(|part| part.contains('\'')))
            .then(|| Value::String(inner.replace("''", "'")));
    }
    if first == '"' {
        let inner = text.strip_prefix('"')?.strip_suffix('"')?;
        return (!inner.contains(['"', '\\'])).then(|| Value::String(inner.to_string()));
    }
    // Indicators that start something other than a plain scalar; `-` only
    // before a space (a nested sequence), as in `-5`.
    if "?:,[]{}#&*!|>%@`".contains(first) || text.starts_with("- ") || text == "-" {
        return None;
    }
    // A comment, or a `: ` that would start a nested mapping.
    if text.contains(" #") || text.contains(": ") || text.ends_with(':') {
        return None;
    }
    if might_not_be_a_string(text) {
        // Alone, `---` and `...` would be document markers, not scalars.
        if text.starts_with("---") || text.starts_with("...") {
            return None;
        }
        return serde_yaml_ng::from_str(text).ok();
    }
    Some(Value::String(text.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn crate_value(yaml: &str) -> Option<Value> {
        serde_yaml_ng::from_str(yaml).ok()
    }

    #[test]
    fn reads_the_plain_shape() {
        let yaml = "# a comment\ntitle: 'It''s here'\ndate: 2019-03-26 12:38:00 -0500\nweight: 5\n\
                    authors:\n  - ann-lee\n  - \"Bo Chan\"\ndraft: false\nempty:\nsummary: A: b, c\n";
        // `summary: A: b` has a nested `: `: left to the crate.
        assert_eq!(parse(yaml), None);
        let yaml = yaml.replace("A: b", "A, b");
        let value = parse(&yaml).expect("plain shape");
        assert_eq!(Some(&value), crate_value(&yaml).as_ref());
        assert_eq!(value["title"], Value::String("It's here".into()));
        assert_eq!(value["weight"], crate_value("5").unwrap());
        assert_eq!(value["authors"][1], Value::String("Bo Chan".into()));
        assert_eq!(value["draft"], Value::Bool(false));
        assert_eq!(value["empty"], Value::Null);
    }

    #[test]
    fn leaves_other_shapes_to_the_crate() {
        for yaml in [
            "image:\n  uid: x\n",
            "deck: |\n  text\n",
            "title: x\n\n  continued after a blank line\n",
            "title: 'x'\n  continued after a quoted scalar\n",
            "title: x\n  - continued like an item\n",
            "title: x\n  continued: like a key\n",
            "title: \"a \\\"q\\\"\"\n",
            "a: [1, 2]\n",
            "a: &x 1\n",
            "a:\tb\n",
            "a: b\r\n",
            "a: b # note\n",
            "a:\n- x\n",
            "a:\n  - x\n   - y\n",
            "true: x\n",
            "a: 1\na: 2\n",
        ] {
            assert_eq!(parse(yaml), None, "{yaml:?}");
        }
    }

    /// An entry (a line, or a key and its items) of front matter in or near
    /// the plain shape.
    fn line() -> impl Strategy<Value = String> {
        // Mostly tame text, sometimes any of YAML's indicators and breaks.
        let word = || {
            let tame = proptest::string::string_regex("[a-zA-Z0-9 ,.é'-]{0,12}").expect("a valid pattern");
            let wild = proptest::string::string_regex(
                "[a-zA-Z0-9 _'\"#:,.\\-+~!&*|>\\[\\]{}%@`\\\\\t\u{a0}\u{85}\u{2028}é]{0,12}",
            )
            .expect("a valid pattern");
            prop_oneof![4 => tame, 1 => wild]
        };
        let key = prop_oneof![
            2 => Just("title".to_string()),
            2 => Just("date".to_string()),
            1 => prop_oneof![Just("true".to_string()), Just("Null".to_string())],
            8 => "[a-z_][a-z0-9_-]{0,5}",
        ];
        let value = prop_oneof![
            3 => word(),
            2 => word().prop_map(|w| format!("'{w}'")),
            2 => word().prop_map(|w| format!("\"{w}\"")),
            1 => Just("2024-05-06 10:00:00 -0500".to_string()),
            1 => Just("-5".to_string()),
            1 => Just("0x1F".to_string()),
            1 => Just("1e3".to_string()),
            1 => Just(".inf".to_string()),
            1 => Just("TRUE".to_string()),
            1 => Just("~".to_string()),
            1 => Just("...".to_string()),
            1 => Just("--- x".to_string()),
            1 => Just("-x".to_string()),
            1 => Just("2025-01-01".to_string()),
            1 => Just("-1e-3".to_string()),
            1 => Just("+0o17".to_string()),
            1 => Just("1_000".to_string()),
            1 => "[-+.0-9eE]{1,6}",
        ];
        let items = (" {1,3}", proptest::collection::vec(value.clone(), 0..4))
            .prop_map(|(indent, items)| items.iter().map(|v| format!("\n{indent}- {v}")).collect::<String>());
        // Lines that may continue a scalar: indented, sometimes after a blank line.
        let continued = proptest::collection::vec(("\n{0,2}", " {0,3}", word()), 1..4).prop_map(|lines| {
            lines.iter().map(|(blank, indent, w)| format!("{blank}\n{indent}{w}")).collect::<String>()
        });
        prop_oneof![
            6 => (key.clone(), " {1,2}", value.clone()).prop_map(|(k, s, v)| format!("{k}:{s}{v}")),
            3 => (key.clone(), items).prop_map(|(k, items)| format!("{k}:{items}")),
            3 => (key.clone(), value, continued).prop_map(|(k, v, more)| format!("{k}: {v}{more}")),
            1 => Just("# comment".to_string()),
            1 => Just(String::new()),
            1 => word(),
        ]
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(10000))]
        /// Whenever the fast reader answers, the crate gives the same value.
        #[test]
        fn agrees_with_the_yaml_crate(lines in proptest::collection::vec(line(), 0..8)) {
            let yaml = lines.join("\n");
            if let Some(value) = parse(&yaml) {
                // Debug, not ==: NaN is not equal to itself.
                prop_assert_eq!(format!("{:?}", Some(value)), format!("{:?}", crate_value(&yaml)), "{:?}", yaml);
            }
        }
    }
}
