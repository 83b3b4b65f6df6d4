//! Parties as ISO 3166-1 alpha-2 codes from country names, capitals, seats
//! of government and nationality adjectives, as the lexicon lists them
//! (`[party.CODE]` in each language's file), read from the tagger's tags in
//! any language.

use crate::tagger::{party_code, tag, Cat, Tag};

/// A party mentioned in a sentence.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mention {
    pub code: &'static str,
    /// True for a nationality adjective ("Ukrainian soldiers").
    pub adjective: bool,
    pub start: usize,
    pub end: usize,
}

/// Every party mention of `text`, in order. "Russian side" counts as a noun.
pub fn find_all(text: &str) -> Vec<Mention> {
    mentions(&tag(text))
}

/// The party mentions among a sentence's tags (names, recipient forms and
/// adjectives), in order.
pub fn mentions(tags: &[Tag]) -> Vec<Mention> {
    each_mention(tags).collect()
}

/// The mentions [`mentions`] lists, one by one (for a reader that needs no
/// list: no allocation).
pub fn each_mention<'t, I>(tags: I) -> impl Iterator<Item = Mention> + 't
where
    I: IntoIterator<Item = &'t Tag>,
    I::IntoIter: 't,
{
    let mut last: Option<(usize, usize)> = None;
    tags.into_iter().filter_map(move |t| {
        let adjective = match t.cat {
            Cat::PartyName | Cat::PartyRecipient => false,
            Cat::PartyAdjective => true,
            _ => return None,
        };
        if last == Some((t.start, t.end)) {
            return None; // one form listed as a name and as a recipient
        }
        last = Some((t.start, t.end));
        Some(Mention { code: party_code(t.value), adjective, start: t.start, end: t.end })
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// The list as it was made before [`each_mention`]: the oracle.
    fn mentions_listed(tags: &[Tag]) -> Vec<Mention> {
        let mut out: Vec<Mention> = Vec::new();
        for t in tags {
            let adjective = match t.cat {
                Cat::PartyName | Cat::PartyRecipient => false,
                Cat::PartyAdjective => true,
                _ => continue,
            };
            if out.last().is_some_and(|m| m.start == t.start && m.end == t.end) {
                continue;
            }
            out.push(Mention { code: party_code(t.value), adjective, start: t.start, end: t.end });
        }
        out
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2048))]
        /// One by one, the mentions are those the list made: tags of party
        /// and other categories, often on the same few spans.
        #[test]
        fn each_mention_is_one_the_list_made(
            raw in proptest::collection::vec((0u8..4, 0usize..4, 0usize..3, 0i64..6), 0..16),
        ) {
            let cats = [Cat::PartyName, Cat::PartyRecipient, Cat::PartyAdjective, Cat::Prisoners];
            let tags: Vec<Tag> = raw
                .iter()
                .map(|&(c, start, len, value)| Tag { cat: cats[usize::from(c)], start, end: start + len, value })
                .collect();
            prop_assert_eq!(each_mention(&tags).collect::<Vec<_>>(), mentions_listed(&tags));
        }
    }

    #[test]
    fn names_capitals_and_adjectives() {
        let m = find_all("Moscow sent Ukrainian bodies to Kyiv; the Russian side and Israel agreed.");
        let got: Vec<_> = m.iter().map(|m| (m.code, m.adjective)).collect();
        assert_eq!(got, vec![("RU", false), ("UA", true), ("UA", false), ("RU", false), ("IL", false)]);
    }

    #[test]
    fn a_possessive_ends_the_name_but_an_inner_apostrophe_does_not() {
        let got: Vec<_> =
            find_all("Russia's army and the Palestinians' families; Kyiv'x").iter().map(|m| m.code).collect();
        assert_eq!(got, vec!["RU", "PS"]);
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
