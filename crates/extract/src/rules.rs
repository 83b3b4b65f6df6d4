//! Claim rules over tags ([`crate::tagger`]): language-neutral, so the same
//! rule reads "Россия передала Украине 1000 тел" and "Росія передала Україні
//! 1000 тіл". Each rule has a name, recorded on the claims it makes.
//!
//! Rules, in the order they are tried for each count of a sentence:
//! - `question-or-condition`: a question or a conditional makes no claim.
//! - `period-total`: a count over a stretch of time ("за тиждень", "з 9 по
//!   15 червня", "с 2022 года") or after a total word ("загалом", "всего")
//!   is a figure, unless the total word opens the count in a sentence dated
//!   to one day ("во вторник в общей сложности 84": that day's count).
//! - `bound`: a count with a bound ("более 30", a range "от 150 до 200")
//!   is a figure.
//! - `rate`: a count after "за каждого", "for each" is a rate: a figure.
//! - `part-of`: a count right after "в том числе", "серед них" is a part of
//!   one given before: a figure.
//! - `no-transfer-verb`: a count of people with no transfer verb is a figure.
//! - `pair-equal`: "195 на 195" in a swap: that count each way (only when
//!   the pair is all the sentence counts: beside a one-way count it names
//!   the deal, not this transfer).
//!   Otherwise a pair of equal counts in a swap is a figure (`pair-figure`:
//!   "обмен в формате 1000 на 1000" gives the deal's count per side).
//! - `each-way`: "по 84 человека", "с каждой стороны": that count each way.
//! - `nationality`: the people counted have a nationality ("195 российских
//!   военнослужащих", "1000 тел солдат ВСУ"): it is the receiver.
//! - `gapped`: "Киев получил 1 тыс. тел, а Россия — 24": the count after a
//!   party and a dash repeats the first count's verb with that party.
//! - `roles`: the verb's roles: the subject of a giving verb gives, of a
//!   receiving verb receives; "от/з/from X" gives, "в/до/to X" and a bare
//!   dative receive; "из украинского плена" names who held them; a `return`
//!   verb with no receiver brings the subject's people home, but one with a
//!   pronoun receiver beside it ("вернула ей") gives; "111 своих" are the
//!   verb's subject's own people (`nationality`).
//! - `swap-undisclosed`: a swap with no count per side: both ways, no count.
//!
//! A missing side is the article's other party.

use tally_model::{Attribution, AttributionKind, ClaimKind, Qualifier, Status, Subject};

use crate::attribution::Speaker;
use crate::claims::{other, Draft, Drafts};
use crate::dates::DateExpr;
use crate::quantity::Found;
use crate::tagger::{self, party_code, Cat, Count, Tag};

type Side = Option<&'static str>;

fn is_party(cat: Cat) -> bool {
    matches!(cat, Cat::PartyName | Cat::PartyAdjective | Cat::PartyRecipient)
}

fn is_verb(cat: Cat) -> bool {
    matches!(cat, Cat::Give | Cat::Receive | Cat::Arrive | Cat::Return | Cat::Swap | Cat::Free)
}

/// Only spaces and dashes between two offsets.
fn joined(text: &str, end: usize, start: usize) -> bool {
    end <= start && text[end..start].chars().all(|c| c.is_whitespace() || matches!(c, '—' | '–' | '-'))
}

/// Nothing but spaces (and quotes) between two offsets.
fn next_to(text: &str, end: usize, start: usize) -> bool {
    end <= start
        && text[end..start].chars().all(|c| c.is_whitespace() || matches!(c, '"' | '«' | '»' | '“' | '”'))
}

/// The tags that make up the noun phrase after a count: up to a
/// punctuation mark, a verb, or five tags.
fn phrase_after<'t>(text: &str, tags: &'t [Tag], count: &Count) -> Vec<&'t Tag> {
    let mut out = Vec::new();
    let mut at = count.end;
    for t in tags.iter().skip(count.last_tag + 1) {
        let same_span = out.last().is_some_and(|l: &&Tag| l.start == t.start && l.end == t.end);
        if same_span {
            out.push(t);
            continue;
        }
        if t.start < at {
            continue;
        }
        if text[at..t.start].contains([',', '.', ';', ':', '(', ')', '—', '–'])
            || is_verb(t.cat)
            || out.len() >= 5
        {
            break;
        }
        // a count of its own ends the phrase
        if t.cat == Cat::Number {
            break;
        }
        at = t.end;
        out.push(t);
    }
    out
}

/// What a count counts: remains, prisoners (people moved), or nothing.
fn subject_of(text: &str, tags: &[Tag], count: &Count, phrase: &[&Tag]) -> Option<Subject> {
    // "тела 41 военного", "останки 31 военного": the noun before the count
    let before = tags[..count.last_tag].iter().rev().find(|t| t.end <= count.start);
    if before.is_some_and(|t| t.cat == Cat::Remains && next_to(text, t.end, count.start)) {
        return Some(Subject::Remains);
    }
    let first_noun = phrase.iter().find(|t| {
        matches!(t.cat, Cat::Remains | Cat::Prisoners | Cat::People | Cat::Dead) && !is_party(t.cat)
    })?;
    Some(match first_noun.cat {
        Cat::Remains => Subject::Remains,
        Cat::Dead if tagger::has(tags, Cat::Remains) => Subject::Remains,
        Cat::Dead => return None,
        _ => Subject::Prisoners,
    })
}

/// The roles a verb gives: (from, to), each maybe unknown. Only the
/// parties between the previous verb and the next one are its own; a speech
/// verb bounds them too: who speaks, and where, is no side ("сообщили в
/// Минобороны России", "В Москве Мединский сообщил, что ...").
/// `gives_back`: the sentence has its subject receive too ("повернула 909
/// тіл, а отримала 34"), so a `return` verb gives.
fn roles(text: &str, tags: &[Tag], verb: &Tag, gives_back: bool) -> (Side, Side) {
    let bounds = |cat: Cat| is_verb(cat) || cat == Cat::Speech;
    let lo = tags.iter().filter(|t| bounds(t.cat) && t.end <= verb.start).map(|t| t.end).max().unwrap_or(0);
    let hi = tags
        .iter()
        .filter(|t| bounds(t.cat) && t.start >= verb.end)
        .map(|t| t.start)
        .min()
        .unwrap_or(text.len());
    let mut agent = None;
    let mut from = None;
    let mut to = None;
    let mut recipient = None;
    for (i, t) in tags.iter().enumerate() {
        if !is_party(t.cat) || t.start < lo || t.end > hi {
            continue;
        }
        let code = Some(party_code(t.value));
        let prep =
            tags[..i].iter().rev().find(|p| p.end <= t.start).filter(|p| next_to(text, p.end, t.start));
        // "из украинского плена", "з ворожого полону": who held them
        let holds = tags.get(i + 1).is_some_and(|n| n.cat == Cat::Captivity && next_to(text, t.end, n.start));
        match prep.map(|p| p.cat) {
            Some(Cat::FromPrep) | Some(Cat::Held) => {
                from = from.or(code);
                continue;
            }
            Some(Cat::ToPrep) if t.cat != Cat::PartyAdjective => {
                to = to.or(code);
                continue;
            }
            _ => {}
        }
        if holds {
            from = from.or(code);
            continue;
        }
        let same_span_recipient =
            tags.iter().any(|o| o.cat == Cat::PartyRecipient && o.start == t.start && o.end == t.end);
        // A bare dative receives only next to its verb ("передала Украине",
        // "России вернули"); elsewhere the same form is mostly a genitive.
        let beside_verb = {
            let between = if t.end <= verb.start {
                &text[t.end..verb.start]
            } else {
                &text[verb.end..t.start.max(verb.end)]
            };
            // Only white space between: "подконтрольной Киеву территории
            // возвращены" is a place, not who receives.
            between.trim().is_empty()
                && tags
                    .iter()
                    .filter(|o| o.start >= t.end.min(verb.end) && o.end <= t.start.max(verb.start))
                    .count()
                    == 0
        };
        if same_span_recipient && t.cat != Cat::PartyAdjective && beside_verb {
            recipient = recipient.or(code);
            continue;
        }
        if t.cat == Cat::PartyName && t.end <= verb.start && !same_span_recipient {
            agent = code; // the nearest name before the verb
        }
    }
    let to = to.or(recipient);
    // "вернула ей 50 пленных": a pronoun beside the verb receives; whoever
    // it stands for, the subject gives
    let pronoun_receives = tags.iter().any(|p| {
        p.cat == Cat::RecipientPronoun
            && ((p.start >= verb.end && text[verb.end..p.start].trim().is_empty())
                || (p.end <= verb.start && text[p.end..verb.start].trim().is_empty()))
    });
    match verb.cat {
        Cat::Give => (from.or(agent), to),
        Cat::Receive => (from, to.or(agent)),
        Cat::Return if to.is_some() || gives_back || pronoun_receives => (from.or(agent), to),
        Cat::Return => (from, agent),
        _ => (from, to),
    }
}

fn draft(
    subject: Subject,
    count: Option<&Count>,
    from: Side,
    to: Side,
    status: Status,
    date: Option<DateExpr>,
    rule: &'static str,
) -> Draft {
    Draft { kind: ClaimKind::Transfer, subject, quantity: count.map(found), from, to, status, date, rule }
}

fn found(c: &Count) -> Found {
    Found { value: c.value, qualifier: c.qualifier, start: c.start, end: c.end, number_start: c.start }
}

/// The party that is a verb's subject: the nearest name before it with no
/// preposition before it and no form of a receiver ("Украина передала
/// России 84 пленных, а получила 111 своих": Украина, for both verbs).
fn subject_party(text: &str, tags: &[Tag], verb: &Tag) -> Side {
    tags.iter()
        .enumerate()
        .rev()
        .filter(|(_, t)| t.cat == Cat::PartyName && t.end <= verb.start)
        .find(|&(i, t)| {
            let prep = tags[..i].iter().rev().find(|p| p.end <= t.start).is_some_and(|p| {
                matches!(p.cat, Cat::FromPrep | Cat::ToPrep | Cat::Held) && next_to(text, p.end, t.start)
            });
            let recipient_form =
                tags.iter().any(|o| o.cat == Cat::PartyRecipient && o.start == t.start && o.end == t.end);
            !prep && !recipient_form
        })
        .map(|(_, t)| party_code(t.value))
}

/// Whether any party tag names a side: "Россия и Украина" (both) as subject.
fn parties_before(tags: &[Tag], verb: &Tag) -> Vec<&'static str> {
    let mut codes: Vec<&'static str> = tags
        .iter()
        .filter(|t| t.cat == Cat::PartyName && t.end <= verb.start)
        .map(|t| party_code(t.value))
        .collect();
    codes.sort_unstable();
    codes.dedup();
    codes
}

/// The nationality of the people a count's phrase names: an adjective
/// ("195 российских военнослужащих", "тел солдат ВСУ") or a party's name
/// right after the noun ("десять граждан США").
fn nationality(text: &str, phrase: &[&Tag], tags: &[Tag]) -> Option<&'static str> {
    if let Some(a) = phrase.iter().find(|t| t.cat == Cat::PartyAdjective) {
        return Some(party_code(a.value));
    }
    let first = phrase.iter().position(|t| matches!(t.cat, Cat::Remains | Cat::Prisoners | Cat::People))?;
    // "тел погибших солдат РФ": the chain of nouns (and "погибших") that
    // follows the first, each next to the one before
    let mut noun = phrase[first];
    for t in &phrase[first + 1..] {
        let chained =
            matches!(t.cat, Cat::Dead | Cat::People | Cat::Prisoners) && next_to(text, noun.end, t.start);
        if !chained {
            break;
        }
        noun = t;
    }
    let next = tags.iter().find(|t| t.start >= noun.end)?;
    // A form that is also a dative may say who receives ("передала 1000 тел
    // Украине"), but after a noun of people it is whose they are.
    let recipient_form = tags.iter().any(|o| o.cat == Cat::PartyRecipient && o.start == next.start)
        && !matches!(noun.cat, Cat::People | Cat::Prisoners);
    (next.cat == Cat::PartyName && !recipient_form && next_to(text, noun.end, next.start))
        .then(|| party_code(next.value))
}

/// The verb a count belongs to: the nearest before it, else the first after
/// it in its clause, else the sentence's.
fn verb_of<'t>(
    text: &str,
    tags: &'t [Tag],
    count: &Count,
    sentence_verb: Option<&'t Tag>,
) -> Option<&'t Tag> {
    let before = tags.iter().rev().find(|t| is_verb(t.cat) && t.end <= count.start);
    // (the clause is found only when no verb stands before the count)
    let after = || {
        let (_, clause_end) = crate::dates::clause_range(text, count.start);
        tags.iter().find(|t| is_verb(t.cat) && t.start >= count.end && t.end <= clause_end)
    };
    before.or_else(after).or(sentence_verb)
}

/// Whether a tag of `cat` lies in the clause around `at`.
fn in_clause(text: &str, tags: &[Tag], at: usize, cat: Cat) -> bool {
    let (start, end) = crate::dates::clause_range(text, at);
    tags.iter().any(|t| t.cat == cat && t.start >= start && t.end <= end)
}

/// Whether a sentence's tags may make a claim: it names what moves
/// (remains, prisoners, people), or it is a swap with a pair of counts
/// ("обмен в формате 1000 на 1000": the deal's count per side).
pub(crate) fn could_make_a_claim(tags: &[Tag]) -> bool {
    let has_subject = tags.iter().any(|t| matches!(t.cat, Cat::Remains | Cat::Prisoners | Cat::People));
    let pair_deal = tagger::has(tags, Cat::Swap)
        && tagger::has(tags, Cat::Pair)
        && tags.iter().filter(|t| t.cat == Cat::Number).count() >= 2;
    has_subject || pair_deal
}

/// The claims of one sentence read through its tags.
pub(crate) fn sentence_drafts(
    text: &str,
    tags: &[Tag],
    sides: (Side, Side),
    own_dates: &[DateExpr],
) -> Drafts {
    let mut out = Drafts::default();
    if !could_make_a_claim(tags) {
        return out;
    }
    // a sentence that names no one moved may still give a deal's figure
    let names_subject = tags.iter().any(|t| matches!(t.cat, Cat::Remains | Cat::Prisoners | Cat::People));
    // question-or-condition
    if text.trim_end().ends_with('?') || tagger::has(tags, Cat::Conditional) {
        return out;
    }
    let verb = tags
        .iter()
        .find(|t| is_verb(t.cat) && !t.cat.eq(&Cat::Swap))
        .or_else(|| tags.iter().find(|t| t.cat == Cat::Swap));
    // a denial ("опроверг", "заперечує") disputes the transfer: failed
    // a plan that fell through ("запланированный ... не состоялся") failed
    let denied =
        tagger::has(tags, Cat::Denial) && tagger::denied(text, tags, verb.map_or(text.len(), |v| v.start));
    let status = if denied || tagger::has(tags, Cat::Failed) {
        Status::Failed
    } else if tagger::has(tags, Cat::Modality) {
        Status::Planned
    } else if verb.is_some_and(|v| {
        // a negation just before the verb ("не передала")
        tags.iter().any(|n| n.cat == Cat::Negation && n.end <= v.start && v.start - n.end <= 2)
    }) {
        Status::Failed
    } else {
        Status::Completed
    };
    let dates: Vec<Option<DateExpr>> =
        if own_dates.is_empty() { vec![None] } else { own_dates.iter().cloned().map(Some).collect() };
    let counts = tagger::counts(text, tags);
    // period-total: "з 9 по 15 червня", "за тиждень", "загалом", "з 2022 року"
    let day_range = tags.windows(3).any(|w| {
        w[0].cat == Cat::Number
            && (1..=31).contains(&w[0].value)
            && matches!(w[1].cat, Cat::Each | Cat::ToPrep)
            && w[2].cat == Cat::Number
    });
    // "с 2022 года", "since 2022": the counts add up from a year on
    let since = tagger::since_a_year(text, tags);
    let (has_period, has_total) = (tagger::has(tags, Cat::Period), tagger::has(tags, Cat::Total));
    // (a clause is found only in a sentence with a word it looks for)
    // "во вторник в общей сложности вернулись 84": that day's count
    let one_day = has_total && tagger::dated_to_one_day(tags, own_dates);
    let cumulative_at = |at: usize| {
        day_range
            || since.is_some_and(|y| tagger::counts_since(text, y, at))
            || has_period && in_clause(text, tags, at, Cat::Period)
            || has_total
                && in_clause(text, tags, at, Cat::Total)
                && !tags
                    .iter()
                    .any(|t| t.cat == Cat::Total && tagger::opens_a_day_count(text, t, at, one_day))
    };
    let cumulative = day_range || since.is_some() || has_period || has_total;
    let is_swap = tagger::has(tags, Cat::Swap);
    let each_side = tags.iter().any(|t| t.cat == Cat::Each && text[t.start..t.end].contains(' '));
    let mut first_subject: Option<Subject> = None;
    let mut directed = false;
    let mut pairs_done = Vec::new();
    let receives = tagger::has(tags, Cat::Receive);
    for (k, count) in counts.iter().enumerate() {
        if out.capped {
            break;
        }
        if pairs_done.contains(&k) {
            continue;
        }
        let phrase = phrase_after(text, tags, count);
        let mut subject = subject_of(text, tags, count, &phrase);
        let mut nation = nationality(text, &phrase, tags);
        let mut count = count.clone();
        let joined_next = counts.get(k + 1).filter(|next| {
            tags.iter().any(|t| t.cat == Cat::Conj && t.start >= count.end && t.end <= next.start)
                && !text[count.end..next.start].contains([',', ';', ':', '.', '—', '–'])
                && !tags.iter().any(|t| is_verb(t.cat) && t.start >= count.end && t.end <= next.start)
        });
        if let Some(next) = joined_next {
            let next_phrase = phrase_after(text, tags, next);
            let next_subject = subject_of(text, tags, next, &next_phrase);
            let next_nation = nationality(text, &next_phrase, tags);
            if subject.is_none() && nation.is_some() {
                // "87 российских и 83 украинских военнослужащих": one noun for both
                subject = next_subject;
            } else if subject == Some(Subject::Prisoners)
                && next_subject == Some(Subject::Prisoners)
                // "126 военнослужащих и 17 мирных жителей России": a
                // nationality after the last noun may be the whole list's
                && (next_nation.is_none() || nation.is_none() || next_nation == nation)
                && count.qualifier == Qualifier::Exact
                && next.qualifier == Qualifier::Exact
                && count.value.checked_add(next.value).is_some()
            {
                // sum-one-way: "185 военных и 20 гражданских" went one way together
                count.value += next.value;
                count.end = next.end;
                count.last_tag = next.last_tag;
                nation = nation.or(next_nation);
                pairs_done.push(k + 1);
            }
        }
        let count = &count;
        let verb = verb_of(text, tags, count, verb);
        // "а получила 111 своих": the people are the verb's subject's own
        // (of what the sentence moves: "тела 111 своих" are remains)
        if nation.is_none()
            && phrase.first().is_some_and(|t| t.cat == Cat::Own && next_to(text, count.end, t.start))
        {
            if let Some(owner) = verb.and_then(|v| subject_party(text, tags, v)) {
                nation = Some(owner);
                subject = subject.or(first_subject).or(Some(Subject::Prisoners));
            }
        }
        // pair-equal: "195 на 195"
        if let Some(next) = counts.get(k + 1) {
            let pair = tags[count.last_tag + 1..]
                .iter()
                .take_while(|t| t.start < next.start)
                .any(|t| t.cat == Cat::Pair);
            if pair && joined_by_pair(text, count, next) {
                pairs_done.push(k + 1);
                if next.value == count.value
                    && is_swap
                    && verb.is_some()
                    && counts.len() == 2
                    && names_subject
                {
                    let subject = subject
                        .or_else(|| subject_of(text, tags, next, &phrase_after(text, tags, next)))
                        .unwrap_or(Subject::Prisoners);
                    for date in &dates {
                        for (from, to) in [(sides.0, sides.1), (sides.1, sides.0)] {
                            out.push(draft(
                                subject,
                                Some(count),
                                from,
                                to,
                                status,
                                date.clone(),
                                "pair-equal",
                            ));
                        }
                    }
                    directed = true;
                } else if next.value == count.value && is_swap {
                    // "в формате 1000 на 1000": the deal's count per side,
                    // a figure when no transfer of this sentence takes it
                    let subject = subject
                        .or_else(|| subject_of(text, tags, next, &phrase_after(text, tags, next)))
                        .unwrap_or(Subject::Prisoners);
                    out.push(Draft::figure(
                        subject,
                        found(count),
                        status,
                        own_dates.first().cloned(),
                        "pair-figure",
                    ));
                }
                continue;
            }
        }
        // gapped: ", а Россия — 24"
        let gap_party = tags[..count.last_tag].iter().rev().find(|t| t.end <= count.start).filter(|t| {
            t.cat == Cat::PartyName
                && joined(text, t.end, count.start)
                && text[t.end..count.start].contains(['—', '–', '-'])
        });
        let Some(subject) = subject.or(if gap_party.is_some() { first_subject } else { None }) else {
            continue;
        };
        first_subject.get_or_insert(subject);
        // "95 украинцев, в том числе 12 гражданских": a part of a count
        // given before, no transfer of its own
        let part = tags.iter().any(|t| {
            t.cat == Cat::PartOf
                && t.end <= count.start
                && text[t.end..count.start].split_whitespace().count() <= 2
                && !text[t.end..count.start].contains([',', ';', '.'])
        });
        let qualified = count.qualifier != Qualifier::Exact;
        let cumulative = cumulative_at(count.start);
        // "за каждого заложника — 15": a rate, not a transfer
        let rate = tags.iter().any(|t| t.cat == Cat::Rate && t.end <= count.start);
        if cumulative || qualified || rate || part || verb.is_none() {
            out.push(Draft {
                kind: ClaimKind::Figure,
                subject,
                quantity: Some(found(count)),
                from: None,
                to: None,
                status,
                date: own_dates.first().cloned(),
                rule: if qualified {
                    "bound"
                } else if rate {
                    "rate"
                } else if part {
                    "part-of"
                } else if cumulative {
                    "period-total"
                } else {
                    "no-transfer-verb"
                },
            });
            continue;
        }
        let Some(verb) = verb else { continue };
        // each-way: "по 84 человека", "с каждой стороны"
        let po = tags[..count.last_tag]
            .iter()
            .rev()
            .find(|t| t.end <= count.start)
            .is_some_and(|t| t.cat == Cat::Each && next_to(text, t.end, count.start));
        if po || (each_side && is_swap) {
            for date in &dates {
                for (from, to) in [(sides.0, sides.1), (sides.1, sides.0)] {
                    out.push(draft(subject, Some(count), from, to, status, date.clone(), "each-way"));
                }
            }
            directed = true;
            continue;
        }
        // nationality: the people counted belong to the receiver
        // none: "ни одного тела", "жодного тіла" is a count of zero
        let status = if count.value == 0 { Status::Completed } else { status };
        let (from, to, rule) = if let Some(n) = nation {
            (other(Some(n), sides), Some(n), "nationality")
        } else if let Some(p) = gap_party {
            let code = Some(party_code(p.value));
            match verb.cat {
                Cat::Receive | Cat::Arrive | Cat::Return => (other(code, sides), code, "gapped"),
                _ => (code, other(code, sides), "gapped"),
            }
        } else {
            let gives_back = receives || out.list.iter().any(|d| d.to.is_some());
            let (from, to) = roles(text, tags, verb, gives_back);
            if verb.cat == Cat::Swap
                && parties_before(tags, verb).len() != 1
                && from.is_none()
                && to.is_none()
            {
                continue; // a swap's total, no side named: not a count per side
            }
            let from = from.or_else(|| other(to, sides));
            let to = to.or_else(|| other(from, sides));
            (from, to, "roles")
        };
        for date in &dates {
            out.push(draft(subject, Some(count), from, to, status, date.clone(), rule));
        }
        directed = true;
    }
    // Without a count, the people must be what the verb moves: in its clause
    // ("обменялись ударами ..., погибли 17 человек" exchanged no one).
    let moves_people = verb.is_some_and(|v| {
        let (start, end) = crate::dates::clause_range(text, v.start);
        tags.iter().any(|t| {
            matches!(t.cat, Cat::Remains | Cat::Prisoners | Cat::People) && t.start >= start && t.end <= end
        })
    });
    // swap-undisclosed: "Россия и Украина обменялись военнопленными"
    if !directed
        && moves_people
        && is_swap
        && !cumulative
        && counts.iter().all(|c| c.qualifier == Qualifier::Exact)
    {
        let subject = if tagger::has(tags, Cat::Remains) { Subject::Remains } else { Subject::Prisoners };
        for date in &dates {
            for (from, to) in [(sides.0, sides.1), (sides.1, sides.0)] {
                if from.is_some() && to.is_some() {
                    out.push(draft(subject, None, from, to, status, date.clone(), "swap-undisclosed"));
                }
            }
        }
    } else if !directed && moves_people && !cumulative && counts.is_empty() {
        // one-way, no count: "В Україну повернули тіла загиблих"
        if let Some(verb) = verb.filter(|v| v.cat != Cat::Swap) {
            let subject = if tagger::has(tags, Cat::Remains) { Subject::Remains } else { Subject::Prisoners };
            let nationality = tags
                .iter()
                .find(|t| {
                    t.cat == Cat::PartyAdjective
                        && !tags.iter().any(|c| {
                            c.cat == Cat::Captivity && c.start >= t.end && next_to(text, t.end, c.start)
                        })
                })
                .map(|t| party_code(t.value));
            let (from, to) = match nationality {
                Some(n) => (other(Some(n), sides), Some(n)),
                None => roles(text, tags, verb, receives),
            };
            let from = from.or_else(|| other(to, sides));
            let to = to.or_else(|| other(from, sides));
            for date in &dates {
                out.push(draft(subject, None, from, to, status, date.clone(), "roles"));
            }
        }
    }
    out
}

/// The speaker a tagged sentence names with a speech verb ("сообщил
/// помощник президента Владимир Мединский", "Минобороны России сообщило"),
/// and the outlet it relays ("пише Укрінформ"). `None` without a speech
/// verb; a speech verb with no name continues the previous speaker.
pub(crate) fn speaker(text: &str, tags: &[Tag]) -> Option<Speaker> {
    let speech = tags.iter().find(|t| t.cat == Cat::Speech)?;
    let via = tags
        .iter()
        .find(|t| t.cat == Cat::Relay)
        .and_then(|r| capitalised_after(text, r.end).map(|(s, e)| text[s..e].to_string()));
    let span = capitalised_after(text, speech.end).or_else(|| capitalised_before(text, tags, speech.start));
    let Some((start, end)) = span else {
        return Some(Speaker::Continues { channel: None, via });
    };
    let mut name = text[start..end].trim_end_matches(['.', ',', '»', '"']).to_string();
    // "сообщил Зеленский в Telegram": a channel after a preposition ends the name
    let mut channel = None;
    if let Some((cut, ch)) = name.match_indices(' ').map(|(i, _)| i).find_map(|i| {
        let (prep, ch) = name[i + 1..].split_once(' ')?;
        let is =
            |category: &str, word: &str| tally_lexicon::is_form_in_any(category, &tally_lexicon::fold(word));
        (is("channel_prep", prep) && is("channel", ch)).then(|| (i, ch.to_string()))
    }) {
        name.truncate(cut);
        channel = Some(ch);
    }
    let end = start + name.len();
    let inside = |cat: Cat| tags.iter().any(|t| t.cat == cat && t.start >= start && t.end <= end);
    let words: Vec<&str> = name.split_whitespace().collect();
    let kind = if inside(Cat::Media) {
        AttributionKind::Media
    } else if inside(Cat::Institution)
        || inside(Cat::PartyName)
        || words.iter().any(|w| w.chars().all(|c| c.is_uppercase()))
    {
        // (a name holding a country's is an institution's: "Минобороны России")
        AttributionKind::Organisation
    } else if words.len() >= 2 && words.iter().all(|w| w.chars().next().is_some_and(char::is_uppercase)) {
        AttributionKind::Person
    } else if words.len() == 1
        && crate::attribution::is_surname_shaped(words[0], &tally_lexicon::fold(words[0]))
    {
        // "Лубинец заявил": one capitalised word that is no institution,
        // country or acronym is a person's surname
        AttributionKind::Person
    } else {
        AttributionKind::Organisation
    };
    Some(Speaker::Named(Attribution { name, kind, channel, via }))
}

/// The clause-bounded stretch after `at` from its first capitalised word
/// (a title in lower case before it is skipped: "президент Володимир
/// Зеленський"), at most eight words.
fn capitalised_after(text: &str, at: usize) -> Option<(usize, usize)> {
    let rest = &text[at..];
    let stop = rest.find([',', '.', ';', ':', '(', '—', '–', '«', '"', '“']).unwrap_or(rest.len());
    let rest = &rest[..stop];
    let (first, _) = rest.char_indices().find(|&(i, c)| {
        c.is_uppercase() && rest[..i].chars().next_back().is_none_or(|p| !p.is_alphanumeric())
    })?;
    let name = &rest[first..];
    // at most eight words
    let mut end = name.len();
    if let Some((i, _)) = name.match_indices(' ').nth(7) {
        end = i;
    }
    let name = name[..end].trim_end();
    (!name.is_empty()).then_some((at + first, at + first + name.len()))
}

/// The run of capitalised words that ends right before `at` ("Минобороны
/// России сообщило"), reaching back over lower-case words to the
/// institution whose name it ends ("Министерство обороны России",
/// "Міністерство оборони України", "Координаційний штаб"): a capitalised
/// word that is, or stands right before, an institution word, at most
/// six words back and with no punctuation between.
fn capitalised_before(text: &str, tags: &[Tag], at: usize) -> Option<(usize, usize)> {
    let before = text[..at].trim_end();
    let mut start = before.len();
    let mut word_end = before.len();
    for word in before.rsplit(' ') {
        if word.chars().next().is_some_and(char::is_uppercase) && !word.ends_with([',', '.', ':', ';']) {
            start = word_end - word.len();
            // (words are split at a space, one byte)
            word_end = start.saturating_sub(1);
        } else {
            break;
        }
    }
    // "В Москве Мединский сообщил": a place opening the run is where the
    // speaker spoke, not the speaker (a run of the place alone stays: "В
    // Киеве сообщили")
    let run: Vec<(usize, &str)> = before[start..]
        .split(' ')
        .scan(start, |at, w| {
            let here = *at;
            *at += w.len() + 1;
            Some((here, w))
        })
        .collect();
    let opens_with_place = run.first().is_some_and(|&(at, w)| {
        tags.iter()
            .any(|t| matches!(t.cat, Cat::ToPrep | Cat::FromPrep) && t.start == at && t.end == at + w.len())
    });
    if let (true, Some(&(place, word))) = (opens_with_place, run.get(1)) {
        // the place is the longest tag that starts there ("Минобороны России")
        let place_end =
            tags.iter().filter(|t| t.start == place).map(|t| t.end).max().unwrap_or(place + word.len());
        if let Some(&(speaker, _)) = run.iter().find(|&&(at, _)| at > place_end) {
            return Some((speaker, before.len()));
        }
    }
    // Reaching back is for a run that is no name of its own: none, or the
    // country an institution's name ends with ("Дмитро Лубінець" is a
    // person; the title before him is not his name).
    let country_only = start < before.len()
        && run.iter().all(|&(at, w)| {
            tags.iter().any(|t| t.cat == Cat::PartyName && t.start <= at && at + w.len() <= t.end)
        });
    if !country_only {
        return (start < before.len()).then_some((start, before.len()));
    }
    // the words before the run, nearest first, with where each starts
    let is_institution = |from: usize, to: usize| {
        tags.iter().any(|t| t.cat == Cat::Institution && t.start == from && t.end <= to)
    };
    // (the run starts after a space, one byte)
    let mut word_end = start.saturating_sub(1);
    let mut next_is_institution = start < before.len() && {
        let end = before[start..].find(' ').map_or(before.len(), |i| start + i);
        is_institution(start, end)
    };
    for _ in 0..6 {
        if word_end == 0 || !before[..word_end].ends_with(|c: char| c.is_alphanumeric()) {
            break;
        }
        let word_start = before[..word_end].rfind(' ').map_or(0, |i| i + 1);
        let word = &before[word_start..word_end];
        let institution = is_institution(word_start, word_end);
        if word.chars().next().is_some_and(char::is_uppercase) && (institution || next_is_institution) {
            start = word_start;
        }
        next_is_institution = institution;
        word_end = word_start.saturating_sub(1);
    }
    (start < before.len()).then_some((start, before.len()))
}

/// `ordinal-exchange`: "the 49th exchange", "50-й обмін", "the ninth swap":
/// how many exchanges there have been, a figure (subject `other`).
pub(crate) fn ordinal_figures(text: &str, tags: &[Tag], own_dates: &[DateExpr]) -> Vec<Draft> {
    let mut out = Vec::new();
    for (i, t) in tags.iter().enumerate() {
        // "the first exchange under the new deal" describes an exchange; it
        // does not count them, so "first" is never a figure of 1.
        if t.cat != Cat::Ordinal || t.value < 2 {
            continue;
        }
        let (clause_start, clause_end) = crate::dates::clause_range(text, t.start);
        let in_clause = |o: &Tag| o.start >= clause_start && o.end <= clause_end;
        // within three words' tags either side (a span tagged in several
        // categories is one word; function words such as "the" and "of" do not count)
        let swap_near = swap_within_three_words(&mut tags[i + 1..].iter(), &in_clause)
            || swap_within_three_words(&mut tags[..i].iter().rev(), &in_clause);
        if swap_near {
            out.push(Draft {
                kind: ClaimKind::Figure,
                subject: Subject::Other,
                quantity: Some(Found {
                    value: t.value as u64,
                    qualifier: Qualifier::Exact,
                    start: t.start,
                    end: t.end,
                    number_start: t.start,
                }),
                from: None,
                to: None,
                status: Status::Completed,
                date: own_dates.first().cloned(),
                rule: "ordinal-exchange",
            });
        }
    }
    out
}

/// Whether a swap tag `in_clause` has the span of one of the first three
/// spans of `tags` (in their order, each span once: a span tagged in
/// several categories is one word), function words ("the", "of") passed
/// over. Only those three spans are kept: each tag is compared with at
/// most three.
fn swap_within_three_words<'t>(
    tags: &mut dyn Iterator<Item = &'t Tag>,
    in_clause: &dyn Fn(&Tag) -> bool,
) -> bool {
    let mut spans: [(usize, usize); 3] = [(0, 0); 3];
    let mut found = 0;
    for o in tags.filter(|o| !matches!(o.cat, Cat::Determiner | Cat::Possessive | Cat::Partitive)) {
        let span = (o.start, o.end);
        if !spans[..found].contains(&span) {
            if found == spans.len() {
                continue; // a fourth word's (or later) tag
            }
            spans[found] = span;
            found += 1;
        }
        if o.cat == Cat::Swap && in_clause(o) {
            return true;
        }
    }
    false
}

/// "31 на 1000", "1000-for-1000": two counts joined by a pair word only.
fn joined_by_pair(text: &str, a: &Count, b: &Count) -> bool {
    let between = text[a.end..b.start].trim();
    let between = between.trim_matches(|c: char| c == '-' || c.is_whitespace());
    tally_lexicon::words_in_all("pair").any(|(_, w)| tally_lexicon::fold(between) == w)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Whether a swap tag `in_clause` spans one of the first three words
    /// around an ordinal, as `ordinal_figures` read it before it kept three
    /// spans only: every span's entry (a tag's span compared with all),
    /// then the first three entries.
    fn swap_in_first_three_of_every_span(tags: &[Tag], in_clause: &dyn Fn(&Tag) -> bool) -> bool {
        let mut out: Vec<((usize, usize), bool)> = Vec::new();
        for o in tags.iter().filter(|o| !matches!(o.cat, Cat::Determiner | Cat::Possessive | Cat::Partitive))
        {
            let swap = o.cat == Cat::Swap && in_clause(o);
            match out.iter_mut().find(|(span, _)| *span == (o.start, o.end)) {
                Some(entry) => entry.1 |= swap,
                None => out.push(((o.start, o.end), swap)),
            }
        }
        out.iter().take(3).any(|(_, swap)| *swap)
    }

    proptest::proptest! {
        /// Three spans kept as they come answer as every span's entry does,
        /// for tags in any order, spans repeated, near or apart.
        #[test]
        fn three_spans_kept_answer_as_every_span(
            picked in proptest::collection::vec((0..5usize, 0..3usize, 0..6usize), 0..12),
            clause_end in 0..6usize,
        ) {
            const CATS: [Cat; 6] = [Cat::Swap, Cat::Determiner, Cat::Prisoners, Cat::Swap, Cat::Partitive, Cat::Number];
            let tags: Vec<Tag> = picked
                .iter()
                .map(|&(start, len, cat)| Tag { cat: CATS[cat], start, end: start + len, value: 0 })
                .collect();
            let in_clause = |t: &Tag| t.end <= clause_end;
            proptest::prop_assert_eq!(
                swap_within_three_words(&mut tags.iter(), &in_clause),
                swap_in_first_three_of_every_span(&tags, &in_clause),
                "{:?}", tags
            );
        }
    }

    /// kind, subject, count, from, to, rule
    type Row = (ClaimKind, Subject, Option<u64>, Side, Side, &'static str);

    fn claims(text: &str) -> Vec<Row> {
        let sides = (Some("RU"), Some("UA"));
        sentence_drafts(text, &tagger::tag(text), sides, &[])
            .list
            .into_iter()
            .map(|d| (d.kind, d.subject, d.quantity.map(|q| q.value), d.from, d.to, d.rule))
            .collect()
    }

    use ClaimKind::{Figure, Transfer};
    use Subject::{Prisoners, Remains};

    use proptest::strategy::Strategy;

    /// Lexicon words of every category, numbers, punctuation and any
    /// character at all, in any order.
    fn pieces() -> impl Strategy<Value = String> {
        const WORDS: &[&str] = &[
            "Россия",
            "Украине",
            "передала",
            "вернула",
            "получила",
            "обмен",
            "обменялись",
            "по",
            "на",
            "тел",
            "пленных",
            "российских",
            "из",
            "плена",
            "не",
            "ни одного",
            "тысячу",
            "двести",
            "1 тыс.",
            "более",
            "23 ноября",
            "сегодня",
            "Росія",
            "Україні",
            "повернула",
            "тіл",
            "полону",
            "жодного",
            "50-й",
            "—",
            ",",
            ":",
            "«",
            "»",
            "’",
            "ʼ",
            "ё",
            "Ё",
            "1 020",
            "1\u{a0}200",
            "N",
            "?",
            "за тиждень",
            "загалом",
            "и",
            "і",
            "сообщило",
            "повідомили",
            "Министерство",
            "обороны",
            "России",
            "В",
            "Мединский",
        ];
        proptest::prop_oneof![
            4 => proptest::sample::select(WORDS).prop_map(str::to_string),
            1 => "[0-9]{1,5}",
            1 => "\\PC{0,4}",
        ]
    }

    proptest::proptest! {
        #![proptest_config(proptest::test_runner::Config::with_cases(1024))]
        #[test]
        fn any_text_is_tagged_and_read_without_panic(
            parts in proptest::collection::vec(pieces(), 0..14),
            glue in "[ ,.]{0,2}",
        ) {
            let text = parts.join(&glue);
            let tags = tagger::tag(&text);
            for t in &tags {
                proptest::prop_assert!(text.get(t.start..t.end).is_some(), "{:?} {:?}", text, t);
            }
            let _ = tagger::counts(&text, &tags);
            let _ = tagger::dates(&text, &tags);
            let _ = sentence_drafts(&text, &tags, (Some("RU"), Some("UA")), &[]);
            let _ = ordinal_figures(&text, &tags, &[]);
            let _ = speaker(&text, &tags);
        }
    }

    #[test]
    fn an_ordinal_counts_exchanges_but_first_describes_one() {
        let values = |text: &str| {
            ordinal_figures(text, &tagger::tag(text), &[])
                .iter()
                .filter_map(|d| d.quantity.as_ref().map(|q| q.value))
                .collect::<Vec<_>>()
        };
        assert_eq!(values("It was the 37th exchange since the war began."), vec![37]);
        assert!(values("The first large swap under the new deal took place in spring.").is_empty());
        assert!(values("Перший обмін за новою домовленістю відбувся навесні.").is_empty());
    }

    #[test]
    fn the_same_rule_reads_russian_and_ukrainian() {
        assert_eq!(
            claims("Россия передала Украине 757 тел погибших."),
            vec![(Transfer, Remains, Some(757), Some("RU"), Some("UA"), "roles")]
        );
        assert_eq!(
            claims("Росія передала Україні 757 тіл загиблих."),
            vec![(Transfer, Remains, Some(757), Some("RU"), Some("UA"), "roles")]
        );
    }

    #[test]
    fn nationality_captivity_and_gapping() {
        assert_eq!(
            claims("З ворожого полону повернулися 207 українців."),
            vec![(Transfer, Prisoners, Some(207), Some("RU"), Some("UA"), "nationality")]
        );
        assert_eq!(
            claims("Киев получил 1 тыс. тел, а Россия — 24."),
            vec![
                (Transfer, Remains, Some(1000), Some("RU"), Some("UA"), "roles"),
                (Transfer, Remains, Some(24), Some("UA"), Some("RU"), "gapped")
            ]
        );
    }

    #[test]
    fn pairs_each_way_totals_and_questions() {
        assert_eq!(claims("Стороны обменялись пленными по формуле 95 на 95.").len(), 2);
        assert_eq!(
            claims("Тогда домой вернулись по 84 человека с каждой стороны."),
            vec![
                (Transfer, Prisoners, Some(84), Some("RU"), Some("UA"), "each-way"),
                (Transfer, Prisoners, Some(84), Some("UA"), Some("RU"), "each-way")
            ]
        );
        assert_eq!(
            claims("Загалом з полону повернулося 3956 людей."),
            vec![(Figure, Prisoners, Some(3956), None, None, "period-total")]
        );
        assert!(claims("Передаст ли Россия Украине 500 тел?").is_empty());
        assert!(claims("Если Киев вернет 100 пленных, Москва передаст 100 тел.").is_empty());
        // unequal pair: no direction can be told
        assert!(claims("Состоялся обмен 31 на 1000.").iter().all(|c| c.2.is_none()));
    }

    #[test]
    fn a_return_with_no_receiver_brings_people_home() {
        assert_eq!(
            claims("Україна повернула 307 військових."),
            vec![(Transfer, Prisoners, Some(307), Some("RU"), Some("UA"), "roles")]
        );
        // "захисники" are Ukraine's whoever returns them
        assert_eq!(
            claims("Росія повернула 307 захисників."),
            vec![(Transfer, Prisoners, Some(307), Some("RU"), Some("UA"), "nationality")]
        );
        // a pronoun beside the verb receives: the subject gives
        assert_eq!(
            claims("Україна повернула їй 50 полонених."),
            vec![(Transfer, Prisoners, Some(50), Some("UA"), Some("RU"), "roles")]
        );
        // "своих": the subject's own people, for each of its verbs
        assert_eq!(
            claims("Украина передала России 84 пленных, а получила 111 своих."),
            vec![
                (Transfer, Prisoners, Some(84), Some("UA"), Some("RU"), "roles"),
                (Transfer, Prisoners, Some(111), Some("RU"), Some("UA"), "nationality")
            ]
        );
        assert_eq!(
            claims("Украина вернула России тела 41 военного."),
            vec![(Transfer, Remains, Some(41), Some("UA"), Some("RU"), "roles")]
        );
    }
}
