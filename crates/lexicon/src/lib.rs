//! What Tally knows about each language, as data.
//!
//! One TOML file per language in `data/` (`en.toml`, `ru.toml`, `uk.toml`),
//! compiled into the binary and read once. A file has two kinds of section:
//!
//! - `[valued.NAME]`: a value (the key, an integer) and the word forms that
//!   mean it — month numbers, weekday numbers, number words;
//! - `[words]` with `NAME = [...]`: plain lists of word forms — stop words, labels, verbs;
//! - `[claims]` with `NAME = [...]`: the word lists claim extraction reads
//!   (transfer verbs by role, subject nouns, qualifiers, negation, ...), kept
//!   in their own table so the page-text lists in `[words]` never collide
//!   with them; both are read with [`Lexicon::words`] and a name may appear
//!   in only one of them;
//! - `[party.CODE]`: a party (ISO 3166-1 alpha-2 or a short code) with its
//!   `names` (nouns, capitals, institutions), `adjectives` (nationality, in
//!   every case) and `recipient` forms (a bare dative: "передала Украине").
//!
//! A form ending in `*` is a stem: it matches any word that starts with it
//! ("передал*" is передал, передала, передали). The [`Lexicon`] keeps the `*`.
//!
//! Forms are stored folded (see [`fold`]), so a lookup folds its input the
//! same way. Adding a word, a form or a category is an edit to a data file;
//! adding a language is a new file plus one line in [`BUILTIN`].
//! [`Lexicon::from_toml`] reads any file of the same shape, so tests can use a
//! fixture language without touching Rust.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::fmt;
use std::sync::LazyLock;

use serde::Deserialize;

/// The built-in languages: ISO 639-1 code and the file's text.
pub const BUILTIN: &[(&str, &str)] = &[
    ("en", include_str!("../data/en.toml")),
    ("ru", include_str!("../data/ru.toml")),
    ("uk", include_str!("../data/uk.toml")),
];

/// One language's word forms by category.
#[derive(Debug, Clone)]
pub struct Lexicon {
    /// ISO 639-1 code, e.g. `en`.
    pub language: String,
    valued: BTreeMap<String, Vec<(i64, Vec<String>)>>,
    words: BTreeMap<String, Vec<String>>,
    parties: BTreeMap<String, Party>,
    /// `category -> folded form -> value`, for lookups.
    value_index: HashMap<String, HashMap<String, i64>>,
}

/// A lexicon file that cannot be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LexiconError {
    /// What is wrong, with the TOML parser's line and column when it has them.
    pub message: String,
}

impl fmt::Display for LexiconError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for LexiconError {}

/// A party's word forms in one language (all folded).
#[derive(Debug, Clone, Default, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct Party {
    /// Nouns that name the party: country, capital, seat of government,
    /// institutions, "the Russian side" — in every case that matters.
    #[serde(default)]
    pub names: Vec<String>,
    /// Nationality adjectives in every case ("Russian", "российских").
    #[serde(default)]
    pub adjectives: Vec<String>,
    /// Forms that, without a preposition, name the receiver (a dative).
    #[serde(default)]
    pub recipient: Vec<String>,
    /// The party on the other side of this party's transfers when a text
    /// names no other (Ukraine's are with Russia): a code, kept as written.
    #[serde(default)]
    pub counterpart: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    language: String,
    #[serde(default)]
    valued: BTreeMap<String, BTreeMap<String, Vec<String>>>,
    #[serde(default)]
    words: BTreeMap<String, Vec<String>>,
    #[serde(default)]
    claims: BTreeMap<String, Vec<String>>,
    #[serde(default)]
    party: BTreeMap<String, Party>,
}

fn fold_all(forms: &[String]) -> Vec<String> {
    forms.iter().map(|f| fold(f)).collect()
}

impl Lexicon {
    /// Reads a lexicon file (the shape of `data/en.toml`).
    pub fn from_toml(text: &str) -> Result<Self, LexiconError> {
        let file: File = toml::from_str(text).map_err(|e| LexiconError { message: e.to_string() })?;
        let mut valued = BTreeMap::new();
        let mut value_index = HashMap::new();
        for (category, table) in file.valued {
            let mut rows = Vec::with_capacity(table.len());
            let index: &mut HashMap<String, i64> = value_index.entry(category.clone()).or_default();
            for (key, forms) in table {
                let value: i64 = key.parse().map_err(|_| LexiconError {
                    message: format!("[valued.{category}]: key `{key}` is not an integer"),
                })?;
                let forms: Vec<String> = forms.iter().map(|f| fold(f)).collect();
                for form in &forms {
                    if let Some(other) = index.insert(form.clone(), value) {
                        if other != value {
                            return Err(LexiconError {
                                message: format!(
                                    "[valued.{category}]: `{form}` means both {other} and {value}"
                                ),
                            });
                        }
                    }
                }
                rows.push((value, forms));
            }
            rows.sort_by_key(|(value, _)| *value);
            valued.insert(category, rows);
        }
        let mut words: BTreeMap<String, Vec<String>> =
            file.words.into_iter().map(|(category, forms)| (category, fold_all(&forms))).collect();
        for (category, forms) in file.claims {
            if words.contains_key(&category) {
                return Err(LexiconError {
                    message: format!("`{category}` is listed in both [words] and [claims]"),
                });
            }
            words.insert(category, fold_all(&forms));
        }
        let parties = file
            .party
            .into_iter()
            .map(|(code, p)| {
                let folded = Party {
                    names: fold_all(&p.names),
                    adjectives: fold_all(&p.adjectives),
                    recipient: fold_all(&p.recipient),
                    counterpart: p.counterpart,
                };
                (code, folded)
            })
            .collect();
        Ok(Lexicon { language: file.language, valued, words, parties, value_index })
    }

    /// The word forms listed under `[words] CATEGORY = [...]` (empty if none).
    pub fn words(&self, category: &str) -> &[String] {
        self.words.get(category).map(Vec::as_slice).unwrap_or(&[])
    }

    /// Every `(value, form)` of `[valued.CATEGORY]`, in value order.
    pub fn valued(&self, category: &str) -> impl Iterator<Item = (i64, &str)> {
        self.valued
            .get(category)
            .into_iter()
            .flatten()
            .flat_map(|(value, forms)| forms.iter().map(move |f| (*value, f.as_str())))
    }

    /// The value a word form has in `[valued.CATEGORY]` (the form is folded first).
    pub fn value_of(&self, category: &str, form: &str) -> Option<i64> {
        self.value_index.get(category)?.get(&fold(form)).copied()
    }

    /// The parties this language names, by code.
    pub fn parties(&self) -> impl Iterator<Item = (&str, &Party)> {
        self.parties.iter().map(|(code, p)| (code.as_str(), p))
    }

    /// The categories this language lists, valued and plain.
    pub fn categories(&self) -> impl Iterator<Item = &str> {
        self.valued.keys().chain(self.words.keys()).map(String::as_str)
    }
}

static LEXICONS: LazyLock<Vec<Lexicon>> = LazyLock::new(|| {
    BUILTIN
        .iter()
        .map(|(code, text)| {
            let lexicon = Lexicon::from_toml(text)
                // The files are compiled in and checked by this crate's tests.
                .unwrap_or_else(|e| panic!("built-in lexicon {code}.toml: {e}"));
            assert_eq!(&lexicon.language, code, "built-in lexicon {code}.toml names another language");
            lexicon
        })
        .collect()
});

/// The counterpart of party `code` ([`Party::counterpart`]) in the first
/// built-in language that names one.
pub fn counterpart(code: &str) -> Option<&'static str> {
    builtin().iter().find_map(|l| l.parties.get(code)?.counterpart.as_deref())
}

/// The built-in lexicons, in [`BUILTIN`] order.
pub fn builtin() -> &'static [Lexicon] {
    &LEXICONS
}

/// The built-in lexicon of a language, by ISO 639-1 code.
pub fn language(code: &str) -> Option<&'static Lexicon> {
    builtin().iter().find(|l| l.language == code)
}

/// The value of a word form in any built-in language (first language wins).
pub fn value_in_any(category: &str, form: &str) -> Option<i64> {
    value_of_folded_in_any(category, &fold(form))
}

/// [`value_in_any`] of a form already folded (folding is idempotent: a
/// test checks every character), without folding it again.
pub fn value_of_folded_in_any(category: &str, folded: &str) -> Option<i64> {
    VALUES_IN_ANY.get(category)?.get(folded).copied()
}

/// Every valued category's forms across the built-in languages, each with
/// the value of the first language that has it (as [`value_in_any`] reads
/// them): one lookup where there was one per language.
static VALUES_IN_ANY: LazyLock<HashMap<&'static str, HashMap<&'static str, i64>>> = LazyLock::new(|| {
    let mut merged: HashMap<&'static str, HashMap<&'static str, i64>> = HashMap::new();
    for lexicon in builtin() {
        for (category, index) in &lexicon.value_index {
            let forms = merged.entry(category.as_str()).or_default();
            for (form, &value) in index {
                forms.entry(form.as_str()).or_insert(value);
            }
        }
    }
    merged
});

/// Every `(language, value, form)` of a valued category across built-in languages.
pub fn valued_in_all<'a>(category: &'a str) -> impl Iterator<Item = (&'static str, i64, &'static str)> + 'a {
    builtin().iter().flat_map(move |l| l.valued(category).map(move |(v, f)| (l.language.as_str(), v, f)))
}

/// A plain category's forms across built-in languages, and the words of
/// those forms, as sets for lookups (built once, for every category).
struct CategorySets {
    forms: HashSet<&'static str>,
    words: HashSet<&'static str>,
}

static CATEGORY_SETS: LazyLock<HashMap<&'static str, CategorySets>> = LazyLock::new(|| {
    let mut sets: HashMap<&'static str, CategorySets> = HashMap::new();
    for lexicon in builtin() {
        for (category, forms) in &lexicon.words {
            let entry = sets
                .entry(category.as_str())
                .or_insert_with(|| CategorySets { forms: HashSet::new(), words: HashSet::new() });
            for form in forms {
                entry.forms.insert(form.as_str());
                entry.words.extend(form.split(' '));
            }
        }
    }
    sets
});

/// Whether `folded` is one of a plain category's forms in any built-in
/// language (a set lookup: [`words_in_all`] scans).
pub fn is_form_in_any(category: &str, folded: &str) -> bool {
    CATEGORY_SETS.get(category).is_some_and(|s| s.forms.contains(folded))
}

/// Whether `folded` is a word of one of a plain category's forms in any
/// built-in language ("updated" of "last updated").
pub fn is_word_of_a_form_in_any(category: &str, folded: &str) -> bool {
    CATEGORY_SETS.get(category).is_some_and(|s| s.words.contains(folded))
}

/// One plain category of every built-in language, for look-ups of one
/// word at a time in hot loops: its forms sorted for a binary search (a
/// few comparisons cost less than hashing the word), the byte length of
/// the longest (a longer word is none) and, for each ASCII first byte, the
/// lengths (as bits) of the forms it opens, so most ASCII words are told
/// apart with one look and none is folded into a new string.
pub struct WordList {
    forms: Vec<&'static str>,
    longest: usize,
    lengths_by_first: [u64; 128],
    /// The first characters of the forms that open with a basic Cyrillic
    /// letter (folded), sorted: a Cyrillic word opening otherwise is none.
    cyrillic_firsts: Vec<char>,
    /// Per ASCII byte: whether a form opens with it (any length).
    ascii_firsts: [bool; 128],
}

impl WordList {
    /// The forms of `category` in every built-in language.
    pub fn of(category: &str) -> Self {
        let mut forms: Vec<&'static str> = words_in_all(category).map(|(_, form)| form).collect();
        forms.sort_unstable();
        forms.dedup();
        let longest = forms.iter().map(|f| f.len()).max().unwrap_or(0);
        let mut lengths_by_first = [0u64; 128];
        for form in &forms {
            if let Some(&first) = form.as_bytes().first().filter(|b| b.is_ascii()) {
                lengths_by_first[usize::from(first)] |= 1u64.checked_shl(form.len() as u32).unwrap_or(0);
            }
        }
        let mut cyrillic_firsts: Vec<char> = forms
            .iter()
            .filter_map(|f| f.chars().next())
            .filter(|c| cyrillic_lowercase(*c).is_some())
            .collect();
        cyrillic_firsts.sort_unstable();
        cyrillic_firsts.dedup();
        let mut ascii_firsts = [false; 128];
        for form in &forms {
            if let Some(&first) = form.as_bytes().first().filter(|b| b.is_ascii()) {
                ascii_firsts[usize::from(first)] = true;
            }
        }
        WordList { forms, longest, lengths_by_first, cyrillic_firsts, ascii_firsts }
    }

    /// Whether a word opening with `c` may be one of the forms: `false`
    /// only when no form opens with `c` folded (an ASCII character other
    /// than '`' folds to its lower case, a basic Cyrillic letter but 'ё'
    /// to its own), so that neither the word nor any longer text opening
    /// with it is [`contains`](Self::contains)'s.
    pub fn may_open_with(&self, c: char) -> bool {
        if c.is_ascii() && c != '`' {
            return self.ascii_firsts[usize::from(c.to_ascii_lowercase() as u8)];
        }
        match Some(c).filter(|c| !matches!(c, 'ё' | 'Ё')).and_then(cyrillic_lowercase) {
            Some(lower) => self.cyrillic_firsts.binary_search(&lower).is_ok(),
            None => true,
        }
    }

    /// The byte length of the longest form.
    pub fn longest(&self) -> usize {
        self.longest
    }

    /// Whether `word`, folded (see [`fold`]), is one of the forms.
    pub fn contains(&self, word: &str) -> bool {
        if word.len() > self.longest {
            return false;
        }
        let mut lower = [0u8; 63];
        if word.is_ascii() && word.len() <= lower.len() && !word.contains('`') {
            let lower = &mut lower[..word.len()];
            lower.copy_from_slice(word.as_bytes());
            lower.make_ascii_lowercase();
            let Some(&first) = lower.first() else { return self.forms.binary_search(&"").is_ok() };
            if self.lengths_by_first[usize::from(first)] & (1 << word.len()) == 0 {
                return false;
            }
            return self.forms.binary_search(&std::str::from_utf8(lower).unwrap_or_default()).is_ok();
        }
        // a word opening with a basic Cyrillic letter (not 'ё', which
        // folds to another) folds that letter to its lower case
        let first = word.chars().next().filter(|c| !matches!(c, 'ё' | 'Ё'));
        if let Some(lower) = first.and_then(cyrillic_lowercase) {
            if self.cyrillic_firsts.binary_search(&lower).is_err() {
                return false;
            }
        }
        self.forms.binary_search(&fold(word).as_str()).is_ok()
    }
}

/// Every `(language, form)` of a plain category across built-in languages.
pub fn words_in_all<'a>(category: &'a str) -> impl Iterator<Item = (&'static str, &'static str)> + 'a {
    builtin()
        .iter()
        .flat_map(move |l| l.words(category).iter().map(move |f| (l.language.as_str(), f.as_str())))
}

/// The form a lexicon stores and matches: lower case, `ё` as `е`, and the
/// typographic apostrophes (’ ʼ ‘ `) as `'`.
pub fn fold(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while !rest.is_empty() {
        // A run of ASCII is copied and lowercased at once (most text is ASCII).
        let run = rest.bytes().take_while(u8::is_ascii).count();
        if run > 0 {
            fold_ascii_into(&rest[..run], &mut out);
            rest = &rest[run..];
            continue;
        }
        let mut chars = rest.chars();
        if let Some(c) = chars.next() {
            fold_char(c, &mut out);
        }
        rest = chars.as_str();
    }
    out
}

/// Appends `ascii` (ASCII only) folded: lowercased, '`' (the one ASCII
/// character that folds to another than its lowercase) as `'`.
pub fn fold_ascii_into(ascii: &str, out: &mut String) {
    let at = out.len();
    out.push_str(ascii);
    out[at..].make_ascii_lowercase();
    if out.as_bytes()[at..].contains(&b'`') {
        // Rare: a backtick in the run.
        let folded = out[at..].replace('`', "'");
        out.truncate(at);
        out.push_str(&folded);
    }
}

/// Appends the folded form of one character to `out` (see [`fold`]): the
/// same result as folding the character alone, with no allocation.
pub fn fold_char(c: char, out: &mut String) {
    match c {
        'ё' | 'Ё' => out.push('е'),
        '\u{2019}' | '\u{02BC}' | '\u{2018}' | '`' => out.push('\''),
        c if c.is_ascii() => out.push(c.to_ascii_lowercase()),
        // Russian and Ukrainian letters without Unicode's case tables
        c => match cyrillic_lowercase(c) {
            Some(lower) => out.push(lower),
            None => out.extend(c.to_lowercase()),
        },
    }
}

/// `c.to_lowercase()`, one character, for the basic Cyrillic block
/// (U+0400..=U+045F), without Unicode's case tables: its capitals are its
/// small letters less 0x50 (U+0400..=U+040F) and 0x20 (U+0410..=U+042F).
/// `None` for other characters.
#[inline]
pub fn cyrillic_lowercase(c: char) -> Option<char> {
    let lower = match c as u32 {
        code @ 0x400..=0x40F => code + 0x50,
        code @ 0x410..=0x42F => code + 0x20,
        code @ 0x430..=0x45F => code,
        _ => return None,
    };
    char::from_u32(lower)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_party_names_its_counterpart_once_for_every_language() {
        assert_eq!(counterpart("UA"), Some("RU"));
        assert_eq!(counterpart("PS"), Some("IL"));
        assert_eq!(counterpart("US"), None);
        let xx =
            Lexicon::from_toml("language = \"xx\"\n[party.QQ]\nnames = [\"Qland\"]\ncounterpart = \"RR\"\n")
                .unwrap();
        assert_eq!(xx.parties().next().and_then(|(_, p)| p.counterpart.as_deref()), Some("RR"));
    }

    /// The Cyrillic letters folded without Unicode's tables fold as its
    /// lower case does (every character of the block and around it).
    #[test]
    fn cyrillic_letters_fold_to_their_unicode_lower_case() {
        for c in ('\u{3f0}'..='\u{50f}').chain(['İ', 'ß', 'Σ']) {
            let mut folded = String::new();
            fold_char(c, &mut folded);
            let expected: String = match c {
                'ё' | 'Ё' => "е".to_string(),
                c => c.to_lowercase().collect(),
            };
            assert_eq!(folded, expected, "{c:?}");
        }
    }

    #[test]
    fn folding_a_character_is_folding_it_alone() {
        for c in ['Ё', 'ё', 'A', '’', 'ʼ', 'Ж', 'İ', 'ß', '1'] {
            let mut one = String::new();
            fold_char(c, &mut one);
            assert_eq!(one, fold(&c.to_string()), "{c}");
        }
    }

    #[test]
    fn every_builtin_language_loads_and_knows_twelve_months_and_seven_weekdays() {
        assert_eq!(builtin().len(), BUILTIN.len());
        for lexicon in builtin() {
            let months: std::collections::BTreeSet<i64> = lexicon.valued("month").map(|(v, _)| v).collect();
            assert_eq!(months, (1..=12).collect(), "{}", lexicon.language);
            let days: std::collections::BTreeSet<i64> = lexicon.valued("weekday").map(|(v, _)| v).collect();
            assert_eq!(days, (1..=7).collect(), "{}", lexicon.language);
        }
    }

    #[test]
    fn the_merged_values_are_the_first_language_s() {
        for lexicon in builtin() {
            for category in lexicon.valued.keys() {
                for (_, form) in lexicon.valued(category) {
                    let first =
                        builtin().iter().find_map(|l| l.value_index.get(category)?.get(form).copied());
                    assert_eq!(value_in_any(category, form), first, "{category} {form}");
                }
            }
        }
        assert_eq!(value_in_any("no such category", "may"), None);
    }

    #[test]
    fn inflected_months_are_found_whatever_their_case_or_spelling() {
        assert_eq!(language("ru").unwrap().value_of("month", "Января"), Some(1));
        assert_eq!(language("uk").unwrap().value_of("month", "травня"), Some(5));
        assert_eq!(language("uk").unwrap().value_of("weekday", "П’ятницю"), Some(5));
        assert_eq!(value_in_any("month", "Sept."), Some(9));
        assert_eq!(value_in_any("month", "Mayday"), None);
    }

    #[test]
    fn a_fourth_language_is_a_data_file_not_code() {
        let fr = Lexicon::from_toml(
            "language = \"fr\"\n[valued.month]\n1 = [\"janvier\"]\n8 = [\"août\"]\n[words.stop]\nx = 1\n",
        );
        assert!(fr.is_err(), "a words list must be a list");
        let fr = Lexicon::from_toml(
            "language = \"fr\"\n[valued.month]\n1 = [\"Janvier\"]\n8 = [\"août\"]\n[words.stop]\nlist = []\n",
        );
        assert!(fr.is_err(), "words sections are lists, not tables");
        let fr = Lexicon::from_toml("language = \"fr\"\n[valued.month]\n1 = [\"Janvier\"]\n8 = [\"août\"]\n[words]\nstop = [\"le\", \"la\"]\n")
            .unwrap();
        assert_eq!(fr.value_of("month", "JANVIER"), Some(1));
        assert_eq!(fr.value_of("month", "août"), Some(8));
        assert_eq!(fr.words("stop"), ["le", "la"]);
    }

    #[test]
    fn a_new_party_and_claim_words_are_data() {
        let xx = Lexicon::from_toml(
            "language = \"fr\"\n[claims]\ngive = [\"remis*\"]\n[party.VE]\nnames = [\"Venezuela\", \"Caracas\"]\nadjectives = [\"vénézuéliens\"]\n",
        )
        .unwrap();
        assert_eq!(xx.words("give"), ["remis*"]);
        let (code, party) = xx.parties().next().unwrap();
        assert_eq!(code, "VE");
        assert_eq!(party.names, ["venezuela", "caracas"]);
        assert_eq!(party.adjectives, ["vénézuéliens"]);
        let clash = Lexicon::from_toml("language = \"xx\"\n[words]\ngive = []\n[claims]\ngive = []\n");
        assert!(clash.unwrap_err().message.contains("both"));
    }

    #[test]
    fn bad_files_are_refused_with_a_reason() {
        let err = Lexicon::from_toml("language = \"xx\"\n[valued.month]\none = [\"a\"]\n").unwrap_err();
        assert!(err.message.contains("not an integer"), "{err}");
        let err =
            Lexicon::from_toml("language = \"xx\"\n[valued.month]\n1 = [\"a\"]\n2 = [\"A\"]\n").unwrap_err();
        assert!(err.message.contains("means both"), "{err}");
        let err = Lexicon::from_toml("language = \"xx\"\nsurprise = 1\n").unwrap_err();
        assert!(err.message.contains("surprise"), "{err}");
    }

    #[test]
    fn category_lookups_agree_with_the_lists() {
        for (_, form) in words_in_all("photo_labels") {
            assert!(is_form_in_any("photo_labels", form), "{form}");
            for word in form.split(' ') {
                assert!(is_word_of_a_form_in_any("photo_labels", word), "{word}");
            }
        }
        assert!(!is_form_in_any("photo_labels", "prisoners"));
        assert!(!is_word_of_a_form_in_any("no such category", "photo"));
    }

    /// [`fold`] as it is defined: [`fold_char`] of each character.
    fn fold_by_chars(text: &str) -> String {
        let mut out = String::new();
        text.chars().for_each(|c| fold_char(c, &mut out));
        out
    }

    #[test]
    fn folding_twice_is_folding_once() {
        for c in (0..=0x10FFFF).filter_map(char::from_u32) {
            let once = fold(&c.to_string());
            assert_eq!(fold(&once), once, "U+{:04X}", c as u32);
        }
    }

    #[test]
    fn folding_runs_of_ascii_folds_each_character() {
        let ascii: String = (0u8..128).map(char::from).collect();
        for c in (0..=0x10FFFF).filter_map(char::from_u32) {
            for t in [format!("{c}"), format!("Ab{c}`Z"), format!("{c}{ascii}{c}")] {
                assert_eq!(fold(&t), fold_by_chars(&t), "U+{:04X}", c as u32);
            }
        }
    }

    /// No form of a list opens with the folding of a character the list
    /// says opens none (a word folds a character at a time, so a word
    /// opening with it folds to no form).
    #[test]
    fn a_character_said_to_open_no_form_opens_none() {
        for category in ["percent", "range_open", "since", "abbreviations"] {
            let list = WordList::of(category);
            for c in (0..=0x10FFFF).filter_map(char::from_u32).filter(|&c| !list.may_open_with(c)) {
                let folded = fold(&c.to_string());
                assert!(!list.forms.iter().any(|f| f.starts_with(&folded)), "{category}: U+{:04X}", c as u32);
            }
        }
    }

    #[test]
    fn fold_lowercases_and_unifies_yo_and_apostrophes() {
        assert_eq!(fold("Пленённые П’ЯТЬ"), "плененные п'ять");
        assert_eq!(fold("Hand-Over"), "hand-over");
    }

    proptest::proptest! {
        /// A word list answers as a look-up of the folded word in the
        /// category's set does, for words of any case and script.
        #[test]
        fn a_word_list_answers_as_the_set_of_its_category(
            word in "(per|Per|PER| |cent|percent|Процентов|процент|Ёпроцент|ёлка|відсотків|ВІДСОТКА|pct|`|’|é|[a-zA-Zа-яА-ЯёЁ]{0,4})*"
        ) {
            let list = WordList::of("percent");
            proptest::prop_assert_eq!(list.contains(&word), is_form_in_any("percent", &fold(&word)), "{:?}", word);
        }

        /// A word whose first character opens no form is none, nor is any
        /// text opening with it.
        #[test]
        fn a_word_opening_as_no_form_does_is_none(
            word in "(per|Per|PER| |cent|percent|Процентов|процент|Ёпроцент|ёлка|відсотків|ВІДСОТКА|pct|`|’|é|%|[a-zA-Zа-яА-ЯёЁіїєґІЇЄҐ.]{0,4})*"
        ) {
            let list = WordList::of("percent");
            if let Some(c) = word.chars().next() {
                if !list.may_open_with(c) {
                    proptest::prop_assert!(!is_form_in_any("percent", &fold(&word)), "{:?}", word);
                }
            }
        }
    }
}
