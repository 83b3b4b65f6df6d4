//! One Unicode-aware pass that marks what a sentence holds: every lexicon
//! hit (of every built-in language, in one flat trie of the folded forms,
//! walked from each place a hit may start), numbers with their values
//! and qualifiers, and dates.
//!
//! The text is folded as the lexicon is ([`tally_lexicon::fold`]) and matched
//! folded; word boundaries are checked on the original text (any letter or
//! digit, in any script, continues a word). A form ending in `*` is a stem and
//! runs to the end of its word. Where hits overlap, the longest form wins (an
//! exact form over a stem of the same length); hits of the same form in
//! several categories are all kept. A walk keeps only the longest hit of its
//! start, and a start inside a hit kept before opens none.

use std::sync::LazyLock;

use chrono::NaiveDate;
use tally_lexicon::WordList;
use tally_model::Qualifier;

use crate::dates::DateExpr;

/// What a tag marks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Cat {
    /// A transfer verb whose subject hands over.
    Give,
    /// A transfer verb whose subject receives.
    Receive,
    /// The people moved are the subject ("вернулись").
    Arrive,
    /// Gives to a named receiver; with none, the subject brings its people home.
    Return,
    /// Both ways ("обмен").
    Swap,
    /// People set free; who held them gives the direction.
    Free,
    Remains,
    Dead,
    Prisoners,
    People,
    Captivity,
    FromPrep,
    ToPrep,
    /// "яких утримувала Росія": the party after it held the people.
    Held,
    /// "и", "і", "and": joins two counts.
    Conj,
    /// A speech verb that relays another outlet ("пише Укрінформ").
    Relay,
    /// A word naming an institution ("Минобороны", "штаб").
    Institution,
    /// A news outlet or agency ("РИА Новости", "Укрінформ").
    Media,
    Negation,
    Modality,
    /// The transfer fell through ("сорвался", "postponed").
    Failed,
    /// A speaker denies the transfer happened ("denied", "опроверг"): it is disputed.
    Denial,
    Conditional,
    Speech,
    Total,
    Each,
    Pair,
    Today,
    Yesterday,
    Tomorrow,
    /// A stretch of time a count adds up over ("за тиждень").
    Period,
    /// The statement is about an earlier time than the news ("earlier", "ранее", "попередній").
    Background,
    /// A count after it is a rate ("for each hostage", "за каждого"), not a transfer.
    Rate,
    Qualifier,
    Number,
    /// "49th", "50-й", "ninth" (value: the number).
    Ordinal,
    Multiplier,
    Month,
    Weekday,
    /// A party's name (value: index into [`party_codes`]).
    PartyName,
    PartyAdjective,
    PartyRecipient,
    /// A noun of transfer ("handover", "exchange"): a transfer only with an event verb.
    TransferNoun,
    /// "took place", "was carried out": an event named by a noun happened.
    EventVerb,
    /// A verb that moves people (a soldier freed is a prisoner).
    MovesPeople,
    /// A form that is a noun only after a determiner or a number ("remains").
    NounAfterDeterminer,
    /// What makes an ambiguous form a noun ("the", "their", "human").
    Possessive,
    /// What makes a verb form after it a noun ("the returned bodies").
    Determiner,
    /// The dead as a figure ("killed", "death toll").
    Killed,
    /// Soldiers and civilians: prisoners when moved.
    Military,
    /// "held", "detained": before "in X" it places captives.
    Kept,
    /// A plural demonym naming people ("Palestinians").
    Nationals,
    /// A bare "not".
    Not,
    /// "no", "none of": with a noun, a count of zero.
    NoneWord,
    /// "a single", "any": after a negation, a count of zero.
    AnyWord,
    /// "managed to": the subject got its own people back.
    Managed,
    /// A word that makes a condition when it opens a sentence.
    ConditionalOpener,
    /// "including", "of them": a count that is part of one before.
    PartOf,
    /// "each", "apiece": the same count each way.
    EachWord,
    /// "both sides": both directions.
    BothSides,
    /// "the same number", "parity": swaps are at parity.
    Parity,
    /// "hundreds", "dozens": a vague count (value: its least).
    Vague,
    /// A verb whose particle is no qualifier ("turned over 19").
    ParticleVerb,
    /// A length of time (value: days).
    TimeUnit,
    /// "each other": both ways, no swap of people by itself.
    EachOther,
    /// "in exchange for": the count after it went the other way.
    ExchangeFor,
    /// "the bodies of": the count after it is of bodies.
    RemainsOf,
    /// "over", "during", "за": before a length of time a figure spans.
    SpanPrep,
    /// "past", "last": between a span preposition and its length.
    Recent,
    /// "according to": a speaker follows.
    AccordingTo,
    /// A word of a date expression other than a month or a weekday.
    DateWord,
    /// "of" in "one of the four": the count before it is a part of the
    /// group counted after it.
    Partitive,
    /// "who were", "that had been": a verb after it is in a relative
    /// clause describing people already named.
    Relative,
    /// "on the territory of", "на границе с": the party named right after
    /// it is a place, no side of a transfer.
    PlaceOf,
    /// "border", "границе": the party named right before it is a place.
    PlaceNoun,
    /// "and a half", "с половиной": half a multiplier more ("две с
    /// половиной тысячи").
    Half,
    /// "полторы", "півтори": one and a half of the multiplier after it
    /// ("полторы тысячи" = 1500, "полтора десятка" = 15).
    OneAndHalf,
    /// "ей", "їм": a pronoun standing for who receives, right by its verb
    /// ("вернула ей 50 пленных": the subject gives, no people of its own
    /// brought home).
    RecipientPronoun,
    /// "своих", "своїх": the people counted are the verb's subject's own
    /// ("получила 111 своих").
    Own,
}

/// The lexicon's word categories and the tag each gives.
const WORD_CATEGORIES: &[(&str, Cat)] = &[
    ("give", Cat::Give),
    ("receive", Cat::Receive),
    ("arrive", Cat::Arrive),
    ("return", Cat::Return),
    ("swap", Cat::Swap),
    ("free", Cat::Free),
    ("remains", Cat::Remains),
    ("dead", Cat::Dead),
    ("prisoners", Cat::Prisoners),
    ("people", Cat::People),
    ("captivity", Cat::Captivity),
    ("from_prep", Cat::FromPrep),
    ("to_prep", Cat::ToPrep),
    ("held", Cat::Held),
    ("conj", Cat::Conj),
    ("relay", Cat::Relay),
    ("institution", Cat::Institution),
    ("media", Cat::Media),
    ("negation", Cat::Negation),
    ("modality", Cat::Modality),
    ("failed", Cat::Failed),
    ("denial", Cat::Denial),
    ("conditional", Cat::Conditional),
    ("speech", Cat::Speech),
    ("total", Cat::Total),
    ("each", Cat::Each),
    ("pair", Cat::Pair),
    ("today", Cat::Today),
    ("yesterday", Cat::Yesterday),
    ("tomorrow", Cat::Tomorrow),
    ("period", Cat::Period),
    ("transfer_noun", Cat::TransferNoun),
    ("event_verb", Cat::EventVerb),
    ("moves_people", Cat::MovesPeople),
    ("noun_after_determiner", Cat::NounAfterDeterminer),
    ("possessive", Cat::Possessive),
    ("determiner", Cat::Determiner),
    ("killed", Cat::Killed),
    ("military", Cat::Military),
    ("kept", Cat::Kept),
    ("nationals", Cat::Nationals),
    ("not", Cat::Not),
    ("none", Cat::NoneWord),
    ("any", Cat::AnyWord),
    ("managed", Cat::Managed),
    ("conditional_opener", Cat::ConditionalOpener),
    ("part_of", Cat::PartOf),
    ("each_word", Cat::EachWord),
    ("both_sides", Cat::BothSides),
    ("parity", Cat::Parity),
    ("each_other", Cat::EachOther),
    ("exchange_for", Cat::ExchangeFor),
    ("remains_of", Cat::RemainsOf),
    ("span_prep", Cat::SpanPrep),
    ("recent", Cat::Recent),
    ("according_to", Cat::AccordingTo),
    ("date_word", Cat::DateWord),
    ("background", Cat::Background),
    ("rate", Cat::Rate),
    ("partitive", Cat::Partitive),
    ("relative", Cat::Relative),
    ("place_of", Cat::PlaceOf),
    ("place_noun", Cat::PlaceNoun),
    ("half", Cat::Half),
    ("one_and_a_half", Cat::OneAndHalf),
    ("recipient_pronoun", Cat::RecipientPronoun),
    ("own", Cat::Own),
];

const VALUED_CATEGORIES: &[(&str, Cat)] = &[
    ("qualifier", Cat::Qualifier),
    ("number", Cat::Number),
    ("ordinal", Cat::Ordinal),
    ("multiplier", Cat::Multiplier),
    ("month", Cat::Month),
    ("weekday", Cat::Weekday),
    ("time_unit", Cat::TimeUnit),
    ("vague", Cat::Vague),
    ("particle_verb", Cat::ParticleVerb),
];

/// A marked stretch of a sentence (byte offsets into the original text).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Tag {
    pub cat: Cat,
    pub start: usize,
    pub end: usize,
    /// The number's value, the month's number, the party's index, ...
    pub value: i64,
}

/// One automaton pattern: what it tags, its value, and whether it is a stem.
struct Pattern {
    cat: Cat,
    value: i64,
    stem: bool,
}

/// The folded forms as a trie, walked anchored from each place a hit may
/// start: a walk reports exactly the forms its path spells, so no form that
/// merely ends where it stands need be told apart (as in an Aho–Corasick
/// automaton, whose states also hold the forms ending in a suffix of their
/// path). Most states have one way on, kept in the state (one word per
/// state); a state with several has a row of a dense table by byte class,
/// so a step is a load or two. The walk, the folding and the merges are
/// functions of their own, not inlined into [`tag_in`] (fewer instructions
/// measured so: the walk's loop is compiled alone).
struct Trie {
    /// Per byte: the state a walk opening with it reaches ([`DEAD`]: none).
    first: [u32; 256],
    /// Per byte: where the row of that state starts, when it has several
    /// ways on and spells no form (a walk takes its first two bytes in one
    /// look); [`DEAD`] otherwise.
    first_rows: [u32; 256],
    states: Vec<State>,
    /// Per byte: its column in a row of `rows` (0: a byte no form holds;
    /// a row has a column per class).
    classes: [u8; 256],
    /// The rows of the states with several ways on: the next state per class.
    rows: Vec<u32>,
    /// Per state, the forms its path spells: `form_ids[forms.0..forms.1]`
    /// (read once a walk is over; a step reads only its [`State`]).
    forms: Vec<(u32, u32)>,
    /// The pattern indices of the states' forms.
    form_ids: Vec<u32>,
}

/// One state of a [`Trie`], packed in one word (a step loads it once):
/// its byte (bits 0..8), which forms its path spells (8..16), its kind
/// (16..24) and the state or row after it (32..64).
///
/// Kind [`ONE_WAY`]: `next` is the state after `byte`; [`ROW`]: `next` is
/// where its row of [`Trie::rows`] starts; [`NO_WAY`]: no form goes on.
/// (`byte` is [`NO_BYTE`] but in a state with one way on, so that a step
/// compares it first, whatever the state.) The forms spelled are
/// [`EXACT`] forms, [`STEM`] forms, both or none (0).
#[derive(Clone, Copy)]
struct State(u64);

impl State {
    fn new(kind: u8, byte: u8, spells: u8, next: u32) -> State {
        State(u64::from(byte) | u64::from(spells) << 8 | u64::from(kind) << 16 | u64::from(next) << 32)
    }

    #[inline]
    fn byte(self) -> u8 {
        self.0 as u8
    }

    #[inline]
    fn spells(self) -> u8 {
        (self.0 >> 8) as u8
    }

    #[inline]
    fn kind(self) -> u8 {
        (self.0 >> 16) as u8
    }

    #[inline]
    fn next(self) -> u32 {
        (self.0 >> 32) as u32
    }
}

/// A state spells a form that is no stem.
const EXACT: u8 = 1;
/// A state spells a stem.
const STEM: u8 = 2;

/// No state: the walk found nothing more.
const DEAD: u32 = u32::MAX;
/// A byte no folded text holds (none of UTF-8).
const NO_BYTE: u8 = 0xff;
const NO_WAY: u8 = 0;
const ONE_WAY: u8 = 1;
const ROW: u8 = 2;

impl Trie {
    /// The trie of `forms` (pattern `i` spells `forms[i]`); each state's
    /// patterns come by category, then by index, the order of their tags.
    fn new(forms: &[String], patterns: &[Pattern]) -> Trie {
        // Built as a tree of sorted maps, then laid out flat, state by state.
        #[derive(Default)]
        struct Node {
            children: std::collections::BTreeMap<u8, usize>,
            forms: Vec<u32>,
        }
        let mut nodes = vec![Node::default()];
        for (i, form) in forms.iter().enumerate() {
            let mut at = 0;
            for &b in form.as_bytes() {
                at = match nodes[at].children.get(&b) {
                    Some(&next) => next,
                    None => {
                        nodes.push(Node::default());
                        let next = nodes.len() - 1;
                        nodes[at].children.insert(b, next);
                        next
                    }
                };
            }
            nodes[at].forms.push(i as u32);
        }
        for node in &mut nodes {
            node.forms.sort_by_key(|&i| (patterns[i as usize].cat, i));
        }
        let mut classes = [0u8; 256];
        let mut width = 1;
        for form in forms {
            for &b in form.as_bytes() {
                if classes[usize::from(b)] == 0 {
                    classes[usize::from(b)] = width as u8;
                    width += 1;
                }
            }
        }
        let mut first = [DEAD; 256];
        for (&b, &next) in &nodes[0].children {
            first[usize::from(b)] = next as u32;
        }
        let mut trie = Trie {
            first,
            first_rows: [DEAD; 256],
            states: vec![],
            classes,
            rows: vec![],
            forms: vec![],
            form_ids: vec![],
        };
        for node in &nodes {
            let forms_start = trie.form_ids.len() as u32;
            trie.form_ids.extend(&node.forms);
            trie.forms.push((forms_start, trie.form_ids.len() as u32));
            let spells = node
                .forms
                .iter()
                .fold(0, |spells, &i| spells | if patterns[i as usize].stem { STEM } else { EXACT });
            let state = match node.children.len() {
                0 => State::new(NO_WAY, NO_BYTE, spells, DEAD),
                1 => {
                    let (&byte, &next) = node.children.iter().next().expect("one child");
                    State::new(ONE_WAY, byte, spells, next as u32)
                }
                _ => {
                    let row = trie.rows.len();
                    trie.rows.resize(row + width, DEAD);
                    for (&b, &next) in &node.children {
                        trie.rows[row + usize::from(classes[usize::from(b)])] = next as u32;
                    }
                    State::new(ROW, NO_BYTE, spells, row as u32)
                }
            };
            trie.states.push(state);
        }
        for (row, &state) in trie.first_rows.iter_mut().zip(&trie.first) {
            if let Some(s) = trie.states.get(state as usize).filter(|s| s.kind() == ROW && s.spells() == 0) {
                *row = s.next();
            }
        }
        trie
    }
}

struct Automaton {
    trie: Trie,
    patterns: Vec<Pattern>,
    /// Each pattern's folded form (a stem without its `*`), for the tests'
    /// texts (the walk reads the trie).
    #[cfg(test)]
    forms: Vec<String>,
    codes: Vec<String>,
    /// Which bytes a form opens with.
    opens: Opens,
}

/// What folding asks of each byte of the text.
struct Opens {
    /// Per folded byte: whether any form opens with it (a walk from a
    /// place starting with another byte dies at once, finding nothing).
    first_bytes: [bool; 256],
    /// Per byte of an ASCII run, after a byte with the [`WORD`] and
    /// [`NUMBER_GLUE`] bits `flags`, at `flags << 8 | byte`: the byte's
    /// own two bits, and whether it is a [`START`], a [`NUMBER_PLACE`], or
    /// [`ENDS_RUN`] (a byte that is not ASCII, or that folds to another:
    /// "`"). One look per byte tells the run's loop all it must do.
    steps: [u8; 4 * 256],
}

/// The byte continues a word.
const WORD: u8 = 1;
/// A digit after it does not open a number: an ASCII letter, digit or ".".
const NUMBER_GLUE: u8 = 2;
/// The byte ends a run of ASCII folded byte for byte.
const ENDS_RUN: u8 = 4;
/// A hit may start at the byte: a form opens with its lower case, and it
/// does not continue a word.
const START: u8 = 8;
/// A number may open at the byte: a digit after no [`NUMBER_GLUE`].
const NUMBER_PLACE: u8 = 16;

impl Opens {
    fn new(first_bytes: [bool; 256]) -> Opens {
        let mut steps = [ENDS_RUN; 4 * 256];
        for flags in 0..4u8 {
            let (after_word, after_glue) = (flags & WORD != 0, flags & NUMBER_GLUE != 0);
            for b in (0..=127u8).filter(|&b| b != b'`') {
                let word = b.is_ascii_alphanumeric() || b == b'\'';
                let glue = b.is_ascii_alphanumeric() || b == b'.';
                let opens = first_bytes[usize::from(b.to_ascii_lowercase())];
                let start = opens && !(after_word && word);
                let number = b.is_ascii_digit() && !after_glue;
                steps[usize::from(flags) << 8 | usize::from(b)] = if word { WORD } else { 0 }
                    | if glue { NUMBER_GLUE } else { 0 }
                    | if start { START } else { 0 }
                    | if number { NUMBER_PLACE } else { 0 };
            }
        }
        Opens { first_bytes, steps }
    }
}

static AUTOMATON: LazyLock<Automaton> = LazyLock::new(|| {
    let mut forms: Vec<String> = Vec::new();
    let mut patterns = Vec::new();
    let mut codes: Vec<String> = Vec::new();
    let mut add = |form: &str, cat: Cat, value: i64, forms: &mut Vec<String>| {
        let (form, stem) = match form.strip_suffix('*') {
            Some(f) => (f, true),
            None => (form, false),
        };
        if form.is_empty() {
            return;
        }
        patterns.push(Pattern { cat, value, stem });
        forms.push(form.to_string());
    };
    for lexicon in tally_lexicon::builtin() {
        for (name, cat) in WORD_CATEGORIES {
            for form in lexicon.words(name) {
                add(form, *cat, 0, &mut forms);
            }
        }
        for (name, cat) in VALUED_CATEGORIES {
            for (value, form) in lexicon.valued(name) {
                add(form, *cat, value, &mut forms);
            }
        }
        for (code, party) in lexicon.parties() {
            let index = match codes.iter().position(|c| c == code) {
                Some(i) => i,
                None => {
                    codes.push(code.to_string());
                    codes.len() - 1
                }
            } as i64;
            for form in &party.names {
                add(form, Cat::PartyName, index, &mut forms);
            }
            for form in &party.adjectives {
                add(form, Cat::PartyAdjective, index, &mut forms);
            }
            for form in &party.recipient {
                add(form, Cat::PartyRecipient, index, &mut forms);
            }
        }
    }
    // The tagger walks the trie anchored, from each place a word may start
    // (most places are inside a word, where no hit may start), until no form
    // goes on.
    let trie = Trie::new(&forms, &patterns);
    let opens = Opens::new(trie.first.map(|state| state != DEAD));
    Automaton {
        trie,
        patterns,
        #[cfg(test)]
        forms,
        codes,
        opens,
    }
});

/// The party codes in the order [`Cat::PartyName`] values index them.
pub fn party_code(index: i64) -> &'static str {
    AUTOMATON.codes.get(index as usize).map(String::as_str).unwrap_or("")
}

/// A letter, digit or in-word apostrophe continues a word.
fn is_word_char(c: char) -> bool {
    // ASCII and the Cyrillic letters (U+0400..U+0481, U+048A..U+04FF) are
    // answered without Unicode's tables: the tagger asks this at both ends
    // of every hit.
    match c {
        _ if c.is_ascii() => c.is_ascii_alphanumeric() || c == '\'',
        '\u{400}'..='\u{481}' | '\u{48a}'..='\u{4ff}' => true,
        _ => c.is_alphanumeric() || c == '’' || c == 'ʼ',
    }
}

/// Whether `rest` opens with a possessive clitic that ends a word ("'s",
/// "’s", or a bare apostrophe after a plural: "Russia's", "soldiers'"). An
/// apostrophe inside a word ("п'ять") is followed by a letter other than a
/// clitic's.
fn possessive_clitic(rest: &str) -> bool {
    let mut chars = rest.chars();
    if !matches!(chars.next(), Some('\'' | '’')) {
        return false;
    }
    match chars.next() {
        Some('s') => chars.next().is_none_or(|c| !is_word_char(c)),
        next => next.is_none_or(|c| !is_word_char(c)),
    }
}

/// The folding of each character of the Cyrillic block (U+0400..U+04FF)
/// that folds to one two-byte character, as [`tally_lexicon::fold_char`]
/// gives it, in UTF-8: Russian and Ukrainian text folds a character at a
/// time, and this spares each one Unicode's case tables.
static CYRILLIC_FOLDED: LazyLock<[Option<[u8; 2]>; 256]> = LazyLock::new(|| {
    let mut table = [None; 256];
    for (k, slot) in table.iter_mut().enumerate() {
        let Some(c) = char::from_u32(0x400 + k as u32) else { continue };
        let mut one = String::new();
        tally_lexicon::fold_char(c, &mut one);
        if let &[b0, b1] = one.as_bytes() {
            *slot = Some([b0, b1]);
        }
    }
    table
});

/// `c` folded, when it is a Cyrillic character that folds to one two-byte character.
#[cfg(test)]
fn cyrillic_folded(c: char) -> Option<char> {
    let k = (c as u32).wrapping_sub(0x400);
    if k < 256 {
        CYRILLIC_FOLDED[k as usize]
            .map(|pair| std::str::from_utf8(&pair).expect("UTF-8").chars().next().expect("a char"))
    } else {
        None
    }
}

/// The text folded, for each folded byte the original byte offset, and
/// the folded offsets where a hit may start: every byte of a character's
/// folding but where a word character follows one (inside a word), and
/// but a byte `opens` rules out (no form opens with it); and the places
/// of the text where a number may open (see [`digits`]).
#[inline(never)]
fn fold_with_map(text: &str, opens: &Opens, scratch: &mut Scratch) {
    let first_bytes = &opens.first_bytes;
    let Scratch { folded, map, starts, number_places, one, .. } = scratch;
    folded.clear();
    map.clear();
    // While every character so far folds to as many bytes as it has, a
    // folded byte stands where it stood in the text, and `map` is left
    // empty (see [`TextMap`]); the first that does not fills it in.
    let mut same_places = true;
    starts.clear();
    number_places.clear();
    let bytes = text.as_bytes();
    let cyrillic = &*CYRILLIC_FOLDED;
    // Whether the character before continues a word ([`WORD`]) and is an
    // ASCII letter, digit or "." ([`NUMBER_GLUE`]).
    let mut flags = 0;
    let mut i = 0;
    while i < bytes.len() {
        // A run of ASCII folds byte for byte to its lower case (as
        // `fold_char` folds it), without a call per character.
        let base = folded.len();
        let mut end = i;
        // (a local reference: a push to `starts` would otherwise make the
        // loop load the table's address again for every byte)
        let steps = &opens.steps;
        while let Some(&b) = bytes.get(end) {
            let step = steps[usize::from(flags & (WORD | NUMBER_GLUE)) << 8 | usize::from(b)];
            if step & (ENDS_RUN | START | NUMBER_PLACE) != 0 {
                if step & ENDS_RUN != 0 {
                    break;
                }
                if step & START != 0 {
                    starts.push(base + end - i);
                }
                if step & NUMBER_PLACE != 0 {
                    number_places.push(end);
                }
            }
            flags = step & (WORD | NUMBER_GLUE);
            end += 1;
            if flags == WORD | NUMBER_GLUE {
                // After an ASCII letter or digit, the letters and digits
                // that follow open neither a hit nor a number, and leave
                // the flags as they are: skipped with one look each.
                let after_alphanumeric = &steps[usize::from(WORD | NUMBER_GLUE) << 8..][..256];
                while bytes
                    .get(end)
                    .is_some_and(|&b| after_alphanumeric[usize::from(b)] == WORD | NUMBER_GLUE)
                {
                    end += 1;
                }
            }
        }
        if end > i {
            folded.extend_from_slice(&bytes[i..end]);
            folded[base..].make_ascii_lowercase();
            if !same_places {
                // (filled in place, which vectorises; `extend` from a range does not)
                let from = map.len();
                map.resize(from + end - i, 0);
                for (k, m) in map[from..].iter_mut().enumerate() {
                    *m = i + k;
                }
            }
            i = end;
            continue;
        }
        // A run of two-byte Cyrillic characters (lead bytes D0 to D3:
        // U+0400..U+04FF) folds by the table, as the loop below would fold
        // them (U+0482..U+0489, signs, are the block's non-word characters).
        // The ASCII signs and spaces between Cyrillic words are taken a
        // byte at a time, as the loop above takes them: a run of its own
        // for each would cost more than the byte.
        let run_start = i;
        while let Some(&b) = bytes.get(i) {
            if b.is_ascii() {
                if b.is_ascii_alphanumeric() {
                    break; // (a word of ASCII: a run of its own)
                }
                let step = steps[usize::from(flags) << 8 | usize::from(b)];
                if step & ENDS_RUN != 0 {
                    break;
                }
                // (no number opens at a byte that is no digit)
                if step & START != 0 {
                    starts.push(folded.len());
                }
                folded.push(b);
                if !same_places {
                    map.push(i);
                }
                flags = step & (WORD | NUMBER_GLUE);
                i += 1;
                continue;
            }
            if !(0xd0..=0xd3).contains(&b) || i + 1 >= bytes.len() {
                break;
            }
            let k = usize::from(b & 0x03) << 6 | usize::from(bytes[i + 1] & 0x3f);
            let Some([f0, f1]) = cyrillic[k] else { break };
            let word = !(0x82..=0x89).contains(&k);
            if !(flags & WORD != 0 && word) {
                let at = folded.len();
                if first_bytes[usize::from(f0)] {
                    starts.push(at);
                }
                if first_bytes[usize::from(f1)] {
                    starts.push(at + 1); // (never, with forms of UTF-8)
                }
            }
            folded.extend_from_slice(&[f0, f1]);
            if !same_places {
                map.extend_from_slice(&[i, i]);
            }
            flags = if word { WORD } else { 0 };
            i += 2;
        }
        if i > run_start {
            continue;
        }
        let c = text[i..].chars().next().expect("a character starts at a char boundary");
        let word = is_word_char(c);
        let before = folded.len();
        // (the run above took every character the table folds)
        one.clear();
        tally_lexicon::fold_char(c, one);
        if same_places && one.len() != c.len_utf8() {
            // (each byte before: the start of its character)
            same_places = false;
            map.extend((0..before).map(|f| char_start(text, f)));
        }
        folded.extend_from_slice(one.as_bytes());
        if !(flags & WORD != 0 && word) {
            starts.extend((before..folded.len()).filter(|&f| first_bytes[usize::from(folded[f])]));
        }
        if !same_places {
            map.resize(map.len() + folded.len() - before, i);
        }
        flags = if word { WORD } else { 0 };
        i += c.len_utf8();
    }
    if !same_places {
        map.push(text.len());
    }
}

/// Where each byte of the folded text comes from: the start of the
/// character of the text it folds (and past the last byte, the text's end).
#[derive(Clone, Copy)]
struct TextMap<'a> {
    text: &'a str,
    /// Per folded byte, and one past them; empty where every character
    /// folds to as many bytes as it has, and a folded byte stands where it
    /// stood in the text.
    map: &'a [usize],
}

/// The start of the character of `text` that holds byte `at` (`at` itself
/// at a boundary or the end).
#[inline]
fn char_start(text: &str, mut at: usize) -> usize {
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}

impl TextMap<'_> {
    /// The text offset of folded offset `f`.
    #[inline]
    fn at(self, f: usize) -> usize {
        if self.map.is_empty() {
            char_start(self.text, f)
        } else {
            self.map[f]
        }
    }
}

/// (start, end, form length, exact, pattern index) of a lexicon hit.
type Hit = (usize, usize, usize, bool, usize);

/// What one call of [`tag`] works in, kept per thread from call to call
/// (a corpus tags hundreds of thousands of blocks; these would be
/// allocated and freed for each).
#[derive(Default)]
struct Scratch {
    /// The folded text (UTF-8, built a byte at a time).
    folded: Vec<u8>,
    /// One character folded.
    one: String,
    map: Vec<usize>,
    starts: Vec<usize>,
    hits: Vec<Hit>,
    /// Where a number may open in the text (by [`number_places`]).
    number_places: Vec<usize>,
    /// The numbers read from them.
    numbers: Vec<Tag>,
    /// The lexicon's tags, from the hits kept.
    lexicon: Vec<Tag>,
}

/// The longest text whose scratch space stays allocated after [`tag`].
const MAX_KEPT_SCRATCH: usize = 64 * 1024;

thread_local! {
    static SCRATCH: std::cell::RefCell<Scratch> = std::cell::RefCell::default();
}

/// Every lexicon hit, number and date of `text`, by start.
pub fn tag(text: &str) -> Vec<Tag> {
    SCRATCH.with(|scratch| match scratch.try_borrow_mut() {
        Ok(mut scratch) => {
            let tags = tag_in(text, &mut scratch);
            // a text far longer than a block leaves no megabytes behind
            if scratch.folded.capacity() > 4 * MAX_KEPT_SCRATCH {
                *scratch = Scratch::default();
            }
            tags
        }
        Err(_) => tag_in(text, &mut Scratch::default()),
    })
}

/// The hit of pattern `pid`, spelled from folded offset `from` to `to`
/// (exclusive), unless it ends inside a word; a stem runs to its word's end.
#[cfg(test)]
fn hit(text: &str, automaton: &Automaton, map: &[usize], from: usize, to: usize, pid: usize) -> Option<Hit> {
    // (`map` is built a character at a time, as the test's reference)
    let p = &automaton.patterns[pid];
    let mut end = map[to];
    if p.stem {
        end += text[end..].find(|c: char| !is_word_char(c)).unwrap_or(text.len() - end);
    } else if word_char_at(text, end) && word_char_before(text, end) && !possessive_clitic(&text[end..]) {
        return None; // ends inside a word
    }
    Some((map[from], end, to - from, !p.stem, pid))
}

/// Whether a word character opens `text[at..]` (an ASCII byte is its own
/// character, read without decoding).
#[inline]
fn word_char_at(text: &str, at: usize) -> bool {
    match text.as_bytes().get(at) {
        None => false,
        Some(&b) if b.is_ascii() => b.is_ascii_alphanumeric() || b == b'\'',
        Some(_) => text[at..].chars().next().is_some_and(is_word_char),
    }
}

/// Whether a word character ends `text[..at]`.
#[inline]
fn word_char_before(text: &str, at: usize) -> bool {
    match at.checked_sub(1).map(|before| text.as_bytes()[before]) {
        None => false,
        Some(b) if b.is_ascii() => b.is_ascii_alphanumeric() || b == b'\'',
        Some(_) => text[..at].chars().next_back().is_some_and(is_word_char),
    }
}

/// The lexicon hits from the `starts` of the folded text that tagging
/// keeps, pushed to `hits` by start: of the hits [`hit`] finds from each
/// start, those [`keep_longest`] keeps of all, found without the others.
///
/// A walk from a start keeps only its longest hit (an exact form over a
/// stem spelled by the same path), with every pattern of that form: a
/// shorter one, or one of another form of the same length, overlaps it
/// and is dropped. A start inside a hit kept before opens no walk: all its
/// hits overlap that one. (Where a character folds to several bytes, two
/// starts may share a place of the text, and their hits are then ordered
/// and kept as [`keep_longest`] does.)
#[inline(never)]
fn find_hits(
    text: &str,
    automaton: &Automaton,
    folded: &[u8],
    map: TextMap,
    starts: &[usize],
    hits: &mut Vec<Hit>,
) {
    // (the trie's parts held in locals: a push to `hits` would otherwise
    // make each step load them again)
    let Trie { first, first_rows, states, classes, rows, forms, form_ids } = &automaton.trie;
    let (states, rows, forms, form_ids) = (&states[..], &rows[..], &forms[..], &form_ids[..]);
    let patterns = &automaton.patterns[..];
    // where the hits kept so far end, and where the last ones start
    let (mut kept_end, mut last_start) = (0, usize::MAX);
    let mut shared_start = false;
    for &from in starts {
        let start = map.at(from);
        if start < kept_end && !shared_start && start != last_start {
            continue; // inside a kept hit
        }
        // (the state reached after `folded[from..end]`)
        let (mut state, mut end) = match (first_rows[usize::from(folded[from])], folded.get(from + 1)) {
            (row, Some(&second)) if row != DEAD => {
                (rows[row as usize + usize::from(classes[usize::from(second)])], from + 2)
            }
            _ => (first[usize::from(folded[from])], from + 1),
        };
        // the deepest state with a hit so far, where it ends, and whether its forms are exact
        let mut longest = None;
        while state != DEAD {
            let s = states[state as usize];
            if s.spells() != 0 {
                let exact = s.spells() & EXACT != 0 && !ends_inside_word_after(text, folded, map, end);
                if exact || s.spells() & STEM != 0 {
                    longest = Some((state, end, exact));
                }
            }
            let Some(&byte) = folded.get(end) else { break };
            end += 1;
            state = if s.byte() == byte {
                s.next() // (one way on: no other kind of state holds a byte of UTF-8)
            } else if s.kind() == ROW {
                rows[s.next() as usize + usize::from(classes[usize::from(byte)])]
            } else {
                DEAD
            };
        }
        let Some((state, to, exact)) = longest else { continue };
        let mut hit_end = map.at(to);
        if !exact {
            hit_end += text[hit_end..].find(|c: char| !is_word_char(c)).unwrap_or(text.len() - hit_end);
        }
        let (forms_start, forms_end) = forms[state as usize];
        for &pid in &form_ids[forms_start as usize..forms_end as usize] {
            if patterns[pid as usize].stem != exact {
                hits.push((start, hit_end, to - from, exact, pid as usize));
            }
        }
        shared_start |= start == last_start;
        kept_end = kept_end.max(hit_end);
        last_start = start;
    }
    if shared_start {
        sort_hits(hits);
        let kept = keep_longest(hits);
        hits.truncate(kept);
    }
}

/// Whether a hit ending at folded offset `end` ends inside a word, as
/// [`ends_inside_word`] tells at its place in the text: not where the
/// folded text ends or goes on with an ASCII byte that is no letter, digit
/// or apostrophe (only that character of the text folds to it: no
/// character folds to such a byte but itself).
#[inline]
fn ends_inside_word_after(text: &str, folded: &[u8], map: TextMap, end: usize) -> bool {
    match folded.get(end) {
        None => false,
        Some(&b) if b.is_ascii() && !(b.is_ascii_alphanumeric() || b == b'\'') => false,
        Some(_) => ends_inside_word(text, map.at(end)),
    }
}

/// Whether a hit ending at `end` of the text ends inside a word (after a
/// word character, on one, and not on a possessive clitic).
#[inline]
fn ends_inside_word(text: &str, end: usize) -> bool {
    word_char_at(text, end) && word_char_before(text, end) && !possessive_clitic(&text[end..])
}

/// Of hits sorted in [`hit_order`], those tagging keeps, moved to the front
/// (how many is returned): the longest form wins where hits overlap (the
/// first of a start), with the hits of the same form in other categories.
fn keep_longest(hits: &mut [Hit]) -> usize {
    // Hits come by start, so a kept hit overlaps `h` exactly when the
    // furthest end kept so far lies past `h`'s start, and a kept hit of the
    // same form is among the last ones, at `h`'s start (linear in the hits).
    // (kept in place: the first `kept` hits)
    let mut kept = 0;
    let mut kept_end = 0;
    for at in 0..hits.len() {
        let h = hits[at];
        let same_form = hits[..kept]
            .iter()
            .rev()
            .take_while(|k| k.0 == h.0)
            .any(|k| (k.0, k.1, k.2, k.3) == (h.0, h.1, h.2, h.3));
        let overlaps = kept > 0 && h.0 < kept_end;
        if same_form || !overlaps {
            kept_end = kept_end.max(h.1);
            hits[kept] = h;
            kept += 1;
        }
    }
    kept
}

fn tag_in(text: &str, scratch: &mut Scratch) -> Vec<Tag> {
    let automaton = &*AUTOMATON;
    fold_with_map(text, &automaton.opens, scratch);
    let Scratch { folded, map, starts, hits, number_places, numbers, lexicon, .. } = scratch;
    let folded = &folded[..];
    hits.clear();
    // the longest form at each start, less what a kept hit covers
    find_hits(text, automaton, folded, TextMap { text, map }, starts, hits);
    let kept = hits.len();
    numbers.clear();
    digits(text, number_places, numbers);
    lexicon.clear();
    lexicon.extend(hits[..kept].iter().map(|&(start, end, _, _, i)| {
        let p = &automaton.patterns[i];
        Tag { cat: p.cat, start, end, value: p.value }
    }));
    let mut tags = Vec::new();
    merge_tags(lexicon, numbers, &mut tags);
    tags.dedup();
    drop_places(text, &mut tags);
    tags
}

/// Whether a tag names a party.
fn is_party(cat: Cat) -> bool {
    matches!(cat, Cat::PartyName | Cat::PartyRecipient | Cat::PartyAdjective)
}

/// Drops the party tags that name a place rather than a side: right after
/// a [`Cat::PlaceOf`] ("on the territory of Belarus", "находятся в
/// Белоруссии") or right before a [`Cat::PlaceNoun`], alone or joined by a
/// hyphen to another ("at the Belarusian border", "on the Belarus-Ukraine
/// border").
#[inline(never)]
fn drop_places(text: &str, tags: &mut Vec<Tag>) {
    if !tags.iter().any(|t| matches!(t.cat, Cat::PlaceOf | Cat::PlaceNoun)) {
        return;
    }
    let joins = |from: usize, to: usize| {
        from <= to && text[from..to].chars().all(|c| c.is_whitespace() || c == '-' || c == '–')
    };
    let mut place = vec![false; tags.len()];
    // forwards: the party named right after "on the territory of"
    for i in 0..tags.len() {
        if tags[i].cat != Cat::PlaceOf {
            continue;
        }
        let end = tags[i].end;
        let Some(next) = tags[i + 1..].iter().find(|n| n.start >= end).map(|n| n.start) else { continue };
        if !text[end..next].chars().all(char::is_whitespace) {
            continue;
        }
        for j in (i + 1..tags.len()).take_while(|&j| tags[j].start <= next) {
            if tags[j].start == next && is_party(tags[j].cat) {
                place[j] = true;
            }
        }
    }
    // backwards: the parties named right before "border"
    let mut before: Option<usize> = None;
    let mut dropped: Option<(usize, usize)> = None;
    for i in (0..tags.len()).rev() {
        let t = &tags[i];
        if t.cat == Cat::PlaceNoun {
            before = Some(t.start);
        } else if is_party(t.cat)
            && (dropped == Some((t.start, t.end)) || before.is_some_and(|start| joins(t.end, start)))
        {
            place[i] = true;
            before = Some(t.start);
            dropped = Some((t.start, t.end));
        }
    }
    let mut i = 0;
    tags.retain(|_| {
        i += 1;
        !place[i - 1]
    });
}

/// The order of hits: by start, the longest form first, an exact form
/// before a stem, then by pattern.
fn hit_order(a: &Hit, b: &Hit) -> std::cmp::Ordering {
    a.0.cmp(&b.0).then(b.2.cmp(&a.2)).then(b.3.cmp(&a.3)).then(a.4.cmp(&b.4))
}

/// Sorts hits that come by start (as the walks find them) in
/// [`hit_order`]: only the few hits of one start need sorting. (A form is
/// reported once per start, so the keys are distinct and an unstable sort
/// orders them as a stable one would.)
fn sort_hits(hits: &mut [Hit]) {
    for group in hits.chunk_by_mut(|a, b| a.0 == b.0) {
        if group.len() > 1 {
            group.sort_unstable_by(hit_order);
        }
    }
}

/// The order of tags: by start, the longest first, then by category.
fn tag_order(a: &Tag, b: &Tag) -> std::cmp::Ordering {
    a.start.cmp(&b.start).then(b.end.cmp(&a.end)).then(a.cat.cmp(&b.cat))
}

/// The lexicon's tags and the numbers' (each by start) in one list, in the
/// order a stable sort of the two lists one after the other by
/// [`tag_order`] gives: merged by start (the lexicon's first at the same
/// start), then each start's few tags sorted.
///
/// The two lists are copied a run at a time (a run of one list goes up to
/// the other's next start), and whether each start's tags came in order is
/// told by one pass over the whole (the lexicon's do, as the trie keeps a
/// state's patterns: then a stable sort leaves them be).
#[inline(never)]
fn merge_tags(lexicon: &[Tag], numbers: &[Tag], out: &mut Vec<Tag>) {
    out.reserve(lexicon.len() + numbers.len());
    let (mut lexicon, mut numbers) = (lexicon, numbers);
    while let Some(first) = lexicon.first() {
        // the numbers before the lexicon's next tag, then the lexicon's up to
        // the next number (those starting with it, too)
        let before = numbers.iter().take_while(|n| n.start < first.start).count();
        out.extend_from_slice(&numbers[..before]);
        numbers = &numbers[before..];
        let next = numbers.first().map_or(usize::MAX, |n| n.start);
        let run = lexicon.iter().take_while(|t| t.start <= next).count();
        out.extend_from_slice(&lexicon[..run]);
        lexicon = &lexicon[run..];
    }
    out.extend_from_slice(numbers);
    let in_order = out.windows(2).all(|w| w[0].start != w[1].start || tag_order(&w[0], &w[1]).is_le());
    if !in_order {
        for group in out.chunk_by_mut(|a, b| a.start == b.start) {
            if group.len() > 1 {
                group.sort_by(tag_order);
            }
        }
    }
}

/// Digit numbers: runs of digits with thousands separators (`1 003`,
/// `1,212`); a decimal or an ordinal (`50-й`, `3rd`) is tagged with value -1.
/// Read from each of `places` (as [`number_places`] finds them, in
/// order) not inside a number read before, pushed to `out`.
#[inline(never)]
fn digits(text: &str, places: &[usize], out: &mut Vec<Tag>) {
    let bytes = text.as_bytes();
    let mut i = 0;
    for &place in places {
        if place < i {
            continue; // inside the number before
        }
        i = place;
        let start = i;
        while i < bytes.len() && bytes[i].is_ascii_digit() {
            i += 1;
        }
        // thousands groups: a separator then exactly three digits
        loop {
            let sep = if text[i..].starts_with(',') || text[i..].starts_with(' ') {
                1
            } else if text[i..].starts_with('\u{a0}') {
                2
            } else if text[i..].starts_with('\u{202f}') || text[i..].starts_with('\u{2009}') {
                3
            } else {
                0
            };
            let group = i + sep;
            if sep > 0
                && i - start <= 3
                && bytes.len() >= group + 3
                && bytes[group..group + 3].iter().all(u8::is_ascii_digit)
                && bytes.get(group + 3).is_none_or(|b| !b.is_ascii_digit())
            {
                i = group + 3;
            } else {
                break;
            }
        }
        let raw = digits_value(&bytes[start..i]);
        // a decimal ("2.5", "1,5") is one tag; with an SI suffix ("1.2K",
        // "5k", "3m") it is a count of thousands or millions
        let mut frac_end = i;
        if text[i..].starts_with(['.', ',']) && bytes.get(i + 1).is_some_and(u8::is_ascii_digit) {
            frac_end = i + 1;
            while frac_end < bytes.len() && bytes[frac_end].is_ascii_digit() {
                frac_end += 1;
            }
        }
        let after = &text[frac_end..];
        let si = match after.chars().next() {
            Some('k' | 'K') => Some(1_000.0),
            Some('m' | 'M') => Some(1_000_000.0),
            _ => None,
        }
        .filter(|_| after[1..].chars().next().is_none_or(|c| !is_word_char(c)));
        if let Some(multiplier) = si {
            let value = decimal_value(&text[start..frac_end]).map(|v| v * multiplier);
            let value = value.filter(|v| *v < 1e15).map_or(-1, |v| v.round() as i64);
            out.push(Tag { cat: Cat::Number, start, end: frac_end + 1, value });
            i = frac_end + 1;
            continue;
        }
        if frac_end > i {
            // "1.200 тіл", "1.200.000": stops before groups of exactly three
            // digits separate thousands ("1.5", "1.25" stay decimals)
            if let Some(end) = dotted_thousands(bytes, start, i) {
                out.push(Tag {
                    cat: Cat::Number,
                    start,
                    end,
                    value: digits_value(&bytes[start..end]).unwrap_or(-1),
                });
                i = end;
                continue;
            }
            out.push(Tag { cat: Cat::Number, start, end: frac_end, value: -1 });
            i = frac_end;
            continue;
        }
        let rest = &text[i..];
        let ordinal_or_decimal = rest.starts_with('-')
            && rest[1..].chars().next().is_some_and(is_cyrillic_char)
            || rest.chars().next().is_some_and(char::is_alphabetic)
                && !rest.starts_with(['k', 'K', 'm', 'M']);
        let suffix_len = rest.find(|c: char| !c.is_alphabetic()).unwrap_or(rest.len());
        let ordinal_suffix = if let Some(word) = rest.strip_prefix('-') {
            // "50-й", "59-го" (not "1000-for-1000")
            let n = word.find(|c: char| !is_cyrillic_char(c)).unwrap_or(word.len());
            (1..=3).contains(&word[..n].chars().count()).then_some(1 + n)
        } else {
            matches!(&rest[..suffix_len], "st" | "nd" | "rd" | "th").then_some(suffix_len)
        };
        if let (Some(len), Some(n)) = (ordinal_suffix, raw) {
            out.push(Tag { cat: Cat::Ordinal, start, end: i + len, value: n });
            i += len;
            continue;
        }
        let value = if ordinal_or_decimal { -1 } else { raw.unwrap_or(-1) };
        out.push(Tag { cat: Cat::Number, start, end: i, value });
    }
}

/// The places a number may open: an ASCII digit after no ASCII letter,
/// digit or "." (where [`fold_with_map`] finds them as it folds).
#[cfg(test)]
fn number_places(text: &str) -> Vec<usize> {
    let bytes = text.as_bytes();
    (0..bytes.len())
        .filter(|&i| {
            bytes[i].is_ascii_digit()
                && (i == 0 || !(bytes[i - 1].is_ascii_alphanumeric() || bytes[i - 1] == b'.'))
        })
        .collect()
}

/// The end of a number whose thousands are separated by stops ("1.200",
/// "12.500.000"): one to three digits from `start` to `int_end`, then one
/// or more groups of a stop and exactly three digits, and no digit, nor a
/// stop and a digit, after them. `None` for any other shape.
fn dotted_thousands(bytes: &[u8], start: usize, int_end: usize) -> Option<usize> {
    if !(1..=3).contains(&(int_end - start)) || !bytes[start..int_end].iter().all(u8::is_ascii_digit) {
        return None;
    }
    let group = |at: usize| {
        bytes.get(at) == Some(&b'.')
            && bytes.get(at + 1..at + 4).is_some_and(|g| g.iter().all(u8::is_ascii_digit))
            && bytes.get(at + 4).is_none_or(|b| !b.is_ascii_digit())
    };
    let mut end = int_end;
    while group(end) {
        end += 4;
    }
    let decimal_after = bytes.get(end) == Some(&b'.') && bytes.get(end + 1).is_some_and(u8::is_ascii_digit);
    (end > int_end && !decimal_after).then_some(end)
}

/// The value of the ASCII digits among `bytes` (thousands separators
/// skipped), as `i64` parses them: `None` when there are none or the
/// value overflows.
fn digits_value(bytes: &[u8]) -> Option<i64> {
    let mut digits = bytes.iter().filter(|b| b.is_ascii_digit()).peekable();
    digits.peek()?;
    digits.try_fold(0i64, |value, b| value.checked_mul(10)?.checked_add(i64::from(b - b'0')))
}

/// The value of a decimal written with a point or a comma ("2.5", "1,5");
/// a number with thousands groups ("1,212") is read as its digits.
fn decimal_value(number: &str) -> Option<f64> {
    let groups = number.split([',', '.', ' ', '\u{a0}', '\u{202f}', '\u{2009}']).collect::<Vec<_>>();
    if groups.len() == 2 && groups[1].len() != 3 {
        return format!("{}.{}", groups[0], groups[1]).parse().ok();
    }
    number.chars().filter(char::is_ascii_digit).collect::<String>().parse().ok()
}

/// A number of people as the text gives it, with its qualifier.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Count {
    pub value: u64,
    pub qualifier: Qualifier,
    /// Start of the qualifier (or of the number).
    pub start: usize,
    /// Start of the number itself.
    pub number_start: usize,
    /// End of the number (and its multiplier).
    pub end: usize,
    /// Index in the tags of the number's last tag.
    pub last_tag: usize,
}

/// The qualifier of a lexicon value (1 over ... 6 approximately; see `en.toml`).
pub(crate) fn qualifier_of(value: i64) -> Qualifier {
    match value {
        1 => Qualifier::Over,
        2 => Qualifier::Nearly,
        3 => Qualifier::Under,
        4 => Qualifier::UpTo,
        5 => Qualifier::AtLeast,
        _ => Qualifier::Approximately,
    }
}

/// Whether only spaces lie between two offsets.
fn adjacent(text: &str, end: usize, start: usize) -> bool {
    end <= start && text[end..start].chars().all(char::is_whitespace)
}

/// The counts of a tagged sentence: numbers (digits, words, or both:
/// "1 тыс.", "двадцять п'ять") with a multiplier and a qualifier directly
/// before. A number that is a day of a month, a year or an ordinal is not a
/// count, and a range is one count of at least its lower bound ([`ranges`]).
pub fn counts(text: &str, tags: &[Tag]) -> Vec<Count> {
    let mut counts = numbers(text, tags);
    bare_multipliers(text, tags, &mut counts);
    counts.retain(|c| !is_a_share(text, c.end));
    ranges(text, tags, counts)
}

/// "25 percent", "25%", "30 процентов", "40 відсотків": a number right
/// before a `percent` word or sign is a share, no count of anyone.
fn is_a_share(text: &str, end: usize) -> bool {
    let rest = text[end..].trim_start();
    // (most counts are followed by a word no form opens as: "200
    // prisoners" is told apart by its first letter, with no word cut out
    // and looked up)
    match rest.chars().next() {
        Some('%' | '\u{066a}') => return true,
        Some(c) if PERCENT.may_open_with(c) => {}
        _ => return false,
    }
    is_a_share_after(rest)
}

/// [`is_a_share`] of the text after a number, trimmed: whether it opens
/// with a `percent` form of one or two words.
fn is_a_share_after(rest: &str) -> bool {
    if rest.starts_with(['%', '\u{066a}']) {
        return true;
    }
    // no form is longer: a word running past this is none of them
    let mut cut = (PERCENT.longest() + 1).min(rest.len());
    while !rest.is_char_boundary(cut) {
        cut += 1;
    }
    let rest = &rest[..cut];
    let first = |s: &str| s.find(|c: char| !c.is_alphabetic() && c != '.').map_or(s.len(), |i| i);
    let one = &rest[..first(rest)];
    if one.is_empty() {
        return false;
    }
    let is = |w: &str| PERCENT.contains(w);
    if is(one) {
        return true;
    }
    // a form of two words ("per cent")
    let after = &rest[one.len()..];
    let gap = after.len() - after.trim_start().len();
    let two = one.len() + gap + first(after.trim_start());
    gap > 0 && is(&rest[..two])
}

/// "около тысячи тел", "близько тисячі тіл", "более сотни": a multiplier
/// with no number of its own, right after a qualifier, counts one of it
/// (qualified). Alone ("тысячи пленных") it says "thousands": no count.
fn bare_multipliers(text: &str, tags: &[Tag], counts: &mut Vec<Count>) {
    let mut added = false;
    for (i, pair) in tags.windows(2).enumerate() {
        let (q, m) = (&pair[0], &pair[1]);
        if m.cat == Cat::Multiplier
            && m.value > 0
            && q.cat == Cat::Qualifier
            && adjacent(text, q.end, m.start)
        {
            counts.push(Count {
                value: m.value as u64,
                qualifier: qualifier_of(q.value),
                start: q.start,
                number_start: m.start,
                end: m.end,
                last_tag: i + 1,
            });
            added = true;
        }
    }
    if added {
        counts.sort_by_key(|c| c.start);
    }
}

/// "between 150 and 200", "150-200", "150 to 200", "от 150 до 200", "від
/// двохсот до трьохсот": two counts joined as a range are one count of at
/// least the lower bound, never an exact count of either. Joined by a dash,
/// by a `range_to` word ("to", but not after a `change_from` word: "from
/// 4,552 to 4,757" is a total that grew), or by a `range_join` word ("and", "до")
/// after a `range_open` word ("between", "от", "від") before the first;
/// the lower bound takes the upper bound's multiplier when it has none of
/// its own ("two to three thousand": 2000), and must be below the upper.
fn ranges(text: &str, tags: &[Tag], counts: Vec<Count>) -> Vec<Count> {
    if counts.len() < 2 {
        return counts;
    }
    let mut out = Vec::with_capacity(counts.len());
    let mut rest = counts.into_iter().peekable();
    while let Some(low) = rest.next() {
        match rest.peek().and_then(|high| range(text, tags, &low, high)) {
            Some(joined) => {
                out.push(joined);
                rest.next();
            }
            None => out.push(low),
        }
    }
    out
}

/// Word lists the count rules look words up in, once per count (see
/// [`tally_lexicon::WordList`]): shares, ranges, a change "from" one count
/// to another, and "since" before a year.
static PERCENT: LazyLock<WordList> = LazyLock::new(|| WordList::of("percent"));
static RANGE_OPEN: LazyLock<WordList> = LazyLock::new(|| WordList::of("range_open"));
static RANGE_JOIN: LazyLock<WordList> = LazyLock::new(|| WordList::of("range_join"));
static RANGE_TO: LazyLock<WordList> = LazyLock::new(|| WordList::of("range_to"));
static CHANGE_FROM: LazyLock<WordList> = LazyLock::new(|| WordList::of("change_from"));
static SINCE: LazyLock<WordList> = LazyLock::new(|| WordList::of("since"));

/// The word that ends before byte `at` of `text` (white space between),
/// with its start: letters only, empty when none ends there.
fn word_before(text: &str, at: usize) -> (usize, &str) {
    let before = text[..at].trim_end();
    let word_start = before
        .char_indices()
        .rev()
        .take_while(|(_, c)| c.is_alphabetic())
        .last()
        .map_or(before.len(), |(i, _)| i);
    (word_start, &before[word_start..])
}

/// The range two neighbouring counts make, if they make one (see [`ranges`]).
fn range(text: &str, tags: &[Tag], low: &Count, high: &Count) -> Option<Count> {
    let between = text.get(low.end..high.number_start)?.trim();
    if between.is_empty() || between.len() > 12 {
        return None;
    }
    // the word before the lower bound (or its qualifier): "between", "от"
    let (opener_start, opener) = word_before(text, low.start);
    let opened = !opener.is_empty() && RANGE_OPEN.contains(opener);
    let dash = between.chars().all(|c| matches!(c, '-' | '\u{2010}'..='\u{2015}' | '\u{2212}'));
    // "from 4,552 to 4,757" tells a change: its second number is the news
    let changed = !opener.is_empty() && CHANGE_FROM.contains(opener);
    let joined = dash || (!changed && RANGE_TO.contains(between)) || (opened && RANGE_JOIN.contains(between));
    if !joined {
        return None;
    }
    let multiplier = |c: &Count| {
        tags[..=c.last_tag]
            .iter()
            .rev()
            .take_while(|t| t.start >= c.number_start)
            .find(|t| t.cat == Cat::Multiplier && t.end <= c.end)
            .map(|t| t.value)
    };
    let value = match (multiplier(low), multiplier(high)) {
        (None, Some(m)) if m > 0 => low.value.checked_mul(m as u64)?,
        _ => low.value,
    };
    if value >= high.value {
        return None;
    }
    Some(Count {
        value,
        qualifier: Qualifier::AtLeast,
        start: if opened { opener_start } else { low.start },
        number_start: low.number_start,
        end: high.end,
        last_tag: high.last_tag,
    })
}

/// The numbers of a tagged sentence, each read alone (see [`counts`]).
fn numbers(text: &str, tags: &[Tag]) -> Vec<Count> {
    let mut out = Vec::new();
    let mut i = 0;
    // the qualifier directly before a count's first tag, and where it starts
    let qualifier_before = |first: usize| {
        let t = &tags[first];
        tags[..first]
            .iter()
            .rev()
            .find(|q| q.cat == Cat::Qualifier && adjacent(text, q.end, t.start))
            .map_or((Qualifier::Exact, t.start), |q| (qualifier_of(q.value), q.start))
    };
    while i < tags.len() {
        let t = &tags[i];
        // "hundreds of prisoners": at least a hundred
        if t.cat == Cat::Vague && t.value > 0 {
            let (qualifier, start) = qualifier_before(i);
            let qualifier = if qualifier == Qualifier::Exact { Qualifier::AtLeast } else { qualifier };
            out.push(Count {
                value: t.value as u64,
                qualifier,
                start,
                number_start: t.start,
                end: t.end,
                last_tag: i,
            });
            i += 1;
            continue;
        }
        if let Some(c) = one_and_a_half(text, tags, i) {
            let (qualifier, start) = qualifier_before(i);
            out.push(Count { qualifier, start, ..c });
            i = c.last_tag + 1;
            continue;
        }
        // (a count opens only on a number: most tags are read no further)
        if t.cat != Cat::Number {
            i += 1;
            continue;
        }
        // "2.5 million", "1,5 тыс.": a decimal of a multiplier
        let decimal_of = || {
            tags.get(i + 1)
                .filter(|m| m.cat == Cat::Multiplier && adjacent(text, t.end, m.start))
                .and_then(|m| Some((decimal_value(&text[t.start..t.end])? * m.value as f64, m)))
        };
        if let Some((v, m)) = (t.value == -1).then(decimal_of).flatten() {
            if v > 0.0 && v < 1e15 {
                let (qualifier, start) = qualifier_before(i);
                let value = v.round() as u64;
                out.push(Count {
                    value,
                    qualifier,
                    start,
                    number_start: t.start,
                    end: m.end,
                    last_tag: i + 1,
                });
            }
            i += 2;
            continue;
        }
        if t.cat != Cat::Number || t.value < 0 {
            i += 1;
            continue;
        }
        let first = i;
        // A number too large to hold is no count at all, never a wrapped one.
        let (value, end, last, overflow) = read_number(text, tags, first);
        let next_is_month = tags[last + 1..]
            .iter()
            .find(|n| n.start >= end)
            .is_some_and(|n| n.cat == Cat::Month && adjacent(text, end, n.start));
        let is_year =
            (1900..=2100).contains(&value) && end - t.start == 4 && !is_year_shaped_count(text, tags, first);
        if next_is_month || is_year || overflow || value < 0 {
            i = last + 1;
            continue;
        }
        let (qualifier, start) = qualifier_before(first);
        out.push(Count { value: value as u64, qualifier, start, number_start: t.start, end, last_tag: last });
        i = last + 1;
    }
    out
}

/// "полторы тысячи", "півтори сотні", "полтора десятка": a one-and-a-half
/// word directly before a multiplier of even value counts the multiplier
/// and its half (1500, 150, 15), exact until a qualifier is read; alone, or
/// before anything else ("полтора года"), it is no count.
fn one_and_a_half(text: &str, tags: &[Tag], i: usize) -> Option<Count> {
    let t = &tags[i];
    if t.cat != Cat::OneAndHalf {
        return None;
    }
    let m = tags.get(i + 1).filter(|m| m.cat == Cat::Multiplier && adjacent(text, t.end, m.start))?;
    let value = m.value.checked_add(m.value / 2).filter(|_| m.value > 0 && m.value % 2 == 0)?;
    Some(Count {
        value: value as u64,
        qualifier: Qualifier::Exact,
        start: t.start,
        number_start: t.start,
        end: m.end,
        last_tag: i + 1,
    })
}

/// The number that opens at tag `first` (a number of positive value):
/// number words add up ("двадцять п'ять", "twenty-five"), a multiplier
/// multiplies them ("1 тыс.", "three hundred"), and what follows it adds
/// to it, smaller ("дві тисячі триста"), with a smaller multiplier of its
/// own ("one thousand two hundred"); a language's joining word between
/// number words after a hundred joins them too ("a hundred and fifty",
/// "three hundred and seven"). Gives the value, the number's end, its
/// last tag, and whether it overflowed (a number too large to hold is no
/// count at all, never a wrapped one).
fn read_number(text: &str, tags: &[Tag], first: usize) -> (i64, usize, usize, bool) {
    let t = &tags[first];
    // (a number word holds no digit)
    let is_word = |n: &Tag| !text[n.start..n.end].bytes().any(|b| b.is_ascii_digit());
    let multiplier_at = |j: usize, end: usize| {
        tags.get(j).filter(|m| m.cat == Cat::Multiplier && adjacent(text, end, m.start))
    };
    // The next number tag, if it continues a number ending at `end` (tag
    // `last`): next to it, after a hyphen ("twenty-five"), or after a
    // joining word when the number so far is whole hundreds
    // ("hundred and seven"). Both of the last two join words only.
    let next_number = |end: usize, last: usize, so_far: i64| -> Option<usize> {
        let j =
            (last + 1..tags.len()).take(4).find(|&j| tags[j].start >= end && tags[j].cat == Cat::Number)?;
        let n = &tags[j];
        if n.value <= 0 || tags[last + 1..j].iter().any(|b| b.start < end || b.end > n.start) {
            return None;
        }
        let between = &text[end..n.start];
        let words = is_word(&tags[last]) && is_word(n);
        let joined = adjacent(text, end, n.start)
            || (words && between == "-")
            || (words
                && so_far > 0
                && so_far % 100 == 0
                && n.value < 100
                && between.starts_with(char::is_whitespace)
                && between.ends_with(char::is_whitespace)
                && tally_lexicon::is_form_in_any("number_and", &tally_lexicon::fold(between.trim())));
        joined.then_some(j)
    };
    let mut value = t.value;
    let mut end = t.end;
    let mut last = first;
    // number words add up, each smaller than the one before: "двадцять п'ять"
    while let Some(j) = next_number(end, last, value) {
        let n = &tags[j];
        if tags[last].value <= n.value || n.start == t.start {
            break;
        }
        let Some(sum) = value.checked_add(n.value) else { return (value, end, last, true) };
        (value, end, last) = (sum, n.end, j);
    }
    // "две с половиной тысячи", "two and a half thousand": half the
    // multiplier more; a half of nothing countable ("two and a half
    // years") is no count
    if let Some(h) = tags.get(last + 1).filter(|h| h.cat == Cat::Half && adjacent(text, end, h.start)) {
        let Some(m) = multiplier_at(last + 2, h.end).filter(|m| m.value % 2 == 0) else {
            return (value, h.end, last + 1, true);
        };
        return match value.checked_mul(m.value).and_then(|v| v.checked_add(m.value / 2)) {
            Some(v) => (v, m.end, last + 2, false),
            None => (value, m.end, last + 2, true),
        };
    }
    let Some(m) = multiplier_at(last + 1, end) else {
        return (value, end, last, false);
    };
    let Some(product) = value.checked_mul(m.value) else { return (value, m.end, last + 1, true) };
    (value, end, last) = (product, m.end, last + 1);
    // "дві тисячі триста", "one thousand two hundred and twelve": what
    // follows the multiplier adds to it, in words, each smaller than the
    // last word or multiplier; a smaller multiplier multiplies the words
    // read since the larger one
    let mut scale = m.value;
    let mut group = 0i64;
    let mut smallest = m.value;
    loop {
        if let Some(j) = next_number(end, last, value + group).filter(|&j| {
            let n = &tags[j];
            text[n.start..n.end].chars().any(char::is_alphabetic) && n.value < smallest && n.value < scale
        }) {
            let n = &tags[j];
            group += n.value;
            (smallest, end, last) = (n.value, n.end, j);
            continue;
        }
        if let Some(m2) =
            multiplier_at(last + 1, end).filter(|m2| m2.value < scale && group > 0 && group < m2.value)
        {
            group *= m2.value;
            (scale, smallest, end, last) = (m2.value, m2.value, m2.end, last + 1);
            continue;
        }
        break;
    }
    // a multiplier left over ("one hundred and twenty thousand" read as
    // 120): the number is not read, rather than read wrong
    let unread = multiplier_at(last + 1, end).is_some();
    match value.checked_add(group) {
        Some(sum) => (sum, end, last, unread),
        None => (value, end, last, true),
    }
}

/// Date expressions of a tagged sentence: "23 ноября", "24 травня 2025
/// року", "сегодня", "вчора", "в четверг" (past unless the sentence
/// looks forward).
pub fn dates(text: &str, tags: &[Tag]) -> Vec<(DateExpr, usize, usize)> {
    let future = tags.iter().any(|t| t.cat == Cat::Modality);
    let mut out = Vec::new();
    for (i, t) in tags.iter().enumerate() {
        match t.cat {
            Cat::Number if (1..=31).contains(&t.value) => {
                let Some(m) =
                    tags.get(i + 1).filter(|m| m.cat == Cat::Month && adjacent(text, t.end, m.start))
                else {
                    continue;
                };
                let year = tags.get(i + 2).filter(|y| {
                    y.cat == Cat::Number && adjacent(text, m.end, y.start) && (1900..=2100).contains(&y.value)
                });
                let (month, day) = (m.value as u32, t.value as u32);
                let expr = match year {
                    Some(y) => match NaiveDate::from_ymd_opt(y.value as i32, month, day) {
                        Some(d) => DateExpr::Day(d),
                        None => continue,
                    },
                    None => DateExpr::MonthDay { month, day },
                };
                out.push((expr, t.start, year.map_or(m.end, |y| y.end)));
            }
            // "в августе", "у серпні 2025 року": a month with no day before it
            // (after "с начала", "since", ... it is background, no date of the sentence)
            Cat::Month
                if (i == 0
                    || !(tags[i - 1].cat == Cat::Number && adjacent(text, tags[i - 1].end, t.start)))
                    && !tags[..i].iter().any(|b| matches!(b.cat, Cat::Background | Cat::Total)) =>
            {
                let month = t.value as u32;
                let year = tags.get(i + 1).filter(|y| {
                    y.cat == Cat::Number && adjacent(text, t.end, y.start) && (1900..=2100).contains(&y.value)
                });
                let after_in =
                    i > 0 && tags[i - 1].cat == Cat::ToPrep && adjacent(text, tags[i - 1].end, t.start);
                match year {
                    Some(y) => out.push((DateExpr::Month { year: y.value as i32, month }, t.start, y.end)),
                    None if after_in => out.push((DateExpr::MonthNoYear { month }, t.start, t.end)),
                    None => {}
                }
            }
            Cat::Today => out.push((DateExpr::Today, t.start, t.end)),
            Cat::Yesterday => out.push((DateExpr::Yesterday, t.start, t.end)),
            Cat::Tomorrow => out.push((DateExpr::Tomorrow, t.start, t.end)),
            Cat::Weekday if text[t.start..t.end].chars().count() > 3 => {
                let weekday = crate::dates::weekday_numbered(t.value);
                out.push((DateExpr::Weekday { weekday, future, last: false }, t.start, t.end));
            }
            _ => {}
        }
    }
    out
}

/// Whether `c` is in the Cyrillic block (U+0400 to U+04FF), the letters
/// [`is_cyrillic`] looks for.
pub fn is_cyrillic_char(c: char) -> bool {
    ('\u{400}'..='\u{4ff}').contains(&c)
}

/// Whether `text` is written in Cyrillic (any Cyrillic letter): such text is
/// read by the tag rules.
pub fn is_cyrillic(text: &str) -> bool {
    // U+0400..U+04FF are the two-byte characters whose lead byte is 0xD0
    // to 0xD3 (and in UTF-8 a lead byte is never part of another character).
    // Asked of every sentence, most of them English: looked for 32 bytes at
    // a time, without a branch per byte (which vectorises).
    let lead = |b: &u8| b & 0xfc == 0xd0;
    let (chunks, rest) = text.as_bytes().as_chunks::<32>();
    chunks.iter().any(|chunk| chunk.iter().fold(false, |any, b| any | lead(b))) || rest.iter().any(lead)
}

/// Where a sentence counts from a year on ("since 2022", "since February
/// 2022", "с 2022 года", "з 2022 року"): the start of the `since` word and
/// of the first four-digit year (or of the month directly before it) that
/// the word directly precedes, unless an exchange, an ordinal, a word of
/// holding or a relative clause stands just before that word ("the largest
/// swap since 2022", "soldiers held since 2014", "who had been captured
/// since"): then the year dates one exchange or the captivity, no sum.
pub(crate) fn since_a_year(text: &str, tags: &[Tag]) -> Option<(usize, usize)> {
    tags.iter().enumerate().find_map(|(i, y)| {
        if y.cat != Cat::Number || !(1900..=2100).contains(&y.value) || y.end - y.start != 4 {
            return None;
        }
        // "February 2022": the month before the year opens it
        let start = match i.checked_sub(1).map(|m| &tags[m]) {
            Some(m) if m.cat == Cat::Month && adjacent(text, m.end, y.start) => m.start,
            _ => y.start,
        };
        let (word_start, word) = word_before(text, start);
        if word.is_empty() || !SINCE.contains(word) {
            return None;
        }
        let near = word_start.saturating_sub(40);
        let described = tags[..i].iter().any(|t| {
            matches!(
                t.cat,
                Cat::TransferNoun | Cat::Swap | Cat::Ordinal | Cat::Kept | Cat::Held | Cat::Relative
            ) && t.end <= word_start
                && t.end >= near
        });
        (!described).then_some((word_start, start))
    })
}

/// Whether a count at `at` adds up from the year of [`since_a_year`]
/// (`since`: its word's and its year's starts): the year is in the count's
/// clause, or the `since` phrase opens the sentence ("Since 2022, Ukraine
/// has brought home 4,552"); not "95 came home, some held since 2022".
pub(crate) fn counts_since(text: &str, since: (usize, usize), at: usize) -> bool {
    let (start, end) = crate::dates::clause_range(text, at);
    (start..=end).contains(&since.1) || text[..since.0].trim().is_empty()
}

/// Whether a denial disputes the transfer whose word starts at `at`: a
/// denial after it ("передала 6000 тел, Киев это отрицает"), or before it
/// with no clause break between but a comma right after the denial
/// ("denied that 200 bodies had been handed over", "заперечує, що
/// передала"); not "denied shelling the convoy, and handed over 500".
pub(crate) fn denied(text: &str, tags: &[Tag], at: usize) -> bool {
    tags.iter().filter(|d| d.cat == Cat::Denial).any(|d| {
        d.start >= at || {
            let between = text.get(d.end..at.max(d.end)).unwrap_or_default().trim_start();
            let between = between.strip_prefix(',').unwrap_or(between);
            !between.contains([',', ';', ':', '(', '—', '–'])
        }
    })
}

/// Whether a sentence's dates put its news on one day ("on Tuesday", "23
/// June", "вчера") and no word of it is background or a period: a total told
/// in it ("a total of 84") is that day's count.
pub(crate) fn dated_to_one_day(tags: &[Tag], own_dates: &[DateExpr]) -> bool {
    !own_dates.is_empty()
        && own_dates.iter().all(|d| !matches!(d, DateExpr::Month { .. } | DateExpr::MonthNoYear { .. }))
        && !tags.iter().any(|t| matches!(t.cat, Cat::Background | Cat::Period))
}

/// Whether total word `t` opens the count at `count_start` ("a total of
/// 84", "в общей сложности 84", "загалом 84": at most one word between) in a
/// sentence [`dated_to_one_day`]: the day's count, no sum of several.
/// Not a total a count is brought to ("bringing the total to 4,757": a
/// `range_to` word between): that is the sum after the day's count.
pub(crate) fn opens_a_day_count(text: &str, t: &Tag, count_start: usize, one_day: bool) -> bool {
    one_day && t.end <= count_start && {
        let mut between = text[t.end..count_start].split_whitespace();
        match (between.next(), between.next()) {
            (None, _) => true,
            (Some(word), None) => !RANGE_TO.contains(word),
            _ => false,
        }
    }
}

/// Whether a tag marks background or a total ("earlier", "so far"): the
/// peg leaves the counts of a sentence with one undated.
pub(crate) fn is_background_or_total(t: &Tag) -> bool {
    matches!(t.cat, Cat::Background | Cat::Total)
}

/// A number written as a year: four digits from 1900 to 2100 ("В 2022 году
/// Украина вернула 1200 пленных": the year, not the news day). Whether it is
/// a year or a count ("returned 2000 prisoners") is the claim's to say.
pub(crate) fn is_year_number(t: &Tag) -> bool {
    t.cat == Cat::Number && (1900..=2100).contains(&t.value) && t.end - t.start == 4
}

/// "Україна повернула 2000 тіл", "already 2005 Ukrainians have come home":
/// whether the number opening at tag `i`, shaped like a year, is a count. It
/// is, in any language, when a noun of people or of the dead follows it
/// directly and nothing right before it places it in time (a preposition:
/// "in 2024", "в 2022 году", "since 2022"; a determiner: "the 2024
/// prisoners' list"; a month or weekday; a total or background word; another
/// number).
pub(crate) fn is_year_shaped_count(text: &str, tags: &[Tag], i: usize) -> bool {
    let t = &tags[i];
    // (a word may carry several tags: "Ukrainians" is a name and a demonym)
    let next_start = tags[i + 1..].iter().find(|n| n.start >= t.end).map(|n| n.start);
    let noun_after = next_start.is_some_and(|at| {
        text[t.end..at].chars().all(char::is_whitespace)
            && tags[i + 1..].iter().take_while(|n| n.start <= at).any(|n| {
                n.start == at
                    && matches!(
                        n.cat,
                        Cat::Nationals
                            | Cat::People
                            | Cat::Prisoners
                            | Cat::Military
                            | Cat::Remains
                            | Cat::Dead
                    )
            })
    });
    if !noun_after {
        return false;
    }
    let from = text[..t.start].trim_end().len();
    !tags[..i].iter().any(|b| {
        b.end <= t.start
            && b.end >= from
            && matches!(
                b.cat,
                Cat::ToPrep
                    | Cat::FromPrep
                    | Cat::SpanPrep
                    | Cat::Background
                    | Cat::Determiner
                    | Cat::Partitive
                    | Cat::Month
                    | Cat::Weekday
                    | Cat::Total
                    | Cat::Number
            )
    })
}

/// Whether [`tag`] gives `text` alone a background or total tag: what a
/// sentence's slice of its block's tags is held to (in tests and debug
/// builds; extraction reads the slice).
pub(crate) fn has_background_or_total(text: &str) -> bool {
    tag(text).iter().any(is_background_or_total)
}

/// Whether `tags` hold a tag of `cat`.
pub fn has(tags: &[Tag], cat: Cat) -> bool {
    tags.iter().any(|t| t.cat == cat)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cats(text: &str) -> Vec<(Cat, &str, i64)> {
        tag(text).into_iter().map(|t| (t.cat, &text[t.start..t.end], t.value)).collect()
    }

    /// What lets a hit's end be read on the folded text: an ASCII byte
    /// that is no letter, digit or apostrophe is the folding of itself
    /// alone.
    #[test]
    fn only_an_ascii_sign_folds_to_itself() {
        for c in (0..=0x10FFFF).filter_map(char::from_u32) {
            let mut one = String::new();
            tally_lexicon::fold_char(c, &mut one);
            if one.bytes().any(|b| b.is_ascii() && !(b.is_ascii_alphanumeric() || b == b'\'')) {
                assert_eq!(one, c.to_string(), "{c:?}");
            }
        }
    }

    #[test]
    fn the_fast_word_test_agrees_with_unicode() {
        for c in (0..=0x2FFFF).filter_map(char::from_u32) {
            let slow = c.is_alphanumeric() || c == '\'' || c == '’' || c == 'ʼ';
            assert_eq!(is_word_char(c), slow, "{c:?}");
        }
    }

    #[test]
    fn folding_with_the_map_folds_as_the_lexicon_does() {
        let text = "`Ёлка’ SAID İstanbul ʼ Straße 1,000 ДНІ";
        let mut scratch = Scratch::default();
        fold_with_map(text, &Opens::new([true; 256]), &mut scratch);
        let map = offsets(text, &scratch);
        let Scratch { folded, .. } = scratch;
        assert_eq!(std::str::from_utf8(&folded).expect("UTF-8"), tally_lexicon::fold(text));
        assert_eq!(map.len(), folded.len() + 1);
        assert!(map.windows(2).all(|w| w[0] <= w[1]) && map.iter().all(|&i| text.is_char_boundary(i)));
    }

    proptest::proptest! {
        #![proptest_config(proptest::test_runner::Config::with_cases(4096))]
        #[test]
        fn digit_values_are_those_i64_parses(number in "[0-9]{0,22}([ ,\u{a0}\u{202f}][0-9]{0,4}){0,3}") {
            let digits: String = number.chars().filter(char::is_ascii_digit).collect();
            proptest::prop_assert_eq!(digits_value(number.as_bytes()), digits.parse::<i64>().ok());
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::test_runner::Config::with_cases(2048))]
        #[test]
        fn the_byte_test_for_cyrillic_is_the_character_test(text in "(\\PC|[а-яЁёЇїҐґ\u{3ff}\u{500}Ӿ])*") {
            let by_chars = text.chars().any(is_cyrillic_char);
            proptest::prop_assert_eq!(is_cyrillic(&text), by_chars);
        }

        #[test]
        fn a_cyrillic_letter_is_found_wherever_it_stands(
            text in "[ -~\u{e9}\u{2019}]{0,80}[а-яЁёЇїҐґ\u{3ff}\u{500}\u{4ff}]?[ -~\u{e9}\u{2019}]{0,80}"
        ) {
            // (long texts: the search takes 32 bytes at a time)
            let by_chars = text.chars().any(is_cyrillic_char);
            proptest::prop_assert_eq!(is_cyrillic(&text), by_chars, "{:?}", text);
        }
    }

    #[test]
    fn background_words_are_found_and_other_text_is_not() {
        assert!(has_background_or_total("Earlier, Russia returned 1,000 bodies."));
        assert!(has_background_or_total("Ранее Россия передала 1000 тел."));
        assert!(!has_background_or_total("Russia returned 1,000 bodies on Friday."));
        assert!(!has_background_or_total("Russia returned 1,950 bodies on Friday."));
    }

    /// The table folds every Cyrillic character as the lexicon does.
    #[test]
    fn cyrillic_characters_fold_as_the_lexicon_folds_them() {
        let mut table_hits = 0;
        for c in ('\u{3ff}'..='\u{501}').chain(['a', 'Z', '’', 'ß', 'İ']) {
            let mut expected = String::new();
            tally_lexicon::fold_char(c, &mut expected);
            if let Some(f) = cyrillic_folded(c) {
                table_hits += 1;
                assert_eq!(f.to_string(), expected, "{c:?}");
            } else {
                assert!(!('\u{400}'..='\u{4ff}').contains(&c) || expected.chars().count() != 1, "{c:?}");
            }
        }
        assert_eq!(table_hits, 256, "every character of the block folds to one");
        assert_eq!(cyrillic_folded('Ё'), Some('е'));
        assert_eq!(cyrillic_folded('Ї'), Some('ї'));
    }

    /// Every folded byte's offset in the text, and one past them, as
    /// [`TextMap`] gives them.
    fn offsets(text: &str, scratch: &Scratch) -> Vec<usize> {
        let map = TextMap { text, map: &scratch.map };
        (0..=scratch.folded.len()).map(|f| map.at(f)).collect()
    }

    /// The same, a character at a time: each byte of a character's
    /// folding stands at the character's start.
    fn offsets_char_by_char(text: &str) -> Vec<usize> {
        let mut offsets = Vec::new();
        for (i, c) in text.char_indices() {
            let mut one = String::new();
            tally_lexicon::fold_char(c, &mut one);
            offsets.extend(std::iter::repeat_n(i, one.len()));
        }
        offsets.push(text.len());
        offsets
    }

    /// The places a hit may start, as `tag` found them before they were
    /// gathered while folding: each character's folded bytes, but where
    /// a word character follows one.
    fn starts_char_by_char(text: &str, map: &[usize]) -> Vec<usize> {
        let mut starts = Vec::new();
        let mut after_word = false;
        let mut at = 0;
        for (i, c) in text.char_indices() {
            let word = is_word_char(c);
            let folded_end = at + map[at..].iter().take_while(|&&o| o == i).count();
            if !(after_word && word) {
                starts.extend(at..folded_end);
            }
            after_word = word;
            at = folded_end;
        }
        starts
    }

    proptest::proptest! {
        #![proptest_config(proptest::test_runner::Config::with_cases(4096))]
        #[test]
        fn starts_gathered_while_folding_are_those_found_char_by_char(
            text in "(\\PC|[`'’ʼ A-Za-zİẞßﬁ1-9ЁёЇїѐӿ\u{400}\u{481}\u{482}\u{483}\u{489}\u{48a}\u{4ff}\u{301}\u{ad}])*"
        ) {
            let mut scratch = Scratch::default();
            fold_with_map(&text, &Opens::new([true; 256]), &mut scratch);
            let map = offsets(&text, &scratch);
            proptest::prop_assert_eq!(&map, &offsets_char_by_char(&text));
            let Scratch { folded, starts, .. } = scratch;
            proptest::prop_assert_eq!(std::str::from_utf8(&folded).expect("UTF-8"), tally_lexicon::fold(&text));
            let all = starts_char_by_char(&text, &map);
            proptest::prop_assert_eq!(&starts, &all);
            // with the lexicon's first bytes: those places but the ones no form opens at
            let first_bytes = &AUTOMATON.opens.first_bytes;
            let mut scratch = Scratch::default();
            fold_with_map(&text, &AUTOMATON.opens, &mut scratch);
            let opening: Vec<usize> =
                all.into_iter().filter(|&f| first_bytes[usize::from(folded[f])]).collect();
            proptest::prop_assert_eq!(scratch.starts, opening);
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::test_runner::Config::with_cases(4096))]
        /// Folding finds the places a number may open that a look at every
        /// byte finds.
        #[test]
        fn number_places_found_while_folding_are_those_of_every_byte(
            text in "([0-9a-zA-Z., `'’ёЁя\u{a0}\u{202f}İß-]|\\PC)*"
        ) {
            let mut scratch = Scratch::default();
            fold_with_map(&text, &AUTOMATON.opens, &mut scratch);
            proptest::prop_assert_eq!(&scratch.number_places, &number_places(&text));
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::test_runner::Config::with_cases(4096))]
        /// The word tests at a boundary read ASCII bytes as the characters they are.
        #[test]
        fn word_tests_at_a_boundary_are_those_of_its_characters(text in "([a-zA-Z0-9 '’ʼ.,ёЁя\u{a0}İß-]|\\PC){0,12}") {
            for at in (0..=text.len()).filter(|&at| text.is_char_boundary(at)) {
                proptest::prop_assert_eq!(word_char_at(&text, at), text[at..].chars().next().is_some_and(is_word_char));
                proptest::prop_assert_eq!(
                    word_char_before(&text, at),
                    text[..at].chars().next_back().is_some_and(is_word_char)
                );
            }
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::test_runner::Config::with_cases(2048))]
        /// The walks find hits by start, as sorting them a start at a time needs.
        #[test]
        fn hits_come_by_start(text in lexicon_text()) {
            let automaton = &*AUTOMATON;
            let mut scratch = Scratch::default();
            fold_with_map(&text, &automaton.opens, &mut scratch);
            let Scratch { folded, map, starts, mut hits, .. } = scratch;
            find_hits(&text, automaton, &folded, TextMap { text: &text, map: &map }, &starts, &mut hits);
            proptest::prop_assert!(hits.windows(2).all(|w| w[0].0 <= w[1].0), "{:?}", text);
        }

        /// Sorting hits a start at a time sorts them as one sort of all does.
        #[test]
        fn hits_sorted_a_start_at_a_time_are_sorted(
            raw in proptest::collection::vec((0usize..6, 1usize..5, proptest::bool::ANY, 0usize..5), 0..40)
        ) {
            // a form once per start, in any order
            let mut seen = std::collections::BTreeSet::new();
            let mut hits: Vec<Hit> = raw
                .iter()
                .filter(|&&key| seen.insert(key))
                .map(|&(start, len, exact, pid)| (start, start + len + usize::from(!exact), len, exact, pid))
                .collect();
            hits.sort_by_key(|h| h.0); // by start only, as the walks find them
            let mut whole = hits.clone();
            whole.sort_unstable_by(hit_order);
            sort_hits(&mut hits);
            proptest::prop_assert_eq!(hits, whole);
        }

        /// The merge gives the order a stable sort of both lists gives.
        #[test]
        fn merged_tags_are_in_the_order_of_a_stable_sort(
            lexicon in proptest::collection::vec((0usize..8, 0usize..3, 0usize..4, 0i64..2), 0..12),
            numbers in proptest::collection::vec((0usize..8, 1usize..3, 0i64..2), 0..6),
        ) {
            let cats = [Cat::Give, Cat::Number, Cat::Month, Cat::Prisoners];
            let mut lexicon: Vec<Tag> = lexicon.iter().map(|&(start, len, cat, value)| Tag { cat: cats[cat], start, end: start + len, value }).collect();
            lexicon.sort_by_key(|t| t.start);
            let mut numbers: Vec<Tag> = numbers.iter().map(|&(start, len, value)| Tag { cat: Cat::Number, start, end: start + len, value }).collect();
            numbers.sort_by_key(|t| t.start);
            numbers.dedup_by_key(|t| t.start);
            let mut whole: Vec<Tag> = lexicon.iter().chain(&numbers).cloned().collect();
            whole.sort_by(tag_order);
            let mut merged = Vec::new();
            merge_tags(&lexicon, &numbers, &mut merged);
            proptest::prop_assert_eq!(merged, whole);
        }
    }

    /// The hits tagging keeps, by a form-by-form search: every form that
    /// the folded text spells from a start, all ordered, then the longest
    /// kept where they overlap.
    fn hits_form_by_form(text: &str) -> Vec<Hit> {
        hits_form_by_form_in(&AUTOMATON, text)
    }

    fn hits_form_by_form_in(automaton: &Automaton, text: &str) -> Vec<Hit> {
        let mut scratch = Scratch::default();
        fold_with_map(text, &Opens::new([true; 256]), &mut scratch);
        let map = offsets_char_by_char(text);
        let Scratch { folded, starts, .. } = scratch;
        let mut hits = Vec::new();
        for &from in &starts {
            for (pid, form) in automaton.forms.iter().enumerate() {
                if folded[from..].starts_with(form.as_bytes()) {
                    hits.extend(hit(text, automaton, &map, from, from + form.len(), pid));
                }
            }
        }
        hits.sort_unstable_by(hit_order);
        let kept = keep_longest(&mut hits);
        hits.truncate(kept);
        hits
    }

    fn hits_by_trie(text: &str) -> Vec<Hit> {
        hits_by_trie_in(&AUTOMATON, text)
    }

    /// The hits of the trie, in [`hit_order`] (they come by start, a
    /// start's by category).
    fn hits_by_trie_in(automaton: &Automaton, text: &str) -> Vec<Hit> {
        let mut scratch = Scratch::default();
        fold_with_map(text, &automaton.opens, &mut scratch);
        let Scratch { folded, map, starts, mut hits, .. } = scratch;
        find_hits(text, automaton, &folded, TextMap { text, map: &map }, &starts, &mut hits);
        hits.sort_by(hit_order);
        hits
    }

    /// A step compares a state's byte first: only a state with one way on
    /// holds one that folded text (UTF-8) may hold.
    #[test]
    fn only_a_state_with_one_way_on_holds_a_byte_of_text() {
        assert!(std::str::from_utf8(&[NO_BYTE]).is_err());
        for &state in &AUTOMATON.trie.states {
            assert_eq!(state.kind() == ONE_WAY, state.byte() != NO_BYTE);
        }
    }

    /// A state's patterns come in the order of their tags: by category.
    #[test]
    fn each_state_keeps_its_patterns_by_category() {
        let Automaton { trie, patterns, .. } = &*AUTOMATON;
        let mut several = 0;
        for &(start, end) in &trie.forms {
            let ids = &trie.form_ids[start as usize..end as usize];
            several += usize::from(ids.len() > 1);
            let keys: Vec<(Cat, u32)> = ids.iter().map(|&i| (patterns[i as usize].cat, i)).collect();
            assert!(keys.is_sorted(), "{keys:?}");
        }
        assert!(several > 0, "some form is in several categories");
    }

    /// Words and pieces of words from every lexicon, in any case, and
    /// what lies between and around them.
    fn lexicon_text() -> impl proptest::strategy::Strategy<Value = String> {
        use proptest::prelude::*;
        let forms: Vec<String> = AUTOMATON.forms.clone();
        let piece =
            (proptest::sample::select(forms), 0usize..4, any::<bool>()).prop_map(|(form, cut, upper)| {
                // whole, or cut short by a character or two
                let keep = form
                    .char_indices()
                    .map(|(i, _)| i)
                    .chain([form.len()])
                    .rev()
                    .nth(cut.min(2))
                    .unwrap_or(0);
                let piece = if cut < 2 { form.as_str() } else { &form[..keep] };
                if upper {
                    piece.to_uppercase()
                } else {
                    piece.to_string()
                }
            });
        let glue = r"[ ,.'’\-]|  |s |'s |\u{a0}|[a-zа-яіїєґ0-9]{0,3}|\PC|";
        proptest::collection::vec((piece, glue), 0..12)
            .prop_map(|parts| parts.into_iter().map(|(piece, glue)| piece + &glue).collect::<String>())
    }

    proptest::proptest! {
        #![proptest_config(proptest::test_runner::Config::with_cases(4096))]
        /// The trie finds the hits a search of each form in turn finds.
        #[test]
        fn the_trie_finds_what_a_search_form_by_form_finds(text in lexicon_text()) {
            proptest::prop_assert_eq!(hits_by_trie(&text), hits_form_by_form(&text), "{:?}", text);
        }
    }

    /// An automaton of `forms` (a stem ends in `*`), all tagging [`Cat::Give`].
    fn automaton_of(forms: &[&str]) -> Automaton {
        let patterns: Vec<Pattern> =
            forms.iter().map(|f| Pattern { cat: Cat::Give, value: 0, stem: f.ends_with('*') }).collect();
        let forms: Vec<String> = forms.iter().map(|f| f.trim_end_matches('*').to_string()).collect();
        let trie = Trie::new(&forms, &patterns);
        let opens = Opens::new(trie.first.map(|state| state != DEAD));
        Automaton { trie, patterns, forms, codes: vec![], opens }
    }

    proptest::proptest! {
        #![proptest_config(proptest::test_runner::Config::with_cases(4096))]
        /// "İ" folds to "i" and a combining dot: with forms that open with
        /// the dot, two starts share the place of "İ", and the hits kept
        /// are still those of the search form by form.
        #[test]
        fn hits_of_starts_sharing_a_place_are_those_of_a_search_form_by_form(
            parts in proptest::collection::vec(proptest::sample::select(vec![
                "İ", "İn", "in", "i", "n", "\u{307}", "\u{307}n", "ın", " ", ".", "'s", "ni", "İİ",
            ]), 0..10)
        ) {
            let automaton = automaton_of(&["i", "in", "in*", "i\u{307}", "\u{307}", "\u{307}n", "\u{307}n*", "\u{307}ni", "n", "n*", "i\u{307}n i", "ni"]);
            let text = parts.concat();
            proptest::prop_assert_eq!(hits_by_trie_in(&automaton, &text), hits_form_by_form_in(&automaton, &text), "{:?}", text);
        }
    }

    #[test]
    fn starts_sharing_a_place_keep_the_longest_of_both() {
        let automaton = automaton_of(&["i", "\u{307}nn", "i\u{307}n*"]);
        // "İnn": a stem from "i" and a longer exact form from the dot, at one place
        let hits = hits_by_trie_in(&automaton, "İnn");
        assert_eq!(hits, hits_form_by_form_in(&automaton, "İnn"));
        assert_eq!(hits.iter().map(|h| h.4).collect::<Vec<_>>(), vec![1]);
    }

    #[test]
    fn the_trie_finds_every_form_alone_and_in_a_sentence() {
        for form in &AUTOMATON.forms {
            for text in [form.clone(), format!("A {form}. {form}, {}", form.to_uppercase())] {
                let by_trie = hits_by_trie(&text);
                assert!(!by_trie.is_empty(), "{text:?}");
                assert_eq!(by_trie, hits_form_by_form(&text), "{text:?}");
            }
        }
    }

    /// A byte the first-byte table rules out opens no walk at all.
    #[test]
    fn a_first_byte_ruled_out_opens_no_form() {
        let automaton = &*AUTOMATON;
        let ruled_out: Vec<u8> =
            (0..=255u8).filter(|&b| !automaton.opens.first_bytes[usize::from(b)]).collect();
        assert!(ruled_out.contains(&b' ') && ruled_out.contains(&b'.'), "spaces and stops open no form");
        assert!(!ruled_out.contains(&b'r'), "forms open with letters");
        for b in ruled_out {
            assert_eq!(automaton.trie.first[usize::from(b)], DEAD, "{b}");
            assert!(!automaton.forms.iter().any(|f| f.as_bytes().first() == Some(&b)), "{b}");
        }
    }

    #[test]
    fn stems_cases_and_boundaries() {
        let got = cats("Россия передала Украине 1 тыс. тел");
        assert!(got.contains(&(Cat::Give, "передала", 0)), "{got:?}");
        assert!(got.contains(&(Cat::Remains, "тел", 0)), "{got:?}");
        assert!(got.contains(&(Cat::Multiplier, "тыс.", 1000)), "{got:?}");
        // "тел" inside "представитель" is no hit
        assert!(!cats("представитель").iter().any(|t| t.0 == Cat::Remains));
        // the longest form wins: "вернулись" arrives, it does not give
        let got = cats("вернулись домой");
        assert!(got.iter().any(|t| t.0 == Cat::Arrive) && !got.iter().any(|t| t.0 == Cat::Give), "{got:?}");
    }

    /// [`counts`] as it was before it passed over the tags that are no
    /// number first (it read a decimal's multiplier after any tag).
    fn counts_reading_every_tag(text: &str, tags: &[Tag]) -> Vec<Count> {
        let mut out = Vec::new();
        let mut i = 0;
        // the qualifier directly before a count's first tag, and where it starts
        let qualifier_before = |first: usize| {
            let t = &tags[first];
            tags[..first]
                .iter()
                .rev()
                .find(|q| q.cat == Cat::Qualifier && adjacent(text, q.end, t.start))
                .map_or((Qualifier::Exact, t.start), |q| (qualifier_of(q.value), q.start))
        };
        while i < tags.len() {
            let t = &tags[i];
            // "hundreds of prisoners": at least a hundred
            if t.cat == Cat::Vague && t.value > 0 {
                let (qualifier, start) = qualifier_before(i);
                let qualifier = if qualifier == Qualifier::Exact { Qualifier::AtLeast } else { qualifier };
                out.push(Count {
                    value: t.value as u64,
                    qualifier,
                    start,
                    number_start: t.start,
                    end: t.end,
                    last_tag: i,
                });
                i += 1;
                continue;
            }
            if let Some(c) = one_and_a_half(text, tags, i) {
                let (qualifier, start) = qualifier_before(i);
                out.push(Count { qualifier, start, ..c });
                i = c.last_tag + 1;
                continue;
            }
            // "2.5 million", "1,5 тыс.": a decimal of a multiplier
            let decimal_of = tags
                .get(i + 1)
                .filter(|m| m.cat == Cat::Multiplier && adjacent(text, t.end, m.start))
                .and_then(|m| Some((decimal_value(&text[t.start..t.end])? * m.value as f64, m)));
            if let (Cat::Number, -1, Some((v, m))) = (t.cat, t.value, decimal_of) {
                if v > 0.0 && v < 1e15 {
                    let (qualifier, start) = qualifier_before(i);
                    let value = v.round() as u64;
                    out.push(Count {
                        value,
                        qualifier,
                        start,
                        number_start: t.start,
                        end: m.end,
                        last_tag: i + 1,
                    });
                }
                i += 2;
                continue;
            }
            if t.cat != Cat::Number || t.value < 0 {
                i += 1;
                continue;
            }
            let first = i;
            let (value, end, last, overflow) = read_number(text, tags, first);
            let next_is_month = tags[last + 1..]
                .iter()
                .find(|n| n.start >= end)
                .is_some_and(|n| n.cat == Cat::Month && adjacent(text, end, n.start));
            let is_year = (1900..=2100).contains(&value)
                && end - t.start == 4
                && !is_year_shaped_count(text, tags, first);
            if next_is_month || is_year || overflow || value < 0 {
                i = last + 1;
                continue;
            }
            let (qualifier, start) = qualifier_before(first);
            out.push(Count {
                value: value as u64,
                qualifier,
                start,
                number_start: t.start,
                end,
                last_tag: last,
            });
            i = last + 1;
        }
        out
    }

    proptest::proptest! {
        #![proptest_config(proptest::test_runner::Config::with_cases(4096))]
        /// Passing over the tags that are no number changes no count.
        #[test]
        fn counts_are_those_of_a_reading_of_every_tag(
            words in proptest::collection::vec(proptest::sample::select(vec![
                "2.5", "1,5", "3", "1,000", "12", "million", "тыс.", "тысячи", "more than", "over", "about",
                "hundreds", "dozens", "May", "2024", "ноября", "prisoners", "returned", "and", "двадцять", "п'ять",
                "one", "thousand", "50-й", "9th", "-", "",
            ]), 0..10),
            glue in proptest::collection::vec("[ ,.]|  |-|", 10),
        ) {
            let mut text = String::new();
            for (i, w) in words.iter().enumerate() {
                text.push_str(w);
                text.push_str(&glue[i]);
            }
            let tags = tag(&text);
            proptest::prop_assert_eq!(numbers(&text, &tags), counts_reading_every_tag(&text, &tags), "{:?}", text);
        }
    }

    proptest::proptest! {
        /// The share test told by the first letter after a count answers
        /// as the test of the words after it alone.
        #[test]
        fn a_share_told_by_its_first_letter_is_a_share_read_whole(
            text in "(12|200| |  |\u{a0}|per|Per| cent|percent|PERCENT|pct|процентов|Процента|відсотків|ВІДСОТКИ|%|\u{66a}|prisoners|пленных|\\.|ё|é|`|[a-zа-яА-Я]{1,3})*"
        ) {
            for end in (0..=text.len()).filter(|&e| text.is_char_boundary(e)) {
                proptest::prop_assert_eq!(
                    is_a_share(&text, end),
                    is_a_share_after(text[end..].trim_start()),
                    "{:?} at {}", text, end
                );
            }
        }
    }

    #[test]
    fn counts_with_multipliers_words_and_qualifiers() {
        let text = "получила останки 1 тыс. погибших, более 30 военных, двадцять п'ять бійців, 23 ноября, 50-й обмін, 2024, 1000-for-1000, тисячу двісті, дві тисячі триста, ни одного";
        let tags = tag(text);
        let got: Vec<(u64, Qualifier)> =
            counts(text, &tags).into_iter().map(|c| (c.value, c.qualifier)).collect();
        assert_eq!(
            got,
            vec![
                (1000, Qualifier::Exact),
                (30, Qualifier::Over),
                (25, Qualifier::Exact),
                (1000, Qualifier::Exact),
                (1000, Qualifier::Exact),
                (1200, Qualifier::Exact),
                (2300, Qualifier::Exact),
                (0, Qualifier::Exact)
            ]
        );
        let ordinals: Vec<i64> = tags.iter().filter(|t| t.cat == Cat::Ordinal).map(|t| t.value).collect();
        assert_eq!(ordinals, vec![50]);
    }

    #[test]
    fn number_words_with_hundreds_thousands_and_joining_words() {
        let values =
            |text: &str| -> Vec<u64> { counts(text, &tag(text)).into_iter().map(|c| c.value).collect() };
        assert_eq!(values("three hundred and seven soldiers"), vec![307]);
        assert_eq!(values("a hundred and fifty bodies"), vec![150]);
        assert_eq!(values("one thousand two hundred and twelve bodies"), vec![1212]);
        assert_eq!(values("two thousand and five people"), vec![2005]);
        assert_eq!(values("one hundred and fifty-five men"), vec![155]);
        assert_eq!(values("two hundred five men"), vec![205]);
        assert_eq!(
            values("тысяча двести тел, дві тисячі триста, шестьсот сорок, дев'ятсот, п'ятьсот"),
            vec![1200, 2300, 640, 900, 500]
        );
        assert_eq!(values("семнадцать пленных и дев'ятнадцять бійців"), vec![17, 19]);
        assert_eq!(
            values("две с половиной тысячи тел, two and a half thousand, дві з половиною тисячі"),
            vec![2500, 2500, 2500]
        );
        assert_eq!(values("two and a half years"), Vec::<u64>::new());
        assert_eq!(
            values("полторы тысячи тел, півтори сотні, полтора десятка, полтораста, півтораста"),
            vec![1500, 150, 15, 150, 150]
        );
        assert_eq!(values("полтора года, півтори години"), Vec::<u64>::new());
        // "and" joins no digits, and no two numbers of their own
        assert_eq!(values("100 and 50 men"), vec![100, 50]);
        assert_eq!(values("five and seven"), vec![5, 7]);
        // a multiplier the number cannot take ("one hundred and twenty
        // thousand" is no 120 and no 20,000): no count rather than a wrong one
        assert_eq!(values("one hundred and twenty thousand people"), Vec::<u64>::new());
        assert_eq!(values("between one hundred and two hundred"), Vec::<u64>::new());
    }

    #[test]
    fn a_stop_before_three_digits_separates_thousands() {
        let values =
            |text: &str| -> Vec<u64> { counts(text, &tag(text)).into_iter().map(|c| c.value).collect() };
        assert_eq!(values("1.200 тіл, 12.500 bodies, 1.250.000 people"), vec![1200, 12500, 1_250_000]);
        // decimals, dates and mixed shapes are no thousands
        assert_eq!(values("1.2 million people, 2.5 тыс. тел"), vec![1_200_000, 2500]);
        assert_eq!(values("1.5 bodies, 1.25 bodies, 1.2000 bodies, 1234.567 bodies"), Vec::<u64>::new());
        assert_eq!(values("12.06.2025 bodies, 1.200.5 bodies"), Vec::<u64>::new());
    }

    #[test]
    fn dates_in_russian_and_ukrainian() {
        let text = "24 травня 2025 року, а 23 ноября и сегодня";
        let got: Vec<DateExpr> = dates(text, &tag(text)).into_iter().map(|d| d.0).collect();
        assert_eq!(
            got,
            vec![
                DateExpr::Day(NaiveDate::from_ymd_opt(2025, 5, 24).unwrap()),
                DateExpr::MonthDay { month: 11, day: 23 },
                DateExpr::Today
            ]
        );
    }
}
