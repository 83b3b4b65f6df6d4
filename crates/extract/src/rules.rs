//! Claim rules over tags ([`crate::tagger`]): language-neutral, so the same
//! rule reads "Россия передала Украине 1000 тел" and "Росія передала Україні
//! 1000 тіл". Each rule has a name, recorded on the claims it makes.
//!
//! Rules, in the order they are tried for each count of a sentence:
//! - `question-or-condition`: a question or a conditional makes no claim.
//! - `period-total`: a count over a stretch of time ("за тиждень", "з 9 по
//!   15 червня") or after a total word ("загалом", "всего") is a figure.
//! - `bound`: a count with a bound ("более 30") is a figure.
//! - `no-transfer-verb`: a count of people with no transfer verb is a figure.
//! - `pair-equal`: "195 на 195" in a swap: that count each way (only when
//!   the pair is all the sentence counts: beside a one-way count it names
//!   the deal, not this transfer).
//! - `each-way`: "по 84 человека", "с каждой стороны": that count each way.
//! - `nationality`: the people counted have a nationality ("195 российских
//!   военнослужащих", "1000 тел солдат ВСУ"): it is the receiver.
//! - `gapped`: "Киев получил 1 тыс. тел, а Россия — 24": the count after a
//!   party and a dash repeats the first count's verb with that party.
//! - `roles`: the verb's roles: the subject of a giving verb gives, of a
//!   receiving verb receives; "от/з/from X" gives, "в/до/to X" and a bare
//!   dative receive; "из украинского плена" names who held them; a `return`
//!   verb with no receiver brings the subject's people home.
//! - `swap-undisclosed`: a swap with no count per side: both ways, no count.
//!
//! A missing side is the article's other party.

use tally_model::{ClaimKind, Qualifier, Status, Subject};

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

/// The roles a sentence's verb gives: (from, to), each maybe unknown.
fn roles(text: &str, tags: &[Tag], verb: &Tag) -> (Side, Side) {
    let mut agent = None;
    let mut from = None;
    let mut to = None;
    let mut recipient = None;
    for (i, t) in tags.iter().enumerate() {
        if !is_party(t.cat) {
            continue;
        }
        let code = Some(party_code(t.value));
        let prep =
            tags[..i].iter().rev().find(|p| p.end <= t.start).filter(|p| next_to(text, p.end, t.start));
        // "из украинского плена", "з ворожого полону": who held them
        let holds = tags.get(i + 1).is_some_and(|n| n.cat == Cat::Captivity && next_to(text, t.end, n.start));
        match prep.map(|p| p.cat) {
            Some(Cat::FromPrep) => {
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
            !between.contains([',', '.', ';', ':', '(', ')', '—', '–', '"', '«', '»'])
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
        if t.cat == Cat::PartyName && t.end <= verb.start {
            agent = code; // the nearest name before the verb
        }
    }
    let to = to.or(recipient);
    match verb.cat {
        Cat::Give => (from.or(agent), to),
        Cat::Receive => (from, to.or(agent)),
        Cat::Return if to.is_some() => (from.or(agent), to),
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

/// The claims of one sentence read through its tags.
pub(crate) fn sentence_drafts(text: &str, sides: (Side, Side), own_dates: &[DateExpr]) -> Drafts {
    let tags = tagger::tag(text);
    let mut out = Drafts::default();
    let has_subject = tags.iter().any(|t| matches!(t.cat, Cat::Remains | Cat::Prisoners | Cat::People));
    if !has_subject {
        return out;
    }
    // question-or-condition
    if text.trim_end().ends_with('?') || tagger::has(&tags, Cat::Conditional) {
        return out;
    }
    let verb = tags
        .iter()
        .find(|t| is_verb(t.cat) && !t.cat.eq(&Cat::Swap))
        .or_else(|| tags.iter().find(|t| t.cat == Cat::Swap));
    let status = if tagger::has(&tags, Cat::Modality) {
        Status::Planned
    } else if tagger::has(&tags, Cat::Failed) {
        Status::Failed
    } else if verb.is_some_and(|v| {
        tags.iter().any(|n| n.cat == Cat::Negation && n.end <= v.start && v.start - n.end <= 2)
    }) {
        Status::Failed
    } else {
        Status::Completed
    };
    let dates: Vec<Option<DateExpr>> =
        if own_dates.is_empty() { vec![None] } else { own_dates.iter().cloned().map(Some).collect() };
    let counts = tagger::counts(text, &tags);
    // period-total: "з 9 по 15 червня", "за тиждень", "загалом"
    let day_range = tags.windows(3).any(|w| {
        w[0].cat == Cat::Number
            && (1..=31).contains(&w[0].value)
            && matches!(w[1].cat, Cat::Each | Cat::ToPrep)
            && w[2].cat == Cat::Number
    });
    let cumulative = day_range || tagger::has(&tags, Cat::Period) || tagger::has(&tags, Cat::Total);
    let is_swap = tagger::has(&tags, Cat::Swap);
    let each_side = tags.iter().any(|t| t.cat == Cat::Each && text[t.start..t.end].contains(' '));
    let mut first_subject: Option<Subject> = None;
    let mut directed = false;
    let mut pairs_done = Vec::new();
    for (k, count) in counts.iter().enumerate() {
        if out.capped {
            break;
        }
        let phrase = phrase_after(text, &tags, count);
        let subject = subject_of(text, &tags, count, &phrase);
        // pair-equal: "195 на 195"
        if let Some(next) = counts.get(k + 1) {
            let pair = tags[count.last_tag + 1..]
                .iter()
                .take_while(|t| t.start < next.start)
                .any(|t| t.cat == Cat::Pair);
            if pair && joined_by_pair(text, count, next) {
                pairs_done.push(k + 1);
                if next.value == count.value && is_swap && verb.is_some() && counts.len() == 2 {
                    let subject = subject
                        .or_else(|| subject_of(text, &tags, next, &phrase_after(text, &tags, next)))
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
                }
                continue;
            }
        }
        if pairs_done.contains(&k) {
            continue;
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
        let qualified = count.qualifier != Qualifier::Exact;
        if cumulative || qualified || verb.is_none() {
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
        let nationality = phrase.iter().find(|t| t.cat == Cat::PartyAdjective).map(|t| party_code(t.value));
        let (from, to, rule) = if let Some(n) = nationality {
            (other(Some(n), sides), Some(n), "nationality")
        } else if let Some(p) = gap_party {
            let code = Some(party_code(p.value));
            match verb.cat {
                Cat::Receive | Cat::Arrive | Cat::Return => (other(code, sides), code, "gapped"),
                _ => (code, other(code, sides), "gapped"),
            }
        } else {
            let (from, to) = roles(text, &tags, verb);
            if verb.cat == Cat::Swap
                && parties_before(&tags, verb).len() != 1
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
        let clause = crate::dates::clause_at(text, v.start);
        let start = clause.as_ptr() as usize - text.as_ptr() as usize;
        let end = start + clause.len();
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
        let subject = if tagger::has(&tags, Cat::Remains) { Subject::Remains } else { Subject::Prisoners };
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
            let subject =
                if tagger::has(&tags, Cat::Remains) { Subject::Remains } else { Subject::Prisoners };
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
                None => roles(text, &tags, verb),
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

/// `ordinal-exchange`: "the 49th exchange", "50-й обмін", "the ninth swap":
/// how many exchanges there have been, a figure (subject `other`).
pub(crate) fn ordinal_figures(text: &str, own_dates: &[DateExpr]) -> Vec<Draft> {
    let tags = tagger::tag(text);
    let mut out = Vec::new();
    for (i, t) in tags.iter().enumerate() {
        if t.cat != Cat::Ordinal {
            continue;
        }
        let clause = crate::dates::clause_at(text, t.start);
        let clause_start = clause.as_ptr() as usize - text.as_ptr() as usize;
        let clause_end = clause_start + clause.len();
        let near = |o: &Tag| o.cat == Cat::Swap && o.start >= clause_start && o.end <= clause_end;
        let swap_near = tags[i + 1..].iter().take(3).any(near) || tags[..i].iter().rev().take(3).any(near);
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

/// "31 на 1000", "1000-for-1000": two counts joined by a pair word only.
fn joined_by_pair(text: &str, a: &Count, b: &Count) -> bool {
    let between = text[a.end..b.start].trim();
    let between = between.trim_matches(|c: char| c == '-' || c.is_whitespace());
    tally_lexicon::words_in_all("pair").any(|(_, w)| tally_lexicon::fold(between) == w)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn claims(text: &str) -> Vec<(ClaimKind, Subject, Option<u64>, Side, Side, &'static str)> {
        let sides = (Some("RU"), Some("UA"));
        sentence_drafts(text, sides, &[])
            .list
            .into_iter()
            .map(|d| (d.kind, d.subject, d.quantity.map(|q| q.value), d.from, d.to, d.rule))
            .collect()
    }

    use ClaimKind::{Figure, Transfer};
    use Subject::{Prisoners, Remains};

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
            claims("Україна повернула 307 захисників."),
            vec![(Transfer, Prisoners, Some(307), Some("RU"), Some("UA"), "roles")]
        );
        assert_eq!(
            claims("Украина вернула России тела 41 военного."),
            vec![(Transfer, Remains, Some(41), Some("UA"), Some("RU"), "roles")]
        );
    }
}
