//! Quotations and their speakers: straight, curly and «» quotes; the speaker
//! from "…, X said", "X said: …", "said X", "according to X", "X wrote on
//! Telegram", or a speaker named in the next paragraph. "The source" is
//! resolved to the source the article introduced earlier, and a surname to
//! the full name used before.

use std::sync::LazyLock;

use regex::Regex;
use tally_model::{Quote, Span, SpanMap};

use crate::names::last_person_name;
use crate::text::{word_count, words_at_least};

const VERBS: &str = r"said|says|added|stated|told|wrote|posted|announced|noted|explained|declared|stressed|insisted|claimed|warned|expressed|confirmed|reported|tweeted|commented|remarked";

// Length limits on a speaker are checked after matching: a counted
// repetition such as `[^,.;]{2,120}?` makes the lazy DFA so large that its
// cache thrashes, which cost more than all the rest of the quote stage.
/// ", said X," after a quote.
static AFTER_VERB: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(r"^[\s,]*(?:{VERBS})\s+(?P<who>[^,.;]{{2,}}?)(?:[,.;]|$)")).expect("valid regex")
});
const AFTER_VERB_MAX_CHARS: usize = 80;
/// ", X said" after a quote.
static AFTER_WHO: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(r"^[\s,]*(?P<who>[^,.;]{{2,}}?)\s+(?:{VERBS})(?-u:\b)")).expect("valid regex")
});
const AFTER_WHO_MAX_CHARS: usize = 120;
/// "X said:" before a quote: the end of the clause after the speaker.
static BEFORE_TAIL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(r"\s+(?:{VERBS}|saying|says)(?:\s+(?:on|in|to)\s+(?-u:[\w ]){{1,30}}?)?(?:,?\s+(?:saying|adding))?(?:\s+that)?\s*[,:]?\s*$")).expect("valid regex")
});
const BEFORE_WHO_MAX_CHARS: usize = 160;
static ACCORDING: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^[\s,]*according to (?P<who>[^,.;]{2,80})").expect("valid regex"));
static NEXT_SPEAKER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(r"^(?P<who>[^.]{{2,}}?)\s+(?:{VERBS})(?-u:\b)")).expect("valid regex")
});
const NEXT_SPEAKER_MAX_CHARS: usize = 200;
static SOURCE_INTRO: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?-u:\b)(?:an?|one)\s+(?:\w+\s+)?source(?:s)?\s+(?:from|in|within|close to|at|familiar with)\s+[^,.;]{3,80}?(?:\s+told|\s+said|,|\.|;|$)").expect("valid regex")
});

/// A body block's text with its source map.
pub struct BodyText<'a> {
    pub text: &'a str,
    pub map: &'a SpanMap,
}

fn pairs(text: &str) -> Vec<(usize, usize)> {
    // (open byte, close byte) pairs for “”, «», and straight quotes in order.
    // Only the bytes that can start a quote mark are visited: `"`, and the
    // lead bytes of “ ” (0xE2) and « » (0xC2).
    let mut out = Vec::new();
    let mut open: Option<(usize, char)> = None;
    for i in memchr::memchr3_iter(b'"', 0xE2, 0xC2, text.as_bytes()) {
        let Some(c) = text[i..].chars().next() else { continue };
        match (open, c) {
            (None, '“') | (None, '«') => open = Some((i, c)),
            (None, '"') => open = Some((i, '"')),
            (Some((o, '“')), '”') | (Some((o, '«')), '»') | (Some((o, '"')), '"') => {
                out.push((o, i));
                open = None;
            }
            _ => {}
        }
    }
    out
}

fn clean_who(who: &str) -> Option<String> {
    let mut w =
        who.trim().trim_matches(|c: char| c == ',' || c == '"' || c == '“' || c == '”').trim().to_string();
    // Drop leading time phrases ("On Wednesday, a Ukrainian agency").
    if let Some(i) = w.rfind(", ") {
        let tail = w[i + 2..].to_string();
        if word_count(&tail) >= 1 && !tail.is_empty() {
            let head = &w[..i];
            if head.starts_with("On ")
                || head.starts_with("Later")
                || head.starts_with("Earlier")
                || head.starts_with("In ")
                || word_count(head) <= 3 && tail.split_whitespace().count() >= 2
            {
                w = tail;
            }
        }
    }
    if let Some(name) = last_person_name(&w) {
        return Some(name);
    }
    let lw = w.to_lowercase();
    let pronoun = ["he", "she", "they", "it", "we", "i"].contains(&lw.as_str());
    (!pronoun && word_count(&w) <= 10 && !w.is_empty()).then_some(w)
}

/// Finds every quotation of at least three words in the body.
pub fn find(blocks: &[BodyText<'_>]) -> Vec<Quote> {
    // The whole body, joined only when a speaker needs resolving.
    let all_text = std::cell::OnceCell::new();
    let all_text = || all_text.get_or_init(|| blocks.iter().map(|b| b.text).collect::<Vec<_>>().join("\n"));
    let mut resolved: std::collections::HashMap<String, String> = std::collections::HashMap::new();
    let mut out = Vec::new();
    for (bi, b) in blocks.iter().enumerate() {
        let t = b.text;
        for (o, c) in pairs(t) {
            let open_len = t[o..].chars().next().map_or(1, char::len_utf8);
            let inner = t[o + open_len..c].trim();
            if !words_at_least(inner, 3) {
                continue;
            }
            let close_len = t[c..].chars().next().map_or(1, char::len_utf8);
            let after = &t[c + close_len..];
            let before = &t[..o];
            let sentence_start = before.rfind(['.', '!', '?']).map_or(0, |i| i + 1);
            let mut who = named(&AFTER_VERB, after, AFTER_VERB_MAX_CHARS)
                .or_else(|| named(&AFTER_WHO, after, AFTER_WHO_MAX_CHARS))
                .and_then(clean_who);
            if who.is_none() {
                who = ACCORDING.captures(after).and_then(|m| clean_who(&m["who"]));
            }
            if who.is_none() && !before[sentence_start..].trim().is_empty() {
                who = speaker_before(&before[sentence_start..]).and_then(clean_who);
            }
            if who.is_none() && after.trim().len() <= 2 && before[sentence_start..].trim().is_empty() {
                // A quote standing alone: the speaker is named in the next paragraph.
                if let Some(next) = blocks.get(bi + 1) {
                    who = named(&NEXT_SPEAKER, next.text, NEXT_SPEAKER_MAX_CHARS).and_then(clean_who);
                }
            }
            // A speaker is resolved once per article (the search is over the whole body).
            let who = who.map(|w| resolved.entry(w).or_insert_with_key(|w| resolve(w, all_text())).clone());
            out.push(Quote {
                text: inner.to_string(),
                speaker: who,
                span: quote_span(b.map, o + open_len, c),
            });
        }
    }
    out
}

/// The `who` group of `re` in `text`, if at most `max_chars` long.
fn named<'t>(re: &Regex, text: &'t str, max_chars: usize) -> Option<&'t str> {
    let who = re.captures(text)?.name("who")?.as_str();
    (who.chars().count() <= max_chars).then_some(who)
}

/// The speaker at the end of the clause before a quote ("X said:", "X
/// wrote on Telegram, saying that"): the text between the clause start and
/// the first place the clause's tail matches, at most 160 characters.
fn speaker_before(sentence: &str) -> Option<&str> {
    let clause = &sentence[sentence.rfind(';').map_or(0, |i| i + 1)..];
    let mut from = 0;
    while let Some(tail) = BEFORE_TAIL.find_at(clause, from) {
        let head = &clause[..tail.start()];
        // The speaker's first character: at most 160 characters back.
        let start = head.char_indices().rev().nth(BEFORE_WHO_MAX_CHARS - 1).map_or(0, |(i, _)| i);
        let who = &head[start..];
        if who.chars().count() >= 2 {
            return Some(who);
        }
        from = tail.start() + clause[tail.start()..].chars().next().map_or(1, char::len_utf8);
    }
    None
}

fn quote_span(map: &SpanMap, start: usize, end: usize) -> Span {
    map.span(start, end)
}

/// "the source" -> the source introduced earlier; a surname -> the full name.
fn resolve(who: &str, all: &str) -> String {
    let lw = who.to_lowercase();
    if lw == "the source" || lw == "the sources" || lw == "source" {
        if let Some(m) = SOURCE_INTRO.find(all) {
            let s = m.as_str();
            let s = s.trim_end_matches([',', '.', ';']).trim_end_matches(" told").trim_end_matches(" said");
            return s.trim().to_string();
        }
    }
    if word_count(who) == 1 && who.chars().next().is_some_and(char::is_uppercase) {
        if let Some(full) = first_full_name(all, who) {
            return full.to_string();
        }
    }
    who.to_string()
}

/// The first "Given Surname" or "Given Middle Surname" in `all` ending with
/// `surname`: one or two capitalised words, each followed by one space.
/// A scan rather than a regex built per quote, which cost more than the
/// rest of the quote stage.
fn first_full_name<'a>(all: &'a str, surname: &str) -> Option<&'a str> {
    let is_word_byte = |b: u8| b.is_ascii_alphanumeric() || b == b'_';
    let is_name_char = |c: char| c.is_alphabetic() || c == '\'' || c == '’' || c == '-';
    // The start of the capitalised word ending just before `end` (a space follows it).
    let word_before = |end: usize| -> Option<usize> {
        let head = all[..end].strip_suffix(' ')?;
        let start = head.char_indices().rev().take_while(|&(_, c)| is_name_char(c)).last()?.0;
        let word = &head[start..];
        (word.len() >= 2 && word.starts_with(|c: char| c.is_ascii_uppercase())).then_some(start)
    };
    let boundary_before = |start: usize| start == 0 || !is_word_byte(all.as_bytes()[start - 1]);
    for (at, _) in all.match_indices(surname) {
        let end = at + surname.len();
        if all.as_bytes().get(end).is_some_and(|&b| is_word_byte(b)) {
            continue;
        }
        let Some(first) = word_before(at) else { continue };
        if let Some(second) = word_before(first).filter(|&s| boundary_before(s)) {
            return Some(&all[second..end]);
        }
        if boundary_before(first) {
            return Some(&all[first..end]);
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        /// Visiting only the bytes that can start a quote mark finds the
        /// pairs a walk over every character finds.
        #[test]
        fn quote_pairs_match_a_walk_over_every_character(text in "[a-z \"“”«»’éЖ€\u{a0}\u{2028}]{0,40}") {
            let mut expected = Vec::new();
            let mut open: Option<(usize, char)> = None;
            for (i, c) in text.char_indices() {
                match (open, c) {
                    (None, '“' | '«' | '"') => open = Some((i, c)),
                    (Some((o, '“')), '”') | (Some((o, '«')), '»') | (Some((o, '"')), '"') => {
                        expected.push((o, i));
                        open = None;
                    }
                    _ => {}
                }
            }
            proptest::prop_assert_eq!(pairs(&text), expected);
        }
    }

    /// Each speaker is looked up in the whole body once: thousands of quotes
    /// by one speaker took minutes when each searched the body again.
    #[test]
    fn thousands_of_quotes_by_one_speaker_are_all_resolved() {
        let quotes: Vec<String> =
            (0..20_000).map(|i| format!("\"These are the quoted words number {i},\" Smith said.")).collect();
        let mut paragraphs: Vec<&str> = quotes.iter().map(String::as_str).collect();
        paragraphs.push("The minister, John Smith, spoke last.");
        let found = q(&paragraphs);
        assert_eq!(found.len(), 20_000);
        assert!(found.iter().all(|quote| quote.speaker.as_deref() == Some("John Smith")), "{:?}", found[0]);
    }

    fn q(paragraphs: &[&str]) -> Vec<Quote> {
        let maps: Vec<SpanMap> = paragraphs.iter().map(|p| SpanMap::identity(0, p.len())).collect();
        let blocks: Vec<BodyText> =
            paragraphs.iter().zip(&maps).map(|(t, m)| BodyText { text: t, map: m }).collect();
        find(&blocks)
    }

    #[test]
    fn speaker_after_the_quote() {
        let r = q(&["\"We will rebuild the bridge by spring,\" Mayor Ann Lee said on Monday."]);
        assert_eq!(r[0].text, "We will rebuild the bridge by spring,");
        assert_eq!(r[0].speaker.as_deref(), Some("Ann Lee"));
        let r = q(&["“The talks went well,” said Peter Novak, the envoy."]);
        assert_eq!(r[0].speaker.as_deref(), Some("Peter Novak"));
    }

    #[test]
    fn speaker_before_the_quote_and_organisations() {
        let r = q(&["On Friday, the city council announced, \"the road will reopen next week\"."]);
        assert_eq!(r[0].speaker.as_deref(), Some("the city council"));
        let r = q(&[
            "The deputy mayor, Carla Diaz, wrote on X, saying that \"nobody asked the residents first\".",
        ]);
        assert_eq!(r[0].speaker.as_deref(), Some("Carla Diaz"));
    }

    #[test]
    fn speaker_in_the_next_paragraph_and_surnames_expanded() {
        let r = q(&[
            "“Another three hundred homes were reconnected today,”",
            "The utility's director, Omar Haddad, wrote on Telegram.",
        ]);
        assert_eq!(r[0].speaker.as_deref(), Some("Omar Haddad"));
        let r = q(&["Omar Haddad runs the utility.", "\"We need more crews on the ground,\" Haddad said."]);
        assert_eq!(r[1 - 1].speaker.as_deref(), Some("Omar Haddad"));
    }

    #[test]
    fn a_surname_resolves_to_the_first_full_name_ending_with_it() {
        let all = "Mayor Ann Haddad spoke. Later Haddadi and Omar Haddad arrived.";
        assert_eq!(first_full_name(all, "Haddad"), Some("Mayor Ann Haddad"));
        // whole words only, and a name needs a capitalised word before it
        assert_eq!(first_full_name("Haddadi and Omar Haddadi.", "Haddad"), None);
        assert_eq!(first_full_name("the doctor said Haddad was right", "Haddad"), None);
        assert_eq!(
            first_full_name("x3Omar Haddad and Lena O’Neil-Smith", "O’Neil-Smith"),
            Some("Lena O’Neil-Smith")
        );
        assert_eq!(first_full_name("3Omar Haddad", "Haddad"), None);
    }

    #[test]
    fn the_source_is_the_source_introduced_earlier() {
        let r = q(&[
            "A source in the regional administration told a local paper the plan was ready.",
            "\"The plan is ready for a vote,\" the source said.",
        ]);
        assert_eq!(r[0].speaker.as_deref(), Some("A source in the regional administration"));
    }

    #[test]
    fn scare_quotes_are_not_quotations() {
        assert!(q(&["They called it an \"exchange\" of sorts."]).is_empty());
    }
}
