//! Numbers as news writing gives them: digits with separators ("1,212",
//! "1 003"), suffixes ("1.2K"), words ("six thousand", "a thousand"),
//! vague plurals ("hundreds"), and the qualifier in front ("more than",
//! "nearly", "up to"). A bound is never `exact`. "gave over 19" is a verb
//! particle, not a bound: "over" after a verb of giving is not a qualifier.

use std::sync::LazyLock;

use regex::Regex;
use tally_model::Qualifier;

/// A number found in a sentence; offsets are byte offsets in the sentence.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Found {
    pub value: u64,
    pub qualifier: Qualifier,
    /// Start of the qualifier (or of the number when unqualified).
    pub start: usize,
    pub end: usize,
    /// Start of the number itself.
    pub number_start: usize,
}

const UNITS: &[(&str, u64)] = &[
    ("one", 1),
    ("two", 2),
    ("three", 3),
    ("four", 4),
    ("five", 5),
    ("six", 6),
    ("seven", 7),
    ("eight", 8),
    ("nine", 9),
    ("ten", 10),
    ("eleven", 11),
    ("twelve", 12),
    ("thirteen", 13),
    ("fourteen", 14),
    ("fifteen", 15),
    ("sixteen", 16),
    ("seventeen", 17),
    ("eighteen", 18),
    ("nineteen", 19),
    ("twenty", 20),
    ("thirty", 30),
    ("forty", 40),
    ("fifty", 50),
    ("sixty", 60),
    ("seventy", 70),
    ("eighty", 80),
    ("ninety", 90),
    ("a", 1),
    ("an", 1),
];

static NUMBER: LazyLock<Regex> = LazyLock::new(|| {
    let words = "one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety";
    Regex::new(&format!(
        r"(?i)(?-u:\b)(?:(?P<digits>\d{{1,3}}(?:[,\u{{00a0}}\u{{202f}} ]\d{{3}})+|\d+(?:\.\d+)?)(?:\s*(?P<suffix>[km](?-u:\b)|thousand(?-u:\b)|million(?-u:\b)))?|(?P<word>(?:{words})(?:[- ](?:{words}))?|a|an)\s+(?P<wordmul>hundred|thousand|million)(?-u:\b)|(?P<wordonly>(?:{words})(?:-(?:{words}))?)(?-u:\b)|(?P<vague>hundreds|thousands|dozens)(?-u:\b))"
    ))
    .expect("number regex")
});

static QUALIFIER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?P<q>more than|over|above|in excess of|upwards of|nearly|almost|close to|just under|fewer than|less than|under|below|about|around|approximately|roughly|some|an estimated|estimated|up to|as many as|at least|no fewer than|no less than)\s+$").expect("qualifier regex")
});

/// "gave over", "handed over": `over` belongs to the verb.
static VERB_PARTICLE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?-u:\b)(?:gave|give|gives|given|giving|hand|hands|handed|handing|turned|turn|passed|pass|brought|carried|took|taken)\s+$").expect("particle regex")
});

fn word_value(w: &str) -> Option<u64> {
    let w = w.to_ascii_lowercase();
    let mut total = 0;
    for part in w.split(['-', ' ']).filter(|p| !p.is_empty()) {
        total += UNITS.iter().find(|(n, _)| *n == part)?.1;
    }
    Some(total)
}

fn qualifier_of(phrase: &str) -> Qualifier {
    match phrase.to_ascii_lowercase().as_str() {
        "more than" | "over" | "above" | "in excess of" | "upwards of" => Qualifier::Over,
        "nearly" | "almost" | "close to" | "just under" => Qualifier::Nearly,
        "fewer than" | "less than" | "under" | "below" => Qualifier::Under,
        "up to" | "as many as" => Qualifier::UpTo,
        "at least" | "no fewer than" | "no less than" => Qualifier::AtLeast,
        _ => Qualifier::Approximately,
    }
}

/// Whether the word just before `start` or just after `end` is a month name
/// (in any language the lexicon knows).
fn beside_a_month(text: &str, start: usize, end: usize) -> bool {
    let before =
        text[..start].trim_end().rsplit(|c: char| !c.is_alphanumeric() && c != '.').next().unwrap_or("");
    let after =
        text[end..].trim_start().split(|c: char| !c.is_alphanumeric() && c != '.').next().unwrap_or("");
    let month = |w: &str| !w.is_empty() && tally_lexicon::value_in_any("month", w).is_some();
    (text[..start].ends_with(' ') && month(before)) || (text[end..].starts_with(' ') && month(after))
}

/// Every number in `text`, in order, with its qualifier.
pub fn find_all(text: &str) -> Vec<Found> {
    let mut out = Vec::new();
    for caps in NUMBER.captures_iter(text) {
        let whole = caps.get(0).expect("match");
        // a number in a path or address ("/news/40224361/") counts nothing
        if text[..whole.start()].ends_with('/') || text[whole.end()..].starts_with('/') {
            continue;
        }
        // a model's number ("Il-76", "Su-25") counts nothing
        let mut back = text[..whole.start()].chars().rev();
        if back.next() == Some('-') && back.next().is_some_and(char::is_alphabetic) {
            continue;
        }
        // a day of a month ("March 15", "3 April") counts nothing
        if caps.name("digits").is_some() && beside_a_month(text, whole.start(), whole.end()) {
            continue;
        }
        let (value, mut qualifier) = if let Some(d) = caps.name("digits") {
            let raw: String = d.as_str().chars().filter(|c| c.is_ascii_digit() || *c == '.').collect();
            let base: f64 = raw.parse().unwrap_or(0.0);
            let mul = match caps.name("suffix").map(|s| s.as_str().to_ascii_lowercase()) {
                Some(s) if s == "k" || s == "thousand" => 1_000.0,
                Some(s) if s == "m" || s == "million" => 1_000_000.0,
                _ => 1.0,
            };
            if raw.contains('.') && mul == 1.0 {
                continue; // a decimal without a unit is not a count of people
            }
            // A bare year is not a count.
            if mul == 1.0 && d.as_str().len() == 4 && (1900..=2100).contains(&(base as u64)) {
                continue;
            }
            ((base * mul).round() as u64, Qualifier::Exact)
        } else if let Some(w) = caps.name("word") {
            let mul = match caps["wordmul"].to_ascii_lowercase().as_str() {
                "hundred" => 100,
                "thousand" => 1_000,
                _ => 1_000_000,
            };
            (word_value(w.as_str()).unwrap_or(1) * mul, Qualifier::Exact)
        } else if let Some(w) = caps.name("wordonly") {
            (word_value(w.as_str()).unwrap_or(0), Qualifier::Exact)
        } else {
            let v = match caps["vague"].to_ascii_lowercase().as_str() {
                "hundreds" => 100,
                "thousands" => 1_000,
                _ => 24,
            };
            (v, Qualifier::AtLeast)
        };
        let before = &text[..whole.start()];
        let mut start = whole.start();
        if let Some(q) = QUALIFIER.captures(before) {
            let m = q.name("q").expect("group");
            let is_particle =
                m.as_str().eq_ignore_ascii_case("over") && VERB_PARTICLE.is_match(&before[..m.start()]);
            if !is_particle {
                qualifier = qualifier_of(m.as_str());
                start = m.start();
            }
        }
        out.push(Found { value, qualifier, start, end: whole.end(), number_start: whole.start() });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn one(text: &str) -> (u64, Qualifier) {
        let f = find_all(text);
        assert_eq!(f.len(), 1, "{text}: {f:?}");
        (f[0].value, f[0].qualifier)
    }

    #[test]
    fn digits_words_and_suffixes() {
        assert_eq!(one("returned 1,212 bodies"), (1212, Qualifier::Exact));
        assert_eq!(one("returned 1 003 bodies"), (1003, Qualifier::Exact));
        assert_eq!(one("more than 1.2K bodies"), (1200, Qualifier::Over));
        assert_eq!(one("six thousand bodies"), (6000, Qualifier::Exact));
        assert_eq!(one("a thousand prisoners"), (1000, Qualifier::Exact));
        assert_eq!(one("hundreds of prisoners"), (100, Qualifier::AtLeast));
        assert_eq!(one("twenty-five soldiers"), (25, Qualifier::Exact));
        assert_eq!(one("2.5 million people"), (2_500_000, Qualifier::Exact));
    }

    #[test]
    fn qualifiers_bound_the_count() {
        assert_eq!(one("nearly 5,000 bodies"), (5000, Qualifier::Nearly));
        assert_eq!(one("over 4,800 bodies"), (4800, Qualifier::Over));
        assert_eq!(one("up to 6,000 corpses"), (6000, Qualifier::UpTo));
        assert_eq!(one("at least 84 prisoners"), (84, Qualifier::AtLeast));
        assert_eq!(one("approximately 390 soldiers"), (390, Qualifier::Approximately));
        assert_eq!(one("an estimated 6,000 soldiers"), (6000, Qualifier::Approximately));
        assert_eq!(one("fewer than 50 civilians"), (50, Qualifier::Under));
        assert_eq!(one("almost 900 POWs"), (900, Qualifier::Nearly));
    }

    #[test]
    fn gave_over_is_a_verb_and_years_are_not_counts() {
        assert_eq!(one("Kyiv gave over 19 killed troops"), (19, Qualifier::Exact));
        assert_eq!(one("They handed over 40 bodies"), (40, Qualifier::Exact));
        assert_eq!(one("since 2022, 12 exchanges"), (12, Qualifier::Exact));
    }
}
