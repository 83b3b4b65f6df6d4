//! Quotations and their speakers: straight, curly and «» quotes; the speaker
//! from "…, X said", "X said: …", "said X", "according to X", "X wrote on
//! Telegram", or a speaker named in the next paragraph. "The source" is
//! resolved to the source the article introduced earlier, and a surname to
//! the full name used before.

use std::sync::LazyLock;

use regex::Regex;
use tally_model::{Quote, Span, SpanMap};

use crate::names::last_person_name;
use crate::text::word_count;

const VERBS: &str = r"said|says|added|stated|told|wrote|posted|announced|noted|explained|declared|stressed|insisted|claimed|warned|expressed|confirmed|reported|tweeted|commented|remarked";

static AFTER_VERB_WHO: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(r"^[\s,]*(?:(?:{VERBS})\s+(?P<who1>[^,.;]{{2,80}}?)(?:[,.;]|$)|(?P<who2>[^,.;]{{2,120}}?)\s+(?:{VERBS})(?-u:\b))")).expect("valid regex")
});
static BEFORE_WHO: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(r"(?P<who>[^.;]{{2,160}}?)\s+(?:{VERBS}|saying|says)(?:\s+(?:on|in|to)\s+[\w ]{{1,30}}?)?(?:,?\s+(?:saying|adding))?(?:\s+that)?\s*[,:]?\s*$")).expect("valid regex")
});
static ACCORDING: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^[\s,]*according to (?P<who>[^,.;]{2,80})").expect("valid regex"));
static NEXT_SPEAKER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(r"^(?P<who>[^.]{{2,200}}?)\s+(?:{VERBS})(?-u:\b)")).expect("valid regex")
});
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
    let mut out = Vec::new();
    let mut open: Option<(usize, char)> = None;
    for (i, c) in text.char_indices() {
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
    let all_text: String = blocks.iter().map(|b| b.text).collect::<Vec<_>>().join("\n");
    let mut out = Vec::new();
    for (bi, b) in blocks.iter().enumerate() {
        let t = b.text;
        for (o, c) in pairs(t) {
            let open_len = t[o..].chars().next().map_or(1, char::len_utf8);
            let inner = t[o + open_len..c].trim();
            if word_count(inner) < 3 {
                continue;
            }
            let close_len = t[c..].chars().next().map_or(1, char::len_utf8);
            let after = &t[c + close_len..];
            let before = &t[..o];
            let sentence_start = before.rfind(['.', '!', '?']).map_or(0, |i| i + 1);
            let mut who = AFTER_VERB_WHO
                .captures(after)
                .and_then(|m| m.name("who1").or(m.name("who2")).map(|x| x.as_str().to_string()))
                .and_then(|w| clean_who(&w));
            if who.is_none() {
                who = ACCORDING.captures(after).and_then(|m| clean_who(&m["who"]));
            }
            if who.is_none() && !before[sentence_start..].trim().is_empty() {
                who = BEFORE_WHO.captures(&before[sentence_start..]).and_then(|m| clean_who(&m["who"]));
            }
            if who.is_none() && after.trim().len() <= 2 && before[sentence_start..].trim().is_empty() {
                // A quote standing alone: the speaker is named in the next paragraph.
                if let Some(next) = blocks.get(bi + 1) {
                    who = NEXT_SPEAKER.captures(next.text).and_then(|m| clean_who(&m["who"]));
                }
            }
            let who = who.map(|w| resolve(&w, &all_text));
            out.push(Quote {
                text: inner.to_string(),
                speaker: who,
                span: quote_span(b.map, o + open_len, c),
            });
        }
    }
    out
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
        // The first full name in the article ending with this surname.
        let pattern = format!(r"(?-u:\b)([A-Z][\p{{L}}'’-]+ ){{1,2}}{}(?-u:\b)", regex::escape(who));
        if let Ok(re) = Regex::new(&pattern) {
            if let Some(m) = re.find(all) {
                return m.as_str().to_string();
            }
        }
    }
    who.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

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
