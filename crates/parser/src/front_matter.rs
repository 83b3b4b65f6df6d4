//! YAML front matter (`---` ... `---` at the top of a file): stated metadata
//! that wins over anything inferred. Errors carry the line and column in the
//! file; keys Tally does not use are reported as warnings.

use chrono::NaiveDate;
use serde_yaml_ng::Value;
use tally_model::{Diagnostic, Span};

/// Metadata stated in front matter.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct FrontMatter {
    pub title: Option<String>,
    pub date: Option<NaiveDate>,
    pub url: Option<String>,
    pub outlet: Option<String>,
    pub authors: Vec<String>,
    pub summary: Option<String>,
    /// Span of the whole block, delimiters included.
    pub span: Span,
    /// Span of each used value's line, for provenance.
    pub title_span: Option<Span>,
    pub date_span: Option<Span>,
    pub url_span: Option<Span>,
}

/// Keys that are read.
const KNOWN: &[&str] = &["title", "date", "url", "outlet", "authors", "author", "summary", "description"];
/// Keys common in static-site front matter that carry no article metadata Tally uses; not worth a warning.
const IGNORED: &[&str] = &[
    "slug",
    "draft",
    "tags",
    "topics",
    "categories",
    "weight",
    "aliases",
    "layout",
    "type",
    "image",
    "images",
    "featured_image",
    "primary_image",
    "image_alt",
    "images_alt",
    "source",
    "sources",
    "lastmod",
    "expirydate",
    "publishdate",
    "kicker",
    "deck",
    "excerpt",
    "event_organizer",
    "youtube_id",
    "youtube_title",
    "youtube_description",
    "youtube_caption",
    "end_date",
    "start_date",
    "host",
    "registration_url",
    "venue",
    "short_title",
    "github",
    "captions",
    "event_platform",
    "address",
    "series",
    "guide",
    "redirect",
    "uid",
    "toc",
    "mtitle",
    "multimedia",
    "project_url",
    "sitemap",
    "featured",
    "resource",
];

/// Unused keys named one by one in a file; the rest are counted in one
/// warning. Locating each key is a search of the block, and a block of
/// thousands of keys is not worth thousands of lines of output.
const MAX_UNUSED_KEY_WARNINGS: usize = 20;

/// Finds front matter at the start of `text` (after a BOM). Returns the
/// metadata, the byte offset where the rest of the document starts, and any
/// warnings; `Err` with every error found when the block is broken.
pub fn split(
    path: &str,
    text: &str,
) -> Result<(Option<FrontMatter>, usize, Vec<Diagnostic>), Vec<Diagnostic>> {
    let mut start = if text.starts_with(crate::decode::BOM) { crate::decode::BOM.len() } else { 0 };
    let content_start = start;
    // Blank lines before the opening delimiter are allowed.
    while let Some(nl) = text[start..].find('\n') {
        if text[start..start + nl].trim().is_empty() {
            start += nl + 1;
        } else {
            break;
        }
    }
    let rest = &text[start..];
    let first_line_end = rest.find('\n').map_or(rest.len(), |i| i + 1);
    if rest[..first_line_end].trim_end() != "---" {
        return Ok((None, content_start, Vec::new()));
    }
    let yaml_start = start + first_line_end;
    let Some((close_start, body_start)) = closing_line(text, yaml_start) else {
        return Err(vec![
            Diagnostic::error(path, "front matter opened with `---` is never closed").at_offset(text, start)
        ]);
    };
    let mut warnings = Vec::new();
    let raw_yaml = &text[yaml_start..close_start];
    // The fast reader declines a repeated key, so only text it declines can
    // have one to drop before the crate reads it.
    let (parsed, yaml_owned) = match crate::simple_yaml::parse(raw_yaml) {
        Some(value) => (Ok(value), std::borrow::Cow::Borrowed(raw_yaml)),
        None => {
            let yaml = drop_duplicate_keys(path, text, yaml_start, raw_yaml, &mut warnings);
            let fast = match &yaml {
                std::borrow::Cow::Owned(yaml) => crate::simple_yaml::parse(yaml),
                std::borrow::Cow::Borrowed(_) => None, // read above
            };
            let parsed = match fast {
                Some(value) => Ok(value),
                None => serde_yaml_ng::from_str(&yaml),
            };
            (parsed, yaml)
        }
    };
    let yaml = &*yaml_owned;
    let mut fm = FrontMatter { span: Span::new(start, body_start), ..Default::default() };
    let mut errors = Vec::new();
    let value: Value = match parsed {
        Ok(v) => v,
        Err(e) => {
            let offset = e.location().map_or(0, |l| l.index());
            return Err(vec![Diagnostic::error(
                path,
                format!("front matter is not valid YAML: {}", strip_location(&e.to_string())),
            )
            .at_offset(text, yaml_start + offset)]);
        }
    };
    let map = match value {
        Value::Mapping(m) => m,
        Value::Null => return Ok((Some(fm), body_start, warnings)),
        _ => {
            return Err(vec![Diagnostic::error(path, "front matter must be a mapping of `key: value` lines")
                .at_offset(text, yaml_start)])
        }
    };
    let mut unused_keys = 0;
    for (key, value) in map {
        let key = match key {
            Value::String(key) => key,
            tagged => match tagged.as_str() {
                Some(key) => key.to_string(),
                None => continue,
            },
        };
        if value.is_null() {
            continue;
        }
        // Looked up only for the keys that need a location (most are ignored).
        let key_offset = || find_key(yaml, &key).map_or(yaml_start, |o| yaml_start + o);
        let line_span = || line_span(text, key_offset());
        let mut wrong = |expected: &str| {
            errors.push(
                Diagnostic::error(path, format!("front matter `{key}` must be {expected}"))
                    .at_offset(text, key_offset()),
            );
        };
        match key.as_str() {
            "title" => match scalar(&value) {
                Some(s) => {
                    fm.title = Some(crate::text::clean_inline(&s));
                    fm.title_span = Some(line_span());
                }
                None => wrong("a string"),
            },
            "summary" | "description" => match scalar(&value) {
                Some(s) => fm.summary = Some(crate::text::clean_inline(&s)),
                None => wrong("a string"),
            },
            "url" => match scalar(&value) {
                Some(s) if crate::text::is_http_url(&s) => {
                    fm.url = Some(s);
                    fm.url_span = Some(line_span());
                }
                _ => wrong("an http(s) URL"),
            },
            "outlet" => match scalar(&value) {
                Some(s) => fm.outlet = Some(s),
                None => wrong("a string"),
            },
            "author" | "authors" => match &value {
                Value::Sequence(items) => {
                    let names: Option<Vec<String>> = items.iter().map(scalar).collect();
                    match names {
                        Some(names) => fm.authors.extend(names),
                        // One error for the key, however many items are wrong.
                        None => wrong("a list of names"),
                    }
                }
                other => match scalar(other) {
                    Some(s) => fm
                        .authors
                        .extend(s.split(" and ").map(|a| a.trim().to_string()).filter(|a| !a.is_empty())),
                    None => wrong("a name or a list of names"),
                },
            },
            "date" => match scalar(&value).as_deref().and_then(parse_date) {
                Some(d) => {
                    fm.date = Some(d);
                    fm.date_span = Some(line_span());
                }
                None => wrong("a date (YYYY-MM-DD) or a date-time with zone"),
            },
            k if IGNORED.contains(&k) || KNOWN.contains(&k) => {}
            _ => {
                unused_keys += 1;
                if unused_keys <= MAX_UNUSED_KEY_WARNINGS {
                    warnings.push(
                        Diagnostic::warning(path, format!("front matter key `{key}` is not used by Tally"))
                            .at_offset(text, key_offset()),
                    );
                }
            }
        }
    }
    if unused_keys > MAX_UNUSED_KEY_WARNINGS {
        warnings.push(
            Diagnostic::warning(
                path,
                format!(
                    "front matter has {} more keys not used by Tally",
                    unused_keys - MAX_UNUSED_KEY_WARNINGS
                ),
            )
            .at_offset(text, yaml_start),
        );
    }
    if errors.is_empty() {
        Ok((Some(fm), body_start, warnings))
    } else {
        Err(errors)
    }
}

/// The first line from `from` on that closes the front matter (`---` or
/// `...`, then only white space): its start and end. Only a line starting
/// `---` or `...` is trimmed and compared.
fn closing_line(text: &str, from: usize) -> Option<(usize, usize)> {
    let line_ends = memchr::memchr_iter(b'\n', &text.as_bytes()[from..])
        .map(|i| from + i + 1)
        .chain((!text.ends_with('\n')).then_some(text.len()));
    let mut pos = from;
    for end in line_ends {
        let line = &text[pos..end];
        if (line.starts_with("---") || line.starts_with("...")) && matches!(line.trim_end(), "---" | "...") {
            return Some((pos, end));
        }
        pos = end;
    }
    None
}

/// Later repeats of a top-level key (with their indented lines) are blanked
/// out, keeping byte offsets, with a warning: the first value wins. The text
/// is copied only when a key repeats.
fn drop_duplicate_keys<'a>(
    path: &str,
    text: &str,
    yaml_start: usize,
    yaml: &'a str,
    warnings: &mut Vec<Diagnostic>,
) -> std::borrow::Cow<'a, str> {
    let mut seen: std::collections::HashSet<&str> = std::collections::HashSet::new();
    let mut out: Option<String> = None;
    let mut blanking = false;
    let mut offset = 0;
    // The file line of each YAML line, counted as they are walked (locating
    // each repeat from the start of the file would be quadratic).
    let (first_line, _) = tally_model::diagnostic::line_column(text, yaml_start);
    for (index, line) in yaml.split_inclusive('\n').enumerate() {
        let top_key = (!line.starts_with([' ', '\t', '-', '#']))
            .then(|| line.split_once(':').map(|(k, _)| k.trim()))
            .flatten()
            .filter(|k| !k.is_empty() && !k.contains(' '));
        if let Some(k) = top_key {
            blanking = !seen.insert(k);
            if blanking {
                warnings.push(
                    Diagnostic::warning(
                        path,
                        format!("front matter key `{k}` repeated; the first value is used"),
                    )
                    .at(first_line + index, 1),
                );
            }
        }
        if blanking {
            let out = out.get_or_insert_with(|| yaml[..offset].to_string());
            out.extend(line.chars().map(|c| if c == '\n' { '\n' } else { ' ' }));
        } else if let Some(out) = out.as_mut() {
            out.push_str(line);
        }
        offset += line.len();
    }
    match out {
        Some(out) => std::borrow::Cow::Owned(out),
        None => std::borrow::Cow::Borrowed(yaml),
    }
}

fn strip_location(message: &str) -> String {
    match message.find(" at line ") {
        Some(i) => message[..i].to_string(),
        None => message.to_string(),
    }
}

fn scalar(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.trim().to_string()),
        Value::Number(n) => Some(n.to_string()),
        Value::Tagged(t) => scalar(&t.value),
        _ => None,
    }
}

fn find_key(yaml: &str, key: &str) -> Option<usize> {
    let mut offset = 0;
    for line in yaml.split_inclusive('\n') {
        if line.starts_with(key) && line[key.len()..].trim_start().starts_with(':') {
            return Some(offset);
        }
        offset += line.len();
    }
    None
}

fn line_span(text: &str, offset: usize) -> Span {
    let end = text[offset..].find('\n').map_or(text.len(), |i| offset + i);
    Span::new(offset, end.max(offset))
}

/// A front-matter date: `YYYY-MM-DD`, or a date-time (RFC 3339 or `YYYY-MM-DD HH:MM[:SS] [zone]`),
/// taken as the calendar date written.
pub fn parse_date(s: &str) -> Option<NaiveDate> {
    let s = s.trim().trim_matches('"').trim_matches('\'');
    if s.len() < 10 || !s.is_char_boundary(10) {
        return None;
    }
    let date = NaiveDate::parse_from_str(&s[..10], "%Y-%m-%d").ok()?;
    let rest = s[10..].trim();
    if rest.is_empty() {
        return Some(date);
    }
    // A time follows: H:MM or HH:MM, optional seconds and zone.
    let time = rest.trim_start_matches(['T', 't']).trim();
    let hour_digits = time.chars().take_while(char::is_ascii_digit).count();
    let ok = (1..=2).contains(&hour_digits)
        && time[hour_digits..].starts_with(':')
        && time[hour_digits + 1..].chars().take_while(char::is_ascii_digit).count() == 2;
    ok.then_some(date)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// `closing_line` as it was: a search for each line's end from its start.
    fn closing_line_by_lines(text: &str, from: usize) -> Option<(usize, usize)> {
        let mut pos = from;
        while pos < text.len() {
            let end = text[pos..].find('\n').map_or(text.len(), |i| pos + i + 1);
            let line = text[pos..end].trim_end();
            if line == "---" || line == "..." {
                return Some((pos, end));
            }
            pos = end;
        }
        None
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(4000))]
        #[test]
        fn the_closing_line_is_found_as_line_by_line(parts in proptest::collection::vec(prop_oneof![
            Just("---"), Just("..."), Just("--"), Just(".."), Just("\n"), Just("\r\n"), Just(" "), Just("\t"),
            Just("\u{a0}"), Just("\u{2028}"), Just("x"), Just("é"), Just(":"),
        ], 0..16), from in 0usize..8) {
            let text = parts.concat();
            let from = (0..=from.min(text.len())).rev().find(|&i| text.is_char_boundary(i)).unwrap_or(0);
            prop_assert_eq!(closing_line(&text, from), closing_line_by_lines(&text, from), "{:?}", text);
        }

        /// Text the fast reader reads has no repeated key: the crate's
        /// fallback alone needs them dropped.
        #[test]
        fn text_the_fast_reader_reads_has_no_key_to_drop(lines in proptest::collection::vec(crate::simple_yaml::tests::line(), 0..8)) {
            let yaml = lines.join("\n");
            if crate::simple_yaml::parse(&yaml).is_some() {
                let text = format!("---\n{yaml}\n---\n");
                let mut warnings = Vec::new();
                let kept = drop_duplicate_keys("f.md", &text, 4, &text[4..4 + yaml.len()], &mut warnings);
                prop_assert!(matches!(kept, std::borrow::Cow::Borrowed(_)) && warnings.is_empty(), "{:?}", yaml);
            }
        }
    }

    #[test]
    fn reads_stated_metadata_and_body_offset() {
        let text = "---\ntitle: \"A day\"\ndate: 2024-05-06 10:00:00 -0500\nauthors: [Ann Lee, Bo Chan]\n---\nBody\n";
        let (fm, body, warnings) = split("x.md", text).unwrap();
        let fm = fm.unwrap();
        assert_eq!(fm.title.as_deref(), Some("A day"));
        assert_eq!(fm.date, NaiveDate::from_ymd_opt(2024, 5, 6));
        assert_eq!(fm.authors, vec!["Ann Lee", "Bo Chan"]);
        assert_eq!(&text[body..], "Body\n");
        assert!(warnings.is_empty());
    }

    #[test]
    fn wrong_typed_date_is_an_error_with_line_and_column() {
        let text = "---\ntitle: x\ndate: yesterday\n---\nBody";
        let errs = split("f.md", text).unwrap_err();
        assert_eq!(
            errs[0].to_string(),
            "f.md:3:1: error: front matter `date` must be a date (YYYY-MM-DD) or a date-time with zone"
        );
    }

    #[test]
    fn unterminated_and_invalid_yaml_are_errors() {
        let e = split("f.md", "---\ntitle: x\nno end\n").unwrap_err();
        assert!(e[0].message.contains("never closed"));
        assert_eq!(e[0].line, Some(1));
        let e = split("f.md", "---\ntitle: [unclosed\n---\nbody").unwrap_err();
        assert!(e[0].message.contains("not valid YAML"), "{}", e[0]);
        assert!(e[0].line.unwrap() >= 2);
    }

    #[test]
    fn a_repeated_key_keeps_its_first_value_with_a_warning() {
        let text =
            "---\ntitle: First\nauthors:\n  - Ann Lee\ntitle: Second\nauthors:\n  - Bo Chan\n---\nBody\n";
        let (fm, body, warnings) = split("f.md", text).unwrap();
        let fm = fm.unwrap();
        assert_eq!(fm.title.as_deref(), Some("First"));
        assert_eq!(fm.authors, vec!["Ann Lee"]);
        assert_eq!(&text[body..], "Body\n");
        let warnings: Vec<String> = warnings.iter().map(ToString::to_string).collect();
        assert_eq!(
            warnings,
            [
                "f.md:5:1: warning: front matter key `title` repeated; the first value is used",
                "f.md:6:1: warning: front matter key `authors` repeated; the first value is used"
            ]
        );
    }

    #[test]
    fn many_unused_keys_are_named_up_to_a_limit_then_counted() {
        let keys: String = (0..50).map(|i| format!("key{i}: v\n")).collect();
        let text = format!("---\ntitle: T\n{keys}---\nBody\n");
        let (_, _, warnings) = split("f.md", &text).unwrap();
        assert_eq!(warnings.len(), MAX_UNUSED_KEY_WARNINGS + 1);
        assert_eq!(
            warnings[0].to_string(),
            "f.md:3:1: warning: front matter key `key0` is not used by Tally"
        );
        let last = &warnings[MAX_UNUSED_KEY_WARNINGS - 1];
        assert!(last.to_string().starts_with("f.md:22:1:"), "{last}");
        assert_eq!(
            warnings[MAX_UNUSED_KEY_WARNINGS].to_string(),
            format!(
                "f.md:2:1: warning: front matter has {} more keys not used by Tally",
                50 - MAX_UNUSED_KEY_WARNINGS
            )
        );
    }

    /// Locating every key from the start of the block made this take minutes.
    #[test]
    fn a_block_of_a_hundred_thousand_keys_is_read_in_one_pass() {
        let keys: String = (0..100_000).map(|i| format!("k{i}: v\n")).collect();
        let repeats: String = (0..20_000).map(|i| format!("k{i}: again\n")).collect();
        let text = format!("---\n{keys}{repeats}---\nBody\n");
        let (_, body, warnings) = split("f.md", &text).unwrap();
        assert_eq!(&text[body..], "Body\n");
        assert_eq!(warnings.len(), 20_000 + MAX_UNUSED_KEY_WARNINGS + 1);
        let last_repeat = warnings.iter().rfind(|w| w.message.contains("repeated")).unwrap();
        assert_eq!(last_repeat.line, Some(1 + 100_000 + 20_000));
    }

    #[test]
    fn an_author_list_with_wrong_items_is_one_error() {
        let text = "---\nauthors:\n  - [a]\n  - Ann Lee\n  - {b: c}\n---\nBody\n";
        let errors = split("f.md", text).unwrap_err();
        let errors: Vec<String> = errors.iter().map(ToString::to_string).collect();
        assert_eq!(errors, ["f.md:2:1: error: front matter `authors` must be a list of names"]);
    }

    #[test]
    fn unknown_keys_warn_and_no_front_matter_is_fine() {
        let (_, _, w) = split("f.md", "---\nmood: happy\n---\nx").unwrap();
        assert_eq!(w.len(), 1);
        assert!(w[0].to_string().contains("f.md:2:1: warning"));
        assert_eq!(parse_date("2012-04-10 9:25:46 -0400"), NaiveDate::from_ymd_opt(2012, 4, 10));
        assert_eq!(parse_date("2012-04-10T09:25:46Z"), NaiveDate::from_ymd_opt(2012, 4, 10));
        assert_eq!(parse_date("2012-04-10 soon"), None);
        let (fm, body, _) = split("f.md", "Just text\n---\n").unwrap();
        assert!(fm.is_none());
        assert_eq!(body, 0);
        assert_eq!(split("f.md", "\u{feff}Text").unwrap().1, 3);
    }
}
