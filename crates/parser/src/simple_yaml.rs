//! A fast reader for the plain shape most front matter has — `key: value`
//! lines (an unquoted value may go on over indented lines, a double-quoted
//! one too), `key:` followed by `  - item` lines or by `  key: value` lines
//! (one level of nesting, one-line values), full-line comments, single- or
//! double-quoted values — giving exactly the [`serde_yaml_ng::Value`] the
//! YAML crate gives for the same text. Anything outside that shape (deeper
//! nesting, escapes, multi-line single-quoted scalars, flow collections,
//! anchors, tags, tabs, CR, unusual characters) returns `None` and is left
//! to the crate, which also owns every error message.
//!
//! Why: the crate builds a full event stream for a few lines of metadata and
//! took about a tenth of a build's time. Plain scalars that YAML might read as
//! something other than a string (numbers, booleans, null, dates are strings
//! but start with a digit) are typed by the crate itself, one scalar at a
//! time (each text typed once per thread), so the typing rules are never
//! re-implemented here.

use std::cell::RefCell;
use std::collections::HashMap;

use serde_yaml_ng::{Mapping, Value};

/// The value of `yaml` (the text between the `---` lines), or `None` when
/// the text is not in the plain shape this reader knows.
pub fn parse(yaml: &str) -> Option<Value> {
    if !all_plain_chars(yaml) {
        return None;
    }
    let mut map = Mapping::new();
    // The key whose value is written on the indented lines under it (items
    // or entries), with their indentation once the first line fixes it.
    let mut nested: Option<Nested> = None;
    // The key whose value is an unquoted scalar, with its text so far: the
    // next lines may continue it (indented), and it is typed once whole.
    let mut plain: Option<(Value, String)> = None;
    // The key whose double-quoted value goes on over the next lines.
    let mut quoted: Option<(Value, Quoted)> = None;
    // A blank or comment line since the last entry line: a continuation
    // after one is folded differently, and is left to the crate.
    let mut interrupted = false;
    let mut rest = Some(yaml);
    while let Some(text) = rest {
        let line = match memchr::memchr(b'\n', text.as_bytes()) {
            Some(i) => {
                rest = Some(&text[i + 1..]);
                &text[..i]
            }
            None => {
                rest = None;
                text
            }
        };
        if let Some((_, q)) = quoted.as_mut() {
            if let Some(value) = q.push_line(line)? {
                let (key, _) = quoted.take().expect("a quoted scalar under way");
                insert(&mut map, key, value)?;
                interrupted = false;
            }
            continue;
        }
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
            // Otherwise only a line of the nested value under way may be indented.
            nested.as_mut()?.push_line(indent, &line[indent..])?;
            interrupted = false;
            continue;
        }
        end_plain(&mut map, plain.take())?;
        end_nested(&mut map, nested.take())?;
        interrupted = false;
        let (key, rest) = line.split_once(':')?;
        if !is_plain_key(key) {
            return None;
        }
        let key = Value::String(key.to_string());
        if rest.bytes().all(|b| b == b' ') {
            nested = Some(Nested { key, under: Under::Nothing, indent: None });
            continue;
        }
        let value = rest.strip_prefix(' ')?.trim_matches(' ');
        if let Some(open) = Quoted::open(value) {
            quoted = Some((key, open));
        } else if value.starts_with(['\'', '"']) {
            insert(&mut map, key, scalar(value)?)?;
        } else {
            plain = Some((key, value.to_string()));
        }
    }
    if quoted.is_some() {
        return None; // never closed: the crate's error
    }
    end_plain(&mut map, plain)?;
    end_nested(&mut map, nested)?;
    Some(if map.is_empty() { Value::Null } else { Value::Mapping(map) })
}

/// Whether every character of `yaml` is one [`is_plain_char`] accepts: the
/// ASCII bytes checked all at once, then the other characters one by one.
fn all_plain_chars(yaml: &str) -> bool {
    let bytes = yaml.as_bytes();
    // No early exit: the compiler checks many bytes per instruction.
    let ascii_ok =
        bytes.iter().fold(true, |ok, &b| ok & (b >= 0x80 || b == b'\n' || (b' '..=b'~').contains(&b)));
    if !ascii_ok {
        return false;
    }
    let mut i = 0;
    while let Some(run) = ascii_run(&bytes[i..]) {
        i += run;
        let c = yaml[i..].chars().next().expect("a character starts here");
        if !is_plain_char(c) {
            return false;
        }
        i += c.len_utf8();
    }
    true
}

/// How many ASCII bytes start `bytes`, or `None` if all are ASCII (eight
/// bytes at a time).
fn ascii_run(bytes: &[u8]) -> Option<usize> {
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let mut chunks = bytes.chunks_exact(8);
    let mut at = 0;
    for chunk in &mut chunks {
        let word = u64::from_le_bytes(chunk.try_into().expect("eight bytes"));
        if word & HIGH != 0 {
            return Some(at + (word & HIGH).trailing_zeros() as usize / 8);
        }
        at += 8;
    }
    chunks.remainder().iter().position(|&b| b >= 0x80).map(|i| at + i)
}

/// A value written on the indented lines under its key.
struct Nested {
    key: Value,
    under: Under,
    /// The indentation of its lines, fixed by the first.
    indent: Option<usize>,
}

enum Under {
    Nothing,
    Items(Vec<Value>),
    Entries(Mapping),
}

impl Nested {
    /// Reads one line (`text`, after `indent` spaces): an item `- value` or an
    /// entry `key: value` with a one-line value, like the lines before it.
    fn push_line(&mut self, indent: usize, text: &str) -> Option<()> {
        if *self.indent.get_or_insert(indent) != indent {
            return None;
        }
        if let Some(item) = text.strip_prefix("- ") {
            let value = scalar(item)?;
            match &mut self.under {
                Under::Nothing => self.under = Under::Items(vec![value]),
                Under::Items(items) => items.push(value),
                Under::Entries(_) => return None,
            }
            return Some(());
        }
        let (key, rest) = text.split_once(':')?;
        if !is_plain_key(key) {
            return None;
        }
        let value =
            if rest.bytes().all(|b| b == b' ') { Value::Null } else { scalar(rest.strip_prefix(' ')?)? };
        let key = Value::String(key.to_string());
        match &mut self.under {
            Under::Nothing => {
                let mut entries = Mapping::new();
                entries.insert(key, value);
                self.under = Under::Entries(entries);
            }
            Under::Entries(entries) => insert(entries, key, value)?,
            Under::Items(_) => return None,
        }
        Some(())
    }
}

/// A double-quoted scalar going on over more lines (no escapes, no quote
/// inside): its text folded so far, and the line breaks since its last
/// words.
struct Quoted {
    text: String,
    breaks: usize,
}

impl Quoted {
    /// The start of a double-quoted value that its line does not close.
    fn open(value: &str) -> Option<Quoted> {
        let first = value.strip_prefix('"')?;
        if memchr::memchr2(b'"', b'\\', first.as_bytes()).is_some() {
            return None;
        }
        // Spaces before a line break are not part of the scalar.
        Some(Quoted { text: first.trim_end_matches(' ').to_string(), breaks: 1 })
    }

    /// Reads the next line: `Some(Some(value))` when it closes the scalar,
    /// `Some(None)` when it goes on, `None` for a shape left to the crate.
    fn push_line(&mut self, line: &str) -> Option<Option<Value>> {
        let words = line.trim_start_matches(' ');
        if words.is_empty() {
            self.breaks += 1;
            return Some(None);
        }
        if words.len() == line.len() || words.contains('\\') {
            return None; // not indented, or an escape
        }
        let Some(close) = words.find('"') else {
            self.fold(words.trim_end_matches(' '));
            return Some(None);
        };
        if !words[close + 1..].bytes().all(|b| b == b' ') {
            return None;
        }
        // Spaces before the closing quote are kept.
        self.fold(&words[..close]);
        Some(Some(Value::String(std::mem::take(&mut self.text))))
    }

    /// Adds a line's words: one line break between them and the text before
    /// reads as a space, more as all but one of them.
    fn fold(&mut self, words: &str) {
        if self.breaks == 1 {
            self.text.push(' ');
        } else {
            self.text.extend(std::iter::repeat_n('\n', self.breaks - 1));
        }
        self.text.push_str(words);
        self.breaks = 1;
    }
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
        && !has_comment_or_colon_space(more)
        && !more.ends_with(':')
}

/// Whether `text` holds " #" or ": " (one pass over its '#' and ':').
fn has_comment_or_colon_space(text: &str) -> bool {
    let b = text.as_bytes();
    memchr::memchr2_iter(b'#', b':', b).any(|i| match b[i] {
        b'#' => i > 0 && b[i - 1] == b' ',
        _ => b.get(i + 1) == Some(&b' '),
    })
}

/// Adds the key of a finished nested value: a sequence, a mapping, or
/// null when no line followed.
fn end_nested(map: &mut Mapping, nested: Option<Nested>) -> Option<()> {
    let Some(Nested { key, under, .. }) = nested else { return Some(()) };
    let value = match under {
        Under::Nothing => Value::Null,
        Under::Items(items) => Value::Sequence(items),
        Under::Entries(entries) => Value::Mapping(entries),
    };
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
        return single_quoted(inner).map(Value::String);
    }
    if first == '"' {
        let inner = text.strip_prefix('"')?.strip_suffix('"')?;
        return memchr::memchr2(b'"', b'\\', inner.as_bytes())
            .is_none()
            .then(|| Value::String(inner.to_string()));
    }
    // Indicators that start something other than a plain scalar; `-` only
    // before a space (a nested sequence), as in `-5`.
    if "?:,[]{}#&*!|>%@`".contains(first) || text.starts_with("- ") || text == "-" {
        return None;
    }
    // A comment, or a `: ` that would start a nested mapping.
    if has_comment_or_colon_space(text) || text.ends_with(':') {
        return None;
    }
    if might_not_be_a_string(text) {
        // Alone, `---` and `...` would be document markers, not scalars.
        if text.starts_with("---") || text.starts_with("...") {
            return None;
        }
        return typed(text);
    }
    Some(Value::String(text.to_string()))
}

/// The text of a single-quoted scalar from what is between its quotes: `''`
/// is a quote; a lone quote would end the scalar early (`None`).
fn single_quoted(inner: &str) -> Option<String> {
    let b = inner.as_bytes();
    let mut out = String::with_capacity(inner.len());
    let mut copied = 0;
    while let Some(q) = memchr::memchr(b'\'', &b[copied..]).map(|i| copied + i) {
        if b.get(q + 1) != Some(&b'\'') {
            return None;
        }
        out.push_str(&inner[copied..=q]);
        copied = q + 2;
    }
    out.push_str(&inner[copied..]);
    Some(out)
}

/// The texts a thread has had typed at most, and the longest kept.
const TYPED_CACHED: usize = 256;
const TYPED_CACHED_LEN: usize = 32;

/// A plain scalar typed by the crate. The same few (`weight: 1`, `draft:
/// false`) come back in file after file, and the crate sets up a whole
/// parser for each: the answers for short texts are kept per thread.
fn typed(text: &str) -> Option<Value> {
    thread_local! {
        static TYPED: RefCell<HashMap<String, Option<Value>>> = RefCell::new(HashMap::new());
    }
    if text.len() > TYPED_CACHED_LEN {
        return serde_yaml_ng::from_str(text).ok();
    }
    TYPED.with_borrow_mut(|cache| {
        if let Some(value) = cache.get(text) {
            return value.clone();
        }
        let value: Option<Value> = serde_yaml_ng::from_str(text).ok();
        if cache.len() < TYPED_CACHED {
            cache.insert(text.to_string(), value.clone());
        }
        value
    })
}

#[cfg(test)]
pub(crate) mod tests {
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
        let yaml = "title: \"A long title,\n  folded  \n\n  over lines \"\nimage:\n  uid: x\n  alt:\n";
        let value = parse(yaml).expect("plain shape");
        assert_eq!(Some(&value), crate_value(yaml).as_ref());
        assert_eq!(value["title"], Value::String("A long title, folded\nover lines ".into()));
        assert_eq!(value["image"]["uid"], Value::String("x".into()));
        assert_eq!(value["image"]["alt"], Value::Null);
    }

    #[test]
    fn leaves_other_shapes_to_the_crate() {
        for yaml in [
            "image:\n  uid: x\n    more: x\n",
            "image:\n  uid: x\n  - x\n",
            "image:\n  - x\n  uid: x\n",
            "image:\n  uid: x\n  uid: y\n",
            "image:\n  uid: x\n continued\n",
            "image:\n  alt: \"a\n    b\"\n",
            "title: \"a\nb\"\n",
            "title: \"a\n  b\\\"\n",
            "title: \"a\n  b\" c\n",
            "title: \"a\n  b\n",
            "title: 'a\n  b'\n",
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
    pub(crate) fn line() -> impl Strategy<Value = String> {
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
        // Lines under a key: mostly entries or items at one indentation,
        // sometimes at another, sometimes with nothing after the colon.
        let entry = prop_oneof![
            4 => (key.clone(), " {0,2}", value.clone()).prop_map(|(k, s, v)| format!("{k}:{s}{v}")),
            1 => (key.clone(), " {0,2}").prop_map(|(k, s)| format!("{k}:{s}")),
            1 => value.clone().prop_map(|v| format!("- {v}")),
            1 => word(),
        ];
        let entries = " {1,3}".prop_flat_map(move |indent| {
            let indent = prop_oneof![8 => Just(indent), 1 => " {0,5}".boxed()];
            proptest::collection::vec((indent, entry.clone()), 1..4)
                .prop_map(|lines| lines.iter().map(|(i, e)| format!("\n{i}{e}")).collect::<String>())
        });
        // A double-quoted value going on over lines, closed or not, with
        // something after the closing quote or not.
        let quoted_lines = proptest::collection::vec(("\n{0,2}", " {0,3}", word()), 0..4).prop_map(|lines| {
            lines.iter().map(|(blank, indent, w)| format!("{blank}\n{indent}{w}")).collect::<String>()
        });
        let close = prop_oneof![
            4 => Just("\""),
            1 => Just("\"  "),
            1 => Just("\" #"),
            1 => Just("\":"),
            1 => Just("\n  \""),
            1 => Just("\nx\""),
            1 => Just("\n\n \" "),
            1 => Just(""),
        ];
        let quoted = (word(), quoted_lines, close).prop_map(|(w, more, close)| format!("\"{w}{more}{close}"));
        prop_oneof![
            6 => (key.clone(), " {1,2}", value.clone()).prop_map(|(k, s, v)| format!("{k}:{s}{v}")),
            3 => (key.clone(), items).prop_map(|(k, items)| format!("{k}:{items}")),
            3 => (key.clone(), entries).prop_map(|(k, entries)| format!("{k}:{entries}")),
            3 => (key.clone(), value, continued).prop_map(|(k, v, more)| format!("{k}: {v}{more}")),
            3 => (key.clone(), quoted).prop_map(|(k, q)| format!("{k}: {q}")),
            1 => Just("# comment".to_string()),
            1 => Just(String::new()),
            1 => word(),
        ]
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(4000))]
        #[test]
        fn single_quoted_text_is_read_as_split_and_replaced(text in "[' a\u{a0}é]{0,12}") {
            let by_split = (!text.split("''").any(|part| part.contains('\''))).then(|| text.replace("''", "'"));
            prop_assert_eq!(single_quoted(&text), by_split, "{:?}", text);
        }

        #[test]
        fn comments_and_colons_are_found_as_by_two_searches(text in "[ #:a\u{a0}é]{0,12}") {
            prop_assert_eq!(has_comment_or_colon_space(&text), text.contains(" #") || text.contains(": "));
        }

        /// The byte-wise check accepts the texts the character-wise one did.
        #[test]
        fn plain_chars_are_checked_as_one_by_one(parts in proptest::collection::vec(prop_oneof![
            4 => "[a-z :#\n]{0,20}",
            1 => Just("\t".to_string()), 1 => Just("\r".to_string()), 1 => Just("\u{7f}".to_string()), 1 => Just("\u{1}".to_string()), 1 => Just("~".to_string()),
            1 => Just("é".to_string()), 1 => Just("’".to_string()), 1 => Just("\u{85}".to_string()), 1 => Just("\u{a0}".to_string()), 1 => Just("\u{2028}".to_string()),
            1 => Just("\u{2029}".to_string()), 1 => Just("\u{feff}".to_string()), 1 => Just("\u{fffe}".to_string()), 1 => Just("😀".to_string()),
            1 => Just("\u{d7ff}".to_string()), 1 => Just("\u{e000}".to_string()), 1 => Just("\u{9f}".to_string()),
        ], 0..12)) {
            let text = parts.concat();
            prop_assert_eq!(all_plain_chars(&text), text.chars().all(is_plain_char), "{:?}", text);
        }
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
