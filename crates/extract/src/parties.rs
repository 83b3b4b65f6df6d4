//! Parties as ISO 3166-1 alpha-2 codes from country names, capitals, seats
//! of government and nationality adjectives, as the lexicon lists them
//! (`[party.CODE]` in each language's file). English text is searched with
//! one regex per party built from `en.toml`; Cyrillic text through the tagger.

use std::sync::LazyLock;

use regex::{Regex, RegexSet};

/// A party mentioned in a sentence.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mention {
    pub code: &'static str,
    /// True for a nationality adjective ("Ukrainian soldiers").
    pub adjective: bool,
    pub start: usize,
    pub end: usize,
}

/// (code, nouns, adjectives) of the English lexicon, as regex alternations.
static PARTIES: LazyLock<Vec<(&'static str, String, String)>> = LazyLock::new(|| {
    let en = tally_lexicon::language("en").expect("the English lexicon");
    en.parties()
        .map(|(code, p)| {
            let alternation = |forms: &[String]| {
                let mut forms: Vec<String> = forms.iter().map(|f| regex::escape(f)).collect();
                forms.sort_by_key(|f| std::cmp::Reverse(f.len())); // longest first
                forms.join("|")
            };
            (code, alternation(&p.names), alternation(&p.adjectives))
        })
        .collect()
});

/// A party's code, and the patterns of its name and of its adjective.
type PartyPatterns = (&'static str, Regex, Regex);

static MENTION: LazyLock<Vec<PartyPatterns>> = LazyLock::new(|| {
    PARTIES
        .iter()
        .map(|(code, nouns, adj)| {
            let noun =
                Regex::new(&format!(r"(?i)(?-u:\b)(?:{nouns})(?-u:\b)(?:['’]s)?")).expect("party regex");
            let adj = Regex::new(&format!(r"(?i)(?-u:\b)(?:{adj})(?-u:\b)")).expect("adjective regex");
            (*code, noun, adj)
        })
        .collect()
});

/// Which parties `text` mentions at all (pattern `i` is party `i`'s noun or
/// adjective regex): one pass over the text, where the regexes of
/// [`MENTION`] make sixteen, and most sentences mention one or two parties.
static ANY_MENTION: LazyLock<RegexSet> = LazyLock::new(|| {
    RegexSet::new(MENTION.iter().map(|(_, noun, adj)| format!("{}|{}", noun.as_str(), adj.as_str())))
        .expect("party set")
});

/// Every party mention of `text`, in order. "Russian side" counts as a noun.
pub fn find_all(text: &str) -> Vec<Mention> {
    if crate::tagger::is_cyrillic(text) {
        return tagged(text);
    }
    let mentioned = ANY_MENTION.matches(text);
    mentions_of(mentioned.iter().map(|i| &MENTION[i]), text)
}

/// The party mentions the tagger finds (names, recipient forms and adjectives).
fn tagged(text: &str) -> Vec<Mention> {
    use crate::tagger::{party_code, tag, Cat};
    let mut out: Vec<Mention> = Vec::new();
    for t in tag(text) {
        let adjective = match t.cat {
            Cat::PartyName | Cat::PartyRecipient => false,
            Cat::PartyAdjective => true,
            _ => continue,
        };
        if out.last().is_some_and(|m| m.start == t.start && m.end == t.end) {
            continue; // one form listed as a name and as a recipient
        }
        out.push(Mention { code: party_code(t.value), adjective, start: t.start, end: t.end });
    }
    out
}

/// The mentions in `text` of `parties` (each a code, its noun and its
/// adjective pattern), by start: an adjective inside a noun is not one.
fn mentions_of<'p>(parties: impl Iterator<Item = &'p PartyPatterns>, text: &str) -> Vec<Mention> {
    let mut out = Vec::new();
    for (code, noun, adj) in parties {
        let nouns: Vec<_> = noun.find_iter(text).map(|m| (m.start(), m.end())).collect();
        for &(start, end) in &nouns {
            out.push(Mention { code, adjective: false, start, end });
        }
        for m in adj.find_iter(text) {
            if !nouns.iter().any(|&(s, e)| s <= m.start() && m.end() <= e) {
                out.push(Mention { code, adjective: true, start: m.start(), end: m.end() });
            }
        }
    }
    out.sort_by_key(|m| m.start);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::strategy::Strategy;

    /// [`find_all`] without the pre-test of which parties are mentioned.
    fn find_all_reference(text: &str) -> Vec<Mention> {
        if crate::tagger::is_cyrillic(text) {
            return tagged(text);
        }
        mentions_of(MENTION.iter(), text)
    }

    /// Party names and adjectives, their halves, other cases, and letters,
    /// digits and non-ASCII glued on at the word boundaries.
    fn party_words() -> impl Strategy<Value = String> {
        let names: Vec<String> = PARTIES
            .iter()
            .flat_map(|(_, nouns, adj)| nouns.split('|').chain(adj.split('|')))
            .map(|w| w.replace('\\', ""))
            .collect();
        proptest::prop_oneof![
            4 => proptest::sample::select(names.clone()),
            1 => proptest::sample::select(names.clone()).prop_map(|w| w.to_uppercase()),
            1 => proptest::sample::select(names).prop_map(|w| w[..w.len() / 2].to_string()),
            2 => proptest::sample::select(&["side", "'s", "’s", "s", "n", "é", "1", "_", "Federation", "the"][..])
                .prop_map(str::to_string),
            1 => "\\PC{0,3}",
        ]
    }

    proptest::proptest! {
        #![proptest_config(proptest::test_runner::Config::with_cases(2048))]
        #[test]
        fn the_set_pretest_changes_no_mention(
            parts in proptest::collection::vec(party_words(), 0..8),
            glue in "[ ,.’'-]{0,2}",
        ) {
            let text = parts.join(&glue);
            proptest::prop_assert_eq!(find_all(&text), find_all_reference(&text), "{:?}", text);
        }
    }

    #[test]
    fn names_capitals_and_adjectives() {
        let m = find_all("Moscow sent Ukrainian bodies to Kyiv; the Russian side and Israel agreed.");
        let got: Vec<_> = m.iter().map(|m| (m.code, m.adjective)).collect();
        assert_eq!(got, vec![("RU", false), ("UA", true), ("UA", false), ("RU", false), ("IL", false)]);
    }

    #[test]
    fn cyrillic_names_in_their_cases_and_a_party_added_as_data() {
        let m = find_all("Россия передала Украине тела российских военных; Каракас");
        let got: Vec<_> = m.iter().map(|m| (m.code, m.adjective)).collect();
        assert_eq!(got, vec![("RU", false), ("UA", false), ("RU", true), ("VE", false)]);
        let got: Vec<_> = find_all("Venezuela freed Americans").iter().map(|m| m.code).collect();
        assert_eq!(got, vec!["VE", "US"]);
    }
}
