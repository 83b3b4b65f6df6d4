//! Who an English sentence attributes its statement to: "according to X",
//! "X said" (a source, a run of capitalised words, a pronoun or an office),
//! "..., the ministry said", a relay "told RIA Novosti" (via) and a channel
//! "on Telegram"; pronoun subjects continue the previous speaker; nobody
//! named is the outlet.
//!
//! Every word these read is an English lexicon category (`speech`,
//! `according_to`, `also`, `pronoun`, `office`, `office_in`, `source_phrase`,
//! `name_connector`, `speaker_noun`, `quote_verb`, `relay`, `channel_prep`,
//! `channel`, `media`, `media_phrase`, `anonymous`, `institution`,
//! `agent_by`). What stays a regular expression is the shape of a name
//! (capitalised words, up to a punctuation mark), which is no word list:
//! the patterns are built from the lexicon once.

use std::sync::LazyLock;

use regex::Regex;
use tally_model::{Attribution, AttributionKind};

/// The English lexicon's forms of `category` (folded). Hot paths read
/// them through the statics below or automata built once, not by name.
fn forms(category: &str) -> &'static [String] {
    tally_lexicon::language("en").map(|l| l.words(category)).unwrap_or(&[])
}

/// The forms [`speaker`] reads for every sentence it names a speaker in,
/// each category's looked up once (a look-up by name compares names).
static MEDIA: LazyLock<&'static [String]> = LazyLock::new(|| forms("media"));
static AGENT_BY: LazyLock<&'static [String]> = LazyLock::new(|| forms("agent_by"));
static PRONOUN: LazyLock<&'static [String]> = LazyLock::new(|| forms("pronoun"));
static SPEECH: LazyLock<&'static [String]> = LazyLock::new(|| forms("speech"));
static INSTITUTION: LazyLock<&'static [String]> = LazyLock::new(|| forms("institution"));
static SPEAKER_NOUN: LazyLock<&'static [String]> = LazyLock::new(|| forms("speaker_noun"));

/// A regex alternation of the forms of `category`, longest first (a
/// category with no form matches nothing).
fn alternation(category: &str) -> String {
    let mut forms: Vec<&String> = forms(category).iter().collect();
    forms.sort_by_key(|f| std::cmp::Reverse(f.len()));
    if forms.is_empty() {
        return r"[^\s\S]".to_string();
    }
    forms.iter().map(|f| regex::escape(f)).collect::<Vec<_>>().join("|")
}

/// As [`alternation`], with each form's first letter in either case ("a
/// source" opens a sentence as "A source").
fn alternation_capitalisable(category: &str) -> String {
    let mut forms: Vec<&String> = forms(category).iter().collect();
    forms.sort_by_key(|f| std::cmp::Reverse(f.len()));
    if forms.is_empty() {
        return r"[^\s\S]".to_string();
    }
    forms
        .iter()
        .map(|f| {
            let mut chars = f.chars();
            let first = chars.next().expect("forms are not empty");
            let rest = chars.as_str();
            format!("[{}{}]{}", first, first.to_uppercase(), regex::escape(rest))
        })
        .collect::<Vec<_>>()
        .join("|")
}

fn re(pattern: &str) -> Regex {
    Regex::new(pattern).expect("attribution regex built from the lexicon")
}

static ACCORDING_TO: LazyLock<Regex> =
    LazyLock::new(|| re(&format!(r"(?i)\b(?:{})\s+(?P<who>[^,.;:\x22“”]+)", alternation("according_to"))));

/// "X said" as one pattern per kind of speaker, in the order the regex
/// prefers them: "a source (of ...)", a run of capitalised words (joined by
/// "of the", ...), a pronoun or office; each followed by the speech verb
/// ("X said", "X, also told"). `w` and `s` are the bodies of the classes
/// of word and space characters (`\w`, `\s`).
fn said_patterns(w: &str, s: &str) -> [String; 3] {
    let verb =
        format!(r"[{s}]*,?[{s}]+(?:(?:{})[{s}]+)?(?:{})(?-u:\b)", alternation("also"), alternation("speech"));
    [
        format!(r"(?-u:\b)(?:{})(?: [{w}’'-]+){{0,5}}", alternation_capitalisable("source_phrase")),
        format!(
            r"(?-u:\b)(?:[A-Z][{w}’'.-]*)(?:[{s}]+(?:(?:{}) )?[A-Z][{w}’'.-]*)*",
            alternation("name_connector")
        ),
        format!(
            r"(?-u:\b)(?:{}|{}|(?:{})(?: in [{w} ]+)?)(?-u:\b)",
            alternation("pronoun"),
            alternation("office"),
            alternation("office_in")
        ),
    ]
    .map(|who| format!("(?P<who>{who}){verb}"))
}

/// "X said" as one regex per kind of speaker ([`said_who`] combines them).
/// As one alternation the engine searches backwards from every speech verb
/// through all three kinds at once, and its lazy DFA builds a new state for
/// almost every sentence (most of the cost of attribution).
static SAID: LazyLock<[Regex; 3]> = LazyLock::new(|| said_patterns(r"\w", r"\s").map(|p| re(&p)));

/// [`SAID`] with `\w` and `\s` as ASCII reads them: on ASCII text the
/// same patterns (Unicode's word and space characters in ASCII are these),
/// with a far smaller automaton to resolve the speaker's group in.
static SAID_ASCII: LazyLock<[Regex; 3]> =
    LazyLock::new(|| said_patterns("0-9A-Za-z_", r"\t\n\x0B\x0C\r ").map(|p| re(&p)));

/// "…," the ministry said", "…, a defence official said".
static SAID_AFTER: LazyLock<Regex> = LazyLock::new(|| {
    re(&format!(
        r"(?:\x22|”|’|,)\s*(?:the\s+)?(?P<who>[\w’' ]*?(?:{})[\w’' ]*?|[A-Z][\w’'.-]*(?:\s+[A-Z][\w’'.-]*)*)\s+(?:(?:{})\s+)?(?:{})(?-u:\b)",
        alternation("speaker_noun"),
        alternation("also"),
        alternation("quote_verb")
    ))
});
static RELAY: LazyLock<Regex> = LazyLock::new(|| {
    re(&format!(r"\b(?:{})\s+(?P<via>[A-Z][\w’'-]*(?:\s+[A-Z][\w’'-]*)*)", alternation("relay")))
});
static CHANNEL: LazyLock<Regex> = LazyLock::new(|| {
    re(&format!(r"(?i)\b(?:{})\s+(?P<ch>{})(?-u:\b)", alternation("channel_prep"), alternation("channel")))
});

/// The channel of "on Telegram" ([`CHANNEL`]'s), searched for from the
/// first place its match may start: a `channel_prep` form (in either ASCII
/// case: found in `lower`, the text in ASCII lower case) after no ASCII
/// letter, digit or `_` (which would continue the word `\b` needs) and
/// before white space; and searched for only when at some such place the
/// white space is followed by the first two characters of a `channel` form
/// (one, for a form of one), in either ASCII case, a character beyond
/// ASCII taken to match any (`(?i)` folds `ſ` onto `s` and the Kelvin sign
/// onto `k`). Most sentences have no such place ("on the ...") and skip
/// the regex.
fn channel_of(text: &str, lower: &str) -> Option<String> {
    /// The `channel_prep` forms in ASCII lower case (a searcher each), and
    /// the first two characters of each `channel` form in ASCII lower case.
    type Openings = (Vec<memchr::memmem::Finder<'static>>, Vec<Vec<char>>);
    /// `None`: every place may start a match and open a channel (a
    /// preposition whose first letter is no ASCII letter or digit, or that
    /// holds a letter `(?i)` matches beyond ASCII; a channel that opens
    /// with a character beyond ASCII).
    static OPENINGS: LazyLock<Option<Openings>> = LazyLock::new(|| {
        let prepositions = forms("channel_prep");
        let plain = prepositions.iter().all(|f| {
            f.starts_with(|c: char| c.is_ascii_alphanumeric())
                && f.chars().all(|c| c.is_ascii() && !matches!(c, 's' | 'S' | 'k' | 'K'))
        });
        let channels: Vec<Vec<char>> = forms("channel")
            .iter()
            .map(|f| f.chars().take(2).map(|c| c.to_ascii_lowercase()).collect())
            .collect();
        let plain = plain && channels.iter().all(|c| !c.is_empty() && c.iter().all(char::is_ascii));
        let finders = prepositions
            .iter()
            .map(|f| memchr::memmem::Finder::new(&f.to_ascii_lowercase()).into_owned())
            .collect();
        plain.then_some((finders, channels))
    });
    let Some((prepositions, channels)) = &*OPENINGS else {
        return CHANNEL.captures(text).map(|c| c["ch"].to_string());
    };
    let bytes = text.as_bytes();
    let same = |t: char, c: char| !t.is_ascii() || t.to_ascii_lowercase() == c;
    // the first place a match may start, and whether a channel may follow one
    let (mut from, mut opens) = (None::<usize>, false);
    for preposition in prepositions {
        for start in preposition.find_iter(lower.as_bytes()) {
            let after_word =
                start > 0 && (bytes[start - 1].is_ascii_alphanumeric() || bytes[start - 1] == b'_');
            // (the preposition is ASCII: its end is a character boundary)
            let rest = &text[start + preposition.needle().len()..];
            let after = rest.trim_start_matches(char::is_whitespace);
            if after_word || after.len() == rest.len() {
                continue;
            }
            from = Some(from.map_or(start, |f| f.min(start)));
            let mut next = after.chars();
            let (first, second) = (next.next(), next.next());
            opens |= channels.iter().any(|c| {
                first.is_some_and(|t| same(t, c[0]))
                    && c.get(1).is_none_or(|&c1| second.is_some_and(|t| same(t, c1)))
            });
        }
    }
    if !opens {
        return None;
    }
    CHANNEL.captures_at(text, from?).map(|c| c["ch"].to_string())
}

/// The length of the one form of `category` when a match of a pattern
/// opening with it (`\b(?:form)\s+`, `(?i)` when `ignoring_case`)
/// opens with exactly that many bytes: a form of ASCII (without `s` or
/// `k` when case is ignored: `(?i)` folds `ſ` and the Kelvin sign onto
/// them). `None` with several forms (which one matched is then for the
/// regex to say) or none.
fn one_form_length(category: &str, ignoring_case: bool) -> Option<usize> {
    match forms(category) {
        [form]
            if !form.is_empty()
                && form.is_ascii()
                && !(ignoring_case && form.contains(['s', 'S', 'k', 'K'])) =>
        {
            Some(form.len())
        }
        _ => None,
    }
}

/// The group ending a match of `regex`, `(?:form)\s+(?P<name>G)` with
/// one form of `form_length` bytes: read from the match the automaton
/// finds, as what follows its form and the white space after it (`\s+`
/// takes all of it when G can start after it); the regex's groups are
/// searched only when nothing follows (G then holds the last white space)
/// or the form's length is not known.
fn group_after_form<'t>(
    regex: &Regex,
    form_length: Option<usize>,
    name: &str,
    text: &'t str,
) -> Option<&'t str> {
    let captured = || regex.captures(text).and_then(|c| c.name(name)).map(|g| g.as_str());
    let Some(length) = form_length else { return captured() };
    let found = regex.find(text)?;
    // (the form is ASCII and opens the match: its end is a character boundary)
    let after = found.as_str()[length..].trim_start_matches(char::is_whitespace);
    if after.is_empty() {
        return captured();
    }
    Some(after)
}

/// The news agency of "told RIA Novosti" ([`RELAY`]'s `via`).
fn relayed_via(text: &str) -> Option<&str> {
    static LENGTH: LazyLock<Option<usize>> = LazyLock::new(|| one_form_length("relay", false));
    group_after_form(&RELAY, *LENGTH, "via", text)
}

/// The source of "according to X" ([`ACCORDING_TO`]'s `who`).
fn according_to_who(text: &str) -> Option<&str> {
    static LENGTH: LazyLock<Option<usize>> = LazyLock::new(|| one_form_length("according_to", true));
    group_after_form(&ACCORDING_TO, *LENGTH, "who", text)
}

/// The speaker of the leftmost "X said" of `text`, as `(?P<who>A|B|C)verb`
/// would capture it: the match that starts first, and of those starting at
/// the same place the earliest alternative (leftmost-first). No speech
/// form of `text` ends after `speech_end`.
///
/// The matches are found by the lazy DFA alone. Where the chosen one's
/// speaker ends is read from its text ([`who_end`]) when only one place
/// can be that end; else its groups are resolved (a backtracking search,
/// costly in the automaton of Unicode classes), from where it starts: no
/// match of its pattern starts first. When that match
/// is ASCII, so is every byte the search for its groups reads before it
/// ends (the boundary after the verb reads one more byte, the same for
/// both), and [`SAID_ASCII`] resolves them alike, in a smaller automaton.
fn said_who(text: &str, speech_end: usize) -> Option<&str> {
    // Every match ends with a speech form, and its `\b` reads one byte
    // more: the text after the last form and the character after it is
    // searched for nothing (a match ending before it reads only bytes
    // before it, and so is the same in the shorter text).
    let cut = text[speech_end..].chars().next().map_or(text.len(), |c| speech_end + c.len_utf8());
    let text = &text[..cut];
    let mut best: Option<(usize, regex::Match)> = None;
    for (kind, regex) in SAID.iter().enumerate() {
        if kind == 0 && !may_name_a_source(text) {
            continue; // no "a source" for the first pattern to find
        }
        if let Some(found) = regex.find(text) {
            if best.is_none_or(|(_, b)| found.start() < b.start()) {
                best = Some((kind, found));
            }
        }
    }
    let (kind, found) = best?;
    if let Some(end) = who_end(text, found.start(), found.end()) {
        return Some(&text[found.start()..end]);
    }
    let ascii = found.as_str().is_ascii();
    // (the full pattern again should the ASCII copy ever differ: never a panic)
    let groups = ascii
        .then(|| SAID_ASCII[kind].captures_at(text, found.start()))
        .flatten()
        .or_else(|| SAID[kind].captures_at(text, found.start()))?;
    Some(groups.name("who")?.as_str())
}

/// Whether the first of [`SAID`]'s patterns may match `text`: its speaker
/// opens with a `source_phrase` form, whose first letter may be in either
/// case and whose rest is matched as it is written ("A source" holds
/// " source"), so the text must hold a form's rest. (`true` when a form
/// has no rest to look for.)
fn may_name_a_source(text: &str) -> bool {
    static RESTS: LazyLock<Option<Vec<memchr::memmem::Finder<'static>>>> = LazyLock::new(|| {
        let rests: Vec<&str> = forms("source_phrase")
            .iter()
            .map(|f| f.char_indices().nth(1).map_or("", |(i, _)| &f[i..]))
            .collect();
        (!rests.iter().any(|r| r.is_empty()))
            .then(|| rests.iter().map(|r| memchr::memmem::Finder::new(r).into_owned()).collect())
    });
    match &*RESTS {
        Some(rests) => rests.iter().any(|r| r.find(text.as_bytes()).is_some()),
        None => true,
    }
}

/// Where the speaker of an "X said" match `start..end` ends, read from
/// the text as its groups would be, where only one place can be that end
/// (`None` otherwise: the backtracking search decides).
///
/// The match is `(?P<who>W)V`, V being `\s*,?\s+(?:also\s+)?` and a speech
/// form ending at `end`. The speaker ends where V can start. No W ends
/// in white space or a comma (the classes of the first two kinds hold
/// neither, nor do `source_phrase` forms, checked here; the third ends at
/// `\b` before V's space or comma, after an ASCII word character), so V
/// starts after the last such character before its verb: with one speech
/// form ending at `end` after white space, and no `also` form before that
/// white space, the only place V can start is before the white space (and
/// before a comma and the white space before it), and the match's speaker
/// ends there. (`\s` is Unicode's White_Space, as `char::is_whitespace`;
/// the ASCII copy of the patterns, used on ASCII matches, reads the same
/// characters there.)
fn who_end(text: &str, start: usize, end: usize) -> Option<usize> {
    /// The speech and `also` forms, when every `source_phrase` form ends
    /// in neither white space nor a comma and no form is empty or ends in
    /// white space (else `None`: the regex decides).
    static FORMS: LazyLock<Option<(Vec<String>, Vec<String>)>> = LazyLock::new(|| {
        let ends_well = |f: &String| f.chars().next_back().is_some_and(|c| !c.is_whitespace() && c != ',');
        let (speech, also) = (forms("speech"), forms("also"));
        let fits = speech.iter().chain(also).chain(forms("source_phrase")).all(ends_well);
        fits.then(|| (speech.to_vec(), also.to_vec()))
    });
    let (speech, also) = FORMS.as_ref()?;
    let before = &text[..end];
    let mut verb = None;
    for form in speech.iter().filter(|f| before.ends_with(f.as_str())) {
        let at = end - form.len();
        if text[..at].ends_with(char::is_whitespace) {
            if verb.is_some_and(|v| v != at) {
                return None; // two speech forms end here
            }
            verb = Some(at);
        }
    }
    let spaced = text[..verb?].trim_end_matches(char::is_whitespace);
    if also.iter().any(|a| spaced.ends_with(a.as_str())) {
        return None; // "also" may be the speaker's word or the verb's
    }
    let who = match spaced.strip_suffix(',') {
        Some(before_comma) => before_comma.trim_end_matches(char::is_whitespace),
        None => spaced,
    };
    let ends_well = who.chars().next_back().is_some_and(|c| !c.is_whitespace() && c != ',');
    (who.len() > start && ends_well).then_some(who.len())
}

/// Whether a folded name is a news outlet's name or opens with one and a
/// space ("reuters", "ria novosti").
fn opens_with_media(folded: &str) -> bool {
    MEDIA
        .iter()
        .any(|m| folded.strip_prefix(m.as_str()).is_some_and(|rest| rest.is_empty() || rest.starts_with(' ')))
}

/// The categories [`kind_of`] looks for anywhere in a name, one bit each.
const KIND_CATEGORIES: [&str; 3] = ["anonymous", "media_phrase", "institution"];

/// Which of [`KIND_CATEGORIES`] (bit `1 << i`) have a form (less a stem's
/// `*`) in the folded name `lower`: one pass of one automaton over every
/// place a form ends, where a `contains` per form searched the name once
/// for each.
fn kind_categories_in(lower: &str) -> u8 {
    /// The forms (each once) and per form the bits of its categories.
    static FORMS: LazyLock<Option<(aho_corasick::AhoCorasick, Vec<u8>)>> = LazyLock::new(|| {
        let mut pieces: Vec<(&str, u8)> = Vec::new();
        for (i, category) in KIND_CATEGORIES.iter().enumerate() {
            for form in forms(category) {
                let piece = form.trim_end_matches('*');
                match pieces.iter_mut().find(|(p, _)| *p == piece) {
                    Some((_, bits)) => *bits |= 1 << i,
                    None => pieces.push((piece, 1 << i)),
                }
            }
        }
        let automaton = aho_corasick::AhoCorasick::new(pieces.iter().map(|(p, _)| p)).ok()?;
        Some((automaton, pieces.into_iter().map(|(_, bits)| bits).collect()))
    });
    let Some((automaton, bits)) = &*FORMS else {
        let contains =
            |category: &str| forms(category).iter().any(|w| lower.contains(w.trim_end_matches('*')));
        return (0..KIND_CATEGORIES.len())
            .filter(|&i| contains(KIND_CATEGORIES[i]))
            .fold(0, |b, i| b | 1 << i);
    };
    let mut found = 0;
    for m in automaton.find_overlapping_iter(lower) {
        found |= bits[m.pattern().as_usize()];
    }
    found
}

/// The kind of speaker `name` (`lower`: its fold) is.
fn kind_of(name: &str, lower: &str) -> AttributionKind {
    let found = kind_categories_in(lower);
    let contains = |category: &str| {
        KIND_CATEGORIES.iter().position(|c| *c == category).is_some_and(|i| found & 1 << i != 0)
    };
    if contains("anonymous") {
        AttributionKind::Anonymous
    } else if opens_with_media(lower) || contains("media_phrase") {
        AttributionKind::Media
    } else if contains("institution") {
        AttributionKind::Organisation
    } else if name.split_whitespace().count() >= 2
        && name.split_whitespace().all(|w| w.chars().next().is_some_and(char::is_uppercase))
    {
        AttributionKind::Person
    } else if !name.contains(char::is_whitespace) && is_surname_shaped(name, lower) && !names_a_party(lower) {
        // "Zelensky said": one capitalised word that names no institution,
        // country or party is a person's surname
        AttributionKind::Person
    } else {
        AttributionKind::Organisation
    }
}

/// Whether one word (`folded`: its fold) has a surname's shape: a capital,
/// then lower-case letters or hyphens (no acronym: "SBU", "ЗСУ"; no
/// possessive: "Russia's"), and no word that
/// makes a capitalised run no person's name (`not_name`: "Ministry",
/// "Kremlin", "Міноборони").
pub(crate) fn is_surname_shaped(word: &str, folded: &str) -> bool {
    let mut chars = word.chars();
    chars.next().is_some_and(char::is_uppercase)
        && word.chars().count() >= 3
        && chars.all(|c| c.is_lowercase() || c == '-')
        && !tally_lexicon::is_form_in_any("not_name", folded)
}

/// Whether a folded word is a party's name or adjective in a built-in
/// language ("Israel", "Hamas"): the forms sorted once.
fn names_a_party(folded: &str) -> bool {
    // (a party's forms are stored folded)
    static FORMS: LazyLock<Vec<&'static str>> = LazyLock::new(|| {
        let mut forms: Vec<&str> = tally_lexicon::builtin()
            .iter()
            .flat_map(|l| l.parties())
            .flat_map(|(_, p)| p.names.iter().chain(&p.adjectives).chain(&p.recipient))
            .map(String::as_str)
            .collect();
        forms.sort_unstable();
        forms.dedup();
        forms
    });
    FORMS.binary_search(&folded).is_ok()
}

/// What a sentence says of its speaker, before the speaker of the
/// sentences before it is known: most sentences' speakers are never needed
/// (only a claim's is), so the chain of speakers is resolved backwards from
/// a claim, as far as its last named speaker (see `claims::Speakers`).
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Speaker {
    /// A speaker named: the attribution stands on its own (never the outlet).
    Named(Attribution),
    /// A pronoun (or a speech verb with nobody named): the previous speaker
    /// goes on, with this sentence's channel and relay where it states
    /// them; with no previous speaker, the outlet.
    Continues { channel: Option<String>, via: Option<String> },
    /// Nobody named: the outlet.
    Outlet { channel: Option<String>, via: Option<String> },
}

impl Speaker {
    /// The attribution, given the speaker before the sentence.
    pub(crate) fn resolve(&self, previous: &Option<Attribution>, outlet: &str) -> Attribution {
        let outlet = |channel: &Option<String>, via: &Option<String>| Attribution {
            name: outlet.to_string(),
            kind: AttributionKind::Outlet,
            channel: channel.clone(),
            via: via.clone(),
        };
        match (self, previous) {
            (Speaker::Named(a), _) => a.clone(),
            (Speaker::Continues { channel, via }, Some(p)) => Attribution {
                channel: channel.clone().or(p.channel.clone()),
                via: via.clone().or(p.via.clone()),
                ..p.clone()
            },
            (Speaker::Continues { channel, via }, None) | (Speaker::Outlet { channel, via }, _) => {
                outlet(channel, via)
            }
        }
    }
}

/// Who a sentence attributes its statement to.
#[cfg(test)]
pub(crate) fn attribute(text: &str, previous: &Option<Attribution>, outlet: &str) -> Attribution {
    speaker(text).resolve(previous, outlet)
}

/// What an English sentence says of its speaker.
pub(crate) fn speaker(text: &str) -> Speaker {
    // the literals the patterns need are looked for in ASCII lower case
    let lower = text.to_ascii_lowercase();
    let (present, speech_end) = literals_in(&lower);
    speaker_given(text, &lower, present, speech_end)
}

/// The patterns [`literals_present`] answers for, one bit each.
const SAID_LITERAL: u8 = 1;
const SAID_AFTER_LITERAL: u8 = 2;
const RELAY_LITERAL: u8 = 4;
const ACCORDING_TO_LITERAL: u8 = 8;
const ALL_LITERALS: u8 = 15;

/// Which of the patterns "X said" ([`SAID`], whose verbs are `speech`),
/// [`SAID_AFTER`] (`quote_verb`), [`RELAY`] (`relay`) and [`ACCORDING_TO`]
/// (`according_to`) may match a text, given in ASCII lower case: each
/// needs one of its category's forms in the text, and one pass over the
/// text finds which are there (most sentences have few; each regex would
/// search the whole sentence). The forms are looked for in either ASCII
/// case (in the lowered text, by a search that a prefilter speeds up, as a
/// search ignoring case would not be): the first three patterns
/// hold their forms as written, and `(?i)` in the last folds no other
/// character onto an ASCII letter but `ſ` onto `s` and the Kelvin sign
/// onto `k` (so its forms are looked for by their longest piece without
/// either letter).
#[cfg(test)]
fn literals_present(lower: &str) -> u8 {
    literals_in(lower).0
}

/// [`literals_present`]'s bits, and a place no speech form of the text ends
/// after (in either ASCII case: the end of the last piece found that a
/// speech form opens; the text's length when there is none, or no search).
fn literals_in(lower: &str) -> (u8, usize) {
    /// The pieces (each once), and per piece the bits of the pieces that
    /// open it (itself among them): where a piece is found, so are those.
    static LITERALS: LazyLock<Option<(aho_corasick::AhoCorasick, Vec<u8>)>> = LazyLock::new(|| {
        let mut pieces: Vec<(String, u8)> = Vec::new();
        let mut add =
            |piece: &str, bit: u8| match pieces.iter_mut().find(|(p, _)| p.eq_ignore_ascii_case(piece)) {
                Some((_, bits)) => *bits |= bit,
                None => pieces.push((piece.to_string(), bit)),
            };
        for (category, bit) in
            [("speech", SAID_LITERAL), ("quote_verb", SAID_AFTER_LITERAL), ("relay", RELAY_LITERAL)]
        {
            for form in forms(category) {
                add(form, bit);
            }
        }
        for form in forms("according_to") {
            let piece = form.split(['s', 'S', 'k', 'K']).max_by_key(|p| p.len()).unwrap_or_default();
            if piece.is_empty() {
                return None; // no piece to look for: the pattern is always tried
            }
            add(piece, ACCORDING_TO_LITERAL);
        }
        let opened_by = |long: &str, short: &str| {
            long.len() >= short.len() && long.as_bytes()[..short.len()].eq_ignore_ascii_case(short.as_bytes())
        };
        let bits = pieces
            .iter()
            .map(|(long, _)| {
                pieces.iter().filter(|(short, _)| opened_by(long, short)).fold(0, |b, (_, bit)| b | bit)
            })
            .collect();
        let automaton = aho_corasick::AhoCorasick::builder()
            .match_kind(aho_corasick::MatchKind::LeftmostLongest)
            .build(pieces.iter().map(|(p, _)| p.to_ascii_lowercase()))
            .ok()?;
        Some((automaton, bits))
    });
    let Some((automaton, bits)) = &*LITERALS else { return (ALL_LITERALS, lower.len()) };
    // Every place a piece starts, from the left: the longest piece there
    // (with the pieces that open it), then on from the next byte (to the
    // end: the last speech form is wanted too).
    let mut present = 0;
    let mut speech_end = None;
    let mut at = 0;
    while let Some(m) = automaton.find(aho_corasick::Input::new(lower).span(at..lower.len())) {
        let found = bits[m.pattern().as_usize()];
        present |= found;
        if found & SAID_LITERAL != 0 {
            speech_end = Some(m.end());
        }
        at = m.start() + 1;
    }
    (present, speech_end.unwrap_or(lower.len()))
}

/// [`speaker`], trying only the patterns whose bits are in `present` (the
/// others cannot match); no speech form ends after `speech_end`.
fn speaker_given(text: &str, lower: &str, present: u8, speech_end: usize) -> Speaker {
    let has = |bit: u8| present & bit != 0;
    let channel = channel_of(text, lower);
    let via = has(RELAY_LITERAL).then(|| relayed_via(text)).flatten().map(str::to_string).filter(|v| {
        let folded = tally_lexicon::fold(v);
        MEDIA.iter().any(|m| folded.starts_with(m.as_str()))
    });
    let who = has(ACCORDING_TO_LITERAL)
        .then(|| according_to_who(text))
        .flatten()
        .map(|who| {
            let who = who.trim();
            // "according to a statement released by the ministry": the agent
            let agent = AGENT_BY.iter().find_map(|by| who.rsplit_once(&format!(" {by} ")));
            agent.map_or(who, |(_, by)| by).to_string()
        })
        .or_else(|| {
            has(SAID_LITERAL).then(|| said_who(text, speech_end)).flatten().map(|who| who.trim().to_string())
        })
        .or_else(|| {
            let after = has(SAID_AFTER_LITERAL).then(|| SAID_AFTER.captures(text)).flatten();
            after.map(|c| c["who"].trim().to_string())
        })
        .or_else(|| {
            let named = has(SAID_LITERAL) && may_name_an_institution(lower);
            named.then(|| possessive_institution(text)).flatten().map(str::to_string)
        });
    // the name folded once, for the pronoun test and its kind
    let Some(name) = who else { return Speaker::Outlet { channel, via } };
    let folded = tally_lexicon::fold(&name);
    if PRONOUN.contains(&folded) {
        Speaker::Continues { channel, via }
    } else if !name.is_empty() {
        Speaker::Named(Attribution { kind: kind_of(&name, &folded), name, channel, via })
    } else {
        Speaker::Outlet { channel, via }
    }
}

/// Whether [`possessive_institution`] may name a speaker in a text whose
/// ASCII lower case is `lower`: it needs a word equal to a `speech` form
/// (ignoring ASCII case) right after one equal to an `institution` or
/// `speaker_noun` form, with only white space between, so `lower` must
/// hold such a form, white space and such a verb. One search for the
/// verbs (most sentences it is asked about hold one or two) replaces
/// reading every word of the text and comparing it with every verb.
fn may_name_an_institution(lower: &str) -> bool {
    /// The speech forms, and the institution and speaker-noun forms, in
    /// ASCII lower case (`None`: no form to search for, every text is read).
    static FORMS: LazyLock<Option<(aho_corasick::AhoCorasick, Vec<String>)>> = LazyLock::new(|| {
        let verbs: Vec<String> = forms("speech").iter().map(|f| f.to_ascii_lowercase()).collect();
        let nouns = forms("institution").iter().chain(forms("speaker_noun")).map(|f| f.to_ascii_lowercase());
        let automaton = aho_corasick::AhoCorasick::new(&verbs).ok()?;
        Some((automaton, nouns.collect()))
    });
    let Some((verbs, nouns)) = &*FORMS else { return true };
    verbs.find_overlapping_iter(lower).any(|verb| {
        let before = &lower[..verb.start()];
        let spaced = before.trim_end_matches(char::is_whitespace);
        spaced.len() < before.len() && nouns.iter().any(|n| spaced.ends_with(n.as_str()))
    })
}

/// "Ukraine's military intelligence agency said", "Russia's defence
/// ministry reported": a capitalised name with a possessive ('s), then up
/// to four lower-case words, the last an `institution` or a `speaker_noun`
/// ("Ukraine's human rights commissioner"), right before a
/// `speech` verb. The speaker is the institution, named from the name on
/// (no name shape above reads the lower-case words).
fn possessive_institution(text: &str) -> Option<&str> {
    let is_word_char = |c: char| c.is_alphanumeric() || matches!(c, '\'' | '’' | '-');
    // the words of the text with their starts, up to punctuation
    let mut words: Vec<(usize, &str)> = Vec::new();
    let mut at = 0;
    for piece in text.split_inclusive(|c: char| !is_word_char(c)) {
        let word = piece.trim_end_matches(|c: char| !is_word_char(c));
        let gap = &piece[word.len()..];
        if !word.is_empty() {
            words.push((at, word));
        }
        // a mark other than white space breaks the run of words
        if gap.chars().any(|c| !c.is_whitespace()) {
            words.push((at + piece.len(), ""));
        }
        at += piece.len();
    }
    let (speech, institution, speaker_noun) = (*SPEECH, *INSTITUTION, *SPEAKER_NOUN);
    for (i, &(_, verb)) in words.iter().enumerate() {
        if verb.is_empty() || !speech.iter().any(|f| f.eq_ignore_ascii_case(verb)) || i == 0 {
            continue;
        }
        let (last_start, last) = words[i - 1];
        if !institution.iter().chain(speaker_noun).any(|f| f.eq_ignore_ascii_case(last)) {
            continue;
        }
        let name = words[..i - 1].iter().rev().take(4).take_while(|(_, w)| !w.is_empty()).find(|(_, w)| {
            w.starts_with(char::is_uppercase) || w.chars().any(|c| !c.is_lowercase() && c != '-')
        });
        if let Some(&(start, name)) = name {
            let possessive = name.ends_with("'s") || name.ends_with("’s");
            let lower_between = words
                .iter()
                .filter(|(s, _)| *s > start && *s < last_start)
                .all(|(_, w)| !w.is_empty() && w.chars().all(|c| c.is_lowercase() || c == '-'));
            if possessive && name.starts_with(char::is_uppercase) && lower_between {
                return Some(&text[start..last_start + last.len()]);
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::strategy::Strategy;
    use regex::Regex;

    fn re(pattern: &str) -> Regex {
        Regex::new(pattern).expect("test regex")
    }

    /// "X said" as one regex, as it was written in Rust before [`said_who`]
    /// split it and its words moved to the lexicon: the patterns built from
    /// the lexicon must find the same speakers.
    static SAID_REFERENCE: LazyLock<Regex> = LazyLock::new(|| {
        re(
            r"(?P<who>(?-u:\b)[Aa] source(?: [\w’'-]+){0,5}|(?-u:\b)(?:[A-Z][\w’'.-]*)(?:\s+(?:of the |of |for the )?[A-Z][\w’'.-]*)*|(?-u:\b)(?:he|she|they|the source|the agency|the ministry|officials|authorities(?: in [\w ]+)?)(?-u:\b))\s*,?\s+(?:also\s+)?(?:said|says|told|announced|stated|added|noted|confirmed|reported|wrote|expressed|indicated|claimed|posted|shared)(?-u:\b)",
        )
    });

    /// Institutions and speaker nouns before speech verbs, with names,
    /// possessives, case, white space of both kinds and punctuation
    /// between them.
    fn institution_words() -> impl Strategy<Value = String> {
        const VOCABULARY: &[&str] = &[
            "Ukraine's",
            "Russia’s",
            "Kyiv",
            "military",
            "intelligence",
            "defence",
            "human",
            "rights",
            "agency",
            "Agency",
            "MINISTRY",
            "ministry",
            "headquarters",
            "commissioner",
            "ombudsman",
            "said",
            "SAID",
            "Said",
            "says",
            "reported",
            "announcing",
            "told",
            "saidx",
            "resaid",
            "agencysaid",
            " ",
            "  ",
            "\u{a0}",
            "\u{2003}",
            "\n",
            ",",
            ".",
            "-",
            "'",
            "’",
            "é",
            "the",
        ];
        proptest::collection::vec(proptest::sample::select(VOCABULARY), 0..14).prop_map(|words| {
            let mut text = String::new();
            for (i, w) in words.iter().enumerate() {
                if i > 0 && i % 3 != 0 {
                    text.push(' ');
                }
                text.push_str(w);
            }
            text
        })
    }

    proptest::proptest! {
        /// The institution pre-test passes every text the full reading
        /// names a speaker in: the reading gated by it answers as alone.
        #[test]
        fn the_institution_pretest_passes_every_text_that_names_one(text in institution_words()) {
            let gated = may_name_an_institution(&text.to_ascii_lowercase()).then(|| possessive_institution(&text)).flatten();
            proptest::prop_assert_eq!(gated, possessive_institution(&text), "{:?}", text);
        }
    }

    /// Speakers, speech verbs and what sits between them, with near misses
    /// and non-ASCII letters, spaces and apostrophes around word boundaries.
    fn speech_words() -> impl Strategy<Value = String> {
        const VOCABULARY: &[&str] = &[
            "A source",
            "a source close to",
            "A source in the",
            "a source x y z",
            "a source",
            "A  source",
            "source",
            "the source",
            "The source",
            "he",
            "He",
            "she",
            "they",
            "theyʼ",
            "the agency",
            "the ministry",
            "officials",
            "authorities",
            "authorities in Kyiv",
            "in",
            "of the",
            "of",
            "for the",
            "Ministry",
            "Defence",
            "Zelensky",
            "Putin",
            "É",
            "Élan",
            "O’Brien",
            "U.S.",
            "al-Sisi",
            "ſaid",
            "said",
            "says",
            "told",
            "announced",
            "stated",
            "added",
            "noted",
            "confirmed",
            "reported",
            "wrote",
            "expressed",
            "indicated",
            "claimed",
            "posted",
            "shared",
            "Said",
            "saidx",
            "also",
            ",",
            ", ",
            "\"",
            "’",
            "'",
            "-",
            ".",
            "1",
            "K",
            "x",
        ];
        proptest::prop_oneof![
            6 => proptest::sample::select(VOCABULARY).prop_map(str::to_string),
            1 => "\\PC{0,4}",
        ]
    }

    /// Each part followed by its glue.
    fn joined(parts: &[impl AsRef<str>], glue: &[String]) -> String {
        parts.iter().zip(glue).flat_map(|(p, g)| [p.as_ref(), g.as_str()]).collect()
    }

    proptest::proptest! {
        #![proptest_config(proptest::test_runner::Config::with_cases(4096))]
        #[test]
        fn the_split_said_finds_the_speaker_the_single_regex_finds(
            parts in proptest::collection::vec(speech_words(), 0..14),
            glue in proptest::collection::vec("[ ,]|  |\u{a0}|\u{2003}|\n|", 14),
        ) {
            let text = joined(&parts, &glue);
            let expected = SAID_REFERENCE.captures(&text).map(|c| c.name("who").expect("group").as_str());
            proptest::prop_assert_eq!(said_who(&text, text.len()), expected, "{:?}", text);
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::test_runner::Config::with_cases(8192))]
        /// The speaker resolved from the chosen match alone (in ASCII when
        /// the match is) is the one each pattern's full search for its
        /// groups, the leftmost kept, gives.
        #[test]
        fn said_resolved_from_the_chosen_match_is_the_one_every_search_gives(
            parts in proptest::collection::vec(proptest::prop_oneof![
                4 => speech_words(),
                1 => proptest::sample::select(vec!["“", "”", "\u{b}", "\t", "\r", "_", "also", "Ministry of the", "é"])
                    .prop_map(str::to_string),
            ], 0..14),
            glue in proptest::collection::vec("[ ,]|  |\u{a0}|\u{2003}|\u{b}|\n|", 14),
        ) {
            let text = joined(&parts, &glue);
            let mut expected: Option<(usize, regex::Match)> = None;
            for regex in SAID.iter() {
                if let Some(c) = regex.captures(&text) {
                    let start = c.get(0).expect("match").start();
                    if expected.is_none_or(|(s, _)| start < s) {
                        expected = Some((start, c.name("who").expect("group")));
                    }
                }
            }
            // the speaker's place in the text, not only its words
            let found = said_who(&text, text.len()).map(|who| (who.as_ptr() as usize - text.as_ptr() as usize, who.len()));
            let expected = expected.map(|(_, who)| (who.start(), who.len()));
            proptest::prop_assert_eq!(found, expected, "{:?}", text);
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::test_runner::Config::with_cases(8192))]
        /// Where the speaker of a match ends, read without the backtracking
        /// search (when [`who_end`] reads it), is where the search's group
        /// ends; and it reads the common shapes ("X said", "X, also
        /// told", white space of every kind).
        #[test]
        fn the_speaker_read_from_the_match_is_the_group_the_search_gives(
            parts in proptest::collection::vec(proptest::prop_oneof![
                4 => speech_words(),
                2 => proptest::sample::select(vec![
                    "also", "alsoo", "Also", ",", ", ,", " , ", "\u{2003}", "\u{b}", "\u{85}", "\t", "’", "_", "said,", "saidsaid",
                ]).prop_map(str::to_string),
            ], 0..14),
            glue in proptest::collection::vec("[ ,]|  |\u{a0}|\u{2003}|\u{85}|\n|", 14),
        ) {
            let text = joined(&parts, &glue);
            for regex in SAID.iter() {
                let Some(groups) = regex.captures(&text) else { continue };
                let found = groups.get(0).expect("match");
                if let Some(end) = who_end(&text, found.start(), found.end()) {
                    let who = groups.name("who").expect("group");
                    proptest::prop_assert_eq!((found.start(), end), (who.start(), who.end()), "{:?}", text);
                }
            }
        }
    }

    /// [`kind_of`] as it searched the name for each form.
    fn kind_of_form_by_form(name: &str) -> AttributionKind {
        let lower = tally_lexicon::fold(name);
        let contains =
            |category: &str| forms(category).iter().any(|w| lower.contains(w.trim_end_matches('*')));
        if contains("anonymous") {
            AttributionKind::Anonymous
        } else if opens_with_media(&lower) || contains("media_phrase") {
            AttributionKind::Media
        } else if contains("institution") {
            AttributionKind::Organisation
        } else if (name.split_whitespace().count() >= 2
            && name.split_whitespace().all(|w| w.chars().next().is_some_and(char::is_uppercase)))
            || (!name.contains(char::is_whitespace)
                && is_surname_shaped(name, &lower)
                && crate::parties::find_all(name).is_empty())
        {
            AttributionKind::Person
        } else {
            AttributionKind::Organisation
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::test_runner::Config::with_cases(4096))]
        /// One pass over a name finds the kind a search for each form finds.
        #[test]
        fn a_speaker_kind_found_in_one_pass_is_the_one_each_form_gives(
            parts in proptest::collection::vec(proptest::prop_oneof![
                3 => proptest::sample::select(vec![
                    "source", "Sources", "SOURCE", "ſource", "news agency", "news agencies", "News Agenc", "agenc",
                    "ministry", "Ministry", "ministryministry", "Kremlin", "KREMLIN", "officials", "authorities",
                    "Reuters", "RIA Novosti", "RIA", "TASS", "Defence", "Volodymyr", "Zelensky", "the", "of", "İ",
                    "ß", "É", "\u{301}", "headquarters", "ource", "officialsource",
                ]).prop_map(str::to_string),
                1 => "\\PC{0,4}",
            ], 0..6),
            glue in proptest::collection::vec("[ ,]|  |\u{a0}|", 6),
        ) {
            let name = joined(&parts, &glue);
            let folded = tally_lexicon::fold(&name);
            proptest::prop_assert_eq!(kind_of(&name, &folded), kind_of_form_by_form(&name), "{:?}", name);
        }
    }

    #[test]
    fn common_speakers_are_read_without_the_search() {
        for (text, who) in [
            ("Zelensky said on Monday", Some("Zelensky")),
            ("the talks, he told reporters", Some("he")),
            ("Kyiv ,\u{a0}said", Some("Kyiv")),
            ("A source close to the talks said", Some("A source close to the talks")),
            // "also" may end the speaker or open the verb: the search decides
            ("the talks, he also told reporters", None),
        ] {
            let found = SAID.iter().find_map(|r| r.find(text)).expect("a match");
            assert_eq!(who_end(text, found.start(), found.end()).map(|e| &text[found.start()..e]), who);
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::test_runner::Config::with_cases(8192))]
        /// The text after the last speech form (and the character after
        /// it) holds no part of the speaker's match: searched without it,
        /// the speaker is the same, at the same place.
        #[test]
        fn said_searched_up_to_the_last_speech_form_is_said_searched_in_all(
            parts in proptest::collection::vec(proptest::prop_oneof![
                4 => speech_words(),
                1 => proptest::sample::select(vec!["saidé", "said_", "SAID", "sAid", "said1", "é", "_", "also"])
                    .prop_map(str::to_string),
            ], 0..14),
            glue in proptest::collection::vec("[ ,]|  |\u{a0}|\u{2003}|\n|", 14),
        ) {
            let text = joined(&parts, &glue);
            let (_, speech_end) = literals_in(&text.to_ascii_lowercase());
            let place = |who: &str| (who.as_ptr() as usize - text.as_ptr() as usize, who.len());
            proptest::prop_assert_eq!(
                said_who(&text, speech_end).map(place),
                said_who(&text, text.len()).map(place),
                "{:?}", text
            );
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::test_runner::Config::with_cases(4096))]
        /// Trying only the patterns whose words the sentence holds finds
        /// the speaker, relay and channel that trying them all finds.
        #[test]
        fn patterns_skipped_for_want_of_their_words_would_find_nothing(
            parts in proptest::collection::vec(attribution_words(), 0..14),
            glue in proptest::collection::vec("[ ,]|  |\u{a0}|\n|", 14),
        ) {
            let text = joined(&parts, &glue);
            proptest::prop_assert_eq!(speaker(&text), speaker_given(&text, &text.to_ascii_lowercase(), ALL_LITERALS, text.len()), "{:?}", text);
        }
    }

    /// [`speech_words`] and the words of relays, channels and "according to".
    fn attribution_words() -> impl Strategy<Value = String> {
        const MORE: &[&str] = &[
            "according to",
            "According To",
            "ACCORDING TO",
            "accordinG  to",
            "according",
            "to",
            "by",
            "a statement released by",
            "told",
            "Told",
            "TOLD",
            "RIA Novosti",
            "Reuters",
            "TASS",
            "on",
            "On",
            "Telegram",
            "X",
            "ſaid",
            "ſtated",
        ];
        proptest::prop_oneof![
            3 => speech_words(),
            2 => proptest::sample::select(MORE).prop_map(str::to_string),
        ]
    }

    proptest::proptest! {
        #![proptest_config(proptest::test_runner::Config::with_cases(4096))]
        /// The channel searched for from the first place a match may
        /// start is the one the regex finds searching the whole sentence.
        #[test]
        fn channels_searched_from_their_first_preposition_are_those_found(
            parts in proptest::collection::vec(proptest::sample::select(vec![
                "on", "On", "ON", "oN", "son", "on_", "_on", "1on", "éon", "Telegram", "telegram", "X", "x",
                "TV", "tv", "social media", "ſocial media", "Faceboo\u{212a}", "said", "Reuters", ".", ",",
                "\u{a0}", "\u{2003}", "\n", "-", "’", "the", "Tele", "te", "tw", "ſ", "\u{212a}", "VK", "vk",
                "Instagram", "Inſtagram", "state", "ſtate", "s", "t", "in",
            ]), 0..12),
            glue in proptest::collection::vec("[ ,]| |\u{a0}|", 12),
        ) {
            let text = joined(&parts, &glue);
            let expected = CHANNEL.captures(&text).map(|c| c["ch"].to_string());
            proptest::prop_assert_eq!(channel_of(&text, &text.to_ascii_lowercase()), expected, "{:?}", text);
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::test_runner::Config::with_cases(4096))]
        /// The relay and the "according to" source read from their
        /// matches are the groups their regexes' searches give.
        #[test]
        fn groups_read_after_their_form_are_the_groups_searched(
            parts in proptest::collection::vec(proptest::prop_oneof![
                4 => attribution_words(),
                1 => proptest::sample::select(vec!["“", "”", ",", ".", ";", "\u{a0}", "\u{2003}", "\n", "é", "ACCORDINGTO", "accordinG\u{a0}to"])
                    .prop_map(str::to_string),
            ], 0..14),
            glue in proptest::collection::vec("[ ,]|  |\u{a0}|\u{2003}|\n|", 14),
        ) {
            let text = joined(&parts, &glue);
            let via = RELAY.captures(&text).map(|c| c.name("via").expect("group").as_str());
            proptest::prop_assert_eq!(relayed_via(&text), via, "{:?}", text);
            let who = ACCORDING_TO.captures(&text).map(|c| c.name("who").expect("group").as_str());
            proptest::prop_assert_eq!(according_to_who(&text), who, "{:?}", text);
        }
    }

    #[test]
    fn one_form_of_ascii_has_a_known_length() {
        assert_eq!(one_form_length("relay", false), Some("told".len()));
        assert_eq!(one_form_length("according_to", true), Some("according to".len()));
        assert_eq!(one_form_length("speech", false), None, "several forms");
        assert_eq!(one_form_length("anonymous", true), None, "a form with an s, case ignored");
    }

    proptest::proptest! {
        #![proptest_config(proptest::test_runner::Config::with_cases(4096))]
        /// The literals found are those of the forms a lowercased text
        /// holds (overlapping, nested and repeated ones among them).
        #[test]
        fn literals_present_are_the_forms_the_text_holds(
            parts in proptest::collection::vec(proptest::sample::select(vec![
                "said", "SAID", "says", "sai", "told", "toldsaid", "saidtold", "according to", "ACCORDING TO",
                "accordin", "stated", "statedadded", "noted", "confirmed", "shared", "wrote", "x", " ", ",", "ſaid",
            ]), 0..10),
        ) {
            let text: String = parts.concat();
            let lower = text.to_ascii_lowercase();
            let mut expected = 0;
            for (category, bit) in [
                ("speech", SAID_LITERAL),
                ("quote_verb", SAID_AFTER_LITERAL),
                ("relay", RELAY_LITERAL),
                ("according_to", ACCORDING_TO_LITERAL),
            ] {
                if forms(category).iter().any(|f| lower.contains(f.as_str())) {
                    expected |= bit;
                }
            }
            proptest::prop_assert_eq!(literals_present(&lower), expected, "{:?}", text);
        }
    }

    #[test]
    fn literals_are_found_in_either_case_and_missing_ones_are_not() {
        assert_eq!(literals_present("nothing here."), 0);
        assert_eq!(literals_present("he said so") & SAID_LITERAL, SAID_LITERAL);
        assert_eq!(literals_present("according to them") & ACCORDING_TO_LITERAL, ACCORDING_TO_LITERAL);
        assert_eq!(literals_present("a source told ria") & RELAY_LITERAL, RELAY_LITERAL);
        assert_eq!(literals_present("the ministry noted") & (SAID_LITERAL | SAID_AFTER_LITERAL), 3);
    }

    #[test]
    fn one_capitalised_word_is_a_surname_unless_it_names_an_institution_or_a_country() {
        let kind = |name: &str| kind_of(name, &tally_lexicon::fold(name));
        assert_eq!(kind("Zelensky"), AttributionKind::Person);
        assert_eq!(kind("Lubinets"), AttributionKind::Person);
        for organisation in ["Ukraine", "Moscow", "Kremlin", "SBU", "Ministry", "officials", "Qatar"] {
            assert_eq!(kind(organisation), AttributionKind::Organisation, "{organisation}");
        }
    }

    #[test]
    fn speakers_relays_and_channels() {
        let a = attribute(
            "Russia handed over 50 bodies, the Coordination Headquarters said on Telegram.",
            &None,
            "Outlet",
        );
        assert_eq!(a.kind, AttributionKind::Organisation);
        assert_eq!(a.channel.as_deref(), Some("Telegram"));
        let a = attribute("Fifty prisoners came home, a source told RIA Novosti.", &None, "Outlet");
        assert_eq!((a.kind, a.via.as_deref()), (AttributionKind::Anonymous, Some("RIA Novosti")));
        let a = attribute(
            "Ukraine received the bodies, according to a statement released by the Defence Ministry.",
            &None,
            "Outlet",
        );
        assert_eq!((a.name.as_str(), a.kind), ("the Defence Ministry", AttributionKind::Organisation));
        let previous = Some(Attribution {
            name: "Volodymyr Zelensky".into(),
            kind: AttributionKind::Person,
            channel: None,
            via: None,
        });
        assert_eq!(
            attribute("He said 90 soldiers were freed.", &previous, "Outlet").name,
            "Volodymyr Zelensky"
        );
        assert_eq!(attribute("Ninety soldiers were freed.", &None, "Outlet").kind, AttributionKind::Outlet);
    }
}
