//! The claim rules English grammar needs, over the tags of one tagger pass
//! ([`crate::tagger`]); every word they read is a lexicon category
//! (`crates/lexicon/data/en.toml`), none is written here. Rules are named
//! `en-*` and recorded on the claims they make:
//!
//! - `en-figure`: a bound ("more than 500"), a total ("310 in all", "6,057
//!   bodies so far", "bringing the total to 4,757", "Since 2022, 4,552 have
//!   come home"), a part of a count given before ("including 120
//!   civilians", "Of the 390 freed, 120 were civilians"), or a count outside
//!   a transfer (the killed, captives) is a figure.
//! - `en-captivity`: "released from Russian captivity": who held them gives.
//! - `en-swap`, `en-swap-total`, `en-swap-bound`: a prisoner swap gives
//!   both ways (a bound, "about 250 from each side", without a count); a count
//!   "each" (or "from each side") goes each way; one party as the subject
//!   ("Ukraine brought home 185 in an exchange") binds the count to its way,
//!   and the count after "in exchange for" goes the other way; a count of
//!   both ways together is a figure.
//! - `en-transfer`: one way (also for a transfer noun a speech verb reports:
//!   "announced the return of 185 servicemen"), by the nationality of the people moved ("the
//!   bodies of 38 Russian soldiers" go to RU) or by the verb's roles ("X
//!   handed over ... to Y", "Y received ... from X", "given to Y by X").
//! - `en-group`: "one of the four remaining hostages": the count is the
//!   first number, read with the group's noun; the group's number is a figure.
//! - `en-pair-figure`: "the 1000-for-1000 exchange" names a deal's count
//!   per side: a figure.
//! - `en-none`, `en-undisclosed`: "not a single body", "no prisoners" is a
//!   count of zero; a transfer with no number is undisclosed, unless its
//!   only verbs are in relative clauses ("the soldiers who were released").
//!
//! English grammar these rules know and the Cyrillic ones need not: a verb
//! form after a determiner is a noun ("the returned bodies"), "remains" is a
//! noun only after a determiner or a number, a condition opens a sentence
//! ("Should Kyiv agree, ..."), and English word order puts the giver before
//! a plain transfer verb even where it is "returned".

use tally_model::{ClaimKind, Qualifier, Status, Subject};

use crate::claims::{other, Draft, Drafts};
use crate::dates::{self, DateExpr};
use crate::parties::{each_mention, Mention};
use crate::quantity::Found;
use crate::tagger::{self, Cat, Tag};

type Side = Option<&'static str>;

/// A sentence and its tags.
#[derive(Clone, Copy)]
pub(crate) struct Tagged<'a> {
    pub(crate) text: &'a str,
    pub(crate) tags: &'a [Tag],
    /// The categories of `tags`, one bit each ([`cat_bit`]): the rules ask
    /// whether a sentence has a category a dozen times or more.
    cats: u128,
}

/// Each category's bit in [`Tagged`]'s set, by its number (none past 128
/// categories: those are looked for in the tags). A table: a shift of a
/// 128-bit number by a variable count takes a dozen instructions.
const CAT_BITS: [u128; 128] = {
    let mut bits = [0; 128];
    let mut i = 0;
    while i < 128 {
        bits[i] = 1 << i;
        i += 1;
    }
    bits
};

/// A category's bit in [`Tagged`]'s set.
fn cat_bit(cat: Cat) -> Option<u128> {
    CAT_BITS.get(cat as usize).copied()
}

impl<'a> Tagged<'a> {
    pub(crate) fn new(text: &'a str, tags: &'a [Tag]) -> Self {
        Tagged { text, tags, cats: tags.iter().fold(0, |set, t| set | cat_bit(t.cat).unwrap_or(0)) }
    }

    /// Whether the sentence has a tag of `cat`.
    pub(crate) fn has(&self, cat: Cat) -> bool {
        match cat_bit(cat) {
            Some(bit) => self.cats & bit != 0,
            None => self.tags.iter().any(|t| t.cat == cat),
        }
    }

    /// Tags wholly inside `start..end`. The tagger gives a sentence's tags
    /// by start: those starting before `start` are passed over by a binary
    /// search, and the walk stops at the first starting after `end` (a tag
    /// ends after it starts), where it read every tag of the sentence.
    fn within(&self, start: usize, end: usize) -> impl Iterator<Item = &'a Tag> {
        debug_assert!(self.tags.windows(2).all(|w| w[0].start <= w[1].start), "tags by start");
        let first = self.tags.partition_point(|t| t.start < start);
        self.tags[first..].iter().take_while(move |t| t.start <= end).filter(move |t| t.end <= end)
    }

    fn has_within(&self, start: usize, end: usize, cat: Cat) -> bool {
        self.has(cat) && self.within(start, end).any(|t| t.cat == cat)
    }

    /// Whether a tag of `cat` covers exactly the span of `t`.
    fn same_span(&self, t: &Tag, cat: Cat) -> bool {
        self.has(cat) && self.tags.iter().any(|o| o.cat == cat && o.start == t.start && o.end == t.end)
    }

    /// The tag of `cat` that ends right before `at` (only spaces between).
    /// Only white space between: the tag ends in the run of it before
    /// `at`, found once (not a slice trimmed per tag); it starts by `at`,
    /// and the tags come by start.
    fn just_before(&self, at: usize, cat: Cat) -> Option<&'a Tag> {
        if !self.has(cat) {
            return None;
        }
        let from = self.text[..at].trim_end().len();
        self.tags.iter().take_while(|t| t.start <= at).find(|t| t.cat == cat && t.end <= at && t.end >= from)
    }

    /// The tag of `cat` that starts right after `at` (only spaces between):
    /// in the run of white space after `at`, found once.
    fn just_after(&self, at: usize, cat: Cat) -> Option<&'a Tag> {
        if !self.has(cat) {
            return None;
        }
        let rest = &self.text[at..];
        let to = at + (rest.len() - rest.trim_start().len());
        let first = self.tags.partition_point(|t| t.start < at);
        self.tags[first..].iter().take_while(|t| t.start <= to).find(|t| t.cat == cat)
    }

    /// The party mentions, by start: names (and recipient forms) and adjectives.
    fn mentions(&self, start: usize, end: usize) -> Vec<Mention> {
        each_mention(self.within(start, end)).collect()
    }
}

/// Whether a tag is a remains noun: "bodies", "remains of", or a form that
/// is a noun only after a determiner ("remains") with one before it: a
/// possessive word, a number, a nationality or a possessive "'s".
fn is_remains(s: Tagged, t: &Tag) -> bool {
    if t.cat != Cat::Remains {
        return false;
    }
    if !s.same_span(t, Cat::NounAfterDeterminer) {
        return true;
    }
    let before = s.text[..t.start].trim_end();
    if before.len() == t.start {
        return false;
    }
    before.ends_with(['\'', '’'])
        || before.ends_with("'s")
        || before.ends_with("’s")
        || before.ends_with(|c: char| c.is_ascii_digit())
        || s.tags.iter().any(|p| {
            p.end == before.len() && matches!(p.cat, Cat::Possessive | Cat::PartyAdjective | Cat::Number)
        })
}

/// Remains or the dead ("the bodies", "fallen soldiers").
fn is_remains_or_dead(s: Tagged, t: &Tag) -> bool {
    t.cat == Cat::Dead || is_remains(s, t)
}

/// Whether a sentence has remains or the dead, and whether it has remains
/// ([`is_remains_or_dead`], [`is_remains`] of any tag): only a remains tag
/// is remains, so its tags are read only when it has one.
fn remains_or_dead_and_body(s: Tagged) -> (bool, bool) {
    let body = s.has(Cat::Remains) && s.tags.iter().any(|t| is_remains(s, t));
    (s.has(Cat::Dead) || body, body)
}

/// A noun of people a count may count.
fn is_people_noun(t: &Tag) -> bool {
    matches!(t.cat, Cat::Military | Cat::Prisoners | Cat::People | Cat::Remains)
}

/// Whether the sentence names anything a claim can be about: remains, the
/// dead, prisoners, soldiers, captivity, a people, or people in a swap.
pub(crate) fn names_a_subject(tags: &[Tag]) -> bool {
    names_a_subject_in(Tagged::new("", tags))
}

/// [`names_a_subject`], read from the set of a sentence's categories.
fn names_a_subject_in(s: Tagged) -> bool {
    const SUBJECTS: [Cat; 7] =
        [Cat::Remains, Cat::Dead, Cat::Killed, Cat::Prisoners, Cat::Military, Cat::Captivity, Cat::Nationals];
    s.has(Cat::People) && s.has(Cat::Swap) || SUBJECTS.iter().any(|&cat| s.has(cat))
}

/// A transfer verb's tag (a swap noun is none).
fn is_transfer_verb(s: Tagged, t: &Tag) -> bool {
    match t.cat {
        Cat::Give | Cat::Receive | Cat::Arrive | Cat::Return | Cat::Free => true,
        Cat::Swap => !s.same_span(t, Cat::TransferNoun) || s.has(Cat::Modality) && swap_after_modal(s, t),
        _ => false,
    }
}

/// "will swap", "agreed to exchange": after a modal a form that may be a
/// noun is a verb ("the planned exchange", a modal after a determiner, is
/// an adjective and the form a noun).
#[inline(never)]
fn swap_after_modal(s: Tagged, t: &Tag) -> bool {
    s.just_before(t.start, Cat::Modality).is_some_and(|m| s.just_before(m.start, Cat::Determiner).is_none())
}

/// The first transfer verb used as a verb, not as a noun or adjective ("the
/// returned bodies").
fn finite_transfer_verb<'a>(s: Tagged<'a>) -> Option<&'a Tag> {
    s.tags.iter().find(|v| {
        is_transfer_verb(s, v)
            && s.just_before(v.start, Cat::Determiner).is_none()
            && s.just_before(v.start, Cat::RemainsOf).is_none()
    })
}

/// "1000-for-1000": two equal numbers joined by the pair word between
/// hyphens; their value and the span of the first.
fn hyphenated_pairs(s: Tagged<'_>) -> Vec<(u64, (usize, usize))> {
    if !s.has(Cat::Pair) {
        return Vec::new(); // (a pair is joined by a pair word)
    }
    let numbers: Vec<&Tag> = s.tags.iter().filter(|t| t.cat == Cat::Number && t.value > 0).collect();
    numbers
        .windows(2)
        .filter(|w| {
            let (a, b) = (w[0], w[1]);
            a.value == b.value
                && a.end < b.start
                && s.text[a.end..].starts_with('-')
                && s.text[..b.start].ends_with('-')
                && s.tags.iter().any(|p| p.cat == Cat::Pair && p.start == a.end + 1 && p.end + 1 == b.start)
        })
        .map(|w| (w[0].value as u64, (w[0].start, w[0].end)))
        .collect()
}

/// "announced the return of 185 servicemen", "confirmed the handover of
/// 500 bodies": a transfer noun as what a speech verb reports, with what
/// moved after its "of", says the transfer happened as a verb would.
fn reported_transfer_noun<'a>(s: Tagged<'a>) -> Option<&'a Tag> {
    s.tags.iter().find(|t| {
        t.cat == Cat::TransferNoun
            && (s.just_after(t.end, Cat::Partitive).is_some() || s.just_after(t.end, Cat::Own).is_some())
            && s.just_before(t.start, Cat::Determiner)
                .is_some_and(|d| s.just_before(d.start, Cat::Speech).is_some())
    })
}

/// A question, or a sentence that opens with a condition ("If Russia hands
/// over 260 prisoners, ...", "Should Kyiv agree, ..."): no completed transfer.
fn question_or_condition(s: Tagged) -> bool {
    let question = s.text.trim_end().trim_end_matches(['"', '”', '’', '\'']).trim_end().ends_with('?');
    let opener = s.tags.iter().any(|t| {
        t.cat == Cat::ConditionalOpener
            && t.start == s.tags.first().map_or(0, |f| f.start)
            && s.text[..t.start].chars().all(|c| c.is_whitespace() || matches!(c, '"' | '“'))
            && s.text[t.start..].starts_with(char::is_uppercase)
    });
    question || opener
}

/// "each released 84", "84 prisoners each", "apiece": the same count each way.
fn each_way(s: Tagged) -> bool {
    s.has(Cat::EachWord)
        && s.tags.iter().filter(|t| t.cat == Cat::EachWord).any(|e| {
            let after = s.text[e.end..].trim_start();
            let verb_after = s.tags.iter().any(|v| {
                v.start >= e.end && is_transfer_verb(s, v) && s.text[e.end..v.start].trim().is_empty()
            });
            let ends = after.is_empty() || after.starts_with([',', '.', ';', ':', ')', '—', '–']);
            // "each of", "each soldier": a determiner, not a count per side
            let noun_after = s.tags.iter().any(|n| {
                n.start >= e.end
                    && s.text[e.end..n.start].trim().is_empty()
                    && (matches!(n.cat, Cat::Determiner | Cat::RemainsOf) || is_people_noun(n))
            });
            let count_before = s.tags.iter().any(|n| {
                n.cat == Cat::Number
                    && n.end <= e.start
                    && s.text[n.start..n.end].starts_with(|c: char| c.is_ascii_digit())
                    && (1..=4).contains(&s.text[n.end..e.start].split_whitespace().count())
                    && !s.text[n.end..e.start].contains([',', '.', ';', ':'])
            });
            verb_after || (count_before && (ends || !noun_after))
        })
}

/// Both ways: "each side", "either side", "each released 84".
fn each_side(s: Tagged) -> bool {
    s.has(Cat::Each) || s.has(Cat::EachOther) || each_way(s)
}

/// A swap: a swap verb or noun, "both sides", "each side", parity.
fn swap_words(s: Tagged) -> bool {
    s.has(Cat::Swap) || s.has(Cat::Each) || s.has(Cat::BothSides) || s.has(Cat::Parity) || each_way(s)
}

/// A negated transfer: "did not return", "refused to hand over" (a negation
/// and, within two words, a transfer or event verb).
fn negated_transfer(s: Tagged) -> bool {
    s.has(Cat::Negation)
        && s.tags.iter().filter(|t| t.cat == Cat::Negation).any(|n| {
            s.tags.iter().any(|v| {
                v.start >= n.end
                    && (is_transfer_verb(s, v) || matches!(v.cat, Cat::EventVerb | Cat::TransferNoun))
                    && s.text[n.end..v.start].split_whitespace().count() <= 2
                    && !s.text[n.end..v.start].contains([',', '.', ';', ':'])
            })
        })
}

/// "not a single body", "did not return any prisoners", "no bodies", "none
/// of": a count of zero (its byte range).
fn zero(s: Tagged) -> Option<(usize, usize)> {
    let noun = |at: usize| {
        s.tags.iter().find(|t| {
            t.start >= at
                && (matches!(t.cat, Cat::Remains | Cat::Prisoners | Cat::Military))
                && s.text[at..t.start].split_whitespace().count() <= 1
                && !s.text[at..t.start].contains([',', '.', ';', ':'])
        })
    };
    for t in s.tags {
        match t.cat {
            Cat::AnyWord => {
                let negation = s.tags.iter().find(|n| {
                    matches!(n.cat, Cat::Not | Cat::Negation)
                        && n.end <= t.start
                        && s.text[n.end..t.start].split_whitespace().count() <= 3
                        && !s.text[n.end..t.start].contains([',', '.', ';', ':'])
                });
                if let (Some(n), Some(noun)) = (negation, noun(t.end)) {
                    return Some((n.start, noun.end));
                }
            }
            Cat::NoneWord => {
                if s.text[t.start..t.end].contains(' ') {
                    return Some((t.start, t.end)); // "none of"
                }
                if let Some(noun) = noun(t.end).filter(|n| n.cat != Cat::Military) {
                    return Some((t.start, noun.end));
                }
            }
            _ => {}
        }
    }
    None
}

/// The status of a transfer whose word starts at byte `transfer_at`: a
/// denial anywhere (disputed), a failure or modality word in its clause, a
/// negation or failure word.
fn status_of(s: Tagged, transfer_at: usize, zero: bool) -> Status {
    // The clause of the transfer word is found only when a modality word
    // may be in it (one in the clause is one in the sentence): without
    // one, a failure word fails the transfer wherever it stands.
    let clause = if s.has(Cat::Modality) { dates::clause_range(s.text, transfer_at) } else { (0, 0) };
    // "Moscow denied that any prisoners had been exchanged": disputed;
    // "a scheduled swap fell through": the plan failed
    let denied = s.has(Cat::Denial) && tagger::denied(s.text, s.tags, transfer_at);
    if denied || (s.has_within(clause.0, clause.1, Cat::Failed) && !zero) {
        Status::Failed
    } else if s.has_within(clause.0, clause.1, Cat::Modality) {
        Status::Planned
    } else if (negated_transfer(s) || s.has(Cat::Failed)) && !zero {
        Status::Failed
    } else {
        Status::Completed
    }
}

/// Whether [`sentence_drafts`] could draft anything: the sentence names a
/// subject and has a transfer word or a number. A necessary condition, much
/// cheaper than drafting.
pub(crate) fn could_make_a_claim(s: Tagged) -> bool {
    names_a_subject_in(s)
        && s.tags.iter().any(|t| {
            is_transfer_verb(s, t)
                || matches!(t.cat, Cat::Number | Cat::Multiplier | Cat::Vague)
                || (t.cat == Cat::TransferNoun && s.has(Cat::EventVerb))
        })
}

/// The counts of a sentence (numbers with their qualifiers, from the
/// tags), but for a number in a path ("/news/40224361/"), a model's number
/// ("Il-76") and a day after its month ("March 15").
fn counts(s: Tagged) -> Vec<Found> {
    let text = s.text;
    let has_month = s.has(Cat::Month);
    tagger::counts(text, s.tags)
        .into_iter()
        .filter(|c| {
            let before = &text[..c.number_start];
            if before.ends_with('/') || text[c.end..].starts_with('/') {
                return false;
            }
            let mut back = before.chars().rev();
            if back.next() == Some('-') && back.next().is_some_and(char::is_alphabetic) {
                return false;
            }
            let digits = text[c.number_start..].starts_with(|ch: char| ch.is_ascii_digit());
            let after_month = has_month
                && s.tags.iter().any(|m| {
                    m.cat == Cat::Month
                        && m.end < c.number_start
                        && text[m.end..c.number_start].trim().is_empty()
                });
            !(digits && after_month)
        })
        .map(|c| Found {
            value: c.value,
            qualifier: c.qualifier,
            start: c.start,
            end: c.end,
            number_start: c.number_start,
        })
        .collect()
}

/// "one of the four remaining hostages", "two of the 12 soldiers": the
/// count before the partitive is the people meant, the one after only the
/// group they belong to. The first count is read with the group's noun
/// (its end moved to the group's); the group is kept beside it, a figure.
fn parts_of_groups(s: Tagged, found: Vec<Found>) -> (Vec<Found>, Vec<Option<Found>>) {
    let mut out: Vec<Found> = Vec::with_capacity(found.len());
    let mut groups = Vec::with_capacity(found.len());
    let mut i = 0;
    while i < found.len() {
        let q = &found[i];
        let group = found.get(i + 1).filter(|n| {
            // ("two of its 12 soldiers": an `own` form opens the group too)
            s.just_after(q.end, Cat::Partitive).or_else(|| s.just_after(q.end, Cat::Own)).is_some_and(|p| {
                let between = &s.text[p.end..n.start.max(p.end)];
                // at most "the last", "the remaining": no clause between
                between.split_whitespace().count() <= 2
                    && between.chars().all(|c| c.is_alphabetic() || c == ' ')
            })
        });
        match group {
            Some(n) => {
                out.push(Found { end: n.end, ..q.clone() });
                groups.push(Some(n.clone()));
                i += 2;
            }
            None => {
                out.push(q.clone());
                groups.push(None);
                i += 1;
            }
        }
    }
    (out, groups)
}

/// The first `n` words of `text`.
fn words(text: &str, n: usize) -> &str {
    let (mut count, mut end) = (0, text.len());
    each_word_end(text, |at| {
        count += 1;
        if count == n {
            end = at;
        }
        count < n
    });
    &text[..end]
}

/// The lengths of [`words`]`(text, k)` for `k` from 1 to `N`, in one
/// pass (a count's rules read the first two, three and five words after
/// it).
fn word_ends<const N: usize>(text: &str) -> [usize; N] {
    let mut ends = [text.len(); N];
    let mut count = 0;
    each_word_end(text, |at| {
        if let Some(slot) = ends.get_mut(count) {
            *slot = at;
        }
        count += 1;
        count < N
    });
    ends
}

/// Gives `f` the end of each word of `text` that white space follows, in
/// order, while it asks for more. Read by bytes: an ASCII byte is its own
/// character (white space there is six of them); only a byte that starts
/// another character is decoded.
fn each_word_end(text: &str, mut f: impl FnMut(usize) -> bool) {
    let bytes = text.as_bytes();
    let mut in_word = false;
    let mut i = 0;
    while i < bytes.len() {
        if in_word {
            // the rest of a word's ASCII letters, digits and marks (no
            // byte above the space is white space) at once
            while bytes.get(i).is_some_and(|&b| b > b' ' && b.is_ascii()) {
                i += 1;
            }
            if i == bytes.len() {
                break;
            }
        }
        let (space, len) = match bytes[i] {
            b if b.is_ascii() => (is_ascii_space(b), 1),
            _ => {
                let c = text[i..].chars().next().unwrap_or_default();
                (c.is_whitespace(), c.len_utf8())
            }
        };
        if space {
            if in_word && !f(i) {
                return;
            }
            in_word = false;
        } else {
            in_word = true;
        }
        i += len;
    }
}

/// Whether an ASCII byte is white space as `char::is_whitespace` reads it
/// (tab, line feed, vertical tab, form feed, carriage return, space).
fn is_ascii_space(b: u8) -> bool {
    matches!(b, b'\t' | b'\n' | 0x0b | 0x0c | b'\r' | b' ')
}

/// The byte offset `len` bytes before `end`, on a char boundary.
fn back(text: &str, end: usize, len: usize) -> usize {
    let mut start = end.saturating_sub(len);
    while !text.is_char_boundary(start) {
        start += 1;
    }
    start
}

/// The nationality of the people counted in `start..end` (the words after a
/// count): a demonym right after the count ("15 Palestinians"), or a
/// nationality adjective before a noun of people ("38 Russian soldiers").
fn nationality(s: Tagged, start: usize, end: usize) -> Option<&'static str> {
    let mentions = s.mentions(start, end);
    let first_word_end = start + words(&s.text[start..end], 1).len();
    let demonym = mentions.first().filter(|m| {
        !m.adjective
            && m.end <= first_word_end
            && s.has(Cat::Nationals)
            && s.tags.iter().any(|t| t.cat == Cat::Nationals && t.start == m.start && t.end == m.end)
    });
    if let Some(m) = demonym {
        return Some(m.code);
    }
    mentions
        .into_iter()
        .find(|m| {
            m.adjective && {
                // (a noun of people listed as an adjective, "defenders",
                // names its own people)
                let window_end = end.min(m.end + 40);
                s.tags.iter().any(|t| t.start >= m.start && t.end <= window_end && is_people_noun(t))
            }
        })
        .map(|m| m.code)
}

/// The party whose captivity the people left: "released from Russian
/// captivity", "returned from Ukrainian custody".
fn captivity_holder(s: Tagged) -> Option<&'static str> {
    s.mentions(0, s.text.len())
        .into_iter()
        .find(|m| {
            m.adjective
                && s.just_after(m.end, Cat::Captivity).is_some()
                && s.just_before(m.start, Cat::FromPrep).is_some()
        })
        .map(|m| m.code)
}

/// What a sentence says moved, and in which direction, by the verb roles.
fn roles(s: Tagged, sides: (Side, Side)) -> (Side, Side) {
    let Some(verb) = finite_transfer_verb(s) else {
        return (None, None);
    };
    let nouns: Vec<Mention> = s.mentions(0, s.text.len()).into_iter().filter(|m| !m.adjective).collect();
    // "Ukraine's ombudsman said 49 civilians had been released": a party
    // before a speech verb, with the count after it and before the transfer
    // verb, is who spoke; the count is what the verb's clause is about
    let subject = nouns.iter().rev().find(|m| m.end <= verb.start).filter(|m| {
        !s.within(m.end, verb.start)
            .any(|speech| speech.cat == Cat::Speech && s.has_within(speech.end, verb.start, Cat::Number))
    });
    let subject = subject.map(|m| m.code);
    let mut to = None;
    let mut from = None;
    for m in nouns.iter().filter(|m| m.start >= verb.end) {
        // the preposition before the party, with "the" between them allowed
        let at = s.just_before(m.start, Cat::Determiner).map_or(m.start, |d| d.start);
        let prep = s
            .tags
            .iter()
            .filter(|p| {
                matches!(p.cat, Cat::ToPrep | Cat::FromPrep | Cat::Held)
                    && p.end <= at
                    && s.text[p.end..at].trim().is_empty()
            })
            .min_by_key(|p| p.start);
        let Some(prep) = prep else { continue };
        // "held captive in Gaza" says where they were, not where they went
        let held_in = prep.cat == Cat::ToPrep
            && s.tags.iter().any(|k| {
                k.cat == Cat::Kept
                    && k.end <= prep.start
                    && s.text[k.end..prep.start].split_whitespace().count() <= 1
            });
        if to.is_none() && prep.cat == Cat::ToPrep && !held_in {
            to = Some(m.code);
        } else if from.is_none() && matches!(prep.cat, Cat::FromPrep | Cat::Held) {
            from = Some(m.code);
        }
    }
    // "Ukraine repatriated 77 bodies", "managed to return the bodies of
    // 121": with no receiver named, the subject brought its own people home
    let brought_home =
        to.is_none() && (verb.cat == Cat::Return || s.just_before(verb.start, Cat::Managed).is_some());
    if verb.cat == Cat::Receive || brought_home {
        to = to.or(subject);
    } else if verb.cat == Cat::Arrive {
        // "troops came home to X": the subject is not a party
    } else {
        from = from.or(subject);
    }
    if from.is_some() && from == to {
        from = None;
    }
    let from = from.or_else(|| other(to, sides));
    let to = to.or_else(|| other(from, sides));
    (from, to)
}

/// The direction of a sentence whose transfer verb has one party as its
/// subject ("Ukraine brought home …", "Russia handed over …"); none when the
/// verb is a swap or the subject is both sides ("Russia and Ukraine released …").
fn one_party_direction(s: Tagged, sides: (Side, Side)) -> Option<(Side, Side)> {
    let verb = finite_transfer_verb(s)?;
    if verb.cat == Cat::Swap {
        return None;
    }
    let mut before: Vec<&str> =
        s.mentions(0, verb.start).into_iter().filter(|m| !m.adjective).map(|m| m.code).collect();
    before.dedup();
    if before.len() != 1 {
        return None;
    }
    match roles(s, sides) {
        (Some(from), Some(to)) => Some((Some(from), Some(to))),
        _ => None,
    }
}

/// "185 service personnel and 20 civilians": two counts of people joined by
/// "and", with no party, verb or other number between, went the same way
/// together; they are one count of their sum (rule `sum-one-way`).
fn one_way_sums(s: Tagged, found: Vec<Found>) -> Vec<Found> {
    let text = s.text;
    let mut out: Vec<Found> = Vec::with_capacity(found.len());
    let mut i = 0;
    while i < found.len() {
        let q = &found[i];
        if let Some(n) = found.get(i + 1) {
            let (b0, b1) = (q.end, n.start.max(q.end));
            let between = &text[b0..b1];
            let between_mentions = s.mentions(b0, b1);
            let next_word_end = n.end + words(&text[n.end..], 1).len();
            let three_words_end = n.end + words(&text[n.end..], 3).len();
            let joined = between.len() <= 40
                && s.just_before(b1, Cat::Conj).is_some()
                && s.within(b0, b1).any(is_people_noun)
                && !between.contains([',', ';', ':', '(', '—', '–'])
                && !s.within(b0, b1).any(|t| is_transfer_verb(s, t))
                && between_mentions.iter().all(|m| m.adjective)
                // "86 Ukrainian servicemen and 79 Russian servicemen" went two ways
                && s.mentions(n.end, next_word_end).iter().all(|m| {
                    m.adjective && between_mentions.iter().any(|b| b.code == m.code)
                })
                && s.within(n.end, three_words_end).any(is_people_noun)
                && q.qualifier == Qualifier::Exact
                && n.qualifier == Qualifier::Exact;
            // A sum too large to hold is no count at all, never a wrapped one.
            let sum = q.value.checked_add(n.value);
            if let (true, Some(value)) = (joined && !part_of_before(s, q.start), sum) {
                out.push(Found { value, end: n.end, ..q.clone() });
                i += 2;
                continue;
            }
        }
        out.push(q.clone());
        i += 1;
    }
    out
}

/// "including 120", "among them 35", "including those of 24", "12 people –
/// nine soldiers": the words right before a count (a part word up to three
/// words before, with no verb or mark between) make it part of one given before.
fn part_of_before(s: Tagged, at: usize) -> bool {
    if s.just_before(at, Cat::PartOf).is_some() {
        return true;
    }
    // "including those of 24 soldiers": a few words between, no verb or mark
    let near = s.has(Cat::PartOf)
        && s.tags.iter().rev().find(|t| t.cat == Cat::PartOf && t.end <= at).is_some_and(|t| {
            let gap = &s.text[t.end..at];
            gap.split_whitespace().count() <= 3
                && !gap.contains([',', ';', ':', '.'])
                && !s.within(t.end, at).any(|v| is_transfer_verb(s, v))
        });
    if near {
        return true;
    }
    let before = s.text[..at].trim_end();
    before.strip_suffix(['–', '—']).is_some_and(|rest| rest.trim_end().ends_with(|c: char| c.is_alphabetic()))
}

/// Whose people a count "of its own" counts ("received 84 of its own
/// troops", "got back 84 of its soldiers"): the party named nearest before
/// the count as a noun, with no preposition right before it.
fn owner_before(s: Tagged, q: &Found) -> Option<&'static str> {
    s.just_after(q.end, Cat::Own)?;
    s.mentions(0, q.start)
        .into_iter()
        .rev()
        .find(|m| {
            !m.adjective
                && s.tags.iter().all(|p| {
                    !(matches!(p.cat, Cat::ToPrep | Cat::FromPrep | Cat::Held)
                        && p.end <= m.start
                        && s.text[p.end..m.start].trim().is_empty())
                })
        })
        .map(|m| m.code)
}

/// The end of the count a sentence opens with after a partitive ("Of the
/// 390 Ukrainians freed, ..."): the group the counts after it are parts of.
fn opening_group(s: Tagged, found: &[Found]) -> Option<usize> {
    let opener = s.tags.first().filter(|t| s.text[..t.start].trim().is_empty())?;
    let partitive =
        s.tags.iter().take_while(|t| t.start == opener.start).find(|t| t.cat == Cat::Partitive)?;
    let at = s.just_after(partitive.end, Cat::Determiner).map_or(partitive.end, |d| d.end);
    let first = found.first().filter(|q| q.start >= at && s.text[at..q.start].trim().is_empty())?;
    Some(first.end)
}

/// The claims one English sentence makes.
pub(crate) fn sentence_drafts(s: Tagged, sides: (Side, Side), own_dates: &[DateExpr]) -> Drafts {
    let text = s.text;
    if !names_a_subject_in(s) || question_or_condition(s) {
        return Drafts::default();
    }
    let verb = finite_transfer_verb(s);
    let is_transfer = verb.is_some()
        || (s.has(Cat::TransferNoun) && s.has(Cat::EventVerb))
        || reported_transfer_noun(s).is_some();
    let (found, groups) = parts_of_groups(s, one_way_sums(s, counts(s)));
    if found.is_empty() && !is_transfer {
        return Drafts::default(); // no count and no transfer: nothing to record
    }
    let (has_remains, has_body) = remains_or_dead_and_body(s);
    let is_swap = swap_words(s);
    // Soldiers or civilians exchanged, released or brought home are prisoners.
    let people_moved = is_swap || s.has(Cat::MovesPeople);
    // people exchanged are prisoners too
    // and so are people brought "from captivity" ("95 people from Russian captivity")
    let from_captivity = s.has(Cat::Captivity)
        && s.tags.iter().filter(|t| t.cat == Cat::Captivity).any(|c| {
            s.tags.iter().any(|f| {
                f.cat == Cat::FromPrep
                    && f.end <= c.start
                    && s.text[f.end..c.start].split_whitespace().count() <= 1
                    && !s.text[f.end..c.start].contains([',', '.', ';', ':'])
            })
        });
    let soldiers = s.has(Cat::Military)
        || s.has(Cat::Prisoners)
        || s.has(Cat::Nationals)
        || ((is_swap || from_captivity) && s.has(Cat::People));
    let has_prisoners = s.has(Cat::Prisoners) || (!has_remains && people_moved && soldiers);
    let zero = zero(s);
    // A plan word governs its own clause: the one the transfer word is in.
    let transfer_at = verb
        .map(|v| v.start)
        .or_else(|| reported_transfer_noun(s).map(|t| t.start))
        .or_else(|| s.tags.iter().find(|t| t.cat == Cat::TransferNoun).map(|t| t.start))
        .unwrap_or(0);
    let status = status_of(s, transfer_at, zero.is_some());
    let dates_or_none: Vec<Option<DateExpr>> =
        if own_dates.is_empty() { vec![None] } else { own_dates.iter().cloned().map(Some).collect() };
    let each = each_side(s);
    let mut out = Drafts::default();
    // "the 1000-for-1000 exchange": the deal's count per side names a
    // format, never a transfer of its own; a figure
    if is_swap {
        for (value, at) in hyphenated_pairs(s) {
            let subject = if has_remains { Subject::Remains } else { Subject::Prisoners };
            out.push(Draft {
                kind: ClaimKind::Figure,
                subject,
                quantity: Some(Found {
                    value,
                    qualifier: Qualifier::Exact,
                    start: at.0,
                    end: at.1,
                    number_start: at.0,
                }),
                from: None,
                to: None,
                status: Status::Completed,
                date: own_dates.first().cloned(),
                rule: "en-pair-figure",
            });
        }
    }
    // "since 2022, 4,552 have come home": every count adds up from a year on
    let since_a_year = tagger::since_a_year(text, s.tags);
    // "a total of 84 prisoners were returned on Tuesday": that day's count
    let one_day = s.has(Cat::Total) && tagger::dated_to_one_day(s.tags, own_dates);
    // "Of the 390 Ukrainians freed, 120 were civilians": the counts after
    // the group a sentence opens with are parts of it
    let opening_group = if s.has(Cat::Partitive) { opening_group(s, &found) } else { None };
    let mut sentence_roles: Option<(Side, Side)> = None;
    let mut counted = 0;
    let mut breakdown = false;
    let mut part_end: Option<usize> = None;
    for (i, q) in found.iter().enumerate() {
        if out.capped {
            break;
        }
        let next = found.get(i + 1).map_or(text.len(), |n| n.start).max(q.end);
        let after = &text[q.end..next];
        // "over two days": a length of time, not a count
        if s.just_after(q.end, Cat::TimeUnit).is_some() {
            continue;
        }
        // the ends of the first two, three and five words after the count
        let [_, two_words, three_words, _, five_words] = word_ends::<5>(after);
        let near_end = q.end + five_words;
        let total_from = back(text, q.start, 100);
        // "over the past year, Ukraine returned 1,800": a period in the
        // count's clause, or opening the sentence
        let in_period = s.has(Cat::Period) && {
            let (start, end) = dates::clause_range(text, q.start);
            s.tags.iter().any(|t| {
                t.cat == Cat::Period
                    && ((t.start >= start && t.end <= end) || text[..t.start].trim().is_empty())
            })
        };
        // (a sum over time counts no transfer, but it names no people by itself)
        let adds_up = since_a_year.is_some_and(|y| tagger::counts_since(text, y, q.start)) || in_period;
        let total = s.has(Cat::Total)
            && s.tags.iter().any(|t| {
                t.cat == Cat::Total
                    && t.start >= total_from
                    && t.end <= q.start
                    && !tagger::opens_a_day_count(text, t, q.start, one_day)
            });
        // "has returned 6,057 bodies so far": a total word after the count,
        // in its clause and before the next count, sums it up too (unless
        // the sentence tells one day: "84 in all on Tuesday")
        // (not one that dates an exchange named between: "95 prisoners in
        // the ninth swap since the beginning of the year")
        let total_after = s.has(Cat::Total) && !one_day && {
            let (_, clause_end) = dates::clause_range(text, q.start);
            s.within(q.end, clause_end.min(next))
                .take_while(|t| {
                    !matches!(t.cat, Cat::TransferNoun | Cat::Swap | Cat::Ordinal | Cat::Relative)
                })
                .any(|t| t.cat == Cat::Total)
        };
        let people_near = s.within(q.end, near_end).any(is_people_noun);
        let demonym_near = s.has_within(q.end, q.end + two_words, Cat::Nationals);
        // "Since 2022, 4,552 have come home": a sum with no noun, told by
        // the transfer verb right after it, counts the people moved
        let bare_sum = (adds_up || total || total_after)
            && is_transfer
            && s.within(q.end, q.end + three_words)
                .any(|t| is_transfer_verb(s, t) || t.cat == Cat::MovesPeople);
        if !people_near && !demonym_near && !total && !bare_sum {
            continue;
        }
        let total = total || total_after;
        let before_from = back(text, q.start, 24);
        // "390 prisoners, including 120 civilians", "12 people – nine soldiers
        // and three civilians", "35 of them": parts of a count already given
        // a list after "including" goes on being parts until a new verb
        let listed = part_end.is_some_and(|end: usize| {
            end <= q.start && !s.within(end, q.start).any(|t| is_transfer_verb(s, t))
        });
        let part = breakdown
            || listed
            || opening_group.is_some_and(|end| q.start >= end)
            || part_of_before(s, q.start)
            || s.just_after(q.end, Cat::PartOf).is_some();
        if part {
            let dash_before = text[..q.start].trim_end().ends_with(['–', '—']);
            breakdown |= dash_before && counted > 0;
            part_end = Some(q.end);
        } else {
            counted += 1;
        }
        let remains_near = s.within(q.end, near_end).any(|t| is_remains_or_dead(s, t))
            || s.has_within(before_from, q.start, Cat::RemainsOf);
        let subject = if remains_near {
            Subject::Remains
        } else if s.has(Cat::Captivity) && !is_transfer {
            Subject::Captives
        } else if s.has_within(q.end, near_end, Cat::Prisoners) {
            Subject::Prisoners
        } else if has_remains && (is_transfer || total) {
            Subject::Remains
        } else if s.has(Cat::Killed) {
            Subject::Killed
        } else if has_prisoners && is_transfer || bare_sum && from_captivity {
            // (a sum of those who came "from captivity" counts prisoners)
            Subject::Prisoners
        } else {
            Subject::Other
        };
        // "46,000 soldiers killed" outside a transfer counts the dead, not bodies moved
        let subject =
            if subject == Subject::Remains && !is_transfer && !has_body { Subject::Killed } else { subject };
        // "one of the four remaining hostages": the group is a figure of its own
        if let (Some(group), false) = (&groups[i], subject == Subject::Other) {
            out.push(Draft::figure(
                subject,
                group.clone(),
                Status::Completed,
                own_dates.first().cloned(),
                "en-group",
            ));
        }
        // "for each hostage returned, Israel frees 15": a rate, not a transfer
        let rate = s.has(Cat::Rate) && s.tags.iter().any(|t| t.cat == Cat::Rate && t.end <= q.start);
        let transfer = is_transfer
            && !part
            && !rate
            && q.qualifier == Qualifier::Exact
            && !total
            && !adds_up
            && matches!(subject, Subject::Remains | Subject::Prisoners);
        if !transfer {
            if subject == Subject::Other {
                continue; // a count of something else is not a fact Tally records
            }
            // (a figure of a plan or a failed swap is no completed one:
            // "the exchange of 300 prisoners was postponed")
            out.push(Draft::figure(subject, q.clone(), status, own_dates.first().cloned(), "en-figure"));
            // "exchanged about 250 people from each side": a bound is no
            // count of a transfer, but the swap went both ways
            // (only per side: "freed more than 200 in the latest of several
            // swaps" names no way's count, and its two transfers would date
            // the sentences after it)
            let per_side = s.has_within(q.end, near_end, Cat::Each);
            if is_transfer && per_side && !part && !total && subject == Subject::Prisoners {
                for date in &dates_or_none {
                    for (from, to) in [(sides.0, sides.1), (sides.1, sides.0)] {
                        out.push(Draft {
                            kind: ClaimKind::Transfer,
                            subject,
                            quantity: None,
                            from,
                            to,
                            status,
                            date: date.clone(),
                            rule: "en-swap-bound",
                        });
                    }
                }
            }
            continue;
        }
        // "ten Ukrainian prisoners ... in exchange for ten Russian soldiers":
        // in a swap too, the people's nationality is the receiver
        // "received 84 of its own troops": the people are the subject's
        let owner = if s.has(Cat::Own) && !each { owner_before(s, q) } else { None };
        let own_nationality =
            if each { None } else { owner.or_else(|| nationality(s, q.end, q.end + three_words)) };
        // "exchanged the bodies of 132 fallen soldiers": a total of both ways
        let remains_swapped = subject == Subject::Remains
            && s.tags
                .iter()
                .rfind(|t| t.end <= q.start && is_transfer_verb(s, t))
                .is_some_and(|v| v.cat == Cat::Swap);
        // "released from Russian captivity": who held them gives
        let held = if own_nationality.is_none() && !each { captivity_holder(s) } else { None };
        if let (Some(h), true) = (held, subject == Subject::Prisoners) {
            let (from, to) = (Some(h), other(Some(h), sides));
            if to.is_some() && q.qualifier == Qualifier::Exact && !part && !total {
                out.push_transfer_per_date(&dates_or_none, subject, q, (from, to), status, "en-captivity");
                continue;
            }
        }
        if (subject == Subject::Prisoners && is_swap || remains_swapped) && own_nationality.is_none() {
            // "Ukraine brought home 185 in an exchange with Russia": the count
            // is the way the verb says; the other way's count is not given.
            let one_way = if each { None } else { one_party_direction(s, sides) };
            // "releases 32 Armenians in exchange for two soldiers": the count
            // after "in exchange for" went the other way
            let one_way = match one_way {
                Some((f, t)) if s.just_before(q.start, Cat::ExchangeFor).is_some() => Some((t, f)),
                w => w,
            };
            let (a, b) = one_way.unwrap_or((sides.0, sides.1));
            if !each && one_way.is_none() {
                // the count of both ways together: a figure
                out.push(Draft::figure(
                    subject,
                    q.clone(),
                    status,
                    own_dates.first().cloned(),
                    "en-swap-total",
                ));
            }
            for date in &dates_or_none {
                if out.capped {
                    break;
                }
                for (from, to) in [(a, b), (b, a)] {
                    let quantity = (each || (one_way.is_some() && (from, to) == (a, b))).then(|| q.clone());
                    out.push(Draft {
                        kind: ClaimKind::Transfer,
                        subject,
                        quantity,
                        from,
                        to,
                        status,
                        date: date.clone(),
                        rule: "en-swap",
                    });
                }
            }
            continue;
        }
        let (from, to) = match owner.or_else(|| own_nationality_wide(s, q.end, next.min(q.end + 60))) {
            Some(n) => (other(Some(n), sides), Some(n)),
            None => *sentence_roles.get_or_insert_with(|| roles(s, sides)),
        };
        out.push_transfer_per_date(&dates_or_none, subject, q, (from, to), status, "en-transfer");
    }
    if counted > 0 || !is_transfer {
        return out;
    }
    // "the soldiers who were released are being treated": with no count, a
    // transfer verb only in a relative clause describes people already
    // reported, not a transfer of its own
    let described = !(s.has(Cat::TransferNoun) && s.has(Cat::EventVerb))
        && s.tags
            .iter()
            .filter(|t| is_transfer_verb(s, t))
            .all(|v| s.just_before(v.start, Cat::Relative).is_some());
    if described && zero.is_none() {
        return out;
    }
    // No number: an undisclosed count, or none at all.
    let zero_quantity = zero.map(|(start, end)| Found {
        value: 0,
        qualifier: Qualifier::Exact,
        start,
        end,
        number_start: start,
    });
    let mut subjects = Vec::new();
    if has_remains {
        subjects.push(Subject::Remains);
    }
    if has_prisoners {
        subjects.push(Subject::Prisoners);
    }
    for subject in subjects {
        // "have not exchanged any prisoners": no one went either way
        let swapped_none = zero_quantity.is_some() && verb.is_some_and(|v| v.cat == Cat::Swap);
        let directions =
            if subject == Subject::Prisoners && is_swap && (zero_quantity.is_none() || swapped_none) {
                vec![(sides.0, sides.1), (sides.1, sides.0)]
            } else {
                let adjective = s.mentions(0, text.len()).into_iter().find(|m| {
                    m.adjective && {
                        let end = text.len().min(m.end + 30);
                        s.within(m.end, end).any(is_people_noun)
                    }
                });
                match adjective {
                    Some(n) => vec![(other(Some(n.code), sides), Some(n.code))],
                    None => vec![roles(s, sides)],
                }
            };
        for (from, to) in directions {
            for date in &dates_or_none {
                if out.capped {
                    break;
                }
                let status = if zero_quantity.is_some() { Status::Completed } else { status };
                out.push(Draft {
                    kind: ClaimKind::Transfer,
                    subject,
                    quantity: zero_quantity.clone(),
                    from,
                    to,
                    status,
                    date: date.clone(),
                    rule: if zero_quantity.is_some() { "en-none" } else { "en-undisclosed" },
                });
            }
        }
    }
    out
}

/// [`nationality`] over the words after a count up to `end` (a byte offset,
/// moved back to a char boundary).
fn own_nationality_wide(s: Tagged, start: usize, end: usize) -> Option<&'static str> {
    let mut end = end;
    while !s.text.is_char_boundary(end) {
        end -= 1;
    }
    nationality(s, start, end)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::strategy::Strategy;

    fn one(text: &str) -> (u64, Qualifier) {
        let tags = crate::tagger::tag(text);
        let f = counts(Tagged::new(text, &tags));
        assert_eq!(f.len(), 1, "{text}: {f:?}");
        (f[0].value, f[0].qualifier)
    }

    /// Categories from the first to the last, and those the rules ask for.
    const SOME_CATS: [Cat; 16] = [
        Cat::Give,
        Cat::Receive,
        Cat::Remains,
        Cat::Dead,
        Cat::People,
        Cat::Swap,
        Cat::Killed,
        Cat::Prisoners,
        Cat::Military,
        Cat::Captivity,
        Cat::Nationals,
        Cat::Number,
        Cat::Month,
        Cat::Ordinal,
        Cat::Partitive,
        Cat::Relative,
    ];

    proptest::proptest! {
        #![proptest_config(proptest::test_runner::Config::with_cases(2048))]
        #[test]
        fn the_set_of_categories_answers_as_the_tags_do(picked in proptest::collection::vec(0..SOME_CATS.len(), 0..6)) {
            let tags: Vec<Tag> = picked.iter().enumerate().map(|(i, &c)| Tag { cat: SOME_CATS[c], start: i, end: i + 1, value: 0 }).collect();
            let s = Tagged::new("", &tags);
            for cat in SOME_CATS {
                proptest::prop_assert_eq!(s.has(cat), tags.iter().any(|t| t.cat == cat), "{:?} in {:?}", cat, picked);
            }
            let subjects = [Cat::Remains, Cat::Dead, Cat::Killed, Cat::Prisoners, Cat::Military, Cat::Captivity, Cat::Nationals];
            let by_tags = tags.iter().any(|t| t.cat == Cat::People) && tags.iter().any(|t| t.cat == Cat::Swap)
                || tags.iter().any(|t| subjects.contains(&t.cat));
            proptest::prop_assert_eq!(names_a_subject(&tags), by_tags, "{:?}", picked);
        }
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

    #[test]
    fn paths_models_and_days_of_a_month_are_no_counts() {
        let none = |text: &str| {
            let tags = crate::tagger::tag(text);
            counts(Tagged::new(text, &tags)).is_empty()
        };
        assert!(none("see /news/40224361/ for more"));
        assert!(none("an Il-76 transport plane"));
        assert!(none("on March 15 and 3 April"));
    }

    /// [`status_of`] as it was, the clause always found.
    fn status_in_clause(s: Tagged, clause: (usize, usize), at: usize, zero: bool) -> Status {
        let denied = s.has(Cat::Denial) && tagger::denied(s.text, s.tags, at);
        if denied || (s.has_within(clause.0, clause.1, Cat::Failed) && !zero) {
            Status::Failed
        } else if s.has_within(clause.0, clause.1, Cat::Modality) {
            Status::Planned
        } else if (negated_transfer(s) || s.has(Cat::Failed)) && !zero {
            Status::Failed
        } else {
            Status::Completed
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::test_runner::Config::with_cases(2048))]
        /// The status found without the clause when no modality word is in
        /// the sentence is the one found in the clause.
        #[test]
        fn status_without_the_clause_is_the_status_in_it(
            parts in proptest::collection::vec(proptest::prop_oneof![
                3 => claim_words(),
                1 => proptest::sample::select(vec![
                    "failed", "fell through", "planned", "expected", "agreed", "will", "not", ";", "(", " - ",
                ]).prop_map(str::to_string),
            ], 0..9),
            glue in "[ ,]{1,2}",
            at in 0usize..120,
            zero: bool,
        ) {
            let text = parts.join(&glue);
            let tags = crate::tagger::tag(&text);
            let s = Tagged::new(&text, &tags);
            let at = at.min(text.len());
            proptest::prop_assert_eq!(
                status_of(s, at, zero),
                status_in_clause(s, dates::clause_range(&text, at), at, zero),
                "{:?} at {}", text, at
            );
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::test_runner::Config::with_cases(2048))]
        #[test]
        fn a_sentence_the_claim_pretest_rejects_drafts_nothing(
            parts in proptest::collection::vec(claim_words(), 0..9),
            glue in "[ ,]{1,2}",
        ) {
            let text = parts.join(&glue);
            let sides = (Some("RU"), Some("UA"));
            let tags = crate::tagger::tag(&text);
            let s = Tagged::new(&text, &tags);
            for own_dates in [vec![], vec![DateExpr::Today]] {
                proptest::prop_assert!(
                    could_make_a_claim(s) || sentence_drafts(s, sides, &own_dates).list.is_empty(),
                    "{text:?}"
                );
            }
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::test_runner::Config::with_cases(1024))]
        /// A sentence's tags come by start, and the tags found within a
        /// stretch by a binary search are those a look at every tag finds.
        #[test]
        fn tags_within_a_stretch_are_those_a_look_at_every_tag_finds(
            parts in proptest::collection::vec(claim_words(), 0..9),
            glue in "[ ,]{1,2}",
            stretches in proptest::collection::vec((0usize..120, 0usize..120), 16),
        ) {
            let text = parts.join(&glue);
            let tags = crate::tagger::tag(&text);
            proptest::prop_assert!(tags.windows(2).all(|w| w[0].start <= w[1].start), "{:?}", text);
            let s = Tagged::new(&text, &tags);
            let mut stretches = stretches;
            stretches.extend(tags.iter().flat_map(|t| [(t.start, t.end), (t.end, t.start), (t.start, t.start)]));
            for (start, end) in stretches {
                let every: Vec<&Tag> = tags.iter().filter(|t| t.start >= start && t.end <= end).collect();
                proptest::prop_assert_eq!(s.within(start, end).collect::<Vec<_>>(), every, "{:?} {}..{}", text, start, end);
            }
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::test_runner::Config::with_cases(1024))]
        /// The tags just before and just after a place, found from the runs
        /// of white space around it, are those a look at every tag and the
        /// text between finds.
        #[test]
        fn tags_next_to_a_place_are_those_every_tag_and_the_text_between_give(
            parts in proptest::collection::vec(claim_words(), 0..9),
            glue in "[ ,]{1,2}|\u{a0}| \u{2003} ",
            places in proptest::collection::vec(0usize..120, 8),
        ) {
            let text = parts.join(&glue);
            let tags = crate::tagger::tag(&text);
            let s = Tagged::new(&text, &tags);
            let mut places: Vec<usize> = places.into_iter().filter(|&p| p <= text.len() && text.is_char_boundary(p)).collect();
            places.extend(tags.iter().flat_map(|t| [t.start, t.end]));
            let cats: std::collections::BTreeSet<Cat> = tags.iter().map(|t| t.cat).collect();
            for at in places {
                for &cat in &cats {
                    let before = tags.iter().find(|t| t.cat == cat && t.end <= at && text[t.end..at].trim().is_empty());
                    let after = tags.iter().find(|t| t.cat == cat && t.start >= at && text[at..t.start].trim().is_empty());
                    proptest::prop_assert_eq!(s.just_before(at, cat), before, "{:?} at {}", text, at);
                    proptest::prop_assert_eq!(s.just_after(at, cat), after, "{:?} at {}", text, at);
                }
            }
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::test_runner::Config::with_cases(1024))]
        /// A sentence has a category, by its set of them, when one of its
        /// tags has it (every category is tried).
        #[test]
        fn the_set_of_categories_holds_those_of_the_tags(
            parts in proptest::collection::vec(claim_words(), 0..9),
            glue in "[ ,]{1,2}",
        ) {
            let text = parts.join(&glue);
            let tags = crate::tagger::tag(&text);
            let s = Tagged::new(&text, &tags);
            for cat in all_categories() {
                proptest::prop_assert_eq!(s.has(cat), tags.iter().any(|t| t.cat == cat), "{:?} {:?}", text, cat);
            }
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::test_runner::Config::with_cases(1024))]
        /// What lets a look-up by category ([`Tagged::just_before`],
        /// [`Tagged::has_within`], a rule's search for a tag of one
        /// category) answer "none" without reading the tags: a sentence
        /// has a category, by its set, exactly when one of its tags has it,
        /// for every category, however few tags hold it.
        #[test]
        fn every_category_is_in_the_set_exactly_when_a_tag_has_it(
            picked in proptest::collection::vec(0usize..1000, 0..6)
        ) {
            let cats = all_categories();
            let tags: Vec<Tag> = picked
                .iter()
                .enumerate()
                .map(|(i, &c)| Tag { cat: cats[c % cats.len()], start: i, end: i + 1, value: 0 })
                .collect();
            let s = Tagged::new("", &tags);
            for &cat in &cats {
                proptest::prop_assert_eq!(s.has(cat), tags.iter().any(|t| t.cat == cat), "{:?} in {:?}", cat, tags);
            }
        }
    }

    /// Every category: the tags of a text holding one form of each
    /// category of the English lexicon, and those of the valued tables.
    fn all_categories() -> Vec<Cat> {
        let lexicon = tally_lexicon::language("en").expect("English");
        let mut text = String::from("1,000 ");
        for category in lexicon.categories() {
            let first = lexicon.words(category).first().map(String::as_str);
            for form in first.into_iter().chain(lexicon.valued(category).map(|(_, f)| f).take(1)) {
                text.push_str(form.trim_end_matches('*'));
                text.push_str(" . ");
            }
        }
        for (_, party) in lexicon.parties() {
            for form in party.names.iter().chain(&party.adjectives).take(2) {
                text.push_str(form);
                text.push_str(" . ");
            }
        }
        let mut cats: Vec<Cat> = crate::tagger::tag(&text).iter().map(|t| t.cat).collect();
        cats.sort();
        cats.dedup();
        assert!(cats.len() >= 40, "{cats:?}");
        cats
    }

    proptest::proptest! {
        #![proptest_config(proptest::test_runner::Config::with_cases(1024))]
        /// Remains and the dead found through the set of categories are
        /// those a look at every tag finds.
        #[test]
        fn remains_found_through_the_categories_are_those_of_every_tag(
            parts in proptest::collection::vec(claim_words(), 0..9),
            glue in "[ ,]{1,2}",
        ) {
            let text = parts.join(&glue);
            let tags = crate::tagger::tag(&text);
            let s = Tagged::new(&text, &tags);
            let every = (tags.iter().any(|t| is_remains_or_dead(s, t)), tags.iter().any(|t| is_remains(s, t)));
            proptest::prop_assert_eq!(remains_or_dead_and_body(s), every, "{:?}", text);
        }
    }

    /// [`words`] as it read the text a character at a time.
    fn words_by_chars(text: &str, n: usize) -> &str {
        let mut count = 0;
        let mut in_word = false;
        for (i, c) in text.char_indices() {
            if c.is_whitespace() {
                if in_word {
                    count += 1;
                    if count == n {
                        return &text[..i];
                    }
                }
                in_word = false;
            } else {
                in_word = true;
            }
        }
        text
    }

    #[test]
    fn ascii_white_space_is_the_white_space_of_its_character() {
        for b in 0..=0x7f_u8 {
            assert_eq!(is_ascii_space(b), char::from(b).is_whitespace(), "{b:#x}");
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::test_runner::Config::with_cases(4096))]
        /// Words read by bytes are those read a character at a time.
        #[test]
        fn words_read_by_bytes_are_words_read_by_chars(
            text in "([a-z1-9.,'’é\u{85}\u{a0}\u{2003}\u{3000}\u{b}\u{1c}\t\n\r ]|\\PC)*",
            n in 0usize..7,
        ) {
            proptest::prop_assert_eq!(words(&text, n), words_by_chars(&text, n));
            let ends = word_ends::<6>(&text);
            if n > 0 {
                proptest::prop_assert_eq!(ends[n - 1], words(&text, n).len(), "{:?} {}", text, n);
            }
        }
    }

    /// Words sentences make claims with: subjects, transfer verbs and nouns,
    /// event verbs, numbers, parties, zero and total phrases, and filler.
    fn claim_words() -> impl Strategy<Value = String> {
        const VOCABULARY: &[&str] = &[
            "bodies",
            "remains",
            "prisoners",
            "POWs",
            "soldiers",
            "troops",
            "civilians",
            "killed",
            "fallen",
            "captivity",
            "held",
            "returned",
            "the returned",
            "handed over",
            "received",
            "released",
            "sent",
            "exchange",
            "swap",
            "handover",
            "took place",
            "was carried out",
            "scheduled",
            "1,000",
            "212",
            "two",
            "a dozen",
            "hundreds of",
            "not a single",
            "no",
            "each side",
            "in total",
            "so far",
            "Russia",
            "Ukraine",
            "Ukrainian",
            "Russian",
            "Moscow",
            "Kyiv",
            "to",
            "from",
            "by",
            "the",
            "of",
            "said",
            "according to",
            "on Friday",
            "will",
            "failed",
        ];
        proptest::prop_oneof![
            4 => proptest::sample::select(VOCABULARY).prop_map(str::to_string),
            1 => "[a-z]{1,8}",
        ]
    }
}
