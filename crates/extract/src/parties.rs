//! Parties as ISO 3166-1 alpha-2 codes from country names, capitals, seats
//! of government and nationality adjectives.

use std::sync::LazyLock;

use regex::Regex;

/// A party mentioned in a sentence.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mention {
    pub code: &'static str,
    /// True for a nationality adjective ("Ukrainian soldiers").
    pub adjective: bool,
    pub start: usize,
    pub end: usize,
}

/// (code, nouns, adjectives)
const PARTIES: &[(&str, &str, &str)] = &[
    ("RU", r"Russia|Russian Federation|Moscow|Kremlin|Russians|Russian side", "Russian"),
    ("UA", r"Ukraine|Kyiv|Kiev|Ukrainians|Ukrainian side", "Ukrainian"),
    ("IL", r"Israel|Jerusalem|Israelis", "Israeli"),
    ("PS", r"Hamas|Gaza|Palestinians", "Palestinian"),
    ("BY", r"Belarus|Minsk", "Belarusian"),
    ("US", r"United States|Washington|Americans", "American"),
    ("AM", r"Armenia|Yerevan|Armenians", "Armenian"),
    ("AZ", r"Azerbaijan|Baku|Azerbaijanis", "Azerbaijani"),
];

static MENTION: LazyLock<Vec<(&'static str, Regex, Regex)>> = LazyLock::new(|| {
    PARTIES
        .iter()
        .map(|(code, nouns, adj)| {
            let noun = Regex::new(&format!(r"(?-u:\b)(?:{nouns})(?-u:\b)(?:['’]s)?")).expect("party regex");
            let adj = Regex::new(&format!(r"(?-u:\b)(?:{adj})(?-u:\b)")).expect("adjective regex");
            (*code, noun, adj)
        })
        .collect()
});

/// Every party mention of `text`, in order. "Russian side" counts as a noun.
pub fn find_all(text: &str) -> Vec<Mention> {
    let mut out = Vec::new();
    for (code, noun, adj) in MENTION.iter() {
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

    #[test]
    fn names_capitals_and_adjectives() {
        let m = find_all("Moscow sent Ukrainian bodies to Kyiv; the Russian side and Israel agreed.");
        let got: Vec<_> = m.iter().map(|m| (m.code, m.adjective)).collect();
        assert_eq!(got, vec![("RU", false), ("UA", true), ("UA", false), ("RU", false), ("IL", false)]);
    }
}
